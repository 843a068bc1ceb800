"""What the theme shows around an article, computed from its HTML (pure, no Pelican):
FAQ pairs and FAQPage JSON-LD, reading time, contents, related reading."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from shortlist_core.jsonld import script_safe_json

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


class FaqJsonLd:
    """An article's FAQPage JSON-LD, written out only when its page shows it.

    The template prints it once, on the article's own page (`str()`, as Jinja does;
    the same text as the JSON made at once). Kept as text on every article, it stayed
    in memory to the end of the build: some 0.7 KB a post, in every process.
    """

    __slots__ = ("pairs",)

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def __str__(self) -> str:
        return script_safe_json(faq_page(self.pairs))

    def __bool__(self) -> bool:
        return bool(self.pairs)


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


def kind_of(post: Any) -> str:
    return str(getattr(post, "category", ""))


def newest_first(post: Any) -> tuple[float, str]:
    return (-post.date.timestamp(), str(post.title))


def _bitmask(numbers: Iterable[int], size: int) -> int:
    """One bit per post (bit n for post n): built in a bytearray, since setting bits
    of a Python int one at a time copies the whole int every time."""
    bits = bytearray((size + 7) // 8)
    for n in numbers:
        bits[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(bits, "little")


def _count_slices(masks: list[int]) -> tuple[list[int], int]:
    """How many of `masks` have each bit set, bit-sliced: bit n of slice i is bit i of
    post n's count. Full adders turn three masks of one weight into one of that weight
    and one of the next (5 operations), so r masks cost about 5r operations, where
    adding them one at a time into a binary counter costs 2 per slice each.
    Returns the slices and the operations done."""
    slices: list[int] = []
    ops = 0
    weight = list(masks)
    while weight:
        carries: list[int] = []
        while len(weight) >= 3:
            a, b, c = weight.pop(), weight.pop(), weight.pop()
            half = a ^ b
            weight.append(half ^ c)
            carries.append((a & b) | (half & c))
            ops += 5
        if len(weight) == 2:
            a, b = weight
            weight = [a ^ b]
            carries.append(a & b)
            ops += 2
        slices.append(weight[0])
        weight = carries
    return slices, ops


class RelatedIndex:
    """Related reading for every post of one build: which posts carry each label.

    The rule: posts sharing the most labels with the post, then of the same kind, then
    newest, then by title; never the post itself, never a post sharing no label. Posts
    are numbered newest first (then by title, then in the order given), so a post's rank
    is one int, -shared x 2N + (other kind) x N + number, and full ties keep the order
    given, as a stable sort of every pair would. A post's labels are split in two:

    - Rare labels (on at most `common_above` posts): their posting lists are walked and
      the labels each post shares counted. A post met this way gets its exact count at
      once (its shared common labels are a bit count), so this costs the entries walked.
    - Common labels: walking a label on nearly every post ("job search") from every post
      would make the build N x N. Those lists are never walked. A post not met above
      shares common labels only, at most r of them (the post's r common labels): if the
      k-th best met shares more than r, the answer is final. If not, the posts are looked
      at in rank order (same kind, newest first; each one's shared common labels a bit
      count) until k of them carry all r, as no later post can then rank above them:
      with "job search" on every post, k steps. When that takes more than
      `walk_per_link` x k posts, every post's count over the r labels is worked out at
      once instead, bit-sliced over one N-bit int per label, and the best read off by
      level: the level k posts reach (a binary search over the slices), then same kind
      first, then lowest number.

    Exact, whatever the labels. For a post with m labels, r of them common: at most
    m x `common_above` entries walked, then at most `walk_per_link` x k posts looked at
    (besides those met), then, only if that was not enough, about 5r + 2 log2(r)^2 +
    k log2(r) operations on N-bit ints, N/64 machine words each. Comparing the post with
    every other costs N x m label lookups; the label-subset index this replaces cost 2^m.
    `entries_visited` and `mask_ops` count the work, for the tests and the benchmark.
    """

    def __init__(self, candidates: list[Any], common_above: int | None = None) -> None:
        # The same post given twice is one post (a link twice would be a bug).
        unique = list({id(post): post for post in candidates}.values())
        order = sorted(range(len(unique)), key=lambda i: (*newest_first(unique[i]), i))
        self.posts: list[Any] = [unique[i] for i in order]
        self.size = size = len(self.posts)
        self._number = {id(post): n for n, post in enumerate(self.posts)}
        kinds: dict[str, list[int]] = {}
        self.postings: dict[str, list[int]] = {}
        for n, post in enumerate(self.posts):
            kinds.setdefault(kind_of(post), []).append(n)
            for label in labels_of(post):
                self.postings.setdefault(label, []).append(n)
        self._kind_number = {kind: number for number, kind in enumerate(kinds)}
        self._kind = [0] * size
        for kind, numbers in kinds.items():
            for n in numbers:
                self._kind[n] = self._kind_number[kind]
        self._of_kind = [_bitmask(numbers, size) for numbers in kinds.values()]
        # An operation on an N-bit int costs about what walking a few entries does, in
        # Python; on 1,000-5,000 posts with 3-60 labels, lists longer than 16 were best
        # left to bitmasks (measured); N/256 keeps walks short as N grows.
        self.common_above = max(16, size // 256) if common_above is None else common_above
        # Every post's common labels as bits of one int: a met post's shared common
        # labels are then one AND and a bit count, not a set intersection.
        common = [label for label, posting in self.postings.items() if len(posting) > self.common_above]
        self._common_bit = {label: 1 << i for i, label in enumerate(common)}
        self._common_of = [0] * size
        for label in common:
            for n in self.postings[label]:
                self._common_of[n] |= self._common_bit[label]
        self._masks: dict[str, int] = {}
        self._rank_order: dict[int, tuple[list[int], list[int]]] = {}
        # Posts looked at in rank order, per link wanted, before counting by bitmasks
        # instead (0: bitmasks at once, which the tests use to check them alone).
        self.walk_per_link = 16
        self._everyone = (1 << size) - 1
        self.words = max(1, -(-size // 64))
        self.entries_visited = 0
        self.mask_ops = 0
        self._links: dict[int, PostLink] = {}

    @property
    def work(self) -> int:
        """Posting entries walked plus machine words touched by the bitmask operations."""
        return self.entries_visited + self.mask_ops * self.words

    def link(self, post: Any) -> PostLink:
        """One PostLink per post per build (a post's url is worked out on every access)."""
        if id(post) not in self._links:
            self._links[id(post)] = PostLink.of(post)
        return self._links[id(post)]

    def related(self, post: Any, limit: int) -> list[Any]:
        """Posts sharing the most labels with `post`: then same kind first, then newest, then title."""
        if limit <= 0 or not self.size:
            return []
        size, double = self.size, 2 * self.size
        kind = self._kind_number.get(kind_of(post), -1)
        me = self._number.get(id(post))
        counts: Counter[int] = Counter()
        common: list[str] = []
        carried = 0
        for label in labels_of(post):
            posting = self.postings.get(label)
            if not posting:
                continue
            if len(posting) <= self.common_above:
                counts.update(posting)
                self.entries_visited += len(posting)
            else:
                common.append(label)
                carried |= self._common_bit[label]
        if me is not None:
            counts.pop(me, None)
        kinds, common_of = self._kind, self._common_of
        keys = [
            -(shared + (common_of[n] & carried).bit_count()) * double + (kinds[n] != kind) * size + n
            for n, shared in counts.items()
        ]
        best = heapq.nsmallest(limit, keys)
        # Posts not met share common labels only, at most len(common): they can only
        # matter if fewer than `limit` were met, or the last one shares no more than that.
        floor = 1 if len(best) < limit else -(best[-1] // double)
        if common and floor <= len(common):
            others = self._walk_by_rank(carried, len(common), kind, counts, me, floor, limit)
            if others is None:
                met = [*counts, *([] if me is None else [me])]
                others = self._best_by_common(common, kind, met, floor, limit)
            best = heapq.nsmallest(limit, best + others)
        return [self.posts[key % size] for key in best]

    def _in_rank_order(self, kind: int) -> tuple[list[int], list[int]]:
        """The posts of `kind`, then all the others, each newest first."""
        if kind not in self._rank_order:
            mine = [n for n in range(self.size) if self._kind[n] == kind]
            rest = [n for n in range(self.size) if self._kind[n] != kind]
            self._rank_order[kind] = (mine, rest)
        return self._rank_order[kind]

    def _walk_by_rank(
        self, carried: int, r: int, kind: int, met: Counter[int], me: int | None, floor: int, limit: int
    ) -> list[int] | None:
        """The best `limit` posts outside `met` by how many of the r common labels they
        carry (at least `floor`), as rank keys, by looking at posts in rank order: once
        `limit` posts carry all r, no later post can rank above them. That is quick when
        the common labels are on nearly every post (one label on every post: `limit`
        steps). None when it takes more than `walk_per_link` x limit posts: then the
        bitmasks are surer."""
        size, double, common_of = self.size, 2 * self.size, self._common_of
        found: list[int] = []
        budget, complete = self.walk_per_link * limit, 0
        for other, numbers in zip((0, size), self._in_rank_order(kind), strict=True):
            for n in numbers:
                if n in met or n == me:
                    continue
                budget -= 1
                if budget < 0:
                    return None
                self.entries_visited += 1
                shared = (common_of[n] & carried).bit_count()
                if shared >= floor:
                    found.append(-shared * double + other + n)
                    if shared == r:
                        complete += 1
                        if complete == limit:
                            return found
        return found  # every post looked at

    def _mask(self, label: str) -> int:
        if label not in self._masks:
            posting = self.postings[label]
            self._masks[label] = _bitmask(posting, self.size)
            self.entries_visited += len(posting)  # once per label per build
        return self._masks[label]

    def _best_by_common(
        self, common: list[str], kind: int, met: list[int], floor: int, limit: int
    ) -> list[int]:
        """The best `limit` posts outside `met` by how many of `common` they carry (at
        least `floor`), as rank keys: found by level, without looking at posts one by one."""
        slices, ops = _count_slices([self._mask(label) for label in common])
        allowed = self._everyone & ~_bitmask(met, self.size)

        def at_least(level: int) -> int:
            """The allowed posts whose count is at least `level`, compared bit by bit from the top."""
            nonlocal ops
            if level >> len(slices):
                return 0
            greater, equal = 0, allowed
            for i in range(len(slices) - 1, -1, -1):
                if level >> i & 1:
                    equal &= slices[i]
                else:
                    greater |= equal & slices[i]
                    equal &= ~slices[i]
            ops += 2 * len(slices) + 1
            return greater | equal

        # The highest level with `limit` posts at or above it, by binary lifting (fewer
        # posts reach each higher level), and never below `floor`. The posts above that
        # level are fewer than `limit` and all in; the level itself fills up the rest.
        level = 0
        for i in range(len(slices) - 1, -1, -1):
            if at_least(level | 1 << i).bit_count() >= limit:
                level |= 1 << i
        level = max(level, floor)
        above = at_least(level + 1)
        here = at_least(level) & ~above
        same = self._of_kind[kind] if kind >= 0 else 0
        size, double, kinds = self.size, 2 * self.size, self._kind
        found: list[int] = []
        while above:
            low = above & -above
            n = low.bit_length() - 1
            count = sum(1 << i for i, bits in enumerate(slices) if bits & low)
            found.append(-count * double + (kinds[n] != kind) * size + n)
            above ^= low
            ops += 3 + len(slices)
        for other, part in ((0, here & same), (size, here & ~same)):  # same kind first
            while part and len(found) < limit:
                low = part & -part
                found.append(-level * double + other + low.bit_length() - 1)
                part ^= low
                ops += 3
        self.mask_ops += ops + 4
        return found


def related(post: Any, candidates: list[Any], limit: int) -> list[Any]:
    """Posts sharing the most labels with `post`: same kind first, then newest, then title."""
    return RelatedIndex(candidates).related(post, limit)
