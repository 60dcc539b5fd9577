"""Deterministic, realistic-looking evidence images for tests and the bundled sample case.

Everything here is a pure function of its arguments: randomness comes only from
``random.Random(seed)``, never from the clock, so the same call writes the same bytes
(for a given Pillow / libjpeg / zlib / FreeType build).

* :func:`camera_jpeg` - a phone-camera JPEG with real EXIF (IFD0, Exif IFD, GPS IFD and an
  IFD1 thumbnail) over a drawn "photo" (suitcase with a scratch, a close-up with a ruler,
  a parcel with an SF waybill label carrying a real, decodable Code 128 of the waybill
  number, or a plain shipping carton seen from above with no label in view).
* :func:`screenshot_png` - a phone screenshot (chat, product listing or order page) with CJK
  text in the bundled Noto Sans SC font; no EXIF, optionally a PNG ``Creation Time`` chunk.
* :func:`heic` - the same photo as an iPhone-style HEIC (needs pillow_heif with an encoder).
* Edge cases: :func:`corrupt_file`, :func:`lying_extension`, :func:`edited_photo`,
  :func:`messenger_photo`, :func:`ds_store`.

Time arguments are wall-clock strings (``"2025-12-15 17:02:33"``, seconds optional, EXIF's
``"2025:12:15 17:02:33"`` also accepted); offsets are ``"+08:00"`` style.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import itertools
import math
import os
import random
import struct
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps
from PIL.PngImagePlugin import PngInfo

import evidencekit
from evidencekit import barcodes

Scene = Literal["product", "closeup", "parcel", "carton"]
ScreenKind = Literal["chat", "listing", "order"]
RGB = tuple[int, int, int]

PHOTOSHOP = "Adobe Photoshop 25.0 (Windows)"
DEFAULT_WAYBILL = "SF1234567890123"
DEFAULT_ORDER_ID = "3891234567890123"

# EXIF tag numbers (kept local so readers of this file see exactly what is written).
TAG_MAKE = 0x010F
TAG_MODEL = 0x0110
TAG_ORIENTATION = 0x0112
TAG_SOFTWARE = 0x0131
TAG_DATETIME = 0x0132
TAG_EXIF_IFD = 0x8769
TAG_GPS_IFD = 0x8825
TAG_DATETIME_ORIGINAL = 0x9003
TAG_DATETIME_DIGITIZED = 0x9004
TAG_OFFSET_TIME = 0x9010
TAG_OFFSET_TIME_ORIGINAL = 0x9011
TAG_OFFSET_TIME_DIGITIZED = 0x9012
TAG_SUBSEC_TIME_ORIGINAL = 0x9291
TAG_BODY_SERIAL = 0xA431


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


# --------------------------------------------------------------------------- EXIF


def _dms(value: float) -> tuple[float, float, float]:
    v = abs(value)
    deg = int(v)
    minutes_full = (v - deg) * 60
    minutes = int(minutes_full)
    seconds = round((minutes_full - minutes) * 60, 2)
    return (float(deg), float(minutes), seconds)


def build_exif(
    *,
    taken: str | None = "2025-12-15 17:02:33",
    offset: str | None = "+08:00",
    make: str | None = "Xiaomi",
    model: str | None = "2211133C",
    software: str | None = None,
    orientation: int | None = 1,
    gps: tuple[float, float] | None = None,
    subsec: str | None = None,
    modify_date: str | None = None,
    serial: str | None = None,
    big_endian: bool = False,
) -> Image.Exif:
    """An ``Image.Exif`` with the tags a phone camera writes.

    ``taken`` fills DateTimeOriginal/DateTimeDigitized (and DateTime unless ``modify_date``);
    ``offset`` fills OffsetTime, OffsetTimeOriginal, OffsetTimeDigitized. GPS time stamps are
    UTC, derived from ``taken`` and ``offset`` (``+08:00`` assumed when offset is None).
    """
    exif = Image.Exif()
    exif.endian = ">" if big_endian else "<"
    if make is not None:
        exif[TAG_MAKE] = make
    if model is not None:
        exif[TAG_MODEL] = model
    if orientation is not None:
        exif[TAG_ORIENTATION] = orientation
    if software is not None:
        exif[TAG_SOFTWARE] = software
    taken_dt = parse_local(taken) if taken else None
    modify_dt = parse_local(modify_date) if modify_date else taken_dt
    if modify_dt is not None:
        exif[TAG_DATETIME] = exif_time(modify_dt)
    sub = exif.get_ifd(TAG_EXIF_IFD)
    if taken_dt is not None:
        sub[TAG_DATETIME_ORIGINAL] = exif_time(taken_dt)
        sub[TAG_DATETIME_DIGITIZED] = exif_time(taken_dt)
    if offset is not None:
        sub[TAG_OFFSET_TIME] = offset
        if taken_dt is not None:
            sub[TAG_OFFSET_TIME_ORIGINAL] = offset
            sub[TAG_OFFSET_TIME_DIGITIZED] = offset
    if subsec is not None:
        sub[TAG_SUBSEC_TIME_ORIGINAL] = subsec
    if serial is not None:
        sub[TAG_BODY_SERIAL] = serial
    if gps is not None:
        lat, lon = gps
        g = exif.get_ifd(TAG_GPS_IFD)
        g[0x0000] = b"\x02\x02\x00\x00"  # GPSVersionID
        g[0x0001] = "N" if lat >= 0 else "S"
        g[0x0002] = _dms(lat)
        g[0x0003] = "E" if lon >= 0 else "W"
        g[0x0004] = _dms(lon)
        if taken_dt is not None:
            utc = taken_dt - parse_offset(offset or "+08:00")
            g[0x0007] = (float(utc.hour), float(utc.minute), float(utc.second))  # GPSTimeStamp
            g[0x001D] = utc.strftime("%Y:%m:%d")  # GPSDateStamp
    return exif


def _with_thumbnail(exif_bytes: bytes, thumb_jpeg: bytes) -> bytes:
    """Append an IFD1 (JPEG thumbnail) to ``Exif\\0\\0`` + TIFF bytes made by Pillow.

    Pillow writes IFD0 at TIFF offset 8 with a zero next-IFD pointer; we point it at a new
    IFD1 holding Compression=6, JPEGInterchangeFormat and JPEGInterchangeFormatLength.
    """
    head, tiff = exif_bytes[:6], bytearray(exif_bytes[6:])
    e = "<" if tiff[:2] == b"II" else ">"
    (ifd0,) = struct.unpack(e + "I", tiff[4:8])
    (count,) = struct.unpack(e + "H", tiff[ifd0 : ifd0 + 2])
    next_ptr = ifd0 + 2 + 12 * count
    if len(tiff) % 2:
        tiff += b"\x00"
    ifd1 = len(tiff)
    struct.pack_into(e + "I", tiff, next_ptr, ifd1)
    n = 3
    data_at = ifd1 + 2 + 12 * n + 4
    tiff += struct.pack(e + "H", n)
    tiff += struct.pack(e + "HHIHH", 0x0103, 3, 1, 6, 0)  # Compression = JPEG (SHORT)
    tiff += struct.pack(e + "HHII", 0x0201, 4, 1, data_at)  # JPEGInterchangeFormat
    tiff += struct.pack(e + "HHII", 0x0202, 4, 1, len(thumb_jpeg))  # ...Length
    tiff += struct.pack(e + "I", 0)
    tiff += thumb_jpeg
    return head + bytes(tiff)


def _thumbnail_jpeg(img: Image.Image) -> bytes:
    t = img.copy()
    t.thumbnail((160, 160))
    buf = io.BytesIO()
    t.save(buf, "JPEG", quality=70)
    return buf.getvalue()


# --------------------------------------------------------------------------- drawing


def _jitter(rng: random.Random, c: RGB, amount: int) -> RGB:
    return (
        max(0, min(255, c[0] + rng.randint(-amount, amount))),
        max(0, min(255, c[1] + rng.randint(-amount, amount))),
        max(0, min(255, c[2] + rng.randint(-amount, amount))),
    )


def _gray(rng: random.Random, c: RGB, amount: int) -> RGB:
    """Shift all channels together (stays neutral, unlike :func:`_jitter`)."""
    k = rng.randint(-amount, amount)
    return (
        max(0, min(255, c[0] + k)),
        max(0, min(255, c[1] + k)),
        max(0, min(255, c[2] + k)),
    )


def _grain(img: Image.Image, rng: random.Random, amplitude: int = 14) -> Image.Image:
    """Sensor-like luminance noise, deterministic from ``rng``."""
    w, h = img.size
    sw, sh = max(1, w // 2), max(1, h // 2)
    noise = Image.frombytes("L", (sw, sh), rng.randbytes(sw * sh)).resize(
        (w, h), Image.Resampling.BILINEAR
    )
    noise = noise.point(lambda v: v * amplitude // 255).convert("RGB")
    return ImageChops.add(img, noise, scale=1.0, offset=-(amplitude // 2))


def _vignette(img: Image.Image, strength: float = 0.35) -> Image.Image:
    mask = Image.radial_gradient("L").resize(img.size, Image.Resampling.BILINEAR)
    mask = mask.point(lambda v: int(255 - min(255, v) * strength))
    return ImageChops.multiply(img, Image.merge("RGB", (mask, mask, mask)))


def _vertical_gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    g = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), g)


def _horizontal_gradient(size: tuple[int, int], left: RGB, right: RGB) -> Image.Image:
    g = Image.linear_gradient("L").rotate(90).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    g = g.resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, right), Image.new("RGB", size, left), g)


def _wood_floor(size: tuple[int, int], rng: random.Random, horizon: int) -> Image.Image:
    w, h = size
    img = _vertical_gradient(size, (226, 221, 212), (205, 199, 190))  # wall
    d = ImageDraw.Draw(img)
    plank = max(8, (h - horizon) // 6)
    y = horizon
    while y < h:
        base = _jitter(rng, (168, 122, 80), 14)
        d.rectangle((0, y, w, y + plank), fill=base)
        for _ in range(10):
            gy = y + rng.randint(2, plank - 2)
            pts = [(x, gy + rng.randint(-2, 2)) for x in range(0, w + 60, 60)]
            d.line(pts, fill=_jitter(rng, (140, 98, 62), 10), width=max(1, w // 800))
        d.line((0, y, w, y), fill=(110, 76, 48), width=max(1, w // 600))
        y += plank
    d.rectangle((0, horizon - max(3, h // 120), w, horizon), fill=(240, 238, 232))  # skirting
    return img


def _metal_body(
    img: Image.Image, box: tuple[int, int, int, int], rng: random.Random, ridges: int
) -> None:
    """An aluminium suitcase shell with vertical ridges and side-lit shading."""
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    shell = _horizontal_gradient((bw, bh), (150, 156, 164), (206, 210, 216))
    d = ImageDraw.Draw(shell)
    step = max(4, bw // ridges)
    lw = max(2, step // 6)
    for i in range(1, ridges):
        x = i * step
        d.line((x, 0, x, bh), fill=(232, 234, 238), width=lw)
        d.line((x + lw, 0, x + lw, bh), fill=(118, 124, 132), width=max(1, lw // 2))
    mask = Image.new("L", (bw, bh), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, bw - 1, bh - 1), radius=bw // 12, fill=255)
    img.paste(shell, (x0, y0), mask)


def _scratch(
    d: ImageDraw.ImageDraw,
    rng: random.Random,
    start: tuple[float, float],
    length: float,
    angle: float,
    width: int,
) -> None:
    pts = []
    x, y = start
    segs = 14
    for _ in range(segs + 1):
        pts.append((x, y))
        a = angle + rng.uniform(-0.18, 0.18)
        x += math.cos(a) * length / segs
        y += math.sin(a) * length / segs
    shadow = [(px + width * 0.8, py + width * 0.8) for px, py in pts]
    d.line(shadow, fill=(70, 72, 78), width=width)
    d.line(pts, fill=(246, 246, 244), width=max(1, width // 2 + 1))


def _dent(img: Image.Image, center: tuple[int, int], radius: int) -> None:
    cx, cy = center
    r = max(4, radius)
    shade = Image.new("L", (4 * r, 4 * r), 0)
    ImageDraw.Draw(shade).ellipse((r, r + r // 3, 3 * r, 3 * r), fill=120)
    shade = shade.filter(ImageFilter.GaussianBlur(r / 3))
    dark = Image.new("RGB", shade.size, (60, 62, 68))
    img.paste(dark, (cx - 2 * r, cy - 2 * r), shade)
    hi = Image.new("L", shade.size, 0)
    ImageDraw.Draw(hi).arc((r, r, 3 * r, 3 * r), 200, 320, fill=170, width=max(2, r // 5))
    hi = hi.filter(ImageFilter.GaussianBlur(r / 8))
    img.paste(Image.new("RGB", shade.size, (250, 250, 250)), (cx - 2 * r, cy - 2 * r), hi)


def _soft_shadow(img: Image.Image, box: tuple[int, int, int, int], blur: float) -> None:
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).ellipse(box, fill=150)
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    img.paste(Image.new("RGB", img.size, (40, 30, 24)), (0, 0), mask)


def _scene_product(size: tuple[int, int], rng: random.Random) -> Image.Image:
    w, h = size
    img = _wood_floor(size, rng, horizon=int(h * 0.42))
    bw, bh = int(w * 0.36), int(h * 0.62)
    x0 = (w - bw) // 2 + rng.randint(-w // 20, w // 20)
    y0 = int(h * 0.22)
    _soft_shadow(
        img, (x0 - bw // 8, y0 + bh - bh // 12, x0 + bw + bw // 3, y0 + bh + bh // 10), bw / 14
    )
    d = ImageDraw.Draw(img)
    # telescopic handle
    hx0, hx1 = x0 + bw // 4, x0 + 3 * bw // 4
    top = y0 - bh // 4
    for hx in (hx0, hx1):
        d.rectangle((hx - bw // 40, top, hx + bw // 40, y0 + 4), fill=(60, 62, 66))
    d.rounded_rectangle(
        (hx0 - bw // 30, top - bh // 30, hx1 + bw // 30, top + bh // 40),
        radius=bh // 80,
        fill=(35, 36, 40),
    )
    # wheels
    wr = bw // 14
    for wx in (x0 + wr * 2, x0 + bw - wr * 2):
        d.ellipse((wx - wr, y0 + bh - wr // 2, wx + wr, y0 + bh + wr + wr // 2), fill=(28, 28, 30))
    _metal_body(img, (x0, y0, x0 + bw, y0 + bh), rng, ridges=9)
    d = ImageDraw.Draw(img)
    # aluminium frame seam and side handle
    d.line(
        (x0 + 6, y0 + bh // 2, x0 + bw - 6, y0 + bh // 2),
        fill=(92, 96, 102),
        width=max(2, bh // 120),
    )
    d.rounded_rectangle(
        (x0 + bw - bw // 22, y0 + bh // 3, x0 + bw + bw // 40, y0 + bh // 2 - bh // 20),
        radius=6,
        fill=(45, 46, 50),
    )
    # the defect: scratch and dent on the lower half, a chipped corner
    sx = x0 + bw * rng.uniform(0.25, 0.4)
    sy = y0 + bh * rng.uniform(0.58, 0.66)
    _scratch(d, rng, (sx, sy), bw * 0.45, rng.uniform(-0.5, -0.25), max(3, w // 400))
    _dent(img, (int(x0 + bw * 0.7), int(y0 + bh * 0.78)), bw // 16)
    d.polygon(
        [
            (x0 + bw - 2, y0 + bh - bh // 10),
            (x0 + bw - bw // 12, y0 + bh - 2),
            (x0 + bw - 2, y0 + bh - 2),
        ],
        fill=(84, 80, 76),
    )
    return img


def _ruler(img: Image.Image, box: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = box
    d = ImageDraw.Draw(img)
    d.rectangle(box, fill=(236, 214, 96), outline=(150, 130, 40))
    cm = (x1 - x0) / 15
    f = font(max(10, int((y1 - y0) * 0.28)))
    for i in range(0, 151):
        x = x0 + i * cm / 10
        tick = (y1 - y0) * (0.45 if i % 10 == 0 else 0.3 if i % 5 == 0 else 0.18)
        d.line((x, y0, x, y0 + tick), fill=(30, 30, 30), width=2 if i % 10 == 0 else 1)
        if i % 10 == 0 and 0 < i < 150:
            d.text((x, y0 + tick + 2), str(i // 10), font=f, fill=(30, 30, 30), anchor="mt")
    d.text((x1 - cm * 0.3, y1 - 4), "cm", font=f, fill=(30, 30, 30), anchor="rb")


def _scene_closeup(size: tuple[int, int], rng: random.Random) -> Image.Image:
    w, h = size
    img = Image.new("RGB", size, (160, 165, 172))
    _metal_body(img, (-w // 10, -h // 10, w + w // 10, h + h // 10), rng, ridges=7)
    d = ImageDraw.Draw(img)
    for _ in range(40):  # fine brushed-metal lines
        y = rng.randint(0, h)
        d.line((0, y, w, y + rng.randint(-4, 4)), fill=_jitter(rng, (196, 200, 206), 12), width=1)
    start = (w * rng.uniform(0.1, 0.25), h * rng.uniform(0.25, 0.45))
    _scratch(d, rng, start, w * rng.uniform(0.55, 0.7), rng.uniform(0.05, 0.3), max(5, w // 160))
    _scratch(
        d,
        rng,
        (start[0] + w * 0.05, start[1] + h * 0.08),
        w * 0.3,
        rng.uniform(0.0, 0.2),
        max(2, w // 400),
    )
    _dent(img, (int(w * rng.uniform(0.6, 0.75)), int(h * rng.uniform(0.3, 0.5))), w // 14)
    _ruler(img, (int(w * 0.06), int(h * 0.76), int(w * 0.94), int(h * 0.9)))
    return img


CODE128_QUIET = 10
"""Quiet zone on each side of a Code 128 symbol, in modules (the spec's minimum)."""


@lru_cache(maxsize=16)
def code128_modules(text: str) -> Image.Image:
    """A real Code 128 symbol for ``text``: one pixel per module, one pixel high, no quiet zone.

    Drawn by zxing-cpp's writer (via :func:`evidencekit.barcodes.render`, which hides the 2.x /
    3.x API difference); deterministic for a given zxing-cpp version.
    """
    sym = barcodes.render("Code128", text, scale=1)
    box = ImageOps.invert(sym).getbbox()
    if box is None:  # pragma: no cover - the writer always draws bars
        raise ValueError(f"empty Code 128 symbol for {text!r}")
    mid = (box[1] + box[3]) // 2
    return sym.crop((box[0], mid, box[2], mid + 1))


def _barcode(lab: Image.Image, box: tuple[int, int, int, int], text: str) -> None:
    """Paste a decodable Code 128 of ``text`` centred in ``box`` (quiet zone included).

    Modules are a whole number of pixels wide (sharp edges, even bars), as large as fit;
    below one pixel per module the symbol is squeezed to fit and no longer decodes. An empty
    ``text`` draws nothing (a label with no number); text outside ISO 8859-1 raises ValueError.
    """
    if not text:
        return
    x0, y0, x1, y1 = box
    bars = code128_modules(text)
    span = bars.width + 2 * CODE128_QUIET
    module = (x1 - x0) // span
    width = bars.width * module if module >= 1 else max(1, (x1 - x0) * bars.width // span)
    sym = bars.resize((width, max(1, y1 - y0)), Image.Resampling.NEAREST)
    lab.paste(sym.convert(lab.mode), (x0 + (x1 - x0 - width) // 2, y0))


def _waybill(size: tuple[int, int], waybill: str) -> Image.Image:
    w, h = size
    lab = Image.new("RGB", size, (250, 250, 246))
    d = ImageDraw.Draw(lab)
    u = h / 100
    d.rectangle((0, 0, w - 1, h - 1), outline=(20, 20, 20), width=max(2, int(u / 2)))
    d.text((w * 0.04, u * 3), "顺丰速运", font=font(int(u * 9), bold=True), fill=(20, 20, 20))
    d.text(
        (w * 0.96, u * 5), "SF EXPRESS  标快", font=font(int(u * 5)), fill=(20, 20, 20), anchor="ra"
    )
    d.line((0, u * 15, w, u * 15), fill=(20, 20, 20), width=max(2, int(u / 3)))
    _barcode(lab, (int(w * 0.03), int(u * 17), int(w * 0.97), int(u * 39)), waybill)
    d.text(
        (w / 2, u * 40),
        " ".join(waybill[i : i + 4] for i in range(0, len(waybill), 4)),
        font=font(int(u * 6), bold=True),
        fill=(10, 10, 10),
        anchor="ma",
    )
    d.line((0, u * 50, w, u * 50), fill=(20, 20, 20), width=max(2, int(u / 3)))
    rows = [
        f"运单号：{waybill}",
        "收：王**  138****5678",
        "浙江省杭州市余杭区仓前街道****号",
        "寄：义乌市****箱包厂  0579-8***",
        "托寄物：拉杆箱 ×8    件数：2/2",
        "寄件日期：2025-12-12",
    ]
    for i, row in enumerate(rows):
        d.text((w * 0.05, u * (53 + i * 7.6)), row, font=font(int(u * 5.2)), fill=(20, 20, 20))
    return lab


def _scene_parcel(size: tuple[int, int], rng: random.Random, waybill: str) -> Image.Image:
    w, h = size
    img = _wood_floor(size, rng, horizon=int(h * 0.3))
    bx0, by0, bx1, by1 = int(w * 0.16), int(h * 0.36), int(w * 0.76), int(h * 0.9)
    depth = int(w * 0.12)
    _soft_shadow(img, (bx0, by1 - h // 20, bx1 + depth + w // 20, by1 + h // 16), w / 60)
    d = ImageDraw.Draw(img)
    d.polygon(
        [(bx0, by0), (bx0 + depth, by0 - depth // 2), (bx1 + depth, by0 - depth // 2), (bx1, by0)],
        fill=(214, 174, 126),
    )
    d.polygon(
        [(bx1, by0), (bx1 + depth, by0 - depth // 2), (bx1 + depth, by1 - depth // 2), (bx1, by1)],
        fill=(160, 120, 80),
    )
    front = _vertical_gradient((bx1 - bx0, by1 - by0), (198, 158, 110), (182, 142, 96))
    fd = ImageDraw.Draw(front)
    for _ in range(30):  # cardboard fibres and scuffs
        y = rng.randint(0, front.height)
        fd.line((0, y, front.width, y + rng.randint(-3, 3)), fill=_jitter(rng, (186, 146, 100), 10))
    img.paste(front, (bx0, by0))
    d.rectangle((bx0, by0 - 2, bx1, by0 + (by1 - by0) // 9), fill=(222, 196, 150))  # tape
    d.polygon(
        [
            (bx0 + (bx1 - bx0) // 2 - w // 40, by0),
            (bx0 + (bx1 - bx0) // 2 + w // 40, by0),
            (bx0 + (bx1 - bx0) // 2 + w // 40 + depth, by0 - depth // 2),
            (bx0 + (bx1 - bx0) // 2 - w // 40 + depth, by0 - depth // 2),
        ],
        fill=(226, 200, 156),
    )
    lw, lh = int((bx1 - bx0) * 0.62), int((by1 - by0) * 0.68)
    label = _waybill((lw, lh), waybill).convert("RGBA")
    label = label.rotate(rng.uniform(-4, 4), resample=Image.Resampling.BICUBIC, expand=True)
    img.paste(label, (bx0 + (bx1 - bx0 - label.width) // 2, by0 + int((by1 - by0) * 0.2)), label)
    return img


def _tile_floor(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Grey floor tiles seen from above and in front (lines converge to a far vanishing point)."""
    w, h = size
    img = Image.new("RGB", size, (150, 150, 146))
    d = ImageDraw.Draw(img)
    vx, vy = w * rng.uniform(0.42, 0.58), -1.6 * h
    cols = [w * (i - 3) / 5 for i in range(12)]  # tile edges on the bottom row, beyond the frame
    rows: list[float] = [h]
    step = h * 0.34
    while rows[-1] > 0:
        rows.append(rows[-1] - step)
        step *= 0.8

    def at(xb: float, y: float) -> tuple[float, float]:
        return (vx + (xb - vx) * (y - vy) / (h - vy), y)

    grout = max(1, w // 480)
    for ya, yb in itertools.pairwise(rows):
        for xa, xc in itertools.pairwise(cols):
            d.polygon(
                [at(xa, ya), at(xc, ya), at(xc, yb), at(xa, yb)],
                fill=_gray(rng, (196, 196, 190), 7),
                outline=(150, 150, 146),
                width=grout,
            )
    return img


def _scene_carton(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A shipping carton from above on a tiled floor; its waybill label is out of view."""
    w, h = size
    img = _tile_floor(size, rng)
    box = Image.new("RGBA", size, (0, 0, 0, 0))
    d = ImageDraw.Draw(box)
    fx0, fx1 = w * rng.uniform(0.4, 0.44), w * rng.uniform(0.84, 0.88)
    fy0, fy1 = h * 0.5, h * 0.84
    dx, dy = -w * 0.13, -h * 0.3  # depth: the top recedes up and to the left
    top = [(fx0, fy0), (fx1, fy0), (fx1 + dx, fy0 + dy), (fx0 + dx, fy0 + dy)]
    left = [(fx0, fy0), (fx0 + dx, fy0 + dy), (fx0 + dx, fy1 + dy), (fx0, fy1)]
    d.polygon(top, fill=_jitter(rng, (206, 160, 112), 6))
    d.polygon(left, fill=(132, 92, 58))
    d.rectangle((fx0, fy0, fx1, fy1), fill=(168, 118, 74))
    for _ in range(24):  # corrugation and scuffs on the front
        y = rng.uniform(fy0, fy1)
        d.line((fx0, y, fx1, y + rng.uniform(-3, 3)), fill=_jitter(rng, (160, 112, 70), 8))
    # packing tape: along the top's centre seam and down the front
    t = (fx1 - fx0) * 0.07
    mx = (fx0 + fx1) / 2
    d.polygon(
        [(mx - t, fy0), (mx + t, fy0), (mx + t + dx, fy0 + dy), (mx - t + dx, fy0 + dy)],
        fill=(222, 190, 140),
    )
    d.rectangle((mx - t, fy0, mx + t, fy0 + (fy1 - fy0) * 0.22), fill=(214, 180, 130))
    # printed handling marks on the front
    ink = (60, 36, 28)
    a = (fy1 - fy0) * 0.16
    for cx in (fx0 + (fx1 - fx0) * 0.14, fx0 + (fx1 - fx0) * 0.24):
        cy = fy0 + (fy1 - fy0) * 0.42
        d.polygon([(cx, cy - a), (cx - a * 0.45, cy - a * 0.4), (cx + a * 0.45, cy - a * 0.4)], ink)
        d.rectangle((cx - a * 0.14, cy - a * 0.4, cx + a * 0.14, cy + a * 0.6), fill=ink)
    f = font(max(10, int((fy1 - fy0) * 0.1)), bold=True)
    d.text(
        (fx0 + (fx1 - fx0) * 0.62, fy0 + (fy1 - fy0) * 0.5),
        "小心轻放",
        font=f,
        fill=ink,
        anchor="mm",
    )
    d.text(
        (fx0 + (fx1 - fx0) * 0.62, fy0 + (fy1 - fy0) * 0.72),
        "易碎物品  THIS SIDE UP",
        font=font(max(8, int((fy1 - fy0) * 0.055))),
        fill=ink,
        anchor="mm",
    )
    d.line((fx0, fy0, fx1, fy0), fill=(232, 196, 150), width=max(1, w // 500))  # lit edge
    angle = rng.uniform(5.0, 8.0)
    box = box.rotate(angle, resample=Image.Resampling.BICUBIC, center=(mx, (fy0 + fy1) / 2))
    alpha = box.getchannel("A")
    shadow = alpha.filter(ImageFilter.GaussianBlur(w / 70)).point(lambda v: v * 140 // 255)
    img.paste((50, 46, 42), (w // 60, h // 40), shadow)
    img.paste(box, (0, 0), box)
    return img


def render_photo(
    size: tuple[int, int],
    *,
    scene: Scene = "product",
    seed: int = 0,
    text: str | None = None,
    waybill: str = DEFAULT_WAYBILL,
) -> Image.Image:
    """The upright picture content of a photo, without any metadata."""
    rng = random.Random(f"evidencekit-photo:{scene}:{seed}")
    if scene == "product":
        img = _scene_product(size, rng)
    elif scene == "closeup":
        img = _scene_closeup(size, rng)
    elif scene == "parcel":
        img = _scene_parcel(size, rng, waybill)
    elif scene == "carton":
        img = _scene_carton(size, rng)
    else:
        raise ValueError(f"unknown scene {scene!r}")
    img = img.filter(ImageFilter.GaussianBlur(max(0.4, size[0] / 2600)))
    img = _vignette(img)
    img = _grain(img, rng)
    if text:
        d = ImageDraw.Draw(img)
        f = font(max(14, size[1] // 28))
        pos = (size[0] - size[1] // 40, size[1] - size[1] // 40)
        d.text((pos[0] + 2, pos[1] + 2), text, font=f, fill=(0, 0, 0), anchor="rd")
        d.text(pos, text, font=f, fill=(255, 255, 255), anchor="rd")
    return img


INVERSE_ORIENTATION: dict[int, Image.Transpose] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}
"""EXIF orientation -> how a camera stores an upright picture (the inverse of the turn a
reader applies)."""


def _stored_pixels(size: tuple[int, int], orientation: int | None, **render: object) -> Image.Image:
    """Render upright content and store it the way a sensor would for ``orientation``.

    ``size`` is the stored (sensor) size; for orientations 5-8 the upright picture is
    ``size`` swapped. Invalid orientation values store the picture untouched.
    """
    inverse = INVERSE_ORIENTATION.get(orientation or 1)
    upright = (size[1], size[0]) if orientation in (5, 6, 7, 8) else size
    img = render_photo(upright, **render)  # type: ignore[arg-type]
    return img.transpose(inverse) if inverse is not None else img


# --------------------------------------------------------------------------- photos


def camera_jpeg(
    path: str | os.PathLike[str],
    *,
    size: tuple[int, int] = (1600, 1200),
    taken: str | None = "2025-12-15 17:02:33",
    offset: str | None = "+08:00",
    make: str | None = "Xiaomi",
    model: str | None = "2211133C",
    software: str | None = None,
    orientation: int | None = 1,
    gps: tuple[float, float] | None = None,
    subsec: str | None = None,
    text: str | None = None,
    seed: int = 0,
    quality: int = 85,
    modify_date: str | None = None,
    serial: str | None = None,
    scene: Scene = "product",
    waybill: str = DEFAULT_WAYBILL,
    exif: bool = True,
    thumbnail: bool = True,
) -> Path:
    """Write a phone-camera JPEG with real EXIF; returns the path.

    ``size`` is the stored pixel size (for orientation 5-8 the upright image is size swapped).
    ``waybill`` is the number on the ``parcel`` scene's label, printed and encoded as a real
    Code 128 barcode (decodable at phone-photo sizes such as 1440x1080); ``carton`` shows no
    label. ``exif=False`` writes no EXIF at all (as messengers do). ``thumbnail`` embeds an IFD1
    JPEG thumbnail of the final picture, as cameras do. Parent folders are created.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    img = _stored_pixels(size, orientation, scene=scene, seed=seed, text=text, waybill=waybill)
    kwargs: dict[str, object] = {"quality": quality}
    if exif:
        ex = build_exif(
            taken=taken,
            offset=offset,
            make=make,
            model=model,
            software=software,
            orientation=orientation,
            gps=gps,
            subsec=subsec,
            modify_date=modify_date,
            serial=serial,
        )
        data = ex.tobytes()
        if thumbnail:
            data = _with_thumbnail(data, _thumbnail_jpeg(img))
        kwargs["exif"] = data
    buf = io.BytesIO()
    img.save(buf, "JPEG", **kwargs)
    out.write_bytes(buf.getvalue())
    return out


def heif_supported() -> bool:
    """True when pillow_heif is importable and can encode HEIC."""
    try:
        import pillow_heif
    except ImportError:
        return False
    try:
        pillow_heif.register_heif_opener()
        buf = io.BytesIO()
        Image.new("RGB", (16, 16), (128, 128, 128)).save(buf, format="HEIF", quality=50)
    except Exception:  # noqa: BLE001 - any encoder failure means "unsupported"
        return False
    return buf.tell() > 0


def heic(
    path: str | os.PathLike[str],
    *,
    size: tuple[int, int] = (1600, 1200),
    taken: str | None = "2025-12-15 17:05:10",
    offset: str | None = "+08:00",
    make: str | None = "Apple",
    model: str | None = "iPhone 14 Pro",
    software: str | None = "17.1.2",
    orientation: int | None = 1,
    gps: tuple[float, float] | None = None,
    subsec: str | None = None,
    text: str | None = None,
    seed: int = 0,
    quality: int = 60,
    scene: Scene = "product",
    flat_iloc: bool = True,
) -> Path | None:
    """Write an iPhone-style HEIC with EXIF (big-endian, like Apple); None if unsupported.

    libheif writes item locations as ``base_offset + extent_offset``; exifread 3.5 ignores
    the base offset and then fails on the Exif item. ``flat_iloc=True`` (default) rewrites
    the ``iloc`` box in place to zero base offsets and absolute extent offsets (equivalent,
    and readable by exifread); ``flat_iloc=False`` keeps libheif's layout, a valid file that
    exercises a reader's fallback.
    """
    if not heif_supported():
        return None
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    img = _stored_pixels(size, orientation, scene=scene, seed=seed, text=text)
    ex = build_exif(
        taken=taken,
        offset=offset,
        make=make,
        model=model,
        software=software,
        orientation=orientation,
        gps=gps,
        subsec=subsec,
        big_endian=True,
    )
    buf = io.BytesIO()
    img.save(buf, format="HEIF", quality=quality, exif=ex.tobytes())
    data = buf.getvalue()
    out.write_bytes(flatten_iloc(data) if flat_iloc else data)
    return out


def _boxes(data: bytes | bytearray, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """ISO-BMFF child boxes in ``data[start:end]`` as (type, header start, payload start)."""
    out = []
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", data[pos + 8 : pos + 16])
            header = 16
        elif size == 0:
            size = end - pos
        if size < header:
            break
        out.append((kind, pos, pos + header))
        pos += size
    return out


def flatten_iloc(data: bytes) -> bytes:
    """Fold every ``iloc`` base offset into its extent offsets (same length, same meaning).

    Returns ``data`` unchanged when the layout is not the simple case (file offsets,
    construction method 0, 4/8-byte offset fields).
    """
    buf = bytearray(data)
    meta = next((b for b in _boxes(buf, 0, len(buf)) if b[0] == b"meta"), None)
    if meta is None:
        return data
    meta_end = meta[1] + struct.unpack(">I", buf[meta[1] : meta[1] + 4])[0]
    iloc = next((b for b in _boxes(buf, meta[2] + 4, meta_end) if b[0] == b"iloc"), None)
    if iloc is None:
        return data
    pos = iloc[2]
    version = buf[pos]
    pos += 4
    offset_size, length_size = buf[pos] >> 4, buf[pos] & 15
    base_size, index_size = buf[pos + 1] >> 4, buf[pos + 1] & 15
    pos += 2
    if version not in (0, 1, 2) or offset_size not in (4, 8) or base_size not in (0, 4, 8):
        return data
    if base_size == 0:
        return data
    fmt = {4: ">I", 8: ">Q"}
    id_size = 4 if version == 2 else 2
    (count,) = struct.unpack(">I" if version == 2 else ">H", buf[pos : pos + id_size])
    pos += id_size
    for _ in range(count):
        pos += id_size  # item_ID
        if version in (1, 2):
            if struct.unpack(">H", buf[pos : pos + 2])[0] & 15:
                return data  # idat / item construction: not file offsets
            pos += 2
        pos += 2  # data_reference_index
        (base,) = struct.unpack(fmt[base_size], buf[pos : pos + base_size])
        struct.pack_into(fmt[base_size], buf, pos, 0)
        pos += base_size
        (extents,) = struct.unpack(">H", buf[pos : pos + 2])
        pos += 2
        for _ in range(extents):
            if version in (1, 2) and index_size:
                pos += index_size
            (off,) = struct.unpack(fmt[offset_size], buf[pos : pos + offset_size])
            struct.pack_into(fmt[offset_size], buf, pos, off + base)
            pos += offset_size + length_size
    return bytes(buf)


# --------------------------------------------------------------------------- edge cases


def corrupt_file(
    path: str | os.PathLike[str], *, keep: float = 0.6, **camera_kwargs: object
) -> Path:
    """A truncated JPEG: a valid camera JPEG cut after ``keep`` of its bytes."""
    out = camera_jpeg(path, **camera_kwargs)  # type: ignore[arg-type]
    data = out.read_bytes()
    out.write_bytes(data[: int(len(data) * keep)])
    return out


def lying_extension(path: str | os.PathLike[str], **camera_kwargs: object) -> Path:
    """JPEG bytes under whatever extension ``path`` has (e.g. ``.heic`` or ``.png``)."""
    buf_path = Path(path)
    buf_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = buf_path.with_name(buf_path.name + ".tmp.jpg")
    camera_jpeg(tmp, **camera_kwargs)  # type: ignore[arg-type]
    tmp.replace(buf_path)
    return buf_path


def edited_photo(
    path: str | os.PathLike[str],
    *,
    taken: str = "2025-12-15 17:06:41",
    modify_date: str | None = None,
    software: str = PHOTOSHOP,
    **camera_kwargs: object,
) -> Path:
    """A camera photo re-saved by an editor: Software set, DateTime a day after capture."""
    if modify_date is None:
        modify_date = exif_time(parse_local(taken) + timedelta(days=1, hours=2, minutes=13))
    return camera_jpeg(
        path,
        taken=taken,
        modify_date=modify_date,
        software=software,
        **camera_kwargs,  # type: ignore[arg-type]
    )


def messenger_photo(
    directory: str | os.PathLike[str],
    *,
    sent: str = "2025-12-15 17:22:33",
    offset: str = "+08:00",
    millis: int = 123,
    size: tuple[int, int] = (1280, 960),
    seed: int = 0,
    scene: Scene = "product",
    quality: int = 80,
) -> Path:
    """A WeChat-forwarded picture: recompressed, no EXIF, named ``mmexport<ms>.jpg``.

    The file's mtime is set to ``sent``.
    """
    out = Path(directory) / wechat_name(sent, offset, millis)
    camera_jpeg(out, size=size, seed=seed, scene=scene, quality=quality, exif=False)
    set_mtime(out, sent, offset)
    return out


def ds_store(path: str | os.PathLike[str]) -> Path:
    """A small, fixed macOS ``.DS_Store`` (clutter that must not become evidence)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    head = b"\x00\x00\x00\x01Bud1" + struct.pack(">III", 0x1000, 0x800, 0x1000)
    body = head + b"\x00" * 16 + b"\x00\x00\x00\x02\x00\x00\x00\x00"
    out.write_bytes(body + b"\x00" * (6148 - len(body)))
    return out


# --------------------------------------------------------------------------- screenshots

ORANGE: RGB = (255, 80, 0)
WECHAT_GREEN: RGB = (149, 236, 105)
CHAT_BG: RGB = (237, 237, 237)

DEFAULT_CHAT = [
    "time:12月16日 10:01",
    "me:你好，昨天收到的8只拉杆箱，有3只铝框有明显划痕和凹陷",
    "me:[图片]",
    "them:亲，您好，我们发货前都是检查过的哦",
    "them:这个可能是物流运输造成的",
    "me:外箱完好，是箱子本身的问题，你们看下照片",
]

DEFAULT_LISTING = [
    "铝框拉杆箱20寸万向轮登机箱 商务旅行箱 厂家直销批发 可定制LOGO",
    "全新正品 质量保证 出厂全检 无划痕",
]


def _wrap(text: str, f: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for ch in text:
        if f.getlength(cur + ch) > max_width and cur:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur or not lines:
        lines.append(cur)
    return lines


def _status_bar(d: ImageDraw.ImageDraw, w: int, clock: str, s: float, bg: RGB, fg: RGB) -> int:
    h = int(80 * s)
    d.rectangle((0, 0, w, h), fill=bg)
    d.text((int(48 * s), h // 2), clock, font=font(int(34 * s), bold=True), fill=fg, anchor="lm")
    x = w - int(48 * s)
    d.rounded_rectangle(
        (x - int(56 * s), h // 2 - int(14 * s), x, h // 2 + int(14 * s)),
        radius=int(6 * s),
        outline=fg,
        width=max(1, int(3 * s)),
    )
    d.rectangle(
        (x - int(52 * s), h // 2 - int(10 * s), x - int(18 * s), h // 2 + int(10 * s)), fill=fg
    )
    d.text((x - int(66 * s), h // 2), "78", font=font(int(26 * s)), fill=fg, anchor="rm")
    for i in range(4):  # signal bars
        bx = x - int((170 - i * 14) * s)
        d.rectangle(
            (bx, h // 2 + int((8 - i * 6) * s), bx + int(9 * s), h // 2 + int(14 * s)), fill=fg
        )
    d.text(
        (x - int(190 * s), h // 2), "5G", font=font(int(26 * s), bold=True), fill=fg, anchor="rm"
    )
    return h


def _nav_bar(d: ImageDraw.ImageDraw, w: int, y: int, title: str, s: float, bg: RGB, fg: RGB) -> int:
    h = int(110 * s)
    d.rectangle((0, y, w, y + h), fill=bg)
    m = y + h // 2
    d.line(
        [(int(60 * s), m - int(22 * s)), (int(38 * s), m), (int(60 * s), m + int(22 * s))],
        fill=fg,
        width=max(2, int(5 * s)),
    )
    d.text((w // 2, m), title, font=font(int(38 * s), bold=True), fill=fg, anchor="mm")
    for i in range(3):
        d.ellipse(
            (
                w - int((70 - i * 16) * s),
                m - int(5 * s),
                w - int((60 - i * 16) * s),
                m + int(5 * s),
            ),
            fill=fg,
        )
    return y + h


def _photo_thumb(size: tuple[int, int], seed: int, scene: Scene = "product") -> Image.Image:
    """A flat, screenshot-friendly stand-in for a product image (compresses well in PNG)."""
    w, h = size
    rng = random.Random(f"evidencekit-thumb:{scene}:{seed}")
    img = _vertical_gradient(size, (236, 236, 240), (214, 214, 220))
    d = ImageDraw.Draw(img)
    bw, bh = int(w * 0.42), int(h * 0.66)
    x0, y0 = (w - bw) // 2, int(h * 0.2)
    d.rounded_rectangle(
        (x0, y0, x0 + bw, y0 + bh), radius=bw // 10, fill=_gray(rng, (178, 184, 192), 24)
    )
    for i in range(1, 8):
        x = x0 + i * bw // 8
        d.line((x, y0 + 4, x, y0 + bh - 4), fill=(222, 224, 228), width=max(1, bw // 60))
    d.rectangle(
        (x0 + bw // 4, y0 - bh // 5, x0 + bw // 4 + max(2, bw // 30), y0), fill=(60, 60, 64)
    )
    d.rectangle(
        (x0 + 3 * bw // 4, y0 - bh // 5, x0 + 3 * bw // 4 + max(2, bw // 30), y0), fill=(60, 60, 64)
    )
    d.rectangle(
        (
            x0 + bw // 4,
            y0 - bh // 5,
            x0 + 3 * bw // 4 + max(2, bw // 30),
            y0 - bh // 5 + max(3, bh // 30),
        ),
        fill=(40, 40, 44),
    )
    return img


def _render_chat(img: Image.Image, lines: Sequence[str], when: datetime, s: float, y: int) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    f = font(int(40 * s))
    av = int(84 * s)
    margin = int(28 * s)
    maxw = w - 2 * (margin + av + int(24 * s)) - int(80 * s)
    items = list(lines)
    if not items or not items[0].startswith("time:"):
        items.insert(0, f"time:{when.month}月{when.day}日 {when:%H:%M}")
    y += int(20 * s)
    for raw in items:
        who, _, text = (
            raw.partition(":")
            if raw.split(":", 1)[0] in ("me", "them", "time")
            else ("them", "", raw)
        )
        if y > h - int(260 * s):
            break
        if who == "time":
            tw = f.getlength(text) * 0.8 + 24 * s
            ft = font(int(32 * s))
            d.rounded_rectangle(
                (w / 2 - tw / 2, y, w / 2 + tw / 2, y + 52 * s),
                radius=int(8 * s),
                fill=(218, 218, 218),
            )
            d.text((w / 2, y + 26 * s), text, font=ft, fill=(120, 120, 120), anchor="mm")
            y += int(90 * s)
            continue
        mine = who == "me"
        ax = w - margin - av if mine else margin
        d.rounded_rectangle(
            (ax, y, ax + av, y + av),
            radius=int(10 * s),
            fill=(96, 160, 220) if mine else (255, 150, 60),
        )
        d.text(
            (ax + av / 2, y + av / 2),
            "我" if mine else "厂",
            font=font(int(40 * s), bold=True),
            fill=(255, 255, 255),
            anchor="mm",
        )
        if text == "[图片]":
            tw_, th_ = int(300 * s), int(400 * s)
            bx = ax - int(20 * s) - tw_ if mine else ax + av + int(20 * s)
            img.paste(_photo_thumb((tw_, th_), seed=y), (bx, y))
            y += th_ + int(40 * s)
            continue
        wrapped = _wrap(text, f, maxw)
        lh = int(58 * s)
        bw = int(max(f.getlength(line) for line in wrapped) + 56 * s)
        bh = int(lh * len(wrapped) + 40 * s)
        bx = ax - int(20 * s) - bw if mine else ax + av + int(20 * s)
        fill = WECHAT_GREEN if mine else (255, 255, 255)
        d.rounded_rectangle((bx, y, bx + bw, y + bh), radius=int(12 * s), fill=fill)
        tip_x = bx + bw if mine else bx
        tip = int(12 * s) if mine else -int(12 * s)
        d.polygon(
            [(tip_x, y + int(28 * s)), (tip_x + tip, y + int(40 * s)), (tip_x, y + int(52 * s))],
            fill=fill,
        )
        for i, line in enumerate(wrapped):
            d.text((bx + int(28 * s), y + int(20 * s) + i * lh), line, font=f, fill=(25, 25, 25))
        y += max(bh, av) + int(36 * s)
    # input bar
    ih = int(150 * s)
    d.rectangle((0, h - ih, w, h), fill=(246, 246, 246))
    d.rounded_rectangle(
        (int(110 * s), h - ih + int(30 * s), w - int(200 * s), h - int(40 * s)),
        radius=int(10 * s),
        fill=(255, 255, 255),
    )
    d.ellipse(
        (int(24 * s), h - ih + int(34 * s), int(90 * s), h - int(50 * s)),
        outline=(60, 60, 60),
        width=max(2, int(4 * s)),
    )
    d.rounded_rectangle(
        (w - int(170 * s), h - ih + int(34 * s), w - int(30 * s), h - int(46 * s)),
        radius=int(8 * s),
        fill=WECHAT_GREEN,
    )
    d.text(
        (w - int(100 * s), h - ih // 2 - int(4 * s)),
        "发送",
        font=font(int(34 * s)),
        fill=(255, 255, 255),
        anchor="mm",
    )


def _kv_rows(
    d: ImageDraw.ImageDraw, rows: Sequence[tuple[str, str]], x: int, y: int, w: int, s: float
) -> int:
    fk, fv = font(int(36 * s)), font(int(36 * s))
    for k, v in rows:
        d.text((x, y), k, font=fk, fill=(140, 140, 140))
        d.text((w - x, y), v, font=fv, fill=(40, 40, 40), anchor="ra")
        y += int(66 * s)
    return y


def _render_listing(img: Image.Image, lines: Sequence[str], s: float, y: int, long: bool) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    pic = _photo_thumb((w, w), seed=1)
    img.paste(pic, (0, y))
    d.rounded_rectangle(
        (w - int(150 * s), y + w - int(80 * s), w - int(30 * s), y + w - int(30 * s)),
        radius=int(25 * s),
        fill=(0, 0, 0),
    )
    d.text(
        (w - int(90 * s), y + w - int(55 * s)),
        "1/5",
        font=font(int(30 * s)),
        fill=(255, 255, 255),
        anchor="mm",
    )
    y += w
    pad = int(36 * s)
    d.rectangle((0, y, w, y + int(170 * s)), fill=(255, 244, 236))
    d.text((pad, y + int(30 * s)), "¥", font=font(int(44 * s), bold=True), fill=ORANGE)
    d.text(
        (pad + int(34 * s), y + int(8 * s)),
        "160.00",
        font=font(int(80 * s), bold=True),
        fill=ORANGE,
    )
    d.text(
        (w - pad, y + int(40 * s)),
        "起批量 ≥2件",
        font=font(int(34 * s)),
        fill=(120, 120, 120),
        anchor="ra",
    )
    d.text(
        (pad, y + int(112 * s)),
        "8件起 ¥1280.00 · 已售 3万+件 · 48小时发货",
        font=font(int(32 * s)),
        fill=(150, 110, 80),
    )
    y += int(200 * s)
    title, *rest = list(lines) or DEFAULT_LISTING
    for line in _wrap(title, font(int(44 * s), bold=True), w - 2 * pad):
        d.text((pad, y), line, font=font(int(44 * s), bold=True), fill=(20, 20, 20))
        y += int(64 * s)
    y += int(16 * s)
    for line in rest:
        for part in _wrap(line, font(int(36 * s)), w - 2 * pad):
            d.text((pad, y), part, font=font(int(36 * s)), fill=(200, 60, 20))
            y += int(54 * s)
    y += int(20 * s)
    d.rectangle((0, y, w, y + int(16 * s)), fill=(244, 244, 244))
    y += int(40 * s)
    d.text((pad, y), "规格", font=font(int(38 * s), bold=True), fill=(20, 20, 20))
    y += int(70 * s)
    for i, spec in enumerate(["20寸 银色", "20寸 黑色", "24寸 银色", "24寸 黑色"]):
        cx = pad + (i % 2) * (w // 2)
        cy = y + (i // 2) * int(90 * s)
        sel = i == 0
        d.rounded_rectangle(
            (cx, cy, cx + w // 2 - 2 * pad, cy + int(70 * s)),
            radius=int(8 * s),
            fill=(255, 240, 230) if sel else (245, 245, 245),
            outline=ORANGE if sel else None,
            width=max(1, int(2 * s)),
        )
        d.text(
            (cx + int(24 * s), cy + int(35 * s)),
            spec,
            font=font(int(34 * s)),
            fill=(40, 40, 40),
            anchor="lm",
        )
    y += int(200 * s)
    if long:
        d.rectangle((0, y, w, y + int(16 * s)), fill=(244, 244, 244))
        y += int(40 * s)
        d.text((pad, y), "商品属性", font=font(int(38 * s), bold=True), fill=(20, 20, 20))
        y = _kv_rows(
            d,
            [
                ("品牌", "旅之铝"),
                ("材质", "铝镁合金框 + PC"),
                ("尺寸", "20寸 36×23×55cm"),
                ("重量", "3.6kg"),
                ("产地", "浙江义乌"),
                ("质检", "出厂100%全检，无划痕无凹陷"),
            ],
            pad,
            y + int(80 * s),
            w,
            s,
        )
        y += int(30 * s)
        d.text((pad, y), "商品详情", font=font(int(38 * s), bold=True), fill=(20, 20, 20))
        y += int(80 * s)
        captions = [
            "加厚铝框 防刮耐磨",
            "静音万向轮 360°顺滑",
            "TSA海关锁",
            "出厂前逐只检验 完好无损",
        ]
        i = 0
        bottom = h - int(150 * s)
        while y + int(400 * s) < bottom:
            ph = min(int(900 * s), bottom - y - int(120 * s))
            img.paste(_photo_thumb((w - 2 * pad, ph), seed=10 + i), (pad, y))
            y += ph + int(20 * s)
            d.text(
                (w // 2, y),
                captions[i % len(captions)],
                font=font(int(40 * s), bold=True),
                fill=(60, 60, 60),
                anchor="ma",
            )
            y += int(100 * s)
            i += 1
    bh = int(150 * s)
    d.rectangle((0, h - bh, w, h), fill=(255, 255, 255))
    d.line((0, h - bh, w, h - bh), fill=(230, 230, 230), width=1)
    d.text(
        (int(60 * s), h - bh // 2),
        "客服    店铺    进货单",
        font=font(int(30 * s)),
        fill=(90, 90, 90),
        anchor="lm",
    )
    d.rounded_rectangle(
        (w - int(560 * s), h - bh + int(25 * s), w - int(290 * s), h - int(25 * s)),
        radius=int(50 * s),
        fill=(255, 170, 40),
    )
    d.text(
        (w - int(425 * s), h - bh // 2),
        "加入进货单",
        font=font(int(34 * s), bold=True),
        fill=(255, 255, 255),
        anchor="mm",
    )
    d.rounded_rectangle(
        (w - int(280 * s), h - bh + int(25 * s), w - int(30 * s), h - int(25 * s)),
        radius=int(50 * s),
        fill=ORANGE,
    )
    d.text(
        (w - int(155 * s), h - bh // 2),
        "立即订购",
        font=font(int(34 * s), bold=True),
        fill=(255, 255, 255),
        anchor="mm",
    )


def _render_order(img: Image.Image, lines: Sequence[str], s: float, y: int) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    pad = int(36 * s)
    d.rectangle((0, y, w, y + int(200 * s)), fill=ORANGE)
    d.text(
        (pad, y + int(50 * s)),
        "卖家已发货" if not lines else lines[0],
        font=font(int(50 * s), bold=True),
        fill=(255, 255, 255),
    )
    d.text(
        (pad, y + int(125 * s)),
        "顺丰速运 SF1234567890123",
        font=font(int(32 * s)),
        fill=(255, 235, 220),
    )
    y += int(230 * s)
    card_top = y
    d.rounded_rectangle(
        (pad // 2, y, w - pad // 2, y + int(190 * s)), radius=int(16 * s), fill=(255, 255, 255)
    )
    d.text(
        (pad * 2, y + int(30 * s)),
        "王**  138****5678",
        font=font(int(38 * s), bold=True),
        fill=(30, 30, 30),
    )
    d.text(
        (pad * 2, y + int(100 * s)),
        "浙江省 杭州市 余杭区 仓前街道****号",
        font=font(int(34 * s)),
        fill=(90, 90, 90),
    )
    y = card_top + int(220 * s)
    d.rounded_rectangle(
        (pad // 2, y, w - pad // 2, y + int(420 * s)), radius=int(16 * s), fill=(255, 255, 255)
    )
    d.text(
        (pad * 2, y + int(30 * s)),
        "义乌市旅之铝箱包厂 >",
        font=font(int(36 * s), bold=True),
        fill=(30, 30, 30),
    )
    img.paste(_photo_thumb((int(200 * s), int(200 * s)), seed=2), (pad * 2, y + int(100 * s)))
    tx = pad * 2 + int(230 * s)
    for i, line in enumerate(_wrap(DEFAULT_LISTING[0], font(int(34 * s)), w - tx - pad * 2)[:2]):
        d.text(
            (tx, y + int(100 * s) + i * int(50 * s)),
            line,
            font=font(int(34 * s)),
            fill=(30, 30, 30),
        )
    d.text((tx, y + int(210 * s)), "20寸 银色", font=font(int(30 * s)), fill=(140, 140, 140))
    d.text(
        (w - pad * 2, y + int(260 * s)),
        "¥160.00  ×8",
        font=font(int(34 * s)),
        fill=(30, 30, 30),
        anchor="ra",
    )
    d.text(
        (w - pad * 2, y + int(340 * s)),
        "实付款 ¥1280.00",
        font=font(int(40 * s), bold=True),
        fill=ORANGE,
        anchor="ra",
    )
    y += int(450 * s)
    rows = [
        ("订单号", DEFAULT_ORDER_ID),
        ("成交时间", "2025-12-10 09:12:45"),
        ("付款时间", "2025-12-10 09:14:03"),
        ("发货时间", "2025-12-12 15:40:21"),
        ("支付方式", "支付宝（企业）"),
        ("商品总价", "¥1280.00"),
        ("运费", "¥0.00"),
        ("实付款", "¥1280.00"),
    ]
    for extra in lines[1:]:
        k, _, v = extra.partition(":")
        rows.append((k.strip(), v.strip()))
    d.rounded_rectangle(
        (pad // 2, y, w - pad // 2, y + int(66 * s) * len(rows) + int(50 * s)),
        radius=int(16 * s),
        fill=(255, 255, 255),
    )
    _kv_rows(d, rows, pad * 2, y + int(30 * s), w, s)


def screenshot_png(
    path: str | os.PathLike[str],
    *,
    size: tuple[int, int] = (1080, 2400),
    kind: ScreenKind = "chat",
    lines: Sequence[str] | None = None,
    when: str = "2025-12-16 10:03",
    long: bool = False,
    title: str | None = None,
    creation_time: str | None = None,
) -> Path:
    """Write a phone screenshot PNG (no EXIF); returns the path.

    ``kind="chat"``: ``lines`` are ``"me:<text>"``, ``"them:<text>"`` or ``"time:<label>"``
    (unprefixed lines are the other party; ``"[图片]"`` draws a picture bubble); a time
    separator from ``when`` is added when the first line is not one.
    ``kind="listing"``: first line is the product title, the rest are selling points.
    ``kind="order"``: first line is the order status, the rest extra ``"key: value"`` rows.
    ``long=True`` makes a 1080x6000 scrolling screenshot. ``creation_time`` adds a PNG
    ``tEXt`` ``Creation Time`` chunk with that text.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    if long:
        size = (size[0], 6000)
    w, h = size
    s = w / 1080
    at = parse_local(when)
    bg = CHAT_BG if kind == "chat" else (244, 244, 244)
    img = Image.new("RGB", size, bg)
    d = ImageDraw.Draw(img)
    if kind == "chat":
        y = _status_bar(d, w, f"{at:%H:%M}", s, CHAT_BG, (20, 20, 20))
        y = _nav_bar(d, w, y, title or "义乌旅之铝箱包厂(旺旺)", s, CHAT_BG, (20, 20, 20))
        d.line((0, y, w, y), fill=(214, 214, 214), width=1)
        _render_chat(img, lines if lines is not None else DEFAULT_CHAT, at, s, y)
    elif kind == "listing":
        y = _status_bar(d, w, f"{at:%H:%M}", s, (255, 255, 255), (20, 20, 20))
        y = _nav_bar(d, w, y, title or "商品详情", s, (255, 255, 255), (20, 20, 20))
        _render_listing(img, lines if lines is not None else DEFAULT_LISTING, s, y, long)
    elif kind == "order":
        y = _status_bar(d, w, f"{at:%H:%M}", s, ORANGE, (255, 255, 255))
        y = _nav_bar(d, w, y, title or "订单详情", s, ORANGE, (255, 255, 255))
        _render_order(img, list(lines) if lines is not None else [], s, y)
    else:
        raise ValueError(f"unknown screenshot kind {kind!r}")
    pnginfo = None
    if creation_time is not None:
        pnginfo = PngInfo()
        pnginfo.add_text("Creation Time", creation_time)
    buf = io.BytesIO()
    img.save(buf, "PNG", pnginfo=pnginfo)
    out.write_bytes(buf.getvalue())
    return out


def sha256_file(path: str | os.PathLike[str]) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
