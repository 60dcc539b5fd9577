"""Formal texts beyond seller and platform: a 12315 complaint (a 举报 for business buyers), a
消费者协会 mediation request, a 民事起诉状 outline and a courier claim (``letter --to``).

The basis sentences of law.toml are addressed to the seller (贵方/我方); here they are
rewritten for the text's parties (被投诉人/投诉人, 被告/原告).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from evidencekit.models import Case, EvidenceItem
from evidencekit.outputs import letter_text as T
from evidencekit.outputs.letter_parts import Draft
from evidencekit.outputs.letter_text import Letter, order_ref
from evidencekit.outputs.letter_voice import third_person
from evidencekit.rules import kinds
from evidencekit.rules.deadlines import find_event
from evidencekit.rules.platforms import Profile, load_law

BLANK_ZH = "（请填写）"
BLANK_EN = "(fill in)"


def _rule_text(key: str, zh: bool) -> str:
    r = load_law().rules[key]
    title = r.title_zh if zh else r.title_en
    src = f"{r.source}，可信度{r.confidence}" if zh else f"{r.source}, confidence {r.confidence}"
    return f"{title}（{src}）" if zh else f"{title} ({src})"


def _facts(case: Case, zh: bool) -> str:
    lines = T.facts(case, zh)
    text = "\n".join(f"{i}. {f}" for i, f in enumerate(lines, 1))
    if case.statement:
        text += ("\n" if text else "") + case.statement
    return text


_COMPLAINT = {
    True: {
        "title": "12315投诉：{seller}（{order}）",
        "buyer": "投诉人：{buyer}；联系方式：{contact}；地址：{address}",
        "seller": "被投诉人：{seller}（{shop}店铺：{store}）；地址：{seller_address}",
        "request": "投诉请求：{req}。",
        "facts": "事实与理由：\n",
        "evidence": "证据：{ev}。",
        "sign": "投诉人：{buyer}\n{day}",
    },
    False: {
        "title": "12315 complaint: {seller} ({order})",
        "buyer": "Complainant: {buyer}; contact: {contact}",
        "seller": "Respondent: {seller}; address: {seller_address}",
        "request": "Request: {req}.",
        "facts": "Facts:\n",
        "evidence": "Evidence: {ev}.",
        "sign": "",
    },
}
"""A consumer's 12315 complaint: real identity, the named respondent, a concrete request and
the facts (市场监督管理投诉举报处理暂行办法第九条)."""


_MEDIATION = {
    True: {
        "title": "调解申请书（致{to_whom}）：{order}",
        "buyer": "申请人：{buyer}；联系方式：{contact}",
        "seller": "被申请人：{seller}；地址：{seller_address}",
        "request": "调解请求：{req}。",
        "facts": "事实与理由：\n",
        "evidence": "证据：{ev}。",
        "sign": "此致\n{to_whom}\n\n申请人：{buyer}\n{day}",
    },
    False: {
        "title": "Request for mediation ({to_whom}): {order}",
        "buyer": "Applicant: {buyer}",
        "seller": "Respondent: {seller}",
        "request": "Request: {req}.",
        "facts": "Facts:\n",
        "evidence": "Evidence: {ev}.",
        "sign": "",
    },
}
"""A mediation request: to the 消费者协会 for a consumer, else a people's mediation committee."""

_PARTIES = {
    "12315": (("投诉人", "被投诉人"), ("the complainant", "the respondent")),
    "association": (("申请人", "被申请人"), ("the applicant", "the respondent")),
}


