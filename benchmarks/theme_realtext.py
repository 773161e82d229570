"""The theme tagger on text nobody tuned to: the test split, the independent set and real
off-topic sentences (NorNE held-out documents).

For each configuration prints per-theme precision / recall / F1 and macro-F1 at segment
and submission level on

- the ``test`` split of ``data/labels/eval/themes_*.jsonl``,
- the independent set ``themes_*_independent.jsonl`` (when present; never tuned on),

and the false-positive rate (share of sentences given any theme) on the held-out NorNE
documents (``../shared/data/norne``; split by a hash of the document name, never tuned on;
skipped when the folder is absent).

Configurations:

- ``params`` — the tagger exactly as ``params.yaml`` configures it, without the learned
  decision layer (the tagger before issue 15 when run on that commit);
- ``learned`` — the pipeline's tagger with the learned decision layer, trained as the
  ``tag`` stage trains it (committed training data, no NorNE);
- ``learned+norne`` — the same, plus NorNE *training* documents as extra negatives
  (a measurement of what real negatives add; the pipeline itself never reads ../shared).

Run from the project root::

    .venv/bin/python benchmarks/theme_realtext.py [--configs params learned] [--heldout 3000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.config import load_params
from pipeline.tag import build_tagger, realtext
from pipeline.tag.evaluate import (
    TextPreparer,
    evaluate,
    load_eval_data,
    load_independent_data,
    realtext_fpr,
)

ROOT = Path(__file__).resolve().parent.parent


def _theme_rows(result: dict, level: str) -> list[str]:
    part = result[level]
    rows = [f"| {tid} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
            for tid, v in part["per_theme"].items()]
    rows.append(f"| **macro** | {part['macro_precision']:.3f} | {part['macro_recall']:.3f} | "
                f"**{part['macro_f1']:.3f}** | n={part['n']}, off-topic FPR "
                f"{part['off_topic_fpr']:.3f} |")
    return rows


def _table(title: str, result: dict) -> list[str]:
    out = [f"#### {title}", ""]
    for level in ("submissions", "segments"):
        out += [f"{level}:", "", "| theme | precision | recall | F1 | support |",
                "|---|---|---|---|---|", *_theme_rows(result, level), ""]
    return out


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", nargs="+", default=["params", "learned", "learned+norne"])
    parser.add_argument("--heldout", type=int, default=3000,
                        help="NorNE held-out sentences sampled (both languages evenly)")
    parser.add_argument("--train-negatives", type=int, default=3000,
                        help="NorNE training sentences for learned+norne")
    parser.add_argument("--out", default=None, help="also write the Markdown here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    params = load_params(ROOT / "params.yaml")
    preparer = TextPreparer(params.prepare.model, params.prepare.min_segment_chars,
                            params.prepare.max_segment_chars, params.prepare.batch_size)
    base = build_tagger(params)
    directory = params.paths.labels / "eval"
    data = load_eval_data(directory, base, preparer, params)
    independent = load_independent_data(directory, base, preparer, params)
    norne = realtext.read_norne(labels=realtext.read_labels())
    heldout = realtext.sample(norne[norne["split"] == "heldout"], args.heldout, params.seed)
    heldout_evidence = None
    if len(heldout):
        heldout = heldout.assign(lemmas=preparer.lemmatize(heldout["text_redacted"].tolist()))
        heldout_evidence = base.evidence(heldout)
    lines = ["# Theme tagger on text nobody tuned to", ""]
    lines.append(
        f"Test split: {len(data.split('test').segments)} segments, "
        f"{len(data.split('test').submissions)} submissions. Independent set: "
        + (f"{len(independent.segments)} segments, {len(independent.submissions)} submissions."
           if independent is not None else "absent.")
        + f" NorNE held-out: {len(heldout)} sentences"
        + (f" ({(heldout['language'] == 'nb').sum()} bokmål, {(heldout['language'] == 'nn').sum()}"
           f" nynorsk) from {heldout['file'].nunique()} files" if len(heldout) else " (absent)")
        + ".")
    lines.append("")
    summary = ["| configuration | test sub. macro-F1 | test seg. macro-F1 | indep. sub. macro-F1 "
               "| indep. seg. macro-F1 | NorNE held-out FPR (nb / nn) |",
               "|---|---|---|---|---|---|"]
    details: list[str] = []
    for name in args.configs:
        if name == "params":
            tagger = build_tagger(params)
        else:
            from pipeline.tag.training import train_decision_layer

            tagger = build_tagger(params)
            negatives = None
            if name == "learned+norne":
                train = realtext.sample(norne[norne["split"] == "train"], args.train_negatives,
                                        params.seed)
                if len(train):
                    negatives = train.assign(
                        lemmas=preparer.lemmatize(train["text_redacted"].tolist()))
            train_decision_layer(tagger, params, extra_negatives=negatives)
        test = evaluate(tagger, data.split("test"))
        indep = evaluate(tagger, independent) if independent is not None else None
        fpr = realtext_fpr(tagger, heldout_evidence, heldout) if heldout_evidence else None
        fpr_text = ("–" if fpr is None
                    else f"{fpr['all']:.3f} ({fpr['nb']:.3f} / {fpr['nn']:.3f})")
        summary.append(
            f"| {name} | {test['submissions']['macro_f1']:.3f} | {test['segments']['macro_f1']:.3f}"
            f" | {'–' if indep is None else format(indep['submissions']['macro_f1'], '.3f')}"
            f" | {'–' if indep is None else format(indep['segments']['macro_f1'], '.3f')}"
            f" | {fpr_text} |")
        print(summary[-1], file=sys.stderr, flush=True)
        details += [f"### {name}", ""] + _table("test split", test)
        if indep is not None:
            details += _table("independent set", indep)
        if fpr is not None:
            per_theme = ", ".join(f"{t} {v:.3f}" for t, v in fpr["per_theme"].items())
            details += [f"NorNE held-out: {fpr['n_tagged']} of {fpr['n']} sentences tagged; "
                        f"per theme {per_theme}", ""]
    lines += summary + [""] + details
    lines.append(f"Generated by `benchmarks/theme_realtext.py` in "
                 f"{time.perf_counter() - started:.0f} s (seed {params.seed}).")
    text = "\n".join(lines) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    print(main())
