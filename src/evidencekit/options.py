"""Options objects shared by the CLI and the Python API (the CLI is a thin shell over these)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_MAX_PIXELS = 178_956_970
"""Decompression-bomb guard: no image is decoded to more than this many pixels (Pillow's own
default, ``Image.MAX_IMAGE_PIXELS`` x 2); override with ``--max-pixels``. See ``decode_scale``."""
DCT_SCALES = (1, 2, 4, 8)
"""Reductions a JPEG decoder applies while decoding (ITU-T T.81 lets the IDCT produce 1/2, 1/4
or 1/8 of the pixels; libjpeg's ``scale_denom``, Pillow's ``Image.draft``)."""


def decode_scale(width: int, height: int, max_pixels: int, dct: bool) -> int | None:
    """The smallest reduction ``n`` (decode at 1/n) that keeps an image of ``width`` x ``height``
    within ``max_pixels``; None when even the smallest is above it (reported, never decoded).

    ``dct``: the image is a JPEG, which decodes at any of ``DCT_SCALES`` at the cost of reading
    its data once: a 200 MP phone photo (16320x12240) decodes at 1/2 (8160x6120, 50 MP) in
    ~150 MB. Other formats decode whole or not at all. The limit bounds memory; it does not
    refuse real photos, only what no scale brings under it.
    """
    for n in DCT_SCALES if dct else (1,):
        if -(-max(1, width) // n) * -(-max(1, height) // n) <= max_pixels:
            return n
    return None


def source_date() -> datetime:
    """The dossier date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now.

    See https://reproducible-builds.org/specs/source-date-epoch/.
    """
    sde = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if sde.isdigit():
        return datetime.fromtimestamp(int(sde), UTC)
    # Whole seconds, as the manifest records the date: ``verify --case`` rebuilds with it.
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class AuditOptions:
    case_dir: Path
    max_pixels: int = DEFAULT_MAX_PIXELS
    now: datetime | None = None
    """Injectable clock for 'in the future' checks and deadlines; None means source_date()."""
    jobs: int = 0
    """Worker processes for hashing/metadata; 0 = number of CPUs."""

    def clock(self) -> datetime:
        return self.now or source_date()


@dataclass(frozen=True)
class BuildOptions:
    audit: AuditOptions
    output: Path | None = None
    """Default: CASE/dossier/<order_id or folder name>-evidence.pdf."""
    lang: str | None = None
    """zh | en; None = case.toml language, else zh."""
    attach_originals: bool = False
    force: bool = False
    keep_metadata: bool = False
    show_location: bool = False
    profile: str = "standard"
    """Submission profile (``profiles.toml``): fits images, pages and volumes to its limits.
    ``archive`` also attaches every original."""
    sign: Path | None = None
    """PKCS#12 file to sign the finished dossier with (PAdES, pyHanko; optional extra)."""
    sign_passphrase: str | None = None
    include_findings: bool = False
    """Put the audit's findings (phrased neutrally) into the dossier. Off by default: the
    dossier is the buyer's submission; the findings are the pre-check's (``audit --pdf``)."""
