"""Every time claim of a file -> one capture time, with its source, confidence and doubts.

Policy (why, in order):
1. EXIF DateTimeOriginal / CreateDate are written by the camera at the shutter (EXIF 2.32
   §4.6.5); with OffsetTimeOriginal (EXIF 2.31+) the instant is known -> high. Without an offset
   the wall-clock time is still the camera's; the offset is derived from the GPS UTC time when
   the two agree to a whole quarter hour (as ExifTool's composite tags do), else assumed from
   case.timezone -> medium.
2. XMP, PNG text, GPS alone, and file names that phones stamp at capture -> medium: right in
   practice, but easy to rewrite and (for names) second-level at best.
3. EXIF ModifyDate, a time declared in case.toml, messenger names (WeChat ``mmexport<ms>``
   is the moment the picture was saved from the chat) and the file's mtime -> low: they say
   when the file was saved, what the buyer remembers, or when it was copied.
Claims that are impossible (camera defaults, before 1990, in the future) are never chosen;
the checks report them.
4. A date without a time (precision ``day``: ``IMG_20251215.jpg``, IPTC DateCreated alone, a
   GPSDateStamp alone, an XMP date) comes after every medium or better claim with a time, and
   is at most medium: it is chosen only when nothing states the time, before the weak ones
   (declared, save times, mtime), the mtime always last. The capture is then that day
   (``CaptureTime.precision``), shown as a date and compared with other claims and with the
   case's events by the day (``CaptureTime.utc_span``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from evidencekit.models import NO_CAPTURE, CaptureTime, Confidence, TimeClaim

_ORDER: tuple[tuple[str, Confidence], ...] = (
    # A trusted RFC 3161 time inside a camera's C2PA manifest: a third party's clock, first.
    ("c2pa:tsa", Confidence.HIGH),
    ("exif:DateTimeOriginal", Confidence.HIGH),
    ("exif:CreateDate", Confidence.HIGH),
    # Dates a camera wrote at the shutter outside EXIF (pre-EXIF Olympus/Canon, Reconyx maker
    # note): as good as EXIF's, but without an offset they end up medium like it (below).
    ("maker:", Confidence.HIGH),
    # Apple's Keys creationdate: the phone's local time with its offset, written at recording
    # and kept through trims and re-exports (the mvhd time below is rewritten by each).
    ("quicktime:CreationDate", Confidence.HIGH),
    ("xmp:DateTimeOriginal", Confidence.MEDIUM),
    # IPTC DateCreated+TimeCreated is the picture's creation (MWG 2010: EXIF DateTimeOriginal's
    # counterpart); xmp:CreateDate is when it was digitised (a scan, an export).
    ("iptc:DateCreated", Confidence.MEDIUM),
    ("xmp:CreateDate", Confidence.MEDIUM),
    ("xmp:DateCreated", Confidence.MEDIUM),
    ("png:", Confidence.MEDIUM),
    # The video's mvhd creation time: UTC (ISO/IEC 14496-12), set when the file is written, so
    # any remux, trim or export moves it; some Android phones store local time in it.
    ("quicktime:CreateDate", Confidence.MEDIUM),
    ("filename:", Confidence.MEDIUM),
    ("gps", Confidence.MEDIUM),
    ("exif:ModifyDate", Confidence.LOW),
    ("declared", Confidence.LOW),
    # Messenger names record when the picture was saved or received, not when it was taken:
    # an upper bound on the capture time, so below what the buyer declares.
    ("filename:wechat-mmexport", Confidence.LOW),
    ("filename:wechat-image", Confidence.LOW),
    ("filename:qq-image", Confidence.LOW),
    ("filename:wechat-video", Confidence.LOW),
    ("filename:whatsapp", Confidence.LOW),
    ("mtime", Confidence.LOW),
)

# Clock-not-set values seen from real cameras and phones (pigallery2 edge cases, exiftool forum).
CAMERA_DEFAULTS = {
    datetime(2000, 1, 1, 0, 0),
    datetime(2001, 1, 1, 0, 0),
    datetime(2002, 12, 8, 12, 0),
    datetime(2004, 1, 1, 0, 0),
    datetime(2005, 1, 1, 0, 0),
    datetime(2010, 1, 1, 0, 0),
}
OLDEST_PLAUSIBLE = datetime(1990, 1, 1)
"""Digital cameras wrote dates from the early 1990s (EXIF 1.0: 1995): a 1996-1999 date is a
real camera's claim (the timeline then says the photo predates the order), not an error."""
FUTURE_TOLERANCE = timedelta(hours=24)
"""Clock and time-zone slack before a claim counts as 'in the future'."""

