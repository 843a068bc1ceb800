"""shortlist_parallel: read the posts and render the site's pages on every CPU,
byte for byte as Pelican's own readers and Writer would (reading.py and writer.py
say how, forking.py when processes may be used, shortlist_core/cpus.py how many).

The writer stands aside, leaving Pelican's Writer in place, when SHORTLIST_WRITE_WORKERS is
1, when only one CPU may be used, and when another plugin listens to
`content_written` (that signal would fire before the page is rendered). Needs
shortlist_core.
"""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator

from .forking import worker_count
from .reading import PREPARED
from .settings import apply_defaults
from .writer import ParallelWriter


def set_up(pelican: Any) -> None:
    apply_defaults(pelican.settings)


def choose_writer(pelican: Any) -> type[ParallelWriter] | None:
    if worker_count(pelican.settings["SHORTLIST_WRITE_WORKERS"]) < 2:
        return None
    if bool(signals.content_written.receivers):
        return None
    return ParallelWriter


def defer_article_pages(generators: list[Any]) -> None:
    """Have the article generator's feeds and pages recorded, then rendered together
    when it is done. Pelican sends no signal between its last page and
    `article_writer_finalized`, so the generator's own `generate_feeds` (which Pelican
    calls just before `generate_pages`) and `generate_pages` are wrapped, on this
    instance only."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        feeds = generator.generate_feeds

        def generate_feeds(writer: Any, original: Any = feeds, context: Any = generator.context) -> None:
            if not isinstance(writer, ParallelWriter) or not writer.may_defer_feeds():
                return original(writer)
            # Kept for the pages' block below, which writes them with its pages.
            with writer.deferred(context, flush=False):
                original(writer)
            return None

        generator.generate_feeds = generate_feeds
        original = generator.generate_pages

        def generate_pages(writer: Any, original: Any = original, context: Any = generator.context) -> None:
            if not isinstance(writer, ParallelWriter):
                return original(writer)
            with writer.deferred(context):
                original(writer)
            return None

        generator.generate_pages = generate_pages


def read_ahead(generator: Any) -> None:
    PREPARED.prepare(generator)


def forget_reads(*_: Any) -> None:
    """Whatever was read ahead and not asked for (files Pelican skipped) goes."""
    PREPARED.clear()


def register() -> None:
    signals.initialized.connect(set_up)
    signals.article_generator_preread.connect(read_ahead)
    signals.page_generator_preread.connect(read_ahead)
    signals.article_generator_init.connect(forget_reads)
    signals.all_generators_finalized.connect(forget_reads)
    signals.get_writer.connect(choose_writer)
    signals.all_generators_finalized.connect(defer_article_pages)
