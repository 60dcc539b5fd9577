"""Capture dates outside EXIF (audit.metadata.makers), on JPEGs made here with the segment
layouts ExifTool reads: IPTC in APP13, Olympus APP12 picture info, Canon CIFF in APP0, a
Reconyx HyperFire maker note. The real files these layouts come from are in the corpus
(test_oracle: exif-py olympus-d320l.jpg, sony-powershota5.jpg, Reconyx_HC500_Hyperfire.jpg;
exifr RangeError_*.jpg, Pillow app13-multiple.jpg)."""

from __future__ import annotations

import calendar
import io
import struct
from datetime import datetime
from pathlib import Path

from PIL import Image

from evidencekit.audit.metadata import makers, read_metadata


def _jpeg_with(*segments: tuple[int, bytes]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), (120, 80, 40)).save(buf, "JPEG")
    data = buf.getvalue()
    extra = b"".join(bytes([0xFF, m]) + struct.pack(">H", len(p) + 2) + p for m, p in segments)
    return data[:2] + extra + data[2:]


def _iptc_app13(records: dict[int, bytes]) -> bytes:
    iim = b"".join(
        b"\x1c\x02" + bytes([n]) + struct.pack(">H", len(v)) + v for n, v in records.items()
    )
    if len(iim) % 2:
        iim += b"\x00"
    return b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iim)) + iim


def _wall(dt: datetime) -> int:
    return calendar.timegm(dt.timetuple())


def _ciff_app0(seconds: int) -> bytes:
    # heap: [TimeStamp record: 12 bytes][directory: count, one entry][directory offset]
    record = struct.pack("<III", seconds, 0, 0)
    table = struct.pack("<H", 1) + struct.pack("<HII", 0x180E, len(record), 0)
    heap = record + table + struct.pack("<I", len(record))
    return b"II" + struct.pack("<I", 0x1A) + b"HEAPJPGM" + b"\x00" * 12 + heap


def _read(tmp_path: Path, data: bytes) -> dict[str, object]:
    path = tmp_path / "p.jpg"
    path.write_bytes(data)
    return {c.source: c for c in read_metadata(path, "image/jpeg").claims}


def test_iptc_date_and_time_created_with_offset(tmp_path: Path) -> None:
    seg = _iptc_app13({55: b"20191014", 60: b"150020+0000"})
    claims = _read(tmp_path, _jpeg_with((0xED, seg)))
    c = claims["iptc:DateCreated"]
    assert c.local == datetime(2019, 10, 14, 15, 0, 20) and c.offset_minutes == 0
    assert c.raw == "20191014 150020+0000"


def test_iptc_needs_both_date_and_time() -> None:
    # DateCreated alone is a date, not a time (issue 17): a claim of precision "day".
    (day,) = makers.iptc_claims({makers.IPTC_DATE: b"20030830"})
    assert day.date_only and day.local == datetime(2003, 8, 30) and day.raw == "20030830"
    (c,) = makers.iptc_claims({makers.IPTC_DATE: b"20030830", makers.IPTC_TIME: b"000000"})
    assert not c.date_only  # a stated midnight is a time
    assert makers.iptc_claims({makers.IPTC_DATE: b"20031399", makers.IPTC_TIME: b"000000"}) == []
    (c,) = makers.iptc_claims({makers.IPTC_DATE: b"20030830", makers.IPTC_TIME: b"000000"})
    assert c.local == datetime(2003, 8, 30) and c.offset_minutes is None


def test_olympus_picture_info_in_app12(tmp_path: Path) -> None:
    when = datetime(1998, 10, 29, 22, 6, 59)  # a real 1990s camera date is kept
    text = f"OLYMPUS OPTICAL CO.,LTD.\x00\r\n[picture info]\r\nTimeDate={_wall(when)}\r\n"
    claims = _read(tmp_path, _jpeg_with((0xEC, text.encode() + b"[camera info]\r\n")))
    c = claims["maker:pictureinfo"]
    assert c.local == when and c.offset_minutes is None


def test_canon_ciff_timestamp_in_app0(tmp_path: Path) -> None:
    when = datetime(2000, 10, 27, 22, 56, 26)
    claims = _read(tmp_path, _jpeg_with((0xE0, _ciff_app0(_wall(when)))))
    assert claims["maker:ciff"].local == when


def test_ciff_that_lies_about_its_sizes_is_no_claim() -> None:
    bad = bytearray(_ciff_app0(1))
    bad[-4:] = struct.pack("<I", 10**6)  # directory beyond the heap
    assert makers.segment_claims([("APP0", bytes(bad))]) == []
    assert makers.segment_claims([("APP0", b"II\xff\xff\xff\xffHEAPJPGM")]) == []
    assert makers.segment_claims([("APP12", b"[picture info]\r\nTimeDate=0\r\n")]) == []


def test_reconyx_hyperfire_maker_note() -> None:
    words = [0xF101, 3, 3, 0, 0x2011, 0x0110, 0x54, 0, 0, 0, 8, 0, 0, 10, 3, 16, 2020, 2]
    (c,) = makers.makernote_claims(struct.pack("<18H", *words))
    assert c.source == "maker:reconyx" and c.local == datetime(2020, 3, 16, 10, 0, 0)
    assert makers.makernote_claims(struct.pack("<4H", 0xF101, 3, 3, 0)) == []  # cut short
    assert makers.makernote_claims(b"Nikon\x00\x02\x10\x00\x00") == []
