"""5. Exhibits, compact layout (page-limited profiles: ``layout = "compact"``).

Photos go several to a page in a grid: 2x3, or 2x2 when a caption needs more than two lines
(then shortened with an ellipsis; the index has it in full). Each cell carries the exhibit's
stamp, category, capture time with how it is known, caption, SHA-256 prefix and, when a
``redact`` box applies, the redaction notice; the full detail box of the standard layout lives
in the index and the integrity appendix.

Every screenshot gets one page: cut into side-by-side columns with an overlap (like the
upload packs), as wide as one page allows, so a 1080x6000 chat prints two columns about
80 mm wide instead of five split pages. A screenshot too long to stay at least
``pagegeom.COMPACT_MIN_SCREEN_W`` wide on one page continues on further pages.

Each exhibit keeps its bookmark and named destination (``ex-e-07``), placed at its cell, so
index links land on its grid page. The plan is a pure function of the exhibits and their
captions, so both render passes paginate identically.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from reportlab.platypus import Flowable, PageBreak

from evidencekit.dossier import pagegeom as g
from evidencekit.dossier.render import styles as st
from evidencekit.dossier.render.exhibits import draw_image
from evidencekit.dossier.render.facts import REDACTED
from evidencekit.dossier.render.i18n import label, t
from evidencekit.dossier.render.index import capture_text
from evidencekit.dossier.render.model import DossierSpec, Exhibit, Layout
from evidencekit.dossier.render.styles import Styles
from evidencekit.dossier.render.template import Anchor, mark_destination
from evidencekit.dossier.render.text import FONT, FONT_BOLD, Glyphs, fit_text, string_width
from evidencekit.dossier.render.textlayer import draw_text_layer, owned_rows

P = TypeVar("P")

CAPTION_PT, CAPTION_LEAD = 9.5, 11.5
META_PT, META_LEAD = 8.0, 9.6
CAPTION_LINES = {3: 2, 2: 6}
"""Caption lines a cell holds on a 2x3 and on a 2x2 page (see ``pagegeom.CELL_TEXT_H``)."""


@dataclass(frozen=True)
class GridPage:
    exhibits: tuple[Exhibit, ...]
    rows: int


@dataclass(frozen=True)
class StripPage:
    ex: Exhibit
    strip: g.Strip
    page: int
    """0-based page of this screenshot."""
    columns: int
    """Columns of the whole screenshot (over all its pages)."""


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` within ``width`` points: CJK breaks anywhere, Latin at spaces."""
    tokens: list[str] = []
    for ch in text:
        if tokens and ch != " " and ord(ch) < 0x2E80 and ord(tokens[-1][-1]) < 0x2E80:
            if tokens[-1][-1] != " ":
                tokens[-1] += ch
                continue
        tokens.append(ch)
    lines, line = [], ""
    for tok in tokens:
        if line and string_width(line + tok, size, bold) > width:
            lines.append(line.rstrip())
            line = tok.lstrip()
        else:
            line += tok
        while string_width(line, size, bold) > width and len(line) > 1:  # one long word
            cut = len(line) - 1
            while cut > 1 and string_width(line[:cut], size, bold) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _caption(ex: Exhibit, gl: Glyphs) -> str:
    return gl.safe(ex.item.caption or ex.item.path)


def _fits(ex: Exhibit, rows: int, gl: Glyphs) -> bool:
    return _caption_lines(_caption(ex, gl), rows) <= CAPTION_LINES[rows]


@lru_cache(maxsize=4096)
def _caption_lines(text: str, rows: int) -> int:
    return len(wrap(text, g.grid_cell(rows)[0], CAPTION_PT, True))


def page_count(exhibits: tuple[Exhibit, ...]) -> int:
    """Pages the compact layout gives these exhibits (no rendering)."""
    return len(plan(exhibits, Glyphs()))


