"""site_search: search the whole site offline, with Pagefind.

- Each published post, listing and page marks what is searchable (its title, a
  listing's facts, its text) with `data-pagefind-body`, only while the page is
  meant for search engines (in the core's `indexable_pages`): drafts, hidden posts and
  closed or filled listings are not marked, and pages that are not content (lists,
  archives, label pages, the jobs board, My search) have no mark at all. Each also
  carries its filters and result metadata (fields.py, as `post.search_fields`).
- Once every page is on disk (Pelican's `finalized` signal), Pagefind indexes the
  marked pages into <output>/pagefind/ (index.py): `make html`, `make publish` and
  the devserver's full builds alike. A large site's pages are indexed in parts of at
  most SITE_SEARCH_PAGES_PER_PART (oldest first, so new posts change only the last
  part), one Pagefind run each, so Pagefind's memory is one part's; a part whose pages
  are unchanged is taken from SITE_SEARCH_CACHE_PATH instead of indexed again. In the
  devserver, a part whose page was written first after an edit is indexed as the next
  build starts, while it runs. With SITE_SEARCH_START_EARLY, the first two parts start
  as soon as the article generator has written their pages (the writer writes them
  first: shortlist_core's `pages_wanted_early`) and the others once the pages
  generator is done, while a run is free; each is taken at the end only if none of its
  pages was written since it started.
- The search page (SITE_SEARCH_URL, /find/) runs Pagefind's UI, shipped in that
  folder, so nothing comes from another host, and merges the other parts (the
  template lists them in `data-merge-bundles`); the header's search box is a plain
  GET form to it (`?q=`), and without JavaScript the page says search needs it and
  links to the archive and the labels. It is in the sitemap.

The templates read `site_search` (the search page's address) from the context; with
the plugin left out of PLUGINS they show no search box. Needs shortlist_core.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
import math
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from pelican.log import console
from shortlist_core.content_lists import ARTICLE_LISTS, PAGE_LISTS
from shortlist_core.cpus import usable_cpus
from shortlist_core.problems import NOTICE_LOGGER_NAME, REPORT_LOGGER_NAME
from shortlist_core.site_parts import (
    PagesWanted,
    SitemapEntry,
    register_own_pages,
    register_pages_wanted_early,
    register_site_data,
    register_sitemap_entries,
)
from shortlist_core.sitemap import newest

from .fields import ListingFacts, SearchFields, search_fields
from .index import (
    BUNDLE_FOLDER,
    IndexNotWritten,
    Part,
    index_ahead,
    split_parts,
    start_early,
    write_index,
)
from .settings import apply_defaults

notice = logging.getLogger(NOTICE_LOGGER_NAME + ".site_search")
report_logger = logging.getLogger(REPORT_LOGGER_NAME + ".site_search")


@dataclass(frozen=True)
class SearchPage:
    """The search page, as the templates link to it (`site_search` in the context)."""

    url: str
    save_as: str
    bundle: str = BUNDLE_FOLDER
    """The folder of Pagefind's files, relative to the site."""


class BuildState:
    """The build's context, kept for the `finalized` signal, which only gets the Pelican object."""

    context: dict[str, Any] | None = None


BUILD = BuildState()


def set_up(pelican: Any) -> None:
    apply_defaults(pelican.settings)


def search_page(context: dict[str, Any]) -> SearchPage | None:
    """The search page, or None with site search off (registered with shortlist_core)."""
    if not context.get("SITE_SEARCH_SAVE_AS"):
        return None
    return SearchPage(context["SITE_SEARCH_URL"], context["SITE_SEARCH_SAVE_AS"])


def search_page_entry(context: dict[str, Any]) -> list[SitemapEntry]:
    """The search page is for search engines (it is a way into the site); dated by the newest post."""
    page = search_page(context)
    if page is None:
        return []
    return [SitemapEntry(page.save_as, page.url, newest(context.get("articles", [])))]


def own_page(settings: dict[str, Any]) -> list[str]:
    """The search page's file: a post or page given its address is left out, with a problem."""
    page = search_page(settings)
    return [page.save_as] if page else []


