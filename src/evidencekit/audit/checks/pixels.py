"""Findings from what the pictures show: labels vs tracking numbers, near-duplicates, listing
photos reused as evidence, and screenshot text (times, order numbers, personal data).

Input is the audit's items plus the :class:`~evidencekit.audit.pixels.PixelFacts` of each file (by
relative path); output is findings, per file (``path`` set) or case-level (``path`` None).
Codes EK400-EK489 are documented in docs/findings-pixels.md; the screenshot-text rules live in
:mod:`evidencekit.audit.checks.screens`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence

from evidencekit.audit import perceptual
from evidencekit.audit.checks.hamming import HashBank
from evidencekit.audit.checks.naming import name_list
from evidencekit.audit.checks.screens import screen_findings
from evidencekit.audit.pixels import PixelFacts
from evidencekit.models import Case, Category, Event, EvidenceItem, Finding, Severity
from evidencekit.rules import kinds

NEAR_DUP_DHASH = 6
NEAR_DUP_PHASH = 6
"""Both distances must be at or below these (of 64 bits). Measured on the real-image corpus
(docs/pixels.md): resized / re-compressed / EXIF-rotated copies of one photo score 0-5 on each;
the closest distinct pictures (two screenshots of one app) score 11 / 12; two renders of the
sample case's close-up scene with different seeds score 1-5 / 8-18, so pHash decides."""
LISTING_DHASH = 12
LISTING_PHASH = 12
"""A photo against listing sub-windows: the grid rarely aligns exactly, so a little looser."""
_TRACKING_FORMATS = {"Code128", "Code39", "ITF", "QRCode", "DataMatrix", "PDF417"}
_TRACKING_LIKE = re.compile(r"^[A-Z]{0,4}\d{8,22}[A-Z]{0,2}$")


def _norm(text: str) -> str:
    return re.sub(r"[\s\-]", "", text).upper()


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


_f = Finding.bilingual


# --------------------------------------------------------------------------- barcodes


def _matches(code_text: str, tracking: str) -> bool:
    c, t = _norm(code_text), _norm(tracking)
    if not t:
        return False
    if c == t or (len(t) >= 8 and t in c):  # a QR may wrap the number in a URL
        return True
    # The same digits with the carrier's letter prefix printed but not encoded (or declared
    # without it): SF1234567890123 vs 1234567890123. A trailing letter is part of the number
    # (a check character: 15182881X), so it must be there on both sides.
    dc, dt = _digits(c), _digits(t)
    same_tail = re.sub(r"^[A-Z]+", "", c) == re.sub(r"^[A-Z]+", "", t)
    return len(dt) >= 8 and dc == dt and same_tail and _TRACKING_LIKE.match(c) is not None


def _near(code_text: str, tracking: str) -> bool:
    """Not the number, but one character away from it (a check letter missing or added, one
    digit misread): worth naming both rather than calling it a mismatch or a match."""
    c, t = _norm(code_text), _norm(tracking)
    if len(t) < 8 or c == t:
        return False
    if abs(len(c) - len(t)) == 1:
        short, long_ = sorted((c, t), key=len)
        return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
    return len(c) == len(t) and sum(a != b for a, b in zip(c, t, strict=True)) == 1


def _tracking_like(fmt: str, text: str) -> bool:
    return fmt in _TRACKING_FORMATS and _TRACKING_LIKE.match(_norm(text)) is not None


def _event_label(ev: Event) -> str:
    return f"{ev.kind} event of {ev.at_local:%Y-%m-%d %H:%M}"


def _record_zh(ev: Event) -> str:
    """发货记录（2025-12-12 15:40）: the event by its Chinese name, never "shipped事件"."""
    return f"{kinds.event_label(ev.kind, 'zh')}记录（{ev.at_local:%Y-%m-%d %H:%M}）"


