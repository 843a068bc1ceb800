"""Readers for analytics exports, recognised by their header (pure, no Pelican).

Each reader streams its file and yields `Hit(path, views, day)` rows; several files
are simply read one after another and summed by the caller. A file in no known
format, or a bad row, is a Problem naming the file (and the line).

Formats:
- plain CSV: `path,views` with an optional `date` column (YYYY-MM-DD);
- GoatCounter's CSV export: one row per pageview, header starting `2,Path` (the
  format version, then the column), with a `Date` column (RFC 3339);
- Plausible's CSV export: the dashboard's `pages.csv` (`name,visitors,pageviews,...`,
  no dates) or the site export's `imported_pages_*.csv` (`date,hostname,page,...,pageviews`);
- Google Analytics 4's "Pages and screens" CSV: `#` comment lines on top (with the
  report's Start and End date), then `Page path and screen class,Views,...`.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from shortlist_core.problems import Problem

FORMATS_EXPECTED = (
    "one of: a CSV with a `path,views[,date]` header; GoatCounter's CSV export (header `2,Path,...,Date`); "
    "Plausible's pages.csv (`name,visitors,pageviews,...`) or imported_pages CSV "
    "(`date,hostname,page,...,pageviews`); Google Analytics 4's Pages and screens CSV "
    "(`Page path and screen class,Views,...`)"
)


@dataclass(frozen=True)
class Hit:
    path: str
    views: int
    day: datetime.date | None


class ExportError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def _views(text: str, source: str, line: int, column: str) -> int:
    cleaned = text.strip().replace(",", "")
    if not re.fullmatch(r"\d+(\.0+)?", cleaned):
        raise ExportError(
            Problem(source, f"line {line}", f"{column} {text!r} is not a number", "a whole number of views")
        )
    return int(float(cleaned))


def _day(text: str, source: str, line: int, column: str) -> datetime.date:
    value = text.strip()
    try:
        if re.fullmatch(r"\d{8}", value):  # GA4's 20261105
            return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise ExportError(
            Problem(source, f"line {line}", f"{column} {value!r} is not a date", "a date such as 2026-11-05")
        ) from None


def read_export(path: Path, source: str) -> Iterator[Hit]:
    """The hits in one export file; raises ExportError at the first bad line."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise ExportError(
            Problem(source, "", f"cannot be read ({error.strerror})", "a readable CSV file")
        ) from None
    with handle:
        try:
            yield from _read(handle, source)
        except UnicodeDecodeError as error:
            raise ExportError(
                Problem(
                    source,
                    "encoding",
                    f"byte 0x{error.object[error.start]:02X} is not UTF-8",
                    "a UTF-8 CSV file",
                )
            ) from None


def _read(handle, source: str) -> Iterator[Hit]:
    comments: list[str] = []
    line_number = 0
    header_line = ""
    for raw in handle:
        line_number += 1
        if raw.startswith("#"):
            comments.append(raw.lstrip("#").strip())
            continue
        if raw.strip():
            header_line = raw
            break
    if not header_line:
        raise ExportError(Problem(source, "", "the file is empty", FORMATS_EXPECTED))
    header = next(csv.reader([header_line]))
    names = [name.strip().lower() for name in header]
    rows = csv.reader(handle)

    def numbered() -> Iterator[tuple[int, list[str]]]:
        for offset, row in enumerate(rows, start=1):
            if row and any(cell.strip() for cell in row):
                yield line_number + offset, row

    def column(name: str) -> int:
        return names.index(name)

    if re.fullmatch(r"\d+,path", names[0]) and "date" in names:  # GoatCounter
        path_at, date_at = 0, column("date")
        bot_at = names.index("bot") if "bot" in names else None
        event_at = names.index("event") if "event" in names else None
        for line, row in numbered():
            if bot_at is not None and len(row) > bot_at and row[bot_at].strip() not in ("", "0", "false"):
                continue  # GoatCounter marks bots; they are not readers
            if event_at is not None and len(row) > event_at and row[event_at].strip().lower() == "true":
                continue  # an event (a click, a download), not a pageview
            if len(row) <= date_at:
                raise ExportError(
                    Problem(source, f"line {line}", f"has {len(row)} columns", f"{len(header)} columns")
                )
            yield Hit(row[path_at], 1, _day(row[date_at], source, line, "Date"))
        return
    if "path" in names and "views" in names:  # plain
        path_at, views_at = column("path"), column("views")
        date_at = column("date") if "date" in names else None
        for line, row in numbered():
            day = _day(row[date_at], source, line, "date") if date_at is not None else None
            yield Hit(row[path_at], _views(row[views_at], source, line, "views"), day)
        return
    if "pageviews" in names and ("name" in names or "page" in names):  # Plausible
        path_at = column("page") if "page" in names else column("name")
        views_at, date_at = column("pageviews"), (column("date") if "date" in names else None)
        for line, row in numbered():
            day = _day(row[date_at], source, line, "date") if date_at is not None else None
            yield Hit(row[path_at], _views(row[views_at], source, line, "pageviews"), day)
        return
    if names[0] == "page path and screen class" and "views" in names:  # GA4
        views_at = column("views")
        date_at = column("date") if "date" in names else None
        end = next((c.split(":", 1)[1].strip() for c in comments if c.lower().startswith("end date:")), None)
        report_day = _day(end, source, 1, "End date") if end else None
        for line, row in numbered():
            day = _day(row[date_at], source, line, "Date") if date_at is not None else report_day
            yield Hit(row[0], _views(row[views_at], source, line, "Views"), day)
        return
    raise ExportError(
        Problem(source, "line 1", f"header {header_line.strip()!r} is not a known export", FORMATS_EXPECTED)
    )
