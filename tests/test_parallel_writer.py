"""Pages rendered on every CPU are Pelican's own pages, byte for byte, in every setting
a user may choose, and every internal link on every page resolves.

The site is the sample content plus 130 generated posts whose first paragraphs and
`Summary:` lines hold every kind of internal link Pelican resolves ({filename},
{static}, {tag}, {category}, {author}, {index}), with translations, drafts and
hidden posts: big enough to take the parallel path, with links in the summaries
that list pages show at every depth.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_CONTENT, SOURCE_DATE_EPOCH, Build, run_pelican
from linkcheck import check_output

sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from same_output import differences
from shortlist_core.cpus import cgroup_cpu_limit, usable_cpus

GENERATED_POSTS = 130


def links_paragraph(number: int) -> str:
    previous = f"reflections/gen-{number - 1:03d}.md" if number else "pages/about.md"
    return (
        f"See [the one before]({{filename}}/{previous}), [the interviews label]({{tag}}interviews), "
        f"[advice]({{category}}advice), [the robots file]({{static}}/extra/robots.txt), "
        f"[Sam's posts]({{author}}Sam Ortega) and [the front page]({{index}})."
    )


def make_site(target: Path) -> Path:
    """The sample content plus the generated posts; returns the content folder."""
    content = target / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    for number in range(GENERATED_POSTS):
        fields = [
            f"Title: Generated week {number}",
            f"Date: 2025-{1 + number % 12:02d}-{1 + number % 28:02d} {8 + number % 10}:{number % 60:02d}",
            f"Tags: interviews, week {number % 7}",
            f"Slug: generated-week-{number}",
        ]
        if number % 10 == 3:  # a summary written by hand, with its own links
            fields.append(f"Summary: A summary that links {links_paragraph(number)}")
        if number % 25 == 7:
            fields.append("Status: draft")
        if number % 31 == 11:
            fields.append("Status: hidden")
        body = f"{links_paragraph(number)}\n\nAnd a second paragraph, so the summary is cut from the first.\n"
        text = "\n".join(fields) + "\n\n" + body
        (content / "reflections" / f"gen-{number:03d}.md").write_text(text, encoding="utf-8")
        if number % 20 == 0:  # a translation of the same post
            translated = text.replace(f"Title: Generated week {number}", f"Title: Semaine générée {number}")
            translated = translated.replace("Tags:", "Lang: fr\nTags:", 1)
            (content / "reflections" / f"gen-{number:03d}-fr.md").write_text(translated, encoding="utf-8")
    return content


# (name, settings file, environment, extra settings, the address the link checker serves it at)
CONFIGURATIONS = [
    ("dev", "pelicanconf.py", {}, {}, "http://127.0.0.1:8000"),
    ("dev, relative URLs", "pelicanconf.py", {}, {"RELATIVE_URLS": True}, "http://127.0.0.1:8000/any/base"),
    (
        "dev, relative URLs, drafts previewed",
        "pelicanconf.py",
        {"SHORTLIST_DRAFTS": "yes"},
        {"RELATIVE_URLS": True},
        "http://127.0.0.1:8000/any/base",
    ),
    ("publish", "publishconf.py", {"SITEURL": "https://jobs.example.org"}, {}, "https://jobs.example.org"),
    (
        "publish, project site",
        "publishconf.py",
        {"SITEURL": "https://name.github.io/blog"},
        {},
        "https://name.github.io/blog",
    ),
]


@pytest.fixture(scope="module")
def parity_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("parity"))


# What pelicanconf.py sets when SHORTLIST_DRAFTS is on (run_pelican drops that
# variable from the environment, so a build previewing drafts passes these instead).
DRAFTS_PREVIEWED = {
    "DRAFT_URL": "drafts/{slug}/",
    "DRAFT_SAVE_AS": "drafts/{slug}/index.html",
    "DRAFT_PAGE_URL": "drafts/pages/{slug}/",
    "DRAFT_PAGE_SAVE_AS": "drafts/pages/{slug}/index.html",
    "DRAFT_LANG_URL": "drafts/{slug}-{lang}/",
    "DRAFT_LANG_SAVE_AS": "drafts/{slug}-{lang}/index.html",
}


def build(
    content: Path, output: Path, settings: str, env: dict[str, str], extra: dict, workers: int
) -> Build:
    extra = {**extra, "SHORTLIST_WRITE_WORKERS": workers, "SHORTLIST_PARALLEL_MIN_PAGES": 1}
    if env.get("SHORTLIST_DRAFTS"):
        extra.update(DRAFTS_PREVIEWED)
    done = run_pelican(
        output, settings, content=content, extra_env=env, extra_settings=extra, extra_args=["-v"]
    )
    assert done.returncode == 0, done.log
    return done


@pytest.mark.parametrize(
    ("settings", "env", "extra", "site_url"),
    [configuration[1:] for configuration in CONFIGURATIONS],
    ids=[configuration[0] for configuration in CONFIGURATIONS],
)
def test_parallel_pages_are_pelicans_pages_and_every_link_resolves(
    parity_content: Path, tmp_path: Path, settings: str, env: dict, extra: dict, site_url: str
) -> None:
    plain = build(parity_content, tmp_path / "plain", settings, env, extra, workers=1)
    parallel = build(parity_content, tmp_path / "parallel", settings, env, extra, workers=2)
    # The plain build used Pelican's own Writer; the other rendered in two processes.
    assert "Rendering" not in plain.log
    said = [line for line in parallel.log.splitlines() if "Rendering" in line or "one at a time" in line]
    assert "pages in 2 processes" in parallel.log, said
    assert " of them feeds)" in parallel.log, "the feeds are written by the workers too"
    assert differences(plain.output, parallel.output) == []
    pages = len(list(plain.output.rglob("*.html")))
    assert pages > 200
    broken, checked = check_output(plain.output, site_url)
    assert checked > 20 * pages
    assert broken == [], "\n".join(str(b) for b in broken[:40])


def test_the_link_checker_finds_links_that_only_work_at_one_depth(tmp_path: Path) -> None:
    """The checker itself: a relative link that is right one folder down and wrong two down."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "index.html").write_text("<p id=here>x</p>", encoding="utf-8")
    link = '<a href="../target/#here">t</a> <a href="../target/#gone">t</a> <img src="/target/">'
    (tmp_path / "a" / "index.html").write_text(link, encoding="utf-8")
    (tmp_path / "a" / "b" / "index.html").write_text(link, encoding="utf-8")
    broken, checked = check_output(tmp_path, "https://example.org/base")
    assert checked == 6
    assert sorted(str(b) for b in broken) == [
        "a/b/index.html: ../target/#gone (no file a/target/index.html)",
        "a/b/index.html: ../target/#here (no file a/target/index.html)",
        "a/b/index.html: /target/ (no file __outside_the_site__/target)",
        "a/index.html: ../target/#gone (no id 'gone')",
        "a/index.html: /target/ (no file __outside_the_site__/target)",
    ]


