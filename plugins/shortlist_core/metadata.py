"""The metadata fields Shortlist defines: one table of rules, and one parser per kind of
value (pure, no Pelican).

Each plugin registers the fields it reads (`register_metadata_fields`) with the parser
for their values, what a good value looks like and the kinds of post they apply to; the
core never names a plugin or its fields. The checked Markdown reader applies the whole
table to every file, so a bad value is named with its file before anything is built,
and a name that is almost a known one (`Tag:` for `Tags:`) is a warning. Plugins
then read values with `read_value`, through the same parsers: no field is parsed two
ways, and `yes`, `true`, `on` and `1` mean the same in every field.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .problems import Problem

# --- parsers ---------------------------------------------------------------------------


class BadValue(ValueError):
    """A parser's verdict on a bad value.

    `problem` replaces the usual "'x' is not valid" and `expected` the rule's own
    description, when the value calls for a more precise message (an http:// address).
    """

    def __init__(self, problem: str = "", expected: str = "") -> None:
        super().__init__(problem or expected)
        self.problem = problem
        self.expected = expected


Parser = Callable[[str], Any]
"""Text as written after `Name:` (stripped, never empty) -> the value, or BadValue."""

YES = frozenset({"yes", "true", "on", "1"})
NO = frozenset({"no", "false", "off", "0"})
YES_NO_EXPECTED = "yes or no"

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Characters no address in an href may hold: they could end the attribute or the tag
# (the theme does not autoescape), or are not part of any valid URL.
_UNSAFE = re.compile(r"[\s\"'<>`\\\x00-\x1f\x7f]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
_ID = re.compile(r"^[\w.-]+$")
_SEPARATORS = re.compile(r"[,\s]+")


def parse_yes_no(text: str) -> bool:
    """yes/no, true/false, on/off or 1/0, in any case."""
    word = text.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise BadValue()


def parse_day(text: str) -> datetime.date:
    """A day written YYYY-MM-DD (a year of four digits: no guessing)."""
    text = text.strip()
    if not _DAY.match(text):
        raise BadValue()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BadValue() from None


def parse_text(text: str) -> str:
    """Any text; the field only needs to be there."""
    return text.strip()


def is_https_url(text: str) -> bool:
    """An https:// address with a host, and nothing that could leave an href."""
    if _UNSAFE.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. a malformed [IPv6] host
        return False
    return parts.scheme == "https" and bool(parts.hostname)


def is_mailto(text: str) -> bool:
    """A mailto: link to one address (optionally with ?subject=...)."""
    if not text.startswith("mailto:") or _UNSAFE.search(text):
        return False
    address = text.removeprefix("mailto:").split("?", 1)[0]
    return _EMAIL.fullmatch(address) is not None


def parse_https_url(text: str) -> str:
    """An https:// address: never http:// (readers' details unencrypted) or javascript:."""
    text = text.strip()
    if not is_https_url(text):
        raise BadValue()
    return text


APPLY_TARGET_EXPECTED = "an https:// URL or a mailto: address"


def parse_apply_target(text: str) -> str:
    """Where candidates apply: an https:// URL or a mailto: address."""
    text = text.strip()
    if is_https_url(text) or is_mailto(text):
        return text
    if text.lower().startswith("http://"):
        raise BadValue(
            expected=APPLY_TARGET_EXPECTED + " (http:// sends applicants' details unencrypted; use https://)"
        )
    raise BadValue()


def split_list(text: str) -> list[str]:
    """Items separated by commas and/or whitespace."""
    return [item for item in _SEPARATORS.split(text.strip()) if item]


def parse_site_paths(text: str) -> tuple[str, ...]:
    """Paths on this site (`/2019/05/post.html`) or full http(s):// addresses."""
    items = split_list(text)
    for item in items:
        if item.startswith("/"):
            continue
        if _UNSAFE.search(item):
            raise BadValue()
        try:
            parts = urlsplit(item)
        except ValueError:
            raise BadValue() from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BadValue()
    if not items:
        raise BadValue()
    return tuple(items)


def parse_id_list(text: str) -> tuple[str, ...]:
    """Short ids (letters, digits, `-`, `_`, `.`), separated by commas or spaces."""
    items = split_list(text)
    if not items or not all(_ID.match(item) for item in items):
        raise BadValue()
    return tuple(items)


def choice(options: Sequence[str]) -> Parser:
    """One of `options`, in any case; the value is the option as listed."""
    by_word = {option.lower(): option for option in options}

    def parse(text: str) -> str:
        option = by_word.get(text.strip().lower())
        if option is None:
            raise BadValue()
        return option

    return parse


def or_list(options: Sequence[str]) -> str:
    """'no, yes or hybrid'."""
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]


# --- the table -------------------------------------------------------------------------


