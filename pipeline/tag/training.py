"""Training data and training of the learned decision layer (:mod:`pipeline.tag.learned`).

Labels, all committed or written by analysts (nothing from ``../shared``):

- the ``tune`` split of ``data/labels/eval/themes_segments.jsonl`` — every theme labelled;
- the segments of the ``tune`` split of ``themes_submissions.jsonl`` — a segment of a
  letter that is not about a theme is not about it either, so it is a negative for the
  themes its letter lacks (unknown for the others); greetings, signatures and the
  off-topic letters' sentences are the realistic negatives of the set;
- the whole of the training files in ``tag.decision.training_segments`` and
  ``training_submissions`` (``data/labels/train/``: written for training from the booklet and
  a brief only, by a writer who saw no code, rule or other set);
- analysts' ``overrides.csv`` (one theme of one segment) and ``themes.csv`` (all themes).

The ``test`` split and the independent set are never read here. The submission rule is
fitted on the tuning and training-file letters with segment probabilities from models that
did not see those letters (cross-fitting by letter), then the layer is refitted on everything.
The training files' letters are segment negatives only with
``tag.decision.training_submissions_negatives``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import KFold

from pipeline.tag.learned import SubmissionRule, ThemeDecisionLayer, decision_features

log = logging.getLogger(__name__)

TRAINING_SPLIT = "tune"


def _read_split(path: Path, split: str | None) -> pd.DataFrame:
    """The rows of ``split`` in a labelled file (``None``: a training file, every row)."""
    from pipeline.tag.evaluate import read_jsonl

    if not Path(path).exists():
        return pd.DataFrame(columns=["id", "text", "themes", "split"])
    frame = read_jsonl(path)
    if split is not None:
        if "split" not in frame.columns:
            # An evaluation file without splits is test data: never train on it.
            return frame.iloc[0:0]
        frame = frame[frame["split"] == split].reset_index(drop=True)
    frame["themes"] = frame["themes"].map(lambda v: list(v) if isinstance(v, list) else [])
    return frame


def _read_all(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=["id", "text", "themes"])
    frame = pd.concat([p[["id", "text", "themes"]] for p in parts], ignore_index=True)
    if frame["id"].duplicated().any():
        raise ValueError("Temamerkede treningsfiler har samme id flere ganger: "
                         f"{sorted(set(frame.loc[frame['id'].duplicated(), 'id']))[:5]}")
    return frame


def labelled_training_sets(directory: Path, theme_ids: tuple[str, ...], preparer, params=None,
                           split: str = TRAINING_SPLIT, labels_root: Path | None = None,
                           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(segments, submission_segments)`` of the training split, with labels.

    ``directory`` holds the evaluation files, whose ``split`` rows are read;
    ``labels_root`` (default ``params.paths.labels``) the training files of
    ``params.tag.decision``, read whole.

    ``segments``: ``text_redacted, lemmas`` and one 0/1 column per theme. ``submission_segments``:
    ``submission_id, text_redacted, lemmas``, one column per theme (0 where the letter lacks
    the theme, ``NaN`` where it has it), ``gold`` (the letter's theme list) and ``negatives``
    (whether the segment layer learns from them: the tune split's letters, and the training
    files' only with ``tag.decision.training_submissions_negatives``).
    """
    from pipeline.tag.evaluate import SEGMENTS_FILE, SUBMISSIONS_FILE

    seg_files: list[str] = params.tag.decision.training_segments if params is not None else []
    sub_files: list[str] = params.tag.decision.training_submissions if params is not None else []
    root = Path(labels_root if labels_root is not None
                else params.paths.labels if params is not None else directory)
    segs = _read_all([_read_split(Path(directory) / SEGMENTS_FILE, split),
                      *(_read_split(root / f, None) for f in seg_files)])
    seg_frame = pd.DataFrame({"text_redacted": segs["text"].astype(str) if len(segs) else []})
    seg_frame["lemmas"] = preparer.lemmatize(seg_frame["text_redacted"].tolist()) if len(segs) \
        else []
    for tid in theme_ids:
        seg_frame[tid] = [float(tid in ts) for ts in segs["themes"]] if len(segs) else []
    tune_subs = _read_split(Path(directory) / SUBMISSIONS_FILE, split)
    subs = _read_all([tune_subs, *(_read_split(root / f, None) for f in sub_files)])
    if not len(subs):
        return seg_frame, pd.DataFrame(columns=["submission_id", "text_redacted", "lemmas",
                                                *theme_ids, "gold", "negatives"])
    parts = preparer.segment(subs["id"].astype(str).tolist(), subs["text"].astype(str).tolist(),
                             params)
    gold = dict(zip(subs["id"].astype(str), subs["themes"], strict=True))
    parts["gold"] = parts["submission_id"].map(gold)
    for tid in theme_ids:
        parts[tid] = parts["gold"].map(lambda ts, tid=tid: np.nan if tid in ts else 0.0)
    as_negatives = set(tune_subs["id"].astype(str)) if len(tune_subs) else set()
    if params is not None and params.tag.decision.training_submissions_negatives:
        as_negatives = set(subs["id"].astype(str))
    parts["negatives"] = parts["submission_id"].isin(as_negatives)
    return seg_frame, parts.reset_index(drop=True)


