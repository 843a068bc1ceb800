"""Posts read on every CPU (shortlist_parallel/reading.py) make the site Pelican makes
reading them one by one: every file byte for byte in every setting a user may choose,
and the same warnings and problems report for bad input.

The serial side is Pelican's own path (SHORTLIST_READ_WORKERS=1 and
SHORTLIST_WRITE_WORKERS=1); the fast side reads and writes in two processes each.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SOURCE_DATE_EPOCH, Build, run_pelican
from test_parallel_writer import (
    CONFIGURATIONS,
    DRAFTS_PREVIEWED,
    ctrl_c_once_started,
    live_processes_in_group,
    make_site,
)

sys.path.insert(0, str(ROOT / "bench"))
from same_output import differences

SERIAL = {"SHORTLIST_READ_WORKERS": 1, "SHORTLIST_WRITE_WORKERS": 1}
PARALLEL = {
    "SHORTLIST_READ_WORKERS": 2,
    "SHORTLIST_WRITE_WORKERS": 2,
    "SHORTLIST_PARALLEL_MIN_FILES": 1,
    "SHORTLIST_PARALLEL_MIN_PAGES": 1,
}

# Bad and odd input, each of a kind the reader reports in its own way.
ODD_FILES = {
    # A bad date: the reader's problem, the file skipped (Pelican's "Could not process").
    "reflections/odd-bad-date.md": "Title: Bad date\nDate: last tuesday\n\nBody.\n",
    # A near miss of a known field: a warning, and the post is built.
    "reflections/odd-near-miss.md": "Title: Near miss\nDate: 2025-03-04\nSumary: typo in the name\n\nBody.\n",
    # A picture that is not there: shortlist_images' problem, reported while reading.
    "reflections/odd-missing-picture.md": (
        "Title: Missing picture\nDate: 2025-03-05\n\n![A desk](images/not-there.png)\n"
    ),
    # A picture that is there: its size and address come from the worker's reading.
    "reflections/odd-picture.md": (
        "Title: With a picture\nDate: 2025-03-06\n\n![Three case studies](../images/portfolio-three-case-studies.png)\n"
    ),
    # Pelican's own warning, logged by its reader.
    "reflections/odd-duplicate-slug.md": "Title: Two slugs\nSlug: slug-one\nSlug: slug-two\nDate: 2025-03-07\n\nBody.\n",
    # Not UTF-8: refused with the file named.
    "reflections/odd-latin1.md": "Title: Caf\xe9\nDate: 2025-03-08\n\nBody.\n",
}


@pytest.fixture(scope="module")
def reading_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("reading"))


@pytest.fixture(scope="module")
def odd_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = make_site(tmp_path_factory.mktemp("odd"))
    for name, text in ODD_FILES.items():
        encoding = "latin-1" if "latin1" in name else "utf-8"
        (content / name).write_text(text, encoding=encoding)
    return content


def build(content: Path, output: Path, settings: str, env: dict, extra: dict, fast: bool) -> Build:
    extra = {**extra, **(PARALLEL if fast else SERIAL)}
    if env.get("SHORTLIST_DRAFTS"):
        extra.update(DRAFTS_PREVIEWED)
    return run_pelican(
        output, settings, content=content, extra_env=env, extra_settings=extra, extra_args=["-v"]
    )


def said(log: str) -> list[str]:
    """The log's warnings, errors and report in order, without the time and the
    source line columns (info lines name the output folder, which differs)."""
    lines, level = [], ""
    for line in log.splitlines():
        line = re.sub(r"^(\[\d\d:\d\d:\d\d\])?\s*", "", line).rstrip()
        line = re.sub(r"\s+\S+\.py:\d+$", "", line)
        line = re.sub(r"in \d+\.\d+ seconds", "in N seconds", line)
        first = line.split(" ", 1)[0]
        if first in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            level = first
        if line and level not in ("DEBUG", "INFO"):
            lines.append(line)
    return lines


@pytest.mark.parametrize(
    ("settings", "env", "extra"),
    [configuration[1:4] for configuration in CONFIGURATIONS],
    ids=[configuration[0] for configuration in CONFIGURATIONS],
)
def test_posts_read_in_workers_make_the_same_site(
    reading_content: Path, tmp_path: Path, settings: str, env: dict, extra: dict
) -> None:
    serial = build(reading_content, tmp_path / "serial", settings, env, extra, fast=False)
    fast = build(reading_content, tmp_path / "fast", settings, env, extra, fast=True)
    assert serial.returncode == 0, serial.log
    assert fast.returncode == 0, fast.log
    assert "Reading" not in serial.log
    assert re.search(r"Reading \d+ files in 2 processes", fast.log), fast.log[-3000:]
    assert differences(serial.output, fast.output) == []
    assert len(list(serial.output.rglob("*.html"))) > 150


@pytest.mark.parametrize("settings", ["pelicanconf.py", "publishconf.py"])
def test_bad_input_is_reported_alike_and_nothing_is_lost(
    odd_content: Path, tmp_path: Path, settings: str
) -> None:
    # Pelican reads its files in set order: the same hash seed gives the same order.
    env = {"SITEURL": "https://jobs.example.org", "PYTHONHASHSEED": "0"}
    serial = build(odd_content, tmp_path / "serial", settings, env, {}, fast=False)
    fast = build(odd_content, tmp_path / "fast", settings, env, {}, fast=True)
    assert re.search(r"Reading \d+ files in 2 processes", fast.log)
    # Every warning and problem, in the same order, and the same report at the end.
    assert said(fast.log) == said(serial.log)
    for expected in (
        "odd-bad-date.md",
        "odd-near-miss.md",
        "not-there.png",
        "Duplicate definition",
        "odd-latin1.md",
    ):
        assert expected in fast.log, expected
    if settings == "publishconf.py":  # a strict build fails on them, either way
        assert serial.returncode == fast.returncode == 1
        return
    assert serial.returncode == fast.returncode == 0
    assert differences(serial.output, fast.output) == []
    page = (fast.output / "reflections" / "with-a-picture" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<img alt="Three case studies" height="\d+" src="[^"]*portfolio-three-case-studies.png"', page
    )


COUNT_TYPOGRIFY = """
import sys
import typogrify.filters
from pelican import main

