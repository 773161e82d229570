"""The inbox walk and the ledger: one row per file under ``data/raw/``, nothing lost silently.

Decisions documented here:

* Documentation and system files are ``skipped`` with the reason
  "ikke et innspill (README/systemfil)": ``README*`` files (the demo inbox's README says
  it is invented), ``EXPECTED.json`` (the demo inbox's ground truth), ``.DS_Store``,
  ``Thumbs.db``, ``desktop.ini``, macOS ``._*`` resource forks and Office ``~$*`` lock files.
* Symbolic links are never followed. A link pointing outside ``data/raw/`` is skipped with a
  warning reason; a link to a file inside ``data/raw/`` is skipped because the file it
  points to has its own row.
* A file with the same SHA-256 as an earlier file (in path order) is ``duplicate``; its
  content is not read again and gives no rows (the first copy's rows stand for it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.ingest.model import DUPLICATE, OK, QUARANTINED, SKIPPED

SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini", "expected.json", ".gitkeep",
                ".gitignore", ".dvcignore", "icon\r"}
SKIP_REASON = "ikke et innspill (README/systemfil)"


@dataclass(frozen=True)
class InboxEntry:
    """One path under the inbox; ``rel`` is POSIX-style and relative to the inbox root."""

    path: Path
    rel: str
    is_symlink: bool


def walk_inbox(root: Path) -> list[InboxEntry]:
    """Every file (and symlink) under ``root``, recursively, in a stable order.

    Directory symlinks are listed as entries (and later skipped), never descended into.
    """
    entries: list[InboxEntry] = []
    if not root.exists():
        return entries
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        linked_dirs = [d for d in dirnames if (base / d).is_symlink()]
        dirnames[:] = sorted(d for d in dirnames if d not in linked_dirs)
        for name in [*filenames, *linked_dirs]:
            path = base / name
            rel = path.relative_to(root).as_posix()
            entries.append(InboxEntry(path, rel, path.is_symlink()))
    return sorted(entries, key=lambda e: e.rel)


def skip_reason(rel: str) -> str:
    """Why a path is not a submission at all ("" when it should be read)."""
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    if lower in SYSTEM_FILES or lower.startswith(("readme", "._", "~$")):
        return SKIP_REASON
    return ""


def symlink_reason(entry: InboxEntry, root: Path) -> str:
    try:
        target = entry.path.resolve(strict=False)
        inside = target.is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # loops
        inside = False
    if inside:
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
