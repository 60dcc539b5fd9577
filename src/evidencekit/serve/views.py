"""What the pages show, computed from ``evidencekit.api`` results (no HTTP, no templates)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from evidencekit import api
from evidencekit.errors import EvidenceKitError
from evidencekit.options import AuditOptions
from evidencekit.serve import words
from evidencekit.serve.text import T, translator


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
    deadline_advice: bool = False
    deadline_title: str = ""


@dataclass
class CaseView:
    name: str
    case: Any = None
    result: Any = None
    deadlines: list[tuple[str, bool, bool, bool]] = field(default_factory=list)
    """(text, is_next, missed_or_done, advice) per window; ``advice``: a timer from a secondary
    source (confidence L) or unconfirmed, shown as "一般为…，以平台页面为准", never as a hard
    deadline."""
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
    row.deadline = countdown_text(nxt[0], nxt[1], lang) if nxt else ""
    row.deadline_advice = bool(nxt and nxt[0].advisory)
    if nxt:
        row.deadline_title = nxt[0].title_zh if lang == "zh" else nxt[0].title_en
    return row


def countdown_text(deadline: Any, countdown: str, lang: str) -> str:
    """The case card's "3天后截止", or for advice (a secondary source's timer, confidence L;
    an unconfirmed one) "约3天后截止（一般为5天，以平台页面为准）": the CLI's wording."""
    if not deadline.advisory:
        return countdown
    zh = lang == "zh"
    if deadline.confidence == "L":
        if zh:
            return f"约{countdown}（一般为{deadline.period_zh}，以平台页面为准）"
        return f"about: {countdown} (usually {deadline.period_en}; the platform's own page decides)"
    return f"约{countdown}（未经证实）" if zh else f"about: {countdown} (unconfirmed)"


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
            (
                words.page_words(v.describe(now, lang), lang),
                nxt is not None and d is nxt[0],
                d.due <= now or not d.applies,
                d.advisory and d.applies,
            )
        )
    view.groups = group_findings(result, lang)
    return view


def group_findings(result: Any, lang: str) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """[(file or '', [(severity, code, objection, fix)])], files with errors first."""
    groups: list[tuple[str, list[tuple[str, str, str, str]]]] = []

    def rows(findings: Any) -> list[tuple[str, str, str, str]]:
        out = []
        for f in findings:
            msg, fix = f.text(lang)
            out.append(
                (f.severity.value, f.code, words.page_words(msg, lang), words.page_words(fix, lang))
            )
        return out

    case_level = list(result.findings) + list(result.case.warnings)
    if case_level:
        groups.append(("", rows(case_level)))
    per_file = [(it.path, rows(it.findings)) for it in result.items if it.findings]
    rank = {"error": 0, "warning": 1, "info": 2}
    per_file.sort(key=lambda g: min(rank.get(r[0], 3) for r in g[1]))
    return groups + per_file


def capture_text(item: Any, timezone: str, lang: str) -> str:
    """When the file was captured and how that is known, in the dossier's words."""
    return words.capture_words(item, timezone, lang)


def build_words(rep: Any, case_dir: Path, cid: str, profile: str, lang: str) -> dict[str, Any]:
    """The build result for the page: counts, every volume, the page fee, open errors."""
    zh = lang == "zh"
    vols = [v.output for v in rep.volumes] or [rep.output]
    notes = [words.fee_note(profile, rep.pages, lang)] if profile != "standard" else []
    if rep.volumes:
        n = len(rep.volumes)
        notes.append(f"材料分为{n}个文件，请全部上传。" if zh else f"{n} files: upload them all.")
    errors = tuple(getattr(rep, "open_errors", ()))
    if errors:
        notes.append(
            f"还有{len(errors)}个严重问题未处理（未写入证据材料），请先看“自查报告”。"
            if zh
            else f"{len(errors)} error finding{'s' if len(errors) > 1 else ''} still open (not in "
            "the dossier): see the pre-check report."
        )
    return {
        "pages": rep.pages,
        "exhibits": rep.exhibits,
        "size": rep.size,
        "notes": [n for n in notes if n],
        "files": [
            {
                "name": p.name,
                "href": f"/case/{quote(cid)}/view?path="
                + quote(p.relative_to(case_dir).as_posix(), safe=""),
            }
            for p in vols
            if p.is_relative_to(case_dir)
        ],
    }


