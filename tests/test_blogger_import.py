"""`make import-blogger`, end to end: both export formats into a copy of the project,
then `make publish` on the result, at a domain root and under a project site's path.

The pictures are served from a local server (the importer's download function is
pointed there), so no test touches the network; one run goes through `make` itself.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import ROOT, Build, parse_html, project_copy, run_pelican
from PIL import Image

sys.path.insert(0, str(ROOT / "plugins"))

from blogger_import.export_formats import read_export
from blogger_import.images import download_image
from blogger_import.importer import Importer, Options, load_settings
from blogger_import.old_addresses import alias_save_as

SAMPLES = ROOT / "tests" / "blogger_samples"
EXPORTS = {"backup": SAMPLES / "backup-export.xml", "takeout": SAMPLES / "takeout-feed.atom"}
PROJECT_SITE = "https://name.github.io/blog"


def png_bytes(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


class PictureHandler(http.server.BaseHTTPRequestHandler):
    """Any path ending in a picture name is a picture (its colour from the path); a
    path with "missing" in it is a 404, as a picture deleted from Blogger would be."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        PictureHandler.requests.append(self.path)
        if "missing" in self.path:
            self.send_error(404)
            return
        body = png_bytes("#%06x" % (int(hashlib.sha256(self.path.encode()).hexdigest(), 16) % 0xFFFFFF))
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def picture_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PictureHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def local_download(base: str):
    """The real downloader, with Blogger's host swapped for the local server."""

    def download(url: str, folder: Path):
        parts = urlsplit(url)
        return download_image(f"{base}/{parts.netloc}{parts.path}", folder, timeout=5)

    return download


def run_import(project: Path, export: Path, base: str | None, **options: object) -> tuple[str, Importer]:
    settings = load_settings(project / "pelicanconf.py")
    settings["PATH"] = str(project / "content")
    importer = Importer(
        Options(
            export=export,
            content=project / "content",
            settings=settings,
            images=base is not None,
            download=local_download(base) if base else download_image,
            **options,  # type: ignore[arg-type]
        )
    )
    report = importer.run(read_export(export))
    return report.format("content"), importer


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass
class Imported:
    project: Path
    export: Path
    report: str
    importer: Importer


@pytest.fixture(scope="module", params=sorted(EXPORTS))
def imported(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, picture_server: str
) -> Imported:
    """A fresh project with the export imported (pictures from the local server)."""
    project = project_copy(tmp_path_factory.mktemp(request.param))
    export = EXPORTS[request.param]
    report, importer = run_import(project, export, picture_server)
    return Imported(project, export, report, importer)


@pytest.fixture(scope="module")
def published(imported, tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = imported.project
    build = run_pelican(
        tmp_path_factory.mktemp("out") / "output",
        ROOT / "publishconf.py",
        content=project / "content",
        extra_env={"SITEURL": PROJECT_SITE},
    )
    assert build.returncode == 0, build.log
    return build


def test_every_live_post_and_page_is_written_with_its_fields(imported) -> None:
    project, export, importer = imported.project, imported.export, imported.importer
    blog = read_export(export)
    written = {record["file"]: entry_id for entry_id, record in importer.state.entries.items()}
    assert len(written) == len(blog.entries)
    for entry in blog.entries:
        file = importer.state.entries[entry.id]["file"]
        text = (project / "content" / file).read_text(encoding="utf-8")
        head = text.split("\n\n", 1)[0]
        fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        assert file.startswith("pages/" if entry.kind == "page" else "reflections/"), file
        if entry.title:
            assert fields["Title"] == " ".join(entry.title.split()).replace("<", "&lt;").replace(">", "&gt;")
        else:
            assert fields["Title"], file
        if entry.labels:
            assert fields["Tags"].split(", ") == entry.labels
        # Blogger's search description is the post's summary (the page's meta description).
        assert fields.get("Summary") == entry.description
        if entry.old_path and entry.status == "live":
            assert fields["Aliases"] == entry.old_path
        if entry.status == "live":
            assert "Status" not in fields, file
        else:
            assert fields["Status"] == "draft", file
        # Blogger's wrappers and inline styles are gone.
        assert "trbidi" not in text and "style=" not in text and "<br" not in text, file
        date = fields.get("Date", "")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d", date), (file, date)


def test_pictures_come_home_once_each_in_their_largest_size(imported) -> None:
    project, report, importer = imported.project, imported.report, imported.importer
    assert importer.report.images_fetched >= 2, report
    assert importer.state.images, report
    for largest, file in importer.state.images.items():
        assert (project / "content" / file).is_file()
        assert re.search(r"/s0/|=s0$", largest), largest
        assert file.startswith("images/")
    # Posts point at the downloaded files, not at Blogger.
    for record in importer.state.entries.values():
        text = (project / "content" / record["file"]).read_text(encoding="utf-8")
        for picture in re.findall(r"!\[[^\]]*\]\(([^)\s]+)", text):
            assert not re.search(r"bp\.blogspot\.com|googleusercontent\.com", picture) or any(
                failed.startswith(picture.split("/s")[0]) for failed in importer.report.images_failed
            ), (record["file"], picture)


def test_the_site_publishes_and_every_old_address_leads_to_its_post(imported, published: Build) -> None:
    export = imported.export
    blog = read_export(export)
    live = [e for e in blog.entries if e.status == "live" and e.old_path]
    assert live
    for entry in live:
        save_as = alias_save_as(entry.old_path)
        page = published.html(save_as)
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})
        assert refresh is not None, save_as
        target = refresh["content"].split("url=", 1)[1]
        assert target.startswith(PROJECT_SITE + "/")
        landing = published.output / target[len(PROJECT_SITE) + 1 :] / "index.html"
        assert landing.is_file(), (entry.old_path, target)
        title = parse_html(landing.read_text(encoding="utf-8")).find("h1").get_text(" ", strip=True)
        assert title, landing
    # Blogger's month archives lead to the site's own month archive.
    for entry in live:
        found = re.match(r"/(\d{4})/(\d\d)/", entry.old_path)
        if found:
            page = published.html(f"{found[1]}/{found[2]}/index.html")
            target = page.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=", 1)[1]
            assert target == f"{PROJECT_SITE}/archive/{found[1]}/{found[2]}/", entry.old_path
    # Every label of the old blog leads to its page on the site.
    for label in {label for entry in live if entry.kind == "post" for label in entry.labels}:
        page = published.html(f"search/label/{label}/index.html")
        target = page.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=", 1)[1]
        assert target.startswith(f"{PROJECT_SITE}/labels/"), label
    # The old feed address serves the site's feed of all posts.
    feed = feedparser.parse((published.output / "feeds" / "posts" / "default").read_bytes())
    assert not feed.bozo and feed.entries


