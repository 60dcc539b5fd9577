"""Submission profiles: what each upload channel accepts, loaded from ``profiles.toml``.

Data apart from logic, like ``platforms/``: every limit lives in the TOML file with its source,
confidence and the date it was checked, so correcting a number touches one file. The loader
validates every entry and raises :class:`ProfileDataError` naming the profile and key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from evidencekit.errors import EvidenceKitError, ExitCode

KINDS = ("pdf", "images")
CONFIDENCES = ("H", "M", "L", "?")
IMAGE_FORMATS = ("jpg", "png", "gif", "bmp")
LAYOUTS = ("standard", "compact")
DEFAULT = "standard"


class ProfileDataError(ValueError):
    """The bundled profiles.toml is malformed (a packaging bug, not a user error)."""


class UnknownProfileError(EvidenceKitError):
    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Profile:
    """One submission channel and the limits its uploads must meet."""

    key: str
    """``standard``, ``paypal``, ``1688-apply`` ..."""
    title_en: str
    title_zh: str
    kind: str
    """``pdf`` (a fitted dossier) or ``images`` (an upload pack)."""
    max_bytes: int | None = None
    """Largest single file, in bytes."""
    max_total_bytes: int | None = None
    """All files of one submission together."""
    max_pages: int | None = None
    """Pages per PDF file."""
    max_files: int | None = None
    """PDF files (volumes) per submission."""
    max_count: int | None = None
    """Images per submission (image profiles)."""
    max_dpi: int | None = None
    """Image resolution at printed size (PDF) ceiling."""
    max_megapixels: float | None = None
    """Pixels per embedded image, in millions."""
    formats: tuple[str, ...] = ()
    """Accepted file formats (``pdf``, ``jpg``, ``png``...)."""
    passthrough: bool = True
    """JPEGs within the limits may be embedded byte for byte."""
    no_downscale: bool = False
    """Never downscale anything (``archive``)."""
    untouched: bool = False
    """JPEGs are embedded as the original files, metadata included (``archive``: the exhibit
    is the camera's file bit for bit, its stream SHA-256 the original's; the originals are
    attached anyway, so stripping the displayed copy would protect nothing)."""
    attach_originals: bool = False
    layout: str = "standard"
    """Exhibit pages (PDF profiles): ``standard`` one exhibit per page, long screenshots split
    over pages; ``compact`` photos in a grid, each screenshot in columns on one page."""
    platform: str = ""
    """Platform key in ``platforms/`` (image profiles: letter text and its limit)."""
    text_limit: str = ""
    """Key of the platform's description-field limit (``refund_apply``...)."""
    note: str = ""
    note_zh: str = ""
    """``note`` in Chinese (``profiles`` prints it by default)."""
    source: str = ""
    """URL of the rule, or "" for evidencekit's own profiles (no external limit)."""
    confidence: str = "H"
    checked: date | None = None
    page_source: str = ""
    """Separate source for the page limit, when it comes from elsewhere."""
    side: str = ""
    """``merchant``: limits of the merchant's answer to a chargeback (Stripe, card schemes),
    not a channel a buyer uploads to; "" otherwise."""
    fee_pages: int | None = None
    """Pages included; each page beyond costs ``page_fee`` (Mastercom), never refused."""
    page_fee: str = ""
    page_note_en: str = ""
    """Where the page limit comes from, when not from the channel itself."""
    page_note_zh: str = ""

    def fee(self, pages: int) -> str:
        """The page fee a submission of ``pages`` incurs, "" when none: "about €3 (3 pages
        beyond 19, €1 each)"."""
        if not self.fee_pages or pages <= self.fee_pages or not self.page_fee:
            return ""
        extra = pages - self.fee_pages
        cur, amount = _split_money(self.page_fee)
        total = f"{cur}{amount * extra:g}" if cur else self.page_fee
        return f"about {total} ({extra} pages beyond {self.fee_pages}, {self.page_fee} each)"

    def to_json(self) -> dict[str, Any]:
        """Every field, JSON-ready (``profiles --json``)."""
        out = {k: v for k, v in self.__dict__.items()}
        out["formats"] = list(self.formats)
        out["checked"] = self.checked.isoformat() if self.checked else None
        out["limits"] = self.limits_text()
        out["limits_zh"] = self.limits_text("zh")
        out["buyer_note_en"], out["buyer_note_zh"] = (
            (MERCHANT_NOTE_EN, MERCHANT_NOTE_ZH) if self.side == "merchant" else ("", "")
        )
        return out

    @property
    def limited(self) -> bool:
        return any(
            v is not None
            for v in (
                self.max_bytes,
                self.max_total_bytes,
                self.max_pages,
                self.max_count,
                self.fee_pages,
            )
        )

    def limits_text(self, lang: str = "en") -> str:
        """The limits in one line, e.g. ``<= 5.0 MB/file, <= 20 pages, <= 5 files`` (en) or
        ``每个文件≤5.0 MB，每个文件≤20页，最多5个文件`` (zh)."""
        zh = lang == "zh"
        parts = []
        if self.max_count:
            parts.append(f"最多{self.max_count}张图片" if zh else f"<= {self.max_count} images")
        if self.max_bytes:
            parts.append(
                f"每个文件≤{mb(self.max_bytes)}" if zh else f"<= {mb(self.max_bytes)}/file"
            )
        if self.max_total_bytes and self.max_total_bytes != self.max_bytes:
            total = mb(self.max_total_bytes)
            parts.append(f"合计≤{total}" if zh else f"<= {total} total")
        elif self.max_total_bytes and self.max_files != 1:
            if zh:  # one number for every file together
                parts[-1] = f"全部文件合计≤{mb(self.max_total_bytes)}"
            else:
                parts.append("combined")
        if self.max_pages:
            parts.append(f"每个文件≤{self.max_pages}页" if zh else f"<= {self.max_pages} pages")
        if self.fee_pages:
            fee = self.page_fee or ("收费" if zh else "a fee")
            parts.append(
                f"{self.fee_pages}页以内免费，超出每页{fee}"
                if zh
                else f"{self.fee_pages} pages, then {fee}/page"
            )
        if self.max_files:
            n = self.max_files
            parts.append(f"最多{n}个文件" if zh else f"<= {n} file{'s' if n > 1 else ''}")
        if self.max_dpi:
            parts.append(f"≤{self.max_dpi} dpi" if zh else f"<= {self.max_dpi} dpi")
        if self.max_megapixels:
            mp = self.max_megapixels
            parts.append(f"每张图片少于{mp * 100:g}万像素" if zh else f"< {mp:g} MP/image")
        if self.formats:
            parts.append("/".join(self.formats))
        sep = "，" if zh else ", "
        return sep.join(parts) or ("无上传限制" if zh else "no upload limit")


