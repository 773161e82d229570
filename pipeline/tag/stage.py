"""Stage ``tag``: map every segment and submission to the booklet's themes and questions.

Reads ``submissions_prepared.parquet`` and ``segments.parquet``, computes each segment's
evidence with :class:`~pipeline.tag.tagger.ThemeTagger` (lexicon + zero-shot
embeddings), lets the learned decision layer (:mod:`pipeline.tag.learned`, trained here
by :func:`pipeline.tag.training.train_decision_layer`) decide, aggregates to
submissions with the learned submission rule, applies ``data/labels/overrides.csv`` and
writes ``submissions_tagged.parquet``, ``segments_tagged.parquet`` and
``data/metrics/tag.json``.

It also writes ``question_scores.parquet``: every booklet question's score
(:meth:`~pipeline.tag.tagger.ThemeTagger.question_scores`) for each segment, and
``question_scores_labelled.parquet``: the same for each row of the labelled question/stance
sets the answer stage calibrates on and is measured on (``params.answer.scored_files``).
They carry scores only, never a label: the answer stage reads them instead of the tagger's
code. The labelled sets' scores have their own file because they do not depend on the inbox:
adding a file then leaves that file's hash unchanged, and DVC skips ``eval_answer``.

Of the theme sets in ``data/labels/eval/`` it learns only from the ``tune`` split (training
data); never from the ``test`` split or the independent sets. The question/stance sets are
scored, not learned from.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import common, tables
from pipeline.cache import JsonStore, ModelStore
from pipeline.config import Params
from pipeline.schema import score_column
from pipeline.tag.evaluate import TextPreparer, read_jsonl
from pipeline.tag.lexicon import LexiconMatch
from pipeline.tag.overrides import (
    apply_overrides,
    read_labelled_texts,
    read_overrides,
    training_labels,
)
from pipeline.tag.tagger import Evidence, ThemeTagger, _lemmas, _texts, tagger_from_params
from pipeline.taxonomy import Taxonomy, load_taxonomy

log = logging.getLogger(__name__)

__all__ = ["SegmentEvidence", "ThemeTagger", "build_tagger", "predict_segments",
           "question_score_frame", "question_score_parts", "run", "segment_evidence",
           "tag_frames"]

QUESTION_SCORE_PART_ROWS = 20_000
"""Segments per part of ``question_scores.parquet`` (29 rows each: one row group)."""


def build_tagger(params: Params, taxonomy: Taxonomy | None = None) -> ThemeTagger:
    """The tagger configured by ``params`` (taxonomy, embedder with on-disk cache, weights)."""
    from pipeline.embeddings import embedding_cache

    taxonomy = taxonomy or load_taxonomy(params.taxonomy)
    cache = embedding_cache(params)
    unknown = set(params.tag.thresholds) - set(taxonomy.theme_ids)
    if unknown:
        log.warning("tag.thresholds nevner ukjente tema: %s", ", ".join(sorted(unknown)))
    return tagger_from_params(params.tag, taxonomy, cache, seed=params.seed)


def tag_frames(tagger: ThemeTagger, segments: pd.DataFrame, submissions: pd.DataFrame,
               overrides: pd.DataFrame | None = None, labelled: pd.DataFrame | None = None,
               cache_dir: Path | None = None, evidence: SegmentEvidence | None = None,
               ) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Tag segments and submissions (pure: no file I/O).

    Parameters
    ----------
    tagger:
        A configured tagger; fitted here when ``overrides``/``labelled`` give enough labels.
    segments, submissions:
        The prepare stage's tables.
    overrides:
        ``overrides.csv`` as read by :func:`~pipeline.tag.overrides.read_overrides`.
    labelled:
        ``themes.csv`` as read by :func:`~pipeline.tag.overrides.read_labelled_texts`.
    cache_dir:
        Where lexicon matches are cached per distinct segment (:class:`LexiconCache`);
        ``None``: no cache. Embeddings are cached by the tagger's own embedding cache.
    evidence:
        The segments' evidence when the caller has computed it already
        (:func:`segment_evidence`); ``None``: computed here. Segments are scored once per
        distinct (text, lemmas) and the results copied to the repeats.

    Returns
    -------
    (segments_tagged, submissions_tagged, metrics)
    """
    theme_ids = tagger.theme_ids
    overrides = overrides if overrides is not None else read_overrides_empty()
    if labelled is None:
        labelled = pd.DataFrame(columns=["id", "text", *theme_ids])
    examples, labels = training_labels(segments, overrides, labelled, theme_ids)
    if len(examples) and not tagger.uses_decision_layer:
        # Without the learned layer analysts' labels train the older embedding classifier
        # that is blended into the evidence score; with it they are its training labels.
        tagger.fit(examples, labels, classifier=True)
    if len(segments):
        if evidence is None:
            evidence = segment_evidence(tagger, segments, cache_dir)
        tagged = predict_segments(tagger, segments, evidence)
    else:
        tagged = _empty_tagged(segments, theme_ids)
    subs = tagger.aggregate(tagged, submissions)
    tagged, subs, report = apply_overrides(tagged, subs, overrides, theme_ids)
    metrics = {
        "taxonomy": tagger.taxonomy.id,
        "embedder": tagger.cache.embedder.name if tagger.cache is not None else "",
        "n_segments": len(tagged),
        "n_submissions": len(subs),
        "classifier_used": tagger.uses_classifier,
        "decision_layer_used": tagger.uses_decision_layer,
        "submission_thresholds": {t: tagger.submission_threshold_for(t) for t in theme_ids},
        "classifier_themes": sorted(tagger.classifiers_),
        "n_training_examples": len(examples),
        "segments_per_theme": {t: sum(t in ts for ts in tagged["themes"]) for t in theme_ids},
        "submissions_per_theme": {t: sum(t in ts for ts in subs["themes"]) for t in theme_ids},
        "segments_off_topic_share": _share(tagged["themes"].map(len) == 0),
        "submissions_off_topic_share": _share(subs["themes"].map(len) == 0),
        "segments_with_question": int((tagged["question_id"] != "").sum()),
        "thresholds": {t: tagger.threshold_for(t) for t in theme_ids},
        **report.as_metrics(),
    }
    return tagged, subs, metrics


