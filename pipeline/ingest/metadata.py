"""Metadata of a submission: when it came, who sent it (type and organisation), and where from.

All functions are pure: they look at the reader's hints and at the cleaned text.
Personal data (sender name, e-mail, subject) is only passed through to ``private_*``
columns by the caller; here the sender's display name and subject are used only to
infer the organisation (an e-mail from "Tromsø Arbeiderparti <post@…>" is the branch).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import pandas as pd

from pipeline.gazetteer import Gazetteer, Place

OSLO = ZoneInfo("Europe/Oslo")
MONTHS = {m: i for i, m in enumerate(
    ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
     "oktober", "november", "desember"], start=1)}
MONTHS.update({"des": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
               "sep": 9, "okt": 10, "nov": 11})
PLAUSIBLE_YEARS = range(2015, 2036)


# --------------------------------------------------------------------------------- dates
def parse_date(value: str) -> pd.Timestamp | None:
    """Parse a date from a header, form cell or document property; naive times are Oslo time."""
    value = (value or "").strip()
    if not value:
        return None
    parsed: datetime | None = None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is None:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
    if parsed is None:
        # Google/Microsoft Forms variants ("2025/03/12 2:33:00 PM GMT+1", "12.03.2025 14:33").
        cleaned = re.sub(r"\s*(GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$",
                         lambda m: f" {m.group(2)}{int(m.group(3)):02d}:{m.group(4) or '00'}",
                         value)
        try:
            stamp = pd.to_datetime(cleaned, dayfirst=not re.match(r"^\d{4}", cleaned))
            parsed = stamp.to_pydatetime()
        except (ValueError, TypeError, OverflowError):
            parsed = _norwegian_date(value)  # "12. mars 2025", "man. 9. mar. 2026 kl. 21:47"
            if parsed is None:
                return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=OSLO)
    if parsed.year not in PLAUSIBLE_YEARS:
        return None
    return pd.Timestamp(parsed).tz_convert("UTC")


_TEXT_DATE = re.compile(
    r"(?<!\d)(\d{1,2})\.\s*(?:(" + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?\s+|(\d{1,2})\.)(\d{4})(?!\d)", re.IGNORECASE)


def _norwegian_date(text: str, anchored: bool = False) -> datetime | None:
    for m in _TEXT_DATE.finditer(text):
        if anchored and m.start() > 0:
            return None
        day, month_name, month_num, year = m.groups()
        month = MONTHS.get((month_name or "").lower()) or int(month_num or 0)
        try:
            found = datetime(int(year), month, int(day), 12, 0)
        except ValueError:
            continue
        if found.year in PLAUSIBLE_YEARS:
            return found
    return None


def date_in_text(text: str) -> pd.Timestamp | None:
    """A letter's date ("Tromsø, 12. mars 2025", "12.03.2025") near its top or bottom."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    for line in lines[:6] + lines[-8:]:
        found = _norwegian_date(line)
        if found is not None:
            return pd.Timestamp(found.replace(tzinfo=OSLO)).tz_convert("UTC")
    return None


def received_at(date_hint: str, text: str, mtime: float | None) -> tuple[pd.Timestamp | None, str]:
    """When the submission came, and from where that date is taken.

    Order: the file's own date (e-mail header, form timestamp, document property), a date
    written in the letter, and only as a last resort the file's modification time.
    mtime is not part of the content (a fresh clone or ``dvc checkout`` resets it), so it
    makes runs non-reproducible across machines; the caller clamps it to
    ``SOURCE_DATE_EPOCH`` when that is set.
    """
    stamp = parse_date(date_hint)
    if stamp is not None:
        return stamp, "file"
    stamp = date_in_text(text)
    if stamp is not None:
        return stamp, "text"
    if mtime is not None:
        return pd.Timestamp(datetime.fromtimestamp(mtime, tz=UTC)), "mtime"
    return None, "none"


