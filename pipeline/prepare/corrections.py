"""Analysts' corrections the prepare stage applies: missed redactions and proposal flags.

Both files are written by the review app (``make review``) and read through
:mod:`pipeline.labels`:

- ``data/labels/redactions.csv``: a text the redaction missed; every occurrence (whole
  words, any case) in every redacted text, heading and explanation becomes its placeholder,
  and lemmas equal to one of its words are dropped (:func:`apply_redactions`);
- ``data/labels/proposal_flags.csv``: a segment is, or is not, a proposal
  (:func:`apply_proposal_flags`).

They are applied in :func:`pipeline.prepare.stage.run` after the per-submission cache, so
adding a correction re-runs no NLP, and never inside :func:`~pipeline.prepare.stage.prepare_frames`
(the evaluation stages prepare their labelled texts without the inbox's corrections).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import labels as lab

log = logging.getLogger(__name__)

_REDACTED_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("submissions", ("text_redacted", "theme_explanation")),
    ("segments", ("text_redacted", "heading", "explanation")),
)


def apply_redactions(
    submissions: pd.DataFrame, segments: pd.DataFrame, terms: Sequence[lab.RedactionTerm]
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Redact the analysts' terms in the redacted text columns and drop lemmas equal to a
    word of a term. Returns copies and the number of ``text_redacted`` values changed."""
    frames = {"submissions": submissions.copy(), "segments": segments.copy()}
    pattern = lab.redaction_pattern(terms)
    if pattern is None:
        return frames["submissions"], frames["segments"], 0
    changed = 0
    for name, columns in _REDACTED_COLUMNS:
        frame = frames[name]
        for column in columns:
            if column not in frame.columns or not len(frame):
                continue
            before = frame[column]
            after = before.map(lambda v: lab.redact_terms(v, terms, pattern))
            if column == "text_redacted":
                changed += int((before != after).sum())
            frame[column] = after
    segs = frames["segments"]
    words = lab.redaction_words(terms)
    if "lemmas" in segs.columns and len(segs) and words:
        segs["lemmas"] = segs["lemmas"].map(
            lambda ls: [w for w in ls if str(w).casefold() not in words])
    return frames["submissions"], segs, changed


def apply_proposal_flags(
    segments: pd.DataFrame, flags: dict[str, bool]
) -> tuple[pd.DataFrame, int, list[str]]:
    """Set ``is_proposal`` (and the segment's ``proposal_unit``) from the analysts' flags.

    A segment marked as a proposal outside any unit becomes a unit of its own
    (``<segment_id>-m``); one marked as not a proposal leaves its unit. Returns the copy,
    the number applied and the ids no longer found (stale, never fatal)."""
    segments = segments.copy()
    if not flags:
        return segments, 0, []
    index = {sid: i for i, sid in enumerate(segments["segment_id"])}
    stale = sorted(sid for sid in flags if sid not in index)
    applied = 0
    for sid, flag in flags.items():
        if sid not in index:
            continue
        row = segments.index[index[sid]]
        segments.at[row, "is_proposal"] = bool(flag)
        if "proposal_unit" in segments.columns:
            unit = str(segments.at[row, "proposal_unit"] or "")
            if flag and not unit:
                segments.at[row, "proposal_unit"] = f"{sid}-m"
            elif not flag:
                segments.at[row, "proposal_unit"] = ""
        applied += 1
    segments["is_proposal"] = segments["is_proposal"].astype(bool)
    return segments, applied, stale


def apply_corrections(
    submissions: pd.DataFrame, segments: pd.DataFrame, labels_dir: Path
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Both files of ``labels_dir`` applied to the prepared tables.

    Returns the new tables and the metrics (``analyst_corrections``); a malformed file
    raises :class:`pipeline.labels.LabelsError` (the stage stops rather than skip a
    redaction)."""
    labels_dir = Path(labels_dir)
    terms = lab.read_redactions(labels_dir / lab.REDACTIONS)
    subs, segs, changed = apply_redactions(submissions, segments, terms)
    flags = lab.read_proposal_flags(labels_dir / lab.PROPOSAL_FLAGS)
    segs, applied, stale = apply_proposal_flags(segs, flags)
    for sid in stale:
        log.warning("proposal_flags.csv: segment %s finnes ikke lenger (foreldet rettelse)", sid)
    metrics: dict[str, Any] = {
        "redaction_terms": len(terms), "texts_redacted": changed,
        "proposal_flags_applied": applied, "proposal_flags_stale": stale}
    return subs, segs, metrics
