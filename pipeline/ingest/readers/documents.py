"""Readers for letters: Word, ODT, PDF, HTML, plain text/Markdown and JSON.

Each reader is ``read(blob, name, ctx) -> list[RawSubmission]`` and raises
:class:`~pipeline.ingest.model.Quarantine` with a plain-Norwegian reason when the
file cannot be read. None of them executes anything in the file (macros, scripts).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import warnings
import zipfile
from datetime import datetime

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from defusedxml import ElementTree as SafeET

from pipeline.ingest.detect import decode_text
from pipeline.ingest.model import Quarantine, RawSubmission, ReadContext

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
MIN_DOC_YEAR = 2015  # older "created" dates are template defaults, not the letter's date


def guard_xml_members(zf: zipfile.ZipFile, label: str) -> None:
    """Refuse Office/ODF containers whose XML declares a DTD or entities (billion laughs,
    external entities). Legitimate Office files never do."""
    for info in zf.infolist():
        if info.filename.endswith((".xml", ".rels")) and info.file_size:
            with zf.open(info) as member:
                head = member.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise Quarantine(
                    f"{label} inneholder XML med DTD/entiteter (mulig XML-angrep) – ikke lest")


# Readers stop extracting a little past ingest.max_text_chars (cleaning removes some text,
# and build_submissions makes the final cut): a 15 MB Word file that inflates to 120 million
# characters must not be turned into one string only to keep the first 200 000.
EXTRACT_SLACK = 2


def extract_limit(ctx: ReadContext) -> int:
    return ctx.limits.max_text_chars * EXTRACT_SLACK


def cut_note(ctx: ReadContext) -> str:
    return f"tekst kuttet ved {ctx.limits.max_text_chars} tegn"


def _doc_date(value: datetime | None) -> str:
    if isinstance(value, datetime) and value.year >= MIN_DOC_YEAR:
        return value.isoformat()
    return ""


# --------------------------------------------------------------------------------- Word
def read_docx(blob: bytes, name: str, ctx: ReadContext, zf: zipfile.ZipFile | None = None
              ) -> list[RawSubmission]:
    """Paragraphs, list items (as "- " lines) and tables (cells joined by " | ") in order.

    Macro-enabled files (``.docm``, or a ``vbaProject.bin`` inside) are read as text only
    from ``word/document.xml``: the macros are never loaded, let alone run.
    """
    zf = zf or zipfile.ZipFile(io.BytesIO(blob))
    names = set(zf.namelist())
    notes: list[str] = []
    has_macros = any(n.lower().endswith("vbaproject.bin") for n in names)
    text, date = "", ""
    if not has_macros:
        try:
            import docx

            document = docx.Document(io.BytesIO(blob))
            text = _docx_text(document.element.body, extract_limit(ctx))
            date = _doc_date(document.core_properties.created)
        except Exception:  # python-docx is strict about content types; fall back to the XML
            text = ""
    else:
        notes.append("makroer ignorert (aldri kjørt)")
    if not text.strip():
        try:
            root = SafeET.fromstring(zf.read("word/document.xml"))
        except Exception as exc:
            raise Quarantine("ødelagt Word-fil (.docx): dokumentet kan ikke leses") from exc
        body = root.find(f"{W}body")
        text = _docx_text(body, extract_limit(ctx)) if body is not None else ""
    if len(text) > extract_limit(ctx):
        text = text[:extract_limit(ctx)]
        notes.append(cut_note(ctx))
    return [RawSubmission(text=text, format="docx", received_at=date,
                          date_source="document" if date else "", notes=notes)]


def _docx_text(body, limit: int | None = None) -> str:
    """The body's text; stops after the block that passes ``limit`` characters."""
    lines: list[str] = []
    total = 0
    for child in body:
        if limit is not None and total > limit:
            break
        before = len(lines)
        tag = child.tag.split("}")[-1]
        if tag == "p":
            lines.append(_docx_paragraph(child))
        elif tag == "tbl":
            for row in child.iter(f"{W}tr"):
                cells = [
                    " ".join(_docx_paragraph(p) for p in cell.iter(f"{W}p")).strip()
                    for cell in row.iter(f"{W}tc")
                ]
                cells = [c for c in cells if c]
                if cells:
                    lines.append(" | ".join(cells))
                    total += len(lines[-1]) + 1
                if limit is not None and total > limit:
                    break
            lines.append("")
        if tag == "p":
            total += sum(len(line) + 1 for line in lines[before:])
    return "\n".join(lines)


