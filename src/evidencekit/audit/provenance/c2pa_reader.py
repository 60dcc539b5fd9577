"""Content Credentials (C2PA 2.x) through c2pa-python: the only module that imports it.

Trust: the signer must chain to the official C2PA trust list (bundled in rules/trust with its
source, date and licence), plus any PEM file named by ``EVIDENCEKIT_C2PA_TRUST`` (a user's own
roots, e.g. a company camera fleet). Validation codes are C2PA 2.1 section 15.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from evidencekit._io import Source, size_of
from evidencekit._io import reader as open_view
from evidencekit.audit.provenance import NONE, Provenance

MAX_BYTES = 1 << 30
"""Checking a manifest hashes the whole file; above 1 GiB the file is graded unchecked."""
UNTRUSTED = "signingCredential.untrusted"
AI_SOURCES = (
    "trainedAlgorithmicMedia",
    "compositeWithTrainedAlgorithmicMedia",
    "algorithmicMedia",
    "compositeSynthetic",
)
"""IPTC digital source types for generated media (cv.iptc.org/newscodes/digitalsourcetype)."""
EDITS = frozenset(
    {
        "c2pa.edited",
        "c2pa.color_adjustments",
        "c2pa.cropped",
        "c2pa.drawing",
        "c2pa.filtered",
        "c2pa.placed",
        "c2pa.removed",
        "c2pa.resized.perceptible",
    }
)
"""Perceptible transformations (C2PA actions list); re-encoding or metadata edits are not."""


def may_have_manifest(window: bytes) -> bool:
    """A JUMBF box labelled c2pa is somewhere in the window (cheap pre-check, no false none)."""
    return b"jumb" in window and b"c2pa" in window


@lru_cache(maxsize=1)
def _anchors() -> str:
    text = resources.files("evidencekit.rules").joinpath("trust/C2PA-TRUST-LIST.pem")
    pem = text.read_text(encoding="utf-8")
    extra = os.environ.get("EVIDENCEKIT_C2PA_TRUST", "")
    if extra:
        try:
            pem += "\n" + Path(extra).read_text(encoding="utf-8")
        except OSError:
            pass  # a missing extra list only means fewer trusted signers
    return pem


def read(path: Path | Source, media_type: str, window: bytes) -> Provenance:
    try:
        import c2pa
    except ImportError:
        return Provenance(grade="unchecked")
    try:
        if size_of(path) > MAX_BYTES:
            return Provenance(grade="unchecked")
        ctx = c2pa.Context.from_dict(
            {"verify": {"verify_trust": True}, "trust": {"trust_anchors": _anchors()}}
        )
        with open_view(path) as f:
            reader = c2pa.Reader(media_type, f, context=ctx)
            state = reader.get_validation_state() or ""
            store = json.loads(reader.json())
    except Exception as exc:  # noqa: BLE001 - c2pa raises its own error family for any damage
        name = type(exc).__name__
        if "NotFound" in name or "NotSupported" in name or "UnsupportedType" in name:
            return NONE
        return Provenance(grade="invalid", failures=(f"manifest.unreadable: {name}",))
    return _from_store(store, state)


def _from_store(store: dict[str, Any], state: str) -> Provenance:
    active = store.get("manifests", {}).get(store.get("active_manifest", ""), {})
    info = active.get("signature_info") or {}
    gen = active.get("claim_generator_info") or []
    generator = (
        " ".join(str(x) for x in (gen[0].get("name", ""), gen[0].get("version", "")) if x)
        if gen and isinstance(gen[0], dict)
        else str(active.get("claim_generator", ""))
    )
    actions, sources = _actions(active)
    codes = _failures(store)
    grade = {"Trusted": "trusted", "Valid": "valid"}.get(state, "invalid")
    if grade == "invalid" and not codes:
        codes = (state or "unknown",)
    success = {s.get("code") for s in _results(store, "success")}
    signer = ", ".join(str(x) for x in (info.get("common_name"), info.get("issuer")) if x)
    signed = str(info.get("time") or "")
    return Provenance(
        grade=grade,
        generator=generator[:120],
        signer=signer[:160],
        actions=actions,
        ai_generated=any(s.rsplit("/", 1)[-1] in AI_SOURCES for s in sources),
        edited=any(a in EDITS for a in actions),
        captured=any(s.endswith("/digitalCapture") for s in sources),
        signed_at=signed,
        tsa_time=signed if {"timeStamp.trusted", "timeStamp.validated"} & success else "",
        failures=codes if grade == "invalid" else (),
    )


def _actions(manifest: dict[str, Any]) -> tuple[tuple[str, ...], list[str]]:
    names: list[str] = []
    sources: list[str] = []
    for a in manifest.get("assertions") or []:
        if not str(a.get("label", "")).startswith("c2pa.actions"):
            continue
        for act in (a.get("data") or {}).get("actions") or []:
            if isinstance(act, dict):
                names.append(str(act.get("action", "")))
                if act.get("digitalSourceType"):
                    sources.append(str(act["digitalSourceType"]))
    return tuple(names[:50]), sources


def _results(store: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    active = (store.get("validation_results") or {}).get("activeManifest") or {}
    return [r for r in active.get(kind) or [] if isinstance(r, dict)]


def _failures(store: dict[str, Any]) -> tuple[str, ...]:
    codes = [str(r.get("code")) for r in _results(store, "failure")]
    codes += [
        str(s.get("code")) for s in store.get("validation_status") or [] if isinstance(s, dict)
    ]
    return tuple(dict.fromkeys(c for c in codes if c and c != UNTRUSTED))
