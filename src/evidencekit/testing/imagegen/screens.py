"""Phone screenshot PNGs (:func:`screenshot_png`)."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from evidencekit.testing.imagegen._common import ScreenKind, parse_local
from evidencekit.testing.imagegen.screen_pages import _render_chat, _render_listing, _render_order
from evidencekit.testing.imagegen.screen_parts import (
    CHAT_BG,
    DEFAULT_CHAT,
    DEFAULT_LISTING,
    ORANGE,
    _nav_bar,
    _status_bar,
)


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
