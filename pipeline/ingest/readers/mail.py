"""E-mail readers: ``.eml`` (stdlib :mod:`email`, ``policy.default``) and Outlook ``.msg``.

An e-mail becomes one or more submissions:

* the body (plain text preferred, HTML converted) is a submission unless it is only a
  cover note ("Se vedlegg.") for attached letters;
* an attachment that is a self-contained letter (a Word/ODT/PDF/text file with a real
  text) becomes its own submission with ``source_part`` = its sanitised name; a short
  attachment is appended to the body instead;
* a nested ``message/rfc822`` is read recursively (up to ``max_email_depth``);
* a forwarded message's content is the submission and its original sender the submitter;
  the person who forwarded it is kept only as private metadata.

Attachment names are only ever displayed, never used as paths.
"""

from __future__ import annotations

import contextlib
import email
import re
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from pipeline.ingest.cleaning import clean_text
from pipeline.ingest.detect import decode_text, safe_display_name
from pipeline.ingest.model import Quarantine, RawSubmission, ReadContext
from pipeline.ingest.readers.documents import html_to_text

SELF_CONTAINED_MIN_CHARS = 200  # shorter attachments are read as part of the e-mail
COVER_NOTE_MAX_WORDS = 60
COVER_NOTE = re.compile(r"vedlegg|vedlagt|vedlagd|vedlagde|attached|attachment|se fil|sjå|"
                        r"sender med|sender over|oversender|som fil|tekstfil|dokumentet|"
                        r"videresender|please find", re.I)
COVER_NOTE_ALWAYS_WORDS = 25  # a body this short next to an attached letter only introduces it

FORWARD_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded message|videresendt (?:melding|e-post)|opprinnelig melding"
    r"|original message|vidaresendt melding)\s*-{2,}"
    r"|(?:begin forwarded message|start på videresendt melding|videresendt melding)\s*:?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|vs|wg|tr|vb)\s*:", re.IGNORECASE)
HEADER_LINE = re.compile(
    r"^\s*\*?(fra|from|dato|date|sendt|sent|til|to|kopi|cc|emne|subject|tema|rekvisita)\*?\s*:\s*(.*)$",
    re.IGNORECASE,
)


def is_cover_note(text: str) -> bool:
    """An e-mail body that only introduces its attachments ("Hei! Se vedlegg. Mvh Kari")."""
    words = len(text.split())
    return (not text or words <= COVER_NOTE_ALWAYS_WORDS
            or (words <= COVER_NOTE_MAX_WORDS and bool(COVER_NOTE.search(text))))


def _header(msg, name: str) -> str:
    try:
        value = msg.get(name)
        return str(value).strip() if value is not None else ""
    except Exception:  # malformed headers must not stop the read
        try:
            raw = msg.get_all(name, failobj=[""])
            return str(raw[0]) if raw else ""
        except Exception:
            return ""


def _decode_part(part) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if payload is None:
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    text = decode_text(payload, part.get_content_charset())
    if part.get_content_type() == "text/html":
        text = html_to_text(text)
    return text


MAX_MIME_DEPTH = 50


class _TooDeep:
    """Stands for a part nested beyond :data:`MAX_MIME_DEPTH`: it becomes a note, not a loss."""

    def get_content_type(self) -> str:
        return "x-innspill/too-deep"


def _leaves(part, depth: int = 0):
    """Leaf parts and nested messages, without descending into ``message/rfc822``."""
    if depth > MAX_MIME_DEPTH:
        yield _TooDeep()
        return
    if part.get_content_type() == "message/rfc822":
        yield part
    elif part.is_multipart():
        for sub in part.get_payload():
            yield from _leaves(sub, depth + 1)
    else:
        yield part


_UNQUOTED_COMMA_NAME = re.compile(r'\s*"?([^"<>]*,[^"<>]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*')


