"""`make check`: is the site ready to publish?

1. Builds the site exactly as `make publish` does (publishconf.py: strict, absolute
   addresses) but into a temporary folder, never output/ (which the devserver
   serves). The build lists its own problems, as `make publish` does.
2. Follows every link and picture of every page of that build (linkcheck.py) and
   reports each broken one as a problem naming the post or page it is written in:
   the build runs in this process, so each page is matched to the file it was made
   from through Pelican's own content objects. A broken link on a page the theme
   makes (a list, a label page) is put under the post whose summary carries it.
3. Warns about private data tracked by git: analytics exports and the search log.

Exits 1 when the build or the links have any problem, else 0 (warnings do not
fail). Run from the project folder, as the Makefile does:

    python plugins/shortlist_tools/check.py [content] [-s publishconf.py]
"""

from __future__ import annotations

import argparse
import logging
import re
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

PLUGINS = Path(__file__).resolve().parent.parent
if str(PLUGINS) not in sys.path:
    sys.path.insert(0, str(PLUGINS))

from pelican import Pelican, signals  # noqa: E402
from pelican.log import DEFAULT_LOG_HANDLER  # noqa: E402
from pelican.log import init as init_logging  # noqa: E402
from pelican.settings import read_settings  # noqa: E402
from shortlist_core.problems import Problem, ProblemReport, display_path  # noqa: E402
from shortlist_tools.linkcheck import (  # noqa: E402
    OUTSIDE_THE_SITE,
    BrokenLink,
    PageLinks,
    check_output,
    page_address,
)

# The lists Pelican's article and page generators keep their content objects in.
CONTENT_LISTS = (
    "articles",
    "pages",
    "translations",
    "hidden_articles",
    "hidden_pages",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "draft_pages",
    "draft_translations",
)
# Files in the content folder that must not be in a public repository, and why.
PRIVATE_DATA = {
    "POPULAR_POSTS_PATH": ("analytics", "analytics exports hold your readers' user agents and locations"),
    "SEARCH_LOG_PATH": ("search-log.csv", "the search log names the companies you applied to"),
}
NO_PROBLEMS = "No problems."


@dataclass
class BuiltSite:
    """What the check's build left: its settings, its output and each page's source."""

    settings: dict[str, Any]
    output: Path
    failed: bool
    sources: dict[str, Any]
    """Output file (relative to the output folder) → the content object written there."""


_BUILT: dict[str, Any] = {}


def _remember(generator: Any) -> None:
    for name in CONTENT_LISTS:
        for item in getattr(generator, name, None) or []:
            save_as = getattr(item, "save_as", "")
            if save_as and getattr(item, "source_path", None):
                _BUILT.setdefault(save_as, item)


def show_build_logs() -> None:
    """Pelican's console log handler, as the `pelican` command has it (shortlist_core's
    collector on the root logger would otherwise make logging.basicConfig do nothing)."""
    init_logging(level=logging.WARNING)
    root = logging.getLogger()
    if DEFAULT_LOG_HANDLER not in root.handlers:
        root.addHandler(DEFAULT_LOG_HANDLER)


def build(content: Path, settings_file: Path, output: Path) -> BuiltSite | str:
    """The publish build, in this process; a message instead when it cannot start."""
    show_build_logs()
    try:
        settings = read_settings(
            str(settings_file), override={"PATH": str(content.resolve()), "OUTPUT_PATH": str(output)}
        )
    except SystemExit as stop:  # publishconf.py stops when it cannot tell the site's address
        return str(stop.code) if stop.code not in (None, 0, 1) else "the settings could not be read"
    _BUILT.clear()
    signals.article_generator_finalized.connect(_remember)
    signals.page_generator_finalized.connect(_remember)
    failed = False
    try:
        pelican = Pelican(settings)
        pelican.run()
        settings = pelican.settings
    except SystemExit as stop:  # a strict build lists its problems, then exits 1
        failed = stop.code not in (None, 0)
    except Exception:
        traceback.print_exc()
        failed = True
    finally:
        signals.article_generator_finalized.disconnect(_remember)
        signals.page_generator_finalized.disconnect(_remember)
    return BuiltSite(settings=settings, output=output, failed=failed, sources=dict(_BUILT))


def _links_in(item: Any) -> set[str]:
    parser = PageLinks()
    for text in (getattr(item, "content", ""), getattr(item, "summary", "")):
        parser.feed(text or "")
    return {link for _, link in parser.links}


def _missing_pictures(item: Any) -> set[str]:
    """The pictures the build already reported missing in this post (shortlist_images)."""
    return {p.written for p in getattr(item, "shortlist_pictures", ()) if p.path is None}


