"""A new user's first hour: `make init`, and a publish build that never points at the
sample's address (it is given one, or works it out, or stops with a clear message)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SOURCE_DATE_EPOCH, parse_html, project_copy

sys.path.insert(0, str(ROOT / "plugins"))

from shortlist_core.github_pages import pages_url_from_remote, published_siteurl

VENV = Path(sys.executable).parent.parent


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://github.com/ana-rivera/job-search.git", "https://ana-rivera.github.io/job-search"),
        ("https://github.com/ana-rivera/job-search", "https://ana-rivera.github.io/job-search"),
        ("git@github.com:Ana-Rivera/job-search.git", "https://ana-rivera.github.io/job-search"),
        ("ssh://git@github.com/ana/jobs.git\n", "https://ana.github.io/jobs"),
        ("https://token@github.com/ana/jobs.git", "https://ana.github.io/jobs"),
        ("https://github.com/ana/ana.github.io.git", "https://ana.github.io"),
        ("git@github.com:Ana/ana.github.io.git", "https://ana.github.io"),
        ("https://gitlab.com/ana/jobs.git", None),
        ("/srv/git/jobs.git", None),
        ("", None),
    ],
)
def test_the_pages_address_of_a_github_remote(remote: str, expected: str | None) -> None:
    assert pages_url_from_remote(remote) == expected


def test_where_the_published_address_comes_from_in_order() -> None:
    remote = "git@github.com:ana/jobs.git"
    assert published_siteurl(
        "https://ci.example.org/", "https://set.example.org", "jobs.example.org", remote
    ) == (
        "https://ci.example.org",
        "the SITEURL environment variable",
    )
    assert published_siteurl("", "https://set.example.org/", "jobs.example.org", remote)[0] == (
        "https://set.example.org"
    )
    assert published_siteurl("", "", "jobs.example.org", remote)[0] == "https://jobs.example.org"
    assert published_siteurl("", "", "", remote) == (
        "https://ana.github.io/jobs",
        "the git remote 'git@github.com:ana/jobs.git'",
    )
    assert published_siteurl("", "", "", "") == (None, "")


def make(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "COLUMNS": "300", "TERM": "dumb"}
    environment.pop("SITEURL", None)
    environment.update(env or {})
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", *args],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def test_publish_without_an_address_stops_and_says_how_to_give_one(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "site")
    done = make(project, "publish")
    assert done.returncode != 0
    text = done.stdout + done.stderr
    assert "cannot tell the address the site is published at" in text
    assert "PUBLISH_SITEURL" in text and "content/extra/CNAME" in text and "git remote add origin" in text
    assert "Traceback" not in text
    assert not (project / "publish-output" / "index.html").exists()


def test_publish_works_out_the_address_from_the_github_remote(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "site")
    git(project, "init", "--quiet")
    git(project, "remote", "add", "origin", "git@github.com:ana-rivera/job-search.git")
    done = make(project, "publish")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Publishing for https://ana-rivera.github.io/job-search (from the git remote" in done.stderr
    home = (project / "publish-output" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://ana-rivera.github.io/job-search/theme/css/shortlist.css"' in home
    assert "samortega" not in home


def test_make_init_makes_the_site_yours_and_keeps_what_you_wrote(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "site")
    mine = project / "content" / "reflections" / "my-first-week.md"
    mine.write_text("Title: My first week\nDate: 2026-11-28\nTags: start\n\nIt began.\n", encoding="utf-8")
    edited = project / "content" / "reflections" / "a-week-with-two-interviews.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy own note.\n", encoding="utf-8")
    done = make(
        project,
        "init",
        "NAME=Ana's search",
        "AUTHOR=Ana Rivera",
        "SITEURL=https://ana-rivera.github.io/job-search/",
        "TAGLINE=Looking for a staff designer role, in public",
        "EMAIL=ana@example.org",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    config = (project / "pelicanconf.py").read_text(encoding="utf-8")
    assert 'SITENAME = "Ana\'s search"' in config
    assert 'AUTHOR = "Ana Rivera"' in config
    assert 'PUBLISH_SITEURL = "https://ana-rivera.github.io/job-search"' in config
    assert 'JOBS_REPORT_EMAIL = "ana@example.org"' in config
    assert "Sam Ortega" not in config
    # The sample is gone, what the user wrote or changed is not.
    left = sorted(p.relative_to(project / "content").as_posix() for p in (project / "content").rglob("*.*"))
    assert left == [
        "extra/robots.txt",
        "pages/about.md",
        "pages/subscribe.md",
        "reflections/a-week-with-two-interviews.md",
        "reflections/my-first-week.md",
    ]
    assert "Kept content/reflections/a-week-with-two-interviews.md" in done.stdout
    about = (project / "content" / "pages" / "about.md").read_text(encoding="utf-8")
    assert "Looking for a staff designer role" in about and "Sam" not in about
    assert "Sam" not in (project / "content" / "pages" / "subscribe.md").read_text(encoding="utf-8")
    assert "make devserver" in done.stdout and "make post" in done.stdout
    assert (
        "The site will be published at https://ana-rivera.github.io/job-search (from PUBLISH_SITEURL"
        in done.stdout
    )

    again = make(project, "init")
    assert again.returncode == 0
    assert (project / "pelicanconf.py").read_text(encoding="utf-8") == config
    assert about == (project / "content" / "pages" / "about.md").read_text(encoding="utf-8")

    built = make(project, "html")
    assert built.returncode == 0 and "problem" not in built.stdout + built.stderr, built.stdout + built.stderr
    # No advice yet: no header link to an advice page that is not there.
    nav = [
        a["href"]
        for a in parse_html((project / "output" / "index.html").read_text()).select("nav.site-nav a")
    ]
    assert "/reflections/" in nav and "/jobs/" in nav and "/advice/" not in nav
    checked = make(project, "check")
    assert checked.returncode == 0 and "No problems" in checked.stdout, checked.stdout + checked.stderr
    published = make(project, "publish")
    assert published.returncode == 0, published.stdout + published.stderr
    page = parse_html((project / "publish-output" / "index.html").read_text(encoding="utf-8"))
    assert page.select_one("link[rel=stylesheet]")["href"].startswith(
        "https://ana-rivera.github.io/job-search/"
    )
    assert "Ana's search" in page.title.text

    # The kit's own tests build their own sample, so they pass whatever content/ holds.
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests/test_site_build.py"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
