"""The EXIF and XMP blocks of a WebP whose chunk structure is broken (no third-party imports).

A WebP is a RIFF file of chunks (fourcc, little-endian size, data). A copy with a wrong RIFF or
VP8 size is refused by libwebp, and exifread, which walks the chunks by their sizes, then finds
nothing, although the EXIF chunk (after the image data in extended WebP) is intact: ExifTool
reads it. So, only when the picture could not be opened, the chunks are looked for by their
fourcc instead: an ``EXIF`` chunk whose data starts with a TIFF header (after an optional
``Exif\\0\\0``) and an ``XMP `` chunk. JPEG and PNG need none of this: exifread finds their
EXIF segment/chunk without the rest of the file (a JPEG cut after APP1, a PNG with a bad CRC).
"""

from __future__ import annotations

from pathlib import Path

from evidencekit._io import Source, reader

MAX_SCAN = 32 * 1024 * 1024
"""Bytes of a damaged WebP searched (phone WebPs are a few MB)."""
MAX_BLOCK = 1024 * 1024
_TIFF = (b"II*\x00", b"MM\x00*")


def is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def webp_blocks(path: Path | Source) -> tuple[bytes, bytes]:
    """(TIFF-headed EXIF data, XMP packet) found by fourcc in a WebP; b"" for what is absent."""
    try:
        with reader(path) as fh:
            data = fh.read(MAX_SCAN)
    except OSError:
        return b"", b""
    if not is_webp(data):
        return b"", b""
    exif = b""
    for body in _chunks(data, b"EXIF"):
        if body.startswith(b"Exif\x00\x00"):
            body = body[6:]
        if body.startswith(_TIFF):
            exif = body
            break
    xmp = next((b for b in _chunks(data, b"XMP ") if b"<x:xmpmeta" in b[:4096]), b"")
    return exif, xmp


def _chunks(data: bytes, fourcc: bytes) -> list[bytes]:
    out: list[bytes] = []
    at = data.find(fourcc, 12)
    while at >= 0 and len(out) < 4:
        size = int.from_bytes(data[at + 4 : at + 8], "little")
        body = data[at + 8 : at + 8 + min(size, MAX_BLOCK)]
        if 8 <= len(body) == min(size, MAX_BLOCK):
            out.append(body)
        at = data.find(fourcc, at + 4)
    return out
