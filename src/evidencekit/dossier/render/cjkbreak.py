"""reportlab's CJK line breaking, with each character's width looked up once.

A Chinese dossier wraps every paragraph with ``wordWrap="CJK"``. reportlab then measures the
text one character at a time: ``textsplit.wordSplit`` (one-fragment paragraphs) calls
``stringWidth`` per character, and ``paragraph.cjkFragSplit`` (paragraphs with markup) also
makes a ``cjkU`` string object per character and, per character again, compares fragments and
looks up the font's ascent. In a 400-page dossier that is 240,000 width calls and a quarter of
the render time, for perhaps 3,000 distinct (font, size, character) triples.

The functions here fill lines like reportlab does, with the widths memoised per font and size
and the per-character fragment bookkeeping done once per run of characters from one fragment,
but choose the break points by ``dossier/linebreak.py``: reportlab's own rules let "，：；？！》"
start a line, put "（" at a line's end and cut order numbers anywhere. The result has
reportlab's shapes (``[extra, text]`` lines, ``FragLine``), so drawing and splitting over pages
are reportlab's. tests/test_render_para.py checks the rules on random mixed text (Hypothesis)
and every line field against reportlab where the rules do not apply. Inputs these functions
were not written for (inline images, byte strings) go to reportlab's code unchanged.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.platypus.paragraph import (
    FragLine,
    ParaLines,
    cjkFragSplit,
    sameFrag,
)

from evidencekit.dossier.linebreak import break_lines

_WIDTHS: dict[tuple[int, str, float], dict[str, float]] = {}
_METRICS: dict[tuple[str, float], tuple[float, float]] = {}


def _table(font_name: str, size: float) -> dict[str, float]:
    # Keyed by the font object too: registering another font under the same name must not
    # reuse the old widths.
    key = (id(getFont(font_name)), font_name, size)
    table = _WIDTHS.get(key)
    if table is None:
        if len(_WIDTHS) > 64:
            _WIDTHS.clear()
        table = _WIDTHS[key] = {}
    return table


def char_widths(text: str, font_name: str, size: float) -> list[float]:
    """``textsplit.getCharWidths``: ``stringWidth`` of each character, from a memo."""
    table = _table(font_name, size)
    out = []
    for ch in text:
        w = table.get(ch)
        if w is None:
            w = table[ch] = stringWidth(ch, font_name, size)
        out.append(w)
    return out


def word_split(text: str, max_widths: Any, font_name: str, size: float) -> list[Any]:
    """``textsplit.wordSplit``'s result shape ([extra space, line text] per line) with the
    line breaks of ``linebreak.break_lines`` (禁则, numbers whole)."""
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    widths = char_widths(text, font_name, size)
    out: list[Any] = []
    for idx, (start, end, used) in enumerate(break_lines(text, widths, max_widths)):
        out.append([max_widths[min(idx, len(max_widths) - 1)] - used, text[start:end]])
    return out


def _ascent_descent(font_name: str, size: float) -> tuple[float, float]:
    key = (font_name, size)
    hit = _METRICS.get(key)
    if hit is None:
        hit = _METRICS[key] = getAscentDescent(font_name, size)
    return hit


def frag_split(frags: list[Any], max_widths: Any, calc_bounds: bool) -> Any:
    """``paragraph.cjkFragSplit(frags, max_widths, calc_bounds)``, same result."""
    if any(not isinstance(getattr(f, "text", None), str) or hasattr(f, "cbDefn") for f in frags):
        return cjkFragSplit(frags, max_widths, calc_bounds)
    chars: list[str] = []
    widths: list[float] = []
    owner: list[Any] = []
    for f in frags:
        text = f.text
        if text:
            chars.extend(text)
            widths.extend(char_widths(text, f.fontName, f.fontSize))
            owner.extend([f] * len(text))
        else:  # cjkU('') of an empty fragment (a <br/>): one zero-width entry
            chars.append(text)
            widths.append(stringWidth(text, f.fontName, f.fontSize))
            owner.append(f)

    def forced(i: int) -> bool:
        return hasattr(owner[i], "lineBreak")

    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    lines: list[Any] = []
    for start, end, used in break_lines(chars, widths, max_widths, forced):
        hard = end > start and forced(end - 1)
        if end == start:
            continue  # only spaces: nothing to draw
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        lines.append(_line(chars, owner, start, end, max_width, used, max_width - used, hard))
    return ParaLines(kind=1, lines=lines)


def _line(
    chars: list[str],
    owner: list[Any],
    start: int,
    end: int,
    max_width: float,
    width_used: float,
    extra: float,
    line_break: bool,
) -> Any:
    """``paragraph.makeCJKParaLine`` over ``chars[start:end]``, a run of one fragment at a time:
    within a run the size and metrics repeat, and a fragment without ``lineBreak`` (no
    ``cbDefn`` reaches here) is ``sameFrag`` as the word it joined."""
    words: list[Any] = []
    cw: list[str] = []
    f0: Any = FragLine()
    max_size: float = 0
    max_ascent: float = 0
    min_descent: float = 0
    i = start
    while i < end:
        f = owner[i]
        run_end = i + 1
        if not hasattr(f, "lineBreak"):
            while run_end < end and owner[run_end] is f:
                run_end += 1
        font_size = f.fontSize
        ascent, descent = _ascent_descent(f.fontName, font_size)
        max_size = max(max_size, font_size)
        max_ascent = max(max_ascent, ascent)
        min_descent = min(min_descent, descent)
        if not sameFrag(f0, f):
            f0 = f0.clone()
            f0.text = "".join(cw)
            words.append(f0)
            cw = []
            f0 = f
        cw.extend(chars[i:run_end])
        i = run_end
    if cw:
        f0 = f0.clone()
        f0.text = "".join(cw)
        words.append(f0)
    return FragLine(
        kind=1,
        extraSpace=extra,
        wordCount=1,
        words=words[1:],
        fontSize=max_size,
        ascent=max_ascent,
        descent=min_descent,
        maxWidth=max_width,
        currentWidth=width_used,
        lineBreak=line_break,
    )
