"""Redaction of personal data with typed placeholders, built on Presidio.

Presidio's analyzer runs a registry of Norwegian recognizers over each text, reusing the
spaCy ``Doc`` the stage already has (:class:`PreloadedSpacyNlpEngine` turns it into
Presidio ``NlpArtifacts``; the model never runs twice). Presidio's anonymizer replaces
the found spans with placeholders:

================  ==================  ====================================================
placeholder       entity type         recognizer
================  ==================  ====================================================
``[E-POST]``      ``EMAIL_ADDRESS``   own regex (Presidio's uses tldextract, which tries
                                      to download the suffix list; no network here)
``[TELEFON]``     ``PHONE_NUMBER``    ``phonenumbers.PhoneNumberMatcher(text, "NO")`` plus
                                      a regex for spaced/dashed forms; money guarded
``[FØDSELSNUMMER]`` ``NO_FNR``        11 digits (optional space after 6); valid or not
``[KONTONUMMER]`` ``NO_ACCOUNT``      xxxx.xx.xxxxx, spaced, IBAN, 11 digits after "konto"
``[ADRESSE]``     ``NO_ADDRESS``      street + number (+ postcode and place), Postboks
``[NAVN]``        ``PERSON``          NER ``PER`` (model backend), signatures after
                                      greetings, header lines ("Fra:", "Navn:"), the
                                      sender's name and its parts, a first-name list
================  ==================  ====================================================

Kept (never redacted as names): the taxonomy's ``public_contacts``, ``params.nlp.allow_list``,
place names from the gazetteer, and anything the NER model calls an organisation or place.

Overlaps are resolved coverage-first: the highest-scoring span wins the placeholder and
grows to cover any span that overlaps it, so no character of a found span survives.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import phonenumbers
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.names import AMBIGUOUS_FIRST_NAMES, FIRST_NAMES, NAME_CUES, SURNAMES, TITLES
from pipeline.nlp.segment import GREETING


def _w(text: str) -> list[str]:
    """Whitespace-separated words of a word-list literal."""
    return text.split()


log = logging.getLogger(__name__)
LANG = "nb"

PLACEHOLDERS: dict[str, str] = {
    "PERSON": "[NAVN]",
    "EMAIL_ADDRESS": "[E-POST]",
    "PHONE_NUMBER": "[TELEFON]",
    "NO_FNR": "[FØDSELSNUMMER]",
    "NO_ACCOUNT": "[KONTONUMMER]",
    "NO_ADDRESS": "[ADRESSE]",
}
"""Presidio entity type → placeholder in ``text_redacted``."""

PLACEHOLDER_LABELS: dict[str, str] = {v.strip("[]"): k for k, v in PLACEHOLDERS.items()}
"""Gold-label name (``NAVN``, ``E-POST``, ...) → entity type."""

GAZETTEER = Path(__file__).resolve().parents[1] / "ingest" / "data" / "kommuner.csv"

_UP = "A-ZÆØÅÄÖÜÉÁÓÍÚÑČŠŽŁŚŻĆŃĐŊŦ"
_LOW = "a-zæøåäöüéèáóíúñçšžčłśżćńđŋŧı"
_NAME_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_CAPS_WORD = rf"[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?"
_PARTICLES = r"(?:von|van|der|den|de|dos|da|das|di|du|la|le|bin|al|el|af|av)"

# Organisation words: a "name" containing one of these is an organisation, not a person.
ORG_WORDS = frozenset(
    _w(
        """
    ap arbeiderparti arbeiderpartiet arbeidarpartiet lo ys unio nho ks nav fagforbundet
    fellesforbundet forbund forbundet forening foreningen foreininga lag laget lokallag
    lokallaget klubb klubben kommune kommunen fylkeskommune fylkeskommunen fylke
    fylkesparti stat staten as asa sa ba ltd inc departement departementet direktoratet
    tilsynet arbeidstilsynet sykehus sykehuset skole skolen universitet universitetet
    regjeringen regjeringa stortinget utvalg utvalget utval utvalet styret partiet
    ungdom auf sentralstyret landsmøtet fagforeining sekretariat sekretariatet gruppe gruppa
    """
    )
)


@dataclass(frozen=True)
class PiiSpan:
    """A found span of personal data: ``text[start:end]`` becomes ``PLACEHOLDERS[entity]``."""

    start: int
    end: int
    entity: str
    score: float
    source: str = ""

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.entity]


# --------------------------------------------------------------------------- patterns
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}(?![\w-])", re.UNICODE)
# 8-digit Norwegian numbers with optional +47 / 0047 / (+47) and space, dot or dash groups.
PHONE_RE = re.compile(
    r"(?<![\w+/.,-])(?:(?:\(\s*\+?\s*47\s*\)|\+\s?47|0047|\b47)[\s.-]?)?"
    r"(?:[2-9]\d{7}|[2-9]\d(?:[\s.-]\d{2}){3}|[2-9]\d{2}[\s.-]?\d{2}[\s.-]?\d{3}"
    r"|[2-9]\d{3}[\s.-]\d{4})(?![\d,]\d|[\w-])"
)
EMAIL_OBFUSCATED = re.compile(
    r"(?<![\w.+-])[\w.+-]+\s?(?:\(at\)|\[at\]|\{at\}|\(a\)|\s+at\s+|\s*\(alfakrøll\)\s*)\s?"
    r"[\w-]+(?:(?:\.|\s?\(dot\)\s?|\s?\(punktum\)\s?)[\w-]+)*(?:\.|\s?\(dot\)\s?)"
    r"(?:no|com|org|net|se|dk|eu|info)\b",
    re.IGNORECASE,
)
DATE_LIKE = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}$")
MONEY_BEFORE = re.compile(r"(?:kr\.?|nok|kroner|\$|€|eur|usd|,-)\s*$", re.IGNORECASE)
MONEY_AFTER = re.compile(
    r"^\s*(?:kr\b|kroner|nok\b|,-|%|prosent|mill|millioner|tusen)", re.IGNORECASE
)
PHONE_CONTEXT = re.compile(r"(?:tlf|telefon|mobil|mob|tel|ring|sms|phone|nr)\.?\s*:?\s*$", re.I)

FNR_RE = re.compile(r"(?<![\d.,-])\d{6}[ ]?\d{5}(?![\d.,-]\d|\d)")
FNR_CONTEXT = re.compile(
    r"(?:fødselsnummer|fødselsnr|fnr|personnummer|d-nummer|f\.nr|personnr)", re.I
)
REFERENCE_CONTEXT = re.compile(
    r"(?:arkivnr|arkivnummer|saksnr|saksnummer|referanse|ref|ordrenr|ordrenummer|fakturanr|"
    r"kundenr|kundenummer|org\.?\s?nr|organisasjonsnummer|dokumentnr|journalnr)\.?\s*:?\s*$",
    re.I,
)


def _plausible_birth_date(digits: str) -> bool:
    """DDMMYY of a fødselsnummer (D-nummer: day+40; H-nummer/synthetic: month+40/+80)."""
    day, month = int(digits[0:2]), int(digits[2:4])
    day_ok = 1 <= day <= 31 or 41 <= day <= 71
    month_ok = 1 <= month <= 12 or 41 <= month <= 52 or 81 <= month <= 92
    return day_ok and month_ok


ACCOUNT_RE = re.compile(
    r"(?<![\d.])\d{4}[.\s]\d{2}[.\s]\d{5}(?![\d])|\bNO\s?\d{2}(?:\s?\d{4}){2}\s?\d{3}\b"
)
ACCOUNT_CONTEXT = re.compile(r"(?:konto|kontonummer|kontonr|account|bankkonto)[^\n\d]{0,25}$", re.I)

_STREET_SUFFIX = (
    r"(?:gate|gata|gaten|gt\.|vei|veien|veg|vegen|vn\.|allé|alle|alleen|plass|plassen|torg|"
    r"torget|stien|sti|bakken|bakke|lia|haugen|ringen|svingen|brygge|brygga|kaia|kai|løkka|"
    r"tunet|tun|åsen|kroken|veita|grenda|feltet|myra|moen|toppen|skogen|engen|hagen|parken|"
    r"kollen|dalen|berget|sletta|bråten|gården|vika|vollen|holmen|tangen|odden|svingen|"
    r"street|road|avenue)"
)
_POSTCODE_PLACE = rf"\d{{4}}[ \t]+[{_UP}][{_LOW}{_UP}-]+(?:[ \t][{_UP}][{_LOW}-]+)?"
ADDRESS_RE = re.compile(
    rf"(?:\b[{_UP}][{_LOW}'.-]*[ \t]+){{0,3}}\b(?:[{_UP}][{_LOW}-]*?)?{_STREET_SUFFIX}"
    rf"[ \t]+\d{{1,4}}(?:[ \t]?[A-Za-z](?![{_LOW}]))?"
    rf"(?:[ \t]*,?[ \t]*(?:\n[ \t]*)?{_POSTCODE_PLACE})?"
)
ADDRESS_LOWER_RE = re.compile(
    rf"\b[{_LOW}]+{_STREET_SUFFIX}[ \t]+\d{{1,4}}[a-z]?[ \t]*,?[ \t]*\d{{4}}[ \t]+[{_LOW}-]+"
)
ADDRESS_POSTCODE_RE = re.compile(
    rf"(?<![\w,])(?:[{_UP}][{_LOW}'.-]*[ \t])?[{_UP}][{_LOW}'.-]+[ \t]\d{{1,4}}[A-Za-z]?,[ \t]*"
    rf"{_POSTCODE_PLACE}"
)
POSTBOX_RE = re.compile(
    rf"\b(?:Postboks|Postb\.|Pb\.?|Boks|P\.?O\.? Box)[ \t]+\d{{1,5}}(?:[ \t]+[{_UP}][{_LOW}]+)?"
    rf"(?:[ \t]*,?[ \t]*(?:\n[ \t]*)?{_POSTCODE_PLACE})?"
)
POSTCODE_LINE_RE = re.compile(rf"^[ \t]*{_POSTCODE_PLACE}[ \t]*$", re.MULTILINE)

HEADER_LINE = re.compile(
    r"^[ \t]*(?:fra|from|navn|name|avsender|kontaktperson|kontakt|sendt av|innsendt av|"
    r"skrevet av|underskrevet|signert|til|to|cc|kopi|namn|sendar|underteikna)[ \t]*:[ \t]*(.+)$",
    re.IGNORECASE | re.MULTILINE,
)
_NAME_SEQ = re.compile(
    rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLES}[ \t]+)*{_NAME_WORD}){{0,3}}"
    rf"|{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{1,3}}"
)
_LOWER_NAME = re.compile(rf"[{_LOW}]+(?:-[{_LOW}]+)?")
_NAME_START = re.compile(
    rf"(?<![\w.@])(?:[{_UP}]\.[ \t]?)?{_NAME_WORD}"
    rf"(?:[ \t]+(?:{_PARTICLES}[ \t]+)*{_NAME_WORD}){{0,4}}"
)


def _spans_of(
    regex: re.Pattern, text: str, entity: str, score: float, source: str
) -> list[PiiSpan]:
    return [PiiSpan(m.start(), m.end(), entity, score, source) for m in regex.finditer(text)]


def find_emails(text: str) -> list[PiiSpan]:
    """E-mail addresses (no tldextract: any 2–24 letter top-level domain)."""
    spans = _spans_of(EMAIL, text, "EMAIL_ADDRESS", 1.0, "email")
    spans += _spans_of(EMAIL_OBFUSCATED, text, "EMAIL_ADDRESS", 0.95, "email-obfuscated")
    return spans


def _is_money(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 12) : start], text[end : end + 12]
    if PHONE_CONTEXT.search(before):
        return False
    return bool(MONEY_BEFORE.search(before) or MONEY_AFTER.match(after))


def find_phones(text: str) -> list[PiiSpan]:
    """Norwegian phone numbers: phonenumbers' matcher plus spaced/dashed 8-digit forms."""
    found: list[PiiSpan] = []
    try:
        for m in phonenumbers.PhoneNumberMatcher(text, "NO"):
            if not _is_money(text, m.start, m.end) and not DATE_LIKE.match(m.raw_string.strip()):
                found.append(PiiSpan(m.start, m.end, "PHONE_NUMBER", 0.9, "phonenumbers"))
    except Exception:  # noqa: BLE001 - phonenumbers can choke on odd input; regex still runs
        log.debug("phonenumbers failed", exc_info=True)
    for m in PHONE_RE.finditer(text):
        if not _is_money(text, m.start(), m.end()):
            found.append(PiiSpan(m.start(), m.end(), "PHONE_NUMBER", 0.9, "phone-regex"))
    return found