def _party_text(
    to: str, case: Case, profile: Profile, ev: str, zh: bool, day: str, seller: str
) -> tuple[str, str]:
    """A complaint or mediation request: the parties, the request, the facts and the basis
    with the parties named (投诉人/被投诉人, the applicant/the respondent), the evidence."""
    w = (_COMPLAINT if to == "12315" else _MEDIATION)[zh]
    blank = BLANK_ZH if zh else BLANK_EN
    pts = T.points(case, profile)
    if zh:
        buyer_p, seller_p = _PARTIES[to][0]
        req = T.request(case, True, seller_p).replace("我方", buyer_p)
        basis = T.basis_sentences(pts, True, {"贵方": seller_p, "我方": buyer_p})
    else:
        parties = _PARTIES[to][1]
        req = third_person(T.request(case, False), *parties)
        basis = third_person(T.basis_sentences(pts, False), *parties)
    consumer = case.buyer_type == "consumer"
    to_whom = (
        ("消费者协会" if consumer else "人民调解委员会")
        if zh
        else ("consumer association" if consumer else "people’s mediation committee")
    )
    fill = {
        "seller": seller, "order": order_ref(case, profile, zh), "buyer": case.buyer or blank,
        "contact": case.buyer_contact or blank, "address": case.buyer_address or blank,
        "shop": profile.title_zh, "store": case.seller or blank, "to_whom": to_whom,
        "seller_address": case.seller_address or blank, "req": req, "ev": ev, "day": day,
    }  # fmt: skip
    parts = [w["buyer"], w["seller"], w["request"]]
    body = [p.format(**fill) for p in parts]
    body += [w["facts"] + _facts(case, zh), basis]
    body += [w["evidence"].format(**fill) if ev else "", w["sign"].format(**fill)]
    return w["title"].format(**fill), "\n\n".join(body)


def _complaint(
    case: Case, profile: Profile, ev: str, zh: bool, now: datetime
) -> tuple[str, str, tuple[str, ...]]:
    consumer = case.buyer_type == "consumer"
    order = order_ref(case, profile, zh)
    seller = case.seller_entity or case.seller or (BLANK_ZH if zh else BLANK_EN)
    timers = (_rule_text("samr_accept", zh), _rule_text("samr_mediation", zh))
    if consumer:
        day = T.date_zh(now, case.timezone, False)
        title, body = _party_text("12315", case, profile, ev, zh, day, seller)
        real_name = (
            "投诉须实名，写明被投诉人名称、具体请求和事实（《市场监督管理投诉举报处理暂行办法》第九条）。"
            if zh
            else "A 12315 complaint needs your real name."
        )
        return title, body, (real_name, *timers)
    w, blank = _REPORT[zh], BLANK_ZH if zh else BLANK_EN
    fill = {"buyer": case.buyer or blank, "seller": seller, "ev": ev,
            "seller_address": case.seller_address or blank}  # fmt: skip
    body = "\n\n".join(
        [
            w["buyer"].format(**fill),
            w["seller"].format(**fill),
            w["what"],
            w["facts"] + _facts(case, zh),
            w["evidence"].format(**fill) if ev else "",
        ]
    )
    return w["title"].format(seller=seller, order=order), body, (w["advice"],)


_REPORT = {
    True: {
        "title": "12315举报：{seller}涉嫌虚假宣传（{order}）",
        "buyer": "举报人：{buyer}；身份：企业买家（采购用于经营）",
        "seller": "被举报人：{seller}；地址：{seller_address}",
        "what": "举报事项：被举报人在商品页对商品质量作出的说明与实际交付的商品不符，"
        "涉嫌以虚假或者引人误解的内容进行宣传（《广告法》第二十八条）。",
        "facts": "事实：\n",
        "evidence": "证据：{ev}。",
        "advice": "12315投诉（调解）保护为生活消费需要购买商品的消费者（《消费者权益保护法》"
        "第二条）；企业买家的合同争议不予调解，因此这里写的是虚假宣传举报，货款请通过平台或诉讼主张。",
    },
    False: {
        "title": "12315 report of false advertising: {seller} ({order})",
        "buyer": "Reporting party: {buyer} (business buyer)",
        "seller": "Reported: {seller}",
        "what": "The listing's quality claims do not match the goods delivered "
        "(Advertising Law, Art. 28).",
        "facts": "Facts:\n",
        "evidence": "",
        "advice": "12315 mediates for consumers only; a business buyer can report.",
    },
}
"""A business buyer's 12315 text: a 举报 of false advertising (12315 mediates for consumers
only, 消费者权益保护法第二条)."""


