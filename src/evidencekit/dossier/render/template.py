"""Page template: A4 frame, running header, footer with "page N of M" and the fingerprint,
plus anchors that record page numbers and create bookmarks and destinations.

One pass: numbers that are known only when the document is finished (the page count, the page
each exhibit lands on, printed in the index) are drawn as form XObjects (ISO 32000-1 §8.10)
that every page references where the number goes, and that the document defines once, after
its last page (reportlab resolves forward references to forms when it saves).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from evidencekit.dossier import pagegeom as g
from evidencekit.dossier.render import embed
from evidencekit.dossier.render import styles as st
from evidencekit.dossier.render.i18n import t
from evidencekit.dossier.render.model import DossierSpec, Layout
from evidencekit.dossier.render.text import FONT, FONT_BOLD, Glyphs, fit_text


def mark_destination(
    c: Canvas,
    layout: Layout,
    dest: str,
    title: str,
    level: int,
    top: float = g.A4[1],
    closed: bool | None = None,
) -> None:
    """A named destination on the current page (index links, bookmarks) with its outline entry,
    and the page recorded in ``layout`` (printed in the index when the document is done)."""
    c.bookmarkPage(dest, fit="XYZ", top=top, left=0, zoom=0)
    c.addOutlineEntry(title, dest, level=level, closed=closed)
    layout.dest_page[dest] = c.getPageNumber()


class Anchor(Flowable):
    """Zero-size marker: named destination + outline entry, page number recorded."""

    def __init__(self, dest: str, title: str, level: int, layout: Layout) -> None:
        super().__init__()
        self.dest, self.title, self.level, self.layout = dest, title, level, layout
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        mark_destination(self.canv, self.layout, self.dest, self.title, self.level, closed=False)


class LateText(Flowable):
    """One line of text known only at the end: ``key`` is ``"total"`` (page count) or a named
    destination (its page number). Sized and placed like a one-line Paragraph in ``style``;
    ``link``: the destination the line links to."""

    def __init__(self, key: str, style: Any, link: str | None = None, color: Any = None) -> None:
        super().__init__()
        self.key, self.style, self.link = key, style, link
        self.color = color if color is not None else getattr(style, "textColor", None)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, float(self.style.leading)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        doc = c._doctemplate
        name = doc.late_form(self.key, self.style.fontName, self.style.fontSize, self.color)
        c.saveState()
        c.translate(0, self.height - self.style.fontSize)  # Paragraph's first baseline
        c.doForm(name)
        c.restoreState()
        if self.link:
            c.linkRect("", self.link, (0, 0, self.width, self.height), relative=1, thickness=0)


def pdf_settings(version: str, lang: str, title: str, subject: str = "") -> dict[str, Any]:
    """The document settings every evidencekit PDF shares (the dossier, the pre-check): A4
    with the dossier's margins, reproducible bytes, evidencekit as creator and producer, no
    author, the language, the CJK font."""
    return {
        "pagesize": g.A4,
        "leftMargin": g.MARGIN_X,
        "rightMargin": g.MARGIN_X,
        "topMargin": g.MARGIN_TOP,
        "bottomMargin": g.MARGIN_BOTTOM,
        "title": title,
        "author": "",
        "subject": subject,
        "creator": f"evidencekit {version}",
        "producer": f"evidencekit {version}",
        "invariant": 1,
        "pageCompression": 1,
        "lang": "zh-CN" if lang == "zh" else "en",
        "initialFontName": FONT,
    }


def body_frame() -> Frame:
    """The one text frame of a page, inside the margins."""
    return Frame(g.MARGIN_X, g.MARGIN_BOTTOM, g.FRAME_W, g.FRAME_H, 0, 0, 0, 0, id="body")


class DossierDoc(BaseDocTemplate):
    def __init__(
        self,
        buf: Any,
        spec: DossierSpec,
        glyphs: Glyphs,
        learned: Layout,
        on_page: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(
            buf,
            **pdf_settings(spec.version, spec.lang, glyphs.safe(spec.title)),
            initialFontSize=10,
            initialLeading=14,
        )
        self.spec, self.glyphs, self.learned = spec, glyphs, learned
        self.on_page = on_page
        self._late: dict[tuple[str, str, float, Any], str] = {}
        """(key, font, size, colour) -> form name"""
        self._last_page = 0
        self.addPageTemplates([PageTemplate("page", [body_frame()], onPage=self._decorate)])

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
        # "Evidence dossier · Evidence dossier: …" said the same thing twice (issue 20).
        running = t(lang, "running")
        right = safe(spec.title if running in spec.title else f"{running} · {spec.title}")
        c.drawRightString(w - g.MARGIN_X, top, fit_text(right, g.FRAME_W * 0.42, 8.5))
        bottom = g.MARGIN_BOTTOM - 22
        c.line(g.MARGIN_X, bottom + 11, w - g.MARGIN_X, bottom + 11)
        c.setFont(FONT, 8.5)
        # "page N of M" as one form per page, so text extraction keeps it on one line
        footer = self.late_form(f"page_of:{c.getPageNumber()}", FONT, 8.5, st.MUTED)
        c.saveState()
        c.translate(g.MARGIN_X, bottom)
        c.doForm(footer)
        c.restoreState()
        self._last_page = c.getPageNumber()
        if self.on_page is not None:
            self.on_page(self._last_page)
        c.setFont(FONT, 7.5)
        c.drawRightString(w - g.MARGIN_X, bottom, safe(f"{t(lang, 'fp_short')} {spec.fingerprint}"))
        c.restoreState()

    def late_form(self, key: str, font: str, size: float, color: Any) -> str:
        """The name of the form that will show ``key``'s value in this font."""
        return self._late.setdefault((key, font, float(size), color), f"EKlate{len(self._late)}")

    def _endBuild(self) -> None:
        # Finish the last page without saving, define the late forms, then save.
        self._doSave = 0
        super()._endBuild()
        self.learned.pages = self._last_page
        c = self.canv
        for (key, font, size, color), name in self._late.items():
            c.beginForm(name)
            c.setFont(font, size)
            if color is not None:
                c.setFillColor(color)
            c.drawString(0, 0, self.glyphs.safe(self._late_text(key)))
            c.endForm()
        if self.spec.info is not None:
            embed.add_to(c._doc, list(self.spec.attachments), self.spec.info)
        c.save()

    def _late_text(self, key: str) -> str:
        total = self.learned.pages
        if key.startswith("page_of:"):
            return t(self.spec.lang, "page_of", n=int(key.split(":", 1)[1]), m=total)
        value = total if key == "total" else self.learned.dest_page.get(key)
        return str(value) if value else "—"
