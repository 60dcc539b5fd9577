"""The law articles and the legal basis letters cite (law.toml, plus each platform file's own
``[articles]`` and ``[[basis]]``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any

from evidencekit.rules.platforms.data import (
    PROFILE_FILES,
    PlatformDataError,
    Rule,
    _provenance,
    _read,
    _req,
    _rules,
)


@dataclass(frozen=True)
class Article:
    key: str
    cite_zh: str
    cite_en: str
    excerpt_zh: str
    summary_en: str
    source: str
    mirror: str
    confidence: str
    checked: date
    consumer_only: bool = False
    """The right or duty runs to 消费者 (law.toml): never cited for a business buyer."""


@dataclass(frozen=True)
class Point:
    """One sentence of a letter's legal basis and the articles it rests on."""

    zh: str
    en: str
    cites: tuple[str, ...]
    when: str = ""
    """See law.toml: "", partial, notice_in_time, seller_freight, seven_day, not_seven_day,
    advice (told to the buyer, never printed in a letter)."""

    def for_buyer(self, buyer_type: str, arts: Mapping[str, Article]) -> Point | None:
        """This point as a ``buyer_type`` may cite it: a business buyer's drops consumer-only
        articles, and the whole sentence when it rested on them alone."""
        if buyer_type != "business":
            return self
        keep = tuple(k for k in self.cites if not arts[k].consumer_only)
        if keep == self.cites:
            return self
        return Point(self.zh, self.en, keep, self.when) if keep else None


WHEN_POINT: tuple[str, ...] = (
    "",
    "partial",
    "notice_in_time",
    "seller_freight",
    "seven_day",
    "not_seven_day",
)
WHEN_POINT += ("advice", "consumer", "business", "confirmed")


@dataclass(frozen=True)
class Basis:
    """Which articles a letter cites for a buyer type and claim, as sentences."""

    buyer_type: str
    claims: tuple[str, ...]
    points: tuple[Point, ...]
    platform: str = ""
    """The platform whose own rules these are ("" for law)."""

    @property
    def articles(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for p in self.points:
            if p.when != "advice":
                seen.update(dict.fromkeys(p.cites))
        return tuple(seen)


@dataclass(frozen=True)
class Law:
    articles: Mapping[str, Article]
    basis: tuple[Basis, ...]
    rules: Mapping[str, Rule]
    """Thresholds derived from law (e.g. the Art. 621 notice-gap prompt)."""

    def basis_for(self, buyer_type: str, claim: str, platform: str = "") -> Basis | None:
        """The law's basis (``platform`` "") or that platform's own rules for the claim."""
        for b in self.basis:
            if (
                b.platform == platform
                and b.buyer_type in (buyer_type, "*")
                and (claim in b.claims or "*" in b.claims)
            ):
                return b
        return None


def _opt_bool(v: Mapping[str, Any], key: str, where: str) -> bool:
    val = v.get(key, False)
    if not isinstance(val, bool):
        raise PlatformDataError(f"{where}: {key} must be true or false")
    return val


def _articles(data: Mapping[str, Any], where: str) -> dict[str, Article]:
    arts = {}
    for k, v in data.get("articles", {}).items():
        w = f"{where} [articles.{k}]"
        source, conf, checked = _provenance(v, w)
        arts[k] = Article(
            key=k,
            cite_zh=_req(v, "cite_zh", str, w),
            cite_en=_req(v, "cite_en", str, w),
            excerpt_zh=_req(v, "excerpt_zh", str, w),
            summary_en=_req(v, "summary_en", str, w),
            source=source,
            mirror=str(v.get("mirror", "")),
            confidence=conf,
            checked=checked,
            consumer_only=bool(_opt_bool(v, "consumer_only", w)),
        )
    return arts


def _basis(
    data: Mapping[str, Any], where: str, arts: Mapping[str, Article], platform: str
) -> list[Basis]:
    out = []
    for i, b in enumerate(data.get("basis", [])):
        w = f"{where} [[basis]] #{i + 1}"
        points = []
        for j, p in enumerate(_req(b, "points", list, w)):
            pw = f"{w} point {j + 1}"
            refs = tuple(_req(p, "cites", list, pw))
            unknown = [r for r in refs if r not in arts]
            if unknown:
                raise PlatformDataError(f"{pw}: unknown articles {unknown}")
            when = str(p.get("when", ""))
            if when not in WHEN_POINT:
                raise PlatformDataError(f"{pw}: when {when!r} not in {WHEN_POINT}")
            points.append(Point(_req(p, "zh", str, pw), _req(p, "en", str, pw), refs, when))
        out.append(
            Basis(
                buyer_type=str(b.get("buyer_type", "*")),
                claims=tuple(_req(b, "claims", list, w)),
                points=tuple(points),
                platform=platform,
            )
        )
    return out


@cache
def load_law() -> Law:
    """law.toml plus each platform file's own rule articles (``[articles]``, ``[[basis]]``)."""
    where = "law.toml"
    data = _read("law")
    _req(data, "articles", dict, where)
    _req(data, "basis", list, where)
    arts = _articles(data, where)
    platform_data = {name: _read(name) for name in PROFILE_FILES}
    for name, pdata in platform_data.items():
        arts.update(_articles(pdata, f"{name}.toml"))
    basis = _basis(data, where, arts, "")
    for name, pdata in platform_data.items():
        key = str(pdata.get("profile", {}).get("key", name))
        basis += _basis(pdata, f"{name}.toml", arts, key)
    return Law(MappingProxyType(arts), tuple(basis), _rules(data, where))
