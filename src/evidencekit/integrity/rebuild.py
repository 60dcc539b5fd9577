"""``verify --case``: rebuild the dossier from the case folder (the build is deterministic
given the manifest's date and options) and compare it with the file being checked."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evidencekit.dossier import seal
from evidencekit.dossier.postprocess import part_digests
from evidencekit.errors import EvidenceKitError, VerifyError
from evidencekit.integrity.changes import Check

Rebuild = Callable[[dict[str, Any], Path], Path]
"""(manifest, folder) -> the dossier rebuilt from the case folder with the manifest's options
(given by the face, ``api.verify``: a build needs the letter writer from ``outputs``)."""


def rebuilt(
    pdf: Path,
    manifest: dict[str, Any],
    sealed: seal.Seal | None,
    intact: bool,
    rebuild: Rebuild,
    checks: list[Check],
) -> list[Check]:
    """Rebuild from the case folder and compare: byte for byte with the sealed bytes, else
    part by part. A re-saved file whose every part equals the rebuild's is "re-saved,
    content identical": the rebuild, not the file, is then the proof, so the seal, hint and
    "what changed" checks give way to it."""
    with tempfile.TemporaryDirectory(prefix="evidencekit-verify-") as tmp:
        try:
            fresh = rebuild(manifest, Path(tmp))
        except EvidenceKitError as exc:
            return [
                *checks,
                Check("rebuild", False, f"the case folder does not build: {exc.message}"),
            ]
        length = sealed.length if sealed is not None else pdf.stat().st_size
        if _same_bytes(pdf, fresh, length):
            return [*checks, Check("rebuild", True, "byte for byte identical to a fresh build")]
        if intact:
            return [*checks, Check("rebuild", False, _REBUILD_DIFFERS)]
        try:
            same = part_digests(fresh) == part_digests(pdf)
        except VerifyError as exc:
            return [*checks, Check("rebuild", False, exc.message)]
    if not same:
        return [*checks, Check("rebuild", False, _REBUILD_DIFFERS)]
    kept = [c for c in checks if c.name not in _GIVE_WAY]
    note = "re-saved, content identical: every page and part equals a fresh build"
    return [*kept, Check("rebuild", True, note)]


_GIVE_WAY = {"seal", "parts", "appended", *(n.replace(" ", "_") for n in seal.DOC_PARTS)}
_REBUILD_DIFFERS = (
    "differs from a fresh build from the case folder (the dossier or the folder changed, or "
    "they were built by another evidencekit version)"
)


def _same_bytes(a: Path, b: Path, length: int) -> bool:
    if b.stat().st_size != length:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        pos = 0
        while pos < length:
            n = min(1 << 20, length - pos)
            if fa.read(n) != fb.read(n):
                return False
            pos += n
    return True