def test_no_comment_is_a_post_or_in_a_feed(imported, published: Build) -> None:
    project, export, importer = imported.project, imported.export, imported.importer
    blog = read_export(export)
    posts = [e for e in blog.entries if e.kind == "post"]
    articles = list((project / "content" / "reflections").glob("*.md"))
    sample_articles = 8  # the kit's sample reflections, still in the copy
    assert len(articles) == len(posts) + sample_articles
    comments = [c for e in blog.entries for c in e.comments]
    assert comments, "the fixture has comments"
    shown = 0
    for entry in blog.entries:
        if entry.comments and entry.status == "live" and entry.old_path:
            target = published.html(alias_save_as(entry.old_path)).find("link", rel="canonical")["href"]
            page = published.html(target[len(PROJECT_SITE) + 1 :] + "index.html")
            section = page.find("section", class_="old-comments")
            assert section is not None, entry.old_path
            shown += len(section.find_all("li", class_="old-comment"))
            assert "@" not in section.get_text(), entry.old_path
    assert shown == importer.report.comments
    for feed in published.output.rglob("*"):
        if feed.is_file() and (feed.suffix == ".xml" or feed.parent.name == "posts"):
            text = feed.read_text(encoding="utf-8", errors="replace")
            assert "old-comment" not in text, feed


def test_a_second_run_writes_the_same_bytes_and_keeps_hand_edits(
    imported: Imported, tmp_path: Path, picture_server: str
) -> None:
    project, export = imported.project, imported.export
    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    before = snapshot(copy / "content")
    PictureHandler.requests.clear()
    report, importer = run_import(copy, export, picture_server)
    assert snapshot(copy / "content") == before, report
    assert PictureHandler.requests == [], "pictures already here are not downloaded again"
    assert not importer.report.written
    # A post edited by hand is left alone, and named; FORCE=yes writes it anew.
    edited = copy / "content" / next(iter(importer.state.entries.values()))["file"]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy own addition.\n", encoding="utf-8")
    report, importer = run_import(copy, export, picture_server)
    assert "My own addition." in edited.read_text(encoding="utf-8")
    assert edited.relative_to(copy / "content").as_posix() in report
    assert "Edited since the last import" in report
    report, importer = run_import(copy, export, picture_server, force=True)
    assert "My own addition." not in edited.read_text(encoding="utf-8")
    assert snapshot(copy / "content") == before


def test_a_taken_name_gives_the_same_other_name_on_every_run(tmp_path: Path, picture_server: str) -> None:
    names = []
    for attempt in ("one", "two"):
        project = project_copy(tmp_path / attempt)
        # A post of the user's own already has the name of the first imported post.
        (project / "content" / "reflections" / "why-did-i-come-in.md").write_text(
            "Title: Why did I come in?\nDate: 2026-01-02\n\nMine.\n", encoding="utf-8"
        )
        report, importer = run_import(project, EXPORTS["backup"], None)
        files = sorted(r["file"] for r in importer.state.entries.values())
        assert "reflections/why-did-i-come-in.md" not in files
        assert "Given another name because theirs was taken" in report
        assert (project / "content" / "reflections" / "why-did-i-come-in.md").read_text().endswith("Mine.\n")
        names.append(files)
    assert names[0] == names[1]