def _layer(tag_params, seed: int, embedding_columns: int = 0) -> ThemeDecisionLayer:
    d = tag_params.decision
    return ThemeDecisionLayer(C=d.C, min_precision=d.min_precision, calibration=d.calibration,
                              cv=d.cv, min_per_class=d.min_per_class,
                              embedding_columns=embedding_columns,
                              embedding_weight=d.embedding_weight, random_state=seed)


def _n_embedding(evidence) -> int:
    zs = evidence.zeroshot if evidence is not None else None
    return 0 if zs is None else int(zs.vectors.shape[1])


def fit_layer(tagger, examples: pd.DataFrame, labels: np.ndarray, tag_params, seed: int,
              evidence=None) -> ThemeDecisionLayer | None:
    """A :class:`ThemeDecisionLayer` fitted on ``examples`` (``None`` with no labels)."""
    if len(examples) == 0:
        return None
    evidence = evidence if evidence is not None else tagger.evidence(examples)
    X = decision_features(evidence)
    layer = _layer(tag_params, seed, _n_embedding(evidence)).fit(X, labels, tagger.theme_ids,
                                         score_factor=tagger.angle_factor(evidence))
    return layer if layer.models_ else None


def train_decision_layer(tagger, params, *, extra_negatives: pd.DataFrame | None = None,
                         overrides: pd.DataFrame | None = None,
                         labelled: pd.DataFrame | None = None,
                         segments: pd.DataFrame | None = None, preparer=None,
                         directory: Path | None = None, labels_root: Path | None = None,
                         store=None) -> dict:
    """Fit ``tagger``'s decision layer and submission rule; return what was used.

    ``extra_negatives`` (``text_redacted``, ``lemmas``) are off-topic for every theme
    (benchmarks add real text here; the pipeline does not). ``segments``/``overrides``/
    ``labelled`` are the pipeline's segments and the analysts' labels
    (:func:`pipeline.tag.overrides.training_labels`). ``directory``: the evaluation files
    (their ``tune`` split); ``labels_root``: where the training files are (default
    ``params.paths.labels``). Without any labels the tagger is left as it is (lexicon +
    zero-shot with configured thresholds).

    ``store`` (a :class:`~pipeline.cache.ModelStore`) keeps the fitted layer, rule and
    ``info`` under :func:`training_key`, a digest of every training row and label, the
    parameters, the taxonomy and the code: a run whose training data did not change (a new
    inbox file brings none, unless analysts labelled it) reads them back instead of
    computing the evidence and fitting again.
    """
    from pipeline.tag.overrides import training_labels

    theme_ids = tagger.theme_ids
    info: dict[str, Any] = {"n_segments": 0, "n_submission_segments": 0, "n_analyst_labels": 0,
            "n_extra_negatives": 0, "n_training_submissions": 0}
    if not params.tag.decision.enabled or tagger.zeroshot is None:
        return info
    if preparer is None:
        from pipeline.tag.evaluate import TextPreparer

        preparer = TextPreparer(params.prepare.model, params.prepare.min_segment_chars,
                                params.prepare.max_segment_chars, params.prepare.batch_size)
    directory = directory if directory is not None else params.paths.labels / "eval"
    segs, parts = labelled_training_sets(directory, theme_ids, preparer, params,
                                         labels_root=labels_root)
    frames = [segs[["text_redacted", "lemmas", *theme_ids]]]
    if segments is not None and overrides is not None:
        examples, labels = training_labels(segments, overrides,
                                           labelled if labelled is not None
                                           else pd.DataFrame(columns=["id", "text", *theme_ids]),
                                           theme_ids)
        if len(examples):
            frames.append(pd.concat([examples.reset_index(drop=True),
                                     labels.reset_index(drop=True)], axis=1))
            info["n_analyst_labels"] = len(examples)
    if extra_negatives is not None and len(extra_negatives):
        neg = extra_negatives[["text_redacted", "lemmas"]].reset_index(drop=True).copy()
        for tid in theme_ids:
            neg[tid] = 0.0
        frames.append(neg)
        info["n_extra_negatives"] = len(neg)
    base = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(
        len(f) for f in frames) else pd.DataFrame(columns=["text_redacted", "lemmas", *theme_ids])
    info["n_segments"] = len(segs)
    info["n_submission_segments"] = len(parts)
    key = training_key(tagger, params, base, parts, labelled) if store is not None else ""
    stored = store.get(key) if store is not None else None
    if isinstance(stored, tuple) and len(stored) == 3:
        tagger.decision_, tagger.submission_rule_, stored_info = stored
        return dict(stored_info)
    base_ev = tagger.evidence(base) if len(base) else None
    parts_ev = tagger.evidence(parts) if len(parts) else None

    def combined(idx_parts: np.ndarray):
        if base_ev is None and parts_ev is None:
            return None, None, np.zeros((0, len(theme_ids)))
        pieces, labels = [], []
        if base_ev is not None:
            pieces.append(base_ev)
            labels.append(base[list(theme_ids)].to_numpy(dtype=float))
        if parts_ev is not None and len(idx_parts):
            pieces.append(parts_ev.subset(idx_parts))
            labels.append(parts.iloc[idx_parts][list(theme_ids)].to_numpy(dtype=float))
        from pipeline.tag.tagger import concat_evidence

        return concat_evidence(pieces), None, np.vstack(labels)

    # Segments of letters whose labels name only their main themes would teach the layer that
    # a passing remark is no evidence; those letters train the submission rule only.
    negatives = (parts["negatives"].to_numpy(dtype=bool) if len(parts)
                 else np.zeros(0, dtype=bool))
    info["n_negative_letter_segments"] = int(negatives.sum())
    ev, _, y = combined(np.flatnonzero(negatives))
    layer = None
    if ev is not None and len(y):
        layer = _layer(params.tag, params.seed, _n_embedding(ev)).fit(
            decision_features(ev), y, theme_ids, score_factor=tagger.angle_factor(ev))
        layer = layer if layer.models_ else None
    tagger.decision_ = layer
    tagger.submission_rule_ = None
    sub_ids = parts["submission_id"].unique() if len(parts) else np.array([])
    if layer is not None and parts_ev is not None and len(sub_ids) >= 6:
        # Cross-fitting: each tuning submission's segments are scored by a layer trained
        # without that submission, so the rule sees honest segment probabilities.
        oof_scores = np.full((len(parts), len(theme_ids)), np.nan)
        folds = KFold(3, shuffle=True, random_state=params.seed)
        for train_i, _held_i in folds.split(sub_ids):
            train_mask = parts["submission_id"].isin(sub_ids[train_i]).to_numpy()
            fold_ev, _, fold_y = combined(np.flatnonzero(train_mask & negatives))
            fold_layer = _layer(params.tag, params.seed, _n_embedding(fold_ev)).fit(
                decision_features(fold_ev), fold_y, theme_ids,
                score_factor=tagger.angle_factor(fold_ev))
            held = np.flatnonzero(~train_mask)
            probe = tagger.with_params(decision_=fold_layer if fold_layer.models_ else None)
            oof_scores[held] = probe.combine(parts_ev.subset(held))
        gold = parts.groupby("submission_id", sort=False)["gold"].first()
        groups = [oof_scores[(parts["submission_id"] == s).to_numpy()] for s in gold.index]
        # A submission's theme needs at least one segment at the segment threshold: the
        # explanation names the segments that carry it, and a few hundred letters are too
        # few to learn a lower bar without fitting their quirks.
        floors = {t: tagger.threshold_for(t) for t in theme_ids}
        rule = SubmissionRule(min_precision=params.tag.decision.submission_min_precision).fit(
            groups, _gold_matrix(gold.tolist(), theme_ids), theme_ids, floors=floors)
        tagger.submission_rule_ = rule if rule.thresholds_ else None
        info["n_training_submissions"] = len(gold)
    rule = tagger.submission_rule_
    info["themes_learned"] = sorted(layer.models_) if layer is not None else []
    info["oof"] = layer.oof_ if layer is not None else {}
    info["submission_rule"] = ({t: {"top_k": rule.top_k_[t], "threshold": rule.thresholds_[t],
                                    **rule.fit_stats_[t]} for t in rule.thresholds_}
                               if tagger.submission_rule_ is not None else {})
    log.info("beslutningslag: %s", info)
    if store is not None:
        store.put(key, (tagger.decision_, tagger.submission_rule_, info))
    return info


