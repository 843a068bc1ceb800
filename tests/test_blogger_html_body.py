"""A Blogger post body to Markdown (plugins/blogger_import/html_body.py).

Every conversion is checked the way the site will use it: the Markdown is rendered by
Python-Markdown with `extra` (as the site does) and the result is compared, with
BeautifulSoup, to the HTML Blogger showed: the same words in the same order, and the same
headings, lists, links, pictures, tables, quotes and code. The post texts are invented.
"""

from __future__ import annotations

import re
import sys
from html import unescape
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from blogger_import.html_body import (
    MarkdownBody,
    blogger_image_urls,
    is_blogger_image_url,
    largest_url,
    to_markdown,
)

# --- helpers ---------------------------------------------------------------------------------


def render(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(text, extensions=["extra"]), "html.parser")


def source(html: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style", "noscript"]):
        tag.decompose()
    return soup


# Invisible characters the conversion drops (and two it reserves for itself).
DROPPED_CHARACTERS = dict.fromkeys(map(ord, "\u200b\ufeff\u00ad\ue0b0\ue0b1"))


def words(soup: BeautifulSoup) -> list[str]:
    return soup.get_text(" ").replace("\xa0", " ").translate(DROPPED_CHARACTERS).split()


def squeeze(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def headings(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(h.name, squeeze(h.get_text())) for h in soup.find_all(re.compile(r"^h[1-6]$"))]


def links(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(squeeze(a.get_text()), a["href"]) for a in soup.find_all("a", href=True)]


def pictures(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(img.get("alt", ""), img["src"]) for img in soup.find_all("img")]


def list_items(soup: BeautifulSoup) -> list[tuple[int, str, str]]:
    """(depth, list kind, the item's own text without its sub-lists) for every item."""
    items = []
    for li in soup.find_all("li"):
        own = "".join(
            child.get_text() if hasattr(child, "get_text") else str(child)
            for child in li.children
            if getattr(child, "name", None) not in ("ul", "ol")
        )
        items.append((len(li.find_parents(["ul", "ol"])), li.parent.name, squeeze(own)))
    return items


def table_rows(soup: BeautifulSoup) -> list[list[str]]:
    return [[squeeze(cell.get_text()) for cell in tr.find_all(["td", "th"])] for tr in soup.find_all("tr")]


def paragraphs(soup: BeautifulSoup) -> list[str]:
    return [squeeze(p.get_text()) for p in soup.find_all("p")]


def assert_tidy(text: str) -> None:
    """The house rules for the Markdown itself."""
    if not text:
        return
    assert text.endswith("\n") and not text.endswith("\n\n"), "ends with exactly one newline"
    assert "\n\n\n\n" not in text, "no runs of three or more blank lines"
    outside_code = re.sub(r"(?ms)^(`{3,}).*?^\1$", "CODE", text)
    assert "\n\n\n" not in outside_code, "blank lines come one at a time, outside code"
    assert not text.startswith("\n")
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line != line.rstrip():
            # Only a hard break (two spaces, a line follows) or a bare list bullet.
            hard_break = line.endswith("  ") and not line.endswith("   ") and lines[number + 1].strip()
            bare_bullet = re.fullmatch(r" *(?:-|\d+\.) ", line) is not None
            assert hard_break or bare_bullet, f"trailing space on line {number + 1}: {line!r}"


def convert(html: str, **options: object) -> MarkdownBody:
    body = to_markdown(html, **options)
    assert_tidy(body.text)
    return body


# --- a whole post ------------------------------------------------------------------------------

POST = """<div dir="ltr" style="text-align: left;" trbidi="on">
<span style="font-family: Georgia, serif;">I walked into the third interview of the week and forgot why I had
come in.&nbsp; Not the company, not the role: <i>why</i>.</span><br />
<br />
<span style="font-family: Georgia, serif;">So here is what I wrote down on the train home.</span><br />
<a name="more"></a><br />
<h2 style="text-align: left;"><span style="font-size: large;">What I <b>actually</b> want</span></h2>
<div>A team that writes things down.</div>
<div>A manager who has done the job.</div>
<div><br /></div>
<div>Three things I will ask next time:</div>
<ol>
<li>How do you decide what to build?</li><br />
<li>Who reviews the work?
<ul><li>Peers</li><li>Someone from <a href="https://example.org/design">design</a></li></ul></li>
<li>What did the last person in this role move on to?</li>
</ol>
<div class="separator" style="clear: both; text-align: center;"><a href="http://4.bp.blogspot.com/-nHFq1m/Ubsb63G/AAAAAAAAAKE/QZ_Cd2/s1600/desk.jpg" imageanchor="1" style="margin-left: 1em; margin-right: 1em;"><img border="0" data-original-height="1200" data-original-width="1600" height="240" src="http://4.bp.blogspot.com/-nHFq1m/Ubsb63G/AAAAAAAAAKE/QZ_Cd2/s320/desk.jpg" width="320" /></a></div>
<table align="center" cellpadding="0" cellspacing="0" class="tr-caption-container" style="margin-left: auto; margin-right: auto; text-align: center;"><tbody>
<tr><td style="text-align: center;"><a href="https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEi_notes/s1600/notes.png" style="margin-left: auto; margin-right: auto;"><img border="0" height="200" src="https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEi_notes/s320/notes.png" width="320" /></a></td></tr>
<tr><td class="tr-caption" style="text-align: center;">The notes from the train</td></tr>
</tbody></table>
<blockquote class="tr_bq">Write down the question before the interview,<br />and the answer right after it.</blockquote>
<table border="1"><tbody>
<tr><td><b>Company</b></td><td><b>Stage</b></td></tr>
<tr><td>Northwind</td><td>Third interview</td></tr>
<tr><td>Contoso</td><td>Offer | pending</td></tr>
</tbody></table>
<pre class="brush: python">def why(interview):
    return interview.notes or "ask again"
</pre>
<hr />
<font face="Verdana">A line with <span style="font-weight: bold;">bold</span>, <span style="font-style: italic;">italic</span> and <strike>crossed out</strike> words.</font><br />
<iframe allowfullscreen="allowfullscreen" class="b-hbp-video b-uploaded" frameborder="0" height="266" id="BLOGGER-video-1a2b" mozallowfullscreen="mozallowfullscreen" src="https://www.blogger.com/video.g?token=AD6v5dzInvented" webkitallowfullscreen="webkitallowfullscreen" width="320"></iframe>
<br />
<span style="font-size: x-small;">Posted from the train.</span></div>
<!--more--><script>var tracker = 1;</script>
"""

LOCAL = {
    "http://4.bp.blogspot.com/-nHFq1m/Ubsb63G/AAAAAAAAAKE/QZ_Cd2/s320/desk.jpg": "images/why-did-i-come-in/desk.jpg",
    "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEi_notes/s320/notes.png": "images/why-did-i-come-in/notes.png",
}


def local_picture(address: str) -> str:
    return LOCAL.get(address, address)


def test_a_whole_post_keeps_its_words_and_structure() -> None:
    body = convert(POST, image_url=local_picture, default_alt="A picture from the post")
    before, after = source(POST), render(body.text)

    assert words(after) == words(before)
    assert headings(after) == [("h2", "What I actually want")]
    assert list_items(after) == [
        (1, "ol", "How do you decide what to build?"),
        (1, "ol", "Who reviews the work?"),
        (2, "ul", "Peers"),
        (2, "ul", "Someone from design"),
        (1, "ol", "What did the last person in this role move on to?"),
    ]
    assert links(after) == [("design", "https://example.org/design")]
    assert pictures(after) == [
        ("A picture from the post", "images/why-did-i-come-in/desk.jpg"),
        ("The notes from the train", "images/why-did-i-come-in/notes.png"),
    ]
    assert body.images_without_alt == 1
    assert after.find("em", string="The notes from the train") is not None
    assert table_rows(after) == [
        ["Company", "Stage"],
        ["Northwind", "Third interview"],
        ["Contoso", "Offer | pending"],
    ]
    quote = after.find("blockquote")
    assert quote is not None and quote.find("br") is not None
    assert (
        squeeze(quote.get_text())
        == "Write down the question before the interview, and the answer right after it."
    )
    code = after.find("pre").find("code")
    assert code["class"] == ["language-python"]
    assert code.get_text() == 'def why(interview):\n    return interview.notes or "ask again"\n'
    assert len(after.find_all("hr")) == 1
    assert [
        t.name
        for t in after.find_all(["strong", "em", "del"])
        if "bold" in t.text or "italic" in t.text or "crossed" in t.text
    ] == [
        "strong",
        "em",
        "del",
    ]
    video = after.find("iframe")
    assert video.attrs == {
        "src": "https://www.blogger.com/video.g?token=AD6v5dzInvented",
        "width": "320",
        "height": "266",
        "allowfullscreen": "",
    }
    assert paragraphs(after)[:3] == [
        "I walked into the third interview of the week and forgot why I had come in. Not the company, not the role: why.",
        "So here is what I wrote down on the train home.",
        "A team that writes things down.",
    ]


def test_a_whole_post_loses_blogger_markup() -> None:
    text = convert(POST, image_url=local_picture).text
    for junk in (
        "trbidi",
        "style=",
        "class=",
        "<span",
        "<font",
        "<div",
        "&nbsp;",
        "more",
        "tracker",
        "<br",
        "s320",
        "s1600",
    ):
        assert junk not in text, junk
    assert text.startswith("I walked into the third interview")
    assert "\n## What I **actually** want\n" in text
    assert "\n1. How do you decide what to build?\n2. Who reviews the work?\n    - Peers\n" in text
    assert "\n![A picture from the post]" not in text  # default_alt is "" unless given
    assert "\n![](images/why-did-i-come-in/desk.jpg)\n" in text
    assert (
        "\n![The notes from the train](images/why-did-i-come-in/notes.png)\n\n*The notes from the train*\n"
        in text
    )
    assert "\n```python\ndef why(interview):\n" in text


def test_the_classic_export_sample_from_pelicans_tests() -> None:
    # Bodies from pelican/tests/content/bloggerexport.xml: a <br> between list items.
    html = "It was a cold Winter's night.<br /><br /><ul><li>Very cold indeed.</li><br /><li>Note to self: pad out ending</li></ul>"
    assert (
        convert(html).text
        == "It was a cold Winter's night.\n\n- Very cold indeed.\n- Note to self: pad out ending\n"
    )
    wrapped = '<div dir="ltr" style="text-align: left;" trbidi="on">This is a test.</div>'
    assert convert(wrapped).text == "This is a test.\n"


# --- <br /> soup --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # Two or more <br>s end a paragraph, whatever whitespace lies between them.
        ("One<br />\n<br />\nTwo<br /><br /><br /><br />Three", "One\n\nTwo\n\nThree\n"),
        # One <br> inside text is a hard line break: two trailing spaces.
        ("Line one<br />line two<br />\nline three", "Line one  \nline two  \nline three\n"),
        # A <div> per line: a paragraph each; an empty <div><br></div> is only a gap.
        (
            "<div>First.</div><div>Second.</div><div><br /></div><div>Third.</div>",
            "First.\n\nSecond.\n\nThird.\n",
        ),
        # <br>s at the edges of paragraphs, inside or outside other markup, mean nothing.
        ("<br /><br />Text<br /><br /><p><br /></p><p>More<br /></p><br />", "Text\n\nMore\n"),
        # A break inside bold moves out of it; a paragraph break inside italics splits them.
        ("<b>Title<br /></b>text", "**Title**  \ntext\n"),
        ("<i>one<br /><br />two</i>", "*one*\n\n*two*\n"),
        ("<b><i>deep<br /><br />split</i></b>", "***deep***\n\n***split***\n"),
        # Text directly next to a block is a paragraph of its own.
        ("Before<blockquote>Quoted</blockquote>After", "Before\n\n> Quoted\n\nAfter\n"),
        # The jump break between two <br>s: a paragraph break.
        ('Line<br /><a name="more"></a><br />Next', "Line\n\nNext\n"),
        # Word's empty paragraphs and <o:p> tags.
        (
            '<p class="MsoNormal">Word para<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
            '<p class="MsoNormal"><st1:place>Boston</st1:place> rocks</p>',
            "Word para\n\nBoston rocks\n",
        ),
        # A list item with a paragraph break gets two paragraphs.
        ("<ul><li>one<br /><br />two</li><li>three</li></ul>", "- one\n\n    two\n\n- three\n"),
        # &nbsp; runs are spaces; spaces from neighbouring text nodes collapse.
        ("Spaced&nbsp;&nbsp;&nbsp; out <span> words</span>", "Spaced out words\n"),
    ],
)
def test_br_soup_becomes_paragraphs(html: str, expected: str) -> None:
    body = convert(html)
    assert body.text == expected
    assert words(render(body.text)) == words(source(html))


