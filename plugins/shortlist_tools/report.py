"""`make report`: views per listing and per post, for the site's owner only.

Writes, into reports/ (git-ignored, never part of the site):

- `listings.csv`: one row per published listing, with the columns
  `path,title,status,closes,views_7d,views_30d,views_all,apply_clicks,top_referrer`;
- `posts.csv`: one row per published post (reflections, advice), with
  `path,title,kind,published,views_7d,views_30d,views_all,top_referrer`;
- `index.html`: both as tables, with a sparkline of each one's views per day over
  the last 30 days; one self-contained file (report_page.py).

The listings and posts are the site's own: the articles are read in this process by
Pelican with the project's settings and plugins (job_openings decides each listing's
status on the build date), and nothing is written. The default settings are
publishconf.py's, as for the published site the analytics measured: its address
gives the base path its URLs have in the exports, and drafts are never in it.

The numbers come from the analytics exports popular_posts reads (content/analytics/:
GoatCounter, Plausible, GA4 or a path,views CSV), read by its readers and folded into
one page per URL by its page_key (popular_posts/page_stats.py counts them): windows
end on the build date (SOURCE_DATE_EPOCH when set, else today in UTC). A bad row is
shown with its file and line and left out; the rest is counted. With no export at
all the report is still written, every count 0, and says where to put one.

Exit status: 0 when the report was written; 2 when it could not be (the settings or
content could not be read, or --out names a folder the site is built from or into).
Run from the project folder, as the Makefile does:

    python plugins/shortlist_tools/report.py [--content content] [-s publishconf.py] [--out reports]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import logging
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLUGINS = Path(__file__).resolve().parent.parent
if str(PLUGINS) not in sys.path:
    sys.path.insert(0, str(PLUGINS))

from markupsafe import Markup  # noqa: E402
from pelican import Pelican  # noqa: E402
from pelican.generators import ArticlesGenerator  # noqa: E402
from pelican.log import DEFAULT_LOG_HANDLER  # noqa: E402
from pelican.log import init as init_logging  # noqa: E402
from pelican.settings import read_settings  # noqa: E402
from popular_posts import analytics_base_path, keys_of  # noqa: E402
from popular_posts.exports import ExportError, export_files, read_export  # noqa: E402
from popular_posts.page_stats import SiteStats  # noqa: E402
from popular_posts.settings import apply_defaults as popular_posts_defaults  # noqa: E402
from shortlist_core.build_date import build_date  # noqa: E402
from shortlist_core.problems import Problem, display_path  # noqa: E402
from shortlist_tools.report_page import render_page  # noqa: E402
from shortlist_tools.report_rows import (  # noqa: E402
    LISTING_COLUMNS,
    POST_COLUMNS,
    Report,
    SitePage,
    listing_rows,
    post_rows,
    unmatched_apply_clicks,
)

PREFIX = "make report: "
DEFAULT_OUT = Path("reports")
# Folders the site is built into by the Makefile: the report never goes there.
BUILD_FOLDERS = ("output", "publish-output")


@dataclass
class Site:
    """What the report needs of the site."""

    name: str
    listings: list[SitePage]
    posts: list[SitePage]
    analytics_folder: Path
    base_path: str
    """The path the site lives under in the analytics, stripped from every URL."""
    public_folders: tuple[Path, ...]
    """The content folder and the build's output folder: the report never goes there."""


def plain(text: str) -> str:
    """A title without Typogrify's markup and entities."""
    return Markup(text).striptags().replace("\xa0", " ")


def site_pages(articles: Iterable[Any], jobs_category: str) -> tuple[list[SitePage], list[SitePage]]:
    """The published listings and posts, as plain data. A listing the build left out
    (a bad field: its problem was shown while reading) has no `job` and no row."""
    listings: list[SitePage] = []
    posts: list[SitePage] = []
    for post in articles:
        kind = str(post.category)
        fields = {
            "path": "/" + post.url,
            "title": plain(post.title),
            "kind": kind,
            "published": post.date.date(),
            "keys": tuple(keys_of(post)),
        }
        if kind != jobs_category:
            posts.append(SitePage(**fields))
            continue
        job = getattr(post, "job", None)
        if job is not None:
            listings.append(SitePage(**fields, status=job.status, closes=job.listing.closes))
    return listings, posts


def show_build_logs() -> None:
    """Pelican's console log handler, so a listing the reading leaves out says why
    (shortlist_core's collector on the root logger keeps basicConfig from working)."""
    init_logging(level=logging.WARNING)
    root = logging.getLogger()
    if DEFAULT_LOG_HANDLER not in root.handlers:
        root.addHandler(DEFAULT_LOG_HANDLER)


def read_site(content: Path, settings_file: Path) -> Site | str:
    """The site's published articles, read by Pelican in this process with the
    project's plugins (nothing is written); a message instead when it cannot start."""
    show_build_logs()
    with tempfile.TemporaryDirectory(prefix="shortlist-report-") as scratch:
        try:
            settings = read_settings(str(settings_file), override={"PATH": str(content.resolve())})
            built_into = Path(settings["OUTPUT_PATH"])
            settings["OUTPUT_PATH"] = scratch  # nothing is written; Pelican only wants a folder
            pelican = Pelican(settings)
        except SystemExit as stop:  # publishconf.py stops when it cannot tell the site's address
            code = stop.code
            if isinstance(code, str):
                return f"the site is read as make publish reads it, and that stopped:\n{code}"
            return (
                str(code)
                if code not in (None, 0, 1)
                else f"the settings in {settings_file} could not be read"
            )
        settings = pelican.settings
        popular_posts_defaults(settings)  # also when popular_posts is not in PLUGINS
        context = {
            **settings,
            "generated_content": {},
            "static_links": set(),
            "static_content": {},
            "localsiteurl": settings["SITEURL"],
        }
        articles = ArticlesGenerator(
            context=context,
            settings=settings,
            path=pelican.path,
            theme=pelican.theme,
            output_path=pelican.output_path,
        )
        articles.generate_context()
    listings, posts = site_pages(
        [*articles.articles, *articles.translations], settings.get("JOBS_CATEGORY", "Jobs")
    )
    return Site(
        name=plain(settings.get("SITENAME", "")),
        listings=listings,
        posts=posts,
        analytics_folder=Path(settings["PATH"]) / settings["POPULAR_POSTS_PATH"],
        base_path=analytics_base_path(settings),
        public_folders=(Path(settings["PATH"]), built_into),
    )


