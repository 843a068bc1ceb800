"""Job listings: the model and its checks, a built site's sidebar, jobs pages, feed and
JobPosting data, and the sidebar's expiry script in Chromium."""

from __future__ import annotations

import datetime
import json
import shutil
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import feedparser
import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import PUBLISH_SITEURL, ROOT, SAMPLE_CONTENT, Build, ServedSite, run_pelican
from playwright.sync_api import Browser

sys.path.insert(0, str(ROOT / "plugins"))

from job_openings.fields import LISTING_FIELDS
from job_openings.model import Employment, Remote, parse_listing, parse_salary
from shortlist_core.build_date import build_date
from shortlist_core.jsonld import script_safe_json
from shortlist_core.metadata import check_fields

BUILD_DAY = build_date({"SOURCE_DATE_EPOCH": "1796126400"})  # 2026-12-01


def listing_fields(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": "Staff Engineer",
        "date": datetime.datetime(2026, 11, 20, 9, 0),
        "company": "Acme Freight",
        "company-url": "https://acme.example.com",
        "location": "Chicago, IL",
        "apply": "https://acme.example.com/jobs/1",
    }
    fields.update(changes)
    return {key: value for key, value in fields.items() if value is not None}


# --- the model ---------------------------------------------------------------------


def test_a_full_listing_parses_into_typed_fields() -> None:
    listing, problems = parse_listing(
        listing_fields(
            remote="yes",
            location=None,
            **{"remote-region": "US"},
            employment="contract",
            salary="180000-220000 USD/year",
            closes="2026-12-15",
        ),
        "jobs/x.md",
    )
    assert problems == []
    assert listing is not None
    assert listing.remote is Remote.YES and listing.where == "Remote (US)"
    assert listing.employment is Employment.CONTRACT
    assert listing.salary is not None
    assert (listing.salary.minimum, listing.salary.maximum, listing.salary.currency, listing.salary.unit) == (
        180000,
        220000,
        "USD",
        "year",
    )
    assert listing.closes == datetime.date(2026, 12, 15)
    assert listing.posted == datetime.date(2026, 11, 20)
    assert not listing.confidential


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("180000-220000 USD/year", (180000, 220000, "USD", "year")),
        ("95 USD/hour", (95, None, "USD", "hour")),
        ("120000 GBP/year", (120000, None, "GBP", "year")),
        ("1,200.50 eur / day", (1200.5, None, "EUR", "day")),
        ("4000–5000 CAD/month", (4000, 5000, "CAD", "month")),
    ],
)
def test_salary_forms(text: str, expected: tuple) -> None:
    salary = parse_salary(text)
    assert salary is not None
    assert (salary.minimum, salary.maximum, salary.currency, salary.unit) == expected


@pytest.mark.parametrize(
    ("changes", "where", "employment"),
    [
        ({}, "Chicago, IL", "Full-time"),
        ({"remote": "no"}, "Chicago, IL", "Full-time"),
        ({"remote": "hybrid", "employment": "part-time"}, "Chicago, IL (hybrid)", "Part-time"),
        ({"remote": "yes", "remote-region": "EU", "employment": "temporary"}, "Remote (EU)", "Temporary"),
        ({"employment": "internship"}, "Chicago, IL", "Internship"),
    ],
)
def test_remote_and_employment_forms(changes: dict, where: str, employment: str) -> None:
    listing, problems = parse_listing(listing_fields(**changes), "jobs/x.md")
    assert problems == [] and listing is not None
    assert listing.where == where
    assert listing.employment.label == employment


def test_apply_may_be_a_mailto_address_and_an_employer_may_be_confidential() -> None:
    listing, problems = parse_listing(
        listing_fields(apply="mailto:hiring@example.org", **{"company-url": None}), "jobs/x.md"
    )
    assert problems == [] and listing is not None
    assert listing.apply.is_email
    assert listing.confidential


def test_closing_date_defaults_to_date_plus_open_days() -> None:
    listing, _ = parse_listing(listing_fields(), "jobs/x.md")
    assert listing is not None and listing.closes == datetime.date(2026, 12, 20)
    listing, _ = parse_listing(listing_fields(), "jobs/x.md", open_days=10)
    assert listing is not None and listing.closes == datetime.date(2026, 11, 30)


