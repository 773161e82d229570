"""Stage ``report``: the committee's HTML/DOCX report, the analysts' workbooks and figures.

Reads the processed tables only through :func:`pipeline.report.safe.redacted_view`,
builds a pure :class:`~pipeline.report.context.ReportContext`, and hands it to thin
renderers (:mod:`.html`, :mod:`.docx`, :mod:`.xlsx`, :mod:`.figures`). Same inputs and
params give byte-identical files apart from the generation date, which comes from
``SOURCE_DATE_EPOCH`` when set.

``innspill.xlsx`` (every submission, segment, answer and file) does not depend on the
report's parameters and was most of the stage's time at scale, so it is kept in the cache
under a digest of its content and written again only when that changes
(:func:`data_workbook`).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline import common
from pipeline.cache import atomic_write_bytes
from pipeline.config import Params, ReportParams
from pipeline.report import labels as L
from pipeline.report.context import ReportContext, build_context, data_date
from pipeline.report.docx import build_docx
from pipeline.report.figures import build_figures, plot_tables
from pipeline.report.html import render_html
from pipeline.report.output import write_bytes
from pipeline.report.safe import (
    RedactedTables,
    neutralise_cell,
    redacted_view,
    require_redacted,
)
from pipeline.report.xlsx import (
    data_sheets,
    report_sheets,
    workbook_key,
    workbook_properties,
    write_workbook,
)
from pipeline.taxonomy import Taxonomy, load_taxonomy

__all__ = ["data_workbook", "generation_date", "read_stage_metrics", "render_report", "run"]

HTML_NAME = "rapport.html"
DOCX_NAME = "rapport.docx"
XLSX_NAME = L.WORKBOOK_NAME  # the appendix refers to it by name
REPORT_XLSX_NAME = L.REPORT_WORKBOOK_NAME
METRICS_NAME = "metrics.json"
DATA_WORKBOOK_CACHE = "workbook"


def generation_date() -> dt.date:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) when set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def read_stage_metrics(root: Path = Path(".")) -> dict[str, dict[str, Any]]:
    """Every stage's metrics file; a missing or unreadable file is ``{}`` ("ikke målt")."""
    out: dict[str, dict[str, Any]] = {}
    for stage in L.METRIC_STAGES:
        try:
            data = common.read_metrics(stage, root)
        except (OSError, ValueError):
            data = {}
        out[stage] = data if isinstance(data, dict) else {}
    return out


