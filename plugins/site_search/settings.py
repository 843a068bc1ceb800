"""site_search settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # The search page (Pagefind's search box, filters and results). /search/ is
    # "My search" (the job-search log), so site search has an address of its own.
    # An empty SITE_SEARCH_SAVE_AS turns site search off: no page, no header box, no index.
    "SITE_SEARCH_URL": "find/",
    "SITE_SEARCH_SAVE_AS": "find/index.html",
    # Write the Pagefind index into <output>/pagefind/ at the end of every build.
    # False skips it (a quicker build while writing): the search page then finds
    # whatever the last index written there held, or nothing.
    "SITE_SEARCH_INDEX": True,
    # The most pages Pagefind indexes in one run. It holds about 270 bytes per word of
    # the pages it indexes until it writes them out, so a large site is indexed in
    # parts of this many pages, one after another, and the search page merges them.
    # 600 of the bench's posts (600 words) peak at about 90 MB (100: 25 MB, 300: 55 MB,
    # 500: 86 MB; the whole 1,000-post site at once: 138 MB, 5,000: 675 MB). Smaller parts
    # cost readers more: each part has a word index of its own, and every search fetches
    # a slice of each (5,000 posts, 16 parts of 300: 831 KB a search, against 57 KB for
    # one index), and the build more time (each run writes a whole index). 600 keeps a
    # site of up to 600 pages in one index, and a 1,000-post one in two, under twice plain
    # Pelican's memory. 0: one run over every page, whatever the site's size.
    "SITE_SEARCH_PAGES_PER_PART": 600,
    # Each part's index is kept here (named by a hash of its pages and Pagefind's
    # version) and reused while its pages are byte for byte the same, so an edit or a
    # new post re-indexes one part, even into a fresh output folder. "" keeps nothing.
    "SITE_SEARCH_CACHE_PATH": ".shortlist-cache/search",
    # Start Pagefind on the first parts as soon as their pages are written (the writer
    # renders them first, when shortlist_parallel writes the posts), while the build
    # writes the rest, instead of at its end; the index is the same either way (a part
    # whose pages change after it started is indexed again at the end). Needs the cache
    # folder above; False indexes every part at the end.
    "SITE_SEARCH_START_EARLY": True,
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
