"""Tiny hostile fixtures for the fault suite, all generated in code (no binary blobs in git)."""

from __future__ import annotations

import zlib
from email.message import EmailMessage


def cpu_heavy_pdf(pages: int = 200, ops: int = 60_000) -> bytes:
    """A small PDF whose pages all share one large, highly compressible content stream.

    Each page costs the text extractor seconds, while the file stays tens of kilobytes.
    """
    content = b"BT /F1 1 Tf " + b"(x) Tj 0 0 Td " * ops + b"ET"
    stream = zlib.compress(content, 9)
    objects: list[bytes] = []
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
                   + stream + b"\nendstream")
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            ).encode()
    return bytes(out)


def nested_html(depth: int = 100_000) -> bytes:
    """An HTML page with ``depth`` nested ``<div>`` elements around one sentence."""
    return (b"<!doctype html><html><body>" + b"<div>" * depth
            + b"Innspill om heltid." + b"</div>" * depth + b"</body></html>")


def deeply_nested_mail(letter: str, levels: int = 60) -> bytes:
    """An e-mail whose only letter sits ``levels`` multipart levels deep."""
    inner = EmailMessage()
    inner.set_content(letter)
    inner.replace_header("Content-Type", 'text/plain; charset="utf-8"')
    inner.add_header("Content-Disposition", "attachment", filename="brev.txt")
    part = inner
    for _ in range(levels):
        outer = EmailMessage()
        outer.make_mixed()
        outer.attach(part)
        part = outer
    part["From"] = "Kari Nordmann <kari@example.no>"
    part["Subject"] = "Innspill"
    part["Date"] = "Wed, 12 Mar 2025 10:15:00 +0100"
    return part.as_bytes()
