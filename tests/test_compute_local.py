"""pipeline.compute: partitioning and the local backend (no Dask needed)."""

from __future__ import annotations

from functools import partial

import pytest

from pipeline import compute
from pipeline.config import ComputeParams, ConfigError, Params, load_params


def test_partition_is_contiguous_and_balanced():
    parts = compute.partition(list(range(10)), 3)
    assert parts == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert compute.partition([1, 2], 5) == [[1], [2]]
    assert compute.partition([], 3) == []


def test_n_partitions():
    local = ComputeParams()
    assert compute.n_partitions(10_000, local) == 1
    dask = ComputeParams(backend="dask", dask={"n_workers": 3})
    assert compute.n_partitions(10_000, dask) == 12
    assert compute.n_partitions(120, dask) == 3  # at least min_partition_size (50) each
    assert compute.n_partitions(10, dask) == 1
    assert compute.n_partitions(1000, ComputeParams(partitions=7)) == 7
    assert compute.n_partitions(0, dask) == 0


def _square_plus(items, offset):
    return [i * i + offset for i in items]


def test_map_partitions_local_keeps_order():
    items = list(range(237))
    params = Params(compute={"partitions": 5, "min_partition_size": 1})
    assert compute.map_partitions(partial(_square_plus, offset=1), items, params) == \
        [i * i + 1 for i in items]
    assert compute.map_partitions(partial(_square_plus, offset=1), [], params) == []


def test_map_partitions_checks_result_length():
    with pytest.raises(RuntimeError, match="returned"):
        compute.map_partitions(lambda part: part[:-1], [1, 2, 3])


def test_compute_params_validated(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("compute:\n  backend: spark\n")
    with pytest.raises(ConfigError, match="compute.backend"):
        load_params(path)
    path.write_text("compute:\n  backend: dask\n  dask:\n    scheduler_address: tcp://h:8786\n")
    assert load_params(path).compute.dask.scheduler_address == "tcp://h:8786"


def test_ingest_parses_in_waves_with_the_same_result(tmp_path, monkeypatch):
    import pipeline.ingest.stage as ingest_module

    for i in range(7):
        (tmp_path / f"{i}.txt").write_text(f"Innspill nummer {i} om faste stillinger i kommunen.",
                                           encoding="utf-8")
    whole = ingest_module.ingest_inbox(tmp_path, Params(), cache_dir=None)
    waves = []
    # Locally the waves go to the per-file worker pool (pipeline/ingest/sandbox.py).
    real = ingest_module.sandbox.ReadPool.map
    monkeypatch.setattr(ingest_module.sandbox.ReadPool, "map",
                        lambda self, items: waves.append(len(items)) or real(self, items))
    monkeypatch.setattr(ingest_module, "PARSE_WAVE_BYTES", 120)  # about two files per wave
    small = ingest_module.ingest_inbox(tmp_path, Params(), cache_dir=None)
    assert len(waves) >= 3 and sum(waves) == 7
    assert small.submissions.equals(whole.submissions)
    assert small.ledger.equals(whole.ledger)


def test_scheduler_address_from_the_environment(monkeypatch):
    params = Params()
    monkeypatch.delenv(compute.SCHEDULER_ENV, raising=False)
    assert compute.backend_name(params) == "local"
    monkeypatch.setenv(compute.SCHEDULER_ENV, "tcp://10.0.0.5:8786")
    cp = compute.effective(params.compute)
    assert (cp.backend, cp.dask.scheduler_address) == ("dask", "tcp://10.0.0.5:8786")
    assert compute.backend_name(params) == "dask"
    assert params.compute.backend == "local"  # the validated params are not changed
    monkeypatch.setenv(compute.SCHEDULER_ENV, "  ")
    assert compute.backend_name(params) == "local"
