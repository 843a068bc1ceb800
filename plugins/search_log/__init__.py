"""search_log: the candidate's job-search log as a flow chart and numbers on a
"My search" page, tied to the reflections that mention each application.

log.py parses and checks content/search-log.csv, numbers.py counts, sankey.py lays
out and draws the SVG; this module only connects them to Pelican. The log is read,
never copied to the output, and company names stay off the site unless
SEARCH_LOG_SHOW_COMPANIES is True. Needs shortlist_core.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator
from shortlist_core.metadata import FieldRule, parse_id_list, read_value, register_metadata_fields
from shortlist_core.problems import NOTICE_LOGGER_NAME, REPORT, Problem, display_path
from shortlist_core.site_parts import (
    NavItem,
    SitemapEntry,
    register_nav_items,
    register_own_pages,
    register_sitemap_entries,
)

from .log import OUTCOME_LABELS, STAGE_LABELS, Application, parse_log
from .numbers import Numbers, compute
from .sankey import flows, layout, svg, weekly_svg
from .settings import apply_defaults

notice = logging.getLogger(NOTICE_LOGGER_NAME + ".search_log")


@dataclass
class Mention:
    """An application named in a reflection's `Applications:` line."""

    id: str
    role: str
    company: str | None
    source: str
    status: str


@dataclass
class SearchPage:
    applications: list[Application]
    numbers: Numbers
    sankey_svg: str
    weekly_svg: str
    flow_rows: list[tuple[str, str, int]]
    show_companies: bool
    mentions: dict[str, list[Any]] = field(default_factory=dict)
    """Application id -> links to the reflections that name it."""


# `Applications: a01, a02` in a post: the log's ids it mentions. In the table every file
# is checked against; whether each id is in the log is checked once the log is read.
APPLICATIONS = FieldRule(
    "Applications",
    parse_id_list,
    "ids from the search log's id column, separated by commas, e.g. `a01, a02`",
)


def log_path(settings: dict[str, Any]) -> Path:
    return Path(settings["PATH"]) / settings["SEARCH_LOG_PATH"]


def set_up(pelican: Any) -> None:
    apply_defaults(pelican.settings)


def nav_link(context: dict[str, Any]) -> list[NavItem]:
    """ "My search" in the header, when there is a log (registered with shortlist_core)."""
    if context.get("search_log") is None:
        return []
    return [
        NavItem(context["SEARCH_LOG_TITLE"], context["SEARCH_LOG_URL"], after=context["SEARCH_LOG_NAV_AFTER"])
    ]


def sitemap_entry(context: dict[str, Any]) -> list[SitemapEntry]:
    page: SearchPage | None = context.get("search_log")
    if page is None:
        return []
    newest = max((app.applied for app in page.applications), default=None)
    return [SitemapEntry(context["SEARCH_LOG_SAVE_AS"], context["SEARCH_LOG_URL"], newest)]


def read_log(generator: Any) -> None:
    """After reading: parse the log once, tie reflections to it, put the page in the context."""
    settings = generator.settings
    path = log_path(settings)
    if not path.is_file():
        # No log here (it is private: a build without it, such as the Pages workflow
        # without its secret, is normal): posts that name applications just say nothing.
        naming = 0
        for name in ("articles", "hidden_articles", "drafts"):
            for post in getattr(generator, name, []) or []:
                naming += bool(read_value(post.metadata, APPLICATIONS, ()))
                post.applications = []
        if naming:
            notice.warning(
                "%d post%s name%s applications, but there is no %s: their Applications sections are left out.",
                naming,
                "s" if naming != 1 else "",
                "" if naming != 1 else "s",
                display_path(str(path)),
            )
        return
    source = display_path(str(path))
    applications, problems = parse_log(path, source)
    REPORT.report(problems)
    by_id = {app.id: app for app in applications}
    show = bool(settings["SEARCH_LOG_SHOW_COMPANIES"])
    mentions: dict[str, list[Any]] = {}
    for name in ("articles", "hidden_articles", "drafts"):
        for post in getattr(generator, name, []) or []:
            named = read_value(post.metadata, APPLICATIONS, ())
            post.applications = []
            for identifier in named:
                app = by_id.get(identifier)
                if app is None:
                    REPORT.report(
                        [
                            Problem(
                                display_path(post.source_path),
                                "Applications",
                                f"{identifier!r} is not an id in {source}",
                                "ids from the log's id column",
                            )
                        ]
                    )
                    continue
                post.applications.append(
                    Mention(app.id, app.role, app.company if show else None, app.source, app.status)
                )
                if name == "articles":
                    mentions.setdefault(app.id, []).append(post)
    sankey = layout(flows(applications))
    numbers = compute(applications)
    flow_rows = [(link.source.label, link.target.label, link.value) for link in sankey.links]
    description = "; ".join(f"{a} to {b}: {n}" for a, b, n in flow_rows)
    weeks = [week.applications for week in numbers.weeks]
    generator.context["search_log"] = SearchPage(
        applications=sorted(applications, key=lambda a: (a.applied, a.id)),
        numbers=numbers,
        sankey_svg=svg(sankey, f"Where {numbers.applications} applications went", description),
        weekly_svg=weekly_svg(
            weeks,
            "Applications sent per week",
            ", ".join(f"week of {w.start.isoformat()}: {w.applications}" for w in numbers.weeks),
        ),
        flow_rows=flow_rows,
        show_companies=show,
        mentions=mentions,
    )


class SearchPageGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        page = self.context.get("search_log")
        if page is None:
            return
        writer.write_file(
            self.settings["SEARCH_LOG_SAVE_AS"],
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            search=page,
            stage_labels=STAGE_LABELS,
            outcome_labels=OUTCOME_LABELS,
        )


def own_page(settings: dict[str, Any]) -> list[str]:
    """My search's file, when there is a log to show: a page may not take its address."""
    return [settings["SEARCH_LOG_SAVE_AS"]] if log_path(settings).is_file() else []


def add_generator(pelican: Any) -> type[Generator]:
    return SearchPageGenerator


def register() -> None:
    register_metadata_fields([APPLICATIONS])
    signals.initialized.connect(set_up)
    register_nav_items(nav_link)
    register_sitemap_entries(sitemap_entry)
    register_own_pages(own_page)
    signals.article_generator_finalized.connect(read_log)
    signals.get_generators.connect(add_generator)
