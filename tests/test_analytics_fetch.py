"""`make analytics`: GoatCounter's export API, fetched into content/analytics/.

Every test talks to a local server that answers as GoatCounter's own handlers do
(handlers/api.go, handlers/mw.go, export.go, exportcsv.go in arp242/goatcounter; the
facts are listed in tests/analytics_samples/SOURCES.md): 202 and the export object
when an export starts, `finished_at` null while it runs, a gzip download (202 while
running), `{"error": ...}` bodies, 401/403 for tokens, 429 with X-Rate-Limit-* and
Retry-After once an hour's export is used. No test touches the network.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))

from popular_posts import read_tally
from shortlist_tools import analytics_fetch
from shortlist_tools.analytics_fetch import STATE_NAME, main

BIN = Path(sys.executable).parent
WORKFLOW = ROOT / ".github/workflows/pages.yml"
TOKEN = "2q2snk7clgqs63tr4xc5bwseajlw88qzilr8fq157jz3qxwwmz5"
HEADER = [
    "2Path",
    "Title",
    "Event",
    "UserAgent",
    "Browser",
    "System",
    "Session",
    "Bot",
    "Referrer",
    "Referrer scheme",
    "Screen size",
    "Location",
    "FirstVisit",
    "Date",
]


@dataclass
class FakeHit:
    id: int
    path: str
    day: str = "2026-11-20"
    event: bool = False
    bot: int = 0

    def row(self) -> list[str]:
        return [
            self.path,
            "A title, with a comma",
            "1" if self.event else "0",
            "",
            "Firefox 132",
            "Linux",
            f"{self.id:016x}",
            str(self.bot),
            "duckduckgo.com",
            "h",
            "1920,0,1",
            "US-IL",
            "1",
            f"{self.day}T09:{self.id % 60:02d}:00Z",
        ]


@dataclass
class FakeGoatCounter:
    """GoatCounter's export endpoints, as its source has them, with knobs for failing."""

    hits: list[FakeHit] = field(default_factory=list)
    version: str = "main"  # "main" needs "format"; "2.7" refuses it as an unknown field
    export_permission: bool = True
    exports_per_hour: int | None = None  # GoatCounter's default is 1; None: no limit
    polls_until_finished: int = 2  # status GETs answering finished_at null
    download_lag: int = 0  # downloads answering 202 after finished_at is set
    export_error: str | None = None  # RunCSV's error: set, and finished_at stays null
    csv_version: str = "2"
    cut_download: bool = False  # send half the gzip (with a matching Content-Length)
    status_override: dict[str, int] = field(default_factory=dict)  # "POST /api/v0/export": 500
    stall_seconds: float = 0.0  # answer nothing this long
    gone: bool = False  # the export file was deleted (kept for 24 hours)
    requests: list[dict[str, Any]] = field(default_factory=list)
    exports: dict[int, dict[str, Any]] = field(default_factory=dict)
    files: dict[int, bytes] = field(default_factory=dict)
    polls: dict[int, int] = field(default_factory=dict)
    started: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, *paths: str, day: str = "2026-11-20", event: bool = False, bot: int = 0) -> None:
        for path in paths:
            # Hit ids are shared by every site on a GoatCounter: a site's ids have gaps.
            next_id = (self.hits[-1].id if self.hits else 100) + 7
            self.hits.append(FakeHit(next_id, path, day, event, bot))

    def posts(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == "POST"]

    def csv_export(self, start: int) -> tuple[bytes, int, int]:
        """exportcsv.go RunCSV: hits with id > start, by id; gzip; last_hit_id."""
        chosen = [hit for hit in self.hits if hit.id > start]
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow([self.csv_version + "Path", *HEADER[1:]])
        writer.writerows(hit.row() for hit in chosen)
        last = chosen[-1].id if chosen else start
        return gzip.compress(text.getvalue().encode("utf-8"), mtime=0), len(chosen), last

    def create(self, start: int) -> dict[str, Any]:
        export_id = len(self.exports) + 1
        export: dict[str, Any] = {"id": export_id, "site_id": 1}
        if self.version == "main":
            export["format"] = "csv"
            if start > 0:  # *HitID with omitempty: absent when 0
                export["start_from_hit_id"] = start
        else:
            export["start_from_hit_id"] = start
        export.update(
            {
                "last_hit_id": None,
                "path": f"/tmp/goatcounter-export-test-20261201T120000Z-{start}.csv.gz",
                "created_at": "2026-12-01T12:00:00Z",
                "finished_at": None,
                "num_rows": None,
                "size": None,
                "hash": None,
                "error": None,
            }
        )
        self.exports[export_id] = export
        self.polls[export_id] = 0
        self.files[export_id], rows, last = self.csv_export(start)
        export["_pending"] = (rows, last)  # num_rows and last_hit_id, set when it finishes
        return export

    def advance(self, export: dict[str, Any]) -> None:
        """The background export runs on while the client polls."""
        if export["finished_at"] or export["error"]:
            return
        self.polls[export["id"]] += 1
        if self.polls[export["id"]] < self.polls_until_finished:
            return
        if self.export_error:
            export["error"] = self.export_error
            return
        rows, last = export["_pending"]
        data = self.files[export["id"]]
        export.update(
            {
                "finished_at": "2026-12-01T12:00:03Z",
                "last_hit_id": last,
                "num_rows": rows,
                "size": "0.1",
                "hash": "sha256-" + hashlib.sha256(data).hexdigest(),
            }
        )

    def public(self, export: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in export.items() if not k.startswith("_")}


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.answer("GET")

    def do_POST(self) -> None:
        self.answer("POST")

    def send(self, status: int, body: bytes, content_type: str = "application/json", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def error(self, status: int, message: str, **headers: str) -> None:
        self.send(status, json.dumps({"error": message}, separators=(",", ":")).encode(), **headers)

    def answer(self, method: str) -> None:
        fake = self.server.fake
        path = urlsplit(self.path).path  # absolute when it came through a proxy
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with fake.lock:
            fake.requests.append(
                {
                    "method": method,
                    "target": self.path,
                    "path": path,
                    "headers": dict(self.headers.items()),
                    "body": json.loads(raw) if raw else None,
                }
            )
        if fake.stall_seconds:
            time.sleep(fake.stall_seconds)
            return
        override = fake.status_override.get(f"{method} {path}")
        if override:
            return self.error(override, "unexpected error code 1a2b3c")
        # handlers/mw.go Ratelimit: POST /api/v0/export has its own store, 1 an hour.
        if method == "POST" and path == "/api/v0/export" and fake.exports_per_hour is not None:
            with fake.lock:
                fake.started += 1
                over = fake.started > fake.exports_per_hour
            limit = {"X_Rate_Limit_Limit": str(fake.exports_per_hour)}
            if over:
                wait = "3599"
                message = "rate limited exceeded; try again in 59m59.4s"
                body = json.dumps({"error": message}).replace('":"', '": "').encode()
                if not self.headers.get("Content-Type", "").startswith("application/json"):
                    body = (message + "\n").encode()
                return self.send(
                    429,
                    body,
                    "application/json",
                    **limit,
                    X_Rate_Limit_Remaining="0",
                    X_Rate_Limit_Reset=wait,
                    Retry_After=wait,
                )
        # handlers/api.go auth: Bearer token, 401 unknown, 403 without the permission.
        authorization = self.headers.get("Authorization", "")
        if not authorization:
            return self.error(401, "no Authorization header", WWW_Authenticate="Basic realm=GoatCounter")
        if authorization != f"Bearer {TOKEN}":
            return self.error(401, "unknown token", WWW_Authenticate="Basic realm=GoatCounter")
        if not fake.export_permission:
            return self.error(403, "requires 'export' permissions")
        parts = path.strip("/").split("/")
        if method == "POST" and path == "/api/v0/export":
            return self.start(raw)
        if method == "GET" and len(parts) in (4, 5) and parts[:3] == ["api", "v0", "export"]:
            export = fake.exports.get(int(parts[3]))
            if export is None:
                return self.error(404, "not found")
            with fake.lock:
                if len(parts) == 4:
                    fake.advance(export)
                    return self.send(200, json.dumps(fake.public(export)).encode())
            return self.download(export)
        return self.error(404, "not found")

    def start(self, raw: bytes) -> None:
        fake = self.server.fake
        try:
            request = json.loads(raw or b"{}")
        except ValueError as error:
            return self.error(400, f"invalid JSON: {error}")
        allowed = {"start_from_hit_id"} | ({"format", "start_from_day"} if fake.version == "main" else set())
        unknown = [name for name in request if name not in allowed]
        if unknown:  # zhttp.NewDecoder(false, true): unknown fields are an error
            return self.error(400, f'unknown parameter: "{unknown[0]}"')
        if fake.version == "main" and request.get("format") != "csv":
            return self.error(400, f'unknown format: "{request.get("format", "")}"')
        with fake.lock:
            export = fake.create(int(request.get("start_from_hit_id", 0)))
        self.send(202, json.dumps(fake.public(export)).encode())

    def download(self, export: dict[str, Any]) -> None:
        fake = self.server.fake
        with fake.lock:
            waiting = not export["finished_at"]
            if not waiting and fake.download_lag > 0:
                fake.download_lag -= 1
                waiting = True
        if waiting:
            return self.error(202, "still being generated")
        if fake.gone:
            return self.error(400, "exports are kept for 24 hours; this export file has been deleted")
        data = fake.files[export["id"]]
        if fake.cut_download:
            data = data[: len(data) // 2]
        name = export["path"].rsplit("/", 1)[1]
        self.send(200, data, "application/gzip", Content_Disposition=f'attachment; filename="{name}"')


class Server(ThreadingHTTPServer):
    fake: FakeGoatCounter


@pytest.fixture
def goatcounter(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeGoatCounter, str]]:
    """The fake GoatCounter and its address; proxies from the environment are kept
    off it so the tests never leave this machine."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    server = Server(("127.0.0.1", 0), Handler)
    server.fake = FakeGoatCounter()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.fake, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fetch(folder: Path, site: str, *extra: str, token: str = TOKEN) -> int:
    environ = {"GOATCOUNTER_SITE": site, "GOATCOUNTER_TOKEN": token}
    return main(
        ["--folder", str(folder), "--poll-interval", "0.01", "--time-limit", "5", "--timeout", "5", *extra],
        environ,
    )


def data_files(folder: Path) -> dict[str, bytes]:
    """What the readers add up: every file but dotfiles."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*")) if not p.name.startswith(".")}


