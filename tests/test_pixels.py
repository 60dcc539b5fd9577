"""Barcodes, perceptual hashes and the pixel findings (EK400-EK469).

Barcode recall is measured on zxing's own black-box test images (zxing/zxing @7f12980,
core/src/test/resources/blackbox/, Apache-2.0), read from ../shared/corpus/zxing.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from evidencekit.audit import barcodes, perceptual
from evidencekit.audit.pipeline import run_audit
from evidencekit.audit.pixels import extract_pixels
from evidencekit.models import Category
from evidencekit.options import AuditOptions
from evidencekit.testing import imagegen as g

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
BLACKBOX = CORPUS / "zxing" / "core" / "src" / "test" / "resources" / "blackbox"

# Measured recall (found/total) with the fast -> full -> rotation strategy (docs/pixels.md);
# the floors leave a little margin for zxing-cpp version changes.
RECALL_FLOOR = {
    "code128-1": 1.0,  # 7/7
    "code128-3": 1.0,  # 2/2
    "ean13-2": 0.55,  # 17/28 = 0.61
    "qrcode-2": 0.85,  # 32/35 = 0.91
    "qrcode-5": 1.0,  # 19/19
}


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def _images(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".png", ".jpg", ".jpeg"})


@pytest.fixture(scope="module")
def blackbox() -> Path:
    if not BLACKBOX.is_dir():
        pytest.skip("../shared/corpus/zxing is absent")
    return BLACKBOX


def _decode_file(path: Path) -> tuple[tuple[str, str], ...]:
    facts = extract_pixels(str(path), "image/png", Category.PARCEL, 10**9, False)
    assert facts.error == "", facts.error
    assert facts.barcode_pass in {"fast", "full", "rotated", "none"}
    return facts.barcodes


@pytest.mark.parametrize("folder", sorted(RECALL_FLOOR))
def test_barcode_recall_per_format(blackbox: Path, folder: str) -> None:
    found = 0
    images = _images(blackbox / folder)
    for img in images:
        want = _norm(img.with_suffix(".txt").read_text(encoding="utf-8"))
        if any(_norm(text) == want for _, text in _decode_file(img)):
            found += 1
    recall = found / len(images)
    print(f"{folder}: {found}/{len(images)} = {recall:.2f}")
    assert recall >= RECALL_FLOOR[folder]


def test_no_barcode_false_positives(blackbox: Path) -> None:
    images = _images(blackbox / "falsepositives-2")
    assert len(images) == 25
    fp = {img.name: hits for img in images if (hits := _decode_file(img))}
    assert fp == {}


def _label_photo(text: str, angle: float = 0.0, fmt: str = "Code128") -> Image.Image:
    """A waybill-ish label (a real symbol plus some text) on a wooden-floor photo."""
    photo = g.render_photo((1600, 1200), scene="product", seed=3)
    label = Image.new("L", (700, 420), 250)
    sym = barcodes.render(fmt, text, scale=3)
    label.paste(sym.resize((620, 180)), (40, 30))
    ImageDraw.Draw(label).text((40, 240), text, fill=20, font=g.font(40))
    label = label.rotate(angle, expand=True, fillcolor=250) if angle else label
    photo.paste(label.convert("RGB"), (450, 380))
    return photo.filter(ImageFilter.GaussianBlur(0.6))


@pytest.mark.parametrize("angle", [0, 20, 40])
def test_label_decodes_upright_and_askew(tmp_path: Path, angle: int) -> None:
    p = tmp_path / "label.jpg"
    _label_photo("SF1234567890123", angle).save(p, quality=85)
    facts = extract_pixels(str(p), "image/jpeg", Category.PARCEL, 10**9, False)
    assert ("Code128", "SF1234567890123") in facts.barcodes


def test_corrupt_and_huge_images_never_raise(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    assert extract_pixels(str(bad), "image/jpeg", Category.PARCEL, 10**9, True).error
    big = tmp_path / "big.png"
    Image.new("L", (3000, 3000), 255).save(big)
    facts = extract_pixels(str(big), "image/png", Category.PARCEL, 1_000_000, True)
    assert facts.error == "too many pixels" and facts.barcodes == ()
    assert extract_pixels(str(tmp_path / "missing.jpg"), "", "parcel", 10**9, True).error


# --------------------------------------------------------------------------- near-duplicates


def _jpeg(img: Image.Image, path: Path, size: tuple[int, int] | None = None, q: int = 85) -> Path:
    (img.resize(size, Image.Resampling.LANCZOS) if size else img).save(path, quality=q)
    return path


def _hashes(path: Path, category: str = "product") -> tuple[str, str]:
    f = extract_pixels(str(path), "", category, 10**9, False)
    return f.dhash, f.phash


def test_near_duplicate_hashes(tmp_path: Path) -> None:
    photo = g.render_photo((1600, 1200), scene="product", seed=1)
    a = _hashes(_jpeg(photo, tmp_path / "a.jpg"))
    copy = _hashes(_jpeg(photo, tmp_path / "copy.jpg", (800, 600), q=60))  # resized, re-saved
    buf = io.BytesIO()  # a PNG "screenshot" of the photo, same framing
    photo.resize((1080, 810)).save(buf, "PNG")
    (tmp_path / "shot.png").write_bytes(buf.getvalue())
    shot = _hashes(tmp_path / "shot.png")
    other = _hashes(_jpeg(g.render_photo((1600, 1200), scene="parcel", seed=2), tmp_path / "o.jpg"))
    for near in (copy, shot):
        assert perceptual.distance(a[0], near[0]) <= 6
        assert perceptual.distance(a[1], near[1]) <= 6
    assert perceptual.distance(a[1], other[1]) > 16


def test_phash_matches_definition_on_flat_image() -> None:
    flat = Image.new("L", (64, 64), 128)
    assert perceptual.phash(flat) == perceptual.phash(flat.resize((40, 40)))
    assert perceptual.distance("ffff", "0000") == 16
    assert perceptual.distance("", "0000") == perceptual.HASH_BITS


def _case(tmp_path: Path, toml: str) -> Path:
    root = tmp_path / "case"
    for d in ("product", "listing", "parcel"):
        (root / d).mkdir(parents=True, exist_ok=True)
    (root / "case.toml").write_text(toml, encoding="utf-8")
    return root


CASE_TOML = """
[case]
platform = "1688"
order_id = "3891234567890123"

