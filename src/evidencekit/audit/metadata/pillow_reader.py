"""Everything the metadata stage asks of Pillow / pillow-heif (the only module importing them).

Opening reads headers only; the full decode (truncation check) runs only for images that decode
within the pixel limit (``options.decode_scale``: a JPEG at a DCT scale), and JPEGs are decoded at
1/8 scale through ``Image.draft`` (the entropy-coded data is still read to the end, so truncation
is still detected, at a fraction of the cost). ``open_unchecked`` is how every stage opens an
image: Pillow's own bomb check would refuse a 200 MP phone photo before a scale can be chosen.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from PIL import Image, ImageChops, ImageFile, ImageStat, IptcImagePlugin, TiffImagePlugin

try:  # pillow-heif adds HEIF/HEIC to Image.open; without it HEIC files are UNREADABLE
    from pillow_heif import register_heif_opener

    register_heif_opener()
except Exception:  # pragma: no cover - optional at runtime
    pass

from evidencekit._io import Source, reader, size_of
from evidencekit.audit.metadata import jpegwalk
from evidencekit.audit.metadata.makers import IPTC_DATASETS
from evidencekit.audit.metadata.tags import GROUP_POINTERS, TagMap, TagValue
from evidencekit.options import decode_scale

# Decode only files up to this size; larger files are still opened for their headers.
MAX_DECODE_BYTES = 64 * 1024 * 1024
# Mean absolute grey-level difference (0-255) of 16x16 versions above which the embedded EXIF
# thumbnail is "clearly different" from the image. On the real-image corpus, untouched camera and
# phone files score 0-9; files edited after capture (date_error.JPG, 35-empty.jpg,
# broken_orientation_exif2.jpg) score 41-60.
THUMB_MISMATCH_MAD = 30.0
_ASPECT_TOLERANCE = 0.08
_THUMB_IFD1_OFFSET = 0x0201
_THUMB_IFD1_LENGTH = 0x0202


@dataclass
class PillowResult:
    opened: bool = False
    error: str = ""
    format: str | None = None
    width: int | None = None
    height: int | None = None
    frames: int = 1
    text: dict[str, str] = field(default_factory=dict)
    xmp: bytes | str | None = None
    iptc: dict[tuple[int, int], bytes] = field(default_factory=dict)
    """IPTC IIM DateCreated/TimeCreated (APP13 Photoshop block, TIFF tag 33723)."""
    segments: list[tuple[str, bytes]] = field(default_factory=list)
    """A JPEG's APP0 and APP12 segments (pre-EXIF cameras' CIFF and picture-info dates)."""
    exif_present: bool = False
    exif_tags: TagMap = field(default_factory=dict)
    exif_error: str = ""
    truncated: bool = False
    decode_error: str = ""
    too_many_pixels: bool = False
    decode_scale: int = 1
    thumbnail_mismatch: bool | None = None
    image: Image.Image | None = None
    """The decoded (JPEG: draft-scaled, greyscale) image, for the pixel checks of the same
    worker: the entropy-coded data of a 12 MP photo takes ~40 ms to read at any DCT scale, so
    the audit decodes each image once (see pipeline.extract_with_pixels)."""


def read(path: Path | Source, max_pixels: int, draft_side: int = 64) -> PillowResult:
    """Open ``path``, read its headers and EXIF, decode its image data (truncation and
    thumbnail checks). ``draft_side``: JPEGs are decoded at the smallest DCT scale keeping the
    long side at least this long."""
    res = PillowResult()
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        _read(path, max_pixels, draft_side, res)
    # Pillow's own word that the file ends early ("Truncated File Read", "Tag data larger
    # than file": a TIFF's tags past the end of the file) is the truncation the decode would
    # report (EK004); its other warnings (odd tag counts, corrupt EXIF) stay silent, the EXIF
    # reader says what it could not read.
    cut = next((str(w.message) for w in said if _ENDS_EARLY.search(str(w.message))), "")
    if cut and res.opened and not res.decode_error and not res.too_many_pixels:
        res.truncated = True
        res.decode_error = f"image data truncated: {cut}"
    return res


_ENDS_EARLY = re.compile(r"truncated|larger than file", re.I)


def _read(path: Path | Source, max_pixels: int, draft_side: int, res: PillowResult) -> None:
    try:
        with reader(path) as fp:
            junk = jpegwalk.garbage(fp)  # before Pillow, which reads junk a byte at a time
            if junk:
                res.error = f"cannot open image: {junk}"
                return
            im = _open(fp)
            if im is None:
                res.error = "cannot identify image data"
                return
            _describe(im, res)
            scale = decode_scale(res.width or 0, res.height or 0, max_pixels, draftable(im))
            res.too_many_pixels = scale is None
            res.decode_scale = scale or 1
            decodable = not res.too_many_pixels and size_of(path) <= MAX_DECODE_BYTES
            # Pillow finds a PNG eXIf chunk that follows the image data only by decoding it.
            late_exif = im.format == "PNG" and "exif" not in im.info
            if not late_exif:
                _read_exif(im, res)
            if decodable:
                _decode(im, res, draft_side, res.decode_scale)
            if late_exif and decodable and not res.decode_error:
                _read_exif(im, res)
    except _TooBig as e:
        # Even the header is refused (GIF checks each frame's size while opening): the image is
        # too large to inspect, which is all we need to say about it.
        res.opened, res.format, res.too_many_pixels = True, e.format, True
    except Exception as e:  # any bug-like failure in Pillow becomes text, never an exception
        if not res.opened:
            res.error = f"cannot open image: {_msg(e)}"
        else:
            res.decode_error = res.decode_error or f"{_msg(e)}"


def _msg(e: BaseException) -> str:
    text = str(e).strip()
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


class _TooBig(Exception):
    def __init__(self, format: str | None) -> None:
        super().__init__(format)
        self.format = format


def open_unchecked(fp: IO[bytes]) -> ImageFile.ImageFile:
    """``Image.open`` without Pillow's decompression-bomb check (a ``DecompressionBombWarning``
    on stderr above 89 MP, an error above 179 MP): the caller decodes within its own
    ``max_pixels`` (``options.decode_scale``, ``draft_size``). Raises what Image.open raises for
    a file no format reads (``DecompressionBombError`` only when the header itself is refused,
    as a GIF frame's can be)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            im = _open(fp)
        except _TooBig as e:
            raise Image.DecompressionBombError(f"{e.format} header refused") from None
    if im is None:
        raise Image.UnidentifiedImageError("cannot identify image data")
    return im


def draftable(im: Image.Image) -> bool:
    """A JPEG Pillow can decode at a DCT scale (``Image.draft``: one tile, not yet loaded)."""
    return im.format in {"JPEG", "MPO"} and len(getattr(im, "tile", ())) == 1


def draft_size(size: tuple[int, int], scale: int) -> tuple[int, int]:
    """The size to ask ``Image.draft`` for so that it decodes at 1/``scale`` or smaller."""
    return max(1, size[0] // scale), max(1, size[1] // scale)


def _open(fp: IO[bytes]) -> ImageFile.ImageFile | None:
    """Image.open, but past the decompression-bomb guard: we apply our own pixel limit and never
    decode above it, so the header (size, EXIF) of a huge image is still worth reading."""
    try:
        return Image.open(fp)
    except Image.DecompressionBombError:
        pass
    except Image.UnidentifiedImageError:
        return None
    fp.seek(0)
    prefix = fp.read(16)  # Image.open also sniffs the first 16 bytes
    Image.init()
    for fmt in Image.ID:
        factory, accept = Image.OPEN[fmt]
        try:
            if accept and not accept(prefix):
                continue
            fp.seek(0)
            return factory(fp, "")
        except Image.DecompressionBombError:
            raise _TooBig(getattr(factory, "format", None)) from None
        except (SyntaxError, IndexError, TypeError, ValueError, OSError):
            continue
    return None


def _describe(im: ImageFile.ImageFile, res: PillowResult) -> None:
    res.opened = True
    res.format = im.format
    res.width, res.height = im.size
    try:
        res.frames = int(getattr(im, "n_frames", 1) or 1)
    except Exception:
        res.frames = 1
    for key, value in im.info.items():
        if isinstance(key, str) and isinstance(value, str | bytes):
            if key.lower() in {"xmp", "xml:com.adobe.xmp"}:
                res.xmp = value
            elif isinstance(value, str):
                res.text[key] = value
    if res.xmp is None and isinstance(im, TiffImagePlugin.TiffImageFile):
        packet = im.tag_v2.get(700)  # TIFF XMLPacket (XMP spec part 3, 1.2.3)
        if isinstance(packet, bytes | str):
            res.xmp = packet
    res.segments = [(m, d) for m, d in getattr(im, "applist", ()) if m in ("APP0", "APP12")]
    res.iptc = _iptc(im)


def _iptc(im: ImageFile.ImageFile) -> dict[tuple[int, int], bytes]:
    try:
        info = IptcImagePlugin.getiptcinfo(im) or {}
    except Exception:  # a malformed IPTC block is no claim, and not worth a finding
        return {}
    out = {}
    for key in IPTC_DATASETS:
        value = info.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, bytes):
            out[key] = value[:64]
    return out


def _read_exif(im: ImageFile.ImageFile, res: PillowResult) -> None:
    """The EXIF block itself. ``im.getexif()`` is avoided where the raw block is at hand because
    Pillow adds an Orientation taken from XMP to it; we want what the EXIF block says."""
    raw = im.info.get("exif")
    if raw is None and isinstance(im.info.get("Raw profile type exif"), str):
        raw = _imagemagick_profile(im.info["Raw profile type exif"])
    res.exif_present = isinstance(raw, bytes) and len(raw) > 8
    try:
        if isinstance(raw, bytes) and raw:
            exif = Image.Exif()
            exif.load(raw)
        elif isinstance(im, TiffImagePlugin.TiffImageFile):
            exif = im.getexif()  # a TIFF's IFD0 is its EXIF IFD0
        else:
            return
        tags: TagMap = {}
        _put(tags, "IFD0", exif.items())
        for group, pointer in GROUP_POINTERS.items():
            if group == "IFD0":
                continue
            try:
                _put(tags, group, exif.get_ifd(pointer).items())
            except Exception as e:
                res.exif_error = f"Pillow {group}: {_msg(e)}"
        res.exif_tags = tags
        if tags:
            res.exif_present = True
    except Exception as e:
        res.exif_error = f"Pillow EXIF: {_msg(e)}"


def _imagemagick_profile(text: str) -> bytes | None:
    """ImageMagick stores EXIF in PNG as text: "\\nexif\\n  <length>\\n<hex>" (no PNG spec)."""
    parts = text.strip().split(None, 2)
    if len(parts) < 3:
        return None
    try:
        return bytes.fromhex("".join(parts[2].split()))
    except ValueError:
        return None


def _put(tags: TagMap, group: str, items: Any) -> None:
    for tag, value in items:
        norm = _norm(value)
        if norm is not None:
            tags[(group, int(tag))] = norm


def _norm(value: Any) -> TagValue | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, tuple | list):
        items = [_norm(v) for v in value]
        nums = tuple(v for v in items if isinstance(v, int | float))
        if len(nums) != len(items):
            return None
        return nums[0] if len(nums) == 1 else nums
    try:
        return float(value)  # IFDRational and friends
    except (TypeError, ValueError, ZeroDivisionError):
        return None


