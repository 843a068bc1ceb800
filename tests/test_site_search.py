"""Site search (plugins/site_search): Pagefind's index of the published posts, listings
and pages, the search page at /find/ and the header's search box.

Pagefind is queried in Debian's Chromium on built sites served from this machine: a
development preview with drafts and relative links served under /preview/, and a
publish build for a project site (SITEURL .../blog) served under /blog/, both with the
index in parts of PAGES_PER_PART pages (the sample's 9 posts in 3 parts, and its 2 pages
in a fourth of their own), so every
search merges them. Every request a page makes is recorded, and none may leave the site.
"""

from __future__ import annotations

import datetime
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, Build, QuietHandler, free_port, run_pelican
from playwright.sync_api import Browser, Page
from test_devserver import devserver, wait_for
from test_devserver import project as project  # a fixture: the kit's code in a folder of its own

sys.path.insert(0, str(ROOT / "plugins"))

from site_search import index
from site_search.fields import ListingFacts, SearchFields, search_fields
from site_search.index import (
    AheadRuns,
    IndexNotWritten,
    Part,
    folder_size,
    index_ahead,
    replace_folder,
    searched_bytes,
    split_parts,
    write_index,
)

# Words of the sample site (tests/sample_site/content).
ONE_POST_WORD = "substitute"  # only in reflections/a-week-with-two-interviews.md
ONE_POST_URL = "reflections/a-week-with-two-interviews/"
SIDEBAR_ONLY_WORDS = ["Pelican", "Popular"]  # the footer's "Built with Pelican", the "Popular posts" sidebar
DRAFT_WORDS = ["unsent", "Hana"]  # only in the draft, reflections/unsent-letter-to-the-hiring-panel.md
HIDDEN_WORDS = ["equity"]  # only in the hidden post, reflections/notes-for-my-therapist.md
CLOSED_LISTING_WORDS = ["Brightloop", "battery"]  # jobs/ux-researcher-6-month-contract.md, closed
FILLED_LISTING_WORDS = ["WCAG", "clinical"]  # jobs/design-systems-lead.md, filled
OPEN_LISTING_URL = "jobs/senior-product-designer-fleet-tools/"
# The built sites' index is in parts of this many pages: the oldest four posts, the
# next four, then the newest post and the two pages (undated, last).
PAGES_PER_PART = 4
PARTS = ["", "part-2", "part-3", "part-4"]
LATER_PART_WORD = "blanked"  # only in reflections/after-the-harborline-final-round.md: part 2
LATER_PART_URL = "reflections/after-the-harborline-final-round/"
LAST_PART_WORD = "example"  # only in pages/about.md (an address): part 3


# --- what a page records (pure) ---------------------------------------------------------


def test_a_posts_filters_are_its_kind_and_each_label_once_and_its_result_shows_kind_and_date() -> None:
    fields = search_fields(
        "Reflections", ["interviews", " mindset ", "interviews", ""], datetime.date(2026, 10, 5)
    )
    assert fields == SearchFields(
        filters=(("kind", "Reflections"), ("label", "interviews"), ("label", "mindset")),
        meta=(("kind", "Reflections"), ("date", "October 5, 2026")),
    )


def test_a_listing_adds_location_and_employment_filters_and_company_and_location_to_its_result() -> None:
    facts = ListingFacts("Northgale Logistics", "Denver, CO (hybrid)", "Full-time")
    fields = search_fields("Jobs", ["hiring"], datetime.date(2026, 11, 18), facts)
    assert fields.filters == (
        ("kind", "Jobs"),
        ("label", "hiring"),
        ("location", "Denver, CO (hybrid)"),
        ("employment", "Full-time"),
    )
    assert fields.meta == (
        ("kind", "Jobs"),
        ("date", "November 18, 2026"),
        ("company", "Northgale Logistics"),
        ("location", "Denver, CO (hybrid)"),
    )


def test_a_page_is_no_kind_to_filter_by() -> None:
    assert search_fields(None) == SearchFields(filters=(), meta=(("kind", "Page"),))


def test_a_new_index_replaces_the_old_one_whole(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>A</title></head><body>'
        "<h1 data-pagefind-body>Alpha</h1><div data-pagefind-body><p>zebracorn</p></div>"
        "<aside>outsideword</aside></body></html>",
        encoding="utf-8",
    )
    (site / "pagefind").mkdir()
    (site / "pagefind" / "stale.pf_fragment").write_bytes(b"from an older build")
    summary = write_index(site)
    bundle = site / "pagefind"
    assert not (bundle / "stale.pf_fragment").exists()
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-ui.js").is_file()
    assert summary.bytes_on_disk == folder_size(bundle)
    assert sorted(p.name for p in site.iterdir()) == ["a", "pagefind"], "no staging folder is left behind"
    [fragment] = fragments(site)
    assert fragment["url"] == "/a/" and "zebracorn" in fragment["content"]
    assert "outsideword" not in fragment["content"]


def small_site(site: Path, count: int) -> list[str]:
    """`count` marked pages under `site`, a word of its own in each; their paths."""
    paths = []
    for number in range(count):
        page = site / "posts" / f"p{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<html lang="en"><head><title>P{number}</title></head><body><main data-pagefind-body>'
            f"<h1>Post {number}</h1><p>common only{number}word</p></main></body></html>",
            encoding="utf-8",
        )
        paths.append(page.relative_to(site).as_posix())
    return paths


def meeting_pagefind(folder: Path, fail_on: str = "") -> dict[str, str]:
    """A PAGEFIND_BINARY_PATH whose indexing runs each wait (5 s at most) until another
    has started, then run Pagefind: runs one after another fail. A run into the bundle
    `fail_on` (its --output-path) stops with status 3 instead, once the other has started
    (which then waits a second more, so the failure is the first run to end)."""
    from site_search.index import pagefind_program

    wrapper = folder / "pagefind"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'[ "$1" = --site ] || exec "{pagefind_program()}" "$@"\n'
        f'touch "{folder}/started-$$"\n'
        "for i in $(seq 100); do\n"
        f'  if [ "$(ls "{folder}" | grep -c ^started-)" -ge 2 ]; then\n'
        f'    case "$4" in *{fail_on or "no-such-part"}) exit 3;; esac\n'
        f"    {'sleep 1' if fail_on else ':'}\n"
        f'    exec "{pagefind_program()}" "$@"\n'
        "  fi\n"
        "  sleep 0.05\n"
        "done\n"
        "exit 4\n",
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return {"PAGEFIND_BINARY_PATH": str(wrapper)}


def test_two_parts_are_indexed_at_once_into_the_same_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    files = small_site(site, 9)
    one_by_one = write_index(site, files=files, per_part=4)
    expected = bundle_view(site / "pagefind")
    shutil.rmtree(site / "pagefind")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", meeting_pagefind(tmp_path)["PAGEFIND_BINARY_PATH"])
    at_once = write_index(site, files=files, per_part=4, at_once=2)
    assert at_once == one_by_one and at_once.parts == 3 and at_once.indexed == 3
    assert bundle_view(site / "pagefind") == expected
    assert sorted(p.name for p in site.iterdir()) == ["pagefind", "posts"], "no staging folder is left behind"


