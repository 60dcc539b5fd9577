"""Metadata stage: what a file's headers say about the picture and when it was captured.

``read_metadata`` never raises: every source (Pillow, exifread, XMP, PNG text) is read
separately and a failure becomes ``ImageMeta.exif_state`` / ``ImageMeta.error`` text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidencekit._io import Source, reader, size_of
from evidencekit.audit.metadata import blocks, exif, makers, pillow_reader, xmp
from evidencekit.audit.metadata import tags as T
from evidencekit.audit.metadata.dates import parse_date, parse_datetime
from evidencekit.audit.metadata.filenames import claims_from_filename
from evidencekit.case import rawfile
from evidencekit.models import DAY, ExifState, ImageMeta, TimeClaim
from evidencekit.options import DEFAULT_MAX_PIXELS

__all__ = [
    "read_metadata",
    "read_metadata_decoded",
    "Decoded",
    "claims_from_filename",
    "DEFAULT_MAX_PIXELS",
    "metadata_read",
]


# PNG tEXt/iTXt keywords that state a capture/creation time: "Creation Time" is the PNG spec's
# predefined keyword (PNG 1.2 sec. 4.2.3.1); "CreationTime" and ImageMagick's "date:create"
# appear in the wild. Order = order of the claims.
_PNG_TEXT_KEYS = (
    ("Creation Time", "png:CreationTime"),
    ("CreationTime", "png:CreationTime"),
    ("date:create", "png:date:create"),
)


@dataclass(frozen=True)
class Decoded:
    """The image as the metadata stage decoded it, handed on to the pixel checks."""

    image: Any
    """A loaded PIL image (JPEG: greyscale at a DCT draft scale), or None when not decoded."""
    size: tuple[int, int]
    """The stored image's full size, before EXIF orientation and draft scaling."""


def read_metadata(
    path: Path | Source, media_type: str, max_pixels: int = DEFAULT_MAX_PIXELS
) -> ImageMeta:
    """Read one file's metadata. Never raises; problems are reported in the result."""
    return read_metadata_decoded(path, media_type, max_pixels)[0]


def read_metadata_decoded(
    path: Path | Source,
    media_type: str,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    draft_side: int = 64,
) -> tuple[ImageMeta, Decoded | None]:
    """``read_metadata`` plus the decoded image (JPEG: at the DCT scale keeping the long side
    at least ``draft_side``), for the pixel checks."""
    try:
        src = path if isinstance(path, Source) else Path(path)
        return _read(src, media_type, max_pixels, draft_side)
    except Exception as e:  # last resort: a bug here must not stop the audit
        return ImageMeta(ExifState.UNREADABLE, error=f"metadata reader failed: {e!r}"), None


def _read(
    path: Path | Source, media_type: str, max_pixels: int, draft_side: int
) -> tuple[ImageMeta, Decoded | None]:
    pil = pillow_reader.read(path, max_pixels, draft_side)
    decoded = None
    if pil.opened and pil.width and pil.height:
        decoded = Decoded(pil.image, (pil.width, pil.height))
    ex = exif.choose(path, media_type, pil.exif_tags, pil.exif_present, pil.exif_error)
    if not ex.tags and rawfile.is_raw(path.name):
        ex = _container_exif(path, ex)
    packet = pil.xmp
    if not pil.opened and not ex.tags and media_type == "image/webp":
        ex, packet = _damaged_webp(path, ex)
    tags = ex.tags
    xmp_text = _safe_xmp(packet)
    orientation = exif.orientation(tags)
    width, height = pil.width, pil.height
    # Orientations 5-8 transpose the image (EXIF 2.32, Orientation). Not for HEIF: libheif has
    # already applied the container's irot/imir, which HEIF readers must use instead of EXIF
    # (ISO/IEC 23008-12), and pillow-heif resets the EXIF orientation it hands to Pillow.
    rotated = orientation in (5, 6, 7, 8) and pil.format != "HEIF"
    if rotated and width is not None and height is not None:
        width, height = height, width

    claims: list[TimeClaim] = []
    claims.extend(exif.claims(tags))
    note = pil.exif_tags.get(("ExifIFD", T.MAKER_NOTE)) or tags.get(("ExifIFD", T.MAKER_NOTE))
    claims.extend(makers.makernote_claims(note))
    claims.extend(makers.segment_claims(pil.segments))
    claims.extend(makers.iptc_claims(pil.iptc))
    claims.extend(_xmp_claims(xmp_text))
    claims.extend(_png_claims(pil.text))

    errors = [e for e in (pil.error, ex.error, pil.decode_error) if e]
    state = ex.state
    if not pil.opened or (pil.decode_error and not pil.truncated):
        state = ExifState.UNREADABLE
    meta = ImageMeta(
        exif_state=state,
        format=pil.format,
        width=width,
        height=height,
        orientation=orientation,
        make=exif.text(tags, "IFD0", T.MAKE) or xmp.field(xmp_text, "tiff:Make"),
        model=exif.text(tags, "IFD0", T.MODEL) or xmp.field(xmp_text, "tiff:Model"),
        software=exif.text(tags, "IFD0", T.SOFTWARE) or xmp.field(xmp_text, "tiff:Software"),
        creator_tool=xmp.field(xmp_text, "xmp:CreatorTool")
        or exif.text(tags, "IFD0", T.HOST_COMPUTER),
        gps=exif.gps(tags),
        has_serial=exif.has_serial(tags) or xmp.has_serial(xmp_text),
        claims=tuple(claims),
        thumbnail_mismatch=pil.thumbnail_mismatch,
        error="; ".join(errors),
        truncated=pil.truncated,
        too_many_pixels=pil.too_many_pixels,
        frames=pil.frames,
    )
    if rawfile.is_raw(path.name):
        return _raw(path, meta, decoded)
    return meta, decoded


