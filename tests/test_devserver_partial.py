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
from pelican import signals
from shortlist_parallel import writer
from shortlist_tools import devserver as d, devserver_files, devserver_partial
from shortlist_tools.devserver_partial import PARTIAL
from shortlist_tools.preview import choose_pages, preview_writer

content, output, steps = (Path(a) for a in sys.argv[1:4])
overrides = json.loads(sys.argv[4])
devserver_files.install()
devserver_partial.install()
signals.all_generators_finalized.connect(d.current_context)
signals.all_generators_finalized.connect(choose_pages)
signals.all_generators_finalized.connect(d.LAST_BUILD.seen)
signals.get_writer.connect(preview_writer)
signals.all_generators_finalized.connect(PARTIAL.seen)
signals.all_generators_finalized.connect(d.WRITTEN.seen)
writer.COLLECTORS.append((PARTIAL.take_rendered, PARTIAL.merge_rendered))
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
    shutil.copytree(output, steps / step["name"] / "output")
    shutil.copytree(content, steps / step["name"] / "content")
    result = {"name": step["name"], "ok": status.ok, "summary": PARTIAL.summary, "calls": PARTIAL.calls_skipped}
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
    # Edits other pages show (a title, labels, a date) or a file added or removed: everything.
    for name in ("title", "tags", "date", "new-post", "deleted-post"):
        assert summaries[name].startswith("all "), summaries
