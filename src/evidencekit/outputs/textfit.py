"""Fitting a short text into a web form's character limit (the platform letters, packs)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["fit", "fit_ranked", "text_units"]


def text_units(s: str) -> int:
    """Characters as a web form counts them: UTF-16 code units (CJK = 1; emoji = 2).

    Counting UTF-16 units rather than code points is the conservative choice: JavaScript
    ``maxlength`` counts UTF-16 units, so text fitted this way never overflows the form.
    """
    return len(s.encode("utf-16-le")) // 2


def fit(parts: Sequence[str], limit: int | None) -> str:
    """Join parts in priority order, keeping those that fit; truncate with … as a last resort."""
    if limit is None:
        return "".join(parts)
    out = ""
    for p in parts:
        if text_units(out + p) <= limit:
            out += p
        elif not out:
            cut = p
            while cut and text_units(cut + "…") > limit:
                cut = cut[:-1]
            out = cut + "…"
    return out


def fit_ranked(slots: Sequence[tuple[int, Sequence[str]]], limit: int | None) -> str:
    """The slots joined in their order, each as its first alternative that still fits,
    decided in rank order (0 most important); a slot none of whose alternatives fits is left
    out. When the most important slot alone does not fit: :func:`fit` of the first ones."""
    if limit is None:
        return "".join(alts[0] for _, alts in slots if alts)
    chosen: dict[int, str] = {}
    for i in sorted(range(len(slots)), key=lambda i: (slots[i][0], i)):
        for alt in slots[i][1]:
            trial = {**chosen, i: alt}
            if text_units("".join(trial[j] for j in sorted(trial))) <= limit:
                chosen[i] = alt
                break
    if not chosen or min(chosen) != min(range(len(slots)), key=lambda i: (slots[i][0], i)):
        return fit([alts[0] for _, alts in slots if alts], limit)
    return "".join(chosen[j] for j in sorted(chosen))
