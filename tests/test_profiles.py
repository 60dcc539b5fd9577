"""Submission profiles: every output of every profile is read back and checked against the
profile's limits (size, pages, files, dpi, megapixels, count, format), on a case of 40 photos
and 20 long screenshots; no profile may stop or drop an exhibit. The full-size variant (every
screenshot 1080x6000, realistic photos) runs every profile and is marked ``sweep``; the
default run builds four representative PDF profiles (compact single file, compact volumes
with a byte limit per file, compact with a dpi cap, standard layout with a byte limit) on a
lighter mix that still has 4000x3000 JPEGs and 1080x6000 screenshots."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from evidencekit.dossier.postprocess import read_dossier
from evidencekit.errors import OutputError
from evidencekit.integrity.verify import verify_dossier
from evidencekit.options import AuditOptions, BuildOptions
from evidencekit.outputs.pack import build_pack
from evidencekit.rules.profiles import all_profiles, format_profiles, get_profile
from evidencekit.testing.cases import make_profile_case, quick_audit
from tests.test_pack_select import cited
from tests.util import build_dossier

PDF_PROFILES = [p.key for p in all_profiles() if p.kind == "pdf"]
QUICK_PDF_PROFILES = ["stripe", "amex", "mastercard", "paypal"]
IMAGE_PROFILES = [p.key for p in all_profiles() if p.kind == "images"]
NOW = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)


def _case(root: Path, full: bool) -> Path:
    if full:
        return make_profile_case(root, big=4, big_screens=20)
    return make_profile_case(
        root, big=2, big_screens=3, photo_size=(640, 480), screen_size=(540, 1200)
    )


@pytest.fixture(scope="module")
def light(tmp_path_factory: pytest.TempPathFactory):
    os.environ["SOURCE_DATE_EPOCH"] = "1766000000"
    root = _case(tmp_path_factory.mktemp("p") / "case60", full=False)
    return root, quick_audit(root)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory):
    os.environ["SOURCE_DATE_EPOCH"] = "1766000000"
    root = _case(tmp_path_factory.mktemp("p") / "case60", full=True)
    return root, quick_audit(root)


def _ppi(pdf: Path) -> list[tuple[int, int, float]]:
    """(width, height, ppi) of every image drawn, from poppler's pdfimages -list."""
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    rows = []
    for line in out.stdout.splitlines()[2:]:
        f = line.split()
        rows.append((int(f[3]), int(f[4]), max(float(f[12]), float(f[13]))))
    return rows


def _page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    return out.stdout.split("\f")


def _check_links(f: Path, reader: PdfReader, numbers: list[str]) -> None:
    """Every exhibit has a bookmark, and it lands on the page that shows the exhibit."""
    marks = next(o for o in reader.outline if isinstance(o, list))
    pages = {m.title.split()[0]: reader.get_destination_page_number(m) for m in marks}
    assert sorted(pages) == numbers, f.name
    texts = _page_texts(f) if shutil.which("pdftotext") else []
    for n, page in pages.items():
        if texts:
            assert n in texts[page], (f.name, n, page + 1)


