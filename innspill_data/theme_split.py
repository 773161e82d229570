"""Assign a deterministic tune/test split to the theme-tagger gold sets and print their counts.

Reads ``data/labels/eval/themes_segments.jsonl`` and ``themes_submissions.jsonl``, validates
every record against the taxonomy (``pipeline/taxonomy/arbeidsliv.yaml``), and rewrites the
``split`` field. The split is stratified by ``(kind, language)``: inside each stratum the
records are grouped by their theme set, ordered by ``sha256(f"{seed}:{id}")`` within a group,
and dealt alternately to ``tune`` and ``test``, so each stratum and each theme set is halved;
the odd record of an odd-sized stratum alternates between the two so the totals stay close
to 50/50. The result depends only on the seed and the ids, never on the current
``split`` value or the line order, so running it again changes nothing.

Usage::

    python -m innspill_data.theme_split             # rewrite splits, print counts
    python -m innspill_data.theme_split --check     # exit 1 if a file is invalid or stale
    python -m innspill_data.theme_split --markdown  # counts as Markdown tables (for README)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from innspill_data import ROOT

TAXONOMY = ROOT / "pipeline" / "taxonomy" / "arbeidsliv.yaml"
EVAL_DIR = ROOT / "data" / "labels" / "eval"
FILES = {
    "segments": EVAL_DIR / "themes_segments.jsonl",
    "submissions": EVAL_DIR / "themes_submissions.jsonl",
}
DEFAULT_SEED = 20240611
KINDS = ("on_topic", "multi_theme", "off_topic", "hard_negative")
LANGUAGES = ("nb", "nn", "en")
SPLITS = ("tune", "test")
KEY_ORDER = ("id", "text", "themes", "question_id", "question_ids", "language", "kind", "split")


def load_taxonomy(path: Path = TAXONOMY) -> tuple[list[str], dict[str, str]]:
    """Return theme ids (in taxonomy order) and a map question id -> theme id."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    theme_ids = [t["id"] for t in data["themes"]]
    questions = {q["id"]: t["id"] for t in data["themes"] for q in t["questions"]}
    return theme_ids, questions


def read_jsonl(path: Path) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{lineno}: invalid JSON: {exc}") from exc
    return records


def validate(
    name: str, records: list[dict], theme_ids: list[str], questions: dict[str, str]
) -> list[str]:
    """Return a list of human-readable problems (empty when the file is valid)."""
    errors: list[str] = []
    qkey = "question_id" if name == "segments" else "question_ids"
    seen: set[str] = set()
    for rec in records:
        rid = rec.get("id", "<no id>")
        where = f"{name}:{rid}"
        if rid in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(rid)
        if not isinstance(rec.get("text"), str) or not rec["text"].strip():
            errors.append(f"{where}: empty text")
        themes = rec.get("themes")
        if not isinstance(themes, list) or len(set(themes)) != len(themes or []):
            errors.append(f"{where}: themes must be a list without duplicates")
            themes = []
        for theme in themes:
            if theme not in theme_ids:
                errors.append(f"{where}: unknown theme {theme!r}")
        if rec.get("language") not in LANGUAGES:
            errors.append(f"{where}: language must be one of {LANGUAGES}")
        kind = rec.get("kind")
        if kind not in KINDS:
            errors.append(f"{where}: kind must be one of {KINDS}")
        elif kind in ("off_topic", "hard_negative") and themes:
            errors.append(f"{where}: {kind} must have themes []")
        elif kind == "on_topic" and len(themes) != 1:
            errors.append(f"{where}: on_topic must have exactly one theme")
        elif kind == "multi_theme" and len(themes) < 2:
            errors.append(f"{where}: multi_theme must have at least two themes")
        if qkey not in rec:
            errors.append(f"{where}: missing {qkey}")
            continue
        qids = rec[qkey] if name == "submissions" else [rec[qkey]] if rec[qkey] else []
        if name == "submissions" and not isinstance(rec[qkey], list):
            errors.append(f"{where}: question_ids must be a list")
            continue
        for qid in qids:
            if qid not in questions:
                errors.append(f"{where}: unknown question id {qid!r}")
            elif questions[qid] not in themes:
                errors.append(f"{where}: question {qid} belongs to {questions[qid]}, not in themes")
        if not themes and qids:
            errors.append(f"{where}: off-topic record with question ids")
    return errors


