"""Stage ``ingest``: every file under ``data/raw/`` → submissions + a ledger.

``run(params)`` is the I/O edge. The work happens in pure-ish steps:

1. :func:`read_file` — bytes + name → :class:`FileResult` (never raises; hostile files are
   quarantined with a plain-Norwegian reason). Results are cached by content hash.
2. :func:`build_submissions` — cleaned text, metadata, stable ids for one file's results.
3. :mod:`~pipeline.ingest.dedup` — exact duplicates and near-duplicate campaigns.
4. :mod:`~pipeline.ingest.ledger` — one row per file; the invariant is checked before writing.
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from pipeline import common, compute, schema, tables
from pipeline.config import Params
from pipeline.gazetteer import Gazetteer, load_gazetteer
from pipeline.ingest import dedup, ledger, sandbox
from pipeline.ingest.cache import ParseCache, RowsCache
from pipeline.ingest.cleaning import clean_text
from pipeline.ingest.detect import extension, safe_display_name
from pipeline.ingest.metadata import infer_sender, received_at, theme_from_choice
from pipeline.ingest.model import (
    DUPLICATE,
    OK,
    QUARANTINED,
    SKIPPED,
    FileResult,
    Limits,
    Quarantine,
    ReadContext,
)
from pipeline.ingest.readers import READERS, read_blob

__all__ = ["READERS", "IngestResult", "ingest_inbox", "read_file", "run"]

log = logging.getLogger(__name__)
MB = 1024 * 1024


def context_from_params(params: Params) -> ReadContext:
    """The reader context (limits and form mapping) for ``params.ingest``."""
    p = params.ingest
    limits = Limits(
        max_file_bytes=int(p.max_file_mb * MB),
        max_uncompressed_bytes=int(p.max_uncompressed_mb * MB),
        max_compression_ratio=p.max_compression_ratio,
        max_email_depth=p.max_email_depth,
        max_text_chars=p.max_text_chars,
    )
    return ReadContext(limits=limits, form_columns=p.form_columns.model_dump())


def read_file(blob: bytes, name: str, ctx: ReadContext) -> FileResult:
    """Read one file's bytes into a :class:`FileResult`. Never raises.

    ``name`` is only used for its extension and for messages, never as a path.
    """
    if not blob.strip():
        return FileResult(QUARANTINED, "tom fil")
    if len(blob) > ctx.limits.max_file_bytes:
        return FileResult(QUARANTINED, _too_big(len(blob), ctx.limits))
    try:
        fmt, subs = read_blob(blob, name, ctx)
    except Quarantine as exc:
        return FileResult(QUARANTINED, str(exc))
    except RecursionError:
        return FileResult(QUARANTINED, "filen er for dypt nøstet til å leses")
    except MemoryError:  # the worker's memory cap (sandbox.py) or a machine out of memory
        return FileResult(QUARANTINED, "brukte for mye minne – ikke lest", cacheable=False)
    except Exception as exc:  # a reader bug or a library choking on hostile input
        log.warning("reader crashed on %s: %r", safe_display_name(name), exc)
        # The exception's name ("ParseError") means nothing to the reader of the ledger.
        return FileResult(QUARANTINED, "filen kunne ikke leses (innholdet er ødelagt eller "
                                       "har en form leseren ikke kjenner)")
    if not any(sub.text.strip() for sub in subs):
        return FileResult(QUARANTINED, "ingen tekst funnet i filen", fmt)
    for sub in subs:
        _drop_lone_surrogates(sub)
    return FileResult(OK, "", fmt, subs)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _drop_lone_surrogates(sub) -> None:
    """Replace lone surrogates (JSON ``"\\ud800"``, broken UTF-16) with U+FFFD.

    They are not text: no UTF-8 writer (the parse cache, Parquet, the report) can encode them.
    """
    for name, value in vars(sub).items():
        if isinstance(value, str) and _SURROGATE.search(value):
            setattr(sub, name, _SURROGATE.sub("\ufffd", value))
        elif isinstance(value, list):
            setattr(sub, name, [_SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v
                                for v in value])


def os_reason(exc: OSError) -> str:
    """A Norwegian word for an OS error ("Permission denied" is not for the ledger)."""
    import errno

    # exc.errno is None for an OSError raised without one: then the generic reason.
    reasons: dict[int | None, str] = {
        errno.EACCES: "ingen tilgang", errno.EPERM: "ingen tilgang",
        errno.ENOENT: "filen finnes ikke lenger", errno.EISDIR: "er en mappe",
        errno.ELOOP: "symbolsk lenke i en løkke"}
    return reasons.get(exc.errno, "lesefeil på disken")


def _too_big(size: int, limits: Limits) -> str:
    return (f"filen er for stor ({size / MB:.1f} MB; grensen er "
            f"{limits.max_file_bytes / MB:.0f} MB)")


def build_submissions(result: FileResult, rel: str, sha: str, mtime: float | None,
                      limits: Limits, gazetteer: Gazetteer) -> tuple[list[dict], list[str]]:
    """Rows of the submissions table for one read file, plus notes for its ledger reason.

    Texts are cleaned here (not in the readers) so cleaning can improve without re-parsing.
    """
    rows: list[dict] = []
    notes: list[str] = []
    parts_seen: Counter[str] = Counter()
    for sub in result.submissions:
        is_email = sub.format in ("eml", "msg") and not sub.source_part.endswith(
            tuple(f".{e}" for e in ("docx", "odt", "pdf", "txt", "md", "html")))
        text = clean_text(sub.text, is_email=is_email)
        notes.extend(sub.notes)
        if not text:
            continue
        if len(text) > limits.max_text_chars:
            text = text[:limits.max_text_chars]
            notes.append(f"tekst kuttet ved {limits.max_text_chars} tegn")
        part = sub.source_part
        parts_seen[part] += 1
        if parts_seen[part] > 1:  # two attachments with the same name
            part = f"{part} ({parts_seen[part]})"
        when, _ = received_at(sub.received_at, text, mtime)
        info = infer_sender(
            text, organisation_hint=sub.organisation_hint, type_hint=sub.submitter_type_hint,
            kommune_hint=sub.kommune_hint, fylke_hint=sub.fylke_hint, sender_name=sub.sender_name,
            subject=sub.subject, cover_text=sub.cover_text,
            is_form=sub.format in ("csv", "xlsx", "json"), gazetteer=gazetteer)
        rows.append({
            "submission_id": common.short_hash(sha, part),
            "source_file": rel,
            "source_part": part,
            "received_at": when,
            "submitter_type": info.submitter_type,
            "organisation": info.organisation,
            "fylke": info.fylke,
            "kommune": info.kommune,
            "language": "",
            "text": text,
            "text_redacted": "",
            "duplicate_of": "",
            "campaign_id": "",
            "themes": [],
            # How it arrived (the file's format; an attached letter counts as e-mail), and
            # what the part itself was (docx for a Word attachment).
            "format": result.format or sub.format,
            "part_format": sub.format or result.format,
            "text_original": sub.text,
            "question_hint": sub.question_hint,
            "chosen_theme": theme_from_choice(sub.chosen_theme),
            "theme_explanation": "",
            "private_sender_name": sub.sender_name,
            "private_sender_email": sub.sender_email,
            "private_subject": sub.subject,
            "private_forwarded_by": sub.forwarded_by,
            "_date_source": _,
        })
    return rows, list(dict.fromkeys(notes))


def _mtime(path: Path) -> float | None:
    """File mtime, clamped to ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        mtime = min(mtime, float(epoch))
    return mtime


