"""Stage ``eval_cluster``: measure the proposal clustering against the gold groups.

Gold set: ``data/labels/eval/proposal_groups.jsonl`` (264 short proposals in 19 paraphrase
groups, plus singletons and hard negatives). Three systems run in the same call on the same
texts, the first two on the same cached embeddings:

- ``ours``: :func:`pipeline.cluster.model.fit_topics` with ``params.cluster`` (the stage's model);
- ``bertopic_default``: ``BERTopic()`` with default settings, only UMAP seeded;
- ``tfidf``: TF-IDF (character 3–5-grams) + agglomerative clustering (cosine, average
  linkage), the number of clusters chosen by silhouette.

Scores: adjusted Rand index and NMI over all items (each singleton, hard negative and each
item left in topic -1 is its own cluster), and *recovered groups*: a gold group is recovered
when one topic holds ≥ 70 % of its members and those members are ≥ 70 % of that topic;
reported for groups with ≥ 6 members and overall. Also: how many hard negatives land in the
topic that holds most of their ``near_group``.

Then the gold sets, the development set above, a second development set with more varied
wordings (``proposal_groups_dev2.jsonl``), a third by another writer (``..._dev3.jsonl``) and
``proposal_groups_independent.jsonl`` (written from the booklet and a brief only, frozen before
any tuning, never tuned on), are sent through the whole pipeline as a web-form export
(:mod:`.inbox_eval`): ``inbox_dev``, ``inbox_dev2``, ``inbox_dev3`` and ``inbox_independent`` in
the metrics, each with the whole-answer UMAP+HDBSCAN and default
BERTopic baselines. Also per system: the median (and quartiles) of a group's coverage (its
share in its best topic) and purity (that topic's share from the group), and the share of
group members left without a topic.

``benchmarks/cluster_eval.py`` prints the first table through :func:`evaluate` and
:func:`format_table`.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import common
from pipeline.config import Params

GOLD_FILE = "eval/proposal_groups.jsonl"
DEV2_FILE = "eval/proposal_groups_dev2.jsonl"
"""A second development set, also written from the booklet and a brief (varied wordings)."""
DEV3_FILE = "eval/proposal_groups_dev3.jsonl"
"""A third development set, by a third writer with the same kind of brief (19 groups)."""
INDEPENDENT_FILE = "eval/proposal_groups_independent.jsonl"
"""Written from the booklet and a brief only, frozen before tuning (its README says how)."""
RECOVERY = 0.7
BIG_GROUP = 6


def load_gold(params: Params, name: str = GOLD_FILE) -> pd.DataFrame:
    path = Path(params.paths.labels) / name
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return pd.DataFrame(rows)


def _as_clusters(labels: np.ndarray, prefix: str = "t") -> list[str]:
    """Cluster ids where every -1 is its own singleton cluster."""
    return [f"{prefix}{t}" if t >= 0 else f"{prefix}-1-{i}" for i, t in enumerate(labels)]


def gold_clusters(gold: pd.DataFrame) -> list[str]:
    return [
        g if isinstance(g, str) and g else f"single-{i}"
        for i, g in zip(gold["id"], gold["group"], strict=True)
    ]


def score(gold: pd.DataFrame, predicted: np.ndarray, subset: np.ndarray | None = None) -> dict:
    """ARI, NMI, recovered groups and hard-negative leakage for one system.

    ``subset`` (boolean mask over the items) scores only those items (split-half
    evaluation): ARI/NMI over them, their groups and hard negatives; a topic's purity
    still counts all its members, so merging a group with one from the other half hurts.
    """
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    predicted = np.asarray(predicted, dtype=int)
    sizes = Counter(t for t in predicted.tolist() if t >= 0)
    if subset is not None:
        subset = np.asarray(subset, dtype=bool)
        gold = gold[subset].reset_index(drop=True)
        predicted = predicted[subset]
    truth = gold_clusters(gold)
    pred = _as_clusters(predicted)
    recovered, recovered_big, n_big = 0, 0, 0
    per_group, coverage, purity = {}, [], []
    groups = gold["group"].dropna()
    in_groups = gold["group"].notna().to_numpy()
    for group in sorted(groups.unique()):
        members = predicted[(gold["group"] == group).to_numpy()]
        counts = Counter(t for t in members.tolist() if t >= 0)
        ok = False
        cov = pur = 0.0
        if counts:
            topic, hit = counts.most_common(1)[0]
            cov, pur = hit / len(members), hit / sizes[topic]
            ok = cov >= RECOVERY and pur >= RECOVERY
        coverage.append(cov)
        purity.append(pur)
        per_group[group] = bool(ok)
        recovered += ok
        if len(members) >= BIG_GROUP:
            n_big += 1
            recovered_big += ok
    # hard negatives swallowed by the topic of their near group
    leaked, n_hn = 0, 0
    for i, row in enumerate(gold.itertuples()):
        if row.kind != "hard_negative" or not row.near_group or predicted[i] < 0:
            n_hn += row.kind == "hard_negative"
            continue
        n_hn += 1
        members = predicted[(gold["group"] == row.near_group).to_numpy()]
        counts = Counter(t for t in members.tolist() if t >= 0)
        if counts and counts.most_common(1)[0][0] == predicted[i]:
            leaked += 1
    n_groups = int(groups.nunique())
    return {
        "ari": float(adjusted_rand_score(truth, pred)),
        "nmi": float(normalized_mutual_info_score(truth, pred)),
        "recovered_big": recovered_big,
        "n_big": n_big,
        "recovered_big_share": recovered_big / n_big if n_big else 0.0,
        "recovered_all": recovered,
        "n_groups": n_groups,
        "recovered_all_share": recovered / n_groups if n_groups else 0.0,
        "n_topics": len({t for t in predicted.tolist() if t >= 0}),
        "outlier_share": float(np.mean(predicted == -1)),
        "hard_negatives_leaked": leaked,
        # coverage: share of a group in its best topic; purity: share of that topic from it
        "coverage_median": float(np.median(coverage)) if coverage else 0.0,
        "coverage_quartiles": [float(q) for q in np.quantile(coverage, [0.25, 0.75])]
        if coverage
        else [0.0, 0.0],
        "purity_median": float(np.median(purity)) if purity else 0.0,
        "purity_quartiles": [float(q) for q in np.quantile(purity, [0.25, 0.75])]
        if purity
        else [0.0, 0.0],
        "members_without_topic_share": float(np.mean(predicted[in_groups] == -1))
        if in_groups.any()
        else 0.0,
        "n_hard_negatives": n_hn,
        "groups": per_group,
    }


def gold_texts(gold: pd.DataFrame) -> list[str]:
    """The gold texts as the stage embeds them (:func:`~pipeline.cluster.text.proposal_text`)."""
    from pipeline.cluster.text import proposal_text

    return [proposal_text(t) for t in gold["text"]]


def gold_inputs(gold: pd.DataFrame, params: Params):
    """Lemma docs and cached passage embeddings for the gold texts, as in the stage.

    Lemmas of the whole text (the stage's ``lemmas`` column), embeddings of
    :func:`gold_texts`.
    """
    from pipeline.cluster.text import lemma_doc, simple_lemmas
    from pipeline.embeddings import embedding_cache

    docs = [
        lemma_doc(simple_lemmas(t, lang), t)
        for t, lang in zip(gold["text"], gold["language"], strict=True)
    ]
    cache = embedding_cache(params)
    embeddings = cache.embed(gold_texts(gold), params.cluster.text_kind)
    return docs, embeddings, cache


def run_ours(
    docs, embeddings, params: Params, cache=None, texts=None, languages=None
) -> np.ndarray:
    from pipeline.cluster.model import fit_topics
    from pipeline.embeddings import bertopic_backend

    backend = bertopic_backend(cache) if cache is not None else None
    # Representations do not change the partition; skip them here for speed.
    fit = fit_topics(
        docs,
        embeddings,
        params.cluster,
        params.seed,
        backend,
        with_representation=False,
        texts=texts,
        languages=languages,
    )
    return fit.topics


def run_bertopic_default(texts, embeddings, seed: int) -> np.ndarray:
    from bertopic import BERTopic
    from umap import UMAP

    from pipeline.cluster.model import seed_everything

    seed_everything(seed)
    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    model = BERTopic(umap_model=umap)
    topics, _ = model.fit_transform(list(texts), embeddings=embeddings)
    return np.asarray(topics, dtype=int)


def run_tfidf(texts, seed: int) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import silhouette_score

    X = (
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        .fit_transform([t.lower() for t in texts])
        .toarray()
    )
    best, best_labels = -2.0, None
    n = len(texts)
    for k in range(max(2, n // 40), max(3, n // 3), max(1, n // 80)):
        labels = AgglomerativeClustering(
            n_clusters=k, metric="cosine", linkage="average"
        ).fit_predict(X)
        s = silhouette_score(X, labels, metric="cosine")
        if s > best:
            best, best_labels = s, labels
    assert best_labels is not None  # a silhouette is > -2: the first k already set it
    # Clusters of one are "no topic", like HDBSCAN's noise.
    sizes = Counter(best_labels.tolist())
    return np.array([t if sizes[t] > 1 else -1 for t in best_labels], dtype=int)


def cross_fitted(params: Params, evaluated: str) -> Params:
    """``params`` for measuring the gold set ``evaluated``: the paraphrase whitening
    (:mod:`.whitening`) is fitted on the other development sets, never on the one measured."""
    from pipeline.cluster.whitening import training_files_without

    files = training_files_without(list(params.cluster.whitening_files), evaluated)
    return params.model_copy(
        update={"cluster": params.cluster.model_copy(update={"whitening_files": files})}
    )


def evaluate(params: Params) -> dict:
    """Run the three systems on the gold set and score them (ours cross-fitted)."""
    from pipeline.cluster.whitening import fit_whitening

    gold = load_gold(params)
    docs, embeddings, cache = gold_inputs(gold, params)
    whitening = fit_whitening(cross_fitted(params, GOLD_FILE), cache)
    whitened = whitening.transform(embeddings) if whitening is not None else embeddings
    results = {}
    for name, fn in (
        (
            "ours",
            lambda: run_ours(
                docs, whitened, params, cache, gold_texts(gold), list(gold["language"])
            ),
        ),
        ("bertopic_default", lambda: run_bertopic_default(gold["text"], embeddings, params.seed)),
        ("tfidf", lambda: run_tfidf(list(gold["text"]), params.seed)),
    ):
        start = time.perf_counter()
        predicted = fn()
        results[name] = score(gold, predicted) | {"seconds": time.perf_counter() - start}
    return {"n_items": len(gold), "systems": results}


def format_table(result: dict) -> str:
    lines = [
        f"{'system':<18} {'ARI':>6} {'NMI':>6} {'groups>=6':>10} {'all groups':>11} "
        f"{'topics':>6} {'-1 share':>8} {'HN leak':>8} {'sec':>6}",
    ]
    for name, r in result["systems"].items():
        lines.append(
            f"{name:<18} {r['ari']:>6.3f} {r['nmi']:>6.3f} "
            f"{r['recovered_big']:>4}/{r['n_big']:<2} {r['recovered_big_share']:>3.0%} "
            f"{r['recovered_all']:>4}/{r['n_groups']:<2} {r['recovered_all_share']:>4.0%} "
            f"{r['n_topics']:>6} {r['outlier_share']:>8.2f} "
            f"{r['hard_negatives_leaked']:>4}/{r['n_hard_negatives']:<3} {r['seconds']:>6.1f}"
        )
    return "\n".join(lines)


def _metrics_of(result: dict) -> dict:
    """Metrics of one evaluation: no wall times (identical inputs, identical metrics)."""
    metrics: dict = {"n_items": result["n_items"]}
    for name, r in result["systems"].items():
        metrics[name] = {k: v for k, v in r.items() if k not in ("groups", "seconds")}
        metrics[name]["groups_recovered"] = sorted(g for g, ok in r["groups"].items() if ok)
    return metrics


def evaluate_inboxes(params: Params) -> dict[str, dict]:
    """The gold sets sent through the pipeline as a form export (:mod:`.inbox_eval`)."""
    import tempfile

    from pipeline.cluster.inbox_eval import evaluate_inbox

    results = {}
    for key, name in (("inbox_dev", GOLD_FILE), ("inbox_dev2", DEV2_FILE),
                      ("inbox_dev3", DEV3_FILE), ("inbox_independent", INDEPENDENT_FILE)):
        with tempfile.TemporaryDirectory(prefix="innspill-eval-") as workdir:
            results[key] = evaluate_inbox(load_gold(params, name), cross_fitted(params, name),
                                          Path(workdir))
    return results


def run(params: Params) -> None:
    result = evaluate(params)
    metrics = _metrics_of(result)
    print("Utviklingssettet, gruppering av fasittekstene direkte:")
    print(format_table(result))
    for key, inbox in evaluate_inboxes(params).items():
        metrics[key] = _metrics_of(inbox)
        print(f"\n{key}: sendt gjennom innlesing, språkbehandling, tema og gruppering:")
        print(format_table(inbox))
    common.write_metrics("eval_cluster", metrics)
    ours = metrics["inbox_independent"]["ours"]
    common.summary(
        "eval_cluster",
        f"uavhengig sett: ARI {ours['ari']:.2f}, {ours['recovered_big']}/{ours['n_big']} "
        f"store grupper gjenfunnet, {ours['members_without_topic_share']:.0%} uten gruppe "
        f"(utviklingssett: {metrics['ours']['recovered_big']}/{metrics['ours']['n_big']})",
    )