calls = []
original = typogrify.filters.typogrify

def counted(text, *args, **kwargs):
    calls.append(len(text))
    return original(text, *args, **kwargs)

typogrify.filters.typogrify = counted
sys.argv = ["pelican", *sys.argv[1:]]
try:
    main()
finally:
    print("TYPOGRIFIED HERE", len(calls), sum(calls), file=sys.stderr)
"""


def test_typogrify_and_markdown_run_in_the_workers(reading_content: Path, tmp_path: Path) -> None:
    """The build's own process typogrifies none of the posts' bodies: the workers did."""
    script = tmp_path / "count.py"
    script.write_text(COUNT_TYPOGRIFY, encoding="utf-8")
    counts = {}
    for name, extra in (("serial", SERIAL), ("fast", PARALLEL)):
        command = [sys.executable, str(script), str(reading_content), "-o", str(tmp_path / name)]
        command += ["-s", "pelicanconf.py", "-e", *(f"{k}={v}" for k, v in extra.items())]
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONPATH": str(ROOT / "plugins")}
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        found = re.search(r"TYPOGRIFIED HERE (\d+) (\d+)", done.stderr)
        assert found, done.stderr[-2000:]
        counts[name] = (int(found[1]), int(found[2]))
    serial_calls, serial_chars = counts["serial"]
    fast_calls, fast_chars = counts["fast"]
    assert serial_calls > 2 * 130, counts  # the body and title of every post, at least
    # What is left here: the few texts Pelican typogrifies outside a post's reading.
    assert fast_chars < serial_chars / 20 and fast_calls < serial_calls / 10, counts


CHANGE_AFTER_READ_AHEAD = """
import json
import os
from pathlib import Path
from pelican import signals

def change(generator):
    target = Path(os.environ["CHANGE_FILE"])
    if target.exists() and "changed while reading" not in target.read_text():
        target.write_text(target.read_text() + "\\nchanged while reading\\n")

