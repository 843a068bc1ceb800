"""A Blogger post's HTML body, turned into clean Markdown for the site.

Blogger's editor stores posts as "tag soup": paragraphs written as text separated by
`<br />` pairs or as one `<div>` per line, inline styles on every span, `<font>` tags,
`&nbsp;` runs, Word junk pasted from Office, a `<div dir="ltr" trbidi="on">` wrapper, and
pictures wrapped in links to a bigger size of themselves. Pelican's own importer hands
that to pandoc and keeps most of the mess; here it is cleaned first, with BeautifulSoup,
into plain semantic HTML (paragraphs, headings, lists, links, emphasis, pictures, tables,
quotes, code) and then written as Markdown by a markdownify converter tuned to the
Markdown dialect the site renders with: Python-Markdown 3 with the `extra` extension.
That dialect matters: nested lists need four spaces, a hard line break is two trailing
spaces (Python-Markdown ignores CommonMark's backslash form), `\\<` is no escape there,
and fenced code only works at the top level.

Also here, because the importer needs them to bring pictures home:
`blogger_image_urls()` lists every picture a body uses on Blogger's hosts, and
`largest_url()` turns any size of such a picture into the address of its original size,
so that two sizes of one picture are downloaded once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PageElement
from markdownify import ATX, MarkdownConverter, chomp

__all__ = ["MarkdownBody", "blogger_image_urls", "is_blogger_image_url", "largest_url", "to_markdown"]


@dataclass(frozen=True)
class MarkdownBody:
    """A post body as Markdown, and what the importer should report about it."""

    text: str
    """The Markdown; ends with exactly one newline ("" for an empty body)."""
    images_without_alt: int
    """Pictures with no alt, title or caption, which were given `default_alt`."""


# --- Blogger's picture addresses -------------------------------------------------------
#
# What the hosts and size segments look like (public examples collected by danbooru's
# Source::URL::Blogger, and the "Google/Blogger image URL parameters" notes):
#   http://4.bp.blogspot.com/-nHF…/Ubsb…/AAAAAAAAAKE/QZ_…/s320/tree1.png      sizes in a path segment
#   https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvX…/s1600/x.jpg   (newer uploads, same form)
#   https://blogger.googleusercontent.com/img/a/AVvX…=w400-h300              size as a "=" suffix
#   https://lh3.googleusercontent.com/zFdx…=s35 and lh5.googleusercontent.com/-IBD…/s1600/x.png
#   http://lh4.ggpht.com/_d41…/TU6m…/AAAAAAAAAM4/5gJJ…/s1600-h/image8.png?imgmax=800  (Picasa era)
#   http://bp0.blogger.com/_sBBi…/SD5O…/AAAAAAAAFNc/3-cw…/s400/x.jpg           (2007-2008)
# A size is w#, h#, s# with options joined by "-" (s72-c crops, -rw asks for WebP, s1600-h
# was Blogger's HTML viewer page for a picture); "s0" (or w0/h0) asks for the original,
# "d" for the original as a download. Every N.bp.blogspot.com shard serves every picture,
# and the old bpN.blogger.com paths work on them too (danbooru rewrites both to 1.bp).

_BLOGGER_IMAGE_HOST = re.compile(
    r"""^(?:
        (?:\d+\.)?bp\.blogspot\.com
      | blogger\.googleusercontent\.com
      | lh\d*\.googleusercontent\.com
      | lh\d*\.ggpht\.com
      | bp\d+\.blogger\.com
      | photos\d*\.blogger\.com
    )$""",
    re.VERBOSE,
)
_BLOGSPOT_HOST = re.compile(r"(?:^|\.)blogspot\.[a-z]{2,3}(?:\.[a-z]{2})?$")
_IMAGE_PATH = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif|heic|ico)$", re.IGNORECASE)
_SHARDED_HOST = re.compile(r"^(?:\d+\.bp\.blogspot\.com|bp\d+\.blogger\.com)$")
_SUFFIX_SIZED_HOST = re.compile(
    r"^(?:blogger\.googleusercontent\.com|lh\d*\.googleusercontent\.com|lh\d*\.ggpht\.com)$"
)
_SIZE_SEGMENT = re.compile(r"^(?:[swh]\d+|d)(?:-[A-Za-z0-9]+)*$")
_ORIGINAL_SIZE = "s0"


def _absolute(url: str) -> str:
    """`//host/path` (scheme-relative, common in Blogger posts) as an https address."""
    url = url.strip()
    return "https:" + url if url.startswith("//") else url


def is_blogger_image_url(url: str) -> bool:
    """Whether `url` is a picture stored by Blogger (any size, any era, any scheme form)."""
    parts = urlsplit(_absolute(url))
    if parts.scheme not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    if _BLOGGER_IMAGE_HOST.match(host):
        return True
    # A blog's own address only holds pictures when the path says so (the rest are posts).
    return bool(_BLOGSPOT_HOST.search(host)) and bool(_IMAGE_PATH.search(parts.path))


def largest_url(url: str) -> str:
    """The address of the original size of a Blogger picture, over https.

    `/s320/`, `/s1600/`, `/w400-h300/`, `/w640-h480-rw/`, `/s72-c/`, `/s1600-h/`, `/d/`
    become `/s0/`; the `=s320`, `=w400-h300`, `=s1600-rw` suffix form becomes `=s0` (and
    a suffix-form address without one gets it, since its default is a small sample);
    `?imgmax=` goes; `http:` and `//` become `https://`; the numbered shards of
    bp.blogspot.com become one host. So every size of one picture gives one address.
    Addresses that are not Blogger pictures come back unchanged (but for `//`).
    """
    absolute = _absolute(url)
    if not is_blogger_image_url(absolute):
        return absolute
    parts = urlsplit(absolute)
    host = (parts.hostname or "").lower()
    if _SHARDED_HOST.match(host):
        host = "1.bp.blogspot.com"
    segments = parts.path.split("/")
    last = segments[-1]
    if _SUFFIX_SIZED_HOST.match(host) and "=" in last:
        segments[-1] = last.split("=", 1)[0] + "=" + _ORIGINAL_SIZE
    elif _SUFFIX_SIZED_HOST.match(host) and last and _is_bare_suffix_form(host, segments):
        segments[-1] = last + "=" + _ORIGINAL_SIZE
    elif len(segments) >= 3 and _SIZE_SEGMENT.match(segments[-2]):
        segments[-2] = _ORIGINAL_SIZE
    query = parts.query
    if "imgmax=" in query:  # a size asked for in the query (Picasa-era addresses)
        query = urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "imgmax"])
    return urlunsplit(("https", host, "/".join(segments), query, ""))


def _is_bare_suffix_form(host: str, segments: list[str]) -> bool:
    """lh3.googleusercontent.com/<id> and blogger.googleusercontent.com/img/a/<id>: one opaque id."""
    if host == "blogger.googleusercontent.com":
        return len(segments) == 4 and segments[1:3] == ["img", "a"]
    return len(segments) == 2


def blogger_image_urls(html_text: str) -> list[str]:
    """Every picture on Blogger's hosts that a post body shows or links to, each once.

    In document order; `<img src>` and `<a href>` alike (Blogger links a small picture
    to its bigger size). Each address is given exactly as written (stripped), which is
    also what `to_markdown` passes to its `image_url` function; use `largest_url` to
    download each picture once.
    """
    soup = BeautifulSoup(html_text, "html.parser")
    found: dict[str, None] = {}
    for tag in _elements(soup, {"img", "a"}):
        if _ancestor(tag, _DROPPED_ELEMENTS) or (tag.name == "img" and not _is_content_picture(tag)):
            continue
        if any("blogger-post-footer" in (parent.get("class") or []) for parent in tag.parents):
            continue
        address = (tag.get("src") if tag.name == "img" else tag.get("href")) or ""
        address = address.strip()
        if address and is_blogger_image_url(address):
            found.setdefault(address)
    return list(found)


# --- The cleaning pass ---------------------------------------------------------------------

# Never content: dropped with everything inside them.
_DROPPED_ELEMENTS = frozenset({
    "script", "style", "noscript", "template", "xml", "meta", "link", "title", "base",
    "input", "button", "select", "textarea", "map", "area", "canvas", "svg", "head",
})  # fmt: skip
# Wrappers whose content is kept without them.
_UNWRAPPED_ELEMENTS = frozenset({
    "span", "font", "u", "big", "small", "abbr", "acronym", "ins", "mark", "label", "nobr",
    "bdo", "bdi", "dfn", "html", "body", "form", "picture", "time", "data", "blink",
    "marquee",
})  # fmt: skip
_RENAMED_ELEMENTS = {
    "b": "strong", "i": "em", "cite": "em", "var": "em", "s": "del", "strike": "del",
    "tt": "code", "center": "div", "address": "div", "main": "div", "header": "div",
    "footer": "div", "nav": "div", "aside": "div", "article": "div", "section": "div",
    "fieldset": "div", "details": "div", "summary": "p", "figure": "div", "figcaption": "p",
}  # fmt: skip

# Elements that end a run of inline content (a paragraph) when they appear in a flow.
_BLOCK_ELEMENTS = frozenset(
    {"p", "div", "blockquote", "pre", "hr", "ul", "ol", "li", "dl", "dt", "dd", "table",
     "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "iframe",
     "h1", "h2", "h3", "h4", "h5", "h6"}
)  # fmt: skip
# Inline elements that may hold `<br>`s to move out (see _lift_breaks).
_INLINE_CONTAINERS = frozenset({"a", "strong", "em", "del", "sup", "sub", "code", "kbd", "samp", "q"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr"})
_LISTS = frozenset({"ul", "ol", "dl"})
# An element of the key's name ends the elements named in its value when it starts right
# inside one of them (the HTML rules for omitted end tags that matter here).
_IMPLIED_END = {
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "tr": frozenset({"tr", "td", "th"}),
}
# Blocks that hold other blocks (or nothing), never text directly.
_BLOCKS_WITHOUT_TEXT_OF_THEIR_OWN = _TABLE_PARTS | _LISTS | {"hr", "iframe", "pre"}
# Where paragraphs are found ("[document]" is the whole body).
_FLOW_CONTAINERS = frozenset({"[document]", "div", "blockquote", "li", "dd", "p"})

_KEPT_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt"}),
    "td": frozenset({"colspan"}),
    "th": frozenset({"colspan"}),
    "ol": frozenset({"start"}),
    "iframe": frozenset({"src", "width", "height", "title", "allowfullscreen"}),
    "pre": frozenset({"data-language"}),
    "code": frozenset({"data-language"}),
}

_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b")
_NORMAL_WEIGHT_STYLE = re.compile(r"font-weight\s*:\s*(?:normal|lighter|[1-4]00)\b")
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*(?:italic|oblique)\b")
_NORMAL_STYLE_STYLE = re.compile(r"font-style\s*:\s*normal\b")
_STRUCK_STYLE = re.compile(r"text-decoration[^;]*line-through")
_LANGUAGE_HINTS = (
    re.compile(r"\bbrush\s*:\s*([\w+#-]+)"),  # SyntaxHighlighter: class="brush: python"
    re.compile(r"\blang(?:uage)?-([\w+#-]+)"),  # prettify / highlight.js: lang-py, language-python
)
_FLASH_YOUTUBE = re.compile(r"youtube(?:-nocookie)?\.com/v/([A-Za-z0-9_-]{6,})")
_SIZE_VALUE = re.compile(r"^\d{1,4}%?$")
_INVISIBLE_CHARACTERS = dict.fromkeys(map(ord, "\u200b\ufeff\u00ad"), None)
# Marks a deliberate hard line break while converting; becomes two trailing spaces at the
# end, and only where a line follows (so no line ends in stray spaces). A private-use
# character, removed from the input first, so it cannot clash with the post's text.
_HARD_BREAK = "\ue0b0"
_CODE_TOKEN = "\ue0b1"


class _Cleaner:
    """The cleaning pass over one body's soup (a class only to share soup and settings)."""

    def __init__(self, soup: BeautifulSoup, image_url: Callable[[str], str] | None, default_alt: str):
        self.soup = soup
        self.image_url = image_url
        self.default_alt = default_alt
        self.images_without_alt = 0

    def clean(self) -> None:
        self._close_implied_end_tags()
        self._drop_non_content()
        self._simplify_inline_markup()
        self._keep_embeds()
        self._caption_tables_to_pictures()
        self._push_inline_markup_into_blocks()
        self._clean_pictures_and_links()
        self._unwrap_layout_tables()
        self._mark_code_languages()
        self._normalise_text()
        self._strip_attributes()
        _lift_breaks(self.soup)
        self._shape(self.soup)

    # -- junk -----------------------------------------------------------------------------

    def _close_implied_end_tags(self) -> None:
        """`<li>a<li>b`, `<td>a<td>b`: siblings, as a browser reads them.

        Hand-written posts leave end tags out where HTML allows it; html.parser does not
        know those rules and nests each item in the one before.
        """
        for tag in _elements(self.soup, _IMPLIED_END):
            while tag.parent is not None and tag.parent.name in _IMPLIED_END[tag.name]:
                closed = tag.parent
                for node in [tag, *tag.next_siblings]:
                    closed.insert_after(node.extract())
                    closed = node

    def _drop_non_content(self) -> None:
        # Comments (the <!--more--> jump break, Word's conditional comments), <?xml …?>
        # processing instructions and doctypes: plain text is the only string kept.
        for string in [node for node in self.soup.descendants if isinstance(node, NavigableString)]:
            if type(string) is not NavigableString:
                string.extract()
        for tag in _elements(self.soup, _DROPPED_ELEMENTS):
            tag.decompose()
        for tag in [t for t in _elements(self.soup) if ":" in t.name]:
            # Word's <o:p>&nbsp;</o:p> and friends; <st1:place>Boston</st1:place> keeps its text.
            if tag.name == "o:p" and not tag.get_text(strip=True):
                tag.decompose()
            else:
                tag.unwrap()
        for tag in [
            t for t in _elements(self.soup, {"div"}) if "blogger-post-footer" in (t.get("class") or [])
        ]:
            tag.decompose()  # the footer Blogger adds to each post in its feeds, not the post's
        for tag in _elements(self.soup, {"img"}):
            if not _is_content_picture(tag):
                tag.decompose()

    def _simplify_inline_markup(self) -> None:
        for tag in _elements(self.soup, {"b", "strong", "i", "em"}):
            # Google Docs wraps a whole paste in <b style="font-weight:normal">: not bold.
            style = str(tag.get("style", "")).lower()
            if (tag.name in ("b", "strong") and _NORMAL_WEIGHT_STYLE.search(style)) or (
                tag.name in ("i", "em") and _NORMAL_STYLE_STYLE.search(style)
            ):
                tag.unwrap()
        for tag in _elements(self.soup, {"span", "font"}):
            # The old Blogger editor and Google Docs say bold and italic with styles only.
            style = str(tag.get("style", "")).lower()
            for meaning, pattern in (("del", _STRUCK_STYLE), ("em", _ITALIC_STYLE), ("strong", _BOLD_STYLE)):
                if pattern.search(style) and tag.get_text(strip=True):
                    _wrap_children(self.soup, tag, meaning)
        for tag in _elements(self.soup, _UNWRAPPED_ELEMENTS):
            tag.unwrap()
        for tag in _elements(self.soup, {"div"}):
            if tag.get("trbidi") is not None:
                tag.unwrap()
        for tag in _elements(self.soup, _RENAMED_ELEMENTS):
            tag.name = _RENAMED_ELEMENTS[tag.name]
        for name in ("strong", "em", "del"):
            for tag in _elements(self.soup, {name}):
                # Nested emphasis would write "****": Markdown has no such thing. A heading
                # in bold from end to end is only a heading.
                heading = _ancestor(tag, _HEADINGS) if name == "strong" else None
                if _ancestor(tag, {name}) or (
                    heading and heading.get_text(strip=True) == tag.get_text(strip=True)
                ):
                    tag.unwrap()
            for tag in _elements(self.soup, {name}):
                following = tag.next_sibling
                while isinstance(following, Tag) and following.name == name:
                    for child in list(following.children):
                        tag.append(child.extract())
                    following.decompose()
                    following = tag.next_sibling

    def _keep_embeds(self) -> None:
        """Video players stay as raw HTML with a few safe attributes; Flash becomes an iframe."""
        for tag in _elements(self.soup, {"object", "embed"}):
            if tag.parent is None or _ancestor(tag, {"object", "embed"}):
                continue  # handled with its outer <object>, or already replaced
            addresses = [tag.get("data"), tag.get("src")]
            addresses += [
                p.get("value")
                for p in tag.find_all("param")
                if str(p.get("name", "")).lower() in ("movie", "src")
            ]
            addresses += [e.get("src") for e in tag.find_all("embed")]
            youtube = next((m for a in addresses if a and (m := _FLASH_YOUTUBE.search(a))), None)
            if youtube:
                player = self.soup.new_tag(
                    "iframe", attrs={"src": f"https://www.youtube.com/embed/{youtube.group(1)}"}
                )
                size_source = tag if tag.get("width") else (tag.find("embed") or tag)
                for dimension in ("width", "height"):
                    if size_source.get(dimension):
                        player[dimension] = size_source[dimension]
                player["allowfullscreen"] = ""
                tag.replace_with(player)
            else:
                # Flash players no browser runs any more: keep a way to the file, not the player.
                address = next((a for a in addresses if a), None)
                if address and _is_web_address(address):
                    link = self.soup.new_tag("a", attrs={"href": _absolute(address)})
                    link.string = "Embedded media"
                    tag.replace_with(link)
                else:
                    tag.decompose()
        for tag in _elements(self.soup, {"video", "audio"}):
            # Rare in Blogger posts (its own player is an iframe): a link to the file.
            sources = [tag.get("src"), *(source.get("src") for source in _elements(tag, {"source"}))]
            address = next((a for a in sources if a and _is_web_address(a)), None)
            if address:
                link = self.soup.new_tag("a", attrs={"href": _absolute(address)})
                link.string = "Video" if tag.name == "video" else "Audio"
                tag.replace_with(link)
            else:
                tag.decompose()
        for tag in _elements(self.soup, {"param", "source"}):
            tag.decompose()  # what is left of players no longer here
        for tag in _elements(self.soup, {"iframe"}):
            source = (tag.get("src") or "").strip()
            if not _is_web_address(source):
                tag.decompose()
                continue
            tag["src"] = "https://" + _absolute(source).split("://", 1)[1]
            for dimension in ("width", "height"):
                if dimension in tag.attrs and not _SIZE_VALUE.match(str(tag[dimension]).strip()):
                    del tag[dimension]
            if any(name.endswith("allowfullscreen") for name in tag.attrs):
                tag["allowfullscreen"] = ""

    def _push_inline_markup_into_blocks(self) -> None:
        """`<b><div>a</div><div>b</div></b>` as `<div><b>a</b></div><div><b>b</b></div>`.

        Blogger's editor lets bold, italics and links run across whole paragraphs (a link
        around a picture's <div>). Markdown marks them up inside one paragraph only, so
        each paragraph in them gets its own copy.
        """
        for tag in _elements(self.soup, {"a", "strong", "em", "del"}):
            if tag.parent is None or not _holds(tag, _BLOCK_ELEMENTS):
                continue
            innermost_blocks = [
                block
                for block in _elements(tag, _BLOCK_ELEMENTS - _BLOCKS_WITHOUT_TEXT_OF_THEIR_OWN)
                if not _holds(block, _BLOCK_ELEMENTS)
            ]
            for block in innermost_blocks:
                _wrap_children(self.soup, block, tag.name, dict(tag.attrs))
            run: list[PageElement] = []
            for child in [*tag.children, None]:
                if child is None or (isinstance(child, Tag) and child.name in _BLOCK_ELEMENTS):
                    if any(_has_content(node) for node in run):
                        copy = self.soup.new_tag(tag.name, attrs=dict(tag.attrs))
                        run[0].insert_before(copy)
                        for node in run:
                            copy.append(node.extract())
                    run = []
                else:
                    run.append(child)
            tag.unwrap()

    # -- pictures ---------------------------------------------------------------------------

    def _caption_tables_to_pictures(self) -> None:
        """Blogger's caption table becomes the picture, then its caption in italics."""
        for table in [
            t for t in _elements(self.soup, {"table"}) if "tr-caption-container" in (t.get("class") or [])
        ]:
            picture = table.find("img")
            picture_cell = _ancestor(picture, {"td", "th"}) if picture is not None else None
            if picture_cell is None:
                continue
            caption_cell = table.find(["td", "th"], class_="tr-caption")
            replacement = self.soup.new_tag("div")
            picture_paragraph = self.soup.new_tag("p")
            for child in list(picture_cell.children):
                picture_paragraph.append(child.extract())  # the picture, its link, anything beside it
            replacement.append(picture_paragraph)
            caption = caption_cell.get_text(" ", strip=True) if caption_cell else ""
            if caption and caption_cell is not picture_cell:
                for captioned in _elements(picture_paragraph, {"img"}):
                    captioned["data-caption"] = caption
                emphasis = self.soup.new_tag("em")
                for child in list(caption_cell.children):
                    emphasis.append(child.extract())
                caption_paragraph = self.soup.new_tag("p")
                caption_paragraph.append(emphasis)
                replacement.append(caption_paragraph)
            table.replace_with(replacement)

    def _clean_pictures_and_links(self) -> None:
        """Alt text, addresses and picture links, in document order (so `image_url` is too)."""
        for tag in _elements(self.soup, {"a", "img"}):
            if tag.parent is None:
                continue  # went with an element dropped before it
            if tag.name == "img":
                self._clean_picture(tag)
            else:
                self._clean_link(tag)

    def _clean_picture(self, picture: Tag) -> None:
        alt = next(
            (
                _plain(str(value))
                for value in (picture.get("alt"), picture.get("title"), picture.get("data-caption"))
                if value and str(value).strip()
            ),
            None,
        )
        if alt is None:
            alt = self.default_alt
            self.images_without_alt += 1
        picture["alt"] = alt
        picture["src"] = self._image_address(picture["src"].strip())

    def _clean_link(self, link: Tag) -> None:
        address = (link.get("href") or "").strip()
        if not address:
            # <a name="more"></a> (the jump break) and other bare anchors.
            if link.get_text(strip=True) or _holds(link, {"img", "iframe"}):
                link.unwrap()
            else:
                link.decompose()
            return
        if address.lower().startswith(("javascript:", "data:", "vbscript:")):
            link.unwrap()
            return
        picture = link.find("img")
        if picture is not None and _only_child(link, picture) and _same_picture(address, picture["src"]):
            link.unwrap()  # it only led to a bigger size of this same picture
            return
        link["href"] = self._image_address(address) if is_blogger_image_url(address) else _absolute(address)

    def _image_address(self, source: str) -> str:
        if self.image_url is not None:
            return self.image_url(source)
        if is_blogger_image_url(source):
            # Left on Blogger's servers: at least over https, so an https site shows them.
            return "https://" + _absolute(source).split("://", 1)[1]
        return _absolute(source)

    def _unwrap_layout_tables(self) -> None:
        """A table of one row is layout (a box, pictures side by side), not data.

        As a Markdown table its one row would become a header over an empty body; its
        cells become blocks of their own instead.
        """
        for table in reversed(_elements(self.soup, {"table"})):  # inner tables first
            rows = table.find_all("tr")
            if len(rows) > 1 or table.find("table"):
                continue
            box = self.soup.new_tag("div")
            for cell in rows[0].find_all(["td", "th"], recursive=False) if rows else []:
                cell.name = "div"
                box.append(cell.extract())
            table.replace_with(box)

    def _mark_code_languages(self) -> None:
        for block in _elements(self.soup, {"pre"}):
            candidates = [block, *block.find_all("code", limit=1)]
            hints = " ".join(" ".join(t.get("class", [])) for t in candidates).lower()
            for pattern in _LANGUAGE_HINTS:
                if match := pattern.search(hints):
                    block["data-language"] = match.group(1).rstrip(";")
                    break

    def _normalise_text(self) -> None:
        for string in [node for node in self.soup.descendants if isinstance(node, NavigableString)]:
            # &nbsp; runs are the editor's way to make spaces: plain spaces read the same.
            cleaned = str(string).replace("\xa0", " ").translate(_INVISIBLE_CHARACTERS)
            cleaned = cleaned.replace(_HARD_BREAK, "").replace(_CODE_TOKEN, "")
            if cleaned != str(string):
                string.replace_with(cleaned)

    def _strip_attributes(self) -> None:
        for tag in _elements(self.soup):
            kept = _KEPT_ATTRIBUTES.get(tag.name, frozenset())
            tag.attrs = {name: value for name, value in tag.attrs.items() if name in kept}

    # -- paragraphs -------------------------------------------------------------------------

    def _shape(self, container: Tag) -> None:
        """Turn the `<br>` soup inside `container` (and below it) into paragraphs."""
        name = container.name
        if name in _FLOW_CONTAINERS:
            # A list item's or a paragraph's single run of text stays as it is (a tight
            # list; a paragraph); elsewhere each run becomes a paragraph.
            holds_blocks = any(isinstance(c, Tag) and c.name in _BLOCK_ELEMENTS for c in container.children)
            self._group_runs(
                container, wrap_single_run=name not in ("li", "dd", "p") or (name == "p" and holds_blocks)
            )
        elif name in _TABLE_PARTS or name in _LISTS:
            for child in list(container.children):
                if _is_break(child) or _is_blank_text(child):
                    child.extract()  # a <br> between list items or rows means nothing
        else:
            # Table cells may hold blocks (Blogger puts <div>s in them); anything else is
            # inline content, or a heading, where Markdown turns <br> into a space anyway.
            if name not in ("td", "th"):
                return
        for child in list(container.children):
            if isinstance(child, Tag):
                self._shape(child)
        if name == "p" and any(isinstance(c, Tag) and c.name in _BLOCK_ELEMENTS for c in container.children):
            container.unwrap()  # it was split into paragraphs (or held blocks): they stand alone

    def _group_runs(self, container: Tag, *, wrap_single_run: bool) -> None:
        """Split `container`'s inline content into runs at blocks and at 2+ `<br>`s in a row.

        `<br>`s at the start or end of a run, or next to a block, mean nothing and go;
        a single `<br>` inside a run stays, as a hard line break.
        """
        runs: list[list[PageElement]] = []
        current: list[PageElement] = []
        breaks: list[Tag] = []

        def end_run() -> None:
            nonlocal current
            if any(_has_content(node) for node in current):
                runs.append(current)
            else:
                for node in current:
                    node.extract()
            current = []

        for child in list(container.children):
            if _is_break(child):
                breaks.append(child)
            elif _is_blank_text(child):
                if breaks or not current:
                    child.extract()
                else:
                    current.append(child)
            elif isinstance(child, Tag) and child.name in _BLOCK_ELEMENTS:
                _decompose_all(breaks)
                breaks = []
                end_run()
            else:
                if breaks:
                    if len(breaks) == 1 and any(_has_content(node) for node in current):
                        current.extend(breaks)
                    else:
                        _decompose_all(breaks)
                        end_run()
                    breaks = []
                current.append(child)
        _decompose_all(breaks)
        end_run()
        if wrap_single_run or len(runs) > 1:
            for run in runs:
                paragraph = self.soup.new_tag("p")
                run[0].insert_before(paragraph)
                for node in run:
                    paragraph.append(node.extract())


