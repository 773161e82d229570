"""Stage ``prepare``: language, segments, lemmas, proposals and redaction.

Reads ``data/processed/submissions.parquet`` and writes

- ``submissions_prepared.parquet``: the same rows with ``language`` and ``text_redacted``;
- ``segments.parquet``: one row per segment (sentence, list item, heading, signature) with
  exact offsets into the submission ``text``, redacted text, language, lemmas and
  ``is_proposal`` (extras: ``is_heading``, ``heading``, ``is_signature``, ``is_list_item``);
- ``data/metrics/prepare.json``: backend, counts and the leak check.

The work is one function over DataFrames, :func:`prepare_frames`; :func:`run` does the
I/O. Components (each its own module, swappable through ``params.prepare``):
:mod:`pipeline.spacy_backend`, :mod:`.language`, :mod:`.segment`, :mod:`pipeline.stopwords`,
:mod:`.proposals`, :mod:`pipeline.redact`; after them, :func:`run` applies the analysts'
corrections from the review app (:mod:`.corrections`: missed redactions, proposal flags).

Each submission is prepared on its own (:func:`prepare_one`), so the work is split into
partitions that run locally or on Dask (:mod:`pipeline.compute`), and its result is cached
under ``<paths.cache>/prepare/`` keyed by a hash of the submission's text, the sender
fields used for redaction and :func:`settings_digest` (this package's code and data, the
spaCy model and library versions, ``params.prepare``, the keep list): a re-run after adding one
file to the inbox runs the NLP only on the new submissions.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipeline import common, compute, tables
from pipeline.cache import JsonStore
from pipeline.config import Params
from pipeline.prepare.corrections import apply_corrections
from pipeline.prepare.language import detect, segment_language
from pipeline.prepare.proposal_model import (
    ProposalClassifier,
    decide,
    get_classifier,
    training_digest,
    view_from_tokens,
)
from pipeline.prepare.segment import segment_text
from pipeline.prepare.units import assign_units
from pipeline.redact import (
    GAZETTEER,
    PLACEHOLDERS,
    PiiSpan,
    is_organisation_name,
    keep_names,
)
from pipeline.schema import NO_TOPIC, THEME_IDS, score_column
from pipeline.spacy_backend import Backend, load_backend

if TYPE_CHECKING:
    from pipeline.redact import Redactor

__all__ = ["PrepareCache", "PreparedResult", "leaks", "prepare_frames", "run", "settings_digest"]

log = logging.getLogger(__name__)


def _touches(start: int, end: int, spans: Sequence[PiiSpan]) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def _clean(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


@lru_cache(maxsize=4096)
def _sender_name_pattern(name: str) -> re.Pattern[str] | None:
    """The sender's full name as a pattern over lower-cased text (``None``: nothing to look
    for). Built once per sender: the leak check runs for every segment of the inbox."""
    name = " ".join(_clean(name).split())
    if is_organisation_name(name) or len(name) < 3:
        return None
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, name.lower().split())) + r"(?!\w)")


def leaks(text_redacted: str, name: str, email: str) -> list[str]:
    """Which of the sender's full name / e-mail still occur in ``text_redacted``."""
    found = []
    lowered = text_redacted.lower()
    pattern = _sender_name_pattern(_clean(name))
    if pattern is not None and pattern.search(lowered):
        found.append("name")
    email = _clean(email).strip().lower()
    if email and "@" in email and email in lowered:
        found.append("email")
    return found


def _force_redact(text: str, name: str, email: str) -> str:
    """Last-resort literal replacement used only when the leak check fires."""
    name = " ".join(_clean(name).split())
    if name and not is_organisation_name(name):
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)"
        text = re.sub(pattern, PLACEHOLDERS["PERSON"], text, flags=re.IGNORECASE)
    email = _clean(email).strip()
    if email and "@" in email:
        text = re.sub(re.escape(email), PLACEHOLDERS["EMAIL_ADDRESS"], text, flags=re.IGNORECASE)
    return text


@dataclass
class PreparedResult:
    submissions: pd.DataFrame
    segments: pd.DataFrame
    metrics: dict = field(default_factory=dict)
    n_processed: int = 0  # submissions run through the NLP (not from the cache)
    n_cached: int = 0  # submissions read from the cache


# ------------------------------------------------------------------------------ the cache
PREPARE_CACHE_VERSION = "1"
"""Bump to invalidate every cached submission (e.g. a change in a library's behaviour)."""

