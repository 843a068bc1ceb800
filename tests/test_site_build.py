"""The sample site, built with the dev and publish settings, checked with real parsers."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest
from conftest import (
    DRAFT_SLUG,
    DRAFT_TITLE,
    HIDDEN_SLUG,
    HIDDEN_TITLE,
    PUBLISH_SITEURL,
    Build,
    parse_html,
    run_pelican,
)

REFLECTIONS = {
    "The week my design team was cut",
    "Rebuilding my portfolio around decisions",
    "A week with two interviews",
    "Coming in second after a final round",
    "Morning of the Harborline final round",
    "After the Harborline final round",
}
ADVICE = {
    "Why did I come in second? What a close rejection really means",
    "Talking about past failures in an interview without underselling yourself",
}
JOBS = {
    "Senior Product Designer, Fleet Tools",
    "Design Systems Lead",
    "UX Researcher (6-month contract)",
}
ALL_POSTS = REFLECTIONS | ADVICE | JOBS
OPEN_JOBS = {"Senior Product Designer, Fleet Tools"}


def text(node) -> str:
    """Visible text with Typogrify's curly quotes and non-breaking spaces made plain."""
    return plain(node.get_text(" ", strip=True))


def plain(value: str) -> str:
    for fancy, plain in {"\u2019": "'", "\u201c": '"', "\u201d": '"', "\xa0": " "}.items():
        value = value.replace(fancy, plain)
    return " ".join(value.split())


def listed_titles(build: Build, page: str) -> list[str]:
    soup = build.html(page)
    return [text(h) for h in soup.select("main .post-summary .post-title")]


def all_pages_titles(build: Build, first_page: str) -> list[str]:
    """Titles over every page of a paginated list."""
    titles = listed_titles(build, first_page)
    base = first_page.removesuffix("index.html")
    number = 2
    while (build.output / f"{base}page/{number}/index.html").exists():
        titles += listed_titles(build, f"{base}page/{number}/index.html")
        number += 1
    return titles


@pytest.fixture(params=["dev", "publish"])
def site(request: pytest.FixtureRequest) -> Build:
    return request.getfixturevalue(f"{request.param}_site")


@pytest.mark.parametrize(
    ("page", "expected"),
    [("reflections/index.html", REFLECTIONS), ("advice/index.html", ADVICE)],
)
def test_each_kind_has_its_own_page_with_only_its_posts(site: Build, page: str, expected: set[str]) -> None:
    titles = all_pages_titles(site, page)
    assert set(titles) == expected
    assert len(titles) == len(expected)


def test_home_lists_every_published_post_newest_first(site: Build) -> None:
    titles = all_pages_titles(site, "index.html")
    assert set(titles) == ALL_POSTS
    home = site.html("index.html")
    days = [t["datetime"] for t in home.select("main .date-header time")]
    assert days == sorted(days, reverse=True)
    same_day = home.select_one("section.day[aria-labelledby='day-2026-11-12']")
    assert [text(t) for t in same_day.select(".post-meta time")] == ["9:40 PM", "8:15 AM"]


def test_home_groups_posts_under_blogger_style_date_headers(site: Build) -> None:
    home = site.html("index.html")
    days = home.select("main section.day")
    headers = [text(day.select_one(".date-header")) for day in days]
    assert "Thursday, November 12, 2026" in headers
    assert len(headers) == len(set(headers)), "one header per day"
    same_day = days[headers.index("Thursday, November 12, 2026")]
    assert [text(t) for t in same_day.select(".post-title")] == [
        "After the Harborline final round",
        "Morning of the Harborline final round",
    ]
    assert same_day.select_one(".date-header time")["datetime"] == "2026-11-12"


def test_labels_link_to_label_pages_listing_exactly_their_posts(site: Build) -> None:
    page = site.html("reflections/a-week-with-two-interviews/index.html")
    labels = page.select("main .labels a[rel=tag]")
    assert [text(a) for a in labels] == ["applications", "interviews"]
    interviews = set(all_pages_titles(site, "labels/interviews/index.html"))
    assert "A week with two interviews" in interviews
    assert "Design Systems Lead" not in interviews
    tag_index = site.html("labels/index.html")
    assert "interviews" in [text(a) for a in tag_index.select("main a[rel=tag]")]


