"""A small project for the review app's tests (tests/review/): the report tests' synthetic
tables (a campaign, a nynorsk submission, hostile ``<script>`` text, private columns) written
to ``data/processed/``, with the committed ``params.yaml`` and ``data/labels/``."""

from __future__ import annotations

import shutil
from pathlib import Path

from report_fixtures import make_tables

from pipeline import tables

ROOT = Path(__file__).resolve().parent.parent


def write_small_project(root: Path) -> Path:
    """``root`` as a project folder whose pipeline has run on the synthetic tables."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "params.yaml", root / "params.yaml")
    shutil.copytree(ROOT / "data" / "labels", root / "data" / "labels",
                    ignore=shutil.ignore_patterns(".*.lock", "eval", "train"))
    processed = root / "data" / "processed"
    raw = make_tables()
    assert raw.segments is not None and raw.topics is not None
    tables.write_table(raw.submissions, processed, tables.SUBMISSIONS_TAGGED)
    tables.write_table(raw.segments, processed, tables.SEGMENTS_CLUSTERED)
    tables.write_table(raw.topics, processed, tables.TOPICS)
    tables.write_table(raw.ledger, processed, tables.LEDGER)
    return root
