"""Is a segment a proposal? A calibrated linear classifier, trained on committed labels.

The regex rules of :mod:`pipeline.prepare.proposals` were written against one development set
and miss forms nobody tuned them to: bare imperatives ("Styrk Arbeidstilsynet!"), nominal
demands ("Mer fagbrev på jobb, mindre innleie."), "Slutt på …!", "X som hovedregel",
nynorsk, English and two-sentence answers whose demand comes second (issue 13). The
classifier keeps the rules as features (and as the explanation column ``proposal_rule``)
and adds

- cues from the spaCy tokens: imperative mood (``Mood=Imp`` when the model outputs
  morphology; ``nb_core_news_sm`` 3.8 outputs none, so a lemma-based imperative test
  stands in), modal verbs, past tense, first person, questions, exclamations, list-item
  and heading flags, nominal-demand patterns;
- character n-grams (within words, robust to typos and nynorsk/bokmål spelling) and word
  n-grams of the text and of its lemmas, hashed (no vocabulary to store).

It is trained at run time on the committed files listed in
``params.prepare.proposal_classifier.training_files`` (a few seconds; memoised per process),
so the result depends only on the repository, never on ``../shared``. The decision is
``probability >= threshold``, the threshold chosen for recall by cross-validation on the
training data (``benchmarks/proposal_threshold.py``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from pipeline.config import ProposalClassifierParams
from pipeline.prepare import proposals as rules
from pipeline.prepare.proposals import LIST_MARKER, proposal_reason

log = logging.getLogger(__name__)

__all__ = [
    "SegmentView",
    "view_from_tokens",
    "segment_features",
    "ProposalClassifier",
    "load_training_records",
    "training_digest",
    "get_classifier",
    "decide",
    "views_of",
    "build_classifier",
]


@dataclass(frozen=True)
class SegmentView:
    """What the classifier sees of one segment (all derived from the spaCy span)."""

    text: str
    lemmas: tuple[str, ...] = ()
    pos: tuple[str, ...] | None = None
    morph: tuple[str, ...] = ()
    is_list_item: bool = False
    is_heading: bool = False
    is_signature: bool = False

    @cached_property
    def rule(self) -> str:
        """The rules' verdict (``""`` = not a proposal), the explanation column (computed
        once: the stage and the features both read it)."""
        return proposal_reason(self.text, list(self.lemmas), pos=list(self.pos) if self.pos
                               else None, is_list_item=self.is_list_item,
                               is_heading=self.is_heading, is_signature=self.is_signature)


def view_from_tokens(text: str, tokens: Sequence, is_list_item: bool = False,
                     is_heading: bool = False, is_signature: bool = False) -> SegmentView:
    """A :class:`SegmentView` from spaCy tokens (punctuation and spaces already dropped)."""
    lemmas = tuple((t.lemma_ or t.text).lower() for t in tokens)
    pos = tuple(t.pos_ for t in tokens) if tokens and tokens[0].pos_ else None
    morph = tuple(str(t.morph) for t in tokens)
    return SegmentView(text, lemmas, pos, morph, is_list_item, is_heading, is_signature)


# ------------------------------------------------------------------ hand-made features
_F = re.IGNORECASE
MODAL = re.compile(r"\b(?:bør|burde|må|skal|should|must|ought\s+to|need\s+to|needs\s+to|"
                   r"have\s+to|has\s+to)\b", _F)
PAST = re.compile(r"\b(?:var|hadde|ble|blei|vart|vedtok|vedtatt|vedteke|fikk|fekk|gikk|gjekk|"
                  r"måtte|skulle|sa|sjekket|sluttet|was|were|had|did|went|got|said|decided|"
                  r"i\s+fjor|ifjor|den\s+gang|da\s+jeg|da\s+eg|last\s+year|when\s+i)\b", _F)
FIRST_SINGULAR = re.compile(r"\b(?:jeg|eg|meg|min|mitt|mine|i|me|my)\b", _F)
FIRST_PLURAL = re.compile(r"\b(?:vi|oss|vår|vårt|våre|we|us|our)\b", _F)
SECOND_PERSON = re.compile(r"\b(?:du|dere|dykk|de|deg|you|your)\b", _F)
# Nominal demands: no finite verb, a direction word or a slogan frame ("Mer X, mindre Y",
# "Slutt på X", "Nei til X", "X som hovedregel", "X for alle", "No more X").
NOMINAL_START = re.compile(
    r"^(?:mer|meir|mindre|flere|fleire|færre|økt|økte|auka|auke|styrket|styrka|bedre|betre|"
    r"sterkere|sterkare|strengere|strengare|høyere|høgare|lavere|lågare|kortere|kortare|"
    r"slutt\s+på|stans\s+i|nei\s+til|ja\s+til|ned\s+med|opp\s+med|bort\s+med|vekk\s+med|"
    r"krav\s+om|forbud\s+mot|forbod\s+mot|rett\s+til|innføring\s+av|full|heile|hele|"
    r"lovfestet|lovfesta|gratis|fast|faste|obligatorisk|more|less|fewer|better|stronger|"
    r"higher|no\s+more|end\s+to|ban\s+on|a\s+ban|the\s+right\s+to|right\s+to|yes\s+to|"
    r"no\s+to|stop\s+to)\b", _F)
NOMINAL_FRAME = re.compile(
    r"\b(?:som\s+hovedregel|som\s+hovudregel|som\s+norm|som\s+standard|for\s+alle|til\s+alle|"
    r"for\s+all|as\s+the\s+rule|as\s+a\s+rule|as\s+standard|by\s+default|først|fyrst|"
    r"nå|no|now|straks|snarest|med\s+en\s+gang|i\s+alle\s+\w+)\s*[.!]*\s*$", _F)
CONTRAST = re.compile(r",\s*(?:ikke|ikkje|ikkje\s+\w+|not|mindre|færre|less|fewer)\b", _F)
QUESTION_START = re.compile(r"^(?:hva|kva|hvordan|korleis|kor|hvorfor|kvifor|hvem|kven|når|"
                            r"hvilke|kva\s+for|er\s+det|kan\s+vi|bør\s+vi|skal\s+vi|how|what|why|"
                            r"who|when|should\s+we|can\s+we|is\s+it)\b", _F)
GREETING = re.compile(r"^(?:hei|hallo|god\s+dag|takk|tusen\s+takk|mvh|med\s+vennlig|"
                      r"vennleg|hilsen|helsing|dear|hello|hi|thanks|thank\s+you|best\s+regards|"
                      r"kind\s+regards|ta\s+(?:gjerne\s+)?kontakt|se\s+vedlegg|sjå\s+vedlegg)\b",
                      _F)
INFINITIVE_START = re.compile(r"^(?:å|aa|to)\s+\w", _F)
NEGATED_IMPERATIVE = re.compile(r"^(?:ikke|ikkje|aldri|don't|do\s+not|never)\s+\w", _F)
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZÆØÅ]")
# Soft forms of a proposal: wishes, hopes and needs ("Det hadde vært fint om …",
# "Jeg skulle ønske …", "Det trengs …") and proposals reported in minutes ("X foreslo at").
HEDGE = re.compile(r"\b(?:hadde\s+vært|hadde\s+vore|skulle\s+ønske|skulle\s+ønskje|håper|"
                   r"håpar|kanskje|kunne\s+vurdere|kunne\s+vurdert|i\s+hope|it\s+would\s+be|"
                   r"wish)\b", _F)
NEED = re.compile(r"\b(?:trengs|trengst|trenger|treng|behov\s+for|need|needs)\b", _F)
PROPOSED = re.compile(r"\b(?:foreslo|føreslo|foreslått|føreslått|proposed|suggested)\b", _F)


def _body(view: SegmentView) -> str:
    text = view.text.strip()
    return LIST_MARKER.sub("", text, count=1).strip() if LIST_MARKER.match(text) else text


def _first_word(body: str) -> str:
    words = body.split()
    return re.sub(r"[^\wæøå-]", "", words[0].lower()) if words else ""


def _imperative_first(view: SegmentView, first: str) -> bool:
    """A bare imperative opens the segment: the model says ``Mood=Imp``, or the first word
    is in the rules' imperative list, or it is a verb whose form is its lemma minus the
    infinitive -e/-a ("stopp"/"stoppe", "gje"/"gje", "styrk"/"styrke")."""
    if view.morph and "Mood=Imp" in view.morph[0]:
        return True
    if first in rules.IMPERATIVE_LEXICON:
        return True
    lemma = view.lemmas[0] if view.lemmas else ""
    if view.pos and view.pos[0] in ("VERB", "AUX") and len(first) > 1:
        return first == lemma or first == lemma[:-1] and lemma[-1:] in ("e", "a")
    return False


def segment_features(view: SegmentView) -> dict[str, float]:
    """Hand-made cues of one segment (names are feature ids for :class:`DictVectorizer`)."""
    body = _body(view)
    lowered = body.lower()
    first = _first_word(body)
    pos = view.pos or ()
    n_words = len(body.split())
    rule = view.rule
    f: dict[str, float] = {
        f"rule={rule or 'none'}": 1.0,
        "question_mark": float(bool(rules.QUESTION.search(body))),
        "question_mark_inside": float("?" in body.rstrip(" ?»\"')")),
        "question_start": float(bool(QUESTION_START.match(lowered))),
        "exclamation": float("!" in body),
        "modal": float(bool(MODAL.search(body))),
        "past": float(bool(PAST.search(body))),
        "mood_imp": float(any("Mood=Imp" in m for m in view.morph)),
        "imperative_first": float(_imperative_first(view, first)),
        "negated_imperative": float(bool(NEGATED_IMPERATIVE.match(lowered))),
        "infinitive_start": float(bool(INFINITIVE_START.match(lowered))),
        "first_singular": float(bool(FIRST_SINGULAR.search(body))),
        "first_plural": float(bool(FIRST_PLURAL.search(body))),
        "second_person": float(bool(SECOND_PERSON.search(body))),
        "nominal_start": float(bool(NOMINAL_START.match(lowered))),
        "nominal_frame": float(bool(NOMINAL_FRAME.search(lowered))),
        "contrast": float(bool(CONTRAST.search(lowered))),
        "performative": float(bool(rules.PERFORMATIVE.search(body))),
        "necessity": float(bool(rules.NECESSITY.search(body))),
        "reported": float(bool(rules.REPORTED.search(body))),
        "opinion_verb": float(bool(rules.OPINION_VERB.search(body))),
        "first_person_obligation": float(bool(rules.FIRST_PERSON_OBLIGATION.search(body))),
        "causal": float(bool(rules.CAUSAL.search(body))),
        "conditional_start": float(bool(rules.CONDITIONAL_START.match(lowered))),
        "decided": float(bool(rules.DECIDED.search(body))),
        "descriptive_verb": float(bool(rules.FINITE_DESCRIPTIVE.search(body))),
        "greeting": float(bool(GREETING.match(lowered) or rules.READER_REQUEST.match(lowered))),
        "list_item": float(view.is_list_item or bool(LIST_MARKER.match(view.text))),
        "heading": float(view.is_heading),
        "no_verb": float(bool(pos) and not any(p in ("VERB", "AUX") for p in pos)),
        "multi_sentence": float(bool(SENTENCE_BREAK.search(body))),
        "hedge": float(bool(HEDGE.search(body))),
        "need": float(bool(NEED.search(body))),
        "proposed": float(bool(PROPOSED.search(body))),
        # Lead-ins ("Våre krav:") and headings end without a full stop.
        "ends_colon": float(body.rstrip().endswith(":")),
        "no_final_punct": float(not body.rstrip().endswith((".", "!", "?", ":", "»", '"'))),
        "lower_start": float(body[:1].islower()),
        "short": float(n_words <= 4),
        "long": float(n_words > 30),
        f"first_pos={pos[0] if pos else '-'}": 1.0,
    }
    # The last sentence of a two-sentence answer often carries the demand ("Mange ... .
    # Innfør ...!"): the same cues on it, under their own names.
    parts = [p for p in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"])", body) if p.strip()]
    if len(parts) > 1:
        last = parts[-1]
        last_lower = last.lower()
        last_first = _first_word(last)
        f["last_modal"] = float(bool(MODAL.search(last)))
        f["last_imperative"] = float(last_first in rules.IMPERATIVE_LEXICON)
        f["last_nominal"] = float(bool(NOMINAL_START.match(last_lower)))
        f["last_rule"] = float(bool(proposal_reason(last)))
        f["last_question"] = float(bool(rules.QUESTION.search(last)))
    return {k: v for k, v in f.items() if v}


def _text_tokens(view: SegmentView) -> str:
    """The text for the word n-grams: the body, lower case, plus its lemmas and first-word
    markers (so "Styrk", "Styrke" and "styrkjer" meet at one lemma where the model has one)."""
    body = _body(view).lower()
    first = _first_word(body)
    extra = [f"__first_{first}", f"__last_{body.rstrip()[-1:] if body.strip() else ''}"]
    if view.lemmas:
        extra += [f"__lemma_{lemma}" for lemma in view.lemmas]
    return body + " " + " ".join(extra)


_DEFAULTS = ProposalClassifierParams()
"""The classifier's defaults: those of ``prepare.proposal_classifier`` (declared once)."""


