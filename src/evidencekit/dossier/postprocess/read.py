"""Opening a dossier with pypdf: its pages, attachments, document info and images, and the
check after writing. Every pypdf failure becomes the one plain VerifyError of ``unreadable``."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject

from evidencekit.dossier import seal
from evidencekit.dossier.pdfwindow import Attachments, Window
from evidencekit.errors import OutputError, VerifyError


@dataclass(frozen=True)
class DossierData:
    pages: int
    attachments: Mapping[str, bytes]
    """Unicode name (``/UF``, else ``/F``) -> content (read on access)."""
    info: dict[str, str]
    reader: PdfReader
    path: Path = Path()

    def parts_hint(self) -> list[str]:
        """The ``/EKParts`` a re-saved file may still carry in its trailer (qpdf and pikepdf
        keep unknown trailer keys): names what changed, proves nothing. [] if none."""
        try:
            v = self.reader.trailer.get("/EKParts")
        except PDF_ERRORS:
            return []
        raw = getattr(v, "original_bytes", v)  # pypdf may read hex bytes as a text string
        raw = bytes(raw) if isinstance(raw, bytes) else b""
        n = seal.PART_BYTES
        return [raw[i : i + n].hex() for i in range(0, len(raw) - n + 1, n)]

    def page_text(self, index: int) -> str:
        try:
            return self.reader.pages[index].extract_text() or ""
        except PDF_ERRORS as exc:
            raise unreadable(self.path, exc) from exc

    def content_size(self) -> int:
        """Stored bytes of every page's content streams (to bound text extraction)."""
        try:
            total = 0
            for page in self.reader.pages:
                c = page.get("/Contents")
                c = c.get_object() if c is not None else None
                for s in c if isinstance(c, ArrayObject) else [c] if c is not None else []:
                    total += len(getattr(s.get_object(), "_data", b""))
            return total
        except PDF_ERRORS as exc:
            raise unreadable(self.path, exc) from exc

    def attachment(self, name: str, cap: int) -> bytes:
        """An attachment's content; VerifyError when unreadable or larger than ``cap``."""
        try:
            spec = self.attachments._files[name]  # type: ignore[attr-defined]
            raw = spec.content
        except PDF_ERRORS as exc:
            raise unreadable(self.path, exc) from exc
        if len(raw) > cap:
            raise VerifyError(
                f"{self.path.name} is not a valid dossier: its {name} is too large to check",
                "give the dossier PDF that `evidencekit build` wrote",
            )
        return bytes(raw)

    def attachment_sha256(self, name: str) -> str:
        try:
            return hashlib.sha256(self.attachments[name]).hexdigest()
        except PDF_ERRORS as exc:
            raise unreadable(self.path, exc) from exc

    def image_hashes(self) -> dict[str, str]:
        """XObject name -> SHA-256 of each image, as the manifest records it.

        The renderer names each exhibit image ``EK<first 24 hex of its SHA-256>``.
        """
        try:
            return self._image_hashes()
        except PDF_ERRORS as exc:
            raise unreadable(self.path, exc) from exc

    def _image_hashes(self) -> dict[str, str]:
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


def read_dossier(path: Path, length: int | None = None) -> DossierData:
    """Open a PDF (only its first ``length`` bytes when given) and index its attachments;
    VerifyError when it cannot be parsed."""
    try:
        # An open file, not a path: given a path, pypdf reads the whole file into memory.
        f: Any = open(path, "rb")  # noqa: SIM115 - lives as long as the reader
        reader = PdfReader(cast(Any, f if length is None else Window(f, length)))
        pages = len(reader.pages)
        files: dict[str, Any] = {}
        for ef in reader.attachment_list:
            files[ef.alternative_name or ef.name] = ef
        attachments = Attachments(files)
        info = {k: str(v) for k, v in (reader.metadata or {}).items()}
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise unreadable(path, exc) from exc
    return DossierData(pages, attachments, info, reader, path)


def unreadable(path: Path, exc: BaseException) -> VerifyError:
    """The one plain sentence for a PDF pypdf cannot (or will not, over its limits) read."""
    what = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return VerifyError(
        f"{path.name} is not a valid dossier: it cannot be read as a PDF ({what})",
        "check that the file is the dossier and is complete",
    )


PDF_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError)
"""What reading a malformed PDF may raise (callers turn it into ``unreadable``)."""


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
