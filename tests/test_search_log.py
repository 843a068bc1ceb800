"""My search: the log and its checks, the numbers, the Sankey layout, privacy, the page."""

from __future__ import annotations

import csv
import datetime
import itertools
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, SAMPLE_CONTENT, Build, ServedSite, run_pelican
from playwright.sync_api import Browser

sys.path.insert(0, str(ROOT / "plugins"))

from search_log.log import parse_log
from search_log.numbers import compute
from search_log.sankey import flows, layout, svg

HEADER = "id,company,role,source,applied,screen,interview,final,offer,outcome,outcome_date\n"
SMALL = HEADER + (
    "a1,Acme,Designer,referral,2026-10-01,2026-10-03,2026-10-08,2026-10-15,2026-10-20,offer-accepted,2026-10-22\n"
    "a2,Bolt,Designer,job board,2026-10-01,2026-10-05,2026-10-09,,,rejected,2026-10-12\n"
    "a3,Crane,Designer,job board,2026-10-02,,,,,rejected,2026-10-09\n"
    "a4,Dune,Designer,job board,2026-10-09,,,,,no-response,\n"
    "a5,Ember,Designer,recruiter,2026-10-10,2026-10-12,,,,withdrew,2026-10-14\n"
    "a6,Fable,Designer,referral,2026-10-20,2026-10-26,,,,,\n"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "search-log.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_small_log_parses(tmp_path: Path) -> None:
    applications, problems = parse_log(write(tmp_path, SMALL), "log.csv")
    assert problems == []
    assert [a.id for a in applications] == ["a1", "a2", "a3", "a4", "a5", "a6"]
    a1 = applications[0]
    assert a1.furthest == "offer" and a1.outcome == "offer-accepted"
    assert a1.stages["final"] == datetime.date(2026, 10, 15)
    assert applications[5].status == "Screen (open)"
    assert applications[1].status == "Rejected after: interview"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "b1,X,R,referral,2026-10-05,2026-10-01,,,,,",
            "line 2: screen 2026-10-01 is before applied 2026-10-05",
        ),
        (
            "b1,X,R,referral,2026-10-05,,,,,ghosted,",
            "line 2: outcome 'ghosted' is not known; expected offer-accepted",
        ),
        (
            "b1,X,R,referral,5 Oct 2026,,,,,,",
            "line 2: applied '5 Oct 2026' is not a date; expected YYYY-MM-DD",
        ),
        ("b1,X,R,referral,2026-10-05,,2026-13-01,,,,", "line 2: interview '2026-13-01' is not a date"),
        (
            "b1,X,R,referral,2026-10-05,,,,,offer-accepted,",
            "line 2: outcome 'offer-accepted' has no offer date",
        ),
        (",X,R,referral,2026-10-05,,,,,,", "line 2: id is empty"),
    ],
)
def test_each_bad_row_names_the_file_line_and_what_was_expected(
    tmp_path: Path, row: str, message: str
) -> None:
    applications, problems = parse_log(write(tmp_path, HEADER + row + "\n"), "content/search-log.csv")
    assert applications == []
    assert any(str(p).startswith("content/search-log.csv: " + message) for p in problems), [
        str(p) for p in problems
    ]


def test_a_duplicate_id_is_named_with_both_lines(tmp_path: Path) -> None:
    text = HEADER + "a1,X,R,referral,2026-10-05,,,,,,\n" + "a1,Y,R,referral,2026-10-06,,,,,,\n"
    applications, problems = parse_log(write(tmp_path, text), "log.csv")
    assert [a.company for a in applications] == ["X"]
    assert (
        str(problems[0])
        == "log.csv: line 3: id 'a1' is used again (first on line 2); expected a unique id per application"
    )


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    _, problems = parse_log(write(tmp_path, "id,company,role\n"), "log.csv")
    assert "missing column(s) source, applied, outcome" in str(problems[0])


