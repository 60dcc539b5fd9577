"""build_dossier: audit result -> numbered, fingerprinted, verifiable PDF dossier.

Stages (each a plain function): choose exhibits -> prepare images -> [assembly.py: manifest
(fingerprint) -> render (one pass) -> post-process (attachments, info, /ID)] -> atomic write
(placeholders spliced with file contents, splice.py) -> re-open check.

Exhibit order: the audit's item order is the scan's stable path order; the dossier instead
groups exhibits the way a reader argues a claim (证据规定 Art. 19 asks for classification):
category (product, listing, chat, parcel, other), then capture time (items without a time
last), then path. Numbering is therefore stable for the same folder content.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evidencekit._io import atomic_output
from evidencekit.dossier import manifest as mf
from evidencekit.dossier import splice
from evidencekit.dossier.assembly import Assembled, BuildContext, assemble
from evidencekit.dossier.imaging import Fit, PreparedImage
from evidencekit.dossier.postprocess import check_output, read_dossier
from evidencekit.errors import OutputError
from evidencekit.models import AuditResult, Category, EvidenceItem, ExifState
from evidencekit.options import BuildOptions, source_date
from evidencekit.progress import PREPARING, WRITING, Progress, stage
from evidencekit.rules.profiles import get_profile

CATEGORY_ORDER = [
    Category.PRODUCT,
    Category.LISTING,
    Category.CHAT,
    Category.PARCEL,
    Category.OTHER,
]
OUTPUT_DIR = "dossier"
CASE_FILE = "case.toml"


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


def is_exhibit(item: EvidenceItem) -> bool:
    m = item.meta
    return item.source.is_image and m.exif_state != ExifState.UNREADABLE and not m.too_many_pixels


def exhibit_order(items: tuple[EvidenceItem, ...]) -> list[EvidenceItem]:
    def key(it: EvidenceItem) -> tuple[int, int, str, str]:
        cap = it.capture
        when = cap.utc.isoformat() if cap.utc else cap.local.isoformat() if cap.local else ""
        return (CATEGORY_ORDER.index(it.source.category), 0 if when else 1, when, it.path)

    return sorted((it for it in items if is_exhibit(it)), key=key)


def default_output(result: AuditResult, case_dir: Path) -> Path:
    stem = _safe_stem(result.case.order_id or result.root_name or case_dir.name)
    return case_dir / OUTPUT_DIR / f"{stem}-evidence.pdf"


def _safe_stem(text: str) -> str:
    return (
        "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in text).strip() or "case"
    )


def _file_path(case_dir: Path, rel: str) -> Path:
    p = case_dir / rel
    if p.exists():
        return p
    # The audit reports NFC names; macOS may store NFD. Find the on-disk spelling.
    import unicodedata

    parent = p.parent
    want = unicodedata.normalize("NFC", p.name)
    if parent.is_dir():
        for child in parent.iterdir():
            if unicodedata.normalize("NFC", child.name) == want:
                return child
    return p


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
) -> BuildReport:
    case_dir = Path(case_dir)
    profile = get_profile(options.profile)
    if profile.kind != "pdf":
        raise OutputError(
            f"profile {profile.key!r} makes upload images, not a PDF",
            f"run `evidencekit pack DIR --platform {profile.key}`",
        )
    out = Path(options.output) if options.output else default_output(result, case_dir)
    _check_target(out, options.force)
    lang = options.lang or result.case.language or "zh"
    lang = lang if lang in ("zh", "en") else "zh"
    attach = options.attach_originals or profile.attach_originals

    not_embedded: dict[str, str] = {}
    for it in result.items:
        if not it.source.is_image:
            not_embedded[it.path] = "why_not_image"
        elif it.meta.exif_state == ExifState.UNREADABLE:
            not_embedded[it.path] = "why_unreadable"
        elif it.meta.too_many_pixels:
            not_embedded[it.path] = "why_too_big"
    # Images are prepared straight from disk (imagecache); originals are held in memory only
    # when they are attached.
    originals: dict[str, bytes] = {}
    case_file = None
    toml = case_dir / CASE_FILE
    if toml.is_file():
        raw = toml.read_bytes()
        case_file = {"path": CASE_FILE, "sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw)}
    ctx = BuildContext(
        result, case_dir, options, profile, lang, source_date(), [], {}, originals,
        not_embedded, case_file, attach, progress=progress,
    )  # fmt: skip
    if profile.limited:
        # Upload-limited outputs are small by definition; fitting measures them in memory.
        if attach:
            for it in result.items:
                originals[it.path] = _read(case_dir, it)
        from evidencekit.dossier.fitting import fit_volumes

        return write_volumes(ctx, out, fit_volumes(ctx))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        spool = tempfile.TemporaryDirectory(prefix=".evidencekit-", dir=out.parent)
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
            _spool_originals(ctx)
        fit = None  # standard: the rules in imaging's docstring
        if profile.no_downscale:
            fit = Fit(dpi=None)
        elif profile.max_dpi:  # e.g. standard with max_dpi = 300: "downscaled for A4"
            fit = Fit(dpi=profile.max_dpi)
        images = prepare_all(ctx, exhibit_order(result.items), lambda it: fit)
        plan = [(ctx.chosen, images, assemble(ctx, ctx.chosen, images, None))]
        return write_volumes(ctx, out, plan)


def _spool_originals(ctx: BuildContext) -> None:
    """Attach originals by reference. Nothing is read here: splice.write copies each file into
    the PDF, checks it against the audit's SHA-256 as it goes (a file edited since the audit
    stops the build) and patches its MD5 into the ``/CheckSum`` placeholder."""
    from evidencekit.dossier.splice import token

    for it in ctx.result.items:
        if not it.sha256:
            continue  # unreadable at audit time: nothing to attach (the audit says why)
        path = _file_path(ctx.case_dir, it.path)
        try:
            size = path.stat().st_size
        except OSError:
            continue
        key = it.sha256[:32]
        ctx.originals[it.path] = token(key)
        ctx.sources[key] = path
        ctx.expect[key] = it.sha256
        ctx.att_meta[it.path] = (size, bytes.fromhex(key))  # MD5 placeholder, see splice


def prepare_all(
    ctx: BuildContext, items: list[EvidenceItem], fit_for: Callable[[EvidenceItem], Fit | None]
) -> dict[str, PreparedImage]:
    """Prepare every exhibit image; fills ``ctx.chosen`` and ``ctx.numbers`` on first use."""
    from evidencekit.dossier.imagecache import (
        PrepJob,
        SourceChanged,
        default_cache_dir,
        prepare_many,
    )

    out = (
        Path(ctx.options.output) if ctx.options.output else default_output(ctx.result, ctx.case_dir)
    )
    jobs = [
        PrepJob(
            it.path,
            str(_file_path(ctx.case_dir, it.path)),
            it.sha256,
            ctx.options.keep_metadata or ctx.profile.untouched,
            fit_for(it),
            ctx.result.case.redactions(it.path),
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
        ctx.numbers = {it.path: f"E-{n:02d}" for n, it in enumerate(ctx.chosen, 1)}
    return images


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
                check_output(tmp, asm.pages, list(asm.attachment_names))
                size = tmp.stat().st_size
        except PermissionError as exc:
            raise OutputError(
                f"cannot write {target}: {exc.strerror}", "choose a writable folder with -o"
            ) from None
        except splice.SourceChanged as exc:
            raise OutputError(
                f"{_case_name(ctx, exc.path)} changed while the dossier was being built "
                "(its SHA-256 is not the audit's); nothing was written",
                "run the build again; do not edit the case while it builds",
            ) from None
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
    )


def _read(case_dir: Path, it: EvidenceItem) -> bytes:
    path = _file_path(case_dir, it.path)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if it.sha256 and digest != it.sha256:
        raise OutputError(
            f"{it.path} changed since the audit (SHA-256 differs)",
            "run the build again so the audit and the dossier see the same file",
        )
    return data
