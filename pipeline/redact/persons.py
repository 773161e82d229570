"""Finders of person names and the filter that keeps places, organisations and kept
names: signatures and header lines, the sender's name, listed first names and surnames
with cues, NER ``PER`` spans, capitalised words inside a sentence, and every other
mention of a found name's parts. :func:`person_span` trims a candidate and decides
whether it is a person at all."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.gazetteer import DATA_DIR
from pipeline.redact.names import (
    AMBIGUOUS_FIRST_NAMES,
    AMBIGUOUS_SURNAMES,
    FIRST_NAMES,
    GREETING,
    KNOWN_NON_PERSONS,
    NAME_CUES,
    PERSON_CUES,
    POSSESSIVES,
    PRONOUNS,
    SPEECH_VERBS,
    SURNAMES,
    TITLE_SUFFIXES,
    TITLES,
    load_name_list,
)
from pipeline.redact.spans import (
    CAPS_WORD,
    LOWER,
    NAME_WORD,
    PARTICLES,
    PiiSpan,
    spans_of,
    word_list,
)

GAZETTEER = DATA_DIR / "kommuner.csv"

# Organisation words: a "name" containing one of these is an organisation, not a person.
ORG_WORDS = frozenset(
    word_list(
        """
    ap arbeiderparti arbeiderpartiet arbeidarpartiet lo ys unio nho ks nav fagforbundet
    fellesforbundet forbund forbundet forening foreningen foreininga lag laget lokallag
    lokallaget klubb klubben kommune kommunen fylkeskommune fylkeskommunen fylke
    fylkesparti stat staten as asa sa ba ltd inc departement departementet direktoratet
    tilsynet arbeidstilsynet sykehus sykehuset skole skolen universitet universitetet
    regjeringen regjeringa stortinget utvalg utvalget utval utvalet styret partiet
    ungdom auf sentralstyret landsmøtet fagforeining sekretariat sekretariatet gruppe gruppa
    ans enk nuf ltd inc gmbh ab bygg byggservice sønn sønner bemanning regnskap transport
    eiendom holding gruppen consult consulting entreprenør entreprenørforretning elektro rør
    maskin renhold vakt vekter service advokatfirma advokatfirmaet revisjon finans invest
    shipping rederi verft verksted bakeri byrå byrået handel import partner partners
    kiosk frisør restaurant hotell kafé butikk marked senter senteret stiftelse stiftelsen
    sparebank bank barnehage barnehagen sykehjem sykehjemmet omsorgssenter helse helseforetak
    """
    )
)


HEADER_LINE = re.compile(
    r"^[ \t]*(?:fra|from|navn|name|avsender|kontaktperson|kontakt|sendt av|innsendt av|"
    r"skrevet av|underskrevet|signert|til|to|cc|kopi|namn|sendar|underteikna)[ \t]*:[ \t]*(.+)$",
    re.IGNORECASE | re.MULTILINE,
)
_NAME_SEQ = re.compile(
    rf"{NAME_WORD}(?:[ \t]+(?:{PARTICLES}[ \t]+)*{NAME_WORD}){{0,3}}"
    rf"|{CAPS_WORD}(?:[ \t]+{CAPS_WORD}){{1,3}}"
)
_LOWER_NAME = re.compile(rf"[{LOWER}]+(?:-[{LOWER}]+)?")


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
        return self.keeps_name(candidate)

    def keeps_name(self, candidate: str) -> bool:
        """Whether ``candidate`` is (part of) an allow-listed name (places not considered)."""
        c = _norm(candidate)
        c2 = _norm(" ".join(_strip_genitive(w) for w in candidate.split()))
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


def _closing_line_name(text: str) -> list[PiiSpan]:
    """The last line of a multi-line text when it is only a name ("\n\nTenzin Dorje"):
    the signature of an e-mail without a greeting."""
    stripped = text.rstrip()
    nl = stripped.rfind("\n")
    if nl < 0 or not stripped[:nl].strip():
        return []
    line = stripped[nl + 1 :]
    lead = len(line) - len(line.lstrip())
    body = line.strip().rstrip(".")
    words = body.split()
    if not (2 <= len(words) <= 4) or not re.fullmatch(
        rf"[^\W\d_][^\s\d]*(?:[ \t]+(?:{PARTICLES}[ \t]+)?[^\W\d_][^\s\d]*)+", body
    ):
        return []
    if not all(w[0].isupper() for w in words if w not in _PARTICLE_WORDS):
        return []
    kinds = [_classify(w) for w in words if w not in _PARTICLE_WORDS]
    if any(k in ("X", "T", "C") for k in kinds) or is_organisation_name(body):
        return []
    start = nl + 1 + lead
    return [PiiSpan(start, start + len(body), "PERSON", 0.85, "signature")]


def find_signature_names(text: str) -> list[PiiSpan]:
    """Names after a greeting ("Mvh Kari Nordmann", "Med vennlig hilsen\\nKari Nordmann"),
    after "--" or "Sendt fra min iPhone", in upper case, joined by "og", or after "v/"."""
    spans = _closing_line_name(text)
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
        spans += spans_of(pat, text, "PERSON", 1.0, "sender")
    return spans


def _first_name(word: str) -> bool:
    return word in FIRST_NAMES or word.split("-")[0] in FIRST_NAMES


# ---- gazetteer + cue names (both backends; the only name evidence of the blank one) ----
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*")
_PARTICLE_WORDS = frozenset(
    word_list("von van der den de dos da das di du la le del della bin ibn bint al el af av ter "
              "ten zu")
)
_PREFIXED = re.compile(
    r"^(?:al|el|ad|ar|as|ash|at|abu|abd|bin|ibn|ben|de|di|da|van|von|d|o)[-'’]\w"
)
_ORG_AFTER = re.compile(
    r"^[ \t]*(?:&|\+[ \t]|og[ \t]+(?:Sønn|Sønner|Co)\b|,?[ \t]*(?:AS|ASA|SA|BA|DA|ANS|ENK|NUF|"
    r"Ltd|Inc|GmbH|AB|A/S)\b)"
)
_ORG_BEFORE = re.compile(r"(?:&|\+)[ \t]*$")
_STREET_WORD_AFTER = re.compile(
    r"[ \t]+(?:gate|gata|gt\.|vei|veien|veg|vegen|allé|alle|plass|plassen|torg|torget|"
    r"bakke|bakken|brygge|brygga|sti|stien|terrasse|street|road|avenue)\b"
)
_SENT_END = re.compile(r"(?:^|[.!?:;…]\s+(?:[-–]\s+)?|\n\s*|^\s*[-•*–]\s+|[\"«(]\s*)$")
_CUE_TAIL = re.compile(r"([^\W\d_][\w/-]*)\.?((?:[ \t]+[^\W\d_]+)?)[ \t]*,?[ \t]*$")


@dataclass
class _Tok:
    start: int
    end: int
    text: str
    kind: str = "U"  # F, FA, S, SA, I, P, U, X (not a name), T (title)


def _lookup_form(word: str) -> str:
    return word.capitalize() if word.isupper() and len(word) > 1 else word


def _is_title_word(word: str) -> bool:
    w = word.lower().rstrip(".")
    return w in TITLES or (len(w) > 5 and w.endswith(TITLE_SUFFIXES))


def _classify(word: str) -> str:
    """Token class: F/FA first name (unambiguous/ambiguous), S/SA surname, U unknown, X never."""
    if word.lower() in PRONOUNS:
        return "X"
    if _is_title_word(word):
        return "T"
    form = _lookup_form(word)
    forms = [form]
    for suffix in ("'s", "’s", "s"):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            forms.append(form[: -len(suffix)])
    for f in forms:
        parts = f.split("-")
        if f in FIRST_NAMES or (len(parts) > 1 and all(p in FIRST_NAMES for p in parts if p)):
            return "FA" if f in AMBIGUOUS_FIRST_NAMES else "F"
    for f in forms:
        parts = f.split("-")
        if f in SURNAMES or (len(parts) > 1 and all(p in SURNAMES for p in parts if p)):
            return "SA" if f in AMBIGUOUS_SURNAMES else "S"
        if len(parts) > 1 and parts[0] in FIRST_NAMES and parts[1][:1].isupper():
            return "F"  # "Ole-Jørgen": first part is enough for a double first name
    if word.isupper() and len(word) > 1:
        return "X"  # acronyms (LO, NAV, KI) and shouted words
    if word.lower() in _stop_words() or word.lower() in _ORG_WORD_SET or word in DEMONYMS:
        return "X"
    return "U"


DEMONYMS: frozenset[str] = frozenset(
    word_list(
        """
    Norwegian Norsk Polish Lithuanian Latvian Estonian Swedish Danish Finnish Icelandic German
    Dutch English British Irish Scottish French Spanish Portuguese Italian Romanian Bulgarian
    Ukrainian Russian Belarusian Somali Eritrean Ethiopian Syrian Iraqi Afghan Iranian Persian
    Kurdish Turkish Arabic Pakistani Indian Tamil Vietnamese Filipino Thai Chinese Sámi Sami
    Kven European African Asian American Muslim Christian Norwegians Poles Lithuanians
    """
    )
)


@lru_cache(maxsize=50_000)
def _common_word(word: str) -> bool:
    """A capitalised word whose lower-case form is an ordinary Norwegian word ("Småjobber",
    "Eiendom"): not evidence of a person name on its own."""
    import simplemma

    low = word.lower()
    return simplemma.is_known(low, lang="nb") and word not in SURNAMES and word not in FIRST_NAMES


_ORG_WORD_SET: frozenset[str] = ORG_WORDS


def _runs(text: str) -> list[list[_Tok]]:
    """Runs of capitalised words (with particles and initials) on one line."""
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        start, end = m.start(), m.end()
        is_initial = len(word) == 1 and word.isupper() and text[end : end + 1] == "."
        capital = (
            word[0].isupper() or bool(_PREFIXED.match(word)) and any(c.isupper() for c in word)
        )
        particle = word in _PARTICLE_WORDS
        if not (capital or particle):
            if cur:
                runs.append(cur)
            cur = []
            continue
        if cur:
            gap = text[cur[-1].end : start]
            ok_gap = bool(re.fullmatch(r"[ \t]+", gap)) or (
                cur[-1].kind == "I" and bool(re.fullmatch(r"\.[ \t]*", gap))
            )
            if not ok_gap:
                runs.append(cur)
                cur = []
        if is_initial:
            tok = _Tok(start, end + 1, word + ".", "I")
        elif (
            re.search(r"-[^\W\d_]", word)
            and any(p[:1].islower() for p in word.split("-")[1:])
            and not _PREFIXED.match(word)
        ):
            tok = _Tok(start, end, word, "C")  # "Sverdrup-feltet", "D-nummer": a compound
        elif particle and not capital:
            tok = _Tok(start, end, word, "P")
        else:
            tok = _Tok(start, end, word, _classify(word))
        cur.append(tok)
    if cur:
        runs.append(cur)
    # particles only inside a run (between two capitalised words)
    out = []
    for run in runs:
        while run and run[0].kind == "P":
            run = run[1:]
        while run and run[-1].kind == "P":
            run = run[:-1]
        if run:
            out.append(run)
    return out


def _cue_before(text: str, start: int) -> str:
    """ "strong" when a person cue precedes ("kollegaen min", "verneombud", "Mr."), "weak"
    for contact verbs ("ring", "spør", "med"), "" otherwise."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 40) : start]
    if re.search(
        r"(?:\b(?:c/o|v/)|\b(?:navn|namn|navnet mitt|namnet mitt|name|my name|mitt navn)"
        r"[ \t]+(?:er|is)|\bi am|\bi'm)[ \t]*:?[ \t]*$",
        before,
        re.IGNORECASE,
    ):
        return "strong"
    m = _CUE_TAIL.search(before)
    if not m:
        return ""
    word, extra = m.group(1).lower(), m.group(2).strip().lower()
    if extra:
        # "kollegaen min", "sjefen vår", "my colleague", "our supervisor"
        if extra in POSSESSIVES and (word in PERSON_CUES or _is_title_word(word)):
            return "strong"
        if word in POSSESSIVES and (extra in PERSON_CUES or _is_title_word(extra)):
            return "strong"
        word = extra
    if word in POSSESSIVES:
        return ""
    if word in PERSON_CUES or _is_title_word(word):
        return "strong"
    if word in DIRECT_CUES:
        return "direct"
    if word in NAME_CUES or word in ("contact", "kontakt", "from", "fra", "frå", "and", "og"):
        return "weak"
    return ""


