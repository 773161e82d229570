"""The answer stage's two fitted parts: the question rule and the stance model.

Both are fitted at run time on written, labelled sets (never on the independent ones):
the rule's threshold and margin on the tag stage's question scores of the calibration
rows (:func:`pipeline.answer.assign.calibrate`), the stance model on the rows of the
training files that answer a yes/no question (:class:`pipeline.answer.stance.StanceModel`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.answer.assign import AssignmentRule, calibrate
from pipeline.answer.labels import stance_rows
from pipeline.answer.stance import Embed, StanceModel
from pipeline.config import AnswerParams
from pipeline.taxonomy import Taxonomy


@dataclass(frozen=True)
class QuestionModels:
    """The fitted question rule and stance model, with what they were fitted on."""

    rule: AssignmentRule
    stance: StanceModel
    calibration: dict[str, float] = field(default_factory=dict)
    n_calibration: int = 0
    n_stance_training: int = 0


def fit_models(params: AnswerParams, taxonomy: Taxonomy, calibration: pd.DataFrame,
               calibration_scores: np.ndarray, training: pd.DataFrame, embed: Embed | None,
               seed: int) -> QuestionModels:
    """Calibrate the question rule and train the stance model.

    Parameters
    ----------
    params:
        ``params.answer``.
    calibration, calibration_scores:
        Labelled rows (with ``gold_groups``) and their question scores
        (``(n, n_questions)``, taxonomy order).
    training:
        Labelled rows for the stance model (``text``, ``question_ids``, ``stance``,
        ``evidence``: the deciding substring the sentence model learns from).
    embed:
        The embedder for the stance model's embedding block (``None``: n-grams only).
    seed:
        ``params.seed``.
    """
    rule, scores = calibrate(calibration_scores, taxonomy.question_ids,
                             calibration["gold_groups"].tolist(),
                             min_precision=params.question.min_precision)
    rows = stance_rows(training, taxonomy)
    weight = params.stance.embedding_weight
    stance = StanceModel(taxonomy.yes_no_ids, embed if weight > 0 else None,
                         C=params.stance.C, embedding_weight=weight,
                         sentence_weight=params.stance.sentence_weight, seed=seed)
    stance.fit(rows["text"].tolist(), rows["stance_question"].tolist(),
               rows["stance"].tolist(), evidence=rows["evidence"].tolist())
    return QuestionModels(rule, stance, scores, len(calibration), len(rows))


__all__ = ["QuestionModels", "fit_models"]
