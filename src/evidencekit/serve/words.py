"""The page's wording of results the CLI prints for a terminal user: profiles (merchant-side
note, page fee), the pack's left-out exhibits, build notes, capture times, and the findings'
and deadlines' fixes with case.toml terms turned into the page's own controls.

Plain words for a buyer (see /work/shared/review-texts.md on register); zh and en.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from evidencekit import api


@dataclass(frozen=True)
class ProfileChoice:
    """One entry of a profile menu on the page."""

    key: str
    title: str
    limits: str
    notes: tuple[str, ...]
    """Shown under the menu while this profile is chosen: merchant side, page fee."""


def fee_rule(p: Any, zh: bool) -> str:
    """Mastercom's page fee as a rule: "19页不是上限…"; "" for a profile without one."""
    if not p.fee_pages:
        return ""
    if zh:
        return (
            f"{p.fee_pages}页不是上限，而是收费门槛：超出部分约每页{p.page_fee}，"
            "材料不会因页数多而被拒收。"
        )
    return (
        f"{p.fee_pages} pages is a fee threshold, not a limit: each page beyond costs about "
        f"{p.page_fee} ({p.page_fee} per page beyond {p.fee_pages}); longer documentation is "
        "accepted."
    )


def profile_choices(kind: str, lang: str) -> list[ProfileChoice]:
    """The profiles of ``kind`` (``pdf`` or ``images``) with their titles and notes."""
    zh = lang == "zh"
    out = []
    for p in api.list_profiles():
        if p.kind != kind:
            continue
        notes = []
        if p.side == "merchant":
            j = p.to_json()
            notes.append((j["buyer_note_zh"] if zh else j["buyer_note_en"]).rstrip("。") + "。")
        if p.fee_pages:
            notes.append(fee_rule(p, zh))
        title = p.title_zh if zh else p.title_en
        limits = api.profile_limits(p, lang) if p.limited else ""  # standard, archive: none
        out.append(ProfileChoice(p.key, title, limits, tuple(notes)))
    return out


def _money(text: str) -> tuple[str, float]:
    """("€", 1.0) from "€1"; ("", 0.0) when not a sign and a number."""
    head = text.rstrip("0123456789.")
    try:
        return head, float(text[len(head) :])
    except ValueError:
        return "", 0.0


def fee_note(profile_key: str, pages: int, lang: str) -> str:
    """After a build: what the page count costs on a channel with a page fee, "" otherwise."""
    p = next((p for p in api.list_profiles() if p.key == profile_key), None)
    if p is None or not p.fee_pages:
        return ""
    zh = lang == "zh"
    extra = pages - p.fee_pages
    if extra <= 0:
        if zh:
            return f"共{pages}页，未超过{p.fee_pages}页的收费门槛，不产生页数费用。"
        return f"{pages} pages: within the {p.fee_pages} pages included, no page fee."
    cur, each = _money(p.page_fee)
    total = f"{cur}{each * extra:g}" if each else ""
    if zh:
        cost = f"，共约{total}" if total else ""
        return (
            f"共{pages}页，超出{p.fee_pages}页的收费门槛{extra}页：每页约{p.page_fee}{cost}。"
            "材料不会因此被拒收；想少付费可减少证据数量。"
        )
    cost = f", about {total} in all" if total else ""
    return (
        f"{pages} pages, {extra} beyond the {p.fee_pages} included: about {p.page_fee} per "
        f"page{cost}. It is not refused; leave out exhibits to pay less."
    )


def left_out_rows(reasons: Any, paths: dict[str, str], limit: int | None, lang: str) -> list[str]:
    """Why each exhibit is not in the upload pack, naming the file (the CLI's left-out reasons,
    pack_select.left_out_lines, in the page's words)."""
    zh = lang == "zh"
    sep = "、" if zh else ", "

    def name(n: str) -> str:
        path = paths.get(n, "").rsplit("/", 1)[-1]
        return f"{n}（{path}）" if zh and path else f"{n} ({path})" if path else n

    out = []
    for r in reasons:
        if r.reason == "copy":
            out.append(
                f"{name(r.number)}：与{r.of}是同一个文件（副本），只放一份"
                if zh
                else f"{name(r.number)}: the same file as {r.of} (a copy); one is enough"
            )
        elif r.reason == "near_copy":
            out.append(
                f"{name(r.number)}：与{r.of}是同一张照片（另存或转发的副本），只放一份"
                if zh
                else f"{name(r.number)}: the same picture as {r.of} (a re-saved or forwarded "
                "copy); one is enough"
            )
        elif r.reason == "error":
            codes = sep.join(r.codes)
            out.append(
                f"{name(r.number)}：自查发现严重问题（{codes}），请先看“对方可能提出的异议”并处理"
                if zh
                else f"{name(r.number)}: it has an error finding ({codes}); see “What the other "
                "side could object to” and fix it first"
            )
    counted = [name(r.number) for r in reasons if r.reason == "count"]
    if counted:
        if zh:
            most = f"平台最多收{limit}张图片，" if limit else "图片张数有限，"
            out.append(f"{sep.join(counted)}：{most}已优先保留最能证明诉求的证据")
        else:
            most = f"the platform takes at most {limit} images" if limit else "the image limit"
            out.append(f"{sep.join(counted)}: {most}; the exhibits that prove the claim best kept")
    return out


def capture_words(item: Any, timezone: str, lang: str) -> str:
    """ "2025-12-15 17:02（照片EXIF原始拍摄时间，含时区；可信度高）": the dossier's own facts."""
    when, basis = api.capture_fact(item, lang, timezone)
    if item.capture.local is None:
        return basis
    conf = api.confidence_word(item.capture.confidence.value, lang)
    basis = basis.replace("提交人陈述的时间", "你填写的时间").replace(
        "time stated by the submitter", "the time you gave"
    )
    if lang == "zh":
        return f"{when}（{basis}；可信度{conf}）"
    return f"{when} ({basis}; confidence {conf})"


