"""Small helpers every stage shares: metrics files, progress bars, hashing, summaries."""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from tqdm import tqdm

T = TypeVar("T")

METRICS_DIR = Path("data/metrics")
"""Per-stage metrics files (DVC metrics); the report stage merges them."""


class UserError(RuntimeError):
    """A mistake the user can fix (a missing inbox, a read-only folder, a full disk).

    The CLI prints the message, one Norwegian sentence that says what to do, without a
    traceback, and exits with status 2.
    """


def os_error_message(exc: OSError) -> str | None:
    """One Norwegian sentence for the OS errors a user causes and can fix; ``None`` else."""
    import errno

    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"Disken er full{where}: frigjør plass (for eksempel ved å slette "
                f".cache/innspill/) og kjør igjen.")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"Kan ikke skrive{where}: mappen er skrivebeskyttet eller du mangler "
                f"tilgang – gi skrivetilgang og kjør igjen.")
    return None


def metrics_path(name: str, root: Path = Path(".")) -> Path:
    """Path of the metrics file for stage or evaluation ``name``."""
    return root / METRICS_DIR / f"{name}.json"


def jsonable(value: Any) -> Any:
    """``value`` with sorted keys, numpy scalars unwrapped, floats rounded, NaN as null."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    return value


def write_metrics(name: str, metrics: dict[str, Any], root: Path = Path(".")) -> Path:
    """Write ``metrics`` as sorted, rounded JSON so identical runs give identical bytes."""
    from pipeline.cache import atomic_write_text

    path = metrics_path(name, root)
    atomic_write_text(path, json.dumps(jsonable(metrics), ensure_ascii=False, indent=2) + "\n")
    return path


def read_metrics(name: str, root: Path = Path(".")) -> dict[str, Any]:
    """Read a metrics file written by :func:`write_metrics`; ``{}`` when it is missing."""
    path = metrics_path(name, root)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def progress(items: Iterable[T], desc: str, total: int | None = None) -> Iterator[T]:
    """A progress bar on stderr for long loops; silent when stderr is not a terminal."""
    return iter(
        tqdm(items, desc=desc, total=total, unit="stk", leave=False,
             disable=not sys.stderr.isatty(), file=sys.stderr)
    )


def summary(stage: str, message: str) -> None:
    """Print the stage's one-line summary (Norwegian), e.g. ``ingest: 43 filer → 41 innspill``."""
    print(f"{stage}: {message}", flush=True)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def short_hash(*parts: str, length: int = 12) -> str:
    """A stable short id from text parts (same parts → same id, on every machine)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def frame_digest(frame: Any) -> str:
    """A hash of a DataFrame's columns, index and values (lists and other cells as their
    JSON or ``str``), for cache keys of models fitted on it; ``None`` hashes as ``""``."""
    if frame is None:
        return ""
    return short_hash(frame.to_json(orient="split", force_ascii=False, default_handler=str))


def source_digest(directory: Path, suffixes: tuple[str, ...] | None = (".py",)) -> str:
    """A hash of the files under ``directory`` (names and bytes), for cache keys.

    Editing a component then invalidates the caches built from its output by itself,
    without anybody having to remember to bump a version number.

    Parameters
    ----------
    directory:
        A package folder; ``__pycache__`` and ``.pyc`` files are ignored.
    suffixes:
        Only files with these endings (``None``: every file, e.g. word lists too).
    """
    directory = Path(directory)
    files = sorted(
        p for p in directory.rglob("*")
        if p.is_file() and p.suffix != ".pyc" and "__pycache__" not in p.parts
        and (suffixes is None or p.suffix in suffixes)
    )
    parts = [f"{p.relative_to(directory).as_posix()}\n" + p.read_bytes().hex() for p in files]
    return short_hash(*parts, length=16)
