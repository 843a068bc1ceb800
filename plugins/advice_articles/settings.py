"""advice_articles settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # h2 texts (any case) that start a FAQ section.
    "ADVICE_FAQ_HEADINGS": ["Frequently asked questions", "FAQ", "FAQs"],
    # Reading speed for "7 min read".
    "ADVICE_WORDS_PER_MINUTE": 230,
    # Articles with at least this many ## sections get a table of contents.
    "ADVICE_CONTENTS_MIN_SECTIONS": 3,
    # "Listen to this article" per kind (category name); `Listen: no` in a post turns it off.
    "LISTEN_BUTTON": {"Advice": True, "Reflections": True},
    # Related reading at the foot of an article.
    "RELATED_MAX": 3,
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
