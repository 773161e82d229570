"""Reading and writing the pipeline's tables, validated against :mod:`pipeline.schema`.

Each DVC stage owns its output files (DVC forbids two stages writing one path), so a
table is written once per stage that adds columns to it. Every file is a full
contract table; later snapshots only fill in more columns:

=============================  ==========  ===========================================
file in ``data/processed/``    stage       what it adds
=============================  ==========  ===========================================
``submissions.parquet``        ingest      text, metadata, duplicates, campaigns
``ingest_ledger.csv``          ingest      one row per file in ``data/raw/``
``submissions_prepared.parquet`` prepare   language, ``text_redacted``
``segments.parquet``           prepare     segments, lemmas, ``is_proposal``
``submissions_tagged.parquet`` tag         ``themes``, ``score_*``
``segments_tagged.parquet``    tag         ``themes``, ``score_*``, ``question_id``
``question_scores.parquet``    tag         every question's score per segment
``question_scores_labelled.parquet``  tag  the same for each row of the labelled
                                           question/stance sets
``segments_clustered.parquet`` cluster     ``topic_id``
``topics.parquet``             cluster     one row per recurring proposal
``answers.parquet``            answer      the questions each segment answers, stance
=============================  ==========  ===========================================

:func:`load_tables` returns the most complete snapshot of each table that exists;
it is the one documented way for notebooks and the report to read the data.
:func:`redacted_view` is the one door through which text reaches people: the report and
the analysts' review app (:mod:`pipeline.review`) read the tables only through it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from pipeline import schema

SUBMISSIONS = "submissions.parquet"
SUBMISSIONS_PREPARED = "submissions_prepared.parquet"
SUBMISSIONS_TAGGED = "submissions_tagged.parquet"
SEGMENTS = "segments.parquet"
SEGMENTS_TAGGED = "segments_tagged.parquet"
SEGMENTS_CLUSTERED = "segments_clustered.parquet"
TOPICS = "topics.parquet"
LEDGER = "ingest_ledger.csv"
QUESTION_SCORES = "question_scores.parquet"
LABELLED_QUESTION_SCORES = "question_scores_labelled.parquet"
ANSWERS = "answers.parquet"

# Most complete snapshot first.
_SUBMISSION_SNAPSHOTS = (SUBMISSIONS_TAGGED, SUBMISSIONS_PREPARED, SUBMISSIONS)
_SEGMENT_SNAPSHOTS = (SEGMENTS_CLUSTERED, SEGMENTS_TAGGED, SEGMENTS)

_LIST_COLUMNS = ("themes", "lemmas", "keywords", "representative_segment_ids")


class TableError(RuntimeError):
    """A table is missing or breaks the contract; the message says which and what to do."""


def _schema_for(name: str, theme_ids: Sequence[str]) -> pa.DataFrameSchema:
    if name.startswith("submissions"):
        return schema.submissions_schema(theme_ids)
    if name.startswith("segments"):
        return schema.segments_schema(theme_ids)
    if name == TOPICS:
        return schema.topics_schema()
    if name == LEDGER:
        return schema.ledger_schema()
    if name in (QUESTION_SCORES, LABELLED_QUESTION_SCORES):
        return schema.question_scores_schema()
    if name == ANSWERS:
        return schema.answers_schema()
    raise KeyError(f"unknown table file {name!r}")


def _lists_to_python(frame: pd.DataFrame) -> pd.DataFrame:
    # Parquet gives list columns back as numpy arrays; the contract promises lists.
    for column in _LIST_COLUMNS:
        if column in frame.columns:
            frame[column] = [list(v) if isinstance(v, list | tuple | np.ndarray) else []
                             for v in frame[column]]
    return frame


def validate(frame: pd.DataFrame, name: str, theme_ids: Sequence[str] = schema.THEME_IDS):
    """Validate ``frame`` against the schema of table file ``name`` and return it.

    Raises
    ------
    TableError
        With every failing column and check listed.
    """
    try:
        return _schema_for(name, theme_ids).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases[["column", "check"]].drop_duplicates().head(20)
        detail = "; ".join(f"{r.column}: {r.check}" for r in cases.itertuples())
        raise TableError(f"{name} bryter tabellkontrakten: {detail}") from exc


def write_table(
    frame: pd.DataFrame,
    directory: Path,
    name: str,
    theme_ids: Sequence[str] = schema.THEME_IDS,
) -> Path:
    """Validate and write one table file (parquet, or CSV for the ledger)."""
    frame = validate(_lists_to_python(frame.copy()), name, theme_ids)
    with _replacing(directory, name) as tmp:
        if name.endswith(".csv"):
            _csv_safe(frame).to_csv(tmp, index=False, encoding="utf-8")
        else:
            frame.reset_index(drop=True).to_parquet(tmp, index=False)
    return directory / name


@contextmanager
def _replacing(directory: Path, name: str) -> Iterator[Path]:
    """A temporary path to write table ``name`` to; it replaces ``directory / name`` when
    the block ends without an error and is removed otherwise, so a failed or killed write
    leaves the old table whole."""
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".{name}.{os.getpid()}.tmp"
    try:
        yield tmp
        os.replace(tmp, directory / name)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_table_parts(
    parts: Iterable[pd.DataFrame],
    directory: Path,
    name: str,
    theme_ids: Sequence[str] = schema.THEME_IDS,
) -> Path:
    """Validate and write one parquet table from ``parts``, one row group per part.

    For tables too long to hold whole (the tag stage's ``question_scores``: 29 rows per
    segment, 12 million at 50 000 submissions, 2 GB to build, validate and write at once).
    Each part is validated against the table's schema as it comes and written, so only one
    part is in memory. The schema's uniqueness rules across parts are checked on a 64-bit
    hash of the unique columns, kept for every row (8 bytes a row); a hash seen twice is
    checked again on the values, so a collision cannot fail a good table. Reading the file
    gives the frame :func:`write_table` would have written from the parts concatenated.

    Raises
    ------
    TableError
        A part breaks the contract, or rows of different parts share a unique key; the
        table is then not written (an old one stays whole).
    """
    import pyarrow as arrow
    import pyarrow.parquet as pq

    unique_sets = _unique_column_sets(_schema_for(name, theme_ids))
    writer: pq.ParquetWriter | None = None
    empty: pd.DataFrame | None = None
    hashes: dict[tuple[str, ...], list[np.ndarray]] = {cols: [] for cols in unique_sets}
    with _replacing(directory, name) as tmp:
        try:
            for part in parts:
                part = validate(_lists_to_python(part.copy()), name,
                                theme_ids).reset_index(drop=True)
                if not len(part):
                    # An empty part's text columns have no arrow type yet; it only decides
                    # the file when no part has rows.
                    if empty is None:
                        empty = part
                    continue
                for cols in unique_sets:
                    hashes[cols].append(
                        pd.util.hash_pandas_object(part[list(cols)], index=False).to_numpy())
                if writer is None:
                    batch = arrow.Table.from_pandas(part, preserve_index=False)
                    writer = pq.ParquetWriter(tmp, batch.schema)
                else:
                    batch = arrow.Table.from_pandas(part, schema=writer.schema,
                                                    preserve_index=False)
                writer.write_table(batch)
        finally:
            if writer is not None:
                writer.close()
        if writer is None:
            if empty is None:
                raise TableError(f"{name}: ingen deler å skrive")
            empty.to_parquet(tmp, index=False)
        else:
            _check_unique_across_parts(tmp, name, hashes)
    return directory / name


def _unique_column_sets(table_schema: pa.DataFrameSchema) -> list[tuple[str, ...]]:
    """The column sets whose values must be unique: the schema's ``unique`` and every
    column declared ``unique=True``."""
    sets = [tuple(table_schema.unique)] if table_schema.unique else []
    sets += [(column,) for column, spec in table_schema.columns.items() if spec.unique]
    return sets


def _check_unique_across_parts(path: Path, name: str,
                               hashes: dict[tuple[str, ...], list[np.ndarray]]) -> None:
    for cols, chunks in hashes.items():
        if len(chunks) < 2:
            continue  # one part: pandera has checked it
        values = np.concatenate(chunks)
        if len(np.unique(values)) == len(values):
            continue
        keys = pd.read_parquet(path, columns=list(cols))
        if keys.duplicated().any():
            raise TableError(f"{name} bryter tabellkontrakten: {', '.join(cols)}: "
                             "samme nøkkel i flere deler")


CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "'")


def _csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (``=HYPERLINK(…)`` as a file
    name) get a leading ``'``, as in the workbook; :func:`_csv_unsafe` takes it off again,
    so the round trip is exact (a leading ``'`` is itself escaped)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(CSV_FORMULA_PREFIXES)
                else v)
    return out


def _csv_unsafe(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(
                lambda v: v[1:] if isinstance(v, str) and v.startswith("'") else v)
    return frame


def read_table(
    directory: Path, name: str, theme_ids: Sequence[str] = schema.THEME_IDS
) -> pd.DataFrame:
    """Read and validate one table file written by :func:`write_table`."""
    path = Path(directory) / name
    if not path.exists():
        raise TableError(
            f"{path} finnes ikke. Kjør pipelinen først (`dvc repro` eller "
            f"`python -m pipeline <steg>`)."
        )
    if name.endswith(".csv"):
        frame = _csv_unsafe(pd.read_csv(path, dtype=str, keep_default_na=False))
    else:
        frame = pd.read_parquet(path)
    return validate(_lists_to_python(frame), name, theme_ids)


@dataclass(frozen=True)
class Tables:
    """The pipeline's outputs as DataFrames (the most complete snapshot of each)."""

    submissions: pd.DataFrame
    segments: pd.DataFrame | None
    topics: pd.DataFrame | None
    ledger: pd.DataFrame
    answers: pd.DataFrame | None = None