def test_a_hard_break_renders_as_a_line_break() -> None:
    # Python-Markdown reads two trailing spaces as <br>; a trailing backslash it does not.
    rendered = render(convert("Dear hiring team,<br />thank you.").text)
    assert str(rendered.find("p")) == "<p>Dear hiring team,<br/>\nthank you.</p>"
    assert markdown.markdown("a\\\nb") == "<p>a\\\nb</p>"


def test_an_empty_body_is_empty() -> None:
    assert to_markdown("") == MarkdownBody(text="", images_without_alt=0)
    assert to_markdown('<div dir="ltr" trbidi="on"><br /></div>&nbsp;<!--more-->') == MarkdownBody(
        text="", images_without_alt=0
    )


# --- inline markup and junk --------------------------------------------------------------------


def test_styles_that_mean_something_become_markup_and_the_rest_goes() -> None:
    html = (
        '<span style="font-weight: bold;">bold</span> <span style="font-style: italic;">italic</span> '
        '<span style="text-decoration: line-through;">struck</span> '
        '<span style="color: red; font-size: 20px;">plain</span> <font face="Arial" color="blue">font</font> '
        "<u>underlined</u> <span></span>end"
    )
    assert convert(html).text == "**bold** *italic* <del>struck</del> plain font underlined end\n"


