"""Build and validate the hand-labelled evaluation sets in data/labels/eval/.

* ``pii.jsonl`` is *generated* from the inline markup in ``data/pii_gold_markup.yaml``, so
  that character offsets are always exact:

      [[LABEL|surface text]]   -> a PII span with that label (newlines allowed inside)
      <<surface text>>         -> text kept verbatim and added to the item's ``keep`` list

  Markup is removed from the final text; offsets are Python ``str`` offsets (code points).

* ``proposals.jsonl`` and ``language.jsonl`` are hand-written data files; this module only
  validates them (valid JSON per line, unique ids, allowed values) and prints counts.

All texts, names, numbers and addresses are invented for this project.  Fødselsnumre and
D-numre are generated with the mod-11 algorithm in an individual-number range (750-899 with
birth year 40-99) that has never been issued, so no "valid" number can belong to a real person.

Usage:
    python -m innspill_data.pii_gold             # (re)write pii.jsonl, validate all, print counts
    python -m innspill_data.pii_gold --check     # do not write; fail if pii.jsonl is out of date
    python -m innspill_data.pii_gold --markdown  # print the count tables as Markdown (README)

Ids (x001, x002, ...) follow the order of the markup items and feed the id-hash tune/test split
in pipeline/prepare/evaluate.py: append new items at the end, never insert or reorder.

To invent an identity or account number for a new item, use :func:`make_fnr` and
:func:`make_konto` (never a number from real life).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from innspill_data import ROOT, read_yaml

EVAL_DIR = ROOT / "data" / "labels" / "eval"
PII_PATH = EVAL_DIR / "pii.jsonl"
PROPOSALS_PATH = EVAL_DIR / "proposals.jsonl"
LANGUAGE_PATH = EVAL_DIR / "language.jsonl"

PII_LABELS = ("NAVN", "E-POST", "TELEFON", "FØDSELSNUMMER", "KONTONUMMER", "ADRESSE")
PII_LANGS = ("nb", "nn", "en")
PROPOSAL_KINDS = (
    "proposal", "demand", "imperative", "list_item_proposal",
    "description", "question", "story", "opinion_without_demand", "heading",
    "greeting", "conditional_hypothetical", "reported_speech",
)
POSITIVE_KINDS = {"proposal", "demand", "imperative", "list_item_proposal"}
LANGUAGE_LABELS = ("nb", "nn", "en", "other")

# ---------------------------------------------------------------------------
# Norwegian identity numbers and bank account numbers (mod-11)
# ---------------------------------------------------------------------------
_FNR_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_FNR_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_KONTO_W = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _mod11(digits, weights) -> int:
    """Return the mod-11 control digit (0-9) or 10 when no valid digit exists."""
    r = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    return 0 if r == 11 else r


def fnr_checksum_ok(number: str) -> bool:
    """True if an 11-digit fødselsnummer/D-nummer (spaces allowed) passes both mod-11 checks."""
    d = [int(c) for c in number if c.isdigit()]
    if len(d) != 11:
        return False
    k1 = _mod11(d[:9], _FNR_W1)
    k2 = _mod11(d[:10], _FNR_W2)
    return k1 == d[9] and k2 == d[10]


def make_fnr(ddmmyy: str, *, d_number: bool = False, start: int = 750) -> str:
    """Smallest checksum-valid number >= ``start`` for a birth date DDMMYY.

    Individual numbers 750-899 with a two-digit year 40-99 are outside every range
    Skatteetaten has used, so the result cannot be a real person's number.  A D-nummer
    adds 4 to the first digit of the day.
    """
    assert len(ddmmyy) == 6 and ddmmyy.isdigit() and int(ddmmyy[4:]) >= 40
    base = (str(int(ddmmyy[0]) + 4) + ddmmyy[1:]) if d_number else ddmmyy
    for ind in range(start, 900):
        digits = [int(c) for c in base + f"{ind:03d}"]
        k1 = _mod11(digits, _FNR_W1)
        if k1 == 10:
            continue
        k2 = _mod11(digits + [k1], _FNR_W2)
        if k2 == 10:
            continue
        return base + f"{ind:03d}{k1}{k2}"
    raise ValueError(ddmmyy)


def fnr_possibly_issued(number: str) -> bool:
    """True if a checksum-valid 11-digit number falls in a range Skatteetaten has issued.

    Used as a privacy guard: every checksum-valid 11-digit number in the gold data must be
    in the never-issued range (individual number 750-899 with year 40-99).
    """
    d = re.sub(r"\D", "", number)
    if len(d) != 11 or not fnr_checksum_ok(d):
        return False
    ind, yy = int(d[6:9]), int(d[4:6])
    return not (750 <= ind <= 899 and yy >= 40)


def break_checksum(number: str) -> str:
    """Change the last digit so the second control digit is wrong."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def konto_checksum_ok(number: str) -> bool:
    d = [int(c) for c in number if c.isdigit()]
    return len(d) == 11 and _mod11(d[:10], _KONTO_W) == d[10]


