"""The shared key-value store behind the prepare and lexicon caches."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.cache import JsonStore, ModelStore


def test_round_trip_and_missing_keys(tmp_path):
    store = JsonStore(tmp_path / "sub" / "c.sqlite", table="things")
    assert store.get_many(["a"]) == {}  # no file yet
    store.put_many({"a": {"x": [1, 2]}, "b": "æøå"})
    assert store.get_many(["a", "b", "c"]) == {"a": {"x": [1, 2]}, "b": "æøå"}
    store.put_many({"a": 3})  # replace
    assert store.get_many(["a"]) == {"a": 3}


def test_many_keys_are_looked_up_in_chunks(tmp_path):
    store = JsonStore(tmp_path / "c.sqlite")
    items = {f"k{i}": i for i in range(JsonStore.CHUNK * 2 + 7)}
    store.put_many(items)
    assert store.get_many(items) == items


def test_unreadable_rows_and_files_cost_time_not_the_run(tmp_path):
    path = tmp_path / "c.sqlite"
    store = JsonStore(path)
    store.put_many({"good": 1})
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO entries VALUES ('bad', x'00ff')")
    assert store.get_many(["good", "bad"]) == {"good": 1}
    path.write_bytes(b"not a database at all" * 100)
    assert store.get_many(["good"]) == {}
    store.put_many({"x": 1})  # logged, not raised


def test_disabled_store_and_table_names(tmp_path):
    off = JsonStore(None)
    off.put_many({"a": 1})
    assert off.get_many(["a"]) == {}
    with pytest.raises(ValueError):
        JsonStore(tmp_path / "c.sqlite", table="x; DROP TABLE y")


class _Fitted:
    """A model that refers to a function it must not carry in its pickle."""

    def __init__(self, embed, weights):
        self.embed = embed
        self.weights = weights


def test_model_store_round_trip_with_live_externals(tmp_path):
    import sqlite3 as db

    store = ModelStore(tmp_path / "models")
    connection = db.connect(":memory:")  # not picklable: must travel by name

    def embed(texts):
        return [connection is not None for _ in texts]

    store.put("abc123", _Fitted(embed, [1.0, 2.0]), {"embed": embed})
    assert store.get("missing", {"embed": embed}) is None

    def live(texts):
        return ["live" for _ in texts]

    back = store.get("abc123", {"embed": live})
    assert back.weights == [1.0, 2.0] and back.embed is live
    # without the live object the stored model cannot be completed: refit, not a crash
    assert store.get("abc123", {}) is None


def test_model_store_damaged_files_disabled_store_and_keys(tmp_path):
    store = ModelStore(tmp_path)
    (tmp_path / "dead.pkl").write_bytes(b"not a pickle")
    assert store.get("dead") is None
    disabled = ModelStore(None)
    disabled.put("x", {"a": 1})
    assert disabled.get("x") is None
    with pytest.raises(ValueError):
        store.get("../etc")


def test_frame_digest_changes_with_any_cell_and_only_then():
    import pandas as pd

    from pipeline.common import frame_digest

    frame = pd.DataFrame({"text": ["a", "b"], "gold": [["x"], ["y", "z"]], "w": [1.0, 2.0]})
    assert frame_digest(frame) == frame_digest(frame.copy())
    assert frame_digest(frame) != frame_digest(frame.assign(gold=[["x"], ["y"]]))
    assert frame_digest(frame) != frame_digest(frame.assign(w=[1.0, 2.5]))
    assert frame_digest(frame) != frame_digest(frame.iloc[::-1])
    assert frame_digest(None) == ""
