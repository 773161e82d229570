"""BERTopic, assembled from small factories that each read ``params.cluster``.

Every piece is built by its own function (``make_reducer``, ``make_clusterer``,
``make_vectorizer``, ``make_ctfidf``, ``make_representation``), just as BERTopic itself
is a stack of swappable parts: to try another clusterer, replace one factory.
:func:`fit_topics` runs the whole model on precomputed embeddings and returns plain
arrays, so the stage, the evaluation and the benchmarks share one code path.

Scaling (``"auto"`` parameters) is chosen for corpora of 50 to 100 000 units:

- ``min_cluster_size`` grows slowly with the corpus (3 up to ~400 units, sqrt(n)/6 above,
  capped at 100; 17 at 10 000 units): a proposal raised by three people in a small
  consultation is recurring; in a huge one it takes more.
- ``min_samples`` equals ``min_cluster_size`` (HDBSCAN's default) unless set.
- ``n_neighbors`` for UMAP is ``sqrt(n)`` between 10 and 50.
- Below ``umap_min_units`` (default 50) UMAP is skipped: HDBSCAN then runs on the
  unit-length embeddings themselves (euclidean on unit vectors ranks like cosine).
  On the gold set (264 texts) UMAP clearly beat raw 384-d HDBSCAN, which chains distinct
  proposals together, so UMAP is used from 50 units up.
- Embeddings are centred (corpus mean removed) before everything, see :func:`center`, and
  joined with character-n-gram LSA features (:func:`make_lexical_features`).
"""

from __future__ import annotations

import logging
import math
import random
from dataclasses import dataclass, field

import numpy as np

from pipeline.config import ClusterParams

log = logging.getLogger(__name__)


def auto_min_cluster_size(n: int, params: ClusterParams) -> int:
    if params.min_cluster_size != "auto":
        return int(params.min_cluster_size)
    return int(min(100, max(3, round(math.sqrt(max(n, 1)) / 6))))


def auto_min_samples(n: int, params: ClusterParams) -> int:
    if params.min_samples != "auto":
        return int(params.min_samples)
    return auto_min_cluster_size(n, params)


def auto_n_neighbors(n: int, params: ClusterParams) -> int:
    if params.n_neighbors != "auto":
        return int(params.n_neighbors)
    return int(min(50, max(10, round(math.sqrt(max(n, 1))))))


def uses_umap(n: int, params: ClusterParams) -> bool:
    return n >= params.umap_min_units


def make_reducer(n: int, params: ClusterParams, seed: int):
    """UMAP (cosine, seeded) for large corpora; the identity below ``umap_min_units``."""
    if not uses_umap(n, params):
        from bertopic.dimensionality import BaseDimensionalityReduction

        return BaseDimensionalityReduction()
    from umap import UMAP

    return UMAP(
        n_neighbors=min(auto_n_neighbors(n, params), max(2, n - 1)),
        n_components=params.n_components,
        min_dist=0.0,
        metric="cosine",
        random_state=seed,
        low_memory=n > 20_000,
    )


def make_clusterer(n: int, params: ClusterParams):
    """HDBSCAN on the reduced vectors (euclidean), with prediction data for new documents."""
    from hdbscan import HDBSCAN

    return HDBSCAN(
        min_cluster_size=auto_min_cluster_size(n, params),
        min_samples=auto_min_samples(n, params),
        metric="euclidean",
        cluster_selection_method=params.cluster_selection_method,
        cluster_selection_epsilon=params.cluster_selection_epsilon,
        prediction_data=True,
    )


def make_vectorizer(n: int, params: ClusterParams, stop_words: list[str] | None = None):
    """Norwegian CountVectorizer over lemma strings, 1–2-grams, bokmål+nynorsk stop words."""
    from sklearn.feature_extraction.text import CountVectorizer

    from pipeline.topics.text import norwegian_stop_words

    return CountVectorizer(
        ngram_range=(1, 2),
        stop_words=stop_words if stop_words is not None else norwegian_stop_words(),
        token_pattern=r"(?u)\b[^\W\d_][\w-]+\b",
        lowercase=True,
        min_df=1 if n < 2000 else 2,
    )