def _decode(im: ImageFile.ImageFile, res: PillowResult, side: int, scale: int) -> None:
    thumb = _exif_thumbnail(im, res) if im.format in {"JPEG", "MPO"} else None
    if im.format in {"JPEG", "MPO"}:
        w, h = im.size
        f = min(1.0, side / max(w, h, 1))
        lw, lh = draft_size((w, h), scale)  # within the pixel limit, whatever ``side`` asks
        im.draft("L", (min(lw, max(1, int(w * f))), min(lh, max(1, int(h * f)))))
    try:
        im.load()
    except (OSError, EOFError, SyntaxError, ValueError) as e:
        text = _msg(e)
        if "truncated" in text.lower() or isinstance(e, EOFError):
            res.truncated = True
            res.decode_error = f"image data truncated: {text}"
        else:
            res.decode_error = f"cannot decode image data: {text}"
        return
    res.image = im
    if thumb is not None:
        try:
            res.thumbnail_mismatch = _thumb_differs(thumb, im)
        except Exception:
            res.thumbnail_mismatch = None


def _exif_thumbnail(im: ImageFile.ImageFile, res: PillowResult) -> Image.Image | None:
    """The JPEG thumbnail in IFD1 (EXIF 2.32 sec. 4.5.8), decoded, or None."""
    raw = im.info.get("exif")
    off = res.exif_tags.get(("IFD1", _THUMB_IFD1_OFFSET))
    length = res.exif_tags.get(("IFD1", _THUMB_IFD1_LENGTH))
    if not isinstance(raw, bytes) or not isinstance(off, int) or not isinstance(length, int):
        return None
    base = 6 if raw.startswith(b"Exif\x00\x00") else 0
    data = raw[base + off : base + off + length]
    if len(data) < 100 or not data.startswith(b"\xff\xd8"):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            thumb = Image.open(io.BytesIO(data))
            thumb.load()
        return thumb.convert("L")
    except Exception:
        return None


