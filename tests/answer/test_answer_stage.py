"""Stages ``answer`` and ``eval_answer`` on small tables: the pure ``answer_frames``, the
files and metrics ``run`` writes, and what is fitted on which labelled set (issue 18)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline import tables
from pipeline.answer import answer_frames, run
from pipeline.answer import evaluate as eval_answer
from pipeline.answer import stage as answer_stage
from pipeline.answer.assign import AssignmentRule
from pipeline.answer.labels import read_set, read_sets
from pipeline.answer.models import QuestionModels
from pipeline.answer.question_model import QuestionClassifier
from pipeline.answer.stance import StanceModel
from pipeline.config import ConfigError, Params, load_params
from pipeline.schema import THEME_IDS, empty_segments, score_column
from pipeline.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy("arbeidsliv")


@pytest.fixture(scope="module")
def stance(taxonomy):
    from pipeline.answer.labels import stance_rows

    rows = stance_rows(read_set(ROOT / "data/labels" / Params().answer.stance.training_files[0]),
                       taxonomy)
    return StanceModel(taxonomy.yes_no_ids, None, C=30.0, embedding_weight=0.0,
                       sentence_weight=0.5, seed=42).fit(
        rows["text"], rows["stance_question"], rows["stance"], evidence=rows["evidence"])


def tag_scores_only(taxonomy) -> QuestionClassifier:
    """A question model fitted on nothing: it passes the tag stage's scores through."""
    qids = taxonomy.question_ids
    return QuestionClassifier(qids, C=10.0, score_weight=1.0, seed=0).fit(
        [], np.zeros((0, len(qids))), [])


def long_scores(ids: list[str], matrix: np.ndarray, question_ids, source: str = "") -> pd.DataFrame:
    return pd.DataFrame({"source": source, "id": np.repeat(ids, len(question_ids)),
                         "question_id": np.tile(list(question_ids), len(ids)),
                         "score": matrix.reshape(-1)})


def test_answer_frames_direct_and_scored_answers(taxonomy, stance):
    qids = list(taxonomy.question_ids)
    segments = pd.DataFrame({
        "segment_id": ["s1", "s2", "s3", "s4", "s5", "s6"],
        "submission_id": ["a", "a", "b", "c", "d", "e"],
        "text_redacted": ["Nei, ikke ennå.", "Plattformene må reguleres.", "Takk for sist.",
                          "Spørsmål 2: Har din kommune vedtatt seriøsitetskrav?\nJa, i 2019.",
                          "Har din kommune vedtatt seriøsitetskrav?", "Nei."],
        "heading": ["Har din kommune vedtatt seriøsitetskrav?", "", "", "", "", ""],
        "is_heading": [False, False, False, False, False, True],
    })
    scores = np.zeros((6, len(qids)))
    scores[1, qids.index("nt_plattformer")] = 0.8
    scores[2, qids.index("oo_samarbeid")] = 0.2
    models = QuestionModels(tag_scores_only(taxonomy), AssignmentRule(0.5, 0.0), stance)
    out, metrics = answer_frames(segments, long_scores(segments["segment_id"].tolist(), scores,
                                                       qids), taxonomy, models)
    tables.validate(out, tables.ANSWERS)
    # s5 is nothing but the question, s6 a heading: neither answers anything
    assert out[["segment_id", "question_id"]].values.tolist() == [
        ["s1", "oa_seriositetskrav"], ["s2", "nt_plattformer"], ["s4", "oa_seriositetskrav"]]
    assert out["direct"].tolist() == [True, False, True]
    assert out["score"].tolist() == [1.0, 0.8, 1.0]
    assert out["stance"].tolist() == ["nei", "ja", "ja"]
    assert out["demand"].tolist() == [False, True, False]
    assert out["stance_evidence"].iloc[1] == "Plattformene må reguleres."
    # the form's question line is not the deciding sentence
    assert out["stance_evidence"].iloc[2] == "Ja, i 2019."
    assert metrics["n_answers"] == 3 and metrics["n_direct_answers"] == 2
    assert metrics["stances"] == {"ja": 2, "nei": 1}


