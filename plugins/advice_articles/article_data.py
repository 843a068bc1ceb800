"""What the theme shows around an article, computed from its HTML (pure, no Pelican):
FAQ pairs and FAQPage JSON-LD, reading time, contents, related reading."""

from __future__ import annotations

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


def reading_minutes(html: str, words_per_minute: int) -> int:
    words = len(plain_text(html).split())
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


def related(post: Any, candidates: list[Any], limit: int) -> list[Any]:
    """Posts sharing the most labels with `post`: same kind first, then newest."""
    mine = {str(tag) for tag in getattr(post, "tags", []) or []}
    scored = []
    for other in candidates:
        if other is post:
            continue
        shared = len(mine & {str(tag) for tag in getattr(other, "tags", []) or []})
        if shared:
            same_kind = str(getattr(other, "category", "")) == str(getattr(post, "category", ""))
            scored.append((-shared, not same_kind, -other.date.timestamp(), str(other.title), other))
    return [entry[-1] for entry in sorted(scored, key=lambda e: e[:4])[:limit]]