class ProposalClassifier(ClassifierMixin, BaseEstimator):
    """A calibrated linear classifier over :class:`SegmentView` objects.

    Parameters
    ----------
    estimator : {"logistic_regression", "linear_svc"}
        The linear model; its scores are calibrated to probabilities (sigmoid, by
        ``cv_folds``-fold cross-validation) either way.
    C : float
        Inverse regularisation strength of the linear model.
    char_ngrams, word_ngrams : tuple of int
        n-gram ranges of the hashed character (within words) and word features.
    n_features : int
        Size of each hashing space.
    cv_folds : int
        Folds of the calibration.
    threshold : float
        Decision threshold on the calibrated probability, used by :meth:`predict`.
    random_state : int
        Seed of the calibration folds (the result is deterministic for a given seed).
    """

    def __init__(self, estimator=_DEFAULTS.estimator, C=_DEFAULTS.C,
                 char_ngrams=_DEFAULTS.char_ngrams, word_ngrams=_DEFAULTS.word_ngrams,
                 n_features=_DEFAULTS.n_features, cv_folds=_DEFAULTS.cv_folds,
                 threshold=_DEFAULTS.threshold, random_state=0):
        self.estimator = estimator
        self.C = C
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.n_features = n_features
        self.cv_folds = cv_folds
        self.threshold = threshold
        self.random_state = random_state

    def _vectorizers(self):
        char = HashingVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                 n_features=self.n_features, alternate_sign=False, norm="l2")
        word = HashingVectorizer(analyzer="word", ngram_range=tuple(self.word_ngrams),
                                 n_features=self.n_features, alternate_sign=False, norm="l2",
                                 token_pattern=r"(?u)\b\w[\w-]*\b|[!?]")
        return char, word

    def _transform(self, X: Sequence[SegmentView]):
        char, word = self._vectorizers()
        bodies = [_body(v).lower() for v in X]
        words = [_text_tokens(v) for v in X]
        cues = self.cues_.transform([segment_features(v) for v in X])
        return sp.hstack([char.transform(bodies), word.transform(words), cues]).tocsr()

    def fit(self, X: Sequence[SegmentView], y) -> ProposalClassifier:
        """Fit the vectorisers' cue vocabulary and the calibrated linear model.

        Parameters
        ----------
        X : sequence of SegmentView
        y : array-like of bool or int

        Returns
        -------
        self
        """
        y = np.asarray(y, dtype=int)
        self.classes_ = np.array([0, 1])
        self.cues_ = DictVectorizer(sparse=True).fit([segment_features(v) for v in X])
        if self.estimator == "linear_svc":
            base = LinearSVC(C=self.C, class_weight="balanced", random_state=self.random_state)
        else:
            base = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000,
                                      solver="liblinear", random_state=self.random_state)
        folds = StratifiedKFold(n_splits=self.cv_folds, shuffle=True,
                                random_state=self.random_state)
        self.model_ = CalibratedClassifierCV(base, method="sigmoid", cv=folds)
        self.model_.fit(self._transform(X), y)
        # The calibrated ensemble as plain arrays: one linear score and one sigmoid per
        # fold. The prepare stage calls this once per submission, and sklearn's input
        # checks cost ~15 ms a call there (2.5 min at 10 000 submissions); the arithmetic
        # is the same as ``model_.predict_proba`` (checked in the tests).
        members = self.model_.calibrated_classifiers_
        self.coef_ = np.ascontiguousarray(np.vstack([m.estimator.coef_.ravel() for m in members]).T)
        self.intercept_ = np.array([float(np.ravel(m.estimator.intercept_)[0]) for m in members])
        self.sigmoid_ = np.array([[m.calibrators[0].a_, m.calibrators[0].b_] for m in members])
        return self

    def _proba_fast(self, matrix) -> np.ndarray:
        scores = matrix @ self.coef_ + self.intercept_
        positive = expit(-(self.sigmoid_[:, 0] * scores + self.sigmoid_[:, 1])).mean(axis=1)
        return np.column_stack([1.0 - positive, positive])

    def predict_proba(self, X: Sequence[SegmentView]) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, 2)``; column 1 is "proposal".

        Headings and signatures are never proposals (a heading is context, as in the rules).
        """
        if not len(X):
            return np.zeros((0, 2))
        proba = self._proba_fast(self._transform(X))
        gate = np.array([v.is_heading or v.is_signature for v in X])
        proba[gate] = [1.0, 0.0]
        return proba

    def predict(self, X: Sequence[SegmentView]) -> np.ndarray:
        """``probability >= threshold`` as 0/1."""
        return (self.predict_proba(X)[:, 1] >= self.threshold).astype(int)


# ------------------------------------------------------------------ training data
def load_training_records(labels_dir: Path, files: Iterable[str]) -> list[dict]:
    """The labelled training sentences, ``{"id", "text", "is_proposal", "language",
    "cv_group"}``.

    - a file whose records carry ``is_proposal`` gives them as they are, except under
      ``eval/``, where only the *tune* split (:func:`pipeline.prepare.evaluate.split_of`) is
      used: the test split stays an honest test;
    - a clustering gold file (records with ``group``/``kind`` and no ``is_proposal``, like
      ``eval/proposal_groups.jsonl``) holds proposals: every item counts as one, except
      ``kind: non_answer``.

    Missing files are an error (the model must not change silently with the checkout).
    """
    from pipeline.prepare.evaluate import split_of  # evaluate imports this package

    out: list[dict] = []
    for name in files:
        path = Path(labels_dir) / name
        if not path.exists():
            raise FileNotFoundError(
                f"Treningsdata for forslagsklassifisereren mangler: {path} "
                "(prepare.proposal_classifier.training_files i params.yaml)")
        in_eval = Path(name).parts[:1] == ("eval",)
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                if "is_proposal" in rec:
                    if in_eval and split_of(rec["id"]) != "tune":
                        continue
                    label = bool(rec["is_proposal"])
                else:
                    label = rec.get("kind") != "non_answer"
                # Cross-validation keeps paraphrases of one group and sentences of one
                # document in one fold (else the CV figures flatter the model).
                group = rec.get("group") or rec.get("doc_id") or rec["id"]
                out.append({"id": f"{name}:{rec['id']}", "text": rec["text"],
                            "is_proposal": label, "language": rec.get("language", ""),
                            "cv_group": f"{name}:{group}"})
    return out


def training_digest(labels_dir: Path, files: Iterable[str]) -> str:
    """A hash of the training files' names and bytes (part of the prepare cache key)."""
    h = hashlib.sha256()
    for name in files:
        path = Path(labels_dir) / name
        h.update(name.encode("utf-8"))
        h.update(path.read_bytes() if path.exists() else b"<missing>")
    return h.hexdigest()[:16]


