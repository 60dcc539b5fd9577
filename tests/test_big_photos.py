"""Photos from 200-MP phones (16320x12240 JPEG, issue 20): the pixel limit bounds decodes, it
does not drop real photos. Above ``--max-pixels`` a JPEG decodes at a DCT scale that fits."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from evidencekit.options import DEFAULT_MAX_PIXELS, decode_scale

# The child runs the CLI in-process and records its own peak RSS (VmHWM) on exit: ru_maxrss of
# a child would carry the pytest worker's peak across fork+exec on Linux.
CHILD = """
import atexit, sys
def hwm():
    line = [x for x in open("/proc/self/status") if x.startswith("VmHWM")][0]
    open(sys.argv[1], "w").write(line.split()[1])
atexit.register(hwm)
from evidencekit.cli import cli
cli.main(sys.argv[2:], prog_name="evidencekit")
"""


def _phone_photo(path: Path, size: tuple[int, int] = (16320, 12240)) -> Path:
    im = Image.new("RGB", size, (200, 180, 160))
    ImageDraw.Draw(im).rectangle((4000, 3000, 9000, 8000), fill=(40, 60, 90))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Xiaomi", "Xiaomi 14 Ultra"
    exif.get_ifd(0x8769)[0x9003] = "2025:12:15 17:02:11"
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=50, exif=exif)
    return path


def _run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, int, float]:
    hwm = tmp_path / "hwm.txt"
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(hwm), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc, int(hwm.read_text()) * 1024, time.perf_counter() - t0


def _image_sizes(pdf: Path) -> set[tuple[int, int]]:
    """Pixel sizes of the image XObjects on the pages, read from their dictionaries (pypdf's
    ``page.images`` would decode them, through Pillow's own bomb check)."""
    out = set()
    for page in PdfReader(pdf).pages:
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        for ref in xobjects.values():
            x = ref.get_object()
            if x.get("/Subtype") == "/Image":
                out.add((int(x["/Width"]), int(x["/Height"])))
    return out


def test_decode_scale_values() -> None:
    assert decode_scale(16320, 12240, DEFAULT_MAX_PIXELS, dct=True) == 2
    assert decode_scale(16320, 12240, DEFAULT_MAX_PIXELS, dct=False) is None
    assert decode_scale(4000, 3000, DEFAULT_MAX_PIXELS, dct=True) == 1
    assert decode_scale(200, 100, 10_000, dct=True) == 2  # 100x50
    assert decode_scale(200, 100, 1_000, dct=True) == 8  # 25x13
    assert decode_scale(200, 100, 300, dct=True) is None


@pytest.fixture(scope="module")
def big_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    case = tmp_path_factory.mktemp("big") / "case"
    _phone_photo(case / "product" / "crack-closeup.jpg")
    return case


def test_200mp_photo_becomes_an_exhibit_in_bounded_memory(big_case: Path, tmp_path: Path) -> None:
    out = tmp_path / "dossier.pdf"
    proc, peak, took = _run(tmp_path, "-q", "build", str(big_case), "-o", str(out), "-j", "1")
    assert proc.returncode == 0, proc.stderr
    assert "DecompressionBombWarning" not in proc.stderr
    assert "listed only" not in proc.stderr + proc.stdout
    assert "1 exhibits" in proc.stdout
    sizes = _image_sizes(out)
    assert (2040, 1530) in sizes  # 300 dpi on A4, decoded at 1/8 (the standard profile)
    print(f"200-MP build: peak RSS {peak / 2**20:.0f} MB, {took:.1f} s")
    assert peak < 400 * 2**20


def test_200mp_photo_archive_and_limit(big_case: Path, tmp_path: Path) -> None:
    # Archive: embedded as is (no decode at all) and attached.
    out = tmp_path / "archive.pdf"
    proc, peak, _ = _run(tmp_path, "build", str(big_case), "--profile", "archive", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "DecompressionBombWarning" not in proc.stderr
    assert peak < 400 * 2**20
    sizes = _image_sizes(out)
    assert (16320, 12240) in sizes
    # --max-pixels reaches the build's decodes: 1/8 is 2040x1530 = 3.1 MP, so a 2 MP limit
    # leaves no scale, and the photo is reported (EK007), not decoded.
    out2 = tmp_path / "small-limit.pdf"
    proc = subprocess.run(
        [sys.executable, "-m", "evidencekit", "build", str(big_case), "-o", str(out2)]
        + ["--max-pixels", "2000000"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode != 0 and "too many pixels" in proc.stderr  # no exhibit left: no dossier
    assert "DecompressionBombWarning" not in proc.stderr


def test_100mp_photo_warns_nothing(tmp_path: Path) -> None:
    # 108 MP (12000x9000) is above Pillow's warning threshold (89.5 MP): its warning used to
    # reach the terminal from every decode; audit, build and pack print none.
    case = tmp_path / "case"
    _phone_photo(case / "product" / "p108.jpg", (12000, 9000))
    for args in (
        ["audit", str(case)],
        ["build", str(case), "-o", str(tmp_path / "d.pdf")],
        ["pack", str(case), "--platform", "1688-apply", "-o", str(tmp_path / "pack")],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "evidencekit", *args],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, (args, proc.stderr)
        assert "DecompressionBomb" not in proc.stderr, args
