"""Bad content gets one clear message naming the file, the field and what was expected.

The dev build (pelicanconf.py) warns, skips the file and builds the rest; the
publish build (publishconf.py) lists every problem and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, run_pelican

BAD_FILES: dict[str, tuple[bytes, list[str]]] = {
    "no-title": (
        b"Date: 2026-11-01 09:00\nTags: mindset\n\nA post that forgot its title.\n",
        ["reflections/no-title.md", "Title: missing", "expected a `Title:` line"],
    ),
    "bad-date": (
        b"Title: A bad date\nDate: last tuesday\n\nBody.\n",
        ["reflections/bad-date.md", "Date: 'last tuesday' is not a full date", "such as 2026-11-29"],
    ),
    "impossible-date": (
        b"Title: An impossible date\nDate: 2026-13-45\n\nBody.\n",
        ["reflections/impossible-date.md", "Date: '2026-13-45' is not a date", "such as 2026-11-29"],
    ),
    "bad-status": (
        b"Title: A typo in the status\nDate: 2026-11-01\nStatus: publsihed\n\nBody.\n",
        [
            "reflections/bad-status.md",
            "Status: 'publsihed' is not a known status",
            "published, draft, hidden",
        ],
    ),
    "empty": (b"", ["reflections/empty.md", "the file is empty"]),
    "latin-1": (
        b"Title: Caf\xe9 notes\nDate: 2026-11-01\n\nCaf\xe9 au lait.\n",
        ["reflections/latin-1.md", "byte 0xE9 on line 1, column 11 is not UTF-8", "re-save it as UTF-8"],
    ),
}


def add_bad_file(content: Path, name: str) -> None:
    (content / "reflections" / f"{name}.md").write_bytes(BAD_FILES[name][0])


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_dev_build_warns_names_the_file_and_builds_the_rest(content_copy: Path, tmp_path: Path, name: str):
    add_bad_file(content_copy, name)
    build = run_pelican(tmp_path / "output", "pelicanconf.py", content_copy)
    assert build.returncode == 0, build.log
    log = " ".join(build.log.split())
    for fragment in BAD_FILES[name][1]:
        assert fragment in log, (fragment, build.log)
    assert "1 problem found" in log
    assert (build.output / "reflections/a-week-with-two-interviews/index.html").exists()
    assert not list(build.output.rglob(f"*{name}*"))


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_publish_build_fails_on_each_bad_file(content_copy: Path, tmp_path: Path, name: str) -> None:
    add_bad_file(content_copy, name)
    build = run_pelican(tmp_path / "output", "publishconf.py", content_copy)
    assert build.returncode != 0, build.log
    log = " ".join(build.log.split())
    for fragment in BAD_FILES[name][1]:
        assert fragment in log, (fragment, build.log)
    assert "The build failed" in log


def test_publish_build_lists_every_problem_at_once(content_copy: Path, tmp_path: Path) -> None:
    for name in BAD_FILES:
        add_bad_file(content_copy, name)
    build = run_pelican(tmp_path / "output", "publishconf.py", content_copy)
    assert build.returncode == 1, build.log
    report = " ".join(build.log.split("problems found:", 1)[1].split())
    assert f"{len(BAD_FILES)} problems found" in " ".join(build.log.split())
    for _, fragments in BAD_FILES.values():
        for fragment in fragments:
            assert fragment in report, (fragment, build.log)


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