def test_the_next_part_starts_when_any_run_ends_not_the_oldest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_search.index import pagefind_program

    site = tmp_path / "site"
    files = small_site(site, 9)
    expected = bundle_view(site / "pagefind") if write_index(site, files=files, per_part=4) else {}
    shutil.rmtree(site / "pagefind")
    # Part 1's run takes 2 s longer than the others; each run notes when it starts and ends.
    log = tmp_path / "runs.log"
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'[ "$1" = --site ] || exec "{pagefind_program()}" "$@"\n'
        f'echo "start ${{4##*/}} $(date +%s.%N)" >> "{log}"\n'
        'case "$4" in *bundle-1) sleep 2;; esac\n'
        f'"{pagefind_program()}" "$@"; status=$?\n'
        f'echo "end ${{4##*/}} $(date +%s.%N)" >> "{log}"\n'
        "exit $status\n",
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    summary = write_index(site, files=files, per_part=4, at_once=2)
    assert summary.parts == 3 and summary.indexed == 3 and summary.pages == 9
    assert bundle_view(site / "pagefind") == expected
    times = {
        (event, part): float(when)
        for event, part, when in (line.split() for line in log.read_text(encoding="utf-8").splitlines())
    }
    # Part 3 started once part 2 had ended, while part 1 still ran.
    assert times["end", "bundle-2"] <= times["start", "bundle-3"] < times["end", "bundle-1"]


def test_a_part_that_fails_stops_the_run_beside_it_and_leaves_the_old_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    files = small_site(site, 9)
    (site / "pagefind").mkdir()
    (site / "pagefind" / "old.pf_fragment").write_bytes(b"the index before")
    monkeypatch.setenv(
        "PAGEFIND_BINARY_PATH", meeting_pagefind(tmp_path, fail_on="bundle-1")["PAGEFIND_BINARY_PATH"]
    )
    with pytest.raises(IndexNotWritten, match="exit status 3"):
        write_index(site, files=files, per_part=4, at_once=2)
    # Part 2 was running beside the failed part 1: it was stopped, and waited for.
    started = [int(p.name.removeprefix("started-")) for p in tmp_path.glob("started-*")]
    assert len(started) == 2
    for pid in started:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert [p.name for p in (site / "pagefind").iterdir()] == ["old.pf_fragment"]
    assert sorted(p.name for p in site.iterdir()) == ["pagefind", "posts"], "no staging folder is left behind"


def test_replace_folder_puts_the_new_folder_in_place(tmp_path: Path) -> None:
    new, target = tmp_path / "new", tmp_path / "target"
    new.mkdir()
    (new / "fresh").write_text("new", encoding="utf-8")
    target.mkdir()
    (target / "old").write_text("old", encoding="utf-8")
    replace_folder(new, target)
    assert [p.name for p in target.iterdir()] == ["fresh"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]


def fragments(site: Path, part: str | None = None) -> list[dict]:
    """Pagefind's record of each indexed page (gzip, a signature, then JSON), in every
    part of the index or in one ("" the main bundle)."""
    bundle = site / "pagefind"
    folders = [bundle / part] if part is not None else [bundle, *sorted(bundle.glob("part-*"))]
    records = []
    for folder in folders:
        for path in sorted((folder / "fragment").glob("*.pf_fragment")):
            data = gzip.decompress(path.read_bytes())
            records.append(json.loads(data[data.index(b"{") :]))
    return records


# --- the built sites -------------------------------------------------------------------


class UnderPath(QuietHandler):
    """Serves the output folder under a path (/blog/...), as GitHub Pages serves a
    project site; anything outside it is 404."""

    path_prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.path_prefix):
            return str(Path(self.directory) / "-outside-the-site-")
        return super().translate_path("/" + path[len(self.path_prefix) :])


@dataclass
class ServedBuild:
    build: Build
    root: str
    """The site's address, ending in a slash: http://127.0.0.1:<port>/blog/."""


def serve(build: Build, root: str) -> Iterator[ServedBuild]:
    """Serve the build at `root` (http://127.0.0.1:<port>/<path>/) until the tests are done."""
    address = urlparse(root)
    handler = type("Handler", (UnderPath,), {"path_prefix": address.path})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", address.port or 80), functools.partial(handler, directory=str(build.output))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedBuild(build, root)
    finally:
        server.shutdown()
        server.server_close()


def build_site(folder: Path, settings: str, **kwargs: object) -> Build:
    build = run_pelican(folder / "output", settings, **kwargs)  # type: ignore[arg-type]
    assert build.returncode == 0, build.log
    return build


def in_parts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The settings that index the sample in PARTS, with a cache of the test's own."""
    return {
        "SITE_SEARCH_PAGES_PER_PART": PAGES_PER_PART,
        "SITE_SEARCH_CACHE_PATH": str(tmp_path_factory.mktemp("search-cache")),
    }


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedBuild]:
    """`make devserver DRAFTS=yes` as it builds, with relative links, served under /preview/."""
    root = f"http://127.0.0.1:{free_port()}/preview/"
    build = build_site(
        tmp_path_factory.mktemp("preview"),
        "pelicanconf.py",
        extra_env={"SHORTLIST_DRAFTS": "yes"},
        extra_settings={"RELATIVE_URLS": True, **in_parts(tmp_path_factory)},
    )
    yield from serve(build, root)


@pytest.fixture(scope="module")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedBuild]:
    """`make publish` for a project site (SITEURL .../blog), served under /blog/."""
    root = f"http://127.0.0.1:{free_port()}/blog/"
    build = build_site(
        tmp_path_factory.mktemp("project-site"),
        "publishconf.py",
        extra_env={"SITEURL": root.rstrip("/")},
        extra_settings=in_parts(tmp_path_factory),
    )
    yield from serve(build, root)


# --- what is marked for the index -------------------------------------------------------


def marked(build: Build, page: str) -> bool:
    return bool(build.html(page + "index.html").select("[data-pagefind-body]"))


def test_only_published_posts_listings_and_pages_are_marked_for_the_index(preview: ServedBuild) -> None:
    build = preview.build
    for page in (ONE_POST_URL, OPEN_LISTING_URL, "about/", "subscribe/"):
        assert marked(build, page), page
    not_content = [
        "",
        "archive/",
        "labels/",
        "labels/interviews/",
        "reflections/",
        "jobs/",
        "search/",
        "find/",
    ]
    not_content += ["drafts/", "page/2/"] if (build.output / "page/2").exists() else ["drafts/"]
    not_indexed = [
        "drafts/unsent-letter-to-the-hiring-panel/",
        "reflections/notes-to-self-before-the-offer-call/",
        "jobs/ux-researcher-6-month-contract/",
        "jobs/design-systems-lead/",
    ]
    for page in not_content + not_indexed:
        assert (build.output / page / "index.html").is_file(), page
        assert not marked(build, page), page
    assert not build.html("404.html").select("[data-pagefind-body]")
    # Sidebars, navigation, footer, related reading and the labels list are outside
    # the marked parts.
    post = build.html(ONE_POST_URL + "index.html")
    for outside in (
        ".sidebar",
        ".site-nav",
        ".site-footer",
        ".related",
        ".labels",
        ".post-meta",
        ".search-box",
    ):
        for element in post.select(outside):
            assert not element.find_parent(attrs={"data-pagefind-body": True}), outside
            assert not element.select("[data-pagefind-body]"), outside


