"""Audit output: the JSON document for scripts and the terminal report (the only rich user)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from evidencekit import __version__
from evidencekit.errors import safe_text
from evidencekit.models import AuditResult, EvidenceItem, Finding, Severity
from evidencekit.rules import devices, kinds

if TYPE_CHECKING:
    from evidencekit.audit.pixels import PixelFacts

SCHEMA = "evidencekit.audit/1"
_SEV_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def pixels_json(px: PixelFacts | None) -> dict[str, Any] | None:
    """What the pixels show; None when they were not examined (not an image, unreadable).
    Boxes are ``[x0, y0, x1, y1]`` in pixels of the upright full-size image (``size``)."""
    if px is None:
        return None
    return {
        "size": list(px.size) if px.size else None,
        "dhash": px.dhash or None,
        "barcodes": [{"format": f, "text": t} for f, t in px.barcodes],
        "ocr_state": px.ocr_state or None,
        "text": [{"text": t, "box": list(b)} for t, b in px.ocr_lines],
        "error": px.error or None,
    }


def item_json(it: EvidenceItem, px: PixelFacts | None = None) -> dict[str, Any]:
    m = it.meta
    cap = it.capture
    return {
        "path": it.path,
        "category": it.source.category.value,
        "category_source": it.source.category_source,
        "sha256": it.sha256,
        "size": it.source.size,
        "media_type": it.source.media_type,
        "is_image": it.source.is_image,
        "captured_at": cap.isoformat(),
        "captured_at_utc": cap.utc.isoformat().replace("+00:00", "Z") if cap.utc else None,
        "captured_at_source": cap.source if cap.local else None,
        "offset_assumed": cap.offset_assumed,
        "confidence": cap.confidence.value,
        "captured_at_precision": cap.precision if cap.local else None,
        "captured_date": cap.local.date().isoformat() if cap.date_only and cap.local else None,
        "width": m.width,
        "height": m.height,
        "orientation": m.orientation,
        "exif": m.exif_state.value,
        "device": devices.device_name(m.make, m.model) or None,
        "device_kind": devices.kind_of(m.make, m.model) if m.make else None,
        "software": m.software or None,
        "gps_present": m.gps is not None,
        "caption": it.caption,
        "claims": [
            {
                "source": c.source,
                "local": c.local.isoformat(),
                "offset_minutes": c.offset_minutes,
                "raw": c.raw,
                "precision": c.precision,
            }
            for c in m.claims
        ],
        "findings": [f.to_json() for f in it.findings],
        "pixels": pixels_json(px),
        "video": m.video.to_json() if m.video else None,
    }


def summary(result: AuditResult) -> dict[str, int]:
    all_f = result.all_findings()
    return {
        "files": len(result.items),
        "images": sum(1 for it in result.items if it.source.is_image),
        "errors": sum(1 for f in all_f if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in all_f if f.severity is Severity.WARNING),
        "info": sum(1 for f in all_f if f.severity is Severity.INFO),
    }


def audit_json(result: AuditResult, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    c = result.case
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "tool": {"name": "evidencekit", "version": __version__},
        "case": {
            "folder": result.root_name,
            "platform": c.platform,
            "order_id": c.order_id,
            "timezone": c.timezone,
            "language": c.language,
            "buyer_type": c.buyer_type,
            "claim": c.claim,
            "refund_type": c.refund_type,
            "amount": c.amount,
            "currency": c.currency,
            "events": [
                {
                    "kind": e.kind,
                    "at": e.at_local.isoformat(),
                    "utc": e.utc.isoformat().replace("+00:00", "Z"),
                    "tracking": e.tracking,
                    "carrier": e.carrier,
                    "note": e.note,
                }
                for e in c.events
            ],
        },
        "summary": summary(result),
        "items": [_with_provenance(result, it) for it in result.items],
        "findings": [f.to_json() for f in result.findings],
    }
    if extra:
        doc.update(extra)
    return doc


def _with_provenance(result: AuditResult, it: EvidenceItem) -> dict[str, Any]:
    doc = item_json(it, result.pixels.get(it.path))
    prov = result.provenance.get(it.path)
    doc["provenance"] = prov.to_json() if prov is not None else None
    return doc


def _short_time(it: EvidenceItem) -> str:
    cap = it.capture
    if cap.local is None:
        return "—"
    return cap.shown("en") if cap.date_only else cap.local.strftime("%Y-%m-%d %H:%M:%S")


def _codes(findings: tuple[Finding, ...]) -> Text:
    t = Text()
    for f in sorted(findings, key=lambda f: (-f.severity.rank, f.code)):
        if t:
            t.append(" ")
        t.append(f.code, style=_SEV_STYLE[f.severity])
    return t


# Terminal wording; the finding texts themselves come from Finding.text(lang).
_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "case": "案件",
        "order": "订单",
        "times_in": "时间按",
        "tz_assumed": "（时区推定）",
        "deadlines": "期限",
        "findings": "审查提示（对方可能提出的异议及补救办法）",
        "summary": "{files} 个文件（{images} 张图片）：{errors} 个严重问题，"
        "{warnings} 个警告，{info} 条提示",
    },
    "en": {
        "case": "Case",
        "order": "order",
        "times_in": "times in",
        "tz_assumed": " (tz assumed)",
        "deadlines": "Deadlines",
        "findings": "Findings",
        "summary": "{files} files ({images} images): {errors} errors, "
        "{warnings} warnings, {info} notes",
    },
}
_COLUMNS = {
    "zh": ("#", "文件", "类别", "拍摄时间", "来源", "可信度", "提示"),
    "en": ("#", "file", "category", "captured", "source", "conf.", "findings"),
}
_CATEGORY_ZH = {
    "product": "商品实物",
    "listing": "商品页面",
    "chat": "聊天记录",
    "parcel": "包裹物流",
    "other": "其他",
}
_CONF_ZH = {"high": "高", "medium": "中", "low": "低", "none": "无"}
# Two CJK characters (four terminal cells) each, padded like the English labels.
_SEV_ZH = {Severity.ERROR: "严重", Severity.WARNING: "警告", Severity.INFO: "提示"}


def print_report(
    result: AuditResult,
    console: Console,
    deadlines: list[str] | None = None,
    lang: str | None = None,
) -> None:
    """The human report; ``lang`` (zh | en) defaults to the case's language."""
    c = result.case
    lang = lang or c.language
    zh = lang == "zh"
    w = _WORDS["zh" if zh else "en"]
    head = f"{w['case']} {result.root_name}"
    if c.order_id:
        head += f" · {w['order']} {c.order_id}"
    claim = kinds.claim_label(c.claim, "zh" if zh else "en")
    head += f" · {c.platform} · {claim} · {w['times_in']} {c.timezone}"
    console.print(Text(safe_text(head), style="bold"))
    table = Table(show_lines=False, header_style="bold", expand=False)
    for col in _COLUMNS["zh" if zh else "en"]:
        table.add_column(col, overflow="fold")
    for n, it in enumerate(result.items, 1):
        conf = it.capture.confidence.value
        style = {"high": "green", "medium": "yellow", "low": "red", "none": "red"}[conf]
        src = it.capture.source if it.capture.local else "—"
        if it.capture.offset_assumed:
            src += w["tz_assumed"]
        cat = it.source.category.value
        table.add_row(
            str(n),
            safe_text(it.path),
            _CATEGORY_ZH.get(cat, cat) if zh else cat,
            _short_time(it),
            src,
            Text(_CONF_ZH[conf] if zh else conf, style=style),
            _codes(it.findings),
        )
    console.print(table)
    if deadlines:
        console.print(Text(f"\n{w['deadlines']}", style="bold"))
        for entry in deadlines:
            console.print("  " + safe_text(entry), highlight=False)
    findings = result.all_findings()
    if findings:
        console.print(Text(f"\n{w['findings']}", style="bold"))
    for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        for f in (f for f in findings if f.severity is sev):
            message, remedy = f.text(lang)
            line = Text()
            sev_text = f"{_SEV_ZH[sev]}    " if zh else f"{sev.value:<7} "
            line.append(f"{f.code} {sev_text}", style=_SEV_STYLE[sev])
            line.append(safe_text(message))
            console.print(line, highlight=False)
            console.print(Text(f"          -> {safe_text(remedy)}", style="dim"), highlight=False)
    s = summary(result)
    console.print(Text("\n" + w["summary"].format(**s), style="bold"))
