"""Render and write pages on every CPU core.

Pelican renders its pages one after another; on a site with a thousand posts that
is a third of the build. This writer records each page Pelican asks for, and at the
end of the build (before any `finalized` handler that might read the output) forks
one worker per core, each rendering its share with Pelican's own `write_file`.

- Pages are shared out by output name, so two writes to the same file meet in the
  same worker, in their original order: Pelican's overwrite checks still hold.
- Workers send back the problems they logged, so strict builds still see them.
- It stands aside (Pelican's plain writer is used) without os.fork, for small
  sites, when SHORTLIST_WRITE_WORKERS is 1, and when another plugin listens to
  `content_written`: that signal would fire in a worker, out of that plugin's sight.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import traceback
import zlib
from typing import Any

from pelican import signals
from pelican.writers import Writer

from .problems import REPORT


def worker_count(setting: int) -> int:
    """SHORTLIST_WRITE_WORKERS, where 0 means one per core this process may use."""
    if setting > 0:
        return setting
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def share_out(names: list[str], workers: int) -> list[list[int]]:
    """Job indexes per worker: by a stable hash of the output name, order kept."""
    shares: list[list[int]] = [[] for _ in range(workers)]
    for index, name in enumerate(names):
        shares[zlib.crc32(str(name).encode()) % workers].append(index)
    return shares


class ParallelWriter(Writer):
    """Pelican's Writer, with page writes deferred to `flush`."""

    current: ParallelWriter | None = None

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self._jobs: list[tuple[Any, Any, dict[str, Any], tuple[Any, ...], dict[str, Any]]] = []
        ParallelWriter.current = self

    def write_file(
        self, name: Any, template: Any, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> None:
        # Pelican copies the context when it renders; copy it now, as it is now.
        self._jobs.append((name, template, context.copy(), args, kwargs))

    def _run_jobs(self, indexes: list[int]) -> None:
        for index in indexes:
            name, template, context, args, kwargs = self._jobs[index]
            super().write_file(name, template, context, *args, **kwargs)

    def flush(self) -> None:
        """Write every recorded page, in parallel when it pays; raise on a failed page."""
        jobs, workers = self._jobs, worker_count(self.settings.get("SHORTLIST_WRITE_WORKERS", 0))
        if workers < 2 or len(jobs) < self.settings.get("SHORTLIST_PARALLEL_MIN_PAGES", 100):
            self._run_jobs(list(range(len(jobs))))
            self._jobs = []
            return
        shares = share_out([job[0] for job in jobs], workers)
        children: list[tuple[int, str]] = []
        for share in shares[1:]:
            handle, result_path = tempfile.mkstemp(prefix="shortlist-writer-")
            os.close(handle)
            pid = os.fork()
            if pid == 0:  # a worker: render its share, report, and leave without cleanup
                outcome: dict[str, Any] = {"error": None}
                try:
                    self._run_jobs(share)
                except BaseException:
                    outcome["error"] = traceback.format_exc()
                outcome["problems"] = REPORT.problems
                with open(result_path, "wb") as result:
                    pickle.dump(outcome, result)
                os._exit(0)
            children.append((pid, result_path))
        errors: list[str] = []
        try:
            self._run_jobs(shares[0])
        except Exception:
            errors.append(traceback.format_exc())
        for pid, result_path in children:
            _, status = os.waitpid(pid, 0)
            try:
                with open(result_path, "rb") as result:
                    outcome = pickle.load(result)
            except (OSError, EOFError, pickle.UnpicklingError):
                outcome = {"error": f"a page-writing worker stopped with status {status}", "problems": []}
            finally:
                os.unlink(result_path)
            REPORT.extend(outcome["problems"])
            if outcome["error"]:
                errors.append(outcome["error"])
        self._jobs = []
        if errors:
            raise RuntimeError("Writing pages failed:\n" + "\n".join(errors))


def writer_class(settings: dict[str, Any]) -> type[Writer] | None:
    """ParallelWriter when it can be used safely, else None (Pelican's own writer)."""
    if not hasattr(os, "fork") or worker_count(settings.get("SHORTLIST_WRITE_WORKERS", 0)) < 2:
        return None
    if bool(signals.content_written.receivers):
        return None
    return ParallelWriter


def flush_pending_writes() -> None:
    """Write what this build's ParallelWriter recorded (a no-op with Pelican's writer)."""
    writer, ParallelWriter.current = ParallelWriter.current, None
    if writer is not None:
        writer.flush()
