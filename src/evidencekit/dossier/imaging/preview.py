"""Upright decodes within the pixel limit and the web page's thumbnails, with redaction boxes
scaled to the size decoded."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageOps

from evidencekit.audit.metadata.pillow_reader import draft_size, draftable, open_unchecked
from evidencekit.dossier.imaging.pixels import encode_jpeg, reduction
from evidencekit.dossier.imaging.prepared import Box
from evidencekit.dossier.jpegsegments import ImageError
from evidencekit.options import DEFAULT_MAX_PIXELS


def scaled_boxes(boxes: tuple[Box, ...], rx: float, ry: float) -> tuple[Box, ...]:
    """Redaction boxes on an image decoded at ``rx`` x ``ry`` of the size they were drawn on,
    rounded outwards: every decoded pixel that any covered pixel went into is covered."""
    out = []
    for x, y, w, h in boxes:
        x0, y0 = math.floor(x * rx), math.floor(y * ry)
        x1, y1 = math.ceil((x + w) * rx), math.ceil((y + h) * ry)
        out.append((x0, y0, max(1, x1 - x0), max(1, y1 - y0)))
    return tuple(out)


def decoded_upright(
    data: bytes, max_pixels: int = DEFAULT_MAX_PIXELS, want: int | None = None
) -> tuple[Image.Image, float, float]:
    """The first frame, loaded and turned upright, with the factors (x, y) from full-size
    upright coordinates to its own (1.0 unless a JPEG was decoded at a DCT scale): within
    ``max_pixels`` always, and no larger than needed for a long side of ``want`` when given
    (the smallest DCT scale still at least that long). ImageError when it cannot be."""
    try:
        with open_unchecked(io.BytesIO(data)) as im:
            im.seek(0)
            stored = im.size
            scale = reduction(im, max_pixels)
            if draftable(im):
                w, h = stored
                f = min(1.0, (want or max(w, h)) / max(w, h, 1))
                lw, lh = draft_size(stored, scale)
                im.draft(im.mode, (min(lw, max(1, int(w * f))), min(lh, max(1, int(h * f)))))
            decoded = im.size
            img = ImageOps.exif_transpose(im) or im
            img.load()
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
        raise ImageError(str(exc)) from exc
    rx, ry = decoded[0] / stored[0], decoded[1] / stored[1]
    return (img, ry, rx) if img.size != decoded else (img, rx, ry)


def thumbnail(
    data: bytes, size: int, redact: tuple[Box, ...] = (), max_pixels: int = DEFAULT_MAX_PIXELS
) -> bytes:
    """A small upright JPEG for the web page, with ``redact`` boxes (full-resolution pixel
    coordinates) painted black first, so the preview shows what the dossier will embed.
    A JPEG is decoded at the smallest DCT scale still at least ``size`` on its long side."""
    from PIL import ImageDraw

    img, rx, ry = decoded_upright(data, max_pixels, size)
    try:
        img = img.convert("RGB")
        draw = ImageDraw.Draw(img)
        for x, y, w, h in scaled_boxes(redact, rx, ry):
            draw.rectangle((x, y, x + w - 1, y + h - 1), fill="black")
        img.thumbnail((size, size))
        return encode_jpeg(img, quality=80)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageError(str(exc)) from exc