def check_pdf_profile(root: Path, result, key: str):
    profile = get_profile(key)
    out = root / "dossier" / f"{key}.pdf"
    report = build_dossier(
        result, root, BuildOptions(AuditOptions(root), output=out, profile=key, force=True)
    )
    files = [v.output for v in report.volumes] or [report.output]
    assert profile.max_files is None or len(files) <= profile.max_files
    total = 0
    numbers: list[str] = []
    # qpdf --check decodes every stream (16 s for a 16 MB dossier): let it run on the other
    # core while the rest is checked
    qpdf = [
        subprocess.Popen(["qpdf", "--check", str(f)], stdout=subprocess.DEVNULL)
        for f in files
        if shutil.which("qpdf")
    ]
    for f in files:
        data = f.read_bytes()
        total += len(data)
        assert data[:5] == b"%PDF-"
        if profile.max_bytes:
            assert len(data) <= profile.max_bytes, (f.name, len(data))
        reader = PdfReader(str(f))
        pages = len(reader.pages)
        if profile.max_pages:
            assert pages <= profile.max_pages, (f.name, pages)
        if shutil.which("pdfimages"):
            for w, h, ppi in _ppi(f):
                if profile.max_dpi and w * h > 40_000:  # not the QR code
                    assert ppi <= profile.max_dpi + 1, (f.name, w, h, ppi)
                if profile.max_megapixels:
                    assert w * h < profile.max_megapixels * 1_000_000
        assert verify_dossier(f, root).ok, f
        manifest = json.loads(read_dossier(f).attachments["manifest.json"])
        mine = []
        for entry in manifest["files"]:
            if entry["exhibit"]:
                mine.append(entry["exhibit"])
                emb = entry["embedded"]
                # original hash, embedded hash and the transform are all stated
                assert entry["sha256"] and emb["sha256"] and emb["transform"]
        _check_links(f, reader, sorted(mine))
        numbers += mine
    assert all(q.wait() == 0 for q in qpdf), "qpdf --check"
    if profile.max_total_bytes:
        assert total <= profile.max_total_bytes
    # never by dropping exhibits
    assert sorted(numbers) == [f"E-{n:02d}" for n in range(1, report.exhibits + 1)]
    assert report.exhibits == 60
    return report


def check_pack(root: Path, result, key: str) -> None:
    profile = get_profile(key)
    report = build_pack(result, root, key, now=NOW)
    assert 1 <= len(report.sheets) <= (profile.max_count or 0)
    packed = [n for s in report.sheets for n in s.exhibits]
    assert sorted(packed + list(report.left_out)) == [f"E-{n:02d}" for n in range(1, 61)]
    files = sorted(p for p in report.outdir.iterdir() if p.name != "pack.txt")
    assert len(files) == len(report.sheets)
    text = report.text_file.read_text(encoding="utf-8")
    for s in report.sheets:
        data = s.file.read_bytes()
        assert len(data) <= (profile.max_bytes or 0)
        with Image.open(io.BytesIO(data)) as im:
            fmt = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "BMP": "bmp"}[im.format or ""]
            assert fmt in profile.formats
        assert s.file.name in text
        if s.legibility is not None:
            assert s.legibility >= 1.0
    assert report.description and report.description in text
    # the description cites exactly the exhibits in the images (issue 15)
    assert cited(report.description, [f"E-{n:02d}" for n in range(1, 61)]) == set(packed)
    assert report.missing_glyphs == ()


@pytest.mark.parametrize("key", QUICK_PDF_PROFILES)
def test_pdf_profile_limits(light, key):
    check_pdf_profile(*light, key)


def test_page_limited_profiles_use_the_compact_layout():
    for p in all_profiles():
        if p.kind == "pdf":
            assert (p.layout == "compact") == bool(p.max_pages or p.fee_pages), p.key


def test_compact_volumes_are_deterministic_and_full(light, tmp_path):
    """Rebuilding gives the same bytes in every volume; volumes are grown to the page limit
    (only the last may be short by more than what one more exhibit would add)."""
    root, result = light
    vols = []
    for name in ("a", "b"):
        out = tmp_path / name / "amex.pdf"
        opts = BuildOptions(AuditOptions(root), output=out, profile="amex")
        rep = build_dossier(result, root, opts)
        vols.append([v.output.read_bytes() for v in rep.volumes])
        assert 2 <= len(rep.volumes) <= 4  # 60 exhibits, 20 pages each
        assert all(v.pages >= 18 for v in rep.volumes[:-1]), [v.pages for v in rep.volumes]
    assert vols[0] == vols[1]


@pytest.mark.parametrize("key", IMAGE_PROFILES)
def test_pack_limits(light, key):
    check_pack(*light, key)


@pytest.mark.sweep
@pytest.mark.parametrize("key", PDF_PROFILES + IMAGE_PROFILES)
def test_profile_limits_full_size(full, key):
    if key in IMAGE_PROFILES:
        check_pack(*full, key)
    else:
        check_pdf_profile(*full, key)


