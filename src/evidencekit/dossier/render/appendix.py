"""7. Integrity appendix: every file's SHA-256, what was done to it, how to check."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from evidencekit.dossier.render.describe import embedding, human_size
from evidencekit.dossier.render.facts import REDACTED
from evidencekit.dossier.render.i18n import t
from evidencekit.dossier.render.model import DossierSpec, Layout
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import Anchor
from evidencekit.dossier.render.text import Glyphs


def appendix(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    lang, p = spec.lang, gl.para
    colon = "：" if lang == "zh" else ": "
    out: list[Flowable] = [
        PageBreak(),
        Anchor("appendix", t(lang, "s_appendix"), 0, layout),
        Paragraph(p(t(lang, "s_appendix")), s.h1),
        Paragraph(p(t(lang, "ap_intro")), s.muted),
        Spacer(1, 4),
    ]
    for f in ordered_files(spec):
        num = f.get("exhibit") or "—"
        head = (
            f"<b>{num}</b>  {p(f['path'])}  <font color='#555555'>({human_size(f['size'])})</font>"
        )
        if f.get("exhibit"):
            head = f'<a href="#ex-{num.lower()}" color="#0b4f9c">{head}</a>'
        if spec.layout == "compact":  # two lines a file
            how = f"<font color='#555555'>{p(embedding(f, lang))}{p(redacted(f, lang))}</font>"
            out.append(Paragraph(f"{head} · {how}<br/>SHA-256 {f['sha256']}", s.cell))
            out.append(Spacer(1, 3))
            continue
        out.append(
            KeepTogether(
                [
                    Paragraph(head, s.small),
                    Paragraph(f"SHA-256 {f['sha256']}", s.small),
                    Paragraph(
                        f"<font color='#555555'>{p(t(lang, 'ap_embedding'))}{colon}"
                        f"{p(embedding(f, lang))}{p(redacted(f, lang))}</font>",
                        s.small,
                    ),
                    Spacer(1, 6),
                ]
            )
        )
    if any(ex.credentials for ex in spec.exhibits):
        out.append(Paragraph(p(t(lang, "ap_c2pa")), s.body))
    # Said of what is attached, not of what was asked: redacted originals never are, and
    # verify's rebuild (which attaches what the manifest lists) must print the same sentence.
    any_original = any(a.relationship == "Source" for a in spec.attachments)
    attached = t(lang, "ap_attached" if any_original else "ap_not_attached")
    videos_out = [f["path"] for f in spec.manifest["files"] if f.get("not_attached")]
    if videos_out:
        sep = "、" if lang == "zh" else ", "
        limits = spec.manifest.get("profile", {}).get("limits", "")
        attached += " " + t(lang, "ap_video_limit", files=sep.join(videos_out), limits=limits)
    name = spec.file_name or f"{spec.order_label}-evidence.pdf"
    files = ordered_files(spec)
    example = files[0]["path"] if files else "product/photo.jpg"
    out += [
        Paragraph(p(attached), s.body),
        Paragraph(p(t(lang, "ap_howto")), s.h2),
        Paragraph(p(t(lang, "ap_howto_text")), s.body),
        Paragraph(p(f'Linux:   sha256sum "{example}"'), s.code),
        Paragraph(p(f'macOS:   shasum -a 256 "{example}"'), s.code),
        Paragraph(p(f'Windows: certutil -hashfile "{example}" SHA256'), s.code),
        Paragraph(p(t(lang, "ap_verify")), s.h2),
        Paragraph(p(t(lang, "ap_verify_text")), s.body),
        Paragraph(p(f'evidencekit verify "{name}" --case "{spec.result.root_name}"'), s.code),
        Paragraph(p(t(lang, "ap_manifest")), s.body),
    ]
    return out


def ordered_files(spec: DossierSpec) -> list[dict[str, Any]]:
    """The manifest's files in exhibit order (E-01, E-02 … or 1-1, 1-2 …), then the files that
    are not exhibits by path (issue 20: the appendix follows the exhibit numbers)."""
    order = {ex.item.path: i for i, ex in enumerate(spec.exhibits)}
    files = list(spec.manifest["files"])
    return sorted(files, key=lambda f: (order.get(f["path"], len(order)), f["path"]))


def redacted(entry: dict[str, Any], lang: str) -> str:
    emb = entry.get("embedded") or {}
    if emb.get("transform") != "redacted":
        return ""
    return ("；" if lang == "zh" else "; ") + REDACTED.get(lang, REDACTED["zh"])
