"""Zero-shot evidence: embedding similarity between segments and the taxonomy's texts.

Segments are embedded as E5 ``passage:`` texts, the taxonomy as ``query:`` texts: several
*anchors* per theme (title + description, every question text, and the theme's short
paraphrases in bokmål, nynorsk and English from ``anchors`` in the taxonomy) and one per
question. A theme's similarity is the mean of the ``top_k`` best anchor cosines (1 = max).
E5 cosines are compressed (most pairs sit between 0.75 and 0.9), so the raw similarity is
turned into a *margin* against a set of off-topic anchors (the taxonomy's ``off_topic``:
roads, energy, sports, party internals, ...), aggregated the same way. The margin is
mapped into [0, 1] by ``sigmoid(scale * (margin - offset))`` — the two-way softmax of the
theme against the off-topic set with temperature ``1 / scale`` (a softmax over *all*
themes would penalise multi-theme texts); :meth:`ZeroShotScorer.calibrate` fits one
logistic calibration per theme on labelled data instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from pipeline.embeddings import EmbeddingCache
from pipeline.taxonomy import Taxonomy

DEFAULT_OFF_TOPIC: tuple[str, ...] = (
    "Veier, samferdsel, bompenger, kollektivtransport og jernbane.",
    "Energi, havvind, vannkraft, strømpris og klima.",
    "Idrett, fotball, kultur, konserter og frivillighet.",
    "Skolestruktur, skolenedleggelse og barnehageplasser.",
    "Landbruk, jordvern, rovdyr og fiskeri.",
    "Forsvar, utenrikspolitikk, Ukraina og NATO.",
    "Brøyting, snømåking, parkering og vedlikehold av kommunale veier.",
    "Skatt på formue, bensinpris og avgifter.",
    "Helsekøer, sykehusstruktur og fødeavdeling.",
    "Takk for muligheten, med vennlig hilsen, hilsen styret.",
    "Innvandring, integrering og asylpolitikk.",
    "Boligpolitikk, boligpriser og utleie.",
)
"""Generic off-topic anchors for a Norwegian consultation (used when the taxonomy has none)."""


def theme_texts(taxonomy: Taxonomy) -> dict[str, list[str]]:
    """The query texts (anchors) that stand for each theme.

    Title + description, every question text and the theme's ``anchors`` (paraphrases).
    """
    out: dict[str, list[str]] = {}
    for theme in taxonomy.themes:
        texts = [f"{theme.title}. {theme.description}".strip()]
        texts += [f"{q.short}: {q.text}" if q.short else q.text for q in theme.questions]
        texts += [a for a in theme.anchors if a.strip()]
        if theme.angle:
            texts.append(theme.angle)
        out[theme.id] = texts
    return out


def question_texts(taxonomy: Taxonomy) -> dict[str, str]:
    """One query text per question id."""
    return {q.id: (f"{q.short}: {q.text}" if q.short else q.text) for _, q in taxonomy.questions()}


def top_k_mean(cos: np.ndarray, k: int) -> np.ndarray:
    """Row-wise mean of the ``k`` largest values of ``cos`` (``(n, m)`` → ``(n,)``)."""
    k = max(1, min(int(k), cos.shape[1]))
    return np.sort(cos, axis=1)[:, -k:].mean(axis=1)


@dataclass
class ZeroShotEvidence:
    """Embedding evidence for a batch of texts.

    Attributes
    ----------
    theme_cos:
        ``(n, n_themes)`` mean of the ``top_k`` best cosines to the theme's anchors.
    anchor_cos:
        ``(n,)`` mean of the ``top_k`` best cosines to the off-topic anchors.
    question_cos:
        ``(n, n_questions)`` cosine to each question text (taxonomy order).
    vectors:
        ``(n, dim)`` the passage embeddings (reused by the classifier).
    outside_cos:
        ``(n, n_themes)`` best cosine to the theme's ``outside_angle`` texts (the theme's
        words without its working-life angle); ``None`` or ``-1`` where a theme has none.
    """

    theme_cos: np.ndarray
    anchor_cos: np.ndarray
    question_cos: np.ndarray
    vectors: np.ndarray
    outside_cos: np.ndarray | None = None

    @property
    def off_cos(self) -> np.ndarray:
        """Per theme the closest off-topic reference: the shared off-topic anchors or the
        theme's own outside-angle texts, ``(n, n_themes)``."""
        shared = np.repeat(self.anchor_cos[:, None], self.theme_cos.shape[1], axis=1)
        if self.outside_cos is None:
            return shared
        return np.maximum(shared, self.outside_cos)

    @property
    def margin(self) -> np.ndarray:
        """Theme cosine minus the closest off-topic reference (:attr:`off_cos`)."""
        return self.theme_cos - self.off_cos


