"""BERTopic, assembled from small factories that each read ``params.cluster``.

Every piece is built by its own function (``make_reducer``, ``make_clusterer``,
``make_vectorizer``, ``make_ctfidf``, ``make_representation``), just as BERTopic itself
is a stack of swappable parts: to try another clusterer, replace one factory.
:func:`fit_topics` runs the whole model on precomputed embeddings and returns plain
arrays, so the stage, the evaluation and the benchmarks share one code path.

Two clusterers sit in BERTopic's ``hdbscan_model`` slot (``cluster.clusterer``):

- ``agglomerative`` (default, up to ``cluster.agglomerative_max_units`` units):
  :class:`ThresholdAgglomerative`, average-linkage clustering with cosine distance on the
  combined representation, cut at ``cluster.distance_threshold``; no UMAP (the identity
  reducer). With ``cluster.snn_weight`` > 0 the cut is on the cosine mixed with
  shared-nearest-neighbour similarity (:func:`snn_similarity`). "Same proposal" is a
  similarity question, and on the gold set this beats UMAP + HDBSCAN clearly
  (``benchmarks/cluster_eval.md``). It needs the condensed distance
  matrix, n(n-1)/2 float64 plus copies (1.7 GB peak RSS at 9 335 units), hence the limit.
- ``hdbscan`` (and automatically above the limit): UMAP + HDBSCAN scaled to the corpus.

The representation (:func:`build_representation`) is the sentence embeddings, centred per
language (corpus mean, then each language's own mean, see :func:`center_by_language`),
joined with character-n-gram TF-IDF features of the lemma strings (weight
``cluster.lexical_weight``). After clustering, :func:`~pipeline.cluster.polarity.split_by_polarity`
moves members that ask for the opposite direction out of a topic (cannot-link), and
:func:`reduce_outliers` gives leftover units to the nearest topic centroid above
``cluster.outlier_threshold`` unless their direction contradicts the topic's.

Scaling (``"auto"`` parameters, HDBSCAN path) is chosen for corpora of 50 to 100 000 units:

- ``min_cluster_size`` grows slowly with the corpus (3 up to ~400 units, sqrt(n)/6 above,
  capped at 100; 17 at 10 000 units): a proposal raised by three people in a small
  consultation is recurring; in a huge one it takes more. The agglomerative path uses
  ``cluster.min_topic_size`` (default 3) instead: a cluster cut by the threshold is
  already a group of near-paraphrases.
- ``min_samples`` equals ``min_cluster_size`` (HDBSCAN's default) unless set.
- ``n_neighbors`` for UMAP is ``sqrt(n)`` between 10 and 50.
- UMAP runs on a truncated-SVD projection of the representation to
  ``cluster.projection_dim`` components (:mod:`.projection`; 0 = the full representation),
  which bounds the memory of its nearest-neighbour search; that search keeps
  ``cluster.knn_max_candidates`` candidates per unit (UMAP's own: 60, about 1.1 GB of
  buffers whatever the corpus size).
- Below ``umap_min_units`` (default 50) UMAP is skipped.
"""

from __future__ import annotations

import logging
import math
import random
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from pipeline.config import ClusterParams
from pipeline.embeddings import unit_rows

log = logging.getLogger(__name__)
# BERTopic warns on every `update_topics` with our own topic assignments ("may lead to
# errors if topic reduction techniques are used afterwards"). Assigning topics ourselves
# (direction split, outlier reduction) is the design and no reduction follows, so the
# warning only buries the stage's summary line.
logging.getLogger("BERTopic").setLevel(logging.ERROR)

LANGUAGE_MIN_UNITS = 10  # a language needs this many units for its own mean


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
    return n >= params.umap_min_units and not uses_agglomerative(n, params)


