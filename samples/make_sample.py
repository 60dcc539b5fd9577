"""Generate the bundled sample case: a 1688 quality complaint by a business buyer.

    python samples/make_sample.py [OUTDIR]      # default: samples/1688-quality-case/

Every byte is a pure function of this script (fixed seeds, fixed times), and file mtimes are
set to the capture time as a phone copy would, so re-running reproduces the case exactly.
Each file is built to exercise one part of the audit; see ``SAMPLE`` below for what each
one is meant to trigger.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidencekit.testing import imagegen as g

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "1688-quality-case"

TZ = "+08:00"  # Asia/Shanghai, no DST
PHOTO = (1440, 1080)
XIAOMI = {"make": "Xiaomi", "model": "2211133C"}  # Xiaomi 13
WAYBILL = "SF1234567890123"
HANGZHOU_HOME = (30.290521, 119.998612)  # the buyer's warehouse: a privacy leak


@dataclass(frozen=True)
class SampleFile:
    path: str
    category: str
    caption: str
    expect: str
    """The finding (or absence of one) this file is meant to trigger."""
    mtime: str
    """Local time (Asia/Shanghai) the file's mtime is set to."""
    make: Callable[[Path], object]
    taken_at: str = ""
    """Declared capture time written to case.toml, when the file has no trustworthy one."""


def _camera(**kw: Any) -> Callable[[Path], object]:
    args: dict[str, Any] = {"size": PHOTO, "offset": TZ, **XIAOMI, **kw}
    return lambda p: g.camera_jpeg(p, **args)


def _copy_of(src: str) -> Callable[[Path], object]:
    def make(p: Path) -> None:
        p.write_bytes((p.parents[1] / src).read_bytes())

    return make


def _heic(p: Path) -> None:
    g.heic(
        p,
        size=(1280, 960),
        taken="2025-12-15 17:08:19",
        offset=TZ,
        subsec="604",
        seed=4,
        scene="closeup",
        quality=50,
    )


def _messenger(p: Path) -> None:
    made = g.messenger_photo(p.parent, sent="2025-12-15 17:22:33", millis=123, seed=5)
    assert made.name == p.name, (made.name, p.name)


CHAT_1 = [
    "time:12月15日 17:31",
    "me:你好，今天下午收到的8只20寸拉杆箱，开箱发现有3只铝框有明显划痕和凹陷",
    "me:[图片]",
    "me:[图片]",
    "time:12月16日 09:58",
    "them:亲，您好，我们发货前都是逐只检查过的哦",
    "them:这个可能是物流运输过程中造成的，您可以找快递理赔",
]

CHAT_2 = [
    "time:12月16日 10:06",
    "me:外箱完好没有破损，划痕在箱体铝框上，是出厂就有的",
    "me:我们是开店的，这样的货没法卖给客户，要求退货退款",
    "them:划痕不影响使用的哦，退货不支持",
    "them:可以给您每只补偿20元",
    "me:不接受，我这边直接申请退货退款了",
    "time:12月16日 10:15",
    "them:那您申请吧，我们会拒绝的",
]

