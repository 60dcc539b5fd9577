"""The fixture factory and the sample-case generator: what they write is what was asked."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import sys
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import exifread
import pytest
from PIL import Image, ImageOps

from evidencekit.audit import perceptual
from evidencekit.audit.checks.pixels import NEAR_DUP_DHASH, NEAR_DUP_PHASH
from evidencekit.audit.pipeline import run_audit
from evidencekit.audit.pixels import PixelFacts, extract_pixels
from evidencekit.models import Category
from evidencekit.options import AuditOptions
from evidencekit.testing import imagegen as g

REPO = Path(__file__).resolve().parents[1]
SMALL = (480, 360)


def read_exifread(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return exifread.process_file(fh, details=False)


def tag(tags: dict[str, Any], name: str) -> str:
    return str(tags[name].printable).strip()


def gps_degrees(tags: dict[str, Any], axis: str) -> float:
    d, m, s = (float(v.num) / float(v.den) for v in tags[f"GPS GPS{axis}"].values)
    value = d + m / 60 + s / 3600
    ref = tag(tags, f"GPS GPS{axis}Ref")
    return -value if ref in ("S", "W") else value


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ----------------------------------------------------------------------------- camera JPEG


def test_camera_jpeg_exif_reads_back_with_exifread(tmp_path: Path) -> None:
    p = g.camera_jpeg(
        tmp_path / "IMG_20251215_170233.jpg",
        size=SMALL,
        taken="2025-12-15 17:02:33",
        offset="+08:00",
        make="Xiaomi",
        model="2211133C",
        software="V14.0.5.0.TMCCNXM",
        subsec="412",
        serial="8F3K21A0",
        gps=(30.290521, 119.998612),
    )
    t = read_exifread(p)
    assert tag(t, "Image Make") == "Xiaomi"
    assert tag(t, "Image Model") == "2211133C"
    assert tag(t, "Image Software") == "V14.0.5.0.TMCCNXM"
    assert tag(t, "Image DateTime") == "2025:12:15 17:02:33"
    assert t["Image Orientation"].values == [1]
    assert tag(t, "EXIF DateTimeOriginal") == "2025:12:15 17:02:33"
    assert tag(t, "EXIF DateTimeDigitized") == "2025:12:15 17:02:33"
    assert tag(t, "EXIF OffsetTime") == "+08:00"
    assert tag(t, "EXIF OffsetTimeOriginal") == "+08:00"
    assert tag(t, "EXIF OffsetTimeDigitized") == "+08:00"
    assert tag(t, "EXIF SubSecTimeOriginal") == "412"
    assert tag(t, "EXIF BodySerialNumber") == "8F3K21A0"
    assert gps_degrees(t, "Latitude") == pytest.approx(30.290521, abs=1e-5)
    assert gps_degrees(t, "Longitude") == pytest.approx(119.998612, abs=1e-5)
    assert tag(t, "GPS GPSDate") == "2025:12:15"  # UTC date
    assert [float(v.num) / float(v.den) for v in t["GPS GPSTimeStamp"].values] == [9, 2, 33]
    assert t["JPEGThumbnail"][:2] == b"\xff\xd8"  # IFD1 thumbnail, like a camera

    with Image.open(p) as im:
        assert im.format == "JPEG"
        assert im.size == SMALL
        ex = im.getexif()
        assert ex[g.TAG_MAKE] == "Xiaomi"
        assert ex.get_ifd(g.TAG_EXIF_IFD)[g.TAG_DATETIME_ORIGINAL] == "2025:12:15 17:02:33"
        assert ex.get_ifd(g.TAG_GPS_IFD)[1] == "N"
        im.load()


def test_camera_jpeg_southern_western_gps_and_no_offset(tmp_path: Path) -> None:
    p = g.camera_jpeg(tmp_path / "a.jpg", size=SMALL, offset=None, gps=(-33.8568, -151.2153))
    t = read_exifread(p)
    assert gps_degrees(t, "Latitude") == pytest.approx(-33.8568, abs=1e-5)
    assert gps_degrees(t, "Longitude") == pytest.approx(-151.2153, abs=1e-5)
    assert not any(k.startswith("EXIF OffsetTime") for k in t)
    assert tag(t, "EXIF DateTimeOriginal") == "2025:12:15 17:02:33"


def test_camera_jpeg_without_time_tags(tmp_path: Path) -> None:
    p = g.camera_jpeg(tmp_path / "a.jpg", size=SMALL, taken=None, offset=None, thumbnail=False)
    t = read_exifread(p)
    assert tag(t, "Image Make") == "Xiaomi"
    assert "EXIF DateTimeOriginal" not in t and "Image DateTime" not in t
    assert "JPEGThumbnail" not in t


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_orientation_stored_like_a_sensor(tmp_path: Path, orientation: int) -> None:
    p = g.camera_jpeg(tmp_path / "o.jpg", size=(400, 300), orientation=orientation)
    assert read_exifread(p)["Image Orientation"].values == [orientation]
    with Image.open(p) as im:
        assert im.size == (400, 300)
        upright = ImageOps.exif_transpose(im)
    expected = (300, 400) if orientation in (6, 8) else (400, 300)
    assert upright.size == expected
    # the upright picture is the same content whatever the orientation: the suitcase
    # handle (dark) is near the top edge, the floor (brown, bright red channel) at the bottom
    reference = g.render_photo(expected, seed=0)
    diff = sum(
        abs(a - b)
        for a, b in zip(
            upright.convert("L").resize((40, 40)).tobytes(),
            reference.convert("L").resize((40, 40)).tobytes(),
            strict=True,
        )
    )
    assert diff / 1600 < 12


def test_invalid_orientation_value_is_written_verbatim(tmp_path: Path) -> None:
    p = g.camera_jpeg(tmp_path / "o.jpg", size=SMALL, orientation=0)
    assert read_exifread(p)["Image Orientation"].values == [0]


def test_no_exif_at_all(tmp_path: Path) -> None:
    p = g.camera_jpeg(tmp_path / "x.jpg", size=SMALL, exif=False)
    assert read_exifread(p) == {}
    with Image.open(p) as im:
        assert "exif" not in im.info
        assert len(im.getexif()) == 0


@pytest.mark.parametrize("scene", ["product", "closeup", "parcel", "carton"])
def test_scenes_render_and_look_like_photos(tmp_path: Path, scene: g.Scene) -> None:
    p = g.camera_jpeg(tmp_path / f"{scene}.jpg", size=SMALL, scene=scene, text="2025/12/15 17:02")
    with Image.open(p) as im:
        im.load()
        lo, hi = im.convert("L").getextrema()
        colors = im.getcolors(maxcolors=1_000_000)
    assert isinstance(lo, int) and isinstance(hi, int)
    assert hi - lo > 120  # real contrast
    assert colors is not None and len(colors) > 5000  # noisy, not flat synthetic fills


def test_parcel_label_is_a_real_code128_of_the_waybill(tmp_path: Path) -> None:
    """At phone-photo size the waybill's barcode decodes (blur, grain, JPEG and all)."""
    for waybill in (g.DEFAULT_WAYBILL, "SF9876543210987"):
        p = g.camera_jpeg(
            tmp_path / f"{waybill}.jpg", size=(1440, 1080), scene="parcel", seed=8, waybill=waybill
        )
        facts = extract_pixels(str(p), "image/jpeg", Category.PARCEL, 10**9, False)
        assert facts.barcodes == (("Code128", waybill),)
        assert facts.barcode_pass == "fast"
    bars = g.code128_modules(g.DEFAULT_WAYBILL)
    # whole modules of at least 3 px: the label's barcode box is ~94% of a 0.62 x 0.6 w label
    assert (1440 * 0.6 * 0.62 * 0.94) // (bars.width + 2 * g.CODE128_QUIET) >= 3