def _elements(root: Tag, names: Collection[str] | None = None) -> list[Tag]:
    """Elements under `root` in document order, those named one of `names` if given.

    bs4's find_all does this too, but builds a matcher per call and is many times slower
    on a long post; this module walks the tree a dozen times.
    """
    return [
        node for node in root.descendants if isinstance(node, Tag) and (names is None or node.name in names)
    ]


def _ancestor(tag: Tag, names: Collection[str]) -> Tag | None:
    """The nearest enclosing element named one of `names` (bs4's find_parent, but fast)."""
    return next((parent for parent in tag.parents if parent.name in names), None)


def _holds(tag: Tag, names: Collection[str]) -> bool:
    """Whether an element named one of `names` is inside `tag` (bs4's find, but fast)."""
    return any(isinstance(node, Tag) and node.name in names for node in tag.descendants)


def _is_content_picture(picture: Tag) -> bool:
    """False for pictures no reader ever saw: tracking pixels, and Word's pastes."""
    source = (picture.get("src") or "").strip()
    if not source or source.lower().startswith("file:"):
        return False  # pasted from Word, pointing at the writer's own disk
    if "googleusercontent.com/tracker/" in source:
        return False  # Blogger's feed view counter
    return not (
        str(picture.get("width", "")).strip() == "1" and str(picture.get("height", "")).strip() == "1"
    )


