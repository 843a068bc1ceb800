"""shortlist_typogrify: Pelican's Typogrify step, the same output in a fifth of the time.

With TYPOGRIFY on, Pelican runs Typogrify over every post's HTML as it reads it; at
1,000 posts that took more time than Markdown. quick.py has faster versions of
Typogrify's slowest filters (smartypants, widont, caps, amp, initial_quotes) that
give the library's answer byte for byte; this module puts them in place when Pelican
starts a build (`initialized`), for the Typogrify and SmartyPants versions they were
checked against, and takes them away again when SHORTLIST_QUICK_TYPOGRIFY is False.
Workers that read posts (shortlist_parallel) are forked later and use them too.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals
from shortlist_core.quick_paths import put_in_place

from . import quick
from .settings import apply_defaults

logger = logging.getLogger(__name__)


def set_up(pelican: Any) -> None:
    settings = pelican.settings
    apply_defaults(settings)
    put_in_place(
        bool(settings.get("TYPOGRIFY") and settings["SHORTLIST_QUICK_TYPOGRIFY"]),
        quick.install,
        quick.uninstall,
        quick.TESTED_VERSIONS,
        quick.installed_versions,
        "Typogrify",
        logger,
    )


def register() -> None:
    signals.initialized.connect(set_up)
