"""The data types the ingest stage passes between its parts.

Readers turn one file's bytes into :class:`RawSubmission` objects; the orchestration
turns a whole file into a :class:`FileResult` (what the ledger records). Both are plain,
JSON-serialisable dataclasses so they can be cached by the file's content hash.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

# Ledger statuses (see pipeline.schema.LEDGER_STATUSES).
OK = "ok"
QUARANTINED = "quarantined"
DUPLICATE = "duplicate"
SKIPPED = "skipped"


@dataclass
class RawSubmission:
    """One submission as a reader found it: raw text plus whatever metadata the file carried.

    ``*_hint`` fields are what the file itself says (a form column, an e-mail header);
    :mod:`pipeline.ingest.metadata` combines them with what it infers from the text.
    """

    text: str
    format: str
    source_part: str = ""
    received_at: str = ""  # ISO 8601 with offset, "" when the file gave no date
    date_source: str = ""  # "header", "form", "document", "text" — for the metrics
    sender_name: str = ""
    sender_email: str = ""
    subject: str = ""
    forwarded_by: str = ""
    organisation_hint: str = ""
    kommune_hint: str = ""
    fylke_hint: str = ""
    submitter_type_hint: str = ""
    chosen_theme: str = ""
    question_hint: str = ""
    cover_text: str = ""  # the e-mail a letter came with; used only to find the sender's org
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RawSubmission:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class FileResult:
    """What reading one file gave: a status, a plain-Norwegian reason and the submissions."""

    status: str
    reason: str = ""
    format: str = ""
    submissions: list[RawSubmission] = field(default_factory=list)
    # False for verdicts that depend on the machine (time, memory): never cached, retried.
    cacheable: bool = field(default=True, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "reason": self.reason,
            "format": self.format,
            "submissions": [s.to_dict() for s in self.submissions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileResult:
        return cls(
            status=data["status"],
            reason=data.get("reason", ""),
            format=data.get("format", ""),
            submissions=[RawSubmission.from_dict(s) for s in data.get("submissions", [])],
        )


class Quarantine(Exception):  # noqa: N818 - it is a verdict, not an error class name
    """Raised by a reader when a file cannot (or must not) be read.

    The message is the ledger reason, in plain Norwegian.
    """


@dataclass(frozen=True)
class Limits:
    """Safety limits from ``params.ingest`` that readers need."""

    max_file_bytes: int = 25 * 1024 * 1024
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: float = 100.0
    max_email_depth: int = 5
    max_text_chars: int = 200_000


@dataclass(frozen=True)
class ReadContext:
    """What a reader may know besides the bytes: limits, form mapping, nesting depth."""

    limits: Limits = Limits()
    form_columns: dict[str, Any] = field(default_factory=dict)
    depth: int = 0

    def nested(self) -> ReadContext:
        return ReadContext(self.limits, self.form_columns, self.depth + 1)
