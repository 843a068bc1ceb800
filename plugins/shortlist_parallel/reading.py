"""Posts and pages read on every CPU, handed to Pelican as if read one by one.

Reading is most of a build: Markdown, the kit's checks and Typogrify, file after
file. When a generator is about to read its first file (Pelican's
`article_generator_preread` / `page_generator_preread`), this module works out which
files it will read (its own `get_files`, less what Pelican's content cache holds),
shares them out to forked workers and, in each, runs the reader Pelican would run
(`reader.read`, with every plugin's wrapper around it) and the Typogrify calls
Pelican's `Readers.read_file` would then make. A worker renews one Markdown
instance for each file where Pelican builds a new one (markdown_reuse.py says
how that is shown to be the same).

The workers take the files in the order Pelican will ask for them, each the next one
not yet taken as soon as it is free (`Tickets`), so they end within a file of each
other however long each file takes. Each worker writes what it read, pickled, to a temporary
file of its own (already unlinked, so nothing is left behind however the build ends)
and, as soon as a file is written, sends where its result lies: the build's process
holds none of it until Pelican asks for that file, and then only that file's (held
here, 5,000 posts' results took some 60 MB more than the posts made of them, and that
memory stayed with the process).

Pelican reads meanwhile, as always, in its own order, with its own signals, in this
process, which takes each file as soon as its worker has sent it (waiting, if need
be, for that one): only the reader's `read` hands back what a worker read (if the
file has not changed since), after replaying what reading it did on the side, in the
order it did it: log records, problems reported, each plugin's memory of the file
(shortlist_core.read_state). Typogrify finds its answers ready (`typogrify.filters.
typogrify` is wrapped: same text and options, same answer; anything else is worked
out as usual). A file that failed to read, whose result cannot be pickled or
could not be written or read back, is simply read again here, so its error is raised
where Pelican expects it; so are the files a worker had not sent when it stopped (it
died, or a bug raised outside a file's reading: the log says so).

A worker ends once it has sent its last file; all end when the generators are done
(`clear`), on Ctrl-C while this process waits for one, and when the process exits.

Everything stays in this process, read one by one, when the generator has few
files, when SHORTLIST_READ_WORKERS is 1 or one CPU may be used, and when the process
runs other threads (forking.may_fork).
"""

from __future__ import annotations

import atexit
import gc
import io
import logging
import os
import pickle
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from typing import IO, Any

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.utils import file_suffix
from shortlist_core.problems import REPORT, REPORT_LOGGER_NAME
from shortlist_core.read_state import capture_all, restore_all
from shortlist_core.site_parts import work_ahead

from .forking import Streams, fork_stream, may_fork, worker_count

try:
    import fcntl
except ImportError:  # no fork there either: nothing is read ahead (forking.may_fork)
    fcntl = None  # type: ignore[assignment]
from .markdown_reuse import reuse_markdown

logger = logging.getLogger(__name__)

# Which settings name the files each generator reads (as its generate_context does).
FILE_SETTINGS: dict[type, tuple[str, str]] = {
    ArticlesGenerator: ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
    PagesGenerator: ("PAGE_PATHS", "PAGE_EXCLUDES"),
}

Stamp = tuple[int, int]
Event = tuple[Any, ...]  # ("log", record) or ("report", method, args)


@dataclass
class Prepared:
    """One file as a worker read it."""

    stamp: Stamp | None
    result: tuple[str, dict[str, Any]] | None
    """What `reader.read` returned; None: read it again here (it failed, or would not pickle)."""
    events: list[Event] = field(default_factory=list)
    states: dict[str, Any] = field(default_factory=dict)
    typogrified: dict[tuple[Any, ...], str] = field(default_factory=dict)


@dataclass(frozen=True)
class Kept:
    """Where a worker left one file's `Prepared`, pickled, until Pelican asks for it."""

    spill: IO[bytes]
    offset: int
    length: int
    shared: dict[str, Any]


def file_stamp(path: str) -> Stamp | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


# --- Typogrify, answered from what the workers worked out --------------------------

_TYPOGRIFIED: dict[tuple[Any, ...], str] = {}


def typogrify_key(text: str, ignore_tags: Any, options: dict[str, Any]) -> tuple[Any, ...]:
    import smartypants  # only when Typogrify is used

    # smartypants' default attributes are global state Pelican sets before each call.
    return (text, tuple(ignore_tags or ()), tuple(sorted(options.items())), int(smartypants.Attr.default))


