"""What the theme shows around an article, computed from its HTML (pure, no Pelican):
FAQ pairs and FAQPage JSON-LD, reading time, contents, related reading."""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

_FAQ_ITEM = re.compile(
    r'<details class="faq-item"[^>]*>\s*<summary>(?P<question>.*?)</summary>\s*'
    r'<div class="faq-answer">(?P<answer>.*?)</div>\s*</details>',
    re.DOTALL,
)
_H2 = re.compile(r'<h2 id="(?P<id>[^"]+)"[^>]*>(?P<text>.*?)</h2>', re.DOTALL)


def plain_text(html: str) -> str:
    return " ".join(Markup(html).striptags().replace("\xa0", " ").split())


def faq_pairs(html: str) -> list[tuple[str, str]]:
    """(question as text, answer as HTML) for every FAQ item in the article."""
    return [(plain_text(m["question"]), m["answer"].strip()) for m in _FAQ_ITEM.finditer(html)]


def has_empty_faq(html: str) -> bool:
    return 'class="faq faq-empty"' in html


def faq_page(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": question, "acceptedAnswer": {"@type": "Answer", "text": answer}}
            for question, answer in pairs
        ],
    }


_TAG = re.compile(r"<[^>]+>")


def reading_minutes(html: str, words_per_minute: int) -> int:
    # Tags out, words counted: entities such as &nbsp; join words, as they read.
    words = len(_TAG.sub(" ", html).replace("&nbsp;", " ").split())
    return max(1, math.ceil(words / words_per_minute)) if words else 0


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    """HTML, as the heading has it."""


def contents(html: str, minimum: int = 3) -> list[Section]:
    """The article's h2 sections, when it has at least `minimum` of them."""
    sections = [Section(m["id"], m["text"].strip()) for m in _H2.finditer(html)]
    return sections if len(sections) >= minimum else []


@dataclass(frozen=True)
class PostLink:
    """What a link to another post needs."""

    title: str
    url: str
    category: str

    @classmethod
    def of(cls, post: Any) -> PostLink:
        return cls(post.title, post.url, str(post.category))


def labels_of(post: Any) -> set[str]:
    return {str(tag) for tag in getattr(post, "tags", []) or []}


class RelatedIndex:
    """Posts by label, built once per build, so each article looks only at the posts
    that share a label with it rather than at the whole site."""

    def __init__(self, candidates: list[Any]) -> None:
        self.by_label: dict[str, list[Any]] = {}
        self.order: dict[int, tuple[str, float, str]] = {}
        for post in candidates:
            self.order[id(post)] = (
                str(getattr(post, "category", "")),
                -post.date.timestamp(),
                str(post.title),
            )
            for label in labels_of(post):
                self.by_label.setdefault(label, []).append(post)
        self._links: dict[int, PostLink] = {}

    def link(self, post: Any) -> PostLink:
        """One PostLink per post per build (a post's url is worked out on every access)."""
        if id(post) not in self._links:
            self._links[id(post)] = PostLink.of(post)
        return self._links[id(post)]

    def related(self, post: Any, limit: int) -> list[Any]:
        """Posts sharing the most labels with `post`: then same kind first, then newest."""
        shared: dict[int, list[Any]] = {}
        for label in labels_of(post):
            for other in self.by_label.get(label, []):
                if other is not post:
                    shared.setdefault(id(other), [other, 0])[1] += 1
        kind = str(getattr(post, "category", ""))

        def rank(pair: list[Any]) -> tuple[int, bool, float, str]:
            category, newest_first, title = self.order[id(pair[0])]
            return (-pair[1], category != kind, newest_first, title)

        return [other for other, _ in heapq.nsmallest(limit, shared.values(), key=rank)]


def related(post: Any, candidates: list[Any], limit: int) -> list[Any]:
    """Posts sharing the most labels with `post`: same kind first, then newest."""
    return RelatedIndex(candidates).related(post, limit)
