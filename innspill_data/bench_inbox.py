"""Write a large, invented inbox for benchmarks: ``python -m innspill_data.bench_inbox N OUT``.

Everything is invented. Sentences come from the demo inbox's content
(:mod:`innspill_data.demo_content`) and the hand-labelled sets in ``data/labels/eval/``,
recombined at random into letters, with typos (swapped or dropped letters, missing æøå),
invented signatures (names from lists of common Norwegian first and last names in
``data/bench_vocabulary.yaml``, made-up phone numbers and e-mail addresses on example domains),
campaign copies (a few resolutions sent by many senders with small edits) and exact duplicates
(the same file sent twice).

Formats: ``.eml`` (several transfer encodings and charsets, some with a Word/PDF/text
attachment behind a cover note), ``.docx``, ``.pdf`` (with a text layer), ``.txt`` (UTF-8,
UTF-8 with BOM, UTF-16, Windows-1252), ``.html``, ``.json`` and form exports ``.csv`` /
``.xlsx`` holding many rows each. The file writers are the demo inbox's
(:mod:`innspill_data.demo_inbox`), imported, not copied.

**Text diversity** (``--diversity``). A real inbox repeats little: apart from campaign copies
and duplicates, nearly every sentence is someone's own. ``realistic`` (the default) gives each
sentence taken from the pools a local opening or addition (a workplace, a municipality, a job,
a number; ``variation`` in ``data/bench_vocabulary.yaml``), so that about 90 % of the
sentences are distinct after normalisation (93.2 % at 1 000 submissions, 89.7 % at 10 000; the
campaign copies, some 7 % of the sentences, repeat by design), and, when the NorNE corpus is
beside the project (``../shared/data/norne/``, real newspaper, blog and parliament prose; read
at generation time, never copied into the project), uses runs of its sentences as context
paragraphs. ``pool`` recombines the pools as they are (the inboxes measured before
2026-12; most segments of a large inbox are then repeats that hit the embedding cache). The
summary states ``distinct_sentence_share``.

N counts submissions as *sent*: one per file (an e-mail with an attached letter is one
submission, the cover note is not), one per form row or JSON record, and an exact duplicate
file counts once more (the ingest stage marks it ``duplicate``). Output is byte-identical for
the same N and seed: every timestamp inside a document is derived from the seed, and file
modification times are set to the submission's date.

    .venv/bin/python -m innspill_data.bench_inbox 10000 /tmp/inbox --seed 1 [--diversity pool]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import random
import re
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from innspill_data import ROOT, read_yaml
from innspill_data import demo_inbox as M
from innspill_data.demo_content import load_content
from pipeline.config import PrepareParams

EVAL = ROOT / "data" / "labels" / "eval"
C = load_content()
V = read_yaml("bench_vocabulary.yaml")

# Shares of N (submissions). Form rows are the bulk; docx/pdf are slow to write and rarer.
FORM_SHARE = 0.55
FORM_SPLIT = {"csv": 0.5, "xlsx": 0.35, "json": 0.15}
ROWS_PER_FILE = {"csv": (150, 600), "xlsx": (150, 500), "json": (10, 80)}
FILE_WEIGHTS = {"txt": 0.40, "eml": 0.40, "html": 0.06, "docx": 0.07, "pdf": 0.07}
EML_ATTACHMENT_SHARE = 0.12   # of e-mails: a cover note plus an attached letter
DUPLICATE_SHARE = 0.01        # of single files: sent twice (byte-identical copy)
CAMPAIGN_SHARE = 0.06         # of all submissions: a copy of a resolution
TXT_ENCODINGS = ("utf-8", "utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16")
EML_KINDS = ("plain8bit", "plain8bit", "qp", "qp", "base64", "latin1", "cp1252_nocharset",
             "html", "alternative")

FIRST_NAMES = V["first_names"]  # the first 30 and the last 38: two halves for double names
LAST_NAMES = V["last_names"]
MAIL_DOMAINS = V["mail_domains"]
JOBS_NB = V["jobs"]["nb"]
JOBS_NN = V["jobs"]["nn"]
THEME_LABELS = tuple(C.form_topics)
SERIO_ANSWERS = V["seriositetskrav_answers"]
GREETINGS = V["greetings"]
SIGNOFFS = V["signoffs"]
INTROS = V["intros"]
LIST_LEADS = V["list_leads"]
COVER_NOTES = V["cover_notes"]
CAMPAIGN_TITLES = V["campaign_titles"]
NN_MARKERS = re.compile(r"\b(eg|ikkje|kva|korleis|dei|òg|frå|berre|meir|vere|kome|heile)\b", re.I)
NO_AAO = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
DIVERSITIES = ("realistic", "pool")
VARIATION = V["variation"]
MIN_SEGMENT_CHARS = PrepareParams().min_segment_chars  # the shortest segment prepare keeps
FILLER_SHARE = 0.4            # realistic: of context passages, a run of real prose (NorNE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
LATIN1_SAFE = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"',
                             "…": "...", "•": "-", "€": "EUR"})


# ------------------------------------------------------------------------------ sentences
@dataclass
class Pools:
    """Sentences by language: descriptions, proposals, off-topic, PII stories, whole letters."""

    desc: dict[str, list[str]] = field(default_factory=dict)
    prop: dict[str, list[str]] = field(default_factory=dict)
    groups: dict[str, list[str]] = field(default_factory=dict)  # recurring proposals
    off: dict[str, list[str]] = field(default_factory=dict)
    pii: dict[str, list[str]] = field(default_factory=dict)
    whole: dict[str, list[str]] = field(default_factory=dict)
    filler: dict[str, list[list[str]]] = field(default_factory=dict)  # documents of sentences

    def add(self, pool: str, lang: str, text: str) -> None:
        text = " ".join(text.split())
        if lang in ("nb", "nn", "en") and len(text) >= 15:
            getattr(self, pool).setdefault(lang, []).append(text)


def _jsonl(name: str) -> list[dict]:
    with open(EVAL / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _demo_sentences() -> list[str]:
    """Sentences of the demo inbox's letters, without signature, address or contact lines."""
    texts = [s["body"] for s in C.emails] + [M.plain_from_markup(s.get("text", ""))
                                             for s in C.letters]
    texts += [C.web_page["letter"]] + [r["record"]["innspill"] for r in C.json_export["records"]]
    texts += [r["answer"]["innspill"] for r in C.nettskjema["rows"] if r["expected"]]
    texts += [r["answer"]["input"] for r in C.forms["rows"]]
    out = []
    for text in texts:
        for para in text.split("\n"):
            if len(para) < 40 or re.search(r"@|\d{2} ?\d{2} ?\d{2}|\d{4} [A-ZÆØÅ]|Vedtatt på",
                                           para):
                continue
            out.extend(s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", para)
                       if len(s) >= 30 and s[-1] in ".!?")
    return sorted(set(out))


