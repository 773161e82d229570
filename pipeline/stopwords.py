"""Stop words for bokmål and nynorsk (and the odd English submission).

One function, :func:`stop_words`, gives the list every consumer uses: the theme tagger
and BERTopic's ``CountVectorizer(stop_words=stop_words())``. It is spaCy's ``nb`` list
(bokmål) plus a hand-written nynorsk list and a short English list, all lower case.
"""

from __future__ import annotations

from functools import lru_cache


def _w(text: str) -> list[str]:
    """Whitespace-separated words of a word-list literal."""
    return text.split()


# Function words and very frequent verbs of nynorsk that spaCy's bokmål list lacks.
NYNORSK_STOP_WORDS: frozenset[str] = frozenset(
    _w(
        """
    eg meg min mi mitt mine me oss vår vårt våre du deg din di ditt dine de dykk dykkar
    han ho henne hans hennar honom den det dei dess deira seg sin si sitt sine
    ein eit ei ikkje ikkje-noko berre mykje meir mest lite litt noko nokon nokre ingen inga
    kva kven kvar kvifor korleis kor kvifor kva for når då så som at om og eller men
    fordi sidan medan dersom viss enn enno òg og også heller
    vere er var vore vera vert vart vorte verte blir bli blei blitt
    ha har hadde hatt gjere gjer gjorde gjort seie seier sa sagt få får fekk fått
    kan kunne kunna skal skulle skula vil ville vilja må måtte bør burde
    frå til med utan mot mellom over under etter før ved hjå hos på i av for gjennom
    inn ut opp ned fram bort heim her der dit hit no nett
    alle alt all heile heilt kvar kvart kvarandre sjølv sjølve same slik slike sånn
    andre anna annan fleire fleste mange nokså svært veldig
    denne dette desse hin hitt
    """
    )
)

ENGLISH_STOP_WORDS: frozenset[str] = frozenset(
    _w(
        """
    a an the and or but if then than that this these those is are was were be been being
    have has had do does did of to in on at by for with from as it its we our us you your
    they their them he she his her i me my not no so such can could should would will shall
    must may might also very more most all any some there here what which who whom how why
    when where into about over under
    """
    )
)


@lru_cache(maxsize=1)
def _all_stop_words() -> tuple[str, ...]:
    from spacy.lang.nb.stop_words import STOP_WORDS as NB_STOP_WORDS

    words = {w.lower() for w in NB_STOP_WORDS} | NYNORSK_STOP_WORDS | ENGLISH_STOP_WORDS
    return tuple(sorted(words))


def stop_words() -> list[str]:
    """All stop words (bokmål ∪ nynorsk ∪ English), lower case, sorted.

    Returns a fresh list so callers may modify it (``CountVectorizer`` wants a list).
    """
    return list(_all_stop_words())
