"""What the theme shows around an article, computed from its HTML (pure, no Pelican):
FAQ pairs and FAQPage JSON-LD, reading time, contents, related reading."""

from __future__ import annotations

import itertools
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
    """Posts by label set and kind, built once per build.

    A post shares k labels with another when they have a k-label subset in common, so
    looking at the post's own label subsets from the largest down finds the posts that
    share the most first, each exactly once, without comparing every pair of posts
    (5,000 posts with 20 labels made that a second per build).
    """

    def __init__(self, candidates: list[Any]) -> None:
        self.by_subset: dict[tuple[tuple[str, ...], str], list[Any]] = {}
        for post in candidates:
            labels = sorted(labels_of(post))
            kind = str(getattr(post, "category", ""))
            for size in range(1, len(labels) + 1):
                for subset in itertools.combinations(labels, size):
                    self.by_subset.setdefault((subset, kind), []).append(post)
        for posts in self.by_subset.values():
            posts.sort(key=newest_first)
        self.kinds = sorted({kind for _, kind in self.by_subset})
        self._links: dict[int, PostLink] = {}

    def link(self, post: Any) -> PostLink:
        """One PostLink per post per build (a post's url is worked out on every access)."""
        if id(post) not in self._links:
            self._links[id(post)] = PostLink.of(post)
        return self._links[id(post)]

    def related(self, post: Any, limit: int) -> list[Any]:
        """Posts sharing the most labels with `post`: then same kind first, then newest."""
        labels = sorted(labels_of(post))
        kind = str(getattr(post, "category", ""))
        kinds = [kind, *(k for k in self.kinds if k != kind)]
        chosen: list[Any] = []
        seen = {id(post)}
        for size in range(len(labels), 0, -1):
            level: list[tuple[bool, tuple[float, str], Any]] = []
            need = limit - len(chosen)
            for subset in itertools.combinations(labels, size):
                for other_kind in kinds:
                    taken = 0
                    for other in self.by_subset.get((subset, other_kind), []):
                        if taken == need:
                            break
                        if id(other) not in seen:
                            level.append((other_kind != kind, newest_first(other), other))
                            taken += 1
            level.sort(key=lambda entry: entry[:2])
            for _, _, other in level[:need]:
                chosen.append(other)
                seen.add(id(other))
            for _, _, other in level:  # seen at this size: never again at a smaller one
                seen.add(id(other))
            if len(chosen) == limit:
                break
        return chosen


def newest_first(post: Any) -> tuple[float, str]:
    return (-post.date.timestamp(), str(post.title))


def related(post: Any, candidates: list[Any], limit: int) -> list[Any]:
    """Posts sharing the most labels with `post`: same kind first, then newest."""
    return RelatedIndex(candidates).related(post, limit)