def _dims(ex: Exhibit) -> tuple[int, int]:
    """Upright pixel size of the original (the one image preparation budgeted against)."""
    m = ex.item.meta
    return (m.width, m.height) if m.width and m.height else ex.image.upright_size


def plan(exhibits: tuple[Exhibit, ...], gl: Glyphs) -> list[GridPage | StripPage]:
    """Pages in exhibit order: runs of photos in grids, each screenshot on its own page(s)."""
    pages: list[GridPage | StripPage] = []
    run: list[Exhibit] = []

    def flush() -> None:
        while run:
            most = min(len(run), g.GRID_COLS * g.GRID_ROWS[0])
            k = 0
            while k < most and _fits(run[k], g.GRID_ROWS[0], gl):
                k += 1
            if k == most or k > g.GRID_COLS * g.GRID_ROWS[1]:
                rows = g.GRID_ROWS[0]
            else:  # a long caption among the next few: a 2x2 page
                rows, k = g.GRID_ROWS[1], min(len(run), g.GRID_COLS * g.GRID_ROWS[1])
            pages.append(GridPage(tuple(run[:k]), rows))
            del run[:k]

    for ex in exhibits:
        if not ex.screen:
            run.append(ex)
            continue
        flush()
        s = g.strip(*_dims(ex))
        n = g.strip_columns(s.scale * _dims(ex)[1], s.col_h)
        pages += [StripPage(ex, s, i, n) for i in range(s.pages)]
    flush()
    return pages


def _stamp(c: object, x: float, y: float, number: str, size: float) -> float:
    """Draw a red stamped exhibit number with its baseline at ``y``; returns its width."""
    from reportlab.pdfgen.canvas import Canvas

    assert isinstance(c, Canvas)
    w = string_width(number, size, True) + size * 0.9
    c.saveState()
    c.setStrokeColor(st.ACCENT)
    c.setFillColor(st.ACCENT)
    c.setLineWidth(1.1)
    c.roundRect(x, y - size * 0.32, w, size * 1.3, 2, stroke=1, fill=0)
    c.setFont(FONT_BOLD, size)
    c.drawCentredString(x + w / 2, y, number)
    c.restoreState()
    return w


def _findings_line(ex: Exhibit, spec: DossierSpec, gl: Glyphs) -> list[tuple[str, str]]:
    """(text, colour hex) pieces under the exhibit: the redaction notice when a ``redact`` box
    applies; the finding codes only with ``--include-findings`` (issue 20: the submission
    states facts, the pre-check holds the objections)."""
    out: list[tuple[str, str]] = []
    if ex.image.transform == "redacted":
        out.append((gl.safe(REDACTED.get(spec.lang, REDACTED["zh"])), ""))
    if spec.include_findings:
        fs = sorted(ex.item.findings, key=lambda f: (-f.severity.rank, f.code))
        out += [(f.code, st.SEVERITY_HEX[f.severity.value]) for f in fs]
    return out


def _draw_pieces(
    c: object, x: float, y: float, width: float, pieces: list[tuple[str, str]]
) -> None:
    """One line of coloured pieces; what does not fit becomes "+n"."""
    from reportlab.lib import colors
    from reportlab.pdfgen.canvas import Canvas

    assert isinstance(c, Canvas)
    c.saveState()
    c.setFont(FONT, META_PT)
    for i, (text, colour) in enumerate(pieces):
        rest = len(pieces) - i - 1
        more = f" +{rest}" if rest else ""
        need = string_width(text + " ", META_PT) + string_width(more, META_PT)
        if x + need > width and i:
            c.setFillColor(st.MUTED)
            c.drawString(x, y, f"+{rest + 1}")
            break
        c.setFillColor(colors.HexColor(colour) if colour else st.MUTED)
        c.drawString(x, y, text)
        x += string_width(text + " ", META_PT)
    c.restoreState()


class _PageFlowable(Flowable, Generic[P]):
    """One compact page of exhibits (``P``: its plan): fills the frame."""

    def __init__(self, page: P, spec: DossierSpec, layout: Layout, gl: Glyphs) -> None:
        super().__init__()
        self.page, self.spec, self.layout, self.gl = page, spec, layout, gl

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return g.FRAME_W, g.FRAME_H - 1


