"""Part digests walk each shared object once (the go-fuzz dossier: 5,019 pages sharing fonts
and resources took 7.3 million visits, over the bound, before memoising; 278,000 after), and
the seal's slots are found however many pages the dossier has."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PdfReader
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from evidencekit.dossier import seal
from evidencekit.dossier.postprocess import digests
from evidencekit.fonts import font_dir
from evidencekit.integrity.verify import verify_dossier
from tests.util import built_sample


def _shared_pdf(path: Path, pages: int) -> Path:
    """``pages`` pages drawing the same image and fonts (one XObject; an embedded TrueType
    subset: a font dictionary with its /Widths, descriptor and font file, as the dossier's)."""
    pdfmetrics.registerFont(TTFont("EKShared", str(font_dir() / "NotoSansSC_400Regular.ttf")))
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buf, "PNG")
    img = ImageReader(io.BytesIO(buf.getvalue()))
    c = canvas.Canvas(str(path), invariant=1)
    for i in range(pages):
        c.setFont("EKShared", 12)
        c.drawString(
            72, 720, f"page {i} 证据 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz"
        )
        c.setFont("Times-Roman", 10)
        c.drawString(72, 700, "the same fonts and image on every page")
        c.drawImage(img, 72, 500, 64, 48)
        c.showPage()
    c.save()
    return path


def _walk(path: Path) -> tuple[list[str], int]:
    reader = PdfReader(path)
    pages = list(reader.pages)
    refs = {p.indirect_reference.idnum: i for i, p in enumerate(pages) if p.indirect_reference}
    d = digests._Digester(refs)
    out = [digests._page_digest(d, p) for p in pages] + digests._doc_digests(d, reader)
    return out, d.nodes


def test_shared_resources_are_walked_once(tmp_path: Path) -> None:
    small = _shared_pdf(tmp_path / "small.pdf", 100)
    large = _shared_pdf(tmp_path / "large.pdf", 400)
    walked, nodes_small = _walk(small)
    assert walked == digests.part_digests(small)
    _, nodes_large = _walk(large)
    unique = int(PdfReader(large).trailer["/Size"])
    # Linear in the unique objects (a page, its content stream and a handful of direct
    # values), not pages x (fonts + image): 300 more pages cost at most ~30 visits each.
    assert nodes_large - nodes_small < 30 * 300
    assert nodes_large < 30 * unique
    # Every page shares the same resources, so every page digest differs only by its text.
    assert len(set(walked[:100])) == 100


def test_built_dossier_parts_are_what_verify_computes(tmp_path: Path) -> None:
    """A built dossier's recorded part digests (sealed with the memoised walk) are the ones
    verify computes, and verify passes; the tamper tests check that changes still show."""
    case, out = built_sample(tmp_path)
    sealed = seal.read(out, out.stat().st_size)
    assert sealed is not None
    assert list(sealed.parts) == digests.part_digests(out, sealed.length)
    assert verify_dossier(out).ok


def _slotted(path: Path, parts: int) -> Path:
    body = b"%PDF-1.4\n" + seal.HEADER_SLOT + b"1 0 obj\n<< >>\nendobj\n" * 200
    trailer = b"trailer\n<<\n/Size 2\n" + seal.trailer_slots(parts) + b"/Root 1 0 R\n>>\n"
    path.write_bytes(body + trailer + b"startxref\n0\n%%EOF\n")
    return path


def test_seal_slots_of_over_4000_pages_are_found(tmp_path: Path) -> None:
    """16 hex digits a part: 5,025 parts (the go-fuzz dossier) are 80 KiB of slot, more than
    the 64 KiB window the seal used to search ("no seal slots in its trailer")."""
    for parts in (7, 5025, 20000):
        pdf = _slotted(tmp_path / f"p{parts}.pdf", parts)
        parts_hex = [f"{i:016x}" for i in range(parts)]
        digest = seal.write(pdf, parts_hex)
        got: Any = seal.read(pdf, pdf.stat().st_size)
        assert got is not None and list(got.parts) == parts_hex and got.digest == digest
        assert seal.digest_of(pdf, got.length, got.digest_at) == digest
