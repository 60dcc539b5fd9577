"""case.toml: loading and validation (errors name the key and its line); ``init`` is scaffold.py.

tomllib reports syntax errors with a line number but forgets positions once parsed, so
``_Locator`` re-reads the text to find the line of a key inside ``[case]`` or the N-th
``[[event]]`` / ``[[file]]`` table. That is enough for hand-written files, which is what
case.toml is.
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evidencekit.errors import CaseError
from evidencekit.models import Case, Category, Event, FileSetting, Finding, Severity

CASE_FILE = "case.toml"

PLATFORMS = ("1688", "taobao", "tmall", "jd", "pinduoduo", "paypal", "ebay", "amazon", "other")
LANGUAGES = ("zh", "en")
BUYER_TYPES = ("business", "consumer")
CLAIMS = ("quality", "not_as_described", "damaged", "missing", "wrong_item", "no_reason")
REFUND_TYPES = ("refund_only", "return_refund")
EVENT_KINDS = (
    "ordered",
    "paid",
    "shipped",
    "delivered",
    "refund_requested",
    "seller_agreed",
    "seller_refused",
    "return_shipped",
    "return_delivered",
    "refunded",
    "intervention_requested",
    "other",
)

_CHOICES: dict[str, tuple[str, ...]] = {
    "platform": PLATFORMS,
    "language": LANGUAGES,
    "buyer_type": BUYER_TYPES,
    "claim": CLAIMS,
    "refund_type": REFUND_TYPES,
}
_CASE_STR_KEYS = (
    "platform",
    "order_id",
    "timezone",
    "language",
    "buyer",
    "seller",
    "buyer_type",
    "claim",
    "refund_type",
    "amount",
    "currency",
    "statement",
    "statement_en",
    "title",
)
_CASE_OTHER_KEYS = {"seven_day": bool, "reply_days": int}
_EVENT_KEYS = ("kind", "at", "tracking", "carrier", "note", "note_en")
_FILE_KEYS = (
    "path",
    "caption",
    "caption_en",
    "category",
    "exclude",
    "taken_at",
    "redact",
    "purpose",
    "purpose_en",
    "group",
)

_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")


class _Locator:
    """Find the 1-based line of ``key`` in table ``table`` (the ``index``-th for arrays)."""

    _HEADER = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.\-]+)\s*\]?\]\s*(#.*)?$")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line(self, table: str, key: str | None = None, index: int = 0) -> int | None:
        current, seen = "", {}  # type: str, dict[str, int]
        header_line: int | None = None
        key_re = re.compile(rf"^\s*{re.escape(key)}\s*=") if key else None
        for n, raw in enumerate(self.lines, 1):
            m = self._HEADER.match(raw)
            if m:
                current = m.group(2)
                seen[current] = seen.get(current, -1) + 1
                if current == table and seen[current] == index:
                    header_line = n
                    if key_re is None:
                        return n
                continue
            if key_re and current == table and seen.get(current) == index and key_re.match(raw):
                return n
        return header_line


def _where(loc: _Locator, table: str, key: str | None, index: int = 0, zh: bool = False) -> str:
    n = loc.line(table, key, index)
    name = f"[{table}]" if table == "case" else f"[[{table}]] #{index + 1}"
    what = f"{name} {key}" if key else name
    if zh:
        return f"case.toml 第 {n} 行：{what}" if n else f"case.toml：{what}"
    return f"case.toml line {n}: {what}" if n else f"case.toml: {what}"


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse_local_time(value: str, tz: ZoneInfo) -> tuple[datetime, int, bool]:
    """Parse a case.toml time: local wall-clock in ``tz``, or ISO 8601 with an offset.

    Returns (naive local time, offset in minutes, offset_assumed).
    """
    dt = _parse_time(value.strip())
    if dt is None:
        raise ValueError(
            f"{value!r} is not a time; write 2025-12-15 16:30 or 2025-12-15T16:30+08:00"
        )
    if dt.tzinfo is not None:
        off = dt.utcoffset() or timedelta(0)
        return dt.replace(tzinfo=None), int(off.total_seconds() // 60), False
    off = dt.replace(tzinfo=tz).utcoffset() or timedelta(0)
    return dt, int(off.total_seconds() // 60), True


def load_case(case_dir: Path) -> Case:
    """Read and validate ``case_dir/case.toml``; a missing file gives the defaults."""
    path = case_dir / CASE_FILE
    if not path.is_file():
        return Case()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError(
            f"case.toml cannot be read: {exc}", "save case.toml as UTF-8 text"
        ) from None
    return parse_case_text(text)


def parse_case_text(text: str) -> Case:
    """Validate case.toml text (the same rules and messages as ``load_case``); used by the web
    page to check an edit before it is written."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CaseError(
            f"case.toml is not valid TOML: {exc}",
            'check quotes and brackets on that line; strings need "double quotes"',
        ) from None
    return _validate(data, _Locator(text))


