"""One Tag, Category and Author object for each name, shared by every post of a build.

Pelican makes each post its own label objects: a Tag for each of its labels, a
Category (for the kit, from its folder's EXTRA_PATH_METADATA text) and an Author
(the AUTHOR setting, when the post names none); read in another process (the
parallel reading plugin), each comes back as a copy of its own anyway. Equal labels
are interchangeable: same class, name and settings, a slug not set by hand (Pelican
groups them as one label, and links them alike). Each copy also grows when a page
asks for its address (Pelican's URLWrapper.as_dict). Kept once per name, the labels
of 5,000 posts took some 5 MB less in each process that renders pages.
"""

from __future__ import annotations

from typing import Any

from pelican.urlwrappers import URLWrapper

_LABELS: dict[tuple[Any, ...], URLWrapper] = {}

SINGLE = ("author", "category")
LISTS = ("authors", "tags")


def _shared(label: Any) -> Any:
    if not isinstance(label, URLWrapper):
        return label
    # A slug not worked out yet (None) as made; the settings by identity: the build's own.
    key = (type(label), label.name, id(label.settings), label._slug, label._slug_from_name)
    return _LABELS.setdefault(key, label)


def share_labels(content: Any) -> None:
    """When a post or page is made (content_object_init): its labels, the build's one
    object for each name; the same in its metadata, which holds them too."""
    places = [content.__dict__, content.metadata]
    for name in SINGLE:
        for place in places:
            if name in place:
                place[name] = _shared(place[name])
    for name in LISTS:
        for place in places:
            items = place.get(name)
            if isinstance(items, list):
                items[:] = [_shared(item) for item in items]


def forget_labels() -> None:
    """A new build: its settings, its labels (the devserver builds again in one process)."""
    _LABELS.clear()
