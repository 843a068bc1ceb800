"""Comments from the old blog: read-only, under their post, never a post themselves.

`make import-blogger` writes each post's comments to
`content/<BLOGGER_IMPORT_PATH>/comments/<old path>.json` (the old path without its
`.html`: `/2013/03/why.html` → `comments/2013/03/why.json`), so they stay tied to
the post by its old address, whatever its file is renamed to. The build reads the
file of each `Aliases:` path a post has, cleans every comment's HTML again (the file
may have been edited by hand since) and gives the post `old_comments`, which the
theme lays out under the post. Comments are in no list, feed or sitemap.

    {"post": "/2013/03/why.html",
     "comments": [{"id": "712", "author": "Dana", "url": "https://dana.example",
                   "date": "2013-03-20T09:15:00.001-07:00", "html": "<p>Same here.</p>",
                   "reply_to": null}]}

Pure functions first (reading, cleaning); the Pelican glue is in __init__.py.
"""

from __future__ import annotations

import datetime
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup
from shortlist_core.problems import Problem

from .old_addresses import alias_save_as

# What a comment may keep: text formatting and links, nothing that runs or loads.
ALLOWED_TAGS = {"a", "b", "blockquote", "br", "code", "em", "i", "li", "ol", "p", "pre", "strong", "u", "ul"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Links left by readers: search engines are told not to vouch for them.
LINK_REL = "nofollow ugc"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_REMOVED = "[e-mail address removed]"
ANONYMOUS = "Anonymous"


def clean_comment_html(html: str) -> str:
    """A comment's HTML cut down to a safe subset, every e-mail address taken out.

    mailto: links lose their href (only http and https are kept) and addresses in
    the text are replaced, so no reader's address is published again.
    """
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )
    return EMAIL.sub(EMAIL_REMOVED, cleaned).strip()


def clean_author(name: str | None) -> str:
    """The name shown for a commenter; an e-mail address is never shown."""
    name = " ".join((name or "").split())
    if not name or EMAIL.search(name):
        return ANONYMOUS
    return name


def clean_url(url: str | None) -> str | None:
    """A commenter's website: http(s) only."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url.strip()


def comments_file(old_path: str) -> str | None:
    """Where the comments of the page once at `old_path` are kept, inside the import folder.

    `/2013/03/why.html` → `comments/2013/03/why.json`; `/p/about.html` →
    `comments/p/about.json`: the file its redirect page is written to, as JSON. None
    for a path that names no file (the site's root).
    """
    save_as = alias_save_as(old_path)
    if save_as is None:
        return None
    stem, extension = posixpath.splitext(save_as.removesuffix("/index.html"))
    return f"comments/{stem if extension.lower() in ('.html', '.htm') else stem + extension}.json"


@dataclass(frozen=True)
class OldComment:
    """One comment, ready for the theme: every field already clean."""

    id: str
    author: str
    url: str | None
    date: datetime.datetime | None
    html: Markup
    reply_to: str | None
    reply_to_author: str | None


def safe_id(value: Any) -> str:
    """An id fit for an HTML id attribute (`comment-<id>`)."""
    return re.sub(r"[^\w-]", "", str(value)) if value not in (None, "") else ""


def _date(text: Any) -> datetime.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def read_comments(path: Path, source: str) -> tuple[list[OldComment], list[Problem]]:
    """The comments in one file, oldest first, and a problem for anything unreadable.

    A comment with no text is left out; a bad file is one problem naming it, and the
    post is shown without comments (nothing else is lost).
    """
    expected = 'a JSON object {"post": "/old/path.html", "comments": [{"author", "date", "html"}, ...]}'
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return [], [Problem(source, "", f"cannot be read ({error})", expected)]
    if not isinstance(data, dict) or not isinstance(data.get("comments"), list):
        return [], [Problem(source, "comments", "missing or not a list", expected)]
    problems: list[Problem] = []
    comments: list[OldComment] = []
    authors: dict[str, str] = {}
    for number, item in enumerate(data["comments"], start=1):
        if not isinstance(item, dict):
            problems.append(Problem(source, f"comment {number}", "is not an object", expected))
            continue
        html = clean_comment_html(str(item.get("html") or ""))
        if not html:
            continue
        date = _date(item.get("date"))
        if item.get("date") and date is None:
            problems.append(
                Problem(source, f"comment {number}", f"date {item.get('date')!r} is not a date", "ISO 8601")
            )
        identifier = safe_id(item.get("id")) or str(number)
        author = clean_author(item.get("author"))
        authors[identifier] = author
        reply_to = safe_id(item.get("reply_to")) or None
        comments.append(
            OldComment(
                id=identifier,
                author=author,
                url=clean_url(item.get("url")),
                date=date,
                html=Markup(html),
                reply_to=reply_to,
                reply_to_author=authors.get(reply_to) if reply_to else None,
            )
        )
    return comments, problems
