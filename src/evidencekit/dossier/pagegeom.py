"""Page geometry shared by image preparation and rendering (pure arithmetic, no libraries).

Both ``imaging`` (how many pixels are worth embedding) and ``render`` (where the image goes)
need the same answer to "how large will this image be printed"; keeping it here means the two
can never disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MM = 72.0 / 25.4
A4 = (595.2756, 841.8898)
"""A4 portrait in PDF points (ISO 216: 210 x 297 mm)."""
MARGIN_X = 18 * MM
MARGIN_TOP = 22 * MM
"""Includes the running header."""
MARGIN_BOTTOM = 20 * MM
"""Includes the footer."""
FRAME_W = A4[0] - 2 * MARGIN_X
FRAME_H = A4[1] - MARGIN_TOP - MARGIN_BOTTOM

EXHIBIT_TITLE_H = 52.0
"""Stamp, category and caption above the image."""
EXHIBIT_INFO_MIN_H = 120.0
"""Smallest details box below the image (more findings make it taller)."""
CONT_TITLE_H = 30.0
"""Title band on the continuation pages of a split image."""
IMAGE_BOX = (FRAME_W, FRAME_H - EXHIBIT_TITLE_H - EXHIBIT_INFO_MIN_H - 12)
"""Largest box an exhibit image can be fitted into."""

SPLIT_WIDTH = 130 * MM
"""Printed width of a tall screenshot that is split across pages: about twice a phone's
screen width, so its text prints larger than on the phone itself."""
MIN_READABLE_WIDTH = 70 * MM
"""Split a tall image when fitting it whole would print it narrower than this: about a
phone screen's width, so a split screenshot is never less readable than on the phone."""
SPLIT_OVERLAP = 36.0
"""Points of image repeated at the top of each continuation page (so no text line is lost
at a cut)."""
CONT_IMAGE_H = FRAME_H - 1 - CONT_TITLE_H - 20
"""Height of the image window on a continuation page of a split image."""
MAX_SPLIT_SCALE = 2.0
"""A split image (either layout) is printed at most this many points a pixel (36 dpi, a pixel
0.7 mm): the split width alone printed a fuzzed 16x65280 TIFF at 23 points a pixel, on 2,371
pages. Screenshots 184 px wide or more are split as before."""
MAX_SPLIT_PAGES = 30
"""A split image takes at most this many pages (a 1080x60,000 scrolling screenshot takes
about 30 at 130 mm): a longer one is printed narrower so that it fits, still embedded whole
(zoom in to read it). With MAX_SPLIT_SCALE this bounds every exhibit's pages and render time
whatever its shape."""

MAX_DPI = 300
"""Converted images are capped at this resolution at their largest printed size (sharp on
any printer, >= 200 dpi as asked); they are never upscaled."""
MIN_DOWNSCALE = 0.75
"""Downscale only when it at least shrinks each side to 75 %."""


@dataclass(frozen=True)
class Placement:
    split: bool
    scale: float
    """Points per pixel (of the upright image)."""
    width: float
    height: float
    """Printed size of the whole upright image in points."""


def place(width_px: int, height_px: int, box: tuple[float, float] = IMAGE_BOX) -> Placement:
    """Where an upright image of this pixel size goes: fitted in ``box`` or split by width
    (at most MAX_SPLIT_SCALE points a pixel, on at most MAX_SPLIT_PAGES pages)."""
    bw, bh = box
    w, h = max(1, width_px), max(1, height_px)
    split_w = min(bw, SPLIT_WIDTH)
    s = min(bw / w, bh / h)
    if w * s < MIN_READABLE_WIDTH and h * (split_w / w) > bh:
        most = bh + (MAX_SPLIT_PAGES - 1) * (CONT_IMAGE_H - SPLIT_OVERLAP)
        split = min(split_w / w, MAX_SPLIT_SCALE, most * (1 - 1e-9) / h)
        if h * split > bh:  # else the capped print fits one page: fitted as any other
            return Placement(True, split, w * split, h * split)
    return Placement(False, s, w * s, h * s)


def max_pixels(width_px: int, height_px: int) -> tuple[int, int]:
    """Largest pixel size worth embedding for an upright image (MAX_DPI at its printed size).

    Never larger than the image itself.
    """
    p = place(width_px, height_px)
    factor = min(1.0, p.width / 72.0 * MAX_DPI / max(1, width_px))
    if factor > MIN_DOWNSCALE:
        factor = 1.0  # a small resample saves little and only softens screenshot text
    return max(1, round(width_px * factor)), max(1, round(height_px * factor))


def min_print_width(width_px: int, height_px: int) -> float:
    """A lower bound, in points, of the printed width of an upright image on an exhibit page.

    The details box under the image grows with the findings it lists, so the real box is
    somewhere between ``IMAGE_BOX`` and a box ``DETAILS_GROWTH`` shorter. Pixels budgeted
    against this width never print above the intended dpi, whichever box the page gets.
    """
    small = (IMAGE_BOX[0], IMAGE_BOX[1] - DETAILS_GROWTH)
    return min(place(width_px, height_px).width, place(width_px, height_px, small).width)


