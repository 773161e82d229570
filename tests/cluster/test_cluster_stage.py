"""The cluster stage on a small synthetic inbox built from the gold proposals.

One module-scoped run (plus reruns that hit the embedding cache) keeps this fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline import tables
from pipeline.config import Params
from pipeline.schema import THEME_IDS, score_column

ROOT = Path(__file__).resolve().parents[2]
GROUPS = {
    "fagforeningsfradrag": "organisert_arbeidsliv",
    "seriositetskrav_kommunale_anbud": "organisert_arbeidsliv",
    "forby_innleie_bygg": "organisert_arbeidsliv",
    "heltid_helse_omsorg": "offentlig_arbeidsgiver",
}
CAMPAIGN_TEXT = "Vi krever en lovfestet rett til heltid for alle ansatte i helse og omsorg."


def _gold() -> pd.DataFrame:
    path = ROOT / "data/labels/eval/proposal_groups.jsonl"
    return pd.DataFrame([json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()])


def make_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Submissions and segments (tag-stage contract) with 4 groups, singletons and a campaign."""
    from pipeline.cluster.text import simple_lemmas

    gold = _gold()
    picked = pd.concat(
        [gold[gold["group"].isin(GROUPS)], gold[gold["kind"] == "singleton"].head(8)]
    )
    rows = [
        (r.id, r.text, r.language, GROUPS.get(r.group, ""), "", f"Lag {i % 7}")
        for i, r in enumerate(picked.itertuples())
    ]
    rows += [
        (
            f"kampanje{i}",
            CAMPAIGN_TEXT,
            "nb",
            "offentlig_arbeidsgiver",
            "kamp-1",
            f"Kampanjelag {i}",
        )
        for i in range(5)
    ]
    subs, segs = [], []
    for sid, text, lang, theme, campaign, org in rows:
        subs.append(
            {
                "submission_id": sid,
                "source_file": f"{sid}.txt",
                "source_part": "",
                "received_at": pd.Timestamp("2025-01-01", tz="UTC"),
                "submitter_type": "lokallag",
                "organisation": org,
                "fylke": "Vestland" if lang == "nn" else "Oslo",
                "kommune": "",
                "language": lang,
                "text": text,
                "text_redacted": text,
                "duplicate_of": "",
                "campaign_id": campaign,
                "themes": [theme] if theme else [],
                **{score_column(t): float(t == theme) for t in THEME_IDS},
            }
        )
        segs.append(
            {
                "segment_id": f"{sid}-0",
                "submission_id": sid,
                "position": 0,
                "start": 0,
                "end": len(text),
                "text_redacted": text,
                "language": lang,
                "lemmas": simple_lemmas(text, lang),
                "is_proposal": True,
                "themes": [theme] if theme else [],
                **{score_column(t): float(t == theme) for t in THEME_IDS},
                "question_id": "",
                "topic_id": -1,
            }
        )
    # one non-proposal segment that must stay out of the model
    segs.append(
        {
            **segs[0],
            "segment_id": "x-1",
            "position": 1,
            "is_proposal": False,
            "themes": [],
            "text_redacted": "Takk for muligheten til å komme med innspill.",
        }
    )
    submissions = tables.validate(pd.DataFrame(subs), tables.SUBMISSIONS_TAGGED)
    segments = tables.validate(pd.DataFrame(segs), tables.SEGMENTS_TAGGED)
    return submissions, segments


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("topics")
    params = Params.model_validate(
        {
            "paths": {
                "cache": str(tmp / "cache"),
                "processed": str(tmp / "p"),
                "labels": str(tmp / "labels"),
            }
        }
    )
    submissions, segments = make_frames()
    return params, submissions, segments


def _cluster(params, submissions, segments, overrides=None, previous=None):
    from pipeline.cluster import cluster_frames
    from pipeline.embeddings import EmbeddingCache, make_embedder

    cache = EmbeddingCache(
        make_embedder(params.embedder), params.paths.cache / "embeddings"
    )
    return cluster_frames(segments, submissions, params, cache, overrides, previous)


@pytest.fixture(scope="module")
def first(setup):
    params, submissions, segments = setup
    return _cluster(params, submissions, segments)


