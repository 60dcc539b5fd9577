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
* Every other format (PNG, HEIC, WebP, TIFF, GIF, BMP, CMYK JPEG) is decoded once, turned
  upright, flattened on white if it has alpha, capped at ``pagegeom.MAX_DPI`` at its printed
  size (never upscaled) and stored lossless (Flate) when the source was lossless (screenshots
  stay crisp), or as JPEG quality 90 when the source was already lossy (HEIC, lossy WebP).
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageOps

from evidencekit import pagegeom

try:  # HEIC/HEIF/AVIF support; without it such files are UNREADABLE in the audit anyway
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover
    pass

LOSSY_QUALITY = 90
LOSSY_FORMATS = {"HEIF", "AVIF", "WEBP", "JPEG", "MPO"}
"""Sources already lossy: re-encoding them as JPEG loses nothing visible."""

# JPEG markers (ITU-T T.81 Table B.1)
SOI, EOI, SOS = 0xD8, 0xD9, 0xDA
STANDALONE = {0x01, *range(0xD0, 0xD8)}
"""TEM and RST0-7 carry no length field."""
KEEP_APP = {0xE0, 0xEE}
"""APP0 (JFIF) and APP14 (Adobe colour transform) change how the pixels decode; kept.
APP2 is kept only when it is an ICC profile."""


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
    sha256: str = ""
    """SHA-256 of the image data as stored: the JPEG stream for DCT, the decoded samples for
    Flate (what ``pypdf``'s ``get_data()`` returns)."""

    @property
    def upright_size(self) -> tuple[int, int]:
        if self.orientation in (5, 6, 7, 8):
            return self.height, self.width
        return self.width, self.height


class ImageError(Exception):
    """The image cannot be prepared (corrupt, unsupported); it stays out of the exhibits."""


def prepare_image(data: bytes, *, keep_metadata: bool = False) -> PreparedImage:
    """Turn the original file's bytes into what the PDF will embed."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            fmt = im.format or ""
            mode = im.mode
            size = im.size
            orientation = _orientation(im)
            if fmt == "JPEG" and mode in ("RGB", "L") and data[:2] == b"\xff\xd8":
                return _jpeg(data, size, mode, orientation, keep_metadata)
            return _convert(im, fmt)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageError(str(exc)) from exc


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


def _convert(im: Image.Image, fmt: str) -> PreparedImage:
    detail: dict[str, Any] = {"from": fmt.lower() or "unknown"}
    frames = getattr(im, "n_frames", 1)
    if frames > 1:
        im.seek(0)
        detail["frame"] = f"first of {frames}"
    img = ImageOps.exif_transpose(im) or im
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
    w, h = img.size
    mw, mh = pagegeom.max_pixels(w, h)
    if (mw, mh) != (w, h):
        img = img.resize((mw, mh), Image.Resampling.LANCZOS)
        detail["downscaled"] = {"from": [w, h], "to": [mw, mh]}
    cs = "DeviceGray" if img.mode == "L" else "DeviceRGB"
    lossless = fmt not in LOSSY_FORMATS or (fmt == "WEBP" and bool(im.info.get("lossless")))
    if lossless:
        raw = img.tobytes()
        detail.update(format="flate", reencoded=True)
        return PreparedImage(
            stream=zlib.compress(raw, 6),
            filter="FlateDecode",
            width=img.width,
            height=img.height,
            color_space=cs,
            orientation=1,
            transform="converted",
            detail=detail,
            sha256=hashlib.sha256(raw).hexdigest(),
        )
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=LOSSY_QUALITY, optimize=False)
    out = buf.getvalue()
    detail.update(format="jpeg", reencoded=True, quality=LOSSY_QUALITY)
    return PreparedImage(
        stream=out,
        filter="DCTDecode",
        width=img.width,
        height=img.height,
        color_space=cs,
        orientation=1,
        transform="converted",
        detail=detail,
        sha256=hashlib.sha256(out).hexdigest(),
    )


def strip_jpeg_metadata(data: bytes) -> tuple[bytes, list[str]]:
    """Remove metadata segments from a JPEG without touching its coded image data.

    Returns the new bytes and a list naming what was removed (empty when nothing was).
    Raises ImageError on a stream it cannot walk (then nothing is embedded from it).
    """
    if data[:2] != b"\xff\xd8":
        raise ImageError("not a JPEG stream (no SOI marker)")
    out = bytearray(b"\xff\xd8")
    removed: list[str] = []
    i, n = 2, len(data)
    in_scan = False
    while i < n:
        if in_scan:
            # Entropy-coded data: 0xFF is followed by 0x00 (stuffing) or RSTn (T.81 B.1.1.5).
            j = data.find(b"\xff", i)
            while j != -1 and j + 1 < n and (data[j + 1] == 0 or 0xD0 <= data[j + 1] <= 0xD7):
                j = data.find(b"\xff", j + 2)
            if j == -1 or j + 1 >= n:
                raise ImageError("JPEG scan data runs to the end of the file (no EOI)")
            out += data[i:j]
            i = j
            in_scan = False
            continue
        if data[i] != 0xFF:
            raise ImageError(f"JPEG marker expected at byte {i}")
        while i + 1 < n and data[i + 1] == 0xFF:  # fill bytes
            i += 1
        if i + 1 >= n:
            raise ImageError("JPEG ends inside a marker")
        m = data[i + 1]
        if m == EOI:
            out += b"\xff\xd9"
            tail = n - (i + 2)
            if tail > 0:
                removed.append(f"{tail} bytes after EOI")
            return bytes(out), removed
        if m in STANDALONE:
            out += data[i : i + 2]
            i += 2
            continue
        if i + 4 > n:
            raise ImageError("JPEG ends inside a segment header")
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        seg = data[i : i + 2 + length]
        if len(seg) < 2 + length or length < 2:
            raise ImageError("truncated JPEG segment")
        label = _drop_label(m, seg[4:])
        if label:
            removed.append(label)
        else:
            out += seg
        i += 2 + length
        if m == SOS:
            in_scan = True
    raise ImageError("JPEG has no EOI marker")


def _drop_label(marker: int, payload: bytes) -> str | None:
    """Name of a segment to remove, or None to keep it."""
    if marker == 0xFE:
        return "COM"
    if not 0xE0 <= marker <= 0xEF or marker in KEEP_APP:
        return None
    if marker == 0xE2 and payload.startswith(b"ICC_PROFILE\0"):
        return None
    ident = payload[:12].split(b"\0", 1)[0]
    name = ident.decode("ascii", "replace") if ident and ident.isascii() else ""
    base = f"APP{marker - 0xE0}"
    return f"{base} {name}".strip() if name else base
