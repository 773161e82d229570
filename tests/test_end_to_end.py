"""End to end: `dvc repro` on the demo inbox in a temporary copy of the project.

This is the one slow test: it runs the pipeline as an analyst would on a fresh clone and then
checks the table contract, the ledger invariant, the report files and that DVC considers
everything up to date afterwards. As on a fresh clone, the evaluation stages are not rerun
when dvc.lock says the committed metrics come from this code, labels and params; the last
test here checks that it says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import schema, tables
from pipeline.taxonomy import load_taxonomy
from tests.project_helpers import EVAL_STAGES_ON_COMMITTED_FILES, ROOT, run_dvc

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(demo_project: Path) -> Path:
    return demo_project


def test_tables_follow_the_contract(project: Path):
    theme_ids = load_taxonomy("arbeidsliv").theme_ids
    loaded = tables.load_tables(project / "data/processed", theme_ids)
    assert len(loaded.submissions) >= 40
    assert loaded.segments is not None and len(loaded.segments) > len(loaded.submissions)
    assert loaded.topics is not None and len(loaded.topics) >= 1
    # Every stage snapshot is a full contract table.
    for name in (tables.SUBMISSIONS, tables.SUBMISSIONS_PREPARED, tables.SUBMISSIONS_TAGGED,
                 tables.SEGMENTS, tables.SEGMENTS_TAGGED, tables.SEGMENTS_CLUSTERED,
                 tables.TOPICS, tables.LEDGER, tables.QUESTION_SCORES,
                 tables.LABELLED_QUESTION_SCORES, tables.ANSWERS):
        frame = tables.read_table(project / "data/processed", name, theme_ids)
        assert len(frame) > 0, name
    subs = loaded.submissions
    assert subs["text_redacted"].str.len().gt(0).all()
    assert set(subs["language"]) <= {"nb", "nn", "en", "other"}
    assert subs[[schema.score_column(t) for t in theme_ids]].notna().all().all()
    assert subs["themes"].map(len).gt(0).mean() > 0.6, "most demo submissions are on a theme"
    segs = loaded.segments
    assert set(segs["submission_id"]) <= set(subs["submission_id"])
    assert segs["is_proposal"].any()
    assert (segs["topic_id"] >= 0).any()
    assert set(loaded.topics["topic_id"]) <= set(segs["topic_id"])


def test_every_file_is_in_the_ledger(project: Path):
    ledger = tables.read_table(project / "data/processed", tables.LEDGER)
    raw = project / "data/raw"
    files = {p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file()}
    assert set(ledger["path"]) == files
    assert ledger["status"].isin(schema.LEDGER_STATUSES).all()
    ok = ledger[ledger["status"] == "ok"]
    assert (ok["n_submissions"].astype(int) >= 1).all()
    assert (ledger["status"] == "quarantined").any(), "the demo inbox shows quarantine"
    assert ledger.loc[ledger["status"] != "ok", "reason"].str.len().gt(0).all()


def test_report_files_and_metrics(project: Path):
    reports = project / "reports"
    for name in ("rapport.html", "rapport.docx", "rapport.xlsx", "innspill.xlsx", "metrics.json"):
        assert (reports / name).stat().st_size > 0, name
    assert list((reports / "figures").glob("*.png"))
    metrics = json.loads((reports / "metrics.json").read_text(encoding="utf-8"))
    stages = ("ingest", "prepare", "eval_prepare", "tag", "eval_tag", "cluster", "eval_cluster",
              "answer", "eval_answer")
    for stage in stages:
        assert metrics.get(stage), f"metrics for {stage} missing"
    assert metrics["prepare"]["backend"]
    html = (reports / "rapport.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() or "&lt;script" in html.lower()


def test_second_repro_is_up_to_date(project: Path):
    result = run_dvc(["repro"], project)
    assert result.returncode == 0, result.stderr
    status = run_dvc(["status"], project)
    assert "up to date" in (status.stdout + status.stderr).lower(), status.stdout


def test_committed_evaluation_metrics_come_from_this_checkout():
    """``data/metrics/eval_*.json`` were computed from the code, labels and params committed
    beside them: a change to any of these without `make repro` fails here, not silently in
    the report's method chapter (nor in the demo run, which would quietly rerun them)."""
    result = run_dvc(["status", *EVAL_STAGES_ON_COMMITTED_FILES], ROOT)
    assert result.returncode == 0, result.stderr
    out = result.stdout + result.stderr
    assert "up to date" in out.lower(), f"kjør `make repro` og commit dvc.lock:\n{out}"
