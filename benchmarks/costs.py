"""The floor under each benchmark: what one camera photo costs in the steps nothing can skip.

    python benchmarks/costs.py              # uses the bench case made by bench.py
    python benchmarks/costs.py --photos 40  # how many of its photos to time

Prints milliseconds per 12 MP photo (one core) for reading and hashing it, reading its EXIF,
the audit's metadata stage with its decode (luma at the smallest DCT scale the pixel checks
accept), the standard
build's decode (RGB at 1/2), the resampling a portrait photo needs, and the JPEG encode; then
the resulting lower bounds for the benchmark's comparisons on two cores. See README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image


def _ms(fn: Callable[[bytes], object], datas: list[bytes]) -> float:
    runs = []
    for data in datas:
        t = time.perf_counter()
        fn(data)
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def _decode(data: bytes, mode: str, div: int) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    w, h = im.size
    im.draft(mode, (w // div, h // div))
    im.load()
    return im


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ek-bench")
    ap.add_argument("--photos", type=int, default=20)
    a = ap.parse_args()
    case = a.workdir / "case-200" / "product"
    files = sorted(case.glob("*.jpg"))[: a.photos]
    if not files:
        raise SystemExit(f"no photos in {case}: run benchmarks/bench.py first")
    datas = [f.read_bytes() for f in files]
    from evidencekit.audit.metadata import read_metadata_decoded

    by_data = {id(d): f for d, f in zip(datas, files, strict=True)}
    half = _decode(datas[0], "RGB", 2)
    rows = {
        "SHA-256 of the file": _ms(lambda d: hashlib.sha256(d).digest(), datas),
        "MD5 of the file (attachment /CheckSum)": _ms(lambda d: hashlib.md5(d).digest(), datas),
        "audit metadata stage: headers, EXIF, truncation/thumbnail decode": _ms(
            lambda d: read_metadata_decoded(by_data[id(d)], "image/jpeg", draft_side=64), datas
        ),
        "audit decode: luma at DCT 1/8": _ms(lambda d: _decode(d, "L", 8), datas),
        "build decode: RGB at DCT 1/2": _ms(lambda d: _decode(d, "RGB", 2), datas),
        "portrait resample 2016x1512 -> 1537x1153 (bicubic)": _ms(
            lambda d: half.resize((1537, 1153), Image.Resampling.BICUBIC), datas[:5]
        ),
        "JPEG encode 2016x1512, quality 90": _ms(
            lambda d: half.save(io.BytesIO(), "JPEG", quality=90), datas[:5]
        ),
    }
    size = statistics.mean(len(d) for d in datas) / 1e6
    print(f"{len(datas)} photos of {size:.1f} MB, median ms per photo on one core:")
    for k, v in rows.items():
        print(f"  {v:7.1f}  {k}")
    audit = (
        rows["SHA-256 of the file"]
        + rows["audit metadata stage: headers, EXIF, truncation/thumbnail decode"]
    )
    std = rows["build decode: RGB at DCT 1/2"] + rows["JPEG encode 2016x1512, quality 90"]
    std += rows["portrait resample 2016x1512 -> 1537x1153 (bicubic)"] / 3  # 1 photo in 3
    print("lower bounds on two cores, per 100 photos:")
    print(f"  cold audit (hash + one decode):          {audit * 50 / 1000:5.2f} s")
    print(f"  standard build (audit + preparation):    {(audit + std) * 50 / 1000:5.2f} s")


if __name__ == "__main__":
    main()
