"""A Python-Markdown extension: every local picture's src becomes Pelican's
`{static}/<path>` for the file it means, with the picture's width and height.

Which file a relative path means depends on the post's folder, which Markdown is
not told: the plugin sets `reading(...)` around each file its Markdown reader reads
(see __init__.py). Text converted outside such a reading is left as it is.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from shortlist_core.problems import Problem

from .pictures import Picture, indicator_pattern, locate, sized


@dataclass
class Reading:
    """One Markdown file being read: where it is, and what its pictures turned out to be."""

    source: str
    """The file as the user names it, e.g. content/reflections/x.md."""
    post_folder: str
    """Its folder inside the content folder, e.g. reflections."""
    content_path: Path
    intrasite_link_regex: str
    pictures: list[Picture] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


_READING: ContextVar[Reading | None] = ContextVar("shortlist_images_reading", default=None)


@contextmanager
def reading(current: Reading) -> Iterator[Reading]:
    token = _READING.set(current)
    try:
        yield current
    finally:
        _READING.reset(token)


class PicturesTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        current = _READING.get()
        if current is None:
            return
        indicator = indicator_pattern(current.intrasite_link_regex)
        for image in root.iter("img"):
            written = image.get("src")
            if written is None:
                continue
            located = locate(written, current.source, current.post_folder, current.content_path, indicator)
            if located is None:
                continue
            image.set("src", located.src)
            picture = located.picture
            if picture.width and picture.height:
                size = sized(image.get("width"), image.get("height"), (picture.width, picture.height))
                if size:
                    image.set("width", size[0])
                    image.set("height", size[1])
            # Pelican converts a file's body and then each formatted field (Summary:)
            # with one Markdown: a picture in both counts once.
            if picture not in current.pictures:
                current.pictures.append(picture)
            if located.problem and located.problem not in current.problems:
                current.problems.append(located.problem)


class PicturesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After 'inline' (20), which makes the <img> elements.
        md.treeprocessors.register(PicturesTreeprocessor(md), "shortlist_pictures", 6)


def makeExtension(**kwargs: Any) -> PicturesExtension:
    return PicturesExtension(**kwargs)
