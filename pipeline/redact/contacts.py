"""Finders of contact data: e-mail, phone numbers, national ID numbers, bank accounts and
postal addresses (regular expressions and ``phonenumbers``; no model needed)."""

from __future__ import annotations

import logging
import re

import phonenumbers

from pipeline.redact.spans import LOWER, UPPER, PiiSpan, spans_of

log = logging.getLogger(__name__)

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

# DDMMYYNNNNN as people write it: plain, "DDMMYY NNNNN", "DDMMYY-NNNNN", "DDMMYY NNN NN",
# "DD.MM.YY NNNNN" and (with a label) "DD.MM.YYYY NNNNN".
FNR_RE = re.compile(
    r"(?<![\d.,/-])(?:\d{6}(?:[ \t]?-?[ \t]?\d{5}|[ \t]\d{3}[ \t]\d{2})"
    r"|\d{2}\.\d{2}\.(?:\d{2}|(?P<yyyy>\d{4}))[ \t]?-?[ \t]?\d{5})(?![\d]|[.,-]\d)"
)
FNR_CONTEXT = re.compile(
    r"(?:fødselsnummer|fødselsnr|fødselsnummeret|fnr|f\.\s?nr|personnummer|personnr|d-nummer|"
    r"d-nr|dnr|d-number|national id|personal number|identity number|id-nummer|id number|født)",
    re.I,
)
REFERENCE_CONTEXT = re.compile(
    r"(?:arkivnr|arkivnummer|saksnr|saksnummer|referanse|ref|ordrenr|ordrenummer|fakturanr|"
    r"kundenr|kundenummer|org\.?\s?nr|organisasjonsnummer|dokumentnr|journalnr|kid|kid-nr|"
    r"kid-nummer|kidnummer|journalpost|journalpostnr|jp|sak|saksnr|løpenr|lopenr|ordre|"
    r"faktura|fakturanummer|bilag|bilagsnr|invoice|reference|order|case)\.?\s*:?\s*$",
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
    r"bryggen|kaien|terrasse|terrassen|promenade|promenaden|allmenning|allmenningen|løkken|"
    r"lunden|jordet|marka|gangen|smuget|stredet|kleiva|bekken|stranda|stranden|neset|"
    r"street|road|avenue|lane|drive)"
)
_POSTCODE_PLACE = (
    rf"\d{{4}}[ \t]+[{UPPER}][{LOWER}{UPPER}-]+"
    rf"(?:[ \t](?:i[ \t]|på[ \t])?[{UPPER}][{LOWER}{UPPER}-]+)?"
)
_HOUSE_NO = r"\d{1,4}(?:(?:[A-Za-z]|[ \t][A-Z])(?![\w]))?(?:[-–]\d{1,4}[A-Za-z]?(?![\w]))?"
ADDRESS_RE = re.compile(
    rf"(?:\b[{UPPER}][{LOWER}'.-]*[ \t]+){{0,3}}\b(?:[{UPPER}][{LOWER}-]*?)?{_STREET_SUFFIX}"
    rf"[ \t]+{_HOUSE_NO}"
    rf"(?:[ \t]*,?[ \t]*(?:\n[ \t]*)?{_POSTCODE_PLACE})?"
)
ADDRESS_LOWER_RE = re.compile(
    rf"\b[{LOWER}]+{_STREET_SUFFIX}[ \t]+\d{{1,4}}[a-z]?[ \t]*,?[ \t]*\d{{4}}[ \t]+[{LOWER}-]+"
)
ADDRESS_POSTCODE_RE = re.compile(
    rf"(?<![\w,])(?:[{UPPER}][{LOWER}'.-]*[ \t])?[{UPPER}][{LOWER}'.-]+"
    rf"[ \t]\d{{1,4}}[A-Za-z]?,[ \t]*"
    rf"{_POSTCODE_PLACE}"
)
POSTBOX_RE = re.compile(
    rf"(?<!\w)(?:Postboks|postboks|POSTBOKS|Postb\.|Pb\.?|PB\.?|Boks|P\.[ \t]?O\.?[ \t]?Box|"
    rf"PO[ \t]Box|P\.O\.B\.?)[ \t]+\d{{1,5}}"
    rf"(?:(?:[ \t]+[\w.]+){{0,4}}?[ \t]*,?[ \t]*(?:\n[ \t]*)?{_POSTCODE_PLACE}"
    rf"|(?:[ \t]+[{UPPER}][{LOWER}]+)?)"
)
POSTCODE_LINE_RE = re.compile(rf"^[ \t]*{_POSTCODE_PLACE}[ \t]*$", re.MULTILINE)

