"""Share cards: the 1200x630 picture a link preview shows (pure: Pillow, no Pelican).

A card carries the post's kind, its title (wrapped at spaces, never inside a word; a
long title is set smaller, step by step), for a listing its company, location and
salary, and at the foot the site's name and the post's date, in the theme's colours
and a font that ships with the kit, so a build never depends on the machine's fonts.

Drawing a card costs about 15 ms (most of it PNG compression), so cards are kept in
a cache folder that outlives builds, each named by a hash of everything it is drawn
from (`CardCache`): an unchanged post is never drawn again, and the build only puts
the cached file in place. Two drawings of one card are the same bytes (PNG has no
timestamp unless one is added, and none is).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

# Raise when the drawing changes, so every cached card is drawn again.
DRAWING_VERSION = 1

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BAND_HEIGHT = 14
KIND_TOP = 62
KIND_SIZE = 28
TITLE_TOP = 132
# Title sizes tried, largest first: a long title is set smaller before it is shortened.
TITLE_SIZES = tuple(range(80, 39, -4))
# Below the smallest size, only to fit a single very long word (a URL, a German compound).
TITLE_SMALLEST = 20
TITLE_LINE_HEIGHT = 1.16
DETAIL_SIZES = (34, 30, 26)
DETAIL_LINE_HEIGHT = 1.35
DETAIL_GAP = 26
# A detail longer than this many lines is shortened (a site's tagline may take two).
DETAIL_LINES = 2
RULE_TOP = 520
FOOTER_BASELINE = 580
FOOTER_SIZE = 30
ELLIPSIS = "\u2026"

# The theme's custom properties a card uses, with the theme's light values.
COLOR_NAMES = ("bg", "text", "muted", "accent", "border")
DEFAULT_COLORS = {
    "bg": "#fdfcfa",
    "text": "#1d1f22",
    "muted": "#555a61",
    "accent": "#0b5cad",
    "border": "#d9d4ca",
}
# Shades between the background and each colour, for anti-aliased edges (palette PNG).
SHADES = 63
PNG_COMPRESS_LEVEL = 1  # 1: twice as fast as 6, files a third bigger (some 25 KB)

Measure = Callable[[str], float]


@dataclass(frozen=True)
class CardSpec:
    """Everything a card shows; two equal specs draw the same picture."""

    title: str
    kind: str = ""
    """The kind as shown above the title ("Reflection"); "" for none."""
    site_name: str = ""
    date: str = ""
    """As shown at the foot: "November 12, 2026"; "" for none."""
    details: tuple[str, ...] = ()
    """Lines under the title: a listing's company, its location and salary."""

    def alt_text(self) -> str:
        """The card's words in reading order: the alt text of og:image."""
        parts = [self.kind, self.title, *self.details, self.site_name, self.date]
        return ". ".join(part.rstrip(".") for part in parts if part) + "."


SPEC_FIELDS = tuple(spec_field.name for spec_field in fields(CardSpec))


@dataclass(frozen=True)
class CardStyle:
    """How cards look: fonts (files) and colours (CSS hex values, by COLOR_NAMES)."""

    title_font: Path
    text_font: Path
    colors: tuple[tuple[str, str], ...] = tuple(DEFAULT_COLORS.items())

    def color(self, name: str) -> str:
        return dict(self.colors)[name]

    @cached_property
    def fingerprint(self) -> dict[str, object]:
        """What about the style changes a card's pixels: font contents, colours, size."""
        return {
            "fonts": [
                hashlib.sha256(path.read_bytes()).hexdigest() for path in (self.title_font, self.text_font)
            ],
            "colors": sorted(self.colors),
            "size": [WIDTH, HEIGHT],
            "pillow": Image.__version__,
        }