def _plain(text: str) -> str:
    """Attribute text on one line, without the characters this module uses as markers."""
    text = text.translate(_INVISIBLE_CHARACTERS).replace(_HARD_BREAK, "").replace(_CODE_TOKEN, "")
    return " ".join(text.split())


def _wrap_children(soup: BeautifulSoup, tag: Tag, name: str, attrs: dict[str, str] | None = None) -> None:
    wrapper = soup.new_tag(name, attrs=attrs or {})
    for child in list(tag.children):
        wrapper.append(child.extract())
    tag.append(wrapper)


def _lift_breaks(tag: Tag) -> None:
    """Move `<br>`s out of inline elements so that paragraphs can be found.

    Blogger writes `<b>Title<br /></b>` and `<i>one<br /><br />two</i>`. A `<br>` at the
    edge of an inline element moves just outside it; a paragraph break (2+ `<br>`s)
    inside one splits it in two around the break, so the paragraph pass sees the break.
    Children first, so breaks bubble up through nested inline elements.
    """
    for child in list(tag.children):
        if isinstance(child, Tag) and child.name != "pre":
            _lift_breaks(child)
    if tag.name not in _INLINE_CONTAINERS or tag.parent is None:
        return
    while (first := _first_meaningful_child(tag, reverse=False)) is not None and _is_break(first):
        tag.insert_before(first.extract())
    while (last := _first_meaningful_child(tag, reverse=True)) is not None and _is_break(last):
        tag.insert_after(last.extract())
    pieces: list[tuple[list[PageElement], list[PageElement]]] = []
    current: list[PageElement] = []
    gap: list[PageElement] = []
    for child in list(tag.children):
        if _is_break(child) or (gap and _is_blank_text(child)):
            gap.append(child)
            continue
        if sum(_is_break(node) for node in gap) >= 2:
            pieces.append((current, gap))
            current = []
        else:
            current.extend(gap)
        gap = []
        current.append(child)
    if not pieces:
        return
    pieces.append((current + gap, []))
    for nodes, separator in pieces:
        piece = Tag(name=tag.name, attrs=dict(tag.attrs))
        for node in nodes:
            piece.append(node.extract())
        tag.insert_before(piece)
        for node in separator:
            tag.insert_before(node.extract())
    tag.decompose()