def make_reducer(n: int, params: ClusterParams, seed: int):
    """UMAP (cosine, seeded) for HDBSCAN; the identity for agglomerative and small corpora."""
    if not uses_umap(n, params):
        from bertopic.dimensionality import BaseDimensionalityReduction

        return BaseDimensionalityReduction()
    from umap import UMAP

    umap = UMAP(
        n_neighbors=min(auto_n_neighbors(n, params), max(2, n - 1)),
        n_components=params.n_components,
        min_dist=0.0,
        metric="cosine",
        random_state=seed,
        low_memory=n > 20_000,
        # Spectral initialisation solves an eigenproblem per connected component of the
        # neighbour graph; proposals fall into thousands of components (repeated wordings),
        # and at 30 000 units that alone ran for over 10 minutes. PCA is fast and seeded.
        init="pca",
    )
    if params.projection_dim == 0:
        return umap
    from pipeline.cluster.projection import ProjectedReducer

    return ProjectedReducer(umap, params.projection_dim, seed,
                            params.knn_max_candidates or None)


def uses_agglomerative(n: int, params: ClusterParams) -> bool:
    return params.clusterer == "agglomerative" and n <= params.agglomerative_max_units


class ThresholdAgglomerative:
    """Average-linkage clustering (cosine) cut at a distance threshold; fit/labels_ like HDBSCAN.

    Clusters smaller than ``min_size`` are noise (-1), as HDBSCAN's outliers, so
    BERTopic's outlier handling applies unchanged. Deterministic (no randomness at all).

    Parameters
    ----------
    distance_threshold:
        Average-linkage cut (cosine distance of the similarity used, see ``snn_weight``).
    min_size:
        Smallest cluster kept as a topic.
    snn_weight:
        Share ``w`` of *shared-nearest-neighbour* (second-order) similarity mixed into the
        cosine: ``(1 - w) · cos + w · snn`` (0 = plain cosine), see :func:`snn_similarity`.
    snn_k:
        Neighbours per unit for the second-order similarity.
    """

    def __init__(
        self,
        distance_threshold: float = 0.86,
        min_size: int = 2,
        snn_weight: float = 0.0,
        snn_k: int = 10,
    ):
        self.distance_threshold = distance_threshold
        self.min_size = min_size
        self.snn_weight = snn_weight
        self.snn_k = snn_k
        self.labels_: np.ndarray | None = None

    def fit(self, X: npt.ArrayLike, y: object = None) -> ThresholdAgglomerative:
        X = np.asarray(X, dtype=np.float64)
        if len(X) < 2:
            self.labels_ = np.full(len(X), -1, dtype=int)
            return self
        if self.snn_weight > 0 and len(X) > self.snn_k + 1:
            raw = self._fit_snn(X)
        else:
            from sklearn.cluster import AgglomerativeClustering

            raw = AgglomerativeClustering(
                n_clusters=None,
                metric="cosine",
                linkage="average",
                distance_threshold=self.distance_threshold,
            ).fit_predict(X)
        # renumber by first appearance, small clusters -> -1
        sizes = np.bincount(raw)
        order: dict[int, int] = {}
        labels = np.full(len(raw), -1, dtype=int)
        for i, c in enumerate(raw.tolist()):
            if sizes[c] >= self.min_size:
                labels[i] = order.setdefault(c, len(order))
        self.labels_ = labels
        return self

    def _fit_snn(self, X: np.ndarray) -> np.ndarray:
        """Average linkage on the cosine mixed with shared-nearest-neighbour similarity.

        In place where possible: besides the condensed distances that the linkage needs
        anyway, one n × n float32 matrix (400 MB at 10 000 units).
        """
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        unit = unit_rows(X).astype(np.float32)
        mixed = unit @ unit.T
        second = snn_similarity(mixed, self.snn_k).tocoo()
        mixed *= np.float32(1 - self.snn_weight)
        mixed[second.row, second.col] += np.float32(self.snn_weight) * second.data.astype(
            np.float32
        )
        del second
        np.subtract(np.float32(1.0), mixed, out=mixed)  # similarity -> distance
        np.clip(mixed, 0.0, 2.0, out=mixed)
        np.fill_diagonal(mixed, 0.0)
        distances = squareform(mixed, checks=False).astype(np.float64)
        del mixed
        tree = linkage(distances, method="average")
        # sklearn's distance_threshold merges strictly below the threshold
        cut = np.nextafter(self.distance_threshold, 0.0)
        return fcluster(tree, t=cut, criterion="distance") - 1

    def fit_predict(self, X, y=None) -> np.ndarray:
        labels = self.fit(X).labels_
        assert labels is not None  # fit() always sets them
        return labels

    def predict(self, X) -> np.ndarray:  # BERTopic.transform on new docs: no model, noise
        return np.full(len(X), -1, dtype=int)


