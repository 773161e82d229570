"""Person-name redaction measured on real Norwegian text (NorNE), for both NLP backends.

    python benchmarks/names_eval.py [--norne ../shared/data/norne] [--folders nno nob]
                                    [--parts dev heldout] [--errors N] [--no-write]

Reads the NorNE ``.conll`` files in ``../shared/data/norne/`` (relative to the repository
root; see its README) when the folder exists, and says so and exits cleanly when it does not.
Nothing from NorNE is written anywhere: ``benchmarks/names_eval.md`` holds figures only, and
``--errors`` prints examples to the terminal only.

Passages: up to ``--sentences`` consecutive sentences of one file, rebuilt as running text
(headlines, which NorNE ends with ``|``, become lines of their own). Every passage is run
through the real :class:`pipeline.redact.Redactor`, exactly as the ``prepare`` stage runs
it on one submission (no sender metadata: NorNE has none), with the project's keep list.

Split: NorNE files are parts of documents (``ap001_0002`` is part 2 of ``ap001``). A
document goes to the *dev* part when the first byte of the SHA-1 of its name is even,
otherwise to the *held-out* part, so the split is fixed, documented and independent of the
order of the files. Rules are tuned only on *dev*; *held-out* is reported, never inspected
(``--errors`` refuses to print it).

Figures, per language folder (``nob``: the model was trained on it, flattering; ``nno``:
never seen, the honest figure), part and backend:

- name recall: a gold ``PER`` name counts as caught when every one of its tokens lies inside
  a redacted span (a left-over genitive ``s`` does not count as a leak: "[NAVN]s");
- token recall: the same per name token;
- over-redaction: share of the non-name word tokens (not ``PER``, not punctuation) that end
  up inside a ``[NAVN]`` span; also that share among the tokens of other named entities
  (organisations, places, ...) and among ordinary words (``O``).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_NORNE = ROOT.parent / "shared" / "data" / "norne"
DEFAULT_OUT = ROOT / "benchmarks" / "names_eval.md"
FOLDERS = ("nno", "nob")
PARTS = ("dev", "heldout")
BACKENDS = ("model", "blank")

_NO_SPACE_BEFORE = frozenset(",.:;!?)]}…%")
_NO_SPACE_AFTER = frozenset("([{")
_GENITIVE_TAIL = re.compile(r"^(?:s|'s|’s|'|’)?$")


@dataclass
class Token:
    form: str
    tag: str  # BIO entity tag without "name=" ("B-PER", "I-ORG", "O")
    start: int = 0
    end: int = 0

    @property
    def entity(self) -> str:
        return self.tag[2:] if self.tag != "O" else "O"

    @property
    def is_word(self) -> bool:
        return any(ch.isalnum() for ch in self.form)


@dataclass
class Passage:
    file: str
    text: str = ""
    tokens: list[Token] = field(default_factory=list)

    def names(self) -> list[list[Token]]:
        """Gold person names: each ``B-PER`` with its following ``I-PER`` tokens."""
        out: list[list[Token]] = []
        previous = "O"
        for tok in self.tokens:
            if tok.tag == "I-PER" and previous in ("B-PER", "I-PER"):
                out[-1].append(tok)
            elif tok.tag in ("B-PER", "I-PER"):  # I- without B- (annotation slip): its own name
                out.append([tok])
            previous = tok.tag
        return out


def document_of(file_name: str) -> str:
    """``ap001_0002.conll`` → ``ap001``: the parts of one document share a split."""
    return re.sub(r"_\d+$", "", Path(file_name).stem)


def part_of(file_name: str) -> str:
    """``dev`` or ``heldout`` by the parity of the first byte of SHA-1(document name)."""
    digest = hashlib.sha1(document_of(file_name).encode("utf-8")).digest()
    return "dev" if digest[0] % 2 == 0 else "heldout"


def read_conll(path: Path) -> list[list[Token]]:
    """Sentences of one CoNLL-X file as token lists (form, BIO tag of the last column)."""
    sentences: list[list[Token]] = []
    current: list[Token] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        cols = line.split("\t")
        if len(cols) < 10 or not cols[0].isdigit():
            continue
        tag = cols[9].removeprefix("name=") if cols[9].startswith("name=") else "O"
        current.append(Token(cols[1], tag))
    if current:
        sentences.append(current)
    return sentences


def build_passage(file_name: str, sentences: list[list[Token]]) -> Passage:
    """Running text of ``sentences`` with each token's character offsets.

    Punctuation is attached as in print, straight double quotes alternate between opening and
    closing, and a sentence ending in ``|`` (a NorNE headline) becomes a line of its own.
    """
    passage = Passage(file_name)
    parts: list[str] = []
    pos = 0
    for s_index, sentence in enumerate(sentences):
        headline = bool(sentence) and sentence[-1].form == "|"
        toks = sentence[:-1] if headline else sentence
        quote_open = False
        glue_next = s_index == 0
        for tok in toks:
            form = tok.form
            closing_quote = form == '"' and quote_open
            if form == '"':
                quote_open = not quote_open
            glue = glue_next or form[0] in _NO_SPACE_BEFORE or closing_quote
            if not glue:
                parts.append(" ")
                pos += 1
            tok.start, tok.end = pos, pos + len(form)
            parts.append(form)
            pos += len(form)
            passage.tokens.append(tok)
            glue_next = form in _NO_SPACE_AFTER or (form == '"' and quote_open)
        if headline:
            parts.append("\n")
            pos += 1
            glue_next = True
    passage.text = "".join(parts)
    return passage


def load_passages(folder: Path, sentences_per_passage: int) -> Iterator[tuple[str, Passage]]:
    """(part, passage) for every file of a NorNE language folder, in file-name order."""
    for path in sorted(folder.glob("*.conll")):
        sentences = read_conll(path)
        for i in range(0, len(sentences), sentences_per_passage):
            chunk = sentences[i : i + sentences_per_passage]
            if chunk:
                yield part_of(path.name), build_passage(path.name, chunk)


# ------------------------------------------------------------------------------ scoring
def _covered(token: Token, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether the token is hidden: all its characters inside spans, except a trailing
    genitive ("Støre[s]" → "[NAVN]s" reveals nothing)."""
    mask = [False] * (token.end - token.start)
    for s, e in spans:
        for i in range(max(s, token.start), min(e, token.end)):
            mask[i - token.start] = True
    if not any(mask):
        return False
    uncovered = "".join(ch for ch, m in zip(token.form, mask, strict=True) if not m)
    if all(mask):
        return True
    # only a trailing genitive may be left, and only after a covered start
    first_gap = mask.index(False)
    tail_only = mask[0] and not any(mask[first_gap:])
    return tail_only and bool(_GENITIVE_TAIL.match(uncovered))


