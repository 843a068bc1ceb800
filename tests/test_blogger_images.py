"""Downloading a Blogger picture (plugins/blogger_import/images.py), against local servers.

Pictures come from an http.server on 127.0.0.1 that can answer 404, fail with a 500
once, be slow, send an HTML page, send no Content-Type, or break off mid-picture; a
second tiny server plays an HTTP proxy and records what it is asked. No test touches the
network, and every test runs with the proxy variables cleared first, so a proxy set in
the machine's environment cannot send these requests elsewhere.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from blogger_import.images import DownloadResult, download_image, file_name_for

PROXY_VARIABLES = ("http_proxy", "https_proxy", "no_proxy", "all_proxy", "ftp_proxy")


def picture_bytes(image_format: str, colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), colour).save(buffer, format=image_format)
    return buffer.getvalue()


DESK_JPEG = picture_bytes("JPEG", (200, 120, 40))
OTHER_DESK_JPEG = picture_bytes("JPEG", (10, 60, 220))
TREE_PNG = picture_bytes("PNG", (20, 160, 60))
LOGO_GIF = picture_bytes("GIF", (250, 250, 0))
ERROR_PAGE = b"<!DOCTYPE html><html><body><h1>Sorry</h1><p>This picture is gone.</p></body></html>"
OPAQUE_ID = "AVvXsEj6Jup0xZMWnmN6anXS4vy2nxF7FO6zX-gzBg_4vnj-7ZNFBLPhDHE82PcD9AK98"


class PictureHandler(BaseHTTPRequestHandler):
    """Answers by path; `hits` counts the requests each path received."""

    hits: ClassVar[Counter[str]] = Counter()
    slow_seconds = 1.0

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        PictureHandler.hits[path] += 1
        # The client may have given up (the timeout tests): then there is no one to answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.answer(path)

    def answer(self, path: str) -> None:
        if path == "/pictures/desk.jpg":
            self.send_body(DESK_JPEG, "image/jpeg")
        elif path == "/other/desk.jpg":
            self.send_body(OTHER_DESK_JPEG, "image/jpeg")
        elif path == "/pictures/tree.png":
            self.send_body(TREE_PNG, "image/png")
        elif path == "/flaky.png":
            if PictureHandler.hits[path] == 1:
                self.send_body(b"busy", "text/plain", status=500)
            else:
                self.send_body(TREE_PNG, "image/png")
        elif path == "/broken.png":
            self.send_body(b"down", "text/plain", status=503)
        elif path == "/slow.png":
            time.sleep(PictureHandler.slow_seconds)
            self.send_body(TREE_PNG, "image/png")
        elif path == "/error-page.jpg":
            self.send_body(ERROR_PAGE, "text/html; charset=utf-8")
        elif path == "/untyped":
            self.send_body(TREE_PNG, None)
        elif path == "/untyped-page":
            self.send_body(ERROR_PAGE, None)
        elif path == "/logo":
            self.send_body(LOGO_GIF, "image/gif")
        elif path in (f"/img/a/{OPAQUE_ID}=s0", "/Blog%252BImage%252B3%252B%2525281%252529.png"):
            self.send_body(TREE_PNG, "image/png")
        elif path == "/cut-off.png":
            # Promises 10,000 bytes, sends a few, hangs up: an interrupted download.
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(TREE_PNG[:40])
            self.wfile.flush()
            self.close_connection = True
        elif path == "/huge-declared.png":
            self.send_body(TREE_PNG + b"\0" * 3000, "image/png")
        elif path == "/huge-streamed.png":
            # No Content-Length: the size is only known while reading.
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(TREE_PNG + b"\0" * 3000)
            self.close_connection = True
        else:
            self.send_body(b"no such picture", "text/plain", status=404)

    def send_body(self, body: bytes, content_type: str | None, *, status: int = 200) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class RecordingProxy(BaseHTTPRequestHandler):
    """A stand-in HTTP proxy: records each request line and answers with a picture itself."""

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        RecordingProxy.seen.append(f"GET {self.path}")
        body = TREE_PNG
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self) -> None:
        # An https request through a proxy starts with CONNECT; refusing it is enough to
        # show that HTTPS_PROXY was used (and keeps the test off the network).
        RecordingProxy.seen.append(f"CONNECT {self.path}")
        self.send_response(403)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True  # a slow answer still sleeping must not hold up the end
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def picture_server() -> Iterator[str]:
    yield from serve(PictureHandler)


@pytest.fixture(scope="module")
def proxy_server() -> Iterator[str]:
    yield from serve(RecordingProxy)


@pytest.fixture(autouse=True)
def no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    PictureHandler.hits.clear()
    RecordingProxy.seen.clear()


def fetch(url: str, folder: Path, **options: object) -> DownloadResult:
    options.setdefault("retry_pause", 0)
    options.setdefault("timeout", 5.0)
    return download_image(url, folder, **options)


def files_in(folder: Path) -> list[str]:
    """Every file in the folder, hidden ones too (a leftover temporary file would show)."""
    return sorted(entry.name for entry in folder.iterdir()) if folder.exists() else []


def test_a_picture_is_saved_under_its_own_name(picture_server: str, tmp_path: Path) -> None:
    folder = tmp_path / "images" / "why-did-i-come-in"
    result = fetch(f"{picture_server}/pictures/desk.jpg", folder)
    assert result == DownloadResult(path=folder / "desk.jpg", error=None, reused=False)
    assert (folder / "desk.jpg").read_bytes() == DESK_JPEG
    assert files_in(folder) == ["desk.jpg"]
    assert oct((folder / "desk.jpg").stat().st_mode & 0o777) == oct(0o644)


def test_the_same_picture_again_is_reused_and_nothing_is_written(picture_server: str, tmp_path: Path) -> None:
    first = fetch(f"{picture_server}/pictures/desk.jpg", tmp_path)
    written = first.path.stat().st_mtime_ns
    time.sleep(0.01)
    second = fetch(f"{picture_server}/pictures/desk.jpg", tmp_path)
    assert second == DownloadResult(path=tmp_path / "desk.jpg", error=None, reused=True)
    assert second.path.stat().st_mtime_ns == written
    assert files_in(tmp_path) == ["desk.jpg"]


def test_the_same_bytes_under_another_name_are_reused(picture_server: str, tmp_path: Path) -> None:
    fetch(f"{picture_server}/pictures/tree.png", tmp_path)
    result = fetch(f"{picture_server}/untyped", tmp_path)
    assert result.path == tmp_path / "tree.png"
    assert result.reused
    assert files_in(tmp_path) == ["tree.png"]


def test_a_different_picture_with_the_same_name_gets_a_number(picture_server: str, tmp_path: Path) -> None:
    first = fetch(f"{picture_server}/pictures/desk.jpg", tmp_path)
    second = fetch(f"{picture_server}/other/desk.jpg", tmp_path)
    assert (first.path.name, second.path.name) == ("desk.jpg", "desk-2.jpg")
    assert second.path.read_bytes() == OTHER_DESK_JPEG
    # A second run over both writes nothing and numbers nothing further.
    again = [fetch(f"{picture_server}/{where}/desk.jpg", tmp_path) for where in ("pictures", "other")]
    assert [(r.path.name, r.reused) for r in again] == [("desk.jpg", True), ("desk-2.jpg", True)]
    assert files_in(tmp_path) == ["desk-2.jpg", "desk.jpg"]


def test_a_server_error_is_tried_once_more(picture_server: str, tmp_path: Path) -> None:
    result = fetch(f"{picture_server}/flaky.png", tmp_path)
    assert result.error is None and result.path == tmp_path / "flaky.png"
    assert PictureHandler.hits["/flaky.png"] == 2


def test_a_server_error_twice_is_a_failure_after_exactly_one_retry(
    picture_server: str, tmp_path: Path
) -> None:
    result = fetch(f"{picture_server}/broken.png", tmp_path)
    assert result == DownloadResult(path=None, error="HTTP 503")
    assert PictureHandler.hits["/broken.png"] == 2
    assert files_in(tmp_path) == []


def test_a_missing_picture_is_not_asked_for_twice(picture_server: str, tmp_path: Path) -> None:
    result = fetch(f"{picture_server}/gone.jpg", tmp_path)
    assert result == DownloadResult(path=None, error="HTTP 404")
    assert PictureHandler.hits["/gone.jpg"] == 1


def test_a_slow_server_times_out_after_one_retry(picture_server: str, tmp_path: Path) -> None:
    started = time.monotonic()
    result = fetch(f"{picture_server}/slow.png", tmp_path, timeout=0.2)
    assert result == DownloadResult(path=None, error="timed out after 0.2 s")
    assert PictureHandler.hits["/slow.png"] == 2
    assert time.monotonic() - started < PictureHandler.slow_seconds * 2
    assert files_in(tmp_path) == []


def test_nothing_listens_is_a_connection_failure(tmp_path: Path) -> None:
    with socket_that_refuses() as address:
        result = fetch(f"{address}/desk.jpg", tmp_path)
    assert result.path is None
    assert result.error.startswith("could not connect (")


def test_an_html_error_page_is_not_saved_as_a_picture(picture_server: str, tmp_path: Path) -> None:
    folder = tmp_path / "images" / "a-post"
    result = fetch(f"{picture_server}/error-page.jpg", folder)
    assert result == DownloadResult(path=None, error="not a picture (text/html)")
    assert PictureHandler.hits["/error-page.jpg"] == 1
    assert not folder.exists()  # nor an empty folder for the post


def test_a_folder_that_cannot_be_written_is_a_failure_not_an_exception(
    picture_server: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "images"
    blocker.write_text("a file where the folder should be")
    result = fetch(f"{picture_server}/pictures/desk.jpg", blocker / "a-post")
    assert result.path is None
    assert result.error.startswith("could not save it (")
    assert PictureHandler.hits["/pictures/desk.jpg"] == 1


def test_without_a_content_type_the_bytes_decide(picture_server: str, tmp_path: Path) -> None:
    picture = fetch(f"{picture_server}/untyped", tmp_path)
    assert picture.path == tmp_path / "untyped.png"  # the extension comes from the bytes
    page = fetch(f"{picture_server}/untyped-page", tmp_path)
    assert page == DownloadResult(path=None, error="not a picture (no content type)")


def test_a_name_without_extension_takes_it_from_the_content_type(picture_server: str, tmp_path: Path) -> None:
    assert fetch(f"{picture_server}/logo", tmp_path).path == tmp_path / "logo.gif"


def test_googles_nameless_and_double_encoded_addresses_get_safe_names(
    picture_server: str, tmp_path: Path
) -> None:
    nameless = fetch(f"{picture_server}/img/a/{OPAQUE_ID}=s0", tmp_path / "a")
    assert nameless.path.parent == tmp_path / "a"
    assert nameless.path.name.startswith("image-") and nameless.path.suffix == ".png"
    encoded = fetch(f"{picture_server}/Blog%252BImage%252B3%252B%2525281%252529.png", tmp_path / "b")
    assert encoded.path == tmp_path / "b" / "blog-image-3-1.png"


def test_an_interrupted_download_leaves_nothing_behind(picture_server: str, tmp_path: Path) -> None:
    result = fetch(f"{picture_server}/cut-off.png", tmp_path)
    assert result.path is None
    assert result.error.startswith("connection broken")
    assert PictureHandler.hits["/cut-off.png"] == 2  # a broken connection may pass: one retry
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("path", ["/huge-declared.png", "/huge-streamed.png"])
def test_a_picture_over_the_size_cap_is_refused(picture_server: str, tmp_path: Path, path: str) -> None:
    result = fetch(f"{picture_server}{path}", tmp_path, max_bytes=2048)
    assert result == DownloadResult(path=None, error="too large (over 2 KB)")
    assert PictureHandler.hits[path] == 1
    assert files_in(tmp_path) == []


def test_only_web_addresses_are_fetched(tmp_path: Path) -> None:
    assert fetch("file:///etc/passwd", tmp_path) == DownloadResult(
        path=None, error="not a web address (file:///etc/passwd)"
    )
    assert files_in(tmp_path) == []


def test_http_proxy_is_used(proxy_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy_server)
    # A made-up host: only the proxy can answer for it, so success proves the proxy was used.
    result = fetch("http://pictures.example/blog/tree.png", tmp_path)
    assert result.path == tmp_path / "tree.png"
    assert RecordingProxy.seen == ["GET http://pictures.example/blog/tree.png"]


def test_https_proxy_is_used_for_https_addresses(
    proxy_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy_server)
    result = fetch("https://pictures.example/blog/tree.png", tmp_path)
    assert result.path is None  # the stand-in proxy refuses to tunnel
    assert RecordingProxy.seen[0] == "CONNECT pictures.example:443"


def test_no_proxy_bypasses_the_proxy(
    picture_server: str, proxy_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy_server)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    result = fetch(f"{picture_server}/pictures/desk.jpg", tmp_path)
    assert result.path == tmp_path / "desk.jpg"
    assert RecordingProxy.seen == []
    assert PictureHandler.hits["/pictures/desk.jpg"] == 1


def test_an_opener_can_be_given(picture_server: str, tmp_path: Path) -> None:
    requests: list[str] = []

    class Recording(urllib.request.BaseHandler):
        def http_request(self, request: urllib.request.Request) -> urllib.request.Request:
            requests.append(request.full_url)
            return request

    opener = urllib.request.build_opener(Recording())
    result = fetch(f"{picture_server}/pictures/tree.png", tmp_path, opener=opener)
    assert result.path == tmp_path / "tree.png"
    assert requests == [f"{picture_server}/pictures/tree.png"]


@pytest.mark.parametrize(
    ("url", "extension", "name"),
    [
        ("https://1.bp.blogspot.com/-a/B/AAAA/c/s0/Desk%20Photo.JPG", "jpg", "desk-photo.jpg"),
        ("https://1.bp.blogspot.com/-a/B/AAAA/c/s0/IMG_2041.jpeg", "jpg", "img_2041.jpeg"),
        (
            "https://lh3.ggpht.com/_d4/TU6/AAA/Qh/s0/new-chrome-logo%25255B3%25255D.png",
            "png",
            "new-chrome-logo-3.png",
        ),
        (
            "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvX/s0/caf%C3%A9%20cr%C3%A8me.png",
            "png",
            "cafe-creme.png",
        ),
        ("https://example.org/pictures/..hidden.gif", "gif", "hidden.gif"),
        ("https://example.org/pictures/photo.php", "jpg", "photo.php.jpg"),
        ("https://example.org/", "png", "image.png"),
        ("https://example.org/" + "x" * 120 + ".png", "png", "x" * 76 + ".png"),
    ],
)
def test_file_names_are_safe(url: str, extension: str, name: str) -> None:
    assert file_name_for(url, extension) == name


class socket_that_refuses:
    """An address on this machine where nothing listens (a port taken, then let go)."""

    def __enter__(self) -> str:
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        return None


def test_the_proxy_variables_of_the_machine_are_cleared_for_these_tests() -> None:
    assert not any(os.environ.get(name) or os.environ.get(name.upper()) for name in PROXY_VARIABLES)
