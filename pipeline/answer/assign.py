"""Which booklet questions a segment answers.

A segment answers a question when

* it stands under a form column or heading that *is* the question (the respondent chose
  it: :func:`direct_questions`), or
* the question model's probability
  (:class:`pipeline.answer.question_model.QuestionClassifier`: n-grams and the tag stage's
  question scores) reaches a threshold of its own *and* lies within ``margin`` of the
  segment's best question (:class:`AssignmentRule`). Sharing a word is not enough: the
  threshold and margin are calibrated (:func:`calibrate`) on the written, labelled sets,
  where word-overlap-only segments are negatives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.common import UserError
from pipeline.taxonomy import Taxonomy

GoldGroups = Sequence[Sequence[Sequence[str]]]
"""Per segment, groups of taxonomy question ids: a group is found when any of its ids is."""

MIN_HEADING_CHARS = 12
"""A shorter heading («Svar», «Innspill») names no question."""


def normalise(text: str) -> str:
    """Lower case, runs of non-word characters as one space: for comparing question texts."""
    return re.sub(r"[^\w]+", " ", str(text).lower()).strip()


REWORDED_MIN_OVERLAP = 0.6
"""Share of word stems a heading and a question must share to be the same question in other
words («Har kommunen din vedteke seriøsitetskrav?» is «Har din kommune vedtatt …»)."""
REWORDED_MIN_WORDS = 3
STEM_CHARS = 4
"""Words compared by their first four letters: bokmål and nynorsk inflections of one word
(«vedtatt», «vedteke»; «kommune», «kommunen») share them."""


def _stems(normalised: str) -> set[str]:
    return {word[:STEM_CHARS] for word in normalised.split()}


def _reworded(heading: str, question_stems: Sequence[tuple[str, set[str]]]) -> list[str]:
    """The one question ``heading`` restates in other words or the other written standard
    (the best stem overlap, Jaccard ≥ :data:`REWORDED_MIN_OVERLAP`), or ``[]``."""
    stems = _stems(heading)
    if len(heading.split()) < REWORDED_MIN_WORDS:
        return []
    overlaps = [(len(stems & q) / len(stems | q), qid) for qid, q in question_stems if q]
    if not overlaps:
        return []
    best, qid = max(overlaps)
    ties = sum(1 for overlap, _ in overlaps if overlap == best)
    return [qid] if best >= REWORDED_MIN_OVERLAP and ties == 1 else []


class QuestionMatcher:
    """The questions a heading (form column / section heading) names; see
    :func:`direct_questions`.

    The question texts are normalised once, and each distinct heading is matched once: the
    answer stage asks for every line of every segment, and form columns and repeated lines
    make most of them repeats (82 000 segments took 40 s before, most of it normalising
    the same 29 questions again for every line).
    """

    def __init__(self, taxonomy: Taxonomy):
        self.questions = [(q.id, normalise(q.text)) for _, q in taxonomy.questions()]
        self.question_stems = [(qid, _stems(qt)) for qid, qt in self.questions]
        self._seen: dict[str, list[str]] = {}

    def __call__(self, headings: Sequence[str]) -> list[list[str]]:
        return [list(self._match(str(heading))) for heading in headings]

    def _match(self, heading: str) -> list[str]:
        found = self._seen.get(heading)
        if found is None:
            found = self._seen[heading] = self._match_new(normalise(heading))
        return found

    def _match_new(self, h: str) -> list[str]:
        if len(h) < MIN_HEADING_CHARS:
            return []
        found = [qid for qid, qt in self.questions
                 if qt and (qt in h or (h in qt and len(h) >= 0.5 * len(qt)))]
        return found or _reworded(h, self.question_stems)


def direct_questions(headings: Sequence[str], taxonomy: Taxonomy) -> list[list[str]]:
    """Per heading (form column / section heading), the questions it names.

    A heading names a question when the question's text (normalised) is in it, or it is in
    the question's text and covers at least half of it (a shortened column header), or it
    restates one question in other inflections (nynorsk, reordered words: :func:`_reworded`).
    For many calls, build one :class:`QuestionMatcher` and call it instead.
    """
    return QuestionMatcher(taxonomy)(headings)


@dataclass(frozen=True)
class AssignmentRule:
    """``score >= threshold`` and ``score >= best - margin`` (best over the questions)."""

    threshold: float
    margin: float

    def assign(self, scores: np.ndarray, question_ids: Sequence[str]) -> list[list[str]]:
        """Per row of ``scores`` (``(n, len(question_ids))``), the questions it answers."""
        if len(scores) == 0:
            return []
        best = scores.max(axis=1, keepdims=True)
        ok = (scores >= self.threshold) & (scores >= best - self.margin)
        return [[question_ids[int(j)] for j in np.flatnonzero(row)] for row in ok]


def pair_scores(pred: Sequence[Sequence[str]], gold_groups: GoldGroups) -> dict[str, float]:
    """Precision and recall over (segment, question) pairs.

    ``gold_groups``: per segment a list of groups of taxonomy ids; a group is found when
    any of its ids is predicted (a foreign question the taxonomy splits in two). A
    predicted id is correct when it is in some gold group.
    """
    tp_p = n_p = tp_r = n_r = 0
    for p, groups in zip(pred, gold_groups, strict=True):
        gold = {q for g in groups for q in g}
        n_p += len(p)
        tp_p += sum(1 for q in p if q in gold)
        n_r += len(groups)
        tp_r += sum(1 for g in groups if set(g) & set(p))
    precision = tp_p / n_p if n_p else 0.0
    recall = tp_r / n_r if n_r else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "n_predicted": n_p, "n_gold": n_r}


THRESHOLDS: tuple[float, ...] = tuple(float(t) for t in np.round(np.arange(0.1, 0.91, 0.025), 3))
MARGINS: tuple[float, ...] = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 1.0)


def calibrate(scores: np.ndarray, question_ids: Sequence[str], gold_groups: GoldGroups, *,
              min_precision: float, thresholds: Sequence[float] = THRESHOLDS,
              margins: Sequence[float] = MARGINS) -> tuple[AssignmentRule, dict[str, float]]:
    """The rule with the best F1 among those with precision >= ``min_precision``
    (the best F1 overall when none reaches it); ties go to the higher threshold."""
    best: tuple[tuple[bool, float, float, float], AssignmentRule, dict[str, float]] | None = None
    for t in thresholds:
        for m in margins:
            rule = AssignmentRule(float(t), float(m))
            s = pair_scores(rule.assign(scores, question_ids), gold_groups)
            key = (s["precision"] >= min_precision, s["f1"], float(t), -float(m))
            if best is None or key > best[0]:
                best = (key, rule, s)
    if best is None:
        raise ValueError("calibrate: no thresholds or margins to choose from")
    return best[1], best[2]


def score_matrix(question_scores: pd.DataFrame, source: str, ids: Sequence[str],
                 question_ids: Sequence[str]) -> np.ndarray:
    """``(len(ids), len(question_ids))`` scores of ``source``'s rows ``ids`` from the tag
    stage's long ``question_scores`` table.

    Raises
    ------
    UserError
        When the table lacks some of ``ids`` (the tag stage ran on other texts).
    """
    ids = [str(i) for i in ids]
    if not ids:
        return np.zeros((0, len(question_ids)))
    rows = question_scores[question_scores["source"] == source]
    missing = set(ids) - set(rows["id"])
    if missing:
        where = f"«{source}»" if source else "innboksens segmenter"
        table = "question_scores_labelled.parquet" if source else "question_scores.parquet"
        raise UserError(
            f"Spørsmålsskårene for {where} mangler for {len(missing)} tekster "
            f"({table} er fra en annen kjøring). Kjør `dvc repro` på nytt.")
    wide = rows.pivot_table(index="id", columns="question_id", values="score", aggfunc="max")
    wide = wide.reindex(index=ids, columns=list(question_ids))
    return wide.fillna(0.0).to_numpy(dtype=float)


__all__ = ["AssignmentRule", "GoldGroups", "QuestionMatcher", "calibrate", "direct_questions",
           "normalise",
           "pair_scores", "score_matrix"]
