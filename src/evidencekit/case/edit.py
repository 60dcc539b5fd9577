"""Edit case.toml from the web page's forms, keeping the user's comments and unknown keys.

tomlkit keeps comments, key order and formatting of everything it is not told to change; each
edit is checked with the same validation (and messages) as ``load_case`` before it is written,
so a form can never save a case.toml that the CLI would refuse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Item, Table

from evidencekit._io import atomic_write_bytes
from evidencekit.case.load import CASE_FILE, parse_case_text
from evidencekit.case.scaffold import TEMPLATE
from evidencekit.errors import CaseError
from evidencekit.models import Case

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
INT_FIELDS = ("reply_days",)
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


def save_details(case_dir: Path, fields: Mapping[str, str]) -> Case:
    """Write the ``[case]`` keys given (others, comments and unknown keys stay)."""
    doc = _read(case_dir)
    table = doc.get("case")
    if not isinstance(table, Table):
        table = tomlkit.table()
        doc["case"] = table
    for key in CASE_FIELDS:
        if key in fields:
            _set(table, key, fields[key].strip() if key != "statement" else fields[key])
    for key in INT_FIELDS:
        value = fields.get(key, "").strip()
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
    return _write(case_dir, doc)


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
