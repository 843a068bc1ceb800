"""Popular posts: the export readers, URL folding, ranking windows, and a built site."""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, SAMPLE_CONTENT, Build, run_pelican

sys.path.insert(0, str(ROOT / "plugins"))

from popular_posts import popular_except, snippet
from popular_posts.exports import MAX_ROW_PROBLEMS, ExportError, Hit, read_export
from popular_posts.ranking import Tally, rank
from popular_posts.urls import page_key
from shortlist_core.problems import Problem

SAMPLES = Path(__file__).parent / "analytics_samples"
GOATCOUNTER_GZ = "goatcounter-export-samortega-20261129T081502Z-0.csv.gz"
D = datetime.date


def read(path: Path, source: str | None = None) -> tuple[list[Hit], list[str]]:
    """Every hit, and every problem as the build would print it."""
    problems: list[Problem] = []
    hits = list(read_export(path, source or path.name, problems))
    return hits, [str(p) for p in problems]


def hits(name: str) -> list[Hit]:
    found, problems = read(SAMPLES / name)
    assert problems == []
    return found


def read_bytes(tmp_path: Path, content: bytes, name: str = "bad.csv") -> tuple[list[Hit], list[str]]:
    (tmp_path / name).write_bytes(content)
    return read(tmp_path / name)


def fails(tmp_path: Path, content: bytes, name: str = "bad.csv") -> str:
    """The problem that leaves the whole file out."""
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ExportError) as caught:
        list(read_export(tmp_path / name, name, []))
    return str(caught.value.problem)


# --- the samples, each written as its tool writes it ----------------------------------
# Where each format was checked: the comment at the top of plugins/popular_posts/exports.py
# and tests/analytics_samples/SOURCES.md.


def test_plain_csv_with_and_without_dates() -> None:
    assert hits("plain.csv")[:2] == [
        Hit("/reflections/a-week-with-two-interviews/", 12, D(2026, 11, 20)),
        Hit("/reflections/a-week-with-two-interviews/?utm_source=newsletter", 3, D(2026, 11, 21)),
    ]
    assert hits("plain-undated.csv") == [
        Hit("/about/", 7, None),
        Hit("/reflections/the-week-my-design-team-was-cut/", 1204, None),
    ]


GOATCOUNTER_HITS = [
    Hit("/reflections/a-week-with-two-interviews/", 1, D(2026, 11, 20)),
    Hit("/reflections/a-week-with-two-interviews/index.html", 1, D(2026, 11, 21)),
    Hit(
        "/advice/talking-about-past-failures-in-an-interview-without-underselling-yourself/",
        1,
        D(2026, 11, 22),
    ),
    Hit(
        "/Advice/Talking-About-Past-Failures-In-An-Interview-Without-Underselling-Yourself",
        1,
        D(2026, 11, 23),
    ),
    Hit("/?utm_source=newsletter&utm_medium=email", 1, D(2026, 11, 24)),
]


def test_goatcounter_export_one_row_per_pageview_without_events() -> None:
    """SQLite's booleans (1/0): the event `download-cv` (Event 1) is not a pageview."""
    assert hits("goatcounter-sqlite.csv") == GOATCOUNTER_HITS


def test_goatcounter_gzip_is_read_as_downloaded_and_recognised_by_its_bytes(tmp_path: Path) -> None:
    assert hits(GOATCOUNTER_GZ) == GOATCOUNTER_HITS
    renamed = tmp_path / "export.csv"  # gzip without the name that says so
    shutil.copy(SAMPLES / GOATCOUNTER_GZ, renamed)
    assert read(renamed) == (GOATCOUNTER_HITS, [])
    unpacked = tmp_path / "export.csv.gz"  # a browser that unpacked it but kept the name
    shutil.copy(SAMPLES / "goatcounter-sqlite.csv", unpacked)
    assert read(unpacked) == (GOATCOUNTER_HITS, [])


