"""share_cards settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # Where the cards are written in the output, one per post at the post's address:
    # images/share/reflections/week-one.png for reflections/week-one/.
    "SHARE_CARDS_PATH": "images/share",
    # Cards already drawn, kept between builds (relative to the folder the build runs
    # in, as `make` does from the project); an unchanged post is never drawn again.
    "SHARE_CARDS_CACHE_PATH": ".shortlist-cache/share-cards",
    # The fonts, relative to the theme folder (bundled: DejaVu Sans, theme/fonts/).
    "SHARE_CARDS_FONTS": {"title": "fonts/DejaVuSans-Bold.ttf", "text": "fonts/DejaVuSans.ttf"},
    # The colours are the theme's light ones (--bg, --text, --muted, --accent and
    # --border in the stylesheet below, relative to the theme folder); name any to change it.
    "SHARE_CARDS_STYLESHEET": "static/css/shortlist.css",
    "SHARE_CARDS_COLORS": {},
    # The kind above the title, by category; a category not listed shows its own name.
    "SHARE_CARDS_KIND_LABELS": {"Reflections": "Reflection", "Advice": "Advice", "Jobs": "Job opening"},
    # Processes drawing cards that are not in the cache (0: one per CPU; 1: this one).
    "SHARE_CARDS_WORKERS": 0,
    # og:locale, e.g. "en_US"; "" works it out from LOCALE, else DEFAULT_LANG.
    "SHARE_LOCALE": "",
    # The share links under each post and listing, in order (any of these).
    "SHARE_LINKS": ["linkedin", "bluesky", "mastodon", "email", "copy"],
    # The page that asks a reader for their Mastodon server, then shares there.
    "SHARE_MASTODON_URL": "share/mastodon/",
    "SHARE_MASTODON_SAVE_AS": "share/mastodon/index.html",
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
