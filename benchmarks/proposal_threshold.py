"""Choose the proposal classifier's settings and threshold by cross-validation on the
training data only (never on an evaluation set).

    python benchmarks/proposal_threshold.py [--params params.yaml] [--target-recall 0.95]

Out-of-fold probabilities come from grouped k-fold cross-validation over the files in
``prepare.proposal_classifier.training_files`` (paraphrases of one group and sentences of one
document stay in one fold). For each candidate (estimator, C) it prints the out-of-fold
precision/recall at the largest threshold whose recall reaches ``--target-recall``, and
the average precision; the chosen setting goes into ``params.yaml`` by hand
(``prepare.proposal_classifier``), so the stage itself never searches.
"""

from __future__ import annotations

import argparse

import numpy as np
from sklearn.metrics import average_precision_score
from sklearn.model_selection import StratifiedGroupKFold

from pipeline.config import load_params
from pipeline.prepare.proposal_model import (
    build_classifier,
    load_training_records,
    views_of,
)
from pipeline.spacy_backend import load_backend


def out_of_fold(views, y, groups, cfg, seed: int, folds: int) -> np.ndarray:
    """Out-of-fold calibrated probabilities of the classifier with settings ``cfg``."""
    proba = np.zeros(len(y))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(y)), y, groups):
        clf = build_classifier(cfg, seed=seed).fit([views[i] for i in train], y[train])
        proba[test] = clf.predict_proba([views[i] for i in test])[:, 1]
    return proba


def threshold_for_recall(proba: np.ndarray, y: np.ndarray, target: float) -> float:
    """The largest threshold (on a 0.01 grid) whose recall is at least ``target``."""
    for t in np.arange(0.99, 0.0, -0.01):
        pred = proba >= t
        if pred[y == 1].mean() >= target:
            return round(float(t), 2)
    return 0.01


def scores(proba, y, t) -> tuple[float, float]:
    pred = proba >= t
    tp = int((pred & (y == 1)).sum())
    return tp / max(1, pred.sum()), tp / max(1, (y == 1).sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--target-recall", type=float, default=0.95)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--estimators", nargs="+", default=["logistic_regression", "linear_svc"])
    ap.add_argument("--C", nargs="+", type=float, default=[0.3, 1.0, 3.0, 10.0])
    args = ap.parse_args()
    params = load_params(args.params)
    cfg = params.prepare.proposal_classifier
    records = load_training_records(params.paths.labels, cfg.training_files)
    backend = load_backend(params.prepare.model)
    views = views_of([r["text"] for r in records], backend)
    y = np.array([int(r["is_proposal"]) for r in records])
    groups = [r["cv_group"] for r in records]
    print(f"training sentences: {len(y)} ({y.sum()} proposals), backend {backend.name}")
    print(f"{'estimator':<20} {'C':>5} {'AP':>6} {'t@R':>5} {'P':>6} {'R':>6}"
          f" {'P@0.5':>6} {'R@0.5':>6}   P at recall 0.90 / 0.92 / 0.95")
    for estimator in args.estimators:
        for c in args.C:
            cand = cfg.model_copy(update={"estimator": estimator, "C": c})
            proba = out_of_fold(views, y, groups, cand, params.seed, args.folds)
            t = threshold_for_recall(proba, y, args.target_recall)
            p, r = scores(proba, y, t)
            p5, r5 = scores(proba, y, 0.5)
            at = [scores(proba, y, threshold_for_recall(proba, y, q))[0]
                  for q in (0.90, 0.92, 0.95)]
            print(f"{estimator:<20} {c:>5} {average_precision_score(y, proba):6.3f} {t:5.2f}"
                  f" {p:6.3f} {r:6.3f} {p5:6.3f} {r5:6.3f}   "
                  + " / ".join(f"{x:.3f}" for x in at), flush=True)


if __name__ == "__main__":
    main()
