"""Old addresses that keep working: a redirect page at each, on a host with no redirects.

GitHub Pages serves files and nothing else, so an old address keeps working only if
a file is there. For each address a post had (`Aliases:`, which `make import-blogger`
fills from the old blog) a small page is written at that path that sends the reader
on (meta refresh, an absolute canonical link for search engines, and a visible link
for everyone else). For a site moved from Blogger (its import.json is in the content
folder) Blogger's own addresses are kept too: `/search/label/<Label>` leads to the
label's page and `/2013/03/` to the month's archive.

The paths are the old blog's, relative to the site's root: on a project site
(https://name.github.io/blog) `/2013/03/why.html` is served at /blog/2013/03/why.html,
which is where the old links land once the old domain points here.

Pure functions; the Pelican glue is in __init__.py.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from shortlist_core.problems import Problem

# A post's path on Blogger: /2013/03/why-did-i-come-in-2.html.
BLOGGER_POST_PATH = re.compile(r"^/(\d{4})/(\d{2})/[^/]+\.html?$")


@dataclass(frozen=True)
class Redirect:
    save_as: str
    """The file written, relative to the output folder."""
    target: str
    """Where it sends the reader: a URL relative to the site (a post's `url`)."""
    source: str
    """What asked for it, for problems: the post's file, or the old blog."""
    old_path: str
    """The old address, as written."""


def alias_save_as(alias: str) -> str | None:
    """The output file serving an old address, or None when it cannot be one.

    `/2013/03/why.html` → `2013/03/why.html`; `/old/` and `/old` → `old/index.html`
    (GitHub Pages adds the slash); a full URL counts by its path; `?query` and
    `#fragment` are not part of a file. Percent-escapes are decoded (the server
    decodes them before it looks for the file).
    """
    path = urlsplit(alias).path if "://" in alias else alias.split("?", 1)[0].split("#", 1)[0]
    path = unquote(path)
    if not path.startswith("/") or "\x00" in path:
        return None
    parts = [part for part in path.split("/") if part]
    if not parts or any(part in (".", "..") for part in parts):
        return None
    joined = "/".join(parts)
    if path.endswith("/") or "." not in parts[-1]:
        return f"{joined}/index.html"
    return joined


def output_key(save_as: str) -> str:
    return posixpath.normpath(save_as).lstrip("/")


def label_save_as(label: str) -> str | None:
    """Blogger's `/search/label/<Label>` address of a label, as a folder page."""
    if not label.strip() or "/" in label or label in (".", "..") or "\x00" in label:
        return None
    return f"search/label/{label}/index.html"


def archive_months(old_paths: Iterable[str]) -> list[tuple[int, int]]:
    """The (year, month) of every Blogger post path, each once, sorted."""
    months = set()
    for old_path in old_paths:
        path = urlsplit(old_path).path if "://" in old_path else old_path
        found = BLOGGER_POST_PATH.match(path)
        if found:
            months.add((int(found[1]), int(found[2])))
    return sorted(months)


def plan(
    wanted: Iterable[Redirect], taken: Mapping[str, str], strict_sources: frozenset[str] = frozenset()
) -> tuple[list[Redirect], list[Problem]]:
    """The redirects to write: one per file, never over a page the site writes.

    `taken`: output files the site writes anyway, and what writes them. A redirect
    asked for by a post (`strict_sources`: its file is named) that would replace one
    of them, or that another post asked for first, is a problem naming both; the
    old blog's label and month addresses simply give way.
    """
    chosen: dict[str, Redirect] = {}
    problems: list[Problem] = []
    for redirect in wanted:
        key = output_key(redirect.save_as)
        other = taken.get(key) or (chosen[key].source if key in chosen else None)
        if other is None:
            chosen[key] = redirect
            continue
        if redirect.source in strict_sources and other != redirect.source:
            problems.append(
                Problem(
                    redirect.source,
                    "Aliases",
                    f"{redirect.old_path} is the address of {other}",
                    "an old address of this post that no other page of the site has",
                )
            )
    return list(chosen.values()), problems
