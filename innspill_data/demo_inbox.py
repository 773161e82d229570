"""Write the demo inbox in ``data/raw/demo/``: ``python -m innspill_data.demo_inbox``.

All content is invented and lives in ``data/demo_submissions.yaml`` and ``data/demo_codes.yaml``
(read by :mod:`innspill_data.demo_content`). The output is deterministic: two runs give the
same bytes (fixed dates in e-mail headers, document metadata and zip entries, fixed MIME
boundaries and a fixed seed for random numbers).

Also writes ``data/raw/demo/EXPECTED.json`` (the ground truth the tests use) and
``data/raw/demo/README.md``. The file writers are shared with the benchmark inbox
(:mod:`innspill_data.bench_inbox`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import json
import random
import re
import shutil
import zipfile
from collections import Counter
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from string import Template
from zoneinfo import ZoneInfo

import docx
import openpyxl
from docx.shared import Pt
from fpdf import FPDF
from odf import dc, meta
from odf.opendocument import OpenDocumentText
from odf.style import ParagraphProperties, Style, TextProperties
from odf.text import H, List, ListItem, P
from openpyxl.styles import Font

from innspill_data import CONTENT, ROOT
from innspill_data.demo_content import DemoContent, load_content

OUT = ROOT / "data" / "raw" / "demo"
OSLO = ZoneInfo("Europe/Oslo")
UTC = dt.UTC
EML_POLICY = policy.default.clone(linesep="\r\n")
EXPORT_DATE = (2026, 4, 15, 12, 0)  # when the mailbox and the forms were "exported"


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def oslo(t: tuple[int, ...]) -> dt.datetime:
    return dt.datetime(*t, tzinfo=OSLO)


def utc_naive(t: tuple[int, ...]) -> dt.datetime:
    return oslo(t).astimezone(UTC).replace(tzinfo=None)


def collapse(text: str) -> str:
    return " ".join(text.split())


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def normalize_zip(data: bytes, when: tuple[int, ...], fix=None) -> bytes:
    """The zip archive rewritten with fixed timestamps and attributes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if fix is not None:
                payload = fix(info.filename, payload)
            zi = zipfile.ZipInfo(info.filename, date_time=(*when[:5], 0))
            zi.compress_type = info.compress_type
            zi.create_system = 3
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, payload)
    return out.getvalue()


_XMLNS = re.compile(rb'\s+xmlns:[\w-]+="[^"]*"')


def sorted_namespaces(name: str, payload: bytes) -> bytes:
    """An XML member with its root's namespace declarations sorted, the unused ones left out.

    odfpy declares the namespaces the process has used so far, in the order it met them:
    an ODT written after another document (as in the test suite) would differ byte for
    byte from one written first."""
    if not name.endswith(".xml"):
        return payload
    start = payload.find(b"<", payload.find(b"?>") + 2 if payload.startswith(b"<?xml") else 0)
    end = payload.find(b">", start)
    if start < 0 or end < 0:
        return payload
    root = payload[start:end]
    bare = _XMLNS.sub(b"", root)
    used = bare + payload[end:]
    declarations = sorted(
        d for d in (m.group(0).strip() for m in _XMLNS.finditer(root))
        if re.search(rb"[<\s/]" + re.escape(d[6:d.index(b"=")]) + rb":", used))
    if not declarations:
        return payload
    tag, _, rest = bare.partition(b" ")
    rebuilt = b" ".join([tag, *declarations] + ([rest] if rest else []))
    return payload[:start] + rebuilt + payload[end:]


def parse_blocks(text: str) -> list[tuple[str, object]]:
    """Parse the small document markup (see the header of data/demo_submissions.yaml)."""
    blocks: list[tuple[str, object]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == "---sideskift---":
            blocks.append(("pagebreak", None))
        elif line.startswith("## "):
            blocks.append(("h2", line[3:]))
        elif line.startswith("# "):
            blocks.append(("h1", line[2:]))
        elif m := re.match(r"^(\d+)\.\s+(.*)$", line):
            blocks.append(("ol", (m.group(1), m.group(2))))
        elif line.startswith("- "):
            blocks.append(("ul", line[2:]))
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("table", [cells]))
        else:
            blocks.append(("p", line))
    return blocks