def problem_words(problem: str, case_dir: Path, lang: str) -> str:
    """case.toml does not load: which file, which line, and what the user can do (this page
    cannot edit a file it cannot read)."""
    line = re.search(r"line (\d+)", problem)
    where = case_dir / "case.toml"
    if lang == "zh":
        at = f"第{line.group(1)}行" if line else "其中的错误"
        return (
            f"案件设置文件 {where} 有错误，本页无法读取。请用记事本等文本编辑器打开它，修改{at}"
            "后保存，再刷新本页；也可以把这个文件改名备份，刷新后本页会重新建立一份默认设置。"
        )
    at = f"line {line.group(1)}" if line else "the error"
    return (
        f"The case settings file {where} has an error this page cannot read. Open it in a text "
        f"editor, fix {at}, save and reload this page; or rename the file (keep it as a backup) "
        "and reload: the page starts again from the default settings."
    )


def build_error(exc: Exception, lang: str) -> str:
    """Why no dossier was made, and what to do, for a buyer (the CLI's message stays English)."""
    from evidencekit.errors import NoExhibitsError

    zh = lang == "zh"
    if isinstance(exc, NoExhibitsError):
        return (
            "没有可以放进证据材料的文件。请先在“添加照片、截图和视频”中添加文件，"
            "或取消文件卡片上“不放入材料”的勾选。"
            if zh
            else "No file can go into the dossier: add photos or screenshots first, or untick "
            "“Leave out of the dossier” on a file."
        )
    text = words.page_words(str(exc).replace("\n  -> ", "；" if zh else "; "), lang)
    return ("无法生成：" if zh else "") + text


def pack_left_out(opts: AuditOptions, rep: Any, platform: str, lang: str) -> list[str]:
    """Why each exhibit is not in the pack, naming its file (the audit is cached)."""
    if not rep.reasons:
        return []
    numbers = api.exhibit_numbers(api.audit(opts))
    paths = {n: p for p, n in numbers.items()}
    limit = next((p.max_count for p in api.list_profiles() if p.key == platform), None)
    return words.left_out_rows(rep.reasons, paths, limit, lang)


LETTER_HEADS = {
    "short_seller": ("聊天简版（发给卖家的聊天消息）", "Chat version (a message to the seller)"),
    "short_platform": ("申请说明（填在平台申请页）", "Application text (for the platform's form)"),
    "return": ("退货说明（随退货寄出或填在退货页）", "Return note (with the return)"),
    "long": ("客服详细版（客服要求详细说明时用）", "Long version for customer service"),
}


def letter_blocks(who: str, lt: Any, lang: str) -> list[tuple[str, str, int | None]]:
    """(heading, text, limit) per text of a letter, headed as the CLI heads them."""
    i = 1 if lang == "en" else 0
    out: list[tuple[str, str, int | None]] = [("", lt.body, None)]
    if lt.short and lt.short != lt.body:
        out.append(
            (
                LETTER_HEADS[f"short_{'seller' if who == 'seller' else 'platform'}"][i],
                lt.short,
                lt.limit,
            )
        )
    if lt.return_note and lt.return_note != lt.body:
        out.append((LETTER_HEADS["return"][i], lt.return_note, None))
    if who == "platform" and lt.long and lt.long not in (lt.body, lt.short):
        out.append((LETTER_HEADS["long"][i], lt.long, None))
    return out


_KEY = re.compile(r"\[case\] (\w+)|\[\[event\]\] #\d+ ?(\w*)")


