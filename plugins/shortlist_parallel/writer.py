"""Pelican's Writer, with the article generator's pages rendered on every CPU.

Nearly every page of a blog (posts, the index and its pages, labels, kinds,
authors, period archives, drafts) is written by `ArticlesGenerator.generate_pages`.
While it runs, this writer goes through Pelican's own `Writer.write_file` for each
page — pagination, the local context, the `localsiteurl` that content links are
resolved against, the overwrite rules, the log lines — but where Pelican would
render the template it records what it would render with: the page's own context
and the shared context's `localsiteurl` at that moment. When `generate_pages`
returns, before `article_writer_finalized` is sent, the recorded pages are rendered
in forked workers and written, so every page is on disk before any plugin could
look, and each is the same, byte for byte, as Pelican's Writer makes it. Pages other
plugins asked for early (shortlist_core's `pages_wanted_early`: site_search's first
parts) are rendered first, and each plugin told once they are on disk, so its work
(Pagefind) runs while the rest are rendered.

The article generator's feeds (`generate_feeds`, just before its pages) are recorded
the same way and written by the workers with the pages: Pelican's own `write_feed`,
called there, builds and writes each (`feed_generated` is sent there, before it is
written, as Pelican sends it). They stay in this process when another plugin listens
to `feed_written`, which would then be sent in a worker.

Everything else (pages, template pages, other plugins' pages and feeds) is written at
once, as Pelican does. Rendering stays in this process, one page after another,
when the site is small, when only one CPU may be used, and when this process runs
other threads (forking a threaded process can deadlock the child; Python 3.12
warns about it): the devserver, which serves from a thread, is such a process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import compress
from operator import is_not
from types import ModuleType
from typing import Any

import pelican.writers
from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer
from shortlist_core.problems import REPORT
from shortlist_core.site_parts import pages_wanted_early

from .forking import fork_map, may_fork, worker_count

logger = logging.getLogger("pelican.writers")

# A page to render: the template, its local context, and the shared context's
# `localsiteurl` when Pelican would have rendered it (links inside a post's content
# are resolved against that, not against the local context).
Page = tuple[Any, dict[str, Any], Any]

# What a forked worker sends back besides the problems it found: for each pair, what
# `collect()` returns in the worker after its pages is passed to `merge()` here (the
# devserver's notes of what each page read, devserver_partial.py).
COLLECTORS: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []


class _NoFile:
    """Stands in for the file Pelican would open while a page is only recorded."""

    def __enter__(self) -> _NoFile:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, text: str) -> int:
        return len(text)


class _RecordedTemplate:
    """A template whose render records the call for the writer and returns nothing."""

    def __init__(self, template: Any, writer: ParallelWriter) -> None:
        self.template = template
        self.writer = writer

    def render(self, localcontext: dict[str, Any]) -> str:
        shared = self.writer.shared_context
        self.writer.rendered = (self.template, self.writer.delta(localcontext), shared.get("localsiteurl"))
        return ""


class _FoldersNoted:
    """Stands in for the `os` module inside pelican.writers while pages are recorded.

    Pelican makes each page's folder as it writes it (`os.makedirs`), and most of a
    blog's pages have a folder of their own (posts/slug/index.html): a folder takes
    about 0.3 ms to make on some disks, which was 0.4 s of a 1,000-post build, one after
    another in this process before the workers start. The folders are noted instead,
    and made as the pages are written (`_render`); every folder noted is made by the
    end of the flush, as Pelican would have made it, even for a page it skipped.
    Everything else is the `os` module's own."""

    def __init__(self, real: ModuleType, noted: set[str]) -> None:
        self._real = real
        self._noted = noted

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def makedirs(self, name: str, mode: int = 0o777, exist_ok: bool = False) -> None:
        self._noted.add(os.fspath(name))


