"""Sharing (plugins/share_cards): every page's canonical address, Open Graph and Twitter
tags and JSON-LD; a share card drawn for every post and listing (and kept in a cache);
an `Image:` of the post's own instead; share links under posts and listings.

The tags are read back from built sites with BeautifulSoup and json, on every page of a
publish build at a path (the tests' usual address) and under https://name.github.io/blog.
"""

from __future__ import annotations

import dataclasses
import datetime
import gc
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import CHROMIUM, CHROMIUM_ARGS, PUBLISH_SITEURL, ROOT, Build, ServedSite, run_pelican
from PIL import Image
from playwright.sync_api import Browser

sys.path.insert(0, str(ROOT / "plugins"))

from share_cards import Builder, LazyShare
from share_cards.images import (
    DRAWING_VERSION,
    ELLIPSIS,
    HEIGHT,
    WIDTH,
    CardCache,
    CardSpec,
    CardStyle,
    card_key,
    fit_text,
    measurer,
    place,
    render_card,
    style_colors,
    wrap_words,
)
from share_cards.links import share_links
from share_cards.tags import PageShare, absolute_root, card_name, describe, og_locale, page_url

GITHUB_SITEURL = "https://name.github.io/blog"
DEV_URL = "http://127.0.0.1:8000"
FONTS = ROOT / "theme" / "fonts"
STYLE = CardStyle(FONTS / "DejaVuSans-Bold.ttf", FONTS / "DejaVuSans.ttf")

REFLECTION = "reflections/a-week-with-two-interviews/index.html"
ADVICE = "advice/why-did-i-come-in-second-what-a-close-rejection-really-means/index.html"
OPEN_LISTING = "jobs/senior-product-designer-fleet-tools/index.html"
FILLED_LISTING = "jobs/design-systems-lead/index.html"
PAGE = "about/index.html"
# One page of every kind the site writes.
PAGE_TYPES = [
    "index.html",
    REFLECTION,
    ADVICE,
    OPEN_LISTING,
    FILLED_LISTING,
    PAGE,
    "jobs/index.html",
    "labels/interviews/index.html",
    "reflections/index.html",
    "archive/index.html",
    "search/index.html",
    "404.html",
    "share/mastodon/index.html",
]


# --- helpers ---------------------------------------------------------------------------


def meta(page: BeautifulSoup, name: str) -> list[str]:
    """Every value of a <meta property=…> or <meta name=…>."""
    found = page.find_all("meta", attrs={"property": name}) + page.find_all("meta", attrs={"name": name})
    return [tag["content"] for tag in found]


def one(page: BeautifulSoup, name: str) -> str:
    values = meta(page, name)
    assert len(values) == 1, (name, values)
    return values[0]


def json_ld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(script.string) for script in page.select("script[type='application/ld+json']")]


def of_type(page: BeautifulSoup, kind: str) -> list[dict]:
    return [data for data in json_ld(page) if data.get("@type") == kind]


def relative(build: Build, path: Path) -> str:
    return path.relative_to(build.output).as_posix()


def own_address(site_url: str, output_file: str) -> str:
    if output_file == "index.html":
        return f"{site_url}/"
    return f"{site_url}/{output_file.removesuffix('index.html')}"


def is_redirect(page: BeautifulSoup) -> bool:
    return page.find("meta", attrs={"http-equiv": "refresh"}) is not None


@pytest.fixture(scope="module")
def github_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A project site's publish build: the site lives under a path."""
    build = run_pelican(
        tmp_path_factory.mktemp("github") / "output", "publishconf.py", extra_env={"SITEURL": GITHUB_SITEURL}
    )
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(params=["publish_site", "github_site"])
def published(request: pytest.FixtureRequest) -> tuple[Build, str]:
    site_url = {"publish_site": PUBLISH_SITEURL, "github_site": GITHUB_SITEURL}[request.param]
    return request.getfixturevalue(request.param), site_url


# --- tags on every page (publish builds) ----------------------------------------------


def test_every_page_has_one_absolute_canonical_that_og_url_repeats(published: tuple[Build, str]) -> None:
    build, site_url = published
    pages = build.html_files()
    assert len(pages) > 40
    for path in pages:
        page = build.html(relative(build, path))
        canonicals = [link["href"] for link in page.find_all("link", rel="canonical")]
        assert len(canonicals) == 1, (path, canonicals)
        if is_redirect(page):
            assert canonicals[0].startswith(site_url + "/"), path
            continue
        assert canonicals[0] == own_address(site_url, relative(build, path)), path
        assert one(page, "og:url") == canonicals[0], path


