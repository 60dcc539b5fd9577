"""PDF post-processing and reading back: the only module that imports pypdf.

Attachments follow ISO 32000-1 §7.11.4 (embedded file streams) and §7.11.3 (file
specification): ``/F`` is a portable ASCII name for old readers, ``/UF`` the Unicode name
(UTF-16BE text string) that modern viewers show, so Chinese file names survive.
Determinism: no timestamp except the dossier date given by the caller, and a file /ID
derived from the content instead of pypdf's random one (§14.4 only asks for uniqueness).
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from evidencekit.errors import OutputError, VerifyError


@dataclass(frozen=True)
class Attachment:
    name: str
    """Unicode name shown by viewers (``/UF``); the case-relative path for originals."""
    data: bytes
    mime: str
    description: str
    relationship: str = "Source"
    """``/AFRelationship`` (ISO 32000-2 §14.13): Source for originals, Data for the manifest."""
    size: int | None = None
    """Real size when ``data`` is a splice placeholder (see splice.py); None = len(data)."""
    md5: bytes | None = None
    """Real MD5 (``/Params /CheckSum``) when ``data`` is a placeholder."""


@dataclass(frozen=True)
class DocInfo:
    title: str
    subject: str
    keywords: str
    creator: str
    date: datetime


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


def _pdf_date(d: datetime) -> str:
    return d.strftime("D:%Y%m%d%H%M%S+00'00'")


def finalize(pdf: bytes, attachments: list[Attachment], info: DocInfo) -> bytes:
    """Add attachments and document info to the rendered PDF; deterministic bytes."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    taken: set[str] = set()
    for att in attachments:
        ef = writer.add_attachment(att.name, att.data)
        spec = ef.pdf_object
        spec[NameObject("/F")] = TextStringObject(ascii_name(att.name, taken))
        spec[NameObject("/UF")] = TextStringObject(att.name)
        spec[NameObject("/Desc")] = TextStringObject(att.description)
        spec[NameObject("/AFRelationship")] = NameObject("/" + att.relationship)
        stream = cast(DictionaryObject, cast(DictionaryObject, spec["/EF"])["/F"].get_object())
        stream[NameObject("/Subtype")] = NameObject("/" + att.mime)
        params = DictionaryObject()
        size = att.size if att.size is not None else len(att.data)
        md5 = att.md5 if att.md5 is not None else hashlib.md5(att.data).digest()
        params[NameObject("/Size")] = NumberObject(size)
        params[NameObject("/CheckSum")] = ByteStringObject(md5)
        stream[NameObject("/Params")] = params
    writer.add_metadata(
        {
            "/Title": info.title,
            "/Subject": info.subject,
            "/Keywords": info.keywords,
            "/Creator": info.creator,
            "/Producer": info.creator,
            "/CreationDate": _pdf_date(info.date),
            "/ModDate": _pdf_date(info.date),
        }
    )
    writer.page_mode = "/UseOutlines"
    seed = hashlib.sha256(pdf)
    for att in attachments:
        seed.update(hashlib.sha256(att.data).digest())
    ident = ByteStringObject(seed.digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class DossierData:
    pages: int
    attachments: Mapping[str, bytes]
    """Unicode name (``/UF``, else ``/F``) -> content (read on access)."""
    info: dict[str, str]
    reader: PdfReader

    def page_text(self, index: int) -> str:
        return self.reader.pages[index].extract_text() or ""

    def image_hashes(self) -> dict[str, str]:
        """XObject name -> SHA-256 of each image, as the manifest records it.

        The renderer names each exhibit image ``EK<first 24 hex of its SHA-256>``.
        """
        out: dict[str, str] = {}
        for page in self.reader.pages:
            resources = page.get("/Resources")
            xobjects = resources.get_object().get("/XObject") if resources else None
            if not xobjects:
                continue
            for name, ref in xobjects.get_object().items():
                obj = ref.get_object()
                if obj.get("/Subtype") != "/Image" or name in out:
                    continue
                # As the manifest records it (imaging.PreparedImage.sha256): the JPEG stream
                # itself for DCTDecode, the decoded pixel samples for FlateDecode.
                filters = obj.get("/Filter")
                flate = filters == "/FlateDecode" or (
                    isinstance(filters, list) and "/FlateDecode" in filters
                )
                raw = obj.get_data() if flate else getattr(obj, "_data", b"")
                # reportlab prefixes form names with "FormXob."
                key = str(name).lstrip("/").removeprefix("FormXob.")
                out[key] = hashlib.sha256(raw).hexdigest()
        return out


class _Attachments(Mapping[str, bytes]):
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


def read_dossier(path: Path) -> DossierData:
    """Open a PDF and index its attachments; VerifyError when it cannot be parsed."""
    try:
        # An open file, not a path: given a path, pypdf reads the whole file into memory.
        reader = PdfReader(open(path, "rb"))  # noqa: SIM115 - lives as long as the reader
        pages = len(reader.pages)
        files: dict[str, Any] = {}
        for ef in reader.attachment_list:
            files[ef.alternative_name or ef.name] = ef
        attachments = _Attachments(files)
        info = {k: str(v) for k, v in (reader.metadata or {}).items()}
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise VerifyError(
            f"{path.name} cannot be read as a PDF ({exc})",
            "check that the file is the dossier and is complete",
        ) from exc
    return DossierData(pages, attachments, info, reader)


def check_output(path: Path, pages: int, names: list[str]) -> None:
    """Re-open a written dossier and check page count and attachments (OutputError if not)."""
    try:
        data = read_dossier(path)
    except VerifyError as exc:
        raise OutputError(
            f"the written dossier does not parse: {exc.message}", "report a bug"
        ) from exc
    if data.pages != pages:
        raise OutputError(f"{path.name} has {data.pages} pages, expected {pages}", "report a bug")
    missing = [n for n in names if n not in data.attachments]
    if missing:
        raise OutputError(f"{path.name} lacks attachments {missing}", "report a bug")
