"""Stage ``eval_prepare``: measure language ID, proposal detection and redaction.

Gold sets (``data/labels/eval/``):

- ``language.jsonl``   ``{"id", "text", "language"}`` → accuracy, per-class P/R/F1 and macro
  F1 for every method in :data:`pipeline.prepare.language.METHODS`.
- ``proposals.jsonl``  ``{"id", "text", "is_proposal", "language", "kind"}`` → precision,
  recall, F1 overall and per language on the **test** split. Ids are hashed into a fixed
  tune/test split (:func:`split_of`); the rules were developed looking only at ``tune``
  errors, so ``test`` figures are honest.
- ``proposals_independent.jsonl`` — the held-out half of a proposal set written
  independently of the rules and the classifier (never tuned or trained on): P/R/F1 of the
  rules and of the classifier, overall and per language.
- ``pii.jsonl``        ``{"id", "text", "spans": [{"start","end","label","text"}], "keep": [...]}``.

Proposal figures are given for both methods (``proposal_methods.rules`` and
``.classifier``); ``proposals`` and ``proposals_independent`` hold the method the stage
uses (``params.prepare.proposal_classifier.method``). The classifier is trained on the *tune*
split of ``proposals.jsonl`` (among other files), so only its *test* figures are honest.

PII metric definitions:

- *recall (any)* of a gold span: every character of it lies inside some predicted span
  (any placeholder). *Typed recall*: covered by predicted spans of the gold span's type.
- *precision*: a predicted span is a true positive when ≥ 50 % of its characters lie in
  gold spans (any type for the overall figure; the same type for the per-type figure).
- *keep errors*: ``keep`` strings (organisations, places, public contacts) that occur in the
  text and lose any character to a predicted span.

Both backends are measured (the model in ``params.prepare.model`` under key ``model`` and the
blank fallback under ``blank``), through the same functions the stage uses.
``benchmarks/nlp_eval.py`` prints these figures as tables.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline import common
from pipeline.config import Params
from pipeline.prepare.language import LANGS, METHODS, get_detector
from pipeline.prepare.proposal_model import get_classifier, views_of
from pipeline.prepare.proposals import proposal_reason
from pipeline.prepare.segment import is_list_item
from pipeline.redact import PLACEHOLDERS, PiiSpan, Redactor, keep_names
from pipeline.spacy_backend import BLANK_BACKEND, Backend, load_backend

EVAL_DIR = Path("data/labels/eval")
TEST_SHARE = 0.5

LABEL_ALIASES: dict[str, str] = {
    **{p.strip("[]"): e for e, p in PLACEHOLDERS.items()},
    **{e: e for e in PLACEHOLDERS},
    "EPOST": "EMAIL_ADDRESS",
    "EMAIL": "EMAIL_ADDRESS",
    "PHONE": "PHONE_NUMBER",
    "TELEFONNUMMER": "PHONE_NUMBER",
    "FNR": "NO_FNR",
    "FODSELSNUMMER": "NO_FNR",
    "D-NUMMER": "NO_FNR",
    "KONTO": "NO_ACCOUNT",
    "ACCOUNT": "NO_ACCOUNT",
    "ADDRESS": "NO_ADDRESS",
    "PER": "PERSON",
    "NAME": "PERSON",
}
SHORT = {e: p.strip("[]") for e, p in PLACEHOLDERS.items()}


def load_jsonl(path: Path) -> list[dict]:
    """Records of a JSON-lines file (blank lines skipped); ``[]`` when it is missing."""
    if not Path(path).exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split_of(record_id: str, test_share: float = TEST_SHARE) -> str:
    """``"tune"`` or ``"test"``, fixed by a hash of the id (stable across runs and machines)."""
    h = int(hashlib.sha256(str(record_id).encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if h < test_share else "tune"


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if tp and (p + r) else 0.0 if (tp + fp + fn) else float("nan")
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def classification_report(gold: Sequence[str], pred: Sequence[str], labels: Iterable[str]) -> dict:
    """Accuracy, per-class P/R/F1 and macro F1 over the labels present in ``gold``."""
    out: dict = {
        "n": len(gold),
        "accuracy": (
            sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
            if gold
            else float("nan")
        ),
    }
    per = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        if tp + fn:
            per[label] = prf(tp, fp, fn)
    out["per_class"] = per
    out["macro_f1"] = sum(v["f1"] for v in per.values()) / len(per) if per else float("nan")
    return out


# --------------------------------------------------------------------------- language
def evaluate_language(records: list[dict], methods: Sequence[str] = METHODS) -> dict:
    """Language-ID quality of each method on ``records``."""
    gold = [r["language"] for r in records]
    results = {}
    for method in methods:
        detector = get_detector(method)
        pred = [detector(r["text"])[0] for r in records]
        rep = classification_report(gold, pred, LANGS)
        rep["errors"] = [
            {"id": r["id"], "gold": g, "pred": p}
            for r, g, p in zip(records, gold, pred, strict=True)
            if g != p
        ][:20]
        results[method] = rep
    return results


def language_by_split(records: list[dict]) -> dict:
    """Per method: figures on all records and on the fixed tune/test split (the marker
    lists and the ``combined`` rule were adjusted looking at ``tune`` errors only)."""
    out: dict = {}
    for part in ("all", "tune", "test"):
        subset = records if part == "all" else [r for r in records if split_of(r["id"]) == part]
        for method, rep in evaluate_language(subset).items():
            out.setdefault(method, {})[part] = {k: v for k, v in rep.items() if k != "errors"}
    return out


# --------------------------------------------------------------------------- proposals
def predict_proposals(records: list[dict], backend: Backend, batch_size: int = 64) -> list[str]:
    """The rule that fires for each record's text (``""`` = not a proposal)."""
    texts = [r["text"] for r in records]
    out = []
    for text, doc in zip(texts, backend.pipe(texts, batch_size=batch_size), strict=True):
        toks = [t for t in doc if not (t.is_punct or t.is_space)]
        lemmas = [(t.lemma_ or t.text).lower() for t in toks]
        pos = [t.pos_ for t in toks] if toks and toks[0].pos_ else None
        out.append(proposal_reason(text, lemmas, pos=pos, is_list_item=is_list_item(text)))
    return out


