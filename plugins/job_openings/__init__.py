"""job_openings: listings that open and close, the "Open roles" sidebar, the jobs page,
the open-roles feed, an alert feed per filtered page, the deadline calendar and
JobPosting data.

The parsing and validation live in model.py, the views and the jobs page's grouping
in board.py, the JSON-LD in jsonld.py, the calendar in deadlines.py; this module only
connects them to Pelican.
Needs shortlist_core (listed before it in PLUGINS).
"""

from __future__ import annotations

import datetime
import logging
import math
import os
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from pelican.paginator import Paginator
from pelican.readers import path_metadata
from pelican.urlwrappers import Author
from pelican.utils import sanitised_join
from shortlist_core.build_date import build_date
from shortlist_core.content_lists import ARTICLE_LISTS
from shortlist_core.jsonld import script_safe_json
from shortlist_core.metadata import register_metadata_fields
from shortlist_core.problems import NOTICE_LOGGER_NAME, REPORT, Problem
from shortlist_core.reader import register_content_check
from shortlist_core.site_parts import (
    SitemapEntry,
    register_own_pages,
    register_site_data,
    register_sitemap_entries,
    register_work_ahead,
)

from .board import Board, JobView, build_board, report_href
from .deadlines import Deadline, absolute_root, deadlines_calendar
from .fields import LISTING_FIELDS
from .jsonld import job_posting
from .model import parse_listing
from .settings import DEFAULTS, apply_defaults

notice = logging.getLogger(NOTICE_LOGGER_NAME + ".job_openings")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RolesFeed:
    """What Pelican's feed writer cannot be told about a roles feed: given to it in the
    feed's context (under ROLES_FEED), and applied by finish_roles_feed."""

    empty_updated: datetime.datetime
    """The feed's date when it has no entry."""
    own_id: bool
    """The feed's URL as its Atom id (Pelican gives every feed the site's address)."""


ROLES_FEED = "_jobs_roles_feed"


def is_listing_source(source_path: str, metadata: dict[str, Any], settings: dict[str, Any]) -> bool:
    """Whether a file being read is a listing: its own Category, else its folder's."""
    category = metadata.get("category")
    if category is None:
        relative = os.path.relpath(source_path, settings["PATH"]).replace(os.sep, "/")
        category = path_metadata(source_path, relative, settings).get("category")
    return str(category) == settings.get("JOBS_CATEGORY", "Jobs")


AUTHOR_EXPECTED = (
    'the recruiter\'s name, which the listing shows as "by ..." '
    "(or JOBS_AUTHOR in pelicanconf.py, for every listing)"
)


def author_left_blank(metadata: dict[str, Any]) -> bool:
    """`Author:` written with nothing after it.

    Pelican drops such a line and shows the site's AUTHOR, the candidate, as the
    listing's author; the reader still sees the line, as a value that is no Author.
    """
    if "author" not in metadata:
        return False
    value = metadata["author"]
    if isinstance(value, Author):
        return False
    return not isinstance(value, str) or not value.strip()


def check_listing(source_path: str, source: str, metadata: dict[str, Any], settings: dict[str, Any]) -> list:
    """Reader check: a listing with any bad field is skipped, with every problem reported.

    An `Author:` left blank (as `make post KIND=job` writes it without JOBS_AUTHOR) is
    one too: the listing would read "by" the candidate. No Author line at all is left
    alone: a candidate may well post a role themselves.
    """
    if not is_listing_source(source_path, metadata, settings):
        return []
    _, problems = parse_listing(metadata, source, settings.get("JOBS_OPEN_DAYS", 30))
    if not settings.get("JOBS_AUTHOR") and author_left_blank(metadata):
        problems.insert(0, Problem(source, "Author", "missing", AUTHOR_EXPECTED))
    if problems and is_draft(metadata) and all(p.problem == "missing" for p in problems):
        # An unfinished draft is not bad input: it is what `make post` and
        # `make import-blogger` write. Say what is left to fill in, and fail nothing;
        # a wrong value (not an empty one) is still a problem.
        for problem in problems:
            notice.warning("%s (a draft listing: fill it in before publishing)", problem)
        return []
    return problems


def is_draft(metadata: dict[str, Any]) -> bool:
    return str(metadata.get("status", "")).strip().lower() == "draft"


def listing_author(generator: Any, metadata: dict[str, Any]) -> None:
    """A listing without an author of its own is by JOBS_AUTHOR, when set.

    Before Pelican makes the post (article_generator_context), so author pages and
    feeds group it under the recruiter like a listing that names them.
    """
    settings = generator.settings
    name = settings.get("JOBS_AUTHOR")
    if not name or "author" in metadata or "authors" in metadata:
        return
    if str(metadata.get("category", "")) == settings["JOBS_CATEGORY"]:
        metadata["author"] = Author(name, settings)


def plain_title(post: Any) -> str:
    """The title without Typogrify's markup, for JSON-LD and mail subjects."""
    return Markup(post.title).striptags().replace("\xa0", " ")


