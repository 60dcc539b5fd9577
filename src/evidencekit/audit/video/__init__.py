"""Videos (MP4, MOV, 3GP, M4V): metadata, time claims and key-frame barcodes (``read_video``).

``reader`` is the only module that talks to PyAV; this one turns what it read into the audit's
values: an ``ImageMeta`` whose ``video`` holds the facts, whose ``claims`` are the time claims
(Apple's ``com.apple.quicktime.creationdate``, local time with its offset, written at the
shutter; the ``mvhd`` creation time, UTC by the QuickTime spec, rewritten by every remux), and
whose make/model/GPS come from the Apple or Android tags. The contact sheet for the dossier is
``sheet``.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from evidencekit.audit import barcodes
from evidencekit.audit.metadata import xmp
from evidencekit.audit.metadata.dates import parse_datetime
from evidencekit.audit.video import reader
from evidencekit.models import ExifState, Gps, ImageMeta, TimeClaim, VideoInfo

__all__ = ["VIDEO_TYPES", "read_video", "is_video", "available"]

VIDEO_TYPES = {"video/mp4", "video/quicktime", "video/3gpp", "video/x-m4v"}
MAX_SCANNED = 40
"""Key frames searched for barcodes, spread over the whole video (bounded cost)."""
SCAN_SIDE = 1280
"""Key frames are searched at this long side: a waybill held up to a phone camera reads as well
as at 2,000 px, in a third of the time (40 frames of a 1080p video: 1.7 s instead of 6.1 s)."""
APPLE_CREATION = "com.apple.quicktime.creationdate"
_EDITORS = re.compile(
    r"lavf|lavc|handbrake|premiere|adobe|capcut|剪映|必剪|快影|videoleap|inshot|kinemaster|"
    r"davinci|imovie|final ?cut|filmora|vivacut|splice|quik",
    re.I,
)
_ISO6709 = re.compile(r"^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?")
_EPOCHS = (1904, 1970)
"""Years of a zero QuickTime or Unix date: no time at all."""


def available() -> bool:
    return reader.available()


def is_video(media_type: str) -> bool:
    return media_type in VIDEO_TYPES


def read_video(path: Path, scan_barcodes: bool = True) -> ImageMeta:
    """The metadata of one video. Never raises: an unreadable file is UNREADABLE with the
    reason in ``error``, a damaged one keeps what was read and says why in ``video.damaged``."""
    found: dict[tuple[str, str], float] = {}

    def on_key(t: float, img: Image.Image) -> None:
        codes, _ = barcodes.decode(img, rotate=False)
        for code in codes:
            found.setdefault(code, t)

    try:
        p = reader.probe(str(path), on_key if scan_barcodes else None, MAX_SCANNED, SCAN_SIDE)
    except Exception as exc:  # noqa: BLE001 - last resort: a bug here must not stop the audit
        return ImageMeta(ExifState.UNREADABLE, error=f"video reader failed: {exc!r}")
    if not p.ok and not p.codec and p.error:
        video = VideoInfo(damaged=p.error or p.damaged)
        return ImageMeta(ExifState.UNREADABLE, error=p.error, video=video)
    tags = p.tags
    w, h = p.width, p.height
    if p.rotation in (90, 270) and w and h:
        w, h = h, w
    encoder = tags.get("encoder", "")
    video = VideoInfo(
        duration_s=round(p.duration_s, 3) if p.duration_s else p.duration_s,
        fps=p.fps,
        width=w,
        height=h,
        rotation=p.rotation,
        codec=p.codec,
        encoder=encoder,
        has_audio=bool(p.audio_codec),
        frames_sampled=p.frames_sampled,
        audio_codec=p.audio_codec,
        container=p.container,
        key_frames=p.key_frames,
        last_s=round(p.last_s, 3) if p.last_s is not None else None,
        gaps=tuple((round(a, 3), round(b, 3)) for a, b in p.gaps),
        barcodes=tuple((round(t, 2), f, x) for (f, x), t in sorted(found.items(), key=_by_time)),
        edit_tags=_edit_tags(tags),
        track_created=tags.get("stream:creation_time", ""),
        damaged=p.damaged,
        capture_fps=_capture_fps(tags, p.fps),
    )
    return ImageMeta(
        ExifState.NONE,
        format=_format(tags) if p.container else None,
        width=w,
        height=h,
        make=_first(tags, "com.apple.quicktime.make", "com.android.manufacturer", "make"),
        model=_first(tags, "com.apple.quicktime.model", "com.android.model", "model"),
        software=_software(tags),
        creator_tool=xmp.field(_xmp(tags), "xmp:CreatorTool"),
        gps=_gps(tags),
        claims=tuple(claims(tags)),
        error=p.damaged,
        truncated=bool(p.damaged),
        video=video,
    )


def _format(tags: dict[str, str]) -> str:
    brand = tags.get("major_brand", "").strip()
    if brand == "qt":
        return "MOV"
    if brand.startswith("3g"):
        return "3GP"
    return "M4V" if brand == "M4V" else "MP4"


def _by_time(entry: tuple[tuple[str, str], float]) -> float:
    return entry[1]


def _first(tags: dict[str, str], *keys: str) -> str:
    return next((tags[k].strip() for k in keys if tags.get(k, "").strip()), "")


def _software(tags: dict[str, str]) -> str:
    if tags.get("com.apple.quicktime.software"):
        return tags["com.apple.quicktime.software"].strip()
    if tags.get("com.android.version"):
        return "Android " + tags["com.android.version"].strip()
    return ""


def _xmp(tags: dict[str, str]) -> str:
    return xmp.decode(tags.get("xmp"))


def _capture_fps(tags: dict[str, str], fps: float | None) -> float | None:
    try:
        capture = float(tags.get("com.android.capture.fps", "") or "nan")
    except ValueError:
        return None
    if not 0 < capture < 10_000 or (fps and abs(capture - fps) < 0.5):
        return None
    return round(capture, 3)


def _edit_tags(tags: dict[str, str]) -> tuple[str, ...]:
    out = []
    text = _xmp(tags)
    for name in ("xmp:CreatorTool", "stEvt:softwareAgent"):
        value = xmp.field(text, name)
        if value and _EDITORS.search(value):
            out.append(f"XMP {name}={value[:60]}")
    for k, v in tags.items():
        if k == "xmp":
            continue
        if k in ("encoder", "stream:encoder", "com.apple.quicktime.software", "software"):
            if _EDITORS.search(v):
                out.append(f"{k}={v}")
        elif k.startswith("x_memini") or "ffmpeg" in k.lower():
            out.append(f"{k}={v[:60]}")
    return tuple(out)


def _gps(tags: dict[str, str]) -> Gps | None:
    for key in ("location", "com.apple.quicktime.location.ISO6709", "location-eng"):
        m = _ISO6709.match(tags.get(key, "").strip())
        if m:
            lat, lon = float(m.group(1)), float(m.group(2))
            alt = float(m.group(3)) if m.group(3) else None
            return Gps(lat, lon, alt)
    return None


def claims(tags: dict[str, str]) -> list[TimeClaim]:
    """The time claims of a video's tags, best first (``audit.timestamps`` ranks them)."""
    out: list[TimeClaim] = []
    raw = tags.get(APPLE_CREATION, "")
    parsed = parse_datetime(raw)
    if parsed is not None and parsed.local.year not in _EPOCHS:
        out.append(TimeClaim("quicktime:CreationDate", parsed.local, parsed.offset_minutes, raw))
    # XMP dates (Adobe exports, some Android editors): often the only ones with a zone.
    text = _xmp(tags)
    for name, source in xmp.DATE_FIELDS:
        raw = xmp.field(text, name)
        parsed = parse_datetime(raw)
        if parsed is not None and parsed.local.year not in _EPOCHS:
            out.append(TimeClaim(source, parsed.local, parsed.offset_minutes, raw, parsed.subsec))
    raw = tags.get("creation_time", "") or tags.get("stream:creation_time", "")
    parsed = parse_datetime(raw)
    if parsed is not None and parsed.local.year not in _EPOCHS:
        # QuickTime and MP4 store UTC (ISO/IEC 14496-12 mvhd); FFmpeg prints it with a Z.
        off = 0 if parsed.offset_minutes is None else parsed.offset_minutes
        out.append(TimeClaim("quicktime:CreateDate", parsed.local, off, raw))
    return out
