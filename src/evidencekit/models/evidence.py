"""What the evidence files say: their type and metadata, capture times and their confidence, and
the findings about them (the values the audit makes from the case folder)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from evidencekit.errors import safe_text
from evidencekit.zhtext import tight


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"

    @property
    def rank(self) -> int:
        return {"none": 0, "low": 1, "medium": 2, "high": 3}[self.value]


class Category(StrEnum):
    PRODUCT = "product"
    LISTING = "listing"
    CHAT = "chat"
    PARCEL = "parcel"
    OTHER = "other"


class ExifState(StrEnum):
    """What the metadata reader found; callers must tell these apart (see DESIGN.md)."""

    OK = "ok"  # an EXIF block was parsed
    NONE = "none"  # the file has no EXIF block at all
    CORRUPT = "corrupt"  # an EXIF block is present but could not be (fully) parsed
    UNREADABLE = "unreadable"  # the file itself could not be opened as an image


SECOND, DAY = "second", "day"
"""Precisions of a time claim: a time of day to the second, or only a calendar date."""


@dataclass(frozen=True)
class TimeClaim:
    """One statement, by one source, of when a picture was captured."""

    source: str
    """Stable source key, e.g. ``exif:DateTimeOriginal``, ``gps``, ``xmp:CreateDate``,
    ``png:CreationTime``, ``filename:<scheme>``, ``mtime``, ``declared``."""
    local: datetime
    """Wall-clock time as the source states it (naive). For UTC sources this is UTC."""
    offset_minutes: int | None
    """UTC offset stated by the source itself (0 for UTC sources), None when not stated."""
    raw: str
    """The text the claim was parsed from, for the report."""
    subsec: str = ""
    """Sub-second digits (EXIF SubSecTime*), kept as text."""
    precision: str = SECOND
    """``second``, or ``day`` for a date without a time (``IMG_20251215.jpg``, IPTC DateCreated
    without TimeCreated, a GPSDateStamp without its GPSTimeStamp, an XMP date): ``local`` is
    then that day's 00:00, which is not a time anyone stated."""

    @property
    def date_only(self) -> bool:
        return self.precision == DAY

    def utc(self, assumed_offset_minutes: int | None = None) -> datetime | None:
        off = self.offset_minutes if self.offset_minutes is not None else assumed_offset_minutes
        if off is None:
            return None
        return (self.local - timedelta(minutes=off)).replace(tzinfo=UTC)


@dataclass(frozen=True)
class Gps:
    latitude: float | None
    longitude: float | None
    altitude: float | None = None


@dataclass(frozen=True)
class VideoInfo:
    """What a video's container and its key frames say (``audit.video``)."""

    duration_s: float | None = None
    fps: float | None = None
    width: int | None = None
    """Displayed size: after the rotation."""
    height: int | None = None
    rotation: int = 0
    """Clockwise degrees the player turns the stored picture (0, 90, 180, 270)."""
    codec: str = ""
    encoder: str = ""
    """The container's ``encoder`` tag (``Lavf60.16.100`` = written by FFmpeg), '' if none."""
    has_audio: bool = False
    frames_sampled: int = 0
    """Key frames decoded and searched for barcodes."""
    audio_codec: str = ""
    container: str = ""
    key_frames: int = 0
    last_s: float | None = None
    """Timestamp of the last frame read (short of the duration when the file is cut off)."""
    gaps: tuple[tuple[float, float], ...] = ()
    """(at seconds, jump in seconds) where the frame timestamps jump: a cut or a pause."""
    barcodes: tuple[tuple[float, str, str], ...] = ()
    """(seconds, format, text) of each symbol read, at the first key frame showing it."""
    edit_tags: tuple[str, ...] = ()
    """Tags left by FFmpeg or an editing app (``encoder=Lavf…``, ``x_memini.*``)."""
    track_created: str = ""
    """The video track's own creation time (``tkhd``/``mdhd``, UTC ISO), '' if none."""
    damaged: str = ""
    """Why the file is damaged or incomplete ('' when it opened and decoded to the end)."""
    capture_fps: float | None = None
    """Android's ``com.android.capture.fps`` when it differs from ``fps``: a slow-motion
    recording (240 captured, played at 30), so the real time span is duration x fps/capture."""

    def to_json(self) -> dict[str, Any]:
        return {
            "duration_s": self.duration_s,
            "fps": round(self.fps, 3) if self.fps else self.fps,
            "width": self.width,
            "height": self.height,
            "rotation": self.rotation,
            "codec": self.codec,
            "encoder": self.encoder,
            "has_audio": self.has_audio,
            "frames_sampled": self.frames_sampled,
            "audio_codec": self.audio_codec,
            "gaps": [list(g) for g in self.gaps],
            "barcodes": [{"at_s": t, "format": f, "text": x} for t, f, x in self.barcodes],
            "damaged": self.damaged or None,
            "capture_fps": self.capture_fps,
        }


