"""The table contract's checks (pipeline/schema.py via pipeline.tables.validate): valid tables
pass unchanged, broken ones are refused with the column and the check named, and the
vectorised value checks accept exactly what the element-wise checks they replace accepted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schema, tables

SCORES = {schema.score_column(t): [0.25, np.nan] for t in schema.THEME_IDS}


def _submissions() -> pd.DataFrame:
    rows = pd.DataFrame({
        "submission_id": ["s1", "s2"],
        "source_file": ["a.eml", "b.docx"],
        "source_part": ["", "1"],
        "received_at": [pd.Timestamp("2025-01-02", tz="UTC"), pd.NaT],
        "submitter_type": ["lokallag", "ukjent"],
        "organisation": ["Oslo lokallag", ""],
        "fylke": ["Oslo", ""],
        "kommune": ["Oslo", ""],
        "language": ["nb", ""],
        "text": ["Vi vil ha sterkere fagforeninger.", "Ja."],
        "text_redacted": ["Vi vil ha sterkere fagforeninger.", "Ja."],
        "duplicate_of": ["", "s1"],
        "campaign_id": ["", ""],
        "themes": [["organisert_arbeidsliv"], []],
        **SCORES,
    })
    return pd.concat([schema.empty_submissions(), rows], ignore_index=True)


def _segments() -> pd.DataFrame:
    rows = pd.DataFrame({
        "segment_id": ["s1-0", "s1-1"],
        "submission_id": ["s1", "s1"],
        "position": [0, 1],
        "start": [0, 10],
        "end": [9, 20],
        "text_redacted": ["Vi vil ha", "sterkere fagforeninger."],
        "language": ["nb", "nn"],
        "lemmas": [["vi", "ville"], np.array(["sterk", "fagforening"], dtype=object)],
        "is_proposal": [True, False],
        "themes": [("organisert_arbeidsliv",), []],
        **SCORES,
        "question_id": ["", "q1"],
        "topic_id": [schema.NO_TOPIC, 0],
    })
    return pd.concat([schema.empty_segments(), rows], ignore_index=True)


def _topics() -> pd.DataFrame:
    rows = pd.DataFrame({
        "topic_id": [0, 1],
        "label": ["sterkere fagforeninger", "kunstig intelligens"],
        "keywords": [["fagforening"], ["ki", "teknologi"]],
        "theme": ["organisert_arbeidsliv", "ny_teknologi"],
        "n_segments": [3, 2],
        "n_submissions": [2, 2],
        "n_organisations": [1, 0],
        "representative_segment_ids": [["s1-1"], []],
    })
    return pd.concat([schema.empty_topics(), rows], ignore_index=True)


def _ledger() -> pd.DataFrame:
    # As read from CSV: every column text; the counts are coerced to int.
    return pd.DataFrame({
        "path": ["data/raw/a.eml", "data/raw/b.docx"],
        "sha256": ["ab" * 32, "cd" * 32],
        "bytes": ["120", "0"],
        "status": ["ok", "quarantined"],
        "reason": ["", "tom fil"],
        "n_submissions": ["1", "0"],
    })


def _question_scores() -> pd.DataFrame:
    return pd.DataFrame({
        "source": ["", "", "spm.csv"],
        "id": ["s1-0", "s1-0", "r1"],
        "question_id": ["q1", "q2", "q1"],
        "score": [0.9, 0.1, 1.0],
    })


def _answers() -> pd.DataFrame:
    rows = pd.DataFrame({
        "segment_id": ["s1-0", "s1-1"],
        "submission_id": ["s1", "s1"],
        "question_id": ["q1", "q2"],
        "score": [1.0, 0.7],
        "direct": [True, False],
        "stance": ["ja", ""],
        "stance_evidence": ["Ja.", ""],
        "demand": [False, True],
    })
    return pd.concat([schema.empty_answers(), rows], ignore_index=True)


VALID = {
    tables.SUBMISSIONS_TAGGED: _submissions,
    tables.SEGMENTS_CLUSTERED: _segments,
    tables.TOPICS: _topics,
    tables.LEDGER: _ledger,
    tables.QUESTION_SCORES: _question_scores,
    tables.ANSWERS: _answers,
}


@pytest.mark.parametrize("name", list(VALID))
def test_valid_tables_pass_with_their_values(name):
    frame = VALID[name]()
    out = tables.validate(frame.copy(), name)
    assert list(out.columns) == list(frame.columns)
    assert len(out) == len(frame)
    for column in out.columns:
        if out[column].dtype == object:  # not coerced: the very same values
            assert out[column].tolist() == frame[column].tolist(), column


def _with(frame: pd.DataFrame, column: str, row: int, value: object) -> pd.DataFrame:
    frame = frame.copy()
    values = frame[column].astype(object).tolist()
    values[row] = value
    frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


# (table, how the frame is broken, expected "column: check" in the message)
BROKEN = [
    # a value of the wrong type in a text column: the str check names it
    (tables.SEGMENTS_CLUSTERED, lambda f: _with(f, "text_redacted", 1, 3),
     "text_redacted: dtype('str')"),
    (tables.SUBMISSIONS_TAGGED, lambda f: _with(f, "organisation", 0, b"bytes"),
     "organisation: dtype('str')"),
    (tables.QUESTION_SCORES, lambda f: _with(f, "question_id", 2, 7), "question_id: dtype('str')"),
    (tables.ANSWERS, lambda f: _with(f, "stance_evidence", 0, 1.5),
     "stance_evidence: dtype('str')"),
    (tables.SUBMISSIONS_TAGGED, lambda f: f.assign(kommune=[1, 2]), "kommune: dtype('str')"),
    # a missing value in a text column
    (tables.SEGMENTS_CLUSTERED, lambda f: _with(f, "question_id", 0, None),
     "question_id: not_nullable"),
    (tables.SUBMISSIONS_TAGGED, lambda f: _with(f, "text", 1, np.nan), "text: not_nullable"),
    (tables.LEDGER, lambda f: _with(f, "reason", 0, pd.NA), "reason: not_nullable"),
    # no list in a list column
    (tables.SEGMENTS_CLUSTERED, lambda f: _with(f, "lemmas", 1, "sterk fagforening"),
     "lemmas: must hold a list in every row"),
    (tables.SUBMISSIONS_TAGGED, lambda f: _with(f, "themes", 0, {"organisert_arbeidsliv"}),
     "themes: must hold a list in every row"),
    (tables.TOPICS, lambda f: f.assign(keywords=["fagforening", "ki"]),
     "keywords: must hold a list in every row"),
    (tables.TOPICS, lambda f: _with(f, "representative_segment_ids", 1, None),
     "representative_segment_ids: not_nullable"),
    # NaN where a number is required
    (tables.ANSWERS, lambda f: f.assign(score=[1.0, np.nan]), "score: not_nullable"),
    (tables.QUESTION_SCORES, lambda f: f.assign(score=[0.9, np.nan, 1.0]), "score: not_nullable"),
    # a value outside the allowed set or range
    (tables.SEGMENTS_CLUSTERED, lambda f: _with(f, "language", 0, "de"), "language: isin("),
    (tables.SUBMISSIONS_TAGGED, lambda f: _with(f, "submitter_type", 1, "bedrift"),
     "submitter_type: isin("),
    (tables.ANSWERS, lambda f: _with(f, "stance", 1, "kanskje"), "stance: isin("),
    (tables.LEDGER, lambda f: _with(f, "status", 0, "lost"), "status: isin("),
    (tables.ANSWERS, lambda f: f.assign(score=[1.0, 1.5]), "score: in_range(0.0, 1.0)"),
    (tables.SUBMISSIONS_TAGGED, lambda f: f.assign(score_ny_teknologi=[-0.1, np.nan]),
     "score_ny_teknologi: in_range(0.0, 1.0)"),
    (tables.SEGMENTS_CLUSTERED, lambda f: f.assign(topic_id=[-2, 0]),
     "topic_id: greater_than_or_equal_to(-1)"),
    (tables.LEDGER, lambda f: _with(f, "bytes", 1, "-5"), "bytes: greater_than_or_equal_to(0)"),
    (tables.SEGMENTS_CLUSTERED, lambda f: f.assign(end=[9, 5]), "segments: end < start"),
    # duplicate keys
    (tables.SEGMENTS_CLUSTERED, lambda f: _with(f, "segment_id", 1, "s1-0"),
     "segment_id: field_uniqueness"),
    (tables.QUESTION_SCORES, lambda f: _with(f, "question_id", 1, "q1"),
     "question_id: multiple_fields_uniqueness"),
    # a contract column missing
    (tables.SEGMENTS_CLUSTERED, lambda f: f.drop(columns=["lemmas"]),
     "segments: column_in_dataframe"),
    (tables.ANSWERS, lambda f: f.drop(columns=["stance"]), "answers: column_in_dataframe"),
]


@pytest.mark.parametrize(("name", "breaking", "expected"), BROKEN)
def test_broken_tables_are_refused_naming_column_and_check(name, breaking, expected):
    with pytest.raises(tables.TableError) as info:
        tables.validate(breaking(VALID[name]()), name)
    message = str(info.value)
    assert message.startswith(f"{name} bryter tabellkontrakten: ")
    assert expected in message


def test_write_table_refuses_a_broken_table_and_writes_nothing(tmp_path):
    # (write_table turns anything but a list in a list column into [], so break a text column)
    broken = _with(_segments(), "text_redacted", 0, 42)
    with pytest.raises(tables.TableError, match=r"text_redacted: dtype\('str'\)"):
        tables.write_table(broken, tmp_path, tables.SEGMENTS)
    assert list(tmp_path.iterdir()) == []
    path = tables.write_table(_segments(), tmp_path, tables.SEGMENTS)
    back = tables.read_table(tmp_path, tables.SEGMENTS)
    assert path.exists() and back["lemmas"].tolist() == [["vi", "ville"], ["sterk", "fagforening"]]


def _long_scores(first: int, n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "source": "",
        "id": np.repeat([f"s{i}" for i in range(first, first + n)], 2).astype(object),
        "question_id": np.tile(["q1", "q2"], n).astype(object),
        "score": np.linspace(0.0, 1.0, 2 * n),
    })


def test_table_written_in_parts_reads_back_as_the_whole(tmp_path):
    """write_table_parts (the tag stage's long question_scores) gives the frame write_table
    gives for the parts concatenated; an empty part is no part unless all are empty."""
    parts = [_long_scores(0, 3), _long_scores(3, 0), _long_scores(3, 4), _long_scores(7, 1)]
    tables.write_table(pd.concat(parts, ignore_index=True), tmp_path / "whole",
                       tables.QUESTION_SCORES)
    tables.write_table_parts(iter(parts), tmp_path / "parts", tables.QUESTION_SCORES)
    whole = tables.read_table(tmp_path / "whole", tables.QUESTION_SCORES)
    pd.testing.assert_frame_equal(tables.read_table(tmp_path / "parts", tables.QUESTION_SCORES),
                                  whole)
    import pyarrow.parquet as pq

    assert pq.ParquetFile(tmp_path / "parts" / tables.QUESTION_SCORES).num_row_groups == 3
    tables.write_table_parts([_long_scores(0, 0)], tmp_path / "empty", tables.QUESTION_SCORES)
    assert tables.read_table(tmp_path / "empty", tables.QUESTION_SCORES).empty
    with pytest.raises(tables.TableError, match="ingen deler"):
        tables.write_table_parts([], tmp_path / "none", tables.QUESTION_SCORES)
    assert not (tmp_path / "none" / tables.QUESTION_SCORES).exists()


def test_table_in_parts_refuses_a_key_in_two_parts_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = tables.write_table_parts([_long_scores(0, 2)], tmp_path, tables.QUESTION_SCORES)
    before = path.read_bytes()
    with pytest.raises(tables.TableError, match="source, id, question_id: samme nøkkel"):
        tables.write_table_parts([_long_scores(0, 2), _long_scores(1, 2)], tmp_path,
                                 tables.QUESTION_SCORES)
    broken = _long_scores(2, 2).assign(score=[0.1, 0.2, 0.3, 1.5])
    with pytest.raises(tables.TableError, match="score: in_range"):
        tables.write_table_parts([_long_scores(0, 2), broken], tmp_path, tables.QUESTION_SCORES)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [tables.QUESTION_SCORES]

    # Keys are compared by a 64-bit hash; equal hashes of different keys are checked on the
    # values, so a collision does not refuse a good table.
    monkeypatch.setattr(pd.util, "hash_pandas_object",
                        lambda frame, index=False: pd.Series(np.zeros(len(frame), np.uint64)))
    tables.write_table_parts([_long_scores(0, 2), _long_scores(2, 2)], tmp_path,
                             tables.QUESTION_SCORES)
    assert len(tables.read_table(tmp_path, tables.QUESTION_SCORES)) == 8


# ---------------------------------------------------------------- same acceptance as before
# The string and list checks replaced element-wise versions: pandera's dtype ``str`` check
# (``isinstance(v, str)`` per value, missing values passing) and a ``Series.map`` of
# ``isinstance(v, list | tuple | np.ndarray)`` over the non-missing values. The fast paths must
# accept exactly the same columns.

def _accepts(column: pa.Column, series: pd.Series) -> bool:
    # nullable=True: only the type check is compared here; not_nullable is pandera's own.
    try:
        pa.DataFrameSchema({"c": column}).validate(pd.DataFrame({"c": series}))
    except pa.errors.SchemaError:
        return False
    return True


def _reference_str(series: pd.Series) -> bool:
    return _accepts(pa.Column(str, nullable=True), series)


def _new_str(series: pd.Series) -> bool:
    return _accepts(pa.Column(None, schema._STR, nullable=True), series)


def _old_is_list_like(series: pd.Series) -> bool:
    return bool(series.map(lambda v: isinstance(v, list | tuple | np.ndarray)).all())


def _reference_list(series: pd.Series) -> bool:
    return _accepts(pa.Column(object, pa.Check(_old_is_list_like), nullable=True), series)


def _new_list(series: pd.Series) -> bool:
    return _accepts(pa.Column(object, schema._LIST, nullable=True), series)


class _Str(str):
    pass


ODD_VALUES = [
    "tekst", "", np.str_("numpy"), _Str("subklasse"), b"bytes", None, np.nan, np.float32("nan"),
    pd.NA, pd.NaT, np.datetime64("NaT"), 0, np.int64(1), 2.5, True, ["liste"], ("tuppel",),
    np.array(["a"], dtype=object), np.array([], dtype=float), {"a": 1}, object(),
]


@pytest.mark.parametrize("value", ODD_VALUES, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("where", [0, 2])
def test_str_and_list_checks_agree_with_element_wise_checks_on_odd_values(value, where):
    values: list[object] = ["a", "b", "c"]
    values[where] = value
    series = pd.Series(values, dtype=object)
    assert _new_str(series) == _reference_str(series)
    lists = pd.Series([["a"], ("b",), np.array(["c"])], dtype=object)
    lists.iloc[where] = value
    assert _new_list(lists) == _reference_list(lists)


@pytest.mark.parametrize("series", [
    pd.Series([], dtype=object),
    pd.Series([], dtype=float),
    pd.Series(["a", None], dtype="string"),
    pd.Series(["a", "b", None], dtype="category"),
    pd.Series([1, 2]),
    pd.Series([np.nan, np.nan]),
    pd.Series([None, None], dtype=object),
    pd.Series([pd.Timestamp("2025-01-01"), pd.NaT]),
    pd.Series(["a", "b"], dtype=object, index=[5, 5]),
], ids=repr)
def test_str_and_list_checks_agree_with_element_wise_checks_on_any_dtype(series):
    assert _new_str(series) == _reference_str(series)
    assert _new_list(series) == _reference_list(series)


_ANY_VALUE = st.one_of(
    st.text(max_size=3), st.none(), st.just(np.nan), st.just(pd.NA), st.integers(), st.floats(),
    st.binary(max_size=2), st.lists(st.text(max_size=2), max_size=2),
    st.tuples(st.integers()), st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=3), _ANY_VALUE), max_size=6))
def test_str_and_list_checks_agree_with_element_wise_checks_on_generated_columns(values):
    series = pd.Series(values, dtype=object)
    assert _new_str(series) == _reference_str(series)
    assert _new_list(series) == _reference_list(series)


def test_valid_tables_take_the_fast_paths():
    # The fast paths answer with one bool; the element-wise fallback answers per row.
    segments = _segments()
    assert schema._is_str(segments["text_redacted"]) is True
    assert schema._is_list_like(segments["lemmas"]) is True
    mixed = _with(segments, "text_redacted", 0, None)["text_redacted"]
    assert schema._is_str(mixed).tolist() == [True, True]  # missing: not_nullable's business
