"""What a Blogger export holds, as plain data: both export formats are read into this.

The readers (export_formats.py) know the XML; the importer (importer.py) knows the
site's files; this module is the seam between them and imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EntryKind = Literal["post", "page"]
EntryStatus = Literal["live", "draft", "scheduled"]
ExportFormat = Literal["blogger-backup", "google-takeout"]


@dataclass
class Comment:
    """A reader's comment, as exported. Deleted, trashed and spam comments never get here."""

    id: str
    post_id: str
    """The `Entry.id` of the post or page it was left on."""
    author: str
    """The name shown on Blogger; "Anonymous" when the export has none. Never an e-mail."""
    author_url: str | None
    """The commenter's profile or website, when the export has one (never mailto:)."""
    published: str
    """ISO 8601 as in the export, its offset kept (e.g. 2013-03-20T09:15:00.001-07:00)."""
    html: str
    """The comment's body as exported: HTML, not yet sanitised."""
    in_reply_to: str | None = None
    """The `Comment.id` it answers, when the export says so."""


@dataclass
class Entry:
    """A post or a page. Trashed ones and settings/template entries never get here."""

    id: str
    """The export's own id, e.g. tag:blogger.com,1999:blog-123.post-456: stable across exports."""
    kind: EntryKind
    status: EntryStatus
    title: str
    """"" when the post has no title (Blogger allows it)."""
    html: str
    published: str
    """ISO 8601 as in the export, its offset kept."""
    updated: str | None
    author: str | None
    labels: list[str] = field(default_factory=list)
    """All of them, in the export's order, case and spelling kept, each once."""
    old_path: str | None = None
    """The path it had on Blogger, e.g. /2013/03/why-did-i-come-in-2.html or /p/about.html;
    None when it never had one (a draft)."""
    old_url: str | None = None
    """The full address it had, when the export gives one."""
    comments: list[Comment] = field(default_factory=list)
    """Oldest first."""
    description: str | None = None
    """The post's search description on Blogger (Takeout's blogger:metaDescription), if set."""


@dataclass(frozen=True)
class Skipped:
    """An entry left out of the import, and why (counted and listed in the report)."""

    id: str
    what: str
    """e.g. "comment", "settings", "template", "post", "page"."""
    reason: str
    """e.g. "in the trash", "a blog setting", "its post is not in the export"."""


@dataclass
class BlogExport:
    format: ExportFormat
    title: str
    blog_url: str | None
    """The blog's address, e.g. https://name.blogspot.com/, when the export gives it."""
    entries: list[Entry] = field(default_factory=list)
    """Posts and pages, in the export's order, each with its comments."""
    skipped: list[Skipped] = field(default_factory=list)


class ExportFormatError(Exception):
    """The file is not a Blogger export this importer can read: nothing is written.

    The message names the file and says what was expected."""