def attach_listings(generator: Any) -> None:
    """After reading: `article.job` on every listing, and the board in the context."""
    settings = generator.settings
    today = build_date()
    category = settings["JOBS_CATEGORY"]
    site_url = settings.get("SITEURL", "")
    published: list[JobView] = []
    for name in ARTICLE_LISTS:
        for post in getattr(generator, name, []) or []:
            if str(getattr(post, "category", "")) != category:
                continue
            listing, problems = parse_listing(post.metadata, post.source_path, settings["JOBS_OPEN_DAYS"])
            if listing is None:
                # An unfinished draft (its reader check gave notices) is shown raw in a
                # drafts preview; anything else was read before this plugin checked it
                # (a cache): report it, show it raw.
                if name != "drafts":
                    REPORT.report(problems)
                continue
            view = JobView(listing, post, listing.status(today))
            absolute_url = f"{site_url}/{post.url}" if site_url else f"/{post.url}"
            view.report_href = report_href(settings["JOBS_REPORT_EMAIL"], plain_title(post), absolute_url)
            # JobPosting only for open roles a reader can find: never drafts or hidden posts.
            if view.is_open and name in ("articles", "translations"):
                data = job_posting(listing, post.content, absolute_url, settings["JOBS_DEFAULT_COUNTRY"])
                data["title"] = plain_title(post)
                view.json_ld = script_safe_json(data)
            post.job = view
            # A closed role keeps its page, but search engines should drop it (Google
            # asks for expired postings to leave the index): no sitemap entry, noindex.
            post.noindex = not view.is_open
            if name == "articles":
                published.append(view)
    board = build_board(published, today, settings["JOBS_RECENTLY_CLOSED_DAYS"])
    site_name = Markup(settings["SITENAME"]).striptags()
    feed_pattern = settings["JOBS_FILTER_FEED_ATOM"]
    for group in board.filters() + board.emptied:
        fields = {"kind": group.kind, "slug": group.slug}
        group.feed = feed_pattern.format(**fields) if feed_pattern else ""
        group.feed_title = f"{site_name}: {group.label} jobs"
    for group in board.filters():  # only these have a page
        fields = {"kind": group.kind, "slug": group.slug}
        group.url = settings["JOBS_FILTER_URL"].format(**fields)
        group.save_as = settings["JOBS_FILTER_SAVE_AS"].format(**fields)
    generator.context["jobs_board"] = board


def open_roles(context: dict[str, Any]) -> list[JobView]:
    """The "Open roles" sidebar, on every page (registered with shortlist_core)."""
    board: Board | None = context.get("jobs_board")
    return board.open_roles[: context["JOBS_SIDEBAR_MAX"]] if board else []


def jobs_page_entry(context: dict[str, Any]) -> list[SitemapEntry]:
    """The jobs page is for search engines; its filtered views are not."""
    board: Board | None = context.get("jobs_board")
    if board is None:
        return []
    newest = max((view.listing.posted for view in board.open_roles), default=None)
    return [SitemapEntry(context["JOBS_SAVE_AS"], context["JOBS_URL"], newest)]