class LexiconCache(JsonStore):
    """Lexicon matches per distinct (text, lemmas) in ``<directory>/lexicon.sqlite``.

    Matching every seed-term pattern is linear in the corpus (about 1 ms per segment), so
    a re-run after adding one file would redo it for every segment; the cache keeps one
    row per segment keyed by a hash of its text, its lemmas and :meth:`digest` (the
    lexicon code, the taxonomy and the matcher's settings).
    """

    def __init__(self, directory: Path | None, tagger: ThemeTagger):
        super().__init__(None if directory is None else Path(directory) / "lexicon.sqlite",
                         table="matches")
        self.digest = self._digest(tagger)

    @staticmethod
    def _digest(tagger: ThemeTagger) -> str:
        import pipeline.tag.lexicon as lexicon_module

        matcher = tagger.lexicon
        code = Path(lexicon_module.__file__).read_text(encoding="utf-8")
        return common.short_hash(code, tagger.taxonomy.model_dump_json(),
                                 repr(matcher.weak_factor), repr(matcher.negative_damping))

    def key(self, text: str, lemmas: list[str] | None) -> str:
        return common.short_hash(self.digest, text, "\x1f".join(lemmas or []), length=40)


def _cached_lexicon(tagger: ThemeTagger, texts: list[str], lemmas: list[list[str]] | None,
                    cache_dir: Path | None) -> LexiconMatch:
    """``tagger.lexicon.match(texts, lemmas)``, reading and writing :class:`LexiconCache`."""
    if cache_dir is None:
        return tagger.lexicon.match(texts, lemmas)
    cache = LexiconCache(cache_dir, tagger)
    keys = [cache.key(t, lemmas[i] if lemmas is not None else None)
            for i, t in enumerate(texts)]
    found = cache.get_many(keys)
    todo = [i for i, k in enumerate(keys) if k not in found]
    if todo:
        fresh = tagger.lexicon.match([texts[i] for i in todo],
                                     [lemmas[i] for i in todo] if lemmas is not None else None)
        new = {keys[i]: {"scores": fresh.scores[j].tolist(), "terms": fresh.terms[j],
                         "question_hits": fresh.question_hits[j],
                         "negative": fresh.negative[j].tolist(),
                         "strong": fresh.strong[j].tolist(),
                         "angle": fresh.angle[j].tolist()}
               for j, i in enumerate(todo)}
        cache.put_many(new)
        found.update(new)
    rows = [found[k] for k in keys]
    k = len(tagger.theme_ids)
    return LexiconMatch(
        scores=np.array([r["scores"] for r in rows], dtype=float).reshape(len(rows), k),
        terms=[r["terms"] for r in rows],
        question_hits=[r["question_hits"] for r in rows],
        negative=np.array([r["negative"] for r in rows], dtype=bool).reshape(len(rows), k),
        strong=np.array([r["strong"] for r in rows], dtype=bool).reshape(len(rows), k),
        angle=np.array([r.get("angle", [True] * k) for r in rows],
                       dtype=bool).reshape(len(rows), k),
    )


