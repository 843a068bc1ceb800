"""blogger_import settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # Where `make import-blogger` keeps what is not a post, inside the content folder
    # and never published: import.json (the old blog's address and labels, and what
    # was written, so a second run changes nothing) and comments/ (each post's
    # archived comments, by its old path).
    "BLOGGER_IMPORT_PATH": "blogger",
    # Posts with one of these labels go to that kind instead of KIND=, e.g.
    # {"Hiring": "job", "Advice": "advice"}; the first label that matches, in this order.
    "BLOGGER_LABEL_KINDS": {},
    # The old blog's feed addresses, and the format each is written in: existing
    # subscribers keep receiving every new post.
    "BLOGGER_OLD_FEEDS": {
        "feeds/posts/default": "atom",
        "feeds/posts/summary": "atom",
        "atom.xml": "atom",
        "rss.xml": "rss",
    },
    # The heading over a post's comments from the old blog.
    "BLOGGER_COMMENTS_HEADING": "Comments from the old blog",
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
