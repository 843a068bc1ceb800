"""Which content is written, and where: one source per output file.

Two posts with one slug are written to one file; Pelican then stops the whole build
with a traceback ("Failed to overwrite ... as Pelican has already written to it")
once half the site is written. This module finds such clashes after reading, before
anything is written, and keeps the first source by path (the same one every build):
the problems report names both files and the path, the development build goes on
without the other, and a strict build fails listing it. A post or page written over
one of the site's own pages (a page titled "Archive" is written to archive/index.html)
is left out the same way.

It also leaves out content that came from Pelican's cache and fails today's checks
(see reader.check_cached_content): the reader never saw it in this build.

`find_collisions` and `collision_problems` are pure functions on plain data; the rest
is the Pelican glue, connected by `connect()`.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pelican import signals

from .content_lists import ARTICLE_LISTS, PAGE_LISTS
from .problems import REPORT, Problem, display_path
from .reader import check_cached_content
from .site_parts import own_pages

# --- pure ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Collision:
    """Several sources for one output file: the first is kept, the rest left out."""

    path: str
    """The output file, relative to the output folder."""
    kept: str
    """The source written there, or a description of the site's own page."""
    left_out: tuple[str, ...]
    kept_is_site_page: bool = False


def output_key(save_as: str) -> str:
    """The file a save_as names: `a//b/./index.html` and `a/b/index.html` are one file."""
    return posixpath.normpath(save_as.replace("\\", "/")).lstrip("/")


def find_collisions(
    outputs: Iterable[tuple[str, str]],
    taken: Mapping[str, str] | None = None,
    site_pages: Iterable[str] = (),
) -> list[Collision]:
    """Output files with more than one source, from (source, save_as) pairs.

    `taken`: output files already given to a source (by an earlier generator), which
    keeps them. `site_pages`: files the site writes itself (archives, kind and label
    pages), which always keep them. An empty save_as is never written (drafts, by
    default) and so never clashes. Sorted by path, sources by name: the same result
    whatever order the files were read in.
    """
    taken = {output_key(path): source for path, source in (taken or {}).items()}
    reserved = {output_key(path) for path in site_pages if path}
    by_path: dict[str, list[str]] = defaultdict(list)
    for source, save_as in outputs:
        if save_as:
            by_path[output_key(save_as)].append(source)
    collisions = []
    for path, sources in sorted(by_path.items()):
        sources = sorted(sources)
        if path in reserved:
            collisions.append(Collision(path, "", tuple(sources), kept_is_site_page=True))
        elif path in taken:
            collisions.append(Collision(path, taken[path], tuple(sources)))
        elif len(sources) > 1:
            collisions.append(Collision(path, sources[0], tuple(sources[1:])))
    return collisions


def collision_problems(collision: Collision, show: Callable[[str], str] = str) -> list[Problem]:
    """One problem per left-out source, naming it, the kept source and the path."""
    problems = []
    for source in collision.left_out:
        if collision.kept_is_site_page:
            problems.append(
                Problem(
                    show(source),
                    "",
                    f"is written to {collision.path}, which is one of the site's own pages",
                    "a different Slug: (it is left out until then)",
                )
            )
        else:
            problems.append(
                Problem(
                    show(source),
                    "",
                    f"{show(collision.kept)} and {show(source)} are both written to {collision.path}",
                    f"a different Slug: in one of them ({show(source)} is left out until then)",
                )
            )
    return problems


# --- Pelican glue ----------------------------------------------------------------------

# Pelican's own warnings for two posts with one slug and language. When the two are
# also written to one file, our problem says what to do instead; otherwise (one slug
# in two kinds) Pelican's warning stands.
_PELICAN_SAME_SLUG = (
    'There are %s items "%s" with lang %s',
    "There are %s original (not translated) items %s",
)


