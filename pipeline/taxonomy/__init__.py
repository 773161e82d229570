"""The consultation's taxonomy as data: themes, questions, seed terms, closed questions.

A taxonomy is a YAML file in ``pipeline/taxonomy/`` (selected by ``taxonomy`` in
``params.yaml``) or any path to such a file. A new consultation with another booklet
only needs a new file; nothing in the code names a theme.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

if TYPE_CHECKING:
    from pipeline.config import Params

TAXONOMY_DIR = Path(__file__).resolve().parent


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Terms(_Model):
    """Seed terms per written standard/language (lemma forms, lower case)."""

    nb: list[str] = []
    nn: list[str] = []
    en: list[str] = []

    def all(self) -> list[str]:
        """Every term once, in a stable order."""
        terms = self.nb + self.nn + self.en
        return list(dict.fromkeys(t.strip().lower() for t in terms if t.strip()))


class Question(_Model):
    id: str
    text: str
    short: str = ""
    terms: Terms = Terms()
    yes_no: bool = False
    """A question one can answer yes or no to: each answer to it gets a stance (``ja`` /
    ``nei`` / ``delvis`` / ``uklart``, :mod:`pipeline.answer.stance`)."""

    @model_validator(mode="after")
    def _short_defaults_to_text(self) -> Question:
        if not self.short:
            object.__setattr__(self, "short", self.text)
        return self


class Theme(_Model):
    id: str
    number: int
    title: str
    short_title: str = ""
    description: str = ""
    terms: Terms = Terms()
    negative_terms: list[str] = []
    weak_terms: list[str] = []
    """Terms of this theme (or its questions) that are too generic to stand alone.

    A weak term counts fully only when a strong (non-weak) term of the same theme occurs
    in the segment; alone it counts with ``LexiconMatcher.weak_factor``.
    """
    anchors: list[str] = []
    """Short paraphrases of the theme (any language) used as extra zero-shot query texts."""
    angle: str = ""
    """The theme's working-life angle in one or two sentences (what makes a text belong to
    it, and what does not); shown to analysts and used as a zero-shot query text."""
    angle_terms: Terms = Terms()
    """Words that show the working-life angle (workers, jobs, positions ...). When given,
    a segment without any of them has its theme score damped (``tag.angle_damping``):
    a technology or public-service word alone is not enough."""
    outside_angle: list[str] = []
    """Texts about the theme's words *without* its angle (energy technology, patients'
    services, unions abroad): zero-shot off-topic anchors for this theme only."""
    questions: list[Question] = []

    @model_validator(mode="after")
    def _tidy(self) -> Theme:
        # Reports show short titles and descriptions on one line; YAML folding may leave breaks.
        if not self.short_title:
            object.__setattr__(self, "short_title", self.title)
        object.__setattr__(self, "description", " ".join(self.description.split()))
        object.__setattr__(self, "angle", " ".join(self.angle.split()))
        return self


class ClosedQuestion(_Model):
    """A yes/no question of the booklet answered per municipality (e.g. seriøsitetskrav)."""

    id: str
    theme: str
    text: str
    question: str = ""
    """The booklet question (a ``Question.id``) that asks it: the report takes one answer
    per municipality from the answer stage's stances on that question."""
    trigger: list[str] = []
    """Words (Python regexes, case-insensitive) of sentences about the subject: the
    fallback without the answer stage reads the sentences that contain one."""
    answers: dict[str, list[str]] = Field(default_factory=dict)
    """The fallback's regexes per answer (``ja``, ``nei``, ``under_arbeid``)."""

    def mentions(self, text: str) -> bool:
        """True when ``text`` contains one of the :attr:`trigger` words."""
        return any(re.search(p, text, re.IGNORECASE) for p in self.trigger)


