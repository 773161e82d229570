"""Stage ``prepare``: language, segments, lemmas, proposals and redaction.

Reads ``data/processed/submissions.parquet`` and writes

- ``submissions_prepared.parquet``: the same rows with ``language`` and ``text_redacted``;
- ``segments.parquet``: one row per segment (sentence, list item, heading, signature) with
  exact offsets into the submission ``text``, redacted text, language, lemmas and
  ``is_proposal`` (extras: ``is_heading``, ``heading``, ``is_signature``, ``is_list_item``);
- ``data/metrics/prepare.json``: backend, counts and the leak check.

The work is one pure function, :func:`prepare_frames`; :func:`run` does the I/O.
Components (each its own module, swappable through ``params.nlp``): :mod:`.backend`,
:mod:`.language`, :mod:`.segment`, :mod:`.stopwords`, :mod:`.proposals`, :mod:`.redact`.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from pipeline import common, tables
from pipeline.config import Params
from pipeline.nlp.backend import Backend, load_backend
from pipeline.nlp.language import detect, segment_language
from pipeline.nlp.proposals import proposal_reason
from pipeline.nlp.redact import PLACEHOLDERS, PiiSpan, Redactor, is_organisation_name
from pipeline.nlp.segment import segment_text
from pipeline.nlp.stopwords import stop_words
from pipeline.schema import NO_TOPIC, THEME_IDS, score_column

__all__ = ["prepare_frames", "run", "stop_words", "keep_names", "PreparedResult"]

log = logging.getLogger(__name__)
TAXONOMY_DIR = Path(__file__).resolve().parents[1] / "taxonomy"


def keep_names(params: Params) -> list[str]:
    """Public contacts of the taxonomy (if it has them) plus ``params.nlp.allow_list``."""
    names = list(params.nlp.allow_list)
    path = TAXONOMY_DIR / f"{params.tag.taxonomy}.yaml"
    if path.exists():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            names += [str(n) for n in data.get("public_contacts", []) or []]
        except yaml.YAMLError:
            log.warning("could not read public_contacts from %s", path)
    return sorted(set(names))


def _touches(start: int, end: int, spans: Sequence[PiiSpan]) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def _clean(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def leaks(text_redacted: str, name: str, email: str) -> list[str]:
    """Which of the sender's full name / e-mail still occur in ``text_redacted``."""
    found = []
    lowered = text_redacted.lower()
    name = " ".join(_clean(name).split())
    if is_organisation_name(name):
        name = ""
    if (
        name
        and len(name) >= 3
        and re.search(
            r"(?<!\w)" + r"\s+".join(map(re.escape, name.lower().split())) + r"(?!\w)", lowered
        )
    ):
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
) -> PreparedResult:
    """The whole stage on DataFrames (no file I/O).

    Parameters
    ----------
    submissions:
        The ingest table (contract columns; ``private_sender_name``/``_email`` optional).
    backend:
        From :func:`pipeline.nlp.backend.load_backend`.
    params:
        Uses ``params.nlp``.
    keep:
        Names never to redact (public contacts, allow list).
    """
    nlp_params = params.nlp
    method = language_method or getattr(nlp_params, "language_method", "combined")
    redactor = Redactor(backend.nlp, keep_names=keep)
    subs = submissions.copy().reset_index(drop=True)
    texts = [_clean(t) for t in subs["text"]]
    names = subs.get("private_sender_name", pd.Series([""] * len(subs))).map(_clean).tolist()
    emails = subs.get("private_sender_email", pd.Series([""] * len(subs))).map(_clean).tolist()

    sub_lang, sub_redacted, rows = [], [], []
    placeholder_counts: Counter[str] = Counter()
    forced = 0
    docs = backend.pipe(texts, batch_size=nlp_params.batch_size, n_process=nlp_params.n_process)
    for i, doc in enumerate(common.progress(docs, "prepare", total=len(texts))):
        text, sid = texts[i], str(subs.at[i, "submission_id"])
        lang = detect(text, method)
        spans: list[PiiSpan] = redactor.find(
            text, doc, sender_names=[names[i]], sender_emails=[emails[i]]
        )
        placeholder_counts.update(s.placeholder for s in spans)
        redacted = redactor.redact(text, spans)
        if leaks(redacted, names[i], emails[i]):
            forced += 1
            redacted = _force_redact(redacted, names[i], emails[i])
        sub_lang.append(lang)
        sub_redacted.append(redacted)

        segs = segment_text(
            text,
            [s.start_char for s in doc.sents],
            min_chars=nlp_params.min_segment_chars,
            max_chars=nlp_params.max_segment_chars,
        )
        seg_redacted = []
        for position, seg in enumerate(segs):
            seg_text = text[seg.start : seg.end]
            red = redactor.redact_range(text, spans, seg.start, seg.end)
            if leaks(red, names[i], emails[i]):
                red = _force_redact(red, names[i], emails[i])
            seg_redacted.append(red)
            # Lemmas never carry personal data: tokens touching a redacted span are dropped.
            toks = [
                t
                for t in doc.char_span(seg.start, seg.end, alignment_mode="expand") or []
                if not (t.is_punct or t.is_space)
                and not _touches(t.idx, t.idx + len(t.text), spans)
            ]
            lemmas = [(t.lemma_ or t.text).lower() for t in toks]
            pos = [t.pos_ for t in toks] if toks and toks[0].pos_ else None
            seg_lang = segment_language(seg_text, lang, method)
            rule = proposal_reason(
                seg_text,
                lemmas,
                pos=pos,
                is_list_item=seg.is_list_item,
                is_heading=seg.is_heading,
                is_signature=seg.is_signature,
            )
            rows.append(
                {
                    "segment_id": f"{sid}-{position:03d}",
                    "submission_id": sid,
                    "position": position,
                    "start": seg.start,
                    "end": seg.end,
                    "text_redacted": red,
                    "language": seg_lang,
                    "lemmas": lemmas,
                    "is_proposal": bool(rule),
                    "themes": [],
                    **{score_column(t): float("nan") for t in theme_ids},
                    "question_id": "",
                    "topic_id": NO_TOPIC,
                    "is_heading": seg.is_heading,
                    "heading": seg_redacted[seg.heading_index] if seg.heading_index >= 0 else "",
                    "is_list_item": seg.is_list_item,
                    "is_signature": seg.is_signature,
                    "proposal_rule": rule,
                }
            )

    subs["language"] = sub_lang
    subs["text_redacted"] = sub_redacted
    segments = pd.DataFrame(rows, columns=_segment_columns(theme_ids))
    segments["lemmas"] = segments["lemmas"].astype(object)
    segments["themes"] = segments["themes"].astype(object)

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
    return PreparedResult(subs, segments, metrics)


def run(params: Params) -> None:
    """Read submissions, prepare them, write the two tables and the metrics."""
    t0 = time.perf_counter()
    processed = params.paths.processed
    submissions = tables.read_table(processed, tables.SUBMISSIONS)
    backend = load_backend(params.nlp.model)
    result = prepare_frames(submissions, backend, params, keep=keep_names(params))
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