def listing_facts(post: Any) -> ListingFacts | None:
    """A listing's facts from `post.job` (the job_openings plugin's view), if it has one."""
    job = getattr(post, "job", None)
    listing = getattr(job, "listing", None)
    if job is None or listing is None:
        return None
    return ListingFacts(str(listing.company), str(job.where), str(job.employment))


def fields_of(post: Any, is_page: bool) -> SearchFields:
    date = getattr(post, "date", None)
    day = date.date() if isinstance(date, datetime.datetime) else None
    if is_page:
        return search_fields(None, (), None, None)
    category = getattr(post, "category", None)
    labels = [str(tag) for tag in getattr(post, "tags", None) or []]
    return search_fields(str(category) if category else None, labels, day, listing_facts(post))


def attach_fields(generators: list[Any]) -> None:
    """After reading (and after listings got `post.job`): every post's and page's fields."""
    BUILD.context = generators[0].context
    for generator in generators:
        if isinstance(generator, ArticlesGenerator | PagesGenerator):
            is_page = isinstance(generator, PagesGenerator)
            for name in PAGE_LISTS if is_page else ARTICLE_LISTS:
                for item in getattr(generator, name, None) or []:
                    item.search_fields = fields_of(item, is_page)


def content_order(item: Any) -> tuple[float, str]:
    """Oldest first, undated pages (About) last, then by file: the order parts are cut
    from, so a new post or an edit changes as few parts as it can."""
    date = getattr(item, "date", None)
    when = date.timestamp() if isinstance(date, datetime.datetime) else math.inf
    return when, item.save_as


