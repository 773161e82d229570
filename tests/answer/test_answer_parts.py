"""The answer stage's parts: label sets, question model and rule, stance model (issue 18)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from pipeline.answer.assign import (
    AssignmentRule,
    calibrate,
    direct_questions,
    pair_scores,
    score_matrix,
)
from pipeline.answer.labels import (
    map_foreign_questions,
    read_set,
    read_sets,
    stance_rows,
)
from pipeline.answer.models import fit_models
from pipeline.answer.question_model import QuestionClassifier, out_of_group_proba
from pipeline.answer.stance import StanceModel, mask_names, sentences, stance_scores
from pipeline.common import UserError
from pipeline.config import Params
from pipeline.schema import STANCES
from pipeline.taxonomy import load_taxonomy

LABELS = Path(__file__).resolve().parents[2] / "data" / "labels"
ROOT_TAXONOMY = Path(__file__).resolve().parents[2] / "pipeline" / "taxonomy" / "arbeidsliv.yaml"
ANSWER = Params().answer
TRAIN_FILE = ANSWER.stance.training_files[0]
DEV_FILE = ANSWER.eval.dev_file


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy("arbeidsliv")


@pytest.fixture(scope="module")
def trained(taxonomy):
    rows = stance_rows(read_set(LABELS / TRAIN_FILE), taxonomy)
    return StanceModel(taxonomy.yes_no_ids, None, C=ANSWER.stance.C, embedding_weight=0.0,
                       sentence_weight=ANSWER.stance.sentence_weight, seed=42).fit(
        rows["text"], rows["stance_question"], rows["stance"], evidence=rows["evidence"])


@pytest.fixture(scope="module")
def fitted_on_written_sets(taxonomy):
    """The answer stage's models (:func:`fit_models`) fitted on all committed sets, the
    question model on n-grams alone (the tagger's scores are not at hand here)."""
    answer = ANSWER.model_copy(update={
        "question": ANSWER.question.model_copy(update={"score_weight": 0.0})})
    calibration = read_sets(LABELS, answer.question.calibration_files, taxonomy,
                            answer.booklet_questions)
    training = read_sets(LABELS, answer.stance.training_files, taxonomy,
                         answer.booklet_questions)
    return fit_models(answer, taxonomy, calibration,
                      np.zeros((len(calibration), len(taxonomy.question_ids))), training,
                      None, seed=0)


def test_written_sets_are_large_enough_and_well_formed(taxonomy):
    train = read_set(LABELS / TRAIN_FILE)
    dev = read_set(LABELS / DEV_FILE)
    known = set(taxonomy.question_ids)
    for frame in (train, dev):
        assert frame["id"].is_unique
        assert all(set(ids) <= known for ids in frame["question_ids"])
        for _, row in frame[frame["stance"] != ""].iterrows():
            assert row["stance"] in STANCES
            assert row["evidence"] in row["text"]
    rows = stance_rows(train, taxonomy)
    assert len(rows) >= 300
    assert set(rows["stance"]) == set(STANCES)
    assert (train["language"] == "nn").sum() >= 80
    for kind in ("negated", "hedged", "other_municipality", "demand_not_status",
                 "word_overlap_only"):
        assert (train["kind"] == kind).sum() >= 5, kind
    assert not set(train["text"]) & set(dev["text"])


def test_no_fitted_text_is_in_an_independent_set():
    """The frozen sets measure text nobody fitted on: no training, calibration or dev text
    appears in them word for word."""
    fitted = {*ANSWER.stance.training_files, *ANSWER.question.calibration_files,
              ANSWER.eval.dev_file}
    seen = {t for name in fitted for t in read_set(LABELS / name)["text"]}
    independent = ANSWER.eval.independent_paths(LABELS)
    assert independent
    for name in independent:
        assert not seen & set(read_set(LABELS / name)["text"]), name


def test_taxonomy_marks_the_yes_no_questions(taxonomy):
    yes_no = set(taxonomy.yes_no_ids)
    assert {"oa_seriositetskrav", "nt_plattformer", "nt_frilansere", "oo_omsorgshender",
            "nt_ansattereiser_vilje", "nt_fleksibilitet_status"} <= yes_no
    assert "nt_ansattereiser_motivasjon" not in yes_no and "oa_faste_stillinger" not in yes_no
    [closed] = taxonomy.closed_questions
    assert closed.question == "oa_seriositetskrav"
    assert closed.mentions("Vi følger Skiensmodellen.") and not closed.mentions("Anbud.")


def test_independent_question_ids_map_by_text(taxonomy):
    questions = yaml.safe_load(
        (LABELS / ANSWER.booklet_questions).read_text(encoding="utf-8"))
    mapping = map_foreign_questions(questions, taxonomy)
    assert mapping["q06"] == ["oa_seriositetskrav"]
    assert mapping["q16"] == ["nt_ansattereiser_vilje"]
    assert mapping["q18"] == ["nt_fleksibilitet_status"]
    assert sorted(mapping["q08"]) == ["oa_seriositetskrav_kontroll", "oa_seriositetskrav_skjerpe"]
    assert mapping["q01"] == []
    foreign_yes_no = {q["id"] for q in questions if q["yes_no"]}
    assert {m for q in foreign_yes_no for m in mapping[q]} == set(taxonomy.yes_no_ids)


def test_independent_set_keeps_taxonomy_ids_and_groups_split_questions(tmp_path, taxonomy):
    (tmp_path / "q.yaml").write_text(yaml.safe_dump([
        {"id": "q08", "text": "Hvis ja: hvordan kan vi gjøre kravene tydeligere og mer "
                              "forpliktende, samt kontrollerer at kravene følges?"}],
        allow_unicode=True), encoding="utf-8")
    (tmp_path / "ind.jsonl").write_text(
        '{"id": "a", "text": "x", "question_ids": ["q08"], "stance": null}\n'
        '{"id": "b", "text": "y", "question_ids": ["oa_seriositetskrav", "q99"], '
        '"stance": "ja", "evidence": "y"}\n', encoding="utf-8")
    frame = read_sets(tmp_path, ["ind.jsonl"], taxonomy, "q.yaml")
    assert frame["gold_groups"].tolist() == [
        [["oa_seriositetskrav_kontroll", "oa_seriositetskrav_skjerpe"]],
        [["oa_seriositetskrav"]]]
    assert frame["foreign_question_ids"].tolist() == [["q08"], ["oa_seriositetskrav", "q99"]]


def test_a_missing_labelled_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="finnes|Fant ikke"):
        read_set(tmp_path / "nope.jsonl")


