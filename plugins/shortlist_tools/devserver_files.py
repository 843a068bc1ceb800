"""Less disk work for each rebuild of the devserver: same pages, same bytes.

- A page whose bytes are what the file already holds is not written again. After an
  edit most of a site's pages come out the same, and rewriting a file frees its
  blocks (truncating it) and allocates them again: on a disk mounted with `discard`
  that costs milliseconds a file, seconds a build. The file left on disk is the same,
  byte for byte, as a rewritten one.
- A page the devserver decided cannot have changed (devserver_partial.py) is not
  written at all: `skip_next_write`.
- Pelican's content cache is kept in this process's memory (as the pickled bytes
  Pelican would write, so each build still gets fresh objects from it) instead of a
  file written and read back every build. Each cached post points at the settings and
  at the build's context (every post, label and list of the site): those two are
  pickled as a name and read back as this build's own, what a post read afresh is
  given. Pickled whole, they were most of the pages' cache (one page: 7 MB, 0.15 CPU-s
  a rebuild at 1,000 posts), and left each cached post with the last build's context
  until the devserver gave it this one's (devserver.current_context).

Both work by giving Pelican's modules (and the parallel writer's) an `open` of their
own, in this process only: `make html` and `make publish` are untouched.
"""

from __future__ import annotations

import builtins
import functools
import importlib
import io
import pickle
from collections.abc import Callable
from typing import Any

# The modules whose `open(path, "w")` writes a page (Writer._open_w, the parallel
# writer's workers) or the content cache (pelican.cache).
PAGE_WRITERS = ("pelican.writers", "shortlist_parallel.writer")
CACHE_MODULE = "pelican.cache"


class _SameBytesFile(io.StringIO):
    """A text file to write: on closing, written only if its bytes differ from the file's."""

    def __init__(self, path: Any, encoding: str) -> None:
        super().__init__(newline="\n")
        self._path = path
        self._encoding = encoding

    def close(self) -> None:
        if self.closed:
            return
        data = self.getvalue().encode(self._encoding)
        super().close()
        try:
            with builtins.open(self._path, "rb") as existing:
                if existing.read(len(data) + 1) == data:
                    return
        except OSError:
            pass
        with builtins.open(self._path, "wb") as out:
            out.write(data)


class _Skipped(io.StringIO):
    """The file of a page left as it is on disk: whatever is written goes nowhere."""


_skip_next = False


def skip_next_write() -> None:
    """The next page or feed opened to be written is left as it is (devserver_partial.py
    decided it cannot differ): Pelican's writer still does its bookkeeping of the file,
    only the file is not touched."""
    global _skip_next
    _skip_next = True


def same_bytes_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
    """`open`, except that a text file opened to be written is only written if it changes."""
    global _skip_next
    # The writers call open(path, "w", encoding=...); anything else is left as it is.
    if mode == "w" and not args and set(kwargs) == {"encoding"} and kwargs["encoding"]:
        if _skip_next:
            _skip_next = False
            return _Skipped()
        return _SameBytesFile(file, kwargs["encoding"])
    return builtins.open(file, mode, *args, **kwargs)


class MemoryFiles:
    """Files kept in memory by path: what `pelican.cache` reads and writes."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def open(self, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode == "rb":
            try:
                return _MemoryRead(self.files[str(file)])
            except KeyError:
                raise FileNotFoundError(2, "not in memory", str(file)) from None
        if mode == "wb":
            return _MemoryFile(self, str(file))
        return builtins.open(file, mode, *args, **kwargs)

    def clear(self) -> None:
        self.files.clear()


class _CachePickle:
    """`pickle` as pelican.cache sees it in this process: a cache kept in memory is
    pickled with its owner's settings and context (a generator's) as names."""

    PickleError = pickle.PickleError
    PicklingError = pickle.PicklingError
    UnpicklingError = pickle.UnpicklingError
    owner: Any = None  # the cache being loaded or saved (FileDataCacher: a generator)

    @classmethod
    def shared(cls) -> dict[str, Any]:
        owner = cls.owner
        found = {"settings": getattr(owner, "settings", None), "context": getattr(owner, "context", None)}
        return {name: value for name, value in found.items() if isinstance(value, dict)}

    @classmethod
    def dump(cls, obj: Any, file: Any) -> None:
        if not isinstance(file, _MemoryFile):
            pickle.dump(obj, file)
            return
        names = {id(value): name for name, value in cls.shared().items()}
        pickler = pickle.Pickler(file)
        pickler.persistent_id = lambda value: names.get(id(value))  # type: ignore[method-assign]
        pickler.dump(obj)

    @classmethod
    def load(cls, file: Any) -> Any:
        if not isinstance(file, _MemoryRead):
            return pickle.load(file)
        shared = cls.shared()
        unpickler = pickle.Unpickler(file)

        def persistent_load(name: str) -> Any:
            if name not in shared:  # Pelican starts from an empty cache then
                raise pickle.UnpicklingError(f"no {name} to give the cached content")
            return shared[name]

        unpickler.persistent_load = persistent_load  # type: ignore[assignment]
        return unpickler.load()


def _owned(method: Callable[..., Any]) -> Callable[..., Any]:
    """A FileDataCacher method run with its cache noted as the one being pickled."""

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        outer, _CachePickle.owner = _CachePickle.owner, self
        try:
            return method(self, *args, **kwargs)
        finally:
            _CachePickle.owner = outer

    run._shortlist_owned = True  # type: ignore[attr-defined]
    return run


class _MemoryRead(io.BytesIO):
    """A cache file read back from memory."""


class _MemoryFile(io.BytesIO):
    def __init__(self, owner: MemoryFiles, path: str) -> None:
        super().__init__()
        self._owner = owner
        self._path = path

    def close(self) -> None:
        if not self.closed:
            self._owner.files[self._path] = self.getvalue()
        super().close()


CACHE = MemoryFiles()


def install() -> None:
    """Have the page writers skip unchanged files and the content cache stay in memory."""
    for name in PAGE_WRITERS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        module.open = same_bytes_open  # type: ignore[attr-defined]
    cache = importlib.import_module(CACHE_MODULE)
    cache.open = CACHE.open  # type: ignore[attr-defined]
    cache.pickle = _CachePickle  # type: ignore[attr-defined]
    cacher = cache.FileDataCacher
    for name in ("__init__", "save_cache"):
        if not getattr(getattr(cacher, name), "_shortlist_owned", False):
            setattr(cacher, name, _owned(getattr(cacher, name)))
