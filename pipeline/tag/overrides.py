"""Analysts' corrections (``data/labels/overrides.csv``) and labelled examples.

``overrides.csv`` has the header ``id,theme_id,action,comment``: ``id`` is a
``submission_id`` or a ``segment_id``, ``action`` is ``add`` or ``remove``. Overrides are
applied after scoring (an added theme gets score 1.0, a removed one 0.0, so ``themes``
stays "the ids at or above the threshold") and segment-level rows are also labels for the
classifier. An id that no longer exists (the inbox changed) is reported, never fatal.

``themes.csv`` (optional) holds extra labelled texts: ``id,text,themes`` with theme ids
separated by ``;`` or ``|`` (empty = off-topic). Rows without text refer to a segment id.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from pipeline.schema import score_column

log = logging.getLogger(__name__)

OVERRIDE_COLUMNS = ("id", "theme_id", "action", "comment")
ACTIONS = ("add", "remove")


def read_overrides(path: Path) -> pd.DataFrame:
    """Read ``overrides.csv``; a missing file or an empty one gives an empty table."""
    if not Path(path).exists():
        return pd.DataFrame(columns=list(OVERRIDE_COLUMNS))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    for column in OVERRIDE_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[list(OVERRIDE_COLUMNS)].copy()
    for column in ("id", "theme_id", "action"):
        frame[column] = frame[column].str.strip()
    frame["action"] = frame["action"].str.lower()
    return frame[frame["id"] != ""].reset_index(drop=True)


@dataclass
class OverrideReport:
    """What :func:`apply_overrides` did."""

    applied: int = 0
    stale_ids: list[str] = field(default_factory=list)
    invalid_rows: list[int] = field(default_factory=list)

    def as_metrics(self) -> dict:
        """The report as a metrics dict."""
        return {"overrides_applied": self.applied, "overrides_stale_ids": sorted(self.stale_ids),
                "overrides_invalid_rows": self.invalid_rows}


def _apply(frame: pd.DataFrame, id_column: str, row_id: str, theme_id: str, action: str,
           note_column: str) -> None:
    mask = frame[id_column] == row_id
    idx = frame.index[mask][0]
    # pandas-stubs types a cell as a scalar; "themes" cells hold lists.
    themes = list(frame.at[idx, "themes"])  # type: ignore[arg-type]
    if action == "add":
        if theme_id not in themes:
            themes.append(theme_id)
        frame.at[idx, score_column(theme_id)] = 1.0
    else:
        themes = [t for t in themes if t != theme_id]
        frame.at[idx, score_column(theme_id)] = 0.0
    frame.at[idx, "themes"] = themes  # type: ignore[assignment]  # a list cell, as above
    if note_column in frame.columns:
        verb = "lagt til" if action == "add" else "fjernet"
        note = f"manuelt {verb}: {theme_id}"
        old = str(frame.at[idx, note_column] or "")
        frame.at[idx, note_column] = f"{old} · {note}" if old else note


def apply_overrides(
    segments: pd.DataFrame, submissions: pd.DataFrame, overrides: pd.DataFrame,
    theme_ids: tuple[str, ...],
) -> tuple[pd.DataFrame, pd.DataFrame, OverrideReport]:
    """Apply analysts' add/remove corrections to tagged segments and submissions.

    Returns copies of both tables and an :class:`OverrideReport`; rows with an unknown
    theme or action are listed as invalid, ids found in neither table as stale
    (each with a warning).
    """
    segments, submissions = segments.copy(), submissions.copy()
    order = list(theme_ids)
    report = OverrideReport()
    segment_ids = set(segments["segment_id"]) if len(segments) else set()
    submission_ids = set(submissions["submission_id"]) if len(submissions) else set()
    for i, row in overrides.iterrows():
        if row["theme_id"] not in theme_ids or row["action"] not in ACTIONS:
            # read_overrides gives a RangeIndex: the label is the CSV line number - 2.
            line = int(cast(int, i)) + 2
            log.warning("overrides.csv rad %d: ukjent tema %r eller handling %r",
                        line, row["theme_id"], row["action"])
            report.invalid_rows.append(line)
            continue
        if row["id"] in segment_ids:
            _apply(segments, "segment_id", row["id"], row["theme_id"], row["action"], "explanation")
        elif row["id"] in submission_ids:
            _apply(submissions, "submission_id", row["id"], row["theme_id"], row["action"],
                   "theme_explanation")
        else:
            log.warning("overrides.csv: id %s finnes ikke lenger (foreldet rettelse)", row["id"])
            if row["id"] not in report.stale_ids:
                report.stale_ids.append(row["id"])
            continue
        report.applied += 1

    def in_order(themes: list[str]) -> list[str]:
        return [t for t in order if t in themes]

    for frame in (segments, submissions):
        if len(frame):
            frame["themes"] = frame["themes"].map(in_order)
    return segments, submissions, report


def read_labelled_texts(path: Path, theme_ids: tuple[str, ...]) -> pd.DataFrame:
    """Read optional ``themes.csv`` (``id,text,themes``) into ``id, text, <theme>...`` 0/1."""
    if not Path(path).exists():
        return pd.DataFrame(columns=["id", "text", *theme_ids])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    for column in ("id", "text", "themes"):
        if column not in frame.columns:
            frame[column] = ""
    out = frame[["id", "text"]].copy()
    parsed = frame["themes"].map(
        lambda s: {t.strip() for t in s.replace("|", ";").split(";") if t.strip()}
    )
    for tid in theme_ids:

        def has_theme(themes: set[str], tid: str = tid) -> float:
            return float(tid in themes)

        out[tid] = parsed.map(has_theme)
    return out


def training_labels(segments: pd.DataFrame, overrides: pd.DataFrame, labelled: pd.DataFrame,
                    theme_ids: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Labelled examples for the classifier from overrides and ``themes.csv``.

    Segment-level overrides label that segment for one theme (other themes unknown,
    ``NaN``); ``themes.csv`` rows label all themes. Returns ``(examples, labels)`` where
    ``examples`` has ``text_redacted`` and ``lemmas`` and ``labels`` one column per theme.
    """
    texts: dict[str, dict] = {}
    seg = segments.set_index("segment_id") if len(segments) else None
    for _, row in labelled.iterrows():
        text = row["text"]
        lemmas: list[str] = []
        if not text and seg is not None and row["id"] in seg.index:
            text = seg.at[row["id"], "text_redacted"]
            lemmas = list(seg.at[row["id"], "lemmas"])  # type: ignore[arg-type]  # a list cell
        if text:
            texts[row["id"] or text] = {"text_redacted": text, "lemmas": lemmas,
                                        **{t: row[t] for t in theme_ids}}
    if seg is not None:
        for _, row in overrides.iterrows():
            if row["id"] not in seg.index or row["theme_id"] not in theme_ids:
                continue
            entry = texts.setdefault(row["id"], {
                "text_redacted": seg.at[row["id"], "text_redacted"],
                "lemmas": list(seg.at[row["id"], "lemmas"]),  # type: ignore[arg-type]  # a list cell
                **{t: np.nan for t in theme_ids}})
            entry[row["theme_id"]] = 1.0 if row["action"] == "add" else 0.0
    rows = list(texts.values())
    examples = pd.DataFrame({"text_redacted": [r["text_redacted"] for r in rows],
                             "lemmas": [r["lemmas"] for r in rows]})
    labels = pd.DataFrame({t: [r[t] for r in rows] for t in theme_ids}, dtype=float)
    return examples, labels