def make_konto(first10: str) -> str:
    """Append a valid mod-11 control digit (bumping the 10th digit if necessary)."""
    assert len(first10) == 10 and first10.isdigit()
    n = int(first10)
    while True:
        s = f"{n:010d}"
        k = _mod11([int(c) for c in s], _KONTO_W)
        if k != 10:
            return s + str(k)
        n += 1


_MARKUP = re.compile(r"\[\[(" + "|".join(map(re.escape, PII_LABELS)) + r")\|(.*?)\]\]|<<(.*?)>>",
                     re.S)


def parse_markup(markup: str):
    """Return (text, spans, keep) for one markup string."""
    out: list[str] = []
    spans: list[dict] = []
    keep: list[str] = []
    pos = 0
    length = 0
    for m in _MARKUP.finditer(markup):
        plain = markup[pos:m.start()]
        out.append(plain)
        length += len(plain)
        if m.group(1):
            surface = m.group(2)
            spans.append({"start": length, "end": length + len(surface), "label": m.group(1),
                          "text": surface})
        else:
            surface = m.group(3)
            if surface not in keep:
                keep.append(surface)
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(markup[pos:])
    text = "".join(out)
    for token in ("[[", "]]", "<<", ">>"):
        if token in text:
            raise ValueError(f"unparsed markup {token!r} in {markup!r}")
    return text, spans, keep


def build_records(markup_file: str, prefix: str) -> list[dict]:
    """One record per markup item ``[kind, language, markup]``, ids ``<prefix>001`` on."""
    records = []
    for i, (kind, lang, markup) in enumerate(read_yaml(markup_file), 1):
        text, spans, keep = parse_markup(markup)
        records.append({"id": f"{prefix}{i:03d}", "text": text, "spans": spans, "keep": keep,
                        "language": lang, "kind": kind})
    return records


def build_pii_records() -> list[dict]:
    return build_records("pii_gold_markup.yaml", "x")