def test_goatcounter_booleans_as_words_bots_and_a_title_over_two_lines(tmp_path: Path) -> None:
    """true/false as GoatCounter's docs describe them; Bot 3 is a bot; the event's title
    holds a newline, so the last row starts on line 6."""
    assert hits("goatcounter-true-false.csv") == [
        Hit("/reflections/coming-in-second-after-a-final-round/", 1, D(2026, 11, 25)),
        Hit("/reflections/coming-in-second-after-a-final-round/index.html", 1, D(2026, 11, 26)),
    ]
    lines = (SAMPLES / "goatcounter-true-false.csv").read_bytes().splitlines(keepends=True)
    short = b"".join(lines[:5]) + lines[5].replace(b",Linux,", b",")  # the last row, one column short
    assert read_bytes(tmp_path, short)[1] == [
        "bad.csv: line 6: has 13 columns; expected 14 columns, as in the header"
    ]


def test_goatcounter_views_of_one_page_on_one_day_share_one_hit(tmp_path: Path) -> None:
    """A large export has dozens of rows per page and day: one Hit stands for each pair
    (quicker than making one per row), and a different page, day or hour never shares it."""
    header = "2Path,Title,Event,Bot,Date\n"
    rows = [
        ("/a/", "2026-11-20T09:00:00Z"),
        ("/a/", "2026-11-20T17:30:00Z"),  # the same day, later
        ("/a/", "2026-11-21T09:00:00Z"),
        ("/b/", "2026-11-20T09:00:00Z"),
        ("/a/", "2026-11-20T23:59:59Z"),
    ]
    content = header + "".join(f"{path},,false,0,{stamp}\n" for path, stamp in rows)
    found, problems = read_bytes(tmp_path, content.encode())
    assert problems == []
    assert found == [
        Hit("/a/", 1, D(2026, 11, 20)),
        Hit("/a/", 1, D(2026, 11, 20)),
        Hit("/a/", 1, D(2026, 11, 21)),
        Hit("/b/", 1, D(2026, 11, 20)),
        Hit("/a/", 1, D(2026, 11, 20)),
    ]
    assert found[0] is found[1] is found[4]
    assert len({id(hit) for hit in found}) == 3


def test_goatcounter_version_1_export() -> None:
    assert hits("goatcounter-v1.csv") == [
        Hit("/reflections/the-week-my-design-team-was-cut/", 1, D(2020, 8, 14)),
        Hit("/reflections/the-week-my-design-team-was-cut/", 1, D(2020, 8, 15)),
    ]


def test_plausible_dashboard_pages_csv_is_undated_alone_or_in_its_zip() -> None:
    assert (
        hits("plausible-dashboard-export.zip")
        == hits("plausible-pages.csv")
        == [
            Hit("/advice/why-did-i-come-in-second-what-a-close-rejection-really-means/", 88, None),
            Hit("/reflections/coming-in-second-after-a-final-round/", 52, None),
            Hit("/about/", 13, None),
        ]
    )


def test_plausible_site_export_as_a_csv_or_as_the_zip() -> None:
    imported = [
        Hit("/shortlist/reflections/after-the-harborline-final-round/", 11, D(2026, 11, 24)),
        Hit("/shortlist/reflections/after-the-harborline-final-round/", 4, D(2026, 11, 25)),
        Hit("/shortlist/", 26, D(2026, 11, 25)),
    ]
    assert hits("plausible-imported-pages.csv") == imported
    assert hits("plausible-imported-pages-6-columns.csv") == imported[:2]
    assert hits("plausible-export.zip") == imported  # imported_visitors_*.csv in it is not read


def test_ga4_pages_and_screens_dated_by_the_report_end_or_a_date_column() -> None:
    assert hits("ga4-pages-and-screens.csv") == [
        Hit("/reflections/morning-of-the-harborline-final-round/", 73, D(2026, 11, 28)),
        Hit("/reflections/morning-of-the-harborline-final-round/?fbclid=IwAR2x", 9, D(2026, 11, 28)),
        Hit("/", 140, D(2026, 11, 28)),
        Hit("/advice/salary-talk,-in-writing/", 6, D(2026, 11, 28)),
        Hit("/reflections/draft-preview/", 0, D(2026, 11, 28)),
    ]
    assert [h.day for h in hits("ga4-with-date.csv")] == [D(2026, 11, 27), D(2026, 11, 20)]


