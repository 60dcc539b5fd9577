"""Metadata stage: date parsing, synthetic files, and named hard cases from the real corpus.

Corpus files come from ../shared/corpus (sources and licences in its README.md): exif-py
(BSD-3 / CC BY-SA 4.0), exifr (MIT), Pillow Tests/images (MIT-CMU), pigallery2 (MIT),
tienenwu/enterprise_state_inspector screenshots (MIT).
"""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from evidencekit.audit.metadata import read_metadata
from evidencekit.audit.metadata.dates import parse_datetime, parse_offset
from evidencekit.models import ExifState, ImageMeta, TimeClaim

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def corpus_file(rel: str) -> Path:
    path = CORPUS / rel
    if not path.is_file():
        pytest.skip(f"../shared/corpus/{rel} is absent")
    return path


def claims_by_source(meta: ImageMeta) -> dict[str, TimeClaim]:
    return {c.source: c for c in meta.claims}


# --- date parsing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "local", "offset"),
    [
        ("2019:05:01 10:11:12", datetime(2019, 5, 1, 10, 11, 12), None),
        ("2019-05-01T10:11:12+02:00", datetime(2019, 5, 1, 10, 11, 12), 120),
        ("2019-05-01T10:11:12.345-05:00", datetime(2019, 5, 1, 10, 11, 12), -300),
        ("2019:05:01 10:11", datetime(2019, 5, 1, 10, 11), None),
        ("2019:05:01 10:11:12\x00", datetime(2019, 5, 1, 10, 11, 12), None),
        ("2019:05:01 10:11:12  ", datetime(2019, 5, 1, 10, 11, 12), None),
        ("2019:05:01 10:11:12Z", datetime(2019, 5, 1, 10, 11, 12), 0),
        ("2019:05:01 10:11:12+0800", datetime(2019, 5, 1, 10, 11, 12), 480),
        ("1601:06:06 16:39:33", datetime(1601, 6, 6, 16, 39, 33), None),  # bogus but a date
        ("2099:09:29 10:10:10", datetime(2099, 9, 29, 10, 10, 10), None),
        ("Fri, 15 Dec 2023 17:02:33 GMT", datetime(2023, 12, 15, 17, 2, 33), 0),  # PNG RFC 1123
    ],
)
def test_parse_datetime(text: str, local: datetime, offset: int | None) -> None:
    parsed = parse_datetime(text)
    assert parsed is not None
    assert (parsed.local, parsed.offset_minutes) == (local, offset)


@pytest.mark.parametrize(
    "text",
    [
        "0000:00:00 00:00:00",
        "",
        "    :  :     :  :  ",
        "2019:99:99 99:99:99",
        "1999:99:99",
        "2019:05:01",  # date only: not a capture time
        "2019:02:30 10:00:00",
        "2019:05:01 24:00:00",
        "garbage",
        "\x00\x00\x00",
    ],
)
def test_invalid_datetime_is_not_a_claim(text: str) -> None:
    assert parse_datetime(text) is None


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("+08:00", 480), ("-05:00", -300), ("+0800", 480), ("+05:30", 330), ("Z", 0)],
)
def test_parse_offset(text: str, minutes: int) -> None:
    assert parse_offset(text) == minutes


