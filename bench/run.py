"""`make bench`: this kit's build against plain Pelican, side by side, on one corpus.

Generates a deterministic corpus (bench/corpus.py), then times, several runs each:
the kit's full build with dev and with publish settings, plain Pelican on the same
Markdown (bench/plain_pelicanconf.py), and edit-to-preview: `make devserver`
running, one post edited, until that post's page on disk shows the edit (and until
the devserver has finished rebuilding the rest). Each build runs as its own process;
its peak memory is that process's own (os.wait4). Prints a table, writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import LABELS, generate

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


def measured_build(settings: Path, content: Path, output: Path, env: dict[str, str]) -> tuple[float, float]:
    """One cold build in its own process: (seconds, peak MiB)."""
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(output.parent / "cache", ignore_errors=True)
    command = [PYTHON, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings)]
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            raise SystemExit(f"build failed: {' '.join(command)}\n{log.read().decode(errors='replace')}")
    return elapsed, usage.ru_maxrss / 1024


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
    # exec so this process's own usage (peak memory) can be read when it stops.
    make_args = [
        f"VENV={Path(PYTHONPATH_VENV)}",
        f"INPUTDIR={content}",
        f"OUTPUTDIR={output}",
        f"PORT={port}",
    ]
    recipe = subprocess.run(
        ["make", "-n", "--no-print-directory", "devserver", *make_args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    recipe = recipe[recipe.index("PYTHONPATH=") :]
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            ["bash", "-c", f"exec env {recipe}"],
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
        _, _, usage = os.wait4(server.pid, 0)
        server.returncode = 0
        own.peak_mib.append(usage.ru_maxrss / 1024)
        settled.peak_mib.append(usage.ru_maxrss / 1024)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000, help="posts in the corpus (default 1000)")
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
    progress(f"generating {args.posts} posts, up to {args.labels} labels each, in {work}")
    shutil.rmtree(work / "content", ignore_errors=True)
    content = generate(work, args.posts, labels=args.labels)

    builds = [
        ("kit, dev settings", ROOT / "pelicanconf.py", {}),
        ("kit, publish settings", ROOT / "publishconf.py", {"SITEURL": "https://bench.example.org"}),
        ("plain Pelican (notmyidea, typogrify on)", ROOT / "bench/plain_pelicanconf.py", {}),
    ]
    steps: dict[str, Step] = {}
    total = len(builds) * args.runs
    done = 0
    for run in range(args.runs):
        # Interleaved, so a slow moment on a shared machine hits every step alike.
        for name, settings, extra in builds:
            done += 1
            progress(f"[{done}/{total}] {name}, run {run + 1}/{args.runs}")
            output = work / "out" / settings.stem
            seconds, peak = measured_build(settings, content, output, build_env(extra))
            step = steps.setdefault(name, Step(name))
            step.seconds.append(seconds)
            step.peak_mib.append(peak)
            step.pages = count_pages(output)

    if not args.skip_devserver:
        own = steps.setdefault("edit-to-preview: the edited post's page", Step("own"))
        settled = steps.setdefault("edit-to-preview: whole site rebuilt", Step("settled"))
        edit_to_preview(content, work, args.runs, own, settled)

    plain = steps["plain Pelican (notmyidea, typogrify on)"].summary()["median"]
    results = {
        "posts": args.posts,
        "labels": args.labels,
        "runs": args.runs,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "steps": {name: {**asdict(step), **step.summary()} for name, step in steps.items()},
        "ratio_kit_dev_to_plain": steps["kit, dev settings"].summary()["median"] / plain,
        "ratio_kit_publish_to_plain": steps["kit, publish settings"].summary()["median"] / plain,
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    print(
        f"\n{args.posts} posts, up to {args.labels} labels each, {args.runs} runs each, whole-process wall time"
    )
    print(
        f"| {'step':<42} | {'median s':>8} | {'min s':>7} | {'max s':>7} | {'peak MiB':>8} | {'pages':>6} |"
    )
    print(f"|{'-' * 44}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 10}|{'-' * 8}|")
    for name, step in steps.items():
        s = step.summary()
        pages = str(step.pages) if step.pages else ""
        print(
            f"| {name:<42} | {s['median']:>8.2f} | {s['min']:>7.2f} | {s['max']:>7.2f} "
            f"| {s['peak_mib']:>8.0f} | {pages:>6} |"
        )
    print(
        f"\nkit / plain Pelican: dev {results['ratio_kit_dev_to_plain']:.2f}x, "
        f"publish {results['ratio_kit_publish_to_plain']:.2f}x"
    )
    print(f"results written to {args.out}")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