def go_csv_line(fields: list[str]) -> str:
    """A row as Go's encoding/csv Writer writes it (fieldNeedsQuotes, no UseCRLF)."""
    quoted = [
        '"' + f.replace('"', '""') + '"' if f and (any(c in f for c in ',"\r\n') or f[0].isspace()) else f
        for f in fields
    ]
    return ",".join(quoted) + "\n"


@pytest.mark.parametrize(
    "name", ["goatcounter-sqlite.csv", "goatcounter-true-false.csv", "goatcounter-v1.csv"]
)
def test_goatcounter_samples_are_byte_for_byte_what_go_writes(name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert "".join(go_csv_line(row) for row in rows) == text


def test_gzip_sample_is_the_csv_gzipped_reproducibly() -> None:
    data = (SAMPLES / GOATCOUNTER_GZ).read_bytes()
    assert data[:2] == b"\x1f\x8b" and data[4:8] == b"\0\0\0\0"  # magic; mtime 0
    assert gzip.decompress(data) == (SAMPLES / "goatcounter-sqlite.csv").read_bytes()


def test_plausible_samples_keep_their_writers_line_ends_and_quotes() -> None:
    pages = (SAMPLES / "plausible-pages.csv").read_bytes()
    assert pages.count(b"\r\n") == pages.count(b"\n") == 4  # NimbleCSV's RFC 4180: CRLF after each row
    imported = (SAMPLES / "plausible-imported-pages.csv").read_bytes()
    assert b"\r" not in imported and imported.startswith(b'"date","hostname","page",')  # ClickHouse
    with zipfile.ZipFile(SAMPLES / "plausible-export.zip") as archive:
        assert archive.read("imported_pages_20261124_20261125.csv") == imported
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())


# --- odd files and bad rows -------------------------------------------------------------

RAGGED = {
    "plain": b"path,views,date\n/a,1,2026-11-01\n/b,2\n/c,3,2026-11-02\n",
    "goatcounter": (
        b"2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,"
        b"Location,FirstVisit,Date\n"
        b'/a,A,0,,Firefox 132,Linux,1-2,0,,,"1920,0,1",US,1,2026-11-01T10:00:00Z\n'
        b"/b,B,0,,Firefox 132\n"
        b'/c,C,0,,Firefox 132,Linux,1-3,0,,,"1920,0,1",US,1,2026-11-02T10:00:00Z\n'
    ),
    "plausible imported_pages": (
        b'"date","hostname","page","visits","visitors","pageviews"\n'
        b'"2026-11-01","example.org","/a",1,1,1\n"2026-11-01","example.org"\n"2026-11-02","example.org","/c",3,3,3\n'
    ),
    "plausible pages.csv": (
        b"name,visitors,pageviews,bounce_rate,time_on_page,scroll_depth\r\n"
        b"/a,1,1,0,10,50\r\n/b,2\r\n/c,3,3,0,10,50\r\n"
    ),
    "ga4": (
        b"# Start date: 20261101\n# End date: 20261102\n"
        b"Page path and screen class,Views,Active users\n/a,1,1\n/b\n/c,3,3\n"
    ),
}


