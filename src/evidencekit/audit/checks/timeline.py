"""Evidence against the case timeline, and deadline findings (completeness per claim type and
return tracking numbers: checks/coverage.py).

Codes EK300-EK399 (table: docs/findings-timeline.md). Each finding states the objection the
other side could raise and what to do. Heuristics (caption/filename hints, tolerances) are
named as such in the message; thresholds below are evidencekit's choices, not platform rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime, timedelta

from evidencekit.audit.checks.contradictions import contradiction_findings
from evidencekit.audit.checks.coverage import (
    RETURN_HINTS,
    completeness_findings,
    finding,
    has_hint,
    tracking_findings,
)
from evidencekit.models import Case, Category, Confidence, EvidenceItem, Finding, Severity
from evidencekit.rules.deadlines import (
    Deadline,
    compute_deadlines,
    describe,
    find_event,
    format_local,
    seven_day_applies,
)
from evidencekit.rules.platforms import load_law, load_profile

DELIVERY_TOLERANCE = timedelta(hours=1)
"""Courier scans can lag the hand-over; photos up to an hour before 'signed' are not flagged."""
LISTING_MAX_AFTER_ORDER = timedelta(days=2)
"""A listing captured later than this may no longer show what was sold (sellers edit pages)."""
RETURN_LABEL_TOLERANCE = timedelta(hours=2)
DUE_SOON = timedelta(hours=24)
"""Alert at T-24 h (domain.md section 6, item 4)."""

_CONF_ZH = {"high": "高", "medium": "中", "low": "低", "none": "无"}


def _dated(
    items: Sequence[EvidenceItem], cat: Category
) -> list[tuple[EvidenceItem, datetime, datetime]]:
    """(item, earliest, latest) instant of each dated item of ``cat``: one instant, or the
    whole day of a date-only capture (a photo dated the delivery day is not before it)."""
    out = []
    for it in items:
        span = it.capture.utc_span
        if it.source.category == cat and span is not None and it.capture.confidence.rank > 0:
            out.append((it, *span))
    return out


def _at(it: EvidenceItem, utc: datetime, tz: str, lang: str = "en") -> str:
    """When the item was captured, for a message: the date alone for a date-only capture."""
    return it.capture.shown(lang) if it.capture.date_only else format_local(utc, tz)


def _strong(item: EvidenceItem) -> Severity:
    return Severity.ERROR if item.capture.confidence == Confidence.HIGH else Severity.WARNING


def _against_events(case: Case, items: Sequence[EvidenceItem]) -> list[Finding]:
    out: list[Finding] = []
    tz = case.timezone
    signed, ordered = find_event(case, "signed"), find_event(case, "ordered")
    if signed is not None:
        for cat, code, what, what_zh in (
            (Category.PRODUCT, "EK301", "photo of the received goods", "收到的商品照片"),
            (Category.PARCEL, "EK302", "photo of the delivered parcel", "送达包裹的照片"),
        ):
            for it, _, utc in _dated(items, cat):
                if utc < signed.utc - DELIVERY_TOLERANCE:
                    out.append(
                        finding(
                            code,
                            _strong(it),
                            f"This {what} was captured {_at(it, utc, tz)} "
                            f"({it.capture.source}, {it.capture.confidence.value} confidence), before the "
                            f"parcel was signed for at {format_local(signed.utc, tz)}: the seller can say "
                            "it shows other goods.",
                            "Check the signing time in case.toml and the camera clock; if the photo is "
                            "from another delivery, leave it out.",
                            f"这张{what_zh}拍摄于 {_at(it, utc, tz, 'zh')}（{it.capture.source}，"
                            f"可信度{_CONF_ZH[it.capture.confidence.value]}），早于包裹签收时间 "
                            f"{format_local(signed.utc, tz)}：卖家可以说照片拍的是别的货。",
                            "核对 case.toml 中的签收时间和相机的时钟；如果这张照片来自另一次收货，"
                            "请不要使用。",
                            it.path,
                        )
                    )
    if ordered is not None:
        for it, utc, _ in _dated(items, Category.LISTING):
            if utc - ordered.utc > LISTING_MAX_AFTER_ORDER:
                out.append(
                    finding(
                        "EK303",
                        Severity.WARNING,
                        f"The listing screenshot was captured {_at(it, utc, tz)}, "
                        f"{(utc - ordered.utc).days} days after the order: the page may have changed "
                        "since, so it may not show what was sold.",
                        "Save the order snapshot (交易快照) from the order page, which shows the listing "
                        "as it was when you ordered; keep this screenshot as a supplement.",
                        f"这张商品页截图拍摄于 {_at(it, utc, tz, 'zh')}，是下单 "
                        f"{(utc - ordered.utc).days} 天之后：页面在此期间可能改过，"
                        "未必是你下单时卖家展示的内容。",
                        "在订单页保存交易快照，它显示的是下单时的商品页面；这张截图可以作为补充。",
                        it.path,
                    )
                )
        for it, _, utc in _dated(items, Category.CHAT):
            if utc < ordered.utc - DELIVERY_TOLERANCE:
                out.append(
                    finding(
                        "EK304",
                        Severity.WARNING,
                        f"The chat screenshot was captured {_at(it, utc, tz)}, before the order "
                        f"({format_local(ordered.utc, tz)}): it cannot show the dispute about this order.",
                        "If it is pre-sale chat (a promise about the goods), say so in its caption; "
                        "otherwise check that it belongs to this order.",
                        f"这张聊天截图拍摄于 {_at(it, utc, tz, 'zh')}，早于下单时间"
                        f"（{format_local(ordered.utc, tz)}）：它无法证明本订单的争议。",
                        "如果是售前聊天（卖家对商品的承诺），请在说明（caption）中写明；"
                        "否则请确认它确实属于本订单。",
                        it.path,
                    )
                )
    closed = find_event(case, "closed")
    if closed is not None:
        for it, utc, _ in _dated(items, Category.CHAT):
            if utc > closed.utc:
                out.append(
                    finding(
                        "EK305",
                        Severity.INFO,
                        f"The chat screenshot was captured {_at(it, utc, tz)}, after the dispute "
                        f"closed ({format_local(closed.utc, tz)}).",
                        "Fine for older messages: make sure the message times are visible in the "
                        "screenshot.",
                        f"这张聊天截图拍摄于 {_at(it, utc, tz, 'zh')}，在纠纷关闭"
                        f"（{format_local(closed.utc, tz)}）之后。",
                        "如果截的是之前的消息，没有问题：请确保截图里能看到消息的时间。",
                        it.path,
                    )
                )
    shipped_back = find_event(case, "return_shipped")
    if shipped_back is not None:
        for it, utc, _ in _dated(items, Category.PARCEL):
            if has_hint(it, RETURN_HINTS) and utc > shipped_back.utc + RETURN_LABEL_TOLERANCE:
                out.append(
                    finding(
                        "EK306",
                        Severity.WARNING,
                        f"This return-parcel photo (recognised by its caption or file name, a "
                        f"heuristic) was captured {_at(it, utc, tz)}, after the return was "
                        f"recorded as shipped ({format_local(shipped_back.utc, tz)}): a label "
                        "photographed after hand-over is open to doubt.",
                        "Check the return_shipped time in case.toml; if this is the courier receipt "
                        "(底单), say so in the caption.",
                        f"这张退货包裹照片（根据说明或文件名判断，属推测）拍摄于 "
                        f"{_at(it, utc, tz, 'zh')}，晚于记录的退货寄出时间"
                        f"（{format_local(shipped_back.utc, tz)}）：交寄之后才拍的面单照片容易被质疑。",
                        "核对 case.toml 中的 return_shipped 时间；如果这是快递底单，"
                        "请在说明中写明。",
                        it.path,
                    )
                )
    return out


def _notice_gap(case: Case, now: datetime) -> list[Finding]:
    """民法典 Art. 621: notify defects within a reasonable period (threshold from law.toml)."""
    signed = find_event(case, "signed")
    if signed is None or case.claim == "not_received":
        return []
    rule = load_law().rules["notice_gap"]
    limit = timedelta(days=float(rule.value))
    firsts = [
        e
        for k in ("complained", "refund_requested", "dispute_filed")
        if (e := find_event(case, k)) is not None
    ]
    first = min(firsts, key=lambda e: e.utc) if firsts else None
    end = first.utc if first else now
    if end - signed.utc <= limit:
        return []
    days = (end - signed.utc).days
    sev = Severity.WARNING if case.buyer_type == "business" else Severity.INFO
    what = "the first complaint was recorded" if first else "no complaint is recorded yet"
    what_zh = "按记录的首次反映时间计算" if first else "至今还没有记录任何反映，按当前时间计算"
    return [
        finding(
            "EK307",
            sev,
            f"{days} days passed between receipt and the first complaint ({what}): the seller can "
            "argue the problem was not notified within a reasonable period (民法典 Art. 621) or arose "
            f"after delivery. evidencekit flags gaps over {rule.value} days; the law sets no number.",
            'Record the first time you told the seller ([[event]] kind = "complained") and include '
            "that chat; explain the delay (e.g. goods inspected when unpacked for use).",
            f"从签收到第一次向卖家反映问题相隔 {days} 天（{what_zh}）：卖家可以主张你没有在"
            "合理期限内通知质量问题（《民法典》第六百二十一条），或者问题是签收后才出现的。"
            f"evidencekit 对超过 {rule.value} 天的间隔给出提示；法律本身没有规定具体天数。",
            '在 case.toml 中记录你第一次告诉卖家的时间（[[event]] kind = "complained"），'
            "并附上那段聊天记录；说明延迟的原因（例如拆封使用时才验货）。",
        )
    ]


LOW_NOTE = (
    " This timer is reported by secondary sources only, not the platform's rule text: the "
    "platform's own countdown decides.",
    "该时限仅见于第三方文章，并非平台规则原文：以平台页面倒计时为准。",
)


_ADVICE: dict[str, tuple[Severity, str, str]] = {
    "EK333": (
        Severity.INFO,
        "Unconfirmed: treat it as advice, not a platform rule; act early to be safe.",
        "未经证实：仅供参考，不是平台规则；稳妥起见请尽早处理。",
    ),
    "EK330": (
        Severity.WARNING,
        "Check the platform's own countdown; if the window closed, say so in the "
        "statement and ask the seller or platform for an exception.",
        "以平台页面上的倒计时为准；如果期限已过，请在陈述中说明，并请卖家或平台通融处理。",
    ),
    "EK331": (
        Severity.WARNING,
        "Act now: this window closes within a day.",
        "请马上处理：这个期限不到一天就要截止了。",
    ),
    "EK332": (
        Severity.INFO,
        "Under this rule silence usually counts as agreement: cite it to the platform; "
        "record the seller's answer as an event if there was one.",
        "按这条规则，卖家逾期不处理通常视为同意：可以向平台引用这条规则；"
        "如果卖家其实答复过，请把答复记录为事件。",
    ),
}
"""Deadline finding code -> (severity, remedy, remedy in Chinese)."""


def _deadline_findings(deadlines: Sequence[Deadline], now: datetime) -> list[Finding]:
    out: list[Finding] = []
    for d in deadlines:
        f = _one_deadline(d, now)
        if f is None:
            continue
        if d.confidence == "L":  # advice: say so in the fix
            f = dataclasses.replace(
                f, remedy=f.remedy + LOW_NOTE[0], remedy_zh=f.remedy_zh + LOW_NOTE[1]
            )
        out.append(f)
    return out


def _deadline_code(d: Deadline, now: datetime) -> str | None:
    """Which of EK330-EK333 an open ``due`` window calls for, if any."""
    if d.status != "rule" and d.confidence != "L":
        return "EK333"
    if d.party == "buyer" and d.due <= now:
        return "EK330"
    if d.party == "buyer" and d.due - now <= DUE_SOON:
        return "EK331"
    if d.party == "seller" and d.due <= now:
        return "EK332"
    return None


def _one_deadline(d: Deadline, now: datetime) -> Finding | None:
    """The finding one window calls for, if any."""
    met = d.done_at is not None and d.done_at <= d.due
    code = None if not d.applies or d.kind != "due" or met else _deadline_code(d, now)
    if code is None:
        return None
    text = (
        f"{d.title_en}: {describe(d, now, 'en')}. Basis: {d.basis} "
        f"(source {d.source}, confidence {d.confidence})."
    )
    text_zh = (
        f"{d.title_zh}：{describe(d, now, 'zh')}。依据：{d.basis_zh}"
        f"（来源 {d.source}，可信度 {d.confidence}）。"
    )
    if code == "EK332":
        text += " No seller response is recorded before then."
        text_zh += "在此之前没有记录到卖家的答复。"
    severity, remedy, remedy_zh = _ADVICE[code]
    return finding(code, severity, text, remedy, text_zh, remedy_zh)


def timeline_findings(case: Case, items: Sequence[EvidenceItem], now: datetime) -> list[Finding]:
    """All EK3xx findings for one case. Pure: no I/O besides the bundled rule data."""
    out = _against_events(case, items)
    out += contradiction_findings(case, now)
    out += _notice_gap(case, now)
    out += completeness_findings(case, items)
    out += tracking_findings(case, items)
    if find_event(case, "signed") is None and case.claim != "not_received":
        out.append(
            finding(
                "EK320",
                Severity.INFO,
                "No delivery (signed) time is recorded: windows counted from signing (seven-day "
                "return, auto-confirm, claim windows) cannot be computed and photos cannot be "
                "checked against delivery.",
                'Add [[event]] kind = "signed" with the signing time from the tracking page.',
                "没有记录签收时间：从签收起算的期限（7天无理由退货、自动确认收货、申请售后的期限）"
                "无法计算，照片也无法与签收时间核对。",
                '按物流页面上的签收时间，添加 [[event]] kind = "signed"。',
            )
        )
    profile = load_profile(case.platform)
    applies, reason, reason_zh = seven_day_applies(case, profile)
    if case.claim == "no_reason" and not applies:
        out.append(
            finding(
                "EK340",
                Severity.WARNING,
                f"The claim is a no-reason return, but the seven-day rule does not apply: {reason}.",
                'Base the request on a defect (claim = "quality") if there is one, or on the '
                "seller's own return policy.",
                f"申请的是七日无理由退货，但法定的七日无理由退货不适用：{reason_zh}。",
                '如果商品确有质量问题，请以质量问题为由申请（claim = "quality"），'
                "或依据卖家自己的退货政策申请。",
            )
        )
    out += _deadline_findings(compute_deadlines(case, now), now)
    return out
