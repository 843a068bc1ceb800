"""Read a Blogger export, in either of its two formats, into `model.BlogExport` (pure, no Pelican).

Blogger has written two kinds of export; a file is recognised by what it holds, never by its name:

- the classic "Back up content" file (`blog-MM-DD-YYYY.xml`): an Atom feed whose entries are
  typed by `<category scheme="http://schemas.google.com/g/2005#kind"
  term="http://schemas.google.com/blogger/2008/kind#post|page|comment|settings|template">`;
  drafts carry `<app:control><app:draft>yes</app:draft></app:control>`, a comment names its
  post in `thr:in-reply-to/@ref` and the comment it answers in a `link rel="related"`, the old
  address is `link rel="alternate"`, labels are categories with the scheme
  `http://www.blogger.com/atom/ns#`;
- Google Takeout's `feed.atom` (namespace `http://schemas.google.com/blogger/2018`):
  `blogger:type` POST/PAGE/COMMENT, `blogger:status` LIVE/DRAFT/SCHEDULED/SOFT_TRASHED (and, for
  comments, SPAM…/GHOSTED…), `blogger:filename` the exact old path, `blogger:parent` the post a
  comment is on, `blogger:inReplyTo` the comment it answers, `blogger:trashed` a date when trashed.

What each of those facts rests on (real exports, importers run on real exports) is written down
in tests/blogger_samples/SOURCES.md, next to the invented sample of each format.

The file is streamed (ElementTree's iterparse; each entry is dropped once read), so a 200 MB
export never becomes one tree. Anything that is not a Blogger export (an HTML page, an RSS feed,
a WordPress export, an empty, truncated, compressed or binary file) raises ExportFormatError with
a message naming the file and saying what was expected. The result depends on the file alone.
"""

from __future__ import annotations

import codecs
import html
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from .model import (
    BlogExport,
    Comment,
    Entry,
    EntryKind,
    EntryStatus,
    ExportFormat,
    ExportFormatError,
    Skipped,
)

ATOM = "{http://www.w3.org/2005/Atom}"
APP = "{http://purl.org/atom/app#}"
THR = "{http://purl.org/syndication/thread/1.0}"
GD = "{http://schemas.google.com/g/2005}"
TAKEOUT_NAMESPACE = "http://schemas.google.com/blogger/2018"
TAKEOUT = "{" + TAKEOUT_NAMESPACE + "}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
WORDPRESS_NAMESPACE_PREFIX = "http://wordpress.org/export/"
BLOGGER_ID_PREFIX = "tag:blogger.com,1999:blog-"
# Blogger's names for the entries that become posts and pages (lower-cased; Takeout writes them
# in capitals).
ENTRY_KINDS: dict[str, EntryKind] = {"post": "post", "page": "page"}

EXPECTED = (
    "Expected a Blogger export: the .xml file from Blogger's Settings > Back up content, or "
    "feed.atom from a Google Takeout of Blogger (Takeout/Blogger/Blogs/<blog name>/feed.atom)."
)

# Enough of the file to recognise it and to see the root element's namespace declarations.
HEAD_BYTES = 64 * 1024

# Prefixes a trimmed or hand-edited classic export may use without declaring them (Pelican's
# own sample uses `app:` undeclared). Declaring them on the root changes nothing for a file
# that declares them itself, lower down.
COMMON_PREFIXES = (
    (b"app", b"http://purl.org/atom/app#"),
    (b"thr", b"http://purl.org/syndication/thread/1.0"),
    (b"gd", b"http://schemas.google.com/g/2005"),
)

# What Blogger leaves in place of a comment its author or the blog's owner removed.
REMOVED_COMMENT = re.compile(
    r"\s*This comment has been removed by (?:the author|a blog administrator|the blog administrator)\.?\s*",
    re.IGNORECASE,
)
# `…/feeds/<blog>/<post>/comments/default/<comment>` in a reply's `link rel="related"`.
RELATED_COMMENT = re.compile(r"/comments/default/(\d+)(?:[?#].*)?$")
# Complete character references only: "&#39;" in a title is an escaped apostrophe, while a bare
# "&" or "&copy2024" is text the author typed.
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
EMAIL_ADDRESS = re.compile(r"^\s*(?:mailto:)?[^@\s]+@[^@\s]+\.[^@\s]+\s*$", re.IGNORECASE)


