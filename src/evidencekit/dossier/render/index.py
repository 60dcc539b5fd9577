"""4. Exhibit index (证据目录): number, category, caption, capture time and source, page.

Every cell of a row links to the exhibit's page (named destination ``ex-e-01`` ...).
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from evidencekit.dossier import pagegeom as g
from evidencekit.dossier.render import styles as st
from evidencekit.dossier.render.i18n import label, source_label, t
from evidencekit.dossier.render.model import DossierSpec, Layout
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import Anchor, LateText
from evidencekit.dossier.render.text import Glyphs
from evidencekit.models import CaptureTime


def capture_text(cap: CaptureTime, lang: str) -> tuple[str, str]:
    """(time with offset, "source · confidence") for tables and boxes."""
    if cap.local is None:
        when = t(lang, "unknown")
    else:
        when = cap.local.strftime("%Y-%m-%d %H:%M:%S")
        if cap.offset_minutes is not None:
            o = cap.offset_minutes
            when += f" {'+' if o >= 0 else '-'}{abs(o) // 60:02d}:{abs(o) % 60:02d}"
    src = f"{source_label(lang, cap.source)} · {t(lang, 'confidence')} "
    src += label(lang, "confidence", cap.confidence.value)
    if cap.offset_assumed:
        src += f" · {t(lang, 'offset_assumed')}"
    return when, src


LINK = colors.HexColor("#0b4f9c")


def index(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    lang = spec.lang
    head = [
        Paragraph(gl.para(t(lang, k)), s.cell_bold)
        for k in ("ix_no", "ix_cat", "ix_caption", "ix_time", "ix_page")
    ]
    rows: list[list[Flowable]] = [head]
    for ex in spec.exhibits:
        it = ex.item
        when, src = capture_text(it.capture, lang)

        def link(html: str, dest: str = ex.dest) -> str:
            return f'<a href="#{dest}" color="#0b4f9c">{html}</a>'

        caption = gl.para(it.caption) if it.caption else gl.para(t(lang, "no_caption"))
        rows.append(
            [
                Paragraph(link(f"<b>{ex.number}</b>"), s.cell),
                Paragraph(link(gl.para(label(lang, "category", it.source.category.value))), s.cell),
                Paragraph(
                    link(caption) + f"<br/><font color='#555555'>{gl.para(it.path)}</font>",
                    s.cell,
                ),
                Paragraph(
                    gl.para(when) + f"<br/><font color='#555555'>{gl.para(src)}</font>", s.cell
                ),
                LateText(ex.dest, s.cell, link=ex.dest, color=LINK),  # filled in at the end
            ]
        )
    widths = [16 * mm, 22 * mm, 0.0, 50 * mm, 13 * mm]
    widths[2] = g.FRAME_W - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                *st.TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, st.INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, st.RULE),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, st.PALE]),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [
        PageBreak(),
        Anchor("index", t(lang, "s_index"), 0, layout),
        Paragraph(gl.para(t(lang, "s_index")), s.h1),
        Paragraph(gl.para(t(lang, "ix_intro")), s.muted),
        table,
    ]