def state(folder: Path) -> dict[str, Any]:
    return json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))


def totals(folder: Path) -> tuple[dict[str, int], int]:
    """Views per page as the build counts them, and how many files it read."""
    tally, files = read_tally(folder, "")
    return tally.views("all"), files


# --- fetching -------------------------------------------------------------------------


def test_first_fetch_from_zero_then_only_the_new_hits(goatcounter, tmp_path: Path, capsys) -> None:
    fake, site = goatcounter
    folder = tmp_path / "content" / "analytics"
    fake.add("/reflections/week-one/", "/reflections/week-one/index.html", "/advice/second/")
    fake.add("download-cv", event=True)
    fake.add("/advice/second/", bot=3)

    assert fetch(folder, site) == 0
    out = capsys.readouterr().out
    assert "5 new rows" in out and "3 pageviews (2 are events or bots)" in out
    first = fake.posts()[0]
    assert first["body"] == {"format": "csv", "start_from_hit_id": 0}
    assert first["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert first["headers"]["Content-Type"] == "application/json"
    last_first = fake.hits[-1].id
    assert list(data_files(folder)) == [f"goatcounter-api-000000000000-{last_first:012d}.csv.gz"]
    assert state(folder)["last_hit_id"] == last_first
    assert "pending_export" not in state(folder)
    before = data_files(folder)

    fake.add("/reflections/week-one/", "/jobs/brand-director/", day="2026-11-28")
    assert fetch(folder, site) == 0
    assert fake.posts()[1]["body"] == {"format": "csv", "start_from_hit_id": last_first}
    after = data_files(folder)
    assert len(after) == 2
    assert all(after[name] == content for name, content in before.items()), "the first file is left alone"
    new_name = f"goatcounter-api-{last_first:012d}-{fake.hits[-1].id:012d}.csv.gz"
    with gzip.open(folder / new_name, "rt", encoding="utf-8") as rows:
        assert len(rows.read().splitlines()) == 1 + 2, "the header and the two new hits only"

    # The build reads both files and the state file not at all: every pageview once.
    views, files = totals(folder)
    assert files == 2
    assert views == {"/reflections/week-one": 3, "/advice/second": 1, "/jobs/brand-director": 1}


def test_no_new_hits_writes_nothing_and_keeps_the_cursor(goatcounter, tmp_path: Path, capsys) -> None:
    fake, site = goatcounter
    folder = tmp_path / "analytics"
    fake.add("/a/", "/b/")
    assert fetch(folder, site) == 0
    before, cursor = data_files(folder), state(folder)["last_hit_id"]
    capsys.readouterr()

    assert fetch(folder, site) == 0
    assert f"no new pageviews on {site} since the last fetch (hit {cursor})" in capsys.readouterr().out
    assert data_files(folder) == before
    assert state(folder)["last_hit_id"] == cursor
    assert fake.posts()[-1]["body"]["start_from_hit_id"] == cursor
    assert not any(r["path"].endswith("/download") for r in fake.requests[-2:]), "num_rows 0: no download"


def test_a_site_without_stored_pageviews_is_told_which_setting_to_switch_on(
    goatcounter, tmp_path: Path, capsys
) -> None:
    _fake, site = goatcounter
    assert fetch(tmp_path / "analytics", site) == 0
    out = capsys.readouterr().out
    assert "no new pageviews" in out and "Individual pageviews" in out
    assert data_files(tmp_path / "analytics") == {}


def test_polling_waits_for_finished_at_and_a_download_answering_202(goatcounter, tmp_path: Path) -> None:
    fake, site = goatcounter
    fake.polls_until_finished, fake.download_lag = 4, 2
    fake.add("/a/")
    assert fetch(tmp_path / "analytics", site) == 0
    kinds = [
        r["path"].rsplit("/", 1)[1] if r["path"].endswith("download") else r["method"] for r in fake.requests
    ]
    assert kinds == ["POST", "GET", "GET", "GET", "GET", "download", "download", "download"]
    assert totals(tmp_path / "analytics")[0] == {"/a": 1}


def test_the_site_may_be_the_dashboard_address_the_count_address_or_a_bare_code() -> None:
    site = analytics_fetch.site_address
    assert site("https://samortega.goatcounter.com/") == "https://samortega.goatcounter.com"
    assert site("https://samortega.goatcounter.com/count") == "https://samortega.goatcounter.com"
    assert site("samortega") == "https://samortega.goatcounter.com"
    assert site("stats.example.org/goatcounter") == "https://stats.example.org/goatcounter"
    with pytest.raises(analytics_fetch.NotSetUp, match="not a GoatCounter address"):
        site("ftp://example.org")


def test_an_older_goatcounter_that_refuses_format_is_asked_without_it(goatcounter, tmp_path: Path) -> None:
    """GoatCounter 2.7 (the last release) has no `format` and refuses unknown fields;
    the kit asks again without it, and remembers."""
    fake, site = goatcounter
    fake.version = "2.7"
    fake.add("/a/", "/b/")
    folder = tmp_path / "analytics"
    assert fetch(folder, site) == 0
    assert [p["body"] for p in fake.posts()] == [
        {"format": "csv", "start_from_hit_id": 0},
        {"start_from_hit_id": 0},
    ]
    assert state(folder)["send_format"] is False
    fake.add("/c/")
    assert fetch(folder, site) == 0
    assert fake.posts()[-1]["body"] == {"start_from_hit_id": fake.hits[-2].id}
    assert totals(folder)[0] == {"/a": 1, "/b": 1, "/c": 1}


def test_requests_go_through_the_proxy_from_the_environment(goatcounter, tmp_path: Path, monkeypatch) -> None:
    fake, address = goatcounter
    monkeypatch.setenv("HTTP_PROXY", address)
    monkeypatch.setenv("NO_PROXY", "")
    fake.add("/a/")
    assert fetch(tmp_path / "analytics", "http://stats.invalid") == 0
    assert {r["target"].split("/api/")[0] for r in fake.requests} == {"http://stats.invalid"}
    assert totals(tmp_path / "analytics")[0] == {"/a": 1}


def test_a_run_that_gave_up_waiting_downloads_that_export_next_time(
    goatcounter, tmp_path: Path, capsys
) -> None:
    """One export an hour: the next run picks up the export still running instead of
    asking for another (which the rate limit would refuse)."""
    fake, site = goatcounter
    fake.exports_per_hour = 1
    fake.polls_until_finished = 10**6
    fake.add("/a/", "/b/")
    folder = tmp_path / "analytics"
    assert fetch(folder, site, "--time-limit", "0.3") == 1
    assert "still making the export when the time limit of 0.3 seconds came" in capsys.readouterr().err
    assert state(folder)["pending_export"] == {"id": 1, "start_from_hit_id": 0}
    assert data_files(folder) == {}

    fake.polls_until_finished = 0
    assert fetch(folder, site) == 0
    assert len(fake.posts()) == 1, "no second export asked for"
    assert totals(folder)[0] == {"/a": 1, "/b": 1}
    assert "pending_export" not in state(folder)


def test_a_crash_between_the_file_and_the_state_does_not_fetch_those_hits_twice(
    goatcounter, tmp_path: Path
) -> None:
    fake, site = goatcounter
    fake.add("/a/")
    folder = tmp_path / "analytics"
    assert fetch(folder, site) == 0
    saved = state(folder)
    saved["last_hit_id"] = 0  # as if the run stopped before saving it
    (folder / STATE_NAME).write_text(json.dumps(saved), encoding="utf-8")
    fake.add("/b/")
    assert fetch(folder, site) == 0
    assert fake.posts()[-1]["body"]["start_from_hit_id"] == fake.hits[0].id
    assert totals(folder)[0] == {"/a": 1, "/b": 1}


def test_an_export_of_another_site_is_not_mixed_in(goatcounter, tmp_path: Path, capsys) -> None:
    fake, site = goatcounter
    fake.add("/a/")
    folder = tmp_path / "analytics"
    assert fetch(folder, site) == 0
    before = data_files(folder)
    assert fetch(folder, site.replace("127.0.0.1", "localhost")) == 1
    assert "holds pageviews fetched from" in capsys.readouterr().err
    assert data_files(folder) == before


def test_a_hand_downloaded_export_next_to_the_first_fetch_is_pointed_out(
    goatcounter, tmp_path: Path, capsys
) -> None:
    fake, site = goatcounter
    folder = tmp_path / "analytics"
    folder.mkdir()
    (folder / "goatcounter-export.csv").write_text(",".join(HEADER) + "\n", encoding="utf-8")
    fake.add("/a/")
    assert fetch(folder, site) == 0
    assert "also holds goatcounter-export.csv" in capsys.readouterr().out


# --- failures: one message each, exit 1 (0 with --keep-going), earlier data untouched ----------


def cut_download(fake: FakeGoatCounter) -> None:
    fake.cut_download = True


FAILURES = {
    "bad token": (
        lambda fake: None,
        {"token": "wrong"},
        ["refused the token", "401: unknown token", "/user/api"],
    ),
    "no export permission": (
        lambda fake: setattr(fake, "export_permission", False),
        {},
        ["may not export", "403: requires 'export' permissions", "Export permission"],
    ),
    "rate limit": (
        lambda fake: setattr(fake, "exports_per_hour", 0),
        {},
        ["rate limit", "429: rate limited exceeded", "one export an hour", "about 60 minutes"],
    ),
    "export error": (
        lambda fake: setattr(fake, "export_error", "pq: canceling statement due to statement timeout"),
        {},
        ["could not make the export (pq: canceling statement", "asks for a new one"],
    ),
    "server error": (
        lambda fake: fake.status_override.update({"POST /api/v0/export": 500}),
        {},
        ["GoatCounter had an error while starting an export (500", "Try again later"],
    ),
    "not a goatcounter": (
        lambda fake: fake.status_override.update({"POST /api/v0/export": 404}),
        {},
        ["no GoatCounter API at", "Check GOATCOUNTER_SITE"],
    ),
    "never finishes": (
        lambda fake: setattr(fake, "polls_until_finished", 10**6),
        {"extra": ["--time-limit", "0.2"]},
        [
            "still making the export when the time limit of 0.2 seconds came",
            "downloads it without starting another",
        ],
    ),
    "cut-short download": (cut_download, {}, ["does not match the export's hash"]),
    "deleted export": (
        lambda fake: setattr(fake, "gone", True),
        {},
        ["no longer has export", "kept for 24 hours"],
    ),
    "new csv format": (
        lambda fake: setattr(fake, "csv_version", "3"),
        {},
        ["now starts '3Path'", "nothing was written"],
    ),
    "no answer": (
        lambda fake: setattr(fake, "stall_seconds", 1.5),
        {"extra": ["--timeout", "0.3"]},
        ["could not reach GoatCounter", "no answer within 0.3 seconds", "HTTPS_PROXY"],
    ),
}


@pytest.mark.parametrize("keep_going", [False, True], ids=["plain", "keep-going"])
@pytest.mark.parametrize("case", list(FAILURES))
def test_a_failed_fetch_is_one_message_and_leaves_what_was_fetched(
    goatcounter, tmp_path: Path, capsys, case: str, keep_going: bool
) -> None:
    fake, site = goatcounter
    folder = tmp_path / "analytics"
    fake.add("/a/", "/b/")
    assert fetch(folder, site) == 0
    before, cursor = data_files(folder), state(folder)["last_hit_id"]
    fake.add("/c/")
    capsys.readouterr()

    set_up, options, expected = FAILURES[case]
    set_up(fake)
    extra = [*options.get("extra", []), *(["--keep-going"] if keep_going else [])]
    status = fetch(folder, site, *extra, token=options.get("token", TOKEN))
    fake.stall_seconds = 0
    out, err = capsys.readouterr()
    assert status == (0 if keep_going else 1)
    assert out == ""
    message = " ".join(err.split())
    assert message.startswith(f"make analytics: fetching the pageviews from {site} failed: ")
    for words in expected:
        assert words in message
    assert err.count("make analytics:") == 1, "one message"
    assert "The files fetched before are unchanged (1 file in" in message
    assert message.endswith("the build goes on with them.") == keep_going
    assert TOKEN not in err
    assert data_files(folder) == before
    assert state(folder)["last_hit_id"] == cursor
    assert not list(folder.glob(".*partial")), "no half-written file left"
    assert totals(folder)[0] == {"/a": 1, "/b": 1}


def test_a_second_export_within_the_hour_is_refused_as_goatcounter_does(
    goatcounter, tmp_path: Path, capsys
) -> None:
    fake, site = goatcounter
    fake.exports_per_hour = 1  # GoatCounter's default: handlers/handlers.go NewRatelimits
    fake.add("/a/")
    folder = tmp_path / "analytics"
    assert fetch(folder, site) == 0
    before = data_files(folder)
    fake.add("/b/")
    assert fetch(folder, site) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "one export an hour" in err and "run make analytics again in about 60 minutes" in err
    assert data_files(folder) == before
    assert fake.posts()[-1]["headers"]["Content-Type"] == "application/json"


def test_a_damaged_state_file_is_named_and_nothing_is_fetched(goatcounter, tmp_path: Path, capsys) -> None:
    fake, site = goatcounter
    folder = tmp_path / "analytics"
    folder.mkdir()
    (folder / STATE_NAME).write_text('{"last_hit_id": "many"', encoding="utf-8")
    assert fetch(folder, site) == 1
    assert f"{STATE_NAME} cannot be read" in capsys.readouterr().err
    assert fake.requests == []


def test_an_unreachable_address_is_a_network_message(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    import socket

    with socket.socket() as unused:  # a port nobody listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    assert fetch(tmp_path / "analytics", f"http://127.0.0.1:{port}") == 1
    assert "could not reach GoatCounter at" in capsys.readouterr().err


def test_a_folder_that_cannot_be_written_is_named(goatcounter, tmp_path: Path, capsys) -> None:
    _fake, site = goatcounter
    (tmp_path / "analytics").write_text("a file where the folder should be", encoding="utf-8")
    assert fetch(tmp_path / "analytics", site) == 1
    assert "could not write to" in capsys.readouterr().err


def test_under_github_actions_a_kept_going_failure_is_a_warning_on_the_run(
    goatcounter, tmp_path: Path, capsys, monkeypatch
) -> None:
    _fake, site = goatcounter
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert fetch(tmp_path / "analytics", site, "--keep-going", token="wrong") == 0
    out = capsys.readouterr().out
    assert out.startswith("::warning title=GoatCounter pageviews not fetched::make analytics: ")
    assert "401: unknown token" in out
    # A token set without the address is the same kind of warning.
    assert main(["--folder", str(tmp_path / "analytics"), "--keep-going"], {"GOATCOUNTER_TOKEN": TOKEN}) == 0
    assert "GOATCOUNTER_SITE is not set" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        ({}, "GOATCOUNTER_SITE and GOATCOUNTER_TOKEN are not set"),
        ({"GOATCOUNTER_SITE": "https://x.goatcounter.com"}, "GOATCOUNTER_TOKEN is not set"),
        ({"GOATCOUNTER_SITE": "ftp://x", "GOATCOUNTER_TOKEN": "t"}, "is not a GoatCounter address"),
    ],
)
def test_without_the_settings_it_says_how_to_set_them(tmp_path: Path, capsys, environ, missing) -> None:
    folder = ["--folder", str(tmp_path / "analytics")]
    assert main(folder, environ) == 2
    assert main([*folder, "--keep-going"], environ) == 0
    err = capsys.readouterr().err
    assert missing in err and "/user/api" in err and "repository variable GOATCOUNTER_SITE" in err
    assert not (tmp_path / "analytics").exists()


