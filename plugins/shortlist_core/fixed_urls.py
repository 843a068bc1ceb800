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
import os
from typing import Any
from weakref import WeakKeyDictionary

from pelican.contents import Content
from pelican.utils import posixize_path

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


@functools.lru_cache(maxsize=100_000)
def _relative_to(base: str, source_path: str) -> str:
    """Pelican's get_relative_source_path for an absolute content folder (no cwd in it)."""
    return posixize_path(
        os.path.relpath(os.path.abspath(os.path.join(base, source_path)), base_abspath(base))
    )


@functools.lru_cache(maxsize=16)
def base_abspath(base: str) -> str:
    return os.path.abspath(base)


def _relative_kept(get_relative_source_path: Any) -> Any:
    """Pelican works a source's path inside the content folder out again on every
    call (two abspaths and a relpath, ~10 us): every address it formats asks for it,
    even when the metadata names a path (`metadata.get("path", ...)`), some 15 times a
    post in a build. It depends on the two paths alone (and the working folder, when
    the content folder is relative: then Pelican's own does it)."""

    @functools.wraps(get_relative_source_path)
    def get_relative_source_path_kept(self: Content, source_path: str | None = None) -> str | None:
        if not source_path:
            source_path = self.source_path
        base = self.settings.get("PATH")
        if isinstance(source_path, str) and isinstance(base, str) and os.path.isabs(base):
            return _relative_to(base, source_path)
        return get_relative_source_path(self, source_path)

    get_relative_source_path_kept.shortlist_kept = True  # type: ignore[attr-defined]
    return get_relative_source_path_kept


def install() -> None:
    if not getattr(Content.get_url_setting, "shortlist_kept", False):
        Content.get_url_setting = _keeping(Content.get_url_setting)
    if not getattr(Content.get_relative_source_path, "shortlist_kept", False):
        Content.get_relative_source_path = _relative_kept(Content.get_relative_source_path)


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
