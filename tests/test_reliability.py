"""Nothing lost: the case folder is never modified, outputs are atomic under SIGKILL,
huge images are reported with bounded memory."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.util import copy_sample

EK = [sys.executable, "-m", "evidencekit"]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def sample_case(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "case")


def ek(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    e = {**os.environ, "SOURCE_DATE_EPOCH": "1766000000", **(env or {})}
    return subprocess.run([*EK, *args], capture_output=True, text=True, env=e, **kw)


def test_every_command_leaves_the_case_untouched(sample_case: Path, tmp_path: Path) -> None:
    before = snapshot(sample_case)
    out = tmp_path / "out" / "d.pdf"
    for args in (
        ["audit", str(sample_case)],
        ["audit", str(sample_case), "--json"],
        ["letter", str(sample_case)],
        ["build", str(sample_case), "-o", str(out), "--attach-originals"],
        ["verify", str(out), "--case", str(sample_case)],
    ):
        res = ek(*args)
        assert res.returncode == 0, (args, res.stderr)
    assert snapshot(sample_case) == before


def test_build_with_output_elsewhere_writes_nothing_in_case(
    sample_case: Path, tmp_path: Path
) -> None:
    # Running as root defeats chmod, so the read-only guarantee is checked as "nothing written".
    for p in sample_case.rglob("*"):
        p.chmod(0o555 if p.is_dir() else 0o444)
    sample_case.chmod(0o555)
    try:
        res = ek("build", str(sample_case), "-o", str(tmp_path / "x.pdf"))
        assert res.returncode == 0, res.stderr
        assert not (sample_case / "dossier").exists()
    finally:
        for p in [sample_case, *sample_case.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)


def test_sigkill_never_leaves_a_partial_dossier(sample_case: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.pdf"
    first = ek("build", str(sample_case), "-o", str(out))
    assert first.returncode == 0, first.stderr
    old = out.read_bytes()
    t0 = time.monotonic()
    ek("build", str(sample_case), "-o", str(tmp_path / "timing.pdf"))
    full = time.monotonic() - t0
    rng = random.Random(7)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767000000"}  # a different dossier date
    for _ in range(8):
        proc = subprocess.Popen(
            [*EK, "build", str(sample_case), "-o", str(out)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, full * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = out.read_bytes()
        if data != old:  # the new build finished before the kill: it must be whole
            check = ek("verify", str(out))
            assert check.returncode == 0, check.stdout
            old = data
    res = ek("verify", str(out), "--case", str(sample_case))
    assert res.returncode == 0, res.stdout
    # the next build removes the temp files the killed ones left behind
    assert ek("build", str(sample_case), "-o", str(out)).returncode == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def _huge_png(path: Path, side: int) -> None:
    """A side x side greyscale PNG of zeros, written row by row (never in memory)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    comp = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    idat = bytearray()
    for _ in range(side):
        idat += comp.compress(row)
    idat += comp.flush()
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)))
        f.write(chunk(b"IDAT", bytes(idat)))
        f.write(chunk(b"IEND", b""))


def test_decompression_bomb_is_a_finding_with_bounded_memory(tmp_path: Path) -> None:
    case = tmp_path / "case"
    (case / "product").mkdir(parents=True)
    _huge_png(case / "product" / "huge.png", 30000)
    shutil.copy(SAMPLE / "product" / "IMG_20251215_170233.jpg", case / "product" / "ok.jpg")
    res = ek("audit", str(case), "--json")
    assert res.returncode == 0, res.stderr
    items = {it["path"]: it for it in json.loads(res.stdout)["items"]}
    assert "EK007" in {f["code"] for f in items["product/huge.png"]["findings"]}
    assert items["product/huge.png"]["width"] == 30000
    code = (
        "import resource, subprocess, sys;"
        f"r = subprocess.run({[*EK, 'build', str(case), '-o', str(tmp_path / 'b.pdf')]!r});"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "sys.exit(r.returncode)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    peak_mb = int(run.stdout.strip().splitlines()[-1]) / 1024
    assert peak_mb < 400, f"peak RSS {peak_mb:.0f} MB"
    assert (tmp_path / "b.pdf").stat().st_size > 0
