"""What changed in a dossier: the seal (dossier/seal.py), what follows the sealed bytes, and
which parts differ from the digests recorded at build time.

The whole-file digest decides; the part digests only name the change for the user ("page 3",
"document info", "pages 2, 3 removed"), since a byte flip in a compressed stream or a new
object tells them nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evidencekit.dossier import seal


@dataclass(frozen=True)
class Check:
    name: str
    """Stable key, e.g. ``manifest.fingerprint``, ``attachment:product/a.jpg``, ``folder``."""
    ok: bool
    detail: str = ""


PAD = frozenset(b"\x00\t\n\x0c\r ")
"""Bytes that carry nothing (PDF whitespace, ISO 32000-1 §7.2.2)."""
SCAN_LIMIT = 64 << 20
"""Appended bytes read to tell padding from an update (beyond: "too large to check")."""


@dataclass(frozen=True)
class Tail:
    kind: str
    """none | padding | signature | update | too_large"""
    size: int


def classify_tail(path: Path, start: int, size: int) -> Tail:
    """What follows the sealed bytes: nothing, padding only, a signature or document timestamp
    (PAdES: an update carrying ``/ByteRange``), or another incremental update. Read in chunks
    and at most SCAN_LIMIT bytes, so 20 MB of zeros cost milliseconds."""
    n = size - start
    if n <= 0:
        return Tail("none", 0)
    if n > SCAN_LIMIT:
        return Tail("too_large", n)
    padding, signed, carry = True, False, b""
    with open(path, "rb") as f:
        f.seek(start)
        while chunk := f.read(1 << 20):
            if padding and chunk.strip(bytes(PAD)):
                padding = False
            if not padding and b"/ByteRange" in carry + chunk:
                signed = True
                break
            carry = chunk[-16:]
    if padding:
        return Tail("padding", n)
    return Tail("signature" if signed else "update", n)


def describe_tail(tail: Tail) -> str:
    size = _size(tail.size)
    if tail.kind == "padding":
        return f"{size} of padding were appended after the dossier's end (%%EOF)"
    if tail.kind == "too_large":
        return f"{size} were appended after the dossier's end: too large to check"
    if tail.kind == "signature":
        return f"a signature or timestamp ({size}) was added after the build"
    return f"an incremental update ({size}) was appended after the build: the file was edited"


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 1_000_000 else f"{n / 1e6:.1f} MB"


def name_changes(stored: Sequence[str], current: Sequence[str]) -> list[tuple[str, str]]:
    """(check name, what changed) for each part whose digest differs; [] when all match.

    ``stored`` and ``current`` are ``/EKParts`` lists: pages, then ``seal.DOC_PARTS``."""
    k = len(seal.DOC_PARTS)
    if len(stored) < k or len(current) < k:
        return [("parts", "the record of the document's parts is unreadable")]
    out: list[tuple[str, str]] = []
    for name, a, b in zip(seal.DOC_PARTS, stored[-k:], current[-k:], strict=True):
        if a != b:
            out.append((name.replace(" ", "_"), f"the {name} changed"))
    out += _page_changes(list(stored[:-k]), list(current[:-k]))
    return out


def _page_changes(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    if old == new:
        return []
    if sorted(old) == sorted(new):
        moved = [str(i + 1) for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        return [("pages", "pages were reordered (now different at page " + ", ".join(moved) + ")")]
    if len(old) == len(new):
        return [
            (f"page:{i + 1}", f"page {i + 1}: its content, resources or annotations changed")
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            if a != b
        ]
    out = []
    gone = [str(i + 1) for i, d in enumerate(old) if d not in set(new)]
    added = [str(i + 1) for i, d in enumerate(new) if d not in set(old)]
    what = f"the dossier had {len(old)} pages, now {len(new)}"
    if gone:
        what += "; missing or changed: page " + ", ".join(gone) + " (of the original)"
    if added:
        what += "; new or changed: page " + ", ".join(added) + " (of this file)"
    out.append(("pages", what))
    return out
