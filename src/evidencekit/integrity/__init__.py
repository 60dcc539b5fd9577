"""Proving a dossier unchanged: ``verify`` re-derives the fingerprint, ``signing`` adds PAdES.

May import ``dossier`` (the manifest format and the PDF reader), ``case`` and the shared values.
"""
