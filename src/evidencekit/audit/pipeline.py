"""The audit pipeline, in order: load case -> scan -> extract -> resolve -> check.

Each stage is a plain function over frozen values; this module only knows their order.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from zoneinfo import ZoneInfo

from evidencekit._io import Source, sha256_of
from evidencekit.audit.checks import cross, items
from evidencekit.audit.checks import pixels as pixel_checks
from evidencekit.audit.checks import provenance as provenance_checks
from evidencekit.audit.checks import video as video_checks
from evidencekit.audit.metadata import read_metadata, read_metadata_decoded
from evidencekit.audit.metadata.filenames import claims_from_filename
from evidencekit.audit.pixels import PixelFacts, extract_pixels, without_redacted
from evidencekit.audit.provenance import NONE, Provenance, read_provenance
from evidencekit.audit.timestamps import mtime_claim, resolve
from evidencekit.audit.video import is_video, read_video
from evidencekit.case.load import load_case, parse_local_time
from evidencekit.case.scan import printable, scan, scan_findings
from evidencekit.errors import CaseError
from evidencekit.models import (
    AuditResult,
    Case,
    EvidenceItem,
    ExifState,
    Finding,
    ImageMeta,
    Severity,
    SourceFile,
    TimeClaim,
    is_placeholder,
)
from evidencekit.options import AuditOptions
from evidencekit.progress import READING, Progress, stage

PARALLEL_THRESHOLD = 8
"""Below this many files a process pool costs more than it saves."""


def extract_one(
    abs_path: str, media_type: str, is_image: bool, max_pixels: int, root: str | None = None
) -> tuple[str, ImageMeta]:
    """Hash and read one file. Never raises: an unreadable file becomes an UNREADABLE meta."""
    try:
        src = Source(abs_path, root)
    except OSError as exc:
        return "", _unreadable(exc)
    with src:
        digest, meta = _hashed(src, is_image)
        if meta is not None:
            return digest, meta
        return digest, read_metadata(src, media_type, max_pixels)


def _unreadable(exc: OSError) -> ImageMeta:
    return ImageMeta(ExifState.UNREADABLE, error=f"cannot read: {exc.strerror or exc}")


def _hashed(src: Source, is_image: bool) -> tuple[str, ImageMeta | None]:
    """(SHA-256, None) for an image to read; the final meta for the rest (unreadable, or not
    an image: nothing more to learn)."""
    try:
        with src.open() as f:
            digest = sha256_of(f)
    except OSError as exc:
        return "", _unreadable(exc)
    return digest, None if is_image else ImageMeta(ExifState.NONE)


Extracted = tuple[str, ImageMeta, "PixelFacts | None", Provenance]


def extract_with_pixels(
    abs_path: str,
    media_type: str,
    is_image: bool,
    max_pixels: int,
    category: str,
    hint: str,
    root: str | None = None,
) -> Extracted:
    """extract_one, then (for a decodable image) what its pixels show, and what the file says
    of its origin, in the same worker, all read from one descriptor opened once (``Source``:
    within ``root``, so a link swapped during the run cannot hand a reader another file).

    Decoding dominates the audit (the entropy-coded data of a 12 MP photo takes ~40 ms to read
    even at 1/8 scale; ExifTool reads none of it), so the metadata stage decodes once, at the
    size the pixel checks will want, and hands the image on; and both results are cached by
    content hash, so auditing the same bytes again only hashes them.
    """
    try:
        src = Source(abs_path, root)
    except OSError as exc:
        return "", _unreadable(exc), None, NONE
    with src:
        digest, meta, facts = _extract_source(src, media_type, is_image, max_pixels, category, hint)
        want_prov = digest and (is_image or media_type.startswith("video/"))
        return digest, meta, facts, read_provenance(src, media_type) if want_prov else NONE


def _extract_source(
    src: Source, media_type: str, is_image: bool, max_pixels: int, category: str, hint: str
) -> tuple[str, ImageMeta, PixelFacts | None]:
    from evidencekit.audit.metadata.stored import meta_from_json, meta_to_json
    from evidencekit.audit.ocr import available
    from evidencekit.audit.pixels import draft_side, ocr_enabled
    from evidencekit.cache import load_facts, store_facts

    if is_video(media_type):
        return _extract_video(src, media_type)
    digest, final = _hashed(src, is_image)
    if final is not None:
        return digest, final, None
    ocr = ocr_enabled() and available()
    # Barcode search and OCR cost seconds per image: remembered by content hash.
    px_key = [digest, media_type, category, hint, max_pixels, ocr]
    meta_key = [digest, media_type, max_pixels]
    facts = load_facts(px_key, PixelFacts)
    meta = load_facts(meta_key, ImageMeta, meta_from_json)
    decoded = None
    if meta is None:
        side = draft_side(category, f"{src.name} {hint}", ocr) if facts is None else 64
        meta, decoded = read_metadata_decoded(src, media_type, max_pixels, side)
        store_facts(meta_key, meta, meta_to_json)
    usable = meta.exif_state is not ExifState.UNREADABLE and not meta.too_many_pixels
    if not (usable and not meta.truncated) or meta.raw_preview:  # RAW: no pixel checks yet
        return digest, meta, None
    if facts is None:
        facts = extract_pixels(src, media_type, category, max_pixels, True, hint, decoded=decoded)
        store_facts(px_key, facts)
    return digest, meta, facts


VIDEO_FORMAT = 4  # 4: XMP claims, capture_fps
"""Bump when ``read_video``'s output for the same bytes changes (cache key)."""


