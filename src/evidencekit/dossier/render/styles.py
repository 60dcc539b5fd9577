"""Paragraph styles and colours. Body text is never below 10 pt."""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.paragraph import ParaLines, _handleBulletWidth, cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from evidencekit.dossier.render.cjkbreak import frag_split, word_split
from evidencekit.dossier.render.text import FONT, FONT_BOLD, string_width

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


_TAG = re.compile(r"(<[^<>]*>)")
_TAG_NAME = re.compile(r"</?([a-z]+)[\s/>]")
_SIMPLE_TAGS = frozenset({"a", "b", "br", "font", "i"})
"""Tags whose fragments do not depend on the text they hold (``<greek>``, ``<seq>``, ``<para>``,
``<img>`` and the rest go to reportlab's parser every time)."""
_PLACEHOLDER = 0xF0000  # Supplementary Private Use Area-A: never in a dossier's text
_SHAPES: dict[tuple[str, int, int], tuple[Any, list[tuple[ParaFrag, int]] | None]] = {}


def _markup_frags(clean: str, style: Any, case_sensitive: int) -> list[ParaFrag] | None:
    """The fragments reportlab's parser makes for ``clean`` (markup with simple tags, no
    entity), or None to let it parse. The text between tags is replaced by one placeholder
    character per run; that skeleton is parsed once per style, and each fragment of it is
    cloned with its run's text (lists copied, as a new parse makes new ones)."""
    parts = _TAG.split(clean)
    texts, tags = parts[0::2], parts[1::2]
    if len(texts) > 0xFFFF:  # one placeholder per run, all inside the private-use plane
        return None
    for tag in tags:
        m = _TAG_NAME.match(tag)
        if m is None or m.group(1) not in _SIMPLE_TAGS:
            return None
    if any("<" in t or ">" in t for t in texts) or max(clean) >= chr(_PLACEHOLDER):
        return None
    skeleton = "".join(
        (chr(_PLACEHOLDER + i) if t else "") + (tags[i] if i < len(tags) else "")
        for i, t in enumerate(texts)
    )
    key = (skeleton, id(style), case_sensitive)
    hit = _SHAPES.get(key)
    if hit is None or hit[0] is not style:
        if len(_SHAPES) > 1024:
            _SHAPES.clear()
        hit = _SHAPES[key] = (style, _parse_skeleton(skeleton, style, case_sensitive, texts))
    template = hit[1]
    if template is None:
        return None
    out = []
    for f, i in template:
        lists = {k: list(v) for k, v in f.__dict__.items() if type(v) is list}
        out.append(f.clone(**lists) if i < 0 else f.clone(text=texts[i], **lists))
    return out


def _parse_skeleton(
    skeleton: str, style: Any, case_sensitive: int, texts: list[str]
) -> list[tuple[ParaFrag, int]] | None:
    """Parse ``skeleton``; each fragment with the index of the text run it holds (-1: none).
    None when the fragments are not one per run, in order (then the shape is not memoised)."""
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    out_style, frags, bullet = parser.parse(skeleton, style)
    if frags is None or bullet or out_style is not style:
        return None
    out: list[tuple[ParaFrag, int]] = []
    runs = [i for i, t in enumerate(texts) if t]
    for f in frags:
        text = getattr(f, "text", None)
        if hasattr(f, "cbDefn"):  # an anchor or image callback: not shared between paragraphs
            return None
        if text == "":
            out.append((f, -1))
        elif (
            isinstance(text, str)
            and len(text) == 1
            and runs
            and ord(text) - _PLACEHOLDER == runs[0]
        ):
            out.append((f, runs.pop(0)))
        else:
            return None
    return out if not runs else None


def _has_cjk(text: object) -> bool:
    return isinstance(text, str) and any(ord(ch) >= 0x2E80 for ch in text)


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
        # reportlab parses every paragraph with its HTML parser (6,700 paragraphs in a 400-page
        # dossier, a fifth of its render time). Plain text parses to one fragment carrying the
        # style; simple markup parses to fragments that depend only on the tags, not on the
        # text between them. Both are made here from a parse done once per style and shape.
        if not args and not kwargs and isinstance(text, str) and "&" not in text:
            clean = cleanBlockQuotedText(text)
            frags = None
            if clean and not getattr(style, "textTransform", None):
                if "<" not in clean:
                    frags = [_template(style).clone(text=clean, link=[], us_lines=[])]
                else:
                    frags = _markup_frags(clean, style, 1)  # caseSensitive=1: the default
            if frags is not None:
                super().__init__(clean, style, frags=frags)
                return
        super().__init__(text, style, *args, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # split() deletes blPara when it gives up on the paragraph: wrap again then.
        if availWidth == self._wrapped_at and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - reportlab's name
        """An English paragraph holding Chinese (a seller's name, a statement not translated)
        is broken by the CJK rules too: reportlab's word wrap would cut the unspaced Chinese
        anywhere, "，" first on a line included. So is Latin text with a word wider than the
        line (a file name in a narrow cell): reportlab would cut it anywhere ("IMG_2025121" /
        "6.jpg"), where our breaker keeps numbers whole and no "." starts a line. Other Latin
        text keeps reportlab's wrap."""
        if any(_has_cjk(getattr(f, "text", "")) for f in self.frags) or self._long_word(width):
            return self.breakLinesCJK(width)
        return super().breakLines(width)

    def _long_word(self, width: Any) -> bool:
        narrow = min(width) if isinstance(width, (list, tuple)) else width
        for f in self.frags:
            text = getattr(f, "text", "")
            if not isinstance(text, str) or not hasattr(f, "fontName"):
                continue
            for word in text.split():
                if len(word) * f.fontSize > narrow and (  # no Latin glyph is wider than 1 em
                    string_width(word, f.fontSize, f.fontName == FONT_BOLD) > narrow
                ):
                    return True
        return False

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
