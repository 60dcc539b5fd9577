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


def _complaint(
    case: Case, profile: Profile, ev: str, zh: bool, now: datetime
) -> tuple[str, str, tuple[str, ...]]:
    consumer = case.buyer_type == "consumer"
    order = order_ref(case, profile, zh)
    seller = case.seller_entity or case.seller or (BLANK_ZH if zh else BLANK_EN)
    swap = {"贵方": "被投诉人", "我方": "投诉人"}
    pts = T.points(case, profile)
    timers = (_rule_text("samr_accept", zh), _rule_text("samr_mediation", zh))
    if zh:
        blank = BLANK_ZH
        if consumer:
            title = f"12315投诉：{seller}（{order}）"
            req = T.request(case, True, "被投诉人").replace("我方", "投诉人")
            body = "\n\n".join(
                [
                    f"投诉人：{case.buyer or blank}；联系方式：{case.buyer_contact or blank}；"
                    f"地址：{case.buyer_address or blank}",
                    f"被投诉人：{seller}（{profile.title_zh}店铺：{case.seller or blank}）；"
                    f"地址：{case.seller_address or blank}",
                    f"投诉请求：{req}。",
                    "事实与理由：\n" + _facts(case, True),
                    T.basis_sentences(pts, True, swap),
                    f"证据：{ev}。" if ev else "",
                    f"投诉人：{case.buyer or blank}\n{T.date_zh(now, case.timezone, False)}",
                ]
            )
            advice: tuple[str, ...] = (
                "投诉须实名，写明被投诉人名称、具体请求和事实（《市场监督管理投诉举报处理暂行办法》第九条）。",
                *timers,
            )
        else:
            title = f"12315举报：{seller}涉嫌虚假宣传（{order}）"
            body = "\n\n".join(
                [
                    f"举报人：{case.buyer or blank}（企业买家，采购用于经营）",
                    f"被举报人：{seller}；地址：{case.seller_address or blank}",
                    "举报事项：被举报人在商品页对商品质量作出的说明与实际交付的商品不符，"
                    "涉嫌以虚假或者引人误解的内容进行宣传（《广告法》第二十八条）。",
                    "事实：\n" + _facts(case, True),
                    f"证据：{ev}。" if ev else "",
                ]
            )
            advice = (
                "12315投诉（调解）保护为生活消费需要购买商品的消费者（《消费者权益保护法》第二条）；"
                "企业买家的合同争议不予调解，因此这里写的是虚假宣传举报，货款请通过平台或诉讼主张。",
            )
        return title, body, advice
    if consumer:
        title = f"12315 complaint: {seller} ({order})"
        parties = ("the complainant", "the respondent")
        req = third_person(T.request(case, False), *parties)
        body = "\n\n".join(
            [
                f"Complainant: {case.buyer or BLANK_EN}; contact: {case.buyer_contact or BLANK_EN}",
                f"Respondent: {seller}; address: {case.seller_address or BLANK_EN}",
                f"Request: {req}.",
                "Facts:\n" + _facts(case, False),
                third_person(T.basis_sentences(pts, False), *parties),
                f"Evidence: {ev}." if ev else "",
            ]
        )
        return title, body, ("A 12315 complaint needs your real name.", *timers)
    title = f"12315 report of false advertising: {seller} ({order})"
    body = "\n\n".join(
        [
            f"Reporting party: {case.buyer or BLANK_EN} (business buyer)",
            f"Reported: {seller}",
            "The listing's quality claims do not match the goods delivered (Advertising Law, "
            "Art. 28).",
            "Facts:\n" + _facts(case, False),
        ]
    )
    return title, body, ("12315 mediates for consumers only; a business buyer can report.",)


