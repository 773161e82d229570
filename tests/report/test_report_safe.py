"""The report's privacy door: only RedactedTables get through, and text guards hold."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from report_fixtures import make_metrics, make_tables

from pipeline.config import ReportParams
from pipeline.report.context import build_context
from pipeline.report.safe import (
    EXCEL_MAX_CELL_CHARS,
    RedactedTables,
    UnsafeDataError,
    cut_quote,
    neutralise_cell,
    redacted_view,
    require_redacted,
)
from pipeline.report.xlsx import data_sheets
from pipeline.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def raw():
    return make_tables()


def test_redacted_view_drops_text_and_private_columns(raw):
    view = redacted_view(raw)
    for frame in (view.submissions, view.segments, view.topics, view.ledger):
        assert not [c for c in frame.columns
                    if c in ("text", "text_original") or c.startswith("private_")]
    assert "text_redacted" in view.submissions.columns
    assert "text_redacted" in view.segments.columns
    assert len(view.submissions) == len(raw.submissions)
    # the raw tables are untouched
    assert "private_sender_email" in raw.submissions.columns


def test_redacted_view_is_idempotent_and_fills_missing_stages(raw):
    view = redacted_view(raw)
    assert redacted_view(view) is view
    partial = dataclasses.replace(raw, segments=None, topics=None)
    view = redacted_view(partial)
    assert len(view.segments) == 0 and "topic_id" in view.segments.columns
    assert len(view.topics) == 0


def test_redacted_tables_refuses_forbidden_columns(raw):
    view = redacted_view(raw)
    for column in ("text", "text_original", "private_sender_name"):
        with pytest.raises(UnsafeDataError):
            RedactedTables(
                submissions=view.submissions.assign(**{column: "x"}), segments=view.segments,
                topics=view.topics, ledger=view.ledger,
            )


def test_renderers_refuse_raw_tables(raw):
    tax = load_taxonomy("arbeidsliv")
    with pytest.raises(UnsafeDataError):
        require_redacted(raw)
    with pytest.raises(UnsafeDataError):
        build_context(raw, tax, make_metrics(), ReportParams(), dt.date(2026, 2, 1))
    view = redacted_view(raw)
    ctx = build_context(view, tax, make_metrics(), ReportParams(), dt.date(2026, 2, 1))
    with pytest.raises(UnsafeDataError):
        data_sheets(raw, ctx, tax)


def test_frame_mutated_after_construction_is_caught(raw):
    view = redacted_view(raw)
    view.segments["private_note"] = "x"  # frames are mutable; the check runs again
    with pytest.raises(UnsafeDataError):
        require_redacted(view)


@pytest.mark.parametrize("text", ["=1+1", "+47 999", "-2", "@SUM(A1)", "\tx", "\rx", "\nx"])
def test_neutralise_cell_prefixes_formula_starts(text):
    out = neutralise_cell(text)
    assert out == "'" + text


def test_neutralise_cell_leaves_plain_text_and_caps_length():
    assert neutralise_cell("Vanlig tekst = fint") == "Vanlig tekst = fint"
    assert neutralise_cell(None) == ""
    long = neutralise_cell("x" * 100_000)
    assert len(long) == EXCEL_MAX_CELL_CHARS and long.endswith("[forkortet]")


def test_cut_quote_respects_limit_and_words():
    text = "Dette er en ganske lang setning som skal kuttes pent ved et ordskille. " * 5
    out = cut_quote(text, 60)
    assert len(out) <= 60 and out.endswith("…") and not out[:-1].endswith(" ")
    assert cut_quote("kort", 60) == "kort"
    assert len(cut_quote("a" * 5000, 100)) == 100
    assert cut_quote("4. At Arbeidstilsynet styrkes.", 100) == "At Arbeidstilsynet styrkes."
    assert cut_quote("- Rett til å koble av.", 100) == "Rett til å koble av."
    assert cut_quote("2026 blir et godt år.", 100) == "2026 blir et godt år."


def test_empty_frames_still_render(raw):
    view = redacted_view(dataclasses.replace(raw, segments=None, topics=None))
    ctx = build_context(view, load_taxonomy("arbeidsliv"), {}, ReportParams(),
                        dt.date(2026, 2, 1))
    assert ctx.front.n_topics == 0
    assert all(r.value == "ikke målt" for r in ctx.method.metrics)
    assert isinstance(view.submissions, pd.DataFrame)
