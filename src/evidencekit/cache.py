"""A content-addressed cache of derived data, shared by the stages (audit facts, prepared images).

Entries are keyed by a SHA-256 over the inputs, the format and the tool version, so a stale entry
is never read; deleting the cache is always safe. ``EVIDENCEKIT_CACHE=0`` turns it off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from evidencekit import __version__

FACTS_FORMAT = 3  # 3: IPTC/maker-note claims, RAW previews, damaged-file metadata
"""Bump when a cached fact's meaning changes for the same input (2: a JPEG over the pixel
limit is decoded at a DCT scale: too_many_pixels only when no scale fits)."""
T = TypeVar("T")


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` by renaming a temporary file into place (no torn reads)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def user_cache_dir() -> Path | None:
    """The per-user cache (audit results that are costly to recompute, e.g. OCR)."""
    if os.environ.get("EVIDENCEKIT_CACHE", "1") == "0":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "evidencekit"


def _tuples(value: object) -> object:
    """JSON lists back to the tuples the frozen dataclasses hold."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def _facts_path(key_parts: list[object], cls: type) -> Path | None:
    cache = user_cache_dir()
    if cache is None:
        return None
    spec = [FACTS_FORMAT, __version__, cls.__name__, *key_parts]
    key = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    return cache / "facts" / key[:2] / f"{key}.json"


def load_facts(
    key_parts: list[object], cls: type[T], decode: Callable[[Any], T] | None = None
) -> T | None:
    """The value stored under ``key_parts`` (a JSON-able list), or None. ``decode``: JSON ->
    value, for classes that are not flat (default: ``cls(**fields)``)."""
    path = _facts_path(key_parts, cls)
    if path is None:
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if decode is not None:
            return decode(raw)
        return cls(**{k: _tuples(v) for k, v in raw.items()})
    except (OSError, ValueError, TypeError, KeyError):
        return None  # absent, damaged or from another layout: recomputed


def store_facts(
    key_parts: list[object], value: object, encode: Callable[[Any], Any] | None = None
) -> None:
    path = _facts_path(key_parts, type(value))
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # No fsync: a lost entry is recomputed, and a torn one fails to parse (load_facts).
        data = encode(value) if encode is not None else dataclasses.asdict(value)  # type: ignore[call-overload]
        write_new(path, json.dumps(data).encode("utf-8"))
    except (OSError, TypeError, ValueError):
        pass
