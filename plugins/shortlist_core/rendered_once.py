"""A piece of a page rendered once per build, whatever number of pages show it.

A post appears in some seven lists (the home page, its kind, its author, each of its
labels, its month), and each list used to render its entry again: about a third of
a build's rendering at 1,000 posts. `{{ post_summary|once(post, SITEURL, heading_level) }}`
(a Jinja filter) calls the macro `post_summary` with those arguments the first time
and hands back the same HTML every other time.

That is only the same page as rendering it each time when the macro's output
depends on nothing but its arguments: so only macros imported without context
(`{% from ... import ... %}`), which see their arguments and the environment's
globals and nothing of the page, are given to it, and the arguments do not change
while pages are written (the same assumption the devserver's partial rebuilds make).
Arguments are told apart by value when they are plain values (a SITEURL, a number)
and by identity otherwise (a post), each held until the cache is emptied so no
identity is reused meanwhile. The cache is emptied when a build starts, and when the
article generator's pages are written, so it holds no more than those pages need.

A keeper (`KEEPER`, set by whoever runs builds one after another in one process: the
devserver) may render an entry itself, or hand back one it kept from an earlier build;
whatever it returns besides the HTML is handed back to it each time the same entry is
used again in this build (the devserver notes there which posts each page shows).
"""

from __future__ import annotations

from typing import Any, Protocol

_PLAIN = (str, int, float, bool, type(None))


class Keeper(Protocol):
    def render(self, macro: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
        """The entry's HTML (`macro(*args)`, or the same kept from before) and a note."""
        ...

    def reuse(self, note: Any) -> None:
        """The entry rendered with this note is used again in this build."""
        ...


KEEPER: Keeper | None = None

# key -> (the arguments, kept alive while their ids are in keys; the HTML; the keeper's
# note, or None when no keeper rendered it)
_RENDERED: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any, Any]] = {}


def _key(value: Any) -> Any:
    return (type(value), value) if isinstance(value, _PLAIN) else ("id", id(value))


def once(macro: Any, *args: Any) -> Any:
    """`macro(*args)`, rendered the first time these arguments are seen in this build."""
    key = (id(macro), *map(_key, args))
    found = _RENDERED.get(key)
    keeper = KEEPER
    if found is None:
        if keeper is None:
            found = _RENDERED[key] = ((macro, *args), macro(*args), None)
        else:
            html, note = keeper.render(macro, args)
            found = _RENDERED[key] = ((macro, *args), html, note)
    elif keeper is not None and found[2] is not None:
        keeper.reuse(found[2])
    return found[1]


def forget(*_: Any, **__: Any) -> None:
    _RENDERED.clear()
