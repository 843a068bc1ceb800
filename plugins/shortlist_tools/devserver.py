"""The development server behind `make devserver`.

Like `pelican --autoreload --listen`, it builds the site, serves it and rebuilds on
every change, but it is built for a fast edit-to-preview loop on a large site:

- Pelican runs in this one process and keeps its content cache (generator layer)
  for the whole session, so a rebuild parses only the files that changed;
- when only posts or pages changed, a first build writes just their pages (see
  preview.py), then a full build brings every list, label page and feed up
  to date, so nothing stays stale;
- a change to the settings starts over with a fresh cache, and a change to a
  plugin restarts the process so the new code is loaded;
- pages are rendered in this process, one after another: it serves from a
  thread, and a process with threads must not fork page-writing workers.

Run it through `make devserver` (which sets PYTHONPATH to plugins/).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import threading
import time
import traceback
from pathlib import Path

from pelican import Pelican, signals
from pelican.log import DEFAULT_LOG_HANDLER
from pelican.log import init as init_logging
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer
from pelican.settings import read_settings
from shortlist_tools.preview import PREVIEW_FIRST, choose_pages, preview_writer
from watchfiles import watch

SOURCE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
UP_TO_DATE = "Site up to date."


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


def load(settings_file: Path, content: Path, output: Path, cache: Path) -> Pelican:
    """A Pelican instance for this session, with its content cache kept in `cache`."""
    shutil.rmtree(cache, ignore_errors=True)
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
            "SHORTLIST_WRITE_WORKERS": 1,
        },
    )
    return Pelican(settings)


def build(pelican: Pelican, preview_first: set[Path] | None = None) -> bool:
    """One build; False (with the error logged) when it failed, so the server goes on."""
    sitemap = pelican.settings.get("SHORTLIST_SITEMAP", True)
    if preview_first:
        PREVIEW_FIRST.start({str(p) for p in preview_first})
        # The preview build reads the cache but leaves saving it to the full build
        # that follows: writing it is most of a preview build's time. So does the sitemap.
        pelican.settings["CACHE_CONTENT"] = False
        pelican.settings["SHORTLIST_SITEMAP"] = False
    try:
        pelican.run()
    except Exception:
        traceback.print_exc()
        say("The build failed (above); fix the error and save again.")
        return False
    finally:
        PREVIEW_FIRST.stop()
        pelican.settings["CACHE_CONTENT"] = True
        pelican.settings["SHORTLIST_SITEMAP"] = sitemap
        pelican.delete_outputdir = False
    return True


def serve(output: Path, bind: str, port: int) -> RootedHTTPServer:
    RootedHTTPServer.allow_reuse_address = True
    httpd = RootedHTTPServer(str(output), (bind, port), ComplexHTTPRequestHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


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
    signals.all_generators_finalized.connect(choose_pages)
    signals.get_writer.connect(preview_writer)
    # Stop cleanly on Ctrl-C and on SIGTERM, even when started from a shell that
    # ignores SIGINT in background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    content, output = args.content.resolve(), args.output.resolve()
    settings_file = args.settings.resolve()
    cache = output.parent / ".shortlist-cache" / output.name
    pelican = load(settings_file, content, output, cache)
    built = build(pelican)
    httpd = serve(output, args.bind, args.port)
    say(f"Serving the site at http://{args.bind}:{args.port}/ (Ctrl-C to stop).")
    if built:
        say(UP_TO_DATE)

    plugin_dirs = [Path(p).resolve() for p in pelican.settings.get("PLUGIN_PATHS", [])]
    theme = Path(pelican.settings["THEME"]).resolve()
    watched = [content, theme, settings_file, *plugin_dirs]
    try:
        for changes in watch(*watched, debounce=1000, step=30, yield_on_timeout=False):
            changed = {Path(path).resolve() for _, path in changes}
            names = ", ".join(sorted(str(p.name) for p in changed)[:5])
            started = time.perf_counter()
            if any(is_under(p, d) for p in changed for d in plugin_dirs):
                say(f"-> Plugin changed ({names}): restarting the devserver.")
                httpd.shutdown()
                httpd.server_close()
                os.execv(sys.executable, [sys.executable, "-m", "shortlist_tools.devserver", *sys.argv[1:]])
            if settings_file in changed:
                say("-> Settings changed: rebuilding everything.")
                pelican = load(settings_file, content, output, cache)
            else:
                say(f"-> Modified: {names}. re-generating...")
                posts = {p for p in changed if is_under(p, content) and p.suffix in SOURCE_SUFFIXES}
                if posts and posts == changed and all(p.exists() for p in posts):
                    build(pelican, preview_first=posts)
                    say(f"   edited page written in {time.perf_counter() - started:.2f} s; now the rest...")
            if build(pelican):
                say(f"   {UP_TO_DATE} ({time.perf_counter() - started:.2f} s)")
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
