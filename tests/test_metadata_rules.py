"""The metadata table: the shared parsers, every field the kit defines, near misses, and
the choice of one source per output file (pure, without Pelican building a site)."""

from __future__ import annotations

import datetime
import json
import logging
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))

from advice_articles import LISTEN
from job_openings.fields import LISTING_FIELDS, Employment, Filled, Remote
from popular_posts import FEATURED
from search_log import APPLICATIONS
from shortlist_core import metadata, output_paths
from shortlist_core.content_checks import added_by_pelican
from shortlist_core.metadata import (
    ALIASES,
    BadValue,
    FieldRule,
    check_fields,
    choice,
    known_fields,
    metadata_text,
    near_misses,
    parse_apply_target,
    parse_day,
    parse_https_url,
    parse_id_list,
    parse_site_paths,
    parse_yes_no,
    read_value,
    register_metadata_fields,
)
from shortlist_core.output_paths import Collision, collision_problems, find_collisions
from shortlist_core.problems import REPORT, Problem

# The whole table, as the plugins register it in a build.
TABLE = {rule.key: rule for rule in (*LISTING_FIELDS, FEATURED, ALIASES, LISTEN, APPLICATIONS)}
SETTINGS = {"JOBS_CATEGORY": "Jobs"}

# --- the shared parsers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        *((word, True) for word in ("yes", "Yes", "TRUE", "on", "1", " yes ")),
        *((word, False) for word in ("no", "NO", "false", "Off", "0")),
    ],
)
def test_yes_no_takes_every_usual_spelling_in_any_case(text: str, value: bool) -> None:
    assert parse_yes_no(text) is value


@pytest.mark.parametrize("text", ["perhaps", "kinda", "y", "2", "yes please", "nope", ""])
def test_anything_else_is_not_yes_or_no(text: str) -> None:
    with pytest.raises(BadValue):
        parse_yes_no(text)


def test_a_day_has_a_four_digit_year_and_exists() -> None:
    assert parse_day("2026-12-15") == datetime.date(2026, 12, 15)
    for text in ("next friday", "15/12/2026", "26-12-15", "2026-02-30", "2026-13-01", "2026-12-15 09:00"):
        with pytest.raises(BadValue):
            parse_day(text)


@pytest.mark.parametrize(
    "text",
    [
        "https://acme.example.com",
        "https://acme.example.com/jobs/1?ref=shortlist#apply",
        "HTTPS://x.example.org",
    ],
)
def test_https_urls(text: str) -> None:
    assert parse_https_url(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "http://acme.example.com",
        "acme.example.com",
        "https://",
        "https:javascript:alert(1)",
        "//acme.example.com",
        "data:text/html,<script>alert(1)</script>",
        'https://acme.example.com/" onmouseover="alert(1)',
        "https://acme.example.com/<script>",
        "https://acme.example.com/a b",
        "https://[::1",
    ],
)
def test_nothing_but_https_is_an_address(text: str) -> None:
    with pytest.raises(BadValue):
        parse_https_url(text)


def test_apply_target_is_https_or_one_mailto_address() -> None:
    assert parse_apply_target("https://acme.example.com/jobs/1") == "https://acme.example.com/jobs/1"
    assert (
        parse_apply_target("mailto:jobs@acme.example.com?subject=Hi")
        == "mailto:jobs@acme.example.com?subject=Hi"
    )
    for text in (
        "javascript:alert(1)",
        "mailto:not-an-address",
        "mailto:a@b",
        'mailto:"x"@acme.example.com',
        "jobs@acme",
    ):
        with pytest.raises(BadValue) as bad:
            parse_apply_target(text)
        assert bad.value.expected == ""  # the rule's own description
    with pytest.raises(BadValue) as bad:
        parse_apply_target("http://acme.example.com")
    assert "http:// sends applicants' details unencrypted" in bad.value.expected


def test_site_paths_for_aliases() -> None:
    assert parse_site_paths("/2019/05/my-first-post.html, /p/about.html") == (
        "/2019/05/my-first-post.html",
        "/p/about.html",
    )
    assert parse_site_paths("/a /b,https://old.example.com/c") == ("/a", "/b", "https://old.example.com/c")
    for text in ("not a path", "2019/05/post.html", "/a, ftp://x.example.com/b", "javascript:alert(1)"):
        with pytest.raises(BadValue):
            parse_site_paths(text)