class GridFlowable(_PageFlowable["GridPage"]):
    """One page of photo exhibits in a 2x3 or 2x2 grid."""

    def draw(self) -> None:
        rows = self.page.rows
        cw, ch = g.grid_cell(rows)
        for i, ex in enumerate(self.page.exhibits):
            r, col = divmod(i, g.GRID_COLS)
            x = col * (cw + g.COMPACT_GAP)
            top = g.FRAME_H - 1 - r * (ch + g.COMPACT_GAP)
            self._cell(ex, x, top, cw, ch, rows)

    def _cell(self, ex: Exhibit, x: float, top: float, cw: float, ch: float, rows: int) -> None:
        c, spec, gl, lang = self.canv, self.spec, self.gl, self.spec.lang
        title = gl.safe(f"{ex.number} {ex.item.caption or ex.item.path}")
        mark_destination(c, self.layout, ex.dest, title, 1, top=g.MARGIN_BOTTOM + top + 14)
        bw, bh = g.grid_image_box(rows)
        w_px, h_px = ex.image.upright_size
        s = min(bw / w_px, bh / h_px)
        iw, ih = w_px * s, h_px * s
        ix, iy = x + (bw - iw) / 2, top - ih
        draw_image(c, ex.image, ix, iy, iw, ih)
        draw_text_layer(c, ex.text, ex.image.upright_size, ix, iy, iw, ih)
        c.saveState()
        c.setStrokeColor(st.RULE)
        c.setLineWidth(0.5)
        c.rect(ix, iy, iw, ih, stroke=1, fill=0)
        # text block under the image box, at the same height in every cell of a row
        y = top - bh - 3 - 11
        sw = _stamp(c, x + 1, y, ex.number, 10)
        when, src = capture_text(ex.item, lang, spec.result.case.timezone)
        cat = label(lang, "category", ex.item.source.category.value)
        c.setFillColor(st.INK)
        c.setFont(FONT, META_PT + 0.5)
        head = gl.safe(f"{cat} · {when}")
        c.drawString(x + sw + 6, y, fit_text(head, cw - sw - 8, META_PT + 0.5))
        y -= 4
        lines = wrap(_caption(ex, gl), cw, CAPTION_PT, True)
        keep = CAPTION_LINES[rows]
        if len(lines) > keep:
            lines = lines[: keep - 1] + [fit_text("".join(lines[keep - 1 :]), cw, CAPTION_PT, True)]
        c.setFont(FONT_BOLD, CAPTION_PT)
        for line in lines:
            y -= CAPTION_LEAD
            c.drawString(x, y, line)
        c.setFont(FONT, META_PT)
        c.setFillColor(st.MUTED)
        y -= META_LEAD
        c.drawString(x, y, fit_text(gl.safe(src), cw, META_PT))
        y -= META_LEAD
        c.drawString(x, y, f"SHA-256 {ex.item.sha256[:16]}…")
        y -= META_LEAD
        c.restoreState()
        _draw_pieces(c, x, y, x + cw, _findings_line(ex, spec, gl))


