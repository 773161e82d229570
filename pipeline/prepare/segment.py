"""Split a submission's text into segments with exact character offsets.

A segment is a sentence, a list item ("1.", "a)", "-", "•", "*", "–"), a heading or a
signature block. Rules, in order:

1. Line structure gives hard boundaries: a paragraph start (after a blank line), a list
   item, a heading and the line after it, and a greeting that opens a signature
   ("Med vennlig hilsen", "Mvh", "Vennleg helsing", "Best regards", ...).
2. Inside each block, the sentence boundaries of the spaCy ``Doc`` (``senter`` of the
   model, or the blank backend's ``sentencizer``) split further.
3. Over-long pieces (> ``max_chars``) are cut at the last clause or word boundary.
4. Fragments shorter than ``min_chars`` (not headings, list items or signatures) are
   merged into the previous piece of the same block, else the next one.
5. Each segment remembers the last heading before it (``heading``), as context.

All offsets point into the original ``text``: ``text[start:end]`` is the segment, with
surrounding whitespace trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.redact.names import GREETING

LIST_ITEM = re.compile(
    r"^[ \t]*(?:[-–—•*▪●◦·‣]|\(?\d{1,2}[.)](?!\d)|\(?[a-zA-ZæøåÆØÅ][.)]|\(?[ivxIVX]{1,4}[.)])[ \t]+"
)
_MONTHS = r"(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)"
_DATE_START = re.compile(rf"^[ \t]*\d{{1,2}}\.[ \t]+{_MONTHS}\b", re.IGNORECASE)
_TERMINAL = (".", "!", "?", ",", ";", "…")
_OPENING = re.compile(r"^(?:hei|hallo|heisann|kjære|til|dear|hi|hello|god dag)\b", re.IGNORECASE)
_SIGNATURE_MAX_LINES = 7


@dataclass
class Segment:
    """One segment: ``text[start:end]`` plus what kind of piece it is."""

    start: int
    end: int
    is_heading: bool = False
    is_list_item: bool = False
    is_signature: bool = False
    heading_index: int = -1  # index (in the returned list) of the heading it belongs under
    block: int = 0


@dataclass
class _Line:
    start: int
    end: int  # without the newline
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(_Line(pos, pos + len(body), body))
        pos += len(raw)
    return lines


def is_list_item(line: str) -> bool:
    """Whether ``line`` starts with a list marker (but not a date like "1. mai")."""
    return bool(LIST_ITEM.match(line)) and not _DATE_START.match(line)


def is_greeting(line: str) -> bool:
    """Whether ``line`` opens a signature ("Mvh", "Med vennlig hilsen", "Best regards", ...)."""
    return bool(GREETING.match(line))


def _heading_like(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 90:
        return False
    if s.startswith("#"):
        return True
    if is_list_item(s) and not s.endswith(":"):
        return False
    if s.endswith(_TERMINAL) or _OPENING.match(s) or is_greeting(s):
        return False
    if not (s[0].isupper() or s[0].isdigit()):
        return False
    return len(s.split()) <= 12 and any(ch.isalpha() for ch in s)


def _classify(lines: list[_Line]) -> tuple[set[int], set[int], set[int]]:
    """Indices of heading lines, list-item lines and signature lines."""
    headings, items, signature = set(), set(), set()
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        if not line.blank and is_greeting(line.text):
            j, taken = i, 0
            while j < n and taken < _SIGNATURE_MAX_LINES:
                if lines[j].blank:
                    if taken > 1:
                        break
                else:
                    signature.add(j)
                    taken += 1
                j += 1
            i = j
            continue
        i += 1
    for i, line in enumerate(lines):
        if line.blank or i in signature:
            continue
        if is_list_item(line.text):
            items.add(i)
        prev_blank = i == 0 or lines[i - 1].blank
        nxt = next((k for k in range(i + 1, n) if not lines[k].blank), None)
        if nxt is None or not _heading_like(line.text):
            continue
        s = line.text.strip()
        if (
            s.startswith("#")
            or (prev_blank and (s.endswith(":") or lines[i + 1].blank))
            or prev_blank
            and not lines[i + 1].blank
            and s.endswith(":")
        ):
            headings.add(i)
            items.discard(i)
    return headings, items, signature


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > max_chars:
        window = text[start : start + max_chars]
        cut = -1
        for sep in ("; ", ": ", ", ", " "):
            k = window.rfind(sep, max_chars // 3)
            if k > 0:
                cut = k + len(sep)
                break
        if cut <= 0:
            cut = max_chars
        s, e = _trim(text, start, start + cut)
        if e > s:
            pieces.append((s, e))
        start = start + cut
    s, e = _trim(text, start, end)
    if e > s:
        pieces.append((s, e))
    return pieces


def segment_text(
    text: str,
    sentence_starts: Iterable[int] = (),
    min_chars: int = 25,
    max_chars: int = 1000,
) -> list[Segment]:
    """Segments of ``text`` (see the module docstring for the rules).

    Parameters
    ----------
    text:
        The submission text (offsets point into it).
    sentence_starts:
        Character offsets where a sentence starts (``[s.start_char for s in doc.sents]``).
    min_chars, max_chars:
        Merge fragments shorter than ``min_chars``; split pieces longer than ``max_chars``.
    """
    lines = _lines(text)
    headings, items, signature = _classify(lines)

    # Blocks: (start, end, kind) between hard boundaries.
    blocks: list[tuple[int, int, str]] = []
    cur_start: int | None = None
    cur_kind = "text"

    def close(at: int) -> None:
        nonlocal cur_start
        if cur_start is not None:
            s, e = _trim(text, cur_start, at)
            if e > s:
                blocks.append((s, e, cur_kind))
        cur_start = None

    prev_kind = None
    for i, line in enumerate(lines):
        if line.blank:
            close(line.start)
            prev_kind = None
            continue
        kind = (
            "heading"
            if i in headings
            else "signature"
            if i in signature
            else "item"
            if i in items
            else "text"
        )
        boundary = (
            cur_start is None
            or kind in ("heading", "item")
            or prev_kind == "heading"
            or (kind == "signature") != (prev_kind == "signature")
        )
        if boundary:
            close(line.start)
            cur_start, cur_kind = line.start, kind
        prev_kind = kind
    close(len(text))

    starts = sorted(set(sentence_starts))
    segments: list[Segment] = []
    for b, (bs, be, kind) in enumerate(blocks):
        if kind in ("heading", "signature"):
            pieces = [(bs, be)] if kind == "heading" else _split_long(text, bs, be, max_chars)
        else:
            cuts = [bs] + [s for s in starts if bs < s < be] + [be]
            pieces = []
            for s, e in zip(cuts, cuts[1:], strict=False):
                pieces.extend(_split_long(text, s, e, max_chars))
        # merge short fragments inside the block
        merged: list[list[int]] = []
        for s, e in pieces:
            if (
                merged
                and (e - s < min_chars or merged[-1][1] - merged[-1][0] < min_chars)
                and kind == "text"
                and (e - merged[-1][0]) <= max_chars
            ):
                merged[-1][1] = e
            else:
                merged.append([s, e])
        for s, e in merged:
            segments.append(
                Segment(
                    s,
                    e,
                    is_heading=kind == "heading",
                    is_list_item=kind == "item",
                    is_signature=kind == "signature",
                    block=b,
                )
            )
    current = -1
    for k, seg in enumerate(segments):
        seg.heading_index = current
        if seg.is_heading:
            current = k
    return segments
