"""EXIF as a phone camera writes it: IFD0, Exif IFD, GPS IFD and an IFD1 JPEG thumbnail."""

from __future__ import annotations

import io
import struct

from PIL import Image

from evidencekit.testing.imagegen._common import exif_time, parse_local, parse_offset

# EXIF tag numbers (kept local so readers of this file see exactly what is written).
TAG_MAKE = 0x010F
TAG_MODEL = 0x0110
TAG_ORIENTATION = 0x0112
TAG_SOFTWARE = 0x0131
TAG_DATETIME = 0x0132
TAG_EXIF_IFD = 0x8769
TAG_GPS_IFD = 0x8825
TAG_DATETIME_ORIGINAL = 0x9003
TAG_DATETIME_DIGITIZED = 0x9004
TAG_OFFSET_TIME = 0x9010
TAG_OFFSET_TIME_ORIGINAL = 0x9011
TAG_OFFSET_TIME_DIGITIZED = 0x9012
TAG_SUBSEC_TIME_ORIGINAL = 0x9291
TAG_BODY_SERIAL = 0xA431


# --------------------------------------------------------------------------- EXIF


def _dms(value: float) -> tuple[float, float, float]:
    v = abs(value)
    deg = int(v)
    minutes_full = (v - deg) * 60
    minutes = int(minutes_full)
    seconds = round((minutes_full - minutes) * 60, 2)
    return (float(deg), float(minutes), seconds)


def build_exif(
    *,
    taken: str | None = "2025-12-15 17:02:33",
    offset: str | None = "+08:00",
    make: str | None = "Xiaomi",
    model: str | None = "2211133C",
    software: str | None = None,
    orientation: int | None = 1,
    gps: tuple[float, float] | None = None,
    subsec: str | None = None,
    modify_date: str | None = None,
    serial: str | None = None,
    big_endian: bool = False,
) -> Image.Exif:
    """An ``Image.Exif`` with the tags a phone camera writes.

    ``taken`` fills DateTimeOriginal/DateTimeDigitized (and DateTime unless ``modify_date``);
    ``offset`` fills OffsetTime, OffsetTimeOriginal, OffsetTimeDigitized. GPS time stamps are
    UTC, derived from ``taken`` and ``offset`` (``+08:00`` assumed when offset is None).
    """
    exif = Image.Exif()
    exif.endian = ">" if big_endian else "<"
    ifd0 = ((TAG_MAKE, make), (TAG_MODEL, model), (TAG_ORIENTATION, orientation),
            (TAG_SOFTWARE, software))  # fmt: skip
    for tag, value in ifd0:
        if value is not None:
            exif[tag] = value
    taken_dt = parse_local(taken) if taken else None
    modify_dt = parse_local(modify_date) if modify_date else taken_dt
    if modify_dt is not None:
        exif[TAG_DATETIME] = exif_time(modify_dt)
    sub = exif.get_ifd(TAG_EXIF_IFD)
    if taken_dt is not None:
        sub[TAG_DATETIME_ORIGINAL] = exif_time(taken_dt)
        sub[TAG_DATETIME_DIGITIZED] = exif_time(taken_dt)
    if offset is not None:
        sub[TAG_OFFSET_TIME] = offset
        if taken_dt is not None:
            sub[TAG_OFFSET_TIME_ORIGINAL] = offset
            sub[TAG_OFFSET_TIME_DIGITIZED] = offset
    for tag, value in ((TAG_SUBSEC_TIME_ORIGINAL, subsec), (TAG_BODY_SERIAL, serial)):
        if value is not None:
            sub[tag] = value
    if gps is not None:
        lat, lon = gps
        g = exif.get_ifd(TAG_GPS_IFD)
        g[0x0000] = b"\x02\x02\x00\x00"  # GPSVersionID
        g[0x0001] = "N" if lat >= 0 else "S"
        g[0x0002] = _dms(lat)
        g[0x0003] = "E" if lon >= 0 else "W"
        g[0x0004] = _dms(lon)
        if taken_dt is not None:
            utc = taken_dt - parse_offset(offset or "+08:00")
            g[0x0007] = (float(utc.hour), float(utc.minute), float(utc.second))  # GPSTimeStamp
            g[0x001D] = utc.strftime("%Y:%m:%d")  # GPSDateStamp
    return exif


def _with_thumbnail(exif_bytes: bytes, thumb_jpeg: bytes) -> bytes:
    """Append an IFD1 (JPEG thumbnail) to ``Exif\\0\\0`` + TIFF bytes made by Pillow.

    Pillow writes IFD0 at TIFF offset 8 with a zero next-IFD pointer; we point it at a new
    IFD1 holding Compression=6, JPEGInterchangeFormat and JPEGInterchangeFormatLength.
    """
    head, tiff = exif_bytes[:6], bytearray(exif_bytes[6:])
    e = "<" if tiff[:2] == b"II" else ">"
    (ifd0,) = struct.unpack(e + "I", tiff[4:8])
    (count,) = struct.unpack(e + "H", tiff[ifd0 : ifd0 + 2])
    next_ptr = ifd0 + 2 + 12 * count
    if len(tiff) % 2:
        tiff += b"\x00"
    ifd1 = len(tiff)
    struct.pack_into(e + "I", tiff, next_ptr, ifd1)
    n = 3
    data_at = ifd1 + 2 + 12 * n + 4
    tiff += struct.pack(e + "H", n)
    tiff += struct.pack(e + "HHIHH", 0x0103, 3, 1, 6, 0)  # Compression = JPEG (SHORT)
    tiff += struct.pack(e + "HHII", 0x0201, 4, 1, data_at)  # JPEGInterchangeFormat
    tiff += struct.pack(e + "HHII", 0x0202, 4, 1, len(thumb_jpeg))  # ...Length
    tiff += struct.pack(e + "I", 0)
    tiff += thumb_jpeg
    return head + bytes(tiff)


def _thumbnail_jpeg(img: Image.Image) -> bytes:
    t = img.copy()
    t.thumbnail((160, 160))
    buf = io.BytesIO()
    t.save(buf, "JPEG", quality=70)
    return buf.getvalue()
