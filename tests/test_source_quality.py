"""Issue 15: a timer whose only source is a secondary or SEO page is confidence L and shown as
advice ("一般为…，以平台页面为准"), never as a hard deadline; no mistyped source URLs."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlparse

from evidencekit.models import Case
from evidencekit.outputs.letter import letter_texts
from evidencekit.rules.deadlines import compute_deadlines, describe
from evidencekit.rules.platforms import PROFILE_FILES, load_law, load_profile
from tests.util import event

OFFICIAL = (
    "gov.cn", "taobao.com", "jd.com", "1688.com", "paypal.com", "ebay.co.uk", "ebay.com",
    "amazon.ca", "amazon.com", "visa.com", "mastercard.com", "mastercard.us",
    "americanexpress.com", "stripe.com",
)  # fmt: skip
"""The platforms' and card schemes' own domains, and the state's (laws, SAMR, courts)."""

NOW = datetime(2025, 12, 18, 2, 0, tzinfo=UTC)


def official(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return any(host == d or host.endswith("." + d) for d in OFFICIAL)


def all_rules():  # type: ignore[no-untyped-def]
    for key in PROFILE_FILES:
        for r in load_profile(key).rules.values():
            yield key, r
    for r in load_law().rules.values():
        yield "law", r


def test_every_rule_with_a_non_official_source_is_low_confidence() -> None:
    checked = 0
    for key, r in all_rules():
        assert "wwww." not in r.source, (key, r.key)
        if not official(r.source):
            checked += 1
            assert r.confidence in ("L", "?"), (key, r.key, r.source, r.confidence)
            assert r.advisory and not r.confirmed
    assert checked >= 15  # the Taobao and 1688 timers at least


def test_known_seo_timers_are_low() -> None:
    tb = load_profile("taobao").rules
    for k in ("seller_response_unshipped", "seller_response_shipped", "return_ship",
              "seller_confirm_return", "auto_confirm"):  # fmt: skip
        assert tb[k].confidence == "L", k
    assert all(
        r.confidence in ("L", "?") or r.source.startswith("https://open.1688.com")
        for r in load_profile("1688").rules.values()
    )


CASE = Case(
    platform="taobao", order_id="1", buyer_type="consumer",
    events=(event("shipped", "2025-12-12 15:40"), event("signed", "2025-12-15 16:30"),
            event("refund_requested", "2025-12-16 10:20"), event("seller_agreed", "2025-12-16 12:00")),
)  # fmt: skip


def test_low_confidence_timer_reads_as_advice() -> None:
    ds = {d.key: d for d in compute_deadlines(CASE, NOW)}
    ret = ds["return_ship"]
    assert ret.advisory
    zh, en = describe(ret, NOW, "zh"), describe(ret, NOW, "en")
    assert zh.startswith("一般为7天，以平台页面为准（按此估算：截止2025年12月23日12:00")
    assert en.startswith("usually 7 days; the platform's own page decides (estimate: due by")
    law = ds["seven_day_calendar"]  # 暂行办法 Art. 10 on gov.cn: a hard deadline
    assert not law.advisory and "以平台页面为准" not in describe(law, NOW, "zh")


def test_platform_letter_states_no_advisory_timer() -> None:
    for lang in ("zh", "en"):
        long = letter_texts(CASE, [], [], {}, "platform", lang, NOW).long
        assert (
            "卖家同意退货后买家7天内退货" not in long
            and "within 7 days after the seller" not in long
        )
        assert "以平台页面为准" not in long and "还剩" not in long
    c = Case(platform="1688", order_id="1", events=CASE.events)
    long = letter_texts(c, [], [], {}, "platform", "zh", NOW).long
    assert "zqdropshipping" not in long and "申请平台介入（1688投诉）：" not in long