def test_parts_are_fixed_runs_of_the_pages_oldest_first_so_a_new_post_changes_only_the_last() -> None:
    pages = [f"p{number}/index.html" for number in range(7)]
    parts = split_parts(pages, 3)
    assert parts == [
        Part("", tuple(pages[0:3])),
        Part("part-2", tuple(pages[3:6])),
        Part("part-3", tuple(pages[6:7])),
    ]
    grown = split_parts([*pages, "new/index.html"], 3)
    assert grown[:2] == parts[:2] and grown[2].files == ("p6/index.html", "new/index.html")
    assert split_parts(pages, 7) == [Part("", tuple(pages))], "a small site keeps one bundle"
    assert split_parts(pages, 0) == [Part("", tuple(pages))], "0: no limit"
    assert split_parts([], 3) == []


def test_the_pages_are_in_parts_of_their_own_when_the_index_is_in_parts() -> None:
    """The posts' parts can be indexed while the pages (written later, by another
    generator) are not yet on disk; a small site keeps its one bundle."""
    posts = [f"p{number}/index.html" for number in range(7)]
    pages = ["about/index.html", "subscribe/index.html"]
    assert split_parts(posts + pages, 3, apart=2) == [
        Part("", tuple(posts[0:3])),
        Part("part-2", tuple(posts[3:6])),
        Part("part-3", tuple(posts[6:7])),
        Part("part-4", tuple(pages)),
    ]
    assert split_parts(posts + pages, 9, apart=2) == [Part("", tuple(posts + pages))], "one part"
    assert split_parts(posts + pages, 0, apart=2) == [Part("", tuple(posts + pages))], "no limit"
    assert split_parts(pages, 1, apart=2) == [Part("", (pages[0],)), Part("part-2", (pages[1],))], (
        "pages only"
    )
    many = [f"page{number}/index.html" for number in range(4)]
    assert [part.files for part in split_parts(posts[:2] + many, 3, apart=4)] == [
        tuple(posts[:2]),
        tuple(many[:3]),
        tuple(many[3:]),
    ], "the pages in runs of their own too"


def test_every_marked_page_is_in_the_index(preview: ServedBuild) -> None:
    """The glob that spares Pagefind the lists must never leave out a marked page."""
    output = preview.build.output
    marked_pages = {
        "/" + path.relative_to(output).as_posix().removesuffix("index.html")
        for path in output.rglob("*.html")
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
        and not path.relative_to(output).as_posix().startswith("pagefind/")
    }
    assert marked_pages and marked_pages == {record["url"] for record in fragments(output)}


def test_a_larger_sites_index_is_in_parts_oldest_first_merged_by_the_search_page(
    preview: ServedBuild,
) -> None:
    output = preview.build.output
    bundle = output / "pagefind"
    find = preview.build.html("find/index.html").select_one("[data-find]")
    assert find is not None and find["data-merge-bundles"] == "part-2/ part-3/ part-4/"
    assert sorted(p.name for p in bundle.glob("part-*")) == PARTS[1:]
    # The main bundle has the scripts; a part only what a merged index is read from.
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-ui.js").is_file()
    for part in PARTS[1:]:
        assert (bundle / part / "pagefind-entry.json").is_file()
        assert not [p.name for p in (bundle / part).iterdir() if p.suffix in (".js", ".css")]
        assert not list((bundle / part).glob("wasm.*"))
    urls = {part: [record["url"] for record in fragments(output, part)] for part in PARTS}
    assert [len(found) for found in urls.values()] == [4, 4, 1, 2]
    every = [url for found in urls.values() for url in found]
    assert len(every) == len(set(every)) == len(fragments(output)), "each page in one part"
    assert "/" + ONE_POST_URL in urls[""] and "/" + LATER_PART_URL in urls["part-2"]
    assert set(urls["part-4"]) == {"/about/", "/subscribe/"}, "the pages come last, in a part of their own"
    # Oldest first: a part's posts are all older than the next part's.
    days = {
        part: [
            datetime.datetime.strptime(record["meta"]["date"], "%B %d, %Y")
            for record in fragments(output, part)
            if "date" in record["meta"]
        ]
        for part in PARTS[:3]
    }
    assert max(days[""]) <= min(days["part-2"]) and max(days["part-2"]) <= min(days["part-3"])


def test_the_index_holds_the_published_content_with_its_filters(preview: ServedBuild) -> None:
    records = {record["url"]: record for record in fragments(preview.build.output)}
    assert set(records) == {
        "/about/",
        "/subscribe/",
        "/advice/talking-about-past-failures-in-an-interview-without-underselling-yourself/",
        "/advice/why-did-i-come-in-second-what-a-close-rejection-really-means/",
        "/jobs/senior-product-designer-fleet-tools/",
        "/reflections/a-week-with-two-interviews/",
        "/reflections/after-the-harborline-final-round/",
        "/reflections/coming-in-second-after-a-final-round/",
        "/reflections/morning-of-the-harborline-final-round/",
        "/reflections/rebuilding-my-portfolio-around-decisions/",
        "/reflections/the-week-my-design-team-was-cut/",
    }
    listing = records["/" + OPEN_LISTING_URL]
    assert listing["filters"] == {
        "kind": ["Jobs"],
        "label": ["hiring"],
        "location": ["Remote (US)"],
        "employment": ["Full-time"],
    }
    assert {key: listing["meta"][key] for key in ("kind", "date", "company", "location")} == {
        "kind": "Jobs",
        "date": "November 18, 2026",
        "company": "Northgale Logistics",
        "location": "Remote (US)",
    }
    # The facts' values are words of the listing; their headings and the closing day are not.
    assert "Northgale Logistics" in listing["content"] and "Remote (US)" in listing["content"]
    assert "Applications close" not in listing["content"] and "Employment" not in listing["content"]
    post = records["/" + ONE_POST_URL]
    assert post["filters"] == {"kind": ["Reflections"], "label": ["interviews", "applications"]}
    assert post["meta"]["date"] == "October 10, 2026" and post["meta"]["kind"] == "Reflections"
    assert records["/about/"]["filters"] == {} and records["/about/"]["meta"]["kind"] == "Page"


