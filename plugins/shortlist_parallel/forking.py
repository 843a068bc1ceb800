"""Work shared out to forked processes, for the writer and the reader alike.

Forking copies this process as it is (settings, templates, plugins, the content
read so far), so a worker needs nothing sent to it; only its results come back,
pickled through a pipe. A process must not fork while another thread may hold a
lock (the child would inherit the lock and never see it released; Python 3.12
warns about it), so `may_fork` says no whenever another thread runs, and the work
then stays in this process, one item after another. Ctrl-C, or a failure, leaves
no worker behind.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import suppress
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
