"""Bad content gets one clear message naming the file, the field and what was expected.

The dev build (pelicanconf.py) warns, skips the file and builds the rest; the
publish build (publishconf.py) lists every problem and exits non-zero; neither ends in
a traceback. Every kind of bad file goes into one build of each, to keep the builds few.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_CONTENT, Build, run_pelican


def listing(slug: str, **changes: str | None) -> bytes:
    """A good job listing with some fields changed (None: left out)."""
    fields: dict[str, str | None] = {
        "Title": f"Listing {slug}",
        "Slug": slug,
        "Date": "2026-11-20",
        "Company": "Acme Freight",
        "Company-url": "https://acme.example.com",
        "Location": "Chicago, IL",
        "Apply": "https://acme.example.com/jobs/1",
    }
    fields.update(changes)
    lines = [f"{name}: {value}" for name, value in fields.items() if value is not None]
    return ("\n".join(lines) + "\n\nAbout the role.\n").encode()


def post(slug: str, extra: str) -> bytes:
    return f"Title: Post {slug}\nSlug: {slug}\nDate: 2026-11-01\n{extra}\nBody.\n".encode()


# An address that must reach no page: not as a link, not in JSON-LD, not in a feed.
XSS = "javascript:alert('shortlist-xss')"

# name: (folder, the file, what its one problem says). Each file has exactly one
# problem, is left out of the development build and fails the publish build. Every
# field the kit defines has a bad value here (tests/test_metadata_rules.py checks the
# table of fields is complete).
BAD_FILES: dict[str, tuple[str, bytes, list[str]]] = {
    "no-title": (
        "reflections",
        b"Date: 2026-11-01 09:00\nSlug: no-title\nTags: mindset\n\nA post that forgot its title.\n",
        ["reflections/no-title.md", "Title: missing", "expected a `Title:` line"],
    ),
    "bad-date": (
        "reflections",
        b"Title: A bad date\nDate: last tuesday\n\nBody.\n",
        ["reflections/bad-date.md", "Date: 'last tuesday' is not a full date", "such as 2026-11-29"],
    ),
    "impossible-date": (
        "reflections",
        b"Title: An impossible date\nDate: 2026-13-45\n\nBody.\n",
        ["reflections/impossible-date.md", "Date: '2026-13-45' is not a date: there is no month 13"],
    ),
    # A day the month does not have: named as such, not as a date missing its year.
    "missing-day": (
        "reflections",
        b"Title: A day November does not have\nDate: 2026-11-31\n\nBody.\n",
        ["reflections/missing-day.md", "Date: '2026-11-31' is not a date: November has 30 days"],
    ),
    "bad-status": (
        "reflections",
        b"Title: A typo in the status\nSlug: bad-status\nDate: 2026-11-01\nStatus: publsihed\n\nBody.\n",
        [
            "reflections/bad-status.md",
            "Status: 'publsihed' is not a known status",
            "published, draft, hidden",
        ],
    ),
    "empty": ("reflections", b"", ["reflections/empty.md", "the file is empty"]),
    "latin-1": (
        "reflections",
        b"Title: Caf\xe9 notes\nSlug: latin-1\nDate: 2026-11-01\n\nCaf\xe9 au lait.\n",
        ["reflections/latin-1.md", "byte 0xE9 on line 1, column 11 is not UTF-8", "re-save it as UTF-8"],
    ),
    # --- the fields plugins define: one bad value each -------------------------------------
    "listen-perhaps": (
        "advice",
        post("listen-perhaps", "Listen: perhaps\n"),
        ["advice/listen-perhaps.md", "Listen: 'perhaps' is not valid; expected yes or no"],
    ),
    "featured-kinda": (
        "reflections",
        post("featured-kinda", "Featured: kinda\n"),
        ["reflections/featured-kinda.md", "Featured: 'kinda' is not valid; expected yes or no"],
    ),
    "aliases-not-a-path": (
        "reflections",
        post("aliases-not-a-path", "Aliases: not a path\n"),
        [
            "reflections/aliases-not-a-path.md",
            "Aliases: 'not a path' is not valid",
            "each a path starting with / or a full http(s):// URL",
        ],
    ),
    "applications-semicolons": (
        "reflections",
        post("applications-semicolons", "Applications: a01; a02\n"),
        [
            "reflections/applications-semicolons.md",
            "Applications: 'a01; a02' is not valid; expected ids from the search log's id column",
        ],
    ),
    "job-no-company": (
        "jobs",
        listing("job-no-company", Company=None),
        ["jobs/job-no-company.md", "Company: missing; expected the employer"],
    ),
    "job-company-url-script": (
        "jobs",
        listing("job-company-url-script", **{"Company-url": XSS}),
        [
            "jobs/job-company-url-script.md",
            f"Company-url: {XSS!r} is not valid; expected an https:// address",
        ],
    ),
    "job-no-location": (
        "jobs",
        listing("job-no-location", Location=None),
        ["jobs/job-no-location.md", "Location: missing; expected where the job is"],
    ),
    "job-remote-sometimes": (
        "jobs",
        listing("job-remote-sometimes", Remote="sometimes"),
        ["jobs/job-remote-sometimes.md", "Remote: 'sometimes' is not valid; expected no, yes or hybrid"],
    ),
    "job-no-remote-region": (
        "jobs",
        listing("job-no-remote-region", Remote="yes", Location=None),
        ["jobs/job-no-remote-region.md", "Remote-region: missing; expected where applicants may live"],
    ),
    "job-employment-gig": (
        "jobs",
        listing("job-employment-gig", Employment="gig"),
        ["jobs/job-employment-gig.md", "Employment: 'gig' is not valid; expected full-time, part-time"],
    ),
    "job-salary-lots": (
        "jobs",
        listing("job-salary-lots", Salary="lots"),
        ["jobs/job-salary-lots.md", "Salary: 'lots' is not valid; expected an amount or range"],
    ),
    "job-closes-next-friday": (
        "jobs",
        listing("job-closes-next-friday", Closes="next friday"),
        [
            "jobs/job-closes-next-friday.md",
            "Closes: 'next friday' is not valid; expected the last day to apply",
        ],
    ),
    "job-closes-november-31": (
        "jobs",
        listing("job-closes-november-31", Closes="2026-11-31"),
        [
            "jobs/job-closes-november-31.md",
            "Closes: '2026-11-31' is not a date: November has 30 days; expected the last day to apply",
        ],
    ),
    "job-filled-february-29": (
        "jobs",
        listing("job-filled-february-29", Filled="2026-02-29"),
        ["jobs/job-filled-february-29.md", "Filled: '2026-02-29' is not a date: February 2026 has 28 days"],
    ),
    "job-filled-maybe": (
        "jobs",
        listing("job-filled-maybe", Filled="maybe"),
        ["jobs/job-filled-maybe.md", "Filled: 'maybe' is not valid; expected yes, or the day it was filled"],
    ),
    "job-apply-script": (
        "jobs",
        listing("job-apply-script", Apply=XSS),
        [
            "jobs/job-apply-script.md",
            f"Apply: {XSS!r} is not valid; expected an https:// URL or a mailto: address",
        ],
    ),
}

# Names that are almost known ones: a warning each, and the file is still built.
NEAR_MISSES: dict[str, tuple[str, bytes, list[str]]] = {
    "near-miss-post": (
        "reflections",
        b"Title: Near misses\nSlug: near-miss-post\nDate: 2026-11-03\nTag: mindset\nSummmary: Typos.\n"
        b"Featured: yes\nSubtitle: a name close to nothing is allowed\n\nBody.\n",
        [
            "reflections/near-miss-post.md: Tag: not a known field, so it is ignored; did you mean `Tags`?",
            "reflections/near-miss-post.md: Summmary: not a known field, so it is ignored; did you mean `Summary`?",
        ],
    ),
    "near-miss-listing": (
        "jobs",
        listing("near-miss-listing", Close="2026-12-24", Company_url="https://acme.example.com"),
        [
            "jobs/near-miss-listing.md: Close: not a known field, so it is ignored; did you mean `Closes`?",
            "jobs/near-miss-listing.md: Company_url: not a known field, so it is ignored; did you mean `Company-url`?",
        ],
    ),
}
NEAR_MISS_COUNT = 4

# Two posts written to one file, in the order Pelican may well read them in.
SAME_SLUG = {
    "b-same.md": "Title: Sameslugsecond\nSlug: same-slug\nDate: 2026-11-02\n\nSecond.\n",
    "a-same.md": "Title: Sameslugfirst\nSlug: same-slug\nDate: 2026-11-01\n\nFirst.\n",
}
SAME_SLUG_MESSAGE = (
    "reflections/a-same.md and {content}/reflections/b-same.md are both written to "
    "reflections/same-slug/index.html; expected a different Slug: in one of them"
)
# A hidden post and a published one: two lists, one file.
HIDDEN_SAME_SLUG = {
    "c-shown.md": "Title: Shown\nSlug: shown-or-hidden\nDate: 2026-11-01\n\nShown.\n",
    "d-hidden.md": "Title: Hidden\nSlug: shown-or-hidden\nStatus: hidden\nDate: 2026-11-01\n\nHidden.\n",
}


def write_files(content: Path, files: dict[str, tuple[str, bytes, list[str]]]) -> None:
    for name, (folder, data, _) in files.items():
        (content / folder / f"{name}.md").write_bytes(data)


def write_same_slugs(content: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (content / "reflections" / name).write_text(text, encoding="utf-8")


def everything_bad(content: Path) -> Path:
    shutil.copytree(SAMPLE_CONTENT, content)
    write_files(content, BAD_FILES)
    write_files(content, NEAR_MISSES)
    write_same_slugs(content, SAME_SLUG)
    write_same_slugs(content, HIDDEN_SAME_SLUG)
    return content


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One development build of the sample site with every kind of bad input at once."""
    folder = tmp_path_factory.mktemp("bad-dev")
    return run_pelican(folder / "output", "pelicanconf.py", everything_bad(folder / "content"))


