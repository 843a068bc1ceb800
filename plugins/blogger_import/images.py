"""Download one picture into a post's image folder, once, safely.

The Blogger importer brings every picture a post shows home from Google's servers
(issue 12: hotlinked pictures vanish with the old blog). This module does one download
and nothing else, with the care an unattended import of hundreds of pictures needs:

- the standard HTTP_PROXY / HTTPS_PROXY / NO_PROXY variables are honoured (urllib's
  default ProxyHandler reads them; the opener is built per call, so the environment of
  the moment counts), every request has a timeout, and a failure that might pass (a
  timeout, a refused or broken connection, a 5xx or 429) is retried exactly once;
- what arrives must really be a picture (its bytes, or its image/* type): an HTML error
  page saved as .jpg would break the post silently;
- the file is written under a temporary hidden name (Pelican ignores hidden files) and
  renamed when complete, so an interrupted import never leaves half a picture behind;
- the name comes from the address (made safe for every file system and URL), a
  different picture with the same name gets `-2`, `-3`…, and a picture whose bytes are
  already in the folder is reused, so running the import again writes nothing new.

Failures are returned, not raised: the importer lists them in its report and keeps the
picture's original address.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import re
import ssl
import tempfile
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

__all__ = ["DEFAULT_MAX_BYTES", "DownloadResult", "download_image", "file_name_for"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""Pictures larger than this (50 MB) are refused: no blog picture is that big."""

