"""The fault suite's one check: the run completes, every file is in the ledger with a status
and (unless ok) a reason, and the good submissions beside the bad ones come through unchanged."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.config import Params
from pipeline.ingest import IngestResult, ingest_inbox
from tests.ingest_fixtures import LETTER, write

GOOD = {
    "god.txt": LETTER,
    "undermappe/annen.txt": LETTER.replace("Tromsø Arbeiderparti", "Lier Arbeiderparti")
    .replace("lærlinger", "flere lærlinger og heltid"),
}
"""Two good letters every fault inbox carries."""

COLUMNS = ["source_file", "source_part", "text", "organisation", "submitter_type", "kommune"]


def params(**ingest) -> Params:
    return Params.model_validate({"ingest": ingest}) if ingest else Params()


def good_only(tmp_path: Path, **ingest) -> pd.DataFrame:
    """The good letters' submissions from an inbox holding only them."""
    root = tmp_path / "bare-gode"
    for rel, text in GOOD.items():
        write(root, rel, text)
    return ingest_inbox(root, params(**ingest), cache_dir=None).submissions


def run_inbox(root: Path, cache_dir: Path | None = None, **ingest) -> IngestResult:
    """Ingest ``root`` (the good letters are added) and check the fault suite's promises."""
    for rel, text in GOOD.items():
        write(root, rel, text)
    result = ingest_inbox(root, params(**ingest), cache_dir=cache_dir)
    check_ledger(result)
    want = good_only(root.parent, **ingest)[COLUMNS].reset_index(drop=True)
    got = result.submissions[result.submissions.source_file.isin(GOOD)][COLUMNS]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want)

    return result


def check_ledger(result: IngestResult) -> None:
    ledger = result.ledger
    assert ledger["path"].is_unique
    assert set(ledger["status"]) <= {"ok", "quarantined", "duplicate", "skipped"}
    not_ok = ledger[ledger["status"] != "ok"]
    assert (not_ok["reason"].str.len() > 0).all(), not_ok
    # A "not read" note never sits on an ok row (a lost letter is never reported as ok).
    ok = ledger[ledger["status"] == "ok"]
    assert not ok["reason"].str.contains("ikke lest").any(), ok


def row(result: IngestResult, path: str) -> pd.Series:
    return result.ledger.set_index("path").loc[path]
