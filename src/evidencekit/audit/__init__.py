"""The audit stage: metadata, capture times, pixel checks and findings for every file (``pipeline``).

May import ``case``, ``rules`` and the shared values; never ``dossier``, ``outputs`` or a face.
``report`` turns an AuditResult into the terminal and JSON views.
"""
