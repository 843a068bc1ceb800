"""What the drafts index shows (pure, no Pelican; the posts only need .title, .url,
.date, .category and .source_path)."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def index_place(draft_url: str, draft_save_as: str) -> tuple[str, str] | None:
    """(url, save_as) of the drafts index: the folder every draft is written under.

    `drafts/{slug}/` -> ('drafts/', 'drafts/index.html'). None when drafts are not
    written (DRAFT_SAVE_AS empty, as in every publish build) or share no folder.
    """
    if not draft_save_as or not draft_url:
        return None
    fixed = draft_url.split("{", 1)[0]
    folder = fixed[: fixed.rfind("/") + 1]
    if not folder.strip("/"):
        return None
    return folder, f"{folder}index.html"


@dataclass(frozen=True)
class DraftEntry:
    """One draft as the index lists it."""

    title: str
    url: str
    kind: str
    """The post's kind (category), or "Page"."""
    source: str
    """Its file, relative to the content folder: where to change its Status."""
    day: datetime.date | None = None

    @property
    def day_iso(self) -> str:
        return self.day.isoformat() if self.day else ""

    @property
    def day_label(self) -> str:
        return f"{self.day:%B} {self.day.day}, {self.day.year}" if self.day else ""


def _day(item: Any) -> datetime.date | None:
    date = getattr(item, "date", None)
    if isinstance(date, datetime.datetime):
        return date.date()
    return date if isinstance(date, datetime.date) else None


def draft_entries(posts: Iterable[Any], pages: Iterable[Any], content_path: str) -> list[DraftEntry]:
    """Every written draft: posts newest first, then pages by title."""

    def source(item: Any) -> str:
        path = getattr(item, "source_path", "") or ""
        return os.path.relpath(path, content_path).replace(os.sep, "/") if path else ""

    written_posts = [p for p in posts if getattr(p, "save_as", "")]
    written_pages = [p for p in pages if getattr(p, "save_as", "")]
    by_date = sorted(
        written_posts,
        key=lambda p: (_day(p) or datetime.date.min, str(p.title)),
        reverse=True,
    )
    entries = [
        DraftEntry(p.title, p.url, str(getattr(p, "category", "")), source(p), _day(p)) for p in by_date
    ]
    entries += [
        DraftEntry(p.title, p.url, "Page", source(p))
        for p in sorted(written_pages, key=lambda p: str(p.title).lower())
    ]
    return entries