def test_every_page_type_carries_the_open_graph_and_twitter_tags(published: tuple[Build, str]) -> None:
    build, site_url = published
    for output_file in PAGE_TYPES:
        page = build.html(output_file)
        assert one(page, "og:title").strip(), output_file
        assert one(page, "og:description").strip(), output_file
        assert one(page, "og:type") in {"article", "website"}, output_file
        assert one(page, "og:site_name") == "Shortlist"
        assert one(page, "og:locale") == "en_US"
        assert one(page, "twitter:card") == "summary_large_image"
        image = one(page, "og:image")
        assert image.startswith(site_url + "/images/share/"), (output_file, image)
        assert one(page, "og:image:alt").strip()
        # The picture is in the output, at the size the tags say.
        file = build.output / image.removeprefix(site_url + "/")
        with Image.open(file) as picture:
            assert picture.format == "PNG"
            assert picture.size == (int(one(page, "og:image:width")), int(one(page, "og:image:height")))
        assert one(page, "og:image:type") == "image/png"


def test_posts_are_articles_with_their_dates_and_labels(published: tuple[Build, str]) -> None:
    build, _ = published
    page = build.html(REFLECTION)
    assert one(page, "og:type") == "article"
    assert one(page, "og:title") == "A week with two interviews"
    published_time = datetime.datetime.fromisoformat(one(page, "article:published_time"))
    assert published_time.utcoffset() is not None, "dates carry their time zone"
    assert published_time.date() == datetime.date(2026, 10, 10)
    assert datetime.datetime.fromisoformat(one(page, "article:modified_time")) >= published_time
    labels = sorted(a.get_text() for a in page.select(".labels a[rel=tag]"))
    assert sorted(meta(page, "article:tag")) == labels == ["applications", "interviews"]
    for output_file in ("index.html", PAGE, "jobs/index.html", "labels/interviews/index.html"):
        other = build.html(output_file)
        assert one(other, "og:type") == "website", output_file
        assert meta(other, "article:published_time") == [], output_file
    listing = build.html(OPEN_LISTING)
    assert one(listing, "og:type") == "article"
    assert meta(listing, "article:tag") == ["hiring"]


@pytest.mark.parametrize("output_file", ["labels/interviews/index.html", "jobs/index.html", "index.html"])
def test_og_title_and_description_of_list_pages_repeat_the_pages_own(
    publish_site: Build, output_file: str
) -> None:
    page = publish_site.html(output_file)
    assert one(page, "og:title") == page.title.get_text()
    assert one(page, "og:description") == page.find("meta", attrs={"name": "description"})["content"]


