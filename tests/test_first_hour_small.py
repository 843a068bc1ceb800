"""Issue 16, parts 5 and 8: metadata a user guesses, and the small things a first hour
runs into. `Labels:` for `Tags:`; `make post KIND=job` writing every listing field with
what each means; a filled role's facts; the open-roles feed's title; several remote
regions; a day that does not exist; the drafts index and banner.

Pure parts first, then real builds of the sample site with what a user would write.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import json
import re
import shutil
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import feedparser
import markdown
import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import (
    DRAFT_SLUG,
    DRAFT_TITLE,
    ROOT,
    SAMPLE_CONTENT,
    Build,
    QuietHandler,
    free_port,
    run_pelican,
)

sys.path.insert(0, str(ROOT / "plugins"))

from job_openings import author_left_blank
from job_openings.board import Fact, JobView
from job_openings.fields import LISTING_FIELDS
from job_openings.jsonld import job_posting
from job_openings.model import parse_listing, split_regions
from playwright.sync_api import Browser
from shortlist_core.content_checks import check_date_text, label_names, missing_day
from shortlist_core.metadata import known_fields, near_misses
from shortlist_drafts.drafts import draft_entries, index_place
from shortlist_tools import new_post
from shortlist_tools.new_post import KINDS, render

NOW = datetime.datetime(2026, 11, 20, 9, 5)


def plain(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


# --- 1. Labels: is Tags: -------------------------------------------------------------------


def test_labels_and_tags_give_every_label_once_in_the_order_written() -> None:
    assert label_names(None, "interviews, offers") == ["interviews", "offers"]
    assert label_names(["mindset", "offers"], "offers, interviews") == ["mindset", "offers", "interviews"]
    # Written on two lines, and `;` when a label holds a comma (as Pelican reads Tags).
    assert label_names(None, ["a, b", "c"]) == ["a", "b", "c"]
    assert label_names(None, "pay, benefits; offers") == ["pay, benefits", "offers"]
    assert label_names(None, " , ") == []


def test_labels_is_known_and_tag_still_gets_its_did_you_mean() -> None:
    known = known_fields({})
    assert near_misses(["labels", "Labels"], "x.md", known) == []
    (tag,) = near_misses(["tag"], "x.md", known)
    assert str(tag) == "x.md: Tag: not a known field, so it is ignored; did you mean `Tags`?"
    (label,) = near_misses(["label"], "x.md", known)
    assert str(label).endswith("did you mean `Labels`?")


# --- 6. a day that does not exist ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-11-31", "November has 30 days"),
        ("2026-11-31 14:30", "November has 30 days"),
        ("2026-04-31T09:00", "April has 30 days"),
        ("2026/06/31", "June has 30 days"),
        ("2026-02-29", "February 2026 has 28 days"),
        ("2028-02-30", "February 2028 has 29 days"),
        ("2026-13-01", "there is no month 13 (months are 1 to 12)"),
        ("2026-00-10", "there is no month 0 (months are 1 to 12)"),
        ("2026-11-00", "there is no day 0"),
        ("2028-02-29", None),
        ("2026-11-30 23:59", None),
        ("last tuesday", None),  # not written year first: other checks say what is wrong
        ("11/31/2026", None),
    ],
)
def test_a_day_that_does_not_exist_is_named(text: str, reason: str | None) -> None:
    assert missing_day(text) == reason


def test_a_date_field_says_the_day_does_not_exist_not_that_the_year_is_missing() -> None:
    problem = check_date_text("2026-11-31", "reflections/x.md", "Date")
    assert problem is not None
    assert str(problem) == "reflections/x.md: Date: '2026-11-31' is not a date: November has 30 days"
    assert "four-digit" not in str(problem)
    vague = check_date_text("last tuesday", "reflections/x.md", "Date")
    assert vague is not None and "is not a full date; expected a date with a four-digit year" in str(vague)
    assert check_date_text("2026-11-30", "reflections/x.md", "Date") is None


# --- 3 and 5. a listing's facts and regions --------------------------------------------------


def listing(**changes: object):
    fields: dict[str, object] = {
        "title": "Staff Engineer",
        "date": datetime.datetime(2026, 11, 1, 9, 0),
        "company": "Acme Freight",
        "location": "Chicago, IL",
        "closes": "2026-12-31",
        "apply": "https://acme.example.com/jobs/1",
    }
    fields.update(changes)
    parsed, problems = parse_listing({k: v for k, v in fields.items() if v is not None}, "jobs/x.md")
    assert problems == [] and parsed is not None
    return parsed


def test_a_filled_role_says_filled_not_applications_closed_on_a_day_ahead() -> None:
    today = datetime.date(2026, 12, 1)
    filled_on = listing(filled="2026-11-10")
    view = JobView(filled_on, SimpleNamespace(), filled_on.status(today))
    assert view.deadline == Fact("Filled", "November 10, 2026", "2026-11-10")
    filled = listing(filled="yes")
    assert JobView(filled, SimpleNamespace(), filled.status(today)).deadline == Fact("Status", "Filled")
    open_role = listing()
    assert JobView(open_role, SimpleNamespace(), "open").deadline == Fact(
        "Applications close", "December 31, 2026", "2026-12-31"
    )
    closed = listing(closes="2026-11-30")
    assert JobView(closed, SimpleNamespace(), closed.status(today)).deadline == Fact(
        "Applications closed", "November 30, 2026", "2026-11-30"
    )


def test_remote_regions_are_split_on_commas_and_semicolons_only() -> None:
    assert split_regions("US, Canada") == ("US", "Canada")
    assert split_regions("US; Canada; US") == ("US", "Canada")
    assert split_regions("Trinidad and Tobago") == ("Trinidad and Tobago",)
    assert split_regions(None) == () and split_regions(" , ") == ()


def test_several_regions_are_one_country_each_and_read_with_or() -> None:
    two = listing(remote="yes", location=None, **{"remote-region": "US, Canada"})
    assert two.where == "Remote (US or Canada)"
    data = job_posting(two, "<p>About.</p>", "https://x.example.org/jobs/x/")
    assert data["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "US"},
        {"@type": "Country", "name": "Canada"},
    ]
    three = listing(remote="yes", location=None, **{"remote-region": "US, Canada, Mexico"})
    assert three.where == "Remote (US, Canada or Mexico)"
    one = listing(remote="yes", location=None, **{"remote-region": "US"})
    assert job_posting(one, "", "u")["applicantLocationRequirements"] == {"@type": "Country", "name": "US"}


def test_remote_yes_with_only_commas_for_a_region_is_missing_a_region() -> None:
    _, problems = parse_listing(
        {
            "title": "x",
            "date": datetime.datetime(2026, 11, 1),
            "company": "Acme",
            "remote": "yes",
            "remote-region": ",",
            "apply": "https://acme.example.com/",
        },
        "jobs/x.md",
    )
    assert [p.field for p in problems] == ["Remote-region"]


# --- 2. make post --------------------------------------------------------------------------------

MARKDOWN_SETTINGS = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.meta", "markdown.extensions.toc"],
    "output_format": "html5",
}


def header_and_body(text: str) -> tuple[list[str], str]:
    header, _, body = text.partition("\n\n")
    return header.splitlines(), body


def test_a_new_listing_has_every_listing_field_in_its_header_and_no_comment_there() -> None:
    _, text = render("job", "Senior Product Designer", NOW, "draft", author="Priya Natarajan")
    header, body = header_and_body(text)
    names = [line.split(":", 1)[0] for line in header]
    assert names[:4] == ["Title", "Date", "Status", "Author"]
    assert {rule.name for rule in LISTING_FIELDS} <= set(names)
    assert "Author: Priya Natarajan" in header
    assert "Remote: no" in header and "Remote-region:" in header
    assert not any(line.lstrip().startswith("#") for line in header)
    # Every field is explained under the fields, and what must be filled is said first.
    notes = [line for line in body.splitlines() if line.startswith("[//]: # (")]
    assert notes and all(line.endswith(")") for line in notes)
    assert "TO FILL IN" in notes[1] and all(f in notes[1] for f in ("Author", "Company", "Apply", "Location"))
    for rule in LISTING_FIELDS:
        assert any(note.startswith(f"[//]: # ({rule.name}:") for note in notes), rule.name


def test_without_a_recruiter_set_the_author_line_is_left_to_fill_in() -> None:
    _, text = render("job", "Senior Product Designer", NOW, "draft")
    header, _ = header_and_body(text)
    assert "Author:" in header


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_markdown_reads_every_field_and_shows_no_note(kind: str) -> None:
    """What Pelican's Markdown reader (the meta extension) makes of a new file."""
    _, text = render(kind, "Week one", NOW, "draft", author="Priya Natarajan")
    md = markdown.Markdown(**MARKDOWN_SETTINGS)
    html = md.convert(text)
    header, _ = header_and_body(text)
    assert list(md.Meta) == [line.split(":", 1)[0].lower() for line in header]
    assert "[//]" not in html and "Notes from make post" not in html and "<h1" not in html