def training_key(tagger, params, base: pd.DataFrame, parts: pd.DataFrame,
                 labelled: pd.DataFrame | None) -> str:
    """A digest of what :func:`train_decision_layer` learns from: the training rows with
    their labels (``base``: labelled segments and analysts' labels; ``parts``: the labelled
    letters' segments), the analysts' theme labels the tagger's classifier uses, ``params.tag``,
    the embedder, the seed, the taxonomy and the code of the tag stage, the embedder module
    and scikit-learn."""
    import sklearn

    from pipeline.common import frame_digest, short_hash, source_digest

    here = Path(__file__).resolve().parent
    return short_hash(
        source_digest(here), (here.parent / "embeddings.py").read_bytes().hex(),
        sklearn.__version__, tagger.taxonomy.model_dump_json(), params.tag.model_dump_json(),
        params.embedder.model_dump_json(), str(params.seed),
        tagger.cache.embedder.name if tagger.cache is not None else "",
        frame_digest(base), frame_digest(parts), frame_digest(labelled), length=24)


def _gold_matrix(theme_lists, theme_ids) -> np.ndarray:
    return np.array([[int(t in set(ts)) for t in theme_ids] for ts in theme_lists],
                    dtype=int).reshape(-1, len(theme_ids))


__all__ = ["TRAINING_SPLIT", "fit_layer", "labelled_training_sets", "train_decision_layer",
           "training_key"]