def parse_address(value: str) -> tuple[str, str]:
    """(name, address) of one sender. Unlike :func:`parseaddr` alone, this also reads the
    unquoted Outlook form ``Nordmann, Kari <kari@example.no>`` (which ``parseaddr`` splits
    at the comma into the "address" ``Nordmann``)."""
    match = _UNQUOTED_COMMA_NAME.fullmatch(value or "")
    if match:
        return match.group(1).strip(), match.group(2)
    return parseaddr(value or "")


def split_forward(body: str, subject: str) -> tuple[str, dict[str, str]] | None:
    """If ``body`` forwards a message, return (forwarded content, its header fields)."""
    match = FORWARD_MARKER.search(body)
    start = match.end() if match else None
    if start is None and FORWARD_SUBJECT.match(subject or ""):
        # Outlook style: no marker, just a "Fra: … Sendt: …" block.
        block = re.search(r"^\s*\*?(?:fra|from)\*?\s*:.*$", body, re.IGNORECASE | re.MULTILINE)
        if block:
            start = block.start()
    if start is None:
        return None
    if match and re.search(r"original message|opprinnelig melding", match.group(0), re.I) \
            and not FORWARD_SUBJECT.match(subject or ""):
        return None  # a reply quoting its original: cleaning strips the quote
    lines = body[start:].lstrip("\n").splitlines()
    headers: dict[str, str] = {}
    i = 0
    while i < len(lines):
        m = HEADER_LINE.match(lines[i])
        if m:
            key = m.group(1).lower()
            headers.setdefault(key, m.group(2).strip())
            i += 1
        elif not lines[i].strip() and not headers:
            i += 1
        else:
            break
    content = "\n".join(lines[i:]).strip("\n")
    return content, headers


def message_to_submissions(msg: EmailMessage, ctx: ReadContext, fmt: str = "eml"
                           ) -> list[RawSubmission]:
    """All submissions in one parsed e-mail (see the module docstring for the rules)."""
    if ctx.depth > ctx.limits.max_email_depth:
        raise Quarantine(f"e-posten er nøstet i mer enn {ctx.limits.max_email_depth} nivåer")
    from_name, from_email = parseaddr(_header(msg, "From"))
    subject = _header(msg, "Subject")
    date = _header(msg, "Date")
    try:
        body_part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:
        body_part = None
    body = _decode_part(body_part) if body_part is not None else ""

    attachments: list[RawSubmission] = []
    appended: list[str] = []
    notes: list[str] = []
    names_seen: dict[str, int] = {}
    for part in _leaves(msg):
        if part is body_part:
            continue
        if isinstance(part, _TooDeep):
            notes.append(f"vedlegget «del nøstet dypere enn {MAX_MIME_DEPTH} nivåer» ble ikke "
                         f"lest: e-posten er nøstet for dypt")
            continue
        ctype = part.get_content_type()
        filename = part.get_filename() if ctype != "message/rfc822" else part.get_filename()
        disposition = (part.get_content_disposition() or "").lower()
        if ctype != "message/rfc822" and not filename and disposition != "attachment":
            continue  # the other alternative of the body, inline images without names, …
        name = safe_display_name(filename or (ctype == "message/rfc822" and "videresendt e-post")
                                 or "vedlegg")
        count = names_seen[name] = names_seen.get(name, 0) + 1
        # "innspill.txt (2)" tells two attachments apart in the tables; the format is still
        # detected from the real name, "innspill.txt".
        label = f"{name} ({count})" if count > 1 else name
        try:
            subs = _read_attachment(part, name, ctx)
        except Quarantine as exc:
            notes.append(f"vedlegget «{label}» ble ikke lest: {exc}")
            continue
        for sub in subs:
            letter_chars = len(clean_text(sub.text))
            if ctype == "message/rfc822" or letter_chars >= SELF_CONTAINED_MIN_CHARS:
                sub.source_part = label + (f" / {sub.source_part}" if sub.source_part else "")
                attachments.append(sub)
            elif sub.text.strip():
                appended.append(f"Vedlegg: {label}\n{sub.text.strip()}")

    return assemble_message(body, appended, attachments, fmt=fmt, date=date, notes=notes,
                            sender_name=from_name, sender_email=from_email, subject=subject)


