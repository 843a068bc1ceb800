"""Popular posts: the export readers, URL folding, ranking windows, and a built site."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, Build, run_pelican

sys.path.insert(0, str(ROOT / "plugins"))

from popular_posts import popular_except, snippet
from popular_posts.exports import ExportError, Hit, read_export
from popular_posts.ranking import Tally, rank
from popular_posts.urls import page_key

SAMPLES = Path(__file__).parent / "analytics_samples"
D = datetime.date


def hits(name: str) -> list[Hit]:
    return list(read_export(SAMPLES / name, name))


# --- readers -----------------------------------------------------------------------


def test_plain_csv_with_and_without_dates() -> None:
    assert hits("plain.csv")[:2] == [
        Hit("/reflections/a-week-with-two-interviews/", 12, D(2026, 11, 20)),
        Hit("/reflections/a-week-with-two-interviews/?utm_source=newsletter", 3, D(2026, 11, 21)),
    ]
    assert hits("plain-undated.csv") == [
        Hit("/about/", 7, None),
        Hit("/reflections/the-week-my-design-team-was-cut/", 1204, None),
    ]


def test_goatcounter_export_one_row_per_pageview_without_bots_or_events() -> None:
    assert [(h.path, h.views, h.day) for h in hits("goatcounter.csv")] == [
        ("/reflections/a-week-with-two-interviews/", 1, D(2026, 11, 20)),
        ("/reflections/a-week-with-two-interviews/index.html", 1, D(2026, 11, 21)),
        (
            "/Advice/Talking-About-Past-Failures-In-An-Interview-Without-Underselling-Yourself",
            1,
            D(2026, 11, 23),
        ),
    ]


def test_plausible_pages_and_imported_pages() -> None:
    assert hits("plausible-pages.csv")[0] == Hit(
        "/advice/why-did-i-come-in-second-what-a-close-rejection-really-means/", 88, None
    )
    assert hits("plausible-imported-pages.csv")[:2] == [
        Hit("/shortlist/reflections/after-the-harborline-final-round/", 11, D(2026, 11, 24)),
        Hit("/shortlist/reflections/after-the-harborline-final-round/", 4, D(2026, 11, 25)),
    ]


def test_ga4_pages_and_screens_dated_by_the_report_end_or_a_date_column() -> None:
    assert hits("ga4-pages-and-screens.csv")[0] == Hit(
        "/reflections/morning-of-the-harborline-final-round/", 73, D(2026, 11, 28)
    )
    assert [h.day for h in hits("ga4-with-date.csv")] == [D(2026, 11, 27), D(2026, 11, 20)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"url,count\n/a,1\n", "bad.csv: line 1: header 'url,count' is not a known export; expected one of:"),
        (
            b"path,views\n/a,1\n/b,lots\n",
            "bad.csv: line 3: views 'lots' is not a number; expected a whole number",
        ),
        (b"path,views,date\n/a,1,yesterday\n", "bad.csv: line 2: date 'yesterday' is not a date"),
        (b"", "bad.csv: the file is empty; expected one of:"),
        (b"path,views\n/caf\xe9,1\n", "bad.csv: encoding: byte 0xE9 is not UTF-8; expected a UTF-8 CSV file"),
    ],
)
def test_malformed_exports_name_the_file_and_line(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    with pytest.raises(ExportError) as caught:
        list(read_export(bad, "bad.csv"))
    assert str(caught.value.problem).startswith(message), str(caught.value.problem)


def test_reading_streams_the_file(tmp_path: Path) -> None:
    """The reader yields rows as it reads: a bad row far down is met only when reached."""
    big = tmp_path / "big.csv"
    big.write_text("path,views\n" + "/a,1\n" * 1000 + "/b,oops\n", encoding="utf-8")
    rows = read_export(big, "big.csv")
    assert next(rows) == Hit("/a", 1, None)


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
    shutil.copytree(ROOT / "content", content)
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


def test_a_broken_export_is_named_and_fails_publish(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "analytics" / "broken.csv").write_text("path,views\n/a,1\n/b,many\n", encoding="utf-8")
    publish = run_pelican(tmp_path / "p", "publishconf.py", content)
    assert publish.returncode == 1
    assert "content/analytics/broken.csv: line 3: views 'many' is not a number" in " ".join(
        publish.log.split()
    )
    dev = run_pelican(tmp_path / "d", "pelicanconf.py", content)
    assert dev.returncode == 0
    assert dev.html("about/index.html").select_one("section[aria-labelledby=widget-popular]") is not None


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