def load_tables(
    directory: str | Path = "data/processed", theme_ids: Sequence[str] = schema.THEME_IDS
) -> Tables:
    """Load the processed tables for analysis.

    Parameters
    ----------
    directory:
        ``data/processed`` of a project where the pipeline has run.
    theme_ids:
        Theme ids of the taxonomy in use (the ``score_*`` columns).

    Returns
    -------
    Tables
        ``segments``, ``topics`` and ``answers`` are ``None`` when their stages have not
        run yet.
    """
    directory = Path(directory)

    def first_existing(names: Sequence[str]) -> pd.DataFrame | None:
        for name in names:
            if (directory / name).exists():
                return read_table(directory, name, theme_ids)
        return None

    submissions = first_existing(_SUBMISSION_SNAPSHOTS)
    if submissions is None:
        raise TableError(f"Fant ingen innspillstabell i {directory}. Kjør `dvc repro` først.")
    return Tables(
        submissions=submissions,
        segments=first_existing(_SEGMENT_SNAPSHOTS),
        topics=first_existing((TOPICS,)),
        ledger=read_table(directory, LEDGER, theme_ids),
        answers=first_existing((ANSWERS,)),
    )


# ------------------------------------------------------------------ the redacted view
FORBIDDEN_COLUMNS: frozenset[str] = frozenset({"text", "text_original"})
"""Unredacted text columns; together with ``private_*`` they never reach people (the report,
the review app)."""
REDACTED_TABLE_NAMES = ("submissions", "segments", "topics", "ledger", "answers")


