#!/usr/bin/env python3
"""Make a larger project from a kept benchmark project by repeating its tables with new ids.

    .venv/bin/python benchmarks/repeat_tables.py KEPT_PROJECT OUT --times 5

A cold 50 000-submission run of ``benchmarks/run.py`` takes more than two hours on the
2-core reference machine, most of it embedding. To measure what a *stage* costs in memory
and time at that size (reading, validating and writing its tables, the work per row), the
tables of a kept 10 000 project (``run.py --keep``) repeated five times are enough: every
copy after the first gets new submission, segment and file ids (suffix ``~r<k>``), so the
ids stay unique and the copies are separate submissions, and the texts are the same, so the
embedding and lexicon caches (copied along) are warm. Distinct texts therefore do not grow:
use it for per-row costs, not for embedding throughput.

The copy holds the project's files and caches (``.cache/``) and the repeated
``data/processed/`` tables; ``data/raw/`` is not repeated (so ``ingest`` is not meaningful
there). Run a stage in it as ``python -m pipeline <stage>`` from the copy.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

# Columns holding ids that must stay unique (or keep pointing at the right copy).
ID_COLUMNS = ("submission_id", "segment_id", "duplicate_of", "campaign_id", "source_file",
              "path")
# Tables not repeated: they describe the inbox as a whole (topics) or the labelled sets.
KEEP_AS_IS = ("topics.parquet", "question_scores_labelled.parquet")


def suffix_ids(frame: pd.DataFrame, copy: int, id_columns: tuple[str, ...] = ID_COLUMNS,
               ) -> pd.DataFrame:
    """``frame`` with ``~r<copy>`` appended to every non-empty id (``copy`` 0: unchanged).

    The long ``question_scores`` table's ``id`` (a segment id) is suffixed as well when its
    ``source`` is the inbox (empty)."""
    if copy == 0:
        return frame
    out = frame.copy()
    tag = f"~r{copy}"
    for column in id_columns:
        if column in out.columns:
            values = out[column].astype(str)
            out[column] = np.where(values != "", values + tag, values)
    if {"source", "id"} <= set(out.columns):
        values = out["id"].astype(str)
        out["id"] = np.where(out["source"].astype(str) == "", values + tag, values)
    return out


def repeat_table(frame: pd.DataFrame, times: int) -> pd.DataFrame:
    """``frame`` repeated ``times`` times, each copy with its own ids (:func:`suffix_ids`)."""
    return pd.concat([suffix_ids(frame, k) for k in range(times)], ignore_index=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path, help="a project kept by run.py --keep")
    ap.add_argument("out", type=Path, help="where the larger copy goes (must not exist)")
    ap.add_argument("--times", type=int, default=5)
    args = ap.parse_args()
    if args.out.exists():
        raise SystemExit(f"{args.out} finnes allerede")
    shutil.copytree(args.project, args.out, symlinks=True,
                    ignore=shutil.ignore_patterns("raw", ".git"))
    (args.out / "data" / "raw").mkdir(exist_ok=True)
    processed = args.out / "data" / "processed"
    for path in sorted(processed.glob("*")):
        if path.name in KEEP_AS_IS or path.suffix not in (".parquet", ".csv"):
            continue
        frame = (pd.read_csv(path, dtype=str, keep_default_na=False) if path.suffix == ".csv"
                 else pd.read_parquet(path))
        repeated = repeat_table(frame, args.times)
        if path.suffix == ".csv":
            repeated.to_csv(path, index=False)
        else:
            repeated.to_parquet(path, index=False)
        print(f"{path.name}: {len(frame)} -> {len(repeated)} rows")


if __name__ == "__main__":
    main()
