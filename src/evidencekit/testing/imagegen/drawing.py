"""Drawing helpers shared by the photo scenes and the screenshots (all seeded, no clock)."""

from __future__ import annotations

import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from evidencekit.testing.imagegen._common import RGB

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
