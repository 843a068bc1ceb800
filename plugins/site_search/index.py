"""Writing the Pagefind index of a built site (no Pelican).

Pagefind (PyPI `pagefind`; its program comes inside `pagefind-bin-extended`'s wheel,
so nothing is downloaded) reads HTML files and keeps what the theme marked
`data-pagefind-body`: the title, the facts of a listing and the text of each published
post, listing and page.

The package finds the program (`pagefind.service.get_executable`: the extended build,
or PAGEFIND_BINARY_PATH), and it is run as a command, not through the package's
asyncio service: that service's `close()` terminates the program as soon as it has
answered "files written", while the program may still be writing the last bytes of
some files (it writes through tokio without flushing), and under load a bundle came
out truncated. Run as a command, it exits only once every file is written.

Pagefind holds about 270 bytes per word it indexes until it writes the index, so one
run over a large site was the build's peak memory (675 MB at 5,000 posts). The marked
pages are indexed in parts of a bounded size instead (`split_parts`), one run per
part and at most two runs at a time (each keeps about 1.5 CPUs busy), each over a
staging folder holding only that part's pages (hard links, at the same paths, so each
page keeps its address): each run's peak is one part's. The first part is
the main bundle, at <output>/pagefind/ with the scripts the search page loads; each
other part is a bundle of its own in a folder under it (pagefind/part-2/), which the
search page merges into the search (Pagefind's `mergeIndex`).

A part whose pages are those of a part indexed before, as far as Pagefind reads them,
is not indexed again: each part's bundle is kept in a cache folder under a name made of
a hash of its pages (names, and bytes less the sidebars Pagefind does not read:
`searched_bytes`), its role (main or not) and Pagefind's version, and linked from
there. Pagefind writes the same bundle for the same pages except the filter files
(each filter's values in hash-map order, so their bytes and names, and the two files
naming them, differ from run to run: Pagefind 1.5.2), which hold the same values, so a
kept part is one fresh run's output for those pages (tests/test_site_search.py checks
it against a fresh index, also after the sidebars changed).

The whole bundle (every part) is put together in a new folder beside the old one and
then put in its place, so a rebuild leaves no file of an older index behind (Pagefind
only adds files) and a server that serves the folder meanwhile (the devserver) never
sees half an index.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

BUNDLE_FOLDER = "pagefind"
"""Where the bundle goes in the output folder, as the search page's template expects."""
TIMEOUT_SECONDS = 600
PART_FOLDER = "part-{number}"
"""Where part 2, 3, ... of the index go, inside the main bundle."""
CACHE_FORMAT = "3"
"""Part of each kept part's name: changed when what is kept, or how, changes."""
CACHE_KEEP_SECONDS = 12 * 3600
"""A kept part no build has used for this long is removed (the daily build's parts
were last used a day before, and are used again or replaced)."""


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
    parts: int = 1
    """The bundles the index is in: the main one and those merged into it."""
    indexed: int = 1
    """The parts Pagefind indexed in this build; the others were kept from before."""
    early: int = 0
    """Of those, the parts started while the build still wrote other pages (`start_early`)."""


@dataclass(frozen=True)
class Part:
    """Some of the marked pages, indexed together into one bundle."""

    folder: str
    """Its bundle's folder inside the main bundle: "" for the main bundle itself."""
    files: tuple[str, ...]
    """Its pages, as paths in the output folder."""


def split_parts(files: Sequence[str], per_part: int, apart: int = 0) -> list[Part]:
    """`files` (in a stable order: oldest content first) in parts of at most `per_part`
    (0 or less: one part).

    Fixed-size runs of the order, so a new newest post changes only the last part (or
    starts a new one), an edited post only its own part; a post deleted or dated into
    the middle moves the pages after it, and every part from there is indexed again.

    `apart`: the last `apart` files (the site's pages: About and the like) go in parts
    of their own when the index is in more than one part anyway. Another generator
    writes them after the posts' pages, so a part holding both could only be indexed
    once every page was written; the posts' parts can then be indexed while the rest
    of the site is written (the writer's `pages_wanted_early`), and an edit to a page,
    or a new post, changes one part fewer.
    """
    size = per_part if per_part > 0 else max(1, len(files))
    apart = min(max(apart, 0), len(files))
    if len(files) <= size or apart in (0, len(files)):
        runs = [files]
    else:
        runs = [files[: len(files) - apart], files[len(files) - apart :]]
    starts = [(run, start) for run in runs for start in range(0, len(run), size)]
    return [
        Part("" if number == 0 else PART_FOLDER.format(number=number + 1), tuple(run[start : start + size]))
        for number, (run, start) in enumerate(starts)
    ]


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


