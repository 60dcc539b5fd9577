"""Image preparation for embedding: the only module that asks Pillow to decode for the PDF.

Rules (img2pdf's "correctness first"):

* A JPEG in RGB or grey is never re-encoded. PDF's DCTDecode filter takes the JPEG stream as
  is (ISO 32000-1 §7.4.8), so the exhibit's pixels are exactly the camera's. EXIF orientation
  is applied by the page transform (see ``render.exhibits``), not by rotating pixels.
* Unless ``keep_metadata`` is set, metadata segments are removed from that stream byte-wise
  (APP1 EXIF/XMP with GPS, APP13 IPTC, COM, MPF and vendor segments, data after EOI): a
  lossless segment filter, so the entropy-coded scan data is untouched.
* Decision on very large JPEGs: they are *not* downscaled. A 12 MP photo costs a few MB; a
  defect close-up must survive zooming in, and a re-encode would let the other side say the
  exhibit was altered. The build report states the dossier's size instead.
* The pixel limit (``max_pixels``, ``--max-pixels``) bounds every decode; a JPEG embedded as
  is is not decoded at all. A JPEG above it (a 200 MP phone photo, 16320x12240) that has to be
  decoded is decoded at the DCT scale that fits (``options.decode_scale``: 1/2 here, 8160x6120,
  ~150 MB) or a smaller one, and stored at most at that size; the manifest records the scale.
  An image no scale brings under the limit is never decoded. Pillow's own bomb check (and its
  ``DecompressionBombWarning``) is bypassed: ``pillow_reader.open_unchecked``.
* Every other format (PNG, HEIC, WebP, TIFF, GIF, BMP, CMYK JPEG) is decoded once, turned
  upright, flattened on white if it has alpha, capped at ``pagegeom.MAX_DPI`` at its printed
  size (never upscaled) and stored lossless (Flate) when the source was lossless (screenshots
  stay crisp), or as JPEG quality 90 when the source was already lossy (HEIC, lossy WebP).
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from PIL import Image, ImageOps

from evidencekit._io import open_evidence
from evidencekit.audit.metadata.pillow_reader import draft_size, open_unchecked
from evidencekit.dossier import pagegeom
from evidencekit.dossier.imaging.pixels import (
    convert,
    encode_jpeg,
    exif_orientation,
    jpeg_as_is,
    reduction,
)
from evidencekit.dossier.imaging.prepared import LOSSY_QUALITY, Box, Fit, PreparedImage
from evidencekit.dossier.imaging.preview import decoded_upright, scaled_boxes, thumbnail
from evidencekit.dossier.jpegsegments import ImageError, strip_jpeg_metadata
from evidencekit.options import DEFAULT_MAX_PIXELS

try:  # HEIC/HEIF/AVIF support; without it such files are UNREADABLE in the audit anyway
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover
    pass

# ``prepared``: the values; ``pixels``: decoding and encoding; ``preview``: thumbnails.
__all__ = [
    "LOSSY_QUALITY",
    "Box",
    "Fit",
    "ImageError",
    "PreparedImage",
    "decoded_upright",
    "encode_jpeg",
    "prepare_image",
    "scaled_boxes",
    "strip_jpeg_metadata",
    "thumbnail",
    "untouched_jpeg",
]

DCT_TOLERANCE = 0.95
"""A JPEG decoded at a DCT scale within 5 % below the target size is not resampled further."""


def prepare_image(
    data: bytes,
    *,
    keep_metadata: bool = False,
    fit: Fit | None = None,
    redact: tuple[Box, ...] = (),
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> PreparedImage:
    """Turn the original file's bytes into what the PDF will embed.

    Without ``fit``: the rules in the module docstring. With ``fit`` (a submission profile):
    the image is scaled to ``fit.dpi`` at its printed size and re-encoded as needed; the
    manifest records the scale, dpi and quality, so the loss of fidelity is stated.
    ``redact``: boxes (x, y, w, h) on the upright image, painted black at full resolution
    before anything else, so no stored pixel comes from them; the image is never passed
    through. ``max_pixels``: no decode, and no stored image, is larger (module docstring).
    """
    if redact:
        return _redacted(data, fit, redact, max_pixels)
    if fit is not None:
        return _prepare_fitted(data, fit, keep_metadata, max_pixels)
    try:
        with open_unchecked(io.BytesIO(data)) as im:
            fmt = im.format or ""
            mode = im.mode
            size = im.size
            orientation = exif_orientation(im)
            if _as_is(fmt, mode, data[:2], size, orientation, None):
                return jpeg_as_is(data, size, mode, orientation, keep_metadata)
            scale = reduction(im, max_pixels)
            if scale == 1:
                return convert(im, fmt)
            # Above the limit (a CMYK JPEG, say): decoded at 1/scale, then as any conversion.
            im.draft(im.mode, draft_size(size, scale))
            prepared = convert(im, fmt)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageError(str(exc)) from exc
    return _with_dct(prepared, _upright_size(size, orientation), scale)


def _upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def _with_dct(prepared: PreparedImage, upright: tuple[int, int], scale: int) -> PreparedImage:
    """``prepared`` with the manifest's record of a decode at 1/``scale`` of ``upright``."""
    if scale == 1:
        return prepared
    to = list(prepared.upright_size)
    down = {"from": list(upright), "to": to, "dct_scale": f"1/{scale}", "why": "max_pixels"}
    return dataclasses.replace(prepared, detail={**prepared.detail, "downscaled": down})


