"""The theme tagger: lexicon + zero-shot (+ optional classifier) evidence per segment,
aggregated to submissions.

:class:`ThemeTagger` follows scikit-learn conventions: it is configured in ``__init__``,
:meth:`~ThemeTagger.fit` is optional (analysts' labels → a classifier blended in;
gold labels of the tuning split → per-theme calibration of the zero-shot evidence),
:meth:`~ThemeTagger.score` returns ``score_<theme>`` per segment and
:meth:`~ThemeTagger.predict` adds ``themes``, ``question_id`` and ``explanation``.
:meth:`~ThemeTagger.aggregate` turns segment scores into submission scores.

Evidence is computed once (:meth:`~ThemeTagger.evidence`) and combined cheaply
(:meth:`~ThemeTagger.combine`), so threshold and weight tuning and the ablation
reuse the same embeddings. Nothing names a theme: everything comes from the taxonomy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from pipeline.config import TagParams
from pipeline.embeddings import EmbeddingCache
from pipeline.schema import score_column
from pipeline.tag.learned import (
    SubmissionRule,
    ThemeDecisionLayer,
    aggregate,
    decision_features,
)
from pipeline.tag.lexicon import LexiconMatch, LexiconMatcher
from pipeline.tag.zeroshot import ZeroShotEvidence, ZeroShotScorer
from pipeline.taxonomy import Taxonomy

DECISION_BLOCK_ROWS = 10_000
"""Segments scored by the learned decision layer at a time (bounds its memory)."""


@dataclass
class Evidence:
    """Everything the tagger knows about a batch of segments before combining.

    ``zeroshot`` is ``None`` when the tagger runs without an embedder.
    """

    lexicon: LexiconMatch
    zeroshot: ZeroShotEvidence | None

    def __len__(self) -> int:
        return len(self.lexicon.scores)

    def subset(self, index: Sequence[int] | np.ndarray) -> Evidence:
        """The evidence of the rows ``index`` (positions)."""
        idx = np.asarray(index, dtype=int)
        lex = self.lexicon
        lex_sub = LexiconMatch(
            scores=lex.scores[idx],
            terms=[lex.terms[i] for i in idx],
            question_hits=[lex.question_hits[i] for i in idx],
            negative=lex.negative[idx],
            strong=lex.strong[idx],
            angle=lex.angle[idx],
        )
        zs = self.zeroshot
        zs_sub = None if zs is None else ZeroShotEvidence(
            zs.theme_cos[idx], zs.anchor_cos[idx], zs.question_cos[idx], zs.vectors[idx],
            None if zs.outside_cos is None else zs.outside_cos[idx],
        )
        return Evidence(lex_sub, zs_sub)


def concat_evidence(parts: Sequence[Evidence]) -> Evidence | None:
    """The rows of several :class:`Evidence` batches in order (``None`` for no batches)."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    lex = [p.lexicon for p in parts]
    lexicon = LexiconMatch(
        scores=np.vstack([x.scores for x in lex]),
        terms=[t for x in lex for t in x.terms],
        question_hits=[q for x in lex for q in x.question_hits],
        negative=np.vstack([x.negative for x in lex]),
        strong=np.vstack([x.strong for x in lex]),
        angle=np.vstack([x.angle for x in lex]),
    )
    zs = [p.zeroshot for p in parts if p.zeroshot is not None]
    if len(zs) < len(parts):  # a batch without zero-shot evidence: none for all
        return Evidence(lexicon, None)
    outsides = [z.outside_cos for z in zs if z.outside_cos is not None]
    outside = np.vstack(outsides) if len(outsides) == len(zs) else None
    return Evidence(lexicon, ZeroShotEvidence(
        np.vstack([z.theme_cos for z in zs]), np.concatenate([z.anchor_cos for z in zs]),
        np.vstack([z.question_cos for z in zs]), np.vstack([z.vectors for z in zs]), outside))


def _texts(segments: pd.DataFrame) -> list[str]:
    column = "text_redacted" if "text_redacted" in segments.columns else "text"
    return [str(t) for t in segments[column].fillna("")]


def _lemmas(segments: pd.DataFrame) -> list[list[str]] | None:
    if "lemmas" not in segments.columns:
        return None
    return [list(v) if v is not None and not isinstance(v, str) else [] for v in segments["lemmas"]]


_DEFAULTS = TagParams()
"""The defaults of the tagger's parameters: those of the ``tag`` section (one place)."""


