"""Format detection by content (magic bytes, zip members) with the file name as a hint,
plus the shared safety helpers: text decoding, zip-bomb checks, safe display names.

Detection never trusts the extension alone: a ``.docx`` that is not a zip is reported as
a broken Word file, a ``.txt`` full of NUL bytes as a binary file, and a ``.pdf`` that is
really a Word document is read as Word.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import PurePosixPath

from charset_normalizer import from_bytes

from pipeline.ingest.model import Limits, Quarantine

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

TEXT_EXTENSIONS = {
    ".eml": "eml", ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl", ".csv": "csv",
    ".tsv": "csv",
}
BINARY_EXTENSIONS = {
    ".docx": "docx", ".docm": "docx", ".odt": "odt", ".pdf": "pdf", ".xlsx": "xlsx",
    ".xlsm": "xlsx", ".msg": "msg",
}
FORMAT_NAMES = {
    "docx": "Word-fil (.docx)", "odt": "ODT-fil (.odt)", "pdf": "PDF-fil",
    "xlsx": "Excel-fil (.xlsx)",
    "msg": "Outlook-fil (.msg)", "eml": "e-post (.eml)", "csv": "CSV-fil", "json": "JSON-fil",
    "jsonl": "JSON-fil", "html": "HTML-fil", "txt": "tekstfil", "md": "tekstfil",
}


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def safe_display_name(name: str, max_len: int = 80) -> str:
    """A file or attachment name safe to show and store, never to use as a path.

    ``../../etc/passwd`` becomes ``passwd``; control characters and path separators go.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    return name[:max_len] or "vedlegg"