@pytest.fixture(scope="module")
def publish(tmp_path_factory: pytest.TempPathFactory) -> Build:
    folder = tmp_path_factory.mktemp("bad-publish")
    return run_pelican(folder / "output", "publishconf.py", everything_bad(folder / "content"))


def flat(text: str) -> str:
    return " ".join(text.split())


def report_of(build: Build) -> str:
    """The list printed at the end of the build (not the warnings as they came)."""
    return flat(build.log.split("problems found:", 1)[1])


def test_dev_build_warns_and_goes_on_without_a_traceback(dev: Build) -> None:
    assert dev.returncode == 0, dev.log
    assert "Traceback" not in dev.log
    expected = len(BAD_FILES) + NEAR_MISS_COUNT + 2  # two output files with two sources each
    assert f"{expected} problems found" in flat(dev.log), dev.log
    assert (dev.output / "reflections/a-week-with-two-interviews/index.html").exists()


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_dev_build_names_each_bad_file_and_leaves_it_out(dev: Build, name: str) -> None:
    report = report_of(dev)
    for fragment in BAD_FILES[name][2]:
        assert fragment in report, (fragment, dev.log)
    assert not list(dev.output.rglob(f"*{name}*"))


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_publish_build_lists_each_bad_file(publish: Build, name: str) -> None:
    report = report_of(publish)
    for fragment in BAD_FILES[name][2]:
        assert fragment in report, (fragment, publish.log)