def test_answer_frames_on_no_segments(taxonomy, stance):
    models = QuestionModels(tag_scores_only(taxonomy), AssignmentRule(0.5, 0.0), stance)
    out, metrics = answer_frames(empty_segments(), long_scores([], np.zeros((0, 1)), ["x"]),
                                 taxonomy, models)
    assert out.empty and metrics["n_answers"] == 0
    tables.validate(out, tables.ANSWERS)



def test_answer_cache_append_and_merge_equals_a_rebuild(tmp_path, taxonomy, stance):
    """Answering the first segments, then all of them from the cache plus the new ones,
    gives the table a run without a cache gives; only new distinct segments are answered,
    and models with another key share nothing."""
    qids = list(taxonomy.question_ids)
    texts = ["Nei, ikke ennå.", "Plattformene må reguleres.", "Takk for sist.",
             "Spørsmål 2: Har din kommune vedtatt seriøsitetskrav?\nJa, i 2019.",
             "Plattformene må reguleres.", "Innfør rett til heltid!", "Nei."]
    segments = pd.DataFrame({
        "segment_id": [f"s{i}" for i in range(len(texts))],
        "submission_id": ["a", "a", "b", "c", "d", "d", "e"],
        "text_redacted": texts,
        "heading": ["Har din kommune vedtatt seriøsitetskrav?", *[""] * (len(texts) - 1)],
        "is_heading": [False] * (len(texts) - 1) + [True],
    })
    scores = np.zeros((len(texts), len(qids)))
    scores[[1, 4], qids.index("nt_plattformer")] = 0.8
    scores[5, qids.index("oa_seriositetskrav")] = 0.6
    question_scores = long_scores(segments["segment_id"].tolist(), scores, qids)
    models = QuestionModels(tag_scores_only(taxonomy), AssignmentRule(0.5, 0.0), stance,
                            key="k1")
    rebuilt, rebuilt_metrics = answer_frames(segments, question_scores, taxonomy, models)

    answered: list[str] = []
    original = answer_stage.segment_answers

    def spy(headings, is_heading, texts, *args):
        answered.extend(texts)
        return original(headings, is_heading, texts, *args)

    cache = answer_stage.AnswerCache(tmp_path / "answers")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(answer_stage, "segment_answers", spy)
        first, _ = answer_frames(segments.iloc[:3], question_scores, taxonomy, models, cache)
        assert answered == texts[:3]
        merged, merged_metrics = answer_frames(segments, question_scores, taxonomy, models,
                                               cache)
        # s4 repeats s1 (same text and scores): answered once, in the first run
        assert answered == texts[:3] + [texts[3], texts[5], texts[6]]
        pd.testing.assert_frame_equal(merged, rebuilt, check_exact=True)
        assert merged_metrics == rebuilt_metrics
        pd.testing.assert_frame_equal(first, rebuilt[rebuilt["segment_id"].isin(["s0", "s1"])]
                                      .reset_index(drop=True), check_exact=True)
        assert rebuilt["segment_id"].tolist().count("s4") == 1
        # models with another key share nothing; models without one never use the cache
        for key in ("k2", ""):
            before = len(answered)
            answer_frames(segments.iloc[:1], question_scores, taxonomy,
                          dataclasses.replace(models, key=key), cache)
            assert answered[before:] == [texts[0]]
        # a changed score row is a different segment: answered anew
        changed = question_scores.copy()
        changed.loc[(changed["id"] == "s2") & (changed["question_id"] == qids[0]), "score"] = 0.9
        again, _ = answer_frames(segments, changed, taxonomy, models, cache)
        assert answered[-1] == texts[2]
        assert "s2" in set(again["segment_id"])