class HeldSameSlugWarnings(logging.Filter):
    """Holds Pelican's same-slug warnings until the clashes of that generator are known."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith(_PELICAN_SAME_SLUG):
            return True
        self.held.append(record)
        return False

    def release(self, explained: Callable[[set[str]], bool]) -> None:
        """Pass on each held warning that `explained` (given its source paths) says is not covered."""
        held, self.held = self.held, []
        for record in held:
            args = record.args if isinstance(record.args, tuple) else ()
            count = args[0] if args and isinstance(args[0], int) else 0
            sources = {str(path) for path in args[len(args) - count :]} if count else set()
            if not sources or not explained(sources):
                # Straight to the handlers: the logger's filters have passed it once already
                # (Pelican's own would now drop it as a repeat).
                logging.getLogger(record.name).callHandlers(record)


HELD = HeldSameSlugWarnings()


def _source(item: Any) -> str:
    return os.path.abspath(item.source_path)


def _items(generator: Any, lists: Iterable[str]) -> list[Any]:
    seen: dict[int, Any] = {}
    for name in lists:
        for item in getattr(generator, name, None) or []:
            seen.setdefault(id(item), item)
    return list(seen.values())


def _leave_out(generator: Any, lists: Iterable[str], items: list[Any]) -> None:
    """Remove items from every list of the generator (in place: the context holds the same lists)."""
    if not items:
        return
    gone = {id(item) for item in items}
    for name in lists:
        current = getattr(generator, name, None)
        if isinstance(current, list):
            current[:] = [item for item in current if id(item) not in gone]
            for item in current:
                if getattr(item, "translations", None):
                    item.translations = [t for t in item.translations if id(t) not in gone]
    generated = generator.context.get("generated_content")
    for item in items:
        if isinstance(generated, dict):
            # As Pelican records a file it could not process: links to it are reported.
            generated[item.get_relative_source_path()] = None


def site_pages(settings: Mapping[str, Any], context: Mapping[str, Any]) -> list[str]:
    """The pages Pelican writes itself: direct templates, template pages, kinds, labels, authors, archives."""
    pages = [
        settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        for name in settings.get("DIRECT_TEMPLATES", [])
    ]
    pages += list(dict(settings.get("TEMPLATE_PAGES") or {}).values())
    pages += own_pages(settings)  # the jobs page, My search...: each plugin says which
    for group in ("categories", "tags", "authors"):
        pages += [getattr(wrapper, "save_as", "") for wrapper, _ in context.get(group) or []]
    for archives in dict(context.get("period_archives") or {}).values():
        pages += [archive.get("save_as", "") for archive in archives]
    return [page for page in pages if page]


def choose_sources(
    generator: Any, lists: tuple[str, ...], taken: Mapping[str, str], site_pages: list[str]
) -> None:
    """Leave out what fails today's checks, then every source but the first of each output file."""
    _leave_out(generator, lists, check_cached_content(_items(generator, lists), generator.settings))
    items = _items(generator, lists)
    collisions = find_collisions(((_source(i), i.save_as) for i in items), taken, site_pages)
    left_out = {source for collision in collisions for source in collision.left_out}
    for collision in collisions:
        REPORT.report(collision_problems(collision, display_path))
    _leave_out(generator, lists, [item for item in items if _source(item) in left_out])
    groups = [{c.kept, *c.left_out} for c in collisions if not c.kept_is_site_page]
    HELD.release(lambda sources: any({os.path.abspath(s) for s in sources} <= group for group in groups))


def choose_articles(generator: Any) -> None:
    """After reading the articles, before Pelican files them under kinds, labels and dates."""
    choose_sources(generator, ARTICLE_LISTS, {}, site_pages(generator.settings, {}))


def choose_pages(generator: Any) -> None:
    """After reading the pages: the articles (read first) keep their files."""
    context = generator.context
    taken: dict[str, str] = {}
    for name in ("articles", "hidden_articles", "drafts"):
        for article in context.get(name) or []:
            for item in (article, *getattr(article, "translations", [])):
                if item.save_as:
                    taken.setdefault(item.save_as, _source(item))
    choose_sources(generator, PAGE_LISTS, taken, site_pages(generator.settings, context))


def release_held(generators: list[Any]) -> None:
    """A same-slug warning from any other generator is Pelican's to give."""
    HELD.release(lambda sources: False)


def connect() -> None:
    """Check each generator's sources before anything is written."""
    logging.getLogger("pelican.utils").addFilter(HELD)
    signals.article_generator_pretaxonomy.connect(choose_articles)
    signals.page_generator_finalized.connect(choose_pages)
    signals.all_generators_finalized.connect(release_held)
