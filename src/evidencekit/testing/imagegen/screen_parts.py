"""Screenshot building blocks: colours, default texts, status and title bars, thumbnails."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw, ImageFont

from evidencekit.testing.imagegen._common import RGB, Scene, font
from evidencekit.testing.imagegen.drawing import _gray, _vertical_gradient

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
