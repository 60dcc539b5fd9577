"""Coverage checks: is each claim backed by the kind of evidence it needs (completeness per
claim type), and do return-parcel photos name the tracking number the case records?

Split from checks/timeline.py (codes EK3xx, table: docs/findings-timeline.md); the caption and
file-name hints below are evidencekit's heuristics, named as such in the messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from evidencekit.models import Case, Category, EvidenceItem, Finding, Severity
from evidencekit.rules.deadlines import canonical_kind

CLOSEUP_HINTS = (
    "特写",
    "细节",
    "局部",
    "近景",
    "微距",
    "瑕疵",
    "破损处",
    "close-up",
    "closeup",
    "close_up",
    "detail",
    "macro",
    "defect",
    "zoom",
)
RETURN_HINTS = ("退货", "寄回", "退回", "return")
TRACKING_RE = re.compile(r"(?<![A-Z0-9])[A-Z]{0,4}\d{9,20}[A-Z]{0,2}(?![A-Z0-9])")
"""Courier numbers: optional letter prefix (SF, YT, JT, JD...) and 9-20 digits."""


def finding(
    code: str,
    sev: Severity,
    msg: str,
    remedy: str,
    msg_zh: str,
    remedy_zh: str,
    path: str | None = None,
) -> Finding:
    return Finding(code, sev, msg, remedy, path, msg_zh, remedy_zh)


def _text(item: EvidenceItem) -> str:
    return f"{item.caption} {item.path}".lower()


def has_hint(item: EvidenceItem, hints: Iterable[str]) -> bool:
    t = _text(item)
    return any(h in t for h in hints)


def completeness_findings(case: Case, items: Sequence[EvidenceItem]) -> list[Finding]:
    out: list[Finding] = []
    by_cat = {c: [it for it in items if it.source.category == c] for c in Category}
    products = by_cat[Category.PRODUCT]
    if case.claim == "quality":
        closeups = [it for it in products if has_hint(it, CLOSEUP_HINTS)]
        if len(products) == len(closeups):
            out.append(
                finding(
                    "EK310",
                    Severity.WARNING,
                    "No overall photo of the goods: without it the seller can say the close-ups show "
                    "a different item.",
                    "Add a photo of the whole item (with its label or packaging) in product/.",
                    "没有商品的整体照片：缺少它，卖家可以说特写拍的是另一件商品。",
                    "在 product/ 中加一张商品的整体照片（带上标签或包装）。",
                )
            )
        if not closeups:
            out.append(
                finding(
                    "EK311",
                    Severity.WARNING,
                    "No close-up of the defect was recognised. This is a heuristic on captions and "
                    "file names (特写, 细节, 局部, close-up, detail, defect...), so it may be present "
                    "under another name.",
                    "Add a sharp close-up of the defect, or caption the existing one (e.g. "
                    '"瑕疵特写") in case.toml.',
                    "没有识别到瑕疵特写。这是根据说明和文件名做的推测（特写、细节、局部、close-up、"
                    "detail、defect…），可能已经有了，只是用了别的名称。",
                    "加一张清晰的瑕疵特写，或在 case.toml 中给已有的照片写上说明"
                    '（例如 "瑕疵特写"）。',
                )
            )
    if case.claim == "not_as_described" and not by_cat[Category.LISTING]:
        out.append(
            finding(
                "EK312",
                Severity.WARNING,
                "No listing screenshot: a not-as-described claim needs what the seller promised.",
                "Add the listing or, better, the order snapshot (交易快照) to listing/.",
                "没有商品页截图：申请“与描述不符”，需要证明卖家当初承诺了什么。",
                "把商品页截图放进 listing/，最好是交易快照。",
            )
        )
    if case.claim == "damaged" and not by_cat[Category.PARCEL]:
        out.append(
            finding(
                "EK313",
                Severity.WARNING,
                "No parcel photos: the seller can say the goods were damaged after delivery.",
                "Add photos (ideally an unboxing video) of the outer box, tape and waybill to parcel/.",
                "没有包裹照片：卖家可以说商品是签收之后才损坏的。",
                "把外箱、封箱胶带和面单的照片（最好有开箱视频）放进 parcel/。",
            )
        )
    if not by_cat[Category.CHAT]:
        out.append(
            finding(
                "EK314",
                Severity.WARNING,
                "No chat screenshot: nothing shows that the seller was told and how they answered.",
                "Add screenshots of the platform chat (旺旺/咚咚) with times and the seller's name.",
                "没有聊天截图：无法证明你已经告知卖家，以及卖家是怎么答复的。",
                "添加平台聊天（旺旺/咚咚）的截图，截图里要能看到时间和卖家名称。",
            )
        )
    return out


def _norm(tracking: str) -> str:
    return re.sub(r"[\s-]", "", tracking).upper()


def tracking_findings(case: Case, items: Sequence[EvidenceItem]) -> list[Finding]:
    if case.refund_type != "return_refund":
        return []
    returns = ("return_shipped", "return_received")
    recorded = {
        _norm(e.tracking) for e in case.events if e.tracking and canonical_kind(e.kind) in returns
    }
    outbound = {_norm(e.tracking) for e in case.events if e.tracking} - recorded
    out: list[Finding] = []
    if not recorded:
        out.append(
            finding(
                "EK315",
                Severity.WARNING,
                "No return tracking number is recorded: the seller can say the return never arrived.",
                'Add [[event]] kind = "return_shipped" with carrier and tracking, exactly as '
                "entered on the platform.",
                "没有记录退货运单号：卖家可以说从来没收到退货。",
                '添加 [[event]] kind = "return_shipped"，填上快递公司（carrier）和运单号'
                "（tracking），与平台上填写的完全一致。",
            )
        )
    elif len(recorded) > 1:
        out.append(
            finding(
                "EK316",
                Severity.WARNING,
                f"Different return tracking numbers are recorded: {', '.join(sorted(recorded))}.",
                "Use the one number entered on the platform everywhere (label photo, app, chat).",
                f"记录了多个不同的退货运单号：{'、'.join(sorted(recorded))}。",
                "各处（面单照片、App、聊天）都统一使用平台上填写的那一个运单号。",
            )
        )
    for it in items:
        if not has_hint(it, RETURN_HINTS):
            continue
        for token in TRACKING_RE.findall(it.caption.upper()):
            if recorded and token not in recorded | outbound | {_norm(case.order_id)}:
                out.append(
                    finding(
                        "EK316",
                        Severity.WARNING,
                        f"The caption mentions tracking number {token}, but the return was recorded "
                        f"with {', '.join(sorted(recorded))}.",
                        "Correct the caption or the return_shipped event; a wrong number lets the "
                        "seller refuse the refund.",
                        f"说明中提到的运单号是 {token}，但退货记录的运单号是 "
                        f"{'、'.join(sorted(recorded))}。",
                        "改正说明或 return_shipped 事件；运单号不对，卖家可以借此拒绝退款。",
                        it.path,
                    )
                )
    return out
