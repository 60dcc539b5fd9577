"""Python API: the same operations as the CLI, taking the same option objects."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from evidencekit.audit.pipeline import run_audit
from evidencekit.models import AuditResult
from evidencekit.options import AuditOptions, BuildOptions
from evidencekit.progress import Progress, report
from evidencekit.rules.deadlines import DeadlineView, deadlines_for


def audit(options: AuditOptions, progress: Progress | None = None) -> AuditResult:
    return run_audit(options, progress)


def audit_with_deadlines(
    options: AuditOptions, progress: Progress | None = None
) -> tuple[AuditResult, list[DeadlineView]]:
    result = run_audit(options, progress)
    return result, deadlines_for(result, options.clock())


def exhibit_numbers(result: AuditResult) -> dict[str, str]:
    """Item path -> exhibit label (E-01 ...), in the dossier's order."""
    from evidencekit.dossier.selection import exhibit_order

    return {it.path: f"E-{n:02d}" for n, it in enumerate(exhibit_order(result.items), 1)}


def letters(options: AuditOptions, recipients: list[str], lang: str | None) -> dict[str, Any]:
    from evidencekit.outputs.letter import letter_texts

    result = run_audit(options)
    language = lang or result.case.language or "zh"
    numbers = exhibit_numbers(result)
    findings = result.all_findings()
    return {
        who: letter_texts(
            result.case, result.items, findings, numbers, who, language, options.clock()
        )
        for who in recipients
    }


def build(options: BuildOptions, progress: Progress | None = None) -> Any:
    """Audit the case, then build its dossier; returns build.BuildReport."""
    from evidencekit.dossier.build import build_dossier
    from evidencekit.outputs.letter import seller_letter

    signer = None
    if options.sign is not None:
        from evidencekit.integrity.signing import load_signer, sign_pdf

        signer = load_signer(options.sign, options.sign_passphrase)  # fail before the work
    result = run_audit(options.audit, progress)
    report = build_dossier(result, options.audit.case_dir, options, progress, letter=seller_letter)
    if signer is not None:
        # Signed last, as an incremental update over the checked dossier (see signing.py).
        sign_pdf(report.output, signer)
    return report


def verify(pdf: Path, case_dir: Path | None = None, rebuild: bool = True) -> Any:
    """Check a dossier (integrity.verify.VerifyReport); with ``case_dir``, also re-hash the
    folder and (``rebuild``) build it again with the manifest's options and compare."""
    from evidencekit.integrity.verify import verify_dossier

    return verify_dossier(pdf, case_dir, _rebuild_from(case_dir) if case_dir and rebuild else None)


def _rebuild_from(case_dir: Path) -> Any:
    def rebuild(manifest: dict[str, Any], folder: Path) -> Path:
        from datetime import datetime

        from evidencekit.dossier.build import volume_path

        created = datetime.fromisoformat(str(manifest.get("created")))
        vol = manifest.get("volume") or {}
        out = folder / "rebuilt.pdf"
        options = BuildOptions(
            audit=AuditOptions(case_dir=case_dir, now=created),
            output=out,
            lang=str(manifest.get("lang") or "zh"),
            attach_originals=any(f.get("attached") for f in manifest["files"]),
            profile=str((manifest.get("profile") or {}).get("name") or "standard"),
        )
        # The build is deterministic given its date (SOURCE_DATE_EPOCH): the manifest's.
        saved = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(int(created.timestamp()))
        try:
            build(options)
        finally:
            if saved is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = saved
        if vol:
            return volume_path(out, int(vol.get("n", 1)), int(vol.get("of", 1)))
        return out

    return rebuild


def list_profiles() -> list[Any]:
    """Every submission profile (``profiles.Profile``), ``standard`` first."""
    from evidencekit.rules.profiles import all_profiles

    return list(all_profiles())


def profiles_text() -> str:
    """What ``evidencekit profiles`` prints: name, kind, limits, source, note."""
    from evidencekit.rules.profiles import format_profiles

    return "\n".join(format_profiles())


def pack(
    options: AuditOptions,
    platform: str,
    outdir: Path | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> Any:
    """Audit the case, then write its upload pack for ``platform``; returns pack.PackReport."""
    from evidencekit.outputs.pack import build_pack

    result = run_audit(options, progress)
    return build_pack(result, options.case_dir, platform, outdir, options.clock(), lang, progress)


def _build_or_error(options: BuildOptions) -> Any:
    from evidencekit.errors import EvidenceKitError

    try:
        return build(options, None)
    except EvidenceKitError as exc:  # reported per case; the other cases still build
        return exc


def build_many(
    all_options: list[BuildOptions],
    workers: int = 0,
    progress: Progress | None = None,
) -> list[tuple[Path, Any]]:
    """Build several cases in parallel processes; (case folder, BuildReport or the error), in
    the order given. ``progress(done, total)``: cases finished so far."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    n = min(len(all_options), workers or os.cpu_count() or 1)
    outcomes: dict[int, Any] = {}
    with ProcessPoolExecutor(max_workers=n) as pool:
        futures = {pool.submit(_build_or_error, o): i for i, o in enumerate(all_options)}
        for fut in as_completed(futures):
            outcomes[futures[fut]] = fut.result()
            report(progress, len(outcomes), len(all_options))
    return [(o.audit.case_dir, outcomes[i]) for i, o in enumerate(all_options)]
