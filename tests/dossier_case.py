"""A small hand-made case and its AuditResult, for dossier tests (no pipeline needed)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw

from evidencekit.models import (
    AuditResult,
    CaptureTime,
    Case,
    Category,
    Confidence,
    Event,
    EvidenceItem,
    ExifState,
    Finding,
    ImageMeta,
    Severity,
    SourceFile,
)

STATEMENT = """2025年12月12日在1688下单购买不锈钢保温杯100个，货款1280元。

12月15日签收后开箱发现多个杯体有明显划痕和凹陷，与商品页面“全新一等品”的描述不符。
卖家在旺旺上拒绝退款。"""


def _upright_marker(size: tuple[int, int]) -> Image.Image:
    """Grey picture with a red block at the top-left corner (to check orientation)."""
    im = Image.new("RGB", size, (200, 200, 200))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, size[0] // 4, size[1] // 4), fill=(220, 0, 0))
    d.rectangle((size[0] // 2, size[1] // 2, size[0] - 20, size[1] - 20), fill=(0, 0, 180))
    return im


def _exif(orientation: int | None = None, dto: str | None = None, gps: bool = False) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Xiaomi"
    exif[0x0110] = "Redmi Note 12"
    if orientation:
        exif[0x0112] = orientation
    if dto:
        exif.get_ifd(0x8769)[0x9003] = dto
    if gps:
        g = exif.get_ifd(0x8825)
        g[1], g[2], g[3], g[4] = "N", (31.0, 14.0, 0.0), "E", (121.0, 28.0, 0.0)
    return exif.tobytes()


def write_files(root: Path) -> None:
    (root / "product").mkdir(parents=True)
    (root / "listing").mkdir()
    (root / "chat").mkdir()
    (root / "other").mkdir()
    # JPEG stored sideways with orientation 6 (rotate 90° clockwise to view), EXIF with GPS
    upright = _upright_marker((480, 320))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # counter-clockwise
    stored.save(
        root / "product/破损特写.jpg",
        "JPEG",
        quality=88,
        exif=_exif(6, "2025:12:15 17:02:33", gps=True),
    )
    # JPEG without any metadata: must be embedded byte for byte
    _upright_marker((640, 480)).save(root / "product/overview.jpg", "JPEG", quality=85)
    # PNG with alpha
    rgba = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    d = ImageDraw.Draw(rgba)
    d.rectangle((100, 100, 700, 500), fill=(30, 120, 30, 255))
    rgba.save(root / "listing/商品页面.png")
    # long phone screenshot
    long = Image.new("RGB", (1080, 6000), (245, 245, 245))
    d = ImageDraw.Draw(long)
    for y in range(0, 6000, 120):
        d.rectangle((40, y + 20, 700 if (y // 120) % 2 else 1040, y + 100), fill=(255, 255, 255))
        d.text((60, y + 50), f"message {y // 120:03d}", fill=(0, 0, 0))
    long.save(root / "chat/wangwang_long.png")
    (root / "other/notes.txt").write_text("order notes\n", encoding="utf-8")
    (root / "other/broken.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage")
    (root / "case.toml").write_text('[case]\norder_id = "3391-2025-88"\n', encoding="utf-8")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _item(
    root: Path,
    rel: str,
    media: str,
    cat: Category,
    meta: ImageMeta,
    capture: CaptureTime | None = None,
    caption: str = "",
    findings: tuple[Finding, ...] = (),
) -> EvidenceItem:
    p = root / rel
    src = SourceFile(
        path=rel,
        size=p.stat().st_size,
        mtime=0.0,
        media_type=media,
        category=cat,
        category_source="folder",
        is_image=media.startswith("image/"),
    )
    kw = {"capture": capture} if capture else {}
    return EvidenceItem(src, _sha(p), meta, caption=caption, findings=findings, **kw)


def make_case(root: Path) -> AuditResult:
    """Write the files under ``root`` and return a matching AuditResult."""
    write_files(root)
    ct = CaptureTime
    items = (
        _item(
            root,
            "product/破损特写.jpg",
            "image/jpeg",
            Category.PRODUCT,
            ImageMeta(ExifState.OK, "JPEG", 480, 320, 6, "Xiaomi", "Redmi Note 12"),
            ct(
                datetime(2025, 12, 15, 17, 2, 33),
                480,
                "exif:DateTimeOriginal",
                Confidence.HIGH,
                offset_assumed=True,
            ),
            "杯体划痕与凹陷特写",
            (
                Finding(
                    "EK301",
                    Severity.WARNING,
                    "照片含 GPS 位置信息",
                    "构建时已去除",
                    "product/破损特写.jpg",
                ),
            ),
        ),
        _item(
            root,
            "product/overview.jpg",
            "image/jpeg",
            Category.PRODUCT,
            ImageMeta(ExifState.NONE, "JPEG", 640, 480),
            ct(datetime(2025, 12, 15, 16, 50), 480, "mtime", Confidence.LOW),
            "Whole shipment as received",
        ),
        _item(
            root,
            "listing/商品页面.png",
            "image/png",
            Category.LISTING,
            ImageMeta(ExifState.NONE, "PNG", 800, 600),
            ct(datetime(2025, 12, 12, 9, 30), 480, "filename:miui", Confidence.MEDIUM),
            "商品页面：全新一等品",
        ),
        _item(
            root,
            "chat/wangwang_long.png",
            "image/png",
            Category.CHAT,
            ImageMeta(ExifState.NONE, "PNG", 1080, 6000),
            caption="旺旺聊天记录：卖家拒绝退款",
        ),
        _item(root, "other/notes.txt", "text/plain", Category.OTHER, ImageMeta(ExifState.NONE)),
        _item(
            root,
            "other/broken.jpg",
            "image/jpeg",
            Category.OTHER,
            ImageMeta(ExifState.UNREADABLE, error="truncated"),
            findings=(
                Finding(
                    "EK002",
                    Severity.ERROR,
                    "other/broken.jpg cannot be opened",
                    "copy it again",
                    "other/broken.jpg",
                    "other/broken.jpg 无法打开",
                    "重新复制一次",
                ),
            ),
        ),
    )
    case = Case(
        platform="1688",
        order_id="3391-2025-88",
        buyer="张三",
        seller="义乌某某日用品有限公司",
        buyer_type="business",
        claim="quality",
        refund_type="return_refund",
        amount="1280.00",
        statement=STATEMENT,
        events=(
            Event("ordered", datetime(2025, 12, 12, 9, 41), 480, False),
            Event("shipped", datetime(2025, 12, 13, 18, 5), 480, False, "SF1234567890123", "SF"),
            Event("delivered", datetime(2025, 12, 15, 16, 30), 480, False),
            Event("refund_requested", datetime(2025, 12, 16, 10, 0), 480, False),
            Event(
                "seller_refused", datetime(2025, 12, 17, 11, 20), 480, False, note="称属于正常瑕疵"
            ),
        ),
        has_file=True,
    )
    findings = (
        Finding(
            "EK501", Severity.INFO, "No unboxing video in the case folder", "film the next parcel"
        ),
    )
    return AuditResult(root.name, case, items, findings)
