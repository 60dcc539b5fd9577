"""Capture times stated by file names: a data table of real naming schemes.

Each row is (scheme, regex, clock). Named groups: ``y mo d h mi s`` for a wall-clock time,
``ampm`` for a 12-hour clock, ``sub`` for milliseconds (kept as ``TimeClaim.subsec``), ``ms`` for a 13-digit epoch in milliseconds, ``epoch`` for
10-digit epoch seconds. ``clock`` is ``"local"`` (the phone's wall clock, offset unknown) or
``"utc"`` (the scheme is defined in UTC, offset 0). The first matching row wins, so more
specific patterns come first. Every parsed time must be a real calendar date in 2000-2100, so
random digit strings (``IMG_1234.JPG``, hashes) produce no claim. Date-only names
(``DATE_SCHEMES``: ``IMG_20251215.jpg``, ``微信图片_20251215.jpg``, WhatsApp
``IMG-20231215-WA0001.jpg``) are claims of precision ``day``: the date, never a time (``local``
is that day's 00:00, which nobody stated); they are tried only when no full-time scheme matched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from evidencekit.audit.metadata.dates import make_datetime
from evidencekit.models import DAY, TimeClaim

_YMD = r"(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})"
_HMS = r"(?P<h>\d{2})(?P<mi>\d{2})(?P<s>\d{2})"
_YMD_DASH = r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
_HMS_DOT = r"(?P<h>\d{1,2})\.(?P<mi>\d{2})\.(?P<s>\d{2})"
_END = r"(?!\d)"  # the digits must not run on (a longer number is something else)
_SP = r"[ \u00a0\u202f]"  # macOS 13+ puts a narrow no-break space before AM/PM


@dataclass(frozen=True)
class Scheme:
    name: str
    pattern: re.Pattern[str]
    clock: str  # "local" or "utc"
    example: str


def _s(name: str, regex: str, clock: str, example: str) -> Scheme:
    return Scheme(name, re.compile(regex, re.IGNORECASE), clock, example)


SCHEMES: tuple[Scheme, ...] = (
    # Google Pixel camera: UTC time with milliseconds.
    _s("pixel", rf"^PXL_{_YMD}_{_HMS}(?P<sub>\d{{3}}){_END}", "utc", "PXL_20231215_090233123.jpg"),
    # WeChat saved/exported images and its in-app camera: epoch milliseconds.
    _s("wechat-mmexport", rf"^mmexport(?P<ms>\d{{13}}){_END}", "utc", "mmexport1702630953123.jpg"),
    _s(
        "wechat-camera", rf"^wx_camera_(?P<ms>\d{{13}}){_END}", "utc", "wx_camera_1702630953123.jpg"
    ),
    _s("wechat-image", rf"^微信图片_{_YMD}_?{_HMS}{_END}", "local", "微信图片_20231215170233.jpg"),
    # WeChat's saved videos (PC and older Android versions): the time it was saved.
    _s(
        "wechat-video",
        rf"^(?:微信视频|WeChat)_?{_YMD}_?{_HMS}{_END}",
        "local",
        "微信视频_20231215170233.mp4",
    ),
    _s("qq-image", rf"^QQ图片{_YMD}_?{_HMS}{_END}", "local", "QQ图片20231215170233.jpg"),
    # MIUI screenshots: dashes everywhere, optional milliseconds and app package suffix.
    _s(
        "miui-screenshot",
        rf"^Screenshot_{_YMD_DASH}-(?P<h>\d{{2}})-(?P<mi>\d{{2}})-(?P<s>\d{{2}}){_END}",
        "local",
        "Screenshot_2023-12-15-17-02-33-123_com.taobao.taobao.jpg",
    ),
    # AOSP / Pixel / Huawei screenshots (dash) and Samsung One UI (underscore, optional package).
    _s(
        "android-screenshot",
        rf"^Screenshot_{_YMD}-{_HMS}{_END}",
        "local",
        "Screenshot_20231215-170233.png",
    ),
    _s(
        "samsung-screenshot",
        rf"^Screenshot_{_YMD}_{_HMS}{_END}",
        "local",
        "Screenshot_20231215_170233_com.taobao.taobao.jpg",
    ),
    _s(
        "macos-screenshot-zh",
        rf"^截屏{_YMD_DASH}{_SP}{_HMS_DOT}{_END}",
        "local",
        "截屏2023-12-15 17.02.33.png",
    ),
    _s(
        "macos-screenshot-12h",
        rf"^Screen{_SP}?Shot{_SP}{_YMD_DASH}{_SP}at{_SP}{_HMS_DOT}{_SP}*(?P<ampm>[AP]M)\b",
        "local",
        "Screen Shot 2023-12-15 at 5.02.33 PM.png",
    ),
    _s(
        "macos-screenshot",
        rf"^Screen{_SP}?Shot{_SP}{_YMD_DASH}{_SP}at{_SP}{_HMS_DOT}{_END}(?!{_SP}*[AP]M)",
        "local",
        "Screenshot 2023-12-15 at 17.02.33.png",
    ),
    # Windows 11 Snipping Tool (English and Chinese UI).
    _s(
        "windows-screenshot",
        rf"^Screenshot{_SP}{_YMD_DASH}{_SP}{_HMS}{_END}",
        "local",
        "Screenshot 2023-12-15 170233.png",
    ),
    _s(
        "windows-screenshot-zh",
        rf"^屏幕截图{_SP}?{_YMD_DASH}{_SP}{_HMS}{_END}",
        "local",
        "屏幕截图 2023-12-15 170233.png",
    ),
    _s("cn-screenshot", rf"^截图{_YMD}_?{_HMS}{_END}", "local", "截图20231215170233.png"),
    # Camera apps: MIUI adds milliseconds; AOSP/Huawei/exported iOS use IMG_/VID_; OPPO/Realme
    # run date and time together; Samsung has no prefix.
    _s(
        "miui-camera",
        rf"^(?:IMG|VID)_{_YMD}_{_HMS}_(?P<sub>\d{{3}}){_END}",
        "local",
        "IMG_20231215_170233_123.jpg",
    ),
    _s("android-camera", rf"^(?:IMG|VID)_{_YMD}_{_HMS}{_END}", "local", "IMG_20180725_163423.jpg"),
    _s("oppo-camera", rf"^(?:IMG|VID){_YMD}{_HMS}{_END}", "local", "IMG20231215170233.jpg"),
    _s("samsung-camera", rf"^{_YMD}_{_HMS}{_END}", "local", "20231215_170233.jpg"),
    # A bare 10-digit Unix time (many apps and web downloads).
    _s("epoch-seconds", rf"^(?P<epoch>\d{{10}}){_END}", "utc", "1702630953.jpg"),
)

DATE_SCHEMES: tuple[Scheme, ...] = (
    # WhatsApp names the day the picture was sent or received, and a counter.
    _s("whatsapp", rf"^(?:IMG|VID|AUD)-{_YMD}-WA\d{{4}}", "local", "IMG-20231215-WA0001.jpg"),
    # WeChat's saved images with a date only (older clients, renamed copies): the save day.
    _s("wechat-image", rf"^微信图片_{_YMD}{_END}", "local", "微信图片_20231215.jpg"),
    # Camera apps and exports that keep the day and drop the time (IMG_20231215.jpg,
    # IMG_20231215_1.jpg, VID-20231215.mp4).
    _s("android-camera", rf"^(?:IMG|VID|PXL|DSC)[_-]?{_YMD}{_END}", "local", "IMG_20231215.jpg"),
)
"""Names that state a date without a time: claims of precision ``day``."""

_MIN_YEAR, _MAX_YEAR = 2000, 2100


def claims_from_filename(name: str) -> list[TimeClaim]:
    """Claims stated by a file name (its last path component), [] when no scheme matches."""
    try:
        base = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    except Exception:
        return []
    for scheme in SCHEMES:
        m = scheme.pattern.match(base)
        if m is None:
            continue
        local = _interpret(m)
        if local is None or not _MIN_YEAR <= local.year <= _MAX_YEAR:
            return []  # the scheme's shape matched but the digits are not a time
        offset = 0 if scheme.clock == "utc" else None
        g = m.groupdict()
        subsec = g.get("sub") or (g["ms"][-3:] if g.get("ms") else "")
        return [TimeClaim(f"filename:{scheme.name}", local, offset, m.group(0), subsec)]
    for scheme in DATE_SCHEMES:
        m = scheme.pattern.match(base)
        if m is None:
            continue
        day = make_datetime(int(m["y"]), int(m["mo"]), int(m["d"]))
        if day is None or not _MIN_YEAR <= day.year <= _MAX_YEAR:
            return []
        return [TimeClaim(f"filename:{scheme.name}", day, None, m.group(0), precision=DAY)]
    return []


def _interpret(m: re.Match[str]) -> datetime | None:
    g = m.groupdict()
    if g.get("ms") or g.get("epoch"):
        seconds = int(g["ms"]) // 1000 if g.get("ms") else int(g["epoch"])
        try:
            utc = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return utc.replace(tzinfo=None)
    hour = int(g["h"])
    if g.get("ampm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if g["ampm"].upper() == "PM" else 0)
    return make_datetime(int(g["y"]), int(g["mo"]), int(g["d"]), hour, int(g["mi"]), int(g["s"]))
