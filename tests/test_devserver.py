"""`make devserver` builds, serves on the given port, and rebuilds when a post changes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, free_port


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
        time.sleep(0.3)
    return False


def test_devserver_serves_the_site_and_rebuilds_on_edit(tmp_path: Path, content_copy: Path) -> None:
    port = free_port()
    venv = Path(sys.executable).parent.parent
    server = subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            "devserver",
            f"VENV={venv}",
            f"PORT={port}",
            f"INPUTDIR={content_copy}",
            f"OUTPUTDIR={tmp_path / 'output'}",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    post_url = f"http://127.0.0.1:{port}/reflections/a-week-with-two-interviews/"
    try:
        assert wait_for(lambda: "A week with two" in (fetch(post_url) or ""), 60), (
            "the devserver never served"
        )
        source = content_copy / "reflections/a-week-with-two-interviews.md"
        text = source.read_text(encoding="utf-8")
        source.write_text(
            text + "\nAn edit made while the devserver runs, checked by a test.\n", encoding="utf-8"
        )
        assert wait_for(lambda: "while the devserver runs" in (fetch(post_url) or ""), 60), "no rebuild"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