def test_blog_postings_on_reflections_and_advice_only(published: tuple[Build, str]) -> None:
    build, site_url = published
    for output_file in (REFLECTION, ADVICE):
        page = build.html(output_file)
        [posting] = of_type(page, "BlogPosting")
        canonical = page.find("link", rel="canonical")["href"]
        assert posting["@context"] == "https://schema.org"
        assert posting["headline"] == one(page, "og:title")
        assert posting["description"] == one(page, "og:description")
        assert posting["datePublished"] == one(page, "article:published_time")
        assert posting["dateModified"] == one(page, "article:modified_time")
        assert posting["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
        assert posting["url"] == canonical
        assert posting["image"]["url"] == one(page, "og:image")
        assert (posting["image"]["width"], posting["image"]["height"]) == (WIDTH, HEIGHT)
        assert posting["author"]["@type"] == "Person" and posting["author"]["name"]
        assert posting["author"]["url"].startswith(site_url + "/authors/")
        assert posting["publisher"] == {"@type": "Organization", "name": "Shortlist", "url": f"{site_url}/"}
    assert of_type(build.html(ADVICE), "FAQPage"), "the FAQ's data stays"
    # Listings keep their JobPosting (an open one only), and are no blog posts.
    open_listing = build.html(OPEN_LISTING)
    assert of_type(open_listing, "BlogPosting") == []
    assert len(of_type(open_listing, "JobPosting")) == 1
    assert json_ld(build.html(FILLED_LISTING)) == []
    assert of_type(build.html(PAGE), "BlogPosting") == []


def test_the_home_page_alone_names_the_site_and_its_search(published: tuple[Build, str]) -> None:
    build, site_url = published
    found = {}
    for path in build.html_files():
        for data in json_ld(build.html(relative(build, path))):
            if data.get("@type") == "WebSite":
                found[relative(build, path)] = data
    assert list(found) == ["index.html"], "page/2/ and every other page carry none"
    site = found["index.html"]
    assert site["url"] == f"{site_url}/"
    assert site["name"] == "Shortlist"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{site_url}/find/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"


def test_the_json_ld_is_safe_inside_its_script_element(publish_site: Build) -> None:
    for output_file in (REFLECTION, ADVICE, "index.html"):
        text = (publish_site.output / output_file).read_text(encoding="utf-8")
        for body in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            assert "<" not in body and ">" not in body
            json.loads(body)


def test_no_page_loads_a_script_from_another_host(published: tuple[Build, str]) -> None:
    build, site_url = published
    for path in build.html_files():
        page = build.html(relative(build, path))
        for script in page.find_all("script", src=True):
            assert script["src"].startswith(site_url + "/"), (path, script["src"])


# --- development builds -----------------------------------------------------------------


def test_a_development_build_has_absolute_canonicals_to_the_devserver(dev_site: Build) -> None:
    for path in dev_site.html_files():
        page = dev_site.html(relative(dev_site, path))
        canonicals = [link["href"] for link in page.find_all("link", rel="canonical")]
        assert len(canonicals) == 1, path
        assert canonicals[0].startswith(DEV_URL + "/"), (path, canonicals)
        for name in ("og:url", "og:image"):
            for value in meta(page, name):
                assert value.startswith(DEV_URL + "/"), (path, name, value)


def test_without_an_absolute_address_a_page_has_no_canonical_rather_than_a_relative_one(
    tmp_path: Path,
) -> None:
    """RELATIVE_URLS builds a site to be opened from any address: the devserver's
    address would be wrong there, so there is none."""
    build = run_pelican(tmp_path / "output", "pelicanconf.py", extra_settings={"RELATIVE_URLS": True})
    assert build.returncode == 0, build.log
    for output_file in ("index.html", REFLECTION, OPEN_LISTING, PAGE):
        page = build.html(output_file)
        assert page.find_all("link", rel="canonical") == [], output_file
        assert meta(page, "og:url") == meta(page, "og:image") == [], output_file
        assert one(page, "og:title")
        assert page.select(".share") == [], "nothing to share without an address"


# --- share cards --------------------------------------------------------------------------


def test_every_post_and_listing_has_a_1200_by_630_card(publish_site: Build) -> None:
    cards = sorted(
        relative(publish_site, p) for p in (publish_site.output / "images" / "share").rglob("*.png")
    )
    posts = sorted(
        relative(publish_site, p.parent)
        for folder in ("reflections", "advice", "jobs")
        for p in (publish_site.output / folder).glob("*/index.html")
    )
    assert len(posts) >= 10
    for post in posts:
        assert f"images/share/{post}.png" in cards, post
    for card in cards:
        with Image.open(publish_site.output / card) as picture:
            assert (picture.format, picture.size) == ("PNG", (WIDTH, HEIGHT)), card
            assert "time" not in picture.info and not any(key.startswith("tIME") for key in picture.info)


def test_cards_are_the_same_bytes_whatever_the_address(publish_site: Build, github_site: Build) -> None:
    """Two builds of the same posts draw byte-identical cards (no timestamp in a PNG)."""
    folder = Path("images/share")
    ours = sorted((publish_site.output / folder).rglob("*.png"))
    assert ours
    for card in ours:
        other = github_site.output / card.relative_to(publish_site.output)
        assert card.read_bytes() == other.read_bytes(), card


def test_a_listings_card_shows_its_company_location_and_salary(publish_site: Build) -> None:
    page = publish_site.html(OPEN_LISTING)
    alt = one(page, "og:image:alt")
    assert alt == (
        "Job opening. Senior Product Designer, Fleet Tools. Northgale Logistics. "
        "Remote (US) · 150,000–175,000 USD per year. Shortlist. November 18, 2026."
    )


def test_drawing_the_same_card_twice_gives_the_same_bytes() -> None:
    spec = CardSpec("A week with two interviews", "Reflection", "Shortlist", "October 10, 2026")
    first = render_card(spec, STYLE)
    assert first == render_card(spec, STYLE)
    assert first != render_card(CardSpec("A week with three interviews", "Reflection", "Shortlist"), STYLE)
    with Image.open(io.BytesIO(first)) as picture:
        assert picture.size == (WIDTH, HEIGHT)
        # The theme's light background, accent band and text colour are in it.
        rgb = picture.convert("RGB")
        assert rgb.getpixel((600, 5)) == (0x0B, 0x5C, 0xAD)
        assert rgb.getpixel((600, 400)) == (0xFD, 0xFC, 0xFA)


def test_the_card_colours_come_from_the_theme_stylesheet() -> None:
    css = (ROOT / "theme" / "static" / "css" / "shortlist.css").read_text(encoding="utf-8")
    colors = dict(style_colors(css))
    assert colors == {
        "bg": "#fdfcfa",
        "text": "#1d1f22",
        "muted": "#555a61",
        "accent": "#0b5cad",
        "border": "#d9d4ca",
    }
    changed = dict(style_colors(css.replace("--accent: #0b5cad", "--accent: #8a1c7c")))
    assert changed["accent"] == "#8a1c7c", "the light :root block is read, not the dark one"
    assert dict(style_colors(css, {"accent": "#123456"}))["accent"] == "#123456"
    with pytest.raises(ValueError, match="unknown card colour 'link'"):
        style_colors(css, {"link": "#123456"})


# --- wrapping titles (pure, with a made-up measure: each character is 0.6 em wide) ---------


def fake_measure_at(size: int) -> Callable[[str], float]:
    return lambda text: len(text) * size * 0.6


def assert_whole_words(lines: tuple[str, ...] | list[str], title: str) -> None:
    words = title.split()
    for line in lines:
        for word in line.removesuffix(ELLIPSIS).split():
            assert word in words, f"{word!r} is not a whole word of the title"


def test_wrap_words_breaks_only_between_words() -> None:
    measure = fake_measure_at(10)  # 6 px a character
    lines = wrap_words("Why did I come in second? What a close rejection really means", 120, measure)
    assert lines == ["Why did I come in", "second? What a close", "rejection really", "means"]
    assert all(measure(line) <= 120 for line in lines)
    assert " ".join(lines) == "Why did I come in second? What a close rejection really means"
    # A word wider than the line is never cut: the caller must choose a smaller size.
    assert wrap_words("Supercalifragilistic is long", 60, measure) is None


def test_a_longer_title_is_set_smaller_before_it_is_shortened() -> None:
    sizes = (80, 72, 64, 56, 48, 40)
    sizes_used = []
    for words in (3, 8, 14, 20, 28):
        title = " ".join(["interview"] * words)
        fitted = fit_text(title, 1040, 330, sizes, fake_measure_at)
        assert not fitted.shortened
        assert " ".join(fitted.lines) == title
        sizes_used.append(fitted.size)
    assert sizes_used == sorted(sizes_used, reverse=True) and sizes_used[0] > sizes_used[-1]


def test_a_title_too_long_for_any_size_ends_with_an_ellipsis_after_a_whole_word() -> None:
    title = " ".join(f"word{number}" for number in range(200))
    fitted = fit_text(title, 1040, 330, (80, 60, 40), fake_measure_at)
    assert fitted.shortened and fitted.size == 40
    assert fitted.lines[-1].endswith(ELLIPSIS)
    assert len(fitted.lines) == 330 // (40 * 1.16)
    assert_whole_words(fitted.lines, title)
    assert all(len(line) * 40 * 0.6 <= 1040 for line in fitted.lines)


def test_a_very_long_word_makes_the_title_smaller_and_stays_whole() -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitän"  # 42 letters: 1512 px at 60
    title = f"My first week as {word}"
    fitted = fit_text(title, 1040, 330, (80, 60), fake_measure_at, smallest=20)
    assert fitted.size < 60 and not fitted.shortened
    assert word in fitted.lines
    assert " ".join(fitted.lines) == title
    # Only a 'word' that fits at no size at all is cut (with an ellipsis).
    endless = "x" * 500
    cut = fit_text(endless, 1040, 330, (80, 60), fake_measure_at, smallest=20)
    assert cut.shortened and cut.size == 20 and cut.lines[0].endswith(ELLIPSIS)


@pytest.mark.parametrize(
    "title",
    [
        "Senior Product Designer, Fleet Tools",
        "Why did I come in second? What a close rejection really means, and what to ask the recruiter "
        "afterwards so that the next final round goes your way, with examples from three hiring panels",
        "Rechtsschutzversicherungsgesellschaften and Donaudampfschifffahrtsgesellschaft: naming things",
        "Über Bewerbungen: ein Jahr, 140 Absagen, eine Zusage",
    ],
)
def test_titles_wrap_in_the_real_font_without_a_word_cut(title: str) -> None:
    fitted = fit_text(title, 1040, 330, tuple(range(80, 39, -4)), measurer(STYLE.title_font), smallest=20)
    assert_whole_words(fitted.lines, title)
    assert all(measurer(STYLE.title_font)(fitted.size)(line) <= 1040 for line in fitted.lines)
    if not fitted.shortened:
        assert " ".join(fitted.lines) == title


# --- the cache -------------------------------------------------------------------------------


class CountingDraw:
    def __init__(self) -> None:
        self.calls: list[CardSpec] = []

    def __call__(self, spec: CardSpec, style: CardStyle) -> bytes:
        self.calls.append(spec)
        return f"card for {spec.title}".encode()


def test_a_cached_card_is_not_drawn_again(tmp_path: Path) -> None:
    specs = [CardSpec(f"Post {n}", "Reflection", "Shortlist", "October 10, 2026") for n in range(5)]
    draw = CountingDraw()
    first = CardCache(tmp_path, STYLE, draw)
    paths = first.ensure_all(specs)
    assert len(draw.calls) == first.drawn == 5 and first.reused == 0
    second = CardCache(tmp_path, STYLE, draw)
    assert second.ensure_all(specs) == paths
    assert len(draw.calls) == 5 and second.drawn == 0 and second.reused == 5
    # A changed title is a new card; the others stay cached.
    third = CardCache(tmp_path, STYLE, draw)
    third.ensure_all([*specs[:4], CardSpec("Post 4, renamed", "Reflection", "Shortlist", "October 10, 2026")])
    assert third.drawn == 1 and draw.calls[-1].title == "Post 4, renamed"


def test_a_card_is_placed_as_a_link_over_anything_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh output gets each card by one link; a file already there (another card,
    the same card) ends as the cached card too, and another disk gets a copy."""
    card = tmp_path / "cache" / "card.png"
    card.parent.mkdir()
    card.write_bytes(b"card")
    fresh = tmp_path / "out" / "cards" / "post.png"
    place(card, fresh)
    assert fresh.read_bytes() == b"card" and os.path.samefile(card, fresh)
    place(card, fresh, folder_made=True)  # already that file
    assert os.path.samefile(card, fresh)
    older = tmp_path / "out" / "cards" / "older.png"
    older.write_bytes(b"an older card")
    place(card, older, folder_made=True)
    assert older.read_bytes() == b"card" and os.path.samefile(card, older)
    assert sorted(path.name for path in older.parent.iterdir()) == ["older.png", "post.png"]

    def other_disk(source: object, target: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", other_disk)
    stale = tmp_path / "out" / "cards" / "stale.png"
    stale.write_bytes(b"a stale card")
    for target in (tmp_path / "out" / "cards" / "copied.png", stale):
        place(card, target, folder_made=True)
        assert target.read_bytes() == b"card" and not os.path.samefile(card, target)


def test_the_cache_key_covers_everything_drawn() -> None:
    spec = CardSpec("Title", "Reflection", "Shortlist", "October 10, 2026", ("Acme",))
    keys = {
        card_key(spec, STYLE),
        card_key(CardSpec("Title", "Advice", "Shortlist", "October 10, 2026", ("Acme",)), STYLE),
        card_key(CardSpec("Title", "Reflection", "Other site", "October 10, 2026", ("Acme",)), STYLE),
        card_key(CardSpec("Title", "Reflection", "Shortlist", "October 11, 2026", ("Acme",)), STYLE),
        card_key(CardSpec("Title", "Reflection", "Shortlist", "October 10, 2026", ("Acme Inc",)), STYLE),
        card_key(spec, CardStyle(STYLE.title_font, STYLE.text_font, style_colors("", {"accent": "#000000"}))),
        card_key(spec, CardStyle(STYLE.text_font, STYLE.text_font)),
    }
    assert len(keys) == 7
    # The key is the cache's file name: a card drawn by an older build is found again.
    data = {"version": DRAWING_VERSION, "spec": dataclasses.asdict(spec), "style": STYLE.fingerprint}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    assert card_key(spec, STYLE) == hashlib.sha256(text.encode()).hexdigest()[:40]
    assert card_key(spec, STYLE) == card_key(CardSpec(**spec.__dict__), STYLE)


def test_cards_drawn_in_workers_are_the_ones_drawn_here(tmp_path: Path) -> None:
    specs = [CardSpec(f"Parallel post number {n}", "Advice", "Shortlist", "May 1, 2026") for n in range(6)]
    forked = CardCache(tmp_path / "forked", STYLE)
    paths = forked.ensure_all(specs, workers=2, parallel_from=2)
    assert forked.drawn == 6
    for spec in specs:
        assert paths[spec].read_bytes() == render_card(spec, STYLE)


def test_unused_old_cards_are_pruned_and_used_ones_kept(tmp_path: Path) -> None:
    cache = CardCache(tmp_path, STYLE, CountingDraw())
    paths = cache.ensure_all([CardSpec("Kept"), CardSpec("Old"), CardSpec("Recent")])
    old = paths[CardSpec("Old")]
    long_ago = 1_000_000_000
    os.utime(old, (long_ago, long_ago))
    os.utime(paths[CardSpec("Kept")], (long_ago, long_ago))
    assert cache.prune([paths[CardSpec("Kept")]]) == 1
    assert not old.exists() and paths[CardSpec("Kept")].exists() and paths[CardSpec("Recent")].exists()


def test_a_second_build_draws_nothing_and_still_writes_every_card(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    settings = {"SHARE_CARDS_CACHE_PATH": str(cache)}
    first = run_pelican(tmp_path / "first", "publishconf.py", extra_settings=settings, extra_args=["-v"])
    assert first.returncode == 0, first.log
    drawn = re.search(
        r"Share cards: (\d+) written, (\d+) drawn in [\d.]+ s, +(\d+) from the cache", first.log
    )
    assert drawn, first.log
    written, new, reused = map(int, drawn.groups())
    assert written == new >= 13 and reused == 0
    stamps = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert len(stamps) == new
    # A fresh output folder, the same cache.
    second = run_pelican(tmp_path / "second", "publishconf.py", extra_settings=settings, extra_args=["-v"])
    assert second.returncode == 0, second.log
    assert re.search(
        rf"Share cards: {written} written, 0 drawn in [\d.]+ s, +{written} from the cache", second.log
    )
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == stamps, "nothing redrawn"
    for card in (first.output / "images" / "share").rglob("*.png"):
        assert (second.output / card.relative_to(first.output)).read_bytes() == card.read_bytes()


# --- Image: a picture of the post's own --------------------------------------------------------


def add_fields(post: Path, *lines: str) -> None:
    text = post.read_text(encoding="utf-8")
    post.write_text("\n".join(lines) + "\n" + text, encoding="utf-8")


def test_an_image_field_replaces_the_drawn_card(content_copy: Path, tmp_path: Path) -> None:
    post = content_copy / "reflections" / "a-week-with-two-interviews.md"
    add_fields(
        post, "Image: images/portfolio-three-case-studies.png", "Image-alt: Three case studies, side by side"
    )
    build = run_pelican(tmp_path / "output", "publishconf.py", content=content_copy)
    assert build.returncode == 0, build.log
    page = build.html(REFLECTION)
    picture = content_copy / "images" / "portfolio-three-case-studies.png"
    card = "images/share/reflections/a-week-with-two-interviews.png"
    assert one(page, "og:image") == f"{PUBLISH_SITEURL}/{card}"
    assert (build.output / card).read_bytes() == picture.read_bytes()
    with Image.open(picture) as original:
        assert (int(one(page, "og:image:width")), int(one(page, "og:image:height"))) == original.size
    assert one(page, "og:image:alt") == "Three case studies, side by side"
    [posting] = of_type(page, "BlogPosting")
    assert posting["image"]["url"] == one(page, "og:image")
    # Other posts keep their drawn cards.
    with Image.open(build.output / "images/share/reflections/after-the-harborline-final-round.png") as other:
        assert other.size == (WIDTH, HEIGHT)


def test_a_bad_image_field_is_a_problem_naming_the_file_and_field(content_copy: Path, tmp_path: Path) -> None:
    missing = content_copy / "reflections" / "a-week-with-two-interviews.md"
    add_fields(missing, "Image: images/no-such-card.png")
    elsewhere = content_copy / "reflections" / "after-the-harborline-final-round.md"
    add_fields(elsewhere, "Image: https://cdn.example.com/card.png")
    drawing = content_copy / "reflections" / "coming-in-second-after-a-final-round.md"
    add_fields(drawing, "Image: images/card.svg")
    build = run_pelican(tmp_path / "output", "publishconf.py", content=content_copy)
    assert build.returncode != 0, "a publish build fails"
    log = " ".join(build.log.split())
    assert "a-week-with-two-interviews.md" in log
    assert "Image: 'images/no-such-card.png': no such file in " in log, log
    assert "Image: 'https://cdn.example.com/card.png' is an address on another site" in log
    assert "Image: 'images/card.svg' is not a PNG, JPEG, GIF or WebP picture" in log
    assert "expected a PNG, JPEG, GIF or WebP picture in the content folder" in log
    # A development build says so and draws the card instead.
    dev = run_pelican(tmp_path / "dev", "pelicanconf.py", content=content_copy)
    assert dev.returncode == 0, dev.log
    assert "no such file in" in " ".join(dev.log.split())
    with Image.open(dev.output / "images/share/reflections/a-week-with-two-interviews.png") as card:
        assert card.size == (WIDTH, HEIGHT)


# --- share links --------------------------------------------------------------------------------


def is_encoded(value: str) -> bool:
    """A query value percent-encoded throughout: no raw ':', '/', '?', '&', '#', ' '."""
    return quote(unquote(value), safe="") == value


def query_value(href: str, name: str) -> str:
    raw = dict(part.split("=", 1) for part in urlsplit(href).query.split("&"))[name]
    assert is_encoded(raw), (href, name)
    return unquote(raw)


@pytest.mark.parametrize("output_file", [REFLECTION, ADVICE, OPEN_LISTING])
def test_share_links_point_at_the_canonical_address(published: tuple[Build, str], output_file: str) -> None:
    build, site_url = published
    page = build.html(output_file)
    canonical = page.find("link", rel="canonical")["href"]
    title = one(page, "og:title")
    share = page.select_one("section.share")
    links = {a.get_text(): a["href"] for a in share.select(".share-links a")}
    assert list(links) == ["Share on LinkedIn", "Share on Bluesky", "Share on Mastodon", "Share by E-mail"]
    linkedin = links["Share on LinkedIn"]
    assert linkedin.startswith("https://www.linkedin.com/sharing/share-offsite/?url=")
    assert query_value(linkedin, "url") == canonical
    bluesky = links["Share on Bluesky"]
    assert bluesky.startswith("https://bsky.app/intent/compose?text=")
    assert query_value(bluesky, "text") == f"{title} {canonical}"
    mastodon = links["Share on Mastodon"]
    assert mastodon.startswith(f"{site_url}/share/mastodon/?text=")
    assert query_value(mastodon, "text") == f"{title} {canonical}"
    mail = links["Share by E-mail"]
    assert mail.startswith("mailto:?subject=")
    assert query_value(mail, "subject") == title
    assert query_value(mail, "body").endswith("\n\n" + canonical)
    assert parse_qs(urlsplit(mail).query)["subject"] == [title]
    # The address to copy, in a field anyone can select; the button needs the script.
    field = share.select_one("input#share-address")
    assert field["value"] == canonical and field.has_attr("readonly")
    assert share.find("label", attrs={"for": "share-address"}).get_text().startswith("Link to this")
    assert share.select_one("button[data-share-copy]").has_attr("hidden")
    assert share.select_one("script")["src"] == f"{site_url}/theme/js/share.js"


def test_no_share_links_on_a_closed_listing_or_a_page(publish_site: Build) -> None:
    for output_file in (FILLED_LISTING, "jobs/ux-researcher-6-month-contract/index.html", PAGE, "index.html"):
        assert publish_site.html(output_file).select("section.share") == [], output_file


def test_the_mastodon_page_is_there_and_kept_out_of_search_engines(publish_site: Build) -> None:
    page = publish_site.html("share/mastodon/index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.select_one("form[data-share-mastodon]").has_attr("hidden")
    assert page.select_one("[data-share-mastodon-without-js]").get_text().strip()
    sitemap = (publish_site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "share/mastodon" not in sitemap


def test_share_link_targets_are_encoded_whatever_the_title() -> None:
    url = "https://name.github.io/blog/reflections/tom-jerry/"
    title = 'Tom & Jerry? 100% #hired / not: "yet"'
    links, copy = share_links(
        ["email", "linkedin", "bluesky", "mastodon"], url, title, "Line one\nline two", "share/mastodon/"
    )
    assert copy is False
    assert [link.name for link in links] == ["email", "linkedin", "bluesky", "mastodon"]
    for link in links:
        query = urlsplit(link.href).query
        for part in query.split("&"):
            _, _, value = part.partition("=")
            assert is_encoded(value), (link.name, value)
    assert query_value(links[1].href, "url") == url
    assert query_value(links[2].href, "text") == f"{title} {url}"
    assert query_value(links[0].href, "subject") == title
    assert query_value(links[0].href, "body") == f"Line one\nline two\n\n{url}"
    assert links[3].internal and not links[1].internal


# --- small pure pieces -------------------------------------------------------------------------


def test_only_the_share_last_asked_about_is_kept() -> None:
    """A page asks about its own post's share many times, then never again: one
    share is worked out for it, and it goes once another post's is asked about (kept
    per post, every post's JSON-LD and links stayed to the end of the build)."""
    builder = Builder.__new__(Builder)  # only what LazyShare asks of it
    builder._last = None
    made: list[weakref.ref[PageShare]] = []

    def share_for(post: str, image: object) -> PageShare:
        share = PageShare(canonical=f"https://example.org/{post}/", title=post.title())
        made.append(weakref.ref(share))
        return share

    builder.share_for = share_for  # type: ignore[method-assign]
    first, second = LazyShare(builder, "first", None), LazyShare(builder, "second", None)
    assert (first.canonical, first.title, first.og_type) == ("https://example.org/first/", "First", "website")
    assert len(made) == 1
    assert second.title == "Second"
    gc.collect()
    assert made[0]() is None
    assert first.title == "First" and len(made) == 3  # asked again: worked out again, the same


def test_addresses_for_canonical_links() -> None:
    assert absolute_root("https://name.github.io/blog/", None) == "https://name.github.io/blog"
    assert absolute_root("", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    assert absolute_root("../..", "") is None
    assert absolute_root("", None) is None
    assert absolute_root("", "http://127.0.0.1:8000", relative_urls=True) is None
    assert absolute_root("https://jobs.example.org", "", relative_urls=True) == "https://jobs.example.org"
    assert page_url("index.html") == ""
    assert page_url("labels/x/index.html") == "labels/x/"
    assert page_url("404.html") == "404.html"
    assert card_name("reflections/week-one/index.html") == "reflections/week-one"
    assert card_name("about.html") == "about"
    assert card_name("index.html") == "index"


def test_og_locale() -> None:
    assert og_locale("", [""], "en") == "en_US"
    assert og_locale("", "en_GB.UTF-8", "en") == "en_GB"
    assert og_locale("", ["C.UTF-8", "de_DE.utf8"], "de") == "de_DE"
    assert og_locale("", [], "pt-br") == "pt_BR"
    assert og_locale("", [], "fr") == "fr_FR"
    assert og_locale("es_MX", [], "en") == "es_MX"


def test_descriptions_are_cut_after_a_whole_word() -> None:
    assert describe("Short enough.") == "Short enough."
    long = "word " * 100
    cut = describe(long, 50)
    assert cut.endswith("\u2026") and len(cut) <= 50
    assert cut[:-1].split() == ["word"] * len(cut[:-1].split())


# --- in Chromium -------------------------------------------------------------------------------


@pytest.mark.browser
def test_copy_link_copies_the_address(browser: Browser, served_site: ServedSite) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served_site.origin + "/" + REFLECTION.removesuffix("index.html"))
    button = page.get_by_role("button", name="Copy link")
    button.click()
    status = page.locator(".share-copied")
    status.wait_for(state="visible")
    assert status.text_content() == "Link copied."
    assert page.evaluate("navigator.clipboard.readText()") == (
        f"{served_site.origin}/{REFLECTION.removesuffix('index.html')}"
    )
    context.close()
    # Without JavaScript: no button, the address still there to select.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site.origin + "/" + REFLECTION.removesuffix("index.html"))
    assert not page.get_by_role("button", name="Copy link").is_visible()
    assert (
        page.get_by_label("Link to this post")
        .input_value()
        .endswith("/reflections/a-week-with-two-interviews/")
    )
    context.close()


@pytest.mark.browser
def test_the_mastodon_page_sends_the_reader_to_their_server(
    browser: Browser, served_site: ServedSite
) -> None:
    context = browser.new_context()
    page = context.new_page()
    sent: list[str] = []

    def capture(route) -> None:
        sent.append(route.request.url)
        route.fulfill(status=200, body="shared", content_type="text/plain")

    page.route("https://example.social/**", capture)
    post = page.goto(served_site.origin + "/" + REFLECTION.removesuffix("index.html"))
    assert post is not None and post.ok
    page.get_by_role("link", name="Share on Mastodon").click()
    page.wait_for_url("**/share/mastodon/**")
    text = page.get_by_label("Your post").input_value()
    assert text == f"A week with two interviews {served_site.origin}/reflections/a-week-with-two-interviews/"
    page.get_by_label("Your Mastodon server").fill("@sam@Example.social")
    page.get_by_role("button", name="Share on Mastodon").click()
    page.wait_for_url("https://example.social/**")
    assert sent == [f"https://example.social/share?text={quote(text, safe='')}"]
    context.close()
    # Without JavaScript the page says how to share by hand, and shows no form.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site.origin + "/share/mastodon/?text=x")
    assert page.get_by_text("Copy the post's link instead").is_visible()
    assert not page.get_by_label("Your Mastodon server").is_visible()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_mastodon_page_is_accessible(browser: Browser, served_site: ServedSite, axe, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(served_site.origin + "/share/mastodon/?text=Hello")
    results = axe.run(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert overflow <= 0


def test_no_temporary_file_is_left_among_the_cards(publish_site: Build) -> None:
    leftovers = [p for p in (publish_site.output / "images" / "share").rglob("*") if p.name.startswith(".")]
    assert leftovers == []


# --- Lighthouse SEO ------------------------------------------------------------------------------

LIGHTHOUSE = ROOT / ".venv" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
LIGHTHOUSE_PAGES = {
    "home": "/",
    "post": "/reflections/a-week-with-two-interviews/",
    "listing": "/jobs/senior-product-designer-fleet-tools/",
    "jobs": "/jobs/",
    "search": "/find/",
}


@pytest.mark.browser
@pytest.mark.parametrize("name", list(LIGHTHOUSE_PAGES))
def test_lighthouse_seo_is_100(served_site: ServedSite, tmp_path: Path, name: str) -> None:
    """Lighthouse's SEO audits (crawlable, title, description, status, link text,
    anchors, robots.txt, canonical, hreflang, alt text) on the publish build, served at
    its own SITEURL, in Debian's Chromium."""
    if not LIGHTHOUSE.is_file():
        pytest.fail(f"{LIGHTHOUSE} is missing: run `bash .ci/system-deps` (make test does)")
    report = tmp_path / "lighthouse.json"
    done = subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            served_site.origin + LIGHTHOUSE_PAGES[name],
            "--only-categories=seo",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(report.read_text(encoding="utf-8"))
    audits = [ref["id"] for ref in result["categories"]["seo"]["auditRefs"]]
    failed = {
        audit: result["audits"][audit].get("title")
        for audit in audits
        if result["audits"][audit].get("score") is not None and result["audits"][audit]["score"] < 1
    }
    assert result["categories"]["seo"]["score"] == 1, failed
    assert "canonical" in audits and result["audits"]["canonical"]["score"] == 1
