"""Fonts and text safety.

reportlab silently draws nothing for a character the font lacks, which in a legal document
would turn "¥1280" into "1280" or drop a name. Every string goes through ``Glyphs.safe``:
characters outside the font's cmap are replaced by a visible white square (U+25A1, which the
font has) and remembered, so the build can report them.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from evidencekit.fonts import font_paths
from evidencekit.models import Case
from evidencekit.rules import amounts

FONT = "EKSans"
FONT_BOLD = "EKSans-Bold"
SUBSTITUTE = "\u25a1"
_cmap: set[int] = set()


def register_fonts() -> None:
    """Register the bundled fonts once (subset-embedded by reportlab as TrueType)."""
    if _cmap:
        return
    regular, bold = font_paths()
    reg = TTFont(FONT, str(regular))
    bld = TTFont(FONT_BOLD, str(bold))
    pdfmetrics.registerFont(reg)
    pdfmetrics.registerFont(bld)
    for b in (0, 1):
        for i in (0, 1):
            addMapping(FONT, b, i, FONT_BOLD if b else FONT)
    _cmap.update(set(reg.face.charToGlyph) & set(bld.face.charToGlyph))


class Glyphs:
    """Collects characters the font cannot draw, during one render."""

    def __init__(self) -> None:
        self.missing: set[str] = set()

    def safe(self, text: str) -> str:
        """``text`` with every undrawable character replaced by a visible substitute."""
        register_fonts()
        text = unicodedata.normalize("NFC", text)
        out = []
        for ch in text:
            if ch in "\n\t":
                out.append(" " if ch == "\t" else ch)
            elif ord(ch) in _cmap:
                out.append(ch)
            elif unicodedata.category(ch) in ("Cf", "Cc", "Mn") and ch not in "\u200b":
                # joiners, variation selectors, controls: invisible anyway, drop them
                self.missing.add(ch)
            else:
                self.missing.add(ch)
                out.append(SUBSTITUTE)
        return "".join(out)

    def para(self, text: str) -> str:
        """Safe text escaped for a reportlab Paragraph (its mini-XML markup)."""
        return escape(self.safe(text)).replace("\n", "<br/>")


def string_width(text: str, size: float, bold: bool = False) -> float:
    return pdfmetrics.stringWidth(text, FONT_BOLD if bold else FONT, size)


def fit_text(text: str, width: float, size: float, bold: bool = False) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width`` points on one line."""
    if string_width(text, size, bold) <= width:
        return text
    while text and string_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text + "…"


def amount_text(currency: str, amount: str) -> str:
    """``CNY 1280.00`` with two decimals whatever was passed (``1280.0`` never prints as is);
    "—" when there is no amount."""
    from decimal import Decimal, InvalidOperation

    if not amount.strip():
        return "—"
    try:
        return f"{currency} {Decimal(amount.replace(',', '')):.2f}"
    except InvalidOperation:
        return f"{currency} {amount}"


def claim_amount(case: Case, lang: str) -> tuple[str, str, str]:
    """(the order amount, the amount claimed when it is less, the units it is for):
    ``人民币1280.00元``, ``人民币800.00元``, ``8件中5件`` / ``CNY 800.00``, ``5 of 8 items``;
    the amount is "—" and the others "" when not given."""
    zh = lang == "zh"
    total = amounts.decimal(case.amount)
    if total is None:
        return amount_text(case.currency, case.amount), "", ""
    total = total.quantize(amounts.CENT)
    order = amounts.money(total, case.currency, zh)
    claimed = amounts.claimed_amount(case)
    if claimed is None or claimed == total:
        return order, "", ""
    u = amounts.units(case)
    share = ""
    if u.partial:
        share = f"{u.ordered}件中{u.affected}件" if zh else f"{u.affected} of {u.ordered} items"
    return order, amounts.money(claimed, case.currency, zh), share
