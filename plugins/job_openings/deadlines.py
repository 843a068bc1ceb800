"""The deadline calendar: every open role's closing day as an all-day event, in an
iCalendar file (RFC 5545) a reader subscribes to once in their calendar app
(pure, no Pelican; written with the `icalendar` library).

Two builds of the same listings on the same build date are the same, byte for byte:
each event's UID is derived from the listing's address, DTSTAMP is the build date,
and the events are in a fixed order. A role leaves the calendar when it closes or is
filled, because only open roles are given to it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from icalendar import Event

# `icalendar` is imported where a calendar is made, at the end of a build: importing it
# took 60 ms of every build's start-up, while nothing else runs.

PRODID = "-//Shortlist//Job listing deadlines//EN"
# The site is rebuilt daily (the Pages workflow), so a calendar app that asks again
# once a day sees roles come and go. REFRESH-INTERVAL is RFC 7986's; X-PUBLISHED-TTL
# is what Outlook and older Apple apps read.
REFRESH = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Deadline:
    """An open role as its calendar event shows it (plain text, an absolute URL)."""

    title: str
    company: str
    where: str
    closes: datetime.date
    """The last day to apply."""
    url: str
    """The listing's page, absolute (SITEURL-based)."""


def absolute_root(site_url: str, feed_domain: str | None) -> str:
    """The address listings' URLs start with, without a trailing slash.

    A published build has an absolute SITEURL. A development build has SITEURL ""
    and the devserver's address in FEED_DOMAIN (as the feeds use); failing both,
    http://localhost, since a calendar's URL and UID need a host.
    """
    if urlsplit(site_url).scheme:
        return site_url.rstrip("/")
    return ((feed_domain or "http://localhost").rstrip("/") + site_url).rstrip("/")


def event_uid(url: str) -> str:
    """'<path>@<host>' of the listing's address: the same in every build, and unique
    to the listing on this site (jobs/senior-designer@you.github.io)."""
    parts = urlsplit(url)
    return f"{parts.path.strip('/')}@{parts.netloc}"


def stamp_of(build_day: datetime.date) -> datetime.datetime:
    """DTSTAMP, when the calendar was made: the build date at 00:00 UTC, not the
    clock, so builds with the same SOURCE_DATE_EPOCH (or on the same day) agree."""
    return datetime.datetime.combine(build_day, datetime.time(), tzinfo=datetime.UTC)


def deadline_event(deadline: Deadline, stamp: datetime.datetime) -> Event:
    """One all-day event on the closing day (DTEND the day after, as RFC 5545 has
    all-day events end), free time rather than busy."""
    from icalendar import Event

    event = Event()
    event.add("uid", event_uid(deadline.url))
    event.add("dtstamp", stamp)
    event.add("dtstart", deadline.closes)
    event.add("dtend", deadline.closes + datetime.timedelta(days=1))
    event.add("summary", f"Last day to apply: {deadline.title} ({deadline.company})")
    event.add("url", deadline.url)
    event.add(
        "description",
        f"{deadline.title}, {deadline.company}"
        + (f", {deadline.where}" if deadline.where else "")
        + f".\nApplications close at the end of this day.\nDetails and how to apply: {deadline.url}",
    )
    event.add("transp", "TRANSPARENT")
    return event


def deadlines_calendar(deadlines: Iterable[Deadline], name: str, build_day: datetime.date) -> bytes:
    """The whole calendar as iCalendar bytes (CRLF lines, folded at 75 octets).

    Events go soonest deadline first, then by title and address, so the order never
    depends on how the listings were read.
    """
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    stamp = stamp_of(build_day)
    for deadline in sorted(deadlines, key=lambda d: (d.closes, d.title, d.url)):
        calendar.add_component(deadline_event(deadline, stamp))
    return calendar.to_ical()
