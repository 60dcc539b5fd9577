"""Write a PDF whose big streams come from files, without holding them in memory.

reportlab and pypdf both keep a whole document in memory until they save it: 200 camera JPEGs
would cost gigabytes. So the dossier is rendered with a short placeholder token as the content
of every image (and attached original) stream, and this module copies the finished, small PDF
to its destination, replacing each placeholder by the file's bytes read in chunks, fixing that
object's ``/Length`` and shifting the cross-reference table (ISO 32000-1 §7.5.4: each entry is a
fixed 20-byte line with a 10-digit byte offset, so offsets can be rewritten in place).

Only a classic cross-reference table (what pypdf's ``PdfWriter`` writes) is handled; anything
else raises ``SpliceError`` (a bug of ours: the build reports it as such).

A placeholder counts only as the *entire* content of a stream: the same text elsewhere (a file
named ``%EKSPLICE:<32 hex>%.jpg`` shows up in the manifest, the outline and the text layer) is
data and left alone (issue 19).

Files are hashed while they are copied, so nothing is read twice: ``expect`` gives the SHA-256
each file must have (the audit's), and a file that changed since raises ``SourceChanged``
(the caller discards the half-written output). An embedded file's ``/Params /CheckSum`` (MD5,
ISO 32000-1 §7.11.4 Table 46) may be written as the placeholder ``<key>`` (the key's 16 bytes
in hex): it is patched in place once the file has been copied, its length unchanged.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import os
import re
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from evidencekit._io import open_evidence
from evidencekit.progress import Progress, report

PREFIX = b"%EKSPLICE:"
_TOKEN = re.compile(rb"%EKSPLICE:([0-9a-f]{32})%")
_LENGTH = re.compile(rb"/Length\s+(\d+)\b(?!\s+\d+\s+R)")
CHUNK = 1 << 20


class SpliceError(Exception):
    pass


class SourceChanged(Exception):
    """A source file's SHA-256 is not the one it was given (it changed since the audit), or
    it cannot be read any more (``gone``: deleted or moved during the build)."""

    def __init__(self, path: Path, gone: bool = False) -> None:
        super().__init__(str(path))
        self.path = path
        self.gone = gone


def _stat_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        raise SourceChanged(path, gone=True) from None


def token(key: str) -> bytes:
    """The placeholder for ``key`` (32 hex digits, e.g. a SHA-256 prefix)."""
    if not re.fullmatch(r"[0-9a-f]{32}", key):
        raise ValueError(f"bad splice key {key!r}")
    return PREFIX + key.encode() + b"%"


@dataclass(frozen=True)
class _Cut:
    token_at: int
    token_len: int
    length_at: int
    """Offset of the /Length digits of the object holding the token."""
    length_len: int
    key: str
    size: int
    """Size of the file that replaces the token."""
    checksum_at: int = -1
    """Offset of the 32 hex digits of a ``/CheckSum <key>`` placeholder, or -1."""

    @property
    def new_length(self) -> bytes:
        return str(self.size).encode()


def _cuts(pdf: bytes, sources: Mapping[str, Path]) -> list[_Cut]:
    cuts = []
    for m in _TOKEN.finditer(pdf):
        if not _whole_stream(pdf, m.start(), m.end()):
            continue  # the text of a file name, not one of our placeholders
        key = m.group(1).decode()
        if key not in sources:
            raise SpliceError(f"no source for placeholder {key}")
        head = pdf.rfind(b"stream", 0, m.start())
        obj = pdf.rfind(b" obj", 0, head)
        if head < 0 or obj < 0 or pdf[head - 3 : head] == b"end":
            raise SpliceError("placeholder outside a stream")
        found = list(_LENGTH.finditer(pdf, obj, head))
        lm = found[-1] if found else None  # the stream's own dictionary comes last
        if lm is None or int(lm.group(1)) != len(m.group(0)):
            raise SpliceError("placeholder stream has no direct /Length of its own size")
        size = _stat_size(sources[key])
        ck = pdf.find(b"/CheckSum <" + key.encode() + b">", obj, head)
        ck = ck + len(b"/CheckSum <") if ck >= 0 else -1
        cut = _Cut(m.start(), len(m.group(0)), lm.start(1), len(lm.group(1)), key, size, ck)
        cuts.append(cut)
    return cuts


_STREAM_HEAD = (b"stream\r\n", b"stream\n")
_STREAM_TAIL = (b"\r\nendstream", b"\nendstream", b"\rendstream", b"endstream")


def _whole_stream(pdf: bytes, start: int, end: int) -> bool:
    """The bytes at ``start:end`` are a whole stream's data (ISO 32000-1 §7.3.8.1: the keyword
    ``stream`` and an EOL before, an optional EOL and ``endstream`` after)."""
    head = any(pdf[start - len(h) : start] == h for h in _STREAM_HEAD)
    return head and any(pdf.startswith(t, end) for t in _STREAM_TAIL)


def final_size(pdf: bytes, sources: Mapping[str, Path]) -> int:
    """Size of the PDF once every placeholder is replaced (for upload-limit fitting)."""
    return write(pdf, sources, _Counter())


class _Counter:
    """A sink that only counts; ``write`` skips reading source files for it."""

    def write(self, data: bytes) -> int:
        return len(data)


def _xref(pdf: bytes) -> tuple[int, int, int]:
    """(offset of 'xref', offset of the first entry, number of entries) of the last table."""
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf[-1024:])
    if not m:
        raise SpliceError("no startxref")
    at = int(m.group(1))
    if pdf[at : at + 4] != b"xref":
        raise SpliceError("cross-reference stream, not a table")
    sub = re.compile(rb"xref\s+0\s+(\d+)\s*?\r?\n").match(pdf, at)
    if not sub:
        raise SpliceError("xref table with several subsections")
    return at, sub.end(), int(sub.group(1))


def write(
    pdf: bytes,
    sources: Mapping[str, Path],
    out: BinaryIO | _Counter,
    expect: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> int:
    """Write ``pdf`` to ``out`` with every placeholder replaced; returns bytes written.
    ``expect``: key -> SHA-256 the file must have (checked while copying); ``progress``:
    (bytes written, final size) after each file."""
    cuts = _cuts(pdf, sources)
    if not cuts:
        out.write(pdf)
        report(progress, len(pdf), len(pdf))
        return len(pdf)
    xref_at, first, count = _xref(pdf)
    if any(c.token_at > xref_at for c in cuts):
        raise SpliceError("placeholder after the cross-reference table")
    # Byte edits in order: (position, bytes removed, replacement-writer)
    edits: list[tuple[int, int, bytes | Path]] = []
    md5_of = {c.key for c in cuts if c.checksum_at >= 0}
    checksum_at = {c.checksum_at: c.key for c in cuts if c.checksum_at >= 0}
    for c in cuts:
        edits.append((c.length_at, c.length_len, c.new_length))
        edits.append((c.token_at, c.token_len, sources[c.key]))
    edits.sort(key=lambda e: e[0])
    # shift(offset) = offset + growth of every edit before it: a bisect over running sums,
    # not a sum over all edits for each of the thousands of cross-reference entries.
    positions = [pos for pos, _, _ in edits]
    growth = list(
        itertools.accumulate((_size(rep) - removed for _, removed, rep in edits), initial=0)
    )

    def shift(offset: int) -> int:
        return offset + growth[bisect.bisect_left(positions, offset)]

    total = len(pdf) + growth[-1]
    key_at = {c.token_at: c.key for c in cuts}
    md5s: dict[str, bytes] = {}
    copied: dict[str, int] = {}
    """key -> output offset of its first copy (an archive holds each JPEG twice: as the
    exhibit image and as the attached original)."""
    pos = written = 0
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="ek-hash") as pool:
        for at, removed, rep in edits:
            out.write(pdf[pos:at])
            written += at - pos
            if isinstance(rep, bytes):
                out.write(rep)
                written += len(rep)
            elif isinstance(out, _Counter):
                written += _stat_size(rep)  # sizing only: nothing is read
            else:
                key = key_at[at]
                start, size = out.tell(), _stat_size(rep)
                if key in copied and _recopy(out, copied[key], size):
                    n = size  # the same file again, copied from our own output
                else:
                    n, sha, md5 = _copy(rep, out, key in md5_of, pool)
                    if expect is not None and key in expect and sha != expect[key]:
                        raise SourceChanged(rep)
                    if md5 is not None:
                        md5s[key] = md5
                    copied[key] = start
                written += n
                report(progress, written, total)
            pos = at + removed
    out.write(pdf[pos:first])
    written += first - pos
    table = bytearray()
    for i in range(count):
        entry = pdf[first + 20 * i : first + 20 * (i + 1)]
        if entry[17:18] == b"n":
            entry = b"%010d" % shift(int(entry[:10])) + entry[10:]
        table += entry
    out.write(bytes(table))
    written += len(table)
    tail = pdf[first + 20 * count :]
    tail = re.sub(rb"startxref\s+\d+", b"startxref\n%d" % shift(xref_at), tail)
    out.write(tail)
    if md5s and not isinstance(out, _Counter):
        end = out.tell()
        for at, key in checksum_at.items():
            out.seek(shift(at))
            out.write(md5s[key].hex().encode())
        out.seek(end)
    report(progress, written + len(tail), total)
    return written + len(tail)


def _recopy(out: BinaryIO, src_at: int, size: int) -> bool:
    """Append ``size`` bytes found at ``src_at`` of ``out`` itself, in the kernel
    (``copy_file_range``, Linux 4.5+): the second copy of a file is neither read from the case
    again nor hashed again, since those bytes were checked when first written. False (nothing
    appended) when ``out`` is not a readable file or the call is unsupported; the caller then
    copies from the source as usual."""
    copy_range = getattr(os, "copy_file_range", None)
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    if copy_range is None:
        return False
    out.flush()
    dst = out.tell()
    done = 0
    try:
        while done < size:
            n = copy_range(fd, fd, size - done, src_at + done, dst + done)
            if n <= 0:
                raise OSError("copy_file_range copied nothing")
            done += n
    except OSError:
        out.seek(dst)  # e.g. EBADF (opened write-only), EXDEV, ENOSYS: copy from the source
        out.truncate()
        return False
    out.seek(dst + size)
    return True


def _copy(
    src: Path, out: BinaryIO, with_md5: bool, pool: ThreadPoolExecutor
) -> tuple[int, str, bytes | None]:
    """Copy ``src`` to ``out``; (bytes copied, SHA-256 hex, MD5 or None).

    Each chunk is hashed in ``pool`` while it is written and the next one read (hashlib
    releases the GIL on large buffers): hashing 1.5 GB of an archive build no longer adds to
    the time of writing it."""
    sha = hashlib.sha256()
    md5 = hashlib.md5(usedforsecurity=False) if with_md5 else None
    n = 0
    pending: list[Future[None]] = []
    try:
        f = open_evidence(src, None)  # never blocks (a FIFO swapped in), regular files only
    except OSError:
        raise SourceChanged(src, gone=True) from None
    with f:
        while chunk := f.read(CHUNK):
            for job in pending:
                job.result()  # the previous chunk is hashed before this one (order matters)
            pending = [pool.submit(sha.update, chunk)]
            if md5 is not None:
                pending.append(pool.submit(md5.update, chunk))
            out.write(chunk)
            n += len(chunk)
    for job in pending:
        job.result()
    return n, sha.hexdigest(), md5.digest() if md5 is not None else None


def _size(rep: bytes | Path) -> int:
    return len(rep) if isinstance(rep, bytes) else _stat_size(rep)
