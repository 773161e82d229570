"""Text helpers for the topics: normalisation, stop words, lemmas and readable labels."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_FALLBACK_STOP_WORDS = [
    "og",
    "i",
    "jeg",
    "det",
    "at",
    "en",
    "et",
    "den",
    "til",
    "er",
    "som",
    "på",
    "de",
    "med",
    "han",
    "av",
    "ikke",
    "ikkje",
    "der",
    "så",
    "var",
    "meg",
    "seg",
    "men",
    "ett",
    "har",
    "om",
    "vi",
    "min",
    "mitt",
    "ha",
    "hadde",
    "hun",
    "nå",
    "over",
    "da",
    "ved",
    "fra",
    "du",
    "ut",
    "sin",
    "dem",
    "oss",
    "opp",
    "man",
    "kan",
    "hans",
    "hvor",
    "eller",
    "hva",
    "skal",
    "selv",
    "sjøl",
    "her",
    "alle",
    "vil",
    "bli",
    "ble",
    "blei",
    "blitt",
    "kunne",
    "inn",
    "når",
    "være",
    "kom",
    "noen",
    "noe",
    "ville",
    "dere",
    "som",
    "deres",
    "kun",
    "ja",
    "etter",
    "ned",
    "skulle",
    "denne",
    "for",
    "deg",
    "si",
    "sine",
    "sitt",
    "mot",
    "å",
    "meget",
    "hvorfor",
    "dette",
    "disse",
    "uten",
    "hvordan",
    "ingen",
    "din",
    "ditt",
    "blir",
    "samme",
    "hvilken",
    "hvilke",
    "sånn",
    "inni",
    "mellom",
    "vår",
    "hver",
    "hvem",
    "vors",
    "hvis",
    "både",
    "bare",
    "enn",
    "fordi",
    "før",
    "mange",
    "også",
    "slik",
    "vært",
    "være",
    "båe",
    "begge",
    "siden",
    "dykk",
    "dykkar",
    "dei",
    "deira",
    "deires",
    "deim",
    "di",
    "då",
    "eg",
    "ein",
    "eit",
    "eitt",
    "elles",
    "honom",
    "hjå",
    "ho",
    "hoe",
    "henne",
    "hennar",
    "hennes",
    "hoss",
    "hossen",
    "ikkje",
    "ingi",
    "inkje",
    "korleis",
    "korso",
    "kva",
    "kvar",
    "kvarhelst",
    "kven",
    "kvi",
    "kvifor",
    "me",
    "medan",
    "mi",
    "mine",
    "mykje",
    "no",
    "nokon",
    "noka",
    "nokor",
    "noko",
    "nokre",
    "si",
    "sia",
    "sidan",
    "so",
    "somt",
    "somme",
    "um",
    "upp",
    "vere",
    "vore",
    "verte",
    "vort",
    "varte",
    "vart",
    "må",
    "bør",
    "burde",
    "mer",
    "meir",
    "mest",
]


@lru_cache(maxsize=1)
def _stop_words() -> tuple[str, ...]:
    try:  # the NLP stage's list (bokmål ∪ nynorsk ∪ English) when it is there
        from pipeline.nlp.stopwords import stop_words
    except ImportError:  # pragma: no cover - fallback while pipeline.nlp is missing
        return tuple(sorted(set(_FALLBACK_STOP_WORDS)))
    return tuple(sorted(set(stop_words()) | set(_FALLBACK_STOP_WORDS)))


def norwegian_stop_words() -> list[str]:
    """Bokmål and nynorsk stop words (``pipeline.nlp.stopwords`` plus a local list)."""
    return list(_stop_words())


_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise(text: str) -> str:
    """Case-, accent-form-, punctuation- and whitespace-insensitive key for exact duplicates."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def lemma_doc(lemmas: Sequence[str] | None, fallback_text: str) -> str:
    """The string the CountVectorizer sees: the segment's lemmas, or its words."""
    words = [str(w) for w in (lemmas if lemmas is not None else []) if str(w).strip()]
    if not words:
        return normalise(fallback_text)
    return " ".join(w.lower() for w in words if any(c.isalpha() for c in w))


