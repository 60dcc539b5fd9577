"""The dossier manifest: what the dossier contains and where it came from.

The fingerprint printed on every page is the SHA-256 of the manifest's canonical JSON
(sorted keys, no whitespace, UTF-8) *without* the ``fingerprint`` field, so it can be
computed before rendering and re-computed by ``verify`` from the attachment alone.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from evidencekit.dossier.imaging import PreparedImage
from evidencekit.models import AuditResult

SCHEMA = "evidencekit.manifest/1"
ATTACHMENT_NAME = "manifest.json"


def attachment_name(path: str) -> str:
    """The attachment name of the original at case-relative ``path``: the path itself, except
    that a case file named like the manifest is attached as ``./manifest.json`` (the same
    relative path), so neither hides the other when a reader looks attachments up by name."""
    return "./" + path if path == ATTACHMENT_NAME else path


CASE_FIELDS = (
    "platform",
    "order_id",
    "title",
    "buyer",
    "seller",
    "buyer_type",
    "claim",
    "refund_type",
    "amount",
    "currency",
    "timezone",
)


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def fingerprint(manifest: dict[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k != "fingerprint"}
    return hashlib.sha256(canonical(body)).hexdigest()


def build_manifest(
    result: AuditResult,
    *,
    version: str,
    created: datetime,
    lang: str,
    exhibits: dict[str, str],
    images: dict[str, PreparedImage],
    not_embedded: dict[str, str],
    attach_originals: bool,
    case_file: dict[str, Any] | None,
    not_attached: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The manifest, fingerprint included.

    ``exhibits`` maps path -> exhibit number, ``images`` path -> what is embedded,
    ``not_embedded`` path -> i18n reason key for files that are listed but not shown.
    """
    files = []
    for it in result.items:
        redacted = it.path in images and images[it.path].transform == "redacted"
        entry: dict[str, Any] = {
            "path": it.path,
            "sha256": it.sha256,
            "size": it.source.size,
            "media_type": it.source.media_type,
            "category": it.source.category.value,
            "exhibit": exhibits.get(it.path),
            # A redacted file's original is never attached: that would undo the redaction.
            "attached": attach_originals and not redacted and it.path not in (not_attached or {}),
            "embedded": None,
        }
        if not_attached and it.path in not_attached:
            entry["not_attached"] = not_attached[it.path]
        img = images.get(it.path)
        if img is not None:
            entry["embedded"] = {
                "transform": img.transform,
                "filter": img.filter,
                "width": img.width,
                "height": img.height,
                "orientation": img.orientation,
                "sha256": img.sha256,
                "detail": img.detail,
            }
        else:
            entry["not_embedded"] = not_embedded.get(it.path, "why_failed")
        files.append(entry)
    manifest: dict[str, Any] = {
        "schema": SCHEMA,
        "tool": {"name": "evidencekit", "version": version},
        "created": created.replace(microsecond=0).isoformat(),
        "lang": lang,
        "folder": result.root_name,
        "case": {k: getattr(result.case, k) for k in CASE_FIELDS},
        "case_file": case_file,
        "files": files,
        "skipped": list(result.skipped),
    }
    if attach_originals:
        # Recorded because "attached" per file cannot say it when every file is redacted:
        # `verify --case` rebuilds with the options the manifest states.
        manifest["options"] = {"attach_originals": True}
    manifest["fingerprint"] = fingerprint(manifest)
    return manifest


def dump(manifest: dict[str, Any]) -> bytes:
    """The attachment's bytes: readable JSON (the fingerprint does not depend on layout)."""
    return (json.dumps(manifest, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode()
