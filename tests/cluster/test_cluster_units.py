"""Pure helpers of the topics package: units, labels, scores and the topics.yaml format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.cluster.evaluate import score
from pipeline.cluster.overrides import read_overrides
from pipeline.cluster.text import match_key, shorten_to_clause
from pipeline.cluster.units import build_units, collapse_proposal_units, sender_roots

ROOT = Path(__file__).resolve().parents[2]


def test_duplicates_and_campaigns_share_a_root_and_enter_once():
    subs = pd.DataFrame(
        {
            "submission_id": ["a", "b", "c", "d", "e"],
            "duplicate_of": ["", "a", "", "", ""],
            "campaign_id": ["", "", "k1", "k1", ""],
        }
    )
    roots = sender_roots(subs)
    assert roots["a"] == roots["b"] == "a"
    assert roots["c"] == roots["d"] == "campaign:k1"
    segs = pd.DataFrame(
        {
            "segment_id": ["a0", "b0", "c0", "d0", "e0"],
            "submission_id": ["a", "b", "c", "d", "e"],
            "text_redacted": [
                "Doble fradraget!",
                "doble  fradraget",
                "Mer heltid.",
                "Mer heltid",
                "Doble fradraget",
            ],
        }
    )
    units, unit_of = build_units(segs, subs)
    # e says the same as a but is an independent sender: its own unit
    assert units["segment_id"].tolist() == ["a0", "c0", "e0"]
    assert units["n_copies"].tolist() == [2, 2, 1]
    assert unit_of.tolist() == [0, 0, 1, 1, 2]


def test_collapse_proposal_units_joins_each_answer_in_segment_order():
    segs = pd.DataFrame(
        {
            "segment_id": ["x0", "a0", "b0", "a1", "c0", "c1", "d0", "d1"],
            "submission_id": ["x", "a", "b", "a", "c", "c", "d", "d"],
            "proposal_unit": ["", "a-u", "", "a-u", "c-u", "c-u", "d-u", "d-u"],
            "text_redacted": [
                "Ikke med.",
                "Det er mye innleie her.",  # context before the demand
                "Doble fradraget.",
                "Innleie må bare brukes ved reelle topper i bygg.",
                "Det er for mye innleie i bygg.",
                "Dette må stoppes!",  # too short on its own: the whole answer is kept
                "Fjern fradraget.",
                "Øk bemanningen.",  # both demands: the whole answer
            ],
            "lemmas": [["ikke"], ["det", "være"], ["doble"], ["innleie", "måtte"],
                       ["innleie"], ["stoppe"], None, ["øke"]],
            "is_demand": [True, False, True, True, False, True, True, True],
            "position": [0, 0, 0, 1, 0, 1, 0, 1],
            "score": [0.5, 0.1, np.nan, 0.2, 0.3, 0.4, 0.6, 0.7],
        },
        index=[10, 11, 12, 13, 14, 15, 16, 17],
    ).iloc[1:]  # a selection: its index does not start at 0
    rows, members = collapse_proposal_units(segs)
    # a-u becomes the row of its demand a1, after b0 (rows keep the segments' order)
    assert rows["segment_id"].tolist() == ["b0", "a1", "c0", "d0"]
    assert rows["text_redacted"].tolist() == [
        "Doble fradraget.",
        "Innleie må bare brukes ved reelle topper i bygg.",
        "Det er for mye innleie i bygg. Dette må stoppes!",
        "Fjern fradraget. Øk bemanningen.",
    ]
    assert rows["lemmas"].tolist() == [["doble"], ["innleie", "måtte"],
                                       ["innleie", "stoppe"], ["øke"]]
    assert members == {"a0": "a1", "c1": "c0", "d1": "d0"}
    assert list(rows.index) == [0, 1, 2, 3]
    assert rows.dtypes.equals(segs.dtypes)  # bool, int and float columns survive
    assert rows["score"].isna().tolist() == [True, False, False, False]

    whole, whole_members = collapse_proposal_units(segs, unit_text="whole")
    assert whole["segment_id"].tolist() == ["a0", "b0", "c0", "d0"]
    assert whole["text_redacted"].iloc[0] == (
        "Det er mye innleie her. Innleie må bare brukes ved reelle topper i bygg.")
    assert whole["lemmas"].iloc[0] == ["det", "være", "innleie", "måtte"]
    assert whole_members == {"a1": "a0", "c1": "c0", "d1": "d0"}

    # no answer of several segments: the selection comes back as it is
    alone, none = collapse_proposal_units(segs.iloc[:2])
    assert alone is not None and alone.index.tolist() == [11, 12] and none == {}


def test_normalise_ignores_case_punctuation_and_spaces():
    assert match_key("  Doble, fradraget!! ") == match_key("doble fradraget")


def test_shorten_to_clause_gives_a_phrase():
    assert (
        shorten_to_clause(
            "1. Vi foreslår at fagforeningsfradraget dobles, fordi det styrker organiseringen."
        )
        == "Fagforeningsfradraget dobles"
    )
    assert (
        shorten_to_clause("Eg meiner at kommunen bør tilsetje fleire lærlingar.")
        == "Kommunen bør tilsetje fleire lærlingar"
    )
    long = shorten_to_clause("Staten " + "og kommunene " * 20 + "må betale")
    assert len(long) <= 92 and long.endswith("…")


def test_score_perfect_and_split():
    gold = pd.DataFrame(
        {
            "id": list("abcdefgh"),
            "group": ["g1"] * 3 + ["g2"] * 3 + [None, None],
            "kind": ["paraphrase"] * 6 + ["singleton", "hard_negative"],
            "near_group": [None] * 7 + ["g1"],
        }
    )
    perfect = score(gold, np.array([0, 0, 0, 1, 1, 1, -1, -1]))
    assert perfect["ari"] == 1.0 and perfect["recovered_all"] == 2
    merged = score(gold, np.array([0, 0, 0, 0, 0, 0, -1, 0]))
    assert merged["recovered_all"] == 0 and merged["hard_negatives_leaked"] == 1


def test_topics_yaml_is_valid_and_empty():
    overrides = read_overrides(ROOT / "data/labels/topics.yaml")
    assert overrides == {"rename": [], "merge": [], "split_off": [], "move": []}


def test_proposal_text_drops_list_markers_and_repeated_form_questions():
    from pipeline.cluster.text import proposal_text

    assert proposal_text("3. At Arbeidstilsynet styrkes.") == "At Arbeidstilsynet styrkes."
    assert proposal_text("b) Doble fradraget") == "Doble fradraget"
    form = "Spørsmål 1: Hvordan få flere til å melde seg inn i en fagforening?\nDoble fradraget."
    assert proposal_text(form) == "Doble fradraget."
    # A question alone stays (it is all there is).
    assert proposal_text("Hvorfor ikke?") == "Hvorfor ikke?"