SAMPLE: tuple[SampleFile, ...] = (
    SampleFile(
        "product/IMG_20251215_170233.jpg",
        "product",
        "到货开箱后整体照片：20寸铝框拉杆箱（8只之一），箱体下半部可见划痕与凹陷",
        "none: good camera photo (EXIF DateTimeOriginal + OffsetTime, after delivery)",
        "2025-12-15 17:02:33",
        _camera(taken="2025-12-15 17:02:33", subsec="412", seed=1, scene="product"),
    ),
    SampleFile(
        "product/IMG_20251215_170412.jpg",
        "product",
        "划痕特写（第1只）：铝框划痕长约9厘米，旁边放置直尺作比例参照",
        "none: good close-up",
        "2025-12-15 17:04:12",
        _camera(taken="2025-12-15 17:04:12", subsec="087", seed=2, scene="closeup"),
    ),
    SampleFile(
        "product/IMG_20251215_170458.jpg",
        "product",
        "凹陷特写（第2只）：铝框凹陷，直尺作比例参照",
        "none: good close-up",
        "2025-12-15 17:04:58",
        _camera(taken="2025-12-15 17:04:58", subsec="930", seed=3, scene="closeup"),
    ),
    SampleFile(
        "product/IMG_4821.HEIC",
        "product",
        "同事用iPhone拍摄的第3只箱子划痕特写",
        "none: HEIC from an iPhone (big-endian EXIF, OffsetTimeOriginal); needs HEIF support",
        "2025-12-15 17:08:19",
        _heic,
    ),
    SampleFile(
        "product/IMG_20251215_171020.jpg",
        "product",
        "8只箱子在仓库地面上的整体照片",
        "privacy: GPS position (the buyer's warehouse) embedded in EXIF",
        "2025-12-15 17:10:20",
        _camera(taken="2025-12-15 17:10:20", subsec="255", seed=6, gps=HANGZHOU_HOME),
    ),
    SampleFile(
        "product/IMG_20251215_170640.jpg",
        "product",
        "划痕特写（调亮后）",
        "edited: Software=Adobe Photoshop, DateTime (ModifyDate) a day after DateTimeOriginal",
        "2025-12-16 19:19:53",
        lambda p: g.edited_photo(
            p,
            size=PHOTO,
            taken="2025-12-15 17:06:40",
            modify_date="2025-12-16 19:19:53",
            offset=TZ,
            seed=7,
            scene="closeup",
            **XIAOMI,
        ),
    ),
    SampleFile(
        "product/mmexport1765790553123.jpg",
        "product",
        "同事通过微信转发的照片（第2只箱子侧面）",
        "stripped: no EXIF at all (WeChat re-encode); time only from the mmexport name",
        "2025-12-15 17:22:33",
        _messenger,
        taken_at="2025-12-15 17:20",
    ),
    SampleFile(
        "product/IMG_20251215_170233(1).jpg",
        "product",
        "整体照片（重复保存的副本）",
        "duplicate: byte-identical to product/IMG_20251215_170233.jpg",
        "2025-12-15 17:02:33",
        _copy_of("product/IMG_20251215_170233.jpg"),
    ),
    SampleFile(
        "listing/Screenshot_2025-12-10-09-05-11-123_com.alibaba.wireless.png",
        "listing",
        "下单前的商品页截图：标明“全新正品 质量保证 出厂全检 无划痕”",
        "none: screenshot (no EXIF, time from the file name), taken before the order",
        "2025-12-10 09:05:11",
        lambda p: g.screenshot_png(p, kind="listing", when="2025-12-10 09:05"),
    ),
    SampleFile(
        "listing/Screenshot_2025-12-16-09-41-27-508_com.alibaba.wireless.png",
        "listing",
        "商品详情页长截图：商品属性写明“出厂100%全检，无划痕无凹陷”",
        "none: long 1080x6000 screenshot (must be split across pages)",
        "2025-12-16 09:41:27",
        lambda p: g.screenshot_png(p, kind="listing", when="2025-12-16 09:41", long=True),
    ),
    SampleFile(
        "chat/Screenshot_20251216_100312_com.alibaba.wireless.png",
        "chat",
        "旺旺聊天记录（1）：收货当天向卖家反映划痕和凹陷，卖家称系运输造成",
        "none: chat screenshot, time from the file name",
        "2025-12-16 10:03:12",
        lambda p: g.screenshot_png(p, kind="chat", lines=CHAT_1, when="2025-12-16 10:03"),
    ),
    SampleFile(
        "chat/Screenshot_20251216_101545_com.alibaba.wireless.png",
        "chat",
        "旺旺聊天记录（2）：卖家拒绝退货，仅同意每只补偿20元",
        "none: chat screenshot, time from the file name",
        "2025-12-16 10:15:45",
        lambda p: g.screenshot_png(p, kind="chat", lines=CHAT_2, when="2025-12-16 10:15"),
    ),
    SampleFile(
        "other/Screenshot_20251216_100845_com.alibaba.wireless.png",
        "other",
        "订单详情截图：订单号3891234567890123，实付款¥1280.00",
        "none: order page; order number matches case.toml",
        "2025-12-16 10:08:45",
        lambda p: g.screenshot_png(
            p,
            kind="order",
            lines=["交易成功", "收货时间: 2025-12-15 16:30:12"],
            when="2025-12-16 10:08",
        ),
    ),
    SampleFile(
        "parcel/IMG_20251215_163812.jpg",
        "parcel",
        "签收后外箱及顺丰面单照片，运单号SF1234567890123，外箱无破损",
        "EK400: parcel photo after delivery; its Code 128 label decodes to the shipped "
        "event's tracking number",
        "2025-12-15 16:38:12",
        _camera(taken="2025-12-15 16:38:12", subsec="640", seed=8, scene="parcel", waybill=WAYBILL),
    ),
    SampleFile(
        "parcel/IMG_20251214_110205.jpg",
        "parcel",
        "外箱照片（收货时拍摄）",
        "timeline: captured 2025-12-14 11:02, before the delivered event (2025-12-15 16:30); "
        "a different carton (no label in view), so not a near-duplicate of the photo above",
        "2025-12-14 11:02:05",
        _camera(taken="2025-12-14 11:02:05", subsec="318", seed=9, scene="carton"),
    ),
)

