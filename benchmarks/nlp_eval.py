"""Print the prepare-stage evaluation as tables, for both NLP backends.

    python benchmarks/nlp_eval.py [--params params.yaml] [--errors] [--norne-labels CSV]

Uses exactly the functions of ``pipeline/prepare/evaluate.py`` (``evaluate_all``), so the
figures are the ones ``dvc repro eval_prepare`` writes to ``data/metrics/eval_prepare.json``.
``--errors`` also lists the proposal errors on the *tune* split and PII misses / false
positives (never the proposal test split: that is what keeps the test figures honest).

Proposal detection is printed for the rules and the classifier on the old test split and
on the held-out half of the independent set and, when the NorNE labels
(``--norne-labels``, columns ``folder,file,sentence_index,themes,is_proposal``) and
``../shared/data/norne/`` exist, on real prose: the NorNE files whose hash puts them in the
*test* half (:func:`pipeline.prepare.evaluate.split_of` of ``folder/file``). NorNE is read
here only; nothing from it is stored or trained on.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.config import load_params
from pipeline.prepare.evaluate import (
    EVAL_DIR,
    evaluate_all,
    evaluate_pii,
    evaluate_proposal_methods,
    evaluate_proposals,
    load_jsonl,
    split_of,
)
from pipeline.redact import keep_names
from pipeline.spacy_backend import BLANK_BACKEND, load_backend

ROOT = Path(__file__).resolve().parents[1]
NORNE_DIR = ROOT.parent / "shared" / "data" / "norne"
NORNE_LABELS = ROOT.parent / "indep" / "norne" / "norne_labels.csv"


def _f(x) -> str:
    return "  –  " if x is None or x != x else f"{x:5.3f}"


def norne_records(labels_csv: Path, norne_dir: Path = NORNE_DIR) -> list[dict]:
    """Labelled NorNE sentences of the held-out half (by file hash), ``[]`` when absent."""
    import csv

    if not Path(labels_csv).exists() or not norne_dir.exists():
        return []
    wanted: dict[tuple[str, str], dict[int, bool]] = {}
    with open(labels_csv, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if split_of(f"{row['folder']}/{row['file']}") != "test":
                continue
            label = str(row["is_proposal"]).strip().lower() in ("1", "true", "yes", "ja")
            wanted.setdefault((row["folder"], row["file"]), {})[int(row["sentence_index"])] = label
    out = []
    for (folder, name), labels in sorted(wanted.items()):
        path = norne_dir / folder / name
        if not path.exists():
            continue
        for k, sentence in enumerate(_conll_sentences(path)):
            if k in labels:
                out.append({"id": f"{folder}/{name}#{k}", "text": sentence,
                            "is_proposal": labels[k],
                            "language": "nn" if folder == "nno" else "nb"})
    return out


def _conll_sentences(path: Path) -> list[str]:
    """Running text of each sentence of a CoNLL file (forms joined, no space before
    punctuation)."""
    import re

    sentences, forms = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if forms:
                text = " ".join(forms)
                sentences.append(re.sub(r" ([.,:;!?)»])", r"\1", text).replace("« ", "«"))
                forms = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) > 1:
            forms.append(cols[1])
    return sentences


def print_proposal_methods(block: dict) -> None:
    """Rules vs classifier, P/R/F1 per set and language."""
    print("Proposals, rules vs classifier")
    print(f"  {'set':<12} {'lang':<5} {'n':>4}  {'rules P':>7} {'R':>6} {'F1':>6}"
          f"   {'clf P':>6} {'R':>6} {'F1':>6}")
    rules, clf = block["rules"], block["classifier"]
    for name in rules:
        rows = [("all", rules[name]["overall"], clf[name]["overall"], rules[name]["n"])]
        rows += [(lang, v, clf[name]["per_language"][lang], v["tp"] + v["fn"])
                 for lang, v in rules[name]["per_language"].items()]
        for lang, r, c, n in rows:
            print(f"  {name:<12} {lang:<5} {n:>4}  {_f(r['precision']):>7} {_f(r['recall']):>6}"
                  f" {_f(r['f1']):>6}   {_f(c['precision']):>6} {_f(c['recall']):>6}"
                  f" {_f(c['f1']):>6}")
    print("  (n: all = sentences, per language = gold proposals)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--norne-labels", type=Path, default=NORNE_LABELS)
    args = ap.parse_args()
    params = load_params(args.params)
    eval_dir = params.paths.labels / "eval"
    t0 = time.perf_counter()
    m = evaluate_all(params, eval_dir)
    print(f"(evaluated in {time.perf_counter() - t0:.1f} s)\n")

    if "language" in m:
        print("## Language identification (accuracy / macro-F1; per-class F1 on test)")
        print(
            f"{'method':<10} {'acc all':>7} {'acc tune':>8} {'acc test':>8} {'mF1 test':>8}"
            f" {'nb':>6} {'nn':>6} {'en':>6} {'other':>6}"
        )
        for method, parts in m["language"].items():
            test = parts["test"]
            pc = {k: v["f1"] for k, v in test["per_class"].items()}
            print(
                f"{method:<10} {_f(parts['all']['accuracy']):>7} {_f(parts['tune']['accuracy']):>8}"
                f" {_f(test['accuracy']):>8} {_f(test['macro_f1']):>8}"
                + "".join(f" {_f(pc.get(c)):>6}" for c in ("nb", "nn", "en", "other"))
            )
        print(f"(stage uses: {m['language_method']})\n")

    for key in ("model", "blank"):
        block = m.get(key)
        if not block:
            continue
        print(f"## Backend {key}: {block['backend']}")
        if "proposals" in block:
            print("Proposals         split    n     P      R      F1")
            for split in ("tune", "test"):
                b = block["proposals"][split]
                o = b["overall"]
                print(
                    f"  overall         {split:<5} {b['n']:>4}  {_f(o['precision'])}  "
                    f"{_f(o['recall'])}  {_f(o['f1'])}"
                )
                if split == "test":
                    for lang, v in b["per_language"].items():
                        n = v["tp"] + v["fp"] + v["fn"]
                        print(
                            f"    {lang:<13} {split:<5} {n:>4}* {_f(v['precision'])}  "
                            f"{_f(v['recall'])}  {_f(v['f1'])}"
                        )
                    print(f"    errors by kind (test): {b['errors_by_kind']}")
            print("  (* = tp+fp+fn)")
        if "proposal_methods" in block:
            methods = block["proposal_methods"]
            norne = norne_records(args.norne_labels)
            if norne:
                model = params.prepare.model if key == "model" else BLANK_BACKEND
                extra = evaluate_proposal_methods({"norne_test": norne}, load_backend(model),
                                                  params)
                for method in methods:
                    methods[method].update(extra[method])
            else:
                print("  (NorNE: labels or ../shared/data/norne absent, skipped)")
            print_proposal_methods(methods)
        for pii_key, title in (("pii", "development set"), ("pii_heldout", "held-out set")):
            if pii_key not in block:
                continue
            p = block[pii_key]
            print(f"PII, {title} ({p['n_texts']} texts)")
            print(f"  {'type':<15} {'n':>4} {'recall':>7} {'typed':>7} {'prec':>7}")
            for t, v in p["per_type"].items():
                print(
                    f"  {t:<15} {v['n_gold']:>4} {_f(v['recall']):>7} {_f(v['recall_typed']):>7}"
                    f" {_f(v['precision']):>7}"
                )
            o = p["overall"]
            print(
                f"  {'overall':<15} {o['n_gold']:>4} {_f(o['recall']):>7} "
                f"{_f(o['recall_typed']):>7}"
                f" {_f(o['precision']):>7}"
            )
            print(
                f"  keep strings wrongly redacted: {p['keep']['wrongly_redacted']} of "
                f"{p['keep']['checked']}"
            )
        print()

    if args.errors:
        keep = keep_names(params)
        for model in (params.prepare.model, BLANK_BACKEND):
            backend = load_backend(model)
            print(f"## Errors, {backend.name}")
            props = load_jsonl(eval_dir / "proposals.jsonl") or load_jsonl(
                EVAL_DIR / "proposals.jsonl"
            )
            for e in evaluate_proposals(props, backend)["errors_tune"]:
                print(f"  proposal(tune) gold={e['gold']!s:<5} rule={e['rule']!r:<18} {e['text']}")
            pii = evaluate_pii(load_jsonl(eval_dir / "pii.jsonl"), backend, keep)
            for kind, rows in pii["examples"].items():
                for r in rows:
                    print(f"  pii {kind:<15} {r}")


if __name__ == "__main__":
    main()