@dataclass
class IngestResult:
    """The stage's outputs plus counters that tests and the summary use."""

    submissions: pd.DataFrame
    ledger: pd.DataFrame
    n_parsed: int = 0
    n_cached: int = 0
    date_sources: Counter = field(default_factory=Counter)


def ingest_inbox(raw: Path, params: Params, cache_dir: Path | None = None,
                 gazetteer: Gazetteer | None = None) -> IngestResult:
    """Read every file under ``raw`` into the submissions table and the ledger.

    Parameters
    ----------
    raw:
        The inbox root (``params.paths.raw``).
    params:
        Validated parameters (``params.ingest`` and ``params.seed`` are used).
    cache_dir:
        Where parse results are cached by content hash; ``None`` disables the cache.
    """
    ctx = context_from_params(params)
    gazetteer = gazetteer or load_gazetteer()
    settings = repr(sorted(ctx.form_columns.items())) + repr(ctx.limits)
    cache = ParseCache(cache_dir, settings)
    rows_cache = RowsCache(cache_dir, settings)
    rows: list[dict] = []
    ledger_rows: list[dict] = []
    first_copy: dict[str, str] = {}
    n_parsed = n_cached = 0
    entries = ledger.walk_inbox(raw)
    # Pass 1 (here): stat, skip, hash, exact duplicates and cache look-ups, in inbox order.
    # Each entry becomes a finished ledger row or a file to build submissions from.
    plan: list[dict | tuple] = []
    to_parse: list[tuple[int, Path, str, int]] = []  # (position in plan, path, rel, size)
    for entry in common.progress(entries, "ingest", total=len(entries)):
        rel = entry.rel
        if entry.error:  # a folder that could not be listed
            plan.append(ledger.ledger_row(rel, "", 0, QUARANTINED, entry.error))
            continue
        if entry.special:  # a FIFO would block the read forever: never opened
            plan.append(ledger.ledger_row(rel, "", 0, SKIPPED,
                                          ledger.special_reason(entry.special)))
            continue
        if entry.is_symlink:
            reason = ledger.symlink_reason(entry, raw)
            plan.append(ledger.ledger_row(rel, "", 0, SKIPPED, reason))
            continue
        try:
            size = entry.path.stat().st_size
        except OSError as exc:
            plan.append(ledger.ledger_row(rel, "", 0, QUARANTINED,
                                          f"filen kan ikke åpnes ({os_reason(exc)})"))
            continue
        if reason := ledger.skip_reason(rel):
            small = size <= ctx.limits.max_file_bytes
            sha = common.sha256_bytes(entry.path.read_bytes()) if small else ""
            plan.append(ledger.ledger_row(rel, sha, size, SKIPPED, reason))
            continue
        if size > ctx.limits.max_file_bytes:  # never read a huge file into memory
            plan.append(ledger.ledger_row(rel, "", size, QUARANTINED,
                                          _too_big(size, ctx.limits)))
            continue
        try:
            blob = entry.path.read_bytes()
        except OSError as exc:
            plan.append(ledger.ledger_row(rel, "", size, QUARANTINED,
                                          f"filen kan ikke leses ({os_reason(exc)})"))
            continue
        sha = common.sha256_bytes(blob)
        if sha in first_copy:
            plan.append(ledger.ledger_row(rel, sha, size, DUPLICATE,
                                          f"identisk med {first_copy[sha]}"))
            continue
        first_copy[sha] = rel
        ext = extension(rel)
        result = cache.get(sha, ext)
        if result is None:
            to_parse.append((len(plan), entry.path, rel, size))
            n_parsed += 1
        else:
            n_cached += 1
        plan.append((entry, rel, sha, ext, size, result))
    # Pass 2: parse the new files in waves of at most PARSE_WAVE_BYTES, so a large inbox is
    # never all in memory at once; cache the results. Locally every file is read in a
    # worker process with a time and memory limit (sandbox.py), so one hostile file costs
    # at most ingest.max_seconds_per_file and the run goes on; on Dask the workers read.
    parsed: dict[int, FileResult] = {}
    stored: set[int] = set()  # parsed here and put in the parse cache
    pool = None
    if to_parse and compute.backend_name(params) == "local":
        p = params.ingest
        workers = sandbox.default_workers() if p.read_workers == "auto" else p.read_workers
        pool = sandbox.ReadPool(ctx, p.max_seconds_per_file, p.max_memory_mb_per_file, workers)
    try:
        for wave in _waves(to_parse, PARSE_WAVE_BYTES):
            blobs = [(_read_again(path), rel) for _, path, rel, _ in wave]
            if pool is not None:
                results = pool.map(blobs)
            else:
                results = compute.map_partitions(partial(_read_partition, ctx=ctx), blobs,
                                                 params)
            for (pos, _, _, _), (reread, _), result in zip(wave, blobs, results, strict=True):
                parsed[pos] = result
                _, _, sha, ext, _, _ = plan[pos]
                # Cached only when unchanged since pass 1, and never a time/memory verdict.
                if (reread is not None and result.cacheable
                        and common.sha256_bytes(reread) == sha):
                    cache.put(sha, ext, result)
                    stored.add(pos)
    finally:
        if pool is not None:
            pool.close()
    # Pass 3: rows per read file, from the rows cache for files read before.
    mtimes = {pos: _mtime(item[0].path) for pos, item in enumerate(plan)
              if not isinstance(item, dict)}
    row_keys = {pos: rows_cache.key(plan[pos][2], plan[pos][3], plan[pos][1], mtime)
                for pos, mtime in mtimes.items()}
    built = rows_cache.get_many(row_keys.values())
    fresh: dict[str, dict] = {}
    for pos, item in enumerate(plan):
        if isinstance(item, dict):
            ledger_rows.append(item)
            continue
        entry, rel, sha, ext, size, result = item
        from_cache = result is not None
        if result is None:
            result = parsed[pos]
        if result.status != OK:
            ledger_rows.append(ledger.ledger_row(rel, sha, size, result.status, result.reason))
            continue
        key = row_keys[pos]
        if key in built:
            file_rows, notes = RowsCache.decode(built[key])
        else:
            file_rows, notes = build_submissions(result, rel, sha, mtimes[pos], ctx.limits,
                                                 gazetteer)
            # Only rows of a result the parse cache holds: a file that changed while it was
            # read is built again next time.
            if from_cache or pos in stored:
                fresh[key] = RowsCache.encode(file_rows, notes)
        if not file_rows:
            reason = "; ".join(notes) or "ingen tekst funnet i filen"
            ledger_rows.append(ledger.ledger_row(rel, sha, size, QUARANTINED, reason))
            continue
        rows.extend(file_rows)
        lost, notes = ledger.split_lost_parts(rel, notes)
        ledger_rows.extend(lost)
        ledger_rows.append(ledger.ledger_row(rel, sha, size, OK, "; ".join(notes), len(file_rows)))

    rows_cache.put_many(fresh)
    frame = _submissions_frame(rows)
    date_sources = Counter(frame.pop("_date_source")) if "_date_source" in frame else Counter()
    if len(frame):
        frame["duplicate_of"] = dedup.mark_exact_duplicates(frame)
        p = params.ingest
        frame["campaign_id"] = dedup.find_campaigns(
            frame, p.near_duplicate_threshold, p.minhash_num_perm, p.shingle_words, params.seed)
        frame["duplicate_of"], frame["campaign_id"], folded = dedup.fold_mail_campaigns(frame)
        for row in ledger_rows:
            if row["path"] in folded:
                note = dedup.folded_note(folded[row["path"]])
                row["reason"] = f"{row['reason']}; {note}" if row["reason"] else note
    ledger_df = ledger.ledger_frame(ledger_rows)
    ledger.check_invariant(ledger_df, frame, [e.rel for e in entries])
    return IngestResult(frame, ledger_df, n_parsed, n_cached, date_sources)


