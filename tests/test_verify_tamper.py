"""verify fails for every change a real tool makes to a dossier (issue 16), and names it."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import cli
from evidencekit.errors import VerifyError
from evidencekit.integrity.verify import check_seal, verify_dossier
from tests.conftest import SAMPLE
from tests.util import built_sample

pikepdf = pytest.importorskip("pikepdf")
from pypdf import PdfReader, PdfWriter  # noqa: E402
from pypdf.annotations import FreeText  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built_sample(tmp_path_factory.mktemp("vtamper"), "--attach-originals")


def _failed(pdf: Path) -> dict[str, str]:
    rep = verify_dossier(pdf)
    assert not rep.ok and int(rep.exit_code) == 5
    return {c.name: c.detail for c in rep.checks if not c.ok}


def test_untouched_dossier_verifies_ok_and_fast(built: tuple[Path, Path]) -> None:
    _, pdf = built
    t = time.perf_counter()
    rep = verify_dossier(pdf)
    took = time.perf_counter() - t
    assert rep.ok, [c for c in rep.checks if not c.ok]
    seal = next(c for c in rep.checks if c.name == "seal")
    assert seal.ok and seal.detail == f"all {pdf.stat().st_size:,} bytes as built"
    assert took < 10
    res = CliRunner().invoke(cli, ["verify", str(pdf)])
    assert res.exit_code == 0 and res.output.startswith("OK")


def test_pikepdf_overlay_on_the_cover(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, pdf = built
    bad = tmp_path / "overlay.pdf"
    with pikepdf.open(pdf) as doc:
        overlay = b"q 1 0 0 rg BT /F1 40 Tf 100 400 Td (AMOUNT CHANGED 99999) Tj ET Q"
        doc.pages[0].contents_add(doc.make_stream(overlay), prepend=False)
        doc.save(bad)
    failed = _failed(bad)
    assert "no seal" in failed["seal"]
    # pikepdf keeps the trailer's record of parts: the changed page is named
    assert "page 1" in failed["page:1"] and len([n for n in failed if n.startswith("page")]) == 1


@pytest.mark.parametrize("incremental", [True, False])
def test_pypdf_annotation(built: tuple[Path, Path], tmp_path: Path, incremental: bool) -> None:
    _, pdf = built
    bad = tmp_path / "annot.pdf"
    w = PdfWriter(pdf, incremental=True) if incremental else PdfWriter(clone_from=PdfReader(pdf))
    w.add_annotation(page_number=0, annotation=FreeText(text="forged", rect=(50, 50, 200, 100)))
    with open(bad, "wb") as f:
        w.write(f)
    failed = _failed(bad)
    if incremental:
        assert "incremental update" in failed["appended"]
        assert set(failed) == {"appended", "page:1"}
    else:
        assert set(failed) == {"seal"}


def test_qpdf_page_deletion(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, pdf = built
    bad = tmp_path / "deleted.pdf"
    n = len(PdfReader(pdf).pages)  # pages 2, 3 and two before the last go (n >= 8)
    keep = f"1,4-{n - 3},{n}-z"
    subprocess.run(["qpdf", str(pdf), "--pages", ".", keep, "--", str(bad)], check=True)
    failed = _failed(bad)
    assert failed["pages"].startswith(f"the dossier had {n} pages, now {n - 4}")
    assert "page 2, 3," in failed["pages"]


def test_qpdf_page_reordering(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, pdf = built
    bad = tmp_path / "reordered.pdf"
    subprocess.run(["qpdf", str(pdf), "--pages", ".", "2,1,3-z", "--", str(bad)], check=True)
    failed = _failed(bad)
    assert failed["pages"] == "pages were reordered (now different at page 1, 2)"


def test_pypdf_incremental_info_change(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, pdf = built
    bad = tmp_path / "info.pdf"
    w = PdfWriter(pdf, incremental=True)
    w.add_metadata({"/Author": "someone else"})
    with open(bad, "wb") as f:
        w.write(f)
    failed = _failed(bad)
    assert set(failed) == {"appended", "document_info"}
    assert failed["document_info"] == "the document info changed"


def test_pypdf_incremental_outline_change(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, pdf = built
    bad = tmp_path / "outline.pdf"
    w = PdfWriter(pdf, incremental=True)
    w.add_outline_item(title="forged", page_number=0)
    with open(bad, "wb") as f:
        w.write(f)
    assert "outline" in _failed(bad)


def test_swapped_attachment(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, pdf = built
    bad = tmp_path / "swapped.pdf"
    w = PdfWriter(pdf, incremental=True)
    target = next(ef for ef in w.attachment_list if (ef.alternative_name or "").endswith(".jpg"))
    target.content = (SAMPLE / "product" / "IMG_20251215_170412.jpg").read_bytes()[:5000]
    with open(bad, "wb") as f:
        w.write(f)
    failed = _failed(bad)
    assert "appended" in failed
    assert failed.get("attachments") == "the attachments changed"
    # the manifest check reads the dossier as built, so it still passes; the parts name it


def test_added_form_field(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, pdf = built
    bad = tmp_path / "field.pdf"
    with pikepdf.open(pdf) as doc:
        field = doc.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget,
                FT=pikepdf.Name.Tx,
                T=pikepdf.String("amount"),
                V=pikepdf.String("99999"),
                Rect=[100, 100, 300, 130],
            )
        )
        doc.Root.AcroForm = pikepdf.Dictionary(Fields=[field])
        doc.pages[0].Annots = doc.make_indirect(pikepdf.Array([field]))
        doc.save(bad)
    failed = _failed(bad)
    assert {"seal", "forms", "page:1"} <= set(failed)


def test_benign_qpdf_rewrite(built: tuple[Path, Path], tmp_path: Path) -> None:
    """A plain re-save: fails alone (nothing proves the content), "re-saved, content
    identical" with --case, where a fresh build from the folder is the proof."""
    case, pdf = built
    resaved = tmp_path / "resaved.pdf"
    subprocess.run(["qpdf", str(pdf), str(resaved)], check=True)
    failed = _failed(resaved)
    assert "no seal" in failed["seal"] and "proves nothing" in failed["parts"]
    res = CliRunner().invoke(cli, ["verify", str(resaved), "--case", str(case)])
    assert res.exit_code == 0, res.output
    assert "re-saved, content identical" in res.output