def test_topics_found_and_contract(first, setup):
    out, topics, metrics, _ = first
    tables.validate(out, tables.SEGMENTS_CLUSTERED)
    tables.validate(topics, tables.TOPICS)
    assert metrics["n_topics"] >= 3
    assert "topic_probability" in out.columns
    assert out.loc[out["segment_id"] == "x-1", "topic_id"].item() == -1  # not a proposal
    for row in topics.itertuples():
        assert 1 <= len(row.representative_segment_ids) <= 5
        assert len(set(row.representative_segment_ids)) == len(row.representative_segment_ids)
        themed = out.loc[out["topic_id"] == row.topic_id, "themes"].map(len).sum() > 0
        # "" (neutral) only for a topic none of whose segments has a theme
        assert row.theme in THEME_IDS if themed else row.theme == ""
        json.loads(row.submitter_types)
        json.loads(row.fylker)


def test_determinism_and_cache(first, setup):
    params, submissions, segments = setup
    out1, topics1, _, _ = first
    out2, topics2, metrics2, _ = _cluster(params, submissions, segments)
    assert metrics2["embedding_cache_misses"] == 0  # second run embeds nothing new
    assert metrics2["embedding_cache_hits"] > 0
    pd.testing.assert_frame_equal(topics1, topics2)
    assert out1["topic_id"].tolist() == out2["topic_id"].tolist()


def test_campaign_enters_once_counts_five(first):
    out, topics, metrics, _ = first
    copies = out[out["submission_id"].str.startswith("kampanje")]
    assert metrics["n_copies_merged"] == 4
    assert copies["topic_id"].nunique() == 1
    topic = int(copies["topic_id"].iloc[0])
    assert topic >= 0
    row = topics.set_index("topic_id").loc[topic]
    members = out[out["topic_id"] == topic]
    assert row["n_submissions"] == members["submission_id"].nunique()
    assert row["n_submissions"] >= 5 + 1
    assert row["n_organisations"] >= 5


def test_outlier_reduction(first):
    _, _, metrics, _ = first
    assert metrics["outlier_share_after"] <= metrics["outlier_share_before"]
    assert metrics["outlier_share_after"] < 0.25


def test_labels_are_phrases(first):
    _, topics, _, _ = first
    for row in topics.itertuples():
        label = row.label
        assert label[0].isupper(), label
        assert len(label.split()) >= 3, label
        assert label.lower() != " ".join(row.keywords).lower()
        words = {w.strip(".,").lower() for w in label.split()}
        keyword_tokens = {t for kw in row.keywords for t in kw.lower().split()}
        assert not words <= keyword_tokens, f"label is just keywords: {label}"


def test_overrides_rename_merge_split_and_stale(first, setup):
    params, submissions, segments = setup
    out, topics, _, state = first
    t0, t1 = topics.iloc[0], topics.iloc[1]
    seg0 = t0["representative_segment_ids"][0]
    seg1 = t1["representative_segment_ids"][0]
    split = [s for s in out.loc[out["topic_id"] == int(t0["topic_id"]), "segment_id"] if s != seg0][
        :2
    ]
    quote = out.set_index("segment_id").loc[seg1, "text_redacted"][:40]
    overrides = {
        "split_off": [{"segments": split, "label": "Utskilt forslag"}],
        "merge": [{"topics": [seg0, quote], "label": "Samlet forslag"}],
        "rename": [
            {"match": seg0, "label": "Nytt navn på forslaget"},
            {"match": "denne teksten finnes ikke i noe innspill", "label": "Foreldet"},
        ],
    }
    out2, topics2, metrics2, _ = _cluster(params, submissions, segments, overrides, state)
    by_seg = out2.set_index("segment_id")["topic_id"]
    assert by_seg[seg0] == by_seg[seg1]  # merged
    assert by_seg[split[0]] == by_seg[split[1]] != by_seg[seg0]  # split off
    labels = topics2.set_index("topic_id")["label"]
    assert labels[by_seg[seg0]] == "Nytt navn på forslaget"  # rename wins over the merge label
    assert labels[by_seg[split[0]]] == "Utskilt forslag"
    assert len(metrics2["overrides_stale"]) == 1
    assert metrics2["overrides_applied"] == 3
    # a label from the previous run matches the same topic by centroid
    old_label = str(topics.iloc[2]["label"])
    rep = topics.iloc[2]["representative_segment_ids"][0]
    out3, topics3, metrics3, _ = _cluster(
        params,
        submissions,
        segments,
        {"rename": [{"match": old_label, "label": "Via etikett"}]},
        state,
    )
    assert metrics3["overrides_stale"] == []
    t = out3.set_index("segment_id").loc[rep, "topic_id"]
    assert topics3.set_index("topic_id").loc[t, "label"] == "Via etikett"