def barcode_findings(
    case: Case, items: Sequence[EvidenceItem], facts: Mapping[str, PixelFacts]
) -> list[Finding]:
    tracked = [ev for ev in case.events if ev.tracking.strip()]
    out: list[Finding] = []
    unread: list[str] = []
    any_read = False
    for it in items:
        px = facts.get(it.path)
        if px is None or px.barcode_pass in ("", "unavailable"):
            continue
        codes = [(f, t) for f, t in px.barcodes]
        if not codes:
            if it.source.category is Category.PARCEL:
                unread.append(it.path)
            continue
        any_read = True
        shown = ", ".join(f"{t} ({f})" for f, t in codes[:4])
        hit = [(ev, t) for ev in tracked for _, t in codes if _matches(t, ev.tracking)]
        candidates = [t for f, t in codes if _tracking_like(f, t)]
        if hit:
            ev, text = hit[0]
            out.append(
                _f(
                    "EK400",
                    Severity.INFO,
                    it.path,
                    (
                        f"the label in {it.path} reads {text}, the tracking number of the "
                        f"{_event_label(ev)} in case.toml: the parcel is the one the order shipped",
                        "nothing; the dossier shows the decoded number beside the photo",
                    ),
                    (
                        f"{it.path} 中的面单条码读出{text}，与{_record_zh(ev)}的运单号一致，"
                        "证明该包裹即本订单所发包裹",
                        "无需处理；证据册会在照片旁显示解码出的单号",
                    ),
                )
            )
        elif near := [(ev, t) for ev in tracked for _, t in codes if _near(t, ev.tracking)]:
            ev, text = near[0]
            out.append(
                _f(
                    "EK404",
                    Severity.WARNING,
                    it.path,
                    (
                        f"the label in {it.path} reads {text}, one character away from the "
                        f"tracking number {ev.tracking} of the {_event_label(ev)} in case.toml: "
                        "not a match, and the seller can say it is another parcel",
                        f'check which is right: correct tracking = "{ev.tracking}" in case.toml '
                        "if it was mistyped, or photograph the label again if the code is damaged",
                    ),
                    (
                        f"{it.path} 中的面单条码读出{text}，与{_record_zh(ev)}的运单号"
                        f"{ev.tracking}只差一个字符：不算一致，卖家可以说这是另一个包裹",
                        "核对哪个是对的：如果是录入错误，请改正 case.toml 中的 tracking；"
                        "如果条码破损，请重新拍摄面单",
                    ),
                )
            )
        elif tracked and candidates:
            want = ", ".join(ev.tracking for ev in tracked)
            shown_c = ", ".join(candidates[:3])
            out.append(
                _f(
                    "EK401",
                    Severity.ERROR,
                    it.path,
                    (
                        f"the label in {it.path} shows {shown_c}, but the order "
                        f"records {want}: the seller can say this is not their parcel",
                        "check the tracking numbers in case.toml; photograph the right label; if this is "
                        "a sub-waybill (子单号) of a multi-piece shipment, say so in the file's caption",
                    ),
                    (
                        f"{it.path} 的面单显示 {shown_c}，而订单记录的运单号是 {want}："
                        "卖家可以说这不是他们发的包裹",
                        "核对 case.toml 中的运单号；拍摄正确的面单；如果这是多件包裹的子单号，请在说明中写明",
                    ),
                )
            )
        elif not tracked and candidates:
            out.append(
                _f(
                    "EK403",
                    Severity.INFO,
                    it.path,
                    (
                        f"the label in {it.path} reads {shown}; case.toml has no tracking number to "
                        "compare it with",
                        f'add tracking = "{candidates[0]}" to the shipped (or return_shipped) event',
                    ),
                    (
                        f"{it.path} 的面单读出 {shown}；case.toml 里没有运单号可以核对",
                        f'在 shipped（或 return_shipped）事件中添加 tracking = "{candidates[0]}"',
                    ),
                )
            )
    if unread and not any_read:
        for p in unread:
            out.append(
                _f(
                    "EK402",
                    Severity.INFO,
                    p,
                    (
                        f"no barcode or QR code could be read in {p}: nothing ties this parcel to the "
                        "order's tracking number",
                        "add a sharp, straight-on close-up of the waybill label (面单) with its barcode",
                    ),
                    (
                        f"{p} 中没有读出条码或二维码：没有什么能把这个包裹和订单的运单号联系起来",
                        "补拍一张清晰、正对面单条码的特写",
                    ),
                )
            )
    return out


# --------------------------------------------------------------------------- near-duplicates


def near_duplicate_pairs(
    items: Sequence[EvidenceItem], facts: Mapping[str, PixelFacts]
) -> dict[str, list[str]]:
    """Path -> the paths of the other items that show the same picture (EK450: not
    byte-identical, dHash and pHash both within the thresholds); also used by ``pack``."""
    ints = {
        it.path: (_bits(px.dhash), _bits(px.phash))
        for it in items
        if (px := facts.get(it.path)) is not None
    }
    hashed = [it for it in items if it.path in ints and min(ints[it.path]) >= 0]
    # Every pair (a, b), a before b, in the order itertools.combinations gives them: the dHash
    # bank finds the candidates of each a at once (checks/hamming.py), pHash confirms.
    bank = HashBank([ints[it.path][0] for it in hashed])
    pairs: dict[str, list[str]] = {}
    for i, a in enumerate(hashed):
        dh, ph = ints[a.path]
        for j in bank.within(dh, NEAR_DUP_DHASH):
            if j <= i:
                continue
            b = hashed[j]
            if a.sha256 and a.sha256 == b.sha256:
                continue  # byte-identical: EK111 already says so
            if (ph ^ ints[b.path][1]).bit_count() <= NEAR_DUP_PHASH:
                pairs.setdefault(a.path, []).append(b.path)
                pairs.setdefault(b.path, []).append(a.path)
    return pairs


