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

The devserver wraps every site filter to note the posts it is handed, so a page whose
entry came from the cache is still known to show that post.
"""

from __future__ import annotations

from typing import Any

_PLAIN = (str, int, float, bool, type(None))

# key -> (the arguments, kept alive while their ids are in keys; the HTML)
_RENDERED: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}


def _key(value: Any) -> Any:
    return (type(value), value) if isinstance(value, _PLAIN) else ("id", id(value))


def once(macro: Any, *args: Any) -> Any:
    """`macro(*args)`, rendered the first time these arguments are seen in this build."""
    key = (id(macro), *map(_key, args))
    found = _RENDERED.get(key)
    if found is None:
        found = _RENDERED[key] = ((macro, *args), macro(*args))
    return found[1]


def forget(*_: Any, **__: Any) -> None:
    _RENDERED.clear()
