"""Views, referrers and Apply clicks per page, by day (pure, no Pelican): what
`make report` counts.

ranking.py counts views for the sidebar, back from the newest day in the data. A
report counts back from the build date and wants more of each hit: who sent the
reader, and which Apply buttons were pressed (GoatCounter events named
`apply:<listing path>`, which the kit's counting script sends). Both fold URL
variants into one key per page with urls.page_key, so the two never disagree on
what one page is.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

from .exports import Hit
from .urls import page_key

# The event the counting script sends when a reader presses a listing's Apply link.
APPLY_EVENT_PREFIX = "apply:"
# Query parameters GoatCounter takes as the referrer when a page's URL has one, in its
# order (arp242/goatcounter hit.go, Hit.Defaults: "Get referral from query").
CAMPAIGN_PARAMETERS = ("utm_source", "ref", "src", "source")


@dataclass
class PageStats:
    """One page's numbers: views per day, views with no date, referrers, Apply clicks."""

    views_by_day: dict[datetime.date, int] = field(default_factory=lambda: defaultdict(int))
    undated_views: int = 0
    """From exports without dates (Plausible's dashboard pages.csv, a path,views CSV)."""
    referrers: Counter[str] = field(default_factory=Counter)
    """Views per referrer; views with none are not counted here."""
    apply_clicks: int = 0

    def add(self, other: PageStats) -> None:
        for day, views in other.views_by_day.items():
            self.views_by_day[day] += views
        self.undated_views += other.undated_views
        self.referrers.update(other.referrers)
        self.apply_clicks += other.apply_clicks

    @property
    def views_all(self) -> int:
        return sum(self.views_by_day.values()) + self.undated_views

    def views_in(self, last_day: datetime.date, days: int) -> int:
        """Views in the `days` days that end with `last_day` (both ends counted)."""
        first_day = last_day - datetime.timedelta(days=days - 1)
        return sum(views for day, views in self.views_by_day.items() if first_day <= day <= last_day)

    def daily(self, last_day: datetime.date, days: int) -> tuple[int, ...]:
        """Views on each of the `days` days ending with `last_day`, oldest first."""
        return tuple(
            self.views_by_day.get(last_day - datetime.timedelta(days=back), 0)
            for back in range(days - 1, -1, -1)
        )

    def top_referrer(self) -> tuple[str, int] | None:
        """The referrer that sent most views, and how many; a tie goes to the name
        first in alphabetical order, so the report is the same on every run."""
        if not self.referrers:
            return None
        return min(self.referrers.items(), key=lambda item: (-item[1], item[0].lower(), item[0]))


@lru_cache(maxsize=200_000)  # a path is seen again and again in a large export
def campaign_source(url: str) -> str:
    """The referrer a page's URL names itself, as GoatCounter reads it: `utm_source`,
    else `ref`, `src` or `source`; "" when it names none."""
    if "?" not in url:  # most paths: no parsing
        return ""
    query = dict(parse_qsl(urlsplit(url.strip()).query))
    return next((query[name].strip() for name in CAMPAIGN_PARAMETERS if query.get(name, "").strip()), "")


def referrer_of(hit: Hit) -> str:
    """Who sent the reader: a campaign in the URL first (GoatCounter lets it win over
    the Referer header too), else the export's Referrer; "" for neither."""
    return campaign_source(hit.path) or hit.referrer


def apply_target(event_name: str) -> str | None:
    """The listing path an Apply event names (`apply:/jobs/brand-director/` →
    `/jobs/brand-director/`); None for any other event."""
    name = event_name.strip()
    if name[: len(APPLY_EVENT_PREFIX)].lower() != APPLY_EVENT_PREFIX:
        return None
    return name[len(APPLY_EVENT_PREFIX) :].strip() or None


@dataclass
class SiteStats:
    """Every page's numbers, by page key (urls.page_key)."""

    pages: dict[str, PageStats] = field(default_factory=lambda: defaultdict(PageStats))
    other_events: int = 0
    """Events that are not Apply clicks (downloads, other buttons): not counted."""

    def add(self, hits: Iterable[Hit], base_path: str) -> None:
        """Count hits read with `detail`. Pageviews count as views (and their referrer);
        `apply:` events as Apply clicks of the page they name; other events not at all."""
        pages = self.pages
        for hit in hits:
            if hit.event:
                target = apply_target(hit.path)
                if target is None:
                    self.other_events += hit.views
                else:
                    pages[page_key(target, base_path)].apply_clicks += hit.views
                continue
            stats = pages[page_key(hit.path, base_path)]
            if hit.day is None:
                stats.undated_views += hit.views
            else:
                stats.views_by_day[hit.day] += hit.views
            referrer = referrer_of(hit)
            if referrer:
                stats.referrers[referrer] += hit.views

    def merge(self, other: SiteStats) -> None:
        """Add another's numbers (one export file's, counted apart so that a file cut
        short in the middle counts not at all rather than in part)."""
        for key, page in other.pages.items():
            self.pages[key].add(page)
        self.other_events += other.other_events

    def merged(self, keys: Iterable[str]) -> PageStats:
        """One page's numbers under all its keys (its URL and its Aliases:), each key once."""
        total = PageStats()
        for key in dict.fromkeys(keys):
            found = self.pages.get(key)
            if found is not None:
                total.add(found)
        return total