def test_publish_build_lists_every_problem_at_once_and_fails(publish: Build) -> None:
    assert publish.returncode == 1, publish.log
    assert "Traceback" not in publish.log
    expected = len(BAD_FILES) + NEAR_MISS_COUNT + 2
    assert f"{expected} problems found" in flat(publish.log), publish.log
    assert "The build failed" in flat(publish.log)


def test_a_near_miss_is_a_warning_and_the_file_is_still_built(dev: Build) -> None:
    log = flat(dev.log)  # the warnings as they come, each with its file
    for _, _, fragments in NEAR_MISSES.values():
        for fragment in fragments:
            assert fragment in log, (fragment, dev.log)
    assert "Subtitle" not in log
    assert (dev.output / "reflections/near-miss-post/index.html").exists()
    assert (dev.output / "jobs/near-miss-listing/index.html").exists()


def test_two_posts_with_one_slug_keep_the_first_by_path_and_name_both(dev: Build) -> None:
    content = str(dev.output.parent / "content")
    assert SAME_SLUG_MESSAGE.format(content=content) in report_of(dev), dev.log
    page = dev.html("reflections/same-slug/index.html")
    assert "Sameslugfirst" in page.title.get_text()
    everywhere = "".join(p.read_text(encoding="utf-8") for p in dev.output.rglob("*.html"))
    assert "Sameslugsecond" not in everywhere
    # Pelican's own "There are 2 original (not translated) items" says less: it is left out.
    assert "original (not translated)" not in dev.log