def test_the_search_page_is_in_the_sitemap_and_my_search_keeps_its_address(project_site: ServedBuild) -> None:
    build = project_site.build
    sitemap = (build.output / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{project_site.root}find/</loc>" in sitemap
    assert f"<loc>{project_site.root}search/</loc>" in sitemap
    find = build.html("find/index.html")
    assert find.select_one('meta[name="robots"]') is None
    assert find.h1.get_text() == "Search"
    assert "My search" in build.html("search/index.html").title.get_text()


def test_every_page_has_the_header_search_box_as_a_plain_form(project_site: ServedBuild) -> None:
    build = project_site.build
    for path in build.html_files():
        page = build.html(str(path.relative_to(build.output)))
        if page.select_one('meta[http-equiv="refresh"]'):
            continue  # a redirect page
        form = page.select_one("header form.search-box")
        assert form is not None, path
        assert form["action"] == project_site.root + "find/" and form.get("method") == "get", path
        field = form.select_one("input[name=q]")
        assert field is not None and page.select_one(f"label[for={field['id']}]") is not None, path


def test_a_page_given_the_search_pages_address_is_left_out_with_a_problem(
    tmp_path: Path, content_copy: Path
) -> None:
    (content_copy / "pages" / "find.md").write_text("Title: Find\n\nA page of my own.\n", encoding="utf-8")
    build = run_pelican(tmp_path / "output", "pelicanconf.py", content_copy)
    assert build.returncode == 0, build.log
    assert "pages/find.md" in build.log and "find/index.html" in build.log
    assert build.html("find/index.html").select_one("[data-find]") is not None


def test_without_pagefind_a_preview_says_so_and_a_publish_build_fails(tmp_path: Path) -> None:
    missing = {"PAGEFIND_BINARY_PATH": str(tmp_path / "no-pagefind-here")}
    dev = run_pelican(tmp_path / "dev", "pelicanconf.py", extra_env=missing)
    assert dev.returncode == 0, dev.log
    assert "The search index was not written: Pagefind's program was not found" in dev.log
    assert (dev.output / "find" / "index.html").is_file() and not (dev.output / "pagefind").exists()
    publish = run_pelican(tmp_path / "publish", "publishconf.py", extra_env=missing)
    assert publish.returncode == 1
    assert "The search index was not written" in publish.log and "The build failed" in publish.log


# --- in the browser -------------------------------------------------------------------


@dataclass
class Visit:
    page: Page
    requests: list[str]
    failures: list[str]
    errors: list[str]


def open_page(browser: Browser, site: ServedBuild, path: str, **context_options: object) -> Visit:
    context = browser.new_context(**context_options)  # type: ignore[arg-type]
    page = context.new_page()
    visit = Visit(page, [], [], [])
    page.on("request", lambda request: visit.requests.append(request.url))
    # A request the page itself gave up on as it moved to the next page is no failure.
    page.on(
        "requestfailed",
        lambda request: "ERR_ABORTED" not in (request.failure or "") and visit.failures.append(request.url),
    )
    page.on("response", lambda response: response.status >= 400 and visit.failures.append(response.url))
    page.on("console", lambda message: message.type == "error" and visit.errors.append(message.text))
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.goto(site.root + path, wait_until="load")
    return visit


def close(visit: Visit, site: ServedBuild) -> None:
    visit.page.context.close()
    outside = [url for url in visit.requests if not url.startswith((site.root, "data:", "blob:"))]
    assert outside == [], "requests that left the site"
    assert visit.failures == [] and visit.errors == []


def pagefind_search(page: Page, site: ServedBuild, words: str, filters: dict | None = None) -> list[str]:
    """The result URLs Pagefind's own API gives, as the search page configures it."""
    return page.evaluate(
        """async ([root, words, filters]) => {
            const base = new URL(root).pathname;
            const bundle = await import(base + "pagefind/pagefind.js");
            // An instance of its own, so the search page's (which merged the parts
            // already) is left as it is.
            const pagefind = bundle.createInstance({ basePath: base + "pagefind/", baseUrl: base });
            await pagefind.options({ baseUrl: base });
            const parts = document.querySelector("[data-find]").dataset.mergeBundles || "";
            for (const part of parts.split(" ").filter(Boolean)) {
                await pagefind.mergeIndex(base + "pagefind/" + part, { baseUrl: base });
            }
            const search = await pagefind.search(words, { filters: filters || {} });
            const data = await Promise.all(search.results.map((result) => result.data()));
            return data.map((item) => item.url);
        }""",
        [site.root, words, filters],
    )


def ui_results(page: Page, words: str) -> list[str]:
    """The result links Pagefind's UI shows once its search for `words` has finished and
    every result of the first page (10) has loaded."""
    page.wait_for_function(
        """(words) => {
            const message = document.querySelector(".pagefind-ui__message");
            const text = message ? message.textContent.trim() : "";
            if (!text.endsWith(" for " + words)) return false;
            if (/^No results/.test(text)) return true;
            const count = /^(\\d+) results? for/.exec(text);
            if (!count) return false;
            const links = document.querySelectorAll(".pagefind-ui__result-link").length;
            return links === Math.min(Number(count[1]), 10);
        }""",
        arg=words,
        timeout=15000,
    )
    return page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)")


@pytest.mark.browser
def test_a_word_from_one_post_finds_that_post_and_nothing_else(
    browser: Browser, preview: ServedBuild
) -> None:
    visit = open_page(browser, preview, "find/")
    assert pagefind_search(visit.page, preview, ONE_POST_WORD) == ["/preview/" + ONE_POST_URL]
    close(visit, preview)


@pytest.mark.browser
def test_the_search_page_finds_words_in_every_part_of_the_index(
    browser: Browser, preview: ServedBuild
) -> None:
    visit = open_page(browser, preview, f"find/?q={LATER_PART_WORD}")
    page = visit.page
    assert ui_results(page, LATER_PART_WORD) == [preview.root + LATER_PART_URL]
    for word, url in ((ONE_POST_WORD, ONE_POST_URL), (LAST_PART_WORD, "about/")):
        page.fill(".pagefind-ui__search-input", word)
        assert ui_results(page, word) == [preview.root + url]
    # Each part's files came from its own folder under the main bundle.
    for part in PARTS[1:]:
        assert any(url.startswith(f"{preview.root}pagefind/{part}/") for url in visit.requests), part
    close(visit, preview)


@pytest.mark.browser
def test_words_outside_published_content_find_nothing(browser: Browser, preview: ServedBuild) -> None:
    """The sidebars and footer, the draft, the hidden post, the closed and the filled listing."""
    visit = open_page(browser, preview, "find/")
    words = SIDEBAR_ONLY_WORDS + DRAFT_WORDS + HIDDEN_WORDS + CLOSED_LISTING_WORDS + FILLED_LISTING_WORDS
    found = {word: pagefind_search(visit.page, preview, word) for word in words}
    assert found == {word: [] for word in words}
    close(visit, preview)


@pytest.mark.browser
def test_the_kind_filter_narrows_to_listings(browser: Browser, preview: ServedBuild) -> None:
    visit = open_page(browser, preview, "find/")
    everything = pagefind_search(visit.page, preview, "design")
    listings = pagefind_search(visit.page, preview, "design", {"kind": "Jobs"})
    assert len(everything) > 3
    assert listings == ["/preview/" + OPEN_LISTING_URL]
    remote = pagefind_search(
        visit.page, preview, "design", {"location": "Remote (US)", "employment": "Full-time"}
    )
    assert remote == listings
    close(visit, preview)


