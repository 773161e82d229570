"""Pure functions from the redacted tables to the report's content (typed dataclasses).

Every number the report shows is computed here from the tables; templates and
renderers only lay it out. Counting rules (also explained in the report's method
chapter):

* A submission *counts* unless it is an exact duplicate outside a campaign
  (``duplicate_of`` set and ``campaign_id`` empty). Campaign copies count: each
  sender supports the text.
* A proposal's supporters are the distinct counted submissions with at least one
  segment in the topic; organisations are the distinct non-empty ``organisation``
  values among them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from pipeline.config import ReportParams
from pipeline.report import labels as L
from pipeline.report.safe import (
    RedactedTables,
    cut_quote,
    require_redacted,
    strip_list_marker,
)
from pipeline.taxonomy import Question, Taxonomy, Theme

if TYPE_CHECKING:  # built by these modules, which build on the model here
    from pipeline.report.questions import QuestionSection
    from pipeline.report.serious import ClosedQuestionResult

APPENDIX_MAX_CHARS = 1000
VERSION_KEY = re.compile(r"version|backend|embedder|(^|\.)model$|language_method")


# --------------------------------------------------------------------------- dataclasses
@dataclass(frozen=True)
class Count:
    """One row of a tally: a key, its Norwegian label, how many and the share."""

    key: str
    label: str
    n: int
    share: str = ""


@dataclass(frozen=True)
class Quote:
    """A redacted quote with its source and, for an answer, how it was read: the stance
    on a yes/no question with the deciding sentence, or a closed question's ``note``."""

    text: str
    submission_id: str
    segment_id: str = ""
    note: str = ""
    stance: str = ""  # ja / nei / delvis / uklart (answers to yes/no questions)
    evidence: str = ""  # the deciding sentence (redacted)

    @property
    def stance_label(self) -> str:
        return L.STANCE_LABELS.get(self.stance, "")


@dataclass(frozen=True)
class Proposal:
    """A recurring proposal (topic) with who stands behind it."""

    topic_id: int
    label: str
    keywords: tuple[str, ...]
    theme_id: str
    theme_title: str
    n_submissions: int
    n_organisations: int
    n_segments: int
    n_campaign_submissions: int
    organisations: tuple[str, ...]
    submitter_types: tuple[Count, ...]
    fylker: tuple[Count, ...]
    quote: Quote | None
    submission_ids: tuple[str, ...]


@dataclass(frozen=True)
class QuestionCoverage:
    """A booklet question's row in its theme chapter."""

    id: str
    short: str
    text: str
    n_submissions: int
    n_segments: int
    share: str


@dataclass(frozen=True)
class ThemeChapter:
    """One of the booklet's themes: its questions, proposals and senders."""

    id: str
    number: int
    title: str
    short_title: str
    description: str
    n_submissions: int
    share: str  # of the counted submissions
    questions: tuple[QuestionCoverage, ...]
    proposals: tuple[Proposal, ...]
    submitter_types: tuple[Count, ...]
    fylker: tuple[Count, ...]


@dataclass(frozen=True)
class Highlight:
    """A theme's most supported proposals, for the main findings."""

    theme_id: str
    theme_number: int
    theme_title: str
    proposals: tuple[Proposal, ...]


@dataclass(frozen=True)
class Campaign:
    """One text sent by several senders, shown once."""

    campaign_id: str
    n_senders: int
    organisations: tuple[str, ...]
    fylker: tuple[str, ...]
    quote: Quote | None
    submission_ids: tuple[str, ...]


@dataclass(frozen=True)
class DuplicateGroup:
    """Exact copies of one submission, counted once."""

    original_id: str
    duplicate_ids: tuple[str, ...]


@dataclass(frozen=True)
class FileIssue:
    """A file that was not read in full, and why."""

    path: str
    status: str
    reason: str


@dataclass(frozen=True)
class MetricRow:
    """One quality measure or version in the method chapter."""

    stage: str
    stage_label: str
    name: str
    value: str


