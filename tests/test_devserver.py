"""`make devserver`: builds, serves, shows an edit at once, ends up with exactly the pages
a fresh `make html` would write, and tells the truth: the problems report after every
build, a banner on every page while the last build had problems or failed (and not a
byte more once they are fixed), and the site's 404 page with status 404."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, SOURCE_DATE_EPOCH, free_port, parse_html

sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "plugins"))
from same_output import differences
from shortlist_tools.devserver_http import REPORT_PAGE, STYLESHEET, BuildStatus, inject_banner

VENV = Path(sys.executable).parent.parent
POST = "reflections/a-week-with-two-interviews/"
BANNER_CLASS = b'class="shortlist-devserver"'


def get(url: str, method: str = "GET") -> tuple[int, bytes, str]:
    """Status, body and Content-Type; status 0 while nothing answers (starting, restarting)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=5) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")
    except OSError:
        return 0, b"", ""


def fetch(url: str) -> str | None:
    status, body, _ = get(url)
    return body.decode("utf-8") if status == 200 else None


def wait_for(condition: Callable[[], object], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The kit's code as it is now, in a folder of its own. The devserver restarts when
    a plugin changes: an edit elsewhere in the working tree while a test runs must not
    restart the one under test."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("Makefile", "pelicanconf.py", "publishconf.py", "requirements.txt", "requirements-dev.txt"):
        shutil.copy2(ROOT / name, target / name)
    for name in ("plugins", "theme"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@dataclass
class Devserver:
    process: subprocess.Popen
    port: int
    log_path: Path
    output: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def builds(self) -> int:
        """Full builds finished without an exception so far."""
        return self.log().count("Site up to date.")

    def on_disk(self, path: str) -> bytes:
        return (self.output / path / "index.html").read_bytes()


@contextmanager
def devserver(project: Path, content: Path, tmp_path: Path, *make_args: str) -> Iterator[Devserver]:
    port = free_port()
    log_path = tmp_path / "devserver.log"
    output = tmp_path / "output"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                "make",
                "--no-print-directory",
                "devserver",
                f"VENV={VENV}",
                f"PORT={port}",
                f"INPUTDIR={content}",
                f"OUTPUTDIR={output}",
                *make_args,
            ],
            cwd=project,
            # Wide, plain logs so file names are not wrapped mid-word.
            env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "COLUMNS": "400", "TERM": "dumb"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Devserver(process, port, log_path, output)
    try:
        assert wait_for(lambda: server.builds() == 1 and get(server.url())[0] == 200, 90), server.log()
        yield server
    finally:
        with suppress(ProcessLookupError):  # a test may have stopped it already
            os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)


def session(sid: int) -> dict[int, str]:
    """The live processes of a session (the devserver's make is its leader): pid -> command."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        state, _, _, in_session = stat[stat.rindex(")") + 2 :].split()[:4]
        if int(in_session) == sid and state != "Z":
            found[int(entry.name)] = command
    return found


def builder_and_server(sid: int) -> tuple[int, int]:
    """The devserver's two processes: the builder and the one that serves and watches."""
    # Python's own, not the shell make runs the recipe with.
    processes = {pid: c for pid, c in session(sid).items() if Path(c.split(" ")[0]).name.startswith("python")}
    builders = [pid for pid, command in processes.items() if "-m shortlist_tools.devserver " in command]
    servers = [pid for pid, command in processes.items() if "-m shortlist_tools.devserver_child " in command]
    assert len(builders) == 1 and len(servers) == 1, processes
    return builders[0], servers[0]


def threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError(f"no thread count for {pid}")


def written_pages(output: Path) -> dict[str, tuple[int, bytes]]:
    """Every HTML page the writers wrote (not the search bundle): its mtime and bytes."""
    return {
        str(path.relative_to(output)): (path.stat().st_mtime_ns, path.read_bytes())
        for path in output.rglob("*.html")
        if "pagefind" not in path.relative_to(output).parts[0]
    }


def banner_of(page: bytes) -> str:
    """The banner's text, or "" when the page has none."""
    aside = parse_html(page.decode("utf-8")).find("aside", class_="shortlist-devserver")
    return aside.get_text(" ") if aside else ""


