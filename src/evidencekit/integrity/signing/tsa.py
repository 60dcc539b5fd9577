"""RFC 3161 document timestamps (PAdES, ``/SubFilter /ETSI.RFC3161``): preparing the update
deterministically, the request, embedding the token, and checking the timestamps a dossier
carries (the package docstring says why the update is deterministic)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evidencekit.errors import TimestampError
from evidencekit.integrity.signing.pades import INSTALL_HINT
from evidencekit.integrity.timestamp_status import TimestampStatus

# --- RFC 3161 document timestamps ---------------------------------------------------------

FIELD = "evidencekit-timestamp"
"""Name of the timestamp's signature field (``-2``, ``-3`` … for later stamps)."""
RESERVED = 32768
"""Hex digits reserved in ``/Contents``: a token of up to 16 KB (a TSA's chain is 3-8 KB)."""
MD = "sha256"
GM_OIDS = "1.2.156.10197."
"""China's commercial-cryptography arc (SM2 1.2.156.10197.1.301, SM3 .1.401, SM2-with-SM3
.1.501): no Python library here verifies SM2 signatures."""


class _Request(Exception):
    """Raised out of pyHanko's flow to stop after the request was made (two-step stamp)."""

    def __init__(self, tsq: bytes, digest: bytes) -> None:
        super().__init__("request made")
        self.tsq, self.digest = tsq, digest


def _need_pyhanko() -> None:
    try:
        import pyhanko  # noqa: F401
    except ImportError:
        raise TimestampError(
            "timestamps need pyHanko, which is not installed", INSTALL_HINT
        ) from None


def _answering(answer: Callable[[bytes, Any], Any]) -> Any:
    from pyhanko.sign.timestamps import TimeStamper

    class Answer(TimeStamper):
        async def async_timestamp(self, message_digest: bytes, md_algorithm: str) -> Any:
            return answer(message_digest, self)

    return Answer()


def _stamped(data: bytes, answer: Callable[[bytes, Any], Any]) -> bytes:
    """``data`` with a document timestamp appended; ``answer(digest, stamper)`` returns the
    token for the digest of the prepared bytes (or raises)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.general import SigningError

    n = len(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures)
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    own = generic.ByteStringObject(hashlib.sha256(data).digest()[:16])
    writer._document_id = generic.ArrayObject([writer._document_id[0], own])
    # and no /ModDate "now" in /Info (nor pyHanko in /Producer): the same bytes every time
    writer._update_meta = lambda: None  # type: ignore[method-assign]
    field = FIELD if n == 0 else f"{FIELD}-{n + 1}"
    out = io.BytesIO()
    stamper = signers.PdfTimeStamper(_answering(answer), field_name=field)
    try:
        stamper.timestamp_pdf(writer, MD, bytes_reserved=RESERVED, output=out)
    except SigningError as exc:
        raise TimestampError(
            f"the timestamp cannot be embedded: {exc}", "ask the TSA for a smaller token"
        ) from None
    return out.getvalue()


def timestamp_request(pdf: Path) -> tuple[bytes, bytes]:
    """(the DER RFC 3161 request for ``pdf``, the digest it asks for); ``pdf`` is untouched."""
    _need_pyhanko()

    def answer(digest: bytes, stamper: Any) -> Any:
        _, req = stamper.request_cms(digest, MD)
        raise _Request(req.dump(), digest)

    try:
        _stamped(pdf.read_bytes(), answer)
    except _Request as made:
        return made.tsq, made.digest
    raise AssertionError("pyHanko did not ask for the timestamp")  # pragma: no cover


def stamp_with_response(pdf: Path, tsr: bytes) -> bytes:
    """``pdf``'s bytes with the token of ``tsr`` (a TimeStampResp or a bare token) embedded;
    TimestampError when it is not a token for this dossier's prepared bytes."""
    _need_pyhanko()
    token = _token(tsr)
    return _stamped(pdf.read_bytes(), lambda digest, _: _matching(token, digest))


def stamp_online(pdf: Path, post: Callable[[bytes], bytes]) -> bytes:
    """``pdf``'s bytes with a timestamp from the TSA that ``post(request) -> response`` asks."""
    _need_pyhanko()
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError, handle_tsp_response

    def answer(digest: bytes, stamper: Any) -> Any:
        nonce, req = stamper.request_cms(digest, MD)
        res = _response(post(req.dump()))
        try:
            token = handle_tsp_response(res, nonce)
        except TimestampRequestError as exc:
            raise TimestampError(str(exc), "check the TSA URL and its account") from None
        return _matching(token, digest)

    return _stamped(pdf.read_bytes(), answer)


def _response(raw: bytes) -> Any:
    from asn1crypto import tsp

    try:
        res = tsp.TimeStampResp.load(raw)
        res.native  # noqa: B018 - parse it all now: a lazy parse fails later, deep inside
    except (ValueError, TypeError, KeyError) as exc:
        raise TimestampError(
            f"the TSA's answer is not an RFC 3161 response ({exc})", "check the TSA URL"
        ) from None
    return res


def _token(raw: bytes) -> Any:
    """The token in a .tsr file: a TimeStampResp (status granted) or a bare token."""
    from asn1crypto import cms

    try:
        token = cms.ContentInfo.load(raw)
        if token["content_type"].native == "signed_data":
            token.native  # noqa: B018
            return token
    except (ValueError, TypeError, KeyError):
        pass
    res = _response(raw)
    if res["status"]["status"].native != "granted":
        why = "; ".join(res["status"]["status_string"].native or []) or "no reason given"
        raise TimestampError(f"the TSA refused the request: {why}", "make a new request")
    return res["time_stamp_token"]


