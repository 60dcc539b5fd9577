"""What the pixels show: barcodes, perceptual hashes, screenshot text (one pass per file).

:func:`extract_pixels` runs inside the audit's per-file worker process, right after the metadata
reader, so each image is decoded once per purpose and in parallel. It never raises: whatever goes
wrong becomes ``PixelFacts.error``. The facts it returns are plain values (they cross the process
boundary by pickling) for :mod:`evidencekit.audit.checks.pixels` and, later, the dossier.

Decode cost is bounded:
* images that no decoding scale brings within ``max_pixels`` (decompression-bomb guard;
  ``options.decode_scale``) or above 64 MiB are skipped, and no decode below exceeds it;
* JPEGs are decoded through ``Image.draft`` in greyscale at the smallest DCT scale (1/2, 1/4,
  1/8; ITU-T T.81 allows decoding at these scales without the full IDCT) that keeps the long
  side at or above :data:`WORK_SIDE` (barcodes, OCR) or :data:`HASH_SIDE` (hashes only);
* the full-resolution decode for barcodes happens only when the fast pass found nothing.
"""

from __future__ import annotations

import dataclasses
import os
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from evidencekit._io import Source, reader, size_of
from evidencekit.audit import barcodes, perceptual
from evidencekit.audit.metadata import jpegwalk
from evidencekit.audit.metadata.pillow_reader import draft_size, draftable, open_unchecked
from evidencekit.audit.ocr import available as ocr_installed
from evidencekit.models import Category
from evidencekit.options import decode_scale

Box = tuple[int, int, int, int]
WORK_SIDE = 2000
"""Long side of the working image for barcodes (zxing-cpp reads labels well at this size)."""
HASH_SIDE = 256
"""Enough for 32x32 hashes; JPEG draft mode decodes at 1/8 scale for most photos."""
LISTING_WINDOW_WIDTH = 256
"""Listing screenshots are scaled to this width before the sub-window grid is hashed."""
OCR_WIDTH = 720
"""Screenshots are scaled to this width for OCR: on 1080-wide chat screenshots every time and
order number still reads back exactly, and detection runs ~2x faster than at full size."""
OCR_TILE = 2000
"""Long (scrolling) screenshots are read in tiles of at most this height (RapidOCR shrinks
anything above 2000 px, which would make text unreadable), overlapping by :data:`OCR_OVERLAP`."""
OCR_OVERLAP = 120
OCR_MIN_SIDE = (32, 8)
"""(width, height) below which the working image holds no line of text worth reading (a 16 px
wide strip is at most one character wide): not OCRed, ``ocr_state`` "skipped: ...". RapidOCR
itself upscales such strips to 736 px wide (``ocr.MAX_ASPECT``)."""
OCR_MAX_TILES = 16
"""At most this many tiles are read (720x30,000 working pixels: a 1080x45,000 scrolling
screenshot, about 19 phone screens, at ~2 s a tile); the rest of a longer image is not read
and ``ocr_state`` says "partial: ..." (finding EK478), so OCR time is bounded per image."""
MAX_DECODE_BYTES = 64 * 1024 * 1024
_TAG_MAKE = 0x010F
_TAG_MODEL = 0x0110
LABEL_HINT = re.compile(
    r"面单|运单|快递单|物流单|条码|条形码|二维码|label|waybill|barcode|qr", re.I
)
"""File names or captions that promise a readable code even outside parcel/."""