def predict_classifier(records: list[dict], backend: Backend, params: Params) -> list[str]:
    """The classifier's decision per record as a reason-like string (``""`` = no)."""
    clf = get_classifier(params, backend)
    views = views_of([r["text"] for r in records], backend)
    return ["classifier" if p else "" for p in clf.predict(views)] if views else []


def predict_method(records: list[dict], backend: Backend, params: Params | None,
                   method: str) -> list[str]:
    """Decisions of ``method`` (``"rules"`` or ``"classifier"``) on ``records``."""
    if method == "rules" or params is None:
        return predict_proposals(records, backend)
    return predict_classifier(records, backend, params)


def score_set(records: list[dict], reasons: list[str]) -> dict:
    """P/R/F1 overall and per language of decisions ``reasons`` on ``records``."""
    idx = list(range(len(records)))
    return {
        "n": len(records),
        "overall": _prf_over(records, reasons, idx),
        "per_language": {
            lang: _prf_over(records, reasons,
                            [i for i in idx if records[i].get("language") == lang])
            for lang in sorted({r.get("language", "") for r in records})
        },
    }


def evaluate_proposal_methods(sets: dict[str, list[dict]], backend: Backend,
                              params: Params) -> dict:
    """Rules vs classifier on each named set: ``{method: {set: score_set(...)}}``."""
    out: dict = {}
    for method in ("rules", "classifier"):
        out[method] = {name: score_set(records, predict_method(records, backend, params, method))
                       for name, records in sets.items() if records}
    return out


def evaluate_proposals(records: list[dict], backend: Backend, params: Params | None = None,
                       method: str = "rules") -> dict:
    """P/R/F1 of ``is_proposal`` on the tune and test splits, overall and per language
    (``method``: the rules, or the classifier of ``params``)."""
    reasons = predict_method(records, backend, params, method)
    result: dict = {}
    for split in ("tune", "test"):
        idx = [i for i, r in enumerate(records) if split_of(r["id"]) == split]
        block = {"n": len(idx), "overall": _prf_over(records, reasons, idx)}
        block["per_language"] = {
            lang: _prf_over(
                records, reasons, [i for i in idx if records[i].get("language") == lang]
            )
            for lang in sorted({records[i].get("language", "") for i in idx})
        }
        kinds: Counter[str] = Counter()
        for i in idx:
            if bool(reasons[i]) != bool(records[i]["is_proposal"]):
                kinds[records[i].get("kind", "")] += 1
        block["errors_by_kind"] = dict(kinds)
        result[split] = block
    result["errors_tune"] = [
        {"id": r["id"], "gold": r["is_proposal"], "rule": reasons[i], "text": r["text"][:120]}
        for i, r in enumerate(records)
        if split_of(r["id"]) == "tune" and bool(reasons[i]) != bool(r["is_proposal"])
    ]
    return result


