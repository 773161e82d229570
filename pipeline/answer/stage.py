"""Stage ``answer``: which booklet questions each segment answers, and the stance of the
answers to the yes/no questions.

Reads the tag stage's tables (``segments_tagged.parquet``, ``question_scores.parquet`` and
``question_scores_labelled.parquet``, never its code) and the labelled question/stance
sets; fits the question model, its rule and the stance model (:mod:`.models`) and writes
``answers.parquet`` (contract: :func:`pipeline.schema.answers_schema`): one row per
(segment, question) answer with ``score`` (the question model's probability; 1.0 for a
direct answer), ``direct`` (the segment stands under a form column or heading that is the
question), ``stance``
(``ja``/``nei``/``delvis``/``uklart`` on yes/no questions, else ``""``),
``stance_evidence`` (the deciding sentence, redacted text) and ``demand`` (the answer asks
for something rather than stating how things are). Metrics: ``data/metrics/answer.json``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline import common, tables
from pipeline.answer.assign import QuestionMatcher, score_matrix
from pipeline.answer.labels import read_sets
from pipeline.answer.models import QuestionModels, fit_models
from pipeline.answer.stance import Embed, is_demand
from pipeline.cache import ModelStore
from pipeline.config import Params
from pipeline.schema import answers_schema
from pipeline.taxonomy import Taxonomy, load_taxonomy

__all__ = ["answer_frames", "make_embed", "run"]

ANSWER_COLUMNS: tuple[str, ...] = tuple(answers_schema().columns)


def _question_lines(text: str, matcher: QuestionMatcher) -> tuple[list[str], str]:
    """The questions that lines of ``text`` ask (a form answer keeps its column header, the
    question, as its first line) and the text without those lines."""
    lines = str(text).split("\n")
    named = matcher(lines)
    asked = {j for j, line in enumerate(lines) if named[j] and line.strip().endswith("?")}
    found = [q for j in sorted(asked) for q in named[j]]
    rest = "\n".join(line for j, line in enumerate(lines) if j not in asked).strip()
    return found, rest


def answer_frames(segments: pd.DataFrame, question_scores: pd.DataFrame, taxonomy: Taxonomy,
                  models: QuestionModels) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The answers table and the stage's metrics. Pure.

    Parameters
    ----------
    segments:
        Contract segments (``segment_id``, ``submission_id``, ``text_redacted``) with the
        optional ``heading`` and ``is_heading``.
    question_scores:
        The tag stage's ``question_scores`` table (its ``source == ""`` rows are read).
    taxonomy, models:
        The booklet and the fitted question model, its rule and the stance model.
    """
    qids = list(taxonomy.question_ids)
    yes_no = set(taxonomy.yes_no_ids)
    n = len(segments)
    headings = (segments["heading"].fillna("").astype(str).tolist()
                if "heading" in segments.columns else [""] * n)
    is_heading = (segments["is_heading"].fillna(False).astype(bool).tolist()
                  if "is_heading" in segments.columns else [False] * n)
    tag_scores = score_matrix(question_scores, "", segments["segment_id"].tolist(), qids)
    matcher = QuestionMatcher(taxonomy)
    under = matcher(headings)
    # A question line makes the answer direct; the answer is read without it, and a
    # segment that is nothing but the question answers nothing.
    asked_and_text = [_question_lines(str(t), matcher) for t in segments["text_redacted"]]
    scores = models.questions.predict_proba([t for _, t in asked_and_text], tag_scores)
    found = models.rule.assign(scores, qids) if n else []
    rows: list[dict[str, Any]] = []
    texts: list[str] = []
    for i, (sid, sub) in enumerate(zip(segments["segment_id"], segments["submission_id"],
                                       strict=True)):
        asked, answer_text = asked_and_text[i]
        if is_heading[i] or not answer_text:
            continue
        direct = list(dict.fromkeys(under[i] + asked))
        for qid in dict.fromkeys(direct + found[i]):
            is_direct = qid in direct
            score = 1.0 if is_direct else float(scores[i, qids.index(qid)])
            rows.append({"segment_id": str(sid), "submission_id": str(sub), "question_id": qid,
                         "score": round(score, 4), "direct": is_direct, "stance": "",
                         "stance_evidence": "", "demand": is_demand(answer_text)})
            texts.append(answer_text)
    out = pd.DataFrame(rows, columns=list(ANSWER_COLUMNS))
    need = out["question_id"].isin(yes_no).to_numpy()
    if need.any():
        preds = models.stance.explain([t for t, k in zip(texts, need, strict=True) if k],
                                      out.loc[need, "question_id"].tolist())
        out.loc[need, "stance"] = [p.stance for p in preds]
        out.loc[need, "stance_evidence"] = [p.evidence for p in preds]
    out = out.astype({"direct": bool, "demand": bool, "score": float}).reset_index(drop=True)
    stances = out.loc[out["stance"] != "", "stance"].value_counts().sort_index()
    metrics: dict[str, Any] = {
        "question_threshold": models.rule.threshold,
        "question_margin": models.rule.margin,
        "calibration": models.calibration,
        "n_calibration": models.n_calibration,
        "n_stance_training": models.n_stance_training,
        "n_answers": len(out),
        "n_direct_answers": int(out["direct"].sum()),
        "n_segments_answering": int(out["segment_id"].nunique()),
        "n_questions_answered": int(out["question_id"].nunique()),
        "stances": {str(k): int(v) for k, v in stances.items()},
    }
    return out, metrics


