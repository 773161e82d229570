"""Unit tests of the notebook helpers in :mod:`pipeline.explore` (no models, no files)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.config import Params
from pipeline.explore import (
    TopicInputs,
    _with_changes,
    min_cluster_size_sweep,
    search_redacted,
    uncertain_segments,
)
from pipeline.schema import score_column


@pytest.fixture
def submissions() -> pd.DataFrame:
    return pd.DataFrame({
        "submission_id": ["s1", "s2", "s3"],
        "submitter_type": ["lokallag", "privatperson", "fagforening"],
        "fylke": ["Oslo", "", "Agder"],
        "text": ["Kari Nordmann vil ha heltid.", "Ring meg på 99999999", "Ingen treff her"],
        "text_redacted": ["[NAVN] vil ha heltid. Heltid er viktig.", "Ring meg på [TELEFON]",
                          "Ingen treff her"],
        "private_sender_name": ["Kari Nordmann", "Ola", ""],
    })


def test_search_redacted_finds_hits_case_insensitively_with_snippet(submissions):
    hits = search_redacted(submissions, "HELTID", context=5)
    assert hits["submission_id"].tolist() == ["s1"]
    assert hits["n_hits"].tolist() == [2]
    assert hits["snippet"].iloc[0] == "…l ha «heltid». Hel…"


def test_search_redacted_never_returns_raw_text_or_private_columns(submissions):
    hits = search_redacted(submissions, "vil")
    assert "text" not in hits.columns
    assert not [c for c in hits.columns if c.startswith("private_")]
    assert "Kari" not in " ".join(hits["snippet"])


def test_search_redacted_does_not_search_unredacted_text(submissions):
    # "Kari" and the phone number are only in `text` / private columns.
    assert search_redacted(submissions, "Kari").empty
    assert search_redacted(submissions, "99999999").empty
    assert search_redacted(submissions, "[TELEFON]")["submission_id"].tolist() == ["s2"]


def test_search_redacted_regex_and_case(submissions):
    assert search_redacted(submissions, r"heltid\b", regex=True)["n_hits"].tolist() == [2]
    assert search_redacted(submissions, "heltid", case=True)["n_hits"].tolist() == [1]


def test_search_redacted_refuses_unsafe_requests(submissions):
    with pytest.raises(ValueError, match="persondata"):
        search_redacted(submissions, "heltid", columns=["submission_id", "private_sender_name"])
    with pytest.raises(ValueError, match="persondata"):
        search_redacted(submissions, "heltid", columns=["text"])
    with pytest.raises(ValueError, match="text_redacted"):
        search_redacted(submissions.drop(columns="text_redacted"), "heltid")
    with pytest.raises(ValueError, match="tomt"):
        search_redacted(submissions, "")


def test_search_redacted_empty_result_keeps_columns(submissions):
    hits = search_redacted(submissions, "finnes ikke")
    assert hits.empty
    assert {"submission_id", "n_hits", "snippet"} <= set(hits.columns)


def test_uncertain_segments_lists_closest_calls_first():
    segments = pd.DataFrame({
        "segment_id": ["a", "b", "c"],
        "text_redacted": ["A", "B", "C"],
        score_column("t1"): [0.52, 0.9, 0.47],
        score_column("t2"): [0.30, 0.41, np.nan],
    })
    near = uncertain_segments(segments, {"t1": 0.5, "t2": 0.4, "missing": 0.5}, margin=0.05)
    assert list(zip(near["segment_id"], near["theme_id"], strict=True)) == [
        ("b", "t2"), ("a", "t1"), ("c", "t1")]
    assert near["tagged"].tolist() == [True, True, False]
    assert math.isclose(near["distance"].iloc[2], -0.03)


def test_uncertain_segments_without_scores_is_empty():
    frame = pd.DataFrame({"segment_id": [], "text_redacted": []})
    near = uncertain_segments(frame, {"t1": 0.5})
    assert near.empty
    assert "distance" in near.columns


def test_cluster_changes_are_validated():
    params = Params()
    assert _with_changes(params, {"min_cluster_size": 7}).min_cluster_size == 7
    assert params.cluster.min_cluster_size == "auto"  # the original is untouched
    with pytest.raises(ValueError, match="Ukjente"):
        _with_changes(params, {"min_clustr_size": 7})


def test_min_cluster_size_sweep_on_tiny_corpus_gives_no_topics():
    units = pd.DataFrame({"n_copies": [1, 1]})
    inputs = TopicInputs(units, ["a b", "c d"], np.eye(2, dtype=np.float32), "proposals")
    sweep = min_cluster_size_sweep(inputs, Params(), [2, 3])
    assert sweep["min_cluster_size"].tolist() == [2, 3]
    assert sweep["n_topics"].tolist() == [0, 0]


def test_open_project_finds_the_root_from_a_subfolder(tmp_path, monkeypatch, project_root):
    from pipeline.explore import find_root, open_project

    assert find_root(project_root / "notebooks") == project_root
    with pytest.raises(FileNotFoundError, match="params.yaml"):
        find_root(tmp_path)
    monkeypatch.chdir(project_root / "notebooks")
    if not (project_root / "data/processed/submissions.parquet").exists():
        pytest.skip("data/processed/ mangler: kjør `make repro`")
    project = open_project()
    assert Path.cwd() == project_root and project.root == project_root
    assert len(project.submissions) > 0 and "innspill" in project.summary()
    assert isinstance(project.topics, pd.DataFrame) and isinstance(project.segments, pd.DataFrame)
