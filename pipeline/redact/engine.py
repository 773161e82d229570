"""Presidio glue: the spaCy ``Doc`` the stage already has as Presidio ``NlpArtifacts``,
and the registry of the Norwegian recognizers (:mod:`.contacts`, :mod:`.persons`)."""

from __future__ import annotations

from presidio_analyzer import (
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.redact.contacts import (
    find_accounts,
    find_addresses,
    find_emails,
    find_fnr,
    find_phones,
)
from pipeline.redact.persons import (
    find_capitalised_names,
    find_header_names,
    find_listed_names,
    find_ner_names,
    find_signature_names,
)
from pipeline.redact.spans import LANG


# --------------------------------------------------------------------------- Presidio glue
class PreloadedSpacyNlpEngine(SpacyNlpEngine):
    """Presidio NLP engine over an already loaded spaCy pipeline (no second model load)."""

    # Presidio's base class initialises ``self.nlp = None`` without an annotation, so mypy
    # infers the type ``None``; here it is always the loaded pipeline by language.
    nlp: dict[str, Language]  # type: ignore[assignment]

    def __init__(self, nlp: Language) -> None:
        super().__init__(
            models=[{"lang_code": LANG, "model_name": nlp.meta.get("name", "blank")}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping={"PER": "PERSON"},
                labels_to_ignore=["ORG", "LOC", "GPE_LOC", "GPE_ORG", "PROD", "EVT", "DRV", "MISC"],
            ),
        )
        self.nlp = {LANG: nlp}

    def load(self) -> None:  # already loaded
        return None

    def artifacts(self, doc: Doc) -> NlpArtifacts:
        """Presidio artifacts for a Doc the stage has already computed."""
        return self._doc_to_nlp_artifact(doc, LANG)


class FunctionRecognizer(EntityRecognizer):
    """A Presidio recognizer around one of the ``find_*`` functions above."""

    # Set by EntityRecognizer.__init__ from a branch mypy cannot infer through.
    name: str

    def __init__(self, name: str, entities: list[str], func, needs_doc: bool = False) -> None:
        self._func = func
        self._needs_doc = needs_doc
        super().__init__(supported_entities=entities, name=name, supported_language=LANG)

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None):
        doc = nlp_artifacts.tokens if (self._needs_doc and nlp_artifacts is not None) else None
        spans = self._func(doc, text) if self._needs_doc else self._func(text)
        return [
            RecognizerResult(
                s.entity,
                s.start,
                s.end,
                s.score,
                recognition_metadata={
                    "source": s.source,
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                },
            )
            for s in spans
            if s.entity in entities
        ]


def build_registry() -> RecognizerRegistry:
    """The Norwegian recognizer registry (no Presidio defaults: they are English-centric
    and the e-mail one needs the network)."""
    registry = RecognizerRegistry(supported_languages=[LANG])
    registry.add_recognizer(
        FunctionRecognizer("NoEmailRecognizer", ["EMAIL_ADDRESS"], find_emails)
    )
    registry.add_recognizer(FunctionRecognizer("NoPhoneRecognizer", ["PHONE_NUMBER"], find_phones))
    registry.add_recognizer(
        FunctionRecognizer("NoFnrRecognizer", ["NO_FNR", "NO_ACCOUNT"], find_fnr)
    )
    registry.add_recognizer(
        FunctionRecognizer("NoAccountRecognizer", ["NO_ACCOUNT"], find_accounts)
    )
    registry.add_recognizer(
        FunctionRecognizer("NoAddressRecognizer", ["NO_ADDRESS"], find_addresses)
    )
    registry.add_recognizer(
        FunctionRecognizer("NoSignatureNameRecognizer", ["PERSON"], find_signature_names)
    )
    registry.add_recognizer(
        FunctionRecognizer("NoHeaderNameRecognizer", ["PERSON"], find_header_names)
    )
    registry.add_recognizer(
        FunctionRecognizer("NoNameListRecognizer", ["PERSON"], find_listed_names)
    )
    registry.add_recognizer(
        FunctionRecognizer("NoNerNameRecognizer", ["PERSON"], find_ner_names, needs_doc=True)
    )
    registry.add_recognizer(
        FunctionRecognizer("NoCapitalisedNameRecognizer", ["PERSON"], find_capitalised_names)
    )
    return registry
