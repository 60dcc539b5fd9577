"""Message texts to the seller and to the platform, built from case.toml and the audit.

Pure functions returning text (the CLI prints it, the renderer puts it on the statement page).
Rules followed (../shared/domain.md section 6, item 12): the order number comes first; the
remedy is explicit; the legal basis is the one that applies to the buyer type and claim
(``platforms/law.toml``); a reply deadline is the *buyer's* and is labelled as such, never as a
platform rule; platform texts refer to exhibits by number (E-03) and respect the platform's
character limits (1688 createRefund 2-150, returnGoods 2-200, ``platforms/1688.toml``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from evidencekit.models import AuditResult, Case, Category, EvidenceItem, Finding, Severity
from evidencekit.rules.deadlines import (
    EVENT_NAMES,
    canonical_kind,
    compute_deadlines,
    describe,
    find_event,
    format_local,
    seven_day_applies,
)
from evidencekit.rules.platforms import Profile, TextLimit, load_law, load_profile

DEFAULT_REPLY_DAYS = 3

CATEGORY_NAMES = {
    Category.PRODUCT: ("商品照片", "photos of the goods"),
    Category.LISTING: ("商品页面截图", "listing screenshots"),
    Category.CHAT: ("聊天记录", "chat screenshots"),
    Category.PARCEL: ("包裹及快递单照片", "parcel and waybill photos"),
    Category.OTHER: ("其他材料", "other documents"),
}
CLAIMS = {
    "quality": ("收到的商品存在质量问题", "defective goods"),
    "not_as_described": ("商品与页面描述不符", "goods not as described in the listing"),
    "damaged": ("商品在运输中破损", "goods damaged in transit"),
    "no_reason": ("7天无理由退货", "a seven-day no-reason return"),
    "not_received": ("未收到商品", "goods not received"),
}
REMEDIES = {
    "refund_only": ("仅退款（不退货），全额退还货款", "a full refund without return"),
    "return_refund": (
        "退货退款：我方退回商品，卖家退还全部货款",
        "return of the goods and a full refund",
    ),
    "exchange": ("换货", "an exchange for a conforming item"),
    "partial_refund": ("部分退款", "a partial refund"),
    "repair": ("维修", "repair"),
}
SHORT_REMEDIES = {
    "refund_only": ("仅退款", "refund without return"),
    "return_refund": ("退货退款", "return and refund"),
}


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


def text_units(s: str) -> int:
    """Characters as a web form counts them: UTF-16 code units (CJK = 1; emoji = 2).

    Counting UTF-16 units rather than code points is the conservative choice: JavaScript
    ``maxlength`` counts UTF-16 units, so text fitted this way never overflows the form.
    """
    return len(s.encode("utf-16-le")) // 2


def fit(parts: Sequence[str], limit: int | None) -> str:
    """Join parts in priority order, keeping those that fit; truncate with … as a last resort."""
    if limit is None:
        return "".join(parts)
    out = ""
    for p in parts:
        if text_units(out + p) <= limit:
            out += p
        elif not out:
            cut = p
            while cut and text_units(cut + "…") > limit:
                cut = cut[:-1]
            out = cut + "…"
    return out


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


def _exhibits_by_category(
    items: Sequence[EvidenceItem], exhibits: Mapping[str, str], zh: bool, skip: set[str]
) -> str:
    parts = []
    for cat, (name_zh, name_en) in CATEGORY_NAMES.items():
        labels = [
            exhibits[i.path] for i in items if i.source.category == cat and i.path in exhibits
        ]
        labels = [x for x in labels if x not in skip]
        if labels:
            rng = exhibit_ranges(labels, zh)
            parts.append(f"{name_zh} {rng}" if zh else f"{name_en} {rng}")
    return ("；" if zh else "; ").join(parts)


def _amount(case: Case, zh: bool) -> str:
    if not case.amount:
        return ""
    if case.currency == "CNY":
        return f"¥{case.amount}"
    return f"{case.amount} {case.currency}"


def _remedy(case: Case, zh: bool, short: bool = False) -> str:
    table = {**REMEDIES, **SHORT_REMEDIES} if short else REMEDIES
    zh_r, en_r = table.get(case.refund_type, (case.refund_type, case.refund_type))
    amt = _amount(case, zh)
    text = f"{zh_r}{f'（{amt}）' if amt else ''}" if zh else f"{en_r}{f' ({amt})' if amt else ''}"
    if case.claim in ("quality", "damaged", "not_as_described") and case.refund_type in (
        "return_refund",
        "exchange",
    ):
        # 消法 Art. 24: for defect returns the seller bears transport costs.
        text += "，运费由卖家承担" if zh else ", shipping paid by the seller"
    return text


def _claim(case: Case, zh: bool) -> str:
    zh_c, en_c = CLAIMS.get(case.claim, (case.claim, case.claim))
    return zh_c if zh else en_c


def _facts(case: Case, zh: bool) -> list[str]:
    lines = []
    for e in sorted(case.events, key=lambda e: e.utc):
        k = canonical_kind(e.kind)
        name = EVENT_NAMES.get(k, (e.kind, e.kind))[0 if zh else 1]
        extra = " ".join(x for x in (e.carrier, e.tracking) if x)
        line = f"{format_local(e.utc, case.timezone)} {name}"
        if extra:
            line += f"（{extra}）" if zh else f" ({extra})"
        if e.note:
            line += f"：{e.note}" if zh else f": {e.note}"
        lines.append(line)
    return lines


def legal_basis(case: Case, profile: Profile, zh: bool, full: bool) -> tuple[list[str], str]:
    """(citations, note) for this buyer type and claim, from law.toml.

    ``full`` adds the excerpt (zh) or summary (en) to each citation. Platforms outside PRC law
    (PayPal, eBay, Amazon) cite their buyer-protection programme instead.
    """
    if not profile.chinese_law:
        prog = profile.programme_en
        return ([prog] if prog else []), ""
    applies = seven_day_applies(case, profile)[0]
    if case.claim == "no_reason" and not applies:
        return [], (
            "本订单不适用法定7天无理由退货，此为协商请求。"
            if zh
            else "The statutory seven-day return does not apply to this order; this is a request."
        )
    law = load_law()
    basis = law.basis_for(case.buyer_type, case.claim)
    if basis is None:
        return [], ""
    cites = []
    for key in basis.articles:
        a = law.articles[key]
        if zh:
            cites.append(f"{a.cite_zh}：“{a.excerpt_zh}”" if full else a.cite_zh)
        else:
            cites.append(f"{a.cite_en}: {a.summary_en}" if full else a.cite_en)
    return cites, basis.note_zh if zh else basis.note_en


def _basis_section(case: Case, profile: Profile, zh: bool, full: bool) -> list[str]:
    cites, note = legal_basis(case, profile, zh, full)
    lines = [f"- {c}" for c in cites] + ([f"- {note}"] if note else [])
    return [("依据：" if zh else "Basis:") + "\n" + "\n".join(lines)] if lines else []


def reply_deadline(case: Case, now: datetime, zh: bool) -> str:
    """The buyer's own deadline (case key ``reply_days``), labelled as the buyer's."""
    days = int(getattr(case, "reply_days", DEFAULT_REPLY_DAYS) or DEFAULT_REPLY_DAYS)
    when = format_local(now + timedelta(days=days), case.timezone)
    if zh:
        return f"请于 {when} 前答复（此为买家设定的答复期限，并非平台规则）。"
    return f"Please reply by {when} (this is the buyer's deadline, not a platform rule)."


def _seller(
    case: Case,
    profile: Profile,
    items: Sequence[EvidenceItem],
    exhibits: Mapping[str, str],
    zh: bool,
    now: datetime,
) -> Letter:
    order = f"订单号：{case.order_id}" if zh else f"Order number: {case.order_id}"
    greet = "您好，" if zh else "Hello,"
    claim = (
        f"我方就该订单提出：{_claim(case, zh)}。" if zh else f"This is about {_claim(case, zh)}."
    )
    facts = _facts(case, zh)
    ev = _exhibits_by_category(items, exhibits, zh, set())
    remedy = f"我方要求：{_remedy(case, zh)}。" if zh else f"We ask for {_remedy(case, zh)}."
    deadline = reply_deadline(case, now, zh)
    sign = (f"买家：{case.buyer}" if zh else f"Buyer: {case.buyer}") if case.buyer else ""
    hdr_f, hdr_e = ("经过：", "证据：") if zh else ("Facts:", "Evidence:")
    sections = [order, greet, claim]
    if facts:
        sections.append(hdr_f + "\n" + "\n".join(f"- {f}" for f in facts))
    if case.statement:
        sections.append(case.statement.strip())
    if ev:
        sections.append(f"{hdr_e}{ev}" if zh else f"{hdr_e} {ev}")
    sections.append(remedy)
    tail = [deadline] + ([sign] if sign else [])
    body = "\n\n".join(sections + _basis_section(case, profile, zh, False) + tail)
    long = "\n\n".join(sections + _basis_section(case, profile, zh, True) + tail)
    cites = ("、" if zh else "; ").join(legal_basis(case, profile, zh, full=False)[0])
    short_parts = [order, "，" if zh else ": ", _claim(case, zh), "，" if zh else ". ", remedy]
    if cites:
        short_parts.append(f"依据{cites}。" if zh else f" Basis: {cites}.")
    short_parts.append(deadline if zh else " " + deadline)
    title = f"致卖家：订单 {case.order_id}" if zh else f"To the seller: order {case.order_id}"
    return Letter(title, body, "".join(short_parts), long)


def _platform(
    case: Case,
    profile: Profile,
    items: Sequence[EvidenceItem],
    findings: Sequence[Finding],
    exhibits: Mapping[str, str],
    zh: bool,
    now: datetime,
) -> Letter:
    weak = {
        exhibits[f.path]
        for f in findings
        if f.path is not None and f.path in exhibits and f.severity == Severity.ERROR
    }
    ev_short = exhibit_ranges([v for v in exhibits.values() if v not in weak], zh)
    order = f"订单{case.order_id}" if zh else f"Order {case.order_id}"
    remedy = _remedy(case, zh)
    # Parts in priority order; each keeps its own punctuation so any prefix reads well.
    if zh:
        parts = [f"{order}，", f"{_claim(case, zh)}，", f"申请{_remedy(case, zh, short=True)}。"]
        parts += [f"证据见{ev_short}。"] if ev_short else []
    else:
        parts = [f"{order}: ", f"{_claim(case, zh)}. ", f"Requesting {_remedy(case, zh, True)}."]
        parts += [f" Evidence: {ev_short}."] if ev_short else []
    if case.statement:
        # A sentence ends at 。！？ or at . ! ? followed by a space ("1280.00" is not an end).
        first = re.split(r"(?<=[。！？])|(?<=[.!?])(?=\s)", case.statement.strip(), maxsplit=1)[0]
        parts.append(first if zh else " " + first)
    apply: TextLimit | None = profile.text_limits.get("refund_apply")
    limit = apply.max_chars if apply else None
    short = fit(parts, limit)

    return_note = ""
    ret = find_event(case, "return_shipped")
    if case.refund_type == "return_refund" and ret is not None:
        note_limit = profile.text_limits.get("return_note")
        trk = " ".join(x for x in (ret.carrier, ret.tracking) if x)
        if zh:
            rparts = [f"退货已寄出，运单：{trk}。", f"{order}。", f"证据见{ev_short}。"]
        else:
            rparts = [f"Return shipped, tracking {trk}. ", f"{order}. ", f"Evidence: {ev_short}."]
        return_note = fit(rparts, note_limit.max_chars if note_limit else None)

    hdr = ("订单：", "诉求：", "经过：", "证据目录：", "期限：")
    if not zh:
        hdr = ("Order:", "Request:", "Timeline:", "Exhibits:", "Deadlines:")
    sections = [f"{hdr[0]}{case.order_id}" if zh else f"{hdr[0]} {case.order_id}"]
    sections.append(
        f"{hdr[1]}{_claim(case, zh)}；{remedy}" if zh else f"{hdr[1]} {_claim(case, zh)}; {remedy}"
    )
    facts = _facts(case, zh)
    if facts:
        sections.append(hdr[2] + "\n" + "\n".join(f"- {f}" for f in facts))
    if case.statement:
        sections.append(case.statement.strip())
    by_label = {v: k for k, v in exhibits.items()}
    captions = {i.path: i.caption for i in items}
    ex_lines = [
        f"- {lab} {by_label[lab]}{(' — ' + captions[by_label[lab]]) if captions.get(by_label[lab]) else ''}"
        for lab in sorted(by_label, key=lambda x: (_exhibit_no(x), x))
    ]
    if ex_lines:
        sections.append(hdr[3] + "\n" + "\n".join(ex_lines))
    dl = [
        f"- {d.title_zh if zh else d.title_en}: {describe(d, now, 'zh' if zh else 'en')}"
        for d in compute_deadlines(case, now)
        if d.applies and d.status == "rule"
    ]
    if dl:
        sections.append(hdr[4] + "\n" + "\n".join(dl))
    sections += _basis_section(case, profile, zh, True)
    ev_all = _exhibits_by_category(items, exhibits, zh, set())
    body = "".join(parts)  # the summary, untruncated
    if ev_all:
        body += ("\n证据：" if zh else "\nEvidence: ") + ev_all
    name = profile.title_zh if zh else profile.title_en
    title = (
        f"致{name}平台：订单 {case.order_id} 投诉"
        if zh
        else f"To {name}: complaint, order {case.order_id}"
    )
    return Letter(title, body, short, "\n\n".join(sections), limit, return_note)


def letter_texts(
    case: Case,
    items: Sequence[EvidenceItem],
    findings: Sequence[Finding],
    exhibits: Mapping[str, str],
    to: str = "seller",
    lang: str = "zh",
    now: datetime | None = None,
) -> Letter:
    """The letter to ``seller`` or ``platform`` in ``zh`` or ``en``.

    ``exhibits`` maps item paths to exhibit labels (``E-03``). ``findings`` are used to leave
    exhibits with error-level findings out of the short platform text (space is scarce there;
    they stay in the full list). ``now`` anchors the buyer's reply deadline (required).
    """
    if to not in ("seller", "platform"):
        raise ValueError(f"to must be 'seller' or 'platform', got {to!r}")
    if now is None:
        raise ValueError("now is required (inject the clock; see AuditOptions.clock())")
    profile = load_profile(case.platform)
    zh = lang == "zh"
    # The init placeholder and an empty order number never reach a letter (issue 20).
    case = dataclasses.replace(
        case, statement=case.statement_in(lang), order_id=case.order_id or "—"
    )
    if to == "seller":
        return _seller(case, profile, items, exhibits, zh, now)
    return _platform(case, profile, items, findings, exhibits, zh, now)


def seller_letter(
    result: AuditResult, exhibits: Mapping[str, str], lang: str, now: datetime
) -> str:
    """The seller letter's body as the dossier prints it (``dossier.assembly.LetterFn``)."""
    findings = result.all_findings()
    return letter_texts(result.case, result.items, findings, exhibits, "seller", lang, now).body