def snn_similarity(sim: np.ndarray, k: int):
    """Second-order similarity: cosine between units' nearest-neighbour profiles (sparse).

    Each unit is described by its ``k`` most similar units (weights: their cosine, clipped
    at 0) plus itself (weight 1); two units are similar when they share neighbours. A
    paraphrase that the embedding model places a little apart from its group ("Wolt-bud
    må regnes som ansatte" next to "plattformarbeidere er arbeidstakere") still shares
    most of its neighbours with it, while a unit that merely sits between two groups
    shares few neighbours with either (shared-nearest-neighbour clustering, Jarvis and
    Patrick 1973; it also damps "hub" units that are close to everything).

    Parameters
    ----------
    sim:
        Dense cosine similarity matrix (n × n, unit diagonal).
    k:
        Neighbours per unit (without itself).

    Returns a sparse n × n matrix (CSR) with values in [0, 1].
    """
    import scipy.sparse as sp

    n = len(sim)
    k = int(min(k, n - 1))
    neighbours = np.empty((n, k), dtype=np.int64)
    for start in range(0, n, 1024):  # blocks: argpartition returns n × n indices otherwise
        block = np.array(sim[start : start + 1024], dtype=np.float32)
        block[np.arange(len(block)), np.arange(start, start + len(block))] = -np.inf
        neighbours[start : start + len(block)] = np.argpartition(block, n - k, axis=1)[:, n - k :]
    rows = np.repeat(np.arange(n), k)
    cols = neighbours.ravel()
    weights = np.maximum(sim[rows, cols], 0.0)
    profile = sp.csr_matrix(
        (
            np.concatenate([weights, np.ones(n)]),
            (np.concatenate([rows, np.arange(n)]), np.concatenate([cols, np.arange(n)])),
        ),
        shape=(n, n),
        dtype=np.float64,
    )
    lengths = np.sqrt(np.asarray(profile.multiply(profile).sum(axis=1))).ravel()
    profile = sp.diags(1.0 / np.where(lengths == 0, 1.0, lengths)) @ profile
    return (profile @ profile.T).tocsr()


def make_clusterer(n: int, params: ClusterParams):
    """The clusterer in BERTopic's ``hdbscan_model`` slot (see the module docstring)."""
    if uses_agglomerative(n, params):
        return ThresholdAgglomerative(
            params.distance_threshold, params.min_topic_size, params.snn_weight, params.snn_k
        )
    from hdbscan import HDBSCAN

    return HDBSCAN(
        min_cluster_size=auto_min_cluster_size(n, params),
        min_samples=auto_min_samples(n, params),
        metric="euclidean",
        cluster_selection_method=params.cluster_selection_method,
        cluster_selection_epsilon=params.cluster_selection_epsilon,
        prediction_data=True,
        # In this process: the default (4) starts joblib worker processes for the core
        # distances, each with its own copy of the libraries and data. On the 2-core
        # reference machine that added 880 MB to the stage's peak at 10 000 submissions
        # (2.8 -> 1.9 GB) and saved no time (148 s against 152 s); same topics either way.
        core_dist_n_jobs=1,
    )


def make_vectorizer(n: int, params: ClusterParams, stop_words: list[str] | None = None):
    """Norwegian CountVectorizer over lemma strings, 1–2-grams, bokmål+nynorsk stop words."""
    from sklearn.feature_extraction.text import CountVectorizer

    from pipeline.cluster.text import norwegian_stop_words

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
    return unit_rows(embeddings - embeddings.mean(axis=0, keepdims=True)).astype(np.float32)


def make_lexical_features(params: ClusterParams, seed: int):
    """The (unfitted) character-n-gram transformer, :class:`~.lexical.LexicalFeatures`.

    Its rows are appended to the sentence embeddings (weight ``cluster.lexical_weight``):
    the small E5 model misses some paraphrases that share rare word stems, and typos hurt
    it more than character n-grams.
    """
    from pipeline.cluster.lexical import LexicalFeatures

    return LexicalFeatures(
        params.lexical_dim, params.lexical_centred, params.lexical_max_fit_docs, seed
    )


