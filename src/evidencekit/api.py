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


def write_precheck(result: AuditResult, out: Path, lang: str | None, now: Any) -> Path:
    """Write the pre-check PDF (every finding with the objection and the fix, the deadlines,
    what to collect next; "for your own review, do not submit") for ``result`` at ``now``."""
    from evidencekit.dossier.precheck import write_precheck as write

    return write(result, out, lang, now)


def precheck_pdf(options: AuditOptions, lang: str | None = None) -> bytes:
    """Audit the case and return its pre-check PDF's bytes (the web page's 自查报告)."""
    from evidencekit.dossier.precheck import precheck_pdf as render

    result = run_audit(options)
    return render(result, lang, options.clock())


def exhibit_numbers(result: AuditResult) -> dict[str, str]:
    """Item path -> exhibit label (E-01 ...), in the dossier's order."""
    from evidencekit.dossier.selection import exhibit_numbers as numbers
    from evidencekit.dossier.selection import exhibit_order

    return numbers(exhibit_order(result.items, result.case), result.case)


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
    if options.tsa is not None:  # then timestamped, the build's last step (timestamp.py)
        from dataclasses import replace

        from evidencekit.errors import TimestampError
        from evidencekit.integrity.timestamp import stamp as stamp_pdf

        outs = [v.output for v in report.volumes] or [report.output]
        try:
            stamps = tuple(stamp_pdf(o, tsa=options.tsa, tsa_cert=options.tsa_cert) for o in outs)
        except TimestampError as exc:
            raise TimestampError(
                f"{report.output} was built, but not timestamped: {exc.message}", exc.remedy
            ) from None
        report = replace(report, timestamps=stamps, size=sum(o.stat().st_size for o in outs))
    return report


def verify(
    pdf: Path, case_dir: Path | None = None, rebuild: bool = True, tsa_cert: Path | None = None
) -> Any:
    """Check a dossier (integrity.verify.VerifyReport); with ``case_dir``, also re-hash the
    folder and (``rebuild``) build it again with the manifest's options and compare; with
    ``tsa_cert``, each timestamp's TSA must chain to the root(s) in that PEM file."""
    from evidencekit.integrity.verify import verify_dossier

    roots = None
    if tsa_cert is not None:
        from evidencekit.integrity.signing import load_roots

        roots = load_roots(tsa_cert)
    again = _rebuild_from(case_dir) if case_dir and rebuild else None
    return verify_dossier(pdf, case_dir, again, roots)


def __getattr__(name: str) -> Any:
    """``stamp`` is ``integrity.timestamp.stamp`` itself (RFC 3161 timestamp on a dossier:
    online from ``tsa``, or offline: ``request`` writes the .tsq, then ``response`` embeds the
    TSA's .tsr; returns its StampReport), imported on first use like everything here."""
    if name == "stamp":
        from evidencekit.integrity.timestamp import stamp

        return stamp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
            attach_originals=bool((manifest.get("options") or {}).get("attach_originals"))
            or any(f.get("attached") for f in manifest["files"]),
            profile=str((manifest.get("profile") or {}).get("name") or "standard"),
            include_findings=bool(manifest.get("include_findings")),
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


def profiles_text(lang: str = "zh") -> str:
    """What ``evidencekit profiles`` prints: name, kind, limits, source, notes (zh or en)."""
    from evidencekit.rules.profiles import format_profiles

    return "\n".join(format_profiles(lang=lang))


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
    return build_pack(
        result,
        options.case_dir,
        platform,
        outdir,
        options.clock(),
        lang,
        progress,
        max_pixels=options.max_pixels,
    )


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


# --- For the web page (``evidencekit serve``): the same operations, shaped for a form. ---


def init_case(case_dir: Path) -> list[str]:
    """What ``evidencekit init`` does: category folders and a commented case.toml."""
    from evidencekit.case.scaffold import init_case as scaffold

    return scaffold(case_dir)


def category_folders() -> dict[str, str]:
    """Category folder -> what goes in it (English)."""
    from evidencekit.case.scaffold import FOLDERS

    return dict(FOLDERS)


def is_case_dir(path: Path) -> bool:
    """A case is a folder with a case.toml or any of the category folders."""
    from evidencekit.case.load import CASE_FILE

    names = category_folders()
    return (path / CASE_FILE).is_file() or any((path / n).is_dir() for n in names)


