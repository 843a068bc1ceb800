"""Related reading at scale: the label index gives exactly what comparing every pair of
posts gives, does work in proportion to the posts sharing labels (not to every pair, nor
to every subset of a post's labels), and a real build with 60 labels a post is right."""

from __future__ import annotations

import datetime
import itertools
import random
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import ROOT, run_pelican

sys.path.insert(0, str(ROOT / "plugins"))

from advice_articles.article_data import RelatedIndex, labels_of, related

KINDS = ["Advice", "Reflections", "Jobs"]
START = datetime.datetime(2026, 1, 5, 10, 0)


def post(title: str, kind: str, labels: list[str], date: datetime.datetime) -> SimpleNamespace:
    return SimpleNamespace(title=title, category=kind, tags=labels, date=date)


def brute_force_related(me: Any, candidates: list[Any], limit: int) -> list[Any]:
    """The rule, plainly: compare the post with every other candidate, keep those sharing
    a label, sort by (most labels shared, same kind first, newest, title). Python's sort
    is stable, so posts tied on all four keep the order they were given in."""
    mine = {str(label) for label in me.tags}
    ranked = []
    for other in candidates:
        shared = len(mine & {str(label) for label in other.tags})
        if other is not me and shared > 0:
            key = (-shared, other.category != me.category, -other.date.timestamp(), other.title)
            ranked.append((key, other))
    ranked.sort(key=lambda entry: entry[0])
    return [other for _, other in ranked[:limit]]


