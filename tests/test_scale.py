"""shortlist_linear_lists: Pelican's list scans replaced by lookups (plugins/shortlist_linear_lists).

The plugin must change no page: a site whose labels, kinds, authors, months and
years are each shared by several posts, with drafts, hidden posts and translations,
is built with and without it, and every file compared. Its three parts are also
checked on their own against Pelican's code they stand in for.
"""

from __future__ import annotations

import copy
import datetime
import filecmp
import pickle
import random
import runpy
import shutil
import sys
from operator import attrgetter
from pathlib import Path
from types import SimpleNamespace

import pelican.generators
import pelican.utils
import pytest
from conftest import ROOT, SAMPLE_CONTENT, run_pelican
from pelican.generators import ArticlesGenerator
from pelican.log import LimitFilter
from pelican.settings import DEFAULT_CONFIG

sys.path.insert(0, str(ROOT / "plugins"))

from shortlist_linear_lists import MemberList, period_archives_in_one_pass, process_translations_by_group

PLUGIN = "shortlist_linear_lists"
LABELS = ["interviews", "offers", "portfolio", "rejection", "networking", "salary"]
AUTHORS = ["Sam Ortega", "Priya Natarajan", "Teo Marsh"]
# Pagefind writes its filter files in hash-map order (see bench/same_output.py): they,
# and the two files naming them, differ from run to run whatever the pages.
RUN_TO_RUN = {"pagefind-entry.json"}


def differing(left: Path, right: Path, prefix: str = "") -> list[str]:
    compared = filecmp.dircmp(left, right)
    found = [
        f"{prefix}{name} (one side only)"
        for name in compared.left_only + compared.right_only
        if not (prefix == "pagefind/filter/" or name.endswith(".pf_meta"))
    ]
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    found += [
        f"{prefix}{name}"
        for name in mismatch + errors
        if name not in RUN_TO_RUN and not name.endswith(".pf_meta") and prefix != "pagefind/filter/"
    ]
    for name in compared.common_dirs:
        found += differing(left / name, right / name, f"{prefix}{name}/")
    return found


def shared_content(target: Path) -> Path:
    """The sample site plus 45 reflections over two years: each label, author, month and
    year shared by several posts, some of them drafts or hidden, and two translations."""
    content = shutil.copytree(SAMPLE_CONTENT, target / "content")
    rng = random.Random(15)
    start = datetime.datetime(2025, 1, 3, 9, 0)
    for number in range(45):
        when = start + datetime.timedelta(days=16 * number, hours=number % 5)
        status = {7: "draft", 19: "hidden", 30: "hidden", 33: "draft"}.get(number, "published")
        labels = ", ".join(rng.sample(LABELS, rng.randint(1, 3)))
        header = (
            f"Title: Shared week {number}\nSlug: shared-week-{number}\n"
            f"Date: {when:%Y-%m-%d %H:%M}\nTags: {labels}\nAuthor: {AUTHORS[number % 3]}\n"
            f"Status: {status}\nSummary: Week {number} of the search.\n"
        )
        body = f"\nWeek {number}: two calls, one take-home, and a long walk afterwards.\n"
        (content / "reflections" / f"shared-week-{number}.md").write_text(header + body, encoding="utf-8")
        if number in (4, 12):  # the same post in French: a translation, in no list
            (content / "reflections" / f"shared-week-{number}-fr.md").write_text(
                header.replace("Title: Shared", "Title: Semaine partagée") + "Lang: fr\n" + body,
                encoding="utf-8",
            )
    return content