def test_carton_scene_shows_no_label(tmp_path: Path) -> None:
    p = g.camera_jpeg(tmp_path / "c.jpg", size=(1440, 1080), scene="carton", seed=9)
    facts = extract_pixels(str(p), "image/jpeg", Category.PARCEL, 10**9, False)
    assert facts.error == "" and facts.barcodes == ()


# ----------------------------------------------------------------------------- edge cases


def test_edited_photo(tmp_path: Path) -> None:
    p = g.edited_photo(tmp_path / "e.jpg", size=SMALL, taken="2025-12-15 17:06:40")
    t = read_exifread(p)
    assert tag(t, "Image Software") == "Adobe Photoshop 25.0 (Windows)"
    modified = datetime.strptime(tag(t, "Image DateTime"), "%Y:%m:%d %H:%M:%S")
    original = datetime.strptime(tag(t, "EXIF DateTimeOriginal"), "%Y:%m:%d %H:%M:%S")
    assert original == datetime(2025, 12, 15, 17, 6, 40)
    assert timedelta(days=1) <= modified - original < timedelta(days=2)


def test_messenger_photo_is_stripped_and_named_like_wechat(tmp_path: Path) -> None:
    p = g.messenger_photo(tmp_path, sent="2025-12-15 17:22:33", size=SMALL)
    assert p.name == "mmexport1765790553123.jpg"
    assert read_exifread(p) == {}
    assert os.stat(p).st_mtime == 1765790553
    assert g.wechat_name("2025-12-15 17:22:33", millis=0) == "mmexport1765790553000.jpg"


