"""`make analytics`: fetch the new pageviews from GoatCounter's API into content/analytics/.

"Popular posts" is ranked from the exports in `content/analytics/` (POPULAR_POSTS_PATH);
this fetches them, so nobody has to download an export by hand. With GOATCOUNTER_SITE
(`https://<code>.goatcounter.com`, or a self-hosted address) and GOATCOUNTER_TOKEN (an
API token with the Export permission) in the environment, it:

1. starts a CSV export of the hits after the last one already fetched:
   `POST /api/v0/export` with `{"format": "csv", "start_from_hit_id": N}`;
2. asks `GET /api/v0/export/{id}` until `finished_at` is set (or `error` is);
3. downloads `GET /api/v0/export/{id}/download` (gzip; 202 while still running),
   checks it against the export's `hash` and `num_rows` and reads it with the popular
   posts reader, then writes it as `goatcounter-api-<N>-<last_hit_id>.csv.gz`: the
   hits with an id above N up to last_hit_id, each file apart from every other, so
   the readers, which add up every file in the folder, count no pageview twice;
4. remembers `last_hit_id` in `.goatcounter-state.json` (a dotfile: the readers skip
   it), for the next run's N. An export with no new hits writes nothing.

GoatCounter starts one export an hour per address. An export that is still running
when the time limit is reached is remembered, and the next run downloads it instead
of asking for a new one. Every API fact used here, and what it rests on in
GoatCounter's source, is listed in tests/analytics_samples/SOURCES.md.

Exit status: 0 when the pageviews are up to date (fetched, or none new); 1 when the
fetch failed (bad token, rate limit, network, time limit, an export that failed),
with one message saying what failed and what to do, and the files fetched before
left as they were; 2 when GOATCOUNTER_SITE or GOATCOUNTER_TOKEN is not set or not
usable. With --keep-going (`make analytics KEEP_GOING=yes`, as the Pages workflow
runs it) a failure is the same message and exit status 0, so the build goes on with
the pageviews it had; under GitHub Actions the message is also a warning annotation
on the run's page.

HTTP is the standard library's urllib: HTTPS_PROXY, HTTP_PROXY and NO_PROXY are
honoured, every request has a timeout and the whole fetch a time limit. Run from
the project folder, as the Makefile does:

    python plugins/shortlist_tools/analytics_fetch.py [--content content] [-s pelicanconf.py]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import http.client
import itertools
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

PLUGINS = Path(__file__).resolve().parent.parent
if str(PLUGINS) not in sys.path:
    sys.path.insert(0, str(PLUGINS))

from popular_posts.exports import ExportError, read_export  # noqa: E402
from popular_posts.settings import DEFAULTS as POPULAR_POSTS_DEFAULTS  # noqa: E402
from shortlist_core.problems import Problem, display_path  # noqa: E402

SITE_VARIABLE = "GOATCOUNTER_SITE"
TOKEN_VARIABLE = "GOATCOUNTER_TOKEN"
STATE_NAME = ".goatcounter-state.json"
# One file per fetch: the hits after the first number, up to and with the second.
FETCHED_NAME = re.compile(r"goatcounter-api-(\d+)-(\d+)\.csv\.gz")
# The temporary download: a dotfile, so a build running meanwhile never reads it.
PARTIAL_NAME = ".goatcounter-download.partial"
# GoatCounter writes its CSV format version in front of the first header name.
CSV_VERSION = "2"
DEFAULT_TIME_LIMIT = 600.0
DEFAULT_REQUEST_TIMEOUT = 30.0
DEFAULT_POLL_INTERVAL = 1.0
# Polls slow down to this: GET requests share GoatCounter's 500-an-hour API limit.
MAX_POLL_INTERVAL = 10.0
CHUNK = 1 << 16

SET_UP_HELP = (
    f"Set {SITE_VARIABLE} to your GoatCounter address (e.g. https://<code>.goatcounter.com) and "
    f"{TOKEN_VARIABLE} to an API token with the Export permission (GoatCounter: your name in "
    "the top menu → API, or <address>/user/api). In the GitHub Pages workflow: the repository "
    f"variable {SITE_VARIABLE} and the secret {TOKEN_VARIABLE} (README: For recruiters)."
)


class FetchError(Exception):
    """A fetch that failed: the message says what failed and what to do about it."""


class ExportGone(FetchError):
    """GoatCounter deleted the export's file (it keeps them 24 hours): ask for a new one."""