def make_ctfidf(params: ClusterParams):
    from bertopic.vectorizers import ClassTfidfTransformer

    return ClassTfidfTransformer(bm25_weighting=False, reduce_frequent_words=True)


def make_representation(params: ClusterParams, seed: int):
    """KeyBERTInspired (keywords close to the topic's embedding) then MMR (diverse keywords)."""
    from bertopic.representation import KeyBERTInspired, MaximalMarginalRelevance

    if params.representation == "ctfidf":
        return None
    models = [
        KeyBERTInspired(
            top_n_words=max(10, params.top_n_words), nr_candidate_words=40, random_state=seed
        )
    ]
    if params.representation == "keybert_mmr":
        models.append(
            MaximalMarginalRelevance(diversity=params.mmr_diversity, top_n_words=params.top_n_words)
        )
    return models


def build_bertopic(
    n: int, params: ClusterParams, seed: int, embedding_model=None, with_representation: bool = True
):
    """The configured BERTopic model for a corpus of ``n`` units."""
    from bertopic import BERTopic

    return BERTopic(
        embedding_model=embedding_model,
        umap_model=make_reducer(n, params, seed),
        hdbscan_model=make_clusterer(n, params),
        vectorizer_model=make_vectorizer(n, params),
        ctfidf_model=make_ctfidf(params),
        representation_model=make_representation(params, seed) if with_representation else None,
        top_n_words=params.top_n_words,
        calculate_probabilities=False,
    )


def center(embeddings: np.ndarray) -> np.ndarray:
    """Remove the corpus mean and re-normalise.

    E5 vectors are anisotropic (any two Norwegian sentences have cosine ≈ 0.87), which
    squeezes all distances into a narrow band; centring spreads them out, so HDBSCAN's
    density and the outlier threshold mean something.
    """
    centred = embeddings - embeddings.mean(axis=0, keepdims=True)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    return (centred / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def make_lexical_features(docs: list[str], seed: int, dim: int = 150) -> np.ndarray | None:
    """Character 3–5-gram TF-IDF of the lemma strings, reduced by LSA and centred.

    Appended to the sentence embeddings (weight ``cluster.lexical_weight``): the small E5
    model misses some paraphrases that share rare word stems ("fagforeningsfradrag",
    "solidaransvar"), and typos hurt it more than character n-grams.
    """
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        tfidf = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            min_df=1 if len(docs) < 2000 else 2,
        ).fit_transform(docs)
    except ValueError:  # empty vocabulary
        return None
    components = min(dim, tfidf.shape[0] - 1, tfidf.shape[1] - 1)
    if components < 2:
        return None
    reduced = TruncatedSVD(n_components=components, random_state=seed).fit_transform(tfidf)
    return center(reduced.astype(np.float32))


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch

        torch.manual_seed(seed)
    except ImportError:  # pragma: no cover - torch is a dependency of sentence-transformers
        pass


@dataclass
class TopicFit:
    """What :func:`fit_topics` found, one entry per input unit."""

    topics: np.ndarray  # final topic per unit (-1 = none)
    topics_before: np.ndarray  # HDBSCAN's topics before outlier reduction
    probabilities: np.ndarray  # HDBSCAN membership strength; NaN for reassigned units
    keywords: dict[int, list[str]] = field(default_factory=dict)
    used_umap: bool = False
    min_cluster_size: int = 0
    model: object = None

    @property
    def outlier_share_before(self) -> float:
        return float(np.mean(self.topics_before == -1)) if len(self.topics_before) else 0.0

    @property
    def outlier_share_after(self) -> float:
        return float(np.mean(self.topics == -1)) if len(self.topics) else 0.0


