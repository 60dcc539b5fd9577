"""Paragraph styles and colours. Body text is never below 10 pt."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.paragraph import ParaLines, _handleBulletWidth, cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from evidencekit.render.cjkbreak import frag_split, word_split
from evidencekit.render.text import FONT, FONT_BOLD

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#9c1c1c")
"""Stamp red, like a seal on a paper exhibit."""
RULE = colors.HexColor("#b0b0b0")
PALE = colors.HexColor("#f3f3f3")
LINK = colors.HexColor("#0b4f9c")
SEVERITY_HEX = {"error": "#b00020", "warning": "#b86e00", "info": "#2f6f9f"}
SEVERITY = {k: colors.HexColor(v) for k, v in SEVERITY_HEX.items()}
CONFIDENCE = {
    "high": colors.HexColor("#2e7d32"),
    "medium": colors.HexColor("#f9a825"),
    "low": colors.HexColor("#ef6c00"),
    "none": colors.HexColor("#9e9e9e"),
}


TABLE_FONT = [("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 10)]
"""Tables set a cell font even for flowable cells; without this reportlab adds Helvetica
(not embedded) to the page resources."""


class Styles:
    def __init__(self, lang: str) -> None:
        wrap = "CJK" if lang == "zh" else None
        base = {"fontName": FONT, "textColor": INK, "wordWrap": wrap}
        self.body = ParagraphStyle("body", fontSize=10.5, leading=16, spaceAfter=6, **base)
        self.small = ParagraphStyle("small", fontSize=10, leading=14, **base)
        self.muted = ParagraphStyle(
            "muted", fontSize=10, leading=14, **{**base, "textColor": MUTED}
        )
        self.h1 = ParagraphStyle(
            "h1", fontSize=18, leading=24, spaceAfter=10, **{**base, "fontName": FONT_BOLD}
        )
        self.h2 = ParagraphStyle(
            "h2",
            fontSize=12.5,
            leading=18,
            spaceBefore=8,
            spaceAfter=4,
            **{**base, "fontName": FONT_BOLD},
        )
        self.title = ParagraphStyle(
            "title", fontSize=24, leading=32, spaceAfter=6, **{**base, "fontName": FONT_BOLD}
        )
        self.cell = ParagraphStyle("cell", fontSize=10, leading=13.5, **base)
        self.cell_bold = ParagraphStyle(
            "cellb", fontSize=10, leading=13.5, **{**base, "fontName": FONT_BOLD}
        )
        self.code = ParagraphStyle(
            "code",
            fontSize=10,
            leading=14,
            leftIndent=12,
            backColor=PALE,
            borderPadding=(3, 4, 3, 4),
            spaceBefore=3,
            spaceAfter=6,
            **{**base, "wordWrap": "CJK"},
        )


_TEMPLATES: dict[int, tuple[Any, ParaFrag]] = {}


def _template(style: Any) -> ParaFrag:
    """The fragment reportlab's parser makes for plain text in ``style`` (text "x")."""
    hit = _TEMPLATES.get(id(style))
    if hit is None or hit[0] is not style:
        if len(_TEMPLATES) > 256:
            _TEMPLATES.clear()
        _, frags, _ = ParaParser().parse("x", style)
        if frags is None or len(frags) != 1:
            raise ValueError(f"style {style.name} does not parse plain text to one fragment")
        hit = _TEMPLATES[id(style)] = (style, frags[0])
    return hit[1]


class Paragraph(_Paragraph):
    """reportlab's Paragraph, wrapped once per width.

    A table cell is wrapped to measure its row, again when the table is split over pages and
    again when drawn (``Table._listCellGeom``), always at the same width; each wrap re-runs the
    CJK line breaker in Python (a third of the render time of a 400-page dossier). The result of
    ``Paragraph.wrap`` depends only on the available width (reportlab 4.x: the height argument is
    not read), so the lines of the last wrap are reused when the width repeats.
    """

    _wrapped_at: float | None = None

    def __init__(self, text: str, style: Any, *args: Any, **kwargs: Any) -> None:
        # Plain text (no markup, no entity) parses to one fragment carrying the style: made
        # here from a fragment parsed once per style, not by reportlab's HTML parser per
        # paragraph (6,700 paragraphs in a 400-page dossier, 15 % of its render time).
        if (
            not args
            and not kwargs
            and isinstance(text, str)
            and "<" not in text
            and "&" not in text
        ):
            clean = cleanBlockQuotedText(text)
            if clean:
                frag = _template(style).clone(text=clean, link=[], us_lines=[])
                super().__init__(clean, style, frags=[frag])
                return
        super().__init__(text, style, *args, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # split() deletes blPara when it gives up on the paragraph: wrap again then.
        if availWidth == self._wrapped_at and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802, N803 - reportlab's names
        """reportlab's ``Paragraph.breakLinesCJK`` (4.x-5.x) line for line, measuring through
        render/cjkbreak.py's width memo instead of one ``stringWidth`` call per character."""
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        _handleBulletWidth(self.bulletText, style, maxWidths)
        frags = self.frags
        if len(frags) == 1 and not hasattr(frags[0], "cbDefn") and not style.endDots:
            f = frags[0]
            if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
                return f.clone(kind=0, lines=self.blPara.lines)
            text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
            if not isinstance(text, str):
                return super().breakLinesCJK(maxWidths)
            lines = word_split(text, maxWidths, f.fontName, f.fontSize)
            wrapped = [(sp, [line]) for (sp, line) in lines]
            return f.clone(kind=0, lines=wrapped, ascent=f.fontSize, descent=-0.2 * f.fontSize)
        if not frags:
            return ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        return frag_split(frags, maxWidths, auto_leading not in ("", "off"))
