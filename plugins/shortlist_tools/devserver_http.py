"""What `make devserver` serves: the site as built, and the truth about the last build.

- While the last full build had problems, or failed, every HTML page is served with a
  banner at the top of its body: what went wrong, the report itself (the one the
  console printed) and a link to it as a page of its own. The files on disk are never
  changed: `make html` and `make publish` write exactly the same pages, and so does
  the devserver; the banner exists only in what this server sends. With no problems,
  a page is sent byte for byte as it is on disk.
- A missing page is answered with the site's own 404 page and status 404, and one
  line in the console (Pelican's handler sends an empty reply and logs a warning,
  which the problems collector would count as a problem of the build under way).

The banner's markup needs no script and no inline style (a site's Content Security
Policy may forbid both): its stylesheet is served by this server under DEV_PREFIX.
"""

from __future__ import annotations

import html
import os
import re
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pelican.server import ComplexHTTPRequestHandler

# The devserver's own files. No Pelican page is written under a folder with this name.
DEV_PREFIX = "/_shortlist-devserver/"
STYLESHEET = DEV_PREFIX + "banner.css"
REPORT_PAGE = DEV_PREFIX + "report/"
NOT_FOUND_PAGE = "404.html"
BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
# A skip link ("Skip to content") first in the body stays first: it must be the first
# thing a keyboard reaches, and the first link on the page for axe to know it as one.
SKIP_LINK = re.compile(rb"\s*<a\b[^>]*\bhref=[\"']?#[^>]*>.*?</a>", re.IGNORECASE | re.DOTALL)

BANNER_CSS = """\
/* make devserver's banner: never part of the built site. Scoped by one class so the
   theme's rules and these leave each other alone. */
.shortlist-devserver {
  display: block;
  box-sizing: border-box;
  margin: 0;
  padding: 0.75rem 1rem;
  border-bottom: 0.25rem solid #b3261e;
  background: #fdecea;
  color: #1f1f1f;
  font: 1rem/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  text-align: left;
  overflow-wrap: anywhere;
}
.shortlist-devserver * { box-sizing: border-box; }
.shortlist-devserver h2 { margin: 0 0 0.25rem; font-size: 1.125rem; line-height: 1.3; color: inherit; }
.shortlist-devserver p { margin: 0.25rem 0; max-width: none; }
.shortlist-devserver a { color: #0b4a8f; text-decoration: underline; }
.shortlist-devserver summary { cursor: pointer; margin-top: 0.25rem; }
.shortlist-devserver a:focus-visible,
.shortlist-devserver summary:focus-visible { outline: 3px solid currentColor; outline-offset: 2px; }
.shortlist-devserver pre {
  margin: 0.5rem 0 0;
  padding: 0;
  background: transparent;
  color: inherit;
  border: 0;
  font: 0.875rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  /* Wrapped, not scrolled: readable at 320 px without a horizontal scrollbar. */
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}
.shortlist-devserver-page { margin: 0; background: #fdecea; }
@media (prefers-color-scheme: dark) {
  .shortlist-devserver { background: #3a1512; color: #f6f1f0; border-bottom-color: #ff8a80; }
  .shortlist-devserver a { color: #a8d1ff; }
  .shortlist-devserver-page { background: #3a1512; }
}
"""


@dataclass(frozen=True)
class BuildStatus:
    """What the last full build left to say: its problems report and, if it raised, the error."""

    report: str = ""
    """The problems report as the console showed it ("2 problems found: ..."), or ""."""
    error: str = ""
    """The traceback of the exception that stopped the build, or ""."""

    @property
    def ok(self) -> bool:
        return not (self.report or self.error)

    @property
    def headline(self) -> str:
        if self.error:
            return "The last build failed"
        return "The last build found problems"

    @property
    def error_line(self) -> str:
        """The traceback's last line: the exception and its message."""
        lines = [line for line in self.error.strip().splitlines() if line.strip()]
        return lines[-1].strip() if lines else ""