def test_devserver_serves_rebuilds_on_edit_and_matches_a_fresh_build(
    tmp_path: Path, content_copy: Path, project: Path
) -> None:
    """Edits of every kind (a post's text, its labels, a new post, a deleted one), each
    shown at once and then built in full: in the end every file is the one a fresh
    `make html` writes, and no page was written again with the bytes it had."""
    with devserver(project, content_copy, tmp_path) as server:
        post_url = server.url(POST)
        assert "A week with two" in (fetch(post_url) or "")
        source = content_copy / "reflections/a-week-with-two-interviews.md"
        text = source.read_text(encoding="utf-8")
        before = written_pages(server.output)
        time.sleep(0.5)
        edited_at = len(server.log())
        source.write_text(
            text + "\nAn edit made while the devserver runs, checked by a test.\n", encoding="utf-8"
        )
        assert wait_for(lambda: "while the devserver runs" in (fetch(post_url) or ""), 60), server.log()
        assert wait_for(lambda: server.builds() >= 2, 60), server.log()
        # The edited page came from the last build's state, not from a build of its own.
        assert "edited page written in" in server.log()[edited_at:]
        assert "(from the last build)" in server.log()[edited_at:], server.log()[edited_at:]
        # No problems: every page is sent exactly as it is on disk.
        assert get(post_url)[1] == server.on_disk(POST)
        assert get(server.url())[1] == (server.output / "index.html").read_bytes()
        # A page with the same bytes was left alone (same mtime); the edited one was not.
        after = written_pages(server.output)
        rewritten_same = [
            name
            for name, (mtime, data) in after.items()
            if before.get(name, (0, b""))[1] == data and before[name][0] != mtime
        ]
        # Only the jobs page: the Jobs category's page is written there first, then the
        # board replaces it (override_output), so the file holds other bytes in between.
        assert rewritten_same in ([], ["jobs/index.html"])
        assert after[POST + "index.html"][1] != before[POST + "index.html"][1]
        assert len([name for name in after if before.get(name) == after[name]]) > len(after) // 2
        # Nothing of the content cache on disk: it stays in memory.
        assert not list((tmp_path / ".shortlist-cache").rglob("*Generator"))

        # Its labels: the label pages change, and the preview still comes first.
        time.sleep(1.5)
        edited_at = len(server.log())
        source.write_text(
            source.read_text(encoding="utf-8").replace(
                "Tags: interviews, applications", "Tags: interviews, a new label"
            ),
            encoding="utf-8",
        )
        assert wait_for(lambda: server.builds() >= 3, 60), server.log()
        assert "(from the last build)" in server.log()[edited_at:], server.log()[edited_at:]
        assert (server.output / "labels" / "a-new-label" / "index.html").exists()

        # A new post: no last build knows it, so a build that writes only it comes first.
        time.sleep(1.5)
        edited_at = len(server.log())
        (content_copy / "reflections" / "a-post-saved-while-it-runs.md").write_text(
            "Title: A post saved while it runs\nDate: 2026-11-21\nTags: interviews\n\nNew words.\n",
            encoding="utf-8",
        )
        assert wait_for(lambda: server.builds() >= 4, 60), server.log()
        assert "(by a build that writes only it)" in server.log()[edited_at:], server.log()[edited_at:]

        assert "problem" not in server.log(), server.log()
        assert_same_as_make_html(project, content_copy, tmp_path / "fresh", server)

        # A deleted post: its page is gone too (later builds write over the output).
        gone = "reflections/notes-to-self-before-the-offer-call/"
        assert get(server.url(gone))[0] == 200
        time.sleep(1.5)
        (content_copy / "reflections" / "notes-for-my-therapist.md").unlink()
        assert wait_for(lambda: server.builds() >= 5, 60), server.log()
        assert get(server.url(gone))[0] == 404
        assert not (server.output / gone).exists()


def assert_same_as_make_html(project: Path, content: Path, fresh: Path, server: Devserver) -> None:
    """Every file the devserver wrote is the one `make html` writes (but Pagefind's
    run-to-run files), and there is no file more or less."""
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "html",
            f"VENV={VENV}",
            f"INPUTDIR={content}",
            f"OUTPUTDIR={fresh}",
        ],
        cwd=project,
        env={
            **os.environ,
            "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
            "SHORTLIST_DEV_URL": f"http://127.0.0.1:{server.port}",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    found = differences(server.output, fresh)
    assert found == [], found


# The devserver's builder in a process of its own, its first build done: argv[1:] are
# the content and output folders, then the script's own paths.
BUILDER_SCRIPT = """
import json, sys, time
from pathlib import Path
from pelican import signals
from shortlist_tools import devserver as d, devserver_files
content, output, *paths = (Path(a) for a in sys.argv[1:])
devserver_files.install()
signals.all_generators_finalized.connect(d.current_context)
signals.all_generators_finalized.connect(d.LAST_BUILD.seen)
pelican = d.load(Path("pelicanconf.py").resolve(), content, output, output.parent / "cache")
assert d.build(pelican).ok
"""


def run_builder(script: str, project: Path, *paths: Path | str) -> subprocess.CompletedProcess[str]:
    """BUILDER_SCRIPT then `script`, run in `project` with `paths` as its arguments."""
    return subprocess.run(
        [sys.executable, "-c", BUILDER_SCRIPT + script, *map(str, paths)],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project / "plugins"), "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
        capture_output=True,
        text=True,
        timeout=300,
    )


