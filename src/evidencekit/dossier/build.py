"""build_dossier: audit result -> numbered, fingerprinted, verifiable PDF dossier.

Stages (each a plain function): choose exhibits -> prepare images -> [assembly.py: manifest
(fingerprint) -> render (one pass) -> post-process (attachments, info, /ID)] -> atomic write
(placeholders spliced with file contents, splice.py) -> re-open check.

Which items are exhibits and in which order: ``selection``; preparing their images: ``prepare``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidencekit._io import atomic_output, confined, spool_folder, write_error
from evidencekit.case.load import CASE_FILE
from evidencekit.dossier import manifest as mf
from evidencekit.dossier import splice
from evidencekit.dossier.assembly import Assembled, BuildContext, LetterFn, assemble
from evidencekit.dossier.imaging import Fit, PreparedImage
from evidencekit.dossier.postprocess import check_output, read_dossier, seal_output
from evidencekit.dossier.prepare import prepare_all, spool_originals
from evidencekit.dossier.selection import (
    default_output,
    exhibit_order,
    is_exhibit,
    read_original,
)
from evidencekit.errors import NoExhibitsError, OutputError
from evidencekit.models import AuditResult, EvidenceItem, ExifState, Severity, is_placeholder
from evidencekit.options import BuildOptions
from evidencekit.progress import WRITING, Progress, stage
from evidencekit.rules.profiles import get_profile


@dataclass(frozen=True)
class BuildReport:
    output: Path
    """Where the dossier was written."""
    pages: int
    exhibits: int
    fingerprint: str
    """SHA-256 of the manifest (printed on every page)."""
    size: int
    """Size of the PDF in bytes."""
    missing_glyphs: tuple[str, ...] = ()
    """Characters the font lacks, printed as a white square (□)."""
    not_embedded: tuple[str, ...] = ()
    """Files listed in the appendix only (not images, unreadable, failed to prepare)."""
    profile: str = "standard"
    volumes: tuple[Volume, ...] = ()
    """Every file when the dossier was split into volumes (``output`` is the first); empty
    for a single file. ``pages`` and ``size`` above are then totals."""
    warnings: tuple[str, ...] = ()
    """One line each, for stderr: texts left out or printed untranslated (see ``notices``)."""
    open_errors: tuple[str, ...] = ()
    """Codes of the audit's error findings (each once): ``build`` names them on stderr with a
    pointer to the pre-check, never in the dossier (unless ``--include-findings``)."""
    timestamps: tuple[Any, ...] = ()
    """With ``build --tsa``: the stamp report of each file (set by ``api.build``)."""


def notices(result: AuditResult, lang: str) -> tuple[str, ...]:
    """What the buyer should know about the dossier's texts, once per build (issue 20): the
    ``init`` placeholders that were left out, and, for an English dossier of a Chinese case,
    the texts that have no English version and are printed in Chinese."""
    case, out = result.case, []
    if case.has_file and not case.order_id:
        out.append('case.toml has no order_id: the dossier shows the order as "—" (EK205)')
    if case.has_file and is_placeholder(case.statement):
        out.append("the statement is the init template's placeholder: left out (EK206)")
    if lang == "en" and case.language == "zh":
        missing = []
        if case.statement_in("zh") and not case.statement_en.strip():
            missing.append("statement_en")
        for key, have, want in (
            ("caption_en", lambda f: f.caption, lambda f: f.caption_en),
            ("purpose_en", lambda f: f.purpose, lambda f: f.purpose_en),
        ):
            n = sum(1 for f in case.files if have(f).strip() and not want(f).strip())
            if n:
                missing.append(f"{key} ({n} [[file]])")
        n = sum(1 for e in case.events if e.note.strip() and not e.note_en.strip())
        if n:
            missing.append(f"note_en ({n} [[event]])")
        if missing:
            out.append(
                "English dossier of a Chinese case: no English text for "
                f"{', '.join(missing)} in case.toml; those texts are printed in Chinese"
            )
    return tuple(out)


def _require_exhibits(result: AuditResult, not_embedded: dict[str, str]) -> None:
    """A dossier without a single exhibit proves nothing: refuse it (exit 7) and say why."""
    if any(it.path not in not_embedded for it in exhibit_order(result.items, result.case)):
        return
    remedy = (
        "add photos or screenshots (JPEG, PNG, HEIC, WebP …) to product/, listing/, chat/ or "
        "parcel/; `evidencekit audit DIR` says why each file was left out"
    )
    if not result.items:
        raise NoExhibitsError("no exhibit: the case folder holds no evidence files", remedy)
    why = {"why_not_image": "not images", "why_unreadable": "unreadable", "why_video_damaged": "damaged videos",
           "why_too_big": "too many pixels"}  # fmt: skip
    counts: dict[str, int] = {}
    for it in result.items:
        reason = why.get(not_embedded.get(it.path, ""), "not an exhibit")
        counts[reason] = counts.get(reason, 0) + 1
    detail = ", ".join(f"{n} {reason}" for reason, n in counts.items())
    raise NoExhibitsError(
        f"no exhibit: none of the {len(result.items)} files can be shown as an exhibit "
        f"({detail}); no dossier was written",
        remedy,
    )


def _check_target(out: Path, force: bool) -> None:
    if not out.exists() or force:
        return
    if out.is_dir():
        raise OutputError(f"{out} is a folder", "give a file name with -o")
    try:
        data = read_dossier(out)
        ours = mf.ATTACHMENT_NAME in data.attachments
    except Exception:  # noqa: BLE001 - anything unreadable is "not ours"
        ours = False
    if not ours:
        raise OutputError(
            f"{out} exists and is not an evidencekit dossier; not overwriting it",
            "choose another path with -o, or pass --force to replace it",
        )


@dataclass(frozen=True)
class Volume:
    """One written PDF file of a (possibly split) dossier."""

    output: Path
    pages: int
    size: int
    exhibits: tuple[str, ...]
    """Exhibit numbers in this file."""
    fingerprint: str


def build_dossier(
    result: AuditResult,
    case_dir: Path,
    options: BuildOptions,
    progress: Progress | None = None,
    letter: LetterFn | None = None,
) -> BuildReport:
    """Write the dossier of ``result``; ``letter`` writes the seller letter page (see
    ``assembly.LetterFn``; the faces pass ``outputs.letter.seller_letter``)."""
    case_dir = Path(case_dir)
    profile = get_profile(options.profile)
    if profile.kind != "pdf":
        raise OutputError(
            f"profile {profile.key!r} makes upload images, not a PDF",
            f"run `evidencekit pack DIR --platform {profile.key}`",
        )
    out = Path(options.output) if options.output else default_output(result, case_dir)
    out = confined(case_dir, out)
    _check_target(out, options.force)
    lang = options.lang or result.case.language or "zh"
    lang = lang if lang in ("zh", "en") else "zh"
    attach = options.attach_originals or profile.attach_originals

    not_embedded: dict[str, str] = {}
    for it in result.items:
        if it.meta.video is not None:
            if not is_exhibit(it):
                not_embedded[it.path] = "why_video_damaged"
        elif not it.source.is_image:
            not_embedded[it.path] = "why_not_image"
        elif it.meta.exif_state == ExifState.UNREADABLE:
            not_embedded[it.path] = "why_unreadable"
        elif it.meta.too_many_pixels:
            not_embedded[it.path] = "why_too_big"
    _require_exhibits(result, not_embedded)
    # Images are prepared straight from disk (imagecache); originals are held in memory only
    # when they are attached.
    originals: dict[str, bytes] = {}
    case_file = None
    toml = case_dir / CASE_FILE
    if toml.is_file():
        raw = toml.read_bytes()
        case_file = {"path": CASE_FILE, "sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw)}
    ctx = BuildContext(
        result, case_dir, options, profile, lang, options.audit.clock(), [], {}, originals,
        not_embedded, case_file, attach, progress=progress, letter=letter,
    )  # fmt: skip
    if profile.limited:
        # Upload-limited outputs are small by definition; fitting measures them in memory.
        # A video never fits such a limit: its contact sheet is the exhibit, the file stays out.
        for it in result.items:
            if it.meta.video is not None:
                ctx.not_attached[it.path] = f"video_size_limit:{profile.key}"
            elif attach:
                originals[it.path] = read_original(case_dir, it)
        from evidencekit.dossier.fitting import fit_volumes

        return write_volumes(ctx, out, fit_volumes(ctx))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        spool = spool_folder(out.parent)
    except OSError as exc:
        raise OutputError(
            f"cannot write in {out.parent}: {exc.strerror or exc}",
            "choose a writable folder with -o",
        ) from None
    with spool as spool_dir:
        from evidencekit.dossier.imagecache import default_cache_dir

        ctx.spool = True
        ctx.cache = default_cache_dir(case_dir, out) or Path(spool_dir)
        if attach:
            spool_originals(ctx)
        fit = None  # standard: the rules in imaging's docstring
        if profile.no_downscale:
            fit = Fit(dpi=None)
        elif profile.max_dpi:  # e.g. standard with max_dpi = 300: "downscaled for A4"
            fit = Fit(dpi=profile.max_dpi)
        images = prepare_all(ctx, exhibit_order(result.items, result.case), lambda it: fit)
        if not ctx.chosen:
            raise NoExhibitsError(
                f"no exhibit: none of the {len(result.items)} files could be prepared for "
                "embedding; no dossier was written",
                "run `evidencekit audit DIR` to see why each file was left out",
            )
        plan = [(ctx.chosen, images, assemble(ctx, ctx.chosen, images, None))]
        return write_volumes(ctx, out, plan)


def _case_name(ctx: BuildContext, path: Path) -> str:
    """``path`` relative to the case folder when it is in it (a cache file is named as is)."""
    try:
        return path.relative_to(ctx.case_dir).as_posix()
    except ValueError:
        return str(path)


def volume_path(out: Path, n: int, of: int) -> Path:
    """``<stem>-vol1.pdf``... for a split dossier; ``out`` itself for one file."""
    return out if of == 1 else out.with_name(f"{out.stem}-vol{n}{out.suffix}")


def write_volumes(
    ctx: BuildContext,
    out: Path,
    plan: list[tuple[list[EvidenceItem], dict[str, PreparedImage], Assembled]],
) -> BuildReport:
    """Write each volume atomically and re-open it; the report sums them."""
    vols: list[Volume] = []
    for n, (group, _, asm) in enumerate(plan, 1):
        target = volume_path(out, n, len(plan))
        if target != out:
            _check_target(target, ctx.options.force)
        try:
            with atomic_output(target) as tmp:
                stage(ctx.progress, f"{WRITING} {target.name}")
                with open(tmp, "w+b") as f:  # readable: splice re-copies within the file
                    # placeholders -> file contents, each checked against its SHA-256
                    splice.write(asm.pdf, ctx.sources, f, ctx.expect, ctx.progress)
                seal_output(tmp)  # last: the seal covers every byte written before it
                check_output(tmp, asm.pages, list(asm.attachment_names))
                size = tmp.stat().st_size
        except splice.SourceChanged as exc:
            why = "was deleted or moved" if exc.gone else "changed (its SHA-256 is not the audit's)"
            raise OutputError(
                f"{_case_name(ctx, exc.path)} {why} while the dossier was being built; "
                "nothing was written",
                "run the build again; do not edit the case while it builds",
            ) from None
        except OSError as exc:  # EACCES, EROFS, ENOSPC, EDQUOT, ENAMETOOLONG...
            raise write_error(target, exc) from None
        nums = tuple(ctx.numbers[it.path] for it in group)
        vols.append(Volume(target, asm.pages, size, nums, asm.fingerprint))
    missing = sorted({g for _, _, a in plan for g in a.missing_glyphs})
    return BuildReport(
        output=vols[0].output,
        pages=sum(v.pages for v in vols),
        exhibits=len(ctx.chosen),
        fingerprint=vols[0].fingerprint,
        size=sum(v.size for v in vols),
        missing_glyphs=tuple(missing),
        not_embedded=tuple(sorted(ctx.not_embedded)),
        profile=ctx.profile.key,
        volumes=tuple(vols) if len(vols) > 1 else (),
        warnings=notices(ctx.result, ctx.lang) + _video_notices(ctx) + _fee_notice(ctx, vols),
        open_errors=open_errors(ctx.result),
    )


def open_errors(result: AuditResult) -> tuple[str, ...]:
    """The codes of the error findings, each once, in code order."""
    findings = list(result.all_findings()) + list(result.case.warnings)
    return tuple(sorted({f.code for f in findings if f.severity == Severity.ERROR}))


def _fee_notice(ctx: BuildContext, vols: list[Volume]) -> tuple[str, ...]:
    """A channel that charges per page beyond a threshold (Mastercom): the fee, said once."""
    pages = sum(v.pages for v in vols)
    fee = ctx.profile.fee(pages)
    if not fee:
        return ()
    return (
        f"{pages} pages: {ctx.profile.key} accepts them, but charges a page fee of {fee}; "
        "exclude exhibits in case.toml to lower it",
    )


def _video_notices(ctx: BuildContext) -> tuple[str, ...]:
    """Videos left out of a size-limited dossier: which, and why (issue 17)."""
    out = []
    for it in ctx.result.items:
        if it.path in ctx.not_attached:
            out.append(
                f"{it.path} ({it.source.size / 1e6:.1f} MB video) is not attached: profile "
                f"{ctx.profile.key} limits uploads ({ctx.profile.limits_text()}); its contact "
                "sheet is the exhibit. Submit the video itself separately, or build with "
                "--profile archive to attach it"
            )
    return tuple(out)
