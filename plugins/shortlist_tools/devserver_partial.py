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

Most of what a rebuild would spend on pages left as they are goes before any page is
decided: Pelican's writer copies the whole context for each page, paginates, and the
parallel writer keeps what each page adds. So a whole call of the writer's write_file
(one post's page, or every page of one list) is skipped before Pelican starts on it
when it is what the last build made the same call with (its arguments fingerprinted as
a page's own values are, the site-wide values set since writing began and the
`localsiteurl` it starts from included), each page it wrote then was decided under its
own name (a first write of that file) and none read a changed object; then only
Pelican's bookkeeping of its files is done (`_written_files`, the override rules, the
`localsiteurl` it leaves), as if its pages had been decided one by one.

A list page rendered again (the year's archive shows every post of the year) is mostly
the same entries as before, one per post (shortlist_core.rendered_once: a macro of its
arguments alone): each entry is kept from one build to the next with what it read, and
handed back instead of rendered again when its arguments are the same (a post by its
source file) and nothing it read changed, in the same generator's environment. A full
rebuild renders every entry again.

What this cannot see, and so assumes does not happen (the kit's theme and plugins do
not do it): Python code reading posts during rendering that was neither handed them
(a template global looking through the context itself), and a plugin changing the
site-wide context in place while pages are written.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import operator
import os
import types
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import PurePath
from typing import Any

import jinja2
from pelican import signals
from pelican.contents import Content
from pelican.paginator import Page as PaginatorPage
from pelican.urlwrappers import URLWrapper
from shortlist_core import rendered_once
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
    one build (holding each object, so no id is reused while it is remembered).

    A container's stand-in is the hash of its parts' (an int): a list of every post,
    found in many pages' contexts, is hashed once, not again inside each one."""

    def __init__(self, shared: dict[str, Any] | None, settings: dict[str, Any] | None) -> None:
        self.shared = shared
        self.settings = settings
        self.memo: dict[int, tuple[Any, Any]] = {}

    def of(self, value: Any) -> Any:
        kind = type(value)
        if kind is str:  # most values: as they are (nothing else is a bare str here)
            return value
        if kind in _SCALARS:
            return (kind, value)
        memo = self.memo
        found = memo.get(id(value))
        if found is not None:
            return found[1]  # ("cycle",) while its own parts are being worked out
        memo[id(value)] = (value, _CYCLE)
        try:
            way = _WAYS.get(kind)
            if way is None:
                way = _WAYS[kind] = _way_for(kind)
            result = way(self, value)
        except BaseException:
            del memo[id(value)]
            raise
        memo[id(value)] = (value, result)
        return result

    def attributes(self, attributes: dict[str, Any]) -> int:
        # Strings, most of the values, are their own stand-ins: not handed to `of`.
        of = self.of
        return hash(
            tuple(
                [
                    (k, v if type(v) is str else of(v))
                    for k, v in list(attributes.items())
                    if k not in NOT_FINGERPRINTED
                ]
            )
        )

    def content(self, item: Content) -> int:
        """A content object's own fingerprint: every attribute it has."""
        return self.attributes(vars(item))


# How each type of value is fingerprinted, worked out once per type (_way_for).
_WAYS: dict[type, Callable[[Fingerprints, Any], Any]] = {}


def _dict(prints: Fingerprints, value: dict[Any, Any]) -> Any:
    if value is prints.shared:
        return ("context",)
    if value is prints.settings:
        return ("settings",)
    of = prints.of
    return hash(
        (
            "d",
            type(value).__qualname__,
            tuple(
                [
                    (k if type(k) is str else of(k), v if type(v) is str else of(v))
                    for k, v in list(value.items())
                ]
            ),
        )
    )


def _sequence(prints: Fingerprints, value: Any) -> Any:
    of = prints.of
    return hash(("l", type(value).__qualname__, tuple([v if type(v) is str else of(v) for v in value])))


def _set(prints: Fingerprints, value: Any) -> Any:
    return hash(("s", tuple(sorted((prints.of(v) for v in value), key=repr))))


def _page(prints: Fingerprints, value: PaginatorPage) -> Any:
    # The page's own posts and place; its paginator (every post of the list) is the
    # same for every page of one list and fingerprinted once.
    return ("page", value.number, prints.of(value.object_list), prints.of(value.paginator))


def _object(prints: Fingerprints, value: Any) -> Any:
    # Read without __getattr__: a lazy object (the share cards' LazyShare) must not work
    # itself out, and change what it belongs to, because it is looked at here.
    attributes = _raw(value, "__dict__")
    kind = type(value)
    if isinstance(attributes, dict):
        return ("o", kind.__qualname__, prints.attributes(attributes))
    if dataclasses.is_dataclass(kind):
        fields = tuple((f.name, prints.of(getattr(value, f.name, None))) for f in dataclasses.fields(value))
        return ("o", kind.__qualname__, hash(fields))
    slots = _slots(kind)
    if slots:
        return ("o", kind.__qualname__, hash(tuple((s, prints.of(_raw(value, s))) for s in slots)))
    text = repr(value)
    # An opaque object (a font, a compiled pattern...): its repr, or its type when the
    # repr is only an address, which would differ every build.
    return ("r", kind.__qualname__, "" if " at 0x" in text else text)


@functools.cache
def _slots(kind: type) -> tuple[str, ...]:
    return tuple(s for cls in kind.__mro__ for s in getattr(cls, "__slots__", ()))


def _way_for(kind: type) -> Callable[[Fingerprints, Any], Any]:
    if issubclass(kind, Content):
        return lambda prints, value: ("@", key_of(value))
    if issubclass(kind, URLWrapper):
        return lambda prints, value: ("label", type(value).__name__, value.name, value.slug)
    if issubclass(kind, datetime.date | datetime.time | datetime.tzinfo | PurePath):
        return lambda prints, value: ("r", type(value).__name__, repr(value))
    if issubclass(kind, dict):
        return _dict
    if issubclass(kind, list | tuple):
        return _sequence
    if issubclass(kind, set | frozenset):
        return _set
    if issubclass(kind, types.ModuleType):
        return lambda prints, value: ("module", value.__name__)
    if issubclass(kind, types.FunctionType | types.BuiltinFunctionType | types.MethodType | type):
        return lambda prints, value: (
            "f",
            getattr(value, "__module__", ""),
            getattr(value, "__qualname__", repr(value)),
        )
    if issubclass(kind, jinja2.Template):
        return lambda prints, value: ("template", value.name)
    if issubclass(kind, PaginatorPage):
        return _page
    return _object


_SCALARS = frozenset({type(None), int, float, bool, bytes})
_CYCLE = ("cycle",)


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
    wrapped in each build's environments, `note_filters`); and keep the lists' entries
    from one build to the next (PARTIAL.render)."""
    jinja2.Environment.getattr = _getattr  # type: ignore[method-assign]
    jinja2.Environment.getitem = _getitem  # type: ignore[method-assign]
    rendered_once.KEEPER = PARTIAL


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
class Call:
    """One call of the writer's write_file in a build, and what it wrote."""

    fingerprint: int
    files: list[tuple[str, bool]] = dataclasses.field(default_factory=list)  # (path, override) opened
    # (output file, page key) of each page decided, once the build is over.
    pages: tuple[tuple[str, str], ...] = ()
    after: Any = _ABSENT  # the `localsiteurl` the call left in the context it was given
    complete: bool = False  # it returned (did not raise)
    template: DecidingTemplate | None = None  # while the build runs


# A list entry (rendered_once) and the content objects it read.
Entry = tuple[Any, frozenset[str]]
# What a forked page-writing worker sends back: what each page read, the list entries
# used, and the keys of those kept from the last build.
Taken = tuple[dict[str, tuple[frozenset[str], int]], dict[tuple[Any, ...], Entry], set[tuple[Any, ...]]]


@dataclasses.dataclass
class Known:
    """What the last finished build left: fingerprints, and what each page read."""

    objects: dict[str, int]
    context: int
    pages: dict[str, tuple[frozenset[str], int]]  # output file -> (reads, local fingerprint)
    calls: dict[str, Call] = dataclasses.field(default_factory=dict)  # call key -> the call
    entries: dict[tuple[Any, ...], Entry] = dataclasses.field(default_factory=dict)


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
    # Each generator's environment (by id) -> what stands for it across builds.
    envs: dict[int, str] = dataclasses.field(default_factory=dict)
    # List entries (rendered_once) used in this build: key -> (HTML, reads).
    entries: dict[tuple[Any, ...], Entry] = dataclasses.field(default_factory=dict)
    reused: set[tuple[Any, ...]] = dataclasses.field(default_factory=set)  # keys of kept ones
    skipped: int = 0
    # The writer's write_file calls, by name ("#2"... for the same name again), in order.
    calls: dict[str, Call] = dataclasses.field(default_factory=dict)
    call_counts: dict[str, int] = dataclasses.field(default_factory=dict)
    calls_skipped: int = 0


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
        self.writing: Call | None = None  # the write_file call under way
        self.calls_skipped = 0  # by the last build: write_file calls skipped whole
        self.entries_reused = 0  # by the last build: list entries kept from the one before

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
        if not duplicate:  # else a post's key does not say which post an entry shows
            self.plan.envs = {
                id(g.env): f"{i}:{type(g).__qualname__}"
                for i, g in enumerate(generators)
                if isinstance(getattr(g, "env", None), jinja2.Environment)
            }
        return self.plan

    def finish(self, ok: bool) -> None:
        """After a build: keep what it knows if it finished, else forget everything."""
        plan, self.plan = self.plan, None
        self.generators = None
        self.writing = None
        if plan is not None:
            self.calls_skipped = plan.calls_skipped
            self.entries_reused = len(plan.reused)
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
        # Entries this build did not use are still good while nothing they read changed.
        entries = (
            {}
            if plan.full or self.known is None or not plan.envs
            else {k: e for k, e in self.known.entries.items() if not e[1] & plan.changed}
        )
        entries.update(plan.entries)
        calls = {}
        for key, call in plan.calls.items():
            if call.template is not None:
                call.pages = tuple((name, decided[0]) for name, decided in call.template.decisions.items())
                call.template = None
            if call.complete:
                calls[key] = call
        self.known = Known(plan.objects, plan.context, pages, calls, entries if plan.envs else {})

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
        local.extend(self.shared_changes(plan))
        prints = plan.fingerprints
        assert prints is not None
        return hash(tuple([(k, prints.of(v)) for k, v in local]))

    @staticmethod
    def shared_changes(plan: Plan) -> list[tuple[str, Any]]:
        """Site-wide values set, replaced or removed since writing began (they count as
        a page's own)."""
        shared = plan.shared
        # Asked for every page and every call of write_file: compared in C.
        snapshot = plan.snapshot
        if len(shared) == plan.shared_size and all(
            map(operator.is_, map(shared.get, snapshot, itertools.repeat(_ABSENT)), snapshot.values())
        ):
            return []
        return [
            ("context:" + k, shared.get(k, _ABSENT))
            for k in sorted(shared.keys() | plan.snapshot.keys())
            if not k.isupper()
            and k not in WRITING_KEYS
            and plan.snapshot.get(k, _ABSENT) is not shared.get(k)
        ]

    # --- per call of write_file ------------------------------------------------------

    def call(
        self,
        writer: Any,
        name: Any,
        template: Any,
        context: Any,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Call | None:
        """A write_file call about to be made: None when it is skipped whole (its pages
        are what the last build wrote; their bookkeeping is done here), else its record."""
        plan = self.plan
        assert plan is not None and plan.fingerprints is not None
        seen = plan.call_counts.get(str(name), 0)
        plan.call_counts[str(name)] = seen + 1
        key = str(name) if not seen else f"{name}#{seen + 1}"
        of = plan.fingerprints.of
        fingerprint = hash(
            (
                of(name),
                of(template),
                of(context),
                tuple([of(value) for value in args]),
                tuple([(k, of(kwargs[k])) for k in sorted(kwargs)]),
                tuple([(k, of(value)) for k, value in self.shared_changes(plan)]),
                of(plan.shared.get("localsiteurl", _ABSENT)),
                of(context.get("localsiteurl", _ABSENT)) if isinstance(context, dict) else None,
            )
        )
        last = self.known.calls.get(key) if self.known is not None and not plan.full else None
        if last is not None and last.fingerprint == fingerprint and self.may_skip(writer, plan, last):
            for path, override in last.files:
                if override:
                    writer._overridden_files.add(path)
                writer._written_files.add(path)
            for page, _ in last.pages:
                plan.occurrences[page] = 1
            plan.skipped += len(last.pages)
            plan.calls_skipped += 1
            if last.after is not _ABSENT:
                context["localsiteurl"] = last.after
            plan.calls[key] = last
            return None
        call = plan.calls[key] = Call(fingerprint)
        return call

    def may_skip(self, writer: Any, plan: Plan, last: Call) -> bool:
        """Whether a call made as the last build made it can be skipped whole."""
        known = self.known
        assert known is not None
        # Listeners of content_written are sent every page; each page decided on its
        # own, one per file it opened (none replaced by a later write before it was
        # decided), each the first write of its file then and now.
        if signals.content_written.receivers or len(last.pages) != len(last.files):
            return False
        written = writer._written_files
        for (path, _), (page, key) in zip(last.files, last.pages, strict=True):
            if key != page or path in written or page in plan.occurrences:
                return False
            found = known.pages.get(key)
            if found is None or found[0] & plan.changed:
                return False
        return True

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

    # What forked page-writing workers send back (shortlist_parallel.writer.COLLECTORS):
    # what each page read, and the list entries they rendered.
    def take_rendered(
        self,
    ) -> Taken:
        plan = self.plan
        if plan is None:
            return {}, {}, set()
        return dict(plan.rendered), dict(plan.entries), set(plan.reused)

    def merge_rendered(
        self,
        taken: Taken,
    ) -> None:
        plan = self.plan
        if plan is not None:
            rendered, entries, reused = taken
            plan.rendered.update(rendered)
            plan.entries.update(entries)
            plan.reused |= reused

    # --- list entries kept from one build to the next (shortlist_core.rendered_once) -----

    def entry_key(self, plan: Plan, macro: Any, args: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """What stands for `macro(*args)` across builds, or None when it cannot be told: the
        generator whose environment the macro belongs to, the macro's name and template
        file, and its arguments (a content object by its key, a plain value as it is)."""
        env = plan.envs.get(id(getattr(macro, "_environment", None)))
        code = getattr(getattr(macro, "_func", None), "__code__", None)
        name = getattr(macro, "name", None)
        if env is None or code is None or not isinstance(name, str) or code.co_filename.startswith("<"):
            return None
        key: list[Any] = [env, name, code.co_filename]
        for value in args:
            kind = type(value)
            if kind is str or kind in _SCALARS:
                key.append((kind, value))
            elif isinstance(value, Content):
                key.append(("@", key_of(value)))
            else:
                return None
        return tuple(key)

    def render(self, macro: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
        """For rendered_once: an entry kept from the last build when nothing it read has
        changed since, else rendered, noting what it reads; the page being rendered is
        noted as reading that too."""
        global _reads
        plan = self.plan
        key = self.entry_key(plan, macro, args) if plan is not None else None
        if key is None or plan is None:
            return macro(*args), None
        known = self.known
        kept = known.entries.get(key) if known is not None and not plan.full else None
        if kept is not None and not kept[1] & plan.changed:
            plan.reused.add(key)
        else:
            outer, _reads = _reads, set()
            try:
                html = macro(*args)
                kept = (html, frozenset(_reads))
            finally:
                _reads = outer
        plan.entries[key] = kept
        self.reuse(kept)
        return kept[0], kept

    def reuse(self, note: Any) -> None:
        if _reads is not None:
            _reads.update(note[1])


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
        if partial.plan is None or template is None or isinstance(template, DecidingTemplate):
            return write_file(name, template, context, *args, **kwargs)
        call = partial.call(writer, name, template, context, args, kwargs)
        if call is None:
            return None
        call.template = DecidingTemplate(template, partial, kwargs)
        outer, partial.writing = partial.writing, call
        try:
            result = write_file(name, call.template, context, *args, **kwargs)
        finally:
            partial.writing = outer
        call.after = context.get("localsiteurl", _ABSENT) if isinstance(context, dict) else _ABSENT
        call.complete = True
        return result

    open_w = writer._open_w

    def noting_open_w(filename: str, encoding: str, override: bool = False) -> Any:
        """The files each write_file call opens, and how (the bookkeeping of a skipped call)."""
        if partial.writing is not None:
            partial.writing.files.append((filename, override))
        return open_w(filename, encoding, override)

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
    writer._open_w = noting_open_w
