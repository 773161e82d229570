"""The analysts' workbook: every submission, segment and proposal, redacted text only.

Strings go through :func:`pipeline.report.safe.neutralise_cell` and are written with
``write_string`` (and the workbook has ``strings_to_formulas`` off), so no submitted
text can become a formula or a link.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import xlsxwriter

from pipeline.report import labels as L
from pipeline.report.context import ReportContext, counted_mask
from pipeline.report.output import normalise_zip
from pipeline.report.safe import RedactedTables, neutralise_cell, require_redacted
from pipeline.schema import score_column
from pipeline.themes.taxonomy import Taxonomy

SHEETS = ("Innspill", "Segmenter", "Forslag", "Seriøsitetskrav", "Kampanjer", "Filer",
          "Målinger")
MAX_WIDTH = 60
TEXT_WIDTH = 90


def _yes(value: Any) -> str:
    return "ja" if bool(value) else "nei"


def _join(values: Sequence[Any]) -> str:
    return ", ".join(str(v) for v in values)


class _Writer:
    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.head = book.add_format({"bold": True, "bg_color": "#DCE6F0", "border": 1,
                                     "text_wrap": True, "valign": "top"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.score = book.add_format({"num_format": "0.00"})

    def sheet(self, name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
              text_columns: Sequence[str] = ()) -> None:
        ws = self.book.add_worksheet(name)
        widths = [len(h) + 2 for h in headers]
        for c, h in enumerate(headers):
            ws.write_string(0, c, neutralise_cell(h), self.head)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                width = self._cell(ws, r, c, value)
                widths[c] = max(widths[c], min(width, MAX_WIDTH))
        for c, h in enumerate(headers):
            ws.set_column(c, c, TEXT_WIDTH if h in text_columns else min(widths[c], MAX_WIDTH))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), max(len(headers) - 1, 0))
        ws.set_row(0, 30)

    def _cell(self, ws, r: int, c: int, value: Any) -> int:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
            ws.write_blank(r, c, None)
            return 0
        if isinstance(value, bool):
            ws.write_string(r, c, _yes(value))
            return 4
        if isinstance(value, int | float) and not isinstance(value, bool):
            ws.write_number(r, c, float(value) if isinstance(value, float) else value,
                            self.score if isinstance(value, float) else None)
            return len(str(value)) + 2
        if isinstance(value, pd.Timestamp | dt.datetime):
            stamp = pd.Timestamp(value)
            if stamp.tzinfo is not None:
                stamp = stamp.tz_convert("Europe/Oslo").tz_localize(None)
            ws.write_datetime(r, c, stamp.to_pydatetime(), self.date)
            return 18
        text = neutralise_cell(value)
        ws.write_string(r, c, text)
        return len(text) + 2


def build_xlsx(tables: RedactedTables, ctx: ReportContext, taxonomy: Taxonomy,
               created: dt.datetime) -> bytes:
    """The workbook as bytes (byte-identical for identical inputs)."""
    rt = require_redacted(tables)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "nan_inf_to_errors": False,
    })
    book.set_properties({
        "title": f"{ctx.front.title} – innspill", "subject": ctx.front.subtitle,
        "author": "innspill", "company": ctx.front.organiser, "created": created,
        "comments": "Anonymisert tekst. Generert av innspill-pipelinen.",
    })
    w = _Writer(book)
    themes = taxonomy.themes
    short = {t.id: t.short_title for t in themes}
    questions = {q.id: q.short for t in themes for q in t.questions}
    topic_labels = {int(r.topic_id): str(r.label) for r in rt.topics.itertuples()}

    subs = rt.submissions.sort_values("submission_id")
    counted = counted_mask(subs)
    score_heads = [f"Skår: {t.short_title}" for t in themes]
    w.sheet(
        "Innspill",
        ["Innspill-ID", "Fil", "Del", "Mottatt", "Format", "Innsendertype", "Organisasjon",
         "Fylke", "Kommune", "Språk", "Tema", "Duplikat av", "Kampanje", "Talt med",
         *score_heads, "Tekst (anonymisert)"],
        [[s["submission_id"], s["source_file"], s["source_part"], s["received_at"],
          s.get("format", ""), L.SUBMITTER_LABELS.get(s["submitter_type"], s["submitter_type"]),
          s["organisation"], s["fylke"], s["kommune"], L.LANGUAGE_LABELS.get(s["language"], ""),
          _join(short.get(t, t) for t in s["themes"]), s["duplicate_of"], s["campaign_id"],
          bool(counted.loc[i]), *[s.get(score_column(t.id)) for t in themes], s["text_redacted"]]
         for i, s in subs.iterrows()],
        text_columns=("Tekst (anonymisert)",),
    )
    segs = rt.segments.sort_values(["submission_id", "position"])
    w.sheet(
        "Segmenter",
        ["Segment-ID", "Innspill-ID", "Nr.", "Tekst (anonymisert)", "Språk", "Forslag", "Tema",
         "Spørsmål", "Spørsmål-ID", "Forslagsgruppe-ID", "Forslagsgruppe", *score_heads],
        [[s["segment_id"], s["submission_id"], int(s["position"]), s["text_redacted"],
          L.LANGUAGE_LABELS.get(s["language"], ""), bool(s["is_proposal"]),
          _join(short.get(t, t) for t in s["themes"]), questions.get(s["question_id"], ""),
          s["question_id"], int(s["topic_id"]) if int(s["topic_id"]) >= 0 else None,
          topic_labels.get(int(s["topic_id"]), ""), *[s.get(score_column(t.id)) for t in themes]]
         for _, s in segs.iterrows()],
        text_columns=("Tekst (anonymisert)",),
    )
    proposals = [p for t in ctx.themes for p in t.proposals] + list(ctx.new_topics)
    w.sheet(
        "Forslag",
        ["Forslagsgruppe-ID", "Forslag", "Tema", "Innspill", "Organisasjoner", "Formuleringer",
         "Fra kampanjer", "Innsendertyper", "Fylker", "Organisasjonsliste", "Stikkord",
         "Sitat (anonymisert)", "Innspill-IDer"],
        [[p.topic_id, p.label, p.theme_title, p.n_submissions, p.n_organisations, p.n_segments,
          p.n_campaign_submissions, _join(f"{c.label} {c.n}" for c in p.submitter_types),
          _join(f"{c.label} {c.n}" for c in p.fylker), _join(p.organisations),
          _join(p.keywords), p.quote.text if p.quote else "", _join(p.submission_ids)]
         for p in proposals],
        text_columns=("Sitat (anonymisert)",),
    )
    w.sheet(
        "Seriøsitetskrav",
        ["Spørsmål", "Kommune", "Fylke", "Svar (kommune)", "Svar (setning)", "Innspill-ID",
         "Setning (anonymisert)"],
        [[c.text, k.kommune, k.fylke, k.answer_label, q.note, q.submission_id, q.text]
         for c in ctx.closed_questions for k in c.kommuner for q in k.sentences],
        text_columns=("Setning (anonymisert)",),
    )
    w.sheet(
        "Kampanjer",
        ["Kampanje", "Avsendere", "Organisasjoner", "Fylker", "Tekst (anonymisert)",
         "Innspill-IDer"],
        [[k.campaign_id, k.n_senders, _join(k.organisations), _join(k.fylker),
          k.quote.text if k.quote else "", _join(k.submission_ids)] for k in ctx.campaigns],
        text_columns=("Tekst (anonymisert)",),
    )
    ledger = rt.ledger.sort_values("path")
    w.sheet(
        "Filer",
        ["Fil", "Status", "Årsak", "Innspill", "Byte", "SHA-256"],
        [[r["path"], L.STATUS_LABELS.get(r["status"], r["status"]), r["reason"],
          int(r["n_submissions"]), int(r["bytes"]), r["sha256"]] for _, r in ledger.iterrows()],
    )
    w.sheet(
        "Målinger",
        ["Steg", "Steg-ID", "Mål", "Verdi"],
        [[m.stage_label, m.stage, m.name, m.value] for m in ctx.method.all_metrics],
    )
    book.close()
    return normalise_zip(buf.getvalue())