@dataclass(frozen=True)
class Method:
    """The method chapter: files, versions, quality measures, caveats."""

    ledger: tuple[Count, ...]
    n_files: int
    file_issues: tuple[FileIssue, ...]
    nlp_backend: str
    versions: tuple[MetricRow, ...]
    metrics: tuple[MetricRow, ...]
    all_metrics: tuple[MetricRow, ...]
    missing_stages: tuple[str, ...]
    caveats: tuple[str, ...]


@dataclass(frozen=True)
class AppendixGroup:
    """One proposal group of the appendix, with its formulations."""

    topic_id: int
    label: str
    theme_title: str
    items: tuple[Quote, ...]
    n_items: int = 0  # formulations in the group; more than len(items) when capped
    more: str = ""  # Norwegian line pointing to the workbook for the ones not shown


@dataclass(frozen=True)
class FrontPage:
    """The front page's key figures and breakdowns."""

    title: str
    subtitle: str
    organiser: str
    period: str
    generated: str
    n_submissions: int
    n_counted: int  # all but exact duplicates outside a campaign
    n_duplicates: int
    n_campaigns: int
    n_campaign_submissions: int
    n_files: int
    n_segments: int
    n_proposal_segments: int
    n_topics: int
    by_format: tuple[Count, ...]
    by_submitter: tuple[Count, ...]
    by_language: tuple[Count, ...]
    by_fylke: tuple[Count, ...]


@dataclass(frozen=True)
class ReportContext:
    """Everything the report shows; renderers only lay it out."""

    front: FrontPage
    summary: tuple[str, ...]
    highlights: tuple[Highlight, ...]
    themes: tuple[ThemeChapter, ...]
    closed_questions: tuple[ClosedQuestionResult, ...]
    campaigns: tuple[Campaign, ...]
    duplicates: tuple[DuplicateGroup, ...]
    new_topics: tuple[Proposal, ...]
    n_off_theme: int
    off_theme_share: str
    method: Method
    appendix: tuple[AppendixGroup, ...]
    appendix_note: str = ""  # said under the appendix title when some groups are capped
    figures: dict[str, Any] = field(default_factory=dict)  # name -> figures.Figure
    questions: tuple[QuestionSection, ...] = ()  # one per booklet question, booklet order

    def counts(self) -> dict[str, Any]:
        """The headline numbers, for ``reports/metrics.json``."""
        return {
            "n_submissions": self.front.n_submissions,
            "n_counted_submissions": self.front.n_counted,
            "n_duplicates": self.front.n_duplicates,
            "n_campaigns": self.front.n_campaigns,
            "n_campaign_submissions": self.front.n_campaign_submissions,
            "n_files": self.front.n_files,
            "n_segments": self.front.n_segments,
            "n_proposal_segments": self.front.n_proposal_segments,
            "n_topics": self.front.n_topics,
            "n_new_topics": len(self.new_topics),
            "n_off_theme_submissions": self.n_off_theme,
            "submissions_per_theme": {t.id: t.n_submissions for t in self.themes},
            "closed_questions": {
                c.id: {x.key: x.n for x in c.tally} for c in self.closed_questions
            },
            "files_by_status": {c.key: c.n for c in self.method.ledger},
            "questions": {
                q.id: {"n_submissions": q.n_submissions, "n_segments": q.n_segments,
                       **({"stances": {x.key: x.n for x in q.stances}} if q.yes_no else {})}
                for q in self.questions
            },
        }


# --------------------------------------------------------------------------- helpers
def counted_mask(submissions: pd.DataFrame) -> pd.Series:
    """True for submissions that count (all but exact duplicates outside a campaign)."""
    dup = submissions["duplicate_of"].astype(str) != ""
    camp = submissions["campaign_id"].astype(str) != ""
    return ~dup | camp


