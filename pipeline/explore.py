"""Helpers for the data team's notebooks (``notebooks/``): opening the project, search,
uncertainty, topic refits.

:func:`open_project` is every notebook's first cell: it finds the project root (the folder
with ``params.yaml``) from wherever Jupyter started, makes it the working directory so the
relative paths of ``params.yaml`` hold, and loads params, taxonomy and tables.

Everything here reads the tables that :func:`pipeline.tables.load_tables` returns and
touches only redacted text: :func:`search_redacted` searches ``text_redacted`` and never
returns ``text``, ``text_original`` or ``private_*`` columns, so a notebook cell built on
it cannot put personal data on screen.

The topic helpers (:func:`topic_inputs`, :func:`refit_topics`, :func:`min_cluster_size_sweep`)
rebuild the cluster stage's model inputs from its own public pieces
(:mod:`pipeline.cluster.units`, :mod:`pipeline.cluster.text`, the shared embedding cache) and
fit with :func:`pipeline.cluster.model.fit_topics`, so the same ``params.yaml`` gives the
same clustering as ``python -m pipeline cluster`` before the analysts' ``topics.yaml``
corrections and the renumbering by support.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pipeline.schema import PRIVATE_PREFIX, score_column

if TYPE_CHECKING:  # pragma: no cover - imports for type hints only
    from pipeline.cluster.model import TopicFit
    from pipeline.config import Params
    from pipeline.embeddings import EmbeddingCache
    from pipeline.tables import Tables
    from pipeline.taxonomy import Taxonomy

@dataclass(frozen=True)
class Project:
    """What a notebook works on: the project root, its params, taxonomy and tables.

    ``segments`` and ``topics`` are empty frames (not ``None``) before their stages have run,
    so a notebook's cells run on a half-built project and show empty tables.
    """

    root: Path
    params: Params
    taxonomy: Taxonomy
    tables: Tables

    @property
    def submissions(self) -> pd.DataFrame:
        return self.tables.submissions

    @property
    def segments(self) -> pd.DataFrame:
        return self.tables.segments if self.tables.segments is not None else pd.DataFrame()

    @property
    def topics(self) -> pd.DataFrame:
        return self.tables.topics if self.tables.topics is not None else pd.DataFrame()

    def summary(self) -> str:
        """One line in Norwegian: where the project is and what its tables hold."""
        return (f"Prosjektrot: {self.root}\n{len(self.submissions)} innspill, "
                f"{len(self.segments)} segmenter, {len(self.topics)} gjentatte forslag")


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working directory) that holds
    ``params.yaml``."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "params.yaml").exists():
            return folder
    raise FileNotFoundError(f"Fant ingen params.yaml i {here} eller mappene over. Start "
                            "Jupyter i prosjektmappen.")


def open_project(start: Path | None = None) -> Project:
    """Find the project root, make it the working directory and load params, taxonomy and
    tables (:func:`pipeline.tables.load_tables`)."""
    from pipeline.config import load_params
    from pipeline.tables import load_tables
    from pipeline.taxonomy import load_taxonomy

    root = find_root(start)
    os.chdir(root)  # params.yaml's paths are relative to the project root
    params = load_params()
    taxonomy = load_taxonomy(params.taxonomy)
    return Project(root, params, taxonomy,
                   load_tables(params.paths.processed, taxonomy.theme_ids))


#: Columns :func:`search_redacted` may return next to the hit (never raw text or private data).
SAFE_COLUMNS: tuple[str, ...] = (
    "segment_id",
    "submission_id",
    "received_at",
    "format",
    "submitter_type",
    "organisation",
    "fylke",
    "kommune",
    "language",
    "themes",
    "question_id",
    "is_proposal",
    "topic_id",
)
_UNSAFE_COLUMNS = ("text", "text_original")


def search_redacted(
    frame: pd.DataFrame,
    query: str,
    *,
    regex: bool = False,
    case: bool = False,
    context: int = 80,
    columns: Sequence[str] = SAFE_COLUMNS,
) -> pd.DataFrame:
    """Find rows whose *redacted* text contains ``query``.

    Parameters
    ----------
    frame:
        ``Tables.submissions`` or ``Tables.segments`` (anything with ``text_redacted``).
    query:
        The text to look for; a regular expression when ``regex`` is true.
    regex, case:
        Treat ``query`` as a regular expression; match case-sensitively.
    context:
        Characters of redacted text kept on each side of the first hit in ``snippet``.
    columns:
        Columns copied to the result when present. ``text``, ``text_original`` and
        ``private_*`` columns are refused.

    Returns
    -------
    pandas.DataFrame
        One row per matching row, in the input order: the requested ``columns``, ``n_hits``
        (matches in the row) and ``snippet`` (the first hit in context, marked ``«…»``).

    Raises
    ------
    ValueError
        When ``frame`` has no ``text_redacted`` column, ``query`` is empty, or a requested
        column holds unredacted text or personal data.
    """
    if "text_redacted" not in frame.columns:
        raise ValueError("Tabellen har ingen kolonne text_redacted; søk bare i sladdet tekst.")
    if not query:
        raise ValueError("Søkeordet er tomt.")
    unsafe = [c for c in columns if c in _UNSAFE_COLUMNS or c.startswith(PRIVATE_PREFIX)]
    if unsafe:
        raise ValueError(f"Kolonnene {unsafe} inneholder usladdet tekst eller persondata.")
    pattern = re.compile(query if regex else re.escape(query), 0 if case else re.IGNORECASE)
    texts = frame["text_redacted"].fillna("").astype(str)
    matches = [list(pattern.finditer(t)) for t in texts]
    hit = np.array([bool(m) for m in matches], dtype=bool)
    keep = [c for c in columns if c in frame.columns]
    out = frame.loc[hit, keep].copy()
    out["n_hits"] = [len(m) for m in matches if m]
    out["snippet"] = [
        _snippet(t, m[0].start(), m[0].end(), context)
        for t, m in zip(texts, matches, strict=True)
        if m
    ]
    return out.reset_index(drop=True)


def _snippet(text: str, start: int, end: int, context: int) -> str:
    left = max(0, start - context)
    right = min(len(text), end + context)
    before = ("…" if left > 0 else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return " ".join(f"{before}«{text[start:end]}»{after}".split())


def uncertain_segments(
    segments: pd.DataFrame,
    thresholds: Mapping[str, float],
    *,
    margin: float = 0.05,
) -> pd.DataFrame:
    """Segment/theme pairs whose score lies within ``margin`` of the theme's threshold.

    These are the tagger's closest calls: a small change in weights or threshold flips
    them, and they are the best candidates for ``data/labels/overrides.csv``.

    Parameters
    ----------
    segments:
        Tagged segments (``segment_id``, ``text_redacted`` and ``score_<theme>``).
    thresholds:
        Decision threshold per theme id (e.g. ``{t: tagger.threshold_for(t) ...}``);
        themes without a score column are skipped.
    margin:
        Maximum distance ``|score - threshold|``.

    Returns
    -------
    pandas.DataFrame
        ``segment_id, theme_id, score, threshold, distance, tagged, text_redacted``, closest
        call first; ``distance`` is ``score - threshold`` and ``tagged`` is
        ``score >= threshold``.
    """
    columns = ["segment_id", "theme_id", "score", "threshold", "distance", "tagged",
               "text_redacted"]
    parts = []
    for theme_id, threshold in thresholds.items():
        column = score_column(theme_id)
        if column not in segments.columns:
            continue
        scores = segments[column].astype(float)
        near = (scores - threshold).abs() <= margin
        part = pd.DataFrame({
            "segment_id": segments.loc[near, "segment_id"].to_numpy(),
            "theme_id": theme_id,
            "score": scores[near].to_numpy(),
            "threshold": float(threshold),
            "text_redacted": segments.loc[near, "text_redacted"].to_numpy(),
        })
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)
    out["distance"] = out["score"] - out["threshold"]
    out["tagged"] = out["distance"] >= 0
    order = out["distance"].abs().sort_values(kind="stable").index
    return out.loc[order, columns].reset_index(drop=True)


@dataclass
class TopicInputs:
    """What the cluster stage feeds BERTopic: one row per unit (distinct proposal)."""

    units: pd.DataFrame
    """Unit rows (the first segment of each group of copies) with ``n_copies``."""
    docs: list[str]
    """The lemma strings the CountVectorizer sees."""
    embeddings: np.ndarray
    """Cached embeddings of the units' proposal texts, as the stage embeds them (not centred)."""
    source: str
    """``proposals`` or ``on_theme``: which segments were selected."""


