"""The :class:`Redactor`: finds personal data with Presidio and the recognizers of this
package, and replaces it with typed placeholders; its keep-list comes from
:func:`pipeline.taxonomy.keep_names`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerResult,
)
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.redact.engine import FunctionRecognizer, PreloadedSpacyNlpEngine, build_registry
from pipeline.redact.persons import (
    KeepList,
    find_name_mentions,
    find_sender_names,
    load_places,
    name_parts,
    non_person_ents,
    person_span,
)
from pipeline.redact.spans import LANG, PLACEHOLDERS, PiiSpan, resolve_overlaps


class Redactor:
    """Finds and replaces personal data; one instance per stage run.

    Parameters
    ----------
    nlp:
        The loaded spaCy pipeline (model or blank); used only to wrap Docs for Presidio.
    keep_names:
        Public contacts and ``params.prepare.allow_list``: never redacted as names.
    places:
        Place names (gazetteer); never redacted as names.
    """

    def __init__(
        self, nlp: Language, keep_names: Iterable[str] = (), places: Iterable[str] | None = None
    ) -> None:
        self.engine = PreloadedSpacyNlpEngine(nlp)
        self.analyzer = AnalyzerEngine(
            registry=build_registry(), nlp_engine=self.engine, supported_languages=[LANG]
        )
        self.anonymizer = AnonymizerEngine()
        self.keep = KeepList(keep_names, load_places() if places is None else places)
        self.keep_names = sorted({n for n in keep_names if n})
        self.operators = {
            entity: OperatorConfig("replace", {"new_value": placeholder})
            for entity, placeholder in PLACEHOLDERS.items()
        }

    def find(
        self,
        text: str,
        doc: Doc | None = None,
        sender_names: Iterable[str] = (),
        sender_emails: Iterable[str] = (),
    ) -> list[PiiSpan]:
        """Personal-data spans in ``text`` (non-overlapping, sorted).

        ``doc`` is the spaCy Doc of exactly ``text`` (reused, not recomputed); without it
        the text is processed by the pipeline once here.
        """
        if not text:
            return []
        if doc is None or doc.text != text:
            doc = self.engine.nlp[LANG](text)
        artifacts = self.engine.artifacts(doc)
        names = [n for n in sender_names if n and isinstance(n, str)]
        ad_hoc: list[EntityRecognizer] | None = (
            [
                FunctionRecognizer(
                    "SenderNameRecognizer",
                    ["PERSON"],
                    lambda t, _n=tuple(names): find_sender_names(t, _n),
                )
            ]
            if names
            else None
        )
        results = self.analyzer.analyze(
            text=text,
            language=LANG,
            nlp_artifacts=artifacts,
            ad_hoc_recognizers=ad_hoc,
            allow_list=self.keep_names or None,
        )
        non_person = non_person_ents(doc)
        spans = []
        for r in results:
            source = (r.recognition_metadata or {}).get("source", "")
            span = PiiSpan(r.start, r.end, r.entity_type, r.score, source)
            if span.entity == "PERSON" and source != "sender":
                kept = person_span(text, span, non_person, self.keep)
                if kept is None:
                    continue
                span = kept
            spans.append(span)
        spans += self._spread(text, spans)
        for email in sender_emails:
            if email and isinstance(email, str) and "@" in email:
                for m in re.finditer(re.escape(email.strip()), text, re.IGNORECASE):
                    spans.append(PiiSpan(m.start(), m.end(), "EMAIL_ADDRESS", 1.0, "sender"))
        return resolve_overlaps(spans)

    def _spread(self, text: str, spans: Sequence[PiiSpan]) -> list[PiiSpan]:
        """Every other mention of the parts of the names found anywhere in ``text``."""
        parts = name_parts(text[s.start : s.end] for s in spans if s.entity == "PERSON")
        # a place name that is also this person's surname ("Kari Vinje … Vinje meiner")
        # is spread too: within one submission the person is the likelier reading
        return find_name_mentions(text, [p for p in parts if not self.keep.keeps_name(p)])

    def redact(self, text: str, spans: Sequence[PiiSpan]) -> str:
        """``text`` with each span replaced by its placeholder (Presidio anonymizer)."""
        if not spans:
            return text
        results = [RecognizerResult(s.entity, s.start, s.end, s.score) for s in spans]
        return self.anonymizer.anonymize(
            # Presidio documents passing the analyzer's results here; its annotation names
            # the anonymizer's own RecognizerResult, a duck-typed twin of the analyzer's.
            text=text, analyzer_results=results, operators=self.operators  # type: ignore[arg-type]
        ).text

    def redact_range(self, text: str, spans: Sequence[PiiSpan], start: int, end: int) -> str:
        """Redacted ``text[start:end]`` given the spans found on the whole ``text``."""
        local = [
            PiiSpan(max(s.start, start) - start, min(s.end, end) - start, s.entity, s.score)
            for s in spans
            if s.start < end and start < s.end
        ]
        return self.redact(text[start:end], local)


