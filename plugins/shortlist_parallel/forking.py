"""Work shared out to forked processes, for the writer and the reader alike.

Forking copies this process as it is (settings, templates, plugins, the content
read so far), so a worker needs nothing sent to it; only its results come back,
pickled through a pipe. A process must not fork while another thread may hold a
lock (the child would inherit the lock and never see it released; Python 3.12
warns about it), so `may_fork` says no whenever another thread runs, and the work
then stays in this process, one item after another. Ctrl-C, or a failure, leaves
no worker behind.

`fork_map` waits for every worker and hands back what each returned. `fork_stream`
(the reader's) returns at once: each worker sends what it has done as it goes, and
this process takes it when it needs it, working alongside; the workers end when they
are done or when `Streams.end` is called, which whoever forked them must make sure
of (the reader does when its files are read, when the build ends, and on Ctrl-C).
"""

from __future__ import annotations

import gc
import io
import logging
import os
import pickle
import select
import signal
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import Any, TypeVar

from pelican.log import console
from shortlist_core.cpus import thread_count, usable_cpus
from shortlist_core.problems import NOTICE_LOGGER_NAME

notice = logging.getLogger(NOTICE_LOGGER_NAME + ".shortlist_parallel")

Item = TypeVar("Item")

# What has been said already, once per process: "pages", "posts".
_SAID_SERIAL: set[str] = set()


def worker_count(setting: int) -> int:
    """A workers setting, where 0 means one per CPU this process may use."""
    return setting if setting > 0 else usable_cpus()


def stop_console_spinner() -> None:
    """End the "Generating..." spinner of the `pelican` command, and its thread.

    Pelican runs the build inside Rich's `console.status()`, whose display is
    redrawn by a thread of its own. The spinner is only decoration, so it stops for
    the rest of the build. (Rich offers no public way to reach the running display:
    `_live_stack` and `_refresh_thread` are its own attributes, read defensively.)
    """
    for live in list(getattr(console, "_live_stack", [])):
        thread = getattr(live, "_refresh_thread", None)
        live.stop()
        if thread is not None:
            thread.join(timeout=2)


def may_fork(what: str) -> bool:
    """Whether this process may fork workers now; says once per process why not.

    `what` names the work in the notice: "Pages are rendered", "Posts are read".
    """
    if thread_count() > 1:
        stop_console_spinner()
        # A joined thread is done in Python a moment before the OS has ended it.
        deadline = time.monotonic() + 1
        while thread_count() > 1 and threading.active_count() == 1 and time.monotonic() < deadline:
            time.sleep(0.005)
    if hasattr(os, "fork") and thread_count() == 1:
        return True
    if what not in _SAID_SERIAL:
        if not hasattr(os, "fork"):
            reason = "this system cannot fork processes"
        else:
            others = sorted(t.name for t in threading.enumerate() if t is not threading.current_thread())
            running = ", ".join(others) or f"{thread_count() - 1} outside Python"
            reason = f"this process runs other threads ({running}), and forking it could deadlock"
        notice.warning("%s one at a time: %s.", what, reason)
        _SAID_SERIAL.add(what)
    return False


def _in_worker() -> None:
    """First thing in a forked worker: what it inherited is left out of its garbage
    collections (`gc.freeze`). A full collection walks every object and writes to each
    one's header, so each worker's first copied the pages of the whole inherited heap
    (some 33 ms of each reading worker's time at 1,000 posts, and the memory); objects
    the worker makes are collected as before. The worker exits when done, so nothing
    frozen outlives it."""
    gc.freeze()


def fork_map(
    work: Callable[[list[Item]], Any],
    shares: list[list[Item]],
    dump: Callable[[Any, io.BufferedWriter], None] = pickle.dump,
    load: Callable[[bytes], Any] = pickle.loads,
    label: str = "worker",
) -> list[Any]:
    """`work(share)` for every share: the first here, each other in a forked worker.

    Returns the results in the shares' order. `dump` writes a worker's result to its
    pipe and `load` reads it back (the reader passes its own, to keep shared objects
    shared). A worker that raises or dies makes this raise RuntimeError with what it
    said; whatever happens, every worker has ended when this returns.
    """
    children: list[tuple[int, int]] = []
    results: list[Any] = [None] * len(shares)
    errors: list[str] = []
    try:
        for index in range(1, len(shares)):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # a worker: do its share, send back the result or the error, leave
                _in_worker()
                os.close(read_end)
                try:
                    with os.fdopen(write_end, "wb") as out:
                        try:
                            outcome: tuple[str, Any] = ("done", work(shares[index]))
                        except BaseException:
                            outcome = ("failed", traceback.format_exc())
                        try:
                            dump(outcome, out)
                        except Exception:
                            dump(("failed", traceback.format_exc()), out)
                finally:
                    os._exit(0)
            os.close(write_end)
            children.append((pid, read_end))
        try:
            results[0] = work(shares[0])
        except Exception:
            errors.append(traceback.format_exc())
        for index in range(1, len(shares)):
            pid, read_end = children[0]
            with os.fdopen(read_end, "rb") as stream:
                data = stream.read()
            children.pop(0)
            _, status = os.waitpid(pid, 0)
            try:
                state, value = load(data)
            except (EOFError, pickle.UnpicklingError):
                state, value = "failed", f"a {label} stopped (status {status})"
            if state == "done":
                results[index] = value
            else:
                errors.append(value)
    finally:
        # Interrupted (Ctrl-C) or failed: no worker outlives the build.
        for pid, read_end in children:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            with suppress(OSError):  # closed already by the read that was interrupted
                os.close(read_end)
    if errors:
        raise RuntimeError(f"A {label} failed:\n" + "\n".join(errors))
    return results