@dataclass
class _RawEntry:
    """One `<entry>`, its fields read as written, before it is known what it is."""

    position: int
    id: str = ""
    classic_kind: str | None = None
    takeout_type: str | None = None
    takeout_status: str = ""
    draft: bool = False
    trashed: bool = False
    published: str = ""
    updated: str = ""
    created: str = ""
    title: str | None = None
    html: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)
    label_terms: list[str] = field(default_factory=list)
    author_name: str = ""
    author_uri: str = ""
    thread_ref: str = ""
    thread_href: str = ""
    parent: str = ""
    reply_to: str = ""
    filename: str = ""
    description: str = ""
    properties: dict[str, str] = field(default_factory=dict)

    def link(self, rel: str) -> str | None:
        return next((href for link_rel, href in self.links if link_rel == rel and href), None)

    def date(self) -> str:
        """The publishing date, or the closest the entry has (a draft may have none)."""
        return self.published or self.created or self.updated


@dataclass
class _PendingComment:
    """A comment read before its post is known (comments may come before or after it)."""

    position: int
    post_ref: str
    """The id of what it was left on, as the export says: usually the post, maybe a comment."""
    post_href: str
    comment: Comment


def read_export(path: Path) -> BlogExport:
    """Everything in the Blogger export at `path`; ExportFormatError if it is not one."""
    head = _sniff(path)
    reader = _ExportReader(path)
    try:
        with path.open("rb") as raw:
            raw.read(len(head))
            stream = _PrefixedStream(_declare_common_prefixes(head), raw)
            reader.read(stream)
    except ET.ParseError as error:
        raise ExportFormatError(_parse_error_message(path, error)) from None
    except (LookupError, ValueError) as error:
        if isinstance(error, KeyError | IndexError):
            raise  # A fault in this reader, not in the file: let it show.
        # An encoding declaration Python does not know ("x-foo"), or one expat cannot stream.
        raise ExportFormatError(f"{path}: could not be read as XML ({error}). {EXPECTED}") from None
    except OSError as error:
        raise ExportFormatError(
            f"{path}: could not be read ({error.strerror or error}). {EXPECTED}"
        ) from None
    return reader.result()


