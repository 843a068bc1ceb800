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
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
