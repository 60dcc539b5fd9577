"""7. Integrity appendix: every file's SHA-256, what was done to it, how to check."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from evidencekit.dossier.render.describe import embedding, human_size
from evidencekit.dossier.render.i18n import t
from evidencekit.dossier.render.model import DossierSpec, Layout
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import Anchor
from evidencekit.dossier.render.text import Glyphs


def appendix(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    lang, p = spec.lang, gl.para
    out: list[Flowable] = [
        PageBreak(),
        Anchor("appendix", t(lang, "s_appendix"), 0, layout),
        Paragraph(p(t(lang, "s_appendix")), s.h1),
        Paragraph(p(t(lang, "ap_intro")), s.muted),
        Spacer(1, 4),
    ]
    for f in spec.manifest["files"]:
        num = f.get("exhibit") or "—"
        head = (
            f"<b>{num}</b>  {p(f['path'])}  <font color='#555555'>({human_size(f['size'])})</font>"
        )
        if f.get("exhibit"):
            head = f'<a href="#ex-{num.lower()}" color="#0b4f9c">{head}</a>'
        if spec.layout == "compact":  # two lines a file
            how = f"<font color='#555555'>{p(embedding(f, lang))}</font>"
            out.append(Paragraph(f"{head} · {how}<br/>SHA-256 {f['sha256']}", s.cell))
            out.append(Spacer(1, 3))
            continue
        out.append(
            KeepTogether(
                [
                    Paragraph(head, s.small),
                    Paragraph(f"SHA-256 {f['sha256']}", s.small),
                    Paragraph(
                        f"<font color='#555555'>{p(t(lang, 'ap_embedding'))}: "
                        f"{p(embedding(f, lang))}</font>",
                        s.small,
                    ),
                    Spacer(1, 6),
                ]
            )
        )
    if any(ex.credentials for ex in spec.exhibits):
        out.append(Paragraph(p(t(lang, "ap_c2pa")), s.body))
    attached = t(lang, "ap_attached" if spec.attach_originals else "ap_not_attached")
    videos_out = [f["path"] for f in spec.manifest["files"] if f.get("not_attached")]
    if videos_out:
        attached += " " + t(lang, "ap_video_limit", files="、".join(videos_out) if lang == "zh"
                            else ", ".join(videos_out), limits=spec.manifest.get("profile", {}).get(
                                "limits", ""))  # fmt: skip
    name = spec.file_name or f"{spec.order_label}-evidence.pdf"
    example = spec.manifest["files"][0]["path"] if spec.manifest["files"] else "product/photo.jpg"
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
