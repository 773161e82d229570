"""One small key-value store for the stages' content-hash caches.

A cache is one SQLite file of rows ``(key, zlib(JSON))``: one file instead of one per
entry (no inode flood at 100 000 submissions), batched look-ups, and safe to open from
the stage's own process only (compute workers return results; the stage writes them).
A cache that cannot be read or written only costs time: errors are logged, never raised.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class JsonStore:
    """JSON values by string key in ``path`` (table ``table``); ``path=None`` disables it.

    Parameters
    ----------
    path:
        The SQLite file; its folder is created on the first write.
    table:
        Table name, so that one file could hold several stores.
    """

    CHUNK = 500  # keys per SELECT ... IN (...)

    def __init__(self, path: Path | None, table: str = "entries"):
        self.path = None if path is None else Path(path)
        if not table.isidentifier():
            raise ValueError(f"invalid table name {table!r}")
        self.table = table

    def _connect(self) -> sqlite3.Connection:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=60)
        con.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (key TEXT PRIMARY KEY, value BLOB)")
        return con

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """The stored values of those ``keys`` that are present (unreadable rows are skipped)."""
        keys = list(dict.fromkeys(keys))
        if self.path is None or not keys or not self.path.exists():
            return {}
        out: dict[str, Any] = {}
        try:
            con = self._connect()
            try:
                for i in range(0, len(keys), self.CHUNK):
                    chunk = keys[i : i + self.CHUNK]
                    marks = ",".join("?" * len(chunk))
                    query = f"SELECT key, value FROM {self.table} WHERE key IN ({marks})"
                    for key, value in con.execute(query, chunk):
                        try:
                            out[key] = json.loads(zlib.decompress(value))
                        except (zlib.error, ValueError):
                            continue  # an unreadable entry is computed again
            finally:
                con.close()
        except sqlite3.Error as exc:
            log.warning("cache %s unreadable (%s); computing everything", self.path, exc)
            return {}
        return out

    def put_many(self, items: dict[str, Any]) -> None:
        """Store (or replace) ``items``."""
        if self.path is None or not items:
            return
        rows = [
            (k, zlib.compress(json.dumps(v, ensure_ascii=False).encode("utf-8"), 3))
            for k, v in items.items()
        ]
        try:
            con = self._connect()
            try:
                with con:
                    con.executemany(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?)", rows)
            finally:
                con.close()
        except sqlite3.Error as exc:
            log.warning("cache %s not written (%s)", self.path, exc)
