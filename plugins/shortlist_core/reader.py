"""A Markdown reader that checks each file and explains what is wrong with it.

It replaces Pelican's Markdown reader (same output for good files). A bad file
raises `ContentProblems`: Pelican logs it, skips the file and goes on, and the
problems report collects every problem for the end of the build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelican.readers import MarkdownReader

from .content_checks import DATE_EXPECTED, DATE_FIELDS, check_date_text, check_metadata, decode_source
from .problems import REPORT, ContentProblems, Problem, display_path

# Checks other plugins add (see register_content_check): each takes the file's
# absolute path, its display path, its metadata and the settings, and returns problems.
ContentCheck = Callable[[str, str, dict[str, Any], dict[str, Any]], list[Problem]]
CONTENT_CHECKS: list[ContentCheck] = []


def register_content_check(check: ContentCheck) -> None:
    """Have every Markdown file checked by `check` too; a file with problems is skipped."""
    if check not in CONTENT_CHECKS:
        CONTENT_CHECKS.append(check)


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
        problems = self._field_problems + check_metadata(metadata, source)
        if not problems:
            for check in CONTENT_CHECKS:
                problems += check(source_path, source, metadata, self.settings)
        if problems:
            self._skip(problems)
        return content, metadata

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
