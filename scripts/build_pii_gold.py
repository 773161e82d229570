#!/usr/bin/env python3
"""Build and validate the hand-labelled evaluation sets in data/labels/eval/.

* ``pii.jsonl`` is *generated* by this script from the inline markup in ``PII_ITEMS``
  below, so that character offsets are always exact:

      [[LABEL|surface text]]   -> a PII span with that label (newlines allowed inside)
      <<surface text>>         -> text kept verbatim and added to the item's ``keep`` list

  Markup is removed from the final text; offsets are Python ``str`` offsets (code points).

* ``proposals.jsonl`` and ``language.jsonl`` are hand-written data files; this script only
  validates them (valid JSON per line, unique ids, allowed values) and prints counts.

All texts, names, numbers and addresses are invented for this project.  Fødselsnumre and
D-numre are generated with the mod-11 algorithm in an individual-number range (750-899 with
birth year 40-99) that has never been issued, so no "valid" number can belong to a real person.

Usage:
    python scripts/build_pii_gold.py            # (re)write pii.jsonl, validate all sets, print counts
    python scripts/build_pii_gold.py --check    # do not write; fail if pii.jsonl is out of date
    python scripts/build_pii_gold.py --markdown # also print the count tables as Markdown (for README)

Ids (x001, x002, ...) follow the order of PII_ITEMS and feed the id-hash tune/test split in
pipeline/prepare/evaluate.py: append new items at the end, never insert or reorder.

Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO / "data" / "labels" / "eval"
PII_PATH = EVAL_DIR / "pii.jsonl"
PROPOSALS_PATH = EVAL_DIR / "proposals.jsonl"
LANGUAGE_PATH = EVAL_DIR / "language.jsonl"

PII_LABELS = ("NAVN", "E-POST", "TELEFON", "FØDSELSNUMMER", "KONTONUMMER", "ADRESSE")
PII_LANGS = ("nb", "nn", "en")
PROPOSAL_KINDS = (
    "proposal", "demand", "imperative", "list_item_proposal",
    "description", "question", "story", "opinion_without_demand", "heading",
    "greeting", "conditional_hypothetical", "reported_speech",
)
POSITIVE_KINDS = {"proposal", "demand", "imperative", "list_item_proposal"}
LANGUAGE_LABELS = ("nb", "nn", "en", "other")

# ---------------------------------------------------------------------------
# Norwegian identity numbers and bank account numbers (mod-11)
# ---------------------------------------------------------------------------
_FNR_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_FNR_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_KONTO_W = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _mod11(digits, weights) -> int:
    """Return the mod-11 control digit (0-9) or 10 when no valid digit exists."""
    r = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    return 0 if r == 11 else r


def fnr_checksum_ok(number: str) -> bool:
    """True if an 11-digit fødselsnummer/D-nummer (spaces allowed) passes both mod-11 checks."""
    d = [int(c) for c in number if c.isdigit()]
    if len(d) != 11:
        return False
    k1 = _mod11(d[:9], _FNR_W1)
    k2 = _mod11(d[:10], _FNR_W2)
    return k1 == d[9] and k2 == d[10]


def make_fnr(ddmmyy: str, *, d_number: bool = False, start: int = 750) -> str:
    """Smallest checksum-valid number >= ``start`` for a birth date DDMMYY.

    Individual numbers 750-899 with a two-digit year 40-99 are outside every range
    Skatteetaten has used, so the result cannot be a real person's number.  A D-nummer
    adds 4 to the first digit of the day.
    """
    assert len(ddmmyy) == 6 and ddmmyy.isdigit() and int(ddmmyy[4:]) >= 40
    base = (str(int(ddmmyy[0]) + 4) + ddmmyy[1:]) if d_number else ddmmyy
    for ind in range(start, 900):
        digits = [int(c) for c in base + f"{ind:03d}"]
        k1 = _mod11(digits, _FNR_W1)
        if k1 == 10:
            continue
        k2 = _mod11(digits + [k1], _FNR_W2)
        if k2 == 10:
            continue
        return base + f"{ind:03d}{k1}{k2}"
    raise ValueError(ddmmyy)


def fnr_possibly_issued(number: str) -> bool:
    """True if a checksum-valid 11-digit number falls in a range Skatteetaten has issued.

    Used as a privacy guard: every checksum-valid 11-digit number in the gold data must be
    in the never-issued range (individual number 750-899 with year 40-99).
    """
    d = re.sub(r"\D", "", number)
    if len(d) != 11 or not fnr_checksum_ok(d):
        return False
    ind, yy = int(d[6:9]), int(d[4:6])
    return not (750 <= ind <= 899 and yy >= 40)


def break_checksum(number: str) -> str:
    """Change the last digit so the second control digit is wrong."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def spaced(number: str) -> str:
    """'DDMMYYNNNKK' -> 'DDMMYY NNNKK'."""
    return number[:6] + " " + number[6:]


def konto_checksum_ok(number: str) -> bool:
    d = [int(c) for c in number if c.isdigit()]
    return len(d) == 11 and _mod11(d[:10], _KONTO_W) == d[10]


def make_konto(first10: str) -> str:
    """Append a valid mod-11 control digit (bumping the 10th digit if necessary)."""
    assert len(first10) == 10 and first10.isdigit()
    n = int(first10)
    while True:
        s = f"{n:010d}"
        k = _mod11([int(c) for c in s], _KONTO_W)
        if k != 10:
            return s + str(k)
        n += 1


def konto_dotted(k: str) -> str:
    return f"{k[:4]}.{k[4:6]}.{k[6:]}"


def konto_spaced(k: str) -> str:
    return f"{k[:4]} {k[4:6]} {k[6:]}"


# Generated identifiers used in the markup below.
F1 = make_fnr("150385")
F2 = make_fnr("030772")
F3 = make_fnr("280491")
F4 = make_fnr("110268")
F5 = make_fnr("240899")
F6 = make_fnr("071193")
F7 = make_fnr("190976")
F8 = make_fnr("010181")
F9 = make_fnr("300687")
D1 = make_fnr("120590", d_number=True)
D2 = make_fnr("050497", d_number=True)
D3 = make_fnr("220894", d_number=True)
K1 = make_konto("1503271234")
K2 = make_konto("9710456712")
K3 = make_konto("3000112233")
K4 = make_konto("3624098765")
# K5 deliberately passes BOTH the account and the fødselsnummer checksum (date 12.07.55, individual
# number 750 = never issued): only the context ("kontonummer") makes it a KONTONUMMER.
K5 = "12075575031"
K6 = make_konto("6345201987")
K7 = make_konto("2801334455")
ARKIV_NR = "20260314555"  # 11-digit archive number that is NOT an fnr (checked below)
assert not fnr_checksum_ok(ARKIV_NR)
assert konto_checksum_ok(K5) and fnr_checksum_ok(K5)

# Generated identifiers for the items appended in the second round (x157-).
G1 = make_fnr("230479")
G2 = make_fnr("170862")
G3 = make_fnr("090595")
G4 = make_fnr("040745")
G5 = make_fnr("281183")
G6 = make_fnr("311266")
G7 = make_fnr("120374")
DG1 = make_fnr("160788", d_number=True)
DG2 = make_fnr("020671", d_number=True)
SG1 = make_fnr("098492")  # synthetic test person: month + 80
K8 = make_konto("1206447788")
KID = "01052612345"  # 11-digit KID with a plausible date; not an fnr (checked below)
assert not fnr_checksum_ok(KID)


