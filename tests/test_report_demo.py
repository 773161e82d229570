"""The report on the real processed demo inbox (skipped until the pipeline has run)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from pipeline import tables
from pipeline.config import ReportParams
from pipeline.report import read_stage_metrics, render_report
from pipeline.report.labels import fmt_int
from pipeline.report.safe import redacted_view
from pipeline.themes.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
PROCESSED = ROOT / "data" / "processed"
PII_GOLD = ROOT / "data" / "labels" / "eval" / "pii.jsonl"
NEEDED = (tables.SUBMISSIONS_TAGGED, tables.SEGMENTS_CLUSTERED, tables.TOPICS, tables.LEDGER)

pytestmark = pytest.mark.skipif(
    not all((PROCESSED / n).exists() for n in NEEDED),
    reason="data/processed er ikke bygd ennå (kjør dvc repro)",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tax = load_taxonomy("arbeidsliv")
    raw = tables.load_tables(PROCESSED, tax.theme_ids)
    out = tmp_path_factory.mktemp("demo_reports")
    ctx = render_report(redacted_view(raw), tax, read_stage_metrics(ROOT), ReportParams(), out)
    return raw, tax, ctx, out


def _secrets(raw, tax) -> set[str]:
    subs = raw.submissions
    found: set[str] = set()
    for column in [c for c in subs.columns if c.startswith("private_")]:
        for value in subs[column]:
            value = str(value).strip()
            if len(value) >= 6 and column != "private_subject":
                found.add(value)
    if PII_GOLD.exists():
        for line in PII_GOLD.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for span in json.loads(line).get("spans", []):
                    if len(span.get("text", "")) >= 6:
                        found.add(span["text"])
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
