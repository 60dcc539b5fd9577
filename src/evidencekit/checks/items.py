"""Findings about one file: readability, capture time, edits, privacy, orientation.

Each message states the objection the other side could raise; each remedy says what to do.
Codes are documented in docs/findings.md and never reused.
"""

from __future__ import annotations

import re
from datetime import timedelta

from evidencekit.models import Category, EvidenceItem, ExifState, Finding, Severity
from evidencekit.timestamps import Resolution

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


def _fmt_delta(d: timedelta) -> str:
    s = abs(int(d.total_seconds()))
    if s < 120:
        return f"{s} seconds"
    if s < 7200:
        return f"{s // 60} minutes"
    if s < 172800:
        return f"{s // 3600} hours"
    return f"{s // 86400} days"


def _f(code: str, sev: Severity, item: EvidenceItem, message: str, remedy: str) -> Finding:
    return Finding(code, sev, message, remedy, item.path)


def readability(item: EvidenceItem) -> list[Finding]:
    m, p = item.meta, item.path
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
            )
        )
    return out


def capture_time(item: EvidenceItem, res: Resolution) -> list[Finding]:
    out = []
    cap, p = item.capture, item.path
    for claim, why in res.rejected:
        future = why == "in the future"
        out.append(
            _f(
                "EK103" if future else "EK104",
                Severity.ERROR if claim.source.startswith("exif:") else Severity.WARNING,
                item,
                f"{p}: {claim.source} says {claim.local:%Y-%m-%d %H:%M}, {why}; the other side "
                "will say the device clock (and so every time it wrote) is wrong",
                "set the camera's date and time and retake the photo if you still can; "
                "otherwise declare the real time with taken_at in case.toml and explain it",
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
            )
        )
    # File names never carry an offset, so only say so for metadata that could have one.
    if cap.offset_assumed and cap.source.startswith(("exif:", "xmp:")):
        out.append(
            _f(
                "EK105",
                Severity.INFO,
                item,
                f"{p}: {cap.source} has no time zone; case.timezone was assumed",
                "nothing to do if the photo was taken in that time zone",
            )
        )
    for d in res.disagreements:
        if d.other.source == "declared":
            code, sev, what = "EK116", Severity.WARNING, "the time declared in case.toml"
        elif d.zone_only:
            code, sev, what = "EK117", Severity.INFO, d.other.source
        else:
            code, sev, what = "EK102", Severity.WARNING, d.other.source
        zone = (
            " (a whole number of quarter hours: probably a time-zone setting)"
            if d.zone_only
            else ""
        )
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
                "submit the unedited original from the camera roll; keep marked-up copies as "
                "extra exhibits that say they are annotated",
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
                "use the original from the camera roll, not an edited or re-saved copy",
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
            )
        )
    return out
