"""render.styles.Paragraph: the plain-text fast path and the wrap memo give reportlab's result."""

from __future__ import annotations

import random

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as RLParagraph

from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.text import register_fonts, string_width

TEXTS = [
    "hello world",
    "退货退款 E-01 拍摄时间 2025-12-16 10:03:12 +08:00",
    "  leading and\n  trailing   lines  ",
    "a_very_long_file_name_without_spaces_IMG_20251216_100312_com.alibaba.wireless.png",
    "SHA-256 cd662ce395be8b862e517bfaf6fc86f11ca1a17e594f1e3f3718ce4ce69cc4af",
    "<b>markup</b> takes the parser",
    "x &amp; y",
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("text", TEXTS)
def test_same_lines_as_reportlab(lang: str, text: str) -> None:
    register_fonts()
    style = Styles(lang).cell
    ours, theirs = Paragraph(text, style), RLParagraph(text, style)
    assert [f.__dict__ for f in ours.frags] == [f.__dict__ for f in theirs.frags]
    # Chinese text and text holding Chinese break by render/linebreak's rules (test_linebreak);
    # pure Latin text in an English dossier is reportlab's own word wrap, unless a word is
    # wider than the line (then reportlab would cut it anywhere: our breaker does it).
    latin = lang == "en" and not any(ord(ch) >= 0x2E80 for ch in text)
    for width in (60.0, 140.0, 400.0):
        first = ours.wrap(width, 800)
        assert ours.wrap(width, 800) == first  # memo hit: same answer
        words_fit = all(string_width(w, style.fontSize) <= width for w in text.split())
        if latin and words_fit:
            assert first == theirs.wrap(width, 800)
            assert _lines(ours) == _lines(theirs)


def _lines(para: RLParagraph) -> list[object]:
    """The broken lines as plain values (fragments have no __eq__)."""

    def plain(x: object) -> object:
        if isinstance(x, (list, tuple)):
            return [plain(y) for y in x]
        return {k: plain(v) for k, v in vars(x).items()} if hasattr(x, "__dict__") else x

    return [plain(line) for line in para.blPara.lines]


def test_memo_rewraps_after_split_gave_up() -> None:
    register_fonts()
    para = Paragraph("字" * 400, Styles("zh").cell)
    w, h = para.wrap(100, 800)
    parts = para.split(100, 50)
    assert len(parts) == 2
    assert para.wrap(100, 800) == (w, h)  # wrapped again, not a stale memo


# ------------------------------------------------------------ CJK line breaking (cjkbreak.py)

_PIECES = ["退货退款", "拍摄时间", "证据", "字", "买家手机拍摄"]
"""Pure Chinese without punctuation: where no 禁则 applies, the lines are reportlab's."""
_MARKUP = [
    ("<b>", "</b>"),
    ("<font color='#b00020'>", "</font>"),
    ("<font size='14'>", "</font>"),
    ("<i>", "</i>"),
]


def _random_text(rng: random.Random, markup: bool) -> str:
    parts = []
    for _ in range(rng.randrange(1, 40)):
        piece = rng.choice(_PIECES)
        if markup:
            piece = piece.replace("&", "&amp;").replace("<", "&lt;")
            r = rng.random()
            if r < 0.25:
                a, b = rng.choice(_MARKUP)
                piece = f"{a}{piece}{b}"
            elif r < 0.32:
                piece += "<br/>"
        parts.append(piece)
    return "".join(parts)


def _broken(lines: object) -> object:
    def plain(x: object) -> object:
        if isinstance(x, (list, tuple)):
            return [plain(y) for y in x]
        return {k: plain(v) for k, v in vars(x).items()} if hasattr(x, "__dict__") else x

    return plain(lines)


def _no_current_width(x: object) -> object:
    if isinstance(x, list):
        return [_no_current_width(y) for y in x]
    if isinstance(x, dict):
        return {k: _no_current_width(v) for k, v in x.items() if k != "currentWidth"}
    return x


@pytest.mark.parametrize("markup", [False, True])
@pytest.mark.parametrize("auto_leading", ["", "max"])
def test_cjk_breaking_same_as_reportlab(markup: bool, auto_leading: str) -> None:
    """400 random Chinese paragraphs with markup, several widths (some narrower than one
    character, some per-line lists): where no 禁则 applies, every field of every line equals
    reportlab's own breakLinesCJK (but ``currentWidth``: reportlab counts the character it
    pushed to the next line in the width of this one)."""
    register_fonts()
    rng = random.Random(f"{markup}{auto_leading}")
    base = Styles("zh")
    styles = [base.cell, base.cell_bold, base.h2, base.code]
    if auto_leading:
        styles = [ParagraphStyle(f"al{i}", parent=s, autoLeading=auto_leading) for i, s in
                  enumerate(styles)]  # fmt: skip
    checked = 0
    for _ in range(400):
        text = _random_text(rng, markup)
        style = rng.choice(styles)
        ours, theirs = Paragraph(text, style), RLParagraph(text, style)
        for widths in (rng.uniform(4, 40), rng.uniform(40, 500), [rng.uniform(20, 80), 300.0]):
            a = _no_current_width(_broken(ours.breakLinesCJK(widths)))
            b = _no_current_width(_broken(theirs.breakLinesCJK(widths)))
            assert a == b, (text, widths)
            checked += 1
    assert checked == 1200


def test_cjk_breaking_uses_the_memo_not_reportlab() -> None:
    """The fast path is taken (a failure here means the override fell back to reportlab)."""
    from reportlab.platypus import paragraph as rl_para

    register_fonts()
    style = Styles("zh").cell
    calls = []
    original = rl_para.cjkFragSplit
    rl_para.cjkFragSplit = lambda *a, **k: calls.append(1) or original(*a, **k)
    try:
        para = Paragraph("退货<b>退款</b>说明" * 20, style)
        para.wrap(120, 800)
    finally:
        rl_para.cjkFragSplit = original
    assert calls == []
    assert len(para.blPara.lines) > 3


def test_fp_str_memo_same_text_as_reportlab() -> None:
    from reportlab.lib import rl_accel

    from evidencekit.dossier.render import numbers

    py = rl_accel._py_fp_str
    rng = random.Random(7)
    values: list[object] = [0, 0.0, -0.0, 1, 1.0, True, 1e-8, -1e-8, 1e-7, 0.5, 0.25, 595.2756, 1e9]
    values += [rng.uniform(-1000, 1000) for _ in range(3000)]
    values += [rng.randrange(-5000, 5000) for _ in range(500)]
    values += [round(rng.uniform(0, 30), rng.randrange(0, 4)) for _ in range(500)]
    for _ in range(2):  # the second round answers from the memo
        for v in values:
            assert numbers.fp_str(v) == py(v), v
    assert numbers.fp_str(1, 2.5, -3) == py(1, 2.5, -3) == "1 2.5 -3"
    assert numbers.fp_str([0.1, 72]) == py([0.1, 72])
    # Installed where reportlab bound the pure-Python function (no C accelerator here).
    from reportlab.pdfgen import canvas

    import evidencekit.dossier.render  # noqa: F401 - installs on import

    assert canvas.fp_str in (numbers.fp_str, rl_accel.fp_str)
    if rl_accel.fp_str is not numbers.fp_str:
        assert "_py_" not in getattr(rl_accel.fp_str, "__name__", "")  # the C one, left alone


def test_markup_fragments_same_as_reportlab_parser() -> None:
    """Simple markup is parsed once per shape (render/styles.py): over 1,500 random texts the
    fragments equal those of reportlab's own parse, including texts whose shape repeats."""
    register_fonts()
    rng = random.Random(11)
    base = Styles("zh")
    styles = [base.cell, base.cell_bold, base.small]
    extra = [
        "<a href='#E-01' color='#0b4f9c'><b>E-01</b></a><br/><font color='#555555'>照片</font>",
        "<b> spaced </b> <i>x</i>",
        "<br/><br/>two breaks",
        "a < b but > c",
        "<greek>a</greek>",
        "<para>x</para>",
        "<a name='anchor'/>named",
        "tail<br/>",
        "\U000f0001 placeholder-like text <b>x</b>",
    ]
    texts = extra + [_random_text(rng, True) for _ in range(1500)]
    for i, text in enumerate(texts):
        style = styles[i % len(styles)]
        try:
            theirs = RLParagraph(text, style)
        except ValueError:
            with pytest.raises(ValueError):
                Paragraph(text, style)
            continue
        ours = Paragraph(text, style)
        assert _broken(ours.frags) == _broken(theirs.frags), text
        assert ours.text == theirs.text
        if ours.frags and theirs.frags:
            # No list is shared between paragraphs of the same shape.
            again = Paragraph(text, style)
            for a, b in zip(ours.frags, again.frags, strict=True):
                assert all(v is not getattr(b, k) for k, v in a.__dict__.items() if type(v) is list)
