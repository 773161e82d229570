"""Parameters that cannot mean anything are errors that name the key (issue 16, case 11)."""

from __future__ import annotations

import pytest
import yaml

from pipeline.config import ConfigError, load_params


def _load(tmp_path, data: dict):
    path = tmp_path / "params.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_params(path)


@pytest.mark.parametrize("data, key", [
    ({"tag": {"thresholds": {"ny_teknologi": 7}}}, "tag.thresholds.ny_teknologi"),
    ({"tag": {"thresholds": {"ny_teknologi": -0.1}}}, "tag.thresholds.ny_teknologi"),
    ({"tag": {"threshold": 1.5}}, "tag.threshold"),
    ({"tag": {"thresholds": {"ny_teknolgi": 0.5}}}, "tag.thresholds nevner ukjente tema: "
                                                     "ny_teknolgi"),
    ({"cluster": {"min_cluster_size": -3}}, "cluster.min_cluster_size"),
    ({"cluster": {"n_neighbors": 0}}, "cluster.n_neighbors"),
    ({"ingest": {"max_file_mb": -1}}, "ingest.max_file_mb"),
    ({"compute": {"partitions": 0}}, "compute.partitions"),
    ({"prepare": {"model": "nb_core_news_smm"}},
     "prepare.model: ukjent spaCy-modell «nb_core_news_smm»"),
    ({"prepare": {"model": "nb_kore_news_sm"}}, "prepare.model"),
    ({"prepare": {"model": "./modeller/finnes-ikke"}}, "prepare.model"),
])
def test_meaningless_values_are_errors_naming_the_key(tmp_path, data, key):
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, data)
    assert key in str(info.value)


def test_absent_real_model_still_falls_back(tmp_path):
    """A real model name that is not installed is allowed: the blank fallback applies."""
    loaded = _load(tmp_path, {"prepare": {"model": "nb_core_news_lg"}})
    assert loaded.prepare.model == "nb_core_news_lg"
    assert _load(tmp_path, {"prepare": {"model": "blank"}}).prepare.model == "blank"


def test_the_project_parameters_are_valid(project_root):
    load_params(project_root / "params.yaml")
