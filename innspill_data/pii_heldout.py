"""Build and validate the HELD-OUT personal-data (PII) test set, ``pii_heldout.jsonl``.

Why a second set?  ``pii.jsonl`` was used while the redaction rules were written and tuned, so
scores on it are optimistic.  This set was written afterwards by a different annotator session
**without looking at the redaction code** (nothing under ``pipeline/`` was read) and without
reusing names, numbers or sentences from ``pii.jsonl`` (checked by ``independence_report()``
below).  Use it only for final measurement; do not tune on it.

Same schema, labels and label definitions as ``pii.jsonl`` (see ``data/labels/eval/README.md``);
ids are ``h001, h002, ...`` in the order of the items in ``data/pii_heldout_markup.yaml``
(append, never reorder).

Markup (identical to :mod:`innspill_data.pii_gold`, whose builder and validator are used):

    [[LABEL|surface text]]   -> a PII span with that label (newlines allowed inside)
    <<surface text>>         -> text kept verbatim and added to the item's ``keep`` list

All people, numbers and addresses are invented.  Identity numbers can never be a real
person's:

* checksum-valid fødselsnumre / D-numre are generated with ``make_fnr`` in the individual-number
  range 750-899 with birth year 40-99, which Skatteetaten has never issued;
* the "synthetic" ones additionally use month + 80 (the convention of Skatteetaten's synthetic
  test population), so they are not real dates at all;
* the remaining ones have a deliberately broken control digit.
The privacy guard of :mod:`innspill_data.pii_gold` is applied to every 11-digit number in every
text.

Usage:
    python -m innspill_data.pii_heldout             # (re)write the file, validate, print counts
    python -m innspill_data.pii_heldout --check     # do not write; fail if it is stale/invalid
    python -m innspill_data.pii_heldout --markdown  # counts as Markdown tables
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter

from innspill_data.pii_gold import (
    EVAL_DIR,
    PII_PATH,
    Errors,
    _table,
    build_records,
    dumps,
    fnr_checksum_ok,
    read_jsonl,
    validate_pii,
)

HELDOUT_PATH = EVAL_DIR / "pii_heldout.jsonl"
KINDS = ("signature", "story", "contact", "id_number", "id_number_invalid_checksum",
         "bank_account", "address", "allowlist", "mixed", "no_pii")
ALLOWLISTED = ("Arild Grande", "Lars Raaum", "Ståle Grøtte", "arbeid@arbeiderpartiet.no")


# ---------------------------------------------------------------------------
# Build, validate, summarise
# ---------------------------------------------------------------------------
def validate(rows: list[dict]) -> Errors:
    """The gold validator (offsets, overlaps, keep strings, checksum vs kind, privacy guard)
    plus held-out specifics: 'h' ids, allowed kinds, allow-listed strings never inside spans."""
    errors = Errors()
    gold_errors = Errors()
    validate_pii(rows, gold_errors)
    # validate_pii expects x-ids; apply our own id format instead
    errors.extend(e.replace("pii:", "pii_heldout:", 1) for e in gold_errors
                  if not e.endswith("bad id format"))
    for r in rows:
        where = f"pii_heldout:{r['id']}"
        if not re.fullmatch(r"h\d{3}", r["id"]):
            errors.add(where, "bad id format (want hNNN)")
        if r["kind"] not in KINDS:
            errors.add(where, f"kind {r['kind']!r}")
        if r["kind"] == "no_pii" and r["spans"]:
            errors.add(where, "kind no_pii but has spans")
        if not r["spans"] and r["kind"] not in ("no_pii", "allowlist"):
            errors.add(where, "no spans but kind is not no_pii/allowlist")
        for s in r["spans"]:
            for a in ALLOWLISTED:
                if a in s["text"]:
                    errors.add(where, f"allow-listed {a!r} inside a span")
            if s["label"] == "FØDSELSNUMMER" and fnr_checksum_ok(s["text"]):
                d = re.sub(r"\D", "", s["text"])
                if not (750 <= int(d[6:9]) <= 899 and int(d[4:6]) >= 40):
                    errors.add(where, f"checksum-valid fnr {s['text']!r} outside never-issued "
                                      "range")
    return errors


def independence_report(rows: list[dict]) -> list[str]:
    """Overlap with the development set pii.jsonl: shared NAVN tokens, shared digit strings and
    shared sentences.  Returned as warnings (the brief allows shared organisation/law strings)."""
    if not PII_PATH.exists():
        return ["pii.jsonl not found; independence not checked"]
    dev = read_jsonl(PII_PATH, Errors())
    def name_tokens(rs):
        return {t.lower().rstrip("s") for r in rs for s in r["spans"] if s["label"] == "NAVN"
                for t in re.findall(r"\w+", s["text"]) if len(t) > 2}
    def numbers(rs):
        out = set()
        for r in rs:
            for s in r["spans"]:
                d = re.sub(r"\D", "", s["text"])
                if len(d) >= 5:
                    out.add(d[-8:])
        return out
    def sentences(rs):
        return {x.strip().lower() for r in rs for x in re.split(r"(?<=[.!?])\s+|\n", r["text"])
                if len(x.split()) >= 5}
    warnings = []
    shared_names = sorted(name_tokens(rows) & name_tokens(dev))
    if shared_names:
        warnings.append(f"NAVN tokens also in pii.jsonl: {', '.join(shared_names)}")
    shared_nums = sorted(numbers(rows) & numbers(dev))
    if shared_nums:
        warnings.append(f"span digit strings also in pii.jsonl: {', '.join(shared_nums)}")
    shared_sents = sorted(sentences(rows) & sentences(dev))
    if shared_sents:
        warnings.append(f"sentences also in pii.jsonl: {shared_sents}")
    return warnings


def summarise(rows: list[dict], markdown: bool) -> str:
    out = []
    n_spans = sum(len(r["spans"]) for r in rows)
    out.append(f"{'#### ' if markdown else '== '}pii_heldout.jsonl ({len(rows)} texts, "
               f"{n_spans} spans)\n")
    out.append(_table("span label", Counter(s["label"] for r in rows for s in r["spans"]),
                      markdown))
    out.append(_table("language", Counter(r["language"] for r in rows), markdown))
    out.append(_table("kind", Counter(r["kind"] for r in rows), markdown))
    out.append(_table("span label × language",
                      Counter(f"{s['label']} / {r['language']}" for r in rows
                              for s in r["spans"]), markdown))
    fnr = [s for r in rows for s in r["spans"] if s["label"] == "FØDSELSNUMMER"]
    ok = [s for s in fnr if fnr_checksum_ok(s["text"])]
    synth = [s for s in ok if int(re.sub(r"\D", "", s["text"])[2:4]) > 80]
    dnum = [s for s in fnr if int(re.sub(r"\D", "", s["text"])[0]) >= 4]
    no_pii = [r for r in rows if not r["spans"]]
    out.append(f"texts without PII: {len(no_pii)}; texts with keep strings: "
               f"{sum(1 for r in rows if r['keep'])}; "
               f"keep strings: {sum(len(r['keep']) for r in rows)}\n")
    out.append(f"FØDSELSNUMMER spans: {len(fnr)} ({len(ok)} checksum-valid of which "
               f"{len(synth)} synthetic month+80; {len(fnr) - len(ok)} invalid; "
               f"{len(dnum)} D-numre)\n")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true",
                    help="do not write; fail if pii_heldout.jsonl is stale")
    ap.add_argument("--markdown", action="store_true", help="print the summary as Markdown tables")
    args = ap.parse_args(argv)

    records = build_records("pii_heldout_markup.yaml", "h")
    content = dumps(records)
    errors = Errors()
    if args.check:
        if not HELDOUT_PATH.exists() or HELDOUT_PATH.read_text(encoding="utf-8") != content:
            errors.add("pii_heldout.jsonl", "out of date: run python -m innspill_data.pii_heldout")
    else:
        HELDOUT_PATH.write_text(content, encoding="utf-8")
    rows = read_jsonl(HELDOUT_PATH, errors) if HELDOUT_PATH.exists() else []
    errors.extend(validate(rows))

    print(summarise(rows, args.markdown))
    for w in independence_report(rows):
        print("independence warning: " + w)
    if errors:
        print(f"{len(errors)} validation error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK: valid JSON, ids unique, offsets exact, keep strings outside spans, "
          "no possibly-issued fnr.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
