"""The recruiter's desk, parts 1 and 2: an Atom alert feed per filtered jobs page, and
jobs/deadlines.ics, checked with feedparser and icalendar on real builds.

The build date is 2026-12-01 (conftest's SOURCE_DATE_EPOCH); one build a day later
shows a role leaving on its closing day, and one where a role is filled.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest
from conftest import PUBLISH_SITEURL, ROOT, SAMPLE_CONTENT, SOURCE_DATE_EPOCH, Build, run_pelican
from icalendar import Calendar
from linkcheck import check_output
from test_job_openings import LISTING  # the listing file the jobs tests build with

sys.path.insert(0, str(ROOT / "plugins"))

from job_openings.board import JobView, build_board
from job_openings.deadlines import Deadline, absolute_root, deadlines_calendar, event_uid
from job_openings.model import parse_listing

NEXT_DAY = str(int(SOURCE_DATE_EPOCH) + 86400)  # 2026-12-02 12:00 UTC
PROJECT_SITEURL = "https://name.github.io/blog"

# slug: (title, company, date, extra metadata lines)
LISTINGS = {
    "austin-lead": (
        "Austin lead",
        "Hillcountry Foods",
        "2026-11-20",
        "Location: Austin, TX\nCloses: 2026-12-20\n",
    ),
    # Its last day is the build date: open today, gone tomorrow.
    "austin-contract": (
        "Austin contractor",
        "Hillcountry Foods",
        "2026-11-22",
        "Location: Austin, TX\nEmployment: contract\nCloses: 2026-12-01\n",
    ),
    # No Closes: open JOBS_OPEN_DAYS (30) days from its Date, to 2026-12-15.
    "remote-writer": (
        "Remote writer",
        "Paperwing",
        "2026-11-15",
        "Remote: yes\nRemote-region: CA\nEmployment: part-time\n",
    ),
    # Commas, a semicolon and an ampersand: escaped in the calendar, read back whole.
    "chicago-payments": (
        "Designer, Payments; Risk & Fraud",
        "Lakeshore Bank & Trust",
        "2026-11-10",
        "Location: Chicago, IL\nRemote: hybrid\nCloses: 2027-01-15\n",
    ),
    "boston-filled": ("Boston filled", "Harbor Co", "2026-11-12", "Location: Boston, MA\nFilled: yes\n"),
    "austin-closed": (
        "Austin closed",
        "Hillcountry Foods",
        "2026-10-01",
        "Location: Austin, TX\nCloses: 2026-11-30\n",
    ),
    "austin-draft": (
        "Austin draft",
        "Hillcountry Foods",
        "2026-11-26",
        "Location: Austin, TX\nStatus: draft\n",
    ),
    "austin-hidden": (
        "Austin hidden",
        "Hillcountry Foods",
        "2026-11-27",
        "Location: Austin, TX\nStatus: hidden\n",
    ),
}
# The open roles on 2026-12-01 (the sample's Fleet Tools role among them), and when each closes.
OPEN_CLOSES = {
    "austin-lead": datetime.date(2026, 12, 20),
    "austin-contract": datetime.date(2026, 12, 1),
    "remote-writer": datetime.date(2026, 12, 15),
    "chicago-payments": datetime.date(2027, 1, 15),
    "senior-product-designer-fleet-tools": datetime.date(2027, 6, 30),
}
NOT_OPEN = ["boston-filled", "austin-closed", "austin-draft", "austin-hidden", "design-systems-lead"]
NOT_OPEN += ["ux-researcher-6-month-contract"]
# Each filtered page's open roles, newest first, as slugs.
FILTERS = {
    "location/austin-tx": ["austin-contract", "austin-lead"],
    "location/chicago-il": ["chicago-payments"],
    "location/remote": ["senior-product-designer-fleet-tools", "remote-writer"],
    "type/contract": ["austin-contract"],
    "type/full-time": ["austin-lead", "senior-product-designer-fleet-tools", "chicago-payments"],
    "type/part-time": ["remote-writer"],
}


def write_listings(content: Path) -> None:
    for slug, (title, company, date, extra) in LISTINGS.items():
        text = LISTING.format(title=title, slug=slug, date=date, company=company, extra=extra)
        (content / "jobs" / f"{slug}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def alerts_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("alerts") / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    write_listings(content)
    return content


def build_site(content: Path, output: Path, **env: str) -> Build:
    build = run_pelican(output, "publishconf.py", content, extra_env=env)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def alerts_site(alerts_content: Path) -> Build:
    return build_site(alerts_content, alerts_content.parent / "first")


@pytest.fixture(scope="module")
def alerts_site_again(alerts_content: Path) -> Build:
    """The same content built again, into another folder."""
    return build_site(alerts_content, alerts_content.parent / "second")


def plain(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def listing_url(slug: str, site_url: str = PUBLISH_SITEURL) -> str:
    return f"{site_url}/jobs/{slug}/"


def feed_of(build: Build, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((build.output / path).read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    assert parsed.version == "atom10", path
    return parsed


# --- the alert feeds -------------------------------------------------------------------


def filter_pages(build: Build) -> list[str]:
    """Every filtered page the jobs page links to, as 'location/austin-tx'."""
    board = build.html("jobs/index.html")
    prefix = f"{PUBLISH_SITEURL}/jobs/"
    return sorted(
        a["href"].removeprefix(prefix).strip("/")
        for a in board.select("nav.job-filters a[href*='/jobs/']")
        if a["href"] != prefix
    )


def test_every_filtered_page_has_a_feed_of_exactly_its_open_roles(alerts_site: Build) -> None:
    assert filter_pages(alerts_site) == sorted(FILTERS)
    for name, slugs in FILTERS.items():
        page = alerts_site.html(f"jobs/{name}/index.html")
        shown = [
            a["href"] for a in page.select("section[aria-labelledby=open-roles-heading] .job-card-title a")
        ]
        assert shown == [listing_url(slug) for slug in slugs], name
        feed = feed_of(alerts_site, f"feeds/jobs/{name}.atom.xml")
        assert [entry.link for entry in feed.entries] == shown, name
        titles = [plain(a.get_text()) for a in page.select(".job-card-title a")]
        assert [plain(entry.title) for entry in feed.entries] == titles, name
        assert feed.feed.links[0].href == f"{PUBLISH_SITEURL}/"
        assert feed.feed.id == f"{PUBLISH_SITEURL}/feeds/jobs/{name}.atom.xml", "each feed its own id"


def test_each_filtered_page_links_its_feed_visibly_and_for_autodiscovery(alerts_site: Build) -> None:
    for name in FILTERS:
        page = alerts_site.html(f"jobs/{name}/index.html")
        href = f"{PUBLISH_SITEURL}/feeds/jobs/{name}.atom.xml"
        visible = [
            a for a in page.select("main a") if plain(a.get_text()) == "Get these roles in your feed reader"
        ]
        assert [a["href"] for a in visible] == [href], name
        assert visible[0]["type"] == "application/atom+xml"
        discovered = page.select_one(f"head link[rel=alternate][type='application/atom+xml'][href='{href}']")
        assert discovered is not None, name
        feed = feed_of(alerts_site, f"feeds/jobs/{name}.atom.xml")
        assert discovered["title"] == feed.feed.title
        assert urlparse(href).path.startswith("/site/feeds/jobs/")
    austin = feed_of(alerts_site, "feeds/jobs/location/austin-tx.atom.xml")
    assert austin.feed.title == "Shortlist: Austin, TX jobs"
    # The jobs page itself offers the feed of every open role, and only pages of a
    # filter name that filter's feed.
    board = alerts_site.html("jobs/index.html")
    assert not board.select("head link[href*='/feeds/jobs/']")
    assert not [a for a in board.select("main a") if "feed reader" in plain(a.get_text())]
    assert board.select_one(f"main a[href='{PUBLISH_SITEURL}/feeds/jobs-open.atom.xml']")
    subscribe = alerts_site.html("subscribe/index.html")
    listed = [a["href"] for a in subscribe.select("main .feed-list-jobs a")]
    assert listed == [f"{PUBLISH_SITEURL}/feeds/jobs/{name}.atom.xml" for name in sorted(FILTERS)]


def test_every_link_of_the_build_resolves(alerts_site: Build) -> None:
    broken, checked = check_output(alerts_site.output, PUBLISH_SITEURL)
    assert checked > 500
    assert broken == [], "\n".join(str(b) for b in broken[:20])


def test_drafts_hidden_closed_and_filled_roles_are_in_no_alert_feed(alerts_site: Build) -> None:
    for path in (alerts_site.output / "feeds/jobs").rglob("*.atom.xml"):
        feed = feed_of(alerts_site, str(path.relative_to(alerts_site.output)))
        links = {entry.link for entry in feed.entries}
        assert not links & {listing_url(slug) for slug in NOT_OPEN}, path
        text = path.read_text(encoding="utf-8")
        for slug in ("austin-draft", "austin-hidden", "boston-filled", "austin-closed"):
            assert slug not in text, (path, slug)


def test_a_location_whose_roles_all_closed_keeps_an_empty_valid_feed(alerts_site: Build) -> None:
    """Boston's only role is filled, Denver's too: no page, but the feed a reader may
    follow is still there, empty, and dated by the day its last role ended."""
    for name in ("location/boston-ma", "location/denver-co"):
        assert not (alerts_site.output / f"jobs/{name}/index.html").exists()
        feed = feed_of(alerts_site, f"feeds/jobs/{name}.atom.xml")
        assert feed.entries == []
    denver = feed_of(alerts_site, "feeds/jobs/location/denver-co.atom.xml")
    assert denver.feed.updated == "2026-11-10T00:00:00+00:00"  # Design Systems Lead: Filled: 2026-11-10


def test_entry_ids_and_feeds_are_the_same_in_two_builds(alerts_site: Build, alerts_site_again: Build) -> None:
    for path in sorted((alerts_site.output / "feeds/jobs").rglob("*.atom.xml")):
        relative = str(path.relative_to(alerts_site.output))
        first, second = feed_of(alerts_site, relative), feed_of(alerts_site_again, relative)
        assert [e.id for e in first.entries] == [e.id for e in second.entries]
        assert path.read_bytes() == (alerts_site_again.output / relative).read_bytes(), relative
    remote = feed_of(alerts_site, "feeds/jobs/location/remote.atom.xml")
    # Pelican's tag URI of the listing's address and Date: nothing that changes by itself.
    assert (
        remote.entries[0].id
        == "tag:shortlist.example.org,2026-11-18:/site/jobs/senior-product-designer-fleet-tools/"
    )


@pytest.fixture(scope="module")
def next_day_site(alerts_content: Path) -> Build:
    """A day later, and the Austin lead filled: Austin's roles have all left."""
    content = alerts_content.parent / "next-day" / "content"
    shutil.copytree(alerts_content, content)
    lead = content / "jobs" / "austin-lead.md"
    lead.write_text(
        lead.read_text(encoding="utf-8").replace("Tags:", "Filled: 2026-12-02\nTags:"), encoding="utf-8"
    )
    return build_site(content, content.parent / "output", SOURCE_DATE_EPOCH=NEXT_DAY)