def dumps(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------
class Errors(list):
    def add(self, where: str, msg: str) -> None:
        self.append(f"{where}: {msg}")


def read_jsonl(path: Path, errors: Errors) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                errors.add(f"{path.name}:{n}", "empty line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                errors.add(f"{path.name}:{n}", f"invalid JSON ({e})")
                continue
            if not isinstance(obj, dict):
                errors.add(f"{path.name}:{n}", "not a JSON object")
                continue
            rows.append(obj)
    return rows


def _check_common(rows, name, keys, id_re, errors: Errors):
    ids = Counter(r.get("id") for r in rows)
    for i, c in ids.items():
        if c > 1:
            errors.add(name, f"duplicate id {i}")
    texts = Counter(r.get("text") for r in rows)
    for t, c in texts.items():
        if c > 1:
            errors.add(name, f"duplicate text {t!r}")
    for r in rows:
        where = f"{name}:{r.get('id')}"
        if set(r) != set(keys):
            errors.add(where, f"keys {sorted(r)} != {sorted(keys)}")
        if not re.fullmatch(id_re, str(r.get("id"))):
            errors.add(where, "bad id format")
        t = r.get("text")
        if not isinstance(t, str) or not t.strip() or t != t.strip():
            errors.add(where, "text empty or has surrounding whitespace")


def validate_pii(rows, errors: Errors) -> None:
    _check_common(rows, "pii", ("id", "text", "spans", "keep", "language", "kind"), r"x\d{3}",
                  errors)
    for r in rows:
        where = f"pii:{r['id']}"
        text = r["text"]
        if r["language"] not in PII_LANGS:
            errors.add(where, f"language {r['language']!r}")
        prev_end = 0
        for s in r["spans"]:
            if set(s) != {"start", "end", "label", "text"}:
                errors.add(where, f"span keys {sorted(s)}")
                continue
            if s["label"] not in PII_LABELS:
                errors.add(where, f"label {s['label']!r}")
            if not (isinstance(s["start"], int) and isinstance(s["end"], int)
                    and 0 <= s["start"] < s["end"] <= len(text)):
                errors.add(where, f"bad offsets {s}")
                continue
            if text[s["start"]:s["end"]] != s["text"]:
                errors.add(where, f"offset mismatch: {text[s['start']:s['end']]!r} != "
                                  f"{s['text']!r}")
            if s["text"] != s["text"].strip():
                errors.add(where, f"span has surrounding whitespace: {s['text']!r}")
            if s["start"] < prev_end:
                errors.add(where, "spans overlap or are not sorted")
            prev_end = s["end"]
            digits = re.sub(r"\D", "", s["text"])
            if s["label"] == "FØDSELSNUMMER":
                if len(digits) != 11:
                    errors.add(where, "FØDSELSNUMMER must have 11 digits")
                ok = fnr_checksum_ok(s["text"])
                if (ok != (r["kind"] != "id_number_invalid_checksum")
                        and r["kind"].startswith("id_number")):
                    errors.add(where, f"checksum validity {ok} contradicts kind {r['kind']}")
            if s["label"] == "KONTONUMMER" and not s["text"].startswith("NO") and len(digits) != 11:
                errors.add(where, "KONTONUMMER must have 11 digits")
            if s["label"] == "E-POST" and not re.search(r"@|\(at\)", s["text"]):
                errors.add(where, "E-POST without @")
        for m in re.finditer(r"(?<!\d)\d(?:[ .-]?\d){10}(?!\d)", text):
            if fnr_possibly_issued(m.group()):
                errors.add(where, f"{m.group()!r} could be a real person's fødselsnummer")
        if not isinstance(r["keep"], list) or not all(isinstance(k, str) and k for k in r["keep"]):
            errors.add(where, "keep must be a list of non-empty strings")
            continue
        for k in r["keep"]:
            occ = [m.start() for m in re.finditer(re.escape(k), text)]
            if not occ:
                errors.add(where, f"keep string {k!r} not in text")
            for o in occ:
                for s in r["spans"]:
                    if o < s["end"] and s["start"] < o + len(k):
                        errors.add(where, f"keep string {k!r} overlaps span {s['text']!r}")
        if not r["spans"] and not r["keep"]:
            errors.add(where, "no-PII item needs at least one keep string")


def validate_proposals(rows, errors: Errors) -> None:
    _check_common(rows, "proposals", ("id", "text", "is_proposal", "language", "kind"),
                  r"p\d{3}", errors)
    for r in rows:
        where = f"proposals:{r['id']}"
        if r["language"] not in ("nb", "nn", "en"):
            errors.add(where, f"language {r['language']!r}")
        if r["kind"] not in PROPOSAL_KINDS:
            errors.add(where, f"kind {r['kind']!r}")
        if not isinstance(r["is_proposal"], bool):
            errors.add(where, "is_proposal must be a bool")
        elif r["is_proposal"] != (r["kind"] in POSITIVE_KINDS):
            errors.add(where, f"is_proposal={r['is_proposal']} contradicts kind {r['kind']}")


def validate_language(rows, errors: Errors) -> None:
    _check_common(rows, "language", ("id", "text", "language"), r"l\d{3}", errors)
    for r in rows:
        if r["language"] not in LANGUAGE_LABELS:
            errors.add(f"language:{r['id']}", f"language {r['language']!r}")


# A negative is "hard" if it carries a surface cue that a naive proposal detector would fire on:
# a modal/normative verb or a demand verb, or it is a question/reported speech/hypothetical.
HARD_CUE = re.compile(
    r"\b(bør|burde|må|måtte|skal|skulle|krev|krever|kreve|krevje|foreslår|føreslår|vil ha|"
    r"ønsker|ynskjer|"
    r"should|must|propose|demand|have to)\b", re.I)
HARD_KINDS = {"question", "reported_speech", "conditional_hypothetical"}


def is_hard_negative(r: dict) -> bool:
    return (not r["is_proposal"]) and (r["kind"] in HARD_KINDS or bool(HARD_CUE.search(r["text"])))


# ---------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------
def _table(title: str, counter: Counter, markdown: bool, header=("value", "count")) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
    if markdown:
        lines = [f"**{title}**", "", f"| {header[0]} | {header[1]} |", "| --- | ---: |"]
        lines += [f"| {k} | {v} |" for k, v in items]
        lines.append(f"| *total* | {sum(counter.values())} |")
        return "\n".join(lines) + "\n"
    lines = ([title] + [f"  {k!s:<28} {v:>5}" for k, v in items]
             + [f"  {'total':<28} {sum(counter.values()):>5}"])
    return "\n".join(lines) + "\n"


def summarise(pii, proposals, language, markdown: bool) -> str:
    out = []
    h = "### " if markdown else "== "
    # proposals
    out.append(f"{h}proposals.jsonl ({len(proposals)} segments)\n")
    out.append(_table("is_proposal", Counter(str(r["is_proposal"]).lower() for r in proposals),
                      markdown))
    out.append(_table("language", Counter(r["language"] for r in proposals), markdown))
    out.append(_table("kind", Counter(r["kind"] for r in proposals), markdown))
    out.append(_table("language × is_proposal",
                      Counter(f"{r['language']} / {str(r['is_proposal']).lower()}"
                              for r in proposals), markdown))
    neg = [r for r in proposals if not r["is_proposal"]]
    hard = [r for r in neg if is_hard_negative(r)]
    pos_share = 100 * (len(proposals) - len(neg)) / max(1, len(proposals))
    out.append(f"positives: {pos_share:.1f} %; hard negatives: {len(hard)} of {len(neg)} negatives "
               f"({100 * len(hard) / max(1, len(neg)):.1f} %)\n")
    # language
    out.append(f"\n{h}language.jsonl ({len(language)} texts)\n")
    out.append(_table("language", Counter(r["language"] for r in language), markdown))
    short = Counter(r["language"] for r in language if 3 <= len(r["text"].split()) <= 8)
    out.append(_table("very short texts (3–8 words) per language", short, markdown))
    out.append(f"very short share: {100 * sum(short.values()) / max(1, len(language)):.1f} %\n")
    # pii
    n_spans = sum(len(r["spans"]) for r in pii)
    out.append(f"\n{h}pii.jsonl ({len(pii)} texts, {n_spans} spans)\n")
    out.append(_table("span label", Counter(s["label"] for r in pii for s in r["spans"]), markdown))
    out.append(_table("language", Counter(r["language"] for r in pii), markdown))
    out.append(_table("kind", Counter(r["kind"] for r in pii), markdown))
    no_pii = [r for r in pii if not r["spans"]]
    fnr = [s for r in pii for s in r["spans"] if s["label"] == "FØDSELSNUMMER"]
    fnr_ok = sum(fnr_checksum_ok(s["text"]) for s in fnr)
    out.append(f"texts without PII (spans: []): {len(no_pii)}; texts with keep strings: "
               f"{sum(1 for r in pii if r['keep'])}; keep strings: "
               f"{sum(len(r['keep']) for r in pii)}\n")
    out.append(f"FØDSELSNUMMER spans: {len(fnr)} ({fnr_ok} checksum-valid, "
               f"{len(fnr) - fnr_ok} invalid)\n")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true",
                    help="do not write pii.jsonl; fail if it is stale")
    ap.add_argument("--markdown", action="store_true", help="print the summary as Markdown tables")
    args = ap.parse_args(argv)

    errors = Errors()
    built = build_pii_records()
    content = dumps(built)
    if args.check:
        if not PII_PATH.exists() or PII_PATH.read_text(encoding="utf-8") != content:
            errors.add("pii.jsonl", "out of date: run python -m innspill_data.pii_gold")
    else:
        EVAL_DIR.mkdir(parents=True, exist_ok=True)
        PII_PATH.write_text(content, encoding="utf-8")

    pii = read_jsonl(PII_PATH, errors) if PII_PATH.exists() else []
    proposals = read_jsonl(PROPOSALS_PATH, errors)
    language = read_jsonl(LANGUAGE_PATH, errors)
    validate_pii(pii, errors)
    validate_proposals(proposals, errors)
    validate_language(language, errors)

    print(summarise(pii, proposals, language, args.markdown))
    if errors:
        print(f"{len(errors)} validation error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK: all lines valid JSON, ids unique, offsets exact.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
