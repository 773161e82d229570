"""The report on the real processed demo inbox (skipped until the pipeline has run)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from pipeline import tables
from pipeline.config import ReportParams, load_params
from pipeline.report import labels as L
from pipeline.report import read_stage_metrics, render_report
from pipeline.report.labels import fmt_int
from pipeline.report.metadata import cached_redactor, redact_metadata
from pipeline.report.safe import redacted_view
from pipeline.taxonomy import load_taxonomy
from tests.project_helpers import SOURCE_DATE_EPOCH

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "data" / "labels" / "eval"
DEMO_EXPECTED = ROOT / "data" / "raw" / "demo" / "EXPECTED.json"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(demo_project: Path):
    """The report as `dvc repro` wrote it for the demo inbox (see conftest.demo_project)."""
    tax = load_taxonomy("arbeidsliv")
    raw = tables.load_tables(demo_project / "data" / "processed", tax.theme_ids)
    out = demo_project / "reports"
    # Render once more from the same tables: the stage's output must be reproducible.
    again = demo_project.parent / "report_again"
    generated = dt.datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), tz=dt.UTC).date()
    # As the stage does: file names and organisation fields redacted too (issue 16).
    view = redact_metadata(redacted_view(raw),
                           cached_redactor(load_params(demo_project / "params.yaml"), None))
    ctx = render_report(view, tax, read_stage_metrics(demo_project),
                        ReportParams(), again, generated=generated)
    return raw, tax, ctx, out


def _demo_pii() -> set[str]:
    """Every invented personal-data string the demo inbox holds (listed in EXPECTED.json)."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pii" and isinstance(value, list):
                    found.update(str(v) for v in value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    if DEMO_EXPECTED.exists():
        walk(json.loads(DEMO_EXPECTED.read_text(encoding="utf-8")))
    return found


def _secrets(raw, tax) -> set[str]:
    subs = raw.submissions
    found: set[str] = set()
    for column in [c for c in subs.columns if c.startswith("private_")]:
        for value in subs[column]:
            value = str(value).strip()
            if len(value) >= 6 and column != "private_subject":
                found.add(value)
    for gold in (EVAL / "pii.jsonl", EVAL / "pii_heldout.jsonl"):
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for span in json.loads(line).get("spans", []):
                    if len(span.get("text", "")) >= 6:
                        found.add(span["text"])
    found |= {p for p in _demo_pii() if len(p) >= 6}
    # An organisation as sender ("From: Hamar Arbeiderparti") is public, not personal data.
    public = {c.lower() for c in getattr(tax, "public_contacts", ())}
    public |= {str(o).strip().lower() for o in subs["organisation"] if str(o).strip()}
    return {s for s in found if s.lower() not in public}


def _contents(out: Path):
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            yield path.name, data
            if data[:2] == b"PK":
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    for name in z.namelist():
                        yield f"{path.name}!{name}", z.read(name)


def test_demo_report_has_no_private_data(demo):
    raw, tax, _, out = demo
    secrets = _secrets(raw, tax)
    for where, data in _contents(out):
        text = data.decode("utf-8", errors="ignore")
        for secret in secrets:
            assert secret not in text, f"{secret!r} in {where}"


def test_demo_counts_match_tables(demo):
    raw, _, ctx, out = demo
    html = (out / "rapport.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert f"{fmt_int(len(raw.submissions))} innspill mottatt" in text
    assert ctx.front.n_submissions == len(raw.submissions)
    assert ctx.front.n_files == len(raw.ledger)
    assert ctx.front.n_topics == len(raw.topics)
    assert "<script" not in html.lower()


def test_demo_question_sections_match_the_answers(demo):
    """Each question section counts the counted submissions the answers table names; the
    HTML, the workbook and metrics.json show the same numbers, and the seriøsitetskrav
    table comes from the stances (issue 18)."""
    import openpyxl

    raw, tax, ctx, out = demo
    answers = raw.answers
    assert answers is not None and len(answers) > 0
    subs = raw.submissions
    counted = set(subs.loc[(subs["duplicate_of"] == "") | (subs["campaign_id"] != ""),
                           "submission_id"])
    html = (out / "rapport.html").read_text(encoding="utf-8")
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))["report"]
    book = openpyxl.load_workbook(out / "rapport.xlsx", read_only=True)
    sheet = list(book["Spørsmål"].iter_rows(values_only=True))
    xlsx = {r[0]: dict(zip(sheet[0], r, strict=True)) for r in sheet[1:]}
    assert [q.id for q in ctx.questions] == list(tax.question_ids)
    for q in ctx.questions:
        mine = answers[answers["question_id"] == q.id]
        n = len(set(mine["submission_id"]) & counted)
        assert q.n_submissions == n, q.id
        assert metrics["questions"][q.id]["n_submissions"] == n
        assert xlsx[q.id]["Innspill"] == n
        assert f'id="sporsmal-{q.id}"' in html
        if q.yes_no and n:
            assert sum(x.n for x in q.stances) == n
        for quote in q.quotes:
            assert quote.segment_id in set(mine["segment_id"])
    assert html.count(L.NO_ANSWERS) == sum(not q.answered for q in ctx.questions)
    [closed] = ctx.closed_questions
    assert closed.from_answers
    assert L.UNKNOWN_PLACE not in [k.kommune for k in closed.kommuner]
    assert metrics["closed_questions"][closed.id] == {x.key: x.n for x in closed.tally}


def test_demo_report_is_reproducible(demo_project: Path, demo):
    """Same tables and params give byte-identical report files (fixed generation date)."""
    out = demo_project / "reports"
    again = demo_project.parent / "report_again"
    for name in ("rapport.html", "rapport.docx", "rapport.xlsx", "innspill.xlsx"):
        assert (out / name).read_bytes() == (again / name).read_bytes(), name
