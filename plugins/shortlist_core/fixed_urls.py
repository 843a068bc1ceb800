"""Each post's and page's address worked out once a build, not on every read.

Pelican works a content object's `url` and `save_as` out from the settings each time
they are read (`Content.get_url_setting`: a copy of the metadata, the source path made
relative, the pattern formatted): some 27,000 times in a build of 1,000 posts, from
the writer, the feeds, the sitemap and every plugin that lists posts. Once every
generator has read its files and finished its context (`all_generators_finalized`),
nothing changes what they depend on, so from then on each object's answer is kept
for the rest of the build; before then (while reading, while plugins still adjust
posts) every read works it out as Pelican does.
"""

from __future__ import annotations

import functools
from typing import Any
from weakref import WeakKeyDictionary

from pelican.contents import Content

from .content_lists import CONTENT_LISTS

# The objects whose addresses are settled, each with what was asked of it so far.
_SETTLED: WeakKeyDictionary[Content, dict[str, str]] = WeakKeyDictionary()


def _keeping(get_url_setting: Any) -> Any:
    @functools.wraps(get_url_setting)
    def get_url_setting_kept(self: Content, key: str) -> str:
        kept = _SETTLED.get(self)
        if kept is None:
            return get_url_setting(self, key)
        value = kept.get(key)
        if value is None:
            value = kept[key] = get_url_setting(self, key)
        return value

    get_url_setting_kept.shortlist_kept = True  # type: ignore[attr-defined]
    return get_url_setting_kept


def install() -> None:
    if not getattr(Content.get_url_setting, "shortlist_kept", False):
        Content.get_url_setting = _keeping(Content.get_url_setting)


def settle(generators: list[Any]) -> None:
    """Every post, page, draft and translation's address is final from here on."""
    _SETTLED.clear()
    for generator in generators:
        for name in CONTENT_LISTS:
            for item in getattr(generator, name, None) or []:
                if isinstance(item, Content):
                    _SETTLED[item] = {}


def unsettle(*_: Any) -> None:
    """A new build (the devserver's next one) starts from Pelican's own answers."""
    _SETTLED.clear()
