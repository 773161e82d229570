"""Direction of a proposal: does it ask for *more* of something or for *less / none* of it?

Hard negatives in a consultation often share every content word with a recurring proposal
but ask for the opposite ("Fagforeningsfradraget bør fjernes" next to "… må dobles",
"Innleie bør ikke begrenses" next to "Forby innleie"), or for keeping things as they are
("… bør holdes på dagens nivå"). Sentence embeddings and n-grams put them side by side.

:func:`polarity` gives a crude, documented sign from a small bokmål + nynorsk + English
lexicon:

- ``+1`` cues ask to introduce, increase or strengthen (innføre, øke/auke, doble, styrke,
  lovfeste, utvide, heve, flere/fleire, mer/meir, introduce, increase, double, …);
- ``-1`` cues ask to remove, reduce or stop (fjerne, avskaffe, avvikle, redusere, kutte,
  forenkle, stoppe, oppheve, forby, begrense, færre, mindre, for mye, scrap, abolish, …)
  or to keep things as they are (fortsatt/framleis, beholde, dagens nivå, høyt nok);
- a negation (ikke/ikkje/not/aldri/never) flips the next cue within three words
  ("bør ikke begrenses" → +1, "bør ikkje innførast" → -1); a negation without a cue counts
  as -1 (it says "not like that").

The sign is the sign of the sum (0 when cues cancel or there are none). It is used as a
*cannot-link* after clustering (:func:`split_by_polarity`): a topic whose members clearly
disagree in direction keeps its majority direction and drops the minority. Only the
words' direction is read, never their object, so it is a weak signal: the split is only
applied when the majority is clear, and neutral members (0) always stay.
"""

from __future__ import annotations

import re

import numpy as np

# Prefixes (matched at the start of a lower-cased word).
INCREASE: tuple[str, ...] = (
    "innfør", "innføring", "øk", "økt", "auk", "doble", "dobl", "dobbel", "styrk", "lovfest",
    "utvid", "hev", "løft", "flere", "fleire", "mer", "meir", "større", "høyere", "høgare",
    "raskere", "raskare", "introduc", "increas", "doubl", "strengthen", "expand", "extend",
    "more", "raise", "adopt",
)  # fmt: skip
DECREASE = (
    "fjern", "avskaff", "avvikl", "avgrens", "begrens", "reduser", "kutt", "forenkl", "stopp",
    "opphev", "forby", "forbud", "forbod", "forbyd", "senk", "mindre", "færre", "halver",
    "bort", "slutt", "avslutt", "scrap", "remov", "abolish", "reduc", "cut", "ban", "stop",
    "limit", "lower", "less", "fewer", "end",
)  # fmt: skip
# "keep as it is" opposes a change
KEEP = ("fortsatt", "fortsett", "framleis", "fremdeles", "behold", "behald", "keep", "retain")
# multi-word cues (checked on the normalised text)
PHRASES_DECREASE = (
    "for mye", "for mykje", "for mange", "for strenge", "for streng", "for tungvint",
    "for dyrt", "dagens nivå", "høyt nok", "høgt nok", "nok som", "nei til", "fases ut",
    "too much", "too many", "as it is",
)  # fmt: skip
NEGATIONS = ("ikke", "ikkje", "ikkj", "not", "never", "aldri", "don't", "dont")
# exact words only (too short for prefix matching)
_EXACT_ONLY = {"mer", "meir", "more", "ban", "cut", "end", "less", "bort", "hev", "øk", "auk"}
# Inflected forms of the exact-only verbs "øke/auke/heve" (a prefix would also match
# "økonomi", "aukse", "hevd"): without them "Fradraget må økes" had no direction.
_INCREASE_FORMS = (
    "øke", "økes", "øker", "økast", "auke", "aukast", "aukar", "auka", "heve", "heves",
    "hever", "hevet", "hevast", "heva",
)  # fmt: skip
INCREASE = INCREASE + _INCREASE_FORMS
_EXACT_ONLY |= set(_INCREASE_FORMS)

