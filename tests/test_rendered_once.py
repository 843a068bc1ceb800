"""shortlist_core.rendered_once: a post's entry in the lists rendered once per build."""

from __future__ import annotations

import sys
from types import SimpleNamespace

from conftest import ROOT
from jinja2 import DictLoader, Environment

sys.path.insert(0, str(ROOT / "plugins"))

from shortlist_core.rendered_once import forget, once

LIST = '{% from "entry.html" import entry %}{% for p in posts %}[{{ entry|once(p, SITEURL, 2) }}]{% endfor %}'
ENTRY = "{% macro entry(post, SITEURL, level) %}{{ seen(post) }}<h{{ level }}>{{ SITEURL }}/{{ post.slug }}</h{{ level }}>{% endmacro %}"


def lists() -> tuple[Environment, list[str]]:
    rendered: list[str] = []
    env = Environment(loader=DictLoader({"list.html": LIST, "entry.html": ENTRY}))
    env.filters["once"] = once
    env.globals["seen"] = lambda post: rendered.append(post.slug) or ""
    return env, rendered


def test_each_post_is_rendered_once_for_every_list_that_shows_it() -> None:
    forget()
    env, rendered = lists()
    a, b, c = (SimpleNamespace(slug=slug) for slug in "abc")
    page = env.get_template("list.html")
    assert page.render(posts=[a, b], SITEURL="") == "[<h2>/a</h2>][<h2>/b</h2>]"
    assert page.render(posts=[b, c, a], SITEURL="") == "[<h2>/b</h2>][<h2>/c</h2>][<h2>/a</h2>]"
    assert rendered == ["a", "b", "c"]
    # Another SITEURL (a page deeper in the site, RELATIVE_URLS) is another entry.
    assert page.render(posts=[a], SITEURL="..") == "[<h2>../a</h2>]"
    assert rendered == ["a", "b", "c", "a"]


def test_posts_are_told_apart_by_identity_and_builds_start_afresh() -> None:
    forget()
    env, rendered = lists()
    page = env.get_template("list.html")
    first, twin = SimpleNamespace(slug="same"), SimpleNamespace(slug="same")
    page.render(posts=[first, twin], SITEURL="")
    assert len(rendered) == 2  # equal, but two posts
    forget()  # a new build
    page.render(posts=[first], SITEURL="")
    assert len(rendered) == 3


def test_a_keeper_renders_each_entry_and_hears_of_every_later_use(monkeypatch) -> None:
    import shortlist_core.rendered_once as rendered_once

    calls: list[tuple[str, object]] = []

    class Keeper:
        def render(self, macro, args):  # an entry kept from before: not the macro's output
            calls.append(("render", args[0].slug))
            return f"kept {args[0].slug}", ("note", args[0].slug)

        def reuse(self, note):
            calls.append(("reuse", note))

    monkeypatch.setattr(rendered_once, "KEEPER", Keeper())
    forget()
    env, rendered = lists()
    a, b = SimpleNamespace(slug="a"), SimpleNamespace(slug="b")
    page = env.get_template("list.html")
    assert page.render(posts=[a, b, a], SITEURL="") == "[kept a][kept b][kept a]"
    assert rendered == []
    assert calls == [("render", "a"), ("render", "b"), ("reuse", ("note", "a"))]