def find_fnr(text: str) -> list[PiiSpan]:
    """Fødselsnummer/D-nummer: 11 digits (optionally 6+5), check digits not required."""
    spans = []
    for m in FNR_RE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        digits = re.sub(r"\D", "", m.group(0))
        if ACCOUNT_CONTEXT.search(before):
            spans.append(PiiSpan(m.start(), m.end(), "NO_ACCOUNT", 1.0, "account-context"))
        elif (
            REFERENCE_CONTEXT.search(before[-25:])
            or not _plausible_birth_date(digits)
            and not FNR_CONTEXT.search(before)
        ):
            continue
        else:
            spans.append(PiiSpan(m.start(), m.end(), "NO_FNR", 0.95, "fnr"))
    return spans


def find_accounts(text: str) -> list[PiiSpan]:
    """Bank account numbers: 1234.56.78901, 1234 56 78901, IBAN NO.. ."""
    return _spans_of(ACCOUNT_RE, text, "NO_ACCOUNT", 0.97, "account")


def find_addresses(text: str) -> list[PiiSpan]:
    """Street addresses (street + number, optional postcode and place) and post boxes."""
    spans = _spans_of(ADDRESS_RE, text, "NO_ADDRESS", 0.92, "street")
    spans += _spans_of(POSTBOX_RE, text, "NO_ADDRESS", 0.92, "postbox")
    spans += _spans_of(ADDRESS_LOWER_RE, text, "NO_ADDRESS", 0.9, "street-lower")
    spans += _spans_of(ADDRESS_POSTCODE_RE, text, "NO_ADDRESS", 0.88, "postcode-address")
    for m in POSTCODE_LINE_RE.finditer(text):
        s = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        spans.append(
            PiiSpan(
                s,
                m.end() - (len(m.group(0)) - len(m.group(0).rstrip())),
                "NO_ADDRESS",
                0.8,
                "postcode-line",
            )
        )
    return spans


