"""Blogger-style date grouping for post lists (pure; used as Jinja filters).

Templates only lay out what these return: the grouping and the header wording
live here, where they can be tested.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


def long_date(day: datetime.date) -> str:
    """'Friday, March 8, 2013', as Blogger heads a day's posts."""
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


@dataclass
class DayGroup:
    """The posts of one calendar day, in the order given."""

    day: datetime.date
    posts: list[Any] = field(default_factory=list)

    @property
    def label(self) -> str:
        return long_date(self.day)

    @property
    def iso(self) -> str:
        return self.day.isoformat()


def group_by_day(posts: Iterable[Any]) -> list[DayGroup]:
    """Consecutive posts of the same day under one header, keeping the list's order."""
    groups: list[DayGroup] = []
    for post in posts:
        day = post.date.date()
        if not groups or groups[-1].day != day:
            groups.append(DayGroup(day))
        groups[-1].posts.append(post)
    return groups