def load_pools() -> Pools:
    pools = Pools()
    for s in _demo_sentences():
        pools.add("desc", "nn" if NN_MARKERS.search(s) else "nb", s)
    for r in _jsonl("proposals.jsonl"):
        if r["kind"] in ("greeting", "heading"):
            continue
        pools.add("prop" if r["is_proposal"] else "desc", r["language"],
                  r["text"].lstrip("•-–* ").strip())
    for r in _jsonl("proposal_groups.jsonl"):
        pools.add("groups" if r["group"] else "prop", r["language"], r["text"])
    for r in _jsonl("themes_segments.jsonl"):
        pools.add("off" if not r["themes"] else "desc", r["language"], r["text"])
    for r in _jsonl("language.jsonl"):
        pools.add("desc", r["language"], r["text"])
    for r in _jsonl("pii.jsonl"):
        if r["kind"] in ("story", "contact", "address", "mixed"):
            pools.add("pii", r["language"], r["text"])
    for r in _jsonl("themes_submissions.jsonl"):
        if r["themes"]:
            pools.whole.setdefault(r["language"], []).append(r["text"])
    for pool in ("desc", "prop", "groups", "off", "pii"):
        table = getattr(pools, pool)
        for lang in table:
            table[lang] = sorted(set(table[lang]))
    return pools


