"""The pieces every letter is made of: amounts, counted goods, dates, facts, the legal basis.

Register (../shared/review-texts.md): to the seller 我方/贵方; to the platform 买家/卖家; dates
as a Chinese reader writes them (2025年12月20日18:00); money as 人民币800.00元 / CNY 800.00;
carriers by name (顺丰速运，运单号SF…); every claim, refund type and event kind through
``rules.kinds`` (never a raw value). The legal basis is written as sentences, each followed by
the articles it rests on, the law's name printed once per run of the same law.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from evidencekit.models import Case, Category, EvidenceItem
from evidencekit.rules import amounts, kinds
from evidencekit.rules.amounts import Units, claimed_amount, decimal, units  # noqa: F401
from evidencekit.rules.deadlines import find_event, seven_day_applies, zone
from evidencekit.rules.platforms import Point, Profile, load_law


@dataclass(frozen=True)
class Letter:
    title: str
    body: str
    """The message itself (seller: to send in the platform chat; platform: complaint summary)."""
    short: str
    """Platform: application text within ``limit``; seller: a one-paragraph chat version."""
    long: str
    """Longer version with the timeline, exhibits and article excerpts (customer service)."""
    limit: int | None = None
    """Character limit ``short`` was fitted to, None when the platform states none."""
    return_note: str = ""
    """Platform, return_refund only: return shipping note within the return-note limit."""
    advice: tuple[str, ...] = ()
    """For the buyer, never for the recipient: whose deadline it is, risks, what to prepare."""


def _exhibit_no(label: str) -> tuple[int, ...]:
    """``E-03`` -> (3,); grouped ``2-1`` -> (2, 1) (selection.exhibit_numbers)."""
    return tuple(int(d) for d in re.findall(r"\d+", label))


def _next(prev: tuple[int, ...], n: tuple[int, ...]) -> bool:
    return (
        bool(prev and n) and len(prev) == len(n) and n[:-1] == prev[:-1] and n[-1] == prev[-1] + 1
    )


def exhibit_ranges(labels: Sequence[str], zh: bool) -> str:
    """``E-01–E-03、E-05`` (consecutive numbers compressed), in exhibit order."""
    numbered = sorted(set(labels), key=lambda x: (_exhibit_no(x), x))
    groups: list[list[str]] = []
    for lab in numbered:
        if groups and _next(_exhibit_no(groups[-1][-1]), _exhibit_no(lab)):
            groups[-1].append(lab)
        else:
            groups.append([lab])
    parts = [g[0] if len(g) == 1 else f"{g[0]}–{g[-1]}" for g in groups]
    return ("、" if zh else ", ").join(parts)


def order_ref(case: Case, profile: Profile, zh: bool) -> str:
    """The reference the recipient files the case under: the order number on Chinese
    platforms; PayPal's transaction id, eBay's request or case id, Amazon's claim id."""
    if profile.key == "paypal" and case.transaction_id:
        return f"交易号{case.transaction_id}" if zh else f"transaction ID {case.transaction_id}"
    if profile.key == "ebay" and (case.request_id or case.case_id):
        ref = case.case_id or case.request_id
        what = ("案件号", "case ID") if case.case_id else ("请求号", "request ID")
        return f"{what[0]}{ref}" if zh else f"{what[1]} {ref}"
    if profile.key == "amazon" and case.case_id:
        return f"A-to-z索赔号{case.case_id}" if zh else f"A-to-z claim {case.case_id}"
    return f"订单{case.order_id}" if zh else f"order {case.order_id}"


EN_NUMBERS = "zero one two three four five six seven eight nine ten".split()
EN_MONTHS = (
    "January February March April May June July August September October November December"
).split()

EXHIBIT_KINDS = {
    Category.PRODUCT: ("商品照片", "photos of the goods"),
    Category.LISTING: ("商品页截图", "listing screenshots"),
    Category.CHAT: ("聊天记录", "chat screenshots"),
    Category.PARCEL: ("包裹及面单照片", "parcel and waybill photos"),
    Category.OTHER: ("其他材料", "other documents"),
}


