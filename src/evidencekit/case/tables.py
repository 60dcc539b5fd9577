"""case.toml tables: ``[[event]]`` and ``[[file]]`` readers, times, text caps and the
``case.toml line N: [case] key`` locations every error names (``load.py`` validates ``[case]``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from evidencekit.case.keys import _EVENT_KEYS, _FILE_KEYS, EVENT_KINDS
from evidencekit.case.locate import Locator as _Locator
from evidencekit.errors import CaseError
from evidencekit.models import Category, Event, FileSetting

YEARS = (1970, 2099)
"""Event and capture times outside these years are typing mistakes (and 0001 or 9999 would
overflow the deadline arithmetic)."""
REPLY_DAYS = (1, 365)
MAX_CHARS: dict[str, int] = {
    "statement": 20_000,
    "statement_en": 20_000,
    "statement_platform": 20_000,
    "caption": 1_000,
    "caption_en": 1_000,
    "purpose": 1_000,
    "purpose_en": 1_000,
    "note": 2_000,
    "note_en": 2_000,
}
"""Longest text one field may hold; any other text field: ``MAX_SHORT``. A statement of 20,000
characters is about ten printed pages; a 400 KB one took 43 s to lay out."""
MAX_SHORT = 200
MAX_ORDER_ID = 64
MAX_PATH = 1_024
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")


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


def _str(value: Any, where: str, cap: int = MAX_SHORT) -> str:
    if isinstance(value, str):
        text = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)  # amount = 1280.00 written as a number is fine
    else:
        raise CaseError(f"{where} must be text, got {type(value).__name__}", 'put it in "quotes"')
    if len(text) > cap:
        raise CaseError(
            f"{where} is {len(text):,} characters long; at most {cap:,} fit",
            _TOO_LONG.get(cap, "shorten it; put a long explanation in the statement"),
        )
    return text


_TOO_LONG = {
    MAX_ORDER_ID: "write the order number only, exactly as the order page shows it",
    MAX_CHARS["statement"]: "keep to what the seller and the platform need; the exhibits "
    "show the rest",
}


def _cap(key: str) -> int:
    return {"order_id": MAX_ORDER_ID, "path": MAX_PATH}.get(key) or MAX_CHARS.get(key, MAX_SHORT)


def _tables(raw: Any, name: str, loc: _Locator) -> list[dict[str, Any]]:
    """``[[event]]`` / ``[[file]]``: a list of tables, whatever else was written there."""
    if isinstance(raw, list) and all(isinstance(t, dict) for t in raw):
        return raw
    n = loc.line("", name)
    where = f"case.toml line {n}: {name}" if n else f"case.toml: {name}"
    raise CaseError(
        f"{where} must be a list of [[{name}]] tables, got {_kind(raw)}",
        f"write each one as a [[{name}]] table with its keys below it",
    )


def _kind(raw: Any) -> str:
    if isinstance(raw, list):
        bad = next((t for t in raw if not isinstance(t, dict)), None)
        return f"a list holding {type(bad).__name__}"
    return type(raw).__name__


def _in_years(dt: datetime, where: str) -> None:
    if not YEARS[0] <= dt.year <= YEARS[1]:
        raise CaseError(
            f"{where}: the year {dt.year} is not plausible",
            f"write a time between {YEARS[0]} and {YEARS[1]}, e.g. 2025-12-15 16:30",
        )


def _events(raw: list[dict[str, Any]], loc: _Locator, tz: ZoneInfo, unknown: Any) -> list[Event]:
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
        local, off, assumed = _time(at, _where(loc, "event", "at", i), tz)
        out.append(
            Event(
                kind=kind,
                at_local=local,
                offset_minutes=off,
                offset_assumed=assumed,
                tracking=_str(ev.get("tracking", ""), _where(loc, "event", "tracking", i)).strip(),
                carrier=_str(ev.get("carrier", ""), _where(loc, "event", "carrier", i)).strip(),
                note=_str(ev.get("note", ""), _where(loc, "event", "note", i), _cap("note")),
                note_en=_str(
                    ev.get("note_en", ""), _where(loc, "event", "note_en", i), _cap("note_en")
                ),
                line=loc.line("event", None, i),
            )
        )
    # Chronological, stable for equal times (declaration order).
    return sorted(out, key=lambda e: e.utc)


def _time(value: Any, where: str, tz: ZoneInfo) -> tuple[datetime, int, bool]:
    if isinstance(value, datetime):  # TOML native datetime
        value = value.isoformat()
    try:
        local, off, assumed = parse_local_time(_str(value, where), tz)
    except ValueError as exc:
        raise CaseError(f"{where}: {exc}") from None
    _in_years(local, where)
    return local, off, assumed


def _files(
    raw: list[dict[str, Any]], loc: _Locator, tz: ZoneInfo, unknown: Any
) -> list[FileSetting]:
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
        if taken != "":
            _time(taken, _where(loc, "file", "taken_at", i), tz)
        out.append(
            FileSetting(
                path=_str(f["path"], _where(loc, "file", "path", i), MAX_PATH)
                .replace("\\", "/")
                .strip("/"),
                caption=_text(f, "caption", loc, i),
                caption_en=_text(f, "caption_en", loc, i),
                purpose=_text(f, "purpose", loc, i).strip(),
                purpose_en=_text(f, "purpose_en", loc, i),
                group=_text(f, "group", loc, i).strip(),
                category=category,
                exclude=exclude,
                taken_at=_str(taken, _where(loc, "file", "taken_at", i)),
                redact=redact,
                line=loc.line("file", None, i),
            )
        )
    return out


def _text(table: dict[str, Any], key: str, loc: _Locator, i: int) -> str:
    """A ``[[file]]`` text key (empty when absent), capped."""
    return _str(table.get(key, ""), _where(loc, "file", key, i), _cap(key))


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