def register():
    # Connected after shortlist_parallel: the workers have read the file already.
    signals.article_generator_preread.connect(change)
"""


def build_with_plugin(
    tmp_path: Path, content: Path, name: str, source: str, env: dict[str, str], output: str = "output"
) -> Build:
    """A fast build of `content` with a test plugin `name` (its `source`) after the kit's reading."""
    plugin = tmp_path / "plugins" / name
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(source, encoding="utf-8")
    done = run_pelican(
        tmp_path / output,
        "pelicanconf.py",
        content=content,
        extra_env=env,
        extra_settings={
            **PARALLEL,
            "PLUGIN_PATHS": [str(ROOT / "plugins"), str(tmp_path / "plugins")],
            "PLUGINS": ["shortlist_core", "shortlist_parallel", name, "shortlist_images"],
        },
        extra_args=["-v"],
    )
    assert done.returncode == 0, done.log
    assert re.search(r"Reading \d+ files in 2 processes", done.log)
    return done


def test_a_file_changed_after_it_was_read_ahead_is_read_again(tmp_path: Path) -> None:
    content = make_site(tmp_path / "site")
    target = content / "reflections" / "gen-042.md"
    build_with_plugin(
        tmp_path, content, "change_after", CHANGE_AFTER_READ_AHEAD, {"CHANGE_FILE": str(target)}
    )
    page = tmp_path / "output" / "reflections" / "generated-week-42" / "index.html"
    assert "<p>changed while&nbsp;reading</p>" in page.read_text(encoding="utf-8")  # typogrified


SLOW_READ_PLUGIN = """
import os, time
from pelican import signals
from pelican.readers import MarkdownReader

original = MarkdownReader.read

def slow_read(self, source_path):
    open(os.environ["READ_STARTED"] + "." + str(os.getpid()), "w").close()
    time.sleep(float(os.environ.get("READ_SLEEP", "0.3")))
    return original(self, source_path)

MarkdownReader.read = slow_read

def register():
    pass
"""


def slow_read_build(reading_content: Path, tmp_path: Path) -> list[str]:
    """The command of a build read by two workers, each file slowed by the slow_read
    plugin (written into tmp_path/plugins)."""
    plugin = tmp_path / "plugins" / "slow_read"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(SLOW_READ_PLUGIN, encoding="utf-8")
    return [
        sys.executable, "-m", "pelican", str(reading_content), "-o", str(tmp_path / "output"),
        "-s", "pelicanconf.py", "-e",
        f'PLUGIN_PATHS=["{ROOT / "plugins"}", "{tmp_path / "plugins"}"]',
        'PLUGINS=["slow_read", "shortlist_core", "shortlist_parallel"]',
        "SHORTLIST_READ_WORKERS=2", "SHORTLIST_PARALLEL_MIN_FILES=1",
    ]  # fmt: skip


def test_ctrl_c_while_reading_leaves_no_worker_behind(reading_content: Path, tmp_path: Path) -> None:
    command = slow_read_build(reading_content, tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "READ_STARTED": str(tmp_path / "started")}
    ctrl_c_once_started(command, env, tmp_path / "started", processes=3)  # the build and two readers


READ_WITH_A_THREAD = """
import sys, threading
from pelican import main

stop = threading.Event()
threading.Thread(target=stop.wait, name="a-server-thread", daemon=True).start()
sys.argv = ["pelican", *sys.argv[1:]]
try:
    main()
finally:
    stop.set()
"""


def test_a_process_with_threads_reads_one_by_one_and_says_so_once(
    reading_content: Path, tmp_path: Path
) -> None:
    script = tmp_path / "threaded.py"
    script.write_text(READ_WITH_A_THREAD, encoding="utf-8")
    serial = build(reading_content, tmp_path / "serial", "pelicanconf.py", {}, {}, fast=False)
    command = [sys.executable, str(script), str(reading_content), "-o", str(tmp_path / "threaded")]
    command += ["-s", "pelicanconf.py", "-e", *(f"{k}={v}" for k, v in PARALLEL.items())]
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "COLUMNS": "400", "TERM": "dumb"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    assert log.count("Posts are read one at a time: this process runs other threads (a-server-thread") == 1
    assert log.count("Pages are rendered one at a time") == 1
    assert differences(serial.output, tmp_path / "threaded") == []


