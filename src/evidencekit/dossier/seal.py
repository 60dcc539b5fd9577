"""The seal: the dossier's length and a SHA-256 over all its bytes, written into the file last.

Why a whole-file digest and not only per-object checks: every change a reader can see (a page
overlay, an annotation, a deleted page, new /Info, a swapped attachment, one flipped byte) is
a change of bytes, so a digest over the bytes catches them all, whatever tool made them, with
no PDF parsing at all: a fast check that hostile input cannot slow down. The per-part digests
(``/EKParts``, computed by ``postprocess.part_digests``) only name *what* changed.

Layout (like a signature's ``/ByteRange``, ISO 32000-1 §12.8.1, the digest excludes its own
slot):

- the header's second line, a comment (§7.5.2), carries the file's length:
  ``%\\x93\\x8c\\x8b\\x9e evidencekit seal len=000003104638`` padded to the 52 bytes reportlab
  wrote there, so no offset moves. It is found at a fixed place: the first 64 bytes.
- the trailer carries ``/EKSeal <64 hex>`` (the digest) and ``/EKParts <hex>`` (8 bytes per
  page, then per document part). Both slots are written as zeros by the renderer and filled
  after the splice, in the finished file; the digest is taken with its own 64 digits as "0".

Anything after ``len`` bytes was appended after the build (an incremental update, ISO 32000-1
§7.5.6, or junk); ``verify`` reports it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

RL_HEADER = b"%\x93\x8c\x8b\x9e ReportLab Generated PDF document (opensource)\n"
"""The comment line reportlab writes after ``%PDF-1.x`` (the slot for the length)."""
_HEAD = b"%\x93\x8c\x8b\x9e evidencekit seal len="
LEN_DIGITS = 12
HEADER_SLOT = (_HEAD + b"0" * LEN_DIGITS).ljust(len(RL_HEADER) - 1) + b"\n"
_HEADER_RE = re.compile(rb"%PDF-\d\.\d\r?\n" + re.escape(_HEAD) + rb"(\d{12}) *\n")
DIGEST_KEY = b"/EKSeal <"
PARTS_KEY = b"/EKParts <"
PART_BYTES = 8
"""Bytes per part digest: enough to tell which page changed (the whole-file digest decides)."""
_TAIL = 1 << 16
"""The trailer's end lies within this many bytes before the sealed length; the window grows
back over the parts slot's digits (16 a part: over 4,000 pages make more than 64 KiB)."""
_IN_SLOT = re.compile(rb"[^<>]{0,16}<?[0-9a-f]*>")
"""A window that begins inside the seal's slots (part of a key, then hex digits)."""
CHUNK = 1 << 20
DOC_PARTS = ("document info", "XMP metadata", "attachments", "outline", "forms", "catalog")
"""The document-level parts after the pages, in ``/EKParts`` order."""

assert len(HEADER_SLOT) == len(RL_HEADER)


def trailer_slots(parts: int) -> bytes:
    """What the renderer writes into the trailer dictionary (zeros, filled by ``write``)."""
    return DIGEST_KEY + b"0" * 64 + b">\n" + PARTS_KEY + b"0" * (2 * PART_BYTES * parts) + b">\n"


def header_slot(pdf: bytes) -> bytes:
    """``pdf`` (as rendered) with reportlab's header comment replaced by the length slot."""
    at = pdf.find(RL_HEADER, 0, 64)
    if at < 0:
        raise ValueError("no reportlab header comment to hold the seal")
    return pdf[:at] + HEADER_SLOT + pdf[at + len(RL_HEADER) :]


@dataclass(frozen=True)
class Seal:
    length: int
    """Size of the file as built."""
    digest: str
    """Hex SHA-256 recorded in the file."""
    digest_at: int
    """Offset of the 64 hex digits (excluded from the digest)."""
    parts: tuple[str, ...]
    """Hex digest of each part as built (pages first, see ``postprocess.PART_NAMES``)."""
    parts_at: int


class SealError(Exception):
    """The header announces a seal but its slots are missing or malformed."""


