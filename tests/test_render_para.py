"""render.styles.Paragraph: the plain-text fast path and the wrap memo give reportlab's result."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph as RLParagraph

from evidencekit.render.styles import Paragraph, Styles
from evidencekit.render.text import register_fonts

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
    for width in (60.0, 140.0, 400.0):
        assert ours.wrap(width, 800) == theirs.wrap(width, 800)
        assert ours.wrap(width, 800) == theirs.wrap(width, 800)  # memo hit: same answer
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