def plain_from_markup(text: str) -> str:
    """The text as a reader sees it (to self-check phrases and PII)."""
    parts = []
    for kind, content in parse_blocks(text):
        if kind == "ol":
            parts.append(f"{content[0]}. {content[1]}")
        elif kind == "table":
            parts.extend(" ".join(row) for row in content)
        elif content is not None:
            parts.append(str(content))
    return "\n".join(parts)


# --------------------------------------------------------------------------
# Document formats
# --------------------------------------------------------------------------


def render_docx(text: str, title: str, author: str, created: tuple[int, ...]) -> bytes:
    doc = docx.Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.title = title
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.revision = 2
    cp.created = utc_naive(created)
    cp.modified = utc_naive(created) + dt.timedelta(minutes=37)
    cp.last_printed = utc_naive(created)
    for kind, content in parse_blocks(text):
        if kind == "h1":
            doc.add_heading(content, level=1)
        elif kind == "h2":
            doc.add_heading(content, level=2)
        elif kind == "p":
            doc.add_paragraph(content)
        elif kind == "ol":
            doc.add_paragraph(content[1], style="List Number")
        elif kind == "ul":
            doc.add_paragraph(content, style="List Bullet")
        elif kind == "pagebreak":
            doc.add_page_break()
        elif kind == "table":
            rows = content
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = value
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
    bio = io.BytesIO()
    doc.save(bio)
    return normalize_zip(bio.getvalue(), created)


def render_odt(text: str, title: str, author: str, created: tuple[int, ...]) -> bytes:
    doc = OpenDocumentText()
    h1 = Style(name="Heading_20_1", displayname="Heading 1", family="paragraph")
    h1.addElement(TextProperties(fontsize="16pt", fontweight="bold"))
    h1.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
    h2 = Style(name="Heading_20_2", displayname="Heading 2", family="paragraph")
    h2.addElement(TextProperties(fontsize="13pt", fontweight="bold"))
    h2.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.1cm"))
    body = Style(name="Text_20_body", displayname="Text body", family="paragraph")
    body.addElement(ParagraphProperties(marginbottom="0.2cm"))
    for style in (h1, h2, body):
        doc.styles.addElement(style)
    iso = oslo(created).strftime("%Y-%m-%dT%H:%M:%S")
    doc.meta.addElement(dc.Title(text=title))
    doc.meta.addElement(meta.InitialCreator(text=author))
    doc.meta.addElement(dc.Creator(text=author))
    doc.meta.addElement(meta.CreationDate(text=iso))
    doc.meta.addElement(dc.Date(text=iso))
    doc.meta.addElement(dc.Language(text="nn-NO"))
    current_list = None
    for kind, content in parse_blocks(text):
        if kind not in ("ol", "ul"):
            current_list = None
        if kind == "h1":
            doc.text.addElement(H(outlinelevel=1, stylename=h1, text=content))
        elif kind == "h2":
            doc.text.addElement(H(outlinelevel=2, stylename=h2, text=content))
        elif kind == "p":
            doc.text.addElement(P(stylename=body, text=content))
        elif kind in ("ol", "ul"):
            if current_list is None:
                current_list = List()
                doc.text.addElement(current_list)
            item_text = f"{content[0]}. {content[1]}" if kind == "ol" else f"– {content}"
            item = ListItem()
            item.addElement(P(stylename=body, text=item_text))
            current_list.addElement(item)
    bio = io.BytesIO()
    doc.save(bio)
    return normalize_zip(bio.getvalue(), created, sorted_namespaces)


def _new_pdf(created: tuple[int, ...]) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_creation_date(oslo(created))
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(True, margin=25)
    return pdf


