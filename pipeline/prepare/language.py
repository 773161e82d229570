"""Language identification: ``nb`` / ``nn`` / ``en`` / ``other``.

Several interchangeable methods (all offline), chosen by name (``params.prepare.language_method``)
and compared in ``benchmarks/nlp_eval.py`` on ``data/labels/eval/language.jsonl``:

- ``lingua``: lingua-language-detector restricted to a small language set (Bokmål, Nynorsk,
  English plus the neighbours a Norwegian inbox actually meets: Danish, Swedish, German,
  Polish, ...). Anything but nb/nn/en becomes ``other``.
- ``simplemma``: simplemma's word-list detector over nb/nn/en/da/sv/de.
- ``markers``: counts of words that only one written standard uses (nynorsk *ikkje, eg,
  kva, korleis* vs bokmål *ikke, jeg, hva, hvordan*) plus a few English function words.
- ``combined``: lingua decides Norwegian vs English vs other; the marker counts decide
  bokmål vs nynorsk when they are clear (lingua confuses the two on short, mixed texts).

Segments inherit their submission's language when they are short or the detector is
unsure (:func:`segment_language`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache


def _w(text: str) -> list[str]:
    """Whitespace-separated words of a word-list literal."""
    return text.split()


LANGS = ("nb", "nn", "en", "other")
METHODS = ("lingua", "simplemma", "markers", "combined")

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)

# Words that mark one written standard (lower case). Chosen to be frequent and exclusive.
NN_MARKERS = frozenset(
    _w(
        """
    ikkje eg kva korleis kvifor kven kvar dei ein eit berre mykje frå òg noko nokon nokre
    vere vore vert vart vorte sjølv heile heilt fleire meir medan
    dykk dykkar hjå heime ho hennar honom deira kvarandre sidan enno sjå gje gjev
    gjeve meiner tykkjer synest arbeidsgjevar arbeidsgjevarar arbeidstakar arbeidstakarar
    tilsette tilsett mellombels tilsetjing tilsetjingar offentleg kommunar fagforeining
    fagforeiningar tillitsvald tillitsvalde løn lønsvilkår føreslår føreslå krev treng
    utan ynskjer ønskjer betre difor dessutan einskilde anbod verksemd verksemder eigen eige
    eigne høyrer
    """
    )
)

NB_MARKERS = frozenset(
    _w(
        """
    ikke jeg hva hvordan hvorfor hvem hver hvert et bare mye fra noe noen
    være vært ble selv hele helt flere mer mens hennes hun ham deres hverandre
    siden ennå se gi gir gitt synes arbeidsgiver arbeidsgivere arbeidstaker arbeidstakere
    ansatte ansatt midlertidig ansettelse ansettelser offentlig kommuner fagforening
    fagforeninger tillitsvalgt tillitsvalgte lønn lønnsvilkår foreslår foreslå krever trenger
    uten ønsker derfor dessuten enkelte
    """
    )
)

EN_MARKERS = frozenset(
    _w(
        """
    the and of to is are we should must would our that this with for be not they it their
    workers employers union unions have has will can which
    """
    )
)


def words(text: str) -> list[str]:
    """Lower-case word tokens of ``text``."""
    return [w.lower() for w in _WORD.findall(text)]


def marker_counts(text: str) -> dict[str, int]:
    """How many nb-only, nn-only and English marker words ``text`` has."""
    counts = {"nb": 0, "nn": 0, "en": 0}
    for w in words(text):
        if w in NN_MARKERS:
            counts["nn"] += 1
        if w in NB_MARKERS:
            counts["nb"] += 1
        if w in EN_MARKERS:
            counts["en"] += 1
    return counts


def detect_markers(text: str) -> tuple[str, float]:
    """Marker-word vote; confidence is the winner's share of all marker hits."""
    counts = marker_counts(text)
    total = sum(counts.values())
    if total == 0:
        return ("other" if len(words(text)) >= 5 else "nb", 0.0)
    best = max(("nb", "nn", "en"), key=lambda k: (counts[k], k == "nb"))
    return best, counts[best] / total