class ThemeTagger:
    """Multi-label theme tagger for consultation segments.

    Parameters
    ----------
    taxonomy:
        Themes, questions and seed terms (:func:`pipeline.taxonomy.load_taxonomy`).
    cache:
        Embedding cache around the embedder for zero-shot evidence; ``None`` runs on the
        lexicon alone.
    lexicon_weight, embedding_weight, classifier_weight:
        Weights of the three kinds of evidence; the score is their weighted mean over the
        kinds that are available (the classifier only after :meth:`fit` trained one).
    threshold:
        Default decision threshold on ``score_<theme>``.
    thresholds:
        Per-theme thresholds overriding ``threshold`` (calibrated on the tuning split).
    negative_damping:
        Factor on the combined score when a theme's negative term occurs.
    embedding_scale, embedding_offset:
        Default calibration of the zero-shot margin (see :mod:`pipeline.tag.zeroshot`).
    anchor_top_k:
        Zero-shot: mean of this many best anchor cosines per theme / off-topic set.
    weak_term_factor:
        Lexicon: weight factor of a weak term without a strong term of the same theme.
    question_threshold:
        Minimum question score for a segment's ``question_id``.
    submission_top_k:
        Submission score per theme = mean of the ``k`` best segment scores (1 = max) ...
    submission_single_margin:
        ... or the best segment's score minus this margin, whichever is higher: a theme
        needs support from ``k`` segments *or* one clearly strong segment (0 = max).
    chosen_theme_weight:
        Added to a submission's score for the theme the respondent picked in a form
        (a weak feature, never the truth).
    angle_damping:
        Factor on a theme's score when the segment shows none of the theme's
        ``angle_terms`` (the working-life angle): a technology, public-service or union
        word alone is not enough. 1 switches the angle off.
    seed:
        Random state of the classifier.
    """

    # Fitted state (scikit-learn's trailing underscore): empty until fit / the training of
    # pipeline.tag.training sets it.
    classifiers_: Mapping[str, LogisticRegression] = MappingProxyType({})
    decision_: ThemeDecisionLayer | None = None
    submission_rule_: SubmissionRule | None = None

    def __init__(
        self,
        taxonomy: Taxonomy,
        cache: EmbeddingCache | None = None,
        *,
        lexicon_weight: float = _DEFAULTS.lexicon_weight,
        embedding_weight: float = _DEFAULTS.embedding_weight,
        classifier_weight: float = _DEFAULTS.classifier_weight,
        threshold: float = _DEFAULTS.threshold,
        thresholds: Mapping[str, float] = _DEFAULTS.thresholds,
        negative_damping: float = _DEFAULTS.negative_damping,
        embedding_scale: float = _DEFAULTS.embedding_scale,
        embedding_offset: float = _DEFAULTS.embedding_offset,
        anchor_top_k: int = _DEFAULTS.anchor_top_k,
        weak_term_factor: float = _DEFAULTS.weak_term_factor,
        question_threshold: float = _DEFAULTS.question_threshold,
        submission_top_k: int = _DEFAULTS.submission_top_k,
        submission_single_margin: float = _DEFAULTS.submission_single_margin,
        chosen_theme_weight: float = _DEFAULTS.chosen_theme_weight,
        angle_damping: float = _DEFAULTS.angle_damping,
        seed: int = 42,
    ):
        # scikit-learn convention: only store the parameters; the parts are built on use
        self.taxonomy = taxonomy
        self.cache = cache
        self.lexicon_weight = lexicon_weight
        self.embedding_weight = embedding_weight
        self.classifier_weight = classifier_weight
        self.threshold = threshold
        self.thresholds = thresholds
        self.negative_damping = negative_damping
        self.embedding_scale = embedding_scale
        self.embedding_offset = embedding_offset
        self.anchor_top_k = anchor_top_k
        self.weak_term_factor = weak_term_factor
        self.question_threshold = question_threshold
        self.submission_top_k = submission_top_k
        self.submission_single_margin = submission_single_margin
        self.chosen_theme_weight = chosen_theme_weight
        self.angle_damping = angle_damping
        self.seed = seed

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return self.taxonomy.theme_ids

    @cached_property
    def lexicon(self) -> LexiconMatcher:
        return LexiconMatcher(self.taxonomy, weak_factor=self.weak_term_factor)

    @cached_property
    def zeroshot(self) -> ZeroShotScorer | None:
        if self.cache is None:
            return None
        return ZeroShotScorer(self.taxonomy, self.cache, scale=self.embedding_scale,
                              offset=self.embedding_offset, top_k=self.anchor_top_k)

    @cached_property
    def _question_theme(self) -> dict[str, str]:
        return {q.id: t.id for t, q in self.taxonomy.questions()}

    @cached_property
    def _question_short(self) -> dict[str, str]:
        return {q.id: (q.short or q.text) for _, q in self.taxonomy.questions()}

    # ------------------------------------------------------------------ configuration
    def with_params(self, **changes) -> ThemeTagger:
        """A shallow copy with some settings changed, sharing embedder and fitted parts."""
        clone = object.__new__(ThemeTagger)
        clone.__dict__.update(self.__dict__)
        clone.thresholds = dict(self.thresholds)
        for key, value in changes.items():
            if not hasattr(self, key):
                raise AttributeError(key)
            setattr(clone, key, value)
        if clone.zeroshot is not None and (
            "embedding_scale" in changes or "embedding_offset" in changes
        ):
            shared = self.zeroshot
            # The clone's scorer exists, so this tagger has the same embedder cache.
            assert shared is not None and self.cache is not None
            scorer = ZeroShotScorer(
                self.taxonomy, self.cache, clone.embedding_scale, clone.embedding_offset,
                clone.anchor_top_k,
            )
            scorer.calibrators = shared.calibrators
            scorer._queries = shared._queries
            scorer._outside = shared._outside
            clone.zeroshot = scorer
        return clone

    def threshold_for(self, theme_id: str) -> float:
        """The decision threshold of ``theme_id`` on segment scores: the learned layer's
        (chosen under its precision constraint) when it has a model for the theme."""
        if self.decision_ is not None and theme_id in self.decision_.thresholds_:
            return float(self.decision_.thresholds_[theme_id])
        return float(self.thresholds.get(theme_id, self.threshold))

    def submission_threshold_for(self, theme_id: str) -> float:
        """The decision threshold of ``theme_id`` on submission scores."""
        rule = self.submission_rule_
        if rule is not None and rule.is_fitted_for(theme_id):
            return float(rule.thresholds_[theme_id])
        return self.threshold_for(theme_id)

    @property
    def uses_classifier(self) -> bool:
        """True when :meth:`fit` trained at least one per-theme classifier."""
        return bool(self.classifiers_)

    @property
    def uses_decision_layer(self) -> bool:
        """True when the learned decision layer decides at least one theme."""
        return self.decision_ is not None and bool(self.decision_.models_)

    def angle_factor(self, evidence: Evidence) -> np.ndarray:
        """``(n, n_themes)``: 1 where the segment shows the theme's working-life angle
        (one of its ``angle_terms``), ``angle_damping`` where it does not, and 0 where it
        does not *and* the segment is closer to the theme's ``outside_angle`` texts
        (energy technology, patients' services, unions abroad) than to the theme itself:
        both kinds of evidence then say the theme's words are used about something else."""
        factor = np.where(evidence.lexicon.angle, 1.0, self.angle_damping)
        zs = evidence.zeroshot
        if zs is not None and zs.outside_cos is not None:
            outside = (zs.outside_cos > zs.theme_cos) & ~evidence.lexicon.angle
            factor = np.where(outside, 0.0, factor)
        return factor

    # ------------------------------------------------------------------ evidence
    def evidence(self, segments: pd.DataFrame) -> Evidence:
        """Compute lexicon and zero-shot evidence for ``segments``.

        ``segments`` needs ``text_redacted`` (or ``text``) and, optionally, ``lemmas``.
        """
        texts = _texts(segments)
        lex = self.lexicon.match(texts, _lemmas(segments))
        zs = self.zeroshot.evidence(texts) if self.zeroshot is not None else None
        return Evidence(lex, zs)

    # ------------------------------------------------------------------ fitting
    def fit(self, segments: pd.DataFrame, labels: np.ndarray | pd.DataFrame, *,
            classifier: bool = True, calibrate: bool = False,
            evidence: Evidence | None = None, min_per_class: int = 3) -> ThemeTagger:
        """Learn from labelled segments (optional; the tagger works unfitted).

        Parameters
        ----------
        segments:
            Labelled segments (``text_redacted``/``text``, optional ``lemmas``).
        labels:
            ``(n, n_themes)`` 0/1 matrix in taxonomy order, or a DataFrame with one
            column per theme id. ``NaN`` (unknown) entries are ignored per theme.
        classifier:
            Train a per-theme logistic regression on the embeddings (analysts' labels).
        calibrate:
            Fit per-theme logistic calibration of the zero-shot margin (tuning split).
        evidence:
            Precomputed :meth:`evidence` for ``segments``.
        min_per_class:
            A theme needs this many known positives and negatives to get a classifier.
        """
        if isinstance(labels, pd.DataFrame):
            labels = labels.reindex(columns=list(self.theme_ids)).to_numpy(dtype=float)
        labels = np.asarray(labels, dtype=float)
        if self.zeroshot is None or len(segments) == 0:
            return self
        evidence = evidence if evidence is not None else self.evidence(segments)
        zs = evidence.zeroshot
        assert zs is not None  # evidence of a tagger with an embedder has its zero-shot part
        if calibrate:
            self.zeroshot.calibrate(zs, np.nan_to_num(labels, nan=0.0))
        if classifier:
            self.classifiers_ = {}
            for j, tid in enumerate(self.theme_ids):
                known = ~np.isnan(labels[:, j])
                y = labels[known, j].astype(int)
                if min(y.sum(), len(y) - y.sum()) < min_per_class:
                    continue
                model = LogisticRegression(C=1.0, class_weight="balanced",
                                           random_state=self.seed, max_iter=1000)
                model.fit(zs.vectors[known], y)
                self.classifiers_[tid] = model
        return self

    # ------------------------------------------------------------------ scoring
    def component_scores(self, evidence: Evidence) -> dict[str, np.ndarray]:
        """Each kind of evidence as an ``(n, n_themes)`` score matrix in [0, 1]."""
        out = {"lexicon": evidence.lexicon.scores}
        if evidence.zeroshot is not None and self.zeroshot is not None:
            out["embedding"] = self.zeroshot.scores(evidence.zeroshot)
            if self.classifiers_:
                clf = np.full_like(out["embedding"], np.nan)
                for j, tid in enumerate(self.theme_ids):
                    model = self.classifiers_.get(tid)
                    if model is not None and len(evidence):
                        clf[:, j] = model.predict_proba(evidence.zeroshot.vectors)[:, 1]
                out["classifier"] = clf
        return out

    def combine(self, evidence: Evidence) -> np.ndarray:
        """Combine the evidence into ``(n, n_themes)`` scores in [0, 1].

        The weighted mean over the available kinds of evidence (a theme without a
        classifier averages lexicon and embedding only), damped by
        ``negative_damping`` where a negative term of the theme occurs.
        """
        parts = self.component_scores(evidence)
        weights = {"lexicon": self.lexicon_weight, "embedding": self.embedding_weight,
                   "classifier": self.classifier_weight}
        n, k = evidence.lexicon.scores.shape
        total = np.zeros((n, k))
        norm = np.zeros((n, k))
        for name, matrix in parts.items():
            w = weights[name]
            if w <= 0:
                continue
            known = ~np.isnan(matrix)
            total += np.where(known, matrix, 0.0) * w
            norm += known * w
        scores = np.divide(total, norm, out=np.zeros((n, k)), where=norm > 0)
        scores = np.where(evidence.lexicon.negative, scores * self.negative_damping, scores)
        decision = self.decision_
        if decision is not None and self.uses_decision_layer and n:
            # The learned layer decides the themes it has a model for; the lexicon and
            # zero-shot scores stay as its inputs and as the explanation.
            # In blocks of rows (the models are row by row): the feature matrix of every
            # segment and the models' scaled copies of it took 0.8 GB per 82 000 segments
            # at once (the stage's peak at 50 000 submissions fell from 6.6 to 5.1 GB).
            proba = np.vstack([
                decision.predict_proba(decision_features(
                    evidence.subset(np.arange(first, min(first + DECISION_BLOCK_ROWS, n)))))
                for first in range(0, n, DECISION_BLOCK_ROWS)])
            scores = np.where(np.isnan(proba), scores, proba)
        scores = scores * self.angle_factor(evidence)
        return np.clip(scores, 0.0, 1.0)

    def decide(self, scores: np.ndarray, submissions: bool = False) -> list[list[str]]:
        """Theme ids at or above their threshold, per row of ``scores`` (segment
        thresholds, or with ``submissions`` the submission rule's)."""
        limit = self.submission_threshold_for if submissions else self.threshold_for
        limits = np.array([limit(t) for t in self.theme_ids])
        above = scores >= limits[None, :]
        return [[t for t, a in zip(self.theme_ids, row, strict=True) if a] for row in above]

    def score(self, segments: pd.DataFrame, evidence: Evidence | None = None) -> pd.DataFrame:
        """``score_<theme>`` per segment (same index as ``segments``)."""
        evidence = evidence if evidence is not None else self.evidence(segments)
        scores = self.combine(evidence)
        return pd.DataFrame(scores, index=segments.index,
                            columns=[score_column(t) for t in self.theme_ids])

    # ------------------------------------------------------------------ questions
    def question_scores(self, evidence: Evidence) -> np.ndarray:
        """``(n, n_questions)`` question scores: term hits and embedding similarity."""
        qids = list(self._question_theme)
        n = len(evidence)
        lex = np.array([[hits.get(q, 0.0) for q in qids]
                        for hits in evidence.lexicon.question_hits]).reshape(n, len(qids))
        lex = 1.0 - np.exp(-lex)
        if evidence.zeroshot is None:
            return lex
        cos = evidence.zeroshot.question_cos
        margin = cos - evidence.zeroshot.anchor_cos[:, None]
        emb = 1.0 / (1.0 + np.exp(-self.embedding_scale * (margin - self.embedding_offset)))
        # Relative closeness among the questions sharpens the choice between siblings.
        rel = cos - cos.max(axis=1, keepdims=True) if len(cos) else cos
        emb = emb * np.exp(rel * 20.0)
        return 0.5 * lex + 0.5 * emb

    def assign_questions(self, evidence: Evidence, themes: Sequence[Sequence[str]]) -> list[str]:
        """Best question within each segment's themes, or ``""`` below ``question_threshold``."""
        qids = list(self._question_theme)
        qscores = self.question_scores(evidence)
        out = []
        for i, row_themes in enumerate(themes):
            best, best_score = "", self.question_threshold
            for j, qid in enumerate(qids):
                if self._question_theme[qid] in row_themes and qscores[i, j] >= best_score:
                    best, best_score = qid, qscores[i, j]
            out.append(best)
        return out

    # ------------------------------------------------------------------ prediction
    def explain(self, evidence: Evidence, themes: Sequence[Sequence[str]],
                question_ids: Sequence[str]) -> list[str]:
        """Short Norwegian explanations: matched terms and the nearest question."""
        out = []
        for i, row_themes in enumerate(themes):
            parts = []
            terms: list[str] = []
            for tid in row_themes:
                terms += [t for t in evidence.lexicon.terms[i].get(tid, []) if t not in terms]
            if terms:
                parts.append("treff: " + ", ".join(terms[:5]))
            if question_ids[i]:
                parts.append("nærmeste spørsmål: " + self._question_short[question_ids[i]])
            elif row_themes and not terms:
                titles = [self.taxonomy.theme(t).short_title or self.taxonomy.theme(t).title
                          for t in row_themes]
                parts.append("innholdslikhet med tema: " + ", ".join(titles))
            if not row_themes:
                parts.append("ingen tydelig kobling til heftets tema")
            out.append(" · ".join(parts))
        return out

    def predict(self, segments: pd.DataFrame, evidence: Evidence | None = None) -> pd.DataFrame:
        """Tag ``segments``: a copy with ``score_*``, ``themes``, ``question_id``, ``explanation``.
        """
        evidence = evidence if evidence is not None else self.evidence(segments)
        scores = self.score(segments, evidence)
        themes = self.decide(scores.to_numpy())
        questions = self.assign_questions(evidence, themes)
        out = segments.copy()
        for column in scores.columns:
            out[column] = scores[column].astype(float)
        out["themes"] = themes
        out["question_id"] = questions
        out["explanation"] = self.explain(evidence, themes, questions)
        return out

    # ------------------------------------------------------------------ submissions
    def aggregate_scores(self, segment_scores: np.ndarray, chosen: str = "") -> np.ndarray:
        """One submission's theme scores from its segments' ``(n, n_themes)`` scores.

        Per theme the mean of the ``submission_top_k`` best segment scores (the max
        when k = 1 or the submission has fewer segments) or the best segment score minus
        ``submission_single_margin``, whichever is higher, plus ``chosen_theme_weight``
        for the theme the respondent picked (``chosen``), clipped to [0, 1]. A
        submission without segments scores 0 (plus the chosen-theme bonus).
        """
        k = len(self.theme_ids)
        if len(segment_scores) == 0:
            agg = np.zeros(k)
        else:
            ranked = np.sort(segment_scores, axis=0)[::-1]
            agg = ranked[: max(1, self.submission_top_k)].mean(axis=0)
            agg = np.maximum(agg, ranked[0] - self.submission_single_margin)
            rule = self.submission_rule_
            if rule is not None:
                # The learned rule: per theme the aggregation chosen on whole submissions.
                for j, tid in enumerate(self.theme_ids):
                    if rule.is_fitted_for(tid):
                        agg[j] = aggregate(segment_scores[:, [j]], rule.top_k_[tid])[0]
        if chosen in self.theme_ids:
            agg = agg.copy()
            agg[self.theme_ids.index(chosen)] += self.chosen_theme_weight
        return np.clip(agg, 0.0, 1.0)

    def aggregate(self, segments: pd.DataFrame, submissions: pd.DataFrame) -> pd.DataFrame:
        """Submission-level ``score_*``, ``themes`` and ``theme_explanation``.

        ``segments`` must carry ``submission_id`` and ``score_*`` (output of
        :meth:`predict`); ``submissions`` may carry ``chosen_theme``.
        """
        columns = [score_column(t) for t in self.theme_ids]
        # Row positions per submission and one score matrix: a frame per group and
        # ``iterrows`` cost 12 s at 10 000 submissions.
        scores = (segments[columns].to_numpy(dtype=float) if len(segments)
                  else np.zeros((0, len(columns))))
        groups: dict[object, list[int]] = {}
        for row, sid in enumerate(segments["submission_id"].tolist()):
            if not pd.isna(sid):  # as groupby: a segment without a submission counts nowhere
                groups.setdefault(sid, []).append(row)
        chosen_themes = (submissions["chosen_theme"].tolist()
                         if "chosen_theme" in submissions.columns else [""] * len(submissions))
        out = submissions.copy()
        rows, explanations = [], []
        for sid, chosen_value in zip(submissions["submission_id"].tolist(), chosen_themes,
                                     strict=True):
            at = groups.get(sid)
            seg_scores = scores[at] if at is not None else np.zeros((0, len(columns)))
            chosen = str(chosen_value or "")
            agg = self.aggregate_scores(seg_scores, chosen)
            rows.append(agg)
            explanations.append(
                self._explain_submission(agg, seg_scores if at is not None else None, chosen))
        matrix = np.vstack(rows) if rows else np.zeros((0, len(columns)))
        for j, column in enumerate(columns):
            out[column] = matrix[:, j].astype(float) if len(matrix) else pd.Series(dtype=float)
        out["themes"] = (self.decide(matrix, submissions=True) if len(matrix)
                         else pd.Series(dtype=object))
        out["theme_explanation"] = explanations
        return out

    def _explain_submission(self, agg: np.ndarray, seg_scores: np.ndarray | None,
                            chosen: str) -> str:
        """``seg_scores``: the submission's segments' scores (theme order), ``None`` when it
        has no segments."""
        parts = []
        for j, tid in enumerate(self.theme_ids):
            if agg[j] < self.submission_threshold_for(tid):
                continue
            theme = self.taxonomy.theme(tid)
            n = 0
            if seg_scores is not None:
                n = int((seg_scores[:, j] >= self.threshold_for(tid)).sum())
            parts.append(f"{theme.short_title or theme.title}: {agg[j]:.2f} ({n} segmenter)")
        text = "; ".join(parts) if parts else "ingen tydelig kobling til heftets tema"
        if chosen in self.theme_ids:
            theme = self.taxonomy.theme(chosen)
            text += f" · valgt i skjema: {theme.short_title or theme.title}"
        return text


def tagger_from_params(tag_params: TagParams, taxonomy: Taxonomy, cache: EmbeddingCache | None,
                       seed: int = 42) -> ThemeTagger:
    """Build a :class:`ThemeTagger` from the ``tag`` section of ``params.yaml``."""
    return ThemeTagger(taxonomy, cache, seed=seed,
                       **tag_params.model_dump(exclude={"decision"}))


__all__ = ["Evidence", "ThemeTagger", "tagger_from_params"]
