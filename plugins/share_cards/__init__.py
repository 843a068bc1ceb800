"""share_cards: how the site looks when it is shared, and what search engines read.

- tags.py works out each page's canonical address, Open Graph and Twitter tags and
  JSON-LD (BlogPosting for reflections and advice, WebSite with a SearchAction on
  the home page; listings keep job_openings' JobPosting);
- images.py draws each post's and listing's share card (1200x630 PNG, Pillow) and
  keeps drawn cards in a cache that outlives builds;
- links.py makes the share links under each post and listing.

This module connects them to Pelican:
- the `Image:` and `Image-alt:` fields join the core's metadata table (a post's own
  picture instead of the drawn card);
- once per build, after reading (all_generators_finalized), every post and page gets
  its tags as `post.share`, the context gets the site's as `share_site` (which the
  head partials ask for each page's), and the cards to write as `share_cards_plan`;
- a generator writes the cards, drawing only those not in the cache, and the page
  that shares to a reader's own Mastodon server.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from shortlist_core.content_lists import ARTICLE_LISTS, PAGE_LISTS
from shortlist_core.cpus import thread_count, usable_cpus
from shortlist_core.metadata import (
    BadValue,
    FieldRule,
    metadata_text,
    parse_text,
    read_value,
    register_metadata_fields,
)
from shortlist_core.problems import REPORT, Problem, display_path
from shortlist_core.summaries import summary_for
from shortlist_images.pictures import indicator_pattern, locate, post_folder_of

from .images import HEIGHT, WIDTH, CardCache, CardSpec, CardStyle, place, style_colors
from .links import share_links, unknown_links
from .settings import apply_defaults
from .tags import (
    PageShare,
    ShareImage,
    SiteShare,
    absolute_root,
    blog_posting,
    card_name,
    describe,
    json_ld,
    og_locale,
    plain_text,
    website,
)

logger = logging.getLogger(__name__)

# Pictures link previews show: social sites take no SVG.
PICTURE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
IMAGE_EXPECTED = (
    "a PNG, JPEG, GIF or WebP picture in the content folder, written as pictures in posts are, "
    "e.g. `Image: images/card.png` for content/images/card.png (1200x630 shows best)"
)
# Fewer cards than this to draw are drawn in this process: forking costs more.
PARALLEL_FROM = 24


def parse_share_picture(text: str) -> str:
    """`Image:`: a path to a picture in the content folder (checked for the file later,
    when the post's folder is known); never another site's address, nor an SVG."""
    text = text.strip()
    parts = urlsplit(text)
    if parts.scheme or parts.netloc or text.startswith("//"):
        raise BadValue(problem=f"{text!r} is an address on another site")
    if PurePosixPath(parts.path).suffix.lower() not in PICTURE_TYPES:
        raise BadValue(problem=f"{text!r} is not a PNG, JPEG, GIF or WebP picture")
    return text


IMAGE = FieldRule("Image", parse_share_picture, IMAGE_EXPECTED)
IMAGE_ALT = FieldRule("Image-alt", parse_text, "what the `Image:` picture shows, in words")


@dataclass
class CardPlan:
    """What the build writes into the cards folder: drawn cards and `Image:` pictures,
    each by its path in the output."""

    style: CardStyle
    cache_folder: Path
    cards: dict[str, CardSpec] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)


def set_up(pelican: Any) -> None:
    apply_defaults(pelican.settings)


def card_style(settings: dict[str, Any]) -> CardStyle:
    """Fonts from the theme folder; colours from the theme's stylesheet and SHARE_CARDS_COLORS."""
    theme = Path(settings["THEME"])
    fonts = settings["SHARE_CARDS_FONTS"]
    stylesheet = theme / settings["SHARE_CARDS_STYLESHEET"]
    css = stylesheet.read_text(encoding="utf-8") if stylesheet.is_file() else ""
    try:
        colors = style_colors(css, settings["SHARE_CARDS_COLORS"])
    except ValueError as error:
        REPORT.report(
            [Problem("pelicanconf.py", "SHARE_CARDS_COLORS", str(error), "CSS colours such as #0b5cad")]
        )
        colors = style_colors(css)
    return CardStyle(theme / fonts["title"], theme / fonts["text"], colors)


def is_listing(post: Any, settings: dict[str, Any]) -> bool:
    return str(getattr(post, "category", "")) == settings.get("JOBS_CATEGORY", "Jobs")


def long_day(post: Any) -> str:
    day = post.date.date()
    return f"{day:%B} {day.day}, {day.year}"


def card_spec(post: Any, site_name: str, settings: dict[str, Any]) -> CardSpec:
    """What a post's card shows: its kind, title and date; a listing's facts too."""
    if not isinstance(post, Article):
        return CardSpec(plain_text(post.title), site_name=site_name)
    category = str(post.category)
    details: tuple[str, ...] = ()
    job = getattr(post, "job", None)
    if job is not None:
        details = (job.listing.company, " · ".join(part for part in (job.where, job.salary) if part))
    kind = settings["SHARE_CARDS_KIND_LABELS"].get(category, category)
    return CardSpec(plain_text(post.title), kind, site_name, long_day(post), tuple(d for d in details if d))


def own_picture(post: Any, written: str, settings: dict[str, Any]) -> tuple[Path, int, int] | Problem:
    """The `Image:` picture's file and size, or the problem that names the post and field."""
    source = display_path(post.source_path)
    located = locate(
        written,
        source,
        post_folder_of(post.source_path, settings["PATH"]),
        Path(settings["PATH"]),
        indicator_pattern(settings["INTRASITE_LINK_REGEX"]),
    )
    if located is None:
        return Problem(source, "Image", f"{written!r} is not a file in the content folder", IMAGE_EXPECTED)
    if located.problem is not None:
        return Problem(source, "Image", f"{written!r}: {located.problem.problem}", IMAGE_EXPECTED)
    picture = located.picture
    if picture.path is None or picture.width is None or picture.height is None:
        return Problem(source, "Image", f"{written!r} cannot be read as a picture", IMAGE_EXPECTED)
    return Path(settings["PATH"]) / picture.path, picture.width, picture.height


def site_search_url(settings: dict[str, Any]) -> str:
    """The site search page (site_search's SITE_SEARCH_URL, `find/`), or "" when site
    search is turned off (an empty SITE_SEARCH_SAVE_AS): the home page's SearchAction."""
    if not settings.get("SITE_SEARCH_SAVE_AS", "find/index.html"):
        return ""
    return settings.get("SITE_SEARCH_URL", "find/")


class Builder:
    """Works out the tags of one build's posts and pages, and the cards to write."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.root = absolute_root(
            settings.get("SITEURL", ""), settings.get("FEED_DOMAIN"), bool(settings.get("RELATIVE_URLS"))
        )
        self.folder = settings["SHARE_CARDS_PATH"].strip("/")
        self.site_name = plain_text(settings.get("SITENAME", ""))
        self.language = settings.get("DEFAULT_LANG", "en")
        cache = Path(settings["SHARE_CARDS_CACHE_PATH"])
        self.plan = CardPlan(card_style(settings), cache if cache.is_absolute() else Path.cwd() / cache)
        self._last: tuple[LazyShare, PageShare] | None = None
        self.site = SiteShare(
            self.root,
            self.site_name,
            og_locale(settings["SHARE_LOCALE"], settings.get("LOCALE"), self.language),
            home_file=settings.get("INDEX_SAVE_AS") or "index.html",
        )
        subtitle = plain_text(settings.get("SITESUBTITLE") or "")
        # The site's own card, for every page that is not a post: at the home page's
        # name (`index`), which no post can have.
        site_card = CardSpec(self.site_name, details=(subtitle,) if subtitle else ())
        self.site.image = self.drawn(site_card, card_name("index.html"))
        if self.root:
            self.site.website_json_ld = json_ld(
                website(
                    site_url=self.root,
                    name=self.site_name,
                    description=subtitle,
                    search_url=site_search_url(settings),
                    language=self.language,
                )
            )

    def current_share(self, lazy: LazyShare) -> PageShare:
        """`lazy`'s PageShare: the one last worked out when it is the same post's."""
        last = self._last
        if last is None or last[0] is not lazy:
            last = self._last = (lazy, self.share_for(lazy._post, lazy._image))
        return last[1]

    def absolute(self, url: str) -> str | None:
        return f"{self.root}/{url}" if self.root else None

    def drawn(self, spec: CardSpec, name: str) -> ShareImage | None:
        """A card to draw at `<cards folder>/<name>.png`; its og:image when addresses are absolute."""
        target = f"{self.folder}/{name}.png"
        self.plan.cards[target] = spec
        url = self.absolute(target)
        return ShareImage(url, WIDTH, HEIGHT, spec.alt_text()) if url else None

    def image_for(self, post: Any, title: str, draft: bool) -> ShareImage | None:
        """The post's `Image:` picture; else its drawn card; a draft has the site's."""
        written = read_value(post.metadata, IMAGE)
        if written and post.save_as:
            found = own_picture(post, written, self.settings)
            if isinstance(found, Problem):
                REPORT.report([found])  # the drawn card stands in, and publish fails
            else:
                source, width, height = found
                suffix = source.suffix.lower()
                target = f"{self.folder}/{card_name(post.save_as)}{suffix}"
                self.plan.copies[target] = source
                url = self.absolute(target)
                alt = metadata_text(post.metadata.get(IMAGE_ALT.key)) or title
                return ShareImage(url, width, height, alt, PICTURE_TYPES[suffix]) if url else None
        if draft or not post.save_as:
            return self.site.image
        return self.drawn(card_spec(post, self.site_name, self.settings), card_name(post.save_as))

    def share_for(self, post: Any, image: ShareImage | None) -> PageShare:
        """The post's tags and share links, its card (`image`) already chosen."""
        settings = self.settings
        draft = getattr(post, "status", "") == "draft"
        title = plain_text(post.title)
        summary = plain_text(summary_for(post, settings.get("SITEURL", "")))
        url = self.absolute(post.url)
        share = PageShare(
            canonical=url,
            title=title,
            description=describe(summary) if summary else None,
            image=image,
        )
        if not isinstance(post, Article):
            return share
        share.og_type = "article"
        share.published = post.date.isoformat()
        share.modified = (getattr(post, "modified", None) or post.date).isoformat()
        share.tags = tuple(str(tag) for tag in getattr(post, "tags", None) or [])
        listing = is_listing(post, settings)
        if url and not listing:
            share.json_ld = json_ld(
                blog_posting(
                    url=url,
                    headline=title,
                    description=share.description or "",
                    published=share.published,
                    modified=share.modified,
                    authors=[
                        (str(author), self.absolute(author.url) if author.save_as else None)
                        for author in getattr(post, "authors", [])
                    ],
                    site_name=self.site_name,
                    site_url=self.root or "",
                    image=share.image,
                    keywords=share.tags,
                    section=str(post.category),
                    language=getattr(post, "lang", self.language),
                )
            )
        # Links to share: not for a draft (its address is not public), nor for a role
        # that takes no more applications.
        job = getattr(post, "job", None)
        if url and not draft and not (job is not None and not job.is_open):
            links, copy = share_links(
                settings["SHARE_LINKS"], url, title, share.description or "", settings["SHARE_MASTODON_URL"]
            )
            share.links = tuple(links)
            share.copy_url = url if copy else None
        share.noun = "role" if listing else "post"
        return share


class LazyShare:
    """A post's PageShare, worked out when a template asks for any of it.

    Only the share of the post last asked about is kept (by its builder), not one
    per post: a page asks about its own post alone, many times while it is rendered,
    then never again. Kept per post, every post's JSON-LD and share links stayed
    in memory to the end of the build (some 4 KB a post, in each process that
    renders pages).
    """

    __slots__ = ("_builder", "_image", "_post")

    def __init__(self, builder: Builder, post: Any, image: ShareImage | None) -> None:
        self._builder, self._post, self._image = builder, post, image

    def __getattr__(self, name: str) -> Any:
        return getattr(self._builder.current_share(self), name)


def prepare(generators: list[Any]) -> None:
    """Once per build, after reading: every post's and page's tags, and the cards to write."""
    context = generators[0].context
    settings = generators[0].settings
    unknown = unknown_links(settings["SHARE_LINKS"])
    if unknown:
        REPORT.report(
            [
                Problem(
                    "pelicanconf.py",
                    "SHARE_LINKS",
                    f"{', '.join(map(repr, unknown))} is not a share link the kit knows",
                    "any of linkedin, bluesky, mastodon, email and copy",
                )
            ]
        )
    builder = Builder(settings)
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            lists = ARTICLE_LISTS
        elif isinstance(generator, PagesGenerator):
            lists = PAGE_LISTS
        else:
            continue
        for name in lists:
            for post in getattr(generator, name, None) or []:
                # The card is chosen now (every card is written, each build); the tags
                # only when a page shows them: the devserver's first pass after an edit
                # writes one page, and a post's summary costs its whole content.
                draft = getattr(post, "status", "") == "draft"
                image = builder.image_for(post, plain_text(post.title), draft)
                post.share = LazyShare(builder, post, image)
                if post.save_as:
                    builder.site.posts[post.save_as] = post.share
    context["share_site"] = builder.site
    context["share_cards_plan"] = builder.plan


def drawing_workers(settings: dict[str, Any]) -> int:
    """Processes to draw cards in: forking is only safe while this process runs no
    other thread (the devserver serves from one: there, cards are drawn here)."""
    wanted = settings["SHARE_CARDS_WORKERS"] or usable_cpus()
    return wanted if wanted > 1 and thread_count() == 1 else 1


def write_cards(plan: CardPlan, output_path: str, settings: dict[str, Any]) -> CardCache:
    """Every card into the output (the folder may be new: all are written, every
    build), drawing only those the cache does not have; then the `Image:` pictures."""
    cache = CardCache(plan.cache_folder, plan.style)
    start = time.perf_counter()
    paths = cache.ensure_all(
        plan.cards.values(), workers=drawing_workers(settings), parallel_from=PARALLEL_FROM
    )
    drawn_in = time.perf_counter() - start
    output = Path(output_path)
    targets = {target: output / target for target in plan.cards}
    for folder in {path.parent for path in targets.values()}:  # a few folders, for all the cards
        folder.mkdir(parents=True, exist_ok=True)
    for target, spec in plan.cards.items():
        place(paths[spec], targets[target], folder_made=True)
    for target, source in plan.copies.items():
        (output / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, output / target)
    cache.prune(paths.values())
    logger.info(
        "Share cards: %d written, %d drawn in %.2f s, %d from the cache (%s)",
        len(plan.cards) + len(plan.copies),
        cache.drawn,
        drawn_in,
        cache.reused,
        display_path(str(plan.cache_folder)),
    )
    return cache


class ShareCardsGenerator(Generator):
    """Writes the share cards and the Mastodon share page."""

    def generate_output(self, writer: Any) -> None:
        plan: CardPlan | None = self.context.get("share_cards_plan")
        if plan is not None:
            write_cards(plan, self.output_path, self.settings)
        settings = self.settings
        if "mastodon" in settings["SHARE_LINKS"] and settings["SHARE_MASTODON_SAVE_AS"]:
            writer.write_file(
                settings["SHARE_MASTODON_SAVE_AS"],
                self.get_template("share_mastodon"),
                self.context,
                relative_urls=settings["RELATIVE_URLS"],
                url=settings["SHARE_MASTODON_URL"],
                template_name="share_mastodon",
            )


def add_generator(pelican: Any) -> type[Generator]:
    return ShareCardsGenerator


def register() -> None:
    signals.initialized.connect(set_up)
    register_metadata_fields([IMAGE, IMAGE_ALT])
    signals.all_generators_finalized.connect(prepare)
    signals.get_generators.connect(add_generator)
