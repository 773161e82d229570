"""Question sections and the seriøsitetskrav table of the report and workbook (issue 18),
on the synthetic fixture with an answers table as the answer stage writes it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from docx import Document
from report_fixtures import make_metrics, make_tables

from pipeline import schema, tables
from pipeline.config import ReportParams
from pipeline.report import labels as L
from pipeline.report import render_report
from pipeline.report.context import build_context
from pipeline.report.questions import combine_stances
from pipeline.report.safe import RedactedTables, redacted_view
from pipeline.report.serious import NO_PLACE, WHOLE_FYLKE, place_of
from pipeline.taxonomy import load_taxonomy

# (segment, question, direct, stance, demand) — as the answer stage would write them
_ANSWERS = [
    ("s04-1", "oa_seriositetskrav", False, "nei", False),
    ("s05-0", "oa_seriositetskrav", False, "ja", False),
    ("s07-0", "oa_seriositetskrav", False, "nei", False),
    ("s10-1", "oa_seriositetskrav", True, "ja", False),
    ("s02-0", "oa_faste_stillinger", False, "", True),
    ("s03-0", "oa_faste_stillinger", False, "", True),
    ("s04-0", "oa_faste_stillinger", False, "", True),
    ("s09-0", "nt_kompetanse_rettigheter", False, "ja", True),
    ("s07-1", "nt_kompetanse_rettigheter", False, "delvis", True),
]


def make_answers(rows: list[tuple[str, str, bool, str, bool]]) -> pd.DataFrame:
    segs = make_tables().segments.set_index("segment_id")
    frame = pd.DataFrame([
        {"segment_id": sid, "submission_id": segs.loc[sid, "submission_id"], "question_id": qid,
         "score": 1.0 if direct else 0.7, "direct": direct, "stance": stance,
         "stance_evidence": segs.loc[sid, "text_redacted"] if stance else "",
         "demand": demand}
        for sid, qid, direct, stance, demand in rows])
    return tables.validate(pd.concat([schema.empty_answers(), frame], ignore_index=True),
                           tables.ANSWERS)


def view_with(rows: list[tuple[str, str, bool, str, bool]]) -> RedactedTables:
    return redacted_view(dataclasses.replace(make_tables(), answers=make_answers(rows)))


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy("arbeidsliv")


@pytest.fixture(scope="module")
def ctx(taxonomy):
    return build_context(view_with(_ANSWERS), taxonomy, make_metrics(), ReportParams(),
                         dt.date(2026, 2, 1))


def _counted() -> set[str]:
    subs = make_tables().submissions
    return set(subs.loc[(subs["duplicate_of"] == "") | (subs["campaign_id"] != ""),
                        "submission_id"])


def test_one_section_per_question_in_booklet_order(ctx, taxonomy):
    assert [q.id for q in ctx.questions] == list(taxonomy.question_ids)


def test_counts_follow_the_answers_table(ctx):
    answers = make_answers(_ANSWERS)
    counted = _counted()
    by_id = {q.id: q for q in ctx.questions}
    for qid, group in answers.groupby("question_id"):
        assert by_id[qid].n_submissions == len(set(group["submission_id"]) & counted)
    sk = by_id["oa_seriositetskrav"]
    assert "s05" not in counted  # an exact duplicate: its «ja» does not count
    assert sk.yes_no and {x.key: x.n for x in sk.stances} == {
        "ja": 1, "nei": 2, "delvis": 0, "uklart": 0}
    assert sk.n_direct == 1
    assert sum(x.n for x in sk.submitter_types) == sk.n_submissions
    faste = by_id["oa_faste_stillinger"]
    assert not faste.yes_no and faste.stances == ()
    # every answer to «faste stillinger» is in proposal group 0
    assert [(p.key, p.n) for p in faste.proposals] == [("0", faste.n_submissions)]
    assert 1 <= len(faste.quotes) <= 5
    assert len({q.submission_id for q in faste.quotes}) == len(faste.quotes)
    nobody = by_id["nt_plattformer"]
    assert nobody.n_submissions == 0 and not nobody.answered and nobody.quotes == ()
    assert ctx.counts()["questions"]["oa_seriositetskrav"]["stances"]["nei"] == 2


def test_theme_chapters_count_as_the_question_sections(ctx):
    sections = {q.id: q for q in ctx.questions}
    for theme in ctx.themes:
        for row in theme.questions:
            assert row.n_submissions == sections[row.id].n_submissions, row.id


def test_quotes_are_redacted_text_with_stance(ctx):
    redacted = set(make_tables().segments["text_redacted"])
    for q in ctx.questions:
        for quote in q.quotes:
            assert quote.text in redacted
            if q.yes_no:
                assert quote.stance_label and quote.evidence


def test_combine_stances():
    assert combine_stances(["ja", "ja", "nei"]) == "ja"
    assert combine_stances(["ja", "nei"]) == "delvis"
    assert combine_stances(["uklart", "nei"]) == "nei"
    assert combine_stances(["uklart"]) == "uklart"


def test_rendered_report_shows_the_sections(tmp_path, taxonomy):
    ctx = render_report(view_with(_ANSWERS), taxonomy, make_metrics(), ReportParams(),
                        tmp_path, dt.date(2026, 2, 1))
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    docx_text = "\n".join(p.text for p in Document(str(tmp_path / "rapport.docx")).paragraphs)
    title = L.SECTIONS["sporsmal"]
    assert title in html and title in docx_text
    for q in ctx.questions:
        assert f'id="sporsmal-{q.id}"' in html
        assert q.short in docx_text
    unanswered = sum(not q.answered for q in ctx.questions)
    assert html.count(L.NO_ANSWERS) == unanswered
    assert docx_text.count(L.NO_ANSWERS) == unanswered
    assert "avgjørende setning: «Asker har ikke vedtatt seriøsitetskrav ennå.»" in docx_text
    book = openpyxl.load_workbook(io.BytesIO((tmp_path / "rapport.xlsx").read_bytes()),
                                  read_only=True)
    rows = list(book["Spørsmål"].iter_rows(values_only=True))
    head = rows[0]
    by_id = {r[0]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert set(by_id) == {q.id for q in ctx.questions}
    for q in ctx.questions:
        assert by_id[q.id]["Innspill"] == q.n_submissions
    assert by_id["oa_seriositetskrav"]["Nei"] == 2
    data = openpyxl.load_workbook(tmp_path / "innspill.xlsx", read_only=True)
    answers = list(data["Svar per spørsmål"].iter_rows(values_only=True))[1:]
    assert len(answers) == sum(len(q.answers) for q in ctx.questions)


def test_hostile_answer_text_is_escaped_and_neutralised(tmp_path, taxonomy):
    """An answer's text and deciding sentence render as text in HTML and never as a formula
    in the workbook."""
    rows = [("s06-1", "nt_plattformer", False, "ja", False),
            ("s06-2", "nt_plattformer", False, "nei", False)]
    render_report(view_with(rows), taxonomy, make_metrics(), ReportParams(), tmp_path,
                  dt.date(2026, 2, 1))
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    book = openpyxl.load_workbook(tmp_path / "innspill.xlsx", read_only=True)
    cells = [c for r in book["Svar per spørsmål"].iter_rows(values_only=True) for c in r
             if isinstance(c, str)]
    assert not any(c.startswith("=") for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_seriositetskrav_table_one_status_per_municipality(taxonomy):
    subs = make_tables().submissions.set_index("submission_id")
    rows = [("s04-1", "oa_seriositetskrav", False, "nei", False),
            ("s07-0", "oa_seriositetskrav", False, "nei", False),
            ("s10-1", "oa_seriositetskrav", False, "ja", False),
            ("s10-0", "oa_seriositetskrav", False, "uklart", True)]
    ctx = build_context(view_with(rows), taxonomy, make_metrics(), ReportParams(),
                        dt.date(2026, 2, 1))
    [closed] = ctx.closed_questions
    assert closed.from_answers
    # s10-0 «Heltidskultur må bli standard i alle kommuner …» is a demand, not a status
    assert closed.n_demands == 1 and closed.n_sentences == 3
    places = [k.kommune for k in closed.kommuner]
    assert len(places) == len(set(places))  # one answer per place
    expected: dict[str, set[str]] = {}
    for sid, stance in (("s04", "nei"), ("s07", "nei"), ("s10", "ja")):
        place, _ = place_of(subs.loc[sid, "kommune"], subs.loc[sid, "fylke"])
        expected.setdefault(place, set()).add(stance)
    assert {k.kommune: {k.answer} for k in closed.kommuner} == expected
    assert L.UNKNOWN_PLACE not in places
    assert sum(x.n for x in closed.tally) == len(closed.kommuner)
    assert [x.key for x in closed.tally] == ["ja", "nei", "delvis", "uklart"]
    assert "1 krav uten status" in closed.intro


def test_seriositetskrav_falls_back_to_rules_without_answers(taxonomy):
    ctx = build_context(redacted_view(make_tables()), taxonomy, make_metrics(), ReportParams(),
                        dt.date(2026, 2, 1))
    [closed] = ctx.closed_questions
    assert not closed.from_answers
    assert [x.key for x in closed.tally] == list(L.ANSWER_LABELS)


def test_fylke_wide_statements_are_shown_as_such():
    assert place_of("", "Vestland") == (f"{WHOLE_FYLKE}: Vestland", "")
    assert place_of("Voss", "Vestland") == ("Voss", "Vestland")
    assert place_of("", "") == (NO_PLACE, "")