class _ExportReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.namespaces: set[str] = set()
        self.feed_id = ""
        self.feed_title = ""
        self.feed_alternate: str | None = None
        self.feed_updated = ""
        self.formats_seen: list[ExportFormat] = []
        self.entry_count = 0
        # (id, position) of entries that say nothing of what they are; judged at the end.
        self.untyped: list[tuple[str, int]] = []
        self.entries: list[Entry] = []
        self.entry_formats: dict[str, ExportFormat] = {}
        self.entries_by_id: dict[str, Entry] = {}
        self.skipped: list[Skipped] = []
        self.skipped_by_id: dict[str, Skipped] = {}
        self.pending_comments: list[_PendingComment] = []
        self.comment_ids: set[str] = set()
        self.takeout_blog_url: str | None = None

    # --- streaming --------------------------------------------------------------------------

    def read(self, stream: _PrefixedStream) -> None:
        depth = 0
        root: ET.Element | None = None
        for event, item in ET.iterparse(stream, events=("start-ns", "start", "end")):
            if event == "start-ns":
                self.namespaces.add(item[1])
                continue
            if event == "start":
                depth += 1
                if depth == 1:
                    root = item
                    self._check_root(item)
                continue
            if depth == 2 and root is not None:
                # A direct child of <feed>: read it, then drop it so memory stays flat.
                self._feed_child(item)
                root.remove(item)
            depth -= 1

    def _check_root(self, root: ET.Element) -> None:
        if root.tag == ATOM + "feed":
            return
        local = _local_name(root.tag).lower()
        if local == "rss":
            if any(uri.startswith(WORDPRESS_NAMESPACE_PREFIX) for uri in self.namespaces):
                found = "is a WordPress export (WXR), not a Blogger export"
            else:
                found = "is an RSS feed, not a Blogger export"
        elif local == "html":
            found = "is a web page (HTML), not a Blogger export"
        elif local == "feed":
            found = "is a feed, but not an Atom feed as Blogger writes"
        else:
            found = f"is an XML file whose root element is <{local}>, not a Blogger export"
        raise ExportFormatError(f"{self.path}: {found}. {EXPECTED}")

    def _feed_child(self, element: ET.Element) -> None:
        tag = element.tag
        if tag == ATOM + "entry":
            self.entry_count += 1
            self._entry(_read_entry(element, self.entry_count))
        elif tag == ATOM + "id":
            self.feed_id = _text(element)
        elif tag == ATOM + "title":
            self.feed_title = _clean_title(element.text)
        elif tag == ATOM + "updated":
            self.feed_updated = _text(element)
        elif tag == ATOM + "link" and element.get("rel") == "alternate" and element.get("href"):
            self.feed_alternate = self.feed_alternate or element.get("href", "").strip()

    # --- entries ----------------------------------------------------------------------------

    def _entry(self, raw: _RawEntry) -> None:
        if raw.takeout_type is not None:
            self._seen_format("google-takeout")
            self._takeout_entry(raw)
        elif raw.classic_kind is not None:
            self._seen_format("blogger-backup")
            self._classic_entry(raw)
        else:
            self.untyped.append((raw.id, raw.position))

    def _seen_format(self, export_format: ExportFormat) -> None:
        if export_format not in self.formats_seen:
            self.formats_seen.append(export_format)

    def _classic_entry(self, raw: _RawEntry) -> None:
        kind = raw.classic_kind or ""
        entry_kind = ENTRY_KINDS.get(kind)
        if entry_kind is not None:
            if raw.trashed:
                self._skip(raw.id, entry_kind, "in the trash on Blogger", raw.position)
            else:
                self._add_entry(raw, entry_kind, "draft" if raw.draft else "live", "blogger-backup")
        elif kind == "comment":
            self._add_comment(raw, post_ref=raw.thread_ref, post_href=raw.thread_href)
        elif kind == "settings":
            self._skip(raw.id, "settings", "a blog setting, not content", raw.position)
        elif kind == "template":
            self._skip(raw.id, "template", "the blog's theme (template), not content", raw.position)
        else:
            self._skip(
                raw.id, kind or "entry", f"a kind of entry the import does not use ({kind})", raw.position
            )

    def _takeout_entry(self, raw: _RawEntry) -> None:
        entry_type = (raw.takeout_type or "").strip().upper()
        status = raw.takeout_status.strip().upper()
        kind = ENTRY_KINDS.get(entry_type.lower())
        if kind is not None:
            if raw.trashed or "TRASH" in status:
                self._skip(raw.id, kind, "in the trash on Blogger", raw.position)
                return
            self._add_entry(raw, kind, _takeout_entry_status(status), "google-takeout")
            alternate = raw.link("alternate")
            if alternate and self.takeout_blog_url is None and raw.filename:
                # Takeout does not give the blog's address; an entry's own link may.
                parts = urlsplit(alternate)
                if parts.scheme in ("http", "https") and parts.path == _as_path(raw.filename):
                    self.takeout_blog_url = f"{parts.scheme}://{parts.netloc}/"
        elif entry_type == "COMMENT":
            self._add_comment(raw, post_ref=raw.parent, post_href="")
        else:
            what = entry_type.lower() or "entry"
            self._skip(
                raw.id,
                what,
                f"a kind of entry the import does not use ({entry_type or 'no type'})",
                raw.position,
            )

    def _add_entry(
        self, raw: _RawEntry, kind: EntryKind, status: EntryStatus, export_format: ExportFormat
    ) -> None:
        if not self._usable(raw, kind):
            return
        alternate = raw.link("alternate")
        old_path: str | None = None
        old_url: str | None = None
        if export_format == "google-takeout" and raw.filename:
            old_path = _as_path(raw.filename)
            old_url = alternate
        elif alternate:
            old_url = alternate
            old_path = urlsplit(alternate).path or None
        entry = Entry(
            id=raw.id,
            kind=kind,
            status=status,
            title=_clean_title(raw.title),
            html=raw.html,
            published=raw.date(),
            updated=raw.updated or None,
            author=_entry_author(raw.author_name),
            labels=_labels(raw.label_terms),
            old_path=old_path,
            old_url=old_url,
            description=raw.description or None,
        )
        self.entries.append(entry)
        self.entries_by_id[entry.id] = entry
        self.entry_formats[entry.id] = export_format

    def _add_comment(self, raw: _RawEntry, post_ref: str, post_href: str) -> None:
        if not self._usable(raw, "comment"):
            return
        reason = _comment_left_out(raw)
        if reason:
            self._skip(raw.id, "comment", reason, raw.position)
            return
        self.comment_ids.add(raw.id)
        comment = Comment(
            id=raw.id,
            post_id="",
            author=_comment_author(raw.author_name),
            author_url=_web_address(raw.author_uri),
            published=raw.date(),
            html=raw.html,
            in_reply_to=_answered_comment(raw),
        )
        self.pending_comments.append(
            _PendingComment(raw.position, post_ref.strip(), post_href.strip(), comment)
        )

    def _usable(self, raw: _RawEntry, what: str) -> bool:
        """False (and the entry listed as skipped) when it lacks what every entry needs."""
        if not raw.id:
            self._skip(f"entry {raw.position} in the file", what, "it has no id", raw.position)
            return False
        if raw.id in self.entries_by_id or raw.id in self.comment_ids or raw.id in self.skipped_by_id:
            self._skip(raw.id, what, "its id appears earlier in the export", raw.position, remember=False)
            return False
        if not raw.date():
            self._skip(raw.id, what, "it has no date (no published, created or updated time)", raw.position)
            return False
        return True

    def _skip(self, entry_id: str, what: str, reason: str, position: int, remember: bool = True) -> None:
        skipped = Skipped(id=entry_id or f"entry {position} in the file", what=what, reason=reason)
        self.skipped.append(skipped)
        if remember and entry_id:
            self.skipped_by_id.setdefault(entry_id, skipped)

    # --- the whole file ---------------------------------------------------------------------

    def result(self) -> BlogExport:
        export_format = self._format()
        for entry_id, position in self.untyped:
            self._skip(
                entry_id, "entry", "Blogger did not say whether it is a post, a page or a comment", position
            )
        blog_url = self.feed_alternate or (
            self.takeout_blog_url if export_format == "google-takeout" else None
        )
        last_change = _instant(self.feed_updated)
        for entry in self.entries:
            entry_format = self.entry_formats[entry.id]
            if entry_format == "blogger-backup" and entry.status == "live" and last_change is not None:
                # The classic file's own `updated` (shared by its settings and template) is the
                # blog's last change, never earlier than a post going out: a post dated after
                # it had not been published yet. The file has no other sign of a scheduled post.
                published = _instant(entry.published)
                if published is not None and published > last_change:
                    entry.status = "scheduled"
            if entry_format == "google-takeout" and entry.old_url is None and entry.old_path and blog_url:
                entry.old_url = blog_url.rstrip("/") + entry.old_path
        self._attach_comments()
        return BlogExport(
            format=export_format,
            title=self.feed_title,
            blog_url=blog_url,
            entries=self.entries,
            skipped=self.skipped,
        )

    def _format(self) -> ExportFormat:
        if self.formats_seen:
            return self.formats_seen[0]
        if self.entry_count and self.feed_id.startswith(BLOGGER_ID_PREFIX):
            found = (
                "is a Blogger blog's public feed, which lists recent posts only, without drafts, "
                "pages or comments, not its export"
            )
        elif self.entry_count:
            found = "is an Atom feed, but not a Blogger export: no entry says whether it is a post, a page or a comment"
        elif TAKEOUT_NAMESPACE in self.namespaces:
            return "google-takeout"
        elif self.feed_id.startswith(BLOGGER_ID_PREFIX):
            return "blogger-backup"
        else:
            found = "is an Atom feed with no entries, not a Blogger export"
        raise ExportFormatError(f"{self.path}: {found}. {EXPECTED}")

    def _attach_comments(self) -> None:
        pending_by_id = {pending.comment.id: pending for pending in self.pending_comments}
        entries_by_url = {entry.old_url: entry for entry in self.entries if entry.old_url}
        for pending in self.pending_comments:
            comment = pending.comment
            target = pending.post_ref
            seen = {comment.id}
            # A comment said to be left on another comment: follow the thread up to the post.
            while target in pending_by_id and target not in seen:
                seen.add(target)
                if comment.in_reply_to is None and target != comment.id:
                    comment.in_reply_to = target
                target = pending_by_id[target].post_ref
            entry = self.entries_by_id.get(target)
            if entry is None and not target and pending.post_href:
                entry = entries_by_url.get(pending.post_href)
            if entry is not None:
                comment.post_id = entry.id
                entry.comments.append(comment)
                continue
            left_out = self.skipped_by_id.get(target)
            if left_out is not None:
                reason = f"its {left_out.what} is not imported ({left_out.reason})"
            else:
                reason = "its post is not in the export"
            self._skip(comment.id, "comment", reason, pending.position)
        positions = {pending.comment.id: pending.position for pending in self.pending_comments}
        for entry in self.entries:
            entry.comments.sort(key=lambda comment: _oldest_first(comment, positions[comment.id]))


