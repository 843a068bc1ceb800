"""One problems report for the whole build.

Every plugin reports bad input the same way: a `Problem` names the file, the field
(or line), what is wrong and what was expected. The report collects them all so a
strict (publish) build can list every problem at once before it fails, instead of
stopping at the first one as Pelican's `--fatal warnings` would.
"""

from __future__ import annotations

import functools
import logging
import os
from collections import defaultdict
from dataclasses import dataclass

# The report's own messages go through this logger; the capture handler ignores it
# so a problem is never counted twice.
REPORT_LOGGER_NAME = "shortlist.problems"
# Warnings about the data rather than bad input (e.g. analytics paths that match no
# post): shown to the user, but never a problem that fails a strict build.
NOTICE_LOGGER_NAME = "shortlist.notice"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, phrased so its author can fix it."""

    source: str
    """The file, relative to the project folder, or "" for the build as a whole."""
    field: str
    """The metadata field, a CSV line such as "line 12", or "" when neither applies."""
    problem: str
    """What is wrong, e.g. "missing" or "'last tuesday' is not a date"."""
    expected: str = ""
    """What would be right, e.g. "a date such as 2026-11-29 or 2026-11-29 14:30"."""

    def describe(self) -> str:
        """The problem without its file, for a report grouped by file."""
        text = f"{self.field}: {self.problem}" if self.field else self.problem
        return f"{text}; expected {self.expected}" if self.expected else text

    def __str__(self) -> str:
        return f"{self.source}: {self.describe()}" if self.source else self.describe()


class ContentProblems(Exception):
    """Raised by a reader to skip a file; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_path(path: str) -> str:
    """A path as the user would type it: relative to the project when inside it."""
    return _display_path(path, os.getcwd())


# Each file read asks for its own name two or three times (the reader, its pictures,
# the cache check), some 10 us each (an abspath and a relpath).
@functools.lru_cache(maxsize=4096)
def _display_path(path: str, cwd: str) -> str:
    absolute = os.path.join(cwd, path) if not os.path.isabs(path) else path
    absolute = os.path.normpath(absolute)
    relative = os.path.relpath(absolute, cwd)
    return absolute if relative.startswith("..") else relative


class ProblemReport:
    """Collects problems during one build, in the order they were found."""

    def __init__(self) -> None:
        self._problems: list[Problem] = []
        self._skipped_sources: set[str] = set()
        self.last_text = ""
        """What `format` last returned. `clear` leaves it, so a program that runs many
        builds in one process can still show a build's report once the build has
        printed and cleared it; such a program empties it before each build."""

    def add(self, problem: Problem) -> None:
        if problem not in self._problems:
            self._problems.append(problem)

    def report(self, problems: list[Problem], skipped: bool = False) -> None:
        """Record problems and show each one now; the full list comes at the end.

        `skipped` says the file is left out of the build, so Pelican's own
        "Could not process" line for it adds nothing and is not counted again.
        """
        logger = logging.getLogger(REPORT_LOGGER_NAME)
        for problem in problems:
            if problem not in self._problems:
                logger.warning("%s", problem)
            self.add(problem)
            if skipped and problem.source:
                self._skipped_sources.add(problem.source)

    def already_explained(self, relative_path: str) -> bool:
        """Whether a file Pelican could not process was already reported by its reader."""
        return any(
            source == relative_path or source.endswith("/" + relative_path)
            for source in self._skipped_sources
        )

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def clear(self) -> None:
        self._problems.clear()
        self._skipped_sources.clear()

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def __len__(self) -> int:
        return len(self._problems)

    def format(self) -> str:
        """All problems grouped by file, files in the order first seen."""
        by_source: dict[str, list[Problem]] = defaultdict(list)
        for problem in self._problems:
            by_source[problem.source].append(problem)
        count = len(self._problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} found:"]
        for source, problems in by_source.items():
            lines.append(f"  {source or '(build)'}")
            lines.extend(f"    - {p.describe()}" for p in problems)
        self.last_text = "\n".join(lines)
        return self.last_text


class CaptureHandler(logging.Handler):
    """Turns every warning or error logged during the build into a Problem.

    Pelican and its plugins report through `logging`; capturing the records lets
    strict builds fail on any of them, and list them all first.
    """

    def __init__(self, report: ProblemReport) -> None:
        super().__init__(level=logging.WARNING)
        self.report = report
        self.plugin_failures: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith((REPORT_LOGGER_NAME, NOTICE_LOGGER_NAME)):
            return
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg == "Could not process %s" and args and self.report.already_explained(str(args[0])):
            return
        message = record.getMessage()
        if message.startswith(("Cannot load plugin", "Cannot register plugin")):
            lines = message.splitlines()
            if record.exc_info and record.exc_info[1] is not None:
                reason = f"{type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
            else:
                reason = lines[1].strip() if len(lines) > 1 else ""
            self.plugin_failures.append(f"{lines[0]}: {reason}" if reason else lines[0])
        source = ""
        if args and isinstance(args[0], str) and os.path.exists(args[0]):
            source = display_path(args[0])
        self.report.add(Problem(source=source, field="", problem=" ".join(message.split())))


# One report per process, shared by every plugin; cleared after each build so the
# devserver's rebuilds each report only their own problems.
REPORT = ProblemReport()
