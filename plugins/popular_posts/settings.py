"""popular_posts settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # Folder, inside the content folder, holding analytics exports (never published).
    "POPULAR_POSTS_PATH": "analytics",
    # "7d", "30d" or "all", counted back from the newest date in the data.
    "POPULAR_POSTS_WINDOW": "30d",
    # Posts in the sidebar.
    "POPULAR_POSTS_MAX": 5,
    # Words of each post's summary shown under its title.
    "POPULAR_POSTS_SNIPPET_WORDS": 20,
    # Open job listings may rank too (closed ones never do).
    "POPULAR_POSTS_INCLUDE_JOBS": False,
    # The path the published site lives under (e.g. "/shortlist" for a GitHub
    # project site); None takes it from SITEURL. Stripped from analytics paths.
    "POPULAR_POSTS_SITE_PATH": None,
    # How many of the unmatched paths the build mentions.
    "POPULAR_POSTS_UNMATCHED_SHOWN": 5,
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