def test_google_docs_paste_is_not_all_bold() -> None:
    html = (
        '<b id="docs-internal-guid-1a2b" style="font-weight: normal;"><span style="font-size: 11pt;">Docs text </span>'
        '<span style="font-size: 11pt; font-weight: 700;">bold</span></b>'
    )
    assert convert(html).text == "Docs text **bold**\n"


def test_nested_and_neighbouring_emphasis_is_written_once() -> None:
    html = "<b>outer <b>inner</b> outer</b> <i>a</i><i>b</i> <h3><b>Heading</b></h3>"
    text = convert(html).text
    assert text == "**outer inner outer** *ab*\n\n### Heading\n"


def test_scripts_styles_comments_and_anchors_are_dropped() -> None:
    html = (
        '<p>Hello<script>alert("x")</script><style>p { color: red }</style></p><noscript>no</noscript>'
        "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
        '<a name="top"></a><a id="x"></a><a href="javascript:void(0)">not a link</a>'
        "<h1></h1><h2> </h2>"
    )
    assert convert(html).text == "Hello\n\nnot a link\n"


def test_attributes_are_gone_but_meaning_stays() -> None:
    html = '<p class="x" style="y" id="z"><a class="link" href="https://example.org/a" target="_blank" rel="nofollow" style="color: red">A</a></p>'
    assert convert(html).text == "[A](https://example.org/a)\n"


# --- escaping ------------------------------------------------------------------------------------

TRICKY_LINES = [
    "1. not a list, a year: 1999. fine",
    "1986. A good year.",
    "# not a heading",
    "#hashtag at the start",
    "> not a quote",
    "- not a bullet",
    "+ not a bullet either",
    "* and not this",
    "=====",
    "~~~",
    ": not a definition",
    "snake_case_name and __dunder__ and _under_",
    "2*3*4 and *stars* and **double**",
    "a `tick` and ``two``",
    "[not a link](https://example.org) and [^1] and ![not a picture](x.png)",
    "{: .not-an-attribute} and {curly}",
    "a | pipe | table | row",
    "x < y and <b>not bold</b> and <!-- not a comment --> and <https://not.autolink>",
    "AT&T and &copy; written out and &#169; too",
    "back\\slash and C:\\path\\to\\file",
    "*[HTML]: not an abbreviation",
    "!!! not an admonition",
    "    four leading spaces",
]


@pytest.mark.parametrize("line", TRICKY_LINES)
def test_text_that_looks_like_markdown_stays_text(line: str) -> None:
    html = "<p>Before</p><p>" + line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>"
    rendered = render(convert(html).text)
    assert paragraphs(rendered) == ["Before", squeeze(line)]
    assert rendered.find_all(True) == rendered.find_all("p"), "nothing but the two paragraphs"