def render_pdf(text: str, title: str, author: str, created: tuple[int, ...]) -> bytes:
    pdf = _new_pdf(created)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("Microsoft Word for Microsoft 365")
    pdf.add_page()
    kw = {"new_x": "LMARGIN", "new_y": "NEXT"}
    for kind, content in parse_blocks(text):
        if kind == "h1":
            pdf.set_font("Helvetica", "B", 16)
            pdf.multi_cell(0, 8, content, **kw)
            pdf.ln(3)
        elif kind == "h2":
            pdf.set_font("Helvetica", "B", 12.5)
            pdf.ln(2)
            pdf.multi_cell(0, 6.5, content, **kw)
            pdf.ln(1)
        elif kind == "p":
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 5.5, content, **kw)
            pdf.ln(2)
        elif kind in ("ol", "ul"):
            pdf.set_font("Helvetica", "", 11)
            label = f"{content[0]}." if kind == "ol" else "-"
            item = content[1] if kind == "ol" else content
            y = pdf.get_y()
            pdf.set_xy(30, y)
            pdf.cell(6, 5.5, label)
            pdf.set_xy(36, y)
            pdf.multi_cell(0, 5.5, item, **kw)
            pdf.ln(1.5)
        elif kind == "pagebreak":
            pdf.add_page()
    return bytes(pdf.output())


def render_scanned_pdf(created: tuple[int, ...]) -> bytes:
    """A "scanned" letter: only filled shapes and lines, not one character of text."""
    pdf = _new_pdf(created)
    pdf.set_creator("Canon iR-ADV C5535")
    pdf.set_producer("Canon iR-ADV C5535 PDF")
    rng = random.Random(20260318)
    pdf.add_page()
    pdf.set_fill_color(244, 242, 236)
    pdf.rect(0, 0, 210, 297, style="F")
    pdf.set_fill_color(200, 16, 46)  # the "logo"
    pdf.rect(25, 18, 16, 16, style="F")
    pdf.set_fill_color(70, 70, 70)
    pdf.rect(45, 22, 60, 3.2, style="F")  # the letterhead
    pdf.rect(45, 28, 38, 2.4, style="F")
    y = 52.0
    for para in range(8):
        lines = rng.randint(2, 6)
        for i in range(lines):
            width = 160 if i < lines - 1 else rng.uniform(40, 140)
            x = 25.0
            while x < 25 + width - 4:
                word = min(rng.uniform(5, 20), 25 + width - x)
                pdf.rect(x, y, word, 2.1, style="F")
                x += word + 2.4
            y += 6.2
        y += 4.5 if para else 8
    pdf.set_draw_color(25, 45, 120)  # a handwritten signature
    pdf.set_line_width(0.6)
    x0, y0 = 28.0, y + 10
    points = [(x0 + k * 3.2, y0 + 4 * ((-1) ** k) * rng.uniform(0.4, 1.0)) for k in range(14)]
    for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
        pdf.line(xa, ya, xb, yb)
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.2)
    pdf.line(25, y0 + 9, 95, y0 + 9)
    return bytes(pdf.output())


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------