class StripFlowable(_PageFlowable["StripPage"]):
    """One page of a screenshot cut into side-by-side columns with an overlap."""

    def draw(self) -> None:
        c, p, gl, lang = self.canv, self.page, self.gl, self.spec.lang
        ex, s = p.ex, p.strip
        top = g.FRAME_H - 1
        if p.page == 0:
            cap = ex.item.caption or ex.item.path
            mark_destination(c, self.layout, ex.dest, gl.safe(f"{ex.number} {cap}"), 1)
        sw = _stamp(c, 1, top - 15, ex.number, 14)
        when, src = capture_text(ex.item, lang, self.spec.result.case.timezone)
        cat = label(lang, "category", ex.item.source.category.value)
        head = f"{t(lang, 'exhibit')} {ex.number} · {cat} · {when}"
        if s.pages > 1:
            head += f" · {t(lang, 'cont_prev', i=p.page + 1, n=s.pages)}"
        c.saveState()
        c.setFillColor(st.INK)
        c.setFont(FONT, 9)
        c.drawString(sw + 8, top - 15, fit_text(gl.safe(head), g.FRAME_W - sw - 8, 9))
        c.setFont(FONT_BOLD, 10.5)
        lines = wrap(_caption(ex, gl), g.FRAME_W, 10.5, True)
        if len(lines) > 2:
            lines = [lines[0], fit_text("".join(lines[1:]), g.FRAME_W, 10.5, True)]
        for i, line in enumerate(lines):
            c.drawString(0, top - 33 - 12.5 * i, line)
        c.setFont(FONT, META_PT)
        c.setFillColor(st.MUTED)
        meta = f"{src} · SHA-256 {ex.item.sha256[:16]}…"
        if p.columns > 1:
            meta += " · " + t(lang, "cols_note", n=p.columns)
        c.drawString(0, top - 58, fit_text(gl.safe(meta), g.FRAME_W, META_PT))
        c.restoreState()
        self._columns(top - g.STRIP_HEAD_H)
        _draw_pieces(c, 0, 3, g.FRAME_W, _findings_line(ex, self.spec, gl))

    def _columns(self, ytop: float) -> None:
        c, p, lang = self.canv, self.page, self.spec.lang
        ex, s = p.ex, p.strip
        w_px, h_px = ex.image.upright_size
        img_w, img_h = s.col_w, s.col_w * h_px / w_px
        first = p.page * s.cols
        here = range(first, min(p.columns, first + s.cols))
        total_w = len(here) * s.col_w + (len(here) - 1) * g.COMPACT_GAP
        x0 = (g.FRAME_W - total_w) / 2 if p.page == 0 else 0.0
        step = s.col_h - g.STRIP_OVERLAP
        for j, i in enumerate(here):
            x = x0 + j * (s.col_w + g.COMPACT_GAP)
            off = i * step
            h = min(s.col_h, img_h - off)
            c.saveState()
            path = c.beginPath()
            path.rect(x, ytop - h, s.col_w, h)
            c.clipPath(path, stroke=0, fill=0)
            draw_image(c, ex.image, x, ytop + off - img_h, img_w, img_h)
            nxt = (i + 1) * step if i < p.columns - 1 else None
            rows = owned_rows(off, nxt, g.STRIP_OVERLAP)
            draw_text_layer(c, ex.text, (w_px, h_px), x, ytop + off - img_h, img_w, img_h, rows)
            c.restoreState()
            c.saveState()
            c.setStrokeColor(st.RULE)
            c.setLineWidth(0.5)
            c.rect(x, ytop - h, s.col_w, h, stroke=1, fill=0)
            if p.columns > 1:
                c.setFillColor(st.ACCENT)
                c.setFont(FONT_BOLD, 7.5)
                c.drawRightString(x + s.col_w, ytop + 2, t(lang, "col_of", i=i + 1, n=p.columns))
            if i > 0:  # the repeated strip: a dashed mark where new content starts
                c.setDash(3, 3)
                c.setStrokeColor(st.ACCENT)
                c.setLineWidth(0.9)
                c.line(x - 4, ytop - g.STRIP_OVERLAP, x + 10, ytop - g.STRIP_OVERLAP)
            c.restoreState()


def exhibits_compact(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    out: list[Flowable] = []
    for n, page in enumerate(plan(spec.exhibits, gl)):
        out.append(PageBreak())
        if n == 0:
            out.append(Anchor("exhibits", t(spec.lang, "s_exhibits"), 0, layout))
        if isinstance(page, GridPage):
            out.append(GridFlowable(page, spec, layout, gl))
        else:
            out.append(StripFlowable(page, spec, layout, gl))
    return out