def test_a_hidden_and_a_published_post_with_one_slug_are_caught_too(dev: Build) -> None:
    content = str(dev.output.parent / "content")
    assert (
        f"reflections/c-shown.md and {content}/reflections/d-hidden.md are both written to "
        "reflections/shown-or-hidden/index.html"
    ) in report_of(dev), dev.log
    assert "Shown" in dev.html("reflections/shown-or-hidden/index.html").title.get_text()


def pagefind_script(build: Build, path: Path) -> bool:
    """Pagefind's own scripts (site search), the same on every site: the search form in
    its UI has action="javascript:void(0);"."""
    return path.parent == build.output / "pagefind" and path.suffix == ".js"


def test_no_script_address_reaches_any_output_file(dev: Build, publish: Build) -> None:
    for build in (dev, publish):
        for path in build.output.rglob("*"):
            if path.is_file() and not pagefind_script(build, path):
                data = path.read_bytes()
                assert b"javascript:" not in data and b"shortlist-xss" not in data, path


@pytest.mark.parametrize(
    ("files", "same_slug", "expected"),
    [
        ({"near-miss-post": NEAR_MISSES["near-miss-post"]}, {}, "2 problems found"),
        ({}, SAME_SLUG, "1 problem found"),
    ],
    ids=["near-miss", "same-slug"],
)
def test_publish_fails_on_a_near_miss_or_two_sources_for_one_file_alone(
    content_copy: Path, tmp_path: Path, files: dict, same_slug: dict, expected: str
) -> None:
    write_files(content_copy, files)
    write_same_slugs(content_copy, same_slug)
    build = run_pelican(tmp_path / "output", "publishconf.py", content_copy)
    assert build.returncode == 1, build.log
    assert "Traceback" not in build.log
    assert expected in flat(build.log) and "The build failed" in flat(build.log), build.log


def test_one_slug_in_two_kinds_is_two_pages_not_a_problem(content_copy: Path, tmp_path: Path) -> None:
    """A reflection and an advice article may share a slug: their addresses differ."""
    for kind, day in (("reflections", "01"), ("advice", "02")):
        (content_copy / kind / "salary-talk.md").write_text(
            f"Title: Salary talk\nDate: 2026-11-{day}\n\nBody.\n", encoding="utf-8"
        )
    build = run_pelican(tmp_path / "output", "publishconf.py", content_copy)
    assert build.returncode == 0, build.log
    assert "problem" not in build.log and "items with slug" not in build.log, build.log
    home = (build.output / "index.html").read_text(encoding="utf-8")
    for kind in ("reflections", "advice"):
        assert (build.output / kind / "salary-talk" / "index.html").is_file()
        assert f"/{kind}/salary-talk/" in home


def test_a_bad_listing_from_pelicans_cache_is_left_out_too(content_copy: Path, tmp_path: Path) -> None:
    """Pelican's content cache hands back posts without reading them: a listing cached
    while nothing checked listings (here: job_openings not yet in PLUGINS) must still
    be rejected, and its addresses reach no page."""
    (content_copy / "jobs" / "cached.md").write_bytes(
        listing("cached", Apply=XSS, **{"Company-url": XSS, "Remote": "sometimes"})
    )
    cache = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "generator",
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    without_listings = ["shortlist_core", "popular_posts", "advice_articles", "search_log"]
    first = run_pelican(
        tmp_path / "first",
        "pelicanconf.py",
        content_copy,
        extra_settings={**cache, "PLUGINS": without_listings},
    )
    assert (tmp_path / "first/jobs/cached/index.html").exists(), first.log
    build = run_pelican(tmp_path / "output", "pelicanconf.py", content_copy, extra_settings=cache)
    assert build.returncode == 0, build.log
    report = report_of(build)
    for fragment in (
        "jobs/cached.md",
        f"Apply: {XSS!r} is not valid",
        f"Company-url: {XSS!r} is not valid",
        "Remote: 'sometimes' is not valid",
    ):
        assert fragment in report, (fragment, build.log)
    assert not (build.output / "jobs/cached").exists()
    for path in build.output.rglob("*"):
        if path.is_file() and not pagefind_script(build, path):
            assert b"javascript:" not in path.read_bytes(), path


