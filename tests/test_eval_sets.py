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
STANCE_SET = EVAL / "question_stance_independent.jsonl"
STANCE_QUESTIONS = EVAL / "question_stance_independent_questions.yaml"
STANCE_SET_MD5 = "a02dd25ab8cd7ee6348f79c0952f51ca"  # frozen: README_question_stance_independent.md


def test_stance_set_is_frozen():
    assert hashlib.md5(STANCE_SET.read_bytes()).hexdigest() == STANCE_SET_MD5


def test_stance_set_is_well_formed():
    questions = yaml.safe_load(STANCE_QUESTIONS.read_text(encoding="utf-8"))
    yes_no = {q["id"] for q in questions if q["yes_no"]}
    known = {q["id"] for q in questions}
    rows = [json.loads(line) for line in STANCE_SET.read_text(encoding="utf-8").splitlines()]
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
