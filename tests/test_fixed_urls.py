"""Each post's address is worked out once the build has settled it
(shortlist_core/fixed_urls.py), and a change made before then still counts."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, run_pelican

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