def _prf_over(records: list[dict], reasons: list[str], idx: list[int]) -> dict:
    tp = sum(1 for i in idx if reasons[i] and records[i]["is_proposal"])
    fp = sum(1 for i in idx if reasons[i] and not records[i]["is_proposal"])
    fn = sum(1 for i in idx if not reasons[i] and records[i]["is_proposal"])
    return prf(tp, fp, fn)


# --------------------------------------------------------------------------- PII
def gold_entity(label: str) -> str:
    """Our entity type for a gold label (``NAVN``, ``E-POST``, ``TELEFON``, ...)."""
    return LABEL_ALIASES.get(label.upper().strip("[]"), label.upper())


def _covered(start: int, end: int, spans: Iterable[PiiSpan]) -> bool:
    chars = set(range(start, end))
    for s in spans:
        chars -= set(range(s.start, s.end))
        if not chars:
            return True
    return not chars


def score_pii(records: list[dict], predictions: list[list[PiiSpan]]) -> dict:
    """Recall/precision per type and keep errors (definitions in the module docstring)."""
    rec_any: Counter[str] = Counter()
    rec_typed: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    pred_tp_any: Counter[str] = Counter()
    pred_tp_typed: Counter[str] = Counter()
    missed, false_pos, keep_errors = [], [], []
    keep_checked = 0
    for rec, pred in zip(records, predictions, strict=True):
        text = rec["text"]
        gold = [(s["start"], s["end"], gold_entity(s["label"])) for s in rec.get("spans", [])]
        for gs, ge, gt in gold:
            n_gold[gt] += 1
            if _covered(gs, ge, pred):
                rec_any[gt] += 1
                if _covered(gs, ge, [p for p in pred if p.entity == gt]):
                    rec_typed[gt] += 1
            else:
                missed.append({"id": rec["id"], "type": SHORT.get(gt, gt), "text": text[gs:ge]})
        gold_chars: defaultdict[str, set[int]] = defaultdict(set)
        for gs, ge, gt in gold:
            gold_chars["*"].update(range(gs, ge))
            gold_chars[gt].update(range(gs, ge))
        for p in pred:
            length = max(1, p.end - p.start)
            pred_n[p.entity] += 1
            inside_any = len(gold_chars["*"].intersection(range(p.start, p.end))) / length
            inside_typed = len(gold_chars[p.entity].intersection(range(p.start, p.end))) / length
            if inside_any >= 0.5:
                pred_tp_any[p.entity] += 1
            else:
                false_pos.append(
                    {
                        "id": rec["id"],
                        "type": SHORT.get(p.entity, p.entity),
                        "text": text[p.start : p.end],
                        "source": p.source,
                    }
                )
            if inside_typed >= 0.5:
                pred_tp_typed[p.entity] += 1
        for keep in rec.get("keep", []) or []:
            start = text.find(keep)
            while start >= 0:
                keep_checked += 1
                end = start + len(keep)
                if any(p.start < end and start < p.end for p in pred):
                    keep_errors.append({"id": rec["id"], "text": keep})
                start = text.find(keep, end)
    per_type = {}
    for ent in sorted(set(n_gold) | set(pred_n)):
        per_type[SHORT.get(ent, ent)] = {
            "n_gold": n_gold[ent],
            "recall": rec_any[ent] / n_gold[ent] if n_gold[ent] else float("nan"),
            "recall_typed": rec_typed[ent] / n_gold[ent] if n_gold[ent] else float("nan"),
            "n_pred": pred_n[ent],
            "precision": pred_tp_any[ent] / pred_n[ent] if pred_n[ent] else float("nan"),
            "precision_typed": pred_tp_typed[ent] / pred_n[ent] if pred_n[ent] else float("nan"),
        }
    total_gold, total_pred = sum(n_gold.values()), sum(pred_n.values())
    return {
        "n_texts": len(records),
        "per_type": per_type,
        "overall": {
            "n_gold": total_gold,
            "recall": sum(rec_any.values()) / total_gold if total_gold else float("nan"),
            "recall_typed": sum(rec_typed.values()) / total_gold if total_gold else float("nan"),
            "n_pred": total_pred,
            "precision": sum(pred_tp_any.values()) / total_pred if total_pred else float("nan"),
        },
        "keep": {"checked": keep_checked, "wrongly_redacted": len(keep_errors)},
        "examples": {
            "missed": missed[:30],
            "false_positives": false_pos[:30],
            "keep_errors": keep_errors[:20],
        },
    }


