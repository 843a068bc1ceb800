"""`make import-blogger FILE=<export>`: a Blogger blog into the content folder, safely.

Reads either export (Blogger's "Back up content" file or Google Takeout's feed.atom,
told apart by their content: export_formats.py), then writes

- each post as Markdown in its kind's folder (KIND=, or BLOGGER_LABEL_KINDS by label)
  and each page in content/pages/, with its title, date and time zone, updated date
  (`Modified:`), labels (`Tags:`), author and old address (`Aliases:`, which the site
  turns into a redirect page there);
- each post's comments to content/<BLOGGER_IMPORT_PATH>/comments/<old path>.json,
  cleaned (no e-mail addresses; see old_comments.py), shown read-only under the post;
- each picture on Blogger's servers, once, in its largest size, into
  content/images/<post slug>/ (IMAGES=no keeps the Blogger addresses);
- content/<BLOGGER_IMPORT_PATH>/import.json: the old blog's address and labels (the
  site keeps /search/label/… and the old feed addresses working) and what was
  written, with each file's checksum.

Running it again with the same export writes the same bytes and no second copy; a
file edited since the import is left alone unless FORCE=yes; a file deleted since is
not written again unless FORCE=yes. Every choice it made for you (a title for an
untitled post, a slug taken by another file, a picture that could not be fetched, a
listing that needs its fields) is in the report at the end.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import re
import sys
import time
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote

from pelican.utils import slugify
from shortlist_tools.new_post import KINDS as NEW_POST_KINDS
from shortlist_tools.new_post import comment as markdown_comment

from .export_formats import read_export
from .html_body import blogger_image_urls, largest_url, to_markdown
from .images import download_image
from .model import BlogExport, Entry, ExportFormatError
from .old_comments import clean_author, clean_comment_html, clean_url, comments_file, safe_id
from .settings import DEFAULTS

# The kinds, the folder each kind's posts live in and a listing's fields: the same as
# `make post` writes.
KINDS = tuple(NEW_POST_KINDS)
KIND_FOLDERS = {kind: folder for kind, (folder, _) in NEW_POST_KINDS.items()}
PAGES_FOLDER = "pages"
STATE_VERSION = 1
# The listing fields a post from Blogger cannot have: the build needs them filled in.
LISTING_FIELDS = ["Company", "Location", "Apply"]
# `make post KIND=job`'s fields, but Author and Tags, which the import fills in, and
# with Closes left empty (the default closing day counts from Date).
LISTING_LINES = [
    line.format(closes="").rstrip()
    for line in NEW_POST_KINDS["job"][1]
    if not line.startswith(("Author:", "Tags:"))
]
# First path parts the site writes itself: a page there would be overwritten by, or
# overwrite, one of the site's own pages (or the old blog's label and feed addresses).
RESERVED_PAGE_SLUGS = {
    "archive",
    "authors",
    "drafts",
    "extra",
    "feeds",
    "find",
    "images",
    "jobs",
    "kinds",
    "labels",
    "p",
    "search",
    "share",
    "theme",
    *KIND_FOLDERS.values(),
}
PROGRESS_EVERY_SECONDS = 2.0


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the pieces of a post's file -------------------------------------------------------


def parse_time(text: str | None) -> datetime.datetime | None:
    if not text:
        return None
    try:
        return datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def local_time(text: str | None, zone: datetime.tzinfo | None) -> datetime.datetime | None:
    """The export's time, keeping its own offset; a time in UTC (Takeout writes only
    UTC) is given in the site's time zone, so a post written at 9 pm is not dated the
    next day."""
    moment = parse_time(text)
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone) if zone else moment
    if moment.utcoffset() == datetime.timedelta(0) and zone is not None:
        return moment.astimezone(zone)
    return moment


def date_field(moment: datetime.datetime) -> str:
    """`2013-03-19 14:30:00-07:00`: Pelican reads the offset; seconds kept, fractions not."""
    return moment.replace(microsecond=0).isoformat(sep=" ")


def one_line(text: str) -> str:
    return " ".join(text.split())


def title_field(text: str) -> str:
    """Pelican shows a title as HTML: a literal < or > in a Blogger title must stay text."""
    return one_line(text).replace("<", "&lt;").replace(">", "&gt;")


_MARKDOWN_NOISE = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)|<[^>]+>|[#*_`>|\\]|\{:[^}]*\}")


def title_from_text(markdown: str, words: int = 8) -> str:
    """A title for a post that has none: its first words, as a reader would skim them."""
    text = " ".join(_MARKDOWN_NOISE.sub(lambda m: m.group(1) or " ", markdown).split())
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].strip()
    parts = first.split(" ")
    if not parts or not parts[0]:
        return ""
    title = " ".join(parts[:words]).rstrip(",;:.")
    return title + ("…" if len(parts) > words else "")


def slug_from_path(old_path: str | None) -> str:
    """The old address's file name, which readers already know: why-did-i-come-in-2."""
    if not old_path:
        return ""
    name = unquote(old_path.rstrip("/").rsplit("/", 1)[-1])
    name = re.sub(r"\.html?$", "", name, flags=re.IGNORECASE)
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        return name
    return slugify(
        name, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]
    )


