"""Issue 19, privacy: no embedded image of any profile's dossier, and no pack image, carries a
COM segment, XMP, EXIF (GPS) or any APPn the format does not need (JFIF APP0, Adobe APP14, an
ICC APP2). The fixture's photos carry a COM with a name, a phone number and a home folder,
EXIF with GPS, XMP, IPTC and a JFIF thumbnail; the PDFs' image XObjects and the pack JPEGs are
walked segment by segment. ``archive`` is the documented exception: its JPEG exhibits are the
originals bit for bit (the profile says "metadata included, GPS too")."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from evidencekit.rules.profiles import all_profiles
from tests.hostile.crashcase import CASE_HEAD, run

SECRET = b"owner=Zhang San phone 13812345678 /home/zhangsan/Pictures"
LEAKS = (b"13812345678", b"zhangsan", b"Zhang San", b"http://ns.adobe.com/xap", b"Exif\0\0")
ALLOWED_APP = {0xE0: b"JFIF\0", 0xEE: b"Adobe", 0xE2: b"ICC_PROFILE\0"}
PDF_PROFILES = [p.key for p in all_profiles() if p.kind == "pdf"]
PACK_PROFILES = [p.key for p in all_profiles() if p.kind == "images"]


def _exif_gps() -> bytes:
    ex = Image.Exif()
    ex[0x010F] = "PhoneMaker"
    ex[0x0132] = "2025:12:15 17:20:00"
    gps = ex.get_ifd(0x8825)
    gps[1], gps[2] = "N", (31.0, 13.0, 50.0)
    gps[3], gps[4] = "E", (121.0, 28.0, 30.0)
    return ex.tobytes()


def _leaky_jpeg(path: Path, size: tuple[int, int], seed: int) -> None:
    """A JPEG with every kind of metadata segment, and the secret in its COM."""
    im = Image.new("RGB", size, (200 - seed * 20, 180, 160))
    d = ImageDraw.Draw(im)
    for i in range(12):
        d.rectangle(
            (i * size[0] // 14, 40 + i * 9, i * size[0] // 14 + 60, 200), fill=(i * 20, 0, 90)
        )
    buf = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + SECRET + b"</x:xmpmeta>"
    im.save(buf, "JPEG", quality=85, comment=SECRET, exif=_exif_gps(), xmp=xmp)
    data = buf.getvalue()
    iptc = b"Photoshop 3.0\0" + SECRET
    app13 = b"\xff\xed" + (2 + len(iptc)).to_bytes(2, "big") + iptc
    thumb = b"JFIF\0\x01\x01\0\0\x01\0\x01\x02\x01" + bytes(6)  # a 2x1 RGB thumbnail
    app0 = b"\xff\xe0" + (2 + len(thumb)).to_bytes(2, "big") + thumb
    start = 2 + 2 + int.from_bytes(data[4:6], "big")  # after Pillow's APP0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8" + app0 + app13 + data[start:])


def _leaky_png(path: Path) -> None:
    from PIL.PngImagePlugin import PngInfo

    im = Image.new("RGB", (720, 1280), (250, 250, 250))
    ImageDraw.Draw(im).text((40, 40), "chat 12-15 17:20", fill=(0, 0, 0))
    info = PngInfo()
    info.add_text("Comment", SECRET.decode())
    info.add_itxt("XML:com.adobe.xmp", SECRET.decode())
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "PNG", pnginfo=info, exif=_exif_gps())


@pytest.fixture(scope="module")
def leaky_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leaky") / "case"
    root.mkdir()
    (root / "case.toml").write_text(CASE_HEAD, encoding="utf-8")
    _leaky_jpeg(root / "product" / "small.jpg", (800, 600), 0)  # passed through
    _leaky_jpeg(root / "product" / "big.jpg", (3600, 2700), 1)  # downscaled (standard)
    _leaky_jpeg(root / "parcel" / "label.jpg", (1200, 1600), 2)
    _leaky_png(root / "chat" / "chat.png")
    return root


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of every segment before the first scan, then of every marker segment
    between scans (T.81 B.1); raises on a stream that is not a walkable JPEG."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    out, i, n = [], 2, len(data)
    while i < n:
        assert data[i] == 0xFF, f"marker expected at {i}"
        while data[i + 1] == 0xFF:
            i += 1
        m = data[i + 1]
        if m == 0xD9:
            return out
        if m == 0x01 or 0xD0 <= m <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        out.append((m, data[i + 4 : i + 2 + length]))
        i += 2 + length
        if m == 0xDA:  # skip entropy-coded data to the next real marker
            while not (data[i] == 0xFF and data[i + 1] not in (0, *range(0xD0, 0xD8))):
                i += 1
    raise AssertionError("no EOI")


def assert_clean_jpeg(data: bytes, where: str) -> None:
    for marker, payload in jpeg_segments(data):
        assert marker != 0xFE, f"{where}: COM segment {payload[:60]!r}"
        if 0xE0 <= marker <= 0xEF:
            want = ALLOWED_APP.get(marker)
            assert want and payload.startswith(want), (
                f"{where}: APP{marker - 0xE0} {payload[:30]!r}"
            )
            if marker == 0xE0:
                assert payload[12:14] == b"\0\0", f"{where}: JFIF thumbnail kept"
    for leak in LEAKS:
        assert leak not in data, f"{where}: {leak!r} in the image data"


def pdf_images(pdf: Path) -> list[tuple[str, bytes]]:
    """(filter, raw stream) of every image XObject in the file, however deep."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, StreamObject

    reader = PdfReader(pdf)
    out = []
    for num in range(1, int(reader.trailer["/Size"])):
        try:
            obj = IndirectObject(num, 0, reader).get_object()
        except Exception:  # noqa: BLE001 - free entries
            continue
        if isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Image":
            filt = obj.get("/Filter")
            name = str(filt[0] if isinstance(filt, list) else filt)
            out.append((name, obj._data))
    return out


