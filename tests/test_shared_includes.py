"""An `{% include %}` shares the page's context instead of copying it
(shortlist_core/shared_includes.py): every template renders as Jinja renders it."""

from __future__ import annotations

import os
import sys
from types import SimpleNamespace
from typing import Any

from conftest import ROOT
from jinja2 import DictLoader, Environment, FileSystemLoader, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context

sys.path.insert(0, str(ROOT / "plugins"))

from shortlist_core.compiled_templates import share_compiled_templates
from shortlist_core.shared_includes import IncludeContext

TEMPLATES = {
    "base.html": (
        "<title>{% block title %}{{ SITENAME }}{% endblock %}</title>\n"
        "{% set page_title = self.title() %}\n"
        "  {% include 'head.html' %}\n"
        "{% block content %}{% endblock %}\n"
        "{% include 'foot.html' %}|{{ leaked|default('kept') }}"
    ),
    "head.html": "<meta content=\"{{ page_title }}\">{% set leaked = 'oops' %}\n",
    "foot.html": "{{ SITENAME }} {{ who|default('nobody') }}{% include ['gone.html', 'foot2.html'] %}",
    "foot2.html": "[{{ page_title }}]",
    "page.html": (
        "{% extends 'base.html' %}\n"
        "{% set who = 'page' %}\n"
        "{% block title %}{{ post.title }} - {{ super() }}{% endblock %}\n"
        "{% block content %}\n"
        "{% set post = post %}\n"
        "{% for tag in post.tags %}{% include 'tag.html' %}{% endfor %}\n"
        "{% from 'macros.html' import card %}{{ card(post) }}\n"
        "{% include 'missing.html' ignore missing %}\n"
        "{% include 'plain.html' without context %}\n"
        "{% include 'nested.html' %}\n"
        "{% endblock %}"
    ),
    "tag.html": "<a>{{ tag }}/{{ post.title }}/{{ who }}</a>",
    "macros.html": "{% macro card(post) %}{% set level = 2 %}{% include 'card.html' %}{% endmacro %}",
    "card.html": "<h{{ level }}>{{ post.title }}{{ SITENAME|default('-') }}</h{{ level }}>",
    "plain.html": "plain {{ SITENAME|default('no site') }}",
    "nested.html": "{% set who = 'nested' %}{% include 'tag.html' %}{{ tag|default('no tag') }}",
}

PAGE = {"SITENAME": "Site", "post": SimpleNamespace(title="Post", tags=["a", "b"])}


def environment(shared: bool) -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES), trim_blocks=True, lstrip_blocks=True)
    if shared:
        share_compiled_templates(SimpleNamespace(env=env))
    return env


def test_pages_render_as_jinja_renders_them() -> None:
    expected = environment(shared=False).get_template("page.html").render(PAGE)
    env = environment(shared=True)
    assert env.context_class is IncludeContext
    assert env.get_template("page.html").render(PAGE) == expected
    assert "<a>a/Post/page</a><a>b/Post/page</a>" in expected  # the case is exercised
    assert "plain no site" in expected and "|kept" in expected and "[Post - Site]" in expected


def test_an_include_reads_the_page_context_without_copying_it() -> None:
    seen: list[dict[str, Any]] = []

    @pass_context
    def note(context: Any) -> str:
        seen.append(context.parent)
        return ""

    page: dict[str, Any] = {"note": note, "x": 1}
    loader = DictLoader(
        {
            "page.html": "{% set y = 2 %}{{ note() }}{% include 'part.html' %}",
            "part.html": "{{ note() }}{{ x }}{{ y }}",
        }
    )
    for shared in (False, True):
        env = Environment(loader=loader)
        if shared:
            share_compiled_templates(SimpleNamespace(env=env))
        seen.clear()
        assert env.get_template("page.html").render(page) == "12"
        assert (seen[0] is seen[1]) is shared  # Jinja's own include copies it


def test_an_environment_given_other_classes_is_left_alone() -> None:
    class Mine(Context):
        pass

    env = Environment(loader=DictLoader(TEMPLATES))
    env.context_class = Mine
    share_compiled_templates(SimpleNamespace(env=env))
    assert env.context_class is Mine and env.code_generator_class is CodeGenerator


def test_an_included_context_holds_what_jinja_gives_it() -> None:
    seen: list[tuple[Any, ...]] = []

    @pass_context
    def note(context: Any) -> str:
        seen.append(
            (
                context.get_all(),  # its names: the includer's own are in ours' vars
                context.globals_keys,
                context.name,
                sorted(context.blocks),
                context.eval_ctx.autoescape,
                context.exported_vars,
                type(context.parent),
            )
        )
        return ""

    loader = DictLoader(
        {
            "page.html": "{% set y = 2 %}{% for i in [1] %}{% include 'part.html' %}{% endfor %}",
            "part.html": "{% set z = 3 %}{% block b %}{{ note() }}{% endblock %}{{ note() }}",
        }
    )
    found = []
    for shared in (False, True):
        env = Environment(loader=loader, autoescape=lambda name: name == "part.html")
        env.globals["g"] = 1
        if shared:
            share_compiled_templates(SimpleNamespace(env=env))
        seen.clear()
        env.get_template("page.html", globals={"t": 2}).render({"note": note, "x": 1})
        found.append(list(seen))
    assert found[0] == found[1] and len(found[0]) == 2


def test_included_templates_are_found_once_unless_jinja_would_reload_them(tmp_path) -> None:
    (tmp_path / "page.html").write_text("{% include 'part.html' %}", encoding="utf-8")
    part = tmp_path / "part.html"
    for auto_reload in (False, True):
        part.write_text("one", encoding="utf-8")
        env = Environment(loader=FileSystemLoader(str(tmp_path)), auto_reload=auto_reload)
        share_compiled_templates(SimpleNamespace(env=env))
        page = env.get_template("page.html")
        assert page.render() == "one"
        part.write_text("two!", encoding="utf-8")  # another size: a new mtime is not needed
        os.utime(part, (1, 1))
        assert page.render() == ("two!" if auto_reload else "one")