def test_id_lists() -> None:
    assert parse_id_list("a01, a02") == ("a01", "a02")
    assert parse_id_list("a01 a02,a03") == ("a01", "a02", "a03")
    for text in ("a01; a02", "a01, <b>", "#a01"):
        with pytest.raises(BadValue):
            parse_id_list(text)


def test_choice_takes_any_case_and_gives_the_option_as_listed() -> None:
    parse = choice(["full-time", "part-time"])
    assert parse("Full-Time") == "full-time"
    with pytest.raises(BadValue):
        parse("gig")


def test_metadata_text_joins_a_field_written_twice_and_ignores_empty_values() -> None:
    assert metadata_text(["/a", "/b"]) == "/a, /b"
    assert metadata_text("  ") is None
    assert metadata_text(None) is None


# --- every field the kit defines ------------------------------------------------------------

# field: (kind, a bad value, the message). One row per field: the test below checks
# that no registered field is missing here.
BAD_VALUES: dict[str, tuple[str | None, str, str]] = {
    "Company": ("Jobs", "", ""),  # any text; only a missing one is wrong (model.py)
    "Company-url": (
        "Jobs",
        "javascript:alert(1)",
        "Company-url: 'javascript:alert(1)' is not valid; expected an https:// address, or no Company-url",
    ),
    "Location": ("Jobs", "", ""),
    "Remote": ("Jobs", "sometimes", "Remote: 'sometimes' is not valid; expected no, yes or hybrid"),
    "Remote-region": ("Jobs", "", ""),
    "Employment": ("Jobs", "gig", "Employment: 'gig' is not valid; expected full-time, part-time, contract"),
    "Salary": ("Jobs", "lots", "Salary: 'lots' is not valid; expected an amount or range"),
    "Closes": ("Jobs", "next friday", "Closes: 'next friday' is not valid; expected the last day to apply"),
    "Filled": ("Jobs", "maybe", "Filled: 'maybe' is not valid; expected yes, or the day it was filled"),
    "Apply": (
        "Jobs",
        "javascript:alert(1)",
        "Apply: 'javascript:alert(1)' is not valid; expected an https:// URL or a mailto: address",
    ),
    "Featured": (None, "kinda", "Featured: 'kinda' is not valid; expected yes or no"),
    "Aliases": (None, "not a path", "Aliases: 'not a path' is not valid; expected the post's old addresses"),
    "Listen": ("Advice", "perhaps", "Listen: 'perhaps' is not valid; expected yes or no"),
    "Applications": (
        "Reflections",
        "a01; a02",
        "Applications: 'a01; a02' is not valid; expected ids from the search log's id column",
    ),
}


def test_every_field_the_plugins_register_is_in_the_table_of_bad_values() -> None:
    """Registered by the plugins' own register(), in a fresh interpreter (signals and all)."""
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(ROOT / 'plugins')!r})\n"
        "import shortlist_core, job_openings, popular_posts, advice_articles, search_log\n"
        "from shortlist_core.metadata import FIELD_RULES\n"
        "for plugin in (shortlist_core, job_openings, popular_posts, advice_articles, search_log):\n"
        "    plugin.register()\n"
        "print(json.dumps(sorted(rule.name for rule in FIELD_RULES.values())))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    registered = json.loads(done.stdout.strip().splitlines()[-1])
    assert registered == sorted(BAD_VALUES)
    assert sorted(rule.name for rule in TABLE.values()) == sorted(BAD_VALUES)


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_each_field_names_a_bad_value_with_what_was_expected(name: str) -> None:
    kind, value, message = BAD_VALUES[name]
    problems = check_fields({name.lower(): value}, "x.md", kind, SETTINGS, TABLE)
    if not message:  # free text: nothing written is not a bad value, only a missing one
        assert problems == []
        assert TABLE[name.lower()].check("Acme Freight", "x.md") == ("Acme Freight", None)
        return
    assert len(problems) == 1 and message in str(problems[0]), (message, problems)
    assert problems[0].field == name and problems[0].source == "x.md"


@pytest.mark.parametrize(
    ("name", "value", "parsed"),
    [
        ("Remote", "hybrid", Remote.HYBRID),
        ("Remote", "true", Remote.YES),
        ("Remote", "Off", Remote.NO),
        ("Employment", "Part-time", Employment.PART_TIME),
        ("Filled", "yes", Filled(True, None)),
        ("Filled", "2026-11-10", Filled(True, datetime.date(2026, 11, 10))),
        ("Filled", "no", Filled(False, None)),
        ("Closes", "2026-12-15", datetime.date(2026, 12, 15)),
        ("Featured", "on", True),
        ("Listen", "0", False),
        ("Aliases", ["/a", "/b"], ("/a", "/b")),
        ("Applications", "a01, a15", ("a01", "a15")),
    ],
)
def test_good_values_parse_into_what_the_plugins_use(name: str, value: Any, parsed: Any) -> None:
    assert read_value({name.lower(): value}, TABLE[name.lower()]) == parsed


