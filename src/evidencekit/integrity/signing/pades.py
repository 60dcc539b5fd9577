"""PAdES signatures on a finished dossier (signing an incremental update, checking every
signature a dossier carries), and which updates after the build sign nothing."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidencekit._io import atomic_output
from evidencekit.errors import EvidenceKitError, OutputError

INSTALL_HINT = "install the signing extra: pip install 'evidencekit[sign]'"
# pyHanko imports cryptography's DSA, which warns on every run; nothing here uses DSA.
warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")


@dataclass(frozen=True)
class SignatureStatus:
    field: str
    signer: str
    """Subject of the signing certificate, in human-readable form."""
    intact: bool
    """The signed bytes are unchanged (the cryptographic check)."""
    trusted: bool
    """The certificate chains to a trusted root (False for self-signed certificates)."""
    covers_whole_file: bool
    """Nothing was appended after signing, or only what PAdES allows."""
    modification: str
    """pyHanko's modification level: NONE, LTA_UPDATES, FORM_FILLING, ANNOTATIONS, OTHER."""
    signing_time: str = ""

    @property
    def ok(self) -> bool:
        return self.intact and self.modification in ("NONE", "LTA_UPDATES")


def load_signer(p12: Path, passphrase: str | None = None) -> Any:
    """Load the PKCS#12 key first, so a wrong passphrase fails before any work is done."""
    try:
        from pyhanko.sign import signers
    except ImportError:
        raise EvidenceKitError(
            "signing needs pyHanko, which is not installed", INSTALL_HINT
        ) from None
    try:
        signer = signers.SimpleSigner.load_pkcs12(
            pfx_file=str(p12), passphrase=passphrase.encode() if passphrase else None
        )
    except (OSError, ValueError) as exc:
        signer, why = None, f": {exc}"
    else:
        why = ""
    if signer is None:
        raise OutputError(
            f"cannot load the signing key {p12.name}{why}",
            "check the passphrase (--sign-passphrase) and that the file holds a key and certificate",
        )
    return signer


def sign_pdf(pdf: Path, signer: Any) -> None:
    """Sign ``pdf`` in place (atomically) with a signer from ``load_signer``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name="evidencekit",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="evidencekit dossier: exhibits and manifest as built",
    )
    with open(pdf, "rb") as f:
        writer = IncrementalPdfFileWriter(io.BytesIO(f.read()))
    out = io.BytesIO()
    signers.sign_pdf(writer, meta, signer=signer, output=out)
    with atomic_output(pdf) as tmp:
        tmp.write_bytes(out.getvalue())


def check_signatures(pdf: Path) -> list[SignatureStatus] | None:
    """Status of every signature in ``pdf``; None when pyHanko is not installed."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext
    except ImportError:
        return None
    import logging

    # pyHanko logs a self-signed certificate as a validation error; we report trust ourselves.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    try:
        return _check(pdf, PdfFileReader, validate_pdf_signature, ValidationContext)
    except Exception as exc:  # a mangled signature must be reported, never crash verify
        return [
            SignatureStatus(
                field="?",
                signer=f"unreadable signature ({type(exc).__name__})",
                intact=False,
                trusted=False,
                covers_whole_file=False,
                modification="OTHER",
            )
        ]


def _check(pdf: Path, reader_cls: Any, validate: Any, context_cls: Any) -> list[SignatureStatus]:
    out = []
    with open(pdf, "rb") as f:
        reader = reader_cls(f, strict=False)
        for sig in reader.embedded_signatures:
            if sig.sig_object_type == "/DocTimeStamp":  # check_timestamps reports those
                continue
            status = validate(sig, context_cls(allow_fetching=False, trust_roots=[]))
            level = status.modification_level
            coverage = status.coverage
            out.append(
                SignatureStatus(
                    field=sig.field_name or "",
                    signer=sig.signer_cert.subject.human_friendly,
                    intact=bool(status.intact),
                    trusted=bool(status.trusted),
                    covers_whole_file=coverage is not None and coverage.name == "ENTIRE_FILE",
                    modification=level.name if level is not None else "OTHER",
                    signing_time=str(status.signer_reported_dt or ""),
                )
            )
    return out


def unsigned_updates(pdf: Path, length: int) -> tuple[list[int], int] | None:
    """(the revisions after the first ``length`` bytes that add no signature or document
    timestamp, the bytes after the end of the last signed revision); each PAdES update is one
    revision carrying one signature. None without pyHanko."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
    except ImportError:
        return None
    with open(pdf, "rb") as f:
        try:
            reader = PdfFileReader(f, strict=False)
            xrefs = reader.xrefs
            later = [
                r
                for r in range(xrefs.total_revisions)
                if xrefs.get_startxref_for_revision(r) >= length
            ]
            sigs = reader.embedded_signatures
            signed = {s.signed_revision for s in sigs}
            end = max((int(s.byte_range[2]) + int(s.byte_range[3]) for s in sigs), default=0)
            size = f.seek(0, 2)
        except Exception:  # unreadable: counts as an unsigned update
            return [-1], 0
    return [r for r in later if r not in signed], max(0, size - max(end, length))
