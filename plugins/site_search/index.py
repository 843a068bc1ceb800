"""Writing the Pagefind index of a built site (no Pelican).

Pagefind (PyPI `pagefind`; its program comes inside `pagefind-bin-extended`'s wheel,
so nothing is downloaded) reads every HTML file of the output folder and keeps what
the theme marked `data-pagefind-body`: the title, the facts of a listing and the text
of each published post, listing and page. Pages without the mark (lists, label pages,
the jobs board, drafts, hidden posts, closed listings) are left out, as soon as one
page of the site has it; `write_index` is only called when one does.

The package finds the program (`pagefind.service.get_executable`: the extended build,
or PAGEFIND_BINARY_PATH), and it is run as a command, `--site <output>`, not through
the package's asyncio service: that service's `close()` terminates the program as soon
as it has answered "files written", while the program may still be writing the last
bytes of some files (it writes through tokio without flushing), and under load a
bundle came out truncated. Run as a command, it exits only once every file is written.

The bundle (the index, pagefind.js and the search page's pagefind-ui.js and .css) is
written into a new folder beside the old one and then put in its place, so a rebuild
leaves no file of an older index behind (Pagefind only adds files) and a server that
serves the folder meanwhile (the devserver) never sees half an index.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

BUNDLE_FOLDER = "pagefind"
"""Where the bundle goes in the output folder, as the search page's template expects."""
TIMEOUT_SECONDS = 600


class IndexNotWritten(Exception):
    """Pagefind could not be found or run, or failed; the message says why."""


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    """The pages in the index."""
    bytes_on_disk: int
    """The whole bundle: index, fragments, filters and the scripts and styles."""
    messages: str
    """What Pagefind printed (warnings and errors only), or ""."""


def pagefind_program() -> Path:
    """The Pagefind program the `pagefind` package would run."""
    try:
        from pagefind.service import get_executable
    except ImportError as error:
        raise IndexNotWritten(
            f"the pagefind package is not installed ({error}); `make html` installs "
            "requirements.txt, or run `.venv/bin/pip install -r requirements.txt`"
        ) from error
    try:
        program = get_executable()
    except FileNotFoundError as error:
        raise IndexNotWritten(f"Pagefind's program is missing from its package ({error})") from error
    if program is None or not Path(program).is_file():
        raise IndexNotWritten("Pagefind's program was not found (pip install pagefind-bin-extended)")
    return Path(program)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def replace_folder(new: Path, target: Path) -> None:
    """Put `new` where `target` is, with the two renames as close together as can be."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


# Characters with a meaning in Pagefind's globs: a file name holding one is not
# written into a pattern (the whole site is read instead).
_GLOB_SPECIAL = set("{}[]*?,!\\")
# Beyond this a pattern is not worth its length (and one argument is at most 128 KiB).
_GLOB_MAX_CHARACTERS = 60_000


def index_glob(files: list[str]) -> str | None:
    """A Pagefind glob matching the files to index and few others, or None for every page.

    Pagefind reads and parses every HTML file it is given before it looks for the
    `data-pagefind-body` mark; on a site of 1,000 posts a third of its time went to
    lists, archives and label pages that have no mark. Each post's page is written to
    a folder of its own (`reflections/<slug>/index.html`), so one `reflections/*/index.html`
    covers them all; other files are named as they are.
    """
    patterns: set[str] = set()
    for file in files:
        if _GLOB_SPECIAL & set(file):
            return None
        parts = file.split("/")
        if len(parts) >= 3 and parts[-1] == "index.html":
            patterns.add("/".join([*parts[:-2], "*", parts[-1]]))
        else:
            patterns.add(file)
    if not patterns:
        return None
    glob = "{" + ",".join(sorted(patterns)) + "}"
    return glob if len(glob) <= _GLOB_MAX_CHARACTERS else None


# Pagefind's program allocates with jemalloc (tikv-jemallocator, which reads its options
# from _RJEM_MALLOC_CONF), and it is the peak of the whole build: about 270 bytes per
# word it indexes, most of it held until the index is written, whatever the size of the
# HTML around the words (half the bytes per page left the peak where it was). jemalloc
# keeps freed pages for 10 seconds by default; given back at once, the peak is a fifth
# lower for the same time (1,000 posts: 177 -> 142 MB; 5,000: 885 -> 675 MB) and the
# same index. Only a default: a value the user set is kept.
JEMALLOC_VARIABLE = "_RJEM_MALLOC_CONF"
JEMALLOC_OPTIONS = "dirty_decay_ms:0,muzzy_decay_ms:0"


def run_pagefind(program: Path, site: Path, bundle: Path, glob: str | None = None) -> str:
    """Index `site` into `bundle` (only the files `glob` matches, when given); what
    Pagefind printed. Run from an empty folder with no PAGEFIND_* variables, so no
    config file or variable of the user's changes it."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    environment.setdefault(JEMALLOC_VARIABLE, JEMALLOC_OPTIONS)
    command = [str(program), "--site", str(site), "--output-path", str(bundle), "--quiet"]
    if glob:
        command += ["--glob", glob]
    try:
        done = subprocess.run(
            command,
            cwd=bundle.parent,
            env=environment,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise IndexNotWritten(f"Pagefind could not be run ({error})") from error
    printed = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise IndexNotWritten(f"Pagefind stopped with exit status {done.returncode}: {printed}")
    return printed


def write_index(
    site: Path, bundle_folder: str = BUNDLE_FOLDER, files: list[str] | None = None
) -> IndexSummary:
    """Index the built site in `site` into `site/bundle_folder`, replacing any index there.

    `files`: the pages that carry the mark, to spare Pagefind reading the others."""
    site = site.resolve()
    program = pagefind_program()
    staging = Path(tempfile.mkdtemp(prefix=f".{bundle_folder}-new-", dir=site))
    try:
        written = staging / bundle_folder
        messages = run_pagefind(program, site, written, index_glob(files) if files else None)
        if not (written / "pagefind.js").is_file() or not (written / "pagefind-entry.json").is_file():
            raise IndexNotWritten(f"Pagefind wrote no pagefind.js or pagefind-entry.json into {written}")
        entry = json.loads((written / "pagefind-entry.json").read_text(encoding="utf-8"))
        pages = sum(int(language.get("page_count", 0)) for language in entry.get("languages", {}).values())
        replace_folder(written, site / bundle_folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return IndexSummary(pages, folder_size(site / bundle_folder), messages)