def formal_letter(
    to: str,
    case: Case,
    profile: Profile,
    items: Sequence[EvidenceItem],
    exhibits: Mapping[str, str],
    zh: bool,
    now: datetime,
) -> Letter:
    ev = T.exhibits_by_kind(items, exhibits, zh)
    order = order_ref(case, profile, zh)
    blank = BLANK_ZH if zh else BLANK_EN
    seller = case.seller_entity or case.seller or blank
    day = T.date_zh(now, case.timezone, False) if zh else T.date_en(now, case.timezone, False)
    if to == "12315":
        title, body, advice = _complaint(case, profile, ev, zh, now)
    elif to == "association":
        consumer = case.buyer_type == "consumer"
        to_whom = "消费者协会" if consumer else "人民调解委员会"
        swap = {"贵方": "被申请人", "我方": "申请人"}
        req = T.request(case, zh, "被申请人").replace("我方", "申请人")
        if zh:
            title = f"调解申请书（致{to_whom}）：{order}"
            body = "\n\n".join(
                [
                    f"申请人：{case.buyer or blank}；联系方式：{case.buyer_contact or blank}",
                    f"被申请人：{seller}；地址：{case.seller_address or blank}",
                    f"调解请求：{req}。",
                    "事实与理由：\n" + _facts(case, True),
                    T.basis_sentences(T.points(case, profile), True, swap),
                    f"证据：{ev}。" if ev else "",
                    f"此致\n{to_whom}\n\n申请人：{case.buyer or blank}\n{day}",
                ]
            )
        else:
            parties = ("the applicant", "the respondent")
            title = f"Request for mediation ({'consumer association' if consumer else 'people’s mediation committee'}): {order}"
            body = "\n\n".join(
                [
                    f"Applicant: {case.buyer or blank}",
                    f"Respondent: {seller}",
                    f"Request: {third_person(T.request(case, False), *parties)}.",
                    "Facts:\n" + _facts(case, False),
                    third_person(T.basis_sentences(T.points(case, profile), False), *parties),
                    f"Evidence: {ev}." if ev else "",
                ]
            )
        advice = (
            ()
            if consumer
            else ("消费者协会只受理消费者的投诉；企业买家可申请人民调解委员会或行业协会调解。",)
        )
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
    if zh:
        evidence = "\n".join(f"{lab} {path}" for path, lab in ex)
        body = "\n\n".join(
            [
                "民事起诉状",
                f"原告：{case.buyer or blank}；联系方式：{case.buyer_contact or blank}；"
                f"住所：{case.buyer_address or blank}",
                f"被告：{seller}（以店铺亮照的营业执照为准；{profile.title_zh}店铺："
                f"{case.seller or blank}）；住所：{case.seller_address or blank}",
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
    evidence = "\n".join(f"{lab} {path}" for path, lab in ex)
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
    if zh:
        pay = (
            f"该快件已保价{insured}，请按保价规则赔偿"
            if insured
            else "该快件未保价，请依照民事法律的有关规定赔偿实际损失"
        )
        body = "\n\n".join(
            [
                f"{name or '快递公司'}：",
                f"运单号{tracking or blank}的快件（订单{case.order_id}）{what}，现申请理赔。",
                "经过：\n" + _facts(case, True),
                f"请求：赔偿损失{amount or blank}。{pay}（《快递暂行条例》第二十七条）。",
                f"申请人：{case.buyer or blank}；联系方式：{case.buyer_contact or blank}\n{day}",
            ]
        )
        return f"快递理赔申请：运单号{tracking or blank}", body, advice
    pay = (
        f"the parcel was insured for {insured}; please pay under the insurance terms"
        if insured
        else "the parcel was not insured; please pay the actual loss under civil law"
    )
    body = "\n\n".join(
        [
            f"To {name or 'the courier'}:",
            f"Parcel {tracking or blank} (order {case.order_id}) {what}. I claim compensation.",
            "What happened:\n" + _facts(case, False),
            f"Claim: {amount or blank}; {pay} (Interim Regulations on Express Delivery, Art. 27).",
        ]
    )
    return f"Courier claim: tracking number {tracking or blank}", body, advice
