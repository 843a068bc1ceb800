"""advice_articles: FAQ blocks with FAQPage data, "Listen to this article", reading
time, contents and related reading.

faq.py is the Markdown extension; article_data.py computes from each article's HTML;
this module only connects them to Pelican. Needs shortlist_core (and runs after
job_openings, so closed listings are known).
"""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.contents import Article
from shortlist_core.metadata import (
    YES_NO_EXPECTED,
    FieldRule,
    parse_yes_no,
    read_value,
    register_metadata_fields,
)
from shortlist_core.problems import REPORT, Problem, display_path

from .article_data import (
    FaqJsonLd,
    RelatedIndex,
    contents,
    faq_pairs,
    has_empty_faq,
    reading_minutes,
)
from .settings import apply_defaults


def set_up(pelican: Any) -> None:
    settings = pelican.settings
    apply_defaults(settings)
    markdown = settings.setdefault("MARKDOWN", {})
    markdown.setdefault("extension_configs", {})["advice_articles.faq"] = {
        "headings": list(settings["ADVICE_FAQ_HEADINGS"])
    }


# `Listen: no` turns the button off for one post; in the table every file is checked against.
LISTEN = FieldRule("Listen", parse_yes_no, YES_NO_EXPECTED)


def is_closed_listing(post: Any) -> bool:
    job = getattr(post, "job", None)
    return job is not None and not job.is_open


def describe(post: Any) -> None:
    """When a post is read: what its page shows besides the body. Kept with the post in
    Pelican's content cache, so the devserver works it out only for edited posts."""
    if not isinstance(post, Article):
        return
    settings = post.settings
    html = post._content or ""  # before {filename} links are resolved: enough to read
    pairs = faq_pairs(html)
    post.faq = pairs
    post.faq_json_ld = FaqJsonLd(pairs) if pairs else None
    if has_empty_faq(html):
        REPORT.report(
            [
                Problem(
                    display_path(post.source_path),
                    "FAQ",
                    "the FAQ heading has no questions under it",
                    "### question headings under it, each followed by its answer",
                )
            ]
        )
    minutes = reading_minutes(html, settings["ADVICE_WORDS_PER_MINUTE"])
    post.reading_time = f"{minutes} min read" if minutes else None
    post.contents = contents(html, settings["ADVICE_CONTENTS_MIN_SECTIONS"])
    wanted = settings["LISTEN_BUTTON"].get(str(getattr(post, "category", "")), False)
    post.listen = bool(wanted) and read_value(post.metadata, LISTEN, True)


def annotate(generator: Any) -> None:
    """After reading: links between posts (related reading, previous and next)."""
    settings = generator.settings
    index = RelatedIndex([post for post in generator.articles if not is_closed_listing(post)])
    by_category: dict[str, list[Any]] = {}
    for post in sorted(generator.articles, key=lambda p: p.date):
        by_category.setdefault(str(post.category), []).append(post)
    positions = {id(post): i for siblings in by_category.values() for i, post in enumerate(siblings)}
    for name in ("articles", "translations", "hidden_articles", "hidden_translations"):
        for post in getattr(generator, name, []) or []:
            if not hasattr(post, "reading_time"):  # read before this plugin was on
                describe(post)
            # Links, not the posts themselves: a chain of posts pointing at posts would
            # make Pelican's content cache pickle the whole site recursively.
            post.related = [index.link(other) for other in index.related(post, settings["RELATED_MAX"])]
            siblings = by_category.get(str(post.category), [])
            position = positions.get(id(post))
            post.prev_in_category = index.link(siblings[position - 1]) if position else None
            post.next_in_category = (
                index.link(siblings[position + 1])
                if position is not None and position + 1 < len(siblings)
                else None
            )


def register() -> None:
    register_metadata_fields([LISTEN])
    signals.initialized.connect(set_up)
    signals.content_object_init.connect(describe)
    signals.article_generator_finalized.connect(annotate)
