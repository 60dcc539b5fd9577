"""The register of the Chinese texts a recipient reads (../shared/review-texts.md): each test
pins one reviewed wording so it cannot come back."""

from __future__ import annotations

import pytest

from evidencekit.dossier.render.describe import embedding


def _converted(fmt: str, src: str = "png", **detail: object) -> dict[str, object]:
    return {
        "embedded": {"transform": "converted", "detail": {"from": src, "format": fmt, **detail}}
    }


@pytest.mark.parametrize(
    ("entry", "zh", "en"),
    [
        (
            _converted("flate"),
            "由PNG转换为无损压缩（Flate）格式",
            "converted once from PNG to a lossless",
        ),
        (
            _converted("jpeg", "heif", quality=90),
            "由HEIF转换为JPEG格式，质量参数90",
            "converted once from HEIF to JPEG, quality 90",
        ),
        (_converted("webp", "tiff"), "由TIFF转换为WEBP格式", "converted once from TIFF to WEBP"),
        (
            _converted("flate", downscaled={"to": [1010, 2245]}),
            "由PNG转换为无损压缩（Flate）格式，缩小至1010×2245像素",
            "downscaled to 1010×2245 px",
        ),
        (
            {"embedded": {"transform": "metadata-stripped", "detail": {"removed": ["APP1 Exif"]}}},
            "无损去除EXIF元数据，图像数据未重新编码",
            "EXIF metadata removed losslessly",
        ),
    ],
)
def test_embedding_in_plain_words(entry: dict[str, object], zh: str, en: str) -> None:
    """Review item 15: "由 PNG 转换一次为 无损 Flate" -> "由PNG转换为无损压缩（Flate）格式"."""
    text = embedding(entry, "zh")
    assert text == zh
    assert " " not in text and "一次" not in text and "APP1" not in text
    assert en in embedding(entry, "en")


def test_pack_sheet_header_in_the_pack_language() -> None:
    """Review item 21: "订单 Order 3891… · 1/5" -> "订单号3891… 第1/5张" / "… · image 1 of 5"."""
    from evidencekit.outputs.pack_text import columns_note, sheet_head

    assert sheet_head("3891234567890123", 1, 5, "zh") == "订单号3891234567890123 第1/5张"
    assert sheet_head("3891234567890123", 1, 5, "en") == "Order 3891234567890123 · image 1 of 5"
    assert columns_note(3, "zh") == "→ 分3栏显示" and columns_note(3, "en") == "→ 3 columns"


def test_pack_caption_wraps_then_ends_with_an_ellipsis() -> None:
    """A photo's caption takes two lines; cut after them, it ends with "…" (never "约9厘")."""
    from PIL import Image, ImageDraw

    from evidencekit.outputs.pack import _Fonts, _lines

    font = _Fonts().get(34, True)
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    caption = "E-03  划痕特写（第1只）：铝框划痕长约9厘米，旁边放置直尺作比例参照"
    two = _lines(draw, caption, font, 660, 2)
    assert "".join(two) == caption  # fits in two lines: nothing cut
    cut = _lines(draw, caption * 2, font, 660, 2)
    assert len(cut) == 2 and cut[-1].endswith("…")
    assert all(draw.textlength(line, font=font) <= 660 for line in cut)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "We request a refund of CNY 800.00 on return of the five affected items, with "
            "shipping both ways at your expense",
            "The buyer requests a refund of CNY 800.00 on return of the five affected items, "
            "with shipping both ways at the seller's expense",
        ),
        (
            "The order has several items; we terminate only for the non-conforming ones.",
            "The order has several items; the buyer terminates only for the non-conforming ones.",
        ),
        (
            "We inspected the goods on receipt and notified you within a reasonable period.",
            "The buyer inspected the goods on receipt and notified the seller within a "
            "reasonable period.",
        ),
        (
            "Courier delivery takes place when the recipient signs; I have not signed, so the "
            "goods remain at your risk",
            "Courier delivery takes place when the recipient signs; the buyer has not signed, "
            "so the goods remain at the seller's risk",
        ),
        (
            "You have not delivered and must deliver or refund",
            "The seller has not delivered and must deliver or refund",
        ),
    ],
)
def test_third_person_for_texts_to_a_third_party(text: str, want: str) -> None:
    """To the platform, a mediator or a court the parties are named, never "you"/"we"."""
    from evidencekit.outputs.letter_voice import third_person

    assert third_person(text) == want


def _suitcases(**kw: object) -> object:
    import dataclasses

    from tests.test_letter_golden import CASES

    return dataclasses.replace(CASES["1688-business-quality"], **kw)