_VERSIONS: dict[tuple[str, int, int], str] = {}


def program_version(program: Path) -> str:
    """What `pagefind --version` says, with the program's size (asked once a process)."""
    status = program.stat()
    known = (str(program), status.st_size, status.st_mtime_ns)
    if known not in _VERSIONS:
        try:
            done = subprocess.run(
                [str(program), "--version"], capture_output=True, text=True, timeout=60, check=True
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise IndexNotWritten(f"Pagefind could not be run ({error})") from error
        _VERSIONS[known] = f"{done.stdout.strip()} {status.st_size}"
    return _VERSIONS[known]


def folder_size(folder: Path | str) -> int:
    # os.scandir, not Path.rglob: a 5,000-post site's bundle is some 5,000 files.
    total = 0
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            total += folder_size(entry.path)
        elif entry.is_file(follow_symlinks=False):
            total += entry.stat(follow_symlinks=False).st_size
    return total


def replace_folder(new: Path, target: Path) -> None:
    """Put `new` where `target` is, with the two renames as close together as can be."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def link_tree(source: Path, target: Path) -> None:
    """`source`'s files at the same paths under `target` (a new folder): hard links, as
    nothing rewrites a bundle's files in place; copies where links cannot be made."""
    # Plain strings, not Paths: a large site's bundle is thousands of files, and each
    # Path made costs more than the link.
    start = len(str(source))

    def fail(error: OSError) -> None:
        raise error  # a folder gone (another build pruned it): not a bundle with holes

    for folder, _, names in os.walk(source, onerror=fail):
        here = str(target) + folder[start:]
        os.makedirs(here, exist_ok=True)
        for name in names:
            try:
                os.link(os.path.join(folder, name), os.path.join(here, name))
            except OSError:
                shutil.copy2(os.path.join(folder, name), os.path.join(here, name))


# Pagefind's program allocates with jemalloc (tikv-jemallocator, which reads its options
# from _RJEM_MALLOC_CONF), and it was the peak of the whole build: about 270 bytes per
# word it indexes, most of it held until the index is written, whatever the size of the
# HTML around the words (half the bytes per page left the peak where it was); hence
# the parts. jemalloc
# keeps freed pages for 10 seconds by default; given back at once, the peak is a fifth
# lower for the same time (1,000 posts: 177 -> 142 MB; 5,000: 885 -> 675 MB) and the
# same index. Only a default: a value the user set is kept.
JEMALLOC_VARIABLE = "_RJEM_MALLOC_CONF"
JEMALLOC_OPTIONS = "dirty_decay_ms:0,muzzy_decay_ms:0"


@dataclass
class PagefindRun:
    """One Pagefind run under way: what it prints goes to a file of its own (several may
    run at once, and a pipe left unread could stall one)."""

    process: subprocess.Popen[bytes]
    printed: IO[bytes]
    started: float


# A part's pages named to Pagefind as one glob (`--glob {a,b,...}`) instead of linked
# into a folder of their own: making that folder's tree cost a folder per post (about
# 0.3 ms each on some disks, half a second at 1,000 posts) before Pagefind could start,
# and as much again to remove it. Pagefind reads the same files at the same paths, so
# the bundle is the same (tests/test_site_search.py compares them). Only names made of
# characters that mean nothing in a glob (Pagefind's, the wax crate's) are put in one,
# and only while the glob stays well under the system's limit for one argument
# (128 KiB on Linux); otherwise the pages are linked into a folder as before.
_GLOB_SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._/-]*\Z")
GLOB_MOST_BYTES = 100_000