_PACKAGE = Path(__file__).resolve().parent
_GROUND = Path(__file__).resolve().parents[1]
_SHARED_CODE = (_GROUND / "spacy_backend.py", _GROUND / "stopwords.py")
"""Ground-floor modules that decide a prepared submission (besides :mod:`pipeline.redact`)."""
_LIBRARIES = ("spacy", "presidio-analyzer", "presidio-anonymizer", "lingua-language-detector",
              "simplemma", "phonenumbers")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of this package's code, the redaction package's code and word lists, the
    shared spaCy backend and stop words, the gazetteer and the NLP libraries' versions:
    editing a component invalidates the prepare cache by itself."""
    parts = [common.source_digest(_PACKAGE, suffixes=None),
             common.source_digest(_GROUND / "redact", suffixes=None),
             *(path.read_bytes().hex() for path in _SHARED_CODE)]
    if GAZETTEER.exists():
        parts.append(GAZETTEER.read_bytes().hex())
    for lib in _LIBRARIES:
        try:
            parts.append(f"{lib}={metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{lib}=-")
    return common.short_hash(*parts, length=16)


def settings_digest(backend_name: str, params: Params, keep: Iterable[str], method: str) -> str:
    """Everything besides the submission itself that decides :func:`prepare_one`'s result
    (including the proposal classifier's settings and training data)."""
    p = params.prepare
    clf = p.proposal_classifier
    settings = json.dumps({"model": backend_name, "language_method": method,
                           "min_segment_chars": p.min_segment_chars,
                           "max_segment_chars": p.max_segment_chars,
                           "keep": sorted(set(keep)),
                           "proposal_classifier": clf.model_dump(mode="json"),
                           "proposal_training": training_digest(params.paths.labels,
                                                                clf.training_files)
                           if clf.method == "classifier" else "", "seed": params.seed},
                          sort_keys=True, ensure_ascii=False)
    return common.short_hash(PREPARE_CACHE_VERSION, code_digest(), settings, length=16)


def submission_key(text: str, name: str, email: str, digest: str) -> str:
    """The cache key of one submission: its text, sender fields and the settings digest."""
    return common.short_hash(digest, text, name, email, length=40)


class PrepareCache(JsonStore):
    """Prepared submissions in one SQLite file (``<directory>/prepare.sqlite``).

    One row per key with :func:`prepare_one`'s result. ``directory=None`` disables the cache.
    """

    def __init__(self, directory: Path | None):
        super().__init__(None if directory is None else Path(directory) / "prepare.sqlite",
                         table="prepared")


# ------------------------------------------------------------------ one submission
@lru_cache(maxsize=200_000)
def _segment_language(text: str, submission_language: str, method: str) -> str:
    """:func:`segment_language`, memoised: campaign copies and repeated lines share
    segments, and language detection is the costliest step per segment (lingua)."""
    return segment_language(text, submission_language, method)


def prepare_one(text: str, doc, name: str, email: str, redactor: Redactor, params: Params,
                method: str, classifier: ProposalClassifier | None = None,
                views: list | None = None) -> dict:
    """Language, redaction and segments of one submission (``doc``: its spaCy Doc).

    ``is_proposal`` comes from ``classifier`` (:func:`proposal_classifier`) or, when it is
    ``None``, from the rules; ``proposal_rule`` always names the rule that fired. A caller
    that classifies many submissions at once passes ``views`` (a list the segments'
    classifier inputs are appended to) and overwrites ``is_proposal`` itself.

    Returns a JSON-able dict: ``language``, ``text_redacted``, ``placeholders`` (counts),
    ``forced`` (1 when the leak check forced a literal redaction) and ``segments`` (one
    dict per segment with the segment columns that do not depend on the submission id).
    """
    prepare_params = params.prepare
    lang = detect(text, method)
    spans: list[PiiSpan] = redactor.find(text, doc, sender_names=[name], sender_emails=[email])
    placeholders = Counter(s.placeholder for s in spans)
    redacted = redactor.redact(text, spans)
    forced = 0
    if leaks(redacted, name, email):
        forced = 1
        redacted = _force_redact(redacted, name, email)
    segs = segment_text(
        text,
        [s.start_char for s in doc.sents],
        min_chars=prepare_params.min_segment_chars,
        max_chars=prepare_params.max_segment_chars,
    )
    seg_redacted: list[str] = []
    out_segments: list[dict] = []
    seg_views = []
    for position, seg in enumerate(segs):
        seg_text = text[seg.start : seg.end]
        red = redactor.redact_range(text, spans, seg.start, seg.end)
        if leaks(red, name, email):
            red = _force_redact(red, name, email)
        seg_redacted.append(red)
        # Lemmas never carry personal data: tokens touching a redacted span are dropped.
        toks = [
            t
            for t in doc.char_span(seg.start, seg.end, alignment_mode="expand") or []
            if not (t.is_punct or t.is_space) and not _touches(t.idx, t.idx + len(t.text), spans)
        ]
        lemmas = [(t.lemma_ or t.text).lower() for t in toks]
        seg_lang = _segment_language(seg_text, lang, method)
        view = view_from_tokens(seg_text, toks, is_list_item=seg.is_list_item,
                                is_heading=seg.is_heading, is_signature=seg.is_signature)
        seg_views.append(view)
        rule = view.rule
        out_segments.append({
            "position": position,
            "start": int(seg.start),
            "end": int(seg.end),
            "text_redacted": red,
            "language": seg_lang,
            "lemmas": lemmas,
            "is_proposal": bool(rule),
            "is_heading": bool(seg.is_heading),
            "heading": seg_redacted[seg.heading_index] if seg.heading_index >= 0 else "",
            "is_list_item": bool(seg.is_list_item),
            "is_signature": bool(seg.is_signature),
            "proposal_rule": rule,
        })
    if views is not None:
        views.extend(seg_views)
    # The rules' verdict stays in ``proposal_rule``.
    decisions = decide(seg_views, [s["proposal_rule"] for s in out_segments], classifier)
    for seg_out, flag in zip(out_segments, decisions, strict=True):
        seg_out["is_proposal"] = flag
    return {"language": lang, "text_redacted": redacted, "placeholders": dict(placeholders),
            "forced": forced, "segments": out_segments}


MIN_TEXTS_PER_PROCESS = 100
"""``params.prepare.n_process`` applies only to partitions with this many texts per process."""


def proposal_classifier(params: Params, backend: Backend) -> ProposalClassifier | None:
    """The trained classifier of ``params.prepare.proposal_classifier``, or ``None`` for
    ``method: rules``."""
    if params.prepare.proposal_classifier.method == "rules":
        return None
    return get_classifier(params, backend)


@lru_cache(maxsize=2)
def _worker_tools(model: str, keep: tuple[str, ...]) -> tuple[Backend, Redactor]:
    """The backend and redactor of a compute worker process (built once per process)."""
    from pipeline.redact import Redactor  # Presidio: loaded only where text is redacted

    backend = load_backend(model)
    return backend, Redactor(backend.nlp, keep_names=keep)


class PrepareWorker:
    """Prepares one partition of ``(text, sender name, sender e-mail)`` items.

    Picklable for :mod:`pipeline.compute`: the loaded pipeline and redactor stay behind
    and a Dask worker loads its own (``params.prepare.model``) once per process.
    """

    def __init__(self, params: Params, keep: Sequence[str], method: str,
                 backend: Backend | None = None, redactor: Redactor | None = None):
        self.params = params
        self.keep = tuple(keep)
        self.method = method
        self._backend = backend
        self._redactor = redactor

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_backend"] = state["_redactor"] = None
        return state

    def _tools(self) -> tuple[Backend, Redactor]:
        if self._backend is None or self._redactor is None:
            self._backend, self._redactor = _worker_tools(self.params.prepare.model, self.keep)
        return self._backend, self._redactor

    def __call__(self, items: list[tuple[str, str, str]]) -> list[dict]:
        backend, redactor = self._tools()
        p = self.params.prepare
        texts = [text for text, _, _ in items]
        # Worker processes cost seconds to start: not worth it for a few new submissions.
        n_process = p.n_process if len(texts) >= MIN_TEXTS_PER_PROCESS * p.n_process else 1
        classifier = proposal_classifier(self.params, backend)
        docs = backend.pipe(texts, batch_size=p.batch_size, n_process=n_process)
        views: list = []
        results = [
            prepare_one(text, doc, name, email, redactor, self.params, self.method,
                        views=views)
            for (text, name, email), doc in zip(
                items, common.progress(docs, "prepare", total=len(items)), strict=True)
        ]
        if classifier is not None and views:
            # One call for the whole partition: per-call overhead dominates per submission.
            flags = iter(decide(views, [], classifier))
            for record in results:
                for seg in record["segments"]:
                    seg["is_proposal"] = next(flags)
        return results


def _segment_columns(theme_ids: Sequence[str]) -> list[str]:
    return [
        "segment_id",
        "submission_id",
        "position",
        "start",
        "end",
        "text_redacted",
        "language",
        "lemmas",
        "is_proposal",
        "themes",
        *[score_column(t) for t in theme_ids],
        "question_id",
        "topic_id",
        "is_heading",
        "heading",
        "is_list_item",
        "is_signature",
        "proposal_rule",
    ]


def prepare_frames(
    submissions: pd.DataFrame,
    backend: Backend,
    params: Params,
    keep: Iterable[str] = (),
    theme_ids: Sequence[str] = THEME_IDS,
    language_method: str | None = None,
    cache_dir: Path | None = None,
) -> PreparedResult:
    """The whole stage on DataFrames (no file I/O besides the optional cache).

    Parameters
    ----------
    submissions:
        The ingest table (contract columns; ``private_sender_name``/``_email`` optional).
    backend:
        From :func:`pipeline.spacy_backend.load_backend`.
    params:
        Uses ``params.prepare`` and ``params.compute`` (local or Dask partitions).
    keep:
        Names never to redact (public contacts, allow list).
    cache_dir:
        Where prepared submissions are cached (:class:`PrepareCache`); ``None``: no cache.
    """
    method = language_method or params.prepare.language_method
    keep = sorted(set(keep))
    subs = submissions.copy().reset_index(drop=True)
    texts = [_clean(t) for t in subs["text"]]
    names = subs.get("private_sender_name", pd.Series([""] * len(subs))).map(_clean).tolist()
    emails = subs.get("private_sender_email", pd.Series([""] * len(subs))).map(_clean).tolist()

    # In rounds of ``chunk_size`` submissions: cached ones are read, the rest (each distinct
    # one once) is prepared in partitions, locally or on Dask, and written back to the
    # cache, and only the round's rows are kept. Holding every submission's records and
    # classifier inputs at once took 8 GB at 50 000 submissions.
    digest = settings_digest(backend.name, params, keep, method)
    keys = [submission_key(t, n, e, digest) for t, n, e in zip(texts, names, emails, strict=True)]
    cache = PrepareCache(cache_dir)
    worker: PrepareWorker | None = None
    fresh_keys: set[str] = set()
    n_cached = 0
    sub_lang, sub_redacted = [], []
    columns: dict[str, list] = {c: [] for c in _segment_columns(theme_ids)}
    placeholder_counts: Counter[str] = Counter()
    forced = 0
    sids = subs["submission_id"].astype(str).tolist()
    step = params.prepare.chunk_size
    for first in range(0, len(keys), step):
        rows = range(first, min(first + step, len(keys)))
        records = cache.get_many([keys[i] for i in rows])
        n_cached += sum(1 for i in rows if keys[i] in records and keys[i] not in fresh_keys)
        todo: dict[str, tuple[str, str, str]] = {}
        for i in rows:
            if keys[i] not in records and keys[i] not in todo:
                todo[keys[i]] = (texts[i], names[i], emails[i])
        if todo:
            if worker is None:
                from pipeline.redact import Redactor  # Presidio: only where text is redacted

                local = compute.backend_name(params) == "local"
                worker = PrepareWorker(
                    params, keep, method, backend=backend,
                    redactor=Redactor(backend.nlp, keep_names=keep) if local else None)
            fresh = dict(zip(todo, compute.map_partitions(worker, list(todo.values()), params),
                             strict=True))
            cache.put_many(fresh)
            records.update(fresh)
            fresh_keys.update(fresh)
        for i in rows:
            rec, sid = records[keys[i]], sids[i]
            sub_lang.append(rec["language"])
            sub_redacted.append(rec["text_redacted"])
            placeholder_counts.update(rec["placeholders"])
            forced += rec["forced"]
            for seg in rec["segments"]:
                columns["segment_id"].append(f"{sid}-{seg['position']:03d}")
                columns["submission_id"].append(sid)
                for name in ("position", "start", "end", "text_redacted", "language",
                             "is_proposal", "is_heading", "heading", "is_list_item",
                             "is_signature", "proposal_rule"):
                    columns[name].append(seg[name])
                columns["lemmas"].append(list(seg["lemmas"]))
                columns["themes"].append([])
                for t in theme_ids:
                    columns[score_column(t)].append(float("nan"))
                columns["question_id"].append("")
                columns["topic_id"].append(NO_TOPIC)
        del records

    subs["language"] = sub_lang
    subs["text_redacted"] = sub_redacted
    segments = pd.DataFrame(columns, columns=_segment_columns(theme_ids))
    if not len(segments):
        segments = pd.DataFrame([], columns=_segment_columns(theme_ids))
    segments["lemmas"] = segments["lemmas"].astype(object)
    segments["themes"] = segments["themes"].astype(object)
    # Units depend on the form's columns, not on the text alone: after the cache, not in it.
    segments = assign_units(segments, subs, params.prepare.form_proposal_columns)

    leak_subs = sum(1 for i in range(len(subs)) if leaks(sub_redacted[i], names[i], emails[i]))
    seg_leaks = 0
    if len(segments):
        by_sub = dict(zip(subs["submission_id"].astype(str), range(len(subs)), strict=True))
        for sid, red in zip(segments["submission_id"], segments["text_redacted"], strict=True):
            j = by_sub[sid]
            seg_leaks += bool(leaks(red, names[j], emails[j]))
    metrics = {
        "backend": backend.name,
        "language_method": method,
        "n_submissions": len(subs),
        "n_segments": len(segments),
        "n_proposals": int(segments["is_proposal"].sum()) if len(segments) else 0,
        "n_proposal_units": int(segments["proposal_unit"].replace("", pd.NA).nunique())
        if len(segments)
        else 0,
        "n_headings": int(segments["is_heading"].sum()) if len(segments) else 0,
        "languages_submissions": dict(Counter(sub_lang)),
        "languages_segments": dict(Counter(segments["language"])) if len(segments) else {},
        "proposal_rules": dict(Counter(r for r in segments["proposal_rule"] if r))
        if len(segments)
        else {},
        "redactions": {p: placeholder_counts.get(p, 0) for p in PLACEHOLDERS.values()},
        "leak_check": {
            "submissions_with_sender_leak": leak_subs,
            "segments_with_sender_leak": seg_leaks,
            "forced_redactions": forced,
            "submissions_checked": sum(1 for n, e in zip(names, emails, strict=True) if n or e),
        },
    }
    return PreparedResult(subs, segments, metrics, n_processed=len(fresh_keys),
                          n_cached=n_cached)


def apply_analyst_corrections(result: PreparedResult, labels_dir: Path) -> None:
    """The analysts' corrections from the review app (``redactions.csv``,
    ``proposal_flags.csv``; :mod:`.corrections`) applied to ``result`` in place, after the
    cache: adding one re-runs no NLP. Their counts go to ``analyst_corrections``."""
    subs, segs, counts = apply_corrections(result.submissions, result.segments, labels_dir)
    result.submissions, result.segments = subs, segs
    result.metrics["analyst_corrections"] = counts
    if counts["proposal_flags_applied"] and len(segs):
        result.metrics["n_proposals"] = int(segs["is_proposal"].sum())
        result.metrics["n_proposal_units"] = int(
            segs["proposal_unit"].replace("", pd.NA).nunique())


def run(params: Params) -> None:
    """Read submissions, prepare them, write the two tables and the metrics."""
    t0 = time.perf_counter()
    processed = params.paths.processed
    submissions = tables.read_table(processed, tables.SUBMISSIONS)
    backend = load_backend(params.prepare.model)
    result = prepare_frames(submissions, backend, params, keep=keep_names(params),
                            cache_dir=params.paths.cache / "prepare")
    log.info("prepared %d submissions, %d from the cache", result.n_processed, result.n_cached)
    apply_analyst_corrections(result, params.paths.labels)
    tables.write_table(result.submissions, processed, tables.SUBMISSIONS_PREPARED)
    tables.write_table(result.segments, processed, tables.SEGMENTS)
    common.write_metrics("prepare", result.metrics)
    m = result.metrics
    n_red = sum(m["redactions"].values())
    leak = (
        m["leak_check"]["submissions_with_sender_leak"]
        + m["leak_check"]["segments_with_sender_leak"]
    )
    common.summary(
        "prepare",
        f"{m['n_submissions']} innspill → {m['n_segments']} segmenter, {m['n_proposals']} forslag, "
        f"{n_red} anonymiseringer, {leak} lekkasjer av avsendernavn/e-post "
        f"({m['backend']}, {time.perf_counter() - t0:.1f} s)",
    )
