"""PDF rendering: the only package that imports reportlab.

One pass. Page numbers that are known only at the end ("page N of M", the index's page column,
the cover's page count) are form XObjects defined after the last page (template.LateText).
This replaced two passes (the first only to learn page numbers): a warm 260-file build went
from 16.0 s to 12.0 s.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab import rl_config
from reportlab.platypus import Flowable

from evidencekit.dossier.render.appendix import appendix
from evidencekit.dossier.render.audit import audit
from evidencekit.dossier.render.compact import exhibits_compact
from evidencekit.dossier.render.cover import cover
from evidencekit.dossier.render.embed import finish_id
from evidencekit.dossier.render.exhibits import exhibits as exhibits_one_per_page
from evidencekit.dossier.render.index import index
from evidencekit.dossier.render.model import DossierSpec, Layout, RenderResult
from evidencekit.dossier.render.numbers import install as _fast_numbers
from evidencekit.dossier.render.statement import statement
from evidencekit.dossier.render.styles import Styles
from evidencekit.dossier.render.template import DossierDoc
from evidencekit.dossier.render.text import Glyphs, register_fonts
from evidencekit.dossier.render.timeline import timeline
from evidencekit.dossier.render.verification import verification

# Reproducible output: fixed dates/IDs inside reportlab; raw (not ASCII85) image streams so a
# JPEG is stored byte for byte (and 25 % smaller).
rl_config.invariant = 1
rl_config.useA85 = 0
_fast_numbers()  # byte-identical number formatting, memoised (render/numbers.py)


def exhibits(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    """The exhibit pages in the spec's layout (chosen here: ``compact`` draws with ``exhibits``'
    helpers, so ``exhibits`` must not import ``compact``)."""
    if spec.layout == "compact":
        return exhibits_compact(spec, layout, s, gl)
    return exhibits_one_per_page(spec, layout, s, gl)


SECTIONS = (cover, statement, timeline, index, exhibits, audit, appendix, verification)


def _render(
    spec: DossierSpec, on_page: Callable[[int], None] | None
) -> tuple[bytes, Layout, Glyphs]:
    glyphs = Glyphs()
    styles = Styles(spec.lang)
    learned = Layout()
    story = []
    for section in SECTIONS:
        story += section(spec, learned, styles, glyphs)
    buf = io.BytesIO()
    doc = DossierDoc(buf, spec, glyphs, learned, on_page)
    doc.build(story)
    pdf = buf.getvalue()
    return (finish_id(pdf) if spec.info is not None else pdf), learned, glyphs


def render_dossier(spec: DossierSpec, on_page: Callable[[int], None] | None = None) -> RenderResult:
    """Render ``spec`` in one pass (page numbers are late-filled forms, see template.py);
    ``on_page(n)`` as page n is finished (progress)."""
    register_fonts()
    pdf, learned, glyphs = _render(spec, on_page)
    return RenderResult(pdf, learned.pages, dict(learned.dest_page), tuple(sorted(glyphs.missing)))


__all__ = ["render_dossier", "DossierSpec", "RenderResult"]
