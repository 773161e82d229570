"""The labelled question/stance sets and the mapping of foreign question ids.

Format (one JSON object per line): ``id``, ``text``, ``language``, ``question_ids``
(question ids; ``[]`` answers none), ``stance`` (``ja``/``nei``/``delvis``/``uklart`` when
the segment answers exactly one yes/no question, else ``null``), ``evidence`` (the deciding
substring) and ``kind``. Which files are used for what is ``params.yaml``'s ``answer``
section:

* ``answer.stance.training_files`` and ``answer.question.calibration_files`` — written for
  training (``train/question_stance_train*.jsonl``) plus the written development set
  (``eval/question_stance_dev.jsonl``), which ``eval_answer`` measures with models fitted
  without it;
* ``answer.eval.independent_files`` — written by someone else from the booklet alone,
  frozen, evaluation only.

Sets written from the booklet alone (the independent ones and the training sets
``train/question_stance_train_c*.jsonl``) use the booklet's question numbers (``q01`` …),
listed with their texts in ``answer.booklet_questions`` and mapped to the taxonomy's by text
(:func:`map_foreign_questions`).

Every frame here has ``gold_groups``: per row one group of taxonomy ids per answered
question (a foreign question the taxonomy splits in two is answered when either part is
found).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pipeline.answer.assign import normalise
from pipeline.common import UserError
from pipeline.taxonomy import Taxonomy


def read_set(path: Path) -> pd.DataFrame:
    """A question/stance set (``stance`` and ``evidence`` ``""`` when null), with
    ``gold_groups`` one group per (taxonomy) question id."""
    if not Path(path).exists():
        raise UserError(f"Fant ikke {path} (answer i params.yaml). Rett filnavnet eller ta "
                        "det ut av listen.")
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]
    frame = pd.DataFrame(rows, columns=["id", "text", "language", "question_ids", "stance",
                                        "evidence", "kind"])
    frame["id"] = frame["id"].astype(str)
    frame["text"] = frame["text"].astype(str)
    for column in ("stance", "evidence", "kind", "language"):
        frame[column] = frame[column].map(lambda v: "" if v is None else str(v))
    frame["question_ids"] = frame["question_ids"].map(
        lambda v: [str(q) for q in v] if isinstance(v, list) else [])
    frame["gold_groups"] = frame["question_ids"].map(lambda ids: [[q] for q in ids])
    return frame


def map_foreign_questions(questions: Sequence[Mapping[str, Any]],
                          taxonomy: Taxonomy) -> dict[str, list[str]]:
    """Foreign question id -> taxonomy question ids, by text.

    A taxonomy question matches when its (normalised) text equals the foreign text, is a
    part of it (the taxonomy splits a booklet sentence with two asks into two entries) or
    contains it (the taxonomy keeps the lead-in sentence of a short question); a foreign
    question without a match (the booklet's opening framing question) maps to ``[]``.
    """
    ours = [(q.id, normalise(q.text)) for _, q in taxonomy.questions()]
    out: dict[str, list[str]] = {}
    for q in questions:
        text = normalise(str(q["text"]))
        out[str(q["id"])] = [qid for qid, qt in ours
                             if text and qt and (qt in text or text in qt)]
    return out


def writer_of(name: str) -> str:
    """Who wrote a labelled file: ``C1``, ``C2`` … for the sets ``*_c<N>.jsonl`` written by
    someone who saw only the booklet, else ``prosjektet`` (the project's own sets)."""
    found = re.search(r"_(c\d+)\.jsonl$", str(name))
    return found.group(1).upper() if found else "prosjektet"


def read_sets(labels: Path, names: Sequence[str], taxonomy: Taxonomy,
              questions_file: str) -> pd.DataFrame:
    """Several sets one under the other, their question ids mapped to the taxonomy's.

    Each row has its ``source`` (file name as given) and ``writer`` (:func:`writer_of`).
    Ids the taxonomy knows stay; the others are mapped by the texts of ``questions_file``
    (relative to ``labels``; absent: none mapped), the booklet's questions with the ids the
    sets written from the booklet alone use. ``foreign_question_ids`` keeps the originals;
    segments that answer only unmapped questions keep ``question_ids == []``.
    """
    path = Path(labels) / questions_file
    questions = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []
    mapping = map_foreign_questions(questions or [], taxonomy)
    for qid in taxonomy.question_ids:
        mapping[qid] = [qid]
    frame = pd.concat([read_set(Path(labels) / name).assign(source=name, writer=writer_of(name))
                       for name in names], ignore_index=True)
    frame["foreign_question_ids"] = frame["question_ids"]
    frame["gold_groups"] = frame["question_ids"].map(
        lambda ids: [sorted(mapping[i]) for i in ids if mapping.get(i)])
    frame["question_ids"] = frame["gold_groups"].map(
        lambda groups: sorted({q for g in groups for q in g}))
    return frame


def stance_rows(frame: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """The rows with a stance, with ``stance_question``: their one yes/no question."""
    yes_no = set(taxonomy.yes_no_ids)
    rows = frame[frame["stance"] != ""].copy()
    rows["stance_question"] = rows["question_ids"].map(
        lambda ids: next((q for q in ids if q in yes_no), ""))
    return rows[rows["stance_question"] != ""]


__all__ = ["map_foreign_questions", "read_set", "read_sets", "stance_rows", "writer_of"]