[[event]]
kind = "shipped"
at = "2025-12-12 15:40"
tracking = "{tracking}"
"""


def _codes(result, path: str) -> set[str]:  # type: ignore[no-untyped-def]
    item = next(it for it in result.items if it.path == path)
    return {f.code for f in item.findings}


@pytest.mark.parametrize(
    ("tracking", "code"), [("SF1234567890123", "EK400"), ("SF9999999999999", "EK401")]
)
def test_audit_compares_label_with_tracking(tmp_path: Path, tracking: str, code: str) -> None:
    root = _case(tmp_path, CASE_TOML.format(tracking=tracking))
    _label_photo("SF1234567890123").save(root / "parcel" / "label.jpg", quality=85)
    result = run_audit(AuditOptions(root, jobs=1))
    codes = _codes(result, "parcel/label.jpg")
    assert code in codes and "EK402" not in codes
    finding = next(f for it in result.items for f in it.findings if f.code == code)
    assert "SF1234567890123" in finding.message
    if code == "EK401":
        assert tracking in finding.message and finding.severity.value == "error"
    else:
        assert "shipped" in finding.message and finding.message_zh


def test_near_match_tracking_number_is_a_warning_naming_both(tmp_path: Path) -> None:
    """Issue 17: 15182881 read against a declared 15182881X is not EK400 but EK404."""
    from evidencekit.audit.checks.pixels import _matches, _near

    assert not _matches("15182881", "15182881X") and _near("15182881", "15182881X")
    assert _matches("1234567890123", "SF1234567890123")  # carrier prefix not encoded
    root = _case(tmp_path, CASE_TOML.format(tracking="15182881X"))
    _label_photo("15182881").save(root / "parcel" / "label.jpg", quality=85)
    result = run_audit(AuditOptions(root, jobs=1))
    codes = _codes(result, "parcel/label.jpg")
    assert "EK404" in codes and not codes & {"EK400", "EK401"}
    f = next(f for it in result.items for f in it.findings if f.code == "EK404")
    assert f.severity.value == "warning"
    assert (
        "reads 15182881," in f.message
        and "number 15182881X" in f.message
        and "15182881X" in f.message_zh
    )


def test_audit_flags_near_duplicate_and_listing_photo(tmp_path: Path) -> None:
    root = _case(tmp_path, CASE_TOML.format(tracking="SF1234567890123"))
    photo = g.render_photo((1200, 1200), scene="product", seed=7)
    _jpeg(photo, root / "product" / "IMG_1.jpg")
    _jpeg(photo, root / "product" / "IMG_1_small.jpg", (600, 600), q=55)
    _jpeg(g.render_photo((1600, 1200), scene="closeup", seed=8), root / "product" / "IMG_2.jpg")
    # A listing screenshot: status bar, the seller's picture at the top, text below.
    shot = Image.new("RGB", (1080, 2400), (244, 244, 244))
    shot.paste(photo.resize((1080, 1080)), (0, 170))
    ImageDraw.Draw(shot).text((40, 1300), "¥160.00 铝框拉杆箱", fill=(230, 60, 0), font=g.font(60))
    shot.save(root / "listing" / "Screenshot_2025-12-10-09-05-11.png")
    result = run_audit(AuditOptions(root, jobs=1))
    assert "EK450" in _codes(result, "product/IMG_1.jpg")
    assert "EK450" in _codes(result, "product/IMG_1_small.jpg")
    assert "EK451" in _codes(result, "product/IMG_1.jpg")
    assert not {"EK450", "EK451"} & _codes(result, "product/IMG_2.jpg")
