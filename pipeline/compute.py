"""Run per-document work locally or on a Dask cluster, behind one function.

The per-document stages (ingest's file reading, prepare's NLP, the embeddings) hand their
work to :func:`map_partitions`::

    results = map_partitions(fn, items, params.compute)

``items`` is split into contiguous partitions, ``fn(partition) -> list`` runs on each (one
result per item, in order) and the results come back concatenated in the order of
``items``. With ``compute.backend: local`` the partitions run one after another in this
process; with ``dask`` they are submitted to a ``dask.distributed`` cluster
(``compute.dask.scheduler_address``, or a ``LocalCluster`` started here when it is
``null``). The outputs are the same either way: the stages write their caches and tables
in the calling process, workers only compute.

For Dask, ``fn`` must be picklable: a module-level function, a :func:`functools.partial`
of one, or an object whose ``__getstate__`` drops what cannot travel (a loaded spaCy
pipeline) and re-loads it on the worker. ``dask`` is an optional extra
(``pip install -e ".[dask]"``); it is imported only when the backend is ``dask``.

The environment variable ``INNSPILL_DASK_SCHEDULER`` (e.g. ``tcp://10.0.0.5:8786``) points a
run at an existing cluster without editing ``params.yaml``: when it is set, the backend is
``dask`` and its address wins over ``compute.dask.scheduler_address``. The tables do not
depend on the backend, so DVC need not know.
"""

from __future__ import annotations

import atexit
import logging
import math
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pipeline.config import ComputeParams, DaskParams, Params

__all__ = ["SCHEDULER_ENV", "backend_name", "effective", "get_client", "map_partitions",
           "n_partitions", "partition", "shutdown"]

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")
PARTITIONS_PER_WORKER = 4
SCHEDULER_ENV = "INNSPILL_DASK_SCHEDULER"
"""Environment variable: a scheduler address that turns the Dask backend on (module docstring)."""

_CLIENT: Any = None
_CLIENT_KEY: tuple | None = None


def effective(cp: ComputeParams) -> ComputeParams:
    """``cp`` with the ``INNSPILL_DASK_SCHEDULER`` override applied, when it is set."""
    address = os.environ.get(SCHEDULER_ENV, "").strip()
    if not address:
        return cp
    dask = cp.dask.model_copy(update={"scheduler_address": address})
    return cp.model_copy(update={"backend": "dask", "dask": dask})


def _compute(params: ComputeParams | Params | None) -> ComputeParams:
    if params is None:
        return effective(ComputeParams())
    return effective(params.compute if isinstance(params, Params) else params)


def backend_name(params: ComputeParams | Params | None) -> str:
    """``"local"`` or ``"dask"``."""
    return _compute(params).backend


def partition(items: Sequence[T], n: int) -> list[list[T]]:
    """``items`` in ``n`` contiguous, nearly equal parts (none empty; ``[]`` for no items)."""
    items = list(items)
    n = max(1, min(int(n), len(items)))
    if not items:
        return []
    size, extra = divmod(len(items), n)
    out, start = [], 0
    for i in range(n):
        stop = start + size + (1 if i < extra else 0)
        out.append(items[start:stop])
        start = stop
    return out


def n_partitions(n_items: int, params: ComputeParams | Params | None = None,
                 workers: int | None = None) -> int:
    """How many partitions ``n_items`` are split into.

    ``compute.partitions`` when it is a number; ``auto`` is 1 for the local backend and
    ``PARTITIONS_PER_WORKER`` per Dask worker (so a slow partition does not hold up the
    others). Partitions are never smaller than ``compute.min_partition_size``.
    """
    cp = _compute(params)
    if n_items <= 0:
        return 0
    if cp.partitions == "auto":
        wanted = 1 if cp.backend == "local" else PARTITIONS_PER_WORKER * (
            workers or cp.dask.n_workers)
    else:
        wanted = int(cp.partitions)
    most = max(1, math.ceil(n_items / cp.min_partition_size))
    return max(1, min(wanted, most, n_items))


def get_client(dask_params: DaskParams):
    """The ``dask.distributed`` client for ``dask_params`` (one per process, reused).

    ``scheduler_address: null`` starts a ``LocalCluster`` with ``n_workers`` workers;
    otherwise connects to the running scheduler. Closed at exit or by :func:`shutdown`.
    """
    global _CLIENT, _CLIENT_KEY
    key = tuple(sorted(dask_params.model_dump().items()))
    if _CLIENT is not None and key == _CLIENT_KEY:
        return _CLIENT
    shutdown()
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError(
            "compute.backend er 'dask', men dask er ikke installert: "
            "kjør `pip install -e \".[dask]\"`, eller sett compute.backend: local."
        ) from exc
    if dask_params.scheduler_address:
        client = Client(dask_params.scheduler_address)
    else:
        cluster = LocalCluster(
            n_workers=dask_params.n_workers,
            threads_per_worker=dask_params.threads_per_worker,
            processes=dask_params.processes,
            memory_limit=dask_params.memory_limit,
            dashboard_address=None,
        )
        client = Client(cluster)
    _CLIENT, _CLIENT_KEY = client, key
    return client


def shutdown() -> None:
    """Close the Dask client (and the LocalCluster this process started)."""
    global _CLIENT, _CLIENT_KEY
    if _CLIENT is None:
        return
    client, _CLIENT, _CLIENT_KEY = _CLIENT, None, None
    cluster = getattr(client, "cluster", None)
    try:
        client.close()
        if cluster is not None:
            cluster.close()
    except Exception as exc:  # closing is best effort
        log.debug("closing the dask client failed: %r", exc)


atexit.register(shutdown)


def _workers(client) -> int:
    try:
        return max(1, len(client.scheduler_info().get("workers", {})))
    except Exception:
        return 1


def map_partitions(fn: Callable[[list[T]], list[R]], items: Sequence[T],
                   params: ComputeParams | Params | None = None) -> list[R]:
    """``fn`` over contiguous partitions of ``items``; the results concatenated in order.

    Parameters
    ----------
    fn:
        Takes a list of items and returns a list with one result per item. Must be
        picklable for the Dask backend.
    items:
        The work (file contents, submissions, texts).
    params:
        ``params.compute`` (or the whole :class:`Params`); ``None`` runs locally.
    """
    items = list(items)
    if not items:
        return []
    cp = _compute(params)
    if cp.backend == "local":
        parts = partition(items, n_partitions(len(items), cp))
        results = [fn(part) for part in parts]
    else:
        client = get_client(cp.dask)
        parts = partition(items, n_partitions(len(items), cp, _workers(client)))
        # pure=False: a partition is work to do, not a value to deduplicate by its token.
        futures = client.map(fn, parts, pure=False)
        results = client.gather(futures)
    out: list[R] = []
    for part, result in zip(parts, results, strict=True):
        result = list(result)
        if len(result) != len(part):
            raise RuntimeError(
                f"map_partitions: {getattr(fn, '__name__', fn)!r} returned {len(result)} "
                f"results for {len(part)} items")
        out.extend(result)
    return out
