"""Lexicon evidence: taxonomy seed terms matched against a segment's lemmas and surface text.

Terms in the taxonomy are lemma forms (``fast stilling``, ``seriøsitetskrav``), bokmål,
nynorsk and English. Lemmatizers for Norwegian are imperfect (nb_core_news_sm truncates
some lemmas, nynorsk is lemmatized with a bokmål model) and Norwegian writes compounds
as one word, so every term is matched on two views of a segment — the joined lemma
string and the lower-cased surface text — with compound-aware rules:

- short terms (< 5 characters, e.g. ``ki``, ``app``, ``nav``) only match whole words;
- terms of 5+ characters match as a word *prefix* (inflection and compound modifier:
  ``seriøsitetskrav`` → ``seriøsitetskravene``, ``fagforening`` → ``fagforeningsmedlem``);
- terms of 7+ characters also match *inside* a word (compound head:
  ``fagarbeider`` → ``byggfagarbeiderne``);
- multiword terms match as a word sequence where each word may carry an ending
  (``fast stilling`` → ``faste stillinger``).

Each matched term contributes a weight (specific terms more than generic ones); a theme's
lexicon score is ``1 - exp(-sum(weights))`` ∈ [0, 1). Terms come in two tiers: *weak*
terms (the taxonomy's global ``weak_terms`` and a theme's own ``weak_terms``: ``kommune``,
``samarbeid``, ``kontingent`` ...) are generic words that only count fully when a strong
term of the same theme occurs in the segment (context); alone they count with
``weak_factor``. A theme's ``negative_terms`` (e.g. ``havvind`` for new technology) and the
taxonomy's global ``negative_terms`` (nominations, party membership, history) dampen its
score.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.taxonomy import Taxonomy

_WORD = r"[^\W_]"  # a letter or digit (Unicode)


def surface_form(text: str) -> str:
    """Lower-case ``text`` and collapse whitespace (the surface view matched by terms)."""
    return re.sub(r"\s+", " ", text.lower()).strip()


def term_pattern(term: str) -> re.Pattern[str]:
    """Compile the compound-aware pattern for one lemma-form ``term`` (see module doc)."""
    words = surface_form(term).split(" ")
    if len(words) > 1:
        body = r"\s+".join(re.escape(w) + rf"{_WORD}*" for w in words[:-1])
        last = re.escape(words[-1]) + (rf"{_WORD}*" if len(words[-1]) >= 3 else r"\b")
        return re.compile(rf"(?<!{_WORD}){body}\s+{last}")
    word = words[0]
    if len(word) < 5:
        return re.compile(rf"(?<!{_WORD}){re.escape(word)}(?!{_WORD})")
    if len(word) < 7:
        return re.compile(rf"(?<!{_WORD}){re.escape(word)}")
    return re.compile(re.escape(word))


def term_weight(term: str, n_themes_with_term: int) -> float:
    """Evidence weight of one matched term.

    Multiword and long terms are specific (1.0); single words of medium length 0.6,
    short words 0.4. A term listed under several themes is halved per extra theme.
    """
    words = term.split()
    if len(words) > 1 or len(term) >= 10:
        weight = 1.0
    elif len(term) >= 6:
        weight = 0.6
    else:
        weight = 0.4
    return weight / max(1, n_themes_with_term)


@dataclass
class LexiconMatch:
    """Lexicon evidence for a batch of texts.

    Attributes
    ----------
    scores:
        ``(n, n_themes)`` lexicon scores in [0, 1).
    terms:
        Per text, per theme id, the matched terms (most specific first).
    question_hits:
        Per text, per question id, the summed weight of matched question terms.
    negative:
        ``(n, n_themes)`` booleans: a negative term of the theme (or a global one) occurs.
    strong:
        ``(n, n_themes)`` booleans: at least one strong (non-weak) term of the theme matched.
    angle:
        ``(n, n_themes)`` booleans: the segment shows the theme's working-life angle (one
        of its ``angle_terms`` occurs; always true for a theme without angle terms).
    """

    scores: np.ndarray
    terms: list[dict[str, list[str]]]
    question_hits: list[dict[str, float]]
    negative: np.ndarray
    strong: np.ndarray
    angle: np.ndarray


class LexiconMatcher:
    """Match a taxonomy's seed terms against segments.

    Parameters
    ----------
    taxonomy:
        The taxonomy whose theme and question terms are matched.
    negative_damping:
        Factor applied to a theme's lexicon score when one of its negative terms occurs.
    weak_factor:
        Factor on a weak term's weight when no strong term of the same theme occurs
        (1 = no tiers, 0 = weak terms never count alone).
    """

    def __init__(self, taxonomy: Taxonomy, negative_damping: float = 0.2,
                 weak_factor: float = 0.3):
        self.taxonomy = taxonomy
        self.negative_damping = negative_damping
        self.weak_factor = weak_factor
        self.theme_ids = taxonomy.theme_ids
        owners: dict[str, set[str]] = {}
        theme_terms: dict[str, set[str]] = {}
        for theme in taxonomy.themes:
            terms = set(theme.terms.all())
            for question in theme.questions:
                terms.update(question.terms.all())
            theme_terms[theme.id] = terms
            for term in terms:
                owners.setdefault(term, set()).add(theme.id)
        self._patterns = {term: term_pattern(term) for term in owners}
        self._weights = {term: term_weight(term, len(ids)) for term, ids in owners.items()}
        self._theme_terms = {
            tid: sorted(terms, key=lambda t: (-self._weights[t], t))
            for tid, terms in theme_terms.items()
        }
        self._question_terms = {
            q.id: set(q.terms.all()) for _, q in taxonomy.questions()
        }
        global_negative = list(taxonomy.negative_terms)
        self._negative = {
            t.id: [term_pattern(n) for n in [*t.negative_terms, *global_negative]]
            for t in taxonomy.themes
        }
        self._angle = {
            t.id: [term_pattern(a) for a in t.angle_terms.all()] for t in taxonomy.themes
        }
        global_weak = {w.strip().lower() for w in taxonomy.weak_terms}
        self._weak = {
            t.id: global_weak | {w.strip().lower() for w in t.weak_terms}
            for t in taxonomy.themes
        }

    def weight(self, term: str) -> float:
        """The evidence weight of ``term`` (0 for a term not in the taxonomy)."""
        return self._weights.get(term, 0.0)

    def match(self, texts: Sequence[str], lemmas: Sequence[Sequence[str]] | None = None
              ) -> LexiconMatch:
        """Match every term against each text's surface form and lemma sequence.

        Parameters
        ----------
        texts:
            Segment texts (any case).
        lemmas:
            Lemma lists aligned with ``texts``; ``None`` matches the surface text only.
        """
        n, k = len(texts), len(self.theme_ids)
        scores = np.zeros((n, k), dtype=float)
        negative = np.zeros((n, k), dtype=bool)
        strong = np.zeros((n, k), dtype=bool)
        angle = np.ones((n, k), dtype=bool)
        all_terms: list[dict[str, list[str]]] = []
        question_hits: list[dict[str, float]] = []
        for i, text in enumerate(texts):
            views = [surface_form(text)]
            if lemmas is not None and len(lemmas[i]):
                views.append(surface_form(" ".join(str(x) for x in lemmas[i])))
            found = {
                term for term, pattern in self._patterns.items()
                if any(pattern.search(v) for v in views)
            }
            per_theme: dict[str, list[str]] = {}
            for j, tid in enumerate(self.theme_ids):
                hits = [t for t in self._theme_terms[tid] if t in found]
                # A term inside a longer matched term adds no evidence of its own
                # ("fast" inside "fast stilling", "seriøs" inside "useriøs").
                hits = [t for t in hits if not any(t != o and t in o for o in hits)]
                weak = self._weak[tid]
                has_strong = any(t not in weak for t in hits)
                # strong terms first in the explanation
                hits = sorted(hits, key=lambda t: t in weak)
                per_theme[tid] = hits
                strong[i, j] = has_strong
                if self._angle[tid]:
                    angle[i, j] = any(p.search(v) for p in self._angle[tid] for v in views)
                factor = 1.0 if has_strong else self.weak_factor
                total = sum(self._weights[t] * (1.0 if t not in weak else factor) for t in hits)
                score = 1.0 - math.exp(-total)
                if any(p.search(v) for p in self._negative[tid] for v in views):
                    negative[i, j] = True
                    score *= self.negative_damping
                scores[i, j] = score
            all_terms.append(per_theme)
            question_hits.append({
                qid: sum(self._weights[t] for t in found & qterms)
                for qid, qterms in self._question_terms.items()
            })
        return LexiconMatch(scores=scores, terms=all_terms, question_hits=question_hits,
                            negative=negative, strong=strong, angle=angle)