def number_en(n: int) -> str:
    return EN_NUMBERS[n] if 0 <= n < len(EN_NUMBERS) else str(n)


def punitive(case: Case) -> Decimal | None:
    """消法第五十五条: three times the price paid for the affected goods, at least ¥500."""
    price = claimed_amount(case)
    if price is None:
        return None
    extra = price * 3
    return max(extra, Decimal(500)) if case.currency == "CNY" else extra


def money(value: Decimal | None, case: Case, zh: bool) -> str:
    return amounts.money(value, case.currency, zh)


def goods(case: Case, zh: bool, compact: bool = False) -> tuple[str, str]:
    """({goods}, {are}): "8件商品中有5件" / "five of the eight items delivered", "are";
    ``compact`` (English, a short text with a character limit): "5 of 8 items"."""
    u = units(case)
    if compact and not zh and u.partial:
        return f"{u.affected} of {u.ordered} items", "is" if u.affected == 1 else "are"
    if zh:
        if u.partial:
            return f"{u.ordered}件商品中有{u.affected}件", ""
        if u.ordered > 1:
            return f"{u.ordered}件商品均", ""
        return "商品", ""
    if u.partial:
        return (
            f"{number_en(u.affected)} of the {number_en(u.ordered)} items delivered",
            "is" if u.affected == 1 else "are",
        )
    if u.ordered > 1:
        return f"all {number_en(u.ordered)} items delivered", "are"
    return "the goods delivered", "are"


def goods_back(case: Case, zh: bool) -> str:
    """What goes back to the seller: 存在问题的5件商品 / the five defective items."""
    u = units(case)
    if zh:
        if u.partial:
            return f"存在问题的{u.affected}件商品"
        return f"全部{u.ordered}件商品" if u.ordered > 1 else "商品"
    if u.partial:
        n = u.affected
        return f"the {number_en(n)} affected item{'s' if n != 1 else ''}"
    return f"all {number_en(u.ordered)} items" if u.ordered > 1 else "the goods"


def claim_fact(
    case: Case, order: str, zh: bool, platform: bool = False, compact: bool = False
) -> str:
    c = kinds.claim(case.claim)
    g, are = goods(case, zh, compact)
    u = units(case)
    count = ""
    if u.partial:
        tmpl = c.count_zh if zh else c.count_en
        count = tmpl.format(q=u.ordered, got=u.ordered - u.affected, d=u.affected)
    tmpl = (c.platform_zh if platform else c.fact_zh) if zh else c.fact_en
    text = tmpl.format(order=order, goods=g, are=are, count=count).strip()
    return text[:1].upper() + text[1:] if not zh and platform else text


def seller_pays_freight(case: Case) -> bool:
    return kinds.claim(case.claim).seller_fault and case.refund_type in (
        "return_refund",
        "exchange",
        "repair",
    )


def request(case: Case, zh: bool, who_zh: str = "贵方") -> str:
    """The remedy as one sentence without its full stop (the amount claimed in it)."""
    r = kinds.refund_type(case.refund_type)
    amt = money(claimed_amount(case), case, zh)
    if zh:
        text = r.request_zh.format(amount=amt or "相应货款", back=goods_back(case, True))
        text = text.replace("货款相应货款", "相应货款")
        if seller_pays_freight(case):
            text += f"，往返运费由{who_zh}承担"
        elif case.claim == "no_reason" and case.refund_type == "return_refund":
            text += "，退货运费由我方承担"
        if case.claim == "counterfeit" and case.buyer_type == "consumer" and amt:
            text += f"，并按价款的三倍增加赔偿{money(punitive(case), case, True)}"
        return text.replace("贵方", who_zh)
    text = r.request_en.format(amount=amt or "the price", back_en=goods_back(case, False))
    if case.buyer_type != "business":
        text = text.replace("We request", "I request").replace("we keep", "I keep")
    if seller_pays_freight(case):
        text += ", with shipping both ways at your expense"
    elif case.claim == "no_reason" and case.refund_type == "return_refund":
        text += "; I will pay the return shipping"
    if case.claim == "counterfeit" and case.buyer_type == "consumer" and amt:
        text += f", and {money(punitive(case), case, False)} in addition (three times the price)"
    return text


