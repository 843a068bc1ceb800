"""site_counter: opt-in, privacy-first counting of page views and Apply clicks.

Off by default (ANALYTICS_GOATCOUNTER = ""): no script, no image, no request to
another host. Set to a GoatCounter count address, every page built from base.html
loads the kit's own theme/static/js/counter.js (from the site itself, deferred), which
sends one view to that address and, on a listing, one event per Apply click named
`apply:<listing path>`; it sends nothing under Do Not Track or Global Privacy Control,
from a local address or a file, or from a frame, and keeps nothing in the browser (no
cookie, no storage). Without JavaScript a 1x1 image in <noscript> counts the view.

counting.py works out the address, the paths and the event names (pure); this module
puts them where the templates find them: `site_counter` in the context (None when
off) and `post.apply_event` on every listing ("" when off). Needs shortlist_core; a
listing is a post that job_openings gave a `job`, so list it after job_openings.
"""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator
from shortlist_core.content_lists import ARTICLE_LISTS
from shortlist_core.problems import REPORT, Problem
from shortlist_core.site_parts import register_site_data

from .counting import ENDPOINT_EXPECTED, EndpointError, GoatCounter, base_path, goatcounter_endpoint
from .settings import apply_defaults


def set_up(pelican: Any) -> None:
    apply_defaults(pelican.settings)


def goatcounter(settings: dict[str, Any]) -> GoatCounter | None:
    """Counting for this build, or None when it is off. A value that is no count
    address is a problem naming the setting (it fails a published build), and the
    site is built without counting rather than counting to a wrong place."""
    try:
        endpoint = goatcounter_endpoint(settings.get("ANALYTICS_GOATCOUNTER", ""))
    except EndpointError as error:
        REPORT.report([Problem("pelicanconf.py", "ANALYTICS_GOATCOUNTER", str(error), ENDPOINT_EXPECTED)])
        return None
    if endpoint is None:
        return None
    return GoatCounter(endpoint=endpoint, base=base_path(settings.get("SITEURL", "")))


def mark_apply_links(generators: list[Any]) -> None:
    """After reading (and after job_openings gave listings their `job`): each listing's
    Apply event name as `post.apply_event`, for job.html's Apply link."""
    counter = goatcounter(generators[0].context)
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        for name in ARTICLE_LISTS:
            for post in getattr(generator, name, None) or []:
                if getattr(post, "job", None) is not None:
                    post.apply_event = counter.apply_event(post.url) if counter else ""


def register() -> None:
    signals.initialized.connect(set_up)
    register_site_data("site_counter", goatcounter)
    signals.all_generators_finalized.connect(mark_apply_links)
