"""Caches and state that heal themselves (issue 16, cases 2 and 8): a damaged cache is moved
aside with a one-line warning and rebuilt; a locked one is bypassed; writes are atomic."""

from __future__ import annotations

import json
import os
import sqlite3

import numpy as np
import pytest

from pipeline import cache as cache_module
from pipeline.cache import JsonStore, atomic_write_bytes
from pipeline.cluster.incremental import FitState
from pipeline.cluster.overrides import PreviousTopics
from pipeline.embeddings import Embedder, EmbeddingCache


def _filled(path, n=400):
    store = JsonStore(path)
    store.put_many({f"k{i}": {"tekst": "heltid " * 50 + str(i)} for i in range(n)})
    return store


def test_garbage_sqlite_is_moved_aside_and_rebuilt(tmp_path, capsys):
    path = tmp_path / "prepare.sqlite"
    path.write_bytes(b"dette er ikke en database " * 100)
    store = JsonStore(path)
    assert store.get_many(["a"]) == {}
    store.put_many({"a": {"x": 1}})
    assert store.get_many(["a"]) == {"a": {"x": 1}}
    assert (tmp_path / "prepare.sqlite.skadet").exists()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Advarsel: hurtiglageret")
    assert "flyttet til prepare.sqlite.skadet og bygges på nytt" in err[0]


def test_truncated_sqlite_heals_on_read(tmp_path):
    path = tmp_path / "lexicon.sqlite"
    _filled(path)
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.truncate(size // 3)
    store = JsonStore(path)
    got = store.get_many([f"k{i}" for i in range(400)])  # never raises
    assert len(got) < 400
    store.put_many({"ny": [1]})
    assert store.get_many(["ny"]) == {"ny": [1]}


def test_foreign_cache_version_is_moved_aside(tmp_path):
    path = tmp_path / "prepare.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE entries (a, b, c)")
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    store = JsonStore(path)
    store.put_many({"a": 1})
    assert store.get_many(["a"]) == {"a": 1}
    assert (tmp_path / "prepare.sqlite.skadet").exists()


def test_unstamped_cache_of_an_older_run_is_kept(tmp_path):
    path = tmp_path / "prepare.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB)")
    con.commit()
    con.close()
    JsonStore(path).put_many({"a": 1})
    assert JsonStore(path).get_many(["a"]) == {"a": 1}
    assert not (tmp_path / "prepare.sqlite.skadet").exists()


def test_locked_cache_is_bypassed_not_destroyed(tmp_path, monkeypatch, capsys):
    path = tmp_path / "prepare.sqlite"
    _filled(path, 3)
    monkeypatch.setattr(JsonStore, "TIMEOUT", 0.1)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = JsonStore(path)
        assert store.get_many(["k1"]) == {}
        store.put_many({"x": 1})  # no exception
    finally:
        holder.rollback()
        holder.close()
    assert not (tmp_path / "prepare.sqlite.skadet").exists()
    assert "låst av en annen prosess" in capsys.readouterr().err
    assert JsonStore(path).get_many(["k1"])  # intact


class _Fake(Embedder):
    name = "falsk"

    def _embed(self, texts, kind):
        return np.array([[len(t), 1.0, 2.0, 3.0] for t in texts], dtype=np.float32)

    @property
    def dim(self) -> int:
        return 4


def test_damaged_embedding_cache_is_rebuilt(tmp_path):
    texts = ["heltid for alle", "faste stillinger", "flere lærlinger"]
    want = EmbeddingCache(_Fake(), tmp_path / "a").embed(texts)
    db = tmp_path / "b" / "falsk" / "vectors.sqlite"
    db.parent.mkdir(parents=True)
    db.write_bytes(os.urandom(8192))
    cache = EmbeddingCache(_Fake(), tmp_path / "b")
    np.testing.assert_array_equal(cache.embed(texts), want)
    again = EmbeddingCache(_Fake(), tmp_path / "b")
    np.testing.assert_array_equal(again.embed(texts), want)
    assert again.hits == 3  # the rebuilt cache serves the next run


def test_truncated_embedding_cache_is_rebuilt(tmp_path):
    texts = [f"innspill nummer {i} om heltid og faste stillinger" for i in range(3000)]
    cache = EmbeddingCache(_Fake(), tmp_path)
    want = cache.embed(texts)
    with open(cache.path, "r+b") as fh:
        fh.truncate(cache.path.stat().st_size // 2)
    np.testing.assert_array_equal(EmbeddingCache(_Fake(), tmp_path).embed(texts), want)


def test_half_written_topic_state_costs_only_a_refit(tmp_path):
    state = PreviousTopics(["Heltid", "Lærlinger"], np.eye(2, dtype=np.float32))
    state.save(tmp_path)
    assert PreviousTopics.load(tmp_path).labels == ["Heltid", "Lærlinger"]
    text = (tmp_path / "topics.json").read_text(encoding="utf-8")
    (tmp_path / "topics.json").write_text(text[: len(text) // 2], encoding="utf-8")
    blob = (tmp_path / "centroids.npy").read_bytes()
    (tmp_path / "centroids.npy").write_bytes(blob[:40])
    (tmp_path / FitState.FILE).write_text('{"fingerprint": "ab', encoding="utf-8")
    loaded = PreviousTopics.load(tmp_path)  # no exception
    assert loaded.labels == [] and loaded.fit.units == {}
    assert (tmp_path / "topics.json.skadet").exists()


def test_atomic_write_leaves_the_old_file_when_interrupted(tmp_path, monkeypatch):
    path = tmp_path / "tilstand.json"
    atomic_write_bytes(path, json.dumps({"gammel": True}).encode())

    def killed(*args):
        raise KeyboardInterrupt  # as a kill between write and rename

    monkeypatch.setattr(cache_module.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(path, b'{"ny": tr')
    assert json.loads(path.read_text()) == {"gammel": True}
    assert [p.name for p in tmp_path.iterdir()] == ["tilstand.json"]
