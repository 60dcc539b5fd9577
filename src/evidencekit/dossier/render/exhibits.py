"""5. Exhibits: one page each (tall screenshots split with overlap and "continued" marks).

The image is drawn from an XObject registered here rather than by ``canvas.drawImage``:
drawImage names images after the file path (not reproducible across temp folders) or decodes
the whole image to hash its pixels. We name the XObject after the embedded data's SHA-256 and
hand reportlab the JPEG stream unchanged (DCTDecode), so the exhibit is the camera's bytes.
EXIF orientation is applied with the current transformation matrix (ISO 32000-1 §8.3.4),
which rotates/mirrors the unit square the image is painted into; no pixel is touched.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from evidencekit.dossier import pagegeom as g
from evidencekit.dossier.imaging import PreparedImage
from evidencekit.dossier.render import styles as st
from evidencekit.dossier.render.describe import embedding, human_size, video_facts
from evidencekit.dossier.render.facts import REDACTED, fact_label, neutral
from evidencekit.dossier.render.i18n import label, t
from evidencekit.dossier.render.index import capture_text
from evidencekit.dossier.render.model import DossierSpec, Exhibit, Layout
from evidencekit.dossier.render.sources import evidence_source, source_device, source_kind
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import Anchor, mark_destination
from evidencekit.dossier.render.text import FONT, FONT_BOLD, Glyphs, fit_text
from evidencekit.dossier.render.textlayer import draw_text_layer, owned_rows
from evidencekit.rules.devices import device_name

MAX_FINDINGS_IN_BOX = 4
GAP = 16.0
MIN_IMAGE_H = 0.35 * g.FRAME_H
"""The image keeps at least this much of the first page: an info box taller than the rest
(long names, long findings) is rebuilt with shorter texts (``_BOX_LIMITS``), issue 19."""
_BOX_LIMITS = ((MAX_FINDINGS_IN_BOX, 600), (2, 240), (1, 120), (0, 80))
"""(findings shown, characters per text) tried in turn until the info box fits."""

# EXIF orientation -> matrix mapping the stored image's unit square onto the upright one
# (derived from the orientation definitions in CIPA DC-008 / TIFF 6.0 tag 274).
ORIENT_CM: dict[int, tuple[float, float, float, float, float, float]] = {
    1: (1, 0, 0, 1, 0, 0),
    2: (-1, 0, 0, 1, 1, 0),
    3: (-1, 0, 0, -1, 1, 1),
    4: (1, 0, 0, -1, 0, 1),
    5: (0, -1, -1, 0, 1, 1),
    6: (0, -1, 1, 0, 0, 1),
    7: (0, 1, 1, 0, 0, 0),
    8: (0, 1, -1, 0, 1, 0),
}


def draw_image(c: Canvas, img: PreparedImage, x: float, y: float, w: float, h: float) -> None:
    """Paint ``img`` upright into the rectangle (x, y, w, h), reusing one XObject per image."""
    name = "EK" + img.sha256[:24]
    doc = c._doc
    reg = doc.getXObjectName(name)
    if doc.idToObject.get(reg) is None:
        obj = pdfdoc.PDFImageXObject(name)
        obj.width, obj.height = img.width, img.height
        obj.bitsPerComponent = 8
        obj.colorSpace = img.color_space
        obj.streamContent = img.stream
        obj._filters = (img.filter,)
        obj.mask = None
        c._setXObjects(obj)
        doc.Reference(obj, reg)
        doc.addForm(name, obj)
    c.saveState()
    c.transform(w, 0, 0, h, x, y)
    c.transform(*ORIENT_CM.get(img.orientation, ORIENT_CM[1]))
    c._code.append(f"/{reg} Do")
    c._formsinuse.append(name)
    c.restoreState()


def _clip(text: str, limit: int) -> str:
    """``text`` with its middle elided beyond ``limit`` characters (the full text is in the
    index, the appendix and the audit report)."""
    if len(text) <= limit:
        return text
    head = (limit - 1) * 2 // 3
    return f"{text[:head]}…{text[len(text) - (limit - 1 - head) :]}"


def _info_table(
    ex: Exhibit,
    spec: DossierSpec,
    s: Styles,
    gl: Glyphs,
    limits: tuple[int, int] = _BOX_LIMITS[0],
) -> Table:
    lang, it = spec.lang, ex.item
    max_findings, limit = limits

    def p(text: str) -> str:
        return gl.para(_clip(text, limit))

    when, basis = capture_text(it, lang, spec.result.case.timezone)
    m = it.meta
    device = device_name(m.make, m.model) or t(lang, "unknown")
    if m.software:
        device += f" · {m.software}"
    if spec.show_location and m.gps and m.gps.latitude is not None and m.gps.longitude is not None:
        device += f" · GPS {m.gps.latitude:.5f}, {m.gps.longitude:.5f}"
    w, h = ex.image.upright_size
    pixels = f"{m.width or w} × {m.height or h} · {m.format or '?'} · {human_size(it.source.size)}"
    entry: dict[str, Any] = next((f for f in spec.manifest["files"] if f["path"] == it.path), {})
    case = spec.result.case
    source = evidence_source(
        lang, case.platform, it.source.category.value, source_kind(it), source_device(it)
    )
    # "拍摄时间 2025-12-15 17:02:11 +08:00（照片EXIF原始拍摄时间，含时区）": a fact and how it is known
    time_text = f"{when}（{basis}）" if lang == "zh" else f"{when} ({basis})"
    if it.capture.local is None:
        time_text = basis
    rows = [
        ("ex_file", p(it.path)),
        (fact_label(lang, "source"), p(source)),
        ("ex_time", p(time_text)),
        ("ex_device", p(device)),
        ("ex_pixels", p(pixels)),
        ("ex_sha", it.sha256),
        ("ap_embedding", p(embedding(entry, lang))),
    ]
    if m.video is not None:
        at = next(i for i, (k, _) in enumerate(rows) if k == "ex_pixels") + 1
        rows.insert(at, ("ex_video", p(video_facts(m.video, lang))))
    if ex.image.transform == "redacted":
        rows.append((fact_label(lang, "redaction"), p(REDACTED.get(lang, REDACTED["zh"]))))
    if ex.credentials:
        grade, who = ex.credentials
        rows.insert(6, ("ex_c2pa", p(t(lang, f"c2pa_{grade}", who=who))))
    if spec.include_findings:
        rows.append(("ex_findings", _findings_cell(it, lang, p, max_findings)))
    table = Table(
        [[Paragraph(p(_key(lang, k)), s.cell_bold), Paragraph(v, s.cell)] for k, v in rows],
        colWidths=[36 * mm, g.FRAME_W - 36 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                *st.TABLE_FONT,
                ("BOX", (0, 0), (-1, -1), 0.8, st.INK),
                ("BACKGROUND", (0, 0), (0, -1), st.PALE),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, st.RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _key(lang: str, key: str) -> str:
    """A row's label: an i18n key (``ex_file``) or a label already in ``lang``."""
    return t(lang, key) if key.startswith(("ex_", "ap_")) else key


