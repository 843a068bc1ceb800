"""The site half of blogger_import: old addresses, the old blog's feeds, archived comments.

Each test builds the sample site with Pelican, with a post given old addresses
(`Aliases:`), comments from the old blog and the importer's import.json written by
hand, so this half is checked apart from the importer (test_blogger_import.py runs both).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from conftest import PUBLISH_SITEURL, Build, parse_html, run_pelican

POST = "reflections/a-week-with-two-interviews.md"
POST_URL = "reflections/a-week-with-two-interviews/"
COMMENTS = {
    "post": "/2013/03/a-week.html",
    "comments": [
        {
            "id": "101",
            "author": "Dana K.",
            "url": "https://dana.example/",
            "date": "2013-03-20T09:15:00.001-07:00",
            "html": 'Same here! Write me at dana.k@example.com <a href="mailto:dana.k@example.com">mail</a>'
            '<script>alert("x")</script> <a href="https://dana.example/notes">my notes</a>',
            "reply_to": None,
        },
        {
            "id": "102",
            "author": "sam@example.com",
            "url": "javascript:alert(1)",
            "date": "2013-03-21T10:00:00.000-07:00",
            "html": "Thanks, that helped<br />a lot",
            "reply_to": "101",
        },
        {"id": "103", "author": "Ghost", "date": "2013-03-22T10:00:00Z", "html": "  "},
    ],
}
MARKER = {
    "blog": {"title": "Old blog", "url": "https://old.blogspot.com/", "format": "blogger-backup"},
    "labels": ["interviews", "Interviews", "applications", "No such label here"],
}


def add_aliases(content: Path, relative: str, aliases: str) -> None:
    path = content / relative
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    path.write_text(f"{head}\nAliases: {aliases}\n\n{body}", encoding="utf-8")


def imported_content(content: Path, marker: bool = True) -> Path:
    add_aliases(content, POST, "/2013/03/a-week.html, /p/old-about.html")
    comments = content / "blogger" / "comments" / "2013" / "03" / "a-week.json"
    comments.parent.mkdir(parents=True)
    comments.write_text(json.dumps(COMMENTS), encoding="utf-8")
    if marker:
        (content / "blogger" / "import.json").write_text(json.dumps(MARKER), encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    import shutil

    from conftest import SAMPLE_CONTENT

    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    imported_content(content)
    build = run_pelican(tmp_path_factory.mktemp("out") / "output", "publishconf.py", content=content)
    assert build.returncode == 0, build.log
    return build


def refresh_target(build: Build, relative: str) -> tuple[str, str, str]:
    """(meta refresh URL, canonical, visible link) of a redirect page."""
    page = build.html(relative)
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    return (
        refresh.split("url=", 1)[1],
        page.find("link", rel="canonical")["href"],
        page.find("main").find("a")["href"],
    )


def test_each_old_address_of_a_post_sends_readers_to_it_under_the_site_base_path(
    imported_site: Build,
) -> None:
    for old in ("2013/03/a-week.html", "p/old-about.html"):
        target, canonical, link = refresh_target(imported_site, old)
        assert target == canonical == link == f"{PUBLISH_SITEURL}/{POST_URL}"
        page = imported_site.html(old)
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    sitemap = (imported_site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "a-week.html" not in sitemap and "search/label" not in sitemap


def test_blogger_label_and_month_addresses_lead_to_the_label_page_and_the_archive(
    imported_site: Build,
) -> None:
    target, _, _ = refresh_target(imported_site, "search/label/interviews/index.html")
    assert target == f"{PUBLISH_SITEURL}/labels/interviews/"
    # Labels differing only in case are one label on the site; both old addresses work.
    assert refresh_target(imported_site, "search/label/Interviews/index.html")[0] == target
    assert refresh_target(imported_site, "search/label/applications/index.html")[0].endswith(
        "/labels/applications/"
    )
    # A label no published post has any more has no page to lead to.
    assert not (imported_site.output / "search" / "label" / "No such label here").exists()
    # No post of the site is from March 2013 any more: the month leads to the archive.
    assert refresh_target(imported_site, "2013/03/index.html")[0] == f"{PUBLISH_SITEURL}/archive/"
    assert refresh_target(imported_site, "2013/index.html")[0] == f"{PUBLISH_SITEURL}/archive/"
    assert refresh_target(imported_site, "2013_03_01_archive.html")[0] == f"{PUBLISH_SITEURL}/archive/"


def test_the_old_feed_addresses_serve_every_published_post(imported_site: Build) -> None:
    main = feedparser.parse((imported_site.output / "feeds" / "all.atom.xml").read_bytes())
    for path, version in [
        ("feeds/posts/default", "atom10"),
        ("feeds/posts/summary", "atom10"),
        ("atom.xml", "atom10"),
        ("rss.xml", "rss20"),
    ]:
        feed = feedparser.parse((imported_site.output / path).read_bytes())
        assert not feed.bozo, (path, feed.bozo_exception)
        assert feed.version == version
        assert [e.link for e in feed.entries] == [e.link for e in main.entries], path
        assert all(e.link.startswith(PUBLISH_SITEURL + "/") for e in feed.entries)


def test_comments_from_the_old_blog_show_under_their_post_cleaned(imported_site: Build) -> None:
    page = imported_site.html(POST_URL + "index.html")
    section = page.find("section", class_="old-comments")
    assert section.find("h2").get_text() == "Comments from the old blog"
    comments = section.find_all("li", class_="old-comment")
    assert [c.find(class_="old-comment-author").get_text() for c in comments] == ["Dana K.", "Anonymous"]
    first, second = comments
    assert first.find("time")["datetime"].startswith("2013-03-20T09:15:00")
    text = section.get_text(" ")
    assert "@" not in text and "example.com" not in text and "e-mail address removed" in text
    assert section.find("script") is None and "alert" not in str(section)
    for link in section.find_all("a", href=re.compile("^https?:")):
        assert link["rel"] == ["nofollow", "ugc"]
    assert not section.find_all("a", href=re.compile("^(mailto|javascript):"))
    assert second.find(class_="old-comment-reply").find("a")["href"] == "#comment-101"
    assert second.find("br") is not None


def test_comments_are_in_no_feed_list_or_other_page(imported_site: Build) -> None:
    for path in imported_site.output.rglob("*"):
        if path.is_file() and path.suffix in ("", ".xml", ".html", ".json", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.relative_to(imported_site.output).as_posix() == POST_URL + "index.html":
                continue
            assert "Same here!" not in text, path
    assert not (imported_site.output / "blogger").exists()


def test_an_old_address_another_page_has_fails_publish_naming_the_post(
    content_copy: Path, tmp_path: Path
) -> None:
    add_aliases(content_copy, POST, "/reflections/coming-in-second-after-a-final-round/")
    build = run_pelican(tmp_path / "out", "publishconf.py", content=content_copy)
    assert build.returncode != 0
    assert re.search(
        r"a-week-with-two-interviews\.md\s+- Aliases: /reflections/coming-in-second-after-a-final-round/ is "
        r"the address of \S*content/reflections/coming-in-second-after-a-final-round\.md",
        build.log,
    ), build.log
    # The other post keeps its own page.
    page = parse_html(
        (tmp_path / "out" / "reflections" / "coming-in-second-after-a-final-round" / "index.html").read_text()
    )
    assert page.find("meta", attrs={"http-equiv": "refresh"}) is None


def test_a_broken_comments_file_is_a_problem_and_the_post_still_builds(
    content_copy: Path, tmp_path: Path
) -> None:
    imported_content(content_copy)
    broken = content_copy / "blogger" / "comments" / "2013" / "03" / "a-week.json"
    broken.write_text('{"comments": [', encoding="utf-8")
    dev = run_pelican(tmp_path / "dev", "pelicanconf.py", content=content_copy)
    assert dev.returncode == 0, dev.log
    assert "blogger/comments/2013/03/a-week.json: cannot be read" in dev.log
    page = parse_html((tmp_path / "dev" / POST_URL / "index.html").read_text(encoding="utf-8"))
    assert page.find("section", class_="old-comments") is None
    published = run_pelican(tmp_path / "pub", "publishconf.py", content=content_copy)
    assert published.returncode != 0
    assert "a-week.json: cannot be read" in published.log


def test_without_an_import_only_the_aliases_are_written(content_copy: Path, tmp_path: Path) -> None:
    imported_content(content_copy, marker=False)
    build = run_pelican(tmp_path / "out", "publishconf.py", content=content_copy)
    assert build.returncode == 0, build.log
    assert (tmp_path / "out" / "2013" / "03" / "a-week.html").is_file()
    for blogger_only in ("search/label", "feeds/posts", "atom.xml", "rss.xml", "2013/03/index.html"):
        assert not (tmp_path / "out" / blogger_only).exists(), blogger_only


def test_a_draft_listing_with_empty_fields_gives_notices_and_publish_succeeds(
    content_copy: Path, tmp_path: Path
) -> None:
    (content_copy / "jobs" / "imported-role.md").write_text(
        "Title: Imported role\nDate: 2014-05-02 10:00:00-07:00\nAuthor: Priya Natarajan\nCompany:\n"
        "Location:\nApply:\nStatus: draft\n\nA role from the old blog.\n",
        encoding="utf-8",
    )
    build = run_pelican(tmp_path / "out", "publishconf.py", content=content_copy)
    assert build.returncode == 0, build.log
    assert re.search(r"jobs/imported-role\.md: Company: missing.*draft listing", build.log), build.log
    # A wrong value is still a problem, draft or not.
    (content_copy / "jobs" / "imported-role.md").write_text(
        "Title: Imported role\nDate: 2014-05-02\nAuthor: Priya\nCompany: Acme\nLocation: Austin, TX\n"
        "Apply: not a link\nStatus: draft\n\nA role.\n",
        encoding="utf-8",
    )
    assert run_pelican(tmp_path / "out2", "publishconf.py", content=content_copy).returncode != 0
