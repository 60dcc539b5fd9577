"""Shared types and constants, the bundled fonts and wall-clock time helpers."""

from __future__ import annotations

import hashlib
import importlib.resources
import os
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import ImageFont

import evidencekit

Scene = Literal["product", "closeup", "parcel", "carton"]
ScreenKind = Literal["chat", "listing", "order"]
RGB = tuple[int, int, int]

PHOTOSHOP = "Adobe Photoshop 25.0 (Windows)"
DEFAULT_WAYBILL = "SF1234567890123"
DEFAULT_ORDER_ID = "3891234567890123"


# --------------------------------------------------------------------------- fonts


def font_dir() -> Path:
    """The bundled ``fonts/`` folder: repo checkout first, then the installed package."""
    repo = Path(evidencekit.__file__).resolve().parents[2] / "fonts"
    if (repo / "NotoSansSC_400Regular.ttf").is_file():
        return repo
    return Path(str(importlib.resources.files("evidencekit") / "fonts"))


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "NotoSansSC_700Bold.ttf" if bold else "NotoSansSC_400Regular.ttf"
    return ImageFont.truetype(
        str(font_dir() / name), size=size, layout_engine=ImageFont.Layout.BASIC
    )


# --------------------------------------------------------------------------- times


def parse_local(text: str) -> datetime:
    """``2025-12-15 17:02[:33]`` or EXIF ``2025:12:15 17:02:33`` -> naive datetime."""
    t = text.strip()
    if len(t) >= 10 and t[4] == ":" and t[7] == ":":
        t = t[:4] + "-" + t[5:7] + "-" + t[8:]
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(t, fmt)
        except ValueError:
            continue
    raise ValueError(f"unrecognised time {text!r}")


def parse_offset(offset: str) -> timedelta:
    sign = -1 if offset.startswith("-") else 1
    hh, mm = offset.lstrip("+-").split(":")
    return sign * timedelta(hours=int(hh), minutes=int(mm))


def exif_time(dt: datetime) -> str:
    return dt.strftime("%Y:%m:%d %H:%M:%S")


def epoch(local: str | datetime, offset: str = "+08:00") -> float:
    """POSIX timestamp of a local wall-clock time at ``offset``."""
    dt = parse_local(local) if isinstance(local, str) else local
    return dt.replace(tzinfo=timezone(parse_offset(offset))).timestamp()


def set_mtime(path: str | os.PathLike[str], local: str | datetime, offset: str = "+08:00") -> None:
    """Set atime/mtime like a phone copy would: to the capture time."""
    ts = epoch(local, offset)
    os.utime(path, (ts, ts))


def wechat_name(sent: str, offset: str = "+08:00", millis: int = 123) -> str:
    """WeChat's export name for a picture saved at ``sent``: ``mmexport<epoch ms>.jpg``."""
    return f"mmexport{int(epoch(sent, offset)) * 1000 + millis}.jpg"


def sha256_file(path: str | os.PathLike[str]) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
