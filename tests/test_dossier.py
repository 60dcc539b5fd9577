"""The PDF dossier: content, structure, determinism, embedding fidelity and verify."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from evidencekit.dossier.imaging import prepare_image, strip_jpeg_metadata
from evidencekit.dossier.render.embed import ascii_name
from evidencekit.errors import ExitCode, OutputError, VerifyError
from evidencekit.integrity.verify import render_report, verify_dossier
from evidencekit.options import AuditOptions, BuildOptions
from tests.util import build_dossier

from .dossier_case import make_case

GOLDEN = Path(__file__).parent / "golden"
SDE = "1766000000"  # 2025-12-17T19:33:20Z


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    os.environ["SOURCE_DATE_EPOCH"] = SDE
    root = tmp_path_factory.mktemp("c") / "cup-case"
    result = make_case(root)
    report = build_dossier(result, root, BuildOptions(AuditOptions(root), attach_originals=True))
    return root, result, report


def _opts(root: Path, **kw) -> BuildOptions:
    return BuildOptions(AuditOptions(root), **kw)


def _text(pdf: Path) -> str:
    reader = PdfReader(str(pdf))
    pages = [f"--- page {i + 1} ---\n{p.extract_text()}" for i, p in enumerate(reader.pages)]
    return "\n".join(line.rstrip() for line in "\n".join(pages).splitlines()) + "\n"


def test_report_and_default_path(built):
    root, _, report = built
    assert report.output == root / "dossier" / "3391-2025-88-evidence.pdf"
    assert report.exhibits == 4
    assert report.pages == len(PdfReader(str(report.output)).pages)
    assert report.size == report.output.stat().st_size
    assert report.not_embedded == ("other/broken.jpg", "other/notes.txt")
    assert report.missing_glyphs == ()


def test_golden_text(built):
    """Whole-document text; regenerate with EK_REGEN_GOLDEN=1 after a deliberate change."""
    _, _, report = built
    text = _text(report.output)
    golden = GOLDEN / "dossier_zh.txt"
    if os.environ.get("EK_REGEN_GOLDEN") == "1" or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    for needle in (
        "电商交易争议证据材料",
        "义乌某某日用品有限公司",
        "杯体划痕与凹陷特写",
        "证据目录",
        "完整性附录",
        "sha256sum",
        "certutil",
        "shasum",
        report.fingerprint,
    ):
        assert needle in text.replace("\n", "") or needle in text


def test_every_page_has_header_footer_and_fingerprint(built):
    _, _, report = built
    reader = PdfReader(str(report.output))
    n = len(reader.pages)
    for i, page in enumerate(reader.pages):
        t = page.extract_text()
        assert "3391-2025-88" in t
        assert f"第 {i + 1} 页 / 共 {n} 页" in t
        assert report.fingerprint in re.sub(r"\s+", "", t)


def test_info_and_no_local_paths(built):
    root, _, report = built
    reader = PdfReader(str(report.output))
    meta = reader.metadata
    assert "3391-2025-88" in meta["/Keywords"]
    assert meta["/Creator"].startswith("evidencekit ")
    assert meta["/Title"] and meta["/Subject"]
    assert meta["/CreationDate"].startswith("D:20251217")
    data = report.output.read_bytes()
    assert str(root).encode() not in data
    assert b"/home/" not in data and b"/tmp/" not in data


def _dest_pages(reader: PdfReader) -> dict[str, int]:
    """Outline title's first word (or whole title) -> 0-based page index."""
    out = {}
    for o in reader.outline:
        for e in o if isinstance(o, list) else [o]:
            page = reader.get_destination_page_number(e)
            out[e.title] = page
            out[e.title.split()[0]] = page
    return out


def test_bookmarks(built):
    _, _, report = built
    reader = PdfReader(str(report.output))
    outline = reader.outline
    top = [o.title for o in outline if not isinstance(o, list)]
    # No findings section by default (issue 20): the objections are the pre-check's.
    assert top == [
        "封面",
        "陈述与请求",
        "时间线",
        "证据目录",
        "证据",
        "完整性附录",
        "如何核验本材料",
    ]
    children = next(o for o in outline if isinstance(o, list))
    titles = [c.title for c in children]
    assert [t.split()[0] for t in titles] == ["E-01", "E-02", "E-03", "E-04"]
    for child in children:
        page = reader.get_destination_page_number(child)
        assert child.title.split()[0] in reader.pages[page].extract_text()


