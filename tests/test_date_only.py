"""Issue 17: a source that gives a date without a time is a claim of precision "day".

File names (IMG_20251215.jpg, 微信图片_20251215.jpg, WhatsApp IMG-20231215-WA0001.jpg), IPTC
DateCreated without TimeCreated, GPSDateStamp without GPSTimeStamp and XMP dates are shown as a
date ("2025年12月15日（仅日期）"), never as 00:00 presented as a precise time, and the timeline
checks compare them by the day: a photo dated the delivery day is not "before delivery".

Real files: exif-py's long_description.jpg and exifr's Bush-dog.jpg carry an XMP
photoshop:DateCreated that is a date alone (ExifTool 12.57: ``2003:08:31``, ``2003:08:30``),
exifr's heic-iphone7.heic a GPSDateStamp without GPSTimeStamp."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from PIL import Image

from evidencekit.audit.metadata import read_metadata
from evidencekit.audit.metadata.filenames import claims_from_filename
from evidencekit.audit.timestamps import resolve
from evidencekit.cli import cli as main
from evidencekit.models import DAY, CaptureTime, Confidence, TimeClaim
from evidencekit.testing import imagegen

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("IMG_20251215.jpg", "filename:android-camera"),
        ("IMG_20251215_1.jpg", "filename:android-camera"),
        ("VID_20251215.mp4", "filename:android-camera"),
        ("微信图片_20251215.jpg", "filename:wechat-image"),
        ("IMG-20251215-WA0001.jpg", "filename:whatsapp"),
    ],
)
def test_date_only_names_are_day_claims(name: str, source: str) -> None:
    (c,) = claims_from_filename(name)
    assert (c.source, c.precision, c.local) == (source, DAY, datetime(2025, 12, 15))
    assert c.offset_minutes is None


def test_full_names_keep_their_time_and_bad_dates_are_no_claim() -> None:
    (c,) = claims_from_filename("IMG_20251215_170233.jpg")
    assert not c.date_only and c.local == datetime(2025, 12, 15, 17, 2, 33)
    (w,) = claims_from_filename("微信图片_20251215170233.jpg")
    assert not w.date_only
    for name in ("IMG_20251399.jpg", "IMG_19991215.jpg", "IMG_202512150.jpg", "IMG_1234.JPG"):
        assert claims_from_filename(name) == [], name


def _day(source: str, y: int = 2025, m: int = 12, d: int = 15) -> TimeClaim:
    return TimeClaim(source, datetime(y, m, d), None, f"{y}{m:02d}{d:02d}", precision=DAY)


def test_resolver_takes_a_date_only_when_nothing_states_the_time() -> None:
    mtime = TimeClaim("mtime", datetime(2026, 1, 3, 9, 0), 480, "copy")
    res = resolve([_day("filename:android-camera"), mtime], TZ, NOW)
    cap = res.capture
    assert cap.source == "filename:android-camera" and cap.date_only
    assert cap.confidence is Confidence.MEDIUM and cap.offset_assumed
    assert cap.shown("zh") == "2025年12月15日（仅日期）"
    assert cap.shown("en") == "2025-12-15 (date only)"
    start, end = cap.utc_span or (None, None)
    assert start == datetime(2025, 12, 14, 16, 0, tzinfo=UTC)
    assert end == datetime(2025, 12, 15, 15, 59, 59, tzinfo=UTC)
    # A full time wins over a date, even from a weaker-ranked source...
    xmp = TimeClaim("xmp:CreateDate", datetime(2025, 12, 15, 17, 2, 11), None, "x")
    res = resolve([_day("iptc:DateCreated"), xmp], TZ, NOW)
    assert res.capture.source == "xmp:CreateDate" and not res.capture.date_only
    assert res.disagreements == ()  # ...and the same day agrees with it
    # A time on another day disagrees with the date.
    other = TimeClaim("xmp:CreateDate", datetime(2025, 12, 17, 9, 0), None, "x")
    (d,) = resolve([_day("iptc:DateCreated"), other], TZ, NOW).disagreements
    assert not d.zone_only
    # A date beats what the buyer declares and the save times, never a shutter time.
    declared = TimeClaim("declared", datetime(2025, 12, 15, 18, 0), 480, "declared")
    assert resolve([declared, _day("filename:android-camera")], TZ, NOW).capture.date_only


def test_gps_date_stamp_alone_is_a_utc_day() -> None:
    gps = TimeClaim("gps", datetime(2025, 12, 15), 0, "2025:12:15 UTC", precision=DAY)
    cap = resolve([gps], TZ, NOW).capture
    assert cap.date_only and cap.local == datetime(2025, 12, 15) and cap.offset_minutes == 0
    # It never derives the EXIF offset (no time to compare), and agrees with a same-day time.
    dto = TimeClaim("exif:DateTimeOriginal", datetime(2025, 12, 15, 17, 2, 11), None, "d")
    res = resolve([dto, gps], TZ, NOW)
    assert res.capture.source == "exif:DateTimeOriginal" and not res.offset_from_gps
    assert res.capture.offset_assumed and res.disagreements == ()


def _jpeg_with(path: Path, *, gps_date: str | None = None, xmp_date: str | None = None) -> Path:
    img = Image.new("RGB", (640, 480), (120, 140, 160))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "HUAWEI", "P30"
    if gps_date:
        exif.get_ifd(0x8825)[0x001D] = gps_date  # GPSDateStamp, no GPSTimeStamp
    kw: dict[str, object] = {"exif": exif.tobytes()}
    if xmp_date:
        kw["xmp"] = (
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
            '22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/'
            f'1.0/" photoshop:DateCreated="{xmp_date}"/></rdf:RDF></x:xmpmeta>'
        ).encode()
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80, **kw)
    path.write_bytes(buf.getvalue())
    return path


def test_readers_make_day_claims_from_gps_and_xmp(tmp_path: Path) -> None:
    m = read_metadata(_jpeg_with(tmp_path / "a.jpg", gps_date="2025:12:15"), "image/jpeg")
    (g,) = [c for c in m.claims if c.source == "gps"]
    assert g.date_only and g.local == datetime(2025, 12, 15) and g.offset_minutes == 0
    m = read_metadata(_jpeg_with(tmp_path / "b.jpg", xmp_date="2025-12-15"), "image/jpeg")
    (x,) = [c for c in m.claims if c.source == "xmp:DateCreated"]
    assert x.date_only and x.local == datetime(2025, 12, 15)


def test_real_corpus_date_only_fields() -> None:
    long_desc = CORPUS / "exif-py/tests/resources/jpg/long_description.jpg"
    bush = CORPUS / "exifr/test/fixtures/Bush-dog.jpg"
    heic = CORPUS / "exifr/test/fixtures/heic-iphone7.heic"
    if not (long_desc.is_file() and bush.is_file() and heic.is_file()):
        pytest.skip("../shared/corpus is absent")
    for path, day in ((long_desc, datetime(2003, 8, 31)), (bush, datetime(2003, 8, 30))):
        m = read_metadata(path, "image/jpeg")
        (x,) = [c for c in m.claims if c.source == "xmp:DateCreated"]
        assert x.date_only and x.local == day, path  # ExifTool: XMP-photoshop:DateCreated
    m = read_metadata(heic, "image/heic")
    (g,) = [c for c in m.claims if c.source == "gps"]
    assert g.date_only and g.local == datetime(2019, 10, 20)  # ExifTool: GPSDateStamp only
    res = resolve(m.claims, TZ, NOW)  # the iPhone's shutter time is still the capture time
    assert res.capture.source == "exif:DateTimeOriginal" and res.disagreements == ()


def _case(root: Path, signed: str = "2025-12-15 16:30") -> Path:
    case = root / "case"
    (case / "product").mkdir(parents=True)
    (case / "case.toml").write_text(
        '[case]\nplatform = "taobao"\norder_id = "1234"\nclaim = "damaged"\n'
        f'[[event]]\nkind = "signed"\nat = "{signed}"\n',
        encoding="utf-8",
    )
    return case


def _audit(case: Path) -> dict[str, object]:
    r = CliRunner().invoke(main, ["audit", str(case), "--json", "--at", "2026-01-01T00:00Z"])
    assert r.exit_code in (0, 1), r.output
    doc: dict[str, object] = json.loads(r.output)
    return doc


def _codes(item: dict[str, object]) -> set[str]:
    return {f["code"] for f in item["findings"]}  # type: ignore[attr-defined, index]


def test_a_photo_dated_the_delivery_day_is_not_before_delivery(tmp_path: Path) -> None:
    case = _case(tmp_path)
    for name, seed in (("IMG_20251215.jpg", 1), ("IMG_20251214.jpg", 2)):
        imagegen.camera_jpeg(case / "product" / name, size=(640, 480), exif=False, seed=seed)
    _jpeg_with(case / "product" / "scan.jpg", xmp_date="2025-12-15")
    items = {it["path"]: it for it in _audit(case)["items"]}  # type: ignore[attr-defined]
    same, before = items["product/IMG_20251215.jpg"], items["product/IMG_20251214.jpg"]
    assert same["captured_at_precision"] == "day" and same["captured_date"] == "2025-12-15"
    assert same["captured_at_source"] == "filename:android-camera"
    assert same["captured_at"] == "2025-12-15T00:00:00+08:00"  # kept: the day's start
    (claim,) = items["product/scan.jpg"]["claims"]  # type: ignore[misc]
    assert claim["precision"] == "day" and claim["source"] == "xmp:DateCreated"
    assert "EK119" in _codes(same) and "EK301" not in _codes(same)
    assert "EK301" in _codes(before)  # the whole of 14 December is before the signing
    (ek301,) = [f for f in before["findings"] if f["code"] == "EK301"]  # type: ignore[attr-defined]
    assert "2025年12月14日（仅日期）" in ek301["message_zh"] and "00:00" not in ek301["message_zh"]


def test_timed_photo_before_delivery_is_still_flagged(tmp_path: Path) -> None:
    case = _case(tmp_path)
    imagegen.camera_jpeg(
        case / "product" / "IMG_20251215_090000.jpg", size=(640, 480), taken="2025-12-15 09:00"
    )
    (item,) = _audit(case)["items"]  # type: ignore[misc]
    assert item["captured_at_precision"] == "second" and item["captured_date"] is None
    assert "EK301" in _codes(item)


def test_dossier_shows_the_date_never_midnight(tmp_path: Path) -> None:
    import pypdf

    case = _case(tmp_path)
    imagegen.camera_jpeg(case / "product" / "微信图片_20251215.jpg", size=(640, 480), exif=False)
    imagegen.camera_jpeg(case / "product" / "IMG_20251216.jpg", size=(640, 480), exif=False, seed=3)
    out = case / "dossier" / "d.pdf"
    r = CliRunner().invoke(main, ["build", str(case), "-o", str(out), "--at", "2026-01-01T00:00Z"])
    assert r.exit_code == 0, r.output
    text = "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages)
    assert "2025年12月16日（仅日期）" in text  # box and exhibit list
    assert "2025年12月15日（仅日期）" in text
    assert "照片文件名中的日期" in text
    assert "2025-12-1600:00" not in text and "2025-12-1500:00" not in text
    assert "2025-12-16仅日期" in text  # the timeline's spine


def test_capture_time_shown_for_second_precision_is_unchanged() -> None:
    cap = CaptureTime(
        datetime(2025, 12, 15, 17, 2, 11), 480, "exif:DateTimeOriginal", Confidence.HIGH
    )
    assert cap.shown() == "2025-12-15 17:02:11" and not cap.date_only
    assert cap.utc_span == (cap.utc, cap.utc)
