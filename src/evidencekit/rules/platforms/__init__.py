"""Platform profiles and law articles, loaded from the TOML data files beside this module.

Data apart from logic (the exifread tag-table idea in DESIGN.md): every timer, window and text
limit lives in ``<platform>.toml`` with its source URL, confidence (H/M/L/? as defined in
../shared/domain.md), the date it was checked and whether it is a confirmed ``rule`` or only
``unconfirmed`` advice. Correcting a number means editing one TOML file, not code.

Files are read with :mod:`importlib.resources`, so they work from a wheel or a zip as well.
Loading validates every entry and raises :class:`PlatformDataError` naming the file and key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from types import MappingProxyType

from evidencekit.rules.platforms.data import (
    CONFIDENCES,
    KINDS,
    PARTIES,
    PROFILE_FILES,
    REQUIRES,
    STATUSES,
    UNITS,
    WHENS,
    PlatformDataError,
    Rule,
    _choice,
    _provenance,
    _read,
    _req,
    _rules,
)
from evidencekit.rules.platforms.law import WHEN_POINT, Article, Basis, Law, Point, load_law

# ``data``: the value checks and the rule entries; ``law``: articles and legal basis; here: the
# submission profiles.
__all__ = [
    "CONFIDENCES",
    "KINDS",
    "PARTIES",
    "PROFILE_FILES",
    "REQUIRES",
    "STATUSES",
    "UNITS",
    "WHENS",
    "WHEN_POINT",
    "Article",
    "Basis",
    "Law",
    "PlatformDataError",
    "Point",
    "Profile",
    "Rule",
    "TextLimit",
    "all_profiles",
    "load_law",
    "load_profile",
    "load_profile_file",
]


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
