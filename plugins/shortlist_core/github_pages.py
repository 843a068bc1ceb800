"""What GitHub Pages needs in the output folder besides the site itself."""

from __future__ import annotations

from pathlib import Path

from .problems import Problem


def write_cname(output_path: str, cname: str, content_path: str) -> list[Problem]:
    """Write CNAME from GITHUB_PAGES_CNAME; content/extra/CNAME is copied by Pelican.

    GitHub Pages forgets a custom domain whenever a deploy lacks the file, so it
    must be in every build. Two different domains is a mistake worth stopping for.
    """
    cname = cname.strip()
    if not cname:
        return []
    static_cname = Path(content_path) / "extra" / "CNAME"
    if static_cname.exists():
        existing = static_cname.read_text(encoding="utf-8").strip()
        if existing != cname:
            return [
                Problem(
                    "pelicanconf.py",
                    "GITHUB_PAGES_CNAME",
                    f"{cname!r} differs from {existing!r} in content/extra/CNAME",
                    "one custom domain: set it in one place",
                )
            ]
    Path(output_path).mkdir(parents=True, exist_ok=True)
    (Path(output_path) / "CNAME").write_text(cname + "\n", encoding="utf-8")
    return []