@pytest.mark.parametrize("kind", RAGGED)
def test_a_ragged_row_is_named_and_left_out_while_the_others_count(tmp_path: Path, kind: str) -> None:
    found, problems = read_bytes(tmp_path, RAGGED[kind])
    assert [h.path for h in found] == ["/a", "/c"]
    line = 5 if kind == "ga4" else 3  # GA4's two comment lines come first
    assert len(problems) == 1 and problems[0].startswith(f"bad.csv: line {line}: has "), problems
    assert "columns, as in the header" in problems[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"path,views\n/a,1\n/b,lots\n",
            "bad.csv: line 3: views 'lots' is not a number; expected a whole number",
        ),
        (b"path,views,date\n/a,1,yesterday\n", "bad.csv: line 2: date 'yesterday' is not a date"),
        (b"path,views\n,4\n", "bad.csv: line 2: path is empty; expected the page's path"),
        (
            b"2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,"
            b"Location,FirstVisit,Date\n/a,,yes,,,,,0,,,,,1,2026-11-01T10:00:00Z\n",
            "bad.csv: line 2: Event 'yes' is not 1, 0, true or false",
        ),
        (
            b"2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,"
            b"Location,FirstVisit,Date\n/a,,0,,,,,0,,,,,1,last tuesday\n",
            "bad.csv: line 2: Date 'last tuesday' is not a date; expected a time such as 2026-11-05T09:14:03Z",
        ),
        (
            b'"date","hostname","page","pageviews"\n"2026-11-31","x","/a",1\n',
            "bad.csv: line 2: date '2026-11-31'",
        ),
        (
            b'path,views\n/a,1\n/b,"' + b"9" * 200_000 + b'"\n/c,3\n',
            "bad.csv: line 3: cannot be read as CSV (field larger than field limit",
        ),
        (b'path,views\n/a,1\n/b,"2\n/c,3\n', "bad.csv: line 3: views '2\\n/c,3\\n' is not a number"),
        (  # an unclosed quote runs to the end of the file: the message quotes 40 characters of it
            b'path,views\n/a,1\n/b,"' + b"7\n" * 50,
            "bad.csv: line 3: views " + repr("7\n" * 20 + "…") + " is not a number",
        ),
    ],
)
def test_a_bad_value_is_named_with_its_line(tmp_path: Path, content: bytes, message: str) -> None:
    problems = read_bytes(tmp_path, content)[1]
    assert len(problems) == 1 and problems[0].startswith(message), problems


def test_every_bad_row_is_counted_but_only_the_first_ones_are_listed(tmp_path: Path) -> None:
    content = b"path,views\n" + b"/good,1\n/bad\n" * (MAX_ROW_PROBLEMS + 5)
    found, problems = read_bytes(tmp_path, content)
    assert len(found) == MAX_ROW_PROBLEMS + 5
    assert len(problems) == MAX_ROW_PROBLEMS + 1
    assert problems[0].startswith("bad.csv: line 3: has 1 column")
    assert problems[-1] == "bad.csv: and 5 more bad rows, not listed"


def test_what_real_files_have_bom_crlf_blank_lines_quoted_newlines_extra_columns(tmp_path: Path) -> None:
    content = (
        "\ufeffpath,views,date,\r\n"  # a spreadsheet's BOM, CRLF and an empty last column
        '"/notes/a, b",1,2026-11-01,\r\n'
        '"/notes/\nc",2,2026-11-02,,\r\n'  # a newline inside quotes; one more empty cell
        "\r\n/d,3,2026-11-03,\r\n/e\r\n,,,\r\n\r\n\r\n"
    ).encode()
    found, problems = read_bytes(tmp_path, content)
    assert [h.path for h in found] == ["/notes/a, b", "/notes/\nc", "/d"]
    assert problems == ["bad.csv: line 7: has 1 column; expected 4 columns, as in the header"]