def load_filler(directory: Path | None) -> dict[str, list[list[str]]]:
    """Real prose for context paragraphs: NorNE documents as lists of sentences, per language.

    Empty when ``directory`` is ``None`` or holds no NorNE. Only whole sentences of 30–300
    characters are kept (no headlines, no table rows).
    """
    from pipeline.tag.realtext import norne_directory, read_conll

    root = norne_directory(directory) if directory is not None else None
    if root is None:
        return {}
    out: dict[str, list[list[str]]] = {}
    for folder, lang in (("nob", "nb"), ("nno", "nn")):
        for path in sorted((root / folder).glob("*.conll")):
            sentences = [" ".join(text.split()) for text, _ in read_conll(path)]
            sentences = [t for t in sentences if 30 <= len(t) <= 300 and t[-1] in ".!?"]
            if len(sentences) >= 3:
                out.setdefault(lang, []).append(sentences)
    return out


def default_filler_dir() -> Path | None:
    """``../shared/data/norne`` beside the project, when it is there."""
    from pipeline.tag.realtext import norne_directory

    return norne_directory()


# ---------------------------------------------------------------------------------- noise
def vary(rng: random.Random, text: str, lang: str, person: Person) -> str:
    """Each sentence of ``text`` with a local opening, a local addition before its last
    punctuation, or both."""
    return " ".join(_vary_sentence(rng, sentence, lang, person)
                    for sentence in SENTENCE_END.split(text) if sentence)


def _vary_sentence(rng: random.Random, text: str, lang: str, person: Person) -> str:
    fill = {"job": rng.choice(JOBS_NN if lang == "nn" else JOBS_NB), "kommune": person.kommune,
            "sted": rng.choice(VARIATION["places"][lang]),
            "n": rng.randint(2, 40)}
    how = rng.random()
    if how < 0.6:
        body, end = (text[:-1], text[-1]) if text[-1:] in ".!?" else (text, ".")
        text = body + rng.choice(VARIATION["suffixes"][lang]).format(**fill) + end
    if how >= 0.4:  # "... mener jeg at" + the sentence, its first letter lowered (not "NAV")
        lower = text[:1].lower() + text[1:] if text[1:2].islower() else text
        text = rng.choice(VARIATION["prefixes"][lang]).format(**fill) + lower
    return text


def typo(rng: random.Random, text: str) -> str:
    """One typo in a random word: swap two letters, drop one, or double one."""
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    k = rng.randrange(1, len(w) - 1)
    op = rng.random()
    if op < 0.45:
        w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    elif op < 0.85:
        w = w[:k] + w[k + 1:]
    else:
        w = w[:k] + w[k] + w[k:]
    words[i] = w
    return " ".join(words)


def noisy(rng: random.Random, text: str, rate: float = 0.15) -> str:
    while rng.random() < rate:
        text = typo(rng, text)
    return text


# ------------------------------------------------------------------------------- people
@dataclass
class Person:
    name: str
    email: str
    phone: str
    kommune: str
    fylke: str
    org: str
    role: str


def invent_person(rng: random.Random) -> Person:
    half = FIRST_NAMES[:30] if rng.random() < 0.5 else FIRST_NAMES[30:]
    first = rng.choice(half)
    if rng.random() < 0.15:
        first += "-" + rng.choice(half)
    last = rng.choice(LAST_NAMES)
    if rng.random() < 0.25:
        last = rng.choice(LAST_NAMES) + " " + last
    name = f"{first} {last}"
    local = re.sub(r"[^a-z.]", "", (first.split("-")[0] + "." + last.split()[-1]).lower()
                   .translate(NO_AAO).lower())
    if rng.random() < 0.4:
        local += str(rng.randint(1, 99))
    email = f"{local}@{rng.choice(MAIL_DOMAINS)}"
    digits = f"{rng.choice('49')}{rng.randint(0, 9999999):07d}"
    phone = rng.choice((f"{digits[:3]} {digits[3:5]} {digits[5:]}",
                        f"+47 {digits[:3]} {digits[3:5]} {digits[5:]}", digits,
                        f"{digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"))
    kommune = rng.choice(KOMMUNER)
    fylke = C.kommune_fylke[kommune]
    kind = rng.random()
    if kind < 0.55:
        org, role = "", ""
    elif kind < 0.8:
        org, role = f"{kommune} Arbeiderparti", rng.choice(("leder", "sekretær", "styremedlem"))
    elif kind < 0.93:
        org = f"{rng.choice(('Fagforbundet', 'El og IT Forbundet', 'Fellesforbundet'))} {kommune}"
        role = rng.choice(("leder", "hovedtillitsvalgt", "nestleder"))
    else:
        org, role = f"{fylke} Arbeiderparti", rng.choice(("fylkessekretær", "leder"))
    return Person(name, email, phone, kommune, fylke, org, role)