@dataclass(frozen=True)
class PixelFacts:
    """What one image shows, as far as evidencekit can read it."""

    size: tuple[int, int] | None = None
    """(width, height) after EXIF orientation; every box below is in these pixel coordinates."""
    dhash: str = ""
    """64-bit difference hash, 16 hex digits ("" when not computed)."""
    phash: str = ""
    """64-bit DCT hash, 16 hex digits."""
    barcodes: tuple[tuple[str, str], ...] = ()
    """Decoded symbols as (format, text), e.g. ("Code128", "SF1234567890123")."""
    barcode_pass: str = ""
    """"" not attempted; fast / full / rotated (pass that found them); none; unavailable."""
    windows: tuple[tuple[Box, str, str], ...] = ()
    """Listing screenshots only: (box, dhash, phash) of square sub-windows (see perceptual)."""
    ocr_lines: tuple[tuple[str, Box], ...] = ()
    """Text lines read from a screenshot, top to bottom, with their boxes."""
    ocr_state: str = ""
    """"" not attempted; ok; unavailable (extra not installed); error: <why>; skipped: <why>
    (too thin for text); partial: <how much> (too long: the first ``OCR_MAX_TILES`` tiles)."""

    @property
    def ocr_read(self) -> bool:
        """Whether ``ocr_lines`` holds what was read (all of the image, or a partial read)."""
        return self.ocr_state == "ok" or self.ocr_state.startswith("partial")

    screenshot: bool = False
    """PNG, or no camera make/model in EXIF: treated as a screenshot."""
    error: str = ""
    """Why the pixels were not examined (too large, undecodable); "" when they were."""


def without_redacted(px: PixelFacts, redact: Sequence[tuple[int, int, int, int]]) -> PixelFacts:
    """``px`` without the text lines that touch a ``redact`` box (x, y, w, h) of case.toml: what
    the user covered is not repeated in ``audit --json`` nor reported as readable (EK476)."""
    if not redact or not px.ocr_lines:
        return px

    def covered(b: Box) -> bool:
        return any(b[0] < x + w and x < b[2] and b[1] < y + h and y < b[3] for x, y, w, h in redact)

    kept = tuple(line for line in px.ocr_lines if not covered(line[1]))
    return dataclasses.replace(px, ocr_lines=kept) if len(kept) != len(px.ocr_lines) else px


OCR_ENV = "EVIDENCEKIT_OCR"
"""Set to 0 to skip OCR even when the extra is installed (tests, quick audits)."""


def ocr_enabled() -> bool:
    return os.environ.get(OCR_ENV, "1").strip().lower() not in {"0", "off", "no", "false"}


def wants_barcodes(category: Category, name_or_caption: str) -> bool:
    return category is Category.PARCEL or bool(LABEL_HINT.search(name_or_caption))


def extract_pixels(
    abs_path: str | Source,
    media_type: str,
    category: Category | str,
    max_pixels: int,
    ocr: bool,
    hint: str = "",
    decoded: Any = None,
) -> PixelFacts:
    """Examine one image. ``ocr``: read screenshot text when the extra is installed.
    ``hint``: caption from case.toml, searched (with the file name) for label words.
    ``decoded``: the metadata stage's ``Decoded`` image of the same file, used instead of a
    second decode when it is large enough."""
    ocr = ocr and ocr_enabled()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            src = abs_path if isinstance(abs_path, Source) else Path(abs_path)
            return _extract(src, Category(category), max_pixels, ocr, hint, decoded)
    except Exception as e:  # never raise: a bug-like failure becomes a fact
        return PixelFacts(error=f"{type(e).__name__}: {e}".strip())


def draft_side(category: Category | str, name_and_hint: str, ocr: bool) -> int:
    """The long side the pixel checks will want for this file (decided before its EXIF is
    read, so it may be larger than needed: a camera photo in chat/ is not OCRed)."""
    category = Category(category)
    big = (
        wants_barcodes(category, name_and_hint)
        or category is Category.LISTING
        or (ocr and ocr_enabled() and category in _OCR_CATEGORIES)
    )
    return WORK_SIDE if big else HASH_SIDE


def _scaled(size: tuple[int, int], side: int) -> tuple[int, int]:
    w, h = size
    f = side / max(w, h)
    return (max(1, int(w * f)), max(1, int(h * f))) if f < 1 else (w, h)


def _reuse(decoded: Any, side: int) -> Image.Image | None:
    """The metadata stage's decode when it has enough pixels for ``side``."""
    im = getattr(decoded, "image", None)
    if im is None:
        return None
    full = max(decoded.size)
    if max(im.size) >= min(side, full):
        return im
    return None