@pytest.mark.parametrize("line", [line for line in TRICKY_LINES if not line.startswith(" ")])
def test_text_that_looks_like_markdown_stays_text_after_a_hard_break(line: str) -> None:
    escaped = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    rendered = render(convert(f"First line<br />{escaped}<br />last line").text)
    assert [squeeze(p.get_text()) for p in rendered.find_all("p")] == [
        squeeze(f"First line {line} last line")
    ]
    assert {tag.name for tag in rendered.find_all(True)} == {"p", "br"}


def test_a_heading_ending_in_a_hash_keeps_it() -> None:
    assert headings(render(convert("<h2>Learning C#</h2>").text)) == [("h2", "Learning C#")]


def test_markdown_in_link_text_picture_alt_and_table_cells_is_escaped() -> None:
    html = (
        '<p><a href="https://example.org/a_(b)">[draft] *notes*</a></p>'
        '<p><img src="https://example.org/a b.png" alt="a [b] *c* _d_" /></p>'
        "<table><tr><th>a|b</th><th>*c*</th></tr><tr><td>1</td><td>2</td></tr></table>"
    )
    rendered = render(convert(html).text)
    assert links(rendered) == [("[draft] *notes*", "https://example.org/a_%28b%29")]
    assert pictures(rendered) == [("a [b] *c* _d_", "https://example.org/a%20b.png")]
    assert table_rows(rendered) == [["a|b", "*c*"], ["1", "2"]]


# --- lists, tables, quotes, code ------------------------------------------------------------------


def test_nested_lists_use_four_spaces() -> None:
    html = '<ul><li>a<ul><li>b</li><li>c<ol start="3"><li>d</li><li>e</li></ol></li></ul></li><li>f</li></ul>'
    text = convert(html).text
    assert text == "- a\n    - b\n    - c\n        3. d\n        4. e\n- f\n"
    assert list_items(render(text)) == list_items(source(html))
    # The Markdown numbers from the list's start; Python-Markdown as the site sets it up
    # (lazy_ol) renders every ordered list from 1 all the same.
    assert convert('<ol start="7"><li>seven</li><li>eight</li></ol>').text == "7. seven\n8. eight\n"


def test_tables_become_pipe_tables_with_a_header_row() -> None:
    html = (
        "<table><tbody><tr><td>Role</td><td>Salary</td></tr>"
        "<tr><td>Engineer<br />(remote)</td><td><div>150,000</div><div>–175,000</div></td></tr>"
        '<tr><td colspan="2">Closed</td></tr></tbody></table>'
    )
    text = convert(html).text
    assert text.startswith("| Role | Salary |\n| --- | --- |\n| Engineer (remote) | 150,000 –175,000 |\n")
    rendered = render(text)
    assert rendered.find("thead") is not None
    assert table_rows(rendered)[:2] == [["Role", "Salary"], ["Engineer (remote)", "150,000 –175,000"]]
    assert table_rows(rendered)[2][0] == "Closed"


def test_one_row_tables_are_layout_not_data() -> None:
    html = (
        '<table><tr><td><img src="https://1.bp.blogspot.com/-a/B/AAA/c/s200/left.jpg" alt="Left" /></td>'
        '<td><img src="https://1.bp.blogspot.com/-a/B/AAA/c/s200/right.jpg" alt="Right" /></td></tr></table>'
        "<table><tr><td>Boxed note</td></tr></table>"
    )
    text = convert(html).text
    assert "|" not in text
    assert pictures(render(text)) == [
        ("Left", "https://1.bp.blogspot.com/-a/B/AAA/c/s200/left.jpg"),
        ("Right", "https://1.bp.blogspot.com/-a/B/AAA/c/s200/right.jpg"),
    ]
    assert text.endswith("\n\nBoxed note\n")


def test_code_is_fenced_with_its_language_and_kept_verbatim() -> None:
    code = 'if a < b and c["x"]:  \n    print(`ticks` ``` *not em* &nbsp;)\n\n\n\n\n    return'
    html = (
        '<pre class="prettyprint lang-py">' + code.replace("<", "&lt;").replace("\n", "<br />", 1) + "</pre>"
    )
    text = convert(html).text
    assert text.startswith("````py\n")  # longer than the ``` inside
    block = render(text).find("pre").find("code")
    # Verbatim but for trailing spaces, blank-line runs (at most two) and &nbsp; (a space).
    assert block.get_text() == 'if a < b and c["x"]:\n    print(`ticks` ``` *not em*  )\n\n\n    return\n'
    assert "language-py" in block["class"]


def test_code_languages_blogger_writers_used() -> None:
    for html, language in [
        ('<pre class="brush: js; toolbar: false;">x()</pre>', "js"),
        ('<pre><code class="language-python">x()</code></pre>', "python"),
        ('<pre class="prettyprint">x()</pre>', ""),
    ]:
        assert convert(html).text == f"```{language}\nx()\n```\n"


def test_code_inside_a_list_or_quote_is_indented_because_fences_only_work_at_the_top() -> None:
    html = "<ul><li>Run this:<pre>make html</pre></li><li><pre>make publish</pre></li><li>done</li></ul><blockquote><pre>quoted\n  code</pre></blockquote>"
    rendered = render(convert(html).text)
    assert [pre.get_text() for pre in rendered.find_all("pre")] == [
        "make html\n",
        "make publish\n",
        "quoted\n  code\n",
    ]
    assert [squeeze(li.get_text()) for li in rendered.find_all("li")] == [
        "Run this: make html",
        "make publish",
        "done",
    ]
    assert rendered.find("blockquote").find("pre") is not None


