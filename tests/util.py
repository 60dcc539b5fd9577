"""Helpers the tests share: small files with chosen metadata, and the case values a test builds
by hand (an event, a photo) without running the audit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from evidencekit.models import (
    NO_CAPTURE,
    CaptureTime,
    Category,
    Confidence,
    Event,
    EvidenceItem,
    ExifState,
    ImageMeta,
    SourceFile,
)


def event(kind: str, local: str, offset: int = 480, **kw: str) -> Event:
    """A case.toml event at ``local`` ("2025-12-15 16:30") in UTC+``offset`` minutes."""
    return Event(kind, datetime.fromisoformat(local), offset, False, **kw)


def photo(
    path: str,
    cat: Category,
    when: str | None = None,
    caption: str = "",
    conf: Confidence = Confidence.HIGH,
) -> EvidenceItem:
    """A 1000-byte JPEG from the category folder with readable EXIF, taken at ``when`` (the
    DateTimeOriginal, UTC+8, with ``conf``) or with no capture time."""
    cap = (
        CaptureTime(datetime.fromisoformat(when), 480, "exif:DateTimeOriginal", conf)
        if when
        else NO_CAPTURE
    )
    src = SourceFile(path, 1000, 0.0, "image/jpeg", cat, "folder", True)
    return EvidenceItem(src, "0" * 64, ImageMeta(exif_state=ExifState.OK), cap, caption)


def write_jpeg(
    path: Path,
    *,
    dto: str | None = None,
    offset: str | None = None,
    software: str | None = None,
    modify: str | None = None,
    orientation: int | None = None,
    size: tuple[int, int] = (64, 48),
) -> Path:
    """A small JPEG with chosen EXIF tags (Pillow's Exif writer)."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", size, (120, 90, 60))
    exif = Image.Exif()
    if software:
        exif[0x0131] = software
    if modify:
        exif[0x0132] = modify
    if orientation is not None:
        exif[0x0112] = orientation
    ifd = exif.get_ifd(0x8769)
    if dto:
        ifd[0x9003] = dto
        ifd[0x9004] = dto
    if offset:
        ifd[0x9011] = offset
    im.save(path, "JPEG", exif=exif.tobytes() if len(exif) or dto else b"")
    return path


def build_dossier(result, case_dir, options, progress=None):  # type: ignore[no-untyped-def]
    """``dossier.build.build_dossier`` with the seller letter page, as ``api.build`` makes it."""
    from evidencekit.dossier.build import build_dossier as _build
    from evidencekit.outputs.letter import seller_letter

    return _build(result, case_dir, options, progress, letter=seller_letter)
