"""Lenient date/time parsing for metadata strings (no third-party imports).

ExifTool is the reference reader; like it we accept ``2019:05:01 10:11:12``, ISO 8601
``2019-05-01T10:11:12+02:00``, missing seconds, fractional seconds, a ``Z`` suffix and trailing
NUL/space padding. Values that are not a real calendar date/time (``0000:00:00 00:00:00``, blank
placeholders ``    :  :     :  :  ``, month 99) return ``None``: they are not claims. Bogus but real
dates (year 1601, 2099) are returned; later checks flag them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_tz

_DT_RE = re.compile(
    r"""^\s*(?P<y>\d{4})[:\-/.](?P<mo>\d{1,2})[:\-/.](?P<d>\d{1,2})
    (?:[ T]+(?P<h>\d{1,2}):(?P<mi>\d{1,2})(?::(?P<s>\d{1,2})(?:[.,](?P<frac>\d+))?)?)?
    \s*(?P<tz>Z|[+-]\d{1,2}(?::?\d{2})?)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_OFFSET_RE = re.compile(
    r"^\s*(?:(?P<z>Z)|(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)\s*$", re.I
)

# Real-world UTC offsets run from -12:00 to +14:00 (EXIF 2.31 OffsetTime allows any +-HH:MM,
# but anything outside this range is a corrupt value, not a time zone).
_MIN_OFFSET = -12 * 60
_MAX_OFFSET = 14 * 60


@dataclass(frozen=True)
class ParsedTime:
    local: datetime
    offset_minutes: int | None
    subsec: str = ""


def clean(text: object) -> str:
    """Text of a metadata value with NUL padding and surrounding blanks removed."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text).replace("\x00", " ").strip()


def parse_offset(text: object) -> int | None:
    """``+08:00`` / ``-0500`` / ``Z`` -> minutes east of UTC; None when blank or invalid."""
    m = _OFFSET_RE.match(clean(text))
    if m is None:
        return None
    if m.group("z"):
        return 0
    minutes = int(m.group("h")) * 60 + int(m.group("m") or 0)
    if int(m.group("m") or 0) >= 60:
        return None
    minutes = -minutes if m.group("sign") == "-" else minutes
    return minutes if _MIN_OFFSET <= minutes <= _MAX_OFFSET else None


def make_datetime(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime | None:
    """A naive datetime, or None when the fields are not a real date/time (e.g. month 99)."""
    try:
        if y < 1:
            return None
        return datetime(y, mo, d, h, mi, s)
    except (ValueError, OverflowError):
        return None


def parse_datetime(text: object) -> ParsedTime | None:
    """Parse an EXIF/XMP/ISO date-time; None when absent, blank, date-only or invalid."""
    raw = clean(text)
    if not raw:
        return None
    m = _DT_RE.match(raw)
    if m is None or m.group("h") is None:
        return _parse_rfc2822(raw)
    dt = make_datetime(
        int(m.group("y")),
        int(m.group("mo")),
        int(m.group("d")),
        int(m.group("h")),
        int(m.group("mi")),
        int(m.group("s") or 0),
    )
    if dt is None:
        return None
    offset = parse_offset(m.group("tz")) if m.group("tz") else None
    return ParsedTime(dt, offset, m.group("frac") or "")


_DATE_RE = re.compile(r"^\s*(?P<y>\d{4})[:\-/.](?P<mo>\d{1,2})[:\-/.](?P<d>\d{1,2})\s*$")


def parse_date(text: object) -> datetime | None:
    """A date without a time (XMP ``2025-12-15``, ``2025:12:15``) as that day's 00:00; None
    when the text has a time, is not a date, or is a placeholder (``0000:00:00``)."""
    m = _DATE_RE.match(clean(text))
    if m is None:
        return None
    return make_datetime(int(m.group("y")), int(m.group("mo")), int(m.group("d")))


def _parse_rfc2822(raw: str) -> ParsedTime | None:
    """PNG ``Creation Time`` is recommended to be RFC 1123 (PNG spec 11.3.4.2)."""
    if not any(c.isalpha() for c in raw):
        return None
    try:
        parts = parsedate_tz(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if parts is None:
        return None
    dt = make_datetime(*parts[:6])
    if dt is None:
        return None
    off = parts[9]
    offset = off // 60 if off is not None and has_zone(raw) else None
    return ParsedTime(dt, offset)


def has_zone(raw: str) -> bool:
    """parsedate_tz reports offset 0 both for 'GMT' and for no zone at all; tell them apart."""
    tail = raw.rstrip().rsplit(" ", 1)[-1].upper()
    return tail in {"GMT", "UT", "UTC", "Z"} or tail[:1] in "+-" or tail.isalpha()