def test_a_role_leaves_its_feeds_when_it_closes_or_is_filled(
    alerts_site: Build, next_day_site: Build
) -> None:
    before = feed_of(alerts_site, "feeds/jobs/location/austin-tx.atom.xml")
    assert [e.link for e in before.entries] == [listing_url("austin-contract"), listing_url("austin-lead")]
    # austin-contract closed on 2026-12-01; austin-lead was filled.
    austin = feed_of(next_day_site, "feeds/jobs/location/austin-tx.atom.xml")
    assert austin.entries == []
    assert austin.feed.updated == "2026-12-02T00:00:00+00:00"
    assert not (next_day_site.output / "jobs/location/austin-tx/index.html").exists()
    assert feed_of(next_day_site, "feeds/jobs/type/contract.atom.xml").entries == []
    full_time = feed_of(next_day_site, "feeds/jobs/type/full-time.atom.xml")
    assert [e.link for e in full_time.entries] == [
        listing_url("senior-product-designer-fleet-tools"),
        listing_url("chicago-payments"),
    ]
    opened = feed_of(next_day_site, "feeds/jobs-open.atom.xml")
    assert listing_url("austin-contract") not in [e.link for e in opened.entries]


# --- the deadline calendar -----------------------------------------------------------


def calendar_of(build: Build) -> Calendar:
    return Calendar.from_ical((build.output / "jobs/deadlines.ics").read_bytes())


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid_of(slug: str, site_url: str = PUBLISH_SITEURL) -> str:
    parts = urlparse(site_url)
    return f"{parts.path.strip('/')}/jobs/{slug}@{parts.netloc}".lstrip("/")