def predict_pii(
    records: list[dict], backend: Backend, keep: Sequence[str] = (), batch_size: int = 64
) -> tuple[list[list[PiiSpan]], float]:
    """Predicted spans per record and the time per text in ms (model + recognizers)."""
    redactor = Redactor(backend.nlp, keep_names=keep)
    texts = [r["text"] for r in records]
    t0 = time.perf_counter()
    preds = [
        redactor.find(text, doc, sender_names=_senders(rec))
        for rec, text, doc in zip(
            records, texts, backend.pipe(texts, batch_size=batch_size), strict=True
        )
    ]
    return preds, 1000 * (time.perf_counter() - t0) / max(1, len(records))


def _senders(record: dict) -> list[str]:
    name = record.get("sender_name") or record.get("private_sender_name") or ""
    return [name] if name else []


def evaluate_pii(records: list[dict], backend: Backend, keep: Sequence[str] = ()) -> dict:
    """PII recall/precision on ``records``; wall times stay out (metrics must be repeatable)."""
    preds, _ms = predict_pii(records, backend, keep)
    return score_pii(records, preds)


# --------------------------------------------------------------------------- stage
def evaluate_all(
    params: Params,
    eval_dir: Path = EVAL_DIR,
    backends: Sequence[str] | None = None,
) -> dict:
    """Every figure of ``eval_prepare``: language methods, and per backend proposals and PII."""
    language = load_jsonl(eval_dir / "language.jsonl")
    proposals = load_jsonl(eval_dir / "proposals.jsonl")
    # Written independently of rules and classifier; its train half is in ../train/.
    independent = load_jsonl(eval_dir / "proposals_independent.jsonl")
    method = params.prepare.proposal_classifier.method
    pii = load_jsonl(eval_dir / "pii.jsonl")
    # Written independently of the redaction rules: the honest figure. ``pii.jsonl`` was
    # used while writing the rules, so its figures are optimistic (development set).
    pii_heldout = load_jsonl(eval_dir / "pii_heldout.jsonl")
    keep = keep_names(params)
    metrics: dict = {"language_method": params.prepare.language_method}
    if language:
        metrics["language"] = language_by_split(language)
    names = backends or [params.prepare.model, BLANK_BACKEND]
    for key, model in zip(("model", "blank"), names, strict=False):
        backend = load_backend(model)
        block: dict = {"backend": backend.name}
        if proposals:
            res = evaluate_proposals(proposals, backend, params, method)
            block["proposals"] = {k: v for k, v in res.items() if k in ("tune", "test")}
        if proposals or independent:
            sets = {"test": [r for r in proposals if split_of(r["id"]) == "test"],
                    "independent": independent}
            methods = evaluate_proposal_methods(sets, backend, params)
            block["proposal_methods"] = methods
            if independent:
                block["proposals_independent"] = methods[method]["independent"]
        if pii:
            res = evaluate_pii(pii, backend, keep)
            block["pii"] = {k: v for k, v in res.items() if k != "examples"}
        if pii_heldout:
            res = evaluate_pii(pii_heldout, backend, keep)
            block["pii_heldout"] = {k: v for k, v in res.items() if k != "examples"}
        metrics[key] = block
    return metrics


def run(params: Params) -> None:
    """Measure the prepare components and write ``data/metrics/eval_prepare.json``."""
    eval_dir = params.paths.labels / "eval"
    metrics = evaluate_all(params, eval_dir)
    common.write_metrics("eval_prepare", metrics)
    parts = []
    if "language" in metrics:
        acc = metrics["language"][params.prepare.language_method]["test"]["accuracy"]
        parts.append(f"språk {acc:.0%} riktig")
    model = metrics.get("model", {})
    if "proposals" in model:
        parts.append(f"forslag F1 {model['proposals']['test']['overall']['f1']:.2f}")
    if "proposals_independent" in model:
        o = model["proposals_independent"]["overall"]
        parts.append(f"forslag (uavhengig sett) treff {o['recall']:.0%}, "
                     f"presisjon {o['precision']:.0%}")
    pii_key = "pii_heldout" if "pii_heldout" in model else "pii"
    if pii_key in model:
        o = model[pii_key]["overall"]
        parts.append(f"personopplysninger treff {o['recall']:.0%}, presisjon {o['precision']:.0%}")
    common.summary("eval_prepare", ", ".join(parts) + f" ({model.get('backend', '?')})")