# -------------------------------------------------------------------------- organisation
_CAP = r"[A-ZÆØÅ][\wæøåÆØÅ\-]*"
_PLACE = rf"{_CAP}(?:(?:[ \t]+og[ \t]+|[ \t]+|-){_CAP}){{0,2}}"
PARTY = r"(?:Arbeiderparti(?:et|lag)?|Arbeidarparti(?:et|lag)?|Ap|AP|AUF)"
UNIONS = (
    "Fagforbundet", "Fellesforbundet", "Handel og Kontor", "EL og IT Forbundet",
    "El og IT Forbundet",
    "NTL", "Industri Energi", "Norsk Arbeidsmandsforbund", "Arbeidsmandsforbundet",
    "Fellesorganisasjonen", "FO", "Norsk Sykepleierforbund", "Sykepleierforbundet",
    "Utdanningsforbundet", "Delta", "Parat", "Negotia", "Musikernes fellesorganisasjon",
    "Norsk Transportarbeiderforbund", "Norsk Jernbaneforbund", "Postkom", "Skolenes landsforbund",
    "Forskerforbundet", "Unio", "YS", "LO Stat", "LO Kommune", "LO", "HK", "NNN",
    "Norsk Nærings- og Nytelsesmiddelarbeiderforbund", "Norsk Tjenestemannslag",
)
_UNION_RE = re.compile(
    r"(?<![\wæøå])(" + "|".join(re.escape(u) for u in sorted(UNIONS, key=len, reverse=True))
    + r")(?![\wæøå])((?:[ \t]+(?:avd(?:eling|\.)?[ \t]*(?:\d+|" + _CAP + r")|i[ \t]+" + _PLACE
    + r"|" + _CAP
    + r")){0,2})")
_BARE_ACRONYMS = {"LO", "YS", "HK", "FO", "NTL", "Delta", "Parat", "Unio", "NNN"}
_PARTY_AFTER = re.compile(rf"(?<![\wæøå])({_PLACE})[ \t]+{PARTY}(?![\wæøå])")
_PARTY_BEFORE = re.compile(rf"(?<![\wæøå])({PARTY})[ \t]+(?:i|på)[ \t]+({_PLACE})")
_PARTY_ROLE = re.compile(
    rf"(?:i|for)[ \t]+({_PLACE})[ \t]+\((?:Ap|AP|Arbeiderpartiet|Arbeidarpartiet)\)"
    rf"|(?:kommunestyre\w*|bystyre\w*)[ \t]+i[ \t]+({_PLACE})[ \t]+for[ \t]+"
    r"(?:Arbeiderpartiet|Arbeidarpartiet|Ap)")
_SENDER_CUE = re.compile(r"(?:på vegne av|pva\.?|hilsen|helsing|fra|frå|styret i|leder i|"
                         r"leiar i|vi i|vi er|medlem av|,)[ \t]*$", re.IGNORECASE)
_OTHER_ORG = re.compile(
    rf"(?<![\wæøå])((?:{_CAP}[ \t]+){{0,3}}[\wæøå\-]*(?:forening(?:en)?|forbund(?:et)?|rådet|råd|"
    r"nettverk(?:et)?|stiftelse(?:n)?|organisasjon(?:en)?|klubb(?:en)?|senter|senteret)"
    rf"(?:[ \t]+(?:i|for|på)[ \t]+{_PLACE}|[ \t]+{_CAP})?)(?![\wæøå])")
_LEADING_NOISE = {
    "Hilsen", "Helsing", "Mvh", "Med", "Vennlig", "Vennleg", "Beste", "Styret", "Fra", "Frå",
    "For", "Leder", "Leiar", "Til", "Kjære", "Vi", "I", "Innspill", "Innspel", "Fra:", "Dette",
    "Nestleder", "Sekretær", "Gruppeleder", "Gruppeleiar", "Medlem", "Medlemmer", "Årsmøtet",
    "Medlemsmøtet", "Representant", "Hei", "Og", "Sendt", "Vedtatt", "Uttalelse", "Uttale",
    "Resolusjon", "Om", "Av", "På", "Vegne", "Kontaktperson", "Svar",
}
_PRONOUNS = {"Jeg", "Eg", "Vi", "Det", "Den", "Dette", "Som"}
_NOT_PLACES = {"Jeg", "Vi", "Det", "Den", "Dette", "Som", "Norge", "Noreg", "Regjeringen",
               "Stortinget", "Nasjonalt", "Sentralt", "Norsk", "Norske"}


def _strip_noise(place: str) -> str:
    words = place.split()
    while words and (words[0].rstrip(":,") in _LEADING_NOISE):
        words = words[1:]
    return " ".join(words)


