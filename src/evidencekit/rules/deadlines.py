"""Deadlines and windows computed from the case's events and the platform profile data.

Every number comes from ``platforms/<platform>.toml`` or ``platforms/law.toml`` (value, source,
confidence, checked date); this module only does the time arithmetic. Conventions:

* ``hours`` / ``days``: exact elapsed time from the event (a platform countdown: 7 days = 168 h).
* ``calendar_days``: the seven-day period of 《网络购买商品七日无理由退货暂行办法》 Art. 10
  ("七日期间自消费者签收商品的次日开始起算", https://www.gov.cn/zhengce/2020-11/03/content_5723721.htm):
  day 1 is the day after signing, counted from 00:00 in the case timezone; the window ends at the
  end of day 7, reported as 00:00 of day 8. Signed 2025-12-15 16:30 +08:00 -> due 2025-12-23
  00:00 +08:00, while the 168-hour count gives 2025-12-22 16:30 +08:00.
* ``business_days``: Monday-Friday in the case timezone, public holidays ignored; an event on a
  weekend starts counting at 00:00 on Monday, which keeps due times monotone in the event time.

The platform's own countdown (1688 API ``gmtTimeOut``) beats all of this when the buyer has it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from evidencekit.models import AuditResult, Case, Event
from evidencekit.rules.events import (  # noqa: F401  (re-exported: audit, outputs, tests)
    EVENT_ALIASES,
    EVENT_NAMES,
    LATEST_WINS,
    canonical_kind,
    date_zh,
    find_event,
    format_local,
    signing,
    zone,
)
from evidencekit.rules.platforms import Profile, Rule, load_law, load_profile

_UNITS = {
    "hours": ("小时", "hours"),
    "days": ("天", "days"),
    "calendar_days": ("个自然日（自次日00:00起）", "calendar days from 00:00 the next day"),
    "business_days": ("个工作日", "business days"),
}


@dataclass(frozen=True)
class Deadline:
    """One window, computed from one event by one rule."""

    key: str
    """Rule key (``seven_day_calendar``, ``return_ship``...), stable for tests and JSON."""
    title_zh: str
    title_en: str
    due: datetime
    """Aware UTC datetime: the end of the window (kind ``due``) or its opening (``opens``)."""
    kind: str
    """``due``: act before it; ``opens``: possible from then on."""
    basis: str
    """How it was computed, in English: rule, count and the event it runs from."""
    basis_zh: str
    source: str
    confidence: str
    status: str
    """``rule`` or ``unconfirmed`` (advice only, never presented as a rule)."""
    applies: bool
    reason: str
    """Why it applies or not (buyer type, seven_day flag, open refund), in English."""
    reason_zh: str
    tz: str
    """Case timezone name used for display (falls back to UTC when invalid)."""
    party: str = "buyer"
    """Who must act: ``buyer``, ``seller`` (silence usually counts as agreement) or ``platform``."""
    from_kind: str = ""
    """Canonical kind of the event the window runs from."""
    done_at: datetime | None = None
    """UTC time of the first event after the anchor that meets it (rule ``done_by``), if any."""
    note: str = ""
    period_zh: str = ""
    """The rule's period as a reader says it ("48小时", "7个自然日"), for advice wording."""
    period_en: str = ""

    @property
    def advisory(self) -> bool:
        """Advice, not a hard deadline: unconfirmed, or sourced to a secondary page only
        (confidence L or ?). The submission never states it; the pre-check words it as
        "一般为…，以平台页面为准"."""
        return self.status != "rule" or self.confidence in ("L", "?")


def seven_day_applies(case: Case, profile: Profile) -> tuple[bool, str, str]:
    """Whether the seven-day no-reason return applies, and why (en, zh; domain.md section 2)."""
    if getattr(case, "seven_day", False):
        return (
            True,
            "case.toml: seven_day = true (the order carries the seller's 7天无理由 service)",
            "case.toml 标记 seven_day = true（本订单有卖家的7天无理由服务）",
        )
    if not profile.chinese_law:
        return (
            False,
            f"the PRC seven-day rule does not govern {profile.title_en} orders",
            f"{profile.title_zh}订单不适用中国7天无理由规定",
        )
    if case.buyer_type == "consumer":
        return (
            True,
            "consumer buyer: 消费者权益保护法 Art. 25, 暂行办法 Art. 2",
            "消费者：《消费者权益保护法》第二十五条、《暂行办法》第二条",
        )
    return (
        False,
        "business buyer: the seven-day no-reason return is a consumer right "
        "(消费者权益保护法 Art. 2, 暂行办法 Art. 2 '为生活消费需要'); set seven_day = true "
        "in case.toml if the order carries the seller's 7天无理由 service (1688 flag 7d)",
        "企业买家：七日无理由退货是消费者的法定权利（消法第二条、暂行办法第二条“为生活消费需要”）；"
        "如订单带有卖家的7天无理由服务，请在 case.toml 中设置 seven_day = true",
    )


