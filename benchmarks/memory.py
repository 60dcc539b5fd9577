"""Peak memory of standard and archive builds of 1,000 camera photos, without generating them.

    python benchmarks/memory.py        # after benchmarks/bench.py has made its 200-photo case

Makes CASE = WORKDIR/big-1000 from the bench's 200 JPEGs, five copies of each; copies 2-5 get
1-4 trailing zero bytes, so every file has its own SHA-256 and nothing is a cache hit. Prints
wall time and the peak RSS of the whole process tree (bench.measure) for each profile.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from bench import EK, measure


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ek-bench")
    a = ap.parse_args()
    os.environ.setdefault("EVIDENCEKIT_OCR", "0")
    src = sorted((a.workdir / "jpegs-200" / "product").glob("*.jpg"))
    if not src:
        raise SystemExit(f"no JPEGs under {a.workdir}/jpegs-200: run benchmarks/bench.py first")
    case = a.workdir / "big-1000"
    if not (case / "product").exists():
        (case / "product").mkdir(parents=True)
        for k in range(5):
            for p in src:
                data = p.read_bytes() + b"\0" * k
                (case / "product" / f"{p.stem}_{k}.jpg").write_bytes(data)
    shutil.rmtree(case / "dossier", ignore_errors=True)
    caches = Path(tempfile.mkdtemp(prefix="ek-mem-"))
    out = Path(tempfile.mkdtemp(prefix="ek-out-"))
    try:
        for profile in ("standard", "archive"):
            cmd = [*EK, "build", str(case), "--profile", profile, "-o", str(out / f"{profile}.pdf")]
            run = measure(cmd, 1, cold=caches / profile)
            print(f"{profile} 1000 photos: {run.seconds:.1f} s, peak {run.peak_mb:.0f} MB")
            (out / f"{profile}.pdf").unlink(missing_ok=True)
    finally:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(caches, ignore_errors=True)


if __name__ == "__main__":
    main()
