"""The development server behind `make devserver`.

Like `pelican --autoreload --listen`, it builds the site, serves it and rebuilds on
every change, but it is built for a fast edit-to-preview loop on a large site:

- Pelican runs in this one process for the whole session, with its content cache
  (generator layer) kept in memory, so a rebuild parses only the files that changed;
- when only posts or pages changed, their pages are written again first, from the
  last build's state still in memory (devserver_quick.py), in milliseconds; then a
  full build brings every list, label page, feed and the search index up to date,
  so nothing stays stale ("Site up to date." says when). When the edited pages cannot
  be written that way, a build that writes only them (preview.py) comes first;
- a page whose bytes did not change is not written again (devserver_files.py);
- this process runs no thread, so the parallel writer and reader may fork workers
  and the full build uses every CPU: serving HTTP and watching the files (both need
  threads) is done by a second process, started with subprocess
  (devserver_child.py), that stops with this one;
- a change to the settings starts over with a fresh cache, and a change to a
  plugin restarts both processes so the new code is loaded;
- after each build it prints the problems report `make html` prints, and while the
  last build had problems (or failed) every page it serves carries a banner saying
  so; a missing page gets the site's 404 page (devserver_http.py says how).

Run it through `make devserver` (which sets PYTHONPATH to plugins/).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.log import DEFAULT_LOG_HANDLER
from pelican.log import init as init_logging
from pelican.settings import read_settings
from shortlist_core.problems import REPORT
from shortlist_parallel import writer
from shortlist_tools import devserver_files, devserver_partial
from shortlist_tools.devserver_child import ChildGone, ServerProcess
from shortlist_tools.devserver_http import BuildStatus
from shortlist_tools.devserver_partial import PARTIAL
from shortlist_tools.devserver_quick import LastBuild, write_edited
from shortlist_tools.preview import CONTENT_LISTS, PREVIEW_FIRST, choose_pages, preview_writer

SOURCE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
UP_TO_DATE = "Site up to date."
LAST_BUILD = LastBuild()


class WrittenFiles:
    """The pages, feeds and share cards each full build wrote, to remove those the next
    one no longer writes (a deleted post's page, a label no post has any more, the card
    of a post whose title, so address, changed): later builds write
    over the last one's output instead of starting from an empty folder, and must not
    leave such pages served as if they were still part of the site."""

    def __init__(self) -> None:
        self.last: set[str] | None = None
        self.writers: list[Any] = []
        self.context: dict[str, Any] = {}

    def follow(self, pelican: Pelican) -> None:
        """Note each writer `pelican` makes (its `_written_files` names every file it wrote)."""
        make_writer = pelican._get_writer

        def get_writer() -> Any:
            writer = make_writer()
            self.writers.append(writer)
            # Writing starts: a full build renders only the pages that may differ.
            if not PREVIEW_FIRST.active and PARTIAL.generators:
                PARTIAL.start(PARTIAL.generators, pelican.settings)
                devserver_partial.follow_writer(writer, PARTIAL)
            return writer

        pelican._get_writer = get_writer  # type: ignore[method-assign]

    def seen(self, generators: list[Any]) -> None:
        """For all_generators_finalized: this build's context."""
        self.context = generators[0].context if generators else {}

    def plugin_files(self, output: Path) -> set[str]:
        """Files a plugin writes itself, one per post, that a post's edit can rename: the
        share cards (their name is the post's address)."""
        plan = self.context.get("share_cards_plan")
        names = [*getattr(plan, "cards", {}), *getattr(plan, "copies", {})]
        return {str(output / name) for name in names}

    def sweep(self, output: Path, finished: bool) -> list[str]:
        """After a full build: remove what the last one wrote and this one did not."""
        written = set().union(*(getattr(w, "_written_files", set()) for w in self.writers))
        written |= self.plugin_files(output)
        self.writers = []
        self.context = {}
        if not finished:
            return []
        stale = sorted(self.last - written) if self.last is not None else []
        self.last = written
        removed = []
        for name in stale:
            path = Path(name)
            if not is_under(path, output) or not path.is_file():
                continue
            path.unlink()
            removed.append(name)
            folder = path.parent
            while folder != output and is_under(folder, output) and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        return removed


