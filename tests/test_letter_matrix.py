"""Issue 15: every claim x refund_type x platform x buyer_type gives every text, with labels
(never a raw value), no "None", and the basis that applies; amounts; new kinds; snippets."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from evidencekit.case.keys import CLAIMS, EVENT_KINDS, REFUND_TYPES
from evidencekit.case.load import parse_case_text
from evidencekit.models import Case
from evidencekit.outputs import letter_text as T
from evidencekit.outputs.letter import RECIPIENTS, letter_texts
from evidencekit.outputs.letter_text import claimed_amount, punitive
from evidencekit.rules import kinds
from evidencekit.rules.platforms import load_law, load_profile
from tests.test_letter import EVENTS, EXHIBITS, ITEMS, NOW, ORDER, case
from tests.util import event

PLATFORMS = ("1688", "taobao", "jd", "pinduoduo", "paypal", "ebay", "amazon")
THIRD_PARTY = ("platform", "12315", "association", "court")
SECOND_EN = re.compile(r"\b(you|your|We request|I request|we may|I may|notified you)\b", re.I)
SECOND_ZH = re.compile(r"贵方|我方")
RAW = re.compile(r"\b(" + "|".join(v for v in CLAIMS + REFUND_TYPES if "_" in v) + r"|None)\b")


CONSUMER_ONLY = [a for a in load_law().articles.values() if a.consumer_only]


def test_consumer_only_articles_are_marked() -> None:
    """law.toml marks every article framed toward 消费者 (issue 15: business buyers never get
    消法 articles, nor 电商法第十七条/第二十条)."""
    marked = {a.key for a in CONSUMER_ONLY}
    assert {"csl_23", "csl_24", "csl_25", "csl_55", "ecl_17", "ecl_20", "measures_10"} <= marked
    for a in load_law().articles.values():
        if "消费者权益保护法" in a.cite_zh or "无理由退货暂行办法" in a.cite_zh:
            assert a.consumer_only, a.key
    assert not load_law().articles["ecl_62"].consumer_only  # 电商法 Arts. 51, 62 bind B2B too


def assert_no_consumer_law(c: Case, where: object, lang: str, text: str) -> None:
    """No consumer-only article, by full citation, excerpt or (zh runs such as
    "《电子商务法》第五十一条、第十七条") by key in the basis the texts were built from."""
    for a in CONSUMER_ONLY:
        assert a.cite_zh not in text and a.cite_en not in text, (where, a.key)
        assert a.excerpt_zh not in text and a.summary_en not in text, (where, a.key)
    assert "消费者权益保护法" not in text and "Consumer Rights Protection Law" not in text, where
    profile = load_profile(c.platform)
    for platform in (False, True):
        for p in T.points(c, profile, platform):
            bad = [k for k in p.cites if load_law().articles[k].consumer_only]
            assert not bad, (where, lang, bad)


def texts(c: Case, lang: str) -> dict[str, str]:
    out = {}
    for to in RECIPIENTS:
        lt = letter_texts(c, ITEMS, [], EXHIBITS, to, lang, NOW)
        out[to] = "\n".join((lt.title, lt.body, lt.short, lt.long, lt.return_note))
    return out


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("buyer_type", ("consumer", "business"))
def test_matrix(platform: str, buyer_type: str) -> None:
    for claim in CLAIMS:
        for refund in REFUND_TYPES:
            c = case(platform=platform, buyer_type=buyer_type, claim=claim, refund_type=refund,
                     quantity=8, defective_quantity=5)  # fmt: skip
            for lang in ("zh", "en"):
                for to, text in texts(c, lang).items():
                    where = (platform, buyer_type, claim, refund, lang, to)
                    assert not RAW.search(text), (where, RAW.search(text))
                    assert "{" not in text and "}" not in text, where
                    if to in THIRD_PARTY:  # names the parties, never "you" / 贵方
                        bad = SECOND_EN.search(text) if lang == "en" else SECOND_ZH.search(text)
                        assert not bad, (where, bad)
                    if buyer_type == "business":
                        assert_no_consumer_law(c, where, lang, text)
            seller = texts(c, "zh")["seller"]
            if load_profile(platform).chinese_law:
                assert kinds.claim_label(claim, "zh") in seller
                if buyer_type == "consumer" and claim == "damaged":
                    assert "《电子商务法》第二十条" in seller
            if buyer_type == "business" and claim == "damaged":
                assert "《电子商务法》第二十条" not in seller
            if buyer_type == "business" and claim == "quality":
                assert "《电子商务法》第十七条" not in seller and "第十七条" not in seller


def test_business_quality_letter_cites_civil_code_not_ecl_17() -> None:
    """The reviewer's case: a business buyer's quality letter cited 《电子商务法》第十七条,
    whose duty runs to 消费者; the sentence stays, resting on 民法典第六百一十五条 alone."""
    c = case(platform="1688", buyer_type="business", claim="quality")
    for lang in ("zh", "en"):
        lt = letter_texts(c, ITEMS, [], EXHIBITS, "seller", lang, NOW)
        assert "第十七条" not in lt.long and "Art. 17" not in lt.long
    zh = letter_texts(c, ITEMS, [], EXHIBITS, "seller", "zh", NOW).body
    assert (
        "贵方交付的商品不符合约定的质量要求及贵方对商品质量的说明（《民法典》第六百一十五条）。"
        in zh
    )
    consumer = case(platform="1688", buyer_type="consumer", claim="not_as_described")
    assert (
        "《电子商务法》第十七条"
        in letter_texts(consumer, ITEMS, [], EXHIBITS, "seller", "zh", NOW).body
    )


def test_selection_drops_consumer_only_cites_for_business() -> None:
    """Even if data gave a business basis a consumer-only article, the letter drops it (and a
    sentence resting on it alone)."""
    from evidencekit.rules.platforms.law import Point

    arts = load_law().articles
    p = Point("x", "x", ("civil_615", "ecl_17"))
    assert p.for_buyer("business", arts) == Point("x", "x", ("civil_615",))
    assert Point("y", "y", ("csl_24",)).for_buyer("business", arts) is None
    assert p.for_buyer("consumer", arts) is p


def test_taobao_consumer_damage_platform_rules_and_step_names() -> None:
    c = case(platform="taobao", buyer_type="consumer", claim="damaged", refund_type="return_refund")
    p = letter_texts(c, ITEMS, [], EXHIBITS, "platform", "zh", NOW)
    assert p.title == f"申请淘宝介入：订单{ORDER}（退货退款）"
    assert "《淘宝平台争议处理规则》第十条" in p.long and "《电子商务法》第二十条" in p.long
    assert "投诉" not in p.title
    assert any("确认收货" in a for a in p.advice)
    jd = letter_texts(case(platform="jd"), ITEMS, [], EXHIBITS, "platform", "zh", NOW)
    assert jd.title.startswith("申请京东介入：")
    t = letter_texts(case(platform="1688"), ITEMS, [], EXHIBITS, "platform", "zh", NOW)
    assert t.title.startswith("1688投诉：")


def test_western_titles_use_their_ids() -> None:
    pp = case(platform="paypal", claim="not_as_described", transaction_id="9XY12345AB")
    t = letter_texts(pp, ITEMS, [], EXHIBITS, "platform", "en", NOW).title
    assert t == "PayPal dispute – Item Significantly Not as Described – transaction ID 9XY12345AB"
    eb = case(platform="ebay", request_id="5012345678")
    assert (
        "request ID 5012345678"
        in letter_texts(eb, ITEMS, [], EXHIBITS, "platform", "en", NOW).title
    )


@pytest.mark.parametrize(
    ("amount", "q", "d", "claimed", "want"),
    [
        ("1280.00", 8, 5, "", "800.00"),  # 民法典第六百三十二条: only the defective five
        ("1280.00", 8, 8, "", "1280.00"),
        ("1280.00", 8, 0, "", "1280.00"),  # defective not given: every unit
        ("1280.00", 0, 0, "", "1280.00"),
        ("1280.00", 8, 5, "160.00", "160.00"),  # claimed_amount wins
        ("100.00", 3, 1, "", "33.33"),
        ("", 8, 5, "", None),
    ],
)
def test_claimed_amount(amount: str, q: int, d: int, claimed: str, want: str | None) -> None:
    c = Case(amount=amount, quantity=q, defective_quantity=d, claimed_amount=claimed)
    got = claimed_amount(c)
    assert (str(got) if got is not None else None) == want


def test_partial_request_wording_zh_en() -> None:
    c = case(buyer_type="business", refund_type="return_refund", quantity=8, defective_quantity=5)
    zh = letter_texts(c, ITEMS, [], EXHIBITS, "seller", "zh", NOW).body
    assert f"贵方就订单{ORDER}所交付的8件商品中有5件存在质量问题，现正式提出异议，要求如下。" in zh
    assert (
        "我方要求退货退款：退回存在问题的5件商品，贵方退还货款人民币800.00元，往返运费由贵方承担。"
        in zh
    )
    assert "第六百三十二条" in zh
    en = letter_texts(c, ITEMS, [], EXHIBITS, "seller", "en", NOW).body
    assert (
        f"We are writing about order {ORDER}: five of the eight items delivered are defective."
        in en
    )
    assert (
        "We request a refund of CNY 800.00 on return of the five affected items, with shipping both ways at your expense."
        in en
    )


def test_counterfeit_consumer_three_times_at_least_500() -> None:
    assert punitive(Case(amount="100.00")) == Decimal(500)
    assert punitive(Case(amount="1280.00")) == Decimal("3840.00")
    c = case(buyer_type="consumer", claim="counterfeit", amount="100.00")
    body = letter_texts(c, ITEMS, [], EXHIBITS, "seller", "zh", NOW).body
    assert "并按价款的三倍增加赔偿人民币500.00元" in body and "第五十五条" in body


@pytest.mark.parametrize(("claim", "refund"), [(c, r) for c in CLAIMS for r in REFUND_TYPES])
def test_request_sentence_per_combination(claim: str, refund: str) -> None:
    c = case(claim=claim, refund_type=refund)
    zh = letter_texts(c, ITEMS, [], EXHIBITS, "seller", "zh", NOW).body
    assert kinds.refund_type(refund).request_zh.split("：")[0] in zh
    assert "我方要求：" not in zh and "卖家退还" not in zh  # 贵方 in a letter to the seller
    freight = "往返运费由贵方承担" in zh
    assert freight == (claim != "no_reason" and refund in ("return_refund", "exchange", "repair"))


def test_formal_texts() -> None:
    c = case(buyer_type="consumer", seller_entity="义乌市某某箱包有限公司", buyer_contact="138")
    t = letter_texts(c, ITEMS, [], EXHIBITS, "12315", "zh", NOW)
    assert t.title.startswith("12315投诉：义乌市某某箱包有限公司")
    assert "投诉请求：" in t.body and any("7个工作日" in a for a in t.advice)
    b = letter_texts(case(buyer_type="business"), ITEMS, [], EXHIBITS, "12315", "zh", NOW)
    assert b.title.startswith("12315举报：") and "消费者权益保护法》第二条" in b.advice[0]
    court = letter_texts(c, ITEMS, [], EXHIBITS, "court", "zh", NOW).body
    assert "民事起诉状" in court and "《民事诉讼法》第二十四条" in court and "互联网法院" in court
    courier = letter_texts(c, ITEMS, [], EXHIBITS, "courier", "zh", NOW).body
    assert "《快递暂行条例》第二十七条" in courier


def test_every_event_kind_has_a_label_and_loads() -> None:
    assert set(EVENT_KINDS) <= set(kinds.event_kinds())
    for k in (
        "signed",
        "complained",
        "estimated_delivery",
        "confirmed_receipt",
        "closed",
        "appealed",
    ):
        c = parse_case_text(f'[[event]]\nkind = "{k}"\nat = "2025-12-15 10:00"\n')
        assert c.events[0].kind == k
    assert set(CLAIMS) == set(kinds.claims()) and set(REFUND_TYPES) == set(kinds.refund_types())


def test_remedy_snippets_parse_as_case_toml() -> None:
    """Every `kind = "..."` a finding's remedy advises is a kind case.toml accepts."""
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src" / "evidencekit"
    seen = set()
    for path in src.rglob("*.py"):
        for kind in re.findall(
            r'\[\[event\]\] kind = \\?"([a-z_]+)', path.read_text(encoding="utf-8")
        ):
            seen.add(kind)
            parse_case_text(f'[[event]]\nkind = "{kind}"\nat = "2025-12-15 10:00"\n')
    assert {"complained", "signed"} <= seen


