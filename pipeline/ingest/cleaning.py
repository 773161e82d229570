"""Text cleaning: what the sender did not write for the committee goes; the rest stays.

Removed: quoted replies (``> …``, ``Den … skrev:``, ``On … wrote:``, Outlook's
``Fra: … Sendt: …`` block of the original), "Sendt fra min iPhone"-style lines, legal
disclaimers, signature boilerplate (logos, "Følg oss på …", the ``-- `` delimiter) and
HTML leftovers. Whitespace and Unicode (NFC) are normalised.

Kept on purpose: the sender's name and greeting lines. The NLP stage redacts personal
names and needs to see them in context to learn them; removing them here would hide
them from the redaction evaluation, not protect anybody.
"""

from __future__ import annotations

import html
import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,300})?/?>")
_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")

# A line that starts the quoted original of a reply: everything from here is cut.
_REPLY_HEADERS = [
    re.compile(r"^\s*(?:den|på|man|tir|ons|tor|fre|lør|søn)\b.{0,200}\b(?:skrev|skreiv)\b.{0,200}:\s*$",
               re.IGNORECASE),
    re.compile(r"^\s*on\b.{0,200}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*(?:original message|opprinnelig melding|opphavleg melding)"
               r"\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),  # Outlook's rule above the original
]
_OUTLOOK_FROM = re.compile(r"^\s*\*?(?:fra|from)\*?\s*:\s*\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\s*\*?(?:sendt|sent|dato|date|til|to|emne|subject)\*?\s*:",
                           re.IGNORECASE)

# Whole lines that are boilerplate.
_BOILERPLATE_LINES = re.compile(
    r"^\s*(?:"
    r"(?:sendt|send|skickat|sent)\s+(?:fra|frå|från|from)\s+(?:min|mi|my|mitt)\b.*"
    r"|(?:hent|få|get)\s+outlook\s+for\s+\w+.*"
    r"|skrevet på (?:mobil|mobilen).*"
    r"|\[(?:cid|image|bilde):[^\]]*\].*"
    r"|følg oss på\b.*|follow us on\b.*|del på (?:facebook|x|twitter|linkedin)\b.*"
    r"|tenk (?:på )?miljøet\b.*|please consider the environment\b.*"
    r"|--\s*"
    r")$",
    re.IGNORECASE,
)
# Paragraphs that are legal disclaimers: the paragraph (and anything after it) is cut.
_DISCLAIMER = re.compile(
    r"(?:denne|dette)\s+(?:e-?posten|e-?postmeldingen|meldingen|e-?mailen)\b.{0,200}"
    r"(?:konfidensiell|fortrolig|taushetsbelagt|kun ment for|berre meint for|kun beregnet for)"
    r"|this\s+(?:e-?mail|message)\b.{0,200}(?:confidential|intended (?:only|solely))"
    r"|confidentiality notice|ansvarsfraskrivelse|disclaimer:",
    re.IGNORECASE | re.DOTALL,
)


def tidy_text(text: str) -> str:
    """Unicode NFC, one kind of newline, no zero-width characters, tidy whitespace."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_ZERO_WIDTH).replace("\u00a0", " ").replace("\t", " ")
    text = re.sub(r"[ \u2000-\u200a\u202f\u205f\u3000]+", " ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def strip_html_leftovers(text: str) -> str:
    """Tags and entities that survived a conversion (or were typed into a form)."""
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if "&" in text:
        text = _HTML_ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def strip_quoted_reply(text: str) -> str:
    """Cut the quoted original of a reply and drop ``>``-quoted lines."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if any(p.match(line) for p in _REPLY_HEADERS):
            lines = lines[:i]
            break
        if _OUTLOOK_FROM.match(line) and i > 0 and any(
            _OUTLOOK_NEXT.match(nxt) for nxt in lines[i + 1:i + 4]
        ):
            lines = lines[:i]
            break
    return "\n".join(line for line in lines if not line.lstrip().startswith(">"))


def strip_boilerplate(text: str) -> str:
    """Drop boilerplate lines and cut at the first legal disclaimer paragraph."""
    text = "\n".join(line for line in text.split("\n") if not _BOILERPLATE_LINES.match(line))
    paragraphs = re.split(r"\n\s*\n", text)
    for i, paragraph in enumerate(paragraphs):
        if i > 0 and _DISCLAIMER.search(paragraph):
            paragraphs = paragraphs[:i]
            break
    return "\n\n".join(paragraphs)


def clean_text(text: str, is_email: bool = False) -> str:
    """The cleaned text of one submission.

    Parameters
    ----------
    text:
        Raw text as a reader produced it.
    is_email:
        Also strip quoted replies (only e-mail bodies quote; a letter's ``>`` is content).
    """
    text = tidy_text(strip_html_leftovers(text))
    if is_email:
        text = strip_quoted_reply(text)
    text = strip_boilerplate(text)
    return tidy_text(text)
