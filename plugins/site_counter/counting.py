"""What the counter sends and where, worked out once per build (pure: no Pelican import).

GoatCounter's `/count` endpoint takes a page view or an event as query parameters
(documented in arp242/goatcounter's tpl/help/pixel.md; read by handlers/count.go into
the `json:"..."` fields of hit.go): `p` the path or event name, `t` the title, `r` the
referrer, `e` true for an event, `q` the page's query (only its campaign parameters
are read), `s` the screen size, `b` a bot code (>= 150), `rnd` a cache buster. The
browser side is theme/static/js/counter.js; this module gives it the endpoint, gives
each Apply link its event name, and gives the no-JavaScript image its address.

Paths are the site's paths as the reader's address bar shows them, so under a project
site's base path (SITEURL "https://you.github.io/job-search") they start with it:
"/job-search/jobs/brand-director/". The page views counter.js sends carry that prefix
(it sends `location.pathname`), and so do the event names, e.g.
"apply:/job-search/jobs/brand-director/", so both fold the same way with
popular_posts' `page_key(path, base_path)`, which strips the base path: see
`listing_path_of_event`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

APPLY_EVENT_PREFIX = "apply:"
"""Every Apply click is a GoatCounter event named this followed by the listing's path."""

ENDPOINT_EXPECTED = (
    'GoatCounter\'s count address, e.g. "https://<code>.goatcounter.com/count" or your own '
    'GoatCounter\'s "https://stats.example.com/count" ("" counts nothing)'
)


class EndpointError(ValueError):
    """ANALYTICS_GOATCOUNTER is set to something that is no count address; the text says what."""


def goatcounter_endpoint(value: object) -> str | None:
    """The count address from ANALYTICS_GOATCOUNTER, or None when counting is off ("").

    Only https: an http:// address would be blocked as mixed content on an https site,
    so its views would silently never arrive. A site's own address with no path
    ("https://<code>.goatcounter.com", what GoatCounter's dashboard shows) means its
    /count, the one path GoatCounter counts at.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise EndpointError(f"{value!r} is not text")
    text = value.strip()
    try:
        parts = urlsplit(text)
        port = parts.port  # a malformed port raises here
    except ValueError as error:
        raise EndpointError(f"{value!r} is not an address ({error})") from None
    if parts.scheme != "https" or not parts.hostname:
        raise EndpointError(f"{value!r} is not an https:// address")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise EndpointError(f"{value!r} has more than a host and a path (a ?query, #fragment or user)")
    path = parts.path if parts.path not in ("", "/") else "/count"
    host = parts.hostname + (f":{port}" if port else "")
    return f"https://{host}{path}"


def base_path(siteurl: str) -> str:
    """The path the site lives under, from SITEURL: "" for a site at a domain's root,
    "/job-search" for a GitHub project site."""
    path = urlsplit(siteurl or "").path.strip("/")
    return f"/{path}" if path else ""


def site_path(base: str, relative_url: str) -> str:
    """A page's path as the address bar shows it: "jobs/x/" under "/job-search" is
    "/job-search/jobs/x/"; a saved file's trailing "index.html" is the folder."""
    relative = relative_url.lstrip("/")
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return f"{base}/{relative}"


def apply_event(base: str, listing_url: str) -> str:
    """The event an Apply click on a listing reports, e.g. "apply:/jobs/brand-director/"."""
    return APPLY_EVENT_PREFIX + site_path(base, listing_url)


def listing_path_of_event(name: str) -> str | None:
    """The listing path an Apply event names ("apply:/job-search/jobs/x/" gives
    "/job-search/jobs/x/"), or None for any other event. Fold it with popular_posts'
    `page_key(path, base_path)` to match it to a listing, as page views are."""
    if not name.startswith(APPLY_EVENT_PREFIX):
        return None
    return name[len(APPLY_EVENT_PREFIX) :] or None


@dataclass(frozen=True)
class GoatCounter:
    """Counting as switched on for this build: `site_counter` in the templates' context."""

    endpoint: str
    """The count address, e.g. "https://stats.example.com/count"."""
    base: str
    """The site's base path ("" or "/job-search")."""

    @property
    def host(self) -> str:
        """The one other host the pages contact."""
        return urlsplit(self.endpoint).netloc

    def pixel(self, output_file: str) -> str:
        """The no-JavaScript view for the page written to `output_file`: the count
        address with the page's path only, as GoatCounter documents its image
        (tpl/help/pixel.md: `<img src=".../count?p=/INSERT-PAGE-HERE">`)."""
        return f"{self.endpoint}?p={quote(site_path(self.base, output_file), safe='/')}"

    def apply_event(self, listing_url: str) -> str:
        return apply_event(self.base, listing_url)