def test_inline_code_and_other_inline_markup() -> None:
    html = "Use <code>make `html`</code>, <tt>ls</tt>, H<sub>2</sub>O and x<sup>2</sup>; <kbd>Ctrl</kbd>."
    rendered = render(convert(html).text)
    assert [c.get_text() for c in rendered.find_all("code")] == ["make `html`", "ls", "Ctrl"]
    assert [t.name for t in rendered.find_all(["sub", "sup"])] == ["sub", "sup"]
    assert words(rendered) == words(source(html))


def test_definition_lists_and_headings_of_every_level() -> None:
    html = "".join(f"<h{n}>Level {n}</h{n}>" for n in range(1, 7)) + "<dl><dt>Term</dt><dd>Meaning</dd></dl>"
    rendered = render(convert(html).text)
    assert headings(rendered) == [(f"h{n}", f"Level {n}") for n in range(1, 7)]
    assert squeeze(rendered.find("dt").get_text()) == "Term"
    assert squeeze(rendered.find("dd").get_text()) == "Meaning"


# --- pictures ------------------------------------------------------------------------------------


def test_a_picture_linked_to_its_bigger_size_is_just_the_picture() -> None:
    html = (
        '<div class="separator"><a href="http://1.bp.blogspot.com/-a/B/AAAA/c/s1600-h/desk.jpg">'
        '<img src="http://1.bp.blogspot.com/-a/B/AAAA/c/s400/desk.jpg" alt="Desk" /></a></div>'
        '<div><a href="https://example.org/post"><img src="https://1.bp.blogspot.com/-a/B/AAAA/d/s400/sign.jpg" alt="Sign" /></a></div>'
        '<div><a href="https://example.org/same.png"><img src="https://example.org/same.png" alt="Same" /></a></div>'
    )
    text = convert(html).text
    assert text == (
        "![Desk](https://1.bp.blogspot.com/-a/B/AAAA/c/s400/desk.jpg)\n\n"
        "[![Sign](https://1.bp.blogspot.com/-a/B/AAAA/d/s400/sign.jpg)](https://example.org/post)\n\n"
        "![Same](https://example.org/same.png)\n"
    )


def test_image_url_maps_pictures_and_links_to_blogger_pictures() -> None:
    asked: list[str] = []

    def image_url(address: str) -> str:
        asked.append(address)
        return (
            "images/post/" + largest_url(address).rsplit("/", 1)[1]
            if is_blogger_image_url(address)
            else address
        )

    html = (
        '<a href="//1.bp.blogspot.com/-a/B/AAAA/c/s1600/desk.jpg"><img src="//1.bp.blogspot.com/-a/B/AAAA/c/s320/desk.jpg" /></a>'
        '<p>The <a href="http://2.bp.blogspot.com/-x/Y/AAAA/z/s1600/plan.png">full plan</a> and '
        '<a href="https://example.org/about">me</a>.</p><img src="https://example.org/logo.png" alt="Logo" />'
    )
    body = convert(html, image_url=image_url, default_alt="Picture")
    assert asked == [  # in document order; the link to a bigger size went, unasked
        "//1.bp.blogspot.com/-a/B/AAAA/c/s320/desk.jpg",
        "http://2.bp.blogspot.com/-x/Y/AAAA/z/s1600/plan.png",
        "https://example.org/logo.png",
    ]
    rendered = render(body.text)
    assert pictures(rendered) == [
        ("Picture", "images/post/desk.jpg"),
        ("Logo", "https://example.org/logo.png"),
    ]
    assert links(rendered) == [("full plan", "images/post/plan.png"), ("me", "https://example.org/about")]
    assert body.images_without_alt == 1


def test_alt_text_comes_from_alt_then_title_then_caption_then_the_default() -> None:
    html = (
        '<img src="a.png" alt=" Alt  text " title="Title" />'
        '<img src="b.png" alt="" title="Only a title" />'
        '<table class="tr-caption-container"><tr><td><img src="c.png" /></td></tr>'
        '<tr><td class="tr-caption">The <i>caption</i><br />in two lines</td></tr></table>'
        '<table class="tr-caption-container"><tr><td><img src="d.png" alt="Own alt" /></td></tr>'
        '<tr><td class="tr-caption">Its caption</td></tr></table>'
        '<img src="e.png" /><img src="f.png" alt="   " />'
    )
    body = convert(html, default_alt="A picture")
    rendered = render(body.text)
    assert pictures(rendered) == [
        ("Alt text", "a.png"),
        ("Only a title", "b.png"),
        ("The caption in two lines", "c.png"),
        ("Own alt", "d.png"),
        ("A picture", "e.png"),
        ("A picture", "f.png"),
    ]
    assert body.images_without_alt == 2
    captions = [
        squeeze(em.get_text())
        for em in rendered.find_all("em")
        if em.parent.name == "p" and len(em.parent.contents) == 1
    ]
    assert captions == ["The caption in two lines", "Its caption"]
    assert not rendered.find("table")


def test_a_post_that_is_only_a_picture() -> None:
    html = '<div dir="ltr" trbidi="on"><div class="separator" style="clear: both; text-align: center;"><a href="https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEg/s1600/sunset.jpg"><img border="0" src="https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEg/s400/sunset.jpg" /></a></div><br /></div>'
    body = convert(html, image_url=lambda address: "images/sunset/sunset.jpg", default_alt="Sunset")
    assert body == MarkdownBody(text="![Sunset](images/sunset/sunset.jpg)\n", images_without_alt=1)


def test_without_image_url_blogger_pictures_stay_put_but_over_https() -> None:
    html = '<img src="http://1.bp.blogspot.com/-a/B/AAAA/c/s320/x.jpg" alt="x" /><img src="//example.org/y.png" alt="y" /><img src="http://example.org/z.png" alt="z" />'
    assert pictures(render(convert(html).text)) == [
        ("x", "https://1.bp.blogspot.com/-a/B/AAAA/c/s320/x.jpg"),
        ("y", "https://example.org/y.png"),
        ("z", "http://example.org/z.png"),  # another site may have no https
    ]


