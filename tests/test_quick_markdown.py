"""plugins/shortlist_markdown: Markdown without the searches that cannot find anything
(inline patterns, block tests) gives Markdown's own HTML, byte for byte.

Each pattern's and block test's characters are checked against its expression
(generated text without them never matches; text with them can), and the HTML against
Markdown's own on every sample and bench post, on odd Markdown, on generated text dense
with what the patterns and blocks look for, under the kit's Markdown settings and
others; and a site is built with and without it.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as etree

import markdown
import pytest
from conftest import ROOT, SAMPLE_CONTENT, run_pelican, sample_with_bench_posts
from markdown import treeprocessors

sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import generate
from same_output import differences
from shortlist_markdown import quick

sys.path.insert(0, str(ROOT))
from pelicanconf import MARKDOWN as KIT_MARKDOWN

CONFIGS = {
    "kit": KIT_MARKDOWN,
    "bare": {"output_format": "html5"},
    "extra-smarty-xhtml": {
        "extension_configs": {
            "markdown.extensions.extra": {},
            "markdown.extensions.smarty": {},
            "markdown.extensions.sane_lists": {},
            "markdown.extensions.nl2br": {},
        },
        "output_format": "xhtml",
    },
}

# Inline Markdown where skipping a pattern could go wrong: each special character
# alone, at a search's start and end, escaped, inside code, links, HTML and emphasis.
ODD_MARKDOWN = [
    "",
    "plain words",
    "`code`",
    "``double `tick` code``",
    "\\`not code\\`",
    "\\\\`code after an escaped backslash`",
    "\\\\\\\\`two pairs`",
    "a ` lone backtick",
    "trailing backslash \\",
    "\\*not emphasis\\* and \\_nor this\\_",
    "*em* **strong** ***both*** _em_ __strong__ ___both___",
    "snake_case_word and 2*3*4",
    "* not a list item but * stars *",
    "[link](http://example.org) and [ref][r] and [short]\n\n[r]: http://example.org/r\n[short]: /s",
    "![image](/i.png) ![ref image][i] ![short]\n\n[i]: /i.png\n[short]: /s.png",
    "a [bracket without a link",
    "footnote[^1] here\n\n[^1]: the note, with `code` and *em*",
    "<http://example.org/a?b=c&d=e> and <me@example.org>",
    '<span class="x">raw *html*</span> <!-- a comment --> <?pi?> <![CDATA[x]]>',
    "a < b > c and 3 <5",
    "&amp; &copy; &#169; &#xA9; & alone &nope",
    "two spaces then a break  \nnext line",
    "two spaces at the very end  ",
    "*emphasis with `code` and [a link](/x) inside*",
    "`code with *stars* and [brackets] and <tags> & entities`",
    '[a link with `code` and *em*](/y "title")',
    "Term\n:   definition with *em*",
    "| a | b |\n|---|---|\n| `c` | *d* |",
    "*[HTML]: Hyper Text Markup Language\n\nThe HTML spec",
    "A paragraph {: .class-name }",
    '<div markdown="1">*inside* html</div>',
    "    indented code with *stars* and `ticks`",
    "```\nfenced *stars* `ticks` [x]\n```",
    "# Heading with `code` and *em*",
    "- item with [link](/l)\n- item with `code`\n    - nested *em*",
    "> quote with **strong** and <b>bold</b>",
    "line one\nline two with _under_",
    "\u00e9t\u00e9 *accent* \u2014 em dash `\u00fc`",
    # Blocks: each kind a block processor's quick test looks for, and look-alikes.
    "# Heading\n\n## Second ##\n\n####### seven hashes",
    "text with a # in it\n#hashtag at a line's start",
    "Underlined\n==========\n\nAlso\n------",
    "a line\n-\n\na line\n=\n\na line\n=not underline",
    "---\n\n* * *\n\n___\n\n- - -",
    "a - b _ c * d",
    "> quote\n> > nested\n\na > b\n\n   > indented quote",
    "Term\n:   definition\n\ntime: 10:30\n: alone",
    "- item\n\n    > quote in a list\n\n    # heading in a list",
]

TOKENS = [
    "`",
    "``",
    "\\",
    "\\\\",
    "[",
    "]",
    "(",
    ")",
    "!",
    "<",
    ">",
    "&",
    "&amp;",
    "&#169;",
    ";",
    "*",
    "**",
    "_",
    "__",
    "  \n",
    "\n",
    "\n\n",
    " ",
    "a",
    "word",
    "http://x.org",
    "me@x.org",
    "^",
    "#",
    ":",
    "/",
    '"',
    "'",
    "=",
    "-",
    "1.",
    "|",
    "{: .c }",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "\n#",
    "\n> ",
    "\n: ",
    "\n---\n",
    "\n===",
    "\n- ",
    "# ",
    "    ",
]


def kit_markdown(config: dict) -> markdown.Markdown:
    configs = config.get("extension_configs", {})
    return markdown.Markdown(
        extensions=list(configs),
        extension_configs=configs,
        output_format=config.get("output_format", "html5"),
    )


def both_ways(config: dict, texts: list[str]) -> tuple[list[str], list[str]]:
    """Each text converted by Markdown's own inline step, then by the quick one."""
    answers: dict[bool, list[str]] = {}
    try:
        for quick_on in (False, True):
            if quick_on:
                assert quick.install()
            else:
                quick.uninstall()
            md = kit_markdown(config)
            answers[quick_on] = []
            for text in texts:
                md.reset()
                answers[quick_on].append(md.convert(text))
    finally:
        quick.uninstall()
    return answers[False], answers[True]


