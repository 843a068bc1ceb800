"""Both Blogger export formats read into the import's model (plugins/blogger_import/export_formats.py).

The samples in tests/blogger_samples/ are invented text in the real structure of each format
(SOURCES.md there says what each structural fact rests on); each test below names the field it
checks, so a reader that loses a label, an offset or a reply fails here first.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
import zipfile
from dataclasses import asdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from blogger_import.export_formats import read_export  # noqa: E402
from blogger_import.model import BlogExport, Comment, Entry, ExportFormatError  # noqa: E402

SAMPLES = ROOT / "tests" / "blogger_samples"
# The typographic apostrophe (U+2019) Blogger keeps as typed, e.g. in EMBAUCHE.
APOSTROPHE = "\u2019"
EMBAUCHE = f"Entretien d{APOSTROPHE}embauche"
CLASSIC = SAMPLES / "backup-export.xml"
TAKEOUT = SAMPLES / "takeout-feed.atom"

CLASSIC_BLOG = "tag:blogger.com,1999:blog-7261839402718364519"
TAKEOUT_BLOG = "tag:blogger.com,1999:blog-5830217749261018273"
CLASSIC_SITE = "https://mira-hunts-jobs.blogspot.com"

# The 34 labels of the "everything I tracked" post, in the order both samples list them.
MANY_LABELS = [
    "job search", "applications", "networking", "LinkedIn", "cover letters", "CV", "interviews",
    "Café-Interviews", EMBAUCHE, "面试", "phone screens", "take-home tasks",
    "salary", "negotiation", "rejections", "follow-up", "recruiters", "referrals", "portfolio",
    "month one", "spreadsheets", "habits", "motivation", "Berlin", "Lyon", "remote work",
    "Vorstellungsgespräch", "entrevista de trabajo", "собеседование", "tips", "mistakes",
    "what worked", "C++ roles", "Q&A",
]  # fmt: skip


@pytest.fixture(scope="module")
def classic() -> BlogExport:
    return read_export(CLASSIC)


@pytest.fixture(scope="module")
def takeout() -> BlogExport:
    return read_export(TAKEOUT)


def entry_titled(export: BlogExport, title: str, path: str | None = None) -> Entry:
    matches = [
        entry for entry in export.entries if entry.title == title and (path is None or entry.old_path == path)
    ]
    assert len(matches) == 1, f"{len(matches)} entries titled {title!r} ({path})"
    return matches[0]


def skipped_reasons(export: BlogExport) -> dict[str, tuple[str, str]]:
    return {skipped.id: (skipped.what, skipped.reason) for skipped in export.skipped}


# --- the classic "Back up content" file --------------------------------------------------------


def test_classic_file_is_recognised_with_its_title_and_address(classic: BlogExport) -> None:
    assert classic.format == "blogger-backup"
    assert classic.title == "Notes from the Job Hunt"
    assert classic.blog_url == CLASSIC_SITE + "/"


def test_classic_posts_and_pages_in_export_order_with_kind_and_status(classic: BlogExport) -> None:
    assert [(entry.kind, entry.status, entry.title) for entry in classic.entries] == [
        ("post", "scheduled", "Thank-you notes, queued up"),
        ("post", "draft", "Salary numbers I'm not ready to share"),
        ("post", "live", "Why did I come in?"),
        ("post", "live", "Rejected after the final round"),
        ("post", "live", "My desk, week six"),
        ("post", "live", ""),
        ("post", "live", f"{EMBAUCHE} à Lyon, 面试 in Shenzhen"),
        ("post", "live", "Cover letter, version 14"),
        ("post", "live", "The spreadsheet that runs my search"),
        ("post", "live", "Everything I tracked in month one"),
        ("post", "live", "Why did I come in?"),
        ("page", "live", "About"),
    ]
    assert classic.entries[0].id == f"{CLASSIC_BLOG}.post-6631907275482213014"
    assert classic.entries[-1].id == f"{CLASSIC_BLOG}.page-5120938475610293847"
    assert {entry.author for entry in classic.entries} == {"Mira Okafor"}


def test_classic_dates_are_the_exports_own_strings_offsets_kept(classic: BlogExport) -> None:
    cover_letter = entry_titled(classic, "Cover letter, version 14")
    assert cover_letter.published == "2013-09-02T10:00:00.000-07:00"
    assert cover_letter.updated == "2014-01-15T16:22:08.731-08:00"
    lyon = entry_titled(classic, f"{EMBAUCHE} à Lyon, 面试 in Shenzhen")
    assert (lyon.published, lyon.updated) == (
        "2013-10-01T09:30:00.000+02:00",
        "2013-10-01T09:41:27.902+02:00",
    )


def test_classic_labels_all_kept_in_order_with_case_and_script(classic: BlogExport) -> None:
    assert entry_titled(classic, "Everything I tracked in month one").labels == MANY_LABELS
    assert entry_titled(classic, f"{EMBAUCHE} à Lyon, 面试 in Shenzhen").labels == [
        EMBAUCHE,
        "面试",
        "Café-Interviews",
        "Lyon",
    ]
    assert entry_titled(classic, "About").labels == []


def test_classic_old_addresses_are_the_alternate_links(classic: BlogExport) -> None:
    addresses = {(entry.title, entry.old_path): entry.old_url for entry in classic.entries}
    assert addresses[("Why did I come in?", "/2013/03/why-did-i-come-in.html")] == (
        f"{CLASSIC_SITE}/2013/03/why-did-i-come-in.html"
    )
    assert addresses[("Why did I come in?", "/2014/05/why-did-i-come-in.html")] == (
        f"{CLASSIC_SITE}/2014/05/why-did-i-come-in.html"
    )
    assert addresses[("About", "/p/about.html")] == f"{CLASSIC_SITE}/p/about.html"
    assert addresses[("", "/2013/11/blog-post.html")] == f"{CLASSIC_SITE}/2013/11/blog-post.html"
    # A draft never had an address.
    draft = entry_titled(classic, "Salary numbers I'm not ready to share")
    assert (draft.old_path, draft.old_url) == (None, None)
    # The scheduled post already has the address it will have.
    assert (
        entry_titled(classic, "Thank-you notes, queued up").old_path
        == "/2014/06/thank-you-notes-queued-up.html"
    )


def test_classic_html_is_unescaped_once_and_otherwise_untouched(classic: BlogExport) -> None:
    desk = entry_titled(classic, "My desk, week six")
    assert desk.html.startswith(
        '<div class="separator" style="clear: both;"><a href="https://blogger.googleusercontent.com/'
    )
    assert "/s1600/desk.jpg" in desk.html and "/s320/desk.jpg" in desk.html
    spreadsheet = entry_titled(classic, "The spreadsheet that runs my search").html
    assert spreadsheet.startswith('<div dir="ltr" style="text-align: left;" trbidi="on">')
    for fragment in (
        "<table border=",
        "<td>Café Méridien</td>",
        "<li>where I applied&nbsp;and when</li>",
        '<iframe allowfullscreen="" class="YOUTUBE-iframe-video"',
        '<span style="font-family: Arial, Helvetica, sans-serif;"></span><br />',
        "Tom &amp; Jerry-proof",
    ):
        assert fragment in spreadsheet
    first_day = entry_titled(classic, "Why did I come in?", "/2013/03/why-did-i-come-in.html")
    assert 'src="https://1.bp.blogspot.com/-abc/XYZ/AAAAAAAAAAA/def/s400/photo.png"' in first_day.html
    assert entry_titled(classic, "", "/2013/11/blog-post.html").html.endswith(
        "Two applications, no answers.<br /></div>"
    )


def test_classic_comments_are_on_their_post_oldest_first_with_the_reply(classic: BlogExport) -> None:
    post = entry_titled(classic, "Rejected after the final round")
    jonas, mira, anonymous = post.comments
    assert jonas == Comment(
        id=f"{CLASSIC_BLOG}.post-3301874412098345561",
        post_id=post.id,
        author="Jonas Berg",
        author_url="https://www.blogger.com/profile/11850263347712093318",
        published="2014-02-12T21:02:11.482-08:00",
        html="Ask them which round decided it. Most panels will tell you if you ask within a day."
        "<br /><br />&mdash; Jonas, recruiter",
        in_reply_to=None,
    )
    assert (mira.author, mira.in_reply_to, mira.post_id) == ("Mira Okafor", jonas.id, post.id)
    assert anonymous.author == "Anonymous"
    assert anonymous.author_url is None
    # The body is kept as written (the importer sanitises it); the link and address are in it.
    assert '<a href="https://example.org/interview-checklist" rel="nofollow">' in anonymous.html
    assert "jobseeker77@example.com" in anonymous.html
    assert all(not entry.comments for entry in classic.entries if entry is not post)


def test_classic_settings_template_deleted_and_orphan_comments_are_skipped(classic: BlogExport) -> None:
    reasons = skipped_reasons(classic)
    assert reasons[f"{CLASSIC_BLOG}.layout"] == ("template", "the blog's theme (template), not content")
    assert [key for key, (what, _) in reasons.items() if what == "settings"] == [
        f"{CLASSIC_BLOG}.settings.BLOG_NAME",
        f"{CLASSIC_BLOG}.settings.BLOG_DESCRIPTION",
        f"{CLASSIC_BLOG}.settings.BLOG_TIME_ZONE",
        f"{CLASSIC_BLOG}.settings.BLOG_LOCALE",
    ]
    assert reasons[f"{CLASSIC_BLOG}.post-8864120937765012983"] == ("comment", "deleted on Blogger")
    assert reasons[f"{CLASSIC_BLOG}.post-2209384756610293344"] == ("comment", "its post is not in the export")
    assert len(classic.skipped) == 7


# --- Google Takeout's feed.atom -----------------------------------------------------------------


def test_takeout_file_is_recognised_and_has_no_blog_address(takeout: BlogExport) -> None:
    assert takeout.format == "google-takeout"
    assert takeout.title == "Berg Talent Notes"
    assert takeout.blog_url is None
    assert all(entry.old_url is None for entry in takeout.entries)


def test_takeout_posts_and_pages_with_kind_and_status(takeout: BlogExport) -> None:
    assert [(entry.kind, entry.status, entry.title) for entry in takeout.entries] == [
        ("post", "scheduled", "Five follow-up e-mails, ready for Monday"),
        ("post", "draft", "Counter-offers: when to walk away"),
        ("post", "live", "Why did I come in?"),
        ("post", "live", "面试 prep: the five questions I always ask"),
        ("post", "live", f"{EMBAUCHE} : ce que je regarde"),
        ("post", "live", ""),
        ("post", "live", "The recruiter's desk"),
        ("post", "live", "Why a CV should be one page"),
        ("post", "live", "A spreadsheet for candidates"),
        ("post", "live", "Everything a candidate can track"),
        ("post", "live", "Why did I come in?"),
        ("page", "live", "About"),
        ("page", "draft", "Work with me"),
    ]
    assert {entry.author for entry in takeout.entries} == {"Jonas Berg"}


def test_takeout_dates_paths_and_labels(takeout: BlogExport) -> None:
    cv = entry_titled(takeout, "Why a CV should be one page")
    assert (cv.published, cv.updated) == ("2013-09-02T17:00:00Z", "2014-01-16T00:22:08.731Z")
    assert cv.old_path == "/2013/09/why-a-cv-should-be-one-page.html"
    assert entry_titled(takeout, "Everything a candidate can track").labels == MANY_LABELS
    assert entry_titled(takeout, "面试 prep: the five questions I always ask").labels == [
        "面试",
        "interviews",
        "questions",
    ]
    # Blogger's "Search description" of a post; most posts have none.
    five = entry_titled(takeout, "面试 prep: the five questions I always ask")
    assert five.description == "Five questions every candidate should ask at the end of an interview."
    assert cv.description is None
    assert entry_titled(takeout, "About").old_path == "/p/about.html"
    paths = sorted(entry.old_path for entry in takeout.entries if entry.title == "Why did I come in?")
    assert paths == ["/2013/03/why-did-i-come-in.html", "/2014/05/why-did-i-come-in.html"]
    # A draft with no published date keeps its creation time, and has no address yet.
    draft = entry_titled(takeout, "Counter-offers: when to walk away")
    assert (draft.published, draft.old_path, draft.labels) == (
        "2024-02-27T21:04:13.009Z",
        None,
        ["negotiation", "salary"],
    )
    assert entry_titled(takeout, "The recruiter's desk").html.startswith('<div class="separator"')
    assert "<iframe allowfullscreen" in entry_titled(takeout, "A spreadsheet for candidates").html


def test_takeout_comments_thread_and_reply(takeout: BlogExport) -> None:
    post = entry_titled(takeout, "面试 prep: the five questions I always ask")
    priya, jonas, anonymous = post.comments
    assert priya.id == f"{TAKEOUT_BLOG}.post-2093847561029384756"
    assert (priya.author, priya.author_url) == (
        "Priya Raman",
        "https://www.blogger.com/profile/09984412377610283345",
    )
    assert priya.published == "2014-02-11T09:12:40.118Z"
    assert (
        priya.html
        == "I always forget the last one. Asking &quot;what happens next&quot; saved me a week of waiting."
    )
    assert (jonas.author, jonas.in_reply_to) == ("Jonas Berg", priya.id)
    # Its name was an e-mail address: shown as Anonymous, and a mailto: is no web address.
    assert (anonymous.author, anonymous.author_url) == ("Anonymous", None)
    assert '<a href="https://example.org/my-questions">' in anonymous.html
    assert {comment.post_id for comment in post.comments} == {post.id}
    other = entry_titled(takeout, "Why did I come in?", "/2014/05/why-did-i-come-in.html")
    assert [comment.html for comment in other.comments] == ["Same question here, every new job."]


def test_takeout_trash_deleted_spam_and_orphans_are_skipped(takeout: BlogExport) -> None:
    assert skipped_reasons(takeout) == {
        f"{TAKEOUT_BLOG}.post-9918273645501928374": ("post", "in the trash on Blogger"),
        f"{TAKEOUT_BLOG}.post-1029384756473829101": ("comment", "deleted on Blogger"),
        f"{TAKEOUT_BLOG}.post-3847561029384756129": ("comment", "marked as spam on Blogger"),
        f"{TAKEOUT_BLOG}.post-6102938475610293847": (
            "comment",
            "its post is not imported (in the trash on Blogger)",
        ),
        f"{TAKEOUT_BLOG}.post-8475610293847561020": ("comment", "its post is not in the export"),
    }


def test_takeout_old_url_is_the_blog_address_plus_the_filename_when_the_file_gives_one(
    tmp_path: Path,
) -> None:
    text = TAKEOUT.read_text(encoding="utf-8")
    with_link = text.replace(
        "  <title>Berg Talent Notes</title>\n",
        "  <title>Berg Talent Notes</title>\n  <link rel='alternate' type='text/html' href='https://berg.example.org/'/>\n",
    )
    assert with_link != text
    (tmp_path / "feed.atom").write_text(with_link, encoding="utf-8")
    export = read_export(tmp_path / "feed.atom")
    assert export.blog_url == "https://berg.example.org/"
    assert entry_titled(export, "About").old_url == "https://berg.example.org/p/about.html"
    assert entry_titled(export, "Counter-offers: when to walk away").old_url is None

    # No feed link, but an entry's own link whose path is its filename: that is the blog.
    entry_link = text.replace(
        "    <blogger:filename>/p/about.html</blogger:filename>\n    <link/>\n",
        "    <blogger:filename>/p/about.html</blogger:filename>\n"
        "    <link rel='alternate' type='text/html' href='http://jobs.berg.example.org/p/about.html'/>\n",
    )
    assert entry_link != text
    (tmp_path / "feed.atom").write_text(entry_link, encoding="utf-8")
    export = read_export(tmp_path / "feed.atom")
    assert export.blog_url == "http://jobs.berg.example.org/"
    assert entry_titled(export, "Why did I come in?", "/2013/03/why-did-i-come-in.html").old_url == (
        "http://jobs.berg.example.org/2013/03/why-did-i-come-in.html"
    )


# --- the same file, the same result ---------------------------------------------------------------


def test_reading_is_deterministic_across_runs_and_hash_seeds() -> None:
    code = (
        "import json, sys\nfrom dataclasses import asdict\nfrom pathlib import Path\n"
        f"sys.path.insert(0, {str(ROOT / 'plugins')!r})\n"
        "from blogger_import.export_formats import read_export\n"
        f"print(json.dumps([asdict(read_export(Path(p))) for p in ({str(CLASSIC)!r}, {str(TAKEOUT)!r})]))\n"
    )
    outputs = []
    for seed in ("1", "4242"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
        )
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    in_process = json.dumps([asdict(read_export(CLASSIC)), asdict(read_export(TAKEOUT))])
    assert json.loads(outputs[0]) == json.loads(in_process)


# --- files that are not Blogger exports -----------------------------------------------------------


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


NOT_EXPORTS: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "is empty"),
    "blank": (b"  \n\n", "is empty"),
    "html-page": (
        b"<!DOCTYPE html>\n<html><head><title>My blog</title></head><body><p>Hello<br></body></html>",
        "is a web page (HTML)",
    ),
    "xhtml-page": (
        b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>",
        "is a web page (HTML)",
    ),
    "rss-feed": (
        b"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Jobs</title>"
        b"<item><title>One</title></item></channel></rss>",
        "is an RSS feed",
    ),
    "wordpress-wxr": (
        b'<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        b'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><wp:wxr_version>1.2</wp:wxr_version>'
        b"</channel></rss>",
        "is a WordPress export (WXR)",
    ),
    "truncated": (CLASSIC.read_bytes()[:20_000], "cut off or incomplete"),
    "gzip": (gzip.compress(CLASSIC.read_bytes()), "gzip-compressed"),
    "zip": (zipped("Takeout/Blogger/Blogs/Notes/feed.atom", TAKEOUT.read_bytes()), "zip archive"),
    "latin-1-junk": (
        b"<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Caf\xe9 \xe0 Lyon</title></feed>",
        "is not UTF-8 text",
    ),
    "binary": (bytes(range(256)) * 4, "is a binary file"),
    "plain-text": (b"Notes from the job hunt, copied out by hand.\n", "is not XML"),
    "json": (b'{"posts": [{"title": "Why did I come in?"}]}', "is not XML"),
    "broken-xml": (
        b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><entry><title>x</entry></feed>",
        "is not well-formed XML (mismatched tag at line 1",
    ),
    "other-atom": (
        b"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><id>urn:x</id>"
        b"<title>Podcast</title><entry><id>urn:x:1</id><title>Episode 1</title></entry></feed>",
        "is an Atom feed, but not a Blogger export",
    ),
    "blogger-public-feed": (
        b"<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        b"<id>tag:blogger.com,1999:blog-7261839402718364519</id><title type='text'>Notes</title>"
        b"<entry><id>tag:blogger.com,1999:blog-7261839402718364519.post-1</id>"
        b"<published>2014-01-01T00:00:00.000-08:00</published>"
        b"<category scheme='http://www.blogger.com/atom/ns#' term='CV'/><title type='text'>x</title></entry></feed>",
        "is a Blogger blog's public feed",
    ),
    "empty-atom": (
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>Nothing</title></feed>",
        "with no entries",
    ),
    "unknown-encoding": (
        b"<?xml version='1.0' encoding='x-made-up'?><feed xmlns='http://www.w3.org/2005/Atom'/>",
        "could not be read as XML",
    ),
    "other-xml": (
        b"<?xml version='1.0'?><urlset><url><loc>https://x.example/</loc></url></urlset>",
        "root element is <urlset>",
    ),
}


@pytest.mark.parametrize("name", sorted(NOT_EXPORTS))
def test_anything_else_is_refused_with_a_message_naming_the_file(name: str, tmp_path: Path) -> None:
    data, expected = NOT_EXPORTS[name]
    path = tmp_path / f"{name}-blog-06-02-2014.xml"
    path.write_bytes(data)
    with pytest.raises(ExportFormatError) as raised:
        read_export(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "Expected a Blogger export" in message and "feed.atom" in message
    # Never a chained parser traceback: the message is the whole story.
    assert raised.value.__cause__ is None


def test_a_missing_file_and_a_folder_are_refused_plainly(tmp_path: Path) -> None:
    with pytest.raises(ExportFormatError, match=r"there is no such file"):
        read_export(tmp_path / "blog-01-01-2020.xml")
    with pytest.raises(ExportFormatError, match=r"is a folder, not a file"):
        read_export(tmp_path)


# --- odd but real-looking files -------------------------------------------------------------------

RAGGED_CLASSIC = """<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom' \
xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0'>\
<id>tag:blogger.com,1999:blog-9.archive</id><updated>2015-01-01T00:00:00.000Z</updated>\
<title type='text'>Ragged</title>\
<entry><id>tag:blogger.com,1999:blog-9.post-1</id><updated>2014-03-03T10:00:00.000+01:00</updated>\
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>\
<category scheme='http://www.blogger.com/atom/ns#' term=' Interviews '/>\
<category scheme='http://www.blogger.com/atom/ns#' term='Interviews'/>\
<category scheme='http://www.blogger.com/atom/ns#' term='interviews'/>\
<title type='text'>Don&amp;#39;t panic &amp; breathe</title><content type='html'>&lt;p&gt;x&lt;/p&gt;</content>\
<link rel='alternate' type='text/html' href='https://ragged.example.org/2014/03/don%27t-panic.html'/>\
<author><name>owner@example.org</name></author></entry>\
<entry><id>tag:blogger.com,1999:blog-9.post-2</id>\
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>\
<title type='text'>No date at all</title><content type='html'>x</content></entry>\
<entry><published>2014-01-01T00:00:00.000Z</published>\
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>\
<title type='text'>No id</title></entry>\
<entry><id>tag:blogger.com,1999:blog-9.post-3</id><published>2014-01-01T00:00:00.000Z</published>\
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#poll'/>\
<title type='text'>A poll</title></entry>\
<entry><id>tag:blogger.com,1999:blog-9.post-4</id><published>2014-01-01T00:00:00.000Z</published>\
<title type='text'>Untyped</title></entry>\
<entry><id>tag:blogger.com,1999:blog-9.post-1</id><published>2014-01-01T00:00:00.000Z</published>\
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>\
<title type='text'>Same id again</title></entry>\
<entry><id>tag:blogger.com,1999:blog-9.post-11</id><published>2014-03-04T08:00:00.000Z</published>\
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/>\
<content type='html'>listed first, written second</content>\
<author><name>Ada</name><uri>mailto:ada@example.org</uri></author>\
<thr:in-reply-to ref='tag:blogger.com,1999:blog-9.post-1' href='https://ragged.example.org/2014/03/don%27t-panic.html'/></entry>\
<entry><id>tag:blogger.com,1999:blog-9.post-12</id><published>2014-03-04T09:30:00.000+02:00</published>\
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/>\
<content type='html'>written first</content><author><name>  </name></author>\
<thr:in-reply-to ref='tag:blogger.com,1999:blog-9.post-1'/></entry>\
<entry><id>tag:blogger.com,1999:blog-9.post-13</id><updated>2014-03-05T08:00:00.000Z</updated>\
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/>\
<content type='html'>no published date, only updated; found by the post's address</content>\
<thr:in-reply-to href='https://ragged.example.org/2014/03/don%27t-panic.html'/></entry>\
<entry><id>tag:blogger.com,1999:blog-9.post-14</id><published>2014-03-05T08:00:00.000Z</published>\
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/>\
<content type='html'>This comment has been removed by a blog administrator.</content>\
<thr:in-reply-to ref='tag:blogger.com,1999:blog-9.post-1'/></entry>\
<entry><id>tag:blogger.com,1999:blog-9.post-15</id><published>2014-03-05T08:00:00.000Z</published>\
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/>\
<content type='html'>on a post that is gone</content>\
<thr:in-reply-to ref='tag:blogger.com,1999:blog-9.post-999'/></entry>\
</feed>"""


def test_a_ragged_classic_file_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    path = tmp_path / "blog-01-01-2015.xml"
    path.write_text(RAGGED_CLASSIC, encoding="utf-8")
    export = read_export(path)
    [post] = export.entries
    # No published date: its updated date stands in, verbatim.
    assert (post.published, post.updated) == (
        "2014-03-03T10:00:00.000+01:00",
        "2014-03-03T10:00:00.000+01:00",
    )
    assert post.title == "Don't panic & breathe"
    assert post.labels == ["Interviews", "interviews"]
    assert post.author is None  # an e-mail address is never shown as a name
    assert post.old_path == "/2014/03/don%27t-panic.html"  # percent-escapes kept, as Blogger served it
    assert [(comment.html, comment.author, comment.author_url) for comment in post.comments] == [
        ("written first", "Anonymous", None),
        ("listed first, written second", "Ada", None),
        ("no published date, only updated; found by the post's address", "Anonymous", None),
    ]
    assert post.comments[2].published == "2014-03-05T08:00:00.000Z"
    assert skipped_reasons(export) == {
        "tag:blogger.com,1999:blog-9.post-2": (
            "post",
            "it has no date (no published, created or updated time)",
        ),
        "entry 3 in the file": ("post", "it has no id"),
        "tag:blogger.com,1999:blog-9.post-3": ("poll", "a kind of entry the import does not use (poll)"),
        "tag:blogger.com,1999:blog-9.post-1": ("post", "its id appears earlier in the export"),
        "tag:blogger.com,1999:blog-9.post-14": ("comment", "deleted on Blogger"),
        "tag:blogger.com,1999:blog-9.post-15": ("comment", "its post is not in the export"),
        "tag:blogger.com,1999:blog-9.post-4": (
            "entry",
            "Blogger did not say whether it is a post, a page or a comment",
        ),
    }


def takeout_entry(
    number: str,
    entry_type: str,
    status: str | None,
    body: str = "",
    published: str = "2014-01-01T00:00:00Z",
    extra: str = "",
) -> str:
    status_line = f"<blogger:status>{status}</blogger:status>" if status is not None else ""
    return (
        f"<entry><id>tag:blogger.com,1999:blog-7.post-{number}</id>{extra}<blogger:type>{entry_type}</blogger:type>"
        f"{status_line}<author><name>Jonas</name><uri></uri><blogger:type>BLOGGER</blogger:type></author>"
        f"<title>Entry {number}</title><content type='html'>{body}</content>"
        f"<blogger:created>2013-12-31T23:00:00.000Z</blogger:created><published>{published}</published>"
        f"<updated>2014-01-01T00:00:01.000Z</updated></entry>"
    )


def test_a_ragged_takeout_file_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    post = "tag:blogger.com,1999:blog-7.post-1"
    entries = [
        # No status at all, a filename without its slash, labels joined into one term.
        takeout_entry(
            "1", "POST", None,
            extra="",
        ).replace(
            "</content>",
            "</content><category scheme='tag:blogger.com,1999:blog-7' term='CV&#10;Interviews&#10;CV'/>"
            "<blogger:filename>2014/01/entry-1.html</blogger:filename>",
        ),
        takeout_entry("2", "POST", "LIVE", published="2099-01-01T00:00:00Z"),  # live, however far ahead
        takeout_entry("3", "POST", "ARCHIVED"),  # unknown state: kept, never published
        takeout_entry("4", "QUESTION", "LIVE"),
        takeout_entry("5", "COMMENT", "LIVE", "top", extra=f"<blogger:parent>{post}</blogger:parent><blogger:inReplyTo/>"),
        # A reply given by number only, and one whose parent is the comment itself (older readers' guess).
        takeout_entry(
            "6", "COMMENT", "LIVE", "reply by number", published="2014-01-02T00:00:00Z",
            extra=f"<blogger:parent>{post}</blogger:parent><blogger:inReplyTo>5</blogger:inReplyTo>",
        ),
        takeout_entry(
            "7", "COMMENT", "LIVE", "parent is a comment", published="2014-01-03T00:00:00Z",
            extra="<blogger:parent>tag:blogger.com,1999:blog-7.post-6</blogger:parent>",
        ),
        takeout_entry("8", "COMMENT", "PENDING", "awaiting", extra=f"<blogger:parent>{post}</blogger:parent>"),
        takeout_entry(
            "9", "COMMENT", "LIVE", "trashed comment",
            extra=f"<blogger:parent>{post}</blogger:parent>",
        ).replace("</entry>", "<blogger:trashed>2014-02-02T00:00:00Z</blogger:trashed></entry>"),
        takeout_entry("10", "COMMENT", "LIVE", "orphan", extra="<blogger:parent>tag:blogger.com,1999:blog-7.post-77</blogger:parent>"),
    ]  # fmt: skip
    path = tmp_path / "feed.atom"
    path.write_text(
        "<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom' "
        "xmlns:blogger='http://schemas.google.com/blogger/2018'><id>tag:blogger.com,1999:blog-7</id>"
        "<title>Ragged</title>" + "".join(entries) + "</feed>",
        encoding="utf-8",
    )
    export = read_export(path)
    assert export.format == "google-takeout"
    assert [(entry.title, entry.status) for entry in export.entries] == [
        ("Entry 1", "live"),
        ("Entry 2", "live"),
        ("Entry 3", "draft"),
    ]
    first = export.entries[0]
    assert first.labels == ["CV", "Interviews"]
    assert first.old_path == "/2014/01/entry-1.html"
    assert [(comment.html, comment.in_reply_to) for comment in first.comments] == [
        ("top", None),
        ("reply by number", "tag:blogger.com,1999:blog-7.post-5"),
        ("parent is a comment", "tag:blogger.com,1999:blog-7.post-6"),
    ]
    assert skipped_reasons(export) == {
        "tag:blogger.com,1999:blog-7.post-4": (
            "question",
            "a kind of entry the import does not use (QUESTION)",
        ),
        "tag:blogger.com,1999:blog-7.post-8": ("comment", "never approved on Blogger (awaiting moderation)"),
        "tag:blogger.com,1999:blog-7.post-9": ("comment", "in the trash on Blogger"),
        "tag:blogger.com,1999:blog-7.post-10": ("comment", "its post is not in the export"),
    }


def test_a_trimmed_export_using_app_without_declaring_it_is_still_read(tmp_path: Path) -> None:
    # Pelican's own sample export (pelican/tests/content/bloggerexport.xml) is shaped like this.
    path = tmp_path / "bloggerexport.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<?xml-stylesheet href="https://www.blogger.com/styles/atom.css" type="text/css"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:gd="http://schemas.google.com/g/2005">\n'
        ' <id>tag:blogger.com,1999:blog-63.archive\n </id>\n <title type="text">Notes </title>\n'
        " <entry>\n  <id>tag:blogger.com,1999:blog-63.post-12</id>\n"
        "  <published>2010-11-27T08:21:00.000-08:00</published>\n"
        "  <app:control>\n   <app:draft>yes</app:draft>\n  </app:control>\n"
        '  <category scheme="http://schemas.google.com/g/2005#kind" term="http://schemas.google.com/blogger/2008/kind#post"/>\n'
        '  <title type="text">Black as Egypt\'s Night</title>\n  <content type="html">Write next story here</content>\n'
        " </entry>\n</feed>\n",
        encoding="utf-8",
    )
    export = read_export(path)
    assert export.title == "Notes"
    assert [(entry.title, entry.status, entry.html) for entry in export.entries] == [
        ("Black as Egypt's Night", "draft", "Write next story here")
    ]


def test_pelicans_own_trimmed_real_export_is_read_as_blogger_wrote_it() -> None:
    """pelican/tests/content/bloggerexport.xml, installed with Pelican: a real Blogger
    export (trimmed), read as it is, byte for byte."""
    import pelican

    export = read_export(Path(pelican.__file__).parent / "tests" / "content" / "bloggerexport.xml")
    assert export.format == "blogger-backup"
    assert export.blog_url == "http://youngdoctornotes.blogspot.com/"
    entries = {(entry.kind, entry.title): entry for entry in export.entries}
    assert set(entries) == {
        ("post", "The Steel Windpipe"),
        ("post", "Black as Egypt's Night"),
        ("page", "Test page"),
        ("page", "Test page 2"),
    }
    windpipe = entries[("post", "The Steel Windpipe")]
    assert (windpipe.status, windpipe.old_path) == ("live", "/2010/11/the-steel-windpipe.html")
    assert windpipe.published == "2010-11-27T07:12:00.000-08:00"
    assert len(windpipe.comments) == 1
    assert entries[("post", "Black as Egypt's Night")].status == "draft"
    assert entries[("page", "Test page")].old_path == "/p/test-page.html"
    reasons = [skipped.what for skipped in export.skipped]
    assert reasons.count("settings") == 58 and reasons.count("template") == 1


# --- a large export ---------------------------------------------------------------------------


COMMENT_IDS = 10_000_000


def write_large_classic_export(path: Path, posts: int, labels_per_post: int, comments_per_post: int) -> None:
    blog = "tag:blogger.com,1999:blog-5"
    kind = "<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#{}'/>"
    body = (
        '&lt;div dir="ltr"&gt;'
        + "A paragraph about the job search, written out at length. " * 8
        + "&lt;/div&gt;"
    )
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom' "
            "xmlns:thr='http://purl.org/syndication/thread/1.0'>"
            f"<id>{blog}.archive</id><updated>2020-01-01T00:00:00.000Z</updated><title type='text'>Big</title>"
            "<link rel='alternate' type='text/html' href='https://big.example.org/'/>"
        )
        for number in range(posts):
            labels = "".join(
                f"<category scheme='http://www.blogger.com/atom/ns#' term='label {(number + offset) % 300}'/>"
                for offset in range(labels_per_post)
            )
            out.write(
                f"<entry><id>{blog}.post-{number}</id><published>2015-01-01T00:00:00.000-08:00</published>"
                f"<updated>2015-01-02T00:00:00.000-08:00</updated>{kind.format('post')}{labels}"
                f"<title type='text'>Post {number}</title><content type='html'>{body}</content>"
                f"<link rel='alternate' type='text/html' href='https://big.example.org/2015/01/post-{number}.html'/>"
                "<author><name>Owner</name><email>noreply@blogger.com</email></author></entry>"
            )
        for number in range(posts * comments_per_post):
            post = number % posts
            # Every comment after the first round answers the first-round comment on its post.
            reply = (
                "<link rel='related' type='application/atom+xml' "
                f"href='https://www.blogger.com/feeds/5/{post}/comments/default/{COMMENT_IDS + number - posts}'/>"
                if number >= posts
                else ""
            )
            out.write(
                f"<entry><id>{blog}.post-{COMMENT_IDS + number}</id><published>2015-02-01T00:00:00.{number % 1000:03d}-08:00</published>"
                f"{kind.format('comment')}<content type='html'>Comment {number}: good luck!</content>{reply}"
                f"<author><name>Reader {number}</name><email>noreply@blogger.com</email></author>"
                f"<thr:in-reply-to ref='{blog}.post-{post}'/></entry>"
            )
        out.write("</feed>")


def test_a_large_export_is_streamed_not_loaded_whole(tmp_path: Path) -> None:
    path = tmp_path / "blog-large.xml"
    write_large_classic_export(path, posts=5_000, labels_per_post=20, comments_per_post=2)
    size = path.stat().st_size
    started = time.perf_counter()
    tracemalloc.start()
    try:
        export = read_export(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert len(export.entries) == 5_000
    assert sum(len(entry.comments) for entry in export.entries) == 10_000
    assert all(len(entry.labels) == 20 for entry in export.entries)
    replies = [comment for entry in export.entries for comment in entry.comments if comment.in_reply_to]
    assert len(replies) == 5_000
    assert replies[0].in_reply_to == f"tag:blogger.com,1999:blog-5.post-{COMMENT_IDS}"
    assert export.skipped == []
    # The result holds every body and label (about 0.8 times the file here); ElementTree's
    # whole-tree parse of the same file peaks at about 5.4 times its size.
    assert peak < size * 1.5, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB file"
    assert elapsed < 60
