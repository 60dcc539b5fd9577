"""Copy a file the user dropped on the web page into a category folder, byte for byte.

The name a browser sends is never trusted as a path: only its last component is kept, control
characters and leading dots go, and the result must land inside the category folder. A file
is never overwritten: the same bytes under the same name are "already there", different bytes
get a ``-2`` suffix. The SHA-256 of the bytes received is compared with the browser's own (when
it sent one) and with the file read back after the copy.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from evidencekit.case.scaffold import FOLDERS
from evidencekit.errors import CaseError

MAX_FILE_BYTES = 500 * 1024 * 1024
"""Per file: a 4K phone video of several minutes fits; anything bigger is refused."""
_CHUNK = 1 << 20
_BAD = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")


@dataclass(frozen=True)
class Imported:
    path: str
    """Relative POSIX path inside the case folder."""
    sha256: str
    size: int
    duplicate: bool = False
    """The same bytes were already there under that name: nothing written."""


def safe_name(name: str) -> str:
    """The last path component of ``name``, cleaned; CaseError when nothing usable is left."""
    base = re.split(r"[\\/]", name)[-1]
    base = _BAD.sub("_", base).strip().lstrip(".").strip()
    if not base:
        raise CaseError(f"the file name {name!r} cannot be used", "rename the file and try again")
    stem, dot, ext = base.rpartition(".")
    if len(base) > 150:  # file systems stop at 255 bytes; CJK is 3 bytes each in UTF-8
        base = (stem[:140] + "." + ext[:9]) if dot else base[:150]
    return base


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _receive(src: BinaryIO, tmp: Path, max_bytes: int) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with tmp.open("xb") as out:
        while chunk := src.read(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise CaseError(
                    f"the file is larger than {max_bytes // (1024 * 1024)} MB",
                    "shorten the video or copy it into the case folder by hand",
                )
            h.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return h.hexdigest(), size


def import_file(
    case_dir: Path,
    category: str,
    name: str,
    src: BinaryIO,
    expected_sha256: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Imported:
    """Copy ``src`` to ``case_dir/category/<safe name>``; never overwrites, never re-encodes."""
    if category not in FOLDERS:
        raise CaseError(f"unknown category {category!r}", f"choose one of {', '.join(FOLDERS)}")
    folder = case_dir / category
    folder.mkdir(parents=True, exist_ok=True)
    base = safe_name(name)
    tmp = folder / f".ek-upload-{secrets.token_hex(8)}.part"  # a dot file: scan skips it
    try:
        digest, size = _receive(src, tmp, max_bytes)
        if expected_sha256 and expected_sha256.lower() != digest:
            raise CaseError(
                f"{base}: the bytes received differ from the file the browser read",
                "upload the file again",
            )
        return _place(case_dir, folder, base, tmp, digest, size)
    finally:
        tmp.unlink(missing_ok=True)


def _place(case_dir: Path, folder: Path, base: str, tmp: Path, digest: str, size: int) -> Imported:
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    for n in range(1, 1000):
        candidate = base if n == 1 else f"{stem}-{n}{'.' + ext if ext else ''}"
        final = folder / candidate
        if not final.resolve().is_relative_to(case_dir.resolve()):
            raise CaseError(f"{base}: the name points outside the case folder", "rename the file")
        rel = final.relative_to(case_dir).as_posix()
        if final.exists():
            if final.is_file() and final.stat().st_size == size and _hash_file(final) == digest:
                return Imported(rel, digest, size, duplicate=True)
            continue
        try:
            os.link(tmp, final)  # fails if the name appeared meanwhile: never overwrites
        except FileExistsError:
            continue
        if _hash_file(final) != digest:  # read back: the copy must be the bytes received
            final.unlink()
            raise CaseError(f"{base}: the copy does not match the upload", "upload it again")
        return Imported(rel, digest, size)
    raise CaseError(f"{base}: too many files with this name", "rename the file")