def views_of(texts: Sequence[str], backend, batch_size: int = 64) -> list[SegmentView]:
    """Views of whole texts as one segment each (training and evaluation sets)."""
    from pipeline.prepare.segment import is_list_item

    out = []
    for text, doc in zip(texts, backend.pipe(list(texts), batch_size=batch_size), strict=True):
        toks = [t for t in doc if not (t.is_punct or t.is_space)]
        out.append(view_from_tokens(text, toks, is_list_item=is_list_item(text)))
    return out


def build_classifier(cfg, seed: int = 0) -> ProposalClassifier:
    """An unfitted classifier with the settings of ``params.prepare.proposal_classifier``."""
    return ProposalClassifier(estimator=cfg.estimator, C=cfg.C, char_ngrams=cfg.char_ngrams,
                              word_ngrams=cfg.word_ngrams, n_features=cfg.n_features,
                              cv_folds=cfg.cv_folds, threshold=cfg.threshold,
                              random_state=seed)


_TRAINED: dict[tuple, ProposalClassifier] = {}


def get_classifier(params, backend) -> ProposalClassifier:
    """The classifier for these params and backend, trained once per process.

    The key holds the settings, the training data's hash and the backend's name, so a
    changed label file or setting retrains; the result is deterministic (seeded).
    """
    cfg = params.prepare.proposal_classifier
    labels = Path(params.paths.labels)
    key = (cfg.model_dump_json(), training_digest(labels, cfg.training_files), backend.name,
           params.seed)
    if key not in _TRAINED:
        records = load_training_records(labels, cfg.training_files)
        views = views_of([r["text"] for r in records], backend)
        clf = build_classifier(cfg, seed=params.seed)
        clf.fit(views, [r["is_proposal"] for r in records])
        log.info("forslagsklassifiserer trent på %d setninger (%d forslag)", len(records),
                 sum(r["is_proposal"] for r in records))
        _TRAINED.clear()  # one model per process is enough
        _TRAINED[key] = clf
    return _TRAINED[key]


def decide(views: Sequence[SegmentView], rules_: Sequence[str],
           classifier: ProposalClassifier | None) -> list[bool]:
    """``is_proposal`` of a submission's segments: the rules alone (``method: rules``,
    ``classifier=None``) or the classifier's decision, one call per submission."""
    if classifier is None or not len(views):
        return [bool(r) for r in rules_]
    return [bool(p) for p in classifier.predict(list(views))]
