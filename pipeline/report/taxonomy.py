"""The taxonomy as the report needs it (themes, booklet questions, closed questions).

Uses :func:`pipeline.themes.taxonomy.load_taxonomy` when that module exists (the
tagger's loader is the one source of truth) and falls back to reading
``pipeline/taxonomy/<name>.yaml`` directly otherwise. Either way the result is adapted
to the small frozen dataclasses below, so the report does not depend on the loader's
internal types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TAXONOMY_DIR = Path(__file__).resolve().parent.parent / "taxonomy"
ANSWER_KEYS: tuple[str, ...] = ("ja", "nei", "under_arbeid")


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    short: str


@dataclass(frozen=True)
class Theme:
    id: str
    number: int
    title: str
    short_title: str
    description: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class ClosedQuestion:
    id: str
    theme: str
    text: str
    answers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Taxonomy:
    id: str
    title: str
    organiser: str
    themes: tuple[Theme, ...]
    closed_questions: tuple[ClosedQuestion, ...]

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _pattern(p: Any) -> str:
    return str(getattr(p, "pattern", p))


def adapt(raw: Any) -> Taxonomy:
    """Turn a loaded taxonomy (dict from YAML or the tagger's object) into :class:`Taxonomy`."""
    themes = []
    for i, t in enumerate(_get(raw, "themes", []) or [], start=1):
        questions = tuple(
            Question(
                id=str(_get(q, "id", "")),
                text=str(_get(q, "text", "")),
                short=str(_get(q, "short", "") or _get(q, "text", "")),
            )
            for q in (_get(t, "questions", []) or [])
        )
        themes.append(
            Theme(
                id=str(_get(t, "id")),
                number=int(_get(t, "number", i) or i),
                title=str(_get(t, "title", "")),
                short_title=str(_get(t, "short_title", "") or _get(t, "title", "")),
                description=" ".join(str(_get(t, "description", "") or "").split()),
                questions=questions,
            )
        )
    closed = []
    for c in _get(raw, "closed_questions", []) or []:
        answers = _get(c, "answers", {}) or {}
        closed.append(
            ClosedQuestion(
                id=str(_get(c, "id", "")),
                theme=str(_get(c, "theme", "")),
                text=str(_get(c, "text", "")),
                answers={
                    k: tuple(_pattern(p) for p in (_get(answers, k, []) or []))
                    for k in ANSWER_KEYS
                },
            )
        )
    return Taxonomy(
        id=str(_get(raw, "id", "")),
        title=str(_get(raw, "title", "")),
        organiser=str(_get(raw, "organiser", "")),
        themes=tuple(sorted(themes, key=lambda t: t.number)),
        closed_questions=tuple(closed),
    )


def load_report_taxonomy(name: str) -> Taxonomy:
    """Load taxonomy ``name`` through the tagger's loader when present, else from YAML."""
    try:
        from pipeline.themes.taxonomy import load_taxonomy  # type: ignore[import-not-found]
    except ImportError:
        path = TAXONOMY_DIR / f"{name}.yaml"
        return adapt(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return adapt(load_taxonomy(name))


def taxonomy_file(name: str) -> Path:
    return TAXONOMY_DIR / f"{name}.yaml"