def _extract_video(src: Source, media_type: str) -> tuple[str, ImageMeta, PixelFacts | None]:
    """A video's metadata and key-frame barcodes, cached by content hash like images."""
    from evidencekit.audit.metadata.stored import meta_from_json, meta_to_json
    from evidencekit.cache import load_facts, store_facts

    digest, final = _hashed(src, True)
    if final is not None:
        return digest, final, None
    key = [digest, media_type, "video", VIDEO_FORMAT]
    meta = load_facts(key, ImageMeta, meta_from_json)
    if meta is None:
        meta = read_video(src.path)  # opened inside the case by Source (links refused)
        store_facts(key, meta, meta_to_json)
    codes = tuple(dict.fromkeys((f, t) for _, f, t in meta.video.barcodes)) if meta.video else ()
    # Only found codes are compared (EK400/EK401); "no code in any frame" is the video check's.
    return digest, meta, PixelFacts(barcodes=codes, barcode_pass="fast") if codes else None


def _extract_all(
    files: list[tuple[SourceFile, str]],
    case: Case,
    options: AuditOptions,
    progress: Progress | None,
) -> list[Extracted]:
    root = str(options.case_dir)
    args = [
        (
            a,
            sf.media_type,
            sf.is_image,
            options.max_pixels,
            sf.category.value,
            _caption(case, sf.path),
            root,
        )
        for sf, a in files
    ]
    jobs = options.jobs or os.cpu_count() or 1
    results: list[Extracted] = []
    if jobs > 1 and len(args) >= PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            # map keeps input order, so the output does not depend on scheduling.
            for r in pool.map(extract_with_pixels, *zip(*args, strict=True), chunksize=1):
                results.append(r)
                if progress:
                    progress(len(results), len(args))
    else:
        for a in args:
            results.append(extract_with_pixels(*a))
            if progress:
                progress(len(results), len(args))
    return results


def _declared_claim(case: Case, path: str, tz: ZoneInfo) -> TimeClaim | None:
    setting = next((f for f in case.files if f.path == path and f.taken_at), None)
    if setting is None:
        return None
    try:
        local, off, assumed = parse_local_time(setting.taken_at, tz)
    except ValueError:
        return None
    return TimeClaim("declared", local, None if assumed else off, setting.taken_at)


def _caption(case: Case, path: str) -> str:
    return next((f.caption for f in case.files if f.path == path), "")


def build_item(
    sf: SourceFile,
    digest: str,
    meta: ImageMeta,
    case: Case,
    tz: ZoneInfo,
    options: AuditOptions,
    prov: Provenance = NONE,
) -> EvidenceItem:
    now = options.clock()
    name = sf.path.rsplit("/", 1)[-1]
    claims = list(meta.claims)
    tsa = provenance_checks.tsa_claim(prov)
    if tsa is not None:
        claims.append(tsa)
    video = meta.video is not None
    if sf.is_image or video:
        claims += claims_from_filename(name)
    if video:
        claims = video_checks.local_container_time(claims, tz)
    declared = _declared_claim(case, sf.path, tz)
    if declared:
        claims.append(declared)
    if sf.is_image or video:
        claims.append(mtime_claim(sf.mtime, tz))
    res = resolve(claims, tz, now)
    item = EvidenceItem(sf, digest, meta, res.capture, _caption(case, sf.path))
    findings = scan_findings(sf)
    if sf.is_image:
        findings += items.readability(item)
    if video:
        findings += video_checks.findings(item, res, case)
    readable = meta.exif_state is not ExifState.UNREADABLE or items.metadata_read(meta)
    if (sf.is_image or video) and readable:
        findings += items.capture_time(item, res)
        if sf.is_image:
            findings += items.edits(item)
        findings += items.privacy_and_stripping(item)
    findings += provenance_checks.findings(item, prov)
    return dataclasses.replace(item, findings=tuple(findings))