class NotSetUp(Exception):
    """GOATCOUNTER_SITE or GOATCOUNTER_TOKEN is missing or unusable."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict[str, Any]:
        try:
            value = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    def error_text(self) -> str:
        """GoatCounter's `error` string, or its `errors` object, or the body itself."""
        data = self.json()
        if isinstance(data.get("error"), str):
            return data["error"]
        if isinstance(data.get("errors"), dict):
            return "; ".join(f"{key}: {value}" for key, value in data["errors"].items())
        return self.body.decode("utf-8", "replace").strip()[:200]


@dataclass
class State:
    """What was fetched before, kept in content/analytics/.goatcounter-state.json."""

    site: str = ""
    last_hit_id: int = 0
    # An export asked for but not downloaded yet: {"id": .., "start_from_hit_id": ..}.
    pending_export: dict[str, int] | None = None
    # Whether the server takes the `format` field (GoatCounter 2.7 and older do not).
    send_format: bool = True
    fetched_at: str = ""

    @classmethod
    def load(cls, path: Path) -> State | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            pending = data.get("pending_export")
            return cls(
                site=str(data.get("site", "")),
                last_hit_id=int(data.get("last_hit_id") or 0),
                pending_export={key: int(pending[key]) for key in ("id", "start_from_hit_id")}
                if pending
                else None,
                send_format=bool(data.get("send_format", True)),
                fetched_at=str(data.get("fetched_at", "")),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
            raise FetchError(
                f"{display_path(str(path))} cannot be read ({error}). It remembers which pageviews were "
                "fetched: delete it together with the goatcounter-api-*.csv.gz files next to it to "
                "fetch everything again."
            ) from None

    def save(self, path: Path) -> None:
        data: dict[str, Any] = {"site": self.site, "last_hit_id": self.last_hit_id}
        if self.pending_export:
            data["pending_export"] = self.pending_export
        if not self.send_format:
            data["send_format"] = False
        data["fetched_at"] = self.fetched_at
        write_atomically(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"))


def write_atomically(path: Path, content: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)


# --- settings ------------------------------------------------------------------------


def site_address(value: str) -> str:
    """GOATCOUNTER_SITE as the base of API addresses. Takes the dashboard's address,
    the count address (`.../count`, as ANALYTICS_GOATCOUNTER has it) or a bare code."""
    text = value.strip()
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", text):
        text = f"https://{text}.goatcounter.com"
    elif "://" not in text and "." in text.split("/", 1)[0]:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotSetUp(
            f"{SITE_VARIABLE}={value!r} is not a GoatCounter address: expected one such as "
            "https://<code>.goatcounter.com, or your self-hosted GoatCounter's address."
        )
    path = parts.path.rstrip("/")
    path = path.removesuffix("/count").rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def analytics_folder(content: Path, settings_file: Path | None) -> Path:
    """content/<POPULAR_POSTS_PATH>, the folder popular_posts reads."""
    folder = POPULAR_POSTS_DEFAULTS["POPULAR_POSTS_PATH"]
    if settings_file is not None and settings_file.is_file():
        from pelican.settings import read_settings

        folder = read_settings(str(settings_file)).get("POPULAR_POSTS_PATH") or folder
    return content / folder


# --- GoatCounter's API -----------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """GoatCounter's API answers without redirects; a redirect means GOATCOUNTER_SITE is
    not the API's address (http:// for https://, an old domain), and following it
    would turn the POST into a GET. Returning None makes urllib raise the 3xx."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class GoatCounter:
    """The three export endpoints, over urllib (proxies from the environment)."""

    site: str
    token: str
    timeout: float = DEFAULT_REQUEST_TIMEOUT
    opener: urllib.request.OpenerDirector = field(
        default_factory=lambda: urllib.request.build_opener(_NoRedirects())
    )

    def request(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Response:
        """One request, its whole answer read; an HTTP error status is returned, not raised."""
        with self.open(method, path, payload) as (status, headers, stream):
            return Response(status, headers, stream.read())

    def open(self, method: str, path: str, payload: dict[str, Any] | None = None) -> _Opened:
        body = json.dumps(payload).encode("utf-8") if payload is not None else None
        request = urllib.request.Request(
            self.site + path,
            data=body,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                # GoatCounter's docs ask for it on every request; it also makes a 429
                # answer JSON (handlers/mw.go).
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": "shortlist-analytics-fetch",
            },
        )
        return _Opened(self, request)

    def unreachable(self, error: BaseException) -> FetchError:
        reason = getattr(error, "reason", None) or error
        if isinstance(error, TimeoutError) or "timed out" in str(reason):
            reason = f"no answer within {self.timeout:g} seconds"
        return FetchError(
            f"could not reach GoatCounter at {self.site} ({reason}). Check {SITE_VARIABLE}, the "
            "network, and HTTPS_PROXY if you are behind a proxy; then run make analytics again."
        )


class _Opened:
    """A context manager over one urlopen: (status, headers, body stream); network
    failures become FetchError, HTTP error statuses come back like any other."""

    def __init__(self, client: GoatCounter, request: urllib.request.Request) -> None:
        self.client, self.request = client, request
        self.response: Any = None

    def __enter__(self) -> tuple[int, dict[str, str], IO[bytes]]:
        try:
            self.response = self.client.opener.open(self.request, timeout=self.client.timeout)
        except urllib.error.HTTPError as error:  # 3xx, 4xx, 5xx: the answer is the error
            self.response = error
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            raise self.client.unreachable(error) from None
        headers = {name.lower(): value for name, value in self.response.headers.items()}
        return self.response.status, headers, self

    def read(self, size: int = -1) -> bytes:
        try:
            return self.response.read(size)
        except (OSError, http.client.HTTPException) as error:
            raise self.client.unreachable(error) from None

    def __exit__(self, *exc: object) -> None:
        self.response.close()


def rate_limit_wait(response: Response) -> float | None:
    """Seconds until GoatCounter's rate limit lets a request through again: its
    Retry-After (or X-Rate-Limit-Reset) header, whole seconds (handlers/mw.go)."""
    for name in ("retry-after", "x-rate-limit-reset"):
        value = response.headers.get(name, "").strip()
        if re.fullmatch(r"\d+(\.\d+)?", value):
            return float(value)
    return None


def minutes(seconds: float) -> str:
    whole = max(1, round(seconds / 60))
    return f"about {whole} minute{'s' if whole != 1 else ''}"


def refused(response: Response, client: GoatCounter, what: str) -> FetchError:
    """The message for an HTTP error status from GoatCounter."""
    status, detail = response.status, response.error_text()
    said = f" ({status}: {detail})" if detail else f" ({status})"
    if status == 401:
        return FetchError(
            f"GoatCounter refused the token while {what}{said}. {TOKEN_VARIABLE} is wrong, was "
            f"deleted, or belongs to a user who is not an admin: create a token with the Export "
            f"permission at {client.site}/user/api and set {TOKEN_VARIABLE} to it."
        )
    if status == 403:
        return FetchError(
            f"the token may not export{said}. At {client.site}/user/api give it the Export "
            f"permission (or create one that has it) and set {TOKEN_VARIABLE} to it."
        )
    if status == 429:
        wait = rate_limit_wait(response)
        when = f" in {minutes(wait)}" if wait is not None else " later"
        limit = (
            "It starts one export an hour for requests from one IP address"
            if what == "starting an export"
            else "It answers 4 API requests a second and 500 an hour"
        )
        return FetchError(
            f"GoatCounter's rate limit stopped {what}{said}. {limit}: run make analytics again{when} "
            "(the daily build fetches the new pageviews by itself)."
        )
    if status == 404:
        return FetchError(
            f"there is no GoatCounter API at {client.site}/api/v0/ ({status} while {what}). "
            f"Check {SITE_VARIABLE}: your GoatCounter address, e.g. https://<code>.goatcounter.com."
        )
    if 300 <= status < 400:
        moved = response.headers.get("location", "another address")
        return FetchError(
            f"{client.site} sends requests on to {moved} ({status} while {what}). Set "
            f"{SITE_VARIABLE} to the address GoatCounter answers on (https://, its own domain)."
        )
    if status >= 500:
        return FetchError(
            f"GoatCounter had an error while {what}{said}. Try again later; if it keeps "
            "failing, GoatCounter's status is at https://github.com/arp242/goatcounter/issues."
        )
    return FetchError(f"GoatCounter refused {what}{said}.")


# --- one fetch -----------------------------------------------------------------------


@dataclass
class FetchResult:
    rows: int
    pageviews: int
    written: Path | None
    last_hit_id: int
    notes: list[str] = field(default_factory=list)


@dataclass
class FetchedFile:
    path: Path
    after: int
    last: int


def fetched_files(folder: Path) -> list[FetchedFile]:
    found = []
    for path in folder.glob("goatcounter-api-*.csv.gz"):
        match = FETCHED_NAME.fullmatch(path.name)
        if match and path.is_file():
            found.append(FetchedFile(path, int(match[1]), int(match[2])))
    return sorted(found, key=lambda f: (f.after, f.last))


def other_exports(folder: Path) -> list[str]:
    """Files the readers add up that this tool did not write."""
    return sorted(
        p.name
        for p in folder.glob("*")
        if p.is_file() and not p.name.startswith(".") and not FETCHED_NAME.fullmatch(p.name)
    )


class Fetcher:
    """One `make analytics`: from the state in the folder to a new file and state."""

    def __init__(
        self,
        client: GoatCounter,
        folder: Path,
        time_limit: float = DEFAULT_TIME_LIMIT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client, self.folder = client, folder
        self.time_limit, self.poll_interval = time_limit, poll_interval
        self.clock, self.sleep = clock, sleep
        self.deadline = 0.0
        self.state_path = folder / STATE_NAME

    def cursor(self, state: State, files: list[FetchedFile]) -> int:
        """The id up to which hits were fetched: the next export starts after it."""
        for before, after in itertools.pairwise(files):
            if after.after < before.last:
                raise FetchError(
                    f"{after.path.name} and {before.path.name} in {display_path(str(self.folder))} hold "
                    "some of the same hits, which would count twice: delete the goatcounter-api-*.csv.gz "
                    f"files and {STATE_NAME} to fetch everything again."
                )
        # A file written just before a crash, its state not yet saved, is not asked for again.
        return max([state.last_hit_id, *(f.last for f in files)])

    def run(self) -> FetchResult:
        self.deadline = self.clock() + self.time_limit
        self.folder.mkdir(parents=True, exist_ok=True)
        state = State.load(self.state_path)
        files = fetched_files(self.folder)
        notes: list[str] = []
        if state is None:
            state = State(site=self.client.site)
            if files:
                notes.append(f"{STATE_NAME} was missing: going on from the files fetched before.")
        elif state.site and state.site != self.client.site:
            raise FetchError(
                f"{display_path(str(self.folder))} holds pageviews fetched from {state.site}, but "
                f"{SITE_VARIABLE} is now {self.client.site}. To count the new site's pageviews alone, "
                f"delete the goatcounter-api-*.csv.gz files and {STATE_NAME} there; to keep the old "
                f"site's, set {SITE_VARIABLE} back."
            )
        state.site = self.client.site
        start = self.cursor(state, files)

        export = self.resume(state, start)
        if export is None:
            export = self.start_export(state, start)
        result = self.finish(state, export, start)
        result.notes[:0] = notes
        if result.written and start == 0:
            others = other_exports(self.folder)
            if others:
                result.notes.append(
                    f"{display_path(str(self.folder))} also holds {', '.join(others)}: if that is an "
                    "export of this GoatCounter site downloaded by hand, its pageviews now count twice; "
                    "delete it."
                )
        return result

    def resume(self, state: State, start: int) -> dict[str, Any] | None:
        """The export a run before asked for and gave up waiting on, if it can still be used."""
        pending = state.pending_export
        if not pending:
            return None
        if int(pending.get("start_from_hit_id", -1)) != start:
            state.pending_export = None
            return None
        response = self.client.request("GET", f"/api/v0/export/{int(pending['id'])}")
        if response.status != 200 or response.json().get("error"):
            state.pending_export = None  # gone, failed or someone else's: ask for a new one
            return None
        return response.json()

    def start_export(self, state: State, start: int) -> dict[str, Any]:
        """POST /api/v0/export. GoatCounter 2.7 and older refuse the `format` field, newer
        ones require it (handlers/api.go); on that 400, the other form is tried once and
        remembered."""
        for attempt in (1, 2):
            payload: dict[str, Any] = {"start_from_hit_id": start}
            if state.send_format:
                payload = {"format": "csv", **payload}
            response = self.client.request("POST", "/api/v0/export", payload)
            if response.status in (200, 201, 202):
                export = response.json()
                if not isinstance(export.get("id"), int):
                    raise FetchError(
                        f"GoatCounter's answer to starting an export has no export id ({response.body[:120]!r}): "
                        f"is {SITE_VARIABLE} a GoatCounter address?"
                    )
                state.pending_export = {"id": export["id"], "start_from_hit_id": start}
                state.save(self.state_path)
                return export
            if response.status == 400 and attempt == 1 and "format" in response.error_text():
                state.send_format = not state.send_format
                state.save(self.state_path)
                continue
            raise refused(response, self.client, "starting an export")
        raise AssertionError("unreachable")

    def wait(self, seconds: float, why: str) -> None:
        """Sleep, unless that would pass the time limit: then the export is left
        running (it is remembered as pending) and the run fails."""
        if self.clock() + seconds > self.deadline:
            raise FetchError(
                f"{why} when the time limit of {self.time_limit:g} seconds came. The export goes on "
                "there; the next make analytics (within 24 hours) downloads it without starting another."
            )
        self.sleep(seconds)

    def poll(self, export: dict[str, Any]) -> dict[str, Any]:
        """GET /api/v0/export/{id} until finished_at is set; a set `error` is a failed export."""
        interval = self.poll_interval
        while True:
            if export.get("error"):
                raise FetchError(
                    f"GoatCounter could not make the export ({export['error']}). Run make analytics "
                    "again later; the next run asks for a new one."
                )
            if export.get("finished_at"):
                return export
            self.wait(interval, "GoatCounter was still making the export")
            interval = min(interval * 1.5, MAX_POLL_INTERVAL)
            response = self.client.request("GET", f"/api/v0/export/{export['id']}")
            if response.status == 429:
                self.wait(
                    rate_limit_wait(response) or interval,
                    "GoatCounter's rate limit (500 API requests an hour) held back the checks on the export",
                )
                continue
            if response.status != 200:
                raise refused(response, self.client, "checking on the export")
            export = response.json()

    def finish(self, state: State, export: dict[str, Any], start: int) -> FetchResult:
        export = self.poll(export)
        from_hit = int(export.get("start_from_hit_id") or 0)
        if from_hit != start:
            state.pending_export = None
            state.save(self.state_path)
            raise FetchError(
                f"GoatCounter's export {export['id']} starts after hit {from_hit}, not {start}: "
                "run make analytics again."
            )
        last = export.get("last_hit_id")
        if not isinstance(last, int) or last < start:
            raise FetchError(f"GoatCounter's finished export has no usable last_hit_id ({last!r}).")
        rows_expected = export.get("num_rows")
        if rows_expected == 0 and last == start:
            self.save_done(state, last)
            return FetchResult(0, 0, None, last)
        partial = self.folder / PARTIAL_NAME
        try:
            try:
                self.download(export, partial)
            except ExportGone:
                state.pending_export = None
                state.save(self.state_path)
                raise
            rows, pageviews = self.check(partial, export)
            if rows == 0:
                self.save_done(state, last)
                return FetchResult(0, 0, None, last)
            target = self.folder / f"goatcounter-api-{start:012d}-{last:012d}.csv.gz"
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        self.save_done(state, last)
        return FetchResult(rows, pageviews, target, last)

    def save_done(self, state: State, last: int) -> None:
        state.last_hit_id = last
        state.pending_export = None
        state.fetched_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        state.save(self.state_path)

    def download(self, export: dict[str, Any], target: Path) -> None:
        """GET /api/v0/export/{id}/download into target: 202 while the export runs,
        then the .csv.gz as GoatCounter wrote it (Content-Type application/gzip)."""
        interval = self.poll_interval
        while True:
            with self.client.open("GET", f"/api/v0/export/{export['id']}/download") as (
                status,
                headers,
                body,
            ):
                if status == 200:
                    with target.open("wb") as out:
                        while chunk := body.read(CHUNK):
                            out.write(chunk)
                            if self.clock() > self.deadline:
                                raise FetchError(
                                    f"the download took longer than {self.time_limit:g} seconds; run make "
                                    "analytics again (within 24 hours it downloads the same export)."
                                )
                    return
                response = Response(status, headers, body.read())
            if status in (202, 429):
                self.wait(rate_limit_wait(response) or interval, "GoatCounter was still making the export")
                interval = min(interval * 1.5, MAX_POLL_INTERVAL)
                continue
            if status == 400:  # kept for 24 hours, then deleted (handlers/api.go)
                raise ExportGone(
                    f"GoatCounter no longer has export {export['id']} ({response.error_text()}). Run make "
                    "analytics again: it asks for a new one."
                )
            raise refused(response, self.client, "downloading the export")

    def check(self, path: Path, export: dict[str, Any]) -> tuple[int, int]:
        """(rows, pageviews) of a download, which must be the whole file GoatCounter
        made: its hash, its row count, version 2 of the CSV format, and readable by
        the popular posts reader."""
        expected_hash = export.get("hash")
        if isinstance(expected_hash, str) and expected_hash.startswith("sha256-"):
            digest = hashlib.sha256()
            with path.open("rb") as data:
                while chunk := data.read(CHUNK):
                    digest.update(chunk)
            if "sha256-" + digest.hexdigest() != expected_hash:
                raise FetchError(
                    "the download does not match the export's hash (cut short on the way?): run make "
                    "analytics again; within 24 hours it downloads the same export."
                )
        try:
            rows = count_rows(path)
        except (EOFError, OSError, zlib.error, UnicodeDecodeError, csv.Error) as error:
            raise FetchError(
                f"the download is not a whole gzipped CSV ({error}): run make analytics again."
            ) from None
        expected_rows = export.get("num_rows")
        if isinstance(expected_rows, int) and rows != expected_rows:
            raise FetchError(
                f"the download holds {rows} rows where GoatCounter counted {expected_rows}: run make "
                "analytics again."
            )
        problems: list[Problem] = []
        try:
            pageviews = sum(hit.views for hit in read_export(path, "the download", problems))
        except ExportError as error:
            raise FetchError(f"the download cannot be read: {error.problem}") from None
        return rows, pageviews


def count_rows(path: Path) -> int:
    """Data rows of a gzipped GoatCounter CSV, after checking its format version."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as text:
        reader = csv.reader(text)
        header = next(reader, None)
        if not header:
            return 0
        first = header[0].lstrip("\ufeff")
        if not first.endswith("Path") or first[: -len("Path")] != CSV_VERSION:
            raise FetchError(
                f"GoatCounter's CSV export now starts {first!r}, a format this kit does not read yet "
                f"(it reads version {CSV_VERSION}, `{CSV_VERSION}Path`): nothing was written. Please "
                "report it to the kit's maintainers."
            )
        return sum(1 for row in reader if row)


# --- command line ----------------------------------------------------------------------


def github_annotation(message: str) -> str:
    """A workflow command that shows the message as a warning on the run's page."""
    escaped = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::warning title=GoatCounter pageviews not fetched::{escaped}"


def report_failure(message: str, keep_going: bool, folder: Path | None, status: int = 1) -> int:
    """Print the one message; with keep_going also as a GitHub Actions warning, and exit 0."""
    if folder is not None:
        files = (
            [p for p in folder.glob("*") if p.is_file() and not p.name.startswith(".")]
            if folder.is_dir()
            else []
        )
        had = f"{len(files)} file{'s' if len(files) != 1 else ''} in {display_path(str(folder))}"
        message += f" The files fetched before are unchanged ({had})"
        message += "; the build goes on with them." if keep_going else "."
    print(message, file=sys.stderr)
    if keep_going and os.environ.get("GITHUB_ACTIONS") == "true":
        print(github_annotation(message))
    return 0 if keep_going else status


def main(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make analytics", description="Fetch the new pageviews from GoatCounter into content/analytics/."
    )
    parser.add_argument("--content", type=Path, default=Path("content"), help="the content folder")
    parser.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument(
        "--folder", type=Path, help="where the exports go (default: content/POPULAR_POSTS_PATH)"
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="exit 0 after a failed fetch (the message is still printed), so a build can go on",
    )
    parser.add_argument(
        "--time-limit", type=float, default=DEFAULT_TIME_LIMIT, help="seconds for the whole fetch"
    )
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_REQUEST_TIMEOUT, help="seconds for one request"
    )
    parser.add_argument("--poll-interval", type=float, default=DEFAULT_POLL_INTERVAL, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    env = os.environ if environ is None else environ
    prefix = "make analytics: "

    try:
        site_value, token = env.get(SITE_VARIABLE, "").strip(), env.get(TOKEN_VARIABLE, "").strip()
        missing = [
            name for name, value in ((SITE_VARIABLE, site_value), (TOKEN_VARIABLE, token)) if not value
        ]
        if missing:
            raise NotSetUp(
                f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: nothing fetched."
            )
        site = site_address(site_value)
    except NotSetUp as error:
        return report_failure(f"{prefix}{error} {SET_UP_HELP}", args.keep_going, None, status=2)

    folder = args.folder or analytics_folder(args.content, args.settings)
    client = GoatCounter(site, token, timeout=args.timeout)
    fetcher = Fetcher(client, folder, time_limit=args.time_limit, poll_interval=args.poll_interval)
    try:
        result = fetcher.run()
    except FetchError as error:
        return report_failure(
            f"{prefix}fetching the pageviews from {site} failed: {error}", args.keep_going, folder
        )
    except OSError as error:  # the folder itself: not writable, disk full
        return report_failure(
            f"{prefix}could not write to {display_path(str(folder))} ({error.strerror or error}).",
            args.keep_going,
            folder,
        )
    if result.written is None:
        print(f"{prefix}no new pageviews on {site} since the last fetch (hit {result.last_hit_id}).")
        if result.last_hit_id == 0:
            print(
                "GoatCounter's export holds individual pageviews only when they are stored: switch on "
                "Settings → Data collection → “Individual pageviews” (off by default on new sites)."
            )
    else:
        others = result.rows - result.pageviews
        aside = (
            f" ({others} {'is an event or a bot' if others == 1 else 'are events or bots'})" if others else ""
        )
        print(
            f"{prefix}{result.rows} new row{'s' if result.rows != 1 else ''} from {site}, "
            f"{result.pageviews} pageview{'s' if result.pageviews != 1 else ''}{aside}, in "
            f"{display_path(str(result.written))}; next time from hit {result.last_hit_id}."
        )
    for note in result.notes:
        print(f"Note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
