"""1. Cover: who, what, how much, when, how many exhibits and pages, the fingerprint."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from evidencekit.dossier import pagegeom as g
from evidencekit.dossier.render import styles as st
from evidencekit.dossier.render.i18n import label, t
from evidencekit.dossier.render.model import DossierSpec, Layout
from evidencekit.dossier.render.qr import QRFlowable
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import Anchor, LateText
from evidencekit.dossier.render.text import Glyphs, claim_amount

_PAGES = "\0pages"
"""Stands for the page count, known when the document is finished (template.LateText)."""


def cover(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    lang, case = spec.lang, spec.result.case
    p = gl.para
    amount, claimed, share = claim_amount(case, lang)
    if claimed and share:
        claimed += f"（{share}）" if lang == "zh" else f" ({share})"
    # Without case.toml the claim, remedy and buyer type are defaults nobody chose: not shown.
    chosen = case.has_file
    claim = (
        f"{label(lang, 'claim', case.claim)} · {label(lang, 'refund_type', case.refund_type)}"
        if chosen
        else "—"
    )
    rows = [
        (t(lang, "platform"), label(lang, "platform", case.platform) if chosen else "—"),
        (t(lang, "order"), case.order_id or "—"),
        (t(lang, "buyer"), case.buyer or "—"),
        (t(lang, "buyer_type"), label(lang, "buyer_type", case.buyer_type) if chosen else "—"),
        (t(lang, "seller"), case.seller or "—"),
        (t(lang, "claim"), claim),
        (t(lang, "amount"), amount),
        *([(t(lang, "claimed"), claimed)] if claimed else []),
        (t(lang, "date"), spec.local_date.strftime("%Y-%m-%d")),
        (t(lang, "n_exhibits"), str(len(spec.exhibits))),
        (t(lang, "n_pages"), _PAGES),
    ]
    if spec.volume:
        # Kept here rather than in i18n.py: two strings used only on the cover.
        n, of = spec.volume
        first, last = spec.exhibits[0].number, spec.exhibits[-1].number
        text = (
            f"第 {n} 册，共 {of} 册（证据 {first}–{last}）"
            if lang == "zh"
            else f"volume {n} of {of} (exhibits {first}–{last})"
        )
        rows.append(("分册" if lang == "zh" else "Volume", text))
    if spec.profile:
        rows.append(("提交规格" if lang == "zh" else "Fitted for", spec.profile))
    table = Table(
        [
            [
                Paragraph(p(k), s.cell_bold),
                LateText("total", s.cell) if v is _PAGES else Paragraph(p(v), s.cell),
            ]
            for k, v in rows
        ],
        colWidths=[40 * mm, g.FRAME_W - 40 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                *st.TABLE_FONT,
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, st.RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    fp = spec.fingerprint
    qr = Table(
        [
            [
                QRFlowable(f"sha256:{fp}", 34 * mm),
                [
                    Paragraph(p(t(lang, "fingerprint")), s.cell_bold),
                    Spacer(1, 3),
                    Paragraph(fp[:32] + "<br/>" + fp[32:], s.cell),
                    Spacer(1, 4),
                    Paragraph(p(t(lang, "fp_note")), s.muted),
                ],
            ]
        ],
        colWidths=[40 * mm, g.FRAME_W - 40 * mm],
    )
    qr.setStyle(
        TableStyle(
            [
                *st.TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    return [
        Anchor("cover", t(lang, "s_cover"), 0, layout),
        Spacer(1, 18 * mm),
        Paragraph(p(spec.title), s.title),
        Paragraph(p(t(lang, "art19")), s.muted),
        Spacer(1, 10 * mm),
        table,
        Spacer(1, 12 * mm),
        qr,
    ]
