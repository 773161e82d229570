"""Answers per booklet question: one section per taxonomy question (issue 18).

Pure functions over the redacted tables (``pipeline/schema.py`` contract), including the
answer stage's ``answers`` table. Counting rules:

* a submission *answers* a question when at least one of its segments does (a direct form
  answer under the question, or the answer stage's question model) and the submission counts
  (:func:`pipeline.report.context.counted_mask`);
* on a yes/no question each answering submission gets one stance: the most frequent of
  ``ja``/``nei``/``delvis`` among its answering segments (a tie between them is
  ``delvis``), ``uklart`` when none of its segments takes a readable stance;
* the recurring proposals that answer a question are the topics of its answering
  segments, counted by answering submissions;
* quotes are redacted text only (``text_redacted``), from different submissions, spread
  over the stances.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.report import labels as L
from pipeline.report.context import Count, Quote, tally
from pipeline.report.safe import cut_quote, strip_list_marker
from pipeline.schema import NO_TOPIC, STANCES
from pipeline.taxonomy import Taxonomy

MAX_QUOTES = 5
MAX_PROPOSALS = 5

@dataclass(frozen=True)
class QuestionSection:
    """One booklet question with its answers."""

    id: str
    theme_id: str
    theme_title: str
    text: str
    short: str
    yes_no: bool
    n_submissions: int
    n_segments: int
    n_direct: int  # submissions answering in a form field for the question
    share: str
    summary: str  # the section's first line, the same in HTML and DOCX
    submitter_types: tuple[Count, ...]
    fylker: tuple[Count, ...]
    stances: tuple[Count, ...]  # yes/no questions only, one stance per submission
    proposals: tuple[Count, ...]  # recurring proposals among the answers (key: topic id)
    quotes: tuple[Quote, ...]
    answers: tuple[Quote, ...] = ()  # every answering segment (for the workbook)

    @property
    def answered(self) -> bool:
        return self.n_submissions > 0


Record = Mapping[Hashable, Any]
"""One answers row (``DataFrame.to_dict("records")``)."""


def combine(votes: Iterable[str], tie: str) -> str:
    """One answer from several: the most frequent answer other than ``uklart``; ``tie``
    when two lead equally, ``uklart`` when there is none."""
    definite = Counter(v for v in votes if v != "uklart")
    if not definite:
        return "uklart"
    ranked = definite.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return tie
    return ranked[0][0]


def combine_stances(stances: Iterable[str]) -> str:
    """One submission's stance from its segments' stances (see the module docstring)."""
    return combine(stances, tie="delvis")


def submission_stances(answers: pd.DataFrame) -> pd.DataFrame:
    """``submission_id, question_id, stance``: one stance per answering submission on each
    yes/no question (rows of ``answers`` with a stance)."""
    rows = answers[answers["stance"].astype(str) != ""]
    if rows.empty:
        return pd.DataFrame(columns=["submission_id", "question_id", "stance"])
    # A dict of lists rather than groupby().agg(lambda): pandas builds a Series per group
    # for that (2 s at 50 000 submissions); the groups and their order are the same.
    votes: dict[tuple[Any, Any], list[Any]] = {}
    for key, stance in zip(zip(rows["submission_id"], rows["question_id"], strict=True),
                           rows["stance"], strict=True):
        votes.setdefault(key, []).append(stance)
    keys = sorted(votes)
    return pd.DataFrame({"submission_id": [k[0] for k in keys],
                         "question_id": [k[1] for k in keys],
                         "stance": [combine_stances(votes[k]) for k in keys]})


QUOTE_COLUMNS = ("submission_id", "segment_id", "stance", "stance_evidence")
"""The answers columns :func:`_quote` reads."""


def _quote(row: Record, texts: Mapping[str, str], max_chars: int | None) -> Quote:
    stance = str(row["stance"])
    text = str(texts.get(row["segment_id"], ""))
    evidence = str(row["stance_evidence"]) if stance else ""
    return Quote(
        text=cut_quote(text, max_chars) if max_chars else text,
        submission_id=str(row["submission_id"]), segment_id=str(row["segment_id"]),
        stance=stance,
        evidence=cut_quote(evidence, max_chars) if max_chars else evidence)


def _quotes(rows: pd.DataFrame, texts: Mapping[str, str], max_chars: int) -> tuple[Quote, ...]:
    """Up to :data:`MAX_QUOTES` quotes from different submissions, direct answers and higher
    scores first, taking the stances in turn."""
    rows = rows.sort_values(["direct", "score", "submission_id", "segment_id"],
                            ascending=[False, False, True, True])
    rows = rows.drop_duplicates("submission_id")
    buckets: dict[str, list[Record]] = {}
    for record in rows[list(QUOTE_COLUMNS)].to_dict("records"):
        buckets.setdefault(str(record["stance"]), []).append(record)
    order = [s for s in (*STANCES, "") if s in buckets]
    picked: list[Record] = []
    while len(picked) < MAX_QUOTES and any(buckets[s] for s in order):
        for s in order:
            if buckets[s] and len(picked) < MAX_QUOTES:
                picked.append(buckets[s].pop(0))
    return tuple(_quote(r, texts, max_chars) for r in picked)


def _summary(n_submissions: int, share: str, n_segments: int, n_direct: int) -> str:
    """The section's first line, the same in HTML and DOCX."""
    line = (f"{L.fmt_int(n_submissions)} innspill ({share} av alle) svarer på spørsmålet, i "
            f"{L.plural(n_segments, 'setning', 'setninger')}")
    if n_direct:
        line += f"; {L.fmt_int(n_direct)} av dem i et skjemafelt for spørsmålet"
    return line + "."


