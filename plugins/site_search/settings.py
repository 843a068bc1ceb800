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
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
