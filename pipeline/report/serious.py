"""The closed questions (seriøsitetskrav): one answer per municipality.

A closed question of the taxonomy names the booklet question that asks it
(``ClosedQuestion.question``). With the answer stage's table the answers are the stances
on that question (:func:`closed_from_answers`):

* only statements about a place's *status* count: ``ja`` / ``nei`` / ``delvis`` are status
  statements of the sender's municipality; a demand («alle kommuner må vedta
  seriøsitetskrav», the answers' ``demand``) read as ``uklart`` is no status and is left
  out (counted in ``n_demands``);
* per submission the status is the most frequent definite stance (a tie is ``delvis``), per
  municipality the same over its submissions; ``uklart`` only when the place's statements
  are about its status but none can be read.

Without answers (the answer stage has not run) the taxonomy's regexes read the sentences
that mention the subject or are tagged to the question (:func:`closed_from_rules`).

Either way a submission without a municipality but with a fylke (a fylkesparti) is shown
as a fylke-wide row («Hele fylket: Agder»), one without either as «Uten oppgitt sted».
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from pipeline.report import labels as L
from pipeline.report.context import Count, Quote
from pipeline.report.questions import combine
from pipeline.report.safe import cut_quote
from pipeline.taxonomy import ClosedQuestion, Taxonomy

WHOLE_FYLKE = "Hele fylket"
NO_PLACE = "Uten oppgitt sted"
ANSWERS_INTRO = (
    "Lest ut av {sentences} i {submissions} som sier noe om status i egen kommune (eller "
    "eget fylke). {demands} uten status («alle kommuner må …») er holdt utenfor. Ett svar per "
    "kommune; fylkesdekkende utsagn står som «{whole}»:")
RULES_INTRO = "Lest ut av {sentences} i {submissions} som nevner {subject}. Svar per kommune:"


@dataclass(frozen=True)
class KommuneAnswer:
    """One place's answer to a closed question."""

    kommune: str  # or «Hele fylket: …» / «Uten oppgitt sted»
    fylke: str
    answer: str  # a stance, or the fallback's answer (ja, nei, under_arbeid, uklart)
    n_submissions: int
    sentences: tuple[Quote, ...]

    @property
    def answer_label(self) -> str:
        return L.STANCE_LABELS.get(self.answer) or L.ANSWER_LABELS.get(self.answer, "")


@dataclass(frozen=True)
class ClosedQuestionResult:
    """A closed question answered per municipality."""

    id: str
    text: str
    theme_title: str
    intro: str  # how the table was read, the same in HTML and DOCX
    tally: tuple[Count, ...]
    kommuner: tuple[KommuneAnswer, ...]
    n_sentences: int
    n_submissions: int
    n_demands: int = 0  # demands without a status, left out (from the answers only)
    from_answers: bool = False  # from the answer stage's stances, not the fallback regexes


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def place_of(kommune: str, fylke: str) -> tuple[str, str]:
    """``(place, fylke)`` as the table shows them (the fylke empty on a fylke-wide row)."""
    if kommune:
        return kommune, fylke
    if fylke:
        return f"{WHOLE_FYLKE}: {fylke}", ""
    return NO_PLACE, ""


def classify_sentence(sentence: str, question: ClosedQuestion) -> str:
    """Answer a closed question from one sentence with the taxonomy's regexes.

    ``ja`` wins when a ja-pattern matches and no nei-pattern does (the ja patterns are
    written not to match negations); a negation next to a pending step ("ikke vedtatt
    ennå, men saken skal behandles") is ``under_arbeid``.
    """
    hits = {
        key: any(re.search(p, sentence, re.IGNORECASE) for p in question.answers.get(key, ()))
        for key in ("ja", "nei", "under_arbeid")
    }
    if hits["ja"] and not hits["nei"]:
        return "ja"
    if hits["under_arbeid"]:
        return "under_arbeid"
    if hits["nei"]:
        return "nei"
    return "uklart"


def _per_place(subs: pd.DataFrame, votes: Sequence[tuple[str, str, Quote]], answer_labels:
               Mapping[str, str], tie: str) -> tuple[tuple[KommuneAnswer, ...], tuple[Count, ...]]:
    """One answer per place from ``(submission_id, answer, quote)`` votes (one vote per
    submission first, then per place), sorted by answer and place, and their tally."""
    per_place: dict[str, dict[str, list[tuple[str, Quote]]]] = {}
    fylke_of: dict[str, str] = {}
    for sid, answer, quote in votes:
        sub = subs.loc[sid]
        place, fylke = place_of(str(sub["kommune"]), str(sub["fylke"]))
        fylke_of.setdefault(place, fylke)
        per_place.setdefault(place, {}).setdefault(sid, []).append((answer, quote))
    order = list(answer_labels)
    kommuner = []
    for place, by_sub in per_place.items():
        answer = combine([combine([a for a, _ in rows], tie) for rows in by_sub.values()], tie)
        kommuner.append(KommuneAnswer(
            kommune=place, fylke=fylke_of[place], answer=answer,
            n_submissions=len(by_sub),
            sentences=tuple(q for rows in by_sub.values() for _, q in rows)))
    kommuner.sort(key=lambda k: (order.index(k.answer), k.kommune.startswith(WHOLE_FYLKE),
                                 k.kommune == NO_PLACE, k.kommune))
    counter = Counter(k.answer for k in kommuner)
    tally = tuple(Count(a, answer_labels[a], counter.get(a, 0),
                        L.fmt_pct(counter.get(a, 0), len(kommuner))) for a in order)
    return tuple(kommuner), tally