def _sentence_initial(text: str, start: int) -> bool:
    # six characters: a reply dash after a full stop (". - Hva") starts a sentence too
    return bool(_SENT_END.search(text[max(0, start - 6) : start])) or start == 0


def _compound_after(text: str, end: int) -> bool:
    """ "Støre-regjeringen", "Bjørn-utvalget", "Sverdrup-feltet": a name glued to a noun."""
    m = re.match(r"-([^\W\d_]+)", text[end : end + 30])
    return bool(m and m.group(1)[0].islower())


def _known_non_person(candidate: str) -> bool:
    c = _norm(candidate)
    c2 = _norm(" ".join(_strip_genitive(w) for w in candidate.split()))
    return c in KNOWN_NON_PERSONS or c2 in KNOWN_NON_PERSONS


def _org_context(text: str, start: int, end: int) -> bool:
    """A name that is part of a company name: "Pettersen & Sønn AS", "Berg & Dal", "Olsen AS"."""
    line_end = text.find("\n", end)
    after = text[end : line_end if line_end >= 0 else len(text)]
    line_start = text.rfind("\n", 0, start) + 1
    if _ORG_AFTER.match(after) or _ORG_BEFORE.search(text[line_start:start]):
        return True
    nxt = re.match(r"[ \t]+([^\W\d_]+)", after)
    return bool(nxt and nxt.group(1)[0].isupper() and is_organisation_name(nxt.group(1)))