# --------------------------------------------------------------------------- names
def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def _strip_genitive(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


class KeepList:
    """Names and places that must never be redacted as names."""

    def __init__(self, names: Iterable[str] = (), places: Iterable[str] = ()) -> None:
        self.names = {_norm(n) for n in names if n and n.strip()}
        self.name_parts = {p for n in self.names for p in n.split()}
        self.places = {_norm(p) for p in places if p and p.strip()}

    def keeps(self, candidate: str) -> bool:
        c = _norm(candidate)
        c2 = _norm(" ".join(_strip_genitive(w) for w in candidate.split()))
        if c in self.places or c2 in self.places:
            return True
        for kept in self.names:
            if c in (kept,) or c2 == kept or (len(c) > 3 and (c in kept or kept in c)):
                return True
        return False


_ORG_SUFFIXES = (
    "parti",
    "partiet",
    "forbund",
    "forbundet",
    "forening",
    "foreningen",
    "foreining",
    "foreininga",
    "laget",
    "lokallag",
    "klubben",
    "kommune",
    "nettverk",
    "nettverket",
    "selskap",
    "selskapet",
    "utvalg",
    "utvalget",
    "utvalet",
    "styret",
    "gruppa",
    "gruppe",
)


def _looks_like_org(candidate: str) -> bool:
    return any(w.strip(".,").lower() in ORG_WORDS for w in candidate.split())


def is_organisation_name(name: str) -> bool:
    """Whether a sender "name" is an organisation ("Tromsø Arbeiderparti", "AUF i Agder"):
    not personal data, so neither redacted as a name nor counted by the leak check."""
    words = [w.strip(".,()").lower() for w in (name or "").split()]
    return any(w in ORG_WORDS or w.endswith(_ORG_SUFFIXES) or w == "avd" for w in words)


def _name_like(candidate: str, max_words: int = 4) -> bool:
    words = candidate.split()
    return (
        1 <= len(words) <= max_words
        and all(w[0].isupper() or w.lower() in {"von", "van", "de", "der", "av"} for w in words)
        and not any(ch.isdigit() for ch in candidate)
    )


SIGNATURE_START = re.compile(
    r"^[ \t]*(?:--[ \t]*$|(?:.{0,30}[ /])?(?:dearvvuođat|dearvvuođaiguin|cheers|thanks|takk\b.*|"
    r"all the best|best wishes|sendt fra min \w+|sent from my \w+))",
    re.IGNORECASE | re.MULTILINE,
)


def _is_person_name(candidate: str) -> bool:
    words = candidate.split()
    return bool(words) and not is_organisation_name(candidate) and words[0].lower() not in TITLES


def _name_on_line(line: str, offset: int, allow_single_lower: bool = False) -> list[PiiSpan]:
    """Names at the start of a signature line: "Kari Nordmann", "OLE-MARTIN BAKKEN",
    "Åsmund og Torunn", "Kari Nordmann, Leder ...", "styret ... v/ Kari Nordmann"."""
    spans = []
    stripped = line.lstrip()
    lead = len(line) - len(stripped)
    via = re.search(r"\bv/\s*|\bved\s+(?=[A-ZÆØÅ])", stripped)
    if via:
        cand = _NAME_SEQ.match(stripped, via.end())
        if cand and _is_person_name(cand.group(0)):
            spans.append(
                PiiSpan(
                    offset + lead + cand.start(),
                    offset + lead + cand.end(),
                    "PERSON",
                    0.9,
                    "signature",
                )
            )
        return spans
    pos = 0
    while True:
        cand = _NAME_SEQ.match(stripped, pos)
        if not cand and allow_single_lower:
            cand = _LOWER_NAME.fullmatch(stripped.strip(" .,!"))
            if cand and cand.group(0).capitalize() in FIRST_NAMES:
                s0 = stripped.index(cand.group(0))
                spans.append(
                    PiiSpan(
                        offset + lead + s0,
                        offset + lead + s0 + len(cand.group(0)),
                        "PERSON",
                        0.85,
                        "signature",
                    )
                )
            return spans
        if not cand or not _is_person_name(cand.group(0)):
            return spans
        tail = stripped[cand.end() :]
        if (
            tail.strip()
            and tail.strip()[0] not in ",(–—-/|"
            and not re.match(r"\s+(?:og|and|&)\s+", tail)
        ):
            return spans
        spans.append(
            PiiSpan(
                offset + lead + cand.start(), offset + lead + cand.end(), "PERSON", 0.9, "signature"
            )
        )
        joiner = re.match(r"\s+(?:og|and|&)\s+", tail)
        if not joiner:
            return spans
        pos = cand.end() + joiner.end()


def find_signature_names(text: str) -> list[PiiSpan]:
    """Names after a greeting ("Mvh Kari Nordmann", "Med vennlig hilsen\\nKari Nordmann"),
    after "--" or "Sendt fra min iPhone", in upper case, joined by "og", or after "v/"."""
    spans = []
    starts = [(m.start(), m.end()) for m in _greeting_matches(text)]
    starts += [(m.start(), m.end()) for m in SIGNATURE_START.finditer(text)]
    for _g_start, g_end in sorted(set(starts)):
        line_end = text.find("\n", g_end)
        line_end = len(text) if line_end < 0 else line_end
        same = text[g_end:line_end]
        body = same.lstrip(" ,.:;-–—!")
        if body.strip():
            found = _name_on_line(body, g_end + (len(same) - len(body)), allow_single_lower=True)
            if found:
                spans += found
                continue
            if "v/" in body or "ved " in body:
                continue
        # the next one or two non-empty lines
        pos, lines_seen = line_end + 1, 0
        while pos < len(text) and lines_seen < 2:
            nl = text.find("\n", pos)
            nl = len(text) if nl < 0 else nl
            line = text[pos:nl]
            if line.strip():
                lines_seen += 1
                found = _name_on_line(line, pos, allow_single_lower=True)
                if found:
                    spans += found
                    break
            pos = nl + 1
    return spans


def _greeting_matches(text: str) -> Iterable[_Shifted]:
    for line in re.finditer(r"^.*$", text, re.MULTILINE):
        m = GREETING.match(line.group(0))
        if m:
            yield _Shifted(line.start() + m.start(), line.start() + m.end())
        elif len(line.group(0)) <= 40:
            inner = re.search(
                r"(?<=[/|] )(?:med vennlig hilsen|hilsen|helsing|mvh)\b",
                line.group(0),
                re.IGNORECASE,
            )
            if inner:
                yield _Shifted(line.start() + inner.start(), line.start() + inner.end())


@dataclass(frozen=True)
class _Shifted:
    s: int
    e: int

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e


def find_header_names(text: str) -> list[PiiSpan]:
    """Names in header-like lines: "Fra: Kari Nordmann <...>", "Navn: ...", "Kontaktperson: ..."."""
    spans = []
    for m in HEADER_LINE.finditer(text):
        value_start = m.start(1)
        value = m.group(1)
        cand = _NAME_SEQ.match(value.strip().strip('"'))
        if not cand:
            continue
        offset = (
            value_start
            + (len(value) - len(value.lstrip()))
            + (1 if value.strip().startswith('"') else 0)
        )
        name = cand.group(0)
        key = m.group(0).split(":")[0].strip().lower()
        if _looks_like_org(name) or (key in {"til", "to", "cc", "kopi"} and len(name.split()) < 2):
            continue
        spans.append(PiiSpan(offset, offset + len(name), "PERSON", 0.9, "header"))
    return spans


def sender_name_patterns(names: Iterable[str]) -> list[re.Pattern]:
    """Regexes for each sender's full name (any case) and its parts (capitalised, ≥ 3 letters)."""
    patterns, parts = [], set()
    for name in names:
        name = (name or "").strip().strip('"')
        if "@" in name or not name or is_organisation_name(name):
            continue
        if "," in name:  # "Nordmann, Kari"
            last, first = (p.strip() for p in name.split(",", 1))
            name = f"{first} {last}"
        words = name.split()
        if len(words) >= 2:
            body = r"\s+".join(re.escape(w) for w in words)
            patterns.append(re.compile(rf"(?<!\w){body}(?:s|'s|’s)?(?!\w)", re.IGNORECASE))
        for w in words:
            for part in {w, *w.split("-")}:
                if len(part) >= 3 and part[0].isupper():
                    parts.add(part)
    for part in sorted(parts):
        patterns.append(re.compile(rf"(?<!\w){re.escape(part)}(?:s|'s|’s)?(?!\w)"))
    return patterns


def find_sender_names(text: str, names: Iterable[str]) -> list[PiiSpan]:
    """Every occurrence of the sender's name or its parts."""
    spans = []
    for pat in sender_name_patterns(names):
        spans += _spans_of(pat, text, "PERSON", 1.0, "sender")
    return spans


def _first_name(word: str) -> bool:
    return word in FIRST_NAMES or word.split("-")[0] in FIRST_NAMES


def find_listed_names(text: str) -> list[PiiSpan]:
    """Capitalised word runs that start at a known first name ("Kari Hansen", "Ole-Martin"),
    an initial + known surname ("K. Nordmann"), or title + known surname ("Avdelingsleder
    Hansen" → "Hansen"); lower-case first names after a cue ("snakk med trine")."""
    spans = []
    for m in _NAME_START.finditer(text):
        seq = m.group(0)
        words = seq.split()
        offsets, k = [], 0
        for w in words:
            k = seq.index(w, k)
            offsets.append(k)
            k += len(w)
        if re.match(r"^[A-ZÆØÅ]\.$", words[0]) and len(words) >= 2:
            if words[1] in SURNAMES or _strip_genitive(words[1]) in SURNAMES:
                spans.append(PiiSpan(m.start(), m.end(), "PERSON", 0.8, "surname"))
            continue
        for i, w in enumerate(words):
            if _first_name(w):
                rest = len(words) - i - 1
                if w in AMBIGUOUS_FIRST_NAMES and rest == 0:
                    break
                s0 = m.start() + offsets[i]
                end = (
                    m.start()
                    + offsets[min(len(words) - 1, i + 3)]
                    + len(words[min(len(words) - 1, i + 3)])
                )
                spans.append(PiiSpan(s0, end, "PERSON", 0.8, "first-name"))
                break
            if (
                w.lower() not in TITLES
                and i == 0
                and len(words) > 1
                and (words[1] in SURNAMES or _strip_genitive(words[1]) in SURNAMES)
                and w.lower() not in _COMMON_CAPITALISED
            ):
                spans.append(
                    PiiSpan(
                        m.start(), m.start() + offsets[1] + len(words[1]), "PERSON", 0.75, "surname"
                    )
                )
                break
            if (
                w.lower() in TITLES
                and i + 1 < len(words)
                and (words[i + 1] in SURNAMES or _strip_genitive(words[i + 1]) in SURNAMES)
            ):
                s0 = m.start() + offsets[i + 1]
                spans.append(PiiSpan(s0, s0 + len(words[i + 1]), "PERSON", 0.8, "surname"))
                break
    for m in re.finditer(rf"(?<![\w@.])([{_LOW}]+)\s+([{_LOW}]+(?:-[{_LOW}]+)?)(?![\w@])", text):
        cue, word = m.group(1), m.group(2)
        if (
            cue in NAME_CUES
            and _first_name(word.capitalize())
            and word.capitalize() not in AMBIGUOUS_FIRST_NAMES
            and not _stop_word(word)
        ):
            spans.append(PiiSpan(m.start(2), m.end(2), "PERSON", 0.8, "first-name-lower"))
    return spans


_COMMON_CAPITALISED = frozenset(
    [
        "jeg",
        "eg",
        "vi",
        "me",
        "de",
        "dei",
        "det",
        "den",
        "dette",
        "han",
        "hun",
        "ho",
        "og",
        "i",
        "på",
        "for",
        "til",
        "med",
        "som",
        "at",
        "the",
        "we",
        "and",
    ]
)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from pipeline.nlp.stopwords import stop_words

    return frozenset(stop_words())


def _stop_word(word: str) -> bool:
    return word.lower() in _stop_words()


NER_PERSON_LABELS = frozenset({"PER", "PERSON"})


def find_ner_names(doc: Doc | None, text: str) -> list[PiiSpan]:
    """PER entities of the spaCy model (none with the blank backend)."""
    if doc is None or doc.text != text:
        return []
    return [
        PiiSpan(e.start_char, e.end_char, "PERSON", 0.85, "ner")
        for e in doc.ents
        if e.label_ in NER_PERSON_LABELS
    ]


def _non_person_ents(doc: Doc | None) -> list[tuple[int, int]]:
    if doc is None:
        return []
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ not in NER_PERSON_LABELS]


