"""Each post's address is worked out once the build has settled it
(shortlist_core/fixed_urls.py), and a change made before then still counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, run_pelican
from pelican.contents import Content

PLUGIN = """
import json, os
from pelican import signals
from pelican.contents import Content

computed = []
original = Content.url_format

def counted(self):
    computed.append(1)
    return original.fget(self)

Content.url_format = property(counted)

def rename_late(generator):
    for article in generator.articles:
        if article.slug == "a-week-with-two-interviews":
            assert article.url  # asked before the change, as plugins do
            article.slug = "renamed-late"

items = []

def settled(generators):
    items.append(sum(len(getattr(g, "articles", [])) + len(getattr(g, "pages", [])) for g in generators))

def count(pelican):
    json.dump({"computed": len(computed), "items": items[0]}, open(os.environ["COUNT_FILE"], "w"))

def register():
    signals.article_generator_finalized.connect(rename_late)
    signals.all_generators_finalized.connect(settled)
    signals.finalized.connect(count)
"""


def test_an_address_changed_before_the_build_settles_it_is_used_everywhere(tmp_path: Path) -> None:
    plugin = tmp_path / "plugins" / "late_slug"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(PLUGIN, encoding="utf-8")
    counts = tmp_path / "count.json"
    plugins = ["shortlist_core", "shortlist_parallel", "job_openings", "popular_posts", "advice_articles"]
    done = run_pelican(
        tmp_path / "output",
        "pelicanconf.py",
        extra_env={"COUNT_FILE": str(counts)},
        extra_settings={
            "PLUGIN_PATHS": [str(ROOT / "plugins"), str(tmp_path / "plugins")],
            "PLUGINS": [*plugins, "late_slug"],
            "SHORTLIST_WRITE_WORKERS": 1,
        },
    )
    assert done.returncode == 0, done.log
    output = tmp_path / "output"
    assert (output / "reflections" / "renamed-late" / "index.html").is_file()
    assert not (output / "reflections" / "a-week-with-two-interviews").exists()
    front = (output / "index.html").read_text(encoding="utf-8")
    assert "/reflections/renamed-late/" in front
    assert "a-week-with-two-interviews/" not in front
    # Once settled, each object's url and save_as are worked out once: a few times per
    # post in all (reading, sorting), where Pelican alone formats them on every read.
    found = json.loads(counts.read_text(encoding="utf-8"))
    assert found["computed"] < 12 * found["items"], found  # 23 a post without


def test_a_sources_relative_path_is_pelicans_and_follows_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept per content folder and source path (Pelican works it out on every address
    it formats), it is Pelican's own answer, including a relative content folder read
    from another working folder."""
    import sys

    sys.path.insert(0, str(ROOT / "plugins"))
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from shortlist_core import fixed_urls

    fixed_urls.install()
    pelicans = Content.get_relative_source_path.__wrapped__
    (tmp_path / "site" / "content" / "advice").mkdir(parents=True)
    (tmp_path / "elsewhere" / "content").mkdir(parents=True)
    cases = [
        (str(tmp_path / "site" / "content"), str(tmp_path / "site" / "content" / "advice" / "a.md")),
        (str(tmp_path / "site" / "content") + "/", "advice/b.md"),
        (str(tmp_path / "site" / "content" / "advice" / ".."), str(tmp_path / "outside.md")),
        ("content", "advice/c.md"),
        ("content", str(tmp_path / "site" / "content" / "advice" / "d.md")),
    ]
    for folder in ("site", "elsewhere", "site"):
        monkeypatch.chdir(tmp_path / folder)
        for base, source in cases:
            post = Article("", {"title": "T"}, settings={**DEFAULT_CONFIG, "PATH": base}, source_path=source)
            kept = post.get_relative_source_path()
            assert kept == pelicans(post), (folder, base, source)
            assert post.get_relative_source_path("advice/e.md") == pelicans(post, "advice/e.md")
    post = Article("", {"title": "T"}, settings={**DEFAULT_CONFIG, "PATH": "content"}, source_path=None)
    assert post.get_relative_source_path() is None
