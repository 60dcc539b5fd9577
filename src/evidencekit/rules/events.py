"""Event kinds as the deadline rules and checks see them: aliases, names, and which event a
window counts from.

签收 (signed) and 送达 (delivered) are kept apart: a courier that records who signed gives a
``signed`` event; a tracking page that only says "delivered" gives ``delivered``. Rules that
count from 签收 use the signed event when there is one, else the delivery, and say which
(``signing``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evidencekit.models import Case, Event

EVENT_ALIASES = {
    "paid": "ordered",
    "order": "ordered",
    "placed": "ordered",
    "purchased": "ordered",
    "dispatched": "shipped",
    "delivered": "signed",
    "received": "signed",
    "first_complaint": "complained",
    "contacted_seller": "complained",
    "refund_applied": "refund_requested",
    "return_requested": "refund_requested",
    "agreed": "seller_agreed",
    "refused": "seller_refused",
    "rejected": "seller_refused",
    "return_delivered": "return_received",
    "complaint_filed": "dispute_filed",
    "claim_filed": "dispute_filed",
    "intervention_requested": "dispute_filed",
    "trade_success": "confirmed",
    "confirmed_receipt": "confirmed",
}
"""Event kinds accepted in case.toml besides the canonical ones in ``EVENT_NAMES``."""

EVENT_NAMES = {
    "ordered": ("下单", "order placed"),
    "shipped": ("卖家发货", "shipped"),
    "signed": ("签收", "delivered (signed for)"),
    "delivered": ("送达", "delivery"),
    "estimated_delivery": ("预计送达", "estimated delivery"),
    "complained": ("首次向卖家反映问题", "first complaint to the seller"),
    "refund_requested": ("申请退款", "refund request"),
    "seller_agreed": ("卖家同意", "seller's agreement"),
    "seller_refused": ("卖家拒绝", "seller refused"),
    "return_shipped": ("买家寄回退货", "return shipment"),
    "return_received": ("卖家收到退货", "return delivered to the seller"),
    "refunded": ("退款到账", "refund"),
    "dispute_filed": ("申请平台介入/投诉", "dispute or complaint to the platform"),
    "confirmed": ("交易成功", "trade completed"),
    "closed": ("纠纷关闭", "dispute closed"),
    "appealed": ("申请复核（申诉）", "appealed"),
}

LATEST_WINS = frozenset({"refund_requested", "seller_agreed", "seller_refused", "dispute_filed"})
"""Events that can repeat (re-application, re-agreement): windows run from the latest one.
All other kinds count from their first occurrence."""

SIGNED_KINDS = ("signed", "received")
"""Raw kinds that record the signing itself; ``delivered`` only says the parcel arrived."""


def canonical_kind(kind: str) -> str:
    k = kind.strip().lower().replace("-", "_").replace(" ", "_")
    return EVENT_ALIASES.get(k, k)


def find_event(case: Case, kind: str) -> Event | None:
    """The event of this kind (first, or latest for ``LATEST_WINS``), aliases resolved.

    ``signed``: the first event recording the signing (``signed``) when there is one, else the
    first ``delivered`` (a platform rule counting from 签收 then counts from the delivery;
    ``signing`` says which was used)."""
    matches = sorted(
        (e for e in case.events if canonical_kind(e.kind) == kind), key=lambda e: e.utc
    )
    if not matches:
        return None
    if kind == "signed":
        exact = [e for e in matches if e.kind.strip().lower() in SIGNED_KINDS]
        return (exact or matches)[0]
    return matches[-1] if kind in LATEST_WINS else matches[0]


def signing(case: Case) -> tuple[str, Event] | None:
    """The event 签收 counts from, and its kind as used: (``signed``, the signing) when the
    courier recorded one, else (``delivered``, the delivery); None when neither is recorded."""
    ev = find_event(case, "signed")
    if ev is None:
        return None
    return ("signed" if ev.kind.strip().lower() in SIGNED_KINDS else "delivered"), ev


def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def format_local(dt: datetime, tz: str) -> str:
    """``2025-12-22 16:30 +08:00`` in the case timezone; never raises."""
    try:
        local = dt.astimezone(zone(tz))
    except (OverflowError, ValueError):
        local = dt
    off = local.utcoffset() or timedelta(0)
    sign = "-" if off < timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return f"{local:%Y-%m-%d %H:%M} {sign}{minutes // 60:02d}:{minutes % 60:02d}"


def date_zh(dt: datetime, tz: str) -> str:
    """``2025年12月19日10:20`` in the case timezone (a Chinese reader's date); never raises."""
    try:
        local = dt.astimezone(zone(tz))
    except (OverflowError, ValueError):
        local = dt
    return f"{local.year}年{local.month}月{local.day}日{local:%H:%M}"