def _findings_cell(it: Any, lang: str, p: Any, max_findings: int) -> str:
    """``--include-findings`` only: the notes of the automated checks, phrased neutrally."""
    fs = sorted(it.findings, key=lambda f: (-f.severity.rank, f.code))
    if not fs:
        return str(p(t(lang, "ex_no_findings")))
    lines = [
        f"<font color='{st.SEVERITY_HEX[f.severity.value]}'>"
        f"<b>{p(label(lang, 'severity', f.severity.value))}</b></font> "
        f"{f.code} {p(neutral(f.text(lang)[0], lang))}"
        for f in fs[:max_findings]
    ]
    if len(fs) > max_findings:
        lines.append(p(t(lang, "ex_more", n=len(fs) - max_findings)))
    return "<br/>".join(lines)


class ExhibitPage(Flowable):
    """One page of one exhibit; fills the whole frame."""

    def __init__(
        self,
        ex: Exhibit,
        spec: DossierSpec,
        layout: Layout,
        gl: Glyphs,
        part: int,
        parts: int,
        window: tuple[float, float],
        img_box: tuple[float, float, float, float],
        info: Table | None,
        caption: Paragraph,
    ) -> None:
        super().__init__()
        self.ex, self.spec, self.layout, self.gl = ex, spec, layout, gl
        self.part, self.parts, self.window, self.img_box = part, parts, window, img_box
        self.info, self.caption = info, caption

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return g.FRAME_W, g.FRAME_H - 1

    def draw(self) -> None:
        c, ex, lang = self.canv, self.ex, self.spec.lang
        top = g.FRAME_H - 1
        if self.part == 0:
            cap = ex.item.caption or ex.item.path
            mark_destination(c, self.layout, ex.dest, self.gl.safe(f"{ex.number} {cap}"), 1)
        # stamp
        c.saveState()
        c.setStrokeColor(st.ACCENT)
        c.setFillColor(st.ACCENT)
        c.setLineWidth(1.6)
        c.roundRect(0, top - 30, 62, 28, 3, stroke=1, fill=0)
        c.setFont(FONT_BOLD, 16)
        c.drawCentredString(31, top - 22, ex.number)
        c.setFillColor(st.MUTED)
        c.setFont(FONT, 10)
        cat = label(lang, "category", ex.item.source.category.value)
        head = f"{t(lang, 'exhibit')} {ex.number} · {cat}"
        if self.parts > 1:
            head += f" · {t(lang, 'cont_prev', i=self.part + 1, n=self.parts)}"
        c.drawString(72, top - 10, self.gl.safe(fit_text(head, g.FRAME_W - 72, 10)))
        c.restoreState()
        _, ch = self.caption.wrap(g.FRAME_W - 72, 40)
        self.caption.drawOn(c, 72, top - 14 - ch)  # fits: exhibit_pages clipped it
        # image window
        x, y, w, h = self.img_box
        off, win = self.window
        p = self.ex.placement
        c.saveState()
        path = c.beginPath()
        path.rect(x, y, w, h)
        c.clipPath(path, stroke=0, fill=0)
        draw_image(c, ex.image, x, y + h + off - p.height, p.width, p.height)
        nxt = off + win - g.SPLIT_OVERLAP if self.part < self.parts - 1 else None
        rows = owned_rows(off, nxt, g.SPLIT_OVERLAP)  # nxt: exhibit_pages' next window offset
        size = ex.image.upright_size
        draw_text_layer(c, ex.text, size, x, y + h + off - p.height, p.width, p.height, rows)
        c.restoreState()
        c.saveState()
        c.setStrokeColor(st.RULE)
        c.setLineWidth(0.5)
        c.rect(x, y, w, h, stroke=1, fill=0)
        c.setFillColor(st.ACCENT)
        c.setFont(FONT_BOLD, 10)
        if self.part > 0:
            c.setDash(3, 3)
            c.setStrokeColor(st.ACCENT)
            c.line(x - 6, y + h - g.SPLIT_OVERLAP, x, y + h - g.SPLIT_OVERLAP)
        if self.part < self.parts - 1:
            c.drawRightString(g.FRAME_W, y - 11, self.gl.safe(t(lang, "cont_next")))
        c.restoreState()
        if self.info is not None:
            self.info.drawOn(c, 0, 0)  # wrapped by exhibit_pages at this size


