"""A card dispute request to the buyer's card issuer (``letter --to issuer``), issue 15.

The buyer who paid by card disputes the transaction through the bank that issued the card; the
issuer files it with the network under a reason code: Visa 13.1 (merchandise/services not
received) or 13.3 (not as described or defective), Mastercard 4855 (goods or services not
provided) or 4853 (cardholder dispute: not as described or defective). Windows (law.toml
``card_window``, ``card_return_wait``): 120 days, and after returning the goods, 15 days for the
merchant's refund before disputing (Visa 13.3). The scheme rules bind the banks; the letter asks
the issuer to file and gives it the facts and exhibits. Whether the window is open, and that a
chargeback closes a PayPal or eBay case, goes to ``Letter.advice``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from evidencekit.models import Case
from evidencekit.outputs import letter_text as T
from evidencekit.outputs.letter_parts import Draft
from evidencekit.outputs.letter_text import Letter, order_ref
from evidencekit.rules.deadlines import find_event, signing
from evidencekit.rules.platforms import Profile, load_law

NOT_RECEIVED = ("visa_13_1", "mc_4855")
NOT_AS_DESCRIBED = ("visa_13_3", "mc_4853")


def reason_codes(case: Case) -> tuple[str, str]:
    """The (Visa, Mastercard) article keys for the claim."""
    return NOT_RECEIVED if case.claim == "not_received" else NOT_AS_DESCRIBED


def _window(case: Case) -> tuple[datetime | None, datetime | None]:
    """(last day to dispute, first day after the return wait) from the events, when known."""
    rules = load_law().rules
    days = timedelta(days=float(rules["card_window"].value))
    wait = timedelta(days=float(rules["card_return_wait"].value))
    paid = find_event(case, "ordered")  # ``paid`` is an alias of ``ordered``
    if case.claim == "not_received":
        start = find_event(case, "estimated_delivery") or paid
    else:
        found = signing(case)
        start = found[1] if found else paid
    ret = find_event(case, "return_shipped") if case.claim != "not_received" else None
    return (start.utc + days if start else None), (ret.utc + wait if ret else None)


def _advice(case: Case, profile: Profile, now: datetime, zh: bool) -> tuple[str, ...]:
    rules = load_law().rules
    last, after_wait = _window(case)
    out: list[str] = []
    tz = case.timezone
    win, wait = rules["card_window"], rules["card_return_wait"]
    if zh:
        out.append(
            f"{win.title_zh}（来源：{win.source}，可信度{win.confidence}）"
            + (f"：按记录的事件计算，截止{T.date_zh(last, tz, False)}。" if last else "。")
        )
        if after_wait and now < after_wait:
            out.append(
                f"{wait.title_zh}：自{T.date_zh(after_wait, tz, False)}起再提交（来源：{wait.source}）。"
            )
        if profile.key in ("paypal", "ebay", "amazon"):
            out.append(
                f"向发卡行提出争议后，{profile.title_zh}通常会关闭其买家保障案件：两条途径只能选一条。"
            )
        if case.claim == "no_reason":
            out.append("无理由退货不属于银行卡争议的事由；卖家同意退货却未退款的，再向发卡行申请。")
        out.append("争议代码由发卡行最终确定；请先向商户（卖家）书面要求退款并保留记录。")
        return tuple(out)
    out.append(
        f"{win.title_en} (source: {win.source}, confidence {win.confidence})"
        + (f": from the recorded events, by {T.date_en(last, tz, False)}." if last else ".")
    )
    if after_wait and now < after_wait:
        out.append(f"{wait.title_en}: submit from {T.date_en(after_wait, tz, False)}.")
    if profile.key in ("paypal", "ebay", "amazon"):
        out.append(
            f"A card dispute usually closes the {profile.title_en} case: choose one of the two routes."
        )
    if case.claim == "no_reason":
        out.append(
            "A change of mind is not a card dispute reason; if the seller accepted the return "
            "and did not refund, ask the issuer then."
        )
    out.append(
        "The issuer decides the reason code; ask the merchant for the refund in writing first."
    )
    return tuple(out)


def issuer_letter(d: Draft) -> Letter:
    case, profile, items, exhibits, zh, now = d.unpack()
    arts = load_law().articles
    visa, mc = (arts[k] for k in reason_codes(case))
    blank = "（请填写）" if zh else "(fill in)"
    order = order_ref(case, profile, zh)
    amount = T.money(T.claimed_amount(case), case, zh)
    ev = T.exhibits_by_kind(items, exhibits, zh)
    paid = find_event(case, "ordered")
    ret = find_event(case, "return_shipped") if case.claim != "not_received" else None
    refused = find_event(case, "seller_refused")
    complained = find_event(case, "complained") or find_event(case, "refund_requested")
    tz = case.timezone
    seller = case.seller_entity or case.seller or blank
    fact = T.claim_fact(case, case.order_id, zh, platform=True)
    if zh:
        when = T.date_zh(paid.utc, tz, False) if paid else blank
        lines = [
            f"持卡人：{case.buyer or blank}；联系方式：{case.buyer_contact or blank}",
            f"交易：{when}在{profile.name_zh or profile.title_zh}向商户{seller}付款，{order}，"
            f"金额{T.money(T.decimal(case.amount), case, True) or blank}。",
            f"争议事由：{fact}。",
        ]
        steps = []
        if complained:
            steps.append(
                f"持卡人已于{T.date_zh(complained.utc, tz, False)}向商户反映问题并要求退款"
            )
        if refused:
            steps.append(f"商户于{T.date_zh(refused.utc, tz, False)}拒绝")
        if ret:
            trk = T.carrier_text(ret.carrier, ret.tracking, True)
            steps.append(f"商品已于{T.date_zh(ret.utc, tz, False)}退回（{trk}），商户至今未退款")
        if steps:
            lines.append("与商户协商经过：" + "；".join(steps) + "。")
        lines.append(
            f"请求：请贵行就上述交易向卡组织提出争议（拒付），退还{amount or '相应款项'}。"
            f"适用的争议事由为{visa.cite_zh}，或{mc.cite_zh}。"
        )
        lines.append(f"证据：{ev}。" if ev else "")
        lines.append(
            f"此致\n发卡银行\n\n持卡人：{case.buyer or blank}\n{T.date_zh(now, tz, False)}"
        )
        title = f"银行卡交易争议申请（致发卡行）：{order}"
    else:
        when = T.date_en(paid.utc, tz, False) if paid else blank
        we, our = ("we", "our") if case.buyer_type == "business" else ("I", "my")
        lines = [
            f"Cardholder: {case.buyer or blank}; contact: {case.buyer_contact or blank}",
            f"Transaction: paid on {when} to {seller} via {profile.title_en}, {order}, "
            f"{T.money(T.decimal(case.amount), case, False) or blank}.",
            f"Dispute: {fact[:1].upper() + fact[1:]}.",
        ]
        steps = []
        if complained:
            steps.append(
                f"{we} asked the merchant for a refund on {T.date_en(complained.utc, tz, False)}"
            )
        if refused:
            steps.append(f"the merchant refused on {T.date_en(refused.utc, tz, False)}")
        if ret:
            trk = T.carrier_text(ret.carrier, ret.tracking, False)
            steps.append(
                f"the goods were returned on {T.date_en(ret.utc, tz, False)} ({trk}) and no refund followed"
            )
        if steps:
            text = "; ".join(steps)
            lines.append(
                "Attempts to resolve it with the merchant: " + text[:1].upper() + text[1:] + "."
            )
        lines.append(
            f"Request: please dispute this transaction and credit {amount or 'the amount'} to {our} "
            f"card under {visa.cite_en} or {mc.cite_en}, whichever network the card belongs to."
        )
        lines.append(f"Evidence: {ev[:1].upper() + ev[1:]}." if ev else "")
        lines.append(f"Yours faithfully,\n{case.buyer or blank}\n{T.date_en(now, tz, False)}")
        title = f"Card dispute request to the issuer: {order}"
    body = "\n\n".join(x for x in lines if x)
    return Letter(title, body, body, body, advice=_advice(case, profile, now, zh))