# --- reading one entry ------------------------------------------------------------------------


def _read_entry(element: ET.Element, position: int) -> _RawEntry:
    raw = _RawEntry(position=position)
    for child in element:
        tag = child.tag
        if tag == ATOM + "id":
            raw.id = _text(child)
        elif tag == ATOM + "published":
            raw.published = _text(child)
        elif tag == ATOM + "updated":
            raw.updated = _text(child)
        elif tag == ATOM + "title":
            raw.title = child.text or ""
        elif tag == ATOM + "content":
            raw.html = child.text or ""
        elif tag == ATOM + "link":
            raw.links.append((child.get("rel", "alternate"), child.get("href", "").strip()))
        elif tag == ATOM + "category":
            _read_category(child, raw)
        elif tag == ATOM + "author":
            raw.author_name = _text(child.find(ATOM + "name"))
            raw.author_uri = _text(child.find(ATOM + "uri"))
        elif tag == APP + "control":
            raw.draft = _text(child.find(APP + "draft")).lower() == "yes"
        elif tag == THR + "in-reply-to":
            raw.thread_ref = child.get("ref", "").strip()
            raw.thread_href = child.get("href", "").strip()
        elif tag == GD + "extendedProperty":
            raw.properties[child.get("name", "")] = child.get("value", "")
        elif tag == TAKEOUT + "type":
            raw.takeout_type = _text(child)
        elif tag == TAKEOUT + "status":
            raw.takeout_status = _text(child)
        elif tag == TAKEOUT + "created":
            raw.created = _text(child)
        elif tag == TAKEOUT + "parent":
            raw.parent = _text(child)
        elif tag == TAKEOUT + "inReplyTo":
            raw.reply_to = _text(child)
        elif tag == TAKEOUT + "filename":
            raw.filename = _text(child)
        elif tag == TAKEOUT + "metaDescription":
            # The post's "Search description" on Blogger: what search engines showed.
            raw.description = " ".join(_text(child).split())
        elif _local_name(tag) == "trashed" and _text(child):
            # Takeout's blogger:trashed holds the date it went to the trash; empty otherwise.
            raw.trashed = True
    return raw


