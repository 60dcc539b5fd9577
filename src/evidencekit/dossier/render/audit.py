"""6. Audit: every finding, most serious first, in plain words with the remedy."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from evidencekit.dossier.render import styles as st
from evidencekit.dossier.render.i18n import label, t
from evidencekit.dossier.render.model import DossierSpec, Layout
from evidencekit.dossier.render.styles import Paragraph, Styles
from evidencekit.dossier.render.template import Anchor
from evidencekit.dossier.render.text import Glyphs
from evidencekit.models import Finding, Severity


def audit(spec: DossierSpec, layout: Layout, s: Styles, gl: Glyphs) -> list[Flowable]:
    lang, p = spec.lang, gl.para
    number = {ex.item.path: ex.number for ex in spec.exhibits}
    out: list[Flowable] = [
        PageBreak(),
        Anchor("audit", t(lang, "s_audit"), 0, layout),
        Paragraph(p(t(lang, "s_audit")), s.h1),
        Paragraph(p(t(lang, "audit_intro")), s.muted),
    ]
    findings = spec.result.all_findings() + list(spec.result.case.warnings)
    seen: set[tuple[str, str, str | None]] = set()
    unique: list[Finding] = []
    for f in findings:
        key = (f.code, f.message, f.path)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    if not unique:
        out.append(Paragraph(p(t(lang, "audit_none")), s.body))
        return out
    for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        group = sorted(
            (f for f in unique if f.severity == sev), key=lambda f: (f.path or "", f.code)
        )
        if not group:
            continue
        color = st.SEVERITY_HEX[sev.value]
        title = f"{label(lang, 'severity', sev.value)} ({len(group)})"
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
            message, remedy = f.text(lang)
            out.append(
                KeepTogether(
                    [
                        Paragraph(head, s.small),
                        Paragraph(p(message), s.body),
                        Paragraph(
                            f"{p(t(lang, 'remedy'))}：{p(remedy)}"
                            if lang == "zh"
                            else f"{p(t(lang, 'remedy'))}: {p(remedy)}",
                            s.muted,
                        ),
                    ]
                )
            )
    return out


def _by_code(
    group: list[Finding], number: dict[str, str], lang: str, s: Styles, gl: Glyphs
) -> list[Flowable]:
    """Compact layout: findings grouped by code, one line each, a shared remedy once."""
    p = gl.para
    out: list[Flowable] = []
    for code in sorted({f.code for f in group}):
        mine = [f for f in group if f.code == code]
        remedies = {f.text(lang)[1] for f in mine}
        out.append(Paragraph(f"<b>{code}</b> ({len(mine)})", s.small))
        for f in sorted(mine, key=lambda f: (number.get(f.path or "", "~"), f.path or "")):
            message, remedy = f.text(lang)
            where = number.get(f.path or "") or (f.path or t(lang, "case_level"))
            head = f"<b>{p(where)}</b>"
            if f.path in number:
                head = f'<a href="#ex-{number[f.path].lower()}" color="#0b4f9c">{head}</a>'
            line = f"{head} {p(message)}"
            if len(remedies) > 1:
                line += f" <font color='#555555'>{p(t(lang, 'remedy'))}: {p(remedy)}</font>"
            out.append(Paragraph(line, s.cell))
        if len(remedies) == 1:
            sep = "：" if lang == "zh" else ": "
            out.append(Paragraph(f"{p(t(lang, 'remedy'))}{sep}{p(remedies.pop())}", s.muted))
        out.append(Spacer(1, 4))
    return out