def _rows(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """Rows where ``mask`` holds (safe for empty frames, where ``frame[mask]`` picks columns)."""
    return frame.loc[mask.astype(bool).to_numpy()]


def tally(values: Iterable[str], labels: Mapping[str, str] | None, total: int,
           order: Iterable[str] = (), unknown: str = L.UNKNOWN_PLACE) -> tuple[Count, ...]:
    counter = Counter(values)
    keys = [k for k in order if counter.get(k)]
    rest = sorted((k for k in counter if k not in keys), key=lambda k: (-counter[k], k == "", k))
    out = []
    for key in keys + rest:
        label = (labels or {}).get(key, key) or unknown
        out.append(Count(key, label, counter[key], L.fmt_pct(counter[key], total)))
    return tuple(out)


def _period(received: pd.Series) -> str:
    stamps = pd.to_datetime(received, utc=True, errors="coerce").dropna()
    if stamps.empty:
        return "ukjent periode"
    start = stamps.min().tz_convert("Europe/Oslo").date()
    end = stamps.max().tz_convert("Europe/Oslo").date()
    if start == end:
        return L.fmt_date(start)
    return f"{L.fmt_date(start)} – {L.fmt_date(end)}"


def data_date(submissions: pd.DataFrame) -> dt.datetime:
    """A fixed timestamp derived from the data (latest ``received_at``), for file metadata."""
    # pandas-stubs has no overload for None (no column), which to_datetime returns as None.
    stamps = pd.to_datetime(  # type: ignore[call-overload]
        submissions.get("received_at"), utc=True, errors="coerce")
    stamps = stamps.dropna() if stamps is not None else pd.Series(dtype="datetime64[ns, UTC]")
    if stamps.empty:
        return dt.datetime(2000, 1, 1)
    return stamps.max().tz_convert("UTC").to_pydatetime().replace(tzinfo=None, microsecond=0)


def _theme_titles(tax: Taxonomy) -> dict[str, str]:
    return {t.id: f"{t.number}. {t.short_title}" for t in tax.themes}


class _Index:
    """Lookups shared by the builders (computed once per report)."""

    def __init__(self, rt: RedactedTables, params: ReportParams, tax: Taxonomy,
                 kept_names: Iterable[str] = ()):
        self.params = params
        self.tax = tax
        # names never redacted: the taxonomy's public contacts plus prepare.allow_list
        self.kept_names = tuple(dict.fromkeys([*tax.public_contacts, *kept_names]))
        subs = rt.submissions.copy()
        subs["counted"] = counted_mask(subs)
        self.subs = subs.set_index("submission_id", drop=False).rename_axis(None)
        self.counted = subs[subs["counted"]]
        self.counted_ids = set(self.counted["submission_id"])
        self.n_counted = len(self.counted)
        segs = rt.segments.copy()
        self.segs = segs
        self.seg_by_id = segs.set_index("segment_id", drop=False).rename_axis(None)
        # One pass instead of a full-table filter per topic (hundreds of topics at scale).
        # topic_id is an integer column; pandas-stubs types group keys as any scalar.
        self.segs_by_topic = {int(tid): group  # type: ignore[arg-type]
                              for tid, group in segs.groupby("topic_id")}
        self.topics = rt.topics.copy()
        self.ledger = rt.ledger.copy()
        self.theme_titles = _theme_titles(tax)

    def quote_for(self, segment_id: str, max_chars: int | None = None) -> Quote | None:
        if segment_id not in self.seg_by_id.index:
            return None
        row = self.seg_by_id.loc[segment_id]
        if isinstance(row, pd.DataFrame):
            row = row.iloc[0]
        text = cut_quote(row["text_redacted"], max_chars or self.params.max_quote_chars)
        return Quote(text=text, submission_id=str(row["submission_id"]), segment_id=segment_id)

    def topic_segments(self, topic_id: int) -> pd.DataFrame:
        """The segments of one topic (an empty frame for a topic without segments)."""
        return self.segs_by_topic.get(int(topic_id), self.segs.iloc[:0])

    def who(self, ids: Iterable[str]) -> pd.DataFrame:
        ids = [i for i in ids if i in self.subs.index]
        return self.subs.loc[ids]


# --------------------------------------------------------------------------- builders
def _front(ix: _Index, generated: str) -> FrontPage:
    subs, counted = ix.subs, ix.counted
    n = len(subs)
    camp = subs[subs["campaign_id"].astype(str) != ""]
    fmt_col = subs["format"] if "format" in subs.columns else pd.Series([""] * n)
    formats = [str(f).lower() if f else "" for f in fmt_col]
    fmt_labels = {f: (f.upper() if f else "Ukjent") for f in set(formats)}
    return FrontPage(
        title=ix.params.title,
        subtitle=ix.params.subtitle,
        organiser=ix.tax.organiser,
        period=_period(subs["received_at"]),
        generated=generated,
        n_submissions=n,
        n_counted=ix.n_counted,
        n_duplicates=int((~subs["counted"]).sum()),
        n_campaigns=int(camp["campaign_id"].nunique()),
        n_campaign_submissions=len(camp),
        n_files=len(ix.ledger),
        n_segments=len(ix.segs),
        n_proposal_segments=int(ix.segs["is_proposal"].astype(bool).sum()) if len(ix.segs) else 0,
        n_topics=len(ix.topics),
        by_format=tally(formats, fmt_labels, n),
        by_submitter=tally(subs["submitter_type"], L.SUBMITTER_LABELS, n,
                            order=L.SUBMITTER_LABELS),
        by_language=tally(subs["language"], L.LANGUAGE_LABELS, n, order=L.LANGUAGE_LABELS),
        by_fylke=tally(counted["fylke"], None, ix.n_counted),
    )


def _proposal(ix: _Index, topic: pd.Series) -> Proposal:
    tid = int(topic["topic_id"])
    segs = ix.topic_segments(tid)
    ids = sorted(set(segs["submission_id"]) & ix.counted_ids)
    who = ix.who(ids)
    orgs = tuple(sorted({o for o in who["organisation"] if o}))
    quote = None
    for sid in list(topic["representative_segment_ids"]) + sorted(segs["segment_id"]):
        quote = ix.quote_for(str(sid))
        if quote is not None:
            break
    theme = str(topic["theme"])
    return Proposal(
        topic_id=tid,
        label=strip_list_marker(str(topic["label"])) or f"Forslag {tid}",
        keywords=tuple(str(k) for k in topic["keywords"]),
        theme_id=theme,
        theme_title=ix.theme_titles.get(theme, theme or "Nytt tema"),
        n_submissions=len(ids),
        n_organisations=len(orgs),
        n_segments=len(segs),
        n_campaign_submissions=int((who["campaign_id"].astype(str) != "").sum()),
        organisations=orgs,
        submitter_types=tally(who["submitter_type"], L.SUBMITTER_LABELS, len(ids),
                               order=L.SUBMITTER_LABELS),
        fylker=tally(who["fylke"], None, len(ids)),
        quote=quote,
        submission_ids=tuple(ids),
    )


def _all_proposals(ix: _Index) -> list[Proposal]:
    props = [_proposal(ix, row) for _, row in ix.topics.iterrows()]
    return sorted(props, key=lambda p: (-p.n_submissions, -p.n_organisations, p.topic_id))


def _coverage(ix: _Index, question: Question,
              sections: Mapping[str, QuestionSection]) -> QuestionCoverage:
    """A question's row in its theme chapter: the numbers of its question section when the
    answer stage's table is there, else the segments the tagger put nearest to it."""
    section = sections.get(question.id)
    if section is not None:
        return QuestionCoverage(
            id=question.id, short=question.short, text=question.text,
            n_submissions=section.n_submissions, n_segments=section.n_segments,
            share=section.share)
    qsegs = ix.segs[ix.segs["question_id"] == question.id]
    qids = set(qsegs["submission_id"]) & ix.counted_ids
    return QuestionCoverage(
        id=question.id, short=question.short, text=question.text, n_submissions=len(qids),
        n_segments=len(qsegs), share=L.fmt_pct(len(qids), ix.n_counted))


def _theme_chapter(ix: _Index, theme: Theme, proposals: list[Proposal],
                   sections: Mapping[str, QuestionSection]) -> ThemeChapter:
    on_theme = _rows(ix.counted, ix.counted["themes"].map(lambda ts: theme.id in list(ts)))
    n = len(on_theme)
    questions = [_coverage(ix, q, sections) for q in theme.questions]
    return ThemeChapter(
        id=theme.id,
        number=theme.number,
        title=theme.title,
        short_title=theme.short_title,
        description=theme.description,
        n_submissions=n,
        share=L.fmt_pct(n, ix.n_counted),
        questions=tuple(questions),
        proposals=tuple(p for p in proposals if p.theme_id == theme.id),
        submitter_types=tally(on_theme["submitter_type"], L.SUBMITTER_LABELS, n,
                               order=L.SUBMITTER_LABELS),
        fylker=tally(on_theme["fylke"], None, n),
    )


def _campaigns(ix: _Index) -> tuple[Campaign, ...]:
    camp = ix.subs[ix.subs["campaign_id"].astype(str) != ""]
    out = []
    for cid, group in camp.groupby("campaign_id", sort=True):
        group = group.sort_values("submission_id")
        first = group.iloc[0]
        text = str(first["text_redacted"])
        quote = Quote(cut_quote(text, ix.params.max_quote_chars), str(first["submission_id"])) \
            if text else None
        out.append(Campaign(
            campaign_id=str(cid), n_senders=len(group),
            organisations=tuple(sorted({o for o in group["organisation"] if o})),
            fylker=tuple(sorted({f for f in group["fylke"] if f})),
            quote=quote, submission_ids=tuple(group["submission_id"]),
        ))
    return tuple(sorted(out, key=lambda c: (-c.n_senders, c.campaign_id)))


def _duplicates(ix: _Index) -> tuple[DuplicateGroup, ...]:
    dups = ix.subs[~ix.subs["counted"]]
    return tuple(
        DuplicateGroup(str(orig), tuple(sorted(group["submission_id"])))
        for orig, group in dups.groupby("duplicate_of", sort=True)
    )


def _flatten(prefix: str, value: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for k in sorted(value, key=str):
            yield from _flatten(f"{prefix}.{k}" if prefix else str(k), value[k])
    elif isinstance(value, list | tuple) and any(isinstance(v, Mapping | list) for v in value):
        yield prefix, f"{len(value)} elementer"
    else:
        yield prefix, value


def _lookup(data: Mapping[str, Any], dotted: str) -> Any:
    """``data['a']['b']`` for ``"a.b"``; ``None`` when any part is missing."""
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _method(ix: _Index, metrics: Mapping[str, Mapping[str, Any]]) -> Method:
    ledger = ix.ledger
    n_files = len(ledger)
    status_tally = tally(ledger["status"], L.STATUS_LABELS, n_files, order=L.STATUS_LABELS)
    issues = tuple(
        FileIssue(str(r["path"]), L.STATUS_LABELS.get(str(r["status"]), str(r["status"])),
                  str(r["reason"]) or "ingen årsak oppgitt")
        for _, r in ledger.sort_values(["status", "path"]).iterrows() if r["status"] != "ok"
    )
    rows, everything, versions, missing = [], [], [], []
    for stage in L.METRIC_STAGES:
        data = metrics.get(stage) or {}
        if not data:
            missing.append(stage)
            row = MetricRow(stage, L.STAGE_LABELS[stage], "–", L.NOT_MEASURED)
            rows.append(row)
            everything.append(row)
            continue
        for name, value in _flatten("", data):
            row = MetricRow(stage, L.STAGE_LABELS[stage], name, L.fmt_number(value))
            everything.append(row)
            if VERSION_KEY.search(name.lower()) and not isinstance(value, Mapping):
                versions.append(row)
    # The committee sees a few headline measures in plain words; Excel has them all.
    for stage, key, label in L.HEADLINE_METRICS:
        value = _lookup(metrics.get(stage) or {}, key)
        if value is not None and not isinstance(value, Mapping):
            rows.append(MetricRow(stage, L.STAGE_LABELS[stage], label, L.fmt_number(value)))
    prepare = metrics.get("prepare") or {}
    backend = str(prepare.get("backend") or prepare.get("nlp_backend") or L.NOT_MEASURED)
    caveats = [
        "Tallene teller innspill, ikke personer eller medlemmer: et lokallag og en privatperson "
        "teller likt, og ett brev kan bære mange underskrifter.",
        "Kampanjekopier (samme tekst fra flere avsendere) teller med én gang per avsender; "
        "eksakte duplikater (samme innspill sendt flere ganger) er bare talt én gang.",
        "Koblingen til tema, spørsmål og forslag er gjort maskinelt og kan ta feil i "
        "enkelttilfeller. Sitatene og vedlegget gjør det mulig å sjekke hvert funn mot kilden.",
        "Svarene om seriøsitetskrav er lest ut av det innspillene skriver om status i egen "
        "kommune. Kommuner som ikke er nevnt, har ikke svart – det betyr ikke at de mangler "
        "krav.",
        "Navn, e-postadresser, telefonnumre og lignende er fjernet fra all tekst i rapporten "
        "og i Excel-arkene, også navn på kjente offentlige personer. Unntatt er bare navnene "
        "på listen over offentlige kontaktpersoner (heftets kontaktpersoner og "
        "prepare.allow_list i params.yaml).",
        kept_names_note(ix.counted["text_redacted"], ix.kept_names),
    ]
    tag_metrics = metrics.get("tag") or {}
    if tag_metrics.get("decision_layer_used"):
        precision = (tag_metrics.get("decision_layer") or {}).get("min_precision")
        share = f"minst {round(100 * precision)}\u00a0%" if precision else "de fleste"
        caveats.append(
            "Om en setning hører til et tema, avgjøres av en lært modell per tema som veier "
            "nøkkelord og innholdslikhet med heftets tekst. Grensen er satt slik at "
            f"{share} av treffene var riktige i treningsdataene: verktøyet lar heller et "
            "svakt treff være enn å telle det med. Et tema krever arbeidslivsvinkelen – teknologi "
            "som endrer arbeidet, det offentlige som arbeidsgiver, organisert arbeidsliv i "
            "Norge."
        )
    answer_eval = (metrics.get("eval_answer") or {}).get("independent") or {}
    if answer_eval:
        q, st = answer_eval.get("questions") or {}, answer_eval.get("stance") or {}
        caveats.append(
            "Hvilke av heftets spørsmål en setning svarer på, avgjøres av en lært modell for "
            "hvert spørsmål (ordbruk, nøkkelord og innholdslikhet med spørsmålsteksten), trent "
            "på skrevne eksempler, med en grense satt på eksempler modellen ikke var trent på; "
            "svar i et skjemafelt for spørsmålet teller direkte. Standpunktet "
            "på ja/nei-spørsmålene (ja, nei, delvis, uklart) settes av en lært modell, og den "
            "avgjørende setningen vises ved hvert sitat. Målt på to testsett skrevet av andre, "
            f"uten kjennskap til verktøyet: {L.fmt_number(q.get('precision'))} av koblingene "
            f"til et spørsmål var riktige, {L.fmt_number(q.get('recall'))} av svarene ble "
            f"funnet, og standpunktet fikk F1 {L.fmt_number(st.get('macro_f1'))} (snitt av de "
            "fire). Tallene per spørsmål er derfor anslag; sitatene lar leseren sjekke dem."
        )
    if missing:
        caveats.append(
            "Noen kvalitetsmål mangler (vist som «ikke målt»): "
            + ", ".join(L.STAGE_LABELS[s].lower() for s in missing) + "."
        )
    if issues:
        caveats.append(
            f"{L.plural(len(issues), 'fil', 'filer')} ble ikke lest inn fullt ut; se listen "
            "over filer i karantene eller hoppet over."
        )
    return Method(
        ledger=status_tally, n_files=n_files, file_issues=issues, nlp_backend=backend,
        versions=tuple(versions), metrics=tuple(rows), all_metrics=tuple(everything),
        missing_stages=tuple(missing), caveats=tuple(caveats),
    )


def kept_names_note(texts: Iterable[str], kept_names: Iterable[str]) -> str:
    """The sentence that says which allow-listed names stand unredacted in the submissions.

    Only person names of the keep list are named (e-mail addresses on it are left out), and
    only those that occur in the redacted texts: those are public by definition, and the
    reader should know that these and no other names were kept.
    """
    names = sorted({n.strip() for n in kept_names if n and "@" not in n and n.strip()})
    lowered = [str(t).lower() for t in texts]
    found = []
    for name in names:
        words = name.lower().split()
        joined = r"\s+".join(map(re.escape, words))
        pattern = re.compile(rf"(?<!\w){joined}(?:s|'s|’s)?(?!\w)")
        # The substring test first: the pattern can only match where the first word stands,
        # and most texts name nobody (a regex search per text and name took 1.6 s at 50 000).
        n = sum(1 for t in lowered if words[0] in t and pattern.search(t))
        if n:
            found.append(f"{name} ({L.plural(n, 'innspill', 'innspill')})")
    if not found:
        return "Ingen navn fra listen over offentlige kontaktpersoner forekommer i innspillene."
    return ("Navn som står uanonymisert fordi de er på listen over offentlige "
            "kontaktpersoner: " + ", ".join(found) + ".")


def _appendix_group(ix: _Index, topic_id: int, label: str, theme_title: str,
                    segs: pd.DataFrame, representative: Iterable[str], more: str) -> AppendixGroup:
    """One appendix group: at most ``appendix_quotes_per_topic`` quotes, the rest counted.

    The shown quotes are chosen deterministically: the topic's representative segments
    first (the most typical formulations), then the others by submission and position.
    They are listed in submission/position order, like an uncapped group, so a reader can
    trace them to the workbook.

    :param ix: the shared lookups (params give the cap and quote length)
    :param topic_id: the group's topic id (-1 for proposals outside any topic)
    :param label: the group's heading
    :param theme_title: the theme shown next to the heading ("" for none)
    :param segs: every segment of the group
    :param representative: segment ids to show first, in order (ids outside ``segs`` ignored)
    :param more: template of the line for the quotes not shown, with ``{n}`` for their count
    :returns: the group, with ``n_items`` and the ``more`` line filled in when capped
    """
    segs = segs.sort_values(["submission_id", "position"])
    ids = segs["segment_id"].astype(str).tolist()
    cap = ix.params.appendix_quotes_per_topic
    if cap and len(ids) > cap:
        present = set(ids)
        chosen = list(dict.fromkeys(str(r) for r in representative if str(r) in present))[:cap]
        picked = set(chosen)
        for sid in ids:
            if len(picked) >= cap:
                break
            picked.add(sid)
        segs = segs.loc[[sid in picked for sid in ids]]
    n_more = len(ids) - len(segs)
    items = tuple(
        Quote(cut_quote(text, APPENDIX_MAX_CHARS), str(sub), str(seg))
        for text, sub, seg in zip(segs["text_redacted"], segs["submission_id"],
                                  segs["segment_id"], strict=True)
    )
    return AppendixGroup(topic_id, label, theme_title, items, n_items=len(ids),
                         more=more.format(n=L.plural(n_more, "formulering", "formuleringer"))
                         if n_more else "")


def _appendix(ix: _Index, proposals: list[Proposal], theme_order: list[str]) -> tuple:
    representative = {int(t): list(r) for t, r in zip(
        ix.topics["topic_id"], ix.topics["representative_segment_ids"], strict=True)}
    groups = []
    ordered = sorted(
        proposals,
        key=lambda p: (theme_order.index(p.theme_id) if p.theme_id in theme_order
                       else len(theme_order), -p.n_submissions, p.topic_id),
    )
    for p in ordered:
        groups.append(_appendix_group(
            ix, p.topic_id, p.label, p.theme_title, ix.topic_segments(p.topic_id),
            representative.get(p.topic_id, []), L.appendix_more_topic(p.topic_id)))
    loose = _rows(ix.segs, (ix.segs["topic_id"] < 0) & ix.segs["is_proposal"].astype(bool))
    if len(loose):
        groups.append(_appendix_group(ix, -1, L.APPENDIX_UNGROUPED, "", loose, [],
                                      L.APPENDIX_MORE_UNGROUPED))
    return tuple(groups)


def _appendix_note(groups: tuple[AppendixGroup, ...], cap: int) -> str:
    """The appendix's extra intro sentence when at least one group is capped, else ``""``."""
    if not any(g.more for g in groups):
        return ""
    return L.appendix_capped(cap)


def _summary(front: FrontPage, themes: list[ThemeChapter], n_off: int,
             closed: Iterable[ClosedQuestionResult]) -> tuple[str, ...]:
    lines = [
        f"Utvalget fikk {L.plural(front.n_submissions, 'innspill', 'innspill')} i "
        f"{L.plural(front.n_files, 'fil', 'filer')} ({front.period}). "
        f"{L.plural(front.n_counted, 'innspill', 'innspill')} er talt med etter at "
        f"{L.plural(front.n_duplicates, 'duplikat', 'duplikater')} er tatt ut."
    ]
    if themes:
        ranked = sorted(themes, key=lambda t: (-t.n_submissions, t.number))
        parts = [f"{t.short_title.lower()} {t.share}" for t in ranked]
        lines.append("Andel innspill per tema: " + ", ".join(parts) + ".")
    if front.n_campaigns:
        lines.append(
            f"{L.plural(front.n_campaigns, 'kampanje', 'kampanjer')} står for "
            f"{L.plural(front.n_campaign_submissions, 'innspill', 'innspill')}."
        )
    if n_off:
        lines.append(f"{L.plural(n_off, 'innspill', 'innspill')} handler ikke om noen av "
                     "heftets tre tema.")
    for c in closed:
        answers = ", ".join(f"{x.label.lower()} {x.n}" for x in c.tally)
        lines.append(f"«{c.text}» – svar fra {L.plural(len(c.kommuner), 'sted', 'steder')}: "
                     f"{answers}.")
    return tuple(lines)


def build_context(
    tables: RedactedTables,
    taxonomy: Taxonomy,
    metrics: Mapping[str, Mapping[str, Any]],
    params: ReportParams,
    generated: dt.date,
    kept_names: Iterable[str] = (),
) -> ReportContext:
    """Compute everything the report shows. Pure: same inputs → equal context.

    ``kept_names``: ``params.prepare.allow_list`` (the taxonomy's public contacts are added
    here); the method chapter says which of them stand unredacted in the submissions.

    The question sections (:mod:`.questions`) and the closed questions (:mod:`.serious`)
    come from the answer stage's table (``tables.answers``); without it the sections say
    that nobody answered, the theme chapters count the tagger's nearest question and the
    closed questions fall back to the taxonomy's regexes.
    """
    # Local imports: these modules build on this module's content model.
    from pipeline.report.questions import question_sections
    from pipeline.report.serious import closed_questions

    rt = require_redacted(tables)
    ix = _Index(rt, params, taxonomy, kept_names)
    front = _front(ix, L.fmt_date(generated))
    proposals = _all_proposals(ix)
    theme_ids = list(taxonomy.theme_ids)
    questions = question_sections(ix.counted, ix.segs, ix.topics, rt.answers, taxonomy,
                                  ix.counted_ids, params.max_quote_chars)
    sections = {q.id: q for q in questions} if len(rt.answers) else {}
    themes = [_theme_chapter(ix, t, proposals, sections) for t in taxonomy.themes]
    highlights = tuple(
        Highlight(t.id, t.number, t.title, t.proposals[: params.top_proposals_per_theme])
        for t in themes
    )
    off = _rows(ix.counted, ix.counted["themes"].map(lambda ts: not (set(ts) & set(theme_ids))))
    closed = closed_questions(ix.counted, ix.segs, rt.answers, taxonomy, ix.theme_titles,
                              params.max_quote_chars)
    appendix = _appendix(ix, proposals, theme_ids)
    return ReportContext(
        front=front,
        summary=_summary(front, themes, len(off), closed),
        highlights=highlights,
        themes=tuple(themes),
        closed_questions=tuple(closed),
        campaigns=_campaigns(ix),
        duplicates=_duplicates(ix),
        new_topics=tuple(p for p in proposals if p.theme_id not in theme_ids),
        n_off_theme=len(off),
        off_theme_share=L.fmt_pct(len(off), ix.n_counted),
        method=_method(ix, metrics),
        appendix=appendix,
        appendix_note=_appendix_note(appendix, params.appendix_quotes_per_topic),
        questions=questions,
    )
