"""Shortlist's own settings, with their defaults, in one place.

Pelican settings (SITENAME, ARTICLE_URL, ...) are documented by Pelican; these are
the kit's additions. pelicanconf.py shows each one with its default.
"""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    # Fail the build, after listing every problem, when anything is wrong
    # (publishconf.py). Off: problems are warnings and bad files are skipped.
    "SHORTLIST_STRICT": False,
    # Header navigation: (label, URL relative to the site root). pelicanconf.py sets
    # the kit's; plugins add their own pages' links (see site_parts.py).
    "SHORTLIST_NAV": [],
    # Custom domain for GitHub Pages, written to output/CNAME ("" for none).
    "GITHUB_PAGES_CNAME": "",
    # Write sitemap.xml (published posts, pages, kinds, labels, with their last change).
    "SHORTLIST_SITEMAP": True,
}


def apply_defaults(settings: dict[str, Any], defaults: dict[str, Any] = DEFAULTS) -> None:
    """Fill in every setting the user left out; each plugin passes its own DEFAULTS."""
    for name, value in defaults.items():
        settings.setdefault(name, value)