@pytest.mark.browser
def test_the_search_page_runs_the_words_in_its_address_and_filters_by_kind(
    browser: Browser, preview: ServedBuild
) -> None:
    visit = open_page(browser, preview, f"find/?q={ONE_POST_WORD}")
    page = visit.page
    assert page.input_value(".pagefind-ui__search-input") == ONE_POST_WORD
    assert ui_results(page, ONE_POST_WORD) == [preview.root + ONE_POST_URL]
    # The result shows the post's kind and date.
    tags = page.eval_on_selector_all(
        ".pagefind-ui__result-tag", "tags => tags.map(t => t.textContent.trim())"
    )
    assert "Kind: Reflections" in tags and "Date: October 10, 2026" in tags
    # A new search, narrowed to listings with the kind filter's checkbox.
    page.fill(".pagefind-ui__search-input", "design")
    assert len(ui_results(page, "design")) > 3
    assert parse_qs(urlparse(page.url).query)["q"] == ["design"], "the address follows the box"
    page.get_by_role("checkbox", name="Jobs").check()
    page.wait_for_function("document.querySelectorAll('.pagefind-ui__result-link').length === 1")
    assert ui_results(page, "design") == [preview.root + OPEN_LISTING_URL]
    tags = page.eval_on_selector_all(
        ".pagefind-ui__result-tag", "tags => tags.map(t => t.textContent.trim())"
    )
    assert {"Company: Northgale Logistics", "Location: Remote (US)", "Kind: Jobs"} <= set(tags)
    # The result takes the reader to the listing.
    page.click(".pagefind-ui__result-link")
    page.wait_for_url(preview.root + OPEN_LISTING_URL)
    # A link may carry the kind too.
    page.goto(preview.root + "find/?q=design&kind=Jobs")
    assert ui_results(page, "design") == [preview.root + OPEN_LISTING_URL]
    assert page.get_by_role("checkbox", name="Jobs").is_checked()
    close(visit, preview)


@pytest.mark.browser
def test_the_search_page_works_with_the_keyboard(browser: Browser, preview: ServedBuild) -> None:
    visit = open_page(browser, preview, "find/")
    page = visit.page
    page.focus(".pagefind-ui__search-input")
    page.keyboard.type(ONE_POST_WORD)
    ui_results(page, ONE_POST_WORD)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pagefind-ui__result-link')"):
            break
    else:
        pytest.fail("Tab never reached a result")
    page.keyboard.press("Enter")
    page.wait_for_url(preview.root + ONE_POST_URL)
    close(visit, preview)