def test_open_until_the_end_of_its_closing_day_then_closed() -> None:
    listing, _ = parse_listing(listing_fields(closes="2026-12-01"), "jobs/x.md")
    assert listing is not None
    assert listing.status(BUILD_DAY) == "open"
    assert listing.status(BUILD_DAY + datetime.timedelta(days=1)) == "closed"
    assert listing.status(BUILD_DAY - datetime.timedelta(days=1)) == "open"


@pytest.mark.parametrize("filled", ["yes", "2026-11-25"])
def test_a_filled_listing_is_closed_whatever_its_closing_date(filled: str) -> None:
    listing, _ = parse_listing(listing_fields(closes="2027-01-31", filled=filled), "jobs/x.md")
    assert listing is not None and listing.status(BUILD_DAY) == "filled"
    assert listing.filled_on == (datetime.date(2026, 11, 25) if filled != "yes" else None)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"apply": None}, "jobs/x.md: Apply: missing; expected an https:// URL or a mailto: address"),
        ({"closes": "2026-11-01"}, "jobs/x.md: Closes: '2026-11-01' is before Date 2026-11-20"),
        ({"remote": "sometimes"}, "jobs/x.md: Remote: 'sometimes' is not valid; expected no, yes or hybrid"),
        ({"salary": "lots"}, "jobs/x.md: Salary: 'lots' is not valid; expected an amount or range"),
        ({"apply": "http://acme.example.com/jobs/1"}, "Apply: 'http://acme.example.com/jobs/1' is not valid"),
        ({"remote": "yes", "location": None}, "jobs/x.md: Remote-region: missing; expected where applicants"),
        ({"company": None}, "jobs/x.md: Company: missing"),
        ({"location": None}, "jobs/x.md: Location: missing"),
        ({"employment": "gig"}, "Employment: 'gig' is not valid; expected full-time, part-time, contract"),
        ({"closes": "next friday"}, "Closes: 'next friday' is not valid; expected the last day to apply"),
        ({"filled": "maybe"}, "Filled: 'maybe' is not valid; expected yes, or the day it was filled"),
        (
            {"company-url": "acme.example.com"},
            "Company-url: 'acme.example.com' is not valid; expected an https://",
        ),
        ({"apply": "mailto:not-an-address"}, "Apply: 'mailto:not-an-address' is not valid"),
        (
            {"apply": "javascript:alert(1)"},
            "Apply: 'javascript:alert(1)' is not valid; expected an https:// URL",
        ),
        ({"company-url": "javascript:alert(1)"}, "Company-url: 'javascript:alert(1)' is not valid"),
        # A day that does not exist is named as such (issue 16, part 8).
        (
            {"filled": "2026-02-30"},
            "Filled: '2026-02-30' is not a date: February 2026 has 28 days; expected yes, or the day",
        ),
        (
            {"closes": "2026-11-31"},
            "Closes: '2026-11-31' is not a date: November has 30 days; expected the last day to apply",
        ),
        ({"closes": "2026-13-01"}, "Closes: '2026-13-01' is not a date: there is no month 13"),
    ],
)
def test_each_bad_value_is_named_with_what_was_expected(changes: dict, message: str) -> None:
    fields = listing_fields()
    for key, value in changes.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    listing, problems = parse_listing(fields, "jobs/x.md")
    assert listing is None
    assert any(message in str(p) for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize(
    ("changes", "remote", "filled"),
    [
        ({"remote": "true", "remote-region": "US", "location": None}, Remote.YES, False),
        ({"remote": "Off", "filled": "off"}, Remote.NO, False),
        ({"remote": "HYBRID", "filled": "True"}, Remote.HYBRID, True),
    ],
)
def test_yes_and_no_are_spelt_as_in_every_other_field(changes: dict, remote: Remote, filled: bool) -> None:
    listing, problems = parse_listing(listing_fields(**changes), "jobs/x.md")
    assert problems == [] and listing is not None
    assert (listing.remote, listing.filled) == (remote, filled)


def test_a_bad_value_is_named_in_the_same_words_as_the_readers_check() -> None:
    """The reader checks every file against the table and then runs this check: the report
    keeps a problem once, so both must say it the same way."""
    fields = listing_fields(remote="sometimes", salary="lots", apply="http://acme.example.com")
    _, problems = parse_listing(fields, "jobs/x.md")
    table = {rule.key: rule for rule in LISTING_FIELDS}
    assert set(check_fields(fields, "jobs/x.md", "Jobs", {}, table)) == set(problems)
    assert len(problems) == 3


def test_every_problem_of_a_listing_is_reported_together() -> None:
    _, problems = parse_listing(
        {"title": "x", "date": datetime.datetime(2026, 11, 20), "remote": "sometimes", "salary": "lots"},
        "x.md",
    )
    assert {p.field for p in problems} == {"Company", "Remote", "Location", "Salary", "Apply"}


def test_json_for_a_script_element_cannot_close_it() -> None:
    text = script_safe_json({"title": "</script><script>alert(1)</script> & <!-- \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["title"] == "</script><script>alert(1)</script> & <!-- \u2028"


# --- a built site with many listings ---------------------------------------------------

LISTING = """Title: {title}
Slug: {slug}
Date: {date}
Company: {company}
{extra}Apply: https://jobs.example.com/{slug}
Tags: hiring

About the role.
"""
EXTRA_LISTINGS = {
    # slug: (title, date, extra metadata lines)
    "open-a": ("Open role A", "2026-11-01", "Location: Austin, TX\nCloses: 2026-12-20\n"),
    "open-b": (
        "Open role B",
        "2026-11-05",
        "Location: Austin, TX\nEmployment: contract\nCloses: 2026-12-01\n",
    ),
    "open-c": ("Open role C", "2026-11-10", "Remote: yes\nRemote-region: CA\nCloses: 2026-12-31\n"),
    "open-d": ("Open role D", "2026-11-15", "Location: Boston, MA\nRemote: hybrid\n"),
    "open-e": (
        "Open role E",
        "2026-11-25",
        "Location: Boston, MA\nSalary: 60 USD/hour\nEmployment: part-time\n",
    ),
    "closed-yesterday": ("Closed yesterday", "2026-11-01", "Location: Austin, TX\nCloses: 2026-11-30\n"),
    "draft-role": ("Draft role", "2026-11-26", "Location: Austin, TX\nStatus: draft\n"),
    "hidden-role": ("Hidden role", "2026-11-27", "Location: Austin, TX\nStatus: hidden\n"),
    "long-closed": ("Long closed", "2026-06-01", "Location: Austin, TX\nCloses: 2026-07-01\n"),
    # A title whose text (not markup) contains a closing script tag.
    "breakout": (
        "Designer &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
        "2026-11-02",
        "Location: Denver, CO\n",
    ),
}
OPEN_NEWEST_FIRST = [
    "Open role E",
    "Senior Product Designer, Fleet Tools",
    "Open role D",
    "Open role C",
    "Open role B",
    "Designer </script><script>alert(1)</script>",
    "Open role A",
]


@pytest.fixture(scope="module")
def jobs_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("jobs")
    content = work / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    for slug, (title, date, extra) in EXTRA_LISTINGS.items():
        (content / "jobs" / f"{slug}.md").write_text(
            LISTING.format(title=title, date=date, company="Confidential retailer", extra=extra, slug=slug),
            encoding="utf-8",
        )
    build = run_pelican(work / "output", "publishconf.py", content)
    assert build.returncode == 0, build.log
    return build


def plain(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def test_sidebar_lists_the_newest_open_roles_up_to_the_maximum(jobs_site: Build) -> None:
    page = jobs_site.html("reflections/a-week-with-two-interviews/index.html")
    items = page.select("aside [data-open-roles] li[data-closes]")
    assert [plain(li.a.get_text()) for li in items] == OPEN_NEWEST_FIRST[:5]
    first = items[0]
    assert "Boston, MA" in plain(first.get_text()) and "closes Dec 25" in plain(first.get_text())
    assert first["data-closes"] == "2026-12-25"
    remote = next(li for li in items if "Open role C" in plain(li.get_text()))
    assert "Remote (CA)" in plain(remote.get_text()) and "closes Dec 31" in plain(remote.get_text())
    assert page.select_one("aside [data-open-roles] a[href$='/jobs/']") is not None
    script = page.select_one("head script[src$='js/expiry.js']")
    assert script is not None and script.has_attr("defer")
    assert not page.select("script:not([src]):not([type='application/ld+json'])"), "no inline script"


def test_jobs_page_has_exactly_the_open_roles_then_the_recently_closed(jobs_site: Build) -> None:
    board = jobs_site.html("jobs/index.html")
    open_section = board.select_one("section[aria-labelledby=open-roles-heading]")
    closed_section = board.select_one("section[aria-labelledby=closed-roles-heading]")
    assert [plain(a.get_text()) for a in open_section.select(".job-card-title a")] == OPEN_NEWEST_FIRST
    closed = [plain(a.get_text()) for a in closed_section.select(".job-card-title a")]
    assert closed == ["Closed yesterday", "Design Systems Lead", "UX Researcher (6-month contract)"]
    assert all(plain(s.get_text()) in ("Closed", "Filled") for s in closed_section.select(".job-card-status"))
    assert "Draft role" not in board.get_text() and "Hidden role" not in board.get_text()


def test_jobs_can_be_filtered_by_location_and_type_without_javascript(jobs_site: Build) -> None:
    board = jobs_site.html("jobs/index.html")
    filters = {plain(a.get_text()): a["href"] for a in board.select("nav.job-filters a")}
    assert {"Austin, TX", "Boston, MA", "Denver, CO", "Remote", "Contract", "Full-time", "Part-time"} <= set(
        filters
    )
    austin = jobs_site.html("jobs/location/austin-tx/index.html")
    assert [plain(a.get_text()) for a in austin.select(".job-card-title a")] == ["Open role B", "Open role A"]
    assert plain(austin.select_one("nav.job-filters a[aria-current=page]").get_text()) == "Austin, TX"
    contract = jobs_site.html("jobs/type/contract/index.html")
    assert [plain(a.get_text()) for a in contract.select(".job-card-title a")] == ["Open role B"]


def test_open_roles_feed_holds_only_open_roles_and_is_linked(jobs_site: Build) -> None:
    feed = feedparser.parse((jobs_site.output / "feeds/jobs-open.atom.xml").read_bytes())
    assert not feed.bozo
    assert [plain(e.title) for e in feed.entries] == OPEN_NEWEST_FIRST
    assert all(e.link.startswith(PUBLISH_SITEURL + "/jobs/") for e in feed.entries)
    everything = feedparser.parse((jobs_site.output / "feeds/all.atom.xml").read_bytes())
    assert "Closed yesterday" in [plain(e.title) for e in everything.entries]
    for page in ("index.html", "jobs/index.html", "subscribe/index.html"):
        soup = jobs_site.html(page)
        assert soup.select_one(f"head link[rel=alternate][href='{PUBLISH_SITEURL}/feeds/jobs-open.atom.xml']")
    assert jobs_site.html("jobs/index.html").select_one("main a[href$='/feeds/jobs-open.atom.xml']")
    assert jobs_site.html("subscribe/index.html").select_one("main a[href$='/feeds/jobs-open.atom.xml']")


def test_the_category_pages_past_the_board_redirect_to_it(jobs_site: Build) -> None:
    """11 listings make a second Jobs category page; the board has one page, so page 2
    of the category would be a stale list: it sends readers to the jobs page."""
    page = jobs_site.html("jobs/page/2/index.html")
    assert page.select_one("meta[http-equiv=refresh]")["content"] == f"0; url={PUBLISH_SITEURL}/jobs/"
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    assert "Long closed" not in page.get_text()


def test_jobs_page_has_its_own_pagination_when_long(jobs_site: Build, tmp_path: Path) -> None:
    content = jobs_site.output.parent / "content"
    build = run_pelican(tmp_path / "out", "publishconf.py", content, extra_settings={"JOBS_PER_PAGE": 3})
    assert build.returncode == 0, build.log
    pages = ["jobs/index.html", "jobs/page/2/index.html", "jobs/page/3/index.html"]
    titles = [
        [
            plain(a.get_text())
            for a in build.html(page).select("section[aria-labelledby=open-roles-heading] a")
        ]
        for page in pages
    ]
    assert [
        t for page in titles for t in page if t not in ("Newer roles", "Older roles")
    ] == OPEN_NEWEST_FIRST
    assert build.html("jobs/page/2/index.html").select_one("a[rel=next]")["href"].endswith("/jobs/page/3/")
    assert (
        build.html("jobs/page/2/index.html").select_one("section[aria-labelledby=closed-roles-heading]")
        is None
    )


def test_no_open_roles_means_no_sidebar_and_no_script(content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "jobs/senior-product-designer-fleet-tools.md").unlink()
    build = run_pelican(tmp_path / "out", "publishconf.py", content_copy)
    assert build.returncode == 0, build.log
    page = build.html("reflections/a-week-with-two-interviews/index.html")
    assert page.select_one("[data-open-roles]") is None
    assert page.select_one("script[src$='expiry.js']") is None
    board = build.html("jobs/index.html")
    assert "No roles are open right now" in board.get_text()
    assert feedparser.parse((build.output / "feeds/jobs-open.atom.xml").read_bytes()).entries == []


def job_postings(build: Build, page: str) -> list[dict]:
    soup = build.html(page)
    return [json.loads(s.string) for s in soup.select("script[type='application/ld+json']")]


def test_open_listing_carries_job_posting_with_every_required_property(jobs_site: Build) -> None:
    [posting] = job_postings(jobs_site, "jobs/senior-product-designer-fleet-tools/index.html")
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Senior Product Designer, Fleet Tools"
    assert "Northgale Logistics builds software" in posting["description"]
    assert posting["datePosted"] == "2026-11-18"
    assert posting["validThrough"] == "2027-06-30T23:59:59"
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Northgale Logistics",
        "sameAs": "https://northgale.example.com",
    }
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "US"}
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "unitText": "YEAR", "minValue": 150000, "maxValue": 175000},
    }
    assert posting["directApply"] is True
    assert posting["url"] == f"{PUBLISH_SITEURL}/jobs/senior-product-designer-fleet-tools/"


