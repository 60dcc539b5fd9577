"""EXIF reading: exifread first, Pillow's reading as fallback (the only module importing exifread).

exifread (``details=False``: no maker notes) is fast and reads JPEG, TIFF/raw, HEIC, PNG and WebP,
but raises on some HEIC and odd files (UnicodeDecodeError, IndexError) and reads nothing from some
others; Pillow + pillow-heif then supplies the EXIF it found (``getexif()`` plus the Exif and GPS
sub-IFDs). Both readings are normalised to a :data:`TagMap`.
"""

from __future__ import annotations

import io
import logging
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import exifread

from evidencekit._io import Source, reader
from evidencekit.audit.metadata import tags as T
from evidencekit.audit.metadata.dates import clean, make_datetime, parse_datetime, parse_offset
from evidencekit.audit.metadata.tags import TagMap, TagValue
from evidencekit.models import DAY, ExifState, Gps, TimeClaim

_GROUPS = {"Image": "IFD0", "EXIF": "ExifIFD", "GPS": "GPS", "Thumbnail": "IFD1"}
# exifread reports partly unreadable IFDs only through its logger.
_CORRUPT_HINTS = ("possibly corrupted", "no values found", "unexpected slice length")


class _Capture(logging.Handler):
    """Collects exifread's warnings for the call running on this thread."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        sink = getattr(self.local, "sink", None)
        if sink is not None:
            sink.append(record.getMessage())


_CAPTURE = _Capture()
logging.getLogger("exifread").addHandler(_CAPTURE)


@dataclass
class ExifResult:
    state: ExifState
    tags: TagMap
    error: str = ""
    reader: str = ""


def read_exifread(path: Path | Source) -> tuple[TagMap, str]:
    """exifread's reading as a TagMap, plus an error text ('' when clean)."""
    with reader(path) as fh:
        return _process(fh)


def read_block(tiff: bytes) -> tuple[TagMap, str]:
    """A bare EXIF block (TIFF header first) found by ``blocks`` in a damaged file."""
    return _process(io.BytesIO(tiff))


def read_blocks(found: dict[str, bytes]) -> tuple[TagMap, str]:
    """EXIF kept outside a TIFF/JPEG structure (``case.rawfile``): a JPEG (``jpeg``) read as
    such, or TIFF blocks each holding one IFD as its IFD0 (``IFD0``, ``ExifIFD``, ``GPS``: a
    CR3's CMT1, CMT2, CMT4), whose tags are filed under that IFD."""
    tags: TagMap = {}
    errors: list[str] = []
    for where, block in found.items():
        got, error = _process(io.BytesIO(block))
        if error:
            errors.append(error)
        if where == "jpeg":
            tags.update(got)
            continue
        for (group, number), value in got.items():
            if group == "IFD0":
                tags.setdefault((where, number), value)
    return tags, "; ".join(errors)


def _process(fh: BinaryIO) -> tuple[TagMap, str]:
    sink: list[str] = []
    _CAPTURE.local.sink = sink
    try:
        raw = exifread.process_file(fh, details=False, extract_thumbnail=False)
    except Exception as e:
        return {}, f"exifread failed: {type(e).__name__}: {e}"
    finally:
        _CAPTURE.local.sink = None
    tags: TagMap = {}
    for key, tag in raw.items():
        prefix, _, _name = str(key).partition(" ")
        group = _GROUPS.get(prefix)
        number = getattr(tag, "tag", None)
        if group is None or not isinstance(number, int):
            continue
        value = _norm(getattr(tag, "values", None))
        if value is not None:
            tags[(group, number)] = value
    problems = [m for m in sink if m.lower().startswith(_CORRUPT_HINTS)]
    return tags, ("exifread: " + "; ".join(problems[:3])) if problems else ""


def _norm(values: Any) -> TagValue | None:
    if isinstance(values, str | bytes):
        return values
    if not isinstance(values, list | tuple):
        return None
    out: list[int | float] = []
    for v in values:
        if isinstance(v, int):
            out.append(v)
        elif hasattr(v, "numerator") and hasattr(v, "denominator"):
            out.append(v.numerator / v.denominator if v.denominator else math.nan)
        else:
            return None
    if not out:
        return None
    return out[0] if len(out) == 1 else tuple(out)


def choose(
    path: Path | Source,
    media_type: str,
    pillow_tags: TagMap,
    pillow_present: bool,
    pillow_error: str,
) -> ExifResult:
    """Pick the EXIF reading to trust and classify the file's EXIF state."""
    er_tags, er_error = read_exifread(path)
    is_heif = media_type in {"image/heic", "image/heif", "image/avif"}
    # Either reader finding fault means the block is at least partly unreadable: CORRUPT, but the
    # tags that were read are still used.
    state = ExifState.CORRUPT if (er_error or pillow_error) else ExifState.OK
    why = "; ".join(e for e in (er_error, pillow_error) if e)
    if _meaningful(er_tags) and not (is_heif and er_error and _meaningful(pillow_tags)):
        return ExifResult(state, er_tags, why, "exifread")
    if _meaningful(pillow_tags):
        return ExifResult(state, pillow_tags, why, "pillow")
    if er_error or pillow_error or pillow_present:
        return ExifResult(ExifState.CORRUPT, {}, why or "EXIF block has no readable tags", "")
    return ExifResult(ExifState.NONE, {})