DUMP_PICTURES = """
import json, os
from pelican import signals

def dump(generators):
    found = {}
    for generator in generators:
        for item in getattr(generator, "articles", []):
            found[os.path.basename(item.source_path)] = [p.path for p in item.shortlist_pictures]
    with open(os.environ["PICTURES_FILE"], "w") as out:
        json.dump(found, out)

def register():
    signals.all_generators_finalized.connect(dump)
"""


def test_what_plugins_remember_of_a_file_comes_back_from_the_worker(
    odd_content: Path, tmp_path: Path
) -> None:
    """shortlist_images keeps each post's pictures from its reading (for the devserver's
    cache): read in a worker, the post still has them."""
    found = tmp_path / "pictures.json"
    build_with_plugin(tmp_path, odd_content, "dump_pictures", DUMP_PICTURES, {"PICTURES_FILE": str(found)})
    pictures = json.loads(found.read_text(encoding="utf-8"))
    assert pictures["odd-picture.md"] == ["images/portfolio-three-case-studies.png"]
    assert pictures["odd-missing-picture.md"] == [None]
    assert pictures["gen-001.md"] == []


WATCH_READ_AHEAD = """
import gc, json, os
from pelican import signals
from shortlist_parallel.reading import PREPARED, Kept, Prepared, Waiting

seen = {}

def children():
    found = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found += int(fields[1]) == os.getpid() and fields[0] != "Z"
    return found

def first_post(content):
    # Pelican has made its first post: every other file waits, on disk or in its worker.
    if "waiting" in seen or not PREPARED.files:
        return
    seen["waiting"] = len(PREPARED.files)
    seen["all_kept"] = all(isinstance(kept, (Kept, Waiting)) for kept in PREPARED.files.values())
    seen["decoded"] = sum(isinstance(thing, Prepared) for thing in gc.get_objects())

def articles_read(generator):
    seen["spilled_bytes"] = sum(os.fstat(spill.fileno()).st_size for spill in PREPARED.spills)
    seen["spills"] = list(PREPARED.spills)

def read(generators):
    seen["left"] = len(PREPARED.files)
    seen["spills_open"] = sum(not spill.closed for spill in seen.pop("spills", []))
    seen["workers_left"] = children()
    with open(os.environ["SEEN_FILE"], "w") as out:
        json.dump(seen, out)

def register():
    signals.content_object_init.connect(first_post)
    signals.article_generator_finalized.connect(articles_read)
    signals.all_generators_finalized.connect(read)
"""


def test_what_workers_read_waits_on_disk_not_in_memory(reading_content: Path, tmp_path: Path) -> None:
    """The build's process holds none of the files read ahead until Pelican asks for
    each (held decoded, 5,000 posts' results took some 60 MB, kept by the process to
    the end of the build), and nothing once every file is read: no worker either."""
    found = tmp_path / "seen.json"
    build_with_plugin(
        tmp_path, reading_content, "watch_read_ahead", WATCH_READ_AHEAD, {"SEEN_FILE": str(found)}
    )
    seen = json.loads(found.read_text(encoding="utf-8"))
    assert seen["waiting"] > 130 and seen["all_kept"], seen
    assert seen["decoded"] == 0, seen
    assert seen["spilled_bytes"] > 130 * 1000, seen  # each post's result, in the workers' files
    assert seen["left"] == 0 and seen["spills_open"] == 0, seen
    assert seen["workers_left"] == 0, seen


LABEL_OBJECTS = """
import json, os
from pelican import signals

def articles_read(generator):
    objects, posts = {}, {}
    for article in generator.articles:
        # The default Author (a post names none) and the folder's Category are made
        # for each post here, however it was read: one per name all the same.
        for label in [*getattr(article, "tags", []), *article.authors, article.category]:
            key = type(label).__name__ + ":" + label.name
            objects.setdefault(key, set()).add(id(label))
            posts[key] = posts.get(key, 0) + 1
    with open(os.environ["SEEN_FILE"], "w") as out:
        json.dump({key: [len(ids), posts[key]] for key, ids in objects.items()}, out)

def register():
    signals.article_generator_finalized.connect(articles_read)
"""


