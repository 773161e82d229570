"""The frozen independent evaluation sets are intact and well-formed."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

EVAL = Path(__file__).resolve().parents[1] / "data" / "labels" / "eval"
BOOKLET = Path(__file__).resolve().parents[2] / "shared" / "seed" / "debatthefte-arbeidsliv.txt"
TRAIN = EVAL.parent / "train"
STANCE_QUESTIONS = EVAL / "question_stance_independent_questions.yaml"
FROZEN_STANCE_SETS = {
    # file -> md5, as stated in its README (README_question_stance_independent*.md)
    "question_stance_independent.jsonl": "a02dd25ab8cd7ee6348f79c0952f51ca",
    "question_stance_independent_b.jsonl": "35d8bcc2028fb6de5416c51a700d01ed",
}
STANCE_SETS_WITH_Q_IDS = [EVAL / name for name in FROZEN_STANCE_SETS] + [
    # training sets written by two further writers from the same booklet, questions and
    # label guidelines (never seeing the code or the other sets); booklet question ids
    TRAIN / "question_stance_train_c1.jsonl",
    TRAIN / "question_stance_train_c2.jsonl",
]


@pytest.mark.parametrize("name", sorted(FROZEN_STANCE_SETS))
def test_stance_set_is_frozen(name):
    digest = hashlib.md5((EVAL / name).read_bytes()).hexdigest()
    assert digest == FROZEN_STANCE_SETS[name]
    readme = EVAL / f"README_{name.removesuffix('.jsonl')}.md"
    assert digest in readme.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", STANCE_SETS_WITH_Q_IDS, ids=lambda p: p.name)
def test_stance_set_is_well_formed(path):
    questions = yaml.safe_load(STANCE_QUESTIONS.read_text(encoding="utf-8"))
    yes_no = {q["id"] for q in questions if q["yes_no"]}
    known = {q["id"] for q in questions}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 300 and len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row["question_ids"]) <= known, row["id"]
        answers_one_yes_no = len(set(row["question_ids"]) & yes_no) == 1
        assert (row["stance"] is not None) == answers_one_yes_no, row["id"]
        assert row["stance"] in {None, "ja", "nei", "delvis", "uklart"}
        assert row["evidence"] is None or row["evidence"] in row["text"], row["id"]
    languages = {r["language"] for r in rows}
    assert languages == {"nb", "nn"}


def test_stance_questions_are_verbatim_from_the_booklet():
    if not BOOKLET.exists():
        pytest.skip("../shared/seed is absent (a user's machine)")
    booklet = re.sub(r"\s+", " ", BOOKLET.read_text(encoding="utf-8"))
    for question in yaml.safe_load(STANCE_QUESTIONS.read_text(encoding="utf-8")):
        assert re.sub(r"\s+", " ", question["text"]).strip() in booklet, question["id"]


def test_english_and_short_stance_set_is_well_formed():
    """C4 (English and very short answers) trains the stance model only: one booklet
    question per row, a stance with its deciding substring exactly on the yes/no ones."""
    questions = yaml.safe_load(STANCE_QUESTIONS.read_text(encoding="utf-8"))
    yes_no = {q["id"]: bool(q["yes_no"]) for q in questions}
    path = TRAIN / "question_stance_train_c4.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 250 and len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    for row in rows:
        assert len(row["question_ids"]) == 1 and row["question_ids"][0] in yes_no, row["id"]
        if yes_no[row["question_ids"][0]]:
            assert row["stance"] in {"ja", "nei", "delvis", "uklart"}, row["id"]
            assert row["evidence"] and row["evidence"] in row["text"], row["id"]
        else:
            assert row["stance"] is None and row["evidence"] is None, row["id"]
    assert sum(r["language"] == "en" for r in rows) >= 150
    assert {r["stance"] for r in rows} == {"ja", "nei", "delvis", "uklart", None}


def test_question_only_training_set_is_well_formed():
    """C3 (letter-style answers and non-answers) trains the question model only: booklet
    question ids, no stance, mostly segments that answer nothing."""
    questions = yaml.safe_load(STANCE_QUESTIONS.read_text(encoding="utf-8"))
    known = {q["id"] for q in questions}
    path = TRAIN / "question_stance_train_c3.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 400 and len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row["question_ids"]) <= known, row["id"]
        assert row["stance"] is None and row["evidence"] is None, row["id"]
    assert sum(not r["question_ids"] for r in rows) >= 250
    assert {r["language"] for r in rows} <= {"nb", "nn", "en"}


PROPOSAL_GROUP_SETS = ["proposal_groups_dev2.jsonl", "proposal_groups_dev3.jsonl",
                       "proposal_groups_independent.jsonl"]


@pytest.mark.parametrize("name", PROPOSAL_GROUP_SETS)
def test_proposal_group_set_is_well_formed(name):
    """Every paraphrase group has >= 6 members; a hard negative names an existing group."""
    rows = [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]
    assert len(rows) >= 300 and len({r["id"] for r in rows}) == len(rows)
    groups: dict[str, int] = {}
    for row in rows:
        assert row["kind"] in {"paraphrase", "singleton", "hard_negative", "non_answer"}
        assert row["language"] in {"nb", "nn", "en"}
        assert bool(row["group"]) == (row["kind"] == "paraphrase"), row["id"]
        if row["group"]:
            groups[row["group"]] = groups.get(row["group"], 0) + 1
    assert len(groups) >= 15 and min(groups.values()) >= 6
    assert all(r["near_group"] in groups for r in rows if r["kind"] == "hard_negative")


THEMES = {"organisert_arbeidsliv", "ny_teknologi", "offentlig_arbeidsgiver"}
THEME_TRAINING = [TRAIN / "themes_train_segments.jsonl", TRAIN / "themes_train_submissions.jsonl"]


@pytest.mark.parametrize("path", THEME_TRAINING, ids=lambda p: p.name)
def test_theme_training_set_is_well_formed_and_shares_no_text_with_a_test_set(path):
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    assert len(rows) >= 100 and len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row["themes"]) <= THEMES, row["id"]
        kind = {0: {"off_topic", "hard_negative"}, 1: {"on_topic"}}.get(len(row["themes"]),
                                                                          {"multi_theme"})
        assert row["kind"] in kind, row["id"]
        assert row["language"] in {"nb", "nn", "en"}
    test_texts = set()
    for name in ("themes_segments.jsonl", "themes_submissions.jsonl",
                 "themes_segments_independent.jsonl", "themes_submissions_independent.jsonl"):
        for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                test_texts.add(" ".join(json.loads(line)["text"].split()).casefold())
    leaked = [r["id"] for r in rows if " ".join(r["text"].split()).casefold() in test_texts]
    assert not leaked