def metadata_text(value: Any) -> str | None:
    """A metadata value as the text its author wrote; None when missing or empty.

    A field written on two lines arrives as a list and is read as one comma list.
    """
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class FieldRule:
    """One metadata field a plugin defines."""

    name: str
    """As written in a file and shown in messages, e.g. "Company-url"."""
    parse: Parser
    expected: str
    """What a good value looks like, completing "expected ...", e.g. "yes or no"."""
    kinds: tuple[str, ...] = ()
    """The kinds (categories) it applies to; empty for every post and page."""
    kind_setting: str = ""
    """A setting naming the kind instead, when the site may rename it (a plugin's own)."""

    @property
    def key(self) -> str:
        """The name as Pelican gives it: lower-case."""
        return self.name.lower()

    def applies_to(self, kind: str | None, settings: Mapping[str, Any]) -> bool:
        if not self.kinds and not self.kind_setting:
            return True
        kinds = self.kinds
        if self.kind_setting and settings.get(self.kind_setting):
            kinds = (str(settings[self.kind_setting]),)
        return kind is not None and kind in kinds

    def check(self, value: Any, source: str) -> tuple[Any, Problem | None]:
        """(parsed value, None), (None, None) when missing, or (None, the problem)."""
        text = metadata_text(value)
        if text is None:
            return None, None
        try:
            return self.parse(text), None
        except BadValue as bad:
            return None, Problem(
                source, self.name, bad.problem or f"{text!r} is not valid", bad.expected or self.expected
            )


# Pelican's own fields (README: "Pelican's own metadata"): always known, checked by
# Pelican and content_checks.py, never registered by a plugin.
PELICAN_FIELDS = (
    "Title",
    "Date",
    "Modified",
    "Tags",
    "Category",
    "Slug",
    "Summary",
    "Status",
    "Author",
    "Authors",
    "Lang",
    "Translation",
    "Save_as",
    "Url",
    "Template",
)
_PELICAN_KEYS = {name.lower(): name for name in PELICAN_FIELDS}

# Names a user may write for one of Pelican's fields: the theme shows tags as
# "Labels", so `Labels:` is what a user guesses. The reader reads each as the field
# it names (reader.py); known, so never a near miss (and `Label:` suggests it).
FIELD_SYNONYMS = {"Labels": "Tags"}
_SYNONYM_KEYS = {name.lower(): name for name in FIELD_SYNONYMS}

# Every field a plugin registered, by key. Filled when the plugins register.
FIELD_RULES: dict[str, FieldRule] = {}


def register_metadata_fields(rules: Iterable[FieldRule]) -> None:
    """Add a plugin's fields to the table (registering a field again replaces it)."""
    for rule in rules:
        if rule.key in _PELICAN_KEYS or rule.key in _SYNONYM_KEYS:
            raise ValueError(f"{rule.name} is Pelican's own metadata field; a plugin cannot redefine it")
        FIELD_RULES[rule.key] = rule


def known_fields(rules: Mapping[str, FieldRule] | None = None) -> dict[str, str]:
    """Every known field, key -> name as written: Pelican's, their synonyms and the registered ones."""
    table = FIELD_RULES if rules is None else rules
    return {**_PELICAN_KEYS, **_SYNONYM_KEYS, **{key: rule.name for key, rule in table.items()}}


def check_fields(
    metadata: Mapping[str, Any],
    source: str,
    kind: str | None,
    settings: Mapping[str, Any],
    rules: Mapping[str, FieldRule] | None = None,
) -> list[Problem]:
    """A problem for every registered field with a bad value, in the file's order."""
    table = FIELD_RULES if rules is None else rules
    problems = []
    for key, value in metadata.items():
        rule = table.get(key)
        if rule is None or not rule.applies_to(kind, settings):
            continue
        _, problem = rule.check(value, source)
        if problem is not None:
            problems.append(problem)
    return problems


# Close enough to be a typo: `Tag`/`Tags` 0.86, `Summmary`/`Summary` 0.93, `Catagory`/
# `Category` 0.88; while `Subtitle`/`Title` (0.77) and `Data`/`Date` (0.75) are left alone.
NEAR_MISS_CUTOFF = 0.8


def near_misses(
    names: Iterable[str],
    source: str,
    known: Mapping[str, str] | None = None,
    ignore: Iterable[str] = (),
) -> list[Problem]:
    """A warning for each unknown name that is almost a known one; other names are free.

    Pelican accepts any metadata, so a typo in a name is otherwise silently ignored.
    """
    known = known_fields() if known is None else known
    ignored = {name.lower() for name in ignore}
    problems = []
    for name in names:
        key = name.lower()
        if key in known or key in ignored:
            continue
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=NEAR_MISS_CUTOFF)
        if close:
            problems.append(
                Problem(
                    source,
                    name[:1].upper() + name[1:],
                    f"not a known field, so it is ignored; did you mean `{known[close[0]]}`?",
                )
            )
    return problems


def read_value(metadata: Mapping[str, Any], rule: FieldRule, default: Any = None) -> Any:
    """A field's value through its rule's parser; `default` when it is missing or bad.

    A bad value never gets this far in a build: the reader reported it and left the
    file out. The default only keeps a plugin's glue from failing on odd input.
    """
    value, problem = rule.check(metadata.get(rule.key), "")
    return default if value is None or problem is not None else value


# A post's old addresses, shared by every plugin that reads them (popular posts
# counts their views, another writes a redirect page at each); registered by the core.
ALIASES = FieldRule(
    "Aliases",
    parse_site_paths,
    "the post's old addresses, each a path starting with / or a full http(s):// URL, separated "
    "by commas, e.g. `/2019/05/my-first-post.html, /p/about-my-search.html`",
)