def describe(broken: BrokenLink, source: str, site_url: str, indicator: re.Pattern[str]) -> Problem:
    """One broken link or picture as a problem of the file it is written in."""
    address = urljoin(page_address(site_url, broken.page), broken.link)
    picture = broken.tag == "img"
    field = f"{'image' if picture else 'link'} {broken.link!r}"
    written = indicator.match(broken.link)
    if written:  # {filename}…, {static}…: Pelican found no such file and left it as written
        return Problem(
            source,
            field,
            f"no such file in the content folder: {written.group('rest').lstrip('/')}",
            "the path of a post or page from the content folder, e.g. {filename}/pages/about.md, "
            "or of a file in it, e.g. {static}/images/desk.png",
        )
    if broken.target.startswith(OUTSIDE_THE_SITE + "/"):
        return Problem(
            source,
            field,
            f"it leads to {address}, outside the site, which is at {site_url.rstrip('/')}/",
            "{filename}/<folder>/<file>.md for a post or page, which is right wherever the site is published",
        )
    if broken.missing_id:
        return Problem(
            source,
            field,
            f"{address.partition('#')[0]} has no element with id {broken.missing_id!r}",
            "the id of a heading on that page, as its address in the browser ends after #",
        )
    if picture:
        return Problem(
            source,
            field,
            f"the built site has no picture at {address}",
            "the picture in content/images/, written as ![what it shows](images/<file name>)",
        )
    return Problem(
        source,
        field,
        f"the built site has no page at {address}",
        "{filename}/<folder>/<file>.md for a post or page, or the address of one of this site's pages",
    )


def link_problems(site: BuiltSite, broken: list[BrokenLink]) -> list[Problem]:
    """Each broken link once per file it is written in, in page order."""
    site_url = site.settings.get("SITEURL") or "http://localhost"
    indicator = re.compile(rf"(?:{site.settings['INTRASITE_LINK_REGEX']})(?P<rest>.*)\Z", re.S)
    sources = {save_as: display_path(item.source_path) for save_as, item in site.sources.items()}
    problems: dict[tuple[str, str, str], Problem] = {}
    written_in: dict[str, set[str]] = {}

    def add(source: str, link: BrokenLink) -> None:
        problems.setdefault((source, link.tag, link.link), describe(link, source, site_url, indicator))

    for link in broken:
        item = site.sources.get(link.page)
        if item is not None:
            if link.tag == "img" and link.link in _missing_pictures(item):
                continue  # reported by the build, with the post and the path
            add(sources[link.page], link)
            continue
        # A page the theme makes: the link is in a post's summary, or in the theme.
        owners = []
        for save_as, other in site.sources.items():
            if save_as not in written_in:
                written_in[save_as] = _links_in(other)
            if link.link in written_in[save_as]:
                owners.append(save_as)
        for owner in owners:
            if not (link.tag == "img" and link.link in _missing_pictures(site.sources[owner])):
                add(sources[owner], link)
        if not owners:
            add(f"{link.page} (made by the theme, in theme/templates/)", link)
    return list(problems.values())


def tracked_private_files(content: Path, settings: dict[str, Any]) -> list[tuple[str, str]]:
    """(file, why it is private) for each private data file git tracks; none outside git."""
    found: list[tuple[str, str]] = []
    for setting, (default, why) in PRIVATE_DATA.items():
        relative = str(settings.get(setting) or default)
        try:
            done = subprocess.run(
                ["git", "-C", str(content), "ls-files", "-z", "--", relative],
                capture_output=True,
                text=True,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            return []
        if done.returncode != 0:
            return []  # not a git repository
        # A file deleted here (as `make init` does) leaves git at the next commit.
        found += [(name, why) for name in done.stdout.split("\0") if name and (content / name).exists()]
    return found


def private_data_warnings(content: Path, settings: dict[str, Any]) -> list[str]:
    warnings = []
    for name, why in tracked_private_files(content, settings):
        path = display_path(str(content / name))
        warnings.append(
            f'{path} is committed to git: {why}; see README, "Private data" '
            f"(`git rm --cached {path}` stops tracking it and keeps your copy)"
        )
    return warnings


def report(problems: Iterable[Problem]) -> str:
    collected = ProblemReport()
    collected.extend(list(problems))
    return collected.format() if len(collected) else ""


def check(content: Path, settings_file: Path) -> int:
    """The whole check; prints what it finds and returns the exit status."""
    with tempfile.TemporaryDirectory(prefix="shortlist-check-") as folder:
        site = build(content, settings_file, Path(folder) / "output")
        if isinstance(site, str):
            print(f"make check: the site could not be built: {site}", file=sys.stderr)
            return 1
        broken, checked = check_output(site.output, site.settings.get("SITEURL") or "http://localhost")
        problems = link_problems(site, broken)
    warnings = private_data_warnings(content, site.settings)
    print()
    if problems:
        print("Broken links and pictures in the built site:")
        print(report(problems))
    else:
        print(f"Links and pictures: {checked} checked, none broken.")
    for warning in warnings:
        print(f"Warning: {warning}")
    if site.failed or problems:
        parts = (["the build's problems above"] if site.failed else []) + (
            [f"{len(problems)} broken link{'s' if len(problems) != 1 else ''}"] if problems else []
        )
        print(f"make check found problems ({' and '.join(parts)}): fix them and run it again.")
        return 1
    print(NO_PROBLEMS if not warnings else f"{NO_PROBLEMS[:-1]} (see the warnings above).")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", nargs="?", default="content", help="the content folder (content)")
    parser.add_argument("-s", "--settings", default="publishconf.py", help="settings file (publishconf.py)")
    args = parser.parse_args(argv)
    content = Path(args.content)
    if not content.is_dir():
        print(f"make check: no content folder {content}", file=sys.stderr)
        return 1
    return check(content, Path(args.settings))


if __name__ == "__main__":
    sys.exit(main())