def test_pictures_pasted_from_word_point_at_a_disk_and_go() -> None:
    html = (
        '<p>Chart:<img src="file:///C:/Users/me/AppData/Local/Temp/msohtmlclip1/01/clip_image002.jpg" /></p>'
    )
    assert convert(html) == MarkdownBody(text="Chart:\n", images_without_alt=0)


# --- embedded video ---------------------------------------------------------------------------------


def test_video_iframes_are_kept_as_html_on_a_line_of_their_own() -> None:
    html = (
        '<p>Watch:</p><iframe width="560" height="315" src="//www.youtube.com/embed/dQw4w9WgXcQ?rel=0" '
        'frameborder="0" allow="autoplay" allowfullscreen onload="track()" style="border:0"></iframe>'
        '<p>and <iframe src="http://player.vimeo.com/video/123456" width="100%" height="auto" title="A &quot;talk&quot;"></iframe></p>'
        '<iframe src="javascript:alert(1)"></iframe>'
    )
    text = convert(html).text
    assert text == (
        "Watch:\n\n"
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0" width="560" height="315" allowfullscreen></iframe>\n\n'
        "and\n\n"
        '<iframe src="https://player.vimeo.com/video/123456" width="100%" title="A &quot;talk&quot;"></iframe>\n'
    )
    rendered = render(text)
    assert [frame["src"] for frame in rendered.find_all("iframe")] == [
        "https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0",
        "https://player.vimeo.com/video/123456",
    ]
    assert rendered.find_all("iframe")[0].parent.name == "[document]"  # a block, not inside a <p>


def test_old_flash_youtube_embeds_become_iframes() -> None:
    html = (
        '<object width="425" height="344"><param name="movie" value="http://www.youtube.com/v/AbCdEfGhIjK&amp;hl=en&amp;fs=1"></param>'
        '<param name="allowFullScreen" value="true"></param><embed src="http://www.youtube.com/v/AbCdEfGhIjK&amp;hl=en&amp;fs=1" '
        'type="application/x-shockwave-flash" allowfullscreen="true" width="425" height="344"></embed></object>'
        '<embed src="http://video.example.com/player.swf?id=7" type="application/x-shockwave-flash"></embed>'
    )
    assert convert(html).text == (
        '<iframe src="https://www.youtube.com/embed/AbCdEfGhIjK" width="425" height="344" allowfullscreen></iframe>\n\n'
        "[Embedded media](http://video.example.com/player.swf?id=7)\n"
    )


# --- Blogger's picture addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "largest"),
    [
        # Path-segment sizes on the bp.blogspot.com shards (one host for all of them).
        ("http://4.bp.blogspot.com/-nHFq1mJMTD0/Ubsb63GXFJI/AAAAAAAAAKE/QZ_Cd2GqsfI/s320/tree1.png",
         "https://1.bp.blogspot.com/-nHFq1mJMTD0/Ubsb63GXFJI/AAAAAAAAAKE/QZ_Cd2GqsfI/s0/tree1.png"),
        ("//1.bp.blogspot.com/-a/B/AAAA/c/s1600/x.jpg", "https://1.bp.blogspot.com/-a/B/AAAA/c/s0/x.jpg"),
        ("https://3.bp.blogspot.com/-a/B/AAAA/c/w400-h300/x.jpg", "https://1.bp.blogspot.com/-a/B/AAAA/c/s0/x.jpg"),
        ("https://3.bp.blogspot.com/-a/B/AAAA/c/w640-h480-rw/x.jpg", "https://1.bp.blogspot.com/-a/B/AAAA/c/s0/x.jpg"),
        ("https://3.bp.blogspot.com/-a/B/AAAA/c/s72-c/x.jpg", "https://1.bp.blogspot.com/-a/B/AAAA/c/s0/x.jpg"),
        ("http://4.bp.blogspot.com/_vaUV/S5oi/AAAAAAAABQQ/hKOh/s1600-h/malware-1.png",
         "https://1.bp.blogspot.com/_vaUV/S5oi/AAAAAAAABQQ/hKOh/s0/malware-1.png"),
        ("https://1.bp.blogspot.com/-3Jx/XQg/AAAAAAAAAi4/SgR/d/Blog%2BImage%2B3.png",
         "https://1.bp.blogspot.com/-3Jx/XQg/AAAAAAAAAi4/SgR/s0/Blog%2BImage%2B3.png"),
        ("http://bp0.blogger.com/_sBBi-c1S7gU/SD5OZiDWDnI/AAAAAAAAFNc/3-cwL7frca0/s400/Copy+of+x.jpg",
         "https://1.bp.blogspot.com/_sBBi-c1S7gU/SD5OZiDWDnI/AAAAAAAAFNc/3-cwL7frca0/s0/Copy+of+x.jpg"),
        # Newer uploads: blogger.googleusercontent.com, in both forms.
        ("https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEj6Jup0/s320/tali-litho.jpg",
         "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEj6Jup0/s0/tali-litho.jpg"),
        ("https://blogger.googleusercontent.com/img/a/AVvXsEj6Jup0=w400-h300", "https://blogger.googleusercontent.com/img/a/AVvXsEj6Jup0=s0"),
        ("https://blogger.googleusercontent.com/img/a/AVvXsEj6Jup0", "https://blogger.googleusercontent.com/img/a/AVvXsEj6Jup0=s0"),
        # lh*.googleusercontent.com: the "=" suffix form, and Picasa's path form.
        ("//lh3.googleusercontent.com/zFdxGE77vvD2w5xHy6jkVuElKv=s35", "https://lh3.googleusercontent.com/zFdxGE77vvD2w5xHy6jkVuElKv=s0"),
        ("https://lh3.googleusercontent.com/C6yBYozE1sXc9o=s1600-rw?imgmax=s1600", "https://lh3.googleusercontent.com/C6yBYozE1sXc9o=s0"),
        ("https://lh3.googleusercontent.com/C6yBYozE1sXc9o", "https://lh3.googleusercontent.com/C6yBYozE1sXc9o=s0"),
        ("https://lh5.googleusercontent.com/-IBDLtqPDdE4/VaDvj4_9T0I/AAAAAAAAK54/6P2S800iWJE/w200-h30/sneeit-logo.png",
         "https://lh5.googleusercontent.com/-IBDLtqPDdE4/VaDvj4_9T0I/AAAAAAAAK54/6P2S800iWJE/s0/sneeit-logo.png"),
        # Windows Live Writer's uploads, on Picasa's old ggpht.com host.
        ("http://lh4.ggpht.com/_d41Ixos7YsM/TU6mm9ayV8I/AAAAAAAAAM4/5gJJEueEjYY/s1600-h/image8.png?imgmax=800",
         "https://lh4.ggpht.com/_d41Ixos7YsM/TU6mm9ayV8I/AAAAAAAAAM4/5gJJEueEjYY/s0/image8.png"),
        # Not Blogger's: unchanged (a scheme-relative one gets https).
        ("http://example.org/s320/photo.jpg", "http://example.org/s320/photo.jpg"),
        ("//example.org/photo.jpg", "https://example.org/photo.jpg"),
    ],
)  # fmt: skip
def test_largest_url(address: str, largest: str) -> None:
    assert largest_url(address) == largest
    assert largest_url(largest) == largest  # the original size is its own largest