@dataclass(frozen=True)
class SegmentEvidence:
    """The tagger's evidence for a segment table, kept once per distinct (text, lemmas).

    Campaign copies and repeated lines make many segments identical, with the same
    evidence. Expanded to every row (each with its 384-dimension embedding), it was the
    tag stage's largest allocation at 50 000 submissions.

    Attributes
    ----------
    distinct:
        The evidence of the distinct rows.
    codes:
        ``(n_segments,)`` each segment's row in ``distinct``.
    first:
        ``(n_distinct,)`` the position of each distinct row's first segment.
    """

    distinct: Evidence
    codes: np.ndarray
    first: np.ndarray

    def __len__(self) -> int:
        return len(self.codes)

    def rows(self, start: int = 0, stop: int | None = None) -> Evidence:
        """The evidence of segments ``start:stop``, one row per segment."""
        return self.distinct.subset(self.codes[start:stop])


def segment_evidence(tagger: ThemeTagger, segments: pd.DataFrame,
                     cache_dir: Path | None = None) -> SegmentEvidence:
    """The tagger's evidence for ``segments`` (as :meth:`ThemeTagger.evidence`), computed
    once per distinct (text, lemmas) and, with ``cache_dir``, lexicon matches cached.
    """
    column = "text_redacted" if "text_redacted" in segments.columns else "text"
    texts = segments[column].fillna("").astype(str)
    if "lemmas" in segments.columns:
        lemmas = segments["lemmas"].map(
            lambda v: "\x1f".join(map(str, v)) if v is not None and not isinstance(v, str)
            else "")
        keys = texts + "\x1e" + lemmas
    else:
        keys = texts
    codes, uniques = pd.factorize(keys, sort=False)
    first = pd.Series(range(len(segments))).groupby(codes).first().to_numpy()
    distinct = segments.iloc[first]
    texts_d = _texts(distinct)
    lex = _cached_lexicon(tagger, texts_d, _lemmas(distinct), cache_dir)
    zs = tagger.zeroshot.evidence(texts_d) if tagger.zeroshot is not None else None
    return SegmentEvidence(Evidence(lex, zs), np.asarray(codes, dtype=np.int64),
                           np.asarray(first, dtype=np.int64))


def predict_segments(tagger: ThemeTagger, segments: pd.DataFrame,
                     evidence: SegmentEvidence) -> pd.DataFrame:
    """``tagger.predict(segments, evidence)`` for every segment, predicted once per
    distinct segment: every step of the prediction is row by row, so a repeat gets its
    first copy's scores, themes, question and explanation."""
    distinct = tagger.predict(segments.iloc[evidence.first], evidence.distinct)
    codes = evidence.codes
    out = segments.copy()
    # What predict sets (the prepared table has empty score, theme and question columns).
    predicted = [*(score_column(t) for t in tagger.theme_ids), "themes", "question_id",
                 "explanation"]
    for column in predicted:
        values = distinct[column].to_numpy()
        if column == "themes":  # a list each, not shared between rows
            out[column] = [list(values[c]) for c in codes]
        else:
            out[column] = values[codes]
    return out