def _extract(
    path: Path | Source, category: Category, max_pixels: int, ocr: bool, hint: str, decoded: Any
) -> PixelFacts:
    if size_of(path) > MAX_DECODE_BYTES:
        return PixelFacts(error="file too large to decode")
    want_codes = wants_barcodes(category, f"{path.name} {hint}")
    with reader(path) as fp:
        junk = jpegwalk.garbage(fp)  # Pillow would read the junk a byte at a time
    if junk:
        return PixelFacts(error=junk)
    with reader(path) as fp, _opened(fp) as im:
        if im is None:
            return PixelFacts(error="too many pixels")
        w, h = im.size
        scale = decode_scale(w, h, max_pixels, draftable(im))
        if scale is None:
            return PixelFacts(error="too many pixels")
        # A PNG's getexif() decodes the whole image (to find an eXIf chunk after the data):
        # asked of the metadata stage's decode when there is one.
        exif = (getattr(decoded, "image", None) or im).getexif()
        camera = bool(str(exif.get(_TAG_MAKE, "")).strip() or str(exif.get(_TAG_MODEL, "")).strip())
        screenshot = im.format == "PNG" or not camera
        want_ocr = ocr and screenshot and category in _OCR_CATEGORIES
        big_work = want_codes or want_ocr or category is Category.LISTING
        side = WORK_SIDE if big_work else HASH_SIDE
        src = _reuse(decoded, side)
        if src is None:
            if im.format in {"JPEG", "MPO"}:
                (sw, sh), (lw, lh) = _scaled((w, h), side), draft_size((w, h), scale)
                im.draft("L", (min(sw, lw), min(sh, lh)))
            src = im
        decoded_size = src.size  # the draft size for JPEG
        # exif_transpose reads the orientation from the image it is given; a reused decode
        # carries the same EXIF (it is the same file, opened by the metadata stage).
        oriented = ImageOps.exif_transpose(src)
        # Orientations 5-8 transpose (EXIF 2.32); boxes refer to the upright full-size image.
        turned = oriented.size != decoded_size
        full_size = (h, w) if turned else (w, h)
        grey = oriented.convert("L")
    work = grey if max(grey.size) <= side else grey.resize(_scaled(grey.size, side))
    facts = {
        "size": full_size,
        "dhash": perceptual.dhash(work),
        "phash": perceptual.phash(work),
        "screenshot": screenshot,
    }
    if want_codes:
        big = (lambda: _full_grey(path, max_pixels)) if max(full_size) > max(work.size) else None
        facts["barcodes"], facts["barcode_pass"] = barcodes.decode(work, big)
    if category is Category.LISTING:
        facts["windows"] = _listing_windows(work, full_size)
    if want_ocr:
        facts["ocr_lines"], facts["ocr_state"] = _read_text(path, full_size, max_pixels)
    elif ocr and screenshot and category in _OCR_CATEGORIES and not ocr_installed():
        facts["ocr_state"] = "unavailable"
    return PixelFacts(**facts)  # type: ignore[arg-type]


_OCR_CATEGORIES = (Category.CHAT, Category.LISTING, Category.OTHER)


@contextmanager
def _opened(fp: Any) -> Iterator[Any]:
    """The opened image (closed afterwards), None when even its header is refused."""
    try:
        im = open_unchecked(fp)
    except Image.DecompressionBombError:
        yield None
        return
    with im:
        yield im


def _open_within(path: Path | Source, max_pixels: int, mode: str) -> Image.Image:
    """The whole image, upright, in ``mode``: at full size, or (a JPEG above ``max_pixels``) at
    the DCT scale that keeps it within the limit."""
    with reader(path) as fp, open_unchecked(fp) as im:
        scale = decode_scale(*im.size, max_pixels, draftable(im))
        if scale is None:
            raise ValueError("too many pixels")
        if scale > 1:
            im.draft(mode if mode == "L" else "RGB", draft_size(im.size, scale))
        return ImageOps.exif_transpose(im).convert(mode)