class UnsafeDataError(TypeError):
    """A frame with unredacted or private columns was handed to the report or the review app."""


def forbidden_columns(frame: pd.DataFrame | None) -> list[str]:
    """Columns of ``frame`` no reader may show (empty list when the frame is safe)."""
    if frame is None:
        return []
    return sorted(
        str(c) for c in frame.columns
        if str(c) in FORBIDDEN_COLUMNS or str(c).startswith(schema.PRIVATE_PREFIX)
    )


def _strip(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=forbidden_columns(frame)).reset_index(drop=True).copy()


@dataclass(frozen=True)
class RedactedTables:
    """The processed tables without unredacted text or personal-data columns.

    Build it with :func:`redacted_view`; constructing it directly with a frame that
    still has forbidden columns raises :class:`UnsafeDataError`.
    """

    submissions: pd.DataFrame
    segments: pd.DataFrame
    topics: pd.DataFrame
    ledger: pd.DataFrame
    answers: pd.DataFrame = field(default_factory=schema.empty_answers)
    """The answer stage's table (empty before that stage has run)."""

    def __post_init__(self) -> None:
        for name in REDACTED_TABLE_NAMES:
            frame = getattr(self, name)
            if not isinstance(frame, pd.DataFrame):
                raise UnsafeDataError(f"RedactedTables.{name} must be a DataFrame")
            bad = forbidden_columns(frame)
            if bad:
                raise UnsafeDataError(
                    f"RedactedTables.{name} holds unredacted/private columns {bad}; "
                    "use pipeline.tables.redacted_view()"
                )


def redacted_view(tables: Tables | RedactedTables) -> RedactedTables:
    """Return the tables with ``text``, ``text_original`` and ``private_*`` columns dropped.

    Missing segments/topics/answers (stages not run yet) become empty frames with the
    contract columns, so the report still renders and says what is missing.
    """
    if isinstance(tables, RedactedTables):
        return tables
    segments = tables.segments if tables.segments is not None else schema.empty_segments()
    topics = tables.topics if tables.topics is not None else schema.empty_topics()
    answers = tables.answers if tables.answers is not None else schema.empty_answers()
    return RedactedTables(
        submissions=_strip(tables.submissions),
        segments=_strip(segments),
        topics=_strip(topics),
        ledger=_strip(tables.ledger),
        answers=_strip(answers),
    )


def require_redacted(tables: object) -> RedactedTables:
    """Raise unless ``tables`` is a :class:`RedactedTables`; every renderer calls this."""
    if not isinstance(tables, RedactedTables):
        raise UnsafeDataError(
            f"only RedactedTables are accepted, got {type(tables).__name__}; "
            "use pipeline.tables.redacted_view()"
        )
    for name in REDACTED_TABLE_NAMES:
        bad = forbidden_columns(getattr(tables, name))
        if bad:  # a frame mutated after construction
            raise UnsafeDataError(f"RedactedTables.{name} gained forbidden columns {bad}")
    return tables