def _run_person(text: str, run: list[_Tok]) -> tuple[int, int, float] | None:
    """The person span of one run of capitalised words, or None."""
    cue = _cue_before(text, run[0].start)
    # leading cue verbs ("Spør Liv", "Ring Bjørn"), titles are cues, function words dropped
    while run and len(run) > 1 and run[0].text.lower() in (DIRECT_CUES | NAME_CUES | PERSON_CUES):
        low = run[0].text.lower()
        cue = "direct" if low in DIRECT_CUES else "strong" if low in PERSON_CUES else "weak"
        run = run[1:]
    while run and run[0].kind in ("T", "X"):
        if run[0].kind == "T":
            cue = "strong"
        elif _sentence_initial(text, run[0].start) or run[0].text.lower() in PRONOUNS:
            cue = ""
        run = run[1:]
    # a stop-word name ("Hans", "Vår") starts a name only before another name word
    if (
        run
        and run[0].text.lower() in _stop_words()
        and (len(run) == 1 or run[1].kind not in ("F", "FA", "S", "SA", "U", "I"))
    ):
        run = run[1:]
    # a street name without a number ("Kong Oscars gate") is not a person
    if run and _STREET_WORD_AFTER.match(text, run[-1].end):
        return None
    # a run ends at the first word that is not part of a name
    for i, t in enumerate(run):
        if t.kind in ("T", "X"):
            run = run[:i]
            break
    run = run[:5]
    while run and run[-1].kind == "P":
        run = run[:-1]
    if not run:
        return None
    if any(t.kind == "C" for t in run):
        return None
    kinds = [t.kind for t in run]
    n = len(run)
    named = [k for k in kinds if k != "P"]
    evidence, supported = 0.0, False
    if "F" in kinds:
        evidence = 0.8
    elif "I" in kinds and n >= 2 and any(k in ("S", "SA", "U", "F", "FA") for k in kinds):
        evidence = 0.8  # "K. Nordmann", "Trude K."
    elif (
        kinds[0] == "FA"
        and n >= 2
        and named[1:]
        and (named[1] in ("S", "SA", "F") or named[1] == "U" and not _common_word(run[1].text))
    ):
        evidence = 0.78  # "Liv Tangen", "Rosa Lindqvist"
    elif "S" in kinds and (n >= 2 or cue or not _sentence_initial(text, run[0].start)):
        evidence = 0.75  # "Hansen", "Kari-Anne Pedersen"
    elif "S" in kinds and _speech_after(text, run[-1].end):
        evidence = 0.75  # "Johansen sa at ..."
    elif cue == "strong":
        evidence = 0.75  # "kollegaen vår Storm", "Mr. Jankowski", "verneombud Dal"
    elif kinds[0] in ("FA", "SA") and n == 1 and _speech_after(text, run[-1].end, human=True):
        evidence, supported = 0.72, True  # "Bjørn fortalte at ..."
    elif cue == "direct" and kinds[0] in ("F", "FA", "SA") and n == 1:
        evidence, supported = 0.72, True  # "spør Liv", "ring Bjørn"
    elif AGE_AFTER.match(text, run[-1].end) and (
        n >= 2 or not _sentence_initial(text, run[0].start)
    ):
        evidence, supported = 0.72, True  # "Ola Hansen (45)"
    elif cue == "weak" and kinds[0] in ("F", "FA") and n == 1:
        evidence = 0.7  # "spør Liv"
    if not evidence:
        return None
    start, end = run[0].start, run[-1].end
    cand = text[start:end]
    if _compound_after(text, end) or _known_non_person(cand) or _org_context(text, start, end):
        return None
    if all(k in ("FA", "SA", "U") for k in kinds) and cue != "strong" and n == 1 and not supported:
        return None
    return start, end, evidence


