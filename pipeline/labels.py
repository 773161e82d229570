"""The analysts' correction files in ``data/labels/``: names, formats and strict readers.

This module is the contract between the review app (:mod:`pipeline.review`, which writes
the files) and the stages that read them, as :mod:`pipeline.schema` is for the tables.
Every correction is matched by content (submission ids are hashes of the file content,
segment ids add the position), so it survives re-runs.

- ``overrides.csv`` (``id,theme_id,action,comment,by,at``): add or remove a theme on a
  submission or segment; read by the ``tag`` stage (:mod:`pipeline.tag.overrides`).
- ``topics.yaml`` (``rename``, ``merge``, ``split_off``, ``move``): the recurring proposals;
  read by the ``cluster`` stage (:mod:`pipeline.cluster.overrides`).
- ``redactions.csv`` (``text,placeholder,comment,by,at``): a text the redaction missed; read
  by the ``prepare`` stage (:mod:`pipeline.prepare.corrections`) and by the ``cluster`` stage
  (keywords kept from an earlier fit lose its words).
- ``proposal_flags.csv`` (``segment_id,is_proposal,comment,by,at``): a segment is or is not
  a proposal, the last row of an id wins; read by the ``prepare`` stage.

``by`` (the analyst's name) and ``at`` (UTC time) stay in these files; no stage copies them
into the tables or the report. Lines starting with ``#`` are comments.

The readers refuse a malformed file with a :class:`LabelsError` (message in Norwegian, with
the file and line): a correction silently skipped could be a name left unredacted. Applying
the corrections is the stages' business (:mod:`pipeline.prepare.corrections`,
:mod:`pipeline.cluster.overrides`); the matching of redaction terms lives here because the
prepare stage, the cluster stage and the review app all use it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

OVERRIDES = "overrides.csv"
TOPICS = "topics.yaml"
REDACTIONS = "redactions.csv"
PROPOSAL_FLAGS = "proposal_flags.csv"

OVERRIDE_COLUMNS: tuple[str, ...] = ("id", "theme_id", "action", "comment", "by", "at")
REDACTION_COLUMNS: tuple[str, ...] = ("text", "placeholder", "comment", "by", "at")
FLAG_COLUMNS: tuple[str, ...] = ("segment_id", "is_proposal", "comment", "by", "at")
COLUMNS: dict[str, tuple[str, ...]] = {
    OVERRIDES: OVERRIDE_COLUMNS, REDACTIONS: REDACTION_COLUMNS, PROPOSAL_FLAGS: FLAG_COLUMNS}
"""The columns the review app writes, per CSV file (older files may lack ``by``/``at``)."""
REQUIRED: dict[str, tuple[str, ...]] = {
    OVERRIDES: ("id", "theme_id", "action"),
    REDACTIONS: ("text",),
    PROPOSAL_FLAGS: ("segment_id", "is_proposal"),
}

TOPIC_KEYS: tuple[str, ...] = ("rename", "merge", "split_off", "move")
"""The kinds of ``topics.yaml`` entries, in the order the cluster stage applies them
(split_off, move, merge, rename)."""
_TOPIC_LIST_FIELDS = ("segments", "topics")
_TOPIC_TEXT_FIELDS = ("match", "label", "by", "at")

REDACTION_PLACEHOLDERS: tuple[str, ...] = (
    "[NAVN]", "[E-POST]", "[TELEFON]", "[ADRESSE]", "[FØDSELSNUMMER]", "[KONTONUMMER]")
"""Placeholders an analyst may choose (the redaction's own, :mod:`pipeline.redact.spans`)."""
DEFAULT_PLACEHOLDER = "[NAVN]"
MIN_REDACTION_CHARS = 2
TRUE_WORDS = frozenset({"true", "ja", "1", "yes"})
FALSE_WORDS = frozenset({"false", "nei", "0", "no"})

Row = dict[str, str]
RedactionTerm = tuple[str, str]
"""``(text, placeholder)``: a text the redaction missed and what replaces it."""


class LabelsError(ValueError):
    """A correction file cannot be read or a correction is invalid (message in Norwegian)."""


# ------------------------------------------------------------------------------- CSV
def read_csv_rows(path: Path) -> tuple[list[str], list[str], list[tuple[int, Row]]]:
    """``(leading comment lines, header, [(line number, row)])`` of a labels CSV file.

    Strict: unreadable bytes, broken quoting, a header without the file's required columns
    or a row with more fields than the header raise :class:`LabelsError`; a row may leave
    out trailing columns (a hand-written ``id,theme_id,action,comment`` row in a file whose
    header also has ``by,at``), and the readers below check that the required ones are
    filled. A missing or empty file gives the file's standard header and no rows.
    """
    path = Path(path)
    if not path.exists():
        return [], list(COLUMNS.get(path.name, ())), []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LabelsError(f"{path}: fila er ikke UTF-8 ({exc})") from exc
    comments: list[str] = []
    body: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#") or not line.strip():
            if not body:
                comments.append(line)
            continue
        body.append((number, line))
    if not body:
        return comments, list(COLUMNS.get(path.name, ())), []
    try:
        parsed = list(csv.reader([line for _, line in body], strict=True))
    except csv.Error as exc:
        raise LabelsError(f"{path}: ugyldig CSV ({exc})") from exc
    if len(parsed) != len(body):  # a quoted field ran over a line end
        raise LabelsError(f"{path}: ugyldig CSV (et felt i anførselstegn er ikke lukket)")
    header = [h.strip() for h in parsed[0]]
    required = REQUIRED.get(path.name, ())
    missing = [c for c in required if c not in header]
    if missing or len(set(header)) != len(header):
        raise LabelsError(
            f"{path}: overskriftslinjen må inneholde {', '.join(required)} én gang hver "
            f"(fant: {', '.join(header) or 'ingenting'})")
    rows: list[tuple[int, Row]] = []
    for (number, _), fields in zip(body[1:], parsed[1:], strict=True):
        if len(fields) > len(header):
            raise LabelsError(
                f"{path}, linje {number}: {len(fields)} felt, men overskriften har bare "
                f"{len(header)}")
        # A hand-written row may leave out trailing columns (``comment,by,at``): empty.
        fields = [*fields, *[""] * (len(header) - len(fields))]
        rows.append((number, dict(zip(header, (f.strip() for f in fields), strict=True))))
    return comments, header, rows


def read_theme_rows(path: Path) -> list[Row]:
    """``overrides.csv`` rows, checked for the format only (the tag stage checks theme ids)."""
    out = []
    for number, row in read_csv_rows(path)[2]:
        if not row["id"] or row["action"].lower() not in ("add", "remove"):
            raise LabelsError(f"{path}, linje {number}: trenger id, theme_id og action "
                              "(add/remove)")
        out.append(row)
    return out


def read_redactions(path: Path) -> list[RedactionTerm]:
    """``redactions.csv`` as ``[(text, placeholder)]``; a missing file means none.

    A row without text or with an unknown placeholder is an error, never skipped: a
    skipped redaction would be a leak."""
    out: list[RedactionTerm] = []
    for number, row in read_csv_rows(path)[2]:
        text = " ".join(row["text"].split())
        placeholder = row.get("placeholder", "") or DEFAULT_PLACEHOLDER
        if len(text) < MIN_REDACTION_CHARS:
            raise LabelsError(f"{path}, linje {number}: teksten er tom eller for kort")
        if placeholder not in REDACTION_PLACEHOLDERS:
            raise LabelsError(f"{path}, linje {number}: ukjent plassholder {placeholder!r} "
                              f"(tillatt: {', '.join(REDACTION_PLACEHOLDERS)})")
        out.append((text, placeholder))
    return out


def parse_flag(value: str) -> bool | None:
    """``true``/``ja``/``1``/``yes`` → True, ``false``/``nei``/``0``/``no`` → False, else None."""
    value = str(value).strip().lower()
    return True if value in TRUE_WORDS else False if value in FALSE_WORDS else None


def read_proposal_flags(path: Path) -> dict[str, bool]:
    """``proposal_flags.csv`` as ``{segment_id: is_proposal}`` (the last row of an id wins)."""
    flags: dict[str, bool] = {}
    for number, row in read_csv_rows(path)[2]:
        flag = parse_flag(row["is_proposal"])
        if not row["segment_id"] or flag is None:
            raise LabelsError(f"{path}, linje {number}: trenger segment_id og is_proposal "
                              "(true/false)")
        flags[row["segment_id"]] = flag
    return flags


# ------------------------------------------------------------------------------ YAML
def _check_topic_entry(path: Path, key: str, number: int, entry: dict[Any, Any]) -> None:
    where = f"{path}: '{key}' oppføring {number}"
    for name in _TOPIC_LIST_FIELDS:
        value = entry.get(name)
        if value is not None and (not isinstance(value, list)
                                  or not all(isinstance(v, str | int) for v in value)):
            raise LabelsError(f"{where}: '{name}' må være en liste av tekster")
    for name in _TOPIC_TEXT_FIELDS:
        value = entry.get(name)
        if value is not None and not isinstance(value, str | int | float):
            raise LabelsError(f"{where}: '{name}' må være en tekst")
    to = entry.get("to")
    if key == "move" and to is not None and not isinstance(to, str | int):
        raise LabelsError(f"{where}: 'to' må være en tekst eller null (ut av alle forslag)")


def read_topic_entries(path: Path) -> dict[str, list[dict[str, Any]]]:
    """``topics.yaml`` checked: valid YAML, every key known, every value a list of
    mappings whose fields have the right shape. A missing file means no corrections."""
    path = Path(path)
    if not path.exists():
        return {k: [] for k in TOPIC_KEYS}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LabelsError(f"{path}: ugyldig YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise LabelsError(f"{path}: fila må være en samling av nøkler ({', '.join(TOPIC_KEYS)})")
    unknown = set(data) - set(TOPIC_KEYS)
    if unknown:
        raise LabelsError(f"{path}: ukjente nøkler {sorted(map(str, unknown))} "
                          f"(tillatt: {', '.join(TOPIC_KEYS)})")
    out: dict[str, list[dict[str, Any]]] = {}
    for key in TOPIC_KEYS:
        entries = data.get(key) or []
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise LabelsError(
                f"{path}: '{key}' må være en liste av oppføringer (se kommentarene i fila)")
        for number, entry in enumerate(entries, start=1):
            _check_topic_entry(path, key, number, entry)
        out[key] = entries
    return out


# ------------------------------------------------------------------ redaction terms
def term_key(text: str) -> str:
    """A term as it is matched: whitespace runs as one space, case folded."""
    return " ".join(str(text).split()).casefold()


def redaction_pattern(terms: Sequence[RedactionTerm]) -> re.Pattern[str] | None:
    """One regex for all terms: whole words, any case, any run of whitespace between words
    (longest first, so "Kari Nordmann" wins over "Kari")."""
    texts = sorted({term_key(t) for t, _ in terms if term_key(t)}, key=len, reverse=True)
    if not texts:
        return None
    parts = [r"\s+".join(map(re.escape, t.split())) for t in texts]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def redact_terms(text: Any, terms: Sequence[RedactionTerm],
                 pattern: re.Pattern[str] | None = None) -> Any:
    """``text`` with every occurrence of a term replaced by its placeholder (non-strings and
    empty strings come back unchanged)."""
    pattern = pattern if pattern is not None else redaction_pattern(terms)
    if pattern is None or not isinstance(text, str) or not text:
        return text
    placeholder = {term_key(t): p for t, p in terms}
    return pattern.sub(lambda m: placeholder.get(term_key(m.group(0)), DEFAULT_PLACEHOLDER),
                       text)


def redaction_words(terms: Iterable[RedactionTerm]) -> frozenset[str]:
    """The words (with a letter) of the terms, case folded: lemmas and keywords equal to one
    of them are dropped."""
    return frozenset(w for t, _ in terms for w in term_key(t).split()
                     if any(c.isalpha() for c in w))
