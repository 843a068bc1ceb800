"""The edited page in a few milliseconds, whatever the size of the site.

A preview-first build (preview.py) still reads the whole site back from the cache
and runs every plugin over it before writing one page: about a second at 1,000
posts, five at 5,000. The last full build has already done all that, and its
generators are still in memory: `LastBuild` keeps them (and only those of a build
that finished). `write_edited` reads just the edited files again, with the same
readers and signals Pelican uses, puts each new post in place of the old one, and
has the generator that wrote its page write it again, through a writer that skips
every other file before rendering.

What the page shows from the rest of the site (the other posts, labels, what plugins
worked out over the whole site, such as related reading) is the last full build's:
the full build that follows at once brings every page, this one included, to exactly
what `make html` writes. A post whose address, status or kind changes, a new or
deleted file, or anything this cannot place is left to that build (None is returned).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import SkipStub
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer
from shortlist_tools.preview import CONTENT_LISTS


class LastBuild:
    """The generators of the last build that finished, and the ones of the build running."""

    def __init__(self) -> None:
        self.generators: list[Any] | None = None
        self._running: list[Any] | None = None

    def seen(self, generators: list[Any]) -> None:
        """For all_generators_finalized: the build under way's generators."""
        self._running = generators

    def finished(self, ok: bool) -> None:
        """A build ended: keep its generators if it finished, else forget them all."""
        self.generators = self._running if ok else None
        self._running = None

    def forget(self) -> None:
        """Let the memory go before the next full build makes new ones."""
        self.generators = None
        self._running = None


class _OnlyThese(Writer):
    """Pelican's writer, writing only the named files (others skipped before rendering)."""

    def __init__(self, output_path: str, settings: dict[str, Any], names: set[str]) -> None:
        super().__init__(output_path, settings=settings)
        self.names = names
        self.written: set[str] = set()

    def write_file(self, name: Any, *args: Any, **kwargs: Any) -> None:
        if name not in self.names:
            return None
        self.written.add(name)
        return super().write_file(name, *args, **kwargs)

    def write_feed(self, *args: Any, **kwargs: Any) -> None:
        return None


def _find(generators: list[Any], source: str) -> tuple[Any, str, int] | None:
    """The generator, list and index of the post or page read from `source`."""
    found = []
    file_name = os.path.basename(source)
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator | PagesGenerator):
            continue
        base = getattr(generator, "path", "")
        for name in CONTENT_LISTS:
            for index, item in enumerate(getattr(generator, name, None) or []):
                # The name first: resolving every path of a large site costs more than the rest.
                if os.path.basename(item.source_path) != file_name:
                    continue
                if os.path.realpath(os.path.join(base, item.source_path)) == source:
                    found.append((generator, name, index))
    return found[0] if len(found) == 1 else None


def _read_again(generator: Any, old: Any) -> Any | None:
    """The post or page read again as Pelican reads it, or None when it cannot be placed."""
    is_article = isinstance(generator, ArticlesGenerator)
    new = generator.readers.read_file(
        base_path=generator.path,
        path=os.path.relpath(old.source_path, generator.path),
        content_class=type(old),
        context=generator.context,
        # No preread signal: a plugin may take it as the start of reading the whole site.
        context_signal=signals.article_generator_context if is_article else signals.page_generator_context,
        context_sender=generator,
    )
    if isinstance(new, SkipStub) or not new.is_valid():
        return None
    if (new.status, new.save_as, type(new)) != (old.status, old.save_as, type(old)):
        return None
    if getattr(new, "template", None) != getattr(old, "template", None):
        return None
    # What plugins set on the old one after reading (over the whole site) it keeps: what
    # the new one lacks, and what a plugin worked out from metadata that is the same as
    # before (My search's `applications`: read as ids, then replaced by the applications).
    old_values, new_values, before = vars(old), vars(new), old.metadata
    for key, value in old_values.items():
        worked_out = key in before and value is not before[key] and new.metadata.get(key) == before[key]
        if key not in new_values or worked_out:
            setattr(new, key, value)
    new.refresh_metadata_intersite_links()
    return new


def write_edited(last: LastBuild, sources: set[Path]) -> list[str] | None:
    """Write the pages of the edited `sources` from the last build; the files written,
    or None when this cannot (nothing is written then)."""
    if not last.generators or not sources:
        return None
    replacements = []
    for source in sources:
        found = _find(last.generators, os.path.realpath(source))
        if found is None:
            return None
        generator, name, index = found
        new = _read_again(generator, getattr(generator, name)[index])
        if new is None:
            return None
        replacements.append((generator, name, index, new))
    names: set[str] = set()
    for generator, name, index, new in replacements:
        getattr(generator, name)[index] = new  # the list the context shares, too
        names.add(new.save_as)
    generator = replacements[0][0]
    writer = _OnlyThese(generator.output_path, generator.settings, names)
    for generator in {id(g): g for g, *_ in replacements}.values():
        edited = [(name, new) for g, name, _, new in replacements if g is generator]
        if isinstance(generator, ArticlesGenerator):
            write = partial(writer.write_file, relative_urls=generator.settings["RELATIVE_URLS"])
            with only(generator, edited, ARTICLE_WRITES):
                generator.generate_articles(write)
            # Apart: a draft's page is given `all_articles`, the whole list.
            with only(generator, edited, DRAFT_WRITES):
                generator.generate_drafts(write)
        else:
            with only(generator, edited, PAGE_WRITES):
                generator.generate_output(writer)
    if writer.written != names:
        return None
    return sorted(names)


# The lists each of Pelican's writing methods goes through, page by page.
ARTICLE_WRITES = ("translations", "articles", "hidden_translations", "hidden_articles")
DRAFT_WRITES = ("drafts_translations", "drafts")
PAGE_WRITES = (
    "translations",
    "pages",
    "hidden_translations",
    "hidden_pages",
    "draft_translations",
    "draft_pages",
)


@contextmanager
def only(generator: Any, edited: list[tuple[str, Any]], names: tuple[str, ...]) -> Iterator[None]:
    """The generator's `names` lists hold only the edited items while Pelican's method
    walks them: on a large site, working out every post's address only to skip its page
    costs more than writing the edited one. The context keeps the whole lists (it holds
    its own references to them, and only the attributes are swapped)."""
    kept = {name: getattr(generator, name, None) for name in names}
    try:
        for name in names:
            setattr(generator, name, [item for list_name, item in edited if list_name == name])
        yield
    finally:
        for name, items in kept.items():
            setattr(generator, name, items)