def test_read_value_gives_the_default_for_a_missing_or_bad_value() -> None:
    assert read_value({}, LISTEN, True) is True
    assert read_value({"listen": "perhaps"}, LISTEN, True) is True
    assert read_value({"featured": "no"}, FEATURED, True) is False


def test_listing_fields_apply_to_listings_only_under_whatever_name_the_site_gives_them() -> None:
    bad = {"remote": "sometimes"}
    assert check_fields(bad, "x.md", "Reflections", SETTINGS, TABLE) == []
    assert check_fields(bad, "x.md", None, SETTINGS, TABLE) == []
    assert len(check_fields(bad, "x.md", "Jobs", SETTINGS, TABLE)) == 1
    assert check_fields(bad, "x.md", "Jobs", {"JOBS_CATEGORY": "Roles"}, TABLE) == []
    assert len(check_fields(bad, "x.md", "Roles", {"JOBS_CATEGORY": "Roles"}, TABLE)) == 1


def test_fields_for_every_kind_apply_to_pages_too() -> None:
    assert len(check_fields({"featured": "kinda"}, "pages/x.md", None, SETTINGS, TABLE)) == 1


def test_several_bad_fields_are_named_in_the_file_order() -> None:
    problems = check_fields(
        {"title": "x", "listen": "perhaps", "tags": "a", "featured": "kinda"},
        "x.md",
        "Advice",
        SETTINGS,
        TABLE,
    )
    assert [p.field for p in problems] == ["Listen", "Featured"]


def test_registering_adds_or_replaces_and_never_redefines_pelicans_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(metadata, "FIELD_RULES", {})
    register_metadata_fields([FEATURED])
    register_metadata_fields([FEATURED, LISTEN])
    assert list(metadata.FIELD_RULES) == ["featured", "listen"]
    with pytest.raises(ValueError, match="Pelican's own"):
        register_metadata_fields([FieldRule("Date", parse_day, "a day")])
    with pytest.raises(ValueError, match="Pelican's own"):  # `Labels:` is read as Tags
        register_metadata_fields([FieldRule("Labels", parse_day, "a day")])


# --- near misses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("close", "Closes"),
        ("summmary", "Summary"),
        ("tag", "Tags"),
        ("label", "Labels"),  # the word the site shows, read as Tags (reader.py)
        ("company_url", "Company-url"),
        ("feature", "Featured"),
        ("alias", "Aliases"),
        ("application", "Applications"),
        ("modifed", "Modified"),
        ("remote_region", "Remote-region"),
        ("catagory", "Category"),
    ],
)
def test_a_name_close_to_a_known_field_is_a_warning_naming_it(name: str, meant: str) -> None:
    known = known_fields(TABLE)
    (problem,) = near_misses([name], "content/x.md", known)
    assert problem.source == "content/x.md"
    assert problem.field == name.capitalize()
    assert str(problem).endswith(f"did you mean `{meant}`?")


@pytest.mark.parametrize(
    "name", ["subtitle", "image", "og_image", "data", "cover", "series", "description", "lang"]
)
def test_other_names_stay_allowed(name: str) -> None:
    assert near_misses([name], "x.md", known_fields(TABLE)) == []


def test_known_names_and_names_pelican_adds_itself_are_never_near_misses() -> None:
    known = known_fields(TABLE)
    assert near_misses(["closes", "tags", "labels", "summary", "save_as", "company-url"], "x.md", known) == []
    ignore = added_by_pelican({"EXTRA_PATH_METADATA": {"jobs": {"templat": "job"}}, "FILENAME_METADATA": ""})
    assert "reader" in ignore and "templat" in ignore
    assert near_misses(["reader", "templat"], "x.md", known, ignore) == []


# --- one source per output file --------------------------------------------------------------