def searchable_groups(context: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The output files that carry the `data-pagefind-body` mark: published posts and
    listings, then pages, that are meant for search engines (the same test as the robots
    meta tag), each in `content_order`."""
    indexable = context.get("indexable_pages", frozenset())
    groups: list[list[str]] = []
    taken: set[str] = set()
    for name in ("articles", "pages"):
        items = {
            item.save_as: item
            for post in context.get(name, []) or []
            for item in (post, *getattr(post, "translations", []))
            if item.save_as and item.save_as in indexable and item.save_as not in taken
        }
        taken.update(items)
        groups.append([item.save_as for item in sorted(items.values(), key=content_order)])
    return groups[0], groups[1]


def search_parts(context: dict[str, Any]) -> list[Part]:
    """The parts the index is written in: the first is the main bundle. The pages (About
    and the like) are in a part of their own when there are several (`split_parts`)."""
    posts, pages = searchable_groups(context)
    return split_parts(posts + pages, context["SITE_SEARCH_PAGES_PER_PART"], apart=len(pages))


class SearchPageGenerator(Generator):
    """Writes the search page."""

    def generate_output(self, writer: Any) -> None:
        page = search_page(self.settings)
        if page is None:
            return
        writer.write_file(
            page.save_as,
            self.get_template("find"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=page.url,
            page_name=page.url.rstrip("/"),
            # The bundles merged into the main one, as the index is written at the end
            # of this build (from the same pages, in the same parts).
            merged_bundles=[part.folder + "/" for part in search_parts(self.context)[1:]],
        )


def add_generator(pelican: Any) -> type[Generator]:
    return SearchPageGenerator


def index_changed_parts_ahead(generator: Any) -> None:
    """At a build's start (its article generator is made first): in a process that
    indexed this site before (the devserver), index at once the parts whose pages
    changed on disk since (the edited page, written first) while the build runs;
    its index then takes those bundles, if the build left the parts as they are
    (index.py, `index_ahead`, says how)."""
    settings = generator.settings
    cache = settings.get("SITE_SEARCH_CACHE_PATH")
    if not cache or not settings.get("SITE_SEARCH_INDEX") or search_page(settings) is None:
        return
    # Pagefind missing or failing: the build's own index says so, at its end.
    with contextlib.suppress(IndexNotWritten):
        index_ahead(Path(settings["OUTPUT_PATH"]), Path(cache), at_once=runs_at_once())


# Pagefind keeps about 1.5 CPUs busy, so two runs fill a 2-CPU machine; more would add
# a part's memory each for little more speed.
def runs_at_once() -> int:
    return min(2, usable_cpus())


def early_start(context: dict[str, Any]) -> Callable[[Part], None] | None:
    """What starts a part early in this build (`start_early`), or None when parts are
    indexed at the end only (SITE_SEARCH_START_EARLY off, no index, no cache folder)."""
    cache = context.get("SITE_SEARCH_CACHE_PATH")
    if (
        not context.get("SITE_SEARCH_START_EARLY")
        or not context.get("SITE_SEARCH_INDEX")
        or not cache
        or search_page(context) is None
    ):
        return None
    output = Path(context["OUTPUT_PATH"])

    def start(part: Part) -> None:
        # Pagefind missing or failing, or no room: the index at the end says so, or
        # indexes the part then.
        with contextlib.suppress(IndexNotWritten, OSError):
            start_early(output, part, Path(cache), at_once=runs_at_once())

    return start


def parts_wanted_early(context: dict[str, Any]) -> list[PagesWanted]:
    """The first parts of the index, for the writer to write first: each is started
    as soon as its pages are on disk, while the build goes on, and taken at the end if
    its pages are still as they were (registered with shortlist_core)."""
    start = early_start(context)
    if start is None:
        return []
    return [
        PagesWanted(part.files, functools.partial(start, part))
        for part in search_parts(context)[: runs_at_once()]
    ]


def start_the_other_parts(generator: Any, writer: Any = None) -> None:
    """Once the pages generator has written its pages (`page_writer_finalized`), every
    page the index reads is on disk (the last part holds About and the like): each part
    not started yet starts now, while a run is free, instead of at the build's end."""
    start = early_start(generator.context)
    if start is not None:
        for part in search_parts(generator.context):
            start(part)


def index_site(pelican: Any) -> None:
    """Once every page is on disk: index them into <output>/pagefind/."""
    settings = pelican.settings
    page = search_page(settings)
    if page is None or not settings["SITE_SEARCH_INDEX"]:
        return
    output = Path(settings["OUTPUT_PATH"])
    context = BUILD.context or {}
    posts, pages = searchable_groups({**settings, **context})
    files = posts + pages
    if not files:
        # Pagefind would index every page whole (sidebars and all) when none is
        # marked: a site with nothing published yet has no index, and its search
        # page says search is not available.
        shutil.rmtree(output / page.bundle, ignore_errors=True)
        notice.warning("No search index: nothing is published yet.")
        return
    cache = settings["SITE_SEARCH_CACHE_PATH"]
    try:
        summary = write_index(
            output,
            page.bundle,
            files,
            settings["SITE_SEARCH_PAGES_PER_PART"],
            Path(cache) if cache else None,
            at_once=runs_at_once(),
            apart=len(pages),
        )
    except IndexNotWritten as error:
        message = f"The search index was not written: {error}."
        if settings.get("SHORTLIST_STRICT"):
            # The problems report may already have been printed (finalized's handlers
            # run in no set order), so a strict build stops here, saying why.
            report_logger.error("%s\nThe build failed: fix this and build again.", message)
            raise SystemExit(1) from error
        notice.warning("%s The search page finds nothing until a build writes it.", message)
        return
    if summary.messages:
        notice.warning("Pagefind, indexing the site for search, said:\n%s", summary.messages)
    # Printed by make publish, as the content cache's line is: whether the kept parts were
    # used is what a slow daily build's log needs to say (the devserver's builds log it).
    say = console.print if settings.get("SHORTLIST_STRICT") else notice.info
    early = f" ({summary.early} started while pages were written)" if summary.early else ""
    say(
        f"Search index: {summary.pages} pages in {summary.parts} part(s), {summary.indexed} indexed{early} "
        f"and {summary.parts - summary.indexed} unchanged; {page.bundle}/ is "
        f"{summary.bytes_on_disk / 1024:.0f} KB."
    )


def register() -> None:
    signals.initialized.connect(set_up)
    register_site_data("site_search", search_page)
    register_sitemap_entries(search_page_entry)
    register_own_pages(own_page)
    signals.all_generators_finalized.connect(attach_fields)
    signals.get_generators.connect(add_generator)
    signals.article_generator_init.connect(index_changed_parts_ahead)
    register_pages_wanted_early(parts_wanted_early)
    signals.page_writer_finalized.connect(start_the_other_parts)
    signals.finalized.connect(index_site)