HUMAN_SPEECH = frozenset(
    word_list(
        "sa sier sei seier mente meiner mener fortalte fortalde forteller fortel svarte svara "
        "ba bad ringte ringde lovet lova lovte nektet nekta truet trua said says told asked"
    )
)
AGE_AFTER = re.compile(r"[ \t]*\((?:\d{1,2}|\d{1,2} år)\)")
DIRECT_CUES = frozenset(word_list("ring ringe spør spørre ask call text sms tell"))


def _speech_after(text: str, end: int, human: bool = False) -> bool:
    m = re.match(r"[ \t]*,?[ \t]+([^\W\d_]+)", text[end : end + 20])
    return bool(m and m.group(1) in (HUMAN_SPEECH if human else SPEECH_VERBS))


def find_listed_names(text: str) -> list[PiiSpan]:
    """Names from the gazetteers and cue words, on both backends:

    - runs of capitalised words with a known first name ("Kari Hansen", "Ole-Martin",
      "Abdikarim Warsame", "Nguyễn Văn Minh"), particles ("Pedro da Costa", "Ahmad al-Khatib")
      and initials ("K. Nordmann", "Trude K.");
    - an ambiguous first name ("Liv", "Sol", "Bjørn") only before another name word;
    - a known surname alone when it is not sentence-initial, or before a speech verb
      ("Johansen sa at ..."), or after a title ("Vaktsjef Haugland", "Mr. Jankowski");
    - any capitalised word after a strong cue ("kollegaen vår Storm", "c/o ...");
    - lower-case first names after a cue ("snakk med trine", "hilsen ingrid haugland").

    Never: organisation/company names ("Pettersen & Sønn AS"), name compounds
    ("Støre-regjeringen"), well-known non-private names ("Johan Sverdrup").
    """
    spans = []
    for run in _runs(text):
        found = _run_person(text, run)
        if found:
            spans.append(PiiSpan(found[0], found[1], "PERSON", found[2], "first-name"))
    for m in re.finditer(rf"(?<![\w@.])[{LOWER}]+(?:-[{LOWER}]+)?(?![\w@])", text):
        word = m.group(0)
        if not (
            _first_name(word.capitalize())
            and word.capitalize() not in AMBIGUOUS_FIRST_NAMES
            and not _stop_word(word)
        ):
            continue
        prev = re.search(
            rf"([{LOWER}/]+)[ \t]*[,:]?[ \t]+$", text[max(0, m.start() - 20) : m.start()]
        )
        if not prev or prev.group(1) not in NAME_CUES:
            continue
        end = m.end()
        nxt = re.match(rf"[ \t]+([{LOWER}]+(?:-[{LOWER}]+)?)(?![\w@])", text[end:])
        if nxt and (
            nxt.group(1).capitalize() in SURNAMES or _first_name(nxt.group(1).capitalize())
        ):
            end += nxt.end()
        spans.append(PiiSpan(m.start(), end, "PERSON", 0.8, "first-name-lower"))
    return spans


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from pipeline.stopwords import stop_words

    return frozenset(stop_words())


