"""Hostile and broken files: each is quarantined (or skipped) with a plain-Norwegian reason,
and the rest of the inbox is still ingested."""

from __future__ import annotations

import os
import zipfile
from io import BytesIO

import pytest

from pipeline.config import Params
from pipeline.ingest import ingest_inbox
from tests.ingest_fixtures import (
    LETTER,
    billion_laughs_docx,
    docx_bytes,
    email_message,
    eml_bytes,
    pdf_bytes,
    write,
    xlsx_bytes,
    zip_bomb_docx,
)

GOOD = "god.txt"


def run_with(tmp_path, rel: str, data: bytes | str, **ingest_params):
    """Ingest an inbox of one good letter plus the hostile file; return the hostile row."""
    write(tmp_path, GOOD, LETTER)
    write(tmp_path, rel, data)
    params = Params.model_validate({"ingest": ingest_params}) if ingest_params else Params()
    result = ingest_inbox(tmp_path, params, cache_dir=None)
    good = result.ledger.set_index("path").loc[GOOD]
    assert good.status == "ok" and good.n_submissions == 1, "the rest of the inbox must survive"
    return result.ledger.set_index("path").loc[rel], result


@pytest.mark.parametrize("rel, data, reason", [
    ("tom.txt", b"", "tom fil"),
    ("blank.docx", b"   \n", "tom fil"),
    ("skannet.pdf", pdf_bytes(None), "ingen tekst i PDF (skannet?)"),
    ("avkortet.pdf", pdf_bytes("Heltid for alle.")[:300], "ødelagt eller avkortet PDF-fil"),
    ("binær.txt", bytes(range(256)) * 20, "binærfil med tekstnavn (.txt) – ikke lesbar tekst"),
    ("falsk.docx", b"Dette er ikke en Word-fil", "ødelagt eller avkortet Word-fil (.docx)"),
])
def test_simple_quarantines(tmp_path, rel, data, reason):
    row, _ = run_with(tmp_path, rel, data)
    assert row.status == "quarantined"
    assert row.reason.startswith(reason)
    assert row.n_submissions == 0


def test_truncated_docx_and_xlsx(tmp_path):
    row, _ = run_with(tmp_path, "kuttet.docx", docx_bytes([LETTER])[:2000])
    assert row.status == "quarantined" and "ødelagt eller avkortet Word-fil (.docx)" in row.reason
    row, _ = run_with(tmp_path, "kuttet.xlsx", xlsx_bytes([["Innspill"], ["Tekst " * 20]])[:1500])
    assert row.status == "quarantined" and "Excel-fil (.xlsx)" in row.reason


def test_size_cap(tmp_path):
    row, _ = run_with(tmp_path, "stor.txt", "heltid " * 200_000, max_file_mb=1)
    assert row.status == "quarantined" and row.reason.startswith("filen er for stor")


def test_zip_bomb_is_refused_before_extraction(tmp_path):
    row, _ = run_with(tmp_path, "bombe.docx", zip_bomb_docx(300))
    assert row.status == "quarantined" and "mulig zip-bombe" in row.reason


def test_compression_ratio_cap(tmp_path):
    row, _ = run_with(tmp_path, "bombe.docx", zip_bomb_docx(20))
    assert row.status == "quarantined" and "komprimert" in row.reason


def test_xml_entity_tricks(tmp_path):
    row, _ = run_with(tmp_path, "latter.docx", billion_laughs_docx())
    assert row.status == "quarantined" and "DTD/entiteter" in row.reason


def test_macro_document_is_read_as_text_only(tmp_path):
    blob = BytesIO()
    with zipfile.ZipFile(BytesIO(docx_bytes([LETTER]))) as src, \
            zipfile.ZipFile(blob, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 Sub AutoOpen() Shell(\"x\")")
    row, result = run_with(tmp_path, "makro.docm", blob.getvalue())
    assert row.status == "ok" and "makroer ignorert" in row.reason
    sub = result.submissions[result.submissions.source_file == "makro.docm"].iloc[0]
    assert "faste stillinger" in sub.text


def test_attachment_path_traversal_name_is_only_displayed(tmp_path):
    attachment = ("../../etc/passwd", LETTER.encode(), "text/plain")
    data = eml_bytes("Se vedlegg.", attachments=[attachment])
    row, result = run_with(tmp_path, "post.eml", data)
    assert row.status == "ok"
    assert list(result.submissions[result.submissions.source_file == "post.eml"].source_part) == \
        ["passwd"]
    assert not (tmp_path.parent / "etc").exists()


def test_deeply_nested_email(tmp_path):
    inner = email_message(LETTER, "A <a@example.no>", "innerst")
    for level in range(8):
        outer = email_message(f"Nivå {level}", "B <b@example.no>", f"nivå {level}")
        outer.make_mixed()
        outer.attach(_as_rfc822(inner))
        inner = outer
    row, result = run_with(tmp_path, "dyp.eml", inner.as_bytes(), max_email_depth=3)
    # The outer levels' own texts still count; the part beyond the cap has a row of its own.
    assert row.status == "ok" and "vedlegg i karantene (egen rad)" in row.reason
    lost = result.ledger[result.ledger.path.str.startswith("dyp.eml / ")]
    assert lost.status.tolist() == ["quarantined"]
    assert "nøstet i mer enn 3 nivåer" in lost.reason.iloc[0]


def _as_rfc822(msg):
    from email.message import EmailMessage

    part = EmailMessage()
    part.set_content(msg)
    return part


def test_symlink_outside_raw_is_skipped_not_followed(tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    outside.write_text("hemmelig")
    raw = tmp_path / "raw"
    write(raw, GOOD, LETTER)
    os.symlink(outside, raw / "lenke.txt")
    result = ingest_inbox(raw, Params(), cache_dir=None)
    row = result.ledger.set_index("path").loc["lenke.txt"]
    assert row.status == "skipped" and "peker ut av data/raw" in row.reason
    assert "hemmelig" not in " ".join(result.submissions.text)


def test_text_longer_than_cap_is_cut_and_noted(tmp_path):
    row, result = run_with(tmp_path, "lang.txt", "Heltid er viktig. " * 1000, max_text_chars=1000)
    assert row.status == "ok" and "tekst kuttet ved 1000 tegn" in row.reason
    sub = result.submissions[result.submissions.source_file == "lang.txt"].iloc[0]
    assert len(sub.text) == 1000


def test_system_and_documentation_files_are_skipped(tmp_path):
    for rel in (".DS_Store", "Thumbs.db", "demo/README.md", "demo/EXPECTED.json", "~$brev.docx"):
        row, _ = run_with(tmp_path, rel, b"\x00\x01 systemfil")
        assert row.status == "skipped" and row.reason == "ikke et innspill (README/systemfil)"


def test_same_bytes_twice_is_a_duplicate_file(tmp_path):
    copy = "Vi vil ha en egen lov om heltid i kommunene, og vi mener det haster."
    write(tmp_path, "a/kopi.txt", copy)
    row, result = run_with(tmp_path, "b/kopi.txt", copy)
    assert row.status == "duplicate" and row.reason == "identisk med a/kopi.txt"
    assert row.n_submissions == 0 and len(result.submissions) == 2
