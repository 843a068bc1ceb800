"""shortlist_warm_cache: a build reads only the posts and pages changed since the last one.

`make html` and `make publish` set SHORTLIST_CACHE_PATH; this plugin then turns on
Pelican's own content cache there (generator layer: each post kept as Pelican made
it, as the devserver does), with these choices and fixes:

- A file counts as unchanged when its bytes are (CHECK_MODIFIED_METHOD sha256), not
  its date: a fresh git checkout (the GitHub Pages workflow) dates every file anew.
- The whole cache is thrown away when anything else that could change what is made
  of a file changed: the settings, the kit's plugins, the settings files, the theme,
  Python or an installed package (fingerprint.py). A cache left half written (a
  build that stopped) is thrown away too: each cache file's digest is kept.
- Pelican pickles a post with the context of the build that read it (the whole
  site, again, in each cache file). It is left out of the cache, and a post from the
  cache gets this build's context and settings, as a post read now has them (the
  devserver's `current_context` does the same).
- Problems found while reading a file (a warning, an empty FAQ heading) are kept
  with it and reported again when it comes from the cache, so a strict build fails
  on them every time, not only when the file was read; shortlist_core re-checks its
  metadata (reader.check_cached_content) as well.
- Entries for files that are gone are dropped when the cache is saved.

Needs shortlist_core.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator, CachingGenerator
from pelican.log import console
from pelican.urlwrappers import URLWrapper
from shortlist_core.problems import REPORT

from .fingerprint import changed_inputs, fingerprint
from .settings import apply_defaults

logger = logging.getLogger(__name__)

MANIFEST = "shortlist-manifest.json"
MANIFEST_VERSION = 1
# The problems reported while a file was read, kept with what was made of it.
READ_PROBLEMS = "_shortlist_read_problems"


@dataclass
class WarmCache:
    """This build's cache: where, what it depends on, what it was asked and saved."""

    folder: Path | None = None
    inputs: dict[str, str] = field(default_factory=dict)
    asked: dict[str, set[str]] = field(default_factory=dict)
    """Per generator (its cache file's name): the files looked up this build."""
    reused: set[tuple[str, str]] = field(default_factory=set)
    saved: dict[str, str] = field(default_factory=dict)
    """Per cache file written this build: its sha256."""


STATE = WarmCache()

# Pelican works out a file's stamp (its sha256, here) each time it looks the file up
# or caches it: its generator and its readers, and the parallel reader looking ahead,
# six times a post in a cold build, each reading the file again. Each is kept for the
# build (forgotten as the next one makes its generators: the devserver builds again in
# the same process), by the file's status: any write changes a file's change time
# (st_ctime_ns), whatever its size and modification time are set to afterwards.
_STAMPS: dict[str, tuple[tuple[int, ...], Any]] = {}