KOMMUNER = sorted(C.kommune_fylke)


def signature(rng: random.Random, p: Person, lang: str) -> str:
    lines = [rng.choice(SIGNOFFS[lang]), p.name]
    if p.org:
        lines.append(f"{p.role.capitalize()}, {p.org}" if rng.random() < 0.6 else p.org)
    if rng.random() < 0.6:
        lines.append(rng.choice(("Tlf: ", "Mobil: ", "Tlf. ", "")) + p.phone)
    if rng.random() < 0.5:
        lines.append(p.email)
    return "\n".join(lines)


# -------------------------------------------------------------------------------- letters
@dataclass
class Letter:
    """One invented submission: the body (plain text, blank lines between paragraphs)."""

    title: str
    body: str          # without greeting and signature
    greeting: str
    sig: str
    person: Person
    lang: str
    date: tuple[int, int, int, int, int]
    campaign: str = ""

    def full(self) -> str:
        parts = [self.greeting, self.body, self.sig] if self.greeting else [self.body, self.sig]
        return "\n\n".join(parts) + "\n"


def pick_lang(rng: random.Random) -> str:
    x = rng.random()
    return "nb" if x < 0.7 else "nn" if x < 0.92 else "en"


def pick_date(rng: random.Random) -> tuple[int, int, int, int, int]:
    day = rng.randrange(0, 80)  # 1 February – 21 April 2026
    d = dt.date(2026, 2, 1) + dt.timedelta(days=day)
    return (d.year, d.month, d.day, rng.randint(7, 23), rng.randint(0, 59))


def compose(rng: random.Random, pools: Pools, lang: str, person: Person,
            short: bool = False, realistic: bool = False) -> tuple[str, str]:
    """(title, body) of a letter recombined from the sentence pools.

    ``realistic``: every pool sentence varied (:func:`vary`), and context passages drawn
    from the real prose in ``pools.filler`` when there is some for ``lang``.
    """
    def take(pool: str, k: int) -> list[str]:
        table = getattr(pools, pool)
        src = table.get(lang) or table["nb"]
        picked = rng.sample(src, min(k, len(src)))
        if realistic:
            picked = [vary(rng, s, lang, person) for s in picked]
        return [noisy(rng, s) for s in picked]

    def context(k: int) -> list[str]:
        docs = pools.filler.get(lang)
        if not (realistic and docs and rng.random() < FILLER_SHARE):
            return take("desc", k)
        doc = rng.choice(docs)
        start = rng.randrange(0, max(1, len(doc) - k + 1))
        run = doc[start:start + k]  # a long inbox draws a document more than once
        return [noisy(rng, vary(rng, s, lang, person) if rng.random() < 0.8 else s) for s in run]

    if not short and rng.random() < 0.07 and pools.whole.get(lang):
        body = rng.choice(pools.whole[lang])
        if realistic:  # a whole letter from the pool: each of its sentences made its own
            body = "\n".join(vary(rng, line, lang, person) if line else line
                             for line in body.split("\n"))
        return body.split("\n", 1)[0][:60], noisy(rng, body, 0.3)
    paras: list[str] = []
    if rng.random() < 0.6:
        intro = rng.choice(INTROS[lang])
        job = rng.choice(JOBS_NN if lang == "nn" else JOBS_NB)
        intro = intro.format(job=job, kommune=person.kommune, org=person.org or
                             f"{person.kommune} Arbeiderparti")
        paras.append(vary(rng, intro, lang, person) if realistic else intro)
    n_par = 1 if short else rng.choice((1, 2, 2, 3, 3, 4))
    for _ in range(n_par):
        sents = context(rng.randint(1, 3)) + take(
            rng.choice(("prop", "groups", "groups")), rng.randint(1, 2))
        if rng.random() < 0.04:
            sents += take("off", 1)
        if rng.random() < 0.06:
            sents += take("pii", 1)
        paras.append(" ".join(sents))
    if not short and rng.random() < 0.35:
        items = take("groups", rng.randint(2, 4)) + take("prop", rng.randint(0, 2))
        bullet = rng.choice(("- ", "- ", "{n}. "))
        paras.append(rng.choice(LIST_LEADS[lang]) + "\n" + "\n".join(
            bullet.format(n=n) + s for n, s in enumerate(items, 1)))
    if rng.random() < 0.03 and pools.off.get(lang):  # entirely off topic
        paras = take("off", rng.randint(1, 3))
    body = "\n\n".join(paras)
    if rng.random() < 0.05:
        body = body.translate(NO_AAO)
    title = {"nb": "Innspill til arbeidslivsutvalget", "nn": "Innspel til arbeidslivsutvalet",
             "en": "Input to the working-life committee"}[lang]
    if person.org and rng.random() < 0.5:
        title += f" fra {person.org}" if lang != "en" else f" from {person.org}"
    return title, body


