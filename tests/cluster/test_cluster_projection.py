"""The truncated-SVD projection in front of UMAP (pipeline/cluster/projection.py)."""

from __future__ import annotations

import numpy as np
from umap import UMAP

from pipeline.cluster.model import make_reducer
from pipeline.cluster.projection import ProjectedReducer
from pipeline.config import ClusterParams
from pipeline.embeddings import unit_rows


class Recorder:
    """A reducer stand-in that keeps what it was given and returns its first 2 columns."""

    def fit_transform(self, X, y=None):
        self.seen = np.asarray(X)
        return self.seen[:, :2]

    def transform(self, X):
        return np.asarray(X)[:, :2]


def _groups(n_groups: int = 20, per_group: int = 15, dim: int = 300, seed: int = 0):
    """Unit rows in ``n_groups`` tight groups around random directions, and their group."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n_groups, dim))
    labels = np.repeat(np.arange(n_groups), per_group)
    rows = centres[labels] + 0.3 * rng.standard_normal((len(labels), dim))
    return unit_rows(rows).astype(np.float32), labels


def test_the_reducer_sees_dim_unit_rows_in_float32():
    X, _ = _groups()
    recorder = Recorder()
    out = ProjectedReducer(recorder, dim=40, seed=1).fit_transform(X)
    assert recorder.seen.shape == (len(X), 40) and recorder.seen.dtype == np.float32
    assert np.allclose(np.linalg.norm(recorder.seen, axis=1), 1.0, atol=1e-5)
    assert out.shape == (len(X), 2)


def test_narrow_or_short_inputs_pass_unchanged():
    X, _ = _groups(dim=30)
    recorder = Recorder()
    reducer = ProjectedReducer(recorder, dim=40).fit(X)
    assert np.array_equal(recorder.seen, X) and reducer.explained_variance_ == 1.0
    few = X[:10]
    ProjectedReducer(recorder, dim=20).fit(few)  # 10 rows: no 20 components to keep
    assert np.array_equal(recorder.seen, few)


def test_projection_is_seeded_and_keeps_the_groups_apart():
    X, labels = _groups()
    first = ProjectedReducer(Recorder(), dim=40, seed=3)
    first.fit(X)
    second = ProjectedReducer(Recorder(), dim=40, seed=3)
    second.fit(X)
    assert np.array_equal(first.reducer.seen, second.reducer.seen)
    projected = first.reducer.seen
    # each row's nearest other row (cosine) is in its own group, as in the full space
    sims = projected @ projected.T
    np.fill_diagonal(sims, -np.inf)
    assert (labels[sims.argmax(axis=1)] == labels).mean() == 1.0
    assert 0.0 < first.explained_variance_ < 1.0


def test_transform_projects_new_rows_with_the_fitted_basis():
    X, _ = _groups()
    reducer = ProjectedReducer(Recorder(), dim=40, seed=3).fit(X[:200])
    assert reducer.transform(X[200:]).shape == (len(X) - 200, 2)


def test_make_reducer_puts_the_projection_in_front_of_umap_when_asked():
    on = make_reducer(5000, ClusterParams(clusterer="hdbscan", projection_dim=100), seed=1)
    assert isinstance(on, ProjectedReducer) and isinstance(on.reducer, UMAP)
    assert on.dim == 100 and on.max_candidates == ClusterParams().knn_max_candidates
    own_search = make_reducer(5000, ClusterParams(clusterer="hdbscan", knn_max_candidates=0),
                              seed=1)
    assert isinstance(own_search, ProjectedReducer) and own_search.max_candidates is None
    off = make_reducer(5000, ClusterParams(clusterer="hdbscan", projection_dim=0), seed=1)
    assert isinstance(off, UMAP)
    # the agglomerative path has no UMAP and so no projection
    assert not isinstance(make_reducer(500, ClusterParams(), seed=1), ProjectedReducer)


def test_neighbour_search_with_fewer_candidates_finds_the_neighbours():
    """From 4 096 rows the graph is searched here (fewer candidates, far smaller buffers)
    and handed to UMAP; it finds nearly the exact neighbours."""
    X, _ = _groups(n_groups=250, per_group=20, dim=20, seed=4)  # 5 000 rows
    umap = UMAP(n_neighbors=10, metric="cosine", random_state=1)
    reducer = ProjectedReducer(umap, dim=100, seed=1, max_candidates=8)
    assert reducer._search_neighbours(X)
    indices, distances = umap.precomputed_knn
    assert indices.shape == distances.shape == (len(X), 10)
    sims = X @ X.T
    exact = np.argsort(-sims, axis=1)[:, :10]
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(indices, exact, strict=True)])
    assert recall > 0.9
    # below 4 096 rows, or without max_candidates, UMAP searches itself
    assert not ProjectedReducer(UMAP(), max_candidates=8)._search_neighbours(X[:4000])
    assert not ProjectedReducer(UMAP())._search_neighbours(X)
    assert not ProjectedReducer(Recorder(), max_candidates=8)._search_neighbours(X)