def _first_meaningful_child(tag: Tag, *, reverse: bool) -> PageElement | None:
    children: Iterable[PageElement] = reversed(list(tag.children)) if reverse else tag.children
    return next((child for child in children if not _is_blank_text(child)), None)


def _is_break(node: PageElement | None) -> bool:
    return isinstance(node, Tag) and node.name == "br"


def _is_blank_text(node: PageElement | None) -> bool:
    return isinstance(node, NavigableString) and not node.strip()


def _has_content(node: PageElement) -> bool:
    if isinstance(node, NavigableString):
        return bool(node.strip())
    if not isinstance(node, Tag) or node.name == "br":
        return False
    return node.name in ("img", "iframe") or _holds(node, {"img", "iframe"}) or bool(node.get_text().strip())


def _decompose_all(tags: Iterable[Tag]) -> None:
    for tag in tags:
        tag.decompose()


def _only_child(parent: Tag, child: Tag) -> bool:
    return all(node is child or _is_blank_text(node) for node in parent.children)


def _same_picture(href: str | None, source: str) -> bool:
    """Whether a link around a picture only leads to (a bigger size of) that picture."""
    if not href or not href.strip():
        return False
    if is_blogger_image_url(href) and is_blogger_image_url(source):
        return largest_url(href) == largest_url(source)
    return _absolute(href) == _absolute(source)


