"""Real off-topic text for the theme tagger: NorNE sentences as negatives.

NorNE (``../shared/data/norne/`` from the repository root, see its README) holds real
Norwegian sentences from newspapers, blogs, parliament proceedings and government reports,
in bokmål and nynorsk. Nearly all of them are not about the booklet's themes, so they
measure how often the tagger fires on real text that merely uses its words.

The texts belong to their authors: this module only *reads* the folder when it exists
(nothing from it is written into the repository), and every caller must cope with
:func:`norne_directory` returning ``None``.

Split: each document (file name without its ``_NNNN`` part number) goes to ``heldout``
or ``train`` by a hash of its name, so the held-out part is fixed, independent of the
order of files, and never tuned on. Parliament (``st``) and report (``nou``) documents
may contain on-topic passages: they are used only where a labeller's file
(``norne_labels.csv``: ``folder,file,sentence_index,themes,is_proposal``) says which of
their sentences are on-topic; without that file they are left out.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import cast

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIRECTORY = ROOT.parent / "shared" / "data" / "norne"
DEFAULT_LABELS = ROOT.parent / "indep" / "norne" / "norne_labels.csv"
NEEDS_CHECK = ("st", "nou")
"""Document kinds (file-name prefixes) whose sentences may be on-topic."""

_PUNCT_BEFORE = re.compile(r" ([.,:;!?)\]»”'])")
_PUNCT_AFTER = re.compile(r"([(\[«“]) ")


def norne_directory(directory: Path | str | None = None) -> Path | None:
    """The NorNE folder when it exists (``None`` on a machine without ``../shared``)."""
    path = Path(directory) if directory is not None else DEFAULT_DIRECTORY
    return path if (path / "nob").is_dir() or (path / "nno").is_dir() else None


def document_id(file: str) -> str:
    """``ap001_0002.conll`` → ``ap001``: the parts of one document share a split."""
    return re.sub(r"_\d+$", "", Path(file).stem)


def kind(file: str) -> str:
    """The source kind of a NorNE file name (``ap``, ``db``, ``st``, ``nou``, ``blogg``...)."""
    match = re.match(r"[a-z]+", Path(file).stem)
    return match.group(0) if match else ""


def split_of(file: str, heldout_share: float = 0.3) -> str:
    """``heldout`` or ``train`` for a file, by a hash of its document id."""
    digest = hashlib.sha256(document_id(file).encode("utf-8")).hexdigest()
    return "heldout" if int(digest[:8], 16) / 0xFFFFFFFF < heldout_share else "train"


def _join(forms: list[str]) -> str:
    text = " ".join(forms)
    text = _PUNCT_BEFORE.sub(r"\1", text)
    return _PUNCT_AFTER.sub(r"\1", text)


def read_conll(path: Path) -> list[tuple[str, list[str]]]:
    """``(text, lemmas)`` per sentence of one CoNLL file."""
    sentences: list[tuple[str, list[str]]] = []
    forms: list[str] = []
    lemmas: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 3:
            if forms:
                sentences.append((_join(forms), lemmas))
            forms, lemmas = [], []
            continue
        forms.append(cols[1])
        lemmas.append(cols[2].lower())
    if forms:
        sentences.append((_join(forms), lemmas))
    return sentences


def read_labels(path: Path | str | None = None) -> pd.DataFrame | None:
    """The labeller's ``norne_labels.csv`` (``None`` when absent)."""
    path = Path(path) if path is not None else DEFAULT_LABELS
    if not path.exists():
        return None
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["sentence_index"] = pd.to_numeric(frame["sentence_index"], errors="coerce")
    return frame.dropna(subset=["sentence_index"])


def read_norne(directory: Path | str | None = None, *, labels: pd.DataFrame | None = None,
               min_chars: int = 25, heldout_share: float = 0.3) -> pd.DataFrame:
    """NorNE sentences usable as off-topic negatives.

    Returns ``folder, file, sentence_index, kind, split, language, text_redacted, lemmas,
    checked`` — an empty frame when the folder is absent. Sentences shorter than
    ``min_chars`` (the prepare stage's minimum segment) are dropped. A sentence the
    labeller marked with a theme is dropped; ``st``/``nou`` sentences are kept only when
    the labeller's file covers their file (``checked``).
    """
    columns = ["folder", "file", "sentence_index", "kind", "split", "language",
               "text_redacted", "lemmas", "checked"]
    root = norne_directory(directory)
    if root is None:
        return pd.DataFrame(columns=columns)
    on_topic: set[tuple[str, str, int]] = set()
    covered: set[tuple[str, str]] = set()
    if labels is not None and len(labels):
        for row in labels.itertuples(index=False):
            key = (str(row.folder), Path(str(row.file)).name)
            covered.add(key)
            if str(getattr(row, "themes", "")).strip() not in ("", "[]", "none", "-"):
                # sentence_index is an integer column; itertuples types fields as any scalar.
                on_topic.add((*key, int(cast(int, row.sentence_index))))
    rows = []
    for folder, language in (("nob", "nb"), ("nno", "nn")):
        for path in sorted((root / folder).glob("*.conll")):
            source = kind(path.name)
            checked = (folder, path.name) in covered
            if source in NEEDS_CHECK and not checked:
                continue
            split = split_of(path.name, heldout_share)
            for i, (text, lemmas) in enumerate(read_conll(path)):
                if len(text) < min_chars or (folder, path.name, i) in on_topic:
                    continue
                rows.append((folder, path.name, i, source, split, language, text, lemmas,
                             checked))
    return pd.DataFrame(rows, columns=columns)


def sample(frame: pd.DataFrame, n: int, seed: int = 42) -> pd.DataFrame:
    """At most ``n`` rows, drawn evenly over the two languages (reproducible)."""
    if len(frame) <= n:
        return frame.reset_index(drop=True)
    parts = []
    groups = list(frame.groupby("language", sort=True))
    for _lang, group in groups:
        parts.append(group.sample(min(len(group), n // len(groups)), random_state=seed))
    return pd.concat(parts).sort_index().reset_index(drop=True)


__all__ = ["DEFAULT_DIRECTORY", "DEFAULT_LABELS", "document_id", "norne_directory", "read_conll",
           "read_labels", "read_norne", "sample", "split_of"]