class StatusBoard:
    """The last build's status, written by the build loop and read by request threads.

    A BuildStatus is immutable and replaced whole, so a request sees one build's
    status or the next one's, never a mix.
    """

    def __init__(self) -> None:
        self._status = BuildStatus()
        self._lock = threading.Lock()

    @property
    def current(self) -> BuildStatus:
        with self._lock:
            return self._status

    def set(self, status: BuildStatus) -> None:
        with self._lock:
            self._status = status


def _details(status: BuildStatus) -> str:
    """The report and the traceback, escaped, as preformatted blocks."""
    parts = []
    if status.error:
        parts.append(f"<pre>{html.escape(status.error.rstrip())}</pre>")
    if status.report:
        if status.error:
            parts.append("<p>Problems found before it failed:</p>")
        parts.append(f"<pre>{html.escape(status.report)}</pre>")
    return "\n".join(parts)


def banner_html(status: BuildStatus) -> str:
    """The banner put at the top of every page while the last build had problems.

    An aside with a heading (a landmark a screen reader lists), the report folded
    in a <details> so it does not push the page out of sight, and a link to the
    report as a page of its own.
    """
    error = f"<p><code>{html.escape(status.error_line)}</code></p>\n" if status.error else ""
    return (
        '<aside class="shortlist-devserver" aria-labelledby="shortlist-devserver-title">\n'
        f'<link rel="stylesheet" href="{STYLESHEET}">\n'
        f'<h2 id="shortlist-devserver-title">{status.headline}</h2>\n'
        f"{error}"
        f"<p>Shown by <code>make devserver</code> only, until the next build has none: "
        f'<a href="{REPORT_PAGE}">read the whole report</a>. '
        "The pages on disk are unchanged.</p>\n"
        "<details><summary>Show the report here</summary>\n"
        f"{_details(status)}\n"
        "</details>\n"
        "</aside>\n"
    )


def report_page(status: BuildStatus) -> str:
    """The report as a page of its own (the banner's link)."""
    if status.ok:
        body = "<p>The last build found no problems.</p>"
    else:
        error = f"<p><code>{html.escape(status.error_line)}</code></p>\n" if status.error else ""
        body = f"{error}{_details(status)}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{status.headline if not status.ok else 'No problems'} · make devserver</title>\n"
        f'<link rel="stylesheet" href="{STYLESHEET}">\n'
        '</head>\n<body class="shortlist-devserver-page">\n'
        '<main class="shortlist-devserver">\n'
        f"<h1>{status.headline if not status.ok else 'No problems'}</h1>\n"
        f"{body}\n"
        '<p><a href="/">Back to the site</a></p>\n'
        "</main>\n</body>\n</html>\n"
    )


def inject_banner(page: bytes, status: BuildStatus) -> bytes:
    """The page with the banner first in its body, after a skip link if the body starts
    with one (at the page's end when it has no <body> tag)."""
    banner = banner_html(status).encode("utf-8")
    body = BODY_TAG.search(page)
    if body is None:
        return page + banner
    at = body.end()
    if skip := SKIP_LINK.match(page, at):
        at = skip.end()
    return page[:at] + b"\n" + banner + page[at:]


FALLBACK_404 = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    "<title>Page not found</title>\n</head>\n<body>\n<main>\n<h1>Page not found</h1>\n"
    '<p>The site has no 404.html; <a href="/">go to the home page</a>.</p>\n</main>\n</body>\n</html>\n'
)


