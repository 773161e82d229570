"""One reader per format behind one interface.

A reader is ``read(blob: bytes, name: str, ctx: ReadContext) -> list[RawSubmission]``;
it raises :class:`~pipeline.ingest.model.Quarantine` (reason in Norwegian) when it cannot
or must not read the file. :func:`read_blob` detects the format from the content and
dispatches; zip containers are checked for bombs and XML tricks before any reader opens
them.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.ingest.detect import FORMAT_NAMES, check_zip, detect_format, extension, zip_kind
from pipeline.ingest.model import Quarantine, RawSubmission, ReadContext
from pipeline.ingest.readers.documents import (
    guard_xml_members,
    read_docx,
    read_html,
    read_json,
    read_md,
    read_odt,
    read_pdf,
    read_txt,
)
from pipeline.ingest.readers.forms import read_csv, read_xlsx
from pipeline.ingest.readers.mail import read_eml, read_msg

Reader = Callable[[bytes, str, ReadContext], list[RawSubmission]]

READERS: dict[str, Reader] = {
    "eml": read_eml,
    "msg": read_msg,
    "docx": read_docx,
    "odt": read_odt,
    "pdf": read_pdf,
    "html": read_html,
    "txt": read_txt,
    "md": read_md,
    "json": read_json,
    "jsonl": read_json,
    "csv": read_csv,
    "xlsx": read_xlsx,
}
"""Format → reader. Register a new format here (and teach :func:`detect_format` its magic)."""

_ZIP_READERS = {"docx": read_docx, "odt": read_odt, "xlsx": read_xlsx}


def read_blob(blob: bytes, name: str, ctx: ReadContext) -> tuple[str, list[RawSubmission]]:
    """Detect the format of ``blob`` and read it.

    Returns
    -------
    (format, submissions)
        ``format`` is one of the contract's formats (``eml``, ``docx`` …).

    Raises
    ------
    Quarantine
        With a plain-Norwegian reason; any other exception is a bug in a reader and is
        turned into a quarantine by the caller.
    """
    if not blob.strip():
        raise Quarantine("tom fil")
    kind = detect_format(blob, name)
    if kind == "zip":
        expected = {".docx": "docx", ".docm": "docx", ".odt": "odt", ".xlsx": "xlsx",
                    ".xlsm": "xlsx"}.get(extension(name), "")
        label = FORMAT_NAMES.get(expected, "zip-fil")
        zf = check_zip(blob, ctx.limits, label)
        kind = zip_kind(set(zf.namelist()))
        if not kind:
            raise Quarantine(
                f"ødelagt {label}: mangler dokumentinnhold" if expected
                else "zip-arkiv er ikke et dokument – pakk ut og legg filene i data/raw")
        label = FORMAT_NAMES[kind]
        guard_xml_members(zf, label)
        subs = _ZIP_READERS[kind](blob, name, ctx, zf=zf)
    else:
        subs = READERS[kind](blob, name, ctx)
    fmt = "json" if kind == "jsonl" else kind
    for sub in subs:
        if not sub.format:
            sub.format = fmt
    return fmt, subs