class ZeroShotScorer:
    """Embed segments and compare them with the taxonomy's texts.

    Parameters
    ----------
    taxonomy:
        Themes, questions and (optional) off-topic anchors.
    cache:
        An :class:`~pipeline.embeddings.EmbeddingCache` around the configured embedder.
    scale, offset:
        Default calibration ``sigmoid(scale * (margin - offset))`` used for themes that
        :meth:`calibrate` has not fitted.
    top_k:
        Number of best anchor cosines averaged per theme and for the off-topic set.
    """

    def __init__(self, taxonomy: Taxonomy, cache: EmbeddingCache, scale: float = 40.0,
                 offset: float = 0.0, top_k: int = 1):
        self.taxonomy = taxonomy
        self.cache = cache
        self.scale = scale
        self.offset = offset
        self.top_k = max(1, int(top_k))
        self.theme_ids = taxonomy.theme_ids
        self.question_ids = [q.id for _, q in taxonomy.questions()]
        self.calibrators: dict[str, LogisticRegression] = {}
        self._queries: tuple[list[np.ndarray], np.ndarray, np.ndarray] | None = None
        self._outside: list[np.ndarray | None] | None = None

    def _outside_vectors(self) -> list[np.ndarray | None]:
        if self._outside is None:
            self._outside = [
                self.cache.embed(list(t.outside_angle), "query") if t.outside_angle else None
                for t in self.taxonomy.themes
            ]
        return self._outside

    def _query_vectors(self) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
        if self._queries is None:
            per_theme = theme_texts(self.taxonomy)
            themes = [self.cache.embed(per_theme[t], "query") for t in self.theme_ids]
            anchors = list(self.taxonomy.off_topic) or list(DEFAULT_OFF_TOPIC)
            anchor_vecs = self.cache.embed(anchors, "query")
            qtexts = question_texts(self.taxonomy)
            question_vecs = self.cache.embed([qtexts[q] for q in self.question_ids], "query")
            self._queries = (themes, anchor_vecs, question_vecs)
        return self._queries

    def evidence(self, texts: Sequence[str]) -> ZeroShotEvidence:
        """Embed ``texts`` (as passages) and compute their similarities."""
        themes, anchors, questions = self._query_vectors()
        vectors = self.cache.embed([t if t.strip() else "-" for t in texts], "passage")
        n = len(vectors)
        theme_cos = np.zeros((n, len(themes)))
        for j, tv in enumerate(themes):
            theme_cos[:, j] = top_k_mean(vectors @ tv.T, self.top_k) if n else 0.0
        anchor_cos = top_k_mean(vectors @ anchors.T, self.top_k) if n else np.zeros(0)
        question_cos = vectors @ questions.T if n else np.zeros((0, len(self.question_ids)))
        outside_cos = np.full((n, len(themes)), -1.0)
        for j, ov in enumerate(self._outside_vectors()):
            if ov is not None and n:
                outside_cos[:, j] = top_k_mean(vectors @ ov.T, self.top_k)
        return ZeroShotEvidence(theme_cos, anchor_cos, question_cos, vectors, outside_cos)

    def calibrate(self, evidence: ZeroShotEvidence, labels: np.ndarray,
                  min_per_class: int = 5) -> ZeroShotScorer:
        """Fit one logistic calibration of the margin per theme on labelled texts.

        Parameters
        ----------
        evidence:
            Evidence for the labelled texts.
        labels:
            ``(n, n_themes)`` 0/1 gold labels. Themes with fewer than ``min_per_class``
            positives or negatives keep the default calibration.
        """
        margin = evidence.margin
        self.calibrators = {}
        for j, tid in enumerate(self.theme_ids):
            y = labels[:, j].astype(int)
            if min(y.sum(), len(y) - y.sum()) < min_per_class:
                continue
            model = LogisticRegression(C=10.0)
            model.fit(margin[:, [j]], y)
            self.calibrators[tid] = model
        return self

    def scores(self, evidence: ZeroShotEvidence) -> np.ndarray:
        """Calibrated zero-shot scores in [0, 1], ``(n, n_themes)``."""
        margin = evidence.margin
        out = 1.0 / (1.0 + np.exp(-self.scale * (margin - self.offset)))
        for j, tid in enumerate(self.theme_ids):
            model = self.calibrators.get(tid)
            if model is not None and len(margin):
                out[:, j] = model.predict_proba(margin[:, [j]])[:, 1]
        return np.clip(out, 0.0, 1.0)
