"""Chinese typesetting for the texts the tool writes: no space between a Chinese character
(or full-width punctuation) and a number ("拍摄于 2025-12-14" -> "拍摄于2025-12-14",
"下单 6 天之后" -> "下单6天之后", review-texts.md 13). File names are left as they are: a
space inside one ("破损特写 2.jpg") is part of the name."""

from __future__ import annotations

import re

_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_BEFORE = re.compile(f"(?<=[{_CJK}]) +(?=[0-9])")
_AFTER = re.compile(f"(?<=[0-9]) +(?=[{_CJK}])")
_PATHLIKE = re.compile(
    r"[^\s，。；：、（）“”]*/[^\s，。；：、（）“”]*|[^\s，。；：、（）“”]+\.[A-Za-z0-9]{2,5}\b"
)


def tight(text: str) -> str:
    """``text`` without the spaces a Chinese typesetter would not put next to a number."""
    if not text or not re.search(f"[{_CJK}]", text):
        return text
    kept: list[str] = []

    def mask(m: re.Match[str]) -> str:
        kept.append(m.group())
        return f"\0{len(kept) - 1}\0"

    # A path and the words around it keep their spaces (the name may contain one).
    masked = _PATHLIKE.sub(mask, text)
    out = _AFTER.sub("", _BEFORE.sub("", masked))
    return re.sub(r"\0(\d+)\0", lambda m: kept[int(m.group(1))], out)