def _stop_word(word: str) -> bool:
    return word.lower() in _stop_words()


NER_PERSON_LABELS = frozenset({"PER", "PERSON"})


def find_ner_names(doc: Doc | None, text: str) -> list[PiiSpan]:
    """PER entities of the spaCy model (none with the blank backend)."""
    if doc is None or doc.text != text:
        return []
    spans = []
    for e in doc.ents:
        if e.label_ not in NER_PERSON_LABELS:
            continue
        # filter here, not after Presidio: a rejected NER span must not suppress a
        # gazetteer span over the same characters in Presidio's de-duplication
        # recall first: every PER span is kept here; only gazetteer evidence (a known
        # organisation or place, a company form) rejects it later, in Redactor.find
        span = _trim_name(text, PiiSpan(e.start_char, e.end_char, "PERSON", 0.85, "ner"))
        if span is None:
            continue
        # filtered here, before Presidio's de-duplication, so that a gazetteer span over
        # the same characters ("Bjørn fortalte") is not suppressed by a rejected NER span
        cand = text[span.start : span.end]
        if _sentence_initial_word(text, span.start, cand) or _product_like(cand.split()):
            continue
        spans.append(span)
    return spans


def non_person_ents(doc: Doc | None) -> list[tuple[int, int]]:
    if doc is None:
        return []
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ not in NER_PERSON_LABELS]


# ------------------------------------------------------------- capitalised words in a sentence
_PLACE_OR_BODY_SUFFIXES: tuple[str, ...] = tuple(
    word_list(
        """
    fjellet fjorden breen vatnet vatn elva tunnelen brua heia heii øya øyane landet byen
    dalen tangen neset hamna senteret sentret huset hallen skulen skolen kyrkja kirken
    departementet direktoratet tilsynet rådet tinget verket vesenet etaten banken kontoret
    spelen lekene festivalen registeret registera registrene instituttet retten
    gata gaten torget veien vegen plassen
    """
    )
)
"""Definite endings of places, buildings and public bodies ("Jølstravatnet",
"Fjærlandstunnelen", "Språkrådet", "Fiskeridirektoratet"): no person's name ends so."""