def test_profiles_listed_with_sources():
    lines = "\n".join(format_profiles())
    for p in all_profiles():
        assert p.key in lines
        if p.limited:
            assert p.source.startswith("http") and p.source in lines
    names = {p.key for p in all_profiles()}
    assert {"standard", "archive", "paypal", "stripe", "mastercard", "amex"} <= names
    assert {"1688-apply", "1688-return", "taobao"} <= names


def test_unknown_profile_names_the_choices(light):
    root, result = light
    with pytest.raises(Exception, match="unknown profile") as e:
        build_dossier(result, root, BuildOptions(AuditOptions(root), profile="visa"))
    assert "paypal" in str(e.value)


def test_image_profile_refuses_pdf_and_vice_versa(light):
    root, result = light
    with pytest.raises(OutputError, match="pack"):
        build_dossier(result, root, BuildOptions(AuditOptions(root), profile="1688-apply"))
    with pytest.raises(OutputError, match="PDF"):
        build_pack(result, root, "paypal", now=NOW)


def test_pack_is_deterministic(light, tmp_path):
    root, result = light
    a = build_pack(result, root, "1688-apply", tmp_path / "a", now=NOW)
    b = build_pack(result, root, "1688-apply", tmp_path / "b", now=NOW)
    assert [s.file.read_bytes() for s in a.sheets] == [s.file.read_bytes() for s in b.sheets]


def test_card_profiles_are_merchant_side_and_send_buyers_to_the_issuer():
    for lang, words in (("en", ("merchant-side", "card issuer")), ("zh", ("商户端", "发卡行"))):
        lines = format_profiles(lang=lang)
        text = "\n".join(lines)
        for key in ("stripe", "mastercard", "amex"):
            block = _block(lines, key)
            assert all(w in block for w in words), (lang, key)
        for key in ("paypal", "1688-apply", "standard"):
            assert words[0] not in _block(lines, key), (lang, key)
        assert ("fee threshold, not a rejection" if lang == "en" else "收费门槛") in text
        assert ("€1" in _block(lines, "mastercard")) and "card networks'" in "\n".join(
            format_profiles(lang="en")
        )
    assert get_profile("amex").max_dpi == 300


def _block(lines: list[str], key: str) -> str:
    """The lines ``evidencekit profiles`` prints for one profile."""
    start = next(i for i, line in enumerate(lines) if line.split()[0] == key)
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines)
    )
    return "\n".join(lines[start:end])


def test_profiles_json_keeps_fields_and_adds_the_merchant_note():
    from click.testing import CliRunner

    from evidencekit.cli import cli

    res = CliRunner().invoke(cli, ["profiles", "--json"])
    assert res.exit_code == 0, res.output
    rows = {p["key"]: p for p in json.loads(res.output)["profiles"]}
    assert rows["mastercard"]["side"] == "merchant" and rows["mastercard"]["fee_pages"] == 19
    assert rows["mastercard"]["max_pages"] is None  # a fee threshold, not a limit
    assert "card issuer" in rows["amex"]["buyer_note_en"] and rows["paypal"]["side"] == ""
    assert rows["amex"]["max_dpi"] == 300 and rows["1688-apply"]["max_count"] == 5
    zh = CliRunner().invoke(cli, ["profiles", "--lang", "zh"])
    assert zh.exit_code == 0 and "发卡行" in zh.output


def test_mastercard_over_19_pages_is_built_with_the_fee_said(light, tmp_path):
    """Mastercom charges per page beyond 19, it does not refuse: one file, never cut into
    19-page volumes, and the build says the fee."""
    root, result = light
    out = tmp_path / "mc.pdf"
    rep = build_dossier(
        result, root, BuildOptions(AuditOptions(root), output=out, profile="mastercard")
    )
    assert rep.volumes == () and rep.pages > 19
    fee = [w for w in rep.warnings if "page fee" in w]
    assert fee and f"about €{rep.pages - 19}" in fee[0], rep.warnings
