"""Typogrify's slow filters, done the same way with less work: the same answer, byte for byte.

At 1,000 posts Typogrify took more time than Markdown (about 5 CPU-s against 4):
`smartypants` runs some 25 regular expressions on every piece of text between two
tags, and `widont` tries its expression at every character of the page. Each
function here gives exactly what the library's gives, for any text and options; it
only skips the work that cannot change anything:

- `quick_smartypants`: the library's own loop over the library's own tokens; each
  conversion (the library's function) runs only when the text holds what it looks
  for. Every expression in `process_escapes` needs a backslash, and so on (the guard
  beside each says what); of `convert_quotes`' expressions (copied, in its order),
  those for single quotes run only on text with a ', those for double quotes on
  text with a ".
- `quick_widont`: a match of widont's expression ends at the end of a block (or of
  the text), so the library's expression is tried only at the one place before each
  where it could start. Text where a "<" is not closed before the next "<" (or the
  end) goes to the library's own widont: there a tag could hide a match's start.
- `quick_amp`: text without a lone ampersand comes back as it was (the library's
  expression can only change text around one).
- `quick_caps`: only the pieces of text with two capitals together go through the
  library's caps, each with the tag before it, which is all caps looks back at.
- `quick_initial_quotes`: the library's expression (copied) is tried only at the
  start of the text and at each opening block tag, where its matches start.

They replace the library's functions (`install`) only for the versions checked here
(TESTED_VERSIONS); tests/test_quick_typogrify.py compares them with the library's,
on every sample and bench post and on generated text full of quotes, dashes, tags
and entities, under every TYPOGRIFY_DASHES setting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import smartypants
import typogrify.filters
from shortlist_core.quick_paths import distribution_versions

# The versions whose code this follows; any other is left alone.
TESTED_VERSIONS = {"typogrify": "2.1.0", "smartypants": "2.0.2"}

ORIGINALS: dict[str, Callable[..., str]] = {
    "smartypants": smartypants.smartypants,
    "widont": typogrify.filters.widont,
    "amp": typogrify.filters.amp,
    "caps": typogrify.filters.caps,
    "initial_quotes": typogrify.filters.initial_quotes,
}


def installed_versions() -> dict[str, str]:
    return distribution_versions(tuple(TESTED_VERSIONS))


def quick_smartypants(text: str, attr: Any = None) -> str:
    """`smartypants.smartypants(text, attr)`, skipping conversions with nothing to do."""
    Attr = smartypants.Attr  # the library's name
    if attr is None:
        attr = Attr.default
    do_quotes = attr & Attr.q
    do_backticks = attr & Attr.mask_b
    do_dashes = attr & Attr.mask_d
    do_ellipses = attr & Attr.e
    do_entities = attr & Attr.mask_o
    convert_quot = attr & Attr.w
    skip_tags = smartypants._tags_to_skip_regex()
    skipped_tag_stack: list[str] = []
    in_pre = False
    prev_token_last_char = ""
    result = []
    for kind, token in smartypants._tokenize(text):
        if kind == "tag":
            result.append(token)
            skip_match = skip_tags.match(token)
            if skip_match:
                if not skip_match.group(1):
                    skipped_tag_stack.append(skip_match.group(2).lower())
                    in_pre = True
                else:
                    if skipped_tag_stack and skip_match.group(2).lower() == skipped_tag_stack[-1]:
                        skipped_tag_stack.pop()
                    if not skipped_tag_stack:
                        in_pre = False
            continue
        last_char = token[-1:]
        if not in_pre:
            if "\\" in token:  # every escape starts with a backslash
                token = smartypants.process_escapes(token)
            if convert_quot and "&quot;" in token:
                token = token.replace("&quot;", '"')  # the library: re.sub('&quot;', '"', t)
            if do_dashes and "--" in token:  # "--" and "---"
                if do_dashes == Attr.d:
                    token = smartypants.convert_dashes(token)
                if do_dashes == Attr.D:
                    token = smartypants.convert_dashes_oldschool(token)
                if do_dashes == Attr.i:
                    token = smartypants.convert_dashes_oldschool_inverted(token)
            if do_ellipses and (".." in token or ". ." in token):  # "..." and ". . ."
                token = smartypants.convert_ellipses(token)
            if do_backticks == Attr.b and ("``" in token or "''" in token):
                token = smartypants.convert_backticks(token)
            if do_backticks == Attr.B and ("`" in token or "'" in token):
                token = smartypants.convert_single_backticks(token)
            if do_quotes and ("'" in token or '"' in token):
                if token == "'":
                    token = "&#8217;" if re.match(r"\S", prev_token_last_char) else "&#8216;"
                elif token == '"':
                    token = "&#8221;" if re.match(r"\S", prev_token_last_char) else "&#8220;"
                else:
                    token = quick_convert_quotes(token)
            if do_entities and "&#8" in token:  # every entity it converts is &#82..;
                mode = 0 if do_entities == Attr.u else 1 if do_entities == Attr.h else 2
                token = smartypants.convert_entities(token, mode)
        prev_token_last_char = last_char
        result.append(token)
    return "".join(result)


# smartypants.convert_quotes' expressions (smartypants 2.0.2), in its order, as it
# builds them, each with the quote every match of it holds: "'" or '"' (both: it needs
# both). No step writes a quote, so a step whose quote the text lacks changes nothing.
_PUNCT_CLASS = r"""[!"#\$\%'()*+,-.\/:;<=>?\@\[\\\]\^_`{|}~]"""
_CLOSE_CLASS = r"[^\ \t\r\n\[\{\(\-]"
_DEC_DASHES = "&#8211;|&#8212;"
_OPENING = r"""
            (
                \s          |   # a whitespace char, or
                &nbsp;      |   # a non-breaking space entity, or
                --          |   # dashes, or
                &[mn]dash;  |   # named dash entities
                %s          |   # or decimal entities
                &\#x201[34];    # or hex
            )
            %s                # the quote
            (?=\w)            # followed by a word character
            """
_QUOTE_STEPS: list[tuple[str, re.Pattern[str], str]] = [
    ("'", re.compile(r"^'(?=" + _PUNCT_CLASS + r"\\B)"), "&#8217;"),
    ('"', re.compile(r'^"(?=' + _PUNCT_CLASS + r"\\B)"), "&#8221;"),
    ("both", re.compile(r""""'(?=\w)"""), "&#8220;&#8216;"),
    ("both", re.compile(r"""'"(?=\w)"""), "&#8216;&#8220;"),
    ("'", re.compile(r"""\b'(?=\d{2}s)"""), "&#8217;"),
    ("'", re.compile(_OPENING % (_DEC_DASHES, "'"), re.VERBOSE), r"\1&#8216;"),
    ("'", re.compile("(" + _CLOSE_CLASS + r")'(?!\s | s\b | \d)", re.VERBOSE), r"\1&#8217;"),
    ("'", re.compile("(" + _CLOSE_CLASS + r")'(\s | s\b)", re.VERBOSE), r"\1&#8217;\2"),
    ("'", re.compile("'"), "&#8216;"),
    ('"', re.compile(_OPENING % (_DEC_DASHES, '"'), re.VERBOSE), r"\1&#8220;"),
    ('"', re.compile(r'"(?=\s)'), "&#8221;"),
    ('"', re.compile('^"(?=' + _PUNCT_CLASS + ")", re.VERBOSE), "&#8221;"),
    ('"', re.compile("(" + _CLOSE_CLASS + ')"', re.VERBOSE), r"\1&#8221;"),
    ('"', re.compile('"'), "&#8220;"),
]


def quick_convert_quotes(text: str) -> str:
    """`smartypants.convert_quotes(text)`, leaving out the steps for the quote it lacks."""
    single, double = "'" in text, '"' in text
    for quote, expression, replacement in _QUOTE_STEPS:
        if (single and double) if quote == "both" else (single if quote == "'" else double):
            text = expression.sub(replacement, text)
    return text


# typogrify.filters.widont's expression (typogrify 2.1.0), as it is there.
WIDONT = re.compile(
    r"""((?:</?(?:a|em|span|strong|i|b)[^>]*>)|[^<>\s]) # must be proceeded by an approved inline opening or closing tag or a nontag/nonspace
                                   \s+                                             # the space to replace
                                   ([^<>\s]+                                       # must be flollowed by non-tag non-space characters
                                   \s*                                             # optional white space!
                                   (</(a|em|span|strong|i|b)>\s*)*                 # optional closing inline tags with optional white space after each
                                   ((</(p|h[1-6]|li|dt|dd)>)|$))                   # end with a closing p, h1-6, li or the end of the string
                                   """,
    re.VERBOSE,
)
# Where a WIDONT match can end: the end of a block, or of the text.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd)>")
# Read backwards from such an end (in the reversed text): closing inline tags and white
# space, the last word, then the run of white space before it (group 1), as WIDONT
# has them forwards. None of its parts can take a character another part could, so it
# finds the same run WIDONT would.
_LAST_WORD_BACKWARDS = re.compile(r"(?:\s*>(?:a|me|naps|gnorts|i|b)/<)*\s*[^<>\s]+(\s+)")
# A "<" followed by another "<", or by the end, before any ">".
_UNCLOSED_TAG = re.compile(r"<[^>]*(?:<|$)")


def quick_widont(text: str) -> str:
    """`typogrify.filters.widont(text)`, trying its expression only where it can match.

    Why this finds the same matches: a match ends at the end of a block (or of the
    text), and before that it is one character that is not space, "<" or ">" (or a tag
    ending in ">"), white space, one word, then only white space and closing inline
    tags. So from each block's end there is one place a match can start, found by
    reading backwards. Where every "<" is closed by a ">" before the next "<", that
    place comes after the end of the block before, so the candidates come in the
    order re.sub would find them, and none overlaps another.
    """
    if _UNCLOSED_TAG.search(text):
        return ORIGINALS["widont"](text)
    size = len(text)
    backwards = text[::-1]
    pieces = []
    done = 0  # everything before this is in pieces (re.sub would go on from here)
    ends = [block.start() for block in _BLOCK_END.finditer(text)]
    ends.append(size)
    for end in ends:
        last_word = _LAST_WORD_BACKWARDS.match(backwards, size - end)
        if last_word is None:
            continue
        space = size - last_word.end(1)  # where the white space before the last word starts
        before = text[space - 1] if space > done else ""
        start = -1
        if before == ">":
            start = text.rfind("<", done, space - 1)  # the tag that ends there
        elif before and before != "<":
            start = space - 1
        match = WIDONT.match(text, start) if start >= 0 else None
        if match is not None and match.end(1) == space:
            pieces += (text[done:start], match.group(1), "&nbsp;", match.group(2))
            done = match.end()
    pieces.append(text[done:])
    return "".join(pieces)


# What typogrify.filters.amp changes is an ampersand with white space (or &nbsp;) on
# both sides (its amp_finder); every such place holds this, which starts with "&",
# so it is found fast.
_AMPERSAND_THEN_SPACE = re.compile(r"&(?:amp;|\#38;)?(?:\s|&nbsp;)")


def quick_amp(text: str) -> str:
    """`typogrify.filters.amp(text)`: the text itself when no ampersand is followed by space."""
    if _AMPERSAND_THEN_SPACE.search(text) is None:
        return text
    return ORIGINALS["amp"](text)


# Every run typogrify.filters.caps wraps holds two capitals next to each other (digits
# between them allowed) or a capital, a full stop, maybe a space, and a capital.
_TWO_CAPITALS = re.compile(r"[A-Z](?:\d*|\.\s?)[A-Z]")


def quick_caps(text: str) -> str:
    """`typogrify.filters.caps(text)`, run only on the pieces of text that hold capitals.

    The library goes through smartypants' tokens, and whether it skips a piece of text
    depends only on the tag before it (an opening <kbd> or <script>): so each piece it
    could change is given to it with that tag, and the tag taken off again.
    """
    if _TWO_CAPITALS.search(text) is None:
        return text
    pieces = []
    last_tag = ""
    for kind, token in smartypants._tokenize(text):
        if kind == "tag":
            last_tag = token
            pieces.append(token)
        elif _TWO_CAPITALS.search(token):
            pieces.append(ORIGINALS["caps"](last_tag + token)[len(last_tag) :])
        else:
            pieces.append(token)
    return "".join(pieces)


# typogrify.filters.initial_quotes' expression (typogrify 2.1.0), as it is there.
INITIAL_QUOTE = re.compile(
    r"""((<(p|h[1-6]|li|dt|dd)[^>]*>|^)              # start with an opening p, h1-6, li, dd, dt or the start of the string
                                  \s*                                          # optional white space!
                                  (<(a|em|span|strong|i|b)[^>]*>\s*)*)         # optional opening inline tags, with more optional white space for each.
                                  (("|&ldquo;|&\#8220;)|('|&lsquo;|&\#8216;))  # Find me a quote! (only need to find the left quotes and the primes)
                                                                               # double quotes are in group 7, singles in group 8
                                  """,
    re.VERBOSE,
)
# Where an INITIAL_QUOTE match can start, besides the start of the text ("^").
_BLOCK_START = re.compile(r"<(?:p|h[1-6]|li|dt|dd)")


def quick_initial_quotes(text: str) -> str:
    """`typogrify.filters.initial_quotes(text)`, trying its expression only where a match
    can start: the start of the text, and each opening block tag (the expression's
    first part), in order, each after the last match."""
    pieces = []
    done = 0
    for start in (0, *(tag.start() for tag in _BLOCK_START.finditer(text))):
        if start < done:
            continue
        match = INITIAL_QUOTE.match(text, start)
        if match is None:
            continue
        # The library's _quote_wrapper: double quotes are group 7, single ones group 8.
        classname, quote = ("dquo", match.group(7)) if match.group(7) else ("quo", match.group(8))
        pieces += (text[done:start], match.group(1), f'<span class="{classname}">{quote}</span>')
        done = match.end()
    pieces.append(text[done:])
    return "".join(pieces)


# Each library function and its quick version, in the module Typogrify looks it up in.
_REPLACED: list[tuple[Any, str, Callable[..., str]]] = [
    (smartypants, "smartypants", quick_smartypants),
    (typogrify.filters, "widont", quick_widont),
    (typogrify.filters, "amp", quick_amp),
    (typogrify.filters, "caps", quick_caps),
    (typogrify.filters, "initial_quotes", quick_initial_quotes),
]


def install() -> bool:
    """Put the quick functions in the libraries' place, where Typogrify calls them
    (`typogrify.filters.typogrify` looks up its filters, and `smartypants.smartypants`,
    at each call); only for TESTED_VERSIONS. True if they are in place."""
    if installed_versions() != TESTED_VERSIONS:
        return False
    for module, name, quick in _REPLACED:
        setattr(module, name, quick)
    return True


def uninstall() -> None:
    """The libraries' own functions again."""
    for module, name, _ in _REPLACED:
        setattr(module, name, ORIGINALS[name])
