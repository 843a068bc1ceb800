"""A job listing: its fields parsed and checked, and whether it is open (pure, no Pelican).

The fields are the ones in README.md ("A job listing"). `parse_listing` returns the
listing and every problem found, each naming the file, the field, the value and what
was expected, so a recruiter can fix them all in one go.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import urlparse

from shortlist_core.problems import Problem


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
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
    def where(self) -> str:
        """'New York, NY', 'Remote (US)' or 'Denver, CO (hybrid)'."""
        if self.remote is Remote.YES:
            return f"Remote ({self.remote_region})" if self.remote_region else "Remote"
        if self.remote is Remote.HYBRID:
            return f"{self.location} (hybrid)"
        return self.location or ""

    def status(self, today: datetime.date) -> str:
        """'filled', 'closed' or 'open', on the given build date."""
        if self.filled:
            return "filled"
        return "open" if self.closes >= today else "closed"


def _text(metadata: dict[str, Any], key: str) -> str | None:
    value = metadata.get(key)
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    text = str(value).strip()
    return text or None


def _day(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not _DAY.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _https_url(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme == "https" and bool(parsed.netloc) and " " not in value


def _mailto(value: str) -> bool:
    address = value.removeprefix("mailto:").split("?", 1)[0]
    return value.startswith("mailto:") and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address) is not None


def parse_salary(text: str) -> Salary | None:
    match = _SALARY.match(text)
    if not match or match["unit"].lower() not in SALARY_UNITS:
        return None
    minimum = float(match["min"].replace(",", ""))
    maximum = float(match["max"].replace(",", "")) if match["max"] else None
    if maximum is not None and maximum < minimum:
        return None
    return Salary(minimum, maximum, match["currency"].upper(), match["unit"].lower())


def parse_listing(
    metadata: dict[str, Any], source: str, open_days: int = 30
) -> tuple[JobListing | None, list[Problem]]:
    """The listing in a post's metadata (keys lower-case, as Pelican gives them).

    Returns (listing, []) or (None, every problem found).
    """
    problems: list[Problem] = []

    def problem(field: str, value: str | None, expected: str) -> None:
        what = "missing" if value is None else f"{value!r} is not valid"
        problems.append(Problem(source, field, what, expected))

    title = _text(metadata, "title")
    if title is None:
        problem("Title", None, "the role, e.g. `Title: Senior Product Designer`")
    posted = _day(metadata.get("date")) if metadata.get("date") is not None else None
    if posted is None:
        problem("Date", _text(metadata, "date"), "the day it was posted, e.g. 2026-11-18")

    company = _text(metadata, "company")
    if company is None:
        problem("Company", None, "the employer, or a description when it is confidential")
    company_url = _text(metadata, "company-url")
    if company_url is not None and not _https_url(company_url):
        problem(
            "Company-url", company_url, "an https:// address, or no Company-url for a confidential employer"
        )

    remote_text = (_text(metadata, "remote") or "no").lower()
    remote = next((r for r in Remote if r.value == remote_text), None)
    if remote is None:
        problem("Remote", _text(metadata, "remote"), "no, yes or hybrid")
    location = _text(metadata, "location")
    remote_region = _text(metadata, "remote-region")
    if location is None and remote is not Remote.YES:
        problem("Location", None, "where the job is, e.g. `Location: Denver, CO` (or `Remote: yes`)")
    if remote is Remote.YES and remote_region is None:
        problem(
            "Remote-region", None, "where applicants may live, e.g. `Remote-region: US`, with `Remote: yes`"
        )

    employment_text = (_text(metadata, "employment") or "full-time").lower()
    employment = next((e for e in Employment if e.value == employment_text), None)
    if employment is None:
        problem("Employment", _text(metadata, "employment"), ", ".join(e.value for e in Employment))

    salary_text = _text(metadata, "salary")
    salary = parse_salary(salary_text) if salary_text else None
    if salary_text and salary is None:
        problem(
            "Salary",
            salary_text,
            "an amount or range, a currency code and a unit, e.g. `180000-220000 USD/year` or `95 USD/hour`",
        )

    closes_text = _text(metadata, "closes")
    closes = _day(closes_text) if closes_text else None
    if closes_text and closes is None:
        problem("Closes", closes_text, "the last day to apply, e.g. 2026-12-15")
    if closes is None and posted is not None and not closes_text:
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

    filled_text = _text(metadata, "filled")
    filled, filled_on = False, None
    if filled_text:
        if filled_text.lower() in ("yes", "true"):
            filled = True
        elif filled_text.lower() in ("no", "false"):
            filled = False
        elif (filled_on := _day(filled_text)) is not None:
            filled = True
        else:
            problem("Filled", filled_text, "yes, or the day it was filled, e.g. 2026-11-10")

    apply_text = _text(metadata, "apply")
    if apply_text is None:
        problem("Apply", None, "an https:// URL or a mailto: address where candidates apply")
    elif not (_https_url(apply_text) or _mailto(apply_text)):
        expected = "an https:// URL or a mailto: address"
        if apply_text.startswith("http://"):
            expected += " (http:// sends applicants' details unencrypted; use https://)"
        problem("Apply", apply_text, expected)

    if problems:
        return None, problems
    assert (
        title and posted and company and remote and employment and closes and apply_text
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
            filled=filled,
            filled_on=filled_on,
            apply=Apply(apply_text),
        ),
        [],
    )
