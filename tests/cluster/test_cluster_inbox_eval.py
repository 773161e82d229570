"""The gold-set-as-inbox evaluation: the inbox it writes, how items map back, the scores."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.cluster.evaluate import score
from pipeline.cluster.inbox_eval import FORM_FILE, inbox_params, topics_of_items, write_inbox
from pipeline.config import Params
from pipeline.ingest import ingest_inbox

GOLD = pd.DataFrame(
    {
        "id": ["i1", "i2", "i3", "i4"],
        "text": [
            "Styrk Arbeidstilsynet; flere inspektører!",
            'Mer "fagbrev" på jobb, mindre innleie.',
            "Vi i laget har drøftet innleie lenge. Innleie må bare brukes ved topper.",
            "Vet ikke",
        ],
        "group": ["a", "b", "b", None],
        "kind": ["paraphrase", "paraphrase", "paraphrase", "non_answer"],
        "near_group": [None, None, None, None],
        "language": ["nb"] * 4,
        "source": ["form", "form", "letter", "form"],
    }
)


def test_the_inbox_is_a_form_export_and_letters_that_ingest_reads_back(tmp_path: Path):
    where = write_inbox(GOLD, tmp_path / "raw")
    assert (tmp_path / "raw" / FORM_FILE).exists()
    assert (tmp_path / "raw" / "brev" / "i3.txt").exists()
    result = ingest_inbox(tmp_path / "raw", Params())
    subs = result.submissions
    items = {
        where[(str(f), str(p))]: text
        for f, p, text in zip(subs["source_file"], subs["source_part"], subs["text"], strict=True)
    }
    assert set(items) == {"i1", "i2", "i3", "i4"}
    # the answers come back whole, quotes and semicolons included
    assert items["i1"] == GOLD.loc[0, "text"] and items["i2"] == GOLD.loc[1, "text"]
    assert "Innleie må bare brukes ved topper." in items["i3"]
    assert set(subs.loc[subs["format"] == "csv", "question_hint"]) == {"Skriv ditt forslag her"}


def test_inbox_params_keep_the_run_apart_and_always_refit(tmp_path: Path):
    data = inbox_params(Params(), tmp_path)
    assert all(str(v).startswith(str(tmp_path)) for v in data["paths"].values())
    assert data["cluster"]["refit_share"] == 0.0
    Params.model_validate(data)  # still valid parameters


def test_score_reports_coverage_purity_and_members_without_topic():
    gold = pd.DataFrame({"id": list("abcdefg"),
                         "group": ["x", "x", "x", "x", "y", "y", None],
                         "kind": ["paraphrase"] * 6 + ["singleton"],
                         "near_group": [None] * 7})
    predicted = np.array([0, 0, 0, -1, 1, 0, -1])
    r = score(gold, predicted)
    # x: 3 of 4 in topic 0 (coverage 0.75), topic 0 is 3/4 x (purity 0.75)
    # y: 1 of 2 in topic 1 (coverage 0.5), topic 1 is all y (purity 1.0)
    assert r["coverage_median"] == 0.625 and r["purity_median"] == 0.875
    assert r["members_without_topic_share"] == 1 / 6
    assert r["recovered_big"] == 0 and r["n_big"] == 0  # no group has 6 members
    assert r["groups"] == {"x": True, "y": False}


def test_an_item_takes_the_topic_most_of_its_segments_got():
    submissions = pd.DataFrame({
        "submission_id": ["s1", "s2", "s3", "s4"],
        "source_file": [FORM_FILE, FORM_FILE, "brev/i3.txt", "annet.txt"],
        "source_part": ["rad 1", "rad 2", "", ""],
    })
    segments = pd.DataFrame({
        "submission_id": ["s1", "s1", "s1", "s2", "s2", "s3", "s4"],
        "topic_id": [4, 2, 2, 7, 3, -1, 5],
    })
    where = {(FORM_FILE, "rad 1"): "i1", (FORM_FILE, "rad 2"): "i2", ("brev/i3.txt", ""): "i3"}
    # i1: two votes for 2; i2: a tie goes to the smaller id; i3: only "no topic";
    # i4: no segment at all; s4 is no gold item and votes for nobody
    assert topics_of_items(segments, submissions, where, ["i1", "i2", "i3", "i4"]).tolist() == [
        2, 3, -1, -1]
