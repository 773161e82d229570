"""Build real Outlook ``.msg`` files for tests (no library writes them for us).

Two layers:

* :func:`cfb_bytes` — a minimal writer for OLE2 / Compound File Binary files
  ([MS-CFB], version 3): 512-byte sectors, one FAT (no DIFAT sectors, so at most
  109 FAT sectors ≈ 7 MB — plenty for fixtures), a directory whose sibling trees are
  balanced binary search trees coloured as valid red-black trees, and a mini stream
  (64-byte mini sectors + MiniFAT) for every stream shorter than the 4096-byte cutoff,
  exactly as the spec requires (olefile reads streams < 4096 bytes from the mini
  stream, so padding instead would change their content).
* :func:`make_msg` — the MAPI property layout of an ``IPM.Note`` ([MS-OXMSG]) that
  extract-msg reads: ``__properties_version1.0`` (fixed-length values such as
  ``PR_CLIENT_SUBMIT_TIME`` inline, variable-length ones as size entries),
  ``__substg1.0_XXXXTTTT`` streams for strings (UTF-16LE, no terminator) and binaries,
  an (empty) ``__nameid_version1.0`` storage, one recipient storage and one storage per
  attachment.

Only what the tests need is implemented; nothing here is used outside ``tests/``.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

# ------------------------------------------------------------------------------- CFB layer
SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1

Tree = dict  # name -> bytes (a stream) or Tree (a storage)


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        if len(name) > 31 or any(c in name for c in "/\\:!"):
            raise ValueError(f"invalid CFB entry name: {name!r}")
        self.name, self.kind, self.data = name, kind, data
        self.children: list[_Entry] = []
        self.sid = 0
        self.left = self.right = self.child = NOSTREAM
        self.color = BLACK
        self.start, self.size = ENDOFCHAIN, 0

    def pack(self) -> bytes:
        name = self.name.encode("utf-16-le") + b"\x00\x00"
        return struct.pack(
            "<64sHBBIII16sIQQIQ", name, len(name), self.kind, self.color, self.left,
            self.right, self.child, b"\x00" * 16, 0, 0, 0, self.start, self.size)


def _cfb_key(entry: _Entry) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: shorter names sort first, then by upper-cased code points."""
    return len(entry.name), entry.name.upper()


def _link_siblings(entries: list[_Entry]) -> int:
    """Make ``entries`` (one storage's children) a balanced BST; return the root sid.

    Built by splitting at the median, every leaf is at depth d or d-1; colouring the
    nodes at the deepest level red (except a lone root) gives the same black height on
    every path and no red node with a red parent, i.e. a valid red-black tree.
    """
    ordered = sorted(entries, key=_cfb_key)
    depths: dict[int, int] = {}

    def build(lo: int, hi: int, depth: int) -> int:
        if lo >= hi:
            return NOSTREAM
        mid = (lo + hi) // 2
        node = ordered[mid]
        depths[id(node)] = depth
        node.left = build(lo, mid, depth + 1)
        node.right = build(mid + 1, hi, depth + 1)
        return node.sid

    root = build(0, len(ordered), 0)
    deepest = max(depths.values(), default=0)
    for node in ordered:
        node.color = RED if deepest > 0 and depths[id(node)] == deepest else BLACK
    return root


def _chain(fat: list[int], start: int, count: int) -> None:
    for i in range(count):
        fat[start + i] = start + i + 1 if i < count - 1 else ENDOFCHAIN


