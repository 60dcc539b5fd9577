"""Issue 17: files whose picture is broken but whose EXIF block is intact. ExifTool reads the
metadata of such files; so does the audit, and it says the file is damaged (EK009, warning)
instead of 'cannot be opened' (EK100). Fixtures are made here with Pillow."""

from __future__ import annotations

import io
import struct
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from evidencekit.audit.metadata import read_metadata
from evidencekit.audit.pipeline import run_audit
from evidencekit.models import ExifState
from evidencekit.options import AuditOptions
from tests.util import write_case

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _exif() -> bytes:
    ex = Image.Exif()
    ex[0x010F], ex[0x0110] = "HUAWEI", "ELS-AN00"
    ex[0x010E] = "x" * 1500  # ImageDescription: an APP1 the size of a phone's, past 1 KiB
    ifd = ex.get_ifd(0x8769)
    ifd[0x9003], ifd[0x9011] = "2025:12:15 17:02:11", "+08:00"
    gps = ex.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (31.0, 14.0, 0.0), "E", (121.0, 28.0, 0.0)
    return ex.tobytes()


def _noise(size: tuple[int, int] = (640, 480)) -> Image.Image:
    return Image.effect_noise(size, 60).convert("RGB")


def jpeg_cut_after_app1() -> bytes:
    """A real EXIF JPEG (Pillow-written, APP0 JFIF then APP1 Exif) cut right after APP1."""
    buf = io.BytesIO()
    _noise().save(buf, "JPEG", exif=_exif())
    data = buf.getvalue()
    at = 2
    while data[at + 1] != 0xE1:
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    end = at + 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    assert data[at + 4 : at + 10] == b"Exif\x00\x00"
    return data[:end]


def webp_with_a_broken_chunk() -> bytes:
    """An extended WebP (VP8X, VP8, EXIF) whose VP8 chunk states an impossible size."""
    buf = io.BytesIO()
    _noise((64, 48)).save(buf, "WEBP", exif=_exif())
    data = bytearray(buf.getvalue())
    at = data.find(b"VP8 ")
    data[at + 4 : at + 8] = b"\xff\xff\xff\x00"
    return bytes(data)


def png_with_a_bad_ihdr_crc() -> bytes:
    buf = io.BytesIO()
    _noise((64, 48)).save(buf, "PNG", exif=_exif())
    data = bytearray(buf.getvalue())
    data[29] ^= 0xFF  # IHDR's CRC (8 signature + 4 length + 4 type + 13 data)
    return bytes(data)


def _check_meta(meta) -> None:
    assert meta.exif_state is ExifState.UNREADABLE  # the picture itself cannot be opened
    (claim,) = [c for c in meta.claims if c.source == "exif:DateTimeOriginal"]
    assert claim.local == datetime(2025, 12, 15, 17, 2, 11) and claim.offset_minutes == 480
    assert (meta.make, meta.model) == ("HUAWEI", "ELS-AN00")
    assert meta.gps is not None and abs(meta.gps.latitude - (31 + 14 / 60)) < 1e-6


def test_metadata_of_broken_files_is_read(tmp_path: Path) -> None:
    for name, data, media in (
        ("cut.jpg", jpeg_cut_after_app1(), "image/jpeg"),
        ("broken.webp", webp_with_a_broken_chunk(), "image/webp"),
        ("badcrc.png", png_with_a_bad_ihdr_crc(), "image/png"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        _check_meta(read_metadata(path, media))


def test_audit_uses_the_intact_exif_and_reports_the_damage(tmp_path: Path) -> None:
    files = {
        "product/IMG_cut.jpg": jpeg_cut_after_app1(),
        "product/broken.webp": webp_with_a_broken_chunk(),
        "product/ok.jpg": _ok_jpeg(),
    }
    case = write_case(tmp_path / "case", files)
    result = run_audit(AuditOptions(case_dir=case, now=NOW, jobs=1))
    for path in ("product/IMG_cut.jpg", "product/broken.webp"):
        item = next(it for it in result.items if it.path == path)
        codes = {f.code for f in item.findings}
        assert "EK009" in codes and "EK100" not in codes and "EK002" not in codes, codes
        f = next(f for f in item.findings if f.code == "EK009")
        assert f.severity.value == "warning" and f.remedy == "copy it again from the phone"
        assert "metadata (capture time, camera) is intact and was read" in f.message
        assert "元数据（拍摄时间、相机）完好，已读取" in f.message_zh
        # The capture time is the EXIF one, not the copy's mtime; the GPS privacy check ran.
        assert item.capture.source == "exif:DateTimeOriginal"
        assert item.capture.isoformat() == "2025-12-15T17:02:11+08:00"
        assert any("GPS" in x.message for x in item.findings), codes


def _ok_jpeg() -> bytes:
    buf = io.BytesIO()
    _noise((64, 48)).save(buf, "JPEG")
    return buf.getvalue()
