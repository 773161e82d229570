"""Analysts' corrections in ``data/labels/topics.yaml``: rename, merge, split off topics and
move segments between them (or out of all).

Entries never refer to BERTopic's topic numbers (they change between runs). A topic is
named by a *match*, resolved against the current run in this order:

1. a ``segment_id`` → the topic that segment is in now;
2. a quote → the topic of the first segment whose redacted text contains it
   (case- and punctuation-insensitive);
3. a topic label from the previous run (kept in the cache) → the current topic whose
   centroid is most similar to that old topic's centroid (cosine ≥ ``cluster.match_threshold``);
   the current run's labels are tried as well.

Entries that no longer match anything are *stale*: they are reported in the stage's metrics
and log, never fatal. The file format is documented in the YAML file itself; it is read and
checked by :func:`pipeline.labels.read_topic_entries`, which the review app (``make review``,
the writer of these entries) uses as well.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.cluster.incremental import FitState
from pipeline.cluster.text import match_key
from pipeline.labels import TOPIC_KEYS, LabelsError, read_topic_entries
from pipeline.schema import NO_TOPIC

log = logging.getLogger(__name__)

KEYS = TOPIC_KEYS
OverrideError = LabelsError
"""``topics.yaml`` cannot be read; the message says where."""


def read_overrides(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Read and check ``topics.yaml``; a missing file means no corrections."""
    return read_topic_entries(path)


@dataclass
class PreviousTopics:
    """What the previous run leaves for the next (in the cache): its topics' labels and
    centroids (to resolve analysts' corrections by content) and its model fit
    (:class:`~pipeline.cluster.incremental.FitState`, for incremental updates)."""

    labels: list[str] = field(default_factory=list)
    centroids: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    fit: FitState = field(default_factory=FitState)

    @classmethod
    def load(cls, directory: Path) -> PreviousTopics:
        fit = FitState.load(directory)
        meta, vectors = Path(directory) / "topics.json", Path(directory) / "centroids.npy"
        if not meta.exists() or not vectors.exists():
            return cls(fit=fit)
        # A half-written or damaged file only costs what it remembered (issue 16): it is
        # moved aside, with one line saying so, and the topics are matched afresh.
        from pipeline.cache import move_aside

        try:
            labels = json.loads(meta.read_text(encoding="utf-8"))["labels"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            move_aside(meta, exc)
            return cls(fit=fit)
        try:
            centroids = np.load(vectors, allow_pickle=False)
        except (OSError, ValueError, EOFError) as exc:
            move_aside(vectors, exc)
            return cls(fit=fit)
        if len(labels) != len(centroids):
            return cls(fit=fit)
        return cls(labels, centroids, fit)

    def save(self, directory: Path) -> None:
        import io

        from pipeline.cache import atomic_write_bytes, atomic_write_text

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self.fit.save(directory)
        # Atomic: a kill mid-write leaves the previous file, never half a new one.
        atomic_write_text(directory / "topics.json",
                          json.dumps({"labels": self.labels}, ensure_ascii=False, indent=1))
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(self.centroids, dtype=np.float32))
        atomic_write_bytes(directory / "centroids.npy", buffer.getvalue())


@dataclass
class Resolver:
    """Resolves a match string to a current topic id (or ``None``)."""

    segments: pd.DataFrame  # segment_id, text_redacted, topic_id (current)
    centroids: dict[int, np.ndarray]  # current topic → unit-length centroid
    labels: dict[int, str]  # current topic → label
    previous: PreviousTopics
    threshold: float

    def segment(self, match: str) -> int | None:
        """Row position of the segment named by id or quote."""
        match = str(match).strip()
        if not match:
            return None
        hits = np.flatnonzero(self.segments["segment_id"].to_numpy() == match)
        if len(hits):
            return int(hits[0])
        quote = match_key(match)
        if len(quote) < 8:
            return None
        norm = self.segments["text_redacted"].map(match_key)
        hits = np.flatnonzero(norm.str.contains(quote, regex=False).to_numpy())
        return int(hits[0]) if len(hits) else None

    def topic(self, match: str) -> int | None:
        row = self.segment(match)
        if row is not None:
            topic = int(self.segments["topic_id"].iloc[row])
            return topic if topic >= 0 else None
        key = match_key(match)
        for topic, label in self.labels.items():
            if match_key(label) == key:
                return topic
        for label, centroid in zip(self.previous.labels, self.previous.centroids, strict=False):
            if match_key(label) == key and self.centroids:
                ids = list(self.centroids)
                sims = np.array([float(self.centroids[t] @ centroid) for t in ids])
                best = int(np.argmax(sims))
                if sims[best] >= self.threshold:
                    return ids[best]
        return None


def apply_overrides(
    topic_of: pd.Series, resolver: Resolver, overrides: dict[str, list[dict]], next_topic: int
) -> tuple[pd.Series, dict[int, str], dict]:
    """Apply split_off, then move, then merge, then rename.

    Parameters
    ----------
    topic_of:
        Current topic per segment (aligned with ``resolver.segments``); updated in place.
    next_topic:
        First free topic id for split-off topics.

    Returns
    -------
    (topic_of, forced_labels, report)
        ``forced_labels``: topic → analyst's label; ``report``: counts and stale entries.
    """
    forced: dict[int, str] = {}
    stale: list[str] = []
    applied = 0
    for entry in overrides.get("split_off", []):
        rows = [resolver.segment(m) for m in entry.get("segments", [])]
        found = sorted({r for r in rows if r is not None})
        if not found:
            stale.append(f"split_off: {entry.get('label', entry.get('segments'))}")
            continue
        topic_of.iloc[found] = next_topic
        resolver.segments["topic_id"] = topic_of.to_numpy()
        if entry.get("label"):
            forced[next_topic] = str(entry["label"])
        next_topic += 1
        applied += 1
    for entry in overrides.get("move", []):
        # segments into the topic named by ``to`` (a match), or out of every topic (``null``)
        moved = sorted({r for r in (resolver.segment(m) for m in entry.get("segments", []))
                        if r is not None})
        target = resolver.topic(str(entry["to"])) if entry.get("to") else NO_TOPIC
        if not moved or target is None:
            stale.append(f"move: {entry.get('segments')} -> {entry.get('to')!r}")
            continue
        topic_of.iloc[moved] = target
        resolver.segments["topic_id"] = topic_of.to_numpy()
        applied += 1
    for entry in overrides.get("merge", []):
        matches = entry.get("topics", [])
        topics = sorted({t for t in (resolver.topic(m) for m in matches) if t is not None})
        if len(topics) < 2:
            stale.append(f"merge: {matches}")
            if not topics:
                continue
        target = topics[0]
        topic_of[topic_of.isin(topics)] = target
        resolver.segments["topic_id"] = topic_of.to_numpy()
        if entry.get("label"):
            forced[target] = str(entry["label"])
        applied += len(topics) >= 2
    for entry in overrides.get("rename", []):
        topic = resolver.topic(entry.get("match", ""))
        if topic is None or not entry.get("label"):
            stale.append(f"rename: {entry.get('match')!r}")
            continue
        forced[topic] = str(entry["label"])
        applied += 1
    for item in stale:
        log.warning("topics.yaml: oppføringen passer ikke lenger (foreldet): %s", item)
    return topic_of, forced, {"overrides_applied": applied, "overrides_stale": stale}
