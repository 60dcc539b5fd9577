"""Proving a dossier unchanged: ``verify`` re-derives the fingerprint, ``signing`` adds PAdES
signatures and RFC 3161 timestamps (``timestamp`` runs ``stamp``), ``anchors`` checks them.

May import ``dossier`` (the manifest format and the PDF reader), ``case`` and the shared values.
"""
