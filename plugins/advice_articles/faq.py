"""A Python-Markdown extension: a "Frequently asked questions" section becomes an
accessible list of <details> items, from plain Markdown.

    ## Frequently asked questions
    ### Can I ask about salary in the first call?
    Yes. ...

Under an h2 whose text is one of the FAQ headings, each h3 is a question and what
follows it (until the next h3 or h2) is its answer. The section is wrapped in
<section class="faq">; a heading with no questions under it is marked `faq-empty`
so the plugin can warn about it.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .settings import DEFAULTS


def heading_text(element: etree.Element) -> str:
    return " ".join("".join(element.itertext()).split()).rstrip(":").strip().lower()


class FaqTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, headings: list[str]) -> None:
        super().__init__(md)
        self.headings = {h.strip().lower() for h in headings}

    def run(self, root: etree.Element) -> None:
        children = list(root)
        index = 0
        while index < len(children):
            element = children[index]
            if element.tag == "h2" and heading_text(element) in self.headings:
                end = index + 1
                while end < len(children) and children[end].tag not in ("h1", "h2"):
                    end += 1
                section = self.build(element, children[index + 1 : end])
                position = list(root).index(element)
                for old in children[index:end]:
                    root.remove(old)
                root.insert(position, section)
                children = list(root)
                index = position + 1
                continue
            index += 1

    def build(self, heading: etree.Element, body: list[etree.Element]) -> etree.Element:
        section = etree.Element("section", {"class": "faq"})
        if heading.get("id"):
            section.set("aria-labelledby", heading.get("id"))
        section.append(heading)
        current: etree.Element | None = None
        questions = 0
        for element in body:
            if element.tag == "h3":
                questions += 1
                item = etree.SubElement(section, "details", {"class": "faq-item"})
                if element.get("id"):
                    item.set("id", element.get("id"))
                summary = etree.SubElement(item, "summary")
                summary.text = element.text
                for child in list(element):
                    summary.append(child)
                current = etree.SubElement(item, "div", {"class": "faq-answer"})
            elif current is not None:
                current.append(element)
            else:
                section.append(element)  # an introduction before the first question
        if not questions:
            section.set("class", "faq faq-empty")
        return section


class FaqExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "headings": [list(DEFAULTS["ADVICE_FAQ_HEADINGS"]), "h2 texts that start a FAQ section"]
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After 'inline' (20) and 'toc' (5): headings have their markup and ids.
        md.treeprocessors.register(FaqTreeprocessor(md, self.getConfig("headings")), "shortlist_faq", 4)


def makeExtension(**kwargs: Any) -> FaqExtension:
    return FaqExtension(**kwargs)