def date_zh(dt: datetime, tz: str, time: bool = True) -> str:
    local = dt.astimezone(zone(tz))
    day = f"{local.year}年{local.month}月{local.day}日"
    return f"{day}{local:%H:%M}" if time else day


def date_en(dt: datetime, tz: str, time: bool = True) -> str:
    local = dt.astimezone(zone(tz))
    day = f"{local.day} {EN_MONTHS[local.month - 1]} {local.year}"
    return f"{day}, {local:%H:%M}" if time else day


def reply_by(case: Case, now: datetime) -> datetime:
    """End of the buyer's reply window: 18:00 local, ``reply_days`` after ``now``."""
    local = now.astimezone(zone(case.timezone)) + timedelta(days=case.reply_days or 3)
    return local.replace(hour=18, minute=0, second=0, microsecond=0)


def carrier_text(carrier: str, tracking: str, zh: bool) -> str:
    return kinds.carrier_text(carrier, tracking, "zh" if zh else "en")


def facts(case: Case, zh: bool) -> list[str]:
    lines = []
    for e in sorted(case.events, key=lambda e: e.utc):
        name = kinds.event_label(e.kind, "zh" if zh else "en")
        when = date_zh(e.utc, case.timezone) if zh else date_en(e.utc, case.timezone)
        line = f"{when} {name}" if zh else f"{when} – {name}"
        extra = carrier_text(e.carrier, e.tracking, zh)
        if extra:
            line += f"（{extra}）" if zh else f" ({extra})"
        note = ((e.note_en or e.note) if not zh else e.note).strip()
        if zh and note.startswith(name) and not extra:
            line = f"{when} {note}"  # "卖家拒绝：卖家拒绝退货退款" says it once
        elif zh and note.startswith(name):
            note = note[len(name) :].lstrip("，,：: ")
            line += f"：{note}" if note else ""
        elif note:
            line += f"：{note}" if zh else f": {note}"
        lines.append(line)
    return lines


def exhibits_by_kind(
    items: Sequence[EvidenceItem], exhibits: Mapping[str, str], zh: bool, skip: Iterable[str] = ()
) -> str:
    skipped = set(skip)
    parts = []
    for cat, (name_zh, name_en) in EXHIBIT_KINDS.items():
        labels = [
            exhibits[i.path]
            for i in items
            if i.source.category == cat and i.path in exhibits and exhibits[i.path] not in skipped
        ]
        if labels:
            rng = exhibit_ranges(labels, zh)
            parts.append(f"{name_zh}{rng}" if zh else f"{name_en} {rng}")
    return ("、" if zh else "; ").join(parts)


# --- the legal basis ------------------------------------------------------------------


def _conditions(case: Case, profile: Profile) -> set[str]:
    out = {"", case.buyer_type}
    if units(case).partial:
        out.add("partial")
    if seller_pays_freight(case):
        out.add("seller_freight")
    out.add("seven_day" if seven_day_applies(case, profile)[0] else "not_seven_day")
    signed = find_event(case, "signed")  # a refund request with its reason notifies too
    told = find_event(case, "complained") or find_event(case, "refund_requested")
    gap = load_law().rules["notice_gap"].value
    if signed and told and timedelta(0) <= told.utc - signed.utc <= timedelta(days=float(gap)):
        out.add("notice_in_time")
    return out


