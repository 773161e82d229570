"""Render the context to ONE self-contained HTML file (inline CSS, figures as base64 PNG)."""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipeline.report import labels as L
from pipeline.report.context import ReportContext

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment() -> Environment:
    """The Jinja2 environment: autoescaping on for HTML, undefined values are errors."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html", "html.j2", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["num"] = L.fmt_int
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env


def render_html(ctx: ReportContext) -> str:
    """The report as an HTML string."""
    template = environment().get_template("rapport.html.j2")
    return template.render(ctx=ctx, figures=ctx.figures, sections=L.SECTIONS,
                           appendix_intro=L.APPENDIX_INTRO, questions_intro=L.QUESTIONS_INTRO,
                           no_answers=L.NO_ANSWERS, no_proposals=L.NO_PROPOSALS,
                           all_metrics=L.ALL_METRICS)
