"""Each template compiled once per process, not once per generator.

Pelican gives every generator its own Jinja environment (articles, pages, template
pages, static files, and each plugin's generator), and each environment compiles
every template it loads: the theme's base, partials and macros were compiled some
six times a build. One in-memory bytecode cache shared by all the environments
compiles each once; Jinja checks each entry against its template's source
checksum, so an edited template (the devserver) is compiled again.
"""

from __future__ import annotations

import re
import weakref
from contextlib import suppress
from typing import Any

from jinja2 import Environment, TemplateError, TemplateNotFound
from jinja2.bccache import Bucket, BytecodeCache
from pelican.generators import ArticlesGenerator

from .shared_includes import share_includes


class SharedBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


# One cache per set of options that change what a template compiles to (a plugin's
# generator could make its environment with other options than Pelican's).
COMPILED: dict[tuple[Any, ...], SharedBytecodeCache] = {}


def compile_options(env: Environment) -> tuple[Any, ...]:
    return (
        env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
        env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        env.optimized, env.autoescape if isinstance(env.autoescape, bool) else id(env.autoescape),
        tuple(sorted(env.extensions)), env.is_async, env.code_generator_class, env.context_class,
    )  # fmt: skip


# The article generator of the build under way, for `compile_ahead`.
_ARTICLES: list[weakref.ref[Any]] = []


def share_compiled_templates(generator: Any) -> None:
    """On each generator's environment, unless the settings chose a cache of their own.

    Its includes are made to share the page's context first (shared_includes.py): that
    changes what a template compiles to, so it comes before the cache is chosen."""
    env = getattr(generator, "env", None)
    if not isinstance(env, Environment):
        return
    if isinstance(generator, ArticlesGenerator):
        _ARTICLES[:] = [weakref.ref(generator)]
    share_includes(env)
    if env.bytecode_cache is None:
        env.bytecode_cache = COMPILED.setdefault(compile_options(env), SharedBytecodeCache())


# A template another names outright: `{% include "partials/x.html" %}`, `{% from "…"
# import … %}`, `{% extends "…" %}` (a name built at render time is loaded then).
_NAMED = re.compile(r"""\{%-?\s*(?:include|import|from|extends)\s+(["'])([^"'{}]+)\1""")


def preload_named_templates(generators: list[Any]) -> None:
    """Load, in the article generator's environment, every template the theme's name.

    Its pages are rendered by forked workers (the parallel writer) after it has recorded
    them; a worker inherits the templates loaded before the fork and compiled its own
    copy of every partial otherwise (some 25, ~0.17 CPU-s each worker). The build's
    process would compile them for its own share of the pages anyway. A template that
    does not load is left for its render to report, as before.
    """
    for generator in generators:
        env = getattr(generator, "env", None)
        if not isinstance(generator, ArticlesGenerator) or not isinstance(env, Environment):
            continue
        named: set[str] = set()
        for name in env.list_templates():
            if name.startswith("!"):  # Pelican's prefixed copies: !simple/…, !theme/…
                continue
            try:
                source = env.loader.get_source(env, name)[0]
            except (TemplateNotFound, OSError, UnicodeDecodeError):
                continue
            named.update(found[1] for found in _NAMED.findall(source))
        for name in sorted(named):
            with suppress(TemplateError, OSError, UnicodeDecodeError):
                env.get_template(name)


def compile_ahead(context: dict[str, Any]) -> None:
    """`preload_named_templates` for this build's article generator, as work that may be
    done early (shortlist_core.site_parts, `register_work_ahead`): while the posts are
    read by other processes, this one mostly waits, and compiling the theme took some
    0.1 s of the one-CPU steps after reading. Loading them again then is a cache hit."""
    generator = _ARTICLES[0]() if _ARTICLES else None
    if generator is not None and generator.context is context:
        preload_named_templates([generator])
