"""Publishing: `make publish` into its own folder, `make github` with ghp-import, and the
GitHub Actions workflow."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SOURCE_DATE_EPOCH, project_copy

BIN = Path(sys.executable).parent
WORKFLOW = ROOT / ".github/workflows/pages.yml"
# Where make publish builds, from the Makefile itself.
PUBLISHDIR = re.search(r"^PUBLISHDIR \?= (\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)[1]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Shortlist Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Shortlist Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def clone_with_remote(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the project as its own repository on main, with a bare 'origin'."""
    work = project_copy(tmp_path / "site")
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(remote), cwd=tmp_path)
    git("init", "--quiet", "--initial-branch=main", cwd=work)
    (work / "content/extra/CNAME").write_text("jobs.example.org\n", encoding="utf-8")
    git("add", "-A", cwd=work)
    git("commit", "--quiet", "-m", "The site", cwd=work)
    git("remote", "add", "origin", str(remote), cwd=work)
    git("push", "--quiet", "origin", "main", cwd=work)
    return work, remote


def make_github(work: Path, remote: str = "origin") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env.pop("SITEURL", None)
    return subprocess.run(
        ["make", "github", f"VENV={BIN.parent}", f"GITHUB_REMOTE={remote}"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_make_github_publishes_to_gh_pages_and_leaves_main_alone(clone_with_remote) -> None:
    work, remote = clone_with_remote
    main_before = git("rev-parse", "main", cwd=work)
    # What a running `make devserver` serves: publishing must not touch it.
    devserver_output = work / "output"
    (devserver_output / "reflections").mkdir(parents=True)
    (devserver_output / "index.html").write_text("<p>the devserver's page</p>\n", encoding="utf-8")
    (devserver_output / "reflections" / "draft-preview.html").write_text("draft\n", encoding="utf-8")
    before = snapshot(devserver_output)
    runs = []
    for _ in range(2):
        done = make_github(work)
        assert done.returncode == 0, done.stdout + done.stderr
        runs.append(done.stdout + done.stderr)
    # The first publish, with no gh-pages branch anywhere yet, says so and shows no error.
    assert "has no gh-pages branch yet" in runs[0]
    assert "Error" not in runs[0] and "(ignored)" not in runs[0] and "fatal" not in runs[0], runs[0]
    assert "has no gh-pages branch yet" not in runs[1] and "Error" not in runs[1], runs[1]
    assert snapshot(devserver_output) == before
    assert (work / PUBLISHDIR / "index.html").is_file()
    files = git("ls-tree", "--name-only", "gh-pages", cwd=remote).splitlines()
    assert {"index.html", ".nojekyll", "CNAME"} <= set(files)
    assert git("show", "gh-pages:CNAME", cwd=remote) == "jobs.example.org"
    assert git("rev-list", "--count", "gh-pages", cwd=remote) == "2"
    assert git("rev-parse", "main", cwd=work) == main_before
    assert git("rev-parse", "main", cwd=remote) == main_before
    assert git("symbolic-ref", "--short", "HEAD", cwd=work) == "main"
    assert git("status", "--porcelain", cwd=work) == ""
    # The published site has absolute links to the custom domain.
    index = git("show", "gh-pages:index.html", cwd=remote)
    assert 'href="https://jobs.example.org/reflections/"' in index


def test_make_github_keeps_history_from_a_fresh_clone(clone_with_remote, tmp_path: Path) -> None:
    work, remote = clone_with_remote
    assert make_github(work).returncode == 0
    second = tmp_path / "second-clone"
    git("clone", "--quiet", str(remote), str(second), cwd=tmp_path)
    done = make_github(second)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git("rev-list", "--count", "gh-pages", cwd=remote) == "2"


def test_the_publish_commit_names_the_content_commit_and_uncommitted_changes(clone_with_remote) -> None:
    work, remote = clone_with_remote
    content_commit = git("log", "-1", "--format=%h", "--", "content/", cwd=work)
    # A later commit that leaves content/ alone: HEAD is not what the site was built from.
    (work / "README.md").write_text("A change to the project, not the content.\n", encoding="utf-8")
    git("commit", "--quiet", "-am", "Not the content", cwd=work)
    head = git("rev-parse", "--short", "HEAD", cwd=work)
    assert head != content_commit
    done = make_github(work)
    assert done.returncode == 0, done.stdout + done.stderr
    message = git("log", "-1", "--format=%s", "gh-pages", cwd=remote)
    assert message == f"Publish site from content/ at {content_commit} (project at {head})"

    post = work / "content/reflections/a-week-with-two-interviews.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nNot committed yet.\n", encoding="utf-8")
    done = make_github(work)
    assert done.returncode == 0, done.stdout + done.stderr
    message = git("log", "-1", "--format=%s", "gh-pages", cwd=remote)
    assert (
        message
        == f"Publish site from content/ at {content_commit} plus uncommitted changes (project at {head})"
    )


def test_make_github_stops_with_a_message_when_the_remote_cannot_be_reached(clone_with_remote) -> None:
    work, remote = clone_with_remote
    git("remote", "add", "gone", str(work.parent / "no-such-remote.git"), cwd=work)
    done = make_github(work, remote="gone")
    assert done.returncode != 0
    assert "Cannot reach gone" in done.stderr and "nothing was published" in done.stderr
    assert "(ignored)" not in done.stdout + done.stderr
    assert git("branch", "--list", "gh-pages", cwd=remote) == ""


def test_make_github_publishes_nothing_when_the_build_fails(clone_with_remote) -> None:
    work, remote = clone_with_remote
    (work / "content/reflections/broken.md").write_text("Date: 2026-11-01\n\nNo title.\n", encoding="utf-8")
    done = make_github(work)
    assert done.returncode != 0
    assert "Title: missing" in " ".join((done.stdout + done.stderr).split())
    branches = git("branch", "--list", "gh-pages", cwd=remote)
    assert branches == ""


def test_workflow_writes_the_search_log_from_a_secret_before_building() -> None:
    """The log is git-ignored (company names): the workflow gets it from a secret."""
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    names = [step.get("name", step.get("uses", "")) for step in steps]
    log_step = next(step for step in steps if "SEARCH_LOG_CSV" in step.get("env", {}))
    assert log_step["env"]["SEARCH_LOG_CSV"] == "${{ secrets.SEARCH_LOG_CSV }}"
    assert "> content/search-log.csv" in log_step["run"]
    assert names.index(log_step["name"]) < next(
        i for i, s in enumerate(steps) if s.get("run") == "make publish"
    )
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "content/search-log.csv", "content/analytics/export.csv.gz"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ignored.stdout.split() == ["content/search-log.csv", "content/analytics/export.csv.gz"]


def test_workflow_keeps_the_share_card_cache_between_runs() -> None:
    """A daily build of an unchanged site draws no card again (the cache the kit writes)."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from share_cards.settings import DEFAULTS

    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    cache = next(i for i, step in enumerate(steps) if step.get("name") == "Keep the share cards between runs")
    build = next(i for i, step in enumerate(steps) if step.get("run") == "make publish")
    assert cache < build
    assert steps[cache]["uses"].startswith("actions/cache@")
    cached = steps[cache]["with"]["path"]
    # Its own folder: the posts read are kept by a step of their own (test_warm_build.py).
    assert DEFAULTS["SHARE_CARDS_CACHE_PATH"] == cached
    assert steps[cache]["with"]["restore-keys"] and steps[cache]["with"]["key"].startswith(
        steps[cache]["with"]["restore-keys"]
    )


def test_workflow_passes_actionlint() -> None:
    done = subprocess.run(
        [str(BIN / "actionlint"), "-no-color", str(WORKFLOW)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflow_builds_on_push_daily_and_on_demand_and_deploys_with_pages_actions() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"], "runs every day"
    assert "workflow_dispatch" in triggers
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages", "actions/configure-pages"} <= set(uses)
    runs = [step.get("run", "") for step in steps]
    assert "make publish" in runs
    # It uploads the folder make publish builds, not the devserver's output/.
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == PUBLISHDIR != "output"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