def make_embed(params: Params) -> Embed | None:
    """``texts -> vectors`` of the project's embedder (``params.embedder``, ``passage:``)
    through its on-disk cache; ``None`` when the stance model uses no embeddings."""
    if params.answer.stance.embedding_weight <= 0:
        return None
    from pipeline.embeddings import embedding_cache

    cache = embedding_cache(params)

    def embed(texts: Sequence[str]) -> np.ndarray:
        return cache.embed(list(texts), "passage")

    return embed


def models_key(params: Params, taxonomy: Taxonomy, calibration: pd.DataFrame,
               scores: np.ndarray, training: pd.DataFrame, embedded: bool) -> str:
    """A digest of everything :func:`~pipeline.answer.models.fit_models` sees: the labelled
    rows and their scores, ``params.answer``, the seed, the embedder (when the stance model
    embeds), the taxonomy and the code of this package and of scikit-learn."""
    import sklearn

    return common.short_hash(
        common.source_digest(Path(__file__).resolve().parent),
        taxonomy.model_dump_json(), sklearn.__version__, params.answer.model_dump_json(),
        str(params.seed), params.embedder.model_dump_json() if embedded else "",
        common.frame_digest(calibration), common.frame_digest(training),
        common.short_hash(np.ascontiguousarray(scores, dtype=np.float64).tobytes().hex()),
        length=24)


def fit_from_files(params: Params, taxonomy: Taxonomy, question_scores: pd.DataFrame,
                   calibration_files: Sequence[str], training_files: Sequence[str],
                   embed: Embed | None, store: ModelStore | None = None) -> QuestionModels:
    """:func:`~pipeline.answer.models.fit_models` on labelled files (relative to
    ``params.paths.labels``), with their question scores from the tag stage's
    ``question_scores_labelled`` table (``question_scores``).

    With ``store`` the fitted models are kept under :func:`models_key` and read back while
    the labelled rows, their scores, the parameters and the code are the same: they do not
    depend on the inbox, and fitting them is most of the stage's time (about 45 s).
    """
    labels = Path(params.paths.labels)
    calibration = read_sets(labels, calibration_files, taxonomy, params.answer.booklet_questions)
    scores = np.zeros((len(calibration), len(taxonomy.question_ids)))
    for source, group in calibration.groupby("source", sort=False):
        scores[group.index.to_numpy()] = score_matrix(
            question_scores, str(source), group["id"].tolist(), taxonomy.question_ids)
    training = read_sets(labels, training_files, taxonomy, params.answer.booklet_questions)
    key = models_key(params, taxonomy, calibration, scores, training, embed is not None)
    externals: dict[str, object] = {"embed": embed} if embed is not None else {}
    stored = store.get(key, externals) if store is not None else None
    if isinstance(stored, QuestionModels):
        return stored
    models = fit_models(params.answer, taxonomy, calibration, scores, training, embed,
                        params.seed)
    if store is not None:
        store.put(key, models, externals)
    return models


def run(params: Params) -> None:
    """Run the ``answer`` stage (``python -m pipeline answer``)."""
    started = time.perf_counter()
    taxonomy = load_taxonomy(params.taxonomy)
    processed = params.paths.processed
    segments = tables.read_table(processed, tables.SEGMENTS_TAGGED, taxonomy.theme_ids)
    question_scores = tables.read_table(processed, tables.QUESTION_SCORES)
    labelled_scores = tables.read_table(processed, tables.LABELLED_QUESTION_SCORES)
    models = fit_from_files(params, taxonomy, labelled_scores,
                            params.answer.question.calibration_files,
                            params.answer.stance.training_files, make_embed(params),
                            ModelStore(Path(params.paths.cache) / "answer-models"))
    answers, metrics = answer_frames(segments, question_scores, taxonomy, models)
    target = params.answer.question.min_precision
    reached = float(models.calibration.get("precision", 0.0))
    # calibrate() falls back to the best F1 when no rule reaches the target: say so
    metrics["min_precision_met"] = reached >= target
    tables.write_table(answers, processed, tables.ANSWERS)
    common.write_metrics("answer", metrics)
    shortfall = "" if metrics["min_precision_met"] else (
        f"; ADVARSEL: ingen terskel gir presisjon ≥ {target:g} på de merkede settene "
        f"(beste regel: {reached:.2f}), den med best F1 er brukt")
    common.summary(
        "answer",
        f"{metrics['n_answers']} svar fra {metrics['n_segments_answering']} segmenter på "
        f"{metrics['n_questions_answered']} av {len(taxonomy.question_ids)} spørsmål; "
        f"terskel {models.rule.threshold}{shortfall} "
        f"({time.perf_counter() - started:.1f} s)")
