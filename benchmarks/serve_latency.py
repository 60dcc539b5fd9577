"""evidencekit serve latency (issue 18): a 40-photo case, case page warm and a field change.

    python benchmarks/serve_latency.py [--repeat 5]

Goal: the case page loads in under 1 s warm; after a field change (POST details) the updated
findings arrive in under 2 s. Runs the real app in-process (Starlette TestClient: the same
routes, guard and templates, no socket), so it measures the server's work, not the network.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from starlette.testclient import TestClient  # noqa: E402

from evidencekit.serve.app import make_app  # noqa: E402
from evidencekit.testing.cases import make_profile_case  # noqa: E402

HOST = "127.0.0.1:8765"


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    r = fn()
    assert r.status_code == 200, r.status_code
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_profile_case(root / "case-40", photos=40, screens=0, big=0)
        c = TestClient(make_app(root, "t", {HOST}, 8765), base_url=f"http://{HOST}")
        c.get("/?token=t")
        cold = timed(lambda: c.get("/case/case-40"))
        warm = [timed(lambda: c.get("/case/case-40")) for _ in range(args.repeat)]
        change = []
        for i in range(args.repeat):

            def edit(i: int = i):  # type: ignore[no-untyped-def]
                c.post(
                    "/case/case-40/details",
                    data={"seller": f"店铺 {i}"},
                    headers={"origin": f"http://{HOST}"},
                )
                return c.get("/case/case-40/findings")

            change.append(timed(edit))
        print(
            f"40 photos: case page cold {cold:.2f} s, warm median {statistics.median(warm):.3f} s"
            f" (max {max(warm):.3f}); field change -> findings median "
            f"{statistics.median(change):.3f} s (max {max(change):.3f})"
        )


if __name__ == "__main__":
    main()