def find_organisation(text: str, places: Container[str] | None = None) -> tuple[str, str]:
    """The first organisation named in ``text`` and its kind (``party``, ``union``, ``other``).

    ``places`` (known place names) guards "<Place> Arbeiderparti" against sentence starts
    such as "Kan Arbeiderpartiet …".
    """
    best: tuple[int, str, str] | None = None

    def offer(start: int, org: str, kind: str) -> None:
        nonlocal best
        if org and (best is None or start < best[0]):
            best = (start, org, kind)

    def is_place(place: str) -> bool:
        if not place or place.split()[0] in _NOT_PLACES:
            return False
        return places is None or place in places

    for m in _PARTY_AFTER.finditer(text):
        place = _strip_noise(m.group(1))
        if is_place(place):
            party = m.group(0).rsplit(None, 1)[-1]
            if party == "AUF":  # the youth organisation, not a party branch
                offer(m.start(), f"{place} AUF", "other")
            else:
                offer(m.start(), f"{place} {_party_name(party)}", "party")
            break
    for m in _PARTY_BEFORE.finditer(text):
        place, party = m.group(2), m.group(1)
        if is_place(place):
            if party == "AUF":
                offer(m.start(), f"AUF i {place}", "other")
            else:
                offer(m.start(), f"{place} {_party_name(party)}", "party")
            break
    for m in _PARTY_ROLE.finditer(text):  # "varaordfører i Steinkjer (Ap)"
        place = m.group(1) or m.group(2)
        if is_place(place):
            offer(m.start(), f"{place} Arbeiderparti", "party")
            break
    for m in _UNION_RE.finditer(text):  # the first plausible match wins
        tail = m.group(2) or ""
        tail_words = tail.split()
        if tail_words and tail_words[0] not in ("i", "avd", "avd.", "avdeling") and \
                tail_words[0] in _LEADING_NOISE | _NOT_PLACES:
            tail = ""
        org = (m.group(1) + tail).strip()
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start:].split("\n", 1)[0]
        before = text[line_start:m.start()]
        # In a long sentence a union is usually mentioned, not the sender ("jeg er ikke med
        # i Fellesforbundet"); a sign-off line or "på vegne av …" names the sender.
        if len(line.split()) > 10 and not _SENDER_CUE.search(before):
            continue
        if org in _BARE_ACRONYMS and len(line.split()) > 4 and not _SENDER_CUE.search(before):
            continue
        offer(m.start(), org, "union")
        break
    if best is None:
        for m in _OTHER_ORG.finditer(text):
            org = _strip_noise(m.group(1))
            if org and org[0].isupper() and org.split()[0] not in _PRONOUNS:
                offer(m.start(), org, "other")
                break
    return (best[1], best[2]) if best else ("", "")


def _party_name(word: str) -> str:
    return "Arbeidarparti" if word.startswith("Arbeidar") else "Arbeiderparti"


# ------------------------------------------------------------------------ submitter type
_POLITICIAN = re.compile(
    r"gruppeleder|gruppeleiar|kommunestyre(?:representant|medlem)|bystyre(?:representant|medlem)"
    r"|medlem av (?:kommunestyret|bystyret|formannskapet)|sitter i (?:kommunestyret|bystyret)"
    r"|(?:vara)?ordfører|formannskaps?medlem|kommunepolitiker|lokalpolitiker|folkevalgt"
    r"|fylkestingsrepresentant|kommunestyregruppe|bystyregruppe|kommunestyrerepresentant"
    r"|bystyrerepresentant|kommunepolitikar|gruppeleiar|formannskapet i", re.IGNORECASE)
_FYLKESPARTI = re.compile(r"fylkesparti|fylkeslag|fylkesstyre|fylkesårsmøte", re.IGNORECASE)
_PERSONAL = re.compile(r"\b(?:jeg|eg|meg|min|mitt|mine)\b", re.IGNORECASE)
_TYPE_HINTS = (
    ("kommunepolitiker", re.compile(r"politiker|folkevalgt|kommunestyre|bystyre|representant|"
                                    r"ordfører|gruppeleder", re.I)),
    ("fylkesparti", re.compile(r"fylkesparti|fylkeslag", re.I)),
    ("lokallag", re.compile(r"lokallag|partilag|\blag\b|bydelslag", re.I)),
    ("fagforening", re.compile(r"fagforening|fagforbund|forbund|klubb|tillitsvalgt|union", re.I)),
    ("privatperson", re.compile(r"privat|enkeltperson|meg selv|individual|person|medlem", re.I)),
    ("annen_organisasjon", re.compile(r"organisasjon|organisation|annen|other", re.I)),
)


def type_from_hint(value: str) -> str:
    """Map a form's "I answer as …" value to a contract submitter type ('' if unknown)."""
    value = (value or "").strip()
    if value in {"lokallag", "fylkesparti", "fagforening", "kommunepolitiker", "privatperson",
                 "annen_organisasjon"}:
        return value
    for kind, pattern in _TYPE_HINTS:
        if pattern.search(value):
            return kind
    return ""


@dataclass(frozen=True)
class SenderInfo:
    submitter_type: str
    organisation: str
    kommune: str
    fylke: str