def dashed(number: str) -> str:
    """'DDMMYYNNNKK' -> 'DDMMYY-NNNKK'."""
    return number[:6] + "-" + number[6:]


def dotted_date(number: str) -> str:
    """'DDMMYYNNNKK' -> 'DD.MM.YY NNNKK'."""
    return f"{number[:2]}.{number[2:4]}.{number[4:6]} {number[6:]}"


def split_3_2(number: str) -> str:
    """'DDMMYYNNNKK' -> 'DDMMYY NNN KK'."""
    return f"{number[:6]} {number[6:9]} {number[9:]}"

# ---------------------------------------------------------------------------
# The gold items: (kind, language, markup)
# kinds: signature, story, contact, id_number, id_number_invalid_checksum,
#        bank_account, address, mixed, allowlist, no_pii
# ---------------------------------------------------------------------------
PII_ITEMS: list[tuple[str, str, str]] = [
    # ---------------- e-mail signatures ----------------
    ("signature", "nb",
     "Mvh\n[[NAVN|Kari Nordmann]]\nLeder, <<Tromsø Arbeiderparti>>\nTlf: [[TELEFON|912 34 567]]\n"
     "[[E-POST|kari.nordmann@eksempel.no]]"),
    ("signature", "nb",
     "<<Med vennlig hilsen>>\n[[NAVN|Ole-Martin Bakken]]\nsekretær i <<Sagene Arbeiderparti>>\n"
     "Mobil: [[TELEFON|+47 412 34 567]]"),
    ("signature", "nb",
     "Hilsen\n[[NAVN|Anne Lise Sørensen]]\nHovedtillitsvalgt, <<Fagforbundet Bodø>>\n"
     "[[TELEFON|+4791234567]] | [[E-POST|anne.lise.sorensen@eksempel.no]]"),
    ("signature", "nb", "takk for innspillene!\n<<mvh>> [[NAVN|kari]]"),
    ("signature", "nb",
     "MVH\n[[NAVN|OLE-MARTIN BAKKEN]]\nLEDER, <<GRAN ARBEIDERPARTI>>\nTLF [[TELEFON|0047 912 34 567]]"),
    ("signature", "nn",
     "<<Med venleg helsing>>\n[[NAVN|Siri Ødegård]]\nleiar i <<Voss Arbeidarparti>>\n"
     "[[TELEFON|915 12 345]]\n[[ADRESSE|Vangsgata 14, 5700 Voss]]"),
    ("signature", "en",
     "Best regards,\n[[NAVN|Tomasz Kowalski]]\nShop steward, <<Fellesforbundet>> avd. 850\n"
     "Phone: [[TELEFON|(+47) 41 23 45 67]]\nEmail: [[E-POST|tomasz.kowalski@example.com]]"),
    ("signature", "nb",
     "Hilsen [[NAVN|Tor Aasen]], kasserer\n[[ADRESSE|Kirkeveien 5B, 0368 Oslo]]\n[[TELEFON|22 33 44 55]]"),
    ("signature", "nb",
     "--\n[[NAVN|Henrik von der Lippe]]\nStyremedlem, <<Frogner Arbeiderparti>>\n"
     "[[E-POST|henrik.vonderlippe@eksempel.no]]\nTlf. [[TELEFON|22-33-44-55]]"),
    ("signature", "nb",
     "<<Dearvvuođat>> / Hilsen\n[[NAVN|Elle Márjá Eira]]\n<<Kautokeino Arbeiderparti>>\n[[TELEFON|+47 908 76 543]]"),
    ("signature", "nb", "Mvh <<styret>> i <<Tromsø Arbeiderparti>> v/ [[NAVN|Niillas Juuso]]"),
    ("signature", "nb",
     "<<Vennlig hilsen>>\n[[NAVN|Agnieszka Nowak]]\ntillitsvalgt for renholderne\n[[TELEFON|93 45 67 89]]"),
    ("signature", "nb", "Hilsen\n[[NAVN|Marit Haugen]]\n[[ADRESSE|Storgata 12\n9008 Tromsø]]\n[[TELEFON|91234567]]"),
    ("signature", "nb", "Beklager kort svar.\n\n<<Sendt fra min iPhone>>\n\n[[NAVN|Jørgen]]"),
    ("signature", "nn",
     "Helsing [[NAVN|Ingvild Kvamme]], nestleiar i <<Sogndal Arbeidarparti>>, tlf. [[TELEFON|478 12 345]], "
     "e-post: [[E-POST|ingvild.kvamme@eksempel.no]]"),
    ("signature", "nb", "Mvh\n[[NAVN|Ola Nordmann]]\n<<Fagforbundet Oslo>>"),
    ("signature", "nb", "HILSEN [[NAVN|PER-ARNE LIE]], <<LO STAT TROMS>>"),
    ("signature", "en",
     "Kind regards,\n[[NAVN|Maria dos Santos]]\nInternational network, <<Oslo Arbeiderparti>>\n"
     "[[E-POST|maria.dos.santos+ap@example.org]]"),
    ("signature", "nb", "Leder\n[[NAVN|Bjørn Ove Strand]]\n[[TELEFON|+47 95 12 34 56]]"),
    ("signature", "nb", "På vegne av <<styret>>\n[[NAVN|Liv Aune]]"),
    ("signature", "nn", "Helsing frå oss i klubben\n[[NAVN|Åsmund]] og [[NAVN|Torunn]]"),
    ("signature", "en", "Cheers,\n[[NAVN|jonas]]\n(sent from my phone)"),
    # ---------------- stories naming people ----------------
    ("story", "nb",
     "Kollegaen min [[NAVN|Per Hansen]] fikk aldri fast stilling, selv om han var vikar på sykehjemmet i seks år."),
    ("story", "nb", "Spør [[NAVN|Ingrid]] på kjøkkenet, hun vet alt om hvordan turnusen ble laget."),
    ("story", "nb",
     "Da [[NAVN|Ahmed Ali]] ble skadet på byggeplassen, visste ingen hvem som egentlig var arbeidsgiveren hans."),
    ("story", "nn",
     "Kollegaen min [[NAVN|Ragnhild]] har jobba <<50 %>> i tolv år og søkjer kvar gong det blir lyst ut ei heil stilling."),
    ("story", "nb",
     "Renholderen [[NAVN|Olena Petrenko]] fikk ikke betalt for overtid i fire måneder. "
     "Hun turte ikke si fra fordi hun var redd for å miste jobben."),
    ("story", "nb", "[[NAVN|Per Hansens]] vakter ble kuttet uten varsel etter at han sa fra om innleien."),
    ("story", "nb", "Naboen min, [[NAVN|Geir Ødegård]], kjører for <<Foodora>> og har ingen sykelønn."),
    ("story", "nb", "Avdelingsleder [[NAVN|Hansen]] sa at vi måtte ta ekstravakter i hele påsken."),
    ("story", "en",
     "My colleague [[NAVN|Piotr Zieliński]] worked twelve-hour shifts on the <<Bodø>> site without overtime pay."),
    ("story", "nb", "Jeg og [[NAVN|Kjersti]] var de eneste med fast stilling på avdelingen i <<2019>>."),
    ("story", "nn",
     "[[NAVN|Ola-Kristian Nes]] frå klubben fortalde at dei innleigde på verftet bur i brakker."),
    ("story", "nb", "Han [[NAVN|Arne]] på lageret har jobbet der i tjue år, men nå skal roboter overta."),
    ("story", "nb",
     "Tillitsvalgt [[NAVN|Lise Marie Dahl]] i <<Norsk Sykepleierforbund>> har dokumentert over 300 ubesatte vakter."),
    ("story", "nb",
     "[[NAVN|Biret Inga Gaup]] jobber som helsefagarbeider i <<Karasjok>> og er ofte den eneste på vakt som snakker samisk."),
    ("story", "nb", "Datteren min [[NAVN|Emma]] går på byggfag og har søkt 30 læreplasser uten å få én."),
    ("story", "nb",
     "Sjefen, [[NAVN|Tore Mæland]], ba oss slette chatten etter at <<Arbeidstilsynet>> hadde vært på besøk."),
    ("story", "nn",
     "Eg snakka med [[NAVN|Sigrun Vik]] og [[NAVN|Torbjørn Hole]] i heimetenesta, og begge seier at dei ikkje rekk å ete lunsj."),
    ("story", "nb", "[[NAVN|Kristin]] og [[NAVN|Mona]] fra hjemmetjenesten har laget et forslag til ny turnus."),
    ("story", "nb",
     "Bestefaren min, [[NAVN|Hans Olav Berg]], var med og stiftet fagforeningen på fabrikken i <<1965>>."),
    ("story", "en", "Ask [[NAVN|Sarah]] from the cleaning team, she has kept a record of all the unpaid hours."),
    ("story", "nb", "snakk med [[NAVN|trine]] i resepsjonen, hun har oversikt over alle vaktene"),
    ("story", "nn", "Far min, [[NAVN|Ivar Aasheim]], jobba på sagbruket heile livet utan å vere organisert."),
    ("story", "nb", "Det var [[NAVN|Mari Sørli]] som oppdaget at vikarbyrået ikke betalte feriepenger."),
    ("story", "nb", "Vi fikk hjelp av [[NAVN|Rolf]] fra <<Fellesforbundet>> til å regne ut etterbetalingen."),
    ("story", "nb", "[[NAVN|José García]] og [[NAVN|Li Wei]] jobbet begge for den samme underleverandøren."),
    ("story", "nb", "Dette innspillet er skrevet av [[NAVN|K. Nordmann]] på vegne av klubben."),
    ("story", "nn", "Sjukepleiar [[NAVN|Anne-Grethe Aasen]] har teke over 200 ekstravakter i år."),
    ("story", "en",
     "When [[NAVN|Mohammed]] asked about his contract, the agency simply stopped giving him shifts."),
    ("story", "nb", "Kollega [[NAVN|Nils-Petter Aas]] ble sagt opp samme dag som han meldte seg inn i <<LO>>."),
    ("story", "nb",
     "Ordfører [[NAVN|Eva Lund]] lovet hele stillinger i <<2021>>, men ingenting har skjedd."),
    ("story", "nn", "Ho [[NAVN|Kari]] på nattevakt har ikkje hatt ei heil helg fri sidan jul."),
    ("story", "en",
     "[[NAVN|Ana-Maria Popescu]] and I cleaned offices for the same subcontractor for two years."),
    # ---------------- contact details ----------------
    ("contact", "nb", "Ring meg på [[TELEFON|+47 912 34 567]] hvis dere har spørsmål."),
    ("contact", "nb", "Kontakt [[NAVN|Linda Berg]] på [[E-POST|linda.berg@eksempel.no]] eller [[TELEFON|987 65 432]]."),
    ("contact", "nb", "Dere når meg på [[TELEFON|22 33 44 55]] på dagtid."),
    ("contact", "nn", "Ring gjerne [[TELEFON|+47 478 90 123]] om de vil vite meir."),
    ("contact", "en", "You can reach me at [[TELEFON|+4791234567]] or [[E-POST|j.smith@example.com]]."),
    ("contact", "nb", "Telefonnummeret til klubben er [[TELEFON|55 12 34 56]]."),
    ("contact", "nb", "Send svar til [[E-POST|KARI.NORDMANN@EKSEMPEL.NO]] innen fredag."),
    ("contact", "nb", "e-post: [[E-POST|per.hansen(at)eksempel.no]]"),
    ("contact", "nb", "mob [[TELEFON|004791234567]]"),
    ("contact", "nb", "Tlf.: [[TELEFON|+47 22 33 44 55]] (jobb) / [[TELEFON|+47 412 34 567]] (privat)"),
    ("contact", "nn", "Eg er å treffe på [[TELEFON|915 12 345]] etter klokka 16."),
    ("contact", "nb", "SMS til [[TELEFON|41234567]] går fint."),
    ("contact", "en", "Call [[NAVN|Anders]] at [[TELEFON|+47 926 55 443]] for details about the meeting."),
    ("contact", "nb", "Nummeret mitt er [[TELEFON|+47-912-34-567]], men jeg svarer best på SMS."),
    ("contact", "nn", "Skriv til [[E-POST|ola.nes@epost.eksempel.no]] eller ring [[TELEFON|(+47) 41 23 45 67]]."),
    ("contact", "nb",
     "Kontaktperson: [[NAVN|Hege Nilsen-Bråten]] ([[E-POST|hege_nb@example.net]], [[TELEFON|928 77 310]])"),
    ("contact", "en", "Questions? Email [[E-POST|maria.dos.santos+ap@example.org]] or text [[TELEFON|+47 93 45 67 89]]."),
    ("contact", "nb", "ring [[NAVN|Ole-Martin]] på [[TELEFON|45 67 89 01]] så ordner han skyss til møtet"),
    # ---------------- fødselsnummer / D-nummer ----------------
    ("id_number", "nb", f"Fødselsnummeret mitt er [[FØDSELSNUMMER|{F1}]], hvis dere trenger det for refusjon."),
    ("id_number", "nb", f"Fnr: [[FØDSELSNUMMER|{spaced(F2)}]]"),
    ("id_number", "nb", f"Personnummer [[FØDSELSNUMMER|{F3}]] (til honorarskjemaet)"),
    ("id_number_invalid_checksum", "nb", f"Fødselsnr. [[FØDSELSNUMMER|{break_checksum(F4)}]]"),
    ("id_number", "nb", f"Jeg har D-nummer [[FØDSELSNUMMER|{D1}]] og jobber via et byrå."),
    ("id_number_invalid_checksum", "nb", f"D-nr: [[FØDSELSNUMMER|{spaced(break_checksum(D2))}]]"),
    ("id_number", "nn", f"Fødselsnummeret mitt er [[FØDSELSNUMMER|{spaced(F5)}]]."),
    ("id_number", "en", f"My national ID number is [[FØDSELSNUMMER|{F6}]]."),
    ("id_number", "en",
     f"I only have a D-number ([[FØDSELSNUMMER|{D3}]]) because I came to Norway last year."),
    ("id_number_invalid_checksum", "nb",
     f"Kollegaen min [[NAVN|Marek Nowak]] ([[FØDSELSNUMMER|{break_checksum(F7)}]]) fikk feil skattekort i januar."),
    ("id_number", "nb",
     f"Reiseregning: [[NAVN|Kari Nordmann]], [[FØDSELSNUMMER|{F8}]], kontonr. [[KONTONUMMER|{konto_dotted(K1)}]]"),
    ("id_number_invalid_checksum", "nn", f"f.nr. [[FØDSELSNUMMER|{spaced(break_checksum(F9))}]]"),
    # ---------------- bank accounts ----------------
    ("bank_account", "nb", f"Støtten kan settes inn på kontonummer [[KONTONUMMER|{konto_dotted(K2)}]]."),
    ("bank_account", "nb", f"Kontonummer: [[KONTONUMMER|{konto_spaced(K3)}]]"),
    ("bank_account", "nb", f"kontonummeret mitt er [[KONTONUMMER|{K4}]]"),
    ("bank_account", "nn", f"Pengane kan overførast til kontonummer [[KONTONUMMER|{konto_dotted(K5)}]]."),
    ("bank_account", "en", f"Please transfer the refund to account number [[KONTONUMMER|{konto_spaced(K6)}]]."),
    ("bank_account", "nb", "For overføring fra utlandet: IBAN [[KONTONUMMER|NO93 8601 1117 947]]"),
    ("bank_account", "nb",
     f"Refusjon for reiseutgifter til [[NAVN|Tor Aasen]], konto [[KONTONUMMER|{konto_dotted(K7)}]]."),
    ("bank_account", "nb", f"Kontonr. [[KONTONUMMER|{K2}]] – merk innbetalingen «seminar»."),
    # ---------------- addresses ----------------
    ("address", "nb",
     "Jeg bor i [[ADRESSE|Storgata 12, 9008 Tromsø]] og ser rett inn på byggeplassen der det jobbes hver søndag."),
    ("address", "nb", "Innspillet kan også sendes i posten til [[ADRESSE|Postboks 123, 8001 Bodø]]."),
    ("address", "nn", "Adressa mi er [[ADRESSE|Strandgata 3, 5013 Bergen]]."),
    ("address", "nb", "Møtet holdes hjemme hos [[NAVN|Kari]] i [[ADRESSE|Kirkeveien 5 B, 0368 Oslo]]."),
    ("address", "nb", "[[NAVN|Ole Hansen]], [[ADRESSE|Olav Tryggvasons gate 24, 7011 Trondheim]]"),
    ("address", "nn", "Send brevet til [[ADRESSE|Kong Oscars gate 40, 5017 Bergen]], og merk konvolutten «innspel»."),
    ("address", "nb", "Adresse: [[ADRESSE|Hovedgata 1 A\n2670 Otta]]"),
    ("address", "en",
     "Our union office is at [[ADRESSE|Torggata 5, 0181 Oslo]], but please do not come without an appointment."),
    ("address", "nb", "Hun bor i [[ADRESSE|Fjellveien 17]] og går til jobben på sykehjemmet hver dag."),
    ("address", "nb", "Postadresse: [[ADRESSE|Postboks 45 Sentrum, 0101 Oslo]]"),
    ("address", "nn", "Eg bur i [[ADRESSE|Fjellvegen 7, 6800 Førde]], rett ved byggjeplassen."),
    ("address", "nb", "[[NAVN|Niillas Juuso]], [[ADRESSE|Báktevárri 3, 9520 Kautokeino]]"),
    ("address", "nb", "adressen er [[ADRESSE|storgata 4, 8006 bodø]]"),
    ("address", "nb", "[[NAVN|Ingrid Nilsen]]\n[[ADRESSE|Nyveien 8, 2750 Gran]]\n[[TELEFON|61 33 22 11]]"),
    ("address", "nn", "Brakkene står i [[ADRESSE|Industrivegen 22, 6900 Florø]], og der bur tjue mann."),
    ("address", "en", "Send the form to [[ADRESSE|Postboks 900, 9260 Tromsø]]."),
    # ---------------- mixed / allow-listed public contacts ----------------
    ("allowlist", "nb",
     "Vi har sendt innspillet til <<Arild Grande>> og <<Lars Raaum>> i arbeidslivsutvalget. "
     "Kontaktperson i laget er [[NAVN|Kari Nordmann]], tlf. [[TELEFON|912 34 567]]."),
    ("allowlist", "nb",
     "Takk til <<Ståle Grøtte>> for en god gjennomgang på medlemsmøtet. Referent: [[NAVN|Ole-Martin Bakken]]."),
    ("allowlist", "nb",
     "Innspill sendes til <<arbeid@arbeiderpartiet.no>> innen fristen. "
     "Spørsmål kan rettes til [[NAVN|Siri]] på [[TELEFON|47 11 22 33]]."),
    ("allowlist", "nn",
     "Vi har snakka med <<Lars Raaum>> om saka, og [[NAVN|Åse Marie Kleppe]] følgjer opp frå laget."),
    ("mixed", "nb",
     "Hei!\n\nJeg jobber som renholder og vil fortelle om kollegaen min [[NAVN|Olga]]. "
     "Hun har jobbet for <<Jensen Bemanning AS>> i tre år uten fast stilling. "
     "Ta kontakt om dere vil vite mer.\n\n<<Mvh>>\n[[NAVN|Liv Hansen]]\n[[TELEFON|982 11 234]]"),
    ("mixed", "nn",
     "Hei,\nvedlagt er innspelet frå klubben. Kontaktperson er [[NAVN|Eirik Aasen Dale]], "
     "[[E-POST|eirik.dale@eksempel.no]], [[TELEFON|+47 905 43 210]].\n"
     "Postadresse: [[ADRESSE|Strandgata 3, 5013 Bergen]]\n<<Med venleg helsing>>\n<<styret>>"),
    ("mixed", "en",
     "Hi, my name is [[NAVN|Sven-Erik Andersson]] and I work night shifts at a warehouse in <<Gran>>. "
     "Call me on [[TELEFON|0047 915 12 345]] or write to [[E-POST|sven.erik@example.com]]."),
    ("mixed", "nb",
     "Jeg vil være anonym, men dere kan kontakte meg på [[E-POST|anonym.renholder@eksempel.no]]. "
     "Lederen vår heter [[NAVN|Trond Ødegaard]] og han vet om problemene."),
    # ---------------- no PII (must not be redacted) ----------------
    ("no_pii", "nb",
     "<<Fagforbundet>>, <<NHO>> og <<LO>> må sitte ved samme bord når kompetansereformen skal gjennomføres."),
    ("no_pii", "nb",
     "<<Fellesforbundet>> har dokumentert sosial dumping på flere byggeplasser i <<Bodø>> og i <<Lofoten>>."),
    ("no_pii", "nb", "Etter <<arbeidsmiljøloven § 14-9>> er hovedregelen at arbeidstakere skal ansettes fast."),
    ("no_pii", "nb", "Arbeidslivskriminalitet koster fellesskapet <<28 milliarder kroner>> hvert år."),
    ("no_pii", "nb", "Siden <<2019>> har organisasjonsgraden ligget rundt <<50 %>>."),
    ("no_pii", "nb",
     "Bussen på <<rute 4000>> går bare to ganger om dagen, så mange pendlere kommer for sent på jobb."),
    ("no_pii", "nb", "Saken ble behandlet i kommunestyret <<12.03.2026>> som <<sak 2026/1234>>."),
    ("no_pii", "nb", "<<Hilsen styret>>"),
    ("no_pii", "nb", "<<Med vennlig hilsen>>\n<<Tromsø Arbeiderparti>>"),
    ("no_pii", "nb", "<<Ap>> må ta <<KI>> på alvor, også i kommunene."),
    ("no_pii", "nb", "<<Fagforbundet Bodø>> har <<2 300>> medlemmer."),
    ("no_pii", "nb",
     "Innspill fra <<Gran Arbeiderparti>>: vi ønsker flere lærlingplasser i <<Gran>> og <<Lunner>>."),
    ("no_pii", "nb", "<<Norsk Sykepleierforbund>> anslår at det mangler <<5 000>> sykepleiere."),
    ("no_pii", "nn", "<<Fagforbundet>> i <<Sogndal>> har gjort ei undersøking blant <<400>> tilsette."),
    ("no_pii", "nb", "Prosjektet hadde en ramme på <<12 345 678 kroner>>."),
    ("no_pii", "nb", "Laget er registrert med <<org.nr. 912 345 678>> i Brønnøysundregistrene."),
    ("no_pii", "nb", "Ring <<113>> ved akutt fare og <<116 117>> for legevakt."),
    ("no_pii", "nb", "Møtet starter <<kl. 18.30>> på <<Folkets Hus>>."),
    ("no_pii", "en", "<<LO>> and <<NHO>> signed the agreement in <<2022>>."),
    ("no_pii", "nb", "Vi er enige med <<Arild Grande>> og <<Lars Raaum>> i at innleie må begrenses."),
    ("no_pii", "nb", "<<Jensen Bemanning AS>> vant anbudet på renhold i fjor."),
    ("no_pii", "nb", "Dette gjelder også <<Olsen Bygg AS>> og andre lokale entreprenører."),
    ("no_pii", "nn", "<<Med venleg helsing>>\n<<styret i Voss Arbeidarparti>>"),
    ("no_pii", "nb", "Lønna er <<kr 220 per time>>, som er langt under tariff."),
    ("no_pii", "nb", "<<Vår>> kommune har ikke vedtatt seriøsitetskrav."),
    ("no_pii", "nb", "<<Liv og helse>> må gå foran profitt i eldreomsorgen."),
    ("no_pii", "nb", "<<Hamar>> og <<Elverum>> har vedtatt seriøsitetskrav etter Skien-modellen."),
    ("no_pii", "en", "Please send your proposals to <<arbeid@arbeiderpartiet.no>> before the deadline."),
    ("no_pii", "nn", "Møtet i <<Bergen>> <<12.03.2026>> samla <<40>> medlemer frå <<Vestland>>."),
    ("no_pii", "nb", f"Vi viser til <<saksnummer 2026/0457>> og <<arkivnr. {ARKIV_NR}>>."),
    ("no_pii", "nb", "<<KI>>-verktøy som <<ChatGPT>> brukes allerede i saksbehandlingen."),
    ("no_pii", "nb", "<<Hilsen styret i Fagforbundet Tromsø>>"),
    ("no_pii", "nb", "<<Sagene Ap>> og <<Gamle Oslo Ap>> står sammen bak forslaget."),
    ("no_pii", "en",
     "<<Fagforbundet>> and <<Norsk Sykepleierforbund>> estimate that one in three nurses works part-time."),
    ("no_pii", "nb", "<<Hovedtillitsvalgt>> i <<Fagforbundet>> har ikke fått svar fra rådmannen."),
    ("no_pii", "nb",
     "Vi viser til <<kapittel 14>> i <<arbeidsmiljøloven>> og <<forskrift om lønns- og arbeidsvilkår i offentlige kontrakter>>."),
    ("no_pii", "nn", "<<Arild Grande>> var på besøk i <<Førde>> <<4. mars>> og møtte <<Fellesforbundet>>."),
    ("no_pii", "nb", "<<Tema 2>>: <<Ny teknologi>> – innspill fra <<Sagene Ap>>, vedtatt på årsmøtet <<2026>>."),
    ("no_pii", "nb", "Vi foreslår å øke bemanningen med <<20 årsverk>> innen <<31.12.2027>>."),
    ("no_pii", "nb", "<<Mvh>>\n<<Lokallaget>>"),
    # ================= second round (x157-): general gaps, written from domain knowledge =========
    # ---------------- fødselsnummer as people write them ----------------
    ("id_number", "nb", f"Fødselsnummer: [[FØDSELSNUMMER|{dashed(G1)}]]"),
    ("id_number", "nb", f"fnr [[FØDSELSNUMMER|{dotted_date(G2)}]] – bruk dette på lønnsslippen."),
    ("id_number", "nn", f"Personnummeret mitt er [[FØDSELSNUMMER|{split_3_2(G3)}]]."),
    ("id_number", "en",
     f"My D-number is [[FØDSELSNUMMER|{dashed(DG1)}]], issued when I started at the yard."),
    ("id_number_invalid_checksum", "nb",
     f"Fødselsnr.: [[FØDSELSNUMMER|{dotted_date(break_checksum(G4))}]]"),
    ("id_number", "nb",
     "Arbeidsgiveren skrev feil fødselsnummer på kontrakten, det riktige er "
     f"[[FØDSELSNUMMER|{G5}]]."),
    ("id_number", "nb",
     f"Testbrukeren med fnr. [[FØDSELSNUMMER|{SG1}]] ligger fortsatt i lønnssystemet."),
    ("id_number", "nn",
     f"D-nummeret hans er [[FØDSELSNUMMER|{spaced(DG2)}]], og han har ikkje fått "
     "skattekort."),
    ("id_number", "nb",
     f"Fnr [[FØDSELSNUMMER|{spaced(G6)}]], tlf [[TELEFON|913 24 576]], kontonr. "
     f"[[KONTONUMMER|{konto_dotted(K8)}]]"),
    ("id_number_invalid_checksum", "en",
     f"Personal number: [[FØDSELSNUMMER|{dashed(break_checksum(G7))}]]"),
    ("no_pii", "nb", f"Husk å skrive <<KID {KID}>> når du betaler kontingenten."),
    ("no_pii", "nb",
     "Bedriften har <<org.nr. 998 877 665>> og <<organisasjonsnummer 998877665>> i "
     "registeret."),
    # ---------------- names: gazetteer, cues, particles, initials ----------------
    ("story", "nb", "Leder [[NAVN|Pedersen]] sa at ingen fikk ta ut ferie i juli."),
    ("story", "nb", "[[NAVN|Johansen]] sa at alle vikarene måtte gå hjem klokka tolv."),
    ("story", "nb", "Verneombud [[NAVN|Gunhild Aarsæther]] varslet om avvikene allerede i mars."),
    ("story", "nn", "Tillitsvald [[NAVN|Oddbjørg]] har kjempa for heiltid i fleire år."),
    ("story", "nb", "Sjefen min, [[NAVN|Bjørn]], sa at vi ikke trengte verneutstyr på taket."),
    ("story", "nb", "Kollegaen min [[NAVN|Dag Rune Moen]] ble skadet på lageret i fjor."),
    ("story", "nb",
     "[[NAVN|Liv Tangen]] fra renholdet sa opp etter tre måneder, og livet hennes ble "
     "snudd på hodet."),
    ("story", "nb",
     "Kollegaen vår [[NAVN|Storm]] fikk sparken etter at han meldte seg inn i "
     "<<Fellesforbundet>>."),
    ("story", "nb",
     "[[NAVN|Abdikarim Warsame]] og [[NAVN|Rūta Kazlauskienė]] jobbet nattskift uten "
     "tillegg i et halvt år."),
    ("story", "nn",
     "[[NAVN|Grzegorz Wójcik]] frå <<Polen>> har vore innleigd på verftet sidan <<2018>>."),
    ("story", "nb",
     "Vi fikk hjelp av [[NAVN|Tsegay Gebremedhin]] til å oversette arbeidskontrakten."),
    ("story", "nb", "[[NAVN|Nguyễn Văn Minh]] driver et vaskeri der ingen har skriftlig kontrakt."),
    ("story", "en", "My colleague [[NAVN|Trần Thị Hương]] was never paid for the training weeks."),
    ("story", "nb",
     "Kollegaen min [[NAVN|Ahmad al-Khatib]] fikk ikke overtidsbetaling for påsken."),
    ("story", "nb",
     "Han heter [[NAVN|Pedro da Costa]] og har jobbet som snekker i <<Norge>> i ti år."),
    ("story", "nb",
     "Saken ble tatt opp av [[NAVN|Trude K.]] fra lageret og [[NAVN|G. Solheim]] fra "
     "klubben."),
    ("story", "nb", "[[NAVN|Hilde Bakkes]] kontrakt ble ikke fornyet etter sykemeldingen."),
    ("story", "en",
     "Mr. [[NAVN|Jankowski]] told us that the agency would cover the flights, but it never did."),
    ("story", "nb",
     "[[NAVN|Emre Yılmaz]] og [[NAVN|Zeynep Çelik]] driver frisørsalongen og ansetter "
     "bare på timebasis."),
    ("story", "nn",
     "Sjukepleiar [[NAVN|Aino Rantanen]] og [[NAVN|Eero Niemelä]] har begge bede om heil "
     "stilling."),
    ("story", "nb", "[[NAVN|Farhad Rahimi]] har tatt fagbrev, men får bare tilkallingsvakter."),
    ("story", "nb", "Mora mi, [[NAVN|Áile Somby]], var tillitsvalgt i <<Kautokeino>> i mange år."),
    ("story", "en", "We asked our supervisor, [[NAVN|Jocelyn Reyes]], why the shifts were cut."),
    ("story", "nb",
     "[[NAVN|Sol Aasen]] og [[NAVN|Vår Eidsvik]] startet klubben på fabrikken etter at "
     "lønna ble kuttet."),
    ("story", "nb", "Vaktsjef [[NAVN|Haugland]] nektet oss å ta pause i tolvtimersvaktene."),
    ("story", "nn", "Eg jobba saman med [[NAVN|Rosa Lindqvist]] på kjøkenet i tre år."),
    ("story", "nb",
     "Datteren min [[NAVN|Linnea]] har ikke fått lærlingplass, mens sønnen min "
     "[[NAVN|Elias]] fikk."),
    ("story", "en",
     "Contact [[NAVN|Siriporn]] at the cleaning company if you want to hear her story."),
    ("story", "nb",
     "[[NAVN|Hussein bin Salem]] fra bemanningsbyrået lovet fast jobb etter tre måneder."),
    ("story", "nb",
     "Vi har snakket med [[NAVN|Rojda Kaya]] og [[NAVN|Shirin Ahmadi]] om forholdene i "
     "barnehagen."),
    ("story", "nb", "Det var [[NAVN|Mindaugas Petrauskas]] som ble skadet da stillaset raste."),
    # ---------------- signatures: caps, lower case, English, c/o ----------------
    ("signature", "nb", "MVH\n[[NAVN|SIGBJØRN NÆSS]]\nKLUBBLEDER"),
    ("signature", "nb", "hilsen [[NAVN|ingrid haugland]]"),
    ("signature", "en", "Best regards\n[[NAVN|Dawit Haile]]\nWarehouse worker, <<Oslo>>"),
    ("signature", "nn", "Venleg helsing\n[[NAVN|Marit Øye Hjelle]]\nnestleiar"),
    ("signature", "nb",
     "[[NAVN|Randi Moe]]\nc/o [[NAVN|Tone Brekke]]\n[[ADRESSE|Lillevegen 4\n3050 Mjøndalen]]"),
    ("signature", "nb", "Med hilsen\n[[NAVN|Kjell Arne Furuseth]] og [[NAVN|Wenche Furuseth]]"),
    ("signature", "en", "Thanks,\n[[NAVN|Katarzyna]]"),
    # ---------------- addresses ----------------
    ("address", "nb", "Kontoret ligger i [[ADRESSE|Kongens gt. 10, 7011 Trondheim]]."),
    ("address", "nb", "Adresse: [[ADRESSE|Bygdøy allé 58, 0265 Oslo]]"),
    ("address", "nb", "[[ADRESSE|Skippergata 7\n4611 Kristiansand]]"),
    ("address", "nb", "Send det til [[ADRESSE|Pb. 312 Sentrum, 5804 Bergen]]."),
    ("address", "en", "Mailing address: [[ADRESSE|P.O. Box 45, 9251 Tromsø]]"),
    ("address", "nb", "Hun bor i [[ADRESSE|Kløverstien 3, 1470 Lørenskog]] med tre barn."),
    ("address", "nn", "Adressa er [[ADRESSE|Skulevegen 14 B, 6770 Nordfjordeid]]."),
    ("address", "nb", "De bor i [[ADRESSE|kirkegata 3b, 3616 kongsberg]]."),
    ("address", "nb",
     "Verkstedet holder til i [[ADRESSE|Øvre Slottsgate 18, 0154 Oslo]], i andre etasje."),
    ("address", "nb", "Vi møtes i [[ADRESSE|Bryggeplassen 2, 8300 Svolvær]]."),
    ("address", "nb", "Ny adresse: [[ADRESSE|Solbakken 12 C\n2150 Årnes]]"),
    ("address", "nn", "Han bur i [[ADRESSE|Fjordvegen 2, 5200 Os]]."),
    # ---------------- keep-cases: organisations, compounds, public figures, numbers
    ("no_pii", "nb", "<<Pettersen & Sønn AS>> og <<Bakke Bygg AS>> fikk kontraktene i fjor."),
    ("no_pii", "nb", "<<Vik & Strand Advokatfirma>> bistår klubben i saken."),
    ("no_pii", "nb",
     "Under <<Støre-regjeringen>> ble innleiereglene strammet inn, noe "
     "<<Stoltenberg-regjeringen>> også prøvde."),
    ("no_pii", "nb", "<<Per i dag>> har vi for få fagarbeidere i <<Dal>> og omegn."),
    ("no_pii", "nb", "Arbeidet på <<Johan Sverdrup>>-feltet ga mange lærlingplasser."),
    ("no_pii", "nb", "Tallene for <<2019-2023>> viser at sykefraværet økte."),
    ("no_pii", "nb", "Underskuddet var <<22 500 000>> i fjor og ventes å øke."),
    ("no_pii", "nb", "Åpningstid <<kl. 08.00-16.00>>, saksnr. <<23/04567-12>>."),
    ("no_pii", "nb", "Kontoret ligger i <<Kong Oscars gate>>, like ved <<7011 Trondheim>>."),
    ("no_pii", "nn", "<<Sol>> og vind gir ny industri, men <<Storm>>-varselet stoppa arbeidet."),
    ("no_pii", "nb", "<<Bjørn>>-utvalget kom med rapporten i fjor, og <<Fafo>> har fulgt opp."),
    ("no_pii", "en", "<<Even>> though the law changed in <<2023>>, nothing changed at the yard."),
    ("no_pii", "nb", "<<Berg>> kommune og <<Lier>> kommune har vedtatt seriøsitetskrav."),
    # a public figure's name is a name (issue 14: all person names are redacted by default)
    ("story", "nb",
     "Vi viser til <<arbeidsmiljøloven § 10-4>> og [[NAVN|Einar Gerhardsen]]s idé om arbeid "
     "til alle."),
    # ---------------- phones ----------------
    ("contact", "nb",
     "Ring [[NAVN|Piotr]] på [[TELEFON|+48 512 345 678]] eller meg på [[TELEFON|+46 70 "
     "123 45 67]]."),
    ("contact", "en", "Phone: [[TELEFON|+370 612 34567]] (Lithuanian number)"),
    ("contact", "nb", "Nummeret er [[TELEFON|4791 2345]], men bruk gjerne SMS."),
    ("story", "nb", "[[NAVN|Bjørn]] fortalte at vi måtte jobbe gratis den første uka."),
    ("story", "nb", "Spør [[NAVN|Liv]] om turnusen, hun har laget den i ti år."),
    ("story", "nb",
     "[[NAVN|Chidi Okafor]] (34) har jobbet på lageret i seks år uten fast kontrakt."),
    ("signature", "nb",
     "Hei\nVi vil ha faste stillinger i hjemmetjenesten.\n\n[[NAVN|Tenzin Dorje]]"),
    ("story", "en", "My name is [[NAVN|Chukwuemeka Eze]] and I clean offices at night."),
    ("no_pii", "nb",
     "Hei\nVi vil ha faste stillinger.\n\n<<Med Vennlig Hilsen>>\n<<Fagforbundet Oslo>>"),
    ("no_pii", "nb", "<<Ring Nav>> om saken, eller kontakt <<Arbeidstilsynet>>."),
]

