"""job_openings settings, with their defaults, in one place."""

from __future__ import annotations

from typing import Any

from shortlist_core.settings import apply_defaults as shortlist_apply_defaults

DEFAULTS: dict[str, Any] = {
    # The category (folder, through EXTRA_PATH_METADATA) whose posts are listings.
    "JOBS_CATEGORY": "Jobs",
    # A listing without `Closes:` stays open this many days after its Date.
    "JOBS_OPEN_DAYS": 30,
    # Open roles shown in the sidebar, newest first.
    "JOBS_SIDEBAR_MAX": 5,
    # The jobs page lists roles that closed or were filled within this many days.
    "JOBS_RECENTLY_CLOSED_DAYS": 60,
    # Open roles per page on the jobs page and its filtered pages.
    "JOBS_PER_PAGE": 20,
    # The recruiter who posts the listings: a listing without its own `Author:` is
    # shown as by this name, and `make post KIND=job` writes it into the new file.
    # "": each listing names its author (`make post` leaves the line to fill in).
    "JOBS_AUTHOR": "",
    # Where "Report this listing" writes to; "" leaves the link out.
    "JOBS_REPORT_EMAIL": "",
    # Country for JobPosting addresses, which the Location field does not name.
    "JOBS_DEFAULT_COUNTRY": "US",
    # The jobs page, its filtered pages and the open-roles feed.
    "JOBS_URL": "jobs/",
    "JOBS_SAVE_AS": "jobs/index.html",
    "JOBS_FILTER_URL": "jobs/{kind}/{slug}/",
    "JOBS_FILTER_SAVE_AS": "jobs/{kind}/{slug}/index.html",
    "JOBS_FEED_ATOM": "feeds/jobs-open.atom.xml",
    # One Atom feed per filtered page, of the open roles it lists ({kind} and {slug} as
    # in JOBS_FILTER_URL), so a reader follows only the roles that fit; "" for none.
    "JOBS_FILTER_FEED_ATOM": "feeds/jobs/{kind}/{slug}.atom.xml",
    # Every open role's closing day as an all-day event, an iCalendar file a calendar
    # app subscribes to; "" for none.
    "JOBS_DEADLINES_ICS": "jobs/deadlines.ics",
}


def apply_defaults(settings: dict[str, Any]) -> None:
    shortlist_apply_defaults(settings, DEFAULTS)