_WORD = re.compile(r"[\w'’]+", re.UNICODE)


def _cue_tests(*lists: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The cues of ``lists`` as (exact words, prefixes), for one set lookup and one
    ``str.startswith`` call per word instead of a loop over every cue."""
    cues = [p for prefixes in lists for p in prefixes]
    return (frozenset(p for p in cues if p in _EXACT_ONLY),
            tuple(p for p in cues if p not in _EXACT_ONLY))


# The lexicon's sign depends only on the first list a word matches (increase first), so
# decrease and keep share one test.
_INCREASE_EXACT, _INCREASE_PREFIXES = _cue_tests(INCREASE)
_DECREASE_EXACT, _DECREASE_PREFIXES = _cue_tests(DECREASE, KEEP)
_NEGATIONS = frozenset(NEGATIONS)


def _cue(word: str) -> int:
    if word in _INCREASE_EXACT or word.startswith(_INCREASE_PREFIXES):
        return 1
    if word in _DECREASE_EXACT or word.startswith(_DECREASE_PREFIXES):
        return -1
    return 0


def polarity(text: str) -> int:
    """-1 (remove / reduce / keep), +1 (introduce / increase) or 0 (none or mixed)."""
    lowered = " ".join(str(text).casefold().split())
    words = _WORD.findall(lowered)
    total = 0
    i = 0
    while i < len(words):
        w = words[i]
        if w in _NEGATIONS:
            flipped = False
            for j in range(i + 1, min(i + 4, len(words))):
                c = _cue(words[j])
                if c:
                    total -= c
                    flipped = True
                    i = j
                    break
            if not flipped:
                total -= 1
        else:
            total += _cue(w)
        i += 1
    for phrase in PHRASES_DECREASE:
        total -= lowered.count(phrase)
    return (total > 0) - (total < 0)


def polarities(texts) -> np.ndarray:
    """:func:`polarity` of every text, as an int array."""
    # Copies of one text (campaigns, repeated answers) are read once.
    seen: dict[str, int] = {}
    signs = []
    for t in texts:
        key = str(t)  # polarity reads str(t), so equal strings have equal signs
        if key not in seen:
            seen[key] = polarity(key)
        signs.append(seen[key])
    return np.array(signs, dtype=int)


def split_by_polarity(
    topics: np.ndarray, signs: np.ndarray, min_majority: float = 0.6, min_size: int = 2
) -> np.ndarray:
    """Cannot-link on direction: drop a topic's members whose polarity opposes its majority.

    For each topic, among members with a non-zero polarity, if one direction holds at least
    ``min_majority`` of them, members of the opposite direction leave the topic; they form a
    topic of their own when there are at least ``min_size`` of them, otherwise they become
    outliers (-1). Neutral members stay; a remainder smaller than ``min_size`` becomes -1.
    Topics where both directions are common (below ``min_majority``) are left alone: there
    the cues more likely describe different objects ("slutt med deltid" / "innfør heltid")
    than opposite proposals.
    """
    topics = np.asarray(topics, dtype=int).copy()
    signs = np.asarray(signs, dtype=int)
    next_id = int(topics.max(initial=-1)) + 1
    for topic in sorted(set(topics.tolist()) - {-1}):
        members = np.flatnonzero(topics == topic)
        pos, neg = int((signs[members] > 0).sum()), int((signs[members] < 0).sum())
        if not pos or not neg:
            continue
        major = 1 if pos >= neg else -1
        if max(pos, neg) / (pos + neg) < min_majority:
            continue
        out = members[signs[members] == -major]
        if len(out) >= min_size:
            topics[out] = next_id
            next_id += 1
        else:
            topics[out] = -1
        if len(members) - len(out) < min_size:  # what is left is too small to be a topic
            topics[np.setdiff1d(members, out)] = -1
    return topics
