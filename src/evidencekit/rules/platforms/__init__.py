"""Platform profiles and law articles, loaded from the TOML data files beside this module.

Data apart from logic (the exifread tag-table idea in DESIGN.md): every timer, window and text
limit lives in ``<platform>.toml`` with its source URL, confidence (H/M/L/? as defined in
../shared/domain.md), the date it was checked and whether it is a confirmed ``rule`` or only
``unconfirmed`` advice. Correcting a number means editing one TOML file, not code.

Files are read with :mod:`importlib.resources`, so they work from a wheel or a zip as well.
Loading validates every entry and raises :class:`PlatformDataError` naming the file and key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

PROFILE_FILES = (
    "1688",
    "taobao",
    "jd",
    "pinduoduo",
    "paypal",
    "ebay",
    "amazon",
    "other",
)
"""One data file per profile; ``tmall`` is an alias inside taobao.toml."""

CONFIDENCES = ("H", "M", "L", "?")
STATUSES = ("rule", "unconfirmed")
UNITS = ("hours", "days", "calendar_days", "business_days", "flag", "count", "MB", "chars")
KINDS = ("due", "opens", "info")
"""``due``: act before it; ``opens``: possible from then on; ``info``: not a deadline."""
WHENS = ("", "before_shipped", "after_shipped")
REQUIRES = ("", "seven_day")
PARTIES = ("buyer", "seller", "platform")


class PlatformDataError(ValueError):
    """A bundled data file is malformed (a packaging bug, not a user error)."""


@dataclass(frozen=True)
class Rule:
    """One platform rule or timer, with where it comes from."""

    key: str
    """Stable key inside the profile, e.g. ``return_ship``."""
    title_zh: str
    title_en: str
    value: int | float | str | bool
    unit: str
    """One of :data:`UNITS`. ``calendar_days`` count from 00:00 of the day after the event."""
    source: str
    """URL of the rule text or of the secondary source it was taken from."""
    confidence: str
    """H / M / L / ? (see ../shared/domain.md)."""
    checked: date
    """When a person last compared this value with its source."""
    status: str
    """``rule`` or ``unconfirmed``: unconfirmed values are only ever shown as advice."""
    kind: str = "info"
    from_event: str = ""
    """Event kind the window is counted from (``signed``, ``seller_agreed``...), "" if none."""
    when: str = ""
    """Extra condition: ``before_shipped`` / ``after_shipped`` (relative to the anchor event)."""
    requires: str = ""
    """``seven_day``: only when the seven-day no-reason return applies to the order."""
    party: str = "buyer"
    """Who must act by the deadline: ``buyer``, ``seller`` or ``platform``."""
    done_by: str = ""
    """Event kind(s), ``|``-separated, that meet the deadline (``return_shipped``...)."""
    note: str = ""

    @property
    def confirmed(self) -> bool:
        return self.status == "rule"

    @property
    def advisory(self) -> bool:
        """Shown as advice ("一般为48小时，以平台页面为准"), never as a hard deadline: an
        unconfirmed value, or one whose only source is a secondary or SEO page (confidence
        L or ?), not the platform's own rule text."""
        return not self.confirmed or self.confidence in ("L", "?")


@dataclass(frozen=True)
class TextLimit:
    """A character limit of a platform text field (counted in characters, not bytes)."""

    key: str
    title_en: str
    min_chars: int
    max_chars: int
    source: str
    confidence: str
    checked: date
    status: str


@dataclass(frozen=True)
class Profile:
    key: str
    title_zh: str
    title_en: str
    aliases: tuple[str, ...]
    chinese_law: bool
    """Whether PRC law articles are the natural legal basis for letters on this platform."""
    programme_en: str
    """Buyer-protection programme to refer to when ``chinese_law`` is false."""
    rules: Mapping[str, Rule]
    text_limits: Mapping[str, TextLimit]
    open_questions: tuple[str, ...] = ()
    """Rules domain research looked for and did not find (shown, never guessed)."""
    name_zh: str = ""
    """Short name in running text (淘宝, 京东)."""
    step_zh: str = ""
    """The platform's name for asking it to decide (申请淘宝介入; on Taobao 投诉 is a report of
    a rule violation, a different procedure)."""
    step_en: str = ""
    escalate_zh: str = ""
    """What the buyer will do if the seller does not reply (a letter's last sentence)."""
    escalate_en: str = ""
    platform_word_zh: str = ""
    rules_zh: str = ""

    def rule(self, key: str) -> Rule | None:
        return self.rules.get(key)


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


@dataclass(frozen=True)
class Point:
    """One sentence of a letter's legal basis and the articles it rests on."""

    zh: str
    en: str
    cites: tuple[str, ...]
    when: str = ""
    """See law.toml: "", partial, notice_in_time, seller_freight, seven_day, not_seven_day,
    advice (told to the buyer, never printed in a letter)."""


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


