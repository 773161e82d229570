"""Which segments enter the topic model, and who stands behind each of them.

A *unit* is one distinct proposal text from one sender: campaign copies (same
``campaign_id``) and exact duplicates (``duplicate_of``) of a submission share a
*sender root*, and segments with the same root and the same normalised text are one unit.
The unit enters the model once; afterwards its topic is copied back to every segment it
stands for, so every supporter is counted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.cluster.text import match_key


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


MIN_DEMAND_WORDS = 6
"""A demand sentence shorter than this ("Dette må stoppes!") needs its context sentence."""


def demand_segments(unit: pd.DataFrame) -> pd.DataFrame:
    """The segments of a unit that carry its demand (what is embedded, labelled and quoted).

    In a whole answer such as "På min arbeidsplass er halvparten innleid. Innleie må bare
    brukes ved topper." the first sentence is context: the sentences read as demands on
    their own (``is_demand``, the prepare stage's verdict per sentence; else the rule in
    ``proposal_rule``) are the proposal, when they say enough on their own; otherwise the
    whole answer is.
    """
    if len(unit) < 2:
        return unit
    if "is_demand" in unit.columns:
        flagged = unit[unit["is_demand"].astype(bool)]
    elif "proposal_rule" in unit.columns:
        flagged = unit[unit["proposal_rule"].fillna("").astype(str) != ""]
    else:
        return unit
    if flagged.empty or len(flagged) == len(unit):
        return unit
    words = sum(len(str(t).split()) for t in flagged["text_redacted"])
    return flagged if words >= MIN_DEMAND_WORDS else unit


def collapse_proposal_units(selected: pd.DataFrame, unit_text: str = "demand"
                            ) -> tuple[pd.DataFrame, dict[str, str]]:
    """One row per proposal unit (``proposal_unit``, :mod:`pipeline.prepare.units`).

    A unit of several segments (a whole form answer) becomes one row: that of its first
    demand segment (:func:`demand_segments`), with the demand segments' redacted texts and
    lemmas joined, or with every segment's (``unit_text="whole"``). Segments outside any
    unit stay as they are. Returns the rows and, for every merged member, the segment_id
    of its row.
    """
    if "proposal_unit" not in selected.columns or not len(selected):
        return selected, {}
    unit = selected["proposal_unit"].fillna("").astype(str)
    key = unit.where(unit != "", selected["segment_id"].astype(str))
    if key.is_unique:
        return selected, {}
    # Positions of each unit's segments, units in order of first appearance (what
    # ``groupby(sort=False)`` gives), in one pass: per-group frames and per-row Series
    # made this the slowest step of the stage on large consultations.
    groups: dict[str, list[int]] = {}
    for pos, k in enumerate(key.tolist()):
        groups.setdefault(k, []).append(pos)
    merged = [pos for at in groups.values() if len(at) > 1 for pos in at]
    # Columns as plain lists, read once; only the rows of merged units are converted
    # (the same element-wise pandas conversions as before, so the same values).
    segment_ids = selected["segment_id"].tolist()
    texts = selected["text_redacted"].tolist()
    lemmas = selected["lemmas"].tolist()
    merged_at = np.asarray(merged, dtype=np.intp)
    joined = dict(zip(merged, selected["text_redacted"].iloc[merged_at].astype(str),
                      strict=True))
    demand = _demand_flags(selected, merged) if unit_text == "demand" else None
    firsts: list[int] = []
    replaced: dict[int, tuple[str, list]] = {}
    members: dict[str, str] = {}
    for at in groups.values():
        core = at if demand is None else _demand_positions(at, demand, texts)
        first = core[0]
        if len(at) > 1:
            replaced[len(firsts)] = (
                " ".join(joined[pos] for pos in core),
                [w for pos in core for w in (lemmas[pos] or [])],
            )
            for pos in at:
                if segment_ids[pos] != segment_ids[first]:
                    members[str(segment_ids[pos])] = str(segment_ids[first])
        firsts.append(first)
    collapsed = _rows_frame(selected, firsts, replaced)
    order = {sid: i for i, sid in enumerate(selected["segment_id"])}
    collapsed = collapsed.sort_values(
        "segment_id", key=lambda c: c.map(order), kind="stable"
    ).reset_index(drop=True)
    return collapsed, members


def _demand_flags(selected: pd.DataFrame, rows: list[int]) -> dict[int, bool] | None:
    """Position → "reads as a demand" for ``rows``, as :func:`demand_segments` judges a
    segment (``None`` when neither column is there: then every unit is whole).

    Only the segments of units with several segments are converted, as before, so a
    value that cannot be read as a flag fails exactly when it did.
    """
    at = np.asarray(rows, dtype=np.intp)
    if "is_demand" in selected.columns:
        flags = selected["is_demand"].iloc[at].astype(bool)
    elif "proposal_rule" in selected.columns:
        flags = selected["proposal_rule"].iloc[at].fillna("").astype(str) != ""
    else:
        return None
    return dict(zip(rows, flags.tolist(), strict=True))


def _demand_positions(unit: list[int], flags: dict[int, bool], texts: list) -> list[int]:
    """:func:`demand_segments` on positions: ``unit`` in segment order, ``flags`` from
    :func:`_demand_flags`, ``texts`` the raw ``text_redacted`` values."""
    if len(unit) < 2:
        return unit
    flagged = [pos for pos in unit if flags[pos]]
    if not flagged or len(flagged) == len(unit):
        return unit
    words = sum(len(str(texts[pos]).split()) for pos in flagged)
    return flagged if words >= MIN_DEMAND_WORDS else unit


def _rows_frame(selected: pd.DataFrame, rows: list[int],
                replaced: dict[int, tuple[str, list]]) -> pd.DataFrame:
    """The frame ``pd.DataFrame([selected.iloc[r] for r in rows])`` (index aside), with
    ``text_redacted`` and ``lemmas`` of output row ``i`` replaced by ``replaced[i]``.

    Built column by column instead of from one Series per row, but through the same
    constructor path (rows of Python objects, then pandas' per-column dtype inference), so
    the dtypes and values come out as they did: a row Series of the mixed frame holds
    objects, and ``pd.DataFrame(rows)`` infers each column's dtype back from them.
    """
    n_rows, columns = len(rows), list(selected.columns)
    content = np.empty((n_rows, len(columns)), dtype=object)
    for j in range(len(columns)):
        column = selected.iloc[:, j]
        if isinstance(column.dtype, np.dtype) and column.dtype.kind not in "mM":
            content[:, j] = column.to_numpy().take(rows)
        else:  # extension and datetime columns: their scalars (Timestamp, NA), as a row has
            values = column.array
            for i, pos in enumerate(rows):
                content[i, j] = values[pos]
    text_at, lemmas_at = columns.index("text_redacted"), columns.index("lemmas")
    for i, (text, lemmas) in replaced.items():
        content[i, text_at] = text
        content[i, lemmas_at] = lemmas
    return pd.DataFrame(content.tolist(), columns=selected.columns)


def build_units(
    selected: pd.DataFrame, submissions: pd.DataFrame, unit_text: str = "demand"
) -> tuple[pd.DataFrame, pd.Series]:
    """Deduplicate ``selected`` segments into units.

    Segments of one proposal unit (a whole form answer) are first joined into one row
    (:func:`collapse_proposal_units`, ``unit_text``: ``demand`` or ``whole``, as
    ``cluster.unit_text``); each member segment maps to that row's unit.

    Returns
    -------
    (units, unit_of)
        ``units``: one row per unit (the first segment's row, in segment order) with an
        extra ``n_copies`` column; ``unit_of``: for every selected segment_id, the
        position of its unit in ``units``.
    """
    selected, members = collapse_proposal_units(selected, unit_text)
    roots = sender_roots(submissions)
    keys = [
        (roots.get(sid, sid), match_key(text))
        for sid, text in zip(selected["submission_id"], selected["text_redacted"], strict=True)
    ]
    first: dict[tuple[str, str], int] = {}
    unit_index = []
    for key in keys:
        unit_index.append(first.setdefault(key, len(first)))
    # unit ids are given in order of first appearance, so the first rows are ordered too
    first_rows = sorted({idx: row for row, idx in reversed(list(enumerate(unit_index)))}.items())
    units = selected.iloc[[row for _, row in first_rows]].copy().reset_index(drop=True)
    # unit ids are 0 … len(units) - 1, so the copies of unit i are bincount's entry i
    units["n_copies"] = np.bincount(np.asarray(unit_index, dtype=np.int64),
                                    minlength=len(units)).tolist()
    unit_of = pd.Series(unit_index, index=selected["segment_id"].to_numpy(), name="unit")
    if members:
        extra = pd.Series(
            [unit_of[rep] for rep in members.values()], index=list(members), name="unit"
        )
        unit_of = pd.concat([unit_of, extra])
    return units, unit_of


@dataclass
class ClusteringInputs:
    """What the clusterer sees, built once (:func:`clustering_inputs`) for every caller."""

    selected: pd.DataFrame
    """The selected segments (proposals, or on-theme segments when there are too few)."""
    source: str
    """``proposals`` or ``on_theme``."""
    units: pd.DataFrame
    """One row per distinct proposal unit, with ``n_copies``."""
    unit_of: pd.Series
    """segment_id → row in ``units``, for every selected segment."""
    docs: list[str]
    """Lemma strings (the CountVectorizer and the character n-grams)."""
    texts: list[str]
    """The embedded texts (:func:`~pipeline.cluster.text.proposal_text`)."""
    embeddings: np.ndarray
    """Cached embeddings of ``texts`` (``cluster.text_kind``), not centred."""


def clustering_inputs(segments: pd.DataFrame, submissions: pd.DataFrame, params, cache
                      ) -> ClusteringInputs:
    """Units, documents and embeddings as the cluster stage builds them.

    The stage, :mod:`pipeline.explore` (notebooks) and the evaluations all call this, so
    they cannot drift apart (framing stripped, the same E5 prefix, whole form answers).
    """
    from pipeline.cluster.text import lemma_doc, proposal_text

    selected, source = select_segments(segments, params.cluster.min_proposals)
    units, unit_of = build_units(selected, submissions, params.cluster.unit_text)
    docs = [lemma_doc(lem, txt)
            for lem, txt in zip(units["lemmas"], units["text_redacted"], strict=True)]
    texts = [proposal_text(t) for t in units["text_redacted"]]
    embeddings = (cache.embed(texts, params.cluster.text_kind) if len(units)
                  else np.zeros((0, 1), dtype=np.float32))
    return ClusteringInputs(selected, source, units, unit_of, docs, texts, embeddings)
