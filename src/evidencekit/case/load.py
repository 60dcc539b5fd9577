"""case.toml: loading and validation (errors name the key and its line); ``init`` is scaffold.py.

tomllib reports syntax errors with a line number but forgets positions once parsed, so
``locate.Locator`` indexes the text once to find the line of a key inside ``[case]`` or the N-th
``[[event]]`` / ``[[file]]`` table. That is enough for hand-written files, which is what
case.toml is.

Hostile files (issue 19) end in a ``CaseError`` naming the key and its line, never a crash:
every table is type-checked, times and day counts are range-checked before any arithmetic, and
each text field has a length cap (reportlab's layout time grows faster than linearly with a
paragraph's length, and ``order_id`` becomes a file name).
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evidencekit._io import outside_link
from evidencekit.case.consistency import duplicate_files as _duplicate_files
from evidencekit.case.consistency import number_amount as _number_amount
from evidencekit.case.keys import (  # noqa: F401  (re-exported: api, serve, tests)
    _AMOUNT_KEYS,
    _CASE_OTHER_KEYS,
    _CASE_STR_KEYS,
    _CHOICES,
    _EVENT_KEYS,
    _FILE_KEYS,
    BUYER_TYPES,
    CLAIMS,
    EVENT_KINDS,
    LANGUAGES,
    PLATFORMS,
    QUANTITY,
    REFUND_TYPES,
)
from evidencekit.case.locate import Locator as _Locator
from evidencekit.errors import CaseError
from evidencekit.models import Case, Category, Event, FileSetting, Finding, Severity

CASE_FILE = "case.toml"

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


def load_case(case_dir: Path) -> Case:
    """Read and validate ``case_dir/case.toml``; a missing file gives the defaults."""
    path = case_dir / CASE_FILE
    if target := outside_link(case_dir, path):  # issue 19: it named the dossier after it
        raise CaseError(
            f"{path} is a link to {target}, outside the case folder; it is not read",
            "replace the link by a copy of the file (cp --remove-destination TARGET case.toml)",
        )
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
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        raise CaseError(
            "case.toml nests arrays or inline tables too deeply to read",
            "case.toml needs at most two levels, e.g. redact = [[x, y, w, h]]",
        ) from None
    return _validate(data, _Locator(text))


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
            fields[key] = _str(raw_case[key], _where(loc, "case", key), _cap(key)).strip()
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
    if "reply_days" in fields and not REPLY_DAYS[0] <= fields["reply_days"] <= REPLY_DAYS[1]:
        raise CaseError(
            f"{_where(loc, 'case', 'reply_days')} is {fields['reply_days']}",
            f"give the seller {REPLY_DAYS[0]} to {REPLY_DAYS[1]} days, e.g. reply_days = 3",
        )
    for key in _AMOUNT_KEYS:
        raw_amount = raw_case.get(key)
        if isinstance(raw_amount, int | float) and not isinstance(raw_amount, bool):
            # amount = 1280.0 printed as ¥1280.0: read it, say so, print it as money.
            fields[key] = (
                f"{raw_amount:.2f}" if raw_amount == round(raw_amount, 2) else str(raw_amount)
            )
            warnings.append(
                _number_amount(
                    _where(loc, "case", key),
                    _where(loc, "case", key, zh=True),
                    key,
                    raw_amount,
                    fields[key],
                )
            )
        if fields.get(key):
            if not re.fullmatch(r"\d+(\.\d{1,2})?", fields[key].replace(",", "")):
                raise CaseError(
                    f"{_where(loc, 'case', key)} is {fields[key]!r}",
                    f'write the amount as digits, e.g. {key} = "1280.00"',
                )
            fields[key] = fields[key].replace(",", "")
    for key in ("quantity", "defective_quantity"):
        if key in fields and not QUANTITY[0] <= fields[key] <= QUANTITY[1]:
            raise CaseError(
                f"{_where(loc, 'case', key)} is {fields[key]}",
                f"write the number of units, e.g. {key} = 8",
            )
    if fields.get("quantity") and fields.get("defective_quantity", 0) > fields["quantity"]:
        raise CaseError(
            f"{_where(loc, 'case', 'defective_quantity')} is {fields['defective_quantity']}, "
            f"more than quantity = {fields['quantity']}",
            "defective_quantity counts the affected units among those ordered",
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
    events = tuple(_events(_tables(data.get("event", []), "event", loc), loc, tz, unknown))
    files = tuple(_files(_tables(data.get("file", []), "file", loc), loc, tz, unknown))
    warnings += _duplicate_files(files)
    return Case(**fields, events=events, files=files, has_file=True, warnings=tuple(warnings))


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