def test_run_writes_tables_and_metrics(setup, tmp_path, monkeypatch):
    from pipeline.cluster import run

    params, submissions, segments = setup
    processed = tmp_path / "processed"
    tables.write_table(submissions, processed, tables.SUBMISSIONS_TAGGED)
    tables.write_table(segments, processed, tables.SEGMENTS_TAGGED)
    params = params.model_copy(
        update={
            "paths": params.paths.model_copy(
                update={"processed": processed, "labels": ROOT / "data/labels"}
            )
        }
    )
    monkeypatch.chdir(tmp_path)
    run(params)
    topics = tables.read_table(processed, tables.TOPICS)
    assert len(topics) >= 3
    metrics = json.loads((tmp_path / "data/metrics/cluster.json").read_text(encoding="utf-8"))
    # Metrics must be identical for identical inputs: no wall times, no cache counters.
    assert not {"seconds", "embedding_cache_hits", "embedding_cache_misses"} & set(metrics)


def test_overrides_move_into_another_topic_and_out(first, setup):
    """``move`` entries (written by the review app): a member into the topic another
    segment is in, a member out of all topics, and one that names nothing (stale)."""
    params, submissions, segments = setup
    out, topics, _, state = first
    t0, t1 = topics.iloc[0], topics.iloc[1]
    seg0 = t0["representative_segment_ids"][0]
    anchor1 = t1["representative_segment_ids"][0]
    members0 = [s for s in out.loc[out["topic_id"] == int(t0["topic_id"]), "segment_id"]
                if s != seg0]
    into, away = members0[0], members0[1]
    overrides = {k: [] for k in ("rename", "merge", "split_off")} | {"move": [
        {"segments": [into], "to": anchor1},
        {"segments": [away], "to": None},
        {"segments": ["finnes-ikke-000"], "to": anchor1},
    ]}
    out2, _, metrics2, _ = _cluster(params, submissions, segments, overrides, state)
    by_seg = out2.set_index("segment_id")["topic_id"]
    assert by_seg[into] == by_seg[anchor1] != by_seg[seg0]
    assert by_seg[away] == -1
    assert metrics2["overrides_applied"] == 2 and len(metrics2["overrides_stale"]) == 1
    assert out2.set_index("segment_id").loc[into, "topic_probability"] == 1.0


def test_redacted_words_leave_the_keywords(first, setup):
    """Keywords of the fit that contain a word the analysts marked for redaction are
    dropped (the prepare stage has already taken it out of the texts and lemmas)."""
    params, submissions, segments = setup
    _, topics, _, state = first
    row = next(r for r in topics.itertuples() if len(r.keywords) >= 2)
    word = str(row.keywords[0]).split()[0].casefold()
    out2, topics2, _, _ = _cluster_redacted(params, submissions, segments, state,
                                            frozenset({word}))
    for kws in topics2["keywords"]:
        assert all(word not in str(k).casefold().split() for k in kws), kws
    assert len(topics2) == len(topics)


def _cluster_redacted(params, submissions, segments, previous, words):
    from pipeline.cluster import cluster_frames
    from pipeline.embeddings import EmbeddingCache, make_embedder

    cache = EmbeddingCache(make_embedder(params.embedder), params.paths.cache / "embeddings")
    return cluster_frames(segments, submissions, params, cache, None, previous,
                          redacted_words=words)


def test_switched_on_whitening_changes_the_space_and_the_fit(first, setup, tmp_path):
    """``cluster.whitening_files`` set: the stage clusters whitened embeddings, and a
    later run knows it cannot place new units into a fit made in another space."""
    import shutil

    params, submissions, segments = setup
    labels = tmp_path / "labels"
    (labels / "eval").mkdir(parents=True)
    shutil.copyfile(ROOT / "data/labels/eval/proposal_groups_dev2.jsonl",
                    labels / "eval/proposal_groups_dev2.jsonl")
    whitened = params.model_copy(update={
        "paths": params.paths.model_copy(update={"labels": labels}),
        "cluster": params.cluster.model_copy(
            update={"whitening_files": ["eval/proposal_groups_dev2.jsonl"]}),
    })
    out, topics, _metrics, state = _cluster(whitened, submissions, segments)
    assert len(topics) >= 3
    assert state.fit.fingerprint != first[3].fit.fingerprint
    tables.validate(out, tables.SEGMENTS_CLUSTERED)