def text_to_html_blocks(text: str) -> str:
    """Paragraphs -> <p>, lines starting with "- " -> <ul>."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        # Split the paragraph into runs of list items and of ordinary lines.
        runs: list[tuple[bool, list[str]]] = []
        for line in block.splitlines():
            is_item = line.startswith("- ")
            if not runs or runs[-1][0] != is_item:
                runs.append((is_item, []))
            runs[-1][1].append(line[2:] if is_item else line)
        for is_item, lines in runs:
            if is_item:
                out.append("<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in lines)
                           + "</ul>")
            else:
                out.append("<p>" + "<br>\n".join(html.escape(x) for x in lines) + "</p>")
    return "\n".join(out)


def email_html(body: str) -> str:
    return (
        '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; '
        'charset=utf-8">\n<style type="text/css">body{font-family:Calibri,Arial,'
        "sans-serif;font-size:11pt;color:#1f1f1f} p{margin:0 0 10px 0}</style>\n"
        '</head>\n<body>\n<div dir="ltr">\n'
        + text_to_html_blocks(body)
        + "\n</div>\n</body>\n</html>\n"
    )


def web_page(spec: dict) -> str:
    """The saved web page around the letter (template: data/demo_web_page.html)."""
    template = Template((CONTENT / "demo_web_page.html").read_text(encoding="utf-8"))
    return template.substitute(title=html.escape(spec["title"]), published=spec["published"],
                               letter=text_to_html_blocks(spec["letter"]))


# --------------------------------------------------------------------------
# E-mail
# --------------------------------------------------------------------------


def message_id(spec_key: str, when: tuple[int, ...], addr: str) -> str:
    domain = addr.split("@", 1)[1]
    stamp = oslo(when).astimezone(UTC).strftime("%Y%m%d%H%M%S")
    return f"<{stamp}.{short_hash(spec_key)}@{domain}>"


def set_boundaries(msg: EmailMessage, key: str) -> None:
    n = 0
    for part in msg.walk():
        if part.get_content_maintype() == "multipart":
            n += 1
            part.set_boundary(f"----=_Part_{short_hash(key)}_{n:02d}")


def render_attachment(att: dict, when: tuple[int, ...]) -> tuple[bytes, str, str]:
    fmt = att["format"]
    if fmt == "docx":
        data = render_docx(att["text"], att["title"], att["author"], when)
        return data, "application", (
            "vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
    if fmt == "odt":
        data = render_odt(att["text"], att["title"], att["author"], when)
        return data, "application", "vnd.oasis.opendocument.text"
    if fmt == "pdf":
        data = render_pdf(att["text"], att["title"], att["author"], when)
        return data, "application", "pdf"
    raise ValueError(fmt)


def build_email(spec: dict) -> bytes:
    msg = EmailMessage(policy=EML_POLICY)
    name, addr = spec["sender"]
    msg["From"] = Address(display_name=name, addr_spec=addr)
    to_name, to_addr = load_content().mailbox
    msg["To"] = Address(display_name=to_name, addr_spec=to_addr)
    msg["Subject"] = spec["subject"]
    msg["Date"] = format_datetime(oslo(spec["date"]))
    msg["Message-ID"] = message_id(spec["path"], spec["date"], addr)
    for key, value in spec.get("headers", {}).items():
        msg[key] = value
    body = spec["body"]
    kind = spec["kind"]
    if kind == "plain8bit":
        msg.set_content(body, cte="8bit")
    elif kind == "qp":
        msg.set_content(body, cte="quoted-printable")
    elif kind == "base64":
        msg.set_content(body, cte="base64")
    elif kind == "latin1":
        msg.set_content(body, charset="iso-8859-1", cte="8bit")
    elif kind == "cp1252_nocharset":
        msg.set_content(body, charset="windows-1252", cte="8bit")
        msg.replace_header("Content-Type", "text/plain")
    elif kind == "html":
        msg.set_content(email_html(body), subtype="html", cte="quoted-printable")
    elif kind == "alternative":
        msg.set_content(body, cte="quoted-printable")
        msg.add_alternative(email_html(body), subtype="html", cte="quoted-printable")
    else:
        raise ValueError(kind)
    # The attachments were written "just before" the e-mail was sent.
    att_time = oslo(spec["date"]) - dt.timedelta(hours=2)
    att_when = (att_time.year, att_time.month, att_time.day, att_time.hour, att_time.minute)
    for att in spec.get("attachments", []):
        if att["format"] == "txt":
            msg.add_attachment(att["text"], subtype="plain", filename=att["filename"],
                               cte="base64")
        else:
            data, maintype, subtype = render_attachment(att, att_when)
            msg.add_attachment(data, maintype=maintype, subtype=subtype,
                               filename=att["filename"])
    if "forward_rfc822" in spec:
        fwd = spec["forward_rfc822"]
        inner = EmailMessage(policy=EML_POLICY)
        iname, iaddr = fwd["sender"]
        inner["From"] = Address(display_name=iname, addr_spec=iaddr)
        inner["To"] = Address(display_name=fwd["to"][0], addr_spec=fwd["to"][1])
        inner["Subject"] = fwd["subject"]
        inner["Date"] = format_datetime(oslo(fwd["date"]))
        inner["Message-ID"] = message_id(spec["path"] + "#inner", fwd["date"], iaddr)
        inner.set_content(fwd["body"], cte="8bit")
        msg.add_attachment(inner)
    set_boundaries(msg, spec["path"])
    return msg.as_bytes()


def email_plain(spec: dict) -> str:
    """All readable text of the e-mail (headers, body, attachments), for the self-check."""
    parts = [*spec["sender"], spec["subject"], spec["body"]]
    for att in spec.get("attachments", []):
        if att["format"] == "txt":
            parts.append(att["text"])
        else:
            parts.extend([plain_from_markup(att["text"]), att["author"]])
    if "forward_rfc822" in spec:
        fwd = spec["forward_rfc822"]
        parts.extend([*fwd["sender"], *fwd["to"], fwd["subject"], fwd["body"]])
    return "\n".join(parts)


# --------------------------------------------------------------------------
# Form exports and the rest
# --------------------------------------------------------------------------


def csv_bytes(headers: list[str], rows, *, delimiter: str = ";", lineterminator: str = "\r\n",
              encoding: str = "utf-8-sig") -> bytes:
    """A form export as CSV (also used by the benchmark inbox)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def build_csv(form: dict) -> bytes:
    rows = [[str(form["first_id"] + form["id_step"] * i), *row["values"]]
            for i, row in enumerate(form["rows"])]
    return csv_bytes(form["headers"], rows)


