"""The proposal clustering measured as a new user meets it: a gold set sent through the pipeline.

:mod:`.evaluate` scores the clusterer on the gold texts directly. Here the same kind of gold
set (one item per answer, with its group) is written as an inbox, a web-form export whose
field asks for proposals (``source: form``) plus one ``.txt`` letter per ``source: letter``
item, and the real stages run on it: ingest → prepare → tag → cluster. So the proposal gate,
the unit of a proposal and the clusterer are measured together, the way an evaluation inbox
nobody tuned to measures them.

An item's topic is the topic most of its proposal segments got (``-1``: none). Baselines
on the same items, in the same call: whole answers embedded with the same embedder and
clustered by UMAP (10 d) + HDBSCAN (leaf, min size 5), and default BERTopic.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from pipeline.config import Params

FORM_FILE = "skjema/forslag.csv"
FORM_HEADER = ("Tidsstempel", "Skriv ditt forslag her")
STAGES = ("ingest", "prepare", "tag", "cluster")


def write_inbox(gold: pd.DataFrame, raw: Path) -> dict[tuple[str, str], str]:
    """Write ``gold`` as an inbox under ``raw``; returns (source_file, source_part) → item id."""
    raw.mkdir(parents=True, exist_ok=True)
    source = gold["source"] if "source" in gold.columns else pd.Series("form", index=gold.index)
    where: dict[tuple[str, str], str] = {}
    form_rows = []
    for item_id, text, src in zip(gold["id"], gold["text"], source, strict=True):
        if src == "letter":
            name = f"brev/{item_id}.txt"
            (raw / name).parent.mkdir(parents=True, exist_ok=True)
            (raw / name).write_text(f"Til arbeidslivsutvalget\n\n{text}\n", encoding="utf-8")
            where[(name, "")] = str(item_id)
        else:
            form_rows.append((str(item_id), str(text)))
    if form_rows:
        path = raw / FORM_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=";")
            writer.writerow(FORM_HEADER)
            for n, (item_id, text) in enumerate(form_rows, start=1):
                minute = n % 60
                writer.writerow((f"2026-03-{1 + n % 28:02d} 12:{minute:02d}", text))
                where[(FORM_FILE, f"rad {n}")] = item_id
    return where


def inbox_params(params: Params, workdir: Path) -> dict:
    """The params file for a run in ``workdir`` (own inbox, tables, caches; always refit)."""
    data = params.model_dump(mode="json")
    data["paths"] = {
        "raw": str(workdir / "raw"),
        "processed": str(workdir / "processed"),
        "labels": str(workdir / "labels"),  # analysts' corrections do not apply here
        "reports": str(workdir / "reports"),
        "cache": str(workdir / "cache"),
    }
    data["cluster"]["refit_share"] = 0.0
    return data


def run_stages(params: Params, workdir: Path, stages: tuple[str, ...] = STAGES) -> None:
    """Run the pipeline's ``stages`` on ``workdir`` in subprocesses (their metrics stay there)."""
    (workdir / "labels").mkdir(parents=True, exist_ok=True)
    # The proposal classifier's and the whitening's training data live among the labels;
    # corrections do not.
    for name in (*params.prepare.proposal_classifier.training_files,
                 *params.cluster.whitening_files):
        target = workdir / "labels" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(params.paths.labels) / name, target)
    params_file = workdir / "params.yaml"
    params_file.write_text(
        yaml.safe_dump(inbox_params(params, workdir), allow_unicode=True), encoding="utf-8"
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # The stages run in workdir: a relative interpreter path (PATH=.venv/bin) would not resolve.
    python = os.path.abspath(sys.executable)
    for stage in stages:
        done = subprocess.run(
            [python, "-m", "pipeline", stage, "--params", str(params_file)],
            cwd=workdir, env=env, capture_output=True, text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"stage {stage} failed on the evaluation inbox:\n{done.stderr}")


def item_topics(workdir: Path, where: dict[tuple[str, str], str], ids: list[str]) -> np.ndarray:
    """The topic of each gold item from the tables the stages wrote in ``workdir``."""
    from pipeline import tables

    processed = workdir / "processed"
    return topics_of_items(tables.read_table(processed, tables.SEGMENTS_CLUSTERED),
                           tables.read_table(processed, tables.SUBMISSIONS_TAGGED), where, ids)


def topics_of_items(segments: pd.DataFrame, submissions: pd.DataFrame,
                    where: dict[tuple[str, str], str], ids: list[str]) -> np.ndarray:
    """The topic of each gold item: the most common topic of its segments (-1: none)."""
    item_of = {
        sid: where.get((str(f), str(p)))
        for sid, f, p in zip(submissions["submission_id"], submissions["source_file"],
                             submissions["source_part"], strict=True)
    }
    votes: dict[str, Counter] = {}
    for sid, topic in zip(segments["submission_id"], segments["topic_id"], strict=True):
        item = item_of.get(sid)
        if item is not None and topic >= 0:
            votes.setdefault(item, Counter())[int(topic)] += 1
    return np.array(
        [min(votes[i].items(), key=lambda kv: (-kv[1], kv[0]))[0] if i in votes else -1
         for i in ids],
        dtype=int,
    )


def run_umap_hdbscan(embeddings: np.ndarray, seed: int) -> np.ndarray:
    """The issue's baseline: UMAP to 10 d, then HDBSCAN (leaf, min cluster size 5)."""
    from hdbscan import HDBSCAN
    from umap import UMAP

    from pipeline.cluster.model import seed_everything

    seed_everything(seed)
    reduced = UMAP(n_neighbors=15, n_components=10, min_dist=0.0, metric="cosine",
                   random_state=seed).fit_transform(embeddings)
    return np.asarray(
        HDBSCAN(min_cluster_size=5, cluster_selection_method="leaf").fit_predict(reduced),
        dtype=int,
    )


def evaluate_inbox(gold: pd.DataFrame, params: Params, workdir: Path) -> dict:
    """Send ``gold`` through the pipeline in ``workdir`` and score it with the baselines."""
    from pipeline.cluster.evaluate import run_bertopic_default, score
    from pipeline.embeddings import embedding_cache

    start = time.perf_counter()
    where = write_inbox(gold, workdir / "raw")
    run_stages(params, workdir)
    ids = [str(i) for i in gold["id"]]
    # Wall times are for the printed table only; the metrics leave them out.
    results = {"ours": score(gold, item_topics(workdir, where, ids))
               | {"seconds": time.perf_counter() - start}}
    cache = embedding_cache(params)
    whole = cache.embed([str(t) for t in gold["text"]], params.cluster.text_kind)
    for name, fit in (
        ("umap_hdbscan_whole", lambda: run_umap_hdbscan(whole, params.seed)),
        ("bertopic_default", lambda: run_bertopic_default(gold["text"], whole, params.seed)),
    ):
        start = time.perf_counter()
        results[name] = score(gold, fit()) | {"seconds": time.perf_counter() - start}
    return {"n_items": len(gold), "systems": results}