def remembered(stamp_of: Callable[[str], Any]) -> Callable[[str], Any]:
    """`stamp_of`, worked out once per file while the file is unchanged."""

    def stamp(filename: str) -> Any:
        try:
            status = os.stat(filename)
        except OSError:
            return stamp_of(filename)  # raises as before: Pelican warns about the file
        seen = (status.st_ino, status.st_dev, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        known = _STAMPS.get(filename)
        if known is not None and known[0] == seen:
            return known[1]
        value = stamp_of(filename)
        _STAMPS[filename] = (seen, value)
        return value

    return stamp


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stale_reason(folder: Path, inputs: dict[str, str]) -> str | None:
    """Why the cache in `folder` cannot be used for a build with these inputs, or None."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        kept_inputs, kept_files = manifest["inputs"], manifest["files"]
    except FileNotFoundError:
        return "no cache from an earlier build"
    except (OSError, ValueError, KeyError, TypeError):
        return "the cache's record could not be read"
    if manifest.get("version") != MANIFEST_VERSION:
        return "the cache is from another version of the kit"
    changed = changed_inputs(kept_inputs, inputs)
    if changed:
        return " and ".join(changed) + " changed since the last build"
    present = {path.name for path in folder.iterdir() if path.name != MANIFEST}
    if present != set(kept_files) or any(
        file_digest(folder / name) != digest for name, digest in dict(kept_files).items()
    ):
        return "the cache was left incomplete"
    return None


def set_up(pelican: Any) -> None:
    """Before any generator is made (each loads its cache when made)."""
    settings = pelican.settings
    apply_defaults(settings)
    STATE.__init__()  # type: ignore[misc]
    if not settings["SHORTLIST_CACHE_PATH"]:
        return
    folder = Path(settings["SHORTLIST_CACHE_PATH"]).resolve()
    settings.update(
        {
            "CACHE_PATH": str(folder),
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
            "CONTENT_CACHING_LAYER": "generator",
            "CHECK_MODIFIED_METHOD": "sha256",
            # Reading back an uncompressed cache is quicker; the workflow's cache
            # step compresses it anyway.
            "GZIP_CACHE": False,
        }
    )
    inputs = fingerprint(settings)
    reason = stale_reason(folder, inputs)
    if reason is not None:
        shutil.rmtree(folder, ignore_errors=True)
        console.print(f"Content cache: reading every file ({reason}).")
    folder.mkdir(parents=True, exist_ok=True)
    STATE.folder, STATE.inputs = folder, inputs


def adopt(item: Any, generator: Any) -> None:
    """A post or page from the cache, made as if read in this build.

    Done at most once per build (the parallel reader looks files up ahead of
    Pelican): a post read in this build already has this build's context.
    """
    context = generator.context
    if item.__dict__.get("_context") is context:
        return
    item._context = context
    item.settings = generator.settings
    # Its kind, labels and authors carry the settings they were made with.
    for value in [*item.__dict__.values(), *getattr(item, "metadata", {}).values()]:
        for wrapper in value if isinstance(value, list) else [value]:
            if isinstance(wrapper, URLWrapper):
                wrapper.settings = generator.settings
    REPORT.report(list(getattr(item, READ_PROBLEMS, ())))


def _noting_problems(read_file: Callable[..., Any]) -> Callable[..., Any]:
    def read_file_noting_problems(*args: Any, **kwargs: Any) -> Any:
        before = len(REPORT)
        item = read_file(*args, **kwargs)
        found = REPORT.problems[before:]
        if found and hasattr(item, "__dict__"):
            setattr(item, READ_PROBLEMS, tuple(found))
        return item

    return read_file_noting_problems


def warm_generator(generator: Any) -> None:
    """When the articles or pages generator is made (its cache just loaded)."""
    if STATE.folder is None or not isinstance(generator, CachingGenerator):
        return
    if not getattr(generator, "_cache_data_policy", False):
        return
    name = type(generator).__name__
    asked = STATE.asked.setdefault(name, set())
    look_up, save = generator.get_cached_data, generator.save_cache

    def get_cached_data(filename: str, default: Any = None) -> Any:
        asked.add(filename)
        item = look_up(filename, default)
        if item is not default and item is not None:
            adopt(item, generator)
            STATE.reused.add((name, filename))
        return item

    def save_cache() -> None:
        cache: dict[str, Any] = generator._cache
        for filename in [f for f in cache if f not in asked]:
            del cache[filename]  # its file is gone (or no longer read)
        # The context is the whole site: not kept, given back when read (adopt).
        held = []
        for entry in cache.values():
            item = entry[1] if isinstance(entry, tuple) and len(entry) == 2 else None
            if item is not None and "_context" in getattr(item, "__dict__", {}):
                held.append((item, item.__dict__.pop("_context")))
        try:
            save()
        finally:
            for item, context in held:
                item._context = context
        path = Path(generator._cache_path)
        if path.is_file():
            STATE.saved[path.name] = file_digest(path)

    generator.get_cached_data = get_cached_data
    generator.save_cache = save_cache
    if isinstance(generator, ArticlesGenerator):  # made first: a new build
        _STAMPS.clear()
    for cacher in (generator, generator.readers):
        if getattr(cacher, "_filestamp_func", None) is not None:
            cacher._filestamp_func = remembered(cacher._filestamp_func)
    generator.readers.read_file = _noting_problems(generator.readers.read_file)


def record(generators: list[Any]) -> None:
    """After reading, once every cache file is written: the manifest that vouches for them."""
    if STATE.folder is None or not STATE.saved:
        return
    manifest = {"version": MANIFEST_VERSION, "inputs": STATE.inputs, "files": STATE.saved}
    (STATE.folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    total = sum(len(files) for files in STATE.asked.values())
    console.print(f"Content cache: {len(STATE.reused)} of {total} files unchanged since the last build.")


def register() -> None:
    signals.initialized.connect(set_up)
    signals.article_generator_init.connect(warm_generator)
    signals.page_generator_init.connect(warm_generator)
    signals.all_generators_finalized.connect(record)