def test_two_sizes_of_one_picture_give_one_address() -> None:
    sizes = [
        "http://4.bp.blogspot.com/-a/B/AAAA/c/s320/desk.jpg",
        "https://1.bp.blogspot.com/-a/B/AAAA/c/s1600/desk.jpg",
        "//2.bp.blogspot.com/-a/B/AAAA/c/w640-h480-rw/desk.jpg",
        "http://4.bp.blogspot.com/-a/B/AAAA/c/s1600-h/desk.jpg",
    ]
    assert len({largest_url(address) for address in sizes}) == 1
    assert largest_url("https://1.bp.blogspot.com/-a/B/AAAA/c/s320/desk.jpg") != largest_url(
        "https://1.bp.blogspot.com/-a/B/AAAA/d/s320/desk.jpg"
    )


@pytest.mark.parametrize(
    ("address", "is_blogger"),
    [
        ("https://1.bp.blogspot.com/-a/B/AAAA/c/s320/x.jpg", True),
        ("//bp.blogspot.com/-a/B/AAAA/c/s320/x.jpg", True),
        ("https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvX/s320/x.jpg", True),
        ("https://lh6.googleusercontent.com/abc=s72", True),
        ("http://lh3.ggpht.com/_x/y/z/w/s1600-h/a.png", True),
        ("http://bp2.blogger.com/_V-U/Rf3/AAAA/Xfr/s1600-h/a.jpg", True),
        ("http://photos1.blogger.com/blogger/7997/3420/1600/haruhi.jpg", True),
        ("https://name.blogspot.com/images/old-header.gif", True),
        ("https://name.blogspot.co.uk/uploads/photo.JPG", True),
        ("https://name.blogspot.com/2013/03/why-did-i-come-in-2.html", False),
        ("https://www.blogger.com/video.g?token=x", False),
        ("https://example.org/bp.blogspot.com/x.jpg", False),
        ("https://googleusercontent.com.example.org/x.jpg", False),
        ("mailto:someone@blogspot.com", False),
        ("images/local.jpg", False),
    ],
)
def test_which_addresses_are_blogger_pictures(address: str, is_blogger: bool) -> None:
    assert is_blogger_image_url(address) is is_blogger


def test_blogger_image_urls_lists_each_picture_once_in_document_order() -> None:
    html = (
        '<a href="http://4.bp.blogspot.com/-a/B/AAAA/c/s1600/desk.jpg"><img src="http://4.bp.blogspot.com/-a/B/AAAA/c/s320/desk.jpg" /></a>'
        '<img src=" //blogger.googleusercontent.com/img/b/R29vZ2xl/AVvX/s400/plan.png " />'
        '<img src="https://example.org/elsewhere.png" /><a href="https://name.blogspot.com/2013/03/post.html">a post</a>'
        '<a href="https://name.blogspot.com/images/banner.gif">banner</a>'
        '<img src="http://4.bp.blogspot.com/-a/B/AAAA/c/s320/desk.jpg" />'
        '<noscript><img src="https://1.bp.blogspot.com/-t/r/a/c/s1/tracker.gif" /></noscript>'
        '<script>document.write("<img src=https://1.bp.blogspot.com/-s/c/r/i/s1/pt.gif>")</script>'
    )
    assert blogger_image_urls(html) == [
        "http://4.bp.blogspot.com/-a/B/AAAA/c/s1600/desk.jpg",
        "http://4.bp.blogspot.com/-a/B/AAAA/c/s320/desk.jpg",
        "//blogger.googleusercontent.com/img/b/R29vZ2xl/AVvX/s400/plan.png",
        "https://name.blogspot.com/images/banner.gif",
    ]
    # Two addresses, one picture: downloaded once.
    assert len({largest_url(address) for address in blogger_image_urls(html)}) == 3


