"""The ingest stage on the demo inbox, checked against ``data/raw/demo/EXPECTED.json``.

Counts and statuses must match exactly. Metadata (submitter type, organisation, kommune,
fylke) is inferred heuristically from free text, so a small, documented tolerance applies:
at most :data:`METADATA_TOLERANCE` of the submissions may differ in any of those fields.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import Params
from pipeline.ingest import ingest_inbox

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data/raw"
EXPECTED = RAW / "demo/EXPECTED.json"
METADATA_TOLERANCE = 0.10
FIELDS = ("submitter_type", "organisation", "kommune", "fylke")

pytestmark = pytest.mark.skipif(not EXPECTED.exists(), reason="demo-innboksen finnes ikke")


@pytest.fixture(scope="module")
def demo():
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    # Paths in EXPECTED.json are relative to data/raw/; other inboxes there are ignored.
    result = ingest_inbox(RAW, Params(), cache_dir=None)
    result.submissions = result.submissions[result.submissions.source_file.str.startswith("demo/")]
    result.ledger = result.ledger[result.ledger.path.str.startswith("demo/")]
    return expected, result


def test_every_file_has_its_expected_status_and_count(demo):
    expected, result = demo
    ledger = result.ledger.set_index("path")
    for path, spec in expected["files"].items():
        row = ledger.loc[path]
        wanted = (spec["status"], spec["expected_submissions"])
        assert (row.status, row.n_submissions) == wanted, path
        if spec.get("quarantine_reason"):
            assert row.reason == spec["quarantine_reason"]
    extra = set(ledger.index) - set(expected["files"])
    assert extra == {"demo/README.md", "demo/EXPECTED.json"}
    assert set(ledger.loc[list(extra), "status"]) == {"skipped"}
    assert len(result.submissions) == expected["totals"]["submissions"]
    assert result.submissions.format.value_counts().to_dict() == expected["totals"]["per_format"]


def test_ledger_invariant(demo):
    _, result = demo
    ok = result.ledger[result.ledger.status == "ok"]
    assert (ok.n_submissions >= 1).all()
    counts = result.submissions.source_file.value_counts()
    for row in result.ledger.itertuples():
        assert counts.get(row.path, 0) == row.n_submissions


def _find(subs, spec_sub, index):
    if "row" in spec_sub:
        return subs[subs.source_part == f"rad {spec_sub['row']}"].iloc[0]
    return subs.iloc[index]


def test_text_check_phrases_and_stripped_wrapping(demo):
    expected, result = demo
    for path, spec in expected["files"].items():
        subs = result.submissions[result.submissions.source_file == path]
        for i, spec_sub in enumerate(spec["submissions"]):
            text = re.sub(r"\s+", " ", _find(subs, spec_sub, i).text)
            if spec_sub.get("check_phrase"):
                assert spec_sub["check_phrase"] in text, path
        for wrapping in spec.get("strip", []):
            assert not any(wrapping in t for t in subs.text), (path, wrapping)


def test_duplicates_and_campaigns(demo):
    expected, result = demo
    subs = result.submissions
    for original, copy in expected["exact_duplicates"]:
        first = subs[subs.source_file == original].iloc[0]
        assert subs[subs.source_file == copy].iloc[0].duplicate_of == first.submission_id
    for campaign in expected["campaigns"].values():
        ids = set()
        for member in campaign["members"]:
            rows = subs[subs.source_file == member["file"]]
            if "row" in member:
                rows = rows[rows.source_part == f"rad {member['row']}"]
            ids.add(rows.iloc[0].campaign_id)
        assert len(ids) == 1 and next(iter(ids)).startswith("kampanje-")
        assert (subs.campaign_id == next(iter(ids))).sum() == len(campaign["members"])


def test_metadata_within_tolerance(demo):
    expected, result = demo
    wrong, total = [], 0
    for path, spec in expected["files"].items():
        subs = result.submissions[result.submissions.source_file == path]
        for i, spec_sub in enumerate(spec["submissions"]):
            total += 1
            got = _find(subs, spec_sub, i)
            diffs = [f for f in FIELDS if (spec_sub.get(f) or "") != got[f]]
            if diffs:
                wrong.append((path, got.source_part, diffs))
    assert len(wrong) <= METADATA_TOLERANCE * total, wrong


def test_every_demo_date_comes_from_the_content(demo):
    """No demo submission falls back to file mtime (a fresh clone would change it)."""
    _, result = demo
    stamps = result.submissions["received_at"]
    assert stamps.notna().all()
    assert stamps.max() < pd.Timestamp("2026-05-01", tz="UTC")
