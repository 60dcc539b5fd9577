"""Which exhibits an upload pack holds when the platform takes fewer images than needed.

A pack is a few sheets (``pack.py``): photos six to a sheet, each screenshot on its own. When
every exhibit fits, every exhibit is packed. Otherwise, in this order:

1. **What the claim needs** (``[pack.needs]`` in ``rules/profiles.toml``, per ``claim``): the
   photos of the goods (defect close-ups first: captions saying 特写, 划痕, close-up …), the
   listing screenshot with the seller's promise, the chat screenshot with the seller's refusal
   (caption or the screenshot's text says 拒绝, 不支持, refuse …; else the latest chat), and
   for missing / wrong_item / damaged / not_received the waybill photo (its barcode matches
   the tracking number, EK400, or it shows one; else the first parcel photo). A quality claim
   keeps the waybill too when the seller blames the transport. The first exhibit of each need
   comes before the rest of any (forty photos of the goods still leave room for the promise
   and the refusal).
2. The other exhibits, taking turns by category in the claim's ``[pack.priority]`` order.
3. Only when all of that is in: copies (a re-saved or forwarded copy of a photo, EK450), then
   exhibits with error findings and exact copies (same SHA-256, EK111). These are what a pack
   leaves out first; every exhibit left out has its reason (``LeftOut``).

Everything is deterministic: ties go by exhibit order.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from evidencekit.audit.checks.pixels import near_duplicate_pairs
from evidencekit.audit.pixels import LABEL_HINT, PixelFacts
from evidencekit.dossier.assembly import is_screen
from evidencekit.models import Case, Category, Confidence, EvidenceItem, Severity
from evidencekit.rules.profiles import pack_needs, pack_priority

PHOTOS_PER_SHEET = 6

Exhibit = tuple[str, EvidenceItem]

CLOSEUP = re.compile(
    r"特写|细节|局部|近拍|放大|瑕疵|划痕|凹陷|破损|裂|污渍|缺陷|变形|掉漆|色差|缺件|少件|"
    r"close-?up|detail|defect|scratch|dent|crack|broken|damage|stain|missing",
    re.I,
)
PROMISE = re.compile(
    r"承诺|保证|写明|标明|注明|宣传|描述|参数|规格|材质|正品|全新|无理由|"
    r"promis|guarantee|describ|advertis|states|spec",
    re.I,
)
REFUSAL = re.compile(
    r"拒绝|拒收|不同意|不支持|不予|不退|不能退|不给退|不接受|无法退|不换|只愿|仅同意|"
    r"refus|declin|reject|won't|will not|no refund",
    re.I,
)
TRANSIT = re.compile(r"运输|物流|快递|路上|途中|transit|shipping|courier|carrier", re.I)
COPY_NAME = re.compile(r"\(\d+\)$|（\d+）$|副本|[ _-]copy(?: ?\d+)?$", re.I)
"""A file name that says it is a copy: ``IMG_1(1).jpg``, ``IMG_1 - 副本.jpg``, ``x copy.jpg``."""
CONFIDENCE_RANK = {
    Confidence.HIGH: 3,
    Confidence.MEDIUM: 2,
    Confidence.LOW: 1,
    Confidence.NONE: 0,
}


@dataclass(frozen=True)
class LeftOut:
    """An exhibit not in the pack, and why."""

    number: str
    reason: str
    """``count`` (the image limit), ``copy`` (same file as ``of``), ``near_copy`` (the same
    picture as ``of``), ``error`` (error findings ``codes``)."""
    of: str = ""
    codes: tuple[str, ...] = ()


def own_sheet(it: EvidenceItem) -> bool:
    """A screenshot, and a video's key-frame grid, each get a sheet of their own: in a sixth
    of a sheet a screenshot's text or a video's frames would be too small to read."""
    return is_screen(it) or it.meta.video is not None


def sheet_count(chosen: Sequence[Exhibit]) -> int:
    photos = sum(1 for _, it in chosen if not own_sheet(it))
    return math.ceil(photos / PHOTOS_PER_SHEET) + (len(chosen) - photos)


def _text(it: EvidenceItem, px: PixelFacts | None) -> str:
    ocr = " ".join(line for line, _ in px.ocr_lines) if px is not None else ""
    return f"{it.caption} {PurePosixPath(it.path).name} {ocr}"


def _errors(it: EvidenceItem) -> tuple[str, ...]:
    return tuple(sorted({f.code for f in it.findings if f.severity == Severity.ERROR}))


def _droppable(exhibits: Sequence[Exhibit], pixels: Mapping[str, PixelFacts]) -> dict[str, LeftOut]:
    """Exhibit number -> why it goes first: exact copies, near copies, error findings."""
    index = {n: i for i, (n, _) in enumerate(exhibits)}
    out: dict[str, LeftOut] = {}
    by_hash: dict[str, list[Exhibit]] = {}
    for n, it in exhibits:
        if it.sha256:
            by_hash.setdefault(it.sha256, []).append((n, it))
    for group in by_hash.values():
        if len(group) > 1:  # keep the one whose name is not a copy's, then the first
            keep = min(group, key=lambda e: (_is_copy_name(e[1]), len(e[1].path), index[e[0]]))
            for n, _ in group:
                if n != keep[0]:
                    out[n] = LeftOut(n, "copy", of=keep[0])
    items = [it for _, it in exhibits]
    number = {it.path: n for n, it in exhibits}
    pairs = near_duplicate_pairs(items, pixels)

    def quality(path: str) -> tuple[int, int, int, int]:
        it = next(i for i in items if i.path == path)
        size = (it.meta.width or 0) * (it.meta.height or 0)
        rank = CONFIDENCE_RANK.get(it.capture.confidence, 0)
        return (-rank, int(_is_copy_name(it)), -size, index[number[path]])

    kept: set[str] = set()
    for path in sorted(pairs, key=quality):
        better = [p for p in pairs[path] if p in kept]
        if better:
            n, of = number[path], number[better[0]]
            if of in out:  # an exact copy stands for the picture: name the one kept
                of = out[of].of
            out.setdefault(n, LeftOut(n, "near_copy", of=of))
        else:
            kept.add(path)
    for n, it in exhibits:
        codes = _errors(it)
        if codes and n not in out:
            out[n] = LeftOut(n, "error", codes=codes)
    return out


def _is_copy_name(it: EvidenceItem) -> bool:
    return bool(COPY_NAME.search(PurePosixPath(it.path).stem))


def _needs(case: Case, pool: Sequence[Exhibit], pixels: Mapping[str, PixelFacts]) -> list[Exhibit]:
    """The exhibits the claim needs, most needed first (module docstring, step 1)."""
    needs = list(pack_needs(case.claim))
    if "waybill" not in needs and _blames_transit(case, pool, pixels):
        needs.append("waybill")

    def cat(c: Category) -> list[Exhibit]:
        return [e for e in pool if e[1].source.category == c]

    def when(e: Exhibit) -> str:
        cap = e[1].capture
        at = cap.utc or cap.local
        return at.isoformat() if at is not None else "~"  # no time: last

    picks: list[list[Exhibit]] = []
    for need in needs:
        out: list[Exhibit] = []
        if need == "closeups":
            photos = [e for e in cat(Category.PRODUCT) if not is_screen(e[1])] or cat(
                Category.PRODUCT
            )
            close = [e for e in photos if CLOSEUP.search(e[1].caption)]
            out += close or photos
        elif need == "promise":
            shots = cat(Category.LISTING)
            hits = [e for e in shots if PROMISE.search(_text(e[1], pixels.get(e[1].path)))]
            out += sorted(hits or shots, key=when)[:1]
        elif need == "refusal":
            shots = cat(Category.CHAT)
            hits = [e for e in shots if REFUSAL.search(_text(e[1], pixels.get(e[1].path)))]
            out += (hits[-1:] if hits else sorted(shots, key=when)[-1:]) if shots else []
        elif need == "waybill":
            out += sorted(cat(Category.PARCEL), key=lambda e: -_waybill_score(e, pixels))[:1]
        picks.append(out)
    # one of each need first (a pack of many photos still keeps the promise and the refusal),
    # then the rest of each
    ranked = [p[0] for p in picks if p] + [e for p in picks for e in p[1:]]
    return list({e[0]: e for e in ranked}.values())


def _waybill_score(e: Exhibit, pixels: Mapping[str, PixelFacts]) -> int:
    it = e[1]
    px = pixels.get(it.path)
    score = 4 if any(f.code == "EK400" for f in it.findings) else 0
    score += 2 if px is not None and px.barcodes else 0
    return score + (1 if LABEL_HINT.search(f"{it.caption} {it.path}") else 0)


def _blames_transit(case: Case, pool: Sequence[Exhibit], pixels: Mapping[str, PixelFacts]) -> bool:
    notes = " ".join(e.note for e in case.events if e.kind == "seller_refused")
    chats = [
        _text(it, pixels.get(it.path)) for _, it in pool if it.source.category == Category.CHAT
    ]
    return bool(TRANSIT.search(notes)) or any(
        TRANSIT.search(t) and REFUSAL.search(t) for t in chats
    )


def _by_priority(claim: str, pool: Sequence[Exhibit]) -> list[Exhibit]:
    """The exhibits taking turns by category in the claim's priority order."""
    queues = [[e for e in pool if e[1].source.category.value == c] for c in pack_priority(claim)]
    queues += [[e for e in pool if e[1].source.category.value not in pack_priority(claim)]]
    out: list[Exhibit] = []
    while any(queues):
        for q in queues:
            if q:
                out.append(q.pop(0))
    return out