def _place_or_body_word(candidate: str) -> bool:
    """A one-word candidate with a stem before a place or body ending ("Bøyadalen"; not the
    surname "Dalen" itself)."""
    words = candidate.split()
    if len(words) != 1:
        return False
    low = words[0].lower()
    return any(low.endswith(suf) and len(low) >= len(suf) + 3 for suf in _PLACE_OR_BODY_SUFFIXES)


def _institution_phrase(candidate: str, places: Iterable[str]) -> bool:
    """Several words led by a listed place or organisation, none of them a listed
    unambiguous name ("Kirkens Bymisjon", "Microsoft Teams", "Folkets Hus"). A listed word
    in last place is a surname as often ("Bollette Berg", "Asgeir Årdal")."""
    words = candidate.split()
    if len(words) < 2:
        return False
    listed = places if isinstance(places, (set, frozenset)) else set(places)
    return any(w in listed or w.lower() in listed for w in words[:-1]) and not any(
        _classify(w) in ("F", "S") for w in words
    )


def _sentence_initial_word(text: str, start: int, candidate: str) -> bool:
    """A single sentence-initial word that is a function word or an ordinary word and on
    no name list ("Ein", "Dei", "Tidlegare", "Dessutan"): the capital says nothing there."""
    words = candidate.split()
    if len(words) != 1 or not _sentence_initial(text, start):
        return False
    word = words[0]
    if _classify(word) in ("F", "S"):  # an unambiguous listed name ("Kari", "Hansen")
        return False
    return _stop_word(word) or _ordinary_word(word)


@lru_cache(maxsize=50_000)
def _ordinary_word(word: str, langs: tuple[str, ...] = ("nb", "nn")) -> bool:
    """A capitalised word whose lower-case form is a bokmål or nynorsk dictionary word.

    simplemma's dictionaries also hold proper nouns ("obama" → "Obama"): a word counts as
    ordinary only when its lemma is written in lower case."""
    import simplemma

    low = word.lower()
    return any(
        simplemma.is_known(low, lang=lang) and simplemma.lemmatize(low, lang=lang)[:1].islower()
        for lang in langs
    )

_NOT_NAME_KINDS = frozenset({"T", "X", "C"})


def _name_runs(text: str) -> Iterator[list[_Tok]]:
    """Runs of capitalised words split at titles, stop words, acronyms and compounds."""
    for run in _runs(text):
        # a compound ("Johan Sverdrup-feltet") or a street ("Kong Oscars gate") is no person
        if any(t.kind == "C" for t in run) or _STREET_WORD_AFTER.match(text, run[-1].end):
            continue
        current: list[_Tok] = []
        for i, tok in enumerate(run):
            if tok.kind in _NOT_NAME_KINDS and not _name_word_in_run(text, run, i):
                if current:
                    yield current
                current = []
            else:
                current.append(tok)
        if current:
            yield current


def _name_word_in_run(text: str, run: Sequence[_Tok], i: int) -> bool:
    """A capitalised stop word inside a sentence and before another name word is part of
    the name ("Mitt Romney", "Kid Rock"): inside a sentence a stop word is lower case."""
    tok = run[i]
    return (
        tok.kind == "X"
        and not tok.text.isupper()
        and tok.text.lower() not in PRONOUNS
        and _stop_word(tok.text)
        and not _sentence_initial(text, tok.start)
        and i + 1 < len(run)
        and run[i + 1].kind in ("U", "F", "S", "FA", "SA")
    )


def _label_or_compound(text: str, tok: _Tok) -> bool:
    """A lone line- or sentence-initial word that is a label ("Tlf:", "Fnr", "Kontonr.") or
    a long or definite compound no dictionary lists ("Arbeidslivskriminalitet",
    "Testbrukeren"): the dictionaries lack many compounds, names are rarely built so."""
    word = tok.text
    after = text[tok.end : tok.end + 1]
    definite = len(word) >= 8 and word.endswith(("en", "et", "ene"))
    return after in (":", ".") or word.lower().endswith("nr") or len(word) > 12 or definite


def _name_start(text: str, run: Sequence[_Tok]) -> bool:
    """Whether a sentence-initial word starts a name: a listed name or initial, or a word
    no dictionary knows as an ordinary word ("Djibril Cissé ble …", "Gulsum satt …"; NorNE
    dev: +0.02 name recall on the blank backend for +0.25 points of over-redaction)."""
    first = run[0]
    if first.kind in ("F", "S", "I"):
        return True
    if first.kind != "U" or _ordinary_word(first.text, ("nb", "nn", "en")):
        return False
    return len(run) >= 2 or not _label_or_compound(text, first)