SAVE_TIME_SOURCES = {
    "filename:wechat-mmexport",
    "filename:wechat-image",
    "filename:qq-image",
    "filename:wechat-video",
    "filename:whatsapp",
    "exif:ModifyDate",
}
"""Times a file was saved or received: the capture may be any time before them, not after."""

AGREE_TOLERANCE = {"gps": timedelta(minutes=30), "declared": timedelta(hours=1)}
"""GPS time is the last fix, which may lag the shutter; a declared time is from memory."""
DEFAULT_TOLERANCE = timedelta(minutes=2)
NOT_COMPARED = ("mtime", "exif:ModifyDate")
"""Save/copy times, expected to differ; ModifyDate is checked separately as an edit sign."""


def rank(source: str) -> tuple[int, Confidence]:
    for i, (prefix, conf) in enumerate(_ORDER):
        if source == prefix:
            return i, conf
    for i, (prefix, conf) in enumerate(_ORDER):
        if source == prefix or (prefix.endswith(":") and source.startswith(prefix)):
            return i, conf
    return len(_ORDER), Confidence.LOW


def order_key(c: TimeClaim) -> tuple[int, int, int, int]:
    """Sort key of the resolver: the mtime last; medium-or-better claims with a time, then
    date-only claims, then the weak claims with a time (declared, save times)."""
    i, conf = rank(c.source)
    weak = int(conf.rank < Confidence.MEDIUM.rank)
    return (int(c.source == "mtime"), weak, int(c.date_only), i)


def implausible(claim: TimeClaim, now: datetime) -> str:
    """Why a claim cannot be a real capture time, or '' when it can."""
    if claim.local.replace(second=0, microsecond=0) in CAMERA_DEFAULTS:
        return "a camera's factory-default date (the clock was never set)"
    if claim.local < OLDEST_PLAUSIBLE:
        return "before 1990, earlier than any digital camera"
    utc = claim.utc(claim.offset_minutes if claim.offset_minutes is not None else 14 * 60)
    if utc is not None and utc > now + FUTURE_TOLERANCE:
        return "in the future"
    return ""


@dataclass(frozen=True)
class Disagreement:
    chosen: TimeClaim
    other: TimeClaim
    delta: timedelta
    zone_only: bool
    """The two differ by whole quarter hours within 14 h: a time-zone mix-up, not a clock."""


@dataclass(frozen=True)
class Resolution:
    capture: CaptureTime
    chosen: TimeClaim | None
    rejected: tuple[tuple[TimeClaim, str], ...]
    disagreements: tuple[Disagreement, ...]
    offset_from_gps: bool = False


