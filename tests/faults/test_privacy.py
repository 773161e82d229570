"""Personal data in metadata never reaches reports/ (issue 16, cases 5 and 9): file names,
attachment names and organisation fields go through the same redactor as the texts, and
CSV outputs neutralise formula prefixes as the workbook does."""

from __future__ import annotations

import datetime as dt
import zipfile

import pandas as pd
import pytest

from pipeline import tables
from pipeline.config import Params, ReportParams
from pipeline.report.metadata import cached_redactor, name_variant, redact_metadata
from pipeline.report.safe import redacted_view
from pipeline.report.stage import _csv, render_report
from pipeline.taxonomy import load_taxonomy
from tests.report_fixtures import make_metrics, make_tables

PII = ["Kari Nordmann", "kari_nordmann", "98765432", "01018012345", "Ola Hansen",
       "Per Olsen"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    raw = make_tables()
    subs, ledger = raw.submissions.copy(), raw.ledger.copy()
    subs.loc[0, "source_file"] = "innboks/kari_nordmann_98765432.docx"
    subs.loc[1, "source_file"] = "post/innspill.eml"
    subs.loc[1, "source_part"] = "Søknad Ola Hansen 01018012345.pdf"
    subs.loc[2, "organisation"] = "Per Olsen"  # a person typed into the organisation field
    subs.loc[3, "organisation"] = "Fagforbundet Tromsø"
    extra = pd.DataFrame([
        {"path": "innboks/kari_nordmann_98765432.docx", "sha256": "a" * 64, "bytes": 9,
         "status": "ok", "reason": "", "n_submissions": 1},
        {"path": "post/Ola Hansen sitt brev.pdf", "sha256": "b" * 64, "bytes": 9,
         "status": "quarantined", "reason": "ødelagt eller avkortet PDF-fil", "n_submissions": 0},
        {"path": "kopi.txt", "sha256": "c" * 64, "bytes": 9, "status": "duplicate",
         "reason": "identisk med innboks/kari_nordmann_98765432.docx", "n_submissions": 0},
        {"path": "post/innspill.eml / Per Olsen.docx", "sha256": "", "bytes": 0,
         "status": "quarantined", "reason": "vedlegget «Per Olsen.docx» er tomt",
         "n_submissions": 0},
    ])
    raw = tables.Tables(submissions=subs, segments=raw.segments, topics=raw.topics,
                        ledger=pd.concat([ledger, extra], ignore_index=True))
    out = tmp_path_factory.mktemp("rapport")
    view = redact_metadata(redacted_view(raw),
                           cached_redactor(Params(), tmp_path_factory.mktemp("cache")))
    render_report(view, load_taxonomy("arbeidsliv"), make_metrics(), ReportParams(), out,
                  dt.date(2026, 2, 1))
    return out, view


def _all_text(out) -> str:
    parts = [(out / "rapport.html").read_text(encoding="utf-8")]
    for name in ("rapport.docx", "rapport.xlsx", "innspill.xlsx"):
        with zipfile.ZipFile(out / name) as zf:
            parts += [zf.read(n).decode("utf-8", "replace") for n in zf.namelist()
                      if n.endswith(".xml")]
    parts += [p.read_text(encoding="utf-8") for p in (out / "plots").glob("*.csv")]
    return "\n".join(parts)


def test_no_personal_data_in_any_report_file(report):
    out, _ = report
    text = _all_text(out)
    for item in PII:
        assert item not in text, item


def test_what_the_reader_sees_instead(report):
    _, view = report
    files = set(view.submissions.source_file)
    assert "innboks/[NAVN] [TELEFON].docx" in {f.replace("_", " ") for f in files} or any(
        "[NAVN]" in f and "[TELEFON]" in f for f in files)
    assert "post/innspill.eml" in files  # names without personal data stay as they are
    assert "Fagforbundet Tromsø" in set(view.submissions.organisation)
    assert "" in set(view.submissions.organisation)  # a person's name is no organisation
    paths = set(view.ledger.path)
    assert "post/[NAVN] sitt brev.pdf" in paths
    assert "post/innspill.eml / [NAVN].docx" in paths
    reasons = set(view.ledger.reason)
    assert "vedlegget «[NAVN].docx» er tomt" in reasons
    assert not any("kari" in r.lower() for r in reasons)


def test_reasons_are_searched_only_for_the_names_that_change():
    from pipeline.report.metadata import _redact_reason

    done = {"kari_nordmann.txt": "[NAVN].txt", "innspill.txt": "innspill.txt",
            "Kari": "[NAVN]", "mappe": "mappe"}
    reason = "identisk med mappe/kari_nordmann.txt og «Kari»; se innspill.txt"
    changed = {"kari_nordmann.txt": "[NAVN].txt", "Kari": "[NAVN]"}
    expected = "identisk med mappe/[NAVN].txt og «[NAVN]»; se innspill.txt"
    assert _redact_reason(reason, done) == expected
    assert _redact_reason(reason, done, changed) == expected


def test_name_variant_keeps_positions():
    assert name_variant("kari_nordmann-98765432.docx") == "Kari Nordmann 98765432 Docx"
    assert len(name_variant("æøå_x")) == len("æøå_x")


def test_plot_csv_neutralises_formulas():
    data = _csv(("forslag", "innspill"), [("=HYPERLINK(\"http://x\")", 3), ("Heltid", 2)])
    lines = data.decode("utf-8").splitlines()
    assert lines[1].startswith("\"'=HYPERLINK(") and lines[2] == "Heltid,2"


def test_ledger_csv_neutralises_formulas_and_round_trips(tmp_path):
    ledger = pd.DataFrame([
        {"path": "=HYPERLINK(x).txt", "sha256": "a" * 64, "bytes": 1, "status": "ok",
         "reason": "", "n_submissions": 0},
        {"path": "'sitat.txt", "sha256": "b" * 64, "bytes": 1, "status": "skipped",
         "reason": "@SUM(1)", "n_submissions": 0},
        {"path": "vanlig.txt", "sha256": "c" * 64, "bytes": 1, "status": "skipped",
         "reason": "-", "n_submissions": 0},
    ])
    tables.write_table(ledger, tmp_path, tables.LEDGER)
    raw = (tmp_path / tables.LEDGER).read_text(encoding="utf-8")
    for line in raw.splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@")), line
    back = tables.read_table(tmp_path, tables.LEDGER)
    assert list(back.path) == list(ledger.path) and list(back.reason) == list(ledger.reason)


def test_place_and_topic_words_in_file_names_are_not_taken_for_names(report):
    """Name recognition sees a name in any capitalised pair; file names need the name lists."""
    from pipeline.report.metadata import cached_redactor

    redact = cached_redactor(Params(), None)
    keep = ["fagforbundet_lillehammer_heltid.docx", "2026-02-13_fylkesvei-nord-fron.eml",
            "AUF_Agder_innspill.txt", "agency-worker-drammen.eml"]
    assert redact(keep, "name") == {k: k for k in keep}
    got = redact(["brev fra kari.txt", "Søknad Ola Hansen.pdf"], "name")
    assert got == {"brev fra kari.txt": "brev fra [NAVN].txt",
                   "Søknad Ola Hansen.pdf": "Søknad [NAVN].pdf"}
