"""A video's contact sheet: evenly spaced key frames plus the frames where a barcode was read,
each stamped with its offset (mm:ss) and, when the recording time is known, the wall clock.

The dossier exhibits this one JPEG for a video (``dossier.imagecache``), and ``pack`` uploads
it. Cost is bounded: one seek and one key-frame decode per tile (``reader.frames_at``), each
tile scaled down as it is decoded; nothing else of the stream is kept.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timedelta

from PIL import Image, ImageDraw, ImageFont, ImageOps

from evidencekit.audit.video import reader
from evidencekit.fonts import font_paths

TILES = 12
"""Evenly spaced frames; barcode frames come on top (at most ``BARCODE_TILES``)."""
BARCODE_TILES = 3
TILE_SIDE = 640
"""Long side of a tile, in pixels: sharp at the exhibit's printed width (about 60 mm a tile)."""
SHEET_WIDTH = 1920
MAX_TILE_W = 720
"""A clip with one or two key frames gets tiles this wide at most, not one page-wide frame."""
QUALITY = 85
MARGIN = 12
LABEL_H = 76


def mmss(t: float) -> str:
    s = int(t)
    return f"{s // 60:02d}:{s % 60:02d}"


def wanted_times(duration: float | None, barcode_times: Sequence[float]) -> list[float]:
    """The offsets to show: ``TILES`` evenly spaced (the middle of each slice, so the first is
    near the start and the last near the end) and the first barcode frames, in time order."""
    d = duration or 0.0
    even = [d * (i + 0.5) / TILES for i in range(TILES)] if d > 0 else [0.0]
    return sorted(set(even) | set(list(barcode_times)[:BARCODE_TILES]))


def contact_sheet(
    path: str,
    duration: float | None,
    barcode_times: Sequence[float] = (),
    start: datetime | None = None,
    portrait: bool = False,
) -> tuple[bytes, dict[str, object]]:
    """(JPEG bytes, detail for the manifest); ``start``: the local wall-clock time of offset 0
    (naive), None when the recording time is unknown. Raises ValueError when no frame decodes."""
    frames = list(reader.frames_at(path, wanted_times(duration, barcode_times), TILE_SIDE))
    if not frames:
        raise ValueError("no frame of the video could be decoded")
    codes = set(barcode_times)
    cols = 4 if portrait or len(frames) > 9 else 3
    if portrait:
        cols = 5 if len(frames) > 8 else 4
    cols = min(cols, len(frames))  # a 1-second clip: one large tile, not one in a row of four
    tile_w = min((SHEET_WIDTH - MARGIN * (cols + 1)) // cols, MAX_TILE_W)
    width = MARGIN + cols * (tile_w + MARGIN)
    aspect = max(f.height / max(f.width, 1) for _, f in frames)
    tile_h = int(tile_w * aspect)
    rows = (len(frames) + cols - 1) // cols
    sheet = Image.new("RGB", (width, MARGIN + rows * (tile_h + LABEL_H + MARGIN)), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    regular, bold = font_paths()
    font = ImageFont.truetype(str(regular), 28)
    font_b = ImageFont.truetype(str(bold), 30)
    times = []
    for n, (t, img) in enumerate(frames):
        r, c = divmod(n, cols)
        x = MARGIN + c * (tile_w + MARGIN)
        y = MARGIN + r * (tile_h + LABEL_H + MARGIN)
        # Fit the tile both ways: a 320x240 clip is enlarged, not left as a stamp in the middle.
        tile = ImageOps.contain(img, (tile_w, tile_h), Image.Resampling.LANCZOS)
        sheet.paste(tile, (x + (tile_w - tile.width) // 2, y + (tile_h - tile.height) // 2))
        draw.rectangle((x, y, x + tile_w - 1, y + tile_h - 1), outline=(120, 120, 120))
        if any(abs(t - b) < 0.05 for b in codes):  # a frame where a barcode was read
            blue = (0, 110, 190)
            draw.rectangle((x, y, x + tile_w - 1, y + tile_h - 1), outline=blue, width=5)
            badge = "条码 barcode"
            bw = int(draw.textlength(badge, font=font)) + 16
            draw.rectangle((x, y, x + bw, y + 40), fill=blue)
            draw.text((x + 8, y + 4), badge, fill=(255, 255, 255), font=font)
        draw.text((x + 2, y + tile_h + 4), mmss(t), fill=(0, 0, 0), font=font_b)
        if start is not None:
            clock = (start + timedelta(seconds=t)).strftime("%Y-%m-%d %H:%M:%S")
            draw.text((x + 2, y + tile_h + 40), clock, fill=(60, 60, 60), font=font)
        times.append(round(t, 2))
    buf = io.BytesIO()
    sheet.save(buf, "JPEG", quality=QUALITY, optimize=True)
    detail: dict[str, object] = {"from": "video", "frames": len(frames), "at_s": times}
    return buf.getvalue(), detail
