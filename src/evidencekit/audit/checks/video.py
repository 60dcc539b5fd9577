"""Findings about unboxing videos (EK500-EK509, docs/findings.md).

What platforms weigh in a 开箱视频 (Taobao's 视频举证 guidance): one continuous take from the
sealed parcel on, the waybill number legible, recorded soon after signing (72 hours is the
figure commonly cited; confidence medium). Each finding here is one of those, read from the
``VideoInfo`` the audit's video reader left on the item's meta.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from evidencekit.audit.metadata.filenames import claims_from_filename
from evidencekit.audit.timestamps import Resolution
from evidencekit.models import Case, Confidence, EvidenceItem, Finding, Severity, TimeClaim

LATE_AFTER = timedelta(hours=72)
"""Recorded later than this after the delivered event: the seller says it is not the parcel
as delivered (the 72 hours commonly cited for 开箱视频; confidence medium)."""
SHORT_SECONDS = 5.0
"""A continuous unboxing from the sealed parcel to the goods takes longer than this."""
REEXPORT_AFTER = timedelta(hours=1)
"""The file written (mvhd) this long after the phone's own recording time: trimmed or exported."""
BARCODE_CLAIMS = ("missing", "wrong_item", "damaged")
_CLAIM_ZH = {"missing": "少件/未收到", "wrong_item": "发错货", "damaged": "运输破损"}
MVHD = "quicktime:CreateDate"

_f = Finding.bilingual


def local_container_time(claims: Sequence[TimeClaim], tz: ZoneInfo) -> list[TimeClaim]:
    """``claims`` with the mvhd time made offset-less when the phone stored its local time
    there: it equals the file name's wall clock (a phone's own name, local time) while the
    case's zone is not UTC. QuickTime says UTC; some Android phones write local time."""
    mvhd = next((c for c in claims if c.source == MVHD and c.offset_minutes == 0), None)
    if mvhd is None or not _local_in_mvhd(mvhd, claims, tz):
        return list(claims)
    return [dataclasses.replace(c, offset_minutes=None) if c is mvhd else c for c in claims]


def _local_in_mvhd(mvhd: TimeClaim, claims: Sequence[TimeClaim], tz: ZoneInfo) -> bool:
    off = mvhd.local.replace(tzinfo=tz).utcoffset()
    if not off:
        return False
    names = [
        c
        for c in claims
        if c.source.startswith("filename:") and c.offset_minutes is None and not c.date_only
    ]
    return any(abs(c.local - mvhd.local) <= timedelta(minutes=2) for c in names)


def findings(item: EvidenceItem, res: Resolution, case: Case) -> list[Finding]:
    v, p = item.meta.video, item.path
    if v is None:
        return []
    if v.damaged or item.meta.exif_state.value == "unreadable":
        why = v.damaged or item.meta.error or "it cannot be opened"
        partial = v.key_frames > 0
        return [
            _f(
                "EK500",
                Severity.WARNING,
                p,
                (
                    f"{p}: this video is damaged or incomplete ({why})"
                    + (
                        "; only the part that decodes is shown"
                        if partial
                        else "; it is listed and hashed but cannot be shown"
                    ),
                    "copy it again from the phone (by cable, or 原图/原视频 when sending), and "
                    "replace this file",
                ),
                (
                    f"{p}：这个视频已损坏或不完整（{why}）"
                    + (
                        "；只能展示可以解码的部分"
                        if partial
                        else "；已列入清单并计算哈希值，但无法展示"
                    ),
                    "从手机重新复制一份（用数据线，或发送时选“原图/原视频”），替换这个文件",
                ),
            )
        ] + _rest(item, res, case, partial_only=True)
    return _rest(item, res, case)


def _rest(
    item: EvidenceItem, res: Resolution, case: Case, partial_only: bool = False
) -> list[Finding]:
    assert item.meta.video is not None
    out: list[Finding] = []
    if not partial_only:
        out += _edited(item)
        out += _short(item)
        out += _gaps(item)
    out += _late(item, case)
    out += _no_barcode(item, case)
    out += _local_mvhd_finding(item, case)
    return out


def _edited(item: EvidenceItem) -> list[Finding]:
    v, p = item.meta.video, item.path
    assert v is not None
    signs = list(v.edit_tags)
    claims = {c.source: c for c in item.meta.claims}
    apple, mvhd = claims.get("quicktime:CreationDate"), claims.get(MVHD)
    if apple is not None and mvhd is not None:
        a, m = apple.utc(), mvhd.utc(0)
        if a and m and m - a > REEXPORT_AFTER:
            signs.append(f"file written {_span(m - a)} after the phone's recording time")
    if not signs:
        return []
    shown = "; ".join(signs[:3])
    return [
        _f(
            "EK501",
            Severity.WARNING,
            p,
            (
                f"{p} was re-encoded or edited after recording ({shown}): the other side can "
                "say cuts were made",
                "use the video exactly as the phone's camera saved it (camera roll, copied by "
                "cable), not an exported, trimmed or messenger copy",
            ),
            (
                f"{p} 在录制后被重新编码或编辑过（{shown}）：对方可以说视频被剪辑过",
                "使用手机相机原始保存的视频（相册原文件，用数据线复制），不要用导出、剪辑过或聊天软件转发的版本",
            ),
        )
    ]


def _span(d: timedelta) -> str:
    hours = d.total_seconds() / 3600
    return f"{hours / 24:.0f} days" if hours >= 48 else f"{hours:.0f} h"


