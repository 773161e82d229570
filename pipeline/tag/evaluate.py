"""Stage ``eval_tag``: measure the theme tagger against the hand-labelled sets.

Inputs (``data/labels/eval/``):

- ``themes_segments.jsonl``: ``{"id", "text", "themes", "question_id", "language", "kind",
  "split"}`` — one segment each;
- ``themes_submissions.jsonl``: the same with ``"question_ids"`` — whole submissions,
  segmented here with the prepare stage's functions.

- ``themes_segments_independent.jsonl`` / ``themes_submissions_independent.jsonl``
  (optional): the independent set, written by someone who saw only the booklet and a
  brief (``README_themes_independent.md``); frozen, all of it test data, never tuned on.

Protocol: evidence (lexicon + embeddings) is computed once. The pipeline's tagger — the
learned decision layer trained exactly as the ``tag`` stage trains it, on
``split == "tune"`` only (:mod:`pipeline.tag.training`) — is scored on
``split == "test"`` and on the independent set: per-theme precision/recall/F1, macro-F1
at segment and submission level, the false-positive rate on off-topic texts (gold
``themes == []``) and question accuracy where a gold question exists. Real off-topic
text: the share of held-out NorNE sentences (``../shared/data/norne``, when present;
:mod:`pipeline.tag.realtext`) given any theme. For comparison the evidence-only
tagger is tuned on the tuning split as before (weights, zero-shot offset, submission
top-k, per-theme thresholds; objective segment + submission macro-F1, penalised above
8 % off-topic FPR) and reported as ``test_evidence_only``; its values are written as
``tuned`` so they can be copied into ``params.yaml`` (the fallback without labels).

``benchmarks/theme_ablation.py`` reuses :func:`load_eval_data`, :func:`tune` and
:func:`evaluate` for the lexicon-only / embeddings-only / combined comparison.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pipeline import common
from pipeline.config import Params
from pipeline.schema import score_column
from pipeline.tag.tagger import Evidence, ThemeTagger

if TYPE_CHECKING:
    from pipeline.prepare.segment import Segment

log = logging.getLogger(__name__)

SEGMENTS_FILE = "themes_segments.jsonl"
SUBMISSIONS_FILE = "themes_submissions.jsonl"
INDEPENDENT_SEGMENTS_FILE = "themes_segments_independent.jsonl"
INDEPENDENT_SUBMISSIONS_FILE = "themes_submissions_independent.jsonl"
"""Written by someone who saw only the booklet and a brief; frozen, evaluated, never tuned on."""


# ---------------------------------------------------------------------------- data
def read_jsonl(path: Path) -> pd.DataFrame:
    """Read a JSON-lines file into a DataFrame (blank lines ignored)."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return pd.DataFrame(rows)


