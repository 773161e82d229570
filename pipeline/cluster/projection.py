"""A linear projection in front of UMAP: the reducer of the HDBSCAN path on large corpora.

The clustering representation is 684-dimensional (384 embedding dimensions joined with 300
character-n-gram LSA components, :func:`~pipeline.cluster.model.build_representation`).
UMAP's nearest-neighbour search (pynndescent) keeps that matrix, its own float32 copy and
search trees over it; at 150 000 proposal units (50 000 submissions) the search was the
cluster stage's peak memory. A truncated SVD to ``dim`` components first keeps the
directions that carry the variance, and the search runs on a smaller matrix (200 of 684
columns by default, ``cluster.projection_dim``; on the development sets through the HDBSCAN
path 200 clustered no worse than the full representation, 50 and 100 were mixed:
``benchmarks/cluster_eval.md``).

UMAP's own neighbour search (pynndescent) also preallocates its update buffers for 60
candidates per point, whatever ``n_neighbors`` is: about 1.1 GB that grows with the
square of the candidates, not with the corpus. With ``max_candidates`` set, the neighbour
graph is computed here with that many candidates (the same trees, iterations and seed
UMAP would use) and handed to UMAP as ``precomputed_knn``.

The projection is not centred (a truncated SVD, not a PCA): the rows are unit vectors
compared by cosine, and centring would move the origin the cosine is measured from. The
projected rows are scaled to unit length again.

:class:`ProjectedReducer` has the ``fit``/``transform``/``fit_transform`` of BERTopic's
``umap_model`` slot, so it replaces UMAP there without other changes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from pipeline.embeddings import unit_rows


class ProjectedReducer:
    """Truncated SVD to ``dim`` components, then ``reducer`` (UMAP) on the projection.

    Parameters
    ----------
    reducer:
        The dimensionality reducer that runs on the projection (an unfitted UMAP).
    dim:
        Components kept by the projection; inputs with at most ``dim`` columns, or with
        at most ``dim`` rows, go to ``reducer`` as they are.
    seed:
        Seed of the randomized SVD and of the neighbour search.
    max_candidates:
        Candidates per point in the neighbour search for a UMAP ``reducer`` (``None``:
        UMAP searches itself, with 60). Used from :attr:`MIN_SEARCH_ROWS` rows on; below
        that UMAP computes exact neighbours anyway.
    """

    MIN_SEARCH_ROWS = 4096  # UMAP's own switch from exact to approximate neighbours

    def __init__(self, reducer, dim: int = 200, seed: int = 42,
                 max_candidates: int | None = None):
        self.reducer = reducer
        self.dim = dim
        self.seed = seed
        self.max_candidates = max_candidates

    def _project(self, X: npt.ArrayLike, fit: bool) -> np.ndarray:
        X = np.asarray(X, dtype=np.float32)
        if fit:
            self.svd_ = None
            if X.shape[1] > self.dim and X.shape[0] > self.dim:
                from sklearn.decomposition import TruncatedSVD

                self.svd_ = TruncatedSVD(n_components=self.dim, algorithm="randomized",
                                         random_state=self.seed).fit(X)
        if self.svd_ is None:
            return X
        return unit_rows(np.asarray(self.svd_.transform(X), dtype=np.float32))

    def fit(self, X: npt.ArrayLike, y: object = None) -> ProjectedReducer:
        self.fit_transform(X, y)
        return self

    def fit_transform(self, X: npt.ArrayLike, y: object = None) -> np.ndarray:
        projected = self._project(X, fit=True)
        if not self._search_neighbours(projected):
            return np.asarray(self.reducer.fit_transform(projected, y=y))
        import warnings

        with warnings.catch_warnings():
            # "no search index: transform unavailable": the pipeline never transforms
            # new rows through UMAP (new proposals are placed by centroid similarity).
            warnings.filterwarnings("ignore", message=r"precomputed_knn\[2\]")
            return np.asarray(self.reducer.fit_transform(projected, y=y))

    def _search_neighbours(self, X: np.ndarray) -> bool:
        """Give a UMAP reducer the neighbour graph of ``X``, searched with
        ``max_candidates``; ``False`` when UMAP is left to search itself."""
        from umap import UMAP

        if (self.max_candidates is None or not isinstance(self.reducer, UMAP)
                or len(X) < self.MIN_SEARCH_ROWS):
            return False
        from pynndescent import NNDescent

        n = len(X)
        k = int(self.reducer.n_neighbors)
        index = NNDescent(
            X, n_neighbors=k, metric=self.reducer.metric, random_state=self.seed,
            # UMAP's own choices (umap.umap_.nearest_neighbors), fewer candidates
            n_trees=min(64, 5 + int(round(n ** 0.5 / 20.0))),
            n_iters=max(5, int(round(np.log2(n)))),
            max_candidates=min(self.max_candidates, k), low_memory=True, compressed=False)
        indices, distances = index.neighbor_graph
        del index  # its trees and buffers are not needed for fitting
        self.reducer.precomputed_knn = (indices, distances)
        return True

    def transform(self, X: npt.ArrayLike) -> np.ndarray:
        return np.asarray(self.reducer.transform(self._project(X, fit=False)))

    @property
    def explained_variance_(self) -> float:
        """Share of the input's variance the projection keeps; 1.0 without one."""
        if self.svd_ is None:
            return 1.0
        return float(self.svd_.explained_variance_ratio_.sum())