def generated(count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 40)))


def test_the_versions_checked_are_the_pinned_ones() -> None:
    pinned = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    for name, version in quick.TESTED_VERSIONS.items():
        assert re.search(rf"^{re.escape(name)}=={re.escape(version)}$", pinned, re.MULTILINE | re.IGNORECASE)
    assert quick.installed_versions() == quick.TESTED_VERSIONS


def test_every_inline_pattern_of_the_kits_markdown_is_known() -> None:
    md = kit_markdown(KIT_MARKDOWN)
    unknown = [type(p).__name__ for p in md.inlinePatterns if quick.needs_of(p) is None]
    assert unknown == []
    assert {p.compiled_re.pattern for p in md.inlinePatterns} == set(quick.NEEDS)


@pytest.mark.parametrize("expression", sorted(quick.NEEDS))
def test_text_without_what_a_pattern_needs_never_matches_and_text_with_it_can(expression: str) -> None:
    needs = quick.NEEDS[expression]
    compiled = re.compile(expression, re.DOTALL | re.UNICODE)  # as InlineProcessor compiles it
    alphabet = [token for token in TOKENS if not any(needed in token for needed in needs)]
    alphabet += ["\\\\", "  ", " \n", "@", "://", "CDATA", "?", "--"]
    alphabet = [token for token in alphabet if not any(needed in token for needed in needs)]
    rng = random.Random(expression)
    tried = 0
    while tried < 3000:
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        if any(needed in text for needed in needs):  # made by two pieces together ("  " " \n")
            continue
        tried += 1
        for start in (0, len(text) // 2):
            assert compiled.search(text, start) is None, (expression, text)
    # And the characters are not a guess: each pattern does match somewhere with them.
    examples = {"`": "`x`", "\\": "\\*", "[": "[^1] [x] ![y]", "<": "<b> <http://x.y> <a@b.c>", "&": "&amp;"}
    examples |= {"  \n": "a  \nb", "*": "*x*", "_": "_x_"}
    assert any(compiled.search(examples[needed]) for needed in needs)


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_odd_markdown_comes_out_as_markdowns_own(config: str) -> None:
    own, fast = both_ways(CONFIGS[config], ODD_MARKDOWN)
    assert fast == own
    assert "<code>code</code>" in fast[2] and "<em>em</em>" in fast[10]  # the patterns did run
    assert "Heading</h1>" in fast[-9] and "<hr" in fast[-5] and "<blockquote>" in fast[-3]
    assert ("<dd>" in fast[-2]) == (config != "bare")  # definition lists come with Extra


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_generated_markdown_comes_out_as_markdowns_own(config: str) -> None:
    texts = list(generated(2500, seed=len(config)))
    own, fast = both_ways(CONFIGS[config], texts)
    differing = [text for text, a, b in zip(texts, own, fast, strict=True) if a != b]
    assert differing == []


def test_every_sample_and_bench_post_comes_out_as_markdowns_own(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "corpus", 200)
    sources = sorted(SAMPLE_CONTENT.rglob("*.md")) + sorted(corpus.rglob("*.md"))
    texts = [path.read_text(encoding="utf-8") for path in sources]
    own, fast = both_ways(KIT_MARKDOWN, texts)
    assert len(texts) > 200
    assert fast == own


def test_every_block_test_made_quick_searches_with_the_expression_named() -> None:
    for kind, (attribute, expression, _) in quick.BLOCK_NEEDS.items():
        assert getattr(kind, attribute).pattern == expression, kind
    md = kit_markdown(KIT_MARKDOWN)
    kinds = {type(processor) for processor in md.parser.blockprocessors}
    assert set(quick.BLOCK_NEEDS) <= kinds


@pytest.mark.parametrize(
    "kind", sorted(quick.BLOCK_NEEDS, key=lambda kind: kind.__name__), ids=lambda k: k.__name__
)
def test_a_block_without_what_a_block_test_needs_is_never_its_kind_and_one_with_it_can_be(kind: type) -> None:
    quick.uninstall()
    md = kit_markdown(KIT_MARKDOWN)
    (processor,) = [p for p in md.parser.blockprocessors if type(p) is kind]
    parent = etree.Element("div")
    needs = quick.BLOCK_NEEDS[kind][2]
    alphabet = [token for token in TOKENS if not any(needed in token for needed in needs)]
    rng = random.Random(kind.__name__)
    tried = 0
    while tried < 3000:
        block = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        if any(needed in block for needed in needs):  # made by two pieces together
            continue
        tried += 1
        assert not processor.test(parent, block), (kind.__name__, block)
    examples = ["> q", "# h", "h\n===", "h\n---", "***", "t\n: d"]
    assert any(processor.test(parent, example) for example in examples)


def test_it_is_left_alone_for_another_markdown_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quick, "installed_versions", lambda: {"Markdown": "3.99"})
    try:
        assert quick.install() is False
        assert treeprocessors.InlineProcessor._InlineProcessor__applyPattern is quick.ORIGINAL
        assert all(vars(kind)["test"] is test for kind, test in quick.ORIGINAL_TESTS.items())
        assert not quick.installed()
    finally:
        quick.uninstall()
    monkeypatch.undo()
    assert quick.install()
    assert quick.installed()
    quick.uninstall()