def test_corrupt_file_is_a_truncated_jpeg(tmp_path: Path) -> None:
    whole = g.camera_jpeg(tmp_path / "whole.jpg", size=SMALL, seed=3)
    cut = g.corrupt_file(tmp_path / "cut.jpg", size=SMALL, seed=3)
    data = cut.read_bytes()
    assert data[:2] == b"\xff\xd8"
    assert len(data) == int(whole.stat().st_size * 0.6)
    assert whole.read_bytes().startswith(data)
    with Image.open(cut) as im, pytest.raises(OSError):
        im.load()


def test_lying_extension(tmp_path: Path) -> None:
    p = g.lying_extension(tmp_path / "IMG_0001.heic", size=SMALL)
    assert p.suffix == ".heic"
    assert p.read_bytes()[:3] == b"\xff\xd8\xff"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["IMG_0001.heic"]
    with Image.open(p) as im:
        assert im.format == "JPEG"


def test_ds_store(tmp_path: Path) -> None:
    p = g.ds_store(tmp_path / ".DS_Store")
    assert p.read_bytes()[4:8] == b"Bud1"
    assert p.stat().st_size == 6148


def test_set_mtime_uses_the_offset(tmp_path: Path) -> None:
    p = tmp_path / "f"
    p.write_bytes(b"x")
    g.set_mtime(p, "2025-12-15 17:02:33", "+08:00")
    assert p.stat().st_mtime == datetime.fromisoformat("2025-12-15T09:02:33+00:00").timestamp()


# ----------------------------------------------------------------------------- HEIC

needs_heif = pytest.mark.skipif(not g.heif_supported(), reason="no HEIF encoder")


@needs_heif
def test_heic_carries_exif(tmp_path: Path) -> None:
    p = g.heic(tmp_path / "IMG_4821.HEIC", size=SMALL, taken="2025-12-15 17:08:19", subsec="604")
    assert p is not None
    assert p.read_bytes()[4:12] == b"ftypheic"
    t = read_exifread(p)  # works because heic() flattens libheif's iloc base offsets
    assert tag(t, "Image Make") == "Apple"
    assert tag(t, "EXIF DateTimeOriginal") == "2025:12:15 17:08:19"
    assert tag(t, "EXIF OffsetTimeOriginal") == "+08:00"
    with Image.open(p) as im:
        assert im.format == "HEIF"
        assert im.size == SMALL
        ex = im.getexif()
        assert ex[g.TAG_MAKE] == "Apple"
        assert ex[g.TAG_MODEL] == "iPhone 14 Pro"
        sub = ex.get_ifd(g.TAG_EXIF_IFD)
        assert sub[g.TAG_DATETIME_ORIGINAL] == "2025:12:15 17:08:19"
        assert sub[g.TAG_OFFSET_TIME_ORIGINAL] == "+08:00"
        assert sub[g.TAG_SUBSEC_TIME_ORIGINAL] == "604"
        im.load()


