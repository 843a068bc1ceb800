"""What leaf plugins add to the whole site, registered with the core.

The core lays out the site (navigation, sitemap, sidebars) but never names the
plugins that fill it: each plugin registers a provider when it is registered, and
once per build, after every generator has read its content, the core asks each
provider in turn and puts the answers in the context the templates see:

- `register_site_data(name, provider)`: site-wide data a template shows on every
  page (a sidebar's list), as `name` in the context;
- `register_nav_items(provider)`: links added to the header navigation;
- `register_sitemap_entries(provider)`: pages meant for search engines;
- `register_own_pages(provider)`: the files a plugin writes itself, known from the
  settings before any post is written, so a post or page given one of their
  addresses is left out with a problem instead of stopping the build half-way.
- `register_pages_wanted_early(provider)`: output files a plugin can start work on as
  soon as they are on disk, before the build ends (`PagesWanted`). A writer that
  writes pages in batches asks `pages_wanted_early` as its batch starts, writes the
  wanted pages first and calls each `ready` once all of its files are written;
  Pelican's own Writer never calls them, so the plugin must not count on it.
- `register_work_ahead(job)`: work a plugin will need later in the build (templates
  compiled, an export read into its cache) that may be done early, while the build's
  process would otherwise wait (for the posts being read by other processes):
  `work_ahead(context)` runs each job once per build, in the order registered. A job
  only fills a cache of its own; what it finds wrong is reported when the work is
  used, as without it, so nothing may count on a job having run.

A provider is a plain function of the build's context (the settings and every
generator's lists) and is asked once per build, so the devserver's rebuilds always
see fresh answers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Context = dict[str, Any]


@dataclass(frozen=True)
class NavItem:
    """A header link. `after` is the URL of the link it follows; at the end if absent."""

    label: str
    url: str
    after: str | None = None


@dataclass(frozen=True)
class SitemapEntry:
    """A page for search engines: its output file, its URL and its last change."""

    save_as: str
    url: str
    lastmod: datetime.date | None = None


@dataclass(frozen=True)
class PagesWanted:
    """Output files (save_as paths) a plugin wants as soon as they are written, and what
    to call then (in the building process, with every one of them on disk)."""

    files: tuple[str, ...]
    ready: Callable[[], None]


_SITE_DATA: dict[str, Callable[[Context], Any]] = {}
_NAV_PROVIDERS: dict[str, Callable[[Context], list[NavItem]]] = {}
_SITEMAP_PROVIDERS: dict[str, Callable[[Context], list[SitemapEntry]]] = {}
_OWN_PAGE_PROVIDERS: dict[str, Callable[[Context], list[str]]] = {}
_EARLY_PAGE_PROVIDERS: dict[str, Callable[[Context], list[PagesWanted]]] = {}
_WORK_AHEAD: dict[str, Callable[[Context], None]] = {}


def _key(provider: Callable[..., Any]) -> str:
    # By name, so registering again (Pelican registers plugins anew for every
    # Pelican instance, e.g. when the devserver reloads settings) replaces.
    return f"{provider.__module__}.{provider.__qualname__}"


def register_site_data(name: str, provider: Callable[[Context], Any]) -> None:
    _SITE_DATA[name] = provider


def register_nav_items(provider: Callable[[Context], list[NavItem]]) -> None:
    _NAV_PROVIDERS[_key(provider)] = provider


def register_sitemap_entries(provider: Callable[[Context], list[SitemapEntry]]) -> None:
    _SITEMAP_PROVIDERS[_key(provider)] = provider


def register_own_pages(provider: Callable[[Context], list[str]]) -> None:
    _OWN_PAGE_PROVIDERS[_key(provider)] = provider


def register_pages_wanted_early(provider: Callable[[Context], list[PagesWanted]]) -> None:
    _EARLY_PAGE_PROVIDERS[_key(provider)] = provider


def pages_wanted_early(context: Context) -> list[PagesWanted]:
    """What every plugin wants first, in the order they asked (for a writer that can)."""
    return [wanted for provider in _EARLY_PAGE_PROVIDERS.values() for wanted in provider(context)]


def register_work_ahead(job: Callable[[Context], None]) -> None:
    _WORK_AHEAD[_key(job)] = job


def work_ahead(context: Context) -> None:
    """Every registered job, for a build's process that has time on its hands now.
    A job that fails is left for the work itself to meet again, where it is reported."""
    for job in list(_WORK_AHEAD.values()):
        try:
            job(context)
        except Exception:  # its own work meets it again later, and reports it
            continue


def own_pages(settings: Context) -> list[str]:
    """Every file the plugins say they will write (their save_as paths), for these settings."""
    return [path for provider in _OWN_PAGE_PROVIDERS.values() for path in provider(settings) if path]


def compose_nav(base: list[tuple[str, str]], extra: list[NavItem]) -> list[tuple[str, str]]:
    """The user's SHORTLIST_NAV with the plugins' links in their places (pure).

    A link the user already lists (by URL) stays where the user put it.
    """
    nav = [(label, url) for label, url in base]
    for item in extra:
        if any(url == item.url for _, url in nav):
            continue
        at = next((i + 1 for i, (_, url) in enumerate(nav) if url == item.after), len(nav))
        nav.insert(at, (item.label, item.url))
    return nav


def merge_entries(entries: list[SitemapEntry]) -> list[SitemapEntry]:
    """One entry per output file (the newest date wins), in the order first given."""
    merged: dict[str, SitemapEntry] = {}
    for entry in entries:
        known = merged.get(entry.save_as)
        if known is None:
            merged[entry.save_as] = entry
        elif entry.lastmod and (known.lastmod is None or entry.lastmod > known.lastmod):
            merged[entry.save_as] = SitemapEntry(known.save_as, known.url, entry.lastmod)
    return list(merged.values())


def collect(
    context: Context, core_entries: list[SitemapEntry], unwritten: frozenset[str] = frozenset()
) -> None:
    """Ask every provider, once per build, and put the answers in the context.

    `unwritten`: URLs of pages this build will not write (a kind with no posts yet):
    a header link to one is left out, unless a plugin writes a page there.
    """
    for name, provider in _SITE_DATA.items():
        context[name] = provider(context)
    entries = merge_entries(
        core_entries + [entry for provider in _SITEMAP_PROVIDERS.values() for entry in provider(context)]
    )
    written = {entry.url for entry in entries}
    base = [(label, url) for label, url in context.get("SHORTLIST_NAV", []) if url not in unwritten - written]
    extra = [item for provider in _NAV_PROVIDERS.values() for item in provider(context)]
    context["site_nav"] = compose_nav(base, extra)
    context["sitemap_entries"] = entries
    # Every other page a template writes says `noindex`: one decision, two outputs.
    context["indexable_pages"] = frozenset(entry.save_as for entry in entries)