class _FeedToWrite:
    """A feed recorded with the pages: the arguments of Pelican's `write_feed`, which
    builds and writes it when the pages are rendered."""

    def __init__(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self.args = args
        self.kwargs = kwargs

    def write(self, writer: ParallelWriter) -> None:
        writer.writing_recorded = True
        try:
            Writer.write_feed(writer, *self.args, **self.kwargs)
        finally:
            writer.writing_recorded = False


_GONE = object()


class ParallelWriter(Writer):
    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.shared_context: dict[str, Any] = {}
        self.recording = False
        self.rendered: Page | None = None
        self.pages: dict[str, Page] = {}
        self.folders: set[str] = set()
        # A recorded feed being written (`_FeedToWrite`): its file is opened as it is,
        # the overwrite rules having been applied when it was recorded.
        self.writing_recorded = False
        self.pages_carried = False

    # --- recording --------------------------------------------------------------

    def may_defer_feeds(self) -> bool:
        """Whether feeds may be recorded, to be written with the pages: only where the
        pages are rendered in workers, and where no plugin listens to `feed_written`
        (it would be sent in a worker, after this process has gone on), and where no
        plugin wrapped this writer's `write_feed` or `_open_w` (the devserver's partial
        rebuild does: its wrapper expects the feed written, or its file's bookkeeping
        done, when the call returns)."""
        if signals.feed_written.receivers or "write_feed" in vars(self) or "_open_w" in vars(self):
            return False
        return worker_count(self.settings.get("SHORTLIST_WRITE_WORKERS", 0)) >= 2 and may_fork(
            "Pages are rendered"
        )

    @contextmanager
    def deferred(self, shared_context: dict[str, Any], flush: bool = True) -> Iterator[None]:
        """Record the pages (and feeds) written inside the block; render and write them at
        its end. With `flush` False they are kept, for the next block to write with its
        own (the feeds, recorded before the pages)."""
        carried = self.pages if self.pages_carried else {}
        self.shared_context, self.recording, self.pages = shared_context, True, carried
        self.pages_carried = False
        # Each page's local context is a copy of the whole context (every setting) plus
        # a few keys: only what differs from this snapshot is kept per page.
        self.base = dict(shared_context)
        self.base_keys = list(self.base)
        real_os = pelican.writers.os
        if not carried:
            self.folders = set()
        pelican.writers.os = _FoldersNoted(real_os, self.folders)
        try:
            yield
        except BaseException:
            self.pages = {}
            raise
        finally:
            self.recording = False
            pelican.writers.os = real_os
        if not flush:
            self.pages_carried = True
            return
        try:
            self.flush()
        finally:
            # The folders of pages not rendered here (skipped, or left as they are on
            # disk): each exists already, so this is a check per folder.
            for folder in sorted(self.folders):
                os.makedirs(folder, exist_ok=True)
            self.folders = set()

    def write_file(
        self, name: Any, template: Any, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> None:
        if self.recording:
            template = _RecordedTemplate(template, self)
        return super().write_file(name, template, context, *args, **kwargs)

    def write_feed(
        self,
        elements: Any,
        context: Any,
        path: Any = None,
        url: Any = None,
        feed_type: str = "atom",
        override_output: bool = False,
        feed_title: Any = None,
    ) -> Any:
        """While recording: Pelican's bookkeeping of the feed's file (its folder noted,
        the overwrite rules), and the feed kept to be built and written with the pages."""
        arguments = {
            "url": url,
            "feed_type": feed_type,
            "override_output": override_output,
            "feed_title": feed_title,
        }
        if not self.recording or not path:
            return super().write_feed(elements, context, path, **arguments)
        # Its elements as they are now (generate_feeds may reuse the list it passed).
        feed = _FeedToWrite((list(elements), context, path), arguments)
        complete_path = sanitised_join(self.output_path, path)
        self.folders.add(os.path.dirname(complete_path))
        self.rendered = (feed, {}, self.shared_context.get("localsiteurl"))
        with self._open_w(complete_path, "utf-8", override_output):
            pass
        return None

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        """While recording: Pelican's overwrite rules, then the page is kept for later."""
        if self.writing_recorded:
            return open(filename, "w", encoding=encoding)
        if not self.recording:
            return super()._open_w(filename, encoding, override=override)
        page, self.rendered = self.rendered, None
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            return _NoFile()
        if filename in self._written_files:
            if override:
                logger.info('Overwriting "%s"', filename)
            else:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already '
                    "written to it previously (set `override=True` if intended)"
                )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        if page is not None:
            self.pages[filename] = page  # a later override replaces an earlier write
        return _NoFile()

    def delta(self, localcontext: dict[str, Any]) -> dict[str, Any]:
        base, keys = self.base, self.base_keys
        # Pelican's local context is a copy of the shared one, so it starts with the
        # snapshot's keys in the same order (unless a plugin removed one since): the
        # values are then compared in order, in C, about ten times as fast as a loop
        # over them (0.1 s of a 1,000-post build, before the workers start).
        names = list(localcontext)
        if names[: len(keys)] == keys:
            values = list(localcontext.values())
            kept = {name: localcontext[name] for name in compress(keys, map(is_not, values, base.values()))}
            kept.update(zip(names[len(keys) :], values[len(keys) :], strict=True))
            return kept
        kept = {key: value for key, value in localcontext.items() if base.get(key, _GONE) is not value}
        if len(localcontext) - len(kept) != len(base):  # keys of the snapshot it lacks
            kept.update((key, _GONE) for key in base if key not in localcontext)
        return kept

    def local(self, delta: dict[str, Any]) -> dict[str, Any]:
        localcontext = {**self.base, **delta}
        for key in [key for key, value in delta.items() if value is _GONE]:
            del localcontext[key]
        return localcontext

    # --- rendering --------------------------------------------------------------

    def _render(self, pages: list[tuple[str, Page]]) -> None:
        shared = self.shared_context
        made: set[str] = set()
        for path, (template, localcontext, localsiteurl) in pages:
            shared["localsiteurl"] = localsiteurl
            if isinstance(template, _FeedToWrite):
                template.write(self)
                continue
            output = template.render(self.local(localcontext))
            folder = os.path.dirname(path)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(path, "w", encoding="utf-8") as out:
                out.write(output)

    def workers_for(self, pages: int) -> int:
        workers = worker_count(self.settings.get("SHORTLIST_WRITE_WORKERS", 0))
        if workers < 2 or pages < self.settings.get("SHORTLIST_PARALLEL_MIN_PAGES", 100):
            return 1
        if not may_fork("Pages are rendered"):
            return 1
        return min(workers, pages)

    def flush(self) -> None:
        """Render and write every recorded page, on every CPU when it pays: first the
        pages other plugins want early (shortlist_core's `pages_wanted_early`, in their
        order), each set's `ready` called once its pages are on disk, then the rest."""
        recorded, self.pages = self.pages, {}
        # A template may say its page is to be left as it is on disk (the devserver's
        # partial rebuild): not rendered, not written, no worker forked for it.
        pages = {
            path: page
            for path, page in recorded.items()
            if not (hasattr(page[0], "skip_render") and page[0].skip_render(self.local(page[1])))
        }
        if not recorded:
            return
        shared = self.shared_context
        after = shared.get("localsiteurl")
        try:
            for wanted in pages_wanted_early(shared):
                paths = [sanitised_join(self.output_path, name) for name in wanted.files]
                # Only a set this writer writes whole (or leaves as it is on disk).
                if not paths or any(path not in recorded for path in paths):
                    continue
                self._render_batch([(path, pages.pop(path)) for path in paths if path in pages])
                wanted.ready()
            self._render_batch(list(pages.items()))
        finally:
            # As Pelican's writer leaves it after the last of these pages.
            shared["localsiteurl"] = after

    def _render_batch(self, pages: list[tuple[str, Page]]) -> None:
        if not pages:
            return
        workers = self.workers_for(len(pages))
        feeds = sum(isinstance(page[0], _FeedToWrite) for _, page in pages)
        logger.info(
            "Rendering %d pages in %d process%s%s",
            len(pages),
            workers,
            "es" if workers > 1 else "",
            f" ({feeds} of them feeds)" if feeds else "",
        )
        if workers == 1:
            self._render(pages)
        else:
            self._render_in_workers([pages[i::workers] for i in range(workers)])

    def _render_in_workers(self, shares: list[list[tuple[str, Page]]]) -> None:
        known = len(REPORT.problems)

        def render(share: list[tuple[str, Page]]) -> tuple[list[Any], list[Any]]:
            self._render(share)
            # What this share found, for the report, and what the collectors want back.
            return REPORT.problems[known:], [collect() for collect, _ in COLLECTORS]

        results = fork_map(render, shares, label="page-writing worker")
        for found, collected in results[1:]:
            REPORT.extend(found)
            for (_, merge), value in zip(COLLECTORS, collected, strict=True):
                merge(value)
