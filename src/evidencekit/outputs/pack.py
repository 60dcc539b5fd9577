"""Upload packs for image-only platforms (``evidencekit pack DIR --platform 1688-apply``).

Chinese platforms take a few small images, never a PDF. A pack is at most ``max_count``
contact sheets, each within the profile's byte and format limits, with the order number,
"2/5", and every exhibit's number, caption and capture time burned in, plus ``pack.txt``
saying which image holds which exhibits and what to type in the description field.

Legibility, and how it is measured: a platform shows an uploaded picture fitted whole into
its viewer (``profiles.toml [pack.display]``, a phone screen, 1080x1920). For each
screenshot we compare the on-screen size of one of its pixels in the pack,
``scale_in_sheet * fit(sheet)``, with the on-screen size when the original itself is
uploaded, ``fit(original)`` (fit = min(viewer_w / w, viewer_h / h)). Text is at least as
large as in the original when the ratio is >= 1. Screenshots are never shrunk in a sheet;
the labels go in a side panel (a phone screenshot is taller than the viewer, so the width
is free), and long screenshots are cut into side-by-side columns with an overlap, which
makes their text *larger* on screen than the original. The ratio is in the report.

When not every exhibit fits, ``pack_select`` chooses: what the claim needs first (the
listing's promise, the seller's refusal, the defect close-ups, the waybill), copies and
exhibits with error findings last; what is left out is listed with its reason in the report
and in pack.txt. The description text cites exactly the exhibits in the images.
Pillow only; deterministic bytes (no timestamps in JPEG/PNG output).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from evidencekit._io import atomic_write_bytes, confined, write_error
from evidencekit.dossier.fitting import is_screen
from evidencekit.dossier.imaging import ImageError, decoded_upright, encode_jpeg, scaled_boxes
from evidencekit.dossier.linebreak import CANNOT_END, break_lines
from evidencekit.dossier.prepare import (
    video_sheet,
)
from evidencekit.dossier.selection import (
    OUTPUT_DIR,
    exhibit_numbers,
    exhibit_order,
    read_original,
)
from evidencekit.errors import OutputError
from evidencekit.fonts import font_paths
from evidencekit.models import AuditResult, EvidenceItem
from evidencekit.options import DEFAULT_MAX_PIXELS
from evidencekit.outputs.pack_select import LeftOut, choose, plan_sheets
from evidencekit.outputs.pack_text import columns_note, label, pack_text, sheet_head
from evidencekit.progress import MAKING_SHEETS, Progress, report, stage
from evidencekit.rules.profiles import Profile, display_box, get_profile

SHEET_W, SHEET_H = 1440, 2560
"""Photo sheets: 9:16 like the viewer, so they fill it (scale 0.75 on a 1080 px screen)."""
LABEL_PX = 34
"""Label text height on a photo sheet: ~25 px on screen at the viewer size."""
PANEL = 0.25
"""Side panel width of a screenshot sheet, as a share of the screenshot's width."""
OVERLAP = 60
"""Pixels repeated at the top of each column of a cut screenshot (no line lost at a cut)."""
QUALITIES = (90, 85, 80, 75, 70, 60, 50, 40)
SCREEN_MIN_QUALITY = 80
SUBSTITUTE = "\u25a1"
INK, MUTED, ACCENT, PAPER = (26, 26, 26), (85, 85, 85), (156, 28, 28), (255, 255, 255)


@dataclass(frozen=True)
class Sheet:
    file: Path
    index: int
    exhibits: tuple[str, ...]
    size: int
    format: str
    pixels: tuple[int, int]
    legibility: float | None = None
    """Smallest on-screen text ratio pack/original of its screenshots (>= 1), None if none."""


@dataclass(frozen=True)
class PackReport:
    platform: str
    outdir: Path
    sheets: tuple[Sheet, ...]
    left_out: tuple[str, ...]
    """Exhibit numbers not in the pack (count limit), most important kept."""
    text_file: Path
    description: str
    missing_glyphs: tuple[str, ...] = ()
    reasons: tuple[LeftOut, ...] = ()
    """Why each exhibit of ``left_out`` is not in the pack (pack_select.LeftOut)."""


