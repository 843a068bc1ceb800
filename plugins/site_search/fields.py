"""What Pagefind records about a post, listing or page (pure, no Pelican).

Each searchable page carries its filters and its result metadata as data attributes
(theme/templates/partials/search_fields.html writes them from `SearchFields`):

- filters, which the search page offers as checkboxes: `kind` (Reflections, Advice,
  Jobs), `label` (each of the post's labels) and, for listings, `location` and
  `employment`;
- metadata shown under each result: `kind`, `date` and, for listings, `company` and
  `location`.

The names are Pagefind's keys, and the search page shows them (capitalised) as the
filters' headings and the results' tags, so they are plain words.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

KIND = "kind"
LABEL = "label"
LOCATION = "location"
EMPLOYMENT = "employment"
DATE = "date"
COMPANY = "company"
PAGE_KIND = "Page"
"""The kind shown under a page's result (About, Subscribe): pages are no kind to filter by."""


@dataclass(frozen=True)
class ListingFacts:
    """A job listing's facts as its page shows them."""

    company: str
    location: str
    """Where, as the listing's Location fact says it: 'Denver, CO (hybrid)', 'Remote (US)'."""
    employment: str
    """'Full-time', 'Contract', ..."""


@dataclass(frozen=True)
class SearchFields:
    """A page's Pagefind filters and metadata, each a (key, value) pair in order.

    A filter key may repeat (one `label` per label); a metadata key never does.
    """

    filters: tuple[tuple[str, str], ...]
    meta: tuple[tuple[str, str], ...]


def day_text(day: datetime.date) -> str:
    """'October 10, 2026', as the theme writes a post's date."""
    return f"{day:%B} {day.day}, {day.year}"


def _clean(value: object) -> str:
    return " ".join(str(value).split())


def search_fields(
    kind: str | None,
    labels: Iterable[str] = (),
    day: datetime.date | None = None,
    listing: ListingFacts | None = None,
) -> SearchFields:
    """The filters and metadata of one post (`kind` its category) or page (`kind` None).

    Empty values are left out, and each label is a filter value once.
    """
    kind = _clean(kind) if kind is not None else ""
    filters: list[tuple[str, str]] = []
    if kind:
        filters.append((KIND, kind))
    for label in dict.fromkeys(_clean(label) for label in labels):
        if label:
            filters.append((LABEL, label))
    meta: list[tuple[str, str]] = [(KIND, kind or PAGE_KIND)]
    if day is not None:
        meta.append((DATE, day_text(day)))
    if listing is not None:
        company, location, employment = (
            _clean(listing.company),
            _clean(listing.location),
            _clean(listing.employment),
        )
        filters += [
            (name, value) for name, value in ((LOCATION, location), (EMPLOYMENT, employment)) if value
        ]
        meta += [(name, value) for name, value in ((COMPANY, company), (LOCATION, location)) if value]
    return SearchFields(tuple(filters), tuple(meta))