# --------------------------------------------------------------------------- Presidio glue
class PreloadedSpacyNlpEngine(SpacyNlpEngine):
    """Presidio NLP engine over an already loaded spaCy pipeline (no second model load)."""

    def __init__(self, nlp: Language) -> None:
        super().__init__(
            models=[{"lang_code": LANG, "model_name": nlp.meta.get("name", "blank")}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping={"PER": "PERSON"},
                labels_to_ignore=["ORG", "LOC", "GPE_LOC", "GPE_ORG", "PROD", "EVT", "DRV", "MISC"],
            ),
        )
        self.nlp = {LANG: nlp}

    def load(self) -> None:  # already loaded
        return None

    def artifacts(self, doc: Doc) -> NlpArtifacts:
        """Presidio artifacts for a Doc the stage has already computed."""
        return self._doc_to_nlp_artifact(doc, LANG)


class _FunctionRecognizer(EntityRecognizer):
    """A Presidio recognizer around one of the ``find_*`` functions above."""

    def __init__(self, name: str, entities: list[str], func, needs_doc: bool = False) -> None:
        self._func = func
        self._needs_doc = needs_doc
        super().__init__(supported_entities=entities, name=name, supported_language=LANG)

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None):
        doc = nlp_artifacts.tokens if (self._needs_doc and nlp_artifacts is not None) else None
        spans = self._func(doc, text) if self._needs_doc else self._func(text)
        return [
            RecognizerResult(
                s.entity,
                s.start,
                s.end,
                s.score,
                recognition_metadata={
                    "source": s.source,
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                },
            )
            for s in spans
            if s.entity in entities
        ]