def _ambiguous_word(run: Sequence[_Tok]) -> bool:
    """One listed-but-ambiguous name that is also a dictionary word ("Dal", "Liv", "Storm"):
    the name-list recognizer decides it from its cues, this rule does not."""
    return len(run) == 1 and run[0].kind in ("FA", "SA") and _ordinary_word(run[0].text)


_CAMEL_PRODUCT = re.compile(r"[a-zæøå][A-ZÆØÅ]{2,}")
"""An acronym glued to a word ("ChatGPT", "SkatteFUNN"): a product, not a name
("McDonald" has a single inner capital)."""


def _dictionary_phrase(run: Sequence[_Tok]) -> bool:
    """Several capitalised dictionary words, none on a name list ("Folkets Hus", "Nye
    Veier"): the name of an institution or a title, not of a person."""
    return len(run) >= 2 and all(
        t.kind == "U" and _ordinary_word(_strip_genitive(t.text), ("nb", "nn", "en"))
        for t in run
    )


def _dictionary_word(run: Sequence[_Tok]) -> bool:
    """One capitalised dictionary word in definite form on no name list, long enough to be a
    compound ("Arbeidsretten", "Frelsesarmeen", "Jernbanetorget"): the name of an
    institution or a place. Short ones ("Valle", "Sanden", "Lot") and indefinite farm names
    ("Nordstoga", "Kristiseter") are as often surnames (NorNE dev: any dictionary word
    would cost 0.02 of name recall on the blank backend; this costs < 0.001)."""
    if len(run) != 1 or run[0].kind != "U":
        return False
    word = run[0].text
    return len(word) >= 8 and word.endswith(("en", "et", "ene")) and _ordinary_word(word)


def find_capitalised_names(text: str) -> list[PiiSpan]:
    """Capitalised words inside a sentence that no list knows ("… seier Varese", "… då
    Obama ikkje ville"): Norwegian capitalises only proper nouns there, and most proper
    nouns in submissions that are not places or organisations are people.

    A sentence-initial word counts only as part of a longer run ("Imre Kertész fekk …");
    places of the gazetteer, organisations, demonyms and truncated compounds ("Kultur- og
    …") are left alone. The NER's ORG/LOC labels are deliberately not used here: on
    nynorsk they mislabel too many people (NorNE dev: name recall 0.958 without them,
    0.899 with them).
    """
    places = load_places()
    spans = []
    for run in _name_runs(text):
        while run and run[0].kind == "P":
            run = run[1:]
        if run and _sentence_initial(text, run[0].start) and not _name_start(text, run):
            run = run[1:]
        while run and run[-1].kind in ("P", "I"):
            run = run[:-1]
        if not run:
            continue
        start, end = run[0].start, run[-1].end
        cand = text[start:end]
        if len(cand) < 2 or cand in places or _strip_genitive(cand) in places:
            continue
        if text[end : end + 1] == "-":  # "Kultur- og kyrkjedepartementet", "Sogn-Fjordane"
            continue
        if _product_like(cand.split()) or _ambiguous_word(run) or _dictionary_phrase(run):
            continue
        if _dictionary_word(run) or _institution_phrase(cand, places):
            continue
        if any(_CAMEL_PRODUCT.search(t.text) for t in run):
            continue
        spans.append(PiiSpan(start, end, "PERSON", 0.6, "capitalised"))
    return spans


# --------------------------------------------------------------------------- spreading
_NAME_PART = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_GENITIVE = r"(?:s|'s|’s|'|’)?"


def name_parts(names: Iterable[str]) -> list[str]:
    """The words of found names that identify the person when mentioned alone: "Kari
    Nordmann" → Kari, Nordmann; "Støres" → Støre; "Ole-Martin" → Ole-Martin, Ole, Martin.

    Left out: initials, titles, particles, pronouns and stop words ("Per" is kept: it is
    capitalised only as a name or at a sentence start).
    """
    parts: set[str] = set()
    for name in names:
        for word in re.findall(r"[^\W\d_][\w'’-]*", name):
            word = word.strip("'’-")
            forms = {word, *word.split("-")}
            forms |= {f[:-1] for f in forms if f.endswith("s") and len(f) > 3}
            forms |= {f[:-2] for f in forms if f.endswith(("'s", "’s"))}
            for form in forms:
                if _usable_part(form):
                    parts.add(form)
    return sorted(parts)


def _usable_part(word: str) -> bool:
    return (
        len(word) >= 2
        and word[0].isupper()
        and not word.isupper()
        and word not in _PARTICLE_WORDS
        and word.lower() not in PRONOUNS
        and not _is_title_word(word)
        and not _stop_word(word)
        and word not in DEMONYMS
    )