def test_index_links_land_on_exhibit_pages(built):
    _, _, report = built
    reader = PdfReader(str(report.output))
    pages = _dest_pages(reader)
    index_page = pages["证据目录"]
    targets = set()
    for annot in reader.pages[index_page].get("/Annots", []):
        a = annot.get_object()
        if a.get("/Subtype") != "/Link":
            continue
        dest = a.get("/Dest") or a["/A"]["/D"]
        targets.add(reader.get_page_number(dest[0].get_object()))
    assert targets == {pages[n] for n in ("E-01", "E-02", "E-03", "E-04")}
    for n in ("E-01", "E-02", "E-03", "E-04"):
        assert f"证据 {n}" in reader.pages[pages[n]].extract_text()
    # the printed page column equals the real page
    rows = reader.pages[index_page].extract_text()
    for n in ("E-01", "E-02", "E-03", "E-04"):
        assert re.search(rf"{n}.*?\b{pages[n] + 1}\b", rows, re.S)


def test_attachments_round_trip(built):
    root, result, report = built
    reader = PdfReader(str(report.output))
    got = {}
    for ef in reader.attachment_list:
        got[ef.alternative_name] = ef.content
        assert ef.pdf_object["/F"].isascii() if hasattr(ef.pdf_object["/F"], "isascii") else True
    assert "manifest.json" in got
    for it in result.items:
        assert got[it.path] == (root / it.path).read_bytes()
    names = {ef.pdf_object["/UF"]: ef.pdf_object["/F"] for ef in reader.attachment_list}
    assert names["product/破损特写.jpg"].isascii()


def test_byte_identical_rebuild(built, tmp_path):
    root, result, report = built
    again = build_dossier(
        result, root, _opts(root, attach_originals=True, output=tmp_path / "b.pdf")
    )
    assert again.output.read_bytes() == report.output.read_bytes()
    # and another copy of the case folder elsewhere gives the same bytes too
    other = tmp_path / "x" / root.name
    shutil.copytree(root, other, ignore=shutil.ignore_patterns("dossier"))
    third = build_dossier(result, other, _opts(other, attach_originals=True))
    assert third.output.read_bytes() == report.output.read_bytes()


def _image_streams(pdf: Path) -> list[bytes]:
    reader = PdfReader(str(pdf))
    out = []
    for obj_num in range(1, len(reader.xref_objStm) + 500):
        try:
            obj = reader.get_object(obj_num)
        except Exception:  # noqa: BLE001
            continue
        if hasattr(obj, "get") and obj.get("/Subtype") == "/Image":
            out.append(
                obj._data
                if obj.get("/Filter") in ("/DCTDecode", ["/DCTDecode"])
                else obj.get_data()
            )
    return out


def _scan_data(jpeg: bytes) -> bytes:
    return jpeg[jpeg.index(b"\xff\xda") :]


def test_untouched_jpeg_is_embedded_byte_for_byte(built):
    root, _, report = built
    streams = _image_streams(report.output)
    original = (root / "product/overview.jpg").read_bytes()
    assert original in streams
    # the photo with EXIF+GPS: segments stripped, coded image data identical
    exif_jpeg = (root / "product/破损特写.jpg").read_bytes()
    assert exif_jpeg not in streams
    stripped = [
        s for s in streams if s[:2] == b"\xff\xd8" and _scan_data(s) == _scan_data(exif_jpeg)
    ]
    assert len(stripped) == 1 and b"Exif" not in stripped[0]


def test_manifest_records_transforms(built):
    import json

    _, _, report = built
    reader = PdfReader(str(report.output))
    m = json.loads(next(ef.content for ef in reader.attachment_list if ef.name == "manifest.json"))
    by = {f["path"]: f for f in m["files"]}
    assert by["product/overview.jpg"]["embedded"]["transform"] == "passthrough"
    assert by["product/破损特写.jpg"]["embedded"]["transform"] == "metadata-stripped"
    assert "APP1 Exif" in by["product/破损特写.jpg"]["embedded"]["detail"]["removed"]
    assert by["listing/商品页面.png"]["embedded"]["detail"]["alpha"] == "flattened on white"
    assert by["other/notes.txt"]["embedded"] is None
    assert m["fingerprint"] == report.fingerprint
    assert m["case"]["order_id"] == "3391-2025-88"
    assert [
        by[p]["exhibit"]
        for p in (
            "product/overview.jpg",
            "product/破损特写.jpg",
            "listing/商品页面.png",
            "chat/wangwang_long.png",
        )
    ] == ["E-01", "E-02", "E-03", "E-04"]