def test_a_hash_line_among_the_fields_would_end_them_so_the_notes_are_not_there() -> None:
    """Why the notes are not `# ...` lines among the fields: Python-Markdown's metadata
    ends at the first line that is not `Name: value`, and the rest becomes the post."""
    md = markdown.Markdown(**MARKDOWN_SETTINGS)
    html = md.convert("Title: x\n# Salary: optional\nApply: https://a.example/\n\nBody.\n")
    assert list(md.Meta) == ["title"]
    assert "<h1" in html and "Apply:" in html


def test_make_post_takes_the_recruiter_and_open_days_from_the_settings(tmp_path: Path) -> None:
    settings = tmp_path / "conf.py"
    settings.write_text('JOBS_AUTHOR = "Priya Natarajan"\nJOBS_OPEN_DAYS = 45\n', encoding="utf-8")
    content = tmp_path / "content"
    argv = [
        "--kind",
        "job",
        "--title",
        "Data Analyst",
        "--content",
        str(content),
        "--settings",
        str(settings),
    ]
    assert new_post.main(argv) == 0
    text = (content / "jobs/data-analyst.md").read_text(encoding="utf-8")
    assert "\nAuthor: Priya Natarajan\n" in text
    closes = re.search(r"^Closes: (\S+)$", text, re.MULTILINE)
    date = re.search(r"^Date: (\S+)", text, re.MULTILINE)
    assert closes and date
    days = datetime.date.fromisoformat(closes[1]) - datetime.date.fromisoformat(date[1])
    assert days.days == 45 and "open 45 days after Date" in text