def find_emails(text: str) -> list[PiiSpan]:
    """E-mail addresses (no tldextract: any 2–24 letter top-level domain)."""
    spans = spans_of(EMAIL, text, "EMAIL_ADDRESS", 1.0, "email")
    spans += spans_of(EMAIL_OBFUSCATED, text, "EMAIL_ADDRESS", 0.95, "email-obfuscated")
    return spans


def _is_money(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 12) : start], text[end : end + 12]
    if PHONE_CONTEXT.search(before):
        return False
    return bool(MONEY_BEFORE.search(before) or MONEY_AFTER.match(after))


YEAR_RANGE = re.compile(r"^(?:19|20)\d{2}[ \t]*[-–][ \t]*(?:19|20)\d{2}$")
THOUSANDS = re.compile(r"^\d{1,3}(?:([ .\u00a0\u202f])\d{3})(?:\1\d{3})+$")
PHONE_CUE_NEAR = re.compile(
    r"(?:tlf|telefon|mobil|mob|tel|ring|sms|phone|call|text|nummer|nr|no|number|kontakt|"
    r"whatsapp|signal|reach|treffe|nå meg|når meg)",
    re.IGNORECASE,
)
REFERENCE_LABEL = re.compile(
    r"\b(?:arkivnr|arkivnummer|saksnr|saksnummer|sak|referanse|ref|ordrenr|ordrenummer|"
    r"bestillingsnr|bestillingsnummer|fakturanr|fakturanummer|faktura|kundenr|kundenummer|kid|"
    r"kidnummer|kid-nr|org\.?\s?nr|organisasjonsnummer|foretaksnummer|dokumentnr|journalnr|"
    r"journalpost|jp|bilag|bilagsnr|løpenr|lopenr|prosjektnr|prosjektnummer|invoice|order|"
    r"case|reference|ticket|id)\.?[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)


def _not_a_phone(text: str, start: int, end: int) -> bool:
    """Eight digits that are something else: money, a year range ("2019-2023"), an amount in
    thousands grouping ("22 500 000"), a reference number ("saksnr.", "ordrenummer")."""
    raw = text[start:end].strip()
    before = text[max(0, start - 25) : start]
    if _is_money(text, start, end) or YEAR_RANGE.match(raw):
        return True
    if REFERENCE_LABEL.search(before):
        return True
    if PHONE_CUE_NEAR.search(before):
        return False
    return bool(THOUSANDS.match(raw))


def find_phones(text: str) -> list[PiiSpan]:
    """Norwegian phone numbers: phonenumbers' matcher plus spaced/dashed 8-digit forms."""
    found: list[PiiSpan] = []
    try:
        for m in phonenumbers.PhoneNumberMatcher(text, "NO"):
            if not _not_a_phone(text, m.start, m.end) and not DATE_LIKE.match(m.raw_string.strip()):
                found.append(PiiSpan(m.start, m.end, "PHONE_NUMBER", 0.9, "phonenumbers"))
    except Exception:  # noqa: BLE001 - phonenumbers can choke on odd input; regex still runs
        log.debug("phonenumbers failed", exc_info=True)
    for match in PHONE_RE.finditer(text):
        if not _not_a_phone(text, match.start(), match.end()):
            found.append(PiiSpan(match.start(), match.end(), "PHONE_NUMBER", 0.9, "phone-regex"))
    return found


def find_fnr(text: str) -> list[PiiSpan]:
    """Fødselsnummer/D-nummer: 11 digits (optionally 6+5), check digits not required."""
    spans = []
    for m in FNR_RE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        digits = re.sub(r"\D", "", m.group(0))
        if MONEY_AFTER.match(text[m.end() : m.end() + 12]):
            continue
        if m.group("yyyy"):  # DD.MM.YYYY NNNNN: a birth date + personnummer, only with a label
            digits = digits[:4] + digits[6:]
            if not FNR_CONTEXT.search(before):
                continue
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
    return spans_of(ACCOUNT_RE, text, "NO_ACCOUNT", 0.97, "account")


def find_addresses(text: str) -> list[PiiSpan]:
    """Street addresses (street + number, optional postcode and place) and post boxes."""
    spans = spans_of(ADDRESS_RE, text, "NO_ADDRESS", 0.92, "street")
    spans += spans_of(POSTBOX_RE, text, "NO_ADDRESS", 0.92, "postbox")
    spans += spans_of(ADDRESS_LOWER_RE, text, "NO_ADDRESS", 0.9, "street-lower")
    spans += spans_of(ADDRESS_POSTCODE_RE, text, "NO_ADDRESS", 0.88, "postcode-address")
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