def question_score_frame(tagger: ThemeTagger, evidence: Evidence | None, ids: Sequence[str],
                         source: str = "") -> pd.DataFrame:
    """The question scores of ``evidence``'s rows as the long ``question_scores`` table:
    ``source``, ``id`` (``ids``, one per row), ``question_id`` (taxonomy order), ``score``."""
    if evidence is None or not len(ids):
        return _question_score_rows(tagger, np.zeros((0, len(tagger.taxonomy.question_ids))),
                                    [], source)
    return _question_score_rows(tagger, _clipped_question_scores(tagger, evidence), ids, source)


def question_score_parts(tagger: ThemeTagger, evidence: SegmentEvidence | None,
                         ids: Sequence[str], rows_per_part: int = QUESTION_SCORE_PART_ROWS,
                         ) -> Iterator[pd.DataFrame]:
    """The inbox's ``question_scores`` table (:func:`question_score_frame` of every
    segment) in parts of ``rows_per_part`` segments, for
    :func:`pipeline.tables.write_table_parts`: scored once per distinct segment, and never
    whole (29 rows per segment, 12 million at 50 000 submissions). Always at least one
    part."""
    if evidence is None or not len(ids):
        yield question_score_frame(tagger, None, [])
        return
    scores = _clipped_question_scores(tagger, evidence.distinct)
    for start in range(0, len(ids), rows_per_part):
        stop = min(start + rows_per_part, len(ids))
        yield _question_score_rows(tagger, scores[evidence.codes[start:stop]],
                                   ids[start:stop], "")


def _clipped_question_scores(tagger: ThemeTagger, evidence: Evidence) -> np.ndarray:
    return np.clip(tagger.question_scores(evidence), 0.0, 1.0)


def _question_score_rows(tagger: ThemeTagger, scores: np.ndarray, ids: Sequence[str],
                         source: str) -> pd.DataFrame:
    qids = list(tagger.taxonomy.question_ids)
    ids = [str(i) for i in ids]
    return pd.DataFrame({
        "source": source,
        "id": np.repeat(np.asarray(ids, dtype=object), len(qids)),
        "question_id": np.tile(np.asarray(qids, dtype=object), len(ids)),
        "score": scores.reshape(-1).round(6),
    })


def score_question_sets(tagger: ThemeTagger, params: Params, preparer: TextPreparer,
                        cache_dir: Path | None = None) -> pd.DataFrame:
    """The question scores of the labelled question/stance sets of
    ``params.answer.scored_files`` (texts lemmatised like the tag stage's training letters).
    Only ``id`` and ``text`` of each row are read; a missing file is skipped (the answer
    stage says so when it needs it)."""
    labels = Path(params.paths.labels)
    frames = []
    for name in params.answer.scored_files(labels):
        path = labels / name
        if not path.exists():
            log.warning("answer: %s finnes ikke, ikke skåret", path)
            continue
        rows = read_jsonl(path)
        texts = rows["text"].astype(str).tolist() if len(rows) else []
        frame = pd.DataFrame({"text_redacted": texts})
        frame["lemmas"] = preparer.lemmatize(texts) if texts else []
        evidence = segment_evidence(tagger, frame, cache_dir).rows() if texts else None
        ids = rows["id"].astype(str).tolist() if texts else []
        frames.append(question_score_frame(tagger, evidence, ids, source=name))
    if not frames:
        return question_score_frame(tagger, None, [])
    return pd.concat(frames, ignore_index=True)


def read_overrides_empty() -> pd.DataFrame:
    """An empty overrides table."""
    return pd.DataFrame(columns=["id", "theme_id", "action", "comment"])


def _share(mask: pd.Series) -> float:
    return float(mask.mean()) if len(mask) else 0.0


