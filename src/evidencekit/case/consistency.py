"""Contradictions inside case.toml that are findings, not errors (issue 15): an amount written
as a number, two ``[[file]]`` tables for one path. Timeline contradictions (delivered before
shipped, events in the future) are audit findings (``audit/checks/contradictions.py``)."""

from __future__ import annotations

from evidencekit.models import FileSetting, Finding, Severity


def number_amount(where: str, where_zh: str, key: str, raw: float, text: str) -> Finding:
    """``amount = 1280.0``: read, reported, printed as money (¥1280.00, never ¥1280.0)."""
    return Finding(
        "EK207",
        Severity.WARNING,
        f"{where} is written as a number ({raw!r}); read as {text}",
        f'write it as text with two decimals, e.g. {key} = "{text}"',
        message_zh=f"{where_zh} 写成了数字（{raw!r}），按 {text} 读取",
        remedy_zh=f'请写成带两位小数的文本，例如 {key} = "{text}"',
    )


def duplicate_files(files: tuple[FileSetting, ...]) -> list[Finding]:
    """Two ``[[file]]`` tables for one path contradict each other: only the first one counts."""
    out: list[Finding] = []
    first: dict[str, int | None] = {}
    for f in files:
        if f.path in first:
            out.append(
                Finding(
                    "EK208",
                    Severity.WARNING,
                    f"case.toml line {f.line or '?'}: a second [[file]] for {f.path} (first at line "
                    f"{first[f.path]}); only the first one is used",
                    "merge the two [[file]] tables into one",
                    message_zh=f"case.toml 第 {f.line or '?'} 行：{f.path} 有第二个 [[file]]（第一个在第 "
                    f"{first[f.path]} 行），只采用第一个",
                    remedy_zh="请把这两个 [[file]] 合并为一个",
                )
            )
        else:
            first[f.path] = f.line
    return out
