"""Every file name and every odd file gets a ledger row (issue 16, cases 3, 4, 6, 7, 10)."""

from __future__ import annotations

import os
import socket

import pandas as pd

from pipeline import tables
from pipeline.config import Params
from pipeline.ingest import ingest_metrics, run
from pipeline.ingest.ledger import escape_name, unescape_name
from tests.faults.fixtures import deeply_nested_mail
from tests.faults.helpers import GOOD, row, run_inbox
from tests.ingest_fixtures import LETTER, eml_bytes, write

OTHER = LETTER.replace("Tromsø Arbeiderparti", "Bodø Arbeiderparti")


def test_non_utf8_name_is_read_and_written(tmp_path, monkeypatch):
    raw = tmp_path / "data" / "raw"
    (raw).mkdir(parents=True)
    (raw / os.fsdecode(b"s\xf8knad fra laget.txt")).write_text(OTHER, encoding="utf-8")
    result = run_inbox(raw)
    name = "s\\xf8knad fra laget.txt"
    assert row(result, name).status == "ok"
    assert os.fsencode(unescape_name(name)) == b"s\xf8knad fra laget.txt"  # reversible
    # The stage's writers (ledger CSV, Parquet) store the name.
    monkeypatch.chdir(tmp_path)
    run(Params())
    ledger = tables.read_table(tmp_path / "data/processed", tables.LEDGER)
    assert name in set(ledger["path"])
    subs = pd.read_parquet(tmp_path / "data/processed" / tables.SUBMISSIONS)
    assert name in set(subs["source_file"])


def test_control_characters_and_long_names(tmp_path):
    raw = tmp_path / "raw"
    write(raw, "linje\nskift\x07.txt", OTHER)
    write(raw, ("å" * 120) + ".txt", OTHER.replace("Bodø", "Alta"))
    result = run_inbox(raw)
    assert row(result, "linje\\nskift\\x07.txt").status == "ok"
    assert row(result, ("å" * 120) + ".txt").status == "ok"
    assert not result.ledger["path"].str.contains("\n").any()


def test_escape_name_round_trips():
    for name in [os.fsdecode(b"\xe6\xf8\xe5.txt"), "a\\b", "tab\there", "\x85", "ærlig.txt",
                 "\\x41", "x\u2028y"]:
        escaped = escape_name(name)
        assert escaped.isprintable() and unescape_name(escaped) == name
    assert escape_name("innspill fra Lier.docx") == "innspill fra Lier.docx"


def test_fifo_socket_are_skipped_without_opening(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    os.mkfifo(raw / "kø.txt")  # reading it would block forever
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(raw / "sokkel"))
        result = run_inbox(raw)
    finally:
        sock.close()
    assert row(result, "kø.txt").reason == "spesialfil (FIFO) – ikke et innspill, ikke åpnet"
    assert row(result, "sokkel").status == "skipped"


def test_readme_named_submission_is_read(tmp_path):
    raw = tmp_path / "raw"
    write(raw, "README-innspill.txt", OTHER)
    write(raw, "README.md", "# Om denne mappen\nFilene er eksporten fra postkassen.")
    result = run_inbox(raw)
    assert row(result, "README-innspill.txt").status == "ok"
    assert row(result, "README.md").status == "skipped"


