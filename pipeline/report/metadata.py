"""File names, attachment names and organisation fields, redacted before they reach reports/.

They are personal data until proven otherwise: ``kari_nordmann_98765432.docx``, an
attachment called «Søknad Ola Hansen.pdf», a form whose organisation field holds the
sender's own name. The prepare stage redacts the texts; this module runs the same
:class:`~pipeline.redact.Redactor` over these metadata fields, so the report, the
workbook (columns «Fil», «Del», «Organisasjon», sheet «Filer») and the problem-file table
show ``[NAVN] søknad.docx`` instead.

File names are checked twice: as written, and with ``_``/``-``/``.`` as spaces and every
word capitalised (``kari_nordmann`` → ``Kari Nordmann``), because names in file names are
rarely capitalised; a span found in either is replaced (the two forms have the same length,
so positions carry over). An organisation field that is only a placeholder after redaction
(a person's name) counts as no organisation. Results are cached by value, so the model is
loaded only when there is something new to check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import common
from pipeline.cache import JsonStore
from pipeline.report.safe import RedactedTables

if TYPE_CHECKING:
    from spacy.language import Language

    from pipeline.redact import Redactor

Redact = Callable[[list[str], str], dict[str, str]]
"""``redact(values, kind)`` → ``{value: redacted}``; ``kind`` is ``"name"`` or ``"text"``."""

_SEPARATORS = re.compile(r"[_\-.+]")
_PLACEHOLDER_ONLY = re.compile(r"^[\s,;/&()\-]*(?:\[[A-ZÆØÅ\-]+\][\s,;/&()\-]*)+$")
_GUILLEMETS = re.compile(r"«([^«»]*)»")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}(?: \(\d+\))?$")  # ".docx", ".txt (2)"


def name_variant(name: str) -> str:
    """``name`` with separators as spaces and every word capitalised; same length."""
    spaced = _SEPARATORS.sub(" ", name)
    return re.sub(r"\b(\w)", lambda m: m.group(1).upper(), spaced)


def _names_in_file_name(variant: str, span) -> list:
    """A PERSON span in a file name, trimmed to the words that make a person's name.

    Name recognition takes any run of capitalised words for a name («Lillehammer Heltid»,
    «Agency Worker»), and in the capitalised variant every word is capitalised. So in a file
    name a name must be backed by the name lists: a run of known first names and surnames
    with an unambiguous first name («Kari», «Ola Hansen»), or an ambiguous one next to a
    surname («Per Olsen»). Other entities (phone, national id, e-mail) pass unchanged.
    """
    if span.entity != "PERSON":
        return [span]
    from pipeline.redact.names import AMBIGUOUS_FIRST_NAMES, FIRST_NAMES, SURNAMES

    out, run = [], []
    words = [(m.start() + span.start, m.end() + span.start, m.group())
             for m in re.finditer(r"[^\W\d_]+", variant[span.start:span.end])]
    for word in [*words, None]:
        token = word[2][:1].upper() + word[2][1:].lower() if word else ""
        if word and (token in FIRST_NAMES or token in SURNAMES):
            run.append((word, token))
            continue
        firsts = [t for _, t in run if t in FIRST_NAMES]
        surnames = [t for _, t in run if t in SURNAMES]
        if any(t not in AMBIGUOUS_FIRST_NAMES for t in firsts) or (firsts and surnames):
            out.append(replace(span, start=run[0][0][0], end=run[-1][0][1]))
        run = []
    return out


def _split(value: str, kind: str) -> tuple[str, str]:
    """(stem, extension) of a file name; (value, "") for other text."""
    ext = _EXTENSION.search(value) if kind == "name" else None
    return (value[:ext.start()], value[ext.start():]) if ext else (value, "")


def redact_with(redactor, value: str, kind: str, docs: dict | None = None) -> str:
    """Redact one metadata value with ``redactor`` (see the module docstring).

    For file names only the stem is checked: the extension is no personal data, and name
    recognition would otherwise take «Per Olsen.docx» for one long name. ``docs`` holds
    spaCy Docs made in one batch (:func:`redact_values`), ten times faster than one by one.
    """
    docs = docs or {}
    if not value.strip():
        return value
    stem, suffix = _split(value, kind)
    if not stem.strip():
        return value
    spans = list(redactor.find(stem, docs.get(stem)))
    if kind == "name":
        variant = name_variant(stem)
        if variant != stem:
            taken = [(s.start, s.end) for s in spans]
            spans += [s for s in redactor.find(variant, docs.get(variant))
                      if not any(s.start < e and b < s.end for b, e in taken)]
        spans = [t for s in spans for t in _names_in_file_name(variant, s)]
    if not spans:
        return value
    spans.sort(key=lambda s: s.start)
    return redactor.redact(stem, spans) + suffix


def redact_values(redactor, nlp, values: list[str], kind: str) -> dict[str, str]:
    """:func:`redact_with` over many values, their Docs made with ``nlp.pipe``."""
    texts: set[str] = set()
    for value in values:
        stem, _ = _split(value, kind)
        if stem.strip():
            texts.add(stem)
            if kind == "name":
                texts.add(name_variant(stem))
    ordered = sorted(texts)
    docs = dict(zip(ordered, nlp.pipe(ordered, batch_size=256), strict=True))
    return {value: redact_with(redactor, value, kind, docs) for value in values}


def _path_parts(path: str) -> list[str]:
    """The components of a ledger path or a source part: folders, file, attachment."""
    return [p for p in re.split(r" / |/", path) if p]


def _redact_path(path: str, done: dict[str, str]) -> str:
    """``path`` with each component replaced by its redacted form (separators kept)."""
    return "".join(piece if piece in (" / ", "/") else done.get(piece, piece)
                   for piece in re.split(r"( / |/)", path))


def _redact_reason(reason: str, done: dict[str, str],
                   changed: dict[str, str] | None = None) -> str:
    """Names quoted in a reason («…») and paths it names ("identisk med mappe/fil.txt").

    ``changed`` is ``done`` without the names that stay as they are (most of them); pass it
    when redacting many reasons, so each reason is searched for those few only, not for
    every file name of the inbox (quadratic: 20 million substring searches at 10 000
    submissions)."""
    if not reason:  # most files: nothing to search (was quadratic in the inbox's files)
        return reason
    reason = _GUILLEMETS.sub(lambda m: f"«{done.get(m.group(1), m.group(1))}»", reason)
    if changed is None:
        changed = {o: r for o, r in done.items() if o != r}
    for original, redacted in changed.items():
        if original in reason:
            reason = reason.replace(original, redacted)
    return reason


def redact_metadata(rt: RedactedTables, redact: Redact) -> RedactedTables:
    """``rt`` with file names, attachment names, organisation fields and ledger reasons
    redacted (the ids and counts unchanged)."""
    subs, ledger = rt.submissions.copy(), rt.ledger.copy()
    names: set[str] = set()
    for column in ("source_file", "source_part"):
        if column in subs:
            for value in subs[column].dropna().unique():
                names.update(_path_parts(str(value)))
    if "path" in ledger:
        for value in ledger["path"].dropna().unique():
            names.update(_path_parts(str(value)))
    if "reason" in ledger:
        for value in ledger["reason"].dropna().unique():
            names.update(_GUILLEMETS.findall(str(value)))
    done = redact(sorted(n for n in names if n.strip()), "name")

    def path(value: object) -> str:
        return _redact_path(str(value), done)

    for column in ("source_file", "source_part"):
        if column in subs:
            subs[column] = subs[column].map(path)
    if "path" in ledger:
        ledger["path"] = ledger["path"].map(path)
    if "reason" in ledger:
        changed = {o: r for o, r in done.items() if o != r}  # in done's order, as before
        ledger["reason"] = ledger["reason"].map(lambda r: _redact_reason(str(r), done, changed))
    if "organisation" in subs:
        orgs = sorted({str(o) for o in subs["organisation"].dropna() if str(o).strip()})
        red = redact(orgs, "text")
        subs["organisation"] = subs["organisation"].map(
            lambda o: "" if _PLACEHOLDER_ONLY.match(red.get(o, o) or "x") else red.get(o, o))
    return replace(rt, submissions=subs, ledger=ledger)


def cached_redactor(params, cache_dir: Path | None) -> Redact:
    """The project's redactor (``params.prepare``), loaded on first need, results cached."""
    from pipeline.taxonomy import keep_names  # not pipeline.redact: no Presidio import

    keep = sorted(set(keep_names(params)))
    digest = common.short_hash(
        "metadata-1", params.prepare.model, "\x1f".join(keep),
        common.source_digest(Path(__file__).resolve().parents[1] / "redact", suffixes=None),
        (Path(__file__).resolve().parents[1] / "spacy_backend.py").read_bytes().hex())
    store = JsonStore(None if cache_dir is None else Path(cache_dir) / "metadata.sqlite")
    loaded: list[tuple[Redactor, Language]] = []

    def tools() -> tuple[Redactor, Language]:
        if not loaded:
            from pipeline.redact import Redactor
            from pipeline.spacy_backend import load_backend

            nlp = load_backend(params.prepare.model).nlp
            loaded.append((Redactor(nlp, keep_names=keep), nlp))
        return loaded[0]

    def redact(values: Iterable[str], kind: str) -> dict[str, str]:
        values = list(dict.fromkeys(values))
        keys = {v: common.short_hash(digest, kind, v, length=40) for v in values}
        found = store.get_many(keys.values())
        out = {v: found[k] for v, k in keys.items() if isinstance(found.get(k), str)}
        todo = [v for v in values if v not in out]
        if todo:
            done = redact_values(*tools(), todo, kind)
            out.update(done)
            store.put_many({keys[v]: r for v, r in done.items()})
        return out

    return redact
