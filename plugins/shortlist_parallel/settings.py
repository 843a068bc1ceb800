"""shortlist_parallel settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # Processes that render pages: 0 for one per CPU this process may use (its
    # affinity and cgroup quota), 1 for Pelican's own one-at-a-time writer.
    "SHORTLIST_WRITE_WORKERS": 0,
    # Below this many pages, starting workers costs more than it saves.
    "SHORTLIST_PARALLEL_MIN_PAGES": 100,
    # Processes that read posts and pages (Markdown, the kit's checks, Typogrify): 0
    # for one per CPU this process may use, 1 to read them one by one here.
    "SHORTLIST_READ_WORKERS": 0,
    # Below this many files to read, starting workers costs more than it saves.
    "SHORTLIST_PARALLEL_MIN_FILES": 40,
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