def test_deadlines_ics_has_one_all_day_event_per_open_role_on_its_closing_day(alerts_site: Build) -> None:
    calendar = calendar_of(alerts_site)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Shortlist" in str(calendar["PRODID"])
    events = events_by_uid(calendar)
    assert sorted(events) == sorted(uid_of(slug) for slug in OPEN_CLOSES)
    for slug, closes in OPEN_CLOSES.items():
        event = events[uid_of(slug)]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is datetime.date and start == closes, slug  # all day: a DATE, no time
        assert type(end) is datetime.date and end == closes + datetime.timedelta(days=1), slug
        assert str(event["URL"]) == listing_url(slug)
        assert listing_url(slug) in str(event["DESCRIPTION"])
        assert event.decoded("DTSTAMP") == datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    raw = (alerts_site.output / "jobs/deadlines.ics").read_bytes()
    assert b"DTSTART;VALUE=DATE:20261215\r\n" in raw  # the default closing day, Date + 30
    payments = events[uid_of("chicago-payments")]
    assert (
        str(payments["SUMMARY"])
        == "Last day to apply: Designer, Payments; Risk & Fraud (Lakeshore Bank & Trust)"
    )
    fleet = events[uid_of("senior-product-designer-fleet-tools")]
    assert "Senior Product Designer, Fleet Tools" in str(fleet["SUMMARY"])
    assert "Northgale Logistics" in str(fleet["SUMMARY"])
    # Soonest first, whatever order the listings were read in.
    assert [e.decoded("DTSTART") for e in calendar.walk("VEVENT")] == sorted(OPEN_CLOSES.values())