def question_sections(submissions: pd.DataFrame, segments: pd.DataFrame, topics: pd.DataFrame,
                      answers: pd.DataFrame, taxonomy: Taxonomy, counted_ids: set[str],
                      max_quote_chars: int) -> tuple[QuestionSection, ...]:
    """One :class:`QuestionSection` per taxonomy question, in booklet order. Pure.

    :param submissions: redacted submissions (``submission_id``, ``submitter_type``, ``fylke``)
    :param segments: redacted segments (``segment_id``, ``text_redacted``, ``topic_id``)
    :param topics: the recurring proposals (``topic_id``, ``label``)
    :param answers: the answer stage's table
    :param counted_ids: the submissions that count
    :param max_quote_chars: ``report.max_quote_chars``
    """
    subs = submissions.set_index("submission_id", drop=False).rename_axis(None)
    # Plain dicts: a Series look-up per answer cost seconds at 50 000 submissions.
    texts = dict(zip(segments["segment_id"], segments["text_redacted"], strict=True))
    topic_of = dict(zip(segments["segment_id"], segments["topic_id"], strict=True))
    labels = {int(t): strip_list_marker(str(lab)) or f"Forslag {int(t)}"
              for t, lab in zip(topics["topic_id"], topics["label"], strict=True)}
    answers = answers[answers["submission_id"].isin(counted_ids)
                      & answers["segment_id"].isin(segments["segment_id"])]
    per_sub = submission_stances(answers)
    n_counted = len(counted_ids)
    out = []
    for theme, q in taxonomy.questions():
        rows = answers[answers["question_id"] == q.id]
        ids = sorted(set(rows["submission_id"]))
        who = subs.loc[ids]
        stances: tuple[Count, ...] = ()
        if q.yes_no:
            counter = Counter(per_sub.loc[per_sub["question_id"] == q.id, "stance"])
            stances = tuple(Count(s, L.STANCE_LABELS[s], counter.get(s, 0),
                                  L.fmt_pct(counter.get(s, 0), len(ids))) for s in STANCES)
        topic_subs: dict[int, set[str]] = {}
        for seg, sub in zip(rows["segment_id"], rows["submission_id"], strict=True):
            tid = int(topic_of.get(seg, NO_TOPIC))
            if tid in labels:
                topic_subs.setdefault(tid, set()).add(str(sub))
        ranked = sorted(topic_subs.items(), key=lambda item: (-len(item[1]), item[0]))
        proposals = [Count(str(t), labels[t], len(s), L.fmt_pct(len(s), len(ids)))
                     for t, s in ranked[:MAX_PROPOSALS]]
        n_segments = int(rows["segment_id"].nunique())
        n_direct = int(rows.loc[rows["direct"].astype(bool), "submission_id"].nunique())
        share = L.fmt_pct(len(ids), n_counted)
        out.append(QuestionSection(
            id=q.id, theme_id=theme.id, theme_title=f"{theme.number}. {theme.short_title}",
            text=q.text, short=q.short, yes_no=q.yes_no, n_submissions=len(ids),
            n_segments=n_segments, n_direct=n_direct, share=share,
            summary=_summary(len(ids), share, n_segments, n_direct),
            submitter_types=tally(who["submitter_type"], L.SUBMITTER_LABELS, len(ids),
                                  order=L.SUBMITTER_LABELS),
            fylker=tally(who["fylke"], None, len(ids)),
            stances=stances, proposals=tuple(proposals),
            quotes=_quotes(rows, texts, max_quote_chars),
            answers=tuple(_quote(r, texts, None) for r in
                          rows.sort_values(["submission_id", "segment_id"])
                          [list(QUOTE_COLUMNS)].to_dict("records")),
        ))
    return tuple(out)


__all__ = ["MAX_PROPOSALS", "MAX_QUOTES", "QuestionSection", "combine", "combine_stances",
           "question_sections", "submission_stances"]
