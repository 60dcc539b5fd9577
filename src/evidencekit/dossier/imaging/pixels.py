"""Decoding and encoding pixels for the PDF: the EXIF orientation, the DCT reduction that keeps
a decode within the pixel limit, a JPEG stored as it is, a conversion (upright, flattened,
capped, Flate or JPEG), and the one JPEG encoder."""

from __future__ import annotations

import hashlib
import io
import zlib
from typing import Any

from PIL import Image

from evidencekit.audit.metadata.pillow_reader import draftable
from evidencekit.dossier import pagegeom
from evidencekit.dossier.imaging.prepared import LOSSY_QUALITY, Fit, PreparedImage
from evidencekit.dossier.jpegsegments import ImageError, strip_jpeg_metadata
from evidencekit.options import decode_scale

LOSSY_FORMATS = {"HEIF", "AVIF", "WEBP", "JPEG", "MPO"}
"""Sources already lossy: re-encoding them as JPEG loses nothing visible."""
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


def reduction(im: Image.Image, max_pixels: int) -> int:
    """The DCT reduction that decodes ``im`` within ``max_pixels`` (ImageError when none)."""
    w, h = im.size
    scale = decode_scale(w, h, max_pixels, draftable(im))
    if scale is None:
        raise ImageError(f"{w}x{h} pixels, above the limit of {max_pixels} (not decoded)")
    return scale


def exif_orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block means "no orientation"
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def jpeg_as_is(
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


def convert(
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
    turn = _TURN.get(exif_orientation(im))
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