WRITTEN = WrittenFiles()


def say(message: str) -> None:
    print(message, flush=True)


def show_build_logs() -> None:
    """Pelican's console log handler, as the `pelican` command sets it up.

    `init_logging` relies on logging.basicConfig, which does nothing once the root
    logger has a handler, and shortlist_core (imported above) has put its problems
    collector there: without this, no warning or problem would ever be shown.
    """
    init_logging(level=logging.WARNING)
    root = logging.getLogger()
    if DEFAULT_LOG_HANDLER not in root.handlers:
        DEFAULT_LOG_HANDLER.setFormatter(logging.Formatter("%(message)s", "[%H:%M:%S]"))
        root.addHandler(DEFAULT_LOG_HANDLER)


def current_context(generators: list[Any]) -> None:
    """Give posts and pages from the content cache this build's context.

    Pelican pickles a post with the context of the build that read it, so a cached
    post would resolve its links against that old copy: static files (pictures, read
    after the posts), anything added since, and the page being written (`localsiteurl`)
    are missing from it, and a `{static}` link would be left unreplaced with an
    "Unable to find" warning on every rebuild, unlike `make html`.
    """
    context = generators[0].context
    for generator in generators:
        for name in CONTENT_LISTS:
            for item in getattr(generator, name, None) or []:
                if getattr(item, "_context", context) is not context:
                    item._context = context


def load(settings_file: Path, content: Path, output: Path, cache: Path) -> Pelican:
    """A Pelican instance for this session, with an empty content cache (kept in
    memory under the name `cache`)."""
    devserver_files.CACHE.clear()
    settings = read_settings(
        str(settings_file),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(cache),
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
            "CONTENT_CACHING_LAYER": "generator",
            # Compressing the cache costs more than reading it back uncompressed.
            "GZIP_CACHE": False,
            # The first build starts from an empty output folder; later ones
            # overwrite in place so the server never serves a half-empty site.
            "DELETE_OUTPUT_DIRECTORY": True,
        },
    )
    pelican = Pelican(settings)
    PARTIAL.forget()
    WRITTEN.last = None  # a first build starts from an empty folder
    WRITTEN.follow(pelican)
    return pelican


