"""Parse results cached by file content, so a re-run only reads new or changed files.

One JSON file per (file SHA-256, reader settings) under ``<paths.cache>/ingest/``. The key
includes :data:`PARSER_VERSION`, a digest of this package's code and every parameter that
changes what readers return, so a code or parameter change invalidates old entries instead
of serving stale text.

:class:`RowsCache` keeps, per read file, the submission rows built from it (cleaned text,
sender, organisation, place, date): building them is most of a re-run's time once every
file's parse is cached (5 s per 10 000 submissions, for files that did not change).
"""

from __future__ import annotations

import contextlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.cache import JsonStore
from pipeline.common import short_hash, source_digest
from pipeline.ingest.model import FileResult

PARSER_VERSION = "3"
"""Bump to invalidate every entry (e.g. a change in a library's output)."""

_PACKAGE = Path(__file__).parent


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the ingest package's source and of the gazetteer it matches places with
    (:mod:`pipeline.gazetteer`, code and data): editing a reader invalidates the cache
    without anybody having to remember to bump :data:`PARSER_VERSION`."""
    return short_hash(source_digest(_PACKAGE),
                      source_digest(_PACKAGE.parent / "gazetteer", suffixes=None))


class ParseCache:
    """A directory of cached :class:`FileResult`s; ``directory=None`` disables caching."""

    def __init__(self, directory: Path | None, settings: str):
        self.directory = directory
        self.key = short_hash(PARSER_VERSION, code_digest(), settings, length=10)

    def _path(self, sha: str, ext: str) -> Path:
        assert self.directory is not None
        return self.directory / sha[:2] / f"{sha}-{short_hash(ext, self.key, length=10)}.json"

    def get(self, sha: str, ext: str) -> FileResult | None:
        if self.directory is None:
            return None
        path = self._path(sha, ext)
        try:
            return FileResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable entry: parse again

    def put(self, sha: str, ext: str, result: FileResult) -> None:
        if self.directory is None:
            return
        path = self._path(sha, ext)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            # Encode before touching the disk: text that is not UTF-8 (lone surrogates)
            # fails here, not halfway through a file.
            data = json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except (OSError, ValueError):  # a cache that cannot be written only costs time
            with contextlib.suppress(OSError):
                tmp.unlink()


class RowsCache(JsonStore):
    """The rows :func:`~pipeline.ingest.stage.build_submissions` built from one read file,
    in ``<directory>/rows.sqlite``; ``directory=None`` disables it.

    Keyed by the file's SHA-256 and extension (what was read), its path in the inbox and its
    modification time (both go into the rows), the reader settings and this package's and
    the gazetteer's code (:func:`code_digest`).
    """

    def __init__(self, directory: Path | None, settings: str):
        super().__init__(None if directory is None else Path(directory) / "rows.sqlite",
                         table="rows")
        self.digest = short_hash(PARSER_VERSION, code_digest(), settings, length=16)

    def key(self, sha: str, ext: str, rel: str, mtime: float | None) -> str:
        return short_hash(self.digest, sha, ext, rel, repr(mtime), length=40)

    @staticmethod
    def encode(rows: list[dict[str, Any]], notes: list[str]) -> dict[str, Any]:
        """JSON-able form of one file's rows (the date as ISO 8601 with its offset)."""
        return {"rows": [{**row, "received_at": None if row["received_at"] is None
                          else pd.Timestamp(row["received_at"]).isoformat()} for row in rows],
                "notes": list(notes)}

    @staticmethod
    def decode(value: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
        rows = [{**row, "received_at": None if row["received_at"] is None
                 else pd.Timestamp(row["received_at"])} for row in value["rows"]]
        return rows, list(value["notes"])
