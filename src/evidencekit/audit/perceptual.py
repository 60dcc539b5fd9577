"""Perceptual hashes (dHash, pHash) in plain Python over Pillow, and Hamming distances.

Both hashes are 64 bits, kept as 16 hex digits so they survive JSON and process boundaries.
They follow the definitions of the ``imagehash`` package (J. Buchner, BSD-2-Clause,
https://github.com/JohannesBuchner/imagehash), which in turn follow:

* dHash: N. Krawetz, "Kind of Like That" (2013),
  https://www.hackerfactor.com/blog/index.php?/archives/529-Kind-of-Like-That.html -
  a 9x8 greyscale thumbnail, one bit per horizontal neighbour pair (right brighter than left).
* pHash: C. Zauner, "Implementation and Benchmarking of Perceptual Image Hash Functions" (2010),
  and imagehash's ``phash``: a 32x32 greyscale thumbnail, 2-D DCT-II, the 8x8 lowest
  frequencies, one bit per coefficient above their median.

Only the 8 lowest DCT frequencies along each axis are computed (32*8 + 8*8 dot products per
image instead of a full 32x32 transform), with a cosine table built once. The unnormalised
DCT-II scales every coefficient by the same factor, so the median threshold matches scipy's
``dct`` as used by imagehash.

The sub-window hashes of :func:`window_hashes` let a photo be found inside a larger screenshot
(the product picture at the top of a listing page). Limits: only square windows are tried (full
width at fine vertical steps, 80 % and 60 % squares on a coarse grid), so a picture that is not
square, sits off the grid, or was cropped by the app will not match; see docs/pixels.md.
"""

from __future__ import annotations

import math
from functools import lru_cache
from operator import mul

from PIL import Image

HASH_BITS = 64
_PHASH_SIDE = 32
_PHASH_FREQ = 8

Box = tuple[int, int, int, int]


@lru_cache(maxsize=1)
def _cos_table() -> tuple[tuple[float, ...], ...]:
    """cos(pi * (2n + 1) * k / 2N) for k < 8, n < 32 (DCT-II basis, N = 32)."""
    n = _PHASH_SIDE
    return tuple(
        tuple(math.cos(math.pi * (2 * i + 1) * k / (2 * n)) for i in range(n))
        for k in range(_PHASH_FREQ)
    )


def _bits_to_hex(bits: list[bool]) -> str:
    value = 0
    for b in bits:
        value = (value << 1) | int(b)
    return f"{value:0{len(bits) // 4}x}"


def _grey(img: Image.Image) -> Image.Image:
    return img if img.mode == "L" else img.convert("L")


def dhash(img: Image.Image) -> str:
    """Difference hash: 8 rows of 8 bits, bit set when the right pixel is brighter."""
    small = _grey(img).resize((9, 8), Image.Resampling.LANCZOS)
    px = list(small.tobytes())
    bits = [px[r * 9 + c + 1] > px[r * 9 + c] for r in range(8) for c in range(8)]
    return _bits_to_hex(bits)


def phash(img: Image.Image) -> str:
    """DCT hash: the 8x8 lowest frequencies of a 32x32 thumbnail, thresholded at their median."""
    side = _PHASH_SIDE
    small = _grey(img).resize((side, side), Image.Resampling.LANCZOS)
    px = list(small.tobytes())
    cos = _cos_table()
    # Rows first: rowf[r][k] = sum_n px[r][n] cos_k(n); then columns over the 8 kept k.
    # sum(map(mul, ...)) is the fastest dot product in pure Python 3.11 (no math.sumprod yet).
    rows = [px[r * side : (r + 1) * side] for r in range(side)]
    rowf = [[sum(map(mul, row, ck)) for ck in cos] for row in rows]
    cols = list(zip(*rowf, strict=True))  # cols[kx][r]
    coeffs = [
        sum(map(mul, cols[kx], cos[ky])) for ky in range(_PHASH_FREQ) for kx in range(_PHASH_FREQ)
    ]
    median = sorted(coeffs)[len(coeffs) // 2 - 1 : len(coeffs) // 2 + 1]
    threshold = (median[0] + median[1]) / 2  # numpy.median of an even count
    return _bits_to_hex([c > threshold for c in coeffs])


def distance(a: str, b: str) -> int:
    """Hamming distance of two hex hashes of equal length; HASH_BITS when either is missing."""
    if not a or not b or len(a) != len(b):
        return HASH_BITS
    return (int(a, 16) ^ int(b, 16)).bit_count()


def window_boxes(width: int, height: int) -> list[Box]:
    """Square sub-windows where a listing page shows its product picture.

    Taobao, Tmall, 1688, JD and Pinduoduo product pages open with the main picture as a
    full-width square under the navigation bar; its top edge varies with the phone's status-bar
    and app-bar heights. So: full-width squares at every 1/32 of the width down the page (a
    picture at most 1/64 off the grid still hashes within the thresholds; at 1/16 it does not),
    plus a coarse grid (quarter-side steps) of 80 % and 60 % squares for other layouts, all
    within the top ``2 * width + short`` pixels.
    """
    short = min(width, height)
    boxes: list[Box] = []
    if short < 16:
        return boxes
    step = max(1, width // 32)
    # Only the top of the page: the main picture sits under the app bar; a long (scrolling)
    # screenshot's detail pictures further down are not searched.
    height = min(height, 2 * width + short)
    for y in range(0, height - width + 1, step):
        boxes.append((0, y, width, y + width))
    for frac in (0.8, 0.6):
        side = int(short * frac)
        step = max(1, side // 4)
        for y in range(0, height - side + 1, step):
            for x in range(0, width - side + 1, step):
                boxes.append((x, y, x + side, y + side))
    return boxes


def window_hashes(img: Image.Image, limit: int = 240) -> tuple[tuple[Box, str, str], ...]:
    """(box, dhash, phash) of each grid window, box in ``img`` pixel coordinates.

    Call with a downscaled copy (a few hundred pixels wide): each window is resized to 32x32
    anyway, and the box is scaled back by the caller. ``limit`` bounds the work on very long
    (scrolling) screenshots: the windows nearest the top are kept, where apps put the picture.
    """
    grey = _grey(img)
    boxes = sorted(window_boxes(*grey.size), key=lambda b: (-(b[2] - b[0]), b[1], b[0]))[:limit]
    out = []
    for box in boxes:
        crop = grey.crop(box)
        out.append((box, dhash(crop), phash(crop)))
    return tuple(out)
