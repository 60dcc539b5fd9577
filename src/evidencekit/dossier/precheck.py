"""Write the pre-check PDF (``evidencekit audit DIR --pdf OUT.pdf``), issue 20.

The buyer's private preparation, the counterpart of the dossier: every finding with the
objection and the fix, every deadline (missed ones too), what to collect next; marked "do not
submit" on every page. Written atomically (``_io.atomic_output``); the same audit, language and
"now" give the same bytes (reportlab's invariant mode; ``SOURCE_DATE_EPOCH`` or ``--at``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from evidencekit import __version__
from evidencekit._io import atomic_output, write_error
from evidencekit.dossier.render.precheck import PrecheckSpec, render_precheck
from evidencekit.dossier.selection import exhibit_numbers, exhibit_order
from evidencekit.errors import OutputError
from evidencekit.models import AuditResult
from evidencekit.rules.deadlines import deadlines_for


def precheck_pdf(result: AuditResult, lang: str | None, now: datetime) -> bytes:
    """The pre-check of ``result`` at ``now`` as PDF bytes."""
    lang = lang or result.case.language or "zh"
    lang = lang if lang in ("zh", "en") else "zh"
    numbers = exhibit_numbers(exhibit_order(result.items, result.case), result.case)
    lines = []
    for view in deadlines_for(result, now):
        d = view.deadline
        missed = d.applies and d.kind == "due" and d.done_at is None and d.due <= now
        lines.append((view.describe(now, lang), missed))
    spec = PrecheckSpec(result, lang, now, numbers, tuple(lines), __version__)
    return render_precheck(spec)


def write_precheck(result: AuditResult, out: Path, lang: str | None, now: datetime) -> Path:
    """Write the pre-check to ``out`` atomically (the old file or the new one, never half)."""
    out = Path(out)
    if out.is_dir():
        raise OutputError(f"{out} is a folder", "give a file name, e.g. --pdf precheck.pdf")
    data = precheck_pdf(result, lang, now)
    try:
        with atomic_output(out) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise write_error(out, exc) from None
    return out
