"""Proposal units: what the clusterer counts as one proposal.

A sentence is the wrong unit for a form answer. Someone who answers a field that asks for a
proposal ("Skriv ditt forslag her") writes one proposal, often as a context sentence and a
demand ("Mange lærlinger får ikke jobb. Gi dem fast stilling etter fagprøven."), or as a
slogan the sentence rules do not read as a demand ("Mer fagbrev, mindre innleie!"). So:

- an answer to a *proposal column* of a form export is one unit, whole, and a proposal
  (unless it is a non-answer such as "Vet ikke" or "Bra hefte!"); it is split only when it
  lists several demands as list items, each of which the rules read as a proposal; an
  answer of more than :data:`MAX_ANSWER_SEGMENTS` segments is a letter typed into the
  field and is read like one;
- everywhere else (letters, e-mails, other form columns) a unit is one proposal segment.

Which columns ask for proposals: ``prepare.form_proposal_columns`` (header names), or by default
the headers that :data:`PROPOSAL_HEADER` matches. Multi-column forms keep each question as a
heading line above its answer (:mod:`pipeline.ingest.readers.forms`), so the question of a
segment is its ``heading``.

The result is three segment columns: ``proposal_unit`` (the unit's id, ``""`` for segments
in no unit), an updated ``is_proposal`` and ``is_demand`` (the sentence's own verdict).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

FORM_FORMATS = frozenset({"csv", "xlsx", "json"})

PROPOSAL_HEADER = re.compile(
    r"forslag|framlegg|tiltak|\bkrav\b|løsning|endring|innspill|innspel|"
    r"hva\s+(?:vil|bør|må|kan|skal|ønsker)|kva\s+(?:vil|bør|må|kan|skal|ønskjer)|"
    r"hvordan\s+(?:kan|bør|skal|må)|korleis\s+(?:kan|bør|skal|må)|"
    r"propos|suggest|recommend|what\s+should|how\s+(?:can|should)",
    re.IGNORECASE,
)
"""Default: a column header that asks the respondent for a proposal or a measure."""

NON_ANSWER = re.compile(
    r"^(?:nei|ja|ok|okei|takk(?:\s+for\s+\w+)?|tusen\s+takk|ingen(?:ting)?|ikke\s+noe|ikkje\s+noko|"
    r"vet\s+ikke|veit\s+ikkje|vet\s+ikkje|usikker|ingen\s+(?:kommentar(?:er)?|forslag|innspill|"
    r"innspel|meining|mening)|har\s+ingen(?:\s+\w+)?|ikke\s+(?:noe\s+)?å\s+tilføye|"
    r"bra|flott|godt|supert?|fint|kjempebra|(?:bra|godt|flott|fint|spennende)\s+(?:hefte|arbeid|"
    r"initiativ|jobba|jobbet|tiltak)|n/?a|-+|\.+|\?+|no\s+comment|nothing|none|don'?t\s+know|"
    r"i\s+don'?t\s+know|good\s+(?:work|job|booklet)|test|hei|hallo)$",
    re.IGNORECASE,
)
"""A whole answer that proposes nothing (normalised: lower case, no end punctuation)."""

MAX_ANSWER_SEGMENTS = 4
"""A longer answer is a letter in a form field: its proposal sentences are the units."""


REMARK_START = re.compile(
    r"^(?:takk|tusen\s+takk|bra|flott|fint|godt|kjempebra|supert?|enig|einig|veit\s+ikkje|"
    r"vet\s+ikke|vet\s+ikkje|ingen\s+kommentar|great|good|nice|thanks|thank\s+you|agree)\b",
    re.IGNORECASE,
)
"""An answer that opens with thanks, praise, agreement or "don't know" …"""


def is_non_answer(text: str, demands: bool = False) -> bool:
    """Whether a whole form answer is a non-answer ("Vet ikke", "Bra hefte!", "-").

    ``demands``: whether any of the answer's sentences reads as a demand. An answer that
    opens with thanks, praise or agreement (:data:`REMARK_START`) is a non-answer only
    without one ("Takk for heftet. Innfør rett til heltid!" is a proposal).
    """
    core = re.sub(r"[\s!.,;:?)(\"'«»]+$", "", text.strip()).strip()
    core = re.sub(r"\s+", " ", core)
    if not core or NON_ANSWER.match(core):
        return True
    return not demands and bool(REMARK_START.match(core))


def is_proposal_header(header: str, columns: Sequence[str] | None = None) -> bool:
    """Whether a form column (by its header) asks for proposals.

    ``columns``: the header names from ``prepare.form_proposal_columns``; ``None`` means
    :data:`PROPOSAL_HEADER` decides.
    """
    header = header.strip()
    if not header:
        return False
    if columns is not None:
        wanted = {c.strip().casefold() for c in columns}
        return header.casefold() in wanted
    return bool(PROPOSAL_HEADER.search(header))


def _answer_blocks(rows: Sequence[int], is_heading: Sequence, is_signature: Sequence,
                   texts: Sequence, single_header: str) -> list[tuple[str, list[int]]]:
    """(question header, row positions of its answer segments) for one form submission.

    ``rows``: the submission's row positions in ``position`` order; the other sequences are
    whole columns, indexed by row position.
    """
    blocks: list[tuple[str, list[int]]] = []
    current_header = single_header
    current: list[int] = []
    for r in rows:
        if is_heading[r]:
            if current:
                blocks.append((current_header, current))
            current_header, current = str(texts[r]), []
            continue
        if is_signature[r]:
            continue
        current.append(r)
    if current:
        blocks.append((current_header, current))
    return blocks


def assign_units(
    segments: pd.DataFrame,
    submissions: pd.DataFrame,
    proposal_columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Add ``proposal_unit`` to ``segments`` and mark whole proposal answers as proposals.

    Parameters
    ----------
    segments:
        The prepare stage's segments (``is_proposal``, ``is_heading``, ``is_signature``,
        ``is_list_item``, ``text_redacted``, ``submission_id``, ``position``).
    submissions:
        With ``format`` and ``question_hint`` (the answered column headers, ``" | "``-joined).
    proposal_columns:
        ``prepare.form_proposal_columns``: exact header names; ``None``: detect by header.

    Returns
    -------
    pandas.DataFrame
        A copy of ``segments`` with ``proposal_unit`` (``""`` outside any unit) and
        ``is_proposal`` set for every segment of a unit.
    """
    out = segments.copy()
    out = out.drop(columns=[c for c in ("proposal_unit", "is_demand") if c in out.columns])
    # Plain lists indexed by row position: per-row pandas access (``.at``, ``itertuples``,
    # a sorted copy per submission) cost 25 s at 10 000 submissions, this well under one.
    proposal = out["is_proposal"].astype(bool).tolist()
    units = [""] * len(out)
    positions = [int(v) for v in out["position"].tolist()]
    texts = out["text_redacted"].tolist()
    is_heading = out["is_heading"].tolist()
    is_signature = out["is_signature"].tolist()
    is_list_item = out["is_list_item"].tolist()
    fmt = dict(zip(submissions["submission_id"], submissions.get("format", ""), strict=False))
    hints = dict(
        zip(submissions["submission_id"], submissions.get("question_hint", ""), strict=False)
    )
    by_submission: dict[object, list[int]] = {}
    for r, sid in enumerate(out["submission_id"].tolist()):
        if not pd.isna(sid):  # as groupby: a row without a submission is in no unit
            by_submission.setdefault(sid, []).append(r)
    for sid, rows in by_submission.items():
        rows.sort(key=positions.__getitem__)  # stable, as sort_values(kind="stable")
        taken: set[int] = set()
        if str(fmt.get(sid, "") or "") in FORM_FORMATS:
            headers = [h for h in str(hints.get(sid, "") or "").split(" | ") if h]
            single = headers[0] if len(headers) == 1 else ""
            blocks = _answer_blocks(rows, is_heading, is_signature, texts, single)
            for k, (header, block) in enumerate(blocks):
                if not is_proposal_header(header, proposal_columns):
                    continue
                answer = " ".join(str(texts[r]) for r in block)
                if is_non_answer(answer, demands=any(proposal[r] for r in block)):
                    for r in block:
                        proposal[r] = False
                    taken.update(block)
                    continue
                items = [r for r in block if is_list_item[r] and proposal[r]]
                if len(block) > MAX_ANSWER_SEGMENTS and len(items) < 2:
                    continue  # a letter typed into the field: sentence units, below
                if len(items) >= 2:  # several listed demands: one unit each
                    for r in items:
                        units[r] = f"{sid}-u{positions[r]:03d}"
                    taken.update(block)
                    continue
                for r in block:
                    units[r] = f"{sid}-a{k:02d}"
                    proposal[r] = True
                taken.update(block)
        for r in rows:
            if r not in taken and proposal[r]:
                units[r] = f"{sid}-u{positions[r]:03d}"
    # The sentence's own verdict, before a whole answer made every sentence a proposal:
    # the cluster stage embeds a unit's demand sentences (pipeline/cluster/units.py).
    out["is_demand"] = out["is_proposal"].astype(bool)
    out["is_proposal"] = pd.Series(proposal, index=out.index, dtype=bool)
    out["proposal_unit"] = pd.Series(units, index=out.index, dtype=object).astype(str)
    return out