def skewed_corpus(seed: int, size: int) -> list[SimpleNamespace]:
    """Posts as a real blog has them, and the cases that break shortcuts: labels drawn
    Zipf-like from a small, middling or large vocabulary, "job search" on almost every
    post, posts with no label, with 60 labels, with a label written twice, few distinct
    dates and titles (so whole ties happen), three kinds."""
    rng = random.Random(seed)
    vocabulary = [f"label {n}" for n in range(rng.choice([5, 30, 150, 400]))]
    zipf = list(itertools.accumulate(1 / (rank + 1) ** 1.1 for rank in range(len(vocabulary))))
    dates = [START + datetime.timedelta(days=rng.randrange(30)) for _ in range(size // 4)]
    posts = []
    for _ in range(size):
        wanted = rng.choice([0, 0, 1, 2, 3, 5, 8, 20, 40, 60, 60])
        labels: set[str] = set()
        if wanted and rng.random() < 0.97:
            labels.add("job search")
        while len(labels) < min(wanted, len(vocabulary)):
            labels.add(rng.choices(vocabulary, cum_weights=zipf)[0])
        written = sorted(labels)
        if written and rng.random() < 0.1:
            written.append(written[0])  # the same label twice counts once
        title = f"Post {rng.randrange(size // 3)}"  # repeated titles: some posts tie on everything
        posts.append(post(title, rng.choice(KINDS), written, rng.choice(dates)))
    return posts


@pytest.mark.parametrize("seed", range(1, 9))
def test_the_index_gives_what_comparing_every_pair_gives(seed: int) -> None:
    rng = random.Random(seed)
    posts = skewed_corpus(seed, rng.choice([60, 200, 300]))
    closed = set(rng.sample(range(len(posts)), len(posts) // 10))
    # Closed listings are left out of the candidates by the caller, but still get related reading.
    candidates = [p for n, p in enumerate(posts) if n not in closed]
    expected = {id(p): brute_force_related(p, candidates, 7) for p in posts}
    # Which labels count as common (None: the default; 0: all; a billion: none), and
    # whether posts are first looked at in rank order (None: the default; 0: never).
    for common_above, walk in ((None, None), (None, 0), (0, None), (0, 0), (3, 0), (10**9, None)):
        index = RelatedIndex(candidates, common_above)
        if walk is not None:
            index.walk_per_link = walk
        for p in posts:
            for limit in (1, 3, 7):
                got = index.related(p, limit)
                assert [id(o) for o in got] == [id(o) for o in expected[id(p)][:limit]], (
                    f"{p.title} ({len(p.tags)} labels), limit {limit}, common above {common_above}, walk {walk}"
                )


def test_no_labels_no_candidates_and_a_zero_limit() -> None:
    lone = post("lone", "Advice", [], START)
    labelled = post("labelled", "Advice", ["job search"], START)
    assert RelatedIndex([]).related(labelled, 3) == []
    assert RelatedIndex([lone, labelled]).related(lone, 3) == []
    assert RelatedIndex([labelled]).related(labelled, 3) == []  # never the post itself
    assert RelatedIndex([lone, labelled]).related(post("x", "Jobs", ["job search"], START), 0) == []
    twice = RelatedIndex([labelled, labelled])  # given twice, still one post
    assert twice.related(post("y", "Jobs", ["job search"], START), 3) == [labelled]


def test_the_module_function_ranks_like_the_index() -> None:
    posts = skewed_corpus(9, 120)
    for p in posts[:40]:
        assert related(p, posts, 3) == brute_force_related(p, posts, 3)


# --- work in proportion to the posts sharing labels -----------------------------------


def sixty_label_corpus(size: int, vocabulary: int, skew: float, seed: int = 60) -> list[SimpleNamespace]:
    """Every post with exactly 60 labels: "job search" and 59 drawn from `vocabulary`,
    Zipf-like with exponent `skew` (0: uniform)."""
    rng = random.Random(seed)
    names = [f"label {n}" for n in range(vocabulary)]
    weights = list(itertools.accumulate(1 / (rank + 1) ** skew for rank in range(vocabulary)))
    posts = []
    for n in range(size):
        labels = {"job search"}
        while len(labels) < 60:
            labels.add(rng.choices(names, cum_weights=weights)[0])
        posts.append(
            post(f"Post {n}", rng.choice(KINDS), sorted(labels), START + datetime.timedelta(hours=n))
        )
    return posts


def test_posts_sharing_nothing_cost_their_own_labels() -> None:
    """60 labels a post, none shared: one entry walked per label, no bitmask work; the
    label-subset index this replaced would have listed 2^60 subsets a post."""
    posts = [
        post(
            f"Post {n}", "Advice", [f"label {n}-{i}" for i in range(60)], START + datetime.timedelta(hours=n)
        )
        for n in range(500)
    ]
    index = RelatedIndex(posts)
    assert all(index.related(p, 3) == [] for p in posts)
    assert index.entries_visited == 500 * 60
    assert index.mask_ops == 0


def test_a_label_on_every_post_is_not_walked_from_every_post() -> None:
    """ "job search" on all 3,000 posts, every other label a post's own: walking its list
    from each post would visit 9,000,000 entries. Looking at posts newest first, each
    post is done after its three newest neighbours carrying it."""
    size = 3000
    posts = [
        post(
            f"Post {n}",
            KINDS[n % 3],
            ["job search", *(f"own {n}-{i}" for i in range(59))],
            START + datetime.timedelta(hours=n),
        )
        for n in range(size)
    ]
    index = RelatedIndex(posts)
    for p in posts[::50]:
        assert index.related(p, 3) == brute_force_related(p, posts, 3)
    index.entries_visited = index.mask_ops = 0
    for p in posts:
        index.related(p, 3)
    assert index.entries_visited == size * 59 + size * 3  # its own labels, then three posts
    assert index.mask_ops == 0


@pytest.mark.parametrize(
    ("vocabulary", "skew"),
    [(250, 1.0), (20_000, 0.0)],
    ids=["every-pair-shares-labels", "most-labels-on-a-few-posts"],
)
def test_sixty_labels_a_post_is_far_below_every_pair(vocabulary: int, skew: float) -> None:
    """2,000 posts x 60 labels, "job search" on every one: Zipf-like from 250 labels (every
    pair of posts shares labels, most labels on hundreds of posts), or uniform from 20,000
    (most labels on a handful of posts). Counted as posting entries walked plus 64-bit
    machine words of bitmask operations, against comparing every pair (N x (N-1) pairs,
    60 label lookups each), walking every list of every post's labels (a plain inverted
    index), and the label-subset index this replaced (2^60 subsets a post)."""
    size = 2000
    posts = sixty_label_corpus(size, vocabulary, skew)
    index = RelatedIndex(posts)
    for p in posts[::100]:
        assert index.related(p, 3) == brute_force_related(p, posts, 3)
    index.entries_visited = index.mask_ops = 0
    for p in posts:
        index.related(p, 3)
    pairs = size * (size - 1)
    every_list = sum(len(index.postings[label]) for p in posts for label in labels_of(p))
    assert index.work < pairs * 60 / 5
    assert index.entries_visited < every_list / 5
    if skew == 0.0:  # posts share a few labels: the work is the sharing, well below one unit a pair
        assert index.work < pairs / 4
        assert index.mask_ops < size
    else:  # dense: the lists are walked a fiftieth as much, and the rest is bitmasks
        assert index.entries_visited < every_list / 50


# --- a real build -----------------------------------------------------------------------


def test_a_site_with_60_labels_a_post_builds_with_the_right_related_reading(content_copy: Path) -> None:
    rng = random.Random(2026)
    topics = [f"topic {n:02d}" for n in range(90)]
    zipf = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(topics))))
    posts = []
    for n in range(36):
        labels = {"job search"}
        while len(labels) < 60:
            labels.add(rng.choices(topics, cum_weights=zipf)[0])
        folder, kind = ("advice", "Advice") if n % 3 == 0 else ("reflections", "Reflections")
        # Pairs of posts on the same day, so some ties go down to the title.
        when = datetime.datetime(2026, 6, 1, 10, 0) + datetime.timedelta(days=n // 2)
        title = f"Sixty labels {n:02d}"
        (content_copy / folder / f"sixty-labels-{n:02d}.md").write_text(
            f"Title: {title}\nDate: {when:%Y-%m-%d %H:%M}\nTags: {', '.join(sorted(labels))}\n"
            f"Summary: Post {n}.\n\nA post with sixty labels.\n",
            encoding="utf-8",
        )
        posts.append(post(title, kind, sorted(labels), when))
    build = run_pelican(content_copy.parent / "output", content=content_copy)
    assert build.returncode == 0, build.log
    # The sample posts share no label with these, so the expected answer is among them.
    for n in (0, 17):
        page = build.html(f"{posts[n].category.lower()}/sixty-labels-{n:02d}/index.html")
        shown = [" ".join(a.get_text().split()) for a in page.select("section.related a")]
        assert shown == [p.title for p in brute_force_related(posts[n], posts, 3)]
        assert len(shown) == 3


def test_the_benchmark_corpus_can_carry_60_labels_a_post(tmp_path: Path) -> None:
    """`bench/run.py --labels 60`: up to 60 labels a post, "job search" on almost all."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import generate

    content = generate(tmp_path, 60, labels=60)
    tags = [
        line.removeprefix("Tags: ").split(", ")
        for path in content.rglob("post-*.md")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("Tags: ")
    ]
    assert len(tags) == 60
    assert max(len(labels) for labels in tags) > 40 and all(1 <= len(labels) <= 60 for labels in tags)
    assert sum("job search" in labels for labels in tags) > 50
