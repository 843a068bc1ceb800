"""The search log: one row per application, parsed and checked (pure, no Pelican).

Columns of content/search-log.csv (a header row names them; order is free):

    id, company, role, source, applied, screen, interview, final, offer, outcome, outcome_date

`applied` and the stage columns are dates (YYYY-MM-DD), empty until reached;
`outcome` is offer-accepted, offer-declined, rejected, withdrew, no-response, or
empty while the application is still open; `outcome_date` (optional) is when it
ended, which dates a response that came without a stage (a rejection email).
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from shortlist_core.problems import Problem

STAGES = ("screen", "interview", "final", "offer")
STAGE_LABELS = {
    "applied": "Applied",
    "screen": "Screen",
    "interview": "Interview",
    "final": "Final round",
    "offer": "Offer",
}
OUTCOMES = ("offer-accepted", "offer-declined", "rejected", "withdrew", "no-response")
OUTCOME_LABELS = {
    "offer-accepted": "Accepted",
    "offer-declined": "Declined",
    "rejected": "Rejected",
    "withdrew": "Withdrew",
    "no-response": "No response",
    "": "Still open",
}
REQUIRED_COLUMNS = ("id", "company", "role", "source", "applied", "outcome")


@dataclass(frozen=True)
class Application:
    id: str
    company: str
    role: str
    source: str
    applied: datetime.date
    stages: dict[str, datetime.date]
    """The stages reached, by name, with their dates."""
    outcome: str
    """One of OUTCOMES, or "" while open."""
    outcome_date: datetime.date | None
    line: int

    @property
    def furthest(self) -> str:
        """'applied' or the last stage reached."""
        reached = [stage for stage in STAGES if stage in self.stages]
        return reached[-1] if reached else "applied"

    @property
    def responded(self) -> bool:
        return bool(self.stages) or self.outcome in ("rejected", "offer-accepted", "offer-declined")

    @property
    def first_response(self) -> datetime.date | None:
        dates = list(self.stages.values())
        if not dates and self.outcome == "rejected" and self.outcome_date:
            dates = [self.outcome_date]
        return min(dates) if dates else None

    @property
    def status(self) -> str:
        """Where it stands, for a reflection: 'Final round', 'Rejected after the screen', ..."""
        stage = STAGE_LABELS[self.furthest]
        if not self.outcome:
            return f"{stage} (open)" if self.furthest != "applied" else "Applied, waiting"
        label = OUTCOME_LABELS[self.outcome]
        return label if self.furthest == "applied" else f"{label} after: {stage.lower()}"


def _date(value: str, source: str, line: int, column: str, problems: list[Problem]) -> datetime.date | None:
    text = value.strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        problems.append(
            Problem(source, f"line {line}", f"{column} {text!r} is not a date", "YYYY-MM-DD, e.g. 2026-10-05")
        )
        return None


def parse_log(path: Path, source: str) -> tuple[list[Application], list[Problem]]:
    """Every good row, and a problem for every bad one (which is left out)."""
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        return [], [
            Problem(
                source, "encoding", f"byte 0x{error.object[error.start]:02X} is not UTF-8", "a UTF-8 CSV file"
            )
        ]
    rows = csv.DictReader(text.splitlines())
    columns = [c.strip().lower() for c in rows.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return [], [
            Problem(
                source,
                "line 1",
                f"missing column(s) {', '.join(missing)}",
                "a header with " + ", ".join(REQUIRED_COLUMNS),
            )
        ]
    applications: list[Application] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        before = len(problems)
        identifier = row.get("id", "")
        if not identifier:
            problems.append(Problem(source, f"line {line}", "id is empty", "a short unique id, e.g. a12"))
        elif identifier in seen:
            problems.append(
                Problem(
                    source,
                    f"line {line}",
                    f"id {identifier!r} is used again (first on line {seen[identifier]})",
                    "a unique id per application",
                )
            )
        applied = _date(row.get("applied", ""), source, line, "applied", problems)
        if applied is None and not row.get("applied"):
            problems.append(
                Problem(source, f"line {line}", "applied is empty", "the date the application was sent")
            )
        stages: dict[str, datetime.date] = {}
        for stage in STAGES:
            day = _date(row.get(stage, ""), source, line, stage, problems)
            if day is not None:
                if applied is not None and day < applied:
                    problems.append(
                        Problem(
                            source,
                            f"line {line}",
                            f"{stage} {day.isoformat()} is before applied {applied.isoformat()}",
                            "a stage on or after the application",
                        )
                    )
                stages[stage] = day
        outcome = row.get("outcome", "").lower()
        if outcome and outcome not in OUTCOMES:
            problems.append(
                Problem(
                    source,
                    f"line {line}",
                    f"outcome {outcome!r} is not known",
                    ", ".join(OUTCOMES) + ", or empty while open",
                )
            )
        if outcome in ("offer-accepted", "offer-declined") and "offer" not in stages:
            problems.append(
                Problem(
                    source,
                    f"line {line}",
                    f"outcome {outcome!r} has no offer date",
                    "the offer column filled in",
                )
            )
        outcome_date = _date(row.get("outcome_date", ""), source, line, "outcome_date", problems)
        if len(problems) > before:
            continue
        seen[identifier] = line
        applications.append(
            Application(
                identifier,
                row["company"],
                row["role"],
                row.get("source", "") or "unknown",
                applied,
                stages,
                outcome,
                outcome_date,
                line,
            )
        )
    return applications, problems