MERCHANT_NOTE_EN = (
    "merchant-side limits: what a merchant answering a chargeback may upload, not a channel "
    "for buyers. A buyer disputes a card payment through the bank that issued the card (the "
    "card issuer): ask it to open a dispute and give it the dossier (standard profile)"
)
MERCHANT_NOTE_ZH = (
    "商户端限制：这是商户应对拒付（chargeback）时提交材料的限制，不是买家的提交渠道。"
    "买家对银行卡付款有异议，应向发卡银行（发卡行）申请争议处理，并把证据材料（标准规格）交给发卡行"
)
SIDES = ("", "merchant")


def _split_money(text: str) -> tuple[str, float]:
    """("€", 1.0) from "€1"; ("", 0) when ``text`` is not a currency sign and a number."""
    head = text.rstrip("0123456789.")
    try:
        return head, float(text[len(head) :])
    except ValueError:
        return "", 0.0


def mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _get(d: Mapping[str, Any], key: str, typ: type | tuple[type, ...], where: str) -> Any:
    v = d.get(key)
    if v is None:
        return None
    if not isinstance(v, typ) or (isinstance(v, bool) and typ in (int, (int, float))):
        raise ProfileDataError(f"{where}: '{key}' has the wrong type ({type(v).__name__})")
    if isinstance(v, int | float) and not isinstance(v, bool) and v <= 0:
        raise ProfileDataError(f"{where}: '{key}' must be positive")
    return v


def _profile(key: str, d: Mapping[str, Any]) -> Profile:
    where = f"profiles.toml [{key}]"
    kind = d.get("kind")
    if kind not in KINDS:
        raise ProfileDataError(f"{where}: kind {kind!r} not in {KINDS}")
    source = str(d.get("source", ""))
    if source and not source.startswith(("https://", "http://")):
        raise ProfileDataError(f"{where}: source must be a URL")
    conf = str(d.get("confidence", "?"))
    if conf not in CONFIDENCES:
        raise ProfileDataError(f"{where}: confidence {conf!r} not in {CONFIDENCES}")
    try:
        checked = date.fromisoformat(str(d["checked"]))
    except (KeyError, ValueError) as e:
        raise ProfileDataError(f"{where}: checked must be YYYY-MM-DD") from e
    formats = tuple(d.get("formats", ()))
    layout = str(d.get("layout", "standard"))
    if layout not in LAYOUTS:
        raise ProfileDataError(f"{where}: layout {layout!r} not in {LAYOUTS}")
    p = Profile(
        key=key,
        title_en=str(d.get("title_en", key)),
        title_zh=str(d.get("title_zh", key)),
        kind=kind,
        max_bytes=_get(d, "max_bytes", int, where),
        max_total_bytes=_get(d, "max_total_bytes", int, where),
        max_pages=_get(d, "max_pages", int, where),
        max_files=_get(d, "max_files", int, where),
        max_count=_get(d, "max_count", int, where),
        max_dpi=_get(d, "max_dpi", int, where),
        max_megapixels=_get(d, "max_megapixels", (int, float), where),
        formats=formats,
        passthrough=bool(d.get("passthrough", True)),
        no_downscale=bool(d.get("no_downscale", False)),
        untouched=bool(d.get("untouched", False)),
        attach_originals=bool(d.get("attach_originals", False)),
        layout=layout,
        platform=str(d.get("platform", "")),
        text_limit=str(d.get("text_limit", "")),
        note=str(d.get("note", "")),
        note_zh=str(d.get("note_zh", "")),
        source=source,
        confidence=conf,
        checked=checked,
        page_source=str(d.get("page_source", "")),
        side=str(d.get("side", "")),
        fee_pages=_get(d, "fee_pages", int, where),
        page_fee=str(d.get("page_fee", "")),
        page_note_en=str(d.get("page_note_en", "")),
        page_note_zh=str(d.get("page_note_zh", "")),
    )
    if p.side not in SIDES:
        raise ProfileDataError(f"{where}: side {p.side!r} not in {SIDES}")
    if p.fee_pages and p.max_pages:
        raise ProfileDataError(f"{where}: fee_pages is a fee threshold, max_pages a limit: one")
    if p.limited and not p.source:
        raise ProfileDataError(f"{where}: a limit needs a source")
    if kind == "images":
        if not p.max_count or not p.max_bytes:
            raise ProfileDataError(f"{where}: image profiles need max_count and max_bytes")
        bad = [f for f in formats if f not in IMAGE_FORMATS]
        if bad or not formats:
            raise ProfileDataError(f"{where}: formats {bad or formats} not in {IMAGE_FORMATS}")
    return p


