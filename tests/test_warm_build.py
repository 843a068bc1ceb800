"""A warm build (make publish with the content cache an earlier build left in
.shortlist-cache/) writes exactly the files a cold build (an empty cache) writes.

One copy of the project is built again and again, as a site is day after day: each
warm build, after one change, is compared file by file with a cold build of the same
project (Pagefind's run-to-run files aside, as bench/same_output.py does). Builds run
the command `make publish` runs (make -n), from the project's folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DRAFT_SLUG, DRAFT_TITLE, HIDDEN_SLUG, HIDDEN_TITLE, ROOT, SOURCE_DATE_EPOCH, project_copy

sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "plugins"))
from same_output import differences

SITEURL = "https://warm.example.org/site"
VENV = Path(sys.executable).parent.parent


@dataclass
class Built:
    output: Path
    returncode: int
    log: str


def publish_command(project: Path, cache: Path, output: Path) -> str:
    """The pelican line of `make publish`, with this cache folder and output."""
    recipe = subprocess.run(
        [
            "make",
            "-n",
            "--no-print-directory",
            "publish",
            f"VENV={VENV}",
            f"CACHEDIR={cache}",
            f"PUBLISHDIR={output}",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (line,) = [line for line in recipe.splitlines() if "-s publishconf.py" in line]
    return line


def publish(project: Path, cache: Path, output: Path) -> Built:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "SITEURL": SITEURL}
    env.pop("SHORTLIST_DRAFTS", None)
    env.update({"COLUMNS": "400", "TERM": "dumb", "NO_COLOR": "1"})
    done = subprocess.run(
        ["bash", "-c", publish_command(project, cache, output)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Built(output, done.returncode, " ".join((done.stdout + done.stderr).split()))


def unchanged(log: str) -> tuple[int, int]:
    """(files from the cache, files looked up) as the build said."""
    found = re.search(r"Content cache: (\d+) of (\d+) files unchanged", log)
    assert found, log
    return int(found[1]), int(found[2])


def assert_drafts_and_hidden_posts_are_in_no_list(output: Path) -> None:
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".ics", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert DRAFT_TITLE not in text and DRAFT_SLUG not in text, path
            if HIDDEN_SLUG not in path.parts:
                assert HIDDEN_TITLE not in text, path
    assert (output / "reflections" / HIDDEN_SLUG / "index.html").is_file()


class Site:
    """The project copy, its warm cache, and a numbered cold build for each step."""

    def __init__(self, project: Path, work: Path) -> None:
        self.project, self.work = project, work
        self.cache = work / "warm-cache"
        self.step = 0

    def warm_and_cold(self) -> tuple[Built, Built]:
        self.step += 1
        warm = publish(self.project, self.cache, self.work / f"warm-{self.step}")
        cold_cache = self.work / f"cold-cache-{self.step}"
        cold = publish(self.project, cold_cache, self.work / f"cold-{self.step}")
        shutil.rmtree(cold_cache)
        assert warm.returncode == 0, warm.log
        assert cold.returncode == 0, cold.log
        assert "reading every file (no cache from an earlier build)" in cold.log
        assert differences(cold.output, warm.output) == []
        assert_drafts_and_hidden_posts_are_in_no_list(warm.output)
        shutil.rmtree(cold.output)
        return warm, cold

    def content(self, relative: str) -> Path:
        return self.project / "content" / relative


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    work = tmp_path_factory.mktemp("warm")
    project = project_copy(work / "project")
    yield Site(project, work)


SAMPLE_FILES = 15  # posts, listings and pages in the sample site, the draft and the hidden post with them


def test_a_first_build_fills_the_cache_and_a_fresh_checkout_reads_none_again(site: Site) -> None:
    first = publish(site.project, site.cache, site.work / "first")
    assert first.returncode == 0, first.log
    assert "reading every file (no cache from an earlier build)" in first.log
    # A fresh git checkout (the Pages workflow) dates every file anew: the bytes count.
    for path in (site.project / "content").rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))
    warm, _ = site.warm_and_cold()
    # The post with a picture too: shortlist_images measures a picture dated anew
    # again, and its size is what it was.
    assert unchanged(warm.log) == (SAMPLE_FILES, SAMPLE_FILES)
    assert "reading every file" not in warm.log


def test_editing_a_post(site: Site) -> None:
    post = site.content("reflections/a-week-with-two-interviews.md")
    text = post.read_text(encoding="utf-8")
    text = text.replace("Title: A week with two interviews", "Title: A week with two long interviews")
    post.write_text(text.replace("Two interviews this week", "Two interviews, one week"), encoding="utf-8")
    warm, _ = site.warm_and_cold()
    assert unchanged(warm.log) == (SAMPLE_FILES - 1, SAMPLE_FILES)
    # The slug comes from the title.
    page = warm.output / "reflections" / "a-week-with-two-long-interviews" / "index.html"
    assert "Two interviews, one week" in page.read_text(encoding="utf-8")


def test_adding_a_post(site: Site) -> None:
    site.content("advice/a-new-post-sharing-labels.md").write_text(
        "Title: A new post sharing labels\nDate: 2026-11-20 09:00\nTags: interviews, rejection\n"
        "Author: Priya Natarajan\n\nIt links to [an older one]({filename}/reflections/"
        "a-week-with-two-interviews.md).\n",
        encoding="utf-8",
    )
    warm, _ = site.warm_and_cold()
    assert unchanged(warm.log) == (SAMPLE_FILES, SAMPLE_FILES + 1)
    assert (warm.output / "advice" / "a-new-post-sharing-labels" / "index.html").is_file()


def test_deleting_a_post(site: Site) -> None:
    site.content("reflections/coming-in-second-after-a-final-round.md").unlink()
    warm, _ = site.warm_and_cold()
    assert unchanged(warm.log) == (SAMPLE_FILES, SAMPLE_FILES)
    assert not (warm.output / "reflections" / "coming-in-second-after-a-final-round").exists()


def test_a_cache_left_half_written_is_thrown_away(site: Site) -> None:
    articles = site.cache / "publish" / "ArticlesGenerator"
    articles.write_bytes(articles.read_bytes()[:1000])
    warm, _ = site.warm_and_cold()
    assert "reading every file (the cache was left incomplete)" in warm.log
    assert unchanged(warm.log) == (0, SAMPLE_FILES)


def test_a_settings_change_throws_the_cache_away(site: Site) -> None:
    # Read when a post is read (its "n min read"): a cache kept would show the old one.
    with open(site.project / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write("\nADVICE_WORDS_PER_MINUTE = 40\n")
    warm, _ = site.warm_and_cold()
    assert "reading every file (the settings changed since the last build)" in warm.log
    assert unchanged(warm.log) == (0, SAMPLE_FILES)


def test_a_theme_change_throws_the_cache_away(site: Site) -> None:
    base = site.project / "theme" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "{# changed #}\n", encoding="utf-8")
    warm, _ = site.warm_and_cold()
    assert "reading every file (the theme changed since the last build)" in warm.log


def test_a_plugin_change_throws_the_cache_away(site: Site) -> None:
    # Worked out when a post is read and kept in the cache with it.
    code = site.project / "plugins" / "advice_articles" / "article_data.py"
    text = code.read_text(encoding="utf-8")
    assert "math.ceil(words / words_per_minute)" in text
    code.write_text(
        text.replace("math.ceil(words / words_per_minute)", "math.ceil(2 * words / words_per_minute)")
    )
    warm, _ = site.warm_and_cold()
    assert "reading every file (the plugins changed since the last build)" in warm.log
    assert unchanged(warm.log) == (0, SAMPLE_FILES)


def test_a_warm_publish_still_fails_on_the_problems_of_a_file_it_does_not_read_again(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    advice = project / "content" / "advice"
    # A problem found while reading (the FAQ check) and a near miss (Summmary:): both
    # leave the file built in a development build, and fail a published one.
    (advice / "empty-faq.md").write_text(
        "Title: Empty FAQ\nDate: 2026-11-08\nSummmary: typo\n\nIntro.\n\n## FAQ\n\nNothing here yet.\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    cold = publish(project, cache, tmp_path / "cold")
    warm = publish(project, cache, tmp_path / "warm")
    for build in (cold, warm):
        assert build.returncode == 1, build.log
        assert "content/advice/empty-faq.md" in build.log
        assert "FAQ: the FAQ heading has no questions under it" in build.log
        assert "Summmary: not a known field" in build.log
        assert "2 problems found" in build.log
    assert unchanged(warm.log) == (SAMPLE_FILES + 1, SAMPLE_FILES + 1)


def test_the_pages_workflow_keeps_the_cache_make_publish_uses() -> None:
    import yaml

    workflow = ROOT / ".github" / "workflows" / "pages.yml"
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    build = next(i for i, step in enumerate(steps) if step.get("run") == "make publish")
    cache = next(i for i, step in enumerate(steps) if step.get("name") == "Keep the posts read between runs")
    assert cache < build and steps[cache]["uses"].startswith("actions/cache@")
    saved = steps[cache]["with"]
    command = publish_command(ROOT, Path(".shortlist-cache"), Path("publish-output"))
    assert command.startswith(f'SHORTLIST_CACHE_PATH="{saved["path"]}" ')
    # A new cache each run, the newest restored, only from runs with the same
    # requirements and settings.
    assert saved["key"].startswith(saved["restore-keys"])
    assert "hashFiles('requirements.txt', 'pelicanconf.py', 'publishconf.py')" in saved["restore-keys"]
    assert "github.run_id" in saved["key"]
    # No other step saves it too (the share cards' step keeps its own folder).
    others = [
        s["with"]["path"]
        for s in steps
        if s.get("uses", "").startswith("actions/cache@") and s is not steps[cache]
    ]
    assert all(
        not saved["path"].startswith(path.rstrip("/") + "/") and path != saved["path"] for path in others
    )


def test_a_files_stamp_is_read_once_a_build_until_the_file_is_written_again(tmp_path: Path) -> None:
    """Pelican stamps each post six times a build (sha256 of its bytes); the kit keeps
    the stamp while the file's status is unchanged, and any write changes that (its
    change time), even one that keeps the size and puts the modification time back."""
    import hashlib

    from shortlist_warm_cache import remembered

    post = tmp_path / "post.md"
    post.write_bytes(b"Title: One\n\nfirst")
    read: list[str] = []

    def sha256_of(filename: str) -> bytes:
        read.append(filename)
        return hashlib.sha256(Path(filename).read_bytes()).digest()

    stamp = remembered(sha256_of)
    assert stamp(str(post)) == stamp(str(post)) == hashlib.sha256(b"Title: One\n\nfirst").digest()
    assert len(read) == 1
    before = post.stat()
    time.sleep(0.05)  # the kernel's file clock moves in ticks of a few milliseconds
    post.write_bytes(b"Title: One\n\nfirsT")
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert post.stat().st_size == before.st_size and post.stat().st_mtime_ns == before.st_mtime_ns
    assert stamp(str(post)) == hashlib.sha256(b"Title: One\n\nfirsT").digest()
    assert len(read) == 2
    post.unlink()
    with pytest.raises(OSError):  # as before: Pelican warns about the file
        stamp(str(post))


def test_the_python_digest_changes_with_any_installed_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package installed, upgraded or removed (its metadata folder on sys.path, named
    by the installer `name-version.dist-info`) throws the content cache away."""
    from shortlist_warm_cache.fingerprint import python_digest

    packages = tmp_path / "site-packages"
    (packages / "somepackage-1.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(packages))
    before = python_digest()
    assert python_digest() == before
    (packages / "somepackage-1.0.dist-info").rename(packages / "somepackage-1.1.dist-info")
    upgraded = python_digest()
    (packages / "older_tool-0.3.egg-info").mkdir()
    added = python_digest()
    (packages / "somepackage-1.1.dist-info").rmdir()
    removed = python_digest()
    assert len({before, upgraded, added, removed}) == 4
    # Python's own modules, or anything else in the folder, change nothing.
    (packages / "somemodule.py").write_text("")
    assert python_digest() == removed


def test_the_settings_files_are_the_modules_loaded_from_outside_python_and_the_plugins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shortlist_warm_cache.fingerprint import project_modules

    project = tmp_path / "project"
    project.mkdir()
    (project / "mysettings_for_the_test.py").write_text("VALUE = 1\n")
    (project / "linked_settings_for_the_test.py").symlink_to(project / "mysettings_for_the_test.py")
    monkeypatch.syspath_prepend(str(project))
    import linked_settings_for_the_test  # noqa: F401
    import mysettings_for_the_test  # noqa: F401

    found = project_modules([ROOT / "plugins"])
    assert (project / "mysettings_for_the_test.py").resolve() in found
    assert not [path for path in found if "site-packages" in path.parts or (ROOT / "plugins") in path.parents]
    settings_module = sys.modules.get("pelicanconf")  # whichever project's a test loaded
    if settings_module is not None and settings_module.__file__:
        assert Path(settings_module.__file__).resolve() in found
