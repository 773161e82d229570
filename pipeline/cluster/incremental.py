"""Incremental topic updates: a few new proposals join the existing topics, no refit.

Analysts re-run the pipeline every time a batch of e-mails arrives. Refitting the topic
model on every proposal for one new letter costs minutes at 10 000 submissions and can
reshuffle topics the committee has already read. So the cluster stage keeps the last fit
(:class:`FitState`, in the cache) and, when the inputs differ from it by little, only
*places* the new units:

- every unit the state knows (by :func:`unit_key`, the content the model saw) keeps its
  topic and the topic its keywords;
- the new units are treated exactly like the fit's outliers: each joins the nearest topic
  centroid in the clustering representation when the cosine reaches
  ``cluster.outlier_threshold`` and its direction (:mod:`.polarity`) does not contradict
  the topic's (:func:`~pipeline.cluster.model.reduce_outliers`); a new unit sent by as many
  supporters as a topic needs becomes a topic of its own (campaign rule); the rest stay
  without a topic until the next refit;
- units with the same text from different senders share one topic
  (:func:`harmonise_twins`), in a fit as in an update.

A full refit runs instead when there is no state, when the model's settings or code
changed (:func:`fit_fingerprint`), or when the units placed since the last refit plus the
new ones (or the units that disappeared) exceed ``cluster.refit_share`` of the fitted
corpus. ``refit_share: 0`` always refits: the result then depends on the inputs only,
never on the order in which letters arrived.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from pipeline import common
from pipeline.config import ClusterParams

if TYPE_CHECKING:
    from pipeline.cluster.lexical import LexicalFeatures

log = logging.getLogger(__name__)

STATE_VERSION = "1"
"""Bump when the state's format changes (old states are then ignored, i.e. a refit)."""

_PACKAGE = Path(__file__).parent


def unit_key(doc: str, text: str, language: str) -> str:
    """What the model sees of a unit (lemma string, surface text, language), hashed."""
    return common.short_hash(doc, text, language or "", length=20)


def fit_fingerprint(params: ClusterParams, seed: int, space: str = "") -> str:
    """Everything besides the units that decides a fit: settings, seed, code and ``space``
    (the digest of the embedding transform, :mod:`.whitening`, which changes when its
    training files do, not only its settings).

    ``refit_share`` and ``match_threshold`` are left out: they do not change a fit.
    """
    settings = params.model_dump(mode="json", exclude={"refit_share", "match_threshold"})
    return common.short_hash(
        STATE_VERSION,
        json.dumps(settings, sort_keys=True),
        str(seed),
        common.source_digest(_PACKAGE),
        space,
        length=20,
    )