def formal_letter(to: str, d: Draft) -> Letter:
    case, profile, items, exhibits, zh, now = d.unpack()
    ev = T.exhibits_by_kind(items, exhibits, zh)
    blank = BLANK_ZH if zh else BLANK_EN
    seller = case.seller_entity or case.seller or blank
    day = T.date_zh(now, case.timezone, False) if zh else T.date_en(now, case.timezone, False)
    if to == "12315":
        title, body, advice = _complaint(case, profile, ev, zh, now)
    elif to == "association":
        consumer = case.buyer_type == "consumer"
        title, body = _party_text(to, case, profile, ev, zh, day, seller)
        only = (
            "消费者协会只受理消费者的投诉；企业买家可申请人民调解委员会或行业协会调解。"
            if zh
            else "Consumer associations take consumers' complaints only; a business buyer can "
            "ask a people's mediation committee or a trade association to mediate."
        )
        advice = () if consumer else (only,)
    elif to == "court":
        title, body, advice = _court(case, profile, items, exhibits, zh, day)
    else:
        title, body, advice = _courier(case, zh, day)
    body = "\n\n".join(p for p in body.split("\n\n") if p.strip())
    return Letter(title, body, body, body, advice=tuple(advice))


def _court(
    case: Case,
    profile: Profile,
    items: Sequence[EvidenceItem],
    exhibits: Mapping[str, str],
    zh: bool,
    day: str,
) -> tuple[str, str, tuple[str, ...]]:
    blank = BLANK_ZH if zh else BLANK_EN
    seller = case.seller_entity or blank
    swap = {"贵方": "被告", "我方": "原告"}
    claims = _court_claims(case)
    ex = sorted(exhibits.items(), key=lambda kv: kv[1])
    captions = {it.path: it.caption for it in items}
    if zh:
        evidence = "\n".join(
            f"{lab} {captions[p]}（{p}）" if captions.get(p) else f"{lab} {p}" for p, lab in ex
        )
        body = "\n\n".join(
            [
                "民事起诉状",
                f"原告：{case.buyer or blank}；联系方式：{case.buyer_contact or blank}；"
                f"住所：{case.buyer_address or blank}",
                f"被告：{seller}；住所：{case.seller_address or blank}\n"
                f"（被告名称以店铺亮照的营业执照为准；{profile.name_zh or profile.title_zh}"
                f"店铺名称：{case.seller or blank}）",
                "诉讼请求：\n" + "\n".join(f"{i}. {c}" for i, c in enumerate(claims, 1)),
                "事实与理由：\n" + _facts(case, True),
                T.basis_sentences(T.points(case, profile), True, swap),
                "管辖：本案为网络购物合同纠纷，由被告住所地或合同履行地人民法院管辖；"
                "通过快递交付的，收货地为合同履行地（《民事诉讼法》第二十四条，"
                "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二十条）。"
                "收货地或被告住所地在北京、广州、杭州的，由当地互联网法院管辖"
                "（《最高人民法院关于互联网法院审理案件若干问题的规定》第二条）。",
                "证据清单：\n" + evidence if evidence else "",
                f"此致\n{blank}人民法院\n\n具状人：{case.buyer or blank}\n{day}",
            ]
        )
        advice = (
            "标的额在本省上年度就业人员年平均工资百分之五十以下的简单金钱给付案件，适用小额诉讼程序，"
            "一审终审（《民事诉讼法》第一百六十五条）。",
            "被告应为店铺亮照的营业执照上的经营者名称（case.toml seller_entity）。",
        )
        return "民事起诉状（提纲）：" + order_ref(case, profile, True), body, advice
    evidence = "\n".join(
        f"{lab} {captions[p]} ({p})" if captions.get(p) else f"{lab} {p}" for p, lab in ex
    )
    parties = ("the claimant", "the defendant")
    body = "\n\n".join(
        [
            "Statement of claim (outline)",
            f"Claimant: {case.buyer or blank}",
            f"Defendant: {seller} (as named on the shop's business licence)",
            f"Claims:\n1. {third_person(T.request(case, False), *parties)};\n"
            "2. costs to be borne by the defendant.",
            "Facts and reasons:\n" + _facts(case, False),
            third_person(T.basis_sentences(T.points(case, profile), False), *parties),
            "Jurisdiction: the court of the defendant's domicile or the place of receipt "
            "(Civil Procedure Law, Art. 24; SPC Interpretation, Art. 20); the internet courts "
            "of Beijing, Guangzhou and Hangzhou where those apply.",
            "Evidence:\n" + evidence if evidence else "",
        ]
    )
    return "Statement of claim (outline): " + order_ref(case, profile, False), body, ()