def _send(fd: int, value: Any) -> None:
    """In a worker: `value` to this process, pickled, its length first."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


def _send_value(fd: int, value: Any) -> None:
    _send(fd, ("sent", value))


class Streams:
    """Workers forked by `fork_stream`, each sending what it has done as it goes."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.children: dict[int, tuple[int, int]] = {}  # worker's index: (pid, read end)
        self.buffers: dict[int, bytearray] = {}
        self.failures: list[str] = []
        """What went wrong in a worker (its traceback, or how it stopped)."""
        self.failed: set[int] = set()  # the workers that sent their traceback

    def running(self, index: int) -> bool:
        """Whether the worker may still send something (its pipe is open)."""
        return index in self.children

    def receive(self) -> tuple[list[tuple[int, Any]], list[int]]:
        """What the workers sent since, waiting until one sends something or ends:
        (worker's index, value) in the order each sent them, and the workers that ended."""
        if not self.children:
            return [], []
        ready, _, _ = select.select([fd for _, fd in self.children.values()], [], [])
        got: list[tuple[int, Any]] = []
        ended: list[int] = []
        for index, (_, fd) in list(self.children.items()):
            if fd not in ready:
                continue
            data = os.read(fd, 1 << 16)
            if not data:  # the worker is done (or died): what it sent is all there is
                self._reap(index, stop=False)
                ended.append(index)
                continue
            buffer = self.buffers[index]
            buffer += data
            while len(buffer) >= 8:
                size = int.from_bytes(buffer[:8], "little")
                if len(buffer) < 8 + size:
                    break
                kind, value = pickle.loads(buffer[8 : 8 + size])
                del buffer[: 8 + size]
                if kind == "failed":
                    self.failures.append(value)
                    self.failed.add(index)
                else:
                    got.append((index, value))
        return got, ended

    def finish(self, index: int) -> None:
        """Wait for a worker that has sent all it will send to end."""
        if index in self.children:
            _, fd = self.children[index]
            while os.read(fd, 1 << 16):
                pass
            self._reap(index, stop=False)

    def end(self) -> None:
        """Every worker still running stopped and waited for (even if interrupted)."""
        while self.children:
            self._reap(next(iter(self.children)), stop=True)

    def _reap(self, index: int, stop: bool) -> None:
        pid, fd = self.children.pop(index)
        self.buffers.pop(index, None)
        try:
            if stop:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
            _, status = os.waitpid(pid, 0)
        finally:
            with suppress(OSError):
                os.close(fd)
        if status and not stop and index not in self.failed:
            self.failures.append(f"a {self.label} stopped (status {status})")


def fork_stream(
    work: Callable[[list[Item], Callable[[Any], None]], None],
    shares: list[list[Item]],
    label: str = "worker",
) -> Streams:
    """`work(share, send)` for every share, each in a forked worker, and return at once.

    The worker calls `send(value)` (anything picklable) as it goes; `Streams.receive`
    hands the values over here. A worker that raises sends its traceback (in
    `Streams.failures`) and ends; one interrupted (Ctrl-C) just ends.
    """
    streams = Streams(label)
    try:
        for index, share in enumerate(shares):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # a worker: do its share, sending as it goes, and leave
                _in_worker()
                status = 1
                try:
                    os.close(read_end)
                    for _, sibling in streams.children.values():
                        os.close(sibling)
                    try:
                        work(share, partial(_send_value, write_end))
                        status = 0
                    except KeyboardInterrupt:
                        pass
                    except BaseException:
                        _send(write_end, ("failed", traceback.format_exc()))
                finally:
                    os._exit(status)
            os.close(write_end)
            streams.children[index] = (pid, read_end)
            streams.buffers[index] = bytearray()
    except BaseException:
        streams.end()
        raise
    return streams