def exhibit_pages(
    ex: Exhibit, spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs
) -> list[Flowable]:
    """The pages of one exhibit, geometry decided up front (so page counts are stable)."""
    top_h = g.EXHIBIT_TITLE_H
    for limits in _BOX_LIMITS:
        info = _info_table(ex, spec, s, gl, limits)
        _, ih = info.wrap(g.FRAME_W, g.FRAME_H)  # drawn at this size: ExhibitPage does not re-wrap
        box_h = g.FRAME_H - 1 - top_h - ih - GAP
        if box_h >= MIN_IMAGE_H:
            break
    caption_text = _title(ex.item.caption or ex.item.path, s, gl)
    w_px, h_px = ex.image.upright_size
    place = g.place(w_px, h_px, (g.FRAME_W, box_h))
    ex = dataclasses.replace(ex, placement=place)

    def caption() -> Paragraph:
        return Paragraph(gl.para(caption_text), s.h2)

    x = (g.FRAME_W - place.width) / 2
    if not place.split:
        y = ih + GAP + box_h - place.height  # top-aligned under the caption
        box = (x, y, place.width, place.height)
        return [ExhibitPage(ex, spec, layout, gl, 0, 1, (0, place.height), box, info, caption())]
    windows: list[tuple[float, float]] = [(0.0, box_h)]
    cont_h = g.FRAME_H - 1 - g.CONT_TITLE_H - 20
    while windows[-1][0] + windows[-1][1] < place.height:
        off = windows[-1][0] + windows[-1][1] - g.SPLIT_OVERLAP
        windows.append((off, min(cont_h, place.height - off)))
    pages: list[Flowable] = []
    for i, (off, win) in enumerate(windows):
        if i == 0:
            box = (x, ih + GAP, place.width, box_h)
            pages.append(
                ExhibitPage(ex, spec, layout, gl, 0, len(windows), (off, win), box, info, caption())
            )
        else:
            top = g.FRAME_H - 1 - g.CONT_TITLE_H
            box = (x, top - win, place.width, win)
            pages.append(
                ExhibitPage(ex, spec, layout, gl, i, len(windows), (off, win), box, None, caption())
            )
    return pages


def _title(text: str, s: Styles, gl: Glyphs) -> str:
    """The caption as it fits under the exhibit stamp (two lines); longer ones are clipped
    with … (the index shows them whole). Halving, then growing: a few wraps, not one per
    character."""
    room = g.EXHIBIT_TITLE_H - 14

    def fits(n: int) -> bool:
        return Paragraph(gl.para(text[:n] + "…"), s.h2).wrap(g.FRAME_W - 72, room)[1] <= room

    if Paragraph(gl.para(text), s.h2).wrap(g.FRAME_W - 72, room)[1] <= room:
        return text
    lo, hi = 1, len(text)  # fits(lo) assumed, not fits(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return text[:lo] + "…"


def exhibits(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    """One exhibit per page (and continuation pages); the compact layout is ``compact``'s."""
    out: list[Flowable] = []
    for n, ex in enumerate(spec.exhibits):
        out.append(PageBreak())
        if n == 0:
            out.append(Anchor("exhibits", t(spec.lang, "s_exhibits"), 0, layout))
        out.extend(exhibit_pages(ex, spec, layout, s, gl))
    return out
