"""The words of an upload pack, in the pack's language: each sheet's header ("订单号3891…
第1/5张" / "Order 3891… · image 1 of 5"), each exhibit's label, and ``pack.txt`` (which image
holds which exhibits, what was left out and why, what to type in the description field).
The drawing is ``pack.py``'s; which exhibits go in, ``pack_select.py``'s."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.models import EvidenceItem
from evidencekit.outputs.pack_select import LeftOut, left_out_lines
from evidencekit.rules.profiles import Profile, mb

if TYPE_CHECKING:
    from evidencekit.outputs.pack import Sheet


def sheet_head(order: str, index: int, count: int, lang: str) -> str:
    """订单号3891234567890123 第1/5张 / Order 3891234567890123 · image 1 of 5."""
    if lang == "zh":
        return f"订单号{order} 第{index}/{count}张"
    return f"Order {order} · image {index} of {count}"


def label(it: EvidenceItem, number: str, lang: str) -> tuple[str, str]:
    """(``E-03  caption``, the capture time or 时间不明 / time unknown)."""
    cap = it.capture
    unknown = "拍摄时间不明" if lang == "zh" else "time unknown"
    if cap.date_only:  # 2025年12月15日（仅日期）: never a midnight no source stated
        when = cap.shown(lang)
    else:
        when = cap.local.strftime("%Y-%m-%d %H:%M") if cap.local else unknown
    return f"{number}  {it.caption or Path(it.path).name}", when


def columns_note(cols: int, lang: str) -> str:
    """A long screenshot cut into side-by-side columns: say how many."""
    return f"→ 分{cols}栏显示" if lang == "zh" else f"→ {cols} columns"


def limits_zh(profile: Profile) -> str:
    """An image profile's limits for a Chinese reader: 最多5张，每张不超过1.0 MB，jpg格式."""
    parts = []
    if profile.max_count:
        parts.append(f"最多{profile.max_count}张")
    if profile.max_bytes:
        parts.append(f"每张不超过{mb(profile.max_bytes)}")
    if profile.formats:
        parts.append("/".join(profile.formats) + "格式")
    return "，".join(parts) or "无上传限制"


def pack_text(
    profile: Profile, sheets: Sequence[Sheet], left: Sequence[LeftOut], desc: str, lang: str
) -> str:
    zh = lang == "zh"
    lines = [
        f"{profile.title_zh}：{limits_zh(profile)}"
        if zh
        else f"{profile.title_en}: {profile.limits_text()}",
        "",
        "上传顺序与内容：" if zh else "Upload in this order:",
    ]
    for s in sheets:
        kb = s.size // 1000
        lines.append(
            f"  {s.file.name}  {'、'.join(s.exhibits)}（{kb} KB）"
            if zh
            else f"  {s.file.name}  {', '.join(s.exhibits)}  ({kb} KB)"
        )
    if left:
        head = (
            "未放入（图片张数有限：先去掉副本和有错误级问题的证据，保留本诉求最需要的证据）："
            if zh
            else "Left out (the image limit: copies and exhibits with error findings first; "
            "what the claim needs is kept):"
        )
        lines += ["", head, *("  " + line for line in left_out_lines(left, zh))]
    lines += ["", "描述栏填写：" if zh else "Type in the description field:", desc, ""]
    return "\n".join(lines)
