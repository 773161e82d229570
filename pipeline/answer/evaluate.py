"""Stage ``eval_answer``: question assignment and stance measured against labelled sets.

* ``dev``: question model and rule fitted and stance model trained on the calibration and
  training files *without* the development set (``answer.eval.dev_file``), measured on it.
* ``independent``: the pipeline's models (fitted as the ``answer`` stage fits them),
  measured on the frozen independent sets (every file matching
  ``answer.eval.independent_files``; missing ones skipped), which nobody tuned on. Their
  question ids are mapped to the taxonomy's by text (:mod:`.labels`). Several files are
  measured together (``independent``) and one by one (``independent_by_file``).

Question assignment: precision and recall over (segment, question) pairs, with the
question model (its inputs include the question scores the tag stage wrote for these
texts). Stance: macro-F1 over
``ja``/``nei``/``delvis``/``uklart`` on segments with a gold stance, given the gold
question (the stance model alone), and the share whose deciding sentence overlaps the
gold evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline import common, tables
from pipeline.answer.assign import pair_scores, score_matrix
from pipeline.answer.labels import read_sets, stance_rows
from pipeline.answer.models import QuestionModels
from pipeline.answer.stage import fit_from_files, make_embed
from pipeline.answer.stance import stance_scores
from pipeline.config import Params
from pipeline.taxonomy import Taxonomy, load_taxonomy

__all__ = ["evaluate", "measure", "run"]


def _overlap(a: str, b: str) -> bool:
    a, b = a.strip().lower(), b.strip().lower()
    return bool(a and b) and (a in b or b in a)


def measure(models: QuestionModels, taxonomy: Taxonomy, frame: pd.DataFrame,
            scores: np.ndarray) -> dict[str, Any]:
    """Assignment P/R and stance figures of ``models`` on a labelled ``frame`` (with
    ``gold_groups``) whose question scores are ``scores``."""
    groups = frame["gold_groups"].tolist()
    proba = models.questions.predict_proba(frame["text"].tolist(), scores)
    assigned = models.rule.assign(proba, taxonomy.question_ids)
    questions: dict[str, Any] = dict(pair_scores(assigned, groups))
    negatives = [not g for g in groups]
    questions["negatives_with_answer_share"] = round(
        sum(1 for a, neg in zip(assigned, negatives, strict=True) if neg and a)
        / max(1, sum(negatives)), 4)
    rows = stance_rows(frame, taxonomy)
    preds = models.stance.explain(rows["text"].tolist(), rows["stance_question"].tolist())
    stance = stance_scores(rows["stance"].tolist(), [p.stance for p in preds])
    stance["evidence_overlap"] = round(sum(
        _overlap(p.evidence, e) for p, e in zip(preds, rows["evidence"], strict=True))
        / max(1, len(rows)), 4)
    return {"n_segments": len(frame), "questions": questions, "stance": stance,
            "question_threshold": models.rule.threshold,
            "question_margin": models.rule.margin}


def _scores(frame: pd.DataFrame, question_scores: pd.DataFrame,
            taxonomy: Taxonomy) -> np.ndarray:
    out = np.zeros((len(frame), len(taxonomy.question_ids)))
    for source, group in frame.groupby("source", sort=False):
        out[group.index.to_numpy()] = score_matrix(
            question_scores, str(source), group["id"].tolist(), taxonomy.question_ids)
    return out


def _without(files: Sequence[str], dev: str) -> list[str]:
    kept = [f for f in files if Path(f).as_posix() != Path(dev).as_posix()]
    if not kept:
        raise common.UserError(
            f"Uten utviklingssettet {dev} er det ingen filer igjen å trene på "
            "(answer i params.yaml).")
    return kept


def evaluate(params: Params, question_scores: pd.DataFrame,
             independent: bool = True) -> dict[str, Any]:
    """The dev figures and, with ``independent``, the independent sets' figures;
    ``question_scores`` holds the labelled sets' rows (``question_scores_labelled``)."""
    taxonomy = load_taxonomy(params.taxonomy)
    labels = Path(params.paths.labels)
    answer = params.answer
    embed = make_embed(params)
    dev_file = answer.eval.dev_file
    dev = read_sets(labels, [dev_file], taxonomy, answer.booklet_questions)
    dev_models = fit_from_files(
        params, taxonomy, question_scores,
        _without(answer.question.calibration_files, dev_file),
        _without(answer.stance.training_files, dev_file), embed)
    result: dict[str, Any] = {
        "dev_file": dev_file,
        "dev": measure(dev_models, taxonomy, dev, _scores(dev, question_scores, taxonomy)),
    }
    names = answer.eval.independent_paths(labels)
    result["independent_files"] = names
    if not independent or not names:
        return result
    models = fit_from_files(params, taxonomy, question_scores,
                            answer.question.calibration_files,
                            answer.stance.training_files, embed)
    sets = [read_sets(labels, [name], taxonomy, answer.booklet_questions) for name in names]
    pooled = pd.concat(sets, ignore_index=True)
    result["independent"] = measure(models, taxonomy, pooled,
                                    _scores(pooled, question_scores, taxonomy))
    if len(sets) > 1:
        result["independent_by_file"] = {
            name: measure(models, taxonomy, frame, _scores(frame, question_scores, taxonomy))
            for name, frame in zip(names, sets, strict=True)}
    return result


def run(params: Params) -> None:
    """Run ``eval_answer`` (``python -m pipeline eval_answer``)."""
    labelled_scores = tables.read_table(params.paths.processed, tables.LABELLED_QUESTION_SCORES)
    result = evaluate(params, labelled_scores)
    common.write_metrics("eval_answer", result)
    dev = result["dev"]
    text = (f"utvikling: spørsmål presisjon/treff {dev['questions']['precision']:.2f}/"
            f"{dev['questions']['recall']:.2f}, standpunkt makro-F1 "
            f"{dev['stance'].get('macro_f1', 0):.2f}")
    ind = result.get("independent")
    if ind:
        text += (f"; uavhengig: spørsmål {ind['questions']['precision']:.2f}/"
                 f"{ind['questions']['recall']:.2f}, standpunkt "
                 f"{ind['stance'].get('macro_f1', 0):.2f}")
    common.summary("eval_answer", text)
