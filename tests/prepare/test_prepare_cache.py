"""Incremental re-runs: prepare caches each submission, tag embeds only new segments."""

from __future__ import annotations

import hashlib
import time

import numpy as np
import pandas as pd
import pytest

import pipeline.prepare.stage as prepare_module
from pipeline.config import Params
from pipeline.embeddings import Embedder, EmbeddingCache
from pipeline.prepare import PrepareCache, prepare_frames
from pipeline.schema import THEME_IDS, score_column
from pipeline.spacy_backend import load_backend
from pipeline.tag import tag_frames
from pipeline.tag.tagger import ThemeTagger
from pipeline.taxonomy import load_taxonomy

LETTERS = [
    ("Hei!\n\nVi i Sagene Ap foreslår at kommunen innfører heltid. Kari Hansen er enig.\n\n"
     "Mvh\nOla Nordmann\nola.nordmann@eksempel.no", "Ola Nordmann", "ola.nordmann@eksempel.no"),
    ("Eg meiner at tillitsvalde må vere med frå starten.\n\nVennleg helsing\nSigrid Vik",
     "Sigrid Vik", ""),
    ("We propose that unions get a seat on the board.", "Emily Carter", "emily@example.com"),
]
NEW = ("Forslag:\n1. Forby innleie i byggebransjen\n2. Krav om tariffavtale\n\nHilsen Per Berg",
       "Per Berg", "")


def submissions(letters) -> pd.DataFrame:
    return pd.DataFrame([{
        "submission_id": f"s{i}", "source_file": f"demo/{i}.txt", "source_part": "",
        "received_at": pd.Timestamp("2026-03-01", tz="UTC"), "submitter_type": "ukjent",
        "organisation": "", "fylke": "", "kommune": "", "language": "", "text": text,
        "text_redacted": "", "duplicate_of": "", "campaign_id": "", "themes": [],
        **{score_column(t): float("nan") for t in THEME_IDS},
        "private_sender_name": name, "private_sender_email": email, "format": "txt",
    } for i, (text, name, email) in enumerate(letters)])


@pytest.fixture(scope="module")
def backend():
    return load_backend(Params().prepare.model)


@pytest.fixture()
def counted(monkeypatch):
    """The texts that went through the NLP (prepare_one), in call order."""
    calls: list[str] = []
    real = prepare_module.prepare_one
    monkeypatch.setattr(prepare_module, "prepare_one",
                        lambda text, *a, **k: calls.append(text) or real(text, *a, **k))
    return calls


def test_prepare_rerun_processes_only_new_submissions(tmp_path, backend, counted):
    params, cache = Params(), tmp_path / "prepare"
    uncached = prepare_frames(submissions(LETTERS), backend, params)
    counted.clear()
    first = prepare_frames(submissions(LETTERS), backend, params, cache_dir=cache)
    assert len(counted) == 3 and (first.n_processed, first.n_cached) == (3, 0)
    assert (cache / "prepare.sqlite").exists()
    pd.testing.assert_frame_equal(first.segments, uncached.segments)
    pd.testing.assert_frame_equal(first.submissions, uncached.submissions)
    assert first.metrics == uncached.metrics

    counted.clear()
    again = prepare_frames(submissions(LETTERS), backend, params, cache_dir=cache)
    assert counted == [] and again.n_cached == 3
    pd.testing.assert_frame_equal(again.segments, first.segments)
    assert again.metrics == first.metrics

    counted.clear()
    grown = prepare_frames(submissions([*LETTERS, NEW]), backend, params, cache_dir=cache)
    assert counted == [NEW[0]] and (grown.n_processed, grown.n_cached) == (1, 3)
    fresh = prepare_frames(submissions([*LETTERS, NEW]), backend, params)
    pd.testing.assert_frame_equal(grown.segments, fresh.segments)
    pd.testing.assert_frame_equal(grown.submissions, fresh.submissions)
    assert grown.metrics == fresh.metrics


def test_prepare_in_rounds_equals_one_round(tmp_path, backend, counted):
    """``prepare.chunk_size`` bounds memory, not the result: rounds of one or two
    submissions give the tables and metrics of one round, with or without the cache; a
    submission repeated in a later round is read from the cache, not prepared again, and
    is not counted as cached (issue 20: the stage held 8 GB at 50 000 submissions)."""
    letters = [*LETTERS, NEW, LETTERS[0]]  # the last repeats the first, three rounds on
    whole = prepare_frames(submissions(letters), backend, Params())
    for size in (1, 2):
        params = Params.model_validate({"prepare": {"chunk_size": size}})
        for cache in (None, tmp_path / f"prepare-{size}"):
            counted.clear()
            rounds = prepare_frames(submissions(letters), backend, params, cache_dir=cache)
            pd.testing.assert_frame_equal(rounds.segments, whole.segments)
            pd.testing.assert_frame_equal(rounds.submissions, whole.submissions)
            assert rounds.metrics == whole.metrics
            assert rounds.n_processed == 4
            if cache is not None:
                assert sorted(counted) == sorted(t for t, _, _ in letters[:4])
                assert rounds.n_cached == 0


