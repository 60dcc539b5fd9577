"""Platform data files, deadline arithmetic and describe()."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.models import Case, Event
from evidencekit.rules.deadlines import Deadline, add_period, compute_deadlines, describe, zone
from evidencekit.rules.platforms import (
    CONFIDENCES,
    STATUSES,
    all_profiles,
    load_law,
    load_profile,
)
from tests.util import event

CST = timezone(timedelta(hours=8))
NOW = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class KeyedCase(Case):
    """Case with the keys this work asks to add to the case.toml schema."""

    seven_day: bool = False
    reply_days: int = 3


def by_key(case: Case, now: datetime = NOW) -> dict[str, Deadline]:
    return {d.key: d for d in compute_deadlines(case, now)}


# --- data files --------------------------------------------------------------------------------


def test_every_rule_has_provenance() -> None:
    profiles = all_profiles()
    assert {p.key for p in profiles} >= {"1688", "taobao", "jd", "pinduoduo", "paypal", "other"}
    rules = [r for p in profiles for r in p.rules.values()] + list(load_law().rules.values())
    assert len(rules) > 30
    for r in rules:
        assert r.source.startswith(("https://", "http://")), r.key
        assert r.confidence in CONFIDENCES and r.status in STATUSES, r.key
        assert r.checked >= date(2026, 11, 27), r.key
        if r.confidence in ("?", "L"):
            assert r.status == "unconfirmed", r.key
    for a in load_law().articles.values():
        assert a.source.startswith("https://") and a.excerpt_zh and a.checked >= date(2026, 11, 27)


def test_aliases_and_text_limits() -> None:
    assert load_profile("Tmall").key == "taobao"
    assert load_profile("no-such-shop").key == "other"
    p = load_profile("1688")
    assert (p.text_limits["refund_apply"].min_chars, p.text_limits["refund_apply"].max_chars) == (
        2,
        150,
    )
    assert p.text_limits["return_note"].max_chars == 200
    assert p.rules["pickup_sync_2h"].status == "unconfirmed"


# --- seven-day, both conventions ---------------------------------------------------------------


def test_seven_day_both_ways_exact() -> None:
    # Signed 2025-12-15 16:30 +08:00. 暂行办法 Art. 10: day 1 = 12-16, window ends at the end of
    # 12-22, i.e. 2025-12-23 00:00 +08:00. Taobao/1688 count: 168 h -> 2025-12-22 16:30 +08:00.
    case = Case(platform="taobao", events=(event("signed", "2025-12-15 16:30"),))
    d = by_key(case)
    assert d["seven_day_calendar"].due == datetime(2025, 12, 23, 0, 0, tzinfo=CST)
    assert d["seven_day_168h"].due == datetime(2025, 12, 22, 16, 30, tzinfo=CST)
    assert d["seven_day_calendar"].applies and d["seven_day_168h"].applies
    assert d["seven_day_calendar"].due.tzinfo is UTC
    assert (
        d["seven_day_calendar"].source
        == "https://www.gov.cn/zhengce/2020-11/03/content_5723721.htm"
    )
    assert describe(d["seven_day_168h"], NOW) == (  # a secondary source: advice
        "usually 168 hours; the platform's own page decides "
        "(estimate: due by 2025-12-22 16:30 +08:00, in 44 hours)"
    )
    assert describe(d["seven_day_calendar"], NOW, "zh") == "截止2025年12月23日00:00（还剩2天）"


@pytest.mark.parametrize(
    ("signed", "due_local"),
    [
        ("2025-12-15 00:00", "2025-12-23 00:00"),
        ("2025-12-15 23:59", "2025-12-23 00:00"),
        ("2025-12-16 00:00", "2025-12-24 00:00"),
    ],
)
def test_seven_day_calendar_midnight(signed: str, due_local: str) -> None:
    d = by_key(Case(platform="jd", events=(event("signed", signed),)))
    assert d["seven_day_calendar"].due == datetime.fromisoformat(due_local).replace(tzinfo=CST)
    assert "seven_day_168h" not in d  # JD's own 168 h count is not confirmed: not in jd.toml


def test_seven_day_midnight_uses_case_timezone() -> None:
    # 2025-12-15 23:30 in Tokyo (+09:00) is 22:30 in Shanghai: still 12-15 there.
    case = Case(platform="taobao", events=(event("signed", "2025-12-15 23:30", offset=540),))
    assert by_key(case)["seven_day_calendar"].due == datetime(2025, 12, 23, tzinfo=CST)


def test_seven_day_applies_only_to_consumers_or_flagged() -> None:
    events = (event("signed", "2025-12-15 16:30"),)
    business = by_key(Case(platform="1688", buyer_type="business", events=events))
    assert not business["seven_day_calendar"].applies
    assert "business buyer" in business["seven_day_calendar"].reason
    assert describe(business["seven_day_168h"], NOW).startswith("not applicable: business buyer")
    flagged = by_key(
        KeyedCase(platform="1688", buyer_type="business", seven_day=True, events=events)
    )
    assert flagged["seven_day_calendar"].applies and flagged["seven_day_168h"].applies
    paypal = by_key(Case(platform="paypal", events=events))
    assert "seven_day_calendar" not in paypal


# --- other windows -----------------------------------------------------------------------------


def test_return_intervention_and_seller_windows_1688() -> None:
    case = Case(
        platform="1688",
        buyer_type="business",
        events=(
            event("ordered", "2025-12-10 10:00"),
            event("refund_requested", "2025-12-11 09:00"),  # before shipment
            event("seller_agreed", "2025-12-11 20:00"),
        ),
    )
    d = by_key(case)
    assert d["return_ship"].due == datetime(2025, 12, 18, 20, 0, tzinfo=CST)
    assert d["intervention"].due == datetime(2025, 12, 14, 9, 0, tzinfo=CST)
    assert d["intervention"].kind == "opens"
    assert d["seller_response_unshipped"].due == datetime(2025, 12, 12, 9, 0, tzinfo=CST)
    assert d["seller_response_unshipped"].party == "seller"
    assert describe(d["intervention"], NOW) == (
        "usually 3 days; the platform's own page decides "
        "(estimate: open since 2025-12-14 09:00 +08:00, 6 days ago)"
    )
    assert describe(d["intervention"], NOW, "zh") == (
        "一般为3天，以平台页面为准（按此估算：自2025年12月14日09:00起可申请，已过6天）"
    )
    early = datetime(2025, 12, 13, 9, 0, tzinfo=CST)  # one bracket level, never "（还需…））"
    assert describe(d["intervention"], early, "zh") == (
        "一般为3天，以平台页面为准（按此估算：自2025年12月14日09:00起可申请，还需24小时）"
    )
    for dl in d.values():
        for when in (early, NOW):
            for lang in ("zh", "en"):
                text = describe(dl, when, lang)
                assert "））" not in text and "))" not in text, text


def test_latest_refusal_counts() -> None:
    case = Case(
        platform="1688",
        events=(event("seller_refused", "2025-12-11 09:00"), event("refused", "2025-12-13 09:00")),
    )
    assert by_key(case)["modify_after_refusal"].due == datetime(2025, 12, 18, 9, 0, tzinfo=CST)


def test_taobao_seller_response_depends_on_shipment() -> None:
    shipped = event("shipped", "2025-12-12 18:00")
    before = by_key(
        Case(platform="taobao", events=(shipped, event("refund_requested", "2025-12-12 09:00")))
    )
    after = by_key(
        Case(platform="taobao", events=(shipped, event("refund_requested", "2025-12-13 09:00")))
    )
    assert "seller_response_unshipped" in before and "seller_response_shipped" not in before
    assert after["seller_response_shipped"].due == datetime(2025, 12, 18, 9, 0, tzinfo=CST)


@pytest.mark.parametrize(
    ("signed", "key", "due"),
    [
        ("2025-12-05 12:00", "auto_confirm", "2025-12-11 10:00"),  # signed day 4 -> day 10
        ("2025-12-15 12:00", "auto_confirm_late_sign", "2025-12-17 12:00"),  # day 14 -> +48 h
        (None, "auto_confirm_no_sign", "2025-12-31 10:00"),  # never signed -> day 30
    ],
)
def test_1688_auto_confirm(signed: str | None, key: str, due: str) -> None:
    events = [event("shipped", "2025-12-01 10:00")] + ([event("signed", signed)] if signed else [])
    d = by_key(Case(platform="1688", events=tuple(events)))
    autos = [k for k in d if k.startswith("auto_confirm")]
    assert autos == [key]
    assert d[key].due == datetime.fromisoformat(due).replace(tzinfo=CST)
    assert d[key].applies


def test_open_refund_pauses_auto_confirm() -> None:
    case = Case(
        platform="taobao",
        events=(
            event("shipped", "2025-12-01 10:00"),
            event("refund_requested", "2025-12-05 10:00"),
        ),
    )
    assert not by_key(case)["auto_confirm"].applies


def test_jd_windows() -> None:
    case = Case(
        platform="jd",
        events=(event("dispute_filed", "2025-12-15 10:00"), event("closed", "2025-12-18 10:00")),
    )
    d = by_key(case)
    assert d["intervention"].due == datetime(2025, 12, 16, 10, 0, tzinfo=CST)
    assert d["appeal"].due == datetime(2025, 12, 25, 10, 0, tzinfo=CST)
    assert d["intervention"].confidence == "H"


def test_ebay_business_days() -> None:
    fri = Case(
        platform="ebay",
        timezone="Europe/London",
        events=(event("refund_requested", "2025-12-12 10:00", 0),),
    )
    sat = Case(
        platform="ebay",
        timezone="Europe/London",
        events=(event("refund_requested", "2025-12-13 10:00", 0),),
    )
    assert by_key(fri)["step_in"].due == datetime(2025, 12, 17, 10, 0, tzinfo=UTC)  # Mon, Tue, Wed
    assert by_key(sat)["step_in"].due == datetime(2025, 12, 18, 0, 0, tzinfo=UTC)  # from Mon 00:00


def test_unconfirmed_rule_is_advice() -> None:
    case = Case(platform="1688", events=(event("return_shipped", "2025-12-18 11:00"),))
    d = by_key(case)["pickup_sync_2h"]
    assert d.status == "unconfirmed" and d.confidence == "?"
    assert describe(d, NOW).startswith("unconfirmed advice: missed by 2 days")
    assert describe(d, NOW, "zh").startswith("未经证实的建议：已超过2天")


# --- describe ----------------------------------------------------------------------------------


def _deadline(due: datetime, kind: str = "due", tz: str = "Asia/Shanghai") -> Deadline:
    return Deadline(
        "k", "标题", "title", due, kind, "b", "b", "https://x", "H", "rule", True, "", "", tz
    )


def test_describe_wording() -> None:
    due = datetime(2025, 12, 22, 8, 30, tzinfo=UTC)
    d = _deadline(due)
    assert (
        describe(d, due - timedelta(days=2, hours=3))
        == "due by 2025-12-22 16:30 +08:00 (in 2 days)"
    )
    assert describe(d, due + timedelta(hours=5, minutes=20)) == (
        "missed by 5 hours (was due by 2025-12-22 16:30 +08:00)"
    )
    assert describe(d, due - timedelta(days=2), "zh") == "截止2025年12月22日16:30（还剩2天）"
    assert describe(d, due + timedelta(hours=5), "zh") == "已超过5小时（截止2025年12月22日16:30）"
    assert describe(d, due - timedelta(hours=1)) == "due by 2025-12-22 16:30 +08:00 (in 1 hour)"
    assert describe(d, due - timedelta(seconds=10)).endswith("(in less than a minute)")
    assert describe(_deadline(due, tz="America/New_York"), due).startswith(
        "missed by less than a minute (was due by 2025-12-22 03:30 -05:00)"
    )


dt_strategy = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1))
TZS = ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe"]


@settings(max_examples=300, deadline=None)
@given(
    due=st.datetimes(timezones=st.just(UTC)),
    now=st.datetimes() | st.datetimes(timezones=st.just(UTC)),
    kind=st.sampled_from(["due", "opens"]),
    tz=st.sampled_from([*TZS, "Not/AZone", ""]),
    lang=st.sampled_from(["zh", "en", "xx"]),
)
def test_describe_never_raises(due: datetime, now: datetime, kind: str, tz: str, lang: str) -> None:
    assert describe(_deadline(due, kind, tz), now, lang)


@settings(max_examples=300, deadline=None)
@given(
    a=dt_strategy,
    gap=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)),
    unit=st.sampled_from(["hours", "days", "calendar_days", "business_days"]),
    value=st.integers(min_value=0, max_value=400),
    tz=st.sampled_from(TZS),
)
def test_due_monotone_in_event_time(
    a: datetime, gap: timedelta, unit: str, value: int, tz: str
) -> None:
    t1 = a.replace(tzinfo=UTC)
    t2 = t1 + gap
    assert add_period(t1, value, unit, zone(tz)) <= add_period(t2, value, unit, zone(tz))


@settings(max_examples=150, deadline=None)
@given(a=dt_strategy, gap=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)))
def test_compute_deadlines_monotone(a: datetime, gap: timedelta) -> None:
    def dues(t: datetime) -> dict[str, datetime]:
        events = (Event("shipped", t, 480, False), Event("signed", t, 480, False),
                  Event("seller_agreed", t, 480, False))  # fmt: skip
        return {
            d.key: d.due for d in compute_deadlines(Case(platform="taobao", events=events), NOW)
        }

    d1, d2 = dues(a), dues(a + gap)
    assert d1.keys() == d2.keys()
    assert all(d1[k] <= d2[k] for k in d1)


def test_met_deadline_is_described_as_met() -> None:
    case = Case(
        platform="taobao",
        events=(
            event("seller_agreed", "2025-12-11 20:00"),
            event("return_shipped", "2025-12-12 09:00"),
        ),
    )
    d = by_key(case)["return_ship"]
    assert d.done_at == datetime(2025, 12, 12, 9, 0, tzinfo=CST)
    assert describe(d, NOW) == (
        "usually 7 days; the platform's own page decides "
        "(estimate: met on 2025-12-12 09:00 +08:00, due by 2025-12-18 20:00 +08:00)"
    )
    assert describe(d, NOW, "zh") == (
        "一般为7天，以平台页面为准（按此估算：已于2025年12月12日09:00完成，截止2025年12月18日20:00）"
    )