PAGES_ON_DISK_PLUGIN = """
import json, os
from pelican import signals

def check(generator, writer):
    settings = generator.settings
    feeds = [settings["FEED_ALL_ATOM"]] + [
        settings["CATEGORY_FEED_ATOM"].format(slug=category.slug) for category, _ in generator.categories
    ]
    missing = [path for path in [a.save_as for a in generator.articles] + feeds
               if not os.path.isfile(os.path.join(generator.output_path, path))]
    with open(os.environ["PAGES_ON_DISK_REPORT"], "w") as out:
        json.dump({"articles": len(generator.articles), "feeds": len(feeds), "missing": missing}, out)

def register():
    signals.article_writer_finalized.connect(check)
"""


def test_every_page_is_on_disk_before_article_writer_finalized(parity_content: Path, tmp_path: Path) -> None:
    """And every feed: the article generator's feeds are written by the workers too."""
    plugin = tmp_path / "plugins" / "pages_on_disk"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(PAGES_ON_DISK_PLUGIN, encoding="utf-8")
    report = tmp_path / "report.json"
    plugins = ["shortlist_core", "shortlist_parallel", "job_openings", "popular_posts", "advice_articles"]
    done = build(
        parity_content,
        tmp_path / "output",
        "pelicanconf.py",
        {"PAGES_ON_DISK_REPORT": str(report)},
        {
            "PLUGIN_PATHS": [str(ROOT / "plugins"), str(tmp_path / "plugins")],
            "PLUGINS": [*plugins, "search_log", "pages_on_disk"],
        },
        workers=2,
    )
    assert "pages in 2 processes" in done.log and " of them feeds)" in done.log
    import json

    seen = json.loads(report.read_text(encoding="utf-8"))
    assert seen["articles"] > GENERATED_POSTS and seen["feeds"] >= 4
    assert seen["missing"] == []


