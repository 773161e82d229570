"""The Dask backend gives the same tables as the local backend (demo inbox, LocalCluster)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("dask.distributed")

from pipeline import compute  # noqa: E402
from pipeline.config import Params  # noqa: E402
from pipeline.embeddings import EmbeddingCache, make_embedder  # noqa: E402
from pipeline.ingest import ingest_inbox  # noqa: E402
from pipeline.prepare import prepare_frames
from pipeline.redact import keep_names  # noqa: E402
from pipeline.spacy_backend import load_backend  # noqa: E402

DEMO = Path(__file__).resolve().parent.parent / "data" / "raw" / "demo"
# Small partitions so that the demo's ~50 files and ~60 submissions really are split.
DASK = {"backend": "dask", "partitions": 6, "min_partition_size": 4,
        "dask": {"n_workers": 2, "threads_per_worker": 1, "processes": False}}


@pytest.fixture(scope="module")
def both():
    local, dask = Params(), Params(compute=DASK)
    backend = load_backend(local.prepare.model)
    out = {}
    try:
        for name, params in (("local", local), ("dask", dask)):
            ingested = ingest_inbox(DEMO, params, cache_dir=None)
            prepared = prepare_frames(ingested.submissions, backend, params,
                                      keep=keep_names(params))
            out[name] = (ingested, prepared)
        yield out
    finally:
        compute.shutdown()


def _where(items):
    from dask.distributed import get_worker

    return [(item, get_worker().address) for item in items]


def test_dask_really_ran():
    params = Params(compute=DASK)
    try:
        client = compute.get_client(params.compute.dask)
        assert len(client.scheduler_info()["workers"]) == 2
        out = compute.map_partitions(_where, list(range(24)), params)
        assert [item for item, _ in out] == list(range(24))
        assert {address for _, address in out} <= set(client.scheduler_info()["workers"])
    finally:
        compute.shutdown()


def test_ingest_same_tables(both):
    (local, _), (dask, _) = both["local"], both["dask"]
    assert len(local.submissions) > 20
    pd.testing.assert_frame_equal(local.submissions, dask.submissions)
    pd.testing.assert_frame_equal(local.ledger, dask.ledger)


def test_prepare_same_tables(both):
    (_, local), (_, dask) = both["local"], both["dask"]
    assert len(local.segments) > 100
    pd.testing.assert_frame_equal(local.submissions, dask.submissions)
    pd.testing.assert_frame_equal(local.segments, dask.segments)
    assert local.metrics == dask.metrics


def test_embeddings_same_vectors(both, tmp_path):
    (_, prepared) = both["local"]
    texts = prepared.segments["text_redacted"].tolist()[:120]
    local, dask = Params(), Params(compute=DASK)
    try:
        vectors = {}
        for name, params in (("local", local), ("dask", dask)):
            cache = EmbeddingCache(make_embedder(params.embedder), tmp_path / name,
                                   compute=params.compute,
                                   embedder_params=params.embedder)
            vectors[name] = cache.embed(texts, "passage")
            assert cache.misses == len(set(texts))
        assert abs(vectors["local"] - vectors["dask"]).max() < 1e-5
    finally:
        compute.shutdown()


def test_separate_worker_processes_on_an_existing_cluster(both, monkeypatch):
    """A cluster the pipeline did not start (two worker *processes*), reached through
    ``INNSPILL_DASK_SCHEDULER`` with ``params.yaml`` left at ``backend: local``: the same
    ingest tables, and the work really ran in the other processes."""
    import os

    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        monkeypatch.setenv(compute.SCHEDULER_ENV, cluster.scheduler_address)
        params = Params(compute={"partitions": 6, "min_partition_size": 4})
        assert params.compute.backend == "local"
        assert compute.backend_name(params) == "dask"
        try:
            pids = {pid for _, pid in compute.map_partitions(_pids, list(range(12)), params)}
            assert len(pids) == 2 and os.getpid() not in pids
            ingested = ingest_inbox(DEMO, params, cache_dir=None)
        finally:
            compute.shutdown()
    local, _ = both["local"]
    pd.testing.assert_frame_equal(local.submissions, ingested.submissions)
    pd.testing.assert_frame_equal(local.ledger, ingested.ledger)


def _pids(items):
    import os
    import time

    time.sleep(0.2)  # long enough that both workers get partitions
    return [(item, os.getpid()) for item in items]
