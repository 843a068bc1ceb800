"""shortlist_markdown settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # Markdown without the searches that cannot find anything (inline patterns, block
    # tests): the same pages, byte for byte. False: Markdown's own, as plain Pelican runs it.
    "SHORTLIST_QUICK_MARKDOWN": True,
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