def test_an_author_line_left_empty_is_told_apart_from_none_or_a_name() -> None:
    from pelican.urlwrappers import Author

    assert author_left_blank({"author": object()})  # what Pelican's reader makes of `Author:`
    assert author_left_blank({"author": "  "})
    assert not author_left_blank({})
    assert not author_left_blank({"author": "Priya"})
    assert not author_left_blank({"author": Author("Priya", {"SLUGIFY_SOURCE": "basename"})})


# --- 7. the drafts index (pure) ------------------------------------------------------------------


def test_the_drafts_index_lives_in_the_folder_drafts_are_written_under() -> None:
    assert index_place("drafts/{slug}/", "drafts/{slug}/index.html") == ("drafts/", "drafts/index.html")
    assert index_place("preview/drafts/{date:%Y}/{slug}/", "x") == (
        "preview/drafts/",
        "preview/drafts/index.html",
    )
    assert index_place("", "") is None  # a publish build: drafts are not written
    assert index_place("drafts/{slug}/", "") is None
    assert index_place("{slug}-draft.html", "{slug}-draft.html") is None


def test_the_drafts_index_lists_written_drafts_newest_first_then_pages() -> None:
    def item(
        title: str, day: str | None, save_as: str = "x", category: str = "Reflections"
    ) -> SimpleNamespace:
        return SimpleNamespace(
            title=title,
            url=f"drafts/{title}/",
            save_as=save_as,
            category=category,
            source_path=f"/site/content/reflections/{title}.md",
            date=datetime.datetime.fromisoformat(day) if day else None,
        )

    posts = [
        item("old", "2026-10-01"),
        item("new", "2026-11-02"),
        item("unwritten", "2026-11-05", save_as=""),
    ]
    pages = [item("Zebra", None), item("about", None)]
    entries = draft_entries(posts, pages, "/site/content")
    assert [e.title for e in entries] == ["new", "old", "about", "Zebra"]
    assert entries[0].source == "reflections/new.md" and entries[0].day_label == "November 2, 2026"
    assert entries[2].kind == "Page" and entries[2].day_iso == ""


