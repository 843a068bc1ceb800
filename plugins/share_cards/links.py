"""Share links under a post (pure, no Pelican): plain links to each network's own
share address, with the post's address URL-encoded into it.

Nothing is loaded from the networks: no buttons, scripts or counters, so a reader
who never clicks tells no one they were here.

Mastodon has no central share address: each server has its own
(`https://<server>/share?text=…`), and a link to one server is useless to readers of
every other. The link goes to a page on this site instead (`SHARE_MASTODON_URL`) that
asks for the reader's server and sends them there; the post's text travels in the
link's query string. That page needs JavaScript (a static page cannot read its query
string or choose a host for a form without it); without it, the page says to copy the
post's address, which every post shows in plain text under its share links.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

LINKEDIN = "https://www.linkedin.com/sharing/share-offsite/?url={url}"
BLUESKY = "https://bsky.app/intent/compose?text={text}"

# The links a site may list in SHARE_LINKS, in the kit's order.
KNOWN_LINKS = ("linkedin", "bluesky", "mastodon", "email", "copy")


@dataclass(frozen=True)
class ShareLink:
    """One share link: what it is called, and where it goes."""

    name: str
    """Its SHARE_LINKS name: linkedin, bluesky, mastodon or email."""
    label: str
    """The visible text."""
    href: str
    """An absolute address (another site, mailto:), or one on this site when `internal`."""
    internal: bool = False
    """`href` is relative to the site (the Mastodon page): written after SITEURL."""
    hidden_prefix: str = "Share on "
    """Read out before the label, not shown: the link's name is "Share on LinkedIn"."""


def encoded(text: str) -> str:
    """Percent-encoded for a query value: every reserved character, spaces as %20."""
    return quote(text, safe="")


def share_links(
    names: list[str], url: str, title: str, summary: str, mastodon_page: str
) -> tuple[list[ShareLink], bool]:
    """The share links `names` asks for, in its order, and whether to offer copying.

    `url`: the post's absolute address; `title` and `summary`: plain text;
    `mastodon_page`: the Mastodon page's URL relative to the site.
    """
    message = f"{title} {url}"
    links: list[ShareLink] = []
    for name in names:
        if name == "linkedin":
            links.append(ShareLink(name, "LinkedIn", LINKEDIN.format(url=encoded(url))))
        elif name == "bluesky":
            links.append(ShareLink(name, "Bluesky", BLUESKY.format(text=encoded(message))))
        elif name == "mastodon":
            links.append(
                ShareLink(name, "Mastodon", f"{mastodon_page}?text={encoded(message)}", internal=True)
            )
        elif name == "email":
            body = f"{summary}\n\n{url}" if summary else url
            href = f"mailto:?subject={encoded(title)}&body={encoded(body)}"
            links.append(ShareLink(name, "E-mail", href, hidden_prefix="Share by "))
    return links, "copy" in names


def unknown_links(names: list[str]) -> list[str]:
    """Names in SHARE_LINKS the kit does not know (a typo), for a clear problem."""
    return [name for name in names if name not in KNOWN_LINKS]
