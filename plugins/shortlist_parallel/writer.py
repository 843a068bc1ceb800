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

Everything else (pages, template pages, other plugins' pages, feeds) is written at
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
from types import ModuleType
from typing import Any

import pelican.writers
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


_GONE = object()


class ParallelWriter(Writer):
    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.shared_context: dict[str, Any] = {}
        self.recording = False
        self.rendered: Page | None = None
        self.pages: dict[str, Page] = {}
        self.folders: set[str] = set()

    # --- recording --------------------------------------------------------------

    @contextmanager
    def deferred(self, shared_context: dict[str, Any]) -> Iterator[None]:
        """Record the pages written inside the block; render and write them at its end."""
        self.shared_context, self.recording, self.pages = shared_context, True, {}
        # Each page's local context is a copy of the whole context (every setting) plus
        # a few keys: only what differs from this snapshot is kept per page.
        self.base = dict(shared_context)
        real_os, self.folders = pelican.writers.os, set()
        pelican.writers.os = _FoldersNoted(real_os, self.folders)
        try:
            yield
        except BaseException:
            self.pages = {}
            raise
        finally:
            self.recording = False
            pelican.writers.os = real_os
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

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        """While recording: Pelican's overwrite rules, then the page is kept for later."""
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
        base = self.base
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
        logger.info("Rendering %d pages in %d process%s", len(pages), workers, "es" if workers > 1 else "")
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
