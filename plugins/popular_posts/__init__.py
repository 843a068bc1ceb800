"""popular_posts: a "Popular posts" sidebar ranked from the owner's analytics export.

exports.py reads the files (GoatCounter, Plausible, GA4 or a plain CSV), urls.py folds
URL variants into one key per page, ranking.py counts and ranks; this module only
connects them to Pelican, once per build. Needs shortlist_core.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup
from pelican import signals
from shortlist_core.metadata import (
    ALIASES,
    YES_NO_EXPECTED,
    FieldRule,
    parse_yes_no,
    read_value,
    register_metadata_fields,
)
from shortlist_core.problems import NOTICE_LOGGER_NAME, REPORT, Problem, display_path
from shortlist_core.site_parts import register_site_data, register_work_ahead

from .exports import ExportError, export_files, read_export
from .ranking import WINDOWS, Tally, rank
from .settings import apply_defaults
from .urls import page_key

notice = logging.getLogger(NOTICE_LOGGER_NAME + ".popular_posts")


@dataclass
class PopularItem:
    title: str
    url: str
    date_iso: str
    date_label: str
    snippet: str
    views: int | None


def snippet(summary: str, words: int) -> str:
    """The summary as plain text, cut at a word boundary."""
    text = " ".join(Markup(summary or "").striptags().split())
    parts = text.split(" ")
    return text if len(parts) <= words else " ".join(parts[:words]).rstrip(",;:") + "…"


# The fields this plugin reads, in the table every file is checked against.
FEATURED = FieldRule("Featured", parse_yes_no, YES_NO_EXPECTED)


def candidates(articles: list[Any], settings: dict[str, Any]) -> list[Any]:
    """Published posts that may rank: jobs only when asked for, and then only open ones."""
    jobs = settings.get("JOBS_CATEGORY", "Jobs")
    chosen = []
    for post in articles:
        if str(getattr(post, "category", "")) == jobs:
            job = getattr(post, "job", None)
            if not settings["POPULAR_POSTS_INCLUDE_JOBS"] or job is None or not job.is_open:
                continue
        chosen.append(post)
    return chosen


def keys_of(post: Any) -> list[str]:
    """The post's own URL and its old ones (`Aliases:`), as page keys."""
    return [page_key("/" + post.url), *(page_key(a) for a in read_value(post.metadata, ALIASES, ()))]


# Each export's tally and problems, kept while the file is unchanged: the devserver
# rebuilds in one process, and re-reading a large export on every keystroke would cost
# seconds. The problems are kept too because each build's report starts empty.
_TALLIES: dict[tuple[str, int, int, str], tuple[Tally | None, list[Problem]]] = {}


def tally_of(path: Path, base_path: str) -> tuple[Tally | None, list[Problem]]:
    """One export's tally and problems, read once while the file is unchanged."""
    source = display_path(str(path))
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, base_path)
    if key not in _TALLIES:
        fresh, found = Tally(), []
        try:
            fresh.add(read_export(path, source, found), base_path, source)
            _TALLIES[key] = (fresh, found)
        except ExportError as error:
            _TALLIES[key] = (None, [*found, error.problem])
    return _TALLIES[key]


def read_ahead(context: dict[str, Any]) -> None:
    """The exports read into their cache early (shortlist_core's `register_work_ahead`:
    while the posts are read by other processes; some 60 ms at 1,000 posts' export):
    their problems are reported when the sidebar is made, as always."""
    folder = Path(context["PATH"]) / context["POPULAR_POSTS_PATH"]
    if folder.is_dir():
        base_path = analytics_base_path(context)
        for path in export_files(folder):
            tally_of(path, base_path)