def _read_category(category: ET.Element, raw: _RawEntry) -> None:
    term = category.get("term")
    if not term:
        return  # Takeout writes an empty <category/> for a post without labels.
    if category.get("scheme") == KIND_SCHEME:
        raw.classic_kind = term[len(KIND_PREFIX) :] if term.startswith(KIND_PREFIX) else term
    else:
        raw.label_terms.append(term)


def _takeout_entry_status(status: str) -> EntryStatus:
    if status in ("", "LIVE"):
        return "live"
    if status == "SCHEDULED":
        return "scheduled"
    # DRAFT, and any state this reader does not know: kept, but never published by the import.
    return "draft"


def _comment_left_out(raw: _RawEntry) -> str | None:
    """Why a comment must not be shown (deleted, spam, trash…), or None to keep it."""
    status = raw.takeout_status.strip().upper()
    if raw.trashed or "TRASH" in status:
        return "in the trash on Blogger"
    if "SPAM" in status:
        return "marked as spam on Blogger"
    if any(word in status for word in ("GHOST", "EMPTIED", "DELETED", "REMOVED")):
        return "deleted on Blogger"
    if "PENDING" in status:
        return "never approved on Blogger (awaiting moderation)"
    if status not in ("", "LIVE"):
        return f"not shown on Blogger (its status is {status})"
    removed_mark = raw.properties.get("blogger.contentRemoved", "").lower() == "true"
    if removed_mark or REMOVED_COMMENT.fullmatch(raw.html):
        return "deleted on Blogger"
    return None


