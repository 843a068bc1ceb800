"""Pictures in posts (pure: no Pelican): which file an image path a writer typed
points at, and how big the picture is.

A writer types the path to a picture in many ways, and each of these finds
content/images/desk.png from content/reflections/x.md:

    images/desk.png          relative to the post's folder, else to the content folder
    /images/desk.png         from the content folder (as on the published site)
    ../images/desk.png       relative to the post's folder (./ and ../ only that)
    {static}/images/desk.png Pelican's own spelling ({static}images/desk.png falls
                             back to the content folder as a bare path does)

A found picture is written as Pelican's `{static}/<path in content>` (or
`{attach}`), so Pelican itself turns it into the file's address, under
RELATIVE_URLS and under a SITEURL with a path alike; a missing one is a Problem
naming the post and the path as it was written. Addresses with a scheme or a host
(`https://…`, `//cdn…`, `data:`) are other sites' pictures and are left alone.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from shortlist_core.problems import Problem, display_path

# The content folder's published pictures folder, named in messages and the README.
PICTURES_FOLDER = "images"
# Pelican's {what} indicators that point at a file in the content folder.
FILE_INDICATORS = {"static": "{static}", "attach": "{attach}", "filename": "{static}"}
READABLE = "a PNG, JPEG, GIF or WebP picture (or an SVG drawing)"
# EXIF orientations that turn the picture a quarter: browsers show it turned, so
# its width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Picture:
    """One local picture a post shows, as found when the post was read."""

    written: str
    """The src as the writer typed it."""
    path: str | None
    """The file, relative to the content folder (`images/desk.png`); None when missing."""
    stamp: tuple[int, int] | None = None
    """The file's (modification time in ns, size) when read, to notice it changed."""
    width: int | None = None
    height: int | None = None
    readable: bool = True


@dataclass(frozen=True)
class Located:
    """Where a written path leads: the new src, the picture, and a problem if any."""

    src: str
    picture: Picture
    problem: Problem | None = None


def indicator_pattern(intrasite_link_regex: str) -> re.Pattern[str]:
    """Pelican's INTRASITE_LINK_REGEX (`{static}`, `|static|`) at the start of a src."""
    return re.compile(rf"(?:{intrasite_link_regex})(?P<rest>.*)\Z", re.S)


def file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def picture_size(path: Path) -> tuple[int, int] | None:
    """(width, height) as a browser shows the picture; None for an SVG drawing.

    Raises (OSError, mostly) when the file is not a picture Pillow can read.
    Pillow reads only the header, never the whole picture.
    """
    if path.suffix.lower() in {".svg", ".svgz"}:
        return None
    from PIL import Image  # here, so that pure path work needs no Pillow

    with Image.open(path) as image:
        width, height = image.size
        try:
            orientation = image.getexif().get(0x0112)
        except Exception:  # a damaged EXIF block: the picture is still shown as stored
            orientation = None
    return (height, width) if orientation in QUARTER_TURNS else (width, height)


def candidates(path: str, post_folder: str) -> list[str]:
    """The files a path may mean, relative to the content folder, in the order tried."""
    if path.startswith("/"):
        found = [path.lstrip("/")]
    elif path.split("/", 1)[0] in {".", ".."}:
        found = [posixpath.join(post_folder, path)]
    else:
        found = [posixpath.join(post_folder, path), path]
    return list(dict.fromkeys(posixpath.normpath(p) for p in found))


def locate(
    written: str,
    source: str,
    post_folder: str,
    content_path: Path,
    indicator: re.Pattern[str],
) -> Located | None:
    """What to do with one `<img src>`; None leaves it alone (another site's picture).

    `source`: the post, as the user names it (`content/reflections/x.md`);
    `post_folder`: the post's folder in the content folder (`reflections`).
    """
    prefix = "{static}"
    rest = written
    match = indicator.match(written)
    if match:
        what = match.group("what")
        if what not in FILE_INDICATORS:
            return None  # {tag}, {category}…: Pelican's, and not a picture
        prefix = FILE_INDICATORS[what]
        rest = match.group("rest")
    parts = urlsplit(rest)
    if parts.scheme or parts.netloc or rest.startswith("//") or not parts.path:
        return None
    tail = rest[len(parts.path) :]  # ?query and #fragment, kept as written
    path = unquote(parts.path)
    tried = candidates(path, post_folder)
    inside = [p for p in tried if p != ".." and not p.startswith("../")]
    for relative in inside:
        file = content_path / relative
        if file.is_file():
            return _found(written, source, prefix + "/" + relative + tail, relative, file)
    name = posixpath.basename(path) or "picture.png"
    expected = (
        f"the picture saved as {display_path(str(content_path / PICTURES_FOLDER / name))} "
        f"and written as ![what it shows]({PICTURES_FOLDER}/{name})"
    )
    if not inside:
        problem = "it points outside the content folder"
    else:
        # The last place tried is where the README says pictures go (for a bare path).
        folder = display_path(str((content_path / inside[-1]).parent))
        problem = f"no such file in {folder}/"
    return Located(
        src=written,
        picture=Picture(written, None),
        problem=Problem(source, f"image {written!r}", problem, expected),
    )


def _found(written: str, source: str, src: str, relative: str, file: Path) -> Located:
    stamp = file_stamp(file)
    try:
        size = picture_size(file)
    except Exception as error:  # not a picture, cut short, or one too big to open
        reason = str(error) or type(error).__name__
        return Located(
            src=src,
            picture=Picture(written, relative, stamp, readable=False),
            problem=Problem(
                source,
                f"image {written!r}",
                f"{display_path(str(file))} cannot be read as a picture ({reason})",
                READABLE,
            ),
        )
    width, height = size if size else (None, None)
    return Located(src=src, picture=Picture(written, relative, stamp, width, height))


def sized(width: str | None, height: str | None, size: tuple[int, int]) -> tuple[str, str] | None:
    """The width and height attributes to set: both from the file, or the missing
    one in proportion to the one the writer gave; None to leave them as written."""
    if width and height:
        return None
    natural_width, natural_height = size
    if width and width.isdigit() and natural_width:
        return width, str(round(int(width) * natural_height / natural_width))
    if height and height.isdigit() and natural_height:
        return str(round(int(height) * natural_width / natural_height)), height
    if width or height:
        return None  # "50%" or the like: the writer's choice
    return str(natural_width), str(natural_height)


def is_stale(pictures: tuple[Picture, ...], content_path: Path) -> bool:
    """Whether a post read earlier must be read again: one of its pictures was
    missing or unreadable then (its problem is shown again), or its size has changed
    since (all a post's page shows of a picture, beside its path).

    A picture dated anew is measured again rather than taken as changed: a fresh
    checkout (the Pages workflow's daily build) dates every file anew, and the post
    would be read again for nothing.
    """
    for picture in pictures:
        if picture.path is None or not picture.readable:
            return True
        file = content_path / picture.path
        if file_stamp(file) == picture.stamp:
            continue
        try:
            size = picture_size(file)
        except Exception:  # unreadable now: read the post again, which reports it
            return True
        if (size or (None, None)) != (picture.width, picture.height):
            return True
    return False


def post_folder_of(source_path: str, content_path: str) -> str:
    """The post's folder relative to the content folder, with / separators."""
    folder = os.path.relpath(os.path.dirname(os.path.abspath(source_path)), os.path.abspath(content_path))
    return "" if folder == "." else folder.replace(os.sep, "/")
