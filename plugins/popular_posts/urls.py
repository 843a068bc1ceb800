"""One key per page, whatever form its URL took in the analytics (pure).

Query strings (utm_* and all others), fragments, scheme and host, the site's own
base path, a trailing slash or `index.html`, percent-encoding and letter case all
fold into the same key, so `https://Site/blog/Post/?utm_source=x#top` and
`/blog/post` count as one page.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote, urlsplit


@lru_cache(maxsize=200_000)
def page_key(url: str, base_path: str = "") -> str:
    """The key of a URL or path, e.g. '/reflections/a-week-with-two-interviews'."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path).lower()
    if not path.startswith("/"):
        path = "/" + path
    for index in ("/index.html", "/index.htm"):
        if path.endswith(index):
            path = path[: -len(index) + 1]
    base = "/" + base_path.strip("/").lower() if base_path.strip("/") else ""
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :] or "/"
    while "//" in path:
        path = path.replace("//", "/")
    return path.rstrip("/") or "/"