# ------------------------------------------------------------------------- run, eval_answer
def _project(tmp_path: Path, taxonomy) -> Params:
    """A project with the written sets, a copy of the independent set, segments and
    question scores (the tag stage's tables: scores from a seeded generator)."""
    labels = tmp_path / "labels"
    for name in ("train/question_stance_train.jsonl", "train/question_stance_train_c1.jsonl",
                 "train/question_stance_train_c2.jsonl", "train/question_stance_train_c3.jsonl",
                 "train/question_stance_train_c4.jsonl", "eval/question_stance_dev.jsonl",
                 "eval/question_stance_independent.jsonl",
                 "eval/question_stance_independent_questions.yaml"):
        (labels / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "data/labels" / name, labels / name)
    params = load_params(ROOT / "params.yaml")
    paths = params.paths.model_copy(update={
        "processed": tmp_path / "processed", "labels": labels, "cache": tmp_path / "cache"})
    stance = params.answer.stance.model_copy(update={"embedding_weight": 0.0})
    # the tag scores below are random draws: the question model reads the n-grams alone
    question = params.answer.question.model_copy(update={"score_weight": 0.0})
    answer = params.answer.model_copy(update={"stance": stance, "question": question})
    params = params.model_copy(update={"paths": paths, "answer": answer})
    qids = list(taxonomy.question_ids)
    rng = np.random.default_rng(0)
    frames = []
    for name in params.answer.scored_files(labels):
        rows = read_sets(labels, [name], taxonomy, params.answer.booklet_questions)
        matrix = rng.uniform(0, 0.4, (len(rows), len(qids)))
        for i, ids in enumerate(rows["question_ids"]):
            for q in ids:
                if q in qids:
                    matrix[i, qids.index(q)] = rng.uniform(0.5, 1.0)
        frames.append(long_scores(rows["id"].tolist(), matrix, qids, source=name))
    texts = ["Nei, kommunen vår har ikke vedtatt seriøsitetskrav.",
             "Plattformselskapene må få arbeidsgiveransvar.", "Med vennlig hilsen styret."]
    segs = pd.DataFrame([{
        "segment_id": f"s{i}", "submission_id": f"sub{i}", "position": 0, "start": 0,
        "end": len(t), "text_redacted": t, "language": "nb", "lemmas": t.lower().split(),
        "is_proposal": False, "themes": [], **{score_column(th): 0.1 for th in THEME_IDS},
        "question_id": "", "topic_id": -1, "heading": "", "is_heading": False}
        for i, t in enumerate(texts)])
    tables.write_table(pd.concat([empty_segments(), segs], ignore_index=True),
                       paths.processed, tables.SEGMENTS_TAGGED)
    inbox = np.zeros((3, len(qids)))
    inbox[0, qids.index("oa_seriositetskrav")] = 0.95
    inbox[1, qids.index("nt_plattformer")] = 0.9
    tables.write_table(long_scores(segs["segment_id"].tolist(), inbox, qids), paths.processed,
                       tables.QUESTION_SCORES)
    tables.write_table(pd.concat(frames, ignore_index=True), paths.processed,
                       tables.LABELLED_QUESTION_SCORES)
    return params


