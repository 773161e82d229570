"""The data generators (``innspill_data``): their data files and what they write.

- the demo inbox written from the data files is byte for byte the committed ``data/raw/demo/``;
- every gold-set builder's ``--check`` passes (the committed files are what the data builds);
- the data files survive a YAML round trip unchanged, so the Norwegian texts are exactly what
  the generators read (UTF-8, NFC, no line folding, no trailing blanks an editor would strip).
"""

from __future__ import annotations

import io
import math
import unicodedata
from pathlib import Path

import pytest
import yaml

from innspill_data import (
    CONTENT,
    ROOT,
    gazetteer_check,
    notebooks,
    pii_gold,
    pii_heldout,
    proposal_groups,
    theme_split,
)
from innspill_data.demo_content import campaign_text, load_content
from innspill_data.demo_inbox import render_odt, write_inbox

DEMO = ROOT / "data" / "raw" / "demo"
DATA_FILES = sorted(CONTENT.glob("*.yaml"))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_demo_inbox_is_the_committed_one(tmp_path):
    write_inbox(tmp_path / "demo")
    written, committed = _files(tmp_path / "demo"), _files(DEMO)
    assert sorted(written) == sorted(committed)
    changed = [name for name in committed if written[name] != committed[name]]
    assert not changed, (f"{changed} differ from data/raw/demo: run "
                         "`.venv/bin/python -m innspill_data.demo_inbox` and commit the result")


def test_an_odt_does_not_depend_on_the_documents_written_before_it():
    """odfpy declares every namespace the process has used so far; the demo's ODT files
    must be the same whichever test wrote a document first."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table

    first = render_odt("# Tittel\nEtt avsnitt.", "Tittel", "Forfatter", (2026, 3, 1, 12, 0))
    other = OpenDocumentSpreadsheet()
    other.spreadsheet.addElement(Table(name="Ark1"))
    other.save(io.BytesIO())
    assert render_odt("# Tittel\nEtt avsnitt.", "Tittel", "Forfatter",
                      (2026, 3, 1, 12, 0)) == first


def test_demo_inbox_refuses_other_folders(tmp_path):
    (tmp_path / "inbox").mkdir()
    with pytest.raises(SystemExit):
        write_inbox(tmp_path / "inbox")  # it empties the folder first: only a demo/ folder


@pytest.mark.parametrize("module", [pii_gold, pii_heldout, proposal_groups, theme_split,
                                    notebooks], ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_builder_check_passes(module, capsys):
    assert module.main(["--check"]) == 0, capsys.readouterr()


def test_gazetteer_check_passes(capsys):
    assert gazetteer_check.main(["gazetteer_check"]) == 0, capsys.readouterr()


@pytest.mark.parametrize("path", DATA_FILES, ids=[p.name for p in DATA_FILES])
def test_data_file_round_trip(path):
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text), f"{path.name}: not Unicode NFC"
    blanks = [n for n, line in enumerate(text.splitlines(), 1) if line != line.rstrip()]
    assert not blanks, f"{path.name}: trailing blanks on lines {blanks[:5]}"
    assert "\t" not in text and "\r" not in text
    data = yaml.safe_load(text)
    again = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=math.inf)
    assert yaml.safe_load(again) == data


def test_campaign_copies_and_defaults_expand():
    content = load_content()
    with pytest.raises(ValueError, match="does not match"):
        campaign_text(content.campaign["text"], "Lag", "1. mars", [("finnes ikke", "x")])
    members = [s for e in content.emails for s in e["subs"] if s["campaign"]]
    assert members and all(s["themes"] == content.campaign["member"]["themes"]
                           and s["fylke"] == content.kommune_fylke[s["kommune"]]
                           for s in members)
    duplicate = next(e for e in content.emails if e.get("duplicate_of"))
    original = next(e for e in content.emails
                    if "demo/" + e["path"] == duplicate["duplicate_of"])
    assert duplicate["body"] == original["body"] and duplicate["subs"] == original["subs"]
    assert duplicate["subs"] is not original["subs"]