def case_choices() -> dict[str, tuple[str, ...]]:
    """The menus of the case form: case.toml key -> allowed values (``load.py``)."""
    from evidencekit.case import load

    return {
        "platform": load.PLATFORMS,
        "language": load.LANGUAGES,
        "buyer_type": load.BUYER_TYPES,
        "claim": load.CLAIMS,
        "refund_type": load.REFUND_TYPES,
        "event_kind": load.EVENT_KINDS,
    }


def save_case_details(case_dir: Path, fields: dict[str, str]) -> Any:
    """Write ``[case]`` keys into case.toml (comments and unknown keys kept); CaseError with
    the CLI's message when the result would not load."""
    from evidencekit.case.edit import save_details

    return save_details(case_dir, fields, default_claim)


def default_claim(case: Any) -> Any:
    """What an empty ``claimed_amount`` claims: the whole ``amount`` when every unit is
    affected, else the affected units' share (rules/amounts.py; ¥1280, 5 of 8 -> 800.00)."""
    from dataclasses import replace

    from evidencekit.rules.amounts import claimed_amount

    return claimed_amount(replace(case, claimed_amount=""))


def default_claim_text(case: Any, lang: str) -> str:
    """The same as money for the page: 人民币800.00元 / CNY 800.00 ('' without an amount)."""
    from evidencekit.rules.amounts import money

    return money(default_claim(case), case.currency or "CNY", lang == "zh")


def save_case_events(case_dir: Path, events: list[dict[str, str]]) -> Any:
    from evidencekit.case.edit import save_events

    return save_events(case_dir, events)


def save_file_setting(case_dir: Path, path: str, changes: dict[str, Any]) -> Any:
    from evidencekit.case.edit import save_file_setting as save

    return save(case_dir, path, changes)


def import_file(
    case_dir: Path, category: str, name: str, src: Any, sha256: str | None = None
) -> Any:
    """Copy an uploaded file byte for byte into ``category``; returns importing.Imported."""
    from evidencekit.case.importing import import_file as copy_in

    return copy_in(case_dir, category, name, src, sha256)


def thumbnail(data: bytes, size: int, redact: tuple[tuple[int, int, int, int], ...]) -> bytes:
    from evidencekit.dossier.imaging import thumbnail as thumb

    return thumb(data, size, redact)


def next_deadline(options: AuditOptions, views: list[DeadlineView], lang: str) -> Any:
    """(deadline, "3 天后截止") for the next open window, or None."""
    from evidencekit.rules.deadlines import countdown, next_due

    now = options.clock()
    d = next_due(views, now)
    return None if d is None else (d, countdown(d, now, lang))


def profile_limits(profile: Any, lang: str) -> str:
    """A profile's limits in one line, in ``lang`` (``profiles`` output)."""
    return str(profile.limits_text(lang))


def capture_fact(item: Any, lang: str, timezone: str) -> tuple[str, str]:
    """(capture time, how it is known) in the dossier's words: ("2025-12-15 17:02:11 +08:00",
    "照片EXIF原始拍摄时间，含时区")."""
    from evidencekit.dossier.render.facts import capture_fact as fact

    return fact(item, lang, timezone)


def confidence_word(value: str, lang: str) -> str:
    """``high`` -> 高 / high (the dossier's labels)."""
    from evidencekit.dossier.render.i18n import LABELS

    table = LABELS["confidence"]
    return table.get(lang, table["zh"]).get(value, value)


def event_label(kind: str, lang: str) -> str:
    """An event kind as the dossier names it (下单, 退货寄出 ...)."""
    from evidencekit.dossier.render.i18n import label

    return label(lang, "event", kind)


def letter_units(text: str) -> int:
    """How the platforms count characters (one per CJK character, see letter.text_units)."""
    from evidencekit.outputs.letter import text_units

    return text_units(text)


def image_profiles() -> list[str]:
    """Profiles ``pack`` accepts (image-only platforms)."""
    return [p.key for p in list_profiles() if getattr(p, "kind", "") == "images"]


def load_case(case_dir: Path) -> Any:
    """case.toml, validated (models.Case); CaseError with the line and the fix."""
    from evidencekit.case.load import load_case as load

    return load(case_dir)


def qr_text(data: str) -> str:
    """``data`` as a QR code drawn with half blocks (two rows per line), dark on light."""
    from evidencekit.dossier.render.qr import qr_matrix

    m = qr_matrix(data)
    if len(m) % 2:
        m.append([False] * len(m[0]))
    chars = {(False, False): "█", (True, False): "▄", (False, True): "▀", (True, True): " "}
    return "\n".join(
        "".join(chars[(top, bottom)] for top, bottom in zip(m[r], m[r + 1], strict=True))
        for r in range(0, len(m), 2)
    )