class _Fonts:
    """The bundled font at a few sizes, with a glyph check: no character becomes a blank."""

    def __init__(self) -> None:
        self.regular, self.bold = (str(p) for p in font_paths())
        self.cache: dict[tuple[int, bool], ImageFont.FreeTypeFont] = {}
        self.missing: set[str] = set()
        self._notdef: dict[int, bytes] = {}

    def get(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        key = (size, bold)
        if key not in self.cache:
            self.cache[key] = ImageFont.truetype(self.bold if bold else self.regular, size)
        return self.cache[key]

    def safe(self, text: str) -> str:
        """``text`` with characters the font lacks replaced by a visible white square.

        Pillow draws the font's .notdef glyph for a missing character; a character whose
        bitmap equals the one of a private-use code point (never in the font) is missing.
        """
        f = self.get(40)
        notdef = self._notdef.setdefault(40, bytes(f.getmask("\U000f0000")))
        out = []
        for ch in text:
            if ch.isspace() or ch == SUBSTITUTE:
                out.append(" " if ch != SUBSTITUTE else ch)
            elif bytes(f.getmask(ch)) == notdef:
                self.missing.add(ch)
                out.append(SUBSTITUTE)
            else:
                out.append(ch)
        return "".join(out)


def _fit(w: int, h: int) -> float:
    dw, dh = display_box()
    return min(dw / w, dh / h)


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """Lines by the dossier's rules (dossier/linebreak.py: 行首/行尾禁则, numbers whole)."""
    widths = [draw.textlength(ch, font=font) for ch in text]
    return [text[a:b] for a, b, _ in break_lines(text, widths, [width])]


def _one_line(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> str:
    """The first line of ``text``; a caption cut short ends with "…"."""
    return _lines(draw, text, font, width, 1)[0]


def _lines(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int, most: int
) -> list[str]:
    """``text`` wrapped to at most ``most`` lines; the last ends with "…" when cut short
    (review-texts.md 21: never "铝框划痕长约9厘" with nothing to say it goes on)."""
    lines = _wrap(draw, text, font, width) or [""]
    if len(lines) <= most:
        return lines
    line = lines[most - 1]
    while line and (draw.textlength(line + "…", font=font) > width or line[-1] in CANNOT_END):
        line = line[:-1].rstrip()
    return [*lines[: most - 1], line + "…"]


Loader = Callable[[EvidenceItem, int | None], Image.Image]
"""An exhibit's picture, upright, redacted, in RGB: decoded (a JPEG at a DCT scale) within the
pixel limit and, given a long side, no larger than needed for it."""


def _upright(
    data: bytes, boxes: tuple[tuple[int, int, int, int], ...], max_pixels: int, want: int | None
) -> Image.Image:
    """The picture upright with ``boxes`` blacked out (case.toml redact), flattened to RGB."""
    img, rx, ry = decoded_upright(data, max_pixels, want)
    if img.mode != "RGB":
        rgba = img.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(bg, rgba).convert("RGB")
    draw = ImageDraw.Draw(img)
    for x, y, w, h in scaled_boxes(boxes, rx, ry):
        draw.rectangle((x, y, x + w - 1, y + h - 1), fill="black")
    return img


def _photo_sheet(
    items: Sequence[tuple[str, EvidenceItem]], load: Loader, head: str, fonts: _Fonts, lang: str
) -> Image.Image:
    sheet = Image.new("RGB", (SHEET_W, SHEET_H), PAPER)
    d = ImageDraw.Draw(sheet)
    band = 110
    d.rectangle((0, 0, SHEET_W, band), fill=(245, 240, 240))
    d.text((30, band // 2), fonts.safe(head), font=fonts.get(44, True), fill=ACCENT, anchor="lm")
    # A sheet with fewer photos gives each more room (one photo: the whole sheet), so a lone
    # waybill photo keeps its number readable.
    n = len(items)
    cols, rows = (1, n) if n <= 2 else (2, math.ceil(max(n, 4) / 2))
    cw, ch = (SHEET_W - 30 * (cols + 1)) // cols, (SHEET_H - band - 30 * (rows + 1)) // rows
    text_h = 3 * (LABEL_PX + 10)  # the caption on up to two lines, then the time
    for i, (number, it) in enumerate(items):
        x0, y0 = 30 + (i % cols) * (cw + 30), band + 30 + (i // cols) * (ch + 30)
        img = load(it, 2 * max(cw, ch))  # Lanczos from twice the cell (Pillow's reducing gap)
        img.thumbnail((cw, ch - text_h), Image.Resampling.LANCZOS)
        sheet.paste(img, (x0 + (cw - img.width) // 2, y0))
        first, when = label(it, number, lang)
        y = y0 + img.height + 8
        for line in _lines(d, fonts.safe(first), fonts.get(LABEL_PX, True), cw, 2):
            d.text((x0, y), line, font=fonts.get(LABEL_PX, True), fill=INK)
            y += LABEL_PX + 10
        d.text((x0, y), when, font=fonts.get(LABEL_PX), fill=MUTED)
    return sheet


def _video_page(
    entry: tuple[str, EvidenceItem], load: Loader, head: str, fonts: _Fonts, lang: str
) -> Image.Image:
    """A video's key-frame grid across the whole sheet width (1380 of its 1920 px: each
    frame ~330 px wide, its mm:ss stamp legible), the label under it."""
    number, it = entry
    img = load(it, None)
    img.thumbnail((SHEET_W - 60, SHEET_H), Image.Resampling.LANCZOS)
    band, text_h = 110, 2 * (LABEL_PX + 10) + 40
    sheet = Image.new("RGB", (SHEET_W, band + 30 + img.height + text_h), PAPER)
    d = ImageDraw.Draw(sheet)
    d.rectangle((0, 0, SHEET_W, band), fill=(245, 240, 240))
    d.text((30, band // 2), fonts.safe(head), font=fonts.get(44, True), fill=ACCENT, anchor="lm")
    sheet.paste(img, ((SHEET_W - img.width) // 2, band + 30))
    first, when = label(it, number, lang)
    y = band + 30 + img.height + 12
    line = _one_line(d, fonts.safe(first), fonts.get(LABEL_PX, True), SHEET_W - 60)
    d.text((30, y), line, font=fonts.get(LABEL_PX, True), fill=INK)
    d.text((30, y + LABEL_PX + 10), when, font=fonts.get(LABEL_PX), fill=MUTED)
    return sheet


def _screen_layout(w: int, h: int) -> tuple[int, float]:
    """(columns, on-screen scale) maximizing the on-screen size of the screenshot's text."""
    best = (1, 0.0)
    for cols in range(1, 5):
        col_h = math.ceil((h - OVERLAP) / cols) + OVERLAP if cols > 1 else h
        sheet_w = int(w * PANEL) + cols * w + (cols - 1) * 24
        scale = _fit(sheet_w, col_h)
        if scale > best[1] * 1.02:
            best = (cols, scale)
    return best


def _screen_sheet(
    number: str, it: EvidenceItem, load: Loader, head: str, fonts: _Fonts, lang: str
) -> tuple[Image.Image, float]:
    img = load(it, None)
    w, h = img.size
    cols, scale = _screen_layout(w, h)
    col_h = math.ceil((h - OVERLAP) / cols) + OVERLAP if cols > 1 else h
    panel = int(w * PANEL)
    sheet = Image.new("RGB", (panel + cols * w + (cols - 1) * 24, col_h), PAPER)
    for c in range(cols):
        top = c * (col_h - OVERLAP)
        sheet.paste(img.crop((0, top, w, min(h, top + col_h))), (panel + c * (w + 24), 0))
        if c:
            x = panel + c * (w + 24) - 12
            ImageDraw.Draw(sheet).line((x, 0, x, col_h), fill=ACCENT, width=4)
    d = ImageDraw.Draw(sheet)
    d.rectangle((0, 0, panel - 8, col_h), fill=(245, 240, 240))
    size = max(18, int(40 * w / 1080))
    first, when = label(it, number, lang)
    y = 20
    for text, bold, colour in ((head, True, ACCENT), (first, True, INK), (when, False, MUTED)):
        for line in _wrap(d, fonts.safe(text), fonts.get(size, bold), panel - 30):
            d.text((12, y), line, font=fonts.get(size, bold), fill=colour)
            y += int(size * 1.35)
        y += size // 2
    if cols > 1:
        d.text((12, y), columns_note(cols, lang), font=fonts.get(size), fill=MUTED)
    return sheet, scale / _fit(w, h)


def _encode(img: Image.Image, profile: Profile, screen: bool) -> tuple[bytes, str]:
    """Smallest acceptable encoding within ``max_bytes``: PNG for a screenshot when allowed
    and small enough, else JPEG from quality 90 down (screenshots not below 80), then
    smaller pixel sizes for photo sheets only."""
    limit = profile.max_bytes or 1 << 62
    if screen and "png" in profile.formats:
        buf = io.BytesIO()
        img.save(buf, "PNG", optimize=False, compress_level=9)
        if buf.tell() <= limit:
            return buf.getvalue(), "png"
    cur = img
    while True:
        for q in QUALITIES:
            if screen and q < SCREEN_MIN_QUALITY:
                break
            jpeg = encode_jpeg(cur, quality=q, optimize=True, progressive=False)
            if len(jpeg) <= limit:
                return jpeg, "jpg"
        if screen or cur.width < 600:
            raise OutputError(
                f"a pack image cannot be made smaller than {profile.max_bytes} bytes",
                "crop the screenshot to the part that matters and pack again",
            )
        cur = cur.resize((cur.width * 9 // 10, cur.height * 9 // 10), Image.Resampling.LANCZOS)


def build_pack(
    result: AuditResult,
    case_dir: Path,
    platform: str,
    outdir: Path | None = None,
    now: datetime | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> PackReport:
    """Write the upload images and pack.txt for an image-only ``platform`` profile;
    ``progress``: the sheets written (progress.py); ``max_pixels``: the decode limit."""
    from evidencekit.outputs.letter import letter_texts

    profile = get_profile(platform)
    if profile.kind != "images" or not profile.max_count:
        raise OutputError(
            f"{platform} takes a PDF, not images",
            f"run `evidencekit build DIR --profile {platform}`",
        )
    case_dir = Path(case_dir)
    out = confined(case_dir, Path(outdir) if outdir else case_dir / OUTPUT_DIR / f"pack-{platform}")
    items = exhibit_order(result.items, result.case)
    numbers = exhibit_numbers(items, result.case)
    exhibits = [(numbers[it.path], it) for it in items]
    chosen, reasons = choose(exhibits, result.case, profile.max_count, result.pixels)
    sheets = plan_sheets(chosen)
    left_out = [r.number for r in reasons]
    order = result.case.order_id or result.root_name or case_dir.name
    fonts = _Fonts()

    def load(it: EvidenceItem, want: int | None) -> Image.Image:
        # A video: its contact sheet of key frames, as the dossier shows it.
        data = (
            video_sheet(case_dir, it) if it.meta.video is not None else read_original(case_dir, it)
        )
        try:
            return _upright(data, result.case.redactions(it.path), max_pixels, want)
        except ImageError as exc:
            raise OutputError(
                f"{it.path} cannot be decoded ({exc})", "run `evidencekit audit DIR`"
            ) from None

    written: list[Sheet] = []
    for old in sorted(out.glob("*-of-*.*")) if out.is_dir() else []:
        try:
            old.unlink()  # our own earlier sheets (a new pack may have fewer)
        except OSError as exc:  # a read-only folder: exit 4, as build says it (issue 19)
            raise write_error(old, exc) from None
    language = lang or result.case.language or "zh"
    stage(progress, MAKING_SHEETS)
    for i, group in enumerate(sheets, 1):
        report(progress, i - 1, len(sheets))
        head = sheet_head(order, i, len(sheets), language)
        ratio = None
        if len(group) == 1 and is_screen(group[0][1]):
            n, it = group[0]
            img, ratio = _screen_sheet(n, it, load, head, fonts, language)
        elif len(group) == 1 and group[0][1].meta.video is not None:
            img = _video_page(group[0], load, head, fonts, language)
        else:
            img = _photo_sheet(group, load, head, fonts, language)
        data, fmt = _encode(img, profile, ratio is not None)
        target = out / f"{i}-of-{len(sheets)}.{fmt}"
        atomic_write_bytes(target, data)
        nums = tuple(n for n, _ in group)
        written.append(Sheet(target, i, nums, len(data), fmt, img.size, ratio))
    report(progress, len(sheets), len(sheets))
    packed = {it.path: n for s in sheets for n, it in s}
    # The text cites exactly what the images hold: an exhibit in the pack is cited even
    # with an error finding (the letter leaves those out of a dossier's short text).
    findings = [f for f in result.all_findings() if f.path not in packed]
    letter = letter_texts(result.case, items, findings, packed, "platform", language, now)
    description = letter.short
    if profile.text_limit == "return_note" and letter.return_note:
        description = letter.return_note
    text = pack_text(profile, written, reasons, description, language)
    text_file = out / "pack.txt"
    atomic_write_bytes(text_file, text.encode("utf-8"))
    return PackReport(
        platform, out, tuple(written), tuple(left_out), text_file, description,
        tuple(sorted(fonts.missing)), tuple(reasons),
    )  # fmt: skip