def read_tally(folder: Path, base_path: str) -> tuple[Tally, int]:
    """Every export in the folder (.csv, .csv.gz, Plausible's .zip: told apart by their
    content), summed. A bad row is reported and left out while the file's other rows
    count; a file that cannot be read at all is reported and left out. Either way the
    problems fail a strict (publish) build."""
    tally, files = Tally(), 0
    for path in export_files(folder):
        files += 1
        source = display_path(str(path))
        one, problems = tally_of(path, base_path)
        REPORT.report(problems)
        if one is None:
            continue
        if not one.dated and not one.undated:
            notice.warning(
                "Popular posts: %s holds no page views (a GoatCounter export is empty while "
                "Settings → Data collection → “Individual pageviews” is off).",
                source,
            )
        tally.merge(one)
    return tally, files


def analytics_base_path(settings: dict[str, Any]) -> str:
    """The path the site lives under in the analytics (`/shortlist` for a GitHub project
    site): POPULAR_POSTS_SITE_PATH, else SITEURL's path. page_key strips it."""
    site_path = settings["POPULAR_POSTS_SITE_PATH"]
    return urlsplit(settings.get("SITEURL", "")).path if site_path is None else site_path


def popular_posts(context: dict[str, Any]) -> list[PopularItem]:
    """The sidebar's list, once per build (registered with shortlist_core): the
    context holds the settings and the published posts."""
    settings = context
    limit = settings["POPULAR_POSTS_MAX"]
    window = settings["POPULAR_POSTS_WINDOW"]
    if window not in WINDOWS:
        REPORT.report(
            [
                Problem(
                    "pelicanconf.py", "POPULAR_POSTS_WINDOW", f"{window!r} is not a window", "7d, 30d or all"
                )
            ]
        )
        window = "30d"
    posts = candidates(context.get("articles", []), settings)
    folder = Path(settings["PATH"]) / settings["POPULAR_POSTS_PATH"]
    site_path = analytics_base_path(settings)
    tally, files = read_tally(folder, site_path) if folder.is_dir() else (Tally(), 0)
    chosen: list[tuple[Any, int | None]]
    if files:
        if window != "all" and tally.undated_files:
            notice.warning(
                "Popular posts: %s have no dates, so they count only with POPULAR_POSTS_WINDOW = 'all'.",
                ", ".join(tally.undated_files),
            )
        posts_by_key = {key: post for post in posts for key in keys_of(post)}
        ranked, unmatched = rank(tally.views(window), posts_by_key, limit + 1)
        chosen = [(r.post, r.views) for r in ranked]
        if unmatched:
            top = sorted(unmatched.items(), key=lambda item: (-item[1], item[0]))
            shown = ", ".join(
                f"{key} ({views})" for key, views in top[: settings["POPULAR_POSTS_UNMATCHED_SHOWN"]]
            )
            notice.warning(
                "Popular posts: %d views of %d paths matched no post (drafts, pages, closed listings, "
                "old URLs: add those to a post's Aliases:). Most viewed: %s",
                sum(unmatched.values()),
                len(unmatched),
                shown,
            )
    else:  # no analytics: the posts marked Featured, newest first
        featured = [p for p in posts if read_value(p.metadata, FEATURED, False)]
        chosen = [(p, None) for p in sorted(featured, key=lambda p: p.date, reverse=True)[: limit + 1]]
    words = settings["POPULAR_POSTS_SNIPPET_WORDS"]
    return [
        PopularItem(
            title=post.title,
            url=post.url,
            date_iso=post.date.date().isoformat(),
            date_label=post.locale_date,
            snippet=snippet(post.summary, words),
            views=views,
        )
        for post, views in chosen
    ]


def popular_except(
    items: list[PopularItem] | None, current_url: str | None, limit: int = 5
) -> list[PopularItem]:
    """The list for one page: without the page's own post, at most `limit` long."""
    return [item for item in items or [] if item.url != current_url][:limit]


def set_up(pelican: Any) -> None:
    apply_defaults(pelican.settings)
    pelican.settings.setdefault("JINJA_FILTERS", {})["popular_except"] = popular_except


def register() -> None:
    register_metadata_fields([FEATURED])
    signals.initialized.connect(set_up)
    register_site_data("popular_posts", popular_posts)
    register_work_ahead(read_ahead)