# ---------------------------------------------------------------------------- text decoding
def looks_binary(blob: bytes) -> bool:
    """NUL bytes (outside UTF-16/32 text) or many control bytes mean 'not a text file'."""
    if any(blob.startswith(bom) for bom, _ in BOMS):
        return False
    sample = blob[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.05


_LATIN_FAMILY = {"us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "iso-8859-15",
                 "windows-1252", "cp1252"}


def decode_text(blob: bytes, declared: str | None = None) -> str:
    """Decode text bytes so that Norwegian æøå come out right.

    Order: BOM, then the declared charset (if it decodes cleanly), UTF-8, then
    charset-normalizer's best guess restricted to the encodings Norwegian text arrives in,
    and finally Windows-1252 (which never fails on Latin-1 text).
    """
    for bom, encoding in BOMS:
        if blob.startswith(bom):
            return blob.decode(encoding, errors="replace").lstrip("\ufeff")
    if declared and declared.lower().replace("_", "-") in _LATIN_FAMILY:
        # Mail clients often declare Latin-1 and send UTF-8; valid non-ASCII UTF-8 is
        # practically never intended as Latin-1, so try it first.
        try:
            return blob.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if declared:
        try:
            return blob.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return blob.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _looks_utf16(blob):
        return blob.decode("utf-16-le" if blob[1:2] == b"\x00" else "utf-16-be", errors="replace")
    best = from_bytes(blob[:65536], cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp865",
                                                  "mac_roman", "utf_16"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    # cp1252 and latin-1 agree on æøåÆØÅ; prefer cp1252 (it also has “smart quotes” and €).
    if encoding in ("latin_1", "iso8859_15", "iso8859_1"):
        encoding = "cp1252"
    return blob.decode(encoding, errors="replace")


def _looks_utf16(blob: bytes) -> bool:
    sample = blob[:2000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return odd.count(0) > 0.4 * len(odd) or even.count(0) > 0.4 * len(even)


# ------------------------------------------------------------------------------- zip safety
def check_zip(blob: bytes, limits: Limits, label: str) -> zipfile.ZipFile:
    """Open a zip container after checking it is not a zip bomb.

    Sizes and ratios come from the central directory and are checked BEFORE anything is
    decompressed; then every member is decompressed in bounded chunks, so a directory
    that lies about sizes is caught too.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(blob))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise Quarantine(f"ødelagt eller avkortet {label}") from exc
    if len(infos) > 5000:
        raise Quarantine(f"{label} har mistenkelig mange deler ({len(infos)}) – mulig zip-bombe")
    total = sum(i.file_size for i in infos)
    compressed = sum(i.compress_size for i in infos) or 1
    if total > limits.max_uncompressed_bytes:
        raise Quarantine(
            f"{label} pakker ut til {total / 1e6:.0f} MB (grense "
            f"{limits.max_uncompressed_bytes / 1e6:.0f} MB) – mulig zip-bombe"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        # Small XML parts compress very well legitimately; only large members can be bombs.
        if info.file_size > 1_000_000 and ratio > limits.max_compression_ratio:
            raise Quarantine(
                f"{label} har en del som er komprimert {ratio:.0f}:1 (grense "
                f"{limits.max_compression_ratio:.0f}:1) – mulig zip-bombe"
            )
    if total > 1_000_000 and total / compressed > limits.max_compression_ratio:
        raise Quarantine(f"{label} er komprimert {total / compressed:.0f}:1 – mulig zip-bombe")
    budget = limits.max_uncompressed_bytes
    try:
        for info in infos:
            with zf.open(info) as member:
                seen = 0
                while chunk := member.read(1 << 16):
                    seen += len(chunk)
                    budget -= len(chunk)
                    if seen > info.file_size or budget < 0:
                        raise Quarantine(
                            f"{label} oppgir feil størrelse på innholdet – mulig zip-bombe")
    except Quarantine:
        raise
    except Exception as exc:  # CRC errors, truncated members, unsupported compression
        raise Quarantine(f"ødelagt eller avkortet {label}") from exc
    return zf


def zip_kind(names: set[str]) -> str:
    """Which Office/ODF format a zip is, from its members ('' when none)."""
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        return "odt"
    return ""


# --------------------------------------------------------------------------- detection
_EMAIL_HEADER = re.compile(
    rb"^(?:(?:Return-Path|Received|From|To|Subject|Date|Message-ID|MIME-Version|Content-Type"
    rb"|X-[\w-]+|Delivered-To|Reply-To|Cc):[^\n]*\n(?:[ \t][^\n]*\n)*){2,}",
    re.IGNORECASE,
)


def detect_format(blob: bytes, name: str) -> str:
    """The format of ``blob``: a key of the reader registry, or raise :class:`Quarantine`.

    Content decides; the extension only settles what content cannot (e.g. ``.md`` vs
    ``.txt``, ``.csv`` vs plain text).
    """
    ext = extension(name)
    head = blob[:4096]
    if head.lstrip(b"\r\n\t \xef\xbb\xbf")[:5] == b"%PDF-" or head[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        return "zip"  # resolved by the zip reader from its members
    if head.startswith(OLE2_MAGIC):
        if ext in (".doc", ".xls", ".ppt"):
            raise Quarantine(
                f"gammelt Office-format ({ext}) støttes ikke – lagre som .docx/.xlsx eller PDF")
        return "msg"
    expected = BINARY_EXTENSIONS.get(ext)
    if expected:
        raise Quarantine(
            f"ødelagt eller avkortet {FORMAT_NAMES[expected]} (innholdet er ikke {expected})")
    if looks_binary(blob):
        shown = ext or "uten endelse"
        raise Quarantine(f"binærfil med tekstnavn ({shown}) – ikke lesbar tekst")
    if ext in TEXT_EXTENSIONS:
        kind = TEXT_EXTENSIONS[ext]
        if kind == "txt" and _EMAIL_HEADER.match(blob.lstrip()[:4096].replace(b"\r\n", b"\n")):
            return "eml"
        return kind
    # No or unknown extension: sniff.
    text = blob.lstrip(b"\xef\xbb\xbf \r\n\t")[:4096]
    if _EMAIL_HEADER.match(text.replace(b"\r\n", b"\n")):
        return "eml"
    lower = text[:512].lower()
    if lower.startswith((b"<!doctype html", b"<html")) or b"<body" in lower:
        return "html"
    if text[:1] in (b"{", b"["):
        return "json"
    if ext in ("", ".dat", ".log"):
        return "txt"
    raise Quarantine(f"ukjent filtype ({ext}) – ikke lest")
