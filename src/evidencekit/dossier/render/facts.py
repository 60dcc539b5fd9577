"""The dossier's facts in neutral formal register (issue 20, "two documents").

The dossier is the buyer's submission: it states what each file is, when it was captured and
how that time is known, what was done to it, and the deadlines that run in the buyer's favour.
It never prints an objection, a remedy, a configuration key or a command-line option; those
belong to the pre-check (``render.precheck``). The wording of those facts lives here.
"""

from __future__ import annotations

import re
from typing import Any

from evidencekit.models import CaptureTime, EvidenceItem

BASIS: dict[str, dict[str, str]] = {
    "zh": {
        "c2pa:tsa": "内容凭证（C2PA）中的可信时间戳",
        "exif:DateTimeOriginal": "照片EXIF原始拍摄时间",
        "exif:DateTimeDigitized": "照片EXIF数字化时间",
        "exif:DateTime": "照片EXIF最后保存时间",
        # Our claim keys (audit.metadata) are exif:CreateDate / exif:ModifyDate.
        "exif:CreateDate": "照片EXIF数字化时间",
        "exif:ModifyDate": "照片EXIF最后保存时间",
        "iptc": "照片IPTC信息中的拍摄时间",
        "maker": "相机写入的拍摄时间（厂商专用数据）",
        "gps": "照片记录的GPS卫星时间",
        "gps_day": "照片记录的GPS日期（UTC）",
        "quicktime:CreationDate": "视频文件记录的录制时间（Apple creationdate）",
        "quicktime:CreateDate": "视频文件容器记录的创建时间（mvhd）",
        "filename_video": "视频文件名中的时间，录制时由手机自动命名",
        "xmp": "文件XMP元数据中的拍摄时间",
        "png": "截图文件内嵌的时间",
        "filename_screen": "截图文件名中的时间，截图时由手机自动命名",
        "filename_photo": "照片文件名中的时间，拍摄时由手机或相机自动命名",
        "mtime": "文件修改时间，文件未记录拍摄时间",
        "declared": "提交人陈述的时间，文件未记录拍摄时间",
        "none": "文件未记录拍摄时间",
        "with_tz": "含时区",
        "tz_from_case": "时区按案件所在地 {tz}",
        "utc": "UTC",
    },
    "en": {
        "c2pa:tsa": "trusted timestamp in the file's Content Credentials (C2PA)",
        "exif:DateTimeOriginal": "original capture time recorded in the photo's EXIF data",
        "exif:DateTimeDigitized": "digitisation time recorded in the photo's EXIF data",
        "exif:DateTime": "last-saved time recorded in the photo's EXIF data",
        "exif:CreateDate": "digitisation time recorded in the photo's EXIF data",
        "exif:ModifyDate": "last-saved time recorded in the photo's EXIF data",
        "iptc": "capture time recorded in the photo's IPTC data",
        "maker": "capture time written by the camera (maker-specific data)",
        "gps": "GPS satellite time recorded in the photo",
        "gps_day": "GPS date recorded in the photo (UTC)",
        "quicktime:CreationDate": "recording time stored in the video file (Apple creationdate)",
        "quicktime:CreateDate": "creation time stored in the video container (mvhd)",
        "filename_video": "time in the video's file name, given by the phone when recording",
        "xmp": "capture time recorded in the file's XMP metadata",
        "png": "time recorded inside the screenshot file",
        "filename_screen": "time in the screenshot's file name, given by the phone when taken",
        "filename_photo": "time in the photo's file name, given by the phone or camera",
        "mtime": "file modification time; the file records no capture time",
        "declared": "time stated by the submitter; the file records no capture time",
        "none": "the file records no capture time",
        "with_tz": "with time zone",
        "tz_from_case": "time zone of the case, {tz}",
        "utc": "UTC",
    },
}

REDACTED = {"zh": "已遮盖部分区域（个人信息）", "en": "Parts redacted (personal information)"}
"""Printed wherever a ``redact`` box applies (exhibit box, compact caption, appendix)."""

LABELS = {
    "zh": {"redaction": "遮盖", "source": "证据来源", "rule_source": "规则来源"},
    "en": {"redaction": "Redaction", "source": "Source", "rule_source": "rule source"},
}


def fact_label(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["zh"])[key]


def _b(lang: str, key: str) -> str:
    return BASIS.get(lang, BASIS["zh"])[key]


def capture_basis(
    cap: CaptureTime, lang: str, timezone: str, screen: bool = False, video: bool = False
) -> str:
    """How the capture time is known, as a fact: ``照片EXIF原始拍摄时间，含时区``."""
    head, _, _rest = cap.source.partition(":")
    if cap.source in BASIS["zh"]:
        key = cap.source
    elif head == "filename":
        key = "filename_video" if video else "filename_screen" if screen else "filename_photo"
    elif head in BASIS["zh"]:
        key = head
    else:
        key = "none" if cap.local is None else "declared"
    text = _b(lang, key)
    if cap.local is None or key in ("none", "mtime", "declared"):
        return text
    if cap.date_only:  # the source states a day: no time of day, so no zone to speak of
        return _b(lang, "gps_day") if key == "gps" else _day_words(text, lang)
    sep = "，" if lang == "zh" else ", "
    if cap.offset_assumed:
        return text + sep + _b(lang, "tz_from_case").format(tz=timezone)
    if cap.offset_minutes is not None and key.startswith(("exif", "quicktime:CreationDate")):
        return text + sep + _b(lang, "with_tz")
    return text


