"""The benchmark runners' file edits: params set by line edit, the Dask table kept on rewrite,
tables repeated with new ids."""

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
import repeat_tables  # noqa: E402
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


def test_repeated_tables_keep_ids_unique_and_references_within_their_copy():
    import pandas as pd

    from pipeline import tables

    segments = pd.DataFrame({"segment_id": ["a-0", "a-1"], "submission_id": ["a", "a"],
                             "text_redacted": ["x", "y"]})
    submissions = pd.DataFrame({"submission_id": ["a", "b"], "duplicate_of": ["", "a"],
                                "campaign_id": ["k1", ""], "source_file": ["f.eml", "g.eml"]})
    scores = pd.DataFrame({"source": ["", "spm.jsonl"], "id": ["a-0", "r1"],
                           "question_id": ["q1", "q1"], "score": [0.5, 0.5]})
    seg3 = repeat_tables.repeat_table(segments, 3)
    sub3 = repeat_tables.repeat_table(submissions, 3)
    assert seg3["segment_id"].is_unique and len(seg3) == 6
    assert sub3["submission_id"].is_unique
    assert set(seg3["submission_id"]) <= set(sub3["submission_id"])
    assert sub3["duplicate_of"].tolist() == ["", "a", "", "a~r1", "", "a~r2"]
    assert sub3["campaign_id"].tolist() == ["k1", "", "k1~r1", "", "k1~r2", ""]
    assert sub3["source_file"].is_unique
    # inbox rows of the question scores follow their segment; labelled rows are left alone
    scores2 = repeat_tables.repeat_table(scores, 2)
    assert scores2["id"].tolist() == ["a-0", "r1", "a-0~r1", "r1"]
    assert tables.LABELLED_QUESTION_SCORES in repeat_tables.KEEP_AS_IS