def choose(
    exhibits: Sequence[Exhibit],
    case: Case,
    count: int,
    pixels: Mapping[str, PixelFacts] | None = None,
) -> tuple[list[Exhibit], list[LeftOut]]:
    """The exhibits a pack of at most ``count`` sheets holds (in exhibit order), and those
    left out with their reasons (in exhibit order)."""
    pixels = pixels or {}
    if sheet_count(exhibits) <= count:
        return list(exhibits), []
    drop = _droppable(exhibits, pixels)
    pool = [e for e in exhibits if e[0] not in drop]
    ranked = _needs(case, pool, pixels)
    needed = {n for n, _ in ranked}
    ranked += _by_priority(case.claim, [e for e in pool if e[0] not in needed])
    chosen: list[Exhibit] = []

    def take(candidates: Sequence[Exhibit]) -> bool:
        """Adds what fits; True when every candidate did."""
        everything = True
        for e in candidates:
            if sheet_count([*chosen, e]) <= count:
                chosen.append(e)
            else:
                everything = False
        return everything

    if take(ranked):  # copies and flawed exhibits only when everything else is in
        tiers = ("near_copy", "error", "copy")
        take([e for t in tiers for e in exhibits if e[0] in drop and drop[e[0]].reason == t])
    order = {n: i for i, (n, _) in enumerate(exhibits)}
    chosen.sort(key=lambda e: order[e[0]])
    kept = {n for n, _ in chosen}
    left = [drop.get(n) or LeftOut(n, "count") for n, _ in exhibits if n not in kept]
    return chosen, left