# --- the Makefile target and the workflow ----------------------------------------------------


def make_analytics(tmp_path: Path, site: str, token: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOATCOUNTER_SITE": site, "GOATCOUNTER_TOKEN": token, "NO_PROXY": "127.0.0.1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [
            "make",
            "--no-print-directory",
            "analytics",
            f"VENV={BIN.parent}",
            f"INPUTDIR={tmp_path / 'content'}",
            *args,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_analytics_fetches_into_the_content_folder(goatcounter, tmp_path: Path) -> None:
    fake, site = goatcounter
    fake.polls_until_finished = 0
    fake.add("/a/", "/b/", "/a/")
    done = make_analytics(tmp_path, site, TOKEN)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 new rows" in done.stdout
    assert totals(tmp_path / "content" / "analytics")[0] == {"/a": 2, "/b": 1}

    failed = make_analytics(tmp_path, site, "wrong")
    assert failed.returncode != 0 and "refused the token" in failed.stderr
    kept = make_analytics(tmp_path, site, "wrong", "KEEP_GOING=yes")
    assert kept.returncode == 0 and "refused the token" in kept.stderr


def workflow_steps() -> list[dict[str, Any]]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]


def test_the_workflow_fetches_daily_before_building_with_the_data_cached() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow[True]["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]
    steps = workflow_steps()
    index = {id(step): i for i, step in enumerate(steps)}
    fetch_step = next(s for s in steps if "make analytics" in s.get("run", ""))
    build = next(s for s in steps if s.get("run") == "make publish")
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore@"))
    save = next(s for s in steps if s.get("uses", "").startswith("actions/cache/save@"))
    assert index[id(restore)] < index[id(fetch_step)] < index[id(save)] < index[id(build)]

    # The token stays a secret, used only by these steps; the address may be a variable.
    assert fetch_step["env"]["GOATCOUNTER_TOKEN"] == "${{ secrets.GOATCOUNTER_TOKEN }}"
    assert "vars.GOATCOUNTER_SITE" in fetch_step["env"]["GOATCOUNTER_SITE"]
    assert fetch_step["run"].split("\n")[:3] == [
        "bash .ci/goatcounter-cache unpack",
        "make analytics KEEP_GOING=yes",  # a failed fetch does not stop the build
        "bash .ci/goatcounter-cache pack",
    ]
    assert fetch_step.get("continue-on-error") is True
    assert "GOATCOUNTER_TOKEN" not in json.dumps(build) and "GOATCOUNTER_TOKEN" not in json.dumps(
        workflow.get("env")
    )
    # Only when the secret is set: every GoatCounter step has the same condition.
    conditions = {s.get("if") for s in (restore, fetch_step, save)}
    assert len(conditions) == 1 and None not in conditions

    # A key of its own every run, the newest restored by prefix; only the encrypted
    # archive is cached, never content/analytics/ itself.
    assert restore["with"]["key"] == save["with"]["key"]
    assert "github.run_id" in restore["with"]["key"]
    assert restore["with"]["key"].startswith(restore["with"]["restore-keys"].strip())
    assert restore["with"]["path"] == save["with"]["path"] == ".goatcounter-cache"
    uses = {s["uses"].split("@")[1] for s in (restore, save)}
    assert uses == {"v4"}, "pinned by major version, as the other actions are"


def cache_script(action: str, workspace: Path, token: str = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ["PATH"],
        "GOATCOUNTER_TOKEN": token,
        "ANALYTICS_DIR": str(workspace / "content" / "analytics"),
        "CACHE_DIR": str(workspace / ".goatcounter-cache"),
    }
    return subprocess.run(
        ["bash", str(ROOT / ".ci/goatcounter-cache"), action],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_two_workflow_runs_fetch_each_pageview_once_through_the_encrypted_cache(
    goatcounter, tmp_path: Path
) -> None:
    """Each run starts on a fresh runner: restore the cache, unpack, fetch, pack, save."""
    fake, site = goatcounter
    saved_cache = tmp_path / "actions-cache"

    def workflow_run(number: int) -> Path:
        workspace = tmp_path / f"run-{number}"
        (workspace / "content" / "analytics").mkdir(parents=True)
        if saved_cache.exists():  # actions/cache/restore
            shutil.copytree(saved_cache, workspace / ".goatcounter-cache")
        assert cache_script("unpack", workspace).returncode == 0
        assert fetch(workspace / "content" / "analytics", site, "--keep-going") == 0
        packed = cache_script("pack", workspace)
        assert packed.returncode == 0, packed.stderr
        shutil.rmtree(saved_cache, ignore_errors=True)  # actions/cache/save, a new key
        shutil.copytree(workspace / ".goatcounter-cache", saved_cache)
        return workspace / "content" / "analytics"

    fake.add("/a/", "/b/")
    workflow_run(1)
    archive = (saved_cache / "pageviews.tar.gz.enc").read_bytes()
    assert archive.startswith(b"Salted__") and b"/a/" not in archive and b"2Path" not in archive

    fake.add("/a/")
    folder = workflow_run(2)
    assert [p["body"]["start_from_hit_id"] for p in fake.posts()] == [0, fake.hits[1].id]
    assert totals(folder)[0] == {"/a": 2, "/b": 1}


def test_a_cache_from_another_token_is_left_aside_and_everything_fetched_again(tmp_path: Path) -> None:
    workspace = tmp_path / "run"
    analytics = workspace / "content" / "analytics"
    analytics.mkdir(parents=True)
    (analytics / "goatcounter-api-000000000000-000000000107.csv.gz").write_bytes(gzip.compress(b"2Path\n"))
    (analytics / STATE_NAME).write_text('{"last_hit_id": 107}', encoding="utf-8")
    (analytics / "goatcounter-export.csv").write_text("2Path\n", encoding="utf-8")  # not the fetch's
    assert cache_script("pack", workspace).returncode == 0
    shutil.rmtree(analytics)

    wrong = cache_script("unpack", workspace, token="another-token")
    assert wrong.returncode == 0
    assert "could not be decrypted" in wrong.stderr
    assert not analytics.exists() or not any(analytics.iterdir())

    right = cache_script("unpack", workspace)
    assert right.returncode == 0 and "Restored 2 files" in right.stdout
    assert sorted(p.name for p in analytics.iterdir()) == [
        STATE_NAME,
        "goatcounter-api-000000000000-000000000107.csv.gz",
    ]


def test_the_workflow_passes_actionlint() -> None:
    done = subprocess.run(
        [str(BIN / "actionlint"), "-no-color", str(WORKFLOW)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
