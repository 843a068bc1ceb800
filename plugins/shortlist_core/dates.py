"""Blogger-style date grouping for post lists (pure; used as Jinja filters).

Templates only lay out what these return: the grouping and the header wording
live here, where they can be tested.
"""

from __future__ import annotations

import datetime
import functools
import locale
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# A list page heads each day's posts with its date and shows each post's time, and
# a post is on some ten list pages (the index, its labels, kind, author, archives):
# 1,000 posts asked for some 8,000 dates and times, each a strftime (Pelican's for
# the time: a regular expression over the format first). Each answer depends on the
# day (or the hour and minute) and the locale's names alone, so it is worked out
# once per process. The locale is part of the key: a long-running devserver may be
# given another one.


def long_date(day: datetime.date) -> str:
    """'Friday, March 8, 2013', as Blogger heads a day's posts (a date or a datetime)."""
    return _long_date(day.year, day.month, day.day, locale.setlocale(locale.LC_TIME))


@functools.lru_cache(maxsize=8192)
def _long_date(year: int, month: int, day_of_month: int, _locale: str) -> str:
    day = datetime.date(year, month, day_of_month)
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def time_of_day(moment: datetime.datetime) -> str:
    """'9:05 AM': the time a post under a day header shows, as `moment`'s own strftime
    ("%-I:%M %p", Pelican's SafeDatetime's) writes it, worked out once per minute of
    the day (and locale)."""
    key = (moment.hour, moment.minute, locale.setlocale(locale.LC_TIME))
    said = _TIMES_OF_DAY.get(key)
    if said is None:
        said = _TIMES_OF_DAY[key] = moment.strftime("%-I:%M %p")
    return said


_TIMES_OF_DAY: dict[tuple[int, int, str], str] = {}


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
