"""Names on real text (issue 14): document-level spreading of found names, the public-figure
policy (redacted unless allow-listed), the report's note on allow-listed names, and the NorNE
benchmark (``benchmarks/names_eval.py``), which must say so and exit cleanly without
``../shared``. Every redaction test runs on both backends (model and blank fallback)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from pipeline.redact import Redactor, find_name_mentions, name_parts
from pipeline.report.context import kept_names_note
from pipeline.spacy_backend import load_backend
from tests.prepare.redact_helpers import KEEP

ROOT = Path(__file__).resolve().parents[2]
NORNE = ROOT.parent / "shared" / "data" / "norne"


def _red(r: Redactor, text: str, sender: str = "") -> str:
    return r.redact(text, r.find(text, sender_names=[sender] if sender else ()))


def _backend(r: Redactor) -> str:
    return r.engine.nlp["nb"].meta.get("name", "?")


# ---------------------------------------------------------------- spreading
@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # surname alone after the full name
        ("Vi møtte Kari Nordmann på verkstaden. Etterpå sa Nordmann at kontrakten var ulovlig.",
         ["Nordmann", "Kari"]),
        # possessive / genitive of a found name
        ("Turnusen ble laget av Ola Hansen i fjor. Hansens turnus ga oss ingen fridager.",
         ["Hansen"]),
        ("Vi skreiv til Jonas Gahr Støre. Støres svar kom aldri.", ["Støre", "Jonas"]),
        # the first name alone when it was part of a found full name
        ("Tillitsvalgt Ingrid Haugland tok saken. Ingrid fikk ikke svar før i mars.",
         ["Ingrid", "Haugland"]),
        # a surname before the full name (spreading works backwards too)
        ("Det var Bakkevold som ringte. Senere skrev Torstein Bakkevold et brev.",
         ["Bakkevold", "Torstein"]),
    ],
)
def test_found_names_spread_over_the_document(redactors, text, gone):
    for r in redactors:
        red = _red(r, text)
        for word in gone:
            assert word not in red, (_backend(r), text, red)


def test_sender_name_spreads_into_the_body(redactors):
    text = ("Jeg har jobbet som renholder i tolv år. Sjefen kaller meg bare Marit, og "
            "Kvalheims lønn har stått stille.")
    for r in redactors:
        red = _red(r, text, sender="Marit Kvalheim")
        assert "Marit" not in red and "Kvalheim" not in red, (_backend(r), red)


def test_spreading_does_not_enter_compounds_or_lower_case_words(redactors):
    # "Berg" as a found surname must not redact "berg" the word or a compound
    text = "Ole Berg jobbet på berget. Berg-utvalget kom med rapporten, sa Berg."
    for r in redactors:
        red = _red(r, text)
        assert "på berget" in red and "Berg-utvalget" in red, (_backend(r), red)
        assert "sa [NAVN]" in red


def test_name_parts_and_mentions():
    assert name_parts(["Kari Nordmann", "Støres", "Ole-Martin Bakken"]) == [
        "Bakken", "Kari", "Martin", "Nordmann", "Ole", "Ole-Martin", "Støre", "Støres"]
    assert name_parts(["Avdelingsleder", "K.", "de"]) == []
    text = "Støre og Støres og Støre's, men ikke Støre-regjeringen eller støre."
    found = [text[s.start : s.end] for s in find_name_mentions(text, ["Støre"])]
    assert found == ["Støre", "Støres", "Støre's"]


# ---------------------------------------------------------------- public figures
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Statsminister Jonas Gahr Støre lovet heltid.", "Støre"),
        ("Vi viser til Einar Gerhardsens idé om arbeid til alle.", "Gerhardsen"),
        ("Erna Solberg svarte ikke på brevet vårt.", "Solberg"),
    ],
)
def test_public_figures_are_redacted_by_default(redactors, text, name):
    for r in redactors:
        assert name not in _red(r, text), _backend(r)


def test_allow_list_keeps_a_named_public_contact():
    text = "Statsminister Jonas Gahr Støre lovet heltid, og Støre gjentok det."
    for model in ("nb_core_news_sm", "blank"):
        r = Redactor(load_backend(model).nlp, keep_names=[*KEEP, "Jonas Gahr Støre"])
        assert _red(r, text) == text, model
    # the taxonomy's public contacts are kept in any case
    for r in (Redactor(load_backend(m).nlp, keep_names=KEEP) for m in ("nb_core_news_sm", "blank")):
        text = "Arild Grande og Lars Raaum besøkte oss. Grande lovet svar."
        assert _red(r, text) == text


# ---------------------------------------------------------------- the report's note
def test_report_names_the_allow_listed_names_that_occur():
    texts = ["Vi møtte Arild Grande i mai.", "Grande lovet svar.", "Ingen navn her, [NAVN]."]
    note = kept_names_note(texts, ["Arild Grande", "Lars Raaum", "arbeid@arbeiderpartiet.no"])
    assert "Arild Grande (1 innspill)" in note
    assert "Raaum" not in note and "@" not in note
    assert "Ingen navn" in kept_names_note(texts, ["Lars Raaum"])


def test_report_method_chapter_lists_kept_names():
    import dataclasses
    import datetime as dt

    from report_fixtures import make_metrics, make_tables

    from pipeline.config import ReportParams
    from pipeline.report.context import build_context
    from pipeline.report.safe import redacted_view
    from pipeline.taxonomy import load_taxonomy

    raw = make_tables()
    subs = raw.submissions.copy()
    first = subs.index[0]
    subs.loc[first, "text_redacted"] = "Vi møtte Jonas Gahr Støre og Arild Grande. " + str(
        subs.loc[first, "text_redacted"])
    raw = dataclasses.replace(raw, submissions=subs)
    ctx = build_context(redacted_view(raw), load_taxonomy("arbeidsliv"), make_metrics(),
                        ReportParams(), dt.date(2026, 2, 1), kept_names=["Jonas Gahr Støre"])
    note = next(c for c in ctx.method.caveats if "listen over offentlige kontaktpersoner:" in c)
    assert "Jonas Gahr Støre (1 innspill)" in note and "Arild Grande (1 innspill)" in note
    assert "Raaum" not in note


# ---------------------------------------------------------------- the NorNE benchmark
def _names_eval():
    """The benchmark script as a module (it is no package; dataclasses need it registered)."""
    if "names_eval" in sys.modules:
        return sys.modules["names_eval"]
    path = ROOT / "benchmarks" / "names_eval.py"
    spec = importlib.util.spec_from_file_location("names_eval", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["names_eval"] = module
    spec.loader.exec_module(module)
    return module


def test_benchmark_says_so_and_exits_cleanly_without_norne(tmp_path, capsys):
    ne = _names_eval()
    out = tmp_path / "names_eval.md"
    assert ne.main(["--norne", str(tmp_path / "absent"), "--out", str(out)]) == 0
    assert "not found" in capsys.readouterr().out
    assert not out.exists()


def test_benchmark_scores_an_invented_conll_file(tmp_path):
    """Passage building and scoring on a tiny invented file (not NorNE)."""
    ne = _names_eval()
    rows = [("Kari", "B-PER"), ("Nordmann", "I-PER"), ("bor", "O"), ("i", "O"),
            ("Bodø", "B-GPE_LOC"), (".", "O"), ("Nordmanns", "B-PER"), ("bil", "O"), (".", "O")]
    lines = [f"{i}\t{w}\t_\t_\t_\t_\t0\t_\t_\tname={t}" for i, (w, t) in enumerate(rows, 1)]
    path = tmp_path / "doc001_0000.conll"
    path.write_text("\n".join(lines[:6]) + "\n\n" + "\n".join(lines[6:]) + "\n", encoding="utf-8")
    [(part, passage)] = list(ne.load_passages(tmp_path, 10))
    assert part in ("dev", "heldout") and part == ne.part_of("doc001_0042.conll")
    assert passage.text == "Kari Nordmann bor i Bodø. Nordmanns bil."
    from pipeline.redact import PiiSpan

    start = passage.text.index("Nordmanns")
    spans = [PiiSpan(0, 13, "PERSON", 1.0), PiiSpan(start, start + 8, "PERSON", 1.0)]
    score, missed, wrong = ne.score_passage(passage, spans)
    assert (score.names, score.names_caught, missed, wrong) == (2, 2, [], [])  # "[NAVN]s" hides
    score, missed, _ = ne.score_passage(passage, spans[:1])
    assert score.recall == 0.5 and missed == ["Nordmanns"]
    assert score.other_tokens == 4 and score.over_redaction == 0


@pytest.mark.skipif(not NORNE.is_dir(), reason="../shared/data/norne finnes ikke her")
def test_benchmark_runs_on_norne(tmp_path, capsys):
    ne = _names_eval()
    assert ne.main(["--folders", "nno", "--parts", "dev", "--limit", "5", "--backends", "blank",
                    "--out", str(tmp_path / "t.md")]) == 0
    table = (tmp_path / "t.md").read_text(encoding="utf-8")
    assert "| nno | dev | blank | 5 |" in table