@pytest.mark.parametrize("text", ["", "   :  ", "+25:00", "+08:75", "8", "abc"])
def test_parse_offset_invalid(text: str) -> None:
    assert parse_offset(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parse_datetime_never_raises(text: str) -> None:
    parse_datetime(text)
    parse_offset(text)


# --- synthetic files ----------------------------------------------------------------------


def _jpeg(path: Path, exif: Image.Exif | None = None, size: tuple[int, int] = (64, 48)) -> Path:
    im = Image.new("RGB", size, (200, 30, 30))
    if exif is None:
        im.save(path, "JPEG")
    else:
        im.save(path, "JPEG", exif=exif)
    return path


def _phone_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Xiaomi"
    exif[0x0110] = "Redmi Note 12"
    exif[0x0131] = "MIUI Camera"
    exif[0x0132] = "2023:12:16 09:00:00"
    exif[0x0112] = 6
    ifd = exif.get_ifd(0x8769)
    ifd[0x9003] = "2023:12:15 17:02:33"
    ifd[0x9004] = "2023:12:15 17:02:33"
    ifd[0x9011] = "+08:00"
    ifd[0x9012] = "+08:00"
    ifd[0x9291] = "123"
    ifd[0xA431] = "SN-0042"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (31.0, 12.0, 36.0)
    gps[3] = "E"
    gps[4] = (121.0, 30.0, 0.0)
    gps[7] = (9.0, 2.0, 33.0)
    gps[0x1D] = "2023:12:15"
    return exif


def test_phone_jpeg(tmp_path: Path) -> None:
    meta = read_metadata(_jpeg(tmp_path / "a.jpg", _phone_exif()), "image/jpeg")
    assert meta.exif_state is ExifState.OK
    assert (meta.format, meta.width, meta.height, meta.orientation) == ("JPEG", 48, 64, 6)
    assert (meta.make, meta.model, meta.software) == ("Xiaomi", "Redmi Note 12", "MIUI Camera")
    assert meta.has_serial
    assert meta.gps is not None and meta.gps.latitude == pytest.approx(31.21)
    assert meta.gps.longitude == pytest.approx(121.5)
    claims = claims_by_source(meta)
    assert [c.source for c in meta.claims] == [
        "exif:DateTimeOriginal",
        "exif:CreateDate",
        "exif:ModifyDate",
        "gps",
    ]
    dto = meta.claims[0]
    assert (dto.local, dto.offset_minutes, dto.subsec) == (
        datetime(2023, 12, 15, 17, 2, 33),
        480,
        "123",
    )
    gps_claim = meta.claims[3]
    assert (gps_claim.local, gps_claim.offset_minutes) == (datetime(2023, 12, 15, 9, 2, 33), 0)
    assert claims["exif:ModifyDate"].offset_minutes is None
    assert not meta.truncated and not meta.too_many_pixels and meta.frames == 1


def test_jpeg_without_exif(tmp_path: Path) -> None:
    meta = read_metadata(_jpeg(tmp_path / "a.jpg"), "image/jpeg")
    assert meta.exif_state is ExifState.NONE
    assert meta.claims == () and meta.orientation is None and meta.error == ""
    assert meta.thumbnail_mismatch is None


def test_invalid_dates_are_dropped(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0132] = "    :  :     :  :  "
    ifd = exif.get_ifd(0x8769)
    ifd[0x9003] = "0000:00:00 00:00:00"
    ifd[0x9004] = "2023:99:99 10:00:00"
    meta = read_metadata(_jpeg(tmp_path / "a.jpg", exif), "image/jpeg")
    assert meta.exif_state is ExifState.OK
    assert meta.claims == ()


@pytest.mark.parametrize("data", [b"", b"not an image at all", b"\xff\xd8\xff" + b"\x00" * 40])
def test_garbage_is_unreadable(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.jpg"
    path.write_bytes(data)
    meta = read_metadata(path, "image/jpeg")
    assert meta.exif_state is ExifState.UNREADABLE
    assert meta.error
    assert meta.format is None


def test_missing_file_does_not_raise(tmp_path: Path) -> None:
    meta = read_metadata(tmp_path / "nope.jpg", "image/jpeg")
    assert meta.exif_state is ExifState.UNREADABLE and meta.error


def test_truncated_jpeg(tmp_path: Path) -> None:
    full = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(full, "JPEG", exif=_phone_exif())
    path = tmp_path / "cut.jpg"
    path.write_bytes(full.getvalue()[: len(full.getvalue()) * 2 // 3])
    meta = read_metadata(path, "image/jpeg")
    assert meta.truncated
    assert "truncated" in meta.error
    assert meta.exif_state is ExifState.OK  # the EXIF block itself is intact
    assert meta.claims


def test_too_many_pixels_is_not_decoded(tmp_path: Path) -> None:
    # A JPEG decodes at 1/8 at the least (25x13 here): refused only when even that is too many.
    path = _jpeg(tmp_path / "big.jpg", size=(200, 100))
    meta = read_metadata(path, "image/jpeg", max_pixels=300)
    assert meta.too_many_pixels
    assert (meta.width, meta.height) == (200, 100)
    assert not meta.truncated
    # Above the limit at full size but not at a DCT scale: decoded (truncation still checked).
    noisy = tmp_path / "noisy.jpg"
    Image.frombytes("RGB", (200, 100), os.urandom(200 * 100 * 3)).save(noisy, "JPEG")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(noisy.read_bytes()[: noisy.stat().st_size * 2 // 3])
    meta = read_metadata(cut, "image/jpeg", max_pixels=10_000)
    assert not meta.too_many_pixels and meta.truncated
    # Other formats decode whole or not at all.
    png = tmp_path / "big.png"
    Image.new("RGB", (200, 100)).save(png)
    assert read_metadata(png, "image/png", max_pixels=10_000).too_many_pixels


def test_png_text_and_exif(tmp_path: Path) -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Creation Time", "2023-12-15T17:02:33+08:00")
    info.add_text("date:create", "2023-12-15T09:02:40+00:00")
    exif = Image.Exif()
    exif[0x0112] = 1
    exif.get_ifd(0x8769)[0x9003] = "2023:12:15 17:02:33"
    path = tmp_path / "a.png"
    Image.new("RGB", (10, 10)).save(path, "PNG", pnginfo=info, exif=exif)
    meta = read_metadata(path, "image/png")
    claims = claims_by_source(meta)
    assert meta.exif_state is ExifState.OK
    assert set(claims) == {"exif:DateTimeOriginal", "png:CreationTime", "png:date:create"}
    assert claims["png:CreationTime"].offset_minutes == 480


def test_xmp_claims_and_creator_tool(tmp_path: Path) -> None:
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description xmp:CreateDate="2023-12-15T17:02:33+08:00" '
        b'xmp:CreatorTool="Adobe Photoshop 25.0"><photoshop:DateCreated>2023-12-15T17:02:33'
        b"</photoshop:DateCreated><exif:DateTimeOriginal>2023-12-15T17:02:33.5+08:00"
        b"</exif:DateTimeOriginal><aux:SerialNumber>123</aux:SerialNumber>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    path = tmp_path / "a.jpg"
    Image.new("RGB", (10, 10)).save(path, "JPEG", xmp=xmp)
    meta = read_metadata(path, "image/jpeg")
    assert meta.creator_tool == "Adobe Photoshop 25.0"
    assert meta.has_serial
    assert [(c.source, c.offset_minutes) for c in meta.claims] == [
        ("xmp:CreateDate", 480),
        ("xmp:DateCreated", None),
        ("xmp:DateTimeOriginal", 480),
    ]


def test_animated_frames(tmp_path: Path) -> None:
    path = tmp_path / "a.gif"
    frames = [Image.new("RGB", (8, 8), (i * 80, 0, 0)) for i in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    assert read_metadata(path, "image/gif").frames == 3


# --- named real files ---------------------------------------------------------------------


def _read(rel: str, media_type: str = "image/jpeg") -> ImageMeta:
    return read_metadata(corpus_file(rel), media_type)


def test_samsung_screenshot_offset_and_invalid_orientation() -> None:
    meta = _read("screenshots-enterprise_state_inspector/screenshots/1.jpg")
    (claim,) = meta.claims
    assert claim.source == "exif:DateTimeOriginal"
    assert (claim.local, claim.offset_minutes, claim.subsec) == (
        datetime(2025, 9, 29, 19, 15, 50),
        540,
        "837",
    )
    assert meta.orientation == 0  # invalid, kept as stated
    assert meta.software.startswith("Android")


def test_iphone_heic() -> None:
    meta = _read("exifr/test/fixtures/heic-iphone7.heic", "image/heic")
    assert meta.format == "HEIF" and meta.exif_state is ExifState.OK
    claims = claims_by_source(meta)
    assert claims["exif:DateTimeOriginal"].offset_minutes == 120
    assert meta.make == "Apple" and meta.gps is not None


@pytest.mark.parametrize(
    "rel", ["exifr/test/fixtures/heic-maybebroken.HEIC", "exifr/test/fixtures/heic-empty.heic"]
)
def test_odd_heic_files_read(rel: str) -> None:
    meta = _read(rel, "image/heic")
    assert meta.format == "HEIF" and meta.exif_state is not ExifState.UNREADABLE


def test_all_zero_date_dropped_but_file_ok() -> None:
    meta = _read("pigallery2/test/backend/assets/edge_case_exif_data/date_error.JPG")
    assert meta.exif_state is ExifState.OK
    assert "exif:DateTimeOriginal" not in claims_by_source(meta)


def test_bogus_years_are_claims() -> None:
    meta = _read("pigallery2/test/backend/assets/edge_case_exif_data/before_epoch.jpg")
    assert claims_by_source(meta)["exif:DateTimeOriginal"].local.year == 1601
    meta = _read("pigallery2/test/backend/assets/Chars.jpg")
    assert claims_by_source(meta)["gps"].local.year == 1899
    meta = _read("pillow/Tests/images/exif_gps.jpg")
    claims = claims_by_source(meta)
    assert claims["exif:DateTimeOriginal"].local.year == 2099
    assert "gps" not in claims  # GPSDateStamp 1999:99:99
    assert meta.gps is None  # latitude 4294967295: uninitialised


def test_offset_only_in_xmp() -> None:
    claims = claims_by_source(_read("exif-py/tests/resources/jpg/mobile/jolla.jpg"))
    assert claims["exif:DateTimeOriginal"].offset_minutes is None
    assert claims["xmp:DateTimeOriginal"].offset_minutes == 120


@pytest.mark.parametrize(
    "rel",
    [
        "pillow/Tests/images/truncated_jpeg.jpg",
        "pillow/Tests/images/truncated_image.png",
    ],
)
def test_truncated_corpus_files(rel: str) -> None:
    meta = _read(rel)
    assert meta.truncated and "truncated" in meta.error
    assert meta.exif_state is not ExifState.UNREADABLE


@pytest.mark.parametrize(
    "rel",
    [
        "exif-py/tests/resources/jpg/tests/30-type_error.jpg",
        "pillow/Tests/images/exif_typeerror.jpg",
        "pillow/Tests/images/invalid-exif.jpg",
        "pillow/Tests/images/truncated_exif_dpi.jpg",
    ],
)
def test_corrupt_exif(rel: str) -> None:
    meta = _read(rel)
    assert meta.exif_state is ExifState.CORRUPT
    assert meta.error


def test_decompression_bomb_not_decoded() -> None:
    # A GIF whose frame claims 4.3 gigapixels: Pillow refuses even to open it.
    meta = _read("pillow/Tests/images/decompression_bomb.gif", "image/gif")
    assert meta.too_many_pixels and meta.format == "GIF"
    assert meta.exif_state is not ExifState.UNREADABLE
    # Above our limit (even at 1/8: 16x16) but within Pillow's: the header is read, the pixels
    # are not decoded.
    meta = read_metadata(
        corpus_file("pillow/Tests/images/hopper.jpg"), "image/jpeg", max_pixels=200
    )
    assert meta.too_many_pixels and meta.width == 128 and not meta.truncated


def test_png_exif_chunks() -> None:
    assert _read("pillow/Tests/images/exif.png", "image/png").orientation == 1
    # ImageMagick's "Raw profile type exif" text chunk.
    assert (
        _read("pillow/Tests/images/exif_imagemagick_orientation.png", "image/png").orientation == 3
    )


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("exif-py/tests/resources/jpg/Canon_40D.jpg", False),
        ("exifr/test/fixtures/IMG_20180725_163423.jpg", False),
        ("pigallery2/test/backend/assets/edge_case_exif_data/date_error.JPG", True),
        ("pigallery2/test/backend/assets/orientation/broken_orientation_exif2.jpg", True),
        ("exif-py/tests/resources/jpg/exif-org/ricoh-rdc5300.jpg", True),  # resized after capture
        ("pillow/Tests/images/hopper.jpg", None),  # no thumbnail
    ],
)
def test_thumbnail_mismatch(rel: str, expected: bool | None) -> None:
    assert _read(rel).thumbnail_mismatch is expected


def test_android_named_photo_has_exif_and_filename_agree() -> None:
    from evidencekit.audit.metadata import claims_from_filename

    meta = _read("exifr/test/fixtures/IMG_20180725_163423.jpg")
    (fn,) = claims_from_filename("IMG_20180725_163423.jpg")
    assert claims_by_source(meta)["exif:DateTimeOriginal"].local == fn.local