def _docx_paragraph(p) -> str:
    parts: list[str] = []
    for node in p.iter():
        tag = node.tag.split("}")[-1] if isinstance(node.tag, str) else ""
        if tag == "t" and node.text:
            parts.append(node.text)
        elif tag == "tab":
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append("\n")
    text = "".join(parts)
    ppr = p.find(f"{W}pPr")
    is_list = False
    if ppr is not None:
        style = ppr.find(f"{W}pStyle")
        style_name = (style.get(f"{W}val") or "") if style is not None else ""
        is_list = ppr.find(f"{W}numPr") is not None or style_name.lower().startswith(
            ("list", "liste"))
    return f"- {text}" if is_list and text.strip() else text


# ---------------------------------------------------------------------------------- ODT
def read_odt(blob: bytes, name: str, ctx: ReadContext, zf: zipfile.ZipFile | None = None
             ) -> list[RawSubmission]:
    """Headings, paragraphs, list items and table rows from ``content.xml`` (defusedxml)."""
    zf = zf or zipfile.ZipFile(io.BytesIO(blob))
    try:
        root = SafeET.fromstring(zf.read("content.xml"))
    except Exception as exc:
        raise Quarantine("ødelagt ODT-fil: content.xml kan ikke leses") from exc
    lines: list[str] = []
    body = root.find("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}body")
    budget = [extract_limit(ctx)]
    _odt_walk(body if body is not None else root, lines, in_list=False, budget=budget)
    notes = [cut_note(ctx)] if budget[0] < 0 else []
    date = ""
    try:
        meta = SafeET.fromstring(zf.read("meta.xml"))
        for el in meta.iter():
            if el.tag.endswith(("}creation-date", "}date")) and el.text:
                date = _doc_date(datetime.fromisoformat(el.text.strip().replace("Z", "+00:00")))
                if date:
                    break
    except Exception:
        pass  # meta.xml is optional
    return [RawSubmission(text="\n".join(lines), format="odt", received_at=date,
                          date_source="document" if date else "", notes=notes)]