def test_amount_as_number_and_duplicate_file_are_findings() -> None:
    c = parse_case_text(
        '[case]\namount = 1280.0\n[[file]]\npath = "a.jpg"\n[[file]]\npath = "a.jpg"\n'
    )
    assert c.amount == "1280.00"
    assert {w.code for w in c.warnings} == {"EK207", "EK208"}


def test_events_unchanged() -> None:
    assert EVENTS[0].kind == "ordered" and NOW.tzinfo is UTC and isinstance(NOW, datetime)


@pytest.mark.parametrize(
    ("claim", "visa", "mc"),
    [("not_received", "13.1", "4855"), ("quality", "13.3", "4853"), ("damaged", "13.3", "4853")],
)
def test_issuer_letter_reason_codes(claim: str, visa: str, mc: str) -> None:
    c = case(platform="paypal", claim=claim, buyer_type="consumer")
    zh = letter_texts(c, ITEMS, [], EXHIBITS, "issuer", "zh", NOW)
    assert f"Visa争议代码{visa}" in zh.body and f"万事达卡争议代码{mc}" in zh.body
    assert zh.title.startswith("银行卡交易争议申请（致发卡行）：")
    assert "请贵行就上述交易向卡组织提出争议（拒付）" in zh.body
    assert any("120日" in a for a in zh.advice) and any("PayPal" in a for a in zh.advice)
    en = letter_texts(c, ITEMS, [], EXHIBITS, "issuer", "en", NOW)
    assert f"Visa dispute condition {visa}" in en.body and f"Mastercard reason code {mc}" in en.body
    assert "120 days" in en.advice[0]