def test_posts_read_in_workers_share_one_object_per_label(reading_content: Path, tmp_path: Path) -> None:
    """Each post comes back from its worker with its own Tag objects, and gets its own
    Category and default Author; the build keeps one per name (shortlist_core.labels:
    each copy grew when its page asked for its address)."""
    found = tmp_path / "labels.json"
    build_with_plugin(tmp_path, reading_content, "label_objects", LABEL_OBJECTS, {"SEEN_FILE": str(found)})
    labels = json.loads(found.read_text(encoding="utf-8"))
    for kind in ("Tag:", "Author:", "Category:"):
        assert any(key.startswith(kind) and posts > 1 for key, (_, posts) in labels.items()), labels
    assert {key: objects for key, (objects, _) in labels.items() if objects != 1} == {}


TAKEN_AS_THEY_COME = """
import os, time
from pelican import signals
from pelican.readers import MarkdownReader

MAIN = os.getpid()
MADE = os.environ["FIRST_POST_MADE"]
original = MarkdownReader.read
read_here = []

def read_after_the_first_post_is_made(self, source_path):
    if os.getpid() != MAIN:  # in a worker
        read_here.append(source_path)
        if len(read_here) == 2:
            # Its second file waits until the build's process has made a post of the first.
            deadline = time.monotonic() + 20
            while not os.path.exists(MADE) and time.monotonic() < deadline:
                time.sleep(0.01)
            if not os.path.exists(MADE):
                open(os.environ["WAITED_IN_VAIN"] + "." + str(os.getpid()), "w").close()
    return original(self, source_path)

MarkdownReader.read = read_after_the_first_post_is_made

def made(content):
    if os.getpid() == MAIN and not os.path.exists(MADE):
        open(MADE, "w").close()

def register():
    signals.content_object_init.connect(made)
"""


def test_each_file_is_taken_as_soon_as_its_worker_has_read_it(reading_content: Path, tmp_path: Path) -> None:
    """Pelican makes its first post while the workers still read: each worker's second
    file waits until it has (20 s at most, once; had the build's process waited for
    every worker to end, each would have waited in vain)."""
    made = tmp_path / "first-post-made"
    vain = tmp_path / "waited-in-vain"
    done = build_with_plugin(
        tmp_path,
        reading_content,
        "taken_as_they_come",
        TAKEN_AS_THEY_COME,
        {"FIRST_POST_MADE": str(made), "WAITED_IN_VAIN": str(vain)},
    )
    assert made.exists(), done.log[-2000:]
    assert list(tmp_path.glob("waited-in-vain.*")) == [], "a worker finished before any post was made"


STOPPING_WORKER = """
import os
from pelican.readers import MarkdownReader
from shortlist_core.read_state import register_read_state

MAIN = os.getpid()
HOW = os.environ["HOW_IT_STOPS"]
original = MarkdownReader.read
posts_read = []

def stops(path):
    # Each worker reading posts stops at its third ("one dies": only the first to get there).
    if os.getpid() == MAIN or "/pages/" in path or len(posts_read) != 3:
        return False
    if HOW != "one dies":
        return True
    try:
        os.close(os.open(os.environ["FIRST_TO_STOP"], os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True

def stopping_read(self, source_path):
    if os.getpid() != MAIN and "/pages/" not in source_path:
        posts_read.append(source_path)
    if HOW in ("dies", "one dies") and stops(source_path):
        os._exit(3)
    return original(self, source_path)

def capture(path):
    if HOW == "raises" and stops(path):
        raise RuntimeError("a bug in a plugin's read state")
    return None

if HOW != "nothing":
    MarkdownReader.read = stopping_read
    register_read_state("stopping_worker", capture, lambda path, value: None)

def register():
    pass
"""


