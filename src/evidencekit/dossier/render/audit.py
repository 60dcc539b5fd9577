"""6. Automated checks, only with ``build --include-findings`` (issue 20): every finding once,
most significant first, phrased neutrally (the observation, not the objection; no remedy). The
objections and the fixes are the pre-check's (``render.precheck``)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from evidencekit.dossier.render import styles as st
from evidencekit.dossier.render.facts import neutral
from evidencekit.dossier.render.i18n import label, t
from evidencekit.dossier.render.model import DossierSpec, Layout
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import Anchor
from evidencekit.dossier.render.text import Glyphs
from evidencekit.models import AuditResult, Finding, Severity


def audit(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    lang, p = spec.lang, gl.para
    number = {ex.item.path: ex.number for ex in spec.exhibits}
    if not spec.include_findings:
        return []
    out: list[Flowable] = [
        PageBreak(),
        Anchor("audit", t(lang, "s_audit"), 0, layout),
        Paragraph(p(t(lang, "s_audit")), s.h1),
        Paragraph(p(t(lang, "audit_intro")), s.muted),
    ]
    unique = unique_findings(
        spec.result.all_findings() + list(spec.result.case.warnings), spec.result
    )
    if not unique:
        out.append(Paragraph(p(t(lang, "audit_none")), s.body))
        return out
    for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        group = sorted((f for f in unique if f.severity == sev), key=by_exhibit(spec))
        if not group:
            continue
        color = st.SEVERITY_HEX[sev.value]
        n = len(group)
        title = f"{label(lang, 'severity', sev.value)}" + (
            f"（{n}）" if lang == "zh" else f" ({n})"
        )
        out.append(Paragraph(f"<font color='{color}'>{p(title)}</font>", s.h2))
        if spec.layout == "compact":
            out += _by_code(group, number, lang, s, gl)
            continue
        for f in group:
            where = t(lang, "case_level")
            if f.path:
                where = f"{number[f.path]} {f.path}" if f.path in number else f.path
            head = f"<b>{f.code}</b> · {p(where)}"
            if f.path in number:
                dest = "ex-" + number[f.path].lower()
                head = f'<a href="#{dest}" color="#0b4f9c">{head}</a>'
            message = neutral(f.text(lang)[0], lang)
            out.append(KeepTogether([Paragraph(head, s.small), Paragraph(p(message), s.body)]))
    return out


def _by_code(
    group: list[Finding], number: dict[str, str], lang: str, s: Styles, gl: Glyphs
) -> list[Flowable]:
    """Compact layout: findings grouped by code, one line each, a shared remedy once."""
    p = gl.para
    out: list[Flowable] = []
    for code in sorted({f.code for f in group}):
        mine = [f for f in group if f.code == code]
        out.append(Paragraph(f"<b>{code}</b> ({len(mine)})", s.small))
        for f in sorted(mine, key=lambda f: (number.get(f.path or "", "~"), f.path or "")):
            where = number.get(f.path or "") or (f.path or t(lang, "case_level"))
            head = f"<b>{p(where)}</b>"
            if f.path in number:
                head = f'<a href="#ex-{number[f.path].lower()}" color="#0b4f9c">{head}</a>'
            out.append(Paragraph(f"{head} {p(neutral(f.text(lang)[0], lang))}", s.cell))
        out.append(Spacer(1, 4))
    return out


def by_exhibit(spec: DossierSpec) -> Any:
    """Sort key: case-level findings first, then by exhibit number, then files that are not
    exhibits by path."""
    order = {ex.item.path: i for i, ex in enumerate(spec.exhibits)}

    def key(f: Finding) -> tuple[int, int, str, str]:
        if f.path is None:
            return (0, 0, "", f.code)
        return (1, order.get(f.path, len(order)), f.path, f.code)

    return key


def unique_findings(findings: list[Finding], result: AuditResult) -> list[Finding]:
    """Each finding once: the same code about the same set of files (the pair findings, "A and
    B are the same file", are reported on both A and B) is listed under the first of them."""
    paths = [it.path for it in result.items]
    seen: set[tuple[str, frozenset[str]]] = set()
    out: list[Finding] = []
    for f in findings:
        message = f.text("en")[0]
        about = frozenset({p for p in paths if p in message} | ({f.path} if f.path else set()))
        key = (f.code, about or frozenset({f.message}))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
