"""The numbers under the picture (pure)."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass

from .log import Application


@dataclass(frozen=True)
class SourceRow:
    source: str
    applications: int
    responses: int
    interviews: int
    offers: int


@dataclass(frozen=True)
class Week:
    start: datetime.date
    applications: int


@dataclass(frozen=True)
class Numbers:
    applications: int
    responses: int
    response_rate: float
    interviews: int
    interviews_per_application: float
    offers: int
    median_days_to_response: float | None
    by_source: list[SourceRow]
    weeks: list[Week]

    @property
    def response_rate_label(self) -> str:
        return f"{self.response_rate:.0%}"

    @property
    def interviews_per_application_label(self) -> str:
        return f"{self.interviews_per_application:.2f}"

    @property
    def median_days_label(self) -> str:
        if self.median_days_to_response is None:
            return "no responses yet"
        days = self.median_days_to_response
        return f"{days:g} day{'s' if days != 1 else ''}"


def reached_interview(app: Application) -> bool:
    return any(stage in app.stages for stage in ("interview", "final", "offer"))


def got_offer(app: Application) -> bool:
    return "offer" in app.stages


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def compute(applications: list[Application]) -> Numbers:
    total = len(applications)
    responses = sum(a.responded for a in applications)
    interviews = sum(reached_interview(a) for a in applications)
    offers = sum(got_offer(a) for a in applications)
    waits = [(a.first_response - a.applied).days for a in applications if a.first_response]
    groups: dict[str, list[Application]] = defaultdict(list)
    for app in applications:
        groups[app.source].append(app)
    by_source = sorted(
        (
            SourceRow(
                source,
                len(apps),
                sum(a.responded for a in apps),
                sum(reached_interview(a) for a in apps),
                sum(got_offer(a) for a in apps),
            )
            for source, apps in groups.items()
        ),
        key=lambda row: (-row.applications, row.source),
    )
    weeks: list[Week] = []
    if applications:
        counts: dict[datetime.date, int] = defaultdict(int)
        for app in applications:
            counts[monday(app.applied)] += 1
        week = min(counts)
        while week <= max(counts):  # every week, empty ones too, so the line is honest
            weeks.append(Week(week, counts.get(week, 0)))
            week += datetime.timedelta(days=7)
    return Numbers(
        applications=total,
        responses=responses,
        response_rate=responses / total if total else 0.0,
        interviews=interviews,
        interviews_per_application=interviews / total if total else 0.0,
        offers=offers,
        median_days_to_response=statistics.median(waits) if waits else None,
        by_source=by_source,
        weeks=weeks,
    )
