"""Letters to the seller and the platform: order first, right legal basis, limits, labels."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.models import (
    Case,
    Category,
    Finding,
    Severity,
)
from evidencekit.outputs.letter import exhibit_ranges, fit, letter_texts, text_units
from tests.util import event, photo

NOW = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)
TAKEN = "2025-12-15 17:00"


ITEMS = [
    photo("product/a.jpg", Category.PRODUCT, TAKEN, "整体"),
    photo("product/b.jpg", Category.PRODUCT, TAKEN, "印花特写"),
    photo("product/c.jpg", Category.PRODUCT, TAKEN),
    photo("chat/1.png", Category.CHAT, TAKEN),
    photo("listing/l.png", Category.LISTING, TAKEN),
]
EXHIBITS = {it.path: f"E-{i + 1:02d}" for i, it in enumerate(ITEMS)}
EVENTS = (
    event("ordered", "2025-12-10 10:00"),
    event("signed", "2025-12-15 16:30"),
    event("return_shipped", "2025-12-18 11:00", carrier="顺丰", tracking="SF1234567890"),
)
ORDER = "3456789012345678901"


def case(**kw: object) -> Case:
    base: dict[str, object] = dict(
        platform="1688", order_id=ORDER, buyer="张三", events=EVENTS, amount="1280.00",
        statement="收到的200件T恤中有37件印花脱落。已于签收当天联系卖家。",
    )  # fmt: skip
    base.update(kw)
    return Case(**base)  # type: ignore[arg-type]


def seller(c: Case, lang: str = "zh") -> str:
    return letter_texts(c, ITEMS, [], EXHIBITS, "seller", lang, NOW).body


def test_order_number_first() -> None:
    assert seller(case()).startswith(f"订单号：{ORDER}\n")
    assert seller(case(), "en").startswith(f"Order {ORDER} – defective goods\n")
    p = letter_texts(case(), ITEMS, [], EXHIBITS, "platform", "zh", NOW)
    assert p.short.startswith(f"订单{ORDER}：") and p.long.startswith(f"订单：{ORDER}")


def test_missing_order_number_is_told_to_the_buyer_not_the_seller() -> None:
    for lang, want in (("zh", "未填写订单号（order_id）"), ("en", "has no order number")):
        lt = letter_texts(case(order_id=""), ITEMS, [], EXHIBITS, "seller", lang, NOW)
        assert want in lt.advice[0] and want not in lt.body
        full = letter_texts(case(), ITEMS, [], EXHIBITS, "seller", lang, NOW)
        assert not any(want in a for a in full.advice)


def test_business_buyer_on_1688_cites_civil_code_not_consumer_law() -> None:
    body = seller(case(buyer_type="business", claim="quality"))
    for art in ("《民法典》第六百一十五条", "第六百一十七条", "第五百八十二条"):
        assert art in body
    # 电商法第十七条 protects 消费者' right to know: consumers only (issue 15).
    assert "消费者权益保护法" not in body and "《电子商务法》第十七条" not in body
    en = seller(case(buyer_type="business"), "en")
    assert "PRC Civil Code, Art. 615" in en and "Consumer Rights" not in en
    # Told in time (signed and first complaint the same day): 第六百二十条、第六百二十一条.
    told = EVENTS + (event("complained", "2025-12-15 18:00"),)
    assert "第六百二十条、第六百二十一条" in seller(case(buyer_type="business", events=told))


def test_consumer_basis_per_claim() -> None:
    quality = seller(case(buyer_type="consumer", claim="quality"))
    assert "《消费者权益保护法》第二十四条" in quality and "第二十五条" not in quality
    assert "民法典" not in quality
    no_reason = seller(case(buyer_type="consumer", claim="no_reason"))
    assert "第二十五条" in no_reason and "《网络购买商品七日无理由退货暂行办法》第十条" in no_reason
    nad = seller(case(buyer_type="consumer", claim="not_as_described"), "en")
    assert "Art. 23" in nad and "Art. 24" in nad


def test_business_no_reason_without_flag_has_no_statutory_basis() -> None:
    body = seller(case(buyer_type="business", claim="no_reason"))
    assert "恳请贵方同意退货，退货运费由我方承担。" in body and "第二十五条" not in body
    flagged = seller(case(buyer_type="business", claim="no_reason", seven_day=True))
    assert "商品页标明支持“7天无理由退货”，本次申请在服务期内，请按贵方承诺办理。" in flagged


def test_non_prc_platform_cites_programme() -> None:
    body = seller(case(platform="paypal", buyer_type="consumer"), "en")
    assert "PayPal Buyer Protection" in body and "Art." not in body


def test_reply_deadline_is_the_buyers() -> None:
    zh = letter_texts(case(reply_days=5), ITEMS, [], EXHIBITS, "seller", "zh", NOW)
    assert "请于2025年12月25日18:00前答复；逾期未答复，我方将发起1688投诉" in zh.body
    assert "买家设定" not in zh.body and "reply_days" in zh.advice[0]  # told to the buyer
    en = seller(case(), "en")
    assert "Please reply by 23 December 2025." in en and "deadline" not in en


def test_exhibits_referred_by_number() -> None:
    body = seller(case())
    assert "商品照片E-01–E-03" in body and "聊天记录E-04" in body
    assert (
        exhibit_ranges(["E-05", "E-01", "E-02", "E-03", "E-07"], False) == "E-01–E-03, E-05, E-07"
    )
    long = letter_texts(case(), ITEMS, [], EXHIBITS, "platform", "en", NOW).long
    assert "E-02 product/b.jpg – 印花特写" in long


def test_1688_limits_150_and_200() -> None:
    long_statement = "商品存在严重的质量问题，" * 40
    c = case(statement=long_statement, refund_type="return_refund", order_id="9" * 40)
    for lang in ("zh", "en"):
        p = letter_texts(c, ITEMS, [], EXHIBITS, "platform", lang, NOW)
        assert p.limit == 150
        assert 2 <= len(p.short) <= 150 and text_units(p.short) <= 150
        assert 2 <= len(p.return_note) <= 200 and "SF1234567890" in p.return_note
        assert long_statement.strip() in p.long  # customer-service version is not cut


def test_short_counts_characters_not_bytes() -> None:
    # 150 CJK characters are 450 UTF-8 bytes and still fit.
    assert fit(["汉" * 150], 150) == "汉" * 150
    assert fit(["汉" * 151], 150) == "汉" * 149 + "…"
    assert text_units("😀") == 2  # counted as a web form counts (UTF-16)


def test_error_exhibits_left_out_of_short_text() -> None:
    bad = [Finding("EK301", Severity.ERROR, "m", "r", "product/c.jpg")]
    p = letter_texts(case(), ITEMS, bad, EXHIBITS, "platform", "zh", NOW)
    assert "商品照片E-01–E-02" in p.short and "E-03" not in p.short
    assert "E-03" in p.long


def test_platform_long_shows_rules_not_unconfirmed() -> None:
    p = letter_texts(case(), ITEMS, [], EXHIBITS, "platform", "en", NOW)
    assert "Deadlines:" not in p.long or "unconfirmed" not in p.long.lower()
    assert "2 h of pickup" not in p.long


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        letter_texts(case(), ITEMS, [], EXHIBITS, "judge", "zh", NOW)
    with pytest.raises(ValueError):
        letter_texts(case(), ITEMS, [], EXHIBITS, "seller", "zh", None)


@settings(max_examples=150, deadline=None)
@given(
    statement=st.text(max_size=600),
    order=st.text(alphabet="0123456789", min_size=1, max_size=60),
    lang=st.sampled_from(["zh", "en"]),
)
def test_platform_short_always_within_limit(statement: str, order: str, lang: str) -> None:
    c = case(statement=statement, order_id=order, refund_type="return_refund")
    p = letter_texts(c, ITEMS, [], EXHIBITS, "platform", lang, NOW)
    assert 2 <= text_units(p.short) <= 150
    assert 2 <= text_units(p.return_note) <= 200
