"""Name lists and cue words for the name recognizers (used with and without the NER model).

The gazetteers are package data (``pipeline/redact/data/``), written from general knowledge:

- ``first_names.txt``: ~2 900 first names common in Norway across generations and origins
  (Norwegian, Sámi, Swedish/Danish/Finnish/Kven, Polish, Baltic, Russian/Ukrainian, Balkan,
  Somali, Arabic, Eritrean/Ethiopian, Persian/Afghan, Kurdish, Turkish, Pakistani/Indian/Tamil,
  Vietnamese, Filipino, Thai, Chinese, Western European and English).
- ``surnames.txt``: ~1 350 surnames (the commonest in Norway plus common foreign ones).

A trailing ``*`` marks a name that is also a common word or place ("Bjørn", "Sol", "Liv",
"Storm", "Vår", "Dag", "Berg", "Dal", "Lie", "Strand", "Vik", "Bakke", "Moen", ...): such a
name counts only with supporting evidence (a capitalised neighbour name, a cue word, a
signature line). Surnames of at most three letters are always treated as ambiguous.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _w(text: str) -> list[str]:
    """Whitespace-separated words of a word-list literal."""
    return text.split()


@lru_cache(maxsize=4)
def load_name_list(filename: str) -> tuple[frozenset[str], frozenset[str]]:
    """(all names, ambiguous names) of a gazetteer file in ``pipeline/redact/data/``."""
    names, ambiguous = set(), set()
    with (DATA / filename).open(encoding="utf-8") as fh:
        for line in fh:
            if line.lstrip().startswith("#"):
                continue
            for word in line.split():
                name = word.rstrip("*")
                if not name:
                    continue
                names.add(name)
                if word.endswith("*"):
                    ambiguous.add(name)
    return frozenset(names), frozenset(ambiguous)


FIRST_NAMES, AMBIGUOUS_FIRST_NAMES = load_name_list("first_names.txt")
_SURNAMES, _AMBIGUOUS_SURNAMES = load_name_list("surnames.txt")
SURNAMES: frozenset[str] = _SURNAMES
AMBIGUOUS_SURNAMES: frozenset[str] = _AMBIGUOUS_SURNAMES | frozenset(
    s for s in _SURNAMES if len(s) <= 3
)

PRONOUNS: frozenset[str] = frozenset(
    _w("ho han hun de dei me vi eg du det den dette desse hen dem oss meg deg seg")
)
"""Pronouns that are also (rare) names ("Ho"): never the start of a name."""

TITLES: frozenset[str] = frozenset(
    _w(
        """
    avdelingsleder avdelingsleiar leder lederen leiar leiaren nestleder nestleiar tillitsvalgt
    tillitsvald hovedtillitsvalgt hovudtillitsvald kollega kollegaen kollegane kolleger
    kollegaene sjef sjefen sjukepleiar sjukepleiaren sykepleier sykepleieren helsefagarbeider
    helsefagarbeidar lærer lærar læreren styremedlem styreleder styreleiar ordfører ordførar
    rådmann kommunedirektør direktør direktøren verneombud verneombudet verneombod verneombodet
    daglig dagleg konsulent rådgiver rådgjevar saksbehandler sakshandsamar vaktmester renholder
    reinhaldar sjåfør bud kontaktperson medlem formann formannen bas basen arbeidsleder
    arbeidsleiar vaktsjef vaktsjefen driftsleder driftsleiar personalsjef hr-sjef hr-leder
    mellomleder mellomleiar teamleder teamleiar prosjektleder prosjektleiar fagleder fagleiar
    enhetsleder einingsleiar virksomhetsleder avdelingssjef kontorsjef butikksjef
    klubbleder klubbleiar sekretær kasserer nestformann ungdomstillitsvalgt plasstillitsvalgt
    tillitsvalde verneombodet advokat advokaten lege legen fastlege overlege professor
    statsråd statsminister minister stortingsrepresentant varaordfører
    my our colleague manager supervisor foreman boss nurse doctor dr mr mrs ms miss mx prof
    fru frk herr
    foto fotograf illustrasjon biskop prest pastor prost kapellan forfattar forfattaren
    forfatter forfatteren journalist journalisten redaktør redaktøren lektor rektor
    dommar dommer statsministeren ordføraren ordføreren presidenten president kong kongen
    dronning dronningen prins prinsesse
    hilsen helsing mvh cheers kind regards best email questions takk hei hallo kjære dear
    vennlig vennleg venleg beste kjærlig sincerely thanks dearvvuođat dearvvuođaiguin
    """
    )
)
"""Words that precede names ("Avdelingsleder Hansen") but are not part of them."""

TITLE_SUFFIXES: tuple[str, ...] = (
    "leder",
    "lederen",
    "leiar",
    "leiaren",
    "sjef",
    "sjefen",
    "ansvarlig",
    "ansvarleg",
    "tillitsvalgt",
    "tillitsvald",
    "direktør",
    "koordinator",
    "rådgiver",
    "rådgjevar",
    "pleier",
    "pleiar",
    "arbeider",
    "arbeidar",
    "mester",
    "meister",
    "minister",
    "ministeren",
)
"""Endings of compound titles ("vaktsjef", "hjelpepleier", "butikkmedarbeider")."""

NAME_CUES: frozenset[str] = frozenset(
    _w(
        """
    med til ring spør snakk kollega kollegaen kollegane min mi mitt ask colleague
    mvh hilsen helsing v/ ved av call contact kontakt heter heiter named
    """
    )
)
"""Lower-case words after which a (lower-case) first name is a name."""

PERSON_CUES: frozenset[str] = frozenset(
    _w(
        """
    kollega kollegaen kollegane kolleger kollegaene kollegaer leder lederen leiar leiaren
    nestleder nestleiar sjef sjefen sjefane sjefene verneombud verneombudet verneombod
    verneombodet tillitsvalgt tillitsvald hovedtillitsvalgt hovudtillitsvald tillitsvalde
    avdelingsleder avdelingsleiar formann formannen bas basen vaktsjef vaktsjefen arbeidsleder
    arbeidsleiar mellomleder teamleder personalsjef klubbleder klubbleiar
    naboen nabo venn vennen venninnen venninna venninne kjæresten kona mannen samboeren
    sambuaren datteren dottera dotter sønnen sonen son mora mor moren faren far faren broren
    bror bror søsteren syster systera søster bestefaren bestemoren besteforeldrene onkel tante
    fetteren kusina kusinen svigerfar svigermor
    heter heiter kalt kalla named called
    colleague colleagues manager supervisor boss foreman neighbour neighbor friend wife
    husband daughter son mother father brother sister
    mr mrs ms miss mx dr
    """
    )
)
"""Words after which a capitalised word is a person's name ("kollegaen min Storm",
"verneombud Olsen", "Mr. Jankowski"), possibly with a possessive in between."""

POSSESSIVES: frozenset[str] = frozenset(_w("min mi mitt mine vår vårt våre vår vår my our his her"))

SPEECH_VERBS: frozenset[str] = frozenset(
    _w(
        """
    sa sier sei seier sagt mente meiner mener skrev skriv skriver fortalte fortalde forteller
    fortel svarte svara svarer ba bad krevde kravde nektet nekta lovet lova lovte ringte
    ringde truet trua varslet varsla ga gav har hadde er var ble vart kom mailet sendte sende
    said says told asked wrote replied promised refused called threatened
    """
    )
)
"""Verbs that follow a surname used alone as a subject ("Johansen sa at ...")."""

KNOWN_NON_PERSONS: frozenset[str] = frozenset(
    [
        # oil fields named after people, named alone in submissions about the industry;
        # fields named after famous people ("Edvard Grieg", "Ivar Aasen") are not here:
        # those names mean the person far more often ("Edvard Grieg-feltet" is a compound)
        "johan sverdrup",
        "johan castberg",
        "youngstorget",
    ]
)
"""Well-known names of things (oil fields, a square) that look like person names: kept,
never ``[NAVN]``. Public figures are not here: every person name is redacted unless
``params.prepare.allow_list`` or the taxonomy's public contacts keep it."""


# A sign-off line («Med vennlig hilsen», «Mvh», «Regards»): the sender's name follows it,
# and a segment starting with it is no proposal (pipeline.prepare.segment).
GREETING = re.compile(
    r"^[ \t]*(?:med[ \t]+(?:vennlig|vennleg|venleg|beste)[ \t]+(?:hilsen|helsing)"
    r"|(?:vennlig|vennleg|venleg|beste|kjærlig)[ \t]+(?:hilsen|helsing)"
    r"|hilsen|helsing|mvh|m\.v\.h\.?"
    r"|best[ \t]+regards|kind[ \t]+regards|regards|sincerely|yours[ \t]+sincerely)\b",
    re.IGNORECASE,
)