@dataclass
class Score:
    names: int = 0
    names_caught: int = 0
    name_tokens: int = 0
    name_tokens_caught: int = 0
    other_tokens: int = 0
    other_redacted: int = 0
    entity_tokens: int = 0  # non-PER named-entity tokens
    entity_redacted: int = 0
    plain_tokens: int = 0  # O tokens
    plain_redacted: int = 0
    passages: int = 0

    def add(self, other: Score) -> None:
        for key in self.__dataclass_fields__:
            setattr(self, key, getattr(self, key) + getattr(other, key))

    @staticmethod
    def _share(a: int, b: int) -> float:
        return a / b if b else float("nan")

    @property
    def recall(self) -> float:
        return self._share(self.names_caught, self.names)

    @property
    def token_recall(self) -> float:
        return self._share(self.name_tokens_caught, self.name_tokens)

    @property
    def over_redaction(self) -> float:
        return self._share(self.other_redacted, self.other_tokens)

    @property
    def entity_over(self) -> float:
        return self._share(self.entity_redacted, self.entity_tokens)

    @property
    def plain_over(self) -> float:
        return self._share(self.plain_redacted, self.plain_tokens)


def score_passage(passage: Passage, spans) -> tuple[Score, list[str], list[str]]:
    """The score of one passage plus its missed names and wrongly redacted words."""
    any_spans = [(s.start, s.end) for s in spans]
    name_spans = [(s.start, s.end) for s in spans if s.entity == "PERSON"]
    sc = Score(passages=1)
    missed: list[str] = []
    for name in passage.names():
        sc.names += 1
        caught = [_covered(t, any_spans) for t in name]
        sc.name_tokens += len(name)
        sc.name_tokens_caught += sum(caught)
        if all(caught):
            sc.names_caught += 1
        else:
            missed.append(" ".join(t.form for t in name))
    wrong: list[str] = []
    for tok in passage.tokens:
        if tok.entity == "PER" or not tok.is_word:
            continue
        hit = any(s < tok.end and tok.start < e for s, e in name_spans)
        sc.other_tokens += 1
        sc.other_redacted += hit
        if tok.entity == "O":
            sc.plain_tokens += 1
            sc.plain_redacted += hit
        else:
            sc.entity_tokens += 1
            sc.entity_redacted += hit
        if hit:
            wrong.append(f"{tok.form}/{tok.entity}")
    return sc, missed, wrong


def _context(passage: Passage, needle: str, width: int = 60) -> str:
    i = passage.text.find(needle.split()[0])
    if i < 0:
        return needle
    return passage.text[max(0, i - width) : i + len(needle) + width].replace("\n", " ⏎ ")