USER_AGENT = "Shortlist-blogger-import/1 (Python urllib)"
_CHUNK = 64 * 1024
_MAX_NAME_LENGTH = 80
_IMAGE_EXTENSIONS = frozenset(
    {"jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "ico", "avif", "tif", "tiff", "heic"}
)
_EXTENSION_FOR_TYPE = {
    "image/jpeg": "jpg",
    "image/pjpeg": "jpg",
    "image/jpg": "jpg",
    "image/png": "png",
    "image/x-png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/svg+xml": "svg",
    "image/bmp": "bmp",
    "image/x-ms-bmp": "bmp",
    "image/x-icon": "ico",
    "image/vnd.microsoft.icon": "ico",
    "image/avif": "avif",
    "image/tiff": "tif",
    "image/heic": "heic",
}
# Google's picture ids (blogger.googleusercontent.com/img/a/AVvXsE…=s0) carry no name.
_OPAQUE_ID = re.compile(r"^[A-Za-z0-9_-]{32,}$")


class _Opener(Protocol):
    def open(self, request: urllib.request.Request, *, timeout: float) -> http.client.HTTPResponse: ...


@dataclass(frozen=True)
class DownloadResult:
    """Where the picture is now, or why it is not there."""

    path: Path | None
    """The picture in the folder (new or reused); None when the download failed."""
    error: str | None
    """A plain-English reason for the report, e.g. "HTTP 404", "timed out after 20 s",
    "not a picture (text/html)"; None on success."""
    reused: bool = False
    """True when the same bytes were already in the folder (nothing was written)."""


class _Failure(Exception):
    def __init__(self, reason: str, *, may_pass: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.may_pass = may_pass


def download_image(
    url: str,
    folder: Path,
    *,
    timeout: float = 20.0,
    opener: _Opener | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    retry_pause: float = 1.0,
) -> DownloadResult:
    """Fetch the picture at `url` into `folder` (created if needed).

    `opener` is anything with urllib's `open(request, timeout=…)`; by default a fresh
    `urllib.request.build_opener()`, which follows redirects and honours the proxy
    variables. A failure that might pass is tried once more after `retry_pause` seconds.
    """
    address = "https:" + url.strip() if url.strip().startswith("//") else url.strip()
    if urlsplit(address).scheme not in ("http", "https"):
        return DownloadResult(path=None, error=f"not a web address ({url.strip()[:80]})")
    opener = opener or urllib.request.build_opener()
    folder = Path(folder)
    for attempt in (1, 2):
        try:
            path, reused = _download_once(address, folder, opener, timeout=timeout, max_bytes=max_bytes)
            return DownloadResult(path=path, error=None, reused=reused)
        except _Failure as failure:
            if not failure.may_pass or attempt == 2:
                return DownloadResult(path=None, error=failure.reason)
        time.sleep(retry_pause)
    raise AssertionError("unreachable")  # pragma: no cover


def _download_once(
    address: str, folder: Path, opener: _Opener, *, timeout: float, max_bytes: int
) -> tuple[Path, bool]:
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
    seconds = f"{timeout:g} s"
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        error.close()
        raise _Failure(f"HTTP {error.code}", may_pass=error.code >= 500 or error.code in (408, 429)) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _Failure(f"timed out after {seconds}", may_pass=True) from None
        if isinstance(error.reason, ssl.SSLCertVerificationError):
            raise _Failure(
                f"the server's certificate is not valid ({error.reason.verify_message})", may_pass=False
            ) from None
        raise _Failure(f"could not connect ({_describe(error.reason)})", may_pass=True) from None
    except TimeoutError:
        raise _Failure(f"timed out after {seconds}", may_pass=True) from None
    except (OSError, http.client.HTTPException) as error:
        raise _Failure(f"could not connect ({_describe(error)})", may_pass=True) from None

    with response:
        status = getattr(response, "status", None) or response.getcode()
        if status and status >= 400:  # an opener without urllib's error handler
            raise _Failure(f"HTTP {status}", may_pass=status >= 500 or status in (408, 429))
        content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        declared_length = response.headers.get("Content-Length")
        if declared_length and declared_length.isdigit() and int(declared_length) > max_bytes:
            raise _Failure(f"too large (over {_megabytes(max_bytes)})", may_pass=False)
        created = not folder.exists()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary_name = tempfile.mkstemp(dir=folder, prefix=".download-", suffix=".part")
        except OSError as error:
            raise _Failure(f"could not save it ({_describe(error)})", may_pass=False) from None
        temporary = Path(temporary_name)
        stored = False
        try:
            digest, size, head = _receive(response, descriptor, max_bytes=max_bytes, seconds=seconds)
            if declared_length and declared_length.isdigit() and size != int(declared_length):
                # http.client's read(n) returns what came when the server hangs up early.
                raise _Failure(f"connection broken (got {size} of {declared_length} bytes)", may_pass=True)
            extension = _picture_extension(head, content_type)
            name = file_name_for(address, extension)
            try:
                path, reused = _store(temporary, folder, name, digest=digest, size=size)
            except OSError as error:
                raise _Failure(f"could not save it ({_describe(error)})", may_pass=False) from None
            stored = True
            return path, reused
        finally:
            temporary.unlink(missing_ok=True)
            if created and not stored:
                # A failed first picture leaves no empty folder behind either.
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _receive(
    response: http.client.HTTPResponse, descriptor: int, *, max_bytes: int, seconds: str
) -> tuple[str, int, bytes]:
    """Stream the body into the open temporary file; its sha256, size and first bytes."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    with os.fdopen(descriptor, "wb") as temporary:
        while True:
            try:
                chunk = response.read(_CHUNK)
            except TimeoutError:
                raise _Failure(f"timed out after {seconds}", may_pass=True) from None
            except (OSError, http.client.HTTPException) as error:
                raise _Failure(f"connection broken ({_describe(error)})", may_pass=True) from None
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise _Failure(f"too large (over {_megabytes(max_bytes)})", may_pass=False)
            if len(head) < 4096:
                head += chunk[: 4096 - len(head)]
            digest.update(chunk)
            try:
                temporary.write(chunk)
            except OSError as error:
                raise _Failure(f"could not save it ({_describe(error)})", may_pass=False) from None
    if size == 0:
        raise _Failure("empty response", may_pass=True)
    return digest.hexdigest(), size, head


def _picture_extension(head: bytes, content_type: str) -> str:
    """The picture's file extension, or a failure if the bytes are no picture."""
    sniffed = _sniff(head)
    if sniffed:
        return sniffed
    # A type this module does not sniff (BMP, AVIF…) is trusted when the bytes are not text.
    if content_type.startswith("image/") and not _looks_like_markup(head):
        return (
            _EXTENSION_FOR_TYPE.get(content_type) or re.sub(r"[^a-z0-9]", "", content_type[6:])[:8] or "img"
        )
    raise _Failure(f"not a picture ({content_type or 'no content type'})", may_pass=False)


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (
        text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg"))
        and b"<svg" in text
        and b"<html" not in text
    ):
        return "svg"
    return None


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<", b"{", b"[")) or b"<html" in text


def file_name_for(url: str, extension: str) -> str:
    """A safe file name for the picture at `url`: ASCII letters, digits, `-`, `_`, `.`.

    From the address's last path segment, percent-decoded (Blogger encodes names twice:
    `Blog%2BImage%2B3.png` is "Blog Image 3.png"), lower-cased (so two names differing
    only in case cannot overwrite each other on macOS or Windows), at most 80
    characters, with `extension` (from the bytes or the Content-Type) when the name has
    none of a picture's own.
    """
    segments = [segment for segment in urlsplit(url).path.split("/") if segment]
    segment = segments[-1] if segments else ""
    segment = segment.split("=", 1)[0]  # Google's "=s0" size suffix
    for _ in range(3):  # decode "%252B" to "%2B" to "+"
        decoded = unquote(segment)
        if decoded == segment:
            break
        segment = decoded
    segment = segment.replace("+", " ")
    stem, dot, own_extension = segment.rpartition(".")
    if not dot or own_extension.lower() not in _IMAGE_EXTENSIONS:
        stem, own_extension = segment, ""
    if _OPAQUE_ID.match(stem) and not own_extension:
        stem = "image-" + hashlib.sha256(stem.encode()).hexdigest()[:10]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    safe_stem = re.sub(r"[^a-z0-9._-]+", "-", ascii_stem)
    safe_stem = re.sub(r"-{2,}", "-", safe_stem).strip("-._") or "image"
    final_extension = (own_extension or extension).lower()
    safe_stem = safe_stem[: _MAX_NAME_LENGTH - len(final_extension) - 1].rstrip("-._") or "image"
    return f"{safe_stem}.{final_extension}"


def _store(temporary: Path, folder: Path, name: str, *, digest: str, size: int) -> tuple[Path, bool]:
    """Put the downloaded file in place under `name` (or `name-2`…), or reuse a twin."""
    stem, _, extension = name.rpartition(".")
    twin = _same_bytes_in(folder, digest=digest, size=size, preferred=name)
    if twin is not None:
        return twin, True
    os.chmod(temporary, 0o644)  # mkstemp makes it private; a picture is for publishing
    for number in count(1):
        candidate = folder / (name if number == 1 else f"{stem}-{number}.{extension}")
        if candidate.exists():
            if _has_bytes(candidate, digest=digest, size=size):
                return candidate, True
            continue  # a different picture already has this name
        try:
            # A hard link never replaces an existing file: two imports racing for one
            # name cannot overwrite each other's picture.
            os.link(temporary, candidate)
        except FileExistsError:
            continue
        except OSError:
            # A file system without hard links.
            if candidate.exists():
                continue
            os.replace(temporary, candidate)
        return candidate, False
    raise AssertionError("unreachable")  # pragma: no cover


def _same_bytes_in(folder: Path, *, digest: str, size: int, preferred: str) -> Path | None:
    """A picture in `folder` with exactly these bytes: `preferred`'s family first, then any."""
    stem = preferred.rpartition(".")[0]
    files = sorted(
        (entry for entry in folder.iterdir() if entry.is_file() and not entry.name.startswith(".")),
        key=lambda entry: (not entry.name.startswith(stem), entry.name),
    )
    return next((entry for entry in files if _has_bytes(entry, digest=digest, size=size)), None)


def _has_bytes(path: Path, *, digest: str, size: int) -> bool:
    try:
        if path.stat().st_size != size:
            return False
        hasher = hashlib.sha256()
        with path.open("rb") as existing:
            for chunk in iter(lambda: existing.read(_CHUNK), b""):
                hasher.update(chunk)
        return hasher.hexdigest() == digest
    except OSError:
        return False


def _describe(error: object) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size / 1024:g} KB"
