"""build_dossier: audit result -> numbered, fingerprinted, verifiable PDF dossier.

Stages (each a plain function): choose exhibits -> prepare images -> manifest (fingerprint)
-> render (two passes) -> post-process (attachments, info, /ID) -> atomic write -> re-open check.

Exhibit order: the audit's item order is the scan's stable path order; the dossier instead
groups exhibits the way a reader argues a claim (证据规定 Art. 19 asks for classification):
category (product, listing, chat, parcel, other), then capture time (items without a time
last), then path. Numbering is therefore stable for the same folder content.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from evidencekit import __version__, pagegeom
from evidencekit import manifest as mf
from evidencekit._io import atomic_output
from evidencekit.errors import OutputError
from evidencekit.imaging import ImageError, PreparedImage, prepare_image
from evidencekit.models import AuditResult, Category, EvidenceItem, ExifState
from evidencekit.options import BuildOptions, source_date
from evidencekit.postprocess import Attachment, DocInfo, check_output, finalize, read_dossier
from evidencekit.render import DossierSpec, render_dossier
from evidencekit.render.i18n import t
from evidencekit.render.model import Exhibit

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


def build_dossier(result: AuditResult, case_dir: Path, options: BuildOptions) -> BuildReport:
    case_dir = Path(case_dir)
    out = Path(options.output) if options.output else default_output(result, case_dir)
    _check_target(out, options.force)
    lang = options.lang or result.case.language or "zh"
    lang = lang if lang in ("zh", "en") else "zh"
    date = source_date()

    originals: dict[str, bytes] = {}
    images: dict[str, PreparedImage] = {}
    not_embedded: dict[str, str] = {}
    for it in result.items:
        if not it.source.is_image:
            not_embedded[it.path] = "why_not_image"
        elif it.meta.exif_state == ExifState.UNREADABLE:
            not_embedded[it.path] = "why_unreadable"
        elif it.meta.too_many_pixels:
            not_embedded[it.path] = "why_too_big"
    chosen = exhibit_order(result.items)
    for it in chosen:
        data = _read(case_dir, it)
        originals[it.path] = data
        try:
            images[it.path] = prepare_image(data, keep_metadata=options.keep_metadata)
        except ImageError:
            not_embedded[it.path] = "why_failed"
    chosen = [it for it in chosen if it.path in images]
    numbers = {it.path: f"E-{n:02d}" for n, it in enumerate(chosen, 1)}
    if options.attach_originals:
        for it in result.items:
            if it.path not in originals:
                originals[it.path] = _read(case_dir, it)

    case_file = None
    toml = case_dir / CASE_FILE
    if toml.is_file():
        raw = toml.read_bytes()
        case_file = {"path": CASE_FILE, "sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw)}
    manifest = mf.build_manifest(
        result,
        version=__version__,
        created=date,
        lang=lang,
        exhibits=numbers,
        images=images,
        not_embedded=not_embedded,
        attach_originals=options.attach_originals,
        case_file=case_file,
    )
    fp = manifest["fingerprint"]
    case = result.case
    title = case.title or t(lang, "title")
    order_label = case.order_id or result.root_name or case_dir.name
    exhibits = tuple(
        Exhibit(
            numbers[it.path], it, images[it.path], pagegeom.place(*images[it.path].upright_size)
        )
        for it in chosen
    )
    spec = DossierSpec(
        result=result,
        lang=lang,
        date=date,
        fingerprint=fp,
        manifest=manifest,
        exhibits=exhibits,
        version=__version__,
        attach_originals=options.attach_originals,
        title=title,
        order_label=order_label,
    )
    rendered = render_dossier(spec)

    attachments = [
        Attachment(
            mf.ATTACHMENT_NAME,
            mf.dump(manifest),
            "application/json",
            "evidencekit manifest",
            "Data",
        )
    ]
    if options.attach_originals:
        for it in result.items:
            attachments.append(
                Attachment(
                    it.path,
                    originals[it.path],
                    it.source.media_type,
                    f"{numbers.get(it.path, '')} SHA-256 {it.sha256}".strip(),
                )
            )
    keywords = ", ".join(x for x in (case.order_id, case.platform, "evidencekit", fp) if x)
    info = DocInfo(
        title=title,
        subject=f"{t(lang, 'order')} {order_label}",
        keywords=keywords,
        creator=f"evidencekit {__version__}",
        date=date,
    )
    pdf = finalize(rendered.pdf, attachments, info)
    try:
        with atomic_output(out) as tmp:
            tmp.write_bytes(pdf)
            check_output(tmp, rendered.pages, [a.name for a in attachments])
    except PermissionError as exc:
        raise OutputError(
            f"cannot write {out}: {exc.strerror}", "choose a writable folder with -o"
        ) from None
    return BuildReport(
        output=out,
        pages=rendered.pages,
        exhibits=len(exhibits),
        fingerprint=fp,
        size=len(pdf),
        missing_glyphs=rendered.missing_glyphs,
        not_embedded=tuple(sorted(not_embedded)),
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
