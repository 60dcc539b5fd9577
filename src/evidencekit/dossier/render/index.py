"""4. Exhibit list (证据目录): 序号, 证据名称, 证据来源, 证明目的（证明对象）, 页码, then the
submitter, the date of submission and a line to sign or seal on (证据规定 Art. 19).

The number and the name link to the exhibit's page (named destination ``ex-e-01`` ...).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from evidencekit.dossier import pagegeom as g
from evidencekit.dossier.render import styles as st
from evidencekit.dossier.render.facts import capture_fact
from evidencekit.dossier.render.i18n import t
from evidencekit.dossier.render.model import DossierSpec, Layout
from evidencekit.dossier.render.sources import (
    default_purpose,
    evidence_source,
    source_device,
    source_kind,
)
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import Anchor, LateText
from evidencekit.dossier.render.text import Glyphs
from evidencekit.models import EvidenceItem


def capture_text(it: EvidenceItem, lang: str, timezone: str) -> tuple[str, str]:
    """(time with offset, how it is known, stated as a fact) for tables and boxes:
    ``("2025-12-15 17:02:11 +08:00", "照片EXIF原始拍摄时间，含时区")``."""
    when, basis = capture_fact(it, lang, timezone)
    return (t(lang, "unknown") if it.capture.local is None else when), basis


LINK = colors.HexColor("#0b4f9c")

COLUMNS = ("ix_no", "ix_name", "ix_source", "ix_purpose", "ix_page")
"""证据目录 columns in the form reviewers and courts expect (证据规定 Art. 19: source,
what it proves, content): 序号, 证据名称, 证据来源, 证明目的（证明对象）, 页码."""


def purpose_of(spec: DossierSpec, it: EvidenceItem) -> str:
    """证明目的: ``[[file]] purpose`` (``purpose_en`` in English), else the category default."""
    f = spec.result.case.file(it.path)
    if f is not None:
        if spec.lang == "en" and f.purpose_en.strip():
            return f.purpose_en.strip()
        if f.purpose:
            return f.purpose
    return default_purpose(spec.lang, it.source.category.value)


def index_rows(spec: DossierSpec) -> list[tuple[str, ...]]:
    """The list as plain text rows (header first; group headings as one-cell rows): what the
    table prints, for the golden test and for anyone who wants the list as text."""
    lang, case = spec.lang, spec.result.case
    rows: list[tuple[str, ...]] = [tuple(t(lang, k) for k in COLUMNS)]
    last_group = ""
    for ex in spec.exhibits:
        it = ex.item
        f = case.file(it.path)
        group = f.group if f else ""
        if group and group != last_group:
            rows.append((t(lang, "ix_group", n=ex.number.split("-")[0], name=group),))
        last_group = group
        when, _ = capture_text(it, lang, case.timezone)
        name = it.caption or it.path.rsplit("/", 1)[-1]
        # Only a time the file itself vouches for (EXIF, GPS, screenshot name...); a weak one
        # (file modification time) is stated with its source on the exhibit's page instead.
        sure = it.capture.local is not None and it.capture.confidence.rank >= 2
        kind = "ix_shot" if it.source.media_type == "image/png" else "ix_taken"
        taken = f"{t(lang, kind)} {when}" if sure else ""
        rows.append(
            (
                ex.number,
                "\n".join(x for x in (name, it.path, taken) if x),
                evidence_source(
                    lang,
                    case.platform,
                    it.source.category.value,
                    source_kind(it),
                    source_device(it, named=False),
                ),
                purpose_of(spec, it),
                ex.dest,
            )
        )
    return rows


def submitter_lines(spec: DossierSpec) -> list[tuple[str, str]]:
    """After the list: 提交人, 提交日期 (the dossier date in the case's time zone), and the
    line to sign or seal on (证据规定 Art. 19; 民事诉讼法 Art. 124)."""
    lang = spec.lang
    return [
        (t(lang, "ix_submitter"), spec.result.case.buyer or ""),
        (t(lang, "ix_submitted"), spec.date_text()),
        (t(lang, "ix_sign"), ""),
    ]


def index(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    lang = spec.lang
    data = index_rows(spec)
    rows: list[list[Flowable | str]] = [[Paragraph(gl.para(h), s.cell_bold) for h in data[0]]]
    spans: list[tuple[Any, ...]] = []
    by_dest = {ex.dest: ex for ex in spec.exhibits}
    for row in data[1:]:
        if len(row) == 1:  # a group heading across the table
            spans.append(("SPAN", (0, len(rows)), (-1, len(rows))))
            rows.append([Paragraph(gl.para(row[0]), s.cell_bold), "", "", "", ""])
            continue
        number, name, source, purpose, dest = row
        ex = by_dest[dest]
        first, *rest = name.split("\n")

        def link(html: str, dest: str = dest) -> str:
            return f'<a href="#{dest}" color="#0b4f9c">{html}</a>'

        muted = "".join(f"<br/><font color='#555555' size='8.5'>{gl.para(x)}</font>" for x in rest)
        rows.append(
            [
                Paragraph(link(f"<b>{gl.para(number)}</b>"), s.cell),
                Paragraph(link(gl.para(first)) + muted, s.cell),
                Paragraph(gl.para(source), s.cell),
                Paragraph(gl.para(purpose), s.cell),
                LateText(ex.dest, s.cell, link=ex.dest, color=LINK),  # filled in at the end
            ]
        )
    widths = [14 * mm, 0.0, 38 * mm, 44 * mm, 14 * mm]
    widths[1] = g.FRAME_W - sum(widths)
    # splitInRow: a row taller than the page (a long caption or path) continues on the next
    # page instead of stopping the build with a LayoutError (issue 19).
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
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
                *spans,
            ]
        )
    )
    sign = Table(
        [
            [Paragraph(gl.para(k), s.cell_bold), Paragraph(gl.para(v), s.cell)]
            for k, v in submitter_lines(spec)
        ],
        colWidths=[42 * mm, 70 * mm],
        hAlign="RIGHT",
    )
    sign.setStyle(
        TableStyle(
            [
                *st.TABLE_FONT,
                ("LINEBELOW", (1, 0), (1, -1), 0.5, st.INK),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, -1), (-1, -1), 24),  # room to sign
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [
        PageBreak(),
        Anchor("index", t(lang, "s_index"), 0, layout),
        Paragraph(gl.para(t(lang, "s_index")), s.h1),
        Paragraph(gl.para(t(lang, "ix_intro")), s.muted),
        table,
        KeepTogether(
            [
                Spacer(1, 10 * mm),
                sign,
                Spacer(1, 4 * mm),
                Paragraph(gl.para(t(lang, "ix_sign_note")), s.muted),
            ]
        ),
    ]
