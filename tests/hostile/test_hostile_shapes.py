"""Tall and wide image strips cost bounded memory, time and pages (the go-fuzz sweep).

A fuzzed 16x65280 RGBA TIFF took 4.6 GB and 20 s to audit (RapidOCR scaled each 16x2000 tile
up to 736x92000 for detection) and made 2,371 dossier pages (a 16 px strip printed at the
130 mm split width is 23 points a pixel). Every shape here is generated with Pillow; the
numbers before and after are in benchmarks/README.md.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.audit import ocr, pixels
from evidencekit.dossier import pagegeom as g
from tests.hostile.crashcase import CASE_HEAD, REPO, exhibited, photo

SHAPES = {
    # name: (size, mode, format)
    "tall.tiff": ((16, 65280), "RGBA", "TIFF"),
    "strip.webp": ((16, 2048), "RGBA", "WEBP"),
    "thread.png": ((1, 100000), "RGB", "PNG"),
    "line.png": ((100000, 1), "RGB", "PNG"),
    # read by OCR (wide enough for text): padded to a bounded aspect, not upscaled
    "narrow.png": ((40, 2500), "RGB", "PNG"),
    "ribbon.png": ((3000, 40), "RGB", "PNG"),
}
PEAK_MB = 1500
"""Whole process tree, OCR engine included when installed (~600 MB); 4.6 GB before."""
SECONDS = 240
"""Hard limit for audit + build of all six (about 20 s on 2 CPUs; one TIFF alone took 26 s
before and bad_alloc'ed in OCR)."""


def _noise(size: tuple[int, int], mode: str) -> Image.Image:
    """Not one colour (blank tiles are never OCRed, which would hide the cost)."""
    return Image.effect_noise(size, 64).convert(mode)


def _case(root: Path) -> Path:
    other = root / "other"
    other.mkdir(parents=True)
    (root / "case.toml").write_text(CASE_HEAD, encoding="utf-8")
    for name, (size, mode, fmt) in SHAPES.items():
        _noise(size, mode).save(other / name, fmt, **({"lossless": True} if fmt == "WEBP" else {}))
    return root


_MEASURED = (
    "import resource, runpy, sys\n"
    "sys.argv = ['evidencekit', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('evidencekit', run_name='__main__')\n"
    "finally:\n"
    "    kb = max(resource.getrusage(w).ru_maxrss\n"
    "             for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "    sys.stderr.write(f'\\nPEAK_KB {kb}\\n')\n"
)


def _run(*args: str, timeout: float) -> tuple[int, str, str, int]:
    """The CLI in a child process: exit code, stdout, stderr, peak RSS in MB (the largest of
    the process and its worker processes)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "EVIDENCEKIT_CACHE": "0"}
    env["EVIDENCEKIT_OCR"] = "1"  # the costly path, when the extra is installed
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    head, _, peak = proc.stderr.rpartition("PEAK_KB ")
    return proc.returncode, proc.stdout, head, int(peak.strip() or 0) // 1024


def test_split_prints_are_bounded() -> None:
    """At most MAX_SPLIT_SCALE points a pixel on at most MAX_SPLIT_PAGES pages, in both
    layouts; ordinary screenshots are placed as before."""
    cont = g.CONT_IMAGE_H - g.SPLIT_OVERLAP
    for size, _mode, _fmt in SHAPES.values():
        p = g.place(*size)
        assert p.scale <= g.MAX_SPLIT_SCALE or not p.split, size
        assert p.height <= g.IMAGE_BOX[1] + (g.MAX_SPLIT_PAGES - 1) * cont, size
        s = g.strip(*size)
        assert s.pages <= g.MAX_SPLIT_PAGES and (s.pages == 1 or s.scale <= g.MAX_SPLIT_SCALE)
    phone = g.place(1080, 6000)  # a scrolling chat screenshot: 130 mm wide, as before
    assert phone.split and phone.scale == pytest.approx(g.SPLIT_WIDTH / 1080)
    assert not g.place(1170, 2532).split
    cols = int((g.FRAME_W + g.COMPACT_GAP) // (g.COMPACT_MIN_SCREEN_W + g.COMPACT_GAP))
    legible = (g.FRAME_W - (cols - 1) * g.COMPACT_GAP) / cols / 1080
    assert g.strip(1080, 20000).scale == pytest.approx(legible)  # compact: as before


def test_ocr_input_has_bounded_aspect() -> None:
    """RapidOCR scales the short side to 736 px: padding keeps its input <= 736 x 2944."""
    for size in [(16, 2000), (1, 2000), (720, 1), (720, 100), (40, 2000)]:
        out = ocr._padded(Image.new("RGB", size, "white"))
        w, h = out.size
        assert max(w, h) <= ocr.MAX_ASPECT * min(w, h) + 1 and out.size >= size, size
    screen = Image.new("RGB", (720, 1600), "white")  # a phone screenshot tile: untouched
    assert ocr._padded(screen) is screen


def test_ocr_reads_at_most_max_tiles_and_skips_blank_ones() -> None:
    seen: list[tuple[int, int]] = []

    def read(tile: Image.Image) -> list[tuple[str, tuple[int, int, int, int]]]:
        seen.append(tile.size)
        return [("x", (0, 900, 5, 920))]  # mid-tile: kept once per tile

    long = _noise((40, 60_000), "RGB")
    lines, read_to = pixels._tiled(long, read)
    assert len(seen) == pixels.OCR_MAX_TILES and read_to < long.height
    assert all(h <= pixels.OCR_TILE for _, h in seen) and len(lines) == len(seen)
    seen.clear()
    assert pixels._tiled(Image.new("RGB", (720, 9000), "white"), read) == ([], 9000)
    assert not seen


def test_hostile_shapes_audit_and_build_in_bounded_memory(tmp_path: Path) -> None:
    case = _case(tmp_path / "c")
    t0 = time.monotonic()
    code, out, err, audit_mb = _run("audit", str(case), "--json", timeout=SECONDS)
    assert code == 0 and "Traceback" not in out + err and "UserWarning" not in err, err[-2000:]
    report = {it["path"]: it for it in json.loads(out)["items"]}
    pdf = tmp_path / "d.pdf"
    code, out, err, build_mb = _run("build", str(case), "-o", str(pdf), timeout=SECONDS)
    elapsed = time.monotonic() - t0
    assert code == 0 and "Traceback" not in out + err and "UserWarning" not in err, err[-2000:]
    print(f"peak audit {audit_mb} MB, build {build_mb} MB, {elapsed:.1f} s")
    assert max(audit_mb, build_mb) < PEAK_MB, (audit_mb, build_mb)
    assert elapsed < SECONDS
    shown = set(exhibited(pdf))
    for name in SHAPES:
        path = f"other/{name}"
        codes = {f["code"] for f in report[path]["findings"]}
        assert path in shown or codes & {"EK004", "EK007", "EK009", "EK100"}, (path, codes)
        state = (report[path]["pixels"] or {}).get("ocr_state") or ""
        assert not state.startswith("error"), (path, state)
    from pypdf import PdfReader

    pages = len(PdfReader(pdf).pages)
    assert pages <= 10 + len(SHAPES) * g.MAX_SPLIT_PAGES, pages  # 2,371 for the TIFF alone


def _damaged(root: Path) -> Path:
    other = root / "other"
    other.mkdir(parents=True)
    (root / "case.toml").write_text(CASE_HEAD, encoding="utf-8")
    photo(root / "product" / "ok.jpg")  # a build needs one exhibit
    buf = io.BytesIO()
    _noise((400, 300), "RGB").save(buf, "JPEG", quality=85)
    (other / "cut.jpg").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    buf = io.BytesIO()  # tag data past the end: "Tag data larger than file" (UserWarning)
    _noise((16, 400), "RGBA").save(buf, "TIFF", description="x" * 5000)
    tiff = buf.getvalue()
    entries = int.from_bytes(tiff[8:10], "little")
    (other / "cut.tiff").write_bytes(tiff[: 8 + 2 + 12 * entries + 4 + 100])
    return root


def test_damaged_files_leave_no_pillow_warning_on_stderr(tmp_path: Path) -> None:
    """Pillow's UserWarnings (Truncated File Read, Tag data larger than file) never reach the
    terminal; the cut files get the truncation or damaged-file finding instead."""
    case = _damaged(tmp_path / "c")
    for args in (
        ["audit", str(case), "--json"],
        ["build", str(case), "-o", str(tmp_path / "d.pdf")],
    ):
        code, out, err, _ = _run(*args, timeout=SECONDS)
        assert code == 0, err[-2000:]
        assert "UserWarning" not in err and "Traceback" not in out + err, err[-2000:]
        if args[0] == "audit":
            items = {it["path"]: it for it in json.loads(out)["items"]}
            for path in ("other/cut.jpg", "other/cut.tiff"):
                codes = {f["code"] for f in items[path]["findings"]}
                assert codes & {"EK004", "EK009", "EK100"}, (path, codes)
