"""The table contract: every table's columns, dtypes and allowed values, in one place.

Each stage writes its tables through :func:`pipeline.tables.write_table`, which
validates against the schemas here; readers validate again on the way in. Later
stages fill columns that earlier stages leave neutral (``""``, ``[]``, ``NaN``,
``-1``), but no stage renames or drops a contract column.

Columns whose name starts with ``private_`` hold personal data (sender names and
e-mail addresses). They stay in ``data/processed/`` for the analysts and are
stripped by :func:`pipeline.tables.redacted_view` before anything is rendered.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pandera.pandas as pa

THEME_IDS: tuple[str, ...] = ("organisert_arbeidsliv", "ny_teknologi", "offentlig_arbeidsgiver")
"""The booklet's three themes; fixed ids used in every table and in the taxonomy."""

SUBMITTER_TYPES: tuple[str, ...] = (
    "lokallag",
    "fylkesparti",
    "fagforening",
    "kommunepolitiker",
    "privatperson",
    "annen_organisasjon",
    "ukjent",
)
LANGUAGES: tuple[str, ...] = ("nb", "nn", "en", "other", "")
LEDGER_STATUSES: tuple[str, ...] = ("ok", "quarantined", "duplicate", "skipped")
PRIVATE_PREFIX = "private_"
NO_TOPIC = -1
STANCES: tuple[str, ...] = ("ja", "nei", "delvis", "uklart")
"""Stances of an answer to a yes/no question (``answers.stance``; ``""`` on other questions)."""


def score_column(theme_id: str) -> str:
    """Name of the score column for ``theme_id`` (``score_<theme_id>``)."""
    return f"score_{theme_id}"


# Validation runs on every read and write of every table, so the checks below that look
# at each value are written to be cheap at 10^5-10^6 rows: pandas ``Series.map`` with a
# Python lambda costs about a microsecond per value, which made these checks most of a
# stage's validation time. Each check keeps the exact acceptance of the element-wise
# version it replaces; only the fast path is new.

_LIST_TYPES = (list, tuple, np.ndarray)


def _missing(series: pd.Series) -> np.ndarray:
    return np.asarray(series.isna(), dtype=bool)


def _is_list_like(series: pd.Series) -> bool:
    """Every value is a list, tuple or array; missing values pass (``not_nullable`` reports them).

    The check runs with ``ignore_na=False``, so it sees the missing values itself and pandera
    does not scan the column for them once more before calling it.
    """
    values = series.tolist()
    # A column has few distinct value types: testing each type once is enough when all of
    # them are list types (``isinstance`` then holds for every value).
    if all(issubclass(t, _LIST_TYPES) for t in set(map(type, values))):
        return True
    # Something else is in the column: test each value. One answer for the whole column, as
    # before, so the error lists this check in the same place.
    ok = np.fromiter((isinstance(v, _LIST_TYPES) for v in values), dtype=bool, count=len(values))
    return bool((ok | _missing(series)).all())


def _is_str(series: pd.Series) -> bool | pd.Series:
    """Every value is a ``str``; missing values pass (``not_nullable`` reports them).

    The same acceptance as pandera's own check for dtype ``str``, which maps
    ``isinstance(v, str)`` over an object column value by value. ``infer_dtype(skipna=False)``
    answers ``"string"`` for an object column exactly when every value is a ``str`` (missing
    values included make it answer something else), in one C loop; any other answer falls
    back to the value-by-value test.
    """
    if series.dtype == object and pd.api.types.infer_dtype(series, skipna=False) == "string":
        return True
    # One result per row, as pandera's dtype check gave: the failure cases name the rows.
    values = series.tolist()
    ok = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    return pd.Series(ok | _missing(series), index=series.index)


_LIST = pa.Check(_is_list_like, ignore_na=False, error="must hold a list in every row")

# Replaces the dtype ``str`` of the string columns (pandera's check of it is the slow
# value-by-value one); named as that dtype check was, so error messages stay the same.
# Unlike a dtype it is a data check, skipped if PANDERA_VALIDATION_DEPTH=SCHEMA_ONLY were set
# (the pipeline never sets it).
_STR = pa.Check(_is_str, ignore_na=False, error="dtype('str')")


def _str(checks: pa.Check | None = None, **kwargs) -> pa.Column:
    # No pandera dtype: ``_STR`` checks the same thing (the column is not coerced either way).
    return pa.Column(
        None, [_STR] if checks is None else [_STR, checks], nullable=False, **kwargs
    )


def _score_columns(theme_ids: Sequence[str]) -> dict[str, pa.Column]:
    # NaN means "not scored yet" (before the tag stage).
    return {
        score_column(t): pa.Column(
            float, pa.Check.in_range(0.0, 1.0), nullable=True, coerce=True
        )
        for t in theme_ids
    }


