"""A post's summary as the page that lists it needs it.

Pelican resolves the `{filename}`, `{tag}`, `{static}`... links in a post's summary
against the shared context's `localsiteurl`, which its writer sets from the page
being written, except on pages written with a copy of the context (the period
archives): there, under RELATIVE_URLS, a summary keeps the relative depth of the
previous page and its links break. A `Summary:` line is worse off: its links are
resolved once, before any page is written, so they are relative to no page.

`summary_for(post, SITEURL)` (a Jinja filter) resolves them against the page's own
SITEURL instead, from the summary as written, with Pelican's own rules for a
summary cut from the content. It depends on nothing but the post and the page, so
pages come out the same in whatever order, or process, they are rendered.
"""

from __future__ import annotations

from typing import Any

from pelican.utils import strip_toc_elements_from_html, truncate_html_paragraphs, truncate_html_words

SOURCE_ATTRIBUTE = "_shortlist_summary_source"


def keep_summary_source(content: Any) -> None:
    """When a post is read: its `Summary:` as written, before Pelican resolves its links."""
    if "summary" in content.metadata:
        setattr(content, SOURCE_ATTRIBUTE, content.metadata["summary"])


def cut_summary(html: str, settings: dict[str, Any]) -> str:
    """The summary Pelican cuts from a post's content (Content.get_summary's rules)."""
    max_paragraphs = settings.get("SUMMARY_MAX_PARAGRAPHS")
    if max_paragraphs is not None:
        html = truncate_html_paragraphs(html, max_paragraphs)
    if settings.get("SUMMARY_MAX_LENGTH") is not None:
        html = truncate_html_words(html, settings["SUMMARY_MAX_LENGTH"], settings["SUMMARY_END_SUFFIX"])
    return strip_toc_elements_from_html(html)


def summary_for(post: Any, siteurl: str) -> str:
    """The post's summary with its links resolved for a page whose SITEURL is `siteurl`."""
    summaries: dict[str, str] = post.__dict__.setdefault("_shortlist_summaries", {})
    if siteurl not in summaries:
        source = getattr(post, SOURCE_ATTRIBUTE, None)
        if source is not None:
            summaries[siteurl] = post._update_content(source, siteurl)
        else:
            summaries[siteurl] = cut_summary(post.get_content(siteurl), post.settings)
    return summaries[siteurl]