def xlsx_bytes(headers: list[str], rows, *, date_cols: tuple[int, ...] = (),
               widths: list[int] | None = None, when: tuple[int, ...] = EXPORT_DATE,
               creator: str = "Microsoft Forms") -> bytes:
    """A form export as xlsx with fixed timestamps (also used by the benchmark inbox)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, row in enumerate(rows, start=1):
        ws.append(row)
        for col in date_cols:
            ws.cell(row=i + 1, column=col).number_format = "m/d/yy h:mm:ss"
    for idx, width in enumerate(widths or [], start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(idx)].width = width
    created = utc_naive(when)
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = created
    bio = io.BytesIO()
    wb.save(bio)
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")

    def fix(name: str, payload: bytes) -> bytes:
        if name == "docProps/core.xml":
            text = payload.decode("utf-8")
            text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                          rf"\g<1>{stamp}\g<2>", text)
            return text.encode("utf-8")
        return payload

    return normalize_zip(bio.getvalue(), when, fix)


def build_xlsx(form: dict) -> bytes:
    rows = []
    for i, row in enumerate(form["rows"], start=1):
        begin = dt.datetime(*row["start"])
        # ID, start and completion time are the export's own columns; the seconds vary a bit.
        end = begin + dt.timedelta(minutes=row["minutes"], seconds=17 * i)
        rows.append([i, begin, end, *row["values"]])
    return xlsx_bytes(form["headers"], rows, date_cols=(2, 3), widths=form["widths"])


def json_bytes(items: list[dict]) -> bytes:
    """A JSON export of a web form: a list of records (also used by the benchmark inbox)."""
    return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def build_json(export: dict) -> bytes:
    return json_bytes([r["record"] for r in export["records"]])


def encode_txt(text: str, encoding: str) -> bytes:
    if encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    crlf = text.replace("\n", "\r\n")
    if encoding == "utf-16":
        return b"\xff\xfe" + crlf.encode("utf-16-le")
    if encoding == "cp1252":
        return crlf.encode("cp1252")
    raise ValueError(encoding)


# --------------------------------------------------------------------------
# Ground truth (EXPECTED.json)
# --------------------------------------------------------------------------


def public_sub(sub: dict, **extra) -> dict:
    out = dict(extra)
    out.update({k: v for k, v in sub.items() if v is not None or k in (
        "organisation", "kommune", "fylke", "campaign", "seriositetskrav", "via")})
    if out.get("note") is None:
        out.pop("note", None)
    return out


def unique(seq) -> list:
    seen: dict = {}
    for x in seq:
        seen.setdefault(x, None)
    return list(seen)


def file_entry(fmt: str, about: str, subs: list[dict], *, status: str = "ok",
               reason: str | None = None, encoding: str | None = None,
               strip=(), org_contacts=(), duplicate_of: str | None = None,
               rows: bool = False, skipped_rows=(), choices=None) -> dict:
    choices = choices or {}
    entry: dict = {"format": fmt}
    if encoding:
        entry["encoding"] = encoding
    entry["demonstrates"] = about
    entry["status"] = status
    if reason:
        entry["quarantine_reason"] = reason
    entry["expected_submissions"] = len(subs)
    entry["exact_duplicate_of"] = duplicate_of
    if rows:
        entry["submissions"] = [public_sub(s, row=i, chosen_theme=choices.get(i, "?"))
                                for i, s in subs]
        entry["skipped_rows"] = list(skipped_rows)
        entry["expected_submissions"] = len(subs)
        pii = unique(p for _, s in subs for p in s["pii"])
    else:
        entry["submissions"] = [public_sub(s) for s in subs]
        pii = unique(p for s in subs for p in s["pii"])
    entry["pii"] = pii
    entry["org_contacts"] = list(org_contacts)
    entry["strip"] = list(strip)
    return entry


def self_check(content: DemoContent, rel: str, plain: str, subs: list[dict]) -> None:
    """Every check phrase and PII string is in the file's text; every code is known."""
    text = collapse(plain)
    for s in subs:
        assert collapse(s["check_phrase"]) in text, (rel, s["check_phrase"])
        for p in s["pii"]:
            assert p in text, (rel, p)
        for t in s["themes"]:
            assert t in content.themes, (rel, t)
        for tag in s["proposals"]:
            assert tag in content.proposal_tags, (rel, tag)