def test_a_header_only_file_has_no_hits_and_no_problem(tmp_path: Path) -> None:
    assert read_bytes(tmp_path, RAGGED["goatcounter"].split(b"\n")[0] + b"\n") == ([], [])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"url,count\n/a,1\n", "bad.csv: line 1: header 'url,count' is not a known export; expected one of:"),
        (b"", "bad.csv: the file is empty; expected one of:"),
        (b"\n\n  \n", "bad.csv: the file is empty"),
        (b"# only a comment\n", "bad.csv: the file is empty"),
        (
            b"path,views\n/a,1\n/caf\xe9,1\n",
            "bad.csv: line 3: byte 0xE9 is not UTF-8; expected a UTF-8 CSV file",
        ),
        (
            b'"2,Path",Title,Event,Date\n/a,,false,2026-11-01T10:00:00Z\n',
            "bad.csv: line 1: starts with `2,Path`, which GoatCounter never wrote; expected GoatCounter's own header",
        ),
        (b"3Path,Title,Event,Bot,Date\n", "bad.csv: line 1: is GoatCounter's export format version 3"),
        (
            b"2Path,Title,Date\n/a,,2026-11-01\n",
            "bad.csv: line 1: GoatCounter's header has no Event, Bot column",
        ),
        (
            b"# End date: soon\nPage path and screen class,Views\n/a,1\n",
            "bad.csv: End date: 'soon' is not a date",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_one_problem(tmp_path: Path, content: bytes, message: str) -> None:
    assert fails(tmp_path, content).startswith(message)


def test_a_cut_short_or_damaged_gzip_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    data = (SAMPLES / GOATCOUNTER_GZ).read_bytes()
    assert fails(tmp_path, data[: len(data) // 2], "cut.csv.gz") == (
        "cut.csv.gz: ends in the middle of its gzip data (a download cut short?); "
        "expected the complete .csv.gz: download the export again"
    )
    damaged = data[:-8] + b"\0\0\0\0" + data[-4:]  # a wrong CRC
    assert fails(tmp_path, damaged, "damaged.csv.gz").startswith(
        "damaged.csv.gz: is damaged (CRC check failed"
    )
    not_utf8 = gzip.compress(b"path,views\n/caf\xe9,1\n", mtime=0)
    assert fails(tmp_path, not_utf8, "latin1.csv.gz").startswith(
        "latin1.csv.gz: line 2: byte 0xE9 is not UTF-8"
    )


def test_a_zip_without_page_views_is_a_problem(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("visitors.csv", "date,visitors\n2026-11-01,3\n")
    with pytest.raises(ExportError) as caught:
        list(read_export(tmp_path / "other.zip", "other.zip", []))
    assert str(caught.value.problem).startswith(
        "other.zip: is a zip with no pages.csv or imported_pages_*.csv"
    )
    assert fails(tmp_path, (SAMPLES / "plausible-export.zip").read_bytes()[:300], "cut.zip").startswith(
        "cut.zip: is not a readable zip file"
    )


def test_reading_streams_the_file(tmp_path: Path) -> None:
    """Rows come out as the file is read: the first before a bad row far down is met."""
    big = tmp_path / "big.csv"
    big.write_text("path,views\n" + "/a,1\n" * 100_000 + "/b,oops\n", encoding="utf-8")
    problems: list[Problem] = []
    rows = read_export(big, "big.csv", problems)
    assert next(rows) == Hit("/a", 1, None)
    assert problems == []
    assert sum(1 for _ in rows) == 99_999 and [p.field for p in problems] == ["line 100002"]


def test_devserver_rebuilds_report_a_cached_files_problems_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An unchanged export is not read again, but each build's report starts empty, so its
    bad rows are reported on every build; a file with no rows is a notice, not a problem."""
    from popular_posts import read_tally
    from shortlist_core.problems import REPORT

    (tmp_path / "ragged.csv").write_text("path,views\n/a,1\n/b\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_text("path,views\n", encoding="utf-8")
    try:
        for _ in range(2):
            REPORT.clear()
            tally, files = read_tally(tmp_path, "")
            assert files == 2 and tally.views("all") == {"/a": 1}
            assert [(Path(p.source).name, p.field) for p in REPORT.problems] == [("ragged.csv", "line 3")]
    finally:
        REPORT.clear()
    assert "empty.csv holds no page views" in caplog.text


# --- URLs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "base", "key"),
    [
        ("/reflections/post/", "", "/reflections/post"),
        ("/reflections/post", "", "/reflections/post"),
        ("/reflections/post/index.html", "", "/reflections/post"),
        ("/reflections/post/?utm_source=news&utm_medium=email", "", "/reflections/post"),
        ("/reflections/post/?page=2", "", "/reflections/post"),
        ("/reflections/post/#comments", "", "/reflections/post"),
        ("https://samortega.github.io/reflections/post/", "", "/reflections/post"),
        ("http://www.example.org/reflections/post", "", "/reflections/post"),
        ("/Reflections/Post/", "", "/reflections/post"),
        ("/reflections/caf%C3%A9-notes/", "", "/reflections/café-notes"),
        ("/reflections/café-notes", "", "/reflections/café-notes"),
        ("/shortlist/reflections/post/", "/shortlist", "/reflections/post"),
        ("https://samortega.github.io/shortlist/", "/shortlist/", "/"),
        ("reflections/post/", "", "/reflections/post"),
        ("/reflections//post//", "", "/reflections/post"),
        ("//samortega.github.io/reflections/post/", "", "/reflections/post"),
        ("/", "", "/"),
        ("/index.html", "", "/"),
    ],
)
def test_url_variants_fold_into_one_key(url: str, base: str, key: str) -> None:
    assert page_key(url, base) == key


# --- ranking -------------------------------------------------------------------------


def post(title: str, day: str, url: str) -> SimpleNamespace:
    return SimpleNamespace(title=title, date=datetime.datetime.fromisoformat(day), url=url)


OLD, NEW, MID = (
    post("Old", "2026-01-01", "old/"),
    post("New", "2026-11-01", "new/"),
    post("Mid", "2026-06-01", "mid/"),
)
POSTS_BY_KEY = {"/old": OLD, "/new": NEW, "/mid": MID}


def dated_tally() -> Tally:
    tally = Tally()
    tally.add(
        [
            Hit("/old", 50, D(2026, 10, 1)),  # 59 days before the newest date
            Hit("/mid", 20, D(2026, 11, 10)),  # 20 days before
            Hit("/new", 9, D(2026, 11, 25)),  # 4 days before
            Hit("/mid", 1, D(2026, 11, 29)),  # the newest date
            Hit("/gone", 7, D(2026, 11, 28)),
        ],
        "",
        "a.csv",
    )
    return tally


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ("7d", [("New", 9), ("Mid", 1)]),
        ("30d", [("Mid", 21), ("New", 9)]),
        ("all", [("Old", 50), ("Mid", 21), ("New", 9)]),
    ],
)
def test_windows_count_back_from_the_newest_date(window: str, expected: list) -> None:
    ranked, unmatched = rank(dated_tally().views(window), POSTS_BY_KEY, 5)
    assert [(r.post.title, r.views) for r in ranked] == expected
    assert unmatched == {"/gone": 7}


def test_undated_views_count_only_for_all() -> None:
    tally = dated_tally()
    tally.add([Hit("/old", 100, None)], "", "undated.csv")
    assert tally.undated_files == ["undated.csv"]
    assert rank(tally.views("30d"), POSTS_BY_KEY, 5)[0][0].post is MID
    assert rank(tally.views("all"), POSTS_BY_KEY, 5)[0][0].views == 150


def test_ties_go_to_the_newer_post_then_the_title() -> None:
    twin = post("Another", "2026-11-01", "twin/")
    views = {"/old": 5, "/new": 5, "/twin": 5, "/mid": 5}
    ranked, _ = rank(views, {**POSTS_BY_KEY, "/twin": twin}, 5)
    assert [r.post.title for r in ranked] == ["Another", "New", "Mid", "Old"]


def test_aliases_add_up_with_the_post_and_the_limit_holds() -> None:
    ranked, _ = rank(
        {"/old": 3, "/2013/03/old-post.html": 4, "/new": 5},
        {**POSTS_BY_KEY, "/2013/03/old-post.html": OLD},
        1,
    )
    assert [(r.post.title, r.views) for r in ranked] == [("Old", 7)]


def test_snippet_cuts_at_a_word_boundary_and_the_page_leaves_itself_out() -> None:
    assert snippet("<p>One two three, four five</p>", 3) == "One two three…"
    assert snippet("<p>Short &amp; sweet</p>", 5) == "Short & sweet"
    items = [SimpleNamespace(url=u) for u in ("a/", "b/", "c/")]
    assert [i.url for i in popular_except(items, "b/", 5)] == ["a/", "c/"]
    assert [i.url for i in popular_except(items, None, 2)] == ["a/", "b/"]
    assert popular_except(None, "a/", 5) == []


# --- a built site ---------------------------------------------------------------------

SIDEBAR = "aside section[aria-labelledby=widget-popular] li > a"


def titles(build: Build, page: str) -> list[str]:
    return [" ".join(a.get_text().replace("\xa0", " ").split()) for a in build.html(page).select(SIDEBAR)]


def site_with(
    tmp_path: Path,
    exports: dict[str, str],
    extra_settings: dict | None = None,
    files: dict[str, str] | None = None,
) -> Build:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    shutil.rmtree(content / "analytics")
    (content / "analytics").mkdir()
    for name, text in exports.items():
        (content / "analytics" / name).write_text(text, encoding="utf-8")
    for name, text in (files or {}).items():
        (content / name).write_text(text, encoding="utf-8")
    build = run_pelican(tmp_path / "output", "publishconf.py", content, extra_settings=extra_settings)
    assert build.returncode == 0, build.log
    return build


EXPORT = """path,views,date
/reflections/a-week-with-two-interviews/,30,2026-11-20
/reflections/coming-in-second-after-a-final-round/?utm_source=x,25,2026-11-21
https://samortega.github.io/advice/talking-about-past-failures-in-an-interview-without-underselling-yourself/,20,2026-11-22
/2019/05/my-first-blog-post.html,18,2026-11-22
/reflections/unsent-letter-to-the-hiring-panel/,99,2026-11-23
/reflections/notes-to-self-before-the-offer-call/,98,2026-11-23
/jobs/design-systems-lead/,97,2026-11-23
/jobs/senior-product-designer-fleet-tools/,96,2026-11-23
/wp-login.php,50,2026-11-24
/reflections/the-week-my-design-team-was-cut/,5,2026-11-24
/reflections/rebuilding-my-portfolio-around-decisions/,4,2026-11-24
"""
ALIASED = (
    "Title: After the Harborline final round\nDate: 2026-11-12 21:40\nAliases: /2019/05/my-first-blog-post.html\n"
    "Tags: interviews\n\nBody of the evening post.\n"
)


def test_sidebar_ranks_posts_leaves_out_drafts_hidden_jobs_and_itself(tmp_path: Path) -> None:
    build = site_with(
        tmp_path, {"views.csv": EXPORT}, files={"reflections/after-the-harborline-final-round.md": ALIASED}
    )
    expected = [
        "A week with two interviews",
        "Coming in second after a final round",
        "Talking about past failures in an interview without underselling yourself",
        "After the Harborline final round",  # through its alias
        "The week my design team was cut",
    ]
    assert titles(build, "about/index.html") == expected
    own = "reflections/a-week-with-two-interviews/index.html"
    assert titles(build, own) == [*expected[1:], "Rebuilding my portfolio around decisions"]
    item = build.html("about/index.html").select_one("aside section[aria-labelledby=widget-popular] li")
    assert item.select_one("time")["datetime"] == "2026-10-10"
    assert item.select_one(".popular-snippet").get_text().strip()
    log = " ".join(build.log.split())
    assert (
        "matched no post" in log and "/wp-login.php (50)" in log and "/jobs/design-systems-lead (97)" in log
    )


def test_open_jobs_rank_only_when_asked_and_closed_ones_never(tmp_path: Path) -> None:
    build = site_with(tmp_path, {"views.csv": EXPORT}, extra_settings={"POPULAR_POSTS_INCLUDE_JOBS": True})
    ranked = titles(build, "about/index.html")
    assert ranked[0] == "Senior Product Designer, Fleet Tools"
    assert "Design Systems Lead" not in ranked


def test_windows_apply_to_a_built_site(tmp_path: Path) -> None:
    export = "path,views,date\n/reflections/a-week-with-two-interviews/,50,2026-10-01\n" + (
        "/reflections/the-week-my-design-team-was-cut/,5,2026-11-28\n"
    )
    assert titles(site_with(tmp_path / "30", {"v.csv": export}), "about/index.html") == [
        "The week my design team was cut"
    ]
    everything = site_with(
        tmp_path / "all", {"v.csv": export}, extra_settings={"POPULAR_POSTS_WINDOW": "all"}
    )
    assert titles(everything, "about/index.html") == [
        "A week with two interviews",
        "The week my design team was cut",
    ]


def test_without_analytics_featured_posts_else_no_sidebar(tmp_path: Path) -> None:
    featured = "Title: A featured reflection\nDate: 2026-11-02\nFeatured: yes\n\nBody.\n"
    with_featured = site_with(tmp_path / "f", {}, files={"reflections/featured.md": featured})
    assert titles(with_featured, "about/index.html") == ["A featured reflection"]
    nothing = site_with(tmp_path / "n", {})
    assert nothing.html("about/index.html").select_one("section[aria-labelledby=widget-popular]") is None


GOATCOUNTER_HEADER = (
    "2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,"
    "Location,FirstVisit,Date\n"
)
MORNING = "/reflections/morning-of-the-harborline-final-round/"


def test_a_ragged_export_warns_in_dev_and_fails_publish_while_its_good_rows_count(content_copy: Path) -> None:
    """A row one column short (line 3) is named with its file and line; the dev build goes
    on with the other rows (and a .csv.gz as downloaded); make publish stops and lists it."""
    analytics = content_copy / "analytics"
    (analytics / "goatcounter-export.csv").unlink()  # only the files below count
    good = f'{MORNING},,0,,Firefox 132,Linux,1-2,0,,,"1920,0,1",US,1,2026-11-27T10:00:00Z\n'
    (analytics / "ragged.csv").write_text(
        GOATCOUNTER_HEADER + good + f"{MORNING},,0,,Firefox 132\n" + good * 2, encoding="utf-8"
    )
    shutil.copy(SAMPLES / GOATCOUNTER_GZ, analytics / GOATCOUNTER_GZ)
    where = "content/analytics/ragged.csv"
    problem = "line 3: has 5 columns; expected 14 columns, as in the header"

    dev = run_pelican(content_copy.parent / "dev", "pelicanconf.py", content_copy)
    assert dev.returncode == 0, dev.log
    log = " ".join(dev.log.split())
    assert f"{where}: {problem}" in log and "Traceback" not in log
    ranked = titles(dev, "about/index.html")
    assert ranked[0] == "Morning of the Harborline final round"  # the three good rows of ragged.csv
    assert "A week with two interviews" in ranked  # from the .csv.gz

    publish = run_pelican(content_copy.parent / "publish", "publishconf.py", content_copy)
    assert publish.returncode == 1
    report = " ".join(publish.log.split("found:", 1)[1].split())
    assert f"{where} - {problem}" in report and "The build failed" in report


def test_the_sample_site_builds_the_same_twice(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from same_output import differences

    first = run_pelican(tmp_path / "one", "publishconf.py")
    second = run_pelican(tmp_path / "two", "publishconf.py")
    assert first.returncode == second.returncode == 0
    assert differences(first.output, second.output) == []
    assert titles(first, "about/index.html"), "the sample analytics give a sidebar"


def test_ranking_benchmark_runs_small(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench/popular_posts.py"), "--rows", "20000", "--posts", "200"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "rows/s" in done.stdout and "peak" in done.stdout


def test_an_export_read_ahead_is_reported_once_when_the_sidebar_is_made(tmp_path: Path) -> None:
    """shortlist_core's `work_ahead` reads the exports while the posts are read: only into
    the cache; a bad row is reported when the sidebar's tally is made, once."""
    import popular_posts
    from shortlist_core.problems import REPORT

    folder = tmp_path / "content" / "analytics"
    folder.mkdir(parents=True)
    (folder / "views.csv").write_text(
        "path,views,date\n/reflections/a/,3,2026-11-01\n/reflections/b/,lots,2026-11-01\n", encoding="utf-8"
    )
    context = {
        "PATH": str(tmp_path / "content"),
        "POPULAR_POSTS_PATH": "analytics",
        "SITEURL": "",
        "POPULAR_POSTS_SITE_PATH": None,
    }
    known = len(REPORT.problems)
    popular_posts.read_ahead(context)
    assert len(REPORT.problems) == known, "read ahead: nothing reported yet"
    tally, files = popular_posts.read_tally(folder, "")
    assert files == 1 and tally.views("all") == {"/reflections/a": 3}
    found = REPORT.problems[known:]
    assert len(found) == 1 and "lots" in str(found[0]), found
    REPORT.clear()