def _answering_typogrify() -> None:
    """Wrap `typogrify.filters.typogrify` (once): Pelican imports it at each call."""
    import typogrify.filters

    original = typogrify.filters.typogrify
    if getattr(original, "shortlist_answered", False):
        return

    def typogrify_answered(text: str, ignore_tags: Any = None, **options: Any) -> str:
        if _TYPOGRIFIED:
            answer = _TYPOGRIFIED.pop(typogrify_key(text, ignore_tags, options), None)
            if answer is not None:
                return answer
        return original(text, ignore_tags, **options)

    typogrify_answered.shortlist_answered = True  # type: ignore[attr-defined]
    typogrify.filters.typogrify = typogrify_answered


def typogrify_ahead(settings: dict[str, Any], texts: list[Any]) -> dict[tuple[Any, ...], str]:
    """Typogrify `texts` the way Pelican's `Readers.read_file` will (pelican/readers.py:
    its `typogrify_wrapper` and the smartypants attributes it sets before)."""
    import smartypants
    from typogrify.filters import typogrify

    dashes = settings["TYPOGRIFY_DASHES"]
    if dashes == "oldschool":
        smartypants.Attr.default = smartypants.Attr.set2
    elif dashes == "oldschool_inverted":
        smartypants.Attr.default = smartypants.Attr.set3
    else:
        smartypants.Attr.default = smartypants.Attr.set1
    smartypants.Attr.default |= smartypants.Attr.w
    ignore_tags = settings["TYPOGRIFY_IGNORE_TAGS"]
    options = dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False)
    answers = {}
    for text in texts:
        if isinstance(text, str) and text:
            answers[typogrify_key(text, ignore_tags, options)] = typogrify(text, ignore_tags, **options)
    return answers


# --- pickling that keeps the build's shared objects shared -------------------------


class _SharingPickler(pickle.Pickler):
    """Pickles the build's settings and context as a name, not as a copy: a label
    read in a worker then points at the build's own settings, as one read here does."""

    def __init__(self, file: io.BytesIO, shared: dict[int, str]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = shared

    def persistent_id(self, obj: Any) -> str | None:
        return self.shared.get(id(obj))


class _SharingUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, shared: dict[str, Any]) -> None:
        super().__init__(file)
        self.shared = shared

    def persistent_load(self, pid: Any) -> Any:
        return self.shared[pid]


def _picklable_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its traceback as text, and its arguments only if they pickle
    (the problems collector reads a file path from them)."""
    if record.exc_info:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    try:
        pickle.dumps(record.args)
    except Exception:
        record.msg, record.args = record.getMessage(), None
    return record


class _Recorder(logging.Handler):
    def __init__(self, events: list[Event]) -> None:
        super().__init__()
        self.events = events

    def emit(self, record: logging.LogRecord) -> None:
        # The report logs its own problems; its calls are recorded instead, below.
        if not record.name.startswith(REPORT_LOGGER_NAME):
            self.events.append(("log", _picklable_record(record)))


def _record_reading(events: list[Event]) -> None:
    """In a worker: what reading logs and reports goes into `events` (and nowhere else)."""
    root = logging.getLogger()
    root.handlers[:] = [_Recorder(events)]
    for name in ("report", "add", "extend"):
        method = getattr(REPORT, name)

        def recorded(*args: Any, _method: Any = method, _name: str = name, **kwargs: Any) -> Any:
            if getattr(REPORT, "_shortlist_recording", False):
                return _method(*args, **kwargs)
            events.append(("report", _name, args, kwargs))
            REPORT._shortlist_recording = True  # type: ignore[attr-defined]
            try:
                return _method(*args, **kwargs)
            finally:
                REPORT._shortlist_recording = False  # type: ignore[attr-defined]

        setattr(REPORT, name, recorded)


def _replay(events: list[Event]) -> None:
    for event in events:
        if event[0] == "log":
            record = event[1]
            logging.getLogger(record.name).handle(record)
        else:
            _, name, args, kwargs = event
            getattr(REPORT, name)(*args, **kwargs)


def write_at(spill: IO[bytes], data: bytes, offset: int) -> None:
    """All of `data` into `spill` at `offset` (unbuffered: a worker leaves with os._exit)."""
    view = memoryview(data)
    while view:
        written = os.pwrite(spill.fileno(), view, offset)
        view, offset = view[written:], offset + written


# --- the generator's side ------------------------------------------------------------


@dataclass
class Batch:
    """One generator's files, being read by its workers."""

    streams: Streams
    paths: list[str]
    """The files, in the order Pelican reads them: a worker names a file by its place here."""
    spills: list[IO[bytes]]
    """Each worker's spill file, by the worker's index."""
    shared: dict[str, Any]


@dataclass(frozen=True)
class Waiting:
    """A file no worker has sent yet."""

    batch: Batch


