"""Camera RAW files and the JPEG preview their camera embedded (no third-party imports).

The TIFF-based RAW formats (DNG, CR2, NEF, ARW, PEF, ORF, RW2, SRW, 3FR, ERF, ...) hold, beside
the sensor data, one or more JPEG previews: in IFD0 or IFD1 (JPEGInterchangeFormat 0x0201/0x0202)
or in a SubIFD (0x014A) as one JPEG-compressed strip (Compression 6 or 7, StripOffsets 0x0111,
StripByteCounts 0x0117). The largest that starts with SOI is the preview shown as the exhibit;
the RAW file itself stays the original (hashed, attached). Olympus ORF ("IIRO"/"IIRS") and
Panasonic RW2 ("IIU\\0") use their own magic but TIFF IFDs.

Canon CR3 and Fujifilm RAF are not TIFF (``containers``): a CR3 is ISO-BMFF (brand "crx ")
with the full-size JPEG as the first track's sample, a 1620x1080 JPEG in the PRVW box of a
top-level uuid box and a 160x120 one in THMB, and its EXIF in the CMT1-CMT4 boxes of moov's
Canon uuid box; a RAF starts "FUJIFILMCCD-RAW " with the offset and length of its embedded JPEG
(EXIF inside) at fixed header offsets. Those are read with bounded reads from the open file.
"""

from __future__ import annotations

import struct
from pathlib import PurePath
from typing import BinaryIO

from evidencekit.case import rawcontainers as containers

RAW_EXTS = {
    ".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".raf", ".rw2",
    ".orf", ".pef", ".srw", ".3fr", ".erf", ".kdc", ".dcr", ".mrw", ".x3f", ".iiq", ".rwl",
}  # fmt: skip
_MAGIC = {b"II*\x00": "<", b"MM\x00*": ">", b"IIRO": "<", b"IIRS": "<", b"IIU\x00": "<"}
_MAX_IFDS = 32
_MAX_ENTRIES = 512
MIN_PREVIEW = 4096
"""Bytes below which an embedded JPEG is an icon, not a preview."""


def is_raw(name: str) -> bool:
    return PurePath(name).suffix.lower() in RAW_EXTS


def preview_range(data: bytes) -> tuple[int, int] | None:
    """(offset, length) of the largest embedded JPEG in a RAW (TIFF-based, CR3, RAF), or
    None."""
    if containers.kind(data[:16]):
        return containers.preview_range(containers.bytes_reader(data), len(data))
    order = _MAGIC.get(data[:4])
    if order is None or len(data) < 8:
        return None
    best: tuple[int, int] | None = None
    seen: set[int] = set()
    todo = [struct.unpack_from(order + "I", data, 4)[0]]
    while todo and len(seen) < _MAX_IFDS:
        at = todo.pop(0)
        if at in seen or not 8 <= at <= len(data) - 2:
            continue
        seen.add(at)
        tags, next_ifd, subs = _ifd(data, order, at)
        todo.extend(subs)
        if next_ifd:
            todo.append(next_ifd)
        for off, length in _candidates(tags):
            if length >= MIN_PREVIEW and off + length <= len(data):
                if data[off : off + 2] == b"\xff\xd8" and (best is None or length > best[1]):
                    best = (off, length)
    return best


def preview(data: bytes) -> bytes | None:
    """The largest embedded JPEG preview's bytes, or None."""
    found = preview_range(data)
    return data[found[0] : found[0] + found[1]] if found else None


def preview_from_file(fh: BinaryIO, size: int, max_tiff: int) -> bytes | None:
    """``preview`` of an open RAW: a CR3 or RAF by bounded reads of its boxes and header, a
    TIFF-based RAW (whose IFDs may sit anywhere) read whole when it is at most ``max_tiff``
    bytes."""
    head = fh.read(16)
    if containers.kind(head):
        read_at = containers.file_reader(fh)
        found = containers.preview_range(read_at, size)
        return read_at(*found) if found else None
    if size > max_tiff:
        return None
    fh.seek(0)
    return preview(fh.read(max_tiff))


def exif_blocks_from_file(fh: BinaryIO, size: int) -> dict[str, bytes]:
    """The EXIF blocks of a CR3 or RAF (``rawcontainers.exif_blocks``); {} for other files."""
    if not containers.kind(fh.read(16)):
        return {}
    return containers.exif_blocks(containers.file_reader(fh), size)


def _candidates(tags: dict[int, list[int]]) -> list[tuple[int, int]]:
    out = []
    if 0x0201 in tags and 0x0202 in tags:
        out.append((tags[0x0201][0], tags[0x0202][0]))
    compression = tags.get(0x0103, [0])[0]
    offsets, counts = tags.get(0x0111, []), tags.get(0x0117, [])
    if compression in (6, 7) and len(offsets) == 1 and len(counts) == 1:
        out.append((offsets[0], counts[0]))
    return out


_SIZES = {3: (2, "H"), 4: (4, "I"), 13: (4, "I")}  # SHORT, LONG, IFD


def _ifd(data: bytes, order: str, at: int) -> tuple[dict[int, list[int]], int, list[int]]:
    (count,) = struct.unpack_from(order + "H", data, at)
    count = min(count, _MAX_ENTRIES, (len(data) - at - 2) // 12)
    tags: dict[int, list[int]] = {}
    for i in range(count):
        tag, typ, n = struct.unpack_from(order + "HHI", data, at + 2 + 12 * i)
        if typ not in _SIZES or not 1 <= n <= 64:
            continue
        size, code = _SIZES[typ]
        where = at + 2 + 12 * i + 8
        if size * n > 4:
            (where,) = struct.unpack_from(order + "I", data, where)
        if where + size * n > len(data):
            continue
        tags[tag] = list(struct.unpack_from(f"{order}{n}{code}", data, where))
    end = at + 2 + 12 * count
    next_ifd = struct.unpack_from(order + "I", data, end)[0] if end + 4 <= len(data) else 0
    return tags, next_ifd, tags.get(0x014A, [])
