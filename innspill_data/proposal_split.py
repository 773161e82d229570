"""Split the independent proposal-sentence set into a training half and a held-out half.

    python -m innspill_data.proposal_split SOURCE.jsonl

Whole documents go to one half, chosen by a stable hash of ``doc_id`` (SHA-256, as
:func:`pipeline.prepare.evaluate.split_of` does for ids), so the split is the same on every
machine and never depends on row order. Writes

- ``data/labels/train/proposals_train.jsonl`` (the half the classifier trains on);
- ``data/labels/eval/proposals_independent.jsonl`` (held out: never train, tune rules,
  features or thresholds on it).

Records are copied unchanged. Standard library only.
"""

from __future__ import annotations

import hashlib
import json
import sys

from innspill_data import ROOT

TRAIN = ROOT / "data/labels/train/proposals_train.jsonl"
HELD_OUT = ROOT / "data/labels/eval/proposals_independent.jsonl"


def half_of(doc_id: str) -> str:
    """``"train"`` or ``"held_out"``, fixed by a hash of the document id."""
    h = int(hashlib.sha256(f"indep:{doc_id}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "train" if h < 0.5 else "held_out"


def main(source: str) -> None:
    with open(source, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    halves: dict[str, list[dict]] = {"train": [], "held_out": []}
    for rec in records:
        halves[half_of(rec["doc_id"])].append(rec)
    for name, path in (("train", TRAIN), ("held_out", HELD_OUT)):
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            for rec in halves[name]:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        rows = halves[name]
        docs = len({r["doc_id"] for r in rows})
        pos = sum(r["is_proposal"] for r in rows)
        print(f"{name}: {len(rows)} sentences, {docs} documents, {pos} proposals -> {path}")


if __name__ == "__main__":
    main(sys.argv[1])
