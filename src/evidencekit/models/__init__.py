"""Frozen value objects passed between pipeline stages.

Every stage is a pure function from these values to new values; nothing here does I/O.
Times: a ``TimeClaim`` keeps the wall-clock time exactly as its source stated it (``local``,
naive) and, separately, the UTC offset when the source states one. Keeping the two apart is
what lets the audit say "offset assumed from case.timezone" instead of silently guessing.

``evidence``: what the files say (metadata, capture times, findings); ``case``: what case.toml
says; here, the audit's result of both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from evidencekit.models.case import (
    PLACEHOLDER_STATEMENT,
    Case,
    Event,
    FileSetting,
    is_placeholder,
)
from evidencekit.models.evidence import (
    DAY,
    NO_CAPTURE,
    SECOND,
    CaptureTime,
    Category,
    Confidence,
    EvidenceItem,
    ExifState,
    Finding,
    Gps,
    ImageMeta,
    Severity,
    SourceFile,
    TimeClaim,
    VideoInfo,
)

if TYPE_CHECKING:  # evidencekit.audit.pixels imports this module; the annotation needs no import
    from evidencekit.audit.pixels import PixelFacts

__all__ = [
    "DAY",
    "NO_CAPTURE",
    "SECOND",
    "PLACEHOLDER_STATEMENT",
    "AuditResult",
    "CaptureTime",
    "Case",
    "Category",
    "Confidence",
    "Event",
    "EvidenceItem",
    "ExifState",
    "FileSetting",
    "Finding",
    "Gps",
    "ImageMeta",
    "Severity",
    "SourceFile",
    "TimeClaim",
    "VideoInfo",
    "is_placeholder",
]


@dataclass(frozen=True)
class AuditResult:
    root_name: str
    case: Case
    items: tuple[EvidenceItem, ...]
    findings: tuple[Finding, ...]
    """Case-level findings (not about one file)."""
    skipped: tuple[str, ...] = ()
    """Files listed but not evidence (clutter is not listed at all)."""
    pixels: Mapping[str, PixelFacts] = field(default_factory=dict, compare=False)
    """What the pixels show (barcodes, hashes, OCR text lines), keyed by item path; only
    images that were examined. Left out of ``==`` and ``hash()`` (a mapping is not hashable,
    and the facts follow from the files anyway)."""
    provenance: Mapping[str, Any] = field(default_factory=dict, compare=False)
    """Content Credentials / AIGC labels by item path (``audit.provenance.Provenance``), only
    for files that carry any; left out of ``==`` like ``pixels``."""

    def all_findings(self) -> list[Finding]:
        out = list(self.findings)
        for it in self.items:
            out.extend(it.findings)
        return out
