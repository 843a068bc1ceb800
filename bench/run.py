"""`make bench`: this kit's build against plain Pelican, side by side, on one or more corpus sizes.

For each size (--posts 1000 5000) it generates a deterministic corpus (bench/corpus.py),
then times, several runs each: the kit's full build with dev settings; `make publish`
from an empty content cache (cold), from the cache an unchanged build left (warm), and
from that cache after the analytics export changed (the daily Pages build: every page's
"Popular posts" differ), the share cards drawn before in all; plain Pelican on the same
Markdown (bench/plain_pelicanconf.py); and edit-to-preview: `make devserver` running,
one post edited, until that post's page on disk shows the edit (and until the
devserver has finished rebuilding the rest). Each build runs as its own process; its
peak memory is that process's own (os.wait4). Prints one table for every size, the
kit/plain ratios and each issue-15 target next to its figure; writes JSON (the first
size's results at the top level, as with one size, and every size's under "sizes").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import LABELS, generate
from same_output import differences

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PYTHONPATH_VENV = Path(PYTHON).parent.parent
SOURCE_DATE_EPOCH = "1796126400"  # 2026-12-01, so listings open/close the same way every run


@dataclass
class Step:
    name: str
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    pages: int = 0

    def summary(self) -> dict[str, float]:
        values = self.seconds or [float("nan")]
        return {
            "median": statistics.median(values),
            "min": min(values),
            "max": max(values),
            "peak_mib": max(self.peak_mib) if self.peak_mib else float("nan"),
        }


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def build_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env.pop("SHORTLIST_DRAFTS", None)
    env.update(extra or {})
    return env


def measured_build(
    settings: Path,
    content: Path,
    output: Path,
    env: dict[str, str],
    search: Path | None = None,
    cards: Path | None = None,
) -> tuple[float, float, str]:
    """One build with no content cache, in its own process: (seconds, peak MiB, its log).
    `search`: the kit's folder of search index parts, emptied first, so nothing is reused;
    `cards`: the share cards drawn before (the first build drew them)."""
    shutil.rmtree(output.parent / "cache", ignore_errors=True)
    if search is not None:
        shutil.rmtree(search, ignore_errors=True)
    return measured_command(build_command(settings, content, output, search, cards), output, env)


def build_command(
    settings: Path, content: Path, output: Path, search: Path | None = None, cards: Path | None = None
) -> list[str]:
    """`pelican` with these settings, and the kit's caches in `search` and `cards`."""
    command = [PYTHON, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings)]
    overrides = []
    if search is not None:
        overrides.append(f'SITE_SEARCH_CACHE_PATH="{search}"')
    if cards is not None:
        overrides.append(f'SHARE_CARDS_CACHE_PATH="{cards}"')
    # One -e for all: pelican keeps only the last -e's settings, and with two the dev
    # build's search parts went to the project's .shortlist-cache/, where it found the
    # last run's, so it indexed nothing again (its time 3-4 s short at 1,000 posts).
    return [*command, "-e", *overrides] if overrides else command


