"""Form exports (Nettskjema, Microsoft Forms, Google Forms): one row = one submission.

Columns are given roles by header names (Norwegian and English) and, for free text, by
content (long answers); ``params.ingest.form_columns`` overrides the detection. Several
free-text columns (one per booklet question) are combined with the question as a heading
line, so later stages can still tell which answer belongs to which question.
"""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections.abc import Sequence
from datetime import date, datetime

from pipeline.ingest.detect import decode_text
from pipeline.ingest.model import Quarantine, RawSubmission, ReadContext

# Role -> header pattern. Order matters: the first matching role wins.
ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in (
        ("id", r"^(id|#|nr\.?|løpenummer|svar-?id|respons-?id|response id|submission id)$"),
        ("email", r"e-?post|e-?mail"),
        ("timestamp", r"tidsstempel|tidspunkt|timestamp|^dato|\bdate\b|innsendt|submitted|"
                      r"start time|completion time|starttid|fullført|sendt inn|opprettet|created"),
        ("submitter_type", r"innsendertype|avsendertype|type innsender|svarer (du|jeg) som|"
                           r"jeg svarer|hvem er du|rolle|respondent type|submitter type|i am a"),
        ("organisation", r"organisasjon|organisation|organization|lokallag|forening|på vegne av|"
                         r"representerer|\blag\b|partilag"),
        ("kommune", r"kommune|municipality"),
        ("fylke", r"fylke|county"),
        ("theme", r"\btema\b|velg tema|hvilket tema|\btheme\b|\btopic\b"),
        ("name", r"navn|\bname\b|kontaktperson"),
    )
)
QUESTION_ROLES = {"theme", "submitter_type"}
TEXT_HEADER = re.compile(r"innspill|forslag|kommentar|svar|spørsmål|tekst|comment|answer|"
                         r"feedback|melding|input|innspel|\?", re.IGNORECASE)
META_MAX_MEDIAN_CHARS = 80  # a header like "Tema" with long answers is a text column after all
TEXT_MIN_MEAN_CHARS = 40
ROW_PART = "rad {n}"  # n counts answers from 1 (the header row is not counted)

_ROLE_TO_FIELD = {
    "timestamp": "received_at", "kommune": "kommune_hint", "fylke": "fylke_hint",
    "theme": "chosen_theme", "organisation": "organisation_hint",
    "submitter_type": "submitter_type_hint", "name": "sender_name", "email": "sender_email",
}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def assign_roles(headers: Sequence[str], rows: Sequence[Sequence[str]],
                 overrides: dict | None = None) -> dict[str, list[int]]:
    """Map roles (``text``, ``timestamp``, ``kommune`` …) to column indexes.

    Explicit ``overrides`` (header names from ``params.ingest.form_columns``) win; the
    rest is detected from header names and, for free text, from answer lengths.
    """
    overrides = {k: v for k, v in (overrides or {}).items() if v}
    lowered = [h.strip().lower() for h in headers]

    def index_of(header: str) -> int:
        try:
            return lowered.index(header.strip().lower())
        except ValueError as exc:
            raise Quarantine(
                f"kolonnen «{header}» fra params.yaml finnes ikke i skjemaeksporten") from exc

    roles: dict[str, list[int]] = {}
    taken: set[int] = set()
    for role, value in overrides.items():
        names = value if isinstance(value, list) else [value]
        roles[role] = [index_of(n) for n in names]
        taken.update(roles[role])

    def lengths(i: int) -> list[int]:
        return [len(r[i]) for r in rows if i < len(r) and r[i]]

    for i, header in enumerate(headers):
        if i in taken:
            continue
        # A question ("Har din kommune vedtatt …?") is an answer column, whatever words it
        # contains; only "which theme?"/"you answer as?" questions are metadata.
        is_question = "?" in header or len(header) > 60
        lens = lengths(i)
        median = statistics.median(lens) if lens else 0
        for role, pattern in ROLE_PATTERNS:
            if is_question and role not in QUESTION_ROLES:
                continue
            if pattern.search(header) and median <= META_MAX_MEDIAN_CHARS:
                if role not in overrides:
                    roles.setdefault(role, []).append(i)
                    taken.add(i)
                break
    if "text" not in overrides:
        text_cols = []
        for i, header in enumerate(headers):
            if i in taken:
                continue
            lens = lengths(i)
            mean = statistics.mean(lens) if lens else 0
            if mean >= TEXT_MIN_MEAN_CHARS or (TEXT_HEADER.search(header) and mean >= 10):
                text_cols.append(i)
        roles["text"] = text_cols
    return roles


def rows_to_submissions(headers: Sequence[str], rows: Sequence[Sequence[str]], fmt: str,
                        ctx: ReadContext) -> list[RawSubmission]:
    """Turn a header and data rows into submissions (empty answers are not submissions)."""
    headers = [h.strip() or f"kolonne {i + 1}" for i, h in enumerate(headers)]
    roles = assign_roles(headers, rows, ctx.form_columns)
    text_cols = roles.get("text", [])
    if not text_cols:
        raise Quarantine("fant ingen fritekstkolonne i skjemaeksporten – angi "
                         "ingest.form_columns.text i params.yaml")
    out: list[RawSubmission] = []
    for n, row in enumerate(rows, start=1):
        row = list(row) + [""] * (len(headers) - len(row))
        answers = [(headers[i], row[i].strip()) for i in text_cols if row[i].strip()]
        if not answers:
            continue
        if len(text_cols) == 1:
            text = answers[0][1]
        else:  # one column per question: keep the question as a heading line
            text = "\n\n".join(f"{q}\n{a}" for q, a in answers)
        sub = RawSubmission(text=text, format=fmt, source_part=ROW_PART.format(n=n),
                            question_hint=" | ".join(q for q, _ in answers))
        for role, attr in _ROLE_TO_FIELD.items():
            values = [row[i] for i in roles.get(role, []) if row[i]]
            if values:
                setattr(sub, attr, values[0])
        if sub.received_at:
            sub.date_source = "form"
        out.append(sub)
    if not out:
        raise Quarantine("skjemaeksporten har ingen utfylte svar")
    return out


def read_csv(blob: bytes, name: str, ctx: ReadContext) -> list[RawSubmission]:
    """A CSV export: ``;``, ``,`` or tab separated; UTF-8 (with or without BOM) or cp1252."""
    text = decode_text(blob)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t", "|"), key=first_line.count)
    csv.field_size_limit(ctx.limits.max_text_chars * 4)
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        table = [[_cell(c) for c in row] for row in reader]
    except csv.Error as exc:
        raise Quarantine(f"ugyldig CSV-fil ({exc})") from exc
    table = [r for r in table if any(c for c in r)]
    if len(table) < 2:
        raise Quarantine("skjemaeksporten har ingen utfylte svar")
    return rows_to_submissions(table[0], table[1:], "csv", ctx)


def read_xlsx(blob: bytes, name: str, ctx: ReadContext, zf=None) -> list[RawSubmission]:
    """An Excel export: the first sheet with a header row and answers (values, not formulas)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(blob), read_only=True, data_only=True)
    except Exception as exc:
        raise Quarantine("ødelagt eller avkortet Excel-fil (.xlsx)") from exc
    try:
        for sheet in wb.worksheets:
            table = [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
            table = [r for r in table if any(c for c in r)]
            if len(table) >= 2:
                return rows_to_submissions(table[0], table[1:], "xlsx", ctx)
    finally:
        wb.close()
    raise Quarantine("skjemaeksporten har ingen utfylte svar")
