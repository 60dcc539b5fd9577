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
from decimal import Decimal
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
from evidencekit.case.tables import (  # noqa: F401  (re-exported)
    MAX_CHARS,
    MAX_ORDER_ID,
    MAX_PATH,
    MAX_SHORT,
    REPLY_DAYS,
    YEARS,
    _cap,
    _events,
    _files,
    _str,
    _tables,
    _where,
    parse_local_time,
)
from evidencekit.errors import CaseError
from evidencekit.models import Case, Finding, Severity

CASE_FILE = "case.toml"


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
            # Always two decimals: "1280" and "1280.0" print as 1280.00, never ¥1280.0.
            fields[key] = f"{Decimal(fields[key].replace(',', '')):.2f}"
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