def closed_from_answers(question: ClosedQuestion, theme_title: str, subs: pd.DataFrame,
                        texts: pd.Series, answers: pd.DataFrame,
                        max_chars: int) -> ClosedQuestionResult:
    """A closed question from the answer stage's stances on ``question.question``. Pure.

    :param subs: the counted submissions, indexed by ``submission_id``
    :param texts: ``text_redacted`` by ``segment_id``
    :param answers: the answer stage's table
    """
    rows = answers[(answers["question_id"] == question.question)
                   & (answers["stance"].astype(str) != "")
                   & answers["submission_id"].isin(subs.index)]
    demand = (rows["stance"] == "uklart") & rows["demand"].astype(bool)
    status = rows[~demand].sort_values(["submission_id", "segment_id"])
    votes = [(str(r["submission_id"]), str(r["stance"]),
              Quote(cut_quote(str(texts.get(r["segment_id"], "")), max_chars),
                    str(r["submission_id"]), str(r["segment_id"]), stance=str(r["stance"]),
                    evidence=cut_quote(str(r["stance_evidence"]), max_chars)))
             for r in status.to_dict("records")]
    kommuner, tally = _per_place(subs, votes, L.STANCE_LABELS, tie="delvis")
    n_submissions = int(status["submission_id"].nunique())
    intro = ANSWERS_INTRO.format(
        sentences=L.plural(len(status), "setning", "setninger"),
        submissions=L.plural(n_submissions, "innspill", "innspill"),
        demands=L.plural(int(demand.sum()), "krav", "krav"), whole=WHOLE_FYLKE)
    return ClosedQuestionResult(
        id=question.id, text=question.text, theme_title=theme_title, intro=intro,
        tally=tally, kommuner=kommuner, n_sentences=len(status), n_submissions=n_submissions,
        n_demands=int(demand.sum()), from_answers=True)


def closed_from_rules(question: ClosedQuestion, theme_title: str, subs: pd.DataFrame,
                      segments: pd.DataFrame, max_chars: int) -> ClosedQuestionResult:
    """A closed question from the taxonomy's regexes (the fallback without answers). Pure.

    The sentences read are those that mention the subject (``question.trigger``), are
    tagged to the booklet question, or belong to a form answer with a column for it
    (``question_hint``, the answered column headers).
    """
    asked = _words(question.text)
    hinted: set[str] = set()
    if "question_hint" in subs.columns:
        hinted = set(subs.index[subs["question_hint"].map(lambda h: asked in _words(str(h)))])
    segs = segments[segments["submission_id"].isin(subs.index)]
    tagged = segs["question_id"] == question.question if question.question else False
    mask = (segs["text_redacted"].map(lambda t: question.mentions(str(t)))
            | tagged | segs["submission_id"].isin(hinted))
    segs = segs.loc[mask.astype(bool).to_numpy()].sort_values(["submission_id", "position"])
    votes = []
    for seg in segs.to_dict("records"):
        answer = classify_sentence(str(seg["text_redacted"]), question)
        votes.append((str(seg["submission_id"]), answer,
                      Quote(cut_quote(str(seg["text_redacted"]), max_chars),
                            str(seg["submission_id"]), str(seg["segment_id"]),
                            note=L.ANSWER_LABELS[answer])))
    kommuner, tally = _per_place(subs, votes, L.ANSWER_LABELS, tie="uklart")
    n_submissions = int(segs["submission_id"].nunique())
    intro = RULES_INTRO.format(sentences=L.plural(len(segs), "setning", "setninger"),
                               submissions=L.plural(n_submissions, "innspill", "innspill"),
                               subject="seriøsitetskrav")
    return ClosedQuestionResult(
        id=question.id, text=question.text, theme_title=theme_title, intro=intro,
        tally=tally, kommuner=kommuner, n_sentences=len(segs), n_submissions=n_submissions)


def closed_questions(counted: pd.DataFrame, segments: pd.DataFrame, answers: pd.DataFrame,
                     taxonomy: Taxonomy, theme_titles: Mapping[str, str],
                     max_chars: int) -> tuple[ClosedQuestionResult, ...]:
    """Every closed question of ``taxonomy``: from the answers when the answer stage has
    answers to its booklet question, else from the regexes. Pure.

    :param counted: the submissions that count (``submission_id`` column)
    :param segments: the redacted segments
    :param answers: the answer stage's table (may be empty)
    :param theme_titles: «1. Kort tittel» per theme id
    :param max_chars: ``report.max_quote_chars``
    """
    subs = counted.set_index("submission_id", drop=False).rename_axis(None)
    texts = segments.set_index("segment_id")["text_redacted"]
    out = []
    for question in taxonomy.closed_questions:
        title = theme_titles.get(question.theme, taxonomy.theme(question.theme).title)
        if question.question and (answers["question_id"] == question.question).any():
            out.append(closed_from_answers(question, title, subs, texts, answers, max_chars))
        else:
            out.append(closed_from_rules(question, title, subs, segments, max_chars))
    return tuple(out)


__all__ = ["NO_PLACE", "WHOLE_FYLKE", "ClosedQuestionResult", "KommuneAnswer",
           "classify_sentence", "closed_from_answers", "closed_from_rules", "closed_questions",
           "place_of"]
