"""shortlist_typogrify settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # Typogrify (TYPOGRIFY = True) with the work that changes nothing left out: the
    # same pages, byte for byte, in about a fifth of the time. False: the library's
    # own functions, as plain Pelican runs them.
    "SHORTLIST_QUICK_TYPOGRIFY": True,
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
