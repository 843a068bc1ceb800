"""Templates are compiled once per process and shared by every generator's Jinja
environment (shortlist_core/compiled_templates.py), and an edited template is
compiled again (the devserver keeps one process across builds)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from conftest import ROOT
from jinja2 import Environment, FileSystemLoader

sys.path.insert(0, str(ROOT / "plugins"))

from shortlist_core.compiled_templates import share_compiled_templates


def environment(folder: Path, **options: object) -> Environment:
    env = Environment(loader=FileSystemLoader(str(folder)), auto_reload=False, **options)
    share_compiled_templates(SimpleNamespace(env=env))
    return env


def test_a_template_is_compiled_once_and_again_when_edited(tmp_path: Path, monkeypatch) -> None:
    template = tmp_path / "page.html"
    template.write_text("{{ word }} one", encoding="utf-8")
    compiled: list[str] = []
    original = Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counting)
    first = environment(tmp_path, trim_blocks=True)
    second = environment(tmp_path, trim_blocks=True)
    assert first.get_template("page.html").render(word="a") == "a one"
    assert second.get_template("page.html").render(word="b") == "b one"
    assert compiled == ["page.html"]  # the second environment used the first's code

    template.write_text("{{ word }} two", encoding="utf-8")  # edited between two builds
    third = environment(tmp_path, trim_blocks=True)
    assert third.get_template("page.html").render(word="c") == "c two"
    assert compiled == ["page.html", "page.html"]

    # Other options compile to other code: not shared.
    other = environment(tmp_path, trim_blocks=False)
    assert other.get_template("page.html").render(word="d") == "d two"
    assert len(compiled) == 3


def test_a_cache_chosen_in_the_settings_is_kept(tmp_path: Path) -> None:
    from jinja2 import FileSystemBytecodeCache

    own = FileSystemBytecodeCache(str(tmp_path))
    env = Environment(loader=FileSystemLoader(str(tmp_path)), bytecode_cache=own)
    share_compiled_templates(SimpleNamespace(env=env))
    assert env.bytecode_cache is own


def test_the_templates_the_theme_names_are_loaded_before_pages_render(tmp_path: Path, monkeypatch) -> None:
    """So forked page-writing workers inherit them instead of compiling their own."""
    from pelican.generators import ArticlesGenerator
    from shortlist_core.compiled_templates import preload_named_templates

    (tmp_path / "partials").mkdir()
    files = {
        "page.html": '{% extends "base.html" %}{% block b %}{% include "partials/a.html" %}{% endblock %}',
        "base.html": "{% from 'm.html' import m %}{{ m() }}{% block b %}{% endblock %}",
        "partials/a.html": "a",
        "partials/broken.html": "{% if %}",
        "m.html": "{% macro m() %}m{% endmacro %}",
        "unused.html": "{% include 'partials/broken.html' %}",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    generator = ArticlesGenerator.__new__(ArticlesGenerator)
    generator.env = environment(tmp_path)
    preload_named_templates(
        [SimpleNamespace(env=environment(tmp_path)), generator]
    )  # a broken one is left for its render
    loaded = {key[1] for key in generator.env.cache}
    assert loaded == {"base.html", "partials/a.html", "m.html"}
    compiled: list[str] = []
    original = Environment.compile
    monkeypatch.setattr(
        Environment, "compile", lambda self, *a, **k: compiled.append(a[1]) or original(self, *a, **k)
    )
    assert generator.env.get_template("page.html").render() == "ma"
    assert compiled == ["page.html"]  # a page's own template is loaded by Pelican itself