_MARKUP = re.compile(r"\[\[(" + "|".join(map(re.escape, PII_LABELS)) + r")\|(.*?)\]\]|<<(.*?)>>", re.S)


def parse_markup(markup: str):
    """Return (text, spans, keep) for one markup string."""
    out: list[str] = []
    spans: list[dict] = []
    keep: list[str] = []
    pos = 0
    length = 0
    for m in _MARKUP.finditer(markup):
        plain = markup[pos:m.start()]
        out.append(plain)
        length += len(plain)
        if m.group(1):
            surface = m.group(2)
            spans.append({"start": length, "end": length + len(surface), "label": m.group(1), "text": surface})
        else:
            surface = m.group(3)
            if surface not in keep:
                keep.append(surface)
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(markup[pos:])
    text = "".join(out)
    for token in ("[[", "]]", "<<", ">>"):
        if token in text:
            raise ValueError(f"unparsed markup {token!r} in {markup!r}")
    return text, spans, keep


def build_pii_records() -> list[dict]:
    records = []
    for i, (kind, lang, markup) in enumerate(PII_ITEMS, 1):
        text, spans, keep = parse_markup(markup)
        records.append({"id": f"x{i:03d}", "text": text, "spans": spans, "keep": keep,
                        "language": lang, "kind": kind})
    return records