@lru_cache(maxsize=1)
def _lingua_detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [
        Language.BOKMAL,
        Language.NYNORSK,
        Language.ENGLISH,
        Language.DANISH,
        Language.SWEDISH,
        Language.GERMAN,
        Language.POLISH,
        Language.LITHUANIAN,
        Language.FRENCH,
        Language.SPANISH,
        Language.ARABIC,
        Language.SOMALI,
        Language.FINNISH,
        Language.RUSSIAN,
        Language.UKRAINIAN,
    ]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def _lingua_code(language) -> str:
    return {"BOKMAL": "nb", "NYNORSK": "nn", "ENGLISH": "en"}.get(language.name, "other")


def detect_lingua(text: str) -> tuple[str, float]:
    """lingua over a restricted language set; confidence is lingua's top probability."""
    values = _lingua_detector().compute_language_confidence_values(text[:3000])
    if not values:
        return "other", 0.0
    # Sum probability per output code (nb/nn/en/other) before picking.
    agg: dict[str, float] = {}
    for cv in values:
        code = _lingua_code(cv.language)
        agg[code] = agg.get(code, 0.0) + cv.value
    best = max(agg, key=agg.__getitem__)
    return best, agg[best]


def detect_simplemma(text: str) -> tuple[str, float]:
    """simplemma's word-list detector over nb/nn/en (+da/sv/de as ``other``)."""
    import simplemma

    ranked = simplemma.langdetect(text[:3000], lang=("nb", "nn", "en", "da", "sv", "de"))
    best, score = ranked[0]
    if best == "unk" or score == 0.0:
        return "other", 0.0
    return (best if best in ("nb", "nn", "en") else "other"), float(score)


def _lingua_scores(text: str) -> dict[str, float]:
    agg: dict[str, float] = {}
    for cv in _lingua_detector().compute_language_confidence_values(text[:3000]):
        code = _lingua_code(cv.language)
        agg[code] = agg.get(code, 0.0) + cv.value
    return agg


def detect_combined(text: str) -> tuple[str, float]:
    """lingua for the language family; marker words settle bokmål vs nynorsk.

    A weak ``other`` (lingua < 0.6, typical for short Scandinavian sentences it reads as
    Danish/Swedish) is overruled by nb/nn/en marker words when there are any.
    """
    lang, conf = detect_lingua(text)
    counts = marker_counts(text)
    if lang == "other" and conf < 0.6 and sum(counts.values()) >= 1:
        scores = _lingua_scores(text)
        lang = max(("nb", "nn", "en"), key=lambda k: (counts[k], scores.get(k, 0.0)))
        conf = max(scores.get(lang, 0.0), 0.6)
    if lang in ("nb", "nn", "other"):
        nb, nn = counts["nb"], counts["nn"]
        if nb + nn >= 1 and (lang != "other" or nb + nn >= 3):
            if nn > nb:
                return "nn", max(conf, nn / (nb + nn))
            if nb > nn:
                return "nb", max(conf, nb / (nb + nn))
    return lang, conf


DETECTORS: dict[str, Callable[[str], tuple[str, float]]] = {
    "lingua": detect_lingua,
    "simplemma": detect_simplemma,
    "markers": detect_markers,
    "combined": detect_combined,
}


def get_detector(method: str) -> Callable[[str], tuple[str, float]]:
    """The detector function for ``method`` (one of :data:`METHODS`)."""
    try:
        return DETECTORS[method]
    except KeyError as exc:
        raise ValueError(f"unknown language method {method!r}; choose one of {METHODS}") from exc


def detect(text: str, method: str = "combined") -> str:
    """The language code of ``text``; empty or letterless text counts as ``nb``."""
    if not _WORD.search(text or ""):
        return "nb"
    return get_detector(method)(text)[0]


def segment_language(
    text: str,
    submission_language: str,
    method: str = "combined",
    min_chars: int = 40,
    min_confidence: float = 0.6,
) -> str:
    """A segment's language: its own when long and confident, else the submission's."""
    if len(text.strip()) < min_chars or not _WORD.search(text):
        return submission_language or "nb"
    lang, conf = get_detector(method)(text)
    if conf < min_confidence:
        return submission_language or lang
    # nb/nn flips inside one letter are nearly always detector noise on short spans.
    if {lang, submission_language} == {"nb", "nn"} and len(text) < 120:
        return submission_language
    return lang
