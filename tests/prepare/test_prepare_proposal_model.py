"""The proposal classifier: the forms the rules miss, hard negatives, training from the
committed files, determinism, parameter validation and the prepare cache key.

None of the sentences below is in the training files (checked in
``test_test_sentences_are_not_training_sentences``), so the tests measure generalisation,
not memory. Runs without ``../shared``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from pipeline.config import ConfigError, Params, load_params
from pipeline.prepare import settings_digest
from pipeline.prepare.evaluate import split_of
from pipeline.prepare.proposal_model import (
    build_classifier,
    get_classifier,
    load_training_records,
    training_digest,
    views_of,
)
from pipeline.spacy_backend import load_backend

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "data" / "labels"

PROPOSALS = {
    "imperative": ["Styrk lærlingordningen i kommunene!", "Forby innleie i hele helsesektoren."],
    "nominal": ["Mer fast ansatte, mindre vikarbruk.",
                "Flere lærlingplasser i staten, færre konsulenter."],
    "slutt_pa": ["Slutt på ufrivillig deltid i barnehagene!", "Slutt på sosial dumping i havnene!"],
    "hovedregel": ["Hele stillinger som hovedregel i sykehusene.",
                   "Fast tilsetjing som hovudregel i barnehagane."],
    "nynorsk": ["Gje reinhaldarane faste stillingar i kommunen.",
                "Kommunen bør krevje tariffavtale for alle underleverandørar."],
    "english": ["Ban staffing agencies in public hospitals.",
                "The state should give every apprentice a permanent contract."],
    "two_sentence": ["Mange butikkansatte jobber bare helg. Gi dem hele stillinger!"],
}
NON_PROPOSALS = {
    "description": ["Mange må jobbe deltid fordi det ikke finnes hele stillinger i hjemmet.",
                    "Halvparten av de ansatte på lageret er innleid fra byrå."],
    "question": ["Hvorfor får ikke renholderne fast jobb?",
                 "Kva meiner fylkespartiet om vikarbyrå?"],
    "greeting": ["Hei, og takk for et godt debatthefte!", "Med vennlig hilsen klubbstyret"],
    "past_decision": ["Bystyret vedtok seriøsitetskrav for kommunale anbud i 2018.",
                      "Landsmøtet gikk inn for lovfestet heltid for fire år siden."],
}


@pytest.fixture(scope="module")
def backend():
    return load_backend(Params().prepare.model)


@pytest.fixture(scope="module")
def classifier(backend):
    return get_classifier(Params(), backend)


def _flat(cases: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(kind, text) for kind, texts in cases.items() for text in texts]


@pytest.mark.parametrize(("kind", "text"), _flat(PROPOSALS))
def test_proposal_forms_the_rules_miss_are_detected(classifier, backend, kind, text):
    assert classifier.predict(views_of([text], backend))[0] == 1, (kind, text)


@pytest.mark.parametrize(("kind", "text"), _flat(NON_PROPOSALS))
def test_descriptions_questions_greetings_and_past_decisions_are_not(classifier, backend,
                                                                     kind, text):
    assert classifier.predict(views_of([text], backend))[0] == 0, (kind, text)


def test_test_sentences_are_not_training_sentences():
    texts = {r["text"] for r in load_training_records(
        LABELS, Params().prepare.proposal_classifier.training_files)}
    for _, text in _flat(PROPOSALS) + _flat(NON_PROPOSALS):
        assert text not in texts


def test_training_uses_the_committed_files_and_only_the_tune_split():
    cfg = Params().prepare.proposal_classifier
    records = load_training_records(LABELS, cfg.training_files)
    by_file = {name: [r for r in records if r["id"].startswith(name + ":")]
               for name in cfg.training_files}
    assert all(by_file.values())  # every committed file contributes
    eval_ids = [r["id"].split(":", 1)[1] for r in by_file["eval/proposals.jsonl"]]
    assert all(split_of(i) == "tune" for i in eval_ids)  # never the test split
    assert all(r["is_proposal"] for r in by_file["eval/proposal_groups.jsonl"])
    assert not any("independent" in r["id"] for r in records)
    labels = {r["is_proposal"] for r in records}
    assert labels == {True, False}


def test_same_input_same_output(backend, classifier):
    texts = [t for _, t in _flat(PROPOSALS) + _flat(NON_PROPOSALS)]
    cfg = Params().prepare.proposal_classifier
    records = load_training_records(LABELS, cfg.training_files)
    views = views_of([r["text"] for r in records], backend)
    again = build_classifier(cfg, seed=Params().seed).fit(
        views, [r["is_proposal"] for r in records])
    x = views_of(texts, backend)
    np.testing.assert_array_equal(classifier.predict_proba(x), again.predict_proba(x))


def test_headings_and_signatures_are_never_proposals(classifier, backend):
    from dataclasses import replace

    view = views_of(["Forby innleie i byggebransjen"], backend)[0]
    assert classifier.predict([view])[0] == 1
    assert classifier.predict([replace(view, is_heading=True)])[0] == 0
    assert classifier.predict([replace(view, is_signature=True)])[0] == 0


@pytest.mark.parametrize("bad", [
    {"threshold": 1.5},
    {"threshold": 0},
    {"char_ngrams": [4, 2]},
    {"word_ngrams": [0, 1]},
    {"method": "magic"},
    {"estimator": "random_forest"},
    {"C": -1},
    {"training_files": []},
    {"training_files": ["eval/proposals_independent.jsonl"]},
    {"thershold": 0.5},
])
def test_classifier_params_are_validated(tmp_path, bad):
    path = tmp_path / "params.yaml"
    import yaml

    path.write_text(yaml.safe_dump({"prepare": {"proposal_classifier": bad}}), encoding="utf-8")
    with pytest.raises(ConfigError):
        load_params(path)


def test_params_yaml_is_in_sync_with_the_defaults():
    shipped = load_params(ROOT / "params.yaml").prepare.proposal_classifier
    assert shipped.method == "classifier"
    assert shipped == Params().prepare.proposal_classifier


def test_prepare_cache_key_follows_training_data_and_params(tmp_path):
    base = Params()
    digest = settings_digest("m", base, [], "combined")
    tuned = Params.model_validate({"prepare": {"proposal_classifier": {"threshold": 0.3}}})
    assert settings_digest("m", tuned, [], "combined") != digest
    labels = tmp_path / "labels"
    shutil.copytree(LABELS, labels)
    moved = Params.model_validate({"paths": {"labels": str(labels)}})
    assert settings_digest("m", moved, [], "combined") == digest  # same bytes, same key
    before = training_digest(labels, base.prepare.proposal_classifier.training_files)
    with open(labels / "train" / "proposals_written.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"id": "w999", "text": "Forby nattarbeid for lærlinger.", '
                 '"is_proposal": true, "language": "nb", "kind": "imperative"}\n')
    assert training_digest(labels, base.prepare.proposal_classifier.training_files) != before
    assert settings_digest("m", moved, [], "combined") != digest


def test_missing_training_data_is_a_clear_error(tmp_path, backend):
    params = Params.model_validate({"paths": {"labels": str(tmp_path)}})
    with pytest.raises(FileNotFoundError, match="Treningsdata"):
        get_classifier(params, backend)


def test_rules_method_keeps_the_rules_decision():
    import pandas as pd

    from pipeline.prepare import prepare_frames
    from pipeline.schema import THEME_IDS, score_column

    text = "Mange jobber deltid.\n\nSlutt på ufrivillig deltid i barnehagene!"
    subs = pd.DataFrame([{
        "submission_id": "s0", "source_file": "a.txt", "source_part": "",
        "received_at": pd.Timestamp("2026-03-01", tz="UTC"), "submitter_type": "ukjent",
        "organisation": "", "fylke": "", "kommune": "", "language": "", "text": text,
        "text_redacted": "", "duplicate_of": "", "campaign_id": "", "themes": [],
        **{score_column(t): float("nan") for t in THEME_IDS}, "format": "txt"}])
    backend = load_backend(Params().prepare.model)
    rules = Params.model_validate({"prepare": {"proposal_classifier": {"method": "rules"}}})
    seg_rules = prepare_frames(subs, backend, rules).segments
    assert list(seg_rules["is_proposal"]) == [bool(r) for r in seg_rules["proposal_rule"]]
    seg_clf = prepare_frames(subs, backend, Params()).segments
    assert list(seg_clf["proposal_rule"]) == list(seg_rules["proposal_rule"])
    assert bool(seg_clf["is_proposal"].iloc[-1]) and not bool(seg_clf["is_proposal"].iloc[0])


def test_evaluation_reports_rules_and_classifier_per_language(backend):
    from pipeline.prepare.evaluate import evaluate_proposal_methods

    records = [{"id": f"t{i}", "text": text, "is_proposal": label, "language": lang}
               for i, (text, label, lang) in enumerate([
                   ("Slutt på ufrivillig deltid i barnehagene!", True, "nb"),
                   ("Gje reinhaldarane faste stillingar i kommunen.", True, "nn"),
                   ("Hvorfor får ikke renholderne fast jobb?", False, "nb"),
               ])]
    out = evaluate_proposal_methods({"mini": records}, backend, Params())
    assert set(out) == {"rules", "classifier"}
    for method in out.values():
        assert set(method["mini"]["per_language"]) == {"nb", "nn"}
        assert method["mini"]["n"] == 3
    assert out["classifier"]["mini"]["overall"]["recall"] == 1.0


def test_fast_probabilities_are_the_calibrated_ensembles(classifier, backend):
    texts = [t for _, t in _flat(PROPOSALS) + _flat(NON_PROPOSALS)]
    views = views_of(texts, backend)
    expected = classifier.model_.predict_proba(classifier._transform(views))
    np.testing.assert_allclose(classifier.predict_proba(views), expected, atol=1e-12)


def test_classifier_defaults_are_the_params_section():
    """Declared once: the estimator's defaults are those of ``prepare.proposal_classifier``."""
    from pipeline.config import ProposalClassifierParams
    from pipeline.prepare.proposal_model import ProposalClassifier

    cfg = ProposalClassifierParams()
    params = ProposalClassifier().get_params()
    for name in ("estimator", "C", "char_ngrams", "word_ngrams", "n_features", "cv_folds",
                 "threshold"):
        assert params[name] == getattr(cfg, name), name
