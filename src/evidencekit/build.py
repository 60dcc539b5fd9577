"""build_dossier: audit result -> numbered, fingerprinted, verifiable PDF dossier.

Stages (each a plain function): choose exhibits -> prepare images -> manifest (fingerprint)
-> render (two passes) -> post-process (attachments, info, /ID) -> atomic write -> re-open check.

Exhibit order: the audit's item order is the scan's stable path order; the dossier instead
groups exhibits the way a reader argues a claim (证据规定 Art. 19 asks for classification):
category (product, listing, chat, parcel, other), then capture time (items without a time
last), then path. Numbering is therefore stable for the same folder content.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from evidencekit import __version__, pagegeom, splice
from evidencekit import manifest as mf
from evidencekit._io import atomic_output
from evidencekit.errors import OutputError
from evidencekit.imaging import Fit, PreparedImage
from evidencekit.models import AuditResult, Category, EvidenceItem, ExifState
from evidencekit.options import BuildOptions, source_date
from evidencekit.postprocess import Attachment, DocInfo, check_output, finalize, read_dossier
from evidencekit.profiles import Profile, get_profile
from evidencekit.render import DossierSpec, render_dossier
from evidencekit.render.i18n import t
from evidencekit.render.model import Exhibit, Layout
from evidencekit.render.textlayer import exhibit_text

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


SCREEN_CATEGORIES = (Category.CHAT, Category.LISTING)


def is_screen(it: EvidenceItem) -> bool:
    """A screenshot: kept legible when fitting, printed in columns by the compact layout."""
    return it.source.category in SCREEN_CATEGORIES or it.source.media_type == "image/png"


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


@dataclass
class BuildContext:
    """Everything decided once per build, shared by every volume and fitting attempt."""

    result: AuditResult
    case_dir: Path
    options: BuildOptions
    profile: Profile
    lang: str
    date: datetime
    chosen: list[EvidenceItem]
    """Exhibits in dossier order (only those that could be prepared)."""
    numbers: dict[str, str]
    originals: dict[str, bytes]
    not_embedded: dict[str, str]
    case_file: dict[str, Any] | None
    attach: bool
    spool: bool = False
    """Unlimited profiles: image and attachment data stay in files and are spliced into the
    written PDF (splice.py), so memory does not grow with the case."""
    cache: Path | None = None
    sources: dict[str, Path] = dataclasses.field(default_factory=dict)
    """Splice placeholder key -> file holding the real stream."""
    att_meta: dict[str, tuple[int, bytes]] = dataclasses.field(default_factory=dict)
    expect: dict[str, str] = dataclasses.field(default_factory=dict)
    """Splice key -> SHA-256 its file must have (checked while it is copied)."""
    """Attached original path -> (size, MD5), when its data is a placeholder."""


@dataclass(frozen=True)
class Assembled:
    """One volume rendered and post-processed in memory (not yet written)."""

    pdf: bytes
    pages: int
    fingerprint: str
    dest_page: dict[str, int]
    attachment_names: tuple[str, ...]
    missing_glyphs: tuple[str, ...]


def build_dossier(result: AuditResult, case_dir: Path, options: BuildOptions) -> BuildReport:
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
        not_embedded, case_file, attach,
    )  # fmt: skip
    if profile.limited:
        # Upload-limited outputs are small by definition; fitting measures them in memory.
        if attach:
            for it in result.items:
                originals[it.path] = _read(case_dir, it)
        from evidencekit.fitting import fit_volumes

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
        from evidencekit.imagecache import default_cache_dir

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
    from evidencekit.splice import token

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
    from evidencekit.imagecache import PrepJob, SourceChanged, default_cache_dir, prepare_many

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
    try:
        prepared = prepare_many(
            jobs, cache, ctx.options.audit.jobs, ctx.spool and cache is not None
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


def exhibits_of(
    ctx: BuildContext, group: list[EvidenceItem], images: dict[str, PreparedImage]
) -> tuple[Exhibit, ...]:
    """What the renderer is given for each exhibit of a volume."""
    return tuple(
        Exhibit(
            ctx.numbers[it.path],
            it,
            images[it.path],
            pagegeom.place(*images[it.path].upright_size),
            is_screen(it),
            exhibit_text(
                ctx.result.pixels.get(it.path),
                images[it.path].upright_size,
                ctx.result.case.redactions(it.path),
            ),
        )
        for it in group
    )


def assemble(
    ctx: BuildContext,
    group: list[EvidenceItem],
    images: dict[str, PreparedImage],
    volume: tuple[int, int, list[str]] | None,
    hint: Assembled | None = None,
    trial: bool = False,
) -> Assembled:
    """Manifest, render and post-process one volume (``group`` of exhibits) in memory.

    ``volume`` is (n, of, paths held by the other volumes); None for a single file. A volume
    lists its own exhibits and, in volume 1, the files that are not exhibits. ``hint``: an
    earlier render of the same exhibits (its page layout saves a render pass); ``trial``:
    one render pass only, to measure pages and bytes.
    """
    result, lang = ctx.result, ctx.lang
    paths = {it.path for it in group}
    if volume is None or volume[0] == 1:
        paths |= {it.path for it in result.items if it.path not in ctx.numbers}
    sub = dataclasses.replace(result, items=tuple(it for it in result.items if it.path in paths))
    manifest = mf.build_manifest(
        sub,
        version=__version__,
        created=ctx.date,
        lang=lang,
        exhibits={p: n for p, n in ctx.numbers.items() if p in paths},
        images={p: im for p, im in images.items() if p in paths},
        not_embedded=ctx.not_embedded,
        attach_originals=ctx.attach,
        case_file=ctx.case_file,
    )
    if ctx.profile.key != "standard" or volume is not None:
        manifest["profile"] = {"name": ctx.profile.key, "limits": ctx.profile.limits_text()}
        if volume is not None:
            n, of, elsewhere = volume
            manifest["volume"] = {"n": n, "of": of, "elsewhere": sorted(elsewhere)}
        manifest["fingerprint"] = mf.fingerprint(manifest)
    fp = manifest["fingerprint"]
    case = result.case
    title = case.title or t(lang, "title")
    order_label = case.order_id or result.root_name or ctx.case_dir.name
    exhibits = exhibits_of(ctx, group, images)
    spec = DossierSpec(
        result=sub,
        lang=lang,
        date=ctx.date,
        fingerprint=fp,
        manifest=manifest,
        exhibits=exhibits,
        version=__version__,
        attach_originals=ctx.attach,
        title=title,
        order_label=order_label,
        volume=(volume[0], volume[1]) if volume else None,
        profile=ctx.profile.key if ctx.profile.key != "standard" else "",
        layout=ctx.profile.layout,
        show_location=ctx.options.show_location,
        letter=_letter(ctx, sub),
        deadlines=_deadlines(ctx),
    )
    known = Layout(hint.pages, dict(hint.dest_page)) if hint else None
    rendered = render_dossier(spec, known, trial)
    attachments = [
        Attachment(
            mf.ATTACHMENT_NAME,
            mf.dump(manifest),
            "application/json",
            "evidencekit manifest",
            "Data",
        )
    ]
    if ctx.attach:
        for it in sub.items:
            if it.path in images and images[it.path].transform == "redacted":
                continue  # attaching the original would undo the redaction
            if it.path not in ctx.originals:
                continue  # unreadable: the audit and the appendix say so
            attachments.append(
                Attachment(
                    it.path,
                    ctx.originals[it.path],
                    it.source.media_type,
                    f"{ctx.numbers.get(it.path, '')} SHA-256 {it.sha256}".strip(),
                    size=ctx.att_meta[it.path][0] if it.path in ctx.att_meta else None,
                    md5=ctx.att_meta[it.path][1] if it.path in ctx.att_meta else None,
                )
            )
    keywords = ", ".join(x for x in (case.order_id, case.platform, "evidencekit", fp) if x)
    info = DocInfo(
        title=title,
        subject=f"{t(lang, 'order')} {order_label}",
        keywords=keywords,
        creator=f"evidencekit {__version__}",
        date=ctx.date,
    )
    pdf = finalize(rendered.pdf, attachments, info)
    return Assembled(
        pdf,
        rendered.pages,
        fp,
        rendered.dest_page,
        tuple(a.name for a in attachments),
        rendered.missing_glyphs,
    )


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
                with open(tmp, "wb") as f:
                    # placeholders -> file contents, each checked against its SHA-256
                    splice.write(asm.pdf, ctx.sources, f, ctx.expect)
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


def _letter(ctx: BuildContext, sub: AuditResult) -> str:
    """The seller letter (issue: ``build`` includes it after the statement)."""
    from evidencekit.letter import letter_texts

    if not ctx.result.case.has_file:
        return ""
    findings = ctx.result.all_findings()
    text = letter_texts(
        ctx.result.case, ctx.result.items, findings, ctx.numbers, "seller", ctx.lang, ctx.date
    )
    return text.body


def _deadlines(ctx: BuildContext) -> tuple[str, ...]:
    from evidencekit.api import deadlines_for

    return tuple(d.describe(ctx.date, ctx.lang) for d in deadlines_for(ctx.result, ctx.date))


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