@dataclass
class FitState:
    """The topic of every unit of the last fit (and of units placed since), by unit key.

    Parameters
    ----------
    fingerprint:
        :func:`fit_fingerprint` of the fit.
    units:
        unit key → ``[topic, topic before outlier reduction, membership probability]``
        of the fit (-1 = no topic; topics before analysts' overrides; probability
        ``None`` when the clusterer gives none).
    keywords:
        topic id → keywords from the fit.
    n_fitted:
        Units in the last full fit.
    n_placed:
        Units placed by updates since then.
    lexical:
        The fit's :class:`~pipeline.cluster.lexical.LexicalFeatures` (``None``: none used),
        stored next to the JSON file.
    """

    fingerprint: str = ""
    units: dict[str, list] = field(default_factory=dict)
    keywords: dict[int, list[str]] = field(default_factory=dict)
    n_fitted: int = 0
    n_placed: int = 0
    lexical: LexicalFeatures | None = field(default=None, compare=False)

    FILE = "fit_state.json"
    LEXICAL_FILE = "lexical.joblib"

    @classmethod
    def load(cls, directory: Path) -> FitState:
        """The stored state, or an empty one (unreadable states only cost a refit)."""
        from pipeline.cluster.lexical import LexicalFeatures

        path = Path(directory) / cls.FILE
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            lexical = None
            if data.get("lexical"):
                lexical = LexicalFeatures.load(Path(directory) / cls.LEXICAL_FILE)
                if lexical is None:
                    raise ValueError(f"{cls.LEXICAL_FILE} mangler eller er skadet")
            return cls(
                data["fingerprint"],
                {k: [int(v[0]), int(v[1]), v[2]] for k, v in data["units"].items()},
                {int(k): list(v) for k, v in data["keywords"].items()},
                int(data["n_fitted"]),
                int(data["n_placed"]),
                lexical,
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("%s kan ikke leses (%s); modellen tilpasses på nytt", path, exc)
            return cls()

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        data = {
            "fingerprint": self.fingerprint,
            "units": self.units,
            "keywords": {str(k): v for k, v in sorted(self.keywords.items())},
            "n_fitted": self.n_fitted,
            "n_placed": self.n_placed,
            "lexical": self.lexical is not None,
        }
        if self.lexical is not None:
            self.lexical.save(directory / self.LEXICAL_FILE)
        from pipeline.cache import atomic_write_text

        atomic_write_text(directory / self.FILE, json.dumps(data, ensure_ascii=False))

    @classmethod
    def from_fit(cls, fingerprint: str, keys: list[str], fit, n_placed: int = 0,
                 n_fitted: int | None = None) -> FitState:
        """The state of a :class:`~pipeline.cluster.model.TopicFit` of the units ``keys``."""
        units = {
            key: [int(t), int(b), None if np.isnan(p) else round(float(p), 6)]
            for key, t, b, p in zip(keys, fit.topics, fit.topics_before, fit.probabilities,
                                    strict=True)
        }
        keywords = {int(k): list(v) for k, v in fit.keywords.items()}
        return cls(fingerprint, units, keywords,
                   len(keys) if n_fitted is None else n_fitted, n_placed, fit.lexical)

    def extended(self, keys: list[str], fit, n_new: int) -> FitState:
        """This state plus the units of an update (``fit``) it did not hold yet."""
        placed = FitState.from_fit(self.fingerprint, keys, fit).units
        units = {**{k: v for k, v in placed.items() if k not in self.units}, **self.units}
        return FitState(self.fingerprint, dict(sorted(units.items())), dict(self.keywords),
                        self.n_fitted, self.n_placed + n_new, self.lexical)

    def known(self, keys: list[str]) -> np.ndarray:
        """Which of ``keys`` the state holds (boolean mask)."""
        return np.array([k in self.units for k in keys], dtype=bool)

    def column(self, keys: list[str], i: int, default) -> np.ndarray:
        """Field ``i`` of every unit in ``keys`` (``default`` for unknown units)."""
        values = [self.units[k][i] if k in self.units else default for k in keys]
        return np.array([default if v is None else v for v in values])


def harmonise_twins(fit, keys: list[str]):
    """Give units with the same :func:`unit_key` (the same proposal text from different
    senders) one topic: the first one any of them got, with its figures.

    The model sees such twins as one point, but the campaign rule gives a topic to the copy
    with many supporters only. The state holds one entry per key, so without this an update
    could take the topic away from the campaign (seen at 50 000 submissions: 7 topics lost).
    Returns ``fit`` with ``topics``, ``topics_before`` and ``probabilities`` harmonised.
    """
    chosen: dict[str, int] = {}
    for i, key in enumerate(keys):
        j = chosen.setdefault(key, i)
        if fit.topics[j] < 0 <= fit.topics[i]:
            chosen[key] = i
    source = np.array([chosen[k] for k in keys], dtype=int)
    if len(source) == 0 or (source == np.arange(len(keys))).all():
        return fit
    fit.topics = fit.topics[source]
    fit.topics_before = fit.topics_before[source]
    fit.probabilities = fit.probabilities[source]
    return fit


def plan_update(state: FitState, keys: list[str], fingerprint: str,
                refit_share: float) -> tuple[bool, str]:
    """Whether these units can be placed into ``state`` (else: refit), and why (Norwegian).

    Parameters
    ----------
    state:
        The stored state (empty: refit).
    keys:
        :func:`unit_key` of every current unit.
    fingerprint:
        The current :func:`fit_fingerprint`.
    refit_share:
        Largest share of the fitted corpus that may be placed (or have disappeared)
        before a refit; 0 disables updates.
    """
    if refit_share <= 0:
        return False, "full tilpasning (refit_share = 0)"
    if not state.units:
        return False, "full tilpasning (ingen tidligere modell)"
    if state.fingerprint != fingerprint:
        return False, "full tilpasning (innstillinger eller kode endret)"
    current = set(keys)
    new = len(current - state.units.keys())
    gone = len(state.units.keys() - current)
    budget = refit_share * max(state.n_fitted, 1)
    if state.n_placed + new > budget or gone > budget:
        return False, (f"full tilpasning ({state.n_placed + new} nye og {gone} fjernede forslag "
                       f"siden forrige tilpasning, over {refit_share:.0%})")
    return True, f"oppdatering ({new} nye forslag plassert i eksisterende grupper)"


def place_new_units(
    state: FitState,
    keys: list[str],
    vectors: np.ndarray,
    texts: list[str],
    weights: np.ndarray,
    params: ClusterParams,
    min_cluster_size: int,
) -> np.ndarray:
    """Topics of all units: known ones from ``state``, new ones placed (module docstring).

    Parameters
    ----------
    state:
        The last fit.
    keys, vectors, texts, weights:
        Per unit: :func:`unit_key`, the clustering representation
        (:func:`~pipeline.cluster.model.build_representation`), the surface text (for the
        direction) and the number of supporters.
    params:
        ``cluster`` parameters (``outlier_threshold``, ``polarity_split``).
    min_cluster_size:
        Supporters a lone new unit needs to become its own topic.
    """
    from pipeline.cluster.model import reduce_outliers

    known = state.known(keys)
    topics = state.column(keys, 0, -1).astype(int)
    if known.all() or len(keys) == 0:
        return topics
    signs = None
    if params.polarity_split:
        from pipeline.cluster.polarity import polarities

        signs = polarities(texts)
    # New units are placed like the fit's outliers, whatever the fit's outlier strategy.
    placing = params.model_copy(update={"outlier_strategy": "embeddings"})
    topics = reduce_outliers(None, [], topics, vectors, placing, signs, candidates=~known)
    # the campaign rule, for new units only; ids never reuse one of the state's
    next_id = max([int(topics.max(initial=-1)), *(u[0] for u in state.units.values())]) + 1
    lone = np.flatnonzero(~known & (topics == -1) & (np.asarray(weights) >= min_cluster_size))
    for i in lone:
        topics[i] = next_id
        next_id += 1
    return topics


def update_fit(
    state: FitState,
    keys: list[str],
    docs: list[str],
    embeddings: np.ndarray,
    texts: list[str],
    weights: np.ndarray,
    languages: list[str],
    params: ClusterParams,
    seed: int,
):
    """A :class:`~pipeline.cluster.model.TopicFit` from ``state`` plus the new units placed.

    The representation is rebuilt for all units as a fit builds it, with the fit's own
    lexical transformer (so labels and representative quotes are chosen in the same space);
    no clusterer and no BERTopic run.
    Parameters are those of :func:`~pipeline.cluster.model.fit_topics`, plus ``state`` and
    the units' ``keys``.
    """
    from pipeline.cluster.model import (
        TopicFit,
        auto_min_cluster_size,
        build_representation,
        uses_umap,
    )
    from pipeline.embeddings import unit_rows

    n = len(keys)
    representation = build_representation(
        docs, embeddings, params, seed, languages, state.lexical
    )
    vectors = unit_rows(representation)
    min_size = auto_min_cluster_size(n, params)
    topics = place_new_units(state, keys, vectors, texts, weights, params, min_size)
    known = state.known(keys)
    # placed units were outliers of the clusterer, as far as the fit's figures go
    before = np.where(known, state.column(keys, 1, -1).astype(int), -1)
    probabilities = np.where(known, state.column(keys, 2, np.nan).astype(float), np.nan)
    present = set(topics.tolist())
    keywords = {t: list(k) for t, k in state.keywords.items() if t in present}
    return TopicFit(topics, before, probabilities, keywords, uses_umap(n, params), min_size,
                    None, vectors.astype(np.float32))
