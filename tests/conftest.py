"""Shared fixtures: build real sites with Pelican into temporary folders, serve them.

Every build runs Pelican as a separate process, exactly as `make html` and
`make publish` do, with the build date fixed by SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
# The sample site the tests build: the tests' own copy, never the user's content/
# (which `make init` empties and the user fills), so `make test` passes whatever the
# site holds. content/ in a fresh clone starts as the same sample.
SAMPLE_CONTENT = ROOT / "tests" / "sample_site" / "content"
# 2026-12-01 12:00 UTC: after every sample post, before the open listing closes.
SOURCE_DATE_EPOCH = "1796126400"
PUBLISH_SITEURL = "https://shortlist.example.org/site"

# The sample draft: its title and slug must appear in no output file.
DRAFT_TITLE = "Unsent letter to the hiring panel"
DRAFT_SLUG = "unsent-letter-to-the-hiring-panel"
# The sample hidden post: its page exists, but it is in no list or feed.
HIDDEN_TITLE = "Notes to self before the offer call"
HIDDEN_SLUG = "notes-to-self-before-the-offer-call"


@dataclass
class Build:
    """The result of one Pelican run."""

    output: Path
    returncode: int
    log: str

    def html(self, relative: str) -> BeautifulSoup:
        return parse_html((self.output / relative).read_text(encoding="utf-8"))

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))


def parse_html(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html5lib")


def run_pelican(
    output: Path,
    settings: str | Path = "pelicanconf.py",
    content: Path | None = None,
    extra_env: dict[str, str] | None = None,
    extra_settings: dict[str, object] | None = None,
    extra_args: list[str] | None = None,
) -> Build:
    """Build a site the way the Makefile does, from the project folder."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "SITEURL": PUBLISH_SITEURL}
    env.pop("SHORTLIST_DRAFTS", None)
    # Wide, plain logs so messages are not wrapped mid-word by the console handler.
    env.update({"COLUMNS": "400", "TERM": "dumb", "NO_COLOR": "1"})
    env.update(extra_env or {})
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content or SAMPLE_CONTENT),
        "-o",
        str(output),
        "-s",
        str(settings),
    ]
    if extra_settings:  # Pelican's own -e: settings as JSON values, over the settings file
        command += ["-e", *(f"{name}={json.dumps(value)}" for name, value in extra_settings.items())]
    command += extra_args or []
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    return Build(output=output, returncode=done.returncode, log=done.stdout + done.stderr)


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_pelican(tmp_path_factory.mktemp("dev") / "output", "pelicanconf.py")
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def publish_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_pelican(tmp_path_factory.mktemp("publish") / "output", "publishconf.py")
    assert build.returncode == 0, build.log
    return build


def project_copy(target: Path) -> Path:
    """The project as a fresh clone has it (tracked and new, not ignored, files), with
    the kit's sample site as content/ whatever this working tree's content/ holds."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    shutil.rmtree(target / "content", ignore_errors=True)
    shutil.copytree(SAMPLE_CONTENT, target / "content")
    return target


def sample_with_bench_posts(target: Path, posts: int) -> Path:
    """The sample content in `target`/content, with `posts` of the bench's generated
    posts beside its own (each named bench-<its name> in its kind's folder)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import generate

    corpus = generate(target / "corpus", posts)
    content = target / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    for kind in ("reflections", "advice", "jobs"):
        for path in sorted((corpus / kind).glob("*.md")):
            shutil.copy2(path, content / kind / f"bench-{path.name}")
    return content


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the sample content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class ServedSite:
    build: Build
    origin: str


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The publish build, with SITEURL set to a local server that serves it."""
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    build = run_pelican(
        tmp_path_factory.mktemp("served") / "output", "publishconf.py", extra_env={"SITEURL": origin}
    )
    assert build.returncode == 0, build.log
    handler = functools.partial(QuietHandler, directory=str(build.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(build=build, origin=origin)
    finally:
        server.shutdown()
        server.server_close()


# Debian's Chromium, as the browser tests drive it (Playwright cannot download one here).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole run (Playwright's sync API allows one at a time)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash .ci/system-deps` (make test does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()