def test_the_numbers_of_a_small_hand_checked_log(tmp_path: Path) -> None:
    applications, _ = parse_log(write(tmp_path, SMALL), "log.csv")
    numbers = compute(applications)
    assert numbers.applications == 6
    assert numbers.responses == 5  # all but the silent a4
    assert numbers.response_rate_label == "83%"
    assert numbers.interviews == 2 and numbers.interviews_per_application_label == "0.33"
    assert numbers.offers == 1
    # First responses: a1 2d, a2 4d, a3 7d (its rejection), a5 2d, a6 6d -> median 4
    assert numbers.median_days_to_response == 4
    rows = {r.source: (r.applications, r.responses, r.interviews, r.offers) for r in numbers.by_source}
    assert rows == {"job board": (3, 2, 1, 0), "referral": (2, 2, 1, 1), "recruiter": (1, 1, 0, 0)}
    assert [(w.start.isoformat(), w.applications) for w in numbers.weeks] == [
        ("2026-09-28", 3),
        ("2026-10-05", 2),
        ("2026-10-12", 0),
        ("2026-10-19", 1),
    ]


def test_sankey_values_match_the_counts_and_nodes_do_not_overlap(tmp_path: Path) -> None:
    applications, _ = parse_log(write(tmp_path, SMALL), "log.csv")
    sankey = layout(flows(applications))
    values = {node.id: node.value for node in sankey.nodes}
    assert values == {
        "applied": 6,
        "screen": 4,
        "interview": 2,
        "final": 1,
        "offer": 1,
        "applied-rejected": 1,
        "applied-no-response": 1,
        "screen-open": 1,
        "screen-withdrew": 1,
        "interview-rejected": 1,
        "offer-offer-accepted": 1,
    }
    links = {(link.source.id, link.target.id): link.value for link in sankey.links}
    assert links[("applied", "screen")] == 4 and links[("screen", "interview")] == 2
    for node in sankey.nodes:  # what flows in equals the node's value; out never exceeds it
        incoming = sum(v for (s, t), v in links.items() if t == node.id)
        outgoing = sum(v for (s, t), v in links.items() if s == node.id)
        assert node.id == "applied" or incoming == node.value
        assert outgoing <= node.value
    columns: dict[int, list] = {}
    for node in sankey.nodes:
        columns.setdefault(node.column, []).append(node)
    for nodes in columns.values():
        nodes.sort(key=lambda n: n.y)
        for upper, lower in itertools.pairwise(nodes):
            assert upper.y + upper.height < lower.y, (upper.id, lower.id)
        assert nodes[-1].y + nodes[-1].height <= sankey.height + 0.01
    for link in sankey.links:  # bands stay inside their nodes
        assert link.source.y - 0.01 <= link.source_y <= link.source.y + link.source.height - link.width + 0.01
    drawing = ET.fromstring(svg(sankey, "Title <&>", "Description"))
    assert drawing.tag.endswith("svg")
    assert drawing.find("{http://www.w3.org/2000/svg}title").text == "Title <&>"
    assert len(drawing.findall(".//{http://www.w3.org/2000/svg}rect")) == len(sankey.nodes)


# --- the built site ------------------------------------------------------------------


def company_names() -> list[str]:
    with (SAMPLE_CONTENT / "search-log.csv").open(encoding="utf-8") as log:
        return [row["company"] for row in csv.DictReader(log)]


def test_no_company_name_reaches_any_output_file(publish_site: Build, dev_site: Build) -> None:
    names = company_names()
    assert 20 <= len(names) <= 40
    for build in (publish_site, dev_site):
        for path in build.output.rglob("*"):
            if path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace").replace("&amp;", "&")
                for name in names:
                    assert name not in text, (name, path)
        assert not list(build.output.rglob("*.csv"))


def test_companies_show_only_when_asked(tmp_path: Path) -> None:
    build = run_pelican(
        tmp_path / "out", "publishconf.py", extra_settings={"SEARCH_LOG_SHOW_COMPANIES": True}
    )
    assert build.returncode == 0, build.log
    assert "Meridian Shipping Co" in (build.output / "search/index.html").read_text(encoding="utf-8")


