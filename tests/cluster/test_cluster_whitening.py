"""Paraphrase whitening (pipeline/cluster/whitening.py): what it learns, where it is switched
on and off, and that the evaluation never whitens a gold set with its own groups."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from pipeline.cluster.evaluate import DEV2_FILE, GOLD_FILE, INDEPENDENT_FILE, cross_fitted
from pipeline.cluster.incremental import fit_fingerprint
from pipeline.cluster.whitening import ParaphraseWhitening, fit_whitening, training_files_without
from pipeline.config import ClusterParams, Params

DIM = 24
NUISANCE = 20  # the direction paraphrases vary along (think: bokmål versus nynorsk)


def _groups(rng: np.random.Generator, first: int, n_groups: int, per_group: int = 6):
    """Groups apart along their own direction; members spread far along NUISANCE."""
    rows, labels = [], []
    for g in range(first, first + n_groups):
        centre = np.zeros(DIM)
        centre[g] = 1.0
        for _ in range(per_group):
            x = centre + 0.05 * rng.standard_normal(DIM)
            x[NUISANCE] += rng.choice([-1.5, 1.5])
            rows.append(x)
            labels.append(f"g{g}")
    return np.asarray(rows), np.asarray(labels)


def _margin(X: np.ndarray, labels: np.ndarray) -> float:
    """Mean cosine within groups minus mean cosine between groups."""
    unit = X / np.linalg.norm(X, axis=1, keepdims=True)
    sim = unit @ unit.T
    same = labels[:, None] == labels[None, :]
    off = ~np.eye(len(X), dtype=bool)
    return float(sim[same & off].mean() - sim[~same].mean())


def test_it_follows_the_sklearn_conventions():
    model = ParaphraseWhitening(shrinkage=3.0)
    assert model.get_params() == {"shrinkage": 3.0}
    assert not hasattr(model, "matrix_")
    assert clone(model).shrinkage == 3.0
    with pytest.raises(NotFittedError):
        model.transform(np.ones((2, DIM)))


def test_the_variation_learned_on_some_groups_is_shrunk_for_new_ones():
    rng = np.random.default_rng(0)
    train, train_labels = _groups(rng, 0, 8)
    new, new_labels = _groups(rng, 8, 8)  # other proposals, the same kind of variation
    model = ParaphraseWhitening(shrinkage=0.5).fit(train, train_labels)
    assert (model.n_groups_, model.n_units_) == (8, 48)
    assert _margin(model.transform(new), new_labels) > _margin(new, new_labels) + 0.3


def test_large_shrinkage_approaches_the_identity():
    rng = np.random.default_rng(1)
    X, labels = _groups(rng, 0, 8)
    unit = X / np.linalg.norm(X, axis=1, keepdims=True)
    out = ParaphraseWhitening(shrinkage=1e6).fit(X, labels).transform(X)
    cos = np.sum(unit * out, axis=1) / np.linalg.norm(out, axis=1)
    assert cos.min() > 0.999


def test_without_any_group_of_two_it_is_the_identity():
    X = np.random.default_rng(2).standard_normal((5, DIM))
    model = ParaphraseWhitening().fit(X, ["a", "b", "", None, "c"])
    assert model.n_groups_ == 0
    np.testing.assert_allclose(model.transform(X), X / np.linalg.norm(X, axis=1, keepdims=True),
                               rtol=1e-5)


def test_bad_input_is_refused_in_plain_words():
    X, labels = _groups(np.random.default_rng(3), 0, 3)
    with pytest.raises(ValueError, match="shrinkage"):
        ParaphraseWhitening(shrinkage=0).fit(X, labels)
    with pytest.raises(ValueError, match="24 values"):
        ParaphraseWhitening().fit(X, labels).transform(np.ones((2, 5)))


class _FakeCache:
    """Embeds a text as a fixed random vector of its words (same text, same vector)."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], str]] = []

    def embed(self, texts: list[str], kind: str) -> np.ndarray:
        self.calls.append((list(texts), kind))
        out = np.zeros((len(texts), DIM))
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i] += np.random.default_rng(sum(map(ord, word))).standard_normal(DIM)
        return out