class Muted(logging.Filter):
    """Drops every record: the console's view of the preview-first build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


def build(pelican: Pelican, preview_first: set[Path] | None = None) -> BuildStatus:
    """One build, and what it left to say: its problems report and the error if it
    raised (logged, not raised, so the server goes on)."""
    sitemap = pelican.settings.get("SHORTLIST_SITEMAP", True)
    search_index = pelican.settings.get("SITE_SEARCH_INDEX", True)
    workers = pelican.settings.get("SHORTLIST_WRITE_WORKERS", 0)
    muted = Muted()
    LAST_BUILD.forget()
    if preview_first:
        PREVIEW_FIRST.start({str(p) for p in preview_first})
        # The preview build reads the cache but leaves saving it to the full build
        # that follows: writing it is most of a preview build's time. So do the sitemap
        # and the search index (site_search), which read the whole site.
        pelican.settings["CACHE_CONTENT"] = False
        pelican.settings["SHORTLIST_SITEMAP"] = False
        pelican.settings["SITE_SEARCH_INDEX"] = False
        # One page to write: the preview writer, not the parallel one (Pelican takes
        # the first writer offered, and one is all it needs).
        pelican.settings["SHORTLIST_WRITE_WORKERS"] = 1
        # The full build follows at once and prints every warning and the report, as
        # `make html` would: printed by both, each save would show the report twice.
        DEFAULT_LOG_HANDLER.addFilter(muted)
    # The core prints and clears the report at the end of a build, keeping its text.
    REPORT.last_text = ""
    try:
        with no_collection():
            pelican.run()
    except (Exception, SystemExit) as failure:
        # A build that raised stops before its report: the problems found so far are
        # still in REPORT (the next build starts by clearing them).
        found = REPORT.last_text or (REPORT.format() if len(REPORT) else "")
        if isinstance(failure, SystemExit):  # a strict build stops on its problems
            error = f"The build stopped (exit status {failure.code})."
        else:
            error = traceback.format_exc()
        if preview_first:
            say(f"   (the edited page could not be written first: {error.strip().splitlines()[-1]})")
        else:
            if not isinstance(failure, SystemExit):
                traceback.print_exc()
            say("The build failed (above); fix the error and save again.")
        WRITTEN.sweep(Path(pelican.output_path), finished=False)
        if not preview_first:
            PARTIAL.finish(ok=False)
        return BuildStatus(report=found, error=error)
    finally:
        PREVIEW_FIRST.stop()
        DEFAULT_LOG_HANDLER.removeFilter(muted)
        pelican.settings["CACHE_CONTENT"] = True
        pelican.settings["SHORTLIST_SITEMAP"] = sitemap
        pelican.settings["SITE_SEARCH_INDEX"] = search_index
        pelican.settings["SHORTLIST_WRITE_WORKERS"] = workers
        pelican.delete_outputdir = False
    LAST_BUILD.finished(ok=not preview_first)
    if not preview_first:
        PARTIAL.finish(ok=True)
    WRITTEN.sweep(Path(pelican.output_path), finished=not preview_first)
    return BuildStatus(report=REPORT.last_text)


def set_up_builder() -> None:
    """This process's part of the devserver, before its first build: the content cache
    kept in memory, partial rebuilds, each build's context for cached posts, the
    preview writer, and no garbage collection while a build runs (`build`)."""
    devserver_files.install()
    devserver_partial.install()
    signals.all_generators_finalized.connect(current_context)
    signals.all_generators_finalized.connect(choose_pages)
    signals.all_generators_finalized.connect(LAST_BUILD.seen)
    signals.get_writer.connect(preview_writer)
    signals.all_generators_finalized.connect(PARTIAL.seen)
    signals.all_generators_finalized.connect(WRITTEN.seen)
    # Pages rendered by the parallel writer's workers say what they read.
    writer.COLLECTORS.append((PARTIAL.take_rendered, PARTIAL.merge_rendered))
    # A worker forked during a build collects its own garbage, as in `make html`.
    os.register_at_fork(after_in_child=_collect_in_child)


_paused_collection = False


def _collect_in_child() -> None:
    if _paused_collection:
        gc.enable()


@contextmanager
def no_collection() -> Iterator[None]:
    """No cyclic garbage collection while a build runs: `tidy_memory` collects after it,
    while the devserver waits for the next edit.

    A rebuild makes some 150,000 objects that live until it ends (the cached posts read
    back, their fingerprints, the pages' contexts); the collector went through them in
    some 200 young and one full collection, about 0.2 CPU-s of a 2-CPU-s rebuild at
    1,000 posts. What a build leaves for the collector is freed a moment later instead
    (at 1,000 posts the peak grew by some 10 MB)."""
    global _paused_collection
    if not gc.isenabled():
        yield
        return
    gc.disable()
    _paused_collection = True
    try:
        yield
    finally:
        _paused_collection = False
        gc.enable()


def tidy_memory() -> None:
    """Between builds, while the devserver waits for an edit: Python's cyclic garbage
    collected, and what is left (the modules, the last build's state kept for the next
    edit) set aside from the collector's later passes (gc.freeze).

    A build makes and drops a whole site's objects; the collector's full passes during
    it went through every object alive, this process's own and the last build's, a
    quarter of a rebuild's time at 1,000 posts (0.5 CPU-s). Frozen, they are not looked
    at again until this runs after the build, when nobody waits; what the build drops
    of them is collected then. Forked workers also share more pages with this process."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def write_edited_first(posts: set[Path]) -> list[str] | None:
    """The edited posts' pages from the last build's state (devserver_quick.py), or None
    when they cannot be written that way. Quiet: the full build that follows says
    everything there is to say about these files, once."""
    muted = Muted()
    DEFAULT_LOG_HANDLER.addFilter(muted)
    try:
        return write_edited(LAST_BUILD, posts)
    except Exception:  # whatever it was, the builds that follow show it
        return None
    finally:
        DEFAULT_LOG_HANDLER.removeFilter(muted)
        REPORT.clear()


def edited_posts(changed: set[Path], content: Path) -> set[Path]:
    """The posts and pages edited, when they are all that changed (else an empty set); and
    the partial rebuild told what changed: only pages that may show an edit of posts and
    pages the last build read are rendered again (devserver_partial.py)."""
    posts = {p for p in changed if is_under(p, content) and p.suffix in SOURCE_SUFFIXES}
    edited = posts if posts and posts == changed and all(p.exists() for p in posts) else set()
    PARTIAL.expect({str(p) for p in edited} if edited else None)
    return edited


def show(server: ServerProcess, shown: BuildStatus, status: BuildStatus) -> BuildStatus:
    """What the preview shows from now on; said once when problems start showing."""
    if shown.ok and not status.ok:
        say("   Every page of the preview shows this in a banner until a build has no problems.")
    server.show(status)
    return status


def is_under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("output"))
    parser.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("-b", "--bind", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=8000)
    args = parser.parse_args(argv)

    show_build_logs()
    set_up_builder()
    # Stop cleanly on Ctrl-C and on SIGTERM, even when started from a shell that
    # ignores SIGINT in background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    content, output = args.content.resolve(), args.output.resolve()
    settings_file = args.settings.resolve()
    cache = output.parent / ".shortlist-cache" / output.name
    pelican = load(settings_file, content, output, cache)
    plugin_dirs = [Path(p).resolve() for p in pelican.settings.get("PLUGIN_PATHS", [])]
    theme = Path(pelican.settings["THEME"]).resolve()
    try:
        # Started before the first build, so a file saved while it runs (or while the
        # devserver restarts after a plugin change) is rebuilt, not left stale.
        server = ServerProcess(output, args.bind, args.port, [content, theme, settings_file, *plugin_dirs])
    except ChildGone as error:
        say(f"The devserver cannot start: {error}.")
        return 1
    try:
        return loop(server, pelican, settings_file, content, output, cache, plugin_dirs, args)
    except KeyboardInterrupt:
        return 0
    except ChildGone as error:
        say(f"The devserver stops: {error}.")
        return 1
    finally:
        server.stop()


