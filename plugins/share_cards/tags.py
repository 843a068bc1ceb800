"""What each page tells search engines and link previews (pure, no Pelican).

Every page gets one canonical address, Open Graph tags (title, description, url,
site name, type, locale, image with its size and alt text; a post's dates and
labels), a Twitter card, and where it fits schema.org JSON-LD: `BlogPosting` for
reflections and advice, `WebSite` with a `SearchAction` on the home page. The set
follows jekyll-seo-tag's, and Google's guide to article structured data.

A post's tags are worked out once per build from the post (`post_share`); every
other page (lists, labels, archives, the jobs page) gets the site's, with its own
address, from the file it is written to (`SiteShare.for_page`). The templates only
lay these out (theme/templates/partials/canonical.html, open_graph.html,
twitter_card.html and structured_data.html).

Addresses in these tags must be absolute. A published build has its SITEURL; a
development build uses the devserver's address (FEED_DOMAIN, which pelicanconf.py
sets from SHORTLIST_DEV_URL), unless it is built with RELATIVE_URLS to be opened from
any address; with neither, the page has no canonical, og:url or og:image rather than
a relative one.
"""

from __future__ import annotations

import locale
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from markupsafe import Markup
from shortlist_core.jsonld import script_safe_json

from .links import ShareLink

# og:description: long enough for every preview (LinkedIn shows some 150 characters,
# Facebook up to 300), cut after a whole word.
DESCRIPTION_LENGTH = 200


@dataclass(frozen=True)
class ShareImage:
    """og:image: an absolute address, its size and what it shows."""

    url: str
    width: int
    height: int
    alt: str
    type: str = "image/png"


@dataclass
class PageShare:
    """The tags of one page, ready for the templates."""

    canonical: str | None
    """The page's absolute address; None when the build has no absolute address."""
    og_type: str = "website"
    title: str | None = None
    """Plain text; None for the page's own <title>."""
    description: str | None = None
    """Plain text; None for the page's meta description."""
    image: ShareImage | None = None
    published: str | None = None
    """ISO 8601 with the time zone, for article:published_time."""
    modified: str | None = None
    tags: tuple[str, ...] = ()
    json_ld: str | None = None
    """JSON for a <script type="application/ld+json">, safe inside it."""
    links: tuple[ShareLink, ...] = ()
    """Share links under a post; empty for a page that has none."""
    copy_url: str | None = None
    """The address offered to copy under the share links; None for no copy link."""
    noun: str = "post"
    """What the share links call the page: "Share this post", "Link to this role"."""


@dataclass
class SiteShare:
    """What every page shares: the site's absolute address, name, locale and card,
    and the tags each post's page was given, by the file it is written to."""

    root: str | None
    """The site's absolute address without a trailing slash; None when there is none."""
    site_name: str
    locale: str
    image: ShareImage | None = None
    home_file: str = "index.html"
    website_json_ld: str | None = None
    posts: dict[str, PageShare] = field(default_factory=dict)
    _pages: dict[str, PageShare] = field(default_factory=dict, repr=False)

    def for_page(self, output_file: str) -> PageShare:
        """The tags of the page written to `output_file` (what the templates call)."""
        share = self.posts.get(output_file) or self._pages.get(output_file)
        if share is None:
            canonical = f"{self.root}/{page_url(output_file)}" if self.root else None
            json_ld = self.website_json_ld if output_file == self.home_file else None
            share = self._pages[output_file] = PageShare(canonical, image=self.image, json_ld=json_ld)
        return share


def absolute_root(site_url: str, feed_domain: str | None, relative_urls: bool = False) -> str | None:
    """The address canonical links start with: SITEURL when it is absolute (a
    published build); else, unless the site is built to be served from any address
    (RELATIVE_URLS), FEED_DOMAIN (the devserver's address); else None."""
    candidates = [site_url] if relative_urls else [site_url, feed_domain or ""]
    for candidate in candidates:
        if re.match(r"^https?://[^/]", candidate or ""):
            return candidate.rstrip("/")
    return None


def page_url(output_file: str) -> str:
    """A page's address relative to the site, from its file: `labels/x/index.html`
    is `labels/x/`, the home page is ``, `404.html` stays `404.html`."""
    if output_file == "index.html":
        return ""
    if output_file.endswith("/index.html"):
        return output_file[: -len("index.html")]
    return output_file


def card_name(save_as: str) -> str:
    """Where a post's card goes, inside the cards folder, without the extension:
    `reflections/week-one/index.html` -> `reflections/week-one`."""
    path = PurePosixPath(save_as)
    path = path.parent if path.name == "index.html" else path.with_suffix("")
    return str(path) if str(path) not in ("", ".") else "index"


def og_locale(setting: str, locale_setting: Any, language: str) -> str:
    """og:locale as Open Graph wants it (language_TERRITORY, `en_US`): SHARE_LOCALE,
    else Pelican's LOCALE (`en_US.UTF-8`), else DEFAULT_LANG (`en-GB`, or `en`, for
    which Python's locale aliases give the usual territory: `en_US`)."""
    if setting:
        return setting
    written = [locale_setting] if isinstance(locale_setting, str) else list(locale_setting or [])
    for value in [*written, language]:
        name = str(value or "").split(".")[0].split("@")[0].replace("-", "_")
        if "_" in name:
            language_part, territory = name.split("_", 1)
            return f"{language_part.lower()}_{territory.upper()}"
    guess = locale.normalize(language or "en").split(".")[0]
    return guess if "_" in guess else "en_US"


def plain_text(html: str) -> str:
    """Text from HTML (Typogrify's marks, entities): tags gone, spaces plain."""
    return " ".join(Markup(str(html)).striptags().replace("\xa0", " ").split())


def describe(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The text, or its beginning cut after a whole word and ended with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-\u2013\u2014 ")
    return cut + "\u2026"


def blog_posting(
    *,
    url: str,
    headline: str,
    description: str,
    published: str,
    modified: str,
    authors: Sequence[tuple[str, str | None]],
    site_name: str,
    site_url: str,
    image: ShareImage | None,
    keywords: Sequence[str] = (),
    section: str = "",
    language: str = "",
) -> dict[str, Any]:
    """schema.org BlogPosting, as Google's article guide describes it: headline,
    dates, authors (with a page each when they have one), image, publisher, and the
    page it is the main thing on."""
    people = []
    for name, page in authors:
        person: dict[str, Any] = {"@type": "Person", "name": name}
        if page:
            person["url"] = page
        people.append(person)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": headline,
        "description": description,
        "datePublished": published,
        "dateModified": modified,
        "author": people[0] if len(people) == 1 else people,
        "publisher": {"@type": "Organization", "name": site_name, "url": f"{site_url}/"},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
    }
    if image is not None:
        data["image"] = {
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
        }
    if keywords:
        data["keywords"] = list(keywords)
    if section:
        data["articleSection"] = section
    if language:
        data["inLanguage"] = language
    return data


def website(
    *, site_url: str, name: str, description: str, search_url: str, language: str = ""
) -> dict[str, Any]:
    """schema.org WebSite for the home page, with a SearchAction for the site's search
    page (`search_url`, relative to the site, e.g. `find/`): search engines may offer
    a search box for the site that lands there with the words in `q`."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": f"{site_url}/",
    }
    if description:
        data["description"] = description
    if language:
        data["inLanguage"] = language
    if search_url:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{site_url}/{search_url}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        }
    return data


def json_ld(data: dict[str, Any]) -> str:
    return script_safe_json(data)
