"""Markdown's inline step without the searches that cannot find anything.

Python-Markdown turns the text of every paragraph, list item and heading into HTML
by trying each inline pattern in turn (code spans, escapes, footnotes, links and
images, autolinks, line breaks, raw HTML, entities, emphasis): each is a regular
expression searched over the whole text, again for every piece of text a match
leaves. Most text holds none of what they look for, and some of the expressions
cannot be searched quickly: the code span's starts with a look-behind, so it is
tried at every character. On the bench's 1,000 posts the inline step was about half
of Markdown's time, and the code span's search alone a sixth.

Each pattern below needs one of a few characters to match at all (a code span a
backtick, a link or image a "[", raw HTML or an autolink a "<", an entity a "&",
emphasis a "*" or "_"...): where the text after the search's start holds none of
them, the pattern is not tried, and Markdown's step goes on exactly as after a
search that found nothing (`InlineProcessor.__applyPattern` returns the text as it
was, "no match", and nothing else happens: no match, no `handleMatch`, no state).
Everything else, every match, every other pattern and extension, is Markdown's own.

The same goes for the blocks (paragraphs, before their text is looked at): for each
block, Markdown asks each block processor in turn whether the block is its kind
(`test`), and five of them answer with one search of the whole block: a block quote
needs a ">", a heading a "#", an underlined heading a line starting "=" or "-", a
rule a "-", "_" or "*", a definition a ":". Where the block holds none, the answer is
False at once, as the search would make it (nothing else happens in those `test`s
when it finds nothing).

The patterns and processors are named by their expressions, character for character,
as the versions in TESTED_VERSIONS write them: an extension's pattern, or one that
another version (or a subclass) writes otherwise, is always searched.
tests/test_quick_markdown.py checks the characters against each expression, and the
HTML against Markdown's own on every sample and bench post, on odd Markdown, on
generated Markdown, and on a site built both ways.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown import blockprocessors, treeprocessors
from markdown.extensions import def_list
from shortlist_core.quick_paths import distribution_versions

# The versions whose inline step this follows; with any other it is left alone.
TESTED_VERSIONS = {"Markdown": "3.11.3"}

# Each inline pattern's expression (markdown.inlinepatterns and extensions, 3.11.3),
# and what a text must hold, one of them, for the expression to match in it (each is
# a character, or the line break's two spaces and newline, that every match holds).
NEEDS: dict[str, tuple[str, ...]] = {
    # backtick: a run of backslash pairs before a backtick (its look-ahead), or a backtick
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),
    # escape
    r"\\(.)": ("\\",),
    # footnote reference (markdown.extensions.footnotes)
    r"\[\^([^\]]*)\]": ("[",),
    # reference, link, short_reference
    r"(?<!\!)\[": ("[",),
    # image_link, image_reference, short_image_ref
    r"\!\[": ("[",),
    # autolink
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),
    # automail
    r"<([^<> !]+@[^@<> ]+)>": ("<",),
    # linebreak
    r"  \n": ("  \n",),
    # html: every alternative is inside "(<" ... ">)"
    (
        r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|"""
        r"""[^\s"'=<>]++))?+)*+\s*+/?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|"""
        r"""!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)"""
    ): ("<",),
    # entity
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),
    # em_strong
    r"\*|_": ("*", "_"),
}

# Block processors whose `test` is one search of the block with the expression in the
# named attribute, answering False, and doing nothing else, when it finds nothing; and
# what a block must hold, one of them, for the search to find anything.
BLOCK_NEEDS: dict[type, tuple[str, str, tuple[str, ...]]] = {
    blockprocessors.BlockQuoteProcessor: ("RE", r"(^|\n)[ ]{0,3}>[ ]?(.*)", (">",)),
    blockprocessors.HashHeaderProcessor: (
        "RE",
        r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)",
        ("#",),
    ),
    # re.match at the block's start: a first line (no newline in it), then "=" or "-".
    blockprocessors.SetextHeaderProcessor: ("RE", r"^.*?\n(?:=+|-+)[ ]*(\n|$)", ("\n=", "\n-")),
    blockprocessors.HRProcessor: (
        "SEARCH_RE",
        r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))"
        r"(?P=atomicgroup)[ ]*$",
        ("-", "_", "*"),
    ),
    def_list.DefListProcessor: ("RE", r"(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)", (":",)),
}
ORIGINAL_TESTS: dict[type, Callable[..., bool]] = {kind: vars(kind)["test"] for kind in BLOCK_NEEDS}

_APPLY = "_InlineProcessor__applyPattern"
ORIGINAL: Callable[..., tuple[str, bool, int]] | None = getattr(treeprocessors.InlineProcessor, _APPLY, None)


def installed_versions() -> dict[str, str]:
    return distribution_versions(tuple(TESTED_VERSIONS))


def needs_of(pattern: Any) -> tuple[str, ...] | None:
    """What a text must hold for `pattern` to match, or None: always try it."""
    compiled = getattr(pattern, "compiled_re", None)
    if compiled is None or not isinstance(pattern, treeprocessors.inlinepatterns.InlineProcessor):
        return None
    return NEEDS.get(compiled.pattern)


def quick_apply_pattern(
    self: Any, pattern: Any, data: str, patternIndex: int, startIndex: int = 0
) -> tuple[str, bool, int]:
    """`InlineProcessor.__applyPattern`, answering "no match" at once where the text
    from `startIndex` on holds nothing the pattern needs."""
    needs = needs_of(pattern)
    if needs is not None:
        for needed in needs:
            if data.find(needed, startIndex) >= 0:
                break
        else:
            return data, False, 0
    return ORIGINAL(self, pattern, data, patternIndex, startIndex)  # type: ignore[misc]


def quick_test(kind: type) -> Callable[..., bool]:
    """`kind.test`, answering False at once for a block that holds nothing its search
    needs (when the processor searches with the expression in BLOCK_NEEDS)."""
    attribute, expression, needs = BLOCK_NEEDS[kind]
    original = ORIGINAL_TESTS[kind]

    def test(self: Any, parent: Any, block: str) -> bool:
        if getattr(self, attribute).pattern == expression:
            for needed in needs:
                if needed in block:
                    break
            else:
                return False
        return original(self, parent, block)

    test.shortlist_quick = True  # type: ignore[attr-defined]
    return test


QUICK_TESTS = {kind: quick_test(kind) for kind in BLOCK_NEEDS}


def install() -> bool:
    """The quick steps in Markdown's place, only for TESTED_VERSIONS. True if they are."""
    if ORIGINAL is None or installed_versions() != TESTED_VERSIONS:
        return False
    setattr(treeprocessors.InlineProcessor, _APPLY, quick_apply_pattern)
    for kind, test in QUICK_TESTS.items():
        kind.test = test
    return True


def uninstall() -> None:
    """Markdown's own steps again."""
    if ORIGINAL is not None:
        setattr(treeprocessors.InlineProcessor, _APPLY, ORIGINAL)
    for kind, test in ORIGINAL_TESTS.items():
        kind.test = test


def installed() -> bool:
    """Whether every quick step is in place (tests)."""
    return getattr(treeprocessors.InlineProcessor, _APPLY, None) is quick_apply_pattern and all(
        vars(kind)["test"] is test for kind, test in QUICK_TESTS.items()
    )
