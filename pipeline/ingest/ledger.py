"""The inbox walk and the ledger: one row per file under ``data/raw/``, nothing lost silently.

Decisions documented here:

* Documentation and system files are ``skipped`` with the reason
  "ikke et innspill (README/systemfil)": files named exactly ``README`` with any extension
  (the demo inbox's README says it is invented; ``README-innspill.txt`` is read),
  ``EXPECTED.json`` (the demo inbox's ground truth), ``.DS_Store``, ``Thumbs.db``,
  ``desktop.ini``, macOS ``._*`` resource forks and Office ``~$*`` lock files.
* Symbolic links are never followed. A link pointing outside ``data/raw/`` is skipped with a
  warning reason; a link to a file inside ``data/raw/`` is skipped because the file it
  points to has its own row.
* FIFOs, sockets and devices are ``skipped`` before anything opens them (reading a FIFO
  blocks forever). A sub-folder that cannot be listed gets a ``quarantined`` row of its own.
* Names are kept in an escaped, reversible form (:func:`escape_name`): bytes that are not
  UTF-8 (old zip archives, network shares) become ``\\xNN``, control characters ``\\n``,
  ``\\x07`` …, so every writer can store them and nobody is fooled by a newline in a name.
* A file with the same SHA-256 as an earlier file (in path order) is ``duplicate``; its
  content is not read again and gives no rows (the first copy's rows stand for it).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.ingest.model import DUPLICATE, OK, QUARANTINED, SKIPPED

SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini", "expected.json", ".gitkeep",
                ".gitignore", ".dvcignore", "icon\r"}
SKIP_REASON = "ikke et innspill (README/systemfil)"


SPECIAL_KINDS = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"),
                 (stat.S_ISCHR, "enhetsfil"), (stat.S_ISBLK, "enhetsfil"))
UNREADABLE_DIR = "mappen kan ikke leses ({error}) – filene i den er ikke lest"


@dataclass(frozen=True)
class InboxEntry:
    """One path under the inbox; ``rel`` is POSIX-style, relative to the inbox root and
    escaped (:func:`escape_name`); ``path`` is the real path to open."""

    path: Path
    rel: str
    is_symlink: bool
    special: str = ""  # "FIFO", "socket", "enhetsfil": never opened
    error: str = ""  # a folder that could not be listed


_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_name(name: str) -> str:
    """``name`` in a printable, UTF-8-safe and reversible form (see :func:`unescape_name`).

    Undecodable bytes (surrogate escapes from the file system) become ``\\xNN``, control
    characters ``\\n``, ``\\t``, ``\\xNN`` or ``\\uNNNN``, a backslash ``\\\\``. Ordinary
    names are unchanged.
    """
    out: list[str] = []
    for ch in name:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape of a non-UTF-8 byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0 or 0xD800 <= code <= 0xDFFF \
                or code in (0x2028, 0x2029):
            out.append(f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


_UNESCAPE = re.compile(r"\\(\\|n|r|t|x[0-9a-f]{2}|u[0-9a-f]{4})")


def unescape_name(escaped: str) -> str:
    """The original name of :func:`escape_name` (``os.fsencode`` gives its bytes)."""
    def one(match: re.Match) -> str:
        code = match.group(1)
        if code in ("\\", "n", "r", "t"):
            return {"\\": "\\", "n": "\n", "r": "\r", "t": "\t"}[code]
        value = int(code[1:], 16)
        if code[0] == "x" and value >= 0x80:
            return chr(0xDC00 + value)  # a raw byte, as os.fsdecode would give it
        return chr(value)
    return _UNESCAPE.sub(one, escaped)


def _special_kind(path: Path) -> str:
    try:
        mode = path.lstat().st_mode
    except OSError:
        return ""
    return next((label for test, label in SPECIAL_KINDS if test(mode)), "")


def walk_inbox(root: Path) -> list[InboxEntry]:
    """Every file (and symlink) under ``root``, recursively, in a stable order.

    Directory symlinks are listed as entries (and later skipped), never descended into.
    Special files are marked (nothing opens them); a folder that cannot be listed is an
    entry of its own with the error, so nothing under it disappears without a row.
    """
    entries: list[InboxEntry] = []
    if not root.exists():
        return entries

    def unreadable(exc: OSError) -> None:
        path = Path(exc.filename) if exc.filename else root
        rel = path.relative_to(root).as_posix() if path != root else "."
        error = "ingen tilgang" if isinstance(exc, PermissionError) else (exc.strerror or "feil")
        entries.append(InboxEntry(path, escape_name(rel) + "/", False,
                                  error=UNREADABLE_DIR.format(error=error)))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable):
        base = Path(dirpath)
        linked_dirs = [d for d in dirnames if (base / d).is_symlink()]
        dirnames[:] = sorted(d for d in dirnames if d not in linked_dirs)
        for name in [*filenames, *linked_dirs]:
            path = base / name
            rel = escape_name(path.relative_to(root).as_posix())
            is_link = path.is_symlink()
            entries.append(InboxEntry(path, rel, is_link,
                                      special="" if is_link else _special_kind(path)))
    return sorted(entries, key=lambda e: e.rel)


def special_reason(kind: str) -> str:
    return f"spesialfil ({kind}) – ikke et innspill, ikke åpnet"


def skip_reason(rel: str) -> str:
    """Why a path is not a submission at all ("" when it should be read).

    Only a file named exactly ``README`` (any extension) is documentation: a letter saved
    as ``README-innspill.txt`` or ``readme_fra_laget.docx`` is read like any other.
    """
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    if lower in SYSTEM_FILES or lower.startswith(("._", "~$")):
        return SKIP_REASON
    if lower.split(".", 1)[0] == "readme":
        return SKIP_REASON
    return ""


LOST_PART = re.compile(r"^vedlegget «(?P<label>.+?)» ble ikke lest: (?P<reason>.+)$", re.S)
"""The note a mail reader leaves for an attachment it could not read."""


def split_lost_parts(rel: str, notes: list[str]) -> tuple[list[dict], list[str]]:
    """Rows of their own for attachments that were not read, and the remaining notes.

    A file that gave submissions is ``ok``; a letter inside it that was lost must not hide
    behind that ``ok``, so it gets a ``quarantined`` row ``<file> / <attachment>``.
    """
    rows: list[dict] = []
    rest: list[str] = []
    seen: dict[str, int] = {}
    for note in notes:
        match = LOST_PART.match(note)
        if match:
            path = f"{rel} / {match['label']}"
            seen[path] = seen.get(path, 0) + 1
            if seen[path] > 1:  # the same name at two nesting levels: rows stay unique
                path = f"{path} ({seen[path]})"
            rows.append(ledger_row(path, "", 0, QUARANTINED, match["reason"]))
        else:
            rest.append(note)
    if rows:
        rest.append(f"{len(rows)} vedlegg i karantene (egen rad)")
    return rows, rest


def symlink_reason(entry: InboxEntry, root: Path) -> str:
    try:
        target = entry.path.resolve(strict=True)
    except FileNotFoundError:
        return "brutt symbolsk lenke (peker ikke på noe) – ikke fulgt"
    except (OSError, RuntimeError):  # ELOOP
        return "symbolsk lenke i en løkke – ikke fulgt"
    if target.is_relative_to(root.resolve()):
        return "symbolsk lenke til en annen fil i data/raw – leses der, ikke fulgt"
    return "symbolsk lenke som peker ut av data/raw – ikke fulgt"


def ledger_row(rel: str, sha: str, size: int, status: str, reason: str = "",
               n_submissions: int = 0) -> dict:
    assert status in (OK, QUARANTINED, DUPLICATE, SKIPPED)
    return {"path": rel, "sha256": sha, "bytes": int(size), "status": status,
            "reason": reason, "n_submissions": int(n_submissions)}


def ledger_frame(rows: list[dict]) -> pd.DataFrame:
    columns = ["path", "sha256", "bytes", "status", "reason", "n_submissions"]
    return pd.DataFrame(rows, columns=columns).sort_values("path").reset_index(drop=True)


def check_invariant(ledger: pd.DataFrame, submissions: pd.DataFrame, files: list[str]) -> None:
    """Every file has a row; ok rows produced ≥ 1 submission; counts agree with the table.

    Raises AssertionError with the offending paths: a broken invariant is a bug.
    """
    missing = sorted(set(files) - set(ledger["path"]))
    assert not missing, f"filer uten rad i registeret: {missing[:5]}"
    bad = ledger[(ledger["status"] == OK) & (ledger["n_submissions"] < 1)]
    assert bad.empty, f"ok-filer uten innspill: {list(bad['path'])[:5]}"
    counts = submissions["source_file"].value_counts().to_dict()
    for row in ledger.itertuples():
        assert counts.get(row.path, 0) == row.n_submissions, f"feil antall for {row.path}"
