"""`make check` (plugins/shortlist_tools/check.py): the publish build, then every link
and picture of every page, each broken one named with the file it is written in, and a
warning for private data that git tracks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PUBLISH_SITEURL, ROOT, SOURCE_DATE_EPOCH, project_copy

VENV = Path(sys.executable).parent.parent
CHECK = ROOT / "plugins" / "shortlist_tools" / "check.py"
ENV = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "SITEURL": PUBLISH_SITEURL, "COLUMNS": "400", "TERM": "dumb"}


def run_check(content: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHECK), str(content)],
        cwd=cwd,
        env={**os.environ, **ENV},
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def test_the_clean_sample_has_no_problems(content_copy: Path) -> None:
    done = run_check(content_copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().splitlines()[-1] == "No problems."
    assert "none broken" in done.stdout
    assert "Warning" not in done.stdout  # not in a git repository: nothing is committed


LINKS_NOWHERE = """\
Title: Links that lead nowhere
Date: 2026-11-20 10:00
Summary: Start with [the old page](/site/old-page/).

Read [my notes]({filename}/reflections/not-written-yet.md), [the about page](/about/) and
[its team section]({filename}/pages/about.md#the-team).
"""

PICTURE_NOWHERE = """\
Title: A picture that is not there
Date: 2026-11-21 10:00

![My desk, with the case study printed out](images/desk.png)

A picture written in HTML: <img src="../pictures/chair.png" alt="My chair">.
"""


def test_each_broken_link_and_picture_is_named_with_its_post(content_copy: Path) -> None:
    links = content_copy / "reflections" / "links-that-lead-nowhere.md"
    links.write_text(LINKS_NOWHERE, encoding="utf-8")
    picture = content_copy / "advice" / "a-picture-that-is-not-there.md"
    picture.write_text(PICTURE_NOWHERE, encoding="utf-8")
    done = run_check(content_copy)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    report = done.stdout[done.stdout.index("Broken links and pictures in the built site:") :]
    lines = report.splitlines()
    # Grouped by file: each post's heading, then its problems.
    at_links = lines.index(f"  {links}")
    at_picture = lines.index(f"  {picture}")
    links_problems = lines[at_links + 1 : at_picture if at_picture > at_links else None]
    assert any(
        line.startswith(
            "    - link '/site/old-page/': the built site has no page at https://shortlist.example.org/site/old-page/"
        )
        for line in links_problems
    ), report
    assert any(
        line.startswith(
            "    - link '{filename}/reflections/not-written-yet.md': no such file in the content folder"
        )
        for line in links_problems
    ), report
    assert any(
        line.startswith(
            "    - link '/about/': it leads to https://shortlist.example.org/about/, outside the site"
        )
        for line in links_problems
    ), report
    assert any("has no element with id 'the-team'" in line for line in links_problems), report
    # The summary's link is on every list page too, and is still named once, under the post.
    assert report.count("'/site/old-page/'") == 1
    # The Markdown picture: the build names the post and the path; the HTML one, the check.
    assert f"{picture}: image 'images/desk.png': no such file in {content_copy / 'images'}/" in out
    assert "    - image '../pictures/chair.png': the built site has no picture at" in report
    assert "image 'images/desk.png'" not in report  # not twice: the build said it already
    assert "The build failed" in out
    assert done.stdout.rstrip().splitlines()[-1].startswith("make check found problems")


def git(project: Path, *args: str) -> str:
    identity = ["-c", "user.name=Ana", "-c", "user.email=ana@example.org", "-c", "commit.gpgsign=false"]
    return subprocess.run(
        ["git", *identity, *args], cwd=project, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The kit as a fresh clone has it, with the sample site as its content/."""
    target = project_copy(tmp_path / "site")
    git(target, "init", "--quiet")
    return target


def test_make_check_warns_about_private_data_git_tracks(project: Path) -> None:
    # The user's own export, committed by mistake (git add -f past .gitignore); a
    # second one that only sits on disk is not a warning.
    export = project / "content" / "analytics" / "goatcounter-export.csv"
    shutil.copy(export, project / "content" / "analytics" / "only-on-disk.csv")
    git(project, "add", "-f", "content/analytics/goatcounter-export.csv", "content/search-log.csv")
    git(project, "commit", "--quiet", "-m", "my site")
    done = subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", "check"],
        cwd=project,
        env={**os.environ, **ENV},
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr  # warnings do not fail
    assert (
        "Warning: content/analytics/goatcounter-export.csv is committed to git: analytics exports hold "
        "your readers' user agents and locations; see README"
    ) in done.stdout
    assert "git rm --cached content/analytics/goatcounter-export.csv" in done.stdout
    assert (
        "Warning: content/search-log.csv is committed to git: the search log names the companies"
        in done.stdout
    )
    assert "only-on-disk.csv" not in done.stdout
    assert done.stdout.rstrip().splitlines()[-1] == "No problems (see the warnings above)."
    assert not (project / "output").exists()
