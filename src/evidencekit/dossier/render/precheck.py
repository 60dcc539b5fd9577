"""The pre-check (``evidencekit audit DIR --pdf OUT.pdf``): the buyer's private preparation.

Issue 20, "two documents": the dossier states facts for the other side; this report holds what
the buyer must not hand over: every finding with the objection the other side could raise and
the fix, the deadlines (missed ones too), and what to collect next. Every page carries the
mark "仅供买家自查，请勿提交" / "For your own review, do not submit".

Its wording lives here rather than in i18n.py: one document, read and reviewed as a whole.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    PageTemplate,
    Spacer,
)

from evidencekit.dossier import pagegeom as g
from evidencekit.dossier.render import styles as st
from evidencekit.dossier.render.audit import unique_findings
from evidencekit.dossier.render.i18n import label
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import body_frame, pdf_settings
from evidencekit.dossier.render.text import FONT, FONT_BOLD, Glyphs, register_fonts
from evidencekit.models import AuditResult, Finding, Severity

PT: dict[str, dict[str, str]] = {
    "zh": {
        "mark": "仅供买家自查，请勿提交",
        "title": "证据自查报告",
        "intro": "以下是对方可能提出的异议及补救建议、期限（包括已经错过的），以及还需要收集的材料。"
        "本报告只供你自己准备之用，请勿提交给卖家、平台、12315 或法院；提交用的是 "
        "evidencekit build 生成的证据材料，其中只陈述事实。",
        "case": "案件",
        "order": "订单号",
        "files": "文件 {n} 个，其中证据 {e} 件",
        "date": "自查日期",
        "summary": "严重 {e} 条 · 警告 {w} 条 · 提示 {i} 条",
        "deadlines": "期限",
        "no_deadlines": "没有可计算的期限（请在 case.toml 中添加 [[event]] 订单事件）。",
        "collect": "还需要收集或补充的材料",
        "no_collect": "未发现缺少的材料。",
        "findings": "逐项异议与补救",
        "no_findings": "未发现问题。",
        "objection": "对方可能提出",
        "fix": "补救建议",
        "case_level": "整体",
        "missed": "已错过",
        "page": "第 {n} 页",
    },
    "en": {
        "mark": "For your own review, do not submit",
        "title": "Evidence pre-check",
        "intro": "The objections the other side could raise and how to fix them, the deadlines "
        "(missed ones too) and what to collect next. This report is for your own preparation: "
        "do not send it to the seller, the platform or a court; what you submit is the dossier "
        "that evidencekit build writes, which states facts only.",
        "case": "Case",
        "order": "Order",
        "files": "{n} files, {e} of them exhibits",
        "date": "Checked on",
        "summary": "{e} errors · {w} warnings · {i} notes",
        "deadlines": "Deadlines",
        "no_deadlines": "No deadlines can be computed (add the order's [[event]] entries to "
        "case.toml).",
        "collect": "What to collect or add next",
        "no_collect": "Nothing is missing.",
        "findings": "Objections and fixes, one by one",
        "no_findings": "No problems found.",
        "objection": "The other side could say",
        "fix": "Remedy",
        "case_level": "case",
        "missed": "missed",
        "page": "page {n}",
    },
}


def pt(lang: str, key: str, **kw: Any) -> str:
    text = PT.get(lang, PT["zh"])[key]
    return text.format(**kw) if kw else text


@dataclass(frozen=True)
class PrecheckSpec:
    result: AuditResult
    lang: str
    date: datetime
    """"Now" of the check (``--at``, ``SOURCE_DATE_EPOCH`` or the clock)."""
    numbers: dict[str, str]
    """Item path -> exhibit number, as the dossier numbers them."""
    deadlines: tuple[tuple[str, bool], ...]
    """(line, missed) per deadline, relative to ``date``."""
    version: str


class _Doc(BaseDocTemplate):
    def __init__(self, buf: Any, spec: PrecheckSpec, gl: Glyphs) -> None:
        title = gl.safe(f"{pt(spec.lang, 'title')} · {pt(spec.lang, 'mark')}")
        subject = gl.safe(pt(spec.lang, "mark"))
        super().__init__(buf, **pdf_settings(spec.version, spec.lang, title, subject))
        self.spec, self.gl = spec, gl
        self.addPageTemplates([PageTemplate("page", [body_frame()], onPage=self._mark)])

    def _mark(self, c: Canvas, doc: Any) -> None:
        """The do-not-submit band at the top and the bottom of every page."""
        lang, safe = self.spec.lang, self.gl.safe
        w, h = g.A4
        mark = safe(pt(lang, "mark"))
        c.saveState()
        c.setFillColor(st.ACCENT)
        c.rect(0, h - 30, w, 30, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.setFont(FONT_BOLD, 13)
        c.drawCentredString(w / 2, h - 20, mark)
        c.setFillColor(st.ACCENT)
        c.setFont(FONT_BOLD, 9)
        bottom = g.MARGIN_BOTTOM - 22
        c.drawString(g.MARGIN_X, bottom, mark)
        c.setFillColor(st.MUTED)
        c.setFont(FONT, 8.5)
        c.drawRightString(w - g.MARGIN_X, bottom, safe(pt(lang, "page", n=c.getPageNumber())))
        c.restoreState()


def _where(f: Finding, spec: PrecheckSpec) -> str:
    if not f.path:
        return pt(spec.lang, "case_level")
    num = spec.numbers.get(f.path)
    return f"{num} {f.path}" if num else f.path


def _finding(f: Finding, spec: PrecheckSpec, s: Styles, gl: Glyphs) -> Flowable:
    lang, p = spec.lang, gl.para
    message, remedy = f.text(lang)
    colon = "：" if lang == "zh" else ": "
    color = st.SEVERITY_HEX[f.severity.value]
    sev = label(lang, "severity", f.severity.value)
    head = f"<font color='{color}'><b>{p(sev)}</b></font> <b>{f.code}</b> · {p(_where(f, spec))}"
    return KeepTogether(
        [
            Paragraph(head, s.small),
            Paragraph(f"<b>{p(pt(lang, 'objection'))}</b>{colon}{p(message)}", s.body),
            Paragraph(f"<b>{p(pt(lang, 'fix'))}</b>{colon}{p(remedy)}", s.muted),
            Spacer(1, 4),
        ]
    )


def _story(spec: PrecheckSpec, s: Styles, gl: Glyphs) -> list[Flowable]:
    lang, p, case = spec.lang, gl.para, spec.result.case
    findings = unique_findings(spec.result.all_findings() + list(case.warnings), spec.result)
    count = {sev: sum(1 for f in findings if f.severity == sev) for sev in Severity}
    local = spec.date.astimezone(_zone(case.timezone))
    facts = [
        f"{pt(lang, 'order')} {case.order_id or '—'} · {label(lang, 'platform', case.platform)}",
        pt(lang, "files", n=len(spec.result.items), e=len(spec.numbers)),
        f"{pt(lang, 'date')} {local.strftime('%Y-%m-%d %H:%M')}",
        pt(
            lang,
            "summary",
            e=count[Severity.ERROR],
            w=count[Severity.WARNING],
            i=count[Severity.INFO],
        ),
    ]
    out: list[Flowable] = [
        Spacer(1, 6),
        Paragraph(p(pt(lang, "title")), s.title),
        Paragraph(p(pt(lang, "intro")), s.body),
        Spacer(1, 2),
        Paragraph(p(" · ".join(facts[:2])), s.small),
        Paragraph(p(" · ".join(facts[2:])), s.small),
        Spacer(1, 6),
        Paragraph(p(pt(lang, "deadlines")), s.h1),
    ]
    if not spec.deadlines:
        out.append(Paragraph(p(pt(lang, "no_deadlines")), s.body))
    for line, missed in spec.deadlines:
        text = p("• " + line)
        if missed:
            text = f"<font color='{st.SEVERITY_HEX['error']}'>{text}</font>"
        out.append(Paragraph(text, s.body))
    out.append(Paragraph(p(pt(lang, "collect")), s.h1))
    todo = [f for f in findings if f.path is None and f.severity != Severity.INFO]
    if not todo:
        out.append(Paragraph(p(pt(lang, "no_collect")), s.body))
    for f in todo:
        out.append(Paragraph(p(f"• {f.code} {f.text(lang)[1]}"), s.body))
    out.append(Paragraph(p(pt(lang, "findings")), s.h1))
    if not findings:
        out.append(Paragraph(p(pt(lang, "no_findings")), s.body))
    order = {path: i for i, path in enumerate(spec.numbers)}
    for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        group = [f for f in findings if f.severity == sev]
        if not group:
            continue
        group.sort(
            key=lambda f: (f.path is not None, order.get(f.path or "", 1 << 30), f.path or "")
        )
        n = len(group)
        title = f"{label(lang, 'severity', sev.value)}" + (
            f"（{n}）" if lang == "zh" else f" ({n})"
        )
        out.append(Paragraph(f"<font color='{st.SEVERITY_HEX[sev.value]}'>{p(title)}</font>", s.h2))
        out += [_finding(f, spec, s, gl) for f in group]
    return out


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - an invalid zone was reported by the audit
        return ZoneInfo("UTC")


def render_precheck(spec: PrecheckSpec) -> bytes:
    """The pre-check as PDF bytes (deterministic: reportlab's invariant mode, fixed dates)."""
    register_fonts()
    gl = Glyphs()
    s = Styles(spec.lang)
    buf = io.BytesIO()
    doc = _Doc(buf, spec, gl)
    doc.build(_story(spec, s, gl))
    return buf.getvalue()
