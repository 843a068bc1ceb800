"""Rank posts by page views in a window, like Blogger's Popular Posts gadget (pure)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .exports import Hit
from .urls import page_key

WINDOWS = {"7d": 7, "30d": 30, "all": None}


@dataclass
class Tally:
    """Views per page key: dated ones by day, undated ones apart."""

    dated: dict[str, dict[datetime.date, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    undated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    newest: datetime.date | None = None
    undated_files: list[str] = field(default_factory=list)

    def add(self, hits: Iterable[Hit], base_path: str, source: str) -> None:
        saw_undated = False
        for hit in hits:
            key = page_key(hit.path, base_path)
            if hit.day is None:
                self.undated[key] += hit.views
                saw_undated = True
            else:
                self.dated[key][hit.day] += hit.views
                if self.newest is None or hit.day > self.newest:
                    self.newest = hit.day
        if saw_undated:
            self.undated_files.append(source)

    def merge(self, other: Tally) -> None:
        for key, by_day in other.dated.items():
            for day, views in by_day.items():
                self.dated[key][day] += views
        for key, views in other.undated.items():
            self.undated[key] += views
        if other.newest and (self.newest is None or other.newest > self.newest):
            self.newest = other.newest
        self.undated_files += other.undated_files

    def views(self, window: str) -> dict[str, int]:
        """Views per key in the window, counted back from the newest date in the data."""
        days = WINDOWS[window]
        totals: dict[str, int] = defaultdict(int)
        start = self.newest - datetime.timedelta(days=days - 1) if days and self.newest else None
        for key, by_day in self.dated.items():
            totals[key] += sum(v for day, v in by_day.items() if start is None or day >= start)
        if days is None:
            for key, views in self.undated.items():
                totals[key] += views
        return dict(totals)


@dataclass
class Ranked:
    post: Any
    views: int


def rank(
    views: dict[str, int], posts_by_key: dict[str, Any], limit: int
) -> tuple[list[Ranked], dict[str, int]]:
    """The top `limit` posts, most views first, then newer, then by title; and the
    views of keys that matched no post."""
    per_post: dict[int, Ranked] = {}
    unmatched: dict[str, int] = {}
    for key, count in views.items():
        if not count:  # viewed only outside the window
            continue
        post = posts_by_key.get(key)
        if post is None:
            unmatched[key] = count
            continue
        entry = per_post.setdefault(id(post), Ranked(post, 0))
        entry.views += count
    ordered = sorted(
        (r for r in per_post.values() if r.views > 0),
        key=lambda r: (-r.views, -r.post.date.timestamp(), str(r.post.title)),
    )
    return ordered[:limit], unmatched
