"""The analysts' corrections the prepare stage applies (pipeline/prepare/corrections.py):
missed redactions in every redacted text and in the lemmas, proposal flags with their units,
after the cache and into the stage's metrics."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import labels as lab
from pipeline.prepare.corrections import (
    apply_corrections,
    apply_proposal_flags,
    apply_redactions,
)
from pipeline.prepare.stage import PreparedResult, apply_analyst_corrections


def _frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    subs = pd.DataFrame({"submission_id": ["s"],
                         "text_redacted": ["Hilsen TOBBE\npølsemaker, TLF 9999. Tobbeland"],
                         "theme_explanation": ["nevner Tobbe Pølsemaker"]})
    segs = pd.DataFrame({
        "segment_id": ["s-000", "s-001", "s-002"], "submission_id": ["s"] * 3,
        "text_redacted": ["Tobbe Pølsemaker sier", "Vi krever fast ansettelse.", "Hilsen"],
        "heading": ["Fra Tobbe Pølsemaker", "", ""], "explanation": ["", "", ""],
        "lemmas": [["tobbe", "pølsemaker", "si"], ["krev", "fast"], ["hilsen"]],
        "is_proposal": [False, True, False], "proposal_unit": ["", "s-u001", ""]})
    return subs, segs


def test_redactions_reach_every_redacted_text_and_the_lemmas():
    subs, segs = _frames()
    terms = [("Tobbe Pølsemaker", "[NAVN]"), ("tlf 9999", "[TELEFON]")]
    subs2, segs2, changed = apply_redactions(subs, segs, terms)
    assert subs2["text_redacted"][0] == "Hilsen [NAVN], [TELEFON]. Tobbeland"
    assert subs2["theme_explanation"][0] == "nevner [NAVN]"
    assert segs2["text_redacted"][0] == "[NAVN] sier"
    assert segs2["heading"][0] == "Fra [NAVN]"
    assert segs2["lemmas"][0] == ["si"]
    assert changed == 2
    assert subs["text_redacted"][0].startswith("Hilsen TOBBE")  # inputs untouched
    same_subs, same_segs, none = apply_redactions(subs, segs, [])
    pd.testing.assert_frame_equal(same_subs, subs)
    pd.testing.assert_frame_equal(same_segs, segs)
    assert none == 0


def test_proposal_flags_set_the_flag_and_the_unit():
    _, segs = _frames()
    flags = {"s-000": True, "s-001": False, "gone-000": True}
    out, applied, stale = apply_proposal_flags(segs, flags)
    assert out["is_proposal"].tolist() == [True, False, False]
    assert out["proposal_unit"].tolist() == ["s-000-m", "", ""]
    assert (applied, stale) == (2, ["gone-000"])
    assert segs["is_proposal"].tolist() == [False, True, False]  # input untouched


def test_corrections_from_the_files_into_the_result_and_its_metrics(tmp_path: Path):
    (tmp_path / lab.REDACTIONS).write_text(
        "text,placeholder,comment,by,at\nTobbe Pølsemaker,[NAVN],,Kari,2026-05-01T10:00:00Z\n",
        encoding="utf-8")
    (tmp_path / lab.PROPOSAL_FLAGS).write_text(
        "segment_id,is_proposal,comment,by,at\ns-002,true,,Kari,2026-05-01T10:00:00Z\n",
        encoding="utf-8")
    subs, segs = _frames()
    result = PreparedResult(subs, segs, {"n_proposals": 1, "n_proposal_units": 1})
    apply_analyst_corrections(result, tmp_path)
    assert result.segments["text_redacted"][0] == "[NAVN] sier"
    assert result.segments["is_proposal"].tolist() == [False, True, True]
    assert result.metrics["n_proposals"] == 2 and result.metrics["n_proposal_units"] == 2
    assert result.metrics["analyst_corrections"] == {
        "redaction_terms": 1, "texts_redacted": 2, "proposal_flags_applied": 1,
        "proposal_flags_stale": []}
    assert "Kari" not in str(result.metrics)  # who corrected stays in data/labels/


def test_no_files_change_nothing_and_a_bad_file_stops_the_stage(tmp_path: Path):
    subs, segs = _frames()
    subs2, segs2, metrics = apply_corrections(subs, segs, tmp_path)
    pd.testing.assert_frame_equal(subs2, subs)
    pd.testing.assert_frame_equal(segs2, segs)
    assert metrics["redaction_terms"] == 0 and metrics["proposal_flags_applied"] == 0
    (tmp_path / lab.REDACTIONS).write_text("text,placeholder\nKari,[HEMMELIG]\n")
    with pytest.raises(lab.LabelsError, match="ukjent plassholder"):
        apply_corrections(subs, segs, tmp_path)
