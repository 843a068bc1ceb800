"""Benchmark the Popular posts ranking: a GoatCounter-style export of ROWS pageviews
for a site of POSTS posts (default 1,000,000 and 5,000), read, folded and ranked as a
build does. Prints seconds, rows per second and peak memory. Not a test.

    .venv/bin/python bench/popular_posts.py --rows 1000000 --posts 5000
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import random
import resource
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from popular_posts.exports import read_export  # noqa: E402
from popular_posts.ranking import Tally, rank  # noqa: E402
from popular_posts.urls import page_key  # noqa: E402

# GoatCounter's own header and row shape (arp242/goatcounter exportcsv.go): a blank
# UserAgent, SQLite's 0/1 booleans, the screen width as "W,0,1".
HEADER = "2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,Location,FirstVisit,Date\n"


def write_export(path: Path, rows: int, posts: int, seed: int = 7, compress: bool = False) -> None:
    rng = random.Random(seed)
    start = datetime.datetime(2026, 1, 1)
    suffixes = ["", "", "", "index.html", "?utm_source=newsletter", "?ref=feed"]
    # Level 6 is Go's default, which GoatCounter's gzip.NewWriter uses.
    opener = partial(gzip.open, path, "wt", 6) if compress else partial(path.open, "w")
    with opener(encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for row in range(rows):
            # A long tail, as real traffic has: low post numbers get most views.
            number = min(int(rng.paretovariate(1.2)) - 1, posts - 1)
            when = start + datetime.timedelta(minutes=row * 330 * 24 * 60 // rows)
            out.write(
                f"/reflections/post-{number}/{rng.choice(suffixes)},,0,,Firefox 132,Linux,"
                f'{row:x},0,,,"1920,0,1",US,1,{when:%Y-%m-%dT%H:%M:%SZ}\n'
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--posts", type=int, default=5_000)
    parser.add_argument("--window", default="30d")
    parser.add_argument(
        "--gzip", action="store_true", help="write and read it as .csv.gz, as GoatCounter sends it"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="shortlist-popular-") as tmp:
        export = Path(tmp) / ("goatcounter.csv.gz" if args.gzip else "goatcounter.csv")
        print(f"writing {args.rows:,} rows for {args.posts:,} posts...", file=sys.stderr, flush=True)
        write_export(export, args.rows, args.posts, compress=args.gzip)
        size = export.stat().st_size
        posts = {
            page_key(f"/reflections/post-{n}/"): SimpleNamespace(
                title=f"Post {n}",
                url=f"reflections/post-{n}/",
                date=datetime.datetime(2026, 1, 1) + datetime.timedelta(hours=n),
            )
            for n in range(args.posts)
        }
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("reading and ranking...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        tally, problems = Tally(), []
        tally.add(read_export(export, export.name, problems), "", export.name)
        ranked, unmatched = rank(tally.views(args.window), posts, 5)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if problems:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return 1
    print(f"{args.rows:,} rows ({size / 2**20:.0f} MiB) for {args.posts:,} posts, window {args.window}")
    print(
        f"{seconds:.2f} s, {args.rows / seconds:,.0f} rows/s; peak memory {peak / 1024:.0f} MiB "
        f"({(peak - before) / 1024:+.0f} MiB while ranking)"
    )
    print(
        "top:",
        ", ".join(f"{r.post.title} ({r.views})" for r in ranked),
        f"; unmatched paths: {len(unmatched)}",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