def points(case: Case, profile: Profile, platform: bool = False) -> list[Point]:
    """The basis sentences that apply (law, or the platform's own rules), advice left out."""
    law = load_law()
    if platform:
        b = law.basis_for(case.buyer_type, case.claim, profile.key)
    elif profile.chinese_law:
        b = law.basis_for(case.buyer_type, case.claim)
    else:
        b = None
    if b is None:
        return []
    ok = _conditions(case, profile)
    return [p for p in _for_buyer(b.points, case.buyer_type) if p.when in ok]


def _for_buyer(pts: Sequence[Point], buyer_type: str) -> list[Point]:
    """Business buyers never cite a consumer-only article (law.toml ``consumer_only``)."""
    arts = load_law().articles
    return [q for p in pts if (q := p.for_buyer(buyer_type, arts)) is not None]


def advice(case: Case, profile: Profile, zh: bool = True) -> list[str]:
    """What the buyer should know and the seller need not read (stderr, the pre-check)."""
    law = load_law()
    out = []
    for b in (
        law.basis_for(case.buyer_type, case.claim) if profile.chinese_law else None,
        law.basis_for(case.buyer_type, case.claim, profile.key),
    ):
        for p in _for_buyer(b.points, case.buyer_type) if b else ():
            if p.when == "advice":
                cites = cite_run(p.cites, zh, [""])
                out.append(f"{p.zh}（{cites}）" if zh else f"{p.en} ({cites})")
    return out


_LAW = re.compile(r"^(《[^》]+》)(.+)$")


def cite_run(keys: Sequence[str], zh: bool, last: list[str]) -> str:
    """ "《民法典》第六百一十七条、第五百八十二条"; ``last`` carries the law named last so a
    run of the same law is named once (the caller's paragraph)."""
    arts = load_law().articles
    if not zh:
        return "; ".join(arts[k].cite_en for k in keys)
    out: list[str] = []
    for k in keys:
        m = _LAW.match(arts[k].cite_zh)
        name, art = (m.group(1), m.group(2)) if m else ("", arts[k].cite_zh)
        out.append(art if name == last[0] else name + art)
        last[0] = name
    return "、".join(out)


def basis_sentences(pts: Sequence[Point], zh: bool, swap: Mapping[str, str] = {}) -> str:
    """Sentences, each with its articles in brackets. ``swap`` rewrites 贵方/我方 for letters
    that do not address the seller (原告/被告, 买家/卖家)."""
    last = [""]
    out = []
    for p in pts:
        text = p.zh if zh else p.en
        for a, b in swap.items():
            text = text.replace(a, b)
        cites = cite_run(p.cites, zh, last) if p.cites else ""
        if zh:
            out.append(f"{text}（{cites}）。" if cites else f"{text}。")
        else:
            out.append(f"{text} ({cites})." if cites else f"{text}.")
    return "".join(out) if zh else " ".join(out)


SHORT_CITES = 3
"""Articles a short text names (review-texts.md 6: the three that decide it, not all eight)."""


def short_cites(pts: Sequence[Point], zh: bool) -> str:
    """ "《民法典》第六百一十五条、第六百一十七条及《电子商务法》第六十二条": the first
    ``SHORT_CITES`` articles of the basis, in its order, grouped by law."""
    keys: list[str] = []
    for p in pts:
        keys += [k for k in p.cites if k not in keys]
    keys = keys[:SHORT_CITES]
    if not keys:
        return ""
    arts = load_law().articles
    if not zh:
        return "; ".join(arts[k].cite_en for k in keys)
    groups: dict[str, list[str]] = {}
    for k in keys:
        m = _LAW.match(arts[k].cite_zh)
        name, art = (m.group(1), m.group(2)) if m else ("", arts[k].cite_zh)
        groups.setdefault(name, []).append(art)
    runs = [name + "、".join(a) for name, a in groups.items()]
    return runs[0] if len(runs) == 1 else "、".join(runs[:-1]) + "及" + runs[-1]
