"""Optional PAdES signatures and RFC 3161 document timestamps on a finished dossier, and their
checks (the only pyHanko and asn1crypto user; timestamp.py drives the stamp).

Signing is an incremental update appended to the finished, self-checked PDF, so everything the
dossier's manifest and fingerprint cover stays byte-identical underneath; ``verify`` checks both
the manifest and the signature. A signature carries its signing time, so a signed dossier is
reproducible only up to the signature itself (the unsigned revision is).

A document timestamp (PAdES, ``/SubFilter /ETSI.RFC3161``) is the same kind of update, whose
``/Contents`` hold a TSA's token over the bytes of the ``/ByteRange``. The update is prepared
deterministically (a fixed field name and reservation, the trailer's second ``/ID`` derived
from the file instead of random, and /Info left as built instead of dated "now"), so the offline two-step stamp prepares the same bytes, and so
the same digest, when it writes the request and when it embeds the response.

pyHanko is an optional extra: ``pip install 'evidencekit[sign]'``.
"""

from evidencekit.integrity.signing.pades import (
    INSTALL_HINT,
    SignatureStatus,
    check_signatures,
    load_signer,
    sign_pdf,
    unsigned_updates,
)
from evidencekit.integrity.signing.tsa import (
    FIELD,
    GM_OIDS,
    MD,
    RESERVED,
    check_timestamps,
    load_roots,
    stamp_online,
    stamp_with_response,
    timestamp_request,
)

__all__ = [
    "FIELD",
    "GM_OIDS",
    "INSTALL_HINT",
    "MD",
    "RESERVED",
    "SignatureStatus",
    "check_signatures",
    "check_timestamps",
    "load_roots",
    "load_signer",
    "sign_pdf",
    "stamp_online",
    "stamp_with_response",
    "timestamp_request",
    "unsigned_updates",
]
