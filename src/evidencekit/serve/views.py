"""What the pages show, computed from ``evidencekit.api`` results (no HTTP, no templates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evidencekit import api
from evidencekit.errors import EvidenceKitError
from evidencekit.options import AuditOptions


@dataclass
class CaseRow:
    name: str
    platform: str = ""
    order_id: str = ""
    claim: str = ""
    files: int = 0
    errors: int = 0
    deadline: str = ""
    last_build: str = ""
    problem: str = ""


@dataclass
class CaseView:
    name: str
    case: Any = None
    result: Any = None
    deadlines: list[tuple[str, bool, bool]] = field(default_factory=list)
    """(text, is_next, missed_or_done) per window."""
    groups: list[tuple[str, list[Any]]] = field(default_factory=list)
    problem: str = ""
    dossier: Path | None = None
    items: list[Any] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)


def list_cases(root: Path) -> list[Path]:
    """``root`` itself when it is a case, then each sub-folder that is one, by name."""
    out = [root] if api.is_case_dir(root) else []
    try:
        subs = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        subs = []
    return out + [p for p in subs if p not in out and api.is_case_dir(p)]


def latest_dossier(case_dir: Path) -> Path | None:
    pdfs = [p for p in (case_dir / "dossier").glob("*.pdf") if p.is_file()]
    return max(pdfs, key=lambda p: p.stat().st_mtime, default=None)


def _when(path: Path | None) -> str:
    if path is None:
        return ""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def case_row(case_dir: Path, name: str, lang: str) -> CaseRow:
    row = CaseRow(name, last_build=_when(latest_dossier(case_dir)))
    opts = AuditOptions(case_dir)
    try:
        result, views = api.audit_with_deadlines(opts)
    except EvidenceKitError as exc:
        row.problem = str(exc)
        return row
    c = result.case
    row.platform, row.order_id, row.claim = c.platform, c.order_id, c.claim
    row.files = len(result.items)
    row.errors = sum(1 for f in result.all_findings() if f.severity.value == "error")
    nxt = api.next_deadline(opts, views, lang)
    row.deadline = nxt[1] if nxt else ""
    return row


def case_view(case_dir: Path, name: str, lang: str) -> CaseView:
    view = CaseView(name, dossier=latest_dossier(case_dir))
    opts = AuditOptions(case_dir)
    try:
        result, views = api.audit_with_deadlines(opts)
    except EvidenceKitError as exc:
        view.problem = str(exc)
        return view
    view.case, view.result = result.case, result
    view.items = list(result.items)
    view.settings = {f.path: f for f in result.case.files}
    now = opts.clock()
    nxt = api.next_deadline(opts, views, lang)
    for v in views:
        d = v.deadline
        view.deadlines.append(
            (v.describe(now, lang), nxt is not None and d is nxt[0], d.due <= now or not d.applies)
        )
    view.groups = group_findings(result, lang)
    return view


def group_findings(result: Any, lang: str) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """[(file or '', [(severity, code, objection, fix)])], files with errors first."""
    groups: list[tuple[str, list[tuple[str, str, str, str]]]] = []

    def rows(findings: Any) -> list[tuple[str, str, str, str]]:
        return [(f.severity.value, f.code, *f.text(lang)) for f in findings]

    case_level = list(result.findings) + list(result.case.warnings)
    if case_level:
        groups.append(("", rows(case_level)))
    per_file = [(it.path, rows(it.findings)) for it in result.items if it.findings]
    rank = {"error": 0, "warning": 1, "info": 2}
    per_file.sort(key=lambda g: min(rank.get(r[0], 3) for r in g[1]))
    return groups + per_file


def capture_text(item: Any, t: Any) -> str:
    c = item.capture
    when = c.shown("zh", seconds=False) if c.local else t("unknown_time")
    if c.local is None:
        return when
    return f"{when}（{t('source')} {c.source}，{t('confidence')} {c.confidence.value}）"


def verify_words(report: Any, t: Any) -> tuple[bool, str, list[tuple[str, list[str]]]]:
    """(ok, headline, [(title, names)]) in plain words."""
    lists = [(t(k), list(getattr(report, k))) for k in ("changed", "missing", "extra")]
    lists = [(title, names) for title, names in lists if names]
    stamps = [t_.describe() for t_ in getattr(report, "timestamps", ())]
    if stamps:  # what a timestamp proves goes wherever one is shown (issue 16)
        lists.append((t("timestamps"), [*stamps, t("timestamp_meaning")]))
    if report.ok and not lists:
        return True, t("verify_ok" if report.case_dir else "verify_ok_pdf"), []
    failed = [f"{c.name}: {c.detail}" if c.detail else c.name for c in report.checks if not c.ok]
    if failed:
        lists.insert(0, ("", failed))
    ok_head = t("verify_ok" if report.case_dir else "verify_ok_pdf")
    return report.ok, t("verify_bad") if not report.ok else ok_head, lists