def near_duplicate_findings(
    items: Sequence[EvidenceItem], facts: Mapping[str, PixelFacts]
) -> list[Finding]:
    pairs = near_duplicate_pairs(items, facts)
    out = [
        _f(
            "EK450",
            Severity.WARNING,
            p,
            (
                f"{p} looks like the same picture as {name_list(others)} (a resized, re-compressed, "
                "cropped or re-saved copy): the seller can say one photo is shown twice",
                "keep the original and exclude the copy (exclude = true in case.toml), or caption "
                "both to say why each is needed",
            ),
            (
                f"{p} 与 {name_list(others, zh=True)} 看起来是同一张照片（缩放、重新压缩或另存的副本）："
                "卖家可以说同一张照片用了两次",
                "保留原图，用 case.toml 中的 exclude = true 排除副本，或在说明中写明两张各自的用途",
            ),
        )
        for p, others in pairs.items()
    ]
    return out + _listing_findings(items, facts)


def _bits(hexhash: str) -> int:
    """A 64-bit perceptual hash as an int; -1 (never within a threshold) when missing."""
    return int(hexhash, 16) if len(hexhash) == perceptual.HASH_BITS // 4 else -1


def _listing_findings(
    items: Sequence[EvidenceItem], facts: Mapping[str, PixelFacts]
) -> list[Finding]:
    listings = [it for it in items if facts.get(it.path) and facts[it.path].windows]
    photos = [
        it
        for it in items
        if it.source.category in (Category.PRODUCT, Category.PARCEL)
        and (px := facts.get(it.path)) is not None
        and px.dhash
    ]
    # All windows of all listings in one bank, in listing order then window order: the first
    # window (lowest index) within both thresholds is the one the photo is reported against,
    # as a loop over listings and windows would find it. A window missing a hash never matches.
    flat: list[tuple[EvidenceItem, tuple[int, int, int, int], int]] = []
    dhashes: list[int] = []
    for lst in listings:
        for b, dhex, phex in facts[lst.path].windows:
            if (d := _bits(dhex)) >= 0 and (p := _bits(phex)) >= 0:
                flat.append((lst, b, p))
                dhashes.append(d)
    bank = HashBank(dhashes)
    out = []
    for photo in photos:
        px = facts[photo.path]
        dh, ph = _bits(px.dhash), _bits(px.phash)
        if dh < 0 or ph < 0:
            continue
        for k in bank.within(dh, LISTING_DHASH):
            lst, box, p = flat[k]
            if (ph ^ p).bit_count() > LISTING_PHASH:
                continue
            region = f"{box[0]},{box[1]}-{box[2]},{box[3]}"
            out.append(
                _f(
                    "EK451",
                    Severity.WARNING,
                    photo.path,
                    (
                        f"{photo.path} looks like the product picture in the listing screenshot "
                        f"{lst.path} (region {region}): the seller can say "
                        "it is their own catalogue photo, not a photo of the goods you received",
                        "use photos you took of the goods you received; show the listing picture "
                        "only in listing/",
                    ),
                    (
                        f"{photo.path} 与商品页截图 {lst.path}（区域 {region}）中的商品图很像："
                        "卖家可以说这是他们自己的商品图，不是你收到的货",
                        "使用你自己拍摄的收货照片；商品页图片只放在 listing/ 中",
                    ),
                )
            )
            break
    return out


# --------------------------------------------------------------------------- entry points


def pixel_findings(
    case: Case, items: Sequence[EvidenceItem], facts: Mapping[str, PixelFacts]
) -> list[Finding]:
    return (
        barcode_findings(case, items, facts)
        + near_duplicate_findings(items, facts)
        + screen_findings(case, items, facts)
    )


def apply(
    case: Case, items: list[EvidenceItem], facts: Mapping[str, PixelFacts]
) -> tuple[list[EvidenceItem], list[Finding]]:
    """Attach per-file findings to their items; return (items, case-level findings)."""
    found = pixel_findings(case, items, facts)
    per: dict[str, list[Finding]] = {}
    for f in found:
        if f.path is not None:
            per.setdefault(f.path, []).append(f)
    new = [
        dataclasses.replace(it, findings=it.findings + tuple(per[it.path]))
        if it.path in per
        else it
        for it in items
    ]
    return new, [f for f in found if f.path is None]
