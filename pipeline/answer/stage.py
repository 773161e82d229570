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

import dataclasses
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
from pipeline.cache import JsonStore, ModelStore
from pipeline.config import Params
from pipeline.schema import answers_schema
from pipeline.taxonomy import Taxonomy, load_taxonomy

__all__ = ["AnswerCache", "answer_frames", "make_embed", "run", "segment_answers",
           "segment_key"]

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


class AnswerCache(JsonStore):
    """Each distinct segment's answers in ``<directory>/answers.sqlite``, by
    :func:`segment_key`; ``directory=None`` disables it.

    A segment's answers depend only on its own heading, text and row of question scores,
    and on the fitted models. After one new file only its segments are run through the
    models; the n-gram features of every segment were most of the stage's time (26 of 44 s
    at 10 000 submissions).
    """

    def __init__(self, directory: Path | None):
        super().__init__(None if directory is None else Path(directory) / "answers.sqlite",
                         table="answers")


def segment_key(models_key: str, heading: str, is_heading: bool, text: str,
                scores: np.ndarray) -> str:
    """What decides a segment's answers, hashed: :attr:`QuestionModels.key` (the labelled
    sets, ``params.answer``, the taxonomy and this package's code), the segment's heading,
    text and row of question scores."""
    row = np.ascontiguousarray(scores, dtype=np.float64).tobytes().hex()
    return common.short_hash(models_key, heading, str(is_heading), text, row, length=40)


def segment_answers(headings: Sequence[str], is_heading: Sequence[bool],
                    texts: Sequence[str], tag_scores: np.ndarray, taxonomy: Taxonomy,
                    models: QuestionModels) -> list[list[dict[str, Any]]]:
    """For each segment, its answers as :data:`ANSWER_COLUMNS` dicts without the ids
    (``question_id``, ``score``, ``direct``, ``stance``, ``stance_evidence``, ``demand``).

    Each segment's answers depend on its own inputs only, so segments can be answered in
    any grouping (:class:`AnswerCache` relies on it).
    """
    qids = list(taxonomy.question_ids)
    yes_no = set(taxonomy.yes_no_ids)
    n = len(texts)
    if not n:
        return []
    matcher = QuestionMatcher(taxonomy)
    under = matcher(list(headings))
    # A question line makes the answer direct; the answer is read without it, and a
    # segment that is nothing but the question answers nothing.
    asked_and_text = [_question_lines(str(t), matcher) for t in texts]
    scores = models.questions.predict_proba([t for _, t in asked_and_text], tag_scores)
    found = models.rule.assign(scores, qids)
    out: list[list[dict[str, Any]]] = []
    pending: list[tuple[dict[str, Any], str]] = []  # yes/no answers and their text
    for i in range(n):
        answers: list[dict[str, Any]] = []
        out.append(answers)
        asked, answer_text = asked_and_text[i]
        if is_heading[i] or not answer_text:
            continue
        direct = list(dict.fromkeys(under[i] + asked))
        demand = is_demand(answer_text)
        for qid in dict.fromkeys(direct + found[i]):
            is_direct = qid in direct
            score = 1.0 if is_direct else float(scores[i, qids.index(qid)])
            answer = {"question_id": qid, "score": round(score, 4), "direct": is_direct,
                      "stance": "", "stance_evidence": "", "demand": demand}
            answers.append(answer)
            if qid in yes_no:
                pending.append((answer, answer_text))
    if pending:
        preds = models.stance.explain([t for _, t in pending], [a["question_id"]
                                                                for a, _ in pending])
        for (answer, _), pred in zip(pending, preds, strict=True):
            answer["stance"], answer["stance_evidence"] = pred.stance, pred.evidence
    return out


def answer_frames(segments: pd.DataFrame, question_scores: pd.DataFrame, taxonomy: Taxonomy,
                  models: QuestionModels, cache: AnswerCache | None = None,
                  ) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The answers table and the stage's metrics. Pure apart from the optional cache.

    Parameters
    ----------
    segments:
        Contract segments (``segment_id``, ``submission_id``, ``text_redacted``) with the
        optional ``heading`` and ``is_heading``.
    question_scores:
        The tag stage's ``question_scores`` table (its ``source == ""`` rows are read).
    taxonomy, models:
        The booklet and the fitted question model, its rule and the stance model.
    cache:
        Answers of segments seen before (:class:`AnswerCache`, used when ``models`` has a
        key); ``None``: every distinct segment is answered here. The table is the same
        either way.
    """
    qids = list(taxonomy.question_ids)
    n = len(segments)
    headings = (segments["heading"].fillna("").astype(str).tolist()
                if "heading" in segments.columns else [""] * n)
    is_heading = (segments["is_heading"].fillna(False).astype(bool).tolist()
                  if "is_heading" in segments.columns else [False] * n)
    texts = segments["text_redacted"].tolist()
    tag_scores = score_matrix(question_scores, "", segments["segment_id"].tolist(), qids)
    # Identical segments (campaign copies, repeated lines) are answered once; models without
    # a key (fitted outside fit_from_files) share nothing with a cache.
    keys = [segment_key(models.key, headings[i], is_heading[i], str(texts[i]), tag_scores[i])
            for i in range(n)]
    if not models.key:
        cache = None
    known = cache.get_many(keys) if cache is not None else {}
    todo: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key not in known and key not in todo:
            todo[key] = i
    rows_todo = list(todo.values())
    fresh = dict(zip(todo, segment_answers(
        [headings[i] for i in rows_todo], [is_heading[i] for i in rows_todo],
        [texts[i] for i in rows_todo], tag_scores[rows_todo], taxonomy, models), strict=True))
    if cache is not None and fresh:
        cache.put_many(fresh)
    known.update(fresh)
    rows = [{"segment_id": str(sid), "submission_id": str(sub), **answer}
            for sid, sub, key in zip(segments["segment_id"], segments["submission_id"], keys,
                                     strict=True)
            for answer in known[key]]
    out = pd.DataFrame(rows, columns=list(ANSWER_COLUMNS))
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
    models = dataclasses.replace(fit_models(params.answer, taxonomy, calibration, scores,
                                            training, embed, params.seed), key=key)
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
    answers, metrics = answer_frames(segments, question_scores, taxonomy, models,
                                     AnswerCache(Path(params.paths.cache) / "answers"))
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
