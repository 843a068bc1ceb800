"""The devserver's rebuild after an edit renders only the pages the edit can change
(plugins/shortlist_tools/devserver_partial.py), and what it leaves on disk is, file for
file and byte for byte, what a fresh full build of the edited content writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_CONTENT, SOURCE_DATE_EPOCH

sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "plugins"))
from same_output import differences

# The same settings for the devserver and the fresh builds: no search index (the
# devserver test compares Pagefind's output), pages rendered by forked workers even on
# this small site (what they read comes back from another process).
OVERRIDES = {"SITE_SEARCH_INDEX": False, "SHORTLIST_PARALLEL_MIN_PAGES": 1}
DEV_URL = "http://127.0.0.1:8123"
# Drafts written and listed (`make devserver DRAFTS=yes`): the drafts index is given
# what it lists (titles, addresses) worked out from the drafts, not the drafts
# themselves, so only what the writer was given says a draft's edit changes it.
ENVIRONMENT = {
    "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
    "SHORTLIST_DEV_URL": DEV_URL,
    "SHORTLIST_DRAFTS": "yes",
}

# The devserver's builder, as its loop runs it: one process, builds after each edit.
SCRIPT = """
import json, shutil, sys
from pathlib import Path
from shortlist_tools import devserver as d
from shortlist_tools.devserver_partial import PARTIAL

content, output, steps = (Path(a) for a in sys.argv[1:4])
overrides = json.loads(sys.argv[4])
d.set_up_builder()
pelican = d.load(Path("pelicanconf.py").resolve(), content, output, output.parent / "cache")
pelican.settings.update(overrides)
assert d.build(pelican).ok
print("READY", flush=True)
for line in sys.stdin:
    step = json.loads(line)
    changed = {Path(p) for p in step["changed"]}
    posts = d.edited_posts(changed, content)
    if posts:
        d.write_edited_first(posts)
    status = d.build(pelican)
    d.tidy_memory()
    shutil.copytree(output, steps / step["name"] / "output")
    shutil.copytree(content, steps / step["name"] / "content")
    result = {"name": step["name"], "ok": status.ok, "summary": PARTIAL.summary, "calls": PARTIAL.calls_skipped,
              "entries": PARTIAL.entries_reused}
    print("STEP " + json.dumps(result), flush=True)