def test_orientation_applied_by_page_transform(built):
    pdfium = pytest.importorskip("pypdfium2")
    _, _, report = built
    reader = PdfReader(str(report.output))
    page = _dest_pages(reader)["E-02"]
    doc = pdfium.PdfDocument(str(report.output))
    img = doc[page].render(scale=1).to_pil().convert("RGB")
    px = img.load()
    red, blue = [], []
    for y in range(0, img.height, 2):
        for x in range(0, img.width, 2):
            r, g, b = px[x, y]
            if r > 180 and g < 60 and b < 60:
                red.append((x, y))
            elif b > 140 and r < 60 and g < 60:
                blue.append((x, y))
    assert red and blue
    cx = lambda pts: sum(p[0] for p in pts) / len(pts)  # noqa: E731
    cy = lambda pts: sum(p[1] for p in pts) / len(pts)  # noqa: E731
    assert cx(red) < cx(blue) and cy(red) < cy(blue)  # red block top-left, as when upright


def test_long_screenshot_split(built):
    _, _, report = built
    reader = PdfReader(str(report.output))
    conts = [
        i
        for i, p in enumerate(reader.pages)
        if "E-04" in p.extract_text() and "续" in p.extract_text()
    ]
    assert len(conts) >= 3
    assert "接下页" in reader.pages[conts[0]].extract_text()