def _short(item: EvidenceItem) -> list[Finding]:
    v, p = item.meta.video, item.path
    assert v is not None
    if v.duration_s is None or v.duration_s >= SHORT_SECONDS:
        return []
    return [
        _f(
            "EK503",
            Severity.WARNING,
            p,
            (
                f"{p} lasts only {v.duration_s:.1f} s: too short to show the sealed parcel being "
                "opened in one take",
                "if you have the full recording, use it; an unboxing video should run from the "
                "sealed parcel and its waybill to the goods without stopping",
            ),
            (
                f"{p} 只有 {v.duration_s:.1f} 秒：太短，无法一镜到底地展示从未拆封的包裹到拆开的过程",
                "如有完整录像请使用完整版；开箱视频应从未拆封的包裹和面单一直拍到商品，中间不停",
            ),
        )
    ]


def _mmss(t: float) -> str:
    s = int(round(t))
    return f"{s // 60:02d}:{s % 60:02d}"


def _gaps(item: EvidenceItem) -> list[Finding]:
    v, p = item.meta.video, item.path
    assert v is not None
    if not v.gaps:
        return []
    shown = ", ".join(f"{_mmss(a)} (+{b:.1f} s)" for a, b in v.gaps[:4])
    return [
        _f(
            "EK504",
            Severity.WARNING,
            p,
            (
                f"{p}: the frame timestamps jump at {shown}: the recording was paused, cut or "
                "lost frames there, and the other side can say it is not one continuous take",
                "use the phone's original recording; if it was paused, say so in the caption",
            ),
            (
                f"{p}：画面时间戳在 {shown} 处跳变：录像在这里暂停、被剪切或丢了帧，对方可以说这不是一镜到底",
                "使用手机的原始录像；如果录制时暂停过，请在说明中写明",
            ),
        )
    ]


def _late(item: EvidenceItem, case: Case) -> list[Finding]:
    cap, p = item.capture, item.path
    delivered = [e for e in case.events if e.kind == "delivered"]
    span = cap.utc_span
    if not delivered or span is None or cap.confidence is Confidence.NONE:
        return []
    ev = min(delivered, key=lambda e: e.utc)
    late = span[0] - ev.utc  # a date-only recording: from the start of its day
    if late <= LATE_AFTER:
        return []
    return [
        _f(
            "EK502",
            Severity.WARNING,
            p,
            (
                f"{p} was recorded {_span(late)} after the delivered event of "
                f"{ev.at_local:%Y-%m-%d %H:%M} (by {cap.source}): platforms expect the unboxing "
                "video within about 72 hours of signing, and the seller can say the parcel was "
                "opened and repacked in between",
                "if an earlier recording exists, use it; otherwise explain the delay in the "
                "statement",
            ),
            (
                f"{p} 录制于 {ev.at_local:%Y-%m-%d %H:%M} 签收之后 {_span(late)}（依据 {cap.source}）："
                "平台一般要求签收后约 72 小时内的开箱视频，卖家可以说期间包裹被拆开又重新包装过",
                "如有更早的录像请使用；否则在陈述中说明延迟的原因",
            ),
        )
    ]


def _no_barcode(item: EvidenceItem, case: Case) -> list[Finding]:
    v, p = item.meta.video, item.path
    assert v is not None
    if case.claim not in BARCODE_CLAIMS or v.barcodes or not v.frames_sampled:
        return []
    want = ", ".join(e.tracking for e in case.events if e.tracking.strip())
    number = f" ({want})" if want else ""
    return [
        _f(
            "EK505",
            Severity.WARNING,
            p,
            (
                f"{p}: no waybill barcode could be read in any of the {v.frames_sampled} key "
                f"frames examined: for a {case.claim} claim the video should show the waybill "
                f"number{number} clearly, so the parcel is provably the order's",
                "record (or keep) a take that starts with the sealed parcel's waybill held close "
                "and steady; a separate photo of the waybill in parcel/ helps too",
            ),
            (
                f"{p}：在检查的 {v.frames_sampled} 个关键帧中都没有读出面单条码："
                f"{_CLAIM_ZH[case.claim]}类投诉的"
                f"视频应清楚拍到运单号{number}，以证明包裹就是该订单的包裹",
                "开箱视频开头先把未拆封包裹的面单拍近拍稳；另外在 parcel/ 里放一张面单照片也有帮助",
            ),
        )
    ]


def _local_mvhd_finding(item: EvidenceItem, case: Case) -> list[Finding]:
    p = item.path
    tz = ZoneInfo(case.timezone)
    mvhd = next((c for c in item.meta.claims if c.source == MVHD and c.offset_minutes == 0), None)
    name = p.rsplit("/", 1)[-1]
    if mvhd is None or not _local_in_mvhd(mvhd, claims_from_filename(name), tz):
        return []
    return [
        _f(
            "EK506",
            Severity.INFO,
            p,
            (
                f"{p}: the video's creation time ({mvhd.local:%Y-%m-%d %H:%M:%S}) equals the "
                "local time in its file name, so this phone stored local time where the format "
                f"wants UTC; it is read as local time in {case.timezone} (the offset is assumed)",
                "nothing, if the video was recorded in that time zone",
            ),
            (
                f"{p}：视频的创建时间（{mvhd.local:%Y-%m-%d %H:%M:%S}）与文件名里的本地时间相同，"
                f"说明这部手机在应写 UTC 的位置写了本地时间；按 {case.timezone} 的本地时间理解（时差为推定）",
                "如果视频就是在该时区录制的，无需处理",
            ),
        )
    ]
