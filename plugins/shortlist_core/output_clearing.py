"""The output folder emptied at once, the last build's files deleted beside the build.

With DELETE_OUTPUT_DIRECTORY (publishconf.py sets it), Pelican deletes every file of
the last build before this one reads anything: at 5,000 posts some 25,000 files and
folders, about 5 s of waiting on the disk (1.3 CPU-s) in series with the build, each
time `make publish` runs again. Instead, as the build starts (Pelican's
`get_generators`, just before it would delete them), each entry of the output folder
but those OUTPUT_RETENTION keeps is moved into a new folder beside the output folder
(a rename, on the same disk: nothing is copied), and a separate `rm -rf` deletes that
folder while the build runs. Pelican then finds only the kept entries, as it leaves
them. The folder is beside the output, not in it, so nothing publishes it however
soon `make github` follows.

Nothing is moved where Pelican would not delete (the output folder holds the content,
or the setting is off), and what cannot be renamed (another disk, no `rm`) is left for
Pelican to delete as always. A folder left by a build that was stopped is deleted by
the next one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

PREFIX = ".{name}-deleting-"
"""The name of the folder the last build's files go to, beside the output folder."""


def pelican_would_delete(output: str, content: str, delete: bool) -> bool:
    """Pelican's own test (Pelican.run): delete unless the output folder is the content
    folder or holds it."""
    if not delete:
        return False
    return os.path.commonpath([os.path.realpath(output)]) != os.path.commonpath(
        [os.path.realpath(output), os.path.realpath(content)]
    )


def clear_output(output: str, retention: list[str] | tuple[str, ...]) -> subprocess.Popen[bytes] | None:
    """Move the entries of `output` but those named in `retention` into a folder beside
    it, and start deleting that folder (and any left by an earlier build); the deleting
    process, or None if nothing was moved."""
    folder = Path(os.path.realpath(output))
    rm = shutil.which("rm")
    if rm is None or not folder.is_dir() or folder.parent == folder:
        return None
    prefix = PREFIX.format(name=folder.name)
    entries = [entry for entry in folder.iterdir() if entry.name not in retention]
    try:
        leftovers = [entry for entry in folder.parent.iterdir() if entry.name.startswith(prefix)]
        trash = Path(tempfile.mkdtemp(prefix=prefix, dir=folder.parent)) if entries else None
    except OSError:  # a folder we may not write beside: Pelican deletes, as always
        return None
    moved = False
    if trash is not None:
        for entry in entries:
            try:
                entry.rename(trash / entry.name)
                moved = True
            except OSError:  # another disk (a mount point): Pelican deletes it
                continue
        if not moved:
            trash.rmdir()
            trash = None
    doomed = [str(path) for path in [*leftovers, *([trash] if trash else [])]]
    if not doomed:
        return None
    # Its own session: a Ctrl-C to the build does not stop it half-way.
    return subprocess.Popen(
        [rm, "-rf", "--", *doomed],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def clear_before_build(pelican: Any) -> None:
    """At a build's start (`get_generators`, once per build): the output folder emptied
    as Pelican would empty it, the deleting left to run beside the build."""
    if pelican_would_delete(pelican.output_path, pelican.path, pelican.delete_outputdir):
        clear_output(pelican.output_path, list(pelican.output_retention or ()))