def assemble_message(
    body: str,
    appended: list[str],
    attachments: list[RawSubmission],
    *,
    fmt: str,
    date: str,
    notes: list[str],
    sender_name: str,
    sender_email: str,
    subject: str,
) -> list[RawSubmission]:
    """An e-mail's submissions from its body, inline attachments and attached letters.

    One rule for ``.eml`` and ``.msg``: a forwarded message's content is the submission and
    its original sender the submitter (the forwarder is kept as metadata); a body that only
    covers attached letters ("se vedlegg") is not a submission of its own; attached letters
    inherit the message's sender, subject and date unless they carry their own headers.
    """
    sender = {"sender_name": sender_name, "sender_email": sender_email, "subject": subject}
    forwarded_by = ""
    forward = split_forward(body, subject)
    if forward is not None:
        body, fwd = forward
        orig_name, orig_email = parse_address(fwd.get("fra") or fwd.get("from") or "")
        if orig_name or orig_email:
            forwarded_by = sender_email or sender_name
            sender = {"sender_name": orig_name, "sender_email": orig_email,
                      "subject": fwd.get("emne") or fwd.get("subject") or subject}
        date = fwd.get("dato") or fwd.get("date") or fwd.get("sendt") or fwd.get("sent") or date

    body_full = "\n\n".join([body.strip(), *appended]).strip()
    cleaned = clean_text(body_full, is_email=True)
    is_cover = bool(attachments) and is_cover_note(cleaned)
    out: list[RawSubmission] = []
    if cleaned and not is_cover:
        out.append(RawSubmission(text=body_full, format=fmt, received_at=date,
                                 date_source="header" if date else "", forwarded_by=forwarded_by,
                                 notes=notes, **sender))
    for sub in attachments:
        # An attached letter was received when the e-mail was; its sender is the e-mail's
        # (unless it is a nested e-mail with its own headers).
        if sub.format not in ("eml", "msg") or not (sub.sender_name or sub.sender_email):
            sub.sender_name = sub.sender_name or sender["sender_name"]
            sub.sender_email = sub.sender_email or sender["sender_email"]
            sub.subject = sub.subject or sender["subject"]
            sub.forwarded_by = sub.forwarded_by or forwarded_by
        if date and sub.date_source != "header":
            sub.received_at, sub.date_source = date, "header"
        sub.cover_text = cleaned if is_cover else ""
        sub.notes = sub.notes + notes
        out.append(sub)
    if not out:
        if notes:
            raise Quarantine("; ".join(notes))
        raise Quarantine("e-posten har ingen tekst")
    return out


def _read_attachment(part, name: str, ctx: ReadContext) -> list[RawSubmission]:
    """The submissions in one attachment; ``name`` (its sanitised file name) is only a hint
    for format detection."""
    from pipeline.ingest.readers import read_blob

    nested = ctx.nested()
    if part.get_content_type() == "message/rfc822":
        if nested.depth > ctx.limits.max_email_depth:
            raise Quarantine(f"e-posten er nøstet i mer enn {ctx.limits.max_email_depth} nivåer")
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else payload
        # policy.default makes every part, nested messages too, an EmailMessage.
        if not isinstance(inner, EmailMessage):
            raise Quarantine("ugyldig videresendt e-post")
        return message_to_submissions(inner, nested)
    try:
        blob = part.get_payload(decode=True) or b""
    except Exception as exc:
        raise Quarantine("vedlegget kan ikke dekodes") from exc
    if not blob.strip():
        raise Quarantine("tomt vedlegg")
    if len(blob) > ctx.limits.max_file_bytes:
        raise Quarantine("vedlegget er større enn grensen")
    _, subs = read_blob(blob, name, nested)
    return subs


