"""Character-n-gram features of the proposals: TF-IDF reduced by LSA, as a fitted transformer.

The small E5 model misses some paraphrases that share rare word stems
("fagforeningsfradrag", "solidaransvar"), and typos hurt it more than character n-grams,
so the clustering representation joins the sentence embeddings with these features
(:func:`~pipeline.cluster.model.build_representation`).

:class:`LexicalFeatures` follows scikit-learn's interface (configured in ``__init__``,
``fit``/``transform``) so that a fit can be stored and new texts projected into the same
space later (:mod:`.incremental`). On a large corpus the basis is fitted on a seeded random
sample of ``max_fit_docs`` texts and every text is then projected: an LSA basis of a few
hundred components is estimated just as well from 5 000 texts as from 50 000, and the
fit's cost and the stored vocabulary stay bounded (the full fit took minutes at 30 000
proposals). Up to ``max_fit_docs`` texts the result is the plain fit on all of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from pipeline.embeddings import unit_rows

if TYPE_CHECKING:
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

MIN_DF_FROM = 2000
"""From this many fitted texts on, an n-gram must occur in two of them (noise control)."""


class LexicalFeatures:
    """Character 3–5-gram TF-IDF of lemma strings → LSA (``dim`` components), unit rows.

    Parameters
    ----------
    dim:
        LSA components (fewer when the corpus is small).
    centred:
        Subtract the fitted corpus mean of the LSA vectors before normalising.
    max_fit_docs:
        Fit the vocabulary and basis on a seeded sample of at most this many texts.
    seed:
        Seed of the sample and of the randomised SVD.
    """

    def __init__(self, dim: int = 300, centred: bool = False, max_fit_docs: int = 5000,
                 seed: int = 0):
        self.dim = dim
        self.centred = centred
        self.max_fit_docs = max_fit_docs
        self.seed = seed
        self.vectorizer_: TfidfVectorizer | None = None
        self.svd_: TruncatedSVD | None = None
        self.mean_: np.ndarray | None = None

    @property
    def fitted(self) -> bool:
        """False until :meth:`fit` found a usable vocabulary (too few texts: no features)."""
        return self.svd_ is not None

    def fit(self, docs: list[str]) -> LexicalFeatures:
        """Learn vocabulary, IDF and LSA basis from ``docs`` (or a sample of them)."""
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer_, self.svd_, self.mean_ = None, None, None
        sample = list(docs)
        if len(sample) > self.max_fit_docs:
            rng = np.random.default_rng(self.seed)
            keep = np.sort(rng.choice(len(sample), self.max_fit_docs, replace=False))
            sample = [sample[i] for i in keep]
        vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            min_df=1 if len(sample) < MIN_DF_FROM else 2,
        )
        try:
            tfidf = vectorizer.fit_transform(sample)
        except ValueError:  # empty vocabulary
            return self
        components = min(self.dim, tfidf.shape[0] - 1, tfidf.shape[1] - 1)
        if components < 2:
            return self
        svd = TruncatedSVD(n_components=components, random_state=self.seed)
        reduced = svd.fit_transform(tfidf)
        self.vectorizer_, self.svd_ = vectorizer, svd
        if self.centred:
            self.mean_ = reduced.mean(axis=0, keepdims=True).astype(np.float32)
        return self

    def transform(self, docs: list[str]) -> np.ndarray | None:
        """Unit-length LSA rows of ``docs`` (``None`` when the fit found no features)."""
        vectorizer, svd = self.vectorizer_, self.svd_
        if svd is None or vectorizer is None:  # not fitted (fit sets both or neither)
            return None
        reduced = svd.transform(vectorizer.transform(list(docs)))
        if self.mean_ is not None:
            reduced = reduced - self.mean_
        return unit_rows(np.asarray(reduced, dtype=np.float32))

    def fit_transform(self, docs: list[str]) -> np.ndarray | None:
        """:meth:`fit` then :meth:`transform` on all ``docs``."""
        return self.fit(docs).transform(docs)

    def save(self, path: Path) -> None:
        """Store the fit (joblib; a cache file of this project, read by :meth:`load` only)."""
        import joblib

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        joblib.dump(self, tmp)
        tmp.replace(path)

    @staticmethod
    def load(path: Path) -> LexicalFeatures | None:
        """A fit stored by :meth:`save`; ``None`` when missing or unreadable."""
        import joblib

        try:
            loaded = joblib.load(Path(path))
        except Exception:  # noqa: BLE001 - a broken cache file only costs a refit
            return None
        return loaded if isinstance(loaded, LexicalFeatures) else None