def _req(d: Mapping[str, Any], key: str, typ: type | tuple[type, ...], where: str) -> Any:
    if key not in d:
        raise PlatformDataError(f"{where}: missing '{key}'")
    v = d[key]
    if not isinstance(v, typ) or isinstance(v, bool) and typ is int:
        raise PlatformDataError(f"{where}: '{key}' has the wrong type ({type(v).__name__})")
    return v


def _provenance(d: Mapping[str, Any], where: str) -> tuple[str, str, date]:
    source = _req(d, "source", str, where)
    if not source.startswith(("https://", "http://")):
        raise PlatformDataError(f"{where}: source must be a URL, got {source!r}")
    conf = _req(d, "confidence", str, where)
    if conf not in CONFIDENCES:
        raise PlatformDataError(f"{where}: confidence {conf!r} not in {CONFIDENCES}")
    try:
        checked = date.fromisoformat(_req(d, "checked", str, where))
    except ValueError as e:
        raise PlatformDataError(f"{where}: checked is not YYYY-MM-DD") from e
    return source, conf, checked


def _choice(
    d: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str, default: str = ""
) -> str:
    v = d.get(key, default or allowed[0])
    if v not in allowed:
        raise PlatformDataError(f"{where}: {key} {v!r} not in {allowed}")
    return str(v)


def _rule(key: str, d: Mapping[str, Any], where: str) -> Rule:
    where = f"{where} [rules.{key}]"
    source, conf, checked = _provenance(d, where)
    status = _req(d, "status", str, where)
    if status not in STATUSES:
        raise PlatformDataError(f"{where}: status {status!r} not in {STATUSES}")
    if conf in ("?", "L") and status == "rule":
        # Low or unknown confidence is never presented as a rule (issue 4).
        raise PlatformDataError(f"{where}: confidence {conf} requires status 'unconfirmed'")
    unit = _req(d, "unit", str, where)
    if unit not in UNITS:
        raise PlatformDataError(f"{where}: unit {unit!r} not in {UNITS}")
    value = _req(d, "value", (int, float, str, bool), where)
    kind = _choice(d, "kind", KINDS, where, default="info")
    from_event = str(d.get("from", ""))
    if kind != "info" and (not from_event or isinstance(value, bool | str)):
        raise PlatformDataError(f"{where}: a '{kind}' rule needs 'from' and a numeric value")
    return Rule(
        key=key,
        title_zh=_req(d, "title_zh", str, where),
        title_en=_req(d, "title_en", str, where),
        value=value,
        unit=unit,
        source=source,
        confidence=conf,
        checked=checked,
        status=status,
        kind=kind,
        from_event=from_event,
        when=_choice(d, "when", WHENS, where),
        requires=_choice(d, "requires", REQUIRES, where),
        party=_choice(d, "party", PARTIES, where),
        done_by=str(d.get("done_by", "")),
        note=str(d.get("note", "")),
    )


def _rules(d: Mapping[str, Any], where: str) -> Mapping[str, Rule]:
    return MappingProxyType({k: _rule(k, v, where) for k, v in d.get("rules", {}).items()})


def _read(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise PlatformDataError(f"{name}.toml: {e}") from e


@cache
def load_profile_file(name: str) -> Profile:
    where = f"{name}.toml"
    data = _read(name)
    p = _req(data, "profile", dict, where)
    limits = {}
    for k, v in data.get("text", {}).items():
        w = f"{where} [text.{k}]"
        source, conf, checked = _provenance(v, w)
        limits[k] = TextLimit(
            key=k,
            title_en=_req(v, "title_en", str, w),
            min_chars=_req(v, "min", int, w),
            max_chars=_req(v, "max", int, w),
            source=source,
            confidence=conf,
            checked=checked,
            status=_choice(v, "status", STATUSES, w),
        )
    return Profile(
        key=_req(p, "key", str, where),
        title_zh=_req(p, "title_zh", str, where),
        title_en=_req(p, "title_en", str, where),
        aliases=tuple(p.get("aliases", ())),
        chinese_law=bool(_req(p, "chinese_law", bool, where)),
        programme_en=str(p.get("programme_en", "")),
        rules=_rules(data, where),
        text_limits=MappingProxyType(limits),
        open_questions=tuple(data.get("open_questions", {}).get("items", ())),
        **{k: str(p.get(k, "")) for k in _PROFILE_TEXT},
    )


_PROFILE_TEXT = (
    "name_zh",
    "step_zh",
    "step_en",
    "escalate_zh",
    "escalate_en",
    "platform_word_zh",
    "rules_zh",
)


def all_profiles() -> tuple[Profile, ...]:
    return tuple(load_profile_file(n) for n in PROFILE_FILES)


def load_profile(platform: str) -> Profile:
    """The profile for a case's ``platform`` (aliases such as ``tmall`` resolved), else ``other``."""
    name = platform.strip().lower()
    for prof in all_profiles():
        if name == prof.key or name in prof.aliases:
            return prof
    return load_profile_file("other")


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
