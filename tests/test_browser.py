"""The theme in Debian's Chromium, driven by Playwright, checked by axe-core.

Pages come from the publish build, with SITEURL pointed at a local server, so
what is tested is what would be published.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, ServedSite
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "reflection": "/reflections/a-week-with-two-interviews/",
    "advice": "/advice/talking-about-past-failures-in-an-interview-without-underselling-yourself/",
    "job": "/jobs/senior-product-designer-fleet-tools/",
}
ARTIFACTS = ROOT / "test-artifacts"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_is_accessible_offline_and_error_free(
    browser: Browser, served_site: ServedSite, axe: Axe, name: str, width: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    console_errors: list[str] = []
    outside_requests: list[str] = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.on("pageerror", lambda error: console_errors.append(str(error)))

    def watch(request) -> None:
        if not request.url.startswith((served_site.origin + "/", "data:")):
            outside_requests.append(request.url)

    page.on("request", watch)
    response = page.goto(served_site.origin + PAGES[name], wait_until="load")
    assert response is not None and response.ok
    results = axe.run(page)
    if width == 375 and scheme == "light":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert console_errors == []
    assert outside_requests == []


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_fits_a_320px_screen(browser: Browser, served_site: ServedSite, name: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.goto(served_site.origin + PAGES[name])
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320px"


def test_skip_link_is_first_focus_and_moves_to_main(browser: Browser, served_site: ServedSite) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_site.origin + PAGES["reflection"])
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.textContent]")
    box = page.locator(".skip-link").bounding_box()
    page.keyboard.press("Enter")
    target = page.evaluate("document.activeElement.id || location.hash")
    outline = page.evaluate("getComputedStyle(document.querySelector('.skip-link')).outlineStyle")
    context.close()
    assert focused == ["skip-link", "Skip to content"]
    assert box is not None and box["y"] >= 0, "the skip link is visible when focused"
    assert target in ("main", "#main")
    assert outline in ("solid", "none")


def test_site_works_without_javascript(browser: Browser, served_site: ServedSite) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site.origin + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs").click()
    page.get_by_role("link", name="Senior Product Designer, Fleet Tools").first.click()
    apply = page.get_by_role("link", name="Apply for this role")
    assert apply.is_visible()
    context.close()
