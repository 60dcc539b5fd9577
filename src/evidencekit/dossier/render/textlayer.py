"""An invisible text layer over exhibit images: the dossier is searchable and copyable.

The audit's OCR (``PixelFacts.ocr_lines``, see docs/pixels.md) found the text lines of a
screenshot with their boxes. Each line is drawn over the image, where the picture shows it, in
text rendering mode 3, "neither fill nor stroke text (invisible)" (ISO 32000-1 §9.3.6,
Table 106): viewers find, select and copy it, and nothing on the page changes. The image itself
is untouched (same XObject, same bytes). This is what OCRmyPDF's hOCR transform does: per line,
a font size from the box height and a horizontal scaling (``Tz``, ISO 32000-1 §9.3.4) that makes
the string exactly as wide as the box.

The font is the bundled Noto Sans SC the rest of the dossier embeds (subset); characters it
lacks become the substitute square (``Glyphs.safe``) so the remaining characters stay where the
picture shows them. Missing glyphs here are not reported: nothing of this text is visible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from evidencekit.dossier.render.text import FONT, Glyphs

if TYPE_CHECKING:
    from evidencekit.audit.pixels import PixelFacts

Box = tuple[int, int, int, int]
Line = tuple[str, Box]
INVISIBLE = 3
"""Text rendering mode 3 (ISO 32000-1 §9.3.6, Table 106)."""


def exhibit_text(
    px: PixelFacts | None, upright_size: tuple[int, int], redact: Sequence[Box] = ()
) -> tuple[Line, ...]:
    """The OCR lines of ``px`` in pixels of the embedded image (``upright_size``).

    The audit's boxes refer to the upright full-size picture (``px.size``); the embedded image
    may be smaller (fitted for a profile). Lines touching a ``redact`` box (case.toml
    ``[x, y, w, h]`` on the upright full-size picture) are left out: the text layer must not
    reveal what the redaction blacks out.
    """
    if px is None or not px.ocr_read or not px.size or not px.ocr_lines:
        return ()
    fx = upright_size[0] / max(1, px.size[0])
    fy = upright_size[1] / max(1, px.size[1])
    out: list[Line] = []
    for text, (x0, y0, x1, y1) in px.ocr_lines:
        if not text.strip() or x1 <= x0 or y1 <= y0:
            continue
        if any(x0 < rx + rw and rx < x1 and y0 < ry + rh and ry < y1 for rx, ry, rw, rh in redact):
            continue
        box = (round(x0 * fx), round(y0 * fy), round(x1 * fx), round(y1 * fy))
        out.append((text, (box[0], box[1], max(box[2], box[0] + 1), max(box[3], box[1] + 1))))
    return tuple(out)


def owned_rows(off: float, next_off: float | None, overlap: float) -> tuple[float, float]:
    """The part of a split image one page (or column) owns, in points from the image top.

    A split shows ``overlap`` points twice (the end of one window is the start of the next);
    the cut between owners is the middle of that overlap, so every line lands on exactly one
    page. ``off``: where this window starts (0 for the first); ``next_off``: where the next
    one starts, None for the last.
    """
    start = off + overlap / 2 if off > 0 else -math.inf
    end = next_off + overlap / 2 if next_off is not None else math.inf
    return start, end


def draw_text_layer(
    c: Canvas,
    lines: Sequence[Line],
    upright_size: tuple[int, int],
    x: float,
    y: float,
    w: float,
    h: float,
    rows: tuple[float, float] | None = None,
) -> int:
    """Draw ``lines`` invisibly over the upright image painted into (x, y, w, h).

    (x, y) is the rectangle's bottom-left corner in PDF points (y up); the boxes are in image
    pixels (y down) of an image ``upright_size`` large. ``rows``: (start, end) in points from
    the image top; only lines whose box centre lies in [start, end) are drawn (a split page).
    Returns the number of lines drawn.
    """
    if not lines:
        return 0
    face = pdfmetrics.getFont(FONT).face
    ascent, descent = face.ascent / 1000, face.descent / 1000  # descent is negative
    sx = w / max(1, upright_size[0])
    sy = h / max(1, upright_size[1])
    gl = Glyphs()  # not the render's: nothing here is visible, so nothing is reported missing
    t = c.beginText()
    t.setTextRenderMode(INVISIBLE)
    drawn = 0
    for raw, (x0, y0, x1, y1) in lines:
        if rows is not None and not rows[0] <= (y0 + y1) / 2 * sy < rows[1]:
            continue
        text = gl.safe(" ".join(raw.split()))
        box_w, box_h = (x1 - x0) * sx, (y1 - y0) * sy
        if not text or box_w <= 0 or box_h <= 0:
            continue
        # The font's ascent-to-descent span fills the box height; baseline above the bottom.
        size = box_h / (ascent - descent)
        width = pdfmetrics.stringWidth(text, FONT, size)
        if width <= 0:
            continue
        t.setFont(FONT, size)
        t.setHorizScale(100 * box_w / width)
        t.setTextOrigin(x + x0 * sx, y + h - y1 * sy - descent * size)
        t.textOut(text)
        drawn += 1
    if drawn:
        c.saveState()
        c.drawText(t)
        c.restoreState()
    return drawn
