"""evidencekit against the tools people would otherwise use, side by side, in one run.

    python benchmarks/bench.py                 # 200 photos + 50 screenshots + 10 HEIC
    python benchmarks/bench.py --photos 1000   # the big variant
    python benchmarks/bench.py --quick         # 20 photos, to check the script itself

Needs `pip install -e '.[bench]'` (img2pdf) and ExifTool on PATH (Debian: libimage-exiftool-perl).
The case is generated once per size with a fixed seed into --workdir and reused. Each command runs
as a separate process; wall time is the median of --repeat runs; peak RSS is the largest sum of RSS
over the whole process tree (sampled from /proc every 20 ms, so worker processes count).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

EK = [sys.executable, "-m", "evidencekit", "-q"]
TARGETS = {
    "archive_vs_img2pdf": 1.5,
    "standard_vs_img2pdf": 3.0,
    "audit_vs_exiftool": 1.0,
    "audit_cold_vs_exiftool": 1.0,
    "rebuild_vs_cold": 0.15,
}


# ---------------------------------------------------------------- case generation


def _photo(args: tuple[Path, int]) -> None:
    """A 12 MP camera-like JPEG: gradient + coarse and fine noise + shapes, real EXIF."""
    from PIL import Image, ImageDraw

    from evidencekit.testing.imagegen import build_exif

    path, i = args
    rng = random.Random(i)
    w, h = 4032, 3024
    base = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    # Seeded noise (Image.effect_noise cannot be seeded): coarse blotches plus sensor grain.
    coarse = Image.frombytes("L", (w // 8, h // 8), rng.randbytes(w * h // 64))
    coarse = coarse.resize((w, h), Image.Resampling.BICUBIC)
    grain = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    texture = Image.blend(coarse, grain, 0.3)
    im = Image.blend(base, Image.merge("RGB", (texture, coarse, texture)), 0.45)
    d = ImageDraw.Draw(im)
    for _ in range(25):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.randrange(40, 500)
        d.ellipse((x, y, x + r, y + r), outline=(rng.randrange(256),) * 3, width=6)
    taken = datetime(2025, 12, 15, 17, 0) + timedelta(seconds=37 * i)
    exif = build_exif(
        taken=taken.strftime("%Y-%m-%d %H:%M:%S"),
        offset=rng.choice(["+08:00", "+08:00", "+09:00", None]),
        orientation=6 if i % 3 == 0 else 1,
        gps=(30.27 + i / 1e4, 120.15) if i % 5 == 0 else None,
    )
    # Portrait shots are stored landscape with orientation 6, as phones do.
    im.save(path, "JPEG", quality=90, exif=exif.tobytes())


def _screenshot(args: tuple[Path, int]) -> None:
    from evidencekit.testing.imagegen import screenshot_png

    path, i = args
    kind = ("chat", "listing", "order")[i % 3]
    screenshot_png(path, kind=kind, long=i % 5 == 0, size=(1170, 2532))


def _heic(args: tuple[Path, int]) -> None:
    from evidencekit.testing.imagegen import heic

    path, i = args
    heic(path, size=(4032, 3024), seed=i)


def generate(root: Path, photos: int, shots: int, heics: int) -> Path:
    case = root / f"case-{photos}"
    marker = case / ".complete"
    if marker.exists():
        return case
    shutil.rmtree(case, ignore_errors=True)
    for sub in ("product", "chat", "listing"):
        (case / sub).mkdir(parents=True)
    jobs: list[tuple[object, tuple[Path, int]]] = []
    jobs += [
        (_photo, (case / "product" / f"IMG_{20251215000000 + i}.jpg", i)) for i in range(photos)
    ]
    jobs += [
        (_screenshot, (case / ("chat" if i % 2 else "listing") / f"Screenshot_{i:04d}.png", i))
        for i in range(shots)
    ]
    jobs += [(_heic, (case / "product" / f"IMG_{9000 + i}.HEIC", i)) for i in range(heics)]
    t0 = time.perf_counter()
    with ProcessPoolExecutor() as pool:
        list(pool.map(_call, jobs, chunksize=2))
    marker.write_text("ok")
    print(f"generated {len(jobs)} files in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return case


def _call(job: tuple[object, tuple[Path, int]]) -> None:
    fn, args = job
    fn(args)  # type: ignore[operator]


# ---------------------------------------------------------------- measuring


def _tree_rss(root_pid: int) -> int:
    """Sum of RSS (bytes) of root_pid and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{entry}/statm", "rb") as f:
                rss[int(entry)] = int(f.read().split()[1]) * page
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


