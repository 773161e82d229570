"""The one place the spaCy pipeline is built.

:func:`load_backend` loads ``params.prepare.model`` (``nb_core_news_sm``: tok2vec,
morphologizer, trainable lemmatizer, NorNE NER, senter). When the model is not
installed it falls back to ``spacy.blank("nb")`` + ``sentencizer`` + a simplemma
lemmatizer component (registered below as ``simplemma_lemmatizer``), warns in
Norwegian how to install the model, and says which backend ran
(:attr:`Backend.name`, recorded in the stage metrics).

Downstream code never assumes a component: it asks :attr:`Backend.has_ner` and
friends (``nlp.has_pipe``) and degrades gracefully.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import simplemma
import spacy
from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger(__name__)

BLANK_BACKEND = "blank-nb+simplemma"
SIMPLEMMA_LANGS: tuple[str, ...] = ("nb", "nn", "en")


class SimplemmaLemmatizer:
    """A spaCy component that sets ``token.lemma_`` with simplemma (nb, then nn, then en)."""

    def __init__(self, langs: Iterable[str] = SIMPLEMMA_LANGS) -> None:
        self.langs = tuple(langs)

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.is_space or token.is_punct:
                token.lemma_ = token.text
                continue
            token.lemma_ = _simplemma_lemma(token.text, self.langs)
        return doc


@lru_cache(maxsize=200_000)
def _simplemma_lemma(word: str, langs: tuple[str, ...]) -> str:
    return simplemma.lemmatize(word, lang=langs)


@Language.factory("simplemma_lemmatizer", default_config={"langs": list(SIMPLEMMA_LANGS)})
def make_simplemma_lemmatizer(nlp: Language, name: str, langs: list[str]) -> SimplemmaLemmatizer:
    """spaCy factory: ``nlp.add_pipe("simplemma_lemmatizer")``."""
    return SimplemmaLemmatizer(langs)


@dataclass(frozen=True)
class Backend:
    """A loaded spaCy pipeline plus what it can do."""

    nlp: Language
    name: str  # "nb_core_news_sm 3.8.0" or "blank-nb+simplemma"

    @property
    def is_blank(self) -> bool:
        return self.name == BLANK_BACKEND

    @property
    def has_ner(self) -> bool:
        return self.nlp.has_pipe("ner")

    def pipe(self, texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
        """Run the pipeline over ``texts`` in batches (never one ``nlp()`` call per row)."""
        return self.nlp.pipe(texts, batch_size=batch_size, n_process=n_process)


def blank_pipeline() -> Language:
    """``spacy.blank("nb")`` with a rule-based sentencizer and the simplemma lemmatizer."""
    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("simplemma_lemmatizer")
    return nlp


def _load_without_plugins(model: str):
    """``spacy.load(model)`` without importing other packages' spaCy plugins first.

    spaCy imports every ``spacy_factories`` entry point when it builds a pipeline. Presidio
    registers one (a Hugging Face token pipe), whose import pulls in ``transformers``: about
    3 s of every stage that loads the model, for a component no pipeline here uses. A model
    that does need a plugin's component (a transformer model with ``spacy-transformers``)
    fails to build without it and is then loaded the normal way.
    """
    factories = getattr(spacy.util.registry, "_entry_point_factories", None)
    if factories is None or not getattr(factories, "entry_points", False):
        return spacy.load(model)
    factories.entry_points = False
    try:
        return spacy.load(model)
    except ValueError:  # "Can't find factory …": a component from a plugin
        factories.entry_points = True
        return spacy.load(model)
    finally:
        factories.entry_points = True


@lru_cache(maxsize=4)
def load_backend(model: str = "nb_core_news_sm") -> Backend:
    """Load ``model``, or fall back to the blank pipeline with a Norwegian warning.

    Cached per model name, so the stage, the evaluation and the tests share one
    loaded pipeline per process.
    """
    if model == BLANK_BACKEND or model == "blank":
        return Backend(blank_pipeline(), BLANK_BACKEND)
    try:
        nlp = _load_without_plugins(model)
    except OSError:
        log.warning(
            "Fant ikke spaCy-modellen %r. Bruker reserveløsningen %s (setningsdeler og "
            "simplemma-lemmaer, ingen navnegjenkjenning: anonymiseringen bygger da bare på "
            "mønstre, signaturer og avsendernavn). Installer modellen med "
            "`pip install ../shared/wheels/nb_core_news_sm-*.whl` eller "
            "`python -m spacy download %s`.",
            model,
            BLANK_BACKEND,
            model,
        )
        return Backend(blank_pipeline(), BLANK_BACKEND)
    if not (nlp.has_pipe("senter") or nlp.has_pipe("parser") or nlp.has_pipe("sentencizer")):
        nlp.add_pipe("sentencizer")
    if not (nlp.has_pipe("trainable_lemmatizer") or nlp.has_pipe("lemmatizer")):
        nlp.add_pipe("simplemma_lemmatizer")
    name = f"{nlp.meta.get('name', model)} {nlp.meta.get('version', '?')}"
    if not name.startswith(model) and "/" not in model:
        name = f"{model} {nlp.meta.get('version', '?')}"
    return Backend(nlp, name)
