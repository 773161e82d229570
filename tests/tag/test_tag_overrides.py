"""Analysts' overrides: add/remove applied after scoring, stale ids reported (never fatal),
segment-level overrides feed the classifier."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from pipeline.embeddings import EmbeddingCache
from pipeline.schema import score_column
from pipeline.tag import tag_frames
from pipeline.tag.overrides import apply_overrides, read_overrides, training_labels
from pipeline.tag.tagger import ThemeTagger
from pipeline.taxonomy import load_taxonomy
from tests.tag.test_tag_tagger import THEMES, FakeEmbedder, segments_frame


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy("arbeidsliv")


def _tagged():
    segs = segments_frame(["a", "b"], ["s1", "s1"])
    segs["themes"] = [["organisert_arbeidsliv"], []]
    segs["explanation"] = ["treff: innleie", ""]
    for t in THEMES:
        segs[score_column(t)] = [0.8 if t == "organisert_arbeidsliv" else 0.1, 0.2]
    subs = pd.DataFrame({"submission_id": ["s1"], "themes": [["organisert_arbeidsliv"]],
                         "theme_explanation": [""],
                         **{score_column(t): [0.8 if t == "organisert_arbeidsliv" else 0.1]
                            for t in THEMES}})
    return segs, subs


def test_read_overrides_keeps_header_and_tolerates_missing_file(tmp_path):
    assert read_overrides(tmp_path / "nope.csv").empty
    path = tmp_path / "overrides.csv"
    path.write_text("id,theme_id,action,comment\n g1 ,ny_teknologi,ADD,\n", encoding="utf-8")
    frame = read_overrides(path)
    assert frame.loc[0, "id"] == "g1" and frame.loc[0, "action"] == "add"


def test_add_remove_and_stale(caplog):
    segs, subs = _tagged()
    overrides = pd.DataFrame({
        "id": ["g1", "g0", "s1", "gone", "g0"],
        "theme_id": ["ny_teknologi", "organisert_arbeidsliv", "offentlig_arbeidsgiver",
                     "ny_teknologi", "ukjent_tema"],
        "action": ["add", "remove", "add", "add", "add"],
        "comment": [""] * 5,
    })
    with caplog.at_level(logging.WARNING):
        segs2, subs2, report = apply_overrides(segs, subs, overrides, THEMES)
    assert segs2.loc[1, "themes"] == ["ny_teknologi"]
    assert segs2.loc[1, score_column("ny_teknologi")] == 1.0
    assert segs2.loc[0, "themes"] == []
    assert segs2.loc[0, score_column("organisert_arbeidsliv")] == 0.0
    assert subs2.loc[0, "themes"] == ["organisert_arbeidsliv", "offentlig_arbeidsgiver"]
    assert "manuelt lagt til" in subs2.loc[0, "theme_explanation"]
    assert report.applied == 3
    assert report.stale_ids == ["gone"]
    assert report.invalid_rows == [6]
    assert "gone" in caplog.text
    # inputs untouched
    assert segs.loc[0, "themes"] == ["organisert_arbeidsliv"]


def test_overrides_train_classifier_and_report_stale(taxonomy, tmp_path):
    texts = [f"Flere faste stillinger i bedrift nummer {i}" for i in range(4)] + \
            [f"Vi ønsker ny asfalt på vei nummer {i}" for i in range(4)]
    segs = segments_frame(texts, ["s1"] * 4 + ["s2"] * 4)
    subs = pd.DataFrame({"submission_id": ["s1", "s2"], "chosen_theme": ["", ""],
                         "themes": [[], []]})
    overrides = pd.DataFrame({
        "id": [f"g{i}" for i in range(8)] + ["stale-id"],
        "theme_id": ["organisert_arbeidsliv"] * 9,
        "action": ["add"] * 4 + ["remove"] * 4 + ["add"],
        "comment": [""] * 9,
    })
    examples, labels = training_labels(segs, overrides, pd.DataFrame(columns=["id", "text"]),
                                       THEMES)
    assert len(examples) == 8
    assert np.isnan(labels["ny_teknologi"]).all()
    tagger = ThemeTagger(taxonomy, EmbeddingCache(FakeEmbedder(), tmp_path))
    tagged, subs_tagged, metrics = tag_frames(tagger, segs, subs, overrides)
    assert metrics["classifier_used"] and metrics["classifier_themes"] == ["organisert_arbeidsliv"]
    assert metrics["overrides_stale_ids"] == ["stale-id"]
    assert metrics["overrides_applied"] == 8
    assert all("organisert_arbeidsliv" in ts for ts in tagged["themes"][:4])
    assert not any("organisert_arbeidsliv" in ts for ts in tagged["themes"][4:])