# --------------------------------------------------------------------------
# Main program
# --------------------------------------------------------------------------


def build(content: DemoContent, out: Path) -> dict:
    """Write every file of the inbox under ``out``; returns the files' EXPECTED.json entries."""
    files: dict[str, dict] = {}

    def write(rel: str, data: bytes) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    for spec in content.emails:
        rel = spec["path"]
        self_check(content, rel, email_plain(spec), spec["subs"])
        write(rel, build_email(spec))
        files["demo/" + rel] = file_entry(
            "eml", spec["about"], spec["subs"], strip=spec.get("strip", ()),
            org_contacts=spec.get("org_contacts", ()),
            duplicate_of=spec.get("duplicate_of"),
        )

    for spec in content.letters:
        rel = spec["path"]
        fmt = spec["format"]
        if fmt == "pdf_scanned":
            data = render_scanned_pdf(spec["created"])
            fmt = "pdf"
        elif fmt == "txt":
            self_check(content, rel, spec["text"], spec["subs"])
            data = encode_txt(spec["text"], spec["encoding"])
        elif fmt == "md":
            self_check(content, rel, spec["text"], spec["subs"])
            data = spec["text"].encode("utf-8")
        else:
            render = {"docx": render_docx, "odt": render_odt, "pdf": render_pdf}[fmt]
            self_check(content, rel, plain_from_markup(spec["text"]) + "\n" + spec["author"],
                       spec["subs"])
            data = render(spec["text"], spec["title"], spec["author"], spec["created"])
        write(rel, data)
        files["demo/" + rel] = file_entry(
            fmt, spec["about"], spec["subs"], status=spec.get("status", "ok"),
            reason=spec.get("quarantine_reason"), encoding=spec.get("encoding"),
        )

    page = content.web_page
    self_check(content, page["path"], page["letter"], page["subs"])
    write(page["path"], web_page(page).encode("utf-8"))
    files["demo/" + page["path"]] = file_entry(
        "html", page["about"], page["subs"], strip=page["strip"], encoding="utf-8")

    export = content.json_export
    json_subs = [(i, r["expected"]) for i, r in enumerate(export["records"], start=1)]
    for i, r in enumerate(export["records"], start=1):
        self_check(content, f"{export['path']}#{i}", "\n".join(r["record"].values()),
                   [r["expected"]])
    write(export["path"], build_json(export))
    files["demo/" + export["path"]] = file_entry(
        "json", export["about"], json_subs, rows=True, encoding="utf-8",
        choices={i: content.form_topics[r["record"]["tema"]]
                 for i, r in enumerate(export["records"], 1)})

    empty = content.empty_file
    write(empty["path"], b"")
    files["demo/" + empty["path"]] = file_entry(
        "txt", empty["about"], [], status="quarantined", reason="tom fil")

    form = content.nettskjema
    topic = list(form["columns"]).index("tema")
    csv_subs = []
    skipped = []
    for i, row in enumerate(form["rows"], start=1):
        if row["expected"] is None:
            skipped.append({"row": i, "reason": "tomt svar"})
            continue
        self_check(content, f"{form['path']}#{i}", "\n".join(row["values"]), [row["expected"]])
        csv_subs.append((i, row["expected"]))
    write(form["path"], build_csv(form))
    files["demo/" + form["path"]] = file_entry(
        "csv", form["about"], csv_subs, rows=True, skipped_rows=skipped,
        encoding="utf-8-sig",
        choices={i: content.form_topics[row["values"][topic]]
                 for i, row in enumerate(form["rows"], 1)})

    form = content.forms
    topic = list(form["columns"]).index("topic")
    xlsx_subs = []
    for i, row in enumerate(form["rows"], start=1):
        self_check(content, f"{form['path']}#{i}", "\n".join(row["values"]), [row["expected"]])
        xlsx_subs.append((i, row["expected"]))
    write(form["path"], build_xlsx(form))
    files["demo/" + form["path"]] = file_entry(
        "xlsx", form["about"], xlsx_subs, rows=True,
        choices={i: content.form_topics[row["values"][topic]]
                 for i, row in enumerate(form["rows"], 1)})

    return dict(sorted(files.items()))