def _is_web_address(address: str) -> bool:
    return urlsplit(_absolute(address)).scheme in ("http", "https")


# --- Markdown out --------------------------------------------------------------------------

# Characters Python-Markdown (with `extra`) reads as markup anywhere in a line, and that a
# backslash escapes there (its ESCAPED_CHARS; `|` is the tables extension's).
_ALWAYS_ESCAPED = re.compile(r"[\\`*_\[\]{}|]")
# `<` and `&` cannot be backslash-escaped in Python-Markdown: an entity does it.
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What is only markup at the start of a line (headings, quotes, bullets, numbered items,
# definition lists, "===" heading underlines, "~~~" code fences). Text nodes do not know
# where lines start, so these are escaped wherever a text node or a line of one starts:
# a needless escape still renders as the bare character.
_LINE_START_MARK = re.compile(r"(^|\n)([ \t]*)([#>+-])")
_LINE_START_NUMBER = re.compile(r"(^|\n)([ \t]*\d+)\.(?=\s|$)")
_LINE_START_COLON = re.compile(r"(^|\n)([ \t]*):(?=\s|$)")
_EQUALS_LINE = re.compile(r"(^|\n)([ \t]*)=(?==*[ \t]*(?:\n|$))")
_TILDE_FENCE = re.compile(r"(^|\n)([ \t]*)~(?=~~)")
_BACKTICK_RUN = re.compile(r"`+")


def _escape_inline(text: str) -> str:
    text = _ALWAYS_ESCAPED.sub(lambda m: "\\" + m.group(), text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    return _TAG_LIKE.sub("&lt;", text)


def _escape_text(text: str) -> str:
    text = _escape_inline(text)
    text = _LINE_START_MARK.sub(r"\1\2\\\3", text)
    text = _LINE_START_NUMBER.sub(r"\1\2\\.", text)
    text = _LINE_START_COLON.sub(r"\1\2&#58;", text)
    text = _EQUALS_LINE.sub(r"\1\2&#61;", text)
    return _TILDE_FENCE.sub(r"\1\2&#126;", text)


def _markdown_address(address: str) -> str:
    """An address that Markdown's `(…)` holds safely: no spaces, brackets or parentheses."""
    for character, encoded in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        address = address.replace(character, encoded)
    return address


class _BloggerMarkdownConverter(MarkdownConverter):
    """markdownify, writing the Markdown that Python-Markdown 3 + `extra` reads back."""

    class Options(MarkdownConverter.DefaultOptions):
        heading_style = ATX
        bullets = "-"
        strong_em_symbol = "*"
        # Python-Markdown tables need a header row; Blogger tables have none (no <th>):
        # the first row is the header, which is what it usually holds.
        table_infer_header = True
        sup_symbol = "<sup>"
        sub_symbol = "<sub>"
        # A newline in the HTML source is only a space: the Markdown keeps a paragraph on
        # one line (wrap without a width joins lines and breaks none).
        wrap = True
        wrap_width = None

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self.code_blocks: list[list[str]] = []

    def escape(self, text: str, parent_tags: set[str]) -> str:
        return _escape_text(text) if text else ""

    def process_text(self, el: NavigableString, parent_tags: set[str] | None = None) -> str:
        text = super().process_text(el, parent_tags)
        if "pre" not in (parent_tags or set()) and _is_break(el.previous_sibling):
            text = text.lstrip(" \t")  # the next line starts at the margin
        return text

    def convert_br(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "pre" in parent_tags:
            return "\n"
        if "_inline" in parent_tags:
            return " "
        return _HARD_BREAK + "\n"

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return text
        prefix, suffix, text = chomp(text)
        if not text:
            return ""
        href = el.get("href")
        if not href:
            return prefix + text + suffix
        return f"{prefix}[{text}]({_markdown_address(href)}){suffix}"

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        alt = _escape_inline(" ".join((el.get("alt") or "").split()))
        return f"![{alt}]({_markdown_address(el.get('src') or '')})"

    def convert_iframe(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        attributes = "".join(
            f" {name}" if name == "allowfullscreen" else f' {name}="{html.escape(str(el[name]), quote=True)}"'
            for name in ("src", "width", "height", "title", "allowfullscreen")
            if name in el.attrs
        )
        player = f"<iframe{attributes}></iframe>"
        return player if "_inline" in parent_tags else f"\n\n{player}\n\n"

    def convert_del(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        # Python-Markdown has no strike-through syntax; inline HTML passes through it.
        return _inline_html("del", text, parent_tags)

    def convert_hN(self, n: int, el: Tag, text: str, parent_tags: set[str]) -> str:
        if not text.strip():
            return ""
        heading = super().convert_hN(n, el, text, parent_tags)
        # Python-Markdown drops the #s that close an ATX heading ("C#" would lose its #).
        return re.sub(r"(?<!\\)#(?=\s*$)", r"\\#", heading.rstrip("\n")) + "\n\n"

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start", "1"))
            number = (int(start) if start.isdigit() else 1) + len(el.find_previous_siblings("li"))
            bullet = f"{number}."
        else:
            bullet = "-"
        first, *rest = text.split("\n")
        # Python-Markdown nests by four spaces, whatever the bullet's width.
        item = "\n".join([f"{bullet} {first}", *("    " + line if line else "" for line in rest)])
        # An item of several blocks needs a blank line after it, or Python-Markdown reads
        # the next bullet as more of its last paragraph.
        return item + ("\n\n" if "\n\n" in text else "\n")

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        # Trailing spaces go, and blank-line runs stop at two (Blogger's <br> soup inside
        # <pre> makes long ones); the code is otherwise kept as it is.
        lines = [line.rstrip() for line in re.sub(r"\n[ \t]*(?:\n[ \t]*){2,}\n", "\n\n\n", text).split("\n")]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        if not lines:
            return ""
        if "_inline" in parent_tags:
            code = " ".join(line.strip() for line in lines)
            fence = "`" * (max((len(run) for run in _BACKTICK_RUN.findall(code)), default=0) + 1)
            return f"{fence} {code} {fence}" if "`" in code else f"{fence}{code}{fence}"
        if "li" in parent_tags or "blockquote" in parent_tags:
            # Fenced code only works at the top level in Python-Markdown: indent instead.
            block = ["    " + line if line else "" for line in lines]
        else:
            longest = max((len(run) for run in _BACKTICK_RUN.findall("\n".join(lines))), default=0)
            fence = "`" * max(3, longest + 1)
            block = [fence + str(el.get("data-language") or ""), *lines, fence]
        self.code_blocks.append(block)
        # A placeholder until the end, so that tidying never touches the code itself.
        return f"\n\n{_CODE_TOKEN}{len(self.code_blocks) - 1}{_CODE_TOKEN}\n\n"


def _inline_html(name: str, text: str, parent_tags: set[str]) -> str:
    """`text` inside the inline HTML element `name` (emphasis-like spacing rules)."""
    if "_noformat" in parent_tags:
        return text
    prefix, suffix, text = chomp(text)
    return f"{prefix}<{name}>{text}</{name}>{suffix}" if text else ""


_INNER_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
_CODE_PLACEHOLDER_LINE = re.compile(
    rf"^(?P<prefix>[ >]*)(?P<bullet>(?:-|\d+\.) )?{_CODE_TOKEN}(?P<index>\d+){_CODE_TOKEN}$"
)


def _tidy(markdown: str, code_blocks: list[list[str]]) -> str:
    """Hard breaks only where a line follows, no trailing spaces, no runs of blank lines."""
    lines = markdown.split("\n")
    tidy: list[str] = []
    for index, line in enumerate(lines):
        breaks_here = line.rstrip().endswith(_HARD_BREAK)
        line = line.replace(_HARD_BREAK, "").rstrip()
        # Spaces from two neighbouring text nodes ("a <b> b</b>"); indentation is kept.
        line = _INNER_SPACES.sub(" ", line)
        following = lines[index + 1].replace(_HARD_BREAK, "").strip(" >") if index + 1 < len(lines) else ""
        if breaks_here and line.strip(" >") and following:
            line += "  "
        tidy.append(line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(tidy)).strip("\n")
    if not text:
        return ""
    out: list[str] = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        placeholder = _CODE_PLACEHOLDER_LINE.match(line)
        if placeholder is None:
            out.append(line)
            continue
        prefix, bullet = placeholder["prefix"], placeholder["bullet"] or ""
        block = code_blocks[int(placeholder["index"])]
        if bullet:
            # A list item that starts with code: a bare bullet (its space is what makes it
            # a list item), a blank line, then the code indented under it. The one line
            # allowed to end in a space.
            if out and out[-1].strip(" >"):
                out.append("")  # or the bare bullet would underline the line above as a heading
            out += [prefix + bullet, ""]
            prefix += " " * 4
        out.extend((prefix + code_line).rstrip() for code_line in block)
        if index + 1 < len(lines) and lines[index + 1].strip(" >"):
            out.append(prefix.rstrip() if prefix.strip() else "")  # Markdown ends the code at a blank line
    return "\n".join(out) + "\n"


def to_markdown(
    html_text: str,
    *,
    image_url: Callable[[str], str] | None = None,
    default_alt: str = "",
) -> MarkdownBody:
    """A Blogger post body (HTML, as exported) as clean Markdown.

    `image_url(src)` gives the address the Markdown uses for each picture (and for each
    link to a Blogger picture); it receives the address as written in the post, as
    `blogger_image_urls` lists it. Without it, pictures keep their addresses (Blogger's
    over https). A picture with no alt text, title or caption gets `default_alt`.
    """
    soup = BeautifulSoup(html_text or "", "html.parser")
    cleaner = _Cleaner(soup, image_url, default_alt)
    cleaner.clean()
    converter = _BloggerMarkdownConverter()
    markdown = converter.convert_soup(soup)
    return MarkdownBody(
        text=_tidy(markdown, converter.code_blocks), images_without_alt=cleaner.images_without_alt
    )