def _empty_tagged(segments: pd.DataFrame, theme_ids: tuple[str, ...]) -> pd.DataFrame:
    out = segments.copy()
    for t in theme_ids:
        out[score_column(t)] = pd.Series(dtype=float)
    out["themes"] = pd.Series(dtype=object)
    out["question_id"] = pd.Series(dtype=str)
    out["explanation"] = pd.Series(dtype=str)
    return out


def run(params: Params) -> None:
    """Run the ``tag`` stage (``python -m pipeline tag``)."""
    started = time.perf_counter()
    taxonomy = load_taxonomy(params.taxonomy)
    theme_ids = taxonomy.theme_ids
    processed = params.paths.processed
    submissions = tables.read_table(processed, tables.SUBMISSIONS_PREPARED, theme_ids)
    segments = tables.read_table(processed, tables.SEGMENTS, theme_ids)
    for column in ("chosen_theme", "question_hint"):
        if column not in submissions.columns:
            submissions[column] = ""
    tagger = build_tagger(params, taxonomy)
    overrides = read_overrides(params.paths.labels / "overrides.csv")
    labelled = read_labelled_texts(params.paths.labels / "themes.csv", theme_ids)
    from pipeline.tag.training import train_decision_layer

    preparer = TextPreparer(params.prepare.model, params.prepare.min_segment_chars,
                            params.prepare.max_segment_chars, params.prepare.batch_size,
                            cache_dir=params.paths.cache)
    training = train_decision_layer(tagger, params, overrides=overrides, labelled=labelled,
                                    segments=segments, preparer=preparer,
                                    store=ModelStore(params.paths.cache / "tag-models"))
    cache_dir = params.paths.cache / "lexicon"
    evidence = segment_evidence(tagger, segments, cache_dir) if len(segments) else None
    seg_tagged, sub_tagged, metrics = tag_frames(tagger, segments, submissions, overrides, labelled,
                                                 cache_dir=cache_dir, evidence=evidence)
    segment_ids = segments["segment_id"].astype(str).tolist()
    del segments  # the tagged copy has every column
    labelled_scores = score_question_sets(tagger, params, preparer, cache_dir)
    metrics["question_sets_scored"] = {
        str(k): int(v) // max(1, len(taxonomy.question_ids))
        for k, v in labelled_scores["source"].value_counts().sort_index().items()}
    metrics["decision_layer"] = {**{k: v for k, v in training.items() if k != "oof"},
                                 "min_precision": params.tag.decision.min_precision}
    for frame in (seg_tagged, sub_tagged):
        for t in theme_ids:
            frame[score_column(t)] = frame[score_column(t)].astype(float).round(6)
    seg_tagged["explanation"] = seg_tagged["explanation"].fillna("").astype(str)
    sub_tagged["theme_explanation"] = sub_tagged["theme_explanation"].fillna("").astype(str)
    tables.write_table(seg_tagged, processed, tables.SEGMENTS_TAGGED, theme_ids)
    tables.write_table(sub_tagged, processed, tables.SUBMISSIONS_TAGGED, theme_ids)
    tables.write_table_parts(question_score_parts(tagger, evidence, segment_ids),
                             processed, tables.QUESTION_SCORES)
    tables.write_table(labelled_scores, processed, tables.LABELLED_QUESTION_SCORES)
    common.write_metrics("tag", metrics)
    counts = ", ".join(f"{taxonomy.theme(t).short_title or t} {n}"
                       for t, n in metrics["submissions_per_theme"].items())
    stale = f", {len(metrics['overrides_stale_ids'])} foreldede rettelser" \
        if metrics["overrides_stale_ids"] else ""
    common.summary(
        "tag",
        f"{len(sub_tagged)} innspill / {len(seg_tagged)} segmenter → {counts}; "
        f"{np.round(100 * metrics['submissions_off_topic_share']):.0f} % utenfor tema; "
        f"{metrics['overrides_applied']} rettelser{stale}"
        f"{'; klassifikator brukt' if metrics['classifier_used'] else ''}"
        f"{'; lært beslutningslag' if metrics['decision_layer_used'] else ''} "
        f"({time.perf_counter() - started:.1f} s)",
    )
