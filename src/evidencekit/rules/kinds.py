"""Labels and sentences for claims, refund types, event kinds and carriers (``kinds.toml``).

Every value case.toml accepts has a zh and an en label here, so no letter, audit header or
dossier line ever prints ``wrong_item`` or ``partial_refund``. Unknown values (a newer
case.toml read by an older table) fall back to a neutral word, never to the raw key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class ClaimKind:
    key: str
    label_zh: str
    label_en: str
    title_en: str
    fact_zh: str
    fact_en: str
    platform_zh: str
    seller_fault: bool
    paypal_reason: str
    count_zh: str = ""
    count_en: str = ""

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class RefundKind:
    key: str
    label_zh: str
    label_en: str
    request_zh: str
    request_en: str
    platform_zh: str
    platform_en: str

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@cache
def _data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("kinds.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def claims() -> dict[str, ClaimKind]:
    return {k: ClaimKind(key=k, **v) for k, v in _data()["claims"].items()}


@cache
def refund_types() -> dict[str, RefundKind]:
    return {k: RefundKind(key=k, **v) for k, v in _data()["refund_types"].items()}


def claim(key: str) -> ClaimKind:
    return claims().get(key) or claims()["quality"]


def refund_type(key: str) -> RefundKind:
    return refund_types().get(key) or refund_types()["refund_only"]


def claim_label(key: str, lang: str) -> str:
    c = claims().get(key)
    return c.label(lang) if c else ("其他" if lang == "zh" else "other")


def refund_label(key: str, lang: str) -> str:
    r = refund_types().get(key)
    return r.label(lang) if r else ("其他" if lang == "zh" else "other")


def event_label(kind: str, lang: str) -> str:
    pair = _data()["events"].get(kind) or _data()["events"]["other"]
    return str(pair[0] if lang == "zh" else pair[1])


def event_kinds() -> tuple[str, ...]:
    return tuple(_data()["events"])


def carrier_name(code: str, lang: str) -> str:
    """``SF`` -> 顺丰速运 / SF Express; an unknown carrier is printed as written."""
    pair = _data()["carriers"].get(code.strip()) or _data()["carriers"].get(code.strip().upper())
    return str(pair[0] if lang == "zh" else pair[1]) if pair else code.strip()


def carrier_text(carrier: str, tracking: str, lang: str) -> str:
    """``顺丰速运，运单号SF…`` / ``SF Express, tracking number SF…`` (never "SF SF…")."""
    name = carrier_name(carrier, lang) if carrier.strip() else ""
    num = tracking.strip()
    if lang == "zh":
        return "，".join(x for x in (name, f"运单号{num}" if num else "") if x)
    return ", ".join(x for x in (name, f"tracking number {num}" if num else "") if x)