def glob_of(files: Sequence[str]) -> str | None:
    """The glob that matches exactly `files` (paths in the site), or None if one cannot
    be written safely."""
    if not files:
        return None
    for name in files:
        if not _GLOB_SAFE_NAME.match(name) or "//" in name or name.endswith("/"):
            return None
        if any(component in (".", "..") for component in name.split("/")):
            return None
    glob = "{" + ",".join(files) + "}"
    return glob if len(glob) <= GLOB_MOST_BYTES else None


def start_pagefind(program: Path, site: Path, bundle: Path, glob: str | None = None) -> PagefindRun:
    """Start indexing the pages of `site` (those `glob` matches; by default every HTML
    file) into `bundle`. Run from a folder of the build's own with no PAGEFIND_*
    variables, so no config file or variable of the user's changes it."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    environment.setdefault(JEMALLOC_VARIABLE, JEMALLOC_OPTIONS)
    command = [str(program), "--site", str(site), "--output-path", str(bundle), "--quiet"]
    if glob is not None:
        command += ["--glob", glob]
    printed = tempfile.TemporaryFile()  # noqa: SIM115 (closed by finish_pagefind)
    try:
        process = subprocess.Popen(
            command,
            cwd=bundle.parent,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=printed,
            stderr=printed,
        )
    except (OSError, subprocess.SubprocessError) as error:
        printed.close()
        raise IndexNotWritten(f"Pagefind could not be run ({error})") from error
    return PagefindRun(process, printed, time.monotonic())


def finish_pagefind(run: PagefindRun) -> str:
    """Wait for the run to end; what Pagefind printed. It has TIMEOUT_SECONDS from its start."""
    try:
        try:
            run.process.wait(timeout=max(0.0, TIMEOUT_SECONDS - (time.monotonic() - run.started)))
        except subprocess.TimeoutExpired as error:
            stop_pagefind(run)
            raise IndexNotWritten(f"Pagefind could not be run ({error})") from error
        run.printed.seek(0)
        printed = run.printed.read().decode("utf-8", "replace").strip()
    finally:
        run.printed.close()
    if run.process.returncode != 0:
        raise IndexNotWritten(f"Pagefind stopped with exit status {run.process.returncode}: {printed}")
    return printed


def first_ended(runs: Sequence[PagefindRun], poll_seconds: float = 0.005) -> int:
    """Which of `runs` ends first (or is first past its TIMEOUT_SECONDS, for
    `finish_pagefind` to stop): its place in `runs`."""
    while True:
        for place, run in enumerate(runs):
            if run.process.poll() is not None or time.monotonic() - run.started >= TIMEOUT_SECONDS:
                return place
        time.sleep(poll_seconds)


def stop_pagefind(run: PagefindRun) -> None:
    """End a run that is no longer wanted (another part failed, or Ctrl-C)."""
    if run.process.poll() is None:
        run.process.kill()
    run.process.wait()
    run.printed.close()


def run_pagefind(program: Path, site: Path, bundle: Path) -> str:
    """Index every page of `site` into `bundle`; what Pagefind printed."""
    return finish_pagefind(start_pagefind(program, site, bundle))


def check_bundle(bundle: Path) -> None:
    if not (bundle / "pagefind.js").is_file() or not (bundle / "pagefind-entry.json").is_file():
        raise IndexNotWritten(f"Pagefind wrote no pagefind.js or pagefind-entry.json into {bundle}")


def page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language.get("page_count", 0)) for language in entry.get("languages", {}).values())


def strip_to_index(bundle: Path) -> None:
    """Leave only what a merged index is read from: Pagefind loads a merged bundle's
    pagefind-entry.json, its .pf_meta and its index, fragment and filter files, and
    searches it with the main bundle's scripts and WebAssembly (`mergeIndex`: `load_wasm`
    false), so each part would otherwise carry 650 KB of copies of them."""
    for path in bundle.iterdir():
        if path.is_file() and (path.suffix in (".js", ".css") or path.name.startswith("wasm.")):
            path.unlink()


# What Pagefind can take from outside a marked page's `data-pagefind-body`: its filters,
# metadata and sorts (data-pagefind-* attributes anywhere), the automatic title (the
# first h1), image (the first img after it), the page's language (<html lang>) and
# <meta> tags named by an attribute. A region holding none of these cannot change the
# index, whatever its text (Pagefind indexes only the marked element's words when the
# page has one).
_READ_OUTSIDE_BODY = (b"data-pagefind", b"<h1", b"<img", b"<meta", b"<html", b"<main")
_BODY_MARK = b"data-pagefind-body"
_UNREAD_START, _UNREAD_END = b"<aside", b"</aside>"


def searched_bytes(data: bytes) -> bytes:
    """What of a marked page Pagefind reads, as far as its part's cache key goes: the page
    without the contents of each <aside> after the page's `</main>` (the theme's sidebars:
    popular posts, open roles) that holds nothing Pagefind reads outside the body.

    The sidebars change on every page when the analytics or the open roles change (the
    daily build), while no search result does: keyed on the whole bytes, every part was
    indexed again each day. Anything not certainly outside the index stays in the key:
    a page without the body mark, or whose mark comes after `</main>`, a nested <aside>,
    and an <aside> inside the post's own text (before `</main>`) are hashed whole."""
    lowered = data.lower()
    main_end = lowered.rfind(b"</main>")
    body = lowered.find(_BODY_MARK)
    if main_end < 0 or body < 0 or body > main_end or lowered.find(_BODY_MARK, main_end) >= 0:
        return data
    kept, at = [], 0
    start = lowered.find(_UNREAD_START, main_end)
    while start >= 0:
        opening_end = lowered.find(b">", start)
        end = lowered.find(_UNREAD_END, start)
        if opening_end < 0 or end < 0:
            break
        inside = lowered[opening_end + 1 : end]
        if _UNREAD_START not in inside and not any(token in inside for token in _READ_OUTSIDE_BODY):
            kept.append(data[at : opening_end + 1])
            at = end
        start = lowered.find(_UNREAD_START, end)
    kept.append(data[at:])
    return b"".join(kept)