def test_every_listed_picture_is_one_that_to_markdown_asks_about_or_unwraps() -> None:
    asked: list[str] = []
    to_markdown(POST, image_url=lambda address: asked.append(address) or address)
    listed = blogger_image_urls(POST)
    assert {largest_url(a) for a in asked if is_blogger_image_url(a)} == {largest_url(a) for a in listed}


def test_feed_footers_and_tracking_pixels_are_not_content() -> None:
    html = (
        "<p>The post.</p>"
        '<img src="http://feeds.feedburner.com/~r/Invented/~4/abc" height="1" width="1" alt="" />'
        "<div class=\"blogger-post-footer\">Copyright the author.<img width='1' height='1' "
        "src='https://blogger.googleusercontent.com/tracker/4123-9046?l=name.blogspot.com' alt='' /></div>"
    )
    assert convert(html) == MarkdownBody(text="The post.\n", images_without_alt=0)
    assert blogger_image_urls(html) == []


def test_markup_across_paragraphs_is_repeated_in_each() -> None:
    html = (
        "<b><div>Heading line</div><div>second <i>it</i></div>tail</b>"
        '<a href="https://example.org/"><div class="separator"><img src="https://example.org/a.png" alt="A" /></div></a>'
        '<a href="https://1.bp.blogspot.com/-a/B/AAAA/c/s1600/d.jpg"><div class="separator">'
        '<img src="https://1.bp.blogspot.com/-a/B/AAAA/c/s320/d.jpg" alt="D" /></div></a>'
        "<i><ul><li>one</li><li>two</li></ul></i>"
    )
    assert convert(html).text == (
        "**Heading line**\n\n**second *it***\n\n**tail**\n\n"
        "[![A](https://example.org/a.png)](https://example.org/)\n\n"
        "![D](https://1.bp.blogspot.com/-a/B/AAAA/c/s320/d.jpg)\n\n"
        "- *one*\n- *two*\n"
    )


def test_a_paragraph_holding_blocks_is_split_around_them() -> None:
    assert convert("<p>text<div>boxed</div>more</p>").text == "text\n\nboxed\n\nmore\n"


def test_a_flash_player_known_only_by_its_param() -> None:
    html = '<object width="480" height="385"><param name="movie" value="http://www.youtube.com/v/AbCdEfGhIjK"></param></object>'
    assert convert(html).text == (
        '<iframe src="https://www.youtube.com/embed/AbCdEfGhIjK" width="480" height="385" allowfullscreen></iframe>\n'
    )


def test_end_tags_left_out_as_html_allows() -> None:
    html = (
        "<p>one<p>two"
        "<ul><li>a<ul><li>a1<li>a2</ul><li>b</ul>"
        "<table><tr><th>Role<th>Stage<tr><td>Engineer<td>Offer</table>"
        "<dl><dt>Term<dd>Meaning<dt>Other<dd>More</dl>"
    )
    rendered = render(convert(html).text)
    assert paragraphs(rendered)[:2] == ["one", "two"]
    assert list_items(rendered) == [(1, "ul", "a"), (2, "ul", "a1"), (2, "ul", "a2"), (1, "ul", "b")]
    assert table_rows(rendered) == [["Role", "Stage"], ["Engineer", "Offer"]]
    assert [squeeze(d.get_text()) for d in rendered.find_all(["dt", "dd"])] == [
        "Term",
        "Meaning",
        "Other",
        "More",
    ]


def test_every_body_in_pelicans_blogger_sample_converts() -> None:
    import pelican

    # A real (trimmed) classic export; its XML is not namespace-clean, so the bodies are
    # picked out as text.
    sample = (Path(pelican.__file__).parent / "tests" / "content" / "bloggerexport.xml").read_text(
        encoding="utf-8"
    )
    bodies = [
        unescape(body) for body in re.findall(r'<content type="html">(.*?)</content>', sample, re.DOTALL)
    ]
    assert len(bodies) >= 4
    for body in bodies:
        assert words(render(convert(body).text)) == words(source(body))


@pytest.mark.parametrize(
    "html",
    [
        "<div><p>unclosed <b>bold <i>both</div> stray </span></p></b>",
        "<a href>x</a> <img> <img src> <iframe></iframe> <object></object> <embed>",
        '<div style="' + "x" * 1000 + '">' + "<span>" * 300 + "deep" + "</span>" * 300 + "</div>",
        "<table></table><ul></ul><ol><li></li></ol><pre></pre><blockquote></blockquote><h1><br /></h1>",
        "&nbsp;<br />&nbsp;<br /><br />&#8203;<div>&nbsp;</div>",
        "<pre>\n\n</pre><code></code><b> </b><i><br /></i>",
        "\ue0b0 private \ue0b1 use 0\ue0b1 characters",
    ],
)
def test_odd_html_never_breaks_the_conversion(html: str) -> None:
    body = convert(html)
    assert words(render(body.text)) == words(source(html))


def test_a_caption_table_keeps_every_picture_in_it() -> None:
    html = (
        '<table class="tr-caption-container"><tr><td><img src="one.png" alt="One" /> <img src="two.png" /></td></tr>'
        '<tr><td class="tr-caption">Both pictures</td></tr></table>'
    )
    body = convert(html)
    assert body.text == "![One](one.png) ![Both pictures](two.png)\n\n*Both pictures*\n"


def test_html5_video_and_audio_become_links_to_their_files() -> None:
    html = (
        '<video controls><source src="//media.example.org/clip.mp4" type="video/mp4" /></video>'
        '<p><audio src="http://media.example.org/talk.mp3"></audio></p><video></video>'
    )
    assert convert(html).text == (
        "[Video](https://media.example.org/clip.mp4)\n\n[Audio](http://media.example.org/talk.mp3)\n"
    )