def kit_plugins_without_this_one() -> list[str]:
    plugins = list(runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"])
    assert PLUGIN in plugins
    return [name for name in plugins if name != PLUGIN]


@pytest.mark.parametrize(
    "settings, extra_env",
    [("pelicanconf.py", {"SHORTLIST_DRAFTS": "yes"}), ("publishconf.py", {})],
    ids=["dev-with-drafts", "publish"],
)
def test_every_page_is_the_same_without_the_plugin(
    tmp_path: Path, settings: str, extra_env: dict[str, str]
) -> None:
    content = shared_content(tmp_path)
    with_it = run_pelican(tmp_path / "with", settings, content, extra_env=extra_env)
    assert with_it.returncode == 0, with_it.log
    without = run_pelican(
        tmp_path / "without",
        settings,
        content,
        extra_env=extra_env,
        extra_settings={"PLUGINS": kit_plugins_without_this_one()},
    )
    assert without.returncode == 0, without.log
    # The site does share what the plugin files faster: labels, kinds, months with several posts.
    out = with_it.output
    assert len(list((out / "archive" / "2025").glob("*/index.html"))) >= 10
    label_page = (out / "labels" / "offers" / "index.html").read_text(encoding="utf-8")
    assert label_page.count("Shared week") >= 3
    # Pelican's default ARTICLE_LANG_SAVE_AS: the translation at the top, named by slug and lang.
    assert "Semaine partagée" in (out / "shared-week-4-fr.html").read_text(encoding="utf-8")
    if extra_env.get("SHORTLIST_DRAFTS"):
        assert (out / "drafts" / "shared-week-7" / "index.html").exists()
    assert (out / "reflections" / "shared-week-19" / "index.html").exists()  # hidden: written, not listed
    assert "shared-week-19" not in label_page
    assert differing(with_it.output, without.output) == []


# Every list Pelican hands a template, written out: the kit's theme shows only some of
# them (a label page its `articles`, not its `dates`), this one shows them all.
DUMP = """{% macro posts(items) %}{% for a in items %}{{ a.slug }}:{{ a.lang }} {% endfor %}{% endmacro %}
{{ template_name }} {{ period }} {{ period_num }}
articles: {{ posts(articles) }}
dates: {{ posts(dates) }}
all_articles: {{ posts(all_articles) }}
{% if article %}translations: {{ posts(article.translations) }}{% endif %}
{% for name, items in tags|sort %}tag {{ name }}: {{ posts(items) }}
{% endfor %}{% for name, items in categories %}category {{ name }}: {{ posts(items) }}
{% endfor %}{% for name, items in authors %}author {{ name }}: {{ posts(items) }}
{% endfor %}{% for granularity, archives in period_archives.items() %}{% for archive in archives %}
{{ granularity }} {{ archive.save_as }}: {{ posts(archive.articles) }}| {{ posts(archive.dates) }}
{% endfor %}{% endfor %}"""
TEMPLATES = ["index", "tag", "category", "author", "archives", "period_archives", "article", "page"]
TEMPLATES += ["tags", "categories", "authors", "subscribe"]


def test_every_list_pelican_hands_the_templates_is_the_same(tmp_path: Path) -> None:
    """Plain Pelican with and without the plugin, and a theme that writes out every list."""
    content = shared_content(tmp_path)
    templates = tmp_path / "dump-theme" / "templates"
    templates.mkdir(parents=True)
    for name in TEMPLATES:
        (templates / f"{name}.html").write_text(DUMP, encoding="utf-8")
    settings = {
        "THEME": str(tmp_path / "dump-theme"),
        "DEFAULT_PAGINATION": False,
        "DAY_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/index.html",
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
    }
    plain = ROOT / "bench" / "plain_pelicanconf.py"
    builds = [
        run_pelican(tmp_path / side, plain, content, extra_settings={**settings, "PLUGINS": plugins})
        for side, plugins in (("with", [PLUGIN]), ("without", []))
    ]
    for build in builds:
        assert build.returncode == 0, build.log
    out = builds[0].output
    label = (out / "tag" / "offers.html").read_text(encoding="utf-8")
    assert label.count("shared-week-") > 6 and "dates: shared-week-" in label
    assert "translations: shared-week-4:en" in (out / "shared-week-4-fr.html").read_text(encoding="utf-8")
    assert (out / "2025" / "03" / "index.html").read_text(encoding="utf-8").count("shared-week-") >= 4
    assert (out / "drafts" / "shared-week-7.html").exists()
    assert differing(builds[0].output, builds[1].output) == []


# --- the parts, against Pelican's own code ---------------------------------------------


class Post:
    """A post as Pelican's list code sees one: attributes, and object's own ==."""

    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)

    def __repr__(self) -> str:
        return f"Post({self.__dict__.get('slug')!r}, {self.__dict__.get('lang')!r})"


def test_member_list_answers_in_as_a_list_does_through_every_change() -> None:
    posts = [Post(slug=str(n)) for n in range(8)]
    members = MemberList(posts[:3])
    plain = list(posts[:3])

    def same() -> None:
        assert [p in members for p in posts] == [p in plain for p in posts]
        assert list(members) == plain

    same()
    changes = [
        ("append", (posts[3],)),
        ("extend", (posts[4:6],)),
        ("insert", (0, posts[6])),
        ("remove", (posts[1],)),
        ("pop", ()),
        ("__setitem__", (0, posts[7])),
        ("__delitem__", (slice(0, 1),)),
        ("__iadd__", ([posts[1]],)),
        ("__imul__", (2,)),
        ("clear", ()),
    ]
    for name, args in changes:
        getattr(members, name)(*args)
        getattr(plain, name)(*args)
        same()
    # Things with an == of their own are still compared as a list compares them.
    assert 1.0 in MemberList([1, 2]) and "b" in MemberList(["a", "b"]) and 3 not in MemberList([1, 2])
    # A copy or a pickle is a MemberList of its own, whose `in` answers for its own items.
    members = MemberList(posts[:2])
    assert posts[0] in members  # the set is made
    for other in (copy.copy(members), copy.deepcopy(members), pickle.loads(pickle.dumps(members))):
        assert type(other) is MemberList and len(other) == 2
        assert [p in other for p in list(other) + posts[2:4]] == [True, True, False, False]


