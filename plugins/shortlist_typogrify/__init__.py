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

from . import quick
from .settings import apply_defaults

logger = logging.getLogger(__name__)
_SAID: set[str] = set()


def set_up(pelican: Any) -> None:
    settings = pelican.settings
    apply_defaults(settings)
    if not (settings.get("TYPOGRIFY") and settings["SHORTLIST_QUICK_TYPOGRIFY"]):
        quick.uninstall()
        return
    if not quick.install():
        quick.uninstall()
        found = quick.installed_versions()
        message = ", ".join(f"{name} {found[name]}" for name in quick.TESTED_VERSIONS)
        if message not in _SAID:  # once a process (the devserver builds again and again)
            _SAID.add(message)
            expected = ", ".join(f"{name} {version}" for name, version in quick.TESTED_VERSIONS.items())
            logger.info(
                "Typogrify runs as it is (slower): the quick version was checked with %s, not %s.",
                expected,
                message,
            )


def register() -> None:
    signals.initialized.connect(set_up)
