"""Findings from the text read off screenshots (OCR): times, order numbers, personal data.

The parsing rules are pure functions in :mod:`evidencekit.audit.screentext`; this module applies them
to one audit's screenshots. Codes EK470-EK489, documented in docs/findings-pixels.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from evidencekit.audit import screentext
from evidencekit.audit.ocr import INSTALL
from evidencekit.audit.pixels import PixelFacts
from evidencekit.models import Case, Confidence, EvidenceItem, Finding, Severity

CLOCK_TOLERANCE = timedelta(minutes=2)
"""Screen times have minute resolution; EXIF/file-name times may be rounded the other way."""
STATUS_BAR_FRACTION = 0.04
"""The status-bar clock sits in the top ~4% of a phone screenshot (Android and iOS)."""


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


_f = Finding.bilingual


def screen_findings(
    case: Case, items: Sequence[EvidenceItem], facts: Mapping[str, PixelFacts]
) -> list[Finding]:
    out: list[Finding] = []
    skipped = [
        it.path for it in items if (px := facts.get(it.path)) and px.ocr_state == "unavailable"
    ]
    if skipped:
        out.append(
            _f(
                "EK470",
                Severity.INFO,
                None,
                (
                    f"text in {len(skipped)} screenshot(s) was not read (OCR is not installed): visible "
                    "times, order numbers and phone numbers are not checked",
                    f"install the offline OCR extra: {INSTALL}",
                ),
                (
                    f"{len(skipped)} 张截图中的文字没有识别（未安装 OCR）：未核对截图上的时间、订单号和手机号",
                    f"安装离线 OCR 扩展：{INSTALL}",
                ),
            )
        )
    for it in items:
        px = facts.get(it.path)
        if px is None:
            continue
        if px.ocr_state.startswith("error"):
            out.append(
                _f(
                    "EK478",
                    Severity.INFO,
                    it.path,
                    (
                        f"the text in {it.path} could not be read ({px.ocr_state[7:]})",
                        "nothing; the screenshot is still exhibited",
                    ),
                    (
                        f"{it.path} 中的文字无法识别（{px.ocr_state[7:]}）",
                        "无需处理；截图仍会作为证据展示",
                    ),
                )
            )
        if px.ocr_state == "ok":
            out += _times(it, px) + _order_numbers(case, it, px) + _privacy(it, px)
    return out


def _times(it: EvidenceItem, px: PixelFacts) -> list[Finding]:
    cap = it.capture
    if cap.local is None or cap.confidence.rank < Confidence.MEDIUM.rank or px.size is None:
        return []
    if cap.date_only:  # no time of day to hold the visible clock against
        return []
    bar_limit = px.size[1] * STATUS_BAR_FRACTION
    out: list[Finding] = []
    latest = None
    for text, box in px.ocr_lines:
        for vt in screentext.parse_times(text):
            if box[3] <= bar_limit and vt.time_only:
                out += _status_bar(it, vt, cap.local)
                continue
            if not (vt.standalone or vt.full_date is not None):
                continue  # a time mentioned inside a message
            when = vt.resolve(cap.local)
            if when is not None and (latest is None or when > latest[0]):
                latest = (when, vt.text)
    if latest and latest[0] > cap.local + CLOCK_TOLERANCE:
        at, shown = f"{cap.local:%Y-%m-%d %H:%M}", f"{latest[0]:%Y-%m-%d %H:%M}"
        out.append(
            _f(
                "EK471",
                Severity.ERROR,
                it.path,
                (
                    f"{it.path} was captured at {at} ({cap.source}) but shows "
                    f"“{latest[1]}” ({shown}), which is later: the seller can say "
                    "the screenshot or its time was made up",
                    "use the phone's original screenshot file (its name and metadata carry the real "
                    "time), or declare taken_at and explain",
                ),
                (
                    f"{it.path} 的截屏时间是 {at}（{cap.source}），但画面上显示“{latest[1]}”（{shown}），"
                    "比截屏还晚：卖家可以说截图或时间是伪造的",
                    "使用手机里的原始截图文件（文件名和元数据带有真实时间），或声明 taken_at 并说明原因",
                ),
            )
        )
    return out


def _status_bar(it: EvidenceItem, vt: screentext.VisibleTime, captured: datetime) -> list[Finding]:
    shown = captured.replace(hour=vt.hour, minute=vt.minute, second=0, microsecond=0)
    diff = abs(shown - captured.replace(second=0, microsecond=0))
    diff = min(diff, timedelta(days=1) - diff)
    if diff <= CLOCK_TOLERANCE:
        return []
    rest = diff.seconds % 900  # whole quarter hours apart: a time-zone setting, as EK117
    zone = diff >= timedelta(minutes=15) and min(rest, 900 - rest) <= CLOCK_TOLERANCE.seconds
    return [
        _f(
            "EK472",
            Severity.INFO if zone else Severity.WARNING,
            it.path,
            (
                f"the status-bar clock in {it.path} shows {vt.text}, but the file says it was captured "
                f"at {captured:%H:%M}" + (" (a whole time-zone step apart)" if zone else ""),
                "use the original screenshot file from the phone, or explain the difference",
            ),
            (
                f"{it.path} 状态栏时钟显示 {vt.text}，但文件记录的截屏时间是 {captured:%H:%M}"
                + ("（正好相差整数个时区）" if zone else ""),
                "使用手机里的原始截图文件，或说明差异的原因",
            ),
        )
    ]


def _order_numbers(case: Case, it: EvidenceItem, px: PixelFacts) -> list[Finding]:
    want = _digits(case.order_id)
    if len(want) < 8:
        return []
    seen = [n for text, _ in px.ocr_lines for n in screentext.order_numbers(text)]
    if not seen or any(n == want or screentext.one_digit_off(n, want) for n in seen):
        return []
    nums = ", ".join(dict.fromkeys(seen))
    return [
        _f(
            "EK473",
            Severity.WARNING,
            it.path,
            (
                f"{it.path} shows order number {nums}, not this case's "
                f"{case.order_id}: the seller can say it is about another order",
                "check order_id in case.toml; exhibit the screenshot of this order",
            ),
            (
                f"{it.path} 显示的订单号是 {nums}，不是本案的 {case.order_id}：卖家可以说这是另一个订单",
                "核对 case.toml 中的 order_id；提供本订单的截图",
            ),
        )
    ]


def _privacy(it: EvidenceItem, px: PixelFacts) -> list[Finding]:
    out = []
    for text, box in px.ocr_lines:
        where = f"{box[0]},{box[1]}-{box[2]},{box[3]}"
        if screentext.phones(text):
            out.append(
                _f(
                    "EK476",
                    Severity.INFO,
                    it.path,
                    (
                        f"a full mobile number is readable in {it.path} (region {where} px)",
                        "the platform may see it; before sending the dossier elsewhere, cover that "
                        "region in a copy and keep the original",
                    ),
                    (
                        f"{it.path} 中可以看到完整的手机号（区域 {where} 像素）",
                        "平台可以看到；发给其他人之前，在副本中遮盖该区域并保留原图",
                    ),
                )
            )
        if screentext.has_address(text):
            out.append(
                _f(
                    "EK477",
                    Severity.INFO,
                    it.path,
                    (
                        f"a street address is readable in {it.path} (region {where} px)",
                        "as for EK476: cover it in a copy for anyone but the platform",
                    ),
                    (
                        f"{it.path} 中可以看到详细地址（区域 {where} 像素）",
                        "同 EK476：发给平台以外的人之前，在副本中遮盖",
                    ),
                )
            )
    return out