def build_registry() -> RecognizerRegistry:
    """The Norwegian recognizer registry (no Presidio defaults: they are English-centric
    and the e-mail one needs the network)."""
    registry = RecognizerRegistry(supported_languages=[LANG])
    registry.add_recognizer(
        _FunctionRecognizer("NoEmailRecognizer", ["EMAIL_ADDRESS"], find_emails)
    )
    registry.add_recognizer(_FunctionRecognizer("NoPhoneRecognizer", ["PHONE_NUMBER"], find_phones))
    registry.add_recognizer(
        _FunctionRecognizer("NoFnrRecognizer", ["NO_FNR", "NO_ACCOUNT"], find_fnr)
    )
    registry.add_recognizer(
        _FunctionRecognizer("NoAccountRecognizer", ["NO_ACCOUNT"], find_accounts)
    )
    registry.add_recognizer(
        _FunctionRecognizer("NoAddressRecognizer", ["NO_ADDRESS"], find_addresses)
    )
    registry.add_recognizer(
        _FunctionRecognizer("NoSignatureNameRecognizer", ["PERSON"], find_signature_names)
    )
    registry.add_recognizer(
        _FunctionRecognizer("NoHeaderNameRecognizer", ["PERSON"], find_header_names)
    )
    registry.add_recognizer(
        _FunctionRecognizer("NoNameListRecognizer", ["PERSON"], find_listed_names)
    )
    registry.add_recognizer(
        _FunctionRecognizer("NoNerNameRecognizer", ["PERSON"], find_ner_names, needs_doc=True)
    )
    return registry


