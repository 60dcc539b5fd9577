"""Issue 17: Canon CR3 and Fujifilm RAF previews and metadata (``case.rawcontainers``).

The corpus has no CR3 or RAF (its RAWs are a Nikon DNG and a Sony ARW: tests/test_raw.py), so
the containers are made here as the format notes describe them: a CR3 is ISO-BMFF (``ftyp``
brand ``crx ``; moov's Canon uuid box with CMT1/CMT2/CMT4 TIFF blocks and a THMB JPEG; the
first trak's sample is the full-size JPEG in mdat; a top-level uuid box holds PRVW), a RAF is
"FUJIFILMCCD-RAW " with its JPEG's offset and length at 0x54/0x58. Reads must stay bounded:
a hostile file's lengths are checked against its size, and the sensor data is never read."""

from __future__ import annotations

import hashlib
import io
import json
import random
import struct
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.audit.metadata import read_metadata
from evidencekit.case import rawcontainers, rawfile
from evidencekit.case.scan import sniff
from evidencekit.models import ExifState


def _jpeg(size: tuple[int, int], exif: bytes | None = None, seed: int = 0) -> bytes:
    img = Image.new("RGB", size, (180 - seed * 20, 150, 110))
    img.paste(Image.effect_noise((size[0] // 2, size[1] // 2), 40 + seed).convert("RGB"), (9, 9))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80, **({"exif": exif} if exif else {}))
    return buf.getvalue()


def _tiff(entries: list[tuple[int, int, bytes, int]]) -> bytes:
    """A big-endian TIFF whose IFD0 holds ``entries`` (tag, type, value bytes, count)."""
    entries = sorted(entries)
    data_at = 8 + 2 + 12 * len(entries) + 4
    head, extra = struct.pack(">H", len(entries)), b""
    for tag, typ, value, count in entries:
        if len(value) <= 4:
            head += struct.pack(">HHI", tag, typ, count) + value.ljust(4, b"\x00")
        else:
            head += struct.pack(">HHII", tag, typ, count, data_at + len(extra))
            extra += value + b"\x00" * (len(value) % 2)
    return b"MM\x00*" + struct.pack(">I", 8) + head + struct.pack(">I", 0) + extra


def _ascii(tag: int, text: str) -> tuple[int, int, bytes, int]:
    raw = text.encode() + b"\x00"
    return tag, 2, raw, len(raw)


def _rationals(tag: int, *values: tuple[int, int]) -> tuple[int, int, bytes, int]:
    return tag, 5, b"".join(struct.pack(">II", n, d) for n, d in values), len(values)


def _box(typ: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + typ + payload


CMT1 = _tiff([_ascii(0x010F, "Canon"), _ascii(0x0110, "Canon EOS R5")])
CMT2 = _tiff([_ascii(0x9003, "2025:12:15 17:02:11"), _ascii(0x9011, "+08:00")])
CMT4 = _tiff(
    [
        _ascii(0x0001, "N"),
        _rationals(0x0002, (31, 1), (14, 1), (0, 1)),
        _ascii(0x0003, "E"),
        _rationals(0x0004, (121, 1), (28, 1), (0, 1)),
    ]
)


def make_cr3(
    full: bytes | None, prvw: bytes, thmb: bytes, sensor: int = 4096, cmt: bool = True
) -> bytes:
    ftyp = _box(b"ftyp", b"crx " + struct.pack(">I", 1) + b"crx isom")
    thmb_box = _box(
        b"THMB", b"\x00\x00\x00\x00" + struct.pack(">HHIHH", 160, 120, len(thmb), 1, 1) + thmb
    )
    canon = [_box(b"CNCV", b"CanonCR3_001/00.10.00/00.00.00")]
    if cmt:
        canon += [_box(b"CMT1", CMT1), _box(b"CMT2", CMT2), _box(b"CMT4", CMT4)]
    canon_uuid = _box(b"uuid", rawcontainers.CANON_UUID + b"".join(canon) + thmb_box)
    prvw_box = _box(b"PRVW", struct.pack(">IHHHHI", 0, 1, 1620, 1080, 1, len(prvw)) + prvw)
    preview_uuid = _box(b"uuid", rawcontainers.PREVIEW_UUID + b"\x00" * 7 + b"\x01" + prvw_box)

    def moov(offset: int) -> bytes:
        if full is None:
            return _box(b"moov", canon_uuid)
        stsz = _box(b"stsz", struct.pack(">III", 0, 0, 1) + struct.pack(">I", len(full)))
        co64 = _box(b"co64", struct.pack(">II", 0, 1) + struct.pack(">Q", offset))
        stbl = _box(b"stbl", _box(b"stsd", b"\x00" * 8) + stsz + co64)
        trak = _box(b"trak", _box(b"mdia", _box(b"minf", stbl)))
        return _box(b"moov", canon_uuid + trak)

    before = len(ftyp) + len(moov(0)) + len(preview_uuid) + 8
    mdat = _box(b"mdat", (full or b"") + b"\x5a" * sensor)
    return ftyp + moov(before) + preview_uuid + mdat


def make_raf(jpeg: bytes, sensor: int = 4096) -> bytes:
    head = rawcontainers.RAF_MAGIC + b"0201" + b"FF129502" + b"X-T4".ljust(32, b"\x00")
    head += b"0100" + b"\x00" * 20
    assert len(head) == 0x54
    at = 0x94
    head += struct.pack(">II", at, len(jpeg)) + struct.pack(">IIII", 0, 0, 0, 0)
    head = head.ljust(at, b"\x00")
    return head + jpeg + b"\x33" * sensor


def _fuji_exif() -> bytes:
    e = Image.Exif()
    e[0x010F], e[0x0110] = "FUJIFILM", "X-T4"
    e.get_ifd(0x8769).update({0x9003: "2025:12:16 09:30:00", 0x9011: "+08:00"})
    return e.tobytes()


FULL = _jpeg((1200, 800), seed=1)
PRVW = _jpeg((810, 540), seed=2)
THMB = _jpeg((160, 120), seed=3)


def test_cr3_largest_jpeg_is_the_full_size_track_sample() -> None:
    cr3 = make_cr3(FULL, PRVW, THMB)
    assert rawcontainers.kind(cr3[:16]) == "cr3" and sniff(cr3[:32]) == "image/x-canon-cr3"
    assert rawfile.preview(cr3) == FULL
    no_track = make_cr3(None, PRVW, THMB)
    assert rawfile.preview(no_track) == PRVW  # no trak: the PRVW box's 1620x1080 JPEG
    with Image.open(io.BytesIO(rawfile.preview(no_track) or b"")) as im:
        assert im.size == (810, 540)


def test_cr3_exif_blocks_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "IMG_0001.CR3"
    path.write_bytes(make_cr3(FULL, PRVW, THMB))
    meta = read_metadata(path, "image/x-canon-cr3")
    assert meta.raw_preview and (meta.width, meta.height) == (1200, 800)
    assert meta.format == "RAW CR3" and meta.exif_state is ExifState.OK
    assert (meta.make, meta.model) == ("Canon", "Canon EOS R5")
    (c,) = [c for c in meta.claims if c.source == "exif:DateTimeOriginal"]
    assert c.local.isoformat() == "2025-12-15T17:02:11" and c.offset_minutes == 480
    assert meta.gps is not None and meta.gps.latitude == pytest.approx(31 + 14 / 60)


def test_raf_preview_and_metadata(tmp_path: Path) -> None:
    jpeg = _jpeg((1200, 800), _fuji_exif(), seed=4)
    raf = make_raf(jpeg)
    assert sniff(raf[:32]) == "image/x-fuji-raf"
    assert rawfile.preview(raf) == jpeg
    path = tmp_path / "DSCF0001.RAF"
    path.write_bytes(raf)
    meta = read_metadata(path, "image/x-fuji-raf")
    assert meta.raw_preview and (meta.width, meta.height) == (1200, 800)
    assert (meta.make, meta.model) == ("FUJIFILM", "X-T4") and meta.format == "RAW RAF"
    (c,) = [c for c in meta.claims if c.source == "exif:DateTimeOriginal"]
    assert c.local.isoformat() == "2025-12-16T09:30:00" and c.offset_minutes == 480


class _Counting(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.read_bytes = 0

    def read(self, n: int | None = -1) -> bytes:
        out = super().read(n)
        self.read_bytes += len(out)
        return out


@pytest.mark.parametrize("kind", ["cr3", "raf"])
def test_reads_are_bounded_the_sensor_data_is_never_read(kind: str) -> None:
    sensor = 24 * 1024 * 1024
    data = make_cr3(FULL, PRVW, THMB, sensor) if kind == "cr3" else make_raf(FULL, sensor)
    fh = _Counting(data)
    got = rawfile.preview_from_file(fh, len(data), max_tiff=1 << 20)
    assert got == FULL
    # box headers, the PRVW/THMB heads and the preview itself: nowhere near the 24 MB
    assert fh.read_bytes < len(FULL) + 256 * 1024, fh.read_bytes
    fh = _Counting(data)
    assert rawfile.exif_blocks_from_file(fh, len(data))
    assert fh.read_bytes < len(FULL) + 256 * 1024


def test_hostile_lengths_are_refused() -> None:
    cr3 = make_cr3(FULL, PRVW, THMB)
    # the chunk offset points past the end: the track's JPEG is ignored, PRVW still found
    bad = bytearray(cr3)
    at = bad.find(b"co64") + 4 + 8
    bad[at : at + 8] = struct.pack(">Q", len(cr3) * 4)
    assert rawfile.preview(bytes(bad)) == PRVW
    # a box claiming 4 GB, a 64-bit size past the end, a zero-size box: no read, no error
    for patch in (struct.pack(">I", 0xFFFFFFF0), struct.pack(">I", 1), struct.pack(">I", 0)):
        evil = bytearray(cr3)
        moov = evil.find(b"moov") - 4
        evil[moov : moov + 4] = patch
        rawfile.preview(bytes(evil))
        rawcontainers.exif_blocks(rawcontainers.bytes_reader(bytes(evil)), len(evil))
    # a RAF whose JPEG length runs past the end, or whose offset is 0
    raf = bytearray(make_raf(FULL))
    raf[0x58:0x5C] = struct.pack(">I", len(raf))
    assert rawfile.preview(bytes(raf)) is None
    raf[0x54:0x5C] = struct.pack(">II", 0, 100)
    assert rawfile.preview(bytes(raf)) is None
    # truncated: whatever is left must not raise
    for cut in (8, 16, 40, 200, len(cr3) // 2):
        rawfile.preview(cr3[:cut])
        rawfile.preview(make_raf(FULL)[:cut])


def test_random_corruption_never_raises() -> None:
    rng = random.Random(17)
    for base in (make_cr3(FULL, PRVW, THMB, 512), make_raf(FULL, 512)):
        for _ in range(300):
            data = bytearray(base)
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(0, 400)] = rng.randrange(256)
            blob = bytes(data)
            found = rawfile.preview_range(blob)
            if found is not None:
                assert (
                    found[0] + found[1] <= len(blob)
                    and blob[found[0] : found[0] + 2] == b"\xff\xd8"
                )
            rawcontainers.exif_blocks(rawcontainers.bytes_reader(blob), len(blob))


def test_build_exhibits_the_cr3_preview_and_attaches_the_cr3(tmp_path: Path) -> None:
    import pypdf
    from click.testing import CliRunner

    from evidencekit.cli import cli as main
    from tests.util import write_case

    case = write_case(tmp_path / "case", {})
    (case / "product").mkdir()
    raw = make_cr3(FULL, PRVW, THMB)
    (case / "product" / "IMG_0001.CR3").write_bytes(raw)
    (case / "product" / "DSCF0002.RAF").write_bytes(make_raf(_jpeg((900, 600), _fuji_exif(), 5)))
    out = case / "dossier" / "d.pdf"
    args = ["build", str(case), "-o", str(out), "--at", "2026-01-01T00:00Z", "--attach-originals"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    reader = pypdf.PdfReader(out)
    text = "".join("".join(p.extract_text().split()) for p in reader.pages)
    assert text.count("RAW文件内嵌预览图") >= 2
    assert "买家数码相机拍摄的RAW原片（CanonEOSR5）" in text
    assert "买家数码相机拍摄的RAW原片（FUJIFILMX-T4）" in text
    assert "不是图片" not in text
    manifest = json.loads(reader.attachments["manifest.json"][0])
    by_path = {f["path"]: f for f in manifest["files"]}
    cr3 = by_path["product/IMG_0001.CR3"]
    assert cr3["embedded"]["detail"]["raw_preview"] is True
    assert cr3["sha256"] == hashlib.sha256(raw).hexdigest()
    (attached,) = [v for k, v in reader.attachments.items() if k.endswith("IMG_0001.CR3")]
    assert attached[0] == raw