def test_two_sources_for_one_file_keep_the_first_by_path() -> None:
    collisions = find_collisions(
        [
            ("reflections/b.md", "reflections/same-slug/index.html"),
            ("reflections/c.md", "reflections/other/index.html"),
            ("reflections/a.md", "reflections/same-slug//index.html"),
            ("reflections/d.md", ""),  # a draft that is not written
            ("reflections/e.md", ""),
        ]
    )
    assert collisions == [
        Collision("reflections/same-slug/index.html", "reflections/a.md", ("reflections/b.md",))
    ]
    (problem,) = collision_problems(collisions[0])
    assert problem.source == "reflections/b.md"
    assert str(problem).endswith(
        "reflections/a.md and reflections/b.md are both written to reflections/same-slug/index.html; "
        "expected a different Slug: in one of them (reflections/b.md is left out until then)"
    )


def test_files_already_taken_and_the_sites_own_pages_are_kept() -> None:
    collisions = find_collisions(
        [("pages/about.md", "about/index.html"), ("pages/archive.md", "archive/index.html")],
        taken={"about/index.html": "reflections/about.md"},
        site_pages=["archive/index.html"],
    )
    assert collisions == [
        Collision("about/index.html", "reflections/about.md", ("pages/about.md",)),
        Collision("archive/index.html", "", ("pages/archive.md",), kept_is_site_page=True),
    ]
    assert "one of the site's own pages" in str(collision_problems(collisions[1])[0])


def item(source: str, save_as: str, **extra: Any) -> SimpleNamespace:
    relative = source.split("/content/", 1)[-1]
    return SimpleNamespace(
        source_path=source,
        save_as=save_as,
        metadata={"title": "T", **extra},
        translations=[],
        get_relative_source_path=lambda: relative,
    )


@pytest.fixture
def clean_report() -> Any:
    REPORT.clear()
    yield REPORT
    REPORT.clear()


def test_the_glue_leaves_out_the_second_of_any_list_drafts_and_hidden_too(
    tmp_path: Path, clean_report: Any
) -> None:
    """Published, hidden and (when drafts are written) draft posts all have files."""
    published = item("/site/content/reflections/a.md", "reflections/x/index.html")
    hidden = item("/site/content/reflections/b.md", "reflections/x/index.html")
    draft_1 = item("/site/content/reflections/d1.md", "drafts/y/index.html")
    draft_2 = item("/site/content/reflections/d2.md", "drafts/y/index.html")
    unwritten_1 = item("/site/content/reflections/u1.md", "")
    unwritten_2 = item("/site/content/reflections/u2.md", "")
    published.translations = [hidden]
    generator = SimpleNamespace(
        articles=[published],
        translations=[],
        hidden_articles=[hidden],
        hidden_translations=[],
        drafts=[draft_2, draft_1, unwritten_1, unwritten_2],
        drafts_translations=[],
        settings={"PATH": str(tmp_path), "DIRECT_TEMPLATES": []},
        context={"generated_content": {}},
    )
    output_paths.choose_articles(generator)
    assert generator.articles == [published] and generator.hidden_articles == []
    assert generator.drafts == [draft_1, unwritten_1, unwritten_2]
    assert published.translations == []
    assert generator.context["generated_content"] == {"reflections/b.md": None, "reflections/d2.md": None}
    fields = sorted(str(p) for p in clean_report.problems)
    assert len(fields) == 2
    assert (
        "reflections/a.md and /site/content/reflections/b.md are both written to reflections/x/index.html"
        in fields[0]
    )


def test_pelicans_same_slug_warning_is_left_out_only_when_our_problem_explains_it() -> None:
    held = output_paths.HeldSameSlugWarnings()
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    logger = logging.getLogger("test.same_slug")
    logger.propagate = False
    handler = Keep()
    logger.addHandler(handler)
    logger.addFilter(held)
    try:
        message = "There are %s original (not translated) items %s: \n%s\n%s"
        logger.warning(message, 2, 'with slug "x"', "/c/a.md", "/c/b.md")
        logger.warning(message, 2, 'with slug "y"', "/c/c.md", "/c/d.md")
        logger.warning("Something else")
        assert seen == ["Something else"]
        held.release(lambda sources: sources == {"/c/a.md", "/c/b.md"})
        assert len(seen) == 2 and '"y"' in seen[1]
    finally:
        logger.removeFilter(held)
        logger.removeHandler(handler)


def test_problems_are_plain_values() -> None:
    """The report keeps each problem once: the reader and the cache check may both find it."""
    a = Problem("x.md", "Listen", "'perhaps' is not valid", "yes or no")
    assert a == Problem("x.md", "Listen", "'perhaps' is not valid", "yes or no")
