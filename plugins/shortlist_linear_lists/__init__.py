"""shortlist_linear_lists: Pelican's article lists, filed in time that grows linearly
with the number of posts, the same pages byte for byte.

Pelican 4.12 files posts under labels, kinds, authors and dates with list scans,
`x in some_list` inside a loop over every post, so each costs posts x posts: at 10,000
posts, several seconds of a build that should take none. Plain Pelican pays it too.
This plugin changes no page, only how fast Pelican finds them:

- `ArticlesGenerator.generate_tags`, `generate_categories` and `generate_authors`
  (pelican/generators.py) give each page `[a for a in self.dates if a in articles]`,
  a scan of the label's (kind's, author's) posts for every post of the site. Those
  lists are made as `MemberList`s instead (`article_generator_init`), a list whose
  `in` is a set lookup;
- `ArticlesGenerator._build_period_archives` gives each year and month
  `[a for a in articles if a in dates]`, every post against the period's posts. It is
  called with no posts to filter, and each period's list filled in one pass;
- `pelican.utils.process_translations` ends with
  `[x for x in content_list if x not in index]`, every post against every other. It is
  called once per translation group (a post and its translations) instead.

Each wrapper hands the work to Pelican's own code and only changes what it scans, so
Pelican's ordering, warnings and errors stay its own. tests/test_scale.py builds sites
with and without this plugin and compares every file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import groupby
from operator import attrgetter
from typing import Any, SupportsIndex

import pelican.generators
import pelican.utils
from pelican import signals
from pelican.generators import ArticlesGenerator


class MemberList(list):  # type: ignore[type-arg]
    """A list whose `in` looks its items up by identity in a set, kept in step with
    every change to the list.

    A list's `in` asks `item is x or item == x` of each x. Posts (pelican.contents.Content)
    keep object's own ==, identity, so for them the set answers the same; for anything
    else with an == of its own, the list's scan still answers.
    """

    __slots__ = ("_by_identity", "_ids")

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._ids: set[int] | None = None
        self._by_identity = False

    def __contains__(self, item: object) -> bool:
        if self._ids is None:
            self._ids = {id(x) for x in self}
            self._by_identity = all(type(x).__eq__ is object.__eq__ for x in self)
        if id(item) in self._ids:
            return True
        if self._by_identity and type(item).__eq__ is object.__eq__:
            return False
        return super().__contains__(item)

    def __reduce__(self) -> tuple[Any, ...]:
        # The ids mean nothing in another process: a copy or a pickle makes a fresh set.
        return (type(self), (list(self),))

    # Every change to the items forgets the set; the next `in` makes it again.
    def _changed(self) -> None:
        self._ids = None

    def append(self, item: Any) -> None:
        self._changed()
        super().append(item)

    def extend(self, items: Iterable[Any]) -> None:
        self._changed()
        super().extend(items)

    def insert(self, index: SupportsIndex, item: Any) -> None:
        self._changed()
        super().insert(index, item)

    def remove(self, item: Any) -> None:
        self._changed()
        super().remove(item)

    def pop(self, index: SupportsIndex = -1) -> Any:
        self._changed()
        return super().pop(index)

    def clear(self) -> None:
        self._changed()
        super().clear()

    def __setitem__(self, index: Any, value: Any) -> None:
        self._changed()
        super().__setitem__(index, value)

    def __delitem__(self, index: Any) -> None:
        self._changed()
        super().__delitem__(index)

    def __iadd__(self, items: Iterable[Any]) -> MemberList:  # type: ignore[override,misc]
        self._changed()
        return super().__iadd__(items)

    def __imul__(self, times: SupportsIndex) -> MemberList:  # type: ignore[override,misc]
        self._changed()
        return super().__imul__(times)


def member_lists(generator: ArticlesGenerator) -> None:
    """Before reading: the lists Pelican files posts into become MemberLists, and the
    period archives are filled in one pass."""
    # Pelican's own defaultdict(list)s, empty until generate_context fills them; it
    # turns categories and authors into lists of (name, posts) later, the posts
    # lists stay these.
    generator.tags = defaultdict(MemberList)
    generator.categories = defaultdict(MemberList)
    generator.authors = defaultdict(MemberList)
    generator._build_period_archives = period_archives_in_one_pass(generator._build_period_archives)


PeriodArchives = dict[str, list[dict[str, Any]]]


def period_archives_in_one_pass(
    build: Callable[[list[Any], list[Any], dict[str, Any]], PeriodArchives],
) -> Callable[[list[Any], list[Any], dict[str, Any]], PeriodArchives]:
    """Pelican's `_build_period_archives(sorted_articles, articles, settings)` groups
    sorted_articles into periods (each archive's "dates"), then gives each archive
    `[a for a in articles if a in dates]`: the period's posts in the order of
    `articles`. Called with no articles, it does the grouping alone; each post of
    `articles` is then appended to the archive its "dates" holds it in, which is the
    same list, found once per post instead of once per post per period."""

    def build_in_one_pass(
        sorted_articles: list[Any], articles: list[Any], settings: dict[str, Any]
    ) -> PeriodArchives:
        archives = build(sorted_articles, [], settings)
        if any(archive["articles"] for periods in archives.values() for archive in periods):
            # A later Pelican fills them some other way: its own answer, however long.
            return build(sorted_articles, articles, settings)
        for periods in archives.values():
            archive_of: dict[int, list[Any]] = {}
            for archive in periods:
                for post in archive["dates"]:
                    archive_of[id(post)] = archive["articles"]
            for post in articles:
                if id(post) in archive_of:
                    archive_of[id(post)].append(post)
        return archives

    return build_in_one_pass


def process_translations_by_group(
    content_list: list[Any], translation_id: str | Iterable[str] | None = None
) -> tuple[list[Any], list[Any]]:
    """`pelican.utils.process_translations`, called once per group of posts sharing a
    translation id: it sorts content_list by that id, lists each group's originals in
    `index`, and then `[x for x in content_list if x not in index]`, a scan of `index`
    per post. Sorted the same way here, each group is handed to it alone: the same
    index, translations and warnings, in the same order, each scan a group long."""
    process = pelican.utils.process_translations
    if not translation_id:
        return process(content_list, translation_id)
    names = (translation_id,) if isinstance(translation_id, str) else tuple(translation_id)
    try:
        key = attrgetter(*names)
        content_list.sort(key=key)
    except (TypeError, AttributeError):
        return process(content_list, translation_id)  # its own words for a bad setting
    index: list[Any] = []
    translations: list[Any] = []
    for _, group in groupby(content_list, key):
        group_index, group_translations = process(list(group), translation_id)
        index += group_index
        translations += group_translations
    return index, translations


def register() -> None:
    signals.article_generator_init.connect(member_lists)
    # ArticlesGenerator and PagesGenerator call process_translations as a name of
    # pelican.generators; pelican.utils keeps Pelican's own, which the wrapper calls.
    pelican.generators.process_translations = process_translations_by_group