# --- real builds -----------------------------------------------------------------------------------

LABELS_POST = "Title: Labelled\nSlug: labelled\nDate: 2026-11-21\nLabels: interviews, offers\n\nBody.\n"
BOTH_POST = "Title: Both lists\nSlug: both-lists\nDate: 2026-11-22\nTags: mindset\nLabels: offers\n\nBody.\n"
FILLED_YES = (
    "Title: Filled without a day\nSlug: filled-yes\nDate: 2026-11-15\nCompany: Acme\nLocation: Austin, TX\n"
    "Closes: 2027-01-31\nFilled: yes\nApply: https://acme.example.com/jobs/2\n\nAbout the role.\n"
)


def make_post(content: Path, kind: str, title: str, settings: Path | None = None) -> Path:
    argv = ["--kind", kind, "--title", title, "--content", str(content)]
    if settings is not None:
        argv += ["--settings", str(settings)]
    assert new_post.main(argv) == 0
    folder, _ = KINDS[kind]
    (path,) = [p for p in (content / folder).glob("*.md") if title.split()[0].lower() in p.name]
    return path


def fill(path: Path, **values: str) -> None:
    """Fill in empty `Name:` lines, as a user would (`Remote_region` is Remote-region)."""
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        name = name.replace("_", "-")
        text, count = re.subn(rf"^{name}:.*$", f"{name}: {value}", text, count=1, flags=re.MULTILINE)
        assert count == 1, name
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def fresh_posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, one new post of each kind as `make post` writes it (a draft),
    the listing's blanks filled in with a remote role for two countries; and posts
    written with `Labels:` and a role filled before its closing day."""
    content = tmp_path_factory.mktemp("fresh") / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    make_post(content, "reflection", "Freshly reflected")
    make_post(content, "advice", "Freshly advised")
    job = make_post(content, "job", "Freshly posted role")
    fill(
        job,
        Author="Priya Natarajan",
        Company="Acme Freight",
        Remote="yes",
        Remote_region="US, Canada",
        Apply="https://acme.example.com/jobs/fresh",
    )
    (content / "reflections/labelled.md").write_text(LABELS_POST, encoding="utf-8")
    (content / "reflections/both-lists.md").write_text(BOTH_POST, encoding="utf-8")
    (content / "jobs/filled-yes.md").write_text(FILLED_YES, encoding="utf-8")
    (content / "pages/coming-soon.md").write_text(
        "Title: Coming soon\nStatus: draft\n\nA page not published yet.\n", encoding="utf-8"
    )
    return content


FRESH = {
    "reflection": "reflections/freshly-reflected",
    "advice": "advice/freshly-advised",
    "job": "jobs/freshly-posted-role",
}


@pytest.fixture(scope="module")
def drafts_build(fresh_posts: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """`make devserver DRAFTS=yes`: a development build that writes the drafts."""
    output = tmp_path_factory.mktemp("drafts") / "output"
    return run_pelican(output, "pelicanconf.py", fresh_posts, extra_env={"SHORTLIST_DRAFTS": "yes"})


@pytest.fixture(scope="module")
def published(fresh_posts: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The same posts changed to published, and `make publish` (strict: any problem fails)."""
    work = tmp_path_factory.mktemp("published")
    content = work / "content"
    shutil.copytree(fresh_posts, content)
    for page in FRESH.values():
        path = content / f"{page}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("Status: draft", "Status: published"))
    return run_pelican(work / "output", "publishconf.py", content)


def test_fresh_drafts_build_without_a_problem_once_filled(drafts_build: Build) -> None:
    assert drafts_build.returncode == 0, drafts_build.log
    assert "problems found" not in drafts_build.log and "problem" not in plain(drafts_build.log).lower(), (
        drafts_build.log
    )


