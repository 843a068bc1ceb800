"""A Markdown reader that checks each file and explains what is wrong with it.

It replaces Pelican's Markdown reader (same output for good files). A bad file
raises `ContentProblems`: Pelican logs it, skips the file and goes on, and the
problems report collects every problem for the end of the build. Every file is
checked against the metadata table (metadata.py): a bad value of any registered field
skips the file; a name that is almost a known one is a warning, and the file is built.
`Labels:`, the word the site shows, is read as Pelican's `Tags:`.

Pelican's content cache hands back posts without reading them again, so the reader
never sees them; `check_cached_content` puts them through the same checks after
reading, so a file that would be rejected today is never built from an old cache.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelican.readers import MarkdownReader, path_metadata

from .content_checks import (
    DATE_EXPECTED,
    DATE_FIELDS,
    added_by_pelican,
    check_date_text,
    check_metadata,
    decode_source,
    label_names,
)
from .metadata import FIELD_SYNONYMS, check_fields, near_misses
from .problems import REPORT, ContentProblems, Problem, display_path

# Checks other plugins add (see register_content_check): each takes the file's
# absolute path, its display path, its metadata and the settings, and returns problems.
ContentCheck = Callable[[str, str, dict[str, Any], dict[str, Any]], list[Problem]]
CONTENT_CHECKS: list[ContentCheck] = []


def register_content_check(check: ContentCheck) -> None:
    """Have every Markdown file checked by `check` too; a file with problems is skipped."""
    if check not in CONTENT_CHECKS:
        CONTENT_CHECKS.append(check)


def kind_of(source_path: str, metadata: dict[str, Any], settings: dict[str, Any]) -> str | None:
    """The file's kind (category): its own `Category:`, else its folder's, else None (a page)."""
    category = metadata.get("category")
    if category is None:
        relative = os.path.relpath(source_path, settings["PATH"]).replace(os.sep, "/")
        category = path_metadata(source_path, relative, settings).get("category")
    return None if category is None else str(category)


def metadata_problems(
    source_path: str,
    source: str,
    metadata: dict[str, Any],
    settings: dict[str, Any],
    earlier: list[Problem] | None = None,
    ignore: frozenset[str] = frozenset(),
) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of one file's metadata: errors leave the file out of the build.

    `earlier`: problems with Pelican's own fields found while reading (a bad Date:).
    `ignore`: names Pelican put into the metadata itself, which no near-miss check
    should see (the cache keeps them with the file's own).
    """
    core = [*(earlier or []), *check_metadata(metadata, source)]
    errors = core + check_fields(metadata, source, kind_of(source_path, metadata, settings), settings)
    # A plugin's checks assume a post Pelican can use (a title, a date, a known status).
    if not core:
        for check in CONTENT_CHECKS:
            errors += check(source_path, source, metadata, settings)
    warnings = near_misses(metadata, source, ignore=ignore)
    # A plugin reading a field through the table reports its bad value in the same words.
    return list(dict.fromkeys(errors)), warnings


class CheckedMarkdownReader(MarkdownReader):
    """Pelican's MarkdownReader, with clear messages for bad input."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        source = display_path(source_path)
        _, problems = decode_source(Path(source_path).read_bytes(), source)
        if problems:
            self._skip(problems)
        self._field_problems: list[Problem] = []
        self._current_source = source
        try:
            content, metadata = super().read(source_path)
        finally:
            self._current_source = ""
        self._read_synonyms(metadata)
        errors, warnings = metadata_problems(
            source_path, source, metadata, self.settings, earlier=self._field_problems
        )
        if errors:
            self._skip(errors + warnings)
        REPORT.report(warnings)
        return content, metadata

    def _read_synonyms(self, metadata: dict[str, Any]) -> None:
        """`Labels: interviews, offers` is read as `Tags:` (metadata.FIELD_SYNONYMS).

        With both written, the post gets every label of both, each once, in the
        order written: a second list is a user's addition, not a mistake to refuse.
        """
        for name, target in FIELD_SYNONYMS.items():
            key, target_key = name.lower(), target.lower()
            if key not in metadata:
                continue
            written = metadata.pop(key)
            # The labels Pelican read from `Tags:`; anything else is its "nothing here" mark.
            own = metadata.get(target_key)
            names = label_names(own if isinstance(own, list) else None, written)
            metadata[target_key] = MarkdownReader.process_metadata(self, target_key, names)

    @staticmethod
    def _skip(problems: list[Problem]) -> None:
        """Report the file's problems, then make Pelican skip it."""
        REPORT.report(problems, skipped=True)
        raise ContentProblems(problems)

    def process_metadata(self, name: str, value: str) -> Any:
        """Parse one field; a bad date becomes a Problem naming the field."""
        field = DATE_FIELDS.get(name)
        source = getattr(self, "_current_source", "")
        if field is not None and source:
            problem = check_date_text(value, source, field)
            if problem is not None:
                self._field_problems.append(problem)
                return None
            try:
                return super().process_metadata(name, value)
            except ValueError:
                self._field_problems.append(Problem(source, field, f"{value!r} is not a date", DATE_EXPECTED))
                return None
        return super().process_metadata(name, value)


def check_cached_content(items: list[Any], settings: dict[str, Any]) -> list[Any]:
    """The items that fail today's checks; their problems are reported.

    Run on everything read: a file the reader checked in this build passes again (its
    warnings were reported already, and the report keeps each problem once); one
    that came from the cache is checked here for the first time in this build.
    """
    ignore = added_by_pelican(settings)
    failed = []
    for item in items:
        if not item.source_path or Path(item.source_path).suffix.lstrip(".") not in (
            CheckedMarkdownReader.file_extensions
        ):
            continue
        source = display_path(item.source_path)
        errors, warnings = metadata_problems(item.source_path, source, item.metadata, settings, ignore=ignore)
        if errors:
            REPORT.report(errors + warnings, skipped=True)
            failed.append(item)
        else:
            REPORT.report(warnings)
    return failed
