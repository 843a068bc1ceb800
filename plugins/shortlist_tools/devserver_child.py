"""The devserver's second process: it serves the site over HTTP and watches the files.

The builder (devserver.py) must run no thread of its own: the parallel writer and
reader fork workers, and a process with other threads must not fork (a child could
inherit a lock some thread held, and hang). An HTTP server and a file watcher both
need threads (watchfiles' Rust side runs OS threads), so they live here, in a process
started with subprocess (a fresh interpreter, never a fork of the builder), and talk
to the builder over two pipes, one JSON object a line:

- to the builder: {"ready": true} once the port is bound, {"failed": "..."} if it cannot
  be, {"changed": [paths]} for each batch of changed files (watching starts before the
  first build, so nothing saved during it is missed), {"error": "..."} if watching fails;
- from the builder: {"serve": true} after the first build, {"status": {...}} after each
  full build (what the banner shows).

It ignores Ctrl-C and SIGTERM: the builder gets them too (same process group) and
closes its end of the pipe; this process stops when that pipe closes, however the
builder ended, so it is never left behind holding the port.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import subprocess
import sys
import threading
import traceback
from contextlib import suppress
from pathlib import Path
from typing import Any

from shortlist_tools.devserver_http import BuildStatus, DevServer, StatusBoard


def _send(stream: Any, message: dict[str, Any], lock: threading.Lock) -> None:
    with lock:
        stream.write(json.dumps(message) + "\n")
        stream.flush()


def watch_files(paths: list[Path], out: Any, lock: threading.Lock, stop: threading.Event) -> None:
    """Every batch of changed files, resolved, to the builder."""
    from watchfiles import watch

    try:
        for changes in watch(*paths, debounce=1000, step=30, stop_event=stop, raise_interrupt=False):
            _send(out, {"changed": sorted({str(Path(path).resolve()) for _, path in changes})}, lock)
    except BaseException:  # the builder shows it and stops, rather than wait forever
        if not stop.is_set():
            _send(out, {"error": traceback.format_exc()}, lock)


def child_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--bind", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--events-fd", type=int, required=True)
    parser.add_argument("--control-fd", type=int, required=True)
    parser.add_argument("watch", type=Path, nargs="+")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    lock = threading.Lock()
    out = os.fdopen(args.events_fd, "w", encoding="utf-8")
    control = os.fdopen(args.control_fd, "r", encoding="utf-8")
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch_files, args=(args.watch, out, lock, stop), name="devserver-watch", daemon=True
    )
    watcher.start()
    board = StatusBoard()
    try:
        httpd = DevServer(args.root, (args.bind, args.port), board)
    except OSError as error:
        _send(out, {"failed": f"cannot serve on {args.bind}:{args.port}: {error.strerror or error}"}, lock)
        stop.set()
        return 1
    _send(out, {"ready": True}, lock)
    serving: threading.Thread | None = None
    try:
        for line in control:  # ends when the builder closes its end, or dies
            message = json.loads(line)
            if "status" in message:
                board.set(BuildStatus(**message["status"]))
            if message.get("serve") and serving is None:
                serving = threading.Thread(target=httpd.serve_forever, name="devserver-http", daemon=True)
                serving.start()
    finally:
        stop.set()
        if serving is not None:
            httpd.shutdown()
        httpd.server_close()
        watcher.join(timeout=2)
    return 0


class ChildGone(Exception):
    """The server process stopped (or said it cannot serve)."""


class ServerProcess:
    """The builder's handle on the server process: start it, read what it saw, tell
    it what to show. Uses no thread: `next_changes` blocks in select()."""

    def __init__(self, root: Path, bind: str, port: int, watch: list[Path]) -> None:
        events_read, events_write = os.pipe()
        control_read, control_write = os.pipe()
        command = [
            sys.executable,
            "-m",
            "shortlist_tools.devserver_child",
            f"--root={root}",
            f"--bind={bind}",
            f"--port={port}",
            f"--events-fd={events_write}",
            f"--control-fd={control_read}",
            *(str(path) for path in watch),
        ]
        self.process = subprocess.Popen(command, pass_fds=(events_write, control_read))
        os.close(events_write)
        os.close(control_read)
        self._events = events_read
        self._control: Any = os.fdopen(control_write, "w", encoding="utf-8")
        self._buffer = b""
        self._pending: list[dict[str, Any]] = []
        # Changes may come first: the watcher starts before the port is bound.
        while not any("ready" in m or "failed" in m for m in self._pending):
            self._read(None)
        said = next(m for m in self._pending if "ready" in m or "failed" in m)
        self._pending.remove(said)
        if "failed" in said:
            self.stop()
            raise ChildGone(said["failed"])

    def _read(self, timeout: float | None) -> bool:
        """Read what is there (waiting up to `timeout`); False when nothing came."""
        ready, _, _ = select.select([self._events], [], [], timeout)
        if not ready:
            return False
        data = os.read(self._events, 1 << 16)
        if not data:
            raise ChildGone("the server process stopped")
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        self._pending.extend(json.loads(line) for line in lines if line.strip())
        return True

    def next_changes(self) -> set[Path]:
        """The next changed files, and all that came in meanwhile (while a build ran),
        as one set."""
        while not self._pending:
            self._read(None)
        while self._read(0):
            pass
        messages, self._pending = self._pending, []
        changed: set[Path] = set()
        for message in messages:
            if "error" in message:
                raise ChildGone(f"watching the files failed:\n{message['error']}")
            changed |= {Path(path) for path in message.get("changed", [])}
        return changed

    def _tell(self, message: dict[str, Any]) -> None:
        try:
            self._control.write(json.dumps(message) + "\n")
            self._control.flush()
        except (BrokenPipeError, ValueError) as error:
            raise ChildGone("the server process stopped") from error

    def serve(self) -> None:
        self._tell({"serve": True})

    def show(self, status: BuildStatus) -> None:
        self._tell({"status": {"report": status.report, "error": status.error}})

    def stop(self) -> None:
        """Close the pipe the server process waits on, and wait for it to end."""
        with suppress(OSError):
            self._control.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self._events >= 0:
            os.close(self._events)
            self._events = -1


if __name__ == "__main__":
    sys.exit(child_main())
