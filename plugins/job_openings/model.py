"""A job listing: its fields parsed and checked, and whether it is open (pure, no Pelican).

The fields are the ones in README.md ("A job listing"). `parse_listing` returns the
listing and every problem found, each naming the file, the field, the value and what
was expected, so a recruiter can fix them all in one go.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from shortlist_core.metadata import BadValue, FieldRule, metadata_text, or_list, parse_day
from shortlist_core.problems import Problem

from .fields import (
    APPLY,
    CLOSES,
    COMPANY,
    COMPANY_URL,
    EMPLOYMENT,
    FILLED,
    LOCATION,
    REMOTE,
    REMOTE_REGION,
    SALARY,
    SALARY_UNITS,
    Employment,
    Filled,
    Remote,
    Salary,
    parse_salary,
)

# The vocabularies live with the field rules (fields.py); the rest of the plugin and
# its tests find them here, with the listing.
__all__ = [
    "SALARY_UNITS",
    "Apply",
    "Employment",
    "JobListing",
    "Remote",
    "Salary",
    "parse_listing",
    "parse_salary",
    "split_regions",
]


_REGION_SEPARATORS = re.compile(r"[,;]")


def split_regions(text: str | None) -> tuple[str, ...]:
    """`US, Canada` -> ('US', 'Canada'): where applicants may live, each region once.

    Only commas and semicolons separate: "and" and "or" may be part of a country's
    name (Trinidad and Tobago).
    """
    regions: list[str] = []
    for part in _REGION_SEPARATORS.split(text or ""):
        region = part.strip()
        if region and region not in regions:
            regions.append(region)
    return tuple(regions)


@dataclass(frozen=True)
class Apply:
    target: str
    """An https:// URL or a mailto: address."""

    @property
    def is_email(self) -> bool:
        return self.target.startswith("mailto:")


@dataclass(frozen=True)
class JobListing:
    title: str
    posted: datetime.date
    company: str
    company_url: str | None
    location: str | None
    remote: Remote
    remote_region: str | None
    """As written; `remote_regions` has it split into regions."""
    employment: Employment
    salary: Salary | None
    closes: datetime.date
    filled: bool
    filled_on: datetime.date | None
    apply: Apply

    @property
    def confidential(self) -> bool:
        """An employer without a site is named only by its description."""
        return self.company_url is None

    @property
    def remote_regions(self) -> tuple[str, ...]:
        return split_regions(self.remote_region)

    @property
    def where(self) -> str:
        """'New York, NY', 'Remote (US)', 'Remote (US or Canada)' or 'Denver, CO (hybrid)'."""
        if self.remote is Remote.YES:
            regions = self.remote_regions
            return f"Remote ({or_list(regions)})" if regions else "Remote"
        if self.remote is Remote.HYBRID:
            return f"{self.location} (hybrid)"
        return self.location or ""

    def status(self, today: datetime.date) -> str:
        """'filled', 'closed' or 'open', on the given build date."""
        if self.filled:
            return "filled"
        return "open" if self.closes >= today else "closed"


def _posted(value: Any) -> datetime.date | None:
    """The Date Pelican parsed (a datetime), or a day as text (from a test or a cache)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = metadata_text(value)
    try:
        return parse_day(text) if text else None
    except BadValue:
        return None


def parse_listing(
    metadata: dict[str, Any], source: str, open_days: int = 30
) -> tuple[JobListing | None, list[Problem]]:
    """The listing in a post's metadata (keys lower-case, as Pelican gives them).

    Returns (listing, []) or (None, every problem found). Each field's value is read
    by its rule in fields.py, the same the reader checks every file with; what is
    checked here besides is which fields are required and how they fit together.
    """
    problems: list[Problem] = []
    bad: set[str] = set()

    def problem(field: str, value: str | None, expected: str) -> None:
        what = "missing" if value is None else f"{value!r} is not valid"
        problems.append(Problem(source, field, what, expected))

    def read(rule: FieldRule) -> Any:
        """The field's value; None when missing or bad (a bad one is a problem)."""
        value, trouble = rule.check(metadata.get(rule.key), source)
        if trouble is not None:
            problems.append(trouble)
            bad.add(rule.key)
        return value

    title = metadata_text(metadata.get("title"))
    if title is None:
        problem("Title", None, "the role, e.g. `Title: Senior Product Designer`")
    posted = _posted(metadata.get("date"))
    if posted is None:
        problem("Date", metadata_text(metadata.get("date")), "the day it was posted, e.g. 2026-11-18")

    company = read(COMPANY)
    if company is None:
        problem("Company", None, COMPANY.expected)
    company_url = read(COMPANY_URL)

    remote = read(REMOTE)
    if remote is None and REMOTE.key not in bad:
        remote = Remote.NO
    location = read(LOCATION)
    remote_region = read(REMOTE_REGION)
    if location is None and remote is not Remote.YES:
        problem("Location", None, "where the job is, e.g. `Location: Denver, CO` (or `Remote: yes`)")
    if remote is Remote.YES and not split_regions(remote_region):
        problem(
            "Remote-region",
            None,
            "where applicants may live, e.g. `Remote-region: US` or `US, Canada`, with `Remote: yes`",
        )

    employment = read(EMPLOYMENT)
    if employment is None and EMPLOYMENT.key not in bad:
        employment = Employment.FULL_TIME
    salary = read(SALARY)

    closes_text = metadata_text(metadata.get(CLOSES.key))
    closes = read(CLOSES)
    if closes_text is None and posted is not None:
        closes = posted + datetime.timedelta(days=open_days)
    if closes is not None and posted is not None and closes < posted:
        problems.append(
            Problem(
                source,
                "Closes",
                f"{closes_text!r} is before Date {posted.isoformat()}",
                "a day on or after Date",
            )
        )

    filled = read(FILLED) or Filled(False, None)

    apply_target = read(APPLY)
    if apply_target is None and APPLY.key not in bad:
        problem("Apply", None, "an https:// URL or a mailto: address where candidates apply")

    if problems:
        return None, problems
    assert (
        title and posted and company and remote and employment and closes and apply_target
    )  # for the type checker
    return (
        JobListing(
            title=title,
            posted=posted,
            company=company,
            company_url=company_url,
            location=location,
            remote=remote,
            remote_region=remote_region,
            employment=employment,
            salary=salary,
            closes=closes,
            filled=filled.filled,
            filled_on=filled.on,
            apply=Apply(apply_target),
        ),
        [],
    )