def test_deadlines_ics_is_rfc_5545_text(alerts_site: Build) -> None:
    """CRLF line ends, lines folded at 75 octets, as calendar apps expect."""
    raw = (alerts_site.output / "jobs/deadlines.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75


def test_closed_filled_draft_and_hidden_roles_are_not_in_the_calendar(alerts_site: Build) -> None:
    events = events_by_uid(calendar_of(alerts_site))
    text = (alerts_site.output / "jobs/deadlines.ics").read_text(encoding="utf-8")
    for slug in NOT_OPEN:
        assert uid_of(slug) not in events
        assert slug not in text, slug
    for title in ("Austin draft", "Austin hidden", "Boston filled", "Austin closed", "Design Systems Lead"):
        assert title not in text


def test_deadlines_ics_is_the_same_in_two_builds(alerts_site: Build, alerts_site_again: Build) -> None:
    first = (alerts_site.output / "jobs/deadlines.ics").read_bytes()
    assert first == (alerts_site_again.output / "jobs/deadlines.ics").read_bytes()
    assert sorted(events_by_uid(calendar_of(alerts_site))) == sorted(
        events_by_uid(calendar_of(alerts_site_again))
    )


def test_a_role_leaves_the_calendar_when_it_closes_or_is_filled(next_day_site: Build) -> None:
    events = events_by_uid(calendar_of(next_day_site))
    assert uid_of("austin-contract") not in events  # closed on 2026-12-01
    assert uid_of("austin-lead") not in events  # filled
    assert uid_of("remote-writer") in events
    stamp = next(iter(events.values())).decoded("DTSTAMP")
    assert stamp == datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC)