@pytest.mark.parametrize("how", ["dies", "raises", "one dies"])
def test_the_files_of_a_worker_that_stops_are_read_here(
    reading_content: Path, tmp_path: Path, how: str
) -> None:
    """A worker that dies, or raises outside a file's reading (a bug), stops reading
    ahead: the other goes on taking files, the one it had taken and not sent is read in
    the build's process, the site is the same, and the log says what happened."""
    usual = build_with_plugin(
        tmp_path / "a", reading_content, "stopping_worker", STOPPING_WORKER, {"HOW_IT_STOPS": "nothing"}
    )
    stopped = build_with_plugin(
        tmp_path / "b",
        reading_content,
        "stopping_worker",
        STOPPING_WORKER,
        {"HOW_IT_STOPS": how, "FIRST_TO_STOP": str(tmp_path / "first-to-stop")},
    )
    assert "Reading ahead: a worker stopped" not in usual.log
    # Said once as it happens and once in the problems at the end (the same words
    # for both workers are one problem).
    said = stopped.log.count("Reading ahead: a worker stopped, the files it had taken are read here")
    assert said == 2, stopped.log[-3000:]
    expected = "a reading worker stopped (status 768)" if "dies" in how else "a bug in a plugin's read state"
    assert expected in stopped.log
    assert differences(usual.output, stopped.output) == []


def test_ctrl_c_to_the_build_alone_while_workers_read_leaves_none(
    reading_content: Path, tmp_path: Path
) -> None:
    """Ctrl-C that reaches only the build's process (not its process group) while it
    waits for a file its workers are still reading: they end with it."""
    command = slow_read_build(reading_content, tmp_path)
    started = tmp_path / "started"
    # Each file takes long: a worker left running (until it next sends) would be seen.
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "READ_STARTED": str(started),
        "READ_SLEEP": "5",
    }
    # Output to a file: a pipe would be held open by a worker left running, and waiting
    # for its end would wait for the worker.
    log = (tmp_path / "log").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 120
        while len(list(tmp_path.glob("started.*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(list(tmp_path.glob("started.*"))) == 2, "the workers never started"
        assert len(live_processes_in_group(process.pid)) == 3
        os.kill(process.pid, signal.SIGINT)  # the build's process alone
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    time.sleep(0.2)
    assert live_processes_in_group(process.pid) == []


def test_workers_take_the_files_in_pelicans_order_each_once_whoever_is_free() -> None:
    """Two forked processes taking places as fast as they can: every place is taken
    exactly once, each process takes its own in increasing order, and both took some."""
    from shortlist_parallel.forking import fork_map
    from shortlist_parallel.reading import Tickets

    tickets = Tickets(400)

    def take_all(worker: int) -> list[int]:
        taken = []
        while (place := tickets.take()) is not None:
            taken.append(place)
            time.sleep(0.001)  # a file's reading: the other process takes the next meanwhile
        return taken

    first, second = fork_map(take_all, [0, 1], label="ticket taker")
    assert sorted(first + second) == list(range(400))
    assert first == sorted(first) and second == sorted(second)
    assert first and second, "both workers took files"
    assert tickets.take() is None
    tickets.close()


WORK_AHEAD_PLUGIN = """
import os
from shortlist_core.site_parts import register_work_ahead

def remember(context):
    with open(os.environ["WORK_AHEAD_LOG"], "a") as log:
        log.write(f"{os.getpid()} {len(context.get('articles') or [])}\\n")

def register():
    register_work_ahead(remember)
"""


def test_work_that_can_be_done_early_runs_once_while_the_workers_read(
    reading_content: Path, tmp_path: Path
) -> None:
    """shortlist_core's `work_ahead`: run by the build's process, once, as it first waits
    for a worker's file (before any post was filed)."""
    log = tmp_path / "work-ahead.log"
    done = build_with_plugin(
        tmp_path, reading_content, "work_ahead_job", WORK_AHEAD_PLUGIN, {"WORK_AHEAD_LOG": str(log)}
    )
    assert "Reading" in done.log and "files in 2 processes" in done.log
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1, lines
    pid, filed = lines[0].split()
    assert int(pid) != os.getpid() and filed == "0"