def make_recipe(target: str, *make_args: str) -> str:
    """What `make <target>` runs (make -n prints its recipe), for this venv."""
    return subprocess.run(
        ["make", "-n", "--no-print-directory", target, f"VENV={PYTHONPATH_VENV}", *make_args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def publish_command(content: Path, output: Path, cache: Path, cards: Path, search: Path) -> list[str]:
    """Exactly what `make publish` runs, with this corpus, output and content cache; the
    share cards are kept in `cards` and the search index's parts in `search` (not the
    project's .shortlist-cache/)."""
    recipe = make_recipe(
        "publish",
        f"INPUTDIR={content}",
        f"PUBLISHDIR={output}",
        f"CACHEDIR={cache}",
        f"PELICANOPTS=-e 'SHARE_CARDS_CACHE_PATH=\"{cards}\"' 'SITE_SEARCH_CACHE_PATH=\"{search}\"'",
    )
    (line,) = [line for line in recipe.splitlines() if "-s publishconf.py" in line]
    return ["bash", "-c", f"exec env {line}"]


# A build's peak memory, read by a small Python that starts it: Linux counts the
# memory of the process a child was forked from into the child's peak (its
# high-water mark is kept across exec), so a build started straight from this
# process, which holds the corpus and the results, could report this one's size.
MEASURE_PEAK = """
import os, signal, subprocess, sys
# The devserver is stopped by a SIGTERM to its whole process group, this one included:
# this one outlives it, to write its peak.
signal.signal(signal.SIGTERM, lambda number, frame: None)
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measured_command(command: list[str], output: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """One build in its own process, into an empty `output`: (seconds, peak MiB, its log)."""
    shutil.rmtree(output, ignore_errors=True)
    # The step before wrote thousands of files: written to disk first, so the kernel's
    # writing them back does not slow this one (at 5,000 posts the dev build, which came
    # right after the untimed first build, took 82 s against 62 s on its own).
    os.sync()
    with tempfile.TemporaryFile() as log, tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        process = subprocess.Popen(
            [PYTHON, "-c", MEASURE_PEAK, peak.name, *command], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        process.wait()
        elapsed = time.perf_counter() - start
        log.seek(0)
        text = log.read().decode(errors="replace")
        if process.returncode != 0:
            raise SystemExit(f"build failed: {' '.join(command)}\n{text}")
        peak_kib = int(peak.read().strip())
    return elapsed, peak_kib / 1024, text


def count_pages(output: Path) -> int:
    return sum(1 for _ in output.rglob("*.html"))


def find_post_page(output: Path, folder: str, number: int) -> Path:
    for page in (output / folder).glob("*/index.html"):
        if page.parent.name.endswith(f"-{number}"):
            return page
    raise SystemExit(f"no page for post {number} under {output / folder}")


def wait_until(condition, timeout: float, poll: float = 0.005) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if condition():
            return time.perf_counter() - start
        time.sleep(poll)
    return None


def edit_to_preview(content: Path, work: Path, runs: int, own: Step, settled: Step) -> None:
    """Run `make devserver` and time edits of the newest reflection."""
    output = work / "devserver-output"
    shutil.rmtree(output, ignore_errors=True)
    log_path = work / "devserver.log"
    reflections = sorted((content / "reflections").glob("post-*.md"))
    source = reflections[-1]
    number = int(source.stem.split("-")[1])
    original = source.read_text(encoding="utf-8")
    port = 8000 + (os.getpid() % 1000) + 1000
    # Exactly what `make devserver` runs (make -n prints its recipe), started with
    # exec under the peak-reading launcher, so its peak memory can be read when it stops.
    make_args = [
        f"INPUTDIR={content}",
        f"OUTPUTDIR={output}",
        f"PORT={port}",
    ]
    recipe = make_recipe("devserver", *make_args)
    recipe = recipe[recipe.index("PYTHONPATH=") :]
    peak_file = work / "devserver.peak"
    peak_file.unlink(missing_ok=True)
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [PYTHON, "-c", MEASURE_PEAK, str(peak_file), "bash", "-c", f"exec env {recipe}"],
            cwd=ROOT,
            env=build_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:

        def builds_done() -> int:
            return log_path.read_text(errors="replace").count("Site up to date.")

        if wait_until(lambda: builds_done() >= 1, 900, 0.1) is None:
            raise SystemExit(f"the devserver never finished its first build; see {log_path}")
        page = find_post_page(output, "reflections", number)
        for run in range(runs):
            progress(f"edit-to-preview, edit {run + 1}/{runs}")
            marker = f"benchmark-edit-marker-{run}-{time.time_ns()}"
            before = builds_done()
            os.sync()  # what the last build wrote is on disk (see measured_command)
            time.sleep(1.0)  # let the watcher settle, so each edit is seen as one change
            start = time.perf_counter()
            source.write_text(original + f"\n{marker} is here.\n", encoding="utf-8")
            seen = wait_until(lambda m=marker: m in page.read_text(errors="replace"), 300)
            if seen is None:
                raise SystemExit(f"the edit never reached {page}; see {log_path}")
            own.seconds.append(seen)
            done = wait_until(lambda b=before: builds_done() > b, 900, 0.01)
            settled.seconds.append(time.perf_counter() - start if done is not None else float("nan"))
    finally:
        source.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
        # Read through the launcher, as for the builds: the devserver's own process
        # tree, not this process's size inherited across the fork.
        peak_mib = int(peak_file.read_text().strip()) / 1024 if peak_file.is_file() else float("nan")
        own.peak_mib.append(peak_mib)
        settled.peak_mib.append(peak_mib)


DEV = "kit, dev settings"
PUBLISH = "kit, publish settings"  # make publish, from an empty content cache
WARM = "kit, publish settings, warm cache"  # make publish again, nothing changed
DAILY = "kit, publish, warm cache, next day's analytics"  # the Pages workflow's daily build
PLAIN = "plain Pelican (notmyidea, typogrify on)"
OWN = "edit-to-preview: the edited post's page"
SETTLED = "edit-to-preview: whole site rebuilt"

# Issue 15's targets. The edited page's and the whole site's are set for some sizes only.
FULL_BUILD_TO_PLAIN = 0.75
EDITED_PAGE_SECONDS = {1000: 0.5, 5000: 1.0}
WHOLE_SITE_SECONDS = {1000: 3.0}
PEAK_MEMORY_TO_PLAIN = 2.0


@dataclass
class Target:
    what: str
    value: float
    limit: float
    unit: str  # "x" (of plain Pelican) or "s"

    @property
    def met(self) -> bool:
        return self.value <= self.limit

    def line(self) -> str:
        figure = f"{self.value:.2f}{self.unit}"
        limit = f"{self.limit:g}{self.unit}"
        return f"  {self.what + ' <= ' + limit:<72} {figure:>8}  {'met' if self.met else 'NOT MET'}"


def targets(posts: int, steps: dict[str, Step]) -> list[Target]:
    median = {name: step.summary()["median"] for name, step in steps.items()}
    peak = {name: step.summary()["peak_mib"] for name, step in steps.items()}
    found = [
        Target(
            "full build, dev settings, of plain Pelican's time",
            median[DEV] / median[PLAIN],
            FULL_BUILD_TO_PLAIN,
            "x",
        ),
        Target(
            "full build, make publish (cold), of plain Pelican's time",
            median[PUBLISH] / median[PLAIN],
            FULL_BUILD_TO_PLAIN,
            "x",
        ),
        Target(
            "full build, make publish warm (daily rebuild), of plain's time",
            median[DAILY if DAILY in median else WARM] / median[PLAIN],
            FULL_BUILD_TO_PLAIN,
            "x",
        ),
    ]
    if OWN in steps and posts in EDITED_PAGE_SECONDS:
        found.append(Target("edit-to-preview, the edited page", median[OWN], EDITED_PAGE_SECONDS[posts], "s"))
    if SETTLED in steps and posts in WHOLE_SITE_SECONDS:
        found.append(
            Target("edit-to-preview, the whole site", median[SETTLED], WHOLE_SITE_SECONDS[posts], "s")
        )
    kit_peak = max(peak[name] for name in (DEV, PUBLISH, WARM, DAILY) if name in peak)
    found.append(
        Target(
            "peak memory of a kit build, of plain Pelican's",
            kit_peak / peak[PLAIN],
            PEAK_MEMORY_TO_PLAIN,
            "x",
        )
    )
    return found


def cache_use(log: str) -> tuple[int, int]:
    found = re.search(r"Content cache: (\d+) of (\d+) files unchanged", log)
    if not found:
        raise SystemExit(f"make publish did not say how it used its content cache:\n{log}")
    return int(found[1]), int(found[2])


def output_of(work: Path, step: str) -> Path:
    return work / "out" / re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")


def bench_size(posts: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Every step for one corpus size, in `work`: its results, as written to the JSON."""
    progress(f"generating {posts} posts, up to {args.labels} labels each, in {work}")
    shutil.rmtree(work / "content", ignore_errors=True)
    content = generate(work, posts, labels=args.labels)
    cards, warm_cache, cold_cache = work / "share-cards", work / "warm-cache", work / "cold-cache"
    # The search index's parts (plugins/site_search): kept for the warm build, as the
    # Pages workflow keeps them; none for the cold ones.
    warm_search, cold_search = work / "warm-search", work / "cold-search"
    publish_env = build_env({"SITEURL": "https://bench.example.org"})
    shutil.rmtree(warm_cache, ignore_errors=True)
    shutil.rmtree(warm_search, ignore_errors=True)
    progress(f"{posts} posts: a first make publish, untimed: share cards drawn, content cache filled")
    measured_command(
        publish_command(content, work / "out" / "first", warm_cache, cards, warm_search),
        work / "out" / "first",
        publish_env,
    )

    def cold_publish(output: Path) -> tuple[float, float, str]:
        shutil.rmtree(cold_cache, ignore_errors=True)
        shutil.rmtree(cold_search, ignore_errors=True)
        return measured_command(
            publish_command(content, output, cold_cache, cards, cold_search), output, publish_env
        )

    reread: list[int] = []
    # The next day's export: the same rows and more, with the least read post read most
    # on the newest day, so the "Popular posts" sidebar of every page changes, as it
    # does from one daily build to the next (content, settings and caches unchanged).
    analytics = content / "analytics" / "goatcounter.csv"
    today = analytics.read_bytes()
    # (More views than the most read post has in all, so it ranks first at any size.)
    views = Counter(re.findall(r"^(/(?:reflections|advice)/[^?,]+)\?", today.decode(), re.MULTILINE))
    tail_post = min(sorted(views), key=views.__getitem__)
    next_day = (
        today
        + "".join(
            f"{tail_post}?utm_source=feed,,false,Mozilla/5.0,Firefox,Linux,next{row:x},0,,,,,false,"
            "2026-11-28T12:00:00Z\n"
            for row in range(max(views.values()) + 1)
        ).encode()
    )

    daily_changed: list[int] = []
    daily_search: list[str] = []  # search index parts indexed again, of all

    def daily_publish(output: Path) -> tuple[float, float, str]:
        """The warm build after the analytics changed; they stay so for this run's other
        steps (the warm build's "nothing changed" is then true again), and change back
        in the next run."""
        analytics.write_bytes(next_day if analytics.read_bytes() == today else today)
        done = warm_publish(output)
        indexed = re.search(r"Search index: \d+ pages in (\d+) part\(s\), (\d+) indexed", done[2])
        daily_search.append(f"{indexed[2]} of {indexed[1]}" if indexed else "?")
        if not daily_changed:  # the first: against the untimed build, from today's export
            daily_changed.append(len(differences(work / "out" / "first", output)))
        return done

    def warm_publish(output: Path) -> tuple[float, float, str]:
        done = measured_command(
            publish_command(content, output, warm_cache, cards, warm_search), output, publish_env
        )
        reused, files = cache_use(done[2])
        reread.append(files - reused)
        if reused != files:  # e.g. a plugin edited while the bench ran: said with the results
            progress(f"the warm build read {files - reused} of {files} files again: {done[2]}")
        return done

    builds: list[tuple[str, Any]] = [
        (DAILY, daily_publish),
        (
            DEV,
            # The cards the first build drew (a card shows no address: the same in both
            # settings). Left to the project's .shortlist-cache/, a fresh clone's dev
            # build drew every card itself: 5,000 posts, 90 s against publish's 64.
            lambda output: measured_build(
                ROOT / "pelicanconf.py", content, output, build_env(), cold_search, cards
            ),
        ),
        (PUBLISH, cold_publish),
        (
            PLAIN,
            lambda output: measured_build(ROOT / "bench/plain_pelicanconf.py", content, output, build_env()),
        ),
        (WARM, warm_publish),
    ]
    steps: dict[str, Step] = {}
    total = len(builds) * args.runs
    done = 0
    for run in range(args.runs):
        # Interleaved, so a slow moment on a shared machine hits every step alike.
        for name, measure in builds:
            done += 1
            progress(f"{posts} posts [{done}/{total}] {name}, run {run + 1}/{args.runs}")
            output = output_of(work, name)
            seconds, peak, _ = measure(output)
            step = steps.setdefault(name, Step(name))
            step.seconds.append(seconds)
            step.peak_mib.append(peak)
            step.pages = count_pages(output)
    # The cache changes when the work is done, never what is written.
    warm_identical = differences(output_of(work, PUBLISH), output_of(work, WARM)) == []
    # The daily build writes what a cold build from the same export writes.
    daily_identical = differences(output_of(work, PUBLISH), output_of(work, DAILY)) == []

    if not args.skip_devserver:
        own = steps.setdefault(OWN, Step("own"))
        settled = steps.setdefault(SETTLED, Step("settled"))
        edit_to_preview(content, work, args.runs, own, settled)

    plain = steps[PLAIN].summary()["median"]
    return {
        "posts": posts,
        "labels": args.labels,
        "runs": args.runs,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "steps": {name: {**asdict(step), **step.summary()} for name, step in steps.items()},
        "ratio_kit_dev_to_plain": steps[DEV].summary()["median"] / plain,
        "ratio_kit_publish_to_plain": steps[PUBLISH].summary()["median"] / plain,
        "ratio_kit_publish_warm_to_plain": steps[WARM].summary()["median"] / plain,
        "ratio_kit_publish_daily_to_plain": steps[DAILY].summary()["median"] / plain,
        "warm_identical_to_cold": warm_identical,
        "daily_identical_to_cold": daily_identical,
        "daily_files_changed": daily_changed[0],
        "daily_search_parts_indexed": daily_search,
        "warm_files_read_again": reread,
        "targets": [{**asdict(t), "met": t.met} for t in targets(posts, steps)],
        "_steps": steps,
    }


def print_results(sizes: list[dict[str, Any]], out: Path) -> None:
    first = sizes[0]
    counts = ", ".join(str(size["posts"]) for size in sizes)
    print(
        f"\n{counts} posts, up to {first['labels']} labels each, {first['runs']} runs each, whole-process wall time"
    )
    print(
        f"| {'posts':>5} | {'step':<42} | {'median s':>8} | {'min s':>7} | {'max s':>7} | {'peak MiB':>8} | {'pages':>6} |"
    )
    print(f"|{'-' * 7}|{'-' * 44}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 10}|{'-' * 8}|")
    for size in sizes:
        for name, step in size["_steps"].items():
            s = step.summary()
            pages = str(step.pages) if step.pages else ""
            print(
                f"| {size['posts']:>5} | {name:<42} | {s['median']:>8.2f} | {s['min']:>7.2f} | {s['max']:>7.2f} "
                f"| {s['peak_mib']:>8.0f} | {pages:>6} |"
            )
    print(
        "\npublish: `make publish` from an empty content cache; warm cache: `make publish` again with "
        "the cache of an unchanged build; next day's analytics: the same, after the analytics export "
        "changed (every page's popular posts), as in the daily Pages build. Share cards drawn before in all."
    )
    for size in sizes:
        print(
            f"\n{size['posts']} posts: kit / plain Pelican: dev {size['ratio_kit_dev_to_plain']:.2f}x, "
            f"publish {size['ratio_kit_publish_to_plain']:.2f}x, "
            f"publish warm {size['ratio_kit_publish_warm_to_plain']:.2f}x, "
            f"next day {size['ratio_kit_publish_daily_to_plain']:.2f}x; warm build "
            + ("identical to cold" if size["warm_identical_to_cold"] else "DIFFERS FROM COLD")
            + f"; next day's build changed {size['daily_files_changed']} files, indexed "
            + f"{', '.join(size['daily_search_parts_indexed'])} search parts again, "
            + ("identical to cold" if size["daily_identical_to_cold"] else "DIFFERS FROM COLD")
        )
        if any(size["warm_files_read_again"]):
            print(
                f"  (warm builds read files again: {size['warm_files_read_again']} of {size['posts']}+; "
                "did a setting, plugin or the theme change while the bench ran?)"
            )
        print(f"issue 15 targets at {size['posts']} posts:")
        for target in size["targets"]:
            print(Target(target["what"], target["value"], target["limit"], target["unit"]).line())
    print(f"\nresults written to {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--posts",
        type=int,
        nargs="+",
        default=[1000],
        help="posts in the corpus; several sizes give a row per size in one table (default 1000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each step (default 3)")
    parser.add_argument(
        "--labels", type=int, default=LABELS, help=f"the most labels a post gets (default {LABELS})"
    )
    parser.add_argument("--out", type=Path, default=Path("bench-results.json"), help="JSON results file")
    parser.add_argument("--workdir", type=Path, help="where to build (default: a temporary folder)")
    parser.add_argument("--skip-devserver", action="store_true", help="leave out edit-to-preview")
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="shortlist-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [bench_size(posts, args, work / f"{posts}-posts") for posts in args.posts]
    # The first size's results at the top level (as the JSON of a single size always
    # was), every size's in "sizes".
    public = [{k: v for k, v in size.items() if not k.startswith("_")} for size in sizes]
    args.out.write_text(json.dumps({**public[0], "sizes": public}, indent=2) + "\n", encoding="utf-8")
    print_results(sizes, args.out)
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
