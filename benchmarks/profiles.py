"""Per-profile output size and build time on the 60-file case (40 photos, 20 long screenshots).

    python benchmarks/profiles.py [--light] [--keep DIR]

Not a timed test: it prints a table (profile, files, pages, bytes, seconds, outcome). The audit
is the scan + metadata stages only (``testing.cases.quick_audit``), so the numbers measure
fitting and rendering, not the pixel checks.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from evidencekit.dossier.build import build_dossier
from evidencekit.errors import OutputError
from evidencekit.options import AuditOptions, BuildOptions
from evidencekit.outputs.letter import seller_letter
from evidencekit.outputs.pack import build_pack
from evidencekit.rules.profiles import all_profiles
from evidencekit.testing.cases import make_profile_case, quick_audit


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--light", action="store_true", help="the default test run's smaller case")
    ap.add_argument("--keep", type=Path, help="write the case and outputs here")
    args = ap.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1766000000")
    base = args.keep or Path(tempfile.mkdtemp(prefix="ek-bench-"))
    root = base / "case60"
    if not root.exists():
        if args.light:
            make_profile_case(root, big_screens=3, photo_size=(640, 480), screen_size=(540, 1200))
        else:
            make_profile_case(root, big=4, big_screens=20)
    originals = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    print(f"case: {root} ({originals / 1e6:.1f} MB of originals)")
    result = quick_audit(root)
    print(f"{'profile':<12} {'files':>5} {'pages':>5} {'bytes':>12} {'seconds':>8}  outcome")
    for p in all_profiles():
        t = time.perf_counter()
        try:
            if p.kind == "images":
                r = build_pack(result, root, p.key, now=datetime(2025, 12, 20, tzinfo=UTC))
                files, pages, size = len(r.sheets), 0, sum(s.size for s in r.sheets)
                outcome = f"{len(r.left_out)} exhibits left out"
            else:
                out = root / "dossier" / f"{p.key}.pdf"
                rep = build_dossier(
                    result,
                    root,
                    BuildOptions(AuditOptions(root), output=out, profile=p.key, force=True),
                    letter=seller_letter,
                )
                files, pages, size = max(1, len(rep.volumes)), rep.pages, rep.size
                outcome = "ok" if not rep.volumes else f"{len(rep.volumes)} volumes"
        except OutputError as e:
            files = pages = size = 0
            outcome = "stops: " + e.message.split(": ")[-1]
        secs = time.perf_counter() - t
        print(f"{p.key:<12} {files:>5} {pages:>5} {size:>12,} {secs:>8.1f}  {outcome}")


if __name__ == "__main__":
    main()