@dataclass
class Run:
    seconds: float
    """Median wall time of the runs (the machine's speed drifts: a best-of favours luck)."""
    peak_mb: float
    spread: tuple[float, float] = (0.0, 0.0)
    """Fastest and slowest run."""


def _one(cmd: list[str], env: dict[str, str], cwd: Path | None) -> tuple[float, int]:
    # Start from a quiescent disk: without this a command pays for the write-back of the one
    # before it (a cold build leaves ~340 MB of dirty pages; on 2 CPUs the kernel's flushing
    # competes with the next build's render), as hyperfine's --prepare 'sync' avoids.
    os.sync()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    top = [0]

    def sample(p: subprocess.Popen[bytes] = proc, top: list[int] = top) -> None:
        while p.poll() is None:
            top[0] = max(top[0], _tree_rss(p.pid))
            time.sleep(0.02)

    th = threading.Thread(target=sample)
    th.start()
    _, err = proc.communicate()
    th.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - t0, top[0]


def measure(
    cmd: list[str], repeat: int = 1, cwd: Path | None = None, cold: Path | None = None
) -> Run:
    """Run ``cmd`` ``repeat`` times; ``cold``: a folder under which each run gets a new, empty
    evidencekit cache (so every run is a cold one)."""
    times, peak = [], 0
    for i in range(repeat):
        env = dict(os.environ)
        if cold is not None:
            env["XDG_CACHE_HOME"] = str(cold / f"run{i}")
        seconds, top = _one(cmd, env, cwd)
        times.append(seconds)
        peak = max(peak, top)
    return _summary(times, peak)


def _summary(times: list[float], peak: int) -> Run:
    return Run(statistics.median(times), peak / 1e6, (min(times), max(times)))


