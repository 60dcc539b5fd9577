"""Line numbers for case.toml messages: tomllib forgets positions once parsed.

The text is indexed once (one pass over the lines); each lookup is then a dict read. A rescan
per lookup made a case.toml with 10,000 ``[[event]]`` tables take 6 min 39 s (issue 19).
"""

from __future__ import annotations

import re


class Locator:
    """Find the 1-based line of ``key`` in table ``table`` (the ``index``-th for arrays).

    The text is indexed once (one pass over the lines): a per-lookup rescan made a case.toml
    with 10,000 ``[[event]]`` tables take minutes (issue 19); each lookup is now a dict read.
    """

    _HEADER = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.\-]+)\s*\]?\]\s*(#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')\s*=")

    def __init__(self, text: str) -> None:
        self._headers: dict[tuple[str, int], int] = {}
        self._keys: dict[tuple[str, int, str], int] = {}
        current, index, seen = "", 0, {}  # type: str, int, dict[str, int]
        for n, raw in enumerate(text.splitlines(), 1):
            m = self._HEADER.match(raw)
            if m:
                current = m.group(2)
                index = seen[current] = seen.get(current, -1) + 1
                self._headers.setdefault((current, index), n)
                continue
            k = self._KEY.match(raw)
            if k:
                self._keys.setdefault((current, index, k.group(1).strip("\"'")), n)

    def line(self, table: str, key: str | None = None, index: int = 0) -> int | None:
        if key is not None and (table, index, key) in self._keys:
            return self._keys[(table, index, key)]
        return self._headers.get((table, index))
