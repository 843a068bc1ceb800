"""One Markdown instance for every file a reading worker reads, not one a file.

Pelican's MarkdownReader builds a new `Markdown` for each file (its extensions
imported, configured and registered again: some 0.5-1 ms, about 5% of reading a
post with Typogrify). In a reading worker (reading.py), `pelican.readers.Markdown`
builds one and, right after, notes everything it holds: every attribute of every
object reachable from it (the instance, its parser, registries, extensions, their
processors; through lists, dicts, sets, deques, bound methods and closures) and
every container's items. For each later file with the same settings, everything is
put back as noted, in place: the same objects, each holding the same objects and
values (the footnotes' unique prefix, the "meta" preprocessor Pelican removes
before converting the Summary, anything a run added or changed). The instance is
then what it was when new, object for object, which is what a new one would be.
What is not followed holds nothing that changes: compiled patterns, functions,
classes (tests/test_markdown_reuse.py checks that, and file after file output).
Other settings, an extension given as an object rather than by name, or an
instance that holds objects of other modules than Markdown's and its extensions'
(shared with the rest of the process: not Markdown's to put back) get a new instance
each time, as in Pelican.

The build's process keeps Pelican's own way (one instance a file): a build read in
workers and one read one by one are compared by the tests, file for file.
"""

from __future__ import annotations

import copy
from collections import deque
from types import BuiltinFunctionType, FunctionType, MethodType, ModuleType
from typing import Any

from markdown import Markdown

SCALARS = (str, bytes, int, float, complex, bool, type(None))
NOT_FOLLOWED = (type, ModuleType, FunctionType, MethodType, BuiltinFunctionType)


class Snapshot:
    """Every object a Markdown instance holds, as it is: each object's attributes and
    each list's, dict's, set's and deque's contents, followed through all of them (and
    through what methods are bound to and closures hold); and the types of what has
    nothing of its own to follow (compiled patterns, functions, classes), so a test
    can see that none of them holds anything that changes."""

    def __init__(self, md: Markdown, modules: tuple[str, ...] = ("markdown",)) -> None:
        self.modules = (*modules, "collections", "builtins")
        self.foreign: set[type] = set()
        """Objects of other modules than Markdown's and its extensions' (a logger, the
        build's settings...): shared with the rest of the process, not to be put back."""
        self.attributes: dict[int, tuple[Any, dict[str, Any]]] = {}
        self.contents: dict[int, tuple[Any, Any]] = {}
        self.seen: dict[int, Any] = {}  # keeps every object alive: no id is reused
        self.not_followed: set[type] = set()
        self.note(md)

    def note(self, value: Any) -> None:
        todo = [value]
        while todo:
            value = todo.pop()
            if isinstance(value, SCALARS) or id(value) in self.seen:
                continue
            self.seen[id(value)] = value
            followed = False
            if isinstance(value, dict):
                self.contents[id(value)] = (value, list(value.items()))
                todo.extend(item for pair in value.items() for item in pair)
                followed = True
            elif isinstance(value, (list, set, deque)):
                self.contents[id(value)] = (value, list(value))
                todo.extend(value)
                followed = True
            elif isinstance(value, (tuple, frozenset)):
                todo.extend(value)
                followed = True
            elif isinstance(value, MethodType):  # what a bound method is bound to
                todo.append(value.__self__)
            elif isinstance(value, FunctionType) and value.__closure__:  # what a closure holds
                todo.extend(cell.cell_contents for cell in value.__closure__)
            if hasattr(value, "__dict__") and not isinstance(value, NOT_FOLLOWED):
                if not type(value).__module__.startswith(self.modules):
                    self.foreign.add(type(value))
                self.attributes[id(value)] = (value, dict(vars(value)))
                todo.extend(vars(value).values())
            elif not followed:
                self.not_followed.add(type(value))

    def restore(self) -> None:
        """Everything as it was noted: the same objects, holding the same things."""
        for container, items in self.contents.values():
            if isinstance(container, dict):
                container.clear()
                container.update(items)
            elif isinstance(container, list):
                container[:] = items
            elif isinstance(container, deque):
                container.clear()
                container.extend(items)
            else:
                container.clear()
                container.update(items)
        for obj, attributes in self.attributes.values():
            own = vars(obj)
            own.clear()
            own.update(attributes)


class ReusedMarkdown:
    """Stands for `markdown.Markdown` in `pelican.readers`, in a reading worker."""

    def __init__(self) -> None:
        self.kept: tuple[Markdown, Snapshot] | None = None
        self.kept_kwargs: dict[str, Any] = {}
        self.built = 0
        self.renewed = 0

    def __call__(self, **kwargs: Any) -> Markdown:
        if self.kept is not None and kwargs == self.kept_kwargs:
            md, snapshot = self.kept
            snapshot.restore()
            self.renewed += 1
            return md
        md = Markdown(**kwargs)
        self.built += 1
        self.kept = None
        if all(isinstance(extension, str) for extension in kwargs.get("extensions", [])):
            try:
                self.kept_kwargs = copy.deepcopy(kwargs)
            except Exception:  # settings that cannot be copied, to compare: a new one each time
                return md
            modules = ("markdown", *kwargs.get("extensions", []), *kwargs.get("extension_configs", {}))
            snapshot = Snapshot(md, tuple(modules))
            if not snapshot.foreign:
                self.kept = (md, snapshot)
        return md


def reuse_markdown() -> ReusedMarkdown:
    """In a reading worker: Pelican's MarkdownReader gets a renewed instance."""
    import pelican.readers

    reused = ReusedMarkdown()
    pelican.readers.Markdown = reused  # type: ignore[attr-defined]
    return reused
