"""The report stage as DVC runs it, determinism, and a headless screenshot when possible."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from report_fixtures import make_metrics, make_tables

from pipeline import common, tables
from pipeline.config import Params, PathParams
from pipeline.report import generation_date, run

EPOCH = "1767225600"  # 2026-01-01
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _project(root: Path) -> Params:
    """A project folder with the fixture written as the stages would write it."""
    raw = make_tables()
    processed = root / "data" / "processed"
    tables.write_table(raw.submissions, processed, tables.SUBMISSIONS_TAGGED)
    tables.write_table(raw.segments, processed, tables.SEGMENTS_CLUSTERED)
    tables.write_table(raw.topics, processed, tables.TOPICS)
    tables.write_table(raw.ledger, processed, tables.LEDGER)
    for name, metrics in make_metrics().items():
        if metrics:
            common.write_metrics(name, metrics, root)
    return Params(paths=PathParams(processed=processed, reports=root / "reports"))


def _run(root: Path, monkeypatch, capsys) -> str:
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    run(_project(root))
    return capsys.readouterr().out


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_stage_run_and_byte_identical_rerun(tmp_path, monkeypatch, capsys):
    first_root, second_root = tmp_path / "a", tmp_path / "b"
    first_root.mkdir()
    second_root.mkdir()
    out = _run(first_root, monkeypatch, capsys)
    assert out.startswith("report: 10 innspill, 4 forslag")
    assert "ikke målt: eval_cluster" in out
    _run(second_root, monkeypatch, capsys)
    first, second = _files(first_root / "reports"), _files(second_root / "reports")
    assert set(first) == set(second)
    assert {"rapport.html", "rapport.docx", "rapport.xlsx", "innspill.xlsx", "metrics.json",
            "figures/tema.png", "plots/tema.csv"} <= set(first)
    for name in first:
        assert first[name] == second[name], f"{name} differs between identical runs"
    assert b"1. januar 2026" in first["rapport.html"]


def test_rerun_in_place_is_identical(tmp_path, monkeypatch, capsys):
    _run(tmp_path, monkeypatch, capsys)
    before = _files(tmp_path / "reports")
    _run(tmp_path, monkeypatch, capsys)
    assert _files(tmp_path / "reports") == before


def test_generation_date_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert generation_date().isoformat() == "2026-01-01"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert generation_date() is not None


@pytest.mark.skipif(CHROMIUM is None, reason="chromium er ikke installert")
def test_headless_screenshot(tmp_path, monkeypatch, capsys):
    _run(tmp_path, monkeypatch, capsys)
    shot = tmp_path / "rapport.png"
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=1100,1600", f"--screenshot={shot}",
         (tmp_path / "reports" / "rapport.html").as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 20_000, result.stderr[-2000:]