def dumps(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------
class Errors(list):
    def add(self, where: str, msg: str) -> None:
        self.append(f"{where}: {msg}")


def read_jsonl(path: Path, errors: Errors) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                errors.add(f"{path.name}:{n}", "empty line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                errors.add(f"{path.name}:{n}", f"invalid JSON ({e})")
                continue
            if not isinstance(obj, dict):
                errors.add(f"{path.name}:{n}", "not a JSON object")
                continue
            rows.append(obj)
    return rows


def _check_common(rows, name, keys, id_re, errors: Errors):
    ids = Counter(r.get("id") for r in rows)
    for i, c in ids.items():
        if c > 1:
            errors.add(name, f"duplicate id {i}")
    texts = Counter(r.get("text") for r in rows)
    for t, c in texts.items():
        if c > 1:
            errors.add(name, f"duplicate text {t!r}")
    for r in rows:
        where = f"{name}:{r.get('id')}"
        if set(r) != set(keys):
            errors.add(where, f"keys {sorted(r)} != {sorted(keys)}")
        if not re.fullmatch(id_re, str(r.get("id"))):
            errors.add(where, "bad id format")
        t = r.get("text")
        if not isinstance(t, str) or not t.strip() or t != t.strip():
            errors.add(where, "text empty or has surrounding whitespace")


def validate_pii(rows, errors: Errors) -> None:
    _check_common(rows, "pii", ("id", "text", "spans", "keep", "language", "kind"), r"x\d{3}", errors)
    for r in rows:
        where = f"pii:{r['id']}"
        text = r["text"]
        if r["language"] not in PII_LANGS:
            errors.add(where, f"language {r['language']!r}")
        prev_end = 0
        for s in r["spans"]:
            if set(s) != {"start", "end", "label", "text"}:
                errors.add(where, f"span keys {sorted(s)}")
                continue
            if s["label"] not in PII_LABELS:
                errors.add(where, f"label {s['label']!r}")
            if not (isinstance(s["start"], int) and isinstance(s["end"], int) and 0 <= s["start"] < s["end"] <= len(text)):
                errors.add(where, f"bad offsets {s}")
                continue
            if text[s["start"]:s["end"]] != s["text"]:
                errors.add(where, f"offset mismatch: {text[s['start']:s['end']]!r} != {s['text']!r}")
            if s["text"] != s["text"].strip():
                errors.add(where, f"span has surrounding whitespace: {s['text']!r}")
            if s["start"] < prev_end:
                errors.add(where, "spans overlap or are not sorted")
            prev_end = s["end"]
            digits = re.sub(r"\D", "", s["text"])
            if s["label"] == "FØDSELSNUMMER":
                if len(digits) != 11:
                    errors.add(where, "FØDSELSNUMMER must have 11 digits")
                ok = fnr_checksum_ok(s["text"])
                if ok != (r["kind"] != "id_number_invalid_checksum") and r["kind"].startswith("id_number"):
                    errors.add(where, f"checksum validity {ok} contradicts kind {r['kind']}")
            if s["label"] == "KONTONUMMER" and not s["text"].startswith("NO") and len(digits) != 11:
                errors.add(where, "KONTONUMMER must have 11 digits")
            if s["label"] == "E-POST" and not re.search(r"@|\(at\)", s["text"]):
                errors.add(where, "E-POST without @")
        for m in re.finditer(r"(?<!\d)\d(?:[ .-]?\d){10}(?!\d)", text):
            if fnr_possibly_issued(m.group()):
                errors.add(where, f"{m.group()!r} could be a real person's fødselsnummer")
        if not isinstance(r["keep"], list) or not all(isinstance(k, str) and k for k in r["keep"]):
            errors.add(where, "keep must be a list of non-empty strings")
            continue
        for k in r["keep"]:
            occ = [m.start() for m in re.finditer(re.escape(k), text)]
            if not occ:
                errors.add(where, f"keep string {k!r} not in text")
            for o in occ:
                for s in r["spans"]:
                    if o < s["end"] and s["start"] < o + len(k):
                        errors.add(where, f"keep string {k!r} overlaps span {s['text']!r}")
        if not r["spans"] and not r["keep"]:
            errors.add(where, "no-PII item needs at least one keep string")


def validate_proposals(rows, errors: Errors) -> None:
    _check_common(rows, "proposals", ("id", "text", "is_proposal", "language", "kind"), r"p\d{3}", errors)
    for r in rows:
        where = f"proposals:{r['id']}"
        if r["language"] not in ("nb", "nn", "en"):
            errors.add(where, f"language {r['language']!r}")
        if r["kind"] not in PROPOSAL_KINDS:
            errors.add(where, f"kind {r['kind']!r}")
        if not isinstance(r["is_proposal"], bool):
            errors.add(where, "is_proposal must be a bool")
        elif r["is_proposal"] != (r["kind"] in POSITIVE_KINDS):
            errors.add(where, f"is_proposal={r['is_proposal']} contradicts kind {r['kind']}")


def validate_language(rows, errors: Errors) -> None:
    _check_common(rows, "language", ("id", "text", "language"), r"l\d{3}", errors)
    for r in rows:
        if r["language"] not in LANGUAGE_LABELS:
            errors.add(f"language:{r['id']}", f"language {r['language']!r}")


# A negative is "hard" if it carries a surface cue that a naive proposal detector would fire on:
# a modal/normative verb or a demand verb, or it is a question/reported speech/hypothetical.
HARD_CUE = re.compile(
    r"\b(bør|burde|må|måtte|skal|skulle|krev|krever|kreve|krevje|foreslår|føreslår|vil ha|ønsker|ynskjer|"
    r"should|must|propose|demand|have to)\b", re.I)
HARD_KINDS = {"question", "reported_speech", "conditional_hypothetical"}


def is_hard_negative(r: dict) -> bool:
    return (not r["is_proposal"]) and (r["kind"] in HARD_KINDS or bool(HARD_CUE.search(r["text"])))


# ---------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------
def _table(title: str, counter: Counter, markdown: bool, header=("value", "count")) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
    if markdown:
        lines = [f"**{title}**", "", f"| {header[0]} | {header[1]} |", "| --- | ---: |"]
        lines += [f"| {k} | {v} |" for k, v in items]
        lines.append(f"| *total* | {sum(counter.values())} |")
        return "\n".join(lines) + "\n"
    lines = [title] + [f"  {k!s:<28} {v:>5}" for k, v in items] + [f"  {'total':<28} {sum(counter.values()):>5}"]
    return "\n".join(lines) + "\n"


def summarise(pii, proposals, language, markdown: bool) -> str:
    out = []
    h = "### " if markdown else "== "
    # proposals
    out.append(f"{h}proposals.jsonl ({len(proposals)} segments)\n")
    out.append(_table("is_proposal", Counter(str(r["is_proposal"]).lower() for r in proposals), markdown))
    out.append(_table("language", Counter(r["language"] for r in proposals), markdown))
    out.append(_table("kind", Counter(r["kind"] for r in proposals), markdown))
    out.append(_table("language × is_proposal",
                      Counter(f"{r['language']} / {str(r['is_proposal']).lower()}" for r in proposals), markdown))
    neg = [r for r in proposals if not r["is_proposal"]]
    hard = [r for r in neg if is_hard_negative(r)]
    pos_share = 100 * (len(proposals) - len(neg)) / max(1, len(proposals))
    out.append(f"positives: {pos_share:.1f} %; hard negatives: {len(hard)} of {len(neg)} negatives "
               f"({100 * len(hard) / max(1, len(neg)):.1f} %)\n")
    # language
    out.append(f"\n{h}language.jsonl ({len(language)} texts)\n")
    out.append(_table("language", Counter(r["language"] for r in language), markdown))
    short = Counter(r["language"] for r in language if 3 <= len(r["text"].split()) <= 8)
    out.append(_table("very short texts (3–8 words) per language", short, markdown))
    out.append(f"very short share: {100 * sum(short.values()) / max(1, len(language)):.1f} %\n")
    # pii
    n_spans = sum(len(r["spans"]) for r in pii)
    out.append(f"\n{h}pii.jsonl ({len(pii)} texts, {n_spans} spans)\n")
    out.append(_table("span label", Counter(s["label"] for r in pii for s in r["spans"]), markdown))
    out.append(_table("language", Counter(r["language"] for r in pii), markdown))
    out.append(_table("kind", Counter(r["kind"] for r in pii), markdown))
    no_pii = [r for r in pii if not r["spans"]]
    fnr = [s for r in pii for s in r["spans"] if s["label"] == "FØDSELSNUMMER"]
    fnr_ok = sum(fnr_checksum_ok(s["text"]) for s in fnr)
    out.append(f"texts without PII (spans: []): {len(no_pii)}; texts with keep strings: "
               f"{sum(1 for r in pii if r['keep'])}; keep strings: {sum(len(r['keep']) for r in pii)}\n")
    out.append(f"FØDSELSNUMMER spans: {len(fnr)} ({fnr_ok} checksum-valid, {len(fnr) - fnr_ok} invalid)\n")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="do not write pii.jsonl; fail if it is stale")
    ap.add_argument("--markdown", action="store_true", help="print the summary as Markdown tables")
    args = ap.parse_args(argv)

    errors = Errors()
    built = build_pii_records()
    content = dumps(built)
    if args.check:
        if not PII_PATH.exists() or PII_PATH.read_text(encoding="utf-8") != content:
            errors.add("pii.jsonl", "out of date: run scripts/build_pii_gold.py")
    else:
        EVAL_DIR.mkdir(parents=True, exist_ok=True)
        PII_PATH.write_text(content, encoding="utf-8")

    pii = read_jsonl(PII_PATH, errors) if PII_PATH.exists() else []
    proposals = read_jsonl(PROPOSALS_PATH, errors)
    language = read_jsonl(LANGUAGE_PATH, errors)
    validate_pii(pii, errors)
    validate_proposals(proposals, errors)
    validate_language(language, errors)

    print(summarise(pii, proposals, language, args.markdown))
    if errors:
        print(f"{len(errors)} validation error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK: all lines valid JSON, ids unique, offsets exact.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
