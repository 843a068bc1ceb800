"""`{% include %}` without a copy of the page's context.

Jinja renders an included template in a context of its own, made from a copy of
the includer's: `context.get_all()` merges the page's variables (every setting,
some 230 of them) with what the templates set, and `new_context` copies that again
to add the includer's local names (`post`, a loop variable). The theme's pages
include some twenty partials each, so about a fifth of a build's rendering was
spent copying dictionaries that are only ever read.

Here an include's context shares the page's variables (the root context's parent,
which Jinja never changes while a page renders) and holds only the includer's own
names and locals, so every name resolves to what it did before: the include's own
names first, then the page's. What an included template sets stays in its own
context, as before. And an include straight into the page hands on its pieces with
`yield from`, not a Python loop. Only includes "with context" (the default) change;
imports, macros and `without context` includes compile as Jinja compiles them.

Installed on each generator's environment (by compiled_templates.py) unless a
plugin gave it other context or code generator classes.
"""

from __future__ import annotations

from collections import ChainMap
from typing import Any
from weakref import WeakKeyDictionary

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, missing

# Each environment's included templates by (name, includer): Jinja's get_template
# goes through its locked LRU cache each time. Kept only where Jinja would hand back
# the same template anyway (no auto_reload): see `IncludeContext.template`.
_FOUND: WeakKeyDictionary[Any, dict[tuple[str, str | None], Any]] = WeakKeyDictionary()


def _globals_keys(template: Any) -> set[str]:
    """`set(template.globals)`, without iterating the ChainMap in Python."""
    found = template.globals
    return set().union(*found.maps) if isinstance(found, ChainMap) else set(found)


class IncludeContext(Context):
    def included(self, template: Any, local_names: dict[str, Any]) -> Context:
        """The context `template` is included with: the names `new_context` gives it.

        Made as `Context.__init__` makes it, with the page's variables shared rather
        than copied (tests/test_shared_includes.py renders against Jinja's own)."""
        names = dict(self.vars) if self.vars else {}
        for key, value in local_names.items():
            if value is not missing:
                names[key] = value
        context = object.__new__(type(self))
        context.parent = self.parent
        context.vars = names
        context.environment = environment = self.environment
        context.eval_ctx = EvalContext(environment, template.name)
        context.exported_vars = set()
        context.name = template.name
        context.globals_keys = _globals_keys(template)
        context.blocks = {name: [block] for name, block in template.blocks.items()}
        return context

    def template(self, name: str, parent: str | None) -> Any:
        """`environment.get_template(name, parent)`, looked up once per environment."""
        environment = self.environment
        if environment.auto_reload or environment.cache is None:
            return environment.get_template(name, parent)
        found = _FOUND.get(environment)
        if found is None:
            found = _FOUND[environment] = {}
        template = found.get((name, parent))
        if template is None:
            template = found[name, parent] = environment.get_template(name, parent)
        return template


class IncludeCodeGenerator(CodeGenerator):
    def visit_Include(self, node: nodes.Include, frame: Frame) -> None:
        """Jinja 3.1's own, but an include with context asks `context.template` for the
        template (when named outright) and `context.included` for its context."""
        if not node.with_context or self.environment.is_async:
            super().visit_Include(node, frame)
            return
        if node.ignore_missing:
            self.writeline("try:")
            self.indent()

        func_name = "get_or_select_template"
        if isinstance(node.template, nodes.Const):
            if isinstance(node.template.value, str):
                func_name = "get_template"
            elif isinstance(node.template.value, (tuple, list)):
                func_name = "select_template"
        elif isinstance(node.template, (nodes.Tuple, nodes.List)):
            func_name = "select_template"

        if func_name == "get_template":
            self.writeline("template = context.template(", node)
        else:
            self.writeline(f"template = environment.{func_name}(", node)
        self.visit(node.template, frame)
        self.write(f", {self.name!r})")
        if node.ignore_missing:
            self.outdent()
            self.writeline("except TemplateNotFound:")
            self.indent()
            self.writeline("pass")
            self.outdent()
            self.writeline("else:")
            self.indent()

        included = f"template.root_render_func(context.included(template, {self.dump_local_context(frame)}))"
        if frame.buffer is None:
            # Straight into the page: `yield from` hands on each piece without a Python
            # loop (and closes the include's generator when the page's is, as `finally`
            # does below).
            self.writeline(f"yield from {included}")
        else:
            self.writeline(f"gen = {included}")
            self.writeline("try:")
            self.indent()
            self.writeline("for event in gen:")
            self.indent()
            self.simple_write("event", frame)
            self.outdent()
            self.outdent()
            self.writeline("finally: gen.close()")

        if node.ignore_missing:
            self.outdent()


def share_includes(env: Any) -> None:
    """On an environment still using Jinja's own classes (a plugin's may not)."""
    if env.context_class is Context and env.code_generator_class is CodeGenerator:
        env.context_class = IncludeContext
        env.code_generator_class = IncludeCodeGenerator
