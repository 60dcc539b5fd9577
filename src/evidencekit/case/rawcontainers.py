"""Canon CR3 and Fujifilm RAF: where their embedded JPEGs and EXIF blocks are (no imports).

Everything here reads through ``ReadAt`` (offset, count) -> bytes, so a caller holding an open
file reads only box headers and the blocks it asks for, never the sensor data. The input is
hostile: every length is checked against the file's size and the enclosing box before it is
used, box walks are bounded in depth and count, and nothing larger than ``MAX_BLOCK`` is read.

CR3 (ISO/IEC 14496-12 boxes; Canon's layout as documented by ExifTool's Canon.pm tag tables and
lclevy's canon_cr3 notes): ``ftyp`` with major brand ``crx ``; ``moov`` holds the Canon uuid box
85c0b687-820f-11e0-8111-f4ce462b6a48 (CMT1 = IFD0, CMT2 = Exif IFD, CMT4 = GPS IFD, each a TIFF
with its own header; THMB = a small JPEG) and the tracks, the first of which is the full-size
JPEG (its ``stsz`` sample size and ``co64``/``stco`` chunk offset); the top-level uuid box
eaf42b5e-1c98-4b88-b9fb-b7dc406e4d16 holds PRVW, a 1620x1080 JPEG.

RAF (ExifTool FujiFilm.pm, "RAF header"): "FUJIFILMCCD-RAW " then, big-endian, the embedded
JPEG's offset at 0x54 and length at 0x58; that JPEG carries the EXIF.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from typing import BinaryIO

ReadAt = Callable[[int, int], bytes]

CANON_UUID = bytes.fromhex("85c0b687820f11e08111f4ce462b6a48")
PREVIEW_UUID = bytes.fromhex("eaf42b5e1c984b88b9fbb7dc406e4d16")
RAF_MAGIC = b"FUJIFILMCCD-RAW "
MAX_BLOCK = 64 * 1024 * 1024
"""No embedded JPEG or metadata block is read beyond this (a full-size preview is 2-15 MB)."""
MIN_JPEG = 4096
_MAX_BOXES = 256
_SOI = b"\xff\xd8\xff"


def kind(head: bytes) -> str:
    """``cr3``, ``raf`` or '' from the first 16 bytes."""
    if head.startswith(RAF_MAGIC):
        return "raf"
    if head[4:8] == b"ftyp" and head[8:12] == b"crx ":
        return "cr3"
    return ""


def bytes_reader(data: bytes) -> ReadAt:
    return lambda at, n: data[at : at + n] if at >= 0 and n >= 0 else b""


def file_reader(fh: BinaryIO) -> ReadAt:
    def read_at(at: int, n: int) -> bytes:
        if at < 0 or n <= 0:
            return b""
        fh.seek(at)
        return fh.read(min(n, MAX_BLOCK))

    return read_at


def preview_range(read_at: ReadAt, size: int) -> tuple[int, int] | None:
    """(offset, length) of the largest embedded JPEG of a CR3 or RAF, or None."""
    which = kind(read_at(0, 16))
    found = _cr3_jpegs(read_at, size) if which == "cr3" else _raf_jpeg(read_at, size)
    good = [(o, n) for o, n in found if MIN_JPEG <= n <= MAX_BLOCK and read_at(o, 3) == _SOI]
    return max(good, key=lambda r: r[1]) if good else None


def exif_blocks(read_at: ReadAt, size: int) -> dict[str, bytes]:
    """The EXIF a CR3 or RAF carries, by where it belongs: ``IFD0``/``ExifIFD``/``GPS`` TIFF
    blocks (CR3's CMT1/CMT2/CMT4), or ``jpeg`` (RAF: its embedded JPEG, EXIF in APP1)."""
    which = kind(read_at(0, 16))
    if which == "raf":
        for at, n in _raf_jpeg(read_at, size):
            if read_at(at, 3) == _SOI:
                return {"jpeg": read_at(at, n)}
        return {}
    if which != "cr3":
        return {}
    out: dict[str, bytes] = {}
    names = {b"CMT1": "IFD0", b"CMT2": "ExifIFD", b"CMT4": "GPS"}
    for canon in _canon_boxes(read_at, size):
        for typ, start, end in _boxes(read_at, canon[0], canon[1]):
            if typ in names and end - start <= MAX_BLOCK:
                out.setdefault(names[typ], read_at(start, end - start))
    return out


def _boxes(read_at: ReadAt, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, box end) of each box in [start, end); stops at the first box
    whose size does not fit."""
    at = start
    for _ in range(_MAX_BOXES):
        if at + 8 > end:
            return
        head = read_at(at, 16)
        if len(head) < 8:
            return
        size, typ = struct.unpack(">I4s", head[:8])
        payload = at + 8
        if size == 1:  # 64-bit largesize
            if len(head) < 16:
                return
            (size,) = struct.unpack(">Q", head[8:16])
            payload = at + 16
        elif size == 0:  # to the end of the enclosing box
            size = end - at
        if size < payload - at or at + size > end:
            return
        yield typ, payload, at + size
        at += size


def _find(read_at: ReadAt, start: int, end: int, path: tuple[bytes, ...]) -> tuple[int, int] | None:
    """The payload span of the first box along ``path`` (e.g. moov/trak/mdia)."""
    for typ, s, e in _boxes(read_at, start, end):
        if typ == path[0]:
            return (s, e) if len(path) == 1 else _find(read_at, s, e, path[1:])
    return None


def _canon_boxes(read_at: ReadAt, size: int) -> list[tuple[int, int]]:
    """Payload spans (after the 16-byte uuid) of moov's Canon uuid boxes."""
    moov = _find(read_at, 0, size, (b"moov",))
    if moov is None:
        return []
    return [
        (s + 16, e)
        for typ, s, e in _boxes(read_at, *moov)
        if typ == b"uuid" and read_at(s, 16) == CANON_UUID
    ]


def _cr3_jpegs(read_at: ReadAt, size: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for typ, s, e in _boxes(read_at, 0, size):
        if typ == b"uuid" and read_at(s, 16) == PREVIEW_UUID:
            # 8 bytes (version, count) then the PRVW box
            for sub, ps, pe in _boxes(read_at, s + 16 + 8, e):
                if sub == b"PRVW":
                    out += _jpeg_after_header(read_at, ps, pe)
    for canon in _canon_boxes(read_at, size):
        for typ, s, e in _boxes(read_at, *canon):
            if typ == b"THMB":
                out += _jpeg_after_header(read_at, s, e)
    track = _first_track_sample(read_at, size)
    if track is not None:
        out.append(track)
    return out


def _jpeg_after_header(read_at: ReadAt, start: int, end: int) -> list[tuple[int, int]]:
    """A PRVW/THMB payload: a 16-byte header (version, width, height, JPEG length) then the
    JPEG. The JPEG is found by its SOI within the first 32 bytes; its length is the header's
    when that fits the box, else the rest of the box."""
    head = read_at(start, 40)
    k = head.find(_SOI, 8)
    if k < 0 or k > 32:
        return []
    room = end - (start + k)
    stated = struct.unpack(">I", head[k - 4 : k])[0] if k >= 4 else 0
    if k >= 12:  # PRVW: the length sits 4 bytes before the JPEG; THMB: 8 (then 2+2 unknown)
        alt = struct.unpack(">I", head[k - 8 : k - 4])[0]
        stated = stated if 0 < stated <= room else alt
    length = stated if 0 < stated <= room else room
    return [(start + k, length)] if room > 0 else []


def _first_track_sample(read_at: ReadAt, size: int) -> tuple[int, int] | None:
    """(offset, size) of the first sample of moov's first trak (CR3: the full-size JPEG)."""
    stbl = _find(read_at, 0, size, (b"moov", b"trak", b"mdia", b"minf", b"stbl"))
    if stbl is None:
        return None
    length = offset = None
    for typ, s, e in _boxes(read_at, *stbl):
        body = read_at(s, min(e - s, 24))
        if typ == b"stsz" and len(body) >= 12:
            fixed, count = struct.unpack(">II", body[4:12])
            if fixed:
                length = fixed
            elif count and len(body) >= 16:
                length = struct.unpack(">I", body[12:16])[0]
        elif typ == b"co64" and len(body) >= 16 and struct.unpack(">I", body[4:8])[0]:
            offset = struct.unpack(">Q", body[8:16])[0]
        elif typ == b"stco" and len(body) >= 12 and struct.unpack(">I", body[4:8])[0]:
            offset = struct.unpack(">I", body[8:12])[0]
    if offset is None or not length or offset + length > size:
        return None
    return offset, length


def _raf_jpeg(read_at: ReadAt, size: int) -> list[tuple[int, int]]:
    head = read_at(0, 0x5C)
    if len(head) < 0x5C or not head.startswith(RAF_MAGIC):
        return []
    offset, length = struct.unpack(">II", head[0x54:0x5C])
    if not offset or not length or offset + length > size:
        return []
    return [(offset, length)]