def _answered_comment(raw: _RawEntry) -> str | None:
    """The id of the comment this one replies to, when the export says."""
    answered = raw.reply_to
    if not answered:
        related = raw.link("related")
        match = RELATED_COMMENT.search(related) if related else None
        answered = match.group(1) if match else ""
    if answered.isdigit():
        # Only the number: comment ids are the blog's prefix plus ".post-<number>".
        prefix, separator, _ = raw.id.rpartition(".post-")
        answered = f"{prefix}.post-{answered}" if separator else answered
    if not answered or answered == raw.id:
        return None
    return answered


def _labels(terms: list[str]) -> list[str]:
    labels: list[str] = []
    for term in terms:
        # One reader reports Takeout joining all labels into one term with newlines.
        for label in term.split("\n"):
            label = label.strip()
            if label and label not in labels:
                # Interned: a blog's few hundred labels repeat over thousands of posts.
                labels.append(sys.intern(label))
    return labels


def _clean_title(title: str | None) -> str:
    title = (title or "").strip()
    return CHARACTER_REFERENCE.sub(lambda match: html.unescape(match.group(0)), title)


def _entry_author(name: str) -> str | None:
    name = name.strip()
    if not name or EMAIL_ADDRESS.match(name):
        return None
    return name


def _comment_author(name: str) -> str:
    name = name.strip()
    if not name or EMAIL_ADDRESS.match(name):
        return "Anonymous"
    return name


def _web_address(uri: str) -> str | None:
    uri = uri.strip()
    return uri if urlsplit(uri).scheme in ("http", "https") else None


