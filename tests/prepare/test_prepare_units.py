"""Proposal units: whole form answers, non-answers, listed demands, letters' sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.cluster.units import build_units, demand_segments
from pipeline.config import Params
from pipeline.prepare import prepare_frames
from pipeline.prepare.units import assign_units, is_non_answer, is_proposal_header
from pipeline.schema import THEME_IDS, score_column
from pipeline.spacy_backend import load_backend

FIELD = "Skriv ditt forslag her"
ANSWERS = {
    "imperative": "Styrk Arbeidstilsynet!",
    "nominal": "Mer fagbrev på jobb, mindre innleie.",
    "slutt": "Slutt på ufrivillig deltid!",
    "hovedregel": "Faste stillinger som hovedregel i kommunen",
    "nynorsk": "Mange lærlingar står utan læreplass etter første året. "
    "Gje lærlingane fast jobb etter fagprøva.",
    "english": "Ban zero-hour contracts in Norway.",
    "context_first": "På min arbeidsplass er halvparten innleid. "
    "Innleie må bare brukes ved reelle topper.",
    "non_answer": "Vet ikke",
    "praise": "Bra hefte!",
    "listed": "- Forby innleie i byggebransjen\n- Krav om tariffavtale i alle anbud",
}


def _submission(sid: str, text: str, fmt: str, hint: str) -> dict:
    return {
        "submission_id": sid, "source_file": f"{sid}.{fmt}", "source_part": "",
        "received_at": pd.Timestamp("2026-03-01", tz="UTC"), "submitter_type": "ukjent",
        "organisation": "", "fylke": "", "kommune": "", "language": "", "text": text,
        "text_redacted": "", "duplicate_of": "", "campaign_id": "", "themes": [],
        **{score_column(t): float("nan") for t in THEME_IDS},
        "format": fmt, "question_hint": hint,
    }


@pytest.fixture(scope="module")
def prepared():
    rows = [_submission(k, v, "csv", FIELD) for k, v in ANSWERS.items()]
    rows.append(_submission("kommune", "Jeg bor i en liten kommune på Vestlandet.", "csv",
                            "Hvilken kommune bor du i?"))
    rows.append(_submission(
        "letter",
        "Kjære utvalg.\n\nVi mener kommunen bør innføre heltid som norm. Innleie må begrenses "
        "kraftig. Takk for et godt hefte.", "txt", ""))
    result = prepare_frames(pd.DataFrame(rows), load_backend("nb_core_news_sm"), Params())
    return result.segments


def _of(segments: pd.DataFrame, sid: str) -> pd.DataFrame:
    return segments[segments["submission_id"] == sid]


@pytest.mark.parametrize(
    "sid", ["imperative", "nominal", "slutt", "hovedregel", "nynorsk", "english", "context_first"]
)
def test_an_answer_to_a_proposal_field_is_one_whole_proposal_unit(prepared, sid):
    segs = _of(prepared, sid)
    assert len(segs) >= 1
    assert segs["is_proposal"].all()
    assert segs["proposal_unit"].nunique() == 1 and segs["proposal_unit"].iloc[0] != ""


def test_two_sentence_answer_stays_one_unit(prepared):
    segs = _of(prepared, "nynorsk")
    assert len(segs) == 2  # context and demand are two sentences, one unit


@pytest.mark.parametrize("sid", ["non_answer", "praise"])
def test_non_answers_are_no_proposals(prepared, sid):
    segs = _of(prepared, sid)
    assert not segs["is_proposal"].any()
    assert (segs["proposal_unit"] == "").all()


def test_listed_demands_are_one_unit_each(prepared):
    segs = _of(prepared, "listed")
    assert len(segs) == 2 and segs["is_proposal"].all()
    assert segs["proposal_unit"].nunique() == 2


def test_answers_to_other_columns_and_letters_keep_sentence_units(prepared):
    assert not _of(prepared, "kommune")["is_proposal"].any()
    letter = _of(prepared, "letter")
    proposals = letter[letter["is_proposal"]]
    assert len(proposals) == 2
    assert proposals["proposal_unit"].nunique() == 2
    assert (letter.loc[~letter["is_proposal"], "proposal_unit"] == "").all()


def test_cluster_units_join_the_segments_of_one_answer(prepared):
    subs = pd.DataFrame({"submission_id": list(prepared["submission_id"].unique()),
                         "duplicate_of": "", "campaign_id": ""})
    selected = prepared[prepared["is_proposal"]]
    units, unit_of = build_units(selected, subs)
    nynorsk = _of(selected, "nynorsk")
    rows = {int(unit_of[s]) for s in nynorsk["segment_id"]}
    assert len(rows) == 1
    # The context sentence counts with the unit, but the demand is what is embedded.
    text = units["text_redacted"].iloc[rows.pop()]
    assert "fast jobb" in text and "læreplass" not in text
    assert set(unit_of.index) == set(selected["segment_id"])
    assert len(units) == selected["proposal_unit"].nunique()
    # cluster.unit_text: whole embeds the whole answer, context sentence included
    whole, whole_of = build_units(selected, subs, unit_text="whole")
    text = whole["text_redacted"].iloc[int(whole_of[nynorsk["segment_id"].iloc[0]])]
    assert "fast jobb" in text and "læreplass" in text
    assert len(whole) == len(units)


def test_a_short_anaphoric_demand_keeps_its_context():
    unit = pd.DataFrame({
        "segment_id": ["a-000", "a-001"], "submission_id": ["a", "a"],
        "proposal_unit": ["a-a00", "a-a00"], "lemmas": [["innleie"], ["stoppe"]],
        "text_redacted": ["Innleie i byggebransjen ødelegger fagmiljøene.", "Dette må stoppes!"],
        "proposal_rule": ["", "modal"],
    })
    assert list(demand_segments(unit)["segment_id"]) == ["a-000", "a-001"]
    longer = unit.assign(text_redacted=["Det er mye innleie her.",
                                        "Innleie må bare brukes ved reelle topper i bygg."])
    assert list(demand_segments(longer)["segment_id"]) == ["a-001"]
    # the prepare stage's own per-sentence verdict wins over the rule's name
    judged = longer.assign(is_demand=[True, False],
                           text_redacted=["Innleie må bare brukes ved reelle topper i bygg.",
                                          "Det er mye innleie her."])
    assert list(demand_segments(judged)["segment_id"]) == ["a-000"]


def test_sentence_verdict_is_kept_beside_the_unit(prepared):
    segs = _of(prepared, "context_first")
    assert segs["is_proposal"].all()
    assert segs["is_demand"].tolist() == [False, True]


def test_header_detection_and_explicit_columns():
    assert is_proposal_header("Skriv ditt forslag her")
    assert is_proposal_header("Hvordan kan vi få flere til å melde seg inn i en fagforening?")
    assert is_proposal_header("What should the party do?")
    assert not is_proposal_header("Hvilken kommune bor du i?")
    assert not is_proposal_header("Tidsstempel")
    assert is_proposal_header("Fritekst", columns=["fritekst"])
    assert not is_proposal_header("Skriv ditt forslag her", columns=["Fritekst"])


@pytest.mark.parametrize("text", ["Vet ikke", "vet ikke.", "Ingen kommentar", "-", "Bra hefte!",
                                  "Takk", "Veit ikkje", "Don't know", "  "])
def test_non_answer_phrases(text):
    assert is_non_answer(text)


@pytest.mark.parametrize("text", ["Styrk Arbeidstilsynet!", "Mer heltid", "Ingen innleie i bygg",
                                  "Nei til sosial dumping"])
def test_short_demands_are_not_non_answers(text):
    assert not is_non_answer(text)


def test_thanks_and_praise_are_non_answers_unless_a_demand_follows():
    assert is_non_answer("Takk for at dere spør oss.")
    assert is_non_answer("Enig i alt som står i heftet.")
    assert is_non_answer("Fint initiativ, eg kjem til å lese det seinare.")
    assert not is_non_answer("Takk for heftet. Innfør rett til heltid!", demands=True)


def test_explicit_columns_param_overrides_detection():
    segs = pd.DataFrame({
        "segment_id": ["a-000", "a-001"], "submission_id": ["a", "a"], "position": [0, 1],
        "text_redacted": ["Det er for mye innleie.", "Kommunen kan gjøre mer."],
        "is_proposal": [False, False], "is_heading": [False, False],
        "is_signature": [False, False], "is_list_item": [False, False],
    })
    subs = pd.DataFrame({"submission_id": ["a"], "format": ["xlsx"],
                         "question_hint": ["Fritekst"]})
    assert not assign_units(segs, subs)["is_proposal"].any()
    out = assign_units(segs, subs, proposal_columns=["Fritekst"])
    assert out["is_proposal"].all() and out["proposal_unit"].nunique() == 1
