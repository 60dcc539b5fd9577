"""Preparing exhibit images (through ``imagecache``) and attaching originals by reference.

Shared by ``build`` (one pass) and ``fitting`` (trial passes for upload-limited profiles).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from evidencekit._io import LeftTheCase, resolved_inside
from evidencekit.dossier.assembly import BuildContext
from evidencekit.dossier.imagecache import PrepJob, SourceChanged, default_cache_dir, prepare_many
from evidencekit.dossier.imaging import Fit, PreparedImage
from evidencekit.dossier.selection import default_output, exhibit_numbers, file_path
from evidencekit.dossier.splice import token
from evidencekit.errors import OutputError
from evidencekit.models import EvidenceItem
from evidencekit.progress import PREPARING, stage


def spool_originals(ctx: BuildContext) -> None:
    """Attach originals by reference. Nothing is read here: splice.write copies each file into
    the PDF, checks it against the audit's SHA-256 as it goes (a file edited since the audit
    stops the build) and patches its MD5 into the ``/CheckSum`` placeholder."""
    for it in ctx.result.items:
        if not it.sha256:
            continue  # unreadable at audit time: nothing to attach (the audit says why)
        try:
            path = resolved_inside(file_path(ctx.case_dir, it.path), ctx.case_dir)
            size = path.stat().st_size
        except OSError as exc:
            # Skipping it would write a manifest that says "attached" for a file that is not
            # (the dossier then fails its own verify, issue 19): stop and say which file.
            why = f": {exc.strerror}" if isinstance(exc, LeftTheCase) else " was deleted or moved"
            raise OutputError(
                f"{it.path}{why} since the audit; nothing was written",
                "put the file back (or remove it from the case) and run the build again",
            ) from None
        key = it.sha256[:32]
        ctx.originals[it.path] = token(key)
        ctx.sources[key] = path
        ctx.expect[key] = it.sha256
        ctx.att_meta[it.path] = (size, bytes.fromhex(key))  # MD5 placeholder, see splice


def _video_spec(it: EvidenceItem) -> tuple[float, tuple[float, ...], str, bool] | None:
    """What the contact sheet of a video exhibit needs (``PrepJob.video``); None otherwise."""
    v = it.meta.video
    if v is None:
        return None
    cap = it.capture  # no wall clock on the frames from a copy time or a date alone
    start = (
        cap.local.isoformat() if cap.local and cap.source != "mtime" and not cap.date_only else ""
    )
    portrait = bool(v.width and v.height and v.height > v.width)
    times = tuple(dict.fromkeys(t for t, _, _ in v.barcodes))
    return (v.duration_s or 0.0, times, start, portrait)


def video_sheet(case_dir: Path, it: EvidenceItem) -> bytes:
    """The contact sheet (JPEG) of a video exhibit, for upload packs; the video is hashed as
    a stream and must still be the audit's (OutputError otherwise)."""
    from evidencekit._io import sha256_file
    from evidencekit.audit.video.sheet import contact_sheet

    spec = _video_spec(it)
    assert spec is not None
    path = file_path(case_dir, it.path)
    try:
        same = sha256_file(path) == it.sha256
    except OSError:
        same = False
    if not same:
        raise OutputError(
            f"{it.path} changed since the audit (SHA-256 differs) or cannot be read",
            "run the command again so the audit and the output see the same file",
        )
    duration, codes, start, portrait = spec
    when = datetime.fromisoformat(start) if start else None
    try:
        return contact_sheet(str(path), duration, codes, when, portrait)[0]
    except ValueError as exc:
        raise OutputError(f"{it.path}: {exc}", "copy the video again from the phone") from None


def _source(ctx: BuildContext, it: EvidenceItem) -> str:
    """The file to prepare, links resolved once (and refused when they lead out of the case):
    the workers open that file, which no later swap of a link can change (issue 19)."""
    try:
        return str(resolved_inside(file_path(ctx.case_dir, it.path), ctx.case_dir))
    except OSError as exc:
        raise OutputError(
            f"{it.path} cannot be read any more ({exc.strerror or exc}); nothing was written",
            "put the file back (or remove it from the case) and run the build again",
        ) from None


def prepare_all(
    ctx: BuildContext, items: list[EvidenceItem], fit_for: Callable[[EvidenceItem], Fit | None]
) -> dict[str, PreparedImage]:
    """Prepare every exhibit image; fills ``ctx.chosen`` and ``ctx.numbers`` on first use."""
    out = (
        Path(ctx.options.output) if ctx.options.output else default_output(ctx.result, ctx.case_dir)
    )
    jobs = [
        PrepJob(
            it.path,
            _source(ctx, it),
            it.sha256,
            ctx.options.keep_metadata or ctx.profile.untouched,
            fit_for(it),
            ctx.result.case.redactions(it.path),
            ctx.options.audit.max_pixels,
            video=_video_spec(it),
            raw_preview=it.meta.raw_preview,
        )
        for it in items
    ]
    cache = ctx.cache or default_cache_dir(ctx.case_dir, out)
    images: dict[str, PreparedImage] = {}
    stage(ctx.progress, PREPARING)
    try:
        prepared = prepare_many(
            jobs, cache, ctx.options.audit.jobs, ctx.spool and cache is not None, ctx.progress
        )
    except SourceChanged as exc:
        raise OutputError(
            f"{exc} changed since the audit (SHA-256 differs); nothing was written",
            "run the build again; do not edit the case while it builds",
        ) from None
    for job, img in zip(jobs, prepared, strict=True):
        if img is None:
            ctx.not_embedded[job.path] = "why_failed"
            continue
        images[job.path] = img
        if img.spool:
            key = img.stream[10:42].decode()
            ctx.sources[key] = Path(img.spool)
            if img.filter == "DCTDecode":  # sha256 is of the stream itself (see imaging)
                ctx.expect[key] = img.sha256
    if not ctx.numbers:
        ctx.chosen = [it for it in items if it.path in images]
        ctx.numbers = exhibit_numbers(ctx.chosen, ctx.result.case)
    return images
