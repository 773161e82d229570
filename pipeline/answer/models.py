"""The answer stage's fitted parts: the question model with its rule, and the stance model.

All are fitted at run time on written, labelled sets (never on the independent ones):
the question classifier on the calibration rows
(:class:`pipeline.answer.question_model.QuestionClassifier`), the rule's threshold and
margin on its out-of-writer probabilities of the same rows
(:func:`pipeline.answer.assign.calibrate`), the stance model on the rows of the training
files that answer a yes/no question (:class:`pipeline.answer.stance.StanceModel`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.answer.assign import AssignmentRule, calibrate
from pipeline.answer.labels import stance_rows
from pipeline.answer.question_model import QuestionClassifier, out_of_group_proba
from pipeline.answer.stance import Embed, StanceModel
from pipeline.config import AnswerParams
from pipeline.taxonomy import Taxonomy


@dataclass(frozen=True)
class QuestionModels:
    """The fitted question classifier, its rule and the stance model, with what they were
    fitted on."""

    questions: QuestionClassifier
    rule: AssignmentRule
    stance: StanceModel
    calibration: dict[str, float] = field(default_factory=dict)
    n_calibration: int = 0
    n_stance_training: int = 0
    key: str = ""
    """The digest these models were fitted under (:func:`pipeline.answer.stage.models_key`);
    ``""`` when unknown. Each segment's answers are cached under it."""


def fit_models(params: AnswerParams, taxonomy: Taxonomy, calibration: pd.DataFrame,
               calibration_scores: np.ndarray, training: pd.DataFrame, embed: Embed | None,
               seed: int) -> QuestionModels:
    """Fit the question classifier, calibrate its rule and train the stance model.

    Parameters
    ----------
    params:
        ``params.answer``.
    calibration, calibration_scores:
        Labelled rows (``text``, ``gold_groups``, ``writer``: whose rows are predicted by
        a model fitted on the other writers' for the rule) and their tag stage question scores
        (``(n, n_questions)``, taxonomy order).
    training:
        Labelled rows for the stance model (``text``, ``question_ids``, ``stance``,
        ``evidence``: the deciding substring the sentence model learns from).
    embed:
        The embedder for the stance model's embedding block (``None``: n-grams only).
    seed:
        ``params.seed``.
    """
    texts = calibration["text"].tolist()
    groups = calibration["gold_groups"].tolist()
    answered = [[q for g in gs for q in g] for gs in groups]
    questions = QuestionClassifier(taxonomy.question_ids, C=params.question.C,
                                   score_weight=params.question.score_weight, seed=seed)
    held_out = out_of_group_proba(questions, texts, calibration_scores, answered,
                                 calibration["writer"].tolist())
    rule, scores = calibrate(held_out, taxonomy.question_ids, groups,
                             min_precision=params.question.min_precision)
    questions.fit(texts, calibration_scores, answered)
    rows = stance_rows(training, taxonomy)
    weight = params.stance.embedding_weight
    stance = StanceModel(taxonomy.yes_no_ids, embed if weight > 0 else None,
                         C=params.stance.C, embedding_weight=weight,
                         sentence_weight=params.stance.sentence_weight, seed=seed)
    stance.fit(rows["text"].tolist(), rows["stance_question"].tolist(),
               rows["stance"].tolist(), evidence=rows["evidence"].tolist())
    return QuestionModels(questions, rule, stance, scores, len(calibration), len(rows))


__all__ = ["QuestionModels", "fit_models"]