def _thumb_differs(thumb: Image.Image, im: Image.Image) -> bool:
    main = im.convert("L")
    main_aspect = main.width / main.height
    t_aspect = thumb.width / thumb.height
    if abs(t_aspect / main_aspect - 1) > _ASPECT_TOLERANCE:
        # Cameras pad a 160x120 thumbnail with black bars when the image has another aspect.
        boxed = _strip_bars(thumb, main_aspect)
        if boxed is None:
            return True
        thumb = boxed
    a = main.resize((16, 16), Image.Resampling.BOX)
    b = thumb.resize((16, 16), Image.Resampling.BOX)
    mad = ImageStat.Stat(ImageChops.difference(a, b)).mean[0]
    return bool(mad > THUMB_MISMATCH_MAD)


def _strip_bars(thumb: Image.Image, aspect: float) -> Image.Image | None:
    w, h = thumb.size
    if w / h > aspect:  # pillar-box: bars left and right
        cw, ch = max(1, round(h * aspect)), h
    else:  # letter-box: bars top and bottom
        cw, ch = w, max(1, round(w / aspect))
    x0, y0 = (w - cw) // 2, (h - ch) // 2
    bars = [(0, 0, w, y0), (0, y0 + ch, w, h), (0, 0, x0, h), (x0 + cw, 0, w, h)]
    for box in bars:
        if box[2] - box[0] < 1 or box[3] - box[1] < 1:
            continue
        stat = ImageStat.Stat(thumb.crop(box))
        if stat.mean[0] > 24 or stat.stddev[0] > 12:
            return None  # not uniform dark bars: the thumbnail shows something else
    return thumb.crop((x0, y0, x0 + cw, y0 + ch))


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a JPEG (a RAW's embedded preview) from its header, or None."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            return im.size if im.format == "JPEG" else None
    except Exception:
        return None
