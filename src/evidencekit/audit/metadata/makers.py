"""Capture times that cameras wrote outside EXIF, and IPTC's (no third-party imports).

ExifTool reads these as DateTimeOriginal; so do we, each as its own claim:

- IPTC DateCreated (2:55, ``CCYYMMDD``) + TimeCreated (2:60, ``HHMMSS±HHMM``), IIM 4.2
  sec. 1.5; ExifTool's Composite:DateTimeOriginal. The Metadata Working Group's guidelines
  (2010, sec. 5.4) map it to EXIF DateTimeOriginal, not to the digitising time (xmp:CreateDate).
- Olympus and other 1990s cameras: an APP12 text segment ``[picture info]`` with
  ``TimeDate=<seconds>`` (the camera's local wall clock counted as if it were UTC, as ExifTool's
  PictureInfo ``ConvertUnixTime`` reads it).
- Canon PowerShots before EXIF: a CIFF heap in APP0 (``II\\x1a\\0\\0\\0HEAPJPGM``), record 0x180E
  TimeStamp, whose first int32u is the local wall clock in the same way (CIFF spec 1997, 2.3).
- Reconyx HyperFire trail cameras: a maker note of int16u starting 0xF101, DateTimeOriginal at
  index 0x0B as second, minute, hour, month, day, year (ExifTool's Reconyx.pm).

Every parser is bounded by the segment it is given and returns nothing on any inconsistency.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from evidencekit.audit.metadata.dates import clean, make_datetime, parse_offset
from evidencekit.models import DAY, TimeClaim

IPTC_DATE, IPTC_TIME = (2, 55), (2, 60)
IPTC_DATASETS = (IPTC_DATE, IPTC_TIME)
CIFF_MAGIC = b"HEAPJPGM"
_CIFF_TIMESTAMP = 0x180E
_CIFF_MAX_DEPTH = 4
_CIFF_MAX_ENTRIES = 1024
_RECONYX_HYPERFIRE = (b"\x01\xf1\x02\x00", b"\x01\xf1\x03\x00")
_TIMEDATE_RE = re.compile(rb"\[picture info\][^\[]*?\bTimeDate=(\d{1,10})\b", re.S)


def iptc_claims(iptc: Mapping[tuple[int, int], bytes]) -> list[TimeClaim]:
    """IPTC DateCreated + TimeCreated as one claim (both are needed for a time, as for
    ExifTool); DateCreated alone is a date-only claim (precision ``day``)."""
    date = clean(iptc.get(IPTC_DATE, b""))
    time = clean(iptc.get(IPTC_TIME, b""))
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", date)
    t = re.fullmatch(r"(\d{2})(\d{2})(\d{2})([+-]\d{4})?", time)
    if m is None:
        return []
    if t is None:
        day = make_datetime(*(int(x) for x in m.groups()))
        return [TimeClaim("iptc:DateCreated", day, None, date, precision=DAY)] if day else []
    dt = make_datetime(*(int(x) for x in m.groups()), *(int(x) for x in t.groups()[:3]))
    if dt is None:
        return []
    offset = parse_offset(t.group(4)) if t.group(4) else None
    return [TimeClaim("iptc:DateCreated", dt, offset, f"{date} {time}")]


def segment_claims(segments: Iterable[tuple[str, bytes]]) -> list[TimeClaim]:
    """Claims from a JPEG's APP0 (CIFF) and APP12 (picture info) segments."""
    out: list[TimeClaim] = []
    for marker, data in segments:
        claim = None
        if marker == "APP12":
            claim = _picture_info(data)
        elif marker == "APP0" and data[6:14] == CIFF_MAGIC:
            claim = _ciff(data)
        if claim is not None and all(c.source != claim.source for c in out):
            out.append(claim)
    return out


def makernote_claims(note: object) -> list[TimeClaim]:
    if not isinstance(note, bytes) or not note.startswith(_RECONYX_HYPERFIRE):
        return []
    if len(note) < 2 * (0x0B + 6):
        return []
    sec, mi, h, mo, d, y = struct.unpack_from("<6H", note, 2 * 0x0B)
    dt = make_datetime(y, mo, d, h, mi, sec)
    if dt is None:
        return []
    raw = f"{y:04d}:{mo:02d}:{d:02d} {h:02d}:{mi:02d}:{sec:02d}"
    return [TimeClaim("maker:reconyx", dt, None, raw)]


def _wall_clock(seconds: int, source: str, raw: str) -> TimeClaim | None:
    if seconds <= 0:
        return None
    try:
        dt = datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None
    return TimeClaim(source, dt, None, raw)


def _picture_info(data: bytes) -> TimeClaim | None:
    m = _TIMEDATE_RE.search(data[:65536])
    if m is None:
        return None
    return _wall_clock(int(m.group(1)), "maker:pictureinfo", f"TimeDate={m.group(1).decode()}")


def _ciff(data: bytes) -> TimeClaim | None:
    order = {b"II": "<", b"MM": ">"}.get(data[:2])
    if order is None or len(data) < 14:
        return None
    (header,) = struct.unpack_from(order + "I", data, 2)
    if not 14 <= header < len(data):
        return None
    seconds = _ciff_find(data[header:], order, _CIFF_MAX_DEPTH)
    if seconds is None:
        return None
    return _wall_clock(seconds, "maker:ciff", f"CIFF TimeStamp {seconds}")


def _ciff_find(heap: bytes, order: str, depth: int) -> int | None:
    """The TimeStamp's seconds in a CIFF heap: the directory's offset is the heap's last 4
    bytes; entries are (tag u16, size u32, offset u32); tag bits 0x3800 say 'sub-heap'."""
    if depth <= 0 or len(heap) < 6:
        return None
    (table,) = struct.unpack_from(order + "I", heap, len(heap) - 4)
    if table + 2 > len(heap) - 4:
        return None
    (count,) = struct.unpack_from(order + "H", heap, table)
    count = min(count, _CIFF_MAX_ENTRIES, (len(heap) - 4 - table - 2) // 10)
    for i in range(count):
        tag, size, off = struct.unpack_from(order + "HII", heap, table + 2 + 10 * i)
        in_heap = tag & 0xC000 == 0
        if not in_heap or off + size > len(heap):
            continue
        if tag & 0x3FFF == _CIFF_TIMESTAMP and size >= 4:
            return int(struct.unpack_from(order + "I", heap, off)[0])
        if tag & 0x3800 in (0x2800, 0x3000):
            found = _ciff_find(heap[off : off + size], order, depth - 1)
            if found is not None:
                return found
    return None
