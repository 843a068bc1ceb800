"""The rows of `make report` (pure, no Pelican, no files): one per listing and one per
post, from the site's pages and the counted exports.

report.py reads the site and the exports and writes the files; report_page.py lays
the rows out as HTML. Everything here is plain data in, plain data out.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from popular_posts.page_stats import PageStats, SiteStats
from shortlist_core.problems import Problem

# The CSV columns, in order. What each one means is in README ("For recruiters").
LISTING_COLUMNS = (
    "path",
    "title",
    "status",
    "closes",
    "views_7d",
    "views_30d",
    "views_all",
    "apply_clicks",
    "top_referrer",
)
POST_COLUMNS = ("path", "title", "kind", "published", "views_7d", "views_30d", "views_all", "top_referrer")
# The windows, counted back from the build date with the build date itself included.
SHORT_WINDOW_DAYS = 7
LONG_WINDOW_DAYS = 30
# The sparkline's days: the long window's.
SPARKLINE_DAYS = LONG_WINDOW_DAYS
# The order listings are shown in: roles still taking applications first.
STATUS_ORDER = {"open": 0, "closed": 1, "filled": 2}


@dataclass(frozen=True)
class SitePage:
    """A listing or post as the site has it, with the page keys its views come under."""

    path: str
    """Its address on the site, from the site's root: `/jobs/brand-director/`."""
    title: str
    kind: str
    """Its kind (category), e.g. Reflections, Advice or Jobs."""
    published: datetime.date
    keys: tuple[str, ...]
    """urls.page_key of its URL and of each of its Aliases:."""
    status: str = ""
    """A listing's status on the build date (open, closed or filled); "" for a post."""
    closes: datetime.date | None = None
    """A listing's last day to apply; None for a post."""


@dataclass(frozen=True)
class Row:
    page: SitePage
    views_7d: int
    views_30d: int
    views_all: int
    apply_clicks: int
    top_referrer: str
    top_referrer_views: int
    daily: tuple[int, ...]
    """Views on each of the last SPARKLINE_DAYS days, the build date last."""
    undated_views: int
    """Of views_all, those from exports without dates (in no window)."""

    def listing_record(self) -> tuple[str | int, ...]:
        """The row as listings.csv has it, in LISTING_COLUMNS order."""
        page = self.page
        closes = page.closes.isoformat() if page.closes else ""
        return (
            page.path,
            page.title,
            page.status,
            closes,
            self.views_7d,
            self.views_30d,
            self.views_all,
            self.apply_clicks,
            self.top_referrer,
        )

    def post_record(self) -> tuple[str | int, ...]:
        """The row as posts.csv has it, in POST_COLUMNS order."""
        page = self.page
        return (
            page.path,
            page.title,
            page.kind,
            page.published.isoformat(),
            self.views_7d,
            self.views_30d,
            self.views_all,
            self.top_referrer,
        )


@dataclass
class Report:
    """Everything the CSV files and the page show."""

    today: datetime.date
    """The build date: the last day of every window."""
    site_name: str
    listings: list[Row]
    posts: list[Row]
    exports: list[str]
    """The export files counted (as the user would type their paths)."""
    analytics_folder: str
    problems: list[Problem] = field(default_factory=list)
    """Rows and files of the exports that were left out, each with its file and line."""
    unmatched_apply_clicks: dict[str, int] = field(default_factory=dict)
    """Apply clicks on paths that are no listing of the site (page key → clicks)."""
    folder: str = "reports/"
    """Where the report is written, as the page names it."""

    @property
    def has_exports(self) -> bool:
        return bool(self.exports)


def row_for(page: SitePage, stats: PageStats, today: datetime.date) -> Row:
    """One page's numbers on the build date."""
    top = stats.top_referrer()
    return Row(
        page=page,
        views_7d=stats.views_in(today, SHORT_WINDOW_DAYS),
        views_30d=stats.views_in(today, LONG_WINDOW_DAYS),
        views_all=stats.views_all,
        apply_clicks=stats.apply_clicks,
        top_referrer=top[0] if top else "",
        top_referrer_views=top[1] if top else 0,
        daily=stats.daily(today, SPARKLINE_DAYS),
        undated_views=stats.undated_views,
    )


def listing_rows(listings: Iterable[SitePage], stats: SiteStats, today: datetime.date) -> list[Row]:
    """A row per listing: open ones first, then closed and filled, newest first in each."""
    ordered = sorted(
        listings, key=lambda page: (STATUS_ORDER.get(page.status, 3), -page.published.toordinal(), page.path)
    )
    return [row_for(page, stats.merged(page.keys), today) for page in ordered]


def post_rows(posts: Iterable[SitePage], stats: SiteStats, today: datetime.date) -> list[Row]:
    """A row per post, newest first."""
    ordered = sorted(posts, key=lambda page: (-page.published.toordinal(), page.path))
    return [row_for(page, stats.merged(page.keys), today) for page in ordered]


def unmatched_apply_clicks(stats: SiteStats, listings: Sequence[SitePage]) -> dict[str, int]:
    """Apply clicks naming a path that is no listing's (a listing since removed or
    renamed without Aliases:, or a typing slip in a hand-made event)."""
    known = {key for page in listings for key in page.keys}
    return {
        key: page.apply_clicks
        for key, page in sorted(stats.pages.items())
        if page.apply_clicks and key not in known
    }