def _csv(columns: tuple[str, ...], rows: list[tuple]) -> bytes:
    """CSV with text cells neutralised like the workbook's (a label «=HYPERLINK(…)» must not
    become a formula in whatever spreadsheet opens reports/plots/)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[neutralise_cell(v) if isinstance(v, str) else v for v in row]
                      for row in rows])
    return buf.getvalue().encode("utf-8")


def data_workbook(tables: RedactedTables, ctx: ReportContext, taxonomy: Taxonomy,
                  properties: Mapping[str, Any], cache_dir: Path | None = None) -> bytes:
    """``innspill.xlsx`` as bytes, from ``cache_dir`` when its content is already there.

    The key is :func:`~pipeline.report.xlsx.workbook_key` of the sheets as they would be
    written, so a cached file is byte-identical to a fresh one. Only the newest workbook
    is kept (the older one is removed when a new one is stored).

    :param tables: the redacted tables
    :param ctx: the report context (its answers to each question)
    :param taxonomy: themes and questions, for Norwegian names
    :param properties: the file properties
    :param cache_dir: where the workbook is kept (``None``: always written afresh)
    """
    sheets = data_sheets(tables, ctx, taxonomy)
    if cache_dir is None:
        return write_workbook(sheets, properties)
    cache_dir = Path(cache_dir)
    cached = cache_dir / f"innspill-{workbook_key(sheets, properties)}.xlsx"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = write_workbook(sheets, properties)
    atomic_write_bytes(cached, data)  # a reader never sees half a workbook
    for old in cache_dir.glob("innspill-*.xlsx"):
        if old != cached:
            old.unlink(missing_ok=True)
    return data


def render_report(
    tables: RedactedTables,
    taxonomy: Taxonomy,
    metrics: Mapping[str, Mapping[str, Any]],
    params: ReportParams,
    out_dir: Path,
    generated: dt.date | None = None,
    kept_names: Iterable[str] = (),
    cache_dir: Path | None = None,
) -> ReportContext:
    """Write every report file into ``out_dir`` and return the context they show
    (``kept_names``: ``params.prepare.allow_list``, named in the method chapter when used;
    ``cache_dir``: where ``innspill.xlsx`` is kept between runs, see :func:`data_workbook`)."""
    rt = require_redacted(tables)
    ctx = build_context(rt, taxonomy, metrics, params, generated or generation_date(),
                        kept_names)
    ctx = dataclasses.replace(ctx, figures=build_figures(ctx))
    created = data_date(rt.submissions)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("figures", "plots"):  # stale figures from an earlier run must not linger
        if (out_dir / sub).exists():
            shutil.rmtree(out_dir / sub)
    for name, fig in sorted(ctx.figures.items()):
        write_bytes(out_dir / "figures" / f"{name}.png", fig.png)
    for name, (columns, rows) in sorted(plot_tables(ctx).items()):
        write_bytes(out_dir / "plots" / f"{name}.csv", _csv(columns, rows))
    write_bytes(out_dir / HTML_NAME, render_html(ctx).encode("utf-8"))
    write_bytes(out_dir / DOCX_NAME, build_docx(ctx, created))
    write_bytes(out_dir / REPORT_XLSX_NAME,
                write_workbook(report_sheets(ctx),
                               workbook_properties(ctx, created, "tabeller")))
    write_bytes(out_dir / XLSX_NAME,
                data_workbook(rt, ctx, taxonomy,
                              workbook_properties(ctx, created, "innspill"), cache_dir))
    merged = {stage: dict(metrics.get(stage) or {}) for stage in L.METRIC_STAGES}
    merged["report"] = {
        **ctx.counts(),
        "n_figures": len(ctx.figures),
        "nlp_backend": ctx.method.nlp_backend,
        "missing_metrics": list(ctx.method.missing_stages),
    }
    write_bytes(out_dir / METRICS_NAME,
                (json.dumps(common.jsonable(merged), ensure_ascii=False, indent=2) + "\n")
                .encode("utf-8"))
    return ctx


def run(params: Params) -> None:
    """DVC stage ``report``: processed tables + metrics → ``reports/``."""
    from pipeline.tables import load_tables

    taxonomy = load_taxonomy(params.taxonomy)
    from pipeline.report.metadata import cached_redactor, redact_metadata

    tables = redacted_view(load_tables(params.paths.processed, taxonomy.theme_ids))
    # File names, attachment names and organisation fields are personal data until proven
    # otherwise: the prepare stage's redactor runs over them too (issue 16).
    tables = redact_metadata(tables, cached_redactor(params, params.paths.cache / "report"))
    metrics = read_stage_metrics()
    ctx = render_report(tables, taxonomy, metrics, params.report, params.paths.reports,
                        kept_names=params.prepare.allow_list,
                        cache_dir=params.paths.cache / "report" / DATA_WORKBOOK_CACHE)
    f = ctx.front
    size_kb = (Path(params.paths.reports) / HTML_NAME).stat().st_size // 1024
    common.summary(
        "report",
        f"{f.n_submissions} innspill, {f.n_topics} forslag, {len(ctx.figures)} figurer → "
        f"{params.paths.reports}/{HTML_NAME} ({size_kb} kB), {DOCX_NAME}, {REPORT_XLSX_NAME}, "
        f"{XLSX_NAME}"
        + (f"; ikke målt: {', '.join(ctx.method.missing_stages)}"
           if ctx.method.missing_stages else ""),
    )