def plan_sheets(chosen: Sequence[Exhibit]) -> list[list[Exhibit]]:
    """The sheets for ``chosen`` (in exhibit order): photos six to a sheet, each screenshot
    and video on its own; sheets in the order of their first exhibit, as the dossier."""
    photos = [e for e in chosen if not own_sheet(e[1])]
    sheets = [photos[i : i + PHOTOS_PER_SHEET] for i in range(0, len(photos), PHOTOS_PER_SHEET)]
    sheets += [[e] for e in chosen if own_sheet(e[1])]
    order = {n: i for i, (n, _) in enumerate(chosen)}
    return sorted(sheets, key=lambda s: order[s[0][0]])


def left_out_lines(reasons: Sequence[LeftOut], zh: bool) -> list[str]:
    """One line per reason for pack.txt: copies, flawed exhibits, then the image limit."""
    sep = "、" if zh else ", "
    out = []
    for r in reasons:
        if r.reason == "copy":
            out.append(
                f"{r.number}：与{r.of}为同一文件（副本）"
                if zh
                else f"{r.number}: the same file as {r.of} (a copy)"
            )
        elif r.reason == "near_copy":
            out.append(
                f"{r.number}：与{r.of}为同一张照片（另存或转发的副本）"
                if zh
                else f"{r.number}: the same picture as {r.of} (a re-saved or forwarded copy)"
            )
        elif r.reason == "error":
            codes = sep.join(r.codes)
            out.append(
                f"{r.number}：自查发现错误级问题（{codes}），见 evidencekit audit"
                if zh
                else f"{r.number}: error finding {codes} (see `evidencekit audit`)"
            )
    limited = [r.number for r in reasons if r.reason == "count"]
    if limited:
        nums = sep.join(limited)
        out.append(f"{nums}：图片张数限制" if zh else f"{nums}: the image limit")
    return out  # fmt: skip
