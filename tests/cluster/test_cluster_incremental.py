"""Incremental topic updates (pipeline/cluster/incremental.py): a new letter joins the
existing topics without a refit; larger changes, new settings or new code refit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_cluster_stage import _cluster, make_frames

from pipeline import tables
from pipeline.cluster.incremental import FitState, fit_fingerprint, plan_update
from pipeline.cluster.text import simple_lemmas
from pipeline.config import Params

PARAPHRASE = "Fradraget for fagforeningskontingent må dobles, slik at flere melder seg inn."
UNRELATED = "Kantina på rådhuset bør servere mer fisk og grønnsaker på fredager."


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("incremental")
    params = Params.model_validate({"paths": {"cache": str(tmp / "cache")}})
    submissions, segments = make_frames()
    return params, submissions, segments


def with_letters(submissions, segments, texts):
    """The frames plus one new one-segment submission per text (copied from row 0)."""
    subs, segs = [submissions], [segments]
    for i, text in enumerate(texts):
        sid = f"ny-{i}"
        subs.append(submissions.iloc[[0]].assign(
            submission_id=sid, source_file=f"{sid}.txt", text=text, text_redacted=text,
            campaign_id="", duplicate_of="", organisation=f"Nytt lag {i}"))
        segs.append(segments.iloc[[0]].assign(
            segment_id=f"{sid}-0", submission_id=sid, text_redacted=text, end=len(text),
            lemmas=[simple_lemmas(text, "nb")], language="nb"))
    return (tables.validate(pd.concat(subs, ignore_index=True), tables.SUBMISSIONS_TAGGED),
            tables.validate(pd.concat(segs, ignore_index=True), tables.SEGMENTS_TAGGED))


def partition(out: pd.DataFrame, segment_ids) -> set[frozenset]:
    """The topics of ``segment_ids`` as a set of member sets (ids renumber by size)."""
    sub = out[out["segment_id"].isin(segment_ids) & (out["topic_id"] >= 0)]
    return {frozenset(g) for _, g in sub.groupby("topic_id")["segment_id"]}


@pytest.fixture(scope="module")
def first(setup):
    params, submissions, segments = setup
    return _cluster(params, submissions, segments)


def test_update_places_new_units_and_keeps_old_topics(setup, first):
    params, submissions, segments = setup
    out1, topics1, metrics1, state1 = first
    assert state1.fit.n_fitted == metrics1["n_units"] and state1.fit.n_placed == 0
    subs2, segs2 = with_letters(submissions, segments, [PARAPHRASE, UNRELATED])
    out2, topics2, metrics2, state2 = _cluster(params, subs2, segs2, previous=state1)
    assert metrics2["model_update"].startswith("oppdatering (2 nye")
    old_ids = out1["segment_id"]
    assert partition(out2, old_ids) == partition(out1, old_ids)  # nothing reshuffled
    by_seg = out2.set_index("segment_id")["topic_id"]
    fradrag = out1[out1["text_redacted"].str.contains("fagforening", case=False)
                   & (out1["topic_id"] >= 0)]
    assert len(fradrag)
    assert by_seg["ny-0-0"] == by_seg[fradrag["segment_id"].iloc[0]]  # joined its topic
    assert by_seg["ny-1-0"] == -1  # no topic close enough: waits for the next refit
    assert state2.fit.n_placed == 2 and state2.fit.n_fitted == state1.fit.n_fitted
    # the topic that gained a member counts its new supporter
    joined = topics2.set_index("topic_id").loc[by_seg["ny-0-0"]]
    before = topics1.set_index("topic_id").loc[int(fradrag["topic_id"].iloc[0])]
    assert joined["n_submissions"] == before["n_submissions"] + 1
    assert joined["keywords"] == before["keywords"]  # kept from the fit


def test_update_without_new_units_equals_the_fit(setup, first):
    params, submissions, segments = setup
    out1, topics1, metrics1, state1 = first
    out2, topics2, metrics2, _ = _cluster(params, submissions, segments, previous=state1)
    assert metrics2["model_update"].startswith("oppdatering (0 nye")
    pd.testing.assert_frame_equal(topics1, topics2)
    pd.testing.assert_frame_equal(out1, out2)
    drop = ("model_update", "embedding_cache_hits", "embedding_cache_misses")
    assert {k: v for k, v in metrics1.items() if k not in drop} == {
        k: v for k, v in metrics2.items() if k not in drop}


def test_refit_share_zero_always_refits(setup, first):
    params, submissions, segments = setup
    *_, state1 = first
    params0 = params.model_copy(
        update={"cluster": params.cluster.model_copy(update={"refit_share": 0.0})})
    subs2, segs2 = with_letters(submissions, segments, [PARAPHRASE])
    _, _, metrics, state = _cluster(params0, subs2, segs2, previous=state1)
    assert metrics["model_update"].startswith("full tilpasning")
    assert state.fit.n_placed == 0 and state.fit.n_fitted == metrics["n_units"]


def test_state_round_trip(tmp_path, first):
    *_, state = first
    state.save(tmp_path)
    from pipeline.cluster.overrides import PreviousTopics

    loaded = PreviousTopics.load(tmp_path)
    assert loaded.fit == state.fit
    assert loaded.labels == state.labels
    (tmp_path / FitState.FILE).write_text("{ikke json", encoding="utf-8")
    assert PreviousTopics.load(tmp_path).fit == FitState()  # unreadable: refit, no crash


def _state(n: int, placed: int = 0) -> FitState:
    return FitState("fp", {f"k{i}": [0, 0, None] for i in range(n)}, {0: ["ord"]}, n, placed)


@pytest.mark.parametrize(
    ("state", "keys", "fingerprint", "share", "update"),
    [
        (FitState(), ["k0"], "fp", 0.05, False),  # no previous fit
        (_state(100), [f"k{i}" for i in range(100)], "annet", 0.05, False),  # settings/code
        (_state(100), [f"k{i}" for i in range(100)], "fp", 0.0, False),  # updates disabled
        (_state(100), [f"k{i}" for i in range(105)], "fp", 0.05, True),  # 5 new of 100
        (_state(100), [f"k{i}" for i in range(106)], "fp", 0.05, False),  # 6 new: refit
        (_state(100, placed=4), [f"k{i}" for i in range(102)], "fp", 0.05, False),  # 4 + 2
        (_state(100), [f"k{i}" for i in range(90)], "fp", 0.05, False),  # 10 removed
    ],
)
def test_plan_update(state, keys, fingerprint, share, update):
    ok, why = plan_update(state, keys, fingerprint, share)
    assert ok is update
    assert why.startswith("oppdatering" if update else "full tilpasning")


def test_fingerprint_follows_settings_not_refit_share():
    p = Params().cluster
    base = fit_fingerprint(p, 42)
    assert fit_fingerprint(p.model_copy(update={"refit_share": 0.2}), 42) == base
    assert fit_fingerprint(p.model_copy(update={"distance_threshold": 0.5}), 42) != base
    assert fit_fingerprint(p, 43) != base


def test_placed_units_respect_direction():
    """A new unit asking for the opposite of a topic's majority does not join it."""
    from pipeline.cluster.incremental import place_new_units

    params = Params().cluster
    state = FitState("fp", {"a": [0, 0, None], "b": [0, 0, None]}, {0: []}, 2, 0)
    vectors = np.array([[1.0, 0.0], [0.99, 0.14], [0.98, 0.2], [0.97, 0.24]], dtype=np.float32)
    texts = ["Vi må øke bemanningen.", "Øk bemanningen i barnehagene.",
             "Vi må redusere bemanningen.", "Bemanningen må økes."]
    topics = place_new_units(state, ["a", "b", "c", "d"], vectors, texts, np.ones(4), params, 3)
    assert topics.tolist() == [0, 0, -1, 0]


