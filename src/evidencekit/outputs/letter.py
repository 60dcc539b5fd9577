"""Letters to the seller and to the platform, built from case.toml and the audit.

Pure functions returning text (the CLI prints it, the renderer puts it on the statement page).
The register is a lawyer's (../shared/review-texts.md): to the seller 我方/贵方, facts first,
then the request with the amount claimed, then the basis as sentences, then the reply date
("请于2025年12月23日18:00前答复；逾期未答复，我方将申请淘宝介入并依法维权"). Whose deadline it
is, and what the seller should not read, goes to ``Letter.advice`` (stderr, the pre-check).
To the platform: the platform's own step name ("申请淘宝介入", never "投诉" on Taobao), a
short text built from the facts and the exhibits by number within the platform's limit.
Formal texts (12315, 消费者协会, 民事起诉状, courier claim): ``letter_formal.py``; the card
dispute request to the issuer (Visa 13.1/13.3, Mastercard 4855/4853): ``letter_issuer.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from evidencekit.models import AuditResult, Case, EvidenceItem, Finding, Severity, is_placeholder
from evidencekit.outputs import letter_text as T
from evidencekit.outputs.letter_parts import Draft, deadline_fact, seller_statement, to_seller
from evidencekit.outputs.letter_text import Letter, _exhibit_no, exhibit_ranges, order_ref  # noqa: F401
from evidencekit.outputs.letter_voice import third_person
from evidencekit.outputs.textfit import fit, fit_ranked, text_units  # noqa: F401
from evidencekit.rules import kinds
from evidencekit.rules.deadlines import compute_deadlines, find_event
from evidencekit.rules.platforms import Profile, TextLimit, load_profile

RECIPIENTS = ("seller", "platform", "12315", "association", "court", "courier", "issuer")


def _brief_request(case: Case, zh: bool) -> list[str]:
    """The remedy in a few words, for a short text the full request does not fit:
    "申请退货退款，人民币800.00元。" / "Request: return and refund, CNY 800.00. "."""
    label = kinds.refund_type(case.refund_type).label("zh" if zh else "en")
    amt = T.money(T.claimed_amount(case), case, zh)
    if zh:
        return [f"申请{label}，{amt}。" if amt else f"申请{label}。"]
    return [f"Request: {label}, {amt}. " if amt else f"Request: {label}. "]


def _reply(case: Case, profile: Profile, now: datetime, zh: bool) -> str:
    when = T.reply_by(case, now)
    if zh:
        step = profile.escalate_zh or "申请平台介入"
        return f"请于{T.date_zh(when, case.timezone)}前答复；逾期未答复，我方将{step}并依法维权。"
    step = profile.escalate_en or "ask the platform to step in"
    subject = "we" if case.buyer_type == "business" else "I"
    return (
        f"Please reply by {T.date_en(when, case.timezone, time=False)}. If {subject} do not "
        f"hear from you by then, {subject} will {step}."
    )


def _advice(case: Case, profile: Profile, now: datetime, zh: bool) -> tuple[str, ...]:
    by = T.reply_by(case, now)
    when = T.date_zh(by, case.timezone) if zh else T.date_en(by, case.timezone)
    own = (
        f"答复期限（{when}）是你自己设定的（case.toml reply_days），不是平台规则。"
        if zh
        else f"The reply date ({when}) is your own (case.toml reply_days), not a platform rule."
    )
    missing: tuple[str, ...] = ()
    if case.order_id in ("", "—"):  # letter_texts writes "—" for an empty order number
        missing = (
            (
                "case.toml 未填写订单号（order_id）：信中订单号显示为“—”，"
                "对方无法据此查到订单；请按订单页面原样填写后重新生成。",
            )
            if zh
            else (
                "case.toml has no order number (order_id): the letters show “—” in its place "
                "and the recipient cannot find the order; fill it in exactly as the order page "
                "shows it and generate the letters again.",
            )
        )
    return (*missing, own, *T.advice(case, profile, zh))


def _seller(d: Draft) -> Letter:
    case, profile, items, exhibits, zh, now = d.unpack()
    ref = order_ref(case, profile, zh)
    order = case.order_id
    pts = T.points(case, profile)
    facts = T.facts(case, zh)
    moved: tuple[str, ...] = ()
    if zh:  # in a letter to the seller, the seller is 贵方 and the buyer 我方, notes included
        facts = [to_seller(f) for f in facts]
        kept = seller_statement(case.statement)
        if kept != case.statement.rstrip():
            moved = (
                "陈述末尾给平台的话（申请平台介入）未写入给卖家的函件；"
                "给平台的版本请写在 case.toml 的 statement_platform 中。",
            )
        case = dataclasses.replace(case, statement=to_seller(kept))
    ev = T.exhibits_by_kind(items, exhibits, zh)
    reply = _reply(case, profile, now, zh)
    request = T.request(case, zh)
    business = case.buyer_type == "business"
    if zh:
        head = [f"订单号：{order}"] + ([f"{case.seller}："] if case.seller else [])
        head.append(
            f"{T.claim_fact(case, ref.removeprefix('订单'), True)}，现正式提出异议，要求如下。"
        )
        tail = [reply] + (
            [f"我方：{case.buyer}\n{T.date_zh(now, case.timezone, False)}"] if case.buyer else []
        )
        cites = T.short_cites(pts, True)
        short = f"{T.claim_fact(case, order, True)}。{request}。"
        short += f"依据{cites}。" if cites else ""
        short += reply
        title = f"致卖家：订单{order}（{kinds.claim_label(case.claim, 'zh')}）"
    else:
        we = "We are" if business else "I am"
        fact = T.claim_fact(case, order, False)
        head = [
            f"Order {order} – {kinds.claim(case.claim).title_en}",
            f"Dear {case.seller or 'Sir or Madam'},",
            f"{we} writing about {ref}: {fact}.",
        ]
        tail = [reply] + ([f"Yours faithfully,\n{case.buyer}"] if case.buyer else [])
        cites = T.short_cites(pts, False)
        short = f"Order {order}: {fact}. {request}."
        short += f" Basis: {cites}." if cites else ""
        short += " " + reply
        title = f"To the seller: order {order} – {kinds.claim(case.claim).title_en}"
    basis = T.basis_sentences(pts, zh) if pts else _programme(profile, zh)
    sections = head + _sections(facts, case.statement, request, basis, ev, zh)
    body = "\n\n".join(sections + tail)
    long = body
    if pts:
        long += "\n\n" + _excerpts(pts, zh)
    return Letter(title, body, short, long, advice=_advice(case, profile, now, zh) + moved)


_HEADINGS = {
    True: ("一、事实经过", "二、我方要求", "三、理由及依据", "四、证据"),
    False: ("What happened", "Request", "Basis", "Evidence"),
}


def _sections(
    facts: Sequence[str], statement: str, request: str, basis: str, ev: str, zh: bool
) -> list[str]:
    """The seller letter's numbered parts: facts (then the buyer's own words), the request,
    the basis, the evidence."""
    h, stop = _HEADINGS[zh], "。" if zh else "."
    out = []
    if facts or statement:
        body = "\n".join(f"{i}. {f}" if zh else f"- {f}" for i, f in enumerate(facts, 1))
        body += ("\n" if body and statement else "") + (statement or "")
        out.append(f"{h[0]}\n{body}")
    out.append(f"{h[1]}\n{request}{stop}")
    if basis:
        out.append(f"{h[2]}\n{basis}")
    if ev:
        out.append(f"{h[3]}\n{ev if zh else ev[:1].upper() + ev[1:]}{stop}")
    return out


def _programme(profile: Profile, zh: bool) -> str:
    if profile.chinese_law or not profile.programme_en:
        return ""
    return (
        f"本订单受{profile.programme_en}保护。"
        if zh
        else f"This purchase is covered by the {profile.programme_en}."
    )


def _excerpts(pts: Sequence[Any], zh: bool) -> str:
    from evidencekit.rules.platforms import load_law

    arts = load_law().articles
    keys: list[str] = []
    for p in pts:
        keys += [k for k in p.cites if k not in keys]
    if zh:
        return "附：条文摘录\n" + "\n".join(
            f"{arts[k].cite_zh}：“{arts[k].excerpt_zh}”" for k in keys
        )
    return "Appendix: the provisions\n" + "\n".join(
        f"{arts[k].cite_en}: {arts[k].summary_en}" for k in keys
    )


def platform_title(case: Case, profile: Profile, zh: bool) -> str:
    refund = kinds.refund_label(case.refund_type, "zh" if zh else "en")
    if zh:
        step = profile.step_zh or "申请平台介入"
        return f"{step}：{order_ref(case, profile, True)}（{refund}）"
    c = kinds.claim(case.claim)
    ref = order_ref(case, profile, False)
    if profile.key == "paypal":
        return f"PayPal dispute – {c.paypal_reason} – {ref}"
    if profile.key == "ebay":
        return f"eBay Money Back Guarantee – {c.title_en} – {ref}"
    if profile.key == "amazon":
        return f"Amazon A-to-z Guarantee claim – {c.title_en} – {ref}"
    step = profile.step_en or "asking the platform to step in"
    return f"{step[:1].upper()}{step[1:]}: {ref} ({refund})"


def _platform(d: Draft, findings: Sequence[Finding]) -> Letter:
    case, profile, items, exhibits, zh, now = d.unpack()
    weak = {
        exhibits[f.path]
        for f in findings
        if f.path is not None and f.path in exhibits and f.severity == Severity.ERROR
    }
    order = case.order_id
    swap = {"贵方": "卖家", "我方": "买家"}
    fact = T.claim_fact(case, order, zh, platform=True)
    refused = find_event(case, "seller_refused")
    request = T.request(case, zh, "卖家").replace("我方", "买家")
    ev_short = T.exhibits_by_kind(items, exhibits, zh, weak)
    cited = [exhibits[i.path] for i in items if i.path in exhibits]
    ev_bare = exhibit_ranges([n for n in cited if n not in weak], zh)
    # Slots in reading order, each (rank, alternatives): the order and the claim first, then
    # what is asked, then the evidence by exhibit number (a pack's text must cite exactly
    # its images), then the refusal (issue 15: built from the facts).
    slots: list[tuple[int, Sequence[str]]]
    tight = fact
    if zh:
        slots = [(0, [f"订单{order}："]), (1, [f"{fact}。"])]
        if refused is not None:
            note = refused.note.strip().rstrip("。")
            said = note if note.startswith("卖家") else f"卖家拒绝：{note}"
            slots.append((4, [f"{said}。", "卖家拒绝。"] if note else ["卖家拒绝。"]))
        slots.append((2, [request.replace("买家要求", "申请") + "。", *_brief_request(case, True)]))
        if ev_short:
            slots.append((3, [f"证据：{ev_short}。", f"证据：{ev_bare}。"]))
    else:
        ref_en = order_ref(case, profile, False)
        # Within a limit, "5 of 8 items" leaves room for the exhibits (1688: 150 characters).
        tight = T.claim_fact(case, order, zh, platform=True, compact=True)
        slots = [(0, [f"{ref_en[:1].upper()}{ref_en[1:]}: "]), (1, [f"{tight}. "])]
        if refused is not None:
            slots.append((4, ["The seller refused. "]))
        asked = third_person(request)
        slots.append((2, [asked + ". ", *_brief_request(case, False)]))
        if ev_short:
            slots.append((3, [f"Evidence: {ev_short}.", f"Evidence: {ev_bare}."]))
    apply: TextLimit | None = profile.text_limits.get("refund_apply")
    limit = apply.max_chars if apply else None
    short = fit_ranked(slots, limit).rstrip()

    return_note = ""
    ret = find_event(case, "return_shipped")
    if case.refund_type in ("return_refund", "exchange") and ret is not None:
        note_limit = profile.text_limits.get("return_note")
        trk = T.carrier_text(ret.carrier, ret.tracking, zh)
        ev = (
            [f"证据：{ev_short}。", f"证据：{ev_bare}。"]
            if zh
            else [f"Evidence: {ev_short}.", f"Evidence: {ev_bare}."]
        )
        rslots: list[tuple[int, Sequence[str]]] = [
            (0, [f"退货已寄出（{trk}）。" if zh else f"Return shipped ({trk}). "]),
            (1, [f"订单{order}。" if zh else f"Order {order}. "]),
            *([(2, ev)] if ev_short else []),
        ]
        return_note = fit_ranked(rslots, note_limit.max_chars if note_limit else None)

    law_pts = T.points(case, profile)
    rule_pts = T.points(case, profile, platform=True)
    hdr: tuple[str, ...] = (
        "订单",
        "诉求",
        "经过",
        "证据目录",
        "期限",
        "平台规则",
        "法律依据",
        "买家陈述",
    )
    if not zh:
        hdr = ("Order", "Request", "Timeline", "Exhibits", "Deadlines", "Platform rules")
        hdr += ("Law", "The buyer's account")
    ref = order_ref(case, profile, zh)
    sections = [f"{hdr[0]}：{order}" if zh else f"{hdr[0]}: {order}"]
    sections.append(
        f"{hdr[1]}：{fact}；{request}。" if zh else f"{hdr[1]}: {fact}. {third_person(request)}."
    )
    facts = T.facts(case, zh)
    if facts:
        sections.append(
            f"{hdr[2]}：\n" + "\n".join(f"{i}. {f}" for i, f in enumerate(facts, 1))
            if zh
            else f"{hdr[2]}:\n" + "\n".join(f"- {f}" for f in facts)
        )
    statement = case.statement_platform or case.statement
    if statement:
        sections.append(f"{hdr[7]}：\n{statement}" if zh else f"{hdr[7]}:\n{statement}")
    by_label = {v: k for k, v in exhibits.items()}
    captions = {i.path: i.caption for i in items}
    ex_lines = []
    for lab in sorted(by_label, key=lambda x: (_exhibit_no(x), x)):
        cap = captions.get(by_label[lab])
        path = by_label[lab]  # "E-01 整体照片（重复保存的副本）（product/…）": no nested brackets
        ex_lines.append(
            (f"{lab} {cap}（{path}）" if zh else f"{lab} {path} – {cap}")
            if cap
            else f"{lab} {path}"
        )
    if ex_lines:
        sections.append(
            f"{hdr[3]}：\n" + "\n".join(ex_lines) if zh else f"{hdr[3]}:\n" + "\n".join(ex_lines)
        )
    dl = [deadline_fact(d, case, zh) for d in compute_deadlines(case, now)]
    dl = [x for x in dl if x]
    if dl:
        sections.append(f"{hdr[4]}：\n" + "\n".join(dl) if zh else f"{hdr[4]}:\n" + "\n".join(dl))
    if rule_pts:
        sections.append(
            f"{hdr[5]}：" + T.basis_sentences(rule_pts, zh)
            if zh
            else f"{hdr[5]}: " + third_person(T.basis_sentences(rule_pts, zh))
        )
    if law_pts:
        cites = T.short_cites(law_pts, zh)
        sections.append(
            f"{hdr[6]}：" + T.basis_sentences(law_pts, zh, swap)
            if zh
            else f"{hdr[6]}: " + third_person(T.basis_sentences(law_pts, zh))
        )
        del cites
    elif not profile.chinese_law and profile.programme_en:
        sections.append(_programme(profile, zh))
    body = fit_ranked(slots, None)
    if not zh:  # no limit here: the fact in words ("Five of the eight items delivered")
        body = body.replace(f"{tight}. ", f"{fact}. ", 1)
    ev_all = T.exhibits_by_kind(items, exhibits, zh)
    if ev_all and ev_all != ev_short:
        body += ("\n全部证据：" if zh else "\nAll exhibits: ") + ev_all
    del ref
    title = platform_title(case, profile, zh)
    return Letter(
        title, body, short, "\n\n".join(sections), limit, return_note,
        advice=_advice(case, profile, now, zh),
    )  # fmt: skip


def letter_texts(
    case: Case,
    items: Sequence[EvidenceItem],
    findings: Sequence[Finding],
    exhibits: Mapping[str, str],
    to: str = "seller",
    lang: str = "zh",
    now: datetime | None = None,
) -> Letter:
    """The letter to one of :data:`RECIPIENTS` in ``zh`` or ``en``.

    ``exhibits`` maps item paths to exhibit labels (``E-03``): only those are cited, so a pack
    passes the exhibits in its images. ``findings`` leave exhibits with error-level findings
    out of the short platform text. ``now`` anchors the reply date (required).
    """
    if to not in RECIPIENTS:
        raise ValueError(f"to must be one of {', '.join(RECIPIENTS)}, got {to!r}")
    if now is None:
        raise ValueError("now is required (inject the clock; see AuditOptions.clock())")
    profile = load_profile(case.platform)
    zh = lang == "zh"
    # The init placeholder and an empty order number never reach a letter (issue 20).
    case = dataclasses.replace(
        case,
        statement=case.statement_in(lang),
        statement_platform=""
        if is_placeholder(case.statement_platform)
        else case.statement_platform.strip(),
        order_id=case.order_id or "—",
    )
    d = Draft(case, profile, items, exhibits, zh, now)
    if to == "seller":
        return _seller(d)
    if to == "platform":
        return _platform(d, findings)
    if to == "issuer":
        from evidencekit.outputs.letter_issuer import issuer_letter

        return issuer_letter(d)
    from evidencekit.outputs.letter_formal import formal_letter

    return formal_letter(to, d)


def seller_letter(
    result: AuditResult, exhibits: Mapping[str, str], lang: str, now: datetime
) -> str:
    """The seller letter's body as the dossier prints it (``dossier.assembly.LetterFn``): the
    buyer's account stands above it on the same page, so the letter does not repeat it."""
    findings = result.all_findings()
    case = dataclasses.replace(result.case, statement="", statement_en="")
    return letter_texts(case, result.items, findings, exhibits, "seller", lang, now).body
