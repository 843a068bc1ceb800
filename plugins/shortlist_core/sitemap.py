"""sitemap.xml for search engines (Google reads it to find and refresh job postings).

Which pages are meant for search engines, decided once: the home page, every
published post and page (a plugin may mark a post `noindex`, as the listings
plugin does for closed roles), the first page of each kind and label, the labels index, the
archive, and what plugins register (see site_parts.py). Every other page the site
writes (later pages of a list, year and month archives, authors, the kinds index,
filtered views, hidden posts, drafts, redirects, the 404 page) carries
`<meta name="robots" content="noindex">`, from the same list, so the two can never
disagree.

Written from the build's own lists, so drafts and hidden posts are never in it, and
dated from the posts themselves, so two builds of the same content are identical.
(pelican-sitemap listens to content_written, which would stop pages being rendered
on every core, and dates index pages with the wall clock.)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from pelican.generators import Generator

from .site_parts import SitemapEntry


def newest(posts: Iterable[Any]) -> datetime.date | None:
    days = [(getattr(p, "modified", None) or p.date).date() for p in posts if hasattr(p, "date")]
    return max(days) if days else None


def indexable(content: Any) -> bool:
    return getattr(content, "status", "published") == "published" and not getattr(content, "noindex", False)


def core_entries(context: dict[str, Any], translations: Iterable[Any] = ()) -> list[SitemapEntry]:
    """The pages the core writes that are meant for search engines. `translations`:
    the generators' translated posts and pages, which the context does not hold."""
    settings = context
    articles = context.get("articles", [])
    entries = [SitemapEntry(settings.get("INDEX_SAVE_AS", "index.html"), "", newest(articles))]
    for content in [*articles, *translations, *context.get("pages", [])]:
        if indexable(content) and content.save_as:
            entries.append(SitemapEntry(content.save_as, content.url, newest([content])))
    for group in ("categories", "tags"):
        for wrapper, posts in context.get(group, []):
            if wrapper.save_as:
                entries.append(SitemapEntry(wrapper.save_as, wrapper.url, newest(posts)))
    for save_as, url in (("TAGS_SAVE_AS", "TAGS_URL"), ("ARCHIVES_SAVE_AS", "ARCHIVES_URL")):
        if settings.get(save_as):
            entries.append(SitemapEntry(settings[save_as], settings.get(url, ""), newest(articles)))
    return entries


def sitemap_xml(site_url: str, entries: list[SitemapEntry]) -> str:
    rows = []
    for entry in entries:
        lastmod = f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
        rows.append(f"<url><loc>{escape(f'{site_url}/{entry.url}')}</loc>{lastmod}</url>")
    body = "\n".join(rows)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</urlset>\n'
    )


class SitemapGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        if not self.settings.get("SHORTLIST_SITEMAP", True):
            return
        path = self.output_path + "/sitemap.xml"
        with open(path, "w", encoding="utf-8") as out:
            out.write(sitemap_xml(self.context.get("SITEURL", ""), self.context.get("sitemap_entries", [])))