@dataclass(frozen=True)
class ImageMeta:
    """Everything the metadata stage learns about one file."""

    exif_state: ExifState
    format: str | None = None
    """Pillow's format name (JPEG, PNG, HEIF, ...), None when unreadable."""
    width: int | None = None
    """Pixel width after applying the EXIF orientation."""
    height: int | None = None
    orientation: int | None = None
    """Raw EXIF Orientation value (1-8 valid; 0 or others invalid), None when absent."""
    make: str = ""
    model: str = ""
    software: str = ""
    creator_tool: str = ""
    """XMP CreatorTool / HostComputer, when present."""
    gps: Gps | None = None
    has_serial: bool = False
    """Body/lens serial number or owner name present (privacy)."""
    claims: tuple[TimeClaim, ...] = ()
    thumbnail_mismatch: bool | None = None
    """True when the embedded EXIF thumbnail does not look like the image (edited after capture)."""
    error: str = ""
    """Why the file or its EXIF could not be read (for unreadable/corrupt)."""
    truncated: bool = False
    too_many_pixels: bool = False
    """Pixel count above the configured limit (decompression-bomb guard); not decoded."""
    frames: int = 1
    video: VideoInfo | None = None
    """Set for videos (MP4, MOV, 3GP, M4V): what ``audit.video`` read."""
    raw_preview: bool = False
    """A RAW photo whose embedded full-size JPEG preview is the exhibit."""


@dataclass(frozen=True)
class SourceFile:
    """A file found in the case folder."""

    path: str
    """Path relative to the case folder, POSIX separators, NFC as found on disk."""
    size: int
    mtime: float
    media_type: str
    """Sniffed from magic bytes, e.g. ``image/jpeg``; ``application/octet-stream`` if unknown."""
    category: Category
    category_source: str
    """``folder`` (category subfolder), ``case.toml`` ([[file]] category) or ``default``."""
    is_image: bool
    ext_media_type: str | None = None
    """Media type implied by the extension, None when the extension is unknown."""
    sniffed: bool = True
    """False when the bytes match no known format and ``media_type`` is the extension's (an
    empty or garbled ``.jpg``/``.mp4``: a damaged copy)."""


@dataclass(frozen=True)
class CaptureTime:
    """The one resolved capture time of an item."""

    local: datetime | None
    offset_minutes: int | None
    source: str
    confidence: Confidence
    offset_assumed: bool = False
    """True when the offset came from case.timezone rather than from the source."""
    precision: str = SECOND
    """``second``, or ``day`` when the source gives a date without a time (``TimeClaim``):
    ``local`` is then 00:00 of that day, shown as a date and compared by the day."""

    @property
    def date_only(self) -> bool:
        return self.precision == DAY and self.local is not None

    @property
    def utc(self) -> datetime | None:
        """The instant; for a date-only capture, the start of that day (see ``utc_span``)."""
        if self.local is None or self.offset_minutes is None:
            return None
        return (self.local - timedelta(minutes=self.offset_minutes)).replace(tzinfo=UTC)

    @property
    def utc_span(self) -> tuple[datetime, datetime] | None:
        """(earliest, latest) instant the capture can be: one instant, or a whole day."""
        start = self.utc
        if start is None:
            return None
        return (
            (start, start + timedelta(days=1) - timedelta(seconds=1))
            if self.date_only
            else (start, start)
        )

    def shown(self, lang: str = "zh", seconds: bool = True) -> str:
        """``2025-12-15 17:02:11``, or for a date-only capture ``2025年12月15日（仅日期）`` /
        ``2025-12-15 (date only)``: never a midnight that no source stated."""
        if self.local is None:
            return ""
        if self.date_only:
            d = self.local
            return (
                f"{d.year}年{d.month}月{d.day}日（仅日期）"
                if lang == "zh"
                else f"{d:%Y-%m-%d} (date only)"
            )
        return self.local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")

    def isoformat(self) -> str | None:
        if self.local is None:
            return None
        if self.offset_minutes is None:
            return self.local.isoformat()
        tz = timezone(timedelta(minutes=self.offset_minutes))
        return self.local.replace(tzinfo=tz).isoformat()


NO_CAPTURE = CaptureTime(None, None, "none", Confidence.NONE)


@dataclass(frozen=True)
class Finding:
    code: str
    """Stable code, e.g. ``EK101``; documented in docs/findings.md, never reused."""
    severity: Severity
    message: str
    """The problem in plain words: the objection the other side could raise."""
    remedy: str
    """What the buyer can do about it."""
    path: str | None = None
    """The file it concerns (relative POSIX path), None for case-level findings."""
    message_zh: str = ""
    """The message in Chinese; '' when not translated (the English text is used)."""
    remedy_zh: str = ""

    def __post_init__(self) -> None:
        # Messages name files; a name may carry ESC sequences or newlines (issue 19).
        for name in ("message", "remedy", "message_zh", "remedy_zh"):
            object.__setattr__(self, name, safe_text(getattr(self, name)))
        # 下单6天之后, not 下单 6 天之后 (review-texts.md 13; zhtext.tight).
        for name in ("message_zh", "remedy_zh"):
            object.__setattr__(self, name, tight(getattr(self, name)))

    @classmethod
    def bilingual(
        cls,
        code: str,
        severity: Severity,
        path: str | None,
        en: tuple[str, str],
        zh: tuple[str, str],
    ) -> Finding:
        """A finding from (message, remedy) in English and in Chinese."""
        return cls(code, severity, en[0], en[1], path, message_zh=zh[0], remedy_zh=zh[1])

    def text(self, lang: str) -> tuple[str, str]:
        """(message, remedy) in ``lang``, falling back to English."""
        if lang == "zh" and self.message_zh:
            return self.message_zh, self.remedy_zh or self.remedy
        return self.message, self.remedy

    def to_json(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "remedy": self.remedy,
            "message_zh": self.message_zh or None,
            "remedy_zh": self.remedy_zh or None,
            "path": self.path,
        }


@dataclass(frozen=True)
class EvidenceItem:
    source: SourceFile
    sha256: str
    meta: ImageMeta
    capture: CaptureTime = NO_CAPTURE
    caption: str = ""
    findings: tuple[Finding, ...] = ()

    @property
    def path(self) -> str:
        return self.source.path
