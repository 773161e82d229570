"""The benchmark runners' file edits: params set by line edit, the Dask table kept on rewrite."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
pytest.importorskip("psutil")

import dask_run  # noqa: E402
import run  # noqa: E402


def test_set_param_edits_nested_params_and_keeps_comments(project_root, tmp_path):
    params = tmp_path / "params.yaml"
    shutil.copy(project_root / "params.yaml", params)
    run.set_param(params, "compute.backend", "dask")
    run.set_param(params, "compute.dask.n_workers", 4)
    data = yaml.safe_load(params.read_text(encoding="utf-8"))
    assert data["compute"]["backend"] == "dask"
    assert data["compute"]["dask"]["n_workers"] == 4
    # the rest is untouched, comments included
    original = (project_root / "params.yaml").read_text(encoding="utf-8").splitlines()
    edited = params.read_text(encoding="utf-8").splitlines()
    assert len(original) == len(edited)
    changed = [(a, b) for a, b in zip(original, edited, strict=True) if a != b]
    assert len(changed) == 2
    for before, after in changed:  # the comment stays, in its column
        assert after.index("#") == before.index("#")
        assert after.split("#", 1)[1] == before.split("#", 1)[1]
    run.set_param(params, "report.max_quote_chars", 301)
    assert yaml.safe_load(params.read_text(encoding="utf-8"))["report"]["max_quote_chars"] == 301
    with pytest.raises(KeyError):
        run.set_param(params, "compute.dask.no_such_key", 1)
    with pytest.raises(KeyError):  # a key of another section is not found by mistake
        run.set_param(params, "compute.seed", 1)


def test_distributed_table_survives_a_rewrite_of_results(tmp_path):
    results = tmp_path / "results.md"
    results.write_text("# Benchmark results\n\nold tables\n", encoding="utf-8")
    section = f"{dask_run.BEGIN}\n## Distributed runs (Dask)\n\n| a |\n{dask_run.END}\n"
    dask_run.write_section(results, section)
    assert results.read_text(encoding="utf-8").count("Distributed runs") == 1
    kept = run.distributed_section(results)
    assert "## Distributed runs (Dask)" in kept
    results.write_text("# Benchmark results\n\nnew tables\n" + kept, encoding="utf-8")
    dask_run.write_section(results, section.replace("| a |", "| b |"))  # replaced, not added
    text = results.read_text(encoding="utf-8")
    assert "new tables" in text and "| b |" in text and "| a |" not in text
    assert text.count(dask_run.BEGIN) == 1