def blogger_id_tail(identifier: str) -> str:
    """tag:blogger.com,1999:blog-1.post-42 → 42 (short, stable, fit for an HTML id)."""
    return safe_id(identifier.rsplit("-", 1)[-1]) or safe_id(identifier)


# --- state: what an earlier run wrote -----------------------------------------------------


@dataclass
class State:
    """What earlier runs wrote (content/blogger/import.json), so a re-run is safe."""

    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    """Entry id → {"file": path in content/, "sha256": of the bytes written}."""
    comments: dict[str, str] = field(default_factory=dict)
    """Comments file (path in content/) → sha256 of the bytes written."""
    images: dict[str, str] = field(default_factory=dict)
    """A picture's largest URL → its file, path in content/."""

    @classmethod
    def load(cls, path: Path) -> State:
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return cls()
        return cls(
            entries=dict(data.get("entries") or {}),
            comments=dict(data.get("comments") or {}),
            images=dict(data.get("images") or {}),
        )


def state_bytes(blog: BlogExport, labels: list[str], state: State, source_name: str) -> bytes:
    data = {
        "version": STATE_VERSION,
        "blog": {"title": blog.title, "url": blog.blog_url, "format": blog.format, "export": source_name},
        "labels": labels,
        "entries": state.entries,
        "comments": state.comments,
        "images": state.images,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# --- the report -----------------------------------------------------------------------


@dataclass
class Report:
    posts: int = 0
    pages: int = 0
    drafts: int = 0
    comments: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)
    kept_deleted: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    untitled: list[str] = field(default_factory=list)
    scheduled: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    images_fetched: int = 0
    images_reused: int = 0
    images_failed: list[str] = field(default_factory=list)
    pictures_described: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def format(self, content: str) -> str:
        lines = [
            f"Imported {self.posts} post{'s' if self.posts != 1 else ''} "
            f"({self.drafts} kept as drafts), {self.pages} page{'s' if self.pages != 1 else ''} "
            f"and {self.comments} comment{'s' if self.comments != 1 else ''}.",
            f"  files written: {len(self.written)}, unchanged since the last run: {len(self.unchanged)}",
            f"  pictures: {self.images_fetched} downloaded, {self.images_reused} already here, "
            f"{len(self.images_failed)} failed",
        ]

        def section(title: str, items: list[str]) -> None:
            if items:
                lines.append(f"{title} ({len(items)}):")
                lines.extend(f"  - {item}" for item in items)

        if self.skipped:
            lines.append("Left out of the import:")
            lines.extend(f"  - {reason}: {count}" for reason, count in sorted(self.skipped.items()))
        section(
            "Edited since the last import, so not overwritten (FORCE=yes overwrites them)", self.kept_edits
        )
        section(
            "Deleted since the last import, so not written again (FORCE=yes writes them)", self.kept_deleted
        )
        section("Given another name because theirs was taken", self.renamed)
        section(
            "Had no title on Blogger; titled from their first words (change Title: as you like)",
            self.untitled,
        )
        section("Scheduled on Blogger, kept as drafts (publish them on their day)", self.scheduled)
        section("Listings kept as drafts until their fields are filled in", self.listings)
        section("Pictures that could not be downloaded (they keep their Blogger address)", self.images_failed)
        section(
            "Posts with pictures that had no description: they say which post they are from "
            "until you describe them (the ![words] of each picture)",
            self.pictures_described,
        )
        lines.append(
            f"Next: `make devserver` to look at them, then `make publish`. Everything is in {content}/."
        )
        return "\n".join(lines)


