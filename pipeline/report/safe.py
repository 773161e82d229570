"""The report's only door to the data: a redacted view of the processed tables.

:func:`redacted_view` drops every column that can hold personal data (``text``,
``text_original`` and all ``private_*`` columns) and returns a :class:`RedactedTables`.
Context builders and renderers accept nothing else, and :class:`RedactedTables`
re-checks its frames on construction, so a raw frame cannot slip through by accident.

The module also holds the small text guards every renderer shares: quote cutting,
spreadsheet formula neutralisation and the Excel cell cap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from pipeline.schema import PRIVATE_PREFIX, empty_answers
from pipeline.tables import Tables

FORBIDDEN_COLUMNS: frozenset[str] = frozenset({"text", "text_original"})
"""Unredacted text columns; together with ``private_*`` they never reach the report."""

EXCEL_MAX_CELL_CHARS = 32_767
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
TRUNCATION_MARK = " … [forkortet]"


TABLE_NAMES = ("submissions", "segments", "topics", "ledger", "answers")


class UnsafeDataError(TypeError):
    """A frame with unredacted or private columns was handed to the report."""


def forbidden_columns(frame: pd.DataFrame | None) -> list[str]:
    """Columns of ``frame`` the report must not read (empty list when the frame is safe)."""
    if frame is None:
        return []
    return sorted(
        str(c) for c in frame.columns
        if str(c) in FORBIDDEN_COLUMNS or str(c).startswith(PRIVATE_PREFIX)
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
    answers: pd.DataFrame = field(default_factory=empty_answers)
    """The answer stage's table (empty before that stage has run)."""

    def __post_init__(self) -> None:
        for name in TABLE_NAMES:
            frame = getattr(self, name)
            if not isinstance(frame, pd.DataFrame):
                raise UnsafeDataError(f"RedactedTables.{name} must be a DataFrame")
            bad = forbidden_columns(frame)
            if bad:
                raise UnsafeDataError(
                    f"RedactedTables.{name} holds unredacted/private columns {bad}; "
                    "use pipeline.report.safe.redacted_view()"
                )


def redacted_view(tables: Tables | RedactedTables) -> RedactedTables:
    """Return the tables with ``text``, ``text_original`` and ``private_*`` columns dropped.

    Missing segments/topics/answers (stages not run yet) become empty frames with the
    contract columns, so the report still renders and says what is missing.
    """
    if isinstance(tables, RedactedTables):
        return tables
    from pipeline.schema import empty_segments, empty_topics  # local: avoid a cycle at import

    segments = tables.segments if tables.segments is not None else empty_segments()
    topics = tables.topics if tables.topics is not None else empty_topics()
    answers = tables.answers if tables.answers is not None else empty_answers()
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
            f"the report only accepts RedactedTables, got {type(tables).__name__}; "
            "use pipeline.report.safe.redacted_view()"
        )
    for name in TABLE_NAMES:
        bad = forbidden_columns(getattr(tables, name))
        if bad:  # a frame mutated after construction
            raise UnsafeDataError(f"RedactedTables.{name} gained forbidden columns {bad}")
    return tables


_LIST_MARKER = re.compile(r"^(?:[-–•*·]|\d{1,2}[.)])\s+")


def strip_list_marker(text: str) -> str:
    """Drop a leading list marker: ``"4. Mer tillit."`` → ``"Mer tillit."`` (also ``-``, ``•``)."""
    return _LIST_MARKER.sub("", " ".join(str(text).split()), count=1)


def cut_quote(text: str, max_chars: int) -> str:
    """Cut ``text`` to at most ``max_chars`` characters at a word boundary, with an ellipsis.

    A leading list marker (``-``, ``•``, ``4.``) is dropped: the quote stands on its own.
    """
    text = strip_list_marker(text)
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    space = cut.rfind(" ")
    if space > max_chars * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…"


def neutralise_cell(value: object) -> str:
    """Make a string safe for a spreadsheet cell (OWASP CSV/formula injection).

    A leading ``=``, ``+``, ``-``, ``@``, tab, CR or LF gets a ``'`` in front so no
    spreadsheet treats it as a formula; the text is capped at Excel's cell limit.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        text = "'" + text
    if len(text) > EXCEL_MAX_CELL_CHARS:
        text = text[: EXCEL_MAX_CELL_CHARS - len(TRUNCATION_MARK)] + TRUNCATION_MARK
    return text
