"""Each format's text, metadata and source_part, with fixtures built in code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import Params
from pipeline.ingest import ingest_inbox
from tests.ingest_fixtures import (
    LETTER,
    docx_bytes,
    email_message,
    eml_bytes,
    odt_bytes,
    pdf_bytes,
    write,
    xlsx_bytes,
)


def ingest(root: Path, **ingest_params):
    params = Params.model_validate({"ingest": ingest_params}) if ingest_params else Params()
    return ingest_inbox(root, params, cache_dir=None)


def only(result, rel: str) -> pd.DataFrame:
    return result.submissions[result.submissions["source_file"] == rel]


def test_docx_paragraphs_lists_and_tables(tmp_path):
    write(tmp_path, "brev.docx", docx_bytes(
        ["Innspill fra Fagforbundet Bodø", "Vi vil ha heltid som norm i kommunen."],
        bullets=["Faste stillinger", "Mindre innleie"],
        table=[["Forslag", "Begrunnelse"], ["Heltid", "Trygghet for de ansatte"]]))
    sub = only(ingest(tmp_path), "brev.docx").iloc[0]
    assert "- Faste stillinger" in sub.text and "- Mindre innleie" in sub.text
    assert "Heltid | Trygghet for de ansatte" in sub.text
    assert sub.format == "docx" and sub.source_part == ""
    assert sub.organisation == "Fagforbundet Bodø" and sub.submitter_type == "fagforening"
    assert sub.kommune == "Bodø" and sub.fylke == "Nordland"


def test_odt(tmp_path):
    write(tmp_path, "brev.odt", odt_bytes(["Vi ønsker flere lærlingplasser i kommunen.",
                                           "Hilsen styret i Lier Arbeiderparti"],
                                          heading="Innspel"))
    sub = only(ingest(tmp_path), "brev.odt").iloc[0]
    assert sub.text.startswith("Innspel\nVi ønsker flere lærlingplasser")
    assert sub.organisation == "Lier Arbeiderparti" and sub.submitter_type == "lokallag"
    assert sub.fylke == "Buskerud"


def test_pdf_text_layer(tmp_path):
    write(tmp_path, "brev.pdf", pdf_bytes("Tromsø, 12. mars 2025\nVi vil ha faste stillinger."))
    sub = only(ingest(tmp_path), "brev.pdf").iloc[0]
    assert "faste stillinger" in sub.text and sub.format == "pdf"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_txt_encodings_keep_norwegian_letters(tmp_path, encoding):
    text = "Blåbærsyltetøy og ærlige arbeidsgivere: Ørland og Ålesund trenger fagarbeidere."
    write(tmp_path, "brev.txt", text.encode(encoding))
    sub = only(ingest(tmp_path), "brev.txt").iloc[0]
    assert sub.text == text


def test_markdown_and_html(tmp_path):
    write(tmp_path, "notat.md", "# Innspill\n\nVi vil ha **mer** [fagorganisering](http://x).\n")
    write(tmp_path, "side.html", "<html><head><style>p{}</style><script>alert(1)</script></head>"
          "<body><nav>Meny Hjem</nav><p>Heltid er viktig for helsefagarbeidere.</p></body></html>")
    result = ingest(tmp_path)
    assert only(result, "notat.md").iloc[0].text == "Innspill\n\nVi vil ha mer fagorganisering."
    html = only(result, "side.html").iloc[0].text
    assert html == "Heltid er viktig for helsefagarbeidere."


def test_json_and_jsonl(tmp_path):
    write(tmp_path, "a.json", '[{"tekst": "Flere faste stillinger i helse.", "kommune": "Bodø"},'
          ' {"tekst": "Mer kompetanse for alle ansatte.", "organisasjon": "Fagforbundet Bodø"}]')
    write(tmp_path, "b.jsonl", '{"text": "Første linje med innspill om innleie."}\n'
          '{"text": "Andre linje med innspill om anbud."}\n')
    result = ingest(tmp_path)
    a = only(result, "a.json")
    assert list(a.source_part) == ["rad 1", "rad 2"]
    assert a.iloc[0].kommune == "Bodø" and a.iloc[1].submitter_type == "fagforening"
    assert list(only(result, "b.jsonl").source_part) == ["rad 1", "rad 2"]


def test_eml_plain_with_headers(tmp_path):
    write(tmp_path, "a.eml", eml_bytes(LETTER + "\n\nSendt fra min iPhone"))
    sub = only(ingest(tmp_path), "a.eml").iloc[0]
    assert "Sendt fra min iPhone" not in sub.text and "Hilsen styret i Tromsø" in sub.text
    assert "Sendt fra min iPhone" in sub.text_original
    assert sub.received_at == pd.Timestamp("2025-03-12 09:15", tz="UTC")
    assert sub.private_sender_name == "Kari Nordmann"
    assert sub.private_sender_email == "kari@example.no"
    assert sub.private_subject == "Innspill"
    assert sub.organisation == "Tromsø Arbeiderparti" and sub.submitter_type == "lokallag"
    assert sub.kommune == "Tromsø" and sub.fylke == "Troms"


@pytest.mark.parametrize("cte", ["quoted-printable", "base64", "8bit"])
def test_eml_transfer_encodings_and_charsets(tmp_path, cte):
    body = "Særlig viktig: økt grunnbemanning på sjukehjemmet i Ålesund."
    write(tmp_path, "a.eml", eml_bytes(body, charset="iso-8859-1", cte=cte))
    assert only(ingest(tmp_path), "a.eml").iloc[0].text == body


def test_eml_undeclared_charset_cp1252(tmp_path):
    raw = ("From: Ola <ola@example.no>\nSubject: innspill\nDate: Wed, 12 Mar 2025 10:00:00 +0100\n"
           "MIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n"
           "Vi trenger flere lærlinger på Østlandet.\n").encode("cp1252")
    write(tmp_path, "a.eml", raw)
    expected = "Vi trenger flere lærlinger på Østlandet."
    assert only(ingest(tmp_path), "a.eml").iloc[0].text == expected


def test_eml_html_only_and_alternative(tmp_path):
    write(tmp_path, "alt.eml", eml_bytes("Ren tekst om heltid.", html="<p>HTML om heltid.</p>"))
    write(tmp_path, "html.eml", eml_bytes("x", html="<p>Bare <b>HTML</b> her.</p>")
          .replace(b"Content-Type: multipart/alternative", b"Content-Type: multipart/alternative"))
    result = ingest(tmp_path)
    assert only(result, "alt.eml").iloc[0].text == "Ren tekst om heltid."


def test_eml_quoted_reply_is_stripped(tmp_path):
    body = ("Takk for svar. Vi står fast på kravet om heltid.\n\n"
            "Den 10. mars 2025 kl. 09:00 skrev Utvalget <u@example.no>:\n"
            "> Hei\n> Takk for innspill")
    write(tmp_path, "a.eml", eml_bytes(body, subject="SV: Innspill"))
    assert only(ingest(tmp_path), "a.eml").iloc[0].text == \
        "Takk for svar. Vi står fast på kravet om heltid."


def test_eml_forwarded_message(tmp_path):
    body = ("Videresender fra en velger.\n\n---------- Forwarded message ---------\n"
            "From: Per Hansen <per@example.no>\nDate: Mon, 10 Mar 2025 08:00:00 +0100\n"
            "Subject: Om sykehjem\nTo: Kari <kari@example.no>\n\n"
            "Jeg jobber på sykehjem og vil ha hele stillinger for alle.\n\nPer")
    write(tmp_path, "fwd.eml", eml_bytes(body, subject="Fwd: Om sykehjem"))
    sub = only(ingest(tmp_path), "fwd.eml").iloc[0]
    assert sub.text.startswith("Jeg jobber på sykehjem")
    assert "Videresender" not in sub.text
    assert sub.private_sender_name == "Per Hansen" and sub.private_forwarded_by == "kari@example.no"
    assert sub.received_at == pd.Timestamp("2025-03-10 07:00", tz="UTC")
    assert sub.submitter_type == "privatperson"


def test_eml_attachment_letter_and_cover_note(tmp_path):
    letter = docx_bytes([LETTER])
    write(tmp_path, "a.eml", eml_bytes(
        "Hei! Se vedlegg.\n\nMvh Kari",
        attachments=[("../../etc/innspill tromsø.docx", letter,
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]))
    subs = only(ingest(tmp_path), "a.eml")
    assert len(subs) == 1  # the cover note is not a submission of its own
    sub = subs.iloc[0]
    assert sub.source_part == "innspill tromsø.docx"  # sanitised: never a path
    assert sub.format == "eml" and sub.part_format == "docx"
    assert sub.private_sender_email == "kari@example.no"
    assert sub.organisation == "Tromsø Arbeiderparti"


def test_eml_body_and_short_attachment_are_one_submission(tmp_path):
    write(tmp_path, "a.eml", eml_bytes(
        "Her er vårt innspill om heltid og faste stillinger i helsesektoren, som vi har "
        "diskutert lenge i laget.",
        attachments=[("tillegg.txt", b"Tillegg: mer fagarbeid.", "text/plain")]))
    subs = only(ingest(tmp_path), "a.eml")
    assert len(subs) == 1 and "Tillegg: mer fagarbeid." in subs.iloc[0].text


def test_eml_nested_message(tmp_path):
    inner = email_message("Vi i Fellesforbundet avd. 5 krever solidaransvar i hele kjeden. "
                          * 5, "Leder <leder@example.no>", "Uttalelse")
    write(tmp_path, "a.eml", eml_bytes("Se vedlagt uttalelse.", nested=[inner]))
    subs = only(ingest(tmp_path), "a.eml")
    assert len(subs) == 1
    assert subs.iloc[0].private_sender_email == "leder@example.no"
    assert subs.iloc[0].submitter_type == "fagforening"


def test_form_csv_semicolon_cp1252(tmp_path):
    rows = ["Tidsstempel;Kommune;Velg tema;Ditt innspill",
            "12.03.2025 14:33;Bodø;Et seriøst og organisert arbeidsliv;Vi vil ha færre "
            "midlertidige stillinger i Bodø.",
            "13.03.2025 09:00;Herøy;Ny teknologi;",
            "14.03.2025 10:00;Ålesund;Ny teknologi;Kompetanse må følge arbeidstakeren."]
    write(tmp_path, "skjema.csv", "\r\n".join(rows).encode("cp1252"))
    subs = only(ingest(tmp_path), "skjema.csv")
    assert list(subs.source_part) == ["rad 1", "rad 3"]  # the empty answer is not a submission
    first = subs.iloc[0]
    assert first.text == "Vi vil ha færre midlertidige stillinger i Bodø."
    assert first.kommune == "Bodø" and first.fylke == "Nordland"
    assert first.chosen_theme == "organisert_arbeidsliv" and first.format == "csv"
    assert first.received_at == pd.Timestamp("2025-03-12 13:33", tz="UTC")


def test_form_xlsx_several_questions(tmp_path):
    q1 = "Hvordan kan flere melde seg inn i en fagforening?"
    q2 = "Hvordan sikrer vi heltid i offentlig sektor?"
    write(tmp_path, "skjema.xlsx", xlsx_bytes([
        ["Timestamp", "Organisasjon", "Fylke", q1, q2],
        ["2025-03-12 10:00", "Vestland Arbeidarparti", "Vestland", "Verving på arbeidsplassen.",
         "Heltid som norm i alle kommuner."]]))
    sub = only(ingest(tmp_path), "skjema.xlsx").iloc[0]
    assert sub.text == f"{q1}\nVerving på arbeidsplassen.\n\n{q2}\nHeltid som norm i alle kommuner."
    assert sub.question_hint == f"{q1} | {q2}"
    assert sub.source_part == "rad 1" and sub.fylke == "Vestland"
    assert sub.submitter_type == "fylkesparti"


def test_form_columns_override(tmp_path):
    write(tmp_path, "s.csv", "A,B\nTromsø,kort\nBodø,svar\n")
    result = ingest(tmp_path, form_columns={"text": ["B"], "kommune": "A"})
    subs = only(result, "s.csv")
    assert list(subs.text) == ["kort", "svar"] and list(subs.kommune) == ["Tromsø", "Bodø"]


def test_submission_ids_are_stable_and_path_free(tmp_path):
    write(tmp_path, "a/brev.txt", "Vi vil ha heltid.")
    first = ingest(tmp_path).submissions.iloc[0].submission_id
    (tmp_path / "a/brev.txt").rename(tmp_path / "brev2.txt")
    assert ingest(tmp_path).submissions.iloc[0].submission_id == first
