"""Barcode and QR code decoding (the only module importing ``zxingcpp``).

zxing-cpp (https://github.com/zxing-cpp/zxing-cpp, Apache-2.0) reads 1-D and 2-D symbols from a
Pillow image. Waybill labels carry Code 128 (SF, ZTO, YTO, JD: the tracking number), often a QR
code, sometimes PDF417 or DataMatrix; goods carry EAN-13/8 and ITF cartons.

Strategy (cost grows only when nothing was found):

1. the image as given (the caller passes greyscale at about 2,000 px on the long side), with the
   formats restricted to :data:`FORMATS`;
2. the full-resolution image, when the caller has one and it is noticeably larger;
3. a rotation search at ±15°, ±30°, ±45°: zxing-cpp itself tries 90° turns (``try_rotate``),
   and QR/DataMatrix/PDF417 locate at any angle, but a 1-D scan line must cross every bar, which
   fails for a label photographed askew.

zxing-cpp 2.x and 3.x differ in how a format set is built (``|`` vs a tuple) and how a format
prints; :func:`_formats` and :data:`_NAMES` hide both. Nothing here raises: a decoder error is
the same as "nothing found" (the caller reports unreadable images separately).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from PIL import Image

zxingcpp: Any
try:
    import zxingcpp
except ImportError:  # pragma: no cover - a core dependency; guard keeps the audit running
    zxingcpp = None

FORMATS = ("Code128", "Code39", "QRCode", "EAN13", "EAN8", "ITF", "DataMatrix", "PDF417")
"""zxing-cpp enum names of the symbologies we look for (labels, cartons, goods)."""
ROTATIONS = (15, -15, 30, -30, 45, -45)
FULL_RES_GAIN = 1.25
"""Run the full-resolution pass only when it has at least this many times more pixels per side."""

Decoded = tuple[str, str]
"""(format name, text), e.g. ``("Code128", "SF1234567890123")``."""


def available() -> bool:
    return zxingcpp is not None


@lru_cache(maxsize=1)
def _formats() -> Any:
    members = [getattr(zxingcpp.BarcodeFormat, n) for n in FORMATS]
    try:  # zxing-cpp >= 3: a sequence of formats (``|`` is deprecated there)
        return zxingcpp.BarcodeFormats(members)
    except Exception:  # zxing-cpp 2.x: BarcodeFormat values combine with ``|``
        combined = members[0]
        for m in members[1:]:
            combined = combined | m
        return combined


@lru_cache(maxsize=1)
def _names() -> dict[Any, str]:
    return {getattr(zxingcpp.BarcodeFormat, n): n for n in FORMATS}


def _name(fmt: Any) -> str:
    known = _names().get(fmt)
    if known:
        return known
    text = str(fmt)  # 2.x: "BarcodeFormat.QRCode"; 3.x: "QR Code"
    return text.rsplit(".", 1)[-1].replace(" ", "")


def _read(img: Image.Image) -> list[Decoded]:
    try:
        found = zxingcpp.read_barcodes(
            img,
            formats=_formats(),
            try_rotate=True,
            try_downscale=True,
            # Plain: the payload bytes as text, without HRI's "<SOH>"-style control names.
            text_mode=zxingcpp.TextMode.Plain,
        )
    except Exception:
        return []
    out: list[Decoded] = []
    for b in found:
        text = getattr(b, "text", "") or ""
        if text and getattr(b, "valid", True):
            out.append((_name(b.format), text))
    return out


def _rotated(img: Image.Image, angle: int) -> Image.Image:
    fill = 255 if img.mode == "L" else None
    return img.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=fill)


def decode(
    img: Image.Image,
    full_res: Callable[[], Image.Image | None] | None = None,
    rotate: bool = True,
) -> tuple[tuple[Decoded, ...], str]:
    """Decode every supported symbol; returns (unique results in reading order, pass name).

    The pass name is ``fast``, ``full``, ``rotated`` (where the first result came from) or
    ``none``; ``unavailable`` without zxing-cpp. ``full_res`` is called only when the fast pass
    found nothing; it returns the full-resolution greyscale image or None. ``rotate=False``
    skips the rotation search (video key frames: forty frames, not forty times seven).
    """
    if zxingcpp is None:
        return (), "unavailable"
    hits = _read(img)
    if hits:
        return _unique(hits), "fast"
    if full_res is not None:
        try:
            big = full_res()
        except Exception:
            big = None
        if big is not None and max(big.size) >= max(img.size) * FULL_RES_GAIN:
            hits = _read(big)
            if hits:
                return _unique(hits), "full"
    for angle in ROTATIONS if rotate else ():
        hits = _read(_rotated(img, angle))
        if hits:
            return _unique(hits), "rotated"
    return (), "none"


def _unique(hits: Iterable[Decoded]) -> tuple[Decoded, ...]:
    return tuple(dict.fromkeys(hits))


def render(fmt: str, text: str, scale: int = 4) -> Image.Image:
    """A clean symbol as a greyscale Pillow image with a quiet zone (tests and fixtures).

    zxing-cpp >= 3 has ``create_barcode(...).to_image``; 2.x has ``write_barcode``. Both return
    a 2-D 8-bit buffer, read here through ``memoryview`` so numpy is not needed.
    """
    if zxingcpp is None:  # pragma: no cover
        raise RuntimeError("zxing-cpp is not installed")
    f = getattr(zxingcpp.BarcodeFormat, fmt)
    if hasattr(zxingcpp, "create_barcode"):
        buf = zxingcpp.create_barcode(text, f).to_image(scale=scale)
    else:  # pragma: no cover - zxing-cpp 2.x
        buf = zxingcpp.write_barcode(f, text, width=0, height=0, quiet_zone=10)
    mv = memoryview(buf)
    h, w = (mv.shape or (0, 0))[:2]
    sym = Image.frombytes("L", (w, h), mv.tobytes())
    margin = 10 * scale
    out = Image.new("L", (w + 2 * margin, h + 2 * margin), 255)
    out.paste(sym, (margin, margin))
    return out
