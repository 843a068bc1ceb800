"""sitemap.xml for search engines (Google reads it to find and refresh job postings).

Written from the build's own lists, so drafts and hidden posts are never in it, and
dated from the posts themselves, so two builds of the same content are identical.
(pelican-sitemap listens to content_written, which would stop pages being rendered
on every core, and dates index pages with the wall clock.)
"""

from __future__ import annotations

import datetime
from typing import Any
from xml.sax.saxutils import escape

from pelican.generators import Generator



def entry(site_url: str, url: str, day: datetime.date | None) -> str:
    lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
    return f"<url><loc>{escape(f'{site_url}/{url}')}</loc>{lastmod}</url>"


def newest(posts: list[Any]) -> datetime.date | None:
    days = [(getattr(p, "modified", None) or p.date).date() for p in posts]
    return max(days) if days else None


def sitemap_xml(context: dict[str, Any], extra: list[tuple[str, list[Any]]]) -> str:
    """Every published page with its last change: posts, pages, kinds, labels, home."""
    site_url = context.get("SITEURL", "")
    articles = context.get("articles", [])
    rows = [entry(site_url, "", newest(articles))]
    for post in [*articles, *context.get("pages", [])]:
        rows.append(entry(site_url, post.url, newest([post]) if hasattr(post, "date") else None))
    for group in ("categories", "tags"):
        for wrapper, posts in context.get(group, []):
            rows.append(entry(site_url, wrapper.url, newest(posts)))
    for url, posts in extra:
        rows.append(entry(site_url, url, newest(posts)))
    body = "\n".join(rows)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</urlset>\n'
    )


class SitemapGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        if not self.settings.get("SHORTLIST_SITEMAP", True):
            return
        extra: list[tuple[str, list[Any]]] = []
        if self.settings.get("ARCHIVES_SAVE_AS"):
            extra.append((self.settings.get("ARCHIVES_URL", ""), self.context.get("articles", [])))
        if self.context.get("search_log") is not None:
            extra.append((self.settings["SEARCH_LOG_URL"], []))
        path = self.output_path + "/sitemap.xml"
        with open(path, "w", encoding="utf-8") as out:
            out.write(sitemap_xml(self.context, extra))