def test_jobs_page_lists_every_listing_open_first(site: Build) -> None:
    board = site.html("jobs/index.html")
    open_roles = [
        text(a) for a in board.select("main section[aria-labelledby=open-roles-heading] .job-card a")
    ]
    closed = [text(a) for a in board.select("main section[aria-labelledby=closed-roles-heading] .job-card a")]
    assert open_roles == ["Senior Product Designer, Fleet Tools"]
    assert set(closed) == JOBS - set(open_roles)


def test_job_listing_page_lays_out_its_fields_and_apply_button(site: Build) -> None:
    page = site.html("jobs/senior-product-designer-fleet-tools/index.html")
    facts = {text(dt): text(dt.find_next_sibling("dd")) for dt in page.select(".job-facts dt")}
    assert facts == {
        "Company": "Northgale Logistics",
        "Location": "Remote (US)",
        "Employment": "Full-time",
        "Salary": "150,000–175,000 USD per year",
        "Applications close": "June 30, 2027",
    }
    button = page.select_one(".job-action a.button")
    assert button["href"].startswith("https://")
    assert "Apply" in text(button)
    filled = site.html("jobs/design-systems-lead/index.html")
    assert filled.select_one(".job-action a.button") is None
    assert text(filled.select_one(".job-action .notice")) == "This role was filled."
    closed = site.html("jobs/ux-researcher-6-month-contract/index.html")
    assert closed.select_one(".job-action a.button") is None
    assert text(closed.select_one(".job-action .notice")) == "Applications closed on October 23, 2026."


def test_every_page_has_landmarks_skip_link_nav_and_feed_links(site: Build) -> None:
    for path in site.html_files():
        soup = site.html(str(path.relative_to(site.output)))
        skip = soup.select_one("body > a.skip-link")
        assert skip is not None and skip["href"] == "#main", path
        assert soup.select_one("main#main") is not None, path
        assert soup.select_one("nav[aria-label=Main]") is not None, path
        assert soup.select_one("aside[aria-label]") is not None, path
        assert soup.select_one("footer .subscribe-links") is not None, path
        atom = 'head link[rel=alternate][type="application/atom+xml"]'
        feeds = [link["href"] for link in soup.select(atom)]
        assert any(href.endswith("/feeds/all.atom.xml") for href in feeds), path
        for kind in ("reflections", "advice", "jobs"):
            assert any(href.endswith(f"/feeds/{kind}.atom.xml") for href in feeds), path
        assert soup.html["lang"] == "en"


def test_current_section_is_marked_in_the_nav(site: Build) -> None:
    def current(page: str) -> dict[str, str]:
        soup = site.html(page)
        return {text(a): a["aria-current"] for a in soup.select("nav[aria-label=Main] a[aria-current]")}

    assert current("reflections/index.html") == {"Reflections": "page"}
    assert current("reflections/a-week-with-two-interviews/index.html") == {"Reflections": "true"}
    assert current("archive/2026/11/index.html") == {"Archive": "true"}
    assert current("subscribe/index.html") == {"Subscribe": "page"}


def test_label_pages_offer_their_own_feed(site: Build) -> None:
    soup = site.html("labels/interviews/index.html")
    feeds = [link["href"] for link in soup.select("head link[rel=alternate]")]
    assert any(href.endswith("/feeds/labels/interviews.atom.xml") for href in feeds)
    assert (site.output / "feeds/labels/interviews.atom.xml").exists()


def test_archive_by_year_and_month(site: Build) -> None:
    archive = site.html("archive/index.html")
    assert [text(h) for h in archive.select("main h2")] == ["2026"]
    assert [text(h) for h in archive.select("main h3")] == ["November", "October", "September", "August"]
    listed = [text(a) for a in archive.select("main .archive-list a")]
    assert set(listed) == ALL_POSTS
    november = site.html("archive/2026/11/index.html")
    assert text(november.select_one("main h1")) == "Posts from November 2026"
    assert "Thursday, November 12, 2026" in [text(h) for h in november.select(".date-header")]
    assert (site.output / "archive/2026/index.html").exists()