def simple_lemmas(text: str, language: str) -> list[str]:
    """Lemmas with simplemma (for texts the NLP stage has not seen, e.g. the gold set)."""
    import simplemma

    lang = {"nn": ("nn", "nb"), "en": ("en", "nb")}.get(language, ("nb", "nn"))
    return [simplemma.lemmatize(tok, lang=lang) for tok in re.findall(r"\w+", text)]


# --- labels ---------------------------------------------------------------------------------

# Openers that carry no content ("Vi foreslår at", "Jeg mener", "Eg meiner at", "Forslag:").
_OPENERS = re.compile(
    r"^\s*(?:[-–•*\d.)]+\s*)?(?:"
    r"forslag\s*\d*\s*[:.-]|"
    r"(?:vi|jeg|eg|me|lokallaget|laget|styret|fylkespartiet|[a-zæøå]+laget)\s+"
    r"(?:foreslår|foreslår derfor|forslår|meiner|mener|vil|ønsker|ønskjer|krever|krev|ber om|"
    r"tar til orde for|går inn for|støtter|synes|syns)(?:\s+(?:at|derfor|også|òg))*|"
    r"(?:det|dette)\s+(?:er viktig|er avgjørende|haster)\s*(?:at)?|"
    r"arbeiderpartiet\s+(?:må|bør)\s+(?:jobbe for at|sørge for at|gå inn for|arbeide for)?|"
    r"ap\s+(?:må|bør)\s+(?:jobbe for at|sørge for at|gå inn for|arbeide for)?|"
    r"(?:vi|me)\s+(?:må|bør)\s+(?:jobbe for at|sørge for at|arbeide for)|"
    r"i\s+tillegg|dessuten|derfor|til slutt|videre"
    r")[\s,:]*",
    re.IGNORECASE,
)
# Where the key clause ends: reasons, elaborations, second sentences.
_CLAUSE_END = re.compile(
    r"(?:[.;:!?](?:\s|$)|\s[–—-]\s|\(|,\s*(?:fordi|slik at|slik|så|sånn|siden|sidan|da|for å|"
    r"ettersom|noe som|noko som|og dermed|blant annet|mellom anna|men|særlig|spesielt|"
    r"som\s+(?:i dag|no|nå))\b)",
    re.IGNORECASE,
)


_LIST_MARKER = re.compile(r"^\s*(?:[-–•*]+|\d+\s*[.)]|[a-zA-Z]\s*\))\s*")


def proposal_text(text: str) -> str:
    """The proposal itself, as the embedder should see it.

    List markers ("3.", "b)", "•") and a form question repeated above the answer
    ("Spørsmål 1: Hvordan …?") say nothing about the proposal, but in short texts they
    dominate the embedding and make unrelated list items look alike.
    """
    lines = [ln.strip() for ln in str(text).splitlines() if ln.strip()]
    while len(lines) > 1 and lines[0].endswith("?"):
        lines = lines[1:]
    return _LIST_MARKER.sub("", " ".join(lines)).strip() or str(text).strip()


def shorten_to_clause(text: str, max_chars: int = 90) -> str:
    """The key clause of a proposal, as a short phrase with a capital first letter."""
    lines = [ln for ln in str(text).splitlines() if ln.strip()]
    if len(lines) > 1 and len(lines[0].split()) <= 3:  # a heading line before the proposal
        lines = lines[1:]
    text = _LIST_MARKER.sub("", " ".join(" ".join(lines).split()))
    for _ in range(3):  # "Vi mener at derfor ..." – strip stacked openers
        stripped = _OPENERS.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    match = _CLAUSE_END.search(text, 12)
    if match:
        text = text[: match.start()]
    text = text.strip(" ,;:-–—.")
    if len(text) > max_chars:
        cut = text[:max_chars].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
        text = cut + " …"
    if not text:
        return ""
    return text[0].upper() + text[1:]


def keyword_phrase(keywords: Sequence[str]) -> str:
    """A fallback label from keywords: the first bigram (or word), as a phrase."""
    for kw in keywords:
        if " " in kw:
            return kw[0].upper() + kw[1:]
    return (keywords[0][0].upper() + keywords[0][1:]) if keywords else "Uten navn"
