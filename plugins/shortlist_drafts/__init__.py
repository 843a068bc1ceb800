"""shortlist_drafts: a page listing the drafts, when drafts are written.

`make devserver DRAFTS=yes` has Pelican write each draft under drafts/ (DRAFT_URL and
DRAFT_SAVE_AS in pelicanconf.py), but nothing links to them, so /drafts/ was a bare
directory listing. This writes drafts/index.html there, listing every draft with a
link, its kind, its date and its file, and adds "Drafts" to the header navigation.
Only when drafts are written: publishconf.py empties DRAFT_SAVE_AS, so a published
build has neither. The index, like each draft's page, is in no sitemap, so it is
marked noindex (shortlist_core); each draft's page shows a draft banner
(theme/templates/partials/draft_banner.html, from the post's status).

What the index lists lives in drafts.py; this module only connects it to Pelican.
Needs shortlist_core (listed before it in PLUGINS).
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals
from pelican.generators import Generator
from shortlist_core.site_parts import NavItem, register_nav_items

from .drafts import draft_entries, index_place

logger = logging.getLogger(__name__)


def _place(settings: dict[str, Any]) -> tuple[str, str] | None:
    return index_place(settings.get("DRAFT_URL", ""), settings.get("DRAFT_SAVE_AS", ""))


def drafts_nav(context: dict[str, Any]) -> list[NavItem]:
    """The header link to the drafts index, only while drafts are written."""
    place = _place(context)
    return [NavItem("Drafts", place[0])] if place else []


class DraftsIndexGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        settings = self.settings
        place = _place(settings)
        if place is None:
            return
        url, save_as = place
        # A published post or page written there already (a page slugged "drafts")
        # keeps its address; the index is only a convenience.
        for name in ("articles", "hidden_articles", "pages", "hidden_pages"):
            for item in self.context.get(name, []) or []:
                if getattr(item, "save_as", "") == save_as:
                    logger.info("No drafts index: %s already writes %s", item.source_path, save_as)
                    return
        entries = draft_entries(
            self.context.get("drafts", []), self.context.get("draft_pages", []), settings["PATH"]
        )
        writer.write_file(
            save_as,
            self.get_template("drafts"),
            self.context,
            relative_urls=settings["RELATIVE_URLS"],
            url=url,
            drafts_index=entries,
            page_name=url.rstrip("/"),
        )


def add_generator(pelican: Any) -> type[Generator]:
    return DraftsIndexGenerator


def register() -> None:
    register_nav_items(drafts_nav)
    signals.get_generators.connect(add_generator)
