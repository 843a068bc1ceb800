"""The metadata fields of a job listing: what each may hold, and its rule in the table
every file is checked against (pure, no Pelican).

Each value is parsed by one of the shared parsers in shortlist_core.metadata, so the
reader's check and `parse_listing` (model.py) read a field the same way and say the
same thing about a bad one. What involves two fields (Location unless Remote: yes,
Closes not before Date) is model.py's.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import Enum

from shortlist_core.content_checks import missing_day
from shortlist_core.metadata import (
    APPLY_TARGET_EXPECTED,
    BadValue,
    FieldRule,
    Parser,
    or_list,
    parse_apply_target,
    parse_day,
    parse_https_url,
    parse_text,
    parse_yes_no,
)


class Remote(Enum):
    NO = "no"
    YES = "yes"
    HYBRID = "hybrid"


class Employment(Enum):
    FULL_TIME = "full-time"
    PART_TIME = "part-time"
    CONTRACT = "contract"
    TEMPORARY = "temporary"
    INTERNSHIP = "internship"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def schema_org(self) -> str:
        """schema.org employmentType."""
        return self.name


SALARY_UNITS = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}
_SALARY = re.compile(
    r"^\s*(?P<min>\d[\d,]*(?:\.\d+)?)\s*(?:[-–]\s*(?P<max>\d[\d,]*(?:\.\d+)?))?\s+"
    r"(?P<currency>[A-Za-z]{3})\s*/\s*(?P<unit>[A-Za-z]+)\s*$"
)


@dataclass(frozen=True)
class Salary:
    minimum: float
    maximum: float | None
    currency: str
    unit: str
    """hour, day, week, month or year."""

    @property
    def label(self) -> str:
        def money(value: float) -> str:
            return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"

        amount = money(self.minimum) + (f"–{money(self.maximum)}" if self.maximum else "")
        return f"{amount} {self.currency} per {self.unit}"


def parse_salary(text: str) -> Salary | None:
    match = _SALARY.match(text)
    if not match or match["unit"].lower() not in SALARY_UNITS:
        return None
    minimum = float(match["min"].replace(",", ""))
    maximum = float(match["max"].replace(",", "")) if match["max"] else None
    if maximum is not None and maximum < minimum:
        return None
    return Salary(minimum, maximum, match["currency"].upper(), match["unit"].lower())


def _salary(text: str) -> Salary:
    salary = parse_salary(text)
    if salary is None:
        raise BadValue()
    return salary


def _remote(text: str) -> Remote:
    """no, yes or hybrid; yes and no in any of the spellings every yes/no field takes."""
    if text.strip().lower() == Remote.HYBRID.value:
        return Remote.HYBRID
    return Remote.YES if parse_yes_no(text) else Remote.NO


def _employment(text: str) -> Employment:
    word = text.strip().lower()
    for employment in Employment:
        if employment.value == word:
            return employment
    raise BadValue()


def _day(text: str) -> datetime.date:
    """A day written YYYY-MM-DD; one that does not exist (2026-11-31) is named as such."""
    try:
        return parse_day(text)
    except BadValue:
        reason = missing_day(text)
        if reason is None:
            raise
        raise BadValue(problem=f"{text.strip()!r} is not a date: {reason}") from None


@dataclass(frozen=True)
class Filled:
    filled: bool
    on: datetime.date | None


def _filled(text: str) -> Filled:
    """yes/no, or the day it was filled."""
    try:
        return Filled(parse_yes_no(text), None)
    except BadValue:
        return Filled(True, _day(text))


def listing_field(name: str, parse: Parser, expected: str) -> FieldRule:
    """A field of listings only: posts of the kind JOBS_CATEGORY names (Jobs)."""
    return FieldRule(name, parse, expected, kinds=("Jobs",), kind_setting="JOBS_CATEGORY")


COMPANY = listing_field("Company", parse_text, "the employer, or a description when it is confidential")
COMPANY_URL = listing_field(
    "Company-url", parse_https_url, "an https:// address, or no Company-url for a confidential employer"
)
LOCATION = listing_field("Location", parse_text, "where the job is, e.g. `Location: Denver, CO`")
REMOTE = listing_field("Remote", _remote, or_list([r.value for r in Remote]))
# Text, split into regions by the listing (model.py): `US, Canada` is two regions.
REMOTE_REGION = listing_field(
    "Remote-region", parse_text, "where applicants may live, e.g. `Remote-region: US` or `US, Canada`"
)
EMPLOYMENT = listing_field("Employment", _employment, ", ".join(e.value for e in Employment))
SALARY = listing_field(
    "Salary",
    _salary,
    "an amount or range, a currency code and a unit, e.g. `180000-220000 USD/year` or `95 USD/hour`",
)
CLOSES = listing_field("Closes", _day, "the last day to apply, e.g. 2026-12-15")
FILLED = listing_field("Filled", _filled, "yes, or the day it was filled, e.g. 2026-11-10")
APPLY = listing_field("Apply", parse_apply_target, APPLY_TARGET_EXPECTED)

LISTING_FIELDS = (
    COMPANY,
    COMPANY_URL,
    LOCATION,
    REMOTE,
    REMOTE_REGION,
    EMPLOYMENT,
    SALARY,
    CLOSES,
    FILLED,
    APPLY,
)
