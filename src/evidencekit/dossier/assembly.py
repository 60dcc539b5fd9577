"""Assembly of one dossier volume: manifest -> render -> post-process, all in memory.

Split from build.py (which chooses, prepares and writes): ``assemble`` is what fitting calls
again and again while it searches for settings that meet a profile's limits, so it must not
touch the disk. ``BuildContext`` carries what was decided once per build.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from evidencekit import __version__
from evidencekit.dossier import manifest as mf
from evidencekit.dossier import pagegeom
from evidencekit.dossier.imaging import PreparedImage
from evidencekit.dossier.render import DossierSpec, render_dossier
from evidencekit.dossier.render.i18n import t
from evidencekit.dossier.render.model import Attachment, DocInfo, Exhibit
from evidencekit.dossier.render.textlayer import exhibit_text
from evidencekit.dossier.selection import default_output
from evidencekit.models import AuditResult, Case, Category, EvidenceItem
from evidencekit.options import BuildOptions
from evidencekit.progress import RENDERING, Progress, stage
from evidencekit.rules.profiles import Profile

LetterFn = Callable[[AuditResult, Mapping[str, str], str, datetime], str]
"""(audit result, exhibit numbers, language, date) -> the seller letter's text."""

SCREEN_CATEGORIES = (Category.CHAT, Category.LISTING)


def is_screen(it: EvidenceItem) -> bool:
    """A screenshot: kept legible when fitting, printed in columns by the compact layout."""
    return it.source.category in SCREEN_CATEGORIES or it.source.media_type == "image/png"


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
    """Attached original path -> (size, MD5 or the splice /CheckSum placeholder)."""
    expect: dict[str, str] = dataclasses.field(default_factory=dict)
    """Splice key -> SHA-256 its file must have (checked while it is copied)."""
    not_attached: dict[str, str] = dataclasses.field(default_factory=dict)
    """Path -> why an original is not attached although originals are (a video under a
    profile's size limit)."""
    progress: Progress | None = None
    """Told the stages and counts of the build (progress.py); None: nobody is watching."""
    letter: LetterFn | None = None
    """Writes the seller letter printed after the statement (``outputs.letter``, given by the
    face so the build never imports an output); None: no letter page."""


@dataclass(frozen=True)
class Assembled:
    """One volume rendered and post-processed in memory (not yet written)."""

    pdf: bytes
    pages: int
    fingerprint: str
    dest_page: dict[str, int]
    attachment_names: tuple[str, ...]
    missing_glyphs: tuple[str, ...]


def localized(result: AuditResult, lang: str) -> AuditResult:
    """What the renderer prints in ``lang``: the English texts of case.toml (``statement_en``,
    ``caption_en``, ``note_en``) for an English dossier when given, and never the ``init``
    placeholder statement. The manifest keeps the originals."""
    case = result.case
    case = dataclasses.replace(
        case,
        statement=case.statement_in(lang),
        events=tuple(dataclasses.replace(e, note=e.note_in(lang)) for e in case.events),
    )
    items = tuple(localized_item(case, it, lang) for it in result.items)
    return dataclasses.replace(result, case=case, items=items)


def localized_item(case: Case, it: EvidenceItem, lang: str) -> EvidenceItem:
    f = case.file(it.path)
    if lang == "en" and f is not None and f.caption_en.strip():
        return dataclasses.replace(it, caption=f.caption_en.strip())
    return it


def _file_name(ctx: BuildContext, volume: tuple[int, int, list[str]] | None) -> str:
    """The dossier's default file name (build.volume_path's rule for volumes), for the verify
    command. Not ``-o``: the same case gives the same bytes wherever it is written."""
    out = default_output(ctx.result, ctx.case_dir)
    if volume is None or volume[1] == 1:
        return out.name
    return f"{out.stem}-vol{volume[0]}{out.suffix}"


def exhibits_of(
    ctx: BuildContext, group: list[EvidenceItem], images: dict[str, PreparedImage]
) -> tuple[Exhibit, ...]:
    """What the renderer is given for each exhibit of a volume."""
    return tuple(
        Exhibit(
            ctx.numbers[it.path],
            localized_item(ctx.result.case, it, ctx.lang),
            images[it.path],
            pagegeom.place(*images[it.path].upright_size),
            is_screen(it),
            exhibit_text(
                ctx.result.pixels.get(it.path),
                images[it.path].upright_size,
                ctx.result.case.redactions(it.path),
            ),
            _credentials(ctx.result, it.path),
        )
        for it in group
    )