def resolve_overlaps(spans: Sequence[PiiSpan]) -> list[PiiSpan]:
    """Non-overlapping spans: highest score (then longest) wins and absorbs overlaps."""
    ordered = sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start))
    kept: list[PiiSpan] = []
    for span in ordered:
        overlapping = [k for k in kept if k.start < span.end and span.start < k.end]
        if not overlapping:
            kept.append(span)
            continue
        # grow the winner (the first overlapping kept span) to cover this one
        winner = overlapping[0]
        grown = PiiSpan(
            min(winner.start, span.start),
            max(winner.end, span.end),
            winner.entity,
            winner.score,
            winner.source,
        )
        kept = [k for k in kept if k is not winner]
        # absorbing may now overlap other kept spans: merge them too
        for other in [k for k in kept if k.start < grown.end and grown.start < k.end]:
            grown = PiiSpan(
                min(grown.start, other.start),
                max(grown.end, other.end),
                grown.entity,
                grown.score,
                grown.source,
            )
            kept.remove(other)
        kept.append(grown)
    return sorted(kept, key=lambda s: s.start)


@lru_cache(maxsize=1)
def load_places() -> frozenset[str]:
    """Municipality names from the ingest gazetteer, if it exists (else empty)."""
    if not GAZETTEER.exists():
        return frozenset()
    names = set()
    with GAZETTEER.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for key in ("kommune", "name", "navn", "kommunenavn", "fylke"):
                if row.get(key):
                    names.add(row[key].strip())
    return frozenset(names)


