"""Paraphrase whitening: the sentence-embedding directions in which paraphrases differ count less.

Two answers asking for the same thing in other words (bokmål and nynorsk, a sentence or a
slogan, with a typo or a sender's framing) differ along some embedding directions more than
along others, and much of that variation is the same whatever the proposal: language,
register, length. Within-class covariance normalisation (WCCN, from speaker verification)
learns those directions from labelled paraphrase groups and shrinks them:

    S = within-group covariance of the unit-length embeddings (scaled to trace = dim)
    W = (S + shrinkage · I) ^ (-1/2)
    x' = x · W

A direction in which paraphrases vary much gets a small weight; one in which they agree
keeps its weight. ``shrinkage`` keeps the transform close to the identity where the groups
say little (the training groups are a few hundred texts in 384 dimensions).

The groups come from the development gold sets (``cluster.whitening_files``); the
evaluation measures each of them with a transform fitted on the *other* ones
(:func:`training_files_without`), and the independent set is never among them.
Measured in ``benchmarks/cluster_eval.md`` ("Round 3").
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from pipeline.config import Params
from pipeline.embeddings import unit_rows

log = logging.getLogger(__name__)


class ParaphraseWhitening(TransformerMixin, BaseEstimator):
    """Within-group covariance normalisation of sentence embeddings.

    Parameters
    ----------
    shrinkage:
        Added to the eigenvalues of the trace-normalised within-group covariance before the
        inverse square root. Large values approach the identity; small ones trust the groups.

    Attributes
    ----------
    matrix_:
        The ``(dim, dim)`` transform ``W``; rows are multiplied by it after scaling to unit
        length.
    n_groups_, n_units_:
        Groups (with at least two members) and their members that the covariance came from.
    """

    def __init__(self, shrinkage: float = 2.0) -> None:
        self.shrinkage = shrinkage

    def fit(self, X: npt.ArrayLike, y: npt.ArrayLike) -> ParaphraseWhitening:
        """Learn ``W`` from embeddings ``X`` and their group labels ``y``.

        Rows whose label is empty or ``None``, and groups of one, carry no paraphrase
        variation and are ignored. Without any group of two the transform is the identity.
        """
        if self.shrinkage <= 0:
            raise ValueError(f"shrinkage must be > 0, got {self.shrinkage}")
        rows = unit_rows(np.asarray(X, dtype=np.float64))
        labels = np.asarray(["" if g is None else str(g) for g in np.asarray(y, dtype=object)])
        dim = rows.shape[1]
        deviations = []
        for group in sorted(set(labels.tolist()) - {""}):
            members = rows[labels == group]
            if len(members) >= 2:
                deviations.append(members - members.mean(axis=0, keepdims=True))
        self.n_groups_ = len(deviations)
        self.n_units_ = int(sum(len(d) for d in deviations))
        if not deviations:
            self.matrix_ = np.eye(dim)
            return self
        stacked = np.vstack(deviations)
        within = stacked.T @ stacked / len(stacked)
        within *= dim / max(float(np.trace(within)), 1e-12)
        values, vectors = np.linalg.eigh(within + self.shrinkage * np.eye(dim))
        self.matrix_ = (vectors * values ** -0.5) @ vectors.T
        return self

    def transform(self, X: npt.ArrayLike) -> np.ndarray:
        check_is_fitted(self, "matrix_")
        rows = np.asarray(X, dtype=np.float64)
        if rows.ndim != 2 or rows.shape[1] != self.matrix_.shape[0]:
            raise ValueError(
                f"expected rows of {self.matrix_.shape[0]} values, got shape {rows.shape}"
            )
        return (unit_rows(rows) @ self.matrix_).astype(np.float32)

    def digest(self) -> str:
        """A short hash of the fitted transform (it decides a fit: see incremental.py)."""
        check_is_fitted(self, "matrix_")
        return hashlib.sha256(np.round(self.matrix_, 8).tobytes()).hexdigest()[:16]


def training_files_without(files: list[str], evaluated: str) -> list[str]:
    """``files`` minus the gold set being ``evaluated`` (cross-fitting in the evaluation)."""
    return [f for f in files if Path(f).name != Path(evaluated).name]


def fit_whitening(params: Params, cache) -> ParaphraseWhitening | None:
    """The transform fitted on ``params.cluster.whitening_files`` (None: switched off).

    The gold files hold one answer per line with its ``group``; only ``kind: paraphrase``
    rows are used (singletons and hard negatives are not paraphrases of anything). Their
    texts are embedded exactly as the stage embeds proposals, through the same cache. A
    listed file that is missing is skipped with a warning; with none left, no transform.
    """
    import pandas as pd

    from pipeline.cluster.text import proposal_text

    cp = params.cluster
    if not cp.whitening_files:
        return None
    texts: list[str] = []
    groups: list[str] = []
    for name in cp.whitening_files:
        path = Path(params.paths.labels) / name
        if not path.exists():
            log.warning("whitening_files: %s finnes ikke; hoppes over", path)
            continue
        rows = pd.read_json(path, lines=True, dtype=False)
        if rows.empty or not {"text", "group"} <= set(rows.columns):
            continue
        if "kind" in rows.columns:
            rows = rows[rows["kind"] == "paraphrase"]
        texts += [proposal_text(str(t)) for t in rows["text"]]
        # groups are named per file: the same name in two files is not one group
        groups += [f"{name}:{g}" if g else "" for g in rows["group"].fillna("")]
    if not texts:
        return None
    embeddings = cache.embed(texts, cp.text_kind)
    return ParaphraseWhitening(cp.whitening_shrinkage).fit(embeddings, groups)
