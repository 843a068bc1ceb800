"""`make bench` works end to end on a tiny corpus (that it works, not how fast)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
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


def test_bench_runs_on_30_posts_and_writes_its_results(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench/run.py"), "--posts", "30", "--runs", "1", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    steps = results["steps"]
    for name in ("kit, dev settings", "kit, publish settings", "plain Pelican (notmyidea, typogrify on)"):
        assert steps[name]["median"] > 0
        assert steps[name]["peak_mib"] > 10
        assert steps[name]["pages"] > 30
    assert steps["edit-to-preview: the edited post's page"]["median"] > 0
    assert results["ratio_kit_dev_to_plain"] > 0
    assert "kit / plain Pelican" in done.stdout
    assert "[bench" in done.stderr  # a progress line per step