def _params(labels: Path, files: list[str]) -> Params:
    params = Params()
    return params.model_copy(update={
        "paths": params.paths.model_copy(update={"labels": labels}),
        "cluster": params.cluster.model_copy(update={"whitening_files": files}),
    })


def _write_gold(path: Path) -> None:
    rows = [
        {"id": "a1", "text": "Doble fagforeningsfradraget", "group": "fradrag",
         "kind": "paraphrase"},
        {"id": "a2", "text": "Dobl fagforeiningsfrådraget", "group": "fradrag",
         "kind": "paraphrase"},
        {"id": "b1", "text": "Styrk Arbeidstilsynet", "group": "tilsyn", "kind": "paraphrase"},
        {"id": "b2", "text": "Fleire inspektørar i Arbeidstilsynet", "group": "tilsyn",
         "kind": "paraphrase"},
        {"id": "h1", "text": "Fjern fagforeningsfradraget", "group": "", "kind": "hard_negative"},
        {"id": "s1", "text": "Gratis ferje", "group": "", "kind": "singleton"},
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")


def test_the_stage_fits_on_the_paraphrases_of_the_listed_files(tmp_path: Path):
    _write_gold(tmp_path / "eval" / "sett.jsonl")
    cache = _FakeCache()
    model = fit_whitening(_params(tmp_path, ["eval/sett.jsonl"]), cache)
    assert model is not None and (model.n_groups_, model.n_units_) == (2, 4)
    (texts, kind), = cache.calls
    assert len(texts) == 4 and "Gratis ferje" not in texts  # paraphrases only
    assert kind == Params().cluster.text_kind  # embedded as the stage embeds proposals


def test_switched_off_or_without_its_files_there_is_no_transform(tmp_path: Path, caplog):
    assert fit_whitening(_params(tmp_path, []), _FakeCache()) is None
    with caplog.at_level(logging.WARNING):
        assert fit_whitening(_params(tmp_path, ["eval/mangler.jsonl"]), _FakeCache()) is None
    assert "mangler.jsonl" in caplog.text


def test_a_changed_transform_means_a_refit():
    cp = ClusterParams()
    assert fit_fingerprint(cp, 1, "abc") != fit_fingerprint(cp, 1, "abd")
    assert fit_fingerprint(cp, 1, "abc") == fit_fingerprint(cp, 1, "abc")


def test_a_gold_set_is_never_whitened_with_its_own_groups():
    params = Params()
    params = params.model_copy(update={"cluster": params.cluster.model_copy(
        update={"whitening_files": [GOLD_FILE, DEV2_FILE]})})
    assert cross_fitted(params, GOLD_FILE).cluster.whitening_files == [DEV2_FILE]
    assert cross_fitted(params, DEV2_FILE).cluster.whitening_files == [GOLD_FILE]
    assert (cross_fitted(params, INDEPENDENT_FILE).cluster.whitening_files
            == params.cluster.whitening_files)
    assert training_files_without(["eval/a.jsonl", "b.jsonl"], "x/b.jsonl") == ["eval/a.jsonl"]


def test_the_independent_set_is_refused_as_training_data():
    with pytest.raises(ValidationError, match="held-out"):
        ClusterParams(whitening_files=[GOLD_FILE, INDEPENDENT_FILE])


def test_params_yaml_ships_what_the_defaults_say():
    import yaml

    root = Path(__file__).resolve().parents[2]
    shipped = yaml.safe_load((root / "params.yaml").read_text(encoding="utf-8"))["cluster"]
    defaults = ClusterParams()
    assert shipped["whitening_files"] == defaults.whitening_files
    assert shipped["whitening_shrinkage"] == defaults.whitening_shrinkage
