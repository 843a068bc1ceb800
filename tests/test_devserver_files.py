"""The devserver's content cache kept in memory (plugins/shortlist_tools/devserver_files.py):
a cached post read back points at the settings and the context of the build reading it,
as a post read afresh does, and those two are not pickled with it."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pelican.cache
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))

from shortlist_tools import devserver_files


class Generator(pelican.cache.FileStampDataCacher):
    """What Pelican's caching generators are to the cache: settings, a context, a path."""

    def __init__(self, settings: dict[str, Any], context: dict[str, Any], path: Path) -> None:
        self.settings, self.context, self.path = settings, context, path
        super().__init__(settings, "ArticlesGenerator", True, True)


def test_cached_posts_come_back_with_this_builds_settings_and_context(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # install() changes pelican.cache for the whole process: put it back afterwards.
    monkeypatch.setattr(pelican.cache, "open", open, raising=False)
    monkeypatch.setattr(pelican.cache, "pickle", pelican.cache.pickle)
    for name in ("__init__", "save_cache"):
        monkeypatch.setattr(pelican.cache.FileDataCacher, name, getattr(pelican.cache.FileDataCacher, name))
    devserver_files.CACHE.clear()
    devserver_files.install()
    source = tmp_path / "post.md"
    source.write_text("Title: A post\n\nWords.\n", encoding="utf-8")

    def build(number: int) -> tuple[Generator, dict[str, Any], dict[str, Any]]:
        settings = {
            "CACHE_PATH": str(tmp_path / "cache"),
            "GZIP_CACHE": False,
            "CHECK_MODIFIED_METHOD": "mtime",
        }
        context = {"every post": "x" * 100_000, "build": number}
        return Generator(settings, context, tmp_path), settings, context

    first, settings, context = build(1)
    post = SimpleNamespace(
        title="A post", settings=settings, _context=context, label=SimpleNamespace(settings=settings)
    )
    first.cache_data("post.md", post)
    first.save_cache()
    (kept,) = devserver_files.CACHE.files.values()
    assert len(kept) < 1_000  # the context's 100,000 characters are not in it

    second, settings, context = build(2)
    found = second.get_cached_data("post.md")
    assert found is not None and found is not post and found.title == "A post"
    assert found._context is context and found.settings is settings and found.label.settings is settings

    # Saved again and read by a third build: the same.
    second.save_cache()
    third, settings, context = build(3)
    found = third.get_cached_data("post.md")
    assert found._context is context and found.settings is settings
    assert not list((tmp_path / "cache").iterdir())  # in memory only
