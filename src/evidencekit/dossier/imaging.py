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
import functools
import hashlib
import io
import math
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from PIL import Image, ImageOps

from evidencekit._io import open_evidence
from evidencekit.audit.metadata.pillow_reader import draft_size, draftable, open_unchecked
from evidencekit.dossier import pagegeom
from evidencekit.dossier.jpegsegments import ImageError, strip_jpeg_metadata
from evidencekit.options import DEFAULT_MAX_PIXELS, decode_scale

try:  # HEIC/HEIF/AVIF support; without it such files are UNREADABLE in the audit anyway
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover
    pass

LOSSY_QUALITY = 90
DCT_TOLERANCE = 0.95
"""A JPEG decoded at a DCT scale within 5 % below the target size is not resampled further."""
LOSSY_FORMATS = {"HEIF", "AVIF", "WEBP", "JPEG", "MPO"}
_TURN = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
"""EXIF orientation -> the operation that turns the stored image upright (as Pillow's
ImageOps.exif_transpose maps it)."""
_SIDEWAYS = {_TURN[5], _TURN[6], _TURN[7], _TURN[8]}
"""Sources already lossy: re-encoding them as JPEG loses nothing visible."""


@dataclass(frozen=True)
class PreparedImage:
    """One exhibit image as it will be stored in the PDF."""

    stream: bytes
    """The PDF stream content: the JPEG for DCTDecode, zlib data for FlateDecode."""
    filter: str
    """``DCTDecode`` or ``FlateDecode``."""
    width: int
    height: int
    """Stored pixel size (before the page transform turns it upright)."""
    color_space: str
    """``DeviceRGB`` or ``DeviceGray``."""
    orientation: int
    """EXIF orientation 1-8 still to apply by page transform (1 for converted images)."""
    transform: str
    """``passthrough``, ``metadata-stripped`` or ``converted``."""
    detail: dict[str, Any] = field(default_factory=dict)
    """What exactly was done (removed segments, scale, quality...), for the manifest."""
    spool: str = ""
    """When set, ``stream`` is a splice placeholder and the real stream is in this file."""
    sha256: str = ""
    """SHA-256 of the image data as stored: the JPEG stream for DCT, the decoded samples for
    Flate (what ``pypdf``'s ``get_data()`` returns)."""

    @property
    def upright_size(self) -> tuple[int, int]:
        if self.orientation in (5, 6, 7, 8):
            return self.height, self.width
        return self.width, self.height


@dataclass(frozen=True)
class Fit:
    """How a submission profile wants one image prepared (``build --profile``)."""

    dpi: float | None
    """Largest resolution at the printed size (``pagegeom.min_print_width``); None = no cap."""
    quality: int = LOSSY_QUALITY
    """JPEG quality when the image has to be (re-)encoded."""
    passthrough: bool = True
    """A JPEG already within the caps is embedded byte for byte (metadata stripped)."""
    lossless: bool = True
    """Keep lossless sources lossless; False allows JPEG when it is smaller (screenshots under
    a byte limit; the caller keeps ``quality`` at or above its legibility floor)."""
    max_pixels: int | None = None
    """Hard cap on width x height of the stored image (Mastercom: < 30 MP)."""
    layout: str = "standard"
    """Page layout the image is printed in (``standard`` or ``compact``): sets the printed
    width ``dpi`` is measured against."""
    strip: bool = False
    """Compact layout: printed as a screenshot's columns rather than in a photo grid."""


Box = tuple[int, int, int, int]
_P = ParamSpec("_P")
_R = TypeVar("_R")