@cache
def _data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("profiles.toml").read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ProfileDataError(f"profiles.toml: {e}") from e


@cache
def all_profiles() -> tuple[Profile, ...]:
    """Every profile, in file order (``standard`` first)."""
    return tuple(_profile(k, v) for k, v in _data().items() if k != "pack")


def get_profile(key: str) -> Profile:
    """The profile called ``key``; UnknownProfileError lists the valid names."""
    for p in all_profiles():
        if p.key == key:
            return p
    names = ", ".join(p.key for p in all_profiles())
    raise UnknownProfileError(f"unknown profile {key!r}", f"choose one of: {names}")


def pack_priority(claim: str) -> tuple[str, ...]:
    """Categories in the order an upload pack keeps them for this claim type."""
    table = _data()["pack"]["priority"]
    return tuple(table.get(claim) or table["*"])


PACK_NEEDS = ("closeups", "promise", "refusal", "waybill")


def pack_needs(claim: str) -> tuple[str, ...]:
    """What an upload pack always keeps for this claim type, in order (``[pack.needs]``)."""
    table = _data()["pack"]["needs"]
    needs = tuple(table.get(claim) or table["*"])
    bad = [n for n in needs if n not in PACK_NEEDS]
    if bad:
        raise ProfileDataError(f"profiles.toml [pack.needs] {claim}: {bad} not in {PACK_NEEDS}")
    return needs


def display_box() -> tuple[int, int]:
    """(width, height) in px of the viewer the pack legibility check assumes."""
    d = _data()["pack"]["display"]
    return int(d["width"]), int(d["height"])


def format_profiles(
    profiles: tuple[Profile, ...] | list[Profile] | None = None, lang: str = "en"
) -> list[str]:
    """Lines for ``evidencekit profiles``: name, kind, limits, then source and notes; merchant
    profiles say they are and send a buyer to the card issuer (``lang`` zh or en)."""
    zh = lang == "zh"
    rows = list(profiles if profiles is not None else all_profiles())
    width = max(len(p.key) for p in rows)
    pad = f"{'':<{width}}  "
    out = []
    for p in rows:
        kind = {"pdf": "PDF   ", "images": "图片  "}[p.kind] if zh else f"{p.kind:<6}"
        out.append(f"{p.key:<{width}}  {kind}  {p.limits_text(lang)}")
        out.append(pad + (p.title_zh if zh else p.title_en))
        if p.side == "merchant":
            out.append(pad + (MERCHANT_NOTE_ZH if zh else MERCHANT_NOTE_EN))
        if p.fee_pages:
            out.append(
                pad
                + (
                    f"{p.fee_pages}页不是上限，而是收费门槛：超出部分约每页{p.page_fee}，"
                    "材料不会因页数多而被拒收"
                    if zh
                    else f"{p.fee_pages} pages is a fee threshold, not a rejection: each page "
                    f"beyond costs about {p.page_fee}; longer documentation is accepted"
                )
            )
        note = p.page_note_zh if zh else p.page_note_en
        if note:
            out.append(pad + ("页数：" if zh else "pages: ") + note)
        if p.source:
            out.append(
                pad
                + (
                    f"来源（可信度 {p.confidence}，核对于 {p.checked}）：{p.source}"
                    if zh
                    else f"source ({p.confidence}, checked {p.checked}): {p.source}"
                )
            )
        if p.page_source:
            out.append(pad + ("页数来源：" if zh else "page limit: ") + p.page_source)
        note = (p.note_zh or p.note) if zh else p.note
        if note:
            out.append(pad + note)
    return out
