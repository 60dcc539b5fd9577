"""Findings about one file: readability, capture time, edits, privacy, orientation.

Each message states the objection the other side could raise; each remedy says what to do.
Codes are documented in docs/findings.md and never reused.
"""

from __future__ import annotations

import re
from datetime import timedelta

from evidencekit.audit.metadata import metadata_read
from evidencekit.audit.timestamps import Resolution
from evidencekit.models import Category, EvidenceItem, ExifState, Finding, Severity
from evidencekit.rules.devices import CAMERA, kind_of

# Software / CreatorTool values that mean "saved by an editor", not by the camera.
EDITORS = re.compile(
    r"photoshop|lightroom|snapseed|picsart|meitu|美图|醒图|xingtu|hypic|gimp|affinity|"
    r"pixelmator|facetune|vsco|canva|美颜|photodirector|polarr|fotor|photoscape|paint\.net|"
    r"luminar|capture one|darktable|rawtherapee|picasa|acdsee|光影魔术手|b612|faceu|"
    r"inshot|wps图片|photo ?editor",
    re.IGNORECASE,
)
MODIFY_TOLERANCE = timedelta(minutes=10)
"""Phones write ModifyDate at capture or a few seconds later (HDR, portrait processing)."""
PHOTO_CATEGORIES = (Category.PRODUCT, Category.PARCEL)


_UNITS = {"en": (" seconds", " minutes", " hours", " days"), "zh": (" 秒", " 分钟", " 小时", " 天")}


def _origin(item: EvidenceItem, zh: bool) -> str:
    """Where the buyer finds the original: a camera's memory card, else the phone's album (the
    EXIF Make/Model decide, rules/devices.py; a Nikon file has no camera roll)."""
    if kind_of(item.meta.make, item.meta.model) == CAMERA:
        return "相机存储卡里" if zh else "from the camera's memory card"
    return "手机相册里" if zh else "from the camera roll"


def _fmt_delta(d: timedelta, lang: str = "en") -> str:
    """How far apart two times are, in the largest unit that reads well: 30 seconds, 5 minutes,
    26 hours, 3 days (``lang="zh"``: 30 秒, 5 分钟, 26 小时, 3 天)."""
    s = abs(int(d.total_seconds()))
    sec, mins, hours, days = _UNITS[lang]
    if s < 120:
        return f"{s}{sec}"
    if s < 7200:
        return f"{s // 60}{mins}"
    if s < 172800:
        return f"{s // 3600}{hours}"
    return f"{s // 86400}{days}"


# Why a time claim was rejected (timestamps.implausible), in Chinese.
_WHY_ZH = {
    "in the future": "是一个未来的时间",
    "before 1990, earlier than any digital camera": "早于 1990 年，比任何数码相机都早",
    "a camera's factory-default date (the clock was never set)": (
        "是相机的出厂默认日期（时钟从未设置过）"
    ),
}


def _f(
    code: str,
    sev: Severity,
    item: EvidenceItem,
    message: str,
    remedy: str,
    message_zh: str,
    remedy_zh: str,
) -> Finding:
    return Finding(code, sev, message, remedy, item.path, message_zh, remedy_zh)


DAMAGED_BELOW = 1024
"""A photo file shorter than this is a failed copy (a header at most), not a picture."""


