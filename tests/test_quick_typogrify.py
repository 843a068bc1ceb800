"""plugins/shortlist_typogrify: the quick Typogrify gives the library's answer, byte for byte.

Compared with the library's own functions (typogrify 2.1.0, smartypants 2.0.2) on every
sample and bench post as Pelican's Markdown makes them, on odd HTML, and on generated
text dense with what the filters look for; and whole sites built with and without it,
under every TYPOGRIFY_DASHES setting, with tags ignored and filters left out.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import markdown
import pytest
import smartypants
import typogrify.filters
from conftest import ROOT, SAMPLE_CONTENT, run_pelican, sample_with_bench_posts

sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import generate
from same_output import differences
from shortlist_typogrify import quick

LIBRARY = {**quick.ORIGINALS, "convert_quotes": smartypants.convert_quotes}
QUICK = {
    "smartypants": quick.quick_smartypants,
    "widont": quick.quick_widont,
    "amp": quick.quick_amp,
    "caps": quick.quick_caps,
    "convert_quotes": quick.quick_convert_quotes,
    "initial_quotes": quick.quick_initial_quotes,
}
# What Pelican sets before typogrifying, for each TYPOGRIFY_DASHES (pelican/readers.py),
# and the other attributes smartypants takes.
ATTRIBUTES = [
    smartypants.Attr.set1 | smartypants.Attr.w,  # "default"
    smartypants.Attr.set2 | smartypants.Attr.w,  # "oldschool"
    smartypants.Attr.set3 | smartypants.Attr.w,  # "oldschool_inverted"
    smartypants.Attr.set1,
    smartypants.Attr.set1 | smartypants.Attr.u,
    smartypants.Attr.set2 | smartypants.Attr.h,
    smartypants.Attr.set3 | smartypants.Attr.s,
    smartypants.Attr.q | smartypants.Attr.B | smartypants.Attr.w,
    smartypants.Attr.set0,
]

# HTML where a shortcut could go wrong: tags left open, "<" and ">" in text, tags
# inside attributes, comments with dashes, skipped elements, a newline at the end.
ODD_HTML = [
    "",
    " ",
    "word",
    "two words",
    "two words\n",
    "<p>one two</p>",
    "<p>one two </p>",
    "<p>one <em>two</em></p>",
    "<p>one <em>two </em> </strong></p>",
    '<p>a <a href="x y">link text</a></p>',
    "<p>a <br> b</p>",
    "<p>a <b</p> c</p>",
    "<a x  y</p> z</p>",
    "<p>x> y</p>",
    "<b>x> word</p>",
    "<p>x <y</p>",
    "<p>an <unclosed tag",
    "<!-- a -- b --> c d</p>",
    "<!-- <p>x y</p> --> z w</p>",
    '<h2 title="a b</p>">c d</h2>',
    "<li>one  two\n</li><li>three four</li>",
    "<dt>A term here</dt><dd>A definition here</dd>",
    '<pre>not "this" -- one</pre><p>but "this" -- yes</p>',
    "<code>it's</code> it's <kbd>NASA's</kbd> NASA's <script>x = 'AB'</script> AB",
    "He said &quot;so&quot; -- then 'twas the '80s... . . . `fine' ``really''",
    "AT&T & B&amp;Q &amp; &#38; &nbsp;&&nbsp; a&b",
    "U.S.A. and N. A. T. O. or A.B.<p>C.D.</p>",
    "\\\" \\' \\- \\. \\` \\\\ done",
    "'",
    '"',
    "<p>'</p><p>\"</p>a'<b>'</b>",
    "&#8220;already&#8221; &#8211; &#8212; &#8230;",
    "word\u00a0word\u2003word</p>",
    "<p>\tlast\n\nwords\n</p>\n",
]

PIECES = [
    "a", "Word", "NASA", "R2D2", "A.B.", "N. ", " ", "  ", "\n", "\t", "\u00a0", "'", '"', "``", "''",
    "`", "-", "--", "---", "...", "'s", "s'", "'\"", "\"'", "&mdash;", "&#x2013;", "&#8211;", "!", "(", "[", ". . .", "\\", "\\'", "&", "&amp;", "&quot;", "&#8220;", "&#38;",
    "&nbsp;", "<p>", "</p>", '<h2 id="x y">', "</h2>", "<li>", "</li>", "<dt>", "</dt>", "</dd>",
    "<em>", "</em>", '<a href="u v">', "</a>", "<b>", "</b>", "<br>", "<i>", "</i>",
    '<span class="c">', "</span>", "<strong>", "</strong>", "<pre>", "</pre>", "<code>", "</code>",
    "<kbd>", "</kbd>", "<script>", "</script>", "<math>", "<!-- c -->", "<!-- -- -->", "<", ">",
    '<img alt="a b">', "x>", "<p", "<pre ", "<li class='x'>", "<h3>", "<dd>", "&ldquo;", "&lsquo;", "<div>", "</div>", "1", "'80s", "s", " & ", " &amp;&nbsp;",
]  # fmt: skip


def pelican_markdown(path: Path) -> str:
    """A post's body as Pelican's Markdown reader makes it with the kit's MARKDOWN."""
    configs = {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    }
    md = markdown.Markdown(extensions=list(configs), extension_configs=configs, output_format="html5")
    return md.convert(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def posts_html(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    corpus = generate(tmp_path_factory.mktemp("corpus"), 300)
    files = sorted(SAMPLE_CONTENT.rglob("*.md")) + sorted(corpus.rglob("*.md"))
    return [pelican_markdown(path) for path in files]


@pytest.fixture
def library_attr():
    """smartypants' default attributes are global: put back as they were."""
    before = smartypants.Attr.default
    yield
    smartypants.Attr.default = before


def test_every_post_comes_out_as_the_library_makes_it(posts_html: list[str], library_attr: None) -> None:
    assert len(posts_html) > 300
    for attr in ATTRIBUTES[:3]:
        smartypants.Attr.default = attr
        for html in posts_html:
            for name in ("widont", "amp", "caps", "convert_quotes", "initial_quotes"):
                assert QUICK[name](html) == LIBRARY[name](html), name
            assert quick.quick_smartypants(html) == LIBRARY["smartypants"](html)
    # The filters change these posts (the comparison is not of unchanged text).
    assert sum(quick.quick_widont(html) != html for html in posts_html) > 300
    assert sum(quick.quick_caps(html) != html for html in posts_html) >= 3


@pytest.mark.parametrize("html", ODD_HTML)
def test_odd_html_comes_out_as_the_library_makes_it(html: str) -> None:
    for name in ("widont", "amp", "caps", "convert_quotes", "initial_quotes"):
        assert QUICK[name](html) == LIBRARY[name](html), name
    for attr in ATTRIBUTES:
        assert quick.quick_smartypants(html, attr) == LIBRARY["smartypants"](html, attr), attr


def test_generated_text_comes_out_as_the_library_makes_it() -> None:
    rng = random.Random(2026)
    changed = dict.fromkeys(QUICK, 0)
    for _ in range(4000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        for name in ("widont", "amp", "caps", "convert_quotes", "initial_quotes"):
            expected = LIBRARY[name](text)
            assert QUICK[name](text) == expected, (name, text)
            changed[name] += expected != text
        for attr in ATTRIBUTES:
            expected = LIBRARY["smartypants"](text, attr)
            assert quick.quick_smartypants(text, attr) == expected, (attr, text)
            changed["smartypants"] += expected != text
    assert all(count > 100 for count in changed.values()), changed  # each filter had work


def test_the_whole_typogrify_filter_gives_the_same_with_ignored_tags_and_omitted_filters(
    posts_html: list[str], library_attr: None
) -> None:
    smartypants.Attr.default = ATTRIBUTES[0]
    options = [({}, None), ({}, ["h2", "blockquote", ".highlight"]), ({"widont": False, "caps": False}, None)]
    try:
        for kwargs, ignore in options:
            quick.uninstall()
            expected = [typogrify.filters.typogrify(html, ignore, **kwargs) for html in posts_html]
            assert quick.install()
            assert [typogrify.filters.typogrify(html, ignore, **kwargs) for html in posts_html] == expected
    finally:
        quick.uninstall()


def test_only_the_versions_it_was_checked_with_are_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        assert quick.installed_versions() == quick.TESTED_VERSIONS
        assert quick.install()
        assert smartypants.smartypants is quick.quick_smartypants
        assert typogrify.filters.widont is quick.quick_widont
        quick.uninstall()
        monkeypatch.setattr(
            quick, "installed_versions", lambda: {"typogrify": "2.2.0", "smartypants": "2.0.2"}
        )
        assert not quick.install()
        assert smartypants.smartypants is LIBRARY["smartypants"]
        assert typogrify.filters.widont is LIBRARY["widont"]
        assert typogrify.filters.caps is LIBRARY["caps"] and typogrify.filters.amp is LIBRARY["amp"]
    finally:
        quick.uninstall()


TRICKY_POST = """Title: "Quotes" -- dashes... & the rest
Date: 2025-05-06
Slug: tricky-typography
Tags: NASA, R&D
Summary: It's the '80s -- "again"... AT&T & co.

"Don't," she said -- then 'twas over... . . . NASA's HR & IT teams met at 9 A.M. on the U.S.A. trip.

A paragraph ending in <em>emphasis</em>, a [link to the front](https://example.org "A title"),
and `code with "quotes" -- and dashes`.

<p>Raw HTML with <kbd>Ctrl C</kbd> and <abbr title="Human Resources">HR</abbr> in it.</p>

<!-- a comment -- with dashes -->

- one item
- "another" item -- last

Term
:   Its "definition" here

| Column | Other |
|--------|-------|
| "cell" | --- |

## A heading with "quotes" & an ampersand

    preformatted "text" -- left alone

Footnote here.[^1]

[^1]: The note's "text".
"""


# Settings a user may choose that change what Typogrify does.
TYPOGRIFY_SETTINGS = [
    ("default", "pelicanconf.py", {}),
    ("publish", "publishconf.py", {}),
    (
        "oldschool, tags ignored",
        "pelicanconf.py",
        {"TYPOGRIFY_DASHES": "oldschool", "TYPOGRIFY_IGNORE_TAGS": ["h2", "blockquote", ".footnote"]},
    ),
    (
        "oldschool inverted, filters left out",
        "pelicanconf.py",
        {"TYPOGRIFY_DASHES": "oldschool_inverted", "TYPOGRIFY_OMIT_FILTERS": ["widont", "amp"]},
    ),
]


@pytest.fixture(scope="module")
def tricky_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = sample_with_bench_posts(tmp_path_factory.mktemp("tricky"), 60)
    (content / "reflections" / "tricky-typography.md").write_text(TRICKY_POST, encoding="utf-8")
    return content


@pytest.mark.parametrize(
    ("settings", "extra"), [s[1:] for s in TYPOGRIFY_SETTINGS], ids=[s[0] for s in TYPOGRIFY_SETTINGS]
)
def test_a_site_built_with_it_is_the_site_built_without(
    tricky_content: Path, tmp_path: Path, settings: str, extra: dict
) -> None:
    builds = {}
    for quick_on in (True, False):
        build = run_pelican(
            tmp_path / str(quick_on),
            settings,
            content=tricky_content,
            extra_settings={**extra, "SHORTLIST_QUICK_TYPOGRIFY": quick_on},
        )
        assert build.returncode == 0, build.log
        builds[quick_on] = build
    assert differences(builds[True].output, builds[False].output) == []
    page = (builds[True].output / "reflections" / "tricky-typography" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Don&#8217;t" in page  # Typogrify did run


def test_the_copied_quote_expressions_are_the_librarys_in_its_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """What smartypants.convert_quotes compiles and substitutes, recorded from its own run."""
    import re

    used: list[tuple[str, int, str]] = []

    class Recorder:
        VERBOSE = re.VERBOSE

        @staticmethod
        def compile(pattern: str, flags: int = 0):
            compiled = re.compile(pattern, flags)

            class Recorded:
                def sub(self, replacement: str, text: str) -> str:
                    used.append((pattern, flags, replacement))
                    return compiled.sub(replacement, text)

            return Recorded()

        @staticmethod
        def sub(pattern: str, replacement: str, text: str) -> str:
            used.append((pattern, 0, replacement))
            return re.sub(pattern, replacement, text)

    monkeypatch.setattr(smartypants, "re", Recorder)
    smartypants.convert_quotes("'\"")
    from re import _parser  # the parsed expression: the same whatever its spacing and comments

    def parsed(pattern: str, flags: int) -> str:
        return repr(_parser.parse(pattern, flags & re.VERBOSE).data)

    copied = [(parsed(e.pattern, e.flags), r) for _, e, r in quick._QUOTE_STEPS]
    assert len(used) == 14
    assert copied == [(parsed(p, f), r) for p, f, r in used]


@pytest.mark.parametrize(("function", "copy"), [("widont", "WIDONT"), ("initial_quotes", "INITIAL_QUOTE")])
def test_the_copied_filter_expressions_are_the_librarys(
    monkeypatch: pytest.MonkeyPatch, function: str, copy: str
) -> None:
    """What the library's own filter compiles, recorded from its run."""
    import re
    from re import _parser

    compiled: list[tuple[str, int]] = []

    class Recorder:
        VERBOSE = re.VERBOSE

        @staticmethod
        def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
            compiled.append((pattern, flags))
            return re.compile(pattern, flags)

    monkeypatch.setattr(typogrify.filters, "re", Recorder)
    LIBRARY[function]("<p>x y</p>")
    ((pattern, flags),) = compiled
    ours = getattr(quick, copy)
    assert (ours.pattern, ours.flags & re.VERBOSE) == (pattern, flags)
    assert repr(_parser.parse(ours.pattern, ours.flags).data) == repr(_parser.parse(pattern, flags).data)
