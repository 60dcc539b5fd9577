"""GB 45438-2025 (网络安全技术 人工智能生成合成内容标识方法, in force 2025-09-01) implicit labels.

Section 5.3 / Annex E puts the label in file metadata; for XMP the namespace is
``http://www.tc260.org.cn/ns/AIGC/1.0/`` with one property ``AIGC`` whose value is a JSON object
(Label, ContentProducer, ProduceID, ReservedCode1, ContentPropagator, PropagateID, ReservedCode2).
Some writers put the fields as separate properties instead; both forms are read. Matched by
pattern, never by an XML parser (hostile packets stay harmless; see metadata/xmp.py).
"""

from __future__ import annotations

import html
import json
import re
import zlib
from pathlib import Path

from evidencekit._io import Source, reader

NAMESPACE = b"http://www.tc260.org.cn/ns/AIGC/1.0/"
HEAD = 16 * 1024 * 1024
TAIL = 1024 * 1024
"""Bytes read from the start and the end: XMP sits in the header of images, and at the start
or the end of an MP4/MOV (the moov box). A bounded read keeps a 2 GB file cheap."""
FIELDS = (
    "Label",
    "ContentProducer",
    "ProduceID",
    "ReservedCode1",
    "ContentPropagator",
    "PropagateID",
    "ReservedCode2",
)
_PNG_XMP = re.compile(rb"(iTXt|zTXt)XML:com\.adobe\.xmp\x00")


def read_window(path: Path | Source) -> bytes:
    """The first HEAD and last TAIL bytes (the whole file when smaller); b'' when unreadable."""
    try:
        with reader(path) as f:
            head = f.read(HEAD)
            if len(head) < HEAD:
                return head
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(HEAD, size - TAIL))
            return head + f.read(TAIL)
    except OSError:
        return b""


def _png_packets(data: bytes) -> list[bytes]:
    """XMP packets in PNG iTXt/zTXt chunks, decompressed when flagged (PNG spec 11.3.4.5)."""
    out = []
    for m in _PNG_XMP.finditer(data):
        start = m.end()
        if m.group(1) == b"iTXt":
            flag = data[start : start + 1]
            # compression flag, method, then language tag and translated keyword (NUL-ended)
            rest = data[start + 2 :]
            parts = rest.split(b"\x00", 2)
            if len(parts) < 3:
                continue
            body = parts[2]
            if flag == b"\x01":
                body = _inflate(body)
        else:
            body = _inflate(data[start + 1 :])
        out.append(body)
    return out


def _inflate(data: bytes, limit: int = 4 * 1024 * 1024) -> bytes:
    try:
        d = zlib.decompressobj()
        return d.decompress(data, limit)
    except zlib.error:
        return b""


def _fields(text: str, prefix: str) -> dict[str, str]:
    esc = re.escape(prefix)
    value = re.search(rf"""\b{esc}:AIGC\s*=\s*(?:"([^"]*)"|'([^']*)')""", text) or re.search(
        rf"<{esc}:AIGC>([^<]*)</{esc}:AIGC>", text
    )
    found: dict[str, str] = {}
    if value:
        raw = html.unescape(next(g for g in value.groups() if g is not None))
        try:
            obj = json.loads(raw)
        except ValueError:
            obj = None
        if isinstance(obj, dict):
            found = {str(k): str(v)[:200] for k, v in obj.items() if str(k) in FIELDS}
        elif raw.strip():
            found = {"Label": raw.strip()[:200]}
    for name in FIELDS:
        if name in found:
            continue
        m = re.search(rf"""\b{esc}:{name}\s*=\s*(?:"([^"]*)"|'([^']*)')""", text) or re.search(
            rf"<{esc}:{name}>([^<]*)</{esc}:{name}>", text
        )
        if m:
            found[name] = html.unescape(next(g for g in m.groups() if g is not None))[:200]
    return found


def find_label(data: bytes, media_type: str = "") -> tuple[tuple[str, str], ...]:
    """The label's fields, sorted; () when the file carries no GB 45438 XMP label."""
    packets = [data]
    if media_type == "image/png" or data.startswith(b"\x89PNG"):
        packets += _png_packets(data)
    for packet in packets:
        at = packet.find(NAMESPACE)
        if at < 0:
            continue
        window = packet[max(0, at - 512) : at + 8192].decode("utf-8", "replace")
        m = re.search(
            r'xmlns:([A-Za-z_][\w.-]*)\s*=\s*["\']' + re.escape(NAMESPACE.decode()), window
        )
        fields = _fields(window, m.group(1)) if m else {}
        # The namespace alone is a label too (a writer that declared it and wrote no field).
        return tuple(sorted(fields.items())) or (("Label", ""),)
    return ()
