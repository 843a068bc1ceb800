"""Quicker versions of a library's slow parts, put in place for the versions checked.

A plugin that replaces a library's functions with quicker ones giving the same answer
(the kit's Typogrify and Markdown) checks them against one version of the library:
`distribution_versions` says which are installed, and `put_in_place` installs the quick
ones when wanted and checked, or puts the library's own back, and says once a process
(the devserver builds again and again) when another version leaves them out.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from importlib import metadata

_SAID: set[str] = set()


@functools.cache  # what is installed does not change while the devserver runs
def distribution_versions(names: tuple[str, ...]) -> dict[str, str]:
    """Each distribution's installed version, or "not installed"."""
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def put_in_place(
    wanted: bool,
    install: Callable[[], bool],
    uninstall: Callable[[], None],
    tested: Mapping[str, str],
    found: Callable[[], Mapping[str, str]],
    what: str,
    logger: logging.Logger,
) -> None:
    """The quick versions in place when `wanted` and `install()` accepts the versions
    `found()` (it returns False otherwise); else the library's own, said once for
    versions other than `tested`: "<what> runs as it is (slower)..."."""
    if wanted and install():
        return
    uninstall()
    if not wanted:
        return
    versions = found()
    message = ", ".join(f"{name} {versions[name]}" for name in tested)
    if message not in _SAID:
        _SAID.add(message)
        expected = ", ".join(f"{name} {version}" for name, version in tested.items())
        logger.info(
            "%s runs as it is (slower): the quick version was checked with %s, not %s.",
            what,
            expected,
            message,
        )
