"""shortlist_markdown: Markdown, the same output with less searching.

Python-Markdown tries every inline pattern's regular expression over every piece of
text it converts, and asks block processors whether each block is theirs with a search
of it; quick.py leaves out the searches for what the text does not hold (no backtick,
no code span; no ">", no block quote), which change nothing. This module puts
it in place when Pelican starts a build (`initialized`), for the Markdown version it
was checked against, and takes it away again when SHORTLIST_QUICK_MARKDOWN is False.
Workers that read posts (shortlist_parallel) are forked later and use it too.
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
    if not settings["SHORTLIST_QUICK_MARKDOWN"]:
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
                "Markdown's inline step runs as it is (slower): the quick one was checked with %s, not %s.",
                expected,
                message,
            )


def register() -> None:
    signals.initialized.connect(set_up)