def _odt_walk(node, lines: list[str], in_list: bool, budget: list[int] | None = None) -> None:
    """Text lines of ``node``; ``budget`` (characters left, shared) stops the walk below 0."""
    budget = budget if budget is not None else [1 << 62]

    def add(line: str) -> None:
        lines.append(line)
        budget[0] -= len(line) + 1

    for child in node:
        if budget[0] < 0:
            return
        tag = child.tag
        if tag in (f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h"):
            text = _odt_inline(child)
            add(f"- {text}" if in_list and text.strip() else text)
        elif tag == f"{{{ODF_TEXT}}}list":
            _odt_walk(child, lines, in_list=True, budget=budget)
        elif tag == f"{{{ODF_TABLE}}}table-row":
            cells = [" ".join(_odt_inline(p) for p in cell.iter(f"{{{ODF_TEXT}}}p")).strip()
                     for cell in child if cell.tag.endswith("}table-cell")]
            if any(cells):
                add(" | ".join(c for c in cells if c))
        else:
            _odt_walk(child, lines, in_list, budget)


def _odt_inline(node) -> str:
    parts = [node.text or ""]
    for child in node:
        local = child.tag.split("}")[-1]
        if local == "s":
            parts.append(" " * int(child.get(f"{{{ODF_TEXT}}}c", "1") or 1))
        elif local == "tab":
            parts.append("\t")
        elif local == "line-break":
            parts.append("\n")
        else:
            parts.append(_odt_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


# ---------------------------------------------------------------------------------- PDF
def read_pdf(blob: bytes, name: str, ctx: ReadContext) -> list[RawSubmission]:
    """The text layer of every page; a PDF without one is quarantined (probably scanned)."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(blob), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Quarantine("kryptert PDF – kan ikke leses uten passord")
        pages: list[str] = []
        total = 0
        for page in reader.pages:  # stop once past the text limit: no page is read in vain
            pages.append(page.extract_text() or "")
            total += len(pages[-1])
            if total > extract_limit(ctx):
                break
    except Quarantine:
        raise
    except LimitReachedError as exc:  # a decompression bomb is not a "broken" PDF
        raise Quarantine("PDF-filen pakker ut til mer data enn tillatt – mulig "
                         "dekomprimeringsbombe") from exc
    except (PdfReadError, Exception) as exc:
        raise Quarantine("ødelagt eller avkortet PDF-fil") from exc
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise Quarantine("ingen tekst i PDF (skannet?)")
    notes = []
    if len(text) > extract_limit(ctx):
        text, notes = text[:extract_limit(ctx)], [cut_note(ctx)]
    date = ""
    with contextlib.suppress(Exception):  # malformed info-dictionary dates are common
        date = _doc_date(reader.metadata.creation_date if reader.metadata else None)
    return [RawSubmission(text=text, format="pdf", received_at=date,
                          date_source="document" if date else "", notes=notes)]


# --------------------------------------------------------------------------------- HTML
DROP_TAGS = ("script", "style", "nav", "noscript", "template", "iframe", "svg", "head", "form",
             "button")
BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
              "section", "article", "table", "ul", "ol", "pre", "hr")


def html_to_text(html: str) -> str:
    """Visible text of an HTML page or e-mail body; scripts, styles and navigation dropped."""
    with warnings.catch_warnings():  # short texts "look like a filename" to bs4; harmless
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    for tag in soup(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(["footer", "header", "aside"]):
        tag.decompose()
    for li in soup.find_all("li"):
        li.insert(0, "- ")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for blockquote in soup.find_all("blockquote"):
        # Quoted replies in HTML mail: mark them like plain-text quotes so cleaning drops them.
        quoted = blockquote.get_text()
        quoted_lines = "\n".join(f"> {line}" for line in quoted.splitlines())
        blockquote.replace_with(f"\n{quoted_lines}\n")
    text = soup.get_text()
    return re.sub(r"\n{3,}", "\n\n", text)


def read_html(blob: bytes, name: str, ctx: ReadContext) -> list[RawSubmission]:
    """A web page or saved HTML letter."""
    return [RawSubmission(text=html_to_text(decode_text(blob)), format="html")]


# --------------------------------------------------------------------------- text, Markdown
def read_txt(blob: bytes, name: str, ctx: ReadContext) -> list[RawSubmission]:
    """Plain text in any of the encodings Norwegian files come in."""
    return [RawSubmission(text=decode_text(blob), format="txt")]


_MD_MARKUP = [
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),          # headings
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),          # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),           # links
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),                # bold
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)"), r"\1"),  # italics
    (re.compile(r"^\s{0,3}[*+]\s+", re.M), "- "),            # bullets
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),                 # block quotes in a letter are content
    (re.compile(r"`{1,3}"), ""),
]


def read_md(blob: bytes, name: str, ctx: ReadContext) -> list[RawSubmission]:
    """Markdown with its markup removed (headings stay as their own lines)."""
    text = decode_text(blob)
    for pattern, repl in _MD_MARKUP:
        text = pattern.sub(repl, text)
    return [RawSubmission(text=text, format="md")]


# --------------------------------------------------------------------------------- JSON
TEXT_KEYS = ("text", "tekst", "innspill", "body", "message", "melding", "content", "innhold",
             "svar", "answer", "kommentar", "comment")
META_KEYS = {
    "organisation_hint": ("organisasjon", "organisation", "organization", "org", "lag"),
    "kommune_hint": ("kommune", "municipality"),
    "fylke_hint": ("fylke", "county"),
    "submitter_type_hint": ("submitter_type", "innsendertype", "avsendertype", "type", "rolle"),
    "chosen_theme": ("tema", "theme", "topic"),
    "sender_name": ("navn", "name", "avsender", "sender", "from"),
    "sender_email": ("epost", "e-post", "email", "e-mail"),
    "subject": ("emne", "subject", "tittel", "title"),
    "received_at": ("dato", "date", "timestamp", "tidspunkt", "received_at", "created", "sendt"),
}


def read_json(blob: bytes, name: str, ctx: ReadContext) -> list[RawSubmission]:
    """A JSON object, a list of objects, or JSON Lines: one object = one submission."""
    text = decode_text(blob)
    data = None
    try:
        data = json.loads(text)
        records = data if isinstance(data, list) else [data]
        numbered = isinstance(data, list)
    except json.JSONDecodeError:
        try:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
            numbered = True
        except json.JSONDecodeError as exc:
            raise Quarantine(f"ugyldig JSON (linje {exc.lineno})") from exc
    if isinstance(data, dict):
        for key in ("innspill", "submissions", "items", "data", "records"):
            if isinstance(data.get(key), list):
                records, numbered = data[key], True
                break
    out: list[RawSubmission] = []
    for n, record in enumerate(records, start=1):
        part = f"rad {n}" if numbered else ""
        if isinstance(record, str):
            out.append(RawSubmission(text=record, format="json", source_part=part))
            continue
        if not isinstance(record, dict):
            continue
        lowered = {str(k).lower(): v for k, v in record.items()}
        body = next((lowered[k] for k in TEXT_KEYS if isinstance(lowered.get(k), str)), None)
        if body is None:  # no known key: the longest string value is the text
            strings = [v for v in lowered.values() if isinstance(v, str)]
            body = max(strings, key=len) if strings else ""
        sub = RawSubmission(text=body, format="json", source_part=part)
        for attr, keys in META_KEYS.items():
            value = next((lowered[k] for k in keys if lowered.get(k) not in (None, "")), "")
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                setattr(sub, attr, str(value))
        if sub.received_at:
            sub.date_source = "form"
        out.append(sub)
    return out
