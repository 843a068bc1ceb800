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
  file written and read back every build.

Both work by giving Pelican's modules (and the parallel writer's) an `open` of their
own, in this process only: `make html` and `make publish` are untouched.
"""

from __future__ import annotations

import builtins
import importlib
import io
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
                return io.BytesIO(self.files[str(file)])
            except KeyError:
                raise FileNotFoundError(2, "not in memory", str(file)) from None
        if mode == "wb":
            return _MemoryFile(self, str(file))
        return builtins.open(file, mode, *args, **kwargs)

    def clear(self) -> None:
        self.files.clear()


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
    importlib.import_module(CACHE_MODULE).open = CACHE.open  # type: ignore[attr-defined]