def rebuild_rounds(case: Path, out: Path, photo: str, caches: Path, repeat: int) -> tuple[Run, Run]:
    """(cold builds, rebuilds after adding one photo), ``repeat`` paired rounds: each round
    builds the case with a new cache, adds a photo with new bytes (the same picture plus
    trailing bytes, so a new hash) and builds again with that cache."""
    cold_t, warm_t, cold_peak, warm_peak = [], [], 0, 0
    cmd = [*EK, "build", str(case), "-o", str(out / "full.pdf"), "--force"]
    for i in range(repeat):
        env = dict(os.environ, XDG_CACHE_HOME=str(caches / f"full{i}"))
        shutil.rmtree(case / "dossier", ignore_errors=True)
        seconds, top = _one(cmd, env, None)
        cold_t.append(seconds)
        cold_peak = max(cold_peak, top)
        extra = case / "product" / f"IMG_extra{i}.jpg"
        shutil.copyfile(photo, extra)
        with open(extra, "ab") as f:
            f.write(b"\0" * (i + 1))  # a different file (new hash) with the same picture
        try:
            seconds, top = _one(cmd, env, None)
        finally:
            extra.unlink()
        warm_t.append(seconds)
        warm_peak = max(warm_peak, top)
    return _summary(warm_t, warm_peak), _summary(cold_t, cold_peak)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--photos", type=int, default=200)
    ap.add_argument("--shots", type=int, default=50)
    ap.add_argument("--heic", type=int, default=10)
    ap.add_argument("--quick", action="store_true", help="20 photos, 5 screenshots, 2 HEIC")
    ap.add_argument("--repeat", type=int, default=1, help="runs per command (medians reported)")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ek-bench")
    ap.add_argument(
        "--ocr",
        action="store_true",
        help="let the audit OCR screenshots when the [ocr] extra is installed (off by default: "
        "the peers read no text, and OCR costs ~3 s and ~600 MB per screenshot worker)",
    )
    a = ap.parse_args()
    if not a.ocr:
        os.environ["EVIDENCEKIT_OCR"] = "0"
    if a.quick:
        a.photos, a.shots, a.heic = 20, 5, 2
    for tool in ("exiftool",):
        if shutil.which(tool) is None:
            raise SystemExit(
                f"{tool} is not on PATH (Debian: apt-get install libimage-exiftool-perl)"
            )
    img2pdf = shutil.which("img2pdf") or str(Path(sys.executable).with_name("img2pdf"))
    case = generate(a.workdir, a.photos, a.shots, a.heic)
    out = a.workdir / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    jpegs = sorted(str(p) for p in (case / "product").glob("*.jpg"))
    # A case holding only the JPEGs, so img2pdf and evidencekit embed the same files.
    jcase = a.workdir / f"jpegs-{a.photos}"
    if not (jcase / "product").exists():
        (jcase / "product").mkdir(parents=True)
        for p in jpegs:
            os.link(p, jcase / "product" / Path(p).name)
    # 2x the photos for the audit comparison: a/ holds hard links, b/ copies with one byte
    # appended after the image data, so no file's content (and cache key) repeats.
    acase = a.workdir / f"audit2-{a.photos}"
    if not (acase / "product").exists():
        for half in ("a", "b"):
            (acase / "product" / half).mkdir(parents=True)
        for p in jpegs:
            os.link(p, acase / "product" / "a" / Path(p).name)
            (acase / "product" / "b" / Path(p).name).write_bytes(Path(p).read_bytes() + b"\0")

    rows: list[tuple[str, Run, Run | None, str]] = []
    n = a.repeat
    peer = measure([img2pdf, *jpegs, "-o", str(out / "img2pdf.pdf")], n)
    caches = Path(tempfile.mkdtemp(prefix="ek-bench-cache-"))  # a new folder = a cold cache
    build = [*EK, "build", str(jcase), "--force"]
    arch = measure([*build, "--profile", "archive", "-o", str(out / "a.pdf")], n, cold=caches / "a")
    rows.append(("archive_vs_img2pdf", arch, peer, f"{len(jpegs)} JPEGs, cold cache"))
    shutil.rmtree(jcase / "dossier", ignore_errors=True)
    std = measure([*build, "-o", str(out / "s.pdf")], n, cold=caches / "std")
    rows.append(("standard_vs_img2pdf", std, peer, f"{len(jpegs)} JPEGs, cold cache"))
    exif = measure(["exiftool", "-j", "-r", "-q", str(acase)], n)
    # Cold: a new cache, every image decoded once (truncation, thumbnail, perceptual hash).
    # Warm: what decoding found is remembered by content hash; every byte is still hashed and
    # every header read (the usual case: audit, fix, audit again, build).
    audit_cmd = [*EK, "audit", str(acase), "--json"]
    aud_cold = measure(audit_cmd, n, cold=caches / "audit")
    os.environ["XDG_CACHE_HOME"] = str(caches / "audit" / "run0")  # warmed by the first run
    aud = measure(audit_cmd, n)
    del os.environ["XDG_CACHE_HOME"]
    rows.append(("audit_vs_exiftool", aud, exif, f"{2 * len(jpegs)} photos, warm cache"))
    rows.append(("audit_cold_vs_exiftool", aud_cold, exif, f"{2 * len(jpegs)} photos, cold"))
    warm, cold = rebuild_rounds(case, out, jpegs[0], caches, n)
    rows.append(("rebuild_vs_cold", warm, cold, "one photo added to the full case"))
    print(report(rows, a, case))


def report(rows: list[tuple[str, Run, Run | None, str]], a: argparse.Namespace, case: Path) -> str:
    n = sum(1 for p in case.rglob("*") if p.is_file() and p.name != ".complete")
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()},"
        f" {datetime.now():%Y-%m-%d}; case: {n} files ({a.photos} photos); median of "
        f"{a.repeat} run(s) each, fastest-slowest in brackets",
        "",
        "| comparison | evidencekit s | peer s | ratio | target | ek peak MB | peer peak MB | note |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def secs(r: Run) -> str:
        lo, hi = r.spread
        return f"{r.seconds:.2f} ({lo:.2f}-{hi:.2f})" if hi > lo else f"{r.seconds:.2f}"

    for name, ek, peer, note in rows:
        ratio = ek.seconds / peer.seconds if peer else float("nan")
        ok = "ok" if ratio <= TARGETS[name] else "MISSED"
        lines.append(
            f"| {name} | {secs(ek)} | {secs(peer) if peer else '-'} | {ratio:.2f} | "
            f"<= {TARGETS[name]} {ok} | {ek.peak_mb:.0f} | "
            f"{peer.peak_mb if peer else 0:.0f} | {note} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
