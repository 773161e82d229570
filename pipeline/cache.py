"""One small key-value store for the stages' content-hash caches.

A cache is one SQLite file of rows ``(key, zlib(JSON))``: one file instead of one per
entry (no inode flood at 100 000 submissions), batched look-ups, and safe to open from
the stage's own process only (compute workers return results; the stage writes them).
A cache that cannot be read or written only costs time: errors are logged, never raised.
A damaged cache file (not a database, truncated, or written by another cache version) is
moved aside as ``<name>.skadet`` with a one-line warning and rebuilt; a cache locked by
another process is bypassed for this run (:func:`open_sqlite`). State files are written
with :func:`atomic_write_bytes`, so a kill mid-write never leaves half a file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""Stamped into every SQLite cache (``PRAGMA user_version``); another value is foreign."""


def warn(message: str) -> None:
    """One line on stderr for the user (Norwegian): a cache healed, a file moved aside."""
    print(f"Advarsel: {message}", file=sys.stderr, flush=True)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    Readers see the old file or the new one, never half of one, whenever the writer dies.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def move_aside(path: Path, why: object) -> Path | None:
    """Move a damaged cache or state file to ``<name>.skadet`` (kept for inspection) and
    say so in one line; the caller rebuilds it. ``None`` when it could not be moved."""
    path = Path(path)
    target = path.with_name(path.name + ".skadet")
    try:
        os.replace(path, target)
        for suffix in ("-journal", "-wal", "-shm"):  # SQLite's side files belong to it
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
    except OSError as exc:
        log.debug("could not move %s aside: %r", path, exc)
        return None
    warn(f"hurtiglageret {path} var skadet ({why}); flyttet til {target.name} og bygges på nytt")
    return target


def is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def is_damaged(exc: BaseException) -> bool:
    """A SQLite error that means the file itself is bad (not a lock, not a full disk)."""
    if not isinstance(exc, sqlite3.DatabaseError) or is_locked(exc):
        return False
    text = str(exc).lower()
    return any(s in text for s in ("not a database", "malformed", "corrupt", "encrypted",
                                   "columns but", "has no column", "fremmed"))


class ForeignCache(sqlite3.DatabaseError):
    """The file is a database of another cache version (``user_version`` differs)."""


def open_sqlite(path: Path, setup: list[str], timeout: float = 60) -> sqlite3.Connection | None:
    """Connect to the cache at ``path`` and run ``setup`` (pragmas, ``CREATE TABLE``).

    A damaged or foreign file is moved aside and a fresh one created; a locked one gives
    ``None`` (the run goes on without the cache).
    """
    path = Path(path)
    for attempt in (1, 2):
        con = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(path, timeout=timeout)
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            # 0: written before caches were stamped (same layout); anything else is foreign.
            if tables and version not in (0, SCHEMA_VERSION):
                raise ForeignCache(f"fremmed versjon {version}")
            for sql in setup:
                con.execute(sql)
            if version != SCHEMA_VERSION:
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return con
        except sqlite3.Error as exc:
            if con is not None:
                con.close()
            if attempt == 1 and is_damaged(exc) and move_aside(path, exc):
                continue
            if is_locked(exc):
                warn(f"hurtiglageret {path} er låst av en annen prosess; kjører uten det")
            else:
                log.warning("cache %s unusable (%s)", path, exc)
            return None
    return None


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
    TIMEOUT = 60.0  # seconds to wait for another process's write lock

    def __init__(self, path: Path | None, table: str = "entries"):
        self.path = None if path is None else Path(path)
        if not table.isidentifier():
            raise ValueError(f"invalid table name {table!r}")
        self.table = table

    def _connect(self) -> sqlite3.Connection:
        assert self.path is not None
        con = open_sqlite(self.path, timeout=self.TIMEOUT, setup=[
            f"CREATE TABLE IF NOT EXISTS {self.table} (key TEXT PRIMARY KEY, value BLOB)"])
        if con is None:
            raise sqlite3.OperationalError("cache unavailable")
        return con

    def _heal(self, exc: sqlite3.Error) -> bool:
        """Move a file that turned out damaged on use (a truncated page) aside."""
        return self.path is not None and is_damaged(exc) and move_aside(self.path, exc) is not None

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
            if not self._heal(exc):
                log.warning("cache %s unreadable (%s); computing everything", self.path, exc)
            return {}
        return out

    def put_many(self, items: dict[str, Any]) -> None:
        """Store (or replace) ``items``."""
        if self.path is None or not items:
            return
        rows = []
        for k, v in items.items():
            try:
                data = json.dumps(v, ensure_ascii=False).encode("utf-8")
            except (TypeError, ValueError):  # e.g. a lone surrogate: not cached, recomputed
                continue
            rows.append((k, zlib.compress(data, 3)))
        for attempt in (1, 2):
            try:
                con = self._connect()
                try:
                    with con:
                        con.executemany(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?)",
                                        rows)
                finally:
                    con.close()
                return
            except sqlite3.Error as exc:
                if attempt == 1 and self._heal(exc):
                    continue  # a fresh file: write again
                log.warning("cache %s not written (%s)", self.path, exc)
                return


class ModelStore:
    """Fitted models by key, one pickle file each, under ``directory`` (``None``: disabled).

    For models fitted on labelled data, not on the inbox (the tag stage's decision layer and
    submission rule, the answer stage's question and stance models): the key is a digest of
    everything the fit saw (the training rows, the parameters and the code, see
    :func:`pipeline.common.source_digest`), so an unchanged key means an identical model,
    and a new inbox file no longer refits them.

    ``externals`` are objects a model refers to but that must not be pickled (an embedding
    function holding a database connection); they are stored by name and the live objects
    given to :meth:`get` are put back in their place.

    Only files this store wrote are read (pickle executes what it loads: never point
    ``directory`` at files from elsewhere). An unreadable or mismatched file costs a refit;
    files are written atomically.
    """

    def __init__(self, directory: Path | None):
        self.directory = None if directory is None else Path(directory)

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        if not key.isalnum():
            raise ValueError(f"invalid model key {key!r}")
        return self.directory / f"{key}.pkl"

    def get(self, key: str, externals: dict[str, object] | None = None) -> Any | None:
        """The model stored under ``key``, or ``None``."""
        import pickle

        if self.directory is None or not self._path(key).exists():
            return None
        named = dict(externals or {})

        class _Unpickler(pickle.Unpickler):
            def persistent_load(self, pid: object) -> object:
                if pid not in named:
                    raise pickle.UnpicklingError(f"no live object for {pid!r}")
                return named[str(pid)]

        try:
            with open(self._path(key), "rb") as fh:
                return _Unpickler(fh).load()
        except Exception as exc:  # noqa: BLE001 - any failure to load only costs a refit
            log.warning("model cache %s unreadable (%s); fitting again", self._path(key), exc)
            return None

    def put(self, key: str, model: object, externals: dict[str, object] | None = None) -> None:
        """Store ``model`` under ``key`` (``externals`` by name, not by value)."""
        import io
        import pickle

        if self.directory is None:
            return
        by_id = {id(obj): name for name, obj in (externals or {}).items() if obj is not None}

        class _Pickler(pickle.Pickler):
            def persistent_id(self, obj: object) -> str | None:
                return by_id.get(id(obj))

        buffer = io.BytesIO()
        try:
            _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(model)
            atomic_write_bytes(self._path(key), buffer.getvalue())
        except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
            log.warning("model cache %s not written (%s)", self._path(key), exc)