def test_pages_render_not_blank(built):
    pdfium = pytest.importorskip("pypdfium2")
    _, _, report = built
    doc = pdfium.PdfDocument(str(report.output))
    for page in doc:
        img = page.render(scale=0.3).to_pil().convert("L")
        lo, hi = img.getextrema()
        assert lo < 128 and hi > 200


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf absent")
def test_qpdf_check(built):
    _, _, report = built
    r = subprocess.run(["qpdf", "--check", str(report.output)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts absent")
def test_all_fonts_embedded(built):
    _, _, report = built
    out = subprocess.run(["pdffonts", str(report.output)], capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row  # emb column


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext absent")
def test_pdftotext_returns_chinese(built):
    _, _, report = built
    out = subprocess.run(
        ["pdftotext", str(report.output), "-"], capture_output=True, text=True
    ).stdout
    assert "陈述与请求" in out and "义乌某某日用品有限公司" in out


def test_english(built, tmp_path):
    root, result, _ = built
    rep = build_dossier(result, root, _opts(root, lang="en", output=tmp_path / "en.pdf"))
    text = _text(rep.output)
    assert "List of exhibits" in text and "page 1 of" in text and "Integrity appendix" in text


def test_refuses_to_overwrite_foreign_file(built, tmp_path):
    root, result, _ = built
    target = tmp_path / "mine.pdf"
    target.write_bytes(b"%PDF-1.4 someone else's file")
    with pytest.raises(OutputError):
        build_dossier(result, root, _opts(root, output=target))
    assert target.read_bytes().startswith(b"%PDF-1.4 someone")
    build_dossier(result, root, _opts(root, output=target, force=True))
    # an existing dossier may be replaced without force
    build_dossier(result, root, _opts(root, output=target))


def test_case_folder_untouched(built, tmp_path):
    root, result, _ = built
    before = sorted(
        (p.relative_to(root), p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if "dossier" not in p.parts
    )
    build_dossier(result, root, _opts(root, output=tmp_path / "o.pdf"))
    after = sorted(
        (p.relative_to(root), p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if "dossier" not in p.parts
    )
    assert before == after


# --- verify ---------------------------------------------------------------------------


def test_verify_ok(built):
    root, _, report = built
    r = verify_dossier(report.output, root)
    assert r.ok and r.exit_code == ExitCode.OK, render_report(r)
    assert r.to_json()["ok"] is True
    assert any(c.name == "printed.fingerprint" for c in r.checks)


def _copy_case(root: Path, tmp_path: Path) -> Path:
    dst = tmp_path / root.name
    shutil.copytree(root, dst)
    return dst


def test_verify_catches_one_byte_change(built, tmp_path):
    root, _, report = built
    case = _copy_case(root, tmp_path)
    p = case / "product/overview.jpg"
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 1
    p.write_bytes(bytes(data))
    r = verify_dossier(report.output, case)
    assert not r.ok and r.exit_code == ExitCode.VERIFY_FAILED
    assert r.changed == ("product/overview.jpg",)
    assert any("changed: product/overview.jpg" in line for line in render_report(r))


def test_verify_catches_rename_and_missing(built, tmp_path):
    root, _, report = built
    case = _copy_case(root, tmp_path)
    (case / "listing/商品页面.png").rename(case / "listing/renamed.png")
    (case / "other/notes.txt").unlink()
    r = verify_dossier(report.output, case)
    assert not r.ok
    assert set(r.missing) == {"listing/商品页面.png", "other/notes.txt"}
    assert r.extra == ("listing/renamed.png",)


def test_verify_catches_tampered_attachment(built, tmp_path):
    _, _, report = built
    from pypdf import PdfWriter

    w = PdfWriter(clone_from=PdfReader(str(report.output)))
    for ef in w.attachment_list:
        if ef.alternative_name == "other/notes.txt":
            ef.content = b"order notes, edited\n"
    out = tmp_path / "t.pdf"
    with open(out, "wb") as f:
        w.write(f)
    r = verify_dossier(out)
    bad = [c for c in r.checks if not c.ok]
    # a pypdf rewrite drops the seal (and its record of parts): the attachment check names it
    assert [c.name for c in bad] == ["seal", "attachment:other/notes.txt"]


def test_verify_not_a_dossier(tmp_path):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(100, 100)
    p = tmp_path / "plain.pdf"
    with open(p, "wb") as f:
        w.write(f)
    with pytest.raises(VerifyError) as e:
        verify_dossier(p)
    assert e.value.exit_code == ExitCode.NOT_A_DOSSIER
    (tmp_path / "junk.pdf").write_bytes(b"not a pdf")
    with pytest.raises(VerifyError):
        verify_dossier(tmp_path / "junk.pdf")


def test_empty_report_fails():
    from evidencekit.integrity.verify import VerifyReport

    assert not VerifyReport(Path("x.pdf"), "", ()).ok


# --- units ----------------------------------------------------------------------------


def test_strip_keeps_scan_data_and_icc():
    from PIL import Image

    buf = io.BytesIO()
    ex = Image.Exif()
    ex[0x010F] = "Cam"
    Image.new("RGB", (32, 16), (1, 2, 3)).save(
        buf, "JPEG", exif=ex.tobytes(), icc_profile=b"x" * 40, comment=b"hello"
    )
    data = buf.getvalue()
    out, removed = strip_jpeg_metadata(data)
    assert removed == ["APP1 Exif", "COM"]
    assert b"ICC_PROFILE" in out and b"Exif" not in out
    assert _scan_data(out) == _scan_data(data)
    assert Image.open(io.BytesIO(out)).tobytes() == Image.open(io.BytesIO(data)).tobytes()
    same, none = strip_jpeg_metadata(out)
    assert same == out and none == []


def test_prepare_never_upscales_and_caps():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (100, 80), "white").save(buf, "PNG")
    small = prepare_image(buf.getvalue())
    assert (small.width, small.height) == (100, 80)
    buf = io.BytesIO()
    Image.new("RGB", (6000, 4000), "white").save(buf, "PNG")
    big = prepare_image(buf.getvalue())
    assert big.width < 6000 and big.detail["downscaled"]["from"] == [6000, 4000]


def test_missing_glyphs_are_visible_and_reported():
    from evidencekit.dossier.render.text import SUBSTITUTE, Glyphs

    g = Glyphs()
    assert g.safe("杯子\U0001f600ok") == f"杯子{SUBSTITUTE}ok"
    assert g.missing == {"\U0001f600"}


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=8))
def test_ascii_names_unique_and_ascii(names):
    taken: set[str] = set()
    out = [ascii_name(n, taken) for n in names]
    assert all(o.isascii() for o in out)
    assert len(set(out)) == len(out)


def test_fingerprint_excludes_itself():
    from evidencekit.dossier.manifest import fingerprint

    m = {"a": 1, "files": []}
    fp = fingerprint(m)
    assert fingerprint({**m, "fingerprint": fp}) == fp
    assert hashlib.sha256(b'{"a":1,"files":[]}').hexdigest() == fp
