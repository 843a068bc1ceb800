"""The pure parts of shortlist_core, without Pelican."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, run_pelican

sys.path.insert(0, str(ROOT / "plugins"))

from shortlist_core.build_date import build_date
from shortlist_core.content_checks import check_metadata, decode_source
from shortlist_core.dates import group_by_day, long_date, time_of_day
from shortlist_core.github_pages import write_cname
from shortlist_core.navigation import nav_state
from shortlist_core.problems import Problem, ProblemReport
from shortlist_tools.new_post import render


def post(when: str, title: str) -> SimpleNamespace:
    return SimpleNamespace(date=datetime.datetime.fromisoformat(when), title=title)


def test_long_date_reads_like_blogger() -> None:
    assert long_date(datetime.date(2013, 3, 8)) == "Friday, March 8, 2013"
    assert long_date(datetime.date(2026, 11, 12)) == "Thursday, November 12, 2026"


def test_long_date_of_a_moment_is_its_own_calendar_day_not_a_cached_equal_one() -> None:
    # Equal instants in other time zones are other calendar days: the kept answers are
    # per day, not per datetime (which compare, and hash, by the instant).
    late = datetime.datetime(2026, 3, 8, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))
    next_morning = late.astimezone(datetime.timezone(datetime.timedelta(hours=9)))
    assert late == next_morning
    assert long_date(late) == "Sunday, March 8, 2026"
    assert long_date(next_morning) == "Monday, March 9, 2026"
    assert long_date(late.date()) == long_date(late)


def test_time_of_day_is_what_the_moments_own_strftime_says() -> None:
    from pelican.utils import SafeDatetime

    zones = [datetime.timezone(datetime.timedelta(hours=hours)) for hours in (-5, 0, 9)]
    for hour in range(24):
        for minute in (0, 5, 59):
            for zone in zones:
                moment = SafeDatetime(2026, 11, 12, hour, minute, tzinfo=zone)
                assert time_of_day(moment) == moment.strftime("%-I:%M %p")
    instant = SafeDatetime(2026, 11, 12, 21, 40, tzinfo=zones[0])
    # The same instant elsewhere shows its own clock.
    assert time_of_day(instant) == "9:40 PM"
    assert time_of_day(instant.astimezone(zones[2])) == "11:40 AM"


def test_group_by_day_keeps_order_and_merges_only_consecutive_days() -> None:
    posts = [
        post("2026-11-12 21:40", "evening"),
        post("2026-11-12 08:15", "morning"),
        post("2026-11-05 10:00", "older"),
    ]
    groups = group_by_day(posts)
    assert [(g.label, [p.title for p in g.posts]) for g in groups] == [
        ("Thursday, November 12, 2026", ["evening", "morning"]),
        ("Thursday, November 5, 2026", ["older"]),
    ]
    assert groups[0].iso == "2026-11-12"
    assert group_by_day([]) == []


@pytest.mark.parametrize(
    ("link", "output_file", "expected"),
    [
        ("reflections/", "reflections/index.html", "page"),
        ("reflections/", "reflections/page/2/index.html", "true"),
        ("reflections/", "reflections/a-post/index.html", "true"),
        ("jobs/", "reflections/index.html", None),
        ("archive/", "archive/2026/11/index.html", "true"),
        ("subscribe/", None, None),
    ],
)
def test_nav_state(link: str, output_file: str | None, expected: str | None) -> None:
    assert nav_state(link, output_file) == expected


def test_build_date_from_source_date_epoch_or_utc_today() -> None:
    assert build_date({"SOURCE_DATE_EPOCH": "1796126400"}) == datetime.date(2026, 12, 1)
    today = datetime.datetime.now(tz=datetime.UTC).date()
    assert build_date({}) in (today, today + datetime.timedelta(days=1))
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH: 'soon' is not a number"):
        build_date({"SOURCE_DATE_EPOCH": "soon"})


def test_decode_source_names_the_line_and_column_of_a_bad_byte() -> None:
    text, problems = decode_source(b"Title: ok\nDate: 2026\nCaf\xe9\n", "x.md")
    assert text is None
    assert str(problems[0]) == (
        "x.md: encoding: byte 0xE9 on line 3, column 4 is not UTF-8; "
        "expected a UTF-8 text file (re-save it as UTF-8 in your editor)"
    )
    assert decode_source("\ufeffTitle: é\n".encode(), "x.md") == ("Title: é\n", [])
    assert decode_source(b"  \n\n", "x.md")[1][0].problem == "the file is empty"


def test_check_metadata() -> None:
    assert check_metadata({"title": "Fine", "status": "Hidden"}, "x.md") == []
    problems = check_metadata({"title": "  ", "status": "live"}, "x.md")
    assert [p.field for p in problems] == ["Title", "Status"]


def test_report_groups_problems_by_file_and_counts_each_once() -> None:
    report = ProblemReport()
    report.add(Problem("a.md", "Date", "missing", "a date"))
    report.add(Problem("b.md", "Title", "missing"))
    report.add(Problem("a.md", "Status", "'x' is not a known status", "published"))
    report.add(Problem("a.md", "Date", "missing", "a date"))
    assert len(report) == 3
    assert report.format() == (
        "3 problems found:\n"
        "  a.md\n"
        "    - Date: missing; expected a date\n"
        "    - Status: 'x' is not a known status; expected published\n"
        "  b.md\n"
        "    - Title: missing"
    )


def test_write_cname(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "extra").mkdir(parents=True)
    assert write_cname(str(tmp_path / "out"), "", str(content)) == []
    assert not (tmp_path / "out" / "CNAME").exists()
    assert write_cname(str(tmp_path / "out"), "jobs.example.org", str(content)) == []
    assert (tmp_path / "out" / "CNAME").read_text() == "jobs.example.org\n"
    (content / "extra" / "CNAME").write_text("other.example.org\n")
    problems = write_cname(str(tmp_path / "out"), "jobs.example.org", str(content))
    assert problems[0].field == "GITHUB_PAGES_CNAME"


@pytest.mark.parametrize(
    ("kind", "folder"), [("reflection", "reflections"), ("advice", "advice"), ("job", "jobs")]
)
def test_new_post_template_for_each_kind(kind: str, folder: str) -> None:
    name, text = render(kind, "Week one: résumés & coffee", datetime.datetime(2026, 11, 29, 9, 5), "draft")
    assert name == f"{folder}/week-one-resumes-coffee.md"
    assert text.startswith("Title: Week one: résumés & coffee\nDate: 2026-11-29 09:05\nStatus: draft\n")
    if kind == "job":
        for field in (
            "Company:",
            "Location:",
            "Remote: no",
            "Employment: full-time",
            "Closes: 2026-12-29",
            "Apply:",
        ):
            assert f"\n{field}" in text


def test_make_post_creates_a_file_that_builds(tmp_path: Path, content_copy: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "plugins/shortlist_tools/new_post.py"),
            "--kind",
            "reflection",
            "--title",
            "A brand new week",
            "--content",
            str(content_copy),
            "--status",
            "published",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert (content_copy / "reflections/a-brand-new-week.md").exists()
    again = subprocess.run(
        [
            sys.executable,
            str(ROOT / "plugins/shortlist_tools/new_post.py"),
            *("--kind", "reflection", "--title", "A brand new week", "--content", str(content_copy)),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert again.returncode == 1 and "already exists" in again.stderr
    build = run_pelican(tmp_path / "output", "publishconf.py", content_copy)
    assert build.returncode == 0, build.log
    assert (build.output / "reflections/a-brand-new-week/index.html").exists()


def test_make_post_rejects_an_unknown_kind() -> None:
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "post",
            "KIND=memo",
            "TITLE=x",
            f"VENV={Path(sys.executable).parent.parent}",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode != 0
    assert "KIND='memo' is not a kind; expected one of: reflection, advice, job" in done.stderr


QUICK_EXIT = """
import atexit, gc, sys
sys.path.insert(0, sys.argv[1])