def test_case_rebuild_is_byte_identical(built: tuple[Path, Path]) -> None:
    case, pdf = built
    rep = CliRunner().invoke(cli, ["verify", str(pdf), "--case", str(case)])
    assert rep.exit_code == 0, rep.output
    assert "rebuild: byte for byte identical to a fresh build" in rep.output


def test_trailing_zeros_are_padding_not_a_broken_signature(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    _, pdf = built
    bad = tmp_path / "zeros.pdf"
    shutil.copy(pdf, bad)
    with open(bad, "ab") as f:
        f.write(b"\0" * (20 << 20))
    t = time.perf_counter()
    failed = _failed(bad)
    assert time.perf_counter() - t < 10
    assert failed == {
        "appended": "21.0 MB of padding were appended after the dossier's end (%%EOF)"
    }


def test_1000_random_byte_flips_never_verify(built: tuple[Path, Path], tmp_path: Path) -> None:
    """Every flip breaks the seal (check_seal is verify's first check, and a report with a
    failed check is never OK); a sample of them also goes through the whole verify."""
    _, pdf = built
    data = pdf.read_bytes()
    work = tmp_path / "flip.pdf"
    shutil.copy(pdf, work)
    rnd = random.Random(16)
    t = time.perf_counter()
    with open(work, "r+b") as f:
        for i in range(1000):
            at = rnd.randrange(len(data))
            f.seek(at)
            f.write(bytes([data[at] ^ (1 << rnd.randrange(8))]))
            f.flush()
            _, check = check_seal(work, len(data))
            assert not check.ok, f"flip at {at} kept the seal"
            if i % 100 == 0:
                try:
                    assert not verify_dossier(work).ok
                except VerifyError:
                    pass  # exit 6 ("not a valid dossier") is a failure too
            f.seek(at)
            f.write(data[at : at + 1])
    took = time.perf_counter() - t
    assert took < 120, took
