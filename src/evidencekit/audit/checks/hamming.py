"""Hamming distances from one 64-bit hash to many, a few big-integer operations per query.

The near-duplicate and listing checks compare every photo's perceptual hash with every other
photo's and with every window of every listing screenshot: 200 photos and 17 listings are
600,000 comparisons, a quarter of a second of a warm audit as a Python loop. ``HashBank`` packs
the hashes into one integer, 64 bits per lane, and counts the differing bits of all lanes at
once with the SWAR population count (Hacker's Delight, 2nd ed., sec. 5-1; Anderson, "Bit
Twiddling Hacks"): no step carries from one lane into the next (see ``within``), so each lane's
low byte ends up holding its own count. CPython does each step over the whole integer in C.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_LANE = 8  # bytes per hash
_HIT = re.compile(b"\x01")
_AT_MOST = [bytes(1 if i <= limit else 0 for i in range(256)) for limit in range(65)]
"""``_AT_MOST[limit]``: a ``bytes.translate`` table marking counts <= limit with 1."""


def _fill(pattern: int, lanes: int) -> int:
    return int.from_bytes(bytes([pattern]) * (_LANE * lanes), "little")


class HashBank:
    """64-bit hashes (ints in [0, 2**64)), queried by Hamming distance."""

    def __init__(self, hashes: Sequence[int]) -> None:
        n = self.size = len(hashes)
        self._packed = int.from_bytes(
            b"".join(h.to_bytes(_LANE, "little") for h in hashes), "little"
        )
        self._ones = int.from_bytes((b"\x01" + bytes(_LANE - 1)) * n, "little")
        self._m1, self._m2, self._m4 = _fill(0x55, n), _fill(0x33, n), _fill(0x0F, n)
        self._low = int.from_bytes((b"\xff" + bytes(_LANE - 1)) * n, "little")

    def counts(self, query: int) -> bytes:
        """Byte i: the number of bits in which hash i differs from ``query``."""
        if not self.size:
            return b""
        x = self._packed ^ (query * self._ones)  # query copied into every lane
        # 2-, 4-, 8-bit field sums. Each mask clears the bits a right shift brought in from
        # the lane above (0x55 and 0x33 leave a lane's top bits clear, 0x0F each byte's high
        # nibble), and no field sum outgrows its field, so nothing crosses a lane.
        x = x - ((x >> 1) & self._m1)
        x = (x & self._m2) + ((x >> 2) & self._m2)
        x = (x + (x >> 4)) & self._m4
        # Byte sums into the lane's low byte. The lane's high bytes also collect bytes of the
        # lane above, but only the low byte is read, every byte stays <= 64 (no carry), and the
        # low byte sums bytes 0-7 of its own lane only.
        x = x + (x >> 8)
        x = x + (x >> 16)
        x = x + (x >> 32)
        return (x & self._low).to_bytes(_LANE * self.size, "little")[::_LANE]

    def within(self, query: int, limit: int) -> list[int]:
        """Indices (ascending) of the hashes at most ``limit`` bits from ``query``."""
        if limit < 0:
            return []
        hits = self.counts(query).translate(_AT_MOST[min(limit, 64)])
        return [m.start() for m in _HIT.finditer(hits)]