def test_prepare_cache_key_covers_sender_and_settings(tmp_path, backend, counted):
    params, cache = Params(), tmp_path / "prepare"
    prepare_frames(submissions(LETTERS), backend, params, cache_dir=cache)
    counted.clear()
    # Another sender name changes what is redacted: that submission runs again.
    changed = [LETTERS[0], (LETTERS[1][0], "Sigrid Vik Berg", ""), LETTERS[2]]
    prepare_frames(submissions(changed), backend, params, cache_dir=cache)
    assert counted == [LETTERS[1][0]]
    # An NLP parameter changes everything; the keep list too.
    counted.clear()
    other = Params(prepare={"min_segment_chars": 30})
    prepare_frames(submissions(LETTERS), backend, other, cache_dir=cache)
    assert len(counted) == 3
    counted.clear()
    prepare_frames(submissions(LETTERS), backend, params, keep=["Kari Hansen"], cache_dir=cache)
    assert len(counted) == 3


def test_identical_submissions_are_prepared_once(tmp_path, backend, counted):
    twice = [LETTERS[0], LETTERS[0], LETTERS[1]]
    result = prepare_frames(submissions(twice), backend, Params(), cache_dir=tmp_path)
    assert len(counted) == 2 and result.n_processed == 2
    segs = result.segments
    assert list(segs.loc[segs.submission_id == "s0", "text_redacted"]) == \
        list(segs.loc[segs.submission_id == "s1", "text_redacted"])


def test_unreadable_prepare_cache_is_ignored(tmp_path):
    (tmp_path / "prepare.sqlite").write_bytes(b"not a database")
    cache = PrepareCache(tmp_path)
    assert cache.get_many(["a"]) == {}
    cache.put_many({"a": {"x": 1}})  # logs a warning, never raises


class CountingEmbedder(Embedder):
    """Hashed bag of words; records every text it embeds."""

    name = "counting-bow"

    def __init__(self):
        self.seen: list[str] = []

    @property
    def dim(self) -> int:
        return 32

    def _embed(self, texts, kind):
        self.seen.extend(texts)
        out = np.zeros((len(texts), 32))
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % 32] += 1
            out[i, 0] += 0.1
        return out


def test_tag_rerun_embeds_only_new_segments(tmp_path, backend, monkeypatch):
    taxonomy = load_taxonomy("arbeidsliv")
    params = Params()
    before = prepare_frames(submissions(LETTERS), backend, params)
    after = prepare_frames(submissions([*LETTERS, NEW]), backend, params)

    first_embedder = CountingEmbedder()
    first_cache = EmbeddingCache(first_embedder, tmp_path)
    seg1, _, _ = tag_frames(ThemeTagger(taxonomy, first_cache), before.segments,
                            before.submissions, cache_dir=tmp_path / "lexicon")
    assert first_cache.misses == len(first_embedder.seen) > 0

    embedder = CountingEmbedder()
    cache = EmbeddingCache(embedder, tmp_path)
    tagger = ThemeTagger(taxonomy, cache)
    matched: list[str] = []
    real_match = tagger.lexicon.match
    monkeypatch.setattr(tagger.lexicon, "match",
                        lambda texts, lemmas=None: matched.extend(texts) or real_match(texts,
                                                                                       lemmas))
    seg2, sub2, _ = tag_frames(tagger, after.segments, after.submissions,
                               cache_dir=tmp_path / "lexicon")
    new_texts = set(after.segments.loc[after.segments.submission_id == "s3", "text_redacted"])
    old_texts = set(before.segments["text_redacted"])
    assert embedder.seen and set(embedder.seen) <= new_texts - old_texts
    assert cache.misses == len(embedder.seen)
    assert matched and set(matched) <= new_texts - old_texts  # lexicon cache
    # Identical rows as a cold run without a cache.
    cold = ThemeTagger(taxonomy, EmbeddingCache(CountingEmbedder(), tmp_path / "cold"))
    seg3, sub3, _ = tag_frames(cold, after.segments, after.submissions)
    pd.testing.assert_frame_equal(seg2, seg3)
    pd.testing.assert_frame_equal(sub2, sub3)
    pd.testing.assert_frame_equal(seg2.iloc[: len(seg1)].reset_index(drop=True),
                                  seg1.reset_index(drop=True))


def test_embedding_cache_scales(tmp_path):
    """Batched SQLite look-ups: 20 000 cached vectors read back well under a second or two."""
    texts = [f"segment {i}" for i in range(20_000)]
    cache = EmbeddingCache(CountingEmbedder(), tmp_path)
    first = cache.embed(texts)
    assert (cache.hits, cache.misses) == (0, 20_000)
    again = EmbeddingCache(CountingEmbedder(), tmp_path)
    started = time.perf_counter()
    second = again.embed(texts)
    elapsed = time.perf_counter() - started
    assert (again.hits, again.misses) == (20_000, 0) and again.embedder.seen == []
    np.testing.assert_array_equal(first, second)
    assert elapsed < 5.0
    assert len(list(tmp_path.rglob("*"))) <= 3  # one folder, one file (plus a journal)