def reduce_outliers(
    model, docs: list[str], topics: np.ndarray, embeddings: np.ndarray, params: ClusterParams
) -> np.ndarray:
    """Give outliers to the nearest topic when close enough (BERTopic's ``reduce_outliers``)."""
    if params.outlier_strategy == "none" or not (topics == -1).any() or (topics >= 0).sum() == 0:
        return topics
    if params.outlier_strategy == "embeddings":
        new = model.reduce_outliers(
            docs,
            list(topics),
            strategy="embeddings",
            embeddings=embeddings,
            threshold=params.outlier_threshold,
        )
    else:
        new = model.reduce_outliers(
            docs, list(topics), strategy="c-tf-idf", threshold=params.outlier_threshold
        )
    return np.asarray(new, dtype=int)


def fit_topics(
    docs: list[str],
    embeddings: np.ndarray,
    params: ClusterParams,
    seed: int,
    embedding_model=None,
    with_representation: bool = True,
    weights: np.ndarray | None = None,
) -> TopicFit:
    """Fit BERTopic on ``docs`` (lemma strings) with precomputed ``embeddings``.

    ``weights`` (supporters per unit) lets a unit that many people sent (a campaign
    text) become its own topic when HDBSCAN leaves it alone.
    """
    n = len(docs)
    empty = np.full(n, -1, dtype=int)
    if n < 3:
        return TopicFit(empty, empty.copy(), np.full(n, np.nan))
    seed_everything(seed)
    if params.center_embeddings and n > 1:
        embeddings = center(embeddings)
    if params.lexical_weight > 0:
        lexical = make_lexical_features(docs, seed)
        if lexical is not None:
            w = params.lexical_weight
            embeddings = np.hstack([np.sqrt(1 - w) * embeddings, np.sqrt(w) * lexical]).astype(
                np.float32
            )
    # Representations are computed once, by update_topics below (they are the slow part).
    model = build_bertopic(n, params, seed, embedding_model, with_representation=False)
    try:
        raw, probs = model.fit_transform(docs, embeddings=embeddings)
    except (ValueError, TypeError) as exc:  # e.g. everything is noise / vocabulary empty
        log.warning("BERTopic failed (%s); no topics", exc)
        return TopicFit(empty, empty.copy(), np.full(n, np.nan))
    before = np.asarray(raw, dtype=int)
    topics = reduce_outliers(model, docs, before, embeddings, params)
    topics = _campaign_topics(topics, weights, auto_min_cluster_size(n, params))
    if (topics >= 0).any() and (with_representation or not np.array_equal(topics, before)):
        model.update_topics(
            docs,
            topics=list(topics),
            top_n_words=params.top_n_words,
            vectorizer_model=make_vectorizer(n, params),
            ctfidf_model=make_ctfidf(params),
            representation_model=(
                make_representation(params, seed) if with_representation else None
            ),
        )
    probabilities = np.asarray(probs, dtype=float) if probs is not None else np.full(n, np.nan)
    if probabilities.ndim != 1:
        probabilities = np.full(n, np.nan)
    probabilities = np.where(topics == before, probabilities, np.nan)
    probabilities = np.where(topics == -1, np.nan, probabilities)
    keywords = {}
    for topic in sorted(set(topics.tolist()) - {-1}):
        words = model.get_topic(int(topic)) or []
        keywords[int(topic)] = [w for w, _ in words if w][: params.top_n_words]
    return TopicFit(
        topics,
        before,
        probabilities,
        keywords,
        uses_umap(n, params),
        auto_min_cluster_size(n, params),
        model,
    )


def _campaign_topics(topics: np.ndarray, weights: np.ndarray | None, min_size: int) -> np.ndarray:
    """A lone unit sent by at least ``min_size`` supporters becomes its own topic."""
    if weights is None:
        return topics
    topics = topics.copy()
    next_id = int(topics.max()) + 1 if len(topics) else 0
    for i in np.flatnonzero((topics == -1) & (np.asarray(weights) >= min_size)):
        topics[i] = next_id
        next_id += 1
    return topics
