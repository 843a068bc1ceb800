"""shortlist_core: what every Shortlist plugin shares.

- one problems report: every warning or error of the build is collected; a strict
  (publish) build lists them all at the end and exits non-zero;
- a missing or broken plugin fails the build (Pelican itself only logs it);
- a Markdown reader that names the file and field of bad input;
- registries the leaf plugins fill (content checks, metadata fields, site-wide
  data, navigation links, sitemap entries; see site_parts.py): the core names no
  other plugin;
- the sitemap, and `noindex` on every page not in it;
- the Jinja filters the theme uses to lay out dates, navigation and summaries, and
  to render a post's entry in the lists once per build (rendered_once.py).

Every build starts clean (the devserver runs many in one process): the problems
report and Pelican's per-process caches are emptied when a build starts, even if
the one before stopped half-way.

The process ends without the interpreter freeing the build's objects one by one
(quick_exit.py).

Put it first in PLUGINS so it sees every other plugin load.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.log import LimitFilter
from pelican.urlwrappers import Category

from . import output_paths
from .compiled_templates import compile_ahead, preload_named_templates, share_compiled_templates
from .dates import group_by_day, long_date, time_of_day
from .fixed_urls import install as keep_urls
from .fixed_urls import settle as settle_urls
from .fixed_urls import unsettle as unsettle_urls
from .github_pages import write_cname
from .labels import forget_labels, share_labels
from .metadata import ALIASES, register_metadata_fields
from .navigation import nav_state
from .problems import REPORT, REPORT_LOGGER_NAME, CaptureHandler
from .quick_exit import leave_objects_at_exit
from .reader import CheckedMarkdownReader
from .rendered_once import forget as forget_rendered
from .rendered_once import once
from .settings import apply_defaults
from .site_parts import collect, register_work_ahead
from .sitemap import SitemapGenerator, core_entries
from .summaries import keep_summary_source, summary_for

report_logger = logging.getLogger(REPORT_LOGGER_NAME)

_capture = CaptureHandler(REPORT)
# Installed at import, before the plugins after this one load, so their load
# failures are seen too.
logging.getLogger().addHandler(_capture)

JINJA_FILTERS = {
    "by_day": group_by_day,
    "long_date": long_date,
    "nav_state": nav_state,
    "once": once,
    "summary_for": summary_for,
    "time_of_day": time_of_day,
}


def check_plugins_loaded(pelican: Any) -> None:
    """Stop at once when a plugin in PLUGINS could not be loaded or registered."""
    apply_defaults(pelican.settings)
    pelican.settings.setdefault("JINJA_FILTERS", {}).update(JINJA_FILTERS)
    if _capture.plugin_failures:
        failures = "\n".join(f"  - {f}" for f in _capture.plugin_failures)
        report_logger.error(
            "The build needs every plugin in PLUGINS, and these failed:\n%s\n"
            "Check the names in PLUGINS and PLUGIN_PATHS in pelicanconf.py.",
            failures,
        )
        raise SystemExit(1)
    REPORT.clear()


def use_checked_reader(readers: Any) -> None:
    for extension in CheckedMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is not None:
            readers.reader_classes[extension] = CheckedMarkdownReader


def category_object(generator: Any, metadata: dict[str, Any]) -> None:
    """EXTRA_PATH_METADATA gives a folder's category as text; Pelican needs a Category."""
    category = metadata.get("category")
    if isinstance(category, str):
        metadata["category"] = Category(category, generator.settings)


def drop_dead_end_labels(generator: Any) -> None:
    """A hidden post keeps only the labels that have a page: the others would be broken links."""
    listed = set(generator.tags)
    for article in generator.hidden_articles:
        if hasattr(article, "tags"):
            article.tags = [tag for tag in article.tags if tag in listed]


def finish_build(pelican: Any) -> None:
    """Write the pending pages and what GitHub Pages needs, then report every problem."""
    settings = pelican.settings
    REPORT.extend(write_cname(settings["OUTPUT_PATH"], settings["GITHUB_PAGES_CNAME"], settings["PATH"]))
    if not len(REPORT):
        return
    text = REPORT.format()
    REPORT.clear()
    if settings["SHORTLIST_STRICT"]:
        report_logger.error("%s\nThe build failed: fix these and build again.", text)
        raise SystemExit(1)
    report_logger.warning(
        "%s\nThe development build goes on (bad files and rows are left out); make publish stops on these.",
        text,
    )


def start_build(pelican: Any) -> None:
    """The first signal of every `Pelican.run()`: forget what an earlier build left.

    Pelican memoizes each post's content and summary per site URL in dicts held
    by the class, which would otherwise keep every earlier build's posts alive; and
    its log filter drops any warning already shown in this process, so in the
    devserver a problem left unfixed would be shown once and never again.
    """
    REPORT.clear()
    unsettle_urls()
    forget_rendered()
    forget_labels()
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    for name in ("get_content", "get_summary"):
        cache = getattr(Content.__dict__.get(name), "cache", None)
        if isinstance(cache, dict):
            cache.clear()


def add_sitemap(pelican: Any) -> type:
    return SitemapGenerator


def site_parts(generators: list[Any]) -> None:
    """Once per build, after reading: navigation, site-wide data and the sitemap."""
    context = generators[0].context
    translations = [
        item
        for generator in generators
        if isinstance(generator, ArticlesGenerator | PagesGenerator)
        for item in generator.translations
    ]
    collect(context, core_entries(context, translations), empty_kind_urls(context))


def empty_kind_urls(settings: dict[str, Any]) -> frozenset[str]:
    """The addresses of kinds (a folder's category, DEFAULT_CATEGORY) with no posts yet,
    e.g. advice/ on a new candidate's site: their pages are not written."""
    declared = {
        str(meta["category"])
        for meta in settings.get("EXTRA_PATH_METADATA", {}).values()
        if isinstance(meta, dict) and meta.get("category")
    }
    declared.add(str(settings.get("DEFAULT_CATEGORY", "")))
    present = {str(category) for category, _ in settings.get("categories", [])}
    return frozenset(
        Category(name, settings).url
        for name in sorted(declared - present)
        if name and settings.get("CATEGORY_SAVE_AS")
    )


def register() -> None:
    leave_objects_at_exit()
    register_metadata_fields([ALIASES])
    signals.initialized.connect(check_plugins_loaded)
    signals.generator_init.connect(share_compiled_templates)
    keep_urls()
    # First of the site-wide steps (this plugin is loaded first): every later one reads
    # settled addresses (a new build starts from Pelican's own: start_build).
    signals.all_generators_finalized.connect(settle_urls)
    signals.readers_init.connect(use_checked_reader)
    signals.content_object_init.connect(keep_summary_source)
    signals.content_object_init.connect(share_labels)
    signals.article_generator_context.connect(category_object)
    signals.article_generator_finalized.connect(drop_dead_end_labels)
    signals.get_generators.connect(start_build)
    signals.get_generators.connect(add_sitemap)
    signals.all_generators_finalized.connect(site_parts)
    # Before the article generator's pages are recorded, and so before its workers fork.
    signals.all_generators_finalized.connect(preload_named_templates)
    register_work_ahead(compile_ahead)
    signals.article_writer_finalized.connect(forget_rendered)
    signals.finalized.connect(finish_build)
    output_paths.connect()  # one source per output file