"""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fresh_build(project: Path, content: Path, output: Path, overrides: dict[str, object]) -> None:
    """A full build of `content` from nothing, as `make html` with the same settings."""
    # One -e for all: Pelican keeps only the last -e.
    options = ["-e", *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-o",
            str(output),
            "-s",
            "pelicanconf.py",
            *options,
        ],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project / "plugins"), **ENVIRONMENT},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# Relative URLs: each page's writing sets the `localsiteurl` that posts' links are
# resolved against, and a call of the writer skipped whole must leave it as it would.
@pytest.mark.parametrize("extra", [{}, {"RELATIVE_URLS": True}], ids=["site URL", "relative URLs"])
def test_each_kind_of_edit_ends_byte_identical_to_a_fresh_build(
    tmp_path: Path, extra: dict[str, object]
) -> None:
    overrides = {**OVERRIDES, **extra}
    # The kit as it is now, in a folder of its own: edits elsewhere in the working tree
    # while the test runs must not reach one build and not the other.
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "pelicanconf.py", project / "pelicanconf.py")
    for name in ("plugins", "theme"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    # A post with no Summary: (its summary is cut from the text) and a second page.
    (content / "reflections" / "a-plain-post.md").write_text(
        "Title: A plain post\nDate: 2026-11-02\nTags: interviews\n\n"
        + "Short words at the start of a post with no summary of its own. " * 2
        + "\n\n"
        + "More words, well past the summary's forty. " * 12
        + "\n",
        encoding="utf-8",
    )
    reflections = content / "reflections"
    week = reflections / "a-week-with-two-interviews.md"
    plain = reflections / "a-plain-post.md"
    listing = content / "jobs" / "senior-product-designer-fleet-tools.md"
    about = content / "pages" / "about.md"
    new_post = reflections / "a-post-added-while-it-runs.md"
    draft = reflections / "unsent-letter-to-the-hiring-panel.md"
    gone = reflections / "notes-for-my-therapist.md"

    def append(path: Path, text: str) -> None:
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    # name, the edit, the files it changed
    steps = [
        ("body", lambda: append(week, "\nA line added at the end, in the body only.\n"), [week]),
        ("body-again", lambda: append(week, "\nAnd another one.\n"), [week]),
        (
            "body-summary",
            lambda: edit(plain, "Short words at the start", "Changed words at the start"),
            [plain],
        ),
        # A listing's text: the jobs board (site-wide) shows its description.
        ("listing-body", lambda: append(listing, "\nA line added to the listing.\n"), [listing]),
        (
            "summary",
            lambda: edit(week, "Summary: A first-round call", "Summary: One first-round call"),
            [week],
        ),
        (
            "title",
            lambda: edit(week, "Title: A week with two interviews", "Title: A week of two interviews"),
            [week],
        ),
        (
            "tags",
            lambda: edit(week, "Tags: interviews, applications", "Tags: interviews, a new label"),
            [week],
        ),
        ("date", lambda: edit(week, "Date: 2026-10-10 17:45", "Date: 2026-11-25 09:00"), [week]),
        ("closing-date", lambda: edit(listing, "Closes: 2027-06-30", "Closes: 2026-11-20"), [listing]),
        ("page", lambda: append(about, "\nA sentence added to the About page.\n"), [about]),
        # Only the draft's own page and the drafts index show a draft's date.
        ("draft-date", lambda: edit(draft, "Date: 2026-11-26 23:10", "Date: 2026-11-24 23:10"), [draft]),
        (
            "new-post",
            lambda: new_post.write_text(
                "Title: A post added while it runs\nDate: 2026-11-21\nTags: interviews\n\nNew words.\n",
                encoding="utf-8",
            ),
            [new_post],
        ),
        ("deleted-post", lambda: gone.unlink(), [gone]),
        ("body-after-all-that", lambda: append(plain, "\nOne more line, at the end.\n"), [plain]),
    ]
    output, kept = tmp_path / "output", tmp_path / "steps"
    builder = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(content), str(output), str(kept), json.dumps(overrides)],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project / "plugins"), **ENVIRONMENT},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert builder.stdin is not None and builder.stdout is not None
    results = {}

    def wait_for(marker: str) -> str:
        assert builder.stdout is not None
        line = ""
        while not line.startswith(marker):  # Pelican prints to stdout too
            line = builder.stdout.readline()
            assert line, builder.stderr.read() if builder.stderr else ""
        return line.removeprefix(marker)

    try:
        wait_for("READY")  # no edit while the first build reads the files
        for name, change, changed in steps:
            change()
            builder.stdin.write(json.dumps({"name": name, "changed": [str(p) for p in changed]}) + "\n")
            builder.stdin.flush()
            results[name] = json.loads(wait_for("STEP "))
    finally:
        builder.stdin.close()
        builder.wait(timeout=120)
    assert builder.returncode == 0

    for name, *_ in steps:
        assert results[name]["ok"], results[name]
        fresh = tmp_path / "fresh" / name
        fresh_build(project, kept / name / "content", fresh, overrides)
        found = differences(kept / name / "output", fresh)
        assert found == [], (name, results[name]["summary"], found)

    # The partial rebuilds did skip pages: a body edit renders the post's own page, the
    # lists and feeds that show it (14 here), not the site.
    summaries = {name: result["summary"] for name, result in results.items()}
    for name in ("body", "body-again", "body-after-all-that", "page", "draft-date"):
        assert " left as they were" in summaries[name], summaries
        rendered, left = (int(word) for word in summaries[name].replace(",", "").split() if word.isdigit())
        assert rendered * 3 < rendered + left, summaries[name]
        # Most of them before Pelican made their pages: a post's own page, a list's pages.
        assert results[name]["calls"] * 2 > left, (name, results[name])
    # The lists a post's edit renders again show the other posts' entries as the last
    # build left them (the first from entries rendered in the forked workers).
    for name in ("body", "body-again", "body-after-all-that"):
        assert results[name]["entries"] > 0, (name, results[name])
    # Edits other pages show (a title, labels, a date) or a file added or removed: everything.
    for name in ("title", "tags", "date", "new-post", "deleted-post"):
        assert summaries[name].startswith("all "), summaries
        assert results[name]["entries"] == 0, (name, results[name])


ENTRY = (
    "{% macro entry(post, SITEURL, level) %}{{ seen(post) }}"
    "<h{{ level }}>{{ post.title }} (with {{ post.other.title }})</h{{ level }}>{% endmacro %}"
)
LIST = '{% from "entry.html" import entry %}{% for p in posts %}[{{ entry|once(p, SITEURL, 2) }}]{% endfor %}'


def test_list_entries_are_kept_between_builds_until_something_they_read_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A post's entry in the lists (rendered_once) is handed back from the last build
    when nothing it read changed, and each page that shows it is noted as reading what
    the entry read (another post here), on its first use in a build and on every other."""
    import copy

    import jinja2
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from shortlist_core import rendered_once
    from shortlist_tools import devserver_partial as dp

    monkeypatch.setattr(jinja2.Environment, "getattr", jinja2.Environment.getattr)
    monkeypatch.setattr(jinja2.Environment, "getitem", jinja2.Environment.getitem)
    monkeypatch.setattr(rendered_once, "KEEPER", None)
    partial = dp.PartialRender()
    dp.install()
    rendered_once.KEEPER = partial

    (tmp_path / "entry.html").write_text(ENTRY, encoding="utf-8")
    (tmp_path / "list.html").write_text(LIST, encoding="utf-8")
    seen: list[str] = []
    settings = copy.deepcopy(DEFAULT_CONFIG)

    def build() -> jinja2.Template:
        """A new build's environment (Pelican makes one per generator and build)."""
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
        env.filters["once"] = dp.noting_filter(rendered_once.once)
        env.globals["seen"] = lambda post: seen.append(post.title) or ""
        rendered_once.forget()
        return env.get_template("list.html")

    def posts(a_title: str = "A", c_title: str = "C", b_title: str = "B") -> list[Article]:
        a, b, c = (
            Article("<p>x</p>", metadata={"title": t}, settings=settings, source_path=f"/s/{n}.md")
            for t, n in ((a_title, "a"), (b_title, "b"), (c_title, "c"))
        )
        a.other, b.other, c.other = c, c, c
        return [a, b, c]

    def plan(template: jinja2.Template, full: bool, changed: frozenset[str] = frozenset()) -> dp.Plan:
        partial.plan = dp.Plan({}, 0, full, "", changed, fingerprints=dp.Fingerprints({}, {}))
        partial.plan.envs = {id(template.environment): "0:ArticlesGenerator"}
        return partial.plan

    def page(template: jinja2.Template, name: str, shown: list[Article]) -> str:
        return dp.DecidingTemplate(template, partial).render(
            {"posts": shown, "SITEURL": "", "output_file": name}
        )

    template = build()
    first = plan(template, full=True)
    a, b, c = posts()
    assert page(template, "one.html", [a, b]) == "[<h2>A (with C)</h2>][<h2>B (with C)</h2>]"
    assert page(template, "two.html", [a]) == "[<h2>A (with C)</h2>]"
    assert seen == ["A", "B"]  # once per build
    keys = {dp.key_of(p) for p in (a, b, c)}
    # The other post read inside the entry counts as read by both pages.
    assert first.rendered["one.html"][0] == keys
    assert first.rendered["two.html"][0] == {dp.key_of(a), dp.key_of(c)}
    partial.finish(ok=True)

    # Next build: C's title changed, so A's entry and B's (they read C) are rendered again.
    template = build()
    a, b, c = posts(c_title="C2")
    plan(template, full=False, changed={dp.key_of(c)})
    assert page(template, "one.html", [a, b]) == "[<h2>A (with C2)</h2>][<h2>B (with C2)</h2>]"
    assert seen == ["A", "B", "A", "B"]
    partial.finish(ok=True)

    # Next: A changed, not B: B's entry is the one kept (even where it is first used in
    # this build by a page that reads nothing else), A's is rendered again.
    template = build()
    a, b, c = posts(a_title="A3", c_title="C2")
    third = plan(template, full=False, changed={dp.key_of(a)})
    assert page(template, "two.html", [b]) == "[<h2>B (with C2)</h2>]"
    assert third.rendered["two.html"][0] == {dp.key_of(b), dp.key_of(c)}
    assert page(template, "one.html", [a, b]) == "[<h2>A3 (with C2)</h2>][<h2>B (with C2)</h2>]"
    assert seen == ["A", "B", "A", "B", "A3"]
    partial.finish(ok=True)
    assert partial.entries_reused == 1

    # B changed in a build that showed no list with it: its entry is not kept for later.
    template = build()
    a, b, c = posts(a_title="A3", c_title="C2", b_title="B4")
    plan(template, full=False, changed=frozenset({dp.key_of(b)}))
    page(template, "three.html", [a])
    partial.finish(ok=True)
    template = build()
    plan(template, full=False)
    assert page(template, "four.html", [a, b]) == "[<h2>A3 (with C2)</h2>][<h2>B4 (with C2)</h2>]"
    assert seen[-1] == "B4"
    partial.finish(ok=True)

    # A full rebuild renders every entry again; so does another generator's environment.
    template = build()
    plan(template, full=True)
    page(template, "one.html", [a, b])
    assert seen[-2:] == ["A3", "B4"]
    partial.finish(ok=True)
    template = build()
    plan(template, full=False).envs = {id(template.environment): "1:PagesGenerator"}
    page(template, "one.html", [a, b])
    assert seen[-2:] == ["A3", "B4"]
    partial.finish(ok=True)
    assert partial.entries_reused == 0