@needs_heif
def test_heic_libheif_layout_is_valid_but_defeats_exifread(tmp_path: Path) -> None:
    p = g.heic(tmp_path / "raw.heic", size=SMALL, flat_iloc=False)
    assert p is not None
    with p.open("rb") as fh, pytest.raises(AssertionError):
        exifread.process_file(fh, details=False)  # exifread 3.5 ignores iloc base_offset
    with Image.open(p) as im:
        assert im.getexif()[g.TAG_MAKE] == "Apple"
        im.load()
    flat = g.flatten_iloc(p.read_bytes())
    assert len(flat) == p.stat().st_size and flat != p.read_bytes()
    assert g.flatten_iloc(flat) == flat  # idempotent


@needs_heif
def test_heic_is_deterministic(tmp_path: Path) -> None:
    a = g.heic(tmp_path / "a.heic", size=SMALL, seed=2)
    b = g.heic(tmp_path / "b.heic", size=SMALL, seed=2)
    assert a is not None and b is not None
    assert a.read_bytes() == b.read_bytes()


# ----------------------------------------------------------------------------- screenshots


@pytest.mark.parametrize("kind", ["chat", "listing", "order"])
def test_screenshot_png(tmp_path: Path, kind: g.ScreenKind) -> None:
    p = g.screenshot_png(tmp_path / f"{kind}.png", kind=kind)
    assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(p) as im:
        assert im.format == "PNG"
        assert im.size == (1080, 2400)
        assert len(im.getexif()) == 0  # phone screenshots carry no EXIF
        assert "Creation Time" not in im.info
        im.load()
        assert len(im.getcolors(maxcolors=1_000_000) or []) > 50  # antialiased CJK text


def test_long_screenshot_and_creation_time(tmp_path: Path) -> None:
    p = g.screenshot_png(
        tmp_path / "long.png", kind="listing", long=True, creation_time="2025:12:16 09:41:27"
    )
    with Image.open(p) as im:
        assert im.size == (1080, 6000)
        assert im.info["Creation Time"] == "2025:12:16 09:41:27"


def test_chat_lines_change_the_picture(tmp_path: Path) -> None:
    a = g.screenshot_png(tmp_path / "a.png", lines=["me:你好"])
    b = g.screenshot_png(tmp_path / "b.png", lines=["me:你好", "them:在的"])
    assert a.read_bytes() != b.read_bytes()


def test_font_is_found() -> None:
    assert (g.font_dir() / "NotoSansSC_400Regular.ttf").is_file()
    assert g.font(20).getlength("订单号") > 0


# ----------------------------------------------------------------------------- determinism


def test_generators_are_deterministic(tmp_path: Path) -> None:
    for run in ("a", "b"):
        g.camera_jpeg(tmp_path / run / "p.jpg", size=SMALL, gps=(30.0, 120.0), seed=5)
        g.camera_jpeg(tmp_path / run / "w.jpg", size=SMALL, scene="parcel", seed=5)
        g.screenshot_png(tmp_path / run / "c.png", size=(540, 1200))
    for name in ("p.jpg", "w.jpg", "c.png"):
        assert sha(tmp_path / "a" / name) == sha(tmp_path / "b" / name)
    other = g.camera_jpeg(tmp_path / "other.jpg", size=SMALL, gps=(30.0, 120.0), seed=6)
    assert sha(other) != sha(tmp_path / "a" / "p.jpg")


