"""Unboxing-video benchmark (issue 17): audit + build of a case holding one 2-minute 1080p
H.264 video (30 fps, a key frame every second as phones write, a waybill barcode from 0:05).

    python benchmarks/video.py            # generate once (cached in /tmp), then measure
    python benchmarks/video.py --repeat 3

Each command runs in its own process with a cold evidencekit cache; wall time and peak RSS of
the whole process tree (sampled every 20 ms, as bench.py does). The contact sheet alone is
timed in-process too (``audit.video.sheet.contact_sheet``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.bench import _one  # noqa: E402

CASE = Path(tempfile.gettempdir()) / "ek-bench-video"
TOML = """[case]
platform = "taobao"
order_id = "9876543210"
claim = "damaged"
[[event]]
kind = "shipped"
at = "2025-12-13 10:00"
tracking = "SF1234567890123"
[[event]]
kind = "delivered"
at = "2025-12-15 16:30"
"""


def make_case() -> Path:
    video = CASE / "parcel" / "VID_20251215_170211.mp4"
    if not video.is_file():
        from tests.videogen import make_video

        video.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        make_video(
            video, seconds=120, fps=30, size=(1920, 1080), barcode="SF1234567890123",
            barcode_from=5.0, metadata={"creation_time": "2025-12-15T09:02:11Z"},
        )  # fmt: skip
        print(f"generated {video} ({video.stat().st_size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - t0:.0f} s")  # fmt: skip
    (CASE / "case.toml").write_text(TOML, encoding="utf-8")
    return CASE


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    case = make_case()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    py = sys.executable
    cmds = {
        "audit --json": [py, "-m", "evidencekit", "audit", str(case), "--json"],
        "audit + build": [py, "-m", "evidencekit", "build", str(case), "--force", "--at",
                  "2026-01-01T00:00Z"],
    }  # fmt: skip
    for name, cmd in cmds.items():
        times, peaks = [], []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as cache:
                e = dict(env, XDG_CACHE_HOME=cache)
                subprocess.run(["rm", "-rf", str(case / "dossier")], check=True)
                secs, peak = _one(cmd, e, None)
            times.append(secs)
            peaks.append(peak)
        print(f"{name:15s} {statistics.median(times):6.2f} s   peak RSS {max(peaks) / 1e6:6.0f} MB")
    from evidencekit.audit.video.sheet import contact_sheet

    video = str(case / "parcel" / "VID_20251215_170211.mp4")
    t0 = time.perf_counter()
    data, detail = contact_sheet(video, 120.0, (5.0,), None, False)
    print(f"contact sheet   {time.perf_counter() - t0:6.2f} s   ({detail['frames']} frames, "
          f"{len(data) / 1e3:.0f} KB)")  # fmt: skip


if __name__ == "__main__":
    main()