def test_the_page_the_nav_and_the_ties_to_reflections(publish_site: Build) -> None:
    page = publish_site.html("search/index.html")
    assert page.select_one("main svg.sankey title").get_text().startswith("Where 30 applications went")
    assert page.select_one("main svg.sankey desc").get_text()
    assert page.select_one("nav[aria-label=Main] a[aria-current=page]").get_text() == "My search"
    row = page.select_one("#application-a15")
    assert "Written about" not in row.get_text()
    linked = [a.get_text().replace("\xa0", " ") for a in row.select("a")]
    assert "Morning of the Harborline final round" in linked and "After the Harborline final round" in linked
    assert "Notes to self" not in page.get_text()  # a hidden post is not linked
    reflection = publish_site.html("reflections/after-the-harborline-final-round/index.html")
    mention = reflection.select_one(".mentioned-applications li")
    assert "Senior Product Designer" in mention.get_text() and "Offer (open)" in mention.get_text()
    assert mention.a["href"].endswith("/search/#application-a15")


def test_a_bad_row_is_skipped_in_dev_and_fails_publish(content_copy: Path, tmp_path: Path) -> None:
    log = content_copy / "search-log.csv"
    log.write_text(
        log.read_text(encoding="utf-8") + "a31,Zed,Designer,job board,2026-11-24,2026-11-20,,,,,\n",
        encoding="utf-8",
    )
    dev = run_pelican(tmp_path / "dev", "pelicanconf.py", content_copy)
    assert dev.returncode == 0
    assert "search-log.csv: line 32: screen 2026-11-20 is before applied 2026-11-24" in " ".join(
        dev.log.split()
    )
    assert "Where 30 applications went" in (dev.output / "search/index.html").read_text(encoding="utf-8")
    publish = run_pelican(tmp_path / "publish", "publishconf.py", content_copy)
    assert publish.returncode == 1


def test_no_log_no_page_and_no_nav_item(content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "search-log.csv").unlink()
    for folder in ("reflections",):
        for post in (content_copy / folder).glob("*.md"):
            post.write_text(
                "\n".join(
                    line
                    for line in post.read_text(encoding="utf-8").splitlines()
                    if not line.startswith("Applications:")
                )
                + "\n",
                encoding="utf-8",
            )
    build = run_pelican(tmp_path / "out", "publishconf.py", content_copy)
    assert build.returncode == 0, build.log
    assert not (build.output / "search").exists()
    assert "My search" not in build.html("index.html").select_one("nav[aria-label=Main]").get_text()


def test_without_the_log_posts_that_name_applications_publish_without_them(
    content_copy: Path, tmp_path: Path
) -> None:
    """The log is private: a build without it (the Pages workflow with no secret) is
    normal, so a post's Applications line is left out, with a notice, not a problem."""
    (content_copy / "search-log.csv").unlink()
    build = run_pelican(tmp_path / "out", "publishconf.py", content_copy)
    assert build.returncode == 0, build.log
    assert "name applications, but there is no" in " ".join(build.log.split())
    for page in build.html_files():
        html = page.read_text(encoding="utf-8")
        assert "mentioned-applications" not in html and "#application-" not in html, page


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_search_page_in_chromium(browser: Browser, axe: Axe, served_site: ServedSite, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(served_site.origin + "/search/")
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / f"search-{width}.png"), full_page=True)
    results = axe.run(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert results.violations_count == 0, results.generate_report()
    assert overflow <= 0


def test_nav_has_my_search_before_subscribe(publish_site: Build) -> None:
    labels = [a.get_text() for a in publish_site.html("index.html").select("nav[aria-label=Main] a")]
    assert labels == ["Reflections", "Advice", "Jobs", "Archive", "My search", "Subscribe"]