class TextPreparer:
    """Segmentation and lemmas for raw evaluation texts, via the prepare stage's code.

    Uses ``pipeline.prepare`` (``load_backend`` and ``segment_text``) when available and
    falls back to ``spacy.load(model)`` sentences otherwise, so the evaluation measures
    the tagger on the same kind of segments the pipeline produces.

    With ``cache_dir`` the results are kept between runs: segments in the prepare stage's
    cache (``<cache_dir>/prepare``) and lemmas by text (``<cache_dir>/lemmas``, keyed with
    the prepare code's digest, which covers the spaCy backend and the libraries' versions).
    The training and question sets are the same texts on every run, and preparing them
    again was a third of the tag stage's time on a re-run.
    """

    def __init__(self, model: str = "nb_core_news_sm", min_chars: int = 25,
                 max_chars: int = 1000, batch_size: int = 32, cache_dir: Path | None = None):
        self.min_chars, self.max_chars, self.batch_size = min_chars, max_chars, batch_size
        self.model = model
        self.cache_dir = None if cache_dir is None else Path(cache_dir)
        # None on the spaCy fallback: its sentences are the segments.
        self._segment_text: Callable[[str, Iterable[int], int, int], list[Segment]] | None
        try:
            from pipeline.prepare.segment import segment_text
            from pipeline.spacy_backend import load_backend

            self.nlp = load_backend(model).nlp
            self._segment_text = segment_text
            self.backend = "pipeline.prepare"
        except ImportError:  # pragma: no cover - only before the prepare stage exists
            import spacy

            self.nlp = spacy.load(model)
            self._segment_text = None
            self.backend = "spacy"

    @staticmethod
    def _lemmas(doc) -> list[str]:
        return [t.lemma_.lower() for t in doc if not (t.is_punct or t.is_space)]

    def lemmatize(self, texts: Sequence[str]) -> list[list[str]]:
        """Lemma list per text."""
        texts = list(texts)
        if self.cache_dir is None or self.backend == "spacy":
            return [self._lemmas(d) for d in self.nlp.pipe(texts, batch_size=self.batch_size)]
        from pipeline.cache import JsonStore
        from pipeline.common import short_hash
        from pipeline.prepare.stage import code_digest

        store = JsonStore(self.cache_dir / "lemmas" / "lemmas.sqlite", table="lemmas")
        version = code_digest()
        keys = [short_hash(version, self.model, text, length=24) for text in texts]
        found = store.get_many(keys)
        todo = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
        if todo:
            docs = self.nlp.pipe(todo, batch_size=self.batch_size)
            new = {short_hash(version, self.model, text, length=24): self._lemmas(doc)
                   for text, doc in zip(todo, docs, strict=True)}
            store.put_many(new)
            found.update(new)
        return [list(found[k]) for k in keys]

    def segment(self, ids: Sequence[str], texts: Sequence[str],
                params: Params | None = None) -> pd.DataFrame:
        """Split whole submissions into segments: ``submission_id, text_redacted, lemmas``.

        With ``params`` and the prepare stage available this is exactly the stage's
        :func:`pipeline.prepare.prepare_frames` (segmentation, redaction, lemmas).
        """
        if params is not None:
            try:
                from pipeline.prepare import prepare_frames
                from pipeline.spacy_backend import load_backend
            except ImportError:  # pragma: no cover - before the prepare stage exists
                pass
            else:
                subs = pd.DataFrame({"submission_id": list(ids), "text": list(texts)})
                result = prepare_frames(
                    subs, load_backend(params.prepare.model), params,
                    cache_dir=None if self.cache_dir is None else self.cache_dir / "prepare")
                self.backend = "pipeline.prepare.prepare_frames"
                return result.segments[["submission_id", "segment_id", "text_redacted",
                                        "lemmas"]].reset_index(drop=True)
        rows = []
        docs = self.nlp.pipe(list(texts), batch_size=self.batch_size)
        for sid, text, doc in zip(ids, texts, docs, strict=True):
            if self._segment_text is not None:
                spans = [(s.start, s.end) for s in self._segment_text(
                    text, [s.start_char for s in doc.sents], self.min_chars, self.max_chars)]
            else:
                spans = [(s.start_char, s.end_char) for s in doc.sents]
            for pos, (start, end) in enumerate(spans):
                piece = text[start:end].strip()
                if piece:
                    rows.append({"submission_id": sid, "segment_id": f"{sid}#{pos}",
                                 "text_redacted": piece})
        frame = pd.DataFrame(rows, columns=["submission_id", "segment_id", "text_redacted"])
        frame["lemmas"] = self.lemmatize(frame["text_redacted"].tolist()) if len(frame) else []
        return frame