def lexical_docs(docs: list[str]) -> list[str]:
    """The lemma strings the character n-grams see: without framing ("vi mene at …").

    Same reason as for the embedded text (:func:`~pipeline.cluster.text.strip_framing`):
    a shared opener would otherwise make up much of the n-grams of a short proposal.
    """
    from pipeline.cluster.text import strip_framing

    return [strip_framing(d) for d in docs]


def center_by_language(
    embeddings: np.ndarray, languages=None, min_units: int = LANGUAGE_MIN_UNITS
) -> np.ndarray:
    """:func:`center`, then remove each language's own mean (languages with enough units).

    E5 keeps a language direction even after global centring: the eleven English proposals
    of the gold set clustered together across five topics. Subtracting each language's
    mean (bokmål, nynorsk, English, … with at least ``min_units`` units) removes that
    direction, so a proposal meets its paraphrases in the other written standard.
    """
    if languages is None:
        return center(embeddings)
    centred = embeddings - embeddings.mean(axis=0, keepdims=True)
    languages = np.asarray([str(x) for x in languages])
    for lang in sorted(set(languages.tolist())):
        mask = languages == lang
        if mask.sum() >= min_units and mask.sum() < len(languages):
            centred[mask] -= centred[mask].mean(axis=0, keepdims=True)
    return unit_rows(centred).astype(np.float32)


def build_representation(
    docs: list[str],
    embeddings: np.ndarray,
    params: ClusterParams,
    seed: int,
    languages=None,
    lexical=None,
) -> np.ndarray:
    """The vectors the clusterer sees: centred embeddings ⊕ weighted lexical features.

    Both blocks have unit rows; scaled by sqrt(1 - w) and sqrt(w), the cosine of two rows
    is ``(1 - w) · cos(embeddings) + w · cos(lexical)``. ``lexical`` is a fitted
    :class:`~.lexical.LexicalFeatures` to project ``docs`` with (an incremental update
    reuses the fit's); by default one is fitted on ``docs``.
    """
    if params.center_embeddings and len(embeddings) > 1:
        embeddings = center_by_language(
            embeddings, languages if params.center_by_language else None
        )
    if params.lexical_weight > 0:
        docs = lexical_docs(docs)
        if lexical is None:
            block = make_lexical_features(params, seed).fit_transform(docs)
        else:
            block = lexical.transform(docs)
        if block is not None:
            w = params.lexical_weight
            embeddings = np.hstack([np.sqrt(1 - w) * embeddings, np.sqrt(w) * block])
    return np.asarray(embeddings, dtype=np.float32)


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
    vectors: np.ndarray | None = None  # what the clusterer saw (centred ⊕ lexical), unit rows
    lexical: object = None  # the fitted LexicalFeatures (kept for incremental updates)

    @property
    def outlier_share_before(self) -> float:
        return float(np.mean(self.topics_before == -1)) if len(self.topics_before) else 0.0

    @property
    def outlier_share_after(self) -> float:
        return float(np.mean(self.topics == -1)) if len(self.topics) else 0.0


