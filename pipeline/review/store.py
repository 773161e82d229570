"""Writing the analysts' corrections to ``data/labels/`` (formats: :mod:`pipeline.labels`).

Every save takes a file lock (``filelock``, one lock file per labels file, ``.<name>.lock``
beside it), re-reads and checks the whole file with the stages' own strict readers, adds the
new row (every existing line of a CSV file kept as it is) or entry and replaces the file
atomically (temporary file, ``fsync``,
``os.replace``). So two browser tabs (or two app processes) saving at once both land, a
reader never sees half a file, and a file that cannot be read is refused with a
:class:`~pipeline.labels.LabelsError` and left exactly as it was.
"""

from __future__ import annotations

import csv
import io
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from filelock import FileLock

from pipeline import labels as lab

LOCK_TIMEOUT_SECONDS = 30.0
_FREE_TEXT = ("comment", "by")
"""Fields an analyst types: ``#`` (a comment for the tag stage's reader) and line breaks are
taken out so a row is never cut short."""


def now_utc() -> str:
    """The current time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def one_line(value: object) -> str:
    """``value`` as one line of text: every run of whitespace (line breaks too) one space."""
    return " ".join(str(value if value is not None else "").split())


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _leading_comments(text: str) -> str:
    """The comment block at the top of a YAML file (kept when the file is rewritten)."""
    lines = []
    for line in text.splitlines():
        if not (line.startswith("#") or not line.strip()):
            break
        lines.append(line)
    return "\n".join(lines).rstrip() + "\n" if lines else ""


def _csv_line(fields: list[str]) -> str:
    buffer = io.StringIO()
    # A first field that starts with "#" would read as a comment line: quote the row.
    if fields and fields[0].startswith("#"):
        csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(fields)
    else:
        csv.writer(buffer, lineterminator="\n").writerow(fields)
    return buffer.getvalue()


class LabelStore:
    """The correction files of one labels folder, written safely (see the module docstring)."""

    def __init__(self, labels_dir: Path, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.dir = Path(labels_dir)
        self.lock_timeout = lock_timeout

    def _lock(self, name: str) -> FileLock:
        return FileLock(str(self.dir / f".{name}.lock"), timeout=self.lock_timeout)

    # ------------------------------------------------------------------ CSV files
    def _append_csv(self, name: str, row: dict[str, str]) -> None:
        """Append one row, leaving every existing line as it is (comments too); an older
        header without the ``by``/``at`` columns is extended in place."""
        path = self.dir / name
        columns = lab.COLUMNS[name]
        self.dir.mkdir(parents=True, exist_ok=True)
        with self._lock(name):
            _, header, _ = lab.read_csv_rows(path)
            {lab.OVERRIDES: lab.read_theme_rows, lab.REDACTIONS: lab.read_redactions,
             lab.PROPOSAL_FLAGS: lab.read_proposal_flags}[name](path)  # refuse a bad file
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True) \
                if path.exists() else []
            full = header + [c for c in columns if c not in header]
            header_at = next((i for i, line in enumerate(lines)
                              if line.strip() and not line.startswith("#")), None)
            if header_at is None:
                lines.append(_csv_line(full))
            elif full != header:
                lines[header_at] = _csv_line(full)
            if lines and not lines[-1].endswith("\n"):
                lines[-1] += "\n"
            new = {c: one_line(v) for c, v in row.items()}
            for c in _FREE_TEXT:
                new[c] = new.get(c, "").replace("#", "")
            lines.append(_csv_line([new.get(c, "") for c in full]))
            _atomic_write(path, "".join(lines))

    def add_theme(self, item_id: str, theme_id: str, action: str, by: str,
                  comment: str = "") -> None:
        """Add (``action="add"``) or remove a theme on a submission or segment
        (``overrides.csv``, read by the tag stage)."""
        if action not in ("add", "remove") or not one_line(item_id) or not one_line(theme_id):
            raise lab.LabelsError("Ugyldig temarettelse")
        self._append_csv(lab.OVERRIDES, {"id": item_id, "theme_id": theme_id, "action": action,
                                         "comment": comment, "by": by, "at": now_utc()})

    def set_proposal_flag(self, segment_id: str, is_proposal: bool, by: str,
                          comment: str = "") -> None:
        """Mark a segment as a proposal or not (``proposal_flags.csv``; the last row wins)."""
        if not one_line(segment_id):
            raise lab.LabelsError("Mangler segment")
        self._append_csv(lab.PROPOSAL_FLAGS, {
            "segment_id": segment_id, "is_proposal": "true" if is_proposal else "false",
            "comment": comment, "by": by, "at": now_utc()})

    def add_redaction(self, text: str, by: str, placeholder: str = lab.DEFAULT_PLACEHOLDER,
                      comment: str = "") -> None:
        """A text the redaction missed (``redactions.csv``): redacted everywhere next run."""
        text = one_line(text)
        if len(text) < lab.MIN_REDACTION_CHARS:
            raise lab.LabelsError("Teksten som skal anonymiseres, er tom eller for kort")
        if placeholder not in lab.REDACTION_PLACEHOLDERS:
            raise lab.LabelsError(f"Ukjent plassholder {placeholder!r}")
        self._append_csv(lab.REDACTIONS, {"text": text, "placeholder": placeholder,
                                          "comment": comment, "by": by, "at": now_utc()})

    # ---------------------------------------------------------------- topics.yaml
    def add_topic_entry(self, key: str, entry: dict[str, Any], by: str) -> None:
        """Append one ``rename``/``merge``/``split_off``/``move`` entry to ``topics.yaml``,
        keeping the file's leading comment block."""
        if key not in lab.TOPIC_KEYS:
            raise lab.LabelsError(f"Ukjent forslagsrettelse {key!r}")
        path = self.dir / lab.TOPICS
        self.dir.mkdir(parents=True, exist_ok=True)
        with self._lock(lab.TOPICS):
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            data = lab.read_topic_entries(path)
            data[key].append({**entry, "by": one_line(by), "at": now_utc()})
            body = "".join(
                yaml.safe_dump({k: data[k]}, allow_unicode=True, sort_keys=False, width=1000)
                for k in lab.TOPIC_KEYS)
            _atomic_write(path, _leading_comments(text) + body)

    # -------------------------------------------------------------------- reading
    def read_all(self) -> dict[str, Any]:
        """Every correction, checked, for display: ``{"themes": [...], "flags": [...],
        "redactions": [...], "topics": {key: [...]}}``; raises
        :class:`~pipeline.labels.LabelsError`."""
        lab.read_redactions(self.dir / lab.REDACTIONS)
        lab.read_proposal_flags(self.dir / lab.PROPOSAL_FLAGS)
        return {
            "themes": lab.read_theme_rows(self.dir / lab.OVERRIDES),
            "flags": [row for _, row in lab.read_csv_rows(self.dir / lab.PROPOSAL_FLAGS)[2]],
            "redactions": [row for _, row in lab.read_csv_rows(self.dir / lab.REDACTIONS)[2]],
            "topics": lab.read_topic_entries(self.dir / lab.TOPICS),
        }