@pytest.mark.parametrize("kind", sorted(FRESH))
def test_each_draft_page_carries_the_banner_and_noindex(drafts_build: Build, kind: str) -> None:
    slug = FRESH[kind].split("/")[1]
    page = drafts_build.html(f"drafts/{slug}/index.html")
    banner = page.select_one("main .draft-banner")
    assert banner is not None and plain(banner.get_text()) == "Draft: only you can see this; not published."
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    assert "Notes from make post" not in str(page) and "[//]" not in str(page)


def test_a_draft_page_carries_the_banner_too(drafts_build: Build, published: Build) -> None:
    page = drafts_build.html("drafts/pages/coming-soon/index.html")
    banner = page.select_one("main .draft-banner")
    assert banner is not None and plain(banner.get_text()) == "Draft: only you can see this; not published."
    assert not (published.output / "drafts").exists()
    assert all("Coming soon" not in p.read_text(encoding="utf-8") for p in published.html_files())


def test_the_drafts_index_links_every_draft(drafts_build: Build) -> None:
    index = drafts_build.html("drafts/index.html")
    links = {plain(a.get_text()): a["href"] for a in index.select("main .drafts-list a")}
    assert links == {
        "Freshly reflected": "/drafts/freshly-reflected/",
        "Freshly advised": "/drafts/freshly-advised/",
        "Freshly posted role": "/drafts/freshly-posted-role/",
        DRAFT_TITLE: f"/drafts/{DRAFT_SLUG}/",
        "Coming soon": "/drafts/pages/coming-soon/",
    }
    for href in links.values():
        assert (drafts_build.output / href.strip("/") / "index.html").exists()
    assert "reflections/freshly-reflected.md" in index.get_text()
    assert index.select_one("meta[name=robots]")["content"] == "noindex"
    assert index.select_one("main .draft-banner") is not None
    nav = {plain(a.get_text()): a for a in index.select("nav.site-nav a")}
    assert nav["Drafts"]["href"] == "/drafts/" and nav["Drafts"].get("aria-current") == "page"
    # A published post shows no banner.
    post = drafts_build.html("reflections/labelled/index.html")
    assert post.select_one(".draft-banner") is None


def test_published_fresh_posts_build_strictly(published: Build) -> None:
    assert published.returncode == 0, published.log
    for page in FRESH.values():
        html = published.html(f"{page}/index.html")
        assert html.select_one(".draft-banner") is None
        assert "Notes from make post" not in str(html)
    # A publish build writes no draft and no drafts index, and links to none.
    assert not (published.output / "drafts").exists()
    assert "Drafts" not in [
        plain(a.get_text()) for a in published.html("index.html").select("nav.site-nav a")
    ]


def test_the_new_listing_reads_by_the_recruiter_remote_for_two_countries(published: Build) -> None:
    page = published.html("jobs/freshly-posted-role/index.html")
    assert plain(page.select_one(".post-meta a[href*='/authors/']").get_text()) == "Priya Natarajan"
    facts = {
        plain(dt.get_text()): plain(dt.find_next_sibling("dd").get_text())
        for dt in page.select(".job-facts dt")
    }
    assert facts["Location"] == "Remote (US or Canada)"
    [posting] = [json.loads(s.string) for s in page.select("script[type='application/ld+json']")]
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "US"},
        {"@type": "Country", "name": "Canada"},
    ]


def test_labels_are_tags(published: Build) -> None:
    page = published.html("reflections/labelled/index.html")
    labels = [plain(a.get_text()) for a in page.select("a[href*='/labels/']") if a.find_parent("footer")]
    assert {"interviews", "offers"} <= set(labels)
    both = published.html("reflections/both-lists/index.html")
    both_labels = [plain(a.get_text()) for a in both.select("a[href*='/labels/']") if a.find_parent("footer")]
    assert {"mindset", "offers"} <= set(both_labels)
    offers = published.html("labels/offers/index.html")
    titles = [plain(a.get_text()) for a in offers.select("main .post-title a")]
    assert "Labelled" in titles and "Both lists" in titles
    assert "Labels" not in published.log  # no near-miss warning, no stray field


