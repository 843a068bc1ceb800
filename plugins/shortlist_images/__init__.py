"""shortlist_images: pictures in posts that work however their path is written.

`![desk](images/desk.png)`, `/images/desk.png`, `../images/desk.png` and
`{static}/images/desk.png` all find content/images/desk.png; the picture gets
Pelican's own address for the file and its width and height, so pages do not
jump while they load. A path that finds no file is a problem naming the post and
the path (pictures.py says how a path is looked up; extension.py is the Markdown
extension that applies it).

This module only connects them to Pelican:
- the extension joins the Markdown settings;
- each Markdown file is read inside `reading(...)`, so the extension knows the
  post's folder, and the file's picture problems are reported when it is read;
- what the post's pictures were when read is kept with the post (`shortlist_pictures`),
  so a post in the devserver's content cache whose picture was missing, or has
  changed since, is read again rather than kept with an old address or size.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Static
from pelican.readers import MarkdownReader
from shortlist_core.problems import REPORT, display_path
from shortlist_core.read_state import register_read_state

from .extension import Reading, reading
from .pictures import Picture, is_stale, post_folder_of

EXTENSION = "shortlist_images.extension"
# Each file's pictures as found by its reader, until Pelican makes its content object.
_READ: dict[str, tuple[Picture, ...]] = {}


def set_up(pelican: Any) -> None:
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    markdown.setdefault("extension_configs", {}).setdefault(EXTENSION, {})


def _reading_pictures(read: Callable[[str], Any], settings: dict[str, Any]) -> Callable[[str], Any]:
    @functools.wraps(read)
    def read_with_pictures(source_path: str) -> Any:
        current = Reading(
            source=display_path(source_path),
            post_folder=post_folder_of(source_path, settings["PATH"]),
            content_path=Path(settings["PATH"]),
            intrasite_link_regex=settings["INTRASITE_LINK_REGEX"],
        )
        try:
            with reading(current):
                return read(source_path)
        finally:
            REPORT.report(current.problems)
            _READ[source_path] = tuple(current.pictures)

    read_with_pictures.shortlist_pictures = True  # type: ignore[attr-defined]
    return read_with_pictures


def watch_reading(generator: Any) -> None:
    """When a generator is made (each build): read its Markdown with pictures, and
    forget cached posts whose pictures must be looked at again."""
    # Every generator is made before any reads: what a failed read left goes here.
    _READ.clear()
    for reader in generator.readers.readers.values():
        if isinstance(reader, MarkdownReader) and not getattr(reader.read, "shortlist_pictures", False):
            # On the instance, whatever reader class the other plugins chose.
            reader.read = _reading_pictures(reader.read, generator.settings)
    # Pelican's generator-level content cache (the devserver's), keyed by source
    # path with (file stamp, content object); it knows only the post's own file.
    cache = getattr(generator, "_cache", None)
    if not isinstance(cache, dict):
        return
    content_path = Path(generator.settings["PATH"])
    for path, entry in list(cache.items()):
        post = entry[1] if isinstance(entry, tuple) and len(entry) == 2 else None
        pictures = getattr(post, "shortlist_pictures", ())
        if pictures and is_stale(pictures, content_path):
            del cache[path]


def keep_pictures(content: Any) -> None:
    if isinstance(content, Static) or not content.source_path:
        return
    content.shortlist_pictures = _READ.pop(content.source_path, ())


def _restore_pictures(source_path: str, pictures: tuple[Picture, ...]) -> None:
    _READ[source_path] = pictures


def register() -> None:
    # Read in another process (shortlist_parallel), a file's pictures come back with it.
    register_read_state("shortlist_images", _READ.get, _restore_pictures)
    signals.initialized.connect(set_up)
    signals.article_generator_init.connect(watch_reading)
    signals.page_generator_init.connect(watch_reading)
    signals.content_object_init.connect(keep_pictures)
