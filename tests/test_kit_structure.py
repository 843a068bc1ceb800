"""The kit's structure: the core names no other plugin, each default lives in one
place, and the registries the leaf plugins fill compose as documented."""

from __future__ import annotations

import ast
import datetime
import importlib
import re
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))

from shortlist_core.site_parts import NavItem, SitemapEntry, compose_nav, merge_entries

PLUGINS = ROOT / "plugins"
CORE = PLUGINS / "shortlist_core"


def other_plugins() -> list[str]:
    return sorted(p.name for p in PLUGINS.iterdir() if (p / "__init__.py").exists() and p != CORE)


def test_the_core_imports_and_names_no_other_plugin() -> None:
    others = other_plugins()
    assert {"job_openings", "popular_posts", "advice_articles", "search_log", "shortlist_parallel"} <= set(
        others
    )
    found: list[str] = []
    for source in sorted(CORE.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            found += [f"{source.name} imports {n}" for n in names if n.split(".")[0] in others]
        for other in others:
            # Also in strings and comments: a context key, a settings name, a module path.
            if re.search(rf"\b{other}\b", text):
                found.append(f"{source.name} names {other}")
        for prefix in ("JOBS_", "POPULAR_POSTS_", "ADVICE_", "SEARCH_LOG_", "LISTEN_", "RELATED_"):
            if prefix in text:
                found.append(f"{source.name} reads a {prefix}* setting")
    assert found == []


COMMENTED_SETTING = re.compile(r"^# ([A-Z][A-Z0-9_]+) = (.+?)(?:\s+#.*)?$")
ACTIVE_SETTING = re.compile(r"^([A-Z][A-Z0-9_]+) = ")


def every_default() -> dict[str, object]:
    defaults: dict[str, object] = {}
    for package in ["shortlist_core", *other_plugins()]:
        try:
            module = importlib.import_module(f"{package}.settings")
        except ModuleNotFoundError:
            continue
        for name, value in module.DEFAULTS.items():
            assert name not in defaults, f"{name} has a default in two plugins"
            defaults[name] = value
    return defaults


def test_pelicanconf_shows_every_kit_setting_with_the_default_the_plugin_uses() -> None:
    defaults = every_default()
    shown: dict[str, object] = {}
    active: set[str] = set()
    for line in (ROOT / "pelicanconf.py").read_text(encoding="utf-8").splitlines():
        if match := COMMENTED_SETTING.match(line):
            shown[match[1]] = ast.literal_eval(match[2])
        elif match := ACTIVE_SETTING.match(line):
            active.add(match[1])
    missing = sorted(set(defaults) - set(shown) - active)
    assert missing == [], "not in pelicanconf.py"
    wrong = {
        name: (value, defaults.get(name))
        for name, value in shown.items()
        if name in defaults and value != defaults[name]
    }
    assert wrong == {}, "a commented line in pelicanconf.py says another default than the plugin"


def test_the_faq_extension_takes_its_default_headings_from_the_plugin_settings() -> None:
    from advice_articles.faq import FaqExtension
    from advice_articles.settings import DEFAULTS

    assert FaqExtension().getConfig("headings") == DEFAULTS["ADVICE_FAQ_HEADINGS"]
    assert '["Frequently asked questions"' not in (PLUGINS / "advice_articles" / "faq.py").read_text(
        encoding="utf-8"
    )


def test_nav_items_from_plugins_go_after_the_link_they_name() -> None:
    base = [("Reflections", "reflections/"), ("Archive", "archive/"), ("Subscribe", "subscribe/")]
    assert compose_nav(base, [NavItem("My search", "search/", after="archive/")]) == [
        ("Reflections", "reflections/"),
        ("Archive", "archive/"),
        ("My search", "search/"),
        ("Subscribe", "subscribe/"),
    ]
    # No such link: at the end. Listed by the user already: where the user put it.
    assert compose_nav(base, [NavItem("X", "x/", after="nowhere/")])[-1] == ("X", "x/")
    mine = [("My search", "search/"), *base]
    assert compose_nav(mine, [NavItem("My search", "search/", after="archive/")]) == mine


def test_sitemap_entries_are_one_per_file_with_the_newest_date() -> None:
    day = datetime.date
    merged = merge_entries(
        [
            SitemapEntry("jobs/index.html", "jobs/", day(2026, 11, 1)),
            SitemapEntry("index.html", "", None),
            SitemapEntry("jobs/index.html", "jobs/", day(2026, 11, 18)),
            SitemapEntry("jobs/index.html", "jobs/", None),
        ]
    )
    assert merged == [
        SitemapEntry("jobs/index.html", "jobs/", day(2026, 11, 18)),
        SitemapEntry("index.html", ""),
    ]


def test_the_tests_build_their_own_sample_never_the_users_content() -> None:
    """content/ is the user's: `make init` empties it and they fill it. The tests build
    tests/sample_site/ (or sites they write themselves), so `make test` passes whatever
    the user's site holds."""
    readers = []
    for source in sorted((ROOT / "tests").glob("*.py")):
        if source.name == Path(__file__).name:
            continue  # this file compares content/ with the sample, below; it builds nothing
        text = source.read_text(encoding="utf-8")
        if re.search(r"""ROOT\s*/\s*["']content\b""", text):
            readers.append(source.name)
    assert readers == []


def test_a_fresh_clones_content_is_the_sample_the_tests_build() -> None:
    """content/ starts as the sample site (what `make devserver` shows on a fresh clone,
    and what `make init` recognises and clears, file by file). Once the user has made
    the site theirs (the About page is no longer the sample's), content/ is theirs and
    this says nothing."""
    content, sample = ROOT / "content", ROOT / "tests" / "sample_site" / "content"
    about = content / "pages" / "about.md"
    if not about.is_file() or about.read_bytes() != (sample / "pages" / "about.md").read_bytes():
        return

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert files(content) == files(sample)