PARSE_WAVE_BYTES = 256 * MB
"""New files are read and parsed in waves of about this many bytes."""


def _waves(items: list[tuple[int, Path, str, int]], limit: int
           ) -> list[list[tuple[int, Path, str, int]]]:
    """Consecutive groups of ``items`` whose sizes add up to at most ``limit`` (or one item)."""
    waves: list[list] = []
    current: list = []
    total = 0
    for item in items:
        if current and total + item[3] > limit:
            waves.append(current)
            current, total = [], 0
        current.append(item)
        total += item[3]
    if current:
        waves.append(current)
    return waves


def _read_again(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _read_partition(items: list[tuple[bytes | None, str]], ctx: ReadContext
                    ) -> list[FileResult]:
    """:func:`read_file` over one partition of ``(bytes, name)`` (runs on a compute worker)."""
    return [read_file(blob, name, ctx) if blob is not None
            else FileResult(QUARANTINED, "filen kan ikke leses") for blob, name in items]


def _submissions_frame(rows: list[dict]) -> pd.DataFrame:
    base = schema.empty_submissions()
    if not rows:
        return base
    frame = pd.DataFrame(rows)
    for column in base.columns:
        if column.startswith("score_"):
            frame[column] = math.nan
    frame["received_at"] = pd.to_datetime(frame["received_at"], utc=True)
    return frame


def ingest_metrics(result: IngestResult) -> dict:
    """Counts for ``data/metrics/ingest.json`` (deterministic: no timings, no cache hits)."""
    subs, led = result.submissions, result.ledger
    campaigns = subs.loc[subs["campaign_id"] != "", "campaign_id"] if len(subs) else pd.Series()
    # Rows "<file> / <attachment>" are lost attachments inside a file, not files.
    parts = led["path"].str.contains(" / ", regex=False) if len(led) else pd.Series(dtype=bool)
    return {
        "files": int((~parts).sum()) if len(led) else 0,
        "lost_attachments": int(parts.sum()) if len(led) else 0,
        "files_by_status": {s: int(((led["status"] == s) & ~parts).sum()) if len(led) else 0
                            for s in schema.LEDGER_STATUSES},
        "submissions": len(subs),
        "submissions_by_format": subs["format"].value_counts().to_dict() if len(subs) else {},
        "submitter_types": subs["submitter_type"].value_counts().to_dict() if len(subs) else {},
        "exact_duplicates": int((subs["duplicate_of"] != "").sum()) if len(subs) else 0,
        "campaigns": int(campaigns.nunique()),
        "campaign_submissions": len(campaigns),
        "with_organisation": int((subs["organisation"] != "").sum()) if len(subs) else 0,
        "with_kommune": int((subs["kommune"] != "").sum()) if len(subs) else 0,
        "with_fylke": int((subs["fylke"] != "").sum()) if len(subs) else 0,
        "received_at_source": dict(result.date_sources),
    }


def run(params: Params) -> None:
    """Stage entry point: read ``params.paths.raw``, write the tables and metrics."""
    raw = Path(params.paths.raw)
    if not raw.is_dir():  # "0 filer" and exit 0 would look like an empty inbox
        raise common.UserError(
            f"Fant ikke innboksen {raw}/ (paths.raw i params.yaml): opprett mappen og legg "
            f"innspillene der, eller rett paths.raw.")
    result = ingest_inbox(params.paths.raw, params, params.paths.cache / "ingest")
    tables.write_table(result.submissions, params.paths.processed, tables.SUBMISSIONS)
    tables.write_table(result.ledger, params.paths.processed, tables.LEDGER)
    metrics = ingest_metrics(result)
    common.write_metrics("ingest", metrics)
    log.info("parsed %d files, %d from cache", result.n_parsed, result.n_cached)
    by_status = metrics["files_by_status"]
    message = (f"{metrics['files']} filer → {metrics['submissions']} innspill, "
               f"{by_status['quarantined']} i karantene, {by_status['duplicate']} duplikat")
    if by_status["skipped"]:
        message += f", {by_status['skipped']} hoppet over"
    if metrics["campaigns"]:
        message += f"; {metrics['campaigns']} kampanjer"
    common.summary("ingest", message)
