"""Prepared images and pixel facts are cached by content; the cache never changes the output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.cli import cli
from tests.util import copy_sample


def _build(case: Path, *extra: str) -> bytes:
    res = CliRunner().invoke(cli, ["build", str(case), *extra])
    assert res.exit_code == 0, res.output
    return next((case / "dossier").glob("*.pdf")).read_bytes()


def test_cache_reuse_and_damage_do_not_change_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1766000000")
    case = copy_sample(tmp_path / "case")
    first = _build(case)
    cache = case / "dossier" / ".cache"
    entries = sorted(cache.glob("*.bin"))
    # One per distinct original (the sample has one exact duplicate), except JPEGs embedded
    # byte for byte: those are spliced straight from the case folder (one in the sample).
    assert len(entries) == 13
    stamp = {p: p.stat().st_mtime_ns for p in entries}
    assert _build(case) == first
    assert {p: p.stat().st_mtime_ns for p in entries} == stamp  # reused, not rewritten
    entries[0].write_bytes(b"damaged")
    assert _build(case) == first  # a damaged entry is ignored and remade
    shutil.rmtree(cache)
    monkeypatch.setenv("EVIDENCEKIT_CACHE", "0")
    assert _build(case) == first
    assert not cache.exists()


def test_pixel_checks_reuse_the_metadata_decode(tmp_path: Path) -> None:
    """The audit decodes each image once: the pixel facts from the metadata stage's decode
    equal those of a separate decode (same hashes, sizes, barcodes)."""
    from evidencekit.audit.metadata import read_metadata_decoded
    from evidencekit.audit.pixels import draft_side, extract_pixels
    from evidencekit.testing import imagegen

    cases = [
        (imagegen.camera_jpeg(tmp_path / "p.jpg", size=(1600, 1200), orientation=6), "product"),
        (imagegen.camera_jpeg(tmp_path / "q.jpg", size=(4032, 3024)), "parcel"),
        (imagegen.screenshot_png(tmp_path / "s.png", size=(540, 1200)), "chat"),
    ]
    for path, category in cases:
        side = draft_side(category, path.name, False)
        meta, decoded = read_metadata_decoded(path, "", 10**9, side)
        assert decoded is not None and decoded.image is not None, path
        shared = extract_pixels(str(path), "", category, 10**9, False, decoded=decoded)
        alone = extract_pixels(str(path), "", category, 10**9, False)
        assert shared == alone, path
        assert shared.size == (meta.width, meta.height)


def test_warm_audit_decodes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the metadata and pixel stages found is cached by content: a second audit of the
    same bytes decodes nothing, and its result is equal in every field."""
    from PIL import ImageFile

    from evidencekit.audit.pipeline import run_audit
    from evidencekit.options import AuditOptions
    from evidencekit.testing import imagegen

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    case = tmp_path / "case"
    imagegen.camera_jpeg(case / "product" / "IMG_20251215_170233.jpg")
    imagegen.corrupt_file(case / "product" / "IMG_20251215_170300.jpg", keep=0.5)
    imagegen.screenshot_png(case / "chat" / "Screenshot_20251216_100300.png", size=(540, 1200))
    loads: list[str] = []
    real = ImageFile.ImageFile.load

    def counting(self: ImageFile.ImageFile) -> object:
        if self.tile and self.size[0] > 200:  # a decode of a photo, not of its EXIF thumbnail
            loads.append(self.format or "")
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting)
    opts = AuditOptions(case_dir=case, jobs=1)
    first = run_audit(opts)
    assert len(loads) == 3  # one decode per image, shared by metadata and pixel checks
    loads.clear()
    second = run_audit(opts)
    assert loads == []
    assert second.items == first.items  # every field of every item, findings included
    assert second.findings == first.findings
    assert [it.meta.truncated for it in second.items] == [False, False, True]


def test_stored_metadata_round_trips_exactly(corpus: Path) -> None:
    """The audit's metadata cache (JSON, not pickle) gives back an equal ImageMeta for real
    files: GPS, time claims with offsets and sub-seconds, errors, orientation."""
    import json

    from evidencekit.audit.metadata import read_metadata
    from evidencekit.audit.metadata.stored import meta_from_json, meta_to_json

    files = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".heic"})
    assert len(files) > 50
    metas = [read_metadata(p, "") for p in files[:: max(1, len(files) // 120)]]
    assert any(m.gps for m in metas) and any(m.claims for m in metas)
    for m in metas:
        assert meta_from_json(json.loads(json.dumps(meta_to_json(m)))) == m