# ----------------------------------------------------------------------------- sample case


def load_sample_module() -> ModuleType:
    path = REPO / "samples" / "make_sample.py"
    spec = importlib.util.spec_from_file_location("make_sample", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_sample"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def sample_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, Path, Path]:
    mod = load_sample_module()
    a = tmp_path_factory.mktemp("sample_a")
    b = tmp_path_factory.mktemp("sample_b")
    mod.build(a)
    mod.build(b)
    return mod, a, b


def tree(root: Path) -> dict[str, tuple[str, float]]:
    return {
        p.relative_to(root).as_posix(): (sha(p), p.stat().st_mtime)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_sample_is_byte_identical_across_runs(sample_builds: tuple[ModuleType, Path, Path]) -> None:
    _, a, b = sample_builds
    assert tree(a) == tree(b)


def test_sample_case_toml(sample_builds: tuple[ModuleType, Path, Path]) -> None:
    mod, root, _ = sample_builds
    data = tomllib.loads((root / "case.toml").read_text(encoding="utf-8"))
    case = data["case"]
    assert case["platform"] == "1688"
    assert case["order_id"] == "3891234567890123"
    assert case["buyer_type"] == "business"
    assert case["claim"] == "quality"
    assert case["refund_type"] == "return_refund"
    assert case["amount"] == "1280.00" and case["currency"] == "CNY"
    assert case["timezone"] == "Asia/Shanghai"
    assert len(case["statement"]) > 100
    # issue 15's case model: 5 of 8 suitcases defective, the platform's text kept apart
    assert (case["quantity"], case["defective_quantity"]) == (8, 5)
    assert "claimed_amount" not in case  # defaults to 1280.00 x 5/8
    assert "介入" in case["statement_platform"] and "介入" not in case["statement"]
    kinds = [e["kind"] for e in data["event"]]
    for k in ("ordered", "paid", "shipped", "signed", "complained", "refund_requested"):
        assert k in kinds
    assert "seller_refused" in kinds
    shipped = next(e for e in data["event"] if e["kind"] == "shipped")
    assert shipped["tracking"] == "SF1234567890123" and shipped["carrier"] == "SF"
    signed = next(e for e in data["event"] if e["kind"] == "signed")
    assert signed["at"] == "2025-12-15 16:30"

    listed = {f["path"] for f in data["file"]}
    on_disk = {k for k in tree(root) if k != "case.toml" and not k.endswith(".DS_Store")}
    assert listed == on_disk
    for f in data["file"]:
        assert f["caption"] and f["category"] == f["path"].split("/")[0]
        assert f["exclude"] is False
    assert (root / "product" / ".DS_Store").is_file()


def test_sample_files_trigger_what_they_should(
    sample_builds: tuple[ModuleType, Path, Path],
) -> None:
    _, root, _ = sample_builds
    product = root / "product"
    # duplicate
    assert sha(product / "IMG_20251215_170233.jpg") == sha(product / "IMG_20251215_170233(1).jpg")
    # privacy: GPS
    assert "GPS GPSLatitude" in read_exifread(product / "IMG_20251215_171020.jpg")
    # edited
    edited = read_exifread(product / "IMG_20251215_170640.jpg")
    assert tag(edited, "Image Software").startswith("Adobe Photoshop")
    # stripped
    assert read_exifread(product / "mmexport1765790553123.jpg") == {}
    # timeline: parcel photo captured before delivery
    early = read_exifread(root / "parcel" / "IMG_20251214_110205.jpg")
    assert tag(early, "EXIF DateTimeOriginal") < "2025:12:15 16:30:00"

    # the parcel photo after delivery carries the shipped waybill as a decodable Code 128;
    # the pre-delivery photo is a different carton (not a near-duplicate) with no label in view
    def parcel(name: str) -> PixelFacts:
        return extract_pixels(
            str(root / "parcel" / name), "image/jpeg", Category.PARCEL, 10**9, False
        )

    late = parcel("IMG_20251215_163812.jpg")
    assert late.barcodes == (("Code128", "SF1234567890123"),)
    before = parcel("IMG_20251214_110205.jpg")
    assert before.barcodes == ()
    assert perceptual.distance(late.dhash, before.dhash) > NEAR_DUP_DHASH
    assert perceptual.distance(late.phash, before.phash) > NEAR_DUP_PHASH
    # good photos carry an offset
    good = read_exifread(product / "IMG_20251215_170233.jpg")
    assert tag(good, "EXIF OffsetTimeOriginal") == "+08:00"
    # long screenshot
    long = root / "listing" / "Screenshot_2025-12-16-09-41-27-508_com.alibaba.wireless.png"
    with Image.open(long) as im:
        assert im.size == (1080, 6000)
    # mtimes follow the capture time (Asia/Shanghai)
    assert (product / "IMG_20251215_170233.jpg").stat().st_mtime == g.epoch("2025-12-15 17:02:33")


def test_sample_size_fits_in_the_repo(sample_builds: tuple[ModuleType, Path, Path]) -> None:
    _, root, _ = sample_builds
    assert sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) < 3_000_000


def test_committed_sample_audit_shows_what_each_file_is_for() -> None:
    """The committed sample demonstrates EK400 and EK302, and EK450 only where intended."""
    root = REPO / "samples" / "1688-quality-case"
    if not (root / "case.toml").is_file():
        pytest.skip("sample not generated")
    result = run_audit(AuditOptions(case_dir=root, now=datetime(2025, 12, 20, 2, 0, tzinfo=UTC)))
    codes = {it.path: {f.code for f in it.findings} for it in result.items}
    for f in result.all_findings():
        if f.path is not None:
            codes.setdefault(f.path, set()).add(f.code)
    after, before = "parcel/IMG_20251215_163812.jpg", "parcel/IMG_20251214_110205.jpg"
    assert "EK400" in codes[after] and not {"EK401", "EK402", "EK450"} & codes[after]
    assert "EK302" in codes[before] and not {"EK400", "EK401", "EK402", "EK450"} & codes[before]
    ek400 = next(f for f in result.all_findings() if f.code == "EK400")
    assert ek400.path == after and "SF1234567890123" in ek400.message
    near = {p for p, c in codes.items() if "EK450" in c}
    assert near == {
        "product/IMG_20251215_170233.jpg",
        "product/IMG_20251215_170233(1).jpg",
        "product/mmexport1765790553123.jpg",
    }
    assert not any(f.code == "EK402" for f in result.all_findings())


def test_committed_sample_matches_case_toml() -> None:
    root = REPO / "samples" / "1688-quality-case"
    if not (root / "case.toml").is_file():
        pytest.skip("sample not generated")
    data = tomllib.loads((root / "case.toml").read_text(encoding="utf-8"))
    heif = g.heif_supported()  # also registers the HEIF opener
    for f in data["file"]:
        assert (root / f["path"]).is_file(), f["path"]
        if f["path"].lower().endswith(".heic") and not heif:
            continue
        with Image.open(io.BytesIO((root / f["path"]).read_bytes())) as im:
            im.load()


def test_committed_sample_claims_five_of_eight() -> None:
    """The loader accepts the sample's case model, and it claims ¥800.00 of ¥1280.00 (issue 15)."""
    from decimal import Decimal

    from evidencekit.case.load import load_case
    from evidencekit.rules.amounts import claimed_amount, units

    root = REPO / "samples" / "1688-quality-case"
    if not (root / "case.toml").is_file():
        pytest.skip("sample not generated")
    case = load_case(root)
    assert units(case).partial and (case.quantity, case.defective_quantity) == (8, 5)
    assert claimed_amount(case) == Decimal("800.00") and case.amount == "1280.00"
    assert case.statement_platform and not case.warnings
