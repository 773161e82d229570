"""Model components of the cluster stage: clusterer choice, polarity split, centring."""

from __future__ import annotations

import numpy as np

from pipeline.cluster.model import (
    ThresholdAgglomerative,
    center_by_language,
    make_clusterer,
    merge_similar_topics,
    reduce_outliers,
    uses_umap,
)
from pipeline.cluster.polarity import polarities, polarity, split_by_polarity
from pipeline.config import ClusterParams


def _blobs(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = np.array([1.0, 0, 0, 0]) + 0.05 * rng.standard_normal((5, 4))
    b = np.array([0, 1.0, 0, 0]) + 0.05 * rng.standard_normal((4, 4))
    lone = np.array([[0, 0, 0, 1.0]])
    return np.vstack([a, b, lone])


def test_threshold_agglomerative_groups_and_noise():
    labels = ThresholdAgglomerative(distance_threshold=0.5, min_size=2).fit(_blobs()).labels_
    assert len(set(labels[:5])) == 1 and len(set(labels[5:9])) == 1
    assert labels[0] != labels[5]
    assert labels[9] == -1  # a cluster of one is noise
    again = ThresholdAgglomerative(distance_threshold=0.5, min_size=2).fit(_blobs()).labels_
    assert np.array_equal(labels, again)  # deterministic


def test_clusterer_choice_by_params_and_size():
    from hdbscan import HDBSCAN

    params = ClusterParams(clusterer="agglomerative", agglomerative_max_units=1000)
    assert isinstance(make_clusterer(500, params), ThresholdAgglomerative)
    assert not uses_umap(500, params)  # agglomerative works on the full representation
    assert isinstance(make_clusterer(5000, params), HDBSCAN)  # above the memory limit
    assert uses_umap(5000, params)
    assert isinstance(make_clusterer(500, ClusterParams(clusterer="hdbscan")), HDBSCAN)


def test_hdbscan_runs_in_this_process():
    """HDBSCAN's core distances would otherwise run in joblib worker processes, each with a
    copy of the libraries: 880 MB more peak memory at 10 000 submissions, no time saved."""
    import psutil

    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    rng = np.random.default_rng(0)
    # hdbscan parallelises from 16 384 points (boruvka_kdtree)
    points = np.vstack([rng.normal(c, 0.1, (5700, 5)) for c in (0.0, 3.0, 6.0)])
    labels = make_clusterer(len(points), ClusterParams(clusterer="hdbscan")).fit(points).labels_
    assert len(set(labels) - {-1}) == 3
    assert {p.pid for p in me.children(recursive=True)} <= before


def test_polarity_lexicon():
    assert polarity("Fagforeningsfradraget må dobles.") == 1
    assert polarity("Fagforeningsfradraget bør fjernes.") == -1
    assert polarity("Fagforeiningsfrådraget bør fjernast heilt.") == -1
    assert polarity("Innleie er nødvendig og bør ikke begrenses.") == 1  # negated reduction
    assert polarity("Skiensmodellen bør ikkje innførast overalt.") == -1  # negated introduction
    assert polarity("Fradraget bør holdes på dagens nivå.") == -1  # keep as it is
    assert polarity("Double the tax deduction for trade union dues.") == 1
    assert polarity("Scrap the tax deduction for union dues.") == -1
    assert polarity("Heltid må bli normen i helse og omsorg.") == 0
    assert polarity("Ikke slik.") == -1  # a negation without a cue
    assert polarity("Bortfall av ordningen er et problem.") == 0  # "bort" is a whole word only
    assert polarity("Nei til bortfall, øk satsen") == 0  # "nei til" cancels "øk"


def test_polarities_of_repeated_and_missing_texts():
    texts = ["Øk fradraget", "Fjern fradraget", "Øk fradraget", None, 3]
    signs = polarities(texts)
    assert signs.dtype == np.dtype(int)
    assert signs.tolist() == [1, -1, 1, 0, 0]


def test_split_by_polarity_moves_the_minority_out():
    topics = np.array([0, 0, 0, 0, 0, 0, 1, 1])
    signs = np.array([1, 1, 1, 0, -1, -1, 1, -1])
    out = split_by_polarity(topics, signs, min_majority=0.6, min_size=2)
    assert (out[:4] == 0).all()  # majority and neutral members stay
    assert out[4] == out[5] and out[4] not in (-1, 0, 1)  # the two opposite ones: own topic
    assert (out[6:] == 1).all()  # 1 vs 1: no clear majority, left alone
    single = split_by_polarity(np.array([0, 0, 0, 0]), np.array([1, 1, 1, -1]))
    assert single.tolist() == [0, 0, 0, -1]  # a lone opposite member becomes an outlier
    assert polarities(["Øk fradraget", "Fjern fradraget"]).tolist() == [1, -1]


def test_center_by_language_removes_language_offset():
    rng = np.random.default_rng(1)
    base = rng.standard_normal((40, 8))
    offset = np.zeros(8)
    offset[0] = 5.0
    langs = ["nb"] * 20 + ["en"] * 20
    shifted = base.copy()
    shifted[20:] += offset
    plain = center_by_language(shifted, None)
    by_lang = center_by_language(shifted, langs)
    # globally centred, the language offset dominates the first axis; per language it is gone
    assert abs(plain[:20, 0].mean() - plain[20:, 0].mean()) > 1.0
    assert abs(by_lang[:20, 0].mean() - by_lang[20:, 0].mean()) < 0.2


def test_reduce_outliers_nearest_centroid_respects_direction():
    vectors = np.array([[1.0, 0.0], [0.99, 0.1], [0.98, -0.1], [0.97, 0.05], [0.95, 0.02]])
    topics = np.array([0, 0, 0, -1, -1])
    signs = np.array([1, 1, 0, 1, -1])
    params = ClusterParams(outlier_threshold=0.5)
    out = reduce_outliers(None, [""] * 5, topics, vectors, params, signs)
    assert out.tolist() == [0, 0, 0, 0, -1]  # the opposite-direction unit stays out
    none = reduce_outliers(None, [""] * 5, topics, vectors, ClusterParams(outlier_strategy="none"))
    assert none.tolist() == topics.tolist()


def test_reduce_outliers_threshold_decides_who_joins():
    vectors = np.array([[1.0, 0.0], [0.98, 0.2], [0.6, 0.8], [0.0, 1.0]])
    topics = np.array([0, 0, -1, -1])
    loose = reduce_outliers(None, [""] * 4, topics, vectors, ClusterParams(outlier_threshold=0.5))
    strict = reduce_outliers(None, [""] * 4, topics, vectors, ClusterParams(outlier_threshold=0.9))
    assert loose.tolist() == [0, 0, 0, -1]  # cos ≈ 0.75 to the centroid joins; cos ≈ 0.1 not
    assert strict.tolist() == topics.tolist()


def test_merge_similar_topics_joins_close_centroids_only():
    # topics 0 and 1 are two wordings of one proposal; topic 2 asks for something else
    vectors = np.array([[1.0, 0.0, 0.0], [0.95, 0.3, 0.0], [0.9, 0.4, 0.0], [0.85, 0.5, 0.0],
                        [0.0, 0.0, 1.0], [0.1, 0.0, 1.0]])
    topics = np.array([0, 0, 1, 1, 2, 2])
    merged = merge_similar_topics(topics, vectors, threshold=0.9)
    assert merged[0] == merged[1] == merged[2] == merged[3]
    assert merged[4] == merged[5] != merged[0]
    assert merge_similar_topics(topics, vectors, threshold=1.0).tolist() == topics.tolist()
    assert merge_similar_topics(topics, vectors, threshold=0.999).tolist() == topics.tolist()


def test_merge_similar_topics_keeps_opposite_directions_apart():
    vectors = np.array([[1.0, 0.0], [0.99, 0.1], [0.98, 0.15], [0.97, 0.2]])
    topics = np.array([0, 0, 1, 1])
    signs = np.array([1, 1, -1, -1])  # "forby innleie" vs "ikke forby innleie"
    assert merge_similar_topics(topics, vectors, 0.9, signs).tolist() == [0, 0, 1, 1]
    assert merge_similar_topics(topics, vectors, 0.9).tolist() == [0, 0, 0, 0]


def test_snn_similarity_rewards_shared_neighbours():
    from pipeline.cluster.model import snn_similarity

    units = _blobs()
    units = units / np.linalg.norm(units, axis=1, keepdims=True)
    second = snn_similarity(units @ units.T, k=3).toarray()
    assert second.shape == (10, 10)
    assert np.allclose(np.diag(second), 1.0)
    assert np.allclose(second, second.T)
    # same blob: shared neighbours; other blob or the lone unit: (almost) none
    assert second[0, 1] > 0.5
    assert second[0, 5] < second[0, 1]
    assert second[0:5, 9].max() < 0.5


def test_threshold_agglomerative_snn_is_deterministic_and_keeps_blobs():
    params = ClusterParams(snn_weight=0.3, snn_k=3, distance_threshold=0.5, min_topic_size=2)
    clusterer = make_clusterer(10, params)
    assert clusterer.snn_weight == 0.3 and clusterer.snn_k == 3
    labels = clusterer.fit(_blobs()).labels_
    assert len(set(labels[:5])) == 1 and len(set(labels[5:9])) == 1
    assert labels[0] != labels[5] and labels[9] == -1
    assert np.array_equal(labels, make_clusterer(10, params).fit(_blobs()).labels_)
    # weight 0: the plain cosine path, same partition on well-separated blobs
    plain = ThresholdAgglomerative(0.5, 2, snn_weight=0.0).fit(_blobs()).labels_
    assert np.array_equal(labels, plain)


def test_fitted_model_has_one_topic_embedding_per_topic():
    """BERTopic's plots index ``topic_embeddings_`` by topic: after our own assignments
    (outliers placed, a campaign text made its own topic) there must be one row each."""
    from pipeline.cluster.model import fit_topics

    rng = np.random.default_rng(0)
    words = [["arbeidstilsyn", "kontroll", "tilsyn"], ["fagbrev", "lærling", "lærlingplass"],
             ["innleie", "bemanningsbyrå", "fast"]]
    docs, rows = [], []
    for k, vocab in enumerate(words):
        for i in range(8):
            docs.append(f"{vocab[i % 3]} {vocab[(i + 1) % 3]} styrke {k}")
            rows.append(np.eye(8)[k] + 0.03 * rng.standard_normal(8))
    # Alone, but each sent by many: two campaign topics where the fit had one outlier row.
    docs += ["pensjon alder trygd", "ferie feriepenger sommer"]
    rows += [np.eye(8)[7], np.eye(8)[6]]
    weights = np.ones(len(docs), dtype=int)
    weights[-2:] = 12
    fit = fit_topics(docs, np.vstack(rows), ClusterParams(), seed=0, weights=weights,
                     with_representation=False)
    assert (fit.topics[-2:] >= 0).all() and len(set(fit.topics.tolist()) - {-1}) == 5
    assert len(fit.model.topic_embeddings_) == len(fit.model.get_topics())