def read_eml(blob: bytes, name: str, ctx: ReadContext) -> list[RawSubmission]:
    """An RFC 822/MIME e-mail file."""
    try:
        msg = email.message_from_bytes(blob, policy=policy.default)
    except Exception as exc:
        raise Quarantine("ugyldig e-postfil") from exc
    return message_to_submissions(msg, ctx)


def _msg_sender(msg) -> tuple[str, str]:
    """(name, address) of an Outlook message's sender: the sender properties first
    (PR_SENDER_NAME, PR_SENDER_SMTP_ADDRESS, …), then extract-msg's ``sender`` string,
    which joins them unquoted and so breaks on "Etternavn, Fornavn" display names."""
    def prop(tag: str) -> str:
        with contextlib.suppress(Exception):
            return str(msg.getStringStream(f"__substg1.0_{tag}") or "").strip()
        return ""

    name = prop("0C1A") or prop("0042")
    # PR_SENDER_EMAIL_ADDRESS may be an Exchange X.500 address: keep only SMTP ones.
    address = next((a for a in (prop("5D01"), prop("0C1F"), prop("5D02"), prop("0065"))
                    if "@" in a), "")
    header_name, header_address = parse_address(str(msg.sender or ""))
    return name or header_name, address or (header_address if "@" in header_address else "")


def read_msg(blob: bytes, name: str, ctx: ReadContext) -> list[RawSubmission]:
    """An Outlook ``.msg`` file (OLE2), via extract-msg. Embedded files are read like
    e-mail attachments; nothing in the file is executed."""
    import extract_msg

    from pipeline.ingest.readers import read_blob

    if ctx.depth > ctx.limits.max_email_depth:
        raise Quarantine(f"e-posten er nøstet i mer enn {ctx.limits.max_email_depth} nivåer")
    try:
        # Any: openMsg is typed as the MSGFile base; the message attributes are read
        # duck-typed and an item without them fails below as a broken file.
        msg: Any = extract_msg.openMsg(blob, strict=False)
    except Exception as exc:
        raise Quarantine("ødelagt eller ukjent Outlook-fil (.msg)") from exc
    try:
        from_name, from_email = _msg_sender(msg)
        subject = str(msg.subject or "")
        date = msg.date.isoformat() if hasattr(msg.date, "isoformat") else str(msg.date or "")
        body = msg.body or ""
        if not body.strip() and getattr(msg, "htmlBody", None):
            html = msg.htmlBody
            if isinstance(html, bytes):
                html = decode_text(html)
            body = html_to_text(html)
        letters: list[RawSubmission] = []
        appended: list[str] = []
        notes: list[str] = []
        for att in getattr(msg, "attachments", []) or []:
            label = safe_display_name(getattr(att, "longFilename", None)
                                      or getattr(att, "shortFilename", None) or "vedlegg")
            data = getattr(att, "data", None)
            if not isinstance(data, bytes):
                # An embedded Outlook item (its data is a parsed message) or a link.
                notes.append(f"vedlegget «{label}» ble ikke lest: innebygd element støttes ikke")
                continue
            if not data.strip():
                continue
            try:
                _, subs = read_blob(data, label, ctx.nested())
            except Quarantine as exc:
                notes.append(f"vedlegget «{label}» ble ikke lest: {exc}")
                continue
            for sub in subs:
                if len(clean_text(sub.text, is_email=True)) >= SELF_CONTAINED_MIN_CHARS:
                    sub.source_part = label
                    letters.append(sub)
                else:
                    appended.append(f"Vedlegg: {label}\n{sub.text.strip()}")
    except Quarantine:
        raise
    except Exception as exc:
        raise Quarantine("ødelagt Outlook-fil (.msg)") from exc
    finally:
        with contextlib.suppress(Exception):
            msg.close()
    return assemble_message(body, appended, letters, fmt="msg", date=date, notes=notes,
                            sender_name=from_name, sender_email=from_email, subject=subject)
