"""Minimal XMP field extraction by pattern (no XML parser: XMP packets in the wild are often
malformed, and a regex cannot be made to expand entities, so hostile packets stay harmless)."""

from __future__ import annotations

import re

# Standard prefixes (XMP spec part 2); writers virtually always use these.
DATE_FIELDS: tuple[tuple[str, str], ...] = (
    ("xmp:CreateDate", "xmp:CreateDate"),
    ("photoshop:DateCreated", "xmp:DateCreated"),
    ("exif:DateTimeOriginal", "xmp:DateTimeOriginal"),
)
_SERIAL_FIELDS = (
    "aux:SerialNumber",
    "aux:LensSerialNumber",
    "aux:OwnerName",
    "exifEX:BodySerialNumber",
    "exifEX:LensSerialNumber",
    "exifEX:CameraOwnerName",
)
_MAX_XMP = 2 * 1024 * 1024


def decode(packet: bytes | str | None) -> str:
    if packet is None:
        return ""
    if isinstance(packet, str):
        return packet[:_MAX_XMP]
    data = packet[:_MAX_XMP]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8", "replace")


def field(text: str, name: str) -> str:
    """Value of a simple XMP property in attribute or element form, '' when absent."""
    if not text or name not in text:
        return ""
    esc = re.escape(name)
    m = re.search(rf"""\b{esc}\s*=\s*(?:"([^"]*)"|'([^']*)')""", text)
    if m:
        return _unescape(m.group(1) if m.group(1) is not None else m.group(2))
    m = re.search(rf"<{esc}(?:\s[^>]*)?>([^<]*)</{esc}>", text)
    if m:
        return _unescape(m.group(1))
    # Language alternatives / sequences: <x:Name><rdf:Alt><rdf:li ...>value</rdf:li>
    m = re.search(rf"<{esc}(?:\s[^>]*)?>\s*<rdf:(?:Alt|Seq|Bag)>\s*<rdf:li[^>]*>([^<]*)<", text)
    return _unescape(m.group(1)) if m else ""


def _unescape(value: str) -> str:
    return (
        value.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
        .strip()
    )


def has_serial(text: str) -> bool:
    return any(field(text, name) for name in _SERIAL_FIELDS)