QUICK_SCRIPT = """
edited, added = paths
before = {str(p.relative_to(output)): p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
time.sleep(0.05)
edited.write_text(edited.read_text(encoding="utf-8") + "\\nWords written from memory.\\n", encoding="utf-8")
written = d.write_edited_first({edited})
after = {str(p.relative_to(output)): p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
changed = sorted(name for name in after if before.get(name) != after[name])
added.write_text("Title: Not known to the last build\\nDate: 2026-11-21\\n\\nNew.\\n", encoding="utf-8")
print(json.dumps({"written": written, "changed": changed, "new file": d.write_edited_first({added})}))
"""


def test_the_edited_page_is_written_from_the_last_build_and_nothing_else(
    tmp_path: Path, content_copy: Path, project: Path
) -> None:
    """The first write after an edit, on its own: the edited post's page, with the edit,
    and not one other file; a file the last build did not know is left to a build."""
    output = tmp_path / "output"
    edited = content_copy / "reflections" / "a-week-with-two-interviews.md"
    added = content_copy / "reflections" / "not-known.md"
    done = run_builder(QUICK_SCRIPT, project, content_copy, output, edited, added)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["written"] == [POST + "index.html"]
    assert result["changed"] == [POST + "index.html"]
    assert "Words written from" in (output / POST / "index.html").read_text(encoding="utf-8")
    assert result["new file"] is None


FIRST_THEN_FULL_SCRIPT = """
edited, page = paths
edited.write_text(edited.read_text(encoding="utf-8") + "\\nOne more line.\\n", encoding="utf-8")
assert d.write_edited_first({edited})
first = (output / page).read_bytes()
assert d.build(pelican).ok
assert first == (output / page).read_bytes(), "the page written first differs from the full build's"
"""


def test_the_page_written_first_is_the_full_builds_when_only_its_text_changed(
    tmp_path: Path, content_copy: Path, project: Path
) -> None:
    """A post that names applications (My search): what the plugin worked out over the
    whole site from the same metadata is kept, so the page written first is the one the
    full build then writes (the search index taken ahead needs it the same)."""
    page = "reflections/after-the-harborline-final-round/index.html"
    edited = content_copy / "reflections" / "after-the-harborline-final-round.md"
    assert "Applications:" in edited.read_text(encoding="utf-8")
    done = run_builder(FIRST_THEN_FULL_SCRIPT, project, content_copy, tmp_path / "output", edited, page)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_builder_runs_no_thread_and_ctrl_c_or_a_crash_leaves_no_process_behind(
    tmp_path: Path, content_copy: Path, project: Path
) -> None:
    """Serving and watching run in a second process, so the builder has no other thread
    and may fork its page-writing workers; the second process ends with the builder,
    whether it was stopped with Ctrl-C or killed, and with it the port."""
    draft = content_copy / "reflections" / "unsent-letter-to-the-hiring-panel.md"
    with devserver(project, content_copy, tmp_path, "DRAFTS=yes") as server:
        sid = server.process.pid
        builder, serving = builder_and_server(sid)
        assert threads(builder) == 1
        assert threads(serving) > 1  # the HTTP server's and the watcher's
        # DRAFTS=yes: a draft's page too is written from the last build, then in full.
        draft_url = server.url("drafts/unsent-letter-to-the-hiring-panel/")
        assert get(draft_url)[0] == 200, server.log()
        time.sleep(0.5)
        edited_at = len(server.log())
        draft.write_text(
            draft.read_text(encoding="utf-8") + "\nA line added to the draft.\n", encoding="utf-8"
        )
        assert wait_for(lambda: "A line added to" in (fetch(draft_url) or ""), 60), server.log()
        assert wait_for(lambda: server.builds() >= 2, 60), server.log()
        assert "(from the last build)" in server.log()[edited_at:], server.log()[edited_at:]
        # Pages were rendered by forked workers, not one at a time for want of a thread-free process.
        assert "one at a time" not in server.log()
        assert threads(builder) == 1
    assert wait_for(lambda: not session(sid), 10), session(sid)

    with devserver(project, content_copy, tmp_path) as server:
        sid = server.process.pid
        builder, serving = builder_and_server(sid)
        os.kill(builder, signal.SIGKILL)
        assert wait_for(lambda: serving not in session(sid), 10), session(sid)


