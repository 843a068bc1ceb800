"""Checks on a Markdown source before and after Pelican reads it (pure, no Pelican).

Pelican's own messages for these cases are either missing (an empty file just
"could not find information about 'title'") or do not name the field ("'tuesday' is
not a valid date"); these say which file, which field and what was expected. The
fields plugins define are checked against the table in metadata.py.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from typing import Any

from .problems import Problem

KNOWN_STATUSES = ("published", "draft", "hidden")
DATE_EXPECTED = "a date with a four-digit year, such as 2026-11-29 or 2026-11-29 14:30"
DATE_FIELDS = {"date": "Date", "modified": "Modified"}
_YEAR = re.compile(r"\b\d{4}\b")
# A day written year first (2026-11-31, 2026/11/31), alone or before a time: the form
# every date here is asked for, so its month and day can be named when they do not exist.
_YEAR_FIRST_DAY = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[\sT])")


def decode_source(raw: bytes, source: str) -> tuple[str | None, list[Problem]]:
    """Decode a source file as UTF-8, or say where it is not UTF-8 and why it is empty."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start : error.start + 1].hex().upper()
        return None, [
            Problem(
                source,
                "encoding",
                f"byte 0x{byte} on line {line}, column {column} is not UTF-8",
                "a UTF-8 text file (re-save it as UTF-8 in your editor)",
            )
        ]
    if not text.strip():
        return None, [Problem(source, "", "the file is empty", "Markdown starting with a `Title:` line")]
    return text, []


def missing_day(text: str) -> str | None:
    """Why a day written year first does not exist ("November has 30 days"), or None.

    None too for text that is not written year first: other checks say what is wrong
    with it. Without this, 2026-11-31 would only be "not a date", and the message
    would go on to ask for a four-digit year it already has.
    """
    match = _YEAR_FIRST_DAY.match(text)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month} (months are 1 to 12)"
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return None
    if day == 0:
        return "there is no day 0"
    if month == 2:
        return f"February {year} has {days} days"
    return f"{calendar.month_name[month]} has {days} days"


def check_date_text(value: str, source: str, field: str) -> Problem | None:
    """A date must exist and name its year: dateutil would otherwise fill in the current one."""
    reason = missing_day(value)
    if reason is not None:
        return Problem(source, field, f"{value!r} is not a date: {reason}")
    if not _YEAR.search(value):
        return Problem(source, field, f"{value!r} is not a full date", DATE_EXPECTED)
    return None


def label_names(*values: object) -> list[str]:
    """Labels from `Tags:` and `Labels:` values, each once, in the order written.

    A value is text (`interviews, offers`, or `;`-separated as Pelican allows when a
    label holds a comma), a list of such texts (a field written on two lines), labels
    Pelican already read (taken whole), or None.
    """
    names: list[str] = []

    def add(value: object) -> None:
        if value is None:
            return
        if isinstance(value, list | tuple):
            for item in value:
                add(item)
            return
        if isinstance(value, str):
            parts = value.split(";") if ";" in value else value.split(",")
        else:
            parts = [str(value)]
        for part in parts:
            name = part.strip()
            if name and name not in names:
                names.append(name)

    for value in values:
        add(value)
    return names


def check_metadata(metadata: dict[str, object], source: str) -> list[Problem]:
    """Problems with the metadata Pelican parsed (keys lower-case, as Pelican gives them)."""
    problems: list[Problem] = []
    title = metadata.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(source, "Title", "missing", "a `Title:` line at the top of the file"))
    status = metadata.get("status")
    if status is not None and str(status).strip().lower() not in KNOWN_STATUSES:
        problems.append(
            Problem(
                source,
                "Status",
                f"{status!r} is not a known status",
                "one of " + ", ".join(KNOWN_STATUSES) + " (or no Status line)",
            )
        )
    return problems


def added_by_pelican(settings: Mapping[str, Any]) -> frozenset[str]:
    """Metadata names Pelican adds to a post itself, not written in its file.

    A post from the content cache carries them mixed with its own; a name the settings
    put there (EXTRA_PATH_METADATA, DEFAULT_METADATA, FILENAME_METADATA's groups) is
    the site's, never a typo in the file.
    """
    names = {"reader"}
    for values in dict(settings.get("EXTRA_PATH_METADATA", {})).values():
        names.update(key.lower() for key in values)
    names.update(key.lower() for key in dict(settings.get("DEFAULT_METADATA", {})))
    for setting in ("FILENAME_METADATA", "PATH_METADATA"):
        try:
            names.update(key.lower() for key in re.compile(settings.get(setting) or "").groupindex)
        except re.error:  # Pelican reports a bad pattern itself
            continue
    return frozenset(names)