def add_period(anchor: datetime, value: float, unit: str, tz: tzinfo) -> datetime:
    """Anchor (aware) + period per the conventions in the module docstring; returns UTC."""
    if unit == "hours":
        return (anchor + timedelta(hours=value)).astimezone(UTC)
    if unit == "days":
        return (anchor + timedelta(days=value)).astimezone(UTC)
    local = anchor.astimezone(tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    if unit == "calendar_days":
        end = midnight + timedelta(days=1 + int(value))
        return end.replace(tzinfo=tz).astimezone(UTC)
    if unit == "business_days":
        start = local.replace(tzinfo=None)
        while start.weekday() >= 5:  # weekend: start counting Monday 00:00
            midnight += timedelta(days=1)
            start = midnight
        n = int(value)
        while n > 0:
            start += timedelta(days=1)
            if start.weekday() < 5:
                n -= 1
        return start.replace(tzinfo=tz).astimezone(UTC)
    raise ValueError(f"not a period unit: {unit}")


def _anchor(case: Case, rule: Rule) -> tuple[str, Event] | None:
    """(kind used, event): a rule counted from ``signed`` runs from the signing when recorded,
    else from the delivery (kind ``delivered``, named in the basis)."""
    for kind in rule.from_event.split("|"):
        if kind == "signed":
            found = signing(case)
            if found is not None:
                return found
            continue
        ev = find_event(case, kind)
        if ev is not None:
            return kind, ev
    return None


def _basis(rule: Rule, kind: str, ev: Event, tz: str) -> tuple[str, str]:
    zh_ev, en_ev = EVENT_NAMES.get(kind, (kind, kind))
    zh_u, en_u = _UNITS[rule.unit]
    at = format_local(ev.utc, tz)
    verb = "opens" if rule.kind == "opens" else "ends"
    en = f"{rule.title_en}: {rule.value} {en_u} after the {en_ev} ({at}); the window {verb} then"
    zh = f"{rule.title_zh}：自{zh_ev}（{at}）起{rule.value}{zh_u}"
    if kind == "delivered" and "signed" in rule.from_event.split("|"):
        en += "; no signing is recorded, so it is counted from the delivery"
        zh += "；未记录签收时间，按送达时间计算"
    return en, zh


def _make(
    case: Case, rule: Rule, kind: str, ev: Event, applies: bool, reason: str, reason_zh: str
) -> Deadline:
    tz = case.timezone if zone(case.timezone) is not UTC else "UTC"
    due = add_period(ev.utc, float(rule.value), rule.unit, zone(tz))
    en, zh = _basis(rule, kind, ev, tz)
    return Deadline(
        key=rule.key,
        title_zh=rule.title_zh,
        title_en=rule.title_en,
        due=due,
        kind=rule.kind,
        basis=en,
        basis_zh=zh,
        source=rule.source,
        confidence=rule.confidence,
        status=rule.status,
        applies=applies,
        reason=reason,
        reason_zh=reason_zh,
        tz=tz,
        party=rule.party,
        from_kind=kind,
        done_at=_done_at(case, rule, ev),
        note=rule.note,
        period_zh=f"{rule.value}{_UNITS[rule.unit][0]}",
        period_en=f"{rule.value} {_UNITS[rule.unit][1]}",
    )


def _done_at(case: Case, rule: Rule, anchor: Event) -> datetime | None:
    kinds = set(rule.done_by.split("|")) - {""}
    times = [e.utc for e in case.events if canonical_kind(e.kind) in kinds and e.utc >= anchor.utc]
    return min(times) if times else None


def _when_ok(case: Case, rule: Rule, ev: Event) -> bool:
    if not rule.when:
        return True
    shipped = find_event(case, "shipped")
    before = shipped is None or ev.utc < shipped.utc
    return before if rule.when == "before_shipped" else not before


def _auto_confirm_1688(case: Case, profile: Profile) -> Iterable[Deadline]:
    """1688 auto-confirm since 2023-06-26 (see 1688.toml): one of three rules applies."""
    shipped, found = find_event(case, "shipped"), signing(case)
    signed = found[1] if found else None
    if shipped is None:
        return []
    within = profile.rules["auto_confirm_sign_within"]
    limit = profile.rules["auto_confirm_sign_limit"]
    # signed <= 8 d after shipment: day 10; signed <= 28 d: signing + 48 h; else day 30.
    if signed is not None and signed.utc - shipped.utc <= timedelta(days=float(within.value)):
        rule, kind, ev = profile.rules["auto_confirm"], "shipped", shipped
    elif signed is not None and signed.utc - shipped.utc <= timedelta(days=float(limit.value)):
        used = found[0] if found else "signed"
        rule, kind, ev = profile.rules["auto_confirm_late_sign"], used, signed
    else:
        rule, kind, ev = profile.rules["auto_confirm_no_sign"], "shipped", shipped
    return [_make(case, rule, kind, ev, *_auto_confirm_applies(case, rule, ev))]


def _auto_confirm_applies(case: Case, rule: Rule, ev: Event) -> tuple[bool, str, str]:
    """An open refund pauses auto-confirmation (Taobao; assumed for 1688, see 1688.toml)."""
    refund = find_event(case, "refund_requested")
    due = add_period(ev.utc, float(rule.value), rule.unit, UTC)
    if refund is not None and refund.utc < due:
        return (
            False,
            "a refund was requested before it: an open refund pauses the timer",
            "此前已申请退款：退款处理期间暂停计时",
        )
    return True, "runs unless a refund is requested first", "申请退款前一直计时"


def compute_deadlines(case: Case, now: datetime) -> list[Deadline]:
    """All windows the case's events allow computing, sorted by due time.

    ``now`` is accepted for API symmetry with the checks (and future rules that depend on it);
    due times do not depend on it. Windows whose anchor event is missing are left out (the
    timeline checks report a missing signing time).
    """
    del now
    profile = load_profile(case.platform)
    rules = list(profile.rules.values())
    if profile.chinese_law:
        rules += [r for r in load_law().rules.values() if r.kind != "info"]
    special = "auto_confirm_late_sign" in profile.rules
    seven = seven_day_applies(case, profile)
    out: list[Deadline] = []
    for rule in rules:
        if rule.kind == "info" or (special and rule.key.startswith("auto_confirm")):
            continue
        found = _anchor(case, rule)
        if found is None or not _when_ok(case, rule, found[1]):
            continue
        why: tuple[bool, str, str] = (True, "", "")
        if rule.requires == "seven_day":
            why = seven
        elif rule.key == "auto_confirm":
            why = _auto_confirm_applies(case, rule, found[1])
        out.append(_make(case, rule, found[0], found[1], *why))
    if special:
        out.extend(_auto_confirm_1688(case, profile))
    return sorted(out, key=lambda d: (d.due, d.key))


def _span(seconds: float, lang: str) -> str:
    s = abs(seconds)
    if s < 60:
        return "不到1分钟" if lang == "zh" else "less than a minute"
    if s < 3600:
        n, zh, en = int(s // 60), "分钟", "minute"
    elif s < 2 * 86400:
        n, zh, en = int(s // 3600), "小时", "hour"
    else:
        n, zh, en = int(s // 86400), "天", "day"
    return f"{n}{zh}" if lang == "zh" else f"{n} {en}{'' if n == 1 else 's'}"


def describe(deadline: Deadline, now: datetime, lang: str = "en") -> str:
    """``due by 2025-12-22 16:30 +08:00 (in 2 days)`` / ``missed by 5 hours (...)``; never raises.

    zh: ``截止2025年12月22日16:30（还剩2天）`` / ``已超过5小时（截止…）``. ``now`` naive means UTC.
    An advisory deadline (confidence L, secondary source only) reads "一般为48小时，以平台页面
    为准（按此估算：截止…）" with one bracket level (never "…（还需24小时））"): never a hard deadline.
    """
    zh = lang == "zh"
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    due = deadline.due if deadline.due.tzinfo else deadline.due.replace(tzinfo=UTC)
    when = date_zh(due, deadline.tz) if zh else format_local(due, deadline.tz)
    secs = (due - now).total_seconds()
    rel = _span(secs, lang)
    future = secs > 0
    if not deadline.applies:
        why = (deadline.reason_zh or deadline.reason) if zh else deadline.reason
        return f"不适用：{why}" if zh else f"not applicable: {why}"
    if deadline.done_at is not None and deadline.kind == "due":
        done = (date_zh if zh else format_local)(deadline.done_at, deadline.tz)
        late = (deadline.done_at - due).total_seconds()
        if late <= 0:
            text = f"已于{done}完成（截止{when}）" if zh else f"met on {done} (due by {when})"
        else:
            lr = _span(late, lang)
            text = f"已于{done}完成，晚了{lr}" if zh else f"done on {done}, {lr} late"
    elif deadline.kind == "opens":
        if future:
            text = f"自{when}起可申请（还需{rel}）" if zh else f"opens {when} (in {rel})"
        else:
            text = f"自{when}起可申请（已过{rel}）" if zh else f"open since {when} ({rel} ago)"
    elif future:
        text = f"截止{when}（还剩{rel}）" if zh else f"due by {when} (in {rel})"
    else:
        text = f"已超过{rel}（截止{when}）" if zh else f"missed by {rel} (was due by {when})"
    if deadline.advisory and deadline.confidence == "L":  # a secondary source reports it
        if zh:
            flat = text.replace("（", "，").replace("）", "")
            return f"一般为{deadline.period_zh}，以平台页面为准（按此估算：{flat}）"
        flat = text.replace(" (", ", ").replace(")", "")
        return f"usually {deadline.period_en}; the platform's own page decides (estimate: {flat})"
    if deadline.status != "rule":
        return f"未经证实的建议：{text}" if zh else f"unconfirmed advice: {text}"
    return text


@dataclass(frozen=True)
class DeadlineView:
    """A computed deadline, ready for the report and JSON."""

    deadline: Deadline

    def describe(self, now: datetime, lang: str) -> str:
        d = self.deadline
        title = d.title_zh if lang == "zh" else d.title_en
        plain = d.status == "rule" or d.confidence == "L"  # L: the text itself says "一般为"
        flag = "" if plain else ("（未经证实）" if lang == "zh" else " [unconfirmed]")
        colon = "：" if lang == "zh" else ": "
        return f"{title}{flag}{colon}{describe(d, now, lang)}"

    def to_json(self) -> dict[str, Any]:
        d = self.deadline
        return {
            "key": d.key,
            "title": d.title_en,
            "title_zh": d.title_zh,
            "due": d.due.isoformat().replace("+00:00", "Z"),
            "kind": d.kind,
            "party": d.party,
            "applies": d.applies,
            "reason": d.reason,
            "basis": d.basis,
            "source": d.source,
            "confidence": d.confidence,
            "status": d.status,
        }


def deadlines_for(result: AuditResult, now: datetime) -> list[DeadlineView]:
    """Every deadline of the case at ``now``. Non-applicable windows are kept: "not applicable:
    business buyer" is information too."""
    return [DeadlineView(d) for d in compute_deadlines(result.case, now)]


def countdown(deadline: Deadline, now: datetime, lang: str) -> str:
    """The short form for a list of cases: ``3 天后截止`` / ``due in 3 days``, or
    ``已超过 5 小时`` / ``missed by 5 hours``."""
    secs = (deadline.due - now).total_seconds()
    span = _span(secs, lang)
    if secs > 0:
        return f"{span}后截止" if lang == "zh" else f"due in {span}"
    return f"已超过{span}" if lang == "zh" else f"missed by {span}"


def next_due(views: list[DeadlineView], now: datetime) -> Deadline | None:
    """The next window still open (applies, not yet met, not yet passed), if any."""
    open_ = [
        v.deadline
        for v in views
        if v.deadline.applies
        and v.deadline.kind == "due"
        and v.deadline.done_at is None
        and v.deadline.due > now
    ]
    return min(open_, key=lambda d: d.due, default=None)