@pytest.mark.parametrize(
    ("page", "label", "text", "iso"),
    [
        ("jobs/design-systems-lead/index.html", "Filled", "November 10, 2026", "2026-11-10"),
        ("jobs/filled-yes/index.html", "Status", "Filled", None),
        (
            "jobs/ux-researcher-6-month-contract/index.html",
            "Applications closed",
            "October 23, 2026",
            "2026-10-23",
        ),
    ],
)
def test_a_filled_role_with_a_closing_day_ahead_says_filled(
    published: Build, page: str, label: str, text: str, iso: str | None
) -> None:
    html = published.html(page)
    facts = {plain(dt.get_text()): dt.find_next_sibling("dd") for dt in html.select(".job-facts dt")}
    assert "Applications closed" not in facts or label == "Applications closed"
    assert plain(facts[label].get_text()) == text
    time = facts[label].find("time")
    assert (time["datetime"] if time else None) == iso


def test_the_open_roles_feed_is_titled_once_with_the_site_name(published: Build) -> None:
    feed = feedparser.parse((published.output / "feeds/jobs-open.atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "Shortlist: open roles"
    assert "Freshly posted role" in [plain(e.title) for e in feed.entries]
    everything = feedparser.parse((published.output / "feeds/all.atom.xml").read_bytes())
    assert everything.feed.title == "Shortlist"  # other feeds keep Pelican's title


def test_an_unfilled_new_listing_names_what_to_fill_in(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    make_post(content, "job", "Unfilled role")
    build = run_pelican(tmp_path / "output", "pelicanconf.py", content)
    assert build.returncode == 0, build.log
    log = plain(build.log)
    # A new listing is a draft: what is left to fill in is named, and fails nothing
    # (an unfinished draft is not bad input), so publishing other posts still works.
    for field in ("Author", "Company", "Location", "Apply"):
        assert re.search(
            rf"content/jobs/unfilled-role\.md: {field}: missing.*\(a draft listing: fill it in before publishing\)",
            log,
        ), (field, build.log)
    assert "problems found" not in log
    published = run_pelican(tmp_path / "published", "publishconf.py", content)
    assert published.returncode == 0, published.log
    # Once it is no longer a draft, the same blanks are problems that fail publishing.
    role = content / "jobs" / "unfilled-role.md"
    role.write_text(role.read_text(encoding="utf-8").replace("Status: draft", "Status: published"))
    published = run_pelican(tmp_path / "published-2", "publishconf.py", content)
    assert published.returncode == 1 and "4 problems found" in plain(published.log), published.log


def test_jobs_author_names_the_recruiter_of_listings_without_an_author(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    (content / "jobs/filled-yes.md").write_text(FILLED_YES, encoding="utf-8")
    role = make_post(content, "job", "Blank author role")
    fill(role, Company="Acme", Location="Austin, TX", Apply="https://acme.example.com/3")
    role.write_text(role.read_text(encoding="utf-8").replace("Status: draft", "Status: published"))
    build = run_pelican(
        tmp_path / "output", "publishconf.py", content, extra_settings={"JOBS_AUTHOR": "Priya Natarajan"}
    )
    assert build.returncode == 0, build.log  # a blank Author: with JOBS_AUTHOR set is no problem
    for page in ("jobs/filled-yes/index.html", "jobs/blank-author-role/index.html"):
        author = build.html(page).select_one(".post-meta a[href*='/authors/']")
        assert plain(author.get_text()) == "Priya Natarajan", page
    # A listing that names its own author keeps it; a reflection is the site's AUTHOR's.
    reflection = build.html("reflections/a-week-with-two-interviews/index.html")
    assert plain(reflection.select_one(".post-meta a[href*='/authors/']").get_text()) == "Sam Ortega"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/drafts/", "/drafts/freshly-posted-role/"])
def test_the_drafts_pages_have_no_axe_violations(
    browser: Browser, axe: Axe, drafts_build: Build, path: str
) -> None:
    """The banner and the index in Chromium, light and dark."""
    port = free_port()
    handler = functools.partial(QuietHandler, directory=str(drafts_build.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for scheme in ("light", "dark"):
            page = browser.new_page(viewport={"width": 1024, "height": 900}, color_scheme=scheme)
            page.goto(f"http://127.0.0.1:{port}{path}")
            assert page.locator(".draft-banner").is_visible()
            results = axe.run(page)
            page.close()
            assert results.violations_count == 0, (scheme, results.generate_report())
    finally:
        server.shutdown()
        server.server_close()
