"""Prepared images and pixel facts are cached by content; the cache never changes the output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import cli
from tests.conftest import SAMPLE


def _build(case: Path, *extra: str) -> bytes:
    res = CliRunner().invoke(cli, ["build", str(case), *extra])
    assert res.exit_code == 0, res.output
    return next((case / "dossier").glob("*.pdf")).read_bytes()


def test_cache_reuse_and_damage_do_not_change_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1766000000")
    case = tmp_path / "case"
    shutil.copytree(SAMPLE, case, ignore=shutil.ignore_patterns("dossier"))
    first = _build(case)
    cache = case / "dossier" / ".cache"
    entries = sorted(cache.glob("*.bin"))
    assert len(entries) == 14  # one per distinct original (the sample has one exact duplicate)
    stamp = {p: p.stat().st_mtime_ns for p in entries}
    assert _build(case) == first
    assert {p: p.stat().st_mtime_ns for p in entries} == stamp  # reused, not rewritten
    entries[0].write_bytes(b"damaged")
    assert _build(case) == first  # a damaged entry is ignored and remade
    shutil.rmtree(cache)
    monkeypatch.setenv("EVIDENCEKIT_CACHE", "0")
    assert _build(case) == first
    assert not cache.exists()