def _as_is(
    fmt: str, mode: str, head: bytes, size: tuple[int, int], orientation: int, fit: Fit | None
) -> bool:
    """Whether the file is embedded as the JPEG it is (``_jpeg``) rather than converted: a
    baseline or progressive JPEG in RGB or grey that ``fit`` (if any) does not downscale."""
    if fmt != "JPEG" or mode not in ("RGB", "L") or head != b"\xff\xd8":
        return False
    if fit is None:
        return True
    w, h = size
    upright = (h, w) if orientation in (5, 6, 7, 8) else (w, h)
    return fit.passthrough and _factor(upright, fit) >= 1.0


def untouched_jpeg(
    path: Path, fit: Fit | None, max_pixels: int = DEFAULT_MAX_PIXELS
) -> PreparedImage | None:
    """What ``prepare_image(data, keep_metadata=True, fit=fit)`` returns for a JPEG it would
    embed byte for byte, read from the headers only (``stream`` empty, ``sha256`` unset: the
    caller has both); None when the file would be converted or is not such a JPEG.

    A spliced archive build embeds 200 camera files untouched: reading and hashing each whole
    file here only to hand its name on cost 0.6 s (splice.py reads and checks it anyway)."""
    try:
        with open_evidence(path, None) as fp:
            head = fp.read(2)
            fp.seek(0)
            with open_unchecked(fp) as im:
                fmt, mode, size = im.format or "", im.mode, im.size
                orientation = exif_orientation(im)
    except Exception:  # noqa: BLE001 - fuzzed headers make Pillow raise anything (TypeError...)
        return None  # the full path (prepare_image) decides, and reports, what is wrong
    if not _as_is(fmt, mode, head, size, orientation, fit):
        return None
    return dataclasses.replace(jpeg_as_is(b"", size, mode, orientation, True), sha256="")


def _redacted(
    data: bytes, fit: Fit | None, boxes: tuple[Box, ...], max_pixels: int
) -> PreparedImage:
    from PIL import ImageDraw

    try:
        with open_unchecked(io.BytesIO(data)) as im:
            fmt = im.format or ""
            full = _upright_size(im.size, exif_orientation(im))
            scale = reduction(im, max_pixels)
            if scale > 1:
                im.draft(im.mode, draft_size(im.size, scale))
            img = ImageOps.exif_transpose(im) or im
            img.load()
            img = img.convert("RGBA" if "A" in img.getbands() else "RGB")
            draw = ImageDraw.Draw(img)
            scaled = scaled_boxes(boxes, img.width / full[0], img.height / full[1])
            for x, y, w, h in scaled if scale > 1 else boxes:
                draw.rectangle((x, y, x + w - 1, y + h - 1), fill="black")
            size = None
            if fit is not None:
                factor = _factor(img.size, fit)
                if factor < 1.0:
                    size = (max(1, round(img.width * factor)), max(1, round(img.height * factor)))
            prepared = convert(img, fmt, size=size, fit=fit)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageError(str(exc)) from exc
    prepared = _with_dct(prepared, full, scale)
    detail = {**prepared.detail, "redacted": [list(b) for b in boxes]}
    return dataclasses.replace(prepared, transform="redacted", detail=detail)


def _factor(upright: tuple[int, int], fit: Fit) -> float:
    w, h = upright
    factor = 1.0
    if fit.dpi is not None:
        if fit.layout == "compact":
            printed = pagegeom.compact_print_width(w, h, fit.strip)
        else:
            printed = pagegeom.min_print_width(w, h)
        target_w = fit.dpi * printed / 72.0
        factor = min(factor, target_w / max(1, w))
    if fit.max_pixels is not None and w * h > fit.max_pixels:
        factor = min(factor, (fit.max_pixels / (w * h)) ** 0.5 * 0.999)
    return factor


def _prepare_fitted(data: bytes, fit: Fit, keep_metadata: bool, max_pixels: int) -> PreparedImage:
    try:
        with open_unchecked(io.BytesIO(data)) as im:
            fmt, mode = im.format or "", im.mode
            orientation = exif_orientation(im)
            w, h = im.size
            upright = (h, w) if orientation in (5, 6, 7, 8) else (w, h)
            if _as_is(fmt, mode, data[:2], (w, h), orientation, fit):
                return jpeg_as_is(data, (w, h), mode, orientation, keep_metadata)
            # The decode limit as one more cap (a JPEG decodes at 1/scale at most: the DCT
            # draft below lands on that scale or a smaller one, never a larger one).
            factor = min(_factor(upright, fit), 1 / reduction(im, max_pixels))
            tw, th = (max(1, round(upright[0] * factor)), max(1, round(upright[1] * factor)))
            dct = ""
            if factor < 1.0 and fmt in ("JPEG", "MPO"):
                # DCT-domain scaling (1/2, 1/4, 1/8) while decoding (ITU-T T.81 allows it
                # without the full IDCT): never below DCT_TOLERANCE of the target. A scale that
                # lands within the tolerance is used as is: no resampling pass at all (a 12 MP
                # landscape photo on A4 needs 0.53: 1/2 gives 285 dpi for 300, in a quarter of
                # the time of a full decode plus resize).
                f = factor * DCT_TOLERANCE
                im.draft(mode if mode in ("RGB", "L") else "RGB", (int(w * f), int(h * f)))
                reduced = im.size != (w, h)
                dw, dh = (im.size[1], im.size[0]) if upright != (w, h) else im.size
                if reduced and dw <= tw and dh <= th:
                    tw, th = dw, dh
                    dct = f"1/{round(upright[0] / dw)}"
            prepared = convert(im, fmt, size=(tw, th) if factor < 1.0 else None, fit=fit)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageError(str(exc)) from exc
    detail = dict(prepared.detail)
    if dct:
        detail["downscaled"] = {"from": list(upright), "to": [tw, th], "dct_scale": dct}
    if fit.dpi is not None:
        detail["max_dpi"] = round(fit.dpi)
    return dataclasses.replace(prepared, detail=detail)