def campaign_texts(rng: random.Random, pools: Pools) -> list[tuple[str, str]]:
    """The resolutions of the campaigns: the demo's, plus a few recombined ones."""
    out = [(C.campaign["title"], C.campaign["text"].split("\n", 2)[2])]
    groups = pools.groups["nb"]
    for title in CAMPAIGN_TITLES:  # recombined resolutions (demands from recurring proposals)
        intro = " ".join(rng.sample(pools.desc["nb"], 3))
        demands = rng.sample(groups, 4)
        text = ("{lag} krever at regjeringen og Stortinget tar grep. " + intro + "\n\nVi krever:\n"
                + "\n".join(f"{n}. {d}" for n, d in enumerate(demands, 1))
                + "\n\nVedtatt på medlemsmøte {dato}.\n")
        out.append((title, text))
    return out


def campaign_copy(rng: random.Random, resolution: tuple[str, str], person: Person,
                  date: tuple[int, ...]) -> tuple[str, str]:
    """One sender's copy: own name and date, and small local edits."""
    title, text = resolution
    lag = person.org or f"{person.kommune} Arbeiderparti"
    dato = f"{date[2]}. {('februar', 'mars', 'april')[date[1] - 2]} 2026"
    text = text.replace("{lag}", lag).replace("{dato}", dato)
    paras = text.split("\n\n")
    if rng.random() < 0.3 and len(paras) > 3:  # drop a paragraph
        del paras[rng.randrange(1, len(paras) - 2)]
    if rng.random() < 0.3:  # add a local sentence
        paras.insert(1, f"I {person.kommune} ser vi dette hver dag.")
    text = "\n\n".join(paras)
    if rng.random() < 0.5:
        text = noisy(rng, text, 0.5)
    return title, text


# -------------------------------------------------------------------------------- writers
def _cp(text: str, encoding: str) -> str:
    """Make ``text`` encodable in a legacy charset (dashes and quotes first, then '?')."""
    if encoding in ("cp1252", "windows-1252"):
        return text.encode("cp1252", "replace").decode("cp1252")
    if encoding in ("latin1", "iso-8859-1"):
        return text.translate(LATIN1_SAFE).encode("latin-1", "replace").decode("latin-1")
    return text


def markup(letter: Letter) -> str:
    """The letter in the demo's document markup (``# `` title, ``- `` items)."""
    return f"# {letter.title}\n\n{letter.full()}"


def write_txt(rng, letter: Letter, rel: str) -> bytes:
    enc = rng.choice(TXT_ENCODINGS)
    return M.encode_txt(_cp(letter.full(), enc), enc)


def write_html(rng, letter: Letter, rel: str) -> bytes:
    title = html.escape(letter.title)
    return (f'<!DOCTYPE html>\n<html lang="{letter.lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n<style>body{{font-family:sans-serif}}</style>\n</head>\n"
            f'<body>\n<header><nav><a href="/">Forside</a> · <a href="/aktuelt/">Aktuelt</a>'
            f"</nav></header>\n<main>\n<article>\n<h1>{title}</h1>\n"
            f"{M.text_to_html_blocks(letter.full())}\n</article>\n</main>\n"
            f"<footer><p>© 2026 · <a href=\"/personvern/\">Personvern</a></p></footer>\n"
            f"</body>\n</html>\n").encode()


def write_docx(rng, letter: Letter, rel: str) -> bytes:
    return M.render_docx(markup(letter), letter.title, letter.person.name, letter.date)


