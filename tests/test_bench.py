"""`make bench` works end to end on a tiny corpus (that it works, not how fast)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import run
from corpus import generate


def test_corpus_is_deterministic_and_in_the_kit_layout(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 40)
    second = generate(tmp_path / "b", 40)
    files = sorted(p.relative_to(first) for p in first.rglob("*.md"))
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.md"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    kinds = {f.parts[0] for f in files}
    assert kinds == {"reflections", "advice", "jobs", "pages"}
    texts = [(first / f).read_text(encoding="utf-8") for f in files]
    assert sum("Status: draft" in t for t in texts) == 2
    assert any("## Frequently asked questions" in t for t in texts)
    assert any("Filled: yes" in t for t in texts)


def test_bench_runs_on_two_sizes_and_writes_its_results(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench/run.py"), "--posts", "20", "30", "--runs", "1", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    # The first size at the top level, as the results of a single size always were.
    assert results["posts"] == 20
    assert [size["posts"] for size in results["sizes"]] == [20, 30]
    assert {k: v for k, v in results.items() if k != "sizes"} == results["sizes"][0]
    for size in results["sizes"]:
        steps = size["steps"]
        for name in (run.DEV, run.PUBLISH, run.PLAIN, run.WARM, run.DAILY):
            assert steps[name]["median"] > 0
            assert steps[name]["peak_mib"] > 10
            assert steps[name]["pages"] > size["posts"]
        # The warm build is `make publish` with an unchanged site's cache: it read no
        # file again, and wrote what the cold one wrote.
        assert steps[run.WARM]["pages"] == steps[run.PUBLISH]["pages"]
        assert size["warm_files_read_again"] == [0, 0]
        assert size["warm_identical_to_cold"] is True
        # The next day's build: the new export changed pages (every page's popular
        # posts), and it wrote what a cold build from that export writes.
        assert size["daily_files_changed"] > size["posts"] / 2
        assert size["daily_identical_to_cold"] is True
        assert size["daily_search_parts_indexed"] == ["0 of 1"], "search reused: no result changed"
        assert steps[run.DAILY]["pages"] == steps[run.PUBLISH]["pages"]
        assert steps[run.OWN]["median"] > 0
        # The devserver's peak, read through the launcher (NaN if it wrote none).
        assert steps[run.OWN]["peak_mib"] > 10
        assert size["ratio_kit_dev_to_plain"] > 0 and size["ratio_kit_publish_warm_to_plain"] > 0
        assert {t["what"].split(",")[0] for t in size["targets"]} == {
            "full build",
            "peak memory of a kit build",
        }
    table = [line for line in done.stdout.splitlines() if line.startswith("|")]
    assert any(line.startswith("|    20 | kit, publish settings, warm cache") for line in table)
    assert any(line.startswith("|    30 | kit, publish settings, warm cache") for line in table)
    assert "20 posts: kit / plain Pelican" in done.stdout and "30 posts: kit / plain Pelican" in done.stdout
    assert "issue 15 targets at 30 posts:" in done.stdout
    assert "[bench" in done.stderr  # a progress line per step


def fake_steps(seconds: dict[str, float], peaks: dict[str, float]) -> dict[str, run.Step]:
    return {name: run.Step(name, [value], [peaks.get(name, 100.0)]) for name, value in seconds.items()}


def test_each_issue_15_target_is_judged_at_the_sizes_it_is_set_for() -> None:
    seconds = {run.DEV: 6.0, run.PUBLISH: 8.0, run.PLAIN: 10.0, run.WARM: 4.0, run.OWN: 0.7, run.SETTLED: 2.5}
    peaks = {run.DEV: 150.0, run.PUBLISH: 210.0, run.WARM: 150.0, run.PLAIN: 100.0}
    at_1k = {t.what: (t.value, t.limit, t.met) for t in run.targets(1000, fake_steps(seconds, peaks))}
    assert at_1k == {
        "full build, dev settings, of plain Pelican's time": (0.6, 0.75, True),
        "full build, make publish (cold), of plain Pelican's time": (0.8, 0.75, False),
        "full build, make publish warm (daily rebuild), of plain's time": (0.4, 0.75, True),
        "edit-to-preview, the edited page": (0.7, 0.5, False),
        "edit-to-preview, the whole site": (2.5, 3.0, True),
        "peak memory of a kit build, of plain Pelican's": (2.1, 2.0, False),
    }
    at_5k = {t.what: (t.limit, t.met) for t in run.targets(5000, fake_steps(seconds, peaks))}
    assert at_5k["edit-to-preview, the edited page"] == (1.0, True)
    assert "edit-to-preview, the whole site" not in at_5k  # set at 1,000 posts only
    line = run.Target("edit-to-preview, the edited page", 0.7, 0.5, "s").line()
    assert line.split()[-2:] == ["NOT", "MET"] and "0.70s" in line and "<= 0.5s" in line


def test_a_dev_build_keeps_its_search_parts_and_cards_where_the_bench_says(tmp_path: Path) -> None:
    """Both caches reach Pelican: given as two -e options, it kept only the last one, and
    the dev build's search parts went to the project's own cache, warm from the last run."""
    from pelican import parse_arguments

    search, cards = tmp_path / "search", tmp_path / "cards"
    command = run.build_command(
        ROOT / "pelicanconf.py", tmp_path / "content", tmp_path / "out", search, cards
    )
    assert command[1:3] == ["-m", "pelican"]
    overrides = parse_arguments(command[3:]).overrides
    assert overrides == {"SITE_SEARCH_CACHE_PATH": str(search), "SHARE_CARDS_CACHE_PATH": str(cards)}
    assert parse_arguments(run.build_command(ROOT / "pelicanconf.py", tmp_path, tmp_path)[3:]).overrides == {}
