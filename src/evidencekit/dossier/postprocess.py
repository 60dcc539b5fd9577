"""Reading dossiers back (verify, and the check after writing): the only module that imports
pypdf. Attachments and document info are written by the renderer (render/embed.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from evidencekit.errors import OutputError, VerifyError


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