def test_answer_and_eval_answer_stages(tmp_path, monkeypatch, taxonomy):
    monkeypatch.chdir(tmp_path)
    params = _project(tmp_path, taxonomy)
    fitted: list[str] = []
    original = StanceModel.fit

    def spy(self, texts, questions, stances, evidence=None):
        fitted.extend(texts)
        fitted.extend(evidence or [])
        return original(self, texts, questions, stances, evidence)

    monkeypatch.setattr(StanceModel, "fit", spy)
    original_questions = QuestionClassifier.fit

    def spy_questions(self, texts, scores, answered):
        fitted.extend(texts)
        return original_questions(self, texts, scores, answered)

    monkeypatch.setattr(QuestionClassifier, "fit", spy_questions)
    run(params)
    answers = tables.read_table(params.paths.processed, tables.ANSWERS)
    assert answers[["segment_id", "question_id", "stance"]].values.tolist() == [
        ["s0", "oa_seriositetskrav", "nei"], ["s1", "nt_plattformer", "ja"]]
    metrics = json.loads((tmp_path / "data/metrics/answer.json").read_text(encoding="utf-8"))
    assert metrics["n_answers"] == 2 and metrics["n_calibration"] > 400
    assert metrics["min_precision_met"] is True
    first = (tmp_path / "data/metrics/answer.json").read_bytes()

    eval_answer.run(params)
    result = json.loads((tmp_path / "data/metrics/eval_answer.json").read_text(encoding="utf-8"))
    assert result["independent_files"] == ["eval/question_stance_independent.jsonl"]
    assert result["dev"]["stance"]["macro_f1"] >= 0.85, result["dev"]["stance"]
    assert result["independent"]["stance"]["macro_f1"] >= 0.8, result["independent"]["stance"]
    assert result["dev"]["n_segments"] == len(read_set(params.paths.labels
                                                       / params.answer.eval.dev_file))
    for part in ("dev", "independent"):
        assert 0 < result[part]["questions"]["precision"] <= 1
        assert 0 < result[part]["stance"]["macro_f1"] <= 1
    # neither the question model nor the stance model saw a text of the independent set
    independent = set(read_set(params.paths.labels
                               / "eval/question_stance_independent.jsonl")["text"])
    assert fitted and not set(fitted) & independent

    # The second run reads the fitted models back (nothing is refitted) and writes the same
    # metrics and answers; another parameter fits anew.
    answers_file = params.paths.processed / tables.ANSWERS
    before, n_fitted = answers_file.read_bytes(), len(fitted)
    run(params)
    assert len(fitted) == n_fitted
    assert list((params.paths.cache / "answer-models").glob("*.pkl"))
    assert (tmp_path / "data/metrics/answer.json").read_bytes() == first
    assert answers_file.read_bytes() == before
    changed = params.answer.model_copy(update={"question": params.answer.question.model_copy(
        update={"C": params.answer.question.C * 2})})
    run(params.model_copy(update={"answer": changed}))
    assert len(fitted) > n_fitted


def test_answer_stage_says_when_no_rule_reaches_the_precision_target(tmp_path, monkeypatch,
                                                                      taxonomy, stance, capsys):
    """calibrate() falls back to the best F1 when no rule reaches ``min_precision``; the
    stage says so (the fit itself is stood in for: its calibration reached 0.7)."""
    monkeypatch.chdir(tmp_path)
    params = _project(tmp_path, taxonomy)
    short = QuestionModels(tag_scores_only(taxonomy), AssignmentRule(0.5, 0.0), stance,
                           calibration={"precision": 0.7, "recall": 0.9, "f1": 0.79})
    monkeypatch.setattr(answer_stage, "fit_from_files", lambda *args, **kwargs: short)
    run(params)
    metrics = json.loads((tmp_path / "data/metrics/answer.json").read_text(encoding="utf-8"))
    assert metrics["min_precision_met"] is False
    out = capsys.readouterr().out
    assert "ADVARSEL: ingen terskel gir presisjon ≥ 0.9 på de merkede settene " \
           "(beste regel: 0.70)" in out


def test_eval_answer_skips_missing_independent_files(tmp_path, monkeypatch, taxonomy):
    monkeypatch.chdir(tmp_path)
    params = _project(tmp_path, taxonomy)
    (params.paths.labels / "eval/question_stance_independent.jsonl").unlink()
    scores = tables.read_table(params.paths.processed, tables.LABELLED_QUESTION_SCORES)
    result = eval_answer.evaluate(params, scores)
    assert result["independent_files"] == [] and "independent" not in result
    assert "dev" in result


@pytest.mark.parametrize("section", [
    {"stance": {"training_files": ["eval/question_stance_independent.jsonl"]}},
    {"question": {"calibration_files": ["train/x.jsonl",
                                       "eval/question_stance_independent_c1.jsonl"]}},
    {"eval": {"dev_file": "eval/question_stance_independent.jsonl"}},
    {"stance": {"training_files": []}},
    {"question": {"min_precision": 1.5}},
    {"stance": {"C": 0}},
    {"strange": 1},
])
def test_answer_params_refuse_held_out_sets_and_meaningless_values(tmp_path, section):
    import yaml

    path = tmp_path / "params.yaml"
    path.write_text(yaml.safe_dump({"answer": section}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match="answer"):
        load_params(path)


def test_params_yaml_states_the_answer_defaults():
    assert load_params(ROOT / "params.yaml").answer == Params().answer
