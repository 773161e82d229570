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
                                      sender's name and its parts, name lists with cues,
                                      capitalised words inside a sentence; then every
                                      other mention of a found name's parts ("Hansen",
                                      "Hansens", "Kari") anywhere in the submission
================  ==================  ====================================================

Recall first (issue 14; measured on real text by ``benchmarks/names_eval.py``): a missed
name is a privacy breach, an over-redacted word costs a little readability. All person
names are redacted, public figures included. Kept (never redacted as names): the taxonomy's
``public_contacts`` and ``params.prepare.allow_list`` (the one way to keep a named public
contact; the report names those it kept), and what the gazetteer knows as a place or an
organisation (``pipeline/gazetteer/data/kommuner.csv``, ``pipeline/redact/data/places.txt``,
company forms such as "AS", name compounds such as "Støre-regjeringen").

Overlaps are resolved coverage-first: the highest-scoring span wins the placeholder and
grows to cover any span that overlaps it, so no character of a found span survives.

Modules: :mod:`.spans` (the span type, placeholders, overlap resolution), :mod:`.contacts`
(e-mail, phone, national ID, account, address), :mod:`.persons` (name finders, trimming,
the person filter), :mod:`.names` (the name lists in ``data/``), :mod:`.engine` (Presidio
glue) and :mod:`.redactor` (:class:`Redactor`); :func:`keep_names` comes from
:mod:`pipeline.taxonomy`. Import from here.

:class:`Redactor`, :class:`PreloadedSpacyNlpEngine` and :func:`build_registry` are loaded on
first use: importing Presidio pulls in ``transformers`` and ``torch`` (4 to 9 s here), which
a run that redacts nothing new should not pay. The answer stage never redacts; prepare, tag
(its labelled letters) and the report load Presidio only for text not yet in their caches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pipeline.redact.contacts import (
    find_accounts,
    find_addresses,
    find_emails,
    find_fnr,
    find_phones,
)
from pipeline.redact.persons import (
    GAZETTEER,
    KeepList,
    find_capitalised_names,
    find_header_names,
    find_listed_names,
    find_name_mentions,
    find_ner_names,
    find_sender_names,
    find_signature_names,
    is_organisation_name,
    load_places,
    name_parts,
    person_span,
)
from pipeline.redact.spans import LANG, PLACEHOLDER_LABELS, PLACEHOLDERS, PiiSpan, resolve_overlaps
from pipeline.taxonomy import keep_names

if TYPE_CHECKING:
    from pipeline.redact.engine import PreloadedSpacyNlpEngine, build_registry
    from pipeline.redact.redactor import Redactor

_PRESIDIO_NAMES = {"PreloadedSpacyNlpEngine": "pipeline.redact.engine",
                   "build_registry": "pipeline.redact.engine",
                   "Redactor": "pipeline.redact.redactor"}


def __getattr__(name: str) -> Any:
    # PEP 562: the Presidio-backed names are imported when first asked for.
    if name in _PRESIDIO_NAMES:
        value = getattr(importlib.import_module(_PRESIDIO_NAMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "GAZETTEER", "LANG", "PLACEHOLDERS", "PLACEHOLDER_LABELS", "KeepList", "PiiSpan",
    "PreloadedSpacyNlpEngine", "Redactor", "build_registry", "find_accounts", "find_addresses",
    "find_capitalised_names", "find_emails", "find_fnr", "find_header_names",
    "find_listed_names", "find_name_mentions", "find_ner_names", "find_phones",
    "find_sender_names", "find_signature_names", "is_organisation_name", "keep_names",
    "load_places", "name_parts", "person_span", "resolve_overlaps",
]
