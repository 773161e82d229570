"""Exact duplicates and near-duplicate campaigns.

* Exact duplicates (same text after normalisation: case, whitespace, punctuation) point
  to the first copy with ``duplicate_of``.
* Near-duplicates (a circulated resolution sent by many branches with small edits) share a
  ``campaign_id``: MinHash over word shingles, candidates from LSH, pairs kept when the
  estimated Jaccard similarity reaches the threshold, groups = connected components.

Both stay in the table: the report counts supporters, the clustering counts a campaign once.
"Earliest" means first in the deterministic order (``source_file``, ``source_part``), so
ids do not depend on file dates.
"""

from __future__ import annotations

import re

import pandas as pd
from datasketch import MinHash, MinHashLSH

from pipeline.common import short_hash

MIN_WORDS_EXACT = 3
MIN_WORDS_CAMPAIGN = 15  # short texts ("Enig.") are similar by accident, not by campaign


def normalise_for_dedup(text: str) -> str:
    """Case-, whitespace- and punctuation-insensitive form of a text."""
    return " ".join(re.findall(r"[\wæøå]+", text.casefold()))


def shingles(words: list[str], k: int) -> set[str]:
    if len(words) < k:
        return {" ".join(words)}
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def _order(frame: pd.DataFrame) -> list[int]:
    return sorted(range(len(frame)), key=lambda i: (frame["source_file"].iat[i],
                                                    frame["source_part"].iat[i]))


def mark_exact_duplicates(frame: pd.DataFrame) -> pd.Series:
    """``duplicate_of`` for every row: the submission_id of the first identical text, or ""."""
    first: dict[str, str] = {}
    result = [""] * len(frame)
    texts, ids = frame["text"].tolist(), frame["submission_id"].tolist()
    for i in _order(frame):
        key = normalise_for_dedup(texts[i])
        if len(key.split()) < MIN_WORDS_EXACT:
            continue
        if key in first:
            result[i] = first[key]
        else:
            first[key] = ids[i]
    return pd.Series(result, index=frame.index, dtype=object)


def find_campaigns(frame: pd.DataFrame, threshold: float, num_perm: int, shingle_words: int,
                   seed: int) -> pd.Series:
    """``campaign_id`` for every row ("" for texts that are not part of a campaign).

    Exact duplicates join their original's campaign; a pair of exact copies alone is not a
    campaign (that is what ``duplicate_of`` says).
    """
    order = _order(frame)
    rank = {i: r for r, i in enumerate(order)}
    originals = [i for i in order if not frame["duplicate_of"].iat[i]]
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes: dict[int, MinHash] = {}
    # The permutations depend only on (num_perm, seed): draw them once, not per text, and
    # hash each text's shingles in one vectorised batch (same signatures, ~5x faster).
    template = MinHash(num_perm=num_perm, seed=seed)
    texts, ids = frame["text"].tolist(), frame["submission_id"].tolist()
    for i in originals:
        words = normalise_for_dedup(texts[i]).split()
        if len(words) < MIN_WORDS_CAMPAIGN:
            continue
        mh = MinHash(num_perm=num_perm, seed=seed, permutations=template.permutations,
                     scheme=template.scheme)
        mh.update_batch([s.encode("utf-8") for s in sorted(shingles(words, shingle_words))])
        hashes[i] = mh
        lsh.insert(str(i), mh)
    parent = {i: i for i in hashes}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, mh in hashes.items():
        for other in lsh.query(mh):
            j = int(other)
            if j != i and mh.jaccard(hashes[j]) >= threshold:
                a, b = root(i), root(j)
                if a != b:
                    parent[max(a, b, key=rank.__getitem__)] = min(a, b, key=rank.__getitem__)
    groups: dict[int, list[int]] = {}
    for i in hashes:
        groups.setdefault(root(i), []).append(i)
    by_id = {frame["submission_id"].iat[i]: i for i in range(len(frame))}
    result = [""] * len(frame)
    for members in groups.values():
        if len(members) < 2:
            continue
        earliest = min(members, key=rank.__getitem__)
        campaign = f"kampanje-{short_hash(ids[earliest], length=8)}"
        for i in members:
            result[i] = campaign
    for i in range(len(frame)):  # exact copies follow their original
        original = frame["duplicate_of"].iat[i]
        if original and original in by_id:
            result[i] = result[by_id[original]]
    return pd.Series(result, index=frame.index, dtype=object)


MAIL_FORMATS = ("eml", "msg")


def fold_mail_campaigns(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, dict[str, int]]:
    """Near-identical letters attached to ONE e-mail are one sender, not a campaign.

    A campaign's copies each count as a supporter, which is right when branches send the
    same resolution separately, and wrong when one e-mail carries 500 near-identical
    attachments: that is one sender. Within an e-mail, every member of a campaign after the
    first becomes a ``duplicate_of`` the first and leaves the campaign (so it does not
    count); the first stays in the campaign if other files share it.

    Returns the new ``duplicate_of`` and ``campaign_id`` columns and, per file, how many
    letters were folded (for the ledger note).
    """
    duplicate_of = frame["duplicate_of"].copy()
    campaign_id = frame["campaign_id"].copy()
    folded: dict[str, int] = {}
    mail = frame["format"].isin(MAIL_FORMATS) & (frame["campaign_id"] != "")
    if not mail.any():
        return duplicate_of, campaign_id, folded
    order = _order(frame)
    rank = {i: r for r, i in enumerate(order)}
    positions = {idx: pos for pos, idx in enumerate(frame.index)}
    for (source, _campaign), group in frame[mail].groupby(["source_file", "campaign_id"]):
        if len(group) < 2:
            continue
        members = sorted((positions[i] for i in group.index), key=rank.__getitem__)
        first = frame["submission_id"].iat[members[0]]
        for pos in members[1:]:
            idx = frame.index[pos]
            duplicate_of[idx] = duplicate_of[idx] or first
            campaign_id[idx] = ""
        folded[str(source)] = folded.get(str(source), 0) + len(members) - 1
    # A campaign left with one member (all of it was one e-mail) is no campaign.
    sizes = campaign_id[campaign_id != ""].value_counts()
    lone = set(sizes[sizes < 2].index)
    campaign_id = campaign_id.map(lambda c: "" if c in lone else c)
    return duplicate_of, campaign_id, folded


def folded_note(n: int) -> str:
    return (f"{n} nesten like vedlegg i samme e-post regnet som ett innspill "
            f"(kampanje i e-posten)")
