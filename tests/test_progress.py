"""The build tells a progress callback its stages and counts (progress.py), so a terminal bar
does not sit full while images are prepared, pages rendered and the file written."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit import api
from evidencekit.options import AuditOptions, BuildOptions
from evidencekit.progress import PREPARING, READING, RENDERING, WRITING
from tests.util import write_jpeg


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, int, int]] = []
        self.current = ""

    def __call__(self, done: int, total: int) -> None:
        self.events.append((self.current, done, total))

    def stage(self, name: str) -> None:
        self.current = name


@pytest.mark.parametrize("profile", ["standard", "archive"])
def test_build_reports_each_stage_in_order(tmp_path: Path, profile: str) -> None:
    case = tmp_path / "case"
    for i in range(6):
        write_jpeg(case / "product" / f"p{i}.jpg", dto=f"2025:12:15 17:0{i}:00", offset="+08:00")
    out = tmp_path / "d.pdf"
    rec = Recorder()
    opts = BuildOptions(audit=AuditOptions(case_dir=case, jobs=1), output=out, profile=profile)
    rep = api.build(opts, rec)
    stages = list(dict.fromkeys(s for s, _, _ in rec.events))
    assert stages == [READING, PREPARING, RENDERING, f"{WRITING} d.pdf"]
    by = {s: [(d, t) for x, d, t in rec.events if x == s] for s in stages}
    assert by[READING][-1] == (6, 6)
    assert by[PREPARING] == [(n, 6) for n in range(1, 7)]
    assert [d for d, _ in by[RENDERING]] == list(range(1, rep.pages + 1))  # total not known
    written, total = by[f"{WRITING} d.pdf"][-1]
    assert written == total == out.stat().st_size


def test_a_plain_two_argument_callback_still_works(tmp_path: Path) -> None:
    case = tmp_path / "case"
    write_jpeg(case / "product" / "p.jpg", dto="2025:12:15 17:00:00", offset="+08:00")
    seen: list[tuple[int, int]] = []
    opts = BuildOptions(audit=AuditOptions(case_dir=case, jobs=1), output=tmp_path / "d.pdf")
    api.build(opts, lambda d, t: seen.append((d, t)))
    assert (1, 1) in seen and len(seen) > 3


def test_pack_reports_its_sheets(tmp_path: Path) -> None:
    from evidencekit.progress import MAKING_SHEETS

    case = tmp_path / "case"
    for i in range(3):
        write_jpeg(case / "product" / f"p{i}.jpg", dto=f"2025:12:15 17:0{i}:00", offset="+08:00")
    rec = Recorder()
    rep = api.pack(AuditOptions(case_dir=case, jobs=1), "taobao", tmp_path / "pack", None, rec)
    assert list(dict.fromkeys(s for s, _, _ in rec.events)) == [READING, MAKING_SHEETS]
    n = len(rep.sheets)
    assert [(d, t) for s, d, t in rec.events if s == MAKING_SHEETS][-1] == (n, n)


def test_several_cases_build_in_parallel_in_order_with_progress(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from evidencekit.cli import cli

    cases = []
    for name in ("a", "b"):
        case = tmp_path / name
        write_jpeg(case / "product" / "p.jpg", dto="2025:12:15 17:00:00", offset="+08:00")
        cases.append(case)
    missing = tmp_path / "missing"
    seen: list[tuple[int, int]] = []
    opts = [BuildOptions(audit=AuditOptions(case_dir=c, jobs=1)) for c in (*cases, missing)]
    outcomes = api.build_many(opts, 2, lambda d, t: seen.append((d, t)))
    assert [c for c, _ in outcomes] == [*cases, missing]
    assert all(r.pages > 0 for _, r in outcomes[:2])
    assert isinstance(outcomes[2][1], Exception)
    assert seen == [(1, 3), (2, 3), (3, 3)]
    # The CLI: every good case is built, the exit code is the failed case's.
    res = CliRunner().invoke(cli, ["build", *map(str, cases), str(missing)])
    assert res.exit_code == 3, res.output
    assert all((c / "dossier").is_dir() for c in cases)