def topic_inputs(
    segments: pd.DataFrame,
    submissions: pd.DataFrame,
    params: Params,
    cache: EmbeddingCache,
) -> TopicInputs:
    """The cluster stage's units, documents and embeddings for ``segments``.

    The stage's own :func:`~pipeline.cluster.units.clustering_inputs`; the embeddings come
    from ``cache`` (read from disk when the stage has run).
    """
    from pipeline.cluster.units import clustering_inputs

    inputs = clustering_inputs(segments.reset_index(drop=True), submissions, params, cache)
    embeddings = (inputs.embeddings if len(inputs.units)
                  else np.zeros((0, cache.embedder.dim), dtype=np.float32))
    return TopicInputs(inputs.units, inputs.docs, embeddings, inputs.source)


def refit_topics(
    inputs: TopicInputs,
    params: Params,
    cache: EmbeddingCache | None = None,
    *,
    with_representation: bool = True,
    **cluster_changes,
) -> TopicFit:
    """Fit the cluster stage's BERTopic model on ``inputs``.

    ``cluster_changes`` override fields of ``params.cluster`` for this fit only (e.g.
    ``min_cluster_size=5``); ``cache`` supplies the keyword embedder (needed for the
    KeyBERT representation). The fitted BERTopic model is ``result.model`` (``None`` when
    there were fewer than three units or nothing clustered).
    """
    from pipeline.cluster.model import fit_topics
    from pipeline.embeddings import bertopic_backend

    cluster = _with_changes(params, cluster_changes)
    backend = bertopic_backend(cache) if cache is not None else None
    return fit_topics(inputs.docs, inputs.embeddings, cluster, params.seed, backend,
                      with_representation=with_representation,
                      weights=inputs.units["n_copies"].to_numpy())


def _with_changes(params: Params, changes: Mapping[str, object]):
    unknown = set(changes) - set(type(params.cluster).model_fields)
    if unknown:
        raise ValueError(f"Ukjente cluster-parametre: {sorted(unknown)}")
    return type(params.cluster).model_validate({**params.cluster.model_dump(), **changes})


def min_cluster_size_sweep(
    inputs: TopicInputs, params: Params, sizes: Iterable[int]
) -> pd.DataFrame:
    """Refit with each ``min_cluster_size`` (keywords skipped, for speed).

    Returns
    -------
    pandas.DataFrame
        ``min_cluster_size, n_topics, outlier_share_before, outlier_share_after`` per size;
        the shares are of units without a topic before/after outlier reduction.
    """
    rows = []
    for size in sizes:
        fit = refit_topics(inputs, params, with_representation=False,
                           min_cluster_size=int(size))
        rows.append({
            "min_cluster_size": int(size),
            "n_topics": len(set(fit.topics.tolist()) - {-1}),
            "outlier_share_before": fit.outlier_share_before,
            "outlier_share_after": fit.outlier_share_after,
        })
    return pd.DataFrame(rows, columns=["min_cluster_size", "n_topics", "outlier_share_before",
                                       "outlier_share_after"])