def test_issuer_waits_15_days_after_the_return() -> None:
    from datetime import timedelta

    # EVENTS: the return shipped 2025-12-18 11:00; NOW is 2025-12-20: wait until 2026-01-02.
    c = case(claim="quality", refund_type="return_refund")
    zh = letter_texts(c, ITEMS, [], EXHIBITS, "issuer", "zh", NOW)
    assert any("须等待15日" in a and "2026年1月2日起再提交" in a for a in zh.advice)
    assert "商品已于2025年12月18日退回（顺丰速运，运单号SF1234567890），商户至今未退款" in zh.body
    later = letter_texts(c, ITEMS, [], EXHIBITS, "issuer", "zh", NOW + timedelta(days=20))
    assert not any("须等待15日" in a for a in later.advice)


def test_seller_letter_keeps_the_platform_sentence_out_and_says_guifang() -> None:
    c = case(
        statement="卖家先称是物流造成。卖家于12月17日拒绝，现申请平台介入处理。",
        events=(*EVENTS, event("seller_refused", "2025-12-17 11:05", note="卖家拒绝退货退款")),
    )
    lt = letter_texts(c, ITEMS, [], EXHIBITS, "seller", "zh", NOW)
    assert "平台介入处理" not in lt.body and "贵方于12月17日拒绝。" in lt.body
    assert "贵方先称是物流造成" in lt.body and "卖家" not in lt.body.split("二、")[0]
    assert "2025年12月17日11:05 贵方拒绝退货退款" in lt.body  # said once, not "贵方拒绝：贵方拒绝"
    assert any("statement_platform" in a for a in lt.advice)
    p = letter_texts(c, ITEMS, [], EXHIBITS, "platform", "zh", NOW)
    assert "卖家拒绝：卖家拒绝" not in p.short and "卖家拒绝退货退款。" in p.short
