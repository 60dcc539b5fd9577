"""Findings that compare files with each other (exact duplicates)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from evidencekit.audit.checks.naming import name_list
from evidencekit.models import EvidenceItem, Finding, Severity


def duplicates(items: list[EvidenceItem]) -> dict[str, Finding]:
    """Same SHA-256 under two or more names: the seller can say the buyer pads the evidence."""
    groups: dict[str, list[str]] = defaultdict(list)
    for it in items:
        if it.sha256:
            groups[it.sha256].append(it.path)
    out = {}
    for paths in groups.values():
        if len(paths) < 2:
            continue
        for p in paths:
            others = name_list([q for q in paths if q != p])
            others_zh = name_list([q for q in paths if q != p], zh=True)
            out[p] = Finding(
                "EK111",
                Severity.WARNING,
                f"{p} is byte-for-byte the same file as {others}; showing one photo twice "
                "invites the objection that the evidence is padded",
                "keep one copy (or exclude the other with exclude = true in case.toml)",
                p,
                f"{p} 与 {others_zh} 是完全相同的文件（逐字节一致）；同一张照片放两次，"
                "对方会说你在凑证据数量",
                "只保留一份（或在 case.toml 中用 exclude = true 排除另一份）",
            )
    return out


def apply(items: list[EvidenceItem]) -> list[EvidenceItem]:
    dup = duplicates(items)
    return [
        dataclasses.replace(it, findings=it.findings + (dup[it.path],)) if it.path in dup else it
        for it in items
    ]
