"""What the renderer is given: plain frozen values (no reportlab here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from evidencekit.dossier.imaging import PreparedImage
from evidencekit.dossier.pagegeom import Placement
from evidencekit.models import AuditResult, EvidenceItem


@dataclass(frozen=True)
class Exhibit:
    number: str
    """``E-01`` ..."""
    item: EvidenceItem
    image: PreparedImage
    placement: Placement
    screen: bool = False
    """A screenshot (chat, listing, PNG): the compact layout prints it in columns."""
    text: tuple[tuple[str, tuple[int, int, int, int]], ...] = ()
    """OCR lines ``(text, (x0, y0, x1, y1))`` in pixels of the upright embedded image
    (``image.upright_size``): printed as an invisible text layer (``render.textlayer``)."""
    credentials: tuple[str, str] | tuple[()] = ()
    """(grade, signer) of the file's Content Credentials when intact (trusted or valid); the
    pre-check, not the dossier, reports a failed or unchecked manifest."""

    @property
    def dest(self) -> str:
        """Named destination of the exhibit's first page (links and bookmarks)."""
        return "ex-" + self.number.lower()


@dataclass(frozen=True)
class Attachment:
    name: str
    """Unicode name shown by viewers (``/UF``); the case-relative path for originals."""
    data: bytes
    mime: str
    description: str
    relationship: str = "Source"
    """``/AFRelationship`` (ISO 32000-2 §14.13): Source for originals, Data for the manifest."""
    size: int | None = None
    """Real size when ``data`` is a splice placeholder (see splice.py); None = len(data)."""
    md5: bytes | None = None
    """Real MD5 (``/Params /CheckSum``) when ``data`` is a placeholder; None = MD5 of data.
    splice.py patches a placeholder MD5 (the key's 16 bytes) once the file is copied."""


@dataclass(frozen=True)
class DocInfo:
    title: str
    subject: str
    keywords: str
    creator: str
    date: datetime


@dataclass(frozen=True)
class DossierSpec:
    result: AuditResult
    lang: str
    date: datetime
    """Dossier date (``options.source_date()``)."""
    fingerprint: str
    manifest: dict[str, Any]
    exhibits: tuple[Exhibit, ...]
    version: str
    attach_originals: bool
    title: str
    order_label: str
    """Order number for the running header (folder name when the case has none)."""
    volume: tuple[int, int] | None = None
    """(n, of) when the dossier is split into volumes to meet a profile's limits."""
    profile: str = ""
    """Submission profile the images were fitted for ("" = standard)."""
    layout: str = "standard"
    """Exhibit pages: ``standard`` (one per page) or ``compact`` (grids and columns)."""
    show_location: bool = False
    """Print GPS positions (``--show-location``); by default they are never printed."""
    letter: str = ""
    """The message to the seller (``evidencekit letter``), printed after the statement."""
    deadlines: tuple[str, ...] = ()
    """Deadline lines ("title: due by … (in 2 days)") relative to the dossier date."""
    attachments: tuple[Attachment, ...] = ()
    """Embedded files (the manifest, attached originals), written as the PDF is saved."""
    info: DocInfo | None = None
    """Document information; None leaves reportlab's (tests that render pages only)."""
    file_name: str = ""
    """The PDF's file name, for the verify command in the appendix ('' = from the order)."""
    include_findings: bool = False
    """``build --include-findings``: the audit's findings (phrased neutrally) are part of the
    submission; by default they are only in the pre-check (``audit --pdf``), issue 20."""

    @property
    def local_date(self) -> datetime:
        """The dossier date in the case's time zone: a Shanghai case built at 04:03 Beijing
        time on 12-05 (20:03 UTC on 12-04) is dated 12-05."""
        return self.date.astimezone(ZoneInfo(self.result.case.timezone))

    def date_text(self) -> str:
        d = self.local_date
        months = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")  # fmt: skip
        if self.lang == "zh":
            return f"{d.year}年{d.month}月{d.day}日"
        return f"{d.day} {months[d.month - 1]} {d.year}"


@dataclass
class Layout:
    """Learned while rendering: total pages and the page of each named destination."""

    pages: int = 0
    dest_page: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    pages: int
    dest_page: dict[str, int]
    missing_glyphs: tuple[str, ...]
