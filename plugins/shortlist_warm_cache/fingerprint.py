"""What a cached post depends on besides its own file, as a few digests.

A post in Pelican's content cache is what the readers, the kit's plugins and the
settings made of its file: the cache knows the file's own stamp and nothing else.
So everything else that could change what is made of a file is summed up here, and
the cache is thrown away when any digest differs from the last build's:

- "settings": every setting of this build (from the settings files, `-e` overrides
  and the environment variables the files read: SITEURL, SHORTLIST_DRAFTS...), and
  the settings files themselves (every module loaded from outside the Python
  installation and the plugins: a function's code is not in its setting's value);
- "plugins": every file under PLUGIN_PATHS;
- "theme": every file of THEME (and THEME_TEMPLATES_OVERRIDES);
- "python": Python's version and every installed package's (the requirements).

Pure functions, apart from reading those files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import site
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

# What each digest stands for, to say why a cache was thrown away.
INPUTS = {
    "settings": "the settings",
    "plugins": "the plugins",
    "theme": "the theme",
    "python": "Python or an installed package",
}

# `repr` of a function or a plain object names its address, new in every process.
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_SKIPPED_PARTS = {"__pycache__", ".git", ".pytest_cache", ".ruff_cache"}


def stable_repr(value: Any, _seen: frozenset[int] = frozenset()) -> str:
    """A text for a setting's value that is the same in every process for the same value.

    Dicts and sets are sorted (a set of strings iterates in a per-process order);
    functions are named by module and name (their code is in "code" or "python").
    """
    if value is None or isinstance(value, (str, bytes, bool, int, float)):
        return repr(value)
    if id(value) in _seen:
        return "<cycle>"
    seen = _seen | {id(value)}
    if isinstance(value, Mapping):
        items = sorted(f"{stable_repr(k, seen)}: {stable_repr(v, seen)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, (set, frozenset)):
        return "set(" + ", ".join(sorted(stable_repr(v, seen) for v in value)) + ")"
    if isinstance(value, (list, tuple)):
        return type(value).__name__ + "[" + ", ".join(stable_repr(v, seen) for v in value) + "]"
    if callable(value) and hasattr(value, "__qualname__"):
        return f"<{getattr(value, '__module__', '?')}.{value.__qualname__}>"
    return _ADDRESS.sub("", repr(value))


# Where the pages are written and where the cache is kept change nothing that is read
# (a post from the cache gets this build's settings): a build into another folder
# may use the cache.
NOT_READ = frozenset({"OUTPUT_PATH", "CACHE_PATH"})


def settings_digest(settings: Mapping[str, Any]) -> str:
    kept = {name: value for name, value in settings.items() if name not in NOT_READ}
    return hashlib.sha256(stable_repr(kept).encode("utf-8", "surrogatepass")).hexdigest()


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return [folder] if folder.is_file() else []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not _SKIPPED_PARTS.intersection(path.parts) and path.suffix != ".pyc"
    )


def files_digest(paths: Iterable[Path]) -> str:
    """One digest of the files and folders given: each file's path and bytes."""
    digest = hashlib.sha256()
    for root in paths:
        root = root.resolve()
        for path in _files(root):
            digest.update(f"{path}\0".encode("utf-8", "surrogateescape"))
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _installation() -> list[Path]:
    places = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    places.update(site.getsitepackages() if hasattr(site, "getsitepackages") else [])
    places.add(site.getusersitepackages())
    return [Path(p).resolve() for p in places if p]


def project_modules(skip: Iterable[Path]) -> list[Path]:
    """The files of the loaded modules that are not part of Python or a package:
    the settings files (pelicanconf.py, publishconf.py) and whatever they import."""
    # Plain strings, not Paths: a build has some 700 modules loaded, and resolving and
    # comparing a Path for each took 50 ms a build. A module's path is resolved only
    # when it is not under one of those places as it stands.
    places = [*_installation(), *(Path(p).resolve() for p in skip)]
    outside = tuple(os.path.join(str(place), "") for place in places)
    found = set()
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if not name or not name.endswith(".py") or os.path.abspath(name).startswith(outside):
            continue
        path = os.path.realpath(name)
        if not path.startswith(outside) and os.path.isfile(path):
            found.add(Path(path))
    return sorted(found)


_METADATA_FOLDERS = (".dist-info", ".egg-info")


def python_digest() -> str:
    """Python's version and every installed distribution's name and version, as the
    installers name its metadata folder on sys.path (`name-version.dist-info`, or
    `.egg-info`): reading every distribution's METADATA instead took 40 ms a build."""
    installed: set[str] = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or os.curdir)
        except OSError:
            continue
        installed.update(name for name in names if name.endswith(_METADATA_FOLDERS))
    return hashlib.sha256(json.dumps([sys.version, sorted(installed)]).encode()).hexdigest()


def fingerprint(settings: Mapping[str, Any]) -> dict[str, str]:
    """The digests of everything a cached post depends on besides its file (INPUTS)."""
    plugin_paths = [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    theme = [Path(settings["THEME"]), *(Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", []))]
    settings_files = files_digest(project_modules(plugin_paths))
    return {
        "settings": settings_digest(settings) + settings_files,
        "plugins": files_digest(plugin_paths),
        "theme": files_digest(theme),
        "python": python_digest(),
    }


def changed_inputs(before: Mapping[str, str], now: Mapping[str, str]) -> list[str]:
    """What changed between two fingerprints, in words (empty: nothing)."""
    return [INPUTS.get(name, name) for name in now if before.get(name) != now[name]]