CATEGORY_SOURCE = {
    "case.toml": ("已手动设置", "set by you"),
    "folder": ("按所在文件夹", "from its folder"),
    "default": ("未分类", "not sorted"),
}


def category_source(value: str, lang: str) -> str:
    pair = CATEGORY_SOURCE.get(value, (value, value))
    return pair[1] if lang == "en" else pair[0]


# case.toml terms in the audit's fixes -> the page's own controls (the CLI keeps its wording).
_KIND = re.compile(r'\[\[event\]\]\s*kind\s*=\s*"([a-z_]+)"|kind\s*=\s*"([a-z_]+)"')
_SOURCES: tuple[tuple[str, tuple[str, str]], ...] = (
    (r"exif:DateTimeOriginal", ("照片记录的拍摄时间", "the photo's recorded capture time")),
    (
        r"exif:(CreateDate|DateTimeDigitized)",
        ("照片记录的数字化时间", "the photo's digitised time"),
    ),
    (
        r"exif:(ModifyDate|DateTime)\b|\bModifyDate\b",
        ("照片记录的保存时间", "the photo's saved time"),
    ),
    (r"filename:[\w-]+", ("文件名中的时间", "the time in the file name")),
    (r"quicktime:\w+", ("视频记录的时间", "the video's recorded time")),
    (r"\bmtime\b", ("文件修改时间", "file modification time")),
)
_ZH: tuple[tuple[str, str], ...] = (
    (r"case\.toml\s*reply_days", "可在“案件信息”的“给卖家的答复期限”中修改"),
    (r"case\.toml\s*的\s*statement_platform\s*中", "“案件信息”的“给平台的情况说明”中"),
    (r"\bstatement_platform\b", "“给平台的情况说明”"),
    (
        r"在\s*case\.toml\s*中用\s*exclude\s*=\s*true\s*排除另一份",
        "在另一份的卡片上勾选“不放入材料”",
    ),
    (
        r"(用\s*)?case\.toml\s*中的\s*exclude\s*=\s*true\s*排除副本",
        "在副本的卡片上勾选“不放入材料”",
    ),
    (r"(在\s*case\.toml\s*中)?用\s*exclude\s*=\s*true\s*排除", "勾选“不放入材料”"),
    (r"exclude\s*=\s*true", "勾选“不放入材料”"),
    (
        r"(请)?在\s*case\.toml\s*中设置\s*seven_day\s*=\s*true",
        "请在“案件信息”中勾选“订单带7天无理由服务”",
    ),
    (r"case\.toml\s*中填写\s*taken_at", "在该文件的“说明”中写明拍摄时间"),
    (r"case\.toml\s*第\s*\d+\s*行：", ""),
    (r"\s*case\.toml\s*中(?=\d{4}-)", "订单时间线中"),
    (r"在\s*case\.toml\s*中", "在“案件信息”中"),
    (r"case\.toml\s*中的", "“案件信息”中的"),
    (r"case\.toml\s*中", "“案件信息”中"),
    (r"case\.toml", "案件信息"),
    (r"\breturn_shipped\b", "“退货寄出”"),
    (r"\border_id\b", "订单号"),
    (r"（\s*carrier\s*）", ""),
    (r"（\s*tracking\s*）", ""),
    (r"\btracking\b", "运单号"),
    (r"\bcaption\b", "说明"),
)
_EN: tuple[tuple[str, str], ...] = (
    (r"case\.toml reply_days", "change it under “Days the seller has to reply”"),
    (r"\bstatement_platform\b", "“Statement for the platform”"),
    (
        r"set exclude = true (for|on) (the|one) (copy|other)",
        "tick “Leave out of the dossier” on the copy",
    ),
    (r"exclude = true", "“Leave out of the dossier”"),
    (
        r"set seven_day = true in case\.toml",
        "tick “The order has the 7-day no-reason service” in the case details",
    ),
    (r"in case\.toml", "in the case details"),
    (r"case\.toml line \d+: ", ""),
    (r"case\.toml", "the case details"),
)


def page_words(text: str, lang: str) -> str:
    """A fix or a deadline note with the case.toml terms replaced by what the user clicks on
    this page ("在“订单时间线”中添加“退货寄出”事件" for ``[[event]] kind = "return_shipped"``)."""
    zh = lang == "zh"

    def event(m: re.Match[str]) -> str:
        kind = m.group(1) or m.group(2)
        label = api.event_label(kind, lang)
        if m.group(1):
            return (
                f"在“订单时间线”中添加“{label}”事件"
                if zh
                else f"add a “{label}” event to the timeline"
            )
        return f"“{label}”事件" if zh else f"a “{label}” event"

    text = _KIND.sub(event, text)
    kinds = "|".join(sorted(api.case_choices()["event_kind"], key=len, reverse=True))
    if zh:
        text = re.sub(
            rf"(?<![A-Za-z_])({kinds})\s*事件",
            lambda m: f"“{api.event_label(m.group(1), lang)}”事件",
            text,
        )
    for source, (zh_word, en_word) in _SOURCES:
        text = re.sub(source, zh_word if zh else en_word, text)
    text = re.sub(r"添加\s*在“订单时间线”中添加", "在“订单时间线”中添加", text)
    text = re.sub(r"add add ", "add ", text)
    for pattern, repl in _ZH if zh else _EN:
        text = re.sub(pattern, repl, text)
    return text