def test_a_plugin_change_restarts_both_processes(tmp_path: Path, content_copy: Path, project: Path) -> None:
    with devserver(project, content_copy, tmp_path) as server:
        sid = server.process.pid
        _, serving = builder_and_server(sid)
        time.sleep(0.5)
        plugin = project / "plugins" / "shortlist_core" / "__init__.py"
        plugin.write_text(plugin.read_text(encoding="utf-8") + "\n# touched by a test\n", encoding="utf-8")
        assert wait_for(lambda: server.builds() >= 2, 90), server.log()
        assert "Plugin changed (__init__.py): restarting the devserver." in server.log()
        assert wait_for(lambda: get(server.url(POST))[0] == 200, 30), server.log()
        _, new_serving = builder_and_server(sid)  # one of each, the old server gone
        assert new_serving != serving


def test_a_missing_page_gets_the_sites_404_page_with_status_404_and_one_log_line(
    tmp_path: Path, content_copy: Path, project: Path
) -> None:
    with devserver(project, content_copy, tmp_path) as server:
        status, body, content_type = get(server.url("no-such-page/"))
        assert status == 404
        assert content_type.startswith("text/html")
        assert body == (server.output / "404.html").read_bytes()
        assert get(server.url("theme/no-such-file.css"))[0] == 404
        head_status, head_body, _ = get(server.url("no-such-page/"), method="HEAD")
        assert (head_status, head_body) == (404, b"")
        # Found pages still come by every address Pelican's server knows.
        assert get(server.url(POST.rstrip("/")))[0] == 200
        assert get(server.url("theme/css/shortlist.css"))[2] == "text/css"
        assert wait_for(lambda: "theme/no-such-file.css" in server.log(), 5)
        log = server.log()
    lines = [line for line in log.splitlines() if "/no-such-page/" in line]
    assert len(lines) == 2, log  # the GET and the HEAD, one line each
    assert re.search(r"404 GET /no-such-page/: not in output/; answered with 404\.html$", lines[0]), lines
    assert "Unable to find" not in log  # Pelican's five-line warning, counted as a build problem


def test_the_preview_shows_a_banner_while_a_post_is_bad_and_none_after_the_fix(
    tmp_path: Path, content_copy: Path, project: Path
) -> None:
    bad = content_copy / "reflections" / "a-date-nobody-can-read.md"
    with devserver(project, content_copy, tmp_path) as server:
        post_url = server.url(POST)
        assert get(post_url)[1] == server.on_disk(POST)
        assert "no problems" in (fetch(server.url(REPORT_PAGE)) or "")
        edited_at = len(server.log())
        time.sleep(0.5)
        bad.write_text("Title: A date nobody can read\nDate: someday\n\nBody.\n", encoding="utf-8")
        assert wait_for(lambda: server.builds() == 2, 90), server.log()

        # The console: the report make html prints, once for the save (not again for
        # the edited-page-first build).
        after_edit = server.log()[edited_at:]
        assert after_edit.count("1 problem found:") == 1, after_edit
        assert "a-date-nobody-can-read.md" in after_edit

        # Every page: the banner first in the body (after the skip link), with the report.
        page = get(post_url)[1]
        banner = banner_of(page)
        assert "The last build found problems" in banner
        assert "a-date-nobody-can-read.md" in banner and "Date: 'someday' is not a full date" in banner
        assert page.count(BANNER_CLASS) == 1
        soup = parse_html(page.decode("utf-8"))
        aside = soup.find("aside", class_="shortlist-devserver")
        assert aside["aria-labelledby"] == aside.find("h2")["id"]
        assert aside.find("a", href=REPORT_PAGE) is not None  # a link the keyboard reaches
        assert aside.find("link", rel="stylesheet")["href"] == STYLESHEET
        assert soup.body.find("a")["class"] == ["skip-link"], "the skip link stays first"
        assert not [tag for tag in aside.find_all(True) if tag.has_attr("style") or tag.name == "script"]
        # Only what is sent: the file on disk is the page make html writes.
        assert BANNER_CLASS not in server.on_disk(POST)
        head = urllib.request.urlopen(urllib.request.Request(post_url, method="HEAD"), timeout=5)
        assert int(head.headers["Content-Length"]) == len(page)
        # The 404 page too, still with status 404.
        status, missing, _ = get(server.url("no-such-page/"))
        assert status == 404 and "a-date-nobody-can-read.md" in banner_of(missing)
        # The banner's stylesheet and the report as a page of its own.
        status, css, content_type = get(server.url(STYLESHEET))
        assert status == 200 and content_type.startswith("text/css") and b".shortlist-devserver" in css
        report = fetch(server.url(REPORT_PAGE)) or ""
        assert "1 problem found:" in report and "a-date-nobody-can-read.md" in report

        # The report in the banner is the report the console printed.
        shown = aside.find("pre").get_text()
        for line in shown.splitlines():
            assert line.strip() in after_edit, line

        fixed_at = len(server.log())
        bad.unlink()
        assert wait_for(lambda: server.builds() == 3, 90), server.log()
        assert "problem" not in server.log()[fixed_at:]
        assert get(post_url)[1] == server.on_disk(POST)
        assert get(server.url("no-such-page/"))[1] == (server.output / "404.html").read_bytes()
        assert "no problems" in (fetch(server.url(REPORT_PAGE)) or "")


