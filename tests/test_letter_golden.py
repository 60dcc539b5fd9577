"""Golden letters for five representative cases, zh and en (issue 15): regenerate with
EK_REGEN_GOLDEN=1 after a deliberate change and read the diff as a Chinese reader would."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidencekit.models import Case
from evidencekit.outputs.letter import letter_texts
from tests.test_letter import EXHIBITS, ITEMS, NOW, case
from tests.util import event

GOLDEN = Path(__file__).parent / "golden"

SUITCASES = (
    event("ordered", "2025-12-10 09:12", note="下单8只20寸铝框拉杆箱"),
    event("paid", "2025-12-10 09:14", note="支付宝（企业）付款1280.00元"),
    event("shipped", "2025-12-12 15:40", carrier="SF", tracking="SF1234567890123"),
    event("signed", "2025-12-15 16:30"),
    event("complained", "2025-12-15 17:30", note="旺旺发送开箱照片"),
    event("seller_refused", "2025-12-17 11:05", note="仅愿每只补偿20元"),
)

CASES: dict[str, Case] = {
    "1688-business-quality": case(
        platform="1688", buyer_type="business", claim="quality", refund_type="return_refund",
        quantity=8, defective_quantity=5, amount="1280.00", events=SUITCASES,
        seller="义乌市旅之铝箱包厂", buyer="杭州某箱包零售店",
        statement="8只中3只铝框划痕、2只凹陷，外箱完好。",
    ),
    "taobao-consumer-damaged": case(
        platform="taobao", buyer_type="consumer", claim="damaged", refund_type="exchange",
        amount="399.00", seller="某某家居旗舰店", buyer="李四",
    ),
    "jd-consumer-missing": case(
        platform="jd", buyer_type="consumer", claim="missing", refund_type="refund_only",
        quantity=6, defective_quantity=2, amount="180.00", buyer="王五",
    ),
    "taobao-consumer-counterfeit": case(
        platform="taobao", buyer_type="consumer", claim="counterfeit",
        refund_type="return_refund", amount="120.00", buyer="赵六",
    ),
    "paypal-consumer-not-received": case(
        platform="paypal", buyer_type="consumer", claim="not_received", refund_type="refund_only",
        amount="89.00", currency="USD", transaction_id="9XY12345AB678901C", buyer="Jane Doe",
    ),
}  # fmt: skip


def render(c: Case, lang: str) -> str:
    out = []
    for to in ("seller", "platform", "12315", "court", "courier", "issuer"):
        lt = letter_texts(c, ITEMS, [], EXHIBITS, to, lang, NOW)
        out += [f"===== {lt.title} =====", lt.body]
        if to == "platform":
            out += ["----- short -----", lt.short]
        out += [f"[advice] {a}" for a in lt.advice] + [""]
    return "\n".join(out)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_letters(name: str, lang: str) -> None:
    golden = GOLDEN / f"letters-{name}-{lang}.txt"
    text = render(CASES[name], lang)
    if os.environ.get("EK_REGEN_GOLDEN") == "1" or not golden.exists():
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
