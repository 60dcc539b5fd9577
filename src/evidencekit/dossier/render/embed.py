"""Attachments, document info and file ID, written by reportlab itself as it saves.

These used to be added afterwards by pypdf (``PdfWriter(clone_from=...)``), which parses and
re-serialises every object of the rendered file: 2.3 s of a 14 s rebuild of a 400-page dossier.
Here they are extra objects in reportlab's own document, so the file is formatted once.

Attachments follow ISO 32000-1 §7.11.4 (embedded file streams, ``/Params /Size /CheckSum``)
and §7.11.3 (file specification): ``/F`` is a portable ASCII name for old readers, ``/UF`` the
Unicode name (UTF-16BE text string, §7.9.2.2) that modern viewers show, so Chinese file names
survive; ``/AFRelationship`` is ISO 32000-2 §14.13. They are listed in the catalog's
``/Names /EmbeddedFiles`` name tree, whose keys must be sorted (§7.9.6). The stream data is
written byte for byte (no filter): a splice placeholder (splice.py) stays findable, and
originals are kept exactly as the case folder holds them.

Determinism: no timestamp but the dossier date given by the caller; the file ``/ID`` (§14.4
asks only for uniqueness) is derived from the finished bytes, not from a clock or a random.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject

from evidencekit.dossier import seal
from evidencekit.dossier.render.model import Attachment, DocInfo

_ID_PLACEHOLDER = b"<" + b"E" * 32 + b">"


def ascii_name(name: str, taken: set[str]) -> str:
    """A portable ASCII ``/F`` name: accents folded, other characters as ``_``, unique."""
    decomposed = unicodedata.normalize("NFKD", name)
    base = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in "._/-") else "_"
        for ch in decomposed
        if unicodedata.category(ch) != "Mn"  # accents: "é" -> "e"
    )
    out, n = base, 1
    while out in taken:
        stem, dot, ext = base.rpartition(".")
        out = f"{stem}-{n}.{ext}" if dot else f"{base}-{n}"
        n += 1
    taken.add(out)
    return out


def text_bytes(s: str) -> bytes:
    """A PDF text string's bytes (§7.9.2.2): ASCII as is, anything else UTF-16BE with BOM."""
    if all(" " <= ch <= "~" for ch in s):
        return s.encode("ascii")
    return b"\xfe\xff" + s.encode("utf-16-be")


def text(s: str) -> bytes:
    """``s`` as a PDF string object: a literal when ASCII, else hexadecimal UTF-16BE."""
    raw = text_bytes(s)
    if raw.startswith(b"\xfe\xff"):
        return b"<" + raw.hex().encode() + b">"
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


def name(s: str) -> bytes:
    """``s`` as a PDF name object (§7.3.5): delimiters and non-regular bytes as ``#xx``."""
    out = bytearray(b"/")
    for byte in s.encode("utf-8"):
        regular = 0x21 <= byte <= 0x7E and chr(byte) not in "#()<>[]{}/%"
        out += bytes([byte]) if regular else b"#%02x" % byte
    return bytes(out)


def _date(d: datetime) -> bytes:
    return d.strftime("(D:%Y%m%d%H%M%S+00'00')").encode()


class _Raw(PDFObject):
    """Bytes written as they are (already PDF syntax)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class _Info(PDFObject):
    """The document information dictionary (§14.3.3), replacing reportlab's (whose dates are
    fixed to 2000-01-01 in invariant mode)."""

    def __init__(self, info: DocInfo) -> None:
        self.info = info

    def digest(self, md5object: Any) -> None:
        """reportlab feeds the info into its /ID digest; our /ID comes from finish_id."""

    def format(self, document: Any) -> bytes:
        i = self.info
        entries = {
            "Author": b"()",
            "CreationDate": _date(i.date),
            "Creator": text(i.creator),
            "Keywords": text(i.keywords),
            "ModDate": _date(i.date),
            "Producer": text(i.creator),
            "Subject": text(i.subject),
            "Title": text(i.title),
            "Trapped": b"/False",
        }
        return (
            b"<<\n" + b"\n".join(b"/%s %s" % (k.encode(), v) for k, v in entries.items()) + b"\n>>"
        )


class _EmbeddedFile(PDFObject):
    """An embedded file stream, its data unfiltered (§7.11.4, Table 45)."""

    __RefOnly__ = 1

    def __init__(self, att: Attachment) -> None:
        self.att = att

    def format(self, document: Any) -> bytes:
        att = self.att
        size = att.size if att.size is not None else len(att.data)
        md5 = att.md5 if att.md5 is not None else hashlib.md5(att.data).digest()
        subtype = name(att.mime)
        head = (
            b"<<\n/Type /EmbeddedFile\n/Subtype %s\n/Params << /Size %d /CheckSum <%s> >>\n"
            b"/Length %d\n>>" % (subtype, size, md5.hex().encode(), len(att.data))
        )
        return head + b"\nstream\n" + att.data + b"\nendstream"


def _filespec(att: Attachment, stream_ref: bytes, ascii_f: str) -> bytes:
    return (
        b"<<\n/Type /Filespec\n/F %s\n/UF %s\n/Desc %s\n/AFRelationship %s\n/EF << /F %s >>\n>>"
        % (text(ascii_f), text(att.name), text(att.description), name(att.relationship), stream_ref)
    )


def add_to(doc: Any, attachments: list[Attachment], info: DocInfo) -> None:
    """Register attachments, info and page mode with reportlab document ``doc`` before it is
    saved, and give it a placeholder ``/ID`` that ``finish_id`` fills in."""
    taken: set[str] = set()
    keyed = []
    for att in attachments:
        ref = doc.Reference(_EmbeddedFile(att)).format(doc)
        spec = doc.Reference(_Raw(_filespec(att, ref, ascii_name(att.name, taken))))
        keyed.append((text_bytes(att.name), att.name, spec.format(doc)))
    if keyed:
        keyed.sort(key=lambda k: k[0])  # name tree keys in byte order (§7.9.6)
        names = b"[" + b" ".join(text(key) + b" " + ref for _, key, ref in keyed) + b"]"
        doc.Catalog.Names = PDFDictionary({"EmbeddedFiles": _Raw(b"<< /Names %s >>" % names)})
    doc.Catalog.PageMode = PDFName("UseOutlines")
    doc.info = _Info(info)
    doc._ID = _TrailerID()


class _TrailerID(PDFObject):
    """The trailer's ``/ID`` placeholder, then the seal's slots (seal.py), sized at save
    time, when the page count is known."""

    def format(self, document: Any) -> bytes:
        parts = len(document.Pages.pages) + len(seal.DOC_PARTS)
        return b"\n[" + _ID_PLACEHOLDER * 2 + b"]\n" + seal.trailer_slots(parts)


def finish_id(pdf: bytes) -> bytes:
    """Replace the placeholder ``/ID`` by the first 16 bytes of the file's SHA-256 (with the
    placeholder in place: both halves equal, as for a file never updated, §14.4)."""
    at = pdf.rfind(_ID_PLACEHOLDER * 2)
    if at < 0:
        raise ValueError("no /ID placeholder in the trailer")
    ident = b"<" + hashlib.sha256(pdf).hexdigest()[:32].upper().encode() + b">"
    return seal.header_slot(pdf[:at] + ident * 2 + pdf[at + 2 * len(_ID_PLACEHOLDER) :])