class DevServer(ThreadingHTTPServer):
    """Serves `root` from threads of its own: one slow or idle connection (a browser's
    speculative one) must not hold up every other request, as it would on Pelican's
    one-request-at-a-time server."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, root: Path, address: tuple[str, int], board: StatusBoard) -> None:
        self.root = root
        self.board = board
        super().__init__(address, DevRequestHandler)


class DevRequestHandler(ComplexHTTPRequestHandler):
    """Pelican's handler (its URL suffixes and types), with the banner and a real 404."""

    server: DevServer

    @property
    def base_path(self) -> str:  # read by Pelican's translate_path
        return str(self.server.root)

    def do_GET(self) -> None:
        self.respond(send_body=True)

    def do_HEAD(self) -> None:
        self.respond(send_body=False)

    def respond(self, send_body: bool) -> None:
        url_path = urllib.parse.urlsplit(self.path).path
        status = self.server.board.current
        if url_path.startswith(DEV_PREFIX):
            self.own_file(url_path, status, send_body)
            return
        found = self.existing(url_path)
        if found is None:
            self.not_found(url_path, status, send_body)
            return
        page = self.html_file(found)
        if page is None:
            # Any other file, a folder to redirect to with its slash, a listing:
            # as Pelican's handler (and Python's) would, minus the query string.
            self.path = found
            if send_body:
                SimpleHTTPRequestHandler.do_GET(self)
            else:
                SimpleHTTPRequestHandler.do_HEAD(self)
            return
        try:
            body = page.read_bytes()
        except OSError:  # removed between the look and the read, by a build
            self.not_found(url_path, status, send_body)
            return
        if not status.ok:
            body = inject_banner(body, status)
        self.send_page(HTTPStatus.OK, body, send_body)

    def existing(self, url_path: str) -> str | None:
        """Pelican's lookup (`/a` may be `/a.html`, `/a/index.html`, ...), without its
        warning: a request is not a problem of the build that may be running."""
        trailing_slash = url_path.endswith("/")
        stem = url_path.rstrip("/")
        for suffix in self.SUFFIXES:
            if suffix == "/" and not trailing_slash:
                continue  # a folder asked for without its slash is redirected to it
            if os.path.exists(self.translate_path(stem + suffix)):
                return stem + suffix
        return None

    def html_file(self, url_path: str) -> Path | None:
        """The HTML file a found path is served from, or None for anything else."""
        path = Path(self.translate_path(url_path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return None
            path = path / "index.html"
        if path.is_file() and self.guess_type(str(path)).startswith("text/html"):
            return path
        return None

    def not_found(self, url_path: str, status: BuildStatus, send_body: bool) -> None:
        page = self.server.root / NOT_FOUND_PAGE
        try:
            body = page.read_bytes()
            served = NOT_FOUND_PAGE
        except OSError:
            body, served = FALLBACK_404.encode("utf-8"), "a plain page (the site has no 404.html)"
        if not status.ok:
            body = inject_banner(body, status)
        self.send_page(HTTPStatus.NOT_FOUND, body, send_body)
        # One line, printed rather than logged: a warning would be counted as a problem
        # of the build under way, and the banner would blame the site for a typed URL.
        stamp = time.strftime("%H:%M:%S")
        print(
            f"[{stamp}] 404 {self.command} {url_path}: not in {self.server.root.name}/; answered with {served}",
            file=sys.stdout,
            flush=True,
        )

    def own_file(self, url_path: str, status: BuildStatus, send_body: bool) -> None:
        if url_path == STYLESHEET:
            self.send_page(HTTPStatus.OK, BANNER_CSS.encode("utf-8"), send_body, "text/css; charset=utf-8")
        elif url_path.rstrip("/") == REPORT_PAGE.rstrip("/"):
            self.send_page(HTTPStatus.OK, report_page(status).encode("utf-8"), send_body)
        else:
            self.not_found(url_path, status, send_body)

    def send_page(
        self, code: HTTPStatus, body: bytes, send_body: bool, content_type: str = "text/html; charset=utf-8"
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        # What a page looks like depends on the last build, not only on its file's date:
        # never let the browser keep one (a banner after the fix, or none before it).
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def serve(root: Path, bind: str, port: int, board: StatusBoard) -> DevServer:
    """Start serving `root` from a background thread; `shutdown()` stops it."""
    httpd = DevServer(root, (bind, port), board)
    threading.Thread(target=httpd.serve_forever, name="devserver-http", daemon=True).start()
    return httpd
