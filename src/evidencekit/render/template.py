"""Page template: A4 frame, running header, footer with "page N of M" and the fingerprint,
plus anchors that record page numbers (pass 1) and create bookmarks and destinations."""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from evidencekit import pagegeom as g
from evidencekit.render import styles as st
from evidencekit.render.i18n import t
from evidencekit.render.model import DossierSpec, Layout
from evidencekit.render.text import FONT, FONT_BOLD, Glyphs, fit_text


class Anchor(Flowable):
    """Zero-size marker: named destination + outline entry, page number recorded."""

    def __init__(self, dest: str, title: str, level: int, layout: Layout) -> None:
        super().__init__()
        self.dest, self.title, self.level, self.layout = dest, title, level, layout
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        c = self.canv
        c.bookmarkPage(self.dest, fit="XYZ", top=g.A4[1], left=0, zoom=0)
        c.addOutlineEntry(self.title, self.dest, level=self.level, closed=False)
        self.layout.dest_page[self.dest] = c.getPageNumber()


class DossierDoc(BaseDocTemplate):
    def __init__(self, buf: Any, spec: DossierSpec, glyphs: Glyphs, total: int) -> None:
        super().__init__(
            buf,
            pagesize=g.A4,
            leftMargin=g.MARGIN_X,
            rightMargin=g.MARGIN_X,
            topMargin=g.MARGIN_TOP,
            bottomMargin=g.MARGIN_BOTTOM,
            title=glyphs.safe(spec.title),
            author="",
            subject="",
            creator=f"evidencekit {spec.version}",
            producer=f"evidencekit {spec.version}",
            invariant=1,
            pageCompression=1,
            lang="zh-CN" if spec.lang == "zh" else "en",
            initialFontName=FONT,
            initialFontSize=10,
            initialLeading=14,
        )
        self.spec, self.glyphs, self.total = spec, glyphs, total
        frame = Frame(g.MARGIN_X, g.MARGIN_BOTTOM, g.FRAME_W, g.FRAME_H, 0, 0, 0, 0, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])

    def _decorate(self, c: Canvas, doc: Any) -> None:
        spec, lang, safe = self.spec, self.spec.lang, self.glyphs.safe
        w, h = g.A4
        top = h - g.MARGIN_TOP + 16
        c.saveState()
        c.setStrokeColor(st.RULE)
        c.setLineWidth(0.5)
        c.line(g.MARGIN_X, top - 4, w - g.MARGIN_X, top - 4)
        c.setFillColor(st.MUTED)
        c.setFont(FONT_BOLD, 8.5)
        left = safe(f"{t(lang, 'order')} {spec.order_label}")
        c.drawString(g.MARGIN_X, top, fit_text(left, g.FRAME_W * 0.55, 8.5, True))
        c.setFont(FONT, 8.5)
        right = safe(f"{t(lang, 'running')} · {spec.title}")
        c.drawRightString(w - g.MARGIN_X, top, fit_text(right, g.FRAME_W * 0.42, 8.5))
        bottom = g.MARGIN_BOTTOM - 22
        c.line(g.MARGIN_X, bottom + 11, w - g.MARGIN_X, bottom + 11)
        c.setFont(FONT, 8.5)
        page = t(lang, "page_of", n=c.getPageNumber(), m=self.total or "?")
        c.drawString(g.MARGIN_X, bottom, safe(page))
        c.setFont(FONT, 7.5)
        c.drawRightString(w - g.MARGIN_X, bottom, safe(f"{t(lang, 'fp_short')} {spec.fingerprint}"))
        c.restoreState()