def test_a_failed_build_is_shown_and_leaves_nothing_for_the_next_one(
    tmp_path: Path, content_copy: Path, project: Path
) -> None:
    """A build that raises half-way (after problems were found) shows its error and the
    problems found so far in the banner, and passes nothing on: the fixed build that
    follows reports only its own, and the banner is gone."""
    with devserver(project, content_copy, tmp_path) as server:
        bad_date = content_copy / "reflections" / "a-date-nobody-can-read.md"
        crash = content_copy / "reflections" / "a-template-that-is-not-there.md"
        bad_date.write_text("Title: A date nobody can read\nDate: someday\n\nBody.\n", encoding="utf-8")
        crash.write_text(
            "Title: A template that is not there\nDate: 2026-11-20\nTemplate: no-such-template\n\nBody.\n",
            encoding="utf-8",
        )
        assert wait_for(lambda: "The build failed" in server.log(), 90), server.log()
        assert "a-date-nobody-can-read.md: Date: 'someday'" in server.log()
        banner = banner_of(get(server.url(POST))[1])
        assert "The last build failed" in banner
        assert "no-such-template" in banner  # the exception's own words
        assert "Problems found before it failed" in banner and "'someday'" in banner
        time.sleep(1.5)  # let the watcher settle before the fix
        failed_at = len(server.log())
        bad_date.unlink()
        crash.unlink()
        assert wait_for(lambda: "Site up to date." in server.log()[failed_at:], 90), server.log()
        after = server.log()[failed_at:]
        assert "'someday'" not in after
        assert "problem" not in after
        assert get(server.url(POST))[1] == server.on_disk(POST)


# --- the banner on its own ---------------------------------------------------------------


def test_the_banner_goes_after_a_skip_link_and_escapes_the_report() -> None:
    status = BuildStatus(report="1 problem found:\n  a.md\n    - Title: '<script>alert(1)</script>'")
    page = b'<!DOCTYPE html>\n<html><BODY class="x">\n  <a class="skip-link" href="#main">Skip</a>\n<main id="main">'
    out = inject_banner(page, status)
    assert out.index(b"skip-link") < out.index(BANNER_CLASS) < out.index(b"<main")
    assert b"<script>" not in out and b"&lt;script&gt;" in out
    # A page whose body starts with an ordinary link: the banner comes first.
    plain = inject_banner(b'<body><a href="/">Home</a>', status)
    assert plain.index(BANNER_CLASS) < plain.index(b'href="/"')
    # No <body> tag: at the end, never before the doctype.
    assert inject_banner(b"<p>fragment</p>", status).startswith(b"<p>fragment</p>")


def test_a_failed_builds_banner_names_the_exception() -> None:
    error = 'Traceback (most recent call last):\n  File "x.py", line 1\njinja2.TemplateNotFound: no-such\n'
    status = BuildStatus(error=error)
    assert status.error_line == "jinja2.TemplateNotFound: no-such"
    assert not status.ok and BuildStatus().ok
    banner = banner_of(inject_banner(b"<body><main>", status))
    assert "The last build failed" in banner and "jinja2.TemplateNotFound: no-such" in banner