def all_subs(files: dict) -> list[tuple[str, dict]]:
    return [(path, s) for path, entry in files.items() for s in entry["submissions"]]


def totals(content: DemoContent, files: dict) -> dict:
    subs = all_subs(files)
    per_format: Counter = Counter()
    for entry in files.values():
        per_format[entry["format"]] += entry["expected_submissions"]
    per_theme = Counter(t for _, s in subs for t in s["themes"])
    per_type = Counter(s["submitter_type"] for _, s in subs)
    per_lang = Counter(s["language"] for _, s in subs)
    per_prop = Counter(p for _, s in subs for p in s["proposals"])
    duplicates = sum(1 for e in files.values() if e["exact_duplicate_of"])
    return {
        "files": len(files),
        "submissions": len(subs),
        "unique_submissions": len(subs) - duplicates,
        "quarantined_files": sum(1 for e in files.values() if e["status"] != "ok"),
        "per_format": dict(sorted(per_format.items())),
        "per_theme": {t: per_theme[t] for t in content.themes},
        "off_topic": sum(1 for _, s in subs if s["off_topic"]),
        "multi_theme": sum(1 for _, s in subs if len(s["themes"]) > 1),
        "per_submitter_type": {t: per_type[t] for t in content.submitter_types},
        "per_language": dict(sorted(per_lang.items())),
        "per_proposal": dict(sorted(per_prop.items(), key=lambda kv: (-kv[1], kv[0]))),
        "seriositetskrav_answers": sum(1 for _, s in subs if s["seriositetskrav"]),
        "campaign_members": sum(1 for _, s in subs if s["campaign"]),
        "exact_duplicates": duplicates,
    }


# The demo has to show every part of the pipeline: how many submissions each proposal that
# should form a cluster needs at least.
PROPOSALS_NEEDED = {"fagforeningsfradrag": 6, "seriositetskrav": 6, "innleie": 5,
                    "koble_av": 4, "kompetansereform": 5, "heltid": 6, "tillitsreform": 4,
                    "plattformarbeid": 4, "ki_medvirkning": 4}


def check_requirements(content: DemoContent, t: dict, files: dict) -> None:
    """The minimum the demo was ordered with: fails loudly if the content drifts too far."""
    assert t["submissions"] >= 45, t["submissions"]
    assert t["per_language"].get("nn", 0) >= 8
    assert t["per_language"].get("en", 0) == 2
    assert t["off_topic"] >= 5
    assert t["campaign_members"] >= 6
    assert t["seriositetskrav_answers"] >= 10
    for tag, n in PROPOSALS_NEEDED.items():
        assert t["per_proposal"].get(tag, 0) >= n, (tag, t["per_proposal"].get(tag))
    fmt_files = Counter(e["format"] for e in files.values())
    assert fmt_files["eml"] >= 18 and fmt_files["docx"] >= 4 and fmt_files["pdf"] >= 4
    answers = {s["seriositetskrav"]["svar"] for _, s in all_subs(files)
               if s["seriositetskrav"]}
    assert answers == {"ja", "nei", "under_arbeid", "uklart"}, answers
    for _, s in all_subs(files):
        assert s["submitter_type"] in content.submitter_types
        if s["kommune"]:
            assert s["fylke"] == content.kommune_fylke[s["kommune"]], s