def test_not_an_export_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    before = snapshot(project / "content")
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body>Not a blog export</body></html>", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "blogger_import", str(page), "--content", "content", "--images", "no"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project / "plugins")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "page.html" in done.stderr and "Nothing was written." in done.stderr
    assert snapshot(project / "content") == before


def test_make_import_blogger_runs_the_import_and_reports(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    make = ["make", "-s", f"VENV={ROOT / '.venv'}", "import-blogger"]
    done = subprocess.run(make, cwd=project, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "FILE=" in done.stdout
    # Pictures through an unreachable proxy: each fails, is listed, and keeps its address.
    env = {
        **os.environ,
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "NO_PROXY": "",
    }
    done = subprocess.run(
        [*make, f"FILE={EXPORTS['takeout']}", "KIND=advice"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"Imported \d+ posts", done.stdout), done.stdout
    assert "Pictures that could not be downloaded" in done.stdout
    advice = list((project / "content" / "advice").glob("*.md"))
    assert len(advice) > 2
    state = json.loads((project / "content" / "blogger" / "import.json").read_text(encoding="utf-8"))
    assert state["blog"]["format"] == "google-takeout"
    assert all(record["file"].startswith(("advice/", "pages/")) for record in state["entries"].values())


def test_labels_mapped_to_kinds_send_posts_there_and_listings_wait_as_drafts(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    settings = load_settings(project / "pelicanconf.py")
    settings["BLOGGER_LABEL_KINDS"] = {"cv": "advice", "Salary": "job"}
    importer = Importer(
        Options(export=EXPORTS["takeout"], content=project / "content", settings=settings, images=False)
    )
    report = importer.run(read_export(EXPORTS["takeout"])).format("content")
    blog = read_export(EXPORTS["takeout"])
    for entry in blog.entries:
        file = importer.state.entries[entry.id]["file"]
        labels = {label.casefold() for label in entry.labels}
        if entry.kind == "page":
            continue
        expected = "advice/" if "cv" in labels else "jobs/" if "salary" in labels else "reflections/"
        assert file.startswith(expected), (file, entry.labels)
    listings = [r["file"] for r in importer.state.entries.values() if r["file"].startswith("jobs/")]
    assert listings
    for file in listings:
        text = (project / "content" / file).read_text(encoding="utf-8")
        assert (
            "Status: draft" in text and "\nCompany:\n" in text and "fill in Company, Location, Apply" in text
        )
        assert f"{file}: fill in Company, Location, Apply" in report
    # The drafts wait quietly: publish succeeds, and says what is left to fill in.
    build = run_pelican(tmp_path / "out", ROOT / "publishconf.py", content=project / "content")
    assert build.returncode == 0, build.log
    assert "draft listing: fill it in before publishing" in build.log


def takeout_export(posts: int, labels: int) -> str:
    """A Takeout feed.atom with many posts, each with many labels and a comment."""
    ns = "xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'"
    entries = []
    for n in range(posts):
        tags = "".join(
            f"<category scheme='tag:blogger.com,1999:blog-1' term='Label {k}'/>" for k in range(labels)
        )
        entries.append(
            f"<entry><id>tag:blogger.com,1999:blog-1.post-{n}</id><blogger:type>POST</blogger:type>"
            f"<blogger:status>LIVE</blogger:status><author><name>A</name></author><title>Post {n}</title>"
            f"<content type='html'>&lt;p&gt;Text of post {n}.&lt;/p&gt;</content>"
            f"<published>2015-01-{n % 28 + 1:02d}T10:00:00Z</published><updated>2015-02-01T10:00:00Z</updated>"
            f"{tags}<blogger:filename>/2015/01/post-{n}.html</blogger:filename></entry>"
            f"<entry><id>tag:blogger.com,1999:blog-1.post-c{n}</id><blogger:type>COMMENT</blogger:type>"
            f"<blogger:status>LIVE</blogger:status><blogger:parent>tag:blogger.com,1999:blog-1.post-{n}"
            f"</blogger:parent><author><name>R</name></author><title></title>"
            f"<content type='html'>Nice post {n}</content><published>2015-02-01T10:00:00Z</published></entry>"
        )
    return f"<?xml version='1.0' encoding='utf-8'?>\n<feed {ns}><id>tag:blogger.com,1999:blog-1</id><title>Big</title>{''.join(entries)}</feed>\n"


def test_a_long_import_shows_its_progress_and_dozens_of_labels_survive(tmp_path: Path) -> None:
    export = tmp_path / "feed.atom"
    export.write_text(takeout_export(400, 40), encoding="utf-8")
    project = project_copy(tmp_path / "project")
    progress = io.StringIO()
    settings = load_settings(project / "pelicanconf.py")
    importer = Importer(
        Options(
            export=export, content=project / "content", settings=settings, images=False, progress=progress
        )
    )
    report = importer.run(read_export(export))
    assert report.posts == 400 and report.comments == 400
    assert "400 of 400 posts and pages" in progress.getvalue()
    text = (project / "content" / "reflections" / "post-7.md").read_text(encoding="utf-8")
    assert "Tags: " + ", ".join(f"Label {k}" for k in range(40)) in text