def test_harmonise_twins_gives_identical_texts_one_topic():
    from pipeline.cluster.incremental import harmonise_twins
    from pipeline.cluster.model import TopicFit

    fit = TopicFit(np.array([-1, 4, -1, 2]), np.array([-1, -1, -1, 2]),
                   np.array([np.nan, np.nan, np.nan, 0.9]))
    out = harmonise_twins(fit, ["tvilling", "tvilling", "alene", "annen"])
    assert out.topics.tolist() == [4, 4, -1, 2]
    assert out.topics_before.tolist() == [-1, -1, -1, 2]


def test_update_keeps_campaign_topic_of_a_twin(setup):
    """The campaign text sent once more outside the campaign: same topic, fit or update."""
    from test_cluster_stage import CAMPAIGN_TEXT

    params, submissions, segments = setup
    subs, segs = with_letters(submissions, segments, [CAMPAIGN_TEXT])
    out1, topics1, _, state = _cluster(params, subs, segs)
    by_seg = out1.set_index("segment_id")["topic_id"]
    campaign = out1.loc[out1["submission_id"].str.startswith("kampanje"), "topic_id"]
    assert by_seg["ny-0-0"] == campaign.iloc[0] >= 0
    out2, topics2, _, _ = _cluster(params, subs, segs, previous=state)
    pd.testing.assert_frame_equal(out1, out2)
    pd.testing.assert_frame_equal(topics1, topics2)