def test_the_jobs_page_links_the_calendar_and_the_sitemap_leaves_it_out(alerts_site: Build) -> None:
    board = alerts_site.html("jobs/index.html")
    links = [
        a for a in board.select("main a") if plain(a.get_text()) == "Add the closing dates to your calendar"
    ]
    assert [a["href"] for a in links] == [f"{PUBLISH_SITEURL}/jobs/deadlines.ics"]
    assert links[0]["type"] == "text/calendar"
    assert alerts_site.html("subscribe/index.html").select_one(
        f"main a[href='{PUBLISH_SITEURL}/jobs/deadlines.ics']"
    )
    sitemap = (alerts_site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "deadlines" not in sitemap and "feeds/" not in sitemap


def test_a_page_given_the_calendars_address_is_left_out(content_copy: Path, tmp_path: Path) -> None:
    """The calendar is written directly, not through Pelican's Writer, which would have
    noticed: a page with its address is left out with a problem instead."""
    page = "Title: Deadlines\nSave_as: jobs/deadlines.ics\n\nA page.\n"
    (content_copy / "pages" / "deadlines.md").write_text(page, encoding="utf-8")
    build = run_pelican(tmp_path / "dev", content=content_copy)
    assert build.returncode == 0, build.log
    log = " ".join(build.log.split())
    assert "pages/deadlines.md: is written to jobs/deadlines.ics, which is one of the site's own pages" in log
    assert Calendar.from_ical((build.output / "jobs/deadlines.ics").read_bytes()).walk("VEVENT")


# --- under a project site's path, and switched off --------------------------------------


def test_under_a_project_sites_path(alerts_content: Path, tmp_path: Path) -> None:
    build = build_site(alerts_content, tmp_path / "out", SITEURL=PROJECT_SITEURL)
    events = events_by_uid(calendar_of(build))
    assert uid_of("austin-lead", PROJECT_SITEURL) == "blog/jobs/austin-lead@name.github.io"
    assert sorted(events) == sorted(uid_of(slug, PROJECT_SITEURL) for slug in OPEN_CLOSES)
    assert str(events[uid_of("austin-lead", PROJECT_SITEURL)]["URL"]) == listing_url(
        "austin-lead", PROJECT_SITEURL
    )
    feed = feed_of(build, "feeds/jobs/location/austin-tx.atom.xml")
    assert [e.link for e in feed.entries] == [
        listing_url("austin-contract", PROJECT_SITEURL),
        listing_url("austin-lead", PROJECT_SITEURL),
    ]
    page = build.html("jobs/location/austin-tx/index.html")
    href = f"{PROJECT_SITEURL}/feeds/jobs/location/austin-tx.atom.xml"
    assert page.select_one(f"head link[rel=alternate][href='{href}']") and page.select_one(
        f"main a[href='{href}']"
    )
    broken, _ = check_output(build.output, PROJECT_SITEURL)
    assert broken == [], "\n".join(str(b) for b in broken[:20])


def test_empty_settings_turn_the_feeds_and_the_calendar_off(alerts_content: Path, tmp_path: Path) -> None:
    build = run_pelican(
        tmp_path / "out",
        "publishconf.py",
        alerts_content,
        extra_settings={"JOBS_FILTER_FEED_ATOM": "", "JOBS_DEADLINES_ICS": ""},
    )
    assert build.returncode == 0, build.log
    assert not (build.output / "feeds/jobs").exists()
    assert not list(build.output.rglob("*.ics"))
    page = build.html("jobs/location/austin-tx/index.html")
    assert not page.select("head link[href*='/feeds/jobs/']")
    assert "Get these roles in your feed reader" not in page.get_text()
    assert page.select_one(f"main a[href='{PUBLISH_SITEURL}/feeds/jobs-open.atom.xml']")
    assert "Add the closing dates" not in build.html("jobs/index.html").get_text()
    assert not build.html("subscribe/index.html").select(".feed-list-jobs")


# --- the parts on their own -----------------------------------------------------------


def test_uids_come_from_the_listings_address() -> None:
    assert (
        event_uid("https://you.github.io/jobs-site/jobs/senior-designer/")
        == "jobs-site/jobs/senior-designer@you.github.io"
    )
    assert event_uid("https://jobs.example.com/jobs/a/") == "jobs/a@jobs.example.com"


def test_absolute_root_in_published_and_development_builds() -> None:
    assert (
        absolute_root("https://name.github.io/blog/", "https://name.github.io/blog")
        == "https://name.github.io/blog"
    )
    assert absolute_root("", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    assert absolute_root("", None) == "http://localhost"


def test_a_calendar_with_no_open_role_is_still_a_calendar() -> None:
    empty = Calendar.from_ical(deadlines_calendar([], "Nothing open", datetime.date(2026, 12, 1)))
    assert list(empty.walk("VEVENT")) == [] and str(empty["X-WR-CALNAME"]) == "Nothing open"


def test_a_calendar_does_not_depend_on_the_order_listings_come_in() -> None:
    deadlines = [
        Deadline(
            f"Role {n}", "Acme", "Remote", datetime.date(2027, 1, 1 + n % 3), f"https://a.example/jobs/r{n}/"
        )
        for n in range(6)
    ]
    day = datetime.date(2026, 12, 1)
    assert deadlines_calendar(deadlines, "x", day) == deadlines_calendar(list(reversed(deadlines)), "x", day)


def view(title: str, location: str, *, closes: str, date: str = "2026-11-01", filled: str = "") -> JobView:
    metadata = {
        "title": title,
        "date": date,
        "company": "Acme",
        "location": location,
        "closes": closes,
        "apply": "https://acme.example/apply",
    }
    if filled:
        metadata["filled"] = filled
    listing, problems = parse_listing(metadata, "x.md")
    assert listing is not None, problems
    return JobView(listing, post=None, status=listing.status(datetime.date(2026, 12, 1)))


def test_emptied_filters_keep_their_feed_but_never_take_a_live_filters_address() -> None:
    views = [
        view("Open in Austin", "Austin, TX", closes="2026-12-20"),
        # Another spelling that slugs the same: its feed would overwrite Austin's.
        view("Closed in Austin", "Austin TX", closes="2026-11-20"),
        view("Closed in Boston", "Boston, MA", closes="2026-11-20"),
        view("Filled in Boston", "Boston, MA", closes="2026-12-31", filled="2026-11-25"),
    ]
    board = build_board(views, datetime.date(2026, 12, 1), 60)
    assert [(g.kind, g.label) for g in board.filters()] == [("location", "Austin, TX"), ("type", "Full-time")]
    assert [(g.kind, g.slug, g.last_ended) for g in board.emptied] == [
        ("location", "boston-ma", datetime.date(2026, 11, 25))
    ]
    assert board.last_ended == datetime.date(2026, 11, 25)


def test_open_roles_whose_locations_slug_alike_share_one_filter_page_and_feed() -> None:
    """ "Austin, TX" and "Austin TX" would both be written to jobs/location/austin-tx/."""
    views = [
        view("Newer in Austin", "Austin TX", closes="2026-12-20", date="2026-11-10"),
        view("Older in Austin", "Austin, TX", closes="2026-12-20", date="2026-11-01"),
    ]
    board = build_board(views, datetime.date(2026, 12, 1), 60)
    assert [(group.label, group.slug) for group in board.locations] == [("Austin TX", "austin-tx")]
    assert [v.listing.title for v in board.locations[0].roles] == ["Newer in Austin", "Older in Austin"]
    assert len({(group.kind, group.slug) for group in board.filters()}) == len(board.filters())


def test_the_calendar_library_is_imported_ahead_only_for_a_site_that_writes_the_calendar() -> None:
    # In a process of its own: this one has imported icalendar already.
    script = (
        "import sys; sys.path.insert(0, 'plugins')\n"
        "from job_openings import import_calendar_ahead\n"
        "import_calendar_ahead({'JOBS_DEADLINES_ICS': ''})\n"
        "print('icalendar' in sys.modules)\n"
        "import_calendar_ahead({'JOBS_DEADLINES_ICS': 'jobs/deadlines.ics'})\n"
        "print('icalendar' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "True"]
