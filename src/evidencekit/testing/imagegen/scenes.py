"""Photo scenes (suitcase, close-up, parcel, carton), :func:`render_photo` and sensor storage."""

from __future__ import annotations

import itertools
import random

from PIL import Image, ImageDraw, ImageFilter

from evidencekit.testing.imagegen._common import DEFAULT_WAYBILL, Scene, font
from evidencekit.testing.imagegen.drawing import (
    _dent,
    _grain,
    _gray,
    _jitter,
    _metal_body,
    _scratch,
    _soft_shadow,
    _vignette,
    _wood_floor,
)
from evidencekit.testing.imagegen.waybill import _scene_parcel


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
