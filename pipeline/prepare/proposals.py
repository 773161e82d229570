"""Is a segment a proposal or demand? Transparent rules, in bokmål, nynorsk and English.

Positive cues (any one suffices, unless a guard fires):

- performative openers: "Vi foreslår (at)", "Vi krever/krev", "Vi ber om", "Vi vil ha",
  "Vi ønsker/ønskjer (oss)", "Vi mener at ... bør/må", "We propose/call for/urge";
- deontic modals: "bør", "må", "burde", "skal" (only with a passive or "det"/"vi" subject),
  "should", "must", "need to" — e.g. "Kommunen bør kreve ...", "Det må innføres ...";
- demand nouns at the start: "Krav om ...", "Forbud mot ...", "Innføring av ...",
  "Flere/Mer/Økt/Styrket/Bedre ..." in a list item;
- imperatives at the start of a list item or sentence: "Innfør ...", "Forby ...",
  "Styrk ..." (first word = its lemma minus the final -e, or the model says VERB).

Hard-negative guards: questions ("...?"), reported speech ("sa at", "fortalte at"),
descriptions of how things are ("mange må jobbe deltid fordi ..."; first-person
"jeg/eg må ..."; past "måtte/skulle"), conditionals without a demand, greetings and
signatures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def _w(text: str) -> list[str]:
    """Whitespace-separated words of a word-list literal."""
    return text.split()


_FLAGS = re.IGNORECASE

PERFORMATIVE = re.compile(
    r"\b(?:vi|eg|jeg|me|laget|styret|årsmøtet|forbundet|foreningen|foreininga|lokallaget|"
    r"partiet|fylkespartiet|ap|we|i)\s+"
    r"(?:vil\s+)?(?:derfor\s+|også\s+|òg\s+|sterkt\s+|klart\s+)?"
    r"(?:foreslår|føreslår|foreslå|føreslå|krever|krev|kreve|ber\s+(?:om|regjeringa|regjeringen|"
    r"kommunen|stortinget|partiet|utvalget|utvalet)|oppfordrer|oppmodar|anbefaler|tilrår|"
    r"vil\s+ha|ynskjer|ønsker|ønskjer|ønske|går\s+inn\s+for|"
    r"støtt(?:er|ar)\s+(?:\w+\s+){0,2}(?:krav|kravet|forslag|forslaget|ønske)|"
    r"propose|suggest|recommend|urge|call\s+for|demand|want|ask)\b",
    _FLAGS,
)
MODAL = re.compile(
    r"\b(?:bør|burde|må|skal|should|must|ought\s+to|need\s+to|needs\s+to|have\s+to|has\s+to)\b",
    _FLAGS,
)
# "skal" is mostly future/intent ("jeg skal på jobb"); count it only as "det skal"/passive.
SKAL_DEONTIC = re.compile(
    r"\b(?:det|alle|ingen|kommunen|kommunane|kommunene|staten|regjeringen|regjeringa|"
    r"fylkeskommunen|arbeiderpartiet|partiet|ap|arbeidsgivere|arbeidsgjevarar|stortinget)\s+"
    r"skal\b|\bskal\s+\w+(?:es|ast)\b|\bshall\b",
    _FLAGS,
)
PASSIVE_AFTER_MODAL = re.compile(r"\b(?:bør|må|skal)\s+(?:det\s+)?\w+(?:es|ast)\b", _FLAGS)
DEMAND_START = re.compile(
    r"^(?:krav\s+om|forbud\s+mot|forbod\s+mot|innføring\s+av|innføre|gjeninnføre|styrking\s+av|"
    r"økt|økte|auka|styrket|styrka|bedre|betre|flere|fleire|mer|meir|mindre|færre|"
    r"fjerne|fjerning\s+av|avskaffe|lovfeste|lovfesting\s+av|rett\s+til|full\s+|"
    r"heltid|fast\s+ansettelse\s+som|more|stronger|ban\s+on|a\s+ban|end\s+to)\b",
    _FLAGS,
)
QUESTION = re.compile(r"\?\s*[\"»”')\]]*\s*$")
REPORTED = re.compile(
    r"\b(?:sa|sier|seier|sagt|skrev|fortalte|fortalde|uttalte|hevdet|hevda|påstod|"
    r"said|told|claimed|claim|claims|says|say|think|thinks)\s+(?:\w+\s+)?(?:at|that)\b",
    _FLAGS,
)
# Verbs of opinion/perception: reported when the subject is not the writer ("NHO mener at").
OPINION_VERB = re.compile(
    r"\b(?:mener|meiner|mente|meinte|kjenner|føler|kjenner|opplever|tror|trur|synes|synest|"
    r"ønsker|ønskjer|vil|argue|argues|believe|believes|feel|feels)\s+(?:\w+\s+)?(?:at|that)\b",
    _FLAGS,
)
WRITER_SUBJECT = re.compile(
    r"\b(?:vi|me|eg|jeg|we|i|laget|styret|lokallaget|årsmøtet)\s+(?:\w+\s+)?$", _FLAGS
)
DECIDED = re.compile(
    r"\b(?:vedtok|vedtatt|vedteke|vedtekne|bestemte|besluttet|avgjorde|etter\s+\w*lov(?:en|a)?|"
    r"ifølge|i\s+dag|allerede|alt\s+no|already)\b",
    _FLAGS,
)
FREQUENCY_AFTER_MODAL = re.compile(
    r"\b(?:må|skal|bør|må\s+vi|må\s+dei|må\s+de)\s+(?:ofte|alltid|stadig|vanligvis|av\s+og\s+til|"
    r"noen\s+ganger|nokre\s+gonger|hver|kvar)\b",
    _FLAGS,
)
READER_REQUEST = re.compile(
    r"^(?:ta\s+(?:gjerne\s+)?kontakt|les\s+(?:gjerne\s+)?mer|se\s+vedlegg|sjå\s+vedlegg|kontakt\s+oss|"
    r"gi\s+beskjed|send\s+(?:gjerne\s+)?(?:svar|spørsmål)|feel\s+free|please\s+contact|"
    r"takk|thank)",
    _FLAGS,
)
NECESSITY = re.compile(
    r"\b(?:det\s+er|er\s+det)\s+(?:helt\s+)?(?:nødvendig|naudsynt|avgjørande|avgjørende|på\s+tide|"
    r"på\s+høg\s+tid|på\s+høy\s+tid)\s+(?:at|å)\b|\bdet\s+må\s+bli\s+slutt\b",
    _FLAGS,
)
# Resolutions list their demands as at-clauses or infinitives under "Vi krever:"
# ("3. At fagforeningsfradraget dobles", "Å styrke Arbeidstilsynet"); as list items these
# are demands even though they carry a finite verb.
AT_CLAUSE_ITEM = re.compile(r"^(?:at|å|aa)\s+\w", _FLAGS)

FINITE_DESCRIPTIVE = re.compile(
    r"\b(?:er|var|har|hadde|får|fikk|fekk|jobber|jobbar|blir|vert|går|finnes|fins|mangler|manglar|"
    r"tjener|tener|mister|opplever|is|are|was|were|has|have)\b",
    _FLAGS,
)
FIRST_PERSON_OBLIGATION = re.compile(
    r"\b(?:jeg|eg|i|du|han|hun|ho|dei|de|mange|flere|fleire|folk|kollegaer|kollegane|"
    r"kolleger|vi\s+som)\s+(?:må|måtte|skulle|have\s+to|had\s+to)\s+(?:jobbe|arbeide|arbeida|"
    r"ta|gå|reise|vente|betale|søke|bytte|stå|leve|work|wait|pay)\b",
    _FLAGS,
)
CAUSAL = re.compile(r"\b(?:fordi|sidan|siden|ettersom|because|since)\b", _FLAGS)
PAST_MODAL = re.compile(r"\b(?:måtte|skulle|had\s+to)\b", _FLAGS)
CONDITIONAL_START = re.compile(r"^(?:hvis|om|dersom|viss|når|if|when)\b", _FLAGS)
IMPERATIVE_LEXICON = frozenset(
    _w(
        """
    innfør gjeninnfør forby stopp styrk sikre sørg sørge gi gje lag opprett fjern avskaff
    lovfest øk auk reduser begrens avgrens sats satse bruk krev still stell innfør
    prioriter ansett tilsett gjør gjer la hindre hindr bygg utvid endre endr skjerp
    ta tilby støtt stimuler inkluder bevar behold hev senk ban stop make give ensure require
    stans dobl doble styrke halver tredobl gjeninnfør innføre sikr lovfeste forenkl forenkle
    """
    )
)
LIST_MARKER = re.compile(
    r"^\s*(?:[-–—•*▪●◦·‣]|\(?\d{1,2}[.)]|\(?[a-zA-ZæøåÆØÅ][.)]|\(?[ivxIVX]{1,4}[.)])\s+"
)


def _strip_marker(text: str) -> str:
    return LIST_MARKER.sub("", text, count=1).strip()


def _imperative_start(body: str, lemmas: Sequence[str], pos: Sequence[str] | None) -> bool:
    words = body.split()
    if not words:
        return False
    first = re.sub(r"[^\wæøå-]", "", words[0].lower())
    if first in IMPERATIVE_LEXICON or (first.endswith("e") and first[:-1] in IMPERATIVE_LEXICON):
        return True
    lemma = lemmas[0].lower() if lemmas else ""
    if pos and pos[0] == "VERB" and lemma and first in (lemma, lemma[:-1]) and len(first) > 2:
        return True
    return bool(
        lemma.endswith("e") and first == lemma[:-1] and len(first) >= 4 and words[0][0].isupper()
    )


def proposal_reason(
    text: str,
    lemmas: Sequence[str] = (),
    pos: Sequence[str] | None = None,
    is_list_item: bool = False,
    is_heading: bool = False,
    is_signature: bool = False,
) -> str:
    """Why ``text`` is a proposal (the rule's name), or ``""`` when it is not.

    ``lemmas``/``pos`` are the segment's token lemmas and UD POS tags (without list
    markers where possible); POS is optional (the blank backend has none).
    """
    if is_heading or is_signature:
        return ""
    body = _strip_marker(text) if is_list_item or LIST_MARKER.match(text) else text.strip()
    if not body or QUESTION.search(body):
        return ""
    lowered = body.lower()
    if READER_REQUEST.match(lowered):
        return ""
    if REPORTED.search(body) and not PERFORMATIVE.search(body.split(",")[0]):
        return ""
    opinion = OPINION_VERB.search(body)
    if (
        opinion
        and not WRITER_SUBJECT.search(body[: opinion.start()])
        and not PERFORMATIVE.search(body)
    ):
        return ""
    if PERFORMATIVE.search(body):
        return "performative"
    if NECESSITY.search(body):
        return "necessity"
    if FIRST_PERSON_OBLIGATION.search(body) or FREQUENCY_AFTER_MODAL.search(body):
        return ""
    modal = MODAL.search(body)
    if modal and not DECIDED.search(body):
        word = modal.group(0).lower()
        described = PAST_MODAL.search(body) or (
            CAUSAL.search(body)
            and word == "må"
            and not re.search(r"\b(?:det|vi|me)\s+må\b", lowered)
        )
        if word == "skal" and not SKAL_DEONTIC.search(body):
            pass
        elif (not described and not CONDITIONAL_START.match(lowered)) or PASSIVE_AFTER_MODAL.search(
            body
        ):
            return "modal"
    if is_list_item or LIST_MARKER.match(text):
        if DEMAND_START.match(body) or AT_CLAUSE_ITEM.match(body):
            return "demand-item"
        if _imperative_start(body, _skip_marker_lemmas(text, lemmas), pos):
            return "imperative-item"
        if not FINITE_DESCRIPTIVE.search(body) and not _has_finite_verb(pos, lemmas, body):
            return "measure-item"
        return ""
    if DEMAND_START.match(body) and re.match(r"^(?:krav|forbud|forbod|innføring)\b", lowered):
        return "demand"
    if _imperative_start(body, lemmas, pos) and len(body) < 200:
        first = re.sub(r"[^\wæøå-]", "", body.split()[0].lower())
        if first in IMPERATIVE_LEXICON:
            return "imperative"
    return ""


def _has_finite_verb(pos: Sequence[str] | None, lemmas: Sequence[str], body: str) -> bool:
    """Model backend only: a VERB/AUX token after the first word whose form differs from
    its lemma (an inflected, i.e. finite or participle, verb: a description)."""
    if not pos:
        return False
    words = [w.lower().strip(".,;:!") for w in body.split()]
    for k, (tag, lemma) in enumerate(zip(pos, lemmas, strict=False)):
        if k == 0 or tag not in ("VERB", "AUX") or k >= len(words):
            continue
        if words[k] != lemma and not words[k].endswith("e"):
            return True
    return False


def _skip_marker_lemmas(text: str, lemmas: Sequence[str]) -> Sequence[str]:
    marker = LIST_MARKER.match(text)
    if not marker or not lemmas:
        return lemmas
    n_marker_tokens = len(re.findall(r"\w+|[^\w\s]", marker.group(0)))
    return lemmas[n_marker_tokens:] if len(lemmas) > n_marker_tokens else lemmas


def is_proposal(text: str, lemmas: Sequence[str] = (), **kwargs) -> bool:
    """Whether ``text`` proposes or demands something (see :func:`proposal_reason`)."""
    return bool(proposal_reason(text, lemmas, **kwargs))
