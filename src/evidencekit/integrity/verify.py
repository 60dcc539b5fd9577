"""verify: re-open a dossier, check it against its own manifest and, optionally, the case folder.

Each check is a value with a name, a verdict and a detail (sigstore-python style); the report
passes only when there is at least one check and every check passed, so a dossier from which
nothing could be checked fails instead of passing vacuously.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.dossier import manifest as mf
from evidencekit.dossier import seal
from evidencekit.dossier.postprocess import DossierData, part_digests, read_dossier
from evidencekit.errors import ExitCode, VerifyError, safe_text
from evidencekit.integrity import changes
from evidencekit.integrity.anchors import anchor_checks
from evidencekit.integrity.changes import Check
from evidencekit.integrity.folder import FolderDiff, folder_diff
from evidencekit.integrity.manifest_shape import manifest_shape
from evidencekit.integrity.rebuild import Rebuild, rebuilt
from evidencekit.integrity.timestamp_status import MEANING, TimestampStatus


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
    timestamps: tuple[TimestampStatus, ...] = ()
    """The document timestamps (RFC 3161) the dossier carries, in the order added."""
    tsa_roots_given: bool = False

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
            "timestamps": [t.to_json(self.tsa_roots_given) for t in self.timestamps],
        }


MAX_SIZE = 8 << 30
"""Larger files are "too large to check" (the archive profile's dossiers are far smaller)."""
MAX_MANIFEST = 64 << 20
"""A manifest beyond this is not ours (a 10,000-file case's manifest is about 10 MB)."""
MAX_TEXT = 32 << 20
"""Content-stream bytes the printed-fingerprint check reads (text extraction is slow)."""


def verify_dossier(
    pdf: Path,
    case_dir: Path | None = None,
    rebuild: Rebuild | None = None,
    tsa_roots: Sequence[Any] | None = None,
) -> VerifyReport:
    """Check a dossier. Raises VerifyError (exit NOT_A_DOSSIER) when it is not one.
    ``tsa_roots``: certificates (signing.load_roots) a timestamp's TSA must chain to.

    Order (README "What verify proves"): the seal over every byte as built, what was
    appended after it, then the manifest's own checks on the dossier as built; with
    ``rebuild`` (and ``case_dir``), a fresh build compared with it."""
    pdf = Path(pdf)
    size = _size_and_header(pdf)
    sealed, seal_result = check_seal(pdf, size)
    checks: list[Check] = [seal_result]
    intact = seal_result.ok
    length = sealed.length if sealed is not None else None
    if sealed is None:
        _ends_like_a_pdf(pdf, size)
    data = read_dossier(pdf, length)
    manifest, files = _manifest(pdf, data)
    stated = manifest["fingerprint"]
    checks.append(_fingerprint_check(manifest, stated))
    if intact:
        checks.append(_printed_check(data, stated))
    checks += _attachment_checks(data, files)
    checks += _image_checks(data, files)
    changed_checks, stamps = _change_checks(pdf, sealed, intact, size, tsa_roots)
    checks += changed_checks
    if sealed is None:
        checks += _hinted(pdf, data)
    if rebuild is not None and case_dir is not None:
        checks = rebuilt(pdf, manifest, sealed, intact, rebuild, checks)
    diff = FolderDiff()
    if case_dir is not None:
        diff = folder_diff(Path(case_dir), manifest)
        checks.append(diff.check(len(files)))
    return VerifyReport(
        pdf,
        stated,
        tuple(checks),
        tuple(diff.changed),
        tuple(diff.missing),
        tuple(diff.extra),
        case_dir,
        timestamps=tuple(stamps),
        tsa_roots_given=bool(tsa_roots),
    )


def check_seal(pdf: Path, size: int) -> tuple[seal.Seal | None, Check]:
    """The seal and the check of every byte it covers: what decides whether anything in
    [0, length) changed (no PDF parsing; milliseconds for a 3 MB dossier)."""
    try:
        sealed = seal.read(pdf, size)
    except seal.SealError as exc:
        return None, Check("seal", False, str(exc))
    if sealed is None:
        return None, Check("seal", False, NO_SEAL)
    if seal.digest_of(pdf, sealed.length, sealed.digest_at) == sealed.digest:
        return sealed, Check("seal", True, f"all {sealed.length:,} bytes as built")
    return sealed, Check("seal", False, "the bytes of the dossier changed after it was built")


NO_SEAL = (
    "the file carries no seal: it was re-saved by another program (or built by an older "
    "evidencekit), so that its content is unchanged cannot be proven"
)


def _size_and_header(pdf: Path) -> int:
    """The file's size, after the checks that need no parsing (bounded on any input)."""
    try:
        size = pdf.stat().st_size
        with open(pdf, "rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise VerifyError(
            f"cannot read {pdf.name}: {exc.strerror or exc}", "check the path"
        ) from None
    if b"%PDF-" not in head:
        raise VerifyError(
            f"{pdf.name} is not a valid dossier: it is not a PDF file",
            "give the dossier PDF that `evidencekit build` wrote",
        )
    if size > MAX_SIZE:
        raise VerifyError(
            f"{pdf.name} is too large to check ({size / 1e9:.1f} GB; a dossier is at most "
            f"{MAX_SIZE >> 30} GB)",
            "give the dossier PDF that `evidencekit build` wrote",
        )
    return size


def _ends_like_a_pdf(pdf: Path, size: int) -> None:
    """Without a seal, pypdf must find the end itself: refuse a file whose last 64 KiB hold
    no ``%%EOF`` rather than let it scan gigabytes of padding backwards."""
    with open(pdf, "rb") as f:
        f.seek(max(0, size - (1 << 16)))
        if b"%%EOF" not in f.read():
            raise VerifyError(
                f"{pdf.name} is not a valid dossier: it does not end like a PDF file",
                "give the dossier PDF that `evidencekit build` wrote",
            )


def _manifest(pdf: Path, data: DossierData) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The embedded manifest, checked for shape: anything else is "not a valid dossier"."""
    if mf.ATTACHMENT_NAME not in data.attachments:
        raise VerifyError(
            f"{pdf.name} carries no evidencekit manifest",
            "verify works on dossiers made by `evidencekit build`",
        )
    try:
        raw = data.attachment(mf.ATTACHMENT_NAME, MAX_MANIFEST)
        manifest = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise _bad_manifest(pdf, "it is not readable JSON") from exc
    if not isinstance(manifest, dict):
        raise _bad_manifest(pdf, "it is not a JSON object")
    why = manifest_shape(manifest)
    if why:
        raise _bad_manifest(pdf, why)
    return manifest, manifest["files"]


def _bad_manifest(pdf: Path, why: str) -> VerifyError:
    return VerifyError(
        f"{pdf.name} is not a valid dossier: its evidencekit manifest is malformed ({why})",
        "rebuild the dossier from the case folder",
    )


def _change_checks(
    pdf: Path,
    sealed: seal.Seal | None,
    intact: bool,
    size: int,
    roots: Sequence[Any] | None,
) -> tuple[list[Check], list[TimestampStatus]]:
    """What follows the sealed bytes, and which parts changed (named from ``/EKParts``);
    the document timestamps found after them."""
    out: list[Check] = []
    if sealed is None:
        return out, []
    if not intact:  # the sealed bytes changed: name the parts that differ
        out += _named(pdf, sealed.parts, sealed.length)
    tail = changes.classify_tail(pdf, sealed.length, size)
    if tail.kind == "none":
        return out, []
    if tail.kind == "signature":
        anchors, stamps = anchor_checks(pdf, sealed.length, roots)
        ok = all(c.ok for c in anchors)
        out.append(Check("appended", ok, changes.describe_tail(tail)))
        out += anchors
        if intact:  # the updates that added them must not change anything else
            out += _named(pdf, sealed.parts, None)
        return out, stamps
    out.append(Check("appended", False, changes.describe_tail(tail)))
    if tail.kind == "update" and intact:
        out += _named(pdf, sealed.parts, None)
    return out, []


def _hinted(pdf: Path, data: DossierData) -> list[Check]:
    """Without a seal: name what differs from the part digests the re-saved file still
    carries. Only a hint: whoever re-saved the file could have changed those too."""
    hint = data.parts_hint()
    if not hint:
        return []
    named = _named(pdf, tuple(hint), None)
    if named:
        return named
    return [
        Check(
            "parts",
            False,
            "re-saved; every part matches the digests it carries, "
            "which proves nothing without the seal (verify --case rebuilds and compares)",
        )
    ]


def _named(pdf: Path, stored: tuple[str, ...], length: int | None) -> list[Check]:
    try:
        current = part_digests(pdf, length)
    except VerifyError as exc:
        return [Check("parts", False, f"which part changed cannot be told: {exc.message}")]
    return [Check(name, False, what) for name, what in changes.name_changes(stored, current)]


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


def _fingerprint_check(manifest: dict[str, Any], stated: str) -> Check:
    actual = mf.fingerprint(manifest)
    if actual == stated:
        return Check("manifest.fingerprint", True, stated)
    return Check(
        "manifest.fingerprint", False, f"manifest says {stated}, content hashes to {actual}"
    )


def _printed_check(data: DossierData, stated: str) -> Check:
    """The fingerprint printed on the cover equals the manifest's. Run only when the seal
    holds, so every other page is as built (and was checked when the build re-read it):
    text extraction is slow (0.07 s a page) and hostile content streams make it slower."""
    if data.content_size() > MAX_TEXT:
        return Check("printed.fingerprint", False, "the pages' text is too large to check")
    if data.pages == 0 or stated not in re.sub(r"\s+", "", data.page_text(0)):
        return Check("printed.fingerprint", False, "not found on the cover (page 1)")
    return Check("printed.fingerprint", True, "on the cover")


def _attachment_checks(data: DossierData, files: list[dict[str, Any]]) -> list[Check]:
    out = []
    for f in files:
        if not f.get("attached"):
            continue
        key = mf.attachment_name(f["path"])
        name = f"attachment:{f['path']}"
        if key not in data.attachments:
            out.append(Check(name, False, "attachment missing"))
        elif data.attachment_sha256(key) != f["sha256"]:
            out.append(Check(name, False, "SHA-256 differs from the manifest"))
        else:
            out.append(Check(name, True, f["sha256"]))
    return out


def render_report(report: VerifyReport) -> list[str]:
    """Human-readable lines for the terminal (names escaped: one line each, inert)."""
    lines = [f"{'OK' if report.ok else 'FAILED'}  {safe_text(report.pdf.name)}"]
    lines.append(f"  fingerprint {report.fingerprint}")
    for c in report.checks:
        mark = "ok  " if c.ok else "FAIL"
        show = c.detail and (
            not c.ok
            or c.name.startswith(("signature:", "timestamp:", "seal", "appended", "rebuild"))
        )
        line = f"  {mark} {c.name}" + (f": {c.detail}" if show else "")
        lines.append(safe_text(line))
    if report.timestamps:  # what a timestamp proves, wherever one is shown (issue 16)
        lines += [f"  {MEANING['en']}", f"  {MEANING['zh']}"]
    for title, names in (
        ("changed", report.changed),
        ("missing", report.missing),
        ("extra", report.extra),
    ):
        for n in names:
            lines.append(f"  {title}: {safe_text(n)}")
    if not report.checks:
        lines.append("  no checks could be run")
    return lines
