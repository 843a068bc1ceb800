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
look, and each is the same, byte for byte, as Pelican's Writer makes it.

Everything else (pages, template pages, other plugins' pages, feeds) is written at
once, as Pelican does. Rendering stays in this process, one page after another,
when the site is small, when only one CPU may be used, and when this process runs
other threads (forking a threaded process can deadlock the child; Python 3.12
warns about it): the devserver, which serves from a thread, is such a process.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from pelican.log import console
from pelican.writers import FileOverwriteFailedError, Writer
from shortlist_core.cpus import thread_count, usable_cpus
from shortlist_core.problems import NOTICE_LOGGER_NAME, REPORT

logger = logging.getLogger("pelican.writers")
notice = logging.getLogger(NOTICE_LOGGER_NAME + ".shortlist_parallel")

# A page to render: the template, its local context, and the shared context's
# `localsiteurl` when Pelican would have rendered it (links inside a post's content
# are resolved against that, not against the local context).
Page = tuple[Any, dict[str, Any], Any]


def stop_console_spinner() -> None:
    """End the "Generating..." spinner of the `pelican` command, and its thread.

    Pelican runs the build inside Rich's `console.status()`, whose display is
    redrawn by a thread of its own; a process must not fork while another thread
    may hold a lock (the console's, here). The spinner is only decoration, so it
    stops for the rest of the build. (Rich offers no public way to reach the
    running display: `_live_stack` and `_refresh_thread` are its own attributes,
    read defensively.)
    """
    for live in list(getattr(console, "_live_stack", [])):
        thread = getattr(live, "_refresh_thread", None)
        live.stop()
        if thread is not None:
            thread.join(timeout=2)


def worker_count(setting: int) -> int:
    """SHORTLIST_WRITE_WORKERS, where 0 means one per CPU this process may use."""
    return setting if setting > 0 else usable_cpus()


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
        self.writer.rendered = (self.template, localcontext, shared.get("localsiteurl"))
        return ""


class ParallelWriter(Writer):
    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.shared_context: dict[str, Any] = {}
        self.recording = False
        self.rendered: Page | None = None
        self.pages: dict[str, Page] = {}
        self._said_serial = False

    # --- recording --------------------------------------------------------------

    @contextmanager
    def deferred(self, shared_context: dict[str, Any]) -> Iterator[None]:
        """Record the pages written inside the block; render and write them at its end."""
        self.shared_context, self.recording, self.pages = shared_context, True, {}
        try:
            yield
        except BaseException:
            self.pages = {}
            raise
        finally:
            self.recording = False
        self.flush()

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

    # --- rendering --------------------------------------------------------------

    def _render(self, pages: list[tuple[str, Page]]) -> None:
        shared = self.shared_context
        for path, (template, localcontext, localsiteurl) in pages:
            shared["localsiteurl"] = localsiteurl
            output = template.render(localcontext)
            with open(path, "w", encoding="utf-8") as out:
                out.write(output)

    def workers_for(self, pages: int) -> int:
        workers = worker_count(self.settings.get("SHORTLIST_WRITE_WORKERS", 0))
        if workers < 2 or pages < self.settings.get("SHORTLIST_PARALLEL_MIN_PAGES", 100):
            return 1
        if thread_count() > 1:
            stop_console_spinner()
            # A joined thread is done in Python a moment before the OS has ended it.
            deadline = time.monotonic() + 1
            while thread_count() > 1 and threading.active_count() == 1 and time.monotonic() < deadline:
                time.sleep(0.005)
        if not hasattr(os, "fork") or thread_count() > 1:
            if not self._said_serial:
                others = sorted(t.name for t in threading.enumerate() if t is not threading.current_thread())
                notice.warning(
                    "Pages are rendered one at a time: this process runs other threads (%s), "
                    "and forking it could deadlock.",
                    ", ".join(others) or f"{thread_count() - 1} outside Python",
                )
                self._said_serial = True
            return 1
        return min(workers, pages)

    def flush(self) -> None:
        """Render and write every recorded page, on every CPU when it pays."""
        pages, self.pages = list(self.pages.items()), {}
        if not pages:
            return
        shared = self.shared_context
        after = shared.get("localsiteurl")
        workers = self.workers_for(len(pages))
        logger.info("Rendering %d pages in %d process%s", len(pages), workers, "es" if workers > 1 else "")
        try:
            if workers == 1:
                self._render(pages)
            else:
                self._render_in_workers([pages[i::workers] for i in range(workers)])
        finally:
            # As Pelican's writer leaves it after the last of these pages.
            shared["localsiteurl"] = after

    def _render_in_workers(self, shares: list[list[tuple[str, Page]]]) -> None:
        children: list[tuple[int, int]] = []
        errors: list[str] = []
        known = len(REPORT.problems)
        try:
            for share in shares[1:]:
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:  # a worker: render its share, send back what went wrong, leave
                    os.close(read_end)
                    outcome: dict[str, Any] = {"error": None, "problems": []}
                    try:
                        try:
                            self._render(share)
                        except BaseException:
                            outcome["error"] = traceback.format_exc()
                        outcome["problems"] = REPORT.problems[known:]
                        with os.fdopen(write_end, "wb") as out:
                            pickle.dump(outcome, out)
                    finally:
                        os._exit(0)
                os.close(write_end)
                children.append((pid, read_end))
            try:
                self._render(shares[0])
            except Exception:
                errors.append(traceback.format_exc())
            while children:
                pid, read_end = children[0]
                with os.fdopen(read_end, "rb") as stream:
                    data = stream.read()
                children.pop(0)
                _, status = os.waitpid(pid, 0)
                try:
                    outcome = pickle.loads(data)
                except (EOFError, pickle.UnpicklingError):
                    outcome = {"error": f"a page-writing worker stopped (status {status})", "problems": []}
                REPORT.extend(outcome["problems"])
                if outcome["error"]:
                    errors.append(outcome["error"])
        finally:
            # Interrupted (Ctrl-C) or failed: no worker outlives the build.
            for pid, read_end in children:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
                with suppress(OSError):  # closed already by the read that was interrupted
                    os.close(read_end)
        if errors:
            raise RuntimeError("Writing pages failed:\n" + "\n".join(errors))