def _meaningful(tags: TagMap) -> bool:
    """True when IFD0/Exif/GPS has any tag (an IFD1 thumbnail alone is not a reading)."""
    return any(group != "IFD1" for group, _ in tags)


def text(tags: TagMap, group: str, number: int) -> str:
    value = tags.get((group, number))
    if isinstance(value, str | bytes):
        return clean(value)
    return ""


def orientation(tags: TagMap) -> int | None:
    value = tags.get(("IFD0", T.ORIENTATION))
    if isinstance(value, tuple):
        value = value[0] if value else None
    return int(value) if isinstance(value, int) else None


def has_serial(tags: TagMap) -> bool:
    return any(text(tags, g, n) for g, n in T.SERIAL_TAGS)


def _first_text(tags: TagMap, number: int) -> str:
    """ExifTool reads a tag wherever a writer put it; DateTimeOriginal is sometimes in IFD0."""
    return text(tags, "ExifIFD", number) or text(tags, "IFD0", number)


_DATE_TAGS = (
    ("exif:DateTimeOriginal", T.DATETIME_ORIGINAL, T.OFFSET_TIME_ORIGINAL, T.SUBSEC_TIME_ORIGINAL),
    ("exif:CreateDate", T.DATETIME_DIGITIZED, T.OFFSET_TIME_DIGITIZED, T.SUBSEC_TIME_DIGITIZED),
    ("exif:ModifyDate", T.DATETIME, T.OFFSET_TIME, T.SUBSEC_TIME),
)


def claims(tags: TagMap) -> list[TimeClaim]:
    out: list[TimeClaim] = []
    for source, dt_tag, off_tag, sub_tag in _DATE_TAGS:
        raw = text(tags, "IFD0", dt_tag) if dt_tag == T.DATETIME else _first_text(tags, dt_tag)
        parsed = parse_datetime(raw)
        if parsed is None:
            continue
        off_raw = _first_text(tags, off_tag)
        offset = parse_offset(off_raw) if off_raw else parsed.offset_minutes
        subsec = "".join(c for c in _first_text(tags, sub_tag) if c.isdigit()) or parsed.subsec
        shown = f"{raw} {off_raw}".strip()
        out.append(TimeClaim(source, parsed.local, offset, shown, subsec))
    gps_claim = _gps_claim(tags)
    if gps_claim is not None:
        out.append(gps_claim)
    return out


def _gps_claim(tags: TagMap) -> TimeClaim | None:
    """GPSDateStamp + GPSTimeStamp are UTC by definition (EXIF 2.32, GPS Info IFD); a
    GPSDateStamp without its GPSTimeStamp is a UTC date (a claim of precision ``day``)."""
    date = text(tags, "GPS", T.GPS_DATESTAMP)
    stamp = tags.get(("GPS", T.GPS_TIMESTAMP))
    if not date:
        return None
    parts = date.replace("-", ":").split(":")
    try:
        y, mo, d = (int(p) for p in parts[:3])
        if not isinstance(stamp, tuple) or len(stamp) != 3:
            day = make_datetime(y, mo, d) if stamp is None else None
            return TimeClaim("gps", day, 0, f"{date} UTC", precision=DAY) if day else None
        h, mi, s = (float(x) for x in stamp)
        if not all(math.isfinite(v) and v >= 0 for v in (h, mi, s)):
            return None
        dt = make_datetime(y, mo, d, int(h), int(mi), int(s))
    except (ValueError, TypeError, OverflowError):
        return None
    if dt is None:
        return None
    frac = f"{s % 1:.3f}"[2:].rstrip("0")
    raw = f"{date} {int(h):02d}:{int(mi):02d}:{int(s):02d} UTC"
    return TimeClaim("gps", dt, 0, raw, frac)


def gps(tags: TagMap) -> Gps | None:
    lat = _dms(tags.get(("GPS", T.GPS_LAT)), text(tags, "GPS", T.GPS_LAT_REF), "S")
    lon = _dms(tags.get(("GPS", T.GPS_LON)), text(tags, "GPS", T.GPS_LON_REF), "W")
    alt_v = tags.get(("GPS", T.GPS_ALT))
    alt = float(alt_v) if isinstance(alt_v, int | float) and math.isfinite(alt_v) else None
    if alt is not None and tags.get(("GPS", T.GPS_ALT_REF)) in (1, (1,), b"\x01"):
        alt = -alt  # AltitudeRef 1 = below sea level
    if lat is None and lon is None:
        return None
    return Gps(lat, lon, alt)


def _dms(value: TagValue | None, ref: str, negative: str) -> float | None:
    if isinstance(value, int | float):
        nums: tuple[float, ...] = (float(value),)
    elif isinstance(value, tuple) and 1 <= len(value) <= 3:
        nums = tuple(float(v) for v in value)
    else:
        return None
    if not all(math.isfinite(v) for v in nums):
        return None
    deg = sum(v / 60**i for i, v in enumerate(nums))
    limit = 90 if negative == "S" else 180
    if abs(deg) > limit:
        return None  # e.g. 4294967295 from an uninitialised field
    return -deg if ref.upper().startswith(negative) else deg
