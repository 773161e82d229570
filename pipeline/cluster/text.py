"""Text helpers for the topics: normalisation, stop words, lemmas and readable labels."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
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
        from pipeline.stopwords import stop_words
    except ImportError:  # pragma: no cover - fallback while pipeline.prepare is missing
        return tuple(sorted(set(_FALLBACK_STOP_WORDS)))
    return tuple(sorted(set(stop_words()) | set(_FALLBACK_STOP_WORDS)))


def norwegian_stop_words() -> list[str]:
    """Bokmål and nynorsk stop words (``pipeline.stopwords`` plus a local list)."""
    return list(_stop_words())


_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def match_key(text: str) -> str:
    """Case-, accent-form-, punctuation- and whitespace-insensitive key for exact duplicates."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def lemma_doc(lemmas: Sequence[str] | None, fallback_text: str) -> str:
    """The string the CountVectorizer sees: the segment's lemmas, or its words."""
    words = [str(w) for w in (lemmas if lemmas is not None else []) if str(w).strip()]
    if not words:
        return match_key(fallback_text)
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


# Framing before the proposal: who proposes it and that it is a proposal ("Vi i Skien
# Arbeiderparti mener at", "Arbeiderpartiet må jobbe for at", "Det er viktig at", "Eg meiner
# at"). Both the surface forms and the lemma forms of the NLP stage / simplemma ("vi mene
# at", "den være viktig at", "arbeiderpartiet måtte jobbe for at"), so one pattern serves
# the embedded text and the lemma string of the character n-grams.
_FRAME_SUBJECT = (
    r"(?:vi|me|jeg|eg|"
    r"(?:lokal)?lag(?:et)?|styre(?:t)?|parti(?:et)?|fylkesparti(?:et)?|årsmøte(?:t)?|"
    r"medlemsmøte(?:t)?|"
    r"(?:vi|me|styre(?:t)?)\s+i\s+(?:[\w-]+\s+){0,3}?"
    r"(?:arbeiderparti|arbeidarparti|ap|lokallag|fagforening|fagforeining)\w*|"
    r"(?:[\w-]+\s+){1,2}(?:arbeiderparti|arbeidarparti|lokallag)\w*)"
)
_FRAME_VERB = (
    r"(?:foreslår|forslår|føreslår|foreslå|forslå|føreslå|gjer\s+framlegg\s+om|"
    r"mener|meiner|mene|meine|mein|ønsker|ønskjer|ønske|ønskje|krever|krev|kreve|krevje|krive|"
    r"vil(?:\s+ha)?|ville(?:\s+ha)?|vilje(?:\s+ha)?|"
    r"ber\s+om|be\s+om|går\s+inn\s+for|gå\s+inn\s+for|tar\s+til\s+orde\s+for|"
    r"ta\s+til\s+orde\s+for|støtter|støtte|stør|synes|syns|syne|fremmer|fremme|fremjar|fremje)"
)
_FRAMING = re.compile(
    r"^\s*(?:"
    r"(?:forslag|framlegg)\s*(?:nr\.?\s*)?\d*\s*[:.–-]|"
    + _FRAME_SUBJECT
    + r"\s+"
    + _FRAME_VERB
    + r"(?:\s+(?:derfor|også|òg|sterkt|klart))*(?:\s+(?:at|om\s+at))?|"
    r"(?:det|den|dette)\s+(?:er|være|vere|blir|bli)\s+(?:svært\s+|veldig\s+|heilt\s+|helt\s+)?"
    r"(?:viktig|avgjørende|avgjøre|avgjerande|avgjere|nødvendig|naudsynt)\s+(?:at|å)|"
    r"(?:arbeiderparti\w*|arbeidarparti\w*|ap|parti\w*|vi|me)\s+"
    r"(?:må|bør|skal|måtte|burde|skulle)\s+(?:jobbe|arbeide|arbeida|sørge|syte|kjempe|gå\s+inn)"
    r"\s+for(?:\s+at)?|"
    r"(?:arbeiderpartiet|arbeidarpartiet|ap)\s+(?:må|bør|måtte|burde)"
    r")(?=\s|[,:]|$)[\s,:]*",
    re.IGNORECASE,
)


def strip_framing(text: str) -> str:
    """The proposal without the framing before it ("Vi i X Arbeiderparti mener at …").

    In a consultation many senders wrap their proposal in the same words ("Vi mener at",
    "Arbeiderpartiet må jobbe for at", "Det er viktig at", nynorsk "Me meiner at"); in short
    texts that framing is a large part of the embedding and of the character n-grams, and
    it pulls unrelated proposals from similar senders together. Works on surface text and
    on lemma strings (see ``_FRAMING``); up to two stacked framings are removed
    ("Lokallaget ber om at partiet går inn for å …"). A text that would keep fewer than two
    words is returned unchanged; a capital first letter stays capital.

    Parameters
    ----------
    text:
        A proposal, surface text or a lemma string.
    """
    text = str(text)
    core = text
    for _ in range(2):
        stripped = _FRAMING.sub("", core, count=1)
        if stripped == core:
            break
        core = stripped
    if core == text or len(re.findall(r"\w+", core)) < 2:
        return text
    if text[:1].isupper():
        core = core[0].upper() + core[1:]
    return core


