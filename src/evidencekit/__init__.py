"""evidencekit: numbered, verifiable evidence dossiers for marketplace disputes."""

__version__ = "0.1.0"