@pytest.fixture(scope="module")
def inline_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = sample_with_bench_posts(tmp_path_factory.mktemp("inline"), 60)
    # The kit checks that each picture is there: the sample's own, instead of made-up ones.
    texts = [text for text in ODD_MARKDOWN if text and not text.startswith("#") and "![" not in text]
    texts.append("![A portfolio page](images/portfolio-three-case-studies.png) after *em*")
    body = "\n\n".join(texts)
    (content / "reflections" / "odd-inline-markdown.md").write_text(
        "Title: Odd inline Markdown\nDate: 2026-11-20 10:00\nAuthor: Sam Ortega\nTags: tests\n"
        "Summary: Every inline pattern at once.\n\n" + body + "\n",
        encoding="utf-8",
    )
    return content


@pytest.mark.parametrize("settings", ["pelicanconf.py", "publishconf.py"])
def test_a_site_built_with_it_is_the_site_built_without(
    inline_content: Path, tmp_path: Path, settings: str
) -> None:
    builds = {}
    for quick_on in (True, False):
        build = run_pelican(
            tmp_path / str(quick_on),
            settings,
            content=inline_content,
            extra_settings={"SHORTLIST_QUICK_MARKDOWN": quick_on},
        )
        assert build.returncode == 0, build.log
        builds[quick_on] = build
    assert differences(builds[True].output, builds[False].output) == []
    page = (builds[True].output / "reflections" / "odd-inline-markdown" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "<code>code</code>" in page and "<em>em</em>" in page
