"""After an edit, the devserver renders only the pages the edit can change.

A full build renders every page of the site again (about three seconds of CPU at
1,000 posts) while a typical edit, one post's text, changes a handful of them: the
post's own page, the list pages and feeds that show it. Hugo's "fast render" renders
only the pages being viewed and leaves the rest stale; this renders exactly the
pages whose output can differ, so the site stays what a fresh build writes.

How it knows, in three parts, all worked out in memory during the devserver's builds:

- What a page read. While a page is rendered, every post or page (content object)
  whose attribute the template reads (Jinja's `getattr`/`getitem`), or that is handed
  to one of the site's filters (JINJA_FILTERS, e.g. `summary_for`), is noted for that
  page; a feed notes the posts it carries. Pages rendered in the parallel writer's
  forked workers send theirs back (shortlist_parallel.writer.COLLECTORS).
- What a page was given of its own: the values of its local context (what the
  generator passed for that page: the post, the posts on that page of a list, a
  plugin's data...) that are not the site-wide context's, fingerprinted with each
  content object standing for its source file.
- What changed: after reading and every plugin's site-wide step (all_generators_finalized),
  each content object is fingerprinted in full (every attribute, what plugins set on
  it included: related reading, neighbours, share data...) and so is the site-wide
  context (the lists of posts and labels, every plugin's site data).

A rebuild renders everything, as before, when the site-wide context's fingerprint
differs, when a content object was added or removed, after a failed build, or when
anything but known source files changed (settings, templates, plugins' data files,
pictures...). Otherwise the changed objects are those whose fingerprint differs, and
a page is rendered again only when it read one of them, when what it was given of its
own differs, or when the last build did not write it; every other page is left as it
is on disk (its write is skipped, Pelican's bookkeeping of written files still done).

What this cannot see, and so assumes does not happen (the kit's theme and plugins do
not do it): Python code reading posts during rendering that was neither handed them
(a template global looking through the context itself), and a plugin changing the
site-wide context in place while pages are written.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import types
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import PurePath
from typing import Any

import jinja2
from pelican.contents import Content
from pelican.paginator import Page as PaginatorPage
from pelican.urlwrappers import URLWrapper
from shortlist_core.content_lists import CONTENT_LISTS
from shortlist_tools import devserver_files

# Attributes of a content object left out of its fingerprint: the settings and the
# build's context it points at (fingerprinted on their own; a settings change reloads
# everything anyway).
NOT_FINGERPRINTED = frozenset({"settings", "_context", "_shortlist_summaries"})
# Context keys whose values change while pages are written, as Pelican's writer does.
WRITING_KEYS = frozenset({"localsiteurl", "output_file", "SITEURL"})


def key_of(item: Content) -> str:
    """What stands for a content object across builds: its source file (and kind)."""
    return f"{type(item).__name__}:{item.__dict__.get('source_path', id(item))}"


class Fingerprints:
    """Hashable stand-ins for values, content objects by their key; memoised by id for
    one build (holding each object, so no id is reused while it is remembered)."""

    def __init__(self, shared: dict[str, Any] | None, settings: dict[str, Any] | None) -> None:
        self.shared = shared
        self.settings = settings
        self.memo: dict[int, tuple[Any, Any]] = {}
        self.busy: set[int] = set()

    def of(self, value: Any) -> Any:
        kind = type(value)
        if kind is str:  # most values: as they are (nothing else is a bare str here)
            return value
        if kind in _SCALARS:
            return (kind, value)
        if isinstance(value, Content):
            return ("@", key_of(value))
        found = self.memo.get(id(value))
        if found is not None:
            return found[1]
        if id(value) in self.busy:
            return ("cycle",)
        self.busy.add(id(value))
        try:
            result = self._of(value)
        finally:
            self.busy.discard(id(value))
        self.memo[id(value)] = (value, result)
        return result

    def _of(self, value: Any) -> Any:
        if value is self.shared:
            return ("context",)
        if value is self.settings:
            return ("settings",)
        if isinstance(value, URLWrapper):
            return ("label", type(value).__name__, value.name, value.slug)
        if isinstance(value, datetime.date | datetime.time | datetime.tzinfo | PurePath):
            return ("r", type(value).__name__, repr(value))
        of = self.of
        if isinstance(value, dict):
            return ("d", tuple([(of(k), of(v)) for k, v in list(value.items())]))
        if isinstance(value, list | tuple):
            return ("l", type(value).__name__, tuple([of(v) for v in value]))
        if isinstance(value, set | frozenset):
            return ("s", tuple(sorted((self.of(v) for v in value), key=repr)))
        if isinstance(value, types.ModuleType):
            return ("module", value.__name__)
        if isinstance(value, types.FunctionType | types.BuiltinFunctionType | types.MethodType | type):
            return ("f", getattr(value, "__module__", ""), getattr(value, "__qualname__", repr(value)))
        if isinstance(value, jinja2.Template):
            return ("template", value.name)
        if isinstance(value, PaginatorPage):
            # The page's own posts and place; its paginator (every post of the list) is
            # the same for every page of one list and fingerprinted once.
            return ("page", value.number, self.of(value.object_list), self.of(value.paginator))
        if dataclasses.is_dataclass(value) and _raw(value, "__dict__") is None:
            fields = tuple((f.name, self.of(getattr(value, f.name, None))) for f in dataclasses.fields(value))
            return ("o", type(value).__qualname__, fields)
        # Read without __getattr__: a lazy object (the share cards' LazyShare) must not
        # work itself out, and change what it belongs to, because it is looked at here.
        attributes = _raw(value, "__dict__")
        if isinstance(attributes, dict):
            return ("o", type(value).__qualname__, self.attributes(attributes))
        slots = [s for cls in type(value).__mro__ for s in getattr(cls, "__slots__", ())]
        if slots:
            return ("o", type(value).__qualname__, tuple((s, self.of(_raw(value, s))) for s in slots))
        text = repr(value)
        # An opaque object (a font, a compiled pattern...): its repr, or its type when
        # the repr is only an address, which would differ every build.
        return ("r", type(value).__qualname__, "" if " at 0x" in text else text)

    def attributes(self, attributes: dict[str, Any]) -> tuple[Any, ...]:
        of = self.of
        return tuple([(k, of(v)) for k, v in list(attributes.items()) if k not in NOT_FINGERPRINTED])

    def content(self, item: Content) -> int:
        """A content object's own fingerprint: every attribute it has."""
        return hash(self.attributes(vars(item)))


