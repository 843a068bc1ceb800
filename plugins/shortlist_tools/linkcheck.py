"""A link checker over a whole output folder, as a browser would follow the links
(used by `make check`, check.py, and by the tests).

Every `href`/`src` in every HTML file is resolved against the page's own address
(the site served at `site_url`, which may have a path such as a project Pages site's
`/blog`), mapped back to a file in the output folder, and checked: the file exists,
and a `#fragment` names an id on that page. Links to other hosts are not followed.

Unlike a crawler it checks every link on every page (a crawler checks each URL once,
so a link that is right on one page and wrong on another can slip through), and
relative links are resolved per page, so a link that only works at one depth fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "form": "action"}
NOT_FOLLOWED = ("mailto", "tel", "data", "javascript")
# Where a link to this host but outside the site's base path is said to lead.
OUTSIDE_THE_SITE = "__outside_the_site__"


class PageLinks(HTMLParser):
    """The links and ids of one page (html.parser: fast, and it never fixes markup)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        """(tag, link) in the order they appear."""
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute):
            self.links.append((tag, values[attribute] or ""))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            _, _, target = (values.get("content") or "").partition("url=")
            if target:
                self.links.append((tag, target.strip()))


@dataclass(frozen=True)
class BrokenLink:
    page: str
    """The page it is on, relative to the output folder (`reflections/x/index.html`)."""
    link: str
    """As written in the page."""
    reason: str
    tag: str = "a"
    """The element: a, img, link, script, form or meta."""
    target: str = ""
    """The output file it leads to, relative to the output folder, or where it would be."""
    missing_id: str = ""
    """The #fragment the target page has no element for; "" when the file is missing."""

    def __str__(self) -> str:
        return f"{self.page}: {self.link} ({self.reason})"


def page_address(site_url: str, relative: str) -> str:
    """The URL a file is served at: `a/index.html` is served as `a/`."""
    path = relative[: -len("index.html")] if relative.endswith("index.html") else relative
    return f"{site_url.rstrip('/')}/{path}"


def target_file(output: Path, site_url: str, url: str) -> Path | None:
    """The output file an absolute URL points at, or None when it is another site."""
    site = urlsplit(site_url.rstrip("/") + "/")
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    path = unquote(parts.path)
    if not path.startswith(site.path):
        return output / OUTSIDE_THE_SITE / path.lstrip("/")
    relative = path[len(site.path) :]
    target = output / relative
    if relative == "" or relative.endswith("/"):
        target = target / "index.html"
    return target


def check_output(output: Path, site_url: str = "http://127.0.0.1:8000") -> tuple[list[BrokenLink], int]:
    """Every broken internal link in the output, and how many links were checked."""
    parsed: dict[Path, PageLinks] = {}
    for page in sorted(output.rglob("*.html")):
        links = PageLinks()
        links.feed(page.read_text(encoding="utf-8"))
        parsed[page.resolve()] = links
    broken: list[BrokenLink] = []
    checked = 0
    for page, links in parsed.items():
        relative = page.relative_to(output.resolve()).as_posix()
        base = urljoin(page_address(site_url, relative), links.base or "")
        for tag, link in links.links:
            if urlsplit(link).scheme in NOT_FOLLOWED:
                continue
            absolute = urljoin(base, link)
            target = target_file(output.resolve(), site_url, absolute)
            if target is None:
                continue
            checked += 1
            fragment = urlsplit(absolute).fragment
            where = target.relative_to(output.resolve()).as_posix()
            if not target.is_file():
                broken.append(BrokenLink(relative, link, f"no file {where}", tag, where))
            elif fragment and target.suffix == ".html":
                ids = parsed[target.resolve()].ids if target.resolve() in parsed else set()
                if unquote(fragment) not in ids:
                    broken.append(
                        BrokenLink(relative, link, f"no id {fragment!r}", tag, where, unquote(fragment))
                    )
    return broken, checked
