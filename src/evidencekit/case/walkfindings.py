"""Findings of the walk itself: special files skipped unopened (EK009) and look-alike names
(EK010). Split from scan.py, which decides which files are evidence."""

from __future__ import annotations

import stat
import unicodedata

from evidencekit.models import Finding, Severity

_SPECIAL = {
    stat.S_IFIFO: ("a named pipe (FIFO)", "命名管道（FIFO）"),
    stat.S_IFSOCK: ("a socket", "套接字"),
    stat.S_IFCHR: ("a character device", "字符设备"),
    stat.S_IFBLK: ("a block device", "块设备"),
}


def special_finding(rel: str, mode: int) -> Finding:
    what, what_zh = _SPECIAL.get(stat.S_IFMT(mode), ("not a regular file", "不是普通文件"))
    return Finding(
        "EK009",
        Severity.WARNING,
        f"{rel} is {what}, not a file; it was skipped without being opened",
        "copy the real file into the case folder (a pipe or device holds no evidence)",
        rel,
        f"{rel} 是{what_zh}，不是普通文件；未打开，已跳过",
        "把真正的文件复制到案件文件夹里（管道或设备里没有证据）",
    )


def twins(walked: list[tuple[str, str]], findings: list[Finding]) -> set[str]:
    """NFC spellings that two on-disk names share (``café.jpg`` composed and decomposed): those
    files keep their own spelling as their path, so they stay two files with two numbers
    (one path made the build see one file "changed", issue 19), and a finding names them."""
    by_nfc: dict[str, list[str]] = {}
    for rel, _ in walked:
        by_nfc.setdefault(unicodedata.normalize("NFC", rel), []).append(rel)
    twins = {k for k, names in by_nfc.items() if len(names) > 1}
    for key in sorted(twins):
        shown = ", ".join(ascii(n) for n in by_nfc[key])
        findings.append(
            Finding(
                "EK010",
                Severity.WARNING,
                f"{len(by_nfc[key])} files look alike as {key} but are spelled differently "
                f"(Unicode composed/decomposed: {shown}); they are kept as separate files",
                "rename one of them so the names differ visibly",
                key,
                f"有 {len(by_nfc[key])} 个文件的名字看起来都是 {key}，但编码拼写不同"
                f"（Unicode 组合/分解形式：{shown}）；它们作为不同的文件分别处理",
                "把其中一个改名，让名字一眼就能区分",
            )
        )
    return twins
