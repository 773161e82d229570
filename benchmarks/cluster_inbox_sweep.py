"""Sweep the clusterer's settings on the gold sets sent through the pipeline as inboxes.

``eval_cluster`` sends each gold set through ingest → prepare → tag → cluster
(:mod:`pipeline.cluster.inbox_eval`). The first three stages do not depend on the
``cluster:`` params, so this script runs them once per set and then calls the cluster
stage's pure function (:func:`pipeline.cluster.stage.cluster_frames`) for each setting.

Each set is clustered as ``eval_cluster`` clusters it (the paraphrase whitening fitted on the
other development sets: :func:`pipeline.cluster.evaluate.cross_fitted`). Settings are
chosen on the development sets (``dev``, ``dev2``, ``dev3``) only; the independent set is
scored with ``--independent`` to report the chosen setting beside them, never to choose it.
Run from the project root:

    .venv/bin/python benchmarks/cluster_inbox_sweep.py \\
        --grid distance_threshold=0.84,0.86,0.88 outlier_threshold=0.25,0.35 [--independent]
"""

from __future__ import annotations

import argparse
import itertools
import logging
import tempfile
from pathlib import Path

import pandas as pd

from pipeline import tables
from pipeline.cluster.evaluate import (
    DEV2_FILE,
    DEV3_FILE,
    GOLD_FILE,
    INDEPENDENT_FILE,
    cross_fitted,
    load_gold,
    score,
)
from pipeline.cluster.inbox_eval import run_stages, topics_of_items, write_inbox
from pipeline.cluster.overrides import PreviousTopics
from pipeline.cluster.stage import cluster_frames
from pipeline.config import Params, load_params
from pipeline.embeddings import embedding_cache

SETS = {"dev": GOLD_FILE, "dev2": DEV2_FILE, "dev3": DEV3_FILE, "independent": INDEPENDENT_FILE}
DEV_SETS = ("dev", "dev2", "dev3")
MEASURES = ("ari", "recovered_big", "n_big", "members_without_topic_share", "coverage_median",
            "purity_median", "hard_negatives_leaked")


def parse_grid(items: list[str]) -> list[dict[str, object]]:
    """``name=v1,v2`` pairs → every combination, as ``cluster:`` param updates."""
    axes = []
    for item in items:
        name, _, values = item.partition("=")
        axes.append([(name, yaml_value(v)) for v in values.split(",")])
    return [dict(combo) for combo in itertools.product(*axes)] or [{}]


def yaml_value(text: str) -> object:
    import yaml

    return yaml.safe_load(text)


def prepared_set(params: Params, name: str, workdir: Path):
    gold = load_gold(params, name)
    where = write_inbox(gold, workdir / "raw")
    run_stages(params, workdir, ("ingest", "prepare", "tag"))
    processed = workdir / "processed"
    return (gold, where, tables.read_table(processed, tables.SEGMENTS_TAGGED),
            tables.read_table(processed, tables.SUBMISSIONS_TAGGED))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--grid", nargs="*", default=[])
    parser.add_argument("--independent", action="store_true",
                        help="also score the independent set (to report, never to choose)")
    args = parser.parse_args()
    logging.getLogger("BERTopic").setLevel(logging.ERROR)  # one warning per fit otherwise
    params = load_params(args.params)
    names = [*DEV_SETS, *(["independent"] if args.independent else [])]
    grid = parse_grid(args.grid)
    cache = embedding_cache(params)
    with tempfile.TemporaryDirectory(prefix="innspill-sweep-") as tmp:
        sets = {}
        for name in names:
            workdir = Path(tmp) / name
            sets[name] = prepared_set(params, SETS[name], workdir)
        rows = []
        for update in grid:
            data = params.model_dump(mode="json")
            data["cluster"].update(update)
            data["cluster"]["refit_share"] = 0.0
            trial = Params.model_validate(data)
            row: dict[str, object] = {"setting": " ".join(f"{k}={v}" for k, v in update.items())}
            for name, (gold, where, segs, subs) in sets.items():
                # as eval_cluster does: a dev set is never whitened with its own groups
                out, _topics, _metrics, _state = cluster_frames(
                    segs, subs, cross_fitted(trial, SETS[name]), cache, {}, PreviousTopics())
                ids = [str(i) for i in gold["id"]]
                result = score(gold, topics_of_items(out, subs, where, ids))
                for m in MEASURES:
                    row[f"{name}.{m}"] = result[m]
            rows.append(row)
            print(pd.DataFrame([row]).to_string(index=False, header=len(rows) == 1), flush=True)
    table = pd.DataFrame(rows)
    dev_groups = sum(table[f"{name}.recovered_big"] for name in DEV_SETS)
    table["dev_ari_mean"] = sum(table[f"{name}.ari"] for name in DEV_SETS) / len(DEV_SETS)
    table["dev_groups"] = dev_groups
    print()
    print(table.sort_values(["dev_groups", "dev_ari_mean"], ascending=False).to_string(index=False))


if __name__ == "__main__":
    main()