# Each page's digest of `searched_bytes`, by its path and file status: the devserver
# hashes every page of the edited part again after each save, though only a few were
# written. Any write changes a file's change time (st_ctime_ns), whatever its size and
# modification time are set to afterwards, so a file whose status is the same has the
# same bytes.
_PAGE_DIGESTS: dict[str, tuple[tuple[int, ...], bytes]] = {}


def page_stamp(path: str) -> tuple[int, ...]:
    """What changes whenever the file at `path` is written."""
    status = os.stat(path)
    return (status.st_ino, status.st_dev, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def page_digest(path: str) -> bytes:
    """sha256 of what of the page at `path` Pagefind reads, with its length."""
    stamp = page_stamp(path)
    known = _PAGE_DIGESTS.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    with open(path, "rb") as page:
        digest = bytes_digest(page.read())
    _PAGE_DIGESTS[path] = (stamp, digest)
    return digest


def bytes_digest(data: bytes) -> bytes:
    """sha256 of what of a page's bytes Pagefind reads, with its length."""
    searched = searched_bytes(data)
    return len(searched).to_bytes(8, "big") + hashlib.sha256(searched).digest()


def part_key(site: Path, part: Part, version: str, digest_of: Callable[[str], bytes] | None = None) -> str:
    """The name a part's bundle is kept under: a hash of its pages' names and what of
    their bytes Pagefind reads (`searched_bytes`), its role (the main bundle carries the
    scripts) and Pagefind's version. `digest_of`: each page's digest, by its name (by
    default `page_digest` of the file in `site`)."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{version}\0{'main' if not part.folder else 'part'}\0".encode())
    for name in sorted(part.files):
        digest.update(f"{name}\0".encode())
        digest.update(digest_of(name) if digest_of else page_digest(os.path.join(site, name)))
    return digest.hexdigest()


def stage_pages(site: Path, files: Sequence[str], staged: Path) -> None:
    """`files` of `site` at the same paths under `staged` (hard links where they can be)."""
    made: set[str] = set()
    for name in files:
        source, target = os.path.join(site, name), os.path.join(staged, name)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def keep_part(bundle: Path, cache: Path, key: str) -> None:
    """Keep a part's bundle as cache/<key>, put there whole (a rename) or not at all."""
    cache.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{key[:16]}-", dir=cache))
    try:
        link_tree(bundle, temporary / "bundle")
        (temporary / "bundle").rename(cache / key)
    except OSError:
        pass  # kept by a build running at the same time, or no room: indexed again next time
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def kept_part(cache: Path, key: str, target: Path) -> bool:
    """Link the part kept as cache/<key> to `target`; False if there is none (or it went)."""
    source = cache / key
    if not source.is_dir():
        return False
    try:
        link_tree(source, target)
        os.utime(source)  # used: kept for CACHE_KEEP_SECONDS more
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def prune_cache(cache: Path, used: set[str]) -> None:
    """Remove the kept parts no build has used for CACHE_KEEP_SECONDS (and leftovers of
    interrupted builds): other builds (the devserver's, `make publish`'s) share the folder."""
    if not cache.is_dir():
        return
    oldest = time.time() - CACHE_KEEP_SECONDS
    for entry in cache.iterdir():
        try:
            if entry.name not in used and entry.stat().st_mtime < oldest:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue


# --- parts indexed ahead ---------------------------------------------------------------
#
# The devserver writes the edited post's page first, from the last build, then runs a
# full build, whose last step is the index: Pagefind on the edited part (about a second
# at 1,000 posts) came after everything else. When a build starts in a process that
# indexed the site before, each part of that last index whose pages on disk changed
# since (the page written first) and that is not kept already is indexed at once, from
# a copy of its pages, while the build goes on (it uses one CPU; Pagefind the other).
# The copy's key, made from the very bytes copied, is the name the bundle is kept under:
# when the build's end finds a part with that key, it takes the bundle as it takes a
# kept one (the same pages, as far as Pagefind reads them, so the same index); a part
# the build changed again has another key, and is indexed then as always. A copy, not
# links: the build rewrites pages in place, and Pagefind must not read one half-written.


@dataclass(frozen=True)
class LastIndex:
    """The parts of the last index this process wrote, and where."""

    site: Path
    cache: Path
    parts: tuple[Part, ...]


@dataclass
class AheadRun:
    """One part being indexed ahead: its bundle written to folder/bundle (a temporary
    folder in the cache), from its pages copied to folder/site, or read where they are
    (a part started early, `start_early`: then `stamps` holds each page's `page_stamp`
    when it started, and the bundle is taken only if no page was written since)."""

    run: PagefindRun
    folder: Path
    stamps: dict[str, tuple[int, ...]] | None = None
    files: tuple[str, ...] = ()
    """The part's pages, for a run started early (`start_early`)."""

    def pages_unchanged(self) -> bool:
        if self.stamps is None:
            return True
        try:
            return all(page_stamp(path) == stamp for path, stamp in self.stamps.items())
        except OSError:
            return False


class AheadRuns:
    """The runs started at a build's start, by their part's key, for its end to take."""

    def __init__(self) -> None:
        self.runs: dict[str, AheadRun] = {}
        self.last: LastIndex | None = None

    def stop_all(self) -> None:
        """End every run no build took (a build that failed, or the process exiting)."""
        while self.runs:
            _, ahead = self.runs.popitem()
            stop_pagefind(ahead.run)
            shutil.rmtree(ahead.folder, ignore_errors=True)

    def take(self, key: str, bundle: Path) -> str | None:
        """Wait for the run of the part keyed `key` and put its bundle at `bundle`; what
        Pagefind printed, or None if it failed (the part is then indexed as always)."""
        ahead = self.runs.pop(key)
        try:
            printed = finish_pagefind(ahead.run)
            if not ahead.pages_unchanged():  # written again while Pagefind read it
                return None
            check_bundle(ahead.folder / "bundle")
            try:
                (ahead.folder / "bundle").rename(bundle)
            except OSError:  # the cache on another file system than the site
                link_tree(ahead.folder / "bundle", bundle)
        except (IndexNotWritten, OSError):
            shutil.rmtree(bundle, ignore_errors=True)
            return None
        finally:
            shutil.rmtree(ahead.folder, ignore_errors=True)
        return printed


AHEAD = AheadRuns()
atexit.register(AHEAD.stop_all)


def copy_part(site: Path, part: Part, target: Path, version: str) -> str:
    """Copy `part`'s pages from `site` to the same paths under `target`; the part's key,
    made from the bytes copied."""
    digests: dict[str, bytes] = {}
    made: set[str] = set()
    for name in part.files:
        with open(os.path.join(site, name), "rb") as page:
            data = page.read()
        copy = os.path.join(target, name)
        folder = os.path.dirname(copy)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(copy, "wb") as out:
            out.write(data)
        digests[name] = bytes_digest(data)
    return part_key(target, part, version, digests.__getitem__)


def index_ahead(site: Path, cache: Path, at_once: int = 1) -> int:
    """At a build's start: index each part of this process's last index (of the same site,
    kept in the same cache) whose pages changed on disk since and that is not kept, at
    most `at_once` of them, while the build runs. How many runs were started."""
    AHEAD.stop_all()  # left by a build that failed before its index
    last = AHEAD.last
    if last is None or last.site != site.resolve() or last.cache != cache.resolve():
        return 0
    cache = last.cache  # absolute: Pagefind runs in a folder of its own
    program = pagefind_program()
    version = program_version(program)
    started = 0
    for part in last.parts:
        if started >= at_once:
            break
        try:
            if (cache / part_key(last.site, part, version)).is_dir():
                continue  # unchanged, or changed back: kept
            folder = Path(tempfile.mkdtemp(prefix=".ahead-", dir=cache))
        except OSError:  # a page gone: the build will not make this part again
            continue
        try:
            key = copy_part(last.site, part, folder / "site", version)
            AHEAD.runs[key] = AheadRun(start_pagefind(program, folder / "site", folder / "bundle"), folder)
        except (OSError, IndexNotWritten):
            shutil.rmtree(folder, ignore_errors=True)
            continue
        started += 1
    return started


def start_early(site: Path, part: Part, cache: Path, at_once: int = 1) -> bool:
    """While the build is still writing other pages: start indexing `part`, whose pages
    are on disk now, where they are (its glob), unless it is kept or being indexed
    already, or `at_once` runs are under way. Its bundle is taken by `write_index` as an
    ahead run's is: if the part's key is the same then (the same pages, as far as
    Pagefind reads them) and no page of it was written since it started.

    The article generator writes nearly every page Pagefind reads well before the
    build's end; started at the end, the largest part's run was the last thing the build
    waited for, with one CPU idle. Whether it started."""
    glob = glob_of(part.files)
    if glob is None or len(AHEAD.runs) >= at_once:
        return False
    site, cache = site.resolve(), cache.resolve()
    program = pagefind_program()
    version = program_version(program)
    try:
        stamps = {name: page_stamp(os.path.join(site, name)) for name in part.files}
        cache.mkdir(parents=True, exist_ok=True)
        # A cache holding no kept part (a cold build: CI with nothing restored) cannot
        # hold this one: Pagefind starts at once and the key is worked out while it
        # runs (hashing 600 pages took 40-60 ms, with a CPU idle, before it started).
        known = any(not entry.name.startswith(".") for entry in os.scandir(cache))
        key = part_key(site, part, version) if known else None
        if key is not None and (key in AHEAD.runs or (cache / key).is_dir()):
            return False
        if any(ahead.files == part.files for ahead in AHEAD.runs.values()):
            return False  # started already in this build
        folder = Path(tempfile.mkdtemp(prefix=".early-", dir=cache))
    except OSError:
        return False
    try:
        run = start_pagefind(program, site, folder / "bundle", glob)
    except IndexNotWritten:
        shutil.rmtree(folder, ignore_errors=True)
        return False
    try:
        if key is None:
            key = part_key(site, part, version)
    except OSError:
        stop_pagefind(run)
        shutil.rmtree(folder, ignore_errors=True)
        return False
    AHEAD.runs[key] = AheadRun(
        run, folder, {os.path.join(site, name): stamp for name, stamp in stamps.items()}, part.files
    )
    return True


def write_index(
    site: Path,
    bundle_folder: str = BUNDLE_FOLDER,
    files: list[str] | None = None,
    per_part: int = 0,
    cache: Path | None = None,
    at_once: int = 1,
    apart: int = 0,
) -> IndexSummary:
    """Index the built site in `site` into `site/bundle_folder`, replacing any index there.

    `files`: the pages that carry the mark, oldest content first; indexed in parts of at
    most `per_part` pages (0: one part), the last `apart` in parts of their own
    (`split_parts`), each kept in `cache` (None: nothing is kept) and
    taken from there while its pages are unchanged. Without `files`, every page of the
    site is read, in one part. `at_once`: how many parts Pagefind may index at the same
    time (one run keeps some 1.5 CPUs busy, so two fill a 2-CPU machine; each run holds
    one part's memory)."""
    site = site.resolve()
    program = pagefind_program()
    staging = Path(tempfile.mkdtemp(prefix=f".{bundle_folder}-new-", dir=site))
    messages: dict[int, str] = {}  # what each part's run printed, by the part's number
    indexed = pages = early = 0
    # Each part's bundle is made in a folder of its own (kept parts linked, the others
    # written there by Pagefind), and put in its place once every part is done.
    running: list[tuple[PagefindRun, int, Part, Path, Path, str]] = []

    def indexed_part(part: Part, bundle: Path, key: str) -> None:
        nonlocal indexed, pages
        check_bundle(bundle)
        if part.folder:
            strip_to_index(bundle)
        indexed += 1
        pages += page_count(bundle)
        if cache is not None:
            keep_part(bundle, cache, key)

    def finish_first() -> None:
        # Whichever run ends first: parts differ in size (the last is smaller), and the
        # next part starts as soon as one CPU's worth is free.
        run, number, part, staged, bundle, key = running.pop(first_ended([run for run, *_ in running]))
        messages[number] = finish_pagefind(run)
        shutil.rmtree(staged, ignore_errors=True)
        indexed_part(part, bundle, key)

    def index_part(number: int, part: Part, bundle: Path, key: str) -> None:
        # Read where they are, by a glob, or (names a glob cannot hold) linked first.
        glob = glob_of(part.files)
        staged = staging / f"site-{number + 1}"
        if glob is None:
            stage_pages(site, part.files, staged)
        if len(running) >= max(1, at_once):
            finish_first()
        run = start_pagefind(program, staged if glob is None else site, bundle, glob)
        running.append((run, number, part, staged, bundle, key))

    try:
        written = staging / bundle_folder
        if files is None:
            messages[0] = run_pagefind(program, site, written)
            check_bundle(written)
            pages, parts = page_count(written), [Part("", ())]
            indexed = 1
        else:
            parts = split_parts(files, per_part, apart)
            version = program_version(program) if cache is not None else ""
            used: set[str] = set()
            bundles = [staging / f"bundle-{number + 1}" for number in range(len(parts))]
            ahead: list[tuple[int, Part, Path, str]] = []
            for number, (part, bundle) in enumerate(zip(parts, bundles, strict=True)):
                key = part_key(site, part, version) if cache is not None else ""
                used.add(key)
                if cache is not None and key in AHEAD.runs:
                    ahead.append((number, part, bundle, key))  # taken once the others are started
                    continue
                if cache is not None and kept_part(cache, key, bundle):
                    pages += page_count(bundle)
                    continue
                index_part(number, part, bundle, key)
            for number, part, bundle, key in ahead:
                started_early = AHEAD.runs[key].stamps is not None
                printed = AHEAD.take(key, bundle)
                if printed is None:
                    index_part(number, part, bundle, key)
                else:
                    messages[number] = printed
                    indexed_part(part, bundle, key)
                    early += started_early
            while running:
                finish_first()
            bundles[0].rename(written)
            for part, bundle in zip(parts[1:], bundles[1:], strict=True):
                bundle.rename(written / part.folder)
            if cache is not None:
                prune_cache(cache, used)
                AHEAD.last = LastIndex(site, cache.resolve(), tuple(parts))
        replace_folder(written, site / bundle_folder)
    finally:
        for run, *_ in running:  # another part failed, or Ctrl-C: no run left behind
            stop_pagefind(run)
        AHEAD.stop_all()  # runs whose part this build changed again
        shutil.rmtree(staging, ignore_errors=True)
    return IndexSummary(
        pages,
        folder_size(site / bundle_folder),
        "\n".join(messages[number] for number in sorted(messages) if messages[number]),
        len(parts),
        indexed,
        early,
    )
