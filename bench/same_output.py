"""Prove an optimisation changed no page: build one corpus with the working tree and
with a git commit (default HEAD), dev and publish settings, each with RELATIVE_URLS
off and on, and compare every file.

    make bench-same REF=HEAD~1 N=300

With REF=serial, the working tree's fast path (posts read and pages rendered on every
CPU, the quick Typogrify and Markdown inline step, search parts started while pages are
written) is compared with its own one-process path (SHORTLIST_READ_WORKERS=1,
SHORTLIST_WRITE_WORKERS=1, SHORTLIST_QUICK_TYPOGRIFY=false, SHORTLIST_QUICK_MARKDOWN=false,
SITE_SEARCH_START_EARLY=false), which is Pelican's own reading and writing with the
libraries' own Typogrify and Markdown, and every part of the search index indexed at
the build's end.

Exits 1 and lists the files that differ, if any. SOURCE_DATE_EPOCH is fixed.
"""

from __future__ import annotations

import argparse
import filecmp
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DATE_EPOCH = "1796126400"


# Site search's index (plugins/site_search): Pagefind writes each filter's values in
# hash-map order, so the filter files' bytes, and their names (content hashes), change
# from one run to the next, and with them the pf_meta file naming them and the entry file
# naming that (Pagefind 1.5.2, index/mod.rs: "TODO: Change filter indexes to BTree to
# give them a stable hash"). What they hold is compared all the same: each page's
# filters are also in its fragment, and the fragments are compared byte for byte.
# Each part of an index in parts (pagefind/part-N/) likewise.
RUN_TO_RUN = re.compile(
    r"^pagefind/(part-\d+/)?(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$"
)


def differences(left: Path, right: Path, prefix: str = "") -> list[str]:
    compared = filecmp.dircmp(left, right)
    found = [
        f"{prefix}{name} (only on one side)"
        for name in compared.left_only + compared.right_only
        if not RUN_TO_RUN.match(prefix + name)
    ]
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    found += [f"{prefix}{name}" for name in mismatch + errors if not RUN_TO_RUN.match(prefix + name)]
    for name in compared.common_dirs:
        found += differences(left / name, right / name, f"{prefix}{name}/")
    return found


SERIAL = [
    "SHORTLIST_READ_WORKERS=1",
    "SHORTLIST_WRITE_WORKERS=1",
    "SHORTLIST_QUICK_TYPOGRIFY=false",
    "SHORTLIST_QUICK_MARKDOWN=false",
    "SITE_SEARCH_START_EARLY=false",
]
# Every parallel step taken even on a small corpus.
FAST = ["SHORTLIST_PARALLEL_MIN_FILES=1", "SHORTLIST_PARALLEL_MIN_PAGES=1"]
VARIANTS = [
    ("pelicanconf.py", []),
    ("pelicanconf.py", ["RELATIVE_URLS=true"]),
    ("publishconf.py", []),
    ("publishconf.py", ["RELATIVE_URLS=true"]),
]


def build(project: Path, settings: str, content: Path, output: Path, extra: list[str] | None = None) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "SITEURL": "https://same.example.org"}
    env.pop("SHORTLIST_DRAFTS", None)
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", settings]
    if extra:
        command += ["-e", *extra]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{done.stdout}{done.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--ref", default="HEAD", help="the commit to compare with (default HEAD), or serial: see above"
    )
    parser.add_argument("--posts", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="shortlist-same-") as tmp:
        work = Path(tmp)
        serial = args.ref == "serial"
        if not serial:
            archive = subprocess.run(
                ["git", "archive", args.ref], cwd=ROOT, capture_output=True, check=True
            ).stdout
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(work / "ref", filter="data")
        content = generate(work / "corpus", args.posts)
        found: list[str] = []
        for settings, extra in VARIANTS:
            name = " ".join([settings, *extra])
            other = "the one-process build" if serial else args.ref
            print(f"building {args.posts} posts with {name}: working tree and {other}", file=sys.stderr)
            now, then = work / "now" / name, work / "then" / name
            build(ROOT, settings, content, now, [*extra, *FAST] if serial else extra)
            if serial:
                build(ROOT, settings, content, then, [*extra, *SERIAL])
            else:
                build(work / "ref", settings, content, then, extra)
            found += [f"{name}: {d}" for d in differences(now, then)]
    if found:
        print(f"{len(found)} files differ from {args.ref}:\n" + "\n".join(found[:50]))
        return 1
    print(f"identical: every file of all {len(VARIANTS) * 2} builds matches {args.ref}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