def readability(item: EvidenceItem) -> list[Finding]:
    m, p = item.meta, item.path
    damaged = not item.source.sniffed or item.source.size < DAMAGED_BELOW
    read = m.exif_state is ExifState.UNREADABLE and metadata_read(m)
    if m.exif_state is ExifState.UNREADABLE and (damaged or read):
        what = "empty" if item.source.size == 0 else f"{item.source.size} bytes"
        what_zh = "空文件" if item.source.size == 0 else f"{item.source.size} 字节"
        kind = (item.source.ext_media_type or item.source.media_type).split("/")[-1].upper()
        # The picture is broken but its metadata block is intact (a copy cut off after the
        # header, a damaged image stream): ExifTool reads it, so do we, and say so.
        kept = "; its metadata (capture time, camera) is intact and was read" if read else ""
        kept_zh = "；其中的元数据（拍摄时间、相机）完好，已读取" if read else ""
        return [
            _f(
                "EK009",
                Severity.WARNING,
                item,
                f"{p}: this file is damaged or incomplete ({what}, not a readable {kind})" + kept,
                "copy it again from the phone",
                f"{p}：这个文件已损坏或不完整（{what_zh}，无法按其格式读取）" + kept_zh,
                "从手机重新复制一份",
            )
        ]
    if m.exif_state is ExifState.UNREADABLE:
        return [
            _f(
                "EK100",
                Severity.ERROR,
                item,
                f"{p} cannot be opened as an image ({m.error or 'unknown format'}); "
                "it cannot be shown as an exhibit",
                "copy the original again from the phone or chat app; if it opens on your "
                "computer, re-export it as JPEG or PNG",
                f"{p} 无法作为图片打开（{m.error or '格式无法识别'}），不能作为证据页展示",
                "从手机或聊天软件重新复制原文件；如果在电脑上能打开，请另存为 JPEG 或 PNG",
            )
        ]
    out = []
    if m.too_many_pixels:
        out.append(
            _f(
                "EK007",
                Severity.ERROR,
                item,
                f"{p} has {m.width}x{m.height} pixels, above the decoding limit; it is not "
                "decoded (a decompression bomb guard) and not shown as an exhibit",
                "export a smaller copy (e.g. 4000 px on the long side) or raise --max-pixels "
                "if you trust the file",
                f"{p} 有 {m.width}x{m.height} 像素，超过解码上限；为防范“解压炸弹”没有解码，"
                "也不会作为证据页展示",
                "导出一份较小的副本（例如长边 4000 像素）；如果确信文件可靠，也可以调高 --max-pixels",
            )
        )
    if m.truncated:
        out.append(
            _f(
                "EK004",
                Severity.ERROR,
                item,
                f"{p} is truncated: part of the picture is missing, so the other side can "
                "say it was damaged or tampered with",
                "copy the file again from the original source (phone, cloud album, chat)",
                f"{p} 文件不完整（被截断）：图片缺了一部分，对方可以说它已损坏或被篡改过",
                "从原始来源（手机、云相册、聊天记录）重新复制这个文件",
            )
        )
    if m.exif_state is ExifState.CORRUPT:
        out.append(
            _f(
                "EK113",
                Severity.WARNING,
                item,
                f"{p} has damaged metadata ({m.error or 'unparseable EXIF'}); its capture "
                "time cannot be read from it",
                "use the original file from the phone; damaged EXIF often comes from editing "
                "or conversion tools",
                f"{p} 的元数据已损坏（{m.error or 'EXIF 无法解析'}），无法从中读出拍摄时间",
                "使用手机里的原文件；EXIF 损坏通常是编辑软件或格式转换工具造成的",
            )
        )
    if m.orientation is not None and not 1 <= m.orientation <= 8:
        out.append(
            _f(
                "EK112",
                Severity.INFO,
                item,
                f"{p} has an invalid orientation value ({m.orientation}); viewers may show it "
                "rotated differently from the dossier",
                "nothing to do if the dossier page looks upright; it is shown as stored",
                f"{p} 的方向标记值无效（{m.orientation}），在其他看图软件中显示的方向可能与本材料不同",
                "如果材料中这一页的方向是正的，就不用处理；本材料按文件原样显示",
            )
        )
    return out


