"""A bounded walk over a JPEG's marker segments, before Pillow sees the file.

Pillow's JPEG opener skips bytes that are not a marker one ``read(1)`` at a time (tolerating
the stray bytes some writers leave between segments): a JPEG header followed by 2 GB of zeros
(a sparse file) took two minutes to audit (issue 19). T.81 §B.1.1.2 allows only 0xFF fill bytes
before a marker; libjpeg tolerates a few "extraneous bytes" too. So we walk the segments from
SOI to the first SOS by their lengths, allow ``MAX_JUNK`` stray bytes in all, and call anything
more garbage. Entropy-coded data after SOS is left to the decoder (it reads in blocks).
"""

from __future__ import annotations

from typing import IO

MAX_JUNK = 64 * 1024
MAX_SEGMENTS = 4096
_STANDALONE = {0x01, 0xD8, *range(0xD0, 0xD8)}
"""TEM, SOI, RST0-7: markers without a length field (T.81 Table B.1)."""


def garbage(fp: IO[bytes]) -> str:
    """Why the JPEG in ``fp`` is garbage before its first scan, or "" (also for non-JPEGs,
    and for files that end early: the decoder reports truncation itself). Leaves ``fp`` at 0."""
    try:
        return _walk(fp)
    finally:
        fp.seek(0)


def _walk(fp: IO[bytes]) -> str:
    fp.seek(0)
    if fp.read(2) != b"\xff\xd8":
        return ""
    junk = 0
    for _ in range(MAX_SEGMENTS):
        b = fp.read(1)
        if not b:
            return ""
        if b != b"\xff":
            block = fp.read(MAX_JUNK - junk)
            at = block.find(b"\xff")
            if at < 0:
                return "no JPEG marker where one must be (the rest of the file is not image data)"
            junk += 1 + at
            fp.seek(at + 1 - len(block), 1)  # just past the 0xFF found
        marker = fp.read(1)
        while marker == b"\xff":  # fill bytes
            marker = fp.read(1)
        if not marker:
            return ""
        m = marker[0]
        if m == 0xDA or m == 0xD9:  # SOS: the entropy-coded data follows; EOI: done
            return ""
        if m == 0x00 or m in _STANDALONE:
            continue
        size = fp.read(2)
        if len(size) < 2:
            return ""
        length = int.from_bytes(size, "big")
        if length < 2:
            return f"JPEG segment 0xFF{m:02X} has an impossible length {length}"
        fp.seek(length - 2, 1)
    return f"more than {MAX_SEGMENTS} JPEG segments before the image data"