def test_the_plugin_makes_pelicans_lists_member_lists() -> None:
    import shortlist_linear_lists

    generator = SimpleNamespace(
        tags={}, categories={}, authors={}, _build_period_archives=ArticlesGenerator._build_period_archives
    )
    shortlist_linear_lists.member_lists(generator)  # type: ignore[arg-type]
    for name in ("tags", "categories", "authors"):
        assert type(getattr(generator, name)["x"]) is MemberList


@pytest.mark.parametrize("seed", range(6))
def test_period_archives_in_one_pass_are_pelicans(seed: int) -> None:
    rng = random.Random(seed)
    tz = [datetime.UTC, datetime.timezone(datetime.timedelta(hours=-6))]
    posts = [
        Post(
            slug=f"p{n}",
            title=f"p{n}",
            date=datetime.datetime(2024, 12, 31, 20, tzinfo=rng.choice(tz))
            + datetime.timedelta(hours=rng.randint(0, 24 * 500)),
        )
        for n in range(120)
    ]
    articles = rng.sample(posts, len(posts))  # any order: the archives keep it
    dates = sorted(posts, key=attrgetter("date"), reverse=rng.random() < 0.5)
    settings = {
        **DEFAULT_CONFIG,
        "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html",
        "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
        "DAY_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/index.html",
    }
    build = ArticlesGenerator._build_period_archives.__get__(SimpleNamespace())
    pelicans = build(dates, articles, settings)
    ours = period_archives_in_one_pass(build)(dates, articles, settings)
    assert set(ours) == {"year", "month", "day"}
    assert ours == pelicans
    assert any(len(archive["articles"]) > 1 for archive in ours["month"])


@pytest.mark.parametrize("seed", range(6))
def test_translations_by_group_are_pelicans(seed: int, caplog: pytest.LogCaptureFixture) -> None:
    rng = random.Random(seed)

    def posts() -> list[Post]:
        made = []
        for n in range(90):
            group = rng.randint(0, 30)
            fields = {"category": rng.choice(["Advice", "Jobs"]), "slug": f"s{group}", "n": n}
            fields["lang"] = rng.choice(["en", "en", "fr", "de"])
            fields["in_default_lang"] = fields["lang"] == "en"
            fields["source_path"] = f"reflections/post-{n}.md"
            if rng.random() < 0.1:
                fields["metadata"] = {"translation": rng.choice(["true", "false"])}
            else:
                fields["metadata"] = {}
            made.append(Post(**fields))
        return made

    state = rng.getstate()
    theirs = posts()
    rng.setstate(state)
    ours = posts()

    def fresh_log() -> None:
        # Pelican's log filter shows a message once per process: the second call's
        # warnings, the same, would be dropped.
        caplog.clear()
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()

    for translation_id in ("slug", ("category", "slug"), None, ""):
        fresh_log()
        pelican_index, pelican_translations = pelican.utils.process_translations(theirs, translation_id)
        pelican_warnings = [r.getMessage() for r in caplog.records]
        assert pelican_warnings or not translation_id  # the groups do clash: there is something to compare
        fresh_log()
        our_index, our_translations = process_translations_by_group(ours, translation_id)
        assert [p.n for p in ours] == [p.n for p in theirs]  # sorted in place the same way
        assert [p.n for p in our_index] == [p.n for p in pelican_index]
        assert [p.n for p in our_translations] == [p.n for p in pelican_translations]
        assert [[t.n for t in p.translations] for p in ours if hasattr(p, "translations")] == [
            [t.n for t in p.translations] for p in theirs if hasattr(p, "translations")
        ]
        assert [r.getMessage() for r in caplog.records] == pelican_warnings
    # A bad TRANSLATION_ID gets Pelican's own error.
    with pytest.raises(AttributeError, match="as 'translation_id'"):
        process_translations_by_group(ours, "no_such_field")


def test_only_the_kit_uses_it() -> None:
    assert PLUGIN not in runpy.run_path(str(ROOT / "bench" / "plain_pelicanconf.py"))["PLUGINS"]
    plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    assert PLUGIN in plugins
    # Installed by the plugin, not by importing it: plain Pelican in this process is untouched.
    assert pelican.generators.process_translations is pelican.utils.process_translations


# --- Pagefind's peak (plugins/site_search) -------------------------------------------------


