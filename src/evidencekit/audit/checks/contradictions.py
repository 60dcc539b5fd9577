"""Contradictions inside the case timeline (issue 15): events in an impossible order, events
after the time of the audit, a return shipped before the seller agreed to it, a claimed
amount above what the order cost.

Codes EK350-EK353 (docs/findings-timeline.md). case.toml's own contradictions (an amount written
as a number, two ``[[file]]`` tables for one path) are EK207/EK208 (``case/consistency.py``).
A contradiction is a finding, not an error: the file still loads, and the other side would use
it to doubt the whole timeline, so the buyer hears of it first.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from evidencekit.audit.checks.coverage import finding
from evidencekit.models import Case, Event, Finding, Severity
from evidencekit.rules import kinds
from evidencekit.rules.amounts import decimal
from evidencekit.rules.events import format_local

ORDER = (
    ("ordered", "shipped"),
    ("shipped", "delivered"),
    ("shipped", "signed"),
    ("return_shipped", "return_delivered"),
)
"""(earlier, later): the first event of the second kind cannot come before the first of the
first kind. Equal times are not flagged (a page may show only the minute)."""

NOT_IN_FUTURE_EXEMPT = frozenset({"estimated_delivery"})
"""An estimated delivery may lie ahead; every other event has happened."""


def _first(case: Case, kind: str) -> Event | None:
    evs = [e for e in case.events if e.kind == kind]
    return min(evs, key=lambda e: e.utc) if evs else None


def _line(ev: Event, zh: bool) -> str:
    if zh:
        return f"case.toml 第 {ev.line} 行：" if ev.line else "case.toml："
    return f"case.toml line {ev.line}: " if ev.line else "case.toml: "


def _name(kind: str, zh: bool) -> str:
    label = kinds.event_label(kind, "zh" if zh else "en")
    return f"“{label}”事件" if zh else f"the '{label}' event"


def _order(case: Case) -> list[Finding]:
    out: list[Finding] = []
    tz = case.timezone
    for early_kind, late_kind in ORDER:
        early, late = _first(case, early_kind), _first(case, late_kind)
        if early is None or late is None or late.utc >= early.utc:
            continue
        at_late, at_early = format_local(late.utc, tz), format_local(early.utc, tz)
        out.append(
            finding(
                "EK350",
                Severity.WARNING,
                f"{_line(late, False)}{_name(late_kind, False)} ({at_late}) is before "
                f"{_name(early_kind, False)} ({at_early}), which cannot be: one of the two times "
                "is wrong, and the seller can use the contradiction to doubt the whole timeline.",
                "Copy both times from the order and tracking pages and correct the wrong one "
                f'(the at time of [[event]] kind = "{late_kind}" or kind = "{early_kind}").',
                f"{_line(late, True)}{_name(late_kind, True)}（{at_late}）早于"
                f"{_name(early_kind, True)}（{at_early}），这在事实上不可能：两个时间必有一个写错，"
                "卖家可以借此质疑整条时间线。",
                "请对照订单页和物流详情页核对这两个时间，改正写错的一个"
                f'（[[event]] kind = "{late_kind}" 或 kind = "{early_kind}" 的 at）。',
            )
        )
    return out


def _future(case: Case, now: datetime) -> list[Finding]:
    out: list[Finding] = []
    tz = case.timezone
    at_now = format_local(now, tz)
    for ev in case.events:
        if ev.kind in NOT_IN_FUTURE_EXEMPT or ev.utc <= now:
            continue
        at = format_local(ev.utc, tz)
        out.append(
            finding(
                "EK351",
                Severity.WARNING,
                f"{_line(ev, False)}{_name(ev.kind, False)} is at {at}, after the time of this "
                f"audit ({at_now}): a typing mistake (the year or the month?), or the audit was "
                "run with an --at earlier than the event.",
                "Correct the time in case.toml, or run the audit again with --at after the last "
                "event.",
                f"{_line(ev, True)}{_name(ev.kind, True)}的时间为 {at}，晚于本次检查的时间"
                f"（{at_now}）：可能是笔误（年份或月份？），或检查时指定的 --at 早于该事件。",
                "请改正 case.toml 中的时间，或用晚于最后一个事件的 --at 重新检查。",
            )
        )
    return out


def _return_before_agreement(case: Case) -> list[Finding]:
    shipped, agreed = _first(case, "return_shipped"), _first(case, "seller_agreed")
    if shipped is None or agreed is None or shipped.utc >= agreed.utc:
        return []
    tz = case.timezone
    at_ship, at_agree = format_local(shipped.utc, tz), format_local(agreed.utc, tz)
    return [
        finding(
            "EK352",
            Severity.WARNING,
            f"{_line(shipped, False)}the return was shipped ({at_ship}) before the seller agreed "
            f"to it ({at_agree}): a return sent before the agreement, to an address the seller "
            "did not give, can be refused, and on 1688 and Taobao the refund can then close.",
            "If the times are right, keep the chat in which the seller accepted the return or "
            "gave the address earlier; otherwise correct the at time of [[event]] kind = "
            '"return_shipped" or kind = "seller_agreed".',
            f"{_line(shipped, True)}买家寄回退货（{at_ship}）早于卖家同意退货（{at_agree}）："
            "未经卖家同意、未按卖家提供的地址寄回的退货，卖家可以拒收，1688和淘宝的退款也可能因此关闭。",
            "如果时间无误，请保留卖家此前同意退货或提供退货地址的聊天记录；否则请改正"
            '[[event]] kind = "return_shipped" 或 kind = "seller_agreed" 的 at。',
        )
    ]


def claim_ceiling(case: Case) -> Decimal | None:
    """The most the claim can ask for: the order amount; for counterfeit goods the price back
    plus three times the price, at least ¥500 (消费者权益保护法第五十五条第一款)."""
    total = decimal(case.amount)
    if total is None:
        return None
    if case.claim == "counterfeit":
        return total + max(total * 3, Decimal(500))
    return total


def _overclaim(case: Case) -> list[Finding]:
    claimed, ceiling = decimal(case.claimed_amount), claim_ceiling(case)
    if claimed is None or ceiling is None or claimed <= ceiling:
        return []
    c, t = f"{claimed:.2f}", f"{decimal(case.amount) or 0:.2f}"
    return [
        finding(
            "EK353",
            Severity.WARNING,
            f"claimed_amount {c} is more than the order amount {t}: the seller and the platform "
            "will refuse a claim above what was paid, and it makes the whole request look "
            "unreasonable.",
            "Claim at most the amount paid for the affected units; remove claimed_amount to "
            "claim the affected share of the order amount (quantity, defective_quantity).",
            f"主张金额{c}元高于订单金额{t}元：超出实付金额的请求，卖家和平台都不会支持，"
            "还会让整个请求显得不合理。",
            "主张金额请不要超过有问题商品的实付金额；删去 claimed_amount，即按有问题件数"
            "（defective_quantity）占订单数量（quantity）的比例计算。",
        )
    ]


def contradiction_findings(case: Case, now: datetime) -> list[Finding]:
    """EK350-EK353 for one case at ``now`` (the audit's clock or ``--at``). Pure."""
    return _order(case) + _future(case, now) + _return_before_agreement(case) + _overclaim(case)
