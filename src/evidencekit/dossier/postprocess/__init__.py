"""Reading dossiers back (verify, and the check after writing): the only package that imports
pypdf. Attachments and document info are written by the renderer (render/embed.py).

``read``: opening a dossier (pages, attachments, info, images) and checking a written one.
``digests``: the seal's part digests, and writing the seal.

Every pypdf failure (malformed objects, its stream limits: ``LimitReachedError``, pypdf >= 7)
becomes a VerifyError with one plain sentence: the file comes from the other side.
"""

from __future__ import annotations

from evidencekit.dossier.postprocess.digests import part_digests, seal_output
from evidencekit.dossier.postprocess.read import (
    PDF_ERRORS,
    DossierData,
    check_output,
    read_dossier,
    unreadable,
)

__all__ = [
    "PDF_ERRORS",
    "DossierData",
    "check_output",
    "part_digests",
    "read_dossier",
    "seal_output",
    "unreadable",
]