def write_pdf(rng, letter: Letter, rel: str) -> bytes:
    return M.render_pdf(_cp(markup(letter), "cp1252"), _cp(letter.title, "cp1252"),
                        _cp(letter.person.name, "cp1252"), letter.date)


def write_eml(rng, letter: Letter, rel: str) -> bytes:
    p = letter.person
    kind = rng.choice(EML_KINDS)
    spec = {"path": rel, "kind": kind, "sender": (p.name, p.email), "date": letter.date,
            "subject": letter.title, "body": letter.full()}
    if rng.random() < EML_ATTACHMENT_SHARE:
        fmt = rng.choice(("docx", "pdf", "txt"))
        text = markup(letter) if fmt != "txt" else letter.full()
        if fmt == "pdf":
            text = _cp(text, "cp1252")
        spec["attachments"] = [{"format": fmt, "text": text, "title": letter.title,
                                "author": _cp(p.name, "cp1252"), "filename": f"innspill.{fmt}"}]
        spec["body"] = COVER_NOTES[letter.lang].format(
            who=p.org or "meg", signoff=SIGNOFFS[letter.lang][0], name=p.name)
    if kind in ("latin1", "cp1252_nocharset"):
        spec["body"] = _cp(spec["body"], "latin1")
        spec["subject"] = _cp(spec["subject"], "latin1")
    return M.build_email(spec)


WRITERS = {"txt": write_txt, "eml": write_eml, "html": write_html, "docx": write_docx,
           "pdf": write_pdf}
FOLDERS = {"txt": "tekst", "eml": "epost", "html": "web", "docx": "brev", "pdf": "brev",
           "csv": "skjema", "xlsx": "skjema", "json": "skjema"}


# ---------------------------------------------------------------------------------- forms
CSV_HEADERS = C.nettskjema["headers"]
XLSX_HEADERS = ["ID", "Start time", "Completion time", "Email", "Name", "Municipality",
                "Which topic?", "Your input"]