def test_stance_model_generalises_to_the_dev_set(taxonomy, trained):
    dev = stance_rows(read_set(LABELS / DEV_FILE), taxonomy)
    scores = stance_scores(dev["stance"], trained.predict(dev["text"], dev["stance_question"]))
    assert scores["macro_f1"] >= 0.85, scores


def test_demand_is_no_status_but_a_yes_to_a_normative_question(trained):
    text = "Alle kommuner i landet må vedta seriøsitetskrav før neste valg."
    assert trained.predict([text], ["oa_seriositetskrav"]) == ["uklart"]
    assert trained.predict(["Det må lovfestes en rett til etterutdanning for alle."],
                           ["nt_kompetanse_rettigheter"]) == ["ja"]


def test_stance_model_reads_english_and_very_short_answers(fitted_on_written_sets):
    """Trained on all stance files (C4 brings English and one-line answers): texts none of
    them holds."""
    model = fitted_on_written_sets.stance
    texts = {"I really don't know.": "uklart",
             "No, our municipality has not adopted them so far.": "nei",
             "Yes, Gjøvik adopted them in 2018 and they work well.": "ja"}
    assert model.predict(list(texts), ["oa_seriositetskrav"] * len(texts)) == list(
        texts.values())


def test_explanation_is_the_deciding_sentence(trained):
    text = ("Vi har diskutert dette lenge i styret. "
            "Kommunen vår har dessverre ikke vedtatt seriøsitetskrav.")
    [pred] = trained.explain([text], ["oa_seriositetskrav"])
    assert pred.stance == "nei"
    assert pred.evidence == "Kommunen vår har dessverre ikke vedtatt seriøsitetskrav."
    assert abs(sum(pred.proba.values()) - 1) < 1e-3  # four values rounded to 4 places


def test_place_names_are_masked(trained):
    vocab = trained.segment_model_.lower_vocab_
    assert "Porsgrunn" not in mask_names("Porsgrunn kommune har vedtatt krav.", vocab)
    assert mask_names("Nei, vi har ikke krav.", vocab).startswith("Nei")


def test_embedding_block_is_used_when_given(taxonomy):
    rows = stance_rows(read_set(LABELS / TRAIN_FILE), taxonomy).head(80)
    calls: list[int] = []

    def embed(texts):
        calls.append(len(texts))
        return np.array([[len(t) % 7, t.count("ikke"), 1.0] for t in texts], dtype=float)

    model = StanceModel(taxonomy.yes_no_ids, embed, C=1.0, embedding_weight=0.3,
                        sentence_weight=0.5, seed=1)
    model.fit(rows["text"], rows["stance_question"], rows["stance"])
    assert model.predict(["Nei."], ["oa_seriositetskrav"])[0] in STANCES
    assert calls[0] == len(rows) and len(calls) == 2


