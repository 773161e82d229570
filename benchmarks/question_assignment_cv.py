"""Leave-one-writer-out cross-validation of how the answer stage assigns questions.

    python benchmarks/question_assignment_cv.py [--out benchmarks/question_assignment_cv.md]

How ``answer.question`` in ``params.yaml`` was chosen without looking at the independent
sets: the rows of ``answer.question.calibration_files`` are grouped by writer (the
project's own sets, and each set ``*_c<N>.jsonl`` written by someone who saw only the
booklet). Each setting is fitted on all writers but one, exactly as the answer stage fits
it (the rule's threshold and margin on the other writers' out-of-writer probabilities),
and measured on the writer left out: precision and recall over (segment, question) pairs.
The first row is the rule on the tag stage's scores alone, as shipped before the question
model. Reads the tag stage's ``question_scores_labelled.parquet`` (run ``dvc repro tag``
first); the independent sets are never read here.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import tables
from pipeline.answer.assign import calibrate, pair_scores, score_matrix
from pipeline.answer.labels import read_sets
from pipeline.answer.question_model import QuestionClassifier, out_of_group_proba
from pipeline.config import load_params
from pipeline.taxonomy import load_taxonomy

TAG_SCORES_ONLY = None
"""The setting «the tag stage's scores with a calibrated threshold» (before the model)."""
BEFORE_MIN_PRECISION = 0.8
"""The precision constraint shipped with the threshold on the tag stage's scores."""

Setting = tuple[float, float, float]
"""(C, score_weight, min_precision) of the question model and its rule."""

# name -> setting, or TAG_SCORES_ONLY
SETTINGS: dict[str, Setting | None] = {
    "taggerens skårer + terskel (før)": TAG_SCORES_ONLY,
    "modell, n-gram alene, C 10": (10.0, 0.0, 0.8),
    "modell + taggerens skårer, C 3": (3.0, 1.0, 0.8),
    "modell + taggerens skårer, C 10": (10.0, 1.0, 0.8),
    "modell + taggerens skårer, C 30": (30.0, 1.0, 0.8),
    "modell + taggerens skårer x3, C 10": (10.0, 3.0, 0.8),
    "modell + taggerens skårer x3, C 30": (30.0, 3.0, 0.8),
    "modell + taggerens skårer x3, C 100": (100.0, 3.0, 0.8),
    "modell + taggerens skårer x5, C 30": (30.0, 5.0, 0.8),
    "x3, C 100, presisjonskrav 0.85": (100.0, 3.0, 0.85),
    "x3, C 100, presisjonskrav 0.9": (100.0, 3.0, 0.9),
}


def fit_and_predict(setting: Setting | None, question_ids: Sequence[str],
                    train: pd.DataFrame, train_scores: np.ndarray, test: pd.DataFrame,
                    test_scores: np.ndarray, *, seed: int) -> list[list[str]]:
    """The questions assigned to ``test``'s rows by ``setting`` fitted on ``train``."""
    groups = train["gold_groups"].tolist()
    if setting is TAG_SCORES_ONLY:
        rule, _ = calibrate(train_scores, question_ids, groups,
                            min_precision=BEFORE_MIN_PRECISION)
        return rule.assign(test_scores, question_ids)
    c, weight, min_precision = setting
    answered = [[q for g in gs for q in g] for gs in groups]
    model = QuestionClassifier(question_ids, C=c, score_weight=weight, seed=seed)
    held_out = out_of_group_proba(model, train["text"].tolist(), train_scores, answered,
                                  train["writer"].tolist())
    rule, _ = calibrate(held_out, question_ids, groups, min_precision=min_precision)
    model.fit(train["text"].tolist(), train_scores, answered)
    return rule.assign(model.predict_proba(test["text"].tolist(), test_scores), question_ids)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="benchmarks/question_assignment_cv.md")
    args = parser.parse_args(argv)
    params = load_params()
    taxonomy = load_taxonomy(params.taxonomy)
    qids = list(taxonomy.question_ids)
    question = params.answer.question
    rows = read_sets(Path(params.paths.labels), question.calibration_files, taxonomy,
                     params.answer.booklet_questions)
    long = tables.read_table(params.paths.processed, tables.LABELLED_QUESTION_SCORES)
    scores = np.zeros((len(rows), len(qids)))
    for source, group in rows.groupby("source", sort=False):
        scores[group.index.to_numpy()] = score_matrix(long, str(source), group["id"].tolist(),
                                                      qids)
    writers = list(dict.fromkeys(rows["writer"]))
    settings = {**SETTINGS, f"params.yaml: C {question.C:g}, skårvekt {question.score_weight:g}, "
                f"presisjonskrav {question.min_precision:g}":
                (question.C, question.score_weight, question.min_precision)}
    started = time.perf_counter()
    lines = ["# Spørsmålstilordning: kryssvalidering med én skriver holdt utenfor", "",
             "Kommando: `python benchmarks/question_assignment_cv.py` (etter `dvc repro tag`). "
             "Hver innstilling tilpasses på alle skrivere unntatt én, slik answer-steget gjør "
             "det (terskel og margin: best F1 blant reglene med presisjon ≥ presisjonskravet "
             "(0.8 der ikke annet står) på de andre skrivernes sannsynligheter utenfor egen "
             "skriver), og måles på den som er holdt "
             "utenfor: presisjon / treff / F1 over par (segment, spørsmål), og andelen "
             "segmenter som ikke svarer på noe, men fikk et spørsmål. De uavhengige "
             "settene leses ikke.", "",
             "| innstilling | " + " | ".join(f"{w} (n={int((rows['writer'] == w).sum())})"
                                         for w in writers)
             + " | snitt F1 | samlet P / T | ikke-svar med spørsmål |",
             "|---|" + "---|" * (len(writers) + 3)]
    for name, setting in settings.items():
        cells, f1s = [], []
        predicted: list[list[str]] = [[] for _ in range(len(rows))]
        for held in writers:
            is_test = (rows["writer"] == held).to_numpy()
            train = rows[~is_test].reset_index(drop=True)
            test = rows[is_test].reset_index(drop=True)
            found = fit_and_predict(setting, qids, train, scores[~is_test], test,
                                    scores[is_test], seed=params.seed)
            for i, f in zip(np.flatnonzero(is_test), found, strict=True):
                predicted[int(i)] = f
            s = pair_scores(found, test["gold_groups"].tolist())
            f1s.append(s["f1"])
            cells.append(f"{s['precision']:.2f} / {s['recall']:.2f} / {s['f1']:.2f}")
        gold = rows["gold_groups"].tolist()
        pooled = pair_scores(predicted, gold)
        negatives = [p for p, g in zip(predicted, gold, strict=True) if not g]
        wrong = sum(1 for p in negatives if p) / max(1, len(negatives))
        lines.append(f"| {name} | " + " | ".join(cells) + f" | **{np.mean(f1s):.3f}** | "
                     f"{pooled['precision']:.2f} / {pooled['recall']:.2f} | {wrong:.2f} |")
        print(lines[-1], flush=True)
    lines += ["", f"({time.perf_counter() - started:.0f} s)", ""]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
