"""What GitHub Pages needs in the output folder besides the site itself."""

from __future__ import annotations

import re
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


_GITHUB_REMOTE = re.compile(
    r"^(?:https?://(?:[^@/]+@)?github\.com/|ssh://git@github\.com/|git@github\.com:)"
    r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


def pages_url_from_remote(remote: str) -> str | None:
    """The GitHub Pages address of a GitHub repository, from its git remote URL.

    `https://github.com/ana/jobs(.git)` and `git@github.com:ana/jobs.git` are a
    project site at `https://ana.github.io/jobs`; the repository `ana/ana.github.io`
    is the user site `https://ana.github.io`. Anything else: None.
    """
    match = _GITHUB_REMOTE.match(remote.strip())
    if match is None:
        return None
    owner, repo = match["owner"].lower(), match["repo"]
    if repo.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io"
    return f"https://{owner}.github.io/{repo}"


def published_siteurl(
    environment: str, configured: str, custom_domain: str, remote: str
) -> tuple[str | None, str]:
    """The address a published build links to, and where it came from.

    In order: the SITEURL environment variable (the Pages workflow sets it), the
    `PUBLISH_SITEURL` setting, a custom domain (GITHUB_PAGES_CNAME or
    content/extra/CNAME), the GitHub Pages address of the `origin` remote.
    """
    for url, origin in (
        (environment, "the SITEURL environment variable"),
        (configured, "PUBLISH_SITEURL in pelicanconf.py"),
        (f"https://{custom_domain}" if custom_domain else "", "the custom domain"),
        (pages_url_from_remote(remote) or "", f"the git remote {remote.strip()!r}"),
    ):
        if url.strip():
            return url.strip().rstrip("/"), origin
    return None, ""


NO_SITEURL = (
    "make publish: cannot tell the address the site is published at, so every link would be wrong.\n"
    "Set PUBLISH_SITEURL in the 'Your site' section of pelicanconf.py (e.g. "
    '"https://you.github.io/your-repo"), or put your custom domain in content/extra/CNAME, '
    "or push this repository to GitHub (git remote add origin https://github.com/you/your-repo)."
)