def _offset_at(tz: ZoneInfo, local: datetime) -> int:
    off = local.replace(tzinfo=tz).utcoffset()
    return int(off.total_seconds() // 60) if off is not None else 0


def _gps_offset(claim: TimeClaim, gps: TimeClaim | None) -> int | None:
    """Offset implied by a local EXIF time and the GPS UTC time, if they agree to 15 min."""
    if gps is None or gps.date_only or claim.date_only:
        return None
    minutes = (claim.local - gps.local).total_seconds() / 60
    q = round(minutes / 15) * 15
    if abs(q) <= 14 * 60 and abs(minutes - q) <= 2:
        return int(q)
    return None


def _twin_offset(chosen: TimeClaim, usable: Sequence[TimeClaim]) -> int | None:
    """The offset another embedded claim states for the same wall-clock second (an editor's
    IPTC/XMP copy of the EXIF time with its zone), as ExifTool's composites combine them."""
    if chosen.date_only:
        return None
    for c in usable:
        if c.offset_minutes is None or c.local != chosen.local or c is chosen or c.date_only:
            continue
        if c.source in ("mtime", "declared", "gps") or c.source.startswith("filename:"):
            continue
        return c.offset_minutes
    return None


def _instant(c: TimeClaim, tz: ZoneInfo) -> datetime:
    """The claim as an aware instant; a claim without an offset is read in case time."""
    if c.offset_minutes is not None:
        utc = c.utc()
        assert utc is not None
        return utc
    return c.local.replace(tzinfo=tz)


_CAMERA = ("exif:", "maker:")
"""Sources written by the camera's own clock: a GPS time may give their offset."""

UTC_SOURCES = ("gps", "quicktime:CreateDate")
"""Sources defined in UTC (besides the UTC file-name schemes): shown in the case's time."""


def _is_utc_source(c: TimeClaim) -> bool:
    return c.offset_minutes == 0 and (c.source in UTC_SOURCES or c.source.startswith("filename:"))


def _compare(a: TimeClaim, b: TimeClaim, tz: ZoneInfo) -> tuple[timedelta, bool]:
    """Distance between two claims and whether it looks like a time-zone mix-up.

    Both offsets known, or one side a UTC source (GPS, epoch names): compare instants.
    Otherwise compare wall clocks: a file name and an EXIF time written by the same phone
    are both its local time, whatever zone the case is in.
    """
    one_sided = (a.offset_minutes is None) != (b.offset_minutes is None)
    wall = one_sided and not (_is_utc_source(a) or _is_utc_source(b))
    if a.date_only or b.date_only:
        # A date is a whole day: the distance between the two spans, never a zone mix-up.
        (a0, a1), (b0, b1) = _span(a, tz, wall), _span(b, tz, wall)
        return max(timedelta(0), b0 - a1, a0 - b1), False
    if wall:
        delta = abs(a.local - b.local)
    else:
        delta = abs(_instant(a, tz) - _instant(b, tz))
    minutes = delta.total_seconds() / 60
    zone_only = 15 <= minutes <= 14 * 60 and abs(minutes - round(minutes / 15) * 15) <= 2
    return delta, zone_only


_DAY = timedelta(days=1) - timedelta(seconds=1)


def _span(c: TimeClaim, tz: ZoneInfo, wall: bool = False) -> tuple[datetime, datetime]:
    """(earliest, latest) moment of a claim: one instant, or a whole day for a date; as wall
    clocks (naive) when ``wall``, else as aware instants."""
    start = c.local if wall else _instant(c, tz)
    return (start, start + _DAY) if c.date_only else (start, start)


def _to_case_local(c: TimeClaim, tz: ZoneInfo) -> datetime:
    return _instant(c, tz).astimezone(tz).replace(tzinfo=None)


def resolve(claims: Sequence[TimeClaim], tz: ZoneInfo, now: datetime) -> Resolution:
    """Pick one capture time. ``now`` must be timezone-aware (UTC)."""
    rejected = []
    usable = []
    for c in claims:
        why = implausible(c, now)
        if not why:
            usable.append(c)
        elif c.source != "mtime" and (not c.date_only or why == "in the future"):
            # An odd mtime says only that the file was copied by a machine with an odd clock
            # (or that the dossier date is set back with SOURCE_DATE_EPOCH); not worth a finding.
            # Nor is an old date without a time (XMP 1970-01-01, an IPTC date of a scanned
            # print): placeholders and archive dates, not a device clock.
            rejected.append((c, why))
    if not usable:
        return Resolution(NO_CAPTURE, None, tuple(rejected), ())
    usable.sort(key=order_key)
    chosen = usable[0]
    conf = rank(chosen.source)[1]
    if chosen.date_only and conf is Confidence.HIGH:
        conf = Confidence.MEDIUM  # a day is not a capture time
    gps = next((c for c in usable if c.source == "gps" and not c.date_only), None)
    offset, assumed, from_gps, from_twin = chosen.offset_minutes, False, False, False
    local = chosen.local
    if offset is None:
        offset = _gps_offset(chosen, gps) if chosen.source.startswith(_CAMERA) else None
        if offset is not None:
            from_gps = True
        elif (twin := _twin_offset(chosen, usable)) is not None:
            offset, from_twin = twin, True
        else:
            offset, assumed = _offset_at(tz, chosen.local), True
            if conf is Confidence.HIGH:
                conf = Confidence.MEDIUM
    elif _is_utc_source(chosen) and not chosen.date_only:
        # A UTC source: show it in the case's local time; the instant itself is exact (a UTC
        # date stays the date it states: its day does not move into the case's zone).
        local = _to_case_local(chosen, tz)
        offset = _offset_at(tz, local)
    capture = CaptureTime(
        local, offset, chosen.source, conf, offset_assumed=assumed, precision=chosen.precision
    )
    stated = from_gps or from_twin
    basis = TimeClaim(chosen.source, chosen.local, offset, chosen.raw) if stated else chosen
    disagreements = []
    for other in usable[1:]:
        if other.source in NOT_COMPARED:
            continue
        tol = AGREE_TOLERANCE.get(other.source, DEFAULT_TOLERANCE)
        delta, zone_only = _compare(basis, other, tz)
        if other.source in SAVE_TIME_SOURCES and _span(basis, tz)[0] <= _span(other, tz)[1] + tol:
            continue  # saved after it was taken, as it must be: no disagreement
        if delta > tol:
            disagreements.append(Disagreement(chosen, other, delta, zone_only))
    return Resolution(capture, chosen, tuple(rejected), tuple(disagreements), from_gps)


def mtime_claim(mtime: float, tz: ZoneInfo) -> TimeClaim:
    """The file's modification time as a (weak) claim, in case-local time."""
    utc = datetime.fromtimestamp(mtime, ZoneInfo("UTC"))
    local = utc.astimezone(tz)
    off = local.utcoffset()
    minutes = int(off.total_seconds() // 60) if off is not None else 0
    return TimeClaim("mtime", local.replace(tzinfo=None, microsecond=0), minutes, utc.isoformat())
