"""Pure parsers for text read off screenshots: visible times, order numbers, prices, phones.

No OCR here: every function takes strings, so the rules are tested without the OCR extra.
Nothing raises on any input (tested with Hypothesis).

Times as Chinese messengers show them (WeChat and 旺旺/千牛 follow the same scheme; see WeChat's
"聊天时间显示规则" help article, https://kf.qq.com/faq/161223ZzUfQR161223yqQVJ3.html):
today ``19:07``; yesterday ``昨天 19:07``; within the last week ``星期三 10:03``; this year
``12月17日 19:07``; earlier years ``2024年12月17日 19:07``. Order pages print ISO-like
``2025-12-17 19:07:33``. 12-hour locales prefix 上午/下午/晚上/凌晨/中午. OCR often drops the
space (``12月17日19:07``) and reads the colon as a full-width ``：``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_PM = {"下午", "晚上"}
_RELATIVE = {"今天": 0, "昨天": 1, "前天": 2}

_TIME = r"(?P<h>[01]?\d|2[0-3])[:：](?P<mi>[0-5]\d)(?:[:：](?P<s>[0-5]\d))?(?!\d)"
_AMPM = r"(?P<ampm>上午|下午|晚上|凌晨|早上|中午)?"
_FULL_DATE = (
    r"(?P<y>20\d\d)\s*[-/.年]\s*(?P<mo>1[0-2]|0?[1-9])\s*[-/.月]\s*(?P<d>3[01]|[12]\d|0?[1-9])日?"
)
_MONTH_DAY = r"(?P<mo2>1[0-2]|0?[1-9])月(?P<d2>3[01]|[12]\d|0?[1-9])日"
_REL = r"(?P<rel>今天|昨天|前天)"
_WEEK = r"(?:星期|周)(?P<wd>[一二三四五六日天])"
_PREFIX = rf"(?:{_FULL_DATE}|{_MONTH_DAY}|{_REL}|{_WEEK})"
# A time label: optional date prefix, optional 12-hour marker, the time (spaces optional).
TIME_LABEL = re.compile(rf"(?<!\d)(?:{_PREFIX}\s*)?{_AMPM}\s*{_TIME}")
_STANDALONE = re.compile(rf"^\s*(?:{_PREFIX}\s*)?{_AMPM}\s*{_TIME}\s*$")

ORDER_NUMBER = re.compile(r"(?<!\d)\d{15,20}(?!\d)")
"""15-20 digit runs: 1688/Taobao/Tmall order numbers (16-19 digits). JD's 11-12 digit numbers
and 28+ digit payment serials are deliberately outside this range."""
PRICE = re.compile(r"[¥￥]\s?(?P<amount>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<cents>\d{1,2}))?")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
"""Mainland mobile numbers (MIIT number plan: 13x-19x, 11 digits); masked ones (138****5678)
do not match, which is what we want."""
ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{2,}(?:省|市|自治区).{0,12}?[\u4e00-\u9fff](?:区|县|镇|乡|街道|路|街)"
    r".{0,20}?\d+\s*(?:号|栋|幢|室|单元|弄)"
)
"""A street address with a house number (province/city, district or street, then a number)."""


@dataclass(frozen=True)
class VisibleTime:
    """One time label as shown on screen; resolved to a datetime only against a capture date."""

    text: str
    hour: int
    minute: int
    second: int | None = None
    full_date: date | None = None
    """Year, month and day all shown."""
    month_day: tuple[int, int] | None = None
    """Month and day shown, year implied (this year)."""
    days_ago: int | None = None
    """今天 0, 昨天 1, 前天 2; None when not relative."""
    weekday: int | None = None
    """Monday 0 .. Sunday 6 (星期三 2)."""
    standalone: bool = False
    """The label is the whole line (a chat time separator or a status-bar clock), not a time
    mentioned inside a message ("我19:07到"), which says nothing about when the chat happened."""

    @property
    def time_only(self) -> bool:
        return (
            self.full_date is None
            and self.month_day is None
            and self.days_ago is None
            and self.weekday is None
        )

    def resolve(self, captured: datetime) -> datetime | None:
        """The shown time as a local datetime, by the messenger rules, for a screenshot taken at
        ``captured`` (local, naive). None when the label cannot be placed."""
        try:
            day = self._day(captured.date())
            if day is None:
                return None
            return datetime(day.year, day.month, day.day, self.hour, self.minute, self.second or 0)
        except (ValueError, OverflowError):
            return None

    def _day(self, today: date) -> date | None:
        if self.full_date is not None:
            return self.full_date
        if self.month_day is not None:
            m, d = self.month_day
            shown = date(today.year, m, d)
            # "12月17日" seen on 2 January is last year's December, not a future date; only a
            # month-day up to 31 days ahead is taken as this year's (and so as a contradiction).
            if shown > today + timedelta(days=31):
                shown = date(today.year - 1, m, d)
            return shown
        if self.days_ago is not None:
            return today - timedelta(days=self.days_ago)
        if self.weekday is not None:
            back = (today.weekday() - self.weekday) % 7 or 7  # the last such day before today
            return today - timedelta(days=back)
        return today


def _hour(raw: int, ampm: str | None) -> int:
    if ampm in _PM and raw < 12:
        return raw + 12
    if ampm == "中午" and raw < 11:  # 中午1:05 is 13:05; 中午12:30 stays
        return raw + 12
    if ampm == "凌晨" and raw == 12:
        return 0
    return raw


def parse_times(line: str) -> list[VisibleTime]:
    """Every time label in one OCR line."""
    out: list[VisibleTime] = []
    standalone = bool(_STANDALONE.match(line or ""))
    for m in TIME_LABEL.finditer(line or ""):
        g = m.groupdict()
        try:
            full = date(int(g["y"]), int(g["mo"]), int(g["d"])) if g["y"] else None
        except ValueError:
            continue  # 2025-02-30: not a date, so not a time label either
        md = (int(g["mo2"]), int(g["d2"])) if g["mo2"] else None
        if md is not None and not _valid_month_day(*md):
            continue
        hour = _hour(int(g["h"]), g["ampm"])
        if hour > 23:
            continue
        out.append(
            VisibleTime(
                text=m.group(0).strip(),
                hour=hour,
                minute=int(g["mi"]),
                second=int(g["s"]) if g["s"] else None,
                full_date=full,
                month_day=md,
                days_ago=_RELATIVE[g["rel"]] if g["rel"] else None,
                weekday=_WEEKDAYS[g["wd"]] if g["wd"] else None,
                standalone=standalone,
            )
        )
    return out


def _valid_month_day(m: int, d: int) -> bool:
    try:
        date(2024, m, d)  # a leap year, so 2月29日 is accepted
    except ValueError:
        return False
    return True


def order_numbers(line: str) -> list[str]:
    """15-20 digit runs; OCR may split them with spaces, which are not joined (a guess)."""
    return ORDER_NUMBER.findall(line or "")


def prices(line: str) -> list[str]:
    """Amounts after ¥/￥, normalised to ``1280.00`` form (thousands separators dropped)."""
    out = []
    for m in PRICE.finditer(line or ""):
        cents = (m.group("cents") or "").ljust(2, "0")
        out.append(f"{m.group('amount').replace(',', '')}.{cents}")
    return out


def phones(line: str) -> list[str]:
    return PHONE.findall(line or "")


def has_address(line: str) -> bool:
    return bool(ADDRESS.search(line or ""))


def one_digit_off(a: str, b: str) -> bool:
    """Same length and exactly one differing digit: most likely an OCR misreading."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
