"""Found spans of personal data, their placeholders and overlap resolution.

The finders of :mod:`.contacts` and :mod:`.persons` return :class:`PiiSpan` lists;
:func:`resolve_overlaps` makes them one non-overlapping list for the anonymizer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace


def word_list(text: str) -> list[str]:
    """Whitespace-separated words of a word-list literal."""
    return text.split()


LANG = "nb"

PLACEHOLDERS: dict[str, str] = {
    "PERSON": "[NAVN]",
    "EMAIL_ADDRESS": "[E-POST]",
    "PHONE_NUMBER": "[TELEFON]",
    "NO_FNR": "[FØDSELSNUMMER]",
    "NO_ACCOUNT": "[KONTONUMMER]",
    "NO_ADDRESS": "[ADRESSE]",
}
"""Presidio entity type → placeholder in ``text_redacted``."""

PLACEHOLDER_LABELS: dict[str, str] = {v.strip("[]"): k for k, v in PLACEHOLDERS.items()}
"""Gold-label name (``NAVN``, ``E-POST``, ...) → entity type."""

# letter classes shared by the finders (names, street names)
UPPER = "A-ZÆØÅÄÖÜÉÁÓÍÚÑČŠŽŁŚŻĆŃĐŊŦ"
LOWER = "a-zæøåäöüéèáóíúñçšžčłśżćńđŋŧı"
NAME_WORD = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
CAPS_WORD = rf"[{UPPER}]{{2,}}(?:-[{UPPER}]{{2,}})?"
PARTICLES = r"(?:von|van|der|den|de|dos|da|das|di|du|la|le|bin|al|el|af|av)"

@dataclass(frozen=True)
class PiiSpan:
    """A found span of personal data: ``text[start:end]`` becomes ``PLACEHOLDERS[entity]``."""

    start: int
    end: int
    entity: str
    score: float
    source: str = ""

    def covering(self, other: PiiSpan) -> PiiSpan:
        """This span grown to cover ``other`` too (keeping this one's entity and score)."""
        return replace(self, start=min(self.start, other.start), end=max(self.end, other.end))

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.entity]


def spans_of(
    regex: re.Pattern, text: str, entity: str, score: float, source: str
) -> list[PiiSpan]:
    return [PiiSpan(m.start(), m.end(), entity, score, source) for m in regex.finditer(text)]


def resolve_overlaps(spans: Sequence[PiiSpan]) -> list[PiiSpan]:
    """Non-overlapping spans: highest score (then longest) wins and absorbs overlaps."""
    ordered = sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start))
    kept: list[PiiSpan] = []
    for span in ordered:
        overlapping = [k for k in kept if k.start < span.end and span.start < k.end]
        if not overlapping:
            kept.append(span)
            continue
        # grow the winner (the first overlapping kept span) to cover this one
        winner = overlapping[0]
        grown = winner.covering(span)
        kept = [k for k in kept if k is not winner]
        # absorbing may now overlap other kept spans: merge them too
        for other in [k for k in kept if k.start < grown.end and grown.start < k.end]:
            grown = grown.covering(other)
            kept.remove(other)
        kept.append(grown)
    return sorted(kept, key=lambda s: s.start)