def test_sentences_split_on_men_clauses():
    assert sentences("Ja, vi har krav, men bare for bygg.") == ["Ja, vi har krav,",
                                                                  "men bare for bygg."]
    assert sentences("Nei.") == ["Nei."]


def test_direct_questions_from_form_headings(taxonomy):
    found = direct_questions(["Har din kommune vedtatt seriøsitetskrav?",
                              "1. Et seriøst og organisert arbeidsliv", "",
                              "Spørsmål: Er det behov for nye reguleringer av digitale "
                              "plattformer for arbeidsformidling for å sikre "
                              "arbeidstakerrettigheter?"], taxonomy)
    assert found[0] == ["oa_seriositetskrav"]
    assert found[1] == [] and found[2] == []
    assert found[3] == ["nt_plattformer"]


def test_direct_questions_know_a_question_in_nynorsk_or_other_words(taxonomy):
    found = direct_questions(["Har kommunen din vedteke seriøsitetskrav?",
                              "Er det behov for nye reguleringar av digitale plattformer for "
                              "arbeidsformidling for å sikre arbeidstakarrettar?",
                              "Har kommunen din vedteke ny arealplan?",
                              "Hva mener dere om dette?", "Seriøsitetskrav i kommunen"],
                             taxonomy)
    assert found[:2] == [["oa_seriositetskrav"], ["nt_plattformer"]]
    assert found[2:] == [[], [], []]


def test_assignment_rule_threshold_and_margin():
    scores = np.array([[0.9, 0.85, 0.1], [0.2, 0.1, 0.3], [0.6, 0.2, 0.55]])
    rule = AssignmentRule(0.5, 0.1)
    assert rule.assign(scores, ["a", "b", "c"]) == [["a", "b"], [], ["a", "c"]]
    assert AssignmentRule(0.5, 0.0).assign(scores, ["a", "b", "c"]) == [["a"], [], ["a"]]