def reduce_outliers(
    model,
    docs: list[str],
    topics: np.ndarray,
    vectors: np.ndarray,
    params: ClusterParams,
    signs: np.ndarray | None = None,
    candidates: np.ndarray | None = None,
) -> np.ndarray:
    """Give outliers to the nearest topic when close enough.

    ``candidates`` (boolean mask, default: every outlier) limits which units may move;
    the incremental update (:mod:`.incremental`) uses it to place only new units.

    ``embeddings`` (default): cosine between the unit and each topic's centroid in the
    clustering representation ``vectors`` (the same space the clusterer saw, so the
    threshold means the same thing as in clustering), at least ``cluster.outlier_threshold``.
    A unit whose direction (:mod:`.polarity`) opposes the topic's majority is not
    attached to it. ``c-tf-idf`` uses BERTopic's own ``reduce_outliers``.

    (BERTopic's ``embeddings`` strategy compares against ``topic_embeddings_``, which after
    ``update_topics`` are c-TF-IDF-weighted keyword embeddings in another space; that is
    why on the demo inbox 14 % of the units stayed in -1 before and after reduction.)
    """
    if params.outlier_strategy == "none" or not (topics == -1).any() or (topics >= 0).sum() == 0:
        return topics
    if params.outlier_strategy == "c-tf-idf":
        new = model.reduce_outliers(
            docs, list(topics), strategy="c-tf-idf", threshold=params.outlier_threshold
        )
        return np.asarray(new, dtype=int)
    topics = np.asarray(topics, dtype=int).copy()
    ids = sorted(set(topics.tolist()) - {-1})
    unit = unit_rows(vectors)
    centroids = np.vstack([unit[topics == t].mean(axis=0) for t in ids])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    direction = np.zeros(len(ids), dtype=int)
    if signs is not None:
        for k, t in enumerate(ids):
            s = signs[topics == t]
            direction[k] = int(np.sign((s > 0).sum() - (s < 0).sum()))
    outliers = np.flatnonzero((topics == -1) & (True if candidates is None else candidates))
    if len(outliers) == 0:
        return topics
    sims = unit[outliers] @ centroids.T
    if signs is not None:
        clash = (signs[outliers][:, None] * direction[None, :]) < 0
        sims = np.where(clash, -np.inf, sims)
    best = np.argmax(sims, axis=1)
    ok = sims[np.arange(len(outliers)), best] >= params.outlier_threshold
    topics[outliers[ok]] = np.asarray(ids)[best[ok]]
    return topics


def merge_similar_topics(
    topics: np.ndarray,
    vectors: np.ndarray,
    threshold: float,
    signs: np.ndarray | None = None,
) -> np.ndarray:
    """Merge topics whose centroids say the same thing (a second pass after clustering).

    A cut that keeps hard negatives apart also splits some paraphrase groups into two
    topics that sit close together (one per wording family, or per language). Topic
    centroids in the clustering representation ``vectors`` (embedding ⊕ character n-grams,
    so both the meaning and the words must agree) are merged by average linkage while their
    cosine is at least ``threshold``; topics with opposite majority directions
    (:mod:`.polarity`) are never merged. ``threshold >= 1`` turns the pass off.
    """
    ids = sorted(set(np.asarray(topics).tolist()) - {-1})
    if threshold >= 1 or len(ids) < 2:
        return topics
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    unit = unit_rows(vectors)
    centroids = unit_rows(np.vstack([unit[topics == t].mean(axis=0) for t in ids]))
    distance = np.clip(1.0 - centroids @ centroids.T, 0.0, 2.0)
    if signs is not None:
        direction = np.array(
            [np.sign((signs[topics == t] > 0).sum() - (signs[topics == t] < 0).sum()) for t in ids]
        )
        clash = (direction[:, None] * direction[None, :]) < 0
        distance[clash] = 2.0  # average linkage keeps such pairs far apart
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    groups = fcluster(tree, t=1.0 - threshold, criterion="distance")
    first: dict[int, int] = {}
    for t, g in zip(ids, groups.tolist(), strict=True):
        first.setdefault(g, t)
    mapping = {t: first[g] for t, g in zip(ids, groups.tolist(), strict=True)}
    return np.array([mapping.get(t, -1) for t in np.asarray(topics).tolist()], dtype=int)


