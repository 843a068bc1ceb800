"""shortlist_parallel: render the site's pages on every CPU, byte for byte as
Pelican's own Writer would (writer.py says how, shortlist_core/cpus.py how many).

It stands aside, leaving Pelican's Writer in place, when SHORTLIST_WRITE_WORKERS is
1, when only one CPU may be used, and when another plugin listens to
`content_written` (that signal would fire before the page is rendered). Needs
shortlist_core.
"""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator

from .settings import apply_defaults
from .writer import ParallelWriter, worker_count


def set_up(pelican: Any) -> None:
    apply_defaults(pelican.settings)


def choose_writer(pelican: Any) -> type[ParallelWriter] | None:
    if worker_count(pelican.settings["SHORTLIST_WRITE_WORKERS"]) < 2:
        return None
    if bool(signals.content_written.receivers):
        return None
    return ParallelWriter


def defer_article_pages(generators: list[Any]) -> None:
    """Have the article generator's pages recorded, then rendered together when it is
    done. Pelican sends no signal between its last page and `article_writer_finalized`,
    so the generator's own `generate_pages` is wrapped, on this instance only."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        original = generator.generate_pages

        def generate_pages(writer: Any, original: Any = original, context: Any = generator.context) -> None:
            if not isinstance(writer, ParallelWriter):
                return original(writer)
            with writer.deferred(context):
                original(writer)
            return None

        generator.generate_pages = generate_pages


def register() -> None:
    signals.initialized.connect(set_up)
    signals.get_writer.connect(choose_writer)
    signals.all_generators_finalized.connect(defer_article_pages)
