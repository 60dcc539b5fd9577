"""Whole case folders for profile tests and benchmarks: 40 photos and 20 long screenshots.

Deterministic (see imagegen). ``big`` of the photos are realistic 4000x3000 camera JPEGs and
``big_screens`` of the screenshots are real 1080x6000 scrolling captures; the rest are
smaller so the default test run stays quick while still exercising every code path.
"""

from __future__ import annotations

from pathlib import Path

from evidencekit.audit.pipeline import extract_one
from evidencekit.case.load import load_case
from evidencekit.case.scan import scan
from evidencekit.models import AuditResult, EvidenceItem
from evidencekit.options import DEFAULT_MAX_PIXELS
from evidencekit.testing.imagegen import camera_jpeg, screenshot_png

ORDER_ID = "3891234567890123"
CHAT = [
    "time:12月15日 17:20",
    "me:收到货了，箱子侧面有很深的划痕，还有一个凹陷",
    "them:亲，运输过程难免的哦",
    "me:页面写的是出厂全检无划痕，我要求退货退款",
    "them:这个属于正常瑕疵，不支持退款",
    "me:[图片]",
    "me:请看照片，划痕有 5 厘米长，不是正常瑕疵",
    "them:那你申请售后吧",
] * 3


def make_profile_case(
    root: Path,
    *,
    photos: int = 40,
    screens: int = 20,
    big: int = 2,
    big_screens: int = 20,
    photo_size: tuple[int, int] = (1600, 1200),
    screen_size: tuple[int, int] = (1080, 2400),
) -> Path:
    """Write the case under ``root`` (created) and return it."""
    root.mkdir(parents=True, exist_ok=True)
    scenes = ("product", "closeup", "parcel")
    for i in range(photos):
        scene = scenes[i % 3]
        folder = "parcel" if scene == "parcel" else "product"
        camera_jpeg(
            root / folder / f"IMG_20251215_17{i // 60:02d}{i % 60:02d}.jpg",
            size=(4000, 3000) if i < big else photo_size,
            taken=f"2025-12-15 17:{i // 60:02d}:{i % 60:02d}",
            scene=scene,  # type: ignore[arg-type]
            seed=i,
            quality=90 if i < big else 85,
        )
    for i in range(screens):
        kind = "chat" if i % 2 == 0 else "listing"
        screenshot_png(
            root / kind / f"Screenshot_2025-12-16-10-{i:02d}-00.png",
            kind=kind,  # type: ignore[arg-type]
            lines=CHAT if kind == "chat" else None,
            when=f"2025-12-16 10:{i:02d}",
            long=i < big_screens,
            size=(1080, 2400) if i < big_screens else screen_size,
        )
    (root / "case.toml").write_text(
        "[case]\n"
        'platform = "1688"\n'
        f'order_id = "{ORDER_ID}"\n'
        'claim = "quality"\n'
        'refund_type = "return_refund"\n'
        'buyer_type = "business"\n'
        'amount = "1280.00"\n'
        'statement = "收到的20寸铝框拉杆箱有划痕和凹陷，与页面描述不符。"\n',
        encoding="utf-8",
    )
    return root


def quick_audit(root: Path) -> AuditResult:
    """An AuditResult for ``root`` from the scan and metadata stages only (no pixel checks).

    Profile tests and benchmarks measure fitting, not the audit; the full pipeline's pixel
    stage (OCR) would dominate their runtime.
    """
    case = load_case(root)
    items = []
    for sf, abs_path in scan(root, case).files:
        digest, meta = extract_one(abs_path, sf.media_type, sf.is_image, DEFAULT_MAX_PIXELS)
        items.append(EvidenceItem(sf, digest, meta))
    return AuditResult(root.name, case, tuple(items), ())
