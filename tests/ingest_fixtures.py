"""Builders for ingest test fixtures: every format made in code, no binary blobs in git."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

LETTER = (
    "Innspill til arbeidslivsutvalget\n\n"
    "Vi i lokallaget har diskutert heftet på medlemsmøtet. Vi mener at flere må få faste "
    "stillinger, og at innleie fra bemanningsbyrå må begrenses kraftig. Kommunen bør stille "
    "krav om lærlinger og faste ansettelser ved alle offentlige anbud. Det er også viktig at "
    "tillitsvalgte får tid til å gjøre jobben sin, og at fagforeningsfradraget økes.\n\n"
    "Hilsen styret i Tromsø Arbeiderparti"
)


def docx_bytes(paragraphs: list[str], bullets: list[str] = (),
               table: list[list[str]] = ()) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for text in bullets:
        document.add_paragraph(text, style="List Bullet")
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(paragraphs: list[str], heading: str = "") -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    if heading:
        document.text.addElement(H(outlinelevel=1, text=heading))
    for text in paragraphs:
        document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def pdf_bytes(text: str | None) -> bytes:
    """A PDF with ``text`` as its text layer; ``None`` gives a page with only a drawing."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if text is None:
        pdf.rect(20, 20, 100, 60, style="F")  # a "scan": no text layer
    else:
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def xlsx_bytes(rows: list[list]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def eml_bytes(body: str, *, sender: str = "Kari Nordmann <kari@example.no>",
              subject: str = "Innspill", date: str = "Wed, 12 Mar 2025 10:15:00 +0100",
              html: str | None = None, attachments: list[tuple[str, bytes, str]] = (),
              nested: list[EmailMessage] = (), charset: str = "utf-8",
              cte: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "arbeidslivsutvalget@example.no"
    msg["Subject"] = subject
    msg["Date"] = date
    msg.set_content(body, charset=charset, cte=cte)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for name, data, ctype in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    for inner in nested:
        msg.add_attachment(inner)
    return msg.as_bytes()


def email_message(body: str, sender: str, subject: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["Subject"] = subject
    msg["Date"] = "Tue, 11 Mar 2025 09:00:00 +0100"
    msg.set_content(body)
    return msg


def zip_bomb_docx(size_mb: int = 300) -> bytes:
    """A .docx-shaped zip whose one member inflates to ``size_mb`` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(size_mb):
                member.write(chunk)
    return buffer.getvalue()


def billion_laughs_docx() -> bytes:
    """A .docx whose document.xml declares recursive entities."""
    xml = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", xml)
    return buffer.getvalue()


def write(root: Path, rel: str, data: bytes | str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path