class Redactor:
    """Finds and replaces personal data; one instance per stage run.

    Parameters
    ----------
    nlp:
        The loaded spaCy pipeline (model or blank); used only to wrap Docs for Presidio.
    keep_names:
        Public contacts and ``params.nlp.allow_list``: never redacted as names.
    places:
        Place names (gazetteer); never redacted as names.
    """

    def __init__(
        self, nlp: Language, keep_names: Iterable[str] = (), places: Iterable[str] | None = None
    ) -> None:
        self.engine = PreloadedSpacyNlpEngine(nlp)
        self.analyzer = AnalyzerEngine(
            registry=build_registry(), nlp_engine=self.engine, supported_languages=[LANG]
        )
        self.anonymizer = AnonymizerEngine()
        self.keep = KeepList(keep_names, load_places() if places is None else places)
        self.keep_names = sorted({n for n in keep_names if n})
        self.operators = {
            entity: OperatorConfig("replace", {"new_value": placeholder})
            for entity, placeholder in PLACEHOLDERS.items()
        }

    def find(
        self,
        text: str,
        doc: Doc | None = None,
        sender_names: Iterable[str] = (),
        sender_emails: Iterable[str] = (),
    ) -> list[PiiSpan]:
        """Personal-data spans in ``text`` (non-overlapping, sorted).

        ``doc`` is the spaCy Doc of exactly ``text`` (reused, not recomputed); without it
        the text is processed by the pipeline once here.
        """
        if not text:
            return []
        if doc is None or doc.text != text:
            doc = self.engine.nlp[LANG](text)
        artifacts = self.engine.artifacts(doc)
        names = [n for n in sender_names if n and isinstance(n, str)]
        ad_hoc = (
            [
                _FunctionRecognizer(
                    "SenderNameRecognizer",
                    ["PERSON"],
                    lambda t, _n=tuple(names): find_sender_names(t, _n),
                )
            ]
            if names
            else None
        )
        results = self.analyzer.analyze(
            text=text,
            language=LANG,
            nlp_artifacts=artifacts,
            ad_hoc_recognizers=ad_hoc,
            allow_list=self.keep_names or None,
        )
        non_person = _non_person_ents(doc)
        spans = []
        for r in results:
            source = (r.recognition_metadata or {}).get("source", "")
            span = PiiSpan(r.start, r.end, r.entity_type, r.score, source)
            if span.entity == "PERSON" and source != "sender":
                span = _trim_name(text, span)
                if span is None:
                    continue
                cand = text[span.start : span.end]
                if self.keep.keeps(cand) or is_organisation_name(cand):
                    continue
                if source == "ner" and not _plausible_ner_name(text, span):
                    continue
                if source in ("first-name", "surname") and any(
                    s <= span.start and span.end <= e and (e - s) > (span.end - span.start)
                    for s, e in non_person
                ):
                    continue
            spans.append(span)
        for email in sender_emails:
            if email and isinstance(email, str) and "@" in email:
                for m in re.finditer(re.escape(email.strip()), text, re.IGNORECASE):
                    spans.append(PiiSpan(m.start(), m.end(), "EMAIL_ADDRESS", 1.0, "sender"))
        return resolve_overlaps(spans)

    def redact(self, text: str, spans: Sequence[PiiSpan]) -> str:
        """``text`` with each span replaced by its placeholder (Presidio anonymizer)."""
        if not spans:
            return text
        results = [RecognizerResult(s.entity, s.start, s.end, s.score) for s in spans]
        return self.anonymizer.anonymize(
            text=text, analyzer_results=results, operators=self.operators
        ).text

    def redact_range(self, text: str, spans: Sequence[PiiSpan], start: int, end: int) -> str:
        """Redacted ``text[start:end]`` given the spans found on the whole ``text``."""
        local = [
            PiiSpan(max(s.start, start) - start, min(s.end, end) - start, s.entity, s.score)
            for s in spans
            if s.start < end and start < s.end
        ]
        return self.redact(text[start:end], local)


