"""Readers for analytics exports, recognised by their content (pure, no Pelican).

Each reader streams its file and yields `Hit(path, views, day)` rows; several files
are read one after another and summed by the caller. A file is opened by what its
first bytes say, not by its name: gzip (GoatCounter sends `.csv.gz`), zip (Plausible
sends a zip of CSVs) or plain text. Its header then says which tool wrote it.

Every format was checked against the tool's own source (repository: path):
- GoatCounter, arp242/goatcounter: `exportcsv.go` writes `ExportCSVVersion + "Path"`, so
  the header is `2Path,Title,Event,UserAgent,...,FirstVisit,Date`, one row per pageview,
  with Go's encoding/csv (`\n` line ends, quotes only where needed) into a gzip named
  `goatcounter-export-<site>-<YYYYMMDDTHHMMSSZ>-<cursor>.csv.gz`;
  `cmd/goatcounter/testdata/export.csv` is a SQLite export (Event, FirstVisit `1`/`0`);
  `tpl/help/export.md` documents Event as `true`/`false` and Bot as `0` or an isbot code;
  `cron/hit_count.go` counts no hit with `Bot > 0`; `export.go` as of 2020 wrote version 1
  (`1Path,Title,Event,Bot,...`, `true`/`false`). No version ever wrote `2,Path`: that is
  the docs' table, which splits the version from the name for display.
- Plausible, plausible/analytics: `lib/plausible/exports.ex` (Site settings → Imports &
  exports → Export to CSV; `lib/workers/export_analytics.ex` streams it as ClickHouse
  CSVWithNames into `<domain_with_underscores>_<YYYYMMDD>.zip`: the header and every
  string quoted, `\n` line ends; read here is `imported_pages_<first>_<last>.csv`,
  `date,hostname,page,visits,visitors,pageviews,total_scroll_depth,
  total_scroll_depth_visits[,total_time_on_page,total_time_on_page_visits]`, the last two
  only for sites with the new time on page; plausible/community-edition issue 259 shows
  the six-column header of CE 2.1); `lib/plausible_web/controllers/stats_controller.ex`
  `csv_export` (the dashboard's Download: `Plausible export <domain> <first>  to
  <last> .zip` with `pages.csv`, at most 100 rows, no dates) and
  `test/plausible_web/controllers/stats_controller_test.exs` (its header
  `name,visitors,pageviews,bounce_rate,time_on_page,scroll_depth`, NimbleCSV's `\r\n`).
- Google Analytics 4: a real "Pages and screens" download, project-polymorph/data-analysis
  `ga_visitor/google_analysis.csv`: nine `#` lines (`# Start date: 20250101`,
  `# End date: 20250211`), then `Page path and screen class,Views,Active users,...`, no
  totals row; arp242/goatcounter `import.go` reads the same report (`#` comments, the
  first header `Page path and screen class`, rows with an empty path skipped). A `Date`
  column (YYYYMMDD, GA4's date form) is read when present; no real file with one was found.
- plain CSV: this kit's own `path,views[,date]`, for anything else.

A file that cannot be read as a whole (unknown header, empty, not UTF-8, a truncated
gzip) raises ExportError and is left out. A bad row is a Problem naming its file and
line, appended to the caller's list, and left out; the file's good rows still count.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import IO, Any

from shortlist_core.problems import Problem

# Bad rows listed one by one per file; past this a file gets one "and N more" line,
# so a file that is wrong on every row does not bury the rest of the build's report.
MAX_ROW_PROBLEMS = 20

FORMATS_EXPECTED = (
    "one of: GoatCounter's CSV export (header `2Path,Title,Event,...,Date`, .csv or .csv.gz); "
    "Plausible's export zip, its `imported_pages_*.csv` (`date,hostname,page,...,pageviews`) or "
    "the dashboard's `pages.csv` (`name,visitors,pageviews,...`); Google Analytics 4's Pages and "
    "screens CSV (`Page path and screen class,Views,...`); a CSV with a `path,views[,date]` header"
)
UTF8_EXPECTED = "a UTF-8 CSV file (in a spreadsheet, save as “CSV UTF-8”)"
GOATCOUNTER_VERSIONS = ("1", "2")
# Members of a Plausible zip that hold page views; the other CSVs in it are not read.
PLAUSIBLE_PAGES = re.compile(r"(?:.*/)?(?:pages|imported_pages(?:_\d{8}_\d{8})?)\.csv")

TRUE = frozenset({"1", "true"})
FALSE = frozenset({"0", "false"})


@dataclass(frozen=True)
class Hit:
    path: str
    """The page's path or URL as the tool wrote it; an event's name when `event`."""
    views: int
    day: datetime.date | None
    referrer: str = ""
    """Who sent the reader (GoatCounter only, and only when read with `detail`): see
    goatcounter_referrer."""
    event: bool = False
    """A GoatCounter event (a click, e.g. `apply:/jobs/brand-director/`), not a pageview;
    only read with `detail`."""


class ExportError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class RowProblems:
    """The bad rows of one file: the first MAX_ROW_PROBLEMS as Problems, then a count."""

    def __init__(self, source: str, out: list[Problem], shown: int = MAX_ROW_PROBLEMS) -> None:
        self.source, self.out, self.shown, self.count = source, out, shown, 0

    def add(self, line: int, problem: str, expected: str) -> None:
        self.count += 1
        if self.count <= self.shown:
            self.out.append(Problem(self.source, f"line {line}", problem, expected))

    def close(self) -> None:
        more = self.count - self.shown
        if more > 0:
            self.out.append(
                Problem(self.source, "", f"and {more:,} more bad row{'s' if more > 1 else ''}, not listed")
            )
        self.count = min(self.count, self.shown)  # closing twice adds nothing


def export_files(folder: Path) -> list[Path]:
    """The exports in a folder, in name order: every file but dotfiles (the state and
    partial downloads `make analytics` keeps there)."""
    return sorted(p for p in folder.glob("*") if p.is_file() and not p.name.startswith("."))


def read_export(path: Path, source: str, problems: list[Problem], detail: bool = False) -> Iterator[Hit]:
    """The hits in one export file, streamed. Bad rows are left out and described in
    `problems`; a file that cannot be read at all raises ExportError.

    With `detail` (for `make report`), a GoatCounter export also gives its events
    (`Hit.event`, the event's name as the path) and each hit's referrer; pageviews
    are the same either way, and the other formats have neither."""
    try:
        with path.open("rb") as probe:
            magic = probe.read(4)
    except OSError as error:
        raise ExportError(
            Problem(source, "", f"cannot be read ({error.strerror})", "a readable CSV file")
        ) from None
    # A stream is passed as a way to open it: it is opened a second time only to find
    # the line that is not UTF-8, when one is not.
    if magic in (b"PK\x03\x04", b"PK\x05\x06"):  # a zip, or an empty one
        yield from _read_zip(path, source, problems, detail)
    elif magic.startswith(b"\x1f\x8b"):
        yield from _read_stream(partial(gzip.GzipFile, path, "rb"), source, problems, detail)
    else:
        yield from _read_stream(partial(path.open, "rb"), source, problems, detail)


def _read_zip(path: Path, source: str, problems: list[Problem], detail: bool) -> Iterator[Hit]:
    """Plausible's zips as downloaded: every pages file in them, other CSVs ignored."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, NotImplementedError, OSError) as error:
        raise ExportError(
            Problem(source, "", f"is not a readable zip file ({error})", "a complete zip as downloaded")
        ) from None
    with archive:
        members = [name for name in archive.namelist() if PLAUSIBLE_PAGES.fullmatch(name)]
        if not members:
            raise ExportError(
                Problem(
                    source,
                    "",
                    "is a zip with no pages.csv or imported_pages_*.csv in it",
                    "Plausible's export zip (dashboard Download, or Site settings → Imports & exports); "
                    "for GoatCounter, its CSV export (.csv.gz), not the JSON one",
                )
            )
        for member in members:
            try:
                yield from _read_stream(partial(archive.open, member), f"{source}:{member}", problems, detail)
            except (NotImplementedError, RuntimeError, OSError) as error:  # encrypted, odd methods
                raise ExportError(
                    Problem(source, "", f"cannot be unpacked ({error})", "a zip as Plausible writes it")
                ) from None


# How a compressed file shows it was cut short or damaged, while it is read.
DAMAGED = (EOFError, gzip.BadGzipFile, zlib.error, zipfile.BadZipFile)


def _read_stream(
    open_binary: Callable[[], IO[bytes]], source: str, problems: list[Problem], detail: bool = False
) -> Iterator[Hit]:
    rows = RowProblems(source, problems)
    try:
        with open_binary() as binary:
            # utf-8-sig: spreadsheets and some tools put a byte order mark first.
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            yield from _read_text(text, source, rows, detail)
    except UnicodeDecodeError:
        raise ExportError(_first_non_utf8(open_binary, source)) from None
    except DAMAGED as error:
        raise ExportError(_damaged(error, source)) from None
    finally:
        rows.close()


def _damaged(error: Exception, source: str) -> Problem:
    if isinstance(error, EOFError):
        return Problem(
            source,
            "",
            "ends in the middle of its gzip data (a download cut short?)",
            "the complete .csv.gz: download the export again",
        )
    return Problem(source, "", f"is damaged ({error})", "the file as downloaded: download it again")


def _first_non_utf8(open_binary: Callable[[], IO[bytes]], source: str) -> Problem:
    """Where the text stops being UTF-8: found again line by line, only when it did. A
    gzip cut short in the middle of a character shows as bad UTF-8 first."""
    try:
        with open_binary() as binary:
            for number, raw in enumerate(binary, start=1):
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    byte = raw[error.start]
                    return Problem(source, f"line {number}", f"byte 0x{byte:02X} is not UTF-8", UTF8_EXPECTED)
    except DAMAGED as error:
        return _damaged(error, source)
    return Problem(source, "", "is not UTF-8", UTF8_EXPECTED)


def _read_text(text: IO[str], source: str, rows: RowProblems, detail: bool = False) -> Iterator[Hit]:
    comments: list[str] = []
    header_line, line = "", 0
    for raw in text:  # GA4 writes `#` lines above its header
        line += 1
        if raw.startswith("#"):
            comments.append(raw[1:].strip())
        elif raw.strip():
            header_line = raw
            break
    if not header_line:
        raise ExportError(Problem(source, "", "the file is empty", FORMATS_EXPECTED))
    header = next(csv.reader([header_line]))
    names = [name.strip().lower() for name in header]
    records = _records(csv.reader(text), line, rows)
    read = _reader_for(names, header_line, source, line)
    if detail and read is _goatcounter:
        read = partial(_goatcounter, detail=True)
    yield from read(records, names, comments, source, rows)


def _records(reader: Any, offset: int, rows: RowProblems) -> Iterator[tuple[int, list[str]]]:
    """(line, row) for every row that is not blank; a row is numbered by the line it
    starts on, as a quoted field may run over several lines (user agents, titles)."""
    end = 0
    while True:
        try:
            for row in reader:
                start, end = end + 1, reader.line_num
                if row and (row[0] or any(row)):
                    yield offset + start, row
            return
        except csv.Error as error:  # a field over csv's size limit (an unclosed quote); go on
            rows.add(offset + end + 1, f"cannot be read as CSV ({error})", "a CSV row")
            end = reader.line_num


Reader = Callable[[Iterator[tuple[int, list[str]]], list[str], list[str], str, RowProblems], Iterator[Hit]]


def _reader_for(names: list[str], header_line: str, source: str, line: int) -> Reader:
    version = re.fullmatch(r"(\d+)path", names[0])
    if version:  # GoatCounter puts its format version in front of the first name
        if version.group(1) not in GOATCOUNTER_VERSIONS:
            raise ExportError(
                Problem(
                    source,
                    f"line {line}",
                    f"is GoatCounter's export format version {version.group(1)}, not one read here",
                    "version 2 (`2Path,...`) or 1: tell us, the format has changed",
                )
            )
        missing = [name for name in ("Event", "Bot", "Date") if name.lower() not in names]
        if missing:
            raise ExportError(
                Problem(
                    source,
                    f"line {line}",
                    f"GoatCounter's header has no {', '.join(missing)} column",
                    "GoatCounter's own header, `2Path,Title,Event,...,Bot,...,Date`",
                )
            )
        return _goatcounter
    if names[0] == "2,path":
        raise ExportError(
            Problem(
                source,
                f"line {line}",
                "starts with `2,Path`, which GoatCounter never wrote",
                "GoatCounter's own header, `2Path,Title,Event,...`: change the first field to 2Path",
            )
        )
    if "path" in names and "views" in names:
        return _plain
    if "pageviews" in names and ("page" in names or "name" in names):
        return _plausible
    if names[0] == "page path and screen class" and "views" in names:
        return _ga4
    raise ExportError(
        Problem(
            source,
            f"line {line}",
            f"header {_shown(header_line.strip(), 120)} is not a known export",
            FORMATS_EXPECTED,
        )
    )


# --- the formats ---------------------------------------------------------------------


def _goatcounter(
    records: Iterator[tuple[int, list[str]]],
    names: list[str],
    comments: list[str],
    source: str,
    rows: RowProblems,
    detail: bool = False,
) -> Iterator[Hit]:
    """One row per pageview; events (clicks, downloads: Event 1/true) and bots are not readers.

    With `detail`, events come too (as Hit.event, never counted as views) and every
    hit carries its Referrer, read by goatcounter_referrer."""
    width = len(names)
    event_at, bot_at, date_at = names.index("event"), names.index("bot"), names.index("date")
    referrer_at = names.index("referrer") if "referrer" in names else None
    scheme_at = names.index("referrer scheme") if "referrer scheme" in names else None
    days: dict[str, datetime.date | None] = {}
    # One Hit for each page and day, handed out again for its later views: a frozen
    # dataclass takes over a microsecond to make, and an export has some thirty rows
    # for each page and day (100,000 rows, 3,600 pairs in the 5,000-post bench's).
    made: dict[tuple[str, datetime.date], Hit] = {}
    for line, row in records:
        if len(row) != width and not _only_blank_beyond(row, width):
            rows.add(line, _columns(row), f"{width} columns, as in the header")
            continue
        event = row[event_at]
        is_event = False
        if event not in FALSE:
            event = event.strip().lower()
            if event in TRUE:
                if not detail:
                    continue
                is_event = True
            elif event not in FALSE:
                rows.add(
                    line, f"Event {_shown(row[event_at])} is not 1, 0, true or false", "1, 0, true or false"
                )
                continue
        bot = row[bot_at].strip()  # GoatCounter counts no hit with Bot above 0 (cron/hit_count.go)
        if bot not in ("0", ""):
            if bot.isdigit():
                continue
            rows.add(line, f"Bot {_shown(bot)} is not a number", "0, or the number GoatCounter gives a bot")
            continue
        # A million rows share a few hundred days: once a day has parsed, later times on
        # it are taken by their first ten characters without checking the rest again.
        stamp = row[date_at]
        day = days.get(stamp[:10]) if len(stamp) > 10 else None
        if day is None:
            day = _goatcounter_day(stamp)
            if day is None:
                rows.add(line, f"Date {_shown(stamp)} is not a date", "a time such as 2026-11-05T09:14:03Z")
                continue
            days[stamp[:10]] = day
        if not row[0].strip():
            rows.add(line, "Path is empty", "the page's path, e.g. /about/")
            continue
        if detail:
            referrer = goatcounter_referrer(
                row[referrer_at] if referrer_at is not None else "",
                row[scheme_at] if scheme_at is not None else "",
            )
            yield Hit(row[0], 1, day, referrer, is_event)
        else:
            hit = made.get((row[0], day))
            if hit is None:
                hit = made[row[0], day] = Hit(row[0], 1, day)
            yield hit


@lru_cache(maxsize=100_000)  # a large export names the same few referrers again and again
def goatcounter_referrer(referrer: str, scheme: str) -> str:
    """Who sent the reader, one name per site, from GoatCounter's Referrer and Referrer
    scheme columns.

    GoatCounter keeps a link's referrer without its scheme as `host/path` (scheme `h`,
    e.g. `www.reddit.com/r/programming`: `ref.go` cleanRefURL), so it is cut to its
    host here and every page of one site counts as one. A name GoatCounter gave (`g`:
    `Hacker News`, `Email`, `Google`), a campaign's utm_source (`c`) or an app's id
    (`o`) is kept as written."""
    text = referrer.strip()
    if scheme.strip().lower() != "h":
        return text
    text = re.sub(r"\A(?:[a-z][a-z0-9+.-]*:(?=//))?/*", "", text, flags=re.I)  # a scheme, if any was kept
    return re.split(r"[/?#]", text, maxsplit=1)[0].lower()


def _goatcounter_day(stamp: str) -> datetime.date | None:
    """The UTC day of GoatCounter's RFC 3339 time (`2026-11-05T09:14:03Z`)."""
    text = stamp.strip()
    if not re.fullmatch(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?", text):
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _plain(
    records: Iterator[tuple[int, list[str]]],
    names: list[str],
    comments: list[str],
    source: str,
    rows: RowProblems,
) -> Iterator[Hit]:
    yield from _counted(records, names, rows, names.index("path"), "views", "date")


def _plausible(
    records: Iterator[tuple[int, list[str]]],
    names: list[str],
    comments: list[str],
    source: str,
    rows: RowProblems,
) -> Iterator[Hit]:
    """imported_pages (`page`, dated per day) or the dashboard's pages.csv (`name`, undated)."""
    path_at = names.index("page") if "page" in names else names.index("name")
    yield from _counted(records, names, rows, path_at, "pageviews", "date")


def _ga4(
    records: Iterator[tuple[int, list[str]]],
    names: list[str],
    comments: list[str],
    source: str,
    rows: RowProblems,
) -> Iterator[Hit]:
    """Views per page for the report's range: dated by its end date, or by a Date column."""
    end = next((c.split(":", 1)[1].strip() for c in comments if c.lower().startswith("end date:")), None)
    report_day = None
    if end:
        report_day = _day(end)
        if report_day is None:
            raise ExportError(
                Problem(source, "End date", f"{_shown(end)} is not a date", "a date such as 20261128")
            )
    # GoatCounter's GA4 import skips rows with no path; so do we. Lines starting with #
    # are comments anywhere in GA4's files, as they are to that importer.
    kept = ((line, row) for line, row in records if row[0].strip() and not row[0].startswith("#"))
    yield from _counted(kept, names, rows, 0, "views", "date", report_day)


def _counted(
    records: Iterable[tuple[int, list[str]]],
    names: list[str],
    rows: RowProblems,
    path_at: int,
    views_name: str,
    date_name: str,
    default_day: datetime.date | None = None,
) -> Iterator[Hit]:
    """Rows with a path, a number of views and maybe a date, as every format but GoatCounter has."""
    width, views_at = len(names), names.index(views_name)
    date_at = names.index(date_name) if date_name in names else None
    days: dict[str, datetime.date | None] = {}
    for line, row in records:
        if len(row) != width and not _only_blank_beyond(row, width):
            rows.add(line, _columns(row), f"{width} columns, as in the header")
            continue
        path = row[path_at]
        if not path.strip():
            rows.add(line, f"{names[path_at]} is empty", "the page's path, e.g. /about/")
            continue
        text = row[views_at]
        views = int(text) if text.isdigit() else _views(text)
        if views is None:
            rows.add(line, f"{views_name} {_shown(text)} is not a number", "a whole number of views")
            continue
        day = default_day
        if date_at is not None:
            text = row[date_at]
            day = days.get(text)
            if day is None:
                day = _day(text)
                if day is None:
                    rows.add(line, f"{date_name} {_shown(text)} is not a date", "a date such as 2026-11-05")
                    continue
                days[text] = day
        yield Hit(path, views, day)


def _columns(row: list[str]) -> str:
    return f"has {len(row)} column{'s' if len(row) != 1 else ''}"


def _shown(value: str, limit: int = 40) -> str:
    """A value quoted for a message, cut short: an unclosed quote can swallow a whole file."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _only_blank_beyond(row: list[str], width: int) -> bool:
    """A row longer than the header only by empty cells, as spreadsheets write."""
    return len(row) > width and not any(cell.strip() for cell in row[width:])


def _views(text: str) -> int | None:
    cleaned = text.strip().replace(",", "")
    return int(float(cleaned)) if re.fullmatch(r"\d+(\.0+)?", cleaned) else None


def _day(text: str) -> datetime.date | None:
    value = text.strip()
    try:
        if re.fullmatch(r"\d{8}", value):  # GA4 writes 20261105
            return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    return None
