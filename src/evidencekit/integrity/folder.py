"""verify --case: the case folder against the manifest, file by file (the audit's own rules for
what is clutter; a file read through a link out of the case reads as changed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit._io import sha256_file
from evidencekit.errors import VerifyError
from evidencekit.integrity.changes import Check


@dataclass(frozen=True)
class FolderDiff:
    changed: list[str] = field(default_factory=list)
    """Case files whose SHA-256 differs from the manifest (case.toml included)."""
    missing: list[str] = field(default_factory=list)
    """Files in the manifest but not in the case folder."""
    extra: list[str] = field(default_factory=list)
    """Files in the case folder but not in the manifest (nor skipped, nor in another volume)."""

    def check(self, listed: int) -> Check:
        """The ``folder`` check: what differs, or that all ``listed`` files match."""
        parts = []
        if self.changed:
            parts.append("changed: " + ", ".join(self.changed))
        if self.missing:
            parts.append("missing: " + ", ".join(self.missing))
        if self.extra:
            parts.append("extra: " + ", ".join(self.extra))
        return Check("folder", not parts, "; ".join(parts) or f"{listed} files match")


def folder_diff(root: Path, manifest: dict[str, Any]) -> FolderDiff:
    """The case folder against the manifest (``verify --case``); VerifyError when it is gone."""
    if not root.is_dir():
        raise VerifyError(f"case folder {root} does not exist", "give the case folder with --case")
    on_disk = _case_files(root)
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    skipped = set(manifest.get("skipped", []))
    # a volume of a split dossier (build --profile) names the files the other volumes hold
    skipped |= set((manifest.get("volume") or {}).get("elsewhere", []))
    changed, missing = [], []
    for path, digest in sorted(listed.items()):
        abs_path = on_disk.get(path)
        if abs_path is None:
            missing.append(path)
        elif _digest(abs_path, root) != digest:
            changed.append(path)
    extra = sorted(p for p in on_disk if p not in listed and p not in skipped)
    cf = manifest.get("case_file")
    toml = root / "case.toml"
    if cf and toml.is_file() and sha256_file(toml) != cf["sha256"]:
        changed.append("case.toml")
    elif cf and not toml.is_file():
        missing.append("case.toml")
    return FolderDiff(changed, missing, extra)


def _case_files(root: Path) -> dict[str, str]:
    """Relative NFC path -> absolute path, with the audit's own rules for what is clutter."""
    from evidencekit.case.load import load_case
    from evidencekit.case.scan import scan
    from evidencekit.errors import CaseError
    from evidencekit.models import Case

    try:
        case = load_case(root)
    except CaseError:
        case = Case()
    return {sf.path: abs_path for sf, abs_path in scan(root, case).files}


def _digest(abs_path: str, root: Path) -> str:
    """The file's SHA-256, read within the case (a link leading out of it, a file gone or
    swapped for a pipe reads as changed: '')."""
    try:
        return sha256_file(Path(abs_path), root)
    except OSError:
        return ""