# --- the import ---------------------------------------------------------------------


@dataclass
class Options:
    export: Path
    content: Path
    kind: str = "reflection"
    images: bool = True
    force: bool = False
    settings: dict[str, Any] = field(default_factory=dict)
    download: Callable[[str, Path], Any] = download_image
    progress: TextIO | None = None


@dataclass
class Planned:
    entry: Entry
    kind: str | None
    """reflection, advice or job; None for a page."""
    file: str
    """Path in content/, e.g. reflections/why-did-i-come-in.md."""
    slug: str
    previous: str | None = None
    """The slug it would have had, when that was taken."""


def kind_for(entry: Entry, default: str, label_kinds: dict[str, str]) -> str:
    by_label = {label.casefold(): kind for label, kind in label_kinds.items()}
    for label in label_kinds:
        if any(own.casefold() == label.casefold() for own in entry.labels):
            return by_label[label.casefold()]
    return default


def existing_slugs(folder: Path, regex_subs: list[tuple[str, str]], ignore: set[str]) -> set[str]:
    """Slugs the Markdown files already in a folder take: their Slug:, else their title's."""
    taken: set[str] = set()
    if not folder.is_dir():
        return taken
    for path in folder.glob("*.md"):
        if path.name in ignore:
            continue
        taken.add(path.stem)
        try:
            head = path.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[0]
        except OSError:
            continue
        fields = dict(
            (name.strip().lower(), value.strip())
            for name, sep, value in (line.partition(":") for line in head.splitlines())
            if sep
        )
        if fields.get("slug"):
            taken.add(fields["slug"])
        elif fields.get("title"):
            taken.add(slugify(fields["title"], regex_subs=regex_subs))
    return taken


def plan_files(blog: BlogExport, options: Options, state: State) -> list[Planned]:
    """Where each entry goes: the same file as last time, else a free slug (reported)."""
    settings = options.settings
    regex_subs = settings.get("SLUG_REGEX_SUBSTITUTIONS") or []
    label_kinds = dict(settings.get("BLOGGER_LABEL_KINDS") or {})
    ours = {record["file"] for record in state.entries.values() if record.get("file")}
    taken: dict[str, set[str]] = {}

    def taken_in(folder: str) -> set[str]:
        if folder not in taken:
            own_names = {Path(file).name for file in ours if file.startswith(folder + "/")}
            taken[folder] = existing_slugs(options.content / folder, regex_subs, own_names)
            if folder == PAGES_FOLDER:
                taken[folder] |= RESERVED_PAGE_SLUGS
        return taken[folder]

    # Oldest first, the export's id breaking ties: the same export always gives the
    # same names, whichever order the file lists its entries in.
    ordered = sorted(blog.entries, key=lambda e: (e.kind, e.published or "", e.id))
    planned: list[Planned] = []
    # Files kept from the last run claim their names before any new entry is named.
    for entry in ordered:
        record = state.entries.get(entry.id)
        if record and record.get("file"):
            folder, _, name = record["file"].rpartition("/")
            taken_in(folder).add(Path(name).stem)
    for entry in ordered:
        kind = None if entry.kind == "page" else kind_for(entry, options.kind, label_kinds)
        folder = PAGES_FOLDER if kind is None else KIND_FOLDERS[kind]
        record = state.entries.get(entry.id)
        if record and record.get("file"):
            file = record["file"]
            planned.append(Planned(entry, kind, file, Path(file).stem))
            continue
        wanted = (
            slug_from_path(entry.old_path) or slugify(entry.title or "", regex_subs=regex_subs) or "untitled"
        )
        slug, number = wanted, 1
        while slug in taken_in(folder):
            number += 1
            slug = f"{wanted}-{number}"
        taken_in(folder).add(slug)
        planned.append(
            Planned(entry, kind, f"{folder}/{slug}.md", slug, previous=wanted if slug != wanted else None)
        )
    return planned


