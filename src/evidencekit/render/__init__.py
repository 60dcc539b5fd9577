"""PDF rendering: the only package that imports reportlab.

Two passes: the first learns the page count and where each section and exhibit lands; the
second prints "page N of M" and the index page numbers. Exhibit geometry is decided before
either pass, so the two passes paginate identically (checked, with a third pass if not).
"""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.platypus import Flowable, Paragraph, Table

from evidencekit.render.appendix import appendix
from evidencekit.render.audit import audit
from evidencekit.render.cover import cover
from evidencekit.render.exhibits import exhibits
from evidencekit.render.index import index
from evidencekit.render.model import DossierSpec, Layout, RenderResult
from evidencekit.render.statement import statement
from evidencekit.render.styles import Styles
from evidencekit.render.template import DossierDoc
from evidencekit.render.text import Glyphs, register_fonts
from evidencekit.render.timeline import timeline

# Reproducible output: fixed dates/IDs inside reportlab; raw (not ASCII85) image streams so a
# JPEG is stored byte for byte (and 25 % smaller).
rl_config.invariant = 1
rl_config.useA85 = 0

SECTIONS = (cover, statement, timeline, index, exhibits, audit, appendix)


def _pass(
    spec: DossierSpec, known: Layout, glyphs: Glyphs, measuring: bool = False
) -> tuple[bytes, Layout, Glyphs]:
    styles = Styles(spec.lang)
    learned = Layout()
    story = []
    both = _Both(known, learned)
    both.measuring = measuring
    for section in SECTIONS:
        # sections print page numbers from the previous pass, and record into this one
        story += section(spec, both, styles, glyphs)
    if measuring:
        story = [_Ghost(f) if isinstance(f, _GHOSTED) else f for f in story]
    buf = io.BytesIO()
    doc = DossierDoc(buf, spec, glyphs, known.pages)
    doc.build(story)
    learned.pages = doc.page
    return buf.getvalue(), learned, glyphs


class _Ghost(Flowable):
    """Takes the room ``inner`` takes and draws nothing: the measuring pass's PDF is thrown
    away, and drawing tables and paragraphs is half of what a pass costs. Splits (a table
    running over pages) are ghosts too. Should a ghost ever paginate differently, the next
    pass's layout differs and render_dossier simply runs one more pass."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(aw, ah)
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return [_Ghost(f) for f in self.inner.split(aw, ah)]

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's API
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceAfter())

    def getKeepWithNext(self) -> bool:  # noqa: N802
        return bool(self.inner.getKeepWithNext())

    def draw(self) -> None:
        pass


_GHOSTED = (Paragraph, Table)
"""What the measuring pass does not draw: plain content. Flowables that record page numbers
(anchors, exhibit pages) are drawn."""


class _Both(Layout):
    """Reads come from the previous pass; writes go to the current one."""

    def __init__(self, known: Layout, learned: Layout) -> None:
        super().__init__(known.pages, _Recorder(known.dest_page, learned.dest_page))


class _Recorder(dict[str, int]):
    def __init__(self, known: dict[str, int], learned: dict[str, int]) -> None:
        super().__init__(known)
        self.learned = learned

    def __setitem__(self, key: str, value: int) -> None:
        self.learned[key] = value


def render_dossier(
    spec: DossierSpec, hint: Layout | None = None, trial: bool = False
) -> RenderResult:
    """Render ``spec``. ``hint``: the layout of an earlier render of the same pages (then one
    pass suffices when it still holds). ``trial``: one pass only, for measuring pages and
    size (page numbers in the index and footers may be missing)."""
    register_fonts()
    known = Layout(hint.pages, dict(hint.dest_page)) if hint else Layout()
    glyphs = Glyphs()
    for n in range(1 if trial else 3):
        # Without a hint the first pass cannot be the last (nothing is known yet), so it only
        # measures: exhibit pages, whose size is fixed, skip drawing (about a third of a pass).
        measuring = n == 0 and hint is None and not trial
        pdf, learned, glyphs = _pass(spec, known, glyphs, measuring)
        if learned.pages == known.pages and learned.dest_page == known.dest_page:
            break
        known = learned
    return RenderResult(pdf, learned.pages, dict(learned.dest_page), tuple(sorted(glyphs.missing)))


__all__ = ["render_dossier", "DossierSpec", "RenderResult"]
