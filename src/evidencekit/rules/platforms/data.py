"""Reading the bundled TOML data: the allowed values, the checks every entry goes through (a
missing key, a wrong type, a value not allowed, its provenance), and the timer and window
entries (``[rules.*]``) that both the platform files and law.toml carry."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
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
