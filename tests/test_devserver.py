"""`make devserver`: builds, serves, shows an edit at once, and ends up with exactly
the pages a fresh `make html` would write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, free_port, run_pelican

sys.path.insert(0, str(ROOT / "bench"))
from same_output import differences


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_devserver_serves_rebuilds_on_edit_and_matches_a_fresh_build(
    tmp_path: Path, content_copy: Path
) -> None:
    port = free_port()
    venv = Path(sys.executable).parent.parent
    output = tmp_path / "output"
    log_path = tmp_path / "devserver.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [
                "make",
                "--no-print-directory",
                "devserver",
                f"VENV={venv}",
                f"PORT={port}",
                f"INPUTDIR={content_copy}",
                f"OUTPUTDIR={output}",
            ],
            cwd=ROOT,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1796126400"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def up_to_date() -> int:
        return log_path.read_text(errors="replace").count("Site up to date.")

    post_url = f"http://127.0.0.1:{port}/reflections/a-week-with-two-interviews/"
    try:
        assert wait_for(lambda: "A week with two" in (fetch(post_url) or ""), 60), log_path.read_text()
        source = content_copy / "reflections/a-week-with-two-interviews.md"
        text = source.read_text(encoding="utf-8")
        time.sleep(0.5)
        source.write_text(
            text + "\nAn edit made while the devserver runs, checked by a test.\n", encoding="utf-8"
        )
        assert wait_for(lambda: "while the devserver runs" in (fetch(post_url) or ""), 60), (
            log_path.read_text()
        )
        assert wait_for(lambda: up_to_date() >= 2, 60), log_path.read_text()
        assert "edited page written" in log_path.read_text()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)
    fresh = run_pelican(
        tmp_path / "fresh", "pelicanconf.py", content_copy, {"SHORTLIST_DEV_URL": f"http://127.0.0.1:{port}"}
    )
    assert fresh.returncode == 0, fresh.log
    assert differences(output, fresh.output) == []


def start_devserver(tmp_path: Path, content: Path, port: int, log_path: Path) -> subprocess.Popen:
    venv = Path(sys.executable).parent.parent
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [
                "make",
                "--no-print-directory",
                "devserver",
                f"VENV={venv}",
                f"PORT={port}",
                f"INPUTDIR={content}",
                f"OUTPUTDIR={tmp_path / 'output'}",
            ],
            cwd=ROOT,
            # Wide, plain logs so file names are not wrapped mid-word.
            env={**os.environ, "SOURCE_DATE_EPOCH": "1796126400", "COLUMNS": "400", "TERM": "dumb"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def test_a_failed_build_leaves_nothing_for_the_next_one(tmp_path: Path, content_copy: Path) -> None:
    """A build that raises half-way (after problems were found) must not pass them on:
    the fixed build that follows reports only its own."""
    port = free_port()
    log_path = tmp_path / "devserver.log"
    server = start_devserver(tmp_path, content_copy, port, log_path)

    def log() -> str:
        return log_path.read_text(errors="replace")

    try:
        assert wait_for(lambda: log().count("Site up to date.") == 1, 90), log()
        bad_date = content_copy / "reflections" / "a-date-nobody-can-read.md"
        crash = content_copy / "reflections" / "a-template-that-is-not-there.md"
        bad_date.write_text("Title: A date nobody can read\nDate: someday\n\nBody.\n", encoding="utf-8")
        crash.write_text(
            "Title: A template that is not there\nDate: 2026-11-20\nTemplate: no-such-template\n\nBody.\n",
            encoding="utf-8",
        )
        assert wait_for(lambda: "The build failed" in log(), 90), log()
        assert "a-date-nobody-can-read.md: Date: 'someday'" in log()
        time.sleep(1.5)  # let the watcher settle before the fix
        failed_at = len(log())
        bad_date.unlink()
        crash.unlink()
        assert wait_for(lambda: "Site up to date." in log()[failed_at:], 90), log()
        after = log()[failed_at:]
        assert "'someday'" not in after
        assert "problem" not in after
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)
