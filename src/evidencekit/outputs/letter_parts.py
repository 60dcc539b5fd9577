"""Pieces of the seller and platform letters (``letter.py``): the seller's view of the
buyer's own words (贵方/我方, no sentence addressed to the platform) and deadlines as facts."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from evidencekit.models import Case, EvidenceItem
from evidencekit.outputs import letter_text as T
from evidencekit.rules.deadlines import Deadline
from evidencekit.rules.platforms import Profile


@dataclass(frozen=True)
class Draft:
    """What every letter is written from: the case, its platform's profile, the exhibits
    it may cite (``exhibits``: item path -> label), the language and the clock."""

    case: Case
    profile: Profile
    items: Sequence[EvidenceItem]
    exhibits: Mapping[str, str]
    zh: bool
    now: datetime

    def unpack(
        self,
    ) -> tuple[Case, Profile, Sequence[EvidenceItem], Mapping[str, str], bool, datetime]:
        return self.case, self.profile, self.items, self.exhibits, self.zh, self.now


_TO_PLATFORM = re.compile(
    r"[，,]?[^。！？，,\n]*(?:申请|请求)(?:平台|淘宝|京东|1688|拼多多)?介入[^。！？，,\n]*[。！？]?\s*$"
)


def seller_statement(text: str) -> str:
    """The statement as the seller reads it: a closing clause addressed to the platform
    ("现申请平台介入处理。") belongs to ``statement_platform``, not to the seller letter."""
    kept = _TO_PLATFORM.sub("", text.rstrip()).rstrip()
    if kept == text.rstrip():
        return kept
    return kept + ("" if not kept or kept[-1] in "。！？" else "。")


def to_seller(text: str) -> str:
    """卖家/卖方/该厂家/该商家 -> 贵方, 买家/买方 -> 我方 (review-texts.md 20: to the seller
    我方/贵方; "向该厂家批量采购" in the buyer's account reads "向贵方批量采购")."""
    seller = re.sub(r"该(?:厂家|商家|店铺|店家|卖家|卖方)|卖家|卖方", "贵方", text)
    return re.sub(r"买家|买方", "我方", seller)


def deadline_fact(d: Deadline, case: Case, zh: bool) -> str:
    """A window as a fact for the platform: a rule (never advice sourced to a secondary page)
    that opens for the buyer or binds the seller, or a buyer's window already met; never a
    countdown, never the buyer's own open or missed deadline (those are the pre-check's)."""
    if not d.applies or d.advisory:
        return ""
    when = T.date_zh(d.due, case.timezone) if zh else T.date_en(d.due, case.timezone)
    if d.kind == "opens":
        text = f"自{when}起可申请" if zh else f"from {when}"
    elif d.party != "buyer":
        text = f"期限至{when}" if zh else f"until {when}"
    elif d.done_at is not None and d.done_at <= d.due:
        done = T.date_zh(d.done_at, case.timezone) if zh else T.date_en(d.done_at, case.timezone)
        text = f"已于{done}完成（期限至{when}）" if zh else f"met on {done} (due by {when})"
    else:
        return ""
    return f"{d.title_zh}：{text}。" if zh else f"{d.title_en}: {text}."