@dataclass
class EvalData:
    """The labelled sets, prepared, with gold matrices and precomputed evidence."""

    theme_ids: tuple[str, ...]
    segments: pd.DataFrame  # one row per labelled segment
    segment_gold: np.ndarray  # (n, k) 0/1
    submissions: pd.DataFrame  # one row per labelled submission
    submission_gold: np.ndarray
    submission_segments: pd.DataFrame  # segments of the labelled submissions
    segment_evidence: Evidence
    submission_evidence: Evidence

    def split(self, name: str) -> EvalData:
        """The rows of one split (``tune`` or ``test``), evidence included."""
        seg_idx = np.flatnonzero(self.segments["split"].to_numpy() == name)
        sub_mask = self.submissions["split"].to_numpy() == name
        sub_ids = set(self.submissions.loc[sub_mask, "id"])
        in_split = self.submission_segments["submission_id"].isin(sub_ids).to_numpy()
        part_idx = np.flatnonzero(in_split)
        return EvalData(
            self.theme_ids,
            self.segments.iloc[seg_idx].reset_index(drop=True),
            self.segment_gold[seg_idx],
            self.submissions[sub_mask].reset_index(drop=True),
            self.submission_gold[sub_mask],
            self.submission_segments.iloc[part_idx].reset_index(drop=True),
            self.segment_evidence.subset(seg_idx),
            self.submission_evidence.subset(part_idx),
        )


def gold_matrix(theme_lists: Iterable[Sequence[str]], theme_ids: Sequence[str]) -> np.ndarray:
    """0/1 matrix ``(n, k)`` from lists of theme ids."""
    return np.array([[int(t in set(ts)) for t in theme_ids] for ts in theme_lists],
                    dtype=int).reshape(-1, len(theme_ids))


def load_independent_data(directory: Path, tagger: ThemeTagger, preparer: TextPreparer,
                          params: Params | None = None) -> EvalData | None:
    """The independent set (all of it is test data), or ``None`` when it is absent."""
    directory = Path(directory)
    if not ((directory / INDEPENDENT_SEGMENTS_FILE).exists()
            and (directory / INDEPENDENT_SUBMISSIONS_FILE).exists()):
        return None
    data = load_eval_data(directory, tagger, preparer, params,
                          files=(INDEPENDENT_SEGMENTS_FILE, INDEPENDENT_SUBMISSIONS_FILE))
    data.segments["split"] = "independent"
    data.submissions["split"] = "independent"
    return data


def load_eval_data(directory: Path, tagger: ThemeTagger, preparer: TextPreparer,
                   params: Params | None = None,
                   files: tuple[str, str] = (SEGMENTS_FILE, SUBMISSIONS_FILE)) -> EvalData:
    """Read both labelled sets, segment and lemmatize them, compute the tagger's evidence.

    With ``params`` whole submissions go through the prepare stage's own code.
    """
    theme_ids = tagger.theme_ids
    segs = read_jsonl(Path(directory) / files[0])
    subs = read_jsonl(Path(directory) / files[1])
    for frame in (segs, subs):
        if "split" not in frame.columns:
            frame["split"] = "test"
    for frame in (segs, subs):
        frame["id"] = frame["id"].astype(str)
        frame["themes"] = frame["themes"].map(lambda v: list(v) if isinstance(v, list) else [])
    segs["question_id"] = segs.get("question_id", pd.Series([""] * len(segs))).fillna("")
    if "question_ids" not in subs.columns:
        subs["question_ids"] = [[] for _ in range(len(subs))]
    subs["question_ids"] = subs["question_ids"].map(
        lambda v: list(v) if isinstance(v, list) else [])
    if "chosen_theme" not in subs.columns:
        subs["chosen_theme"] = ""
    subs["chosen_theme"] = subs["chosen_theme"].fillna("")
    segs["text_redacted"] = segs["text"].astype(str)
    segs["lemmas"] = preparer.lemmatize(segs["text_redacted"].tolist())
    parts = preparer.segment(subs["id"].tolist(), subs["text"].astype(str).tolist(), params)
    return EvalData(theme_ids, segs, gold_matrix(segs["themes"], theme_ids), subs,
                    gold_matrix(subs["themes"], theme_ids), parts,
                    tagger.evidence(segs), tagger.evidence(parts))


