"""Page geometry shared by image preparation and rendering (pure arithmetic, no libraries).

Both ``imaging`` (how many pixels are worth embedding) and ``render`` (where the image goes)
need the same answer to "how large will this image be printed"; keeping it here means the two
can never disagree.
"""

from __future__ import annotations

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
    """Where an upright image of this pixel size goes: fitted in ``box`` or split by width."""
    bw, bh = box
    w, h = max(1, width_px), max(1, height_px)
    split_w = min(bw, SPLIT_WIDTH)
    s = min(bw / w, bh / h)
    if w * s < MIN_READABLE_WIDTH and h * (split_w / w) > bh:
        s = split_w / w
        return Placement(True, s, w * s, h * s)
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
