"""Chinese line breaking (dossier/linebreak.py): 行首/行尾禁则 and whole numbers, randomized."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.dossier.linebreak import CANNOT_END, CANNOT_START
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.text import register_fonts, string_width

_CJK = st.text(alphabet="退货款拍摄时间证据商品外壳开裂买家卖家订单号收到", min_size=1, max_size=12)
_MARK = st.sampled_from(list("，。、；：？！）》」』】…") + ["……", "——", "。」", "！）"])
_OPEN = st.sampled_from(list("（《「『【“"))
_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=18)
_LATIN = st.sampled_from(["E-01", "IMG_20251216.jpg", "hello", "world", "SHA-256", "PayPal"])
_PIECE = st.one_of(
    _CJK,
    _MARK,
    _DIGITS,
    _LATIN,
    st.just(" "),
    st.tuples(_OPEN, st.one_of(_CJK, _DIGITS)).map("".join),
)


@st.composite
def _paragraph(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(_PIECE, min_size=1, max_size=30))
    text = "".join(pieces)
    # Real text never has more than three marks in a row (。」）): with more, one of the rules
    # has to give on a narrow line.
    return re.sub(r"[{}]{{4,}}".format(re.escape("".join(CANNOT_START | CANNOT_END))), "。", text)


def _lines(para: Paragraph) -> list[str]:
    bl = para.blPara
    if bl.kind == 0:
        return [" ".join(line[1]) for line in bl.lines]
    return ["".join(w.text for w in line.words) for line in bl.lines]


def _check(text: str, width: float, lang: str, markup: bool) -> None:
    register_fonts()
    style = Styles(lang).body
    src = f"<b>{text[:3]}</b>{text[3:]}" if markup else text
    para = Paragraph(src, style)
    para.wrap(width, 10_000)
    lines = _lines(para)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines[1:]:
        assert line[:1] not in CANNOT_START, (lines, width)
    for line in lines[:-1]:
        assert line[-1:] not in CANNOT_END, (lines, width)
    # A number that fits on a line (with the opening marks bound before it) is never cut.
    ends, pos = set(), 0
    for line in lines[:-1]:
        pos += len(line.replace(" ", ""))
        ends.add(pos)
    flat_at = [0]  # position in the text without spaces, per position in the text
    for ch in text:
        flat_at.append(flat_at[-1] + (ch != " "))
    for m in re.finditer(r"[（《「『【“]*([0-9]+)", text):
        if string_width(m.group(0), style.fontSize) + 2 * style.fontSize > width:
            continue
        inside = {flat_at[i] for i in range(m.start(1) + 1, m.end(1))}
        assert not (inside & ends), (m.group(1), lines, width)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_paragraph(), st.floats(min_value=50, max_value=420), st.booleans())
def test_chinese_lines_obey_kinsoku_and_keep_numbers(text: str, width: float, markup: bool) -> None:
    _check(text, width, "zh", markup)


@settings(max_examples=150, deadline=None)
@given(_paragraph(), st.floats(min_value=50, max_value=420))
def test_chinese_in_an_english_dossier_obeys_the_same_rules(text: str, width: float) -> None:
    """A zh case built with --lang en: untranslated Chinese in an English paragraph."""
    _check(text, width, "en", False)


def test_order_number_is_one_piece() -> None:
    register_fonts()
    text = "订单号3891234567890123，买家已于当日申请退款（退货退款）。"
    for width in range(100, 300, 7):
        para = Paragraph(text, Styles("zh").body)
        para.wrap(width, 1000)
        assert any("3891234567890123" in line for line in _lines(para)), width


def test_pack_caption_wraps_by_the_rules_and_a_cut_one_ends_with_an_ellipsis() -> None:
    from PIL import Image, ImageDraw

    from evidencekit.outputs.pack import _Fonts, _one_line, _wrap

    fonts = _Fonts()
    font = fonts.get(28, True)
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    text = "E-01  订单号3891234567890123的商品外壳开裂，（右下角）。" * 2
    for width in range(160, 700, 37):
        lines = _wrap(draw, text, font, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(line[:1] not in CANNOT_START for line in lines[1:]), lines
        assert all(line[-1:] not in CANNOT_END for line in lines[:-1]), lines
        if draw.textlength("3891234567890123", font=font) <= width:
            # A number is kept whole when it fits a line; a wider one must break, or it
            # would run off the image.
            assert any("3891234567890123" in line for line in lines), (width, lines)
        cut = _one_line(draw, text, font, width)
        assert cut.endswith("…") and draw.textlength(cut, font=font) <= width
    assert _one_line(draw, "E-01 短", font, 600) == "E-01 短"
