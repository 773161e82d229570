"""Time the cluster stage on a synthetic corpus of N segments (default 10 000).

The corpus recombines the gold proposals: each synthetic segment is a gold text with light
noise (a dropped or swapped word, a filler opening, casing), about 8 % of them sent as
campaign copies. Run twice to see the cached (second) run:

    .venv/bin/python benchmarks/cluster_scale.py [--n 10000] [--cache /tmp/innspill-scale]

With ``--score`` the topics are also scored against the gold group of every copy (ARI, and
gold groups recovered by the 70 %/70 % rule of ``pipeline.cluster.evaluate``), for
``params.yaml`` and for each ``--snn-weight W:THRESHOLD`` variant given.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import pandas as pd

from pipeline.config import load_params
from pipeline.schema import THEME_IDS, score_column

ROOT = Path(__file__).resolve().parent.parent

OPENERS = ["", "", "", "Vi mener at ", "Jeg foreslår: ", "Eg meiner ", "Forslag: ", "Viktig: "]


def noisy(text: str, rng: random.Random) -> str:
    words = text.split()
    r = rng.random()
    if r < 0.3 and len(words) > 4:
        del words[rng.randrange(len(words))]
    elif r < 0.5 and len(words) > 4:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    out = rng.choice(OPENERS) + " ".join(words)
    return out.lower() if rng.random() < 0.1 else out


def synthetic(n: int, seed: int = 42) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Submissions, segments and each segment's gold group ("single:<id>" for singletons)."""
    from pipeline.cluster.text import simple_lemmas

    rng = random.Random(seed)
    gold = [
        json.loads(x)
        for x in (
            Path("data/labels/eval/proposal_groups.jsonl").read_text(encoding="utf-8").splitlines()
        )
    ]
    subs, segs, groups = [], [], []
    i = 0
    while len(segs) < n:
        item = rng.choice(gold)
        text = noisy(item["text"], rng)
        theme = THEME_IDS[hash(item["group"] or item["id"]) % 3]
        copies = rng.randint(3, 12) if rng.random() < 0.01 else 1
        campaign = f"k{i}" if copies > 1 else ""
        groups += [item["group"] or f"single:{item['id']}"] * copies
        for _ in range(copies):
            sid = f"s{i}"
            i += 1
            subs.append(
                {
                    "submission_id": sid,
                    "source_file": f"{sid}.txt",
                    "source_part": "",
                    "received_at": pd.Timestamp("2025-01-01", tz="UTC"),
                    "submitter_type": "privatperson",
                    "organisation": "",
                    "fylke": "",
                    "kommune": "",
                    "language": item["language"],
                    "text": text,
                    "text_redacted": text,
                    "duplicate_of": "",
                    "campaign_id": campaign,
                    "themes": [theme],
                    **{score_column(t): float(t == theme) for t in THEME_IDS},
                }
            )
            segs.append(
                {
                    "segment_id": f"{sid}-0",
                    "submission_id": sid,
                    "position": 0,
                    "start": 0,
                    "end": len(text),
                    "text_redacted": text,
                    "language": item["language"],
                    "lemmas": simple_lemmas(text, item["language"]),
                    "is_proposal": True,
                    "themes": [theme],
                    **{score_column(t): float(t == theme) for t in THEME_IDS},
                    "question_id": "",
                    "topic_id": -1,
                }
            )
    return pd.DataFrame(subs), pd.DataFrame(segs[:n]), groups[:n]


def score_topics(topic_ids, groups: list[str]) -> dict:
    """ARI and gold groups recovered (≥ 70 % of the group in one topic, ≥ 70 % of it)."""
    import numpy as np
    from sklearn.metrics import adjusted_rand_score

    pred, gold = np.asarray(topic_ids), np.asarray(groups)
    real = sorted({g for g in groups if not g.startswith("single:")})
    recovered = 0
    for group in real:
        members = pd.Series(pred[gold == group]).value_counts()
        top, n = members.index[0], members.iloc[0]
        if top >= 0 and n / (gold == group).sum() >= 0.7 and n / (pred == top).sum() >= 0.7:
            recovered += 1
    return {"ari": round(adjusted_rand_score(gold, pred), 3),
            "groups_recovered": f"{recovered}/{len(real)}"}


def main() -> None:
    from pipeline.cluster import cluster_frames
    from pipeline.embeddings import EmbeddingCache, make_embedder

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--cache", default="/tmp/innspill-scale-cache")
    parser.add_argument("--params", default=str(ROOT / "params.yaml"),
                        help="the project's parameters (default: params.yaml)")
    parser.add_argument("--score", action="store_true", help="score against the gold groups")
    parser.add_argument("--snn-weight", nargs="*", default=[], metavar="W:THRESHOLD",
                        help="with --score: also try these snn_weight:distance_threshold pairs")
    args = parser.parse_args()
    params = load_params(args.params)
    params = params.model_copy(
        update={"paths": params.paths.model_copy(update={"cache": Path(args.cache)})})
    start = time.perf_counter()
    submissions, segments, groups = synthetic(args.n, params.seed)
    print(f"built {len(segments)} segments in {time.perf_counter() - start:.1f}s")
    cache = EmbeddingCache(
        make_embedder(params.embedder), params.paths.cache / "embeddings"
    )
    start = time.perf_counter()
    out, topics, metrics, _ = cluster_frames(segments, submissions, params, cache)
    metrics["seconds"] = time.perf_counter() - start
    print(json.dumps({k: v for k, v in metrics.items() if k != "overrides_stale"}, indent=1))
    print(topics[["label", "n_segments", "n_submissions"]].head(10).to_string())
    if args.score:
        print("params.yaml:", len(topics), "topics", score_topics(out["topic_id"], groups))
        for pair in args.snn_weight:
            weight, threshold = (float(x) for x in pair.split(":"))
            variant = params.model_copy(update={"cluster": params.cluster.model_copy(
                update={"snn_weight": weight, "distance_threshold": threshold})})
            out, topics, _, _ = cluster_frames(segments, submissions, variant, cache)
            print(f"snn_weight {weight}, distance_threshold {threshold}:", len(topics),
                  "topics", score_topics(out["topic_id"], groups))


if __name__ == "__main__":
    main()
