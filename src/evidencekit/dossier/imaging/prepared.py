"""The values of image preparation: what an exhibit image is stored as (``PreparedImage``) and
how a submission profile wants it prepared (``Fit``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LOSSY_QUALITY = 90


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