class Generator:
    def __init__(self, n: int, out: Path, seed: int, diversity: str = "realistic",
                 filler_dir: Path | None = None) -> None:
        if diversity not in DIVERSITIES:
            raise ValueError(f"diversity must be one of {DIVERSITIES}, not {diversity!r}")
        self.n, self.out, self.seed = n, out, seed
        self.realistic = diversity == "realistic"
        self.pools = load_pools()
        if self.realistic:
            self.pools.filler = load_filler(filler_dir)
        self.sentences: Counter = Counter()  # normalised sentence -> times written
        self.campaigns = campaign_texts(random.Random(f"{seed}:campaigns"), self.pools)
        self.files: Counter = Counter()
        self.subs: Counter = Counter()
        self.bytes = 0
        self.n_campaign = 0
        self.n_duplicates = 0
        self.manifest: list[dict] = []

    def rng(self, *key) -> random.Random:
        return random.Random(":".join(map(str, (self.seed, *key))))

    def letter(self, rng: random.Random, short: bool = False) -> Letter:
        lang = pick_lang(rng)
        person = invent_person(rng)
        date = pick_date(rng)
        campaign = ""
        if rng.random() < CAMPAIGN_SHARE:
            k = rng.choices(range(len(self.campaigns)), weights=(4, 2, 1, 1))[0]
            title, body = campaign_copy(rng, self.campaigns[k], person, date)
            lang, campaign = "nb", f"kampanje_{k + 1}"
            self.n_campaign += 1
        else:
            title, body = compose(rng, self.pools, lang, person, short, self.realistic)
        greeting = rng.choice(GREETINGS[lang])
        letter = Letter(title, body, greeting, signature(rng, person, lang), person, lang, date,
                        campaign)
        self.count_sentences(letter.full())
        return letter

    def count_sentences(self, text: str) -> None:
        from pipeline.cluster.text import match_key

        for line in text.split("\n"):
            for sentence in SENTENCE_END.split(line):
                key = match_key(sentence)
                if len(key) >= MIN_SEGMENT_CHARS:  # shorter lines are no segment
                    self.sentences[key] += 1

    def write(self, rel: str, data: bytes, date: tuple[int, ...], fmt: str, n_subs: int,
              duplicate_of: str = "") -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        stamp = M.oslo(tuple(date)).timestamp()
        os.utime(path, (stamp, stamp))
        self.files[fmt] += 1
        self.subs[fmt] += n_subs
        self.bytes += len(data)
        self.manifest.append({"path": rel, "format": fmt, "submissions": n_subs,
                              "duplicate_of": duplicate_of})

    # -- single files ---------------------------------------------------------------
    def single(self, i: int, fmt: str) -> None:
        rng = self.rng("file", i)
        letter = self.letter(rng)
        slug = re.sub(r"[^a-z0-9]+", "-", letter.person.name.lower().translate(NO_AAO)).strip("-")
        date = "{:04d}-{:02d}-{:02d}".format(*letter.date[:3])
        rel = f"{FOLDERS[fmt]}/{date}_{i:06d}_{slug}.{fmt}"
        data = WRITERS[fmt](rng, letter, rel)
        self.write(rel, data, letter.date, fmt, 1)
        if rng.random() < DUPLICATE_SHARE and self.remaining > 0:
            copy = f"{FOLDERS[fmt]}/{date}_{i:06d}_{slug}_kopi.{fmt}"
            self.write(copy, data, letter.date, fmt, 1, duplicate_of=rel)
            self.remaining -= 1
            self.n_duplicates += 1

    # -- form exports ---------------------------------------------------------------
    def form_row(self, rng: random.Random) -> tuple[Letter, str]:
        letter = self.letter(rng, short=True)
        text = letter.body
        if rng.random() < 0.3:
            text += "\n\n" + letter.sig  # some type their name and phone into the answer
        return letter, text

    def csv_file(self, j: int, rows: int) -> None:
        rng = self.rng("csv", j)
        out_rows = []
        for r in range(rows):
            letter, text = self.form_row(rng)
            p = letter.person
            when = "{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}".format(*letter.date,
                                                                      rng.randint(0, 59))
            show = rng.random() < 0.6
            out_rows.append([str(6000000 + 1000 * j + r), when, p.kommune, p.fylke,
                             rng.choice(THEME_LABELS), text, rng.choice(SERIO_ANSWERS),
                             p.org, p.name if show else "", p.email if show else ""])
        data = M.csv_bytes(CSV_HEADERS, out_rows)
        self.write(f"skjema/nettskjema_eksport_{j:04d}.csv", data, (2026, 4, 15, 12, 0), "csv",
                   rows)

    def xlsx_file(self, j: int, rows: int) -> None:
        rng = self.rng("xlsx", j)
        out_rows = []
        for r in range(rows):
            letter, text = self.form_row(rng)
            p = letter.person
            begin = dt.datetime(*letter.date)
            anon = rng.random() < 0.3
            out_rows.append([r + 1, begin, begin + dt.timedelta(minutes=rng.randint(2, 30)),
                             "anonymous" if anon else p.email, "" if anon else p.name,
                             p.kommune, rng.choice(THEME_LABELS), text])
        data = M.xlsx_bytes(XLSX_HEADERS, out_rows, date_cols=(2, 3))
        self.write(f"skjema/microsoft_forms_{j:04d}.xlsx", data, M.EXPORT_DATE, "xlsx", rows)

    def json_file(self, j: int, rows: int) -> None:
        rng = self.rng("json", j)
        items = []
        for _ in range(rows):
            letter, text = self.form_row(rng)
            p = letter.person
            when = M.oslo(letter.date).isoformat()
            items.append({"navn": p.name, "epost": p.email, "kommune": p.kommune,
                          "tema": rng.choice(THEME_LABELS), "innspill": text, "tidspunkt": when})
        self.write(f"skjema/nettinnspill_{j:04d}.json", M.json_bytes(items), (2026, 4, 15, 12, 0),
                   "json", rows)

    # -- plan -----------------------------------------------------------------------
    def run(self) -> dict:
        rng = self.rng("plan")
        n_form = round(self.n * FORM_SHARE)
        jobs: list[tuple[str, int, int]] = []  # (format, index, rows)
        counts = {"csv": 0, "xlsx": 0, "json": 0}
        left = n_form
        fmts = list(FORM_SPLIT)
        for fmt in fmts:
            want = left if fmt == fmts[-1] else round(n_form * FORM_SPLIT[fmt])
            want = min(want, left)
            left -= want
            lo, hi = ROWS_PER_FILE[fmt]
            while want > 0:
                rows = min(want, rng.randint(lo, hi))
                jobs.append((fmt, counts[fmt], rows))
                counts[fmt] += 1
                want -= rows
        for fmt, j, rows in jobs:
            getattr(self, f"{fmt}_file")(j, rows)
        self.remaining = self.n - n_form
        names, weights = list(FILE_WEIGHTS), list(FILE_WEIGHTS.values())
        i = 0
        while self.remaining > 0:
            fmt = rng.choices(names, weights)[0]
            self.remaining -= 1
            self.single(i, fmt)
            i += 1
        total = sum(self.subs.values())
        assert total == self.n, (total, self.n)
        return {
            "submissions": total,
            "files": sum(self.files.values()),
            "files_per_format": dict(sorted(self.files.items())),
            "submissions_per_format": dict(sorted(self.subs.items())),
            "campaign_copies": self.n_campaign,
            "exact_duplicate_files": self.n_duplicates,
            "bytes": self.bytes,
            "diversity": "realistic" if self.realistic else "pool",
            "filler": "norne" if self.pools.filler else "none",
            # sentences and lines long enough to be segments (signatures too); a duplicate
            # file counts once (it is one letter written twice)
            "distinct_sentence_share": round(
                len(self.sentences) / max(1, sum(self.sentences.values())), 4),
        }


