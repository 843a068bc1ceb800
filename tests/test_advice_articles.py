"""Advice articles: FAQ blocks and FAQPage data, reading time, contents, related reading,
and "Listen to this article" in Chromium."""

from __future__ import annotations

import json
import math
import shutil
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, SAMPLE_CONTENT, Build, ServedSite, run_pelican
from playwright.sync_api import Browser, Page

sys.path.insert(0, str(ROOT / "plugins"))

from advice_articles.article_data import FaqJsonLd, contents, faq_page, faq_pairs, related
from shortlist_core.jsonld import script_safe_json

TALKING = "advice/talking-about-past-failures-in-an-interview-without-underselling-yourself/index.html"
SECOND = "advice/why-did-i-come-in-second-what-a-close-rejection-really-means/index.html"


def plain(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def json_ld(build: Build, page: str, kind: str) -> list[dict]:
    scripts = build.html(page).select("script[type='application/ld+json']")
    return [data for data in (json.loads(s.string) for s in scripts) if data["@type"] == kind]


# --- FAQ ---------------------------------------------------------------------------


def test_faq_section_becomes_details_items(publish_site: Build) -> None:
    section = publish_site.html(TALKING).select_one("main .post-body section.faq")
    assert section is not None
    heading = section.find("h2")
    assert plain(heading.get_text()) == "Frequently asked questions"
    assert section["aria-labelledby"] == heading["id"]
    items = section.select("details.faq-item")
    assert len(items) == 3
    for item in items:
        assert item.select_one(":scope > summary").get_text().strip()
        assert item.select_one(":scope > div.faq-answer p") is not None
    assert plain(items[0].summary.get_text()).startswith("My résumé says")


def test_the_faq_json_ld_is_written_out_only_when_printed() -> None:
    """A post keeps its FAQ pairs, not the JSON-LD text (some 0.7 KB a post for the
    whole build); printed, it is the text made at once."""
    pairs = [("Why <this>?", '<p>Because & "so"</p>'), ("Et\u2028puis ?", "<p>é</p>")]
    lazy = FaqJsonLd(pairs)
    assert str(lazy) == script_safe_json(faq_page(pairs))
    assert f"{lazy}" == str(lazy)
    assert lazy and not FaqJsonLd([])
    assert not any(isinstance(getattr(lazy, name), str) for name in FaqJsonLd.__slots__)


def test_faq_page_json_ld_holds_the_same_pairs(publish_site: Build) -> None:
    [data] = json_ld(publish_site, TALKING, "FAQPage")
    page = publish_site.html(TALKING)
    questions = [plain(s.get_text()) for s in page.select("details.faq-item > summary")]
    assert [plain(q["name"]) for q in data["mainEntity"]] == questions
    first = data["mainEntity"][0]
    assert first["@type"] == "Question" and first["acceptedAnswer"]["@type"] == "Answer"
    assert "rollback" in first["acceptedAnswer"]["text"]
    assert json_ld(publish_site, "reflections/a-week-with-two-interviews/index.html", "FAQPage") == []


TRICKY = """Title: Tricky FAQ
Date: 2026-11-06 10:00
Tags: interviews

Why this article exists.

## FAQ

### What if a form says "`</script>`" in a field, José?

Then type `</script><script>alert(1)</script>` and the page stays safe, "quoted" and all.

### Is Ünïcödé fine?

Yes: naïve café.
"""


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("advice")
    content = work / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    (content / "advice/tricky.md").write_text(TRICKY, encoding="utf-8")
    (content / "advice/quiet.md").write_text(
        "Title: A quiet article\nDate: 2026-11-07\nListen: no\nTags: hiring\n\nNo listening here.\n",
        encoding="utf-8",
    )
    build = run_pelican(work / "output", "publishconf.py", content)
    assert build.returncode == 0, build.log
    return build


def test_faq_with_script_tags_quotes_and_non_ascii_is_escaped(tricky_site: Build) -> None:
    raw = (tricky_site.output / "advice/tricky-faq/index.html").read_text(encoding="utf-8")
    head = raw[: raw.index("</head>")]
    assert head.count("<script") == head.count("</script>")  # nothing broke out
    [data] = json_ld(tricky_site, "advice/tricky-faq/index.html", "FAQPage")
    names = [plain(q["name"]) for q in data["mainEntity"]]
    assert names[0] == "What if a form says “</script>” in a field, José?"
    assert names[1] == "Is Ünïcödé fine?"
    assert (
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        in data["mainEntity"][0]["acceptedAnswer"]["text"]
    )
    assert "naïve" in data["mainEntity"][1]["acceptedAnswer"]["text"]
    assert "café" in data["mainEntity"][1]["acceptedAnswer"]["text"]


def test_a_faq_heading_without_questions_is_a_warning_naming_the_file(
    content_copy: Path, tmp_path: Path
) -> None:
    (content_copy / "advice/empty-faq.md").write_text(
        "Title: Empty FAQ\nDate: 2026-11-08\n\nIntro.\n\n## FAQ\n\nNothing here yet.\n", encoding="utf-8"
    )
    build = run_pelican(tmp_path / "out", "pelicanconf.py", content_copy)
    assert build.returncode == 0
    log = " ".join(build.log.split())
    assert "content/advice/empty-faq.md: FAQ: the FAQ heading has no questions under it" in log
    publish = run_pelican(tmp_path / "publish", "publishconf.py", content_copy)
    assert publish.returncode == 1


def test_faq_pairs_from_html() -> None:
    html = (
        '<section class="faq"><h2 id="faq">FAQ</h2>\n<details class="faq-item" id="q">\n<summary>Why <em>now</em>?'
        '</summary>\n<div class="faq-answer">\n<p>Because.</p>\n</div>\n</details></section>'
    )
    assert faq_pairs(html) == [("Why now?", "<p>Because.</p>")]


# --- reading time, contents, related -----------------------------------------------


def test_reading_time_on_the_page_and_in_lists(publish_site: Build) -> None:
    page = publish_site.html(TALKING)
    words = len(page.select_one(".post-body").get_text(" ").split())
    expected = f"{math.ceil(words / 230)} min read"
    assert expected in plain(page.select_one(".post-header .post-meta").get_text())
    listing = publish_site.html("advice/index.html")
    assert expected in plain(listing.get_text())


def test_contents_link_every_section_of_a_long_article(publish_site: Build) -> None:
    page = publish_site.html(TALKING)
    links = page.select("nav.contents a")
    sections = page.select(".post-body h2[id]")
    assert len(links) == len(sections) >= 3
    assert [a["href"] for a in links] == [f"#{h['id']}" for h in sections]
    assert (
        publish_site.html("reflections/a-week-with-two-interviews/index.html").select_one("nav.contents")
        is None
    )


def test_contents_needs_three_sections() -> None:
    two = '<h2 id="a">A</h2><h2 id="b">B</h2>'
    assert contents(two) == []
    assert [s.id for s in contents(two + '<h2 id="c">C</h2>')] == ["a", "b", "c"]


def test_related_reading_and_neighbours_on_the_sample_site(publish_site: Build) -> None:
    page = publish_site.html(TALKING)
    assert [plain(a.get_text()) for a in page.select("section.related a")] == [
        "After the Harborline final round",  # two shared labels
        "Why did I come in second? What a close rejection really means",  # one, same kind
        "Morning of the Harborline final round",  # one, newest of the rest
    ]
    neighbours = page.select_one("nav.post-neighbours")
    assert plain(neighbours.select_one("a[rel=prev]").get_text()).startswith("Why did I come in second")
    assert neighbours.select_one("a[rel=next]") is None


def test_related_leaves_out_closed_listings(tricky_site: Build) -> None:
    page = tricky_site.html("advice/a-quiet-article/index.html")
    titles = [plain(a.get_text()) for a in page.select("section.related a")]
    assert "Senior Product Designer, Fleet Tools" in titles  # open, labelled hiring
    assert "Design Systems Lead" not in titles and "UX Researcher (6-month contract)" not in titles


def test_related_ranks_by_shared_labels_then_kind_then_date() -> None:
    import datetime
    from types import SimpleNamespace as Post

    def post(title: str, kind: str, tags: list[str], day: int) -> Post:
        return Post(title=title, category=kind, tags=tags, date=datetime.datetime(2026, 11, day))

    me = post("me", "Advice", ["a", "b"], 1)
    others = [
        post("one-shared-other-kind-new", "Reflections", ["a"], 20),
        post("one-shared-same-kind-old", "Advice", ["b"], 2),
        post("two-shared", "Reflections", ["a", "b"], 3),
        post("none", "Advice", ["c"], 25),
    ]
    assert [p.title for p in related(me, [me, *others], 3)] == [
        "two-shared",
        "one-shared-same-kind-old",
        "one-shared-other-kind-new",
    ]


def test_listen_no_and_kinds_without_listening_have_no_controls(tricky_site: Build) -> None:
    quiet = tricky_site.html("advice/a-quiet-article/index.html")
    assert quiet.select_one("[data-listen]") is None and quiet.select_one("script[src$='listen.js']") is None
    job = tricky_site.html("jobs/senior-product-designer-fleet-tools/index.html")
    assert job.select_one("[data-listen]") is None
    loud = tricky_site.html(TALKING)
    assert loud.select_one("[data-listen][hidden]") is not None  # hidden until listen.js shows it
    assert loud.select_one("head script[src$='listen.js'][defer]") is not None


# --- Listen, in Chromium ---------------------------------------------------------------

RECORDER = """
window.__speech = [];
window.__utterances = [];
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  speaking: false, paused: false, pending: false,
  speak(u) { window.__speech.push(['speak', u.text, u.lang]); window.__utterances.push(u); },
  pause() { window.__speech.push(['pause']); },
  resume() { window.__speech.push(['resume']); },
  cancel() { window.__speech.push(['cancel']); },
  getVoices() { return []; },
  addEventListener() {}, removeEventListener() {},
}});
"""


def open_advice(browser: Browser, served_site: ServedSite, init_script: str) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(init_script)
    page.goto(served_site.origin + "/" + TALKING.removesuffix("index.html"))
    return page


@pytest.mark.browser
def test_listen_speaks_the_article_and_not_the_sidebar(browser: Browser, served_site: ServedSite) -> None:
    page = open_advice(browser, served_site, RECORDER)
    button = page.get_by_role("button", name="Listen to this article")
    assert button.is_visible()
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    calls = page.evaluate("window.__speech")
    spoken = [c[1] for c in calls if c[0] == "speak"]
    body = page.evaluate("document.querySelector('#post-body').textContent")  # folded FAQ answers too
    sidebar = page.locator("aside").inner_text()
    assert calls[0] == ["cancel"]
    assert spoken and all(c[2] == "en" for c in calls if c[0] == "speak")
    assert spoken[0].startswith("“Tell me about a time")
    assert any(text.startswith("My résumé says") for text in spoken)  # a FAQ question, though folded
    assert all(" ".join(text.split()) in " ".join(body.split()) for text in spoken)
    assert not any(text in sidebar for text in spoken if len(text) > 30)
    assert "About this site" not in spoken and "Popular posts" not in spoken
    page.evaluate("window.__utterances[3].onstart()")
    assert page.locator("[data-listen-status]").inner_text() == "Reading: Why interviewers ask"
    page.close()


@pytest.mark.browser
def test_pause_resume_and_stop(browser: Browser, served_site: ServedSite, axe: Axe) -> None:
    page = open_advice(browser, served_site, RECORDER)
    play = page.locator("[data-listen-play]")
    stop = page.locator("[data-listen-stop]")
    assert stop.is_disabled()
    play.click()
    assert (play.inner_text(), play.get_attribute("aria-pressed")) == ("Pause", "true")
    assert stop.is_enabled()
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    play.click()
    assert (play.inner_text(), play.get_attribute("aria-pressed")) == ("Resume", "false")
    play.click()
    assert (play.inner_text(), play.get_attribute("aria-pressed")) == ("Pause", "true")
    stop.click()
    assert (play.inner_text(), play.get_attribute("aria-pressed")) == ("Listen to this article", "false")
    calls = [c[0] for c in page.evaluate("window.__speech") if c[0] != "speak"]
    assert calls == ["cancel", "pause", "resume", "cancel"]
    assert stop.is_disabled()
    page.close()


@pytest.mark.browser
def test_no_button_without_speech_synthesis(browser: Browser, served_site: ServedSite) -> None:
    page = open_advice(
        browser,
        served_site,
        "Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: undefined});",
    )
    assert page.locator("[data-listen]").is_hidden()
    assert page.get_by_role("button", name="Listen to this article").count() == 0
    page.close()


def test_links_between_posts_are_plain_links_so_the_content_cache_stays_shallow() -> None:
    """Posts pointing at posts (related, previous, next) made Pelican's cache pickle the
    whole site recursively; the plugin stores plain links instead."""
    import datetime
    import pickle
    from types import SimpleNamespace

    from advice_articles import annotate
    from advice_articles.article_data import PostLink
    from advice_articles.settings import DEFAULTS

    posts = [
        SimpleNamespace(
            title=f"Post {n}",
            url=f"reflections/post-{n}/",
            category="Reflections",
            tags=["a"],
            date=datetime.datetime(2020, 1, 1) + datetime.timedelta(days=n),
            metadata={},
            _content="<p>Words here.</p>",
            source_path=f"/c/reflections/post-{n}.md",
        )
        for n in range(2000)
    ]
    generator = SimpleNamespace(settings=dict(DEFAULTS), articles=posts)
    annotate(generator)
    assert all(isinstance(link, PostLink) for post in posts for link in post.related)
    assert isinstance(posts[5].prev_in_category, PostLink) and posts[0].prev_in_category is None
    pickle.dumps(posts)  # would raise RecursionError with posts linking posts


def test_the_related_index_agrees_with_comparing_every_pair() -> None:
    """The label index (fast) gives what comparing every pair of posts (slow) gives."""
    import datetime
    import random
    from types import SimpleNamespace

    from advice_articles.article_data import RelatedIndex

    rng = random.Random(5)
    labels = [f"l{n}" for n in range(8)]
    posts = [
        SimpleNamespace(
            title=f"p{n}",
            category=rng.choice(["Advice", "Reflections", "Jobs"]),
            tags=rng.sample(labels, rng.randint(0, 3)),
            date=datetime.datetime(2026, 1, 1) + datetime.timedelta(hours=rng.randrange(5000)),
        )
        for n in range(300)
    ]

    def brute(post, limit):
        mine = set(post.tags)
        scored = [
            (-len(mine & set(o.tags)), o.category != post.category, -o.date.timestamp(), o.title, o)
            for o in posts
            if o is not post and mine & set(o.tags)
        ]
        return [entry[-1] for entry in sorted(scored, key=lambda e: e[:4])[:limit]]

    index = RelatedIndex(posts)
    for post in posts:
        assert [p.title for p in index.related(post, 3)] == [p.title for p in brute(post, 3)], post.title
