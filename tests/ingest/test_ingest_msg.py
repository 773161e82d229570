"""Outlook ``.msg`` files, built in code by :mod:`tests.msg_fixture`, through the reader."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import extract_msg
import olefile
import pandas as pd
import pytest

from pipeline.config import Params
from pipeline.ingest import context_from_params, ingest_inbox, read_file
from pipeline.ingest.detect import detect_format
from tests.ingest_fixtures import LETTER, docx_bytes, write
from tests.msg_fixture import ROOT, STORAGE, STREAM, cfb_bytes, make_msg

OSLO_WINTER = timezone(timedelta(hours=1))
DATE = datetime(2025, 3, 11, 9, 30, tzinfo=OSLO_WINTER)  # 08:30 UTC
BODY = ("Vi vil ha flere lærlinger på Østlandet og økt grunnbemanning på sjukehjemmet i "
        "Ålesund. Særlig viktig er hele, faste stillinger.\n\nHilsen Åse Ødegård")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def ingest(root: Path):
    return ingest_inbox(root, Params(), cache_dir=None)


def only(result, rel: str) -> pd.DataFrame:
    return result.submissions[result.submissions["source_file"] == rel]


# ------------------------------------------------------------------------- the fixture itself
def test_cfb_writer_is_read_strictly_by_olefile():
    small, big = b"liten", bytes(range(256)) * 20  # mini stream and regular sectors
    tree = {f"s{i:02d}": bytes([i]) * i for i in range(1, 12)}
    tree |= {"Stor": big, "Tom": b"", "Mappe": {"inne": small, "Under": {"dypt": big}}}
    blob = cfb_bytes(tree)
    with olefile.OleFileIO(blob, raise_defects=olefile.DEFECT_POTENTIAL) as ole:
        assert ole.openstream("Stor").read() == big
        assert ole.openstream("Mappe/inne").read() == small
        assert ole.openstream("Mappe/Under/dypt").read() == big
        assert ole.openstream("Tom").read() == b""
        assert ole.openstream("s07").read() == b"\x07" * 7
        assert ole.get_type("Mappe") == STORAGE and ole.get_type("Stor") == STREAM
        assert ole.direntries[0].entry_type == ROOT

        # Each storage's children form a binary search tree in [MS-CFB] order.
        def in_order(sid):
            if sid == olefile.NOSTREAM:
                return []
            entry = ole.direntries[sid]
            return in_order(entry.sid_left) + [entry.name] + in_order(entry.sid_right)

        names = in_order(ole.direntries[0].sid_child)
        assert names == sorted(names, key=lambda n: (len(n), n.upper()))
        assert len(names) == len(tree)


def test_make_msg_reads_back_with_extract_msg():
    blob = make_msg("Innspill om heltid", BODY, "Åse Ødegård", "ase@example.no", DATE,
                    html_body="<p>Hei</p>", attachments=[("brev.txt", "Brev æøå".encode())])
    msg = extract_msg.openMsg(blob)
    try:
        assert type(msg).__name__ == "Message" and msg.classType == "IPM.Note"
        assert msg.subject == "Innspill om heltid" and msg.body == BODY
        assert msg.sender == "Åse Ødegård <ase@example.no>"
        assert msg.date == datetime(2025, 3, 11, 8, 30, tzinfo=UTC)
        assert msg.htmlBody == b"<p>Hei</p>"
        assert "arbeid@arbeiderpartiet.no" in msg.to
        [att] = msg.attachments
        assert att.longFilename == "brev.txt" and att.data == "Brev æøå".encode()
    finally:
        msg.close()


# ---------------------------------------------------------------------------------- reading
def test_msg_norwegian_body_is_one_submission(tmp_path):
    write(tmp_path, "innspill.msg", make_msg("Innspill", BODY, "Åse Ødegård", "ase@example.no",
                                             DATE))
    result = ingest(tmp_path)
    subs = only(result, "innspill.msg")
    assert len(subs) == 1
    sub = subs.iloc[0]
    assert sub.text == BODY and sub.format == "msg" and sub.source_part == ""
    assert sub.private_sender_name == "Åse Ødegård"
    assert sub.private_sender_email == "ase@example.no"
    assert sub.private_subject == "Innspill"
    assert sub.received_at == pd.Timestamp("2025-03-11 08:30", tz="UTC")
    assert result.ledger.set_index("path").loc["innspill.msg", "status"] == "ok"


def test_msg_read_file_directly():
    ctx = context_from_params(Params())
    result = read_file(make_msg("Innspill", BODY, "Åse Ødegård", "ase@example.no", DATE),
                       "innspill.msg", ctx)
    assert result.status == "ok" and result.format == "msg"
    [sub] = result.submissions
    assert sub.text == BODY and sub.date_source == "header"
    assert pd.Timestamp(sub.received_at) == pd.Timestamp("2025-03-11 08:30", tz="UTC")


def test_msg_html_only_body(tmp_path):
    write(tmp_path, "a.msg", make_msg("Innspill", "", "Kari", "kari@example.no", DATE,
                                      html_body="<html><body><p>Bare <b>HTML</b> om heltid "
                                                "på sjukehjemmet.</p></body></html>"))
    assert only(ingest(tmp_path), "a.msg").iloc[0].text == "Bare HTML om heltid på sjukehjemmet."


def test_msg_docx_letter_with_cover_note(tmp_path):
    write(tmp_path, "a.msg", make_msg(
        "Innspill fra lokallaget", "Hei! Se vedlegg.\n\nMvh Kari", "Kari Nordmann",
        "kari@example.no", DATE, attachments=[("innspill tromsø.docx", docx_bytes([LETTER]))]))
    subs = only(ingest(tmp_path), "a.msg")
    assert len(subs) == 1  # the cover note is not a submission of its own
    sub = subs.iloc[0]
    assert sub.text == LETTER
    assert sub.source_part == "innspill tromsø.docx"
    assert sub.format == "msg" and sub.part_format == "docx"
    assert sub.private_sender_email == "kari@example.no"
    assert sub.received_at == pd.Timestamp("2025-03-11 08:30", tz="UTC")
    assert sub.organisation == "Tromsø Arbeiderparti" and sub.submitter_type == "lokallag"


def test_msg_body_and_short_attachment_are_one_submission(tmp_path):
    write(tmp_path, "a.msg", make_msg(
        "Innspill", BODY, "Kari", "kari@example.no", DATE,
        attachments=[("tillegg.txt", "Tillegg: mer fagarbeid i Bodø.".encode())]))
    subs = only(ingest(tmp_path), "a.msg")
    assert len(subs) == 1
    assert subs.iloc[0].text.startswith(BODY)
    assert "Tillegg: mer fagarbeid i Bodø." in subs.iloc[0].text


def test_msg_renamed_txt_is_detected_by_magic_bytes(tmp_path):
    blob = make_msg("Innspill", BODY, "Åse Ødegård", "ase@example.no", DATE)
    assert detect_format(blob, "innspill.txt") == "msg"
    assert detect_format(blob, "innspill") == "msg"
    write(tmp_path, "innspill.txt", blob)
    sub = only(ingest(tmp_path), "innspill.txt").iloc[0]
    assert sub.format == "msg" and sub.text == BODY


@pytest.mark.parametrize("evil", ["../../etc/passwd", "..\\..\\Windows\\passwd",
                                  "/etc/passwd", "C:\\x\\..\\passwd", "....//passwd"])
def test_msg_attachment_name_is_never_a_path(tmp_path, evil, monkeypatch):
    inbox, elsewhere = tmp_path / "inbox", tmp_path / "cwd"
    inbox.mkdir()
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    write(inbox, "a.msg", make_msg("Innspill", "Se vedlegg.", "Kari", "kari@example.no",
                                   DATE, attachments=[(evil, LETTER.encode())]))
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    sub = only(ingest(inbox), "a.msg").iloc[0]
    assert sub.text == LETTER
    assert "/" not in sub.source_part and "\\" not in sub.source_part
    assert not sub.source_part.startswith(".")
    assert sub.source_part == "passwd"
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_msg_outlook_comma_display_name():
    """Outlook shows Exchange users as "Etternavn, Fornavn": not two addresses."""
    ctx = context_from_params(Params())
    result = read_file(make_msg("Innspill", BODY, "Nordmann, Kari", "kari@example.no", DATE),
                       "a.msg", ctx)
    [sub] = result.submissions
    assert (sub.sender_name, sub.sender_email) == ("Nordmann, Kari", "kari@example.no")


def test_msg_outlook_forward(tmp_path):
    body = ("Videresender fra en velger.\n\n"
            "Fra: Hansen, Per <per@example.no>\n"
            "Sendt: mandag 10. mars 2025 08:00\n"
            "Til: Kari Nordmann <kari@example.no>\n"
            "Emne: Om sykehjem\n\n"
            "Jeg jobber på sykehjem og vil ha hele stillinger for alle.\n\nPer")
    write(tmp_path, "fwd.msg", make_msg("VS: Om sykehjem", body, "Kari Nordmann",
                                        "kari@example.no", DATE))
    sub = only(ingest(tmp_path), "fwd.msg").iloc[0]
    assert sub.text.startswith("Jeg jobber på sykehjem") and "Videresender" not in sub.text
    assert sub.private_sender_name == "Hansen, Per"
    assert sub.private_sender_email == "per@example.no"
    assert sub.private_forwarded_by == "kari@example.no"
    assert sub.private_subject == "Om sykehjem"
    assert sub.received_at.date() == pd.Timestamp("2025-03-10").date()


def test_msg_unreadable_attachment_is_noted(tmp_path):
    write(tmp_path, "a.msg", make_msg("Innspill", "Se vedlegg.", "Kari", "kari@example.no",
                                      DATE, attachments=[("brev.docx", b"ikke en zip " * 50)]))
    result = ingest(tmp_path)
    # The lost letter is not hidden behind the message's "ok": it has a row of its own.
    row = result.ledger.set_index("path").loc["a.msg / brev.docx"]
    assert row.status == "quarantined" and "Word-fil" in row.reason


def test_msg_truncated_is_quarantined(tmp_path):
    blob = make_msg("Innspill", BODY * 40, "Kari", "kari@example.no", DATE)
    write(tmp_path, "a.msg", blob[: len(blob) // 2])
    write(tmp_path, "b.msg", blob[:512] + struct.pack("<I", 0xDEADBEEF) * 200)
    result = ingest(tmp_path)
    ledger = result.ledger.set_index("path")
    assert ledger.loc["a.msg", "status"] == "quarantined"
    assert ledger.loc["b.msg", "status"] == "quarantined"
    assert result.submissions.empty