_SCALARS = frozenset({type(None), int, float, bool, bytes})


def _raw(value: Any, name: str) -> Any:
    try:
        return object.__getattribute__(value, name)
    except AttributeError:
        return None


# --- what each page reads ------------------------------------------------------------

_reads: set[str] | None = None
_ABSENT = object()


def _note(value: Any) -> None:
    if _reads is None:
        return
    if isinstance(value, Content):
        _reads.add(key_of(value))
    elif isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, Content):
                _reads.add(key_of(item))


_plain_getattr = jinja2.Environment.getattr
_plain_getitem = jinja2.Environment.getitem


def _getattr(self: jinja2.Environment, obj: Any, attribute: str) -> Any:
    if _reads is not None and isinstance(obj, Content):
        _reads.add(key_of(obj))
    return _plain_getattr(self, obj, attribute)


def _getitem(self: jinja2.Environment, obj: Any, argument: Any) -> Any:
    if _reads is not None and isinstance(obj, Content):
        _reads.add(key_of(obj))
    return _plain_getitem(self, obj, argument)


def noting_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """A site filter that notes the content objects it is handed (it may read any of them)."""
    if getattr(function, "_notes_reads", False):
        return function

    @wraps(function)
    def noted(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            _note(value)
        return function(*args, **kwargs)

    noted._notes_reads = True  # type: ignore[attr-defined]
    return noted


def install() -> None:
    """Note reads in this process: Jinja's attribute lookups (the site's filters are
    wrapped in each build's environments, `note_filters`)."""
    jinja2.Environment.getattr = _getattr  # type: ignore[method-assign]
    jinja2.Environment.getitem = _getitem  # type: ignore[method-assign]


def note_filters(generators: Iterable[Any], settings: dict[str, Any]) -> None:
    """The site's own filters (JINJA_FILTERS) note the posts they are handed, in this
    build's Jinja environments (the settings keep the plain functions: Pelican's content
    cache pickles them by name)."""
    names = set(settings.get("JINJA_FILTERS") or {})
    for generator in generators:
        env = getattr(generator, "env", None)
        if isinstance(env, jinja2.Environment):
            for name in names & set(env.filters):
                env.filters[name] = noting_filter(env.filters[name])


# --- the plan for one build ------------------------------------------------------------


@dataclasses.dataclass
class Known:
    """What the last finished build left: fingerprints, and what each page read."""

    objects: dict[str, int]
    context: int
    pages: dict[str, tuple[frozenset[str], int]]  # output file -> (reads, local fingerprint)


@dataclasses.dataclass
class Plan:
    objects: dict[str, int]
    context: int
    full: bool
    why: str
    changed: frozenset[str] = frozenset()
    shared: dict[str, Any] = dataclasses.field(default_factory=dict)
    snapshot: dict[str, Any] = dataclasses.field(default_factory=dict)
    shared_size: int = 0
    fingerprints: Fingerprints | None = None
    # A page's key: its output file, "#2"... for a second write of the same file (a
    # plugin's page replacing Pelican's), in the order of writing, the same every build.
    occurrences: dict[str, int] = dataclasses.field(default_factory=dict)
    pending: dict[str, int] = dataclasses.field(default_factory=dict)  # key -> local fingerprint
    rendered_names: set[str] = dataclasses.field(default_factory=set)
    # Key -> (reads, local fingerprint) of the pages rendered in this build.
    rendered: dict[str, tuple[frozenset[str], int]] = dataclasses.field(default_factory=dict)
    skipped: int = 0


def content_objects(generators: Iterable[Any]) -> Iterable[Content]:
    for generator in generators:
        for name in (*CONTENT_LISTS, "staticfiles"):
            for item in getattr(generator, name, None) or []:
                if isinstance(item, Content):
                    yield item


class PartialRender:
    """The devserver's state between builds, and the decisions of the build under way."""

    def __init__(self) -> None:
        self.known: Known | None = None
        self.plan: Plan | None = None
        self.sources: set[str] | None = None  # the edited files, when only known sources changed
        self.enabled = True
        self.generators: list[Any] | None = None
        self.summary = ""

    def seen(self, generators: list[Any]) -> None:
        """For all_generators_finalized: this build's generators (fingerprinted once every
        plugin's site-wide step has run, when writing starts)."""
        self.generators = generators

    # The devserver's loop says what changed before each build.
    def expect(self, changed: set[str] | None) -> None:
        """`changed`: the edited source files, or None when something else changed too."""
        self.sources = {os.path.realpath(p) for p in changed} if changed is not None else None

    def forget(self) -> None:
        self.known = None
        self.plan = None
        self.sources = None

    def start(self, generators: list[Any], settings: dict[str, Any]) -> Plan:
        """Before writing: fingerprint this build and decide what it renders."""
        note_filters(generators, settings)
        shared = generators[0].context
        prints = Fingerprints(shared, settings)
        objects: dict[str, int] = {}
        ids: dict[str, int] = {}
        duplicate = False
        for item in content_objects(generators):
            key = key_of(item)
            duplicate = duplicate or ids.setdefault(key, id(item)) != id(item)
            objects[key] = prints.content(item)
        context = hash(tuple((k, prints.of(v)) for k, v in shared.items() if k not in WRITING_KEYS))
        known, sources, self.sources = self.known, self.sources, None
        full, why, changed = True, "", frozenset()
        if not self.enabled:
            why = "off"
        elif known is None:
            why = "no finished build to compare with"
        elif sources is None:
            why = "not only posts and pages changed"
        elif duplicate:
            why = "two posts from one file"
        elif not sources <= {k.split(":", 1)[1] for k in known.objects}:
            why = "a file the last build did not read"
        elif objects.keys() != known.objects.keys():
            why = "posts or pages added or removed"
        elif context != known.context:
            why = "something the whole site shows changed"
        else:
            full, why = False, ""
            changed = frozenset(k for k, v in objects.items() if known.objects[k] != v)
        snapshot = {k: v for k, v in shared.items() if not k.isupper() and k not in WRITING_KEYS}
        self.plan = Plan(objects, context, full, why, changed, shared, snapshot, len(shared), prints)
        return self.plan

    def finish(self, ok: bool) -> None:
        """After a build: keep what it knows if it finished, else forget everything."""
        plan, self.plan = self.plan, None
        self.generators = None
        if plan is not None:
            skipped = plan.skipped
            rendered = sum(plan.occurrences.values()) - skipped
            self.summary = (
                f"all {rendered} pages and feeds rendered: {plan.why}"
                if plan.full
                else f"{rendered} pages and feeds rendered, {skipped} left as they were"
            )
        if not ok or plan is None:
            self.known = None
            return
        pages = {} if plan.full or self.known is None else dict(self.known.pages)
        pages.update(plan.rendered)
        self.known = Known(plan.objects, plan.context, pages)

    # --- per page ------------------------------------------------------------------

    def local_print(self, plan: Plan, localcontext: dict[str, Any], given: Iterable[str] = ()) -> int:
        """The fingerprint of what a page was given of its own. `given`: the names the
        writer was passed (they may hide a site-wide value); with them, only those and
        the names not in the site-wide context are looked at, not every setting."""
        shared = plan.shared
        in_shared = shared.get
        names = (
            (localcontext.keys() - shared.keys()) | (localcontext.keys() & set(given))
            if given
            else localcontext
        )
        local = [
            (k, localcontext[k])
            for k in sorted(names)
            if in_shared(k, _ABSENT) is not localcontext[k] and k not in WRITING_KEYS
        ]
        # Site-wide values set, replaced or removed since writing began count as the page's own.
        if len(shared) != plan.shared_size or any(
            in_shared(k, _ABSENT) is not v for k, v in plan.snapshot.items()
        ):
            for k in sorted(shared.keys() | plan.snapshot.keys()):
                if (
                    not k.isupper()
                    and k not in WRITING_KEYS
                    and plan.snapshot.get(k, _ABSENT) is not shared.get(k)
                ):
                    local.append(("context:" + k, shared.get(k, _ABSENT)))
        prints = plan.fingerprints
        assert prints is not None
        return hash(tuple([(k, prints.of(v)) for k, v in local]))

    def decide(self, name: str, localcontext: dict[str, Any], given: Iterable[str] = ()) -> tuple[str, bool]:
        """The page's key, and whether it is rendered in this build."""
        plan = self.plan
        if plan is None:
            return name, True
        seen = plan.occurrences.get(name, 0)
        plan.occurrences[name] = seen + 1
        key = name if not seen else f"{name}#{seen + 1}"
        local = self.local_print(plan, localcontext, given)
        plan.pending[key] = local
        render = True
        if not plan.full and self.known is not None:
            last = self.known.pages.get(key)
            render = last is None or last[1] != local or bool(last[0] & plan.changed)
            # A file written again (a plugin's page replacing Pelican's) whose earlier
            # write was rendered: the later one too, or the earlier would be left there.
            render = render or name in plan.rendered_names
        if render:
            plan.rendered_names.add(name)
        else:
            plan.skipped += 1
        return key, render

    def rendered(self, key: str, reads: set[str]) -> None:
        plan = self.plan
        if plan is not None and key in plan.pending:
            plan.rendered[key] = (frozenset(reads), plan.pending[key])

    # What forked page-writing workers send back (shortlist_parallel.writer.COLLECTORS).
    def take_rendered(self) -> dict[str, tuple[frozenset[str], int]]:
        return dict(self.plan.rendered) if self.plan is not None else {}

    def merge_rendered(self, rendered: dict[str, tuple[frozenset[str], int]]) -> None:
        if self.plan is not None:
            self.plan.rendered.update(rendered)


PARTIAL = PartialRender()


class DecidingTemplate:
    """A template that renders its page only when the plan says the page may differ;
    else it renders nothing and has the file's write skipped (devserver_files). One
    for each call of the writer's write_file (one page, or the pages of one list)."""

    def __init__(self, template: Any, partial: PartialRender, given: Iterable[str] = ()) -> None:
        self.template = template
        self.partial = partial
        self.name = getattr(template, "name", None)
        self.given = frozenset(given)
        self.decisions: dict[str, tuple[str, bool]] = {}

    def decide(self, localcontext: dict[str, Any]) -> tuple[str, bool]:
        name = localcontext.get("output_file", "")
        found = self.decisions.get(name)
        if found is None:
            found = self.decisions[name] = self.partial.decide(name, localcontext, self.given)
        return found

    def skip_render(self, localcontext: dict[str, Any]) -> bool:
        """For the parallel writer: whether this page is left as it is (not rendered)."""
        return not self.decide(localcontext)[1]

    def render(self, localcontext: dict[str, Any]) -> str:
        global _reads
        key, render = self.decide(localcontext)
        if not render:
            devserver_files.skip_next_write()
            return ""
        _reads = set()
        try:
            output = self.template.render(localcontext)
            self.partial.rendered(key, _reads)
        finally:
            _reads = None
        return output


def follow_writer(writer: Any, partial: PartialRender) -> None:
    """Have `writer` (this build's) ask the plan before rendering each page and feed."""
    write_file = writer.write_file
    write_feed = writer.write_feed

    def deciding_write_file(name: Any, template: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        if partial.plan is not None and template is not None and not isinstance(template, DecidingTemplate):
            template = DecidingTemplate(template, partial, kwargs)
        return write_file(name, template, context, *args, **kwargs)

    def deciding_write_feed(elements: Any, context: Any, path: Any = None, *args: Any, **kwargs: Any) -> Any:
        plan = partial.plan
        if plan is None or not path:
            return write_feed(elements, context, path, *args, **kwargs)
        carried = list(elements[: writer.settings["FEED_MAX_ITEMS"]])
        local = {"elements": carried, "args": args, "kwargs": kwargs}
        if context is not plan.shared:
            local["context"] = context
        key, render = partial.decide(f"feed:{path}", local)
        if render:
            global _reads
            # A feed carries its posts whole, read in Python (not through Jinja).
            _reads = {key_of(item) for item in carried if isinstance(item, Content)}
            try:
                feed = write_feed(elements, context, path, *args, **kwargs)
                partial.rendered(key, _reads)
            finally:
                _reads = None
            return feed
        # Pelican's bookkeeping of the file (overwrite rules, the written files the
        # stale-file sweep reads), without building or writing it.
        override = kwargs.get("override_output", args[2] if len(args) > 2 else False)
        from pelican.utils import sanitised_join

        devserver_files.skip_next_write()
        with writer._open_w(sanitised_join(writer.output_path, path), "utf-8", override):
            pass
        return None

    writer.write_file = deciding_write_file
    writer.write_feed = deciding_write_feed