def evaluate(
    passages: list[Passage], backend, redactor, errors: int = 0, batch_size: int = 32
) -> Score:
    """Run the redactor over the passages (one ``nlp.pipe`` pass) and score them."""
    total = Score()
    shown_missed = shown_wrong = 0
    docs = backend.pipe([p.text for p in passages], batch_size=batch_size)
    for passage, doc in zip(passages, docs, strict=True):
        spans = redactor.find(passage.text, doc)
        sc, missed, wrong = score_passage(passage, spans)
        total.add(sc)
        for name in missed:
            if shown_missed < errors:
                shown_missed += 1
                print(f"    MISSED  {name!r:<28} … {_context(passage, name)} …")
        for word in wrong:
            if shown_wrong < errors:
                shown_wrong += 1
                form = word.rsplit("/", 1)[0]
                print(f"    OVER    {word!r:<28} … {_context(passage, form)} …")
    return total


# ------------------------------------------------------------------------------ output
def _f(x: float) -> str:
    return "–" if x != x else f"{x:.3f}"


def _pct(x: float) -> str:
    return "–" if x != x else f"{100 * x:.2f} %"


TABLE_HEAD = (
    "| folder | part | backend | passages | names | name recall | token recall "
    "| non-name tokens as [NAVN] | of other entities | of ordinary words |\n"
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
)


def table_row(folder: str, part: str, backend: str, sc: Score) -> str:
    return (
        f"| {folder} | {part} | {backend} | {sc.passages} | {sc.names} | {_f(sc.recall)} "
        f"| {_f(sc.token_recall)} | {_pct(sc.over_redaction)} | {_pct(sc.entity_over)} "
        f"| {_pct(sc.plain_over)} |"
    )


def write_markdown(path: Path, rows: list[str], command: str, backends: dict[str, str]) -> None:
    names = ", ".join(f"{k} = {v}" for k, v in backends.items())
    path.write_text(
        "# Person-name redaction on real text (NorNE)\n\n"
        "Written by `benchmarks/names_eval.py` (figures only; no NorNE text is stored here).\n\n"
        f"Command: `{command}`  \nBackends: {names}.\n\n"
        "`nob/` flatters the model (its NER was trained on NorNE bokmål); `nno/` is the honest "
        "figure. *dev* documents (even first byte of SHA-1 of the document name) were used to "
        "tune the rules; *heldout* documents never were. The figures before issue 14 "
        "(same command, same split) are in `names_eval_baseline.md`.\n\n"
        f"{TABLE_HEAD}\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--norne", type=Path, default=DEFAULT_NORNE)
    ap.add_argument("--folders", nargs="+", default=list(FOLDERS), choices=FOLDERS)
    ap.add_argument("--parts", nargs="+", default=list(PARTS), choices=PARTS)
    ap.add_argument("--backends", nargs="+", default=list(BACKENDS), choices=BACKENDS)
    ap.add_argument("--sentences", type=int, default=10, help="sentences per passage")
    ap.add_argument("--limit", type=int, default=0, help="at most this many passages per cell")
    ap.add_argument("--errors", type=int, default=0, help="print up to N misses/over (dev only)")
    ap.add_argument("--params", default=str(ROOT / "params.yaml"))
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--no-write", action="store_true", help="print only, do not write --out")
    args = ap.parse_args(argv)

    if not args.norne.is_dir():
        print(
            f"NorNE not found at {args.norne}: nothing to measure (this benchmark needs "
            "../shared/data/norne next to the repository)."
        )
        return 0
    if args.errors and "heldout" in args.parts:
        print("--errors prints examples from the dev part only: use --parts dev")
        return 2

    from pipeline.config import load_params
    from pipeline.redact import Redactor, keep_names
    from pipeline.spacy_backend import BLANK_BACKEND, load_backend

    params = load_params(args.params)
    keep = keep_names(params)
    models = {"model": params.prepare.model, "blank": BLANK_BACKEND}
    rows: list[str] = []
    used: dict[str, str] = {}
    print(TABLE_HEAD)
    for folder in args.folders:
        by_part: dict[str, list[Passage]] = {p: [] for p in PARTS}
        for part, passage in load_passages(args.norne / folder, args.sentences):
            by_part[part].append(passage)
        for part in args.parts:
            passages = by_part[part][: args.limit or None]
            for key in args.backends:
                backend = load_backend(models[key])
                if key == "model" and backend.is_blank:
                    print(f"({params.prepare.model} is not installed: no model-backend figures)")
                    continue
                used[key] = backend.name
                redactor = Redactor(backend.nlp, keep_names=keep)
                t0 = time.perf_counter()
                if args.errors:
                    print(f"  -- {folder} {part} {key}")
                sc = evaluate(passages, backend, redactor, errors=args.errors)
                row = table_row(folder, part, key, sc)
                rows.append(row)
                print(f"{row}  ({time.perf_counter() - t0:.0f} s)", flush=True)
    if not args.no_write and rows:
        command = "python benchmarks/names_eval.py " + " ".join(argv or sys.argv[1:])
        write_markdown(args.out, rows, command.strip(), used)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