def test_subscribe_page_explains_feeds_and_links_each_one(site: Build) -> None:
    page = site.html("subscribe/index.html")
    assert "feed reader" in text(page.select_one("main"))
    links = [a["href"] for a in page.select("main .feed-list a")]
    for feed in ("all", "reflections", "advice", "jobs", "jobs-open", "labels/interviews"):
        assert any(href.endswith(f"/feeds/{feed}.atom.xml") for href in links), feed


def test_about_and_404_pages_exist(site: Build) -> None:
    assert text(site.html("about/index.html").select_one("main h1")) == "About"
    assert text(site.html("404.html").select_one("main h1")) == "Page not found"
    assert (site.output / "robots.txt").exists()


def test_typogrify_curls_quotes(site: Build) -> None:
    body = site.html("reflections/a-week-with-two-interviews/index.html").select_one(".post-body")
    assert "\u2019" in body.get_text()


# With the alert feeds of the jobs page's filters (the sample's one open role is remote
# and full-time).
@pytest.mark.parametrize(
    "feed",
    [
        "all",
        "reflections",
        "advice",
        "jobs",
        "labels/interviews",
        "jobs/location/remote",
        "jobs/type/full-time",
    ],
)
def test_feeds_parse_and_hold_the_right_posts(site: Build, feed: str) -> None:
    parsed = feedparser.parse((site.output / f"feeds/{feed}.atom.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    titles = {entry.title for entry in parsed.entries}
    expected = {
        "all": ALL_POSTS,
        "reflections": REFLECTIONS,
        "advice": ADVICE,
        "jobs": JOBS,
        "jobs/location/remote": OPEN_JOBS,
        "jobs/type/full-time": OPEN_JOBS,
    }.get(feed)
    if expected is not None:
        assert {plain(t) for t in titles} == expected
    assert titles, feed


def test_published_feeds_have_absolute_links(publish_site: Build) -> None:
    for path in (publish_site.output / "feeds").rglob("*.atom.xml"):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.feed.link.startswith(PUBLISH_SITEURL), path
        for entry in parsed.entries:
            assert entry.link.startswith(PUBLISH_SITEURL + "/"), (path, entry.link)
            assert urlparse(entry.link).scheme == "https"


def test_published_pages_use_absolute_urls(publish_site: Build) -> None:
    page = publish_site.html("reflections/a-week-with-two-interviews/index.html")
    assert page.select_one("link[rel=canonical]")["href"] == (
        f"{PUBLISH_SITEURL}/reflections/a-week-with-two-interviews/"
    )
    assert page.select_one("link[rel=stylesheet]")["href"].startswith(PUBLISH_SITEURL + "/")


def output_texts(build: Build) -> dict[Path, str]:
    """Every output file's text, with Typogrify's non-breaking spaces made plain."""
    return {
        path: path.read_text(encoding="utf-8", errors="replace").replace("&nbsp;", " ").replace("\xa0", " ")
        for path in build.output.rglob("*")
        if path.is_file()
    }


def test_the_draft_appears_in_no_output_file(site: Build) -> None:
    for path, body in output_texts(site).items():
        assert DRAFT_SLUG not in str(path.relative_to(site.output))
        assert DRAFT_TITLE not in body, path
        assert DRAFT_SLUG not in body, path
        assert "Unsent letter" not in body, path
    assert not (site.output / "drafts").exists()


def test_the_hidden_post_has_a_page_but_is_in_no_list_or_feed(site: Build) -> None:
    own_page = site.output / f"reflections/{HIDDEN_SLUG}/index.html"
    assert own_page.exists()
    assert site.html(f"reflections/{HIDDEN_SLUG}/index.html").select_one("meta[name=robots][content=noindex]")
    for path, body in output_texts(site).items():
        if path == own_page:
            continue
        assert HIDDEN_TITLE not in body, path
        assert HIDDEN_SLUG not in body, path


def test_pages_load_nothing_from_other_hosts(publish_site: Build) -> None:
    site_host = urlparse(PUBLISH_SITEURL).netloc
    for path in publish_site.html_files():
        soup = publish_site.html(str(path.relative_to(publish_site.output)))
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for node in soup.find_all(tag):
                url = node.get(attribute)
                if not url or (
                    tag == "link"
                    and "stylesheet" not in node.get("rel", [])
                    and "icon" not in node.get("rel", [])
                ):
                    continue
                assert urlparse(url).netloc in ("", site_host), (path, url)
    css = (publish_site.output / "theme/css/shortlist.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css


def test_drafts_can_be_previewed_in_development_only_under_drafts(tmp_path: Path) -> None:
    build = run_pelican(tmp_path / "output", "pelicanconf.py", extra_env={"SHORTLIST_DRAFTS": "yes"})
    assert build.returncode == 0, build.log
    preview = build.output / f"drafts/{DRAFT_SLUG}/index.html"
    texts = output_texts(build)
    assert DRAFT_TITLE in texts[preview]
    # The drafts index (shortlist_drafts) lists it too: tests/test_first_hour_small.py.
    drafts_index = build.output / "drafts/index.html"
    assert DRAFT_TITLE in texts[drafts_index]
    for path, body in texts.items():
        if path not in (preview, drafts_index):
            assert DRAFT_TITLE not in body, path
    published = run_pelican(tmp_path / "publish", "publishconf.py", extra_env={"SHORTLIST_DRAFTS": "yes"})
    assert not (published.output / "drafts").exists()


def sitemap_urls(build: Build) -> dict[str, str | None]:
    """Each URL in sitemap.xml, with its lastmod."""
    import xml.etree.ElementTree as ET

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(build.output / "sitemap.xml").getroot()
    entries = [
        (u.findtext("s:loc", namespaces=namespace), u.findtext("s:lastmod", namespaces=namespace))
        for u in root.findall("s:url", namespace)
    ]
    urls = [url for url, _ in entries]
    assert len(urls) == len(set(urls)), "a URL is listed twice"
    return dict(entries)


def test_sitemap_lists_exactly_the_pages_not_marked_noindex(publish_site: Build) -> None:
    """Every HTML page is either in sitemap.xml or says noindex, never both, never neither."""
    listed = sitemap_urls(publish_site)
    assert all(url.startswith(PUBLISH_SITEURL + "/") for url in listed)
    indexable, noindex = set(), set()
    for page in publish_site.html_files():
        relative = page.relative_to(publish_site.output).as_posix()
        url = f"{PUBLISH_SITEURL}/{relative.removesuffix('index.html')}"
        robots = [
            m.get("content", "")
            for m in parse_html(page.read_text(encoding="utf-8")).select("meta[name=robots]")
        ]
        (noindex if any("noindex" in r for r in robots) else indexable).add(url)
    assert set(listed) == indexable
    # What the kit decides is not for search engines, and what it decides is.
    paths = {url[len(PUBLISH_SITEURL) :] for url in noindex}
    assert {
        "/404.html",
        "/page/2/",
        "/archive/2026/11/",
        "/archive/2026/",
        "/authors/sam-ortega/",
        "/authors/",
        "/kinds/",
        "/jobs/location/remote/",
        "/jobs/type/full-time/",
        f"/reflections/{HIDDEN_SLUG}/",
        "/jobs/design-systems-lead/",  # filled
        "/jobs/ux-researcher-6-month-contract/",  # closed
    } <= paths
    paths = {url[len(PUBLISH_SITEURL) :] for url in indexable}
    assert {
        "/",
        "/reflections/a-week-with-two-interviews/",
        "/jobs/senior-product-designer-fleet-tools/",
        "/jobs/",
        "/reflections/",
        "/about/",
        "/labels/",
        "/labels/interviews/",
        "/archive/",
        "/search/",
    } <= paths
    assert not any(DRAFT_SLUG in p or HIDDEN_SLUG in p for p in paths)
    assert listed[f"{PUBLISH_SITEURL}/reflections/a-week-with-two-interviews/"] == "2026-10-10"
    assert listed[f"{PUBLISH_SITEURL}/jobs/"] == "2026-11-18"
