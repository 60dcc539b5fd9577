"""Helpers for tests and the bundled sample case (not used by the pipeline itself)."""