def test_pair_scores_and_calibration():
    pred = [["a"], ["b"], [], ["c"]]
    gold = [[["a"]], [["a"]], [["b"]], [["c", "d"]]]
    s = pair_scores(pred, gold)
    assert s["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert s["recall"] == pytest.approx(2 / 4)
    scores = np.array([[0.9, 0.1], [0.2, 0.7], [0.4, 0.35], [0.1, 0.2]])
    gold = [[["a"]], [["b"]], [], []]
    rule, best = calibrate(scores, ["a", "b"], gold, min_precision=1.0)
    assert best["precision"] == 1.0 and best["recall"] == 1.0
    assert 0.4 < rule.threshold <= 0.7


QUESTION_TEXTS = {
    "fag": ["Vi må få flere til å melde seg inn i fagforeningen.",
            "Flere unge må organisere seg i fagforeninger.",
            "Fagforeningsfradraget må økes så flere melder seg inn.",
            "Tillitsvalgte bør besøke skolene og verve medlemmer.",
            "Organisasjonsgraden faller, det må vi snu med verving på arbeidsplassen."],
    "seri": ["Ja, kommunen vedtok seriøsitetskrav i 2019.",
             "Nei, vår kommune har ikke vedtatt det ennå.",
             "Vi har fått Skiens-modellen på plass i fjor.",
             "Kommunestyret har ikke behandlet krav til lærlinger i anbud.",
             "Ja, seriøsitetskravene ble vedtatt enstemmig."],
    "": ["Takk for et godt møte.", "Møtet ble holdt på Folkets hus.",
         "Vi gleder oss til landsmøtet.", "Styret har behandlet heftet.",
         "Hilsen lokallaget."],
}


def _question_set():
    texts, answered, files = [], [], []
    for q, rows in QUESTION_TEXTS.items():
        for i, text in enumerate(rows):
            texts.append(text)
            answered.append([q] if q else [])
            files.append(f"writer{i % 2}")
    return texts, answered, files


def test_question_classifier_learns_answers_the_tag_scores_miss():
    texts, answered, _ = _question_set()
    qids = ["fag", "seri", "unlabelled"]
    # the tagger knows nothing of these texts, but scores the unlabelled question
    scores = np.zeros((len(texts), 3))
    scores[:, 2] = 0.3
    model = QuestionClassifier(qids, C=10.0, score_weight=1.0, seed=0).fit(
        texts, scores, answered)
    new = ["Hvordan verve flere medlemmer til fagforeningen?",
           "Kommunen vår vedtok seriøsitetskrav i fjor.", "Takk for møtet."]
    proba = model.predict_proba(new, np.array([[0, 0, 0.3], [0, 0, 0.3], [0, 0, 0.7]]))
    assert proba.shape == (3, 3)
    assert proba[0].argmax() == 0 and proba[1].argmax() == 1
    assert proba[2, :2].max() < min(proba[0, 0], proba[1, 1])
    # a question without labelled answers keeps the tagger's score
    assert proba[:, 2].tolist() == [0.3, 0.3, 0.7]
    # fitted on nothing: the tagger's scores pass through
    empty = QuestionClassifier(qids, C=10.0, score_weight=1.0, seed=0).fit(
        [], np.zeros((0, 3)), [])
    assert empty.predict_proba(["x"], np.array([[0.1, 0.2, 0.3]])).tolist() == [[0.1, 0.2, 0.3]]


def test_written_sets_teach_that_greetings_and_signatures_answer_nothing(
        taxonomy, fitted_on_written_sets):
    """The question model and its rule (calibrated out-of-writer) fitted on the committed
    sets: letter boilerplate the sets do not contain gets no question, and answers keep
    theirs."""
    models = fitted_on_written_sets
    qids = list(taxonomy.question_ids)
    assert models.calibration["precision"] >= ANSWER.question.min_precision
    boilerplate = ["Beste hilsen fra styret i Os Arbeiderparti",
                   "Hilsen Kari Nordmann, gruppeleder i Lier kommunestyre",
                   "Vennleg helsing frå lokallaget på Stord",
                   "Vi drøfta heftet på eit medlemsmøte i februar."]
    answers = {"Nei, kommunen vår har ikke vedtatt seriøsitetskrav ennå.": "oa_seriositetskrav",
               "Plattformselskapene må få arbeidsgiveransvar for dem som kjører for dem.":
                   "nt_plattformer"}
    new = boilerplate + list(answers)
    found = models.rule.assign(
        models.questions.predict_proba(new, np.zeros((len(new), len(qids)))), qids)
    assert found[:len(boilerplate)] == [[]] * len(boilerplate)
    assert [qs for qs in found[len(boilerplate):]] == [[q] for q in answers.values()]


def test_out_of_group_proba_predicts_each_writer_without_it(monkeypatch):
    texts, answered, files = _question_set()
    seen: list[set[str]] = []
    original = QuestionClassifier.fit

    def spy(self, fit_texts, scores, fit_answered):
        seen.append(set(fit_texts))
        return original(self, fit_texts, scores, fit_answered)

    monkeypatch.setattr(QuestionClassifier, "fit", spy)
    model = QuestionClassifier(["fag", "seri"], C=10.0, score_weight=0.0, seed=0)
    proba = out_of_group_proba(model, texts, np.zeros((len(texts), 2)), answered, files)
    assert proba.shape == (len(texts), 2) and len(seen) == 2
    for fitted, writer in zip(seen, ["writer0", "writer1"], strict=True):
        assert not fitted & {t for t, f in zip(texts, files, strict=True) if f == writer}
    again = out_of_group_proba(model, texts, np.zeros((len(texts), 2)), answered, files)
    assert np.array_equal(proba, again)


def test_score_matrix_reads_one_source_and_refuses_missing_rows():
    long = pd.DataFrame({"source": ["", "", "f", "f"], "id": ["s1", "s1", "r1", "r1"],
                         "question_id": ["a", "b", "a", "b"], "score": [0.1, 0.2, 0.3, 0.4]})
    assert score_matrix(long, "f", ["r1"], ["b", "a"]).tolist() == [[0.4, 0.3]]
    assert score_matrix(long, "", [], ["a"]).shape == (0, 1)
    with pytest.raises(UserError):
        score_matrix(long, "", ["s1", "s2"], ["a", "b"])


def test_a_closed_question_names_a_known_booklet_question(tmp_path):
    from pipeline.taxonomy import TaxonomyError

    data = yaml.safe_load((ROOT_TAXONOMY).read_text(encoding="utf-8"))
    data["closed_questions"][0]["question"] = "no_such_question"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TaxonomyError, match="no_such_question"):
        load_taxonomy(path)


def test_sentence_weight_blends_the_two_models(taxonomy):
    rows = stance_rows(read_set(LABELS / TRAIN_FILE), taxonomy)
    texts = ["Ja. Men bare for byggeprosjekter.", "Nei, ikke ennå."]
    questions = ["oa_seriositetskrav"] * 2
    parts = {}
    for weight in (0.0, 0.5, 1.0):
        model = StanceModel(taxonomy.yes_no_ids, None, C=ANSWER.stance.C,
                            embedding_weight=0.0, sentence_weight=weight, seed=42)
        model.fit(rows["text"], rows["stance_question"], rows["stance"],
                  evidence=rows["evidence"])
        parts[weight] = model.predict_proba(texts, questions)
    np.testing.assert_allclose(parts[0.0], model.segment_model_.predict_proba(texts, questions))
    np.testing.assert_allclose(parts[0.5], (parts[0.0] + parts[1.0]) / 2)