DETAILS_GROWTH = 170.0
"""How much taller than ``EXHIBIT_INFO_MIN_H`` the details box can get (four findings, a long
path, a converted-image description)."""


# ---------------------------------------------------------------- compact layout
# Page-limited profiles (``layout = "compact"``): photos several to a page in a grid, each
# screenshot on one page as side-by-side columns. The numbers below are shared by the
# renderer (render/compact.py) and by image preparation, which budgets pixels against the
# smallest printed width an image can get here.

COMPACT_GAP = 10.0
"""Points between grid cells and between the columns of a cut screenshot."""
GRID_COLS = 2
GRID_ROWS = (3, 2)
"""Rows per grid page, most first: 2x3 when every caption fits its lines, else 2x2."""
CELL_TEXT_H = {3: 74.0, 2: 120.0}
"""Text block under a grid cell's image (stamp line, caption, time, SHA-256, findings) for
2x3 and 2x2 pages; a caption longer than its lines makes the page 2x2, then is shortened
(the full caption is in the index)."""
STRIP_HEAD_H = 70.0
"""Stamp, caption and time above a screenshot's columns."""
STRIP_FOOT_H = 14.0
"""Findings line under the columns."""
STRIP_OVERLAP = 24.0
"""Points of image repeated at the top of each column (no text line lost at a cut)."""
STRIP_MAX_COLS = 4
COMPACT_MIN_SCREEN_W = 62 * MM
"""A cut screenshot prints at least this wide (about a phone screen); when one page cannot
hold it that wide, its columns continue on further pages."""


def grid_cell(rows: int) -> tuple[float, float]:
    """(width, height) of one grid cell, text block included."""
    w = (FRAME_W - (GRID_COLS - 1) * COMPACT_GAP) / GRID_COLS
    h = (FRAME_H - 1 - (rows - 1) * COMPACT_GAP) / rows
    return w, h


def grid_image_box(rows: int) -> tuple[float, float]:
    w, h = grid_cell(rows)
    return w, h - CELL_TEXT_H[rows]


@dataclass(frozen=True)
class Strip:
    """A tall image cut into ``cols`` columns per page, over ``pages`` pages."""

    cols: int
    pages: int
    scale: float
    """Points per pixel."""
    col_w: float
    """Printed width of the image (one column)."""
    col_h: float
    """Printed height of one column (image points, overlap included)."""


def strip(width_px: int, height_px: int) -> Strip:
    """Columns for one screenshot: the largest print that fits one page, else columns of
    at least ``COMPACT_MIN_SCREEN_W`` continued over pages."""
    w, h = max(1, width_px), max(1, height_px)
    box_h = FRAME_H - 1 - STRIP_HEAD_H - STRIP_FOOT_H
    best: tuple[int, float] = (1, 0.0)
    for cols in range(1, STRIP_MAX_COLS + 1):
        cw = (FRAME_W - (cols - 1) * COMPACT_GAP) / cols
        s = min(cw / w, (cols * box_h - (cols - 1) * STRIP_OVERLAP) / h)
        if s > best[1] * 1.02:
            best = (cols, s)
    cols, s = best
    if s * w >= COMPACT_MIN_SCREEN_W:
        return _one_page(cols, s, w, h, box_h)
    # too long for one page: columns at the legible width, continued over pages (at most
    # MAX_SPLIT_SCALE points a pixel, on at most MAX_SPLIT_PAGES pages)
    cols = max(1, int((FRAME_W + COMPACT_GAP) // (COMPACT_MIN_SCREEN_W + COMPACT_GAP)))
    most = box_h + (MAX_SPLIT_PAGES * cols - 1) * (box_h - STRIP_OVERLAP)
    legible = (FRAME_W - (cols - 1) * COMPACT_GAP) / cols / w
    capped = min(legible, MAX_SPLIT_SCALE, most * (1 - 1e-9) / h)
    if capped <= s:  # no larger than the one-page print: that one
        return _one_page(*best, w, h, box_h)
    n = strip_columns(capped * h, box_h)
    return Strip(cols, -(-n // cols), capped, capped * w, box_h)


def _one_page(cols: int, s: float, w: int, h: int, box_h: float) -> Strip:
    col_h = min(box_h, (s * h + (cols - 1) * STRIP_OVERLAP) / cols)
    return Strip(cols, 1, s, s * w, col_h)


def strip_columns(image_h: float, col_h: float) -> int:
    """Columns of height ``col_h`` (overlap included) needed for an image ``image_h`` tall."""
    if image_h <= col_h:
        return 1
    return 1 + math.ceil((image_h - col_h) / (col_h - STRIP_OVERLAP) - 1e-9)


def compact_print_width(width_px: int, height_px: int, is_strip: bool) -> float:
    """A lower bound, in points, of the printed width of an upright image in the compact
    layout: its strip's column width, or its fit in the smallest (2x3) grid cell."""
    if is_strip:
        return strip(width_px, height_px).col_w
    bw, bh = grid_image_box(GRID_ROWS[0])
    w, h = max(1, width_px), max(1, height_px)
    return w * min(bw / w, bh / h)
