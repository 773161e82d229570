"""Stage ``cluster``: group recurring proposals into topics and count who stands behind them.

Reads ``submissions_tagged.parquet`` and ``segments_tagged.parquet``; writes
``topics.parquet``, ``segments_clustered.parquet`` (segments + ``topic_id``,
``topic_probability``) and ``data/metrics/cluster.json``.

1. Units (:mod:`.units`): proposal segments (all on-theme segments when there are fewer
   than ``cluster.min_proposals``), campaign copies and exact duplicates once.
2. Embeddings through the shared on-disk :class:`~pipeline.embeddings.EmbeddingCache`
   (E5 ``passage:``), so a rerun embeds only new texts.
3. BERTopic (:mod:`.model`): UMAP/HDBSCAN scaled to corpus size, Norwegian lemma
   CountVectorizer, c-TF-IDF, KeyBERTInspired + MMR keywords, outlier reduction. When few
   units are new since the last fit (``cluster.refit_share``), :mod:`.incremental` places
   them into the existing topics instead, and the other units keep theirs.
4. Topics are mapped back to every copy, analysts' corrections (``data/labels/topics.yaml``,
   :mod:`.overrides`) applied, and each topic described (:func:`describe_topics`): a readable
   label, keywords, dominant theme, counts of distinct submissions and organisations,
   submitter types, fylker and 3–5 diverse representative segments.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pipeline import common, tables
from pipeline.config import Params
from pipeline.schema import NO_TOPIC, THEME_IDS, empty_topics

if TYPE_CHECKING:
    from pipeline.cluster.overrides import PreviousTopics

log = logging.getLogger(__name__)

__all__ = ["cluster_frames", "describe_topics", "run"]


def _unit(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v)
    return v / norm if norm > 0 else v


def mmr_select(
    embeddings: np.ndarray, centroid: np.ndarray, k: int = 5, diversity: float = 0.5
) -> list[int]:
    """Maximal marginal relevance: central first, then central-but-different ones."""
    if len(embeddings) == 0:
        return []
    relevance = embeddings @ centroid
    chosen = [int(np.argmax(relevance))]
    while len(chosen) < min(k, len(embeddings)):
        redundancy = (embeddings @ embeddings[chosen].T).max(axis=1)
        score = (1 - diversity) * relevance - diversity * redundancy
        score[chosen] = -np.inf
        chosen.append(int(np.argmax(score)))
    return chosen


def topic_label(
    texts: list[str], embeddings: np.ndarray, centroid: np.ndarray, keywords: list[str]
) -> str:
    """A short Norwegian phrase: the key clause of the most central member proposal."""
    from pipeline.cluster.text import keyword_phrase, shorten_to_clause

    order = np.argsort(-(embeddings @ centroid), kind="stable")[:6]
    candidates = []
    for rank, i in enumerate(order):
        label = shorten_to_clause(texts[int(i)])
        words = label.split()
        if not (12 <= len(label) <= 95 and len(words) >= 3):
            continue
        # prefer self-contained proposals: a modal verb, no anaphoric opening
        penalty = rank + 3 * (not _MODAL.search(label)) + 4 * bool(_ANAPHORA.match(label))
        candidates.append((penalty, rank, label))
    if candidates:
        return min(candidates)[2]
    return keyword_phrase(keywords)


_MODAL = re.compile(
    r"\b(må|bør|skal|skulle|burde|vil|krev|krever|trengs|trengst|should|must|"
    r"forby|innfør|styrk|øk|doble|fjern|gi|sikre|lovfest)\w*\b",
    re.IGNORECASE,
)
_ANAPHORA = re.compile(
    r"^(det samme|dette|denne|disse|slik|sånn|også|de |det gjelder|her |da )", re.IGNORECASE
)


def _top_terms(docs: list[str], k: int) -> list[str]:
    """Most frequent non-stop lemmas (keywords for topics the analysts built by hand)."""
    from pipeline.cluster.text import norwegian_stop_words

    stop = set(norwegian_stop_words())
    counts = Counter(w for d in docs for w in d.split() if w not in stop and len(w) > 2)
    return [w for w, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:k]]


def _dominant_theme(theme_lists) -> str:
    counts = Counter(t for themes in theme_lists for t in themes)
    if not counts:
        return ""
    order = {t: i for i, t in enumerate(THEME_IDS)}
    return sorted(counts.items(), key=lambda x: (-x[1], order.get(x[0], 99), x[0]))[0][0]


def _json_counts(values) -> str:
    counts = Counter(v for v in values if v)
    return json.dumps(dict(sorted(counts.items(), key=lambda x: (-x[1], x[0]))), ensure_ascii=False)


def describe_topics(
    segments: pd.DataFrame,
    submissions: pd.DataFrame,
    unit_pos: pd.Series,
    units: pd.DataFrame,
    embeddings: np.ndarray,
    docs: list[str],
    keywords: dict[int, list[str]],
    forced: dict[int, str],
    top_n: int,
    label_space: np.ndarray | None = None,
) -> tuple[pd.DataFrame, pd.Series, dict[int, np.ndarray]]:
    """One row per topic; topic ids renumbered by support (most submissions first).

    ``segments['topic_id']`` holds the (pre-renumbering) topic of every segment,
    ``unit_pos`` the unit row of each selected segment (by segment_id). Centroids (kept
    to match topics across runs) are taken in ``embeddings``; labels and representative
    quotes in ``label_space`` (default ``embeddings``).
    Returns (topics, new id per old id as a Series, centroids by new id).
    """
    from pipeline.cluster.text import surface_keywords

    subs = submissions.set_index("submission_id")
    rows, centroids = [], {}
    for topic in sorted(set(segments["topic_id"]) - {NO_TOPIC}):
        members = segments[segments["topic_id"] == topic]
        upos = sorted({int(unit_pos[s]) for s in members["segment_id"] if s in unit_pos.index})
        if not upos:
            continue
        centroid = _unit(embeddings[upos].mean(axis=0))
        vectors = (label_space if label_space is not None else embeddings)[upos]
        middle = _unit(vectors.mean(axis=0))
        # pandas-stubs leaves out iloc with a list of positions, which pandas documents.
        texts = units["text_redacted"].iloc[upos].tolist()  # type: ignore[call-overload]
        kws = keywords.get(topic) or surface_keywords(
            _top_terms([docs[i] for i in upos], top_n), texts
        )
        label = forced.get(topic) or topic_label(texts, vectors, middle, kws)
        reps = [units["segment_id"].iloc[upos[i]] for i in mmr_select(vectors, middle, 5)]
        sub_ids = sorted(set(members["submission_id"]))
        meta = subs.reindex(sub_ids)
        orgs = {o.strip().casefold() for o in meta["organisation"].fillna("") if o.strip()}
        rows.append(
            {
                "old_id": topic,
                "label": label,
                "keywords": list(kws),
                "theme": _dominant_theme(members["themes"]),
                "n_segments": len(members),
                "n_submissions": len(sub_ids),
                "n_organisations": len(orgs),
                "submitter_types": _json_counts(meta["submitter_type"].fillna("")),
                "fylker": _json_counts(meta["fylke"].fillna("")),
                "representative_segment_ids": reps,
                "_centroid": centroid,
            }
        )
    if not rows:
        topics = empty_topics()
        topics["submitter_types"] = pd.Series(dtype=object)
        topics["fylker"] = pd.Series(dtype=object)
        return topics, pd.Series(dtype=int), {}
    frame = pd.DataFrame(rows).sort_values(
        ["n_submissions", "n_segments", "label"], ascending=[False, False, True], kind="stable"
    )
    frame["topic_id"] = range(len(frame))
    mapping = pd.Series(frame["topic_id"].to_numpy(), index=frame["old_id"].to_numpy())
    centroids = dict(zip(frame["topic_id"], frame["_centroid"], strict=True))
    columns = [
        "topic_id",
        "label",
        "keywords",
        "theme",
        "n_segments",
        "n_submissions",
        "n_organisations",
        "representative_segment_ids",
        "submitter_types",
        "fylker",
    ]
    return frame[columns].reset_index(drop=True), mapping, centroids


def cluster_frames(
    segments: pd.DataFrame,
    submissions: pd.DataFrame,
    params: Params,
    cache,
    overrides: dict | None = None,
    previous=None,
    redacted_words: frozenset[str] = frozenset(),
) -> tuple[pd.DataFrame, pd.DataFrame, dict, PreviousTopics]:
    """The stage without file I/O. ``redacted_words``: the words of the analysts' missed
    redactions (``redactions.csv``, :func:`pipeline.labels.redaction_words`); a keyword kept
    from an earlier fit that contains one is dropped (the texts and lemmas the prepare stage
    hands on no longer have them, but the cached fit's keywords may).

    Returns ``(segments_clustered, topics, metrics, state)``; ``state`` is a
    :class:`~pipeline.cluster.overrides.PreviousTopics` to store for the next run.
    """
    from pipeline.cluster.incremental import (
        FitState,
        fit_fingerprint,
        harmonise_twins,
        plan_update,
        unit_key,
        update_fit,
    )
    from pipeline.cluster.model import fit_topics
    from pipeline.cluster.overrides import PreviousTopics, Resolver, apply_overrides
    from pipeline.cluster.units import clustering_inputs
    from pipeline.cluster.whitening import fit_whitening
    from pipeline.embeddings import bertopic_backend

    cp = params.cluster
    overrides = overrides or {}
    previous = previous or PreviousTopics()
    hits0, misses0 = cache.hits, cache.misses
    out = segments.copy().reset_index(drop=True)
    inputs = clustering_inputs(out, submissions, params, cache)
    source, units, unit_of = inputs.source, inputs.units, inputs.unit_of
    docs, texts, embeddings = inputs.docs, inputs.texts, inputs.embeddings
    # Every use of the embeddings below (clustering, outliers, centroids for the analysts'
    # corrections and for the next run) is in the whitened space.
    whitening = fit_whitening(params, cache)
    if whitening is not None and len(embeddings):
        embeddings = whitening.transform(embeddings)
    languages = units["language"].fillna("").tolist()
    weights = units["n_copies"].to_numpy()
    keys = [unit_key(d, t, lang) for d, t, lang in zip(docs, texts, languages, strict=True)]
    fingerprint = fit_fingerprint(cp, params.seed,
                                  whitening.digest() if whitening is not None else "")
    update, how = plan_update(previous.fit, keys, fingerprint, cp.refit_share)
    if update:
        fit = update_fit(previous.fit, keys, docs, embeddings, texts, weights, languages,
                         cp, params.seed)
        n_new = int((~previous.fit.known(keys)).sum())
        fit_state = previous.fit.extended(keys, fit, n_new)
    else:
        fit = fit_topics(
            docs,
            embeddings,
            cp,
            params.seed,
            bertopic_backend(cache),
            weights=weights,
            texts=texts,
            languages=languages,
        )
        fit = harmonise_twins(fit, keys)
        fit_state = FitState.from_fit(fingerprint, keys, fit)
    # Labels and quotes are chosen in the space the clusterer saw: there, generic
    # sentences are not "central" the way they are in raw (anisotropic) E5 space.
    label_space = (
        fit.vectors if fit.vectors is not None and len(fit.vectors) == len(units) else embeddings
    )

    # map unit topics back to every copy
    unit_topic = pd.Series(fit.topics, dtype=int)
    unit_prob = pd.Series(fit.probabilities, dtype=float)
    seg_unit = out["segment_id"].map(unit_of)
    has_unit = seg_unit.notna()
    topic_of = pd.Series(NO_TOPIC, index=out.index, dtype=int)
    topic_of[has_unit] = unit_topic.iloc[seg_unit[has_unit].astype(int)].to_numpy()
    prob = pd.Series(np.nan, index=out.index, dtype=float)
    prob[has_unit] = unit_prob.iloc[seg_unit[has_unit].astype(int)].to_numpy()

    # analysts' corrections, matched by content
    cur_centroids, cur_labels = {}, {}
    for t in sorted(set(fit.topics.tolist()) - {NO_TOPIC}):
        idx = np.flatnonzero(fit.topics == t)
        cur_centroids[t] = _unit(embeddings[idx].mean(axis=0))
        cur_labels[t] = topic_label(
            units["text_redacted"].iloc[idx].tolist(),
            label_space[idx],
            _unit(label_space[idx].mean(axis=0)),
            fit.keywords.get(t, []),
        )
    resolver = Resolver(
        out[["segment_id", "text_redacted"]].assign(topic_id=topic_of.to_numpy()),
        cur_centroids,
        cur_labels,
        previous,
        cp.match_threshold,
    )
    next_topic = int(max(fit.topics.max(initial=-1), -1)) + 1
    before = topic_of.copy()
    topic_of, forced, report = apply_overrides(topic_of, resolver, overrides, next_topic)
    keywords = {t: [k for k in kws if not set(str(k).casefold().split()) & redacted_words]
                for t, kws in fit.keywords.items()}
    for t in set(topic_of) - {NO_TOPIC}:  # merged/split topics get fresh keywords
        if (
            t not in keywords
            or not (topic_of[before == t] == t).all()
            or not (before[topic_of == t] == t).all()
        ):
            keywords.pop(t, None)
    prob[topic_of != before] = 1.0  # analysts' decision
    prob[topic_of == NO_TOPIC] = np.nan
    out["topic_id"] = topic_of.astype(int)

    unit_pos = unit_of.astype(int)
    topics, mapping, centroids = describe_topics(
        out, submissions, unit_pos, units, embeddings, docs, keywords, forced, cp.top_n_words,
        label_space,
    )
    out["topic_id"] = out["topic_id"].map(lambda t: int(mapping.get(t, NO_TOPIC))).astype(int)
    out["topic_probability"] = prob.to_numpy()
    state = PreviousTopics(
        topics["label"].tolist(),
        np.array([centroids[t] for t in topics["topic_id"]], dtype=np.float32)
        if len(topics)
        else np.zeros((0, 0), dtype=np.float32),
        fit_state,
    )
    in_scope = has_unit.to_numpy()
    metrics = {
        "n_segments": len(out),
        "unit_source": source,
        "n_selected_segments": int(in_scope.sum()),
        "n_units": len(units),
        "n_copies_merged": int(in_scope.sum()) - len(units),
        "n_topics": len(topics),
        "outlier_share_before": fit.outlier_share_before,
        "outlier_share_after": fit.outlier_share_after,
        "selected_without_topic_share": float((out.loc[in_scope, "topic_id"] == NO_TOPIC).mean())
        if in_scope.any()
        else 0.0,
        "used_umap": fit.used_umap,
        "min_cluster_size": fit.min_cluster_size,
        "embedding_cache_hits": cache.hits - hits0,
        "embedding_cache_misses": cache.misses - misses0,
        "model_update": how,
        **report,
    }
    return out, topics, metrics, state


def run(params: Params) -> None:
    from pipeline.cluster.overrides import PreviousTopics, read_overrides
    from pipeline.embeddings import embedding_cache
    from pipeline.labels import REDACTIONS, TOPICS, read_redactions, redaction_words

    start = time.perf_counter()
    segments = tables.read_table(params.paths.processed, tables.SEGMENTS_TAGGED)
    submissions = tables.read_table(params.paths.processed, tables.SUBMISSIONS_TAGGED)
    cache = embedding_cache(params)
    labels = Path(params.paths.labels)
    overrides = read_overrides(labels / TOPICS)
    state_dir = Path(params.paths.cache) / "topics"
    out, topics, metrics, state = cluster_frames(
        segments, submissions, params, cache, overrides, PreviousTopics.load(state_dir),
        redacted_words=redaction_words(read_redactions(labels / REDACTIONS)),
    )
    tables.write_table(out, params.paths.processed, tables.SEGMENTS_CLUSTERED)
    tables.write_table(topics, params.paths.processed, tables.TOPICS)
    state.save(state_dir)
    # Wall time, cache counters and refit-or-update go to the summary line, not the metrics:
    # metrics (and the report that shows them) must not depend on the cache's state.
    elapsed = time.perf_counter() - start
    embedded = metrics.pop("embedding_cache_misses")
    metrics.pop("embedding_cache_hits")
    how = metrics.pop("model_update")
    common.write_metrics("cluster", metrics)
    stale = len(metrics["overrides_stale"])
    common.summary(
        "cluster",
        f"{metrics['n_units']} forslag → {metrics['n_topics']} gjentatte forslag, "
        f"{metrics['selected_without_topic_share']:.0%} uten gruppe"
        + (f", {stale} foreldede rettelser i topics.yaml" if stale else "")
        + f"; {how} ({embedded} nye tekster innbygd, {elapsed:.0f} s)",
    )