def _trim_name(text: str, span: PiiSpan) -> PiiSpan | None:
    """Drop punctuation and leading titles/greetings ("Avdelingsleder Hansen" → "Hansen");
    None when nothing name-like is left."""
    s, e = span.start, span.end
    while True:
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum():
            e -= 1
        first = re.match(r"\S+", text[s:e])
        if first and first.group(0).lower().strip(".,:") in TITLES and e - s > len(first.group(0)):
            s += len(first.group(0))
            continue
        break
    lower_ok = span.source in ("signature", "first-name-lower")
    if e <= s or not (lower_ok or any(ch.isupper() for ch in text[s:e])):
        return None
    if text[s:e].lower() in TITLES:
        return None
    return PiiSpan(s, e, span.entity, span.score, span.source)


_CUE_BEFORE = re.compile(
    r"(?:\b(?:med|til|ring|spør|kollega|kollegaen|kollegane|kolleger|min|mi|v/|ved|av|ask|call|"
    r"colleague|named|heter|heiter|kalt)|\b(?:" + "|".join(sorted(TITLES)) + r"))[ \t]*$",
    re.IGNORECASE,
)


def _plausible_ner_name(text: str, span: PiiSpan) -> bool:
    """A multi-word PER entity is kept; a single word only when it is a known name or
    follows a cue ("kollegaen min Olga", "Ask Sarah")."""
    words = text[span.start : span.end].split()
    if len(words) >= 2:
        return True
    w = _strip_genitive(words[0]) if words else ""
    if (_first_name(w) and w not in AMBIGUOUS_FIRST_NAMES) or w in SURNAMES or words[0] in SURNAMES:
        return True
    return bool(_CUE_BEFORE.search(text[max(0, span.start - 30) : span.start]))