def _pad(data: bytes, size: int, fill: bytes = b"\x00") -> bytes:
    return data + fill * ((-len(data)) % size // len(fill))


def cfb_bytes(tree: Tree) -> bytes:
    """A compound file whose root storage holds ``tree``."""
    root = _Entry("Root Entry", ROOT)
    entries = [root]

    def add(parent: _Entry, sub: Tree) -> None:
        for name, value in sub.items():
            entry = _Entry(name, STORAGE if isinstance(value, dict) else STREAM,
                           b"" if isinstance(value, dict) else bytes(value))
            entry.sid = len(entries)
            entries.append(entry)
            parent.children.append(entry)
            if isinstance(value, dict):
                add(entry, value)

    add(root, tree)
    for entry in entries:
        if entry.children:
            entry.child = _link_siblings(entry.children)
            if len({n.name.upper() for n in entry.children}) != len(entry.children):
                raise ValueError(f"duplicate names in storage {entry.name!r}")

    # Mini stream: streams below the cutoff, in 64-byte mini sectors chained by the MiniFAT.
    minifat: list[int] = []
    mini = bytearray()
    big: list[_Entry] = []
    for entry in entries:
        if entry.kind != STREAM or not entry.data:
            continue  # storages and empty streams: start ENDOFCHAIN, size 0
        entry.size = len(entry.data)
        if entry.size >= MINI_CUTOFF:
            big.append(entry)
            continue
        n = -(-entry.size // MINI_SECTOR)
        entry.start = len(minifat)
        minifat.extend(range(entry.start + 1, entry.start + n))
        minifat.append(ENDOFCHAIN)
        mini += _pad(entry.data, MINI_SECTOR)

    minifat_bytes = _pad(struct.pack(f"<{len(minifat)}I", *minifat), SECTOR, b"\xff")
    mini_bytes = _pad(bytes(mini), SECTOR)

    n_dir = -(-len(entries) // (SECTOR // 128))  # four 128-byte entries per sector
    n_minifat = len(minifat_bytes) // SECTOR
    n_mini = len(mini_bytes) // SECTOR
    n_big = [-(-e.size // SECTOR) for e in big]
    n_data = n_dir + n_minifat + n_mini + sum(n_big)
    n_fat = 1
    while n_fat * (SECTOR // 4) < n_fat + n_data:
        n_fat += 1
    if n_fat > 109:
        raise ValueError("file too large for this writer (needs DIFAT sectors)")

    fat = [FREESECT] * (n_fat * SECTOR // 4)
    for i in range(n_fat):
        fat[i] = FATSECT
    pos = n_fat
    dir_start = pos
    _chain(fat, pos, n_dir)
    pos += n_dir
    minifat_start = pos if n_minifat else ENDOFCHAIN
    _chain(fat, pos, n_minifat)
    pos += n_minifat
    root.start, root.size = (pos, len(mini)) if n_mini else (ENDOFCHAIN, 0)
    _chain(fat, pos, n_mini)
    pos += n_mini
    for entry, n in zip(big, n_big, strict=True):
        entry.start = pos
        _chain(fat, pos, n)
        pos += n

    # Pack the directory now that every entry's start sector is known.
    dir_bytes = b"".join(e.pack() for e in entries)
    while len(dir_bytes) % SECTOR:
        dir_bytes += _unused_entry()

    difat = list(range(n_fat)) + [FREESECT] * (109 - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", MAGIC, b"\x00" * 16, 0x003E, 3, 0xFFFE, 9, 6, b"\x00" * 6,
        0, n_fat, dir_start, 0, MINI_CUTOFF, minifat_start, n_minifat, ENDOFCHAIN, 0,
    ) + struct.pack("<109I", *difat)
    assert len(header) == SECTOR
    body = [struct.pack(f"<{len(fat)}I", *fat), dir_bytes, minifat_bytes if n_minifat else b"",
            mini_bytes if n_mini else b""]
    body += [_pad(e.data, SECTOR) for e in big]
    out = header + b"".join(body)
    assert len(out) == SECTOR * (1 + pos)
    return out


def _unused_entry() -> bytes:
    """A free directory slot: empty name, siblings and child NOSTREAM."""
    return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                       b"\x00" * 16, 0, 0, 0, 0, 0)


# ------------------------------------------------------------------------------- MSG layer
PT_LONG, PT_BOOLEAN, PT_SYSTIME, PT_UNICODE, PT_BINARY = 0x0003, 0x000B, 0x0040, 0x001F, 0x0102
PROP_FLAGS = 0x00000006  # PROPATTR_READABLE | PROPATTR_WRITABLE


def filetime(when: datetime) -> int:
    """A FILETIME: 100-ns intervals since 1601-01-01 UTC (naive datetimes are UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = when - datetime(1601, 1, 1, tzinfo=UTC)
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


class _Props:
    """One object's properties: the ``__properties_version1.0`` stream plus its
    ``__substg1.0_`` streams for variable-length values."""

    def __init__(self) -> None:
        self.fixed: list[bytes] = []
        self.streams: Tree = {}

    def _entry(self, prop_id: int, ptype: int, value: bytes) -> None:
        self.fixed.append(struct.pack("<II", (prop_id << 16) | ptype, PROP_FLAGS) + value)

    def long(self, prop_id: int, value: int) -> None:
        self._entry(prop_id, PT_LONG, struct.pack("<Ixxxx", value))

    def time(self, prop_id: int, value: datetime) -> None:
        self._entry(prop_id, PT_SYSTIME, struct.pack("<Q", filetime(value)))

    def string(self, prop_id: int, value: str | None) -> None:
        if value is None:
            return
        data = value.encode("utf-16-le")
        self.streams[f"__substg1.0_{prop_id:04X}{PT_UNICODE:04X}"] = data
        self._entry(prop_id, PT_UNICODE, struct.pack("<Ixxxx", len(data) + 2))

    def binary(self, prop_id: int, value: bytes | None) -> None:
        if value is None:
            return
        self.streams[f"__substg1.0_{prop_id:04X}{PT_BINARY:04X}"] = bytes(value)
        self._entry(prop_id, PT_BINARY, struct.pack("<Ixxxx", len(value)))

    def storage(self, header: bytes) -> Tree:
        return {**self.streams, "__properties_version1.0": header + b"".join(self.fixed)}


def _short_name(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = "".join(c for c in stem.upper() if c.isalnum())[:6] or "FILE"
    return f"{stem}~1" + (f".{ext.upper()[:3]}" if ext else "")


def make_msg(subject: str, body: str, sender_name: str, sender_email: str, date: datetime,
             to: str = "arbeid@arbeiderpartiet.no", html_body: str | bytes | None = None,
             attachments: list[tuple[str, bytes]] | tuple = ()) -> bytes:
    """The bytes of an Outlook ``IPM.Note`` with Unicode string properties.

    ``date`` becomes PR_CLIENT_SUBMIT_TIME and PR_MESSAGE_DELIVERY_TIME (what extract-msg
    reports as ``msg.date``); ``html_body`` PR_HTML (UTF-8); each ``(name, data)`` of
    ``attachments`` a by-value attachment (ATTACH_BY_VALUE) with that long file name.
    """
    props = _Props()
    props.string(0x001A, "IPM.Note")                      # PR_MESSAGE_CLASS
    props.string(0x0037, subject)                         # PR_SUBJECT
    props.string(0x0E1D, subject)                         # PR_NORMALIZED_SUBJECT
    props.string(0x1000, body)                            # PR_BODY
    props.string(0x0C1A, sender_name)                     # PR_SENDER_NAME
    props.string(0x0C1E, "SMTP")                          # PR_SENDER_ADDRTYPE
    props.string(0x0C1F, sender_email)                    # PR_SENDER_EMAIL_ADDRESS
    props.string(0x5D01, sender_email)                    # PR_SENDER_SMTP_ADDRESS
    props.string(0x0042, sender_name)                     # PR_SENT_REPRESENTING_NAME
    props.string(0x0065, sender_email)                    # PR_SENT_REPRESENTING_EMAIL_ADDRESS
    props.string(0x0E04, to)                              # PR_DISPLAY_TO
    if html_body is not None:
        props.binary(0x1013, html_body.encode("utf-8") if isinstance(html_body, str)
                     else html_body)                      # PR_HTML
    props.time(0x0039, date)                              # PR_CLIENT_SUBMIT_TIME
    props.time(0x0E06, date)                              # PR_MESSAGE_DELIVERY_TIME
    props.long(0x0E07, 0x00000001)                        # PR_MESSAGE_FLAGS: read, sent
    props.long(0x340D, 0x00040000)                        # PR_STORE_SUPPORT_MASK: Unicode
    props.long(0x3FFD, 65001)                             # PR_MESSAGE_CODEPAGE: UTF-8
    props.long(0x0E08, len(body.encode("utf-8")))         # PR_MESSAGE_SIZE (approximate)

    tree: Tree = {
        "__nameid_version1.0": {                          # no named properties
            "__substg1.0_00020102": b"",                  # GUID stream
            "__substg1.0_00030102": b"",                  # entry stream
            "__substg1.0_00040102": b"",                  # string stream
        },
    }

    recip = _Props()
    recip.string(0x3001, to)                              # PR_DISPLAY_NAME
    recip.string(0x3002, "SMTP")                          # PR_ADDRTYPE
    recip.string(0x3003, to)                              # PR_EMAIL_ADDRESS
    recip.string(0x39FE, to)                              # PR_SMTP_ADDRESS
    recip.long(0x0C15, 1)                                 # PR_RECIPIENT_TYPE: MAPI_TO
    recip.long(0x3000, 0)                                 # PR_ROWID
    tree["__recip_version1.0_#00000000"] = recip.storage(b"\x00" * 8)

    for i, (name, data) in enumerate(attachments):
        att = _Props()
        att.string(0x3707, name)                          # PR_ATTACH_LONG_FILENAME
        att.string(0x3704, _short_name(name))             # PR_ATTACH_FILENAME
        att.string(0x3001, name)                          # PR_DISPLAY_NAME
        ext = name.rpartition(".")[2] if "." in name else ""
        att.string(0x3703, f".{ext}" if ext else "")      # PR_ATTACH_EXTENSION
        att.binary(0x3701, data)                          # PR_ATTACH_DATA_BIN
        att.long(0x3705, 1)                               # PR_ATTACH_METHOD: ATTACH_BY_VALUE
        att.long(0x0E20, len(data))                       # PR_ATTACH_SIZE
        att.long(0x0E21, i)                               # PR_ATTACH_NUM
        tree[f"__attach_version1.0_#{i:08X}"] = att.storage(b"\x00" * 8)

    n_att = len(attachments)
    # Top-level header: 8 reserved, next recipient id, next attachment id, recipient
    # count, attachment count, 8 reserved.
    header = struct.pack("<8xIIII8x", 1, n_att, 1, n_att)
    tree.update(props.storage(header))
    return cfb_bytes(tree)
