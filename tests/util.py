"""Helpers the tests share: small files with chosen metadata, and the case values a test builds
by hand (an event, a photo) without running the audit."""

from __future__ import annotations

import shutil
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
from tests.conftest import SAMPLE


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


DAMAGED_CASE = (
    '[case]\nplatform = "taobao"\norder_id = "1234"\nclaim = "damaged"\n'
    '[[event]]\nkind = "delivered"\nat = "2025-12-15 16:30"\n'
)
"""case.toml of a taobao claim for goods damaged on delivery (2025-12-15 16:30)."""


def write_case(root: Path, files: dict[str, bytes], toml: str = DAMAGED_CASE) -> Path:
    """A case folder at ``root``: ``toml`` as its case.toml, and ``files`` (case-relative path
    -> bytes) with their category folders."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "case.toml").write_text(toml, encoding="utf-8")
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def copy_sample(dst: Path) -> Path:
    """The bundled sample case copied to ``dst``, without the dossier folder built in it."""
    shutil.copytree(SAMPLE, dst, ignore=shutil.ignore_patterns("dossier"))
    return dst


def built_sample(root: Path, *options: str) -> tuple[Path, Path]:
    """The sample case copied to ``root/case`` and built with the CLI into ``root/d.pdf``
    (``options`` added to ``build``): (case folder, dossier)."""
    from click.testing import CliRunner

    from evidencekit.cli import cli

    case, out = copy_sample(root / "case"), root / "d.pdf"
    res = CliRunner().invoke(cli, ["-q", "build", str(case), "-o", str(out), *options])
    assert res.exit_code == 0, res.output
    return case, out
