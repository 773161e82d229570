"""The learned decision layer: one calibrated classifier per theme on top of the evidence.

The lexicon and the zero-shot similarities say *why* a segment might belong to a theme;
whether it does is decided here, by a scikit-learn classifier per theme over

- the lexicon features (score, a strong term, a negative term, the working-life angle),
- the zero-shot similarities (theme cosine, closest off-topic cosine, their margin),
- the segment embedding itself,

trained on labelled segments (the ``tune`` split of the labelled sets, segments of the
tuning submissions as negatives for the themes their letter is not about, analysts'
overrides and ``themes.csv``). Its probabilities are calibrated
(:class:`~sklearn.calibration.CalibratedClassifierCV`) and each theme's threshold is the
lowest one whose *out-of-fold* precision reaches ``min_precision`` — the committee reads
counts, so a false theme costs more than a missed one.

Without labels (or for a theme with too few of them) the layer is not fitted for that
theme and the tagger keeps its lexicon + zero-shot score and configured threshold: the
pipeline works on a fresh checkout with an empty ``data/labels/``.

:class:`SubmissionRule` does the same for whole submissions: per theme it chooses how the
segment probabilities add up (the best segment, or the mean of the best two) and the
threshold, on labelled whole submissions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from pipeline.config import DecisionParams

log = logging.getLogger(__name__)

THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)


def decision_features(evidence, zeroshot=None) -> np.ndarray:
    """The classifier's input for a batch of segments, ``(n, n_features)``.

    ``evidence`` is a :class:`~pipeline.tag.tagger.Evidence`. Lexicon features for
    every theme come first (a sentence strong on one theme is evidence against another),
    then the zero-shot similarities and the embedding when the tagger has an embedder.
    """
    lex = evidence.lexicon
    blocks = [lex.scores, lex.strong.astype(float), lex.negative.astype(float),
              lex.angle.astype(float)]
    zs = evidence.zeroshot
    if zs is not None:
        blocks += [zs.theme_cos, zs.off_cos, zs.margin, zs.vectors]
    return np.hstack([np.asarray(b, dtype=float).reshape(len(lex.scores), -1) for b in blocks])


def _scale_tail(X: np.ndarray, n: int = 0, factor: float = 1.0) -> np.ndarray:
    """``X`` with its last ``n`` columns multiplied by ``factor``."""
    if n <= 0 or factor == 1.0:
        return X
    X = np.array(X, dtype=float, copy=True)
    X[:, -n:] *= factor
    return X


def threshold_for_precision(y: np.ndarray, proba: np.ndarray, min_precision: float,
                            grid: Iterable[float] = THRESHOLD_GRID) -> tuple[float, dict]:
    """The lowest threshold whose precision on ``(y, proba)`` reaches ``min_precision``.

    Lowest = the most recall under the constraint. A threshold that tags nothing has no
    precision and does not count, nor does one whose precision rests on fewer than three
    tagged examples (a lucky handful at the top says nothing). When no threshold reaches
    the constraint, the one with the best F0.5 (precision weighted twice as much as
    recall) is taken and ``met`` is false: the best precision alone would keep a handful
    of near-certain examples and lose the theme.
    Returns the threshold and ``{"precision", "recall", "met"}`` at it.
    """
    y = np.asarray(y).astype(bool)
    best: tuple[float, float, float, float] | None = None  # (F0.5, -t, precision, recall)
    for t in sorted(grid):
        pred = proba >= t
        if pred.sum() < 3:
            continue
        tp = int((pred & y).sum())
        precision = tp / int(pred.sum())
        recall = tp / max(1, int(y.sum()))
        if precision >= min_precision:
            return float(t), {"precision": precision, "recall": recall, "met": True}
        f05 = 1.25 * precision * recall / (0.25 * precision + recall) if tp else 0.0
        if best is None or (f05, -t) > best[:2]:
            best = (f05, -t, precision, recall)
    if best is None:
        return float(max(grid)), {"precision": 0.0, "recall": 0.0, "met": False}
    return float(-best[1]), {"precision": best[2], "recall": best[3], "met": False}


_DEFAULTS = DecisionParams()
"""The defaults of the learned layer: those of ``tag.decision`` (declared once)."""


class ThemeDecisionLayer(BaseEstimator):
    """Per-theme calibrated logistic regression with precision-constrained thresholds.

    Parameters
    ----------
    C:
        Inverse regularisation strength of the logistic regressions.
    min_precision:
        Each theme's threshold is the lowest whose out-of-fold precision reaches this.
    calibration:
        ``"sigmoid"`` (Platt; suits small sets) or ``"isotonic"``.
    cv:
        Folds for calibration and for the out-of-fold probabilities (fewer when a theme
        has fewer examples of a class).
    min_per_class:
        A theme needs this many known positives *and* negatives to get a classifier.
    embedding_columns:
        How many of the last feature columns are the raw embedding (0: none).
    embedding_weight:
        Factor on the standardised embedding columns: with a few hundred labelled
        segments, hundreds of embedding dimensions would otherwise outvote the dozen
        evidence features (a smaller factor = stronger regularisation of that block).
    random_state:
        Seed of the fold assignment.
    """

    def __init__(self, C: float = _DEFAULTS.C, min_precision: float = _DEFAULTS.min_precision,
                 calibration: str = _DEFAULTS.calibration, cv: int = _DEFAULTS.cv,
                 min_per_class: int = _DEFAULTS.min_per_class, embedding_columns: int = 0,
                 embedding_weight: float = _DEFAULTS.embedding_weight, random_state: int = 42):
        self.C = C
        self.min_precision = min_precision
        self.calibration = calibration
        self.cv = cv
        self.min_per_class = min_per_class
        self.embedding_columns = embedding_columns
        self.embedding_weight = embedding_weight
        self.random_state = random_state

    def _estimator(self, n_splits: int) -> CalibratedClassifierCV:
        base = make_pipeline(
            StandardScaler(),
            FunctionTransformer(_scale_tail, kw_args={"n": self.embedding_columns,
                                                      "factor": self.embedding_weight}),
            LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000,
                               random_state=self.random_state),
        )
        return CalibratedClassifierCV(base, method=self.calibration, cv=n_splits)

    def fit(self, X: np.ndarray, Y: np.ndarray, theme_ids: Sequence[str] | None = None,
            score_factor: np.ndarray | None = None) -> ThemeDecisionLayer:
        """Fit one classifier per column of ``Y`` (``NaN`` = unknown for that theme).

        Columns with fewer than ``min_per_class`` known positives or negatives get no
        classifier (the tagger falls back to its evidence score for them).
        ``score_factor`` (``(n, n_themes)``, default 1) is what the tagger multiplies the
        probability by before thresholding (the working-life angle); the thresholds are
        chosen on the out-of-fold probabilities times this factor, as they will be used.
        """
        X = np.asarray(X, dtype=float)
        Y = np.asarray(Y, dtype=float)
        Y = Y.reshape(len(X), -1) if Y.ndim != 2 else Y
        factor = (np.ones(Y.shape) if score_factor is None
                  else np.asarray(score_factor, dtype=float).reshape(Y.shape))
        self.theme_ids_ = tuple(theme_ids) if theme_ids is not None else tuple(
            str(j) for j in range(Y.shape[1]))
        self.n_features_in_ = X.shape[1]
        self.models_: dict[str, CalibratedClassifierCV] = {}
        self.thresholds_: dict[str, float] = {}
        self.oof_: dict[str, dict] = {}
        for j, tid in enumerate(self.theme_ids_):
            known = ~np.isnan(Y[:, j])
            y = Y[known, j].astype(int)
            n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
            if min(n_pos, n_neg) < self.min_per_class:
                log.info("tema %s: for få eksempler (%d/%d), ingen lært modell", tid, n_pos, n_neg)
                continue
            n_splits = max(2, min(self.cv, n_pos, n_neg))
            folds = StratifiedKFold(n_splits, shuffle=True, random_state=self.random_state)
            # Out-of-fold probabilities: the threshold is chosen on predictions for
            # examples the model did not see, so the precision constraint is honest.
            oof = cross_val_predict(self._estimator(n_splits), X[known], y, cv=folds,
                                    method="predict_proba")[:, 1]
            threshold, stats = threshold_for_precision(y, oof * factor[known, j],
                                                       self.min_precision)
            self.models_[tid] = clone(self._estimator(n_splits)).fit(X[known], y)
            self.thresholds_[tid] = threshold
            self.oof_[tid] = {**stats, "n_positive": n_pos, "n_negative": n_neg}
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """``(n, n_themes)`` calibrated probabilities; ``NaN`` for themes without a model."""
        X = np.asarray(X, dtype=float)
        out = np.full((len(X), len(self.theme_ids_)), np.nan)
        if len(X) == 0:
            return out
        for j, tid in enumerate(self.theme_ids_):
            model = self.models_.get(tid)
            if model is not None:
                out[:, j] = model.predict_proba(X)[:, 1]
        return out

    def predict(self, X: np.ndarray) -> np.ndarray:
        """``(n, n_themes)`` 0/1 decisions at the chosen thresholds (0 without a model)."""
        proba = self.predict_proba(X)
        limits = np.array([self.thresholds_.get(t, np.inf) for t in self.theme_ids_])
        return (np.nan_to_num(proba, nan=-1.0) >= limits[None, :]).astype(int)


def aggregate(segment_scores: np.ndarray, top_k: int) -> np.ndarray:
    """Per theme the mean of the ``top_k`` best segment scores (the max for k = 1)."""
    if len(segment_scores) == 0:
        return np.zeros(segment_scores.shape[1] if segment_scores.ndim == 2 else 0)
    ranked = np.sort(segment_scores, axis=0)[::-1]
    return ranked[: max(1, top_k)].mean(axis=0)


class SubmissionRule(BaseEstimator):
    """How segment scores add up to a submission's themes, learned on whole submissions.

    Per theme: the aggregation (mean of the ``k`` best segments, ``k`` in ``top_ks``) and
    the threshold that maximise F1 on labelled submissions among those whose precision
    reaches ``min_precision`` (the best F1 overall when none does). A long letter that
    mentions a theme once in passing then needs one convincing segment, not two weak ones.

    Parameters
    ----------
    min_precision:
        Precision constraint on the training submissions.
    top_ks:
        Candidate aggregations.
    min_per_class:
        A theme needs this many positive and negative submissions to be fitted.
    """

    def __init__(self, min_precision: float = _DEFAULTS.submission_min_precision,
                 top_ks: Sequence[int] = (1, 2),
                 min_per_class: int = 4):
        self.min_precision = min_precision
        self.top_ks = top_ks
        self.min_per_class = min_per_class

    def fit(self, groups: Sequence[np.ndarray], Y: np.ndarray, theme_ids: Sequence[str],
            floors: dict[str, float] | None = None) -> SubmissionRule:
        """``groups``: per submission its segments' ``(m, n_themes)`` scores; ``Y`` gold 0/1.

        ``floors``: per theme the lowest threshold allowed (the segment threshold).
        """
        Y = np.asarray(Y, dtype=int).reshape(len(groups), -1)
        self.theme_ids_ = tuple(theme_ids)
        self.top_k_: dict[str, int] = {}
        self.thresholds_: dict[str, float] = {}
        self.fit_stats_: dict[str, dict] = {}
        for j, tid in enumerate(self.theme_ids_):
            y = Y[:, j].astype(bool)
            if min(int(y.sum()), int((~y).sum())) < self.min_per_class:
                continue
            best: tuple | None = None
            for k in self.top_ks:
                s = np.array([aggregate(g, k)[j] if len(g) else 0.0 for g in groups])
                for t in THRESHOLD_GRID:
                    if floors is not None and t < floors.get(tid, 0.0) - 1e-9:
                        continue
                    pred = s >= t
                    tp = int((pred & y).sum())
                    fp = int((pred & ~y).sum())
                    fn = int((~pred & y).sum())
                    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
                    precision = tp / (tp + fp) if tp + fp else 0.0
                    # constraint met first, then F1, then the higher threshold, then k=1
                    key = (precision >= self.min_precision, round(f1, 9), t, -k)
                    if best is None or key > best[0]:
                        best = (key, k, float(t), precision, f1)
            if best is None:
                continue
            _, k, t, precision, f1 = best
            self.top_k_[tid], self.thresholds_[tid] = k, t
            self.fit_stats_[tid] = {"precision": precision, "f1": f1,
                                    "met": precision >= self.min_precision}
        return self

    def is_fitted_for(self, theme_id: str) -> bool:
        return theme_id in getattr(self, "thresholds_", {})


__all__ = ["SubmissionRule", "ThemeDecisionLayer", "aggregate", "decision_features",
           "threshold_for_precision"]