def test_unreadable_subfolder_gets_a_row(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    write(raw, "lukket/brev.txt", OTHER)
    real = os.scandir

    def scandir(path="."):  # as for a folder without read permission (tests may run as root)
        if isinstance(path, str | os.PathLike) and os.fspath(path).endswith("lukket"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run_inbox(raw)
    bad = row(result, "lukket/")
    assert bad.status == "quarantined"
    assert bad.reason == "mappen kan ikke leses (ingen tilgang) – filene i den er ikke lest"


def test_duplicate_attachment_names_are_read_by_their_real_extension(tmp_path):
    letters = [OTHER.replace("Bodø", place) + f" Vi ber særlig om {topic}."
               for place, topic in (("Molde", "heltid"), ("Hamar", "lærlinger"),
                                    ("Alta", "tariff"))]
    for ext in ("txt", "md", "csv"):
        attachments = [(f"innspill.{ext}", text.encode(), "text/plain") for text in letters]
        if ext == "csv":
            attachments = [(f"innspill.{ext}", f"Innspill\n\"{text}\"\n".encode(), "text/csv")
                           for text in letters]
        write(tmp_path / f"raw-{ext}", "post.eml",
              eml_bytes("Se vedlegg.", attachments=attachments))
        result = run_inbox(tmp_path / f"raw-{ext}")
        mail = row(result, "post.eml")
        assert mail.status == "ok" and mail.n_submissions == 3, (ext, mail.reason)
        parts = set(result.submissions.query("source_file == 'post.eml'").source_part)
        assert {p.split(" / ")[0] for p in parts} == {
            f"innspill.{ext}", f"innspill.{ext} (2)", f"innspill.{ext} (3)"}


def test_lost_attachment_gets_its_own_row_not_an_ok(tmp_path):
    attachments = [("brev.txt", OTHER.encode(), "text/plain"),
                   ("ødelagt.docx", b"ikke en Word-fil", "application/octet-stream")]
    write(tmp_path / "raw", "post.eml", eml_bytes("Se vedlegg.", attachments=attachments))
    result = run_inbox(tmp_path / "raw")
    assert row(result, "post.eml").status == "ok"
    lost = row(result, "post.eml / ødelagt.docx")
    assert lost.status == "quarantined" and "Word-fil" in lost.reason
    metrics = ingest_metrics(result)  # the lost attachment is no file of its own
    assert metrics["files"] == 1 + len(GOOD) and metrics["lost_attachments"] == 1
    assert metrics["files_by_status"]["quarantined"] == 0


def test_letter_beyond_mime_depth_is_in_the_ledger(tmp_path):
    write(tmp_path / "raw", "dyp.eml", deeply_nested_mail(OTHER, levels=60))
    result = run_inbox(tmp_path / "raw")
    bad = row(result, "dyp.eml")
    assert bad.status == "quarantined" and "nøstet" in bad.reason


def test_symlinks_dangling_loop_and_out_of_inbox(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    os.symlink(raw / "finnes-ikke.txt", raw / "død.txt")
    os.symlink(raw / "l2", raw / "l1")
    os.symlink(raw / "l1", raw / "l2")
    os.symlink("/etc", raw / "etc")
    result = run_inbox(raw)
    assert row(result, "død.txt").reason.startswith("brutt symbolsk lenke")
    assert row(result, "l1").reason.startswith("symbolsk lenke i en løkke")
    assert row(result, "etc").reason == "symbolsk lenke som peker ut av data/raw – ikke fulgt"
    assert set(result.ledger["path"]) == {"død.txt", "l1", "l2", "etc", *GOOD}


def test_reasons_are_norwegian(tmp_path, monkeypatch):
    from pipeline.ingest import read_file, readers
    from pipeline.ingest.model import ReadContext

    def broken(blob, name, ctx):
        from xml.etree.ElementTree import ParseError

        raise ParseError("not well-formed")

    monkeypatch.setitem(readers.READERS, "txt", broken)
    result = read_file(b"Innspill om heltid", "brev.txt", ReadContext())
    assert result.status == "quarantined" and "ParseError" not in result.reason
    assert result.reason.startswith("filen kunne ikke leses")


def test_pdf_decompression_bomb_is_named_as_such(monkeypatch):
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    from pipeline.ingest.model import Quarantine, ReadContext
    from pipeline.ingest.readers.documents import read_pdf
    from tests.ingest_fixtures import pdf_bytes

    def bomb(self, *args, **kwargs):
        raise LimitReachedError("limit reached")

    monkeypatch.setattr(PdfReader, "__init__", bomb)
    try:
        read_pdf(pdf_bytes("Heltid."), "bombe.pdf", ReadContext())
    except Quarantine as exc:
        assert "dekomprimeringsbombe" in str(exc)
    else:
        raise AssertionError("not quarantined")