MEASURE_PEAK = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(process.pid, 0)
assert os.waitstatus_to_exitcode(status) == 0, status
print(usage.ru_maxrss)
"""


def synthetic_posts(site: Path, count: int) -> list[str]:
    """`count` marked pages of 600 words each (400 words in all) under `site`; their paths."""
    words = [f"word{n}" for n in range(400)]
    paths = []
    for number in range(count):
        body = " ".join(words[(number * 7 + i) % len(words)] for i in range(600))
        page = site / "reflections" / f"post-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<html lang="en"><head><title>Post {number}</title></head><body><main data-pagefind-body>'
            f"<h1>Post {number}</h1><p>{body}</p></main></body></html>",
            encoding="utf-8",
        )
        paths.append(page.relative_to(site).as_posix())
    return paths


def test_pagefind_gives_memory_back_as_it_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind is the build's peak. The plugin runs it with jemalloc told to give freed
    pages back at once: on 500 posts of 600 words, its peak is at least a tenth lower
    (about a fifth, measured) than with jemalloc's defaults, and the index the same."""
    import subprocess

    from site_search import index

    site = tmp_path / "site"
    synthetic_posts(site, 500)
    calls: list[tuple[list[str], dict[str, str]]] = []

    real_popen = subprocess.Popen

    def record(command: list[str], **options: object) -> subprocess.Popen[bytes]:
        """Notes how Pagefind would be run; runs `true` instead."""
        calls.append((command, dict(options["env"])))  # type: ignore[call-overload]
        return real_popen(["true"], stdout=options["stdout"], stderr=options["stderr"])  # type: ignore[arg-type]

    monkeypatch.delenv(index.JEMALLOC_VARIABLE, raising=False)
    monkeypatch.setattr(index.subprocess, "Popen", record)
    bundle = tmp_path / "run" / "pagefind"
    bundle.parent.mkdir()
    index.run_pagefind(index.pagefind_program(), site, bundle)
    monkeypatch.undo()
    [(command, environment)] = calls
    assert environment[index.JEMALLOC_VARIABLE] == "dirty_decay_ms:0,muzzy_decay_ms:0"

    def peak_kib(environment: dict[str, str], output: Path) -> int:
        run = [
            *command[: command.index("--output-path") + 1],
            str(output),
            *command[command.index("--quiet") :],
        ]
        # Started from a small Python of its own: a process forked from this one (the
        # test run, hundreds of MB by now) could count this one's memory as its own
        # peak (Linux folds the forked copy's high-water mark into it at exec).
        measured = subprocess.run(
            [sys.executable, "-c", MEASURE_PEAK, *run],
            cwd=tmp_path / "run",
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        return int(measured.stdout.split()[-1])

    defaults = {name: value for name, value in environment.items() if name != index.JEMALLOC_VARIABLE}
    ours, theirs = peak_kib(environment, tmp_path / "ours"), peak_kib(defaults, tmp_path / "theirs")
    assert ours < 0.9 * theirs, (ours, theirs)
    for fragment in (tmp_path / "theirs" / "fragment").iterdir():
        assert (tmp_path / "ours" / "fragment" / fragment.name).read_bytes() == fragment.read_bytes()
    # A user's own jemalloc options are left as they are.
    monkeypatch.setenv(index.JEMALLOC_VARIABLE, "narenas:1")
    monkeypatch.setattr(index.subprocess, "Popen", record)
    index.run_pagefind(index.pagefind_program(), site, bundle)
    assert calls[-1][1][index.JEMALLOC_VARIABLE] == "narenas:1"


def test_pagefind_in_parts_peaks_at_one_parts_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plugin indexes a site in parts of SITE_SEARCH_PAGES_PER_PART pages, one
    Pagefind run after another, so the largest run's peak is one part's, however large
    the site: 600 posts in parts of 150 peak at well under half of one run over all 600
    (about a third, measured), and every post is in the index."""
    from site_search import index

    site = tmp_path / "site"
    pages = synthetic_posts(site, 600)
    peaks = tmp_path / "peaks"
    launcher = tmp_path / "pagefind"
    # Each run's peak, read by a small Python that starts it (see MEASURE_PEAK).
    launcher.write_text(
        f"#!{sys.executable}\n"
        "import os, subprocess, sys\n"
        f"process = subprocess.Popen([{str(index.pagefind_program())!r}, *sys.argv[1:]])\n"
        "_, status, usage = os.wait4(process.pid, 0)\n"
        f"if '--site' in sys.argv: open({str(peaks)!r}, 'a').write(f'{{usage.ru_maxrss}}\\n')\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n",
        encoding="utf-8",
    )
    launcher.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(launcher))

    def run_peaks(per_part: int) -> list[int]:
        peaks.write_text("", encoding="utf-8")
        summary = index.write_index(site, "pagefind", pages, per_part)
        assert summary.pages == len(pages)
        return [int(line) for line in peaks.read_text(encoding="utf-8").split()]

    [whole] = run_peaks(0)
    in_parts = run_peaks(150)
    assert len(in_parts) == 4
    assert max(in_parts) < 0.5 * whole, (in_parts, whole)
