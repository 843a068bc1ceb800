"""Edit-to-preview in well under a second: write the edited post's page first.

A full build re-renders every page; in the devserver that means waiting seconds
for the one page being edited. When the devserver names the source files that
changed, a build in "preview first" mode still reads the whole site (from
Pelican's content cache, so only the edited files are parsed) but writes only
the pages made from those files. The devserver then runs a normal build for the
rest. Outside the devserver nothing here is active: the devserver connects
`choose_pages` and `preview_writer` to Pelican's signals itself.
"""

from __future__ import annotations

import os
from typing import Any

from pelican.writers import Writer
from shortlist_core.content_lists import CONTENT_LISTS


class PreviewFirst:
    """The source files whose pages the next build writes, and nothing else."""

    def __init__(self) -> None:
        self.sources: set[str] = set()
        self.outputs: set[str] = set()

    @property
    def active(self) -> bool:
        return bool(self.sources)

    def start(self, sources: set[str]) -> None:
        self.sources = {os.path.realpath(path) for path in sources}
        self.outputs = set()

    def stop(self) -> None:
        self.sources = set()
        self.outputs = set()


PREVIEW_FIRST = PreviewFirst()


def choose_pages(generators: list[Any]) -> None:
    """After reading: the output files made from the changed sources."""
    if not PREVIEW_FIRST.active:
        return
    for generator in generators:
        base = getattr(generator, "path", "")
        for name in CONTENT_LISTS:
            for item in getattr(generator, name, []) or []:
                source = os.path.realpath(os.path.join(base, item.source_path))
                if source in PREVIEW_FIRST.sources and item.save_as:
                    PREVIEW_FIRST.outputs.add(item.save_as)


class PreviewFirstWriter(Writer):
    """Pelican's writer, skipping every file but the chosen pages (before rendering)."""

    def write_file(self, name: str, *args: Any, **kwargs: Any) -> None:
        if name not in PREVIEW_FIRST.outputs:
            return None
        return super().write_file(name, *args, **kwargs)

    def write_feed(self, *args: Any, **kwargs: Any) -> None:
        return None


def preview_writer(pelican: Any) -> type[Writer] | None:
    """For Pelican's get_writer signal: this writer during a preview-first build."""
    return PreviewFirstWriter if PREVIEW_FIRST.active else None