SLOW_RENDER_PLUGIN = """
import os, time
from pelican import signals
from shortlist_parallel.writer import ParallelWriter

original = ParallelWriter._render

def slow_render(self, pages):
    open(os.environ["RENDER_STARTED"] + "." + str(os.getpid()), "w").close()
    for page in pages:
        time.sleep(0.2)
        original(self, [page])

ParallelWriter._render = slow_render

def register():
    pass
"""


def live_processes_in_group(group: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def test_ctrl_c_leaves_no_worker_behind(parity_content: Path, tmp_path: Path) -> None:
    plugin = tmp_path / "plugins" / "slow_render"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(SLOW_RENDER_PLUGIN, encoding="utf-8")
    started = tmp_path / "started"
    command = [
        sys.executable, "-m", "pelican", str(parity_content), "-o", str(tmp_path / "output"),
        "-s", "pelicanconf.py", "-e",
        f'PLUGIN_PATHS=["{ROOT / "plugins"}", "{tmp_path / "plugins"}"]',
        'PLUGINS=["shortlist_core", "shortlist_parallel", "slow_render", "job_openings", "popular_posts", '
        '"advice_articles", "search_log"]',
        "SHORTLIST_WRITE_WORKERS=2", "SHORTLIST_PARALLEL_MIN_PAGES=1",
    ]  # fmt: skip
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "RENDER_STARTED": str(started)}
    ctrl_c_once_started(command, env, started, processes=2)  # the build renders a share too
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("shortlist-writer-*"))