CLUTTER = ("product/.DS_Store",)

EVENTS: tuple[dict[str, str], ...] = (
    {
        "kind": "ordered",
        "at": "2025-12-10 09:12",
        "note": "下单8只20寸铝框拉杆箱，单价160元",
        "note_en": "8 aluminium-frame 20-inch suitcases at CNY 160 each",
    },
    {
        "kind": "paid",
        "at": "2025-12-10 09:14",
        "note": "支付宝（企业）付款1280.00元",
        "note_en": "CNY 1280.00 by Alipay (business account)",
    },
    {
        "kind": "shipped",
        "at": "2025-12-12 15:40",
        "tracking": WAYBILL,
        "carrier": "SF",
        "note": "卖家发货，顺丰标快，共2件",
        "note_en": "SF standard express, 2 parcels",
    },
    {
        "kind": "signed",
        "at": "2025-12-15 16:30",
        "note": "仓库前台签收",
        "note_en": "at the warehouse front desk",
    },
    {
        "kind": "complained",
        "at": "2025-12-15 17:31",
        "note": "通过旺旺向卖家反映3只铝框划痕、2只凹陷，并发送开箱照片",
        "note_en": "on Wangwang: 3 frames scratched, 2 dented; unboxing photos sent",
    },
    {
        "kind": "refund_requested",
        "at": "2025-12-16 10:20",
        "note": "申请退货退款，原因：质量问题（划痕、凹陷）",
        "note_en": "return and refund for a quality defect (scratches, dents)",
    },
    {
        "kind": "seller_refused",
        "at": "2025-12-17 11:05",
        "note": "卖家拒绝退货退款，称划痕系运输造成，仅同意每只补偿20元",
        "note_en": "blamed the transport and offered CNY 20 per suitcase",
    },
)

STATEMENT = (
    "我司在杭州经营箱包零售店，于2025年12月10日在1688向该厂家批量采购20寸铝框拉杆箱8只，"
    "单价160元，共计1280.00元。商品页明确写明“全新正品、出厂全检、无划痕无凹陷”。"
    "12月15日16:30顺丰送达，外箱完好无破损，我们当场开箱验货，发现其中3只箱体铝框有明显划痕，"
    "2只有凹陷，无法作为新品销售。当天即通过旺旺联系卖家并发送照片，卖家先称是物流造成，"
    "后表示不支持退货，只愿每只补偿20元。由于外包装完好、损伤位于箱体本身，我们认为属于出厂质量问题，"
    "故申请退货退款，退货运费由卖家承担。"
)
"""The buyer's account as the seller reads it (the seller letter turns 卖家 into 贵方)."""

STATEMENT_EN = (
    "We run a luggage shop in Hangzhou. On 10 December 2025 we bought eight 20-inch "
    "aluminium-frame suitcases from this manufacturer on 1688, CNY 160 each, CNY 1280.00 in "
    'total; the listing promised "new, factory-inspected, no scratches or dents". SF '
    "delivered them on 15 December at 16:30 in an undamaged carton. Unpacking them at once we "
    "found scratches on three frames and dents in two: they cannot be sold as new. We reported "
    "it on Wangwang the same day with photos; the reply blamed the transport, refused a return "
    "and offered CNY 20 per suitcase. As the carton was intact and the damage is on the cases "
    "themselves, it is a manufacturing defect."
)