def _as_path(filename: str) -> str:
    filename = filename.strip()
    return filename if filename.startswith("/") else "/" + filename


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _instant(value: str | None) -> datetime | None:
    """The moment an ISO 8601 date stands for (UTC when it has no offset), None if unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _oldest_first(comment: Comment, position: int) -> tuple[int, float, int]:
    moment = _instant(comment.published)
    # Undated-looking comments go last, in file order, so the order never depends on chance.
    return (0, moment.timestamp(), position) if moment else (1, 0.0, position)


# --- recognising the file before parsing it ---------------------------------------------------


def _sniff(path: Path) -> bytes:
    """The file's first bytes, after checking they can start a Blogger export."""
    try:
        if path.is_dir():
            raise ExportFormatError(
                f"{path}: is a folder, not a file (in a Takeout download, pass "
                f"Takeout/Blogger/Blogs/<blog name>/feed.atom). {EXPECTED}"
            )
        with path.open("rb") as file:
            head = file.read(HEAD_BYTES)
    except FileNotFoundError:
        raise ExportFormatError(f"{path}: there is no such file. {EXPECTED}") from None
    except OSError as error:
        raise ExportFormatError(
            f"{path}: could not be read ({error.strerror or error}). {EXPECTED}"
        ) from None
    if not head.strip():
        raise ExportFormatError(f"{path}: is empty. {EXPECTED}")
    if head.startswith(b"\x1f\x8b"):
        raise ExportFormatError(f"{path}: is a gzip-compressed file; decompress it first. {EXPECTED}")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise ExportFormatError(
            f"{path}: is a zip archive (a Takeout download?); unzip it and pass the feed.atom inside. {EXPECTED}"
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return head  # Not what Blogger writes, but well-formed XML all the same: the parser decides.
    body = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if b"\x00" in head:
        raise ExportFormatError(f"{path}: is a binary file, not XML. {EXPECTED}")
    if body[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise ExportFormatError(f"{path}: is a web page (HTML), not a Blogger export. {EXPECTED}")
    if not body.startswith(b"<"):
        raise ExportFormatError(f"{path}: is not XML (it does not start with '<'). {EXPECTED}")
    declared = re.match(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']", body)
    if declared is None or declared.group(1).lower().replace(b"_", b"-") in (b"utf-8", b"utf8"):
        try:
            # Not final: the head may end inside a character that the next bytes complete.
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError as error:
            raise ExportFormatError(
                f"{path}: is not UTF-8 text (an undecodable byte at offset {error.start}). {EXPECTED}"
            ) from None
    return head


def _parse_error_message(path: Path, error: ET.ParseError) -> str:
    line, column = getattr(error, "position", (0, 0))
    detail = str(error).split(":", 1)[0]
    if detail in ("no element found", "unclosed token"):
        return f"{path}: the XML stops before its end (line {line}): the file is cut off or incomplete. {EXPECTED}"
    return f"{path}: is not well-formed XML ({detail} at line {line}, column {column + 1}). {EXPECTED}"


def _declare_common_prefixes(head: bytes) -> bytes:
    """The head, with `app`, `thr` and `gd` declared on a root <feed> that does not declare them."""
    start = _root_tag_start(head)
    if start is None or not re.match(rb"<feed[\s/>]", head[start : start + 6]):
        return head
    end = _tag_end(head, start)
    if end is None:
        return head
    root_tag = head[start:end]
    missing = b"".join(
        b" xmlns:" + prefix + b"='" + uri + b"'"
        for prefix, uri in COMMON_PREFIXES
        if b"xmlns:" + prefix + b"=" not in root_tag
    )
    insert_at = end - 1 if head[end - 1 : end] == b"/" else end
    return head[:insert_at] + missing + head[insert_at:]


def _root_tag_start(head: bytes) -> int | None:
    """Where the root element's start tag begins, past the prolog (PIs, comments, doctype)."""
    index = len(head) - len(head.removeprefix(codecs.BOM_UTF8))
    while True:
        while index < len(head) and head[index : index + 1].isspace():
            index += 1
        if head.startswith(b"<?", index):
            closing = head.find(b"?>", index)
        elif head.startswith(b"<!--", index):
            closing = head.find(b"-->", index)
        elif head.startswith(b"<!", index):
            closing = head.find(b">", index)
        elif head.startswith(b"<", index):
            return index
        else:
            return None
        if closing < 0:
            return None
        index = head.find(b">", closing) + 1


def _tag_end(head: bytes, start: int) -> int | None:
    """The index of the '>' closing the start tag at `start`, skipping quoted attribute values."""
    quote: int | None = None
    for index in range(start, len(head)):
        byte = head[index]
        if quote is not None:
            if byte == quote:
                quote = None
        elif byte in b"'\"":
            quote = byte
        elif byte == ord(">"):
            return index
    return None


class _PrefixedStream:
    """A binary file whose first bytes are served from `head` (the possibly amended prolog)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size is None or size < 0:
                data, self._head = self._head + self._rest.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._rest.read(size)