MAX_RAW_BYTES = 512 * 1024 * 1024


def _raw(
    path: Path | Source, meta: ImageMeta, decoded: Decoded | None
) -> tuple[ImageMeta, Decoded | None]:
    """A camera RAW: its EXIF is the RAW's own (read above); the picture is the largest JPEG
    preview the camera embedded, when there is one (``case.rawfile``)."""
    with reader(path) as fh:
        preview = rawfile.preview_from_file(fh, size_of(path), MAX_RAW_BYTES)
    size = pillow_reader.jpeg_size(preview) if preview else None
    if size is None:
        return meta, decoded
    w, h = size
    if meta.orientation in (5, 6, 7, 8):
        w, h = h, w
    state = meta.exif_state
    if state is ExifState.UNREADABLE:  # Pillow cannot open the RAW; its EXIF was read
        state = ExifState.OK if metadata_read(meta) else ExifState.NONE
    errors = "; ".join(e for e in meta.error.split("; ") if e and "cannot" not in e)
    fixed = dataclasses.replace(
        meta,
        exif_state=state,
        format=f"RAW {Path(path.name).suffix.lstrip('.').upper()}",
        width=w,
        height=h,
        raw_preview=True,
        error=errors,
    )
    return fixed, None


def _container_exif(path: Path | Source, ex: exif.ExifResult) -> exif.ExifResult:
    """A CR3's CMT1/CMT2/CMT4 blocks or a RAF's embedded JPEG, which exifread does not find."""
    with reader(path) as fh:
        found = rawfile.exif_blocks_from_file(fh, size_of(path))
    if not found:
        return ex
    tags, error = exif.read_blocks(found)
    if not tags:
        return ex
    state = ExifState.CORRUPT if error else ExifState.OK
    return exif.ExifResult(state, tags, error, "exifread")


def metadata_read(m: ImageMeta) -> bool:
    """The file's EXIF/XMP/IPTC said something (a time, the camera, a position), whether or
    not its picture could be opened."""
    return bool(m.claims or m.make or m.model or m.gps)


def _damaged_webp(path: Path | Source, ex: exif.ExifResult) -> tuple[exif.ExifResult, bytes]:
    """The EXIF/XMP chunks of a WebP libwebp refused, found by fourcc (``blocks``)."""
    block, packet = blocks.webp_blocks(path)
    if not block:
        return ex, packet
    tags, error = exif.read_block(block)
    if not tags:
        return ex, packet
    why = "; ".join(e for e in ("EXIF read from a damaged WebP's EXIF chunk", error) if e)
    return exif.ExifResult(ExifState.CORRUPT, tags, why, "exifread"), packet


def _safe_xmp(packet: bytes | str | None) -> str:
    try:
        return xmp.decode(packet)
    except Exception:
        return ""


def _xmp_claims(text: str) -> list[TimeClaim]:
    out: list[TimeClaim] = []
    for name, source in xmp.DATE_FIELDS:
        raw = xmp.field(text, name)
        parsed = parse_datetime(raw)
        if parsed is not None:
            out.append(TimeClaim(source, parsed.local, parsed.offset_minutes, raw, parsed.subsec))
        elif (day := parse_date(raw)) is not None:  # photoshop:DateCreated is often a date
            out.append(TimeClaim(source, day, None, raw, precision=DAY))
    return out


def _png_claims(text: dict[str, str]) -> list[TimeClaim]:
    out: list[TimeClaim] = []
    seen: set[str] = set()
    for key, source in _PNG_TEXT_KEYS:
        raw = text.get(key, "")
        parsed = parse_datetime(raw)
        if parsed is None or source in seen:
            continue
        seen.add(source)
        out.append(TimeClaim(source, parsed.local, parsed.offset_minutes, raw, parsed.subsec))
    return out
