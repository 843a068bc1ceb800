"""search_log settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # The log, relative to the content folder. It is read, never published.
    "SEARCH_LOG_PATH": "search-log.csv",
    # Company names stay off the published site unless this is True.
    "SEARCH_LOG_SHOW_COMPANIES": False,
    # The "My search" page, and its label in the header navigation.
    "SEARCH_LOG_TITLE": "My search",
    "SEARCH_LOG_URL": "search/",
    "SEARCH_LOG_SAVE_AS": "search/index.html",
    # The header link to the page follows this link of SHORTLIST_NAV (or comes last);
    # list the page in SHORTLIST_NAV yourself to put it anywhere else.
    "SEARCH_LOG_NAV_AFTER": "archive/",
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