def signature_region(text: str, n_last: int = 8, n_first: int = 3) -> str:
    """The lines where senders say who they are: the letterhead and the sign-off."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) <= n_first + n_last:
        return "\n".join(lines)
    return "\n".join(lines[:n_first] + lines[-n_last:])


_CONTEXT_ORG = re.compile(
    r"(?:på vegne av|pva\.?|styret i|styret for|årsmøtet i|medlemsmøtet i|vi i|leder (?:i|av)|"
    r"leiar i|styremedlem i)\s+([^\n.,;]{3,80})", re.IGNORECASE)


def infer_sender(text: str, *, organisation_hint: str = "", type_hint: str = "",
                 kommune_hint: str = "", fylke_hint: str = "", sender_name: str = "",
                 subject: str = "", cover_text: str = "", is_form: bool = False,
                 gazetteer: Gazetteer | None = None) -> SenderInfo:
    """Submitter type, organisation, kommune and fylke of one submission.

    ``is_form``: the submission is a form row (an anonymous row is a private person).
    Evidence, strongest first: form columns; the sender's display name; the letterhead
    and sign-off ("Hilsen styret i Tromsø Arbeiderparti"); the e-mail a letter came with;
    the subject; phrases like "på vegne av …" anywhere in the text.
    """
    region = signature_region(text)
    places = gazetteer.place_names if gazetteer is not None else None
    sources = [organisation_hint, sender_name, region, cover_text, subject]
    sources += [m.group(1) for m in _CONTEXT_ORG.finditer(text)]
    organisation, kind = "", ""
    for source in sources:
        if source:
            organisation, kind = find_organisation(source, places)
            if organisation:
                break
    if organisation_hint and not organisation:
        organisation, kind = organisation_hint.strip(), "other"

    place = Place()
    if gazetteer is not None:
        fylke = gazetteer.lookup_fylke(fylke_hint) if fylke_hint else ""
        if kommune_hint:
            place = gazetteer.lookup_kommune(kommune_hint, fylke)
        if not place.kommune and organisation:
            # The sign-off may name the county that settles an ambiguous name ("Herøy").
            found = gazetteer.find(organisation, strict=False)
            if found.kommune and not found.fylke:
                found = gazetteer.find(f"{organisation}\n{region}", strict=False)
            place = found if (found.kommune or found.fylke) else place
        if not place.kommune and not place.fylke:
            found = gazetteer.find("\n".join([region, cover_text]))
            place = found if (found.kommune or found.fylke) else place
        if fylke and not place.fylke:
            place = Place(place.kommune, fylke)

    submitter_type = type_from_hint(type_hint)
    politician_evidence = "\n".join([region, cover_text, organisation_hint, sender_name])
    if not submitter_type and _POLITICIAN.search(politician_evidence):
        submitter_type = "kommunepolitiker"
    if not submitter_type and kind == "party":
        # "Vestland Arbeidarparti", "Oslo Arbeiderparti" (Oslo's party is a county party).
        org_place = re.sub(rf"[ \t]+{PARTY}$", "", organisation)
        is_county = gazetteer is not None and (
            org_place in gazetteer.fylke_by_name or (not place.kommune and bool(place.fylke)))
        if _FYLKESPARTI.search(organisation + "\n" + region) or is_county:
            submitter_type = "fylkesparti"
        else:
            submitter_type = "lokallag"
    if not submitter_type and kind == "union":
        submitter_type = "fagforening"
    if not submitter_type and kind == "other":
        submitter_type = "annen_organisasjon"
    if not submitter_type and (is_form or sender_name or _PERSONAL.search(text)):
        # A form row is one respondent; anonymous answers are still from a person.
        submitter_type = "privatperson"
    if submitter_type == "kommunepolitiker" and not organisation and place.kommune:
        # This is the party's own consultation: a local politician writing in is taken to
        # be the party's representative there ("bystyrerepresentant i Ålesund").
        organisation = f"{place.kommune} Arbeiderparti"
    return SenderInfo(submitter_type or "ukjent", organisation, place.kommune, place.fylke)


# ------------------------------------------------------------------------------- themes
_THEME_CHOICES = (
    ("organisert_arbeidsliv", re.compile(r"organisert|seriøs|organisasjonsgrad|^\s*(?:tema\s*)?1\b",
                                         re.I)),
    ("ny_teknologi", re.compile(r"teknologi|kompetanse|digital|^\s*(?:tema\s*)?2\b", re.I)),
    ("offentlig_arbeidsgiver", re.compile(r"offentleg|offentlig|^\s*(?:tema\s*)?3\b", re.I)),
)


def theme_from_choice(value: str) -> str:
    """The theme id a respondent picked in a form ("Et seriøst og organisert arbeidsliv" →
    ``organisert_arbeidsliv``); "" when the value names no single theme."""
    value = (value or "").strip()
    if value in {t for t, _ in _THEME_CHOICES}:
        return value
    hits = [t for t, pattern in _THEME_CHOICES if pattern.search(value)]
    return hits[0] if len(hits) == 1 else ""