class Tickets:
    """The places 0..count-1 of a batch's files, each taken by one worker, in order: a
    worker takes the next as soon as it is free. A counter in a file shared by the
    workers (unlinked already), read and moved on under a lock on it (`lockf`: a lock
    per process, let go if the process dies, so a worker that dies holding it blocks
    no other)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.file = tempfile.TemporaryFile(prefix="shortlist-tickets-")  # noqa: SIM115
        os.pwrite(self.file.fileno(), (0).to_bytes(8, "little"), 0)

    def take(self) -> int | None:
        """The next place, or None once every place is taken."""
        fd = self.file.fileno()
        assert fcntl is not None
        fcntl.lockf(fd, fcntl.LOCK_EX)
        try:
            place = int.from_bytes(os.pread(fd, 8, 0), "little")
            if place >= self.count:
                return None
            os.pwrite(fd, (place + 1).to_bytes(8, "little"), 0)
            return place
        finally:
            fcntl.lockf(fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self.file.close()


class PreparedReads:
    """The files one generator will read, read ahead on every CPU."""

    def __init__(self) -> None:
        self.files: dict[str, Kept | Waiting] = {}
        self.spills: list[IO[bytes]] = []
        self.batches: list[Batch] = []
        self._exit_hook = False
        self.frozen = False
        self.worked_ahead = False  # `work_ahead` has run in this build

    def prepare(self, generator: Any) -> None:
        if getattr(generator, "_shortlist_reads_prepared", False):
            return
        generator._shortlist_reads_prepared = True
        settings = generator.settings
        names = next((n for kind, n in FILE_SETTINGS.items() if isinstance(generator, kind)), None)
        workers = worker_count(settings.get("SHORTLIST_READ_WORKERS", 0))
        if names is None or workers < 2:
            return
        todo = self.files_to_read(generator, *names)
        if len(todo) < settings.get("SHORTLIST_PARALLEL_MIN_FILES", 40) or not may_fork("Posts are read"):
            return
        readers = generator.readers.readers
        reads = {fmt: readers[fmt].read for _, fmt in todo}
        shared = {"settings": settings, "context": generator.context}
        shared_ids = {id(value): name for name, value in shared.items()}
        count = min(workers, len(todo))
        # Kept open until every generator has read its files (clear(), at
        # all_generators_finalized); a build that fails leaves them to the next one's.
        spills = [tempfile.TemporaryFile(prefix="shortlist-read-") for _ in range(count)]  # noqa: SIM115
        self.spills.extend(spills)

        tickets = Tickets(len(todo))

        def read_share(worker: int, send: Any) -> None:
            """In a worker: the next file not taken yet, read, written to this worker's
            spill file, and where it lies sent at once; until every file is taken."""
            spill = spills[worker]
            reuse_markdown()
            events: list[Event] = []
            _record_reading(events)
            offset = 0
            while (place := tickets.take()) is not None:
                path, fmt = todo[place]
                events.clear()
                prepared = Prepared(stamp=file_stamp(path), result=None)
                # A file that fails is read again in the build's process, which raises
                # its error where Pelican expects it.
                with suppress(Exception):
                    prepared.result = reads[fmt](path)
                if prepared.result is not None:
                    prepared.events = list(events)
                    prepared.states = capture_all(path)
                    if settings.get("TYPOGRIFY"):
                        content, metadata = prepared.result
                        texts = [content, metadata.get("title"), metadata.get("summary")]
                        prepared.typogrified = typogrify_ahead(settings, texts)
                blob = self.dump(prepared, shared_ids)
                try:
                    write_at(spill, blob, offset)
                except OSError:  # e.g. a full disk: this worker ends, the rest is read here
                    return
                send((place, offset, len(blob)))
                offset += len(blob)

        # Taken in Pelican's order (the order generate_context reads them), so the file
        # Pelican asks for next is one a worker has just finished.
        logger.info("Reading %d files in %d processes", len(todo), count)
        self.end_at_exit()
        try:
            streams = fork_stream(read_share, list(range(count)), label="reading worker")
        finally:
            tickets.close()  # the workers have their own descriptors
        batch = Batch(streams, [path for path, _ in todo], spills, shared)
        self.batches.append(batch)
        for path, _ in todo:
            self.files[path] = Waiting(batch)
        # What this process holds now (modules, settings, the plugins' set-up) lives to
        # the end of the build: left out of the collections made while the posts are
        # read (a full one walked all of it, 60-70 ms at 1,000 posts, while the workers
        # kept both CPUs busy), and given back to the collector when they are (`clear`).
        if not self.frozen:
            gc.freeze()
            self.frozen = True
        for fmt, read in reads.items():
            readers[fmt].read = self.serving(read)
        _answering_typogrify()

    @staticmethod
    def files_to_read(generator: Any, paths_setting: str, excludes_setting: str) -> list[tuple[str, str]]:
        settings = generator.settings
        readers = generator.readers
        todo = []
        # Not sorted: Pelican reads them in the order of this set (built alike, so iterated alike).
        for name in generator.get_files(settings[paths_setting], exclude=settings[excludes_setting]):
            if generator.get_cached_data(name, None) is not None:
                continue  # Pelican's content cache has it (the devserver)
            path = os.path.abspath(os.path.join(generator.path, name))
            fmt = file_suffix(path)
            if fmt not in readers.readers or readers.get_cached_data(path, (None, None))[0] is not None:
                continue
            todo.append((path, fmt))
        return todo

    @staticmethod
    def dump(prepared: Prepared, shared_ids: dict[int, str]) -> bytes:
        out = io.BytesIO()
        try:
            _SharingPickler(out, shared_ids).dump(prepared)
        except Exception:
            return PreparedReads.dump(Prepared(stamp=prepared.stamp, result=None), shared_ids)
        return out.getvalue()

    @staticmethod
    def load(blob: bytes, shared: dict[str, Any]) -> Prepared:
        return _SharingUnpickler(io.BytesIO(blob), shared).load()

    def take(self, source_path: str) -> Prepared | None:
        """The file's `Prepared`, no longer kept; None if there is none (or it cannot be
        read back). Waits for its worker to send it, taking what the others send meanwhile."""
        entry = self.files.get(source_path)
        if isinstance(entry, Waiting):
            if not self.worked_ahead:
                # This process would wait for the workers: other plugins' work that can
                # be done early is done now (shortlist_core's `work_ahead`), once a build.
                self.worked_ahead = True
                work_ahead(entry.batch.shared["context"])
            try:
                while isinstance(self.files.get(source_path), Waiting):
                    if not entry.batch.streams.children:  # never sent: read here
                        del self.files[source_path]
                        break
                    self.receive(entry.batch)
            except BaseException:  # Ctrl-C while waiting: no worker outlives the build
                self.end_workers()
                raise
        kept = self.files.pop(source_path, None)
        if not isinstance(kept, Kept):
            return None
        try:
            blob = os.pread(kept.spill.fileno(), kept.length, kept.offset)
        except (OSError, ValueError):  # ValueError: the spill file was closed
            return None
        if len(blob) != kept.length:
            return None
        return self.load(blob, kept.shared)

    def receive(self, batch: Batch) -> None:
        """What the batch's workers have sent since (waiting for something): each file
        they sent is kept. Once every worker has ended, the files none sent (a worker
        stopped after taking them) are read here."""
        got, _ = batch.streams.receive()
        for worker, (place, offset, length) in got:
            path = batch.paths[place]
            if isinstance(self.files.get(path), Waiting):
                self.files[path] = Kept(batch.spills[worker], offset, length, batch.shared)
        if not batch.streams.children:
            for path in batch.paths:
                entry = self.files.get(path)
                if isinstance(entry, Waiting) and entry.batch is batch:
                    del self.files[path]
        for failure in batch.streams.failures:
            logger.warning(
                "Reading ahead: a worker stopped, the files it had taken are read here: %s", failure
            )
        batch.streams.failures.clear()

    def end_workers(self) -> None:
        """Every reading worker still running stopped; what they have not sent is read here."""
        for batch in self.batches:
            batch.streams.end()
        self.batches.clear()
        for path, entry in list(self.files.items()):
            if isinstance(entry, Waiting):
                del self.files[path]

    def end_at_exit(self) -> None:
        """A build interrupted while Pelican reads (Ctrl-C reaches this process alone,
        an error raised outside a file's reading) leaves no worker: ended at exit."""
        if not self._exit_hook:
            atexit.register(self.end_workers)
            self._exit_hook = True

    def serving(self, read: Any) -> Any:
        def read_prepared(source_path: str) -> Any:
            prepared = self.take(source_path)
            if prepared is None or prepared.result is None or prepared.stamp != file_stamp(source_path):
                return read(source_path)
            _replay(prepared.events)
            restore_all(source_path, prepared.states)
            _TYPOGRIFIED.update(prepared.typogrified)
            return prepared.result

        read_prepared.shortlist_prepared = True  # type: ignore[attr-defined]
        return read_prepared

    def clear(self) -> None:
        self.worked_ahead = False
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
        self.end_workers()
        self.files.clear()
        for spill in self.spills:
            spill.close()
        self.spills.clear()
        _TYPOGRIFIED.clear()


PREPARED = PreparedReads()
