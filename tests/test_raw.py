"""Issue 17: camera RAW photos. The audit reads the RAW's own EXIF; the exhibit is the JPEG
preview the camera embedded, and the box says so; the RAW itself is hashed and attached.

The corpus has two RAWs (exif-py: a Nikon Z 9 DNG whose only preview is a 256x171 thumbnail,
and a Sony ARW cut to 8 KB, its preview gone), so the full-size case is a DNG made here: a
little-endian TIFF with an 8x8 RGB thumbnail in IFD0 (as DNG 1.4 sec. 3 has it), EXIF, and a
SubIFD holding a 1200x800 JPEG preview (NewSubFileType 1, Compression 7)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.audit.metadata import read_metadata
from evidencekit.case import rawfile
from evidencekit.models import ExifState
from tests.util import write_case

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def _ifd(entries: list[tuple[int, int, int, bytes | int]], at: int) -> tuple[bytes, bytes]:
    """An IFD at offset ``at`` (entries: tag, type, count, value), and its out-of-line data."""
    entries = sorted(entries)
    data_at = at + 2 + 12 * len(entries) + 4
    head, extra = struct.pack("<H", len(entries)), b""
    for tag, typ, count, value in entries:
        if isinstance(value, int):
            fmt = "<HHI" + ("I" if typ in (4, 13) else "H2x")
            head += struct.pack(fmt, tag, typ, count, value)
            continue
        if len(value) <= 4:
            head += struct.pack("<HHI", tag, typ, count) + value.ljust(4, b"\x00")
        else:
            head += struct.pack("<HHII", tag, typ, count, data_at + len(extra))
            extra += value + (b"\x00" if len(value) % 2 else b"")
    return head + struct.pack("<I", 0), extra


def _ascii(text: str) -> tuple[int, bytes]:
    raw = text.encode() + b"\x00"
    return len(raw), raw


def make_dng(preview: bytes, preview_size: tuple[int, int]) -> bytes:
    thumb = bytes([90, 120, 60]) * 64  # 8x8 RGB, uncompressed
    exif_at = 8
    n, dto = _ascii("2025:12:15 17:02:11")
    n2, off = _ascii("+08:00")
    exif, exif_extra = _ifd([(0x9003, 2, n, dto), (0x9011, 2, n2, off)], exif_at)
    sub_at = exif_at + len(exif) + len(exif_extra)
    # offsets of the blobs, placed after all IFDs: computed in two passes
    sub_len = 2 + 12 * 7 + 4
    ifd0_at = sub_at + sub_len
    mk_n, mk = _ascii("Canon")
    md_n, md = _ascii("Canon EOS R6")
    ifd0_entries = 13
    ifd0_extra_len = len(mk) + len(mk) % 2 + len(md) + len(md) % 2 + 6  # + BitsPerSample
    blobs_at = ifd0_at + 2 + 12 * ifd0_entries + 4 + ifd0_extra_len
    prev_at = blobs_at
    thumb_at = prev_at + len(preview) + len(preview) % 2
    w, h = preview_size
    sub, _ = _ifd(
        [
            (0x00FE, 4, 1, 1),
            (0x0100, 4, 1, w),
            (0x0101, 4, 1, h),
            (0x0103, 3, 1, 7),
            (0x0111, 4, 1, prev_at),
            (0x0115, 3, 1, 3),
            (0x0117, 4, 1, len(preview)),
        ],
        sub_at,
    )
    ifd0, ifd0_extra = _ifd(
        [
            (0x00FE, 4, 1, 1),
            (0x0100, 4, 1, 8),
            (0x0101, 4, 1, 8),
            (0x0102, 3, 3, struct.pack("<3H", 8, 8, 8)),
            (0x0103, 3, 1, 1),
            (0x0106, 3, 1, 2),
            (0x010F, 2, mk_n, mk),
            (0x0110, 2, md_n, md),
            (0x0111, 4, 1, thumb_at),
            (0x0115, 3, 1, 3),
            (0x0117, 4, 1, len(thumb)),
            (0x014A, 4, 1, sub_at),
            (0x8769, 4, 1, exif_at),
        ],
        ifd0_at,
    )
    assert len(ifd0_extra) == ifd0_extra_len and len(sub) == sub_len
    head = b"II*\x00" + struct.pack("<I", ifd0_at)
    body = head + exif + exif_extra + sub + ifd0 + ifd0_extra
    assert len(body) == prev_at
    return body + preview + b"\x00" * (len(preview) % 2) + thumb


def _preview() -> tuple[bytes, tuple[int, int]]:
    img = Image.new("RGB", (1200, 800), (200, 170, 120))
    img.paste(Image.effect_noise((600, 400), 50).convert("RGB"), (300, 200))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue(), img.size


def test_made_dng_is_a_tiff_pillow_opens_and_its_preview_is_found(tmp_path: Path) -> None:
    preview, size = _preview()
    dng = make_dng(preview, size)
    with Image.open(io.BytesIO(dng)) as im:
        assert im.size == (8, 8)  # Pillow sees the IFD0 thumbnail only
    assert rawfile.preview(dng) == preview
    assert rawfile.preview(dng[: len(dng) // 3]) is None  # cut: the preview is gone
    assert rawfile.preview(b"II*\x00\xff\xff\xff\xff") is None


def test_audit_reads_the_raw_capture_time_and_preview_size(tmp_path: Path) -> None:
    preview, size = _preview()
    path = tmp_path / "IMG_0001.DNG"
    path.write_bytes(make_dng(preview, size))
    meta = read_metadata(path, "image/tiff")
    assert meta.raw_preview and (meta.width, meta.height) == (1200, 800)
    assert meta.exif_state is ExifState.OK and (meta.make, meta.model) == ("Canon", "Canon EOS R6")
    (c,) = [c for c in meta.claims if c.source == "exif:DateTimeOriginal"]
    assert c.local.isoformat() == "2025-12-15T17:02:11" and c.offset_minutes == 480


def test_corpus_raws_capture_time_without_a_full_preview() -> None:
    root = CORPUS / "exif-py/tests/resources/raw"
    if not root.is_dir():
        pytest.skip("../shared/corpus is absent")
    dng = read_metadata(
        root / "nikon_z_9_high_efficiency_compressed_dx_cropped_max_overexposed.dng", "image/tiff"
    )
    (c,) = [c for c in dng.claims if c.source == "exif:DateTimeOriginal"]
    assert c.local.isoformat() == "2025-08-10T19:02:53"  # ExifTool: 2025:08:10 19:02:53
    assert not dng.raw_preview  # a 2 KB 256x171 thumbnail is no preview
    arw = read_metadata(root / "sony_alpha_a7iii_raw_image.ARW", "image/tiff")
    (c,) = [c for c in arw.claims if c.source == "exif:DateTimeOriginal"]
    assert c.local.isoformat() == "2024-09-14T13:54:44" and not arw.raw_preview


def test_build_exhibits_the_preview_says_so_and_attaches_the_raw(tmp_path: Path) -> None:
    import pypdf
    from click.testing import CliRunner

    from evidencekit.cli import cli as main

    preview, size = _preview()
    raw = make_dng(preview, size)
    case = write_case(tmp_path / "case", {"product/IMG_0001.DNG": raw})
    out = case / "dossier" / "d.pdf"
    args = ["build", str(case), "-o", str(out), "--at", "2026-01-01T00:00Z", "--attach-originals"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    reader = pypdf.PdfReader(out)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "RAW文件内嵌预览图" in text
    flat = "".join(text.split())  # (the exhibit list's column wraps)
    # box and exhibit list: a Canon is a camera, named once (not "Canon Canon EOS R6")
    assert "买家数码相机拍摄的RAW原片（CanonEOSR6）" in flat
    assert flat.count("买家数码相机拍摄的RAW原片") >= 2
    assert "CanonCanon" not in flat
    manifest = json.loads(reader.attachments["manifest.json"][0])
    (entry,) = manifest["files"]
    assert entry["embedded"]["detail"]["raw_preview"] is True
    assert entry["sha256"] == hashlib.sha256(raw).hexdigest()
    (attached,) = [v for k, v in reader.attachments.items() if k.endswith("IMG_0001.DNG")]
    assert attached[0] == raw
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(out), str(tmp_path / "page")], check=True
        )


def test_embedding_text_names_the_raw_preview_in_both_languages() -> None:
    from evidencekit.dossier.render.describe import embedding

    entry = {"embedded": {"transform": "passthrough", "detail": {"raw_preview": True}}}
    assert embedding(entry, "zh").startswith("RAW文件内嵌预览图")
    assert embedding(entry, "en").startswith("embedded preview of the RAW file")


def test_evidence_source_for_videos_and_raws() -> None:
    from evidencekit.dossier.render.sources import evidence_source
    from evidencekit.rules.devices import device

    iphone = device("Apple", "iPhone 14 Pro")
    assert (
        evidence_source("zh", "taobao", "product", "video", iphone)
        == "买家手机拍摄的开箱视频（Apple iPhone 14 Pro；截取关键帧）"
    )
    assert evidence_source("zh", "taobao", "product", "video") == "买家拍摄的开箱视频（截取关键帧）"
    assert evidence_source("en", "taobao", "product", "video").endswith("(key frames)")
    assert evidence_source("zh", "taobao", "chat", "video") == "买家提供的视频（截取关键帧）"
    assert evidence_source("zh", "taobao", "product") == "买家拍摄的照片"
    pixel = device("Google", "Pixel 7 Pro")
    assert evidence_source("zh", "taobao", "product", "raw", pixel) == (
        "买家手机拍摄的RAW原片（Google Pixel 7 Pro）"  # a phone's DNG is not a camera's
    )