def test_publish_build_fails_on_any_pelican_warning(content_copy: Path, tmp_path: Path) -> None:
    """Strict builds count Pelican's own warnings too, like --fatal warnings, but list them all."""
    (content_copy / "reflections" / "broken-link.md").write_text(
        "Title: A broken internal link\nDate: 2026-11-02\n\nSee [this]({filename}/reflections/nope.md).\n",
        encoding="utf-8",
    )
    dev = run_pelican(tmp_path / "dev", "pelicanconf.py", content_copy)
    assert dev.returncode == 0, dev.log
    publish = run_pelican(tmp_path / "publish", "publishconf.py", content_copy)
    assert publish.returncode == 1, publish.log
    assert "nope.md" in publish.log and "The build failed" in publish.log


def write_settings(tmp_path: Path, extra_plugins: list[str]) -> Path:
    settings = tmp_path / "settings.py"
    settings.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}, {str(tmp_path / 'plugins')!r}]\n"
        f"PLUGINS = PLUGINS + {extra_plugins!r}  # noqa: F405\n",
        encoding="utf-8",
    )
    return settings


PLUGIN_CASES = {
    "no_such_plugin": (None, "Cannot load plugin `no_such_plugin`"),
    "imports_missing_library": (
        "import a_library_that_is_not_installed\n",
        "Cannot load plugin `imports_missing_library`: No module named 'a_library_that_is_not_installed'",
    ),
    "fails_to_register": (
        "def register():\n    raise ValueError('the settings are wrong')\n",
        "Cannot register plugin `fails_to_register`: ValueError: the settings are wrong",
    ),
}


@pytest.mark.parametrize("settings_name", ["dev", "publish"])
@pytest.mark.parametrize("plugin", sorted(PLUGIN_CASES))
def test_a_missing_or_broken_plugin_fails_the_build(tmp_path: Path, plugin: str, settings_name: str) -> None:
    source, message = PLUGIN_CASES[plugin]
    if source is not None:
        (tmp_path / "plugins" / plugin).mkdir(parents=True)
        (tmp_path / "plugins" / plugin / "__init__.py").write_text(source, encoding="utf-8")
    settings = write_settings(tmp_path, [plugin])
    if settings_name == "publish":
        text = settings.read_text(encoding="utf-8") + "SHORTLIST_STRICT = True\n"
        settings.write_text(text, encoding="utf-8")
    build = run_pelican(tmp_path / "output", settings)
    assert build.returncode == 1, build.log
    log = " ".join(build.log.split())
    assert message in log, build.log
    assert "The build needs every plugin in PLUGINS" in log
    assert not (tmp_path / "output" / "index.html").exists()


def test_a_page_at_a_plugins_own_address_is_left_out_not_a_traceback(
    content_copy: Path, tmp_path: Path
) -> None:
    """The jobs page and My search are written by plugins after the pages: a page given
    their address was a FileOverwriteFailedError half-way through the build."""
    (content_copy / "pages" / "search-me.md").write_text("Title: Search me\nSlug: search\n\nA page.\n")
    (content_copy / "pages" / "jobs-page.md").write_text("Title: Jobs page\nSlug: jobs\n\nA page.\n")
    dev = run_pelican(tmp_path / "dev", content=content_copy)
    assert dev.returncode == 0, dev.log
    assert "Traceback" not in dev.log and "FileOverwriteFailedError" not in dev.log
    for name, path in (("search-me.md", "search/index.html"), ("jobs-page.md", "jobs/index.html")):
        assert f"pages/{name}: is written to {path}, which is one of the site's own pages" in dev.log
    # The plugins' own pages are the ones written there.
    assert "Search me" not in (tmp_path / "dev" / "search" / "index.html").read_text(encoding="utf-8")
    published = run_pelican(tmp_path / "pub", "publishconf.py", content=content_copy)
    assert published.returncode == 1 and "2 problems found" in published.log