def expected_json(content: DemoContent, files: dict) -> dict:
    campaign = content.campaign["id"]
    campaign_members = [
        {"file": path, **({"row": s["row"]} if "row" in s else {}),
         "organisation": s["organisation"]}
        for path, s in all_subs(files) if s["campaign"] == campaign
    ]
    dup_pairs = [[e["exact_duplicate_of"], path] for path, e in files.items()
                 if e["exact_duplicate_of"]]
    t = totals(content, files)
    check_requirements(content, t, files)
    return {
        "description": content.docs["expected_description"],
        "conventions": content.docs["expected_conventions"],
        "public_contacts": content.public_contacts,
        "themes": content.themes,
        "submitter_types": list(content.submitter_types),
        "proposal_tags": content.proposal_tags,
        "campaigns": {
            campaign: {
                "title": content.campaign["title"],
                "members": campaign_members,
            }
        },
        "exact_duplicates": dup_pairs,
        "totals": t,
        "files": files,
    }


def readme(content: DemoContent, expected: dict) -> str:
    t = expected["totals"]
    lines = [content.docs["readme_head"], "## Oppsummering", ""]
    lines.append(f"- {t['files']} filer, {t['submissions']} innspill "
                 f"({t['unique_submissions']} unike), {t['quarantined_files']} filer "
                 "skal i karantene.")
    lines.append("- Innspill per format: " + ", ".join(
        f"{k} {v}" for k, v in t["per_format"].items()) + ".")
    lines.append("- Innspill per tema: " + ", ".join(
        f"{content.themes[k]} {v}" for k, v in t["per_theme"].items())
        + f"; utenfor tema {t['off_topic']}; flere tema {t['multi_theme']}.")
    lang = t["per_language"]
    lines.append(f"- Språk: bokmål {lang.get('nb', 0)}, nynorsk {lang.get('nn', 0)}, "
                 f"engelsk {lang.get('en', 0)}.")
    lines.append(f"- Kampanjen «Uttalelse om innleie og seriøsitet»: "
                 f"{t['campaign_members']} varianter fra ulike lokallag.")
    lines.append(f"- Eksakte duplikater: {t['exact_duplicates']} (samme e-post sendt to "
                 "ganger).")
    lines.append(f"- Svar på «Har din kommune vedtatt seriøsitetskrav?»: "
                 f"{t['seriositetskrav_answers']} (ja, nei, under arbeid og uklart).")
    lines += ["", "## Filer"]
    current = None
    for path, entry in expected["files"].items():
        folder = path.split("/")[1]
        if folder != current:
            current = folder
            lines += ["", f"### {folder}/", "",
                      "| Fil | Innspill | Hva den demonstrerer |", "| --- | --- | --- |"]
        name = path.split("/", 2)[2]
        count = str(entry["expected_submissions"])
        if entry["status"] != "ok":
            count = f"0 (karantene: {entry['quarantine_reason']})"
        about = entry["demonstrates"].replace("|", "/")
        lines.append(f"| `{name}` | {count} | {about} |")
    lines += ["", "I tillegg: `README.md` (denne fila) og `EXPECTED.json` (fasit).", ""]
    return "\n".join(lines)


def write_inbox(out: Path = OUT) -> dict:
    """(Re)write the demo inbox in ``out`` (emptied first); returns EXPECTED.json's content."""
    # The folder is deleted first, so refuse anything that is not a folder named demo.
    if out.name != "demo" or (out.exists() and not out.is_dir()):
        raise SystemExit(f"refusing to rewrite {out}: the demo inbox folder is named demo/")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    content = load_content()
    files = build(content, out)
    expected = expected_json(content, files)
    (out / "EXPECTED.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "README.md").write_text(readme(content, expected), encoding="utf-8")
    return expected


def main() -> None:
    t = write_inbox()["totals"]
    print(f"Skrev {t['files']} filer med {t['submissions']} innspill til {OUT}")


if __name__ == "__main__":
    main()
