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
from shortlist_core.quick_paths import put_in_place

from . import quick
from .settings import apply_defaults

logger = logging.getLogger(__name__)


def set_up(pelican: Any) -> None:
    settings = pelican.settings
    apply_defaults(settings)
    put_in_place(
        bool(settings["SHORTLIST_QUICK_MARKDOWN"]),
        quick.install,
        quick.uninstall,
        quick.TESTED_VERSIONS,
        quick.installed_versions,
        "Markdown",
        logger,
    )


def register() -> None:
    signals.initialized.connect(set_up)
