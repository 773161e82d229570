"""Build the gold set for clustering recurring proposals.

Writes ``data/labels/eval/proposal_groups.jsonl`` from ``data/proposal_groups.yaml``:
hand-written, invented submissions in the style of answers to the debate booklet
"Arbeidstakerne i det nye arbeidslivet". Nothing there is quoted from a real submission.

Three kinds of item:

* ``paraphrase``    - a member of a gold group: every member asks for the SAME change in the
                      SAME direction, worded differently (verbs, synonyms, structure, register,
                      length, bokmål/nynorsk/English, typos).
* ``singleton``     - a unique proposal on the same themes; belongs to no group.
* ``hard_negative`` - shares much vocabulary with one group (``near_group``) but asks for
                      something else: the opposite direction, a different scope or a different
                      measure. Must NOT be clustered with that group.

The rule for "same proposal": same requested change and same direction. A different scope
(state instead of municipality, another sector, one element of a package instead of the
package) or the opposite direction makes it a different proposal.

Output lines (keys in this order)::

    {"id", "text", "group", "language", "kind", "near_group", "noisy"}

``group`` is null for singletons and hard negatives; ``near_group`` is set only for hard
negatives; ``noisy`` marks items written with deliberate typos (missing æøå, spacing,
lower case, misspellings). Ids are assigned after a seeded shuffle, so neighbouring ids do
not reveal group membership, and the file is byte-identical between runs.

Usage::

    python -m innspill_data.proposal_groups            # write, validate, print table
    python -m innspill_data.proposal_groups --check    # validate the existing file only
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter

from innspill_data import ROOT, read_yaml

OUT = ROOT / "data" / "labels" / "eval" / "proposal_groups.jsonl"
SEED = 20240101
LANGS = {"nb", "nn", "en"}
T = "typo"  # third item element: the item deliberately contains typos

# --------------------------------------------------------------------------------------
# Requirements checked by validate().
# --------------------------------------------------------------------------------------
MIN_GROUPS = 18
MIN_SINGLETONS = 25
MIN_HARD_NEGATIVES = 30
MIN_NN_SHARE = 0.20
MIN_EN = 3
NOISY_SHARE = (0.07, 0.15)
# Long tail of group sizes: (label, lower, upper, how many groups at least).
SIZE_BUCKETS = [("~25", 20, 30, 2), ("~15", 12, 19, 3), ("~10", 8, 11, 4), ("~6", 5, 7, 5),
                ("3-4", 3, 4, 4)]
ID_RE = re.compile(r"^g\d{3}$")
KEYS = ["id", "text", "group", "language", "kind", "near_group", "noisy"]


def _unpack(item: list) -> tuple[str, str, bool]:
    if len(item) == 2:
        return item[0], item[1], False
    if len(item) == 3 and item[2] == T:
        return item[0], item[1], True
    raise ValueError(f"bad item: {item!r}")


def load_items() -> tuple[dict[str, dict], list[list], dict[str, list[list]]]:
    """The groups (name -> proposal and items), singletons and hard negatives (by group)."""
    data = read_yaml("proposal_groups.yaml")
    return data["groups"], data["singletons"], data["hard_negatives"]


def build_records() -> list[dict]:
    groups, singletons, hard_negatives = load_items()
    raw: list[dict] = []
    for group, spec in groups.items():
        for item in spec["items"]:
            lang, text, noisy = _unpack(item)
            raw.append({"text": text, "group": group, "language": lang, "kind": "paraphrase",
                        "near_group": None, "noisy": noisy})
    for item in singletons:
        lang, text, noisy = _unpack(item)
        raw.append({"text": text, "group": None, "language": lang, "kind": "singleton",
                    "near_group": None, "noisy": noisy})
    for near, items in hard_negatives.items():
        for item in items:
            lang, text, noisy = _unpack(item)
            raw.append({"text": text, "group": None, "language": lang, "kind": "hard_negative",
                        "near_group": near, "noisy": noisy})
    random.Random(SEED).shuffle(raw)
    width = max(3, len(str(len(raw))))
    return [{"id": f"g{i:0{width}d}", **rec} for i, rec in enumerate(raw, start=1)]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


def validate(records: list[dict]) -> list[str]:
    """Return a list of problems (empty when the set is valid)."""
    groups = load_items()[0]
    problems: list[str] = []
    ids = [r["id"] for r in records]
    if len(ids) != len(set(ids)):
        problems.append("duplicate ids")
    problems += [f"bad id {i!r}" for i in ids if not ID_RE.match(i)]
    seen: dict[str, str] = {}
    for r in records:
        if list(r) != KEYS:
            problems.append(f"{r.get('id')}: keys {list(r)} != {KEYS}")
        if r["language"] not in LANGS:
            problems.append(f"{r['id']}: language {r['language']!r}")
        text = r["text"]
        if not text or text != text.strip() or "\n" in text or len(text) > 300:
            problems.append(f"{r['id']}: text empty, padded, multi-line or too long")
        key = _norm(text)
        if key in seen:
            problems.append(f"{r['id']}: same text as {seen[key]}")
        seen[key] = r["id"]
        kind = r["kind"]
        if kind == "paraphrase":
            if r["group"] not in groups or r["near_group"] is not None:
                problems.append(f"{r['id']}: paraphrase needs a known group and no near_group")
        elif kind == "singleton":
            if r["group"] is not None or r["near_group"] is not None:
                problems.append(f"{r['id']}: singleton has group/near_group")
        elif kind == "hard_negative":
            if r["group"] is not None or r["near_group"] not in groups:
                problems.append(f"{r['id']}: hard negative needs group=null, known near_group")
        else:
            problems.append(f"{r['id']}: kind {kind!r}")
        if not isinstance(r["noisy"], bool):
            problems.append(f"{r['id']}: noisy must be bool")

    kinds = Counter(r["kind"] for r in records)
    sizes = Counter(r["group"] for r in records if r["kind"] == "paraphrase")
    if len(sizes) < MIN_GROUPS:
        problems.append(f"{len(sizes)} groups < {MIN_GROUPS}")
    problems += [f"group {g} has {n} < 2 members" for g, n in sizes.items() if n < 2]
    for label, lo, hi, need in SIZE_BUCKETS:
        have = sum(1 for n in sizes.values() if lo <= n <= hi)
        if have < need:
            problems.append(f"size bucket {label}: {have} groups < {need}")
    if kinds["singleton"] < MIN_SINGLETONS:
        problems.append(f"{kinds['singleton']} singletons < {MIN_SINGLETONS}")
    if kinds["hard_negative"] < MIN_HARD_NEGATIVES:
        problems.append(f"{kinds['hard_negative']} hard negatives < {MIN_HARD_NEGATIVES}")
    langs = Counter(r["language"] for r in records)
    if langs["nn"] / len(records) < MIN_NN_SHARE:
        problems.append(f"nynorsk share {langs['nn'] / len(records):.1%} < {MIN_NN_SHARE:.0%}")
    if langs["en"] < MIN_EN:
        problems.append(f"{langs['en']} English items < {MIN_EN}")
    noisy = sum(r["noisy"] for r in records) / len(records)
    if not NOISY_SHARE[0] <= noisy <= NOISY_SHARE[1]:
        problems.append(f"noisy share {noisy:.1%} outside {NOISY_SHARE}")
    return problems


def to_jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def report(records: list[dict]) -> str:
    n = len(records)
    lines = ["| group | size | nb | nn | en | noisy | hard negatives |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    by_group: dict[str, list[dict]] = {}
    for r in records:
        if r["kind"] == "paraphrase":
            by_group.setdefault(r["group"], []).append(r)
    hn = Counter(r["near_group"] for r in records if r["kind"] == "hard_negative")
    for g in sorted(by_group, key=lambda g: (-len(by_group[g]), g)):
        members = by_group[g]
        lc = Counter(m["language"] for m in members)
        lines.append(f"| {g} | {len(members)} | {lc['nb']} | {lc['nn']} | {lc['en']} | "
                     f"{sum(m['noisy'] for m in members)} | {hn[g]} |")
    kinds = Counter(r["kind"] for r in records)
    langs = Counter(r["language"] for r in records)
    noisy = sum(r["noisy"] for r in records)
    lines += [
        "",
        f"items: {n}  |  groups: {len(by_group)}  |  paraphrases: {kinds['paraphrase']}  |  "
        f"singletons: {kinds['singleton']}  |  hard negatives: {kinds['hard_negative']}",
        f"languages: nb {langs['nb']} ({langs['nb'] / n:.1%}), nn {langs['nn']} "
        f"({langs['nn'] / n:.1%}), en {langs['en']} ({langs['en'] / n:.1%})  |  "
        f"noisy: {noisy} ({noisy / n:.1%})",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="validate the existing file and that it matches the data")
    args = ap.parse_args(argv)

    records = build_records()
    problems = validate(records)
    expected = to_jsonl(records)
    if args.check:
        if not OUT.exists():
            problems.append(f"{OUT} is missing")
        elif OUT.read_text(encoding="utf-8") != expected:
            problems.append(f"{OUT} differs from what the data builds; re-run "
                            "python -m innspill_data.proposal_groups")
    if problems:
        print("INVALID:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    if not args.check:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(expected, encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    print(report(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
