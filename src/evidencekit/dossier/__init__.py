"""The build stage: audit result -> numbered, fingerprinted PDF dossier (``build`` orders the steps).

May import ``case``, ``rules`` and the shared values; ``render/`` is the only reportlab user and
``postprocess`` the only pypdf user.
"""