def _case_findings(case: Case, evidence: Iterable[EvidenceItem]) -> list[Finding]:
    out = list(case.warnings)
    if not case.has_file:
        out.append(
            Finding(
                "EK201",
                Severity.INFO,
                "there is no case.toml: defaults are used (platform other, time zone "
                "Asia/Shanghai, no order number, no timeline)",
                "run `evidencekit init DIR` to create one and fill in the order details",
                message_zh="没有 case.toml：使用默认设置（平台 other、时区 Asia/Shanghai、"
                "无订单号、无时间线）",
                remedy_zh="运行 `evidencekit init DIR` 创建一个，并填写订单信息",
            )
        )
    elif not case.order_id:
        out.append(
            Finding(
                "EK205",
                Severity.WARNING,
                "case.toml has no order_id: platforms and the seller match evidence by order number",
                'add order_id = "…" under [case], exactly as the order page shows it',
                message_zh="case.toml 没有填写 order_id：平台和卖家都按订单号核对证据",
                remedy_zh='在 [case] 下添加 order_id = "…"，与订单页上显示的完全一致',
            )
        )
    if case.has_file and is_placeholder(case.statement):
        out.append(
            Finding(
                "EK206",
                Severity.WARNING,
                "the statement is still the placeholder of the init template: it is left out "
                "of the dossier and the letters",
                'write what happened in statement = """…""" under [case], or delete the key',
                message_zh="陈述（statement）仍是 init 模板的占位文字：材料和函件中不会使用",
                remedy_zh='在 [case] 的 statement = """…""" 中写明经过，或删除该键',
            )
        )
    if not any(it.source.is_image or it.meta.video is not None for it in evidence):
        out.append(
            Finding(
                "EK203",
                Severity.ERROR,
                "the case folder holds no images: there is nothing to exhibit",
                "put photos and screenshots into product/, listing/, chat/ and parcel/",
                message_zh="案件文件夹里没有图片：没有可以展示的证据",
                remedy_zh="把照片和截图放进 product/、listing/、chat/ 和 parcel/ 文件夹",
            )
        )
    return out


def run_audit(options: AuditOptions, progress: Progress | None = None) -> AuditResult:
    root = options.case_dir
    if not root.is_dir():
        raise CaseError(
            f"{root} is not a folder", "give the case folder (run `evidencekit init DIR` first)"
        )
    case = load_case(root)
    tz = ZoneInfo(case.timezone)
    scanned = scan(root, case)
    stage(progress, READING)
    extracted = _extract_all(list(scanned.files), case, options, progress)
    pairs = list(zip(scanned.files, extracted, strict=True))
    prov = {sf.path: p for (sf, _), (_d, _m, _px, p) in pairs if p.present}
    built = [
        build_item(sf, digest, meta, case, tz, options, p)
        for (sf, _), (digest, meta, _px, p) in pairs
    ]
    built = cross.apply(built)
    facts = {
        sf.path: without_redacted(px, case.redactions(sf.path))
        for (sf, _), (_d, _m, px, _p) in pairs
        if px
    }
    built, pixel_case_findings = pixel_checks.apply(case, built, facts)
    case_findings = list(scanned.findings) + _case_findings(case, built) + pixel_case_findings
    case_findings += _timeline(case, built, options)
    built, case_findings = _attach_to_items(built, case_findings)
    return AuditResult(
        printable(root.resolve().name),
        case,
        tuple(built),
        tuple(case_findings),
        pixels=facts,
        provenance=prov,
    )


def _attach_to_items(
    built: list[EvidenceItem], findings: list[Finding]
) -> tuple[list[EvidenceItem], list[Finding]]:
    """Findings that name a file (timeline checks, say) belong on that file's item, so the
    exhibit page and ``items[].findings`` show them; the rest stay case-level."""
    by_path: dict[str, list[Finding]] = {}
    rest = []
    paths = {it.path for it in built}
    for f in findings:
        if f.path in paths:
            by_path.setdefault(f.path, []).append(f)
        else:
            rest.append(f)
    out = [
        dataclasses.replace(it, findings=it.findings + tuple(by_path[it.path]))
        if it.path in by_path
        else it
        for it in built
    ]
    return out, rest


def _timeline(case: Case, built: list[EvidenceItem], options: AuditOptions) -> list[Finding]:
    try:
        from evidencekit.audit.checks.timeline import timeline_findings
    except ImportError:  # pragma: no cover - module arrives with the timeline work
        return []
    return list(timeline_findings(case, built, options.clock()))
