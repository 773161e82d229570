"""The report's only door to the data: a redacted view of the processed tables.

:func:`redacted_view` drops every column that can hold personal data (``text``,
``text_original`` and all ``private_*`` columns) and returns a :class:`RedactedTables`.
Context builders and renderers accept nothing else, and :class:`RedactedTables`
re-checks its frames on construction, so a raw frame cannot slip through by accident.
They live on the ground floor (:mod:`pipeline.tables`), where the analysts' review app
(:mod:`pipeline.review`) reads through the same door; they are re-exported here.

The module also holds the small text guards every renderer shares: quote cutting,
spreadsheet formula neutralisation and the Excel cell cap.
"""

from __future__ import annotations

import re

from pipeline.tables import (
    FORBIDDEN_COLUMNS,
    RedactedTables,
    UnsafeDataError,
    forbidden_columns,
    redacted_view,
    require_redacted,
)

__all__ = [
    "EXCEL_MAX_CELL_CHARS", "FORBIDDEN_COLUMNS", "FORMULA_PREFIXES", "TRUNCATION_MARK",
    "RedactedTables", "UnsafeDataError", "cut_quote", "forbidden_columns", "neutralise_cell",
    "redacted_view", "require_redacted", "strip_list_marker",
]

EXCEL_MAX_CELL_CHARS = 32_767
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
TRUNCATION_MARK = " … [forkortet]"

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
