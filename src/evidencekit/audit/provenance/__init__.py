"""Provenance of one file: Content Credentials (C2PA) and China's AI-content labels (GB 45438-2025).

``read_provenance`` never raises and reads a bounded window of the file. The C2PA side needs the
optional ``c2pa`` extra (``c2pa_reader`` is the only module importing c2pa-python); without it a
file that carries a manifest is graded "unchecked", never "none". The AIGC label side is a plain
XMP pattern match (``aigc``) and always runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidencekit._io import Source

GRADES = ("trusted", "valid", "invalid", "unchecked", "none")
"""trusted: the signature chains to the bundled C2PA trust list; valid: intact, but the signer is
not on the list; invalid: a check failed (the file changed after signing, or a bad signature);
unchecked: a manifest is present but the c2pa extra is not installed; none: no manifest."""


@dataclass(frozen=True)
class Provenance:
    grade: str = "none"
    generator: str = ""
    """The claim generator (the camera or editing app that signed)."""
    signer: str = ""
    """The signing certificate's subject (common name, organisation)."""
    actions: tuple[str, ...] = ()
    """C2PA action names in manifest order, e.g. ``c2pa.created``, ``c2pa.edited``."""
    ai_generated: bool = False
    """An action's digitalSourceType says trained-algorithmic (generative AI) media."""
    edited: bool = False
    """The manifest records a perceptible edit (crop, colour, drawing, filter, ...)."""
    captured: bool = False
    """The manifest says digital capture (a camera took it)."""
    signed_at: str = ""
    """Signing time as the signer states it (ISO 8601), '' when absent."""
    tsa_time: str = ""
    """Time from a trusted timestamp in the manifest (RFC 3161), '' when absent."""
    failures: tuple[str, ...] = ()
    """Failed C2PA validation codes (``assertion.dataHash.mismatch`` ...), for ``invalid``."""
    aigc: tuple[tuple[str, str], ...] = ()
    """GB 45438-2025 implicit label fields (Label, ContentProducer, ProduceID, ...), sorted."""

    @property
    def present(self) -> bool:
        return self.grade != "none" or bool(self.aigc)

    def to_json(self) -> dict[str, Any]:
        return {
            "grade": self.grade,
            "generator": self.generator,
            "signer": self.signer,
            "actions": list(self.actions),
            "ai_generated": self.ai_generated,
            "edited": self.edited,
            "captured": self.captured,
            "signed_at": self.signed_at,
            "tsa_time": self.tsa_time,
            "failures": list(self.failures),
            "aigc_label": dict(self.aigc),
        }


NONE = Provenance()


def read_provenance(path: Path | Source, media_type: str) -> Provenance:
    """What the file says about its own origin; NONE when it says nothing."""
    from evidencekit.audit.provenance import aigc, c2pa_reader

    head = aigc.read_window(path)
    label = aigc.find_label(head, media_type)
    c2pa = c2pa_reader.read(path, media_type, head) if c2pa_reader.may_have_manifest(head) else NONE
    if not label:
        return c2pa
    from dataclasses import replace

    return replace(c2pa, aigc=label)
