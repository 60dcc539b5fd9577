"""Where a line of Chinese (or mixed) text may break: 行首禁则, 行尾禁则, and whole numbers.

Chinese typesetting (W3C "Requirements for Chinese Text Layout" 3.1.7, GB/T 15834 usage) never
starts a line with a closing or pausing mark (，。、；：？！）》」』】 …) and never ends one with an
opening mark (（《「『【 …). An order number, an amount or a time copied from the dossier must read
as one piece, so a run of digits is not broken either ("3891234567890123", not "3 / 8912345678 /
90123"), and a Latin word or file name is kept whole when it fits on a line.

``break_lines`` is greedy like reportlab's own CJK splitter (it fills each line as far as it
can) but it chooses the last *allowed* break point, relaxing the rules in tiers only when a
line has none: first every rule; then Latin words may break but numbers and punctuation rules
hold; then up to three closing marks may hang past the margin (as reportlab lets one do); then
numbers may break (a number wider than the line); only then a hard cut. No reportlab here: the dossier's
paragraphs (render/cjkbreak.py) and the pack's captions (outputs/pack.py) share it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

CANNOT_START = frozenset(
    "，。、；：？！）》」』】〕〗〉］｝”’…‥—～·・％‰℃°′″"
    ",.;:?!)]}%"
    "々ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ゛゜ヽヾゝゞ―‐"
)
"""No line starts with these (行首禁则): closing and pausing marks, units that follow a number."""
CANNOT_END = frozenset("（《「『【〔〖〈［｛“‘([{￥$£€¥#＃")
"""No line ends with these (行尾禁则): opening marks, and currency signs that precede a number."""
_WORD_JOIN = frozenset("._-/:+@#&'’_")
"""Inside a Latin word or file name ("IMG_2025.jpg", "E-01", "10:03"): not a break point."""
_NUMBER_JOIN = frozenset(".,:")
"""Between two digits these keep a number whole ("1,280.00", "10:03:12")."""
FUZZ = 1e-8


def is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _wordish(ch: str) -> bool:
    """A character of a Latin word, number or file name (not CJK, not a space)."""
    return bool(ch) and ord(ch) < 0x2E80 and (ch.isalnum() or ch in _WORD_JOIN)


def _in_number(chars: Sequence[str], b: int) -> bool:
    """Breaking before ``chars[b]`` would cut a number ("12|34", "1,|280", "1|,280")."""
    a, c = chars[b - 1], chars[b]
    if is_digit(a) and is_digit(c):
        return True
    if a in _NUMBER_JOIN and is_digit(c) and b >= 2 and is_digit(chars[b - 2]):
        return True
    return is_digit(a) and c in _NUMBER_JOIN and b + 1 < len(chars) and is_digit(chars[b + 1])


def _kinsoku_ok(chars: Sequence[str], b: int) -> bool:
    # Spaces at a break vanish, so the marks on either side of them count ("买 ，" cannot
    # break at the space either).
    n, after = len(chars), b
    while after < n and chars[after].isspace():
        after += 1
    before = b - 1
    while before > 0 and chars[before].isspace():
        before -= 1
    return (after == n or chars[after] not in CANNOT_START) and chars[before] not in CANNOT_END


def _tiers(chars: Sequence[str]) -> list[Callable[[int], bool]]:
    def strict(b: int) -> bool:
        if not _kinsoku_ok(chars, b):
            return False
        return not (_wordish(chars[b - 1]) and _wordish(chars[b]))

    def numbers_whole(b: int) -> bool:
        return _kinsoku_ok(chars, b) and not _in_number(chars, b)

    def kinsoku(b: int) -> bool:
        return _kinsoku_ok(chars, b)

    return [strict, numbers_whole, kinsoku]


def _choose(chars: Sequence[str], start: int, k: int) -> int:
    """The break for a line from ``start`` whose character ``k`` does not fit."""
    strict, numbers_whole, kinsoku = _tiers(chars)
    for allowed in (strict, numbers_whole):
        for b in range(k, start, -1):
            if allowed(b):
                return b
    # Hang up to three closing marks past the margin rather than start a line with one or
    # cut the number they follow ("3891234567890123，" on a line just as wide as the number).
    b = k
    while b < len(chars) and b - k < 3 and (chars[b] in CANNOT_START or chars[b].isspace()):
        b += 1
    if b > k and (b == len(chars) or kinsoku(b)):
        return b
    for b in range(k, start, -1):
        if kinsoku(b):
            return b
    return k  # a hard cut: nothing on this line may break


def break_lines(
    chars: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    forced: Callable[[int], bool] | None = None,
) -> list[tuple[int, int, float]]:
    """Lines as (start, end, width used): ``chars[start:end]``, with trailing spaces left out of
    ``end`` and leading spaces of the next line skipped. ``forced(i)``: a hard break after ``i``
    (a <br/>). ``max_widths[i]`` is line i's width, the last one repeating."""
    n = len(chars)
    lines: list[tuple[int, int, float]] = []
    start = 0
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        end = -1
        while i < n:
            if used + widths[i] > max_width + FUZZ and used + widths[i] > 0 and i > start:
                break
            used += widths[i]
            i += 1
            if forced is not None and forced(i - 1):
                end = i
                break
        if end < 0:
            # The first character always goes on the line, so i > start here.
            end = n if i >= n else _choose(chars, start, i)
        stop = end
        while stop > start and chars[stop - 1].isspace() and not (forced and forced(stop - 1)):
            stop -= 1
        lines.append((start, stop, sum(widths[start:stop])))
        start = end
        while start < n and chars[start].isspace():
            start += 1
    return lines
