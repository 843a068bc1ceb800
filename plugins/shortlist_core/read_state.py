"""What a plugin keeps about each file while its reader reads it.

A plugin that wraps the Markdown reader may remember something about the file it
just read, for later in the build (e.g. each post's pictures, until Pelican makes the
post). When the files are read in other processes (a plugin that reads on every
CPU), that memory is filled in the process that read the file, not in the build's: a plugin registers how to take its memory of one file there
(`capture`, returning something picklable, or None for nothing) and how to put it
back here (`restore`), and the file is then as if it had been read here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReadState:
    name: str
    capture: Callable[[str], Any]
    """The plugin's memory of the file (its absolute path) just read, or None."""
    restore: Callable[[str, Any], None]
    """Put a captured memory back, as if the file had been read in this process."""


READ_STATES: dict[str, ReadState] = {}


def register_read_state(
    name: str, capture: Callable[[str], Any], restore: Callable[[str, Any], None]
) -> None:
    READ_STATES[name] = ReadState(name, capture, restore)


def capture_all(path: str) -> dict[str, Any]:
    captured = {name: state.capture(path) for name, state in READ_STATES.items()}
    return {name: value for name, value in captured.items() if value is not None}


def restore_all(path: str, captured: dict[str, Any]) -> None:
    for name, value in captured.items():
        READ_STATES[name].restore(path, value)
