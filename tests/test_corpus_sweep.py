"""Audit over the real-image corpus: no traceback, every unreadable file named in a finding.

The fast test audits a fixed sample (every 10th file plus the named hard cases) in a temporary
case folder of hard links/copies; the full sweep (marker ``sweep``, run by .ci/run) audits every
corpus folder as a case.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import cli

HARD = [
    "pillow/Tests/images/truncated_jpeg.jpg",
    "pillow/Tests/images/decompression_bomb.gif",
    "pillow/Tests/images/hopper_bad_exif.jpg",
    "exifr/test/fixtures/heic-maybebroken.HEIC",
    "exifr/test/fixtures/broken1.jpg",
    "pigallery2/test/backend/assets/edge_case_exif_data/all_zero_dates.jpg",
]


def _check(doc: dict) -> None:
    for it in doc["items"]:
        codes = {f["code"] for f in it["findings"]}
        if it["is_image"] and it["exif"] == "unreadable":
            assert codes & {"EK100", "EK009"}, it["path"]  # EK009: a few bytes, or garbled
        if it["media_type"].startswith("video/"):
            assert it["video"] is not None and "EK002" not in codes, it["path"]
        elif not it["is_image"]:
            assert "EK002" in codes, it["path"]


def _build(case: Path, out: Path, *extra: str) -> None:
    """The dossier is built from whatever is readable; bad files are listed, never fatal."""
    args = ["build", str(case), "-o", str(out), "--at", "2026-01-01T00:00Z", *extra]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output[-2000:]
    assert "Traceback" not in res.output and "internal error" not in res.output
    assert out.is_file() and out.stat().st_size > 0


def _audit(case: Path) -> dict:
    res = CliRunner().invoke(cli, ["audit", str(case), "--json", "--at", "2026-01-01T00:00Z"])
    assert res.exit_code == 0, res.output[-2000:]
    assert "Traceback" not in res.output
    doc = json.loads(res.output)
    _check(doc)
    return doc


def test_sample_of_corpus(corpus: Path, tmp_path: Path) -> None:
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and "_oracle" not in p.parts)
    chosen = set(files[::10]) | {corpus / h for h in HARD if (corpus / h).exists()}
    case = tmp_path / "case" / "other"
    case.mkdir(parents=True)
    for i, p in enumerate(sorted(chosen)):
        shutil.copyfile(p, case / f"{i:04d}_{p.name}")
    doc = _audit(tmp_path / "case")
    assert doc["summary"]["files"] == len(chosen)
    by_name = {it["path"].split("_", 1)[1]: it for it in doc["items"]}
    assert "EK004" in {f["code"] for f in by_name["truncated_jpeg.jpg"]["findings"]}
    _build(tmp_path / "case", tmp_path / "sample.pdf")
    # archive: JPEGs embedded untouched (described from their headers) and every original
    # attached: the fuzzed and broken files take that path too.
    _build(tmp_path / "case", tmp_path / "archive.pdf", "--profile", "archive")


@pytest.mark.sweep
@pytest.mark.parametrize(
    "folder",
    [
        "exif-py",
        "exifr",
        "exif-orientation-examples",
        "pillow",
        "pigallery2",
        "screenshots-enterprise_state_inspector",
        "go-fuzz-corpus",
        "zxing",
    ],
)
def test_full_corpus_sweep(corpus: Path, folder: str, tmp_path: Path) -> None:
    doc = _audit(corpus / folder)
    assert doc["summary"]["files"] > 0
    _build(corpus / folder, tmp_path / f"{folder}.pdf")