@pytest.mark.browser
def test_search_works_under_a_project_sites_path(browser: Browser, project_site: ServedBuild) -> None:
    visit = open_page(browser, project_site, "")
    page = visit.page
    page.fill("header input[name=q]", ONE_POST_WORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{project_site.root}find/?q={ONE_POST_WORD}")
    assert ui_results(page, ONE_POST_WORD) == [project_site.root + ONE_POST_URL]
    # A word of a page in a later part of the index: its result links under /blog/ too.
    page.fill(".pagefind-ui__search-input", LATER_PART_WORD)
    assert ui_results(page, LATER_PART_WORD) == [project_site.root + LATER_PART_URL]
    assert pagefind_search(page, project_site, "design", {"kind": "Jobs"}) == ["/blog/" + OPEN_LISTING_URL]
    assert any(url.startswith(project_site.root + "pagefind/part-2/") for url in visit.requests)
    close(visit, project_site)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_the_search_page_is_accessible(
    browser: Browser, project_site: ServedBuild, axe: Axe, scheme: str, width: int
) -> None:
    visit = open_page(
        browser,
        project_site,
        "find/?q=interview",
        color_scheme=scheme,
        viewport={"width": width, "height": 900},
    )
    page = visit.page
    assert len(ui_results(page, "interview")) > 1
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the search page scrolls sideways by {overflow}px"
    if width == 375 and scheme == "light":
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        page.screenshot(path=str(artifacts / "find-375.png"), full_page=True)
    close(visit, project_site)


@pytest.mark.browser
def test_without_javascript_the_header_box_leads_to_the_search_page_which_offers_the_archive_and_labels(
    browser: Browser, preview: ServedBuild
) -> None:
    visit = open_page(browser, preview, ONE_POST_URL, java_script_enabled=False)
    page = visit.page
    page.get_by_role("searchbox", name="Search this site").fill("salary negotiation")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(preview.root + "find/?q=salary+negotiation")
    message = page.locator(".find-no-js").first
    assert message.is_visible()
    assert "Search needs JavaScript" in message.inner_text()
    page.get_by_role("link", name="the archive").click()
    page.wait_for_url(preview.root + "archive/")
    page.go_back()
    page.get_by_role("link", name="label").click()
    page.wait_for_url(preview.root + "labels/")
    close(visit, preview)


# --- the devserver --------------------------------------------------------------------


def test_the_devserver_indexes_after_each_full_build(
    tmp_path: Path, content_copy: Path, project: Path
) -> None:
    with devserver(project, content_copy, tmp_path) as server:
        assert (server.output / "pagefind" / "pagefind.js").is_file()
        assert not any(ONE_POST_WORD + "zzy" in record["content"] for record in fragments(server.output))
        source = content_copy / "reflections/a-week-with-two-interviews.md"
        time.sleep(0.5)
        source.write_text(
            source.read_text(encoding="utf-8") + f"\nA word added while previewing: {ONE_POST_WORD}zzy.\n",
            encoding="utf-8",
        )
        assert wait_for(lambda: server.builds() >= 2, 60), server.log()
        assert "now the rest and the search index" in server.log()
        assert any(ONE_POST_WORD + "zzy" in record["content"] for record in fragments(server.output))
        leftovers = [p.name for p in server.output.iterdir() if p.name.startswith(".pagefind")]
        assert leftovers == []
    shutil.rmtree(tmp_path / "output", ignore_errors=True)


# --- parts kept between builds ----------------------------------------------------------


def cbor(data: bytes, at: int = 0) -> tuple[object, int]:
    """The CBOR item at `at` and where the next one starts: the kinds Pagefind writes."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info >= 24:
        if info > 27:
            raise ValueError(f"CBOR item {head:#x}")
        size = 1 << (info - 24)
        info, at = int.from_bytes(data[at : at + size], "big"), at + size
    if major == 0:
        return info, at
    if major in (2, 3):
        raw = data[at : at + info]
        return (raw.decode() if major == 3 else raw.hex()), at + info
    if major in (4, 5):
        items = []
        for _ in range(info * (2 if major == 5 else 1)):
            item, at = cbor(data, at)
            items.append(item)
        return (items if major == 4 else [items[i : i + 2] for i in range(0, len(items), 2)]), at
    raise ValueError(f"CBOR item {head:#x}")


def pagefind_file(path: Path) -> object:
    data = gzip.decompress(path.read_bytes())
    value, end = cbor(data, len(b"pagefind_dcd"))
    assert end == len(data), path
    return value


def bundle_view(bundle: Path, with_parts: bool = True) -> dict[str, object]:
    """What a bundle holds, its files byte for byte, except the three that Pagefind writes
    differently from run to run for the same pages: each filter file's values come in
    hash-map order (so its name, a hash, changes, and the .pf_meta and entry files that
    name it), so those are compared by what they hold."""
    view: dict[str, object] = {}
    filter_names: dict[str, str] = {}
    for path in sorted(bundle.rglob("*")):
        name = path.relative_to(bundle).as_posix()
        folder = name.rpartition("/")[0] if "/" in name else ""
        if not path.is_file() or (not with_parts and name.startswith("part-")):
            continue
        if path.suffix == ".pf_filter":
            key, values = pagefind_file(path)  # type: ignore[misc]
            filter_names[path.stem] = key
            view[f"{folder}:filter {key}"] = sorted(json.dumps(value) for value in values)
        elif path.suffix == ".pf_meta":
            meta = pagefind_file(path)
            view[f"{folder}:meta"] = meta
        elif path.name == "pagefind-entry.json":
            entry = json.loads(path.read_text(encoding="utf-8"))
            view[f"{folder}:entry"] = {
                lang: {**index, "hash": "-"} for lang, index in entry["languages"].items()
            }
            view[f"{folder}:entry rest"] = {k: v for k, v in entry.items() if k != "languages"}
        else:
            view[name] = path.read_bytes()
    for name, meta in view.items():
        if name.endswith(":meta"):
            # [version, fragments, index chunks, [[filter, its file's hash]...], ...]:
            # the filters, too, in hash-map order
            assert isinstance(meta, list)
            meta[3] = sorted([key, filter_names[stem] == key] for key, stem in meta[3])
    return view


def counting_pagefind(folder: Path) -> tuple[dict[str, str], Path]:
    """A PAGEFIND_BINARY_PATH that runs Pagefind and notes each indexing run: a line of its
    bundle folder (--output-path) and the glob naming its pages, if it was given one."""
    from site_search.index import pagefind_program

    log = folder / "runs.log"
    wrapper = folder / "pagefind"
    wrapper.write_text(
        f'#!/bin/sh\ncase "$1" in --site) echo "$4 $7" >> "{log}";; esac\nexec "{pagefind_program()}" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return {"PAGEFIND_BINARY_PATH": str(wrapper)}, log


def runs(log: Path) -> int:
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def test_an_edit_indexes_only_its_part_again_and_kept_parts_equal_a_fresh_index(
    tmp_path: Path, content_copy: Path
) -> None:
    environment, log = counting_pagefind(tmp_path)
    cache = tmp_path / "cache"
    settings = {"SITE_SEARCH_PAGES_PER_PART": PAGES_PER_PART, "SITE_SEARCH_CACHE_PATH": str(cache)}

    def build(output: Path, **more: object) -> Build:
        done = run_pelican(output, "pelicanconf.py", content_copy, environment, {**settings, **more})
        assert done.returncode == 0, done.log
        assert not [p.name for p in output.iterdir() if p.name.startswith(".pagefind")], "no leftovers"
        return done

    output = tmp_path / "output"
    build(output)
    assert runs(log) == len(PARTS)
    before = {part: bundle_view(output / "pagefind" / part, with_parts=False) for part in PARTS}
    # The same pages again, into a fresh output folder (as make publish on CI): every part
    # is kept, none indexed, and the bundle is the one written before.
    build(tmp_path / "fresh-output")
    assert runs(log) == len(PARTS)
    assert bundle_view(tmp_path / "fresh-output" / "pagefind") == bundle_view(output / "pagefind")
    # One post's text edited, one word for another as long (the page's size is the
    # same): only its part (2) is indexed again, from that part's pages.
    source = content_copy / "reflections" / "after-the-harborline-final-round.md"
    text = source.read_text(encoding="utf-8")
    assert text.count(LATER_PART_WORD) == 1
    source.write_text(text.replace(LATER_PART_WORD, "blinked"), encoding="utf-8")
    build(output)
    assert runs(log) == len(PARTS) + 1
    # That run read part 2's pages (started early, while the build wrote the rest).
    last_run = log.read_text(encoding="utf-8").splitlines()[-1]
    assert f"{LATER_PART_URL}index.html" in last_run and ".early-" in last_run
    after = {part: bundle_view(output / "pagefind" / part, with_parts=False) for part in PARTS}
    assert (
        after[""] == before[""]
        and after["part-3"] == before["part-3"]
        and after["part-4"] == before["part-4"]
    )
    assert after["part-2"] != before["part-2"]
    assert any("blinked" in record["content"] for record in fragments(output, "part-2"))
    # What was kept is what indexing every part afresh writes.
    fresh = tmp_path / "uncached"
    build(fresh, SITE_SEARCH_CACHE_PATH="")
    assert runs(log) == 2 * len(PARTS) + 1
    assert bundle_view(fresh / "pagefind") == bundle_view(output / "pagefind")
    assert len(list(cache.iterdir())) == len(PARTS) + 1
    # A kept part no build has used for long is removed; the ones in use stay.
    for entry in cache.iterdir():
        os.utime(entry, (0, 0))
    build(output)
    assert len(list(cache.iterdir())) == len(PARTS)


def test_a_part_changed_before_a_build_is_indexed_as_it_starts_and_taken_only_if_the_build_left_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment, log = counting_pagefind(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", environment["PAGEFIND_BINARY_PATH"])
    monkeypatch.setattr(index, "AHEAD", AheadRuns())  # this process's last index: none
    site, cache = tmp_path / "site", tmp_path / "cache"
    files = small_site(site, 9)

    def fresh_index() -> dict[str, object]:
        fresh = tmp_path / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(site / "posts", fresh / "posts")
        with monkeypatch.context() as uncounted:
            uncounted.delenv("PAGEFIND_BINARY_PATH")
            write_index(fresh, files=files, per_part=4)
        return bundle_view(fresh / "pagefind")

    def words(part: str) -> str:
        return " ".join(record["content"] for record in fragments(site, part))

    assert index_ahead(site, cache, at_once=2) == 0, "no index written before in this process"
    write_index(site, files=files, per_part=4, cache=cache)
    assert runs(log) == 3
    assert index_ahead(site, cache, at_once=2) == 0, "nothing changed since"
    assert index_ahead(tmp_path / "other", cache, at_once=2) == 0, "another site"
    # A page of part 2 written before the build (the devserver's page written first):
    # indexed as the build starts, and taken at its end, with no run there.
    page = site / files[5]
    page.write_text(page.read_text(encoding="utf-8").replace("only5word", "ahead5word"), encoding="utf-8")
    assert index_ahead(site, cache, at_once=2) == 1
    assert wait_for(lambda: runs(log) == 4, 10)
    summary = write_index(site, files=files, per_part=4, cache=cache)
    assert runs(log) == 4 and summary.indexed == 1 and summary.pages == 9
    assert "ahead5word" in words("part-2")
    assert bundle_view(site / "pagefind") == fresh_index()
    # The same, but the build changes the page again: the run ahead is not taken (its
    # copy is not the page any more), and the part is indexed at the end, as always.
    page.write_text(page.read_text(encoding="utf-8").replace("ahead5word", "again5word"), encoding="utf-8")
    assert index_ahead(site, cache, at_once=2) == 1
    assert wait_for(lambda: runs(log) == 5, 10)
    page.write_text(page.read_text(encoding="utf-8").replace("again5word", "final5word"), encoding="utf-8")
    summary = write_index(site, files=files, per_part=4, cache=cache)
    assert runs(log) == 6 and summary.indexed == 1
    assert "final5word" in words("part-2") and "again5word" not in words("part-2")
    assert bundle_view(site / "pagefind") == fresh_index()
    assert not index.AHEAD.runs and not [p.name for p in cache.iterdir() if p.name.startswith(".")]
    # A build that fails before its index leaves its run ahead: the next build's start
    # stops it, and the process's exit would too (atexit).
    page.write_text(page.read_text(encoding="utf-8").replace("final5word", "stray5word"), encoding="utf-8")
    assert index_ahead(site, cache, at_once=2) == 1
    [stray] = index.AHEAD.runs.values()
    index.AHEAD.stop_all()
    assert stray.run.process.poll() is not None and not stray.folder.exists()


def test_the_devserver_indexes_the_edited_part_while_the_build_runs_and_equals_a_fresh_index(
    tmp_path: Path, content_copy: Path, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment, log = counting_pagefind(tmp_path)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    cache = tmp_path / "search-cache"
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write(
            f"\nSITE_SEARCH_PAGES_PER_PART = {PAGES_PER_PART}\nSITE_SEARCH_CACHE_PATH = {str(cache)!r}\n"
        )
    # A post of part 2 (as the sample is dated); the word is only there.
    source = content_copy / "advice" / "why-did-i-come-in-second-what-a-close-rejection-really-means.md"
    with devserver(project, content_copy, tmp_path) as server:
        assert runs(log) == len(PARTS)
        time.sleep(0.5)
        source.write_text(source.read_text(encoding="utf-8").replace("debriefs", "huddles"), encoding="utf-8")
        assert wait_for(lambda: server.builds() >= 2, 60), server.log()
        assert "edited page written" in server.log()
        # One run more, over a copy of part 2's pages taken as the build started (the
        # edited page was on disk already), and none at the build's end.
        assert runs(log) == len(PARTS) + 1, server.log()
        bundle, _, glob = log.read_text(encoding="utf-8").splitlines()[-1].partition(" ")
        assert Path(bundle).parent.name.startswith(".ahead-") and not glob.strip(), "a copy, not a glob"
        assert any("huddles" in record["content"] for record in fragments(server.output, "part-2"))
        assert not [p.name for p in cache.iterdir() if p.name.startswith(".")], "no copy left"
        # The same pages, indexed afresh, make the same index.
        fresh = run_pelican(
            tmp_path / "fresh",
            "pelicanconf.py",
            content_copy,
            extra_env={"SHORTLIST_DEV_URL": server.url().rstrip("/")},
            extra_settings={"SITE_SEARCH_PAGES_PER_PART": PAGES_PER_PART, "SITE_SEARCH_CACHE_PATH": ""},
        )
        assert fresh.returncode == 0, fresh.log
        assert bundle_view(fresh.output / "pagefind") == bundle_view(server.output / "pagefind")


PAGE = (
    b'<html lang="en"><head><meta name="robots" content="all"></head><body><main id="main">'
    b"<article data-pagefind-body><h1>Title</h1><p>Text</p>{inside}</article></main>"
    b'<aside class="sidebar" aria-label="Sidebar">{sidebar}</aside><footer>Built</footer></body></html>'
)


def page(sidebar: bytes = b"<h2>Popular posts</h2><ol><li>One</li></ol>", inside: bytes = b"") -> bytes:
    return PAGE.replace(b"{sidebar}", sidebar).replace(b"{inside}", inside)


def test_the_key_leaves_out_only_sidebars_pagefind_cannot_read() -> None:
    # The sidebars' text is not in the key: a new ranking or open role changes no part.
    assert searched_bytes(page()) == searched_bytes(page(b"<h2>Open roles</h2><p>Other text</p>"))
    assert b"Popular" not in searched_bytes(page()) and b"<footer>Built" in searched_bytes(page())
    # Pagefind reads these wherever they are (a filter, metadata, the automatic title or
    # image, a language): a sidebar holding one stays in the key.
    for read in (
        b'<span data-pagefind-filter="kind:x"></span>',
        b"<h1>A</h1>",
        b'<IMG src="a.png">',
        b'<meta data-pagefind-meta="x" content="y">',
        b"<aside>nested</aside>",
    ):
        assert searched_bytes(page(read)) == page(read), read
    # The post's own <aside> is indexed: its text is in the key.
    inside = page(inside=b"<aside>A note in the post</aside>")
    assert searched_bytes(inside) == searched_bytes(page()).replace(
        b"</p></article>", b"</p><aside>A note in the post</aside></article>"
    )
    # A page without the mark is indexed whole; a mark after </main> may be the aside's.
    assert searched_bytes(page().replace(b" data-pagefind-body", b"")) == page().replace(
        b" data-pagefind-body", b""
    )
    late = page().replace(b" data-pagefind-body", b"").replace(b"<footer>", b"<footer data-pagefind-body>")
    assert searched_bytes(late) == late


def test_a_pages_digest_is_worked_out_again_after_any_write(tmp_path: Path) -> None:
    from site_search import index

    path = tmp_path / "page.html"
    path.write_bytes(page())
    first = index.page_digest(str(path))
    assert index.page_digest(str(path)) == first
    # Rewritten in place to other bytes of the same length, its dates put back: the
    # change time still tells.
    status = path.stat()
    path.write_bytes(page().replace(b"Text", b"Tent"))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert index.page_digest(str(path)) != first
    assert index.page_digest(str(path)) == index.page_digest(str(path))
    # The sidebar is not read, so a new one leaves the digest as it was.
    changed = index.page_digest(str(path))
    path.write_bytes(page(b"<h2>Open roles</h2>").replace(b"Text", b"Tent"))
    assert index.page_digest(str(path)) == changed


def test_new_popular_posts_or_open_roles_index_nothing_again_and_equal_a_fresh_index(
    tmp_path: Path, content_copy: Path
) -> None:
    """The daily build: new analytics change every page's sidebar, and no search result."""
    environment, log = counting_pagefind(tmp_path)
    settings = {
        "SITE_SEARCH_PAGES_PER_PART": PAGES_PER_PART,
        "SITE_SEARCH_CACHE_PATH": str(tmp_path / "cache"),
    }

    def build(output: Path, **more: object) -> Build:
        done = run_pelican(output, "pelicanconf.py", content_copy, environment, {**settings, **more})
        assert done.returncode == 0, done.log
        return done

    before = build(tmp_path / "before")
    assert runs(log) == len(PARTS)
    # No analytics: the "Popular posts" sidebar goes from every page.
    shutil.rmtree(content_copy / "analytics")
    after = build(tmp_path / "after")
    assert "Popular posts" in (before.output / ONE_POST_URL / "index.html").read_text(encoding="utf-8")
    assert "Popular posts" not in (after.output / ONE_POST_URL / "index.html").read_text(encoding="utf-8")
    assert runs(log) == len(PARTS), "no part indexed again"
    # What was kept is what indexing the new pages afresh writes.
    fresh = build(tmp_path / "fresh", SITE_SEARCH_CACHE_PATH="")
    assert runs(log) == 2 * len(PARTS)
    assert bundle_view(fresh.output / "pagefind") == bundle_view(after.output / "pagefind")


def test_the_pages_workflow_keeps_the_index_parts_between_runs() -> None:
    """The daily build (a fresh output folder) takes unchanged parts from the cache."""
    import yaml
    from site_search.settings import DEFAULTS

    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    build = next(i for i, step in enumerate(steps) if step.get("run") == "make publish")
    cache = next(
        i for i, step in enumerate(steps) if step.get("name") == "Keep the search index's parts between runs"
    )
    assert cache < build and steps[cache]["uses"].startswith("actions/cache@")
    kept = steps[cache]["with"]
    assert kept["path"] == DEFAULTS["SITE_SEARCH_CACHE_PATH"]
    assert "github.run_id" in kept["key"] and kept["key"].startswith(kept["restore-keys"])


# --- a part's pages named by a glob; parts started while the build writes --------------


def test_a_glob_names_exactly_the_parts_pages_or_none_is_made() -> None:
    assert index.glob_of(["a/index.html", "b/c-d_e.1/index.html"]) == "{a/index.html,b/c-d_e.1/index.html}"
    assert index.glob_of(["only/index.html"]) == "{only/index.html}"
    assert index.glob_of([]) is None
    # A character that means something in a glob, or that a glob cannot hold safely.
    for name in [
        "a,b/index.html", "a b/index.html", "a{b}/index.html", "a*/index.html", "a?/index.html",
        "a[1]/index.html", "a<1:2>/index.html", "a(?i)/index.html", "a$/index.html", "a!/index.html",
        "caf\u00e9/index.html", "a\\b/index.html", "/root/index.html", "a//b/index.html",
        "a/../b/index.html", "./a/index.html", ".hidden/index.html", "a/", "",
    ]:  # fmt: skip
        assert index.glob_of(["fine/index.html", name]) is None, name
    many = [f"posts/a-long-enough-slug-for-the-limit-{number:05d}/index.html" for number in range(3000)]
    assert index.glob_of(many[:1000]) is not None
    assert index.glob_of(many) is None, "over the limit for one argument: linked into a folder instead"


def test_a_part_read_by_its_glob_is_the_part_read_from_a_folder_of_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same pages make the same bundle whether Pagefind reads them where they are (a
    glob) or from a folder of hard links to them; and a page whose name no glob can hold
    is indexed all the same (its part is linked into a folder)."""
    site = tmp_path / "site"
    files = small_site(site, 9)
    odd = site / "posts" / "odd, name {1}" / "index.html"
    odd.parent.mkdir(parents=True)
    odd.write_text(
        '<html lang="en"><head><title>Odd</title></head><body><main data-pagefind-body>'
        "<h1>Odd one</h1><p>common oddnameword</p></main></body></html>",
        encoding="utf-8",
    )
    files.append(odd.relative_to(site).as_posix())
    environment, log = counting_pagefind(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", environment["PAGEFIND_BINARY_PATH"])
    by_glob = write_index(site, files=files, per_part=4, at_once=2)
    globbed = bundle_view(site / "pagefind")
    ran = log.read_text(encoding="utf-8").splitlines()
    # Parts 1 and 2 by their globs, part 3 (the odd name) from a folder of links.
    assert [line.split(" ", 1)[1].startswith("{posts/p") for line in sorted(ran)] == [True, True, False]
    assert any("oddnameword" in record["content"] for record in fragments(site, "part-3"))
    shutil.rmtree(site / "pagefind")
    monkeypatch.setattr(index, "glob_of", lambda files: None)
    by_links = write_index(site, files=files, per_part=4, at_once=2)
    assert by_links == by_glob and by_glob.pages == 10
    assert bundle_view(site / "pagefind") == globbed
    assert sorted(p.name for p in site.iterdir()) == ["pagefind", "posts"], "no staging folder is left behind"


PAGE_WRITTEN_AGAIN_PLUGIN = """
import os
import re
from pelican import signals

def write_again(generator, writer):
    # The oldest post in the index (part 1, started early by now), written again after
    # the article generator's pages: a word added to its heading, or the same bytes.
    if not os.environ["WRITE_AGAIN"]:
        return
    for post in sorted(generator.articles, key=lambda post: post.date):
        path = os.path.join(generator.output_path, post.save_as)
        with open(path, encoding="utf-8") as page:
            text = page.read()
        if "data-pagefind-body" in text:
            break
    if os.environ["WRITE_AGAIN"] == "changed":
        text = text.replace("</h1>", " rewrittenword</h1>", 1)
    with open(path, "w", encoding="utf-8") as page:
        page.write(text)

def register():
    signals.article_writer_finalized.connect(write_again)
"""


@pytest.mark.parametrize("written_again", ["", "same", "changed"])
def test_parts_started_while_pages_are_written_make_the_index_a_build_makes_at_its_end(
    tmp_path: Path, written_again: str
) -> None:
    """The first parts (at most two) start as soon as the article generator has written
    their pages; the index is the one a build writes when every part is indexed at its
    end. A part whose page is written again after it started (changed, or with the very
    same bytes: Pagefind may have read it half-written) is indexed again at the end."""
    plugin = tmp_path / "plugins" / "page_written_again"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(PAGE_WRITTEN_AGAIN_PLUGIN, encoding="utf-8")
    settings = tmp_path / "settings.py"
    settings.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from publishconf import *  # noqa: F403\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}, {str(plugin.parent)!r}]\n"
        "PLUGINS = PLUGINS + ['page_written_again']  # noqa: F405\n",
        encoding="utf-8",
    )

    def build(name: str, **more: object) -> Build:
        done = run_pelican(
            tmp_path / name,
            settings,
            extra_env={"WRITE_AGAIN": written_again},
            extra_settings={
                "SITE_SEARCH_PAGES_PER_PART": PAGES_PER_PART,
                "SITE_SEARCH_CACHE_PATH": str(tmp_path / f"{name}-cache"),
                **more,
            },
        )
        assert done.returncode == 0, done.log
        assert not [p.name for p in (tmp_path / name).iterdir() if p.name.startswith(".pagefind")]
        return done

    early = build("early")
    at_the_end = build("at-the-end", SITE_SEARCH_START_EARLY=False)
    # Parts 1 and 2 start as their pages are written, part 3 (About) once the pages
    # generator is done if a run is free by then. A part whose page was written again
    # is not taken (the same bytes), or is started again with the page as it is now.
    started = {"": {2, 3}, "same": {1, 2}, "changed": {1, 2, 3}}[written_again]
    said = re.search(rf"{len(PARTS)} indexed \((\d) started while pages were written\)", early.log)
    assert said and int(said[1]) in started, early.log
    assert "started while pages were written" not in at_the_end.log
    assert bundle_view(early.output / "pagefind") == bundle_view(at_the_end.output / "pagefind")
    found = " ".join(record["content"] for record in fragments(early.output))
    assert ("rewrittenword" in found) == (written_again == "changed")
    assert not [p.name for p in (tmp_path / "early-cache").iterdir() if p.name.startswith(".")], (
        "no leftovers"
    )


def test_the_last_part_starts_once_the_pages_generator_has_written_its_pages(tmp_path: Path) -> None:
    """A part holding a page (About, written by Pelican's pages generator after the
    posts) is not one the writer can start: it starts at `page_writer_finalized`."""
    settings = {"SITE_SEARCH_PAGES_PER_PART": 100, "SITE_SEARCH_CACHE_PATH": str(tmp_path / "cache")}
    early = run_pelican(tmp_path / "early", "publishconf.py", extra_settings=settings)
    assert early.returncode == 0, early.log
    assert "1 part(s), 1 indexed (1 started while pages were written)" in early.log, early.log
    settings = {
        **settings,
        "SITE_SEARCH_CACHE_PATH": str(tmp_path / "other-cache"),
        "SITE_SEARCH_START_EARLY": False,
    }
    at_the_end = run_pelican(tmp_path / "at-the-end", "publishconf.py", extra_settings=settings)
    assert at_the_end.returncode == 0, at_the_end.log
    assert "1 part(s), 1 indexed and 0 unchanged" in at_the_end.log
    assert bundle_view(early.output / "pagefind") == bundle_view(at_the_end.output / "pagefind")
