"""The shape of an embedded manifest, checked before any of it is used: the manifest comes
from the other side's file (issue 19: ``files`` a string, entries without ``path``,
``fingerprint: 5`` must be "not a valid dossier", never a traceback)."""

from __future__ import annotations

import re
from typing import Any

_HEX64 = re.compile(r"[0-9a-f]{64}")


def manifest_shape(m: dict[str, Any]) -> str:
    """Why the manifest is not one evidencekit writes ("" when its shape is right)."""
    if not isinstance(m.get("fingerprint"), str) or not _HEX64.fullmatch(m["fingerprint"]):
        return "its fingerprint is not a SHA-256"
    files = m.get("files")
    if not isinstance(files, list):
        return "its file list is not a list"
    for i, f in enumerate(files, 1):
        if not isinstance(f, dict) or not isinstance(f.get("path"), str):
            return f"file entry {i} has no path"
        if not isinstance(f.get("sha256"), str) or not _HEX64.fullmatch(f["sha256"]):
            return f"file entry {i} has no SHA-256"
        emb = f.get("embedded")
        if emb is not None and not (isinstance(emb, dict) and isinstance(emb.get("sha256"), str)):
            return f"file entry {i} has a malformed image record"
    for key in ("skipped",):
        if key in m and not (isinstance(m[key], list) and all(isinstance(x, str) for x in m[key])):
            return f"its {key} list is malformed"
    cf, vol = m.get("case_file"), m.get("volume")
    if cf is not None and not (isinstance(cf, dict) and isinstance(cf.get("sha256"), str)):
        return "its case file record is malformed"
    if vol is not None and not (
        isinstance(vol, dict) and isinstance(vol.get("elsewhere", []), list)
    ):
        return "its volume record is malformed"
    return ""