def proposal_text(text: str) -> str:
    """The proposal itself, as the embedder should see it.

    List markers ("3.", "b)", "•") and a form question repeated above the answer
    ("Spørsmål 1: Hvordan …?") say nothing about the proposal, but in short texts they
    dominate the embedding and make unrelated list items look alike; the same holds for
    framing such as "Vi i X Arbeiderparti mener at" (:func:`strip_framing`).
    """
    lines = [ln.strip() for ln in str(text).splitlines() if ln.strip()]
    while len(lines) > 1 and lines[0].endswith("?"):
        lines = lines[1:]
    core = _LIST_MARKER.sub("", " ".join(lines)).strip()
    return strip_framing(core) if core else str(text).strip()


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


# --- readable keywords ------------------------------------------------------------------------

_SURFACE_WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)
_MAX_SUFFIX = 5  # inflection a surface form may add to the lemma's stem ("-erne", "-ane")
_MAX_LEMMA_TAIL = 2  # lemma ending the surface form may lack ("doble" ~ "dobl|es")


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _matches_lemma(word: str, lemma: str) -> bool:
    """Is ``word`` (lower-cased) plausibly an inflected form of ``lemma``?

    Norwegian inflection (and the lemmatisers' errors: "fagforeningsfradrage") changes the
    end of a word: the two must share a prefix that covers the lemma but for at most
    ``_MAX_LEMMA_TAIL`` letters, and the word may add at most ``_MAX_SUFFIX`` letters.
    Short lemmas must match exactly ("ki": not "kina") or, with three letters, as a whole
    prefix with a short suffix ("bud" ~ "budene", "lov" ~ "loven").
    """
    if word == lemma:
        return True
    common = _shared_prefix(word, lemma)
    if len(lemma) <= 2:
        return False
    if len(lemma) == 3:
        return common == 3 and len(word) <= 6
    return (
        common >= 3
        and len(lemma) - common <= _MAX_LEMMA_TAIL
        and len(word) - common <= _MAX_SUFFIX
    )


def _display_form(occurrences: list[str], lemma: str, casing: dict[str, Counter]) -> str:
    """The most frequent form of ``lemma`` among ``occurrences`` (lower-cased words).

    Ties go to the form closest to ``lemma`` (longest shared prefix), then the shorter one.
    ``casing`` holds, per lower-cased word, how it is written inside sentences across all
    member texts: a word mostly capitalised there ("KI", "Wolt", "Arbeidstilsynet") keeps
    its capitals, everything else is lower case.
    """
    counts = Counter(occurrences)
    best = sorted(
        counts.items(), key=lambda x: (-x[1], -_shared_prefix(x[0], lemma), len(x[0]), x[0])
    )[0][0]
    written = casing.get(best)
    if written:
        cased, n = written.most_common(1)[0]
        if cased != best and 2 * n > sum(written.values()):
            return cased
    return best


def surface_keywords(keywords: Sequence[str], texts: Sequence[str]) -> list[str]:
    """Keywords as a committee reads them: each lemma as its most frequent written form.

    Topic keywords come from lemma strings (c-TF-IDF / KeyBERT over ``lemma_doc``), so they
    show lemmatiser output such as "fagforeningsfradrage" or "tillitsvalgt". Each word of a
    keyword (1- or 2-gram) is replaced by the most frequent word of the topic's member
    ``texts`` that is an inflected form of it (:func:`_matches_lemma`); for a 2-gram only
    texts that contain both words count, so the pair reads as it was written. A word with
    no match stays as it is; keywords that become equal are kept once, order preserved.

    Parameters
    ----------
    keywords:
        The topic's keywords (lemmas, 1- or 2-grams), best first.
    texts:
        The surface texts of the topic's members (redacted text or proposal text).
    """
    tokenised: list[list[str]] = []
    casing: dict[str, Counter] = {}
    for text in texts:
        words = []
        for match in _SURFACE_WORD.finditer(str(text)):
            word = match.group()
            words.append(word.casefold())
            before = str(text)[: match.start()].rstrip()
            if before and before[-1] not in ".!?:;":  # sentence-initial capitals say nothing
                casing.setdefault(word.casefold(), Counter())[word] += 1
        tokenised.append(words)
    cache: dict[tuple[str, ...], list[list[str]]] = {}

    def forms(lemmas: tuple[str, ...]) -> list[list[str]]:
        """For each lemma, its occurrences in the texts that contain all of ``lemmas``."""
        if lemmas not in cache:
            found: list[list[str]] = [[] for _ in lemmas]
            for words in tokenised:
                hits = [[w for w in words if _matches_lemma(w, lem)] for lem in lemmas]
                if all(hits):
                    for k, h in enumerate(hits):
                        found[k].extend(h)
            cache[lemmas] = found
        return cache[lemmas]

    out: list[str] = []
    for keyword in keywords:
        lemmas = tuple(str(keyword).casefold().split())
        if not lemmas:
            continue
        found = forms(lemmas)
        if not all(found) and len(lemmas) > 1:  # not together in one text: word by word
            found = [forms((lem,))[0] for lem in lemmas]
        words = [
            _display_form(f, lem, casing) if f else lem
            for lem, f in zip(lemmas, found, strict=True)
        ]
        readable = " ".join(words)
        if readable not in out:
            out.append(readable)
    return out