def ctrl_c_once_started(command: list[str], env: dict[str, str], started: Path, processes: int) -> None:
    """Run a build whose two workers each touch `started`.<pid> when they begin; once
    both have, with `processes` in its process group, press Ctrl-C: none may be left."""
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120
        while len(list(started.parent.glob(f"{started.name}.*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(list(started.parent.glob(f"{started.name}.*"))) == 2, "the workers never started"
        assert len(live_processes_in_group(process.pid)) == processes
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    time.sleep(0.2)
    assert live_processes_in_group(process.pid) == []


NO_FORK_WITH_THREADS = """
import logging, sys, threading
sys.path.insert(0, "plugins")
logging.getLogger().addHandler(logging.StreamHandler())
from shortlist_core.cpus import thread_count
from shortlist_parallel.writer import ParallelWriter

settings = {"SHORTLIST_WRITE_WORKERS": 2, "SHORTLIST_PARALLEL_MIN_PAGES": 1}
alone = ParallelWriter(".", settings).workers_for(500)
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
with_thread = ParallelWriter(".", settings).workers_for(500), thread_count()
stop.set()
thread.join()
one = ParallelWriter(".", {"SHORTLIST_WRITE_WORKERS": 1}).workers_for(500)
small = ParallelWriter(".", {"SHORTLIST_WRITE_WORKERS": 2}).workers_for(50)
print(alone, *with_thread, one, small)
"""


def test_no_fork_while_other_threads_run() -> None:
    # In a process of its own: pytest's own process runs threads (the browser's, servers').
    done = subprocess.run(
        [sys.executable, "-c", NO_FORK_WITH_THREADS], cwd=ROOT, capture_output=True, text=True, check=True
    )
    alone, with_thread, threads, one, small = (int(n) for n in done.stdout.split())
    assert (alone, with_thread, one, small) == (2, 1, 1, 1)
    assert threads >= 2
    assert "Pages are rendered one at a time: this process runs other threads" in done.stderr


def fake_files(files: dict[str, str]):
    return lambda path: files.get(path)


def test_cpu_quota_from_cgroup_v2_and_v1() -> None:
    v2 = {
        "/proc/self/cgroup": "0::/ci/job\n",
        "/sys/fs/cgroup/ci/job/cpu.max": "max 100000",
        "/sys/fs/cgroup/ci/cpu.max": "150000 100000",
        "/sys/fs/cgroup/cpu.max": "max 100000",
    }
    assert cgroup_cpu_limit(fake_files(v2)) == 1.5
    v1 = {
        "/proc/self/cgroup": "5:memory:/docker/x\n4:cpu,cpuacct:/docker/x\n",
        "/sys/fs/cgroup/cpu,cpuacct/docker/x/cpu.cfs_quota_us": "100000",
        "/sys/fs/cgroup/cpu,cpuacct/docker/x/cpu.cfs_period_us": "100000",
    }
    assert cgroup_cpu_limit(fake_files(v1)) == 1.0
    unlimited = {
        "/proc/self/cgroup": "4:cpu,cpuacct:/\n",
        "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "-1",
    }
    assert cgroup_cpu_limit(fake_files(unlimited)) is None
    assert cgroup_cpu_limit(fake_files({})) is None
    assert usable_cpus(fake_files(v1)) == 1
    assert usable_cpus(fake_files({**v2})) == min(2, len(os.sched_getaffinity(0)))


def test_worker_count_follows_the_affinity_mask() -> None:
    code = (
        "import os, sys; sys.path.insert(0, 'plugins'); os.sched_setaffinity(0, {0}); "
        "from shortlist_core.cpus import usable_cpus; print(usable_cpus())"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "1"


class _Template:
    """The least a page template needs: a render that shows its context."""

    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, context: dict) -> str:
        return f"{self.name} at {context['output_file']}"


@pytest.fixture
def plain_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writers' modules write with the built-in `open`: a devserver test run
    earlier in this process may have given them the devserver's own (devserver_files)."""
    import pelican.writers
    import shortlist_parallel.writer

    for module in (pelican.writers, shortlist_parallel.writer):
        monkeypatch.delattr(module, "open", raising=False)


@pytest.mark.usefixtures("plain_open")
def test_page_folders_are_made_as_pages_are_written_and_all_by_the_end(tmp_path: Path) -> None:
    """While pages are recorded, Pelican's own `os.makedirs` only notes each page's
    folder; the folders are made as the pages are rendered, and a page Pelican skips
    (written once with override, then again without) still leaves its folder, as
    Pelican's own Writer does."""
    import pelican.writers
    from pelican.settings import DEFAULT_CONFIG
    from shortlist_parallel.writer import ParallelWriter

    output = tmp_path / "output"
    settings = {**DEFAULT_CONFIG, "SHORTLIST_WRITE_WORKERS": 1}
    writer = ParallelWriter(str(output), settings=settings)
    context = {"localsiteurl": "", "SITEURL": ""}
    real_os = pelican.writers.os
    seen_during_recording = []
    with writer.deferred(context):
        writer.write_file("posts/first/index.html", _Template("post"), context)
        writer.write_file("labels/a/index.html", _Template("label"), context, override_output=True)
        writer.write_file("labels/a/index.html", _Template("again"), context)  # skipped, as Pelican does
        writer.write_file("deep/er/still/index.html", _Template("deep"), context)
        seen_during_recording = sorted(str(path.relative_to(output)) for path in output.rglob("*"))
        assert pelican.writers.os is not real_os
    assert pelican.writers.os is real_os
    assert seen_during_recording == []
    assert (output / "posts/first/index.html").read_text() == "post at posts/first/index.html"
    assert (output / "labels/a/index.html").read_text() == "label at labels/a/index.html"
    assert (output / "deep/er/still/index.html").is_file()

    # Pelican's own Writer, the same calls: the same files and folders.
    plain = tmp_path / "plain"
    plain_writer = pelican.writers.Writer(str(plain), settings=settings)
    plain_writer.write_file("posts/first/index.html", _Template("post"), context)
    plain_writer.write_file("labels/a/index.html", _Template("label"), context, override_output=True)
    plain_writer.write_file("labels/a/index.html", _Template("again"), context)
    plain_writer.write_file("deep/er/still/index.html", _Template("deep"), context)
    assert differences(plain, output) == []


@pytest.mark.usefixtures("plain_open")
def test_a_page_skipped_in_a_folder_of_its_own_still_leaves_the_folder(tmp_path: Path) -> None:
    """The folder of a page that is recorded but never rendered (here: the devserver's
    `skip_render`, a page left as it is) is made at the end of the flush all the same."""
    from pelican.settings import DEFAULT_CONFIG
    from shortlist_parallel.writer import ParallelWriter

    class LeftAsItIs(_Template):
        def skip_render(self, context: dict) -> bool:
            return True

    output = tmp_path / "output"
    writer = ParallelWriter(str(output), settings={**DEFAULT_CONFIG, "SHORTLIST_WRITE_WORKERS": 1})
    context = {"localsiteurl": "", "SITEURL": ""}
    with writer.deferred(context):
        writer.write_file("kept/as/is/index.html", LeftAsItIs("kept"), context)
    assert (output / "kept/as/is").is_dir()
    assert not (output / "kept/as/is/index.html").exists()


@pytest.mark.usefixtures("plain_open")
def test_pages_wanted_early_are_written_first_and_their_plugin_told_then(tmp_path: Path) -> None:
    """shortlist_core's `pages_wanted_early`: the writer renders each wanted set first and
    calls its `ready` with all of its pages on disk and none of the others written yet;
    a set with a page this writer does not write is never called."""
    from pelican.settings import DEFAULT_CONFIG
    from shortlist_core.site_parts import _EARLY_PAGE_PROVIDERS, PagesWanted, register_pages_wanted_early
    from shortlist_parallel.writer import ParallelWriter

    output = tmp_path / "output"
    seen: list[tuple[str, list[str]]] = []

    def on_disk() -> list[str]:
        return sorted(str(path.relative_to(output)) for path in output.rglob("*.html"))

    def wanted(context: dict) -> list:
        return [
            PagesWanted(("b/index.html", "c/index.html"), lambda: seen.append(("b, c", on_disk()))),
            PagesWanted(("d/index.html", "not-written/index.html"), lambda: seen.append(("d", []))),
        ]

    register_pages_wanted_early(wanted)
    try:
        writer = ParallelWriter(str(output), settings={**DEFAULT_CONFIG, "SHORTLIST_WRITE_WORKERS": 1})
        context = {"localsiteurl": "", "SITEURL": ""}
        with writer.deferred(context):
            for name in ["a", "b", "c", "d"]:
                writer.write_file(f"{name}/index.html", _Template(name), context)
    finally:
        _EARLY_PAGE_PROVIDERS.pop(f"{wanted.__module__}.{wanted.__qualname__}")
    assert seen == [("b, c", ["b/index.html", "c/index.html"])]
    assert on_disk() == ["a/index.html", "b/index.html", "c/index.html", "d/index.html"]


def _feed_articles(settings: dict) -> list:
    import datetime

    from pelican.contents import Article

    return [
        Article(
            f"<p>Post {number}</p>",
            metadata={
                "title": f"Post {number}",
                "slug": f"post-{number}",
                "date": datetime.datetime(2026, 11, number, 9, 0, tzinfo=datetime.UTC),
            },
            settings=settings,
        )
        for number in (1, 2, 3)
    ]


@pytest.mark.usefixtures("plain_open")
def test_feeds_recorded_with_the_pages_are_written_with_them_as_pelican_writes_them(tmp_path: Path) -> None:
    """A feed written while recording is kept, its overwrite rules applied at once, and
    built and written (by Pelican's own write_feed) when the pages are: the same bytes
    as Pelican's Writer writes; `feed_generated` is still sent before it is written."""
    import pelican.writers
    from pelican import signals
    from pelican.settings import DEFAULT_CONFIG
    from pelican.writers import FileOverwriteFailedError
    from shortlist_parallel.writer import ParallelWriter

    site = "https://example.org"
    settings = {**DEFAULT_CONFIG, "SHORTLIST_WRITE_WORKERS": 1, "SITEURL": site, "FEED_DOMAIN": site}
    articles = _feed_articles(settings)
    context = {**settings, "localsiteurl": ""}
    output = tmp_path / "output"
    writer = ParallelWriter(str(output), settings=settings)
    generated: list[str] = []

    def seen(context: dict, feed: object) -> None:
        generated.append(getattr(feed, "feed", {}).get("feed_url", ""))

    signals.feed_generated.connect(seen)
    try:
        with writer.deferred(context, flush=False):
            assert writer.write_feed(articles, context, "feeds/all.atom.xml") is None
            with pytest.raises(FileOverwriteFailedError):
                writer.write_feed(articles, context, "feeds/all.atom.xml")
        assert not (output / "feeds").exists() and generated == []
        with writer.deferred(context):
            writer.write_file("posts/first/index.html", _Template("post"), context)
    finally:
        signals.feed_generated.disconnect(seen)
    assert generated == [f"{site}/feeds/all.atom.xml"]

    plain = tmp_path / "plain"
    plain_writer = pelican.writers.Writer(str(plain), settings=settings)
    plain_writer.write_feed(articles, context, "feeds/all.atom.xml")
    plain_writer.write_file("posts/first/index.html", _Template("post"), context)
    assert "Post 3" in (plain / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert differences(plain, output) == []


def test_feeds_stay_in_this_process_when_a_plugin_listens_to_feed_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shortlist_parallel.writer
    from pelican import signals
    from pelican.settings import DEFAULT_CONFIG
    from shortlist_parallel.writer import ParallelWriter

    # Another test's server thread may still be ending: forking is this test's given.
    monkeypatch.setattr(shortlist_parallel.writer, "may_fork", lambda what: True)

    writer = ParallelWriter(str(tmp_path), settings={**DEFAULT_CONFIG, "SHORTLIST_WRITE_WORKERS": 2})
    assert writer.may_defer_feeds()

    def listening(path: str, context: dict, feed: object) -> None:
        return None

    signals.feed_written.connect(listening)
    try:
        assert not writer.may_defer_feeds()
    finally:
        signals.feed_written.disconnect(listening)
    one = ParallelWriter(str(tmp_path), settings={**DEFAULT_CONFIG, "SHORTLIST_WRITE_WORKERS": 1})
    assert not one.may_defer_feeds(), "rendered here anyway: nothing to gain"
    # A plugin that wraps this writer's write_feed (the devserver's partial rebuild)
    # expects the feed written when its call returns.
    wrapped = ParallelWriter(str(tmp_path), settings={**DEFAULT_CONFIG, "SHORTLIST_WRITE_WORKERS": 2})
    wrapped.write_feed = lambda *args, **kwargs: None
    assert not wrapped.may_defer_feeds()


def test_a_worker_leaves_what_it_inherited_out_of_its_garbage_collections() -> None:
    """gc.freeze() first thing in a forked worker (a full collection would otherwise copy
    every inherited page); the build's own process is left as it was."""
    import gc

    from shortlist_parallel.forking import fork_map

    made_here = [[] for _ in range(1000)]  # lists: objects the collector tracks
    before = gc.get_freeze_count()
    here, worker = fork_map(lambda share: gc.get_freeze_count(), [[0], [1]], label="freeze check")
    assert here == before == gc.get_freeze_count()
    assert worker >= len(made_here), "everything the worker inherited is frozen"
