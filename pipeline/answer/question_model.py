"""Which booklet questions a text answers: a learned model next to the tagger's scores.

The tag stage's question scores (seed terms and embedding similarity to the question's
text) find the segments that *talk about* a question's subject; many answers do that in
words the question does not use («Vi har fått det på plass i fjor» answers «Har din
kommune vedtatt seriøsitetskrav?»). :class:`QuestionClassifier` learns the rest from the
written, labelled sets: one logistic regression per question (one-vs-rest) over

* word 1–2-grams and character 2–5-grams of the text (place and organisation names
  masked: :func:`pipeline.answer.stance.mask_names`), and
* the tag stage's question scores of the text, weighted by ``score_weight`` (what the
  tagger knows of questions that the labelled sets answer seldom).

Its probabilities go through the same :class:`~pipeline.answer.assign.AssignmentRule`
(threshold and margin) as the scores did, calibrated on *out-of-writer* probabilities
(:func:`out_of_group_proba`: each writer's labelled rows predicted by a model fitted on the
other writers'), so the threshold holds on text its model has not seen.
A question without a single labelled answer keeps the tagger's score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline.answer.stance import mask_names

_WORD = re.compile(r"\b\w[\w-]*")


class QuestionClassifier:
    """One-vs-rest logistic regressions: ``P(text answers question)`` per question.

    Parameters
    ----------
    question_ids:
        The taxonomy's question ids; the columns of the score matrices and of
        :meth:`predict_proba`.
    C:
        Inverse regularisation of the logistic regressions.
    score_weight:
        Factor on the tag stage's question scores next to the n-gram block (0 = n-grams
        only).
    seed:
        Random state of the solver.
    """

    def __init__(self, question_ids: Sequence[str], *, C: float, score_weight: float,
                 seed: int):
        self.question_ids = question_ids
        self.C = C
        self.score_weight = score_weight
        self.seed = seed

    def _features(self, texts: Sequence[str], scores: np.ndarray,
                  fit: bool = False) -> sp.csr_matrix:
        texts = [str(t) for t in texts]
        if fit:
            self.lower_vocab_ = {w for t in texts for w in _WORD.findall(t) if w.islower()}
            self.words_ = TfidfVectorizer(ngram_range=(1, 2), lowercase=True,
                                          sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
            self.chars_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5),
                                          lowercase=True, sublinear_tf=True, min_df=2)
        masked = [mask_names(t, self.lower_vocab_) for t in texts]
        if fit:
            blocks = [self.words_.fit_transform(masked), self.chars_.fit_transform(masked)]
        else:
            blocks = [self.words_.transform(masked), self.chars_.transform(masked)]
        if self.score_weight > 0:
            blocks.append(sp.csr_matrix(np.asarray(scores, dtype=float) * self.score_weight))
        return sp.hstack(blocks, format="csr")

    def fit(self, texts: Sequence[str], scores: np.ndarray,
            answered: Sequence[Sequence[str]]) -> QuestionClassifier:
        """Fit on ``texts`` with their question scores (``(n, len(question_ids))``) and,
        per text, the question ids it answers (``[]``: none)."""
        ids = list(self.question_ids)
        y = np.zeros((len(texts), len(ids)), dtype=int)
        for i, qs in enumerate(answered):
            for q in qs:
                if q in ids:
                    y[i, ids.index(q)] = 1
        # Questions with no labelled answer (or nothing but answers) have nothing to learn:
        # they keep the tag stage's score (predict_proba).
        learnable = [j for j in range(len(ids)) if 0 < y[:, j].sum() < len(texts)]
        self.models_: dict[int, LogisticRegression] = {}
        if not learnable:
            return self
        x = self._features(texts, scores, fit=True)
        for j in learnable:
            # liblinear: a quarter of lbfgs's time on these sparse, binary problems
            model = LogisticRegression(C=self.C, solver="liblinear", max_iter=2000,
                                       random_state=self.seed)
            self.models_[j] = model.fit(x, y[:, j])
        return self

    def predict_proba(self, texts: Sequence[str], scores: np.ndarray) -> np.ndarray:
        """``(len(texts), len(question_ids))`` probabilities; a question the model has not
        learned gets the tag stage's score."""
        scores = np.asarray(scores, dtype=float).reshape(len(texts), len(self.question_ids))
        out = scores.copy()
        if len(texts) == 0 or not self.models_:
            return out
        x = self._features(texts, scores)
        for j, model in self.models_.items():
            out[:, j] = model.predict_proba(x)[:, 1]
        return out


def out_of_group_proba(model: QuestionClassifier, texts: Sequence[str], scores: np.ndarray,
                       answered: Sequence[Sequence[str]], groups: Sequence[str]) -> np.ndarray:
    """Each group's rows (a writer's) predicted by a copy of ``model`` fitted on the other
    groups' rows (a single group: five folds of its rows instead). Deterministic."""
    labels = np.asarray([str(g) for g in groups])
    names = sorted(set(labels.tolist()))
    if len(names) < 2:
        folds = np.arange(len(texts)) % 5
        keys = sorted(set(folds.tolist()))
    else:
        folds = np.asarray([names.index(g) for g in labels])
        keys = list(range(len(names)))
    scores = np.asarray(scores, dtype=float)
    out = np.zeros((len(texts), len(model.question_ids)))
    for k in keys:
        test = np.flatnonzero(folds == k).tolist()
        train = np.flatnonzero(folds != k).tolist()
        if len(test) == 0 or len(train) == 0:
            continue
        part = QuestionClassifier(model.question_ids, C=model.C,
                                  score_weight=model.score_weight, seed=model.seed)
        part.fit([texts[i] for i in train], scores[train], [answered[i] for i in train])
        out[test] = part.predict_proba([texts[i] for i in test], scores[test])
    return out


__all__ = ["QuestionClassifier", "out_of_group_proba"]