def _str(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # amount = 1280.00 written as a number is fine
    raise CaseError(f"{where} must be text, got {type(value).__name__}", 'put it in "quotes"')


def _validate(data: dict[str, Any], loc: _Locator) -> Case:
    warnings: list[Finding] = []

    def unknown(table: str, keys: Any, allowed: tuple[str, ...], index: int = 0) -> None:
        for k in keys:
            if k not in allowed:
                warnings.append(
                    Finding(
                        "EK202",
                        Severity.WARNING,
                        f"{_where(loc, table, k, index)}: unknown key {k!r} is ignored",
                        f"check the spelling; known keys: {', '.join(allowed)}",
                        message_zh=f"{_where(loc, table, k, index, zh=True)}：未知的键 {k!r}，"
                        "已忽略",
                        remedy_zh=f"请检查拼写；可用的键有：{', '.join(allowed)}",
                    )
                )

    top_allowed = ("case", "event", "file")
    for k in data:
        if k not in top_allowed:
            warnings.append(
                Finding(
                    "EK202",
                    Severity.WARNING,
                    f"case.toml: unknown table or key {k!r} is ignored",
                    "known tables: [case], [[event]], [[file]]",
                    message_zh=f"case.toml：未知的表或键 {k!r}，已忽略",
                    remedy_zh="可用的表有：[case]、[[event]]、[[file]]",
                )
            )
    raw_case = data.get("case", {})
    if not isinstance(raw_case, dict):
        raise CaseError("case.toml: 'case' must be a table", "write it as [case]")
    unknown("case", raw_case, _CASE_STR_KEYS + tuple(_CASE_OTHER_KEYS))
    fields: dict[str, Any] = {}
    for key in _CASE_STR_KEYS:
        if key in raw_case:
            fields[key] = _str(raw_case[key], _where(loc, "case", key)).strip()
    for key, choices in _CHOICES.items():
        if key in fields and fields[key] not in choices:
            raise CaseError(
                f"{_where(loc, 'case', key)} is {fields[key]!r}",
                f"use one of: {' | '.join(choices)}",
            )
    for key, typ in _CASE_OTHER_KEYS.items():
        if key in raw_case:
            if not isinstance(raw_case[key], typ) or (
                typ is int and isinstance(raw_case[key], bool)
            ):
                raise CaseError(
                    f"{_where(loc, 'case', key)} must be {typ.__name__}", "see the init template"
                )
            fields[key] = raw_case[key]
    if "amount" in fields and fields["amount"]:
        if not re.fullmatch(r"\d+(\.\d{1,2})?", fields["amount"].replace(",", "")):
            raise CaseError(
                f"{_where(loc, 'case', 'amount')} is {fields['amount']!r}",
                'write the amount as digits, e.g. amount = "1280.00"',
            )
    tzname = fields.get("timezone") or "Asia/Shanghai"
    try:
        tz = ZoneInfo(tzname)
    except (ZoneInfoNotFoundError, ValueError):
        raise CaseError(
            f"{_where(loc, 'case', 'timezone')}: unknown time zone {tzname!r}",
            'use an IANA name such as "Asia/Shanghai" or "Europe/Berlin"',
        ) from None
    fields["timezone"] = tzname
    events = tuple(_events(data.get("event", []), loc, tz, unknown))
    files = tuple(_files(data.get("file", []), loc, unknown))
    return Case(**fields, events=events, files=files, has_file=True, warnings=tuple(warnings))


def _events(raw: Any, loc: _Locator, tz: ZoneInfo, unknown: Any) -> list[Event]:
    if not isinstance(raw, list):
        raise CaseError("case.toml: 'event' must be an array of tables", "write [[event]]")
    out = []
    for i, ev in enumerate(raw):
        unknown("event", ev, _EVENT_KEYS, i)
        kind = _str(ev.get("kind", ""), _where(loc, "event", "kind", i))
        if kind not in EVENT_KINDS:
            raise CaseError(
                f"{_where(loc, 'event', 'kind', i)} is {kind!r}",
                f"use one of: {' | '.join(EVENT_KINDS)}",
            )
        if "at" not in ev:
            raise CaseError(
                f"{_where(loc, 'event', None, i)} has no 'at' time",
                'add at = "2025-12-15 16:30" (local time in case.timezone)',
            )
        at = ev["at"]
        if isinstance(at, datetime):  # TOML native datetime
            at = at.isoformat()
        try:
            local, off, assumed = parse_local_time(_str(at, _where(loc, "event", "at", i)), tz)
        except ValueError as exc:
            raise CaseError(f"{_where(loc, 'event', 'at', i)}: {exc}") from None
        out.append(
            Event(
                kind=kind,
                at_local=local,
                offset_minutes=off,
                offset_assumed=assumed,
                tracking=_str(ev.get("tracking", ""), _where(loc, "event", "tracking", i)).strip(),
                carrier=_str(ev.get("carrier", ""), _where(loc, "event", "carrier", i)).strip(),
                note=_str(ev.get("note", ""), _where(loc, "event", "note", i)),
                note_en=_str(ev.get("note_en", ""), _where(loc, "event", "note_en", i)),
                line=loc.line("event", None, i),
            )
        )
    # Chronological, stable for equal times (declaration order).
    return sorted(out, key=lambda e: e.utc)


def _files(raw: Any, loc: _Locator, unknown: Any) -> list[FileSetting]:
    if not isinstance(raw, list):
        raise CaseError("case.toml: 'file' must be an array of tables", "write [[file]]")
    out = []
    for i, f in enumerate(raw):
        unknown("file", f, _FILE_KEYS, i)
        if "path" not in f:
            raise CaseError(
                f"{_where(loc, 'file', None, i)} has no 'path'",
                'add path = "product/IMG_0001.jpg" (relative to the case folder)',
            )
        cat = f.get("category")
        category = None
        if cat is not None:
            try:
                category = Category(_str(cat, _where(loc, "file", "category", i)))
            except ValueError:
                raise CaseError(
                    f"{_where(loc, 'file', 'category', i)} is {cat!r}",
                    f"use one of: {' | '.join(c.value for c in Category)}",
                ) from None
        exclude = f.get("exclude", False)
        if not isinstance(exclude, bool):
            raise CaseError(
                f"{_where(loc, 'file', 'exclude', i)} must be true or false", "write exclude = true"
            )
        redact = _redact(f.get("redact", []), _where(loc, "file", "redact", i))
        taken = f.get("taken_at", "")
        if isinstance(taken, datetime):
            taken = taken.isoformat()
        out.append(
            FileSetting(
                path=_str(f["path"], _where(loc, "file", "path", i)).replace("\\", "/").strip("/"),
                caption=_str(f.get("caption", ""), _where(loc, "file", "caption", i)),
                caption_en=_str(f.get("caption_en", ""), _where(loc, "file", "caption_en", i)),
                purpose=_str(f.get("purpose", ""), _where(loc, "file", "purpose", i)).strip(),
                purpose_en=_str(f.get("purpose_en", ""), _where(loc, "file", "purpose_en", i)),
                group=_str(f.get("group", ""), _where(loc, "file", "group", i)).strip(),
                category=category,
                exclude=exclude,
                taken_at=_str(taken, _where(loc, "file", "taken_at", i)),
                redact=redact,
                line=loc.line("file", None, i),
            )
        )
    return out


def _redact(raw: Any, where: str) -> tuple[tuple[int, int, int, int], ...]:
    """``redact = [[x, y, w, h], ...]``: pixel boxes on the upright image."""
    if not isinstance(raw, list):
        raise CaseError(f"{where} must be a list of boxes", "write redact = [[x, y, w, h], ...]")
    boxes = []
    for box in raw:
        ok = (
            isinstance(box, list)
            and len(box) == 4
            and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in box)
            and box[2] > 0
            and box[3] > 0
        )
        if not ok:
            raise CaseError(
                f"{where}: {box!r} is not a box",
                "each box is [x, y, width, height] in pixels of the upright picture, "
                "e.g. [120, 300, 400, 60]",
            )
        boxes.append((box[0], box[1], box[2], box[3]))
    return tuple(boxes)