def test_on_site_and_confidential_listings(jobs_site: Build) -> None:
    [posting] = job_postings(jobs_site, "jobs/open-d/index.html")
    assert posting["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Boston",
            "addressRegion": "MA",
            "addressCountry": "US",
        },
    }
    assert "jobLocationType" not in posting
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": "Confidential retailer"}
    [hourly] = job_postings(jobs_site, "jobs/open-e/index.html")
    assert hourly["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "HOUR", "value": 60}
    assert hourly["employmentType"] == "PART_TIME"


def test_a_title_with_a_closing_script_tag_cannot_break_out(jobs_site: Build) -> None:
    raw = (jobs_site.output / "jobs/breakout/index.html").read_text(encoding="utf-8")
    head = raw[: raw.index("</head>")]
    # One JSON-LD block and the expiry script: the title added no element.
    assert head.count("<script") == head.count("</script>") == 2
    [posting] = job_postings(jobs_site, "jobs/breakout/index.html")
    assert posting["title"] == "Designer </script><script>alert(1)</script>"


@pytest.mark.parametrize(
    "page",
    [
        "jobs/design-systems-lead/index.html",
        "jobs/ux-researcher-6-month-contract/index.html",
        "jobs/closed-yesterday/index.html",
        "jobs/hidden-role/index.html",
    ],
)
def test_closed_filled_and_hidden_listings_carry_no_job_posting(jobs_site: Build, page: str) -> None:
    assert job_postings(jobs_site, page) == []


def test_closed_listing_keeps_its_page_with_a_notice_and_no_apply_button(jobs_site: Build) -> None:
    page = jobs_site.html("jobs/closed-yesterday/index.html")
    assert page.select_one(".job-action a.button") is None
    assert (
        plain(page.select_one(".job-action .notice").get_text())
        == "Applications closed on November 30, 2026."
    )
    open_page = jobs_site.html("jobs/open-b/index.html")
    assert open_page.select_one(".job-action a.button")["href"] == "https://jobs.example.com/open-b"
    assert "Apply by December 1, 2026" in plain(open_page.select_one(".job-action").get_text())


def test_every_listing_has_a_report_link_with_its_subject_filled_in(jobs_site: Build) -> None:
    for page in ("jobs/open-b/index.html", "jobs/design-systems-lead/index.html"):
        link = jobs_site.html(page).select_one("main a[href^='mailto:report@']")
        assert link is not None and plain(link.get_text()) == "Report this listing"
        href = urlparse(link["href"])
        subject = parse_qs(href.query)["subject"][0]
        assert href.path == "report@shortlist.example.com"
        assert subject.startswith("Report listing: ") and PUBLISH_SITEURL + "/jobs/" in unquote(subject)


def test_drafts_and_hidden_listings_reach_no_list_feed_or_sidebar(jobs_site: Build) -> None:
    for path in jobs_site.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "Draft role" not in text, path
            if "hidden-role" not in str(path):
                assert "Hidden role" not in text, path


# --- bad listings --------------------------------------------------------------------

BAD = "Title: Bad listing\nDate: 2026-11-20\nCompany: Acme\nRemote: sometimes\nSalary: lots\nApply: http://acme.example.com\n"


def test_dev_build_skips_a_bad_listing_with_a_warning(content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "jobs" / "bad.md").write_text(BAD, encoding="utf-8")
    build = run_pelican(tmp_path / "out", "pelicanconf.py", content_copy)
    assert build.returncode == 0, build.log
    log = " ".join(build.log.split())
    assert "content/jobs/bad.md" in log and "Remote: 'sometimes' is not valid" in log
    assert not (build.output / "jobs/bad-listing").exists()
    assert "Bad listing" not in (build.output / "jobs/index.html").read_text(encoding="utf-8")


def test_publish_fails_listing_every_problem_of_every_listing(content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "jobs" / "bad.md").write_text(BAD, encoding="utf-8")
    (content_copy / "jobs" / "worse.md").write_text(
        "Title: Worse\nDate: 2026-11-20\nRemote: yes\nCloses: 2026-11-01\n", encoding="utf-8"
    )
    build = run_pelican(tmp_path / "out", "publishconf.py", content_copy)
    assert build.returncode == 1
    report = " ".join(build.log.split("problems found:", 1)[1].split())
    for expected in (
        "jobs/bad.md",
        "Remote: 'sometimes' is not valid",
        "Salary: 'lots' is not valid",
        "Apply: 'http://acme.example.com' is not valid",
        "jobs/worse.md",
        "Company: missing",
        "Remote-region: missing",
        "Closes: '2026-11-01' is before Date 2026-11-20",
        "Apply: missing",
    ):
        assert expected in report, (expected, build.log)


# --- in Chromium ---------------------------------------------------------------------


@pytest.mark.browser
def test_expiry_script_hides_roles_that_closed_since_the_build(
    browser: Browser, served_site: ServedSite
) -> None:
    url = served_site.origin + "/reflections/a-week-with-two-interviews/"
    results = {}
    for label, when in (("before", "2027-06-30T12:00:00"), ("after", "2027-07-01T09:00:00")):
        page = browser.new_page()
        page.clock.set_fixed_time(datetime.datetime.fromisoformat(when))
        page.goto(url)
        results[label] = (
            page.locator("[data-open-roles]").is_visible(),
            page.locator("li[data-closes='2027-06-30']").is_visible(),
        )
        page.close()
    assert results["before"] == (True, True)
    assert results["after"] == (False, False)


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["/jobs/", "/jobs/location/remote/", "/jobs/type/full-time/"])
def test_jobs_pages_have_no_axe_violations(
    browser: Browser, axe: Axe, served_site: ServedSite, path: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(served_site.origin + path)
    results = axe.run(page)
    page.close()
    assert results.violations_count == 0, results.generate_report()