def _day_words(text: str, lang: str) -> str:
    """A time source's words for the date it states: 文件名中的时间 -> 文件名中的日期."""
    if lang == "zh":
        return text.replace("中的时间", "中的日期").replace("拍摄时间", "拍摄日期")
    return text.replace("capture time", "capture date").replace("time in", "date in")


def is_screenshot(it: EvidenceItem) -> bool:
    return it.source.media_type == "image/png" or it.source.category.value in ("chat", "listing")


def capture_fact(it: EvidenceItem, lang: str, timezone: str) -> tuple[str, str]:
    """(time with offset, how it is known) for the exhibit box and the timeline."""
    cap = it.capture
    if cap.local is None:
        when = "—"
    elif cap.date_only:  # "2025年12月15日（仅日期）": a date is never shown as 00:00:00
        when = cap.shown(lang)
    else:
        when = cap.local.strftime("%Y-%m-%d %H:%M:%S")
        if cap.offset_minutes is not None:
            o = cap.offset_minutes
            when += f" {'+' if o >= 0 else '-'}{abs(o) // 60:02d}:{abs(o) % 60:02d}"
    return when, capture_basis(cap, lang, timezone, is_screenshot(it), it.meta.video is not None)


def removed_segments(names: list[str], lang: str) -> str:
    """``APP1 Exif, APP1 XMP`` (jpegsegments' names) as plain words: ``EXIF、XMP 元数据``."""
    kinds: list[str] = []
    for n in names:
        word = n.split()[-1] if " " in n else n
        if n == "COM":
            word = "注释" if lang == "zh" else "comment"
        elif word.lower().startswith("exif"):
            word = "EXIF"
        elif "xmp" in n.lower() or "http" in n.lower():
            word = "XMP"
        elif word.upper().startswith("APP") or "bytes after EOI" in n:
            word = "其他" if lang == "zh" else "other"
        if word not in kinds:
            kinds.append(word)
    if lang == "zh":
        return "、".join(kinds) + "元数据"
    return ", ".join(kinds) + " metadata"


def deadline_facts(views: list[Any], lang: str) -> tuple[str, ...]:
    """The deadlines that may appear in the submission: rules (not advice: unconfirmed, or
    sourced to a secondary page only, confidence L) that
    apply and run in the buyer's favour, stated with absolute times and their source. A window
    the seller or the platform must act in is a fact whichever side of it we are; a window
    that opens for the buyer is a fact; a buyer's own deadline appears only when it was met.
    Never a countdown, never a missed deadline (those are the pre-check's)."""
    from evidencekit.rules.deadlines import format_local

    zh = lang == "zh"
    colon, sep = ("：", "；") if zh else (": ", "; ")
    out: list[str] = []
    for v in views:
        d = v.deadline
        if not d.applies or d.advisory:  # advice (confidence L) is the pre-check's only
            continue
        title = d.title_zh if zh else d.title_en
        when = format_local(d.due, d.tz)
        if d.kind == "opens":
            text = f"{when} 起" if zh else f"from {when}"
        elif d.party != "buyer":
            text = f"期限至 {when}" if zh else f"until {when}"
        elif d.done_at is not None and d.done_at <= d.due:
            done = format_local(d.done_at, d.tz)
            text = f"已于 {done} 完成（期限至 {when}）" if zh else f"done on {done} (due by {when})"
        else:
            continue
        basis = (d.basis_zh if zh and d.basis_zh else d.basis).strip()
        if basis.startswith(title):
            basis = basis[len(title) :].lstrip("：: ")
        src = f"{fact_label(lang, 'rule_source')}{colon}{d.source}"
        tail = sep.join(x for x in (basis, src) if x)
        out.append(f"{title}{colon}{text}（{tail}）" if zh else f"{title}{colon}{text} ({tail})")
    return tuple(out)


_OBJECTION = re.compile(
    r"卖家可以说|卖家会说|对方|你|在此期间可能|seller (?:can|could|may|will) say|other side|"
    r"may have changed|you\b|your\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[；;：:，,。](?!\d)")


_CASE_TOML = re.compile(r"\s*case\.toml\s*")
_TIMEZONE = re.compile(r"case\.timezone")
_SOURCE = re.compile(r"\b(?:exif|quicktime|c2pa):[A-Za-z]+|\bfilename:[\w-]+")


def _source_words(key: str, lang: str) -> str:
    words = BASIS.get(lang, BASIS["zh"])
    if key.startswith("filename:"):
        return "文件名中的时间" if lang == "zh" else "the time in the file name"
    return words.get(key, key)


def neutral(message: str, lang: str) -> str:
    """A finding's message for ``build --include-findings``: the observation without the
    objection the other side could draw from it ("…（逐字节一致）；对方会说你在凑证据数量" ->
    "…（逐字节一致）。"), and "case.toml" named as the case details."""
    zh = lang == "zh"
    text = _CASE_TOML.sub("案件信息" if zh else " the case details ", message).replace("  ", " ")
    text = _TIMEZONE.sub("案件所在地时区" if zh else "the case's time zone", text)
    # "exif:DateTimeOriginal" -> 照片EXIF原始拍摄时间 (review-texts.md 23: no tag names)
    text = _SOURCE.sub(lambda m: _source_words(m.group(), lang), text)
    m = _OBJECTION.search(text)
    if m:
        cuts = [c.start() for c in _CLAUSE_END.finditer(text, 0, m.start())]
        if cuts:
            text = text[: cuts[-1]]
    text = text.rstrip(" ；;：:，,。.")
    return text + ("。" if lang == "zh" else ".")
