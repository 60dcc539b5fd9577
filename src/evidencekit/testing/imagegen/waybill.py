"""The SF waybill label with a real, decodable Code 128, and the parcel scene carrying it."""

from __future__ import annotations

import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageOps

from evidencekit.audit import barcodes
from evidencekit.testing.imagegen._common import font
from evidencekit.testing.imagegen.drawing import (
    _jitter,
    _soft_shadow,
    _vertical_gradient,
    _wood_floor,
)

CODE128_QUIET = 10
"""Quiet zone on each side of a Code 128 symbol, in modules (the spec's minimum)."""


@lru_cache(maxsize=16)
def code128_modules(text: str) -> Image.Image:
    """A real Code 128 symbol for ``text``: one pixel per module, one pixel high, no quiet zone.

    Drawn by zxing-cpp's writer (via :func:`evidencekit.audit.barcodes.render`, which hides the 2.x /
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
