"""Which segments enter the topic model, and who stands behind each of them.

A *unit* is one distinct proposal text from one sender: campaign copies (same
``campaign_id``) and exact duplicates (``duplicate_of``) of a submission share a
*sender root*, and segments with the same root and the same normalised text are one unit.
The unit enters the model once; afterwards its topic is copied back to every segment it
stands for, so every supporter is counted.
"""

from __future__ import annotations

import pandas as pd

from pipeline.topics.text import normalise


def sender_roots(submissions: pd.DataFrame) -> dict[str, str]:
    """submission_id → root: ``campaign:<id>`` for campaigns, else the first copy's id."""
    dup = dict(
        zip(submissions["submission_id"], submissions["duplicate_of"].fillna(""), strict=True)
    )
    camp = dict(
        zip(submissions["submission_id"], submissions["campaign_id"].fillna(""), strict=True)
    )
    roots: dict[str, str] = {}
    for sid in submissions["submission_id"]:
        current, seen = sid, set()
        while dup.get(current) and dup[current] != current and current not in seen:
            seen.add(current)
            current = dup[current]
        campaign = camp.get(sid) or camp.get(current)
        roots[sid] = f"campaign:{campaign}" if campaign else current
    return roots


def select_segments(segments: pd.DataFrame, min_proposals: int) -> tuple[pd.DataFrame, str]:
    """Proposal segments; all on-theme segments (plus proposals) when there are too few."""
    proposals = segments["is_proposal"].astype(bool)
    if int(proposals.sum()) >= min_proposals:
        return segments[proposals], "proposals"
    on_theme = segments["themes"].map(lambda t: len(t) > 0)
    return segments[proposals | on_theme], "on_theme"


def build_units(
    selected: pd.DataFrame, submissions: pd.DataFrame
) -> tuple[pd.DataFrame, pd.Series]:
    """Deduplicate ``selected`` segments into units.

    Returns
    -------
    (units, unit_of)
        ``units``: one row per unit (the first segment's row, in segment order) with an
        extra ``n_copies`` column; ``unit_of``: for every selected segment_id, the
        position of its unit in ``units``.
    """
    roots = sender_roots(submissions)
    keys = [
        (roots.get(sid, sid), normalise(text))
        for sid, text in zip(selected["submission_id"], selected["text_redacted"], strict=True)
    ]
    first: dict[tuple[str, str], int] = {}
    unit_index = []
    for key in keys:
        unit_index.append(first.setdefault(key, len(first)))
    # unit ids are given in order of first appearance, so the first rows are ordered too
    first_rows = sorted({idx: row for row, idx in reversed(list(enumerate(unit_index)))}.items())
    units = selected.iloc[[row for _, row in first_rows]].copy().reset_index(drop=True)
    counts = pd.Series(unit_index).value_counts()
    units["n_copies"] = [int(counts[i]) for i in range(len(units))]
    unit_of = pd.Series(unit_index, index=selected["segment_id"].to_numpy(), name="unit")
    return units, unit_of