def read(f_path: Path, size: int) -> Seal | None:
    """The seal of the file, None when its header carries none (never sealed, or re-saved).

    Reads the first 64 bytes and 64 KiB before the sealed length, and further back only over
    the slots' hex digits: bounded by the slots the file holds. SealError when the header names a length the file cannot have or the
    trailer slots are missing or not hex."""
    with open(f_path, "rb") as f:
        head = f.read(64)
        m = _HEADER_RE.match(head)
        if not m:
            return None
        length = int(m.group(1))
        if length == 0:
            raise SealError("the seal was never written (the build did not finish)")
        if length > size:
            raise SealError(f"the file is shorter ({size} bytes) than when built ({length})")
        start, tail = _tail(f, length)
    d = tail.rfind(DIGEST_KEY)
    p = tail.rfind(PARTS_KEY)
    if d < 0 or p < 0:
        raise SealError("the seal's digest is missing from the trailer")
    digest = tail[d + len(DIGEST_KEY) : d + len(DIGEST_KEY) + 64]
    end = tail.find(b">", p)
    parts_hex = tail[p + len(PARTS_KEY) : end] if end > 0 else b"?"
    if not re.fullmatch(rb"[0-9a-f]{64}", digest) or not re.fullmatch(
        rb"(?:[0-9a-f]{%d})*" % (2 * PART_BYTES), parts_hex
    ):
        raise SealError("the seal's digest in the trailer is not readable")
    n = 2 * PART_BYTES
    parts = tuple(parts_hex[i : i + n].decode() for i in range(0, len(parts_hex), n))
    return Seal(
        length,
        digest.decode(),
        start + d + len(DIGEST_KEY),
        parts,
        start + p + len(PARTS_KEY),
    )


def _tail(f: BinaryIO, end: int) -> tuple[int, bytes]:
    """(offset, bytes) of the end of the file before ``end`` that holds both trailer slots: the
    last ``_TAIL`` bytes, extended back while they begin inside the slots."""
    start = max(0, end - _TAIL)
    f.seek(start)
    tail = f.read(end - start)
    while start > 0:
        p = tail.rfind(PARTS_KEY)
        if p >= 0 and (p > len(DIGEST_KEY) + 66 or tail.rfind(DIGEST_KEY, 0, p) >= 0):
            break  # (the digest's slot stands right before the parts' key)
        if p < 0 and not _IN_SLOT.match(tail):
            break
        more = min(start, len(tail))  # doubling: linear in what is read
        start -= more
        f.seek(start)
        tail = f.read(more) + tail
    return start, tail


def digest_of(path: Path, length: int, digest_at: int) -> str:
    """SHA-256 of the first ``length`` bytes, the 64 digits at ``digest_at`` read as "0"."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        pos = 0
        while pos < length:
            chunk = f.read(min(CHUNK, length - pos))
            if not chunk:
                break
            lo, hi = digest_at - pos, digest_at + 64 - pos
            if hi > 0 and lo < len(chunk):
                buf = bytearray(chunk)
                a, b = max(lo, 0), min(hi, len(chunk))
                buf[a:b] = b"0" * (b - a)
                chunk = bytes(buf)
            h.update(chunk)
            pos += len(chunk)
    return h.hexdigest()


def write(path: Path, parts: list[str]) -> str:
    """Fill the seal of the finished file at ``path`` in place; returns the digest.

    Order: parts, then length, then the digest over everything (its own slot as zeros)."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        head = f.read(64)
        at = head.find(HEADER_SLOT)
        if at < 0:
            raise ValueError("the rendered dossier has no seal slot in its header")
        start, tail = _tail(f, size)
        d, p = tail.rfind(DIGEST_KEY), tail.rfind(PARTS_KEY)
        want = b"0" * (2 * PART_BYTES * len(parts))
        if d < 0 or p < 0 or tail[p + len(PARTS_KEY) :][: len(want) + 1] != want + b">":
            raise ValueError("the rendered dossier has no seal slots in its trailer")
        f.seek(start + p + len(PARTS_KEY))
        f.write("".join(parts).encode())
        f.seek(at + len(_HEAD))
        f.write(b"%012d" % size)
    digest_at = start + d + len(DIGEST_KEY)
    digest = digest_of(path, size, digest_at)
    with open(path, "r+b") as f:
        f.seek(digest_at)
        f.write(digest.encode())
    return digest