def find_name_mentions(text: str, parts: Sequence[str]) -> list[PiiSpan]:
    """Each capitalised mention of a name part, with a genitive ("Hansens", "Støre's"),
    but not glued to a lower-case word ("Støre-regjeringen" is a government)."""
    if not parts:
        return []
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives}){_GENITIVE}(?![\w]|-[^\W\d_])")
    return spans_of(pattern, text, "PERSON", 0.8, "spread")


def _multiword_places() -> set[str]:
    """Entries of ``places.txt`` written with underscores for spaces ("Sogn_og_Fjordane")."""
    return {n.replace("_", " ") for n in load_name_list("places.txt")[0] if "_" in n}


@lru_cache(maxsize=1)
def load_places() -> frozenset[str]:
    """Place and organisation names: the municipalities, counties, former and alternative
    names of the ingest gazetteer plus ``pipeline/redact/data/places.txt``."""
    listed = set(load_name_list("places.txt")[0]) | _multiword_places()
    names: set[str] = set()
    if not GAZETTEER.exists():
        return frozenset(listed)
    with GAZETTEER.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for key in ("kommune", "name", "navn", "kommunenavn", "fylke"):
                if row.get(key):
                    names.add(row[key].strip())
            # merged municipalities live on in everyday use ("Førde", "Flora")
            for key in ("alternative_names", "former"):
                names.update(n.strip() for n in (row.get(key) or "").split("|") if n.strip())
    # "Os (Hordaland)" is written "Os"; "Møre og Romsdal" has two regions in it
    names |= {re.sub(r"\s*\(.*\)$", "", n) for n in names}
    names |= {part for n in names for part in n.split(" og ") if " og " in n}
    names |= listed
    return frozenset(names)


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
        if first and _is_title_word(first.group(0).strip(".,:")) and e - s > len(first.group(0)):
            s += len(first.group(0))
            continue
        break
    if span.source == "ner":  # "Bjørn fortalte": drop trailing lower-case words
        m = re.search(r"\s+([^\W\d_]+)$", text[s:e])
        while m and m.group(1)[0].islower() and m.group(1) not in _PARTICLE_WORDS:
            e = s + m.start()
            m = re.search(r"\s+([^\W\d_]+)$", text[s:e])
    if re.search(r"(?:^|\s)[^\W\d_]$", text[s:e]) and text[e : e + 1] == ".":
        e += 1  # "Trude K."
    lower_ok = span.source in ("signature", "first-name-lower")
    if e <= s or not (lower_ok or any(ch.isupper() for ch in text[s:e])):
        return None
    if text[s:e].lower() in TITLES:
        return None
    return PiiSpan(s, e, span.entity, span.score, span.source)


def _product_like(words: Sequence[str]) -> bool:
    """ "Finn Småjobber", "Sol Energi": an ambiguous first name (or a stop word) before
    ordinary dictionary words is a product or a company, not a person."""
    if len(words) < 2:
        return False
    kinds = [_classify(w) for w in words]
    return kinds[0] in ("FA", "X") and all(
        k in ("U", "X") and _common_word(w) or w in DEMONYMS
        for k, w in zip(kinds[1:], words[1:], strict=True)
    )




def person_span(
text: str, span: PiiSpan, non_person: Sequence[tuple[int, int]], keep: KeepList
) -> PiiSpan | None:
    """The trimmed name span, or None when gazetteer evidence says it is no person: a
    kept name or place, an organisation ("Pettersen & Sønn AS"), a name compound
    ("Støre-regjeringen"), a well-known non-person ("Johan Sverdrup")."""
    source = span.source
    trimmed = _trim_name(text, span)
    if trimmed is None:
        return None
    span = trimmed
    cand = text[span.start : span.end]
    if keep.keeps(cand) or is_organisation_name(cand) or _place_or_body_word(cand):
        return None
    if _institution_phrase(cand, keep.places):
        return None
    if (
        _known_non_person(cand)
        or _compound_after(text, span.end)
        or (source != "header" and _org_context(text, span.start, span.end))
    ):
        return None
    # inside a longer ORG/LOC entity that really is an organisation or place
    # ("Olsen Bygg AS", "Kong Oscars gate"); NER's label alone is not enough
    if source in ("first-name", "surname", "capitalised") and any(
        s <= span.start
        and span.end <= e
        and (e - s) > (span.end - span.start)
        and (is_organisation_name(text[s:e]) or keep.keeps(text[s:e]))
        for s, e in non_person
    ):
        return None
    return span