class JobsBoardGenerator(Generator):
    """Writes the jobs page, one page per location and per employment type, and the feed."""

    def generate_output(self, writer: Any) -> None:
        board: Board | None = self.context.get("jobs_board")
        if board is None:
            return
        settings = self.settings
        template = self.get_template("jobs")
        pages = [(settings["JOBS_SAVE_AS"], settings["JOBS_URL"], None, board.open_roles)]
        pages += [(group.save_as, group.url, group, group.roles) for group in board.filters()]
        for save_as, url, active, roles in pages:
            writer.write_file(
                save_as,
                template,
                self.context,
                # The Jobs category's own page has this address; the jobs page replaces it.
                relative_urls=settings["RELATIVE_URLS"],
                override_output=True,
                url=url,
                paginated={"roles": roles},
                template_name="jobs",
                jobs_filter=active,
                jobs_url=url,
                page_name=os.path.dirname(save_as),
            )
        self.redirect_category_pages(writer, board)
        if settings.get("JOBS_FEED_ATOM"):
            title = f"{Markup(settings['SITENAME']).striptags()}: open roles"
            self.write_roles_feed(
                writer, board.open_roles, settings["JOBS_FEED_ATOM"], title, board.last_ended
            )
        # Each filtered page's alert feed, and an empty one for each location or type
        # whose roles have all closed, so its readers keep their subscription.
        for group in board.filters() + board.emptied:
            if group.feed:
                self.write_roles_feed(
                    writer, group.roles, group.feed, group.feed_title, group.last_ended, own_id=True
                )
        self.write_deadlines(board)

    def write_roles_feed(
        self,
        writer: Any,
        roles: list[JobView],
        path: str,
        title: str,
        last_ended: datetime.date | None,
        own_id: bool = False,
    ) -> None:
        """An Atom feed of these open roles, newest first, with Pelican's own Writer.

        Pelican's Writer titles a feed "SITENAME - feed_title"; without a feed_title,
        SITENAME alone. So the feed's own title goes in as SITENAME, in a copy of the
        context, for "Shortlist: open roles". Each entry's id is Pelican's tag URI of
        the listing's address and Date, the same in every build. `last_ended` dates
        the feed when no role is open; `own_id` gives it an id of its own (see
        finish_roles_feed).
        """
        empty_day = last_ended or build_date()
        fixes = RolesFeed(datetime.datetime.combine(empty_day, datetime.time(), tzinfo=datetime.UTC), own_id)
        writer.write_feed(
            [view.post for view in roles], {**self.context, "SITENAME": title, ROLES_FEED: fixes}, path
        )

    def write_deadlines(self, board: Board) -> None:
        """JOBS_DEADLINES_ICS: every open role's closing day, for calendar apps.

        Written as bytes (iCalendar lines end in CRLF), directly, like sitemap.xml:
        Pelican's Writer only writes templates and feeds. It is not a page, so it is in
        no sitemap.
        """
        path = self.settings.get("JOBS_DEADLINES_ICS")
        if not path:
            return
        root = absolute_root(self.settings.get("SITEURL", ""), self.settings.get("FEED_DOMAIN"))
        deadlines = [
            Deadline(
                plain_title(view.post),
                view.listing.company,
                view.where,
                view.listing.closes,
                f"{root}/{view.url}",
            )
            for view in board.open_roles
        ]
        name = f"{Markup(self.settings['SITENAME']).striptags()}: closing dates of open roles"
        target = sanitised_join(self.output_path, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(deadlines_calendar(deadlines, name, build_date()))
        logger.info('Writing "%s"', target)

    def redirect_category_pages(self, writer: Any, board: Board) -> None:
        """The Jobs category's own pages past the board's last page would be stale lists
        of every listing that nothing links to: send them to the jobs page instead."""
        settings = self.settings
        category = next(
            (c for c, _ in self.context.get("categories", []) if str(c) == settings["JOBS_CATEGORY"]), None
        )
        if category is None or category.save_as != settings["JOBS_SAVE_AS"]:
            return
        posts = dict(self.context["categories"])[category]
        per_page = settings["PAGINATED_TEMPLATES"].get("category") or settings["DEFAULT_PAGINATION"]
        if not per_page:
            return
        category_pages = Paginator(category.save_as, category.url, posts, settings, per_page)
        board_pages = max(1, math.ceil(len(board.open_roles) / settings["JOBS_PER_PAGE"]))
        template = self.get_template("redirect")
        for number in range(board_pages + 1, category_pages.num_pages + 1):
            page = category_pages.page(number)
            writer.write_file(
                page.save_as,
                template,
                self.context,
                relative_urls=settings["RELATIVE_URLS"],
                override_output=True,
                redirect_to=settings["JOBS_URL"],
            )


def finish_roles_feed(context: Any, feed: Any) -> None:
    """Pelican's feed_generated (sent with the feed's context, before it is written):
    what a roles feed of this plugin needs that Pelican's Writer does not do.

    - An Atom feed must say when it last changed; feedgenerator says "now" when a feed
      has no entries, so an empty roles feed would differ from build to build. It is
      dated by the day its last role stopped taking applications instead (the build
      date if it never had one).
    - An alert feed's id is its own address: Atom ids identify one feed, and Pelican
      gives every feed the site's address.
    """
    fixes = context.get(ROLES_FEED) if isinstance(context, dict) else None
    if not isinstance(fixes, RolesFeed):
        return
    if not feed.items:
        feed.latest_post_date = lambda: fixes.empty_updated
    if fixes.own_id and feed.feed.get("feed_url"):
        feed.feed["id"] = feed.feed["feed_url"]


def set_up(pelican: Any) -> None:
    apply_defaults(pelican.settings)
    pelican.settings.setdefault("PAGINATED_TEMPLATES", {})["jobs"] = pelican.settings["JOBS_PER_PAGE"]


def jobs_own_pages(settings: dict[str, Any]) -> list[str]:
    """The jobs page and the deadline calendar are this plugin's: a page may not take
    their addresses (the calendar is written directly, so nothing else would notice)."""
    return [settings["JOBS_SAVE_AS"], settings.get("JOBS_DEADLINES_ICS", DEFAULTS["JOBS_DEADLINES_ICS"])]


def add_generator(pelican: Any) -> type[Generator]:
    return JobsBoardGenerator


def import_calendar_ahead(context: dict[str, Any]) -> None:
    """The iCalendar library imported early, while the build's process would wait for
    the posts being read (shortlist_core's `register_work_ahead`): its import is some
    0.1 s, which the deadlines calendar, written near the end of the build beside the
    search index's last parts, would spend then. Only for a site that writes one."""
    if context.get("JOBS_DEADLINES_ICS"):
        import icalendar  # noqa: F401


def register() -> None:
    signals.initialized.connect(set_up)
    register_work_ahead(import_calendar_ahead)
    register_metadata_fields(LISTING_FIELDS)
    register_content_check(check_listing)
    signals.article_generator_context.connect(listing_author)
    signals.article_generator_finalized.connect(attach_listings)
    register_site_data("open_roles", open_roles)
    register_sitemap_entries(jobs_page_entry)
    register_own_pages(jobs_own_pages)
    signals.get_generators.connect(add_generator)
    signals.feed_generated.connect(finish_roles_feed)
