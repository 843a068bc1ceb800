"""blogger_import: a blog moved from Blogger keeps its addresses, comments and subscribers.

Two halves:
- the importer, `make import-blogger FILE=...` (importer.py; run as
  `python -m blogger_import`), which writes the old blog's posts, pages, comments and
  pictures into the content folder once, and safely again;
- this plugin, for every build: a redirect page at each old address a post lists in
  `Aliases:` (any post, imported or not), Blogger's label, month and feed addresses
  when the site came from Blogger, and each post's comments from the old blog under it.

Without an import and without `Aliases:` it writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.urlwrappers import Tag
from shortlist_core.content_lists import ARTICLE_LISTS, PAGE_LISTS
from shortlist_core.metadata import ALIASES, read_value
from shortlist_core.output_paths import site_pages
from shortlist_core.problems import REPORT, Problem, display_path

from .old_addresses import Redirect, alias_save_as, archive_months, label_save_as, output_key, plan
from .old_comments import OldComment, comments_file, read_comments
from .settings import apply_defaults

MARKER = "import.json"

# Files read once while unchanged: the devserver rebuilds in one process.
_READ: dict[tuple[str, int, int], Any] = {}


def _cached(path: Path, read: Any) -> Any:
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _READ:
        _READ[key] = read(path)
    return _READ[key]


def import_folder(settings: dict[str, Any]) -> Path:
    return Path(settings["PATH"]) / settings["BLOGGER_IMPORT_PATH"]


def read_marker(settings: dict[str, Any]) -> dict[str, Any] | None:
    """What the importer recorded about the old blog, or None when nothing was imported."""
    path = import_folder(settings) / MARKER
    if not path.is_file():
        return None

    def read(file: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            REPORT.report(
                [
                    Problem(
                        display_path(str(file)),
                        "",
                        f"cannot be read ({error})",
                        "the file make import-blogger writes; run it again to write it anew",
                    )
                ]
            )
            return None
        return data if isinstance(data, dict) else None

    return _cached(path, read)


def attach_comments(generator: Any) -> None:
    """`old_comments` on every post and page whose old address has comments from the old blog."""
    folder = import_folder(generator.settings)
    if not (folder / "comments").is_dir():
        return
    lists = ARTICLE_LISTS if hasattr(generator, "articles") else PAGE_LISTS
    for name in lists:
        for post in getattr(generator, name, None) or []:
            post.old_comments = comments_of(post, folder)


def comments_of(post: Any, folder: Path) -> list[OldComment]:
    for alias in read_value(post.metadata, ALIASES, ()):
        relative = comments_file(alias)
        path = folder / relative if relative else None
        if path is not None and path.is_file():
            comments, problems = _cached(path, lambda file: read_comments(file, display_path(str(file))))
            REPORT.report(problems)
            return comments
    return []


def written_files(context: dict[str, Any]) -> dict[str, str]:
    """Every output file the site writes anyway, and what writes it (for problems)."""
    taken: dict[str, str] = {}
    for name in {*ARTICLE_LISTS, *PAGE_LISTS, "pages", "hidden_pages", "draft_pages"}:
        for item in context.get(name) or []:
            if getattr(item, "save_as", ""):
                taken.setdefault(output_key(item.save_as), display_path(item.source_path))
    for save_as in site_pages(context, context):
        taken.setdefault(output_key(save_as), "one of the site's own pages")
    for entry in context.get("sitemap_entries") or []:
        taken.setdefault(output_key(entry.save_as), "one of the site's own pages")
    for static in context.get("staticfiles") or []:
        if getattr(static, "save_as", ""):
            taken.setdefault(output_key(static.save_as), display_path(static.source_path))
    return taken


def wanted_redirects(
    context: dict[str, Any], marker: dict[str, Any] | None
) -> tuple[list[Redirect], set[str]]:
    """Every redirect asked for: posts' aliases first, then the old blog's own addresses."""
    settings = context
    wanted: list[Redirect] = []
    posts = [*(context.get("articles") or []), *(context.get("hidden_articles") or [])]
    posts += [*(context.get("pages") or []), *(context.get("hidden_pages") or [])]
    sources: set[str] = set()
    old_paths: list[str] = []
    for post in posts:
        aliases = read_value(post.metadata, ALIASES, ())
        if not aliases:  # nearly every post: its path is not worked out for nothing
            continue
        source = display_path(post.source_path)
        for alias in aliases:
            save_as = alias_save_as(alias)
            if save_as is None:
                REPORT.report(
                    [
                        Problem(
                            source, "Aliases", f"{alias!r} names no page", "a path such as /2013/03/post.html"
                        )
                    ]
                )
                continue
            sources.add(source)
            old_paths.append(alias)
            wanted.append(Redirect(save_as, post.url, source, alias))
    if marker is None:
        return wanted, sources
    old_blog = "the old blog's addresses"
    tags = {tag.slug: tag for tag, _ in context.get("tags") or []}
    for label in marker.get("labels") or []:
        save_as = label_save_as(str(label))
        tag = tags.get(Tag(str(label), settings).slug)
        if save_as and tag is not None:
            wanted.append(Redirect(save_as, tag.url, old_blog, f"/search/label/{label}"))
    archives = dict(context.get("period_archives") or {})
    by_period = {
        (granularity, tuple(period["period_num"])): period["url"]
        for granularity in ("year", "month")
        for period in archives.get(granularity, [])
    }
    fallback = settings.get("ARCHIVES_URL", "")
    for year, month in archive_months(old_paths):
        year_url = by_period.get(("year", (year,)), fallback)
        wanted.append(
            Redirect(
                f"{year}/{month:02d}/index.html",
                by_period.get(("month", (year, month)), year_url),
                old_blog,
                f"/{year}/{month:02d}/",
            )
        )
        wanted.append(Redirect(f"{year}/index.html", year_url, old_blog, f"/{year}/"))
        # Blogger's classic templates linked month archives as /2013_03_01_archive.html.
        classic = f"{year}_{month:02d}_01_archive.html"
        wanted.append(
            Redirect(classic, by_period.get(("month", (year, month)), year_url), old_blog, "/" + classic)
        )
    return wanted, sources


class OldAddressesGenerator(Generator):
    """Writes the redirect pages and the old blog's feeds, after every other page is known."""

    def generate_output(self, writer: Any) -> None:
        settings = self.settings
        marker = read_marker(settings)
        wanted, strict = wanted_redirects(self.context, marker)
        # Every file the site writes, only when something could be written over one:
        # most sites were never on Blogger, and listing them costs every post's path.
        taken = written_files(self.context) if wanted or marker is not None else {}
        redirects, problems = plan(wanted, taken, frozenset(strict))
        REPORT.report(problems)
        if redirects:
            template = self.get_template("redirect")
            for redirect in redirects:
                writer.write_file(
                    redirect.save_as,
                    template,
                    self.context,
                    relative_urls=settings["RELATIVE_URLS"],
                    redirect_to=redirect.target,
                )
        if marker is None:
            return
        articles = self.context.get("articles") or []
        for path, feed_type in (settings.get("BLOGGER_OLD_FEEDS") or {}).items():
            if output_key(path) in taken:
                continue
            writer.write_feed(articles, self.context, path, feed_type=feed_type)


def set_up(pelican: Any) -> None:
    apply_defaults(pelican.settings)


def add_generator(pelican: Any) -> type[Generator]:
    return OldAddressesGenerator


def register() -> None:
    signals.initialized.connect(set_up)
    signals.article_generator_finalized.connect(attach_comments)
    signals.page_generator_finalized.connect(attach_comments)
    signals.get_generators.connect(add_generator)