def capture_time(item: EvidenceItem, res: Resolution) -> list[Finding]:
    out = []
    cap, p = item.capture, item.path
    for claim, why in res.rejected:
        future = why == "in the future"
        said = f"{claim.local:%Y-%m-%d}" if claim.date_only else f"{claim.local:%Y-%m-%d %H:%M}"
        out.append(
            _f(
                "EK103" if future else "EK104",
                Severity.ERROR if claim.source.startswith("exif:") else Severity.WARNING,
                item,
                f"{p}: {claim.source} says {said}, {why}; the other side "
                "will say the device clock (and so every time it wrote) is wrong",
                "set the camera's date and time and retake the photo if you still can; "
                "otherwise declare the real time with taken_at in case.toml and explain it",
                f"{p}：{claim.source} 记录的时间是 {said}，"
                f"{_WHY_ZH.get(why, why)}；对方会说设备时钟不准（因此它记录的所有时间都不可信）",
                "如果还来得及，先把相机的日期和时间设置正确，再重新拍照；否则在 case.toml 中"
                "用 taken_at 写明真实时间，并在陈述中说明原因",
            )
        )
    if cap.source in ("none", "mtime"):
        out.append(
            _f(
                "EK101",
                Severity.WARNING,
                item,
                f"{p} has no usable capture time"
                + (
                    " (only the file's modification time, which copying changes)"
                    if cap.local
                    else ""
                )
                + "; the seller can say the photo is old or of another item",
                "use the original from the phone's camera roll, not a forwarded copy; or add "
                "taken_at in case.toml and show the time another way (e.g. a chat message "
                "sending the photo)",
                f"{p} 没有可用的拍摄时间"
                + ("（只有文件修改时间，而复制文件就会改变它）" if cap.local else "")
                + "；卖家可以说这张照片是以前拍的，或拍的是别的商品",
                "请使用手机相册里的原图，不要用转发过的副本；或者在 case.toml 中填写 taken_at，"
                "再用其他方式证明时间（例如发送这张照片的聊天记录）",
            )
        )
    elif cap.source == "declared":
        out.append(
            _f(
                "EK118",
                Severity.INFO,
                item,
                f"{p}: the only capture time is the one declared in case.toml; it is shown as "
                "declared, not measured",
                "if you have the original file from the phone, use it instead",
                f"{p}：唯一的拍摄时间是 case.toml 中声明的时间；材料中会注明这是声明的时间，"
                "而不是从文件中读出的时间",
                "如果手机里还有原文件，请改用原文件",
            )
        )
    # File names never carry an offset, so only say so for metadata that could have one.
    if cap.date_only:
        day = cap.shown("en")
        out.append(
            _f(
                "EK119",
                Severity.INFO,
                item,
                f"{p}: {cap.source} gives only a date ({day}), no time of day; it is shown as a "
                "date and checked against the case's events by the day",
                "if the original from the phone still has its full capture time, use it",
                f"{p}：{cap.source} 只记录了日期（{cap.shown('zh')}），没有具体时间；材料中按日期"
                "显示，并按日与案件事件核对",
                "如果手机里的原文件还有完整的拍摄时间，请改用原文件",
            )
        )
    elif cap.offset_assumed and cap.source.startswith(("exif:", "xmp:")):
        out.append(
            _f(
                "EK105",
                Severity.INFO,
                item,
                f"{p}: {cap.source} has no time zone; case.timezone was assumed",
                "nothing to do if the photo was taken in that time zone",
                f"{p}：{cap.source} 没有时区信息，已按 case.timezone 推定时区",
                "如果照片就是在这个时区拍的，就不用处理",
            )
        )
    for d in res.disagreements:
        if d.other.source == "declared":
            code, sev, what = "EK116", Severity.WARNING, "the time declared in case.toml"
            what_zh = " case.toml 中声明的时间为 "
        elif d.zone_only:
            code, sev, what = "EK117", Severity.INFO, d.other.source
            what_zh = f" {what} 记录为 "
        else:
            code, sev, what = "EK102", Severity.WARNING, d.other.source
            what_zh = f" {what} 记录为 "
        zone = (
            " (a whole number of quarter hours: probably a time-zone setting)"
            if d.zone_only
            else ""
        )
        zone_zh = "（正好是 15 分钟的整数倍，多半是时区设置问题）" if d.zone_only else ""
        out.append(
            _f(
                code,
                sev,
                item,
                f"{p}: {d.chosen.source} says {d.chosen.raw.strip()} but {what} says "
                f"{d.other.raw.strip()}, {_fmt_delta(d.delta)} apart{zone}; the other side can "
                "say the times were changed",
                "explain the difference in the statement (e.g. the phone's time zone), or use "
                "the untouched original",
                f"{p}：{d.chosen.source} 记录为 {d.chosen.raw.strip()}，但{what_zh}"
                f"{d.other.raw.strip()}，相差 {_fmt_delta(d.delta, 'zh')}{zone_zh}；"
                "对方可以说时间被改过",
                "在陈述中说明差异的原因（例如手机的时区设置），或改用未经改动的原文件",
            )
        )
    return out


