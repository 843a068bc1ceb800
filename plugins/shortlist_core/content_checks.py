"""Checks on a Markdown source before and after Pelican reads it (pure, no Pelican).

Pelican's own messages for these cases are either missing (an empty file just
"could not find information about 'title'") or do not name the field ("'tuesday' is
not a valid date"); these say which file, which field and what was expected. The
fields plugins define are checked against the table in metadata.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .problems import Problem

KNOWN_STATUSES = ("published", "draft", "hidden")
DATE_EXPECTED = "a date with a four-digit year, such as 2026-11-29 or 2026-11-29 14:30"
DATE_FIELDS = {"date": "Date", "modified": "Modified"}
_YEAR = re.compile(r"\b\d{4}\b")


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


def check_date_text(value: str, source: str, field: str) -> Problem | None:
    """A date must name its year: dateutil would otherwise fill in the current one."""
    if not _YEAR.search(value):
        return Problem(source, field, f"{value!r} is not a full date", DATE_EXPECTED)
    return None


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
