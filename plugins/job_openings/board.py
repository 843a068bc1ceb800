"""What the theme shows of listings: one view per listing, the sidebar, the jobs page
and its filters (pure, no Pelican; the posts only need .url, .title and .metadata)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import quote

from .model import JobListing, Remote


def short_date(day: datetime.date) -> str:
    """'Dec 15', as the sidebar says when a role closes."""
    return f"{day:%b} {day.day}"


def long_date(day: datetime.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


@dataclass(frozen=True)
class Fact:
    """One line of a listing's facts: a label, the text, and a day for <time> when it is one."""

    label: str
    text: str
    iso: str | None = None


@dataclass
class JobView:
    """A listing as its page, the sidebar and the jobs page show it."""

    listing: JobListing
    post: Any
    status: str
    """open, closed or filled, on the build date."""
    json_ld: str | None = None
    report_href: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    # Worked out once: the sidebar shows every open role on every page, and a
    # post's url is formatted anew on each access.
    @cached_property
    def title(self) -> str:
        return self.post.title

    @cached_property
    def url(self) -> str:
        return self.post.url

    # Also once: the sidebar shows these of every open role on every page (the listing
    # is frozen; a short date is a strftime each time).
    @cached_property
    def where(self) -> str:
        return self.listing.where

    @property
    def employment(self) -> str:
        return self.listing.employment.label

    @property
    def salary(self) -> str | None:
        return self.listing.salary.label if self.listing.salary else None

    @cached_property
    def closes_iso(self) -> str:
        return self.listing.closes.isoformat()

    @cached_property
    def closes_short(self) -> str:
        return f"closes {short_date(self.listing.closes)}"

    @property
    def closes_long(self) -> str:
        return long_date(self.listing.closes)

    @property
    def ended_on(self) -> datetime.date:
        """The day it stopped taking applications: filled, or its closing day."""
        if self.status == "filled":
            return self.listing.filled_on or min(self.listing.closes, self.listing.posted)
        return self.listing.closes

    @property
    def deadline(self) -> Fact:
        """The facts' last line: when applications close, or that the role was filled.

        A filled role says so rather than "Applications closed" on a closing day that
        may still be ahead; with the day it was filled when `Filled:` gave one.
        """
        if self.status == "filled":
            filled_on = self.listing.filled_on
            if filled_on is None:
                return Fact("Status", "Filled")
            return Fact("Filled", long_date(filled_on), filled_on.isoformat())
        label = "Applications close" if self.is_open else "Applications closed"
        return Fact(label, self.closes_long, self.closes_iso)

    @property
    def status_label(self) -> str:
        """'Open', 'Closed' or 'Filled', as a role card marks it."""
        return self.status.capitalize()

    @property
    def notice(self) -> str | None:
        """The closed notice that replaces the Apply button, or None while open."""
        if self.status == "filled":
            return "This role was filled."
        if self.status == "closed":
            return f"Applications closed on {long_date(self.listing.closes)}."
        return None


def report_href(email: str, title: str, absolute_url: str) -> str | None:
    if not email:
        return None
    subject = quote(f"Report listing: {title} ({absolute_url})")
    return f"mailto:{email}?subject={subject}"


def slug_of(text: str) -> str:
    keep = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in keep.split("-") if part)


@dataclass
class Filter:
    kind: str
    """'location' or 'type'."""
    label: str
    slug: str
    roles: list[JobView] = field(default_factory=list)
    url: str = ""
    """Its page, from JOBS_FILTER_URL (set by the plugin, which knows the settings)."""
    save_as: str = ""
    feed: str = ""
    """Its Atom feed of the same open roles, from JOBS_FILTER_FEED_ATOM; "" for none."""
    feed_title: str = ""
    """The feed's title, which its autodiscovery link repeats."""
    last_ended: datetime.date | None = None
    """With no open role: the day the last of its roles closed or was filled (the
    empty feed's date, so two builds of it are the same)."""


@dataclass
class Board:
    """The jobs page: open roles, filters, recently closed roles."""

    open_roles: list[JobView]
    recently_closed: list[JobView]
    locations: list[Filter]
    types: list[Filter]
    emptied: list[Filter] = field(default_factory=list)
    """Locations and types of published listings with no open role left: they have no
    page, but their feeds are still written, empty, so a reader who follows one keeps
    it and hears of the next role there (a feed that disappears is an error in a
    reader, and its subscription is often dropped)."""
    last_ended: datetime.date | None = None
    """The day the last published role closed or was filled (the open-roles feed's
    date when no role is open)."""

    def filters(self) -> list[Filter]:
        """The filtered pages: each location and employment type with an open role."""
        return self.locations + self.types


def newest_first(views: list[JobView]) -> list[JobView]:
    return sorted(views, key=lambda v: (v.listing.posted, v.listing.title), reverse=True)


def location_label(listing: JobListing) -> str:
    return "Remote" if listing.remote is Remote.YES else (listing.location or "Unspecified")


def filter_keys(view: JobView) -> tuple[tuple[str, str], ...]:
    """(kind, label) of each filter a listing falls under: its location and its type."""
    return (("location", location_label(view.listing)), ("type", view.employment))


def build_board(views: list[JobView], today: datetime.date, recently_closed_days: int) -> Board:
    open_roles = newest_first([v for v in views if v.is_open])
    closed = [v for v in views if not v.is_open and (today - v.ended_on).days <= recently_closed_days]
    recently_closed = sorted(closed, key=lambda v: (v.ended_on, v.listing.title), reverse=True)
    # One page per address: labels that slug alike ("Austin, TX" and "Austin TX") are
    # one filter, shown with the newest role's spelling (two would be written to one file).
    groups: dict[tuple[str, str], Filter] = {}
    for view in open_roles:
        for kind, label in filter_keys(view):
            key = (kind, slug_of(label))
            if key not in groups:
                groups[key] = Filter(kind, label, key[1])
            groups[key].roles.append(view)
    by_kind: dict[str, list[Filter]] = defaultdict(list)
    for group in sorted(groups.values(), key=lambda group: (group.kind, group.label)):
        by_kind[group.kind].append(group)
    # A feed's address is its kind and slug: a label that slugs like a live one's
    # ("Austin TX" beside "Austin, TX") is left to the live one.
    taken = {(group.kind, group.slug) for group in groups.values()}
    emptied: dict[tuple[str, str], Filter] = {}
    for view in views:
        for kind, label in filter_keys(view):
            if (kind, label) not in emptied:
                if (kind, slug_of(label)) in taken:
                    continue
                taken.add((kind, slug_of(label)))
                emptied[(kind, label)] = Filter(kind, label, slug_of(label))
            group = emptied[(kind, label)]
            group.last_ended = max(day for day in (group.last_ended, view.ended_on) if day)
    return Board(
        open_roles,
        recently_closed,
        by_kind["location"],
        by_kind["type"],
        [emptied[key] for key in sorted(emptied)],
        max((view.ended_on for view in views if not view.is_open), default=None),
    )