def _png_chunks(data: bytes) -> list[bytes]:
    i, out = 8, []
    while i < len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        out.append(data[i + 4 : i + 8])
        i += 12 + length
    return out


@pytest.mark.parametrize("profile", PDF_PROFILES)
def test_no_metadata_segment_in_any_profiles_images(leaky_case: Path, profile: str) -> None:
    out = leaky_case.parent / f"{profile}.pdf"
    code, text = run("build", str(leaky_case), "--profile", profile, "-o", str(out))
    assert code == 0, text
    images = pdf_images(out)
    dct = [data for filt, data in images if filt == "/DCTDecode"]
    assert images and (dct or profile != "archive"), f"{profile}: no images found"
    originals = {p.read_bytes() for p in leaky_case.rglob("*.jpg")}
    for n, (filt, data) in enumerate(images):
        where = f"{profile} image {n} ({filt})"
        if filt == "/DCTDecode":
            if profile == "archive":
                assert data in originals, f"{where}: archive promises the original bit for bit"
                continue
            assert_clean_jpeg(data, where)
        elif filt == "/FlateDecode":
            for leak in LEAKS:
                assert leak not in zlib.decompress(data), where
    if profile == "standard":
        # the downscaled photo (the reported case) is a re-encode, and it is clean
        assert len(dct) >= 3, f"{profile}: {len(dct)} JPEG images"


@pytest.mark.parametrize("platform", PACK_PROFILES)
def test_no_metadata_segment_in_pack_images(leaky_case: Path, platform: str) -> None:
    out = leaky_case.parent / f"pack-{platform}"
    code, text = run("pack", str(leaky_case), "--platform", platform, "-o", str(out))
    assert code == 0, text
    sheets = sorted(p for p in out.iterdir() if p.suffix in (".jpg", ".png"))
    assert sheets, text
    for sheet in sheets:
        data = sheet.read_bytes()
        if sheet.suffix == ".jpg":
            assert_clean_jpeg(data, sheet.name)
        else:
            chunks = _png_chunks(data)
            assert not {b"tEXt", b"iTXt", b"zTXt", b"eXIf"} & set(chunks), (sheet.name, chunks)
            for leak in LEAKS:
                assert leak not in data, sheet.name


def test_the_fixture_does_carry_the_secret(leaky_case: Path) -> None:
    """The check above would pass on a fixture without metadata: make sure it has all of it."""
    data = (leaky_case / "product" / "big.jpg").read_bytes()
    markers = {m for m, _ in jpeg_segments(data)}
    assert {0xFE, 0xE1, 0xED} <= markers and SECRET in data
    thumb = next(p for m, p in jpeg_segments(data) if m == 0xE0)
    assert thumb[12:14] == b"\x02\x01"
    with Image.open(io.BytesIO(data)) as im:
        assert im.info.get("comment") == SECRET  # what Pillow copies into a re-encode