class Taxonomy(_Model):
    id: str
    title: str
    organiser: str = ""
    public_contacts: list[str] = []
    themes: list[Theme]
    closed_questions: list[ClosedQuestion] = []
    off_topic: list[str] = []
    """Descriptions of subjects that are *not* in the consultation (roads, energy, ...).

    The zero-shot tagger measures a segment's similarity to a theme relative to these
    anchors; empty means :data:`pipeline.tag.zeroshot.DEFAULT_OFF_TOPIC` is used.
    """
    weak_terms: list[str] = []
    """Generic terms that are weak for *every* theme (``kommune``, ``samarbeid``, ...)."""
    negative_terms: list[str] = []
    """Phrases that mark a segment as off-topic for every theme (party internals,
    nominations, history): they dampen all lexicon scores like a theme's own
    ``negative_terms``."""

    @model_validator(mode="after")
    def _ids_unique_and_known(self) -> Taxonomy:
        theme_ids = [t.id for t in self.themes]
        if len(set(theme_ids)) != len(theme_ids):
            raise ValueError(f"duplicate theme ids: {theme_ids}")
        question_ids = [q.id for t in self.themes for q in t.questions]
        if len(set(question_ids)) != len(question_ids):
            raise ValueError("duplicate question ids")
        for cq in self.closed_questions:
            if cq.theme not in theme_ids:
                raise ValueError(f"closed question {cq.id} names unknown theme {cq.theme}")
            if cq.question and cq.question not in question_ids:
                raise ValueError(f"closed question {cq.id} names unknown question {cq.question}")
        return self

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)

    def questions(self) -> list[tuple[Theme, Question]]:
        """Every question with its parent theme, in booklet order."""
        return [(t, q) for t in self.themes for q in t.questions]

    def question(self, question_id: str) -> Question:
        for _, q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    @property
    def question_ids(self) -> tuple[str, ...]:
        """Every question id, in booklet order."""
        return tuple(q.id for _, q in self.questions())

    @property
    def yes_no_ids(self) -> tuple[str, ...]:
        """The ids of the questions marked ``yes_no``, in booklet order."""
        return tuple(q.id for _, q in self.questions() if q.yes_no)


class TaxonomyError(ValueError):
    """The taxonomy file is missing or invalid; the message says which and why."""


def taxonomy_path(name_or_path: str | Path) -> Path:
    """Resolve a taxonomy name (``arbeidsliv``) or a path to its YAML file."""
    candidate = Path(name_or_path)
    if candidate.suffix in {".yaml", ".yml"}:
        return candidate
    return TAXONOMY_DIR / f"{name_or_path}.yaml"


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> Taxonomy:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Taxonomy.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise TaxonomyError(f"Taksonomien {path} er ugyldig: {exc}") from exc


def load_taxonomy(name_or_path: str | Path = "arbeidsliv") -> Taxonomy:
    """Load and validate a taxonomy.

    Parameters
    ----------
    name_or_path:
        A file name in ``pipeline/taxonomy/`` without ``.yaml`` or a path to a YAML file.
    """
    path = taxonomy_path(name_or_path)
    if not path.exists():
        known = sorted(p.stem for p in TAXONOMY_DIR.glob("*.yaml"))
        raise TaxonomyError(
            f"Fant ikke taksonomien {path}. Kjente taksonomier: {', '.join(known) or 'ingen'}. "
            "Sett taxonomy i params.yaml."
        )
    return _load(path.resolve(), path.stat().st_mtime)


def keep_names(params: Params) -> list[str]:
    """Public contacts of the taxonomy plus ``params.prepare.allow_list``: never redacted.

    Read through the one taxonomy loader, so a broken taxonomy file is a clear error here
    rather than a silently shorter keep-list. It lives here rather than in
    :mod:`pipeline.redact` (which re-exports it) so that a caller needing only the list,
    such as the report's cached metadata redaction, does not import Presidio (6 s).
    """
    names = [*params.prepare.allow_list, *load_taxonomy(params.taxonomy).public_contacts]
    return sorted(set(names))
