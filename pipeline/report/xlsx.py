"""The analysts' two workbooks, redacted text only.

- ``innspill.xlsx`` (:func:`data_sheets`): every submission, segment, answer to a booklet
  question and file, one row each – the sheets that grow with the inbox (1.5 million
  cells at 10 000 submissions). They depend on the tables, not on the report's
  parameters, so the report stage keeps the workbook under a digest of its content
  (:func:`workbook_key`) and writes it again only when that changes.
- ``rapport.xlsx`` (:func:`report_sheets`): the report's own tables – proposal groups,
  questions, the seriousness requirements, campaigns and every measure – which grow with
  the groups and questions, not with the inbox.

Strings go through :func:`pipeline.report.safe.neutralise_cell` and are written with
``write_string`` (and the workbooks have ``strings_to_formulas`` off), so no submitted
text can become a formula or a link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from pipeline import common
from pipeline.report import labels as L
from pipeline.report.context import ReportContext, counted_mask
from pipeline.report.safe import RedactedTables, neutralise_cell, require_redacted
from pipeline.schema import score_column
from pipeline.taxonomy import Taxonomy

DATA_SHEETS = (L.SUBMISSIONS_SHEET, L.SEGMENTS_SHEET, L.ANSWERS_SHEET, L.FILES_SHEET)
REPORT_SHEETS = ("Forslag", "Spørsmål", "Seriøsitetskrav", "Kampanjer", L.METRICS_SHEET)
MAX_WIDTH = 60
TEXT_WIDTH = 90


def _yes(value: Any) -> str:
    return "ja" if bool(value) else "nei"


def _join(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


def _column(frame: pd.DataFrame, name: str, default: Any = None) -> list[Any]:
    """One column as a list of Python values (``default`` when the column is missing).

    Whole columns instead of ``iterrows``: building a Series per row cost ~10 s at
    10 000 submissions / 83 000 segments, and ``tolist`` gives plain Python scalars.

    :param frame: the table
    :param name: column name
    :param default: value for every row when ``frame`` has no such column
    """
    if name not in frame.columns:
        return [default] * len(frame)
    return frame[name].tolist()


def _local_times(frame: pd.DataFrame, name: str) -> list[Any]:
    """A timestamp column as naive Europe/Oslo ``datetime`` values (Excel has no time zones).

    Converted once per column rather than per cell; values that are not timestamps are
    passed through for :meth:`_Writer._cell` to write as it would any other value.

    :param frame: the table
    :param name: column name (``received_at``)
    """
    if name not in frame.columns:
        return [None] * len(frame)
    col = frame[name]
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        col = col.dt.tz_convert("Europe/Oslo").dt.tz_localize(None)
    elif not pd.api.types.is_datetime64_dtype(col.dtype):
        return col.tolist()
    return [None if stamp is pd.NaT else stamp.to_pydatetime() for stamp in col]


@dataclass(frozen=True)
class Sheet:
    """One worksheet's content, column by column.

    :param name: the sheet's name
    :param headers: Norwegian column headers
    :param columns: one list of Python values per header, all of the same length
    :param text_columns: headers of long-text columns, given a fixed wide column
    """

    name: str
    headers: tuple[str, ...]
    columns: tuple[list[Any], ...]
    text_columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.columns) != len(self.headers):
            raise ValueError(f"arket «{self.name}»: {len(self.headers)} overskrifter, "
                             f"{len(self.columns)} kolonner")
        if len({len(c) for c in self.columns}) > 1:
            raise ValueError(f"arket «{self.name}»: kolonnene er ulikt lange")

    @property
    def n_rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    @classmethod
    def from_rows(cls, name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                  text_columns: Sequence[str] = ()) -> Sheet:
        """A sheet from its rows (each a sequence of one value per header)."""
        columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in headers]
        return cls(name, tuple(headers), tuple(columns), tuple(text_columns))


class _Writer:
    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.head = book.add_format({"bold": True, "bg_color": "#DCE6F0", "border": 1,
                                     "text_wrap": True, "valign": "top"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.score = book.add_format({"num_format": "0.00"})

    def sheet(self, sheet: Sheet) -> None:
        """Write one sheet: bold header row, frozen and filtered, widths from the content.

        Columns whose values are all strings (or all whole numbers, or all decimals) are
        prepared once per column – neutralised, widths measured – and written with the one
        xlsxwriter call they need; only mixed columns (dates) go through :meth:`_cell` per
        cell. Rows are still written in order, so the file is the same for the same input.
        An empty string is an empty cell.
        """
        ws = self.book.add_worksheet(sheet.name)
        headers = sheet.headers
        widths = [len(h) + 2 for h in headers]
        for c, h in enumerate(headers):
            ws.write_string(0, c, neutralise_cell(h), self.head)
        fast, slow = [], []
        for c, values in enumerate(sheet.columns):
            plan = self._column_plan(ws, values)
            if plan is None:
                slow.append((c, values))
                continue
            write, cells, fmt, width = plan
            widths[c] = max(widths[c], width)
            fast.append((c, write, cells, fmt))
        cell = self._cell
        n_rows = sheet.n_rows
        for i in range(n_rows):
            r = i + 1
            for c, write, cells, fmt in fast:
                value = cells[i]
                if value is not None:
                    write(r, c, value, fmt)
            for c, values in slow:
                width = cell(ws, r, c, values[i])
                if width > widths[c]:
                    widths[c] = width
        for c, h in enumerate(headers):
            ws.set_column(c, c, TEXT_WIDTH if h in sheet.text_columns
                          else min(widths[c], MAX_WIDTH))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(n_rows, 1), max(len(headers) - 1, 0))
        ws.set_row(0, 30)

    def _column_plan(self, ws, values: Sequence[Any]) -> tuple | None:
        """How to write a column of one kind in one go, or ``None`` to go cell by cell.

        :param ws: the worksheet (its ``write_string``/``write_number`` are returned)
        :param values: the column's values, one per row
        :returns: ``(write, cells, format, width)`` with ``None`` for an empty cell, or
            ``None`` when the column mixes kinds (then :meth:`_cell` decides per value)
        """
        kinds = {type(v) for v in values} - {type(None)}
        if kinds <= {str}:
            cells = [neutralise_cell(v) if v else None for v in values]
            width = max((len(t) + 2 for t in cells if t is not None), default=0)
            return ws.write_string, cells, None, width
        if kinds == {bool}:
            cells = [None if v is None else _yes(v) for v in values]
            return ws.write_string, cells, None, 4
        if kinds == {int} or kinds == {float}:
            cells = [None if v is None or v != v else v for v in values]  # v != v: NaN
            width = max((len(str(v)) + 2 for v in cells if v is not None), default=0)
            return ws.write_number, cells, (self.score if kinds == {float} else None), width
        return None

    def _cell(self, ws, r: int, c: int, value: Any) -> int:
        """Write one value with the writer its type needs; returns the width it asks for.

        Every string, whatever its origin, goes through :func:`neutralise_cell` and
        ``write_string``. Strings come first: they are most of the cells.
        """
        if type(value) is str:
            if not value:  # an empty cell, as in the column-wise path
                return 0
            text = neutralise_cell(value)
            ws.write_string(r, c, text)
            return len(text) + 2
        if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            ws.write_blank(r, c, None)
            return 0
        if isinstance(value, bool):
            ws.write_string(r, c, _yes(value))
            return 4
        if isinstance(value, int | float):
            ws.write_number(r, c, float(value) if isinstance(value, float) else value,
                            self.score if isinstance(value, float) else None)
            return len(str(value)) + 2
        if isinstance(value, dt.datetime):  # pd.Timestamp included
            if isinstance(value, pd.Timestamp) or value.tzinfo is not None:
                stamp = pd.Timestamp(value)
                if stamp.tzinfo is not None:
                    stamp = stamp.tz_convert("Europe/Oslo").tz_localize(None)
                value = stamp.to_pydatetime()
            ws.write_datetime(r, c, value, self.date)
            return 18
        text = neutralise_cell(value)
        ws.write_string(r, c, text)
        return len(text) + 2



def workbook_properties(ctx: ReportContext, created: dt.datetime, what: str) -> dict[str, Any]:
    """The file properties of a workbook (title, subject, author, creation time).

    :param ctx: the report context (its front page gives title, subtitle and organiser)
    :param created: derived from the data (:func:`pipeline.report.context.data_date`)
    :param what: the workbook's part of the title (``innspill``, ``tabeller``)
    """
    return {
        "title": f"{ctx.front.title} – {what}", "subject": ctx.front.subtitle,
        "author": "innspill", "company": ctx.front.organiser, "created": created,
        "comments": "Anonymisert tekst. Generert av innspill-pipelinen.",
    }


def write_workbook(sheets: Sequence[Sheet], properties: Mapping[str, Any]) -> bytes:
    """The workbook as bytes (byte-identical for identical sheets and properties).

    :param sheets: the sheets, in order
    :param properties: file properties (:func:`workbook_properties`)
    """
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "nan_inf_to_errors": False,
    })
    book.set_properties(dict(properties))
    w = _Writer(book)
    for sheet in sheets:
        w.sheet(sheet)
    book.close()
    # No normalise_zip here: in in_memory mode xlsxwriter already stamps every member with
    # 1980-01-01 and writes them in a fixed order, and recompressing the ~60 MB of sheet
    # XML at 10 000 submissions cost more than a second (tests check the stamps).
    return buf.getvalue()


def workbook_key(sheets: Sequence[Sheet], properties: Mapping[str, Any]) -> str:
    """A digest of everything :func:`write_workbook` writes, and of how it writes it.

    The cells themselves are hashed (their ``repr``, which tells ``1`` from ``1.0`` and
    ``True``), so whatever changes them – the tables, the taxonomy's names, the code that
    derives a column – changes the key; the report package's code (the writer, the
    formula neutralisation) and the xlsxwriter version cover how they are written.

    :param sheets: the sheets, in order
    :param properties: file properties
    """
    h = hashlib.sha256()
    h.update(common.source_digest(Path(__file__).resolve().parent).encode())
    h.update(f"\x1e{xlsxwriter.__version__}\x1e{sorted(properties.items())!r}".encode())
    for sheet in sheets:
        h.update(f"\x1e{sheet.name}\x1f{sheet.headers!r}\x1f{sheet.text_columns!r}".encode())
        for column in sheet.columns:
            h.update(b"\x1f")
            h.update(repr(column).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


def data_sheets(tables: RedactedTables, ctx: ReportContext, taxonomy: Taxonomy) -> list[Sheet]:
    """``innspill.xlsx``: every submission, segment, answer and file, one row each.

    Depends on the tables and the taxonomy's names only, not on the report's parameters
    (the answers are the context's, which quotes them whole).

    :param tables: the redacted tables (every submission, segment and file is written)
    :param ctx: the report context (every answer to each question)
    :param taxonomy: themes and questions, for Norwegian names
    """
    rt = require_redacted(tables)
    themes = taxonomy.themes
    short = {t.id: t.short_title for t in themes}
    questions = {q.id: q.short for t in themes for q in t.questions}
    topic_labels = {int(t): str(label) for t, label in zip(
        _column(rt.topics, "topic_id"), _column(rt.topics, "label"), strict=True)}
    score_heads = [f"Skår: {t.short_title}" for t in themes]

    subs = rt.submissions.sort_values("submission_id")
    submitter = [L.SUBMITTER_LABELS.get(v, v) for v in _column(subs, "submitter_type")]
    submissions = Sheet(
        L.SUBMISSIONS_SHEET,
        ("Innspill-ID", "Fil", "Del", "Mottatt", "Format", "Innsendertype", "Organisasjon",
         "Fylke", "Kommune", "Språk", "Tema", "Duplikat av", "Kampanje", "Talt med",
         *score_heads, "Tekst (anonymisert)"),
        (_column(subs, "submission_id"), _column(subs, "source_file"),
         _column(subs, "source_part"), _local_times(subs, "received_at"),
         _column(subs, "format", ""), submitter, _column(subs, "organisation"),
         _column(subs, "fylke"), _column(subs, "kommune"),
         [L.LANGUAGE_LABELS.get(v, "") for v in _column(subs, "language")],
         [_join(short.get(t, t) for t in ts) for ts in _column(subs, "themes")],
         _column(subs, "duplicate_of"), _column(subs, "campaign_id"),
         [bool(v) for v in counted_mask(subs)],
         *[_column(subs, score_column(t.id)) for t in themes],
         _column(subs, "text_redacted")),
        ("Tekst (anonymisert)",),
    )
    segs = rt.segments.sort_values(["submission_id", "position"])
    topic_ids = [int(v) for v in _column(segs, "topic_id")]
    segments = Sheet(
        L.SEGMENTS_SHEET,
        ("Segment-ID", "Innspill-ID", "Nr.", "Tekst (anonymisert)", "Språk", "Forslag", "Tema",
         "Spørsmål", "Spørsmål-ID", "Forslagsgruppe-ID", "Forslagsgruppe", *score_heads),
        (_column(segs, "segment_id"), _column(segs, "submission_id"),
         [int(v) for v in _column(segs, "position")], _column(segs, "text_redacted"),
         [L.LANGUAGE_LABELS.get(v, "") for v in _column(segs, "language")],
         [bool(v) for v in _column(segs, "is_proposal")],
         [_join(short.get(t, t) for t in ts) for ts in _column(segs, "themes")],
         [questions.get(v, "") for v in _column(segs, "question_id")],
         _column(segs, "question_id"),
         [tid if tid >= 0 else None for tid in topic_ids],
         [topic_labels.get(tid, "") for tid in topic_ids],
         *[_column(segs, score_column(t.id)) for t in themes]),
        ("Tekst (anonymisert)",),
    )
    answers = Sheet.from_rows(
        L.ANSWERS_SHEET,
        ["Spørsmål-ID", "Spørsmål", "Innspill-ID", "Segment-ID", "Standpunkt",
         "Avgjørende setning (anonymisert)", "Tekst (anonymisert)"],
        [[q.id, q.short, a.submission_id, a.segment_id, a.stance_label, a.evidence, a.text]
         for q in ctx.questions for a in q.answers],
        text_columns=("Tekst (anonymisert)",),
    )
    ledger = rt.ledger.sort_values("path")
    files = Sheet.from_rows(
        L.FILES_SHEET,
        ["Fil", "Status", "Årsak", "Innspill", "Byte", "SHA-256"],
        [[path, L.STATUS_LABELS.get(status, status), reason, int(n), int(size), sha256]
         for path, status, reason, n, size, sha256 in zip(
             *(_column(ledger, c) for c in ("path", "status", "reason", "n_submissions",
                                            "bytes", "sha256")), strict=True)],
    )
    return [submissions, segments, answers, files]


def report_sheets(ctx: ReportContext) -> list[Sheet]:
    """``rapport.xlsx``: the report's tables, as the report counts them.

    :param ctx: the report context (proposals, question sections, closed questions,
        campaigns, metrics)
    """
    proposals = [p for t in ctx.themes for p in t.proposals] + list(ctx.new_topics)
    stance_keys = list(L.STANCE_LABELS)
    return [
        Sheet.from_rows(
            "Forslag",
            ["Forslagsgruppe-ID", "Forslag", "Tema", "Innspill", "Organisasjoner",
             "Formuleringer", "Fra kampanjer", "Innsendertyper", "Fylker",
             "Organisasjonsliste", "Stikkord", "Sitat (anonymisert)", "Innspill-IDer"],
            [[p.topic_id, p.label, p.theme_title, p.n_submissions, p.n_organisations,
              p.n_segments, p.n_campaign_submissions,
              _join(f"{c.label} {c.n}" for c in p.submitter_types),
              _join(f"{c.label} {c.n}" for c in p.fylker), _join(p.organisations),
              _join(p.keywords), p.quote.text if p.quote else "", _join(p.submission_ids)]
             for p in proposals],
            text_columns=("Sitat (anonymisert)",),
        ),
        Sheet.from_rows(
            "Spørsmål",
            ["Spørsmål-ID", "Tema", "Spørsmål", "Kort", "Ja/nei-spørsmål", "Innspill", "Andel",
             "Setninger", "Svar i skjemafelt", *L.STANCE_LABELS.values(), "Innsendertyper",
             "Fylker", "Gjentatte forslag"],
            [[q.id, q.theme_title, q.text, q.short, q.yes_no, q.n_submissions, q.share,
              q.n_segments, q.n_direct,
              *([{x.key: x.n for x in q.stances}.get(k) for k in stance_keys]
                if q.yes_no else [None] * len(stance_keys)),
              _join([f"{c.label} {c.n}" for c in q.submitter_types]),
              _join([f"{c.label} {c.n}" for c in q.fylker]),
              _join([f"{p.label} ({p.n})" for p in q.proposals])]
             for q in ctx.questions],
        ),
        Sheet.from_rows(
            "Seriøsitetskrav",
            ["Spørsmål", "Kommune", "Fylke", "Svar (kommune)", "Svar (setning)", "Innspill-ID",
             "Setning (anonymisert)", "Avgjørende setning (anonymisert)"],
            [[c.text, k.kommune, k.fylke, k.answer_label, q.stance_label or q.note,
              q.submission_id, q.text, q.evidence]
             for c in ctx.closed_questions for k in c.kommuner for q in k.sentences],
            text_columns=("Setning (anonymisert)",),
        ),
        Sheet.from_rows(
            "Kampanjer",
            ["Kampanje", "Avsendere", "Organisasjoner", "Fylker", "Tekst (anonymisert)",
             "Innspill-IDer"],
            [[k.campaign_id, k.n_senders, _join(k.organisations), _join(k.fylker),
              k.quote.text if k.quote else "", _join(k.submission_ids)] for k in ctx.campaigns],
            text_columns=("Tekst (anonymisert)",),
        ),
        Sheet.from_rows(
            L.METRICS_SHEET,
            ["Steg", "Steg-ID", "Mål", "Verdi"],
            [[m.stage_label, m.stage, m.name, m.value] for m in ctx.method.all_metrics],
        ),
    ]