def _full_grey(path: Path | Source, max_pixels: int) -> Image.Image:
    return _open_within(path, max_pixels, "L")


def _listing_windows(
    work: Image.Image, full_size: tuple[int, int]
) -> tuple[tuple[Box, str, str], ...]:
    small = work.resize(_scaled(work.size, LISTING_WINDOW_WIDTH * max(work.size) // work.size[0]))
    f = full_size[0] / small.size[0]
    return tuple(
        ((int(b[0] * f), int(b[1] * f), int(b[2] * f), int(b[3] * f)), d, p)
        for b, d, p in perceptual.window_hashes(small)
    )


def _read_text(
    path: Path | Source, full_size: tuple[int, int], max_pixels: int
) -> tuple[tuple[tuple[str, Box], ...], str]:
    if not ocr_installed():
        return (), "unavailable"
    from evidencekit.audit import ocr as ocr_mod

    try:
        rgb = _open_within(path, max_pixels, "RGB")
        f = min(1.0, OCR_WIDTH / rgb.width)
        if f < 1.0:
            rgb = rgb.resize((OCR_WIDTH, max(1, int(rgb.height * f))), Image.Resampling.LANCZOS)
        if rgb.width < OCR_MIN_SIDE[0] or rgb.height < OCR_MIN_SIDE[1]:
            return (), f"skipped: {rgb.width}x{rgb.height} px is too thin to hold a line of text"
        lines, read_to = _tiled(rgb, ocr_mod.read_lines)
    except Exception as e:
        return (), f"error: {_short(e)}"
    back = full_size[0] / rgb.width
    scaled = tuple(
        (t, (int(b[0] * back), int(b[1] * back), int(b[2] * back), int(b[3] * back)))
        for t, b in lines
    )
    if read_to < rgb.height:
        rows = min(full_size[1], int(read_to * back))
        return scaled, f"partial: the first {rows} of {full_size[1]} pixel rows were read"
    return scaled, "ok"


def _short(e: BaseException) -> str:
    """One line for a finding: RapidOCR wraps ONNX Runtime's errors with a whole traceback
    ("ONNXRuntimeError: Traceback (most recent call last): ... std::bad_alloc")."""
    lines = [ln.strip() for ln in str(e).strip().splitlines() if ln.strip()]
    if any(ln.startswith("Traceback") for ln in lines):
        lines = lines[-1:]
    text = lines[0] if lines else ""
    text = text[:200] + ("…" if len(text) > 200 else "")
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def _tiled(
    img: Image.Image, read: Callable[[Image.Image], Sequence[tuple[str, Box]]]
) -> tuple[list[tuple[str, Box]], int]:
    """OCR tile by tile; a line in an overlap belongs to the tile where its centre lies
    farther from the cut (so each line is kept once). At most ``OCR_MAX_TILES`` tiles are read,
    and a tile of one colour is not (no text can be on it). Returns the lines and the height
    read (``img.height`` when all of it)."""
    h = img.height
    if h <= OCR_TILE:
        return list(read(img)) if _inked(img) else [], h
    out: list[tuple[str, Box]] = []
    step = OCR_TILE - OCR_OVERLAP
    top = 0
    for _ in range(OCR_MAX_TILES):
        bottom = min(h, top + OCR_TILE)
        keep_from = top + (OCR_OVERLAP // 2 if top else 0)
        keep_to = bottom - (OCR_OVERLAP // 2 if bottom < h else 0)
        tile = img.crop((0, top, img.width, bottom))
        for text, (x0, y0, x1, y1) in read(tile) if _inked(tile) else ():
            centre = top + (y0 + y1) / 2
            if keep_from <= centre < keep_to:
                out.append((text, (x0, y0 + top, x1, y1 + top)))
        if bottom >= h:
            return out, h
        top += step
    return out, keep_to


def _inked(img: Image.Image) -> bool:
    """Whether ``img`` has more than one colour (a blank tile holds no text)."""
    bands: Any = img.getextrema()  # one (min, max) a band (RGB here)
    return any(lo != hi for lo, hi in bands)
