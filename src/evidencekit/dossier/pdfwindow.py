"""File-level helpers for reading dossiers back (postprocess): a window onto the first bytes
of a file, and attachments read only when asked. No PDF library here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


class Attachments(Mapping[str, bytes]):
    """Attachment name -> content, read from the file only when asked (and not kept), so
    checking a dossier of hundreds of attached originals does not load them all."""

    def __init__(self, files: dict[str, Any]) -> None:
        self._files = files

    def __getitem__(self, name: str) -> bytes:
        return bytes(self._files[name].content)

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, name: object) -> bool:
        return name in self._files


class Window:
    """The first ``length`` bytes of an open file, as a file: pypdf reads the dossier as built
    and never scans what was appended after it (20 MB of zeros, or an update)."""

    def __init__(self, f: Any, length: int) -> None:
        self._f, self._len, self._pos = f, length, 0

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, self._len)[whence]
        self._pos = max(0, min(self._len, base + offset))
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, n: int = -1) -> bytes:
        n = self._len - self._pos if n is None or n < 0 else min(n, self._len - self._pos)
        self._f.seek(self._pos)
        data = bytes(self._f.read(n))
        self._pos += len(data)
        return data

    def close(self) -> None:
        self._f.close()