def test_seller_letter_speaks_to_the_seller_and_cites_briefly() -> None:
    """Review items 6 and 20: the chat version names the three deciding articles, not all
    eight; the buyer's account says 贵方 where it said 该厂家/卖家."""
    from evidencekit.outputs.letter import letter_texts
    from tests.test_letter import EXHIBITS, ITEMS, NOW

    c = _suitcases(statement="我司于12月10日向该厂家采购8只，卖家拒绝退货。")
    lt = letter_texts(c, ITEMS, [], EXHIBITS, "seller", "zh", NOW)
    assert "向贵方采购8只，贵方拒绝退货" in lt.body
    assert "该厂家" not in lt.body and "卖家" not in lt.body
    # A business buyer: 民法典 only (电商法第十七条 protects 消费者, issue 15).
    assert "依据《民法典》第六百一十五条、第六百一十七条、第五百八十二条。" in lt.short
    assert "电子商务法" not in lt.short
    assert "第五百八十四条" not in lt.short and "第五百八十四条" in lt.body


def test_formal_texts_have_no_nested_brackets_and_list_captions() -> None:
    from evidencekit.outputs.letter import letter_texts
    from tests.test_letter import EXHIBITS, ITEMS, NOW

    c = _suitcases()
    court = letter_texts(c, ITEMS, [], EXHIBITS, "court", "zh", NOW).body
    assert "（被告名称以店铺亮照的营业执照为准；1688店铺名称：义乌市旅之铝箱包厂）" in court
    assert "E-01 整体（product/a.jpg）" in court
    report = letter_texts(c, ITEMS, [], EXHIBITS, "12315", "zh", NOW).body
    assert "举报人：杭州某箱包零售店；身份：企业买家（采购用于经营）" in report
    long = letter_texts(c, ITEMS, [], EXHIBITS, "platform", "zh", NOW).long
    assert "E-01 整体（product/a.jpg）" in long and "））" not in long
    en = letter_texts(c, ITEMS, [], EXHIBITS, "association", "en", NOW)
    assert all(a.isascii() for a in en.advice)  # an English text gets English advice


def test_findings_in_the_dossier_use_plain_words() -> None:
    """Review items 16, 22, 23: no tag names, no case.toml, no shipped事件, no speculation
    against the buyer in a document for others; numbers set without spaces."""
    from evidencekit.dossier.render.facts import neutral
    from evidencekit.models import Finding, Severity

    f = Finding(
        "EK302", Severity.ERROR, "m", "r", "parcel/a.jpg",
        "这张送达包裹的照片拍摄于 2025-12-14 11:02 +08:00（exif:DateTimeOriginal，可信度高），"
        "早于包裹签收时间 2025-12-15 16:30 +08:00：卖家可以说照片拍的是别的货",
    )  # fmt: skip
    text = neutral(f.message_zh, "zh")
    assert text == (
        "这张送达包裹的照片拍摄于2025-12-14 11:02 +08:00（照片EXIF原始拍摄时间，可信度高），"
        "早于包裹签收时间2025-12-15 16:30 +08:00。"
    )
    assert (
        neutral("唯一的拍摄时间是 case.toml 中声明的时间", "zh")
        == "唯一的拍摄时间是案件信息中声明的时间。"
    )
    ek303 = "这张商品页截图拍摄于2025-12-16 09:41 +08:00，是下单6天之后：页面在此期间可能改过"
    assert neutral(ek303, "zh").endswith("是下单6天之后。")


def test_spaces_next_to_numbers_go_but_file_names_keep_theirs() -> None:
    from evidencekit.zhtext import tight

    assert tight("下单 6 天之后，已超过 347 天") == "下单6天之后，已超过347天"
    assert (
        tight("product/破损特写 2.jpg 在拍摄 26 小时后") == "product/破损特写 2.jpg 在拍摄26小时后"
    )
    assert tight("2 items in 3 days") == "2 items in 3 days"


def test_waybill_match_names_the_shipping_record(tmp_path) -> None:
    """Review item 16: "与 case.toml 中…的shipped事件运单号一致" -> "与卖家发货记录（…）的运单号一致"."""
    from datetime import datetime

    from evidencekit.audit.checks.pixels import _record_zh
    from evidencekit.models import Event

    ev = Event("shipped", datetime(2025, 12, 12, 15, 40), 480, False, "SF1", "SF")
    assert _record_zh(ev) == "卖家发货记录（2025-12-12 15:40）"


def test_seven_days_for_the_law_and_for_a_platform_service() -> None:
    """Review item 18: the law's right is 七日无理由退货; a platform or seller service is
    "7天无理由退货"."""
    from evidencekit.rules.platforms import load_profile

    for key in ("taobao", "jd", "pinduoduo", "other"):
        titles = [r.title_zh for r in load_profile(key).rules.values()]
        law = [t for t in titles if "无理由" in t and "次日" in t]
        assert law and all(t.startswith("七日无理由退货") for t in law), (key, law)
        assert not any("七天" in t for t in titles)


def test_dossier_prints_the_buyer_account_once() -> None:
    """The statement page shows the buyer's account, then the seller letter without it again
    (it used to print twice and push the letter's last lines onto a page of their own)."""
    from pathlib import Path

    golden = (Path(__file__).parent / "golden" / "dossier_zh.txt").read_text(encoding="utf-8")
    assert golden.count("12月15日签收后开箱发现多个杯体") == 1
    assert "致卖家函" in golden