def count_exports(folder: Path, base_path: str) -> tuple[SiteStats, list[str], list[Problem]]:
    """Every export in the folder, counted; the files counted; the problems found.
    A bad row is left out, a file that cannot be read to its end (a download cut
    short) is left out whole, as Popular posts leaves it, and both are described with
    their file (and line)."""
    stats, counted, problems = SiteStats(), [], []
    if not folder.is_dir():
        return stats, counted, problems
    for path in export_files(folder):
        source = display_path(str(path))
        found: list[Problem] = []
        one = SiteStats()
        try:
            one.add(read_export(path, source, found, detail=True), base_path)
        except ExportError as error:
            found.append(error.problem)
        else:
            stats.merge(one)
            counted.append(source)
        problems += found
    return stats, counted, problems


def build_report(site: Site, today: datetime.date) -> Report:
    """The report on `today`: the site's pages with the exports' numbers."""
    stats, counted, problems = count_exports(site.analytics_folder, site.base_path)
    return Report(
        today=today,
        site_name=site.name,
        listings=listing_rows(site.listings, stats, today),
        posts=post_rows(site.posts, stats, today),
        exports=counted,
        analytics_folder=display_path(str(site.analytics_folder)).rstrip("/") + "/",
        problems=problems,
        unmatched_apply_clicks=unmatched_apply_clicks(stats, site.listings),
    )


def write_csv(path: Path, columns: Sequence[str], records: Iterable[Sequence[str | int]]) -> None:
    """A UTF-8 CSV with a header, quoted only where a value needs it."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(records)


def write_report(report: Report, out: Path) -> list[Path]:
    """listings.csv, posts.csv and index.html in `out`, which is made when missing."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "listings.csv", out / "posts.csv", out / "index.html"]
    write_csv(written[0], LISTING_COLUMNS, (row.listing_record() for row in report.listings))
    write_csv(written[1], POST_COLUMNS, (row.post_record() for row in report.posts))
    written[2].write_text(render_page(report), encoding="utf-8")
    return written


def public_folder_holding(out: Path, public: Iterable[Path]) -> Path | None:
    """The folder of the site (its content, or a folder it is built into) that `out`
    is in, if any: a report there could be published."""
    target = out.resolve()
    for folder in public:
        resolved = folder.resolve()
        if target == resolved or target.is_relative_to(resolved):
            return folder
    return None


def no_export_message(folder: str) -> str:
    return (
        f"no analytics export in {folder}, so every count is 0. Put your export there "
        "(GoatCounter: Settings → Export → CSV; Plausible's export zip; Google Analytics' Pages and "
        "screens CSV), or run `make analytics` with GOATCOUNTER_SITE and GOATCOUNTER_TOKEN set; "
        "then `make report` again."
    )


def summary(report: Report, written: Sequence[Path]) -> str:
    names = ", ".join(display_path(str(path)) for path in written)
    views = sum(row.views_all for row in (*report.listings, *report.posts))
    clicks = sum(row.apply_clicks for row in report.listings)
    listings, posts = len(report.listings), len(report.posts)
    return (
        f"Wrote {names}: {listings} listing{'s' if listings != 1 else ''} and {posts} "
        f"post{'s' if posts != 1 else ''}, {views:,} views and {clicks:,} Apply clicks, counted up to "
        f"{report.today.isoformat()}. Private: never part of the site, and reports/ is git-ignored."
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make report", description="Views per listing and per post, from your analytics exports."
    )
    parser.add_argument("--content", type=Path, default=Path("content"), help="the content folder")
    parser.add_argument(
        "-s", "--settings", type=Path, default=Path("publishconf.py"), help="the settings file"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the report goes (reports/)")
    args = parser.parse_args(argv)

    site = read_site(args.content, args.settings)
    if isinstance(site, str):
        print(PREFIX + site, file=sys.stderr)
        return 2
    public = (*site.public_folders, *(Path(name) for name in BUILD_FOLDERS))
    inside = public_folder_holding(args.out, public)
    if inside is not None:
        print(
            f"{PREFIX}{args.out} is inside {display_path(str(inside))}, which the site is built from or "
            "into: the report is private, so it goes anywhere else (the default is reports/).",
            file=sys.stderr,
        )
        return 2
    report = build_report(site, build_date())
    report.folder = display_path(str(args.out)).rstrip("/") + "/"
    if report.problems:
        print(f"{PREFIX}left out of the count (everything else was counted):", file=sys.stderr)
        for problem in report.problems:
            print(f"  - {problem}", file=sys.stderr)
    if not report.has_exports:
        print(PREFIX + no_export_message(report.analytics_folder), file=sys.stderr)
    for path, clicks in report.unmatched_apply_clicks.items():
        print(f"{PREFIX}{clicks} Apply click(s) on {path}, which is no listing of the site.", file=sys.stderr)
    written = write_report(report, args.out)
    print(summary(report, written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