def style_colors(stylesheet: str, overrides: dict[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    """The card colours: the theme's light values (`--bg: #fdfcfa;` in the stylesheet's
    first `:root` block), else the kit's defaults, then the site's overrides."""
    colors = dict(DEFAULT_COLORS)
    root = re.search(r":root\s*\{(?P<body>[^}]*)\}", stylesheet)
    if root:
        for name, value in re.findall(r"--([\w-]+)\s*:\s*(#[0-9a-fA-F]{3,8})\s*;", root["body"]):
            if name in colors:
                colors[name] = value.lower()
    for name, value in (overrides or {}).items():
        if name not in colors:
            raise ValueError(f"unknown card colour {name!r}; expected one of {', '.join(COLOR_NAMES)}")
        ImageColor.getrgb(value)  # a bad colour fails here, with Pillow's message
        colors[name] = value
    return tuple((name, colors[name]) for name in COLOR_NAMES)


# --- fitting text --------------------------------------------------------------------


def wrap_words(text: str, width: float, measure: Measure) -> list[str] | None:
    """Lines of whole words, each at most `width` wide, filled greedily.

    None when one word alone is wider than `width`: it cannot be placed without
    cutting it, so the caller must choose a smaller size.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        if measure(word) > width:
            return None
        candidate = f"{current} {word}" if current else word
        if not current or measure(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class FittedText:
    """Text set in lines: the font size, the lines, and whether words were left out."""

    size: int
    lines: tuple[str, ...]
    shortened: bool = False


def shorten_line(line: str, width: float, measure: Measure) -> str:
    """The line's first words and an ellipsis, within `width`, cut after a whole word.

    Only a single word wider than the line is cut inside itself (the last resort,
    for a 'word' of some 90 characters or more that fits at no size).
    """
    words = line.split()
    while words:
        candidate = " ".join(words) + ELLIPSIS
        if measure(candidate) <= width:
            return candidate
        words.pop()
    letters = line
    while letters and measure(letters + ELLIPSIS) > width:
        letters = letters[:-1]
    return letters + ELLIPSIS


def fit_text(
    text: str,
    width: float,
    height: float,
    sizes: Sequence[int],
    measure_at: Callable[[int], Measure],
    line_height: float = TITLE_LINE_HEIGHT,
    smallest: int | None = None,
) -> FittedText:
    """Set `text` at the largest of `sizes` whose lines fit `width` and `height`.

    Lines break only between words. When even the smallest size needs too many
    lines, the text keeps as many whole lines as fit and the last ends with an
    ellipsis after a whole word. When a single word is wider than `width` at the
    smallest size, smaller sizes (by 2, down to `smallest`) are tried for it first.
    """
    text = " ".join(text.split())
    for size in sizes:
        lines = wrap_words(text, width, measure_at(size))
        if lines is not None and len(lines) * size * line_height <= height:
            return FittedText(size, tuple(lines))
    # Too long at every size: the largest size at which every word fits, shortened.
    fallback = [min(sizes)]
    if smallest is not None:
        fallback += list(range(min(sizes) - 2, smallest - 1, -2))
    shortened = False
    for size in fallback:
        measure = measure_at(size)
        lines = wrap_words(text, width, measure)
        if lines is not None:
            break
    else:
        # A word fits at no size: the one case where a word itself is cut.
        words = [
            word if measure(word) <= width else shorten_line(word, width, measure) for word in text.split()
        ]
        lines = wrap_words(" ".join(words), width, measure) or words
        shortened = True
    room = max(1, math.floor(height / (size * line_height)))
    if len(lines) <= room:
        return FittedText(size, tuple(lines), shortened)
    kept = lines[:room]
    kept[-1] = shorten_line(f"{kept[-1]} {lines[room]}", width, measure)
    return FittedText(size, tuple(kept), True)


# --- drawing ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    # The basic layout engine: the same glyph positions on every machine (Raqm, when
    # installed, would vary with its version; titles here are in Latin-like scripts).
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def measurer(path: Path) -> Callable[[int], Measure]:
    return lambda size: load_font(path, size).getlength


@functools.lru_cache(maxsize=8)
def palette_for(style: CardStyle) -> tuple[int, ...]:
    """The card's palette: the background, then for each other colour its SHADES shades
    over the background (step s of colour k at 1 + k * SHADES + s - 1). Every pixel
    of a card, text anti-aliased over the background, is one of these exactly."""
    background = ImageColor.getrgb(style.color("bg"))[:3]
    values = list(background)
    for name in COLOR_NAMES[1:]:
        color = ImageColor.getrgb(style.color(name))[:3]
        for step in range(1, SHADES + 1):
            values += [round(b + (c - b) * step / SHADES) for b, c in zip(background, color, strict=True)]
    return tuple(values)


class Layers:
    """A card drawn as one coverage mask per colour, then put together as palette
    indices: exact theme colours, and a PNG a third the size of a full-colour one,
    written without PNG's per-row filter search (half the time)."""

    def __init__(self) -> None:
        self.masks = {name: Image.new("L", (WIDTH, HEIGHT), 0) for name in COLOR_NAMES[1:]}
        self.draws = {name: ImageDraw.Draw(mask) for name, mask in self.masks.items()}

    def text(
        self, xy: tuple[float, float], text: str, font: ImageFont.FreeTypeFont, color: str, anchor: str
    ) -> None:
        self.draws[color].text(xy, text, font=font, fill=255, anchor=anchor)

    def rectangle(self, box: tuple[int, int, int, int], color: str) -> None:
        self.draws[color].rectangle(box, fill=255)

    def png(self, style: CardStyle) -> bytes:
        """Each colour's coverage as its shade's palette index, over the background (0);
        only inside each mask's bounding box, which is most of the work saved."""
        indices = Image.new("L", (WIDTH, HEIGHT), 0)
        for number, name in enumerate(COLOR_NAMES[1:]):
            mask = self.masks[name]
            box = mask.getbbox()
            if box is None:
                continue
            shade_lut, cover_lut = lookup_tables(1 + number * SHADES)
            region = mask.crop(box)
            indices.paste(region.point(shade_lut), box, mask=region.point(cover_lut))
        paletted = Image.frombytes("P", (WIDTH, HEIGHT), indices.tobytes())
        paletted.putpalette(palette_for(style))
        buffer = io.BytesIO()
        paletted.save(buffer, "PNG", compress_level=PNG_COMPRESS_LEVEL)
        return buffer.getvalue()


@functools.lru_cache(maxsize=8)
def lookup_tables(first: int) -> tuple[list[int], list[int]]:
    """For coverage 0-255: the palette index of its shade (first shade at `first`; 0,
    the background, where the shade rounds to nothing), and where to paint it."""
    steps = [round(value * SHADES / 255) for value in range(256)]
    return [first + step - 1 if step else 0 for step in steps], [255 if step else 0 for step in steps]


def one_line(text: str, width: float, measure: Measure) -> str:
    """The text if it fits `width`, else shortened after a whole word."""
    return text if measure(text) <= width else shorten_line(text, width, measure)


def render_card(spec: CardSpec, style: CardStyle) -> bytes:
    """The card as PNG bytes, 1200x630."""
    layers = Layers()
    left, right = MARGIN, WIDTH - MARGIN
    width = right - left
    bold, regular = measurer(style.title_font), measurer(style.text_font)

    # The theme's accent band, and the kind above the title.
    layers.rectangle((0, 0, WIDTH - 1, BAND_HEIGHT - 1), "accent")
    if spec.kind:
        kind = one_line(spec.kind.upper(), width, bold(KIND_SIZE))
        layers.text((left, KIND_TOP), kind, load_font(style.title_font, KIND_SIZE), "accent", "lt")

    # The details take the room they need under the title; the title gets the rest.
    detail_height = DETAIL_LINES * DETAIL_SIZES[0] * DETAIL_LINE_HEIGHT
    details = [
        fit_text(line, width, detail_height, DETAIL_SIZES, regular, DETAIL_LINE_HEIGHT)
        for line in spec.details
    ]
    details_height = sum(len(detail.lines) * detail.size * DETAIL_LINE_HEIGHT for detail in details)
    title_bottom = RULE_TOP - 36 - (details_height + DETAIL_GAP if details else 0)
    title_height = title_bottom - TITLE_TOP
    title = fit_text(spec.title, width, title_height, TITLE_SIZES, bold, TITLE_LINE_HEIGHT, TITLE_SMALLEST)
    font = load_font(style.title_font, title.size)
    step = title.size * TITLE_LINE_HEIGHT
    baseline = TITLE_TOP + font.getmetrics()[0]
    for line in title.lines:
        layers.text((left, baseline), line, font, "text", "ls")
        baseline += step

    top = TITLE_TOP + len(title.lines) * step + DETAIL_GAP
    for detail in details:
        font = load_font(style.text_font, detail.size)
        for line in detail.lines:
            layers.text((left, top + font.getmetrics()[0]), line, font, "muted", "ls")
            top += detail.size * DETAIL_LINE_HEIGHT

    # The foot: a rule, the site's name at the left and the date at the right.
    if spec.site_name or spec.date:
        layers.rectangle((left, RULE_TOP, right, RULE_TOP + 1), "border")
    room = width
    if spec.date:
        font = load_font(style.text_font, FOOTER_SIZE)
        layers.text((right, FOOTER_BASELINE), spec.date, font, "muted", "rs")
        room -= font.getlength(spec.date) + 40
    if spec.site_name:
        font = load_font(style.title_font, FOOTER_SIZE)
        layers.text(
            (left, FOOTER_BASELINE), one_line(spec.site_name, room, font.getlength), font, "text", "ls"
        )
    return layers.png(style)


# --- the cache --------------------------------------------------------------------------


def card_key(spec: CardSpec, style: CardStyle) -> str:
    """A name for the card from everything that decides its pixels."""
    # The fields one level deep, as asdict gives them (strings and a tuple of strings),
    # without its recursive copy: the same JSON, so the same key, in a fifth of the time.
    fields_ = {name: getattr(spec, name) for name in SPEC_FIELDS}
    data = {"version": DRAWING_VERSION, "spec": fields_, "style": style.fingerprint}
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:40]


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary name, then rename: a reader (another build sharing the
    cache, a worker) sees the whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


@dataclass
class CardCache:
    """Drawn cards in a folder that outlives builds, each named by `card_key`."""

    folder: Path
    style: CardStyle
    draw: Callable[[CardSpec, CardStyle], bytes] = render_card
    drawn: int = 0
    """Cards drawn by this cache (in this process or its workers), for the build's log."""
    reused: int = 0
    _keys: dict[CardSpec, str] = field(default_factory=dict)

    def path_for(self, spec: CardSpec) -> Path:
        key = self._keys.get(spec)
        if key is None:
            key = self._keys[spec] = card_key(spec, self.style)
        return self.folder / f"{key}.png"

    def draw_one(self, spec: CardSpec) -> None:
        write_atomically(self.path_for(spec), self.draw(spec, self.style))

    def ensure_all(
        self, specs: Iterable[CardSpec], workers: int = 1, parallel_from: int = 2
    ) -> dict[CardSpec, Path]:
        """Every card's file, drawing only those not in the cache; with `workers` > 1
        and at least `parallel_from` to draw, in that many forked processes."""
        paths = {spec: self.path_for(spec) for spec in specs}
        missing = [spec for spec, path in paths.items() if not path.is_file()]
        self.reused += len(paths) - len(missing)
        if workers > 1 and len(missing) >= max(2, parallel_from):
            self._draw_in_workers(missing, min(workers, len(missing)))
        for spec in missing:
            if not paths[spec].is_file():  # drawn here; or a worker failed
                self.draw_one(spec)
        self.drawn += len(missing)
        return paths

    def _draw_in_workers(self, specs: list[CardSpec], workers: int) -> None:
        """Fork `workers` children, each drawing every n-th card into the cache.

        The caller makes sure this process runs no other thread. A child that fails
        leaves its cards undrawn, and this process draws them (and shows the error).
        """
        for spec in specs:
            self.path_for(spec)  # keys worked out once, before forking
        children = []
        for number in range(workers):
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                status = 0
                try:
                    for spec in specs[number::workers]:
                        self.draw_one(spec)
                except BaseException:
                    status = 1
                finally:
                    os._exit(status)
            children.append(pid)
        for pid in children:
            os.waitpid(pid, 0)

    def prune(self, used: Iterable[Path], older_than_days: float = 30) -> int:
        """Remove cards this build did not use and nothing drew for `older_than_days`
        (a post's old title, a deleted post). Returns how many were removed."""
        keep = {path.name for path in used}
        limit = time.time() - older_than_days * 86400
        removed = 0
        try:
            entries = list(os.scandir(self.folder))
        except FileNotFoundError:
            return 0
        for entry in entries:
            if entry.name in keep or not entry.name.endswith(".png"):
                continue
            try:
                if entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:
                continue
        return removed


def place(source: Path, target: Path, folder_made: bool = False) -> None:
    """Put a copy of `source` at `target` (a hard link when both are on one disk:
    no bytes copied), replacing what is there unless it is already that file.
    `folder_made`: the caller has made target's folder."""
    if not folder_made:
        target.parent.mkdir(parents=True, exist_ok=True)
    # Nothing there yet (a fresh output, as every cold build has): one link does it,
    # and a reader sees the whole file or none, as through the temporary name below.
    # A thousand cards, five system calls fewer each.
    with suppress(OSError):  # already there, or another disk: as below
        os.link(source, target)
        return
    try:
        if os.path.samefile(source, target):
            return
    except FileNotFoundError:
        pass
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)
