"""Options objects shared by the CLI and the Python API (the CLI is a thin shell over these)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_MAX_PIXELS = 178_956_970
"""Decompression-bomb guard: images above this many pixels are reported, not decoded.
Pillow's own default (``Image.MAX_IMAGE_PIXELS`` x 2 raises); override with ``--max-pixels``."""


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
