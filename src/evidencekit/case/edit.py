"""Edit case.toml from the web page's forms, keeping the user's comments and unknown keys.

tomlkit keeps comments, key order and formatting of everything it is not told to change; each
edit is checked with the same validation (and messages) as ``load_case`` before it is written,
so a form can never save a case.toml that the CLI would refuse.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Item, Table

from evidencekit._io import atomic_write_bytes
from evidencekit.case.load import CASE_FILE, parse_case_text
from evidencekit.case.scaffold import TEMPLATE
from evidencekit.errors import CaseError
from evidencekit.models import Case

UNIT_FIELDS = ("quantity", "defective_quantity")
"""Unit counts: whole numbers only; the form refuses "-3", "3.5" or "八" naming the value."""

CASE_FIELDS = (
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
    "statement_platform",
    "title",
)
OPTIONAL_FIELDS = ("claimed_amount", "transaction_id", "case_id", "request_id")
"""Text fields an empty form field removes (claimed_amount then follows the rule in
rules/amounts.py; the platform ids are asked for on PayPal, eBay and Amazon only)."""
INT_FIELDS = ("reply_days", "quantity", "defective_quantity")
"""Number fields of the form: digits set the key, an empty field removes it."""
BOOL_FIELDS = ("seven_day",)
"""Check boxes of the form: "on" sets the key to true, anything else removes it."""
EVENT_FIELDS = ("kind", "at", "tracking", "carrier", "note")


def _read(case_dir: Path) -> tomlkit.TOMLDocument:
    path = case_dir / CASE_FILE
    try:
        text = path.read_text(encoding="utf-8-sig") if path.is_file() else TEMPLATE
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError(
            f"case.toml cannot be read: {exc}", "save case.toml as UTF-8 text"
        ) from None
    try:
        return tomlkit.parse(text)
    except Exception as exc:  # tomlkit's parse errors have no common public base
        raise CaseError(
            f"case.toml is not valid TOML: {exc}",
            'check quotes and brackets on that line; strings need "double quotes"',
        ) from None


def _set(table: Any, key: str, value: Any) -> None:
    """Set ``key`` keeping the comment written after the old value (``# 1688 | taobao ...``)."""
    old = table.get(key)
    if isinstance(value, str) and "\n" in value:
        item: Item = tomlkit.string(value.replace("\r\n", "\n"), multiline=True)
    else:
        item = tomlkit.item(value)
    if isinstance(old, Item) and old.trivia.comment:
        item.trivia.comment_ws = old.trivia.comment_ws
        item.trivia.comment = old.trivia.comment
    table[key] = item


def _write(case_dir: Path, doc: tomlkit.TOMLDocument) -> Case:
    text = tomlkit.dumps(doc)
    case = parse_case_text(text)  # raises CaseError with the CLI's message: nothing written
    atomic_write_bytes(case_dir / CASE_FILE, text.encode("utf-8"))
    return case


def save_details(
    case_dir: Path,
    fields: Mapping[str, str],
    default: Callable[[Case], Decimal | None] | None = None,
) -> Case:
    """Write the ``[case]`` keys given (others, comments and unknown keys stay); ``default``
    computes the amount an empty ``claimed_amount`` stands for (named in the refusal)."""
    doc = _read(case_dir)
    table = doc.get("case")
    if not isinstance(table, Table):
        table = tomlkit.table()
        doc["case"] = table
    for key in CASE_FIELDS:
        if key in fields:
            _set(table, key, fields[key].strip() if key != "statement" else fields[key])
    for key in OPTIONAL_FIELDS:
        value = unicodedata.normalize("NFKC", fields.get(key, "")).strip()
        if value:
            _set(table, key, value)
        elif key in fields and key in table:
            del table[key]
    for key in INT_FIELDS:
        value = unicodedata.normalize("NFKC", fields.get(key, "")).strip()
        if value and key in UNIT_FIELDS and not re.fullmatch(r"[0-9]+", value):
            raise CaseError(
                f"[case] {key} is {value!r}, not a whole number",
                f"write the number of units as digits, e.g. {key} = 8",
            )
        if value.isdigit():
            _set(table, key, int(value))
        elif key in fields and not value and key in table:
            del table[key]
        elif value:  # not a number: the loader's message for the key
            _set(table, key, value)
    for key in BOOL_FIELDS:
        if key in fields and fields[key] in ("on", "true"):
            _set(table, key, True)
        elif key in fields and key in table:
            del table[key]
    _check_claim(parse_case_text(tomlkit.dumps(doc)), default)
    return _write(case_dir, doc)


def _check_claim(case: Case, default: Callable[[Case], Decimal | None] | None) -> None:
    """The form refuses a claimed amount above the order amount (a typo, 12800 for 1280),
    except for counterfeit goods, where 消费者权益保护法第五十五条 allows three times the price.
    ``default`` (rules/amounts.py, passed in by the face) names what an empty field claims."""
    if not case.claimed_amount or not case.amount or case.claim == "counterfeit":
        return
    if Decimal(case.claimed_amount) <= Decimal(case.amount):
        return
    fallback = default(case) if default else None
    raise CaseError(
        f"[case] claimed_amount is {case.claimed_amount!r}, more than amount = {case.amount!r}",
        "claim at most the order amount, or leave claimed_amount empty"
        + (f" to claim {fallback:.2f}" if fallback is not None else ""),
    )


def save_events(case_dir: Path, events: Sequence[Mapping[str, str]]) -> Case:
    """Replace the ``[[event]]`` list; empty rows are dropped, empty optional keys left out."""
    doc = _read(case_dir)
    aot = tomlkit.aot()
    for ev in events:
        if not (ev.get("kind") or "").strip() and not (ev.get("at") or "").strip():
            continue
        t = tomlkit.table()
        for key in EVENT_FIELDS:
            value = (ev.get(key) or "").strip()
            if key == "at":
                value = value.replace("T", " ")  # <input type=datetime-local> -> case.toml
            if value or key in ("kind", "at"):
                t[key] = value
        aot.append(t)
    if "event" in doc:
        del doc["event"]
    if len(aot):
        doc["event"] = aot
    return _write(case_dir, doc)


def save_file_setting(case_dir: Path, path: str, changes: Mapping[str, Any]) -> Case:
    """Update (or add) the ``[[file]]`` entry of ``path``: caption, category, exclude, redact."""
    doc = _read(case_dir)
    files = doc.get("file")
    if not isinstance(files, AoT):
        files = tomlkit.aot()
        doc["file"] = files
    entry = next((t for t in files if t.get("path") == path), None)
    if entry is None:
        entry = tomlkit.table()
        entry["path"] = path
        files.append(entry)
        entry = files[-1]
    for key in ("caption", "category", "exclude", "redact"):
        if key not in changes:
            continue
        value = changes[key]
        if value in ("", None, False, []):
            if key in entry:
                del entry[key]
        else:
            entry[key] = value
    return _write(case_dir, doc)
