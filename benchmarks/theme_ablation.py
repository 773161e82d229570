"""Ablation of the theme tagger: lexicon only, embeddings only, combined, + classifier,
the learned decision layer (with and without the working-life angle, with and without the
embedding as a feature), and the combined tagger without term tiers (weak terms) or
without the taxonomy's zero-shot anchors (theme paraphrases and off-topic anchors).

Each configuration is tuned on the ``tune`` split and scored on the ``test`` split of
``data/labels/eval/themes_*.jsonl`` with the evaluation stage's own code
(:mod:`pipeline.tag.evaluate`). Prints a Markdown table and writes it to
``benchmarks/theme_ablation.md``.

Run from the project root::

    .venv/bin/python benchmarks/theme_ablation.py
"""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.config import load_params
from pipeline.tag import build_tagger
from pipeline.tag.evaluate import (
    TextPreparer,
    evaluate,
    load_eval_data,
    load_independent_data,
    realtext_fpr,
    realtext_heldout,
    tune,
)
from pipeline.tag.training import train_decision_layer

ROOT = Path(__file__).resolve().parent.parent

REAL: dict = {}
"""NorNE held-out sentences and their evidence (filled in by :func:`main`)."""


def _row(name: str, result: dict, chosen: dict, tagger=None, independent=None) -> str:
    seg, sub = result["segments"], result["submissions"]
    per_theme = " / ".join(f"{v['f1']:.2f}" for v in sub["per_theme"].values())
    qa = seg["question_accuracy"]
    indep = "–"
    if tagger is not None and independent is not None:
        indep = f"{evaluate(tagger, independent)['submissions']['macro_f1']:.3f}"
    real = "–"
    if tagger is not None and REAL.get("evidence") is not None:
        real = f"{realtext_fpr(tagger, REAL['evidence'], REAL['sentences'])['all']:.3f}"
    weights = (f"{chosen.get('lexicon_weight', '')}/{chosen.get('embedding_weight', '')}"
               if chosen else "learned")
    return (f"| {name} | {seg['macro_f1']:.3f} | {sub['macro_f1']:.3f} | {per_theme} | "
            f"{seg['off_topic_fpr']:.3f} | {sub['off_topic_fpr']:.3f} | "
            f"{'–' if qa is None else f'{qa:.2f}'} | {indep} | {real} | {weights} |")


def _without_anchors(taxonomy):
    """The taxonomy without theme paraphrase anchors and off-topic anchors (defaults)."""
    data = taxonomy.model_dump()
    data["off_topic"] = []
    for theme in data["themes"]:
        theme["anchors"] = []
    return type(taxonomy).model_validate(data)


def main() -> str:
    """Run the ablation and return the Markdown table."""
    started = time.perf_counter()
    params = load_params(ROOT / "params.yaml")
    base = build_tagger(params)
    preparer = TextPreparer(params.prepare.model, params.prepare.min_segment_chars,
                            params.prepare.max_segment_chars, params.prepare.batch_size)
    data = load_eval_data(params.paths.labels / "eval", base, preparer, params)
    independent = load_independent_data(params.paths.labels / "eval", base, preparer, params)
    tune_part, test_part = data.split("tune"), data.split("test")
    REAL["sentences"], REAL["evidence"] = realtext_heldout(base, preparer, params.seed)

    configs = {
        "lexicon only": (base.with_params(lexicon_weight=1.0, embedding_weight=0.0), None),
        "embeddings only (zero-shot)": (base.with_params(lexicon_weight=0.0, embedding_weight=1.0),
                                        None),
        "lexicon + embeddings (pipeline)": (base, (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)),
    }
    rows = []
    for name, (tagger, weights) in configs.items():
        tuned, chosen = tune(tagger, tune_part, lexicon_weights=weights)
        rows.append(_row(name, evaluate(tuned, test_part), chosen, tuned, independent))
        if name.startswith("lexicon + embeddings"):
            combined = tuned
    # Supervised evidence: a classifier trained on the tune split's segment labels
    # (a stand-in for analysts' labels in data/labels/), blended in, thresholds re-tuned.
    supervised = combined.with_params(classifier_weight=params.tag.classifier_weight)
    supervised.fit(tune_part.segments, tune_part.segment_gold,
                   evidence=tune_part.segment_evidence)
    tuned, chosen = tune(supervised, tune_part, lexicon_weights=None,
                         offsets=(supervised.embedding_offset,))
    rows.append(_row("+ classifier (trained on tune split)", evaluate(tuned, test_part), chosen,
                     tuned, independent))

    # The learned decision layer as the tag stage trains it (tune split, no NorNE), and
    # the same without the working-life angle (angle_damping = 1).
    for name, changes in (("learned decision layer (pipeline)", {}),
                          ("learned layer without the working-life angle",
                           {"angle_damping": 1.0})):
        learned = build_tagger(params).with_params(**changes)
        train_decision_layer(learned, params, preparer=preparer)
        rows.append(_row(name, evaluate(learned, test_part), {}, learned, independent))

    # Design choices of the combined tagger, each removed in turn (evidence recomputed).
    variants = {
        "combined without term tiers (weak terms count fully)":
            build_tagger(params).with_params(weak_term_factor=1.0),
        "combined without theme/off-topic anchors":
            build_tagger(params, _without_anchors(base.taxonomy)),
    }
    for name, tagger in variants.items():
        if tagger.weak_term_factor == 1.0:
            tagger.lexicon.weak_factor = 1.0
        variant = load_eval_data(params.paths.labels / "eval", tagger, preparer, params)
        tuned, chosen = tune(tagger, variant.split("tune"))
        rows.append(_row(name, evaluate(tuned, variant.split("test")), chosen))

    theme_names = " / ".join(base.theme_ids)
    header = (
        "| configuration | segment macro-F1 | submission macro-F1 | submission F1 per theme "
        f"({theme_names}) | segment off-topic FPR | submission off-topic FPR | question acc. "
        "| independent submission macro-F1 | NorNE held-out FPR | weights lex/emb |"
        "\n|---|---|---|---|---|---|---|---|---|---|"
    )
    table = "\n".join([
        "# Theme tagger ablation",
        "",
        f"Test split: {len(test_part.segments)} segments, {len(test_part.submissions)} "
        f"submissions; each configuration tuned on the tune split "
        f"({len(tune_part.segments)} segments, {len(tune_part.submissions)} submissions). "
        f"Embedder: {base.cache.embedder.name}; NLP: {preparer.backend}. Tuning maximises "
        "segment + submission macro-F1 with a penalty when the tune split's submission "
        "off-topic FPR exceeds 8 %. The learned layer is trained as the tag stage trains it "
        "(tune split, the training files of `tag.decision`, analysts' labels; thresholds "
        "under its precision constraint). The "
        "independent set and NorNE held-out sentences are only measured, never tuned on "
        f"({len(REAL['sentences'])} NorNE sentences; – where absent).",
        "",
        header,
        *rows,
        "",
        f"Generated by `benchmarks/theme_ablation.py` in {time.perf_counter() - started:.0f} s.",
        "",
    ])
    (ROOT / "benchmarks" / "theme_ablation.md").write_text(table, encoding="utf-8")
    return table


if __name__ == "__main__":
    print(main())