def _quiet(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` with Pillow's warnings silenced. A fuzzed or cut-off file makes Pillow warn
    ("Truncated File Read", "Metadata Warning, tag 257 had too many entries", "Corrupt EXIF
    data") on stderr, between the progress lines; the audit has already read the same file
    and reports what is wrong with it (EK004, EK009, EK113), so nothing is lost here."""

    @functools.wraps(fn)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)

    return run


@_quiet
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
            orientation = _orientation(im)
            if _as_is(fmt, mode, data[:2], size, orientation, None):
                return _jpeg(data, size, mode, orientation, keep_metadata)
            scale = _scale(im, max_pixels)
            if scale == 1:
                return _convert(im, fmt)
            # Above the limit (a CMYK JPEG, say): decoded at 1/scale, then as any conversion.
            im.draft(im.mode, draft_size(size, scale))
            prepared = _convert(im, fmt)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageError(str(exc)) from exc
    return _with_dct(prepared, _upright_size(size, orientation), scale)


def _scale(im: Image.Image, max_pixels: int) -> int:
    """The DCT reduction that decodes ``im`` within ``max_pixels`` (ImageError when none)."""
    w, h = im.size
    scale = decode_scale(w, h, max_pixels, draftable(im))
    if scale is None:
        raise ImageError(f"{w}x{h} pixels, above the limit of {max_pixels} (not decoded)")
    return scale


def _upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def _with_dct(prepared: PreparedImage, upright: tuple[int, int], scale: int) -> PreparedImage:
    """``prepared`` with the manifest's record of a decode at 1/``scale`` of ``upright``."""
    if scale == 1:
        return prepared
    to = list(prepared.upright_size)
    down = {"from": list(upright), "to": to, "dct_scale": f"1/{scale}", "why": "max_pixels"}
    return dataclasses.replace(prepared, detail={**prepared.detail, "downscaled": down})


def scaled_boxes(boxes: tuple[Box, ...], rx: float, ry: float) -> tuple[Box, ...]:
    """Redaction boxes on an image decoded at ``rx`` x ``ry`` of the size they were drawn on,
    rounded outwards: every decoded pixel that any covered pixel went into is covered."""
    out = []
    for x, y, w, h in boxes:
        x0, y0 = math.floor(x * rx), math.floor(y * ry)
        x1, y1 = math.ceil((x + w) * rx), math.ceil((y + h) * ry)
        out.append((x0, y0, max(1, x1 - x0), max(1, y1 - y0)))
    return tuple(out)


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


@_quiet
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
                orientation = _orientation(im)
    except Exception:  # noqa: BLE001 - fuzzed headers make Pillow raise anything (TypeError...)
        return None  # the full path (prepare_image) decides, and reports, what is wrong
    if not _as_is(fmt, mode, head, size, orientation, fit):
        return None
    return dataclasses.replace(_jpeg(b"", size, mode, orientation, True), sha256="")


def _redacted(
    data: bytes, fit: Fit | None, boxes: tuple[Box, ...], max_pixels: int
) -> PreparedImage:
    from PIL import ImageDraw

    try:
        with open_unchecked(io.BytesIO(data)) as im:
            fmt = im.format or ""
            full = _upright_size(im.size, _orientation(im))
            scale = _scale(im, max_pixels)
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
            prepared = _convert(img, fmt, size=size, fit=fit)
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
            orientation = _orientation(im)
            w, h = im.size
            upright = (h, w) if orientation in (5, 6, 7, 8) else (w, h)
            if _as_is(fmt, mode, data[:2], (w, h), orientation, fit):
                return _jpeg(data, (w, h), mode, orientation, keep_metadata)
            # The decode limit as one more cap (a JPEG decodes at 1/scale at most: the DCT
            # draft below lands on that scale or a smaller one, never a larger one).
            factor = min(_factor(upright, fit), 1 / _scale(im, max_pixels))
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
            prepared = _convert(im, fmt, size=(tw, th) if factor < 1.0 else None, fit=fit)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageError(str(exc)) from exc
    detail = dict(prepared.detail)
    if dct:
        detail["downscaled"] = {"from": list(upright), "to": [tw, th], "dct_scale": dct}
    if fit.dpi is not None:
        detail["max_dpi"] = round(fit.dpi)
    return dataclasses.replace(prepared, detail=detail)


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block means "no orientation"
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _jpeg(
    data: bytes, size: tuple[int, int], mode: str, orientation: int, keep: bool
) -> PreparedImage:
    cs = "DeviceGray" if mode == "L" else "DeviceRGB"
    removed: list[str] = []
    if keep:
        out = data
    else:
        out, removed = strip_jpeg_metadata(data)
    transform = "metadata-stripped" if removed else "passthrough"
    detail: dict[str, Any] = {"format": "jpeg", "reencoded": False}
    if removed:
        detail["removed"] = removed
    return PreparedImage(
        stream=out,
        filter="DCTDecode",
        width=size[0],
        height=size[1],
        color_space=cs,
        orientation=orientation,
        transform=transform,
        detail=detail,
        sha256=hashlib.sha256(out).hexdigest(),
    )


def _convert(
    im: Image.Image,
    fmt: str,
    size: tuple[int, int] | None = None,
    fit: Fit | None = None,
) -> PreparedImage:
    """Decode, upright, flatten; scale to ``size`` (or the default dpi cap); encode."""
    detail: dict[str, Any] = {"from": fmt.lower() or "unknown"}
    frames = getattr(im, "n_frames", 1)
    if frames > 1:
        im.seek(0)
        detail["frame"] = f"first of {frames}"
    # Turned upright after scaling (a quarter of the pixels to move for a 12 MP photo scaled
    # to A4); the same operations as ImageOps.exif_transpose (EXIF 2.32, Orientation).
    turn = _TURN.get(_orientation(im))
    img = im
    img.load()
    if "A" in img.getbands() or "transparency" in img.info:
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba).convert("RGB")
        detail["alpha"] = "flattened on white"
    elif img.mode not in ("RGB", "L"):
        if img.mode.startswith("I;16") or img.mode in ("I", "F"):
            img = img.convert("L") if len(img.getbands()) == 1 else img.convert("RGB")
        else:
            img = img.convert("RGB")
    sideways = turn in _SIDEWAYS
    w, h = (img.height, img.width) if sideways else img.size  # upright
    if size is not None:
        mw, mh = size
    elif fit is not None:
        mw, mh = w, h
    else:
        mw, mh = pagegeom.max_pixels(w, h)
    if (mw, mh) != (w, h):
        # Photos (lossy sources): bicubic, as sharp as Lanczos at these ratios and 40 % faster;
        # screenshots: Lanczos, whose steeper kernel keeps small text crisper.
        lossy = fmt in LOSSY_FORMATS and not (fmt == "WEBP" and im.info.get("lossless"))
        f = Image.Resampling.BICUBIC if lossy else Image.Resampling.LANCZOS
        img = img.resize((mh, mw) if sideways else (mw, mh), f)
        detail["downscaled"] = {"from": [w, h], "to": [mw, mh]}
    if turn is not None:
        img = img.transpose(turn)
    cs = "DeviceGray" if img.mode == "L" else "DeviceRGB"
    lossless = fmt not in LOSSY_FORMATS or (fmt == "WEBP" and bool(im.info.get("lossless")))
    quality = fit.quality if fit is not None else LOSSY_QUALITY
    flate = None
    if lossless:
        raw = img.tobytes()
        flate = zlib.compress(raw, 6)
    jpeg = None
    if not lossless or (fit is not None and not fit.lossless):
        jpeg = encode_jpeg(img, quality=quality, optimize=False)
    if flate is not None and (jpeg is None or len(flate) <= len(jpeg)):
        detail.update(format="flate", reencoded=True)
        # Flate: the manifest hash is of the decoded samples (what pypdf's get_data returns).
        stream, filt, digest = flate, "FlateDecode", hashlib.sha256(raw).hexdigest()
    else:
        assert jpeg is not None
        detail.update(format="jpeg", reencoded=True, quality=quality)
        stream, filt, digest = jpeg, "DCTDecode", hashlib.sha256(jpeg).hexdigest()
    return PreparedImage(
        stream=stream,
        filter=filt,
        width=img.width,
        height=img.height,
        color_space=cs,
        orientation=1,
        transform="converted",
        detail=detail,
        sha256=digest,
    )


def encode_jpeg(img: Image.Image, **options: Any) -> bytes:
    """``img`` as a JPEG carrying pixels only: every JPEG this program writes goes through here.

    Pillow copies ``im.info`` through convert/resize and writes its ``comment`` back as a COM
    segment (a phone's ``owner=... phone ... /home/...`` note survived every re-encode, issue
    19); it is emptied here, and the result is filtered byte-wise like a passed-through JPEG,
    so nothing but JFIF, Adobe and the tables reaches the output whatever Pillow adds."""
    buf = io.BytesIO()
    img.save(buf, "JPEG", comment=b"", exif=b"", **options)
    return strip_jpeg_metadata(buf.getvalue())[0]


@_quiet
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
            scale = _scale(im, max_pixels)
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


@_quiet
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