def _matching(token: Any, digest: bytes) -> Any:
    """``token`` when its imprint is ``digest`` (SHA-256); TimestampError otherwise."""
    try:
        info = token["content"]["encap_content_info"]["content"].parsed
        imprint = info["message_imprint"]
        alg = imprint["hash_algorithm"]["algorithm"].native
        got = imprint["hashed_message"].native
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise TimestampError(f"the timestamp token is unreadable ({exc})", "") from None
    if alg != MD or got != digest:
        raise TimestampError(
            "the timestamp token is not for this dossier: it covers "
            f"{alg} {got.hex()[:16]}…, the dossier's timestamped bytes are {MD} "
            f"{digest.hex()[:16]}…",
            "make the request from this very file (stamp DOSSIER.pdf --request OUT.tsq) and "
            "send that request to the TSA",
        )
    return token


def load_roots(pem: Path) -> list[Any]:
    """The certificates in a PEM (one or more) or DER file, for ``check_timestamps``."""
    from asn1crypto import pem as armor
    from asn1crypto import x509

    try:
        raw = pem.read_bytes()
        blobs = (
            [der for _, _, der in armor.unarmor(raw, multiple=True)] if b"-----" in raw else [raw]
        )
        certs = [x509.Certificate.load(b) for b in blobs]
        for c in certs:
            c.native  # noqa: B018
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise TimestampError(
            f"cannot read the TSA certificate {pem.name} ({exc})",
            "give the TSA's root certificate as a PEM file (--tsa-cert CA.pem)",
        ) from None
    if not certs:
        raise TimestampError(f"{pem.name} holds no certificate", "give a PEM certificate file")
    return certs


def check_timestamps(pdf: Path, roots: Sequence[Any] = ()) -> list[TimestampStatus] | None:
    """Every document timestamp in ``pdf``; None when pyHanko is not installed. Never opens a
    connection: revocation is not fetched, trust is the ``roots`` given or none."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
    except ImportError:
        return None
    import logging

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    out = []
    with open(pdf, "rb") as f:
        try:
            sigs = list(PdfFileReader(f, strict=False).embedded_signatures)
        except Exception as exc:  # a mangled file is reported, never crashes verify
            return [_unreadable("?", exc)]
        for sig in sigs:
            if sig.sig_object_type != "/DocTimeStamp":
                continue
            try:
                out.append(_timestamp_status(sig, list(roots)))
            except Exception as exc:
                out.append(_unreadable(sig.field_name or "?", exc))
    return out


def _unreadable(field: str, exc: Exception) -> TimestampStatus:
    return TimestampStatus(
        field, "", "?", "?", False, False, None,
        f"the timestamp token is unreadable ({type(exc).__name__})",
    )  # fmt: skip


def _timestamp_status(sig: Any, roots: list[Any]) -> TimestampStatus:
    from pyhanko.sign.validation import validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    signed = sig.signed_data
    info = signed["encap_content_info"]["content"].parsed
    when = info["gen_time"].native
    imprint = info["message_imprint"]
    alg_oid = imprint["hash_algorithm"]["algorithm"].dotted
    alg = _algorithm_name(imprint["hash_algorithm"]["algorithm"].native)
    si = signed["signer_infos"][0]
    oids = {alg_oid, si["digest_algorithm"]["algorithm"].dotted}
    oids.add(si["signature_algorithm"]["algorithm"].dotted)
    base = {
        "field": sig.field_name or "",
        "time": when.astimezone(UTC).isoformat() if isinstance(when, datetime) else str(when),
        "tsa": _tsa_name(info, sig),
        "algorithm": alg,
    }
    if any(o.startswith(GM_OIDS) for o in oids):
        got = imprint["hashed_message"].native
        mine = _own_digest(sig, alg)
        return TimestampStatus(
            **base,
            matches=None if mine is None else mine == got,
            valid=None,
            trusted=None,
            problem="algorithm not supported (SM2/SM3): the TSA's signature cannot be checked "
            "here; check the token with the TSA's own verifier",
        )
    context = ValidationContext(trust_roots=roots, allow_fetching=False, moment=when)
    status = validate_pdf_timestamp(sig, context)
    return TimestampStatus(
        **base,
        matches=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted) if roots else None,
        problem="" if status.intact and status.valid else _why(status),
    )


def _why(status: Any) -> str:
    if not status.intact:
        return "the token does not match the document: the timestamped bytes changed"
    return "the TSA's signature on the token is broken"


def _algorithm_name(native: Any) -> str:
    name = str(native)
    return {"1.2.156.10197.1.401": "sm3"}.get(name, name)


def _own_digest(sig: Any, alg: str) -> bytes | None:
    """The digest of the bytes the token covers, with hashlib (OpenSSL has SM3)."""
    try:
        h = hashlib.new(alg)
    except ValueError:
        return None
    stream = sig.reader.stream
    br = list(sig.byte_range)
    for start, length in zip(br[0::2], br[1::2], strict=True):
        stream.seek(int(start))
        h.update(stream.read(int(length)))
    return h.digest()


def _tsa_name(info: Any, sig: Any) -> str:
    tsa = info["tsa"]
    if tsa.native is not None and tsa.name == "directory_name":
        return str(tsa.chosen.human_friendly)
    if tsa.native is not None:
        return str(tsa.native)
    try:
        return str(sig.signer_cert.subject.human_friendly)
    except Exception:
        return "?"