def fit_topics(
    docs: list[str],
    embeddings: np.ndarray,
    params: ClusterParams,
    seed: int,
    embedding_model=None,
    with_representation: bool = True,
    weights: np.ndarray | None = None,
    texts: list[str] | None = None,
    languages=None,
) -> TopicFit:
    """Fit BERTopic on ``docs`` (lemma strings) with precomputed ``embeddings``.

    ``weights`` (supporters per unit) lets a unit that many people sent (a campaign
    text) become its own topic when the clusterer leaves it alone. ``texts`` (the surface
    texts, for the direction of each proposal and for readable keywords, see
    :func:`~pipeline.cluster.text.surface_keywords`; default ``docs``) and ``languages``
    (for per-language centring) are optional.
    """
    n = len(docs)
    empty = np.full(n, -1, dtype=int)
    if n < 3:
        return TopicFit(empty, empty.copy(), np.full(n, np.nan))
    seed_everything(seed)
    # Framing ("vi mene at") is no topic content: neither for the n-grams nor the keywords.
    core_docs = lexical_docs(docs)
    lexical = (
        make_lexical_features(params, seed).fit(core_docs) if params.lexical_weight > 0 else None
    )
    raw_dim = embeddings.shape[1]
    embeddings = build_representation(docs, embeddings, params, seed, languages, lexical)
    vectors = unit_rows(embeddings)
    # Representations are computed once, by update_topics below (they are the slow part).
    model = build_bertopic(n, params, seed, embedding_model, with_representation=False)
    try:
        raw, probs = model.fit_transform(core_docs, embeddings=embeddings)
    except (ValueError, TypeError) as exc:  # e.g. everything is noise / vocabulary empty
        log.warning("BERTopic failed (%s); no topics", exc)
        return TopicFit(empty, empty.copy(), np.full(n, np.nan))
    clustered = np.asarray(raw, dtype=int)
    before = clustered
    signs = None
    if params.polarity_split:
        from pipeline.cluster.polarity import polarities, split_by_polarity

        signs = polarities(texts if texts is not None else docs)
        before = split_by_polarity(
            before, signs, params.polarity_majority, max(2, params.min_topic_size)
        )
    # Merge on meaning (the centred sentence embeddings), not on wording: the topics a
    # strict cut splits a paraphrase group into differ in their words, not in what they ask.
    semantic = embeddings[:, : raw_dim] if embeddings.shape[1] > raw_dim else embeddings
    before = merge_similar_topics(before, semantic, params.merge_threshold, signs)
    topics = reduce_outliers(model, core_docs, before, embeddings, params, signs)
    topics = _campaign_topics(topics, weights, auto_min_cluster_size(n, params))
    if (topics >= 0).any() and (with_representation or not np.array_equal(topics, clustered)):
        model.update_topics(
            core_docs,
            topics=list(topics),
            top_n_words=params.top_n_words,
            vectorizer_model=make_vectorizer(n, params),
            ctfidf_model=make_ctfidf(params),
            representation_model=(
                make_representation(params, seed) if with_representation else None
            ),
        )
        model.topic_embeddings_ = topic_centroids(topics, embeddings)
    probabilities = np.asarray(probs, dtype=float) if probs is not None else np.full(n, np.nan)
    if probabilities.ndim != 1:
        probabilities = np.full(n, np.nan)
    if len(probabilities) != n:
        probabilities = np.full(n, np.nan)
    probabilities = np.where(topics == clustered, probabilities, np.nan)
    probabilities = np.where(topics == -1, np.nan, probabilities)
    keywords = {}
    for topic in sorted(set(topics.tolist()) - {-1}):
        words = model.get_topic(int(topic)) or []
        keywords[int(topic)] = [w for w, _ in words if w][: params.top_n_words]
        if texts is not None:  # lemmas -> the members' own written forms (readable)
            from pipeline.cluster.text import surface_keywords

            members = [texts[i] for i in np.flatnonzero(topics == topic)]
            keywords[int(topic)] = surface_keywords(keywords[int(topic)], members)
    return TopicFit(
        topics,
        before,
        probabilities,
        keywords,
        uses_umap(n, params),
        auto_min_cluster_size(n, params),
        model,
        vectors,
        lexical,
    )


def topic_centroids(topics: np.ndarray, embeddings: np.ndarray) -> np.ndarray:
    """One mean embedding per topic, in ``sorted(set(topics))`` order (-1 first if present).

    This is the layout BERTopic expects of ``topic_embeddings_`` (one row per key of
    ``get_topics()``). ``update_topics`` with our own assignments leaves it stale: when
    outliers were placed and a campaign topic added, it drops the outlier row yet adds no
    row for the new topic, and its plots then index past the end.
    """
    topics = np.asarray(topics)
    return np.vstack([embeddings[topics == t].mean(axis=0) for t in sorted(set(topics.tolist()))])


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