class Importer:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.settings = options.settings
        self.content = options.content
        self.folder = options.content / self.settings.get(
            "BLOGGER_IMPORT_PATH", DEFAULTS["BLOGGER_IMPORT_PATH"]
        )
        self.state_path = self.folder / "import.json"
        self.state = State.load(self.state_path)
        self.report = Report()
        zone_name = self.settings.get("TIMEZONE") or "UTC"
        try:
            self.zone: datetime.tzinfo | None = zoneinfo.ZoneInfo(zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.zone = datetime.UTC
        self._last_progress = 0.0

    # -- writing files, never over a hand edit --

    def write(self, relative: str, data: bytes, recorded: str | None) -> bool:
        """Write content/<relative> unless it was edited or deleted since the last run.

        `recorded`: the checksum written last time, if any. Returns whether the file
        now holds `data`.
        """
        path = self.content / relative
        force = self.options.force
        if path.is_file():
            current = path.read_bytes()
            if current == data:
                self.report.unchanged.append(relative)
                return True
            if not force and (recorded is None or sha256(current) != recorded):
                # Edited by hand since the import, or a file the import never wrote.
                self.report.kept_edits.append(relative)
                return False
        elif recorded is not None and not force:
            self.report.kept_deleted.append(relative)
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.importing")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        self.report.written.append(relative)
        return True

    # -- pictures --

    def picture_address(self, slug: str) -> Callable[[str], str]:
        """Maps each Blogger picture in a post to its downloaded file (once per picture)."""
        if not self.options.images:
            return lambda url: url

        def address(url: str) -> str:
            largest = largest_url(url)
            if largest not in self._blogger_images:
                return url
            known = self.state.images.get(largest)
            if known and (self.content / known).is_file():
                if largest not in self._counted:
                    self._counted.add(largest)
                    self.report.images_reused += 1
                return "/" + known
            if largest in self._failed:
                return url
            result = self.options.download(largest, self.content / "images" / slug)
            if result.path is None:
                self._failed.add(largest)
                self.report.images_failed.append(f"{largest} ({result.error}) in {self._current}")
                return url
            relative = Path(result.path).resolve().relative_to(self.content.resolve()).as_posix()
            self.state.images[largest] = relative
            self._counted.add(largest)
            self.report.images_fetched += 1
            return "/" + relative

        return address

    # -- one entry --

    def render(self, item: Planned) -> bytes:
        entry = item.entry
        self._current = item.file
        self._blogger_images = (
            {largest_url(url) for url in blogger_image_urls(entry.html)} if self.options.images else set()
        )
        published = local_time(entry.published, self.zone) or local_time(entry.updated, self.zone)
        updated = local_time(entry.updated, self.zone)
        title = one_line(entry.title)
        day = published.date() if published else None
        alt_title = title or (f"the post of {day:%B} {day.day}, {day.year}" if day else "this post")
        body = to_markdown(
            entry.html,
            image_url=self.picture_address(item.slug),
            default_alt=f"A picture from “{alt_title}”" if title else f"A picture from {alt_title}",
        )
        if body.images_without_alt:
            self.report.pictures_described.append(f"{item.file}: {body.images_without_alt}")
        if not title:
            title = title_from_text(body.text) or (
                f"Post of {day:%B} {day.day}, {day.year}" if day else "Untitled post"
            )
            self.report.untitled.append(f"{item.file}: “{title}”")
        lines = [f"Title: {title_field(title)}"]
        if published:
            lines.append(f"Date: {date_field(published)}")
        if updated and published and updated > published:
            lines.append(f"Modified: {date_field(updated)}")
        lines.append(f"Slug: {item.slug}")
        if entry.author:
            lines.append(f"Author: {one_line(entry.author)}")
        if entry.labels:
            lines.append("Tags: " + ", ".join(one_line(label) for label in entry.labels))
        if entry.description:
            lines.append(f"Summary: {title_field(entry.description)}")
        if entry.old_path:
            lines.append(f"Aliases: {entry.old_path}")
        notes: list[str] = []
        draft = entry.status != "live"
        if item.kind == "job":
            lines += LISTING_LINES
            draft = True
            missing = ", ".join(LISTING_FIELDS)
            self.report.listings.append(f"{item.file}: fill in {missing}")
            notes.append(
                f"Imported from Blogger as a job listing: fill in {missing} (or Remote: yes and "
                "Remote-region), then change Status to published. See `make post KIND=job` for what each field means."
            )
        if entry.status == "scheduled" and published:
            self.report.scheduled.append(f"{item.file}: {published:%Y-%m-%d %H:%M}")
            notes.append(
                f"Scheduled on Blogger for {published:%Y-%m-%d %H:%M}: change Status to published on that day."
            )
        if draft:
            lines.append("Status: draft")
        header = "\n".join(lines)
        text = header + "\n\n"
        if notes:
            text += "\n".join(markdown_comment(n) for n in notes) + "\n\n"
        text += body.text.strip("\n") + "\n" if body.text.strip() else ""
        return text.encode("utf-8")

    def comments_json(self, entry: Entry, title: str) -> bytes | None:
        if not entry.comments or not entry.old_path:
            return None
        comments = []
        for comment in entry.comments:
            html = clean_comment_html(comment.html)
            if not html:
                continue
            comments.append(
                {
                    "id": blogger_id_tail(comment.id),
                    "author": clean_author(comment.author),
                    "url": clean_url(comment.author_url),
                    "date": comment.published,
                    "html": html,
                    "reply_to": blogger_id_tail(comment.in_reply_to) if comment.in_reply_to else None,
                }
            )
        if not comments:
            return None
        data = {"post": entry.old_path, "title": title, "comments": comments}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    # -- the whole export --

    def run(self, blog: BlogExport) -> Report:
        self._failed: set[str] = set()
        self._counted: set[str] = set()
        for skipped in blog.skipped:
            key = f"{skipped.what}: {skipped.reason}"
            self.report.skipped[key] = self.report.skipped.get(key, 0) + 1
        planned = plan_files(blog, self.options, self.state)
        labels = sorted({label for entry in blog.entries for label in entry.labels}, key=str.casefold)
        try:
            for number, item in enumerate(planned, start=1):
                self.import_one(item)
                self.progress(number, len(planned))
        finally:
            # Saved even when stopped half-way, so the next run knows what it wrote.
            self.folder.mkdir(parents=True, exist_ok=True)
            data = state_bytes(blog, labels, self.state, self.options.export.name)
            if not self.state_path.is_file() or self.state_path.read_bytes() != data:
                temporary = self.state_path.with_name(".import.json.importing")
                temporary.write_bytes(data)
                os.replace(temporary, self.state_path)
        if self.options.progress is not None and len(planned) >= 200:
            self.options.progress.write("\n")
        return self.report

    def import_one(self, item: Planned) -> None:
        entry = item.entry
        record = self.state.entries.get(entry.id)
        data = self.render(item)
        if self.write(item.file, data, record.get("sha256") if record else None):
            self.state.entries[entry.id] = {"file": item.file, "sha256": sha256(data)}
        if item.previous:
            self.report.renamed.append(f"{item.file} (its old address gave {item.previous!r})")
        if entry.kind == "page":
            self.report.pages += 1
        else:
            self.report.posts += 1
        if entry.kind == "post" and (entry.status != "live" or item.kind == "job"):
            self.report.drafts += 1
        title = one_line(entry.title)
        comments = self.comments_json(entry, title)
        if comments is not None and entry.old_path:
            relative = f"{self.folder.relative_to(self.content).as_posix()}/{comments_file(entry.old_path)}"
            if self.write(relative, comments, self.state.comments.get(relative)):
                self.state.comments[relative] = sha256(comments)
            self.report.comments += len(json.loads(comments)["comments"])

    def progress(self, number: int, total: int) -> None:
        stream = self.options.progress
        if stream is None or total < 200:
            return
        now = time.monotonic()
        if number == total or now - self._last_progress >= PROGRESS_EVERY_SECONDS:
            self._last_progress = now
            stream.write(
                f"\r  {number} of {total} posts and pages, {self.report.images_fetched} pictures downloaded"
            )
            stream.flush()


# --- command line ----------------------------------------------------------------------


def yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in ("yes", "y", "true", "1", "on"):
        return True
    if value in ("no", "n", "false", "0", "off", ""):
        return False
    raise argparse.ArgumentTypeError(f"{text!r}: expected yes or no")


def load_settings(path: Path | None) -> dict[str, Any]:
    settings: dict[str, Any] = dict(DEFAULTS)
    if path is not None and path.is_file():
        from pelican.settings import read_settings

        settings.update(read_settings(str(path)))
        for name, value in DEFAULTS.items():
            settings.setdefault(name, value)
    return settings


def check_label_kinds(label_kinds: Any) -> str | None:
    if not isinstance(label_kinds, dict):
        return "BLOGGER_LABEL_KINDS in pelicanconf.py must be a dict of label: kind"
    for label, kind in label_kinds.items():
        if kind not in KINDS:
            return f"BLOGGER_LABEL_KINDS[{label!r}] is {kind!r}; expected one of {', '.join(KINDS)}"
    return None


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make import-blogger",
        description="Import a Blogger blog (its Back up content file, or Takeout's feed.atom) into the site.",
    )
    parser.add_argument("export", type=Path, help="the export file")
    parser.add_argument(
        "--kind", default="reflection", choices=KINDS, help="the kind of the posts (default reflection)"
    )
    parser.add_argument("--images", type=yes_no, default=True, help="download Blogger's pictures (yes/no)")
    parser.add_argument(
        "--force", type=yes_no, default=False, help="overwrite files edited since the last import"
    )
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.export.is_file():
        print(
            f"{args.export}: no such file; expected the export, e.g. FILE=~/Downloads/blog-03-19-2026.xml "
            "or FILE=Takeout/Blogger/Blogs/<blog>/feed.atom",
            file=sys.stderr,
        )
        return 2
    settings = load_settings(args.settings)
    trouble = check_label_kinds(settings.get("BLOGGER_LABEL_KINDS"))
    if trouble:
        print(trouble, file=sys.stderr)
        return 2
    try:
        blog = read_export(args.export)
    except ExportFormatError as error:
        print(f"{error}\nNothing was written.", file=sys.stderr)
        return 2
    importer = Importer(
        Options(
            export=args.export,
            content=args.content,
            kind=args.kind,
            images=args.images,
            force=args.force,
            settings=settings,
            progress=sys.stderr,
        )
    )
    report = importer.run(blog)
    print(report.format(str(args.content)))
    return 0