def loop(
    server: ServerProcess,
    pelican: Pelican,
    settings_file: Path,
    content: Path,
    output: Path,
    cache: Path,
    plugin_dirs: list[Path],
    args: argparse.Namespace,
) -> int:
    """Build, serve, and rebuild on every change, until Ctrl-C."""
    status = build(pelican)
    shown = show(server, BuildStatus(), status)
    server.serve()
    say(f"Serving the site at http://{args.bind}:{args.port}/ (Ctrl-C to stop).")
    if not status.error:
        say(UP_TO_DATE)
    tidy_memory()
    while True:
        changed = server.next_changes()
        names = ", ".join(sorted(str(p.name) for p in changed)[:5])
        started = time.perf_counter()
        if any(is_under(p, d) for p in changed for d in plugin_dirs):
            say(f"-> Plugin changed ({names}): restarting the devserver.")
            server.stop()  # it holds the port the new one binds
            os.execv(sys.executable, [sys.executable, "-m", "shortlist_tools.devserver", *sys.argv[1:]])
        if settings_file in changed:
            say("-> Settings changed: rebuilding everything.")
            pelican = load(settings_file, content, output, cache)
        else:
            say(f"-> Modified: {names}. re-generating...")
            posts = edited_posts(changed, content)
            if posts:
                how = "from the last build"
                if write_edited_first(posts) is None:
                    how = "by a build that writes only it"
                    build(pelican, preview_first=posts)
                say(
                    f"   edited page written in {time.perf_counter() - started:.2f} s ({how});"
                    " now the rest and the search index..."
                )
        status = build(pelican)
        shown = show(server, shown, status)
        if not status.error:
            say(f"   {UP_TO_DATE} ({time.perf_counter() - started:.2f} s; {PARTIAL.summary})")
        tidy_memory()


if __name__ == "__main__":
    sys.exit(main())
