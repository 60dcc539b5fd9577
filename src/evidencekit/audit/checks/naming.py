"""File names inside finding messages, bounded: a message names at most ``MAX_NAMES`` files,
each at most ``MAX_NAME`` characters (the middle elided), and counts the rest.

Six look-alike photos with 241-character names made one EK450 message of 5,708 characters,
taller than an exhibit page's info box (issue 19); the full list is in ``audit --json``'s
items, each of which carries its own finding.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_NAMES = 3
MAX_NAME = 60


def short_name(path: str, limit: int = MAX_NAME) -> str:
    """``path`` with its middle replaced by … when longer than ``limit`` (the extension and
    the start, which people recognise, stay)."""
    if len(path) <= limit:
        return path
    head = (limit - 1) * 2 // 3
    tail = limit - 1 - head
    return f"{path[:head]}…{path[-tail:]}"


def name_list(paths: Sequence[str], zh: bool = False) -> str:
    """``a, b, c and 4 more`` / ``a、b、c 等 7 个文件``."""
    shown = [short_name(p) for p in paths[:MAX_NAMES]]
    rest = len(paths) - len(shown)
    if zh:
        text = "、".join(shown)
        return f"{text} 等 {len(paths)} 个文件" if rest else text
    text = ", ".join(shown)
    return f"{text} and {rest} more" if rest else text