def _credentials(result: AuditResult, path: str) -> tuple[str, str] | tuple[()]:
    prov = result.provenance.get(path)
    if prov is None or prov.grade not in ("trusted", "valid"):
        return ()
    return (prov.grade, prov.generator or prov.signer)


def assemble(
    ctx: BuildContext,
    group: list[EvidenceItem],
    images: dict[str, PreparedImage],
    volume: tuple[int, int, list[str]] | None,
) -> Assembled:
    """Manifest, render and post-process one volume (``group`` of exhibits) in memory.

    ``volume`` is (n, of, paths held by the other volumes); None for a single file. A volume
    lists its own exhibits and, in volume 1, the files that are not exhibits.
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
        not_attached=ctx.not_attached,
    )
    if ctx.options.include_findings:  # verify --case rebuilds with the same sections
        manifest["include_findings"] = True
        manifest["fingerprint"] = mf.fingerprint(manifest)
    if ctx.profile.key != "standard" or volume is not None:
        manifest["profile"] = {"name": ctx.profile.key, "limits": ctx.profile.limits_text()}
        if volume is not None:
            n, of, elsewhere = volume
            manifest["volume"] = {"n": n, "of": of, "elsewhere": sorted(elsewhere)}
        manifest["fingerprint"] = mf.fingerprint(manifest)
    fp = manifest["fingerprint"]
    case = result.case
    title = case.title or t(lang, "title")
    order_label = case.order_id or "—"  # never the folder name: "订单号 —" (issue 20)
    exhibits = exhibits_of(ctx, group, images)
    attachments = _attachments(ctx, sub, images, manifest)
    keywords = ", ".join(x for x in (case.order_id, case.platform, "evidencekit", fp) if x)
    info = DocInfo(
        title=title,
        subject=f"{t(lang, 'order')} {order_label}",
        keywords=keywords,
        creator=f"evidencekit {__version__}",
        date=ctx.date,
    )
    spec = DossierSpec(
        result=localized(sub, lang),
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
        attachments=tuple(attachments),
        info=info,
        file_name=_file_name(ctx, volume),
        include_findings=ctx.options.include_findings,
    )
    stage(ctx.progress, RENDERING)
    progress = ctx.progress
    rendered = render_dossier(spec, None if progress is None else lambda n: progress(n, 0))
    return Assembled(
        rendered.pdf,
        rendered.pages,
        fp,
        rendered.dest_page,
        tuple(a.name for a in attachments),
        rendered.missing_glyphs,
    )


def _attachments(
    ctx: BuildContext, sub: AuditResult, images: dict[str, PreparedImage], manifest: dict[str, Any]
) -> list[Attachment]:
    """The manifest, then (profiles that attach them) each original the audit could read."""
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
                    mf.attachment_name(it.path),
                    ctx.originals[it.path],
                    it.source.media_type,
                    f"{ctx.numbers.get(it.path, '')} SHA-256 {it.sha256}".strip(),
                    size=ctx.att_meta[it.path][0] if it.path in ctx.att_meta else None,
                    md5=ctx.att_meta[it.path][1] if it.path in ctx.att_meta else None,
                )
            )
    return attachments


def _letter(ctx: BuildContext, sub: AuditResult) -> str:
    """The seller letter (issue: ``build`` includes it after the statement)."""
    if ctx.letter is None or not ctx.result.case.has_file:
        return ""
    return ctx.letter(ctx.result, ctx.numbers, ctx.lang, ctx.date)


def _deadlines(ctx: BuildContext) -> tuple[str, ...]:
    """The deadlines the submission states as facts (``facts.deadline_facts``: rules that run
    in the buyer's favour, never a missed one or a countdown)."""
    from evidencekit.dossier.render.facts import deadline_facts
    from evidencekit.rules.deadlines import deadlines_for

    return deadline_facts(deadlines_for(ctx.result, ctx.date), ctx.lang)