# ---------------------------------------------------------------------------- metrics
def prf(gold: np.ndarray, pred: np.ndarray, theme_ids: Sequence[str]) -> dict:
    """Per-theme precision/recall/F1/support and their macro averages."""
    out: dict = {"per_theme": {}}
    f1s, ps, rs = [], [], []
    for j, tid in enumerate(theme_ids):
        tp = int(((gold[:, j] == 1) & (pred[:, j] == 1)).sum())
        fp = int(((gold[:, j] == 0) & (pred[:, j] == 1)).sum())
        fn = int(((gold[:, j] == 1) & (pred[:, j] == 0)).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out["per_theme"][tid] = {"precision": p, "recall": r, "f1": f, "support": tp + fn}
        f1s.append(f)
        ps.append(p)
        rs.append(r)
    out["macro_f1"] = float(np.mean(f1s)) if f1s else 0.0
    out["macro_precision"] = float(np.mean(ps)) if ps else 0.0
    out["macro_recall"] = float(np.mean(rs)) if rs else 0.0
    off = gold.sum(axis=1) == 0
    out["n"] = len(gold)
    out["n_off_topic"] = int(off.sum())
    out["off_topic_fpr"] = float((pred[off].sum(axis=1) > 0).mean()) if off.any() else 0.0
    return out


def _to_matrix(theme_lists: Sequence[Sequence[str]], theme_ids: Sequence[str]) -> np.ndarray:
    return gold_matrix(theme_lists, theme_ids)


def predict_split(tagger: ThemeTagger, data: EvalData) -> dict:
    """Scores and predictions for a split: segments, submission segments and submissions."""
    seg_scores = tagger.combine(data.segment_evidence)
    seg_themes = tagger.decide(seg_scores)
    seg_questions = tagger.assign_questions(data.segment_evidence, seg_themes)
    part_scores = tagger.combine(data.submission_evidence)
    part_themes = tagger.decide(part_scores)
    part_questions = tagger.assign_questions(data.submission_evidence, part_themes)
    parts = data.submission_segments[["submission_id"]].copy()
    for j, tid in enumerate(tagger.theme_ids):
        parts[score_column(tid)] = part_scores[:, j]
    subs = data.submissions[["id", "chosen_theme"]].rename(columns={"id": "submission_id"})
    agg = tagger.aggregate(parts, subs)
    parts["question_id"] = part_questions
    # pandas-stubs allows only scalar results of agg; these object cells hold sets.
    sub_questions = parts.groupby("submission_id")["question_id"].agg(
        lambda s: set(s) - {""})  # type: ignore[type-var]
    return {
        "segment_scores": seg_scores,
        "segment_pred": _to_matrix(seg_themes, tagger.theme_ids),
        "segment_questions": seg_questions,
        "submission_scores": agg[[score_column(t) for t in tagger.theme_ids]].to_numpy(),
        "submission_pred": _to_matrix(agg["themes"].tolist(), tagger.theme_ids),
        "submission_questions": [sub_questions.get(s, set()) for s in subs["submission_id"]],
    }


def evaluate(tagger: ThemeTagger, data: EvalData) -> dict:
    """Segment- and submission-level metrics of ``tagger`` on ``data`` (one split)."""
    pred = predict_split(tagger, data)
    seg = prf(data.segment_gold, pred["segment_pred"], tagger.theme_ids)
    sub = prf(data.submission_gold, pred["submission_pred"], tagger.theme_ids)
    gold_q = data.segments["question_id"].fillna("").to_numpy()
    has_q = gold_q != ""
    seg["question_accuracy"] = (
        float((np.array(pred["segment_questions"])[has_q] == gold_q[has_q]).mean())
        if has_q.any() else None
    )
    seg["n_with_question"] = int(has_q.sum())
    hits = total = 0
    for gold, found in zip(data.submissions["question_ids"], pred["submission_questions"],
                           strict=True):
        hits += len(set(gold) & found)
        total += len(gold)
    sub["question_recall"] = hits / total if total else None
    by_lang = {}
    if "language" in data.segments.columns:
        for lang, idx in data.segments.groupby("language").indices.items():
            by_lang[str(lang)] = prf(data.segment_gold[idx], pred["segment_pred"][idx],
                                     tagger.theme_ids)["macro_f1"]
    seg["macro_f1_by_language"] = by_lang
    return {"segments": seg, "submissions": sub}


def realtext_fpr(tagger: ThemeTagger, evidence: Evidence, sentences: pd.DataFrame) -> dict:
    """False-positive rate of ``tagger`` on real off-topic sentences (e.g. NorNE held-out).

    ``sentences`` carries ``language``; returns the share of sentences given any theme
    (``all``, per language and per theme) and the counts. No texts are returned: real
    text must not end up in metrics or committed benchmark output.
    """
    pred = _to_matrix(tagger.decide(tagger.combine(evidence)), tagger.theme_ids)
    tagged = pred.sum(axis=1) > 0
    out = {"n": int(len(pred)), "n_tagged": int(tagged.sum()),
           "all": float(tagged.mean()) if len(pred) else 0.0,
           "per_theme": {t: float(pred[:, j].mean()) if len(pred) else 0.0
                         for j, t in enumerate(tagger.theme_ids)}}
    languages = sentences["language"].to_numpy() if "language" in sentences else None
    for lang in ("nb", "nn"):
        mask = languages == lang if languages is not None else np.zeros(len(pred), bool)
        out[lang] = float(tagged[mask].mean()) if mask.any() else 0.0
        out[f"n_{lang}"] = int(mask.sum())
    return out


# ---------------------------------------------------------------------------- tuning
THRESHOLD_GRID = np.round(np.arange(0.15, 0.86, 0.025), 3)


def _f1(gold: np.ndarray, pred: np.ndarray) -> float:
    tp = int((gold & pred).sum())
    fp = int((~gold & pred).sum())
    fn = int((gold & ~pred).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def tune_thresholds(tagger: ThemeTagger, data: EvalData) -> tuple[dict[str, float], float]:
    """Per-theme thresholds maximising segment F1 + submission F1 on ``data``.

    Returns the thresholds and the objective (sum of the two macro-F1s).
    """
    probe = tagger.with_params(thresholds={}, threshold=0.0)
    pred = predict_split(probe, data)
    seg_s, sub_s = pred["segment_scores"], pred["submission_scores"]
    chosen, objective = {}, 0.0
    for j, tid in enumerate(tagger.theme_ids):
        seg_g = data.segment_gold[:, j] == 1
        sub_g = data.submission_gold[:, j] == 1
        best = (-1.0, tagger.threshold)
        for t in THRESHOLD_GRID:
            value = _f1(seg_g, seg_s[:, j] >= t) + _f1(sub_g, sub_s[:, j] >= t)
            # prefer the higher threshold on ties (fewer false positives off-topic)
            if value >= best[0] - 1e-12:
                best = (value, float(t))
        chosen[tid] = best[1]
        objective += best[0] / len(tagger.theme_ids)
    return chosen, objective


def off_topic_fprs(tagger: ThemeTagger, data: EvalData) -> tuple[float, float]:
    """(segment, submission) false-positive rate on the off-topic texts of ``data``."""
    pred = predict_split(tagger, data)
    rates = []
    for gold, p in ((data.segment_gold, pred["segment_pred"]),
                    (data.submission_gold, pred["submission_pred"])):
        off = gold.sum(axis=1) == 0
        rates.append(float((p[off].sum(axis=1) > 0).mean()) if off.any() else 0.0)
    return rates[0], rates[1]


def tune(tagger: ThemeTagger, data: EvalData, *,
         lexicon_weights: Sequence[float] | None = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
         offsets: Sequence[float] = (-0.06, -0.05, -0.04, -0.03, -0.02, -0.01, 0.0, 0.01),
         top_ks: Sequence[int] = (1, 2),
         single_margins: Sequence[float] = (0.05, 0.1, 0.15, 0.2), max_fpr: float | None = 0.08,
         fpr_penalty: float = 2.0) -> tuple[ThemeTagger, dict]:
    """Grid-search weights, zero-shot offset, submission aggregation and thresholds on ``data``.

    The objective is segment macro-F1 + submission macro-F1 (per-theme thresholds chosen
    for each configuration), minus ``fpr_penalty`` times the amount by which the
    submission-level off-topic false-positive rate exceeds ``max_fpr`` (``None``: no
    constraint). ``lexicon_weights=None`` keeps the tagger's weights (used by the
    ablation's single-evidence configurations). Returns the tuned tagger and the chosen
    values (with the tuning split's FPRs).
    """
    weights = [None] if lexicon_weights is None else list(lexicon_weights)
    if tagger.zeroshot is None or tagger.embedding_weight == 0:
        offsets = [tagger.embedding_offset]
    best: tuple[float, ThemeTagger | None, dict] = (-1.0, None, {})
    grid = [(lw, off, k, m) for lw, off, k, m in
            itertools.product(weights, offsets, top_ks, single_margins)
            if k > 1 or m == single_margins[0]]  # the margin is moot for k = 1
    for lw, off, k, m in grid:
        changes: dict = {"embedding_offset": off, "submission_top_k": k,
                         "submission_single_margin": m}
        if lw is not None:
            changes.update(lexicon_weight=lw, embedding_weight=round(1.0 - lw, 3))
        candidate = tagger.with_params(**changes)
        thresholds, objective = tune_thresholds(candidate, data)
        if max_fpr is not None:
            _, sub_fpr = off_topic_fprs(candidate.with_params(thresholds=thresholds), data)
            objective -= fpr_penalty * max(0.0, sub_fpr - max_fpr)
        if objective > best[0] + 1e-9:
            chosen = {**changes, "thresholds": thresholds,
                      "lexicon_weight": candidate.lexicon_weight,
                      "embedding_weight": candidate.embedding_weight}
            best = (objective, candidate.with_params(thresholds=thresholds), chosen)
    objective, tuned, chosen = best
    if tuned is None:  # an empty grid, or no candidate scored above -1
        raise ValueError("tune: ingen konfigurasjon å velge")
    chosen["tune_objective"] = objective / 2
    chosen["tune_segment_fpr"], chosen["tune_submission_fpr"] = off_topic_fprs(tuned, data)
    return tuned, chosen


# ---------------------------------------------------------------------------- stage
REALTEXT_SAMPLE = 3000
"""NorNE held-out sentences measured by ``eval_tag`` (both languages evenly)."""


def realtext_heldout(tagger: ThemeTagger, preparer: TextPreparer, seed: int = 42,
                     n: int = REALTEXT_SAMPLE) -> tuple[pd.DataFrame, Evidence | None]:
    """NorNE held-out sentences and their evidence; empty without ``../shared``."""
    from pipeline.tag import realtext

    norne = realtext.read_norne(labels=realtext.read_labels())
    heldout = realtext.sample(norne[norne["split"] == "heldout"], n, seed)
    if not len(heldout):
        return heldout, None
    # pandas-stubs types assign() values as scalars or flat sequences; a column of lists is fine.
    heldout = heldout.assign(
        lemmas=preparer.lemmatize(heldout["text_redacted"].tolist()))  # type: ignore[arg-type]
    return heldout, tagger.evidence(heldout)


def _summary(result: dict) -> dict:
    return {"segment_macro_f1": result["segments"]["macro_f1"],
            "submission_macro_f1": result["submissions"]["macro_f1"],
            "submission_off_topic_fpr": result["submissions"]["off_topic_fpr"],
            "segment_off_topic_fpr": result["segments"]["off_topic_fpr"]}


def run(params: Params) -> None:
    """Run ``eval_tag``: the pipeline's tagger (learned decision layer trained on the tuning
    split, as the ``tag`` stage trains it) on the test split, the independent set and
    held-out real text; the evidence-only tagger (weights and thresholds tuned on the
    tuning split) beside it for comparison."""
    from pipeline.tag import build_tagger
    from pipeline.tag.training import train_decision_layer

    directory = params.paths.labels / "eval"
    missing = [f for f in (SEGMENTS_FILE, SUBMISSIONS_FILE) if not (directory / f).exists()]
    if missing:
        raise FileNotFoundError(f"Mangler fasitfilene {', '.join(missing)} i {directory}.")
    tagger = build_tagger(params)
    preparer = TextPreparer(params.prepare.model, params.prepare.min_segment_chars,
                            params.prepare.max_segment_chars, params.prepare.batch_size,
                            cache_dir=params.paths.cache)
    data = load_eval_data(directory, tagger, preparer, params)
    independent = load_independent_data(directory, tagger, preparer, params)
    tune_part, test_part = data.split("tune"), data.split("test")
    tuned, chosen = tune(tagger, tune_part)
    as_configured = evaluate(tagger, test_part)
    learned = build_tagger(params)
    training = train_decision_layer(learned, params, preparer=preparer, directory=directory)
    pipeline_tagger = learned if learned.uses_decision_layer else tuned
    result = evaluate(pipeline_tagger, test_part)
    heldout, heldout_evidence = realtext_heldout(tagger, preparer, params.seed)
    metrics = {
        "n_segments": {"tune": len(tune_part.segments), "test": len(test_part.segments)},
        "n_submissions": {"tune": len(tune_part.submissions), "test": len(test_part.submissions)},
        "nlp_backend": preparer.backend,
        "decision_layer": {"used": learned.uses_decision_layer, **training,
                           "segment_thresholds": {t: learned.threshold_for(t)
                                                  for t in learned.theme_ids},
                           "submission_thresholds": {t: learned.submission_threshold_for(t)
                                                     for t in learned.theme_ids}},
        "tuned": chosen,
        "test": result,
        "test_evidence_only": evaluate(tuned, test_part),
        "test_with_params_yaml_evidence_only": _summary(as_configured),
        "segment_macro_f1": result["segments"]["macro_f1"],
        "submission_macro_f1": result["submissions"]["macro_f1"],
        "segment_off_topic_fpr": result["segments"]["off_topic_fpr"],
        "submission_off_topic_fpr": result["submissions"]["off_topic_fpr"],
        "question_accuracy": result["segments"]["question_accuracy"],
    }
    if independent is not None:
        metrics["independent"] = evaluate(pipeline_tagger, independent)
        metrics["independent_evidence_only"] = _summary(evaluate(tuned, independent))
        metrics["n_independent"] = {"segments": len(independent.segments),
                                    "submissions": len(independent.submissions)}
    if heldout_evidence is not None:
        # Real off-topic sentences from held-out NorNE documents (../shared; absent on a
        # user's machine, then not measured). Counts and rates only, never the texts.
        metrics["realtext"] = {
            **realtext_fpr(pipeline_tagger, heldout_evidence, heldout),
            "evidence_only": realtext_fpr(tuned, heldout_evidence, heldout)["all"],
            "params_yaml_evidence_only": realtext_fpr(tagger, heldout_evidence, heldout)["all"],
            "source": "NorNE, held-out documents (split by document-name hash)",
        }
        metrics["realtext_fpr"] = metrics["realtext"]["all"]
    common.write_metrics("eval_tag", metrics)
    indep_text = (f"; uavhengig sett: makro-F1 "
                  f"{metrics['independent']['submissions']['macro_f1']:.2f} (innspill)"
                  if independent is not None else "")
    real_text = (f"; ekte tekst utenfor tema: {100 * metrics['realtext_fpr']:.1f} % falske treff"
                 if heldout_evidence is not None else "")
    common.summary(
        "eval_tag",
        f"test: makro-F1 {metrics['submission_macro_f1']:.2f} (innspill) / "
        f"{metrics['segment_macro_f1']:.2f} (segmenter), falske treff utenfor tema "
        f"{100 * metrics['submission_off_topic_fpr']:.0f} % (innspill) / "
        f"{100 * metrics['segment_off_topic_fpr']:.0f} % (segmenter){indep_text}{real_text}",
    )
