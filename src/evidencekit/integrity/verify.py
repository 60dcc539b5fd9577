"""verify: re-open a dossier, check it against its own manifest and, optionally, the case folder.

Each check is a value with a name, a verdict and a detail (sigstore-python style); the report
passes only when there is at least one check and every check passed, so a dossier from which
nothing could be checked fails instead of passing vacuously.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit._io import sha256_file
from evidencekit.dossier import manifest as mf
from evidencekit.dossier.postprocess import DossierData, read_dossier
from evidencekit.errors import ExitCode, VerifyError


@dataclass(frozen=True)
class Check:
    name: str
    """Stable key, e.g. ``manifest.fingerprint``, ``attachment:product/a.jpg``, ``folder``."""
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class VerifyReport:
    pdf: Path
    fingerprint: str
    """The fingerprint recorded in the manifest."""
    checks: tuple[Check, ...]
    changed: tuple[str, ...] = ()
    """Case files whose SHA-256 differs from the manifest (only with a case folder)."""
    missing: tuple[str, ...] = ()
    """Files in the manifest but not in the case folder."""
    extra: tuple[str, ...] = ()
    """Files in the case folder but not in the manifest."""
    case_dir: Path | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OK if self.ok else ExitCode.VERIFY_FAILED

    def to_json(self) -> dict[str, Any]:
        return {
            "pdf": str(self.pdf),
            "ok": self.ok,
            "fingerprint": self.fingerprint,
            "case_dir": str(self.case_dir) if self.case_dir else None,
            "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks],
            "changed": list(self.changed),
            "missing": list(self.missing),
            "extra": list(self.extra),
        }


def verify_dossier(pdf: Path, case_dir: Path | None = None) -> VerifyReport:
    """Check a dossier. Raises VerifyError (exit NOT_A_DOSSIER) when it has no manifest."""
    pdf = Path(pdf)
    data = read_dossier(pdf)
    raw = data.attachments.get(mf.ATTACHMENT_NAME)
    if raw is None:
        raise VerifyError(
            f"{pdf.name} carries no evidencekit manifest",
            "verify works on dossiers made by `evidencekit build`",
        )
    try:
        manifest = json.loads(raw)
        stated = manifest["fingerprint"]
        files = manifest["files"]
    except (ValueError, KeyError, TypeError) as exc:
        raise VerifyError(
            f"the manifest in {pdf.name} is unreadable ({exc})", "rebuild the dossier"
        ) from exc
    checks = [_fingerprint_check(manifest, stated)]
    checks.append(_printed_check(data, stated))
    checks += _attachment_checks(data, files)
    checks += _image_checks(data, files)
    checks += _signature_checks(pdf)
    changed: list[str] = []
    missing: list[str] = []
    extra: list[str] = []
    if case_dir is not None:
        changed, missing, extra = _folder_diff(Path(case_dir), manifest)
        parts = []
        if changed:
            parts.append("changed: " + ", ".join(changed))
        if missing:
            parts.append("missing: " + ", ".join(missing))
        if extra:
            parts.append("extra: " + ", ".join(extra))
        n = len(files)
        checks.append(Check("folder", not parts, "; ".join(parts) or f"{n} files match"))
    return VerifyReport(
        pdf, stated, tuple(checks), tuple(changed), tuple(missing), tuple(extra), case_dir
    )


def _image_checks(data: DossierData, files: list[dict[str, Any]]) -> list[Check]:
    """Each embedded exhibit image is present with the bytes the manifest records."""
    found = data.image_hashes()
    out = []
    for f in files:
        emb = f.get("embedded") if isinstance(f, dict) else None
        if not emb or not emb.get("sha256"):
            continue
        want = str(emb["sha256"])
        name = "EK" + want[:24]
        got = found.get(name)
        ok = got == want
        detail = "" if ok else ("missing from the PDF" if got is None else "image bytes changed")
        out.append(Check(f"image:{f.get('path')}", ok, detail))
    return out


def _signature_checks(pdf: Path) -> list[Check]:
    from evidencekit.integrity.signing import check_signatures

    sigs = check_signatures(pdf)
    if not sigs:  # unsigned, or pyHanko not installed (then signatures are not checked)
        return []
    out = []
    for s in sigs:
        trust = "trusted" if s.trusted else "not from a trusted authority"
        detail = f"signed by {s.signer} ({trust}); changes after signing: {s.modification}"
        if not s.intact:
            detail = f"signature by {s.signer} is broken: the signed bytes changed"
        out.append(Check(f"signature:{s.field}", s.ok, detail))
    return out


def _fingerprint_check(manifest: dict[str, Any], stated: str) -> Check:
    actual = mf.fingerprint(manifest)
    if actual == stated:
        return Check("manifest.fingerprint", True, stated)
    return Check(
        "manifest.fingerprint", False, f"manifest says {stated}, content hashes to {actual}"
    )


def _printed_check(data: DossierData, stated: str) -> Check:
    """The fingerprint printed on the cover and in every footer equals the manifest's."""
    bad = []
    for i in range(data.pages):
        text = re.sub(r"\s+", "", data.page_text(i))
        if stated not in text:
            bad.append(str(i + 1))
    if bad:
        return Check("printed.fingerprint", False, "not found on page(s) " + ", ".join(bad))
    return Check("printed.fingerprint", True, f"on all {data.pages} pages")


def _attachment_checks(data: DossierData, files: list[dict[str, Any]]) -> list[Check]:
    out = []
    for f in files:
        if not f.get("attached"):
            continue
        content = data.attachments.get(mf.attachment_name(f["path"]))
        name = f"attachment:{f['path']}"
        if content is None:
            out.append(Check(name, False, "attachment missing"))
        elif hashlib.sha256(content).hexdigest() != f["sha256"]:
            out.append(Check(name, False, "SHA-256 differs from the manifest"))
        else:
            out.append(Check(name, True, f["sha256"]))
    return out


def _folder_diff(root: Path, manifest: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
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
        elif sha256_file(Path(abs_path)) != digest:
            changed.append(path)
    extra = sorted(p for p in on_disk if p not in listed and p not in skipped)
    cf = manifest.get("case_file")
    toml = root / "case.toml"
    if cf and toml.is_file() and sha256_file(toml) != cf["sha256"]:
        changed.append("case.toml")
    elif cf and not toml.is_file():
        missing.append("case.toml")
    return changed, missing, extra


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


def render_report(report: VerifyReport) -> list[str]:
    """Human-readable lines for the terminal."""
    lines = [f"{'OK' if report.ok else 'FAILED'}  {report.pdf.name}"]
    lines.append(f"  fingerprint {report.fingerprint}")
    for c in report.checks:
        mark = "ok  " if c.ok else "FAIL"
        show = c.detail and (not c.ok or c.name.startswith("signature:"))
        lines.append(f"  {mark} {c.name}" + (f": {c.detail}" if show else ""))
    for title, names in (
        ("changed", report.changed),
        ("missing", report.missing),
        ("extra", report.extra),
    ):
        for n in names:
            lines.append(f"  {title}: {n}")
    if not report.checks:
        lines.append("  no checks could be run")
    return lines
