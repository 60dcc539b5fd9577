"""verify's checks of the updates a dossier may carry after its seal: PAdES signatures and
RFC 3161 document timestamps (checked by pyHanko through the signing package), and that every update
after the build is one of them, so no other edit hides behind a signature or a timestamp.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evidencekit.integrity import signing
from evidencekit.integrity.changes import Check
from evidencekit.integrity.timestamp_status import TimestampStatus


def anchor_checks(
    pdf: Path, length: int, roots: Sequence[Any] | None
) -> tuple[list[Check], list[TimestampStatus]]:
    """Checks of every signature and timestamp after the first ``length`` bytes, and the
    timestamps found. ``roots``: the TSA roots from ``--tsa-cert`` (None: none given)."""
    after = signing.unsigned_updates(pdf, length)
    if after is None:
        why = "pyHanko is not installed (pip install 'evidencekit[sign]')"
        return [
            Check("signature", False, f"the signature or timestamp cannot be checked: {why}")
        ], []
    out = _signature_checks(pdf)
    stamps = signing.check_timestamps(pdf, list(roots or [])) or []
    for t in stamps:
        out.append(Check(f"timestamp:{t.field}", t.ok(bool(roots)), t.describe()))
    unsigned, trailing = after
    if unsigned:
        what = f"{len(unsigned)} incremental update(s) after the build carry no signature or "
        out.append(Check("appended.unsigned", False, what + "timestamp: the file was edited"))
    if trailing:
        what = f"{trailing:,} bytes follow the last signature or timestamp"
        out.append(Check("appended.after", False, what))
    if not out:
        out.append(Check("signature", False, "no signature or timestamp could be read"))
    return out, stamps


def _signature_checks(pdf: Path) -> list[Check]:
    sigs = signing.check_signatures(pdf)
    out = []
    for s in sigs or []:
        trust = "trusted" if s.trusted else "not from a trusted authority"
        detail = f"signed by {s.signer} ({trust}); changes after signing: {s.modification}"
        if not s.intact:
            detail = f"signature by {s.signer} is broken: the signed bytes changed"
        out.append(Check(f"signature:{s.field}", s.ok, detail))
    return out
