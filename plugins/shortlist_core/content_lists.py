"""The names of the lists in which Pelican's generators keep content objects."""

from __future__ import annotations

# Every list of posts the articles generator keeps, published or not.
ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
# ...and of the pages generator.
PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)
# Every list of content objects of either generator, each name once.
CONTENT_LISTS = tuple(dict.fromkeys((*ARTICLE_LISTS, *PAGE_LISTS)))