def edits(item: EvidenceItem) -> list[Finding]:
    m, p, out = item.meta, item.path, []
    tool = next((t for t in (m.software, m.creator_tool) if t and EDITORS.search(t)), "")
    if tool:
        out.append(
            _f(
                "EK106",
                Severity.WARNING,
                item,
                f"{p} was saved by an editing program ({tool}); the seller can say the picture "
                "was altered",
                f"submit the unedited original {_origin(item, False)}; keep marked-up copies "
                "as extra exhibits that say they are annotated",
                f"{p} 被编辑软件（{tool}）保存过；卖家可以说图片被修改过",
                f"提交{_origin(item, True)}未经编辑的原图；做过标注的图片可以作为补充证据，"
                "并注明“已标注”",
            )
        )
    claims = {c.source: c for c in m.claims}
    orig = claims.get("exif:DateTimeOriginal") or claims.get("exif:CreateDate")
    mod = claims.get("exif:ModifyDate")
    if orig and mod and mod.local - orig.local > MODIFY_TOLERANCE:
        out.append(
            _f(
                "EK107",
                Severity.WARNING,
                item,
                f"{p} was modified {_fmt_delta(mod.local - orig.local)} after it was taken "
                f"(ModifyDate {mod.local:%Y-%m-%d %H:%M}); the seller can say it was edited",
                f"use the original {_origin(item, False)}, not an edited or re-saved copy",
                f"{p} 在拍摄 {_fmt_delta(mod.local - orig.local, 'zh')}后被修改过"
                f"（EXIF最后保存时间{mod.local:%Y-%m-%d %H:%M}）；卖家可以说它被编辑过",
                f"使用{_origin(item, True)}的原图，不要用编辑过或重新保存过的副本",
            )
        )
    if m.thumbnail_mismatch:
        out.append(
            _f(
                "EK108",
                Severity.WARNING,
                item,
                f"{p}: the preview thumbnail stored inside the file does not match the picture, "
                "a classic sign of editing after capture",
                "use the untouched original; editors that keep the old thumbnail leave this trace",
                f"{p}：文件内嵌的预览缩略图与图片本身对不上，这是拍摄后被编辑的典型痕迹",
                "使用未经改动的原文件；有些编辑软件会保留旧的缩略图，从而留下这种痕迹",
            )
        )
    return out


def privacy_and_stripping(item: EvidenceItem) -> list[Finding]:
    m, p, out = item.meta, item.path, []
    if (
        m.exif_state is ExifState.NONE
        and item.source.category in PHOTO_CATEGORIES
        and item.source.media_type in ("image/jpeg", "image/heic", "image/heif")
    ):
        out.append(
            _f(
                "EK109",
                Severity.WARNING,
                item,
                f"{p} carries no camera metadata, as happens when a photo is sent through WeChat, "
                "QQ or another messenger; nothing in the file shows when or with what it was taken",
                "add the original from the phone's camera roll (send 'original image' / 原图, or "
                "copy it by cable)",
                f"{p} 不含任何相机元数据，通过微信、QQ 等聊天软件发送的照片通常会这样；"
                "文件本身无法证明是什么时间、用什么设备拍的",
                "补充手机相册里的原图（发送时勾选“原图”，或用数据线直接复制）",
            )
        )
    if m.gps is not None:
        out.append(
            _f(
                "EK110",
                Severity.INFO,
                item,
                f"{p} contains the GPS position where it was taken (privacy); the dossier does "
                "not print it",
                "nothing to do; it supports the photo's authenticity but is not shared",
                f"{p} 含有拍摄地点的 GPS 位置（涉及隐私）；本材料不会印出该位置",
                "不用处理；它有助于证明照片真实，但不会对外提供",
            )
        )
    if m.has_serial:
        out.append(
            _f(
                "EK115",
                Severity.INFO,
                item,
                f"{p} contains a device serial number or owner name (privacy)",
                "nothing to do; the dossier does not print it",
                f"{p} 含有设备序列号或机主姓名（涉及隐私）",
                "不用处理；本材料不会印出这些信息",
            )
        )
    return out