STATEMENT_PLATFORM = (
    "买家于2025年12月10日在1688向卖家采购20寸铝框拉杆箱8只，共计1280.00元。商品页写明“出厂全检、"
    "无划痕无凹陷”。12月15日16:30签收，外箱完好，当场开箱发现3只铝框划痕、2只凹陷，当天即通过旺旺"
    "向卖家反映并发送照片。卖家称系运输造成，拒绝退货，仅愿每只补偿20元。损伤位于箱体本身，"
    "属出厂质量问题，现申请平台介入：退回存在问题的5只，退还货款800.00元，往返运费由卖家承担。"
)
"""The account for the platform (``statement_platform``): the letters to the platform use it."""

CASE = {
    "platform": "1688",
    "order_id": "3891234567890123",
    "timezone": "Asia/Shanghai",
    "language": "zh",
    "buyer": "杭州余杭区某箱包零售店（王先生）",
    "seller": "义乌市旅之铝箱包厂",
    "buyer_type": "business",
    "claim": "quality",
    "refund_type": "return_refund",
    "amount": "1280.00",
    "currency": "CNY",
}
QUANTITIES = {"quantity": 8, "defective_quantity": 5}
"""8 ordered, 3 scratched + 2 dented: the claim is for 5 of 8 (民法典第六百三十二条)."""

TOML_MTIME = "2025-12-17 20:30:00"


def _q(value: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML escapes)."""
    return json.dumps(value, ensure_ascii=False)


def case_toml(missing: frozenset[str] = frozenset()) -> str:
    """case.toml text; files in ``missing`` (e.g. HEIC without an encoder) are left out."""
    out = [
        "# Sample case generated by samples/make_sample.py - do not edit by hand.",
        "# Each [[file]] is built to trigger one audit finding; see make_sample.py.",
        "",
        "[case]",
    ]
    out += [f"{k} = {_q(v)}" for k, v in CASE.items()]
    out += [f"{k} = {v}" for k, v in QUANTITIES.items()]
    out.append("# claimed_amount left out: 1280.00 x 5/8 = 800.00 (only the defective units)")
    out.append(f'statement = """\n{STATEMENT}\n"""')
    out.append(f'statement_en = """\n{STATEMENT_EN}\n"""')
    out.append(f'statement_platform = """\n{STATEMENT_PLATFORM}\n"""')
    for ev in EVENTS:
        out += ["", "[[event]]"]
        out += [f"{k} = {_q(v)}" for k, v in ev.items()]
    for f in SAMPLE:
        if f.path in missing:
            continue
        out += ["", "[[file]]", f"path = {_q(f.path)}", f"caption = {_q(f.caption)}"]
        out += [f"category = {_q(f.category)}", "exclude = false"]
        if f.taken_at:
            out.append(f"taken_at = {_q(f.taken_at)}")
    return "\n".join(out) + "\n"


def build(outdir: Path) -> list[Path]:
    """Write the sample case into ``outdir``; returns the files written (relative order)."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    missing: set[str] = set()
    for f in SAMPLE:
        p = outdir / f.path
        p.parent.mkdir(parents=True, exist_ok=True)
        f.make(p)
        if not p.is_file():
            print(f"skipped {f.path} (HEIF encoding unsupported here)", file=sys.stderr)
            missing.add(f.path)
            continue
        g.set_mtime(p, f.mtime, TZ)
        written.append(p)
    for c in CLUTTER:
        p = g.ds_store(outdir / c)
        g.set_mtime(p, "2025-12-15 17:30:00", TZ)
        written.append(p)
    toml = outdir / "case.toml"
    toml.write_text(case_toml(frozenset(missing)), encoding="utf-8")
    g.set_mtime(toml, TOML_MTIME, TZ)
    written.append(toml)
    return written


def main(argv: list[str]) -> int:
    outdir = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    files = build(outdir)
    total = sum(p.stat().st_size for p in files)
    for p in files:
        print(f"{p.stat().st_size:>9,}  {g.sha256_file(p)[:16]}  {p.relative_to(outdir)}")
    print(f"{len(files)} files, {total:,} bytes in {outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
