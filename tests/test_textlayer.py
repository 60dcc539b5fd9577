"""The invisible OCR text layer on exhibit pages (render/textlayer.py).

Built from synthetic OCR lines (the OCR extra is not needed), except the last test, which runs
the real audit with RapidOCR when it is installed.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import ContentStream

from evidencekit.audit.pipeline import run_audit
from evidencekit.audit.pixels import PixelFacts
from evidencekit.audit.report import audit_json
from evidencekit.dossier.render.textlayer import exhibit_text, owned_rows
from evidencekit.models import AuditResult
from evidencekit.options import AuditOptions, BuildOptions
from evidencekit.testing import imagegen
from tests.util import build_dossier

SDE = "1766000000"
CHAT = "chat/Screenshot_20251217_190812.png"
LONG = "chat/Screenshot_20251217_191500_long.png"
TURNED = "other/rotated.jpg"  # not a chat: a photo cell in the compact layout

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler absent")


def _draw_screen(path: Path, size: tuple[int, int], lines: list[tuple[str, int, int]]) -> list:
    """A plain chat-like screenshot with ``(text, x, y)`` drawn; returns the exact OCR lines
    (text, box) a perfect reader would give (the ink box, padded like a text detector)."""
    img = Image.new("RGB", size, (237, 237, 237))
    d = ImageDraw.Draw(img)
    f = imagegen.font(40)
    out = []
    for text, x, y in lines:
        x0, y0, x1, y1 = d.textbbox((x, y), text, font=f)
        d.rounded_rectangle((x0 - 20, y0 - 14, x1 + 20, y1 + 14), 10, fill=(255, 255, 255))
        d.text((x, y), text, font=f, fill=(20, 20, 20))
        out.append((text, (x0 - 6, y0 - 6, x1 + 6, y1 + 6)))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    return out


CHAT_LINES = [
    ("12月17日 19:07", 380, 300),
    ("订单号 3141592653589793", 120, 520),
    ("卖家拒绝退款", 120, 700),
]


def _write_case(root: Path) -> dict[str, list]:
    root.mkdir(parents=True)
    (root / "case.toml").write_text(
        f'[case]\norder_id = "3141592653589793"\n[[file]]\npath = "{CHAT}"\n'
        "redact = [[100, 680, 500, 80]]\n",  # blacks out the third chat line
        encoding="utf-8",
    )
    lines = {CHAT: _draw_screen(root / CHAT, (1080, 2400), CHAT_LINES)}
    # a tall scrolling capture: split over pages; one line every 100 px
    tall = [(f"L{i:03d}", 60 + (i % 4) * 200, 30 + i * 100) for i in range(60)]
    lines[LONG] = _draw_screen(root / LONG, (1080, 6000), tall)
    # a screenshot JPEG stored sideways (orientation 6): upright 480x320, red block top-left
    upright = Image.new("RGB", (480, 320), (200, 200, 200))
    d = ImageDraw.Draw(upright)
    d.rectangle((0, 0, 160, 100), fill=(220, 0, 0))
    d.rectangle((300, 200, 460, 300), fill=(0, 0, 180))
    exif = Image.Exif()
    exif[0x0112] = 6
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    (root / TURNED).parent.mkdir()
    stored.save(root / TURNED, "JPEG", quality=90, exif=exif.tobytes())
    lines[TURNED] = [("REDCORNER", (12, 20, 148, 80)), ("BLUECORNER", (310, 220, 450, 280))]
    return lines


def _with_text(result: AuditResult, lines: dict[str, list]) -> AuditResult:
    px = dict(result.pixels)
    for path, ocr in lines.items():
        px[path] = dataclasses.replace(px[path], ocr_lines=tuple(ocr), ocr_state="ok")
    return dataclasses.replace(result, pixels=px)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    os.environ["SOURCE_DATE_EPOCH"] = SDE
    root = tmp_path_factory.mktemp("t") / "ocr-case"
    lines = _write_case(root)
    result = run_audit(AuditOptions(root, jobs=1))
    assert all(result.pixels[p].size for p in lines)  # the audit examined them (OCR off)
    out = root.parent / "out"
    with_text = build_dossier(
        _with_text(result, lines), root, BuildOptions(AuditOptions(root), out / "a.pdf")
    )
    without = build_dossier(result, root, BuildOptions(AuditOptions(root), out / "b.pdf"))
    return root, lines, with_text.output, without.output, _with_text(result, lines)


def _dest_pages(pdf: Path) -> dict[str, int]:
    reader = PdfReader(str(pdf))
    out: dict[str, int] = {}
    for o in reader.outline:
        for e in o if isinstance(o, list) else [o]:
            out[e.title.split()[0]] = reader.get_destination_page_number(e)
    return out


def _numbers(pdf: Path) -> dict[str, str]:
    """Item path -> exhibit number, from the embedded manifest."""
    reader = PdfReader(str(pdf))
    m = json.loads(next(ef.content for ef in reader.attachment_list if ef.name == "manifest.json"))
    return {f["path"]: f["exhibit"] for f in m["files"] if f.get("exhibit")}


def _pages_of(pdf: Path, path: str) -> list[int]:
    """0-based pages of the exhibit showing ``path`` (its first page up to the next one)."""
    dests, num = _dest_pages(pdf), _numbers(pdf)[path]
    first = dests[num]
    later = sorted(p for k, p in dests.items() if p > first)
    return list(range(first, later[0] if later else len(PdfReader(str(pdf)).pages)))


def _image_rect(pdf: Path, page: int) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in PDF points of the (one) image painted on ``page``, from the content
    stream's transformation matrices (ISO 32000-1 §8.3.4)."""
    reader = PdfReader(str(pdf))
    pg = reader.pages[page]
    xobjects = pg["/Resources"]["/XObject"]
    ctm, stack, rects = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [], []
    for operands, op in ContentStream(pg.get_contents(), reader).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E,
                   e * B + f * D + F]  # fmt: skip
        elif op == b"Do" and xobjects[operands[0]].get_object()["/Subtype"] == "/Image":
            A, B, C, D, E, F = ctm
            pts = [(E + u * A + v * C, F + u * B + v * D) for u in (0, 1) for v in (0, 1)]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            rects.append((min(xs), min(ys), max(xs), max(ys)))
    assert len(rects) == 1, rects
    return rects[0]


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """pdftotext -bbox words on ``page`` (0-based): (text, x0, y0, x1, y1), PDF points, y up."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', html).group(1))  # type: ignore[union-attr]
    pat = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [
        (unescape(w), float(a), height - float(d), float(c), height - float(b))
        for a, b, c, d, w in re.findall(pat, html)
    ]


def _centre_in(word: tuple[str, float, float, float, float], rect: tuple) -> bool:
    cx, cy = (word[1] + word[3]) / 2, (word[2] + word[4]) / 2
    return rect[0] <= cx <= rect[2] and rect[1] <= cy <= rect[3]


@needs_pdftotext
def test_lines_are_found_where_the_picture_shows_them(built):
    root, lines, pdf, *_ = built
    (page,) = _pages_of(pdf, CHAT)
    rect = _image_rect(pdf, page)
    words = [w for w in _words(pdf, page) if _centre_in(w, rect)]  # not the running header
    text = " ".join(w[0] for w in words)
    assert "12月17日" in text and "19:07" in text and "3141592653589793" in text
    assert "卖家拒绝退款" not in text  # under the case.toml redact box: not in the text either
    sx = (rect[2] - rect[0]) / 1080
    for want, (x0, y0, x1, y1) in lines[CHAT][:2]:
        for token in want.split():
            (w,) = [w for w in words if w[0] == token]
            # where the picture shows it: within a few points of the OCR box
            assert rect[0] + x0 * sx - 2 <= w[1] and w[3] <= rect[0] + x1 * sx + 2
            top, bottom = rect[3] - y0 * sx, rect[3] - y1 * sx
            assert bottom - 2 <= (w[2] + w[4]) / 2 <= top + 2
    # the whole line copies out as one string, in reading order
    plain = subprocess.run(
        ["pdftotext", "-f", str(page + 1), "-l", str(page + 1), str(pdf), "-"],
        capture_output=True,
        text=True,
    ).stdout
    assert "订单号 3141592653589793" in plain


def test_text_is_invisible_and_image_unchanged(built):
    _, _, pdf, plain, _ = built
    a, b = PdfReader(str(pdf)), PdfReader(str(plain))
    (page,) = _pages_of(pdf, CHAT)
    content = a.pages[page].get_contents().get_data()
    assert re.search(rb"\b3 Tr\b", content) and b" Tz" in content
    assert b" Tr" not in b.pages[page].get_contents().get_data()

    def images(r: PdfReader) -> dict[str, bytes]:
        out = {}
        for p in r.pages:
            for name, ref in (p["/Resources"].get("/XObject") or {}).items():
                obj = ref.get_object()
                if obj["/Subtype"] == "/Image":
                    out[name] = obj._data
        return out

    assert images(a) == images(b) and len(images(a)) == 3
    # same pages, same manifest and fingerprint: only the invisible text was added
    assert len(a.pages) == len(b.pages)
    assert a.metadata["/Subject"] == b.metadata["/Subject"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler absent")
def test_pages_look_the_same(built, tmp_path: Path):
    _, _, pdf, plain, _ = built
    for path in (CHAT, TURNED):
        page = _pages_of(pdf, path)[0] + 1
        shots = []
        for n, f in enumerate((pdf, plain)):
            out = tmp_path / f"{n}-{page}"
            subprocess.run(["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), "-png",
                            "-singlefile", str(f), str(out)], check=True)  # fmt: skip
            shots.append(Image.open(f"{out}.png").convert("RGB").tobytes())
        assert shots[0] == shots[1], path


@needs_pdftotext
def test_split_screenshot_puts_each_line_on_one_page(built):
    _, lines, pdf, *_ = built
    pages = _pages_of(pdf, LONG)
    assert len(pages) >= 3
    seen: dict[str, list[int]] = {}
    for page in pages:
        rect = _image_rect(pdf, page)
        for w in _words(pdf, page):
            if re.fullmatch(r"L\d{3}", w[0]):
                seen.setdefault(w[0], []).append(page)
                assert _centre_in(w, rect), w  # the clip window of this page
    assert sorted(seen) == [t for t, _ in lines[LONG]]
    assert all(len(v) == 1 for v in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}
    assert [seen[f"L{i:03d}"][0] for i in range(60)] == sorted(
        seen[f"L{i:03d}"][0] for i in range(60)
    )


@needs_pdftotext
def test_compact_layout_columns_and_grid(built):
    root, lines, *_, result = built
    out = root.parent / "out" / "compact.pdf"
    report = build_dossier(result, root, BuildOptions(AuditOptions(root), out, profile="stripe"))
    reader = PdfReader(str(report.output))
    numbers = _numbers(out)
    dests = _dest_pages(out)
    # the tall screenshot: side-by-side columns on one page, each line once
    page = dests[numbers[LONG]]
    words = [w[0] for w in _words(out, page) if re.fullmatch(r"L\d{3}", w[0])]
    assert sorted(words) == [t for t, _ in lines[LONG]]
    # a photo in the grid: its words over its own cell
    page = dests[numbers[TURNED]]
    rect = _image_rect(out, page)
    found = {w[0]: w for w in _words(out, page)}
    assert _centre_in(found["REDCORNER"], rect) and _centre_in(found["BLUECORNER"], rect)
    assert found["REDCORNER"][1] < found["BLUECORNER"][1]
    assert re.search(rb"\b3 Tr\b", reader.pages[page].get_contents().get_data())


def test_owned_rows_partition_the_image():
    windows = [(0.0, 500.0), (464.0, 600.0), (1028.0, 300.0)]
    nxt = [464.0, 1028.0, None]
    spans = [owned_rows(off, n, 36.0) for (off, _), n in zip(windows, nxt, strict=True)]
    assert spans[0][0] < 0 and spans[-1][1] > 1e9
    assert spans[0][1] == spans[1][0] == 482.0 and spans[1][1] == spans[2][0] == 1046.0
    for (off, win), (lo, hi) in zip(windows, spans, strict=True):  # each owns what it shows
        assert (lo == -math.inf or off < lo) and (hi == math.inf or hi < off + win)


@needs_pdftotext
def test_rotated_image_text_sits_over_the_upright_picture(built, tmp_path: Path):
    _, _, pdf, *_ = built
    (page,) = _pages_of(pdf, TURNED)
    rect = _image_rect(pdf, page)
    assert (rect[2] - rect[0]) > (rect[3] - rect[1])  # drawn upright: landscape 480x320
    words = {w[0]: w for w in _words(pdf, page)}
    out = tmp_path / "turned"
    subprocess.run(["pdftoppm", "-r", "72", "-f", str(page + 1), "-l", str(page + 1), "-png",
                    "-singlefile", str(pdf), str(out)], check=True)  # fmt: skip
    im = Image.open(f"{out}.png").convert("RGB")
    scale = im.height / float(PdfReader(str(pdf)).pages[page].mediabox.height)
    for word, colour in (("REDCORNER", (220, 0, 0)), ("BLUECORNER", (0, 0, 180))):
        w = words[word]
        cx, cy = (w[1] + w[3]) / 2, (w[2] + w[4]) / 2
        pixel = im.getpixel((round(cx * scale), round(im.height - cy * scale)))
        assert all(abs(p - q) < 40 for p, q in zip(pixel, colour, strict=True)), (word, pixel)


def test_exhibit_text_scales_and_respects_redaction():
    px = PixelFacts(
        size=(2000, 4000),
        ocr_state="ok",
        ocr_lines=(("电话 13812345678", (100, 200, 900, 260)), ("好的", (100, 400, 300, 460))),
    )
    assert exhibit_text(px, (1000, 2000)) == (
        ("电话 13812345678", (50, 100, 450, 130)),
        ("好的", (50, 200, 150, 230)),
    )
    # a case.toml redact box (x, y, w, h) over the phone number removes that line
    assert exhibit_text(px, (1000, 2000), [(500, 190, 300, 60)]) == (("好的", (50, 200, 150, 230)),)
    assert exhibit_text(dataclasses.replace(px, ocr_state="unavailable"), (1000, 2000)) == ()
    assert exhibit_text(None, (1000, 2000)) == ()


def test_audit_json_exposes_pixels(built):
    root, lines, *_ = built
    result = _with_text(run_audit(AuditOptions(root, jobs=1)), lines)
    doc = json.loads(json.dumps(audit_json(result), ensure_ascii=False))
    items = {it["path"]: it for it in doc["items"]}
    px = items[CHAT]["pixels"]
    assert px["ocr_state"] == "ok" and px["size"] == [1080, 2400]
    assert px["text"][1] == {"text": "订单号 3141592653589793", "box": list(lines[CHAT][1][1])}
    assert re.fullmatch(r"[0-9a-f]{16}", px["dhash"]) and px["barcodes"] == []
    assert items[CHAT]["captured_at"]  # existing fields unchanged
    assert {it["pixels"] is None for it in doc["items"] if not it["is_image"]} <= {True}


@pytest.mark.skipif(
    importlib.util.find_spec("rapidocr_onnxruntime") is None or shutil.which("pdftotext") is None,
    reason="the OCR extra (evidencekit[ocr]) or poppler is not installed",
)
def test_real_ocr_makes_the_dossier_searchable(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("EVIDENCEKIT_OCR", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SDE)
    root = tmp_path / "case"
    (root / "case.toml").parent.mkdir(parents=True)
    (root / "case.toml").write_text('[case]\norder_id = "3891234567890123"\n', encoding="utf-8")
    imagegen.screenshot_png(
        root / "chat" / "Screenshot_20251218_100312.png",
        kind="chat",
        lines=["time:12月16日 10:01", "me:订单号 3891234567890123", "time:昨天 19:07", "them:好的"],
        when="2025-12-18 10:03",
    )
    result = run_audit(AuditOptions(root, jobs=1))
    (facts,) = result.pixels.values()
    assert facts.ocr_state == "ok", facts.ocr_state
    report = build_dossier(result, root, BuildOptions(AuditOptions(root)))
    text = subprocess.run(
        ["pdftotext", str(report.output), "-"], capture_output=True, text=True, check=True
    ).stdout.replace(" ", "")
    for want in ("12月16日10:01", "昨天19:07", "3891234567890123"):
        assert want in text, want
