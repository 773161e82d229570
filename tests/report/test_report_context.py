"""Pure context rules: counting, closed-question answers, quotes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from report_fixtures import make_metrics, make_tables

from pipeline.config import ReportParams
from pipeline.report.context import build_context, counted_mask
from pipeline.report.safe import redacted_view
from pipeline.report.serious import classify_sentence
from pipeline.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def question():
    return load_taxonomy("arbeidsliv").closed_questions[0]


@pytest.mark.parametrize(("sentence", "answer"), [
    ("Bergen kommune har vedtatt seriøsitetskrav etter Skiensmodellen.", "ja"),
    ("Ja, det gjorde bystyret allerede i 2019.", "ja"),
    ("Kommunen vår har dessverre ikke vedtatt seriøsitetskrav.", "nei"),
    ("Kommunen har ikkje vedteke seriøsitetskrav.", "nei"),
    ("Saken om seriøsitetskrav skal opp til behandling i bystyret i vår.", "under_arbeid"),
    ("Vi har ikke vedtatt seriøsitetskrav ennå, men saken er under arbeid.", "under_arbeid"),
    ("Seriøsitetskrav er viktige for hele landet.", "uklart"),
])
def test_classify_sentence(question, sentence, answer):
    assert classify_sentence(sentence, question) == answer


def test_counted_mask_keeps_campaign_copies_and_drops_exact_duplicates():
    subs = pd.DataFrame({"duplicate_of": ["", "a", "a", ""], "campaign_id": ["", "k", "", "k"]})
    assert counted_mask(subs).tolist() == [True, True, False, True]


def test_context_is_pure_and_quotes_are_capped():
    tax = load_taxonomy("arbeidsliv")
    view = redacted_view(make_tables())
    params = ReportParams(max_quote_chars=40)
    first = build_context(view, tax, make_metrics(), params, dt.date(2026, 2, 1))
    second = build_context(view, tax, make_metrics(), params, dt.date(2026, 2, 1))
    assert first == second
    quotes = [p.quote for t in first.themes for p in t.proposals if p.quote]
    assert quotes and all(len(q.text) <= 40 for q in quotes)
    assert first.highlights[0].proposals[0].n_submissions == 4  # s01 + campaign s02–s04


def test_top_proposals_parameter_limits_highlights():
    tax = load_taxonomy("arbeidsliv")
    view = redacted_view(make_tables())
    ctx = build_context(view, tax, {}, ReportParams(top_proposals_per_theme=1), dt.date(2026, 2, 1))
    assert all(len(h.proposals) <= 1 for h in ctx.highlights)
    assert ctx.method.missing_stages == tuple(
        ["ingest", "prepare", "eval_prepare", "tag", "eval_tag", "cluster", "eval_cluster",
         "answer", "eval_answer"])


def test_method_chapter_shows_headline_measures_in_plain_norwegian():
    from pipeline.report import labels as L

    tax = load_taxonomy("arbeidsliv")
    view = redacted_view(make_tables())
    metrics = {
        "prepare": {"leak_check": {"submissions_with_sender_leak": 0}},
        "eval_prepare": {"model": {"pii_heldout": {"overall": {"recall": 0.962,
                                                               "precision": 0.985}}}},
        "eval_cluster": {"ours": {"ari": 0.698},
                         "inbox_independent": {"ours": {"ari": 0.71}}},
    }
    ctx = build_context(view, tax, metrics, ReportParams(), dt.date(2026, 2, 1))
    shown = {row.name: row.value for row in ctx.method.metrics}
    wanted = {label: key for _, key, label in L.HEADLINE_METRICS}
    assert shown[next(lb for lb, k in wanted.items() if k.endswith("pii_heldout.overall.recall"))] \
        == L.fmt_number(0.962)
    assert shown[next(lb for lb, k in wanted.items() if k == "inbox_independent.ours.ari")] \
        == L.fmt_number(0.71)
    # No raw metric keys for the committee; stages without figures say so.
    assert not any("." in name and "_" in name for name in shown)
    assert any(row.value == L.NOT_MEASURED for row in ctx.method.metrics)
    # Excel still gets every figure under its key.
    assert any(row.name == "ours.ari" for row in ctx.method.all_metrics)


def _appendix_view(representative: list[str]):
    raw = make_tables()
    topics = raw.topics.copy()
    topics["representative_segment_ids"] = [
        representative if tid == 0 else list(reps)
        for tid, reps in zip(topics["topic_id"], topics["representative_segment_ids"],
                             strict=True)]
    return redacted_view(dataclasses.replace(raw, topics=topics))


def test_appendix_cap_shows_representatives_first_and_counts_the_rest():
    """Capped groups keep the representative segments, fill up in submission order, and say
    how many more there are and where they are (issue 9)."""
    tax = load_taxonomy("arbeidsliv")
    view = _appendix_view(["s04-0", "not-a-segment"])
    ctx = build_context(view, tax, {}, ReportParams(appendix_quotes_per_topic=2),
                        dt.date(2026, 2, 1))
    groups = {g.topic_id: g for g in ctx.appendix}
    top = groups[0]
    # s04-0 is representative; s01-1 is first by submission/position; listed in that order.
    assert [q.segment_id for q in top.items] == ["s01-1", "s04-0"]
    assert top.n_items == 4
    assert top.more == ("… og 2 formuleringer til – alle står i innspill.xlsx, arket "
                        "«Segmenter» (forslagsgruppe 0).")
    assert groups[3].more == "" and groups[3].n_items == 2  # at the cap: nothing hidden
    assert "20" not in ctx.appendix_note and "2 mest typiske" in ctx.appendix_note

    one = build_context(view, tax, {}, ReportParams(appendix_quotes_per_topic=1),
                        dt.date(2026, 2, 1))
    loose = next(g for g in one.appendix if g.topic_id == -1)
    assert [q.segment_id for q in loose.items] == ["s06-1"]
    assert loose.more.startswith("… og 1 formulering til – alle står i innspill.xlsx")


def test_appendix_without_cap_lists_every_proposal_segment():
    tax = load_taxonomy("arbeidsliv")
    view = redacted_view(make_tables())
    ctx = build_context(view, tax, {}, ReportParams(appendix_quotes_per_topic=0),
                        dt.date(2026, 2, 1))
    segs = view.segments
    shown = [q.segment_id for g in ctx.appendix for q in g.items]
    assert sorted(shown) == sorted(segs.loc[segs["is_proposal"], "segment_id"])
    assert not any(g.more for g in ctx.appendix) and ctx.appendix_note == ""
    # The default cap changes nothing on a small inbox.
    default = build_context(view, tax, {}, ReportParams(), dt.date(2026, 2, 1))
    assert default.appendix == ctx.appendix