def save_error(exc: Exception, lang: str) -> str:
    """Why a form was not saved, naming the field and the fix in the page's words (the CLI's
    message names case.toml lines and keys, which this page never shows)."""
    msg = str(exc)
    m = _KEY.search(msg)
    key = (m.group(1) or m.group(2) or "at") if m else ""
    event = bool(m and m.group(0).startswith("[["))
    t = translator(lang)
    field = t("timeline") + " · " + t(key if key in T else "at") if event else t(key) if key else ""
    zh = lang == "zh"
    bad = re.search(r"'([^']{1,40})'", msg)
    got = (f"“{bad.group(1)}”不对，" if zh else f"“{bad.group(1)}” is not right: ") if bad else ""
    units = _units_fix(key, msg, zh) if key in ("quantity", "defective_quantity") else ""
    if units:
        fix = units
    elif key == "claimed_amount" and "more than amount" in msg:
        fix = _claim_fix(msg, zh)
    elif key in ("amount", "claimed_amount", "insured_value"):
        fix = got + ("请只填写数字，例如 1280.00" if zh else "write digits only, e.g. 1280.00")
    elif key == "timezone":
        fix = got + (
            "请填写时区名，例如 Asia/Shanghai（中国大陆）"
            if zh
            else "use a name such as Asia/Shanghai"
        )
    elif key == "reply_days":
        fix = (
            "请填写1到365之间的天数，例如 3"
            if zh
            else "give a number of days from 1 to 365, e.g. 3"
        )
    elif "characters long" in msg:
        n = re.search(r"at most ([\d,]+)", msg)
        most = n.group(1) if n else ""
        fix = f"太长了，最多{most}个字，请删减" if zh else f"too long: at most {most} characters"
    elif event and ("year" in msg or "time" in msg or "at" == key):
        fix = "请选择正确的日期和时间" if zh else "pick the right date and time"
    else:
        fix = words.page_words(msg.replace("\n  -> ", "；" if zh else "; "), lang)
    return f"{field}：{fix}" if field and zh else f"{field}: {fix}" if field else fix


def _units_fix(key: str, msg: str, zh: bool) -> str:
    """ "“9”比订单数量（8件）还多…" / "“-3”不对…": the value the user typed and what to write."""
    more = re.search(r"is (\d+), more than quantity = (\d+)", msg)
    if more:
        d, q = more.groups()
        if zh:
            return f"“{d}”比订单数量（{q}件）还多，请填写0到{q}之间的件数"
        return f"“{d}” is more than the {q} units ordered: give a number from 0 to {q}"
    got = re.search(r"is '([^']{1,40})'|is (-?\d+)", msg)
    if not got:
        return ""
    value = got.group(1) or got.group(2)
    zh_what, en_what, example = _UNIT_WORDS[key]
    if zh:
        return f"“{value}”不对，请用整数填写{zh_what}，例如 {example}"
    return f"“{value}” is not right: give {en_what} as a whole number, e.g. {example}"


_UNIT_WORDS = {
    "quantity": ("订单共几件", "the units ordered", "8"),
    "defective_quantity": ("有问题的件数", "the affected units", "5"),
}


def _claim_fix(msg: str, zh: bool) -> str:
    """A claimed amount above the order amount: both amounts and what an empty field claims."""
    got = re.search(r"is '([^']+)', more than amount = '([^']+)'", msg)
    claimed, total = got.groups() if got else ("", "")
    default = re.search(r"to claim ([\d.]+)", msg)
    if zh:
        tail = f"（现在为{default.group(1)}）" if default else ""
        return f"“{claimed}”超过了订单金额{total}，请改小；留空则按有问题件数比例计算{tail}"
    tail = f" ({default.group(1)} now)" if default else ""
    return (
        f"“{claimed}” is more than the order amount {total}: lower it, or leave it empty "
        f"to claim the affected units' share{tail}"
    )


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