def _court_claims(case: Case) -> list[str]:
    amt = T.money(T.claimed_amount(case), case, True) or "相应货款"
    back = T.goods_back(case, True)
    r = case.refund_type
    if r == "exchange":
        out = [f"判令被告更换{back}，交付符合约定的商品"]
    elif r == "repair":
        out = [f"判令被告修理{back}，使其符合约定"]
    else:
        what = "部分货款" if r == "partial_refund" else "货款"
        out = [f"判令被告退还{what}{amt}".replace("货款相应货款", "相应货款")]
        if r == "return_refund":
            out[0] += f"，原告同时退回{back}"
    if case.claim == "counterfeit" and case.buyer_type == "consumer" and T.punitive(case):
        out.append(f"判令被告按价款的三倍增加赔偿{T.money(T.punitive(case), case, True)}")
    if T.seller_pays_freight(case):
        out.append("判令被告承担往返运费")
    return [c + "；" for c in out] + ["判令本案诉讼费用由被告承担。"]


_PARCEL_LOSS = {
    "damaged": ("在运输途中损毁", "was damaged in transit"),
    "missing": ("内件短少", "arrived with items missing"),
    "not_received": ("丢失（收件人至今未收到）", "was lost (never delivered)"),
}


def _courier(case: Case, zh: bool, day: str) -> tuple[str, str, tuple[str, ...]]:
    shipped = find_event(case, "shipped")
    carrier = shipped.carrier if shipped else ""
    tracking = shipped.tracking if shipped else ""
    name = kinds.carrier_name(carrier, "zh" if zh else "en") if carrier else ""
    blank = BLANK_ZH if zh else BLANK_EN
    amount = T.money(T.claimed_amount(case), case, zh)
    insured = T.money(T.decimal(case.insured_value), case, zh)
    what = _PARCEL_LOSS.get(case.claim, ("", ""))[0 if zh else 1]
    advice: tuple[str, ...] = ()
    if not what:
        what = "存在损失" if zh else "caused a loss"
        advice = (
            (
                "快递理赔适用于快件延误、丢失、损毁或内件短少；商品本身的质量问题应向卖家主张。"
                if zh
                else "A courier claim covers delay, loss, damage or missing contents; a defect "
                "in the goods themselves is the seller's."
            ),
        )
    w = _COURIER[zh]
    pay = w["insured"].format(insured=insured) if insured else w["uninsured"]
    tracking = tracking or blank
    body = "\n\n".join(
        [
            w["to"].format(name=name or w["courier"]),
            w["parcel"].format(tracking=tracking, order=case.order_id, what=what),
            w["facts"] + _facts(case, zh),
            w["claim"].format(amount=amount or blank, pay=pay),
            w["sign"].format(
                buyer=case.buyer or blank, contact=case.buyer_contact or blank, day=day
            ),
        ]
    )
    return w["title"].format(tracking=tracking), body, advice


_COURIER = {
    True: {
        "insured": "该快件已保价{insured}，请按保价规则赔偿",
        "uninsured": "该快件未保价，请依照民事法律的有关规定赔偿实际损失",
        "to": "{name}：",
        "courier": "快递公司",
        "parcel": "运单号{tracking}的快件（订单{order}）{what}，现申请理赔。",
        "facts": "经过：\n",
        "claim": "请求：赔偿损失{amount}。{pay}（《快递暂行条例》第二十七条）。",
        "sign": "申请人：{buyer}；联系方式：{contact}\n{day}",
        "title": "快递理赔申请：运单号{tracking}",
    },
    False: {
        "insured": "the parcel was insured for {insured}; please pay under the insurance terms",
        "uninsured": "the parcel was not insured; please pay the actual loss under civil law",
        "to": "To {name}:",
        "courier": "the courier",
        "parcel": "Parcel {tracking} (order {order}) {what}. I claim compensation.",
        "facts": "What happened:\n",
        "claim": "Claim: {amount}; {pay} (Interim Regulations on Express Delivery, Art. 27).",
        "sign": "",
        "title": "Courier claim: tracking number {tracking}",
    },
}
"""The courier claim's words (快递暂行条例第二十七条: insured parcels by the insurance terms,
others by the actual loss under civil law)."""