def _rank(seed: int, rid: str) -> str:
    return hashlib.sha256(f"{seed}:{rid}".encode()).hexdigest()


def assign_splits(records: list[dict], seed: int) -> dict[str, str]:
    """Map id -> split, stratified by (kind, language), independent of record order."""
    strata: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for rec in records:
        strata[(rec["kind"], rec["language"])].append((tuple(sorted(rec["themes"])), rec["id"]))
    result: dict[str, str] = {}
    start_with_tune = True
    for key in sorted(strata):
        # Group by theme set, shuffle by seeded hash inside a group, then deal the records
        # alternately to tune and test: each stratum (and each theme set in it) is split in half.
        members = sorted(strata[key], key=lambda m: (m[0], _rank(seed, m[1])))
        first, second = ("tune", "test") if start_with_tune else ("test", "tune")
        for i, (_, rid) in enumerate(members):
            result[rid] = first if i % 2 == 0 else second
        if len(members) % 2:
            start_with_tune = not start_with_tune
    return result


def dump_jsonl(records: list[dict]) -> str:
    lines = []
    for rec in records:
        ordered = {k: rec[k] for k in KEY_ORDER if k in rec}
        ordered.update({k: v for k, v in rec.items() if k not in ordered})
        lines.append(json.dumps(ordered, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def counts(records: list[dict]) -> dict[str, Counter]:
    c: dict[str, Counter] = {"theme": Counter(), "language": Counter(), "kind": Counter()}
    for rec in records:
        split = rec["split"]
        for theme in rec["themes"] or ["(none)"]:
            c["theme"][(theme, split)] += 1
        c["language"][(rec["language"], split)] += 1
        c["kind"][(rec["kind"], split)] += 1
    return c


def render(name: str, records: list[dict], theme_ids: list[str], markdown: bool) -> str:
    c = counts(records)
    rows_by_dim = {
        "theme": [*theme_ids, "(none)"],
        "language": list(LANGUAGES),
        "kind": list(KINDS),
    }
    n = len(records)
    n_multi = sum(len(r["themes"]) >= 2 for r in records)
    n_off = sum(not r["themes"] for r in records)
    out: list[str] = []
    header = (
        f"{name}: {n} records; multi-theme {n_multi} ({n_multi / n:.0%}), "
        f"off-topic {n_off} ({n_off / n:.0%})"
    )
    out.append(f"**{header}**\n" if markdown else header)
    for dim, rows in rows_by_dim.items():
        if markdown:
            out.append(f"| {dim} | tune | test | total |")
            out.append("|---|---:|---:|---:|")
        else:
            out.append(f"  {dim:<24} {'tune':>5} {'test':>5} {'total':>6}")
        for row in rows:
            tune, test = c[dim][(row, "tune")], c[dim][(row, "test")]
            if markdown:
                out.append(f"| {row} | {tune} | {test} | {tune + test} |")
            else:
                out.append(f"  {row:<24} {tune:>5} {test:>5} {tune + test:>6}")
        out.append("")
    tune = sum(r["split"] == "tune" for r in records)
    line = f"split total: tune {tune}, test {n - tune}"
    out.append(f"{line}\n" if markdown else f"  {line}\n")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--check", action="store_true", help="validate and fail if a file would change"
    )
    parser.add_argument("--markdown", action="store_true", help="print counts as Markdown")
    args = parser.parse_args(argv)

    theme_ids, questions = load_taxonomy()
    all_errors: list[str] = []
    all_ids: Counter = Counter()
    stale: list[str] = []
    reports: list[str] = []
    for name, path in FILES.items():
        records = read_jsonl(path)
        all_errors += validate(name, records, theme_ids, questions)
        all_ids.update(r.get("id") for r in records)
        if all_errors:
            continue
        splits = assign_splits(records, args.seed)
        for rec in records:
            rec["split"] = splits[rec["id"]]
        new_text = dump_jsonl(records)
        if path.read_text(encoding="utf-8") != new_text:
            if args.check:
                stale.append(str(path.relative_to(ROOT)))
            else:
                path.write_text(new_text, encoding="utf-8")
        reports.append(render(name, records, theme_ids, args.markdown))
    all_errors += [f"id {rid!r} used in both files" for rid, n in all_ids.items() if n > 1]
    if all_errors:
        print("\n".join(all_errors), file=sys.stderr)
        return 1
    print("\n".join(reports))
    if stale:
        print("split field out of date (run without --check): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