def after_the_freeze():
    # Registered first, so it runs last: the collector is frozen by then, and the
    # other exit handlers still ran.
    sys.stderr.write(f"frozen {gc.get_freeze_count() > 0}")

atexit.register(after_the_freeze)
from shortlist_core.quick_exit import leave_objects_at_exit

leave_objects_at_exit()
leave_objects_at_exit()  # plugins registered again (the devserver): one handler
held = []
for number in range(50000):  # objects in cycles, as a build leaves them
    node = {"number": number}
    node["self"] = node
    held.append(node)
with open(sys.argv[2], "w") as out:
    out.write("written")
sys.stdout.write("the last line, with no newline")
sys.exit(int(sys.argv[3]))
"""


@pytest.mark.parametrize("status", [0, 3])
def test_a_build_process_leaves_its_objects_to_the_system_and_keeps_its_output_and_status(
    tmp_path: Path, status: int
) -> None:
    written = tmp_path / "written.txt"
    done = subprocess.run(
        [sys.executable, "-c", QUICK_EXIT, str(ROOT / "plugins"), str(written), str(status)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == status
    assert done.stdout == "the last line, with no newline"
    assert done.stderr == "frozen True"
    assert written.read_text() == "written"


def test_work_ahead_runs_every_job_in_order_and_a_failing_one_stops_none() -> None:
    from shortlist_core.site_parts import _WORK_AHEAD, register_work_ahead, work_ahead

    done: list[str] = []

    def first(context: dict) -> None:
        done.append(f"first {context['n']}")

    def failing(context: dict) -> None:
        raise RuntimeError("met again, and reported, when the work is done")

    def last(context: dict) -> None:
        done.append(f"last {context['n']}")

    saved = dict(_WORK_AHEAD)
    _WORK_AHEAD.clear()
    try:
        for job in (first, failing, last, first):  # registering again replaces
            register_work_ahead(job)
        work_ahead({"n": 1})
    finally:
        _WORK_AHEAD.clear()
        _WORK_AHEAD.update(saved)
    assert done == ["first 1", "last 1"]


def test_quick_versions_are_put_in_place_only_when_wanted_and_checked_and_a_miss_is_said_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    from shortlist_core.quick_paths import put_in_place

    calls: list[str] = []
    logger = logging.getLogger("test_quick_paths")

    def place(accepted: bool, wanted: bool = True) -> None:
        put_in_place(
            wanted,
            lambda: calls.append("install") or accepted,
            lambda: calls.append("uninstall"),
            {"somelib": "1.0"},
            lambda: {"somelib": "2.0"},
            "Somelib",
            logger,
        )

    with caplog.at_level(logging.INFO, logger="test_quick_paths"):
        place(accepted=True)
        assert calls == ["install"]
        calls.clear()
        place(accepted=True, wanted=False)
        assert calls == ["uninstall"]
        calls.clear()
        place(accepted=False)
        place(accepted=False)
        assert calls == ["install", "uninstall"] * 2
    said = [r.getMessage() for r in caplog.records if r.name == "test_quick_paths"]
    assert said == [
        "Somelib runs as it is (slower): the quick version was checked with somelib 1.0, not somelib 2.0."
    ]