def make_inbox(n: int, out: Path, seed: int = 0, clean: bool = True,
               diversity: str = "realistic", filler_dir: Path | str | None = "auto") -> dict:
    """Write the inbox; returns the summary (``manifest`` lists every file).

    ``diversity``: ``realistic`` or ``pool`` (module docstring). ``filler_dir``: the NorNE
    folder for real prose; ``"auto"`` finds ``../shared/data/norne`` when present, ``None``
    uses none (then the inbox depends only on ``n``, ``seed`` and ``diversity``).
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SystemExit(f"{out} is not a folder")
    if clean and out.exists():
        foreign = sorted(p.name for p in out.iterdir() if p.name not in set(FOLDERS.values()))
        if foreign:  # never empty a folder this script did not write
            raise SystemExit(f"{out} holds other files ({', '.join(foreign[:3])}); "
                             "choose an empty or new folder")
        for name in set(FOLDERS.values()):
            shutil.rmtree(out / name, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    where = default_filler_dir() if filler_dir == "auto" else (
        Path(filler_dir) if filler_dir is not None else None)
    gen = Generator(n, out, seed, diversity, where)
    summary = gen.run()
    summary["manifest"] = sorted(gen.manifest, key=lambda m: m["path"])
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of submissions")
    ap.add_argument("out", type=Path, help="output folder (new, empty, or an earlier output)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--manifest", type=Path, help="also write the file list as JSON here")
    ap.add_argument("--diversity", choices=DIVERSITIES, default="realistic",
                    help="realistic (default): nearly every sentence distinct; "
                         "pool: the sentence pools recombined as they are")
    ap.add_argument("--filler", default="auto",
                    help="NorNE folder for real prose in context paragraphs "
                         "(auto: ../shared/data/norne when present; none: no real prose)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    t0 = time.perf_counter()
    filler = None if args.filler == "none" else args.filler
    summary = make_inbox(args.n, args.out, args.seed, diversity=args.diversity, filler_dir=filler)
    secs = time.perf_counter() - t0
    if args.manifest:
        args.manifest.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n",
                                 encoding="utf-8")
    print(f"{summary['submissions']} innspill i {summary['files']} filer → {args.out} "
          f"({summary['bytes'] / 1e6:.1f} MB, {secs:.1f} s, frø {args.seed})")
    print(f"{'format':<6} {'filer':>7} {'innspill':>9}")
    for fmt, nfiles in summary["files_per_format"].items():
        print(f"{fmt:<6} {nfiles:>7} {summary['submissions_per_format'][fmt]:>9}")
    print(f"kampanjekopier: {summary['campaign_copies']}, "
          f"eksakte duplikatfiler: {summary['exact_duplicate_files']}")
    print(f"variasjon: {summary['diversity']} (ekte prosa: {summary['filler']}), "
          f"ulike setninger: {100 * summary['distinct_sentence_share']:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
