"""shortlist_warm_cache settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # Where the build keeps each post and page as Pelican read it, so the next build
    # reads only the files changed since (relative to the folder the build runs in).
    # `make html` and `make publish` set it (.shortlist-cache/html, .shortlist-cache/
    # publish) through the environment, which pelicanconf.py reads; "" keeps nothing:
    # every build reads every file.
    "SHORTLIST_CACHE_PATH": "",
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