def submissions_schema(theme_ids: Sequence[str] = THEME_IDS) -> pa.DataFrameSchema:
    """One row per submission (a letter, an e-mail, a form row)."""
    return pa.DataFrameSchema(
        {
            "submission_id": _str(unique=True),
            "source_file": _str(),
            "source_part": _str(),
            "received_at": pa.Column("datetime64[ns, UTC]", nullable=True, coerce=True),
            "submitter_type": _str(checks=pa.Check.isin(SUBMITTER_TYPES)),
            "organisation": _str(),
            "fylke": _str(),
            "kommune": _str(),
            "language": _str(checks=pa.Check.isin(LANGUAGES)),
            "text": _str(),
            "text_redacted": _str(),
            "duplicate_of": _str(),
            "campaign_id": _str(),
            "themes": pa.Column(object, _LIST),
            **_score_columns(theme_ids),
        },
        strict=False,
        name="submissions",
    )


def segments_schema(theme_ids: Sequence[str] = THEME_IDS) -> pa.DataFrameSchema:
    """One row per segment (a sentence or list item) of a submission."""
    return pa.DataFrameSchema(
        {
            "segment_id": _str(unique=True),
            "submission_id": _str(),
            "position": pa.Column(int, pa.Check.ge(0), coerce=True),
            "start": pa.Column(int, pa.Check.ge(0), coerce=True),
            "end": pa.Column(int, pa.Check.ge(0), coerce=True),
            "text_redacted": _str(),
            "language": _str(checks=pa.Check.isin(LANGUAGES)),
            "lemmas": pa.Column(object, _LIST),
            "is_proposal": pa.Column(bool, coerce=True),
            "themes": pa.Column(object, _LIST),
            **_score_columns(theme_ids),
            "question_id": _str(),
            "topic_id": pa.Column(int, pa.Check.ge(NO_TOPIC), coerce=True),
        },
        checks=[pa.Check(lambda df: (df["end"] >= df["start"]).all(), error="end < start")],
        strict=False,
        name="segments",
    )


def topics_schema() -> pa.DataFrameSchema:
    """One row per recurring proposal (topic); ``topic_id`` -1 is never listed."""
    return pa.DataFrameSchema(
        {
            "topic_id": pa.Column(int, pa.Check.ge(0), unique=True, coerce=True),
            "label": _str(),
            "keywords": pa.Column(object, _LIST),
            "theme": _str(),
            "n_segments": pa.Column(int, pa.Check.ge(0), coerce=True),
            "n_submissions": pa.Column(int, pa.Check.ge(0), coerce=True),
            "n_organisations": pa.Column(int, pa.Check.ge(0), coerce=True),
            "representative_segment_ids": pa.Column(object, _LIST),
        },
        strict=False,
        name="topics",
    )


def ledger_schema() -> pa.DataFrameSchema:
    """One row per file under ``data/raw/``: nothing disappears without a row."""
    return pa.DataFrameSchema(
        {
            "path": _str(unique=True),
            "sha256": _str(),
            "bytes": pa.Column(int, pa.Check.ge(0), coerce=True),
            "status": _str(checks=pa.Check.isin(LEDGER_STATUSES)),
            "reason": _str(),
            "n_submissions": pa.Column(int, pa.Check.ge(0), coerce=True),
        },
        strict=False,
        name="ingest_ledger",
    )


def answers_schema() -> pa.DataFrameSchema:
    """One row per (segment, booklet question it answers): the answer stage's table."""
    return pa.DataFrameSchema(
        {
            "segment_id": _str(),
            "submission_id": _str(),
            "question_id": _str(),
            # the question model's probability; 1.0 for a direct answer (form column / heading)
            "score": pa.Column(float, pa.Check.in_range(0.0, 1.0), coerce=True),
            "direct": pa.Column(bool, coerce=True),
            "stance": _str(checks=pa.Check.isin((*STANCES, ""))),
            "stance_evidence": _str(),  # the deciding sentence (redacted text)
            "demand": pa.Column(bool, coerce=True),  # asks for something: no status statement
        },
        unique=["segment_id", "question_id"],
        strict=False,
        name="answers",
    )


def question_scores_schema() -> pa.DataFrameSchema:
    """The tag stage's question scores, one row per (text, booklet question).

    ``source`` is ``""`` for the inbox's segments (``id`` is the ``segment_id``;
    ``question_scores.parquet``) and a labelled question/stance file relative to
    ``data/labels/`` for its rows (``id`` is the row's ``id``;
    ``question_scores_labelled.parquet``).
    """
    return pa.DataFrameSchema(
        {
            "source": _str(),
            "id": _str(),
            "question_id": _str(),
            "score": pa.Column(float, pa.Check.in_range(0.0, 1.0), coerce=True),
        },
        unique=["source", "id", "question_id"],
        strict=False,
        name="question_scores",
    )


def empty_submissions(theme_ids: Sequence[str] = THEME_IDS) -> pd.DataFrame:
    """An empty submissions table with every contract column, correctly typed."""
    return _empty(submissions_schema(theme_ids))


def empty_segments(theme_ids: Sequence[str] = THEME_IDS) -> pd.DataFrame:
    """An empty segments table with every contract column, correctly typed."""
    return _empty(segments_schema(theme_ids))


def empty_topics() -> pd.DataFrame:
    """An empty topics table with every contract column, correctly typed."""
    return _empty(topics_schema())


def empty_answers() -> pd.DataFrame:
    """An empty answers table with every contract column, correctly typed."""
    return _empty(answers_schema())


def _empty(schema: pa.DataFrameSchema) -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series(dtype=object) for name in schema.columns})
    return schema.validate(frame)
